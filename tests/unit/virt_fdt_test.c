/*
 * The virt board's device tree: every node and property read back with
 * libfdt, the tree compared node by node with the one qemu-system-arm
 * dumps for the same options (-M virt,dumpdtb=...), and -dtb files loaded,
 * patched and, when corrupt, refused.
 */
#include <criterion/criterion.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/boards/virt_fdt.h"
#include "tests/unit/boot_test_util.h"

#define MiB (1024ull * 1024)

/* -- Helpers -- */

static void *build(unsigned ncpus, uint64_t ram, const char *bootargs, uint64_t initrd_start,
                   uint64_t initrd_end, size_t *size)
{
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = ram, .ncpus = ncpus,
                      .cpu_compatible = "arm,cortex-a15", .bootargs = bootargs,
                      .initrd_start = initrd_start, .initrd_end = initrd_end };
    char err[256] = "";
    size_t sz;
    void *fdt = virt_fdt_build(&d, &sz, err, sizeof err);

    cr_assert_not_null(fdt, "virt_fdt_build: %s", err);
    cr_assert_eq(fdt_check_full(fdt, sz), 0, "built tree fails fdt_check_full");
    cr_assert_eq(fdt_totalsize(fdt), sz);
    if (size)
        *size = sz;
    return fdt;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    cr_assert_geq(off, 0, "node %s missing: %s", path, fdt_strerror(off));
    return off;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
    const void *p = fdt_getprop(fdt, node(fdt, path), name, len);
    cr_assert_not_null(p, "%s: property %s missing", path, name);
    return p;
}

static void expect_absent(const void *fdt, const char *path, const char *name)
{
    cr_assert_null(fdt_getprop(fdt, node(fdt, path), name, NULL), "%s: unexpected %s", path,
                   name);
}

static void expect_cells(const void *fdt, const char *path, const char *name, int n,
                         const uint32_t *want)
{
    int len;
    const fdt32_t *p = prop(fdt, path, name, &len);

    cr_assert_eq(len, n * 4, "%s %s: %d bytes, want %d", path, name, len, n * 4);
    for (int i = 0; i < n; i++)
        cr_assert_eq(fdt32_to_cpu(p[i]), want[i], "%s %s cell %d: 0x%x, want 0x%x", path, name,
                     i, fdt32_to_cpu(p[i]), want[i]);
}

#define CELLS(fdt, path, name, ...)                                                   \
    do {                                                                              \
        const uint32_t want_[] = { __VA_ARGS__ };                                     \
        expect_cells(fdt, path, name, (int)(sizeof want_ / sizeof want_[0]), want_); \
    } while (0)

static void expect_bytes(const void *fdt, const char *path, const char *name, const void *want,
                         int n)
{
    int len;
    const void *p = prop(fdt, path, name, &len);
    cr_assert(len == n && memcmp(p, want, (size_t)n) == 0, "%s: %s differs", path, name);
}

#define STR(fdt, path, name, s) expect_bytes(fdt, path, name, s, (int)sizeof(s))

static void expect_empty(const void *fdt, const char *path, const char *name)
{
    int len;
    prop(fdt, path, name, &len);
    cr_assert_eq(len, 0, "%s: %s should be empty", path, name);
}

/* The path of the node a phandle property points at. */
static const char *phandle_target(const void *fdt, uint32_t ph, char *buf, int n)
{
    int off = fdt_node_offset_by_phandle(fdt, ph);
    if (off < 0 || fdt_get_path(fdt, off, buf, n) < 0)
        snprintf(buf, (size_t)n, "<bad phandle 0x%x>", ph);
    return buf;
}

static uint32_t cell0(const void *fdt, const char *path, const char *name)
{
    int len;
    const fdt32_t *p = prop(fdt, path, name, &len);
    cr_assert_geq(len, 4);
    return fdt32_to_cpu(p[0]);
}

