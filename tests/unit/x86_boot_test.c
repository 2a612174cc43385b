/*
 * The x86_64 kernel loader over synthetic images made here (a bzImage:
 * boot sector, setup header, payload; an ELF64 vmlinux with a PVH note):
 * every setup header check and its message, the load address, boot_params,
 * the e820 map for 128 MiB to 5 GiB, initrd placement and limits, command
 * line limits, the page tables walked as the CPU walks them, the GDT
 * decoded back into the entry segments, and Debian's own amd64 vmlinuz.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stddef.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "system/boot/x86_boot.h"
#include "tests/unit/boot_test_util.h"

#define MiB (1024ull * 1024)
#define GiB (1024ull * MiB)

/* -- Fixtures -- */

/* One test's world: a scratch directory with the kernel file, guest RAM as
 * reserved address space (only the pages written cost memory) and a
 * configuration booting that kernel. */
typedef struct Rig {
    char dir[64], kernel[128], initrd[128];
    uint8_t *image; /* the kernel file's bytes (malloc'd), or NULL */
    size_t image_len;
    uint8_t *ram;
    uint64_t map_size;
    X86BootConfig c;
} Rig;

/* A change to a rig's image (before rig_rewrite). */
typedef void Edit(Rig *r);

/* Writes the (edited) image to the kernel file. */
static void rig_rewrite(Rig *r)
{
    write_file(r->kernel, r->image, r->image_len);
}

/* Opens a rig whose kernel file holds image (n bytes), which it takes. */
static void rig_open(Rig *r, uint64_t ram_size, uint8_t *image, size_t n)
{
    scratch_dir(r->dir, sizeof r->dir, "x86_boot_test");
    snprintf(r->kernel, sizeof r->kernel, "%s/kernel", r->dir);
    snprintf(r->initrd, sizeof r->initrd, "%s/initrd", r->dir);
    r->image = image;
    r->image_len = n;
    if (image)
        rig_rewrite(r);
    r->map_size = ram_size;
    r->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert_neq(r->ram, MAP_FAILED, "mmap of %llu bytes failed", (unsigned long long)ram_size);
    r->c = (X86BootConfig){
        .kernel = r->kernel,
        .ram = r->ram,
        .ram_size = ram_size,
        .cmdline = "console=ttyS0 root=/dev/vda",
        .acpi_rsdp_addr = 0xe0000,
    };
}

static void rig_initrd(Rig *r, const void *data, size_t n)
{
    write_file(r->initrd, data, n);
    r->c.initrd = r->initrd;
}

static void rig_close(Rig *r)
{
    munmap(r->ram, r->map_size);
    scratch_remove(r->dir);
    free(r->image);
}

/* Little-endian fields of n bytes, as the boot protocol stores them. */
static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = n; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

#define put16(p, v) put_le(p, v, 2)
#define put32(p, v) put_le(p, v, 4)
#define get16(p) ((uint16_t)get_le(p, 2))
#define get32(p) ((uint32_t)get_le(p, 4))
#define get64(p) get_le(p, 8)

/* Pseudo-random bytes. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

/* A bzImage of protocol 2.15: boot sector, SETUP_SECTS setup sectors, a
 * payload of PAYLOAD bytes. Relocatable, pref_address 16 MiB, init_size
 * 32 MiB, cmdline_size 2047, initrd_addr_max 2 GiB - 1. */
enum { SETUP_SECTS = 3, PAYLOAD = 64 * 1024, BZ_LEN = (SETUP_SECTS + 1) * 512 + PAYLOAD };
#define PREF 0x1000000u
#define INIT_SZ 0x2000000u

static uint8_t *fake_bzimage(void)
{
    uint8_t *p = malloc(BZ_LEN);

    fill(p, BZ_LEN, 11);
    memset(p + 0x1f1, 0, 0x290 - 0x1f1);
    p[0x1ef] = 0xff; /* the sentinel a loader must not copy */
    p[0x1f1] = SETUP_SECTS;
    put32(p + 0x1f4, PAYLOAD / 16); /* syssize */
    put16(p + 0x1fe, 0xaa55);
    p[0x200] = 0xeb;
    p[0x201] = 0x6a; /* header ends at 0x26c */
    memcpy(p + 0x202, "HdrS", 4);
    put16(p + 0x206, 0x020f);
    p[0x211] = 0x01; /* LOADED_HIGH */
    put32(p + 0x214, 0x100000);
    put32(p + 0x22c, 0x7fffffff);
    put32(p + 0x230, 0x200000);
    p[0x234] = 1;
    p[0x235] = 21;
    put16(p + 0x236, 0x3); /* XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G */
    put32(p + 0x238, 2047);
    put32(p + 0x258, PREF);
    put32(p + 0x260, INIT_SZ);
    memset(p + 0x26c, 0x5a, 0x290 - 0x26c); /* past the header: not to be copied */
    return p;
}

static const uint8_t *payload_of(const uint8_t *bz)
{
    return bz + (SETUP_SECTS + 1) * 512;
}

/* A rig with the fake bzImage in ram_size of RAM. */
static void rig_bz(Rig *r, uint64_t ram_size)
{
    rig_open(r, ram_size, fake_bzimage(), BZ_LEN);
}

/* The same with the image changed by edit. */
static void rig_bz_edited(Rig *r, uint64_t ram_size, Edit *edit)
{
    rig_bz(r, ram_size);
    edit(r);
    rig_rewrite(r);
}

static void boot_ok(const X86BootConfig *c, X86BootState *st)
{
    char err[256] = "";
    cr_assert(x86_boot_load(c, st, err, sizeof err), "x86_boot_load: %s", err);
}

static void boot_fails(const X86BootConfig *c, const char *file, const char *problem)
{
    X86BootState st;
    char err[256] = "";

    cr_assert_not(x86_boot_load(c, &st, err, sizeof err), "accepted; wanted \"%s\"", problem);
    if (file)
        cr_assert(strstr(err, file), "message does not name %s: %s", file, err);
    cr_assert(strstr(err, problem), "message \"%s\" lacks \"%s\"", err, problem);
    cr_assert_null(strchr(err, '\n'), "message is not one line: %s", err);
}

