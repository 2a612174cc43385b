/*
 * The ACPI pieces of the microvm board (system/hw/acpi/): AML encodings
 * byte for byte, the tables read back field by field (checksums, lengths,
 * the pointers between them, MADT entries, FADT flags and generic
 * addresses), the tables disassembled by iasl (acpica-tools) and checked in
 * its words, loaded and evaluated by ACPICA's acpiexec, and the generic
 * event device's registers, alone and reached through the addresses the
 * FADT gives. iasl or acpiexec missing fails the tests that need them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/cpus.h"
#include "system/hw/acpi/acpi_tables.h"
#include "system/hw/acpi/aml.h"
#include "system/hw/acpi/ged.h"
#include "system/hw/dev_log.h"
#include "system/memory.h"
#include "tests/unit/boot_test_util.h"
#include "xrun/util.h"

#define WIN_BASE 0xe0000u
#define WIN_SIZE 0x20000u
#define GED_BASE 0xfea00000u
#define GED_GSI  9u

/* -- Helpers -- */

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* Expects the bytes b holds to be exactly want[0..n). */
static void expect_bytes(const AmlBuf *b, const uint8_t *want, size_t n, const char *what)
{
    cr_assert_eq(b->len, n, "%s: %zu bytes, want %zu", what, b->len, n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(b->data[i], want[i], "%s: byte %zu is 0x%02x, want 0x%02x", what, i, b->data[i],
                     want[i]);
}

#define EXPECT_BYTES(b, what, ...)                                       \
    do {                                                                 \
        const uint8_t want_[] = { __VA_ARGS__ };                         \
        expect_bytes(b, want_, sizeof want_, what);                      \
    } while (0)

static AcpiMmioDev vio[ACPI_MAX_VIRTIO];

/* The board's configuration with ncpus CPUs and nvirtio transports. */
static AcpiConfig config(unsigned ncpus, unsigned nvirtio)
{
    for (unsigned i = 0; i < nvirtio; i++)
        vio[i] = (AcpiMmioDev){ 0xfeb00000u + 0x200u * i, 0x200, 16 + i };
    return (AcpiConfig){ .ncpus = ncpus, .ioapic_id = 0, .ioapic_addr = ACPI_IOAPIC_ADDR,
                         .pic = true, .irq0_to_gsi2 = true, .uart_port = 0x3f8, .uart_gsi = 4,
                         .virtio = vio, .nvirtio = nvirtio, .ged_base = GED_BASE,
                         .ged_gsi = GED_GSI };
}

static uint8_t win[WIN_SIZE];

static AcpiLayout build(const AcpiConfig *cfg)
{
    AcpiLayout lay;
    char err[256] = "";
    memset(win, 0xa5, sizeof win);
    cr_assert_eq(acpi_build_tables(cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), 0,
                 "acpi_build_tables: %s", err);
    return lay;
}

/* The table at guest address pa, which must lie wholly inside the window. */
static const uint8_t *table_at(hwaddr pa, const AcpiLayout *lay)
{
    cr_assert(pa >= WIN_BASE && pa + ACPI_HEADER_SIZE <= WIN_BASE + lay->len,
              "table address 0x%llx outside the tables", (unsigned long long)pa);
    const uint8_t *t = win + (pa - WIN_BASE);
    cr_assert(pa + le32(t + 4) <= WIN_BASE + lay->len, "table at 0x%llx runs past the tables",
              (unsigned long long)pa);
    return t;
}

/* Checks the common header of a table and returns its length. */
static uint32_t check_header(const uint8_t *t, const char *sig, uint8_t rev)
{
    uint32_t len = le32(t + 4);
    cr_assert(memcmp(t, sig, 4) == 0, "signature %.4s, want %s", (const char *)t, sig);
    cr_assert_geq(len, ACPI_HEADER_SIZE, "%s length %u", sig, len);
    cr_assert_eq(t[8], rev, "%s revision %u, want %u", sig, t[8], rev);
    cr_assert_eq(aml_sum8(t, len), 0, "%s checksum does not sum to 0", sig);
    cr_assert(memcmp(t + 10, "XRUN  ", 6) == 0, "%s OEM id", sig);
    cr_assert(memcmp(t + 16, "XRUNMVM ", 8) == 0, "%s OEM table id", sig);
    cr_assert(memcmp(t + 28, "XRUN", 4) == 0, "%s creator id", sig);
    return len;
}

/* -- AML encodings -- */

Test(aml, pkglen_at_each_size_boundary)
{
    static const struct {
        size_t body;
        unsigned n;
        uint8_t enc[4];
    } cases[] = {
        { 0, 1, { 0x01 } },
        { 62, 1, { 0x3f } },                            /* 63: the last 1-byte length */
        { 63, 2, { 0x41, 0x04 } },                      /* 65 = 0x041 */
        { 0xfff - 2, 2, { 0x4f, 0xff } },               /* 0xfff: the last 2-byte */
        { 0xfff - 1, 3, { 0x81, 0x00, 0x01 } },         /* 0x1001 */
        { 0xfffff - 3, 3, { 0x8f, 0xff, 0xff } },       /* 0xfffff: the last 3-byte */
        { 0xfffff - 2, 4, { 0xc1, 0x00, 0x00, 0x01 } }, /* 0x100001 */
        { 0xfffffff - 4, 4, { 0xcf, 0xff, 0xff, 0xff } },
    };
    for (size_t i = 0; i < XR_ARRAY_SIZE(cases); i++) {
        uint8_t enc[4] = { 0 };
        unsigned n = aml_pkglen(cases[i].body, enc);
        cr_assert_eq(n, cases[i].n, "body %zu: %u bytes, want %u", cases[i].body, n, cases[i].n);
        cr_assert(memcmp(enc, cases[i].enc, n) == 0, "body %zu: encoding differs", cases[i].body);
    }
}

Test(aml, pkglen_past_28_bits_is_refused)
{
    uint8_t enc[4];
    cr_assert_eq(aml_pkglen(0xfffffff - 3, enc), 0);
}

Test(aml, scope_gets_a_two_byte_pkglen_past_63)
{
    AmlBuf b;
    aml_buf_init(&b);
    AmlMark m = aml_scope(&b, "\\_SB");   /* 5 bytes of name */
    aml_put_fill(&b, 0xaa, 57);           /* body 62: one byte */
    aml_end(&b, m);
    cr_assert_eq(b.len, 1 + 1 + 62);
    cr_assert_eq(b.data[0], 0x10);
    cr_assert_eq(b.data[1], 0x3f);
    cr_assert_eq(b.data[2], 0x5c, "the name follows the PkgLength");

    b.len = 0;
    m = aml_scope(&b, "\\_SB");
    aml_put_fill(&b, 0xaa, 58);           /* body 63: two bytes, 65 */
    aml_end(&b, m);
    cr_assert_eq(b.len, 1 + 2 + 63);
    cr_assert_eq(b.data[1], 0x41);
    cr_assert_eq(b.data[2], 0x04);
    cr_assert_eq(b.data[3], 0x5c);
    cr_assert_eq(b.data[b.len - 1], 0xaa);
    aml_buf_free(&b);
}

Test(aml, name_strings)
{
    static const struct {
        const char *path;
        uint8_t enc[16];
        size_t n;
    } cases[] = {
        { "_SB", { '_', 'S', 'B', '_' }, 4 },
        { "\\_SB", { 0x5c, '_', 'S', 'B', '_' }, 5 },
        { "\\", { 0x5c, 0x00 }, 2 },
        { "^^COM1", { 0x5e, 0x5e, 'C', 'O', 'M', '1' }, 6 },
        { "_SB.PCI0", { 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0' }, 9 },
        { "\\_SB.PCI0.ISA",
          { 0x5c, 0x2f, 3, '_', 'S', 'B', '_', 'P', 'C', 'I', '0', 'I', 'S', 'A', '_' }, 15 },
    };
    for (size_t i = 0; i < XR_ARRAY_SIZE(cases); i++) {
        AmlBuf b;
        aml_buf_init(&b);
        aml_namestring(&b, cases[i].path);
        expect_bytes(&b, cases[i].enc, cases[i].n, cases[i].path);
        aml_buf_free(&b);
    }
}

Test(aml, integers_take_the_shortest_form)
{
    static const struct {
        uint64_t v;
        uint8_t enc[9];
        size_t n;
    } cases[] = {
        { 0, { 0x00 }, 1 },
        { 1, { 0x01 }, 1 },
        { 2, { 0x0a, 0x02 }, 2 },
        { 0xff, { 0x0a, 0xff }, 2 },
        { 0x100, { 0x0b, 0x00, 0x01 }, 3 },
        { 0xffff, { 0x0b, 0xff, 0xff }, 3 },
        { 0x10000, { 0x0c, 0x00, 0x00, 0x01, 0x00 }, 5 },
        { 0xffffffff, { 0x0c, 0xff, 0xff, 0xff, 0xff }, 5 },
        { 0x100000000ull, { 0x0e, 0, 0, 0, 0, 1, 0, 0, 0 }, 9 },
    };
    for (size_t i = 0; i < XR_ARRAY_SIZE(cases); i++) {
        AmlBuf b;
        char what[40];
        aml_buf_init(&b);
        aml_integer(&b, cases[i].v);
        snprintf(what, sizeof what, "integer 0x%llx", (unsigned long long)cases[i].v);
        expect_bytes(&b, cases[i].enc, cases[i].n, what);
        aml_buf_free(&b);
    }
}

Test(aml, strings_and_eisa_ids)
{
    AmlBuf b;
    aml_buf_init(&b);
    aml_string(&b, "LNRO0005");
    EXPECT_BYTES(&b, "string", 0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00);

    cr_assert_eq(aml_eisaid_value("PNP0501"), 0x0105d041u);
    cr_assert_eq(aml_eisaid_value("PNP0C0C"), 0x0c0cd041u);
    b.len = 0;
    aml_eisaid(&b, "PNP0103");   /* small value, still a DWord */
    EXPECT_BYTES(&b, "EisaId", 0x0c, 0x41, 0xd0, 0x01, 0x03);
    aml_buf_free(&b);
}

Test(aml, device_name_method_return_package)
{
    AmlBuf b;
    aml_buf_init(&b);
    AmlMark dev = aml_device(&b, "GED");
    AmlMark m = aml_method(&b, "_STA", 0, false);
    aml_return(&b);
    aml_integer(&b, 0x0f);
    aml_end(&b, m);
    aml_name(&b, "_PRW");
    AmlMark pkg = aml_package(&b, 2);
    aml_integer(&b, 1);
    aml_string(&b, "x");
    aml_end(&b, pkg);
    aml_end(&b, aml_method(&b, "_EVT", 1, true));
    aml_end(&b, dev);
    EXPECT_BYTES(&b, "device", 0x5b, 0x82, 0x22, 'G', 'E', 'D', '_',
                 /* Method (_STA, 0, NotSerialized) { Return (0x0F) } */
                 0x14, 0x09, '_', 'S', 'T', 'A', 0x00, 0xa4, 0x0a, 0x0f,
                 /* Name (_PRW, Package (2) { One, "x" }) */
                 0x08, '_', 'P', 'R', 'W', 0x12, 0x06, 0x02, 0x01, 0x0d, 'x', 0x00,
                 /* Method (_EVT, 1, Serialized) {} */
                 0x14, 0x06, '_', 'E', 'V', 'T', 0x09);
    aml_buf_free(&b);
}

Test(aml, resource_template_descriptors_and_checksum)
{
    AmlBuf b;
    aml_buf_init(&b);
    AmlMark rt = aml_resource_template(&b);
    aml_io(&b, 0x3f8, 0x3f8, 1, 8);
    aml_memory32_fixed(&b, 0xfeb00000, 0x200, true);
    aml_interrupt(&b, 4, AML_IRQ_EDGE | AML_IRQ_ACTIVE_HIGH | AML_IRQ_EXCLUSIVE);
    aml_interrupt(&b, 0x21, AML_IRQ_LEVEL | AML_IRQ_ACTIVE_LOW | AML_IRQ_SHARED);
    aml_resource_template_end(&b, rt);

    /* 8 + 12 + 9 + 9 + 2 bytes of descriptors = 40 = 0x28. */
    EXPECT_BYTES(&b, "ResourceTemplate", 0x11, 0x2b, 0x0a, 0x28,
                 0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,
                 0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0xb0, 0xfe, 0x00, 0x02, 0x00, 0x00,
                 0x89, 0x06, 0x00, 0x03, 0x01, 0x04, 0x00, 0x00, 0x00,
                 0x89, 0x06, 0x00, 0x0d, 0x01, 0x21, 0x00, 0x00, 0x00,
                 0x79, b.data[b.len - 1]);
    cr_assert_eq(aml_sum8(b.data + 4, 40), 0, "descriptors and end tag sum to 0");
    cr_assert_neq(b.data[b.len - 1], 0, "a real checksum, not the 'ignore' value 0");
    aml_buf_free(&b);
}

/* -- The tables, read back -- */

Test(acpi_tables, every_checksum_sums_to_zero)
{
    AcpiConfig cfg = config(2, 4);
    AcpiLayout lay = build(&cfg);
    const uint8_t *rsdp = win + (lay.rsdp - WIN_BASE);

    cr_assert_eq(aml_sum8(rsdp, 20), 0, "RSDP checksum (first 20 bytes)");
    cr_assert_eq(aml_sum8(rsdp, ACPI_RSDP_SIZE), 0, "RSDP extended checksum");
    hwaddr tables[] = { lay.xsdt, lay.fadt, lay.madt, lay.dsdt };
    for (size_t i = 0; i < XR_ARRAY_SIZE(tables); i++) {
        const uint8_t *t = table_at(tables[i], &lay);
        cr_assert_eq(aml_sum8(t, le32(t + 4)), 0, "%.4s checksum", (const char *)t);
    }
}

Test(acpi_tables, rsdp_fields)
{
    AcpiConfig cfg = config(1, 0);
    AcpiLayout lay = build(&cfg);
    const uint8_t *r = win + (lay.rsdp - WIN_BASE);

    cr_assert_eq(lay.rsdp, WIN_BASE, "RSDP at the window's start");
    cr_assert_eq(lay.rsdp % 16, 0);
    cr_assert(memcmp(r, "RSD PTR ", 8) == 0);
    cr_assert(memcmp(r + 9, "XRUN  ", 6) == 0);
    cr_assert_eq(r[15], 2, "revision");
    cr_assert_eq(le32(r + 16), 0, "no RSDT");
    cr_assert_eq(le32(r + 20), ACPI_RSDP_SIZE, "length");
    cr_assert_eq(le64(r + 24), lay.xsdt);
}

Test(acpi_tables, xsdt_points_at_fadt_and_madt_inside_the_window)
{
    AcpiConfig cfg = config(2, 2);
    AcpiLayout lay = build(&cfg);
    const uint8_t *x = table_at(lay.xsdt, &lay);
    uint32_t len = check_header(x, "XSDT", 1);

    cr_assert_eq(len, ACPI_HEADER_SIZE + 16, "two entries");
    cr_assert_eq(le64(x + 36), lay.fadt);
    cr_assert_eq(le64(x + 44), lay.madt);
    check_header(table_at(le64(x + 36), &lay), "FACP", 6);
    check_header(table_at(le64(x + 44), &lay), "APIC", 5);
    const uint8_t *f = table_at(lay.fadt, &lay);
    cr_assert_eq(le64(f + 140), lay.dsdt, "X_DSDT");
    check_header(table_at(le64(f + 140), &lay), "DSDT", 2);
    cr_assert_eq(lay.dsdt + le32(win + (lay.dsdt - WIN_BASE) + 4), WIN_BASE + lay.len,
                 "the DSDT ends the tables");
}

/* Walks the MADT's structures and checks each against cfg. */
static void check_madt(const AcpiConfig *cfg)
{
    AcpiLayout lay = build(cfg);
    const uint8_t *m = table_at(lay.madt, &lay);
    uint32_t len = check_header(m, "APIC", 5);
    unsigned lapics = 0, ioapics = 0, overrides = 0, nmis = 0;

    cr_assert_eq(len, 44 + 8 * cfg->ncpus + 12 + (cfg->irq0_to_gsi2 ? 10 : 0) + 6);
    cr_assert_eq(le32(m + 36), ACPI_LAPIC_ADDR);
    cr_assert_eq(le32(m + 40), cfg->pic ? 1u : 0u, "PCAT_COMPAT");
    for (uint32_t off = 44; off < len; off += m[off + 1]) {
        const uint8_t *e = m + off;
        cr_assert_geq(e[1], 2, "entry at %u has length %u", off, e[1]);
        switch (e[0]) {
        case 0:
            cr_assert_eq(e[1], 8);
            cr_assert_eq(e[2], lapics, "processor UID");
            cr_assert_eq(e[3], lapics, "APIC id");
            cr_assert_eq(le32(e + 4), 1, "enabled");
            lapics++;
            break;
        case 1:
            cr_assert_eq(e[1], 12);
            cr_assert_eq(e[2], cfg->ioapic_id);
            cr_assert_eq(le32(e + 4), ACPI_IOAPIC_ADDR);
            cr_assert_eq(le32(e + 8), 0, "GSI base");
            ioapics++;
            break;
        case 2:
            cr_assert_eq(e[1], 10);
            cr_assert_eq(e[2], 0, "ISA bus");
            cr_assert_eq(e[3], 0, "IRQ 0");
            cr_assert_eq(le32(e + 4), 2, "to GSI 2");
            cr_assert_eq(le16(e + 8), 0, "bus-conforming flags");
            overrides++;
            break;
        case 4:
            cr_assert_eq(e[1], 6);
            cr_assert_eq(e[2], 0xff, "all processors");
            cr_assert_eq(e[5], 1, "LINT1");
            nmis++;
            break;
        default:
            cr_assert_fail("unexpected MADT entry type %u", e[0]);
        }
    }
    cr_assert_eq(lapics, cfg->ncpus);
    cr_assert_eq(ioapics, 1);
    cr_assert_eq(overrides, cfg->irq0_to_gsi2 ? 1u : 0u);
    cr_assert_eq(nmis, 1);
}

Test(acpi_tables, madt_with_one_cpu)
{
    AcpiConfig cfg = config(1, 0);
    check_madt(&cfg);
}

Test(acpi_tables, madt_with_four_cpus)
{
    AcpiConfig cfg = config(4, 2);
    check_madt(&cfg);
}

Test(acpi_tables, madt_without_pic_or_irq0_override)
{
    AcpiConfig cfg = config(4, 0);
    cfg.pic = false;
    cfg.irq0_to_gsi2 = false;
    cfg.ioapic_id = 4;
    check_madt(&cfg);
}

Test(acpi_tables, madt_with_255_cpus)
{
    AcpiConfig cfg = config(ACPI_MAX_CPUS, 0);
    check_madt(&cfg);
}

/* A generic address structure: byte register at addr in memory space. */
static void check_gas(const uint8_t *g, uint64_t addr, const char *what)
{
    cr_assert_eq(g[0], 0, "%s: system memory space", what);
    cr_assert_eq(g[1], 8, "%s: bit width", what);
    cr_assert_eq(g[2], 0, "%s: bit offset", what);
    cr_assert_eq(g[3], 1, "%s: byte access", what);
    cr_assert_eq(le64(g + 4), addr, "%s: address 0x%llx", what, (unsigned long long)le64(g + 4));
}

Test(acpi_tables, fadt_is_hardware_reduced_with_ged_registers)
{
    AcpiConfig cfg = config(2, 1);
    AcpiLayout lay = build(&cfg);
    const uint8_t *f = table_at(lay.fadt, &lay);
    uint32_t len = check_header(f, "FACP", 6);

    cr_assert_eq(len, ACPI_FADT_SIZE);
    cr_assert_eq(f[131], 5, "minor version");
    uint32_t flags = le32(f + 112);
    cr_assert(flags & ACPI_FADT_HW_REDUCED_ACPI, "HW_REDUCED_ACPI");
    cr_assert(flags & ACPI_FADT_RESET_REG_SUP, "RESET_REG_SUP");
    cr_assert_eq(le32(f + 36), 0, "no FACS");
    cr_assert_eq(le32(f + 40), 0, "32-bit DSDT zero beside X_DSDT");
    cr_assert_eq(le16(f + 46), 0, "no SCI");
    for (unsigned off = 56; off < 96; off++)
        cr_assert_eq(f[off], 0, "legacy PM/GPE block byte %u", off);
    for (unsigned off = 148; off < 244; off++)
        cr_assert_eq(f[off], 0, "extended PM/GPE block byte %u", off);
    check_gas(f + 116, GED_BASE + GED_RESET, "RESET_REG");
    cr_assert_eq(f[128], GED_RESET_VALUE);
    check_gas(f + 244, GED_BASE + GED_SLEEP_CTL, "SLEEP_CONTROL_REG");
    check_gas(f + 256, GED_BASE + GED_SLEEP_STS, "SLEEP_STATUS_REG");
    cr_assert_eq(le64(f + 140), lay.dsdt);
}

Test(acpi_tables, fadt_boot_flags_follow_the_legacy_devices)
{
    AcpiConfig cfg = config(1, 0);
    AcpiLayout lay = build(&cfg);
    uint16_t arch = le16(table_at(lay.fadt, &lay) + 109);
    cr_assert_eq(arch, ACPI_IAPC_VGA_NOT_PRESENT | ACPI_IAPC_CMOS_RTC_ABSENT);

    cfg.i8042 = true;
    cfg.cmos_rtc = true;
    lay = build(&cfg);
    arch = le16(table_at(lay.fadt, &lay) + 109);
    cr_assert_eq(arch, ACPI_IAPC_VGA_NOT_PRESENT | ACPI_IAPC_8042);
}

Test(acpi_tables, window_too_small_is_refused)
{
    AcpiConfig cfg = config(4, 8);
    AcpiLayout lay = build(&cfg), lay2;
    char err[256] = "";
    size_t need = lay.len;

    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, need, &lay2, err, sizeof err), 0,
                 "exactly %zu bytes suffice: %s", need, err);
    cr_assert_eq(lay2.dsdt, lay.dsdt);
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, need - 1, &lay2, err, sizeof err), -1);
    cr_assert(strstr(err, "window") && strstr(err, "0xe0000"), "message: %s", err);
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, 16, &lay2, err, sizeof err), -1);
}

