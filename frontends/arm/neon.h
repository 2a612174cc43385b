/*
 * Advanced SIMD (NEON) translation: what translate-neon*.c and the helpers
 * share.  Registers are env->vfp_d[0..31]; Q register n is d(2n):d(2n+1),
 * so a Q operation is the same operation on two consecutive D registers.
 *
 * Data processing that is not inline IR calls a helper of the shape
 *     helper(env, desc)
 * where desc packs the register numbers, element size and an op number
 * (neon_desc below); the helper reads and writes env->vfp_d directly.
 */
#ifndef XRUN_ARM_NEON_H
#define XRUN_ARM_NEON_H

#include <stddef.h>
#include <stdint.h>

#include "frontends/arm/cpu.h"

#define NEON_DOFS(reg) ((int)offsetof(CPUARMState, vfp_d) + (reg) * 8)

/* FPSCR.QC: cumulative saturation, kept in env->fpscr. */
#define NEON_FPSCR_QC (1u << 27)

/*
 * Helper descriptor: bits 0-4 vd, 5-9 vn, 10-14 vm, 15-16 size,
 * 17 q (two D registers per operand), 18-25 op, 26-31 extra (a shift,
 * a lane index or a flag, per op).
 */
static inline uint32_t neon_desc(int vd, int vn, int vm, int size, int q, int op, int extra)
{
    return (uint32_t)vd | (uint32_t)vn << 5 | (uint32_t)vm << 10 | (uint32_t)size << 15 |
           (uint32_t)q << 17 | (uint32_t)op << 18 | (uint32_t)extra << 26;
}
#define NEON_D_VD(d) ((int)((d) & 31))
#define NEON_D_VN(d) ((int)(((d) >> 5) & 31))
#define NEON_D_VM(d) ((int)(((d) >> 10) & 31))
#define NEON_D_SIZE(d) ((int)(((d) >> 15) & 3))
#define NEON_D_Q(d) ((int)(((d) >> 17) & 1))
#define NEON_D_OP(d) ((int)(((d) >> 18) & 0xff))
#define NEON_D_EXTRA(d) ((int)(((d) >> 26) & 0x3f))

/* -- Three registers of the same length (neon_helper.c) -- */

/* Ops of helper_neon_3same: (A << 2 | U << 1 | B) from A7.4.1, i.e. the
 * 4-bit opcode bits 11:8, U (bit 24) and B (bit 4). */
#define NEON_3S(a, u, b) ((a) << 2 | (u) << 1 | (b))
void helper_neon_3same(void *env, uint32_t desc);
/* Float ops (opcode bits 11:8 = 1100-1111): op = 8 + an NFP_* op of
 * neon_helper.h, or 8 + (-1 VMLA, -2 VMLS, -3 VFMA, -4 VFMS); extra bit 0
 * selects the pairwise form (VPADD/VPMAX/VPMIN). */
void helper_neon_3same_fp(void *env, uint32_t desc);
/* The same for VADD/VSUB/VMUL/VMLA/VMLS.F32 only, with a fast path. */
void helper_neon_fp_arith(void *env, uint32_t desc);

/* Three registers of different lengths: op = A (bits 11:8) << 1 | U. */
void helper_neon_3diff(void *env, uint32_t desc);
/* Two registers and a scalar: op = A << 1 | U (U is Q for the non-long ops);
 * vm is the raw field M:Vm, split into register and index by size. */
void helper_neon_scalar(void *env, uint32_t desc);
/* Two registers, miscellaneous (neon_misc_helper.c): op = A (bits 17:16)
 * << 5 | B (bits 10:6), so bit 0 of op is Q. */
void helper_neon_2misc(void *env, uint32_t desc);
/* Shifts by immediate: op = A (bits 11:8) << 2 | U << 1 | bit 6 (Q, or the
 * rounding/unsigned flag of the narrowing shifts); size is the element size
 * (of the result for narrowing shifts); shift is the amount in the
 * direction the op shifts, or the fraction bits of VCVT. */
void helper_neon_shift(void *env, uint32_t desc, uint32_t shift);
/* VEXT: extra = imm4 (byte offset).  VTBL/VTBX: size = length - 1, q = VTBX. */
void helper_neon_vext(void *env, uint32_t desc);
void helper_neon_vtbl(void *env, uint32_t desc);
/* Alignment fault of a VLDn/VSTn at addr: restores the guest pc from the
 * caller's host return address and leaves with EXCP_UNALIGNED. */
_Noreturn void helper_neon_unaligned(void *env, uint32_t addr);

#endif
