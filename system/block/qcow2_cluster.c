/*
 * qcow2 guest I/O: reads and writes through the L1/L2 tables, copy-on-write
 * of partly written clusters, discard and write-zeroes.
 *
 * An L2 entry says what one guest cluster holds:
 *
 *   63  62  61 ............................ 9 8 ..... 1  0
 *   COPIED COMPRESSED  host offset (standard cluster)   ZERO (v3)
 *
 *   compressed: bits 0..x-1 the host byte offset, bits x..61 the number of
 *   512-byte sectors after the one holding that offset, x = 62 - (cluster_bits - 8)
 *
 * Kinds: unallocated (entry 0: read the backing image, or zeroes), zero
 * (v3 ZERO flag, with or without a host cluster kept), standard (the host
 * cluster holds the data), compressed (raw deflate, windowBits -12).
 *
 * A write lands in place in a standard cluster. Any other kind gets a new
 * cluster holding the cluster's old contents (backing data, zeroes, the
 * inflated compressed data) with the written bytes on top, and then the L2
 * entry that points at it; a replaced compressed cluster is freed after.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <zlib.h>

#include "system/block/qcow2.h"

typedef enum { Q2_UNALLOC, Q2_ZERO, Q2_NORMAL, Q2_COMPRESSED } Qcow2Kind;

static const uint8_t zero_chunk[64 * 1024];

/* -- L2 entries -- */

static uint64_t l1_index(const Qcow2 *q, uint64_t off)
{
    return off >> (q->cluster_bits * 2 - 3);
}

static uint64_t l2_index(const Qcow2 *q, uint64_t off)
{
    return (off >> q->cluster_bits) & (q->l2_entries - 1);
}

int qcow2_get_l2_entry(Qcow2 *q, uint64_t off, uint64_t *entry)
{
    uint64_t l1i = l1_index(q, off), l2off;
    uint8_t *table;
    int r;

    *entry = 0;
    if (l1i >= q->l1_size)
        return 0;
    l2off = q->l1[l1i] & QCOW2_L1E_OFFSET_MASK;
    if (!l2off)
        return 0;
    if ((r = qcow2_cache_get(q, &q->l2_cache, l2off, false, &table)) < 0)
        return r;
    memcpy(entry, table + l2_index(q, off) * 8, 8);
    *entry = be64toh(*entry);
    return 0;
}

static int compressed_shift(const Qcow2 *q)
{
    return 62 - (q->cluster_bits - 8);
}

void qcow2_compressed_range(const Qcow2 *q, uint64_t entry, uint64_t *first, uint64_t *last)
{
    int x = compressed_shift(q);
    uint64_t host = entry & ((1ull << x) - 1);
    uint64_t sectors = ((entry & ~QCOW2_OFLAG_COPIED & ~QCOW2_OFLAG_COMPRESSED) >> x) + 1;
    uint64_t end = (host & ~511ull) + sectors * 512;
    *first = host >> q->cluster_bits;
    *last = (end - 1) >> q->cluster_bits;
}

/* Decodes and validates an L2 entry of guest offset off. */
static int classify(Qcow2 *q, uint64_t off, uint64_t entry, Qcow2Kind *kind, uint64_t *host)
{
    *host = entry & QCOW2_L2E_OFFSET_MASK;
    if (entry & QCOW2_OFLAG_COMPRESSED) {
        *kind = Q2_COMPRESSED;
        *host = entry & ((1ull << compressed_shift(q)) - 1);
        return 0;
    }
    if ((entry & QCOW2_L2E_RESERVED) || ((entry & QCOW2_OFLAG_ZERO) && q->version < 3) ||
        (*host & (q->cluster_size - 1))) {
        blk_log(q->bd, "invalid L2 entry 0x%016" PRIx64 " for guest offset 0x%" PRIx64, entry, off);
        return -EIO;
    }
    if (entry & QCOW2_OFLAG_ZERO)
        *kind = Q2_ZERO;
    else
        *kind = *host ? Q2_NORMAL : Q2_UNALLOC;
    return 0;
}

/* A corrupt table could point a guest write at the header, the L1 table or
 * the refcount table; such a write is refused rather than made. */
static int check_no_overlap(Qcow2 *q, uint64_t host, uint64_t len, const char *what)
{
    uint64_t l1_end = q->l1_offset + (uint64_t)q->l1_size * 8;
    uint64_t rt_end = q->rt_offset + ((uint64_t)q->rt_clusters << q->cluster_bits);
    if (host < q->cluster_size || (host < l1_end && q->l1_offset < host + len) ||
        (host < rt_end && q->rt_offset < host + len)) {
        blk_log(q->bd, "%s at offset 0x%" PRIx64 " overlaps the image's metadata (the image is corrupt)", what,
                host);
        return -EIO;
    }
    return 0;
}

