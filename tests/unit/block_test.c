/*
 * Block layer tests: raw and qcow2 images written and read through
 * block.h, checked against an in-memory copy of what the disk must hold,
 * and their refcounts checked with qcow2_check after each scenario.
 * Corrupt and truncated images must fail with a message naming the file,
 * never crash or read wrong data.
 */
#include <criterion/criterion.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "system/block/block_int.h"

/* -- Helpers -- */

static char tmpdir[64];

static void setup_dir(void)
{
    strcpy(tmpdir, "/tmp/block_test.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static const char *tpath(const char *name)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_pattern(uint8_t *p, size_t n, uint64_t seed)
{
    for (size_t k = 0; k < n; k++)
        p[k] = (uint8_t)((seed * 131 + k * 7 + (k >> 9)) ^ (k >> 3));
}

static void make_qcow2(const char *name, uint64_t size, int version, uint32_t cs, const char *backing,
                       const char *bfmt)
{
    char err[256];
    Qcow2CreateOpts o = {.version = version, .cluster_size = cs, .backing_file = backing, .backing_fmt = bfmt};
    cr_assert_eq(blk_create(tpath(name), "qcow2", size, &o, err, sizeof err), 0, "%s", err);
}

static void make_raw(const char *name, const uint8_t *data, size_t size)
{
    FILE *f = fopen(tpath(name), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, size, f), size);
    fclose(f);
}

static BlockDev *open_rw(const char *name)
{
    char err[256];
    BlockDev *bd = blk_open(tpath(name), &(BlockOpenOpts){0}, err, sizeof err);
    cr_assert_not_null(bd, "open %s: %s", name, err);
    return bd;
}

/* The open fails; returns its message. */
static const char *open_fails(const char *name, const char *fmt, bool readonly)
{
    static char err[256];
    err[0] = 0;
    BlockDev *bd = blk_open(tpath(name), &(BlockOpenOpts){.format = fmt, .readonly = readonly}, err, sizeof err);
    cr_assert_null(bd, "%s opened but should not", name);
    cr_assert(strstr(err, name), "message names the file: %s", err);
    return err;
}

static void assert_reads(BlockDev *bd, const uint8_t *want, uint64_t size)
{
    uint8_t *got = malloc(size);
    cr_assert_eq(blk_pread(bd, 0, got, size), 0);
    for (uint64_t k = 0; k < size; k++)
        cr_assert_eq(got[k], want[k], "byte %lu: got %u want %u", (unsigned long)k, got[k], want[k]);
    free(got);
}

/* Refcounts of the image on disk: no error, no leak. */
static void assert_clean(const char *name)
{
    char err[256];
    Qcow2CheckResult res;
    BlockDev *bd = blk_open(tpath(name), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    cr_assert_eq(qcow2_check(bd, 0, &res, NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(res.corruptions, 0, "%s: %lu refcount errors", name, (unsigned long)res.corruptions);
    cr_assert_eq(res.leaks, 0, "%s: %lu leaked clusters", name, (unsigned long)res.leaks);
    blk_close(bd);
}

static void random_writes(BlockDev *bd, uint8_t *mem, uint64_t size, int count, size_t maxlen);

/* Opens name, makes count random writes (mirrored in mem), closes it. */
static void write_random(const char *name, uint8_t *mem, uint64_t size, int count, size_t maxlen)
{
    BlockDev *bd = open_rw(name);
    random_writes(bd, mem, size, count, maxlen);
    blk_close(bd);
}

/* The image reads as mem after a reopen, and its refcounts are clean. */
static void verify_image(const char *name, const uint8_t *mem, uint64_t size)
{
    BlockDev *bd = open_rw(name);
    assert_reads(bd, mem, size);
    blk_close(bd);
    assert_clean(name);
}

/* Random writes of random lengths, mirrored in mem; returns the count. */
static void random_writes(BlockDev *bd, uint8_t *mem, uint64_t size, int count, size_t maxlen)
{
    uint8_t *buf = malloc(maxlen);
    for (int i = 0; i < count; i++) {
        size_t len = 1 + rnd() % maxlen;
        uint64_t off = rnd() % (size - len);
        fill_pattern(buf, len, rnd());
        cr_assert_eq(blk_pwrite(bd, off, buf, len), 0, "write %lu+%zu", (unsigned long)off, len);
        memcpy(mem + off, buf, len);
    }
    free(buf);
}

static void patch_file(const char *name, uint64_t off, const void *data, size_t len)
{
    int fd = open(tpath(name), O_WRONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(pwrite(fd, data, len, (off_t)off), (ssize_t)len);
    close(fd);
}

static void patch_be32(const char *name, uint64_t off, uint32_t v)
{
    v = htobe32(v);
    patch_file(name, off, &v, 4);
}

static void patch_be64(const char *name, uint64_t off, uint64_t v)
{
    v = htobe64(v);
    patch_file(name, off, &v, 8);
}

TestSuite(block, .init = setup_dir, .fini = remove_dir);

/* -- Allocation and refcounts -- */

Test(block, qcow2_writes_across_clusters_read_back)
{
    const uint64_t size = 4 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("a.qcow2", size, 3, 4096, NULL, NULL);
    BlockDev *bd = open_rw("a.qcow2");
    cr_assert_str_eq(blk_format(bd), "qcow2");
    cr_assert_eq(blk_size(bd), size);
    random_writes(bd, mem, size, 300, 20000);
    assert_reads(bd, mem, size);
    cr_assert_eq(blk_flush(bd), 0);
    blk_close(bd);
    verify_image("a.qcow2", mem, size);
    free(mem);
}

Test(block, qcow2_v2_random_writes)
{
    const uint64_t size = 3 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("v2.qcow2", size, 2, 65536, NULL, NULL);
    write_random("v2.qcow2", mem, size, 200, 100000);
    verify_image("v2.qcow2", mem, size);
    free(mem);
}

/* 512-byte clusters: a refcount block holds 256 refcounts, the first
 * refcount table covers 16384 clusters; 10 MiB of data needs new refcount
 * blocks and a larger refcount table. */
Test(block, qcow2_refcount_blocks_and_table_grow)
{
    const uint64_t size = 12 << 20, written = 10 << 20;
    uint8_t *mem = calloc(1, size), *chunk = malloc(65536);
    make_qcow2("small.qcow2", size, 3, 512, NULL, NULL);
    BlockDev *bd = open_rw("small.qcow2");
    for (uint64_t off = 0; off < written; off += 65536) {
        fill_pattern(chunk, 65536, off);
        cr_assert_eq(blk_pwrite(bd, off, chunk, 65536), 0, "write at %lu", (unsigned long)off);
        memcpy(mem + off, chunk, 65536);
    }
    random_writes(bd, mem, size, 100, 3000);
    blk_close(bd);
    verify_image("small.qcow2", mem, size);
    uint32_t rt_clusters;
    int fd = open(tpath("small.qcow2"), O_RDONLY);
    cr_assert_eq(pread(fd, &rt_clusters, 4, 56), 4);
    close(fd);
    cr_assert_gt(be32toh(rt_clusters), 1, "the refcount table grew");
    free(mem);
    free(chunk);
}

Test(block, qcow2_refcount_orders)
{
    /* An image with 1-bit and 64-bit refcounts, made by rewriting a fresh
     * image's refcount_order and its refcount block. */
    for (int order = 0; order <= 6; order += 6) {
        const uint64_t size = 1 << 20;
        uint8_t *mem = calloc(1, size), block[512] = {0};
        make_qcow2("o.qcow2", size, 3, 512, NULL, NULL);
        /* Fresh layout: header, refcount table, one block, L1 table = 4 clusters. */
        for (int c = 0; c < 4; c++) {
            if (order == 0)
                block[0] |= (uint8_t)(1u << c);
            else
                block[c * 8 + 7] = 1;
        }
        patch_file("o.qcow2", 2 * 512, block, sizeof block);
        patch_be32("o.qcow2", 96, (uint32_t)order);
        assert_clean("o.qcow2");
        write_random("o.qcow2", mem, size, 50, 4000);
        verify_image("o.qcow2", mem, size);
        free(mem);
    }
}

/* -- Backing files -- */

Test(block, qcow2_copy_on_write_from_backing)
{
    const uint64_t size = 1 << 20;
    uint8_t *mem = malloc(size), *base = malloc(size);
    fill_pattern(base, size, 42);
    memcpy(mem, base, size);
    make_raw("base.raw", base, size);
    make_qcow2("over.qcow2", size, 3, 65536, "base.raw", "raw");
    BlockDev *bd = open_rw("over.qcow2");
    assert_reads(bd, mem, size);
    uint8_t small[100];
    memset(small, 0xab, sizeof small);
    cr_assert_eq(blk_pwrite(bd, 65536 + 1000, small, sizeof small), 0);
    memcpy(mem + 65536 + 1000, small, sizeof small);
    random_writes(bd, mem, size, 30, 5000);
    blk_close(bd);
    verify_image("over.qcow2", mem, size);
    /* The backing file is untouched. */
    bd = open_rw("base.raw");
    assert_reads(bd, base, size);
    blk_close(bd);
    free(mem);
    free(base);
}

Test(block, qcow2_backing_chain_of_qcow2_and_shorter_backing)
{
    const uint64_t size = 1 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("b1.qcow2", size / 2, 2, 65536, NULL, NULL);
    write_random("b1.qcow2", mem, size / 2, 20, 3000);
    make_qcow2("b2.qcow2", size, 3, 4096, "b1.qcow2", NULL);
    BlockDev *bd = open_rw("b2.qcow2");
    assert_reads(bd, mem, size); /* past the backing's end: zeroes */
    random_writes(bd, mem, size, 40, 9000);
    blk_close(bd);
    verify_image("b2.qcow2", mem, size);
    free(mem);
}

Test(block, qcow2_missing_backing_file_is_an_error)
{
    make_qcow2("orphan.qcow2", 1 << 20, 3, 65536, "nonexistent.raw", "raw");
    const char *err = open_fails("orphan.qcow2", NULL, false);
    cr_assert(strstr(err, "nonexistent.raw"), "%s", err);
}

/* -- Compressed clusters -- */

Test(block, qcow2_compressed_write_read_and_overwrite)
{
    const uint64_t size = 1 << 20, cs = 65536;
    uint8_t *mem = calloc(1, size);
    make_qcow2("c.qcow2", size, 3, (uint32_t)cs, NULL, NULL);
    BlockDev *bd = open_rw("c.qcow2");
    for (uint64_t off = 0; off < size; off += cs) {
        /* Compressible: repeating text; the last cluster is random data. */
        for (uint64_t k = 0; k < cs; k++)
            mem[off + k] = off + cs < size ? (uint8_t)("qcow2 compressed "[k % 17] + off / cs) : (uint8_t)rnd();
        cr_assert_eq(blk_write_compressed(bd, off, mem + off, cs), 0);
    }
    assert_reads(bd, mem, size);
    blk_close(bd);
    assert_clean("c.qcow2");
    struct stat st;
    cr_assert_eq(stat(tpath("c.qcow2"), &st), 0);
    cr_assert_lt(st.st_size, (off_t)(size / 2), "compressed image is %ld bytes", (long)st.st_size);
    bd = open_rw("c.qcow2");
    assert_reads(bd, mem, size);
    /* Partial overwrites turn compressed clusters into normal ones. */
    random_writes(bd, mem, size, 20, 3000);
    cr_assert_eq(blk_write_zeroes(bd, 3 * cs, cs, true), 0);
    memset(mem + 3 * cs, 0, cs);
    assert_reads(bd, mem, size);
    blk_close(bd);
    verify_image("c.qcow2", mem, size);
    free(mem);
}

Test(block, qcow2_compressed_partial_last_cluster)
{
    const uint64_t cs = 65536, size = 4 * cs - 1; /* random data this long does not shrink */
    uint8_t *mem = calloc(1, size);
    make_qcow2("cp.qcow2", size, 3, (uint32_t)cs, NULL, NULL);
    BlockDev *bd = open_rw("cp.qcow2");
    for (int pass = 0; pass < 2; pass++) {
        /* First compressible text, then random bytes that do not shrink. */
        for (uint64_t k = 3 * cs; k < size; k++)
            mem[k] = pass ? (uint8_t)rnd() : (uint8_t)"xrun "[k % 5];
        cr_assert_eq(blk_write_compressed(bd, 3 * cs, mem + 3 * cs, size - 3 * cs), 0);
        assert_reads(bd, mem, size);
    }
    blk_close(bd);
    verify_image("cp.qcow2", mem, size);
    free(mem);
}

/* -- Discard and write-zeroes -- */

static void discard_and_zero(int version, bool backing)
{
    const uint64_t size = 1 << 20, cs = 4096;
    uint8_t *mem = malloc(size), *base = malloc(size);
    fill_pattern(base, size, 7);
    if (backing) {
        make_raw("zb.raw", base, size);
        memcpy(mem, base, size);
    } else {
        memset(mem, 0, size);
    }
    make_qcow2("z.qcow2", size, version, (uint32_t)cs, backing ? "zb.raw" : NULL, backing ? "raw" : NULL);
    BlockDev *bd = open_rw("z.qcow2");
    random_writes(bd, mem, size, 100, 20000);
    /* Write-zeroes, unaligned, with and without unmap. */
    cr_assert_eq(blk_write_zeroes(bd, 5000, 30000, true), 0);
    memset(mem + 5000, 0, 30000);
    cr_assert_eq(blk_write_zeroes(bd, 100000, 50000, false), 0);
    memset(mem + 100000, 0, 50000);
    assert_reads(bd, mem, size);
    /* Discard: reads give zeroes or the old data (v2 with a backing file
     * keeps the data); without a backing file both formats read zeroes. */
    cr_assert_eq(blk_discard(bd, 200 * 1024, 64 * 1024), 0);
    if (!backing || version == 3) {
        uint8_t *got = malloc(64 * 1024);
        cr_assert_eq(blk_pread(bd, 200 * 1024, got, 64 * 1024), 0);
        for (int k = 0; k < 64 * 1024; k++)
            cr_assert_eq(got[k], 0, "discarded byte %d", k);
        memset(mem + 200 * 1024, 0, 64 * 1024);
        free(got);
    }
    assert_reads(bd, mem, size);
    /* Rewrite into zeroed and discarded clusters. */
    random_writes(bd, mem, size, 50, 10000);
    cr_assert_eq(blk_flush(bd), 0);
    blk_close(bd);
    verify_image("z.qcow2", mem, size);
    free(mem);
    free(base);
}

Test(block, qcow2_v3_discard_and_zero) { discard_and_zero(3, false); }
Test(block, qcow2_v3_discard_and_zero_with_backing) { discard_and_zero(3, true); }
Test(block, qcow2_v2_discard_and_zero) { discard_and_zero(2, false); }
Test(block, qcow2_v2_discard_and_zero_with_backing) { discard_and_zero(2, true); }

Test(block, qcow2_discard_frees_clusters_for_reuse)
{
    const uint64_t size = 4 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("re.qcow2", size, 3, 65536, NULL, NULL);
    write_random("re.qcow2", mem, size, 50, 200000);
    struct stat st1, st2;
    cr_assert_eq(stat(tpath("re.qcow2"), &st1), 0);
    BlockDev *bd = open_rw("re.qcow2");
    cr_assert_eq(blk_discard(bd, 0, size), 0);
    memset(mem, 0, size);
    cr_assert_eq(blk_flush(bd), 0);
    random_writes(bd, mem, size, 50, 200000);
    blk_close(bd);
    cr_assert_eq(stat(tpath("re.qcow2"), &st2), 0);
    cr_assert_leq(st2.st_size, st1.st_size + 65536 * 8, "freed clusters reused: %ld then %ld",
                  (long)st1.st_size, (long)st2.st_size);
    verify_image("re.qcow2", mem, size);
    free(mem);
}

/* -- Raw images -- */

Test(block, raw_unaligned_io_discard_zero)
{
    const uint64_t size = 1 << 20;
    uint8_t *mem = calloc(1, size);
    make_raw("r.raw", mem, size);
    BlockDev *bd = open_rw("r.raw");
    cr_assert_str_eq(blk_format(bd), "raw");
    cr_assert_eq(blk_size(bd), size);
    random_writes(bd, mem, size, 100, 10000);
    cr_assert_eq(blk_write_zeroes(bd, 4096, 8192, true), 0);
    cr_assert_eq(blk_write_zeroes(bd, 30001, 777, false), 0);
    memset(mem + 4096, 0, 8192);
    memset(mem + 30001, 0, 777);
    assert_reads(bd, mem, size);
    cr_assert_eq(blk_flush(bd), 0);
    cr_assert_eq(blk_pread(bd, size - 10, mem, 20), -EINVAL, "a read past the end is refused");
    blk_close(bd);
    free(mem);
}

Test(block, qcow2_unaligned_io_matches_raw)
{
    const uint64_t size = (2 << 20) + 4096; /* not a whole number of clusters */
    uint8_t *mem = calloc(1, size);
    make_qcow2("u.qcow2", size, 3, 65536, NULL, NULL);
    BlockDev *bd = open_rw("u.qcow2");
    random_writes(bd, mem, size, 300, 70000);
    for (int i = 0; i < 200; i++) {
        size_t len = 1 + rnd() % 100000;
        uint64_t off = rnd() % (size - len);
        uint8_t *got = malloc(len);
        cr_assert_eq(blk_pread(bd, off, got, len), 0);
        cr_assert(!memcmp(got, mem + off, len), "read %lu+%zu", (unsigned long)off, len);
        free(got);
    }
    uint8_t tail[4096];
    memset(tail, 0x5a, sizeof tail);
    cr_assert_eq(blk_pwrite(bd, size - sizeof tail, tail, sizeof tail), 0);
    memcpy(mem + size - sizeof tail, tail, sizeof tail);
    cr_assert_eq(blk_pwrite(bd, size - 1, tail, 2), -EINVAL);
    blk_close(bd);
    verify_image("u.qcow2", mem, size);
    free(mem);
}

/* -- Open options -- */

Test(block, readonly_refuses_writes_and_snapshot_keeps_file)
{
    const uint64_t size = 1 << 20;
    uint8_t *mem = calloc(1, size), *orig = calloc(1, size);
    char err[256];
    make_qcow2("s.qcow2", size, 3, 65536, NULL, NULL);
    write_random("s.qcow2", orig, size, 20, 5000);
    memcpy(mem, orig, size);

    BlockDev *bd = blk_open(tpath("s.qcow2"), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    cr_assert(blk_is_readonly(bd));
    cr_assert_eq(blk_pwrite(bd, 0, mem, 10), -EROFS);
    blk_close(bd);

    bd = blk_open(tpath("s.qcow2"), &(BlockOpenOpts){.snapshot = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    cr_assert_eq(blk_size(bd), size);
    random_writes(bd, mem, size, 50, 20000);
    cr_assert_eq(blk_discard(bd, 0, 65536), 0);
    cr_assert_eq(blk_write_zeroes(bd, 65536, 65536, true), 0);
    memset(mem, 0, 2 * 65536);
    assert_reads(bd, mem, size);
    cr_assert_eq(blk_flush(bd), 0);
    blk_close(bd);
    verify_image("s.qcow2", orig, size);
    free(mem);
    free(orig);
}

Test(block, a_writer_excludes_other_opens)
{
    char err[256];
    make_qcow2("lk.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    BlockDev *w = open_rw("lk.qcow2");
    const char *msg = open_fails("lk.qcow2", NULL, true);
    cr_assert(strstr(msg, "in use"), "%s", msg);
    BlockDev *meta = blk_open_metadata(tpath("lk.qcow2"), NULL, true, err, sizeof err);
    cr_assert_not_null(meta, "describing an image in use works: %s", err);
    blk_close(meta);
    blk_close(w);
    BlockDev *r1 = blk_open(tpath("lk.qcow2"), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    BlockDev *r2 = blk_open(tpath("lk.qcow2"), &(BlockOpenOpts){.snapshot = true}, err, sizeof err);
    cr_assert(r1 && r2, "readers share the image: %s", err);
    open_fails("lk.qcow2", NULL, false);
    blk_close(r1);
    blk_close(r2);
}

Test(block, explicit_format_wins_over_probe)
{
    make_qcow2("f.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    char err[256];
    BlockDev *bd = blk_open(tpath("f.qcow2"), &(BlockOpenOpts){.format = "raw", .readonly = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    cr_assert_str_eq(blk_format(bd), "raw");
    blk_close(bd);
    uint8_t junk[4096] = "not a qcow2";
    make_raw("j.raw", junk, sizeof junk);
    open_fails("j.raw", "qcow2", true);
    open_fails("j.raw", "vmdk", true);
    open_fails("missing.img", NULL, true);
}

/* -- Corrupt and truncated images -- */

typedef struct HeaderPatch {
    const char *what;
    uint64_t off;
    int width; /* 4 or 8 */
    uint64_t value;
} HeaderPatch;

Test(block, corrupt_headers_are_refused)
{
    /* Fresh v3 image with 64 KiB clusters: refcount table at 0x10000 (1
     * cluster), refcount block at 0x20000, L1 at 0x30000 (1 entry). */
    static const HeaderPatch patches[] = {
        {"magic", 0, 4, 0x514649fa},
        {"version 1", 4, 4, 1},
        {"version 4", 4, 4, 4},
        {"cluster_bits 8", 20, 4, 8},
        {"cluster_bits 22", 20, 4, 22},
        {"encryption", 32, 4, 1},
        {"L1 too small", 36, 4, 0},
        {"L1 too large", 36, 4, 0x10000000},
        {"L1 beyond the file", 40, 8, 0x1000000},
        {"L1 unaligned", 40, 8, 0x30200},
        {"L1 overlaps refcount table", 40, 8, 0x10000},
        {"L1 on the header", 40, 8, 0},
        {"refcount table beyond the file", 48, 8, 0x7000000},
        {"refcount table unaligned", 48, 8, 0x10008},
        {"refcount table empty", 56, 4, 0},
        {"refcount table huge", 56, 4, 0x100000},
        {"snapshots beyond the file", 60, 4, 1},
        {"unknown incompatible feature", 72, 8, 1ull << 40},
        {"external data file", 72, 8, 1ull << 2},
        {"extended L2", 72, 8, 1ull << 4},
        {"refcount_order 7", 96, 4, 7},
        {"header_length short", 100, 4, 72},
        {"header_length unaligned", 100, 4, 105},
        {"header_length past the cluster", 100, 4, 0x20000},
        {"backing name beyond the header", 8, 8, 0x1fff0},
        {"virtual size huge", 24, 8, 1ull << 60},
    };
    for (size_t i = 0; i < sizeof patches / sizeof patches[0]; i++) {
        const HeaderPatch *p = &patches[i];
        make_qcow2("bad.qcow2", 1 << 20, 3, 65536, NULL, NULL);
        if (p->off == 60)
            patch_be64("bad.qcow2", 64, 0x7000000);
        if (p->off == 8)
            patch_be32("bad.qcow2", 16, 100);
        if (p->width == 4)
            patch_be32("bad.qcow2", p->off, (uint32_t)p->value);
        else
            patch_be64("bad.qcow2", p->off, p->value);
        const char *err = open_fails("bad.qcow2", "qcow2", true);
        cr_assert_gt(strlen(err), strlen(tpath("bad.qcow2")) + 5, "%s: message too short: %s", p->what, err);
    }
}

Test(block, header_extension_overrun_and_bad_l1_entry)
{
    make_qcow2("ext.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    /* An extension at header_length claiming more bytes than the cluster. */
    patch_be32("ext.qcow2", 104, 0x12345678);
    patch_be32("ext.qcow2", 108, 0x100000);
    open_fails("ext.qcow2", NULL, true);
    make_qcow2("l1.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    patch_be64("l1.qcow2", 0x30000, 0x40000 | 0x100);
    open_fails("l1.qcow2", NULL, true);
}

Test(block, truncated_images)
{
    const uint64_t size = 2 << 20;
    uint8_t *mem = calloc(1, size), *got = malloc(size);
    make_qcow2("t.qcow2", size, 3, 65536, NULL, NULL);
    write_random("t.qcow2", mem, size, 100, 30000);
    struct stat st;
    cr_assert_eq(stat(tpath("t.qcow2"), &st), 0);
    /* Cut the last clusters: reads of them fail, the others still work. */
    cr_assert_eq(truncate(tpath("t.qcow2"), st.st_size - 3 * 65536), 0);
    BlockDev *bd = open_rw("t.qcow2");
    int failed = 0;
    for (uint64_t off = 0; off < size; off += 65536) {
        int r = blk_pread(bd, off, got, 65536);
        cr_assert(r == 0 || r == -EIO, "read at %lu: %d", (unsigned long)off, r);
        if (r == 0)
            cr_assert(!memcmp(got, mem + off, 65536), "cluster at %lu reads what was written", (unsigned long)off);
        failed += r != 0;
    }
    cr_assert_gt(failed, 0, "a cluster past the end of the file must fail to read");
    blk_close(bd);
    /* Cut into the metadata: open fails. */
    cr_assert_eq(truncate(tpath("t.qcow2"), 0x30004), 0);
    open_fails("t.qcow2", NULL, false);
    cr_assert_eq(truncate(tpath("t.qcow2"), 50), 0);
    open_fails("t.qcow2", "qcow2", false);
    free(mem);
    free(got);
}

Test(block, corrupt_compressed_cluster_reads_eio)
{
    const uint64_t cs = 65536;
    uint8_t *data = malloc(cs), *got = malloc(cs);
    for (uint64_t k = 0; k < cs; k++)
        data[k] = (uint8_t)(k % 13);
    make_qcow2("cz.qcow2", 1 << 20, 3, (uint32_t)cs, NULL, NULL);
    BlockDev *bd = open_rw("cz.qcow2");
    cr_assert_eq(blk_write_compressed(bd, 0, data, cs), 0);
    blk_close(bd);
    /* Find the compressed data through the L1 table (at 0x30000) and the
     * L2 entry (host offset in bits 0..53 for 64 KiB clusters), and break it. */
    uint64_t l1e, l2e;
    int fd = open(tpath("cz.qcow2"), O_RDONLY);
    cr_assert_eq(pread(fd, &l1e, 8, 0x30000), 8);
    cr_assert_eq(pread(fd, &l2e, 8, (off_t)(be64toh(l1e) & 0x00fffffffffffe00ull)), 8);
    close(fd);
    l2e = be64toh(l2e);
    cr_assert(l2e & (1ull << 62), "the cluster is compressed");
    uint8_t garbage[64];
    memset(garbage, 0xff, sizeof garbage);
    patch_file("cz.qcow2", l2e & ((1ull << 54) - 1), garbage, sizeof garbage);
    bd = open_rw("cz.qcow2");
    cr_assert_eq(blk_pread(bd, 0, got, cs), -EIO);
    blk_close(bd);
    free(data);
    free(got);
}

/* -- Check and repair -- */

Test(block, check_finds_and_repairs_leaks_and_errors)
{
    char err[256];
    Qcow2CheckResult res;
    const uint64_t size = 1 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("k.qcow2", size, 3, 65536, NULL, NULL);
    write_random("k.qcow2", mem, size, 20, 5000);
    /* Refcount block at 0x20000, 16-bit entries: cluster 0 (header) gets
     * refcount 2 (a leak), the first L2 table (cluster 4) gets 0 (an error). */
    uint16_t two = htobe16(2), zero = 0;
    patch_file("k.qcow2", 0x20000, &two, 2);
    patch_file("k.qcow2", 0x20000 + 4 * 2, &zero, 2);
    BlockDev *bd = blk_open(tpath("k.qcow2"), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    cr_assert_eq(qcow2_check(bd, 0, &res, NULL, err, sizeof err), 0);
    cr_assert_eq(res.leaks, 1);
    cr_assert_eq(res.corruptions, 1);
    cr_assert_eq(qcow2_check(bd, QCOW2_FIX_LEAKS, &res, NULL, err, sizeof err), -EROFS);
    blk_close(bd);
    bd = open_rw("k.qcow2");
    cr_assert_eq(qcow2_check(bd, QCOW2_FIX_LEAKS, &res, NULL, err, sizeof err), 0);
    cr_assert_eq(res.leaks_fixed, 1);
    cr_assert_eq(res.corruptions_fixed, 0);
    cr_assert_eq(qcow2_check(bd, QCOW2_FIX_LEAKS | QCOW2_FIX_ERRORS, &res, NULL, err, sizeof err), 0);
    cr_assert_eq(res.corruptions_fixed, 1);
    assert_reads(bd, mem, size);
    blk_close(bd);
    assert_clean("k.qcow2");
    free(mem);
}

Test(block, dirty_image_is_repaired_on_open)
{
    const uint64_t size = 1 << 20;
    uint8_t *mem = calloc(1, size);
    make_qcow2("d.qcow2", size, 3, 65536, NULL, NULL);
    write_random("d.qcow2", mem, size, 10, 5000);
    uint16_t zero = 0;
    patch_file("d.qcow2", 0x20000 + 4 * 2, &zero, 2); /* lazy refcount of the L2 table */
    patch_be64("d.qcow2", 72, 1);                      /* dirty */
    BlockDev *bd = open_rw("d.qcow2");
    random_writes(bd, mem, size, 10, 5000);
    assert_reads(bd, mem, size);
    blk_close(bd);
    assert_clean("d.qcow2");
    char err[256];
    BlockInfo info;
    bd = blk_open(tpath("d.qcow2"), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    blk_get_info(bd, &info);
    cr_assert(!info.dirty);
    blk_close(bd);
    free(mem);
}

Test(block, corrupt_bit_and_snapshots_open_read_only)
{
    make_qcow2("cb.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    patch_be64("cb.qcow2", 72, 2);
    open_fails("cb.qcow2", NULL, false);
    char err[256];
    BlockDev *bd = blk_open(tpath("cb.qcow2"), &(BlockOpenOpts){.readonly = true}, err, sizeof err);
    cr_assert_not_null(bd, "%s", err);
    blk_close(bd);
}

Test(block, unknown_autoclear_bits_cleared_on_write_open)
{
    make_qcow2("ac.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    patch_be64("ac.qcow2", 88, 0x8001);
    blk_close(open_rw("ac.qcow2"));
    uint64_t v;
    int fd = open(tpath("ac.qcow2"), O_RDONLY);
    cr_assert_eq(pread(fd, &v, 8, 88), 8);
    close(fd);
    cr_assert_eq(v, 0);
}

Test(block, write_through_corrupt_l2_entry_is_refused)
{
    uint8_t data[512], before[512], after[512];
    memset(data, 0x77, sizeof data);
    make_qcow2("ov.qcow2", 1 << 20, 3, 65536, NULL, NULL);
    BlockDev *bd = open_rw("ov.qcow2");
    cr_assert_eq(blk_pwrite(bd, 0, data, sizeof data), 0);
    blk_close(bd);
    /* Point guest cluster 0 at the refcount table (0x10000). */
    uint64_t l1e;
    int fd = open(tpath("ov.qcow2"), O_RDONLY);
    cr_assert_eq(pread(fd, &l1e, 8, 0x30000), 8);
    cr_assert_eq(pread(fd, before, sizeof before, 0x10000), (ssize_t)sizeof before);
    close(fd);
    patch_be64("ov.qcow2", be64toh(l1e) & 0x00fffffffffffe00ull, 0x10000 | (1ull << 63));
    bd = open_rw("ov.qcow2");
    cr_assert_eq(blk_pwrite(bd, 0, data, sizeof data), -EIO);
    blk_close(bd);
    fd = open(tpath("ov.qcow2"), O_RDONLY);
    cr_assert_eq(pread(fd, after, sizeof after, 0x10000), (ssize_t)sizeof after);
    close(fd);
    cr_assert(!memcmp(before, after, sizeof before), "the refcount table is untouched");
}
