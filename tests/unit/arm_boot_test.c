/*
 * The ARM kernel loader: a fake zImage, the same gzip-compressed and a raw
 * Image each land at RAM + 0x10000 with the DT entry registers; initrd and
 * DTB placement for 128 MiB, 512 MiB and 2 GiB of RAM (compared with where
 * qemu-system-arm puts them) without overlaps; every error case with its
 * message.
 */
#include <criterion/criterion.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "system/boot/arm_boot.h"
#include "tests/unit/boot_test_util.h"

#define MiB (1024ull * 1024)
#define BASE 0x40000000ull

/* -- Fixtures -- */

/* One test's world: a scratch directory with the kernel file in it, guest
 * RAM, and a configuration booting that kernel (2 CPUs, a command line).
 * RAM is reserved address space: only the pages written cost memory. */
typedef struct Rig {
    char dir[64], kernel[128], initrd[128], dtb[128];
    uint8_t *ram;
    ArmBootConfig c;
} Rig;

static void rig_open(Rig *r, uint64_t ram_size, const void *kernel, size_t n)
{
    scratch_dir(r->dir, sizeof r->dir, "arm_boot_test");
    snprintf(r->kernel, sizeof r->kernel, "%s/kernel", r->dir);
    snprintf(r->initrd, sizeof r->initrd, "%s/initrd", r->dir);
    snprintf(r->dtb, sizeof r->dtb, "%s/user.dtb", r->dir);
    if (kernel)
        write_file(r->kernel, kernel, n);
    r->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert_neq(r->ram, MAP_FAILED, "mmap of %llu bytes failed", (unsigned long long)ram_size);
    r->c = (ArmBootConfig){
        .kernel = r->kernel, .ram_base = BASE, .ram_size = ram_size, .ram = r->ram,
        .fdt = { .ncpus = 2, .cpu_compatible = "arm,cortex-a15", .bootargs = "console=ttyAMA0" },
    };
}

/* Gives the rig an initrd file of n bytes. */
static void rig_initrd(Rig *r, const void *data, size_t n)
{
    write_file(r->initrd, data, n);
    r->c.initrd = r->initrd;
}

static void rig_close(Rig *r)
{
    munmap(r->ram, r->c.ram_size);
    scratch_remove(r->dir);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Pseudo-random bytes that match no magic number of any format. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
    if (n)
        p[0] = 0x01;
}

/* A zImage of n bytes whose header says so. With klsz, its extension table
 * has a KLSZ tag saying the kernel inflates to inflated bytes plus bss. */
static uint8_t *fake_zimage(size_t n, bool klsz, uint32_t inflated, uint32_t bss)
{
    uint8_t *z = malloc(n);
    fill(z, n, 7);
    put32(z + 0x24, 0x016f2818);
    put32(z + 0x28, 0);
    put32(z + 0x2c, (uint32_t)n);
    if (klsz) {
        uint32_t tbl = 0x100, size_ptr = (uint32_t)n - 16;
        put32(z + 0x30, 0x04030201);
        put32(z + 0x34, 0x45454545);
        put32(z + 0x38, tbl);
        put32(z + tbl, 6);
        put32(z + tbl + 4, 0x5a534c4b);
        put32(z + tbl + 8, size_ptr);
        put32(z + tbl + 12, bss);
        put32(z + tbl + 16, 0x8000);
        put32(z + tbl + 20, 0x10000);
        put32(z + tbl + 24, 0);
        put32(z + size_ptr, inflated);
    }
    return z;
}