/* Writes entry as the L2 entry of guest offset off, creating the L2 table
 * when none covers off yet. */
static int set_l2_entry(Qcow2 *q, uint64_t off, uint64_t entry)
{
    uint64_t l1i = l1_index(q, off), l2off = q->l1[l1i] & QCOW2_L1E_OFFSET_MASK, be;
    uint8_t *table;
    int r;

    q->inflated_entry = 0;
    if (!l2off) {
        uint64_t c;
        if (!entry)
            return 0;
        if ((r = qcow2_alloc_cluster(q, &c)) < 0)
            return r;
        l2off = c << q->cluster_bits;
        if ((r = qcow2_cache_get(q, &q->l2_cache, l2off, true, &table)) < 0)
            return r;
        /* The empty table is durable before the L1 entry points at it. */
        if ((r = qcow2_write_file(q, l2off, table, q->cluster_size)) < 0 || (r = qcow2_barrier(q)) < 0)
            return r;
        be = htobe64(l2off | QCOW2_OFLAG_COPIED);
        if ((r = qcow2_write_file(q, q->l1_offset + l1i * 8, &be, 8)) < 0)
            return r;
        q->l1[l1i] = l2off | QCOW2_OFLAG_COPIED;
    }
    if ((r = check_no_overlap(q, l2off, q->cluster_size, "L2 table")) < 0 ||
        (r = qcow2_cache_get(q, &q->l2_cache, l2off, false, &table)) < 0)
        return r;
    be = htobe64(entry);
    memcpy(table + l2_index(q, off) * 8, &be, 8);
    return qcow2_write_file(q, l2off + l2_index(q, off) * 8, &be, 8);
}

/* Queues the host clusters an entry no longer in use held. */
static int free_entry_later(Qcow2 *q, uint64_t off, uint64_t entry)
{
    Qcow2Kind kind;
    uint64_t host, first, last;
    int r = classify(q, off, entry, &kind, &host);

    if (r < 0 || !host)
        return r;
    if (kind != Q2_COMPRESSED)
        return qcow2_free_cluster_later(q, host >> q->cluster_bits);
    qcow2_compressed_range(q, entry, &first, &last);
    for (uint64_t c = first; c <= last && r == 0; c++)
        r = qcow2_free_cluster_later(q, c);
    return r;
}

/* -- Reads -- */

/* Inflates the compressed cluster of entry into q->inflated. */
static int inflate_cluster(Qcow2 *q, uint64_t off, uint64_t entry)
{
    uint64_t first, last, host = entry & ((1ull << compressed_shift(q)) - 1), len;
    z_stream zs = {0};
    int r, zr;

    if (q->inflated_entry == entry)
        return 0;
    qcow2_compressed_range(q, entry, &first, &last);
    len = ((last + 1) << q->cluster_bits) - host;
    if (len > q->zbuf_size)
        len = q->zbuf_size;
    /* The sector count may run past the end of the file; the data may not. */
    if (host >= q->file_size) {
        blk_log(q->bd, "compressed cluster at offset 0x%" PRIx64 " lies beyond the end of the file", host);
        return -EIO;
    }
    if (len > q->file_size - host)
        len = q->file_size - host;
    if ((r = blk_file_pread(q->bd->fd, host, q->zbuf, len)) < 0)
        return r;
    if (inflateInit2(&zs, -12) != Z_OK)
        return -ENOMEM;
    zs.next_in = q->zbuf;
    zs.avail_in = (uInt)len;
    zs.next_out = q->inflated;
    zs.avail_out = q->cluster_size;
    zr = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if ((zr != Z_STREAM_END && zr != Z_BUF_ERROR) || zs.avail_out) {
        blk_log(q->bd, "compressed cluster at offset 0x%" PRIx64 " (guest offset 0x%" PRIx64 ") does not inflate",
                host, off);
        return -EIO;
    }
    q->inflated_entry = entry;
    return 0;
}

