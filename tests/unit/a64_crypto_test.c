/*
 * The A64 cryptographic extension run through the real pipeline (snippets
 * assembled with aarch64-linux-gnu-as, run by cpu_exec until the SVC):
 * the AES round steps of FIPS-197 appendix B, whole SHA-1, SHA-256 and
 * SHA-512 compressions of "abc" written with the SHA insns and compared
 * with the FIPS 180 digests, PMULL .1Q against a C carry-less multiply,
 * the SHA-3 insns against C, the SM4 example of GB/T 32907 and SM3 of
 * "abc" (GB/T 32905), the host-accelerated insns both with the host's
 * AES-NI/PCLMULQDQ/SHA-NI and with the portable C, and the UNDEF of each
 * group a model lacks.
 *
 * The round constants and initial hash values are derived here as the
 * standard defines them (fractional bits of square and cube roots of
 * primes), so only the published digests are typed in.
 */
#include "a64_test_util.h"
#include "frontends/arm/crypto_helper.h"
#include "linux-user/aarch64/a64_user.h"

static void crypto_setup(void)
{
    a64_setup();
    env->features = A64_FEATURE_AES | A64_FEATURE_SHA1 | A64_FEATURE_SHA256 | A64_FEATURE_SHA512 | A64_FEATURE_SHA3 |
                    A64_FEATURE_SM3 | A64_FEATURE_SM4;
    arm_crypto_force_portable(false);
}

static void crypto_teardown(void)
{
    arm_crypto_force_portable(false);
    a64_teardown();
}

TestSuite(a64_crypto, .init = crypto_setup, .fini = crypto_teardown);

#define ARCH ".arch armv8.2-a+aes+sha2+sha3+sm4\n"

static void set_v(int n, uint64_t lo, uint64_t hi)
{
    env->vregs[n][0] = lo;
    env->vregs[n][1] = hi;
}

static void set_bytes(int n, const uint8_t b[16]) { memcpy(env->vregs[n], b, 16); }

/* -- Roots of primes, as 256-bit fixed point -- */

typedef struct U256 {
    uint64_t w[4];
} U256;

static U256 u256_mul(U256 a, U256 b)
{
    U256 r = {{0, 0, 0, 0}};
    for (int i = 0; i < 4; i++) {
        unsigned __int128 carry = 0;
        for (int j = 0; i + j < 4; j++) {
            unsigned __int128 t = (unsigned __int128)a.w[i] * b.w[j] + r.w[i + j] + carry;
            r.w[i + j] = (uint64_t)t;
            carry = t >> 64;
        }
    }
    return r;
}

static int u256_cmp(U256 a, U256 b)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i])
            return a.w[i] < b.w[i] ? -1 : 1;
    return 0;
}

/* The first 64 fractional bits of the k-th root (k = 2, 3) of p:
 * floor(root(p * 2^(64k))) mod 2^64, by bisection on the integer root. */
static uint64_t root_frac64(uint64_t p, int k)
{
    U256 target = {{0, 0, 0, 0}};
    target.w[k] = p;
    uint64_t lo = 0, hi_int = 0; /* the root is hi_int * 2^64 + lo, hi_int < 8 */
    for (int bit = 66; bit >= 0; bit--) {
        uint64_t tl = lo, th = hi_int;
        if (bit >= 64)
            th |= 1ull << (bit - 64);
        else
            tl |= 1ull << bit;
        U256 x = {{tl, th, 0, 0}}, pow = x;
        for (int i = 1; i < k; i++)
            pow = u256_mul(pow, x);
        if (u256_cmp(pow, target) <= 0)
            lo = tl, hi_int = th;
    }
    return lo;
}

static uint64_t nth_prime(int n)
{
    uint64_t p = 1;
    for (int found = -1; found < n;) {
        p++;
        bool prime = true;
        for (uint64_t d = 2; d * d <= p; d++)
            if (p % d == 0)
                prime = false;
        found += prime;
    }
    return p;
}

