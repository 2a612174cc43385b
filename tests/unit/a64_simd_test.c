/*
 * A64 V-register loads and stores and Advanced SIMD integer instructions,
 * run through the real pipeline (snippets assembled with
 * aarch64-linux-gnu-as, run by cpu_exec until the SVC). Expected values
 * come from element-wise C models of the architecture's pseudocode or are
 * worked out by hand in the comments: every addressing mode with its
 * writeback, the zeroing of the upper register on narrow writes, the
 * structure loads' interleaving, saturation limits with FPSR.QC,
 * out-of-range TBL indices, and encodings that must UNDEF.
 */
#include "a64_test_util.h"

TestSuite(a64_vldst, .init = a64_setup, .fini = a64_teardown);
TestSuite(a64_simd, .init = a64_setup, .fini = a64_teardown);

static uint8_t *vb(int n) { return (uint8_t *)env->vregs[n]; }

static void set_v(int n, uint64_t lo, uint64_t hi)
{
    env->vregs[n][0] = lo;
    env->vregs[n][1] = hi;
}

static void fill_bytes(uint8_t *p, int n, uint8_t start)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(start + i);
}

/* Random register contents, with edge bytes mixed in. */
static void random_v(int n)
{
    static const uint8_t edges[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81};
    for (int i = 0; i < 16; i++) {
        uint64_t r = a64_rand();
        vb(n)[i] = (r & 3) == 0 ? edges[(r >> 8) % sizeof(edges)] : (uint8_t)(r >> 16);
    }
}

static uint64_t lane(int n, int size, int i)
{
    uint64_t x = 0;
    memcpy(&x, vb(n) + (i << size), (size_t)1 << size);
    return x;
}

static int64_t slane(int n, int size, int i)
{
    int bits = 8 << size;
    uint64_t x = lane(n, size, i);
    return bits == 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

/* -- Single registers -- */

Test(a64_vldst, ldr_str_of_each_size_zero_the_rest)
{
    fill_bytes(a64_data8(0x100), 64, 0x10);
    a64_asm("ldr b0, [x1]\n ldr h1, [x1, #2]\n ldr s2, [x1, #4]\n ldr d3, [x1, #8]\n ldr q4, [x1, #16]\n"
            "ldur q5, [x1, #1]\n ldr d6, [x1], #8\n ldr s7, [x2, #4]!\n"
            "str q4, [x3]\n str d3, [x3, #16]\n str s2, [x3, #24]\n str h1, [x3, #28]\n str b0, [x3, #30]\n"
            "stur q4, [x3, #33]");
    env->xregs[1] = A64_DATA + 0x100;
    env->xregs[2] = A64_DATA + 0x100;
    env->xregs[3] = A64_DATA + 0x200;
    for (int i = 0; i < 8; i++)
        set_v(i, ~0ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x10);
    cr_assert_eq(env->vregs[0][1], 0, "a B write zeroes the top");
    cr_assert_eq(env->vregs[1][0], 0x1312);
    cr_assert_eq(env->vregs[2][0], 0x17161514);
    cr_assert_eq(env->vregs[3][0], 0x1f1e1d1c1b1a1918ull);
    cr_assert_eq(env->vregs[3][1], 0);
    cr_assert_eq(memcmp(vb(4), a64_data8(0x110), 16), 0);
    cr_assert_eq(memcmp(vb(5), a64_data8(0x101), 16), 0, "unaligned Q load");
    cr_assert_eq(env->vregs[6][0], 0x1716151413121110ull);
    cr_assert_eq(env->xregs[1], A64_DATA + 0x108, "post-index");
    cr_assert_eq(env->xregs[2], A64_DATA + 0x104, "pre-index");
    cr_assert_eq(env->vregs[7][0], 0x17161514);
    cr_assert_eq(env->vregs[7][1], 0);
    cr_assert_eq(memcmp(a64_data8(0x200), a64_data8(0x110), 16), 0);
    cr_assert_eq(memcmp(a64_data8(0x210), a64_data8(0x108), 8), 0);
    cr_assert_eq(*a64_data32(0x218), 0x17161514);
    cr_assert_eq(le16(a64_data8(0x21c)), 0x1312);
    cr_assert_eq(*a64_data8(0x21e), 0x10);
    cr_assert_eq(*a64_data8(0x21f), 0, "a B store writes one byte");
    cr_assert_eq(memcmp(a64_data8(0x221), a64_data8(0x110), 16), 0);
}

Test(a64_vldst, register_offset_and_literal)
{
    fill_bytes(a64_data8(0x100), 0x100, 0);
    a64_asm("ldr q0, [x1, x2, lsl #4]\n ldr d1, [x1, w3, sxtw #3]\n ldr h2, [x1, w4, uxtw]\n"
            "ldr s3, lit\n ldr d4, lit\n ldr q5, lit\n str q0, [x1, x2]\n b 1f\n"
            ".balign 16\nlit: .quad 0x0123456789abcdef, 0xfedcba9876543210\n1:");
    env->xregs[1] = A64_DATA + 0x180;
    env->xregs[2] = 2;                       /* 0x180 + 0x20 */
    env->xregs[3] = 0xfffffff0;              /* -16 * 8 = -0x80 */
    env->xregs[4] = 0x7;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0xa7a6a5a4a3a2a1a0ull);
    cr_assert_eq(env->vregs[0][1], 0xafaeadacabaaa9a8ull);
    cr_assert_eq(env->vregs[1][0], 0x0706050403020100ull);
    cr_assert_eq(env->vregs[2][0], 0x8887, "unscaled UXTW: 0x187");
    cr_assert_eq(env->vregs[3][0], 0x89abcdef);
    cr_assert_eq(env->vregs[3][1], 0);
    cr_assert_eq(env->vregs[4][0], 0x0123456789abcdefull);
    cr_assert_eq(env->vregs[5][1], 0xfedcba9876543210ull);
    cr_assert_eq(*a64_data64(0x182), 0xa7a6a5a4a3a2a1a0ull, "store at 0x180 + 2");
}

