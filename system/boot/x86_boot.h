/*
 * Direct Linux boot of an x86_64 guest by the 64-bit boot protocol
 * (Documentation/arch/x86/boot.rst): a bzImage or an uncompressed ELF
 * vmlinux, an initrd, a command line, a "zero page" (struct boot_params)
 * with the e820 memory map, identity-mapped page tables and a GDT, and the
 * boot CPU's entry state as plain values. It knows no accelerator: KVM turns
 * the state into kvm_regs/kvm_sregs, a translator into its CPU state.
 *
 *     X86BootConfig cfg = {
 *         .kernel = "vmlinuz", .initrd = "initrd.img", .cmdline = "console=ttyS0",
 *         .ram = host, .ram_size = ram_size, .acpi_rsdp_addr = rsdp,
 *     };
 *     X86BootState st;
 *     char err[256];
 *     if (!x86_boot_load(&cfg, &st, err, sizeof err)) {
 *         fprintf(stderr, "xrun-system-x86_64: %s\n", err);
 *         return 1;
 *     }
 *     // CPU 0: rip = st.rip, rsi = st.rsi, rsp = st.rsp, other registers
 *     // 0, rflags = st.rflags (interrupts off), long mode with
 *     // st.cr0/cr3/cr4/efer, GDTR st.gdt_base/gdt_limit, IDTR 0/0 and the
 *     // segments st.cs..st.ldt. The other CPUs wait for the kernel's
 *     // INIT/SIPI.
 *
 * Guest physical memory, for a RAM size of R (x86_boot_ram_regions):
 *
 *     [0, min(R, 3 GiB))            RAM, host offset 0
 *     [3 GiB, 4 GiB)                MMIO hole: virtio-mmio, IOAPIC, LAPIC
 *     [4 GiB, 4 GiB + R - 3 GiB)    the RAM above 3 GiB, host offset 3 GiB
 *
 * What the loader writes into RAM:
 *
 *     0x00500   GDT: null, null, code 0x10, data 0x18, TSS 0x20 (16 bytes)
 *     0x00580   the TSS the TR describes (zero)
 *     0x07000   boot_params
 *     0x08ff0   initial stack pointer (the kernel sets its own at once)
 *     0x09000   PML4; 0x0a000 PDPT; 0x0b000-0x0efff four page directories
 *               mapping [0, 4 GiB) to itself with 2 MiB pages
 *     0x20000   the command line, NUL-terminated
 *     bzImage:  the protected-mode part at pref_address (relocatable
 *               kernels; 1 MiB for others); the kernel then needs
 *               [pref_address, pref_address + init_size)
 *     ELF:      each PT_LOAD segment at its physical address
 *     initrd:   page-aligned, as high as initrd_addr_max and the RAM below
 *               3 GiB allow, above the kernel's area
 *
 * e820: RAM [0, 0x9fc00), reserved [0x9fc00, 1 MiB) (the board's ACPI
 * tables live in 0xe0000-0xfffff), RAM [1 MiB, low end), RAM from 4 GiB
 * when R > 3 GiB, and the caller's extra ranges.
 */
#ifndef XRUN_SYSTEM_X86_BOOT_H
#define XRUN_SYSTEM_X86_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fixed low addresses of the boot data. */
#define X86_BOOT_GDT_ADDR 0x500u
#define X86_BOOT_TSS_ADDR 0x580u
#define X86_BOOT_PARAMS_ADDR 0x7000u
#define X86_BOOT_STACK_TOP 0x8ff0u
#define X86_BOOT_PML4_ADDR 0x9000u
#define X86_BOOT_PDPT_ADDR 0xa000u
#define X86_BOOT_PD_ADDR 0xb000u /* four directories, 4 KiB each */
#define X86_BOOT_CMDLINE_ADDR 0x20000u
#define X86_BOOT_CMDLINE_MAX 0x10000u /* room at CMDLINE_ADDR, NUL included */

/* GDT selectors the 64-bit boot protocol asks for (__BOOT_CS, __BOOT_DS). */
#define X86_BOOT_CS 0x10u
#define X86_BOOT_DS 0x18u
#define X86_BOOT_TR 0x20u

/* The guest physical layout of RAM. */
#define X86_LOWMEM_MAX 0xc0000000ull    /* RAM below the MMIO hole: 3 GiB */
#define X86_HIGHMEM_BASE 0x100000000ull /* where the rest of RAM resumes */
#define X86_EBDA_START 0x9fc00ull       /* end of the usable RAM below 1 MiB */

/* e820 types (the kernel's E820_TYPE_*). */
enum {
    X86_E820_RAM = 1,
    X86_E820_RESERVED = 2,
    X86_E820_ACPI = 3,
    X86_E820_NVS = 4,
};
/* boot_params holds at most this many e820 entries. */
#define X86_E820_MAX 128

typedef struct X86E820Entry {
    uint64_t addr, size;
    uint32_t type;
} X86E820Entry;

