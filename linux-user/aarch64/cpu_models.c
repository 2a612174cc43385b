/*
 * The AArch64 CPU models -cpu accepts. Every model runs the same
 * translator; a model decides which optional instruction groups it decodes
 * (CPUA64State.features) and what the guest is told through AT_HWCAP,
 * AT_HWCAP2 and /proc/cpuinfo, so a program (glibc's ifuncs among them)
 * probing for, say, LSE atomics sees exactly what that core runs.
 */
#include <stdio.h>
#include <string.h>

#include "frontends/arm/a64-cpu.h"
#include "linux-user/aarch64/a64_user.h"
#include "linux-user/guest.h"
#include "linux-user/user_priv.h"

/* AT_HWCAP bits (the guest's <asm/hwcap.h>). */
#define A64_HWCAP_FP (1u << 0)
#define A64_HWCAP_ASIMD (1u << 1)
#define A64_HWCAP_AES (1u << 3)
#define A64_HWCAP_PMULL (1u << 4)
#define A64_HWCAP_SHA1 (1u << 5)
#define A64_HWCAP_SHA2 (1u << 6)
#define A64_HWCAP_CRC32 (1u << 7)
#define A64_HWCAP_ATOMICS (1u << 8)
#define A64_HWCAP_FPHP (1u << 9)
#define A64_HWCAP_ASIMDHP (1u << 10)
#define A64_HWCAP_CPUID (1u << 11)
#define A64_HWCAP_ASIMDRDM (1u << 12)
#define A64_HWCAP_JSCVT (1u << 13)
#define A64_HWCAP_FCMA (1u << 14)
#define A64_HWCAP_LRCPC (1u << 15)
#define A64_HWCAP_SHA3 (1u << 17)
#define A64_HWCAP_SM3 (1u << 18)
#define A64_HWCAP_SM4 (1u << 19)
#define A64_HWCAP_ASIMDDP (1u << 20)
#define A64_HWCAP_SHA512 (1u << 21)
#define A64_HWCAP_ILRCPC (1u << 26)
#define A64_HWCAP_FLAGM (1u << 27)
#define A64_HWCAP2_FLAGM2 (1u << 7)
#define A64_HWCAP2_FRINT (1u << 8)
#define A64_HWCAP2_I8MM (1u << 13)

/* The ARMv8.0 cryptographic extension as real cores have it. */
#define A64_FEATURES_CRYPTO (A64_FEATURE_AES | A64_FEATURE_SHA1 | A64_FEATURE_SHA256)

typedef struct A64Model {
    const char *name;
    const char *summary; /* for -cpu help */
    uint32_t features;   /* A64_FEATURE_* */
    uint32_t midr;       /* implementer, variant, architecture, part, revision */
} A64Model;

/* The first model is the default: everything xrun implements, as
 * qemu-aarch64's default. */
static const A64Model a64_models[] = {
    {"max", "everything xrun implements: ARMv8.0-A with CRC32, crypto (AES, SHA1, SHA2, SHA512, SHA3, SM3, "
            "SM4), LSE atomics, RDM, DotProd, FCMA, I8MM, LRCPC2, FlagM2, FP16, JSCVT, FRINTTS",
     A64_FEATURE_CRC32 | A64_FEATURE_LSE | A64_FEATURE_RCPC | A64_FEATURE_RCPC2 | A64_FEATURE_FLAGM |
         A64_FEATURE_FLAGM2 | A64_FEATURES_CRYPTO | A64_FEATURE_SHA512 | A64_FEATURE_SHA3 | A64_FEATURE_SM3 |
         A64_FEATURE_SM4 | A64_FEATURE_RDM | A64_FEATURE_DOTPROD | A64_FEATURE_FCMA | A64_FEATURE_I8MM |
         A64_FEATURE_FP16 | A64_FEATURE_JSCVT | A64_FEATURE_FRINTTS,
     0x413fd0c1},
    {"cortex-a53", "ARMv8.0-A, CRC32, crypto", A64_FEATURE_CRC32 | A64_FEATURES_CRYPTO, 0x410fd034},
    {"cortex-a72", "ARMv8.0-A, CRC32, crypto", A64_FEATURE_CRC32 | A64_FEATURES_CRYPTO, 0x410fd083},
    {"neoverse-n1", "ARMv8.2-A: CRC32, crypto, LSE atomics, RDM, DotProd, LDAPR, FP16",
     A64_FEATURE_CRC32 | A64_FEATURES_CRYPTO | A64_FEATURE_LSE | A64_FEATURE_RCPC | A64_FEATURE_RDM |
         A64_FEATURE_DOTPROD | A64_FEATURE_FP16,
     0x413fd0c1},
};

#define N_MODELS (sizeof(a64_models) / sizeof(a64_models[0]))

static const A64Model *model_find(const char *model)
{
    for (size_t i = 0; model && i < N_MODELS; i++)
        if (strcmp(a64_models[i].name, model) == 0)
            return &a64_models[i];
    return &a64_models[0];
}

bool a64_cpu_model_valid(const char *name)
{
    for (size_t i = 0; i < N_MODELS; i++)
        if (strcmp(a64_models[i].name, name) == 0)
            return true;
    return false;
}