/* Reads [off, off+len), which lies inside one guest cluster. */
static int read_in_cluster(Qcow2 *q, uint64_t off, uint8_t *buf, size_t len)
{
    uint64_t entry, host, in = qcow2_offset_in_cluster(q, off);
    Qcow2Kind kind;
    int r;

    if ((r = qcow2_get_l2_entry(q, off, &entry)) < 0 || (r = classify(q, off, entry, &kind, &host)) < 0)
        return r;
    switch (kind) {
    case Q2_NORMAL:
        if (host + in + len > q->file_size) {
            blk_log(q->bd, "data cluster at offset 0x%" PRIx64 " (guest offset 0x%" PRIx64
                    ") lies beyond the end of the file", host, off);
            return -EIO;
        }
        return blk_file_pread(q->bd->fd, host + in, buf, len);
    case Q2_COMPRESSED:
        if ((r = inflate_cluster(q, off, entry)) < 0)
            return r;
        memcpy(buf, q->inflated + in, len);
        return 0;
    case Q2_UNALLOC:
        if (q->backing && off < q->backing->size) {
            size_t n = len;
            if (n > q->backing->size - off)
                n = (size_t)(q->backing->size - off);
            if ((r = blk_pread(q->backing, off, buf, n)) < 0)
                return r;
            memset(buf + n, 0, len - n);
            return 0;
        }
        memset(buf, 0, len);
        return 0;
    case Q2_ZERO:
        memset(buf, 0, len);
        return 0;
    }
    return -EIO;
}

static int write_in_cluster(Qcow2 *q, uint64_t off, const uint8_t *data, size_t len);

/* Splits [off, off+len) at cluster boundaries for read_in_cluster or
 * write_in_cluster (which does not write to p). */
