/*
 * Unit tests of the ARMv8.2 NEON .F16 helper (frontends/arm/neon_fp16_helper.c):
 * each sets half lanes in a zeroed CPUARMState, calls helper_neon_fp16 with
 * a descriptor as translate-neon-fp16.c builds it, and checks the lanes,
 * the cumulative flags and that FPSCR is left as it was.  Expected values
 * follow the ARM ARM pseudocode (FPAdd, FPRecipEstimate, FPToFixed, ...)
 * under the Standard FPSCR value.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontends/arm/neon_fp16.h"
#include "frontends/arm/neon_helper.h"

static CPUARMState env;

static void setup(void)
{
    memset(&env, 0, sizeof(env));
}

TestSuite(neon_fp16, .init = setup);

static void set16(int reg, uint16_t a, uint16_t b, uint16_t c, uint16_t d)
{
    uint16_t v[4] = {a, b, c, d};
    memcpy(&env.vfp_d[reg], v, 8);
}

static uint16_t get16(int reg, int lane)
{
    uint16_t v;
    memcpy(&v, (uint8_t *)&env.vfp_d[reg] + 2 * lane, 2);
    return v;
}

static void run(int vd, int vn, int vm, int q, int op, int extra)
{
    helper_neon_fp16(&env, neon_desc(vd, vn, vm, 1, q, op, extra));
}

Test(neon_fp16, vadd_ignores_rmode_and_dn)
{
    uint32_t fpscr = 3u << FPSCR_RMODE_SHIFT; /* RZ, DN clear */
    env.fpscr = fpscr;
    set16(2, 0x7bff, 0x7c01, 0x3c00, 0x0001);
    set16(4, 0x7bff, 0x3c00, 0x3c00, 0x0001);
    run(0, 2, 4, 0, NHP_ADD, 0);
    cr_assert_eq(get16(0, 0), 0x7c00, "max + max rounds to nearest: +inf");
    cr_assert_eq(get16(0, 1), 0x7e00, "a signalling NaN gives the default NaN");
    cr_assert_eq(get16(0, 2), 0x4000);
    cr_assert_eq(get16(0, 3), 0x0002, "denormals add exactly without FZ16");
    cr_assert_eq(env.fp_status_flags, FPSCR_IOC | FPSCR_OFC | FPSCR_IXC);
    cr_assert_eq(env.fpscr, fpscr, "FPSCR is put back");
}

Test(neon_fp16, fz16_flushes_denormal_inputs_and_results)
{
    env.fpscr = FPSCR_FZ16;
    set16(2, 0x0001, 0x0400, 0, 0);
    set16(4, 0x0001, 0x3800, 0, 0);
    run(0, 2, 4, 0, NHP_ADD, 0);
    cr_assert_eq(get16(0, 0), 0x0000);
    cr_assert_eq(env.fp_status_flags & FPSCR_IDC, 0, "FZ16 flushes without IDC");
    run(0, 2, 4, 0, NHP_MUL, 0);
    cr_assert_eq(get16(0, 1), 0x0000, "2^-14 * 0.5 is tiny: flushed");
    cr_assert(env.fp_status_flags & FPSCR_UFC);
}

Test(neon_fp16, vrecpe_estimates_and_overflows)
{
    set16(2, 0x3c00, 0x0001, 0x7c00, 0x0000);
    run(0, 0, 2, 0, NHP_RECPE, 0);
    cr_assert_eq(get16(0, 0), 0x3bfc, "1/1 estimates as 511/512");
    cr_assert_eq(get16(0, 1), 0x7c00, "1/2^-24 overflows to +inf");
    cr_assert_eq(get16(0, 2), 0x0000);
    cr_assert_eq(get16(0, 3), 0x7c00);
    cr_assert_eq(env.fp_status_flags, FPSCR_OFC | FPSCR_IXC | FPSCR_DZC);
}

Test(neon_fp16, vrsqrte_of_negative_is_invalid)
{
    set16(2, 0x3c00, 0xbc00, 0x4400, 0x7c00);
    run(0, 0, 2, 0, NHP_RSQRTE, 0);
    cr_assert_eq(get16(0, 0), 0x3bfc);
    cr_assert_eq(get16(0, 1), 0x7e00);
    cr_assert_eq(get16(0, 2), 0x37fc, "1/sqrt(4) estimates as 511/1024");
    cr_assert_eq(get16(0, 3), 0x0000);
    cr_assert_eq(env.fp_status_flags, FPSCR_IOC);
}

