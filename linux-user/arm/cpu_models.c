/*
 * The ARM CPU models -cpu accepts. Every model runs the same translator
 * (ARMv7-A with VFPv4/NEON); the model only changes what the guest is told
 * through AT_HWCAP, so a program probing for, say, integer divide sees what
 * that core really has.
 */
#include <string.h>

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

/* What every supported core has: ARMv7-A, Thumb-2, VFPv3-D32, NEON, TLS. */
#define HWCAP_V7_BASE                                                                        \
    (ARM_HWCAP_HALF | ARM_HWCAP_THUMB | ARM_HWCAP_FAST_MULT | ARM_HWCAP_VFP | ARM_HWCAP_EDSP | \
     ARM_HWCAP_NEON | ARM_HWCAP_VFPv3 | ARM_HWCAP_TLS | ARM_HWCAP_VFPD32)
/* Cortex-A7/A15 add VFPv4 (fused multiply-add), sdiv/udiv and LPAE. */
#define HWCAP_V7VE (HWCAP_V7_BASE | ARM_HWCAP_VFPv4 | ARM_HWCAP_IDIVA | ARM_HWCAP_IDIVT | ARM_HWCAP_LPAE)

static const struct {
    const char *name;
    uint32_t hwcap;
} arm_models[] = {
    { "cortex-a15", HWCAP_V7VE },
    { "cortex-a7", HWCAP_V7VE },
    { "cortex-a9", HWCAP_V7_BASE },
    { "max", HWCAP_V7VE },
};

#define N_MODELS (sizeof(arm_models) / sizeof(arm_models[0]))

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
        fprintf(out, "  %s%s\n", arm_models[i].name, i == 0 ? " (default)" : "");
}

uint32_t arm_cpu_hwcap(const char *model)
{
    for (size_t i = 0; model && i < N_MODELS; i++)
        if (strcmp(arm_models[i].name, model) == 0)
            return arm_models[i].hwcap;
    return arm_models[0].hwcap;
}

/* No AES/SHA/CRC32 instructions are translated, so nothing in HWCAP2. */
uint32_t arm_cpu_hwcap2(const char *model) { return 0; }
