/*
 * qcow2 refcounts and cluster allocation.
 *
 * Every host cluster has a refcount: the number of table entries that use
 * it (the header, L1/L2 tables, refcount structures and data clusters count
 * one each; a host cluster holding compressed data counts once per
 * compressed guest cluster inside it). A cluster with refcount 0 is free.
 *
 * Crash safety rests on one rule: on disk, a refcount is never lower than
 * the number of entries that point at the cluster. So
 *   - allocation raises the refcount and syncs before any entry points at
 *     the cluster. To pay for the sync once per batch rather than once per
 *     cluster, clusters are reserved a batch at a time (the pool); a crash
 *     leaks the unused part of the batch, which `qemu-img check -r leaks`
 *     repairs;
 *   - freeing drops the refcount only after the entry that pointed at the
 *     cluster is gone and synced (qcow2_free_cluster_later queues the
 *     cluster; qcow2_apply_frees syncs, then decrements).
 *
 * A new refcount block is placed inside the range it describes, on the
 * first free cluster the allocator meets there, and counts itself; when the
 * allocator runs past what the refcount table covers, the table grows into
 * a larger copy that starts with a refcount block describing it.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "include/xrun/util.h"
#include "system/block/qcow2.h"

/* -- Entries of a refcount block -- */

/* Byte offset and byte count of entry i of a refcount block on disk. */
static void rb_entry_span(const Qcow2 *q, uint64_t i, uint64_t *byte, size_t *len)
{
    int bits = 1 << q->refcount_order;
    *byte = i * (uint64_t)bits / 8;
    *len = bits >= 8 ? (size_t)bits / 8 : 1;
}

static uint64_t rb_get(const Qcow2 *q, const uint8_t *block, uint64_t i)
{
    int bits = 1 << q->refcount_order;
    uint64_t byte, v = 0;
    size_t len;

    rb_entry_span(q, i, &byte, &len);
    if (bits < 8)
        return (block[byte] >> ((i * (uint64_t)bits) % 8)) & ((1u << bits) - 1);
    for (size_t k = 0; k < len; k++)
        v = v << 8 | block[byte + k];
    return v;
}

static void rb_put(const Qcow2 *q, uint8_t *block, uint64_t i, uint64_t v)
{
    int bits = 1 << q->refcount_order;
    uint64_t byte;
    size_t len;

    rb_entry_span(q, i, &byte, &len);
    if (bits < 8) {
        unsigned shift = (unsigned)((i * (uint64_t)bits) % 8), mask = ((1u << bits) - 1) << shift;
        block[byte] = (uint8_t)((block[byte] & ~mask) | ((unsigned)v << shift & mask));
        return;
    }
    for (size_t k = len; k-- > 0; v >>= 8)
        block[byte + k] = (uint8_t)v;
}

/* The cached refcount block describing cluster, or NULL when none does. */
static int rb_find(Qcow2 *q, uint64_t cluster, uint8_t **block)
{
    uint64_t ri = cluster / q->rb_entries;
    *block = NULL;
    if (ri >= q->rt_size || !(q->rt[ri] & QCOW2_RTE_OFFSET_MASK))
        return 0;
    return qcow2_cache_get(q, &q->rb_cache, q->rt[ri] & QCOW2_RTE_OFFSET_MASK, false, block);
}

int qcow2_get_refcount(Qcow2 *q, uint64_t cluster, uint64_t *refcount)
{
    uint8_t *block;
    int r = rb_find(q, cluster, &block);
    *refcount = 0;
    if (r < 0 || !block)
        return r;
    *refcount = rb_get(q, block, cluster % q->rb_entries);
    return 0;
}

int qcow2_set_refcount(Qcow2 *q, uint64_t cluster, uint64_t refcount)
{
    uint64_t i = cluster % q->rb_entries, byte;
    uint8_t *block;
    size_t len;
    int r = rb_find(q, cluster, &block);

    if (r < 0)
        return r;
    if (!block) {
        if (refcount == 0)
            return 0;
        blk_log(q->bd, "no refcount block describes cluster 0x%" PRIx64, cluster);
        return -EIO;
    }
    if (refcount > q->refcount_max) {
        blk_log(q->bd, "refcount of cluster 0x%" PRIx64 " would overflow", cluster);
        return -ERANGE;
    }
    rb_put(q, block, i, refcount);
    rb_entry_span(q, i, &byte, &len);
    return qcow2_write_file(q, (q->rt[cluster / q->rb_entries] & QCOW2_RTE_OFFSET_MASK) + byte,
                            block + byte, len);
}