Test(acpi_tables, bad_configurations_are_refused)
{
    AcpiLayout lay;
    char err[256];
    AcpiConfig cfg = config(0, 0);
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), -1);
    cr_assert(strstr(err, "CPUs"), "message: %s", err);

    cfg = config(ACPI_MAX_CPUS + 1, 0);
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), -1);

    cfg = config(1, ACPI_MAX_VIRTIO);
    cfg.nvirtio = ACPI_MAX_VIRTIO + 1;
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), -1);
    cr_assert(strstr(err, "virtio"), "message: %s", err);

    cfg = config(1, 1);
    vio[0].base = 0xfffffe00u;
    vio[0].size = 0x400;
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), -1);

    cfg = config(1, 0);
    cfg.ged_base = 0xfffffff8u;
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE, win, sizeof win, &lay, err, sizeof err), -1);

    cfg = config(1, 0);
    cr_assert_eq(acpi_build_tables(&cfg, WIN_BASE + 8, win, sizeof win, &lay, err, sizeof err), -1);
    cr_assert(strstr(err, "aligned"), "message: %s", err);
}

Test(acpi_tables, hundred_virtio_devices_fit)
{
    AcpiConfig cfg = config(8, ACPI_MAX_VIRTIO);
    AcpiLayout lay = build(&cfg);
    const uint8_t *d = table_at(lay.dsdt, &lay);
    uint32_t len = check_header(d, "DSDT", 2);
    cr_assert_gt(len, 255, "the \\_SB scope needs a multi-byte PkgLength");
    cr_assert_not_null(memmem(d, len, "VR99", 4));
}