Test(a64_vldst, pairs_of_s_d_q)
{
    fill_bytes(a64_data8(0x100), 0x80, 0x40);
    a64_asm("ldp s0, s1, [x1]\n ldp d2, d3, [x1, #16]!\n ldp q4, q5, [x1], #-16\n ldnp q6, q7, [x1, #32]\n"
            "stp q4, q5, [x2, #-32]!\n stp d2, d3, [x2, #64]\n stnp s0, s1, [x2, #80]");
    env->xregs[1] = A64_DATA + 0x100;
    env->xregs[2] = A64_DATA + 0x220;
    for (int i = 0; i < 8; i++)
        set_v(i, ~0ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x43424140);
    cr_assert_eq(env->vregs[0][1], 0);
    cr_assert_eq(env->vregs[1][0], 0x47464544);
    cr_assert_eq(env->vregs[2][0], 0x5756555453525150ull);
    cr_assert_eq(env->vregs[3][0], 0x5f5e5d5c5b5a5958ull);
    cr_assert_eq(env->vregs[3][1], 0);
    cr_assert_eq(memcmp(vb(4), a64_data8(0x110), 16), 0);
    cr_assert_eq(memcmp(vb(5), a64_data8(0x120), 16), 0);
    cr_assert_eq(env->xregs[1], A64_DATA + 0x100, "pre +16, post -16");
    cr_assert_eq(memcmp(vb(6), a64_data8(0x120), 16), 0);
    cr_assert_eq(memcmp(vb(7), a64_data8(0x130), 16), 0);
    cr_assert_eq(env->xregs[2], A64_DATA + 0x200);
    cr_assert_eq(memcmp(a64_data8(0x200), a64_data8(0x110), 32), 0);
    cr_assert_eq(*a64_data64(0x240), 0x5756555453525150ull);
    cr_assert_eq(*a64_data64(0x248), 0x5f5e5d5c5b5a5958ull);
    cr_assert_eq(*a64_data32(0x250), 0x43424140);
    cr_assert_eq(*a64_data32(0x254), 0x47464544);
}

/* -- Structures -- */

Test(a64_vldst, ld1_to_ld4_deinterleave_and_st_interleave_back)
{
    uint8_t *src = a64_data8(0x100);
    fill_bytes(src, 64, 0);
    a64_asm("ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1]\n"
            "ld3 {v4.4h, v5.4h, v6.4h}, [x1]\n"
            "ld2 {v30.4s, v31.4s}, [x1]\n"
            "ld1 {v8.8b, v9.8b, v10.8b}, [x1]\n"
            "st4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x2], #64\n"
            "st2 {v30.4s, v31.4s}, [x2], x3\n"
            "ld1 {v11.2d, v12.2d, v13.2d, v14.2d}, [x1], #64");
    env->xregs[1] = A64_DATA + 0x100;
    env->xregs[2] = A64_DATA + 0x200;
    env->xregs[3] = 100;
    for (int i = 0; i < 32; i++)
        set_v(i, ~0ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int r = 0; r < 4; r++)
        for (int e = 0; e < 16; e++)
            cr_assert_eq(vb(r)[e], src[4 * e + r], "ld4 v%d[%d]", r, e);
    for (int r = 0; r < 3; r++) {
        for (int e = 0; e < 4; e++)
            cr_assert_eq(lane(4 + r, 1, e), le16(src + 2 * (3 * e + r)), "ld3 v%d.h[%d]", 4 + r, e);
        cr_assert_eq(env->vregs[4 + r][1], 0, "a 64-bit structure load zeroes the top");
    }
    for (int e = 0; e < 4; e++) {
        cr_assert_eq(lane(30, 2, e), *a64_data32(0x100 + 8 * e));
        cr_assert_eq(lane(31, 2, e), *a64_data32(0x104 + 8 * e));
    }
    for (int r = 0; r < 3; r++) {
        cr_assert_eq(memcmp(vb(8 + r), src + 8 * r, 8), 0);
        cr_assert_eq(env->vregs[8 + r][1], 0);
    }
    cr_assert_eq(memcmp(a64_data8(0x200), src, 64), 0, "st4 re-interleaves");
    cr_assert_eq(memcmp(a64_data8(0x240), src, 32), 0, "st2 re-interleaves");
    cr_assert_eq(env->xregs[2], A64_DATA + 0x240 + 100, "post-index by register");
    cr_assert_eq(env->xregs[1], A64_DATA + 0x140, "post-index by the bytes moved");
    for (int r = 0; r < 4; r++)
        cr_assert_eq(memcmp(vb(11 + r), src + 16 * r, 16), 0);
}

Test(a64_vldst, single_lanes_and_replicate)
{
    uint8_t *src = a64_data8(0x100);
    fill_bytes(src, 32, 0xa0);
    a64_asm("ld1 {v0.s}[2], [x1]\n ld2 {v1.b, v2.b}[15], [x1], #2\n ld1 {v3.d}[1], [x1], x4\n"
            "ld1r {v4.8h}, [x2]\n ld4r {v5.2s, v6.2s, v7.2s, v8.2s}, [x2]\n ld3r {v9.1d, v10.1d, v11.1d}, [x2], #24\n"
            "st1 {v0.s}[2], [x3]\n add x5, x3, #4\n st3 {v4.h, v5.h, v6.h}[3], [x5]\n"
            "ld1 {v12.b}[0], [x2]");
    env->xregs[1] = A64_DATA + 0x100;
    env->xregs[2] = A64_DATA + 0x100;
    env->xregs[3] = A64_DATA + 0x200;
    env->xregs[4] = 3;
    for (int i = 0; i < 16; i++)
        set_v(i, 0x1111111111111111ull, 0x2222222222222222ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x1111111111111111ull, "one lane: the others kept");
    cr_assert_eq(env->vregs[0][1], 0x22222222a3a2a1a0ull);
    cr_assert_eq(vb(1)[15], 0xa0);
    cr_assert_eq(vb(2)[15], 0xa1);
    cr_assert_eq(vb(2)[14], 0x22);
    cr_assert_eq(env->vregs[3][1], 0xa9a8a7a6a5a4a3a2ull, "x1 advanced by 2");
    cr_assert_eq(env->xregs[1], A64_DATA + 0x105);
    cr_assert_eq(env->vregs[4][0], 0xa1a0a1a0a1a0a1a0ull);
    cr_assert_eq(env->vregs[4][1], 0xa1a0a1a0a1a0a1a0ull);
    cr_assert_eq(env->vregs[5][0], 0xa3a2a1a0a3a2a1a0ull);
    cr_assert_eq(env->vregs[5][1], 0, "LDnR of a 64-bit vector zeroes the top");
    cr_assert_eq(env->vregs[8][0], 0xafaeadacafaeadacull);
    cr_assert_eq(env->vregs[9][0], 0xa7a6a5a4a3a2a1a0ull);
    cr_assert_eq(env->vregs[11][0], 0xb7b6b5b4b3b2b1b0ull);
    cr_assert_eq(env->xregs[2], A64_DATA + 0x118);
    cr_assert_eq(*a64_data32(0x200), 0xa3a2a1a0);
    cr_assert_eq(le16(a64_data8(0x204)), 0xa1a0);
    cr_assert_eq(le16(a64_data8(0x206)), 0xa3a2, "v5.h[3]");
    cr_assert_eq(le16(a64_data8(0x208)), 0xa7a6, "v6.h[3]");
    cr_assert_eq(vb(12)[0], 0xb8);
}

