/*
 * The arm `virt` board's device tree, written with libfdt's sequential-write
 * API, and the loading of a user's -dtb file.
 *
 * qemu builds its tree with fdt_add_subnode/fdt_setprop, which put each new
 * node and property in front of its siblings, so its finished blob lists
 * them in the reverse of its creation order. We write the blob front to
 * back, in the order qemu's finished blob has, so that a node-by-node
 * comparison with `qemu-system-arm -M virt,dumpdtb=...` holds for order
 * too, and above all so that the virtio-mmio transports appear lowest
 * address first, the order in which Linux probes them.
 *
 * Phandles are numbered as qemu numbers them: the APB clock first (0x8000),
 * then the CPUs from the last to the first, then the GIC.
 */
#include "system/boards/virt_fdt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#define PHANDLE_FIRST 0x8000u

/* GIC interrupt specifier cells: type, number, flags. */
#define GIC_FDT_SPI           0
#define GIC_FDT_PPI           1
#define GIC_FDT_EDGE_RISING   1
#define GIC_FDT_LEVEL_HIGH    4
/* For PPIs on a GICv2, flags bits 8..15 say which CPUs get the interrupt. */
#define GIC_FDT_PPI_CPU_SHIFT 8

/* The largest -dtb file we read: far more than any board's tree. */
#define USER_DTB_MAX (2u << 20)

/* -- Sequential writer with a sticky error -- */

/* Each helper does nothing once a call has failed, so building code reads as
 * a plain list of nodes and properties and checks the error once. */
typedef struct FdtWriter {
    void *fdt;
    int err;
} FdtWriter;

static void w_check(FdtWriter *w, int rc)
{
    if (rc < 0 && !w->err)
        w->err = rc;
}

static void w_begin(FdtWriter *w, const char *name)
{
    if (!w->err)
        w_check(w, fdt_begin_node(w->fdt, name));
}

static void w_end(FdtWriter *w)
{
    if (!w->err)
        w_check(w, fdt_end_node(w->fdt));
}

static void w_prop(FdtWriter *w, const char *name, const void *val, int len)
{
    if (!w->err)
        w_check(w, fdt_property(w->fdt, name, val, len));
}

static void w_empty(FdtWriter *w, const char *name)
{
    w_prop(w, name, NULL, 0);
}

static void w_string(FdtWriter *w, const char *name, const char *s)
{
    w_prop(w, name, s, (int)strlen(s) + 1);
}

/* A string list: the strings of s, each with its NUL (len counts them all). */
static void w_strings(FdtWriter *w, const char *name, const char *s, size_t len)
{
    w_prop(w, name, s, (int)len);
}

/* n big-endian 32-bit cells given as arguments. */
static void w_cells(FdtWriter *w, const char *name, int n, ...)
{
    fdt32_t cells[16];
    va_list ap;

    if (n > 16) {
        w_check(w, -FDT_ERR_INTERNAL);
        return;
    }
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
    va_end(ap);
    w_prop(w, name, cells, n * (int)sizeof(fdt32_t));
}

static void w_u32(FdtWriter *w, const char *name, uint32_t v)
{
    w_cells(w, name, 1, v);
}

/* reg with #address-cells = #size-cells = 2, for one (addr, size) pair. */
static void w_reg(FdtWriter *w, uint64_t addr, uint64_t size)
{
    w_cells(w, "reg", 4, (uint32_t)(addr >> 32), (uint32_t)addr,
            (uint32_t)(size >> 32), (uint32_t)size);
}

/* -- The nodes, in the order of qemu's blob -- */

static void node_psci(FdtWriter *w)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

    w_begin(w, "psci");
    w_u32(w, "migrate", VIRT_PSCI_FN_MIGRATE);
    w_u32(w, "cpu_on", VIRT_PSCI_FN_CPU_ON);
    w_u32(w, "cpu_off", VIRT_PSCI_FN_CPU_OFF);
    w_u32(w, "cpu_suspend", VIRT_PSCI_FN_CPU_SUSPEND);
    w_string(w, "method", "hvc");
    w_strings(w, "compatible", compat, sizeof compat);
    w_end(w);
}