static void expect_points_at(const void *fdt, const char *path, const char *name, const char *to)
{
    char buf[128];
    cr_assert_str_eq(phandle_target(fdt, cell0(fdt, path, name), buf, sizeof buf), to,
                     "%s %s", path, name);
}

/* -- Nodes and properties -- */

Test(virt_fdt, root_and_psci)
{
    void *f = build(2, 512 * MiB, NULL, 0, 0, NULL);

    STR(f, "/", "model", "linux,dummy-virt");
    STR(f, "/", "compatible", "linux,dummy-virt");
    CELLS(f, "/", "#address-cells", 2);
    CELLS(f, "/", "#size-cells", 2);
    expect_points_at(f, "/", "interrupt-parent", "/intc@8000000");
    STR(f, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    STR(f, "/psci", "method", "hvc");
    CELLS(f, "/psci", "cpu_suspend", 0x84000001);
    CELLS(f, "/psci", "cpu_off", 0x84000002);
    CELLS(f, "/psci", "cpu_on", 0x84000003);
    CELLS(f, "/psci", "migrate", 0x84000005);
    free(f);
}

Test(virt_fdt, memory_follows_ram_size)
{
    void *f = build(1, 512 * MiB, NULL, 0, 0, NULL);
    STR(f, "/memory@40000000", "device_type", "memory");
    CELLS(f, "/memory@40000000", "reg", 0, 0x40000000, 0, 0x20000000);
    free(f);
    f = build(1, 2048 * MiB, NULL, 0, 0, NULL);
    CELLS(f, "/memory@40000000", "reg", 0, 0x40000000, 0, 0x80000000);
    free(f);
}

static void check_cpus(unsigned n)
{
    void *f = build(n, 512 * MiB, NULL, 0, 0, NULL);
    char path[64], core[96], buf[128];
    uint32_t seen[VIRT_MAX_CPUS];

    CELLS(f, "/cpus", "#address-cells", 1);
    CELLS(f, "/cpus", "#size-cells", 0);
    for (unsigned i = 0; i < n; i++) {
        snprintf(path, sizeof path, "/cpus/cpu@%u", i);
        STR(f, path, "device_type", "cpu");
        STR(f, path, "compatible", "arm,cortex-a15");
        CELLS(f, path, "reg", i);
        if (n > 1)
            STR(f, path, "enable-method", "psci");
        else
            expect_absent(f, path, "enable-method");
        seen[i] = cell0(f, path, "phandle");
        for (unsigned j = 0; j < i; j++)
            cr_assert_neq(seen[i], seen[j], "cpu@%u and cpu@%u share a phandle", i, j);
        snprintf(core, sizeof core, "/cpus/cpu-map/socket0/cluster0/core%u", i);
        cr_assert_str_eq(phandle_target(f, cell0(f, core, "cpu"), buf, sizeof buf), path);
    }
    snprintf(path, sizeof path, "/cpus/cpu@%u", n);
    cr_assert_lt(fdt_path_offset(f, path), 0, "cpu@%u present with %u CPUs", n, n);
    /* PPIs go to every CPU: bits 8.. of the flags, one per CPU. */
    uint32_t fl = 4 | ((1u << n) - 1) << 8;
    CELLS(f, "/timer", "interrupts", 1, 13, fl, 1, 14, fl, 1, 11, fl, 1, 10, fl);
    STR(f, "/timer", "compatible", "arm,armv7-timer");
    expect_empty(f, "/timer", "always-on");
    free(f);
}

Test(virt_fdt, one_cpu)
{
    check_cpus(1);
}

Test(virt_fdt, four_cpus)
{
    check_cpus(4);
}

Test(virt_fdt, cortex_a7_compatible)
{
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 256 * MiB, .ncpus = 2,
                      .cpu_compatible = "arm,cortex-a7" };
    char err[256];
    size_t sz;
    void *f = virt_fdt_build(&d, &sz, err, sizeof err);

    cr_assert_not_null(f, "%s", err);
    STR(f, "/cpus/cpu@0", "compatible", "arm,cortex-a7");
    STR(f, "/cpus/cpu@1", "compatible", "arm,cortex-a7");
    free(f);
}