static size_t gzip(const uint8_t *in, size_t n, uint8_t **out)
{
    z_stream zs = { 0 };
    size_t cap = compressBound(n) + 64;

    *out = malloc(cap);
    cr_assert_eq(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (uint8_t *)in;
    zs.avail_in = (uInt)n;
    zs.next_out = *out;
    zs.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    return zs.total_out;
}

static void boot_ok(const ArmBootConfig *c, ArmBootState *st)
{
    char err[256] = "";
    cr_assert(arm_boot_load(c, st, err, sizeof err), "arm_boot_load: %s", err);
}

static void boot_fails(const ArmBootConfig *c, const char *file, const char *problem)
{
    ArmBootState st;
    char err[256] = "";

    cr_assert_not(arm_boot_load(c, &st, err, sizeof err), "accepted; wanted \"%s\"", problem);
    if (file)
        cr_assert(strstr(err, file), "message does not name %s: %s", file, err);
    cr_assert(strstr(err, problem), "message \"%s\" lacks \"%s\"", err, problem);
    cr_assert_null(strchr(err, '\n'), "message is not one line: %s", err);
}

/* The DT entry state every kernel format gets. */
static void expect_entry(const ArmBootState *st)
{
    cr_assert_eq(st->pc, BASE + 0x10000, "pc 0x%x", st->pc);
    cr_assert_eq(st->r[0], 0);
    cr_assert_eq(st->r[1], 0xffffffffu);
    cr_assert_eq(st->r[2], st->dtb_start);
    cr_assert_eq(st->cpsr & 0x1f, 0x13, "not SVC mode");
    cr_assert_eq(st->cpsr & 0x1c0, 0x1c0, "A, I, F not masked");
    cr_assert_eq(st->cpsr & 0x20, 0, "Thumb state");
}

static const void *ram_at(const ArmBootConfig *c, uint64_t pa)
{
    return c->ram + (pa - c->ram_base);
}

/* The DTB in RAM is a whole tree whose /chosen describes this load. */
static void expect_dtb(const ArmBootConfig *c, const ArmBootState *st)
{
    const void *fdt = ram_at(c, st->dtb_start);
    int chosen, len;
    const fdt32_t *p;

    cr_assert_eq(st->dtb_start % 4096, 0, "DTB not page aligned");
    cr_assert_eq(fdt_check_full(fdt, st->dtb_size), 0, "DTB in RAM is not a valid tree");
    chosen = fdt_path_offset(fdt, "/chosen");
    cr_assert_geq(chosen, 0);
    cr_assert_str_eq(fdt_getprop(fdt, chosen, "bootargs", NULL), "console=ttyAMA0");
    p = fdt_getprop(fdt, chosen, "linux,initrd-start", &len);
    if (st->initrd_size) {
        cr_assert(p && len == 4, "no linux,initrd-start");
        cr_assert_eq(fdt32_to_cpu(*p), st->initrd_start);
        p = fdt_getprop(fdt, chosen, "linux,initrd-end", &len);
        cr_assert(p && len == 4, "no linux,initrd-end");
        cr_assert_eq(fdt32_to_cpu(*p), st->initrd_start + st->initrd_size);
    } else {
        cr_assert_null(p, "linux,initrd-start without an initrd");
    }
    p = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory"), "reg", &len);
    cr_assert(p && len == 16, "no /memory reg");
    cr_assert_eq(((uint64_t)fdt32_to_cpu(p[2]) << 32 | fdt32_to_cpu(p[3])), c->ram_size);
}

/* -- Kernel formats -- */

/* Boots a kernel file in ram_size of RAM and checks that want (n bytes)
 * sits at RAM + 0x10000 as a kernel of the given format, entered with the
 * DT entry state and a valid tree. */
static ArmBootState boot_kernel_file(uint64_t ram_size, const void *file, size_t file_len,
                                     const uint8_t *want, size_t n, ArmKernelFormat format,
                                     bool gzipped)
{
    ArmBootState st;
    Rig r;

    rig_open(&r, ram_size, file, file_len);
    boot_ok(&r.c, &st);
    expect_entry(&st);
    cr_assert_eq(st.format, format, "format %d, want %d", st.format, format);
    cr_assert_eq(st.gzipped, gzipped);
    cr_assert_eq(st.kernel_size, n);
    cr_assert_eq(memcmp(ram_at(&r.c, BASE + 0x10000), want, n), 0, "kernel bytes differ in RAM");
    expect_dtb(&r.c, &st);
    rig_close(&r);
    return st;
}

Test(arm_boot, zimage_loaded_as_is)
{
    size_t n = 300000;
    uint8_t *z = fake_zimage(n, false, 0, 0);

    ArmBootState st = boot_kernel_file(512 * MiB, z, n, z, n, ARM_KERNEL_ZIMAGE, false);
    cr_assert_eq(st.kernel_end, BASE + 0x10000 + n);
    free(z);
}

Test(arm_boot, gzip_kernel_inflated_in_place)
{
    size_t n = 1000000;
    uint8_t *z = fake_zimage(n, true, 4 * MiB, 256 * 1024), *gz;
    size_t gz_len = gzip(z, n, &gz);

    boot_kernel_file(512 * MiB, gz, gz_len, z, n, ARM_KERNEL_ZIMAGE, true);
    free(z);
    free(gz);
}

Test(arm_boot, raw_image_loaded_as_is)
{
    size_t n = 77777;
    uint8_t *img = malloc(n);

    fill(img, n, 99);
    boot_kernel_file(128 * MiB, img, n, img, n, ARM_KERNEL_IMAGE, false);
    free(img);
}

Test(arm_boot, user_dtb_used_with_chosen_set)
{
    uint8_t *z = fake_zimage(65536, false, 0, 0), rd[5000];
    ArmBootState st;
    char err[256];
    size_t sz;
    Rig r;

    rig_open(&r, 256 * MiB, z, 65536);
    fill(rd, sizeof rd, 3);
    rig_initrd(&r, rd, sizeof rd);
    /* A tree with 4 CPUs, given as a file to a 2-CPU configuration. */
    VirtFdtDesc d = { .ram_base = BASE, .ram_size = 64 * MiB, .ncpus = 4 };
    void *user = virt_fdt_build(&d, &sz, err, sizeof err);
    cr_assert_not_null(user, "%s", err);
    write_file(r.dtb, user, sz);
    r.c.dtb = r.dtb;
    boot_ok(&r.c, &st);
    expect_entry(&st);
    expect_dtb(&r.c, &st);
    cr_assert_geq(fdt_path_offset(ram_at(&r.c, st.dtb_start), "/cpus/cpu@3"), 0,
                  "the DTB in RAM is not the user's");
    rig_close(&r);
    free(user);
    free(z);
}

/* -- Placement -- */

/* A rig with a 3 MB raw kernel and a 1.2 MB initrd in ram_mib of RAM;
 * placement then depends on the RAM size alone. */
enum { PLACE_KERNEL = 3000000, PLACE_INITRD = 1234567 };

static void rig_open_placement(Rig *r, uint64_t ram_mib, uint8_t **k, uint8_t **rd)
{
    *k = malloc(PLACE_KERNEL);
    *rd = malloc(PLACE_INITRD);
    fill(*k, PLACE_KERNEL, 1);
    fill(*rd, PLACE_INITRD, 2);
    rig_open(r, ram_mib * MiB, *k, PLACE_KERNEL);
    rig_initrd(r, *rd, PLACE_INITRD);
}

/* The layout: initrd where qemu puts it, DTB page-aligned after it, no
 * overlaps, everything inside RAM. */
static void place(uint64_t ram_mib, uint64_t want_initrd)
{
    uint8_t *k, *rd;
    ArmBootState st;
    Rig r;

    rig_open_placement(&r, ram_mib, &k, &rd);
    boot_ok(&r.c, &st);
    expect_entry(&st);
    cr_assert_eq(st.initrd_start, want_initrd, "%llu MiB: initrd at 0x%llx, want 0x%llx",
                 (unsigned long long)ram_mib, (unsigned long long)st.initrd_start,
                 (unsigned long long)want_initrd);
    cr_assert_eq(st.initrd_size, PLACE_INITRD);
    cr_assert_eq(memcmp(ram_at(&r.c, st.initrd_start), rd, PLACE_INITRD), 0,
                 "initrd bytes differ in RAM");
    cr_assert_eq(memcmp(ram_at(&r.c, BASE + 0x10000), k, PLACE_KERNEL), 0,
                 "kernel bytes differ in RAM");
    cr_assert_eq(st.dtb_start, (st.initrd_start + PLACE_INITRD + 4095) & ~4095ull);
    cr_assert_leq(st.kernel_end, st.initrd_start, "kernel overlaps initrd");
    cr_assert_leq(st.initrd_start + st.initrd_size, st.dtb_start, "initrd overlaps DTB");
    cr_assert_leq(st.dtb_start + st.dtb_size, BASE + ram_mib * MiB, "DTB beyond RAM");
    expect_dtb(&r.c, &st);
    rig_close(&r);
    free(k);
    free(rd);
}

Test(arm_boot, placement_128mib)
{
    place(128, BASE + 64 * MiB);
}

Test(arm_boot, placement_512mib)
{
    place(512, BASE + 128 * MiB);
}

Test(arm_boot, placement_2gib)
{
    place(2048, BASE + 128 * MiB);
}

Test(arm_boot, dtb_takes_initrd_place_without_one)
{
    uint8_t *z = fake_zimage(4096, false, 0, 0);
    ArmBootState st;
    Rig r;

    rig_open(&r, 128 * MiB, z, 4096);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.initrd_size, 0);
    cr_assert_eq(st.dtb_start, BASE + 64 * MiB);
    expect_dtb(&r.c, &st);
    rig_close(&r);
    free(z);
}

