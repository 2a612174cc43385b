/* v8_cpuinfo — what a program probing the CPU sees under -cpu cortex-a53:
 * AT_HWCAP2 with aes, pmull, sha1, sha2 and crc32, and a /proc/cpuinfo
 * naming an ARMv8 Cortex-A53 (CPU architecture 8, part 0xd03) whose
 * Features line lists the same extensions.  The .ref is written by hand
 * from the Linux ABI (arm64 kernel, 32-bit task): qemu-arm 7.2 shows the
 * host's /proc/cpuinfo instead.
 * XRUN-CPU: cortex-a53
 * XRUN-XFAIL-QEMU: qemu-arm 7.2 does not emulate /proc/cpuinfo for ARM
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include "xt.h"

int main(void)
{
    printf("hwcap2 %08lx\n", getauxval(AT_HWCAP2));
    CHECK(getauxval(AT_HWCAP2) == 0x1f);
    FILE *f = fopen("/proc/cpuinfo", "r");
    CHECK(f != NULL);
    char line[512];
    int arch = 0, part = 0, feats = 0;
    /* The first processor block: one per host CPU follows. */
    while (f && fgets(line, sizeof(line), f) && line[0] != '\n') {
        if (strncmp(line, "CPU architecture", 16) == 0) {
            arch = 1;
            printf("%s", line);
            CHECK(strcmp(line, "CPU architecture: 8\n") == 0);
        } else if (strncmp(line, "CPU part", 8) == 0) {
            part = 1;
            printf("%s", line);
            CHECK(strcmp(line, "CPU part\t: 0xd03\n") == 0);
        } else if (strncmp(line, "Features", 8) == 0) {
            feats = 1;
            static const char *const want[] = {" neon", " vfpv4", " idiva", " aes", " pmull", " sha1", " sha2", " crc32"};
            for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                int has = strstr(line, want[i]) != NULL;
                printf("feature%s %d\n", want[i], has);
                CHECK(has);
            }
            CHECK(strstr(line, " fphp") == NULL);
        }
    }
    if (f)
        fclose(f);
    CHECK(arch && part && feats);
    return xt_done();
}
