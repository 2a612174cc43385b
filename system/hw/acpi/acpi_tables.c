/*
 * ACPI tables of the microvm board (system/hw/acpi/acpi_tables.h).
 *
 * Each table is assembled in its own AmlBuf, header first, then copied into
 * the window at an address known beforehand: the sizes of the RSDP, XSDT
 * and FADT are fixed, and the MADT and DSDT are built before the layout is
 * chosen. Layout: RSDP, XSDT, FADT, MADT, DSDT, each 16-byte aligned.
 *
 * Field layouts follow the ACPI specification 6.5, section 5.2. What Linux
 * needs of a hardware-reduced platform was read from its ACPI code:
 * ACPICA installs no SCI handler and enables no fixed events when
 * HW_REDUCED_ACPI is set; x86 then sets up no legacy PIC and no PIT timer,
 * and skips the SCI override. S5 counts as supported only when both sleep
 * registers have an address (acpi_sleep_state_supported); poweroff writes
 * the sleep control register (acpi_hw_extended_sleep) and reboot the reset
 * register (acpi_reboot), so all three are valid 8-bit generic addresses.
 */
#include "system/hw/acpi/acpi_tables.h"

#include <stdio.h>
#include <string.h>

#include "system/hw/acpi/aml.h"
#include "system/hw/acpi/ged.h"
#include "xrun/util.h"

#define ACPI_XSDT_SIZE (ACPI_HEADER_SIZE + 2 * 8)
#define ACPI_FADT_REVISION 6
#define ACPI_FADT_MINOR    5
#define ACPI_MADT_REVISION 5
/* Revision 2: AML integers are 64 bits wide. */
#define ACPI_DSDT_REVISION 2

/* Generic address structure (5.2.3.2) address space ids and access sizes. */
enum { GAS_SYSTEM_MEMORY = 0 };
enum { GAS_ACCESS_BYTE = 1 };

/* MADT structure types (5.2.12). */
enum {
    MADT_LOCAL_APIC = 0,
    MADT_IO_APIC = 1,
    MADT_INT_SRC_OVERRIDE = 2,
    MADT_LOCAL_APIC_NMI = 4,
};
#define MADT_PCAT_COMPAT    1u  /* MADT flags: dual 8259 present */
#define MADT_LAPIC_ENABLED  1u
#define MADT_ALL_PROCESSORS 0xff

/* -- Table headers (5.2.6) -- */

static void acpi_table_begin(AmlBuf *b, const char *sig, uint8_t rev)
{
    aml_put_bytes(b, sig, 4);
    aml_put32(b, 0);   /* length: acpi_table_end */
    aml_put8(b, rev);
    aml_put8(b, 0);    /* checksum: acpi_table_end */
    aml_put_bytes(b, ACPI_OEM_ID, 6);
    aml_put_bytes(b, ACPI_OEM_TABLE_ID, 8);
    aml_put32(b, 1);   /* OEM revision */
    aml_put_bytes(b, ACPI_CREATOR_ID, 4);
    aml_put32(b, 1);   /* creator revision */
}

static void acpi_table_end(AmlBuf *b)
{
    aml_set32(b, 4, (uint32_t)b->len);
    aml_set8(b, 9, (uint8_t)-aml_sum8(b->data, b->len));
}

/* A byte register in memory space (generic address structure, 5.2.3.2). */
static void acpi_gas_mem8(AmlBuf *b, uint64_t addr)
{
    aml_put8(b, GAS_SYSTEM_MEMORY);
    aml_put8(b, 8);    /* register bit width */
    aml_put8(b, 0);    /* bit offset */
    aml_put8(b, GAS_ACCESS_BYTE);
    aml_put64(b, addr);
}

/* -- DSDT -- */

/* Device (name) { Name (_HID, hid) Name (_UID, uid) ..., closed with
 * aml_end. A "PNP0501"-style id is given as EisaId (as firmware does for
 * PNP ids); others ("ACPI0013", "LNRO0005") as strings. */
static AmlMark dsdt_device(AmlBuf *b, const char *name, const char *hid, uint64_t uid)
{
    AmlMark dev = aml_device(b, name);
    aml_name(b, "_HID");
    if (strncmp(hid, "PNP", 3) == 0)
        aml_eisaid(b, hid);
    else
        aml_string(b, hid);
    aml_name(b, "_UID");
    aml_integer(b, uid);
    return dev;
}

