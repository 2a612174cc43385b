/*
 * The x86_64 direct kernel boot (see x86_boot.h for the layout): the kernel
 * file, initrd and command line placed in guest RAM, the zero page filled
 * in, and the boot CPU put in long mode at the kernel's 64-bit entry.
 *
 * A bzImage is a boot sector and real-mode setup code followed by the
 * protected-mode kernel; the setup header in the boot sector says how to
 * load it. The fields read here (offsets from the start of the file):
 *
 *     0x1f1  u8   setup_sects       setup code sectors after the boot sector (0 means 4)
 *     0x1f4  u32  syssize           protected-mode part, in 16-byte units
 *     0x1fe  u16  boot_flag         0xaa55
 *     0x201  u8                     jump offset: the header ends at 0x202 + this
 *     0x202  u32  header            "HdrS"
 *     0x206  u16  version           boot protocol, 0x020c for 2.12
 *     0x211  u8   loadflags         bit 0 LOADED_HIGH: loaded at 1 MiB or above
 *     0x22c  u32  initrd_addr_max   highest address the initrd may occupy
 *     0x230  u32  kernel_alignment  alignment a relocatable kernel needs
 *     0x234  u8   relocatable_kernel
 *     0x236  u16  xloadflags        bit 0 XLF_KERNEL_64: has the 64-bit entry at +0x200
 *     0x238  u32  cmdline_size      longest command line, without the NUL
 *     0x258  u64  pref_address      where the kernel wants to run
 *     0x260  u32  init_size         memory it needs from there until it reads e820
 *
 * An ELF vmlinux is loaded by its PT_LOAD segments at their physical
 * addresses and entered at e_entry (Linux links it with the physical
 * address of startup_64 there); a setup header is made up for it.
 */
#include "system/boot/x86_boot.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MiB (1024ull * 1024)
#define PAGE_SIZE 4096ull

/* Setup header offsets, in the file and in boot_params alike. */
#define HDR_START 0x1f1
#define HDR_SETUP_SECTS 0x1f1
#define HDR_SYSSIZE 0x1f4
#define HDR_BOOT_FLAG 0x1fe
#define HDR_JUMP_LEN 0x201
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGN 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_XLOADFLAGS 0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260
#define HDR_END_2_12 0x268 /* protocol 2.12's last field ends here */
#define HDR_END_MAX 0x290  /* boot_params has room up to here */

#define BOOT_FLAG 0xaa55u
#define HDR_MAGIC_LE 0x53726448u /* "HdrS" */
#define PROTOCOL_MIN 0x020cu
#define LOADED_HIGH 0x01u
#define XLF_KERNEL_64 0x0001u
#define LOADER_UNDEFINED 0xffu /* type_of_loader of a loader with no assigned id */

/* boot_params fields outside the setup header (zero-page.rst). */
#define BP_ACPI_RSDP 0x070
#define BP_E820_ENTRIES 0x1e8
#define BP_E820_TABLE 0x2d0
#define BP_SIZE 0x1000

/* What is made up for an ELF vmlinux, which has no setup header: protocol
 * 2.15 with the limits of a 64-bit kernel (COMMAND_LINE_SIZE 2048). */
#define ELF_PROTOCOL 0x020fu
#define ELF_INITRD_ADDR_MAX 0x7fffffffu
#define ELF_CMDLINE_SIZE 2047u
#define ELF_KERNEL_ALIGN 0x200000u

/* An ELF note holding the 32-bit PVH entry point, in a "Xen" note. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

/* The 64-bit entry of a bzImage, from its load address. */
#define BZ_ENTRY_64 0x200u
/* A non-relocatable kernel is loaded where the classic protocol puts it. */
#define BZ_LOAD_LOW 0x100000ull
/* The setup code is at most 1 + 255 sectors. */
#define BZ_SETUP_MAX (256 * 512)

#define CR0_PE (1ull << 0)
#define CR0_ET (1ull << 4)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define RFLAGS_FIXED 0x2ull

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull /* in a page directory entry: a 2 MiB page */
#define IDENTITY_GIB 4 /* page directories: one per GiB mapped */

/* GDT: null, null, code, data, then the 16-byte TSS descriptor. */
#define GDT_ENTRIES 6
#define TSS_LIMIT 0x67u

