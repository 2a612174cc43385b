/*
 * Direct Linux boot of a 32-bit ARM guest with a device tree, placed as
 * qemu's arm boot code places it.
 *
 *     ArmBootConfig cfg = {
 *         .kernel = "vmlinuz", .initrd = "initrd.img", .dtb = NULL,
 *         .ram_base = VIRT_RAM_BASE, .ram_size = ram_size, .ram = host,
 *         .fdt = { .ncpus = 2, .cpu_compatible = "arm,cortex-a15",
 *                  .bootargs = "console=ttyAMA0" },
 *     };
 *     ArmBootState st;
 *     char err[256];
 *     if (!arm_boot_load(&cfg, &st, err, sizeof err)) {
 *         fprintf(stderr, "xrun-system-arm: %s\n", err);
 *         return 1;
 *     }
 *     // CPU 0: pc = st.pc, r0..r2 = st.r[0..2], SVC mode, IRQ and FIQ
 *     // masked, MMU and caches off. Other CPUs stay powered off until
 *     // the guest starts them with PSCI CPU_ON.
 *
 * The layout of RAM (base = ram_base):
 *
 *     base + 0x10000   the kernel file as is (zImage or raw Image), or the
 *                      output of a gzip-compressed kernel file
 *     base + min(ram_size / 2, 128 MiB), or higher when the kernel reaches
 *                      there: the initrd, 4 KiB aligned
 *     4 KiB above the initrd's end (or at its place without one): the DTB
 *
 * A zImage decompresses the kernel it carries to base + 0x8000; when its
 * header has the decompressed size (kernels since 4.15 do), the initrd and
 * DTB go above that area and the copy of itself the decompressor may make
 * past it, so the decompression cannot overwrite them.
 *
 * The DTB is the generated virt tree (system/boards/virt_fdt.h) or, with
 * cfg.dtb, the user's file with /memory and /chosen set.
 */
#ifndef XRUN_SYSTEM_ARM_BOOT_H
#define XRUN_SYSTEM_ARM_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/boards/virt_fdt.h"

/* Where qemu loads a 32-bit kernel, from the start of RAM. */
#define ARM_BOOT_KERNEL_OFFSET 0x10000u
/* r1 at entry: the "machine type" that says the boot is by device tree. */
#define ARM_BOOT_DT_MACHINE    0xffffffffu

typedef struct ArmBootConfig {
    const char *kernel;  /* -kernel: zImage, gzip-compressed kernel or raw Image */
    const char *initrd;  /* -initrd, or NULL */
    const char *dtb;     /* -dtb, or NULL for the generated virt tree */
    uint64_t ram_base;   /* guest physical address of RAM */
    uint64_t ram_size;   /* bytes */
    uint8_t *ram;        /* host memory of the whole RAM */
    /* The board's tree description. ram_base/ram_size and the initrd bounds
     * are filled in from the fields above; bootargs is the command line. */
    VirtFdtDesc fdt;
} ArmBootConfig;

typedef enum ArmKernelFormat {
    ARM_KERNEL_ZIMAGE,
    ARM_KERNEL_IMAGE,       /* raw Image, loaded as is */
} ArmKernelFormat;

typedef struct ArmBootState {
    uint32_t pc;            /* kernel entry */
    uint32_t r[3];          /* r0 = 0, r1 = ARM_BOOT_DT_MACHINE, r2 = DTB address */
    uint32_t cpsr;          /* SVC mode, A, I and F masked, ARM state */
    ArmKernelFormat format; /* what the kernel file held (after gunzip) */
    bool gzipped;           /* the kernel file was gzip-compressed */
    uint64_t kernel_start, kernel_size; /* as loaded in RAM */
    uint64_t kernel_end;    /* end of the kernel's decompression area */
    uint64_t initrd_start, initrd_size; /* initrd_size 0: none */
    uint64_t dtb_start, dtb_size;
} ArmBootState;

/* Loads the kernel, the initrd and the device tree of cfg into cfg->ram and
 * fills st with the entry state of the boot CPU. On failure returns false
 * with a one-line message in err naming the file and the problem (missing
 * file, not a kernel, corrupt gzip data, kernel or initrd larger than RAM,
 * corrupt -dtb); RAM may then hold a partial load. */
bool arm_boot_load(const ArmBootConfig *cfg, ArmBootState *st, char *err, size_t errlen);

#endif
