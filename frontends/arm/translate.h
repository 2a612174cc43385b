/*
 * AArch32 translation: the context and the helpers that A32, T32, VFP and
 * NEON translators share.
 *
 * Decoders are generated from the .decode files by tools/decodetree.py.
 * Each pattern calls a trans_<NAME>(DisasContext *s, arg_<set> *a) that
 * builds IR and returns true, or returns false *before emitting anything*
 * when the encoding is UNDEFINED.  A T32 encoding reuses an A32 handler by
 * naming the same pattern with the same argument set, for example
 *
 *     t32.decode:  &s_rrr_shi s rd rn rm shim shty !extern
 *                  ADD_rrri  1110 1011 000 . .... 0 ... .... .. .. ....  @s_rrr_shi
 *
 * Handlers read registers with load_reg() (pc reads as insn + 8 in ARM,
 * + 4 in Thumb) and write them with store_reg() (a pc write ends the TB).
 * Where ARM and Thumb differ, the handler looks at s->thumb.
 */
#ifndef XRUN_ARM_TRANSLATE_H
#define XRUN_ARM_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "frontends/arm/cpu.h"
#include "xrun/ir.h"
#include "xrun/translator.h"

/* How an insn ends the TB, beyond the common DISAS_* values. */
enum {
    DISAS_JUMP = DISAS_TARGET_0,   /* pc (and thumb) already stored: look the next TB up */
    DISAS_UPDATE_EXIT,             /* store pc_next and return to the exec loop */
    DISAS_UPDATE_NOCHAIN,          /* store pc_next and look the next TB up */
};

typedef struct DisasContext {
    DisasContextBase base;         /* must be first */
    IRContext *ir;
    uint32_t pc_curr;              /* address of the insn being translated */
    uint32_t insn;                 /* its encoding (T32: hw1 << 16 | hw2) */
    bool thumb;
    bool sctlr_b;
    uint32_t condexec_bits;        /* ITSTATE for insn_start; maintained by T32 */
    int condexec_cond;             /* T32: condition of the current IT insn */
    int condexec_mask;             /* T32: remaining IT mask, 0 outside IT */
    int condlabel;                 /* taken when the insn's condition fails */
    bool condjmp;                  /* condlabel is in use for this insn */
    int vec_len, vec_stride;       /* FPSCR.LEN/STRIDE from the TB flags */
    int mmu_idx;
    uint32_t features;             /* ARM_FEATURE_* of the cpu */
    /* System mode (ARM_TBFLAG_SYS_MASK); all false in user mode. */
    bool sys;                      /* privileged insns exist (translate-sys.c) */
    bool priv;                     /* PL1: MMU index, MRS SPSR, MCR, CPS, ... */
    bool vfp_en;                   /* VFP/NEON enabled (CPACR, FPEXC.EN) */
    bool align;                    /* SCTLR.A: every access checks alignment */
    bool fp_access;                /* CPACR grants cp10 to this privilege */
} DisasContext;

static inline bool arm_feature(const DisasContext *s, uint32_t f) { return (s->features & f) == f; }

/* -- Globals (registered by arm_guest_arch.init_globals in cpu.c) -- */

extern IRTemp cpu_R[16];
extern IRTemp cpu_NF, cpu_ZF, cpu_CF, cpu_VF, cpu_QF, cpu_GE;
extern IRTemp cpu_exclusive_addr; /* i32, -1 when the monitor is open */
extern IRTemp cpu_exclusive_val;  /* i64: value(s) seen by ldrex */

/* -- Decoder field functions (used from the .decode files) -- */

static inline int times_2(DisasContext *s, int x) { return x * 2; }
static inline int times_4(DisasContext *s, int x) { return x * 4; }
static inline int plus_1(DisasContext *s, int x) { return x + 1; }
static inline int negate(DisasContext *s, int x) { return -x; }

/* -- Entry points -- */

/* Translates one TB (arm_guest_arch.translate). */
void arm_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns);

/* Each returns true if it translated insn (including by raising UDEF). */
bool arm_decode_vfp(DisasContext *s, uint32_t insn);
bool arm_decode_neon(DisasContext *s, uint32_t insn);
/* The ARMv8 crypto insns (translate-v8.c), tried first by arm_decode_neon. */
bool arm_decode_v8_crypto(DisasContext *s, uint32_t insn);
/* The ARMv8 VFP and Advanced SIMD floating-point insns (translate-vfp-v8.c),
 * tried first by arm_decode_vfp and arm_decode_neon. */