/* The fixed addresses of x86_boot.h must not overlap one another. */
_Static_assert(X86_BOOT_TR + 16 == GDT_ENTRIES * 8, "the TSS descriptor ends the GDT");
_Static_assert(X86_BOOT_GDT_ADDR + GDT_ENTRIES * 8 <= X86_BOOT_TSS_ADDR, "GDT below the TSS");
_Static_assert(X86_BOOT_TSS_ADDR + TSS_LIMIT < X86_BOOT_PARAMS_ADDR, "TSS below boot_params");
_Static_assert(X86_BOOT_PARAMS_ADDR + 0x1000 <= X86_BOOT_STACK_TOP - 0x100, "stack above it");
_Static_assert(X86_BOOT_STACK_TOP <= X86_BOOT_PML4_ADDR, "stack below the page tables");
_Static_assert(X86_BOOT_PD_ADDR + IDENTITY_GIB * 0x1000 <= X86_BOOT_CMDLINE_ADDR,
               "page tables below the command line");
_Static_assert(X86_BOOT_CMDLINE_ADDR + X86_BOOT_CMDLINE_MAX <= X86_EBDA_START,
               "command line in the usable RAM below 1 MiB");

/* The segments as loaded from that GDT: code is execute/read, accessed
 * (type 0xb) and 64-bit (l); data is read/write, accessed (type 0x3); TR is
 * a busy 64-bit TSS (type 0xb), which long mode requires of it. */
static const X86Segment seg_code64 = {.limit = 0xffffffffu, .selector = X86_BOOT_CS, .type = 0xb,
                                      .present = 1, .s = 1, .l = 1, .g = 1};
static const X86Segment seg_data = {.limit = 0xffffffffu, .selector = X86_BOOT_DS, .type = 0x3,
                                    .present = 1, .s = 1, .db = 1, .g = 1};
static const X86Segment seg_tss = {.base = X86_BOOT_TSS_ADDR, .limit = TSS_LIMIT,
                                   .selector = X86_BOOT_TR, .type = 0xb, .present = 1};
static const X86Segment seg_ldt = {.type = 0x2, .unusable = 1};

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* Writes the message into err; returns false for `return fail(...)`. */
static bool fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

/* -- RAM layout and e820 -- */

unsigned x86_boot_ram_regions(uint64_t ram_size, X86RamRegion out[2])
{
    out[0] = (X86RamRegion){
        .guest_addr = 0, .host_offset = 0, .size = min_u64(ram_size, X86_LOWMEM_MAX)};
    if (ram_size <= X86_LOWMEM_MAX)
        return 1;
    out[1] = (X86RamRegion){.guest_addr = X86_HIGHMEM_BASE,
                            .host_offset = X86_LOWMEM_MAX,
                            .size = ram_size - X86_LOWMEM_MAX};
    return 2;
}

static bool e820_add(X86E820Entry *out, size_t max, int *n, uint64_t addr, uint64_t size,
                     uint32_t type, char *err, size_t errlen)
{
    if ((size_t)*n >= max)
        return fail(err, errlen, "the e820 map needs more than %zu entries", max);
    out[(*n)++] = (X86E820Entry){.addr = addr, .size = size, .type = type};
    return true;
}

int x86_boot_e820(uint64_t ram_size, const X86E820Entry *extra, size_t nextra, X86E820Entry *out,
                  size_t max, char *err, size_t errlen)
{
    X86RamRegion r[2];
    unsigned nr = x86_boot_ram_regions(ram_size, r);
    int n = 0;

    /* Below 1 MiB the RAM stops at the EBDA; the rest up to 1 MiB is where
     * PCs keep the BIOS and the board its ACPI tables. */
    if (!e820_add(out, max, &n, 0, min_u64(r[0].size, X86_EBDA_START), X86_E820_RAM, err, errlen) ||
        !e820_add(out, max, &n, X86_EBDA_START, MiB - X86_EBDA_START, X86_E820_RESERVED, err,
                  errlen))
        return -1;
    if (r[0].size > MiB && !e820_add(out, max, &n, MiB, r[0].size - MiB, X86_E820_RAM, err, errlen))
        return -1;
    if (nr > 1 && !e820_add(out, max, &n, r[1].guest_addr, r[1].size, X86_E820_RAM, err, errlen))
        return -1;
    for (size_t i = 0; i < nextra; i++) {
        const X86E820Entry *e = &extra[i];
        if (e->size == 0 || e->addr + e->size < e->addr) {
            fail(err, errlen, "e820 range %zu (0x%llx, 0x%llx bytes) is empty or wraps", i,
                 (unsigned long long)e->addr, (unsigned long long)e->size);
            return -1;
        }
        if (!e820_add(out, max, &n, e->addr, e->size, e->type, err, errlen))
            return -1;
    }
    /* Sorted by address, as a BIOS gives it (insertion sort: a few entries). */
    for (int i = 1; i < n; i++) {
        X86E820Entry e = out[i];
        int j = i;
        for (; j > 0 && out[j - 1].addr > e.addr; j--)
            out[j] = out[j - 1];
        out[j] = e;
    }
    return n;
}

