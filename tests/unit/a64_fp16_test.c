/*
 * ARMv8.2 half-precision arithmetic, FRINT32/64 and FJCVTZS through the
 * real pipeline, with every expected value worked out by hand from the
 * architecture's pseudocode (FPRound at N = 16, FPUnpack with FZ16,
 * FPProcessNaNs, FPToFixed, FixedToFP, FPRoundIntN, FPToFixedJS):
 *
 *     1/3 = 1.0101010101|0101..b * 2^-2: the dropped bits are below one
 *     half, so RN and RZ give 0x3555, RP 0x3556; -1/3 RM gives 0xb556.
 *
 * Also the vector and scalar AdvSIMD FP16 forms, the UNDEF verdicts of a
 * cpu without the features, and what the models advertise.
 */
#include "a64_test_util.h"
#include "frontends/arm/a64-translate.h"
#include "linux-user/aarch64/a64_user.h"

TestSuite(a64_fp16, .init = a64_setup, .fini = a64_teardown);

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
enum { RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22, FZ16 = 1 << 19, FZ = 1 << 24, DN = 1 << 25 };
enum { ALL = A64_FEATURE_FP16 | A64_FEATURE_FRINTTS | A64_FEATURE_JSCVT };

/* The assembler needs the extensions named. */
#define ARCH ".arch armv8.5-a+fp16\n"

static void set(int n, uint64_t v) { env->vregs[n][0] = v; env->vregs[n][1] = 0; }
static uint64_t reg(int n) { return env->vregs[n][0]; }

/* Runs the last snippet with every feature, FPCR = fpcr and FPSR = 0;
 * returns FPSR. */
static uint32_t run_fp(uint32_t fpcr)
{
    env->features = ALL;
    env->fpcr = fpcr;
    env->fpsr = 0;
    cr_assert_eq(a64_run(), EXCP_SWI);
    return env->fpsr;
}

Test(a64_fp16, exact_arithmetic_and_writes_zero_the_rest)
{
    a64_asm(ARCH "fadd h0, h1, h2\n fmul h3, h1, h2\n fdiv h4, h5, h6\n fsqrt h7, h8\n fnmul h9, h1, h2\n"
                 "fabs h10, h11\n fneg h12, h13\n fmadd h14, h1, h2, h6\n fmov h15, #-3.75\n fmov h16, w17\n"
                 "fmov x18, h2\n fcsel h19, h1, h2, eq");
    set(1, 0x3e00);            /* 1.5 */
    set(2, 0xffff4080);        /* 2.25, with junk above the H register */
    set(5, 0x4600);            /* 6.0 */
    set(6, 0x4000);            /* 2.0 */
    set(8, 0x4880);            /* 9.0 */
    set(11, 0xfc01);           /* a negative sNaN: FABS clears the sign alone */
    set(13, 0x7c00);           /* +inf */
    env->vregs[0][1] = ~0ull;
    env->xregs[17] = 0xabcd1234;
    env->ZF = 0;               /* Z set: FCSEL takes Hn */
    cr_assert_eq(run_fp(RN), 0, "exact results raise nothing");
    cr_assert_eq(reg(0), 0x4380, "1.5 + 2.25 = 3.75, the rest of V0 zeroed");
    cr_assert_eq(env->vregs[0][1], 0);
    cr_assert_eq(reg(3), 0x42c0, "3.375");
    cr_assert_eq(reg(4), 0x4200, "6 / 2 = 3");
    cr_assert_eq(reg(7), 0x4200, "sqrt 9 = 3");
    cr_assert_eq(reg(9), 0xc2c0, "-3.375");
    cr_assert_eq(reg(10), 0x7c01);
    cr_assert_eq(reg(12), 0xfc00);
    cr_assert_eq(reg(14), 0x4560, "1.5 * 2.25 + 2 = 5.375");
    cr_assert_eq(reg(15), 0xc380, "FMOV (immediate) -3.75");
    cr_assert_eq(reg(16), 0x1234, "FMOV Hd, Wn takes the low 16 bits");
    cr_assert_eq(env->xregs[18], 0x4080, "FMOV Xd, Hn zero-extends");
    cr_assert_eq(reg(19), 0x3e00);
}

