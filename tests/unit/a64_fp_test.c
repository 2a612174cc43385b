/*
 * A64 scalar floating point through the real pipeline, with expected
 * values worked out from the architecture's pseudocode (FPAdd, FPMulAdd,
 * FPProcessNaNs, FPRound, FPToFixed, FPCompare): exact results, NaN
 * selection and quieting, the default NaN under FPCR.DN, each rounding
 * mode, flush-to-zero of inputs and outputs, fused versus unfused
 * rounding, saturating conversions, fixed point, half precision with
 * FPCR.AHP, and the cumulative FPSR flags.
 */
#include "a64_test_util.h"

TestSuite(a64_fp, .init = a64_setup, .fini = a64_teardown);

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
enum { RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22, FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26 };

static void set_s(int n, uint32_t v) { env->vregs[n][0] = v; env->vregs[n][1] = 0; }
static void set_d(int n, uint64_t v) { env->vregs[n][0] = v; env->vregs[n][1] = 0; }
static uint64_t reg(int n) { return env->vregs[n][0]; }

/* Runs src with FPCR = fpcr and FPSR = 0; returns FPSR. */
static uint32_t run_fp(uint32_t fpcr)
{
    env->fpcr = fpcr;
    a64_fpsr_write(env, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    return a64_fpsr_read(env);
}

Test(a64_fp, exact_arithmetic_and_writes_zero_the_top)
{
    a64_asm("fadd s0, s1, s2\n fsub d3, d4, d5\n fmul s6, s1, s2\n fdiv d7, d4, d5\n fnmul d8, d4, d5\n"
            "fsqrt d9, d10\n fabs s11, s12\n fneg d13, d14");
    set_s(1, 0x3fc00000);          /* 1.5 */
    set_s(2, 0x40100000);          /* 2.25 */
    set_d(4, 0x4018000000000000);  /* 6.0 */
    set_d(5, 0x4000000000000000);  /* 2.0 */
    set_d(10, 0x4022000000000000); /* 9.0 */
    set_s(12, 0xff800001);         /* a negative sNaN: FABS only clears the sign */
    set_d(14, 0x7ff0000000000000); /* +inf */
    env->vregs[0][1] = ~0ull;
    cr_assert_eq(run_fp(RN), 0, "exact results raise nothing");
    cr_assert_eq(reg(0), 0x40700000, "3.75");
    cr_assert_eq(env->vregs[0][1], 0);
    cr_assert_eq(reg(3), 0x4010000000000000ull, "4.0");
    cr_assert_eq(reg(6), 0x40580000, "3.375");
    cr_assert_eq(reg(7), 0x4008000000000000ull, "3.0");
    cr_assert_eq(reg(8), 0xc028000000000000ull, "-12.0");
    cr_assert_eq(reg(9), 0x4008000000000000ull, "sqrt 9 = 3");
    cr_assert_eq(reg(11), 0x7f800001, "FABS of a NaN: no quieting, no IOC");
    cr_assert_eq(reg(13), 0xfff0000000000000ull);
}

Test(a64_fp, nan_selection_quieting_and_default_nan)
{
    a64_asm("fadd s0, s1, s2\n fadd s3, s2, s1\n fmul d4, d5, d6\n fmadd s7, s1, s8, s9\n fmadd d10, d5, d11, d6\n"
            "fmax s12, s8, s1\n fmaxnm s13, s8, s9\n fminnm s14, s9, s8\n fdiv s15, s16, s16\n fmin d17, d18, d19\n"
            "fmax d20, d18, d19");
    set_s(1, 0x7f800123);          /* sNaN */
    set_s(2, 0xffc00042);          /* -qNaN */
    set_d(5, 0x7ff8000000000007);  /* qNaN */
    set_d(6, 0x7ff0000000000009);  /* sNaN */
    set_s(8, 0x3f800000);          /* 1.0 */
    set_s(9, 0x7fc00005);          /* qNaN */
    set_d(11, 0x3ff0000000000000);
    set_s(16, 0);
    set_d(18, 0x8000000000000000); /* -0 */
    set_d(19, 0);                  /* +0 */
    cr_assert_eq(run_fp(RN) & IOC, IOC);
    cr_assert_eq(reg(0), 0x7fc00123, "the signalling NaN wins, quietened");
    cr_assert_eq(reg(3), 0x7fc00123, "whichever operand it is");
    cr_assert_eq(reg(4), 0x7ff8000000000009ull);
    cr_assert_eq(reg(7), 0x7fc00123, "FMADD: a signalling n beats a quiet addend");
    cr_assert_eq(reg(10), 0x7ff8000000000009ull, "FMADD: the signalling addend comes first");
    cr_assert_eq(reg(12), 0x7fc00123, "FMAX propagates NaNs");
    cr_assert_eq(reg(13), 0x3f800000, "FMAXNM: a quiet NaN loses to a number");
    cr_assert_eq(reg(14), 0x3f800000);
    cr_assert_eq(reg(15), 0x7fc00000, "0/0: the default NaN, positive");
    cr_assert_eq(reg(17), 0x8000000000000000ull, "FMIN(-0, +0) = -0");
    cr_assert_eq(reg(20), 0, "FMAX(-0, +0) = +0");
    cr_assert_eq(run_fp(DN) & IOC, IOC);
    cr_assert_eq(reg(0), 0x7fc00000, "DN: the default NaN");
    cr_assert_eq(reg(4), 0x7ff8000000000000ull);
    cr_assert_eq(reg(13), 0x3f800000, "DN leaves a number a number");
}

Test(a64_fp, rounding_modes_and_fused_multiply_add)
{
    a64_asm("fdiv s0, s1, s2\n fdiv s3, s4, s2\n fmadd d5, d6, d7, d8\n fmul d9, d6, d7\n fadd d9, d9, d8\n"
            "fnmsub d10, d6, d7, d8\n fmsub d11, d6, d7, d8\n fnmadd d12, d6, d7, d8");
    set_s(1, 0x3f800000);          /* 1.0 */
    set_s(2, 0x40400000);          /* 3.0 */
    set_s(4, 0xbf800000);          /* -1.0 */
    set_d(6, 0x3ff0000000400000);  /* 1 + 2^-30 */
    set_d(7, 0x3fefffffff800000);  /* 1 - 2^-30 */
    set_d(8, 0xbff0000000000000);  /* -1 */
    static const struct { uint32_t mode; uint32_t third, minus_third; } want[] = {
        {RN, 0x3eaaaaab, 0xbeaaaaab}, {RZ, 0x3eaaaaaa, 0xbeaaaaaa},
        {RP, 0x3eaaaaab, 0xbeaaaaaa}, {RM, 0x3eaaaaaa, 0xbeaaaaab},
    };
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(run_fp(want[i].mode) & IXC, IXC);
        cr_assert_eq(reg(0), want[i].third, "1/3 in mode %d", i);
        cr_assert_eq(reg(3), want[i].minus_third, "-1/3 in mode %d", i);
    }
    run_fp(RN);
    /* (1 + 2^-30)(1 - 2^-30) = 1 - 2^-60: fused, -1 + that is -2^-60;
     * rounded first, the product is 1.0 and the sum 0. */
    cr_assert_eq(reg(5), 0xbc30000000000000ull, "fused: one rounding");
    cr_assert_eq(reg(9), 0, "unfused");
    cr_assert_eq(reg(10), 0x4000000000000000ull, "FNMSUB: -a + n*m = 2 (rounded)");
    cr_assert_eq(reg(11), 0xc000000000000000ull, "FMSUB: a - n*m = -2 (rounded)");
    cr_assert_eq(reg(12), 0x3c30000000000000ull, "FNMADD: -a - n*m = 2^-60");
}