/* -- Moves and immediates -- */

Test(a64_simd, dup_ins_umov_smov_fmov)
{
    a64_asm("dup v0.16b, w1\n dup v1.4h, w2\n dup v2.2d, x2\n dup v3.4s, v4.s[3]\n"
            "ins v5.h[6], w1\n mov v5.b[0], v4.b[15]\n umov w6, v4.h[7]\n smov x7, v4.b[15]\n"
            "smov w8, v4.h[7]\n umov x9, v4.d[1]\n mov x10, v4.d[0]\n mov s6, v4.s[3]\n"
            "fmov s7, w2\n fmov d8, x2\n fmov x11, d4\n fmov w12, s4\n fmov v9.d[1], x2\n fmov x13, v9.d[1]\n"
            "fmov d10, d4\n fmov s11, #-0.5\n fmov d12, #10.0");
    env->xregs[1] = 0x1234567890abcdefull;
    env->xregs[2] = 0xfedcba9876543210ull;
    set_v(4, 0x0123456789abcdefull, 0x80f1e2d3c4b5a697ull);
    set_v(5, 0x5555555555555555ull, 0x5555555555555555ull);
    for (int i = 6; i < 13; i++)
        set_v(i, ~0ull, ~0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0xefefefefefefefefull);
    cr_assert_eq(env->vregs[0][1], 0xefefefefefefefefull);
    cr_assert_eq(env->vregs[1][0], 0x3210321032103210ull);
    cr_assert_eq(env->vregs[1][1], 0);
    cr_assert_eq(env->vregs[2][1], 0xfedcba9876543210ull);
    cr_assert_eq(env->vregs[3][0], 0x80f1e2d380f1e2d3ull);
    cr_assert_eq(env->vregs[5][1], 0x5555cdef55555555ull);
    cr_assert_eq(env->vregs[5][0], 0x5555555555555580ull);
    cr_assert_eq(env->xregs[6], 0x80f1);
    cr_assert_eq(env->xregs[7], 0xffffffffffffff80ull);
    cr_assert_eq(env->xregs[8], 0xffff80f1ull, "SMOV to W zero-extends the W result");
    cr_assert_eq(env->xregs[9], 0x80f1e2d3c4b5a697ull);
    cr_assert_eq(env->xregs[10], 0x0123456789abcdefull);
    cr_assert_eq(env->vregs[6][0], 0x80f1e2d3ull);
    cr_assert_eq(env->vregs[6][1], 0);
    cr_assert_eq(env->vregs[7][0], 0x76543210ull);
    cr_assert_eq(env->vregs[7][1], 0);
    cr_assert_eq(env->vregs[8][0], 0xfedcba9876543210ull);
    cr_assert_eq(env->xregs[11], 0x0123456789abcdefull);
    cr_assert_eq(env->xregs[12], 0x89abcdefull);
    cr_assert_eq(env->vregs[9][0], ~0ull, "FMOV to the top half keeps the low half");
    cr_assert_eq(env->vregs[9][1], 0xfedcba9876543210ull);
    cr_assert_eq(env->xregs[13], 0xfedcba9876543210ull);
    cr_assert_eq(env->vregs[10][0], 0x0123456789abcdefull);
    cr_assert_eq(env->vregs[10][1], 0);
    cr_assert_eq(env->vregs[11][0], 0xbf000000ull, "-0.5f");
    cr_assert_eq(env->vregs[12][0], 0x4024000000000000ull, "10.0");
}

Test(a64_simd, movi_mvni_orr_bic_immediates)
{
    a64_asm("movi v0.16b, #0xa5\n movi v1.4h, #0x12, lsl #8\n movi v2.4s, #0x56, msl #16\n"
            "movi d3, #0xff00ff0000ffff00\n mvni v4.4s, #0x34, lsl #16\n mvni v5.2s, #0x56, msl #8\n"
            "orr v6.8h, #0x34, lsl #8\n bic v7.4s, #0x80, lsl #24\n fmov v8.4s, #1.0\n fmov v9.2d, #-3.0\n"
            "movi v10.2d, #0");
    for (int i = 0; i < 11; i++)
        set_v(i, 0x8888888888888888ull, 0x8888888888888888ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][1], 0xa5a5a5a5a5a5a5a5ull);
    cr_assert_eq(env->vregs[1][0], 0x1200120012001200ull);
    cr_assert_eq(env->vregs[1][1], 0);
    cr_assert_eq(env->vregs[2][1], 0x0056ffff0056ffffull, "MSL shifts ones in");
    cr_assert_eq(env->vregs[3][0], 0xff00ff0000ffff00ull);
    cr_assert_eq(env->vregs[3][1], 0);
    cr_assert_eq(env->vregs[4][1], 0xffcbffffffcbffffull);
    cr_assert_eq(env->vregs[5][0], 0xffffa900ffffa900ull);
    cr_assert_eq(env->vregs[6][1], 0xbc88bc88bc88bc88ull);
    cr_assert_eq(env->vregs[7][1], 0x0888888808888888ull);
    cr_assert_eq(env->vregs[8][1], 0x3f8000003f800000ull);
    cr_assert_eq(env->vregs[9][1], 0xc008000000000000ull);
    cr_assert_eq(env->vregs[10][0] | env->vregs[10][1], 0);
}