/* -- AES -- */

/* FIPS-197 appendix B, round 1: the state after the initial AddRoundKey
 * and the key, then after SubBytes+ShiftRows and after MixColumns. */
static const uint8_t aes_in[16] = {0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                   0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34};
static const uint8_t aes_key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t aes_start[16] = {0x19, 0x3d, 0xe3, 0xbe, 0xa0, 0xf4, 0xe2, 0x2b,
                                      0x9a, 0xc6, 0x8d, 0x2a, 0xe9, 0xf8, 0x48, 0x08};
static const uint8_t aes_shifted[16] = {0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae,
                                        0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5};
static const uint8_t aes_mixed[16] = {0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a,
                                      0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c};

static void aes_round_steps(bool portable)
{
    arm_crypto_force_portable(portable);
    a64_asm(ARCH "aese v0.16b, v1.16b\n mov v2.16b, v0.16b\n aesmc v3.16b, v0.16b\n"
                 "aesimc v4.16b, v3.16b\n movi v5.16b, #0\n aesd v4.16b, v5.16b");
    set_bytes(0, aes_in);
    set_bytes(1, aes_key);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(memcmp(env->vregs[2], aes_shifted, 16), 0, "AESE = ShiftRows(SubBytes(in ^ key))");
    cr_assert_eq(memcmp(env->vregs[3], aes_mixed, 16), 0, "AESMC = MixColumns");
    cr_assert_eq(memcmp(env->vregs[4], aes_start, 16), 0, "AESIMC then AESD undo them");
}

Test(a64_crypto, aes_fips197_round_host) { aes_round_steps(false); }
Test(a64_crypto, aes_fips197_round_portable) { aes_round_steps(true); }

/* -- SHA-1 and SHA-256 of "abc" -- */

/* The one padded block of "abc" as 32-bit big-endian words. */
static void abc_block32(uint32_t w[16])
{
    memset(w, 0, 64);
    w[0] = 0x61626380u;
    w[15] = 24;
}

