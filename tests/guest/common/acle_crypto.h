/* acle_crypto.h — tests of the ARMv8 Cryptographic Extension through the
 * ACLE intrinsics, which AArch32 (VAESE, SHA1C, VMULL.P64...) and AArch64
 * (AESE, SHA1C, PMULL...) share: included by the two ARM guests' crypto
 * programs (arm/v8_crypto.c, aarch64/crypto_a64.c), which add their own
 * hwcap checks; never by a portable program (it needs arm_neon.h and a
 * crypto -mfpu/-march).
 *   test_aes()    AES-128 on the FIPS-197 appendix C.1 vector: key schedule
 *                 (SubWord by AESE), AESE/AESMC encryption, AESD/AESIMC
 *                 decryption with the equivalent inverse cipher, MixColumns
 *   test_sha()    SHA-1 and SHA-256 of the FIPS 180 examples (one and two
 *                 blocks) with SHA1C/P/M/H/SU0/SU1 and SHA256H/H2/SU0/SU1
 *   test_pmull()  64x64 carry-less multiply (low and high halves) against a
 *                 bitwise reference
 */
#ifndef ACLE_CRYPTO_H
#define ACLE_CRYPTO_H
#include <arm_neon.h>
#include "sha256_k.h"
#include "xt.h"

static void hex(const char *what, const uint8_t *p, int n)
{
    printf("%s ", what);
    for (int i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static int hex_eq(const uint8_t *p, const char *want)
{
    char got[129];
    int n = (int)strlen(want) / 2;
    for (int i = 0; i < n; i++)
        sprintf(got + 2 * i, "%02x", p[i]);
    return strcmp(got, want) == 0;
}

/* -- AES-128 -- */

static const uint8_t sbox_row0[16] = {0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5,
                                      0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76};

/* SubWord through AESE with a zero key: every byte of a splatted word goes
 * through the S-box and ShiftRows only moves equal bytes around. */
static uint32_t sub_word(uint32_t w)
{
    uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(w));
    v = vaeseq_u8(v, vdupq_n_u8(0));
    return vgetq_lane_u32(vreinterpretq_u32_u8(v), 0);
}

static void expand_key(const uint8_t key[16], uint8x16_t rk[11])
{
    uint32_t w[44];
    static const uint8_t rcon[10] = {1, 2, 4, 8, 16, 32, 64, 128, 0x1b, 0x36};
    memcpy(w, key, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0)
            t = (sub_word(t) >> 8 | sub_word(t) << 24) ^ rcon[i / 4 - 1];
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++)
        rk[r] = vld1q_u8((const uint8_t *)&w[4 * r]);
}

static uint8x16_t aes128_encrypt(uint8x16_t s, const uint8x16_t rk[11])
{
    for (int r = 0; r < 9; r++)
        s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    return veorq_u8(vaeseq_u8(s, rk[9]), rk[10]);
}

/* The equivalent inverse cipher: middle round keys go through InvMixColumns. */
static uint8x16_t aes128_decrypt(uint8x16_t s, const uint8x16_t rk[11])
{
    s = vaesimcq_u8(vaesdq_u8(s, rk[10]));
    for (int r = 9; r > 1; r--)
        s = vaesimcq_u8(vaesdq_u8(s, vaesimcq_u8(rk[r])));
    return veorq_u8(vaesdq_u8(s, vaesimcq_u8(rk[1])), rk[0]);
}
static void test_aes(void)
{
    uint8_t key[16], pt[16], out[16];
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        pt[i] = (uint8_t)(i * 0x11);
    }
    uint8_t sb[16];
    for (int i = 0; i < 16; i++)
        sb[i] = (uint8_t)sub_word(i * 0x01010101u);
    CHECK(memcmp(sb, sbox_row0, 16) == 0);

    uint8x16_t rk[11];
    expand_key(key, rk);
    vst1q_u8(out, rk[10]);
    hex("aes round key 10", out, 16);
    CHECK(hex_eq(out, "13111d7fe3944a17f307a78b4d2b30c5"));
    uint8x16_t ct = aes128_encrypt(vld1q_u8(pt), rk);
    vst1q_u8(out, ct);
    hex("aes-128 encrypt", out, 16);
    CHECK(hex_eq(out, "69c4e0d86a7b0430d8cdb78070b4c55a"));
    vst1q_u8(out, aes128_decrypt(ct, rk));
    hex("aes-128 decrypt", out, 16);
    CHECK(memcmp(out, pt, 16) == 0);
    /* MixColumns of the FIPS-197 example column db 13 53 45 -> 8e 4d a1 bc. */
    uint8_t col[16] = {0xdb, 0x13, 0x53, 0x45, 0xf2, 0x0a, 0x22, 0x5c, 1, 1, 1, 1, 0xc6, 0xc6, 0xc6, 0xc6};
    vst1q_u8(out, vaesmcq_u8(vld1q_u8(col)));
    hex("aesmc", out, 16);
    CHECK(hex_eq(out, "8e4da1bc9fdc589d01010101c6c6c6c6"));
    vst1q_u8(out, vaesimcq_u8(vaesmcq_u8(vld1q_u8(col))));
    CHECK(memcmp(out, col, 16) == 0);
}

