/*
 * A64 integer data processing and branches run through the real pipeline
 * (decode -> IR -> host code), each result checked against a C model of
 * the architecture's pseudocode (ARM DDI 0487: AddWithCarry,
 * DecodeBitMasks, the bitfield move, ConditionHolds, ...), written here
 * independently of the translator.
 */
#include "a64_test_util.h"

TestSuite(a64_dp, .init = a64_setup, .fini = a64_teardown);
TestSuite(a64_branch, .init = a64_setup, .fini = a64_teardown);

/* -- Models -- */

/* AddWithCarry at width bits: the result and NZCV in bits 31:28. */
static uint64_t model_add(uint64_t x, uint64_t y, unsigned carry, int bits, uint32_t *nzcv)
{
    uint64_t mask = bits == 64 ? ~0ull : 0xffffffffull;
    x &= mask;
    y &= mask;
    unsigned __int128 usum = (unsigned __int128)x + y + carry;
    __int128 sx = bits == 64 ? (int64_t)x : (int32_t)x, sy = bits == 64 ? (int64_t)y : (int32_t)y;
    __int128 ssum = sx + sy + carry;
    uint64_t r = (uint64_t)usum & mask;
    __int128 sr = bits == 64 ? (int64_t)r : (int32_t)r;
    unsigned n = (unsigned)(r >> (bits - 1)) & 1, z = r == 0;
    unsigned c = (unsigned __int128)r != usum, v = sr != ssum;
    *nzcv = n << 31 | z << 30 | c << 29 | v << 28;
    return r;
}

static bool model_cond(int cc, uint32_t nzcv)
{
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, c = nzcv >> 29 & 1, v = nzcv >> 28 & 1, r;
    switch (cc >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return true;
    }
    return (cc & 1) ? !r : r;
}

static uint64_t ones(int n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

static uint64_t ror(uint64_t x, int r, int esize)
{
    x &= ones(esize);
    return r == 0 ? x : ((x >> r) | (x << (esize - r))) & ones(esize);
}

static uint64_t replicate(uint64_t e, int esize)
{
    uint64_t m = 0;
    for (int i = 0; i < 64; i += esize)
        m |= e << i;
    return m;
}

/* DecodeBitMasks as the pseudocode states it; false for reserved values. */
static bool model_bitmasks(int n, int imms, int immr, bool immediate, int bits, uint64_t *wmask, uint64_t *tmask)
{
    int v = n << 6 | (~imms & 0x3f), len = -1;
    for (int i = 6; i >= 0; i--)
        if (v >> i & 1) {
            len = i;
            break;
        }
    if (len < 1)
        return false;
    int levels = (int)ones(len), s = imms & levels, r = immr & levels;
    if (immediate && s == levels)
        return false;
    int esize = 1 << len, d = (s - r) & levels;
    *wmask = replicate(ror(ones(s + 1), r, esize), esize) & ones(bits);
    *tmask = replicate(ones(d + 1), esize) & ones(bits);
    return true;
}

/* -- Add and subtract -- */

/* Runs "op x0, x1, x2; mrs x3, nzcv" over the edge values, both carries,
 * and checks x0 and the flags against AddWithCarry. */
static void check_addsub(const char *src, int bits, bool sub, bool use_carry)
{
    uint32_t pc = a64_asm(src);
    for (size_t i = 0; i < A64_NEDGES; i++) {
        for (size_t j = 0; j < A64_NEDGES; j++) {
            for (unsigned cin = 0; cin < (use_carry ? 2u : 1u); cin++) {
                uint64_t a = a64_edges[i], b = a64_edges[j];
                env->xregs[1] = a;
                env->xregs[2] = b;
                a64_nzcv_write(env, cin << 29);
                cr_assert_eq(a64_run_at(pc), EXCP_SWI);
                uint32_t nzcv;
                uint64_t r = model_add(a, sub ? ~b : b, use_carry ? cin : sub, bits, &nzcv);
                cr_assert_eq(env->xregs[0], r, "%s: %#lx, %#lx, C=%u: got %#lx want %#lx", src, a, b, cin,
                             env->xregs[0], r);
                cr_assert_eq((uint32_t)env->xregs[3], nzcv, "%s: %#lx, %#lx, C=%u: nzcv %#x want %#x", src, a, b,
                             cin, (uint32_t)env->xregs[3], nzcv);
            }
        }
    }
}

Test(a64_dp, adds_subs_adcs_sbcs_flags_match_add_with_carry)
{
    check_addsub("adds x0, x1, x2\n mrs x3, nzcv", 64, false, false);
    check_addsub("subs x0, x1, x2\n mrs x3, nzcv", 64, true, false);
    check_addsub("adcs x0, x1, x2\n mrs x3, nzcv", 64, false, true);
    check_addsub("sbcs x0, x1, x2\n mrs x3, nzcv", 64, true, true);
    check_addsub("adds w0, w1, w2\n mrs x3, nzcv", 32, false, false);
    check_addsub("subs w0, w1, w2\n mrs x3, nzcv", 32, true, false);
    check_addsub("adcs w0, w1, w2\n mrs x3, nzcv", 32, false, true);
    check_addsub("sbcs w0, w1, w2\n mrs x3, nzcv", 32, true, true);
}

Test(a64_dp, add_sub_without_flags_keep_nzcv_and_zero_upper_half)
{
    a64_asm("add w0, w1, w2\n sub x4, x1, x2\n adc w5, w1, w2\n sbc x6, x1, x2\n mrs x3, nzcv");
    env->xregs[1] = 0xffffffff00000005ull;
    env->xregs[2] = 0x10000000bull;
    a64_nzcv_write(env, 0xa0000000u);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x10u);
    cr_assert_eq(env->xregs[4], 0xfffffffdfffffffaull);
    cr_assert_eq(env->xregs[5], 0x11u, "C=1 adds one");
    cr_assert_eq(env->xregs[6], 0xfffffffdfffffffaull, "C=1: no borrow");
    cr_assert_eq(env->xregs[3], 0xa0000000u);
}