static void sha1_abc(bool portable)
{
    static const uint32_t expect[5] = {0xa9993e36u, 0x4706816au, 0xba3e2571u, 0x7850c26cu, 0x9cd0d89du};
    arm_crypto_force_portable(portable);
    /* v0 = abcd, v1 = e, v16-v19 the schedule, v20-v23 the four K. */
    char src[8192];
    int n = snprintf(src, sizeof(src), ARCH "mov v24.16b, v0.16b\n mov v25.16b, v1.16b\n");
    for (int i = 0; i < 20; i++) {
        const char *op = i < 5 ? "sha1c" : i < 10 || i >= 15 ? "sha1p" : "sha1m";
        n += snprintf(src + n, sizeof(src) - (size_t)n,
                      "add v4.4s, v%d.4s, v%d.4s\n sha1h s2, s0\n %s q0, s1, v4.4s\n mov v1.16b, v2.16b\n",
                      16 + i % 4, 20 + i / 5, op);
        if (i < 16)
            n += snprintf(src + n, sizeof(src) - (size_t)n, "sha1su0 v%d.4s, v%d.4s, v%d.4s\n sha1su1 v%d.4s, v%d.4s\n",
                          16 + i % 4, 16 + (i + 1) % 4, 16 + (i + 2) % 4, 16 + i % 4, 16 + (i + 3) % 4);
    }
    snprintf(src + n, sizeof(src) - (size_t)n, "add v0.4s, v0.4s, v24.4s\n add v1.4s, v1.4s, v25.4s");
    a64_asm(src);
    uint32_t w[16], h[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
    abc_block32(w);
    memcpy(env->vregs[0], h, 16);
    set_v(1, h[4], 0);
    for (int i = 0; i < 4; i++)
        memcpy(env->vregs[16 + i], &w[4 * i], 16);
    /* K = floor(2^30 * sqrt(x)) for x = 2, 3, 5, 10. */
    static const int roots[4] = {2, 3, 5, 10}, whole[4] = {1, 1, 2, 3};
    for (int i = 0; i < 4; i++) {
        uint32_t k = (uint32_t)(root_frac64((uint64_t)roots[i], 2) >> 34) | (uint32_t)whole[i] << 30;
        uint32_t kk[4] = {k, k, k, k};
        memcpy(env->vregs[20 + i], kk, 16);
    }
    cr_assert_eq(env->vregs[20][0] & 0xffffffffu, 0x5a827999u, "the derived K0 is the standard's");
    cr_assert_eq(a64_run(), EXCP_SWI);
    uint32_t got[5];
    memcpy(got, env->vregs[0], 16);
    got[4] = (uint32_t)env->vregs[1][0];
    for (int i = 0; i < 5; i++)
        cr_assert_eq(got[i], expect[i], "SHA-1(abc) word %d: %08x, expected %08x", i, got[i], expect[i]);
}

Test(a64_crypto, sha1_abc_host) { sha1_abc(false); }
Test(a64_crypto, sha1_abc_portable) { sha1_abc(true); }

static void sha256_abc(bool portable)
{
    static const uint32_t expect[8] = {0xba7816bfu, 0x8f01cfeau, 0x414140deu, 0x5dae2223u,
                                       0xb00361a3u, 0x96177a9cu, 0xb410ff61u, 0xf20015adu};
    arm_crypto_force_portable(portable);
    /* v0 = abcd, v1 = efgh, v16-v19 the schedule, x3 walks K. */
    char src[8192];
    int n = snprintf(src, sizeof(src), ARCH "mov v24.16b, v0.16b\n mov v25.16b, v1.16b\n");
    for (int i = 0; i < 16; i++) {
        n += snprintf(src + n, sizeof(src) - (size_t)n,
                      "ld1 {v5.4s}, [x3], #16\n add v4.4s, v5.4s, v%d.4s\n mov v2.16b, v0.16b\n"
                      "sha256h q0, q1, v4.4s\n sha256h2 q1, q2, v4.4s\n",
                      16 + i % 4);
        if (i < 12)
            n += snprintf(src + n, sizeof(src) - (size_t)n,
                          "sha256su0 v%d.4s, v%d.4s\n sha256su1 v%d.4s, v%d.4s, v%d.4s\n", 16 + i % 4,
                          16 + (i + 1) % 4, 16 + i % 4, 16 + (i + 2) % 4, 16 + (i + 3) % 4);
    }
    snprintf(src + n, sizeof(src) - (size_t)n, "add v0.4s, v0.4s, v24.4s\n add v1.4s, v1.4s, v25.4s");
    a64_asm(src);
    uint32_t w[16], h[8];
    abc_block32(w);
    for (int i = 0; i < 8; i++)
        h[i] = (uint32_t)(root_frac64(nth_prime(i), 2) >> 32);
    for (int i = 0; i < 64; i++)
        a64_data32(0)[i] = (uint32_t)(root_frac64(nth_prime(i), 3) >> 32);
    cr_assert_eq(h[0], 0x6a09e667u, "the derived H0 is the standard's");
    cr_assert_eq(a64_data32(0)[0], 0x428a2f98u, "the derived K0 is the standard's");
    memcpy(env->vregs[0], h, 16);
    memcpy(env->vregs[1], h + 4, 16);
    for (int i = 0; i < 4; i++)
        memcpy(env->vregs[16 + i], &w[4 * i], 16);
    env->xregs[3] = A64_DATA;
    cr_assert_eq(a64_run(), EXCP_SWI);
    uint32_t got[8];
    memcpy(got, env->vregs[0], 16);
    memcpy(got + 4, env->vregs[1], 16);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(got[i], expect[i], "SHA-256(abc) word %d: %08x, expected %08x", i, got[i], expect[i]);
}

Test(a64_crypto, sha256_abc_host) { sha256_abc(false); }
Test(a64_crypto, sha256_abc_portable) { sha256_abc(true); }

/* -- SHA-512 of "abc" --
 *
 * The state is AB, CD, EF, GH (a in the low lane of AB). Two rounds with
 * Wk = W[t..t+1] + K[t..t+1]:
 *     T   = SHA512H(GH + swap(Wk), {f, g}, {d, e})    = {T1(t+1), T1(t)}
 *     AB' = SHA512H2(T, CD, AB), CD' = AB, EF' = CD + T, GH' = EF
 * The schedule: M[i+8] = SHA512SU1(SHA512SU0(M[i], M[i+1]), M[i+7], {W[t-7], W[t-6]}). */
Test(a64_crypto, sha512_abc)
{
    static const uint64_t expect[8] = {0xddaf35a193617abaull, 0xcc417349ae204131ull, 0x12e6fa4e89a97ea2ull,
                                       0x0a9eeee64b55d39aull, 0x2192992a274fc1a8ull, 0x36ba3c23a3feebbdull,
                                       0x454d4423643ce80eull, 0x2a9ac94fa54ca49full};
    char src[32768];
    int r[4] = {0, 1, 2, 3}; /* the registers of AB, CD, EF, GH */
    int n = snprintf(src, sizeof(src), ARCH "mov v24.16b, v0.16b\n mov v25.16b, v1.16b\n"
                                            "mov v26.16b, v2.16b\n mov v27.16b, v3.16b\n");
    for (int i = 0; i < 40; i++) {
        int m = 16 + i % 8;
        n += snprintf(src + n, sizeof(src) - (size_t)n,
                      "ld1 {v5.2d}, [x3], #16\n add v5.2d, v5.2d, v%d.2d\n ext v5.16b, v5.16b, v5.16b, #8\n"
                      "add v5.2d, v5.2d, v%d.2d\n ext v6.16b, v%d.16b, v%d.16b, #8\n"
                      "ext v7.16b, v%d.16b, v%d.16b, #8\n sha512h q5, q7, v6.2d\n add v%d.2d, v%d.2d, v5.2d\n"
                      "sha512h2 q5, q%d, v%d.2d\n mov v%d.16b, v5.16b\n",
                      m, r[3], r[1], r[2], r[2], r[3], r[3], r[1], r[1], r[0], r[1]);
        int ab = r[0], cd = r[1], ef = r[2], gh = r[3];
        r[0] = cd, r[1] = ab, r[2] = gh, r[3] = ef;
        if (i < 32)
            n += snprintf(src + n, sizeof(src) - (size_t)n,
                          "ext v6.16b, v%d.16b, v%d.16b, #8\n sha512su0 v%d.2d, v%d.2d\n"
                          "sha512su1 v%d.2d, v%d.2d, v6.2d\n",
                          16 + (i + 4) % 8, 16 + (i + 5) % 8, m, 16 + (i + 1) % 8, m, 16 + (i + 7) % 8);
    }
    cr_assert_eq(r[0], 0, "40 double rounds bring the registers back");
    snprintf(src + n, sizeof(src) - (size_t)n,
             "add v0.2d, v0.2d, v24.2d\n add v1.2d, v1.2d, v25.2d\n add v2.2d, v2.2d, v26.2d\n"
             "add v3.2d, v3.2d, v27.2d");
    a64_asm(src);
    uint64_t h[8], w[16] = {0x6162638000000000ull};
    w[15] = 24;
    for (int i = 0; i < 8; i++)
        h[i] = root_frac64(nth_prime(i), 2);
    for (int i = 0; i < 80; i++)
        a64_data64(0)[i] = root_frac64(nth_prime(i), 3);
    cr_assert_eq(a64_data64(0)[0], 0x428a2f98d728ae22ull, "the derived K0 is the standard's");
    for (int i = 0; i < 4; i++)
        set_v(i, h[2 * i], h[2 * i + 1]);
    for (int i = 0; i < 8; i++)
        set_v(16 + i, w[2 * i], w[2 * i + 1]);
    env->xregs[3] = A64_DATA;
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(env->vregs[i / 2][i % 2], expect[i], "SHA-512(abc) word %d: %016llx, expected %016llx", i,
                     (unsigned long long)env->vregs[i / 2][i % 2], (unsigned long long)expect[i]);
}

/* -- PMULL .1Q -- */

static void clmul(uint64_t a, uint64_t b, uint64_t r[2])
{
    r[0] = r[1] = 0;
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < 64; j++)
            if ((a >> i & 1) && (b >> j & 1)) {
                if (i + j < 64)
                    r[0] ^= 1ull << (i + j);
                else
                    r[1] ^= 1ull << (i + j - 64);
            }
}