Test(a64_fp, flush_to_zero_and_underflow)
{
    a64_asm("fadd s0, s1, s2\n fmul s3, s4, s5\n fmul d6, d7, d8\n fcmp s1, #0.0\n mrs x9, nzcv");
    set_s(1, 0x00000001);          /* smallest denormal */
    set_s(2, 0);
    set_s(4, 0x00800000);          /* smallest normal */
    set_s(5, 0x3f000000);          /* 0.5: the product 0x00400000 is exact */
    set_d(7, 0x0010000000000001);  /* min normal + 1 ulp */
    set_d(8, 0x3fe0000000000000);  /* 0.5: the product is inexact and tiny */
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 1, "without FZ the denormal survives");
    cr_assert_eq(reg(3), 0x00400000, "an exact tiny result: no UFC");
    cr_assert_eq(reg(6), 0x0008000000000000ull, "rounded to even");
    cr_assert_eq(f & (UFC | IXC), UFC | IXC, "tiny and inexact: UFC");
    cr_assert_eq(env->xregs[9], 0x20000000, "denormal > 0: C");
    f = run_fp(FZ);
    cr_assert_eq(reg(0), 0, "FZ: the denormal input reads as zero");
    cr_assert_eq(reg(3), 0, "FZ: a tiny result is flushed");
    cr_assert_eq(reg(6), 0);
    cr_assert_eq(f & IDC, IDC, "input denormal");
    cr_assert_eq(f & UFC, UFC);
    cr_assert_eq(env->xregs[9], 0x60000000, "flushed denormal == 0: Z and C");
}

