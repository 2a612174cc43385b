/* v8_crypto — the ARMv8 crypto extension through its intrinsics: AES-128
 * encryption and decryption of the FIPS-197 appendix C.1 vector with
 * AESE/AESMC and AESD/AESIMC, SHA-1 and SHA-256 of the FIPS 180 examples
 * (one and two blocks) with SHA1C/P/M/H/SU0/SU1 and SHA256H/H2/SU0/SU1,
 * and VMULL.P64 against a bitwise carry-less multiply (common/acle_crypto.h,
 * shared with the AArch64 guest), plus AT_HWCAP2.
 * XRUN-CPU: max
 * XRUN-ARM-CFLAGS: -march=armv8-a+crypto -mfpu=crypto-neon-fp-armv8
 */
#include <sys/auxv.h>
#include "acle_crypto.h"

#define HWCAP2_AES (1u << 0)
#define HWCAP2_PMULL (1u << 1)
#define HWCAP2_SHA1 (1u << 2)
#define HWCAP2_SHA2 (1u << 3)

int main(void)
{
    unsigned long hw2 = getauxval(AT_HWCAP2);
    printf("hwcap2 aes %d pmull %d sha1 %d sha2 %d\n", !!(hw2 & HWCAP2_AES), !!(hw2 & HWCAP2_PMULL),
           !!(hw2 & HWCAP2_SHA1), !!(hw2 & HWCAP2_SHA2));
    test_aes();
    test_sha();
    test_pmull();
    return xt_done();
}