static void pmull_random(bool portable)
{
    arm_crypto_force_portable(portable);
    uint32_t at = a64_asm(ARCH "pmull v0.1q, v1.1d, v2.1d\n pmull2 v3.1q, v1.2d, v2.2d\n pmull v4.8h, v1.8b, v2.8b");
    for (int iter = 0; iter < 200; iter++) {
        uint64_t a = a64_rand(), b = a64_rand(), c = a64_rand(), d = a64_rand(), lo[2], hi[2];
        if (iter == 0)
            a = b = c = d = ~0ull;
        set_v(1, a, c);
        set_v(2, b, d);
        cr_assert_eq(a64_run_at(at), EXCP_SWI);
        clmul(a, b, lo);
        clmul(c, d, hi);
        cr_assert(env->vregs[0][0] == lo[0] && env->vregs[0][1] == lo[1], "pmull %016llx x %016llx",
                  (unsigned long long)a, (unsigned long long)b);
        cr_assert(env->vregs[3][0] == hi[0] && env->vregs[3][1] == hi[1], "pmull2 %016llx x %016llx",
                  (unsigned long long)c, (unsigned long long)d);
        for (int e = 0; e < 8; e++) { /* the .8H form: byte by byte, 16-bit products */
            uint64_t p[2];
            clmul(a >> 8 * e & 0xff, b >> 8 * e & 0xff, p);
            cr_assert_eq(env->vregs[4][e / 4] >> 16 * (e % 4) & 0xffff, p[0], "pmull .8h lane %d", e);
        }
    }
}