Test(a64_fp, compares_set_nzcv_and_signal)
{
    a64_asm("fcmp d1, d2\n mrs x1, nzcv\n fcmp d2, d1\n mrs x2, nzcv\n fcmp d1, d1\n mrs x3, nzcv\n"
            "fcmp d1, d3\n mrs x4, nzcv\n mrs x5, fpsr\n fcmpe d1, d3\n mrs x6, nzcv\n mrs x7, fpsr\n"
            "cmp x1, x1\n fccmp d1, d2, #0xf, ne\n mrs x8, nzcv\n fccmp d1, d2, #0xf, eq\n mrs x10, nzcv\n"
            "fcsel d11, d1, d2, mi\n fcsel d12, d1, d2, pl");
    set_d(1, 0x3ff0000000000000);  /* 1.0 */
    set_d(2, 0x4000000000000000);  /* 2.0 */
    set_d(3, 0x7ff8000000000000);  /* qNaN */
    run_fp(RN);
    cr_assert_eq(env->xregs[1], 0x80000000, "less: N");
    cr_assert_eq(env->xregs[2], 0x20000000, "greater: C");
    cr_assert_eq(env->xregs[3], 0x60000000, "equal: ZC");
    cr_assert_eq(env->xregs[4], 0x30000000, "unordered: CV");
    cr_assert_eq(env->xregs[5], 0, "FCMP of a quiet NaN does not signal");
    cr_assert_eq(env->xregs[6], 0x30000000);
    cr_assert_eq(env->xregs[7], IOC, "FCMPE does");
    cr_assert_eq(env->xregs[8], 0xf0000000, "condition false: the immediate");
    cr_assert_eq(env->xregs[10], 0x80000000, "condition true (Z from cmp): the compare");
    cr_assert_eq(reg(11), 0x3ff0000000000000ull, "N set by the last compare");
    cr_assert_eq(reg(12), 0x4000000000000000ull, "PL false: Dm");
}

Test(a64_fp, integer_conversions_round_and_saturate)
{
    a64_asm("fcvtzs w0, s1\n fcvtns w1, s2\n fcvtas w2, s2\n fcvtms x3, d4\n fcvtps x4, d4\n fcvtzu w5, d4\n"
            "fcvtzs x6, d7\n fcvtzu x7, d7\n fcvtns w8, d9\n mrs x9, fpsr\n");
    set_s(1, 0x501502f9);          /* 1e10 */
    set_s(2, 0x40200000);          /* 2.5 */
    set_d(4, 0xc004000000000000);  /* -2.5 */
    set_d(7, 0x43e0000000000000);  /* 2^63 */
    set_d(9, 0x7ff8000000000000);  /* NaN */
    run_fp(RN);
    cr_assert_eq(env->xregs[0], 0x7fffffff, "1e10 saturates");
    cr_assert_eq(env->xregs[1], 2, "ties to even");
    cr_assert_eq(env->xregs[2], 3, "ties away");
    cr_assert_eq(env->xregs[3], (uint64_t)-3, "towards -inf");
    cr_assert_eq(env->xregs[4], (uint64_t)-2, "towards +inf");
    cr_assert_eq(env->xregs[5], 0, "negative to unsigned: 0");
    cr_assert_eq(env->xregs[6], 0x7fffffffffffffffull, "2^63 saturates signed");
    cr_assert_eq(env->xregs[7], 0x8000000000000000ull, "and fits unsigned");
    cr_assert_eq(env->xregs[8], 0, "NaN: 0");
    cr_assert_eq(env->xregs[9], IOC | IXC);
}