/* -- Files -- */

/* Opens path, a regular file, and gives its size; -1 with a message. */
static int open_file(const char *path, const char *what, uint64_t *size, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        fail(err, errlen, "%s %s: %s", what, path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        fail(err, errlen, "%s %s: %s", what, path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(err, errlen, "%s %s: %s", what, path,
             S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        goto fail;
    }
    *size = (uint64_t)st.st_size;
    return fd;
fail:
    close(fd);
    return -1;
}

/* Reads exactly len bytes at offset off of fd into dst. */
static bool pread_full(int fd, uint8_t *dst, uint64_t len, uint64_t off, const char *what,
                       const char *path, char *err, size_t errlen)
{
    uint64_t got = 0;

    while (got < len) {
        size_t chunk = (size_t)min_u64(len - got, 1u << 30);
        ssize_t n = pread(fd, dst + got, chunk, (off_t)(off + got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            return fail(err, errlen, "%s %s: %s", what, path,
                        n < 0 ? strerror(errno) : "file shrank while being read");
        }
        got += (uint64_t)n;
    }
    return true;
}

/* Puts len bytes at offset off of fd at guest address addr: mapped
 * copy-on-write from the file when cfg->map_files allows and both are
 * page-aligned (the page cache holds them already; nothing is copied or
 * faulted in up front), read otherwise. */
static bool load_at(const X86BootConfig *cfg, int fd, uint64_t addr, uint64_t len, uint64_t off,
                    const char *what, const char *path, char *err, size_t errlen)
{
    uint8_t *dst = cfg->ram + addr;
    uint64_t span = align_up(len, PAGE_SIZE);

    if (cfg->map_files && len && !(addr & (PAGE_SIZE - 1)) && !(off & (PAGE_SIZE - 1)) &&
        mmap(dst, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, (off_t)off) != MAP_FAILED) {
        memset(dst + len, 0, span - len); /* the file's bytes past len */
        return true;
    }
    return pread_full(fd, dst, len, off, what, path, err, errlen);
}

/* -- bzImage -- */

bool x86_boot_parse_setup(const uint8_t *p, uint64_t len, uint64_t file_size, const char *path,
                          X86SetupInfo *si, char *err, size_t errlen)
{
    memset(si, 0, sizeof *si);
    if (len < HDR_MAGIC)
        return fail(err, errlen, "kernel %s: %llu bytes, too short for a bzImage setup header",
                    path, (unsigned long long)file_size);
    if (le16(p + HDR_BOOT_FLAG) != BOOT_FLAG)
        return fail(err, errlen,
                    "kernel %s: not a bzImage or ELF kernel (no 0xAA55 boot flag at 0x1fe)", path);
    if (len < HDR_VERSION + 2 || le32(p + HDR_MAGIC) != HDR_MAGIC_LE)
        return fail(err, errlen,
                    "kernel %s: no \"HdrS\" magic at 0x202 (not a bzImage, or older than "
                    "boot protocol 2.00)",
                    path);
    si->version = le16(p + HDR_VERSION);
    if (si->version < PROTOCOL_MIN)
        return fail(err, errlen,
                    "kernel %s: boot protocol %u.%02u is too old (2.12 or later needed)", path,
                    si->version >> 8, si->version & 0xff);
    si->header_end = HDR_MAGIC + p[HDR_JUMP_LEN];
    if (si->header_end < HDR_END_2_12)
        return fail(err, errlen,
                    "kernel %s: corrupt setup header: it ends at 0x%x, before the fields of "
                    "protocol 2.12 end (0x%x)",
                    path, si->header_end, HDR_END_2_12);
    if (len < si->header_end)
        return fail(err, errlen,
                    "kernel %s: %llu bytes, too short for its own setup header (ends at 0x%x)",
                    path, (unsigned long long)file_size, si->header_end);
    if (si->header_end > HDR_END_MAX)
        si->header_end = HDR_END_MAX;
    si->setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
    si->setup_size = (uint64_t)(si->setup_sects + 1) * 512;
    si->kernel_size = (uint64_t)le32(p + HDR_SYSSIZE) * 16;
    si->loadflags = p[HDR_LOADFLAGS];
    si->initrd_addr_max = le32(p + HDR_INITRD_ADDR_MAX);
    si->kernel_alignment = le32(p + HDR_KERNEL_ALIGN);
    si->relocatable = p[HDR_RELOCATABLE];
    si->xloadflags = le16(p + HDR_XLOADFLAGS);
    si->cmdline_size = le32(p + HDR_CMDLINE_SIZE);
    si->pref_address = le64(p + HDR_PREF_ADDRESS);
    si->init_size = le32(p + HDR_INIT_SIZE);
    if (si->kernel_size == 0)
        return fail(err, errlen,
                    "kernel %s: corrupt setup header: syssize is 0 (no protected-mode kernel)",
                    path);
    if (si->setup_size + si->kernel_size > file_size)
        return fail(err, errlen,
                    "kernel %s: truncated: the header says %llu bytes of setup and %llu of "
                    "kernel, the file has %llu",
                    path, (unsigned long long)si->setup_size, (unsigned long long)si->kernel_size,
                    (unsigned long long)file_size);
    if (!(si->loadflags & LOADED_HIGH))
        return fail(err, errlen,
                    "kernel %s: not a bzImage (LOADED_HIGH is clear in loadflags: a zImage for "
                    "low memory)",
                    path);
    if (!(si->xloadflags & XLF_KERNEL_64))
        return fail(err, errlen,
                    "kernel %s: a 32-bit-only kernel (XLF_KERNEL_64 is clear in xloadflags: "
                    "no 64-bit entry point)",
                    path);
    if (si->relocatable &&
        (si->kernel_alignment == 0 || (si->kernel_alignment & (si->kernel_alignment - 1))))
        return fail(err, errlen,
                    "kernel %s: corrupt setup header: kernel_alignment 0x%x is not a power of "
                    "two",
                    path, si->kernel_alignment);
    if (si->pref_address < MiB || si->pref_address >= X86_HIGHMEM_BASE)
        return fail(err, errlen,
                    "kernel %s: corrupt setup header: pref_address 0x%llx is not between 1 MiB "
                    "and 4 GiB",
                    path, (unsigned long long)si->pref_address);
    if (si->init_size == 0)
        return fail(err, errlen, "kernel %s: corrupt setup header: init_size is 0", path);
    return true;
}

/* Loads the protected-mode part of a bzImage and copies its setup header
 * into boot_params (bp). A relocatable kernel goes straight to
 * pref_address, where it decompresses in place; another one goes to 1 MiB
 * and moves itself to pref_address. Either way it then uses
 * [pref_address, pref_address + init_size). */
static bool load_bzimage(const X86BootConfig *cfg, int fd, uint64_t fsize, const uint8_t *head,
                         uint64_t hlen, uint8_t *bp, X86BootState *st, char *err, size_t errlen)
{
    uint64_t lowmem = min_u64(cfg->ram_size, X86_LOWMEM_MAX), run;
    X86SetupInfo si;

    if (!x86_boot_parse_setup(head, hlen, fsize, cfg->kernel, &si, err, errlen))
        return false;
    st->format = X86_KERNEL_BZIMAGE;
    st->protocol = si.version;
    st->kernel_load = si.relocatable ? align_up(si.pref_address, si.kernel_alignment) : BZ_LOAD_LOW;
    st->kernel_size = si.kernel_size;
    run = si.relocatable ? st->kernel_load : si.pref_address;
    st->kernel_end = run + si.init_size;
    if (st->kernel_load + st->kernel_size > st->kernel_end)
        st->kernel_end = st->kernel_load + st->kernel_size;
    if (st->kernel_end > lowmem)
        return fail(err, errlen,
                    "kernel %s: needs RAM up to 0x%llx (init_size 0x%x from 0x%llx), "
                    "but RAM below 3 GiB ends at 0x%llx",
                    cfg->kernel, (unsigned long long)st->kernel_end, si.init_size,
                    (unsigned long long)run, (unsigned long long)lowmem);
    if (!load_at(cfg, fd, st->kernel_load, si.kernel_size, si.setup_size, "kernel", cfg->kernel, err,
                 errlen))
        return false;
    memcpy(bp + HDR_START, head + HDR_START, si.header_end - HDR_START);
    st->rip = st->kernel_load + BZ_ENTRY_64;
    return true;
}

/* -- ELF vmlinux -- */

/* The PVH entry in the notes of one PT_NOTE segment, or 0. */
static uint64_t elf_pvh_entry(int fd, const GElf_Phdr *ph, uint64_t fsize)
{
    uint8_t *buf;
    uint64_t n = ph->p_filesz, off = 0, entry = 0;

    if (n < 12 || n > 65536 || ph->p_offset > fsize || n > fsize - ph->p_offset)
        return 0;
    buf = malloc(n);
    if (!buf || pread(fd, buf, n, (off_t)ph->p_offset) != (ssize_t)n)
        goto out;
    while (off + 12 <= n) {
        uint64_t namesz = le32(buf + off), descsz = le32(buf + off + 4);
        uint32_t type = le32(buf + off + 8);
        uint64_t name = off + 12, desc = name + align_up(namesz, 4);
        if (desc > n || descsz > n - desc)
            break;
        if (type == XEN_ELFNOTE_PHYS32_ENTRY && namesz == 4 && memcmp(buf + name, "Xen", 4) == 0)
            entry = descsz >= 8 ? le64(buf + desc) : descsz >= 4 ? le32(buf + desc) : 0;
        off = desc + align_up(descsz, 4);
    }
out:
    free(buf);
    return entry;
}

/* Loads one PT_LOAD segment at its physical address: above the boot data
 * at 1 MiB and inside the RAM below 3 GiB. */
static bool elf_load_segment(const X86BootConfig *cfg, int fd, uint64_t fsize, size_t i,
                             const GElf_Phdr *ph, char *err, size_t errlen)
{
    uint64_t lowmem = min_u64(cfg->ram_size, X86_LOWMEM_MAX);

    if (ph->p_filesz > ph->p_memsz)
        return fail(err, errlen,
                    "kernel %s: corrupt ELF: segment %zu has more bytes in the file "
                    "than in memory",
                    cfg->kernel, i);
    if (ph->p_offset > fsize || ph->p_filesz > fsize - ph->p_offset)
        return fail(err, errlen,
                    "kernel %s: truncated or corrupt ELF: segment %zu lies outside "
                    "the file",
                    cfg->kernel, i);
    if (ph->p_paddr < MiB)
        return fail(err, errlen,
                    "kernel %s: ELF segment %zu at 0x%llx is below 1 MiB, where the boot data "
                    "lives",
                    cfg->kernel, i, (unsigned long long)ph->p_paddr);
    if (ph->p_paddr > lowmem || ph->p_memsz > lowmem - ph->p_paddr)
        return fail(err, errlen,
                    "kernel %s: ELF segment %zu [0x%llx, 0x%llx) does not fit in the RAM below "
                    "0x%llx",
                    cfg->kernel, i, (unsigned long long)ph->p_paddr,
                    (unsigned long long)(ph->p_paddr + ph->p_memsz), (unsigned long long)lowmem);
    if (!load_at(cfg, fd, ph->p_paddr, ph->p_filesz, ph->p_offset, "kernel", cfg->kernel, err,
                 errlen))
        return false;
    memset(cfg->ram + ph->p_paddr + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
    return true;
}

/* Checks the ELF header: a 64-bit little-endian x86_64 executable. */
static bool elf_check_header(const char *path, Elf *e, GElf_Ehdr *eh, char *err, size_t errlen)
{
    if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, eh))
        return fail(err, errlen, "kernel %s: truncated or corrupt ELF header", path);
    if (gelf_getclass(e) != ELFCLASS64)
        return fail(err, errlen, "kernel %s: a 32-bit ELF file, not an x86_64 kernel", path);
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, "kernel %s: a big-endian ELF file, not an x86_64 kernel", path);
    if (eh->e_machine != EM_X86_64)
        return fail(err, errlen, "kernel %s: ELF for machine %u, not an x86_64 kernel", path,
                    eh->e_machine);
    if (eh->e_type != ET_EXEC)
        return fail(err, errlen, "kernel %s: not an executable ELF file (type %u)", path,
                    eh->e_type);
    return true;
}

/* Loads a vmlinux and makes up the setup header a bzImage would carry. */
static bool load_elf(const X86BootConfig *cfg, int fd, uint64_t fsize, uint8_t *bp,
                     X86BootState *st, char *err, size_t errlen)
{
    uint64_t lo = UINT64_MAX, hi = 0, entry_phys = 0, entry_virt = 0;
    bool ok = false, phys_hit = false, virt_hit = false;
    size_t phnum = 0, nload = 0;
    GElf_Ehdr eh;
    Elf *e;

    if (elf_version(EV_CURRENT) == EV_NONE)
        return fail(err, errlen, "kernel %s: libelf is out of date", cfg->kernel);
    e = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf_check_header(cfg->kernel, e, &eh, err, errlen))
        goto out;
    if (elf_getphdrnum(e, &phnum) != 0 || phnum == 0) {
        fail(err, errlen, "kernel %s: corrupt ELF: no program headers", cfg->kernel);
        goto out;
    }
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph)) {
            fail(err, errlen, "kernel %s: truncated or corrupt ELF: unreadable program header %zu",
                 cfg->kernel, i);
            goto out;
        }
        if (ph.p_type == PT_NOTE && !st->pvh_entry)
            st->pvh_entry = elf_pvh_entry(fd, &ph, fsize);
        if (ph.p_type != PT_LOAD)
            continue;
        if (!elf_load_segment(cfg, fd, fsize, i, &ph, err, errlen))
            goto out;
        nload++;
        lo = min_u64(lo, ph.p_paddr);
        hi = ph.p_paddr + ph.p_memsz > hi ? ph.p_paddr + ph.p_memsz : hi;
        /* e_entry is physical in a Linux vmlinux; a virtual one is
         * translated, but only when no segment holds it physically (the
         * per-CPU segment is linked at virtual 0). */
        if (!phys_hit && eh.e_entry - ph.p_paddr < ph.p_memsz) {
            entry_phys = eh.e_entry;
            phys_hit = true;
        }
        if (!virt_hit && eh.e_entry - ph.p_vaddr < ph.p_memsz) {
            entry_virt = eh.e_entry - ph.p_vaddr + ph.p_paddr;
            virt_hit = true;
        }
    }
    if (nload == 0) {
        fail(err, errlen, "kernel %s: corrupt ELF: no loadable segment", cfg->kernel);
        goto out;
    }
    if (!phys_hit && !virt_hit) {
        fail(err, errlen, "kernel %s: ELF entry point 0x%llx lies in no loadable segment",
             cfg->kernel, (unsigned long long)eh.e_entry);
        goto out;
    }
    st->format = X86_KERNEL_ELF;
    st->kernel_load = lo;
    st->kernel_size = hi - lo;
    st->kernel_end = hi;
    st->rip = phys_hit ? entry_phys : entry_virt;
    put16(bp + HDR_BOOT_FLAG, BOOT_FLAG);
    put32(bp + HDR_MAGIC, HDR_MAGIC_LE);
    put16(bp + HDR_VERSION, ELF_PROTOCOL);
    bp[HDR_LOADFLAGS] = LOADED_HIGH;
    put32(bp + HDR_INITRD_ADDR_MAX, ELF_INITRD_ADDR_MAX);
    put32(bp + HDR_KERNEL_ALIGN, ELF_KERNEL_ALIGN);
    put16(bp + HDR_XLOADFLAGS, XLF_KERNEL_64);
    put32(bp + HDR_CMDLINE_SIZE, ELF_CMDLINE_SIZE);
    ok = true;