Test(a64_crypto, pmull_1q_host) { pmull_random(false); }
Test(a64_crypto, pmull_1q_portable) { pmull_random(true); }

/* -- SHA-3 -- */

static uint64_t rol64(uint64_t x, int n) { return n ? x << n | x >> (64 - n) : x; }

Test(a64_crypto, sha3_eor3_bcax_rax1_xar)
{
    for (int imm = 0; imm < 64; imm += 7) {
        char src[256];
        snprintf(src, sizeof(src),
                 ARCH "eor3 v0.16b, v1.16b, v2.16b, v3.16b\n bcax v4.16b, v1.16b, v2.16b, v3.16b\n"
                      "rax1 v5.2d, v1.2d, v2.2d\n xar v6.2d, v1.2d, v2.2d, #%d\n xar v1.2d, v1.2d, v1.2d, #1",
                 imm);
        a64_asm(src);
        uint64_t n[2] = {a64_rand(), a64_rand()}, m[2] = {a64_rand(), a64_rand()}, a[2] = {a64_rand(), a64_rand()};
        set_v(1, n[0], n[1]);
        set_v(2, m[0], m[1]);
        set_v(3, a[0], a[1]);
        cr_assert_eq(a64_run(), EXCP_SWI);
        for (int i = 0; i < 2; i++) {
            cr_assert_eq(env->vregs[0][i], n[i] ^ m[i] ^ a[i], "EOR3");
            cr_assert_eq(env->vregs[4][i], n[i] ^ (m[i] & ~a[i]), "BCAX");
            cr_assert_eq(env->vregs[5][i], n[i] ^ rol64(m[i], 1), "RAX1");
            cr_assert_eq(env->vregs[6][i], rol64(n[i] ^ m[i], (64 - imm) & 63), "XAR #%d", imm);
            cr_assert_eq(env->vregs[1][i], 0, "XAR of a register with itself");
        }
    }
}