/* -- The tables as iasl reads them -- */

typedef struct Dsl {
    char dir[64];
    char *text;
} Dsl;

/* Fails the test, naming the package, when tool is not on PATH. */
static void require_tool(const char *tool)
{
    char cmd[100];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    cr_assert_eq(system(cmd), 0,
                 "%s not found: the tests check the tables with it "
                 "(Debian package acpica-tools; bash tools/deps.sh installs it)", tool);
}

/* A whole file as a NUL-terminated string (malloc'd). */
static char *read_text(const char *path)
{
    size_t n;
    char *data = read_file(path, &n);
    char *text = malloc(n + 1);
    memcpy(text, data, n);
    text[n] = 0;
    free(data);
    return text;
}

/* Writes the table at pa into dir as SIG.dat; returns its signature. */
static const char *write_table(const char *dir, hwaddr pa, const AcpiLayout *lay)
{
    static char sig[5];
    char path[128];
    const uint8_t *t = table_at(pa, lay);
    memcpy(sig, t, 4);
    snprintf(path, sizeof path, "%s/%s.dat", dir, sig);
    write_file(path, t, le32(t + 4));
    return sig;
}

/* Disassembles the table at pa with `iasl -d` in a scratch directory and
 * returns the .dsl text. */
static Dsl disassemble(hwaddr pa, const AcpiLayout *lay)
{
    Dsl d;
    char cmd[400], dsl[128];

    require_tool("iasl");
    scratch_dir(d.dir, sizeof d.dir, "acpi_test");
    const char *sig = write_table(d.dir, pa, lay);
    snprintf(cmd, sizeof cmd, "cd %s && iasl -d %s.dat >iasl.log 2>&1", d.dir, sig);
    cr_assert_eq(system(cmd), 0, "%s failed (see %s/iasl.log)", cmd, d.dir);
    snprintf(dsl, sizeof dsl, "%s/%s.dsl", d.dir, sig);
    d.text = read_text(dsl);
    return d;
}