/* A zImage that inflates to 70 MiB in 128 MiB of RAM: the initrd and DTB
 * move above the decompression area instead of sitting at 64 MiB. */
Test(arm_boot, initrd_and_dtb_clear_the_decompression_area)
{
    size_t n = 200000;
    uint32_t inflated = 70 * MiB, bss = 1 * MiB;
    uint8_t *z = fake_zimage(n, true, inflated, bss), rd[3000];
    ArmBootState st;
    Rig r;

    fill(rd, sizeof rd, 5);
    rig_open(&r, 128 * MiB, z, n);
    rig_initrd(&r, rd, sizeof rd);
    boot_ok(&r.c, &st);
    uint64_t decomp_end = BASE + 0x8000 + inflated + bss;
    cr_assert_geq(st.kernel_end, decomp_end + n, "area ends below the relocated decompressor");
    cr_assert_geq(st.initrd_start, st.kernel_end, "initrd inside the decompression area");
    cr_assert_eq(st.initrd_start % 4096, 0);
    cr_assert_geq(st.dtb_start, st.initrd_start + sizeof rd);
    expect_dtb(&r.c, &st);
    rig_close(&r);
    free(z);
}

/* The same addresses as qemu-system-arm for the same files: read from the
 * /chosen of the tree qemu dumps. */