bool arm_decode_v8_fp(DisasContext *s, uint32_t insn);
/* ARMv8.2 Advanced SIMD .F16 (translate-neon-fp16.c); A32-form insn. */
bool arm_decode_neon_fp16(DisasContext *s, uint32_t insn);
/* The ARMv8.2 half-precision VFP insns (translate-vfp-fp16.c). */
bool arm_decode_fp16(DisasContext *s, uint32_t insn);
/* NEON VCVT.F16.F32 Dd, Qm (to_half) or VCVT.F32.F16 Qd, Dm (translate-vfp-v8.c). */
bool neon_gen_vcvt_half(DisasContext *s, int vd, int vm, int size, bool to_half);
/* Translates one Thumb insn at s->base.pc_next (translate-thumb.c). */
void thumb_translate_insn(DisasContext *s);

/* -- System mode (translate-sys.c) -- */

/* The system-mode A32 (conditional space) and T32 insns that the
 * user-mode decoders do not know: MCRR/MRRC, HVC, SMC, and in T32 SUBS pc,
 * lr, SRS and RFE. Tried first when s->sys; true if translated. */
bool arm_decode_sys(DisasContext *s, uint32_t insn);
bool thumb_decode_sys(DisasContext *s, uint32_t insn);
/* True (and UNDEF emitted) for a VFP/NEON insn while VFP is disabled.
 * insn is in A32 form (Thumb: as thumb_decode_coproc converts it). */
bool arm_sys_vfp_trap(DisasContext *s, uint32_t insn);
/* The privileged forms of insns user mode also decodes. */
bool arm_sys_mrs(DisasContext *s, int r, int rd);
bool arm_sys_msr(DisasContext *s, int r, int mask, IRTemp val);
bool arm_sys_cps(DisasContext *s);
bool arm_sys_srs(DisasContext *s, int p, int u, int w, int mode);
bool arm_sys_rfe(DisasContext *s, int p, int u, int w, int rn);
bool arm_sys_wfi(DisasContext *s);
bool arm_sys_cp_access(DisasContext *s, int cp, bool is64, int opc1, int crn, int crm, int opc2, int rt,
                       int rt2, bool read);
/* CPSR = SPSR and pc = var (aligned for the new state); back to the loop. */
void arm_gen_exception_return(DisasContext *s, IRTemp pc);

/* -- Registers -- */

/* The value of pc as an operand: insn + 8 (ARM) or + 4 (Thumb). */
static inline uint32_t read_pc(DisasContext *s) { return s->pc_curr + (s->thumb ? 4 : 8); }

/* A fresh temp holding register reg. */
IRTemp load_reg(DisasContext *s, int reg);
void load_reg_var(DisasContext *s, IRTemp var, int reg);
/* reg + ofs, where pc reads as Align(pc, 4) as literal addressing wants. */
IRTemp add_reg_for_lit(DisasContext *s, int reg, int ofs);
/* Plain write; a pc write is BranchWritePC (no interworking) and ends the TB. */
void store_reg(DisasContext *s, int reg, IRTemp var);
/* ALUWritePC: interworking in ARM state (ARMv7), plain branch in Thumb. */
void store_reg_bx(DisasContext *s, int reg, IRTemp var);
/* LoadWritePC: always interworking. */
void store_reg_from_load(DisasContext *s, int reg, IRTemp var);

/* -- Flags -- */

void gen_set_nz(DisasContext *s, IRTemp var);
/* dest = a op b and NZCV from it; dest may alias a or b. */
void gen_add_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);
void gen_sub_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);
void gen_adc_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);
void gen_sbc_CC(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);
/* dest = a + b + C and dest = a - b - !C without flags. */
void gen_adc(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);
void gen_sbc(DisasContext *s, IRTemp dest, IRTemp a, IRTemp b);

/* -- Shifter operands (shty: 0 LSL, 1 LSR, 2 ASR, 3 ROR) -- */

/* Immediate shift with the A32/T32 encoding (LSR/ASR #0 = #32, ROR #0 = RRX).
 * When set_cf, CF becomes the shifter carry-out. Returns a new temp. */
IRTemp arm_shift_im(DisasContext *s, IRTemp val, int shty, int shim, bool set_cf);
/* Shift by the bottom byte of amount (register-shifted register). */
IRTemp arm_shift_reg(DisasContext *s, IRTemp val, int shty, IRTemp amount, bool set_cf);

/* -- Conditions and control flow -- */

/* Branches to label when ARM condition cond (0-14) holds / fails. */
void arm_gen_cond_branch(DisasContext *s, int cond, int label);
void arm_gen_test_cc(DisasContext *s, int cond, int label);
/* Sets s->condlabel and skips the insn when cond fails (cond != AL). */
void arm_skip_unless(DisasContext *s, int cond);