static void node_memory(FdtWriter *w, const VirtFdtDesc *d)
{
    char name[32];

    snprintf(name, sizeof name, "memory@%llx", (unsigned long long)d->ram_base);
    w_begin(w, name);
    w_reg(w, d->ram_base, d->ram_size);
    w_string(w, "device_type", "memory");
    w_end(w);
}

static void node_virtio_mmio(FdtWriter *w, unsigned slot)
{
    uint32_t base = VIRT_MMIO_BASE + slot * VIRT_MMIO_STRIDE;
    char name[32];

    snprintf(name, sizeof name, "virtio_mmio@%x", base);
    w_begin(w, name);
    w_empty(w, "dma-coherent");
    w_cells(w, "interrupts", 3, GIC_FDT_SPI, VIRT_MMIO_SPI_FIRST + slot, GIC_FDT_EDGE_RISING);
    w_reg(w, base, VIRT_MMIO_STRIDE);
    w_string(w, "compatible", "virtio,mmio");
    w_end(w);
}

/* A PrimeCell device clocked by the APB clock; the PL011 names the clock
 * twice (uartclk and apb_pclk). */
static void node_primecell(FdtWriter *w, const char *model, uint32_t base, unsigned spi,
                           bool uart, uint32_t clk)
{
    static const char uart_clocks[] = "uartclk\0apb_pclk";
    char name[32], compat[40];
    int n;

    snprintf(name, sizeof name, "%s@%x", model, base);
    n = snprintf(compat, sizeof compat, "arm,%s%carm,primecell", model, '\0');
    w_begin(w, name);
    if (uart) {
        w_strings(w, "clock-names", uart_clocks, sizeof uart_clocks);
        w_cells(w, "clocks", 2, clk, clk);
    } else {
        w_string(w, "clock-names", "apb_pclk");
        w_u32(w, "clocks", clk);
    }
    w_cells(w, "interrupts", 3, GIC_FDT_SPI, spi, GIC_FDT_LEVEL_HIGH);
    w_reg(w, base, VIRT_PRIMECELL_SIZE);
    w_strings(w, "compatible", compat, (size_t)n + 1);
    w_end(w);
}

static void node_gic(FdtWriter *w, uint32_t phandle)
{
    w_begin(w, "intc@8000000");
    w_u32(w, "phandle", phandle);
    w_cells(w, "reg", 8, 0, VIRT_GIC_DIST_BASE, 0, VIRT_GIC_REGION_SIZE,
            0, VIRT_GIC_CPU_BASE, 0, VIRT_GIC_REGION_SIZE);
    w_string(w, "compatible", "arm,cortex-a15-gic");
    w_empty(w, "ranges");
    w_u32(w, "#size-cells", 2);
    w_u32(w, "#address-cells", 2);
    w_empty(w, "interrupt-controller");
    w_u32(w, "#interrupt-cells", 3);
    w_end(w);
}

/* qemu numbers CPU phandles from the last CPU down: cpu@i gets this. */
static uint32_t cpu_phandle(const VirtFdtDesc *d, unsigned i)
{
    return PHANDLE_FIRST + d->ncpus - i;
}

static void node_cpus(FdtWriter *w, const VirtFdtDesc *d)
{
    const char *compat = d->cpu_compatible ? d->cpu_compatible : "arm,cortex-a15";
    char name[32];

    w_begin(w, "cpus");
    w_u32(w, "#size-cells", 0);
    w_u32(w, "#address-cells", 1);
    w_begin(w, "cpu-map");
    w_begin(w, "socket0");
    w_begin(w, "cluster0");
    for (unsigned i = 0; i < d->ncpus; i++) {
        snprintf(name, sizeof name, "core%u", i);
        w_begin(w, name);
        w_u32(w, "cpu", cpu_phandle(d, i));
        w_end(w);
    }
    w_end(w);
    w_end(w);
    w_end(w);
    for (unsigned i = 0; i < d->ncpus; i++) {
        snprintf(name, sizeof name, "cpu@%u", i);
        w_begin(w, name);
        w_u32(w, "phandle", cpu_phandle(d, i));
        w_u32(w, "reg", i); /* MPIDR affinity: one cluster of up to 8 */
        /* A single CPU is never started, so qemu gives it no method. */
        if (d->ncpus > 1)
            w_string(w, "enable-method", "psci");
        w_string(w, "compatible", compat);
        w_string(w, "device_type", "cpu");
        w_end(w);
    }
    w_end(w);
}