static void compare_placement_with_qemu(unsigned ram_mib)
{
    char opts[600];
    uint8_t *k, *rd;
    ArmBootState st;
    Rig r;

    rig_open_placement(&r, ram_mib, &k, &rd);
    snprintf(opts, sizeof opts, "-m %u -kernel %s -initrd %s", ram_mib, r.kernel, r.initrd);
    void *q = qemu_dtb(r.dir, opts);
    int chosen = fdt_path_offset(q, "/chosen");
    const fdt32_t *qs = fdt_getprop(q, chosen, "linux,initrd-start", NULL);
    const fdt32_t *qe = fdt_getprop(q, chosen, "linux,initrd-end", NULL);
    cr_assert(qs && qe, "qemu's tree has no initrd bounds");

    boot_ok(&r.c, &st);
    cr_assert_eq(st.initrd_start, fdt32_to_cpu(*qs), "%u MiB: initrd 0x%llx, qemu 0x%x", ram_mib,
                 (unsigned long long)st.initrd_start, fdt32_to_cpu(*qs));
    cr_assert_eq(st.initrd_start + st.initrd_size, fdt32_to_cpu(*qe));
    free(q);
    rig_close(&r);
    free(k);
    free(rd);
}

Test(arm_boot_qemu, placement_matches_qemu_128mib, .timeout = 120)
{
    compare_placement_with_qemu(128);
}

Test(arm_boot_qemu, placement_matches_qemu_512mib, .timeout = 120)
{
    compare_placement_with_qemu(512);
}

Test(arm_boot_qemu, placement_matches_qemu_2gib, .timeout = 120)
{
    compare_placement_with_qemu(2048);
}