void a64_cpu_model_list(FILE *out)
{
    fprintf(out, "Available CPUs (aarch64):\n");
    for (size_t i = 0; i < N_MODELS; i++)
        fprintf(out, "  %-12s %s%s\n", a64_models[i].name, a64_models[i].summary, i == 0 ? " (default)" : "");
}

uint32_t a64_cpu_features(const char *model) { return model_find(model)->features; }

uint32_t a64_cpu_midr(const char *model) { return model_find(model)->midr; }

/* The AT_HWCAP bits each feature brings. */
static const struct {
    uint32_t feature;
    uint32_t hwcap;
} hwcap_of_feature[] = {
    {A64_FEATURE_CRC32, A64_HWCAP_CRC32},
    {A64_FEATURE_LSE, A64_HWCAP_ATOMICS},
    {A64_FEATURE_RCPC, A64_HWCAP_LRCPC},
    {A64_FEATURE_RCPC2, A64_HWCAP_ILRCPC},
    {A64_FEATURE_FLAGM, A64_HWCAP_FLAGM},
    {A64_FEATURE_AES, A64_HWCAP_AES | A64_HWCAP_PMULL},
    {A64_FEATURE_SHA1, A64_HWCAP_SHA1},
    {A64_FEATURE_SHA256, A64_HWCAP_SHA2},
    {A64_FEATURE_SHA3, A64_HWCAP_SHA3},
    {A64_FEATURE_SHA512, A64_HWCAP_SHA512},
    {A64_FEATURE_SM3, A64_HWCAP_SM3},
    {A64_FEATURE_SM4, A64_HWCAP_SM4},
    {A64_FEATURE_FP16, A64_HWCAP_FPHP | A64_HWCAP_ASIMDHP},
    {A64_FEATURE_JSCVT, A64_HWCAP_JSCVT},
    {A64_FEATURE_RDM, A64_HWCAP_ASIMDRDM},
    {A64_FEATURE_DOTPROD, A64_HWCAP_ASIMDDP},
    {A64_FEATURE_FCMA, A64_HWCAP_FCMA},
};

/* FP and AdvSIMD are part of every AArch64 Linux system; ID registers
 * are readable from EL0 as Linux emulates them (HWCAP_CPUID). */
uint64_t a64_cpu_hwcap(const char *model)
{
    uint32_t f = model_find(model)->features;
    uint64_t hw = A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CPUID;
    for (size_t i = 0; i < sizeof(hwcap_of_feature) / sizeof(hwcap_of_feature[0]); i++)
        if (f & hwcap_of_feature[i].feature)
            hw |= hwcap_of_feature[i].hwcap;
    return hw;
}

uint64_t a64_cpu_hwcap2(const char *model)
{
    uint32_t f = model_find(model)->features;
    return (f & A64_FEATURE_FLAGM2 ? A64_HWCAP2_FLAGM2 : 0) | (f & A64_FEATURE_FRINTTS ? A64_HWCAP2_FRINT : 0) |
           (f & A64_FEATURE_I8MM ? A64_HWCAP2_I8MM : 0);
}

/* The Linux names of the AT_HWCAP bits, by bit number. */
static const char *const hwcap_names[32] = {
    [0] = "fp", [1] = "asimd", [2] = "evtstrm", [3] = "aes", [4] = "pmull", [5] = "sha1",
    [6] = "sha2", [7] = "crc32", [8] = "atomics", [9] = "fphp", [10] = "asimdhp", [11] = "cpuid",
    [12] = "asimdrdm", [13] = "jscvt", [14] = "fcma", [15] = "lrcpc", [16] = "dcpop",
    [17] = "sha3", [18] = "sm3", [19] = "sm4", [20] = "asimddp", [21] = "sha512", [26] = "ilrcpc", [27] = "flagm",
};

/* The AT_HWCAP2 ones that follow them in the Features line. */
static const char *const hwcap2_names[32] = {[7] = "flagm2", [8] = "frint", [13] = "i8mm"};

size_t a64_cpu_info(const char *model, int ncpus, char *buf, size_t size)
{
    const A64Model *m = model_find(model);
    uint64_t hw = a64_cpu_hwcap(model);
    char line[200];
    size_t n = 0;
    for (int cpu = 0; cpu < (ncpus > 0 ? ncpus : 1); cpu++) {
        snprintf(line, sizeof(line), "processor\t: %d\nBogoMIPS\t: 50.00\nFeatures\t:", cpu);
        n = cpuinfo_append(buf, size, n, line);
        n = cpuinfo_append_flags(buf, size, n, hw, hwcap_names, 32);
        n = cpuinfo_append_flags(buf, size, n, a64_cpu_hwcap2(model), hwcap2_names, 32);
        snprintf(line, sizeof(line),
                 "\nCPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\n"
                 "CPU part\t: 0x%03x\nCPU revision\t: %u\n\n",
                 m->midr >> 24, (m->midr >> 20) & 0xf, (m->midr >> 4) & 0xfff, m->midr & 0xf);
        n = cpuinfo_append(buf, size, n, line);
    }
    return n;
}