static const uint8_t *bp_of(const Rig *r)
{
    return r->ram + X86_BOOT_PARAMS_ADDR;
}

/* The e820 table of boot_params, into out; returns e820_entries. */
static int bp_e820(const uint8_t *bp, X86E820Entry *out)
{
    for (int i = 0; i < bp[0x1e8]; i++) {
        const uint8_t *e = bp + 0x2d0 + 20 * i;
        out[i] = (X86E820Entry){.addr = get64(e), .size = get64(e + 8), .type = get32(e + 16)};
    }
    return bp[0x1e8];
}

static void expect_map(const char *what, const X86E820Entry *m, int n, const X86E820Entry *want,
                       int nwant)
{
    cr_assert_eq(n, nwant, "%s: %d e820 entries, want %d", what, n, nwant);
    for (int i = 0; i < n; i++)
        cr_assert(m[i].addr == want[i].addr && m[i].size == want[i].size &&
                      m[i].type == want[i].type,
                  "%s: e820[%d] = [0x%llx +0x%llx type %u], want [0x%llx +0x%llx type %u]", what, i,
                  (unsigned long long)m[i].addr, (unsigned long long)m[i].size, m[i].type,
                  (unsigned long long)want[i].addr, (unsigned long long)want[i].size, want[i].type);
}

/* -- bzImage loading -- */

Test(x86_boot, bzimage_at_pref_address)
{
    X86BootState st;
    Rig r;

    rig_bz(&r, 512 * MiB);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.format, X86_KERNEL_BZIMAGE);
    cr_assert_eq(st.protocol, 0x020f);
    cr_assert_eq(st.kernel_load, PREF, "loaded at 0x%llx", (unsigned long long)st.kernel_load);
    cr_assert_eq(st.kernel_size, PAYLOAD);
    cr_assert_eq(st.kernel_end, PREF + INIT_SZ);
    cr_assert_eq(memcmp(r.ram + PREF, payload_of(r.image), PAYLOAD), 0, "payload differs in RAM");
    cr_assert_eq(st.rip, PREF + 0x200, "rip 0x%llx: not startup_64", (unsigned long long)st.rip);
    cr_assert_eq(st.rsi, X86_BOOT_PARAMS_ADDR);
    cr_assert_eq(st.boot_params_addr, X86_BOOT_PARAMS_ADDR);
    cr_assert_eq(st.initrd_size, 0);
    cr_assert_eq(get32(bp_of(&r) + 0x218), 0, "ramdisk_image without an initrd");
    rig_close(&r);
}

/* setup_sects 0 means 4: the payload starts at 5 * 512. */
Test(x86_boot, setup_sects_zero_means_four)
{
    size_t n = 5 * 512 + PAYLOAD;
    uint8_t *bz = fake_bzimage(), *big = realloc(bz, n);
    X86BootState st;
    Rig r;

    fill(big + 4 * 512, n - 4 * 512, 12);
    big[0x1f1] = 0;
    rig_open(&r, 256 * MiB, big, n);
    boot_ok(&r.c, &st);
    cr_assert_eq(memcmp(r.ram + PREF, big + 5 * 512, PAYLOAD), 0, "payload not taken from 0xa00");
    rig_close(&r);
}

/* A kernel that is not relocatable goes to 1 MiB and moves itself to
 * pref_address: the area it needs starts there. */
static void not_relocatable(Rig *r)
{
    r->image[0x234] = 0;
}

Test(x86_boot, non_relocatable_at_1mib)
{
    X86BootState st;
    Rig r;

    rig_bz_edited(&r, 256 * MiB, not_relocatable);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.kernel_load, 0x100000);
    cr_assert_eq(st.rip, 0x100200);
    cr_assert_eq(st.kernel_end, PREF + INIT_SZ);
    cr_assert_eq(memcmp(r.ram + 0x100000, payload_of(r.image), PAYLOAD), 0);
    rig_close(&r);
}

/* A pref_address off the kernel's alignment is rounded up to it. */
static void pref_off_alignment(Rig *r)
{
    put32(r->image + 0x258, PREF + 0x100000);
}

Test(x86_boot, relocatable_load_aligned)
{
    X86BootState st;
    Rig r;

    rig_bz_edited(&r, 256 * MiB, pref_off_alignment);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.kernel_load, PREF + 0x200000);
    cr_assert_eq(st.kernel_end, PREF + 0x200000 + INIT_SZ);
    rig_close(&r);
}

/* -- boot_params -- */

Test(x86_boot, boot_params_fields)
{
    X86E820Entry want[X86_E820_MAX], got[X86_E820_MAX];
    uint8_t rd[5000];
    X86BootState st;
    char err[256];
    Rig r;

    rig_bz(&r, 512 * MiB);
    const uint8_t *bz = r.image;
    memset(r.ram + X86_BOOT_PARAMS_ADDR, 0xcc, 4096); /* stale bytes must go */
    fill(rd, sizeof rd, 3);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    const uint8_t *bp = bp_of(&r);

    /* The header is the image's, from 0x1f1 to its end, but for the
     * fields the loader writes. */
    for (unsigned off = 0x1f1; off < 0x26c; off++) {
        if (off == 0x210 || (off >= 0x218 && off < 0x220) || (off >= 0x228 && off < 0x22c))
            continue;
        cr_assert_eq(bp[off], bz[off], "header byte 0x%x: 0x%02x, image 0x%02x", off, bp[off],
                     bz[off]);
    }
    for (unsigned off = 0x26c; off < 0x290; off++)
        cr_assert_eq(bp[off], 0, "byte 0x%x past the header copied", off);
    for (unsigned off = 0; off < 0x1e8; off++)
        if (off < 0x70 || off >= 0x78)
            cr_assert_eq(bp[off], 0, "byte 0x%x not cleared", off);
    cr_assert_eq(bp[0x1ef], 0, "sentinel set: the kernel would wipe boot_params");
    cr_assert_eq(bp[0x210], 0xff, "type_of_loader 0x%x", bp[0x210]);
    cr_assert_eq(get32(bp + 0x228), X86_BOOT_CMDLINE_ADDR);
    cr_assert_eq(get32(bp + 0xc8), 0, "ext_cmd_line_ptr");
    cr_assert_str_eq((const char *)r.ram + X86_BOOT_CMDLINE_ADDR, "console=ttyS0 root=/dev/vda");
    cr_assert_eq(st.cmdline_len, strlen("console=ttyS0 root=/dev/vda"));
    cr_assert_eq(get32(bp + 0x218), st.initrd_start);
    cr_assert_eq(get32(bp + 0x21c), sizeof rd);
    cr_assert_eq(get32(bp + 0xc0), 0, "ext_ramdisk_image");
    cr_assert_eq(get64(bp + 0x70), 0xe0000, "acpi_rsdp_addr");

    int n = x86_boot_e820(512 * MiB, NULL, 0, want, X86_E820_MAX, err, sizeof err);
    cr_assert_eq(st.e820_entries, (unsigned)n);
    expect_map("boot_params", got, bp_e820(bp, got), want, n);
    rig_close(&r);
}