/* -- Feature gating -- */

/* Each group UNDEFs at its own pc when the model lacks its feature, and
 * runs when it has it. */
Test(a64_crypto, each_group_undefs_without_its_feature)
{
    static const struct {
        const char *insn;
        uint32_t feature;
    } cases[] = {
        {"aese v0.16b, v1.16b", A64_FEATURE_AES},          {"aesimc v0.16b, v1.16b", A64_FEATURE_AES},
        {"pmull2 v0.1q, v1.2d, v2.2d", A64_FEATURE_AES},   {"sha1c q0, s1, v2.4s", A64_FEATURE_SHA1},
        {"sha1h s0, s1", A64_FEATURE_SHA1},                {"sha256h2 q0, q1, v2.4s", A64_FEATURE_SHA256},
        {"sha256su0 v0.4s, v1.4s", A64_FEATURE_SHA256},    {"sha512h q0, q1, v2.2d", A64_FEATURE_SHA512},
        {"sha512su0 v0.2d, v1.2d", A64_FEATURE_SHA512},    {"eor3 v0.16b, v1.16b, v2.16b, v3.16b", A64_FEATURE_SHA3},
        {"xar v0.2d, v1.2d, v2.2d, #5", A64_FEATURE_SHA3}, {"rax1 v0.2d, v1.2d, v2.2d", A64_FEATURE_SHA3},
        {"sm3ss1 v0.4s, v1.4s, v2.4s, v3.4s", A64_FEATURE_SM3}, {"sm3tt2b v0.4s, v1.4s, v2.s[3]", A64_FEATURE_SM3},
        {"sm3partw2 v0.4s, v1.4s, v2.4s", A64_FEATURE_SM3}, {"sm4e v0.4s, v1.4s", A64_FEATURE_SM4},
        {"sm4ekey v0.4s, v1.4s, v2.4s", A64_FEATURE_SM4},
    };
    uint32_t all = env->features;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char src[128];
        snprintf(src, sizeof(src), ARCH "%s", cases[i].insn);
        a64_assert_feature_gate(a64_asm(src), all, cases[i].feature, cases[i].insn);
    }
}

/* -- SM4 and SM3 -- */

/* The example of GB/T 32907: key = plaintext = 01 23 .. 10, one block;
 * the round keys by SM4EKEY from MK ^ FK with CK[i] byte j = (4i + j) * 7,
 * then 32 rounds by SM4E; the ciphertext is X35 X34 X33 X32. */
