/*
 * Unit tests of the VFP helpers (frontends/arm/vfp_helper.c): NaN
 * propagation, default NaN, flush-to-zero, tininess before rounding,
 * rounding modes, exception flags, compare, conversions and FPSCR
 * read/write.  Expected values follow the ARM ARM pseudocode and agree
 * with qemu-arm.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontends/arm/vfp_helper.h"

static CPUARMState env;

static void setup(void)
{
    memset(&env, 0, sizeof(env));
    helper_vfp_set_fpscr(&env, 0);
}

TestSuite(vfp, .init = setup);

/* Sets FPSCR control bits (rounding mode, FZ, DN) and clears the flags. */
static void mode(uint32_t rmode, uint32_t extra)
{
    helper_vfp_set_fpscr(&env, rmode << FPSCR_RMODE_SHIFT | extra);
}

static uint32_t flags(void)
{
    return helper_vfp_get_fpscr(&env) & FPSCR_CUMULATIVE;
}

/* -- NaN propagation -- */

Test(vfp, first_qnan_wins)
{
    cr_assert_eq(helper_vfp_adds(&env, 0xffc00123, 0x7fc00456), 0xffc00123);
    cr_assert_eq(helper_vfp_adds(&env, 0x3f800000, 0x7fc00456), 0x7fc00456);
    cr_assert_eq(flags(), 0);
}

Test(vfp, snan_beats_earlier_qnan)
{
    /* x86 would return the first operand; ARM prefers the signalling NaN. */
    cr_assert_eq(helper_vfp_adds(&env, 0x7fc00001, 0x7f800789), 0x7fc00789);
    cr_assert_eq(flags(), FPSCR_IOC);
    cr_assert_eq(helper_vfp_muld(&env, 0x7ff8000000000001ull, 0xfff0000000000abcull),
                 0xfff8000000000abcull);
}

Test(vfp, default_nan_is_positive)
{
    cr_assert_eq(helper_vfp_subs(&env, 0x7f800000, 0x7f800000), 0x7fc00000);
    cr_assert_eq(helper_vfp_sqrtd(&env, 0xbff0000000000000ull), 0x7ff8000000000000ull);
    cr_assert_eq(flags(), FPSCR_IOC);
}

Test(vfp, dn_mode_replaces_propagated_nan)
{
    mode(FPROUND_RN, FPSCR_DN);
    cr_assert_eq(helper_vfp_adds(&env, 0xffc00123, 0x3f800000), 0x7fc00000);
    cr_assert_eq(flags(), 0);
    cr_assert_eq(helper_vfp_divs(&env, 0x7f800001, 0x3f800000), 0x7fc00000);
    cr_assert_eq(flags(), FPSCR_IOC);
}

Test(vfp, fma_nan_order_is_addend_first)
{
    /* muladd(a, b, c) = a * b + c: FPProcessNaNs3 looks at c, a, b. */
    cr_assert_eq(helper_vfp_muladds(&env, 0x7fc00001, 0x3f800000, 0x7fc00002), 0x7fc00002);
    cr_assert_eq(helper_vfp_muladds(&env, 0x7f800001, 0x3f800000, 0x7fc00002), 0x7fc00001);
    cr_assert_eq(flags(), FPSCR_IOC);
}

Test(vfp, fma_inf_times_zero_plus_qnan_is_invalid)
{
    cr_assert_eq(helper_vfp_muladds(&env, 0x7f800000, 0x00000000, 0x7fc00123), 0x7fc00000);
    cr_assert_eq(flags(), FPSCR_IOC);
}

/* -- Rounding and flags -- */

Test(vfp, rounding_modes)
{
    uint32_t one = 0x3f800000, three = 0x40400000;
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_divs(&env, one, three), 0x3eaaaaab);
    mode(FPROUND_RP, 0);
    cr_assert_eq(helper_vfp_divs(&env, one, three), 0x3eaaaaab);
    mode(FPROUND_RM, 0);
    cr_assert_eq(helper_vfp_divs(&env, one, three), 0x3eaaaaaa);
    mode(FPROUND_RZ, 0);
    cr_assert_eq(helper_vfp_divs(&env, 0xbf800000, three), 0xbeaaaaaa);
    cr_assert_eq(flags(), FPSCR_IXC);
}

Test(vfp, overflow_and_divide_by_zero)
{
    cr_assert_eq(helper_vfp_muls(&env, 0x7f7fffff, 0x40000000), 0x7f800000);
    cr_assert_eq(flags(), FPSCR_OFC | FPSCR_IXC);
    mode(FPROUND_RZ, 0);
    cr_assert_eq(helper_vfp_muls(&env, 0x7f7fffff, 0x40000000), 0x7f7fffff);
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_divd(&env, 0x3ff0000000000000ull, 0x8000000000000000ull), 0xfff0000000000000ull);
    cr_assert_eq(flags(), FPSCR_DZC);
}