static void dsdt_uart(AmlBuf *b, const AcpiConfig *cfg)
{
    AmlMark dev = dsdt_device(b, "COM1", "PNP0501", 1);
    aml_name(b, "_CRS");
    AmlMark crs = aml_resource_template(b);
    aml_io(b, cfg->uart_port, cfg->uart_port, 1, 8);
    aml_interrupt(b, cfg->uart_gsi, AML_IRQ_EDGE | AML_IRQ_ACTIVE_HIGH | AML_IRQ_EXCLUSIVE);
    aml_resource_template_end(b, crs);
    aml_end(b, dev);
}

/* The GED's _CRS holds its interrupt and nothing else: Linux's driver
 * (evged) fails the whole device on any other descriptor, so the registers
 * are known from the FADT only. The GED raises no events, but evged also
 * refuses an interrupt without an _EVT method: an empty one satisfies it. */
static void dsdt_ged(AmlBuf *b, const AcpiConfig *cfg)
{
    AmlMark dev = dsdt_device(b, "GED", "ACPI0013", 0);
    aml_name(b, "_CRS");
    AmlMark crs = aml_resource_template(b);
    aml_interrupt(b, cfg->ged_gsi, AML_IRQ_EDGE | AML_IRQ_ACTIVE_HIGH | AML_IRQ_EXCLUSIVE);
    aml_resource_template_end(b, crs);
    aml_end(b, aml_method(b, "_EVT", 1, false));
    aml_end(b, dev);
}

/* Level-triggered as qemu's microvm declares them: the transport holds its
 * line while the interrupt status is unacknowledged. _CCA: DMA is cache
 * coherent (what arm guests need to be told). */
static void dsdt_virtio(AmlBuf *b, unsigned index, const AcpiMmioDev *d)
{
    char name[5] = { 'V', 'R', (char)('0' + index / 10 % 10), (char)('0' + index % 10), 0 };
    AmlMark dev = dsdt_device(b, name, "LNRO0005", index);
    aml_name(b, "_CCA");
    aml_integer(b, 1);
    aml_name(b, "_CRS");
    AmlMark crs = aml_resource_template(b);
    aml_memory32_fixed(b, d->base, d->size, true);
    aml_interrupt(b, d->gsi, AML_IRQ_LEVEL | AML_IRQ_ACTIVE_HIGH | AML_IRQ_EXCLUSIVE);
    aml_resource_template_end(b, crs);
    aml_end(b, dev);
}

static void build_dsdt(AmlBuf *b, const AcpiConfig *cfg)
{
    acpi_table_begin(b, "DSDT", ACPI_DSDT_REVISION);

    AmlMark sb = aml_scope(b, "\\_SB");
    if (cfg->uart_port)
        dsdt_uart(b, cfg);
    dsdt_ged(b, cfg);
    for (unsigned i = 0; i < cfg->nvirtio; i++)
        dsdt_virtio(b, i, &cfg->virtio[i]);
    aml_end(b, sb);

    /* \_S5: SLP_TYPa, SLP_TYPb and two reserved values. Linux writes
     * SLP_TYPa into the sleep control register. */
    aml_name(b, "\\_S5");
    AmlMark pkg = aml_package(b, 4);
    aml_integer(b, GED_SLP_TYP_S5);
    aml_integer(b, 0);
    aml_integer(b, 0);
    aml_integer(b, 0);
    aml_end(b, pkg);

    acpi_table_end(b);
}

/* -- MADT (5.2.12) -- */

static void build_madt(AmlBuf *b, const AcpiConfig *cfg)
{
    acpi_table_begin(b, "APIC", ACPI_MADT_REVISION);
    aml_put32(b, ACPI_LAPIC_ADDR);
    aml_put32(b, cfg->pic ? MADT_PCAT_COMPAT : 0);

    for (unsigned i = 0; i < cfg->ncpus; i++) {
        aml_put8(b, MADT_LOCAL_APIC);
        aml_put8(b, 8);
        aml_put8(b, (uint8_t)i);   /* ACPI processor UID */
        aml_put8(b, (uint8_t)i);   /* APIC id */
        aml_put32(b, MADT_LAPIC_ENABLED);
    }

    aml_put8(b, MADT_IO_APIC);
    aml_put8(b, 12);
    aml_put8(b, cfg->ioapic_id);
    aml_put8(b, 0);
    aml_put32(b, cfg->ioapic_addr);
    aml_put32(b, 0);   /* GSI base: input n is GSI n */

    /* ISA IRQ 0 on input 2, flags 0: polarity and trigger of the ISA bus
     * (edge, active high). Other ISA IRQs are identity mapped. */
    if (cfg->irq0_to_gsi2) {
        aml_put8(b, MADT_INT_SRC_OVERRIDE);
        aml_put8(b, 10);
        aml_put8(b, 0);    /* bus: ISA */
        aml_put8(b, 0);    /* source IRQ */
        aml_put32(b, 2);   /* GSI */
        aml_put16(b, 0);
    }

    /* LINT1 of every local APIC is the NMI input, as on a PC. */
    aml_put8(b, MADT_LOCAL_APIC_NMI);
    aml_put8(b, 6);
    aml_put8(b, MADT_ALL_PROCESSORS);
    aml_put16(b, 0);
    aml_put8(b, 1);    /* LINT1 */

    acpi_table_end(b);
}