static int for_each_cluster(Qcow2 *q, uint64_t off, uint8_t *p, size_t len, bool write)
{
    while (len) {
        size_t n = q->cluster_size - qcow2_offset_in_cluster(q, off);
        int r;
        if (n > len)
            n = len;
        r = write ? write_in_cluster(q, off, p, n) : read_in_cluster(q, off, p, n);
        if (r < 0)
            return r;
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

int qcow2_pread(BlockDev *bd, uint64_t off, void *buf, size_t len)
{
    return for_each_cluster(bd->opaque, off, buf, len, false);
}

/* -- Writes -- */

/* The whole guest cluster at cstart as it reads now (zeroes past the
 * virtual size) into q->buf. */
static int read_whole_cluster(Qcow2 *q, uint64_t cstart)
{
    size_t n = q->cluster_size;
    if (n > q->bd->size - cstart)
        n = (size_t)(q->bd->size - cstart);
    memset(q->buf + n, 0, q->cluster_size - n);
    return read_in_cluster(q, cstart, q->buf, n);
}

/* Writes [off, off+len) inside one guest cluster; data may be q->buf itself
 * when it holds the whole cluster. */
static int write_in_cluster(Qcow2 *q, uint64_t off, const uint8_t *data, size_t len)
{
    uint64_t entry, host, in = qcow2_offset_in_cluster(q, off), cstart = off - in, c;
    Qcow2Kind kind;
    int r;

    if ((r = qcow2_get_l2_entry(q, off, &entry)) < 0 || (r = classify(q, off, entry, &kind, &host)) < 0)
        return r;
    if (kind == Q2_NORMAL) {
        if ((r = check_no_overlap(q, host, q->cluster_size, "data cluster")) < 0)
            return r;
        return qcow2_write_file(q, host + in, data, len);
    }
    if (len < q->cluster_size) {
        if (kind == Q2_ZERO)
            memset(q->buf, 0, q->cluster_size);
        else if ((r = read_whole_cluster(q, cstart)) < 0)
            return r;
    }
    if (data != q->buf + in)
        memcpy(q->buf + in, data, len);
    /* A zero cluster that kept its host cluster is written in place. */
    if (kind == Q2_ZERO && host) {
        if ((r = check_no_overlap(q, host, q->cluster_size, "data cluster")) < 0 ||
            (r = qcow2_write_file(q, host, q->buf, q->cluster_size)) < 0)
            return r;
        return set_l2_entry(q, off, host | QCOW2_OFLAG_COPIED);
    }
    if ((r = qcow2_alloc_cluster(q, &c)) < 0)
        return r;
    if ((r = qcow2_write_file(q, c << q->cluster_bits, q->buf, q->cluster_size)) < 0 ||
        (r = set_l2_entry(q, off, (c << q->cluster_bits) | QCOW2_OFLAG_COPIED)) < 0)
        return r;
    if (kind == Q2_COMPRESSED)
        return free_entry_later(q, off, entry);
    return 0;
}

int qcow2_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    return for_each_cluster(bd->opaque, off, (uint8_t *)buf, len, true);
}

/* -- Compressed writes -- */

/* Deflates q->buf into q->zbuf; the compressed length, or 0 when it does
 * not shrink. */
static size_t deflate_cluster(Qcow2 *q)
{
    z_stream zs = {0};
    size_t out = 0;
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    zs.next_in = q->buf;
    zs.avail_in = q->cluster_size;
    zs.next_out = q->zbuf;
    zs.avail_out = q->cluster_size - 1;
    if (deflate(&zs, Z_FINISH) == Z_STREAM_END)
        out = q->cluster_size - 1 - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

int qcow2_write_compressed(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    Qcow2 *q = bd->opaque;
    uint64_t entry, place, c, rc, sectors;
    size_t clen;
    int r;

    if (qcow2_offset_in_cluster(q, off) || len > q->cluster_size)
        return -EINVAL;
    memcpy(q->buf, buf, len);
    memset(q->buf + len, 0, q->cluster_size - len);
    if (!(clen = deflate_cluster(q)))
        return write_in_cluster(q, off, q->buf, q->cluster_size);
    if ((r = qcow2_get_l2_entry(q, off, &entry)) < 0)
        return r;
    /* Compressed clusters are packed: one host cluster holds as many as fit,
     * its refcount counting them. */
    if (q->comp_next && qcow2_offset_in_cluster(q, q->comp_next) + clen <= q->cluster_size) {
        place = q->comp_next;
        c = place >> q->cluster_bits;
        if ((r = qcow2_get_refcount(q, c, &rc)) < 0 || (r = qcow2_set_refcount(q, c, rc + 1)) < 0 ||
            (r = qcow2_barrier(q)) < 0)
            return r;
    } else {
        if ((r = qcow2_alloc_cluster(q, &c)) < 0)
            return r;
        place = c << q->cluster_bits;
    }
    if ((r = qcow2_write_file(q, place, q->zbuf, clen)) < 0)
        return r;
    q->comp_next = qcow2_offset_in_cluster(q, place + clen) ? place + clen : 0;
    sectors = ((place + clen - 1) >> 9) - (place >> 9);
    r = set_l2_entry(q, off, QCOW2_OFLAG_COMPRESSED | sectors << compressed_shift(q) | place);
    if (r < 0)
        return r;
    return free_entry_later(q, off, entry);
}

/* -- Discard and write-zeroes -- */

typedef enum { Q2_OP_DISCARD, Q2_OP_ZERO, Q2_OP_ZERO_UNMAP } Qcow2ZeroOp;

/* The new L2 entry for a whole cluster (sets *write_zeroes when zeroes
 * have to be written instead). */
static uint64_t zeroed_entry(const Qcow2 *q, Qcow2ZeroOp op, Qcow2Kind kind, uint64_t entry, uint64_t host,
                             bool *write_zeroes)
{
    *write_zeroes = false;
    if (q->version >= 3) {
        if (op == Q2_OP_DISCARD && !q->backing)
            return 0;
        if (op == Q2_OP_ZERO && (kind == Q2_NORMAL || (kind == Q2_ZERO && host)))
            return host | QCOW2_OFLAG_COPIED | QCOW2_OFLAG_ZERO;
        return QCOW2_OFLAG_ZERO;
    }
    /* v2 has no zero flag: only deallocation without a backing image reads as zeroes. */
    if (!q->backing && op != Q2_OP_ZERO)
        return 0;
    if (op == Q2_OP_DISCARD || (kind == Q2_UNALLOC && !q->backing))
        return entry;
    *write_zeroes = true;
    return entry;
}

static int zero_range(Qcow2 *q, uint64_t off, uint64_t len, Qcow2ZeroOp op)
{
    while (len) {
        uint64_t in = qcow2_offset_in_cluster(q, off), n = q->cluster_size - in, entry, host, cend, ne;
        Qcow2Kind kind;
        bool write_zeroes;
        int r = 0;

        if (n > len)
            n = len;
        cend = off - in + q->cluster_size;
        if (cend > q->bd->size)
            cend = q->bd->size;
        if ((r = qcow2_get_l2_entry(q, off, &entry)) < 0 || (r = classify(q, off, entry, &kind, &host)) < 0)
            return r;
        ne = entry;
        write_zeroes = op != Q2_OP_DISCARD;
        if (in == 0 && off + n >= cend)
            ne = zeroed_entry(q, op, kind, entry, host, &write_zeroes);
        if (write_zeroes) {
            for (uint64_t k = 0; k < n && r == 0; k += sizeof zero_chunk)
                r = qcow2_pwrite(q->bd, off + k, zero_chunk, n - k < sizeof zero_chunk ? n - k : sizeof zero_chunk);
        } else if (ne != entry) {
            r = set_l2_entry(q, off, ne);
            if (r == 0 && (ne & QCOW2_L2E_OFFSET_MASK) != host)
                r = free_entry_later(q, off, entry);
        }
        if (r < 0)
            return r;
        off += n;
        len -= n;
    }
    return 0;
}

int qcow2_discard(BlockDev *bd, uint64_t off, uint64_t len)
{
    return zero_range(bd->opaque, off, len, Q2_OP_DISCARD);
}

int qcow2_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap)
{
    return zero_range(bd->opaque, off, len, may_unmap ? Q2_OP_ZERO_UNMAP : Q2_OP_ZERO);
}