/* A header claiming to run past boot_params' room for it (0x290) is cut
 * there: what follows in boot_params stays the loader's. */
static void header_past_room(Rig *r)
{
    r->image[0x201] = 0xff;
    memset(r->image + 0x290, 0x77, 0x310 - 0x290);
}

Test(x86_boot, long_header_copied_up_to_its_room)
{
    X86BootState st;
    Rig r;

    rig_bz_edited(&r, 128 * MiB, header_past_room);
    boot_ok(&r.c, &st);
    cr_assert_eq(bp_of(&r)[0x28f], 0x5a, "header bytes up to 0x290 not copied");
    for (unsigned off = 0x290; off < 0x2d0; off++)
        cr_assert_eq(bp_of(&r)[off], 0, "byte 0x%x beyond the header's room copied", off);
    rig_close(&r);
}

/* -- e820 and the RAM layout -- */

typedef X86E820Entry Range;

static void expect_e820(uint64_t ram, const Range *want, int nwant)
{
    X86E820Entry m[X86_E820_MAX];
    char err[256] = "", what[300];
    int n = x86_boot_e820(ram, NULL, 0, m, X86_E820_MAX, err, sizeof err);

    snprintf(what, sizeof what, "%llu MiB %s", (unsigned long long)(ram / MiB), err);
    expect_map(what, m, n, want, nwant);
}

#define LOW_RAM                                                                                    \
    {                                                                                              \
        0, 0x9fc00, X86_E820_RAM                                                                   \
    }
#define BIOS                                                                                       \
    {                                                                                              \
        0x9fc00, 0x100000 - 0x9fc00, X86_E820_RESERVED                                             \
    }

Test(x86_boot, e820_128mib)
{
    Range w[] = {LOW_RAM, BIOS, {MiB, 127 * MiB, X86_E820_RAM}};
    expect_e820(128 * MiB, w, 3);
}

Test(x86_boot, e820_512mib)
{
    Range w[] = {LOW_RAM, BIOS, {MiB, 511 * MiB, X86_E820_RAM}};
    expect_e820(512 * MiB, w, 3);
}

Test(x86_boot, e820_3gib)
{
    Range w[] = {LOW_RAM, BIOS, {MiB, 3 * GiB - MiB, X86_E820_RAM}};
    expect_e820(3 * GiB, w, 3);
}

Test(x86_boot, e820_5gib_resumes_at_4gib)
{
    Range w[] = {
        LOW_RAM, BIOS, {MiB, 3 * GiB - MiB, X86_E820_RAM}, {4 * GiB, 2 * GiB, X86_E820_RAM}};
    expect_e820(5 * GiB, w, 4);
}

Test(x86_boot, ram_regions)
{
    X86RamRegion r[2];

    cr_assert_eq(x86_boot_ram_regions(512 * MiB, r), 1);
    cr_assert(r[0].guest_addr == 0 && r[0].host_offset == 0 && r[0].size == 512 * MiB);
    cr_assert_eq(x86_boot_ram_regions(3 * GiB, r), 1);
    cr_assert_eq(r[0].size, 3 * GiB);
    cr_assert_eq(x86_boot_ram_regions(5 * GiB, r), 2);
    cr_assert(r[0].guest_addr == 0 && r[0].host_offset == 0 && r[0].size == 3 * GiB);
    cr_assert(r[1].guest_addr == 4 * GiB && r[1].host_offset == 3 * GiB && r[1].size == 2 * GiB,
              "high region [0x%llx +0x%llx] at host 0x%llx", (unsigned long long)r[1].guest_addr,
              (unsigned long long)r[1].size, (unsigned long long)r[1].host_offset);
}

/* The board's ranges join the map in address order. */
Test(x86_boot, e820_extra_ranges_sorted)
{
    X86E820Entry extra[] = {
        {0xfeffc000, 0x4000, X86_E820_RESERVED},
        {0xe0000, 0x20000, X86_E820_ACPI},
    };
    Range w[] = {LOW_RAM,
                 BIOS,
                 {0xe0000, 0x20000, X86_E820_ACPI},
                 {MiB, 127 * MiB, X86_E820_RAM},
                 {0xfeffc000, 0x4000, X86_E820_RESERVED}};
    X86E820Entry m[X86_E820_MAX];
    char err[256] = "";
    int n = x86_boot_e820(128 * MiB, extra, 2, m, X86_E820_MAX, err, sizeof err);

    expect_map(err, m, n, w, 5);
}

Test(x86_boot, e820_errors)
{
    X86E820Entry m[X86_E820_MAX], bad[] = {{0x1000, 0, X86_E820_RESERVED}};
    X86E820Entry wrap[] = {{0xfffffffffffff000ull, 0x2000, X86_E820_RESERVED}};
    char err[256] = "";

    cr_assert_eq(x86_boot_e820(128 * MiB, bad, 1, m, X86_E820_MAX, err, sizeof err), -1);
    cr_assert(strstr(err, "empty or wraps"), "%s", err);
    cr_assert_eq(x86_boot_e820(128 * MiB, wrap, 1, m, X86_E820_MAX, err, sizeof err), -1);
    cr_assert(strstr(err, "empty or wraps"), "%s", err);
    cr_assert_eq(x86_boot_e820(5 * GiB, NULL, 0, m, 3, err, sizeof err), -1);
    cr_assert(strstr(err, "more than 3 entries"), "%s", err);
}