/* -- FADT (5.2.9), hardware-reduced -- */

static void build_fadt(AmlBuf *b, const AcpiConfig *cfg, hwaddr dsdt)
{
    uint16_t boot_arch = ACPI_IAPC_VGA_NOT_PRESENT;
    if (cfg->i8042)
        boot_arch |= ACPI_IAPC_8042;
    if (!cfg->cmos_rtc)
        boot_arch |= ACPI_IAPC_CMOS_RTC_ABSENT;

    acpi_table_begin(b, "FACP", ACPI_FADT_REVISION);
    aml_put32(b, 0);             /* 36 FIRMWARE_CTRL: no FACS */
    aml_put32(b, 0);             /* 40 DSDT: zero when X_DSDT is set */
    aml_put8(b, 0);              /* 44 reserved */
    aml_put8(b, 0);              /* 45 preferred PM profile: unspecified */
    aml_put16(b, 0);             /* 46 SCI_INT: none */
    aml_put32(b, 0);             /* 48 SMI_CMD: always in ACPI mode */
    aml_put_fill(b, 0, 4);       /* 52 ACPI_ENABLE .. PSTATE_CNT */
    aml_put_fill(b, 0, 8 * 4);   /* 56 PM1a_EVT_BLK .. GPE1_BLK */
    aml_put_fill(b, 0, 8);       /* 88 PM1_EVT_LEN .. CST_CNT */
    aml_put16(b, 0x0fff);        /* 96 P_LVL2_LAT: no C2 */
    aml_put16(b, 0x0fff);        /* 98 P_LVL3_LAT: no C3 */
    aml_put_fill(b, 0, 4);       /* 100 FLUSH_SIZE, FLUSH_STRIDE */
    aml_put_fill(b, 0, 5);       /* 104 DUTY_OFFSET .. CENTURY */
    aml_put16(b, boot_arch);     /* 109 IAPC_BOOT_ARCH */
    aml_put8(b, 0);              /* 111 reserved */
    aml_put32(b, ACPI_FADT_HW_REDUCED_ACPI | ACPI_FADT_RESET_REG_SUP |
                     ACPI_FADT_PWR_BUTTON | ACPI_FADT_SLP_BUTTON);   /* 112 Flags */
    acpi_gas_mem8(b, cfg->ged_base + GED_RESET);   /* 116 RESET_REG */
    aml_put8(b, GED_RESET_VALUE);                  /* 128 RESET_VALUE */
    aml_put16(b, 0);             /* 129 ARM_BOOT_ARCH */
    aml_put8(b, ACPI_FADT_MINOR);/* 131 FADT minor version */
    aml_put64(b, 0);             /* 132 X_FIRMWARE_CTRL */
    aml_put64(b, dsdt);          /* 140 X_DSDT */
    aml_put_fill(b, 0, 8 * 12);  /* 148 X_PM1a_EVT_BLK .. X_GPE1_BLK */
    acpi_gas_mem8(b, cfg->ged_base + GED_SLEEP_CTL);   /* 244 SLEEP_CONTROL_REG */
    acpi_gas_mem8(b, cfg->ged_base + GED_SLEEP_STS);   /* 256 SLEEP_STATUS_REG */
    aml_put64(b, 0);             /* 268 hypervisor vendor identity */
    xr_assert(b->len == ACPI_FADT_SIZE);
    acpi_table_end(b);
}

/* -- XSDT (5.2.8) and RSDP (5.2.5.3) -- */

static void build_xsdt(AmlBuf *b, hwaddr fadt, hwaddr madt)
{
    acpi_table_begin(b, "XSDT", 1);
    aml_put64(b, fadt);
    aml_put64(b, madt);
    acpi_table_end(b);
}