/* -- New refcount blocks and a larger refcount table -- */

/* Makes cluster the refcount block of its own range (which has none). */
static int rb_create(Qcow2 *q, uint64_t cluster)
{
    uint64_t ri = cluster / q->rb_entries, off = cluster << q->cluster_bits, be;
    uint8_t *block;
    int r = qcow2_cache_get(q, &q->rb_cache, off, true, &block);

    if (r < 0)
        return r;
    rb_put(q, block, cluster % q->rb_entries, 1);
    if ((r = qcow2_write_file(q, off, block, q->cluster_size)) < 0 || (r = qcow2_barrier(q)) < 0)
        goto fail;
    be = htobe64(off);
    if ((r = qcow2_write_file(q, q->rt_offset + ri * 8, &be, 8)) < 0)
        goto fail;
    q->rt[ri] = off;
    return 0;

fail:
    qcow2_cache_drop(&q->rb_cache, off);
    return r;
}

/* Grows the refcount table so that it covers cluster, the first cluster
 * past what it covers now. The new layout there: one refcount block (for
 * the range starting at cluster), then the new table. */
static int rt_grow(Qcow2 *q, uint64_t cluster)
{
    uint64_t ri = cluster / q->rb_entries, new_size = q->rt_size * 2, old_off = q->rt_offset;
    uint64_t new_clusters, table_off, *table = NULL, hdr[2] = {0};
    uint32_t old_clusters = q->rt_clusters;
    uint8_t *block;
    int r;

    if (new_size <= ri)
        new_size = ri + 1;
    new_clusters = (new_size * 8 + q->cluster_size - 1) >> q->cluster_bits;
    /* The new block describes itself and the new table: they share it. */
    if (new_clusters + 1 > q->rb_entries && q->rb_entries - 1 > q->rt_clusters)
        new_clusters = q->rb_entries - 1;
    new_size = (new_clusters << q->cluster_bits) / 8;
    if (cluster % q->rb_entries || new_clusters + 1 > q->rb_entries || new_size <= ri ||
        new_clusters * q->cluster_size > QCOW2_MAX_RT_BYTES) {
        blk_log(q->bd, "the refcount table cannot grow further (image too large for its cluster size)");
        return -ENOSPC;
    }
    table_off = (cluster + 1) << q->cluster_bits;
    r = qcow2_cache_get(q, &q->rb_cache, cluster << q->cluster_bits, true, &block);
    if (r < 0)
        return r;
    for (uint64_t k = 0; k <= new_clusters; k++)
        rb_put(q, block, k, 1);
    r = qcow2_write_file(q, cluster << q->cluster_bits, block, q->cluster_size);
    if (r < 0)
        goto fail;
    table = xr_calloc(new_size, 8);
    for (uint64_t k = 0; k < q->rt_size; k++)
        table[k] = htobe64(q->rt[k]);
    table[ri] = htobe64(cluster << q->cluster_bits);
    if ((r = qcow2_write_file(q, table_off, table, new_size * 8)) < 0 || (r = qcow2_barrier(q)) < 0)
        goto fail;
    /* Offset and cluster count in one write: the header names either the
     * old table or the new one, never a mix. */
    hdr[0] = htobe64(table_off);
    ((uint32_t *)&hdr[1])[0] = htobe32((uint32_t)new_clusters);
    if ((r = qcow2_write_file(q, QCOW2_H_RT_OFFSET, hdr, 12)) < 0 || (r = qcow2_barrier(q)) < 0)
        goto fail;
    for (uint64_t k = 0; k < new_size; k++)
        table[k] = be64toh(table[k]);
    free(q->rt);
    q->rt = table;
    q->rt_size = new_size;
    q->rt_offset = table_off;
    q->rt_clusters = (uint32_t)new_clusters;
    /* The old table's clusters are referenced by nothing now. */
    for (uint32_t k = 0; k < old_clusters; k++) {
        r = qcow2_set_refcount(q, (old_off >> q->cluster_bits) + k, 0);
        if (r < 0)
            return r;
    }
    if ((old_off >> q->cluster_bits) < q->free_hint)
        q->free_hint = old_off >> q->cluster_bits;
    return 0;

fail:
    free(table);
    qcow2_cache_drop(&q->rb_cache, cluster << q->cluster_bits);
    return r;
}

/* -- Allocation -- */

