/*
 * Memory map tests: region lookup, overlap refusal, DMA range checks (with
 * ranges that wrap the 64-bit space), CPU accesses to RAM, ROM, MMIO and
 * unassigned space, and the code-written hook.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "system/event.h"
#include "system/memory.h"

/* The device lock: counted here so tests see MMIO callbacks run under it. */
static int lock_depth, lock_taken;
void sys_lock(void)
{
    lock_depth++;
    lock_taken++;
}
void sys_unlock(void)
{
    lock_depth--;
}

static uint8_t ram[0x4000], rom[0x1000];

typedef struct FakeDev {
    uint64_t last_off, last_val;
    unsigned last_size, writes;
    int depth_seen;
} FakeDev;

static uint64_t fake_read(void *opaque, hwaddr off, unsigned size)
{
    FakeDev *d = opaque;
    d->depth_seen = lock_depth;
    d->last_off = off;
    d->last_size = size;
    return 0x1122334455667788ULL; /* wider than any access: mem_read masks it */
}

static void fake_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    FakeDev *d = opaque;
    d->depth_seen = lock_depth;
    d->last_off = off;
    d->last_val = val;
    d->last_size = size;
    d->writes++;
}

static const MemOps fake_ops = {fake_read, fake_write};
static FakeDev dev;

static hwaddr hook_pa;
static uint64_t hook_len;
static int hook_calls;
static void hook(hwaddr pa, uint64_t len)
{
    hook_pa = pa;
    hook_len = len;
    hook_calls++;
}

static void setup(void)
{
    memset(ram, 0, sizeof ram);
    memset(&dev, 0, sizeof dev);
    for (size_t i = 0; i < sizeof rom; i++)
        rom[i] = (uint8_t)i;
    mem_add_ram(0x40000000, sizeof ram, ram, "ram");
    mem_add_rom(0x0, sizeof rom, rom, "rom");
    mem_add_io(0x09000000, 0x1000, &fake_ops, &dev, "fake");
    hook_calls = 0;
    mem_code_written_hook = hook;
}

static void teardown(void)
{
    mem_code_written_hook = NULL;
    mem_reset();
}

/* What the code under test wrote to stderr, which the test redirected
 * with cr_redirect_stderr() before. */
static void redirected_stderr(char *buf, size_t size)
{
    fflush(stderr);
    FILE *f = cr_get_redirected_stderr();
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = 0;
}

TestSuite(memory, .init = setup, .fini = teardown);

Test(memory, find_by_binary_search)
{
    cr_assert_str_eq(mem_find(0x40000000)->name, "ram");
    cr_assert_str_eq(mem_find(0x40003fff)->name, "ram");
    cr_assert_null(mem_find(0x40004000));
    cr_assert_str_eq(mem_find(0x0)->name, "rom");
    cr_assert_str_eq(mem_find(0x09000fff)->name, "fake");
    cr_assert_null(mem_find(0x09001000));
    cr_assert_null(mem_find(0x08ffffff));
    cr_assert_null(mem_find(UINT64_MAX));
}

Test(memory, many_regions_stay_sorted)
{
    static const MemOps none = {0};
    /* Added in a scrambled order; each must still be found. */
    for (unsigned i = 0; i < 64; i++) {
        unsigned k = (i * 37) % 64;
        mem_add_io(0x10000000 + k * 0x1000ULL, 0x800, &none, NULL, "slot");
    }
    for (unsigned k = 0; k < 64; k++) {
        const MemRegion *r = mem_find(0x10000000 + k * 0x1000ULL + 0x7ff);
        cr_assert_not_null(r, "slot %u", k);
        cr_assert_eq(r->base, 0x10000000 + k * 0x1000ULL);
        cr_assert_null(mem_find(0x10000000 + k * 0x1000ULL + 0x800));
    }
}

