/*
 * A64 scalar floating point: the helpers translate-a64-fp.c calls
 * (a64-fp-helper.c) and the desc values they take. Values are raw bits:
 * a single in the low 32 bits of an i64, a double in all 64.
 */
#ifndef XRUN_ARM_A64_FP_H
#define XRUN_ARM_A64_FP_H

#include <stdint.h>

#include "frontends/arm/a64-cpu.h"

/* helper_a64_farith operations (desc bits 7:0). */
enum {
    A64_FADD, A64_FSUB, A64_FMUL, A64_FDIV, A64_FSQRT, A64_FNMUL,
    A64_FMAX, A64_FMIN, A64_FMAXNM, A64_FMINNM,
    A64_FMADD, A64_FMSUB, A64_FNMADD, A64_FNMSUB,
};

/* desc: bits 7:0 the operation (helper_a64_farith) or the V8FP_*
 * rounding and option bits (frint, f2i), bit 8 double precision, bit 10
 * half precision (neither: single), bit 9 signalling compare / signed
 * source, bits 23:16 fraction bits, bits 31:24 the integer width (32 or
 * 64; for helper_a64_frint, nonzero selects FRINT32* or FRINT64*). */
enum {
    A64_FP_DOUBLE = 1 << 8,
    A64_FP_HALF = 1 << 10,
    A64_FCMP_SIGNAL = 1 << 9,   /* FCMPE: any NaN raises IOC */
    A64_CVT_SIGNED = 1 << 9,    /* helper_a64_i2f: signed source */
    A64_FP_FBITS_SHIFT = 16,
    A64_FP_WIDTH_SHIFT = 24,
};

/* a OP b (FSQRT: a only; fused forms: a * b + c, c the addend). */
uint64_t helper_a64_farith(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t desc);
/* The same for FADD FSUB FMUL FDIV FSQRT: fp_arith's fallback. */
uint64_t helper_a64_farith2(void *env, uint64_t a, uint64_t b, uint64_t desc);
/* FPCompare(a, b) as NZCV in bits 3:0. */
uint64_t helper_a64_fcmp(void *env, uint64_t a, uint64_t b, uint64_t desc);
/* FCVT: desc bits 1:0 the source type, 3:2 the destination (0 S, 1 D, 3 H). */
uint64_t helper_a64_fcvt(void *env, uint64_t a, uint64_t desc);
/* FRINT*: desc bits 7:0 the V8FP_* rounding and V8FP_EXACT; a width
 * (32 or 64) makes it FPRoundIntN. */
uint64_t helper_a64_frint(void *env, uint64_t a, uint64_t desc);
/* FPToFixed: desc bits 7:0 the V8FP_* rounding | V8FP_SIGNED. */
uint64_t helper_a64_f2i(void *env, uint64_t a, uint64_t desc);
/* FixedToFP under FPCR.RMode: desc A64_CVT_SIGNED, fbits, source width. */
uint64_t helper_a64_i2f(void *env, uint64_t x, uint64_t desc);
/* FJCVTZS: Dn converted as JavaScript's ToInt32 in bits 31:0; bit 32 set
 * when the conversion was inexact or out of range (Z clear). */
uint64_t helper_a64_fjcvtzs(void *env, uint64_t a);

/* MRS FPSR / MSR FPSR (a64_fpsr_read / a64_fpsr_write). */
uint64_t helper_a64_get_fpsr(void *env);
void helper_a64_set_fpsr(void *env, uint64_t val);

#endif
