/*
 * A64 translation: the context and the helpers the A64 translators share.
 *
 * The decoder comes from a64.decode through tools/decodetree.py, which
 * calls a64_trans_<NAME>(DisasContext *s, arg_<NAME> *a) for the first
 * pattern that matches; a handler returns false *before emitting
 * anything* when the encoding is unallocated, and the insn raises UDEF.
 * One pattern covers an encoding class, its opcode bits left as fields,
 * so "adds w0, w1, #4" reaches a64_trans_ADDSUB_i with sf=0 op=0 s=1:
 *
 *     t = x1 + 4 (64-bit add of the zero-extended operands)
 *     CF = t >> 32; NF = t << 32; ZF = NF; VF = overflow << 32
 *     x0 = ext32u(t)
 *
 * Register 31 is XZR or SP depending on the operand: handlers say which
 * by calling a64_read_x/a64_write_x (XZR) or a64_read_sp/a64_write_sp.
 */
#ifndef XRUN_ARM_A64_TRANSLATE_H
#define XRUN_ARM_A64_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "frontends/arm/a64-cpu.h"
#include "xrun/ir.h"
#include "xrun/translator.h"

/* How an insn ends the TB, beyond the common DISAS_* values. */
enum {
    A64_DISAS_JUMP = DISAS_TARGET_0,  /* pc already stored: look the next TB up */
    A64_DISAS_UPDATE_EXIT,            /* store pc_next and return to the exec loop */
    A64_DISAS_UPDATE_NOCHAIN,         /* store pc_next and look the next TB up */
};

typedef struct DisasA64 {
    DisasContextBase base;            /* must be first */
    IRContext *ir;
    uint64_t pc_curr;                 /* address of the insn being translated */
    uint32_t insn;
    int mmu_idx;
    /* The cpu model's: fixed for the life of a process (every thread
     * runs the one model -cpu chose), so reading them at translate time
     * never lets a TB of one model run on a cpu of another. */
    uint32_t features;                /* A64_FEATURE_* of the cpu */
    uint32_t midr;                    /* MIDR_EL1 */
    bool fp_nearest;                  /* the TB's A64_TB_FP_NEAREST */
    /* The S/D values scalar FP insns last read or wrote (translate-a64-fp.c),
     * so that a chain of them passes values in temps instead of through
     * env. Valid across consecutive insns that set fp_keep: any other
     * insn may write V registers, so the next one starts afresh. */
    IRTemp fp_cache[32];
    uint8_t fp_cache_size[32];        /* MO_32 or MO_64 */
    bool fp_keep;
} DisasA64;

/* The generated decoder names its context DisasContext. */
typedef DisasA64 DisasContext;

static inline bool a64_feature(const DisasA64 *s, uint32_t f) { return (s->features & f) == f; }

/* -- Globals (registered by a64_guest_arch.init_globals) -- */

extern IRTemp a64_cpu_X[32];          /* [31] is SP */
extern IRTemp a64_cpu_pc;
extern IRTemp a64_cpu_NF, a64_cpu_ZF, a64_cpu_CF, a64_cpu_VF;
extern IRTemp a64_cpu_excl_addr, a64_cpu_excl_val, a64_cpu_excl_high;

/* -- Entry points -- */

void a64_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns);

/* -- Registers -- */

/* Xn with 31 as XZR (a constant zero). */
IRTemp a64_read_x(DisasA64 *s, int reg);
/* Xn with 31 as SP. */
IRTemp a64_read_sp(DisasA64 *s, int reg);
/* Xd = val (31: discarded); sf == 0 writes the low 32 bits, zero-extended. */
void a64_write_x(DisasA64 *s, int reg, IRTemp val, bool sf);
/* The same with 31 as SP. */
void a64_write_sp(DisasA64 *s, int reg, IRTemp val, bool sf);
/* A fresh i64 temp. */
static inline IRTemp a64_tmp(DisasA64 *s) { return ir_new_i64(s->ir); }

/* The FP value cache (DisasA64.fp_cache). clear forgets every value;
 * put records that Vn now holds v (its low size, zero-extended; the rest
 * of Vn zero) and keeps the cache for the next insn, so an insn calls it
 * only when all its V register writes go through it; get returns the temp
 * holding Vn's low size, or IR_NO_TEMP. */
