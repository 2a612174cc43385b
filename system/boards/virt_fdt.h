/*
 * The flattened device tree of the arm `virt` board.
 *
 * Linux learns the whole machine from this tree: RAM, CPUs and how to start
 * them (PSCI), the GICv2, the generic timer, the PL011 and PL031 and the 32
 * virtio-mmio transports. Every node and property is the one qemu's `virt`
 * machine (7.2) emits for the same options, with the same phandle numbers,
 * so a kernel sees the same machine under xrun as under qemu-system-arm.
 * qemu's PCIe host, flash, fw-cfg, GPIO and GICv2m nodes are left out:
 * xrun's board has none of those devices.
 *
 *     VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 512 << 20,
 *                       .ncpus = 2, .cpu_compatible = "arm,cortex-a15",
 *                       .bootargs = "console=ttyAMA0" };
 *     char err[256];
 *     size_t size;
 *     void *fdt = virt_fdt_build(&d, &size, err, sizeof err);
 *
 * The virtio-mmio nodes appear lowest address first, as in qemu's tree, so
 * Linux probes slot 0 (0x0a000000) first. qemu puts the first -device of
 * the command line in the highest slot (31, 0x0a003e00); a board that does
 * the same gets the same vda, vdb... naming as qemu.
 *
 * A user's -dtb file replaces the generated tree: virt_fdt_load_file reads
 * and checks it, then sets /memory's reg, /chosen's bootargs and the initrd
 * bounds in it, which is what qemu changes in a user tree.
 *
 * Trees are returned packed (no free space), in memory from malloc.
 */
#ifndef XRUN_SYSTEM_VIRT_FDT_H
#define XRUN_SYSTEM_VIRT_FDT_H

#include <stddef.h>
#include <stdint.h>

/* -- The virt memory map and interrupt numbers (qemu's) -- */

#define VIRT_GIC_DIST_BASE    0x08000000u
#define VIRT_GIC_CPU_BASE     0x08010000u
#define VIRT_GIC_REGION_SIZE  0x00010000u
#define VIRT_UART_BASE        0x09000000u
#define VIRT_RTC_BASE         0x09010000u
#define VIRT_PRIMECELL_SIZE   0x00001000u
#define VIRT_MMIO_BASE        0x0a000000u
#define VIRT_MMIO_STRIDE      0x00000200u
#define VIRT_MMIO_COUNT       32
#define VIRT_RAM_BASE         0x40000000u

/* SPI numbers (GIC interrupt ID minus 32). */
#define VIRT_UART_SPI         1
#define VIRT_RTC_SPI          2
#define VIRT_MMIO_SPI_FIRST   16   /* slot n uses SPI 16 + n */

/* PPI numbers (GIC interrupt ID minus 16) of the generic timer. */
#define VIRT_TIMER_PPI_SECURE     13
#define VIRT_TIMER_PPI_NONSECURE  14
#define VIRT_TIMER_PPI_VIRT       11
#define VIRT_TIMER_PPI_HYP        10

/* The GICv2 serves at most 8 CPUs. */
#define VIRT_MAX_CPUS         8

/* PSCI 0.2+ function ids (SMC32 calling convention). The tree names the
 * last four; Linux asks for the version first, over the "hvc" conduit. */
#define VIRT_PSCI_FN_VERSION      0x84000000u
#define VIRT_PSCI_FN_CPU_SUSPEND  0x84000001u
#define VIRT_PSCI_FN_CPU_OFF      0x84000002u
#define VIRT_PSCI_FN_CPU_ON       0x84000003u
#define VIRT_PSCI_FN_MIGRATE      0x84000005u

/* The APB clock the PL011 and PL031 nodes name (qemu's 24 MHz). */
#define VIRT_APB_PCLK_HZ      24000000u

typedef struct VirtFdtDesc {
    uint64_t ram_base;          /* VIRT_RAM_BASE on virt */
    uint64_t ram_size;          /* bytes, > 0 */
    unsigned ncpus;             /* 1..VIRT_MAX_CPUS */
    const char *cpu_compatible; /* "arm,cortex-a15" or "arm,cortex-a7"; NULL: a15 */
    const char *bootargs;       /* kernel command line; NULL or "": none */
    /* Guest physical bounds of the initrd, end exclusive; both 0 without one. */
    uint64_t initrd_start, initrd_end;
} VirtFdtDesc;

/* Builds the virt tree for d. Returns a malloc'd blob and its size, or NULL
 * with a one-line message in err (a bad description). The /chosen node gets
 * fresh random rng-seed and kaslr-seed values, as qemu gives. */
void *virt_fdt_build(const VirtFdtDesc *d, size_t *size, char *err, size_t errlen);

/* Reads the device tree file path (a user's -dtb), checks it is a whole,
 * well-formed blob, and sets in it /memory's reg to d's RAM, /chosen's
 * bootargs (when d has any) and linux,initrd-start/end (when d has an
 * initrd). d->ncpus and cpu_compatible are not used. Returns a malloc'd
 * blob and its size, or NULL with a one-line message naming the file. */
void *virt_fdt_load_file(const char *path, const VirtFdtDesc *d, size_t *size,
                         char *err, size_t errlen);

#endif