out:
    if (e)
        elf_end(e);
    return ok;
}

/* -- Kernel, command line, initrd -- */

static bool load_kernel(const X86BootConfig *cfg, uint8_t *bp, X86BootState *st, char *err,
                        size_t errlen)
{
    uint64_t fsize;
    uint8_t *head = NULL;
    bool ok = false;
    int fd = open_file(cfg->kernel, "kernel", &fsize, err, errlen);

    if (fd < 0)
        return false;
    uint64_t hlen = min_u64(fsize, BZ_SETUP_MAX);
    head = malloc(hlen ? hlen : 1);
    if (!head) {
        fail(err, errlen, "kernel %s: out of memory", cfg->kernel);
        goto out;
    }
    if (!pread_full(fd, head, hlen, 0, "kernel", cfg->kernel, err, errlen))
        goto out;
    if (hlen >= 4 && memcmp(head, "\177ELF", 4) == 0)
        ok = load_elf(cfg, fd, fsize, bp, st, err, errlen);
    else
        ok = load_bzimage(cfg, fd, fsize, head, hlen, bp, st, err, errlen);
out:
    free(head);
    close(fd);
    return ok;
}

/* The command line at its fixed address, within the kernel's limit. */
static bool load_cmdline(const X86BootConfig *cfg, uint8_t *bp, X86BootState *st, char *err,
                         size_t errlen)
{
    const char *s = cfg->cmdline ? cfg->cmdline : "";
    size_t len = strlen(s);
    uint32_t limit = le32(bp + HDR_CMDLINE_SIZE);

    if (len > limit)
        return fail(err, errlen,
                    "command line of %zu bytes is longer than the kernel's limit of %u bytes "
                    "(cmdline_size)",
                    len, limit);
    if (len >= X86_BOOT_CMDLINE_MAX)
        return fail(err, errlen,
                    "command line of %zu bytes is longer than the %u bytes of room for it", len,
                    X86_BOOT_CMDLINE_MAX - 1);
    memcpy(cfg->ram + X86_BOOT_CMDLINE_ADDR, s, len + 1);
    put32(bp + HDR_CMD_LINE_PTR, X86_BOOT_CMDLINE_ADDR);
    st->cmdline_addr = X86_BOOT_CMDLINE_ADDR;
    st->cmdline_len = len;
    return true;
}

