/* crypto_a64 — the ARMv8 Cryptographic Extension through ACLE intrinsics:
 * AES-128 (AESE/AESMC to encrypt, AESD/AESIMC with the equivalent inverse
 * key schedule to decrypt) on the FIPS-197 appendix C.1 vector, with the key
 * schedule's SubWord computed by AESE itself; SHA-1 (SHA1C/P/M/H/SU0/SU1)
 * and SHA-256 (SHA256H/H2/SU0/SU1) of "abc" (FIPS 180-2 answers); PMULL and
 * PMULL2 on 64-bit polynomials and PMULL on bytes, against a software
 * carry-less multiply. */
/* XRUN-AARCH64-CFLAGS: -march=armv8-a+crypto */
#include <arm_neon.h>
#include "xt.h"

static void show(const char *what, const uint8_t *b, int n)
{
    printf("%-12s", what);
    for (int i = 0; i < n; i++)
        printf("%02x", b[i]);
    printf("\n");
}

/* -- AES-128 -- */

/* SubWord(w): AESE with a zero key on four copies of w. ShiftRows moves
 * bytes between columns only, and the columns are equal, so lane 0 holds
 * SubBytes of w. */
static uint32_t sub_word(uint32_t w)
{
    uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(w));
    return vgetq_lane_u32(vreinterpretq_u32_u8(vaeseq_u8(v, vdupq_n_u8(0))), 0);
}

static void aes128_expand(const uint8_t key[16], uint8x16_t rk[11])
{
    uint32_t w[44];
    uint32_t rcon = 1;
    memcpy(w, key, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon; /* RotWord on little-endian words */
            rcon = rcon << 1 ^ (rcon & 0x80 ? 0x11b : 0);
        }
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++)
        rk[r] = vreinterpretq_u8_u32(vld1q_u32(&w[4 * r]));
}

static uint8x16_t aes128_encrypt(uint8x16_t s, const uint8x16_t rk[11])
{
    for (int r = 0; r < 9; r++)
        s = vaesmcq_u8(vaeseq_u8(s, rk[r]));
    return veorq_u8(vaeseq_u8(s, rk[9]), rk[10]);
}

static uint8x16_t aes128_decrypt(uint8x16_t s, const uint8x16_t rk[11])
{
    s = vaesimcq_u8(vaesdq_u8(s, rk[10]));
    for (int r = 9; r > 1; r--)
        s = vaesimcq_u8(vaesdq_u8(s, vaesimcq_u8(rk[r])));
    return veorq_u8(vaesdq_u8(s, vaesimcq_u8(rk[1])), rk[0]);
}

/* -- SHA-1 and SHA-256 of one padded block -- */

static void pad_abc(uint8_t block[64])
{
    memset(block, 0, 64);
    memcpy(block, "abc", 3);
    block[3] = 0x80;
    block[63] = 24; /* length in bits, big-endian */
}

static void load_be(uint32x4_t m[4], const uint8_t block[64])
{
    for (int i = 0; i < 4; i++)
        m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
}

