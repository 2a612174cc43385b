/*
 * The AdvSIMD additions after ARMv8.0 that the A64 frontend decodes under
 * a feature bit, run through the real pipeline (snippets assembled with
 * aarch64-linux-gnu-as, run by cpu_exec until the SVC):
 *
 *   - SQRDMLAH/SQRDMLSH (ARMv8.1 RDM): vector, by element, scalar;
 *   - SDOT/UDOT (ARMv8.2 DotProd): vector and by element;
 *   - USDOT, SUDOT, SMMLA, UMMLA, USMMLA (ARMv8.6 I8MM);
 *   - FCMLA (vector, by element) and FCADD (ARMv8.3 FCMA), single and
 *     double precision;
 *
 * each UNDEF on a model without its feature, and what AT_HWCAP and the ID
 * registers say per model. Every expected value is worked out by hand in
 * the comments from the Arm ARM pseudocode: the saturating rounding
 * multiply-accumulates as (d << esize) +- 2 * n * m + (1 << (esize - 1)),
 * shifted right and saturated once; the dot products as sums of four byte
 * products modulo 2^32; the complex ops as fused multiply-adds and adds of
 * exactly representable values.
 */
#include "a64_test_util.h"
#include "frontends/arm/a64-translate.h"
#include "linux-user/aarch64/a64_user.h"

#define ALL_EXT (A64_FEATURE_RDM | A64_FEATURE_DOTPROD | A64_FEATURE_FCMA | A64_FEATURE_I8MM)
#define ARCH ".arch armv8.3-a+dotprod+rdm+i8mm\n"
#define QC (1u << 27)

static void ext_setup(void)
{
    a64_setup();
    env->features |= ALL_EXT;
}

TestSuite(a64_simd_ext, .init = ext_setup, .fini = a64_teardown);

static void set_v(int n, uint64_t lo, uint64_t hi)
{
    env->vregs[n][0] = lo;
    env->vregs[n][1] = hi;
}

static void assert_v(int n, uint64_t lo, uint64_t hi, const char *what)
{
    cr_assert_eq(env->vregs[n][0], lo, "%s: low %016llx, expected %016llx", what,
                 (unsigned long long)env->vregs[n][0], (unsigned long long)lo);
    cr_assert_eq(env->vregs[n][1], hi, "%s: high %016llx, expected %016llx", what,
                 (unsigned long long)env->vregs[n][1], (unsigned long long)hi);
}