Test(a64_dp, immediates_and_the_stack_pointer)
{
    a64_asm("add x0, sp, #16\n sub sp, sp, #0x10, lsl #12\n cmp x1, #4095\n mrs x2, nzcv\n"
            "cmn w1, #1\n mrs x3, nzcv\n adds x4, sp, #1\n add w5, wsp, #1\n mov x6, sp");
    env->xregs[31] = 0x40000;
    env->xregs[1] = 0xfff;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x40010u);
    cr_assert_eq(env->xregs[31], 0x30000u);
    cr_assert_eq(env->xregs[2], 0x60000000u, "equal: Z and C");
    cr_assert_eq(env->xregs[3], 0x00000000u, "0xfff + 1: nothing");
    cr_assert_eq(env->xregs[4], 0x30001u);
    cr_assert_eq(env->xregs[5], 0x30001u);
    cr_assert_eq(env->xregs[6], 0x30000u);
}

Test(a64_dp, shifted_and_extended_operands)
{
    static const char *const ext[8] = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};
    uint64_t m = 0x80000000fedc8281ull, n = 0x1000;
    for (int opt = 0; opt < 8; opt++) {
        for (int sh = 0; sh <= 4; sh++) {
            char src[96];
            snprintf(src, sizeof(src), "add x0, x1, %c2, %s #%d\n sub x3, sp, %c2, %s #%d",
                     opt == 3 || opt == 7 ? 'x' : 'w', ext[opt], sh, opt == 3 || opt == 7 ? 'x' : 'w', ext[opt], sh);
            a64_asm(src);
            env->xregs[1] = n;
            env->xregs[2] = m;
            env->xregs[31] = n;
            cr_assert_eq(a64_run(), EXCP_SWI);
            int width = 8 << (opt & 3);
            uint64_t e = width == 64 ? m : m & ones(width);
            if ((opt & 4) && width < 64 && (e >> (width - 1) & 1))
                e |= ~ones(width);
            cr_assert_eq(env->xregs[0], n + (e << sh), "%s", src);
            cr_assert_eq(env->xregs[3], n - (e << sh), "%s", src);
        }
    }
    a64_asm("add x0, x1, x2, lsl #63\n sub w3, w1, w2, lsr #4\n add w4, w1, w2, asr #31\n"
            "and x5, x1, x2, ror #8\n eon w6, w1, w2, ror #4\n bics x7, x1, x2\n mrs x8, nzcv\n"
            "orn x9, xzr, x2, lsr #1\n ands w10, w1, w2, lsl #1\n mrs x11, nzcv");
    env->xregs[1] = 0xf0f0f0f0f0f0f0f1ull;
    env->xregs[2] = 0x8000000180000003ull;
    cr_assert_eq(a64_run(), EXCP_SWI);
    uint64_t a = env->xregs[1], b = env->xregs[2];
    cr_assert_eq(env->xregs[0], a + (b << 63));
    cr_assert_eq(env->xregs[3], (uint32_t)((uint32_t)a - ((uint32_t)b >> 4)));
    cr_assert_eq(env->xregs[4], (uint32_t)((uint32_t)a + (uint32_t)((int32_t)b >> 31)));
    cr_assert_eq(env->xregs[5], a & ror(b, 8, 64));
    cr_assert_eq(env->xregs[6], (uint32_t)(a ^ ~ror((uint32_t)b, 4, 32)));
    cr_assert_eq(env->xregs[7], a & ~b);
    uint64_t r7 = a & ~b;
    cr_assert_eq(env->xregs[8], (uint32_t)(r7 >> 63) << 31 | (uint32_t)(r7 == 0) << 30, "NZ, C and V cleared");
    cr_assert_eq(env->xregs[9], ~(b >> 1));
    cr_assert_eq(env->xregs[10], (uint32_t)a & ((uint32_t)b << 1));
    uint32_t r10 = (uint32_t)a & ((uint32_t)b << 1);
    cr_assert_eq(env->xregs[11], (r10 >> 31) << 31 | (uint32_t)(r10 == 0) << 30, "W flags");
}