Test(virt_fdt, gic_and_clock)
{
    void *f = build(2, 512 * MiB, NULL, 0, 0, NULL);

    STR(f, "/intc@8000000", "compatible", "arm,cortex-a15-gic");
    CELLS(f, "/intc@8000000", "reg", 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000);
    CELLS(f, "/intc@8000000", "#interrupt-cells", 3);
    expect_empty(f, "/intc@8000000", "interrupt-controller");
    STR(f, "/apb-pclk", "compatible", "fixed-clock");
    CELLS(f, "/apb-pclk", "clock-frequency", 24000000);
    CELLS(f, "/apb-pclk", "#clock-cells", 0);
    STR(f, "/apb-pclk", "clock-output-names", "clk24mhz");
    free(f);
}

Test(virt_fdt, uart_and_rtc)
{
    void *f = build(1, 512 * MiB, NULL, 0, 0, NULL);
    int len;
    const fdt32_t *clk;
    char buf[128];

    STR(f, "/pl011@9000000", "compatible", "arm,pl011\0arm,primecell");
    CELLS(f, "/pl011@9000000", "reg", 0, 0x09000000, 0, 0x1000);
    CELLS(f, "/pl011@9000000", "interrupts", 0, 1, 4);
    STR(f, "/pl011@9000000", "clock-names", "uartclk\0apb_pclk");
    clk = prop(f, "/pl011@9000000", "clocks", &len);
    cr_assert_eq(len, 8);
    for (int i = 0; i < 2; i++)
        cr_assert_str_eq(phandle_target(f, fdt32_to_cpu(clk[i]), buf, sizeof buf), "/apb-pclk");
    STR(f, "/pl031@9010000", "compatible", "arm,pl031\0arm,primecell");
    CELLS(f, "/pl031@9010000", "reg", 0, 0x09010000, 0, 0x1000);
    CELLS(f, "/pl031@9010000", "interrupts", 0, 2, 4);
    STR(f, "/pl031@9010000", "clock-names", "apb_pclk");
    expect_points_at(f, "/pl031@9010000", "clocks", "/apb-pclk");
    free(f);
}

Test(virt_fdt, virtio_mmio_slots_lowest_address_first)
{
    void *f = build(1, 512 * MiB, NULL, 0, 0, NULL);
    char path[64];
    int prev = -1;

    for (unsigned n = 0; n < 32; n++) {
        uint32_t base = 0x0a000000 + 0x200 * n;
        snprintf(path, sizeof path, "/virtio_mmio@%x", base);
        STR(f, path, "compatible", "virtio,mmio");
        CELLS(f, path, "reg", 0, base, 0, 0x200);
        CELLS(f, path, "interrupts", 0, 16 + n, 1);
        expect_empty(f, path, "dma-coherent");
        int off = node(f, path);
        cr_assert_gt(off, prev, "%s comes before the slot below it", path);
        prev = off;
    }
    cr_assert_lt(fdt_path_offset(f, "/virtio_mmio@a004000"), 0, "a 33rd slot");
    free(f);
}

Test(virt_fdt, chosen_with_bootargs_and_initrd)
{
    void *f = build(1, 512 * MiB, "console=ttyAMA0 root=/dev/vda", 0x48000000, 0x4812d687, NULL);

    STR(f, "/chosen", "bootargs", "console=ttyAMA0 root=/dev/vda");
    CELLS(f, "/chosen", "linux,initrd-start", 0x48000000);
    CELLS(f, "/chosen", "linux,initrd-end", 0x4812d687);
    STR(f, "/chosen", "stdout-path", "/pl011@9000000");
    STR(f, "/aliases", "serial0", "/pl011@9000000");
    cr_assert_geq(fdt_path_offset(f, "/pl011@9000000"), 0, "stdout-path leads nowhere");
    int len;
    prop(f, "/chosen", "rng-seed", &len);
    cr_assert_eq(len, 32);
    prop(f, "/chosen", "kaslr-seed", &len);
    cr_assert_eq(len, 8);
    free(f);
}