static void node_timer(FdtWriter *w, const VirtFdtDesc *d)
{
    uint32_t flags = GIC_FDT_LEVEL_HIGH | (((1u << d->ncpus) - 1) << GIC_FDT_PPI_CPU_SHIFT);

    w_begin(w, "timer");
    w_cells(w, "interrupts", 12,
            GIC_FDT_PPI, VIRT_TIMER_PPI_SECURE, flags,
            GIC_FDT_PPI, VIRT_TIMER_PPI_NONSECURE, flags,
            GIC_FDT_PPI, VIRT_TIMER_PPI_VIRT, flags,
            GIC_FDT_PPI, VIRT_TIMER_PPI_HYP, flags);
    w_empty(w, "always-on");
    w_string(w, "compatible", "arm,armv7-timer");
    w_end(w);
}

static void node_apb_pclk(FdtWriter *w, uint32_t phandle)
{
    w_begin(w, "apb-pclk");
    w_u32(w, "phandle", phandle);
    w_string(w, "clock-output-names", "clk24mhz");
    w_u32(w, "clock-frequency", VIRT_APB_PCLK_HZ);
    w_u32(w, "#clock-cells", 0);
    w_string(w, "compatible", "fixed-clock");
    w_end(w);
}

/* Random bytes for /chosen: rng-seed (32) then kaslr-seed (8). */
#define SEED_BYTES 40

/* /chosen; the seeds give the guest's random pool and KASLR entropy. */
static void node_chosen(FdtWriter *w, const VirtFdtDesc *d, const char *uart_path,
                        const uint8_t *seed)
{
    w_begin(w, "chosen");
    if (d->initrd_end > d->initrd_start) {
        w_u32(w, "linux,initrd-end", (uint32_t)d->initrd_end);
        w_u32(w, "linux,initrd-start", (uint32_t)d->initrd_start);
    }
    if (d->bootargs && *d->bootargs)
        w_string(w, "bootargs", d->bootargs);
    w_string(w, "stdout-path", uart_path);
    w_prop(w, "rng-seed", seed, 32);
    w_prop(w, "kaslr-seed", seed + 32, 8);
    w_end(w);
}

static void write_tree(FdtWriter *w, const VirtFdtDesc *d, const uint8_t *seed)
{
    uint32_t clk = PHANDLE_FIRST;
    uint32_t gic = PHANDLE_FIRST + d->ncpus + 1;
    char uart_path[32];

    snprintf(uart_path, sizeof uart_path, "/pl011@%x", VIRT_UART_BASE);
    w_check(w, fdt_finish_reservemap(w->fdt));
    w_begin(w, "");
    w_u32(w, "interrupt-parent", gic);
    w_string(w, "model", "linux,dummy-virt");
    w_u32(w, "#size-cells", 2);
    w_u32(w, "#address-cells", 2);
    w_string(w, "compatible", "linux,dummy-virt");
    node_psci(w);
    node_memory(w, d);
    for (unsigned slot = 0; slot < VIRT_MMIO_COUNT; slot++)
        node_virtio_mmio(w, slot);
    node_primecell(w, "pl031", VIRT_RTC_BASE, VIRT_RTC_SPI, false, clk);
    node_primecell(w, "pl011", VIRT_UART_BASE, VIRT_UART_SPI, true, clk);
    /* qemu describes only an ARMv8 PMU; for v7 CPUs the node stays empty. */
    w_begin(w, "pmu");
    w_end(w);
    node_gic(w, gic);
    node_cpus(w, d);
    node_timer(w, d);
    node_apb_pclk(w, clk);
    node_chosen(w, d, uart_path, seed);
    w_begin(w, "aliases");
    w_string(w, "serial0", uart_path);
    w_end(w);
    w_end(w);
    if (!w->err)
        w_check(w, fdt_finish(w->fdt));
}