Test(a64_crypto, sm4_standard_example)
{
    static const uint32_t mk[4] = {0x01234567u, 0x89abcdefu, 0xfedcba98u, 0x76543210u};
    static const uint32_t fk[4] = {0xa3b1bac6u, 0x56aa3350u, 0x677d9197u, 0xb27022dcu};
    static const uint32_t expect[4] = {0x681edf34u, 0xd206965eu, 0x86b3e94fu, 0x536e4246u};
    char src[4096];
    int n = snprintf(src, sizeof(src), ARCH);
    for (int r = 0; r < 8; r++)
        n += snprintf(src + n, sizeof(src) - (size_t)n, "ld1 {v9.4s}, [x3], #16\n sm4ekey v%d.4s, v%d.4s, v9.4s\n",
                      1 + r, r);
    for (int r = 0; r < 8; r++)
        n += snprintf(src + n, sizeof(src) - (size_t)n, "sm4e v20.4s, v%d.4s\n", 1 + r);
    a64_asm(src);
    for (int i = 0; i < 32; i++) {
        uint32_t w = 0;
        for (int j = 0; j < 4; j++)
            w = w << 8 | (uint8_t)((4 * i + j) * 7);
        a64_data32(0)[i] = w;
    }
    cr_assert_eq(a64_data32(0)[1], 0x1c232a31u, "CK1");
    uint32_t k[4];
    for (int i = 0; i < 4; i++)
        k[i] = mk[i] ^ fk[i];
    memcpy(env->vregs[0], k, 16);
    memcpy(env->vregs[20], mk, 16);
    env->xregs[3] = A64_DATA;
    cr_assert_eq(a64_run(), EXCP_SWI);
    uint32_t x[4];
    memcpy(x, env->vregs[20], 16);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(x[3 - i], expect[i], "SM4 ciphertext word %d: %08x, expected %08x", i, x[3 - i], expect[i]);
}

/* SM3("abc") of GB/T 32905 with SM3SS1/SM3TT1x/SM3TT2x per round and
 * SM3PARTW1/2 for the schedule. ABCD and EFGH hold A and E in lane 3,
 * blocks B0-B16 of W[0..67] are v12-v28, and x3 walks ROL(Tj, j mod 32)
 * in lane 3 of v9:
 *     B[k+4] = SM3PARTW2(SM3PARTW1(B[k], W[4k+7..10], B[k+3]), W[4k+10..13], W[4k+3..6]) */
Test(a64_crypto, sm3_abc)
{
    static const uint32_t iv[8] = {0x7380166fu, 0x4914b2b9u, 0x172442d7u, 0xda8a0600u,
                                   0xa96f30bcu, 0x163138aau, 0xe38dee4du, 0xb0fb0e4eu};
    static const uint32_t expect[8] = {0x66c7f0f4u, 0x62eeedd9u, 0xd1f2d46bu, 0xdc10e4e2u,
                                       0x4167c487u, 0x5cf2f7a2u, 0x297da02bu, 0x8f4ba8e0u};
    char src[32768];
    int n = snprintf(src, sizeof(src), ARCH "mov v30.16b, v0.16b\n mov v31.16b, v1.16b\n");
    for (int k = 0; k < 13; k++)
        n += snprintf(src + n, sizeof(src) - (size_t)n,
                      "ext v2.16b, v%d.16b, v%d.16b, #12\n ext v3.16b, v%d.16b, v%d.16b, #8\n"
                      "ext v4.16b, v%d.16b, v%d.16b, #12\n mov v%d.16b, v%d.16b\n"
                      "sm3partw1 v%d.4s, v2.4s, v%d.4s\n sm3partw2 v%d.4s, v3.4s, v4.4s\n",
                      13 + k, 14 + k, 14 + k, 15 + k, 12 + k, 13 + k, 16 + k, 12 + k, 16 + k, 15 + k, 16 + k);
    for (int j = 0; j < 64; j++) {
        if (j % 4 == 0)
            n += snprintf(src + n, sizeof(src) - (size_t)n, "eor v5.16b, v%d.16b, v%d.16b\n", 12 + j / 4,
                          13 + j / 4);
        n += snprintf(src + n, sizeof(src) - (size_t)n,
                      "ld1 {v9.s}[3], [x3], #4\n sm3ss1 v10.4s, v0.4s, v1.4s, v9.4s\n"
                      "sm3tt1%c v0.4s, v10.4s, v5.s[%d]\n sm3tt2%c v1.4s, v10.4s, v%d.s[%d]\n",
                      j < 16 ? 'a' : 'b', j % 4, j < 16 ? 'a' : 'b', 12 + j / 4, j % 4);
    }
    snprintf(src + n, sizeof(src) - (size_t)n, "eor v0.16b, v0.16b, v30.16b\n eor v1.16b, v1.16b, v31.16b");
    a64_asm(src);
    for (int j = 0; j < 64; j++) {
        uint32_t t = j < 16 ? 0x79cc4519u : 0x7a879d8au;
        int r = j % 32;
        a64_data32(0)[j] = r ? t << r | t >> (32 - r) : t;
    }
    for (int i = 0; i < 4; i++) { /* lane 3 - i is A+i (E+i) */
        ((uint32_t *)env->vregs[0])[3 - i] = iv[i];
        ((uint32_t *)env->vregs[1])[3 - i] = iv[4 + i];
    }
    uint32_t w[16];
    abc_block32(w);
    for (int i = 0; i < 4; i++)
        memcpy(env->vregs[12 + i], &w[4 * i], 16);
    env->xregs[3] = A64_DATA;
    cr_assert_eq(a64_run(), EXCP_SWI);
    for (int i = 0; i < 8; i++) {
        uint32_t got = ((uint32_t *)env->vregs[i / 4])[3 - i % 4];
        cr_assert_eq(got, expect[i], "SM3(abc) word %d: %08x, expected %08x", i, got, expect[i]);
    }
}