static void dsl_free(Dsl *d)
{
    scratch_remove(d->dir);
    free(d->text);
}

static void expect_text(const char *text, const char *want)
{
    cr_assert_not_null(strstr(text, want), "the disassembly lacks \"%s\"", want);
}

/* The value iasl prints for a data-table field: the text after " : " on
 * the first line naming the field, at or after `from`. */
static const char *dsl_field(const char *text, const char *from, const char *field, char *out, size_t n)
{
    char key[80];
    const char *p = from ? strstr(text, from) : text;
    cr_assert_not_null(p, "the disassembly lacks \"%s\"", from);
    snprintf(key, sizeof key, " %s : ", field);
    p = strstr(p, key);
    cr_assert_not_null(p, "the disassembly lacks field \"%s\"", field);
    p += strlen(key);
    size_t len = strcspn(p, " \n");
    cr_assert_lt(len, n);
    memcpy(out, p, len);
    out[len] = 0;
    return out;
}

static void expect_field(const char *text, const char *from, const char *field, const char *want)
{
    char v[64];
    dsl_field(text, from, field, v, sizeof v);
    cr_assert_str_eq(v, want, "%s%s%s: %s, want %s", from ? from : "", from ? " / " : "", field, v,
                     want);
}

Test(acpi_iasl, dsdt_declares_the_devices_and_s5)
{
    AcpiConfig cfg = config(2, 3);
    AcpiLayout lay = build(&cfg);
    Dsl d = disassemble(lay.dsdt, &lay);

    expect_text(d.text, "DefinitionBlock (\"\", \"DSDT\", 2, \"XRUN  \", \"XRUNMVM \", 0x00000001)");
    expect_text(d.text, "Scope (\\_SB)");
    expect_text(d.text, "Device (COM1)");
    expect_text(d.text, "Name (_HID, EisaId (\"PNP0501\")");
    expect_text(d.text, "IO (Decode16,\n                    0x03F8,             // Range Minimum\n"
                        "                    0x03F8,             // Range Maximum");
    expect_text(d.text, "Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive, ,, )\n"
                        "                {\n                    0x00000004,");
    expect_text(d.text, "Device (GED)");
    expect_text(d.text, "Name (_HID, \"ACPI0013\"");
    /* The GED's _CRS is its interrupt alone (what Linux's evged accepts). */
    expect_text(d.text, "Device (GED)\n        {\n            Name (_HID, \"ACPI0013\" /* Generic Event Device */)"
                        "  // _HID: Hardware ID\n            Name (_UID, Zero)  // _UID: Unique ID\n"
                        "            Name (_CRS, ResourceTemplate ()  // _CRS: Current Resource Settings\n"
                        "            {\n"
                        "                Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive, ,, )\n"
                        "                {\n"
                        "                    0x00000009,\n"
                        "                }\n"
                        "            })\n"
                        "            Method (_EVT, 1, NotSerialized)");
    cr_assert_null(strstr(d.text, "0xFEA00000"), "no GED registers in the DSDT");
    for (unsigned i = 0; i < 3; i++) {
        char want[200];
        snprintf(want, sizeof want,
                 "Device (VR%02u)\n        {\n            Name (_HID, \"LNRO0005\")", i);
        expect_text(d.text, want);
        snprintf(want, sizeof want, "Memory32Fixed (ReadWrite,\n                    0x%08X,",
                 vio[i].base);
        expect_text(d.text, want);
        snprintf(want, sizeof want,
                 "Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive, ,, )\n"
                 "                {\n                    0x%08X,", vio[i].gsi);
        expect_text(d.text, want);
    }
    cr_assert_null(strstr(d.text, "Device (VR03)"), "only three transports");
    expect_text(d.text, "Name (\\_S5, Package (0x04)");
    expect_text(d.text, "    {\n        0x05, \n        Zero, \n        Zero, \n        Zero\n    })");
    dsl_free(&d);
}