/* -- Immediates: logical, move wide, PC-relative -- */

Test(a64_dp, bitmask_immediates_every_encoding)
{
    /* orr xd|wd, xzr, #imm for each (N, immr, imms): the reserved ones UNDEF. */
    enum { N = 2 * 2 * 64 * 64 };
    static uint32_t words[2 * N];
    int k = 0;
    for (int sf = 0; sf < 2; sf++)
        for (int n = 0; n < 2; n++)
            for (int immr = 0; immr < 64; immr++)
                for (int imms = 0; imms < 64; imms++, k++) {
                    words[2 * k] = (uint32_t)sf << 31 | 0x32000000u | (uint32_t)n << 22 | (uint32_t)immr << 16 |
                                   (uint32_t)imms << 10 | 31u << 5;
                    words[2 * k + 1] = 0xd4000001u; /* svc #0 */
                }
    uint32_t base = a64_put_words(words, 2 * N);
    int valid = 0;
    k = 0;
    for (int sf = 0; sf < 2; sf++)
        for (int n = 0; n < 2; n++)
            for (int immr = 0; immr < 64; immr++)
                for (int imms = 0; imms < 64; imms++, k++) {
                    uint64_t w, t;
                    bool ok = model_bitmasks(n, imms, immr, true, sf ? 64 : 32, &w, &t) && (sf || !n);
                    env->xregs[0] = 0x5555;
                    int ex = a64_run_at(base + 8u * (unsigned)k);
                    if (!ok) {
                        cr_assert_eq(ex, EXCP_UDEF, "sf=%d N=%d immr=%d imms=%d must UNDEF", sf, n, immr, imms);
                        continue;
                    }
                    valid++;
                    cr_assert_eq(ex, EXCP_SWI, "sf=%d N=%d immr=%d imms=%d", sf, n, immr, imms);
                    cr_assert_eq(env->xregs[0], w, "sf=%d N=%d immr=%d imms=%d: %#lx want %#lx", sf, n, immr, imms,
                                 env->xregs[0], w);
                }
    /* Per element size e, e - 1 run lengths times 64 immr values (bits of
     * immr above the element are ignored): X has e = 2..64, W e = 2..32. */
    cr_assert_eq(valid, 64 * (1 + 3 + 7 + 15 + 31 + 63) + 64 * (1 + 3 + 7 + 15 + 31));
}