/* -- Element-wise integer ops against C models -- */

typedef uint64_t (*model2)(uint64_t a, uint64_t b, int size);

static uint64_t m_cmeq(uint64_t a, uint64_t b, int size) { return a == b ? ~0ull : 0; }
static uint64_t m_cmhi(uint64_t a, uint64_t b, int size) { return a > b ? ~0ull : 0; }
static uint64_t m_cmhs(uint64_t a, uint64_t b, int size) { return a >= b ? ~0ull : 0; }
static uint64_t m_cmtst(uint64_t a, uint64_t b, int size) { return a & b ? ~0ull : 0; }
static uint64_t m_add(uint64_t a, uint64_t b, int size) { return a + b; }
static uint64_t m_sub(uint64_t a, uint64_t b, int size) { return a - b; }
static uint64_t m_mul(uint64_t a, uint64_t b, int size) { return a * b; }
static uint64_t m_umax(uint64_t a, uint64_t b, int size) { return a > b ? a : b; }
static uint64_t m_umin(uint64_t a, uint64_t b, int size) { return a < b ? a : b; }
static int64_t sx(uint64_t v, int size)
{
    int bits = 8 << size;
    return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}
static uint64_t m_cmgt(uint64_t a, uint64_t b, int size) { return sx(a, size) > sx(b, size) ? ~0ull : 0; }
static uint64_t m_cmge(uint64_t a, uint64_t b, int size) { return sx(a, size) >= sx(b, size) ? ~0ull : 0; }
static uint64_t m_smax(uint64_t a, uint64_t b, int size) { return sx(a, size) > sx(b, size) ? a : b; }
static uint64_t m_smin(uint64_t a, uint64_t b, int size) { return sx(a, size) < sx(b, size) ? a : b; }
static uint64_t m_uqadd(uint64_t a, uint64_t b, int size)
{
    uint64_t max = size == 3 ? ~0ull : (1ull << (8 << size)) - 1, r = a + b;
    return r < a || r > max ? max : r;
}
static uint64_t m_sqsub(uint64_t a, uint64_t b, int size)
{
    __int128 r = (__int128)sx(a, size) - sx(b, size), hi = ((__int128)1 << ((8 << size) - 1)) - 1;
    return (uint64_t)(r > hi ? hi : r < -hi - 1 ? -hi - 1 : r);
}

static const struct {
    const char *op;
    model2 fn;
    bool no_d;   /* no 64-bit element form */
} binops[] = {
    {"cmeq", m_cmeq}, {"cmhi", m_cmhi}, {"cmhs", m_cmhs}, {"cmtst", m_cmtst}, {"cmgt", m_cmgt},
    {"cmge", m_cmge}, {"add", m_add}, {"sub", m_sub}, {"mul", m_mul, true}, {"umax", m_umax, true},
    {"umin", m_umin, true}, {"smax", m_smax, true}, {"smin", m_smin, true}, {"uqadd", m_uqadd},
    {"sqsub", m_sqsub},
};

Test(a64_simd, three_same_ops_match_element_models)
{
    static const char *arr[] = {"8b", "16b", "4h", "8h", "2s", "4s", "2d"};
    for (size_t k = 0; k < sizeof(binops) / sizeof(binops[0]); k++) {
        for (int ai = 0; ai < 7; ai++) {
            int size = ai / 2, q = ai == 6 || (ai & 1);
            if (size == 3 && binops[k].no_d)
                continue;
            char src[64];
            snprintf(src, sizeof(src), "%s v0.%s, v1.%s, v2.%s", binops[k].op, arr[ai], arr[ai], arr[ai]);
            a64_asm(src);
            for (int rep = 0; rep < 4; rep++) {
                random_v(1);
                random_v(2);
                if (rep == 3)
                    memcpy(vb(2), vb(1), 8); /* some equal lanes */
                set_v(0, ~0ull, ~0ull);
                cr_assert_eq(a64_run(), EXCP_SWI, "%s", src);
                int n = (q ? 16 : 8) >> size;
                uint64_t mask = size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
                for (int i = 0; i < n; i++) {
                    uint64_t want = binops[k].fn(lane(1, size, i), lane(2, size, i), size) & mask;
                    cr_assert_eq(lane(0, size, i), want, "%s lane %d", src, i);
                }
                if (!q)
                    cr_assert_eq(env->vregs[0][1], 0, "%s: top zeroed", src);
            }
        }
    }
}

Test(a64_simd, logic_and_bitwise_selects)
{
    a64_asm("and v0.16b, v1.16b, v2.16b\n orr v3.16b, v1.16b, v2.16b\n eor v4.8b, v1.8b, v2.8b\n"
            "bic v5.16b, v1.16b, v2.16b\n orn v6.16b, v1.16b, v2.16b\n"
            "mov v7.16b, v20.16b\n bsl v7.16b, v1.16b, v2.16b\n mov v8.16b, v20.16b\n bit v8.16b, v1.16b, v2.16b\n"
            "mov v9.16b, v20.16b\n bif v9.16b, v1.16b, v2.16b\n not v10.16b, v1.16b\n mov v11.16b, v1.16b");
    uint64_t a = 0xf0f0ff00123456ccull, b = 0x0ff0f0f0ff00aa33ull, m = 0x00ff00ff0f0f5555ull;
    set_v(1, a, ~a);
    set_v(2, b, b);
    set_v(20, m, m);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], a & b);
    cr_assert_eq(env->vregs[0][1], ~a & b);
    cr_assert_eq(env->vregs[3][0], a | b);
    cr_assert_eq(env->vregs[4][0], a ^ b);
    cr_assert_eq(env->vregs[4][1], 0);
    cr_assert_eq(env->vregs[5][0], a & ~b);
    cr_assert_eq(env->vregs[6][0], a | ~b);
    cr_assert_eq(env->vregs[7][0], (m & a) | (~m & b), "BSL: the old Vd selects");
    cr_assert_eq(env->vregs[8][0], (b & a) | (~b & m), "BIT: Vm selects Vn");
    cr_assert_eq(env->vregs[9][0], (b & m) | (~b & a), "BIF: ~Vm selects Vn");
    cr_assert_eq(env->vregs[10][0], ~a);
    cr_assert_eq(env->vregs[11][1], ~a);
}