static uint32_t f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t f64(double f)
{
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

static uint64_t pair32(float lo, float hi) { return (uint64_t)f32(hi) << 32 | f32(lo); }

/* -- SQRDMLAH / SQRDMLSH -- */

/*
 * Lanes of v1 (n), v2 (m), v0 (d of SQRDMLAH) and v3 (d of SQRDMLSH), and
 * the results, (d << 16) +- 2nm + 0x8000 >> 16 saturated:
 *
 *   lane  n       m       d0      SQRDMLAH                     d3      SQRDMLSH
 *   0     8000    8000    0       2^31+2^15 >> 16 = 8000: 7fff  0       -2^31+2^15: -32768 = 8000
 *   1     8000    8000    ffff    2^31-2^15: 32767.5 -> 7fff    8000    -2^32+2^15: sat 8000
 *   2     1       4000    0       65536 -> 1                    0       0 -> 0
 *   3     1       3fff    0       65534 -> 0                    0       2 -> 0
 *   4     ffff    4000    0       0 -> 0                        0       65536 -> 1
 *   5     ffff    4001    0       -2 -> ffff                    0       65538 -> 1
 *   6     7fff    7fff    7fff    65533 -> sat 7fff             7fff    98302 -> 1
 *   7     0100    0200    1234    +294912: 1234 + 4 = 1238      1234    -229376: 1234 - 4 = 1230
 *
 * Lanes 0 and 6 of SQRDMLAH and lane 1 of SQRDMLSH saturate (QC); the .4h
 * one (lane 7's values) does not, and zeroes the top half.
 */
Test(a64_simd_ext, sqrdmlah_sqrdmlsh_saturation_and_rounding)
{
    a64_asm(ARCH "sqrdmlah v0.8h, v1.8h, v2.8h\n mrs x1, fpsr\n msr fpsr, xzr\n"
                 "sqrdmlsh v3.8h, v1.8h, v2.8h\n mrs x2, fpsr\n msr fpsr, xzr\n"
                 "sqrdmlah v4.4h, v5.4h, v6.4h\n mrs x3, fpsr");
    set_v(1, 0x0001000180008000ull, 0x01007fffffffffffull);
    set_v(2, 0x3fff400080008000ull, 0x02007fff40014000ull);
    set_v(0, 0x00000000ffff0000ull, 0x12347fff00000000ull);
    set_v(3, 0x0000000080000000ull, 0x12347fff00000000ull);
    set_v(5, 0x0100010001000100ull, 0);
    set_v(6, 0x0200020002000200ull, 0);
    set_v(4, 0x1234123412341234ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, 0x000000017fff7fffull, 0x12387fffffff0000ull, "sqrdmlah .8h");
    assert_v(3, 0x0000000080008000ull, 0x1230000100010001ull, "sqrdmlsh .8h");
    assert_v(4, 0x1238123812381238ull, 0, "sqrdmlah .4h");
    cr_assert_eq(env->xregs[1] & QC, QC, "SQRDMLAH saturated");
    cr_assert_eq(env->xregs[2] & QC, QC, "SQRDMLSH saturated");
    cr_assert_eq(env->xregs[3] & QC, 0, "no saturation, no QC");
}

/*
 * 32-bit lanes, m = v2.s[3] = 0x80000000 (-2^31) for each:
 *   n 80000000, d 7fffffff: (d << 32) + 2^63 + 2^31 >> 32 = 2^32 - 1: sat 7fffffff
 *   n 40000000, d 0:        -2^62 + 2^31 >> 32 = -2^30 (floor of -2^30 + 0.5): c0000000
 *   n 1,        d 10:       (16 << 32) - 2^32 + 2^31 >> 32 = 15
 *   n ffffffff, d 5:        (5 << 32) + 2^32 + 2^31 >> 32 = 6
 * Scalar SQRDMLSH s3 = 0 - 2 * 2^30 * 2^30 + 2^31 >> 32 = -2^29: e0000000,
 * the rest of v3 zeroed. By element on H lanes, m = v15.h[7] = 0x4000:
 *   n 1: 0 - 32768 + 32768 = 0;  n 2: -65536 + 32768 >> 16 = -1: ffff
 *   n ffff: 32768 + 32768 >> 16 = 1;  n 8000, d 7fff: 32767 + 16384: sat 7fff
 */
Test(a64_simd_ext, sqrdmlah_by_element_and_scalar)
{
    a64_asm(ARCH "sqrdmlah v0.4s, v1.4s, v2.s[3]\n sqrdmlsh s3, s4, s5\n sqrdmlsh v6.4h, v7.4h, v15.h[7]\n"
                 "mrs x1, fpsr");
    set_v(1, 0x4000000080000000ull, 0xffffffff00000001ull);
    set_v(2, 0x1111111111111111ull, 0x8000000011111111ull);
    set_v(0, 0x000000007fffffffull, 0x0000000500000010ull);
    set_v(3, 0x1234567800000000ull, ~0ull);
    set_v(4, 0x40000000, 0);
    set_v(5, 0x40000000, 0);
    set_v(7, 0x8000ffff00020001ull, 0);
    set_v(15, 0, 0x4000000000000000ull);
    set_v(6, 0x7fff000000000000ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, 0xc00000007fffffffull, 0x000000060000000full, "sqrdmlah .4s by element");
    assert_v(3, 0xe0000000ull, 0, "sqrdmlsh scalar");
    assert_v(6, 0x7fff0001ffff0000ull, 0, "sqrdmlsh .4h by element");
    cr_assert_eq(env->xregs[1] & QC, QC);
}

/* -- SDOT / UDOT -- */

/*
 * Bytes of the four 32-bit lanes of v1 and v2, the signed and unsigned
 * sums of their products:
 *   lane 0: ff 80 7f 01 . ff 80 7f 01  signed 1 + 16384 + 16129 + 1 = 32515,
 *                                      unsigned 65025 + 16384 + 16129 + 1 = 97539
 *   lane 1: ff ff ff ff . 01 02 03 04  signed -10, unsigned 2550
 *   lane 2: 80 80 80 80 . 80 80 80 80  65536 both ways
 *   lane 3: 10 20 30 40 . fe 02 fe 02  signed -32 + 64 - 96 + 128 = 64,
 *                                      unsigned 4064 + 64 + 12192 + 128 = 16448
 * added to ffffffff, 5, 7fff0000, 80000000 modulo 2^32 (no saturation).
 * By element, v2's lane 1 (01 02 03 04) unsigned: 255 + 256 + 381 + 4 =
 * 896, 2550, 1280, 16 + 64 + 144 + 256 = 480; v2's lane 3 (-2 2 -2 2)
 * signed: 2 - 256 - 254 + 2 = -506, -1 * 0 = 0.
 */
Test(a64_simd_ext, sdot_udot_sign_and_wrap)
{
    a64_asm(ARCH "sdot v0.4s, v1.16b, v2.16b\n udot v3.4s, v1.16b, v2.16b\n sdot v4.2s, v1.8b, v2.8b\n"
                 "udot v5.4s, v1.16b, v2.4b[1]\n sdot v6.2s, v1.8b, v2.4b[3]\n mrs x1, fpsr");
    set_v(1, 0xffffffff017f80ffull, 0x4030201080808080ull);
    set_v(2, 0x04030201017f80ffull, 0x02fe02fe80808080ull);
    set_v(0, 0x00000005ffffffffull, 0x800000007fff0000ull);
    set_v(3, 0x00000005ffffffffull, 0x800000007fff0000ull);
    set_v(4, 0x0000000200000001ull, 0x0000beef0000deadull);
    set_v(5, 0, 0);
    set_v(6, 0, ~0ull);
    env->fpsr = 0;
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, 0xfffffffb00007f02ull, 0x8000004080000000ull, "sdot .4s");
    assert_v(3, 0x000009fb00017d02ull, 0x8000404080000000ull, "udot .4s");
    assert_v(4, 0xfffffff800007f04ull, 0, "sdot .2s");
    assert_v(5, 0x000009f600000380ull, 0x000001e000000500ull, "udot by element");
    assert_v(6, 0x00000000fffffe06ull, 0, "sdot .2s by element");
    cr_assert_eq(env->xregs[1], 0, "dot products never saturate");
}