Test(a64_dp, move_wide_and_pc_relative)
{
    uint32_t pc = a64_asm("movz x0, #0x1234, lsl #48\n movn w1, #0\n movn x2, #0x8000, lsl #16\n"
                          "mov x3, x9\n movk x3, #0xbeef, lsl #16\n movk w4, #0xffff, lsl #16\n"
                          "adr x5, .\n adr x6, .+0x3fffc\n .inst 0xf0000007\n .inst 0x90ffffe8");
    env->xregs[9] = 0x1111222233334444ull;
    env->xregs[4] = 0xaaaaaaaa00001234ull;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0x1234000000000000ull);
    cr_assert_eq(env->xregs[1], 0xffffffffull);
    cr_assert_eq(env->xregs[2], 0xffffffff7fffffffull);
    cr_assert_eq(env->xregs[3], 0x11112222beef4444ull);
    cr_assert_eq(env->xregs[4], 0xffff1234ull);
    cr_assert_eq(env->xregs[5], pc + 24);
    cr_assert_eq(env->xregs[6], pc + 28 + 0x3fffc);
    /* adrp x7 with immhi:immlo = 3 (three pages on), adrp x8 with -4. */
    cr_assert_eq(env->xregs[7], ((pc + 32) & ~0xfffull) + 0x3000);
    cr_assert_eq(env->xregs[8], ((pc + 36) & ~0xfffull) - 0x4000);
    static const uint32_t bad[] = {0x92a00000u | 0x20000000u, /* opc=01 */ 0x52c00000u /* movz w, hw=2 */};
    for (int i = 0; i < 2; i++) {
        uint32_t w[2] = {bad[i], 0xd4000001u};
        cr_assert_eq(a64_run_at(a64_put_words(w, 2)), EXCP_UDEF, "word %#x", bad[i]);
    }
}

/* -- Bitfield moves against the pseudocode, every encoding -- */

Test(a64_dp, bitfield_moves_every_immr_imms)
{
    static uint32_t words[2 * 3 * 64 * 64 * 2];
    int k = 0;
    for (int sf = 0; sf < 2; sf++)
        for (int opc = 0; opc < 3; opc++)
            for (int immr = 0; immr < 64; immr++)
                for (int imms = 0; imms < 64; imms++, k++) {
                    words[2 * k] = (uint32_t)sf << 31 | (uint32_t)opc << 29 | 0x13000000u | (uint32_t)sf << 22 |
                                   (uint32_t)immr << 16 | (uint32_t)imms << 10 | 1u << 5 | 0u;
                    words[2 * k + 1] = 0xd4000001u;
                }
    uint32_t base = a64_put_words(words, (size_t)(2 * k));
    const uint64_t src = 0x8badf00d4321fedcull, dst = 0x0123456789abcdefull;
    k = 0;
    for (int sf = 0; sf < 2; sf++)
        for (int opc = 0; opc < 3; opc++)
            for (int immr = 0; immr < 64; immr++)
                for (int imms = 0; imms < 64; imms++, k++) {
                    int bits = sf ? 64 : 32;
                    env->xregs[0] = dst;
                    env->xregs[1] = src;
                    int ex = a64_run_at(base + 8u * (unsigned)k);
                    uint64_t w, t;
                    if (immr >= bits || imms >= bits) {
                        cr_assert_eq(ex, EXCP_UDEF, "sf=%d opc=%d immr=%d imms=%d", sf, opc, immr, imms);
                        continue;
                    }
                    cr_assert(model_bitmasks(sf, imms, immr, false, bits, &w, &t));
                    uint64_t s = src & ones(bits), d = opc == 1 ? dst & ones(bits) : 0;
                    uint64_t bot = (d & ~w) | (ror(s, immr, bits) & w);
                    uint64_t top = opc == 0 ? ((s >> imms & 1) ? ones(bits) : 0) : d;
                    uint64_t want = ((top & ~t) | (bot & t)) & ones(bits);
                    cr_assert_eq(ex, EXCP_SWI);
                    cr_assert_eq(env->xregs[0], want, "sf=%d opc=%d immr=%d imms=%d: %#lx want %#lx", sf, opc, immr,
                                 imms, env->xregs[0], want);
                }
}