Test(a64_simd, pairwise_and_across_lanes)
{
    a64_asm("addp v0.16b, v1.16b, v2.16b\n umaxp v3.8b, v1.8b, v2.8b\n uminp v4.4s, v1.4s, v2.4s\n"
            "addv b5, v1.16b\n umaxv h6, v1.8h\n uminv s7, v1.4s\n smaxv b8, v1.8b\n sminv h9, v1.8h\n"
            "uaddlv h10, v1.16b\n saddlv s11, v1.8h\n uaddlp v12.8h, v1.16b\n addp d13, v2.2d");
    random_v(1);
    random_v(2);
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(vb(0)[i], (uint8_t)(vb(1)[2 * i] + vb(1)[2 * i + 1]));
        cr_assert_eq(vb(0)[8 + i], (uint8_t)(vb(2)[2 * i] + vb(2)[2 * i + 1]));
    }
    for (int i = 0; i < 4; i++) {
        uint8_t a = vb(1)[2 * i], b = vb(1)[2 * i + 1], c = vb(2)[2 * i], d = vb(2)[2 * i + 1];
        cr_assert_eq(vb(3)[i], a > b ? a : b);
        cr_assert_eq(vb(3)[4 + i], c > d ? c : d, "the second half comes from Vm");
    }
    cr_assert_eq(env->vregs[3][1], 0);
    uint32_t w[8];
    memcpy(w, vb(1), 16);
    memcpy(w + 4, vb(2), 16);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(lane(4, 2, i), w[2 * i] < w[2 * i + 1] ? w[2 * i] : w[2 * i + 1]);
    uint8_t sum = 0;
    unsigned lsum = 0;
    uint16_t hmax = 0;
    uint32_t smin = ~0u;
    int8_t bmax = -128;
    int16_t hmin = 32767;
    int32_t ssum = 0;
    for (int i = 0; i < 16; i++) {
        sum += vb(1)[i];
        lsum += vb(1)[i];
    }
    for (int i = 0; i < 8; i++) {
        hmax = (uint16_t)lane(1, 1, i) > hmax ? (uint16_t)lane(1, 1, i) : hmax;
        bmax = (int8_t)vb(1)[i] > bmax ? (int8_t)vb(1)[i] : bmax;
        hmin = (int16_t)lane(1, 1, i) < hmin ? (int16_t)lane(1, 1, i) : hmin;
        ssum += (int16_t)lane(1, 1, i);
        cr_assert_eq(lane(12, 1, i), (uint64_t)vb(1)[2 * i] + vb(1)[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++)
        smin = (uint32_t)lane(1, 2, i) < smin ? (uint32_t)lane(1, 2, i) : smin;
    cr_assert_eq(env->vregs[5][0], sum, "scalar result, rest zero");
    cr_assert_eq(env->vregs[5][1], 0);
    cr_assert_eq(env->vregs[6][0], hmax);
    cr_assert_eq(env->vregs[7][0], smin);
    cr_assert_eq(env->vregs[8][0], (uint8_t)bmax);
    cr_assert_eq(env->vregs[9][0], (uint16_t)hmin);
    cr_assert_eq(env->vregs[10][0], lsum);
    cr_assert_eq(env->vregs[11][0], (uint32_t)ssum);
    cr_assert_eq(env->vregs[13][0], env->vregs[2][0] + env->vregs[2][1]);
}

Test(a64_simd, shifts_by_immediate_and_register)
{
    a64_asm("shl v0.4s, v1.4s, #5\n ushr v2.8h, v1.8h, #16\n sshr v3.8h, v1.8h, #16\n sshr v4.16b, v1.16b, #3\n"
            "mov v5.16b, v20.16b\n usra v5.2d, v1.2d, #60\n shrn v6.8b, v1.8h, #4\n mov v7.16b, v20.16b\n"
            "shrn2 v7.16b, v1.8h, #8\n ushl v8.4s, v1.4s, v21.4s\n sshl v9.4s, v1.4s, v21.4s\n"
            "urshr v10.4s, v1.4s, #1\n sli v11.2d, v1.2d, #8\n sri v12.2d, v1.2d, #8");
    set_v(1, 0x80017ffe12345678ull, 0xfff0000f00ff8001ull);
    set_v(20, 0x1111111111111111ull, 0x2222222222222222ull);
    set_v(21, 0x000000fc00000001ull, 0x0000008000000040ull); /* shifts -4, 1, -128, 64 */
    set_v(11, 0x00000000000000abull, 0x00000000000000cdull);
    set_v(12, 0xab00000000000000ull, 0xcd00000000000000ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x002fffc0468acf00ull);
    cr_assert_eq(env->vregs[2][0] | env->vregs[2][1], 0, "USHR by the element size gives 0");
    cr_assert_eq(env->vregs[3][0], 0xffff000000000000ull, "SSHR by the size fills with the sign");
    cr_assert_eq(env->vregs[3][1], 0xffff00000000ffffull);
    cr_assert_eq(env->vregs[4][0], 0xf0000fff02060a0full);
    cr_assert_eq(env->vregs[5][0], 0x1111111111111119ull);
    cr_assert_eq(env->vregs[5][1], 0x2222222222222231ull);
    cr_assert_eq(env->vregs[6][0], 0xff000f0000ff2367ull);
    cr_assert_eq(env->vregs[6][1], 0);
    cr_assert_eq(env->vregs[7][0], 0x1111111111111111ull, "SHRN2 keeps the low half");
    cr_assert_eq(env->vregs[7][1], 0xff000080807f1256ull);
    cr_assert_eq(env->vregs[8][0], 0x080017ff2468acf0ull, "shift counts 1 and -4");
    cr_assert_eq(env->vregs[8][1], 0, "shift counts 64 and -128 clear a word");
    cr_assert_eq(env->vregs[9][0], 0xf80017ff2468acf0ull);
    cr_assert_eq(env->vregs[9][1], 0xffffffff00000000ull, "-128 fills with the sign");
    cr_assert_eq(env->vregs[10][0], 0x4000bfff091a2b3cull, "rounding adds half");
    cr_assert_eq(env->vregs[11][0], 0x017ffe12345678abull);
    cr_assert_eq(env->vregs[12][0], 0xab80017ffe123456ull);
}

Test(a64_simd, misc_count_reverse_leading_bits)
{
    a64_asm("cnt v0.16b, v1.16b\n rev64 v2.8h, v1.8h\n rev32 v3.16b, v1.16b\n rev16 v4.8b, v1.8b\n"
            "clz v5.4s, v1.4s\n cls v6.8h, v1.8h\n rbit v7.8b, v1.8b\n neg v8.2d, v1.2d\n abs v9.16b, v1.16b");
    /* lo bytes 01 00 00 80 01 0f ff 00, hi bytes 00 80 ff 7f 00 00 ff ff */
    set_v(1, 0x00ff0f0180000001ull, 0xffff00007fff8000ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x0008040101000001ull);
    cr_assert_eq(env->vregs[2][0], 0x000180000f0100ffull);
    cr_assert_eq(env->vregs[3][0], 0x010fff0001000080ull);
    cr_assert_eq(env->vregs[4][0], 0xff00010f00800100ull);
    cr_assert_eq(env->vregs[4][1], 0);
    cr_assert_eq(env->vregs[5][0], 0x0000000800000000ull);
    cr_assert_eq(env->vregs[5][1], 0x0000000000000001ull);
    cr_assert_eq(env->vregs[6][0], 0x000700030000000eull, "CLS of 1 is 14, of 0x8000 is 0");
    cr_assert_eq(env->vregs[6][1], 0x000f000f00000000ull, "CLS of 0 and of -1 is 15");
    cr_assert_eq(env->vregs[7][0], 0x00fff08001000080ull);
    cr_assert_eq(env->vregs[8][0], 0xff00f0fe7fffffffull);
    cr_assert_eq(env->vregs[8][1], 0x0000ffff80008000ull);
    cr_assert_eq(env->vregs[9][0], 0x00010f0180000001ull, "ABS of -128 wraps to 0x80");
    cr_assert_eq(env->vregs[9][1], 0x010100007f018000ull);
}

Test(a64_simd, permutes_ext_and_table_lookups)
{
    a64_asm("zip1 v0.8h, v1.8h, v2.8h\n zip2 v3.16b, v1.16b, v2.16b\n uzp1 v4.4s, v1.4s, v2.4s\n"
            "uzp2 v5.8b, v1.8b, v2.8b\n trn1 v6.16b, v1.16b, v2.16b\n trn2 v7.2d, v1.2d, v2.2d\n"
            "ext v8.16b, v1.16b, v2.16b, #3\n ext v9.8b, v1.8b, v2.8b, #7\n"
            "tbl v10.16b, {v20.16b, v21.16b}, v22.16b\n mov v11.16b, v2.16b\n tbx v11.16b, {v20.16b}, v22.16b\n"
            "tbl v12.8b, {v20.16b, v21.16b, v22.16b, v23.16b}, v22.8b");
    fill_bytes(vb(1), 16, 0x00);
    fill_bytes(vb(2), 16, 0x80);
    fill_bytes(vb(20), 16, 0x40);
    fill_bytes(vb(21), 16, 0x50);
    fill_bytes(vb(23), 16, 0x70);
    static const uint8_t idx[16] = {0, 31, 32, 255, 16, 15, 1, 64, 63, 48, 2, 17, 33, 47, 128, 5};
    memcpy(vb(22), idx, 16);
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 4; i++) { /* ZIP1 .8h: n0 m0 n1 m1 ... from the low halves */
        cr_assert_eq(lane(0, 1, 2 * i), lane(1, 1, i));
        cr_assert_eq(lane(0, 1, 2 * i + 1), lane(2, 1, i));
    }
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(vb(3)[2 * i], vb(1)[8 + i], "ZIP2 takes the high halves");
        cr_assert_eq(vb(3)[2 * i + 1], vb(2)[8 + i]);
        cr_assert_eq(vb(6)[2 * i], vb(1)[2 * i], "TRN1: even lanes of n and m");
        cr_assert_eq(vb(6)[2 * i + 1], vb(2)[2 * i]);
    }
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(lane(4, 2, i), lane(1, 2, 2 * i));
        cr_assert_eq(lane(4, 2, 2 + i), lane(2, 2, 2 * i));
    }
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(vb(5)[i], vb(1)[2 * i + 1], "UZP2 .8b: odd bytes of the low halves");
        cr_assert_eq(vb(5)[4 + i], vb(2)[2 * i + 1]);
    }
    cr_assert_eq(env->vregs[5][1], 0);
    cr_assert_eq(env->vregs[7][0], env->vregs[1][1]);
    cr_assert_eq(env->vregs[7][1], env->vregs[2][1]);
    for (int i = 0; i < 16; i++)
        cr_assert_eq(vb(8)[i], i + 3 < 16 ? vb(1)[i + 3] : vb(2)[i + 3 - 16]);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(vb(9)[i], i + 7 < 8 ? vb(1)[i + 7] : vb(2)[i + 7 - 8], "EXT .8b uses the low halves");
    cr_assert_eq(env->vregs[9][1], 0);
    for (int i = 0; i < 16; i++) {
        uint8_t want2 = idx[i] < 32 ? (uint8_t)(0x40 + idx[i]) : 0;
        cr_assert_eq(vb(10)[i], want2, "TBL of 2 registers, index %d", idx[i]);
        cr_assert_eq(vb(11)[i], idx[i] < 16 ? 0x40 + idx[i] : 0x80 + i, "TBX keeps Vd for index %d", idx[i]);
    }
    for (int i = 0; i < 8; i++) {
        uint8_t t = idx[i];
        uint8_t want = t < 16 ? 0x40 + t : t < 32 ? 0x50 + t - 16 : t < 48 ? idx[t - 32] : t < 64 ? 0x70 + t - 48 : 0;
        cr_assert_eq(vb(12)[i], want, "TBL of 4 registers, index %d", t);
    }
    cr_assert_eq(env->vregs[12][1], 0);
}