Test(acpi_iasl, dsdt_without_uart_and_its_disassembly_recompiles)
{
    AcpiConfig cfg = config(1, 1);
    cfg.uart_port = 0;
    AcpiLayout lay = build(&cfg);
    Dsl d = disassemble(lay.dsdt, &lay);
    char cmd[300];

    cr_assert_null(strstr(d.text, "COM1"), "no UART asked for");
    expect_text(d.text, "Device (VR00)");
    /* The disassembly compiles back without errors or warnings. */
    snprintf(cmd, sizeof cmd, "cd %s && iasl DSDT.dsl >compile.log 2>&1 && "
             "grep -q 'Compilation successful. 0 Errors, 0 Warnings' compile.log", d.dir);
    cr_assert_eq(system(cmd), 0, "recompiling the DSDT failed (see %s/compile.log)", d.dir);
    dsl_free(&d);
}

Test(acpi_iasl, fadt_fields)
{
    AcpiConfig cfg = config(2, 1);
    AcpiLayout lay = build(&cfg);
    Dsl d = disassemble(lay.fadt, &lay);
    char addr[32];

    expect_field(d.text, NULL, "Revision", "06");
    expect_field(d.text, NULL, "Table Length", "00000114");
    expect_field(d.text, NULL, "Hardware Reduced (V5)", "1");
    expect_field(d.text, NULL, "Reset Register Supported (V2)", "1");
    expect_field(d.text, NULL, "SCI Interrupt", "0000");
    expect_field(d.text, NULL, "PM1A Control Block Address", "00000000");
    expect_field(d.text, NULL, "CMOS RTC Not Present (V5)", "1");
    expect_field(d.text, NULL, "Value to cause reset", "42");
    expect_field(d.text, "Reset Register :", "Space ID", "00");
    expect_field(d.text, "Reset Register :", "Bit Width", "08");
    expect_field(d.text, "Reset Register :", "Address", "00000000FEA00002");
    expect_field(d.text, "Sleep Control Register :", "Address", "00000000FEA00000");
    expect_field(d.text, "Sleep Control Register :", "Encoded Access Width", "01");
    expect_field(d.text, "Sleep Status Register :", "Address", "00000000FEA00001");
    snprintf(addr, sizeof addr, "%016llX", (unsigned long long)lay.dsdt);
    expect_field(d.text, "FADT Minor Revision", "DSDT Address", addr);
    dsl_free(&d);
}