Test(virt_fdt, chosen_without_bootargs_or_initrd)
{
    void *f = build(1, 512 * MiB, "", 0, 0, NULL);

    expect_absent(f, "/chosen", "bootargs");
    expect_absent(f, "/chosen", "linux,initrd-start");
    expect_absent(f, "/chosen", "linux,initrd-end");
    STR(f, "/chosen", "stdout-path", "/pl011@9000000");
    free(f);
}

Test(virt_fdt, seeds_differ_between_trees)
{
    void *a = build(1, 512 * MiB, NULL, 0, 0, NULL);
    void *b = build(1, 512 * MiB, NULL, 0, 0, NULL);
    int la, lb;
    const void *sa = prop(a, "/chosen", "rng-seed", &la);
    const void *sb = prop(b, "/chosen", "rng-seed", &lb);

    cr_assert(la == 32 && lb == 32 && memcmp(sa, sb, 32) != 0, "rng-seed is not random");
    free(a);
    free(b);
}

Test(virt_fdt, long_bootargs_grow_the_buffer)
{
    size_t n = 100000;
    char *args = malloc(n + 1);
    memset(args, 'x', n);
    args[n] = 0;
    void *f = build(1, 512 * MiB, args, 0, 0, NULL);
    int len;
    prop(f, "/chosen", "bootargs", &len);
    cr_assert_eq(len, (int)n + 1);
    free(f);
    free(args);
}

Test(virt_fdt, bad_descriptions_refused)
{
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 512 * MiB, .ncpus = 9 };
    char err[256] = "";
    size_t sz;

    cr_assert_null(virt_fdt_build(&d, &sz, err, sizeof err));
    cr_assert(strstr(err, "9 CPUs"), "message: %s", err);
    d.ncpus = 0;
    cr_assert_null(virt_fdt_build(&d, &sz, err, sizeof err));
    d.ncpus = 1;
    d.ram_size = 0;
    cr_assert_null(virt_fdt_build(&d, &sz, err, sizeof err));
    cr_assert(strstr(err, "RAM"), "message: %s", err);
}

/* -- Comparison with qemu-system-arm's tree -- */

/* Properties holding phandles: compared by the path of the node each cell
 * names, since only the numbering may differ. */
static bool is_phandle_list(const char *name)
{
    return !strcmp(name, "interrupt-parent") || !strcmp(name, "clocks") || !strcmp(name, "cpu");
}

static bool props_match(const void *a, int na, const void *b, int nb, char *why, size_t n,
                        const char *path)
{
    int pa = fdt_first_property_offset(a, na), pb = fdt_first_property_offset(b, nb);

    for (; pa >= 0; pa = fdt_next_property_offset(a, pa), pb = fdt_next_property_offset(b, pb)) {
        const char *name_a, *name_b;
        int la, lb;
        const void *va = fdt_getprop_by_offset(a, pa, &name_a, &la);
        const void *vb = pb >= 0 ? fdt_getprop_by_offset(b, pb, &name_b, &lb) : NULL;

        if (!vb) {
            snprintf(why, n, "%s: qemu has no property where ours has %s", path, name_a);
            return false;
        }
        if (strcmp(name_a, name_b)) {
            snprintf(why, n, "%s: property %s where qemu has %s", path, name_a, name_b);
            return false;
        }
        if (la != lb) {
            snprintf(why, n, "%s %s: %d bytes, qemu %d", path, name_a, la, lb);
            return false;
        }
        if (!strcmp(name_a, "phandle") || !strcmp(name_a, "rng-seed") ||
            !strcmp(name_a, "kaslr-seed"))
            continue;
        if (is_phandle_list(name_a)) {
            for (int i = 0; i < la / 4; i++) {
                char ta[64], tb[64];
                phandle_target(a, fdt32_to_cpu(((const fdt32_t *)va)[i]), ta, sizeof ta);
                phandle_target(b, fdt32_to_cpu(((const fdt32_t *)vb)[i]), tb, sizeof tb);
                if (strcmp(ta, tb)) {
                    snprintf(why, n, "%s %s: points at %s, qemu's at %s", path, name_a, ta, tb);
                    return false;
                }
            }
        } else if (memcmp(va, vb, (size_t)la)) {
            snprintf(why, n, "%s %s: value differs from qemu's", path, name_a);
            return false;
        }
    }
    if (pb >= 0) {
        snprintf(why, n, "%s: qemu has more properties", path);
        return false;
    }
    return true;
}

