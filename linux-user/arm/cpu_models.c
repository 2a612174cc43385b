/*
 * The ARM CPU models -cpu accepts. Every model runs the same translator;
 * a model decides which optional instruction groups it decodes
 * (CPUARMState.features: ARMv8 AArch32, CRC32, the crypto extension,
 * ARMv8.2 half precision) and what the guest is told through AT_HWCAP,
 * AT_HWCAP2 and /proc/cpuinfo, so a program probing for, say, integer
 * divide or AES sees exactly what that core runs.
 */
#include <stdio.h>
#include <string.h>

#include "frontends/arm/cpu.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "linux-user/user_priv.h"

/* The ARM AT_HWCAP bits (the guest's <asm/hwcap.h>; the host has none). */
#define ARM_HWCAP_HALF (1u << 1)
#define ARM_HWCAP_THUMB (1u << 2)
#define ARM_HWCAP_FAST_MULT (1u << 4)
#define ARM_HWCAP_VFP (1u << 6)
#define ARM_HWCAP_EDSP (1u << 7)
#define ARM_HWCAP_NEON (1u << 12)
#define ARM_HWCAP_VFPv3 (1u << 13)
#define ARM_HWCAP_TLS (1u << 15)
#define ARM_HWCAP_VFPv4 (1u << 16)
#define ARM_HWCAP_IDIVA (1u << 17)
#define ARM_HWCAP_IDIVT (1u << 18)
#define ARM_HWCAP_VFPD32 (1u << 19)
#define ARM_HWCAP_LPAE (1u << 20)
#define ARM_HWCAP_FPHP (1u << 22)
#define ARM_HWCAP_ASIMDHP (1u << 23)

/* AT_HWCAP2: the ARMv8 extensions of an AArch32 task. */
#define ARM_HWCAP2_AES (1u << 0)
#define ARM_HWCAP2_PMULL (1u << 1)
#define ARM_HWCAP2_SHA1 (1u << 2)
#define ARM_HWCAP2_SHA2 (1u << 3)
#define ARM_HWCAP2_CRC32 (1u << 4)

/* What every supported core has: ARMv7-A, Thumb-2, VFPv3-D32, NEON, TLS. */
#define HWCAP_V7_BASE                                                                        \
    (ARM_HWCAP_HALF | ARM_HWCAP_THUMB | ARM_HWCAP_FAST_MULT | ARM_HWCAP_VFP | ARM_HWCAP_EDSP | \
     ARM_HWCAP_NEON | ARM_HWCAP_VFPv3 | ARM_HWCAP_TLS | ARM_HWCAP_VFPD32)
/* Cortex-A7/A15 add VFPv4 (fused multiply-add), sdiv/udiv and LPAE. */
#define HWCAP_V7VE (HWCAP_V7_BASE | ARM_HWCAP_VFPv4 | ARM_HWCAP_IDIVA | ARM_HWCAP_IDIVT | ARM_HWCAP_LPAE)
/* ARMv8 cores in AArch32 with the CRC32 and crypto extensions. */
#define FEATURES_V8_CRYPTO \
    (ARM_FEATURE_V8 | ARM_FEATURE_CRC32 | ARM_FEATURE_AES | ARM_FEATURE_SHA1 | ARM_FEATURE_SHA2)

typedef struct ArmModel {
    const char *name;
    const char *summary;        /* for -cpu help */
    uint32_t features;          /* ARM_FEATURE_* */
    uint32_t hwcap;             /* AT_HWCAP; AT_HWCAP2 follows from features */
    /* /proc/cpuinfo: MIDR fields and the architecture line. */
    unsigned arch, variant, part, revision;
} ArmModel;

static const ArmModel arm_models[] = {
    { "cortex-a15", "ARMv7-A, VFPv4, NEON, integer divide", 0, HWCAP_V7VE, 7, 0x2, 0xc0f, 3 },
    { "cortex-a7", "ARMv7-A, VFPv4, NEON, integer divide", 0, HWCAP_V7VE, 7, 0x0, 0xc07, 5 },
    { "cortex-a9", "ARMv7-A, VFPv3, NEON", 0, HWCAP_V7_BASE, 7, 0x0, 0xc09, 0 },
    { "cortex-a53", "ARMv8-A AArch32, CRC32, crypto", FEATURES_V8_CRYPTO, HWCAP_V7VE, 8, 0x0, 0xd03, 4 },
    { "cortex-a72", "ARMv8-A AArch32, CRC32, crypto", FEATURES_V8_CRYPTO, HWCAP_V7VE, 8, 0x0, 0xd08, 3 },
    { "max", "everything xrun implements: also ARMv8.2 half-precision VFP and NEON arithmetic",
      FEATURES_V8_CRYPTO | ARM_FEATURE_FP16 | ARM_FEATURE_ASIMDHP, HWCAP_V7VE, 8, 0x1, 0xd07, 0 },
};