/* Places the initrd page-aligned as high as initrd_addr_max and the RAM
 * below the MMIO hole allow, as boot loaders do, and above the kernel's
 * area so the decompression cannot overwrite it. */
static bool load_initrd(const X86BootConfig *cfg, uint8_t *bp, X86BootState *st, char *err,
                        size_t errlen)
{
    uint64_t top = min_u64((uint64_t)le32(bp + HDR_INITRD_ADDR_MAX) + 1,
                           min_u64(cfg->ram_size, X86_LOWMEM_MAX));
    uint64_t size;
    bool ok = false;
    int fd;

    if (!cfg->initrd)
        return true;
    fd = open_file(cfg->initrd, "initrd", &size, err, errlen);
    if (fd < 0)
        return false;
    if (size > top || ((top - size) & ~(PAGE_SIZE - 1)) < st->kernel_end) {
        fail(err, errlen,
             "initrd %s: %llu bytes do not fit between the kernel's end at 0x%llx and 0x%llx "
             "(the lower of initrd_addr_max + 1 and the RAM below 3 GiB)",
             cfg->initrd, (unsigned long long)size, (unsigned long long)st->kernel_end,
             (unsigned long long)top);
        goto out;
    }
    st->initrd_start = (top - size) & ~(PAGE_SIZE - 1);
    st->initrd_size = size;
    if (!load_at(cfg, fd, st->initrd_start, size, 0, "initrd", cfg->initrd, err, errlen))
        goto out;
    put32(bp + HDR_RAMDISK_IMAGE, (uint32_t)st->initrd_start);
    put32(bp + HDR_RAMDISK_SIZE, (uint32_t)size);
    ok = true;
out:
    close(fd);
    return ok;
}