/* Direct branch through goto_tb slot n; ends the TB. */
void gen_goto_tb(DisasContext *s, int n, uint32_t dest);
/* Direct branch to dest (slot 0), keeping the instruction set. */
void gen_jmp(DisasContext *s, uint32_t dest);
/* Indirect branch with interworking: bit 0 of var selects Thumb. */
void gen_bx(DisasContext *s, IRTemp var);
/* Emits the indirect exit: pc is already in cpu_R[15]. */
void gen_lookup_and_goto_ptr(DisasContext *s);

/* Raises excp with pc = the given guest pc; ends the TB. */
void gen_exception(DisasContext *s, int excp, uint32_t pc);
/* Raises excp at the current insn (pc = pc_curr). */
void gen_exception_insn(DisasContext *s, int excp);
/* UNDEFINED instruction: EXCP_UDEF at the current insn. Returns true so
 * handlers can `return unallocated_encoding(s);`. */
bool unallocated_encoding(DisasContext *s);

/* -- Guest memory (little-endian, the TB's mmu index) -- */

void gen_aa32_ld(DisasContext *s, IRTemp val, IRTemp addr, unsigned memop);
void gen_aa32_st(DisasContext *s, IRTemp val, IRTemp addr, unsigned memop);

/* Stores var into the CPUARMState field at offset (i32). */
void gen_store_env_i32(DisasContext *s, IRTemp var, int offset);
void gen_movi_env_i32(DisasContext *s, int offset, uint32_t val);

/* -- Helpers called from generated code (helper.c) -- */

/* helper_lookup_tb_ptr and helper_raise_exception come from translator.h. */

uint32_t helper_arm_sdiv(uint32_t n, uint32_t m);
uint32_t helper_arm_udiv(uint32_t n, uint32_t m);
uint32_t helper_arm_cpsr_read(void *env);
void helper_arm_cpsr_write(void *env, uint32_t val, uint32_t mask);
uint32_t helper_arm_rbit(uint32_t x);
/* Saturating: these set env->QF on saturation. */
uint32_t helper_arm_qadd(void *env, uint32_t a, uint32_t b);
uint32_t helper_arm_qsub(void *env, uint32_t a, uint32_t b);
uint32_t helper_arm_qdadd(void *env, uint32_t a, uint32_t b);
uint32_t helper_arm_qdsub(void *env, uint32_t a, uint32_t b);
uint32_t helper_arm_ssat(void *env, uint32_t x, uint32_t bits);
uint32_t helper_arm_usat(void *env, uint32_t x, uint32_t bits);
uint32_t helper_arm_ssat16(void *env, uint32_t x, uint32_t bits);
uint32_t helper_arm_usat16(void *env, uint32_t x, uint32_t bits);
/* Parallel add/sub: op is the ARM_PAR_* kind; the GE-setting ones write env->GE. */
uint32_t helper_arm_parallel(void *env, uint32_t a, uint32_t b, uint32_t op);
uint32_t helper_arm_sel(uint32_t a, uint32_t b, uint32_t ge);
uint32_t helper_arm_usad8(uint32_t a, uint32_t b);
/* a + b + c in full precision, truncated; sets Q when that changed the value. */
uint32_t helper_arm_add3_setq(void *env, uint32_t a, uint32_t b, uint32_t c);

/* System mode (sys_helper.c). */
uint32_t helper_arm_spsr_read(void *env);
void helper_arm_spsr_write(void *env, uint32_t val, uint32_t mask);
void helper_arm_sys_cpsr_write(void *env, uint32_t val, uint32_t mask);
void helper_arm_exception_return(void *env, uint32_t pc);
void helper_arm_rfe(void *env, uint32_t pc, uint32_t cpsr);
uint64_t helper_arm_cp_read(void *env, uint64_t reg);
void helper_arm_cp_write(void *env, uint64_t reg, uint64_t val);
void helper_arm_cp_check(void *env, uint64_t reg, uint32_t write);
void helper_arm_wfi(void *env);
uint32_t helper_arm_banked_read(void *env, uint32_t mode, uint32_t reg);
void helper_arm_banked_write(void *env, uint32_t mode, uint32_t reg, uint32_t val);

/* Parallel add/sub kinds: prefix (S, Q, SH, U, UQ, UH) * 6 + op. */
enum { ARM_PAR_ADD16, ARM_PAR_ASX, ARM_PAR_SAX, ARM_PAR_SUB16, ARM_PAR_ADD8, ARM_PAR_SUB8 };
enum { ARM_PAR_S, ARM_PAR_Q, ARM_PAR_SH, ARM_PAR_U, ARM_PAR_UQ, ARM_PAR_UH };

#endif
