/*
 * The A64 cryptographic extension: the operations translate-a64-crypto.c
 * emits as one call of helper_a64_crypto each, and that helper
 * (a64-crypto-helper.c), which runs them on V registers with the
 * value-level code shared with AArch32 (crypto_helper.c).
 */
#ifndef XRUN_ARM_A64_CRYPTO_H
#define XRUN_ARM_A64_CRYPTO_H

#include <stdint.h>

#include "frontends/arm/a64-cpu.h"

typedef enum A64CryptoOp {
    A64_CRYPTO_AESE, A64_CRYPTO_AESD, A64_CRYPTO_AESMC, A64_CRYPTO_AESIMC,
    A64_CRYPTO_SHA1C, A64_CRYPTO_SHA1P, A64_CRYPTO_SHA1M, A64_CRYPTO_SHA1SU0,
    A64_CRYPTO_SHA256H, A64_CRYPTO_SHA256H2, A64_CRYPTO_SHA256SU1,
    A64_CRYPTO_SHA1H, A64_CRYPTO_SHA1SU1, A64_CRYPTO_SHA256SU0,
    A64_CRYPTO_SHA512H, A64_CRYPTO_SHA512H2, A64_CRYPTO_SHA512SU0, A64_CRYPTO_SHA512SU1,
    A64_CRYPTO_PMULL, A64_CRYPTO_PMULL2, /* .1Q from the low or the high doublewords */
    A64_CRYPTO_SM3PARTW1, A64_CRYPTO_SM3PARTW2, A64_CRYPTO_SM4EKEY, A64_CRYPTO_SM4E,
    A64_CRYPTO_SM3SS1,                       /* a is Va */
    A64_CRYPTO_SM3TT1A, A64_CRYPTO_SM3TT1B, A64_CRYPTO_SM3TT2A, A64_CRYPTO_SM3TT2B, /* a is the index */
} A64CryptoOp;

/* The helper's descriptor: the operation, the V register numbers and a
 * fourth operand (a register or an element index). */
#define A64_CRYPTO_DESC(op, d, n, m, a) \
    ((uint64_t)(op) | (uint64_t)(d) << 8 | (uint64_t)(n) << 16 | (uint64_t)(m) << 24 | (uint64_t)(a) << 32)

/* Vd = op(Vd, Vn, Vm, a) as desc says; the sources are read before Vd is written. */
void helper_a64_crypto(void *env, uint64_t desc);
void a64_crypto_exec(CPUA64State *env, A64CryptoOp op, int d, int n, int m, int a);

#endif