#define N_MODELS (sizeof(arm_models) / sizeof(arm_models[0]))

/* The model named model; NULL (no -cpu) is the default, the first one. */
static const ArmModel *model_find(const char *model)
{
    for (size_t i = 0; model && i < N_MODELS; i++)
        if (strcmp(arm_models[i].name, model) == 0)
            return &arm_models[i];
    return &arm_models[0];
}

bool arm_cpu_model_valid(const char *name)
{
    for (size_t i = 0; i < N_MODELS; i++)
        if (strcmp(arm_models[i].name, name) == 0)
            return true;
    return false;
}

void arm_cpu_model_list(FILE *out)
{
    fprintf(out, "Available CPUs (arm):\n");
    for (size_t i = 0; i < N_MODELS; i++)
        fprintf(out, "  %-12s %s%s\n", arm_models[i].name, arm_models[i].summary, i == 0 ? " (default)" : "");
}

uint32_t arm_cpu_features(const char *model) { return model_find(model)->features; }

uint32_t arm_cpu_hwcap(const char *model)
{
    const ArmModel *m = model_find(model);
    uint32_t hw = m->hwcap;
    if (m->features & ARM_FEATURE_FP16)
        hw |= ARM_HWCAP_FPHP;
    if (m->features & ARM_FEATURE_ASIMDHP)
        hw |= ARM_HWCAP_ASIMDHP;
    return hw;
}

uint32_t arm_cpu_hwcap2(const char *model)
{
    uint32_t f = model_find(model)->features, hw = 0;
    if (f & ARM_FEATURE_AES)
        hw |= ARM_HWCAP2_AES | ARM_HWCAP2_PMULL;
    if (f & ARM_FEATURE_SHA1)
        hw |= ARM_HWCAP2_SHA1;
    if (f & ARM_FEATURE_SHA2)
        hw |= ARM_HWCAP2_SHA2;
    if (f & ARM_FEATURE_CRC32)
        hw |= ARM_HWCAP2_CRC32;
    return hw;
}

/* The Linux names of the AT_HWCAP and AT_HWCAP2 bits, by bit number. */
static const char *const hwcap_names[32] = {
    [1] = "half", [2] = "thumb", [4] = "fastmult", [6] = "vfp", [7] = "edsp",
    [12] = "neon", [13] = "vfpv3", [15] = "tls", [16] = "vfpv4", [17] = "idiva",
    [18] = "idivt", [19] = "vfpd32", [20] = "lpae", [22] = "fphp", [23] = "asimdhp",
};
static const char *const hwcap2_names[32] = {
    [0] = "aes", [1] = "pmull", [2] = "sha1", [3] = "sha2", [4] = "crc32",
};

size_t arm_cpu_info(const char *model, int ncpus, char *buf, size_t size)
{
    const ArmModel *m = model_find(model);
    uint32_t hw = arm_cpu_hwcap(model), hw2 = arm_cpu_hwcap2(model);
    char line[160];
    size_t n = 0;
    for (int cpu = 0; cpu < (ncpus > 0 ? ncpus : 1); cpu++) {
        snprintf(line, sizeof(line), "processor\t: %d\nmodel name\t: ARMv%u Processor rev %u (v%ul)\n"
                 "BogoMIPS\t: 100.00\nFeatures\t:", cpu, m->arch, m->revision, m->arch);
        n = cpuinfo_append(buf, size, n, line);
        n = cpuinfo_append_flags(buf, size, n, hw, hwcap_names, 32);
        n = cpuinfo_append_flags(buf, size, n, hw2, hwcap2_names, 32);
        snprintf(line, sizeof(line), "\nCPU implementer\t: 0x41\nCPU architecture: %u\nCPU variant\t: 0x%x\n"
                 "CPU part\t: 0x%03x\nCPU revision\t: %u\n\n",
                 m->arch, m->variant, m->part, m->revision);
        n = cpuinfo_append(buf, size, n, line);
    }
    return cpuinfo_append(buf, size, n, "Hardware\t: xrun\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n");
}