Test(a64_dp, extract_and_rotate)
{
    a64_asm("extr x0, x1, x2, #12\n extr w3, w1, w2, #31\n ror x4, x1, #63\n extr x5, x1, x2, #0");
    env->xregs[1] = 0x0123456789abcdefull;
    env->xregs[2] = 0xfedcba9876543210ull;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], (env->xregs[2] >> 12) | (env->xregs[1] << 52));
    cr_assert_eq(env->xregs[3], (uint32_t)((0x89abcdefull << 32 | 0x76543210ull) >> 31));
    cr_assert_eq(env->xregs[4], ror(env->xregs[1], 63, 64));
    cr_assert_eq(env->xregs[5], env->xregs[2]);
}

/* -- Conditional compare and select -- */

Test(a64_dp, csel_family_every_condition_and_flag_value)
{
    static const char *const cc[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                       "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};
    for (int c = 0; c < 14; c++) {
        char src[160];
        snprintf(src, sizeof(src), "msr nzcv, x9\n csel x0, x1, x2, %s\n csinc w3, w1, w2, %s\n"
                 "csinv x4, x1, x2, %s\n csneg x5, x1, x2, %s", cc[c], cc[c], cc[c], cc[c]);
        uint32_t pc = a64_asm(src);
        for (uint32_t f = 0; f < 16; f++) {
            env->xregs[9] = (uint64_t)f << 28;
            env->xregs[1] = 0x1111111111111111ull;
            env->xregs[2] = 0xffffffff00000007ull;
            cr_assert_eq(a64_run_at(pc), EXCP_SWI);
            bool t = model_cond(c, f << 28);
            uint64_t a = env->xregs[1], b = env->xregs[2];
            cr_assert_eq(env->xregs[0], t ? a : b, "csel %s nzcv=%x", cc[c], f);
            cr_assert_eq(env->xregs[3], t ? (uint32_t)a : (uint32_t)(b + 1), "csinc %s nzcv=%x", cc[c], f);
            cr_assert_eq(env->xregs[4], t ? a : ~b, "csinv %s nzcv=%x", cc[c], f);
            cr_assert_eq(env->xregs[5], t ? a : -b, "csneg %s nzcv=%x", cc[c], f);
        }
    }
}

Test(a64_dp, ccmp_ccmn_take_the_compare_or_the_immediate_flags)
{
    a64_asm("msr nzcv, x9\n ccmp x1, x2, #0x5, ne\n mrs x3, nzcv\n msr nzcv, x9\n ccmn w1, #3, #0xa, eq\n"
            "mrs x4, nzcv");
    for (int z = 0; z < 2; z++) {
        env->xregs[9] = (uint64_t)z << 30;
        env->xregs[1] = 5;
        env->xregs[2] = 7;
        cr_assert_eq(a64_run(), EXCP_SWI);
        uint32_t f;
        model_add(5, ~7ull, 1, 64, &f);
        cr_assert_eq(env->xregs[3], z ? 0x50000000u : f, "ccmp with Z=%d", z);
        model_add(5, 3, 0, 32, &f);
        cr_assert_eq(env->xregs[4], z ? f : 0xa0000000u, "ccmn with Z=%d", z);
    }
}

/* -- 1, 2 and 3 sources -- */

static uint64_t model_rbit(uint64_t x, int bits)
{
    uint64_t r = 0;
    for (int i = 0; i < bits; i++)
        r |= (x >> i & 1) << (bits - 1 - i);
    return r;
}

static uint64_t model_cls(uint64_t x, int bits)
{
    int top = (int)(x >> (bits - 1) & 1), n = 0;
    for (int i = bits - 2; i >= 0 && (int)(x >> i & 1) == top; i--)
        n++;
    return (uint64_t)n;
}

static uint64_t model_clz(uint64_t x, int bits)
{
    int n = 0;
    for (int i = bits - 1; i >= 0 && !(x >> i & 1); i--)
        n++;
    return (uint64_t)n;
}

static uint64_t model_rev(uint64_t x, int bytes_per_lane, int bits)
{
    uint64_t r = 0;
    for (int lane = 0; lane < bits / 8 / bytes_per_lane; lane++)
        for (int b = 0; b < bytes_per_lane; b++) {
            uint64_t byte = x >> (8 * (lane * bytes_per_lane + b)) & 0xff;
            r |= byte << (8 * (lane * bytes_per_lane + bytes_per_lane - 1 - b));
        }
    return r;
}

Test(a64_dp, one_source_bit_and_byte_operations)
{
    uint32_t pc = a64_asm("rbit x0, x1\n rbit w2, w1\n rev16 x3, x1\n rev16 w4, w1\n rev32 x5, x1\n"
                          "rev w6, w1\n rev x7, x1\n clz x8, x1\n clz w9, w1\n cls x10, x1\n cls w11, w1");
    for (int i = 0; i < 64; i++) {
        uint64_t x = i < (int)A64_NEDGES ? a64_edges[i] : a64_rand() >> (i % 64);
        env->xregs[1] = x;
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        uint64_t w = (uint32_t)x;
        cr_assert_eq(env->xregs[0], model_rbit(x, 64));
        cr_assert_eq(env->xregs[2], model_rbit(w, 32));
        cr_assert_eq(env->xregs[3], model_rev(x, 2, 64));
        cr_assert_eq(env->xregs[4], model_rev(w, 2, 32));
        cr_assert_eq(env->xregs[5], model_rev(x, 4, 64));
        cr_assert_eq(env->xregs[6], model_rev(w, 4, 32));
        cr_assert_eq(env->xregs[7], model_rev(x, 8, 64));
        cr_assert_eq(env->xregs[8], model_clz(x, 64), "clz %#lx", x);
        cr_assert_eq(env->xregs[9], model_clz(w, 32), "clz w %#lx", w);
        cr_assert_eq(env->xregs[10], model_cls(x, 64), "cls %#lx", x);
        cr_assert_eq(env->xregs[11], model_cls(w, 32), "cls w %#lx", w);
    }
}

Test(a64_dp, divides_including_by_zero_and_overflow)
{
    uint32_t pc = a64_asm("udiv x0, x1, x2\n sdiv x3, x1, x2\n udiv w4, w1, w2\n sdiv w5, w1, w2");
    for (size_t i = 0; i < A64_NEDGES; i++)
        for (size_t j = 0; j < A64_NEDGES; j++) {
            uint64_t a = a64_edges[i], b = a64_edges[j];
            env->xregs[1] = a;
            env->xregs[2] = b;
            cr_assert_eq(a64_run_at(pc), EXCP_SWI);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            int32_t wa = (int32_t)a, wb = (int32_t)b;
            uint64_t sq = b == 0 ? 0 : (sa == INT64_MIN && sb == -1) ? (uint64_t)INT64_MIN : (uint64_t)(sa / sb);
            uint32_t wq = (uint32_t)b == 0 ? 0 : (wa == INT32_MIN && wb == -1) ? 0x80000000u : (uint32_t)(wa / wb);
            cr_assert_eq(env->xregs[0], b ? a / b : 0, "udiv %#lx / %#lx", a, b);
            cr_assert_eq(env->xregs[3], sq, "sdiv %#lx / %#lx", a, b);
            cr_assert_eq(env->xregs[4], (uint32_t)b ? (uint32_t)a / (uint32_t)b : 0, "udiv w %#lx / %#lx", a, b);
            cr_assert_eq(env->xregs[5], wq, "sdiv w %#lx / %#lx", a, b);
        }
}

Test(a64_dp, variable_shifts_take_the_amount_modulo_the_width)
{
    uint32_t pc = a64_asm("lsl x0, x1, x2\n lsr x3, x1, x2\n asr x4, x1, x2\n ror x5, x1, x2\n"
                          "lsl w6, w1, w2\n lsr w7, w1, w2\n asr w8, w1, w2\n ror w9, w1, w2");
    uint64_t x = 0x80000000c0000001ull;
    for (unsigned amt = 0; amt < 130; amt += 3) {
        env->xregs[1] = x;
        env->xregs[2] = amt | 0xff00;
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        unsigned a = (amt | 0xff00) & 63, b = (amt | 0xff00) & 31;
        uint32_t w = (uint32_t)x;
        cr_assert_eq(env->xregs[0], x << a);
        cr_assert_eq(env->xregs[3], x >> a);
        cr_assert_eq(env->xregs[4], (uint64_t)((int64_t)x >> a));
        cr_assert_eq(env->xregs[5], ror(x, (int)a, 64));
        cr_assert_eq(env->xregs[6], (uint32_t)(w << b));
        cr_assert_eq(env->xregs[7], w >> b);
        cr_assert_eq(env->xregs[8], (uint32_t)((int32_t)w >> b));
        cr_assert_eq(env->xregs[9], ror(w, (int)b, 32));
    }
}

Test(a64_dp, multiply_accumulate_and_high_halves)
{
    uint32_t pc = a64_asm("madd x0, x1, x2, x3\n msub w4, w1, w2, w3\n smaddl x5, w1, w2, x3\n"
                          "umsubl x6, w1, w2, x3\n smulh x7, x1, x2\n umulh x8, x1, x2\n mul w9, w1, w2");
    for (int i = 0; i < 40; i++) {
        uint64_t a = i < (int)A64_NEDGES ? a64_edges[i] : a64_rand(), b = a64_rand(), c = a64_rand();
        env->xregs[1] = a;
        env->xregs[2] = b;
        env->xregs[3] = c;
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        cr_assert_eq(env->xregs[0], c + a * b);
        cr_assert_eq(env->xregs[4], (uint32_t)((uint32_t)c - (uint32_t)a * (uint32_t)b));
        cr_assert_eq(env->xregs[5], c + (uint64_t)((int64_t)(int32_t)a * (int64_t)(int32_t)b));
        cr_assert_eq(env->xregs[6], c - (uint64_t)(uint32_t)a * (uint32_t)b);
        cr_assert_eq(env->xregs[7], (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64));
        cr_assert_eq(env->xregs[8], (uint64_t)(((unsigned __int128)a * b) >> 64));
        cr_assert_eq(env->xregs[9], (uint32_t)((uint32_t)a * (uint32_t)b));
    }
}

/* Table-driven CRC (reflected), independent of the helper's bitwise loop. */
static uint32_t model_crc(uint32_t crc, uint64_t val, int bytes, uint32_t poly)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ poly : c >> 1;
        table[i] = c;
    }
    for (int i = 0; i < bytes; i++)
        crc = table[(crc ^ (uint32_t)(val >> (8 * i))) & 0xff] ^ (crc >> 8);
    return crc;
}

