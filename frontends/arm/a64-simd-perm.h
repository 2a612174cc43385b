/*
 * The AdvSIMD lane permutes, width changes and integer pairwise ops as
 * vector IR (translate-a64-simd-perm.c). Each returns false, emitting
 * nothing, for an encoding it does not cover, so that the class handler
 * in translate-a64-simd.c goes on to its other forms.
 */
#ifndef XRUN_ARM_A64_SIMD_PERM_H
#define XRUN_ARM_A64_SIMD_PERM_H

#include "frontends/arm/a64-simd.h"
#include "decode-a64-simd.h"

/* SSHLL, USHLL, SHRN, RSHRN and their "2" forms. */
bool a64_gen_shifti_width(DisasA64 *s, arg_shifti *a);
/* SADDL/UADDL, SADDW/UADDW, SSUBL/USUBL, SSUBW/USUBW, SMULL/UMULL,
 * SMLAL/UMLAL, SMLSL/UMLSL and their "2" forms. */
bool a64_gen_3diff_widen(DisasA64 *s, arg_simd3 *a);
/* XTN, SHLL and their "2" forms. */
bool a64_gen_2misc_width(DisasA64 *s, arg_simd2 *a);
/* ADDP, SMAXP, SMINP, UMAXP, UMINP (vector). */
bool a64_gen_3same_pairwise(DisasA64 *s, arg_simd3 *a);
/* ADDP (scalar). */
bool a64_gen_pair_scalar(DisasA64 *s, arg_simd2 *a);
/* LD2/LD4 (load) or ST2/ST4 of registers rt.. ((rt + k) % 32), elements
 * of 1 << size bytes, Q = q, at guest address base; false for other
 * structure sizes. */
bool a64_gen_ldst_interleaved(DisasA64 *s, bool load, bool q, int size, int rt, int selem, IRTemp base);

#endif