/* A whole boot in 5 GiB: the map in boot_params has the RAM above 4 GiB,
 * and the initrd stays below initrd_addr_max. */
Test(x86_boot, boot_in_5gib)
{
    uint8_t rd[777];
    X86BootState st;
    Rig r;

    rig_bz(&r, 5 * GiB);
    fill(rd, sizeof rd, 5);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    X86E820Entry m[X86_E820_MAX];
    int n = bp_e820(bp_of(&r), m);
    cr_assert_eq(n, 4);
    cr_assert(m[3].addr == 4 * GiB && m[3].size == 2 * GiB && m[3].type == X86_E820_RAM,
              "no RAM from 4 GiB in boot_params");
    cr_assert_eq(st.initrd_start, (2 * GiB - sizeof rd) & ~4095ull);
    cr_assert_eq(memcmp(r.ram + st.initrd_start, rd, sizeof rd), 0);
    rig_close(&r);
}

/* -- initrd -- */

/* The initrd ends as high as the RAM and initrd_addr_max allow. */
static void expect_initrd_top(uint64_t ram, uint32_t addr_max, uint64_t top)
{
    uint8_t rd[10000];
    X86BootState st;
    Rig r;

    rig_bz(&r, ram);
    put32(r.image + 0x22c, addr_max);
    rig_rewrite(&r);
    fill(rd, sizeof rd, 7);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.initrd_start, (top - sizeof rd) & ~4095ull,
                 "%llu MiB, max 0x%x: initrd at 0x%llx", (unsigned long long)(ram / MiB), addr_max,
                 (unsigned long long)st.initrd_start);
    cr_assert_eq(st.initrd_size, sizeof rd);
    cr_assert_leq(st.initrd_start + st.initrd_size, top);
    cr_assert_geq(st.initrd_start, st.kernel_end, "initrd inside the kernel's area");
    cr_assert_eq(memcmp(r.ram + st.initrd_start, rd, sizeof rd), 0, "initrd bytes differ");
    cr_assert_eq(memcmp(r.ram + PREF, payload_of(r.image), PAYLOAD), 0, "kernel overwritten");
    rig_close(&r);
}

Test(x86_boot, initrd_top_of_128mib)
{
    expect_initrd_top(128 * MiB, 0x7fffffff, 128 * MiB);
}

Test(x86_boot, initrd_below_initrd_addr_max)
{
    expect_initrd_top(512 * MiB, 0x0fffffff, 256 * MiB);
}

Test(x86_boot, initrd_below_2gib_in_3gib)
{
    expect_initrd_top(3 * GiB, 0x7fffffff, 2 * GiB);
}

Test(x86_boot, initrd_below_the_hole)
{
    expect_initrd_top(3 * GiB + 512 * MiB, 0xffffffff, 3 * GiB);
}

/* map_files: the page-aligned initrd is mapped from its file, copy-on-write
 * (guest writes stay out of the file); the kernel payload, at an offset
 * that is not page-aligned, is read. Both land byte for byte. */
Test(x86_boot, map_files_maps_aligned_images_copy_on_write)
{
    uint8_t rd[3 * 4096 + 100], back[sizeof rd];
    X86BootState st;
    Rig r;

    rig_bz(&r, 128 * MiB);
    fill(rd, sizeof rd, 5);
    rig_initrd(&r, rd, sizeof rd);
    r.c.map_files = true;
    boot_ok(&r.c, &st);
    uint8_t *g = r.ram + st.initrd_start;
    cr_assert_eq(memcmp(g, rd, sizeof rd), 0, "initrd bytes differ");
    for (size_t i = sizeof rd; i < 4 * 4096; i++)
        cr_assert_eq(g[i], 0, "byte %zu past the initrd is 0x%02x", i, g[i]);
    cr_assert_eq(memcmp(r.ram + PREF, payload_of(r.image), PAYLOAD), 0, "kernel bytes differ");

    char line[512];
    bool mapped = false;
    FILE *maps = fopen("/proc/self/maps", "r");
    cr_assert_not_null(maps);
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (uintptr_t)g && (uintptr_t)g < hi)
            mapped = strstr(line, r.initrd) != NULL;
    }
    fclose(maps);
    cr_assert(mapped, "the initrd's guest pages are not a mapping of %s", r.initrd);

    memset(g, 0xee, 64);
    FILE *f = fopen(r.initrd, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(fread(back, 1, sizeof back, f), sizeof back);
    fclose(f);
    cr_assert_eq(memcmp(back, rd, sizeof rd), 0, "a guest write reached the initrd file");
    rig_close(&r);
}

Test(x86_boot, initrd_errors)
{
    size_t big = 81 * MiB;
    uint8_t *rd = calloc(1, big);
    Rig r;

    rig_bz(&r, 128 * MiB);
    r.c.initrd = r.initrd;
    boot_fails(&r.c, r.initrd, "No such file");
    r.c.initrd = r.dir;
    boot_fails(&r.c, r.dir, "is a directory");
    /* The kernel needs [16 MiB, 48 MiB): 81 MiB do not fit above it. */
    rig_initrd(&r, rd, big);
    boot_fails(&r.c, r.initrd, "do not fit");
    /* Nor one larger than all the RAM (a sparse file). */
    cr_assert_eq(truncate(r.initrd, 129 * MiB), 0);
    boot_fails(&r.c, r.initrd, "do not fit");
    /* Nor a small one under an initrd_addr_max inside the kernel. */
    put32(r.image + 0x22c, 0x01ffffff);
    rig_rewrite(&r);
    rig_initrd(&r, rd, 4096);
    boot_fails(&r.c, r.initrd, "do not fit");
    rig_close(&r);
    free(rd);
}

/* -- Command line -- */