/*
 * The bytes of v1 and v2 above, with one operand unsigned and the other
 * signed (ff = 255 against -1, 80 = 128 against -128):
 *   USDOT lanes: 255*-1 + 128*-128 + 127*127 + 1 = -509, 255 * 10 = 2550,
 *     128 * -128 * 4 = -65536, 16*-2 + 32*2 + 48*-2 + 64*2 = 64
 *   SUDOT by v2's lane 0 (unsigned 255 128 127 1): -509, -(255 + 128 + 127
 *     + 1) = -511, -128 * 511 = -65408, 16*255 + 32*128 + 48*127 + 64 = 14336
 *   USDOT by v2's lane 3 (-2 2 -2 2), .2s: -510 + 256 - 254 + 2 = -506, 0
 * The matrix multiplies take the 8-byte halves as rows: lane 2i + j is
 * half i of v1 dot half j of v2, i.e. the sum of two lane dot products:
 *   SMMLA  32515 - 10 = 32505, -128 * -1 + 0 = 128, 128 + 480 = 608,
 *          65536 + 64 = 65600, plus the accumulators 1 2 3 4
 *   UMMLA  97539 + 2550, 65408 + 130560, 65408 + 480, 65536 + 16448
 *   USMMLA -509 + 2550 = 2041, -65408 + 0, -128 + 480 = 352, -65536 + 64
 */