Test(memory, overlap_is_refused_with_a_message)
{
    static uint8_t other[0x100];
    char log[2048];
    cr_redirect_stderr();
    mem_add_ram(0x40003f00, sizeof other, other, "clash_end");    /* inside ram */
    mem_add_ram(0x3fffff00, 0x200, other, "clash_start");         /* runs into ram */
    mem_add_ram(0x3ff00000, 0x200000, other, "clash_cover");      /* covers ram */
    mem_add_io(UINT64_MAX - 0xf, 0x20, &fake_ops, &dev, "wraps"); /* past 2^64 */
    mem_add_io(0x50000000, 0, &fake_ops, &dev, "empty");
    redirected_stderr(log, sizeof log);
    cr_assert_str_eq(mem_find(0x40003f00)->name, "ram");
    cr_assert_null(mem_find(0x3fffff00));
    cr_assert_null(mem_find(0x3ff00000));
    cr_assert_null(mem_find(UINT64_MAX));
    cr_assert_null(mem_find(0x50000000));
    /* Adjacent regions are fine. */
    mem_add_ram(0x40004000, sizeof other, other, "next");
    cr_assert_str_eq(mem_find(0x40004000)->name, "next");
    cr_assert_not_null(strstr(log, "clash_end"), "log: %s", log);
    cr_assert_not_null(strstr(log, "clash_cover"), "log: %s", log);
    cr_assert_not_null(strstr(log, "wraps"), "log: %s", log);
    cr_assert_not_null(strstr(log, "empty"), "log: %s", log);
}

Test(memory, overlap_message_names_both_regions)
{
    static uint8_t other[0x100];
    char buf[512];
    cr_redirect_stderr();
    mem_add_ram(0x40000100, sizeof other, other, "intruder");
    redirected_stderr(buf, sizeof buf);
    cr_assert_not_null(strstr(buf, "intruder"), "message: %s", buf);
    cr_assert_not_null(strstr(buf, "overlaps ram"), "message: %s", buf);
}

Test(memory, ram_ptr_checks_the_whole_range)
{
    cr_assert_eq(mem_ram_ptr(0x40000000, sizeof ram), ram);
    cr_assert_eq(mem_ram_ptr(0x40003ff0, 0x10), ram + 0x3ff0);
    cr_assert_null(mem_ram_ptr(0x40003ff0, 0x11));
    cr_assert_null(mem_ram_ptr(0x40000000, 0));
    cr_assert_null(mem_ram_ptr(0x3fffffff, 2));
    /* pa + len wrapping around 2^64 must not look small. */
    cr_assert_null(mem_ram_ptr(0x40000010, UINT64_MAX));
    cr_assert_null(mem_ram_ptr(0x40000010, UINT64_MAX - 0x40000010 + 0x20));
    /* ROM only for reading, MMIO never. */
    cr_assert_null(mem_ram_ptr(0x0, 4));
    cr_assert_eq(mem_ram_ptr_ro(0x0, 4), rom);
    cr_assert_null(mem_ram_ptr_ro(0x09000000, 4));
    cr_assert_null(mem_ram_ptr_ro(0x10, sizeof rom));
}

Test(memory, dma_copies_only_whole_ram_ranges)
{
    uint8_t buf[32];
    memset(buf, 0xab, sizeof buf);
    cr_assert(mem_dma_write(0x40000100, buf, sizeof buf));
    cr_assert_eq(ram[0x100], 0xab);
    cr_assert_eq(ram[0x11f], 0xab);
    cr_assert_eq(ram[0x120], 0);
    cr_assert_eq(hook_calls, 1);
    cr_assert_eq(hook_pa, 0x40000100);
    cr_assert_eq(hook_len, sizeof buf);

    /* Partly outside: refused, nothing copied, no hook. */
    cr_assert_not(mem_dma_write(0x40003ff0, buf, sizeof buf));
    cr_assert_eq(ram[0x3ff0], 0);
    cr_assert_eq(hook_calls, 1);
    cr_assert_not(mem_dma_write(0x0, buf, 4)); /* ROM */
    cr_assert_eq(rom[1], 1);
    cr_assert_not(mem_dma_write(0x40000000, buf, UINT64_MAX));

    memset(buf, 0, sizeof buf);
    cr_assert(mem_dma_read(0x4000011c, buf, 8));
    cr_assert_eq(buf[3], 0xab);
    cr_assert_eq(buf[4], 0);
    cr_assert(mem_dma_read(0x0, buf, 4));
    cr_assert_eq(buf[3], 3);
    memset(buf, 0x5a, sizeof buf);
    cr_assert_not(mem_dma_read(0x40003ffc, buf, 8));
    cr_assert_eq(buf[0], 0x5a, "a refused read copies nothing");
    cr_assert_not(mem_dma_read(0x09000000, buf, 4));
}

