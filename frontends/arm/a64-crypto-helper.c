/*
 * A64 crypto extension helper: reads the V registers an operation names,
 * runs the value-level code crypto_helper.c shares with AArch32, and
 * writes the whole of Vd (every one of these insns writes 128 bits, the
 * scalar SHA1H included, which zeroes the rest).
 */
#include <string.h>

#include "frontends/arm/a64-crypto.h"
#include "frontends/arm/crypto_helper.h"

static CryptoVec vget(const CPUA64State *env, int n)
{
    CryptoVec v;
    memcpy(&v, env->vregs[n & 31], 16);
    return v;
}

void a64_crypto_exec(CPUA64State *env, A64CryptoOp op, int d, int n, int m)
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
    default: r = crypto_pmull64(vn.d[1], vm.d[1]); break;
    }
    memcpy(env->vregs[d & 31], &r, 16);
}

void helper_a64_crypto(void *env, uint64_t desc)
{
    a64_crypto_exec(env, (A64CryptoOp)(desc & 0xff), (int)(desc >> 8 & 31), (int)(desc >> 16 & 31),
                    (int)(desc >> 24 & 31));
}
