/*
 * ARMv8.2 half-precision Advanced SIMD: the op numbers shared by
 * translate-neon-fp16.c and neon_fp16_helper.c.
 *
 * helper_neon_fp16(env, desc) takes a neon_desc (neon.h) with vd, vn, vm,
 * q and an NHP_* op; extra is the fraction bits of the fixed-point
 * conversions, the NHP_RM_* rounding mode of VRINT and VCVT{A,N,P,M}, or
 * the lane of a by-scalar op (whose vm is then the D register).
 */
#ifndef XRUN_ARM_NEON_FP16_H
#define XRUN_ARM_NEON_FP16_H

#include <stdint.h>

#include "frontends/arm/vfp_helper.h"

enum {
    /* Three registers: d = n op m, lane by lane. */
    NHP_ADD,
    NHP_SUB,
    NHP_MUL,
    NHP_ABD,
    NHP_MLA,
    NHP_MLS,
    NHP_FMA,
    NHP_FMS,
    NHP_CEQ,
    NHP_CGE,
    NHP_CGT,
    NHP_ACGE,
    NHP_ACGT,
    NHP_MAX,
    NHP_MIN,
    NHP_RECPS,
    NHP_RSQRTS,
    NHP_MAXNM,
    NHP_MINNM,
    /* Pairwise (D registers only). */
    NHP_PADD,
    NHP_PMAX,
    NHP_PMIN,
    /* By scalar: m is lane extra of Dvm. */
    NHP_MUL_S,
    NHP_MLA_S,
    NHP_MLS_S,
    /* Two registers. */
    NHP_ABS,
    NHP_NEG,
    NHP_CGT0,
    NHP_CGE0,
    NHP_CEQ0,
    NHP_CLE0,
    NHP_CLT0,
    NHP_RECPE,
    NHP_RSQRTE,
    NHP_RINT,
    NHP_RINTX,
    NHP_FIX_TO_H,
    NHP_UFIX_TO_H,
    NHP_H_TO_FIX,
    NHP_H_TO_UFIX,
    NHP_H_TO_INT_RM,
    NHP_H_TO_UINT_RM,
    NHP_N_OPS
};
_Static_assert(NHP_N_OPS <= 256, "the op field of neon_desc is 8 bits");
/* helper_neon_fp16 dispatches on these ranges: three registers, pairwise,
 * by scalar, then two registers. */
_Static_assert(NHP_MINNM + 1 == NHP_PADD && NHP_PMIN + 1 == NHP_MUL_S && NHP_MLS_S + 1 == NHP_ABS,
               "NHP_* groups in order");

/* Rounding modes in extra: the FPROUND_* values and ties-away. */
enum {
    NHP_RM_N = FPROUND_RN,
    NHP_RM_P = FPROUND_RP,
    NHP_RM_M = FPROUND_RM,
    NHP_RM_Z = FPROUND_RZ,
    NHP_RM_A = V8FP_RMODE_TIEAWAY,
};

void helper_neon_fp16(void *env, uint32_t desc);

#endif
