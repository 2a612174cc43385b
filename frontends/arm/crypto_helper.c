/*
 * The ARMv8 CRC32 and crypto extension operations, bit-exact to the
 * ARM ARM pseudocode (CRC32, AESSubBytes, AESMixColumns, SHA1hash...,
 * SHA256hash, SHA512 of ARMv8.2, PolynomialMult): the crypto_* functions
 * on 128-bit values, used by the A64 helper (a64-crypto-helper.c), and
 * at the end of the file the AArch32 helpers, which apply them to Q
 * registers.
 *
 * Where the host has a matching instruction it is used, checked with
 * cpuid: SSE4.2 crc32 is CRC32C; AES-NI covers the AES rounds once the
 * order is mapped (see aes_host); PCLMULQDQ is VMULL.P64 and PMULL .1Q; SHA-NI runs the
 * SHA-1 and SHA-256 rounds once the state is rearranged (sha1_host,
 * sha256_host).  CRC32 proper has a different polynomial than SSE4.2 and
 * goes through a byte table; the message-schedule insns (SHA1SU0/SU1,
 * SHA256SU0/SU1) split the work differently from x86's and stay in C.
 */
#include <stdbool.h>
#include <string.h>
#include <x86intrin.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/crypto_helper.h"

/* -- Host instruction selection -- */

static bool force_portable;

void arm_crypto_force_portable(bool on) { force_portable = on; }

static bool host_has(int what)
{
    if (force_portable)
        return false;
    switch (what) {
    case 0: return __builtin_cpu_supports("sse4.2");
    case 1: return __builtin_cpu_supports("aes");
    case 2: return __builtin_cpu_supports("pclmul");
    default: return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
    }
}

/* -- CRC32 -- */

/* Reflected polynomials: CRC32 0x04C11DB7 and CRC32C 0x1EDC6F41. */
#define CRC32_POLY_REV 0xedb88320u
#define CRC32C_POLY_REV 0x82f63b78u

static uint32_t crc_table[2][256];

static void crc_table_init(void)
{
    for (int p = 0; p < 2; p++) {
        uint32_t poly = p ? CRC32C_POLY_REV : CRC32_POLY_REV;
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c >> 1) ^ (poly & -(c & 1));
            crc_table[p][i] = c;
        }
    }
}

static uint32_t crc_bytes(int which, uint32_t acc, uint32_t val, uint32_t bytes)
{
    static bool ready;
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        crc_table_init(); /* idempotent: concurrent first calls write the same values */
        __atomic_store_n(&ready, true, __ATOMIC_RELEASE);
    }
    for (uint32_t i = 0; i < bytes; i++, val >>= 8)
        acc = (acc >> 8) ^ crc_table[which][(acc ^ val) & 0xff];
    return acc;
}

uint32_t helper_arm_crc32(uint32_t acc, uint32_t val, uint32_t bytes) { return crc_bytes(0, acc, val, bytes); }

__attribute__((target("sse4.2"))) static uint32_t crc32c_host(uint32_t acc, uint32_t val, uint32_t bytes)
{
    switch (bytes) {
    case 1: return __builtin_ia32_crc32qi(acc, (uint8_t)val);
    case 2: return __builtin_ia32_crc32hi(acc, (uint16_t)val);
    default: return __builtin_ia32_crc32si(acc, val);
    }
}

uint32_t helper_arm_crc32c(uint32_t acc, uint32_t val, uint32_t bytes)
{
    if (host_has(0))
        return crc32c_host(acc, val, bytes);
    return crc_bytes(1, acc, val, bytes);
}

/* -- AES (FIPS-197) -- */

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

static uint8_t aes_inv_sbox[256];

static void aes_inv_sbox_init(void)
{
    static bool ready;
    if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
        return;
    for (int i = 0; i < 256; i++)
        aes_inv_sbox[aes_sbox[i]] = (uint8_t)i;
    __atomic_store_n(&ready, true, __ATOMIC_RELEASE);
}

/* Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t xtime(uint8_t a) { return (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0)); }

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    for (; b; b >>= 1, a = xtime(a))
        if (b & 1)
            r ^= a;
    return r;
}

/*
 * The state is column-major: byte r + 4c of the register is row r of
 * column c.  ShiftRows rotates row r left by r columns.
 */