Test(neon_fp16, to_s16_saturates_and_truncates)
{
    set16(2, 0x7bff, 0xbe00, 0x7e00, 0xc500);
    run(0, 0, 2, 0, NHP_H_TO_FIX, 0);
    cr_assert_eq(get16(0, 0), 0x7fff, "65504 saturates");
    cr_assert_eq(get16(0, 1), 0xffff, "-1.5 truncates to -1");
    cr_assert_eq(get16(0, 2), 0x0000, "NaN gives 0");
    cr_assert_eq(get16(0, 3), 0xfffb);
    cr_assert_eq(env.fp_status_flags, FPSCR_IOC | FPSCR_IXC);
}

Test(neon_fp16, vcvta_rounds_ties_away_and_vcvtn_to_even)
{
    set16(2, 0x4100, 0xc100, 0x3800, 0x3e00); /* 2.5, -2.5, 0.5, 1.5 */
    run(0, 0, 2, 0, NHP_H_TO_INT_RM, NHP_RM_A);
    cr_assert_eq(get16(0, 0), 3);
    cr_assert_eq(get16(0, 1), 0xfffd);
    cr_assert_eq(get16(0, 2), 1);
    run(0, 0, 2, 0, NHP_H_TO_INT_RM, NHP_RM_N);
    cr_assert_eq(get16(0, 0), 2);
    cr_assert_eq(get16(0, 1), 0xfffe);
    cr_assert_eq(get16(0, 2), 0);
    cr_assert_eq(get16(0, 3), 2);
}

Test(neon_fp16, fixed_to_half_scales_by_the_fraction_bits)
{
    set16(2, 0x0018, 0xfff8, 0xffff, 0x0001);
    run(0, 0, 2, 0, NHP_FIX_TO_H, 3);
    cr_assert_eq(get16(0, 0), 0x4200, "24 / 8 = 3");
    cr_assert_eq(get16(0, 1), 0xbc00, "-8 / 8 = -1");
    run(0, 0, 2, 0, NHP_UFIX_TO_H, 0);
    cr_assert_eq(get16(0, 2), 0x7c00, "65535 rounds up past the largest half");
    cr_assert(env.fp_status_flags & FPSCR_OFC);
}

Test(neon_fp16, vpadd_takes_pairs_from_each_operand)
{
    set16(2, 0x3c00, 0x3c00, 0x4000, 0x4000);
    set16(4, 0x4200, 0x3c00, 0xbc00, 0x3c00);
    run(0, 2, 4, 0, NHP_PADD, 0);
    cr_assert_eq(get16(0, 0), 0x4000);
    cr_assert_eq(get16(0, 1), 0x4400);
    cr_assert_eq(get16(0, 2), 0x4400);
    cr_assert_eq(get16(0, 3), 0x0000);
}

Test(neon_fp16, vmul_by_scalar_uses_one_lane_for_a_q_register)
{
    set16(2, 0x3c00, 0x4000, 0x4200, 0x4400);
    set16(3, 0xbc00, 0x3800, 0x0000, 0x7c00);
    set16(5, 0, 0, 0, 0x4000); /* the scalar: d5[3] = 2 */
    run(0, 2, 5, 1, NHP_MUL_S, 3);
    cr_assert_eq(get16(0, 0), 0x4000);
    cr_assert_eq(get16(0, 3), 0x4800);
    cr_assert_eq(get16(1, 0), 0xc000);
    cr_assert_eq(get16(1, 3), 0x7c00);
}

Test(neon_fp16, compares_signal_on_nan_except_equal)
{
    set16(2, 0x7e00, 0x3c00, 0x3c00, 0x8000);
    set16(4, 0x3c00, 0x3c00, 0x4000, 0x0000);
    run(0, 2, 4, 0, NHP_CEQ, 0);
    cr_assert_eq(get16(0, 0), 0);
    cr_assert_eq(get16(0, 1), 0xffff);
    cr_assert_eq(get16(0, 3), 0xffff, "-0 == +0");
    cr_assert_eq(env.fp_status_flags, 0, "VCEQ is quiet on a quiet NaN");
    run(0, 2, 4, 0, NHP_CGE, 0);
    cr_assert_eq(get16(0, 2), 0);
    cr_assert_eq(env.fp_status_flags, FPSCR_IOC);
}

Test(neon_fp16, vfma_infinity_times_zero_is_invalid_with_a_nan_addend)
{
    set16(0, 0x7e00, 0x3c00, 0, 0); /* addends */
    set16(2, 0x7c00, 0x4000, 0, 0);
    set16(4, 0x0000, 0x4000, 0, 0);
    run(0, 2, 4, 0, NHP_FMA, 0);
    cr_assert_eq(get16(0, 0), 0x7e00);
    cr_assert_eq(get16(0, 1), 0x4500, "1 + 2 * 2 = 5");
    cr_assert_eq(env.fp_status_flags, FPSCR_IOC);
}
