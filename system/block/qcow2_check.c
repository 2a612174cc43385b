/*
 * qcow2 refcount check and repair (`xrun-img check`, and the repair of an
 * image left dirty).
 *
 * The check counts, for every cluster of the file, the references the
 * image holds: the header cluster, the L1 tables (active and of each
 * internal snapshot), the snapshot table, the refcount table and blocks,
 * L2 tables and the data clusters their entries name (a host cluster of
 * compressed data once per compressed cluster inside it). It then compares
 * the counts with the stored refcounts:
 *
 *   stored > counted   a leak: space wasted, no harm to data
 *   stored < counted   an error: a later allocation could overwrite data
 *
 * and with a fix mask sets the stored refcount to the count. A reference
 * past the end of the file is an error that no refcount change repairs.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "include/xrun/util.h"
#include "system/block/qcow2.h"

typedef struct CheckState {
    Qcow2 *q;
    uint32_t *count; /* references to each cluster of the file */
    uint64_t nclusters;
    Qcow2CheckResult *res;
    void (*report)(const char *msg);
} CheckState;

static void check_report(CheckState *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check_report(CheckState *s, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    if (!s->report)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->report(msg);
}

/* Counts one reference to each cluster of [off, off+len). */
static void count_range(CheckState *s, uint64_t off, uint64_t len, const char *what)
{
    Qcow2 *q = s->q;
    if (!len)
        return;
    for (uint64_t c = off >> q->cluster_bits; c <= (off + len - 1) >> q->cluster_bits; c++) {
        if (c >= s->nclusters) {
            check_report(s, "ERROR %s at offset 0x%" PRIx64 " lies beyond the end of the file", what, off);
            s->res->corruptions++;
            return;
        }
        if (s->count[c] != UINT32_MAX)
            s->count[c]++;
    }
}

/* Counts an L2 table and the clusters its entries name. */
static int count_l2(CheckState *s, uint64_t l2off, uint8_t *table, bool active)
{
    Qcow2 *q = s->q;
    int r;

    count_range(s, l2off, q->cluster_size, "L2 table");
    if (l2off + q->cluster_size > q->file_size)
        return 0;
    if ((r = blk_file_pread(q->bd->fd, l2off, table, q->cluster_size)) < 0)
        return r;
    for (uint32_t k = 0; k < q->l2_entries; k++) {
        uint64_t e, first, last, host;
        memcpy(&e, table + k * 8, 8);
        e = be64toh(e);
        if (e & QCOW2_OFLAG_COMPRESSED) {
            qcow2_compressed_range(q, e, &first, &last);
            for (uint64_t c = first; c <= last; c++)
                count_range(s, c << q->cluster_bits, 1, "compressed cluster");
            s->res->compressed_clusters += active;
            s->res->allocated_clusters += active;
            continue;
        }
        host = e & QCOW2_L2E_OFFSET_MASK;
        if ((e & QCOW2_L2E_RESERVED) || (host & (q->cluster_size - 1))) {
            check_report(s, "ERROR invalid L2 entry 0x%016" PRIx64 " in the L2 table at 0x%" PRIx64, e, l2off);
            s->res->corruptions++;
            continue;
        }
        if (host) {
            count_range(s, host, q->cluster_size, "data cluster");
            s->res->allocated_clusters += active && !(e & QCOW2_OFLAG_ZERO);
        }
    }
    return 0;
}

/* Counts an L1 table (host-order entries) and everything below it. */
static int count_l1(CheckState *s, const uint64_t *l1, uint64_t n, bool active)
{
    Qcow2 *q = s->q;
    uint8_t *table = xr_malloc(q->cluster_size);
    int r = 0;

    for (uint64_t k = 0; k < n && r == 0; k++) {
        uint64_t l2 = l1[k] & QCOW2_L1E_OFFSET_MASK;
        if ((l1[k] & QCOW2_L1E_RESERVED) || (l2 & (q->cluster_size - 1))) {
            check_report(s, "ERROR invalid L1 entry %" PRIu64 ": 0x%016" PRIx64, k, l1[k]);
            s->res->corruptions++;
        } else if (l2) {
            r = count_l2(s, l2, table, active);
        }
    }
    free(table);
    return r;
}

/* Counts the snapshot table and each snapshot's L1 table and L2 tables. */
static int count_snapshots(CheckState *s)
{
    Qcow2 *q = s->q;
    uint64_t p = q->snapshots_offset;
    uint8_t e[40];
    int r;

    for (uint32_t i = 0; i < q->nb_snapshots; i++) {
        uint64_t l1off, *l1;
        uint32_t l1n, extra;
        uint16_t idlen, namelen;
        if ((r = qcow2_read_meta(q, p, e, sizeof e, "snapshot table entry")) < 0)
            return r;
        memcpy(&l1off, e, 8);
        memcpy(&l1n, e + 8, 4);
        memcpy(&idlen, e + 12, 2);
        memcpy(&namelen, e + 14, 2);
        memcpy(&extra, e + 36, 4);
        l1off = be64toh(l1off);
        l1n = be32toh(l1n);
        count_range(s, l1off, (uint64_t)l1n * 8, "snapshot L1 table");
        if (l1off % q->cluster_size || (uint64_t)l1n * 8 > QCOW2_MAX_L1_BYTES ||
            l1off + (uint64_t)l1n * 8 > q->file_size) {
            check_report(s, "ERROR snapshot %u has an invalid L1 table", i);
            s->res->corruptions++;
        } else {
            l1 = xr_calloc(l1n ? l1n : 1, 8);
            r = blk_file_pread(q->bd->fd, l1off, l1, (size_t)l1n * 8);
            for (uint32_t k = 0; k < l1n; k++)
                l1[k] = be64toh(l1[k]);
            if (r == 0)
                r = count_l1(s, l1, l1n, false);
            free(l1);
            if (r < 0)
                return r;
        }
        p += sizeof e + be32toh(extra) + be16toh(idlen) + be16toh(namelen);
        p = (p + 7) & ~7ull;
    }
    count_range(s, q->snapshots_offset, p - q->snapshots_offset, "snapshot table");
    return 0;
}

/* Compares stored and counted refcounts, fixing what fix allows. */
static int compare_refcounts(CheckState *s, int fix)
{
    Qcow2 *q = s->q;
    Qcow2CheckResult *res = s->res;

    for (uint64_t c = 0; c < s->nclusters; c++) {
        uint64_t stored, counted = s->count[c];
        bool leak;
        int r = qcow2_get_refcount(q, c, &stored);
        if (r < 0) {
            /* The whole refcount block is unreadable: one error for it. */
            check_report(s, "ERROR cannot read the refcounts of clusters %" PRIu64 " to %" PRIu64, c,
                         (c / q->rb_entries + 1) * q->rb_entries - 1);
            res->corruptions++;
            c = (c / q->rb_entries + 1) * q->rb_entries - 1;
            continue;
        }
        if (counted)
            res->image_end = (c + 1) << q->cluster_bits;
        if (stored == counted)
            continue;
        leak = stored > counted;
        check_report(s, "%s cluster %" PRIu64 " refcount=%" PRIu64 " reference=%" PRIu64,
                     leak ? "Leaked" : "ERROR", c, stored, counted);
        if (leak)
            res->leaks++;
        else
            res->corruptions++;
        if (!(fix & (leak ? QCOW2_FIX_LEAKS : QCOW2_FIX_ERRORS)))
            continue;
        if (qcow2_set_refcount(q, c, counted) < 0) {
            check_report(s, "ERROR cannot repair the refcount of cluster %" PRIu64, c);
            continue;
        }
        if (leak)
            res->leaks_fixed++;
        else
            res->corruptions_fixed++;
    }
    q->free_hint = 0;
    return 0;
}

int qcow2_check(BlockDev *bd, int fix, Qcow2CheckResult *res, void (*report)(const char *msg), char *err,
                size_t errlen)
{
    Qcow2 *q = bd->opaque;
    CheckState s = {.q = q, .res = res, .report = report};
    int r;

    memset(res, 0, sizeof *res);
    if (bd->drv != &blk_qcow2_driver) {
        blk_set_err(err, errlen, "%s: only qcow2 images can be checked", bd->path);
        return -ENOTSUP;
    }
    if (fix && bd->readonly) {
        blk_set_err(err, errlen, "%s: opened read-only, cannot repair", bd->path);
        return -EROFS;
    }
    if ((r = qcow2_apply_frees(q)) < 0 || (r = qcow2_release_pool(q)) < 0) {
        blk_set_err(err, errlen, "%s: cannot write back freed clusters: %s", bd->path, strerror(-r));
        return r;
    }
    s.nclusters = (q->file_size + q->cluster_size - 1) >> q->cluster_bits;
    s.count = calloc(s.nclusters ? s.nclusters : 1, sizeof *s.count);
    if (!s.count) {
        blk_set_err(err, errlen, "%s: out of memory for %" PRIu64 " clusters", bd->path, s.nclusters);
        return -ENOMEM;
    }
    res->total_clusters = (bd->size + q->cluster_size - 1) >> q->cluster_bits;
    count_range(&s, 0, q->cluster_size, "header");
    count_range(&s, q->l1_offset, (uint64_t)q->l1_size * 8, "L1 table");
    count_range(&s, q->rt_offset, (uint64_t)q->rt_clusters << q->cluster_bits, "refcount table");
    for (uint64_t k = 0; k < q->rt_size; k++)
        if (q->rt[k])
            count_range(&s, q->rt[k], q->cluster_size, "refcount block");
    r = count_l1(&s, q->l1, q->l1_size, true);
    if (r == 0 && q->nb_snapshots)
        r = count_snapshots(&s);
    if (r == 0)
        r = compare_refcounts(&s, fix);
    if (r == 0 && fix)
        r = blk_file_sync(bd->fd);
    free(s.count);
    if (r < 0)
        blk_set_err(err, errlen, "%s: check failed: %s", bd->path, strerror(-r));
    return r;
}