Test(x86_boot, cmdline_limits)
{
    char *s = malloc(70000);
    X86BootState st;
    Rig r;

    rig_bz(&r, 128 * MiB);
    memset(s, 'a', 2047);
    s[2047] = '\0';
    r.c.cmdline = s;
    boot_ok(&r.c, &st);
    cr_assert_eq(st.cmdline_len, 2047);
    cr_assert_eq(memcmp(r.ram + X86_BOOT_CMDLINE_ADDR, s, 2048), 0);
    /* One byte over cmdline_size. */
    s[2047] = 'b';
    s[2048] = '\0';
    boot_fails(&r.c, NULL, "longer than the kernel's limit of 2047");
    /* A kernel that takes anything still meets the loader's room. */
    put32(r.image + 0x238, 0xffffffff);
    rig_rewrite(&r);
    memset(s, 'c', 69999);
    s[69999] = '\0';
    boot_fails(&r.c, NULL, "bytes of room");
    /* No command line: an empty string, still pointed to. */
    r.c.cmdline = NULL;
    memset(r.ram + X86_BOOT_CMDLINE_ADDR, 'x', 16);
    boot_ok(&r.c, &st);
    cr_assert_eq(r.ram[X86_BOOT_CMDLINE_ADDR], '\0');
    cr_assert_eq(get32(bp_of(&r) + 0x228), X86_BOOT_CMDLINE_ADDR);
    rig_close(&r);
    free(s);
}

/* -- Setup header checks -- */

/* One refusal: the kernel image with width bytes at off set to value (when
 * width is not 0) and cut to len bytes (when len is not 0), and the words
 * the message must hold. */
typedef struct Refusal {
    unsigned off, width;
    uint64_t value;
    size_t len;
    const char *problem;
} Refusal;

/* Each case applied to a fresh image from make, refused as it says. */
static void expect_refusals(uint8_t *(*make)(size_t *len), const Refusal *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        uint8_t *image = make(&len);
        Rig r;

        rig_open(&r, 64 * MiB, image, len);
        if (cases[i].width)
            put_le(r.image + cases[i].off, cases[i].value, cases[i].width);
        if (cases[i].len)
            r.image_len = cases[i].len;
        rig_rewrite(&r);
        boot_fails(&r.c, r.kernel, cases[i].problem);
        rig_close(&r);
    }
}

static uint8_t *make_bz(size_t *len)
{
    *len = BZ_LEN;
    return fake_bzimage();
}

#define EXPECT_BZ_REFUSALS(...)                                                                    \
    do {                                                                                           \
        static const Refusal cases_[] = {__VA_ARGS__};                                             \
        expect_refusals(make_bz, cases_, sizeof cases_ / sizeof cases_[0]);                        \
    } while (0)

Test(x86_boot, header_too_short)
{
    EXPECT_BZ_REFUSALS({.len = 0x100, .problem = "256 bytes, too short for a bzImage setup header"},
                       {.len = 0x240, .problem = "too short for its own setup header"});
}

Test(x86_boot, header_bad_magic)
{
    EXPECT_BZ_REFUSALS({0x1fe, 2, 0x55aa, 0, "no 0xAA55 boot flag"},
                       {0x202, 4, 0x54726448 /* "HdrT" */, 0, "no \"HdrS\" magic"});
}

Test(x86_boot, header_old_protocol)
{
    EXPECT_BZ_REFUSALS(
        {0x206, 2, 0x020b, 0, "boot protocol 2.11 is too old (2.12 or later needed)"},
        {0x201, 1, 0x50, 0, "before the fields of protocol 2.12 end"});
}

Test(x86_boot, header_truncated_or_empty_payload)
{
    EXPECT_BZ_REFUSALS({.len = BZ_LEN - 16, .problem = "truncated"},
                       {0x1f4, 4, 0, 0, "syssize is 0"});
}

Test(x86_boot, header_not_64bit)
{
    EXPECT_BZ_REFUSALS({0x211, 1, 0, 0, "LOADED_HIGH is clear"},
                       {0x236, 2, 0x2, 0, "a 32-bit-only kernel"});
}

Test(x86_boot, header_bad_placement_fields)
{
    EXPECT_BZ_REFUSALS({0x230, 4, 0x300000, 0, "kernel_alignment 0x300000 is not a power of two"},
                       {0x258, 8, 0x80000, 0, "pref_address 0x80000 is not between 1 MiB"},
                       {0x260, 4, 0, 0, "init_size is 0"},
                       {0x260, 4, 0x40000000, 0, "needs RAM up to 0x41000000"});
}

/* The parser alone, as the board may call it. */
Test(x86_boot, parse_setup_fields)
{
    uint8_t *bz = fake_bzimage();
    X86SetupInfo si;
    char err[256] = "";

    cr_assert(x86_boot_parse_setup(bz, BZ_LEN, BZ_LEN, "k", &si, err, sizeof err), "%s", err);
    cr_assert_eq(si.version, 0x020f);
    cr_assert_eq(si.setup_sects, SETUP_SECTS);
    cr_assert_eq(si.setup_size, (SETUP_SECTS + 1) * 512);
    cr_assert_eq(si.kernel_size, PAYLOAD);
    cr_assert_eq(si.header_end, 0x26c);
    cr_assert_eq(si.pref_address, PREF);
    cr_assert_eq(si.init_size, INIT_SZ);
    cr_assert_eq(si.kernel_alignment, 0x200000);
    cr_assert_eq(si.cmdline_size, 2047);
    cr_assert_eq(si.initrd_addr_max, 0x7fffffff);
    cr_assert_eq(si.xloadflags & 1, 1);
    cr_assert_eq(si.relocatable, 1);
    free(bz);
}

Test(x86_boot, bad_files_and_config)
{
    Rig r;

    rig_open(&r, 128 * MiB, NULL, 0);
    r.image = fake_bzimage();
    r.image_len = BZ_LEN;
    boot_fails(&r.c, r.kernel, "No such file");
    r.c.kernel = r.dir;
    boot_fails(&r.c, r.dir, "is a directory");
    r.c.kernel = NULL;
    boot_fails(&r.c, NULL, "no kernel");
    rig_rewrite(&r);
    r.c.kernel = r.kernel;
    r.c.ram_size = MiB;
    boot_fails(&r.c, NULL, "cannot hold");
    r.c.ram_size = 128 * MiB;
    r.c.ram = NULL;
    boot_fails(&r.c, NULL, "cannot hold");
    r.c.ram = r.ram;
    write_file(r.kernel, "", 0);
    boot_fails(&r.c, r.kernel, "0 bytes, too short");
    rig_close(&r);
}

/* -- Long mode entry -- */

/* Translates va through the 4-level tables at cr3 in RAM, as the CPU does
 * with PAE paging in long mode. Returns false when a level is not present. */