Test(a64_fp16, nan_selection_and_default_nan)
{
    a64_asm(ARCH "fadd h0, h1, h2\n fmaxnm h3, h4, h5\n fmax h6, h4, h5\n fmadd h7, h4, h1, h5\n fdiv h8, h9, h9\n"
                 "fmin h10, h11, h12\n msr fpsr, xzr\n fmadd h14, h13, h9, h5\n mrs x15, fpsr");
    set(1, 0x7c01);            /* sNaN */
    set(2, 0xfe42);            /* -qNaN */
    set(4, 0x3c00);            /* 1.0 */
    set(5, 0x7e05);            /* qNaN */
    set(9, 0);
    set(11, 0x8000);           /* -0 */
    set(12, 0);
    set(13, 0x7c00);           /* +inf */
    cr_assert_eq(run_fp(RN) & IOC, IOC);
    cr_assert_eq(reg(0), 0x7e01, "the signalling NaN wins, quietened");
    cr_assert_eq(reg(3), 0x3c00, "FMAXNM: a quiet NaN loses to a number");
    cr_assert_eq(reg(6), 0x7e05, "FMAX propagates it");
    cr_assert_eq(reg(7), 0x7e01, "FMADD: a signalling multiplicand beats a quiet addend");
    cr_assert_eq(reg(8), 0x7e00, "0/0: the default NaN");
    cr_assert_eq(reg(10), 0x8000, "FMIN(-0, +0) = -0");
    cr_assert_eq(reg(14), 0x7e00, "inf * 0 + a quiet NaN: the default NaN, not the addend");
    cr_assert_eq(env->xregs[15], IOC, "and invalid");
    cr_assert_eq(run_fp(DN) & IOC, IOC);
    cr_assert_eq(reg(0), 0x7e00, "DN: the default NaN");
    cr_assert_eq(reg(6), 0x7e00);
}

Test(a64_fp16, rounding_modes_and_overflow)
{
    a64_asm(ARCH "fdiv h0, h1, h2\n fdiv h3, h4, h2\n fmul h5, h6, h7\n fmul h8, h9, h7");
    set(1, 0x3c00);            /* 1.0 */
    set(2, 0x4200);            /* 3.0 */
    set(4, 0xbc00);            /* -1.0 */
    set(6, 0x7bff);            /* 65504, the largest half */
    set(7, 0x4000);            /* 2.0 */
    set(9, 0xfbff);
    static const struct { uint32_t mode; uint16_t third, minus_third, big, minus_big; } want[] = {
        {RN, 0x3555, 0xb555, 0x7c00, 0xfc00},
        {RZ, 0x3555, 0xb555, 0x7bff, 0xfbff},
        {RP, 0x3556, 0xb555, 0x7c00, 0xfbff},
        {RM, 0x3555, 0xb556, 0x7bff, 0xfc00},
    };
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(run_fp(want[i].mode), OFC | IXC, "mode %d", i);
        cr_assert_eq(reg(0), want[i].third, "1/3 in mode %d", i);
        cr_assert_eq(reg(3), want[i].minus_third, "-1/3 in mode %d", i);
        cr_assert_eq(reg(5), want[i].big, "65504 * 2 in mode %d: infinity or the largest half", i);
        cr_assert_eq(reg(8), want[i].minus_big, "-65504 * 2 in mode %d", i);
    }
}

