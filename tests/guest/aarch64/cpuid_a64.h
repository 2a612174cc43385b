/* cpuid_a64.h — what a program probing the CPU sees under one -cpu model,
 * run by cpuid_a53, cpuid_a72, cpuid_n1 and cpuid_max (one per model, each
 * with its XRUN-CPU).
 *
 * Linux tells EL0 about the CPU three ways, and they must agree:
 *   - AT_HWCAP, whose HWCAP_CPUID bit says MRS of the ID registers works:
 *     the kernel traps it and answers with MIDR_EL1 as it is, MPIDR_EL1 as
 *     1 << 31, REVIDR_EL1 as 0, and the ID_AA64* registers reduced to the
 *     fields user space may see;
 *   - those ID register fields, from which the kernel derives the other
 *     HWCAP bits (AES 1 -> aes, AES 2 -> pmull too, Atomic 2 -> atomics);
 *   - /proc/cpuinfo, whose implementer, variant, part and revision lines
 *     are the fields of MIDR_EL1.
 * The program prints the values (the .ref pins them to the model) and
 * CHECKs the agreement itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include "xt.h"

#define CPUID_HWCAP_FP (1ul << 0)
#define CPUID_HWCAP_ASIMD (1ul << 1)
#define CPUID_HWCAP_AES (1ul << 3)
#define CPUID_HWCAP_PMULL (1ul << 4)
#define CPUID_HWCAP_SHA1 (1ul << 5)
#define CPUID_HWCAP_SHA2 (1ul << 6)
#define CPUID_HWCAP_CRC32 (1ul << 7)
#define CPUID_HWCAP_ATOMICS (1ul << 8)
#define CPUID_HWCAP_CPUID (1ul << 11)
#define CPUID_HWCAP_ASIMDRDM (1ul << 12)
#define CPUID_HWCAP_JSCVT (1ul << 13)
#define CPUID_HWCAP_FCMA (1ul << 14)
#define CPUID_HWCAP_LRCPC (1ul << 15)
#define CPUID_HWCAP_ASIMDDP (1ul << 20)
#define CPUID_HWCAP_SHA512 (1ul << 21)
#define CPUID_HWCAP_ILRCPC (1ul << 26)

#define CPUID_MRS(name)                                                                            \
    ({                                                                                             \
        unsigned long v_;                                                                          \
        __asm__ volatile("mrs %0, " #name : "=r"(v_));                                             \
        v_;                                                                                        \
    })

static unsigned cpuid_field(unsigned long reg, int lsb)
{
    return (unsigned)(reg >> lsb) & 0xf;
}

/* The value of "KEY\t...: VALUE" in the first processor block of
 * /proc/cpuinfo, or -1. */
static long cpuid_info(const char *key)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    long val = -1;
    while (f && fgets(line, sizeof(line), f) && line[0] != '\n') {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, key, strlen(key)) == 0 && strchr(" \t:", line[strlen(key)])) {
            val = strtol(colon + 1, NULL, 0);
            break;
        }
    }
    if (f)
        fclose(f);
    return val;
}

/* A HWCAP bit is set exactly when the ID field is at least min. */
static void cpuid_agree(const char *what, unsigned long hwcap, unsigned long bit, unsigned field,
                        unsigned min)
{
    int has = (hwcap & bit) != 0;
    printf("%-8s hwcap %d field %u\n", what, has, field);
    CHECK(has == (field >= min));
}

static int cpuid_run(void)
{
    unsigned long hwcap = getauxval(AT_HWCAP);
    printf("hwcap %08lx\n", hwcap);
    CHECK(hwcap & CPUID_HWCAP_CPUID);

    unsigned long midr = CPUID_MRS(midr_el1), mpidr = CPUID_MRS(mpidr_el1),
                  revidr = CPUID_MRS(revidr_el1);
    printf("midr %08lx mpidr %08lx revidr %lx\n", midr, mpidr, revidr);
    CHECK(midr >> 32 == 0);
    CHECK(cpuid_field(midr, 16) == 0xf); /* architecture: "see the ID registers" */
    CHECK(mpidr == 1ul << 31);
    CHECK(revidr == 0);

    long impl = cpuid_info("CPU implementer"), arch = cpuid_info("CPU architecture");
    long variant = cpuid_info("CPU variant"), part = cpuid_info("CPU part"),
         rev = cpuid_info("CPU revision");
    printf("cpuinfo implementer %#lx architecture %ld variant %#lx part %#lx revision %ld\n", impl,
           arch, variant, part, rev);
    CHECK(impl == (long)(midr >> 24));
    CHECK(arch == 8);
    CHECK(variant == (long)cpuid_field(midr, 20));
    CHECK(part == (long)((midr >> 4) & 0xfff));
    CHECK(rev == (long)cpuid_field(midr, 0));

    unsigned long isar0 = CPUID_MRS(id_aa64isar0_el1), isar1 = CPUID_MRS(id_aa64isar1_el1);
    unsigned long pfr0 = CPUID_MRS(id_aa64pfr0_el1);
    printf("isar0 %016lx isar1 %016lx pfr0 %016lx\n", isar0, isar1, pfr0);
    /* FP and AdvSIMD: 0 is "implemented", 0xf "not". */
    cpuid_agree("fp", hwcap, CPUID_HWCAP_FP, cpuid_field(pfr0, 16) ^ 0xf, 1);
    cpuid_agree("asimd", hwcap, CPUID_HWCAP_ASIMD, cpuid_field(pfr0, 20) ^ 0xf, 1);
    cpuid_agree("aes", hwcap, CPUID_HWCAP_AES, cpuid_field(isar0, 4), 1);
    cpuid_agree("pmull", hwcap, CPUID_HWCAP_PMULL, cpuid_field(isar0, 4), 2);
    cpuid_agree("sha1", hwcap, CPUID_HWCAP_SHA1, cpuid_field(isar0, 8), 1);
    cpuid_agree("sha2", hwcap, CPUID_HWCAP_SHA2, cpuid_field(isar0, 12), 1);
    cpuid_agree("sha512", hwcap, CPUID_HWCAP_SHA512, cpuid_field(isar0, 12), 2);
    cpuid_agree("crc32", hwcap, CPUID_HWCAP_CRC32, cpuid_field(isar0, 16), 1);
    cpuid_agree("atomics", hwcap, CPUID_HWCAP_ATOMICS, cpuid_field(isar0, 20), 2);
    cpuid_agree("rdm", hwcap, CPUID_HWCAP_ASIMDRDM, cpuid_field(isar0, 28), 1);
    cpuid_agree("dotprod", hwcap, CPUID_HWCAP_ASIMDDP, cpuid_field(isar0, 44), 1);
    cpuid_agree("jscvt", hwcap, CPUID_HWCAP_JSCVT, cpuid_field(isar1, 12), 1);
    cpuid_agree("fcma", hwcap, CPUID_HWCAP_FCMA, cpuid_field(isar1, 16), 1);
    cpuid_agree("lrcpc", hwcap, CPUID_HWCAP_LRCPC, cpuid_field(isar1, 20), 1);
    cpuid_agree("ilrcpc", hwcap, CPUID_HWCAP_ILRCPC, cpuid_field(isar1, 20), 2);
    return xt_done();
}
