/*
 * blkwrite: random writes, write-zeroes, discards and flushes through the
 * block API, for the interoperability tests in tests/img/run.sh.
 *
 *     blkwrite IMAGE MIRROR SEED COUNT
 *
 * Opens IMAGE read-write, copies what it reads now into the raw file
 * MIRROR, then applies COUNT random operations to both. Afterwards MIRROR
 * holds exactly what IMAGE must read as, whichever tool reads it. A discard
 * may leave old data or zeroes, so the mirror takes what the image reads
 * after it; images with a backing file get no discards. Exits 0 on
 * success, 1 with a message otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/block/block_int.h"

static uint64_t rng;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int fail(const char *what, int r)
{
    fprintf(stderr, "blkwrite: %s: %s\n", what, strerror(-r));
    return 1;
}

int main(int argc, char **argv)
{
    char err[512];
    BlockDev *bd;
    BlockInfo info;
    uint8_t *mem, *buf;
    uint64_t size;
    FILE *f;
    int count, r;

    if (argc != 5) {
        fprintf(stderr, "usage: blkwrite IMAGE MIRROR SEED COUNT\n");
        return 1;
    }
    rng = strtoull(argv[3], NULL, 0) | 1;
    count = atoi(argv[4]);
    if (!(bd = blk_open(argv[1], &(BlockOpenOpts){0}, err, sizeof err))) {
        fprintf(stderr, "blkwrite: %s\n", err);
        return 1;
    }
    blk_get_info(bd, &info);
    size = blk_size(bd);
    mem = malloc(size);
    buf = malloc(size);
    if (!mem || !buf || size < 2)
        return fail("image too small or out of memory", -ENOMEM);
    if ((r = blk_pread(bd, 0, mem, size)) < 0)
        return fail("initial read", r);
    for (int i = 0; i < count; i++) {
        uint64_t len = 1 + next() % (size / 16 < 300000 ? size / 16 : 300000), off = next() % (size - len);
        unsigned op = (unsigned)(next() % 10);
        if (op < 6) {
            for (uint64_t k = 0; k < len; k++)
                buf[k] = (uint8_t)(next() >> 32);
            if ((r = blk_pwrite(bd, off, buf, len)) < 0)
                return fail("write", r);
            memcpy(mem + off, buf, len);
        } else if (op < 8) {
            if ((r = blk_write_zeroes(bd, off, len, op == 7)) < 0)
                return fail("write-zeroes", r);
            memset(mem + off, 0, len);
        } else if (op == 8 && !info.backing_file) {
            if ((r = blk_discard(bd, off, len)) < 0)
                return fail("discard", r);
            /* Without a backing file a discarded range reads as zeroes;
             * read it back to learn which bytes the format really dropped. */
            if ((r = blk_pread(bd, off, mem + off, len)) < 0)
                return fail("read after discard", r);
        } else if ((r = blk_flush(bd)) < 0) {
            return fail("flush", r);
        }
    }
    if ((r = blk_pread(bd, 0, buf, size)) < 0)
        return fail("final read", r);
    if (memcmp(buf, mem, size)) {
        fprintf(stderr, "blkwrite: %s reads back differently from what was written\n", argv[1]);
        return 1;
    }
    if ((r = blk_flush(bd)) < 0)
        return fail("flush", r);
    blk_close(bd);
    if (!(f = fopen(argv[2], "wb")) || fwrite(mem, 1, size, f) != size || fclose(f)) {
        fprintf(stderr, "blkwrite: %s: cannot write the mirror\n", argv[2]);
        return 1;
    }
    free(mem);
    free(buf);
    return 0;
}