/* Every node of ours exists in qemu's tree, in the same relative order,
 * with the same properties in the same order and the same values. /aliases
 * is the one node qemu 7.2 lacks (later qemu emits it). */
static bool tree_matches_qemu(const void *ours, const void *qemu, char *why, size_t n)
{
    int depth = 0, prev = -1;

    for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(ours, off, &depth)) {
        char path[256];
        fdt_get_path(ours, off, path, sizeof path);
        int q = fdt_path_offset(qemu, path);
        if (q < 0 && !strcmp(path, "/aliases"))
            continue;
        if (q < 0) {
            snprintf(why, n, "qemu has no node %s", path);
            return false;
        }
        if (q < prev) {
            snprintf(why, n, "%s comes earlier in qemu's tree", path);
            return false;
        }
        prev = q;
        if (!props_match(ours, off, qemu, q, why, n, path))
            return false;
    }
    return true;
}

static void compare_with_qemu(unsigned ncpus, const char *cpu, bool with_boot)
{
    char dir[64], opts[512], kpath[128], ipath[128], why[1024] = "";
    const char *args = "console=ttyAMA0 root=/dev/vda rw";
    size_t initrd_len = 1234567;
    static uint8_t blob[1234567];
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 512 * MiB, .ncpus = ncpus,
                      .cpu_compatible = cpu };
    char err[256];
    size_t sz;

    scratch_dir(dir, sizeof dir, "virt_fdt_test");
    int n = snprintf(opts, sizeof opts, "-m 512 -smp %u -cpu %s", ncpus, cpu + 4);
    if (with_boot) {
        snprintf(kpath, sizeof kpath, "%s/kernel", dir);
        snprintf(ipath, sizeof ipath, "%s/initrd", dir);
        write_file(kpath, blob, 65536);
        write_file(ipath, blob, initrd_len);
        snprintf(opts + n, sizeof opts - (size_t)n, " -kernel %s -initrd %s -append '%s'",
                 kpath, ipath, args);
        /* qemu puts the initrd at 128 MiB into RAM when RAM is 256 MiB or more. */
        d.bootargs = args;
        d.initrd_start = VIRT_RAM_BASE + 128 * MiB;
        d.initrd_end = d.initrd_start + initrd_len;
    }
    void *q = qemu_dtb(dir, opts);
    void *ours = virt_fdt_build(&d, &sz, err, sizeof err);
    cr_assert_not_null(ours, "%s", err);
    cr_assert(tree_matches_qemu(ours, q, why, sizeof why), "%u CPUs %s%s: %s", ncpus, cpu,
              with_boot ? " with kernel, initrd, append" : "", why);
    free(ours);
    free(q);
    scratch_remove(dir);
}

Test(virt_fdt_qemu, one_cpu_matches_qemu, .timeout = 120)
{
    compare_with_qemu(1, "arm,cortex-a15", false);
}

Test(virt_fdt_qemu, four_cpus_matches_qemu, .timeout = 120)
{
    compare_with_qemu(4, "arm,cortex-a15", false);
}

Test(virt_fdt_qemu, boot_options_match_qemu, .timeout = 120)
{
    compare_with_qemu(2, "arm,cortex-a15", true);
}