Test(a64_fp16, denormals_with_and_without_fz16)
{
    a64_asm(ARCH "fadd h0, h1, h2\n fmul h3, h4, h5\n fmul h6, h7, h5\n fcmp h1, #0.0\n mrs x9, nzcv");
    set(1, 0x0001);            /* 2^-24, the smallest denormal */
    set(2, 0);
    set(4, 0x0400);            /* 2^-14, the smallest normal */
    set(5, 0x3800);            /* 0.5 */
    set(7, 0x0401);            /* 2^-14 (1 + 2^-10): half of it is 512.5 denormal units */
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 1, "without FZ16 the denormal survives");
    cr_assert_eq(reg(3), 0x0200, "an exact tiny result");
    cr_assert_eq(reg(6), 0x0200, "a tie rounds to even");
    cr_assert_eq(f, UFC | IXC, "tiny and inexact: UFC; the exact one raised nothing");
    cr_assert_eq(env->xregs[9], 0x20000000, "denormal > 0: C");
    cr_assert_eq(run_fp(RP), UFC | IXC);
    cr_assert_eq(reg(6), 0x0201, "RP rounds the tie up");
    cr_assert_eq(run_fp(FZ), UFC | IXC, "FPCR.FZ leaves halves alone");
    cr_assert_eq(reg(0), 1);
    f = run_fp(FZ16);
    cr_assert_eq(reg(0), 0, "FZ16: the denormal input reads as zero");
    cr_assert_eq(reg(3), 0, "FZ16: a tiny result is flushed");
    cr_assert_eq(reg(6), 0);
    cr_assert_eq(f, UFC, "flushing inputs sets no IDC; flushed results UFC and no IXC");
    cr_assert_eq(env->xregs[9], 0x60000000, "flushed denormal == 0: Z and C");
}

Test(a64_fp16, integer_and_fixed_point_conversions)
{
    a64_asm(ARCH "scvtf h0, w1\n ucvtf h2, x3\n fcvtzs w4, h5\n fcvtzs w6, h7\n fcvtzu x8, h9\n fcvtns w10, h11\n"
                 "fcvtas w12, h11\n fcvtzs w13, h14, #4\n scvtf h15, w16, #16\n fcvtms x17, h9");
    env->xregs[1] = 65519;     /* below 65520, the midpoint of 65504 and 2^16 */
    env->xregs[3] = ~0ull;     /* 2^64 - 1 */
    set(5, 0x7bff);            /* 65504 */
    set(7, 0xfc00);            /* -inf */
    set(9, 0xbe00);            /* -1.5 */
    set(11, 0x4100);           /* 2.5 */
    set(14, 0x3e00);           /* 1.5 */
    env->xregs[16] = 1;
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 0x7bff, "65519 rounds down to 65504");
    cr_assert_eq(reg(2), 0x7c00, "2^64 - 1 overflows to infinity");
    cr_assert_eq(env->xregs[4], 65504);
    cr_assert_eq(env->xregs[6], 0x80000000, "-inf saturates");
    cr_assert_eq(env->xregs[8], 0, "unsigned of -1.5 saturates at 0");
    cr_assert_eq(env->xregs[10], 2, "ties to even");
    cr_assert_eq(env->xregs[12], 3, "ties away");
    cr_assert_eq(env->xregs[13], 24, "1.5 * 2^4");
    cr_assert_eq(reg(15), 0x0100, "2^-16 is an exact denormal half");
    cr_assert_eq(env->xregs[17], (uint64_t)-2, "-1.5 toward minus infinity");
    cr_assert_eq(f, IOC | OFC | IXC);
    run_fp(RP);
    cr_assert_eq(reg(0), 0x7c00, "RP: 65519 overflows");
    run_fp(RZ);
    cr_assert_eq(reg(2), 0x7bff, "RZ: the largest half");
    cr_assert_eq(run_fp(FZ16) & UFC, UFC);
    cr_assert_eq(reg(15), 0, "FZ16 flushes the tiny fixed-point value");
}

Test(a64_fp16, round_to_integral)
{
    a64_asm(ARCH "frinta h0, h1\n frintn h2, h1\n frintm h3, h4\n frintp h5, h4\n frintz h6, h1\n mrs x7, fpsr\n"
                 "frintx h8, h1");
    set(1, 0x4100);            /* 2.5 */
    set(4, 0xb800);            /* -0.5 */
    uint32_t f = run_fp(RN);
    cr_assert_eq(reg(0), 0x4200, "3");
    cr_assert_eq(reg(2), 0x4000, "2");
    cr_assert_eq(reg(3), 0xbc00, "-1");
    cr_assert_eq(reg(5), 0x8000, "-0");
    cr_assert_eq(reg(6), 0x4000);
    cr_assert_eq(env->xregs[7], 0, "only FRINTX signals inexact");
    cr_assert_eq(reg(8), 0x4000);
    cr_assert_eq(f, IXC);
}