static void sha1_block(uint32_t st[5], const uint8_t block[64])
{
    static const uint32_t k[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t m[4], abcd = vld1q_u32(st);
    uint32_t e = st[4];
    load_be(m, block);
    for (int g = 0; g < 20; g++) {
        uint32x4_t t = vaddq_u32(m[g % 4], vdupq_n_u32(k[g / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (g < 5)
            abcd = vsha1cq_u32(abcd, e, t);
        else if (g < 10 || g >= 15)
            abcd = vsha1pq_u32(abcd, e, t);
        else
            abcd = vsha1mq_u32(abcd, e, t);
        e = e_next;
        if (g < 16)
            m[g % 4] = vsha1su1q_u32(vsha1su0q_u32(m[g % 4], m[(g + 1) % 4], m[(g + 2) % 4]),
                                     m[(g + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(vld1q_u32(st), abcd));
    st[4] += e;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t st[8], const uint8_t block[64])
{
    uint32x4_t m[4], s0 = vld1q_u32(st), s1 = vld1q_u32(st + 4);
    load_be(m, block);
    for (int g = 0; g < 16; g++) {
        uint32x4_t t = vaddq_u32(m[g % 4], vld1q_u32(&K256[4 * g]));
        uint32x4_t save = s0;
        s0 = vsha256hq_u32(s0, s1, t);
        s1 = vsha256h2q_u32(s1, save, t);
        if (g < 12)
            m[g % 4] = vsha256su1q_u32(vsha256su0q_u32(m[g % 4], m[(g + 1) % 4]), m[(g + 2) % 4],
                                       m[(g + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(vld1q_u32(st), s0));
    vst1q_u32(st + 4, vaddq_u32(vld1q_u32(st + 4), s1));
}

/* -- Carry-less multiply -- */

static void clmul64(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (int i = 0; i < 64; i++)
        if (b >> i & 1) {
            *lo ^= a << i;
            *hi ^= i ? a >> (64 - i) : 0;
        }
}

int main(void)
{
    static const uint8_t key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t want[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                     0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    uint8x16_t rk[11];
    uint8_t out[16], back[16], last[16];
    aes128_expand(key, rk);
    vst1q_u8(last, rk[10]);
    show("aes rk10", last, 16);
    vst1q_u8(out, aes128_encrypt(vld1q_u8(pt), rk));
    show("aes enc", out, 16);
    CHECK(memcmp(out, want, 16) == 0);
    vst1q_u8(back, aes128_decrypt(vld1q_u8(out), rk));
    show("aes dec", back, 16);
    CHECK(memcmp(back, pt, 16) == 0);
    uint8x16_t mc = vaesmcq_u8(vld1q_u8(pt));
    vst1q_u8(out, vaesimcq_u8(mc));
    CHECK(memcmp(out, pt, 16) == 0);
    vst1q_u8(out, mc);
    show("aesmc", out, 16);

    uint8_t block[64];
    pad_abc(block);
    uint32_t s1[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    sha1_block(s1, block);
    printf("sha1 abc    %08x %08x %08x %08x %08x\n", s1[0], s1[1], s1[2], s1[3], s1[4]);
    CHECK(s1[0] == 0xa9993e36 && s1[4] == 0x9cd0d89d);
    uint32_t s2[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    sha256_block(s2, block);
    printf("sha256 abc  ");
    for (int i = 0; i < 8; i++)
        printf("%08x%s", s2[i], i < 7 ? " " : "\n");
    CHECK(s2[0] == 0xba7816bf && s2[7] == 0xf20015ad);

    uint32_t h = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t a = xt_rand64(), b = xt_rand64(), c = xt_rand64(), d = xt_rand64();
        uint64_t lo, hi, lo2, hi2;
        poly128_t p = vmull_p64(a, b);
        poly128_t q = vmull_high_p64(vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(a), vcreate_u64(c))),
                                     vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(b), vcreate_u64(d))));
        uint64x2_t pv = vreinterpretq_u64_p128(p), qv = vreinterpretq_u64_p128(q);
        clmul64(a, b, &lo, &hi);
        clmul64(c, d, &lo2, &hi2);
        CHECK(vgetq_lane_u64(pv, 0) == lo && vgetq_lane_u64(pv, 1) == hi);
        CHECK(vgetq_lane_u64(qv, 0) == lo2 && vgetq_lane_u64(qv, 1) == hi2);
        h = h * 31 + (uint32_t)(lo ^ hi >> 7 ^ lo2 >> 3 ^ hi2);
        if (i < 2)
            printf("pmull %016llx * %016llx = %016llx%016llx\n", (unsigned long long)a,
                   (unsigned long long)b, (unsigned long long)hi, (unsigned long long)lo);
    }
    printf("pmull hash %08x\n", h);
    poly16x8_t p8 = vmull_p8(vcreate_p8(0xff80402010080402ull), vcreate_p8(0xff03030303030303ull));
    uint8_t pb[16];
    vst1q_u8(pb, vreinterpretq_u8_p16(p8));
    show("pmull.8b", pb, 16);
    return xt_done();
}
