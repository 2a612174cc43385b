/*
 * qcow2 metadata I/O: a small cache of cluster-sized tables (L2 tables and
 * refcount blocks), metadata reads that refuse to read past the end of the
 * file, and the write and barrier calls the other qcow2 files use.
 *
 * The cache is write-through: callers change a cached table in place and
 * write the changed bytes to the file at once, so a cached table is never
 * newer than the file and eviction is just forgetting.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "include/xrun/util.h"
#include "system/block/qcow2.h"

void qcow2_cache_init(Qcow2 *q, Qcow2Cache *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < QCOW2_CACHE_SLOTS; i++)
        c->data[i] = xr_malloc(q->cluster_size);
}

void qcow2_cache_free(Qcow2Cache *c)
{
    for (int i = 0; i < QCOW2_CACHE_SLOTS; i++)
        free(c->data[i]);
    memset(c, 0, sizeof *c);
}

int qcow2_read_meta(Qcow2 *q, uint64_t off, void *buf, size_t len, const char *what)
{
    if (off > q->file_size || len > q->file_size - off) {
        blk_log(q->bd, "%s at offset 0x%" PRIx64 " lies beyond the end of the file (0x%" PRIx64 ")",
                what, off, q->file_size);
        return -EIO;
    }
    return blk_file_pread(q->bd->fd, off, buf, len);
}

int qcow2_cache_get(Qcow2 *q, Qcow2Cache *c, uint64_t off, bool fresh, uint8_t **table)
{
    int victim = 0, r;

    for (int i = 0; i < QCOW2_CACHE_SLOTS; i++) {
        if (c->offset[i] == off) {
            c->stamp[i] = ++c->clock;
            if (fresh)
                memset(c->data[i], 0, q->cluster_size);
            *table = c->data[i];
            return 0;
        }
        if (c->stamp[i] < c->stamp[victim])
            victim = i;
    }
    c->offset[victim] = 0;
    if (fresh) {
        memset(c->data[victim], 0, q->cluster_size);
    } else {
        r = qcow2_read_meta(q, off, c->data[victim], q->cluster_size,
                            c == &q->l2_cache ? "L2 table" : "refcount block");
        if (r < 0)
            return r;
    }
    c->offset[victim] = off;
    c->stamp[victim] = ++c->clock;
    *table = c->data[victim];
    return 0;
}

void qcow2_cache_drop(Qcow2Cache *c, uint64_t off)
{
    for (int i = 0; i < QCOW2_CACHE_SLOTS; i++) {
        if (c->offset[i] == off) {
            c->offset[i] = 0;
            c->stamp[i] = 0;
        }
    }
}

int qcow2_write_file(Qcow2 *q, uint64_t off, const void *buf, size_t len)
{
    int r = blk_file_pwrite(q->bd->fd, off, buf, len);
    if (r < 0) {
        blk_log(q->bd, "write of %zu bytes at offset 0x%" PRIx64 " failed: %s", len, off, strerror(-r));
        return r;
    }
    if (off + len > q->file_size)
        q->file_size = off + len;
    return 0;
}

int qcow2_barrier(Qcow2 *q)
{
    if (!q->ordered)
        return 0;
    return blk_file_sync(q->bd->fd);
}
