/* crypto_a64 — the ARMv8 Cryptographic Extension on AArch64: AESE/AESD/
 * AESMC/AESIMC on the FIPS-197 vector, SHA-1 and SHA-256 of the FIPS 180
 * examples, PMULL/PMULL2 against a bitwise carry-less multiply (the ACLE
 * tests the AArch32 guest runs too: common/acle_crypto.h), plus the
 * AArch64 AT_HWCAP bits that announce them and PMULL on bytes. */
/* XRUN-AARCH64-CFLAGS: -march=armv8-a+crypto */
#include <sys/auxv.h>
#include "acle_crypto.h"

/* AT_HWCAP bits of arm64 (arch/arm64/include/uapi/asm/hwcap.h). */
#define HWCAP_AES (1u << 3)
#define HWCAP_PMULL (1u << 4)
#define HWCAP_SHA1 (1u << 5)
#define HWCAP_SHA2 (1u << 6)

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    printf("hwcap aes %d pmull %d sha1 %d sha2 %d\n", !!(hw & HWCAP_AES), !!(hw & HWCAP_PMULL),
           !!(hw & HWCAP_SHA1), !!(hw & HWCAP_SHA2));
    test_aes();
    test_sha();
    test_pmull();

    /* PMULL.8B: eight 8x8 -> 16-bit carry-less products. */
    poly16x8_t p8 = vmull_p8(vcreate_p8(0xff80402010080402ull), vcreate_p8(0xff03030303030303ull));
    uint8_t pb[16];
    vst1q_u8(pb, vreinterpretq_u8_p16(p8));
    hex("pmull.8b", pb, 16);
    CHECK(hex_eq(pb, "06000c00180030006000c00080015555"));
    return xt_done();
}