/* -- What the guest is told -- */

Test(a64_crypto, id_aa64isar0_crypto_fields)
{
    uint32_t at = a64_asm("mrs x0, id_aa64isar0_el1");
    cr_assert_eq(a64_run_at(at), EXCP_SWI);
    uint64_t v = env->xregs[0];
    cr_assert_eq(v >> 4 & 0xf, 2, "AES with PMULL");
    cr_assert_eq(v >> 8 & 0xf, 1, "SHA1");
    cr_assert_eq(v >> 12 & 0xf, 2, "SHA2 with SHA512");
    cr_assert_eq(v >> 32 & 0xf, 1, "SHA3");
    cr_assert_eq(v >> 36 & 0xf, 1, "SM3");
    cr_assert_eq(v >> 40 & 0xf, 1, "SM4");
    env->features = a64_cpu_features("cortex-a72");
    tb_flush();
    cr_assert_eq(a64_run_at(at), EXCP_SWI);
    v = env->xregs[0];
    cr_assert_eq(v >> 4 & 0xf, 2, "cortex-a72: AES with PMULL");
    cr_assert_eq(v >> 12 & 0xf, 1, "cortex-a72: SHA256 only");
    cr_assert_eq(v >> 32 & 0xfff, 0, "cortex-a72: no SHA3, SM3, SM4");
}

/* AT_HWCAP bits 3-6 are aes pmull sha1 sha2, 17 sha3, 18 sm3, 19 sm4,
 * 21 sha512 (arch/arm64/include/uapi/asm/hwcap.h). */
Test(a64_crypto, hwcaps_per_model)
{
    static const char *const v80[] = {"cortex-a53", "cortex-a72", "neoverse-n1"};
    uint64_t base = 0xfull << 3, v82 = 1ull << 17 | 1ull << 18 | 1ull << 19 | 1ull << 21;
    for (int i = 0; i < 3; i++) {
        uint64_t hw = a64_cpu_hwcap(v80[i]);
        cr_assert_eq(hw & base, base, "%s: aes pmull sha1 sha2", v80[i]);
        cr_assert_eq(hw & v82, 0, "%s: no sha3 sm3 sm4 sha512", v80[i]);
    }
    cr_assert_eq(a64_cpu_hwcap("max") & (base | v82), base | v82, "max: all of them");
    char info[4096];
    a64_cpu_info("max", 1, info, sizeof(info));
    cr_assert_not_null(strstr(info, " aes pmull sha1 sha2 crc32"), "/proc/cpuinfo: %s", info);
    cr_assert_not_null(strstr(info, " sha3 sm3 sm4 asimddp sha512"), "/proc/cpuinfo (bit order): %s", info);
}