static bool walk(const uint8_t *ram, uint64_t cr3, uint64_t va, uint64_t *pa)
{
    uint64_t table = cr3 & ~0xfffull;
    static const unsigned shifts[] = {39, 30, 21, 12};

    for (unsigned lvl = 0; lvl < 4; lvl++) {
        cr_assert_lt(table, 0x100000, "va 0x%llx: level %u table at 0x%llx, outside the boot data",
                     (unsigned long long)va, lvl, (unsigned long long)table);
        uint64_t e = get64(ram + table + ((va >> shifts[lvl]) & 511) * 8);
        if (!(e & 1))
            return false;
        cr_assert(e & 2, "entry 0x%llx at level %u not writable", (unsigned long long)e, lvl);
        if ((lvl == 1 || lvl == 2) && (e & 0x80)) {
            uint64_t mask = (1ull << shifts[lvl]) - 1;
            *pa = (e & 0x000ffffffffff000ull & ~mask) | (va & mask);
            return true;
        }
        table = e & 0x000ffffffffff000ull;
    }
    *pa = table | (va & 0xfff);
    return true;
}

Test(x86_boot, page_tables_identity_map_4gib)
{
    static const uint64_t probes[] = {
        0,          0x7000,     0x20000,    0x1000200,  0x1234567,  0x3fffffff,
        0x40000000, 0xbfffffff, 0xfec00000, 0xfee00000, 0xffffffff,
    };
    X86BootState st;
    uint64_t pa;
    Rig r;

    rig_bz(&r, 128 * MiB);
    memset(r.ram + 0x9000, 0x03, 0x6000); /* stale tables (present, writable) must go */
    boot_ok(&r.c, &st);
    cr_assert_eq(st.cr3, X86_BOOT_PML4_ADDR);
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        cr_assert(walk(r.ram, st.cr3, probes[i], &pa), "0x%llx not mapped",
                  (unsigned long long)probes[i]);
        cr_assert_eq(pa, probes[i], "0x%llx maps to 0x%llx", (unsigned long long)probes[i],
                     (unsigned long long)pa);
    }
    /* 2 MiB pages: every page directory entry has PS. */
    for (unsigned i = 0; i < 4 * 512; i++)
        cr_assert(get64(r.ram + X86_BOOT_PD_ADDR + i * 8) & 0x80, "PD entry %u is not 2 MiB", i);
    cr_assert_not(walk(r.ram, st.cr3, 0x100000000ull, &pa), "4 GiB mapped");
    cr_assert_not(walk(r.ram, st.cr3, 0xffffffff81000000ull, &pa), "upper half mapped");
    rig_close(&r);
}

/* Decodes the 8-byte descriptor at sel in the GDT (with the high half of a
 * system descriptor) as the CPU loads it into a segment register. */
static X86Segment decode(const uint8_t *ram, const X86BootState *st, uint16_t sel)
{
    cr_assert_leq(sel + 7u, st->gdt_limit, "selector 0x%x beyond the GDT limit", sel);
    uint64_t d = get64(ram + st->gdt_base + sel);
    X86Segment s = {
        .selector = sel,
        .base = (d >> 16 & 0xffffff) | (d >> 56 & 0xff) << 24,
        .limit = (uint32_t)((d & 0xffff) | (d >> 48 & 0xf) << 16),
        .type = d >> 40 & 0xf,
        .s = d >> 44 & 1,
        .dpl = d >> 45 & 3,
        .present = d >> 47 & 1,
        .avl = d >> 52 & 1,
        .l = d >> 53 & 1,
        .db = d >> 54 & 1,
        .g = d >> 55 & 1,
    };
    if (s.g)
        s.limit = s.limit << 12 | 0xfff;
    if (!s.s) {
        cr_assert_leq(sel + 15u, st->gdt_limit, "system descriptor 0x%x cut by the limit", sel);
        s.base |= (uint64_t)get32(ram + st->gdt_base + sel + 8) << 32;
    }
    return s;
}

static void expect_segment(const char *name, const X86Segment *got, const X86Segment *want)
{
    cr_assert(got->selector == want->selector && got->base == want->base &&
                  got->limit == want->limit && got->type == want->type && got->s == want->s &&
                  got->dpl == want->dpl && got->present == want->present && got->l == want->l &&
                  got->db == want->db && got->g == want->g && got->avl == want->avl,
              "%s: state {sel 0x%x base 0x%llx limit 0x%x type %u s %u p %u l %u db %u g %u} "
              "differs from its GDT descriptor",
              name, got->selector, (unsigned long long)got->base, got->limit, got->type, got->s,
              got->present, got->l, got->db, got->g);
}

Test(x86_boot, gdt_matches_entry_segments)
{
    X86BootState st;
    Rig r;

    rig_bz(&r, 128 * MiB);
    memset(r.ram + X86_BOOT_GDT_ADDR, 0xee, 0x80); /* a stale GDT must go */
    boot_ok(&r.c, &st);
    cr_assert_eq(st.gdt_base, X86_BOOT_GDT_ADDR);
    cr_assert_eq(get64(r.ram + st.gdt_base), 0, "GDT entry 0 is not null");
    X86Segment cs = decode(r.ram, &st, 0x10), ds = decode(r.ram, &st, 0x18);
    X86Segment tr = decode(r.ram, &st, st.tr.selector);
    expect_segment("cs", &st.cs, &cs);
    const X86Segment *data[] = {&st.ds, &st.es, &st.ss, &st.fs, &st.gs};
    for (size_t i = 0; i < 5; i++)
        expect_segment("data segment", data[i], &ds);
    expect_segment("tr", &st.tr, &tr);

    /* What the boot protocol and long mode ask of them. */
    cr_assert(cs.selector == 0x10 && cs.l == 1 && cs.db == 0 && cs.s == 1 && (cs.type & 0x8) &&
                  cs.present && cs.dpl == 0 && cs.base == 0,
              "CS is not a 64-bit code segment");
    cr_assert((cs.type & 0x2), "CS not readable");
    cr_assert(ds.selector == 0x18 && ds.s == 1 && !(ds.type & 0x8) && (ds.type & 0x2) &&
                  ds.present && ds.base == 0 && ds.limit == 0xffffffff,
              "DS is not a flat data segment");
    cr_assert(tr.s == 0 && tr.type == 0xb && tr.present && tr.limit >= 0x67,
              "TR is not a busy 64-bit TSS");
    cr_assert_leq(tr.base + tr.limit, 0x7000, "the TSS overlaps boot_params");
    cr_assert(st.ldt.unusable && !st.ldt.present && st.ldt.selector == 0, "LDT in use");
    cr_assert(!st.cs.unusable && !st.ds.unusable && !st.tr.unusable);
    rig_close(&r);
}