Test(a64_fp16, frint32_and_frint64)
{
    a64_asm(ARCH "frint32z s0, s1\n frint32z s2, s3\n frint32x s4, s5\n frint64z d6, d7\n frint64x d8, d9\n"
                 "frint32z d10, d11\n mrs x20, fpsr\n msr fpsr, xzr\n frint32x d12, d11\n mrs x21, fpsr\n"
                 "frint64x v13.2d, v14.2d");
    set(1, 0x4f000000);        /* 2^31: out of range */
    set(3, 0xcf000000);        /* -2^31: in range */
    set(5, 0x40200000);        /* 2.5 */
    set(7, 0x7ff8000000000000ull);
    set(9, 0xbfd999999999999aull);          /* -0.4 */
    set(11, 0x41dfffffffe00000ull);         /* 2^31 - 0.5 */
    env->vregs[14][0] = 0x43e0000000000000ull; /* 2^63: out of range */
    env->vregs[14][1] = 0xc00c000000000000ull; /* -3.5 */
    run_fp(RN);
    cr_assert_eq(reg(0), 0xcf000000, "out of range: -2^31");
    cr_assert_eq(reg(2), 0xcf000000);
    cr_assert_eq(reg(4), 0x40000000, "2.5 to even: 2");
    cr_assert_eq(reg(6), 0xc3e0000000000000ull, "NaN: -2^63");
    cr_assert_eq(reg(8), 0x8000000000000000ull, "-0.4 gives -0");
    cr_assert_eq(reg(10), 0x41dfffffffc00000ull, "2^31 - 1");
    cr_assert_eq(env->xregs[20], IOC | IXC);
    cr_assert_eq(reg(12), 0xc1e0000000000000ull, "rounds to 2^31: out of range");
    cr_assert_eq(env->xregs[21], IOC, "out of range is not also inexact");
    cr_assert_eq(env->vregs[13][0], 0xc3e0000000000000ull);
    cr_assert_eq(env->vregs[13][1], 0xc010000000000000ull, "-3.5 to even: -4");
}

Test(a64_fp16, fjcvtzs_wraps_and_sets_z)
{
    a64_asm(ARCH "fjcvtzs w0, d1\n mrs x1, nzcv\n mrs x2, fpsr");
    static const struct { uint64_t in; uint32_t fpcr; uint32_t out, nzcv, fpsr; } t[] = {
        {0x3ff0000000000000ull, RN, 1, 0x40000000, 0},           /* 1.0: exact */
        {0xbff8000000000000ull, RN, 0xffffffff, 0, IXC},         /* -1.5: -1 */
        {0x41f0000005000000ull, RN, 0x50, 0, IOC},              /* 2^32 + 80: the low bits */
        {0x41e0000000000000ull, RN, 0x80000000, 0, IOC},        /* 2^31 */
        {0xc1e0000000000000ull, RN, 0x80000000, 0x40000000, 0}, /* -2^31 */
        {0x8000000000000000ull, RN, 0, 0, 0},                   /* -0: not exact */
        {0x0000000000000001ull, FZ, 0, 0, IDC},                 /* a flushed denormal */
        {0x0000000000000001ull, RN, 0, 0, IXC},
        {0x7ff0000000000000ull, RM, 0, 0, IOC},                 /* +inf, any mode */
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        set(1, t[i].in);
        env->NF = env->VF = ~0ull;
        env->CF = 1;
        run_fp(t[i].fpcr);
        cr_assert_eq(env->xregs[0], t[i].out, "case %zu", i);
        cr_assert_eq(env->xregs[1], t[i].nzcv, "case %zu: 0Z00", i);
        cr_assert_eq(env->xregs[2], t[i].fpsr, "case %zu", i);
    }
}