/* One stretch of guest RAM and where it sits in the host buffer. */
typedef struct X86RamRegion {
    uint64_t guest_addr, host_offset, size;
} X86RamRegion;

typedef struct X86BootConfig {
    const char *kernel;      /* -kernel: bzImage or ELF64 x86_64 vmlinux */
    const char *initrd;      /* -initrd, or NULL */
    const char *cmdline;     /* -append, or NULL for an empty one */
    uint8_t *ram;            /* host memory of RAM, laid out as x86_boot_ram_regions says */
    uint64_t ram_size;       /* bytes */
    uint64_t acpi_rsdp_addr; /* boot_params.acpi_rsdp_addr, 0 for none */
    /* Ranges added to the e820 map (the board's reservations). */
    const X86E820Entry *e820_extra;
    size_t e820_nextra;
    /* The kernel and initrd may be mapped from their files over ram
     * (MAP_FIXED, copy-on-write) instead of read into it: ram must then
     * be a page-aligned mapping of its own (mmap), not heap memory. */
    bool map_files;
} X86BootConfig;

typedef enum X86KernelFormat {
    X86_KERNEL_BZIMAGE,
    X86_KERNEL_ELF,
} X86KernelFormat;

/* A segment register as the CPU holds it after loading a descriptor: limit
 * in bytes minus one (already scaled by g), type the 4-bit descriptor
 * type. unusable marks a null selector's register (KVM's flag). */
typedef struct X86Segment {
    uint64_t base;
    uint32_t limit;
    uint16_t selector;
    uint8_t type, present, dpl, db, s, l, g, avl, unusable;
} X86Segment;

/* What the bzImage setup header says (boot protocol 2.12 or later). */
typedef struct X86SetupInfo {
    uint16_t version;     /* 0x020f for 2.15 */
    unsigned setup_sects; /* 512-byte sectors after the boot sector (0 read as 4) */
    uint64_t setup_size;  /* (setup_sects + 1) * 512: file offset of the kernel */
    uint64_t kernel_size; /* syssize * 16: the protected-mode part */
    uint8_t loadflags, relocatable;
    uint16_t xloadflags;
    uint32_t kernel_alignment, init_size, cmdline_size, initrd_addr_max;
    uint64_t pref_address;
    unsigned header_end; /* 0x202 + the byte at 0x201: end of the header */
} X86SetupInfo;

typedef struct X86BootState {
    /* The boot CPU. General registers not named here are 0. */
    uint64_t rip; /* 64-bit entry: startup_64 */
    uint64_t rsi; /* boot_params */
    uint64_t rsp;
    uint64_t rflags; /* 0x2: interrupts off */
    uint64_t cr0, cr3, cr4, efer;
    uint64_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit;
    X86Segment cs, ds, es, fs, gs, ss, tr, ldt;

    /* What was loaded, and where. */
    X86KernelFormat format;
    uint16_t protocol;                 /* the bzImage's boot protocol version; ELF: 0 */
    uint64_t kernel_load, kernel_size; /* the image bytes placed in RAM */
    uint64_t kernel_end; /* end of the memory the kernel needs (init_size, or the segments) */
    uint64_t pvh_entry;  /* ELF: XEN_ELFNOTE_PHYS32_ENTRY, 0 when absent */
    uint64_t initrd_start, initrd_size; /* initrd_size 0: none */
    uint64_t cmdline_addr, cmdline_len; /* length without the NUL */
    uint64_t boot_params_addr;
    unsigned e820_entries;
} X86BootState;

/* Where RAM of ram_size bytes lies in guest physical space and in the host
 * buffer: one region, or two when RAM passes 3 GiB. Returns the count. */
unsigned x86_boot_ram_regions(uint64_t ram_size, X86RamRegion out[2]);

/* The e820 map for ram_size bytes of RAM plus the nextra extra ranges,
 * sorted by address, into out (max entries). Returns the count, or -1 with
 * a message when an extra range is empty or wraps, or the map does not fit. */
int x86_boot_e820(uint64_t ram_size, const X86E820Entry *extra, size_t nextra, X86E820Entry *out,
                  size_t max, char *err, size_t errlen);

/* Checks a bzImage's setup header in the first len bytes of the file (at
 * least its setup sectors). path names the file in the message. */
bool x86_boot_parse_setup(const uint8_t *image, uint64_t len, uint64_t file_size, const char *path,
                          X86SetupInfo *si, char *err, size_t errlen);

/* Loads the kernel, initrd and command line of cfg into cfg->ram, writes
 * boot_params, the page tables and the GDT, and fills st with the boot
 * CPU's 64-bit entry state. On failure returns false with a one-line
 * message in err naming the file and the problem; RAM may then hold a
 * partial load. */
bool x86_boot_load(const X86BootConfig *cfg, X86BootState *st, char *err, size_t errlen);

#endif