static CryptoVec aes_portable(CryptoVec x, bool decrypt)
{
    CryptoVec r;
    if (!decrypt) {
        for (int c = 0; c < 4; c++)
            for (int row = 0; row < 4; row++)
                r.b[row + 4 * c] = aes_sbox[x.b[row + 4 * ((c + row) & 3)]];
    } else {
        aes_inv_sbox_init();
        for (int c = 0; c < 4; c++)
            for (int row = 0; row < 4; row++)
                r.b[row + 4 * ((c + row) & 3)] = aes_inv_sbox[x.b[row + 4 * c]];
    }
    return r;
}

static CryptoVec aesmc_portable(CryptoVec x, bool inverse)
{
    static const uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t *k = inverse ? inv : fwd;
    CryptoVec r;
    for (int c = 0; c < 4; c++)
        for (int row = 0; row < 4; row++) {
            uint8_t v = 0;
            for (int j = 0; j < 4; j++)
                v ^= gmul(x.b[j + 4 * c], k[(j - row) & 3]);
            r.b[row + 4 * c] = v;
        }
    return r;
}

/*
 * AES-NI applies ShiftRows+SubBytes (and MixColumns) *before* its
 * AddRoundKey, ARM's AESE after:
 *     AESE(d, m)   = aesenclast(d ^ m, 0)
 *     AESD(d, m)   = aesdeclast(d ^ m, 0)
 *     AESIMC(m)    = aesimc(m)
 *     AESMC(m)     = aesenc(aesdeclast(m, 0), 0)   (the inverse rounds
 *                    cancel the SubBytes/ShiftRows of aesenc)
 */
__attribute__((target("aes,sse2"))) static CryptoVec aes_host(CryptoVec x, int op)
{
    __m128i v, z = _mm_setzero_si128();
    CryptoVec r;
    memcpy(&v, &x, 16);
    switch (op) {
    case 0: v = _mm_aesenclast_si128(v, z); break;
    case 1: v = _mm_aesdeclast_si128(v, z); break;
    case 2: v = _mm_aesenc_si128(_mm_aesdeclast_si128(v, z), z); break;
    default: v = _mm_aesimc_si128(v); break;
    }
    memcpy(&r, &v, 16);
    return r;
}

CryptoVec crypto_aes(CryptoVec d, CryptoVec m, bool decrypt)
{
    d.d[0] ^= m.d[0];
    d.d[1] ^= m.d[1];
    return host_has(1) ? aes_host(d, decrypt ? 1 : 0) : aes_portable(d, decrypt);
}

CryptoVec crypto_aesmc(CryptoVec m, bool inverse)
{
    return host_has(1) ? aes_host(m, inverse ? 3 : 2) : aesmc_portable(m, inverse);
}

/* -- SHA-1 and SHA-256 -- */

static uint32_t rol32(uint32_t x, int n) { return x << n | x >> (32 - n); }
static uint64_t ror64(uint64_t x, int n) { return x >> n | x << (64 - n); }
static uint32_t ror32(uint32_t x, int n) { return x >> n | x << (32 - n); }
static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

/*
 * SHA1C/P/M: four rounds on X = Qd (a, b, c, d in words 0-3) and
 * Y = Sn (e); the 160-bit Y:X rotates left by 32 after each round.
 */
/*
 * SHA-NI: sha1rnds4 runs the same four rounds on ABCD with A in the top
 * lane, takes W0 + E in the top lane of its second operand, and adds the
 * round constant K of its function itself.  ARM's wk already holds W + K,
 * so K is taken back out first (the sum is the same whichever of the two
 * parity-round constants the program used).
 */