Test(x86_boot, entry_registers_are_long_mode)
{
    X86BootState st;
    Rig r;

    rig_bz(&r, 128 * MiB);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.cr0 & 0x80000001u, 0x80000001u, "cr0 0x%llx: PE and PG",
                 (unsigned long long)st.cr0);
    cr_assert(st.cr0 & 0x10, "cr0: ET");
    cr_assert(st.cr4 & 0x20, "cr4: PAE");
    cr_assert_eq(st.efer & 0x500, 0x500, "efer: LME and LMA");
    cr_assert_eq(st.rflags, 0x2, "rflags 0x%llx: interrupts must be off",
                 (unsigned long long)st.rflags);
    cr_assert_eq(st.idt_base, 0);
    cr_assert_eq(st.idt_limit, 0);
    cr_assert_eq(st.rsp, X86_BOOT_STACK_TOP);
    cr_assert_eq(st.rsp % 16, 0, "misaligned stack");
    cr_assert_gt(st.rsp, 0x8000, "stack inside boot_params");
    cr_assert_leq(st.rsp, X86_BOOT_PML4_ADDR);
    rig_close(&r);
}

/* -- ELF vmlinux -- */

enum { ELF_CODE = 8192, ELF_BSS = 12288 };
#define ELF_PADDR 0x1000000ull
#define ELF_VADDR 0xffffffff81000000ull

/* An ELF64 x86_64 vmlinux: one PT_LOAD of ELF_CODE bytes (plus bss) at
 * ELF_PADDR, linked at ELF_VADDR, entry at +0x40, and a PT_NOTE with the
 * Xen PVH entry 0x1000100. */
static uint8_t *fake_vmlinux(size_t *len)
{
    size_t code_off = 0x1000, note_off = 0x200;
    uint8_t *p = calloc(1, code_off + ELF_CODE); /* room for 3 program headers */
    Elf64_Ehdr *eh = (Elf64_Ehdr *)p;
    Elf64_Phdr *ph = (Elf64_Phdr *)(p + sizeof *eh);

    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = ELF_PADDR + 0x40;
    eh->e_phoff = sizeof *eh;
    eh->e_ehsize = sizeof *eh;
    eh->e_phentsize = sizeof *ph;
    eh->e_phnum = 2;
    ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
                         .p_flags = PF_R | PF_X,
                         .p_offset = code_off,
                         .p_vaddr = ELF_VADDR,
                         .p_paddr = ELF_PADDR,
                         .p_filesz = ELF_CODE,
                         .p_memsz = ELF_CODE + ELF_BSS,
                         .p_align = 0x200000};
    /* Two notes: another one first, then Xen's PHYS32_ENTRY. */
    static const struct {
        char name[4];
        uint32_t type, desc;
    } notes[] = {
        {"GNU", 1, 7},
        {"Xen", 18, 0x1000100},
    };
    for (size_t i = 0; i < 2; i++) {
        uint8_t *n = p + note_off + i * 20;
        put32(n, 4);     /* namesz */
        put32(n + 4, 4); /* descsz */
        put32(n + 8, notes[i].type);
        memcpy(n + 12, notes[i].name, 4);
        put32(n + 16, notes[i].desc);
    }
    ph[1] = (Elf64_Phdr){.p_type = PT_NOTE, .p_offset = note_off, .p_filesz = 40, .p_align = 4};
    fill(p + code_off, ELF_CODE, 21);
    *len = code_off + ELF_CODE;
    return p;
}

static Elf64_Ehdr *ehdr_of(uint8_t *p)
{
    return (Elf64_Ehdr *)p;
}

static Elf64_Phdr *phdr_of(uint8_t *p, int i)
{
    return (Elf64_Phdr *)(p + sizeof(Elf64_Ehdr)) + i;
}

Test(x86_boot, elf_vmlinux_by_segments)
{
    size_t len;
    uint8_t *k = fake_vmlinux(&len);
    X86BootState st;
    Rig r;

    rig_open(&r, 256 * MiB, k, len);
    memset(r.ram + ELF_PADDR + ELF_CODE, 0xaa, ELF_BSS);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.format, X86_KERNEL_ELF);
    cr_assert_eq(st.rip, ELF_PADDR + 0x40, "rip 0x%llx", (unsigned long long)st.rip);
    cr_assert_eq(st.pvh_entry, 0x1000100, "pvh entry 0x%llx", (unsigned long long)st.pvh_entry);
    cr_assert_eq(st.kernel_load, ELF_PADDR);
    cr_assert_eq(st.kernel_end, ELF_PADDR + ELF_CODE + ELF_BSS);
    cr_assert_eq(memcmp(r.ram + ELF_PADDR, k + 0x1000, ELF_CODE), 0, "segment bytes differ");
    for (unsigned i = 0; i < ELF_BSS; i++)
        cr_assert_eq(r.ram[ELF_PADDR + ELF_CODE + i], 0, "bss byte %u not cleared", i);
    /* The made-up setup header. */
    const uint8_t *bp = bp_of(&r);
    cr_assert_eq(get16(bp + 0x1fe), 0xaa55);
    cr_assert_eq(memcmp(bp + 0x202, "HdrS", 4), 0);
    cr_assert_geq(get16(bp + 0x206), 0x020e, "protocol without acpi_rsdp_addr");
    cr_assert_eq(bp[0x210], 0xff);
    cr_assert_eq(get32(bp + 0x238), 2047);
    cr_assert_eq(get32(bp + 0x228), X86_BOOT_CMDLINE_ADDR);
    cr_assert_eq(get64(bp + 0x70), 0xe0000);
    cr_assert_eq(st.cs.selector, 0x10);
    rig_close(&r);
}

