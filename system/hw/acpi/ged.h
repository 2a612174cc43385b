/*
 * The generic event device of a hardware-reduced ACPI machine: the MMIO
 * registers the FADT names for sleep control, sleep status and reset, so
 * that a guest's `poweroff` and `reboot` reach the emulator.
 *
 *     Ged *ged = ged_new();
 *     mem_add_io(GED_BASE, GED_MMIO_SIZE, &ged_ops, ged, "ged");
 *
 * Register layout (byte registers; other sizes are logged and ignored):
 *
 *   0x00 sleep control  write: [4:2] SLP_TYP, [5] SLP_EN
 *   0x01 sleep status   [7] WAK_STS, write 1 to clear
 *   0x02 reset          write GED_RESET_VALUE to reset the machine
 *
 * Linux powers off through acpi_hw_extended_sleep: it clears WAK_STS, then
 * writes (SLP_TYP << 2) | SLP_EN with the SLP_TYP of the DSDT's \_S5
 * package, GED_SLP_TYP_S5 here; the device asks for SHUTDOWN_POWEROFF. A
 * reset is the FADT's reset value written to the reset register.
 */
#ifndef XRUN_SYSTEM_HW_ACPI_GED_H
#define XRUN_SYSTEM_HW_ACPI_GED_H

#include "system/memory.h"

#define GED_MMIO_SIZE 0x10

enum {
    GED_SLEEP_CTL = 0x00,
    GED_SLEEP_STS = 0x01,
    GED_RESET = 0x02,
};

#define GED_SLP_TYP_SHIFT 2
#define GED_SLP_TYP_MASK  (7u << GED_SLP_TYP_SHIFT)
#define GED_SLP_EN        (1u << 5)
#define GED_WAK_STS       (1u << 7)
/* The sleep type of S5 (soft off) this machine accepts; the DSDT's \_S5
 * package gives it to the guest. */
#define GED_SLP_TYP_S5    5
#define GED_RESET_VALUE   0x42

typedef struct Ged Ged;

Ged *ged_new(void);
void ged_free(Ged *ged);

/* MMIO callbacks; opaque is the Ged. */
extern const MemOps ged_ops;

#endif