Test(virt_fdt_qemu, cortex_a7_matches_qemu, .timeout = 120)
{
    compare_with_qemu(8, "arm,cortex-a7", true);
}

/* The comparison itself notices a difference. */
Test(virt_fdt_qemu, comparison_detects_a_change, .timeout = 120)
{
    char dir[64], why[1024] = "";
    size_t sz;
    scratch_dir(dir, sizeof dir, "virt_fdt_test");
    void *q = qemu_dtb(dir, "-m 512 -smp 1");
    void *ours = build(1, 256 * MiB, NULL, 0, 0, &sz);
    cr_assert_not(tree_matches_qemu(ours, q, why, sizeof why), "256 MiB tree matched 512 MiB");
    cr_assert(strstr(why, "/memory@40000000 reg"), "found: %s", why);
    free(ours);
    free(q);
    scratch_remove(dir);
}

/* -- A user's -dtb file -- */

static void *load(const char *path, const VirtFdtDesc *d, char *err, size_t errlen)
{
    size_t sz;
    void *f = virt_fdt_load_file(path, d, &sz, err, errlen);
    if (f)
        cr_assert_eq(fdt_check_full(f, sz), 0, "loaded tree fails fdt_check_full");
    return f;
}

/* The -dtb file qemu itself was given and patched: our patching of the same
 * file must give qemu's result. */
Test(virt_fdt_dtb, user_dtb_patched_as_qemu_does, .timeout = 120)
{
    char dir[64], file[128], kpath[128], ipath[128], opts[1024], why[1024] = "", err[256];
    static uint8_t blob[300000];
    size_t sz;

    scratch_dir(dir, sizeof dir, "virt_fdt_test");
    snprintf(file, sizeof file, "%s/user.dtb", dir);
    snprintf(kpath, sizeof kpath, "%s/kernel", dir);
    snprintf(ipath, sizeof ipath, "%s/initrd", dir);
    void *src = build(4, 1024 * MiB, NULL, 0, 0, &sz);
    write_file(file, src, sz);
    write_file(kpath, blob, 4096);
    write_file(ipath, blob, sizeof blob);
    snprintf(opts, sizeof opts, "-m 256 -smp 1 -kernel %s -initrd %s -append 'hello world' -dtb %s",
             kpath, ipath, file);
    void *q = qemu_dtb(dir, opts);

    /* 256 MiB: qemu puts the initrd halfway into RAM. */
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 256 * MiB, .bootargs = "hello world",
                      .initrd_start = VIRT_RAM_BASE + 128 * MiB };
    d.initrd_end = d.initrd_start + sizeof blob;
    void *ours = load(file, &d, err, sizeof err);
    cr_assert_not_null(ours, "%s", err);
    CELLS(ours, "/memory@40000000", "reg", 0, 0x40000000, 0, 0x10000000);
    STR(ours, "/chosen", "bootargs", "hello world");
    CELLS(ours, "/chosen", "linux,initrd-start", 0x48000000);
    CELLS(ours, "/chosen", "linux,initrd-end", 0x48000000 + (uint32_t)sizeof blob);
    cr_assert(tree_matches_qemu(ours, q, why, sizeof why), "%s", why);
    free(ours);
    free(q);
    free(src);
    scratch_remove(dir);
}

