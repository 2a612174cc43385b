/*
 * Unit tests of the NEON helpers (frontends/arm/neon_*helper.c): each sets
 * registers in a zeroed CPUARMState, calls a helper with a descriptor as
 * the translator builds it, and checks the result lanes and FPSCR.QC.
 * Expected values follow the ARM ARM pseudocode (DDI 0406C A8.8).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontends/arm/neon_helper.h"

static CPUARMState env;

static void setup(void)
{
    memset(&env, 0, sizeof(env));
}

TestSuite(neon, .init = setup);

static void set32(int reg, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t v[4] = {a, b, c, d};
    memcpy(&env.vfp_d[reg], v, 16);
}

static uint32_t get32(int reg, int lane)
{
    uint32_t v;
    memcpy(&v, (uint8_t *)&env.vfp_d[reg] + 4 * lane, 4);
    return v;
}

/* -- Three registers of the same length -- */

Test(neon, vqadd_s8_saturates_and_sets_qc)
{
    env.vfp_d[2] = 0x7f80017f80000000ull;
    env.vfp_d[4] = 0x01ff01017fff0000ull;
    helper_neon_3same(&env, neon_desc(0, 2, 4, 0, 0, NEON_3S(0, 0, 1), 0));
    cr_assert_eq(env.vfp_d[0], 0x7f80027fffff0000ull);
    cr_assert(env.fpscr & NEON_FPSCR_QC);
}

Test(neon, vqadd_u32_without_overflow_leaves_qc)
{
    set32(2, 1, 2, 3, 4);
    set32(4, 10, 20, 30, 40);
    helper_neon_3same(&env, neon_desc(0, 2, 4, 2, 1, NEON_3S(0, 1, 1), 0));
    cr_assert_eq(get32(0, 3), 44);
    cr_assert_eq(env.fpscr & NEON_FPSCR_QC, 0);
}

Test(neon, vrshl_negative_shift_rounds)
{
    /* Operand order as the translator passes it: value first, shift second. */
    set32(2, 5, 0xfffffffbu, 7, 1);
    set32(4, 0xffffffffu, 0xffffffffu, 0xfffffffeu, 40);
    helper_neon_3same(&env, neon_desc(0, 2, 4, 2, 1, NEON_3S(5, 0, 0), 0));
    cr_assert_eq(get32(0, 0), 3);           /* (5 + 1) >> 1 */
    cr_assert_eq(get32(0, 1), 0xfffffffeu); /* (-5 + 1) >> 1 */
    cr_assert_eq(get32(0, 2), 2);           /* (7 + 2) >> 2 */
    cr_assert_eq(get32(0, 3), 0);           /* shifted out entirely */
}

Test(neon, vqdmulh_s16_min_times_min_saturates)
{
    env.vfp_d[2] = 0x8000800040000001ull;
    env.vfp_d[4] = 0x8000400040000001ull;
    helper_neon_3same(&env, neon_desc(0, 2, 4, 1, 0, NEON_3S(11, 0, 0), 0));
    cr_assert_eq(env.vfp_d[0], 0x7fffc00020000000ull);
    cr_assert(env.fpscr & NEON_FPSCR_QC);
}

Test(neon, vpadd_i16_takes_pairs_from_each_operand)
{
    env.vfp_d[1] = 0x0004000300020001ull;
    env.vfp_d[2] = 0x0040003000200010ull;
    helper_neon_3same(&env, neon_desc(0, 1, 2, 1, 0, NEON_3S(11, 0, 1), 0));
    cr_assert_eq(env.vfp_d[0], 0x0070003000070003ull);
}

/* -- Float with the Standard FPSCR value -- */

Test(neon, fp_add_nan_gives_default_nan)
{
    cr_assert_eq(neon_fp_binop(&env, NFP_ADD, 0xffc00123u, 0x3f800000u), 0x7fc00000u);
}

Test(neon, fp_denormal_input_and_output_flush_to_zero)
{
    cr_assert_eq(neon_fp_binop(&env, NFP_ADD, 0x00000001u, 0x00000000u), 0);
    cr_assert_eq(neon_fp_binop(&env, NFP_MUL, 0x00800000u, 0x3f000000u), 0); /* min normal / 2 */
    cr_assert_eq(neon_fp_binop(&env, NFP_MUL, 0x80800000u, 0x3f000000u), 0x80000000u);
}

Test(neon, fp_max_min_of_signed_zeros)
{
    cr_assert_eq(neon_fp_binop(&env, NFP_MAX, 0x80000000u, 0), 0);
    cr_assert_eq(neon_fp_binop(&env, NFP_MIN, 0, 0x80000000u), 0x80000000u);
}

Test(neon, recps_inf_times_zero_is_two)
{
    cr_assert_eq(neon_fp_binop(&env, NFP_RECPS, 0x7f800000u, 0), 0x40000000u);
    cr_assert_eq(neon_fp_binop(&env, NFP_RSQRTS, 0, 0xff800000u), 0x3fc00000u);
}

