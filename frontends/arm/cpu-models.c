/*
 * The CPU models of system mode and their identification registers, with
 * the values a real Cortex-A15 (r4p0) and Cortex-A7 (r0p5) report, as
 * qemu's -cpu cortex-a15 / cortex-a7 give them on its virt board.
 *
 * Neither the Security nor the Virtualization Extensions exist here (no
 * monitor or hyp mode), so ID_PFR1 advertises neither: of the cores'
 * 0x00011011 stay the programmers' model (bits 3:0) and the generic timer
 * (bits 19:16). Linux looks at ID_PFR1 to decide whether it may enter hyp
 * mode and use the virtual timer offset. Likewise ID_DFR0 has no secure
 * debug (CopSDbg, bits 7:4): 0x02010505 for the cores' 0x02010555.
 *
 * `max` is the Cortex-A15 register set with the instruction groups user
 * mode's max model decodes (ARMv8 AArch32, CRC32, crypto, FP16).
 */
#include <string.h>

#include "frontends/arm/cpu.h"

/* What Cortex-A15 and Cortex-A7 share: VFPv4-D32 and NEON, the reset
 * SCTLR, processor and debug features, a 32K + 32K L1 and a 4M L2. */
#define A15_A7_COMMON                                                                              \
    .mvfr0 = 0x10110222u, .mvfr1 = 0x11111111u, .sctlr = 0x00c50078u, .id_pfr0 = 0x00001131u,    \
    .id_pfr1 = 0x00010001u, .id_dfr0 = 0x02010505u, .clidr = 0x0a200023u,                        \
    .ccsidr = {0x701fe00au, 0x201fe00au, 0x711fe07au}, .dbgdevid = 0x01110f13u

/* Cortex-A15 r4p0, for cortex-a15 and max. */
#define A15_IDS                                                                                    \
    A15_A7_COMMON, .midr = 0x414fc0f0u, .ctr = 0x8444c004u, .fpsid = 0x410430f0u,                 \
    .id_mmfr = {0x10201105u, 0x20000000u, 0x01240000u, 0x02102211u}, .dbgdidr = 0x3515f021u,      \
    .pmu_counters = 6

#define V7_ISAR0_4 0x02101110u, 0x13112111u, 0x21232041u, 0x11112131u, 0x10011142u

static const ArmSysModel arm_sys_models[] = {
    {
        .name = "cortex-a15",
        A15_IDS,
        .id_isar = {V7_ISAR0_4, 0},
    },
    {
        .name = "cortex-a7",
        A15_A7_COMMON,
        .midr = 0x410fc075u,
        .ctr = 0x84448003u,
        .fpsid = 0x41023075u,
        .id_mmfr = {0x10101105u, 0x40000000u, 0x01240000u, 0x02102211u},
        .id_isar = {V7_ISAR0_4, 0},
        .dbgdidr = 0x3515f005u,
        .dbgdevid1 = 1,
        .pmu_counters = 4,
    },
    {
        .name = "max",
        .features = ARM_FEATURE_V8 | ARM_FEATURE_CRC32 | ARM_FEATURE_AES | ARM_FEATURE_SHA1 |
                    ARM_FEATURE_SHA2 | ARM_FEATURE_FP16 | ARM_FEATURE_ASIMDHP,
        A15_IDS,
        /* ID_ISAR5: AES with PMULL, SHA1, SHA2, CRC32 (ARMv8 AArch32). */
        .id_isar = {V7_ISAR0_4, 0x00011121u},
    },
};

const ArmSysModel *arm_sys_model_find(const char *name)
{
    for (size_t i = 0; i < sizeof(arm_sys_models) / sizeof(arm_sys_models[0]); i++) {
        if (name && strcmp(arm_sys_models[i].name, name) == 0) {
            return &arm_sys_models[i];
        }
    }
    return NULL;
}