/* -- SHA-1 and SHA-256 -- */

static int pad(const char *msg, uint8_t *buf)
{
    size_t n = strlen(msg);
    int blocks = (int)((n + 9 + 63) / 64);
    memset(buf, 0, 64 * blocks);
    memcpy(buf, msg, n);
    buf[n] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        buf[64 * blocks - 1 - i] = (uint8_t)(bits >> (8 * i));
    return blocks;
}

static uint32x4_t load_be(const uint8_t *p) { return vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p))); }

static void sha1(const char *msg, uint8_t digest[20])
{
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32_t st[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    uint8_t buf[192];
    int blocks = pad(msg, buf);
    for (int b = 0; b < blocks; b++) {
        uint32x4_t w[20], abcd = vld1q_u32(st);
        uint32_t e = st[4];
        for (int i = 0; i < 4; i++)
            w[i] = load_be(buf + 64 * b + 16 * i);
        for (int i = 4; i < 20; i++)
            w[i] = vsha1su1q_u32(vsha1su0q_u32(w[i - 4], w[i - 3], w[i - 2]), w[i - 1]);
        for (int i = 0; i < 20; i++) {
            uint32x4_t wk = vaddq_u32(w[i], vdupq_n_u32(k[i / 5]));
            uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
            if (i < 5)
                abcd = vsha1cq_u32(abcd, e, wk);
            else if (i < 10 || i >= 15)
                abcd = vsha1pq_u32(abcd, e, wk);
            else
                abcd = vsha1mq_u32(abcd, e, wk);
            e = e_next;
        }
        vst1q_u32(st, vaddq_u32(vld1q_u32(st), abcd));
        st[4] += e;
    }
    for (int i = 0; i < 20; i++)
        digest[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
}

static void sha256(const char *msg, uint8_t digest[32])
{
    uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t buf[192];
    int blocks = pad(msg, buf);
    for (int b = 0; b < blocks; b++) {
        uint32x4_t w[16], abcd = vld1q_u32(st), efgh = vld1q_u32(st + 4);
        for (int i = 0; i < 4; i++)
            w[i] = load_be(buf + 64 * b + 16 * i);
        for (int i = 4; i < 16; i++)
            w[i] = vsha256su1q_u32(vsha256su0q_u32(w[i - 4], w[i - 3]), w[i - 2], w[i - 1]);
        for (int i = 0; i < 16; i++) {
            uint32x4_t wk = vaddq_u32(w[i], vld1q_u32(sha256_k + 4 * i)), t = abcd;
            abcd = vsha256hq_u32(abcd, efgh, wk);
            efgh = vsha256h2q_u32(efgh, t, wk);
        }
        vst1q_u32(st, vaddq_u32(vld1q_u32(st), abcd));
        vst1q_u32(st + 4, vaddq_u32(vld1q_u32(st + 4), efgh));
    }
    for (int i = 0; i < 32; i++)
        digest[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
}

static void test_sha(void)
{
    static const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t d[32];
    sha1("abc", d);
    hex("sha1(abc)", d, 20);
    CHECK(hex_eq(d, "a9993e364706816aba3e25717850c26c9cd0d89d"));
    sha1(two, d);
    hex("sha1(two blocks)", d, 20);
    CHECK(hex_eq(d, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
    sha256("abc", d);
    hex("sha256(abc)", d, 32);
    CHECK(hex_eq(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    sha256(two, d);
    hex("sha256(two blocks)", d, 32);
    CHECK(hex_eq(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
}

/* -- VMULL.P64 -- */

static void clmul_ref(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (int i = 0; i < 64; i++)
        if (b >> i & 1) {
            *lo ^= a << i;
            if (i)
                *hi ^= a >> (64 - i);
        }
}

static void test_pmull(void)
{
    uint32_t h = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t a = xt_rand64(), b = xt_rand64(), lo, hi;
        if (i == 0)
            a = b = ~0ull;
        poly128_t p = vmull_p64((poly64_t)a, (poly64_t)b);
        uint64_t r[2];
        memcpy(r, &p, 16);
        clmul_ref(a, b, &lo, &hi);
        CHECK(r[0] == lo && r[1] == hi);
        h = xt_fnv(r, 16) ^ (h * 31);
    }
    /* GHASH-style: the product of the two high halves of Q registers. */
    poly64x2_t x = vcombine_p64(vcreate_p64(1), vcreate_p64(0x8000000000000001ull));
    poly64x2_t y = vcombine_p64(vcreate_p64(2), vcreate_p64(0xc200000000000000ull));
    poly128_t hh = vmull_high_p64(x, y);
    uint64_t r[2];
    memcpy(r, &hh, 16);
    printf("pmull hash %08x high %016llx%016llx\n", h, (unsigned long long)r[1], (unsigned long long)r[0]);
    CHECK(r[1] == 0x6100000000000000ull && r[0] == 0xc200000000000000ull);
}
#endif