/* A virtual e_entry is translated by its segment; no note, no PVH entry. */
Test(x86_boot, elf_virtual_entry_translated)
{
    size_t len;
    uint8_t *k = fake_vmlinux(&len), rd[3000];
    X86BootState st;
    Rig r;

    ehdr_of(k)->e_entry = ELF_VADDR + 0x80;
    phdr_of(k, 1)->p_type = PT_NULL;
    fill(rd, sizeof rd, 2);
    rig_open(&r, 256 * MiB, k, len);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.rip, ELF_PADDR + 0x80);
    cr_assert_eq(st.pvh_entry, 0);
    cr_assert_eq(st.initrd_start, (256 * MiB - sizeof rd) & ~4095ull);
    rig_close(&r);
}

#define EH(field) offsetof(Elf64_Ehdr, field)
#define PH0(field) (sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, field))

Test(x86_boot, elf_errors)
{
    static const Refusal cases[] = {
        {EI_CLASS, 1, ELFCLASS32, 0, "32-bit ELF"},
        {EI_DATA, 1, ELFDATA2MSB, 0, "big-endian"},
        {EH(e_machine), 2, EM_AARCH64, 0, "machine 183, not an x86_64 kernel"},
        {EH(e_type), 2, ET_DYN, 0, "not an executable ELF"},
        {PH0(p_type), 4, PT_NULL, 0, "no loadable segment"},
        {.len = 0x1000 + ELF_CODE - 100, .problem = "outside the file"},
        {.len = 20, .problem = "corrupt ELF header"},
        {PH0(p_paddr), 8, 0x8000, 0, "below 1 MiB"},
        {PH0(p_paddr), 8, 64 * MiB - 4096, 0, "does not fit in the RAM below 0x4000000"},
        {EH(e_entry), 8, 0x5000000, 0, "entry point 0x5000000 lies in no loadable segment"},
        {PH0(p_memsz), 8, 16, 0, "more bytes in the file than in memory"},
    };
    expect_refusals(fake_vmlinux, cases, sizeof cases / sizeof cases[0]);
}

/* A segment linked at virtual 0 (as Linux's per-CPU data is) that
 * covers e_entry's value virtually does not win over the segment holding
 * it physically, whatever their order. */
Test(x86_boot, elf_physical_entry_preferred)
{
    size_t len;
    uint8_t *k = fake_vmlinux(&len);
    X86BootState st;
    Rig r;

    *phdr_of(k, 2) = *phdr_of(k, 0);
    *phdr_of(k, 0) = (Elf64_Phdr){.p_type = PT_LOAD,
                                  .p_flags = PF_R | PF_W,
                                  .p_offset = 0x1000,
                                  .p_vaddr = 0,
                                  .p_paddr = 0x1100000,
                                  .p_memsz = 0x2000000};
    ehdr_of(k)->e_phnum = 3;
    rig_open(&r, 256 * MiB, k, len);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.rip, ELF_PADDR + 0x40, "rip 0x%llx", (unsigned long long)st.rip);
    cr_assert_eq(st.kernel_end, 0x3100000);
    rig_close(&r);
}

/* -- Debian's kernel -- */

/* The path of Debian's amd64 vmlinuz: the KVM suite's copy, or the one
 * tools/fetch-deb.sh unpacks, fetched here when neither is there. */
static void debian_vmlinuz(char *path, size_t n)
{
    static const char *const kvm = "tests/cache/kvm/vmlinuz";
    static const char *const pattern = "tests/cache/root-amd64/boot/vmlinuz-*-amd64";
    glob_t g;

    if (access(kvm, R_OK) == 0) {
        snprintf(path, n, "%s", kvm);
        return;
    }
    if (glob(pattern, 0, NULL, &g) != 0) {
        int rc =
            system("pkg=$(apt-cache depends linux-image-amd64:amd64 2>/dev/null | sed -n "
                   "'s/^ *Depends: \\(linux-image-[0-9.]*-[0-9]*-amd64\\).*/\\1/p' | head -n 1)"
                   " && [ -n \"$pkg\" ] && bash tools/fetch-deb.sh \"$pkg\" amd64 "
                   ">/dev/null 2>&1");
        cr_assert_eq(rc, 0,
                     "Debian's amd64 kernel is not in tests/cache and tools/fetch-deb.sh "
                     "could not fetch it (run from the source tree, with apt lists; exit %d)",
                     WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
        cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "tools/fetch-deb.sh left no %s", pattern);
    }
    snprintf(path, n, "%s", g.gl_pathv[g.gl_pathc - 1]);
    globfree(&g);
}

Test(x86_boot_debian, parses_and_loads_debian_vmlinuz, .timeout = 600)
{
    char path[512], err[256] = "";
    size_t len;
    uint8_t *k, rd[4096];
    X86SetupInfo si;
    X86BootState st;
    Rig r;

    debian_vmlinuz(path, sizeof path);
    k = read_file(path, &len);
    cr_assert(x86_boot_parse_setup(k, len, len, path, &si, err, sizeof err), "%s", err);
    cr_assert_geq(si.version, 0x020f, "%s: protocol 0x%x", path, si.version);
    cr_assert(si.relocatable, "%s: not relocatable", path);
    cr_assert_eq(si.pref_address, 0x1000000, "pref_address 0x%llx",
                 (unsigned long long)si.pref_address);
    cr_assert_leq(si.setup_size + si.kernel_size, len);
    cr_assert_gt(si.init_size, si.kernel_size, "init_size smaller than the compressed kernel");

    rig_open(&r, 512 * MiB, NULL, 0);
    r.c.kernel = path;
    fill(rd, sizeof rd, 1);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.rip, 0x1000200);
    cr_assert_eq(st.kernel_end, 0x1000000 + si.init_size);
    cr_assert_eq(memcmp(r.ram + 0x1000000, k + si.setup_size, si.kernel_size), 0,
                 "the protected-mode kernel differs in RAM");
    cr_assert_eq(memcmp(r.ram + X86_BOOT_PARAMS_ADDR + 0x1f1, k + 0x1f1, 0x210 - 0x1f1), 0,
                 "setup header not copied");
    cr_assert_eq(st.initrd_start, 512 * MiB - 4096);
    rig_close(&r);
    free(k);
}