__attribute__((target("sha,sse4.1"))) static CryptoVec sha1_host(CryptoVec x, uint32_t e, CryptoVec wk, int op)
{
    static const uint32_t k[3] = {0x5a827999u, 0x6ed9eba1u, 0x8f1bbcdcu};
    uint32_t kk = k[op];
    __m128i abcd = _mm_set_epi32((int)x.w[0], (int)x.w[1], (int)x.w[2], (int)x.w[3]);
    __m128i w = _mm_set_epi32((int)(wk.w[0] - kk + e), (int)(wk.w[1] - kk), (int)(wk.w[2] - kk), (int)(wk.w[3] - kk));
    switch (op) {
    case 0: abcd = _mm_sha1rnds4_epu32(abcd, w, 0); break;
    case 1: abcd = _mm_sha1rnds4_epu32(abcd, w, 1); break;
    default: abcd = _mm_sha1rnds4_epu32(abcd, w, 2); break;
    }
    CryptoVec r;
    r.w[0] = (uint32_t)_mm_extract_epi32(abcd, 3);
    r.w[1] = (uint32_t)_mm_extract_epi32(abcd, 2);
    r.w[2] = (uint32_t)_mm_extract_epi32(abcd, 1);
    r.w[3] = (uint32_t)_mm_extract_epi32(abcd, 0);
    return r;
}

CryptoVec crypto_sha1(CryptoVec x, CryptoVec n, CryptoVec w, int op)
{
    if (op == 3) { /* SHA1SU0 */
        CryptoVec t = {.d = {x.d[1], n.d[0]}};
        for (int i = 0; i < 2; i++)
            x.d[i] ^= t.d[i] ^ w.d[i];
        return x;
    }
    if (host_has(3))
        return sha1_host(x, n.w[0], w, op);
    uint32_t y = n.w[0];
    for (int e = 0; e < 4; e++) {
        uint32_t t = op == 0   ? sha_choose(x.w[1], x.w[2], x.w[3])
                     : op == 1 ? sha_parity(x.w[1], x.w[2], x.w[3])
                               : sha_majority(x.w[1], x.w[2], x.w[3]);
        y += rol32(x.w[0], 5) + t + w.w[e];
        x.w[1] = rol32(x.w[1], 30);
        uint32_t top = x.w[3];
        x.w[3] = x.w[2];
        x.w[2] = x.w[1];
        x.w[1] = x.w[0];
        x.w[0] = y;
        y = top;
    }
    return x;
}

CryptoVec crypto_sha1h(CryptoVec m)
{
    CryptoVec r = {.d = {0, 0}};
    r.w[0] = rol32(m.w[0], 30);
    return r;
}

CryptoVec crypto_sha1su1(CryptoVec x, CryptoVec y)
{
    CryptoVec t, r;
    t.w[0] = x.w[0] ^ y.w[1];
    t.w[1] = x.w[1] ^ y.w[2];
    t.w[2] = x.w[2] ^ y.w[3];
    t.w[3] = x.w[3];
    r.w[0] = rol32(t.w[0], 1);
    r.w[1] = rol32(t.w[1], 1);
    r.w[2] = rol32(t.w[2], 1);
    r.w[3] = rol32(t.w[3], 1) ^ rol32(t.w[0], 2);
    return r;
}

static uint32_t sha256_sigma0(uint32_t x) { return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22); }
static uint32_t sha256_sigma1(uint32_t x) { return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25); }

/* SHA256hash: X holds a..d, Y holds e..h; part1 returns X, else Y. */
static CryptoVec sha256_hash(CryptoVec x, CryptoVec y, CryptoVec w, bool part1)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.w[0], y.w[1], y.w[2]);
        uint32_t maj = sha_majority(x.w[0], x.w[1], x.w[2]);
        uint32_t t1 = y.w[3] + sha256_sigma1(y.w[0]) + chs + w.w[e];
        x.w[3] = t1 + x.w[3];
        y.w[3] = t1 + sha256_sigma0(x.w[0]) + maj;
        /* <Y, X> = ROL(Y:X, 32) over 256 bits. */
        uint32_t ytop = y.w[3], xtop = x.w[3];
        y.w[3] = y.w[2], y.w[2] = y.w[1], y.w[1] = y.w[0], y.w[0] = xtop;
        x.w[3] = x.w[2], x.w[2] = x.w[1], x.w[1] = x.w[0], x.w[0] = ytop;
    }
    return part1 ? x : y;
}

/*
 * SHA-NI: sha256rnds2 runs two rounds on the state split as ABEF and CDGH
 * (A, C in the top lanes), with the two W + K words in the low lanes of a
 * third operand, and returns the new ABEF; the new CDGH is the old ABEF.
 * Two calls are ARM's four rounds.
 */
