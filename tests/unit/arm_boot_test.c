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
#include <unistd.h>
#include <zlib.h>

#include "system/boot/arm_boot.h"

#define MiB (1024ull * 1024)
#define BASE 0x40000000ull

/* -- Fixtures -- */

typedef struct Files {
    char dir[64];
    char kernel[128], initrd[128], dtb[128];
} Files;

static void files_init(Files *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/arm_boot_test.XXXXXX");
    cr_assert_not_null(mkdtemp(f->dir), "mkdtemp failed");
    snprintf(f->kernel, sizeof f->kernel, "%s/kernel", f->dir);
    snprintf(f->initrd, sizeof f->initrd, "%s/initrd", f->dir);
    snprintf(f->dtb, sizeof f->dtb, "%s/user.dtb", f->dir);
}

static void files_remove(Files *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    cr_assert_eq(system(cmd), 0);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Guest RAM: reserved address space, only touched pages cost memory. */
static uint8_t *ram_new(uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    cr_assert_neq(p, MAP_FAILED, "mmap of %llu bytes failed", (unsigned long long)size);
    return p;
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

static ArmBootConfig config(const Files *f, uint8_t *ram, uint64_t ram_size, bool initrd)
{
    ArmBootConfig c = {
        .kernel = f->kernel, .initrd = initrd ? f->initrd : NULL,
        .ram_base = BASE, .ram_size = ram_size, .ram = ram,
        .fdt = { .ncpus = 2, .cpu_compatible = "arm,cortex-a15", .bootargs = "console=ttyAMA0" },
    };
    return c;
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

Test(arm_boot, zimage_loaded_as_is)
{
    Files f;
    size_t n = 300000;
    uint8_t *z = fake_zimage(n, false, 0, 0), *ram = ram_new(512 * MiB);
    ArmBootState st;

    files_init(&f);
    write_file(f.kernel, z, n);
    ArmBootConfig c = config(&f, ram, 512 * MiB, false);
    boot_ok(&c, &st);
    expect_entry(&st);
    cr_assert_eq(st.format, ARM_KERNEL_ZIMAGE);
    cr_assert_not(st.gzipped);
    cr_assert_eq(st.kernel_size, n);
    cr_assert_eq(memcmp(ram_at(&c, BASE + 0x10000), z, n), 0, "kernel bytes differ in RAM");
    cr_assert_eq(st.kernel_end, BASE + 0x10000 + n);
    expect_dtb(&c, &st);
    munmap(ram, 512 * MiB);
    free(z);
    files_remove(&f);
}

Test(arm_boot, gzip_kernel_inflated_in_place)
{
    Files f;
    size_t n = 1000000, gz_len;
    uint8_t *z = fake_zimage(n, true, 4 * MiB, 256 * 1024), *gz, *ram = ram_new(512 * MiB);
    ArmBootState st;

    files_init(&f);
    gz_len = gzip(z, n, &gz);
    write_file(f.kernel, gz, gz_len);
    ArmBootConfig c = config(&f, ram, 512 * MiB, false);
    boot_ok(&c, &st);
    expect_entry(&st);
    cr_assert(st.gzipped);
    cr_assert_eq(st.format, ARM_KERNEL_ZIMAGE);
    cr_assert_eq(st.kernel_size, n);
    cr_assert_eq(memcmp(ram_at(&c, BASE + 0x10000), z, n), 0, "inflated bytes differ in RAM");
    expect_dtb(&c, &st);
    munmap(ram, 512 * MiB);
    free(z);
    free(gz);
    files_remove(&f);
}

Test(arm_boot, raw_image_loaded_as_is)
{
    Files f;
    size_t n = 77777;
    uint8_t *img = malloc(n), *ram = ram_new(128 * MiB);
    ArmBootState st;

    fill(img, n, 99);
    files_init(&f);
    write_file(f.kernel, img, n);
    ArmBootConfig c = config(&f, ram, 128 * MiB, false);
    boot_ok(&c, &st);
    expect_entry(&st);
    cr_assert_eq(st.format, ARM_KERNEL_IMAGE);
    cr_assert_eq(st.kernel_size, n);
    cr_assert_eq(memcmp(ram_at(&c, BASE + 0x10000), img, n), 0, "Image bytes differ in RAM");
    expect_dtb(&c, &st);
    munmap(ram, 128 * MiB);
    free(img);
    files_remove(&f);
}

Test(arm_boot, user_dtb_used_with_chosen_set)
{
    Files f;
    uint8_t *z = fake_zimage(65536, false, 0, 0), *ram = ram_new(256 * MiB), rd[5000];
    ArmBootState st;
    char err[256];
    size_t sz;

    files_init(&f);
    write_file(f.kernel, z, 65536);
    fill(rd, sizeof rd, 3);
    write_file(f.initrd, rd, sizeof rd);
    /* A tree with 4 CPUs, given as a file to a 2-CPU configuration. */
    VirtFdtDesc d = { .ram_base = BASE, .ram_size = 64 * MiB, .ncpus = 4 };
    void *user = virt_fdt_build(&d, &sz, err, sizeof err);
    cr_assert_not_null(user, "%s", err);
    write_file(f.dtb, user, sz);
    ArmBootConfig c = config(&f, ram, 256 * MiB, true);
    c.dtb = f.dtb;
    boot_ok(&c, &st);
    expect_entry(&st);
    expect_dtb(&c, &st);
    cr_assert_geq(fdt_path_offset(ram_at(&c, st.dtb_start), "/cpus/cpu@3"), 0,
                  "the DTB in RAM is not the user's");
    munmap(ram, 256 * MiB);
    free(user);
    free(z);
    files_remove(&f);
}

/* -- Placement -- */

/* Loads a 3 MB raw kernel and a 1.2 MB initrd into ram_mib of RAM and checks
 * the layout: initrd where qemu puts it, DTB page-aligned after it, no
 * overlaps, everything inside RAM. */
static ArmBootState place(uint64_t ram_mib, uint64_t want_initrd)
{
    Files f;
    uint64_t ram_size = ram_mib * MiB;
    size_t kn = 3000000, in = 1234567;
    uint8_t *k = malloc(kn), *rd = malloc(in), *ram = ram_new(ram_size);
    ArmBootState st;

    fill(k, kn, 1);
    fill(rd, in, 2);
    files_init(&f);
    write_file(f.kernel, k, kn);
    write_file(f.initrd, rd, in);
    ArmBootConfig c = config(&f, ram, ram_size, true);
    boot_ok(&c, &st);
    expect_entry(&st);
    cr_assert_eq(st.initrd_start, want_initrd, "%llu MiB: initrd at 0x%llx, want 0x%llx",
                 (unsigned long long)ram_mib, (unsigned long long)st.initrd_start,
                 (unsigned long long)want_initrd);
    cr_assert_eq(st.initrd_size, in);
    cr_assert_eq(memcmp(ram_at(&c, st.initrd_start), rd, in), 0, "initrd bytes differ in RAM");
    cr_assert_eq(memcmp(ram_at(&c, BASE + 0x10000), k, kn), 0, "kernel bytes differ in RAM");
    cr_assert_eq(st.dtb_start, (st.initrd_start + in + 4095) & ~4095ull);
    cr_assert_leq(st.kernel_end, st.initrd_start, "kernel overlaps initrd");
    cr_assert_leq(st.initrd_start + st.initrd_size, st.dtb_start, "initrd overlaps DTB");
    cr_assert_leq(st.dtb_start + st.dtb_size, BASE + ram_size, "DTB beyond RAM");
    expect_dtb(&c, &st);
    munmap(ram, ram_size);
    free(k);
    free(rd);
    files_remove(&f);
    return st;
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
    Files f;
    uint8_t *z = fake_zimage(4096, false, 0, 0), *ram = ram_new(128 * MiB);
    ArmBootState st;

    files_init(&f);
    write_file(f.kernel, z, 4096);
    ArmBootConfig c = config(&f, ram, 128 * MiB, false);
    boot_ok(&c, &st);
    cr_assert_eq(st.initrd_size, 0);
    cr_assert_eq(st.dtb_start, BASE + 64 * MiB);
    expect_dtb(&c, &st);
    munmap(ram, 128 * MiB);
    free(z);
    files_remove(&f);
}

/* A zImage that inflates to 70 MiB in 128 MiB of RAM: the initrd and DTB
 * move above the decompression area instead of sitting at 64 MiB. */
Test(arm_boot, initrd_and_dtb_clear_the_decompression_area)
{
    Files f;
    size_t n = 200000;
    uint32_t inflated = 70 * MiB, bss = 1 * MiB;
    uint8_t *z = fake_zimage(n, true, inflated, bss), *ram = ram_new(128 * MiB), rd[3000];
    ArmBootState st;

    fill(rd, sizeof rd, 5);
    files_init(&f);
    write_file(f.kernel, z, n);
    write_file(f.initrd, rd, sizeof rd);
    ArmBootConfig c = config(&f, ram, 128 * MiB, true);
    boot_ok(&c, &st);
    uint64_t decomp_end = BASE + 0x8000 + inflated + bss;
    cr_assert_geq(st.kernel_end, decomp_end + n, "area ends below the relocated decompressor");
    cr_assert_geq(st.initrd_start, st.kernel_end, "initrd inside the decompression area");
    cr_assert_eq(st.initrd_start % 4096, 0);
    cr_assert_geq(st.dtb_start, st.initrd_start + sizeof rd);
    expect_dtb(&c, &st);
    munmap(ram, 128 * MiB);
    free(z);
    files_remove(&f);
}

/* The same addresses as qemu-system-arm for the same files: read from the
 * /chosen of the tree qemu dumps. */
static void compare_placement_with_qemu(unsigned ram_mib)
{
    Files f;
    char cmd[1024], out[160];
    size_t kn = 3000000, in = 1234567;
    uint8_t *k = malloc(kn), *rd = malloc(in), *ram = ram_new(ram_mib * MiB);
    ArmBootState st;

    cr_assert_eq(system("command -v qemu-system-arm >/dev/null 2>&1"), 0,
                 "qemu-system-arm not found: it is needed to compare placement "
                 "(bash tools/deps.sh installs it)");
    fill(k, kn, 1);
    fill(rd, in, 2);
    files_init(&f);
    write_file(f.kernel, k, kn);
    write_file(f.initrd, rd, in);
    snprintf(out, sizeof out, "%s/qemu.dtb", f.dir);
    snprintf(cmd, sizeof cmd,
             "timeout 60 qemu-system-arm -M virt,dumpdtb=%s -m %u -nographic -nic none "
             "-kernel %s -initrd %s </dev/null >/dev/null 2>&1", out, ram_mib, f.kernel, f.initrd);
    cr_assert_eq(system(cmd), 0, "qemu-system-arm failed: %s", cmd);
    FILE *q = fopen(out, "rb");
    cr_assert_not_null(q, "qemu wrote no %s", out);
    static uint8_t qdtb[1 << 20];
    size_t qn = fread(qdtb, 1, sizeof qdtb, q);
    fclose(q);
    cr_assert_eq(fdt_check_full(qdtb, qn), 0, "qemu's tree is not valid");
    int chosen = fdt_path_offset(qdtb, "/chosen");
    const fdt32_t *qs = fdt_getprop(qdtb, chosen, "linux,initrd-start", NULL);
    const fdt32_t *qe = fdt_getprop(qdtb, chosen, "linux,initrd-end", NULL);
    cr_assert(qs && qe, "qemu's tree has no initrd bounds");

    ArmBootConfig c = config(&f, ram, ram_mib * MiB, true);
    boot_ok(&c, &st);
    cr_assert_eq(st.initrd_start, fdt32_to_cpu(*qs), "%u MiB: initrd 0x%llx, qemu 0x%x", ram_mib,
                 (unsigned long long)st.initrd_start, fdt32_to_cpu(*qs));
    cr_assert_eq(st.initrd_start + st.initrd_size, fdt32_to_cpu(*qe));
    munmap(ram, ram_mib * MiB);
    free(k);
    free(rd);
    files_remove(&f);
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
    Files f;
    uint8_t *ram = ram_new(64 * MiB);

    files_init(&f);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    boot_fails(&c, f.kernel, "No such file");
    c.kernel = f.dir;
    boot_fails(&c, f.dir, "is a directory");
    c.kernel = NULL;
    boot_fails(&c, NULL, "no kernel");
    munmap(ram, 64 * MiB);
    files_remove(&f);
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
    Files f;
    uint8_t *ram = ram_new(64 * MiB), buf[0x40];

    files_init(&f);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(f.kernel, cases[i].bytes, cases[i].len);
        boot_fails(&c, f.kernel, cases[i].problem);
    }
    /* An arm64 Image: "ARM\x64" at 0x38. */
    fill(buf, sizeof buf, 4);
    memcpy(buf + 0x38, "ARMd", 4);
    write_file(f.kernel, buf, sizeof buf);
    boot_fails(&c, f.kernel, "arm64");
    /* A big-endian zImage. */
    fill(buf, sizeof buf, 4);
    memcpy(buf + 0x24, "\x01\x6f\x28\x18", 4);
    write_file(f.kernel, buf, sizeof buf);
    boot_fails(&c, f.kernel, "big-endian zImage");
    /* The same, gzip-compressed: the message says so. */
    uint8_t *gz;
    size_t gz_len = gzip((const uint8_t *)"\177ELF\1\1\1", 7, &gz);
    write_file(f.kernel, gz, gz_len);
    boot_fails(&c, f.kernel, "gzip-compressed an ELF file");
    free(gz);
    munmap(ram, 64 * MiB);
    files_remove(&f);
}

Test(arm_boot, corrupt_zimage_header)
{
    Files f;
    uint8_t *ram = ram_new(64 * MiB), *z = fake_zimage(10000, false, 0, 0);

    files_init(&f);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    /* The header claims more than the file holds. */
    write_file(f.kernel, z, 5000);
    boot_fails(&c, f.kernel, "truncated zImage");
    /* end below start. */
    put32(z + 0x28, 0x8000);
    put32(z + 0x2c, 0x4000);
    write_file(f.kernel, z, 10000);
    boot_fails(&c, f.kernel, "corrupt zImage header");
    munmap(ram, 64 * MiB);
    free(z);
    files_remove(&f);
}

/* A KLSZ table pointing outside the image is ignored, not followed. */
Test(arm_boot, zimage_table_out_of_bounds_ignored)
{
    Files f;
    uint8_t *ram = ram_new(64 * MiB), *z = fake_zimage(8192, true, 50 * MiB, 0);
    ArmBootState st;

    files_init(&f);
    put32(z + 0x38, 0xfffffff0u);
    write_file(f.kernel, z, 8192);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    boot_ok(&c, &st);
    cr_assert_eq(st.kernel_end, BASE + 0x10000 + 8192);
    /* The size word's offset beyond the image. */
    free(z);
    z = fake_zimage(8192, true, 50 * MiB, 0);
    put32(z + 0x100 + 8, 0x7ffffff0u);
    write_file(f.kernel, z, 8192);
    boot_ok(&c, &st);
    cr_assert_eq(st.kernel_end, BASE + 0x10000 + 8192);
    munmap(ram, 64 * MiB);
    free(z);
    files_remove(&f);
}

Test(arm_boot, kernel_larger_than_ram)
{
    Files f;
    size_t n = 2 * MiB;
    uint8_t *ram = ram_new(1 * MiB), *img = malloc(n);

    fill(img, n, 8);
    files_init(&f);
    write_file(f.kernel, img, n);
    ArmBootConfig c = config(&f, ram, 1 * MiB, false);
    boot_fails(&c, f.kernel, "larger than");
    munmap(ram, 1 * MiB);
    free(img);
    files_remove(&f);
}

Test(arm_boot, gzip_kernel_larger_than_ram)
{
    Files f;
    size_t n = 4 * MiB, gz_len;
    uint8_t *ram = ram_new(2 * MiB), *img = calloc(1, n), *gz;

    img[0] = 1; /* zeroes compress to almost nothing: a small file, a big kernel */
    gz_len = gzip(img, n, &gz);
    files_init(&f);
    write_file(f.kernel, gz, gz_len);
    ArmBootConfig c = config(&f, ram, 2 * MiB, false);
    boot_fails(&c, f.kernel, "decompressed kernel is larger than");
    munmap(ram, 2 * MiB);
    free(img);
    free(gz);
    files_remove(&f);
}

Test(arm_boot, corrupt_gzip)
{
    Files f;
    size_t n = 200000, gz_len;
    uint8_t *ram = ram_new(64 * MiB), *img = malloc(n), *gz;

    fill(img, n, 9);
    gz_len = gzip(img, n, &gz);
    files_init(&f);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    /* Cut short. */
    write_file(f.kernel, gz, gz_len / 2);
    boot_fails(&c, f.kernel, "truncated gzip");
    /* Damaged deflate data. */
    memset(gz + 100, 0xff, 64);
    write_file(f.kernel, gz, gz_len);
    boot_fails(&c, f.kernel, "corrupt gzip");
    /* A wrong checksum in the trailer. */
    free(gz);
    gz_len = gzip(img, n, &gz);
    gz[gz_len - 6] ^= 0x5a;
    write_file(f.kernel, gz, gz_len);
    boot_fails(&c, f.kernel, "corrupt gzip");
    munmap(ram, 64 * MiB);
    free(img);
    free(gz);
    files_remove(&f);
}

Test(arm_boot, initrd_errors)
{
    Files f;
    size_t rn = 40 * MiB;
    uint8_t *ram = ram_new(64 * MiB), *z = fake_zimage(4096, false, 0, 0), *rd = malloc(rn);

    fill(rd, rn, 10);
    files_init(&f);
    write_file(f.kernel, z, 4096);
    ArmBootConfig c = config(&f, ram, 64 * MiB, true);
    boot_fails(&c, f.initrd, "No such file");
    /* 64 MiB of RAM: the initrd goes at 32 MiB, 40 MiB do not fit. */
    write_file(f.initrd, rd, rn);
    boot_fails(&c, f.initrd, "larger than");
    /* A kernel area reaching the end of RAM leaves no room at all. */
    free(z);
    z = fake_zimage(8192, true, 80 * MiB, 0);
    write_file(f.kernel, z, 8192);
    write_file(f.initrd, rd, 100);
    boot_fails(&c, f.initrd, "no RAM left after the kernel");
    munmap(ram, 64 * MiB);
    free(z);
    free(rd);
    files_remove(&f);
}

Test(arm_boot, dtb_errors)
{
    Files f;
    uint8_t *ram = ram_new(64 * MiB), *z = fake_zimage(4096, false, 0, 0), *rd;
    size_t rn = 32 * MiB - 4096;

    files_init(&f);
    write_file(f.kernel, z, 4096);
    ArmBootConfig c = config(&f, ram, 64 * MiB, false);
    c.dtb = f.dtb;
    boot_fails(&c, f.dtb, "No such file");
    write_file(f.dtb, "garbage garbage garbage garbage garbage garbage", 47);
    boot_fails(&c, f.dtb, "not a valid device tree");
    /* An initrd filling RAM to its last page leaves no room for the tree. */
    c.dtb = NULL;
    c.initrd = f.initrd;
    rd = calloc(1, rn + 4096);
    write_file(f.initrd, rd, rn);
    boot_fails(&c, NULL, "does not fit");
    write_file(f.initrd, rd, rn + 4096);
    boot_fails(&c, NULL, "no RAM left for the device tree");
    munmap(ram, 64 * MiB);
    free(z);
    free(rd);
    files_remove(&f);
}

Test(arm_boot, bad_ram_refused)
{
    Files f;
    uint8_t *ram = ram_new(1 * MiB);

    files_init(&f);
    ArmBootConfig c = config(&f, ram, 0x10000, false);
    boot_fails(&c, NULL, "cannot hold");
    c.ram_size = 1 * MiB;
    c.ram_base = 0xfffff000ull;
    boot_fails(&c, NULL, "cannot hold");
    c.ram = NULL;
    boot_fails(&c, NULL, "cannot hold");
    munmap(ram, 1 * MiB);
    files_remove(&f);
}
