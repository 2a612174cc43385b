/*
 * The ACPI tables of the x86_64 microvm board, made at start and placed in
 * a guest physical window the board chooses (the reserved 0xe0000-0xfffff
 * area); the kernel learns the RSDP address from boot_params.acpi_rsdp_addr
 * (and would find it there by scanning too).
 *
 *     RSDP (rev 2) -> XSDT -> FADT -> DSDT (X_DSDT)
 *                          -> MADT
 *
 * The platform is hardware-reduced: the FADT has HW_REDUCED_ACPI, no SCI,
 * no PM1/GPE blocks, and points its sleep control, sleep status and reset
 * registers at the generic event device (system/hw/acpi/ged.h). The MADT
 * lists every CPU's local APIC (ids 0..ncpus-1) and the IOAPIC. The DSDT
 * declares what Linux cannot find otherwise: COM1, each virtio-mmio
 * transport (LNRO0005, which Linux's virtio_mmio driver matches), the
 * generic event device (ACPI0013) and the \_S5 package.
 *
 *     static const AcpiMmioDev vio[] = { { 0xfeb00000, 0x200, 16 } };
 *     AcpiConfig cfg = { .ncpus = 2, .ioapic_id = 0, .ioapic_addr = ACPI_IOAPIC_ADDR,
 *                        .uart_port = 0x3f8, .uart_gsi = 4,
 *                        .virtio = vio, .nvirtio = 1,
 *                        .ged_base = 0xfea00000, .ged_gsi = 9 };
 *     AcpiLayout lay;
 *     if (acpi_build_tables(&cfg, 0xe0000, host_window, 0x20000, &lay, err, sizeof err) < 0)
 *         return -1;
 *     // boot_params.acpi_rsdp_addr = lay.rsdp;
 */
#ifndef XRUN_SYSTEM_HW_ACPI_TABLES_H
#define XRUN_SYSTEM_HW_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/memory.h"

#define ACPI_LAPIC_ADDR  0xfee00000u
#define ACPI_IOAPIC_ADDR 0xfec00000u
/* xAPIC ids are 8 bits and 0xff is the broadcast id. */
#define ACPI_MAX_CPUS    255
/* The DSDT names virtio-mmio transports VR00..VR99. */
#define ACPI_MAX_VIRTIO  100

#define ACPI_OEM_ID       "XRUN  "
#define ACPI_OEM_TABLE_ID "XRUNMVM "
#define ACPI_CREATOR_ID   "XRUN"

/* Sizes of the fixed tables (ACPI 6.5, 5.2.5.3, 5.2.9). */
#define ACPI_RSDP_SIZE    36
#define ACPI_HEADER_SIZE  36
#define ACPI_FADT_SIZE    276

/* FADT Flags bits (5.2.9, table 5.10). */
#define ACPI_FADT_PWR_BUTTON       (1u << 4)
#define ACPI_FADT_SLP_BUTTON       (1u << 5)
#define ACPI_FADT_RESET_REG_SUP    (1u << 10)
#define ACPI_FADT_HW_REDUCED_ACPI  (1u << 20)
/* IA-PC boot architecture flags (5.2.9.3). */
#define ACPI_IAPC_8042             (1u << 1)
#define ACPI_IAPC_VGA_NOT_PRESENT  (1u << 2)
#define ACPI_IAPC_CMOS_RTC_ABSENT  (1u << 5)

/* One virtio-mmio transport. */
typedef struct AcpiMmioDev {
    uint32_t base;   /* below 4 GiB (Memory32Fixed) */
    uint32_t size;   /* VIRTIO_MMIO_SLOT_SIZE */
    uint32_t gsi;    /* IOAPIC input, level-triggered active high */
} AcpiMmioDev;

typedef struct AcpiConfig {
    unsigned ncpus;            /* 1..ACPI_MAX_CPUS: APIC id and UID i */
    uint8_t ioapic_id;
    uint32_t ioapic_addr;      /* ACPI_IOAPIC_ADDR */
    bool pic;                  /* a dual 8259 is present (MADT PCAT_COMPAT) */
    bool irq0_to_gsi2;         /* ISA IRQ 0 (the PIT) reaches IOAPIC input 2 */
    bool i8042;                /* a keyboard controller Linux may probe */
    bool cmos_rtc;             /* a CMOS RTC at port 0x70 */
    uint16_t uart_port;        /* COM1 base port; 0: no UART */
    uint32_t uart_gsi;         /* edge-triggered active high */
    const AcpiMmioDev *virtio;
    unsigned nvirtio;          /* 0..ACPI_MAX_VIRTIO */
    uint32_t ged_base;         /* GED_MMIO_SIZE bytes of registers */
    uint32_t ged_gsi;          /* edge-triggered active high */
} AcpiConfig;

/* Where acpi_build_tables put each table (guest physical addresses). */
typedef struct AcpiLayout {
    hwaddr rsdp, xsdt, fadt, madt, dsdt;
    size_t len;                /* bytes used from the window's start */
} AcpiLayout;

/* Builds the tables of cfg into the window of win_size bytes at host
 * memory win, which the guest sees at win_base (16-byte aligned). Bytes of
 * the window past lay->len are left as they were. Returns 0, or -1 with a
 * one-line message in err: a window too small or a configuration the
 * tables cannot describe. */
int acpi_build_tables(const AcpiConfig *cfg, hwaddr win_base, uint8_t *win, size_t win_size,
                      AcpiLayout *lay, char *err, size_t errlen);

#endif