__attribute__((target("sha,sse4.1"))) static CryptoVec sha256_host(CryptoVec x, CryptoVec y, CryptoVec wk, bool part1)
{
    __m128i abef = _mm_set_epi32((int)x.w[0], (int)x.w[1], (int)y.w[0], (int)y.w[1]);
    __m128i cdgh = _mm_set_epi32((int)x.w[2], (int)x.w[3], (int)y.w[2], (int)y.w[3]);
    __m128i w;
    memcpy(&w, &wk, 16);
    __m128i abef1 = _mm_sha256rnds2_epu32(cdgh, abef, w);
    __m128i abef2 = _mm_sha256rnds2_epu32(abef, abef1, _mm_srli_si128(w, 8));
    CryptoVec r;
    if (part1) { /* a b c d = A2 B2 A1 B1 */
        r.w[0] = (uint32_t)_mm_extract_epi32(abef2, 3);
        r.w[1] = (uint32_t)_mm_extract_epi32(abef2, 2);
        r.w[2] = (uint32_t)_mm_extract_epi32(abef1, 3);
        r.w[3] = (uint32_t)_mm_extract_epi32(abef1, 2);
    } else {     /* e f g h = E2 F2 E1 F1 */
        r.w[0] = (uint32_t)_mm_extract_epi32(abef2, 1);
        r.w[1] = (uint32_t)_mm_extract_epi32(abef2, 0);
        r.w[2] = (uint32_t)_mm_extract_epi32(abef1, 1);
        r.w[3] = (uint32_t)_mm_extract_epi32(abef1, 0);
    }
    return r;
}

CryptoVec crypto_sha256(CryptoVec d, CryptoVec n, CryptoVec m, int op)
{
    CryptoVec r;
    if (op == 0)
        return host_has(3) ? sha256_host(d, n, m, true) : sha256_hash(d, n, m, true);
    if (op == 1)
        return host_has(3) ? sha256_host(n, d, m, false) : sha256_hash(n, d, m, false);
    { /* SHA256SU1 */
        uint32_t t0[4] = {n.w[1], n.w[2], n.w[3], m.w[0]};
        uint32_t t1[2] = {m.w[2], m.w[3]};
        for (int e = 0; e < 4; e++) {
            uint32_t elt = e < 2 ? t1[e] : r.w[e - 2];
            elt = ror32(elt, 17) ^ ror32(elt, 19) ^ (elt >> 10);
            r.w[e] = elt + d.w[e] + t0[e];
        }
    }
    return r;
}

CryptoVec crypto_sha256su0(CryptoVec d, CryptoVec m)
{
    CryptoVec r;
    uint32_t t[4] = {d.w[1], d.w[2], d.w[3], m.w[0]};
    for (int e = 0; e < 4; e++)
        r.w[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.w[e];
    return r;
}

/* -- VMULL.P64 -- */

__attribute__((target("pclmul,sse2"))) static CryptoVec pmull_host(uint64_t a, uint64_t b)
{
    __m128i v = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)a), _mm_set_epi64x(0, (long long)b), 0);
    CryptoVec r;
    memcpy(&r, &v, 16);
    return r;
}

static CryptoVec pmull_portable(uint64_t a, uint64_t b)
{
    CryptoVec r = {.d = {0, 0}};
    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            r.d[0] ^= a << i;
            r.d[1] ^= i ? a >> (64 - i) : 0;
        }
    }
    return r;
}

CryptoVec crypto_pmull64(uint64_t a, uint64_t b) { return host_has(2) ? pmull_host(a, b) : pmull_portable(a, b); }

/* -- SHA-512 (ARMv8.2): the two 64-bit lanes as <63:0> = d[0], <127:64> = d[1] -- */

static uint64_t sha512_sigma1(uint64_t x) { return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41); }
static uint64_t sha512_sigma0(uint64_t x) { return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39); }

/* SHA512H: the Ch/Sigma1 half of two rounds; x = Qn, y = Qm, w = Qd. */
CryptoVec crypto_sha512h(CryptoVec w, CryptoVec x, CryptoVec y)
{
    CryptoVec r;
    r.d[1] = ((y.d[1] & x.d[0]) ^ (~y.d[1] & x.d[1])) + sha512_sigma1(y.d[1]) + w.d[1];
    uint64_t t = r.d[1] + y.d[0];
    r.d[0] = ((t & y.d[1]) ^ (~t & x.d[0])) + sha512_sigma1(t) + w.d[0];
    return r;
}