Test(neon, recpe_estimates_match_the_table)
{
    cr_assert_eq(neon_fp_unop(&env, NFP_RECPE, 0x3f800000u, 0), 0x3f7f8000u); /* 1.0 -> 0.998046875 */
    cr_assert_eq(neon_fp_unop(&env, NFP_RECPE, 0x40000000u, 0), 0x3eff8000u); /* 2.0 */
    cr_assert_eq(neon_fp_unop(&env, NFP_RECPE, 0x80000000u, 0), 0xff800000u); /* -0 -> -inf */
    cr_assert_eq(neon_fp_unop(&env, NFP_RECPE, 0x7f000000u, 0), 0);           /* >= 2^126 -> 0 */
    cr_assert_eq(neon_recpe_u32(0x80000000u), 0xff800000u);
    cr_assert_eq(neon_recpe_u32(0x7fffffffu), 0xffffffffu);
}

Test(neon, rsqrte_estimates_match_the_table)
{
    cr_assert_eq(neon_fp_unop(&env, NFP_RSQRTE, 0x3f800000u, 0), 0x3f7f8000u); /* 1.0 */
    cr_assert_eq(neon_fp_unop(&env, NFP_RSQRTE, 0x40800000u, 0), 0x3eff8000u); /* 4.0 */
    cr_assert_eq(neon_fp_unop(&env, NFP_RSQRTE, 0xbf800000u, 0), 0x7fc00000u); /* negative */
    cr_assert_eq(neon_fp_unop(&env, NFP_RSQRTE, 0x7f800000u, 0), 0);           /* +inf */
    cr_assert_eq(neon_rsqrte_u32(0x3fffffffu), 0xffffffffu);
}

Test(neon, cvt_to_int_truncates_and_saturates)
{
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_TO_S, 0xbfc00000u, 0), 0xffffffffu); /* -1.5 -> -1 */
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_TO_S, 0x4f000000u, 0), 0x7fffffffu); /* 2^31 */
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_TO_U, 0xbf800000u, 0), 0);
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_TO_S, 0x7fc00000u, 0), 0);
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_TO_S, 0x3f000000u, 8), 128); /* 0.5 * 2^8 */
    cr_assert_eq(neon_fp_unop(&env, NFP_CVT_FROM_S, 0xffffff00u, 8), 0xbf800000u);
}

/* -- Other classes -- */

Test(neon, vmull_s16_widens)
{
    env.vfp_d[2] = 0x7fff8000ffff0002ull;
    env.vfp_d[4] = 0x7fff8000ffff0003ull;
    helper_neon_3diff(&env, neon_desc(0, 2, 4, 1, 0, 12 << 1, 0));
    cr_assert_eq(get32(0, 0), 6);
    cr_assert_eq(get32(0, 1), 1);
    cr_assert_eq(get32(0, 2), 0x40000000u);
    cr_assert_eq(get32(0, 3), 0x3fff0001u);
}

Test(neon, vzip_and_vuzp_are_inverse)
{
    env.vfp_d[0] = 0x0706050403020100ull;
    env.vfp_d[1] = 0x1716151413121110ull;
    helper_neon_2misc(&env, neon_desc(0, 0, 1, 0, 0, 2 << 5 | 0x06, 0)); /* VZIP.8 d0, d1 */
    cr_assert_eq(env.vfp_d[0], 0x1303120211011000ull);
    cr_assert_eq(env.vfp_d[1], 0x1707160615051404ull);
    helper_neon_2misc(&env, neon_desc(0, 0, 1, 0, 0, 2 << 5 | 0x04, 0)); /* VUZP.8 d0, d1 */
    cr_assert_eq(env.vfp_d[0], 0x0706050403020100ull);
    cr_assert_eq(env.vfp_d[1], 0x1716151413121110ull);
}

Test(neon, vqmovun_clamps_negative_to_zero)
{
    set32(2, 0x7fff8000u, 0x000100ffu, 0, 0);
    helper_neon_2misc(&env, neon_desc(0, 0, 2, 0, 0, 2 << 5 | 0x09, 0));
    cr_assert_eq(env.vfp_d[0] & 0xffffffffull, 0x01ffff00ull);
    cr_assert(env.fpscr & NEON_FPSCR_QC);
}

Test(neon, vtbx_keeps_out_of_range_lanes)
{
    env.vfp_d[0] = 0xaaaaaaaaaaaaaaaaull;
    env.vfp_d[2] = 0x0706050403020100ull;
    env.vfp_d[4] = 0x00ff080700010203ull;
    helper_neon_vtbl(&env, neon_desc(0, 2, 4, 0, 1, 0, 0));
    cr_assert_eq(env.vfp_d[0], 0x00aaaa0700010203ull);
}

Test(neon, vsri_keeps_the_top_bits)
{
    env.vfp_d[0] = 0xffffffffffffffffull;
    env.vfp_d[2] = 0x0000000080000000ull;
    helper_neon_shift(&env, neon_desc(0, 0, 2, 2, 0, 4 << 2 | 1 << 1, 0), 4);
    cr_assert_eq(env.vfp_d[0], 0xf0000000f8000000ull);
}