/* The first cluster at or after free_hint with refcount 0. */
static int find_free_cluster(Qcow2 *q, uint64_t *out)
{
    uint64_t start = q->free_hint;
    for (uint64_t c = start;; c++) {
        uint64_t ri = c / q->rb_entries, rc;
        int r;
        if (c >= (1ull << (56 - q->cluster_bits))) {
            blk_log(q->bd, "no free cluster below the largest offset qcow2 can address");
            return -ENOSPC;
        }
        if (ri >= q->rt_size) {
            if ((r = rt_grow(q, c)) < 0)
                return r;
            continue;
        }
        if (!(q->rt[ri] & QCOW2_RTE_OFFSET_MASK)) {
            if ((r = rb_create(q, c)) < 0)
                return r;
            continue;
        }
        if ((r = qcow2_get_refcount(q, c, &rc)) < 0)
            return r;
        if (rc == 0) {
            *out = c;
            /* Unless growing the table freed clusters below start. */
            if (q->free_hint >= start)
                q->free_hint = c + 1;
            return 0;
        }
    }
}

/* Reserves a batch of clusters: refcount 1 each, the file extended over
 * them, one sync. */
static int pool_fill(Qcow2 *q)
{
    uint64_t end;
    int r = 0;

    q->pool_len = 0;
    while (q->pool_len < q->pool_max) {
        uint64_t c;
        if ((r = find_free_cluster(q, &c)) < 0 || (r = qcow2_set_refcount(q, c, 1)) < 0)
            break;
        q->pool[q->pool_len++] = c;
    }
    if (!q->pool_len)
        return r;
    end = (q->pool[q->pool_len - 1] + 1) << q->cluster_bits;
    if (end > q->file_size) {
        if (ftruncate(q->bd->fd, (off_t)end) < 0) {
            r = -errno;
            blk_log(q->bd, "cannot extend the image: %s", strerror(errno));
            return r;
        }
        q->file_size = end;
    }
    return qcow2_barrier(q);
}

int qcow2_alloc_cluster(Qcow2 *q, uint64_t *cluster)
{
    int r;
    if (!q->pool_len && (r = pool_fill(q)) < 0)
        return r;
    *cluster = q->pool[0];
    q->pool_len--;
    memmove(q->pool, q->pool + 1, q->pool_len * sizeof q->pool[0]);
    return 0;
}

int qcow2_release_pool(Qcow2 *q)
{
    uint64_t end = q->file_size >> q->cluster_bits;
    int r = 0;

    for (unsigned k = 0; k < q->pool_len && r == 0; k++) {
        r = qcow2_set_refcount(q, q->pool[k], 0);
        if (q->pool[k] < q->free_hint)
            q->free_hint = q->pool[k];
    }
    /* Reserved clusters at the end of the file leave it again. */
    for (unsigned k = q->pool_len; r == 0 && k-- > 0 && q->pool[k] + 1 == end; end--)
        ;
    if (r == 0 && end << q->cluster_bits < q->file_size &&
        ftruncate(q->bd->fd, (off_t)(end << q->cluster_bits)) == 0)
        q->file_size = end << q->cluster_bits;
    q->pool_len = 0;
    return r;
}

/* -- Freeing -- */

int qcow2_free_cluster_later(Qcow2 *q, uint64_t cluster)
{
    if (q->pending_len == q->pending_cap) {
        q->pending_cap = q->pending_cap ? q->pending_cap * 2 : 64;
        uint64_t *p = realloc(q->pending, q->pending_cap * sizeof *p);
        if (!p)
            return -ENOMEM;
        q->pending = p;
    }
    q->pending[q->pending_len++] = cluster;
    if (q->pending_len >= 4096)
        return qcow2_apply_frees(q);
    return 0;
}

int qcow2_apply_frees(Qcow2 *q)
{
    int r;
    if (!q->pending_len)
        return 0;
    if ((r = qcow2_barrier(q)) < 0)
        return r;
    for (size_t k = 0; k < q->pending_len; k++) {
        uint64_t c = q->pending[k], rc;
        if ((r = qcow2_get_refcount(q, c, &rc)) < 0)
            return r;
        if (rc == 0) {
            blk_log(q->bd, "cluster 0x%" PRIx64 " freed with refcount 0 (the image needs a check)", c);
            continue;
        }
        if ((r = qcow2_set_refcount(q, c, rc - 1)) < 0)
            return r;
        if (rc == 1) {
            qcow2_cache_drop(&q->l2_cache, c << q->cluster_bits);
            if (q->comp_next && q->comp_next >> q->cluster_bits == c)
                q->comp_next = 0;
            if (c < q->free_hint)
                q->free_hint = c;
        }
    }
    q->pending_len = 0;
    return 0;
}