Test(vfp, tininess_is_detected_before_rounding)
{
    /* 2^-126 * (1 - 2^-46) rounds up to the smallest normal: x86 sees no
     * underflow (tininess after rounding), ARM does. */
    cr_assert_eq(helper_vfp_muls(&env, 0x00800001, 0x3f7ffffe), 0x00800000);
    cr_assert_eq(flags(), FPSCR_UFC | FPSCR_IXC);
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_muld(&env, 0x0010000000000001ull, 0x3feffffffffffffeull), 0x0010000000000000ull);
    cr_assert_eq(flags(), FPSCR_UFC | FPSCR_IXC);
}

Test(vfp, exact_denormal_result_is_not_underflow)
{
    cr_assert_eq(helper_vfp_subs(&env, 0x00800001, 0x00800000), 0x00000001);
    cr_assert_eq(flags(), 0);
}

/* -- Flush to zero -- */

Test(vfp, fz_flushes_inputs_with_idc)
{
    mode(FPROUND_RN, FPSCR_FZ);
    cr_assert_eq(helper_vfp_adds(&env, 0x00000001, 0x00000001), 0x00000000);
    cr_assert_eq(flags(), FPSCR_IDC);
}

Test(vfp, fz_flushes_outputs_with_ufc_not_ixc)
{
    mode(FPROUND_RN, FPSCR_FZ);
    cr_assert_eq(helper_vfp_subs(&env, 0x80800001, 0x80800000), 0x80000000);
    cr_assert_eq(flags(), FPSCR_UFC);
    mode(FPROUND_RN, FPSCR_FZ);
    cr_assert_eq(helper_vfp_muls(&env, 0x00800001, 0x3f7ffffe), 0x00000000);
    cr_assert_eq(flags(), FPSCR_UFC);
}

/* -- Compare -- */

Test(vfp, compare_sets_nzcv)
{
    helper_vfp_cmps(&env, 0x3f800000, 0x40000000, 0);
    cr_assert_eq(env.fpscr >> 28, 0x8);
    helper_vfp_cmps(&env, 0x80000000, 0x00000000, 0);
    cr_assert_eq(env.fpscr >> 28, 0x6);
    helper_vfp_cmpd(&env, 0x4000000000000000ull, 0xfff0000000000000ull, 0);
    cr_assert_eq(env.fpscr >> 28, 0x2);
    helper_vfp_cmps(&env, 0x7fc00000, 0x3f800000, 0);
    cr_assert_eq(env.fpscr >> 28, 0x3);
    cr_assert_eq(flags(), 0);
}

Test(vfp, vcmpe_signals_on_quiet_nan)
{
    helper_vfp_cmps(&env, 0x7fc00000, 0x3f800000, 1);
    cr_assert_eq(flags(), FPSCR_IOC);
    mode(FPROUND_RN, 0);
    helper_vfp_cmpd(&env, 0x7ff0000000000001ull, 0, 0);
    cr_assert_eq(flags(), FPSCR_IOC);
}

/* -- Conversions -- */

Test(vfp, float_to_int_saturates_and_nan_is_zero)
{
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0x4f000000, VFP_CVT_SIGNED | VFP_CVT_RZ), 0x7fffffff);
    cr_assert_eq(flags(), FPSCR_IOC);
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0x7fc00000, VFP_CVT_SIGNED | VFP_CVT_RZ), 0);
    cr_assert_eq(helper_vfp_d_to_fix(&env, 0xc1e0000000200000ull, VFP_CVT_RZ), 0);
    cr_assert_eq(flags(), FPSCR_IOC);
    mode(FPROUND_RN, 0);
    /* -0.3 -> 0 unsigned is inexact, not invalid. */
    cr_assert_eq(helper_vfp_d_to_fix(&env, 0xbfd3333333333333ull, VFP_CVT_RZ), 0);
    cr_assert_eq(flags(), FPSCR_IXC);
}

Test(vfp, vcvtr_uses_fpscr_rounding)
{
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0x40200000, VFP_CVT_SIGNED), 2);          /* 2.5 -> 2 */
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0x40600000, VFP_CVT_SIGNED), 4);          /* 3.5 -> 4 */
    mode(FPROUND_RM, 0);
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0xbfc00000, VFP_CVT_SIGNED), 0xfffffffe); /* -1.5 -> -2 */
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0xbfc00000, VFP_CVT_SIGNED | VFP_CVT_RZ), 0xffffffff);
}

