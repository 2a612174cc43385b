/*
 * A64 FP and Advanced SIMD: what the translate-a64-simd*.c, -fp.c and
 * -ldst-v.c files share, and the helpers generated code calls.
 *
 * V registers are not IR globals: an insn reads and writes
 * CPUA64State.vregs through ir_ld_vec/ir_st_vec (or element-sized
 * ir_ld/ir_st), so a helper that works on whole registers may read and
 * write them directly without any sync.
 *
 * Writing a B, H, S or D register, or a 64-bit vector (Q = 0), zeroes the
 * rest of the 128-bit register: a64_write_vec/a64_write_vec_scalar do it.
 */
#ifndef XRUN_ARM_A64_SIMD_H
#define XRUN_ARM_A64_SIMD_H

#include "frontends/arm/a64-translate.h"

/* Offset of byte ofs of V register n from env. */
static inline int a64_vofs(int n, int ofs) { return A64_ENV_OFS(vregs[n]) + ofs; }

/* Decodes the insn as FP/AdvSIMD or a V-register load/store and emits it;
 * false if it is none of them or unallocated (nothing emitted). */
bool a64_simd_translate(DisasA64 *s, uint32_t insn);

/* A V128 temp holding Vn. */
IRTemp a64_read_vec(DisasA64 *s, int n);
/* Vd = v: all 128 bits when q, else the low 64 bits and zeroes above. */
void a64_write_vec(DisasA64 *s, int d, IRTemp v, bool q);
/* An i64 temp with element idx (memop size, MO_SIGN allowed) of Vn. */
IRTemp a64_read_elem(DisasA64 *s, int n, int idx, unsigned memop);
/* Element idx of Vd = low bits of val; the other elements unchanged. */
void a64_write_elem(DisasA64 *s, int d, int idx, IRTemp val, unsigned memop);
/* Vd = val zero-extended from memop's size to 128 bits (a B/H/S/D write). */
void a64_write_vec_scalar(DisasA64 *s, int d, IRTemp val, unsigned memop);

/* -- Helpers (a64-simd-helper.c) --
 *
 * The integer AdvSIMD instructions without a vector IR form run in C:
 * a64_simd_exec performs insn on env's V registers (reading X registers
 * for none of them) and returns false, changing nothing, for an
 * unallocated encoding or one whose A64_FEATURE_* env->features lacks.
 * The translator calls it once at translate time on a scratch state with
 * the cpu's features to decide UNDEF, so both verdicts are the same code.
 * A64_SIMD_3EXT is the "three same (extra)" class: SQRDMLAH/SQRDMLSH,
 * SDOT/UDOT and the FP FCMLA/FCADD. */
enum {
    A64_SIMD_3SAME, A64_SIMD_3DIFF, A64_SIMD_2MISC, A64_SIMD_ACROSS, A64_SIMD_SHIFTI,
    A64_SIMD_ELEM, A64_SIMD_PERM, A64_SIMD_EXT, A64_SIMD_TBL, A64_SIMD_PAIR, A64_SIMD_3EXT,
    A64_SIMD_3SAME_H, A64_SIMD_2MISC_H, /* the FP16 classes: FP only */
};
bool a64_simd_exec(CPUA64State *env, uint32_t insn, int cls);
void helper_a64_simd(void *env, uint64_t insn, uint64_t cls);
/* The FP encodings of the same classes (a64-simd-fp-helper.c): the
 * 128-bit result for Vd in res, FPSR updated; false, changing nothing,
 * for an encoding that is not an allocated FP one, or a half-precision
 * one without A64_FEATURE_FP16 in env->features. */
bool a64_simd_fp_exec(CPUA64State *env, uint32_t insn, int cls, uint64_t res[2]);

/* The 64-bit value of AdvSIMDExpandImm(op, cmode, imm8). */
uint64_t a64_simd_expand_imm(int op, int cmode, int imm8);
/* VFPExpandImm(imm8) as a half (FMOV Hd and FMOV .4H/.8H, immediate). */
uint64_t a64_fp16_expand_imm(int imm8);

/* PMULL/PMULL2 .1Q (translate-a64-crypto.c): the 64x64 carry-less
 * multiply of the low (q = 0) or high doublewords, UNDEFINED without
 * A64_FEATURE_AES. */
bool a64_crypto_gen_pmull64(DisasA64 *s, bool q, int rd, int rn, int rm);

/* The FPSR cumulative saturation bit. */
#define A64_FPSR_QC (1u << 27)

#endif
