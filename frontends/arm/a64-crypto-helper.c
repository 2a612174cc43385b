/*
 * A64 crypto extension helper: reads the V registers an operation names,
 * runs the value-level code crypto_helper.c shares with AArch32, and
 * writes the whole of Vd (every one of these insns writes 128 bits, the
 * scalar SHA1H included, which zeroes the rest).
 *
 * SM3 and SM4 (ARMv8.2, no AArch32 form) are here: the SM4 S-box is built
 * from its algebraic form, S(x) = A * inv(A * x + 0xd3) + 0xd3 in
 * GF(2^8) modulo x^8 + x^7 + x^6 + x^5 + x^4 + x^2 + 1, A the circulant
 * bit matrix whose rows are 0xa7 rotated.
 */
#include <stdbool.h>
#include <string.h>

#include "frontends/arm/a64-crypto.h"
#include "frontends/arm/crypto_helper.h"

static CryptoVec vget(const CPUA64State *env, int n)
{
    CryptoVec v;
    memcpy(&v, env->vregs[n & 31], 16);
    return v;
}

/* -- SM4 -- */

static uint8_t sm4_sbox[256];

static uint8_t gf_mul_sm4(uint8_t a, uint8_t b)
{
    unsigned r = 0, x = a;
    for (; b; b >>= 1) {
        if (b & 1)
            r ^= x;
        x <<= 1;
        if (x & 0x100)
            x ^= 0x1f5;
    }
    return (uint8_t)r;
}

/* Output bit i is the parity of x masked with 0xa7 rotated left by i. */
static uint8_t sm4_affine(uint8_t x)
{
    uint8_t y = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t row = (uint8_t)(0xa7u << i | 0xa7u >> ((8 - i) & 7));
        y |= (uint8_t)(__builtin_parity(row & x) << i);
    }
    return y;
}

static void sm4_sbox_init(void)
{
    static bool ready;
    if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
        return;
    uint8_t inv[256] = {0};
    for (int a = 1; a < 256; a++)
        for (int b = 1; b < 256; b++)
            if (gf_mul_sm4((uint8_t)a, (uint8_t)b) == 1)
                inv[a] = (uint8_t)b;
    for (int x = 0; x < 256; x++) /* idempotent: concurrent first calls write the same values */
        sm4_sbox[x] = sm4_affine(inv[sm4_affine((uint8_t)x) ^ 0xd3]) ^ 0xd3;
    __atomic_store_n(&ready, true, __ATOMIC_RELEASE);
}

static uint32_t rol(uint32_t x, int k) { return x << k | x >> (32 - k); }

static uint32_t sm4_tau(uint32_t x)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i += 8)
        r |= (uint32_t)sm4_sbox[x >> i & 0xff] << i;
    return r;
}

/* Four SM4 rounds on x with the four words of k: SM4E (key = false,
 * the L transform) or SM4EKEY (key = true, L'). */
static CryptoVec sm4_rounds(CryptoVec x, CryptoVec k, bool key)
{
    sm4_sbox_init();
    for (int i = 0; i < 4; i++) {
        uint32_t t = sm4_tau(x.w[3] ^ x.w[2] ^ x.w[1] ^ k.w[i]);
        t ^= key ? rol(t, 13) ^ rol(t, 23) : rol(t, 2) ^ rol(t, 10) ^ rol(t, 18) ^ rol(t, 24);
        t ^= x.w[0];
        x.w[0] = x.w[1], x.w[1] = x.w[2], x.w[2] = x.w[3], x.w[3] = t;
    }
    return x;
}

/* -- SM3 -- */

static uint32_t sm3_p1(uint32_t x) { return x ^ rol(x, 15) ^ rol(x, 23); }

static CryptoVec sm3partw1(CryptoVec d, CryptoVec n, CryptoVec m)
{
    CryptoVec r;
    for (int i = 0; i < 3; i++)
        r.w[i] = d.w[i] ^ n.w[i] ^ rol(m.w[i + 1], 15);
    r.w[3] = d.w[3] ^ n.w[3] ^ rol(sm3_p1(r.w[0]), 15);
    for (int i = 0; i < 3; i++)
        r.w[i] = sm3_p1(r.w[i]);
    r.w[3] = sm3_p1(r.w[3]);
    return r;
}