Test(a64_simd, widening_narrowing_and_long_arithmetic)
{
    a64_asm("xtn v0.8b, v1.8h\n uxtl v2.8h, v1.8b\n sxtl2 v3.4s, v1.8h\n uaddl v4.8h, v1.8b, v2.8b\n"
            "uaddw2 v5.4s, v6.4s, v1.8h\n smull v7.4s, v1.4h, v2.4h\n umull2 v8.2d, v1.4s, v1.4s\n"
            "addhn v9.8b, v1.8h, v1.8h\n mov v10.16b, v6.16b\n umlal v10.2d, v1.2s, v1.2s\n"
            "uaddlp v11.4s, v1.8h\n shll v12.8h, v1.8b, #8");
    set_v(1, 0x8001ff7f7f80fe02ull, 0x00ff80007fffc3a5ull);
    set_v(2, 0, 0); /* overwritten by UXTL before UADDL reads it */
    set_v(6, 0x0000000100000002ull, 0xfffffffffffffff0ull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(vb(0)[i], (uint8_t)lane(1, 1, i), "XTN keeps the low byte");
        cr_assert_eq(lane(2, 1, i), vb(1)[i], "UXTL");
        cr_assert_eq(lane(4, 1, i), (uint64_t)vb(1)[i] + vb(2)[i], "UADDL of bytes");
        cr_assert_eq(lane(12, 1, i), (uint64_t)vb(1)[i] << 8, "SHLL by the element size");
        cr_assert_eq(vb(9)[i], (uint8_t)((2 * lane(1, 1, i)) >> 8), "ADDHN keeps the high half");
    }
    cr_assert_eq(env->vregs[0][1], 0);
    cr_assert_eq(env->vregs[9][1], 0);
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(lane(3, 2, i), (uint32_t)(int32_t)slane(1, 1, 4 + i), "SXTL2 reads the high half");
        cr_assert_eq(lane(5, 2, i), (uint32_t)(lane(6, 2, i) + lane(1, 1, 4 + i)));
        cr_assert_eq(lane(7, 2, i), (uint32_t)(slane(1, 1, i) * slane(2, 1, i)));
        cr_assert_eq(lane(11, 2, i), lane(1, 1, 2 * i) + lane(1, 1, 2 * i + 1));
    }
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(lane(8, 3, i), lane(1, 2, 2 + i) * lane(1, 2, 2 + i));
        cr_assert_eq(lane(10, 3, i), lane(6, 3, i) + lane(1, 2, i) * lane(1, 2, i));
    }
}