Test(a64_fp, int_to_float_and_fixed_point)
{
    a64_asm("scvtf s0, w1\n ucvtf d2, x2\n scvtf d3, x3\n ucvtf s4, w3\n fcvtzs w5, s6, #4\n scvtf s7, w8, #4\n"
            "ucvtf d9, x2, #64\n fcvtzu x10, d11, #8\n");
    env->xregs[1] = 0xffffffff;              /* -1 as W */
    env->xregs[2] = 0xffffffffffffffffull;   /* 2^64 - 1: rounds to 2^64 */
    env->xregs[3] = 0x8000000000000001ull;
    env->xregs[8] = 24;
    set_s(6, 0x3fc00000);                    /* 1.5 * 16 = 24 */
    set_d(11, 0x3ff8000000000000);           /* 1.5 * 256 = 384 */
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 0xbf800000, "-1.0");
    cr_assert_eq(reg(2), 0x43f0000000000000ull, "2^64");
    cr_assert_eq(reg(3), 0xc3e0000000000000ull, "-2^63 (rounded)");
    cr_assert_eq(reg(4), 0x3f800000, "UCVTF of W 1 ignores the upper X bits");
    cr_assert_eq(env->xregs[5], 24);
    cr_assert_eq(reg(7), 0x3fc00000, "24 / 16 = 1.5");
    cr_assert_eq(reg(9), 0x3ff0000000000000ull, "(2^64 - 1) / 2^64 rounds to 1.0");
    cr_assert_eq(env->xregs[10], 384);
    cr_assert_eq(f, IXC);
    run_fp(RZ);
    cr_assert_eq(reg(2), 0x43efffffffffffffull, "RZ: just below 2^64");
}

Test(a64_fp, round_to_integral)
{
    a64_asm("frintn d0, d1\n frinta d2, d1\n frintp d3, d4\n frintm d5, d4\n frintz d6, d4\n frinti s7, s8\n"
            "mrs x1, fpsr\n frintx s9, s8\n mrs x2, fpsr");
    set_d(1, 0x4004000000000000);  /* 2.5 */
    set_d(4, 0xc004000000000000);  /* -2.5 */
    set_s(8, 0x3fc00000);          /* 1.5 */
    run_fp(RM);
    cr_assert_eq(reg(0), 0x4000000000000000ull, "2.5 to even: 2");
    cr_assert_eq(reg(2), 0x4008000000000000ull, "2.5 away: 3");
    cr_assert_eq(reg(3), 0xc000000000000000ull, "-2.5 up: -2");
    cr_assert_eq(reg(5), 0xc008000000000000ull, "-2.5 down: -3");
    cr_assert_eq(reg(6), 0xc000000000000000ull, "-2.5 to zero: -2");
    cr_assert_eq(reg(7), 0x3f800000, "FRINTI uses FPCR.RMode (RM): 1");
    cr_assert_eq(env->xregs[1], 0, "only FRINTX raises IXC");
    cr_assert_eq(reg(9), 0x3f800000);
    cr_assert_eq(env->xregs[2], IXC);
}

Test(a64_fp, precision_conversions_and_half)
{
    a64_asm("fcvt s0, d1\n fcvt d2, s3\n fcvt h4, s5\n fcvt s6, h7\n fcvt h8, s9\n mrs x1, fpsr\n fcvt d10, h11\n"
            "fcvt s12, d13");
    set_d(1, 0x3ff0000000400000);  /* 1 + 2^-30: inexact as a single */
    set_s(3, 0x7f800001);          /* sNaN: quietened, payload kept */
    set_s(5, 0x3f800000);          /* 1.0 -> 0x3c00 */
    set_s(7, 0x7bff);              /* 65504 */
    set_s(9, 0x47800000);          /* 65536: overflows IEEE half */
    set_s(11, 0xfc00);             /* -inf */
    set_d(13, 0x7ff0000000000001); /* sNaN */
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 0x3f800000, "got %#llx", (unsigned long long)reg(0));
    cr_assert_eq(reg(2), 0x7ff8000020000000ull, "sNaN widened: quiet, payload shifted");
    cr_assert_eq(reg(4), 0x3c00);
    cr_assert_eq(env->vregs[4][1], 0);
    cr_assert_eq(reg(6), 0x477fe000, "65504.0");
    cr_assert_eq(reg(8), 0x7c00, "IEEE half: +inf");
    cr_assert_eq(env->xregs[1] & (OFC | IXC), OFC | IXC);
    cr_assert_eq(reg(10), 0xfff0000000000000ull);
    cr_assert_eq(reg(12), 0x7fc00000, "sNaN narrowed: quiet, no payload bits left");
    cr_assert_eq(f & IOC, IOC);
    f = run_fp(AHP);
    cr_assert_eq(reg(8), 0x7c00, "alternative half: 65536 is a number");
    cr_assert_eq(env->xregs[1] & OFC, 0);
}