static CryptoVec sm3partw2(CryptoVec d, CryptoVec n, CryptoVec m)
{
    CryptoVec r, t;
    for (int i = 0; i < 4; i++) {
        t.w[i] = n.w[i] ^ rol(m.w[i], 7);
        r.w[i] = d.w[i] ^ t.w[i];
    }
    r.w[3] ^= sm3_p1(rol(t.w[0], 15));
    return r;
}

/* SM3TT1A/1B/2A/2B (op 0-3) with Wj = element j of m. */
static CryptoVec sm3tt(CryptoVec d, CryptoVec n, CryptoVec m, int j, int op)
{
    uint32_t a = d.w[3], b = d.w[2], c = d.w[1], t;
    CryptoVec r;
    if (op < 2) {
        uint32_t f = op == 0 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
        t = f + d.w[0] + (n.w[3] ^ rol(a, 12)) + m.w[j];
    } else {
        uint32_t g = op == 2 ? a ^ b ^ c : (a & b) | (~a & c);
        t = g + d.w[0] + n.w[3] + m.w[j];
        t ^= rol(t, 9) ^ rol(t, 17);
    }
    r.w[0] = c;
    r.w[1] = rol(b, op < 2 ? 9 : 19);
    r.w[2] = a;
    r.w[3] = t;
    return r;
}

void a64_crypto_exec(CPUA64State *env, A64CryptoOp op, int d, int n, int m, int a)
{
    CryptoVec vd = vget(env, d), vn = vget(env, n), vm = vget(env, m), r;
    switch (op) {
    case A64_CRYPTO_AESE: r = crypto_aes(vd, vn, false); break;
    case A64_CRYPTO_AESD: r = crypto_aes(vd, vn, true); break;
    case A64_CRYPTO_AESMC: r = crypto_aesmc(vn, false); break;
    case A64_CRYPTO_AESIMC: r = crypto_aesmc(vn, true); break;
    case A64_CRYPTO_SHA1C: case A64_CRYPTO_SHA1P: case A64_CRYPTO_SHA1M: case A64_CRYPTO_SHA1SU0:
        r = crypto_sha1(vd, vn, vm, (int)(op - A64_CRYPTO_SHA1C));
        break;
    case A64_CRYPTO_SHA256H: case A64_CRYPTO_SHA256H2: case A64_CRYPTO_SHA256SU1:
        r = crypto_sha256(vd, vn, vm, (int)(op - A64_CRYPTO_SHA256H));
        break;
    case A64_CRYPTO_SHA1H: r = crypto_sha1h(vn); break;
    case A64_CRYPTO_SHA1SU1: r = crypto_sha1su1(vd, vn); break;
    case A64_CRYPTO_SHA256SU0: r = crypto_sha256su0(vd, vn); break;
    case A64_CRYPTO_SHA512H: r = crypto_sha512h(vd, vn, vm); break;
    case A64_CRYPTO_SHA512H2: r = crypto_sha512h2(vd, vn, vm); break;
    case A64_CRYPTO_SHA512SU0: r = crypto_sha512su0(vd, vn); break;
    case A64_CRYPTO_SHA512SU1: r = crypto_sha512su1(vd, vn, vm); break;
    case A64_CRYPTO_PMULL: r = crypto_pmull64(vn.d[0], vm.d[0]); break;
    case A64_CRYPTO_PMULL2: r = crypto_pmull64(vn.d[1], vm.d[1]); break;
    case A64_CRYPTO_SM3PARTW1: r = sm3partw1(vd, vn, vm); break;
    case A64_CRYPTO_SM3PARTW2: r = sm3partw2(vd, vn, vm); break;
    case A64_CRYPTO_SM4EKEY: r = sm4_rounds(vn, vm, true); break;
    case A64_CRYPTO_SM4E: r = sm4_rounds(vd, vn, false); break;
    case A64_CRYPTO_SM3SS1: {
        CryptoVec va = vget(env, a);
        r.d[0] = 0;
        r.w[2] = 0;
        r.w[3] = rol(rol(vn.w[3], 12) + vm.w[3] + va.w[3], 7);
        break;
    }
    default: r = sm3tt(vd, vn, vm, a & 3, (int)(op - A64_CRYPTO_SM3TT1A)); break;
    }
    memcpy(env->vregs[d & 31], &r, 16);
}

void helper_a64_crypto(void *env, uint64_t desc)
{
    a64_crypto_exec(env, (A64CryptoOp)(desc & 0xff), (int)(desc >> 8 & 31), (int)(desc >> 16 & 31),
                    (int)(desc >> 24 & 31), (int)(desc >> 32 & 31));
}