static inline void a64_fp_cache_clear(DisasA64 *s)
{
    for (int i = 0; i < 32; i++) {
        s->fp_cache[i] = IR_NO_TEMP;
    }
}

static inline void a64_fp_cache_put(DisasA64 *s, int n, IRTemp v, unsigned size)
{
    s->fp_cache[n] = v;
    s->fp_cache_size[n] = (uint8_t)size;
    s->fp_keep = true;
}

static inline IRTemp a64_fp_cache_get(const DisasA64 *s, int n, unsigned size)
{
    return s->fp_cache_size[n] == size ? s->fp_cache[n] : IR_NO_TEMP;
}

/* -- Flags and conditions -- */

/* NZ from result r of width sf (C and V untouched). */
void a64_gen_nz(DisasA64 *s, IRTemp r, bool sf);
/* d = a + b / a - b / a + b + C / a - b - !C, with NZCV when setflags.
 * a and b are i64; for sf == 0 only their low 32 bits count, and d's
 * upper half is left unspecified: a64_write_x zero-extends it. */
void a64_gen_add(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags);
void a64_gen_sub(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags);
void a64_gen_adc(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags);
void a64_gen_sbc(DisasA64 *s, IRTemp d, IRTemp a, IRTemp b, bool sf, bool setflags);

/* A condition as "v cond 0" on an i64 temp. */
typedef struct A64Cmp {
    IRTemp v;
    IRCond cond;
} A64Cmp;
/* The test of A64 condition code cc (0-15; AL and NV are always). */
A64Cmp a64_gen_cond(DisasA64 *s, int cc);

/* -- Control flow and exceptions -- */

/* Ends the TB with a jump to dest (chained when allowed). */
void a64_gen_goto_tb(DisasA64 *s, int n, uint64_t dest);
/* Looks up the TB of the pc global and jumps to it. */
void a64_gen_lookup_and_goto_ptr(DisasA64 *s);
/* Raises excp with pc = pc (the exception's return address), ending the TB. */
void a64_gen_exception(DisasA64 *s, int excp, uint64_t pc);
/* UDEF at the current insn; returns true (the insn is translated). */
bool a64_unallocated(DisasA64 *s);

/* -- Guest memory -- */

void a64_gen_ld(DisasA64 *s, IRTemp val, IRTemp addr, unsigned memop);
void a64_gen_st(DisasA64 *s, IRTemp val, IRTemp addr, unsigned memop);
/* The register-offset operand: Xm/Wm extended as option says (x10 UXTW,
 * x11 LSL, 110 SXTW, 111 SXTX), shifted left by shift. */
IRTemp a64_gen_reg_offset(DisasA64 *s, int rm, int opt, int shift);
/* Raises the alignment fault (SIGBUS BUS_ADRALN) unless addr is aligned
 * to bytes (a power of two). */
void a64_gen_check_align(DisasA64 *s, IRTemp addr, unsigned bytes);

/* -- Field decoding (exported for the unit tests) -- */

/* DecodeBitMasks of a logical immediate: the 64-bit mask (a W insn uses
 * its low half), or false for a reserved encoding. */
bool a64_logic_imm_decode(uint64_t *out, int n, int imms, int immr);
/* The value EL0 reads from ID register (op0 3, op1 0, CRn 0, crm, op2) on
 * a cpu with these features and this MIDR_EL1, or false when the read is
 * UNDEFINED. */
bool a64_id_reg_value(uint32_t features, uint32_t midr, int crm, int op2, uint64_t *val);

/* -- Helpers (a64-helper.c) -- */

uint64_t helper_a64_rbit(uint64_t x);
uint64_t helper_a64_cls(uint64_t x, uint32_t sf);
/* CRC32 (castagnoli = 0) or CRC32C over the low bytes bytes of val. */
uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes, uint32_t castagnoli);
/* 128-bit compare-and-swap at guest addr (16-byte aligned, mapped and
 * writable: the translator probes it first). Stores the old value in
 * env->cas_old and returns 1 if the swap happened. */
uint64_t helper_a64_cmpxchg128(void *env, uint64_t addr, uint64_t cmp_lo, uint64_t cmp_hi, uint64_t new_lo,
                               uint64_t new_hi);
/* CNTVCT_EL0 at A64_CNTFRQ. */
uint64_t helper_a64_cntvct(void);

#endif