/* A minimal hand-written tree: no /chosen (it is created), 1-cell sizes. */
Test(virt_fdt_dtb, chosen_created_and_one_cell_reg)
{
    char dir[64], file[128], err[256] = "";
    uint8_t buf[1024];

    cr_assert_eq(fdt_create_empty_tree(buf, sizeof buf), 0);
    cr_assert_eq(fdt_setprop_u32(buf, 0, "#address-cells", 1), 0);
    cr_assert_eq(fdt_setprop_u32(buf, 0, "#size-cells", 1), 0);
    cr_assert_geq(fdt_add_subnode(buf, 0, "memory"), 0);
    fdt_pack(buf);
    scratch_dir(dir, sizeof dir, "virt_fdt_test");
    snprintf(file, sizeof file, "%s/min.dtb", dir);
    write_file(file, buf, fdt_totalsize(buf));
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 128 * MiB, .bootargs = "quiet" };
    void *f = load(file, &d, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    CELLS(f, "/memory", "reg", 0x40000000, 0x08000000);
    STR(f, "/chosen", "bootargs", "quiet");
    expect_absent(f, "/chosen", "linux,initrd-start");
    free(f);
    /* 4 GiB of RAM does not fit a 1-cell size. */
    d.ram_size = 4096 * MiB;
    cr_assert_null(load(file, &d, err, sizeof err));
    cr_assert(strstr(err, file) && strstr(err, "1-cell"), "message: %s", err);
    scratch_remove(dir);
}

/* Each corrupt file is refused with a message naming it and the problem. */
static void expect_refused(const char *dir, const char *name, const void *data, size_t len,
                           const char *problem)
{
    char file[128], err[256] = "";
    VirtFdtDesc d = { .ram_base = VIRT_RAM_BASE, .ram_size = 512 * MiB, .bootargs = "x" };

    snprintf(file, sizeof file, "%s/%s", dir, name);
    if (data)
        write_file(file, data, len);
    cr_assert_null(load(file, &d, err, sizeof err), "%s accepted", name);
    cr_assert(strstr(err, file), "message does not name the file: %s", err);
    cr_assert(strstr(err, problem), "%s: message \"%s\" lacks \"%s\"", name, err, problem);
    cr_assert_null(strchr(err, '\n'), "message is not one line: %s", err);
}

Test(virt_fdt_dtb, corrupt_files_refused)
{
    char dir[64];
    size_t sz;
    void *good = build(1, 512 * MiB, NULL, 0, 0, &sz);
    uint8_t *bad = malloc(sz);

    scratch_dir(dir, sizeof dir, "virt_fdt_test");
    expect_refused(dir, "missing.dtb", NULL, 0, "No such file");
    expect_refused(dir, "empty.dtb", "", 0, "too short");
    expect_refused(dir, "text.dtb", "this is not a device tree, only some text...", 44,
                   "not a valid device tree");
    expect_refused(dir, "truncated.dtb", good, sz / 2, "truncated");

    /* A broken structure block: the first node's begin tag overwritten. */
    memcpy(bad, good, sz);
    uint32_t off_struct = fdt_off_dt_struct(bad);
    memset(bad + off_struct, 0x55, 4);
    expect_refused(dir, "badstruct.dtb", bad, sz, "not a valid device tree");

    /* A string offset pointing outside the strings block. */
    memcpy(bad, good, sz);
    fdt_set_size_dt_strings(bad, 4);
    expect_refused(dir, "badstrings.dtb", bad, sz, "not a valid device tree");

    /* Valid, but useless: no /memory, or zero cells at the root. */
    uint8_t small[512];
    cr_assert_eq(fdt_create_empty_tree(small, sizeof small), 0);
    cr_assert_eq(fdt_setprop_u32(small, 0, "#address-cells", 2), 0);
    cr_assert_eq(fdt_setprop_u32(small, 0, "#size-cells", 2), 0);
    fdt_pack(small);
    expect_refused(dir, "nomemory.dtb", small, fdt_totalsize(small), "no /memory");
    memcpy(bad, good, sz);
    cr_assert_eq(fdt_setprop_inplace_u32(bad, 0, "#size-cells", 0), 0);
    expect_refused(dir, "zerocells.dtb", bad, sz, "#size-cells 0");

    /* Larger than any board's tree. */
    size_t big = 3 << 20;
    uint8_t *huge = calloc(1, big);
    memcpy(huge, good, sz);
    expect_refused(dir, "huge.dtb", huge, big, "larger than");
    free(huge);
    expect_refused(dir, "", NULL, 0, "regular file");

    free(bad);
    free(good);
    scratch_remove(dir);
}