/* -- Long mode -- */

/* The 8-byte descriptor of s (for a TSS, the low half of its 16). */
static uint64_t gdt_descriptor(const X86Segment *s)
{
    uint32_t limit = s->g ? s->limit >> 12 : s->limit;
    uint64_t access = s->type | s->s << 4 | s->dpl << 5 | s->present << 7;

    return (limit & 0xffffull) | (s->base & 0xffffffull) << 16 | access << 40 |
           (uint64_t)(limit >> 16 & 0xf) << 48 | (uint64_t)s->avl << 52 | (uint64_t)s->l << 53 |
           (uint64_t)s->db << 54 | (uint64_t)s->g << 55 | (s->base >> 24 & 0xff) << 56;
}

/* The GDT and the page tables identity-mapping the first 4 GiB. */
static void write_cpu_tables(uint8_t *ram)
{
    uint8_t *gdt = ram + X86_BOOT_GDT_ADDR;

    memset(gdt, 0, GDT_ENTRIES * 8);
    put64(gdt + X86_BOOT_CS, gdt_descriptor(&seg_code64));
    put64(gdt + X86_BOOT_DS, gdt_descriptor(&seg_data));
    put64(gdt + X86_BOOT_TR, gdt_descriptor(&seg_tss));
    put64(gdt + X86_BOOT_TR + 8, seg_tss.base >> 32);
    memset(ram + X86_BOOT_TSS_ADDR, 0, TSS_LIMIT + 1);

    memset(ram + X86_BOOT_PML4_ADDR, 0, PAGE_SIZE);
    memset(ram + X86_BOOT_PDPT_ADDR, 0, PAGE_SIZE);
    put64(ram + X86_BOOT_PML4_ADDR, X86_BOOT_PDPT_ADDR | PTE_P | PTE_RW);
    for (uint64_t g = 0; g < IDENTITY_GIB; g++) {
        uint64_t pd = X86_BOOT_PD_ADDR + g * PAGE_SIZE;
        put64(ram + X86_BOOT_PDPT_ADDR + g * 8, pd | PTE_P | PTE_RW);
        for (uint64_t i = 0; i < 512; i++)
            put64(ram + pd + i * 8, (g << 30 | i << 21) | PTE_P | PTE_RW | PTE_PS);
    }
}