Test(a64_simd_ext, i8mm_mixed_sign_dot_and_matrix_multiply)
{
    a64_asm(ARCH "usdot v0.4s, v1.16b, v2.16b\n sudot v3.4s, v1.16b, v2.4b[0]\n usdot v4.2s, v1.8b, v2.4b[3]\n"
                 "smmla v5.4s, v1.16b, v2.16b\n ummla v6.4s, v1.16b, v2.16b\n usmmla v7.4s, v1.16b, v2.16b");
    set_v(1, 0xffffffff017f80ffull, 0x4030201080808080ull);
    set_v(2, 0x04030201017f80ffull, 0x02fe02fe80808080ull);
    for (int i = 0; i < 8; i++)
        if (i != 1 && i != 2)
            set_v(i, 0, 0);
    set_v(4, 0, ~0ull);
    set_v(5, 0x0000000200000001ull, 0x0000000400000003ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, 0x000009f6fffffe03ull, 0x00000040ffff0000ull, "usdot");
    assert_v(3, 0xfffffe01fffffe03ull, 0x00003800ffff0080ull, "sudot by element");
    assert_v(4, 0x00000000fffffe06ull, 0, "usdot .2s by element");
    assert_v(5, 0x0000008200007efaull, 0x0001004400000263ull, "smmla");
    assert_v(6, 0x0002fd80000186f9ull, 0x0001404000010160ull, "ummla");
    assert_v(7, 0xffff0080000007f9ull, 0xffff004000000160ull, "usmmla");
}

/* -- FCMLA / FCADD -- */

/*
 * n = (1 + 2i, 3 + 4i), m = (5 + 6i, 7 - 8i), d = (0.5 + 0.25i, 0):
 *   #0:   d.re += n.re * m.re,   d.im += n.re * m.im    (5.5, 6.25), (21, -24)
 *   #90:  d.re += n.im * -m.im,  d.im += n.im * m.re    (-11.5, 10.25), (32, 28)
 *   #180: d.re += n.re * -m.re,  d.im += n.re * -m.im   (-4.5, -5.75), (-21, 24)
 *   #270: d.re += n.im * m.im,   d.im += n.im * -m.re   (12.5, -9.75), (-32, -28)
 * #0 then #90 from zero is the product (1 + 2i)(5 + 6i) = -7 + 16i.
 */