/* -- Errors -- */

Test(arm_boot, missing_kernel)
{
    Rig r;

    rig_open(&r, 64 * MiB, NULL, 0);
    boot_fails(&r.c, r.kernel, "No such file");
    r.c.kernel = r.dir;
    boot_fails(&r.c, r.dir, "is a directory");
    r.c.kernel = NULL;
    boot_fails(&r.c, NULL, "no kernel");
    rig_close(&r);
}

/* Files that are something else than a kernel, each named for what it is. */
Test(arm_boot, not_a_kernel)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *problem;
    } cases[] = {
        { "", 0, "empty file" },
        { "\177ELF\1\1\1", 7, "ELF" },
        { "\x27\x05\x19\x56", 4, "uImage" },
        { "\xd0\x0d\xfe\xed", 4, "device tree" },
        { "\3757zXZ\0", 6, "xz-compressed" },
        { "\x28\xb5\x2f\xfd", 4, "zstd-compressed" },
        { "BZh9", 4, "bzip2-compressed" },
        { "070701", 6, "cpio" },
    };
    uint8_t buf[0x40], *gz;
    Rig r;

    rig_open(&r, 64 * MiB, NULL, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(r.kernel, cases[i].bytes, cases[i].len);
        boot_fails(&r.c, r.kernel, cases[i].problem);
    }
    /* An arm64 Image: "ARM\x64" at 0x38. */
    fill(buf, sizeof buf, 4);
    memcpy(buf + 0x38, "ARMd", 4);
    write_file(r.kernel, buf, sizeof buf);
    boot_fails(&r.c, r.kernel, "arm64");
    /* A big-endian zImage. */
    fill(buf, sizeof buf, 4);
    memcpy(buf + 0x24, "\x01\x6f\x28\x18", 4);
    write_file(r.kernel, buf, sizeof buf);
    boot_fails(&r.c, r.kernel, "big-endian zImage");
    /* An ELF file, gzip-compressed: the message says so. */
    size_t gz_len = gzip((const uint8_t *)"\177ELF\1\1\1", 7, &gz);
    write_file(r.kernel, gz, gz_len);
    boot_fails(&r.c, r.kernel, "(gzip-compressed): an ELF file");
    free(gz);
    rig_close(&r);
}

Test(arm_boot, corrupt_zimage_header)
{
    uint8_t *z = fake_zimage(10000, false, 0, 0);
    Rig r;

    /* The header claims more than the file holds. */
    rig_open(&r, 64 * MiB, z, 5000);
    boot_fails(&r.c, r.kernel, "truncated zImage");
    /* end below start. */
    put32(z + 0x28, 0x8000);
    put32(z + 0x2c, 0x4000);
    write_file(r.kernel, z, 10000);
    boot_fails(&r.c, r.kernel, "corrupt zImage header");
    rig_close(&r);
    free(z);
}

/* A KLSZ table or size word outside the image is ignored, not followed. */
static void expect_table_ignored(unsigned at, uint32_t bad)
{
    uint8_t *z = fake_zimage(8192, true, 50 * MiB, 0);
    ArmBootState st;
    Rig r;

    put32(z + at, bad);
    rig_open(&r, 64 * MiB, z, 8192);
    boot_ok(&r.c, &st);
    cr_assert_eq(st.kernel_end, BASE + 0x10000 + 8192, "offset 0x%x = 0x%x followed", at, bad);
    rig_close(&r);
    free(z);
}

Test(arm_boot, zimage_table_out_of_bounds_ignored)
{
    expect_table_ignored(0x38, 0xfffffff0u);       /* the table offset */
    expect_table_ignored(0x100, 0x40000000u);      /* the tag's size in words */
    expect_table_ignored(0x100 + 8, 0x7ffffff0u);  /* the size word's offset */
}

Test(arm_boot, kernel_larger_than_ram)
{
    size_t n = 2 * MiB;
    uint8_t *img = malloc(n);
    Rig r;

    fill(img, n, 8);
    rig_open(&r, 1 * MiB, img, n);
    boot_fails(&r.c, r.kernel, "larger than");
    rig_close(&r);
    free(img);
}

