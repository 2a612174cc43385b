/*
 * Element access and arithmetic shared by the NEON helper files.
 * A register operand is the byte array starting at env->vfp_d[reg]: with a
 * little-endian host, element i of size s of a D or Q register sits at
 * byte i << s, and a Q register's two D halves are contiguous.
 */
#ifndef XRUN_ARM_NEON_HELPER_H
#define XRUN_ARM_NEON_HELPER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "frontends/arm/neon.h"

static inline uint8_t *neon_reg(CPUARMState *env, int reg) { return (uint8_t *)&env->vfp_d[reg]; }

static inline uint64_t neon_get(const uint8_t *p, int i, int size)
{
    switch (size) {
    case 0: return p[i];
    case 1: { uint16_t v; memcpy(&v, p + 2 * i, 2); return v; }
    case 2: { uint32_t v; memcpy(&v, p + 4 * i, 4); return v; }
    default: { uint64_t v; memcpy(&v, p + 8 * i, 8); return v; }
    }
}

static inline void neon_set(uint8_t *p, int i, int size, uint64_t v)
{
    switch (size) {
    case 0: p[i] = (uint8_t)v; break;
    case 1: { uint16_t x = (uint16_t)v; memcpy(p + 2 * i, &x, 2); break; }
    case 2: { uint32_t x = (uint32_t)v; memcpy(p + 4 * i, &x, 4); break; }
    default: memcpy(p + 8 * i, &v, 8); break;
    }
}

/* v (an element of 8 << size bits) as a signed or unsigned 128-bit value. */
static inline __int128 neon_ext(uint64_t v, int size, bool is_unsigned)
{
    int bits = 8 << size;
    if (is_unsigned) {
        return bits == 64 ? (__int128)v : (__int128)(v & ((1ull << bits) - 1));
    }
    return (__int128)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* Clamps v to the range of an element, setting FPSCR.QC when it does. */
static inline uint64_t neon_sat(CPUARMState *env, __int128 v, int size, bool is_unsigned)
{
    int bits = 8 << size;
    __int128 lo = is_unsigned ? 0 : -((__int128)1 << (bits - 1));
    __int128 hi = is_unsigned ? ((__int128)1 << bits) - 1 : ((__int128)1 << (bits - 1)) - 1;
    if (v < lo) {
        env->fpscr |= NEON_FPSCR_QC;
        v = lo;
    } else if (v > hi) {
        env->fpscr |= NEON_FPSCR_QC;
        v = hi;
    }
    return (uint64_t)v;
}

static inline uint64_t neon_ones(int size) { return size == 3 ? ~0ull : (1ull << (8 << size)) - 1; }

/* v * 2^n without the undefined behaviour of shifting a negative value. */
static inline __int128 neon_shl128(__int128 v, int n)
{
    return v * ((__int128)1 << n);
}

/* Shift by a signed amount (VSHL/VRSHL/VQSHL/VQRSHL semantics): positive
 * left, negative right; round adds half of the last bit shifted out. */
static inline __int128 neon_shift(__int128 v, int sh, bool round)
{
    if (sh >= 64) {
        /* Every non-zero element overflows (and its low 64 bits are 0):
         * a value of the right sign beyond any element's range says so
         * without overflowing __int128, as v * 2^64 would for v >= 2^63. */
        return v == 0 ? 0 : v > 0 ? (__int128)1 << 126 : -((__int128)1 << 126);
    }
    if (sh >= 0) {
        return neon_shl128(v, sh);
    }
    int n = -sh > 100 ? 100 : -sh;
    if (round) {
        v += (__int128)1 << (n - 1);
    }
    return v >> n;
}

/* Helpers of neon_fp_helper.c used by the integer-table files. */
uint32_t neon_fp_binop(CPUARMState *env, int op, uint32_t a, uint32_t b);
uint32_t neon_fp_unop(CPUARMState *env, int op, uint32_t a, int arg);

#endif

/* Float ops of neon_fp_binop and neon_fp_unop (neon_fp_helper.c). */
enum {
    NFP_ADD, NFP_SUB, NFP_MUL, NFP_ABD, NFP_MAX, NFP_MIN, NFP_CEQ, NFP_CGE, NFP_CGT,
    NFP_ACGE, NFP_ACGT, NFP_RECPS, NFP_RSQRTS, NFP_CLE, NFP_CLT,
};
enum {
    NFP_ABS, NFP_NEG, NFP_RECPE, NFP_RSQRTE, NFP_CVT_FROM_S, NFP_CVT_FROM_U, NFP_CVT_TO_S, NFP_CVT_TO_U,
};
/* d + a * b fused (VFMA) with the Standard FPSCR value. */
uint32_t neon_fp_fma(CPUARMState *env, uint32_t d, uint32_t a, uint32_t b);
uint32_t neon_recpe_u32(uint32_t a);
uint32_t neon_rsqrte_u32(uint32_t a);