Test(acpi_iasl, madt_fields)
{
    AcpiConfig cfg = config(4, 0);
    AcpiLayout lay = build(&cfg);
    Dsl d = disassemble(lay.madt, &lay);
    unsigned n = 0;

    expect_field(d.text, NULL, "Local Apic Address", "FEE00000");
    expect_field(d.text, NULL, "PC-AT Compatibility", "1");
    for (const char *p = d.text; (p = strstr(p, "[Processor Local APIC]")); p++)
        n++;
    cr_assert_eq(n, 4, "%u local APIC entries", n);
    expect_field(d.text, "[Processor Local APIC]", "Processor Enabled", "1");
    expect_field(d.text, "[I/O APIC]", "Address", "FEC00000");
    expect_field(d.text, "[I/O APIC]", "Interrupt", "00000000");
    expect_field(d.text, "[Interrupt Source Override]", "Interrupt", "00000002");
    expect_field(d.text, "[Local APIC NMI]", "Interrupt Input LINT", "01");
    dsl_free(&d);
}

/* ACPICA, the interpreter Linux uses, loads the FADT, MADT and DSDT (as
 * acpiexec, from acpica-tools) and evaluates the objects Linux reads. */
Test(acpi_iasl, acpiexec_loads_the_tables_and_evaluates_them)
{
    AcpiConfig cfg = config(2, 2);
    AcpiLayout lay = build(&cfg);
    hwaddr tables[] = { lay.fadt, lay.madt, lay.dsdt };
    char dir[64], cmd[1024], log[128];
    int n;

    require_tool("acpiexec");
    scratch_dir(dir, sizeof dir, "acpi_test");
    n = snprintf(cmd, sizeof cmd, "cd %s && timeout 60 acpiexec -b '"
                 "evaluate \\_S5; evaluate \\_SB.COM1._HID; evaluate \\_SB.VR01._CRS; "
                 "evaluate \\_SB.GED._EVT 9' ", dir);
    for (size_t i = 0; i < XR_ARRAY_SIZE(tables); i++)
        n += snprintf(cmd + n, sizeof cmd - (size_t)n, "%s.dat ", write_table(dir, tables[i], &lay));
    snprintf(cmd + n, sizeof cmd - (size_t)n, ">acpiexec.log 2>&1");
    snprintf(log, sizeof log, "%s/acpiexec.log", dir);
    cr_assert_eq(system(cmd), 0, "%s failed (see %s)", cmd, log);

    char *text = read_text(log);
    expect_text(text, "ACPI: FACP");
    expect_text(text, "(v06 XRUN   XRUNMVM  00000001 XRUN 00000001)");
    expect_text(text, "ACPI: APIC");
    expect_text(text, "  [Package] Contains 4 Elements:\n    [Integer] = 0000000000000005");
    expect_text(text, "[Integer] = 000000000105D041");
    expect_text(text, "0000: 86 09 00 01 00 02 B0 FE 00 02 00 00 89 06 00 01");
    expect_text(text, "No object was returned from evaluation of \\_SB.GED._EVT");
    cr_assert_null(strstr(text, "rror"), "acpiexec reports an error (see %s)", log);
    cr_assert_null(strstr(text, "arning"), "acpiexec warns (see %s)", log);
    cr_assert_null(strstr(text, "AE_"), "acpiexec reports an exception (see %s)", log);
    free(text);
    scratch_remove(dir);
}