Test(a64_dp, crc32_and_crc32c_all_sizes)
{
    uint32_t pc = a64_asm("crc32b w0, w1, w2\n crc32h w3, w1, w2\n crc32w w4, w1, w2\n crc32x w5, w1, x2\n"
                          "crc32cb w6, w1, w2\n crc32ch w7, w1, w2\n crc32cw w8, w1, w2\n crc32cx w9, w1, x2");
    for (int i = 0; i < 32; i++) {
        uint64_t acc = a64_rand() | 0xffffffff00000000ull, v = a64_rand();
        env->xregs[1] = acc;
        env->xregs[2] = v;
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        static const int sizes[4] = {1, 2, 4, 8};
        static const int regs[8] = {0, 3, 4, 5, 6, 7, 8, 9};
        for (int k = 0; k < 8; k++) {
            uint32_t want = model_crc((uint32_t)acc, v, sizes[k & 3], k < 4 ? 0xedb88320u : 0x82f63b78u);
            cr_assert_eq(env->xregs[regs[k]], want, "crc kind %d of %#lx", k, v);
        }
    }
    /* The standard check value: CRC-32 of "123456789" is 0xcbf43926. */
    a64_asm("mov w0, #-1\n ldrb w2, [x1], #1\n crc32b w0, w0, w2\n subs x3, x3, #1\n b.ne .-12\n mvn w0, w0");
    memcpy(a64_data8(0), "123456789", 9);
    env->xregs[1] = A64_DATA;
    env->xregs[3] = 9;
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[0], 0xcbf43926u);
}