Test(a64_fp, fpsr_is_cumulative_and_writable)
{
    a64_asm("fdiv s0, s1, s2\n mrs x1, fpsr\n msr fpsr, xzr\n fadd s3, s1, s1\n mrs x2, fpsr\n"
            "mov x3, #0x8000000\n msr fpsr, x3\n fdiv s0, s1, s1\n mrs x4, fpsr");
    set_s(1, 0x3f800000);
    set_s(2, 0);
    run_fp(RN);
    cr_assert_eq(env->xregs[1], DZC, "1/0: DZC");
    cr_assert_eq(reg(0), 0x3f800000, "1/1 last");
    cr_assert_eq(env->xregs[2], 0, "cleared by MSR; 1 + 1 is exact");
    cr_assert_eq(env->xregs[4], 0x8000000, "QC as written, nothing added");
}

/* -- Advanced SIMD floating point -- */

static uint32_t s_lane(int n, int i) { return (uint32_t)(env->vregs[n][i / 2] >> (32 * (i & 1))); }

static void set_4s(int n, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    env->vregs[n][0] = a | (uint64_t)b << 32;
    env->vregs[n][1] = c | (uint64_t)d << 32;
}

Test(a64_fp, vector_arithmetic_pairwise_reductions_and_compares)
{
    a64_asm("fadd v0.4s, v1.4s, v2.4s\n faddp v3.4s, v1.4s, v2.4s\n fmaxnmv s4, v2.4s\n mrs x1, fpsr\n"
            "fcmgt v5.4s, v1.4s, v2.4s\n mrs x2, fpsr\n fcvtzs v6.4s, v1.4s, #1\n scvtf v7.2d, v8.2d\n"
            "fmla v9.2s, v1.2s, v2.s[2]\n fcvtn v10.4h, v1.4s\n fcvtl v11.2d, v1.2s\n fmaxv s12, v2.4s");
    set_4s(1, 0x3f800000, 0x40000000, 0x40400000, 0x40800000); /* 1 2 3 4 */
    set_4s(2, 0x3f000000, 0x3f000000, 0xc0800000, 0x7fc00001); /* 0.5 0.5 -4 qNaN */
    env->vregs[8][0] = (uint64_t)-3;
    env->vregs[8][1] = (1ull << 53) + 1;
    set_4s(9, 0x3f800000, 0x3f800000, 0x12345678, 0x12345678);
    uint32_t f = run_fp(RN);
    cr_assert_eq(s_lane(0, 0), 0x3fc00000, "1.5");
    cr_assert_eq(s_lane(0, 2), 0xbf800000, "-1.0");
    cr_assert_eq(s_lane(0, 3), 0x7fc00001, "the quiet NaN passes through");
    cr_assert_eq(s_lane(3, 0), 0x40400000, "FADDP: 1 + 2");
    cr_assert_eq(s_lane(3, 1), 0x40e00000, "3 + 4");
    cr_assert_eq(s_lane(3, 2), 0x3f800000, "then the pairs of Vm: 0.5 + 0.5");
    cr_assert_eq(s_lane(3, 3), 0x7fc00001);
    cr_assert_eq(reg(4), 0x3f000000, "FMAXNMV ignores the quiet NaN: 0.5");
    cr_assert_eq(env->vregs[4][1], 0);
    cr_assert_eq(env->xregs[1], 0, "no flag so far");
    cr_assert_eq(env->vregs[5][0], ~0ull);
    cr_assert_eq(env->vregs[5][1], 0xffffffffull, "4 > NaN is false");
    cr_assert_eq(env->xregs[2], IOC, "FCMGT signals on a NaN");
    cr_assert_eq(env->vregs[6][0], 2 | 4ull << 32, "fixed point: x * 2");
    cr_assert_eq(env->vregs[6][1], 6 | 8ull << 32);
    cr_assert_eq(env->vregs[7][0], 0xc008000000000000ull, "-3.0");
    cr_assert_eq(env->vregs[7][1], 0x4340000000000000ull, "2^53 + 1 rounds to even");
    cr_assert_eq(env->vregs[9][0], 0xc0400000 | 0xc0e00000ull << 32, "1 + 1 * -4, 1 + 2 * -4");
    cr_assert_eq(env->vregs[9][1], 0, "a 64-bit vector result zeroes the top");
    cr_assert_eq(env->vregs[10][0], 0x4400420040003c00ull, "FCVTN to halves");
    cr_assert_eq(env->vregs[10][1], 0);
    cr_assert_eq(env->vregs[11][0], 0x3ff0000000000000ull);
    cr_assert_eq(env->vregs[11][1], 0x4000000000000000ull);
    cr_assert_eq(reg(12), 0x7fc00001, "FMAXV propagates the NaN");
    cr_assert_eq(f & IXC, IXC);
}

