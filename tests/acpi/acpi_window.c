/*
 * Writes the microvm board's ACPI tables, as acpi_build_tables places them
 * in a window, to a file: tests/acpi/linux.sh loads it into a qemu microvm
 * and boots Debian's amd64 kernel on it.
 *
 *     acpi_window OUT BASE NCPUS GED_BASE GED_GSI VIRTIO_GSI0
 *
 * The tables describe COM1 (0x3f8, GSI 4), eight virtio-mmio transports at
 * qemu microvm's addresses (0xfeb00000 + 0x200 n, GSI VIRTIO_GSI0 + n) and
 * the generic event device's registers at GED_BASE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/hw/acpi/acpi_tables.h"

#define WINDOW_SIZE 0x10000
#define NVIRTIO     8

/* One number argument (any base strtoull reads), or -1 with a message. */
static int parse_num(const char *s, const char *what, unsigned long long max, unsigned long long *v)
{
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 0);
    if (errno || *end || end == s || *v > max) {
        fprintf(stderr, "acpi_window: %s '%s' is not a number up to 0x%llx\n", what, s, max);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static uint8_t win[WINDOW_SIZE];
    unsigned long long base, ncpus, ged_base, ged_gsi, gsi0;
    AcpiMmioDev vio[NVIRTIO];
    AcpiLayout lay;
    char err[256];

    if (argc != 7) {
        fprintf(stderr, "usage: acpi_window OUT BASE NCPUS GED_BASE GED_GSI VIRTIO_GSI0\n");
        return 2;
    }
    if (parse_num(argv[2], "BASE", 0xffffffffull, &base) < 0 ||
        parse_num(argv[3], "NCPUS", ACPI_MAX_CPUS, &ncpus) < 0 ||
        parse_num(argv[4], "GED_BASE", 0xffffffffull, &ged_base) < 0 ||
        parse_num(argv[5], "GED_GSI", 255, &ged_gsi) < 0 ||
        parse_num(argv[6], "VIRTIO_GSI0", 255, &gsi0) < 0)
        return 2;
    for (unsigned i = 0; i < NVIRTIO; i++)
        vio[i] = (AcpiMmioDev){ 0xfeb00000u + 0x200u * i, 0x200, (uint32_t)gsi0 + i };

    AcpiConfig cfg = { .ncpus = (unsigned)ncpus, .ioapic_id = 0, .ioapic_addr = ACPI_IOAPIC_ADDR,
                       .pic = true, .uart_port = 0x3f8, .uart_gsi = 4, .virtio = vio,
                       .nvirtio = NVIRTIO, .ged_base = (uint32_t)ged_base,
                       .ged_gsi = (uint32_t)ged_gsi };
    if (acpi_build_tables(&cfg, base, win, sizeof win, &lay, err, sizeof err) < 0) {
        fprintf(stderr, "acpi_window: %s\n", err);
        return 1;
    }
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(win, 1, lay.len, f) != lay.len || fclose(f) != 0) {
        fprintf(stderr, "acpi_window: cannot write %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    return 0;
}