/* SHA512H2: the Maj/Sigma0 half. */
CryptoVec crypto_sha512h2(CryptoVec w, CryptoVec x, CryptoVec y)
{
    CryptoVec r;
    r.d[1] = ((x.d[0] & y.d[1]) ^ (x.d[0] & y.d[0]) ^ (y.d[1] & y.d[0])) + sha512_sigma0(y.d[0]) + w.d[1];
    r.d[0] = ((r.d[1] & y.d[0]) ^ (r.d[1] & y.d[1]) ^ (y.d[1] & y.d[0])) + sha512_sigma0(r.d[1]) + w.d[0];
    return r;
}

static uint64_t sha512_msg0(uint64_t x) { return ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7); }
static uint64_t sha512_msg1(uint64_t x) { return ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6); }

/* SHA512SU0: d = Vd, n = Vn. */
CryptoVec crypto_sha512su0(CryptoVec d, CryptoVec n)
{
    CryptoVec r = {.d = {d.d[0] + sha512_msg0(d.d[1]), d.d[1] + sha512_msg0(n.d[0])}};
    return r;
}

/* SHA512SU1: d = Vd, n = Vn, m = Vm. */
CryptoVec crypto_sha512su1(CryptoVec d, CryptoVec n, CryptoVec m)
{
    CryptoVec r = {.d = {d.d[0] + sha512_msg1(n.d[0]) + m.d[0], d.d[1] + sha512_msg1(n.d[1]) + m.d[1]}};
    return r;
}

/* -- The AArch32 helpers: Q registers named by CRYPTO_DESC -- */

#define ENV(p) ((CPUARMState *)(p))
#define DESC_D(desc) ((desc) & 0xff)
#define DESC_N(desc) (((desc) >> 8) & 0xff)
#define DESC_M(desc) (((desc) >> 16) & 0xff)

static CryptoVec qget(void *env, unsigned dreg)
{
    CryptoVec v;
    memcpy(&v, &ENV(env)->vfp_d[dreg & 31], 16);
    return v;
}

static void qset(void *env, unsigned dreg, CryptoVec v) { memcpy(&ENV(env)->vfp_d[dreg & 31], &v, 16); }

void helper_crypto_aes(void *env, uint32_t desc, uint32_t decrypt)
{
    qset(env, DESC_D(desc), crypto_aes(qget(env, DESC_D(desc)), qget(env, DESC_M(desc)), decrypt));
}

void helper_crypto_aesmc(void *env, uint32_t desc, uint32_t inverse)
{
    qset(env, DESC_D(desc), crypto_aesmc(qget(env, DESC_M(desc)), inverse));
}

void helper_crypto_sha1_3reg(void *env, uint32_t desc, uint32_t op)
{
    qset(env, DESC_D(desc),
         crypto_sha1(qget(env, DESC_D(desc)), qget(env, DESC_N(desc)), qget(env, DESC_M(desc)), (int)op));
}

void helper_crypto_sha1h(void *env, uint32_t desc) { qset(env, DESC_D(desc), crypto_sha1h(qget(env, DESC_M(desc)))); }

void helper_crypto_sha1su1(void *env, uint32_t desc)
{
    qset(env, DESC_D(desc), crypto_sha1su1(qget(env, DESC_D(desc)), qget(env, DESC_M(desc))));
}

void helper_crypto_sha256_3reg(void *env, uint32_t desc, uint32_t op)
{
    qset(env, DESC_D(desc),
         crypto_sha256(qget(env, DESC_D(desc)), qget(env, DESC_N(desc)), qget(env, DESC_M(desc)), (int)op));
}

void helper_crypto_sha256su0(void *env, uint32_t desc)
{
    qset(env, DESC_D(desc), crypto_sha256su0(qget(env, DESC_D(desc)), qget(env, DESC_M(desc))));
}

void helper_crypto_pmull64(void *env, uint32_t desc)
{
    qset(env, DESC_D(desc),
         crypto_pmull64(ENV(env)->vfp_d[DESC_N(desc) & 31], ENV(env)->vfp_d[DESC_M(desc) & 31]));
}