/* -- The generic event device -- */

static void ged_wr(Ged *g, hwaddr off, uint64_t v, unsigned size) { ged_ops.write(g, off, v, size); }

Test(ged, s5_with_slp_en_powers_off)
{
    Ged *g = ged_new();
    ged_wr(g, GED_SLEEP_STS, GED_WAK_STS, 1);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    ged_wr(g, GED_SLEEP_CTL, GED_SLP_TYP_S5 << GED_SLP_TYP_SHIFT | GED_SLP_EN, 1);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_POWEROFF);
    ged_free(g);
}

Test(ged, reset_value_resets)
{
    Ged *g = ged_new();
    ged_wr(g, GED_RESET, GED_RESET_VALUE, 1);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
    ged_free(g);
}

Test(ged, sleep_type_without_slp_en_does_nothing)
{
    Ged *g = ged_new();
    unsigned long errors = dev_guest_error_count;
    ged_wr(g, GED_SLEEP_CTL, GED_SLP_TYP_S5 << GED_SLP_TYP_SHIFT, 1);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    cr_assert_eq(dev_guest_error_count, errors);
    ged_free(g);
}

Test(ged, other_sleep_types_are_refused_and_wake_at_once)
{
    Ged *g = ged_new();
    unsigned long errors = dev_guest_error_count;
    cr_assert_eq(ged_ops.read(g, GED_SLEEP_STS, 1), 0);
    ged_wr(g, GED_SLEEP_CTL, 3 << GED_SLP_TYP_SHIFT | GED_SLP_EN, 1);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    cr_assert_eq(dev_guest_error_count, errors + 1);
    cr_assert_eq(ged_ops.read(g, GED_SLEEP_STS, 1), GED_WAK_STS, "WAK_STS set");
    ged_wr(g, GED_SLEEP_STS, GED_WAK_STS, 1);
    cr_assert_eq(ged_ops.read(g, GED_SLEEP_STS, 1), 0, "WAK_STS is write-1-to-clear");
    ged_free(g);
}

