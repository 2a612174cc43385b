/*
 * The scalar reference of the vector ops for the vector unit tests: what
 * each op computes, element by element, in plain C. A vector is 16 bytes
 * in host (little-endian) order, element i of size 1 << vece bytes at
 * byte i << vece.
 */
#ifndef XRUN_TESTS_VEC_REF_H
#define XRUN_TESTS_VEC_REF_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "xrun/ir.h"

/* The tests' pseudo-random numbers (xorshift64; *state never 0). */
static inline uint64_t vref_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static inline uint64_t vref_get(const uint8_t *v, unsigned vece, unsigned i)
{
    uint64_t x = 0;
    memcpy(&x, v + (i << vece), 1u << vece);
    return x;
}

static inline void vref_set(uint8_t *v, unsigned vece, unsigned i, uint64_t x)
{
    memcpy(v + (i << vece), &x, 1u << vece);
}

static inline int64_t vref_sext(uint64_t x, unsigned bits)
{
    return bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static inline uint64_t vref_sat_signed(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)((1ull << (bits - 1)) - 1), min = -max - 1;
    return (uint64_t)(v > max ? max : v < min ? min : v);
}

static inline uint64_t vref_sat_unsigned(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)((1ull << bits) - 1);
    return (uint64_t)(v > max ? max : v < 0 ? 0 : v);
}

/* One element of opc(a, b); n is the shift count, cond the comparison. */
static inline uint64_t vref_elem(IROpcode opc, unsigned vece, uint64_t a, uint64_t b, unsigned n,
                                 IRCond cond)
{
    unsigned bits = 8u << vece;
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    int64_t sa = vref_sext(a, bits), sb = vref_sext(b, bits);
    bool unsigned_cond = cond >= IR_COND_LTU;
    uint64_t r;
    switch (opc) {
    case IR_OP_add_vec: r = a + b; break;
    case IR_OP_sub_vec: r = a - b; break;
    case IR_OP_mul_vec: r = a * b; break;
    case IR_OP_neg_vec: r = -a; break;
    case IR_OP_abs_vec: r = sa < 0 ? -a : a; break;
    case IR_OP_and_vec: r = a & b; break;
    case IR_OP_or_vec: r = a | b; break;
    case IR_OP_xor_vec: r = a ^ b; break;
    case IR_OP_andc_vec: r = a & ~b; break;
    case IR_OP_orc_vec: r = a | ~b; break;
    case IR_OP_not_vec: r = ~a; break;
    case IR_OP_shli_vec: case IR_OP_shls_vec: r = a << (n % bits); break;
    case IR_OP_shri_vec: case IR_OP_shrs_vec: r = a >> (n % bits); break;
    case IR_OP_sari_vec: case IR_OP_sars_vec: r = (uint64_t)(sa >> (n % bits)); break;
    case IR_OP_cmp_vec:
        r = ir_cond_eval(cond, IR_I64, unsigned_cond ? a : (uint64_t)sa, unsigned_cond ? b : (uint64_t)sb)
                ? ~0ull : 0;
        break;
    case IR_OP_smin_vec: r = sa < sb ? a : b; break;
    case IR_OP_smax_vec: r = sa > sb ? a : b; break;
    case IR_OP_umin_vec: r = a < b ? a : b; break;
    case IR_OP_umax_vec: r = a > b ? a : b; break;
    case IR_OP_ssadd_vec: r = vref_sat_signed(sa + sb, bits); break;
    case IR_OP_sssub_vec: r = vref_sat_signed(sa - sb, bits); break;
    case IR_OP_usadd_vec: r = vref_sat_unsigned((int64_t)(a + b), bits); break;
    case IR_OP_ussub_vec: r = vref_sat_unsigned((int64_t)a - (int64_t)b, bits); break;
    default: cr_assert_fail("no reference for %s", ir_op_defs[opc].name); return 0;
    }
    return r & m;
}

/* out = opc(a, b) over all 16 bytes (out may be a or b). */
static inline void vref_op(IROpcode opc, unsigned vece, const uint8_t *a, const uint8_t *b, unsigned n,
                           IRCond cond, uint8_t *out)
{
    uint8_t r[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(r, vece, i, vref_elem(opc, vece, vref_get(a, vece, i), b ? vref_get(b, vece, i) : 0, n, cond));
    memcpy(out, r, 16);
}

/* out = (m & a) | (~m & b) */
static inline void vref_bitsel(const uint8_t *m, const uint8_t *a, const uint8_t *b, uint8_t *out)
{
    uint8_t r[16];
    for (int i = 0; i < 16; i++)
        r[i] = (uint8_t)((m[i] & a[i]) | (~m[i] & b[i]));
    memcpy(out, r, 16);
}

/* out = the permute opc (zip1/zip2/uzp1/uzp2) of a and b over type t:
 * the 8 (v64) or 16 bytes of each input, laid end to end as b:a, give
 * the elements; out may be a or b. */
static inline void vref_permute(IROpcode opc, IRType t, unsigned vece, const uint8_t *a, const uint8_t *b,
                                uint8_t *out)
{
    unsigned bytes = t == IR_V64 ? 8 : 16, n = bytes >> vece;
    uint8_t cat[32], r[16] = {0};
    memcpy(cat, a, bytes);
    memcpy(cat + bytes, b, bytes);
    for (unsigned k = 0; k < n; k++) {
        unsigned from; /* element of cat */
        if (opc == IR_OP_zip1_vec || opc == IR_OP_zip2_vec)
            from = (k & 1) * n + k / 2 + (opc == IR_OP_zip2_vec ? n / 2 : 0);
        else
            from = 2 * k + (opc == IR_OP_uzp2_vec);
        vref_set(r, vece, k, vref_get(cat, vece, from));
    }
    memcpy(out, r, bytes);
}

#endif