Test(a64_fp16, vector_and_scalar_simd_forms)
{
    a64_asm(ARCH "fadd v0.8h, v1.8h, v2.8h\n fmaxv h3, v4.4h\n fminnmv h5, v6.8h\n fcmge v7.4h, v1.4h, #0.0\n"
                 "scvtf v8.4h, v9.4h, #2\n fcvtzs v10.8h, v11.8h\n fmul v12.8h, v1.8h, v15.h[7]\n faddp h13, v14.2h\n"
                 "fmulx h16, h1, v15.h[7]\n frecpe h17, h18\n fmov v19.4h, #1.5\n fcvtzu h20, h21, #1\n"
                 "fcvtzs h22, h23, #2");
    env->vregs[1][0] = 0xbc00420040003c00ull;  /* 1, 2, 3, -1 */
    env->vregs[1][1] = 0x7e0000008000fc00ull;  /* -inf, -0, 0, qNaN */
    env->vregs[2][0] = 0x3c003c003c003c00ull;  /* 1.0 in every lane */
    env->vregs[2][1] = 0x3c003c003c003c00ull;
    env->vregs[4][0] = 0xfc0040004200bc00ull;  /* -1, 3, 2, -inf */
    env->vregs[6][0] = 0x3c0042007e004400ull;  /* 4, qNaN, 3, 1 */
    env->vregs[6][1] = 0x4600450048004700ull;  /* 7, 8, 5, 6 */
    env->vregs[9][0] = 0x0004fffc00010000ull;  /* 0, 1, -4, 4 (16-bit ints) */
    env->vregs[11][0] = 0x7bffbc003e003c00ull; /* 1, 1.5, -1, 65504 */
    env->vregs[11][1] = 0;
    env->vregs[15][1] = 0x4000000000000000ull; /* lane 7: 2.0 */
    env->vregs[14][0] = 0x42004000;            /* 2, 3 */
    set(18, 0x4000);                            /* 2.0 */
    set(21, 0x3e00);                            /* 1.5 */
    set(23, 0xbc00);                            /* -1.0 */
    uint32_t f = run_fp(RN);
    cr_assert_eq(env->vregs[0][0], 0x0000440042004000ull, "2, 3, 4, 0");
    cr_assert_eq(env->vregs[0][1], 0x7e003c003c00fc00ull, "-inf, 1, 1, qNaN");
    cr_assert_eq(reg(3), 0x4200, "FMAXV .4H: 3");
    cr_assert_eq(env->vregs[3][1], 0);
    cr_assert_eq(reg(5), 0x3c00, "FMINNMV: the quiet NaN is ignored, 1");
    cr_assert_eq(env->vregs[7][0], 0x0000ffffffffffffull, "1, 2, 3 >= 0; -1 not");
    cr_assert_eq(env->vregs[7][1], 0, "a 64-bit vector zeroes the top");
    cr_assert_eq(env->vregs[8][0], 0x3c00bc0034000000ull, "0, 1/4, -4/4, 4/4");
    cr_assert_eq(env->vregs[10][0], 0x7fffffff00010001ull, "1, 1, -1, 65504 saturated");
    cr_assert_eq(env->vregs[12][0], 0xc000460044004000ull, "times lane 7 (2.0)");
    cr_assert_eq(reg(13), 0x4500, "2 + 3");
    cr_assert_eq(reg(16), 0x4000, "FMULX by element, scalar");
    cr_assert_eq(reg(17), 0x37fc, "FRECPE 2.0: 0.49902 (the estimate 255/256 / 2)");
    cr_assert_eq(env->vregs[19][0], 0x3e003e003e003e00ull);
    cr_assert_eq(reg(20), 3, "1.5 * 2");
    cr_assert_eq(reg(22), 0xfffc, "-4 in 16 bits, the rest of V22 zero (qemu-aarch64 7.2 sign-extends it to 32)");
    cr_assert_eq(f, IOC | IXC, "the saturation and 1.5 truncated");
}