static void build_rsdp(AmlBuf *b, hwaddr xsdt)
{
    aml_put_bytes(b, "RSD PTR ", 8);
    aml_put8(b, 0);                /* checksum of the first 20 bytes */
    aml_put_bytes(b, ACPI_OEM_ID, 6);
    aml_put8(b, 2);                /* revision: ACPI 2.0+, XSDT */
    aml_put32(b, 0);               /* RSDT address: none */
    aml_put32(b, ACPI_RSDP_SIZE);
    aml_put64(b, xsdt);
    aml_put8(b, 0);                /* extended checksum, of all 36 bytes */
    aml_put_fill(b, 0, 3);
    aml_set8(b, 8, (uint8_t)-aml_sum8(b->data, 20));
    aml_set8(b, 32, (uint8_t)-aml_sum8(b->data, ACPI_RSDP_SIZE));
}

/* -- Placement -- */

static int acpi_check_config(const AcpiConfig *cfg, char *err, size_t errlen)
{
    if (cfg->ncpus < 1 || cfg->ncpus > ACPI_MAX_CPUS) {
        snprintf(err, errlen, "acpi: %u CPUs; the MADT describes 1 to %d", cfg->ncpus,
                 ACPI_MAX_CPUS);
        return -1;
    }
    if (cfg->nvirtio > ACPI_MAX_VIRTIO) {
        snprintf(err, errlen, "acpi: %u virtio-mmio devices; the DSDT names at most %d",
                 cfg->nvirtio, ACPI_MAX_VIRTIO);
        return -1;
    }
    for (unsigned i = 0; i < cfg->nvirtio; i++) {
        const AcpiMmioDev *d = &cfg->virtio[i];
        if (d->size == 0 || (uint64_t)d->base + d->size > 0x100000000ull) {
            snprintf(err, errlen, "acpi: virtio-mmio device %u (0x%x, 0x%x bytes) is not a "
                     "non-empty range below 4 GiB", i, d->base, d->size);
            return -1;
        }
    }
    if ((uint64_t)cfg->ged_base + GED_MMIO_SIZE > 0x100000000ull) {
        snprintf(err, errlen, "acpi: generic event device at 0x%x crosses 4 GiB", cfg->ged_base);
        return -1;
    }
    return 0;
}

/* Copies one table into the window at offset off. */
static hwaddr acpi_place(const AmlBuf *t, hwaddr win_base, uint8_t *win, size_t off)
{
    memcpy(win + off, t->data, t->len);
    return win_base + off;
}

int acpi_build_tables(const AcpiConfig *cfg, hwaddr win_base, uint8_t *win, size_t win_size,
                      AcpiLayout *lay, char *err, size_t errlen)
{
    AmlBuf dsdt, madt, fadt, xsdt, rsdp;
    int rc = -1;

    if (win_base % 16) {
        snprintf(err, errlen, "acpi: table window at 0x%llx is not 16-byte aligned",
                 (unsigned long long)win_base);
        return -1;
    }
    if (acpi_check_config(cfg, err, errlen) < 0)
        return -1;

    aml_buf_init(&dsdt);
    aml_buf_init(&madt);
    aml_buf_init(&fadt);
    aml_buf_init(&xsdt);
    aml_buf_init(&rsdp);
    build_dsdt(&dsdt, cfg);
    build_madt(&madt, cfg);

    size_t off_xsdt = XR_ALIGN_UP((size_t)ACPI_RSDP_SIZE, 16);
    size_t off_fadt = XR_ALIGN_UP(off_xsdt + ACPI_XSDT_SIZE, 16);
    size_t off_madt = XR_ALIGN_UP(off_fadt + ACPI_FADT_SIZE, 16);
    size_t off_dsdt = XR_ALIGN_UP(off_madt + madt.len, 16);
    size_t total = off_dsdt + dsdt.len;
    if (total > win_size) {
        snprintf(err, errlen, "acpi: the tables need %zu bytes; the window at 0x%llx holds %zu",
                 total, (unsigned long long)win_base, win_size);
        goto out;
    }

    memset(win, 0, total);
    lay->dsdt = acpi_place(&dsdt, win_base, win, off_dsdt);
    lay->madt = acpi_place(&madt, win_base, win, off_madt);
    build_fadt(&fadt, cfg, lay->dsdt);
    lay->fadt = acpi_place(&fadt, win_base, win, off_fadt);
    build_xsdt(&xsdt, lay->fadt, lay->madt);
    xr_assert(xsdt.len == ACPI_XSDT_SIZE);
    lay->xsdt = acpi_place(&xsdt, win_base, win, off_xsdt);
    build_rsdp(&rsdp, lay->xsdt);
    lay->rsdp = acpi_place(&rsdp, win_base, win, 0);
    lay->len = total;
    rc = 0;

out:
    aml_buf_free(&rsdp);
    aml_buf_free(&xsdt);
    aml_buf_free(&fadt);
    aml_buf_free(&madt);
    aml_buf_free(&dsdt);
    return rc;
}