Test(a64_fp, reciprocal_steps_are_fused)
{
    a64_asm("frecps s0, s1, s2\n frecps s3, s4, s5\n frsqrts d6, d7, d8\n frsqrts d9, d10, d11\n"
            "frsqrts s12, s13, s13\n mrs x1, fpsr");
    set_s(1, 0x40000000);          /* 2.0 */
    set_s(2, 0x3f000000);          /* 0.5: 2 - 1 = 1 */
    set_s(4, 0xff800000);          /* -inf */
    set_s(5, 0);                   /* inf * 0: exactly 2.0, no IOC */
    set_d(7, 0x3ff0000000000000);  /* 1.0 */
    set_d(8, 0x4000000000000000);  /* 2.0: (3 - 2) / 2 = 0.5 */
    set_d(10, 0);
    set_d(11, 0x7ff0000000000000); /* 0 * inf: exactly 1.5 */
    set_s(13, 0x7f7fffff);         /* max * max: (3 - 2^256) / 2 is -inf */
    run_fp(RN);
    cr_assert_eq(reg(0), 0x3f800000);
    cr_assert_eq(reg(3), 0x40000000);
    cr_assert_eq(reg(6), 0x3fe0000000000000ull);
    cr_assert_eq(reg(9), 0x3ff8000000000000ull);
    cr_assert_eq(reg(12), 0xff800000, "overflows to -inf in RN");
    cr_assert_eq(env->xregs[1], OFC | IXC);
    run_fp(RZ);
    cr_assert_eq(reg(12), 0xff7fffff, "RZ: the largest finite, from one rounding of the halved value");
}

/* RecipEstimate(256) = 511 and RecipSqrtEstimate(128) = 511, worked out
 * from the pseudocode's integer loops: 1/1.0 estimates as 0x3f7f8000,
 * 1/sqrt(4.0) as 0x3eff8000. */
Test(a64_fp, reciprocal_estimates)
{
    a64_asm("frecpe s0, s1\n frecpe s2, s3\n frsqrte s4, s5\n frsqrte s6, s7\n mrs x1, fpsr\n msr fpsr, xzr\n"
            "frecpe s8, s9\n mrs x2, fpsr\n frecpx d10, d11\n frecpx d12, d13\n urecpe v14.4s, v15.4s");
    set_s(1, 0x3f800000);          /* 1.0 */
    set_s(3, 0);                   /* 1/0: +inf, DZC */
    set_s(5, 0x40800000);          /* 4.0 */
    set_s(7, 0xbf800000);          /* -1.0: the default NaN, IOC */
    set_s(9, 1);                   /* below 2^-128: the reciprocal overflows */
    set_d(11, 0x4000000000000000); /* 2.0: exponent inverted, 1.0 */
    set_d(13, 0);                  /* zero: the largest exponent but one */
    env->vregs[15][0] = 0x7fffffff80000000ull;
    run_fp(RN);
    cr_assert_eq(reg(0), 0x3f7f8000);
    cr_assert_eq(reg(2), 0x7f800000);
    cr_assert_eq(reg(4), 0x3eff8000);
    cr_assert_eq(reg(6), 0x7fc00000);
    cr_assert_eq(env->xregs[1], DZC | IOC);
    cr_assert_eq(reg(8), 0x7f800000, "RN: to infinity");
    cr_assert_eq(env->xregs[2], OFC | IXC);
    cr_assert_eq(reg(10), 0x3ff0000000000000ull);
    cr_assert_eq(reg(12), 0x7fe0000000000000ull);
    cr_assert_eq(env->vregs[14][0], 0xffffffffff800000ull, "URECPE: no top bit gives all ones");
    run_fp(RZ);
    cr_assert_eq(reg(8), 0x7f7fffff, "RZ: the largest finite");
}