static bool desc_check(const VirtFdtDesc *d, char *err, size_t errlen)
{
    if (d->ncpus < 1 || d->ncpus > VIRT_MAX_CPUS) {
        snprintf(err, errlen, "virt: %u CPUs asked, the GICv2 serves 1 to %d", d->ncpus,
                 VIRT_MAX_CPUS);
        return false;
    }
    if (d->ram_size == 0) {
        snprintf(err, errlen, "virt: RAM size is 0");
        return false;
    }
    if (d->initrd_end > d->initrd_start && d->initrd_end > UINT32_MAX) {
        snprintf(err, errlen, "virt: initrd end 0x%llx is above 4 GiB",
                 (unsigned long long)d->initrd_end);
        return false;
    }
    return true;
}

void *virt_fdt_build(const VirtFdtDesc *d, size_t *size, char *err, size_t errlen)
{
    size_t cap = 16384 + (d->bootargs ? strlen(d->bootargs) : 0);
    FdtWriter w = { 0 };
    uint8_t seed[SEED_BYTES];

    if (!desc_check(d, err, errlen))
        return NULL;
    if (getrandom(seed, sizeof seed, 0) != (ssize_t)sizeof seed) {
        snprintf(err, errlen, "virt: no random bytes for /chosen rng-seed: %s", strerror(errno));
        return NULL;
    }
    /* The tree is a few KB; grow the buffer only for a huge command line. */
    for (;;) {
        w.fdt = malloc(cap);
        if (!w.fdt) {
            snprintf(err, errlen, "virt: out of memory for the device tree");
            return NULL;
        }
        w.err = 0;
        w_check(&w, fdt_create(w.fdt, (int)cap));
        write_tree(&w, d, seed);
        if (w.err != -FDT_ERR_NOSPACE || cap > (64u << 20))
            break;
        free(w.fdt);
        cap *= 2;
    }
    if (w.err) {
        snprintf(err, errlen, "virt: building the device tree: %s", fdt_strerror(w.err));
        free(w.fdt);
        return NULL;
    }
    *size = fdt_totalsize(w.fdt);
    return w.fdt;
}

/* -- A user's -dtb file -- */

/* Reads the whole file into a malloc'd buffer after checking its size. */
static void *read_dtb_file(const char *path, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    void *buf = NULL;
    FILE *f = fopen(path, "rb");

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        goto fail;
    }
    if ((uint64_t)st.st_size < sizeof(struct fdt_header)) {
        snprintf(err, errlen, "%s: not a device tree blob (%lld bytes, too short)", path,
                 (long long)st.st_size);
        goto fail;
    }
    if ((uint64_t)st.st_size > USER_DTB_MAX) {
        snprintf(err, errlen, "%s: device tree of %lld bytes is larger than %u MiB", path,
                 (long long)st.st_size, USER_DTB_MAX >> 20);
        goto fail;
    }
    buf = malloc((size_t)st.st_size);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        snprintf(err, errlen, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    *len = (size_t)st.st_size;
    return buf;

fail:
    free(buf);
    fclose(f);
    return NULL;
}

/* The root's #address-cells or #size-cells, 0 when absent or malformed. */
static uint32_t root_cells(const void *fdt, const char *name)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, 0, name, &len);

    return p && len == 4 ? fdt32_to_cpu(*p) : 0;
}

/* Packs v into n (1 or 2) big-endian cells at out; false if it does not fit. */
static bool put_cells(fdt32_t *out, uint32_t n, uint64_t v)
{
    if (n == 1) {
        out[0] = cpu_to_fdt32((uint32_t)v);
        return v <= UINT32_MAX;
    }
    out[0] = cpu_to_fdt32((uint32_t)(v >> 32));
    out[1] = cpu_to_fdt32((uint32_t)v);
    return true;
}