Test(a64_fp16, undefined_without_the_features)
{
    static const char *const insns[] = {
        "fadd h0, h1, h2", "fmov h0, #1.0", "fcmp h0, #0.0", "fmov h0, w1", "scvtf h0, w1",
        "frint32z s0, s1", "frint64x v0.2d, v1.2d", "fjcvtzs w0, d1", "fadd v0.8h, v1.8h, v2.8h",
        "fmaxv h0, v1.8h", "fmul v0.4h, v1.4h, v2.h[1]", "faddp h0, v1.2h", "fmov v0.8h, #1.0",
        "fcvtzs v0.4h, v1.4h, #3", "fabs v0.4h, v1.4h", "frecpe h0, h1",
    };
    for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
        char src[96];
        snprintf(src, sizeof(src), ARCH "%s", insns[i]);
        a64_asm(src);
        env->features = A64_FEATURES_DEFAULT;
        cr_assert_eq(a64_run(), EXCP_UDEF, "%s needs its feature", insns[i]);
    }
    a64_asm(ARCH "fcvt s0, h1");
    env->features = A64_FEATURES_DEFAULT;
    set(1, 0x3c00);
    cr_assert_eq(a64_run(), EXCP_SWI, "FCVT from H is ARMv8.0");
    cr_assert_eq(reg(0), 0x3f800000);
}

Test(a64_fp16, fz16_is_res0_without_half_precision)
{
    a64_asm("mov x1, #0x80000\n msr fpcr, x1\n mrs x0, fpcr");
    env->features = A64_FEATURES_DEFAULT;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0, "FPCR.FZ16 reads as zero");
    a64_asm("mov x1, #0x80000\n msr fpcr, x1\n mrs x0, fpcr");
    env->features = A64_FEATURE_FP16;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x80000, "FPCR.FZ16 held");
}

Test(a64_fp16, models_and_id_registers)
{
    uint64_t v;
    cr_assert(a64_id_reg_value(A64_FEATURE_FP16, A64_MIDR, 4, 0, &v));
    cr_assert_eq(v, 0x110011, "ID_AA64PFR0: FP and AdvSIMD 1 (half precision)");
    cr_assert(a64_id_reg_value(0, A64_MIDR, 4, 0, &v));
    cr_assert_eq(v, 0x11);
    cr_assert(a64_id_reg_value(A64_FEATURE_JSCVT | A64_FEATURE_FRINTTS, A64_MIDR, 6, 1, &v));
    cr_assert_eq(v, 1ull << 32 | 1ull << 12, "ID_AA64ISAR1: FRINTTS, JSCVT");
    uint64_t fphp = 1u << 9, asimdhp = 1u << 10, jscvt = 1u << 13, frint = 1u << 8;
    cr_assert_eq(a64_cpu_hwcap("max") & (fphp | asimdhp | jscvt), fphp | asimdhp | jscvt);
    cr_assert_eq(a64_cpu_hwcap2("max") & frint, frint);
    cr_assert_eq(a64_cpu_hwcap("neoverse-n1") & (fphp | asimdhp | jscvt), fphp | asimdhp);
    cr_assert_eq(a64_cpu_hwcap2("neoverse-n1") & frint, 0);
    cr_assert_eq(a64_cpu_hwcap("cortex-a72") & (fphp | asimdhp | jscvt), 0);
    cr_assert_eq(a64_cpu_features("cortex-a53") & ALL, 0);
    char info[4096];
    a64_cpu_info("max", 1, info, sizeof(info));
    cr_assert_not_null(strstr(info, " atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc"), "/proc/cpuinfo: %s", info);
    cr_assert_not_null(strstr(info, " flagm flagm2 frint i8mm\n"), "AT_HWCAP2 after AT_HWCAP: %s", info);
    a64_cpu_info("neoverse-n1", 1, info, sizeof(info));
    cr_assert_not_null(strstr(info, " fphp asimdhp"), "%s", info);
    cr_assert_null(strstr(info, "frint"), "%s", info);
}