Test(ged, bad_writes_are_logged_and_ignored)
{
    Ged *g = ged_new();
    unsigned long errors = dev_guest_error_count;
    ged_wr(g, GED_RESET, GED_RESET_VALUE + 1, 1);
    ged_wr(g, GED_RESET, GED_RESET_VALUE, 4);
    ged_wr(g, GED_SLEEP_CTL, GED_SLP_TYP_S5 << GED_SLP_TYP_SHIFT | GED_SLP_EN, 2);
    ged_wr(g, 0x08, 0xff, 1);
    ged_wr(g, 0x1000, 0xff, 1);
    cr_assert_eq(ged_ops.read(g, 0x0f, 1), 0);
    cr_assert_eq(ged_ops.read(g, GED_SLEEP_STS, 8), 0);
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_NONE);
    cr_assert_eq(dev_guest_error_count, errors + 7);
    ged_free(g);
}

/* What Linux does: the sleep type from the DSDT's \_S5 package written with
 * SLP_EN to the FADT's sleep control register, through the memory map. */
Test(ged, fadt_sleep_register_and_s5_package_power_off)
{
    AcpiConfig cfg = config(1, 0);
    AcpiLayout lay = build(&cfg);
    const uint8_t *f = table_at(lay.fadt, &lay);
    const uint8_t *dsdt = table_at(lay.dsdt, &lay);
    static const uint8_t s5[] = { 0x08, 0x5c, '_', 'S', '5', '_', 0x12 };
    const uint8_t *p = memmem(dsdt, le32(dsdt + 4), s5, sizeof s5);
    cr_assert_not_null(p, "Name (\\_S5, Package ...) in the DSDT");
    /* PackageOp PkgLength NumElements, then SLP_TYPa as a BytePrefix. */
    cr_assert_eq(p[9], 0x0a);
    uint8_t slp_typ = p[10];

    Ged *g = ged_new();
    mem_add_io(cfg.ged_base, GED_MMIO_SIZE, &ged_ops, g, "ged");
    cr_assert(mem_write(le64(f + 244 + 4), 1, (uint64_t)(slp_typ << 2 | 1 << 5)));
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_POWEROFF);
    mem_reset();
    ged_free(g);
}

Test(ged, fadt_reset_register_resets)
{
    AcpiConfig cfg = config(1, 0);
    AcpiLayout lay = build(&cfg);
    const uint8_t *f = table_at(lay.fadt, &lay);

    Ged *g = ged_new();
    mem_add_io(cfg.ged_base, GED_MMIO_SIZE, &ged_ops, g, "ged");
    cr_assert(mem_write(le64(f + 116 + 4), 1, f[128]));
    cr_assert_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
    mem_reset();
    ged_free(g);
}