Test(arm_boot, gzip_kernel_larger_than_ram)
{
    size_t n = 4 * MiB;
    uint8_t *img = calloc(1, n), *gz;
    Rig r;

    img[0] = 1; /* zeroes compress to almost nothing: a small file, a big kernel */
    size_t gz_len = gzip(img, n, &gz);
    rig_open(&r, 2 * MiB, gz, gz_len);
    boot_fails(&r.c, r.kernel, "decompressed kernel is larger than");
    rig_close(&r);
    free(img);
    free(gz);
}

Test(arm_boot, corrupt_gzip)
{
    size_t n = 200000;
    uint8_t *img = malloc(n), *gz;
    Rig r;

    fill(img, n, 9);
    size_t gz_len = gzip(img, n, &gz);
    /* Cut short. */
    rig_open(&r, 64 * MiB, gz, gz_len / 2);
    boot_fails(&r.c, r.kernel, "truncated gzip");
    /* Damaged deflate data. */
    memset(gz + 100, 0xff, 64);
    write_file(r.kernel, gz, gz_len);
    boot_fails(&r.c, r.kernel, "corrupt gzip");
    /* A wrong checksum in the trailer. */
    free(gz);
    gz_len = gzip(img, n, &gz);
    gz[gz_len - 6] ^= 0x5a;
    write_file(r.kernel, gz, gz_len);
    boot_fails(&r.c, r.kernel, "corrupt gzip");
    rig_close(&r);
    free(img);
    free(gz);
}

Test(arm_boot, initrd_errors)
{
    size_t rn = 40 * MiB;
    uint8_t *z = fake_zimage(4096, false, 0, 0), *rd = malloc(rn);
    Rig r;

    fill(rd, rn, 10);
    rig_open(&r, 64 * MiB, z, 4096);
    r.c.initrd = r.initrd;
    boot_fails(&r.c, r.initrd, "No such file");
    /* 64 MiB of RAM: the initrd goes at 32 MiB, 40 MiB do not fit. */
    rig_initrd(&r, rd, rn);
    boot_fails(&r.c, r.initrd, "larger than");
    /* A kernel area reaching the end of RAM leaves no room at all. */
    free(z);
    z = fake_zimage(8192, true, 80 * MiB, 0);
    write_file(r.kernel, z, 8192);
    rig_initrd(&r, rd, 100);
    boot_fails(&r.c, r.initrd, "no RAM left after the kernel");
    rig_close(&r);
    free(z);
    free(rd);
}

Test(arm_boot, dtb_errors)
{
    size_t rn = 32 * MiB - 4096;
    uint8_t *z = fake_zimage(4096, false, 0, 0), *rd = calloc(1, rn + 4096);
    Rig r;

    rig_open(&r, 64 * MiB, z, 4096);
    r.c.dtb = r.dtb;
    boot_fails(&r.c, r.dtb, "No such file");
    write_file(r.dtb, "garbage garbage garbage garbage garbage garbage", 47);
    boot_fails(&r.c, r.dtb, "not a valid device tree");
    /* An initrd filling RAM to its last page leaves no room for the tree;
     * one filling it to the end leaves no address for it. */
    r.c.dtb = NULL;
    rig_initrd(&r, rd, rn);
    boot_fails(&r.c, NULL, "does not fit");
    rig_initrd(&r, rd, rn + 4096);
    boot_fails(&r.c, NULL, "no RAM left for the device tree");
    rig_close(&r);
    free(z);
    free(rd);
}

Test(arm_boot, bad_ram_refused)
{
    Rig r;

    rig_open(&r, 1 * MiB, NULL, 0);
    r.c.ram_size = 0x10000;
    boot_fails(&r.c, NULL, "cannot hold");
    r.c.ram_size = 1 * MiB;
    r.c.ram_base = 0xfffff000ull;
    boot_fails(&r.c, NULL, "cannot hold");
    r.c.ram_base = BASE;
    r.c.ram = NULL;
    boot_fails(&r.c, NULL, "cannot hold");
    rig_close(&r);
}