/* -- Branches -- */

Test(a64_branch, b_cond_every_condition_and_flag_value)
{
    static const char *const cc[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                       "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};
    for (int c = 0; c < 16; c++) {
        char src[128];
        snprintf(src, sizeof(src), "msr nzcv, x9\n mov x0, #0\n b.%s 1f\n svc #0\n 1: mov x0, #1", cc[c]);
        uint32_t pc = a64_asm(src);
        for (uint32_t f = 0; f < 16; f++) {
            env->xregs[9] = (uint64_t)f << 28;
            cr_assert_eq(a64_run_at(pc), EXCP_SWI);
            cr_assert_eq(env->xregs[0], model_cond(c, f << 28), "b.%s nzcv=%x", cc[c], f);
        }
    }
}

Test(a64_branch, compare_and_test_branches)
{
    uint32_t pc = a64_asm("mov x0, #0\n cbz w1, 1f\n orr x0, x0, #1\n 1: cbnz x1, 2f\n orr x0, x0, #2\n"
                          "2: tbz x1, #63, 3f\n orr x0, x0, #4\n 3: tbnz w1, #5, 4f\n orr x0, x0, #8\n 4: nop");
    static const uint64_t vals[] = {0, 0x100000000ull, 0x8000000000000020ull, 0x20, 1};
    for (int i = 0; i < 5; i++) {
        uint64_t x = vals[i];
        env->xregs[1] = x;
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        uint64_t want = ((uint32_t)x != 0 ? 1 : 0) | (x == 0 ? 2 : 0) | (x >> 63 ? 4 : 0) | (x & 0x20 ? 0 : 8);
        cr_assert_eq(env->xregs[0], want, "x1=%#lx", x);
    }
}

Test(a64_branch, calls_and_returns_link_x30)
{
    uint32_t pc = a64_asm("bl 1f\n b 3f\n 1: mov x1, x30\n adr x3, 2f\n blr x3\n ret x1\n"
                          "2: mov x4, x30\n ret\n 3: adr x5, 4f\n br x5\n mov x6, #1\n 4: nop");
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[1], pc + 4, "bl links the next insn");
    cr_assert_eq(env->xregs[4], pc + 20, "blr links");
    cr_assert_eq(env->xregs[30], pc + 20);
    cr_assert_eq(env->xregs[6], 0, "br skipped");
    cr_assert_eq(env->pc, pc + 52, "svc returns past itself");
}

Test(a64_branch, misaligned_branch_target_faults_at_the_target)
{
    a64_asm("add x1, x1, #2\n br x1");
    env->xregs[1] = A64_CODE;
    cr_assert_eq(a64_run(), EXCP_UNALIGNED);
    cr_assert_eq(env->common.fault_addr, A64_CODE + 2);
    cr_assert_eq(env->pc, A64_CODE + 2);
}

Test(a64_branch, svc_brk_and_udf)
{
    uint32_t pc = a64_asm("svc #0x1234");
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->svc_imm, 0x1234);
    cr_assert_eq(env->pc, pc + 4);
    pc = a64_asm("mov x0, #7\n brk #1");
    cr_assert_eq(a64_run(), EXCP_BKPT);
    cr_assert_eq(env->pc, pc + 4, "brk reports its own pc");
    cr_assert_eq(env->xregs[0], 7);
    pc = a64_asm("nop\n udf #0");
    cr_assert_eq(a64_run(), EXCP_UDEF);
    cr_assert_eq(env->pc, pc + 4);
}