/* Sets /memory's reg to d's RAM, as qemu does in a user tree. */
static bool set_memory_reg(void *fdt, const char *path, const VirtFdtDesc *d, char *err,
                           size_t errlen)
{
    uint32_t ac = root_cells(fdt, "#address-cells");
    uint32_t sc = root_cells(fdt, "#size-cells");
    fdt32_t reg[4];
    int node, rc;

    if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
        snprintf(err, errlen, "%s: root #address-cells %u / #size-cells %u unusable (need 1 or 2)",
                 path, ac, sc);
        return false;
    }
    if (!put_cells(reg, ac, d->ram_base) || !put_cells(reg + ac, sc, d->ram_size)) {
        snprintf(err, errlen, "%s: RAM of 0x%llx bytes at 0x%llx does not fit in 1-cell "
                 "#address-cells/#size-cells", path, (unsigned long long)d->ram_size,
                 (unsigned long long)d->ram_base);
        return false;
    }
    /* "/memory" also finds "/memory@<addr>": libfdt ignores the unit address. */
    node = fdt_path_offset(fdt, "/memory");
    if (node < 0) {
        snprintf(err, errlen, "%s: no /memory node", path);
        return false;
    }
    rc = fdt_setprop(fdt, node, "reg", reg, (int)((ac + sc) * sizeof(fdt32_t)));
    if (rc < 0) {
        snprintf(err, errlen, "%s: setting /memory reg: %s", path, fdt_strerror(rc));
        return false;
    }
    return true;
}

static bool set_chosen(void *fdt, const char *path, const VirtFdtDesc *d, char *err,
                       size_t errlen)
{
    int node = fdt_path_offset(fdt, "/chosen");
    int rc = 0;

    if (node == -FDT_ERR_NOTFOUND)
        node = fdt_add_subnode(fdt, 0, "chosen");
    if (node < 0) {
        rc = node;
        goto fail;
    }
    if (d->bootargs && *d->bootargs)
        rc = fdt_setprop_string(fdt, node, "bootargs", d->bootargs);
    if (rc == 0 && d->initrd_end > d->initrd_start) {
        rc = fdt_setprop_u32(fdt, node, "linux,initrd-start", (uint32_t)d->initrd_start);
        if (rc == 0)
            rc = fdt_setprop_u32(fdt, node, "linux,initrd-end", (uint32_t)d->initrd_end);
    }
    if (rc == 0)
        return true;
fail:
    snprintf(err, errlen, "%s: setting /chosen: %s", path, fdt_strerror(rc));
    return false;
}

void *virt_fdt_load_file(const char *path, const VirtFdtDesc *d, size_t *size, char *err,
                         size_t errlen)
{
    size_t len, cap;
    void *file, *fdt = NULL;
    int rc;

    if (d->initrd_end > d->initrd_start && d->initrd_end > UINT32_MAX) {
        snprintf(err, errlen, "%s: initrd end 0x%llx is above 4 GiB", path,
                 (unsigned long long)d->initrd_end);
        return NULL;
    }
    file = read_dtb_file(path, &len, err, errlen);
    if (!file)
        return NULL;
    rc = fdt_check_header(file);
    if (rc == 0 && fdt_totalsize(file) > len) {
        snprintf(err, errlen, "%s: truncated device tree (header says %u bytes, file has %zu)",
                 path, fdt_totalsize(file), len);
        goto fail;
    }
    if (rc == 0)
        rc = fdt_check_full(file, len);
    if (rc < 0) {
        snprintf(err, errlen, "%s: not a valid device tree blob: %s", path, fdt_strerror(rc));
        goto fail;
    }
    /* Room for the properties we set: a command line, two cells, a reg. */
    cap = fdt_totalsize(file) + 1024 + (d->bootargs ? strlen(d->bootargs) : 0);
    fdt = malloc(cap);
    if (!fdt) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    rc = fdt_open_into(file, fdt, (int)cap);
    if (rc < 0) {
        snprintf(err, errlen, "%s: not a valid device tree blob: %s", path, fdt_strerror(rc));
        goto fail;
    }
    if (!set_memory_reg(fdt, path, d, err, errlen) || !set_chosen(fdt, path, d, err, errlen))
        goto fail;
    fdt_pack(fdt);
    free(file);
    *size = fdt_totalsize(fdt);
    return fdt;

fail:
    free(fdt);
    free(file);
    return NULL;
}