Test(vfp, fixed_point_16_bit)
{
    /* 1.75 with 3 fraction bits = 14; -2.0 as s16.15 saturates to -32768, sign-extended */
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0x3fe00000, 3 | VFP_CVT_16 | VFP_CVT_RZ), 14);
    cr_assert_eq(helper_vfp_s_to_fix(&env, 0xc0000000, 15 | VFP_CVT_16 | VFP_CVT_SIGNED | VFP_CVT_RZ), 0xffff8000);
    cr_assert_eq(flags(), FPSCR_IOC);
    cr_assert_eq(helper_vfp_fix_to_s(&env, 0xffff, 1 | VFP_CVT_16 | VFP_CVT_SIGNED | VFP_CVT_RN), 0xbf000000);
}

Test(vfp, int_to_float_rounds)
{
    cr_assert_eq(helper_vfp_fix_to_s(&env, 0x7fffffff, VFP_CVT_SIGNED), 0x4f000000);
    cr_assert_eq(flags(), FPSCR_IXC);
    mode(FPROUND_RZ, 0);
    cr_assert_eq(helper_vfp_fix_to_s(&env, 0xffffffff, 0), 0x4f7fffff);
    cr_assert_eq(helper_vfp_fix_to_d(&env, 0x80000000, VFP_CVT_SIGNED), 0xc1e0000000000000ull);
}

Test(vfp, precision_conversions)
{
    cr_assert_eq(helper_vfp_fcvt_s_to_d(&env, 0x7f800123), 0x7ff8002460000000ull);
    cr_assert_eq(flags(), FPSCR_IOC);
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_fcvt_d_to_s(&env, 0x47effffff0000000ull), 0x7f800000);
    cr_assert_eq(flags(), FPSCR_OFC | FPSCR_IXC);
    mode(FPROUND_RN, FPSCR_FZ);
    cr_assert_eq(helper_vfp_fcvt_d_to_s(&env, 0x3690000000000001ull), 0);
    cr_assert_eq(flags(), FPSCR_UFC);
}

Test(vfp, half_precision)
{
    cr_assert_eq(helper_vfp_s_to_h(&env, 0x3f800000), 0x3c00);
    cr_assert_eq(helper_vfp_s_to_h(&env, 0x477ff000), 0x7c00); /* 65520 rounds to inf */
    cr_assert_eq(flags(), FPSCR_OFC | FPSCR_IXC);
    mode(FPROUND_RN, 0);
    cr_assert_eq(helper_vfp_h_to_s(&env, 0x0001), 0x33800000);
    cr_assert_eq(helper_vfp_h_to_s(&env, 0xfd00), 0xffe00000);
    cr_assert_eq(flags(), FPSCR_IOC);
}

/* -- FPSCR -- */

Test(vfp, fpscr_write_read)
{
    helper_vfp_set_fpscr(&env, 0xffffffff);
    cr_assert_eq(helper_vfp_get_fpscr(&env), FPSCR_WRITABLE);
    cr_assert_eq(env.fp_status_flags, FPSCR_CUMULATIVE);
    helper_vfp_set_fpscr(&env, 0x03c00010);
    cr_assert_eq(helper_vfp_get_fpscr(&env), 0x03c00010);
}

Test(vfp, flags_accumulate_until_cleared)
{
    helper_vfp_divs(&env, 0x3f800000, 0x40400000);
    helper_vfp_divs(&env, 0x3f800000, 0x00000000);
    cr_assert_eq(flags(), FPSCR_IXC | FPSCR_DZC);
    helper_vfp_set_fpscr(&env, 0);
    helper_vfp_adds(&env, 0x3f800000, 0x3f800000);
    cr_assert_eq(flags(), 0, "host flags must be cleared with the guest's");
}

Test(vfp, alternative_half_precision)
{
    mode(FPROUND_RN, FPSCR_AHP);
    cr_assert_eq(helper_vfp_h_to_s(&env, 0x7c00), 0x47800000); /* 65536, not inf */
    cr_assert_eq(flags(), 0);
    cr_assert_eq(helper_vfp_s_to_h(&env, 0x7f800000), 0x7fff);
    cr_assert_eq(helper_vfp_s_to_h(&env, 0xffc00000), 0x8000);
    cr_assert_eq(flags(), FPSCR_IOC);
}

Test(vfp, fz_fast_path_keeps_normal_results)
{
    mode(FPROUND_RN, FPSCR_FZ);
    cr_assert_eq(helper_vfp_muls(&env, 0x40400000, 0x40a00000), 0x41700000); /* 3 * 5 */
    cr_assert_eq(helper_vfp_muladdd(&env, 0x4008000000000000ull, 0x4014000000000000ull, 0x3ff0000000000000ull),
                 0x4030000000000000ull); /* 3 * 5 + 1 */
    cr_assert_eq(flags(), 0);
    /* 2^-126 (1 + 2^-23) - 2^-126 = 2^-149 exactly: still flushed, UFC. */
    cr_assert_eq(helper_vfp_muladds(&env, 0x20000001, 0x20000000, 0x80800000), 0);
    cr_assert_eq(flags(), FPSCR_UFC);
}