Test(a64_simd_ext, fcmla_each_rotation)
{
    a64_asm(ARCH "fcmla v10.4s, v1.4s, v2.4s, #0\n fcmla v11.4s, v1.4s, v2.4s, #90\n"
                 "fcmla v12.4s, v1.4s, v2.4s, #180\n fcmla v13.4s, v1.4s, v2.4s, #270\n"
                 "fcmla v14.2s, v1.2s, v2.2s, #0\n fcmla v14.2s, v1.2s, v2.2s, #90");
    set_v(1, pair32(1, 2), pair32(3, 4));
    set_v(2, pair32(5, 6), pair32(7, -8));
    for (int i = 10; i < 14; i++)
        set_v(i, pair32(0.5f, 0.25f), 0);
    set_v(14, 0, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(10, pair32(5.5f, 6.25f), pair32(21, -24), "#0");
    assert_v(11, pair32(-11.5f, 10.25f), pair32(32, 28), "#90");
    assert_v(12, pair32(-4.5f, -5.75f), pair32(-21, 24), "#180");
    assert_v(13, pair32(12.5f, -9.75f), pair32(-32, -28), "#270");
    assert_v(14, pair32(-7, 16), 0, "a complex product in two steps, .2s");
    cr_assert_eq(env->fpsr, 0, "exact: no flags");
}

/*
 * Doubles: n = 1.5 - 2i, m = 4 + 0.5i, d = 1 + i, #90: re = 1 + -2 * -0.5
 * = 2, im = 1 + -2 * 4 = -7. By element, Vm's pair 1 (7 - 8i) for every
 * pair, #0 from zero: (7, -8), (21, -24).
 */
Test(a64_simd_ext, fcmla_double_and_by_element)
{
    a64_asm(ARCH "fcmla v0.2d, v1.2d, v2.2d, #90\n fcmla v3.4s, v4.4s, v5.s[1], #0");
    set_v(1, f64(1.5), f64(-2.0));
    set_v(2, f64(4.0), f64(0.5));
    set_v(0, f64(1.0), f64(1.0));
    set_v(4, pair32(1, 2), pair32(3, 4));
    set_v(5, pair32(5, 6), pair32(7, -8));
    set_v(3, 0, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, f64(2.0), f64(-7.0), "fcmla .2d #90");
    assert_v(3, pair32(7, -8), pair32(21, -24), "fcmla by element");
}

/*
 * FCADD #90: n + (-m.im, m.re); #270: n + (m.im, -m.re). With n and m as
 * above: #90 (-5, 7), (11, 11); #270 (7, -3), (-5, -3). FPNeg flips the
 * sign of a NaN too: m.im = +qNaN gives re = 1 + -qNaN = ffc00000 (the
 * NaN operand, quiet, sign flipped) under #90 and 7fc00000 under #270.
 */
Test(a64_simd_ext, fcadd_rotations_and_nan_sign)
{
    a64_asm(ARCH "fcadd v0.4s, v1.4s, v2.4s, #90\n fcadd v3.4s, v1.4s, v2.4s, #270\n"
                 "fcadd v4.2s, v1.2s, v5.2s, #90\n fcadd v6.2s, v1.2s, v5.2s, #270");
    set_v(1, pair32(1, 2), pair32(3, 4));
    set_v(2, pair32(5, 6), pair32(7, -8));
    set_v(5, (uint64_t)0x7fc00000 << 32 | f32(5), 0);
    env->fpcr = 0;
    cr_assert_eq(a64_run(), EXCP_SWI);
    assert_v(0, pair32(-5, 7), pair32(11, 11), "fcadd #90");
    assert_v(3, pair32(7, -3), pair32(-5, -3), "fcadd #270");
    assert_v(4, (uint64_t)f32(7) << 32 | 0xffc00000u, 0, "#90: -NaN");
    assert_v(6, (uint64_t)f32(-3) << 32 | 0x7fc00000u, 0, "#270: NaN");
}

/* -- UNDEF -- */

Test(a64_simd_ext, undef_without_the_feature)
{
    static const struct {
        const char *insn;
        uint32_t feature;
    } cases[] = {
        {"sqrdmlah v0.8h, v1.8h, v2.8h", A64_FEATURE_RDM},  {"sqrdmlsh s0, s1, s2", A64_FEATURE_RDM},
        {"sqrdmlah v0.4s, v1.4s, v2.s[1]", A64_FEATURE_RDM}, {"sqrdmlsh h0, h1, v2.h[7]", A64_FEATURE_RDM},
        {"sdot v0.4s, v1.16b, v2.16b", A64_FEATURE_DOTPROD}, {"udot v0.2s, v1.8b, v2.4b[3]", A64_FEATURE_DOTPROD},
        {"fcmla v0.4s, v1.4s, v2.4s, #90", A64_FEATURE_FCMA}, {"fcadd v0.2d, v1.2d, v2.2d, #270", A64_FEATURE_FCMA},
        {"fcmla v0.4s, v1.4s, v2.s[1], #180", A64_FEATURE_FCMA}, {"usdot v0.4s, v1.16b, v2.16b", A64_FEATURE_I8MM},
        {"sudot v0.2s, v1.8b, v2.4b[1]", A64_FEATURE_I8MM},   {"usmmla v0.4s, v1.16b, v2.16b", A64_FEATURE_I8MM},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char src[128];
        snprintf(src, sizeof(src), ARCH "%s", cases[i].insn);
        a64_assert_feature_gate(a64_asm(src), ALL_EXT, cases[i].feature, cases[i].insn);
    }
}

/* Unallocated neighbours, UNDEF whatever the features (objdump calls each
 * "undefined"): SDOT size 01, SQRDMLAH size 00, FCMLA .2d with Q = 0,
 * FCMLA by element .4s with L = 1 and with Q = 0, three-same-extra U=1
 * size 10 opcode 1101, SDOT by element size 01. */
Test(a64_simd_ext, unallocated_encodings)
{
    static const uint32_t words[] = {0x4e429420, 0x6e028420, 0x2ec2cc20, 0x6fa21820,
                                     0x2f821820, 0x6e82ec20, 0x4f62e020};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        uint32_t w[2] = {words[i], 0xd4000001}; /* svc #0 */
        uint32_t at = a64_put_words(w, 2);
        cr_assert_eq(a64_run_at(at), EXCP_UDEF, "%08x", words[i]);
    }
}

/* Random words of the three-same (extra) and by-element classes, vector
 * and scalar, with every feature: each runs to the SVC after it or UNDEFs
 * at its own pc, on random register contents and FPCR modes. */
