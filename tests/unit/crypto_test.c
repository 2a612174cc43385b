/*
 * Unit tests of the ARMv8 CRC32 and crypto helpers (frontends/arm/
 * crypto_helper.c): the portable code and the host-instruction code (AES-NI,
 * PCLMULQDQ, SHA-NI, SSE4.2) give the same bits, and both match known values (CRC check values, the
 * FIPS-197 appendix B round, a carry-less product).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/crypto_helper.h"

static CPUARMState env;

static void setup(void)
{
    memset(&env, 0, sizeof(env));
    arm_crypto_force_portable(false);
}

static void teardown(void) { arm_crypto_force_portable(false); }

TestSuite(crypto, .init = setup, .fini = teardown);

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static uint32_t crc_string(bool castagnoli, const char *p)
{
    uint32_t c = ~0u;
    for (; *p; p++)
        c = castagnoli ? helper_arm_crc32c(c, (uint8_t)*p, 1) : helper_arm_crc32(c, (uint8_t)*p, 1);
    return ~c;
}

Test(crypto, crc_check_values)
{
    for (int portable = 0; portable < 2; portable++) {
        arm_crypto_force_portable(portable);
        cr_assert_eq(crc_string(false, "123456789"), 0xcbf43926u);
        cr_assert_eq(crc_string(true, "123456789"), 0xe3069283u);
    }
}

Test(crypto, crc_word_is_four_bytes)
{
    for (int portable = 0; portable < 2; portable++) {
        arm_crypto_force_portable(portable);
        uint32_t a = 0x12345678u, v = 0xdeadbeefu;
        uint32_t bytes = a;
        for (int i = 0; i < 4; i++)
            bytes = helper_arm_crc32c(bytes, (v >> (8 * i)) & 0xff, 1);
        cr_assert_eq(helper_arm_crc32c(a, v, 4), bytes);
        cr_assert_eq(helper_arm_crc32c(a, v | 0xffff0000u, 2), helper_arm_crc32c(a, v & 0xffff, 2));
    }
}

static void run_both(void (*fn)(void *, uint32_t, uint32_t), uint32_t desc, uint32_t op, int n)
{
    for (int i = 0; i < n; i++) {
        uint64_t init[6];
        for (int k = 0; k < 6; k++)
            init[k] = rnd();
        uint64_t out[2][2];
        for (int portable = 0; portable < 2; portable++) {
            arm_crypto_force_portable(portable);
            memcpy(env.vfp_d, init, sizeof(init));
            fn(&env, desc, op);
            memcpy(out[portable], env.vfp_d, 16);
        }
        cr_assert(memcmp(out[0], out[1], 16) == 0, "op %u case %d: host %016llx%016llx portable %016llx%016llx",
                  op, i, (unsigned long long)out[0][1], (unsigned long long)out[0][0],
                  (unsigned long long)out[1][1], (unsigned long long)out[1][0]);
    }
}

static void pmull_wrap(void *e, uint32_t desc, uint32_t op) { helper_crypto_pmull64(e, desc); }

Test(crypto, host_and_portable_agree)
{
    for (uint32_t op = 0; op < 2; op++) {
        run_both(helper_crypto_aes, CRYPTO_DESC(0, 0, 2), op, 200);
        run_both(helper_crypto_aesmc, CRYPTO_DESC(0, 0, 2), op, 200);
    }
    run_both(pmull_wrap, CRYPTO_DESC(0, 2, 3), 0, 200);
    for (uint32_t op = 0; op < 3; op++) {
        run_both(helper_crypto_sha1_3reg, CRYPTO_DESC(0, 2, 4), op, 200);
        run_both(helper_crypto_sha256_3reg, CRYPTO_DESC(0, 2, 4), op, 200);
    }
}

/* FIPS-197 appendix B, round 1: start of round -> after MixColumns. */
Test(crypto, aes_round_matches_fips197)
{
    static const uint8_t start[16] = {0x19, 0x3d, 0xe3, 0xbe, 0xa0, 0xf4, 0xe2, 0x2b,
                                      0x9a, 0xc6, 0x8d, 0x2a, 0xe9, 0xf8, 0x48, 0x08};
    static const uint8_t mixed[16] = {0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a,
                                      0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c};
    for (int portable = 0; portable < 2; portable++) {
        arm_crypto_force_portable(portable);
        memset(env.vfp_d, 0, sizeof(env.vfp_d));
        memcpy(&env.vfp_d[0], start, 16);              /* AESE with a zero key */
        helper_crypto_aes(&env, CRYPTO_DESC(0, 0, 2), 0);
        helper_crypto_aesmc(&env, CRYPTO_DESC(0, 0, 0), 0);
        cr_assert(memcmp(&env.vfp_d[0], mixed, 16) == 0, "portable %d", portable);
        helper_crypto_aesmc(&env, CRYPTO_DESC(0, 0, 0), 1);   /* and back */
        helper_crypto_aes(&env, CRYPTO_DESC(0, 0, 2), 1);
        cr_assert(memcmp(&env.vfp_d[0], start, 16) == 0, "portable %d", portable);
    }
}

Test(crypto, pmull_product)
{
    for (int portable = 0; portable < 2; portable++) {
        arm_crypto_force_portable(portable);
        env.vfp_d[2] = 0x8000000000000001ull;
        env.vfp_d[3] = 0xc200000000000000ull;
        helper_crypto_pmull64(&env, CRYPTO_DESC(0, 2, 3));
        cr_assert_eq(env.vfp_d[0], 0xc200000000000000ull);
        cr_assert_eq(env.vfp_d[1], 0x6100000000000000ull);
    }
}