Test(a64_simd, saturation_limits_set_qc)
{
    a64_asm("sqadd v0.8h, v1.8h, v1.8h\n mrs x1, fpsr\n msr fpsr, xzr\n uqsub v2.16b, v3.16b, v4.16b\n mrs x2, fpsr\n"
            "sqxtn v5.4h, v6.4s\n uqxtn v7.8b, v8.8h\n sqxtun v9.2s, v10.2d\n sqdmulh v11.4s, v12.4s, v12.4s\n"
            "sqrdmulh v13.8h, v14.8h, v14.8h\n sqabs v15.16b, v16.16b\n sqneg d17, d18\n sqshl v19.4s, v20.4s, #4\n"
            "uqshrn v21.8b, v8.8h, #1\n sqadd d22, d18, d18\n mrs x3, fpsr");
    set_v(1, 0x7fff800040000001ull, 0xc000bfff00007ffeull);
    set_v(3, 0x00000000000000ffull, 0x0000000000000080ull);
    set_v(4, 0x00000000000000feull, 0x0000000000000081ull);
    set_v(6, 0x0000800000007fffull, 0xffff7fffffffffffull);
    set_v(8, 0x01000100ffff00ffull, 0x0000000000000080ull);
    set_v(10, 0xffffffffffffffffull, 0x00000000ffffffffull);
    set_v(12, 0x8000000080000001ull, 0x7fffffff00000000ull);
    set_v(14, 0x800000017fffc000ull, 0);
    set_v(16, 0x0000000000807f81ull, 0);
    set_v(18, 0x8000000000000000ull, 0);
    set_v(20, 0x0800000007ffffffull, 0xf8000000f7ffffffull);
    cr_assert_eq(a64_run(), EXCP_SWI);
    /* 0x7fff * 2 and 0x8000 * 2 saturate, 0x4000 * 2 saturates, 1 * 2 = 2 */
    cr_assert_eq(env->vregs[0][0], 0x7fff80007fff0002ull);
    cr_assert_eq(env->vregs[0][1], 0x8000800000007fffull, "0x7ffe*2 and 0xbfff*2 saturate, 0xc000*2 is exact");
    cr_assert_eq(env->xregs[1] & (1u << 27), 1u << 27, "QC after a saturating SQADD");
    cr_assert_eq(env->vregs[2][0], 0x01, "0xff - 0xfe");
    cr_assert_eq(env->vregs[2][1], 0, "0x80 - 0x81 clamps at 0");
    cr_assert_eq(env->xregs[2] & (1u << 27), 1u << 27);
    cr_assert_eq(env->vregs[5][0], 0x8000ffff7fff7fffull, "SQXTN: 0x7fff, 32768 -> 0x7fff, -1, -32769 -> 0x8000");
    cr_assert_eq(env->vregs[5][1], 0);
    cr_assert_eq(env->vregs[7][0], 0x00000080ffffffffull, "UQXTN clamps at 0xff");
    cr_assert_eq(env->vregs[9][0], 0xffffffff00000000ull, "SQXTUN: -1 -> 0, 0xffffffff fits");
    cr_assert_eq(env->vregs[11][0], 0x7fffffff7ffffffeull, "SQDMULH of INT_MIN squared saturates");
    cr_assert_eq(env->vregs[11][1], 0x7ffffffe00000000ull);
    cr_assert_eq(env->vregs[13][0], 0x7fff00007ffe2000ull, "SQRDMULH rounds");
    cr_assert_eq(env->vregs[15][0], 0x00000000007f7f7full, "SQABS of -128 is 127");
    cr_assert_eq(env->vregs[17][0], 0x7fffffffffffffffull);
    cr_assert_eq(env->vregs[17][1], 0);
    cr_assert_eq(env->vregs[19][0], 0x7fffffff7ffffff0ull);
    cr_assert_eq(env->vregs[19][1], 0x8000000080000000ull, "-2^27-1 << 4 saturates, -2^27 << 4 is exact");
    cr_assert_eq(env->vregs[21][0], 0x000000408080ff7full);
    cr_assert_eq(env->vregs[22][0], 0x8000000000000000ull);
    cr_assert_eq(env->xregs[3] & (1u << 27), 1u << 27);
}