static void random_vregs_and_fpcr(void)
{
    for (int r = 0; r < 32; r++)
        set_v(r, a64_rand(), a64_rand());
    env->fpcr = (uint32_t)(a64_rand() & 0xf) << 22;
}

Test(a64_simd_ext, random_words_run_or_undef)
{
    enum { N = 8000 };
    /* fixed bits of: three same (extra) vector, scalar; by element vector, scalar */
    static const uint32_t mask[4] = {0x9f208400, 0xdf208400, 0x9f000400, 0xdf000400};
    static const uint32_t bits[4] = {0x0e008400, 0x5e008400, 0x0f000000, 0x5f000000};
    static uint32_t words[N];
    for (int i = 0; i < N; i++)
        words[i] = ((uint32_t)a64_rand() & ~mask[i & 3]) | bits[i & 3];
    int ran, undef;
    a64_run_words(words, N, random_vregs_and_fpcr, &ran, &undef);
    cr_assert_gt(ran, N / 10, "ran %d undef %d", ran, undef);
    cr_assert_gt(undef, N / 10, "ran %d undef %d", ran, undef);
}

/* -- What the guest is told -- */

/* AT_HWCAP bit 12 asimdrdm, 14 fcma, 20 asimddp, AT_HWCAP2 bit 13 i8mm;
 * ID_AA64ISAR0 RDM [31:28], DP [47:44]; ID_AA64ISAR1 FCMA [19:16], I8MM
 * [55:52]. */
Test(a64_simd_ext, hwcaps_and_id_registers_per_model)
{
    uint64_t rdm = 1ull << 12, fcma = 1ull << 14, dp = 1ull << 20;
    cr_assert_eq(a64_cpu_hwcap("max") & (rdm | fcma | dp), rdm | fcma | dp);
    cr_assert_eq(a64_cpu_hwcap("neoverse-n1") & (rdm | fcma | dp), rdm | dp, "ARMv8.2: no FCMA");
    cr_assert_eq(a64_cpu_hwcap("cortex-a72") & (rdm | fcma | dp), 0);
    cr_assert_eq(a64_cpu_hwcap("cortex-a53") & (rdm | fcma | dp), 0);
    cr_assert_eq(a64_cpu_hwcap2("max") & 1u << 13, 1u << 13, "max: i8mm");
    cr_assert_eq(a64_cpu_hwcap2("neoverse-n1") & 1u << 13, 0, "neoverse-n1: no i8mm");
    char info[4096];
    a64_cpu_info("neoverse-n1", 1, info, sizeof(info));
    cr_assert_not_null(strstr(info, " asimdrdm "), "/proc/cpuinfo: %s", info);
    cr_assert_not_null(strstr(info, " asimddp"), "/proc/cpuinfo: %s", info);
    cr_assert_null(strstr(info, " fcma"), "/proc/cpuinfo: %s", info);
    uint64_t v;
    cr_assert(a64_id_reg_value(a64_cpu_features("max"), A64_MIDR, 6, 0, &v));
    cr_assert_eq(v >> 28 & 0xf, 1, "ISAR0.RDM");
    cr_assert_eq(v >> 44 & 0xf, 1, "ISAR0.DP");
    cr_assert(a64_id_reg_value(a64_cpu_features("max"), A64_MIDR, 6, 1, &v));
    cr_assert_eq(v >> 16 & 0xf, 1, "ISAR1.FCMA");
    cr_assert_eq(v >> 52 & 0xf, 1, "ISAR1.I8MM");
    cr_assert(a64_id_reg_value(a64_cpu_features("cortex-a72"), A64_MIDR, 6, 0, &v));
    cr_assert_eq(v >> 28 & 0xf, 0);
    cr_assert_eq(v >> 44 & 0xf, 0);
    cr_assert(a64_id_reg_value(a64_cpu_features("neoverse-n1"), A64_MIDR, 6, 1, &v));
    cr_assert_eq(v >> 16 & 0xf, 0, "neoverse-n1: no FCMA");
    cr_assert_eq(v >> 52 & 0xf, 0, "neoverse-n1: no I8MM");
}