/* The boot CPU as the 64-bit boot protocol wants it: long mode, paging on
 * with the identity map, CS = __BOOT_CS, the data segments __BOOT_DS,
 * interrupts off, rsi at boot_params. */
static void set_entry_state(X86BootState *st)
{
    st->rsi = X86_BOOT_PARAMS_ADDR;
    st->rsp = X86_BOOT_STACK_TOP;
    st->rflags = RFLAGS_FIXED;
    st->cr0 = CR0_PE | CR0_ET | CR0_PG;
    st->cr3 = X86_BOOT_PML4_ADDR;
    st->cr4 = CR4_PAE;
    st->efer = EFER_LME | EFER_LMA;
    st->gdt_base = X86_BOOT_GDT_ADDR;
    st->gdt_limit = GDT_ENTRIES * 8 - 1;
    st->idt_base = 0;
    st->idt_limit = 0;
    st->cs = seg_code64;
    st->ds = st->es = st->fs = st->gs = st->ss = seg_data;
    st->tr = seg_tss;
    st->ldt = seg_ldt;
}

bool x86_boot_load(const X86BootConfig *cfg, X86BootState *st, char *err, size_t errlen)
{
    X86E820Entry map[X86_E820_MAX];
    uint8_t *bp;
    int n;

    memset(st, 0, sizeof *st);
    if (!cfg->kernel)
        return fail(err, errlen, "no kernel given");
    if (!cfg->ram || cfg->ram_size < 2 * MiB)
        return fail(err, errlen, "RAM of 0x%llx bytes cannot hold a 64-bit kernel (2 MiB at least)",
                    (unsigned long long)cfg->ram_size);
    bp = cfg->ram + X86_BOOT_PARAMS_ADDR;
    memset(bp, 0, BP_SIZE);
    st->boot_params_addr = X86_BOOT_PARAMS_ADDR;
    if (!load_kernel(cfg, bp, st, err, errlen) || !load_cmdline(cfg, bp, st, err, errlen) ||
        !load_initrd(cfg, bp, st, err, errlen))
        return false;
    n = x86_boot_e820(cfg->ram_size, cfg->e820_extra, cfg->e820_nextra, map, X86_E820_MAX, err,
                      errlen);
    if (n < 0)
        return false;
    for (int i = 0; i < n; i++) {
        uint8_t *e = bp + BP_E820_TABLE + i * 20;
        put64(e, map[i].addr);
        put64(e + 8, map[i].size);
        put32(e + 16, map[i].type);
    }
    bp[BP_E820_ENTRIES] = (uint8_t)n;
    st->e820_entries = (unsigned)n;
    bp[HDR_TYPE_OF_LOADER] = LOADER_UNDEFINED;
    put64(bp + BP_ACPI_RSDP, cfg->acpi_rsdp_addr);
    write_cpu_tables(cfg->ram);
    set_entry_state(st);
    return true;
}