Test(memory, dma_spans_adjacent_ram_regions)
{
    static uint8_t next[0x100];
    mem_add_ram(0x40004000, sizeof next, next, "next");
    uint8_t buf[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    cr_assert(mem_dma_write(0x40003ff8, buf, sizeof buf));
    cr_assert_eq(ram[0x3fff], 8);
    cr_assert_eq(next[0], 9);
    cr_assert_eq(next[7], 16);
    cr_assert_null(mem_ram_ptr(0x40003ff8, 16), "a host pointer never spans two regions");
}

Test(memory, cpu_access_to_ram_and_rom)
{
    uint64_t v;
    cr_assert(mem_write(0x40000008, 4, 0xdeadbeef));
    cr_assert(mem_read(0x40000008, 4, &v));
    cr_assert_eq(v, 0xdeadbeef);
    cr_assert_eq(ram[8], 0xef, "little endian");
    cr_assert(mem_read(0x40000009, 2, &v));
    cr_assert_eq(v, 0xadbe);
    cr_assert(mem_write(0x4, 4, 0));
    cr_assert(mem_read(0x4, 4, &v));
    cr_assert_eq(v, 0x07060504, "ROM ignores writes");
    cr_assert_not(mem_read(0x40000000, 3, &v), "odd access sizes are refused");
    cr_assert_eq(lock_taken, 0, "RAM needs no device lock");
}

Test(memory, unassigned_reads_zero_and_fails)
{
    uint64_t v = 1;
    cr_assert_not(mem_read(0x20000000, 4, &v));
    cr_assert_eq(v, 0);
    cr_assert_not(mem_write(0x20000000, 8, ~0ULL));
    /* Straddling the end of RAM: the RAM bytes are accessed, the rest not. */
    cr_assert_not(mem_write(0x40003ffe, 4, 0x44332211));
    cr_assert_eq(ram[0x3ffe], 0x11);
    cr_assert_eq(ram[0x3fff], 0x22);
    cr_assert_not(mem_read(0x40003ffe, 4, &v));
    cr_assert_eq(v, 0x2211);
}

Test(memory, mmio_calls_the_device_under_the_lock)
{
    uint64_t v;
    cr_assert(mem_write(0x09000018, 2, 0xbeef));
    cr_assert_eq(dev.writes, 1);
    cr_assert_eq(dev.last_off, 0x18);
    cr_assert_eq(dev.last_val, 0xbeef);
    cr_assert_eq(dev.last_size, 2);
    cr_assert_eq(dev.depth_seen, 1);
    cr_assert_eq(lock_depth, 0);
    cr_assert(mem_read(0x09000ffc, 4, &v));
    cr_assert_eq(v, 0x55667788, "the value is cut to the access size");
    cr_assert_eq(dev.last_off, 0xffc);
    cr_assert_eq(dev.depth_seen, 1);
    cr_assert(mem_read(0x09000000, 8, &v));
    cr_assert_eq(v, 0x1122334455667788ULL);
}

Test(memory, mmio_without_callbacks_reads_zero)
{
    static const MemOps none = {0};
    uint64_t v = 7;
    mem_add_io(0x0a000000, 0x200, &none, NULL, "silent");
    cr_assert(mem_read(0x0a000000, 4, &v));
    cr_assert_eq(v, 0);
    cr_assert(mem_write(0x0a000000, 4, 1));
}

Test(memory, dma_written_calls_the_hook)
{
    mem_dma_written(0x40000040, 0x80);
    cr_assert_eq(hook_calls, 1);
    cr_assert_eq(hook_pa, 0x40000040);
    cr_assert_eq(hook_len, 0x80);
    mem_code_written_hook = NULL;
    mem_dma_written(0x40000040, 0x80); /* no hook: nothing to do, no crash */
    cr_assert(mem_dma_write(0x40000000, ram + 0x100, 4));
}

Test(memory, current_cpu_is_per_thread)
{
    cr_assert_eq(mem_current_cpu(), 0);
    mem_set_current_cpu(3);
    cr_assert_eq(mem_current_cpu(), 3);
    mem_set_current_cpu(0);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    printf("memory: %zu passed, %zu failed\n", stats->tests_passed,
           stats->tests_failed + stats->tests_crashed);
}

/* -- The listener (an accelerator) and mem_remove -- */

typedef struct Heard {
    char what[16][48];
    int n;
    int fail_at; /* region_add fails for the region of this base (0: never) */
} Heard;
static Heard heard;

static int heard_add(const MemRegion *r, char *err, size_t errlen)
{
    if (heard.fail_at && r->base == (hwaddr)heard.fail_at) {
        snprintf(err, errlen, "no slot for %s", r->name);
        return -1;
    }
    snprintf(heard.what[heard.n++ % 16], sizeof heard.what[0], "add %s", r->name);
    return 0;
}

static void heard_del(const MemRegion *r)
{
    snprintf(heard.what[heard.n++ % 16], sizeof heard.what[0], "del %s", r->name);
}

static const MemListener heard_listener = {heard_add, heard_del};

Test(memory, listener_hears_ram_and_rom_present_then_changes)
{
    char err[64];
    static uint8_t more[0x1000];

    memset(&heard, 0, sizeof heard);
    cr_assert_eq(mem_listen(&heard_listener, err, sizeof err), 0);
    /* In address order; the MMIO region is not the accelerator's. */
    cr_assert_eq(heard.n, 2);
    cr_assert_str_eq(heard.what[0], "add rom");
    cr_assert_str_eq(heard.what[1], "add ram");

    mem_add_ram(0x50000000, sizeof more, more, "more");
    mem_add_io(0x0a000000, 0x1000, &fake_ops, &dev, "fake2");
    cr_assert_eq(heard.n, 3);
    cr_assert_str_eq(heard.what[2], "add more");

    cr_assert(mem_remove(0x40000000));
    cr_assert_eq(heard.n, 4);
    cr_assert_str_eq(heard.what[3], "del ram");
    cr_assert_null(mem_find(0x40000000));
    cr_assert_str_eq(mem_find(0x50000000)->name, "more");
    uint64_t v;
    cr_assert_not(mem_read(0x40000000, 4, &v), "a removed region still answers");

    cr_assert(mem_remove(0x0a000000)); /* MMIO: removed without a word to it */
    cr_assert_eq(heard.n, 4);
    cr_assert_null(mem_find(0x0a000000));
}

Test(memory, remove_needs_the_region_base)
{
    cr_assert_not(mem_remove(0x40000004), "removed by an address inside the region");
    cr_assert_not(mem_remove(0x60000000));
    cr_assert_str_eq(mem_find(0x40000004)->name, "ram");
    cr_assert(mem_remove(0x0));
    cr_assert_null(mem_find(0x0));
    cr_assert_str_eq(mem_find(0x40000000)->name, "ram");
    /* The freed addresses can be given to a region again. */
    mem_add_ram(0x0, sizeof rom, rom, "rom-again");
    cr_assert_str_eq(mem_find(0x0)->name, "rom-again");
}

Test(memory, listener_refusal_is_reported)
{
    char err[64] = "";

    memset(&heard, 0, sizeof heard);
    heard.fail_at = 0x40000000;
    cr_assert_eq(mem_listen(&heard_listener, err, sizeof err), -1);
    cr_assert_str_eq(err, "no slot for ram");
}