/* glibc's strlen inner loop: CMEQ against zero, SHRN to a nibble mask,
 * FMOV to a general register, CLZ/RBIT to find the first zero byte. */
Test(a64_simd, strlen_style_loop_finds_the_terminator)
{
    a64_asm("mov x2, x1\n"
            "1: ldr q0, [x2], #16\n cmeq v0.16b, v0.16b, #0\n umaxp v1.16b, v0.16b, v0.16b\n fmov x3, d1\n"
            "cbz x3, 1b\n sub x2, x2, #16\n shrn v0.8b, v0.8h, #4\n fmov x3, d0\n rbit x3, x3\n clz x3, x3\n"
            "add x0, x2, x3, lsr #2\n sub x0, x0, x1");
    for (int len = 0; len < 70; len += 7) {
        memset(a64_data8(0x100), 'a', 0x100);
        *a64_data8(0x100 + len) = 0;
        env->xregs[1] = A64_DATA + 0x100;
        cr_assert_eq(a64_run(), EXCP_SWI);
        cr_assert_eq(env->xregs[0], (uint64_t)len);
    }
}

/* Raw words of unallocated encodings in the classes this decoder owns. */
Test(a64_simd, unallocated_encodings_undef)
{
    static const uint32_t words[] = {
        0x7cc00020, /* LDUR size 01 with opc<1> set (only size 00 is Q) */
        0xdc000000, /* LDR (literal) of a V register, opc 11 */
        0xec400000, /* LDP of V registers, opc 11 */
        0x3c400820, /* the unprivileged form (idx 10) with V = 1 */
        0x0c403020, /* LD1 (multiple) opcode 0011 */
        0x0c408c20, /* LD2 {.1d}: size 11 with Q = 0 */
        0x0d40d020, /* LD1R with S set */
        0x0e003c20, /* UMOV with imm5 xx000 */
        0x0e083c20, /* UMOV w0, v1.d[0] */
        0x2e004020, /* EXT .8b with index 8 */
        0x0f00ec20, /* FMOV (vector, half precision): ARMv8.2 */
        0x2f00f400, /* FMOV .2d with Q = 0 */
        0x0ee08420, /* ADD .1d */
        0x0ee0b820, /* ABS .1d */
        0x5eb1b820, /* ADDP (scalar) of words */
        0x5f0f5420, /* SHL (scalar) of a word */
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        uint32_t w[2] = {words[i], 0xd4000001};
        uint32_t at = a64_put_words(w, 2);
        cr_assert_eq(a64_run_at(at), EXCP_UDEF, "word %08x must UNDEF", words[i]);
        cr_assert_eq(env->pc, at, "UNDEF at the insn's own pc");
    }
}

/* -- Decoder robustness -- */

/* Random words of the FP/AdvSIMD classes (op0 x111) and of the V-register
 * loads and stores (op0 x110, bit 26 = V) each translate as a one-insn TB
 * or UNDEF; nothing may crash or assert. 60000 words fill 240 KiB of the
 * 4 MiB code area. */
Test(a64_simd, random_simd_and_vldst_words_translate)
{
    enum { N = 60000, PER_PAGE = 1024 };
    static const uint32_t classes[] = {0x7, 0xf, 0x6, 0xe};
    static uint32_t words[PER_PAGE];
    for (int base = 0; base < N; base += PER_PAGE) {
        for (int i = 0; i < PER_PAGE; i++) {
            uint32_t w = (uint32_t)a64_rand();
            words[i] = (w & ~(0xfu << 25)) | classes[(w >> 3) & 3] << 25;
        }
        uint32_t at = a64_put_words(words, PER_PAGE);
        for (int i = 0; i < PER_PAGE; i++) {
            TranslationBlock *tb = tb_gen_code(&env->common, at + 4u * (unsigned)i, 0, 1);
            cr_assert_not_null(tb, "word %#x", words[i]);
            cr_assert_eq(tb->icount, 1, "word %#x", words[i]);
        }
    }
}

/* The FP/AdvSIMD classes touch no memory: random words run to the svc
 * after them or UNDEF at their own pc, on random register contents. */
static void random_regs(void)
{
    for (int r = 0; r < 32; r++) {
        env->xregs[r] = a64_rand();
        random_v(r);
    }
}

Test(a64_simd, random_simd_words_run_or_undef)
{
    enum { N = 20000 };
    static uint32_t words[N];
    for (int i = 0; i < N; i++) {
        uint32_t w = (uint32_t)a64_rand();
        words[i] = (w & ~(0xfu << 25)) | (w & 1 ? 0xfu : 0x7u) << 25;
    }
    int ran, undef;
    a64_run_words(words, N, random_regs, &ran, &undef);
    cr_assert_gt(ran, N / 20, "ran %d undef %d", ran, undef);
    cr_assert_gt(undef, N / 10);
}

Test(a64_simd, scalar_saturating_doubling_long)
{
    a64_asm("sqdmull s0, h1, h2\n sqdmlal d3, s4, s5\n sqdmlsl s6, h7, h7\n mrs x1, fpsr");
    set_v(1, 0x8000, 0);           /* -32768 * -32768 * 2 = 2^31: saturates */
    set_v(2, 0x8000, 0);
    set_v(3, 0x0000000000000005ull, ~0ull);
    set_v(4, 3, 0);
    set_v(5, 0xfffffffe, 0);       /* 3 * -2 * 2 = -12; 5 - 12 = -7 */
    set_v(6, ~0ull, ~0ull);
    set_v(7, 0x0100, 0);           /* the accumulator's low word is -1 */
    a64_fpsr_write(env, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x7fffffff);
    cr_assert_eq(env->vregs[3][0], (uint64_t)-7);
    cr_assert_eq(env->vregs[3][1], 0, "a scalar result zeroes the rest");
    cr_assert_eq(env->vregs[6][0], 0xfffdffffull, "-1 - 256 * 256 * 2");
    cr_assert_eq(env->xregs[1], 1u << 27, "QC");
}
