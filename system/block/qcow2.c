/*
 * qcow2 images: the header (parsed and validated at open), the backing
 * image, creating an empty image, and the driver table.
 *
 * Versions 2 (compat=0.10) and 3 (compat=1.1) are read and written, with
 * any refcount width (refcount_order 0 to 6). Open refuses, with a message
 * naming the file and the reason, what it does not implement rather than
 * misread it: encryption, external data files, zstd compression, extended
 * L2 entries, unknown incompatible features; images with internal
 * snapshots and images marked corrupt open read-only only. An image whose
 * dirty bit is set (lazy refcounts left unwritten by a crash) is repaired
 * on a read-write open: refcounts are rebuilt from the tables and the bit
 * cleared, as `xrun-img check -r all` would. Unknown autoclear bits are
 * cleared on a read-write open, as the format asks.
 *
 * Refcounts are never lazy here: every allocation updates the refcount
 * before an L2 entry uses the cluster (see qcow2_refcount.c), so this
 * driver never sets the dirty bit itself.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include/xrun/util.h"
#include "system/block/qcow2.h"

/* A backing chain longer than this is taken for a loop. */
#define QCOW2_MAX_CHAIN 16
static int qcow2_chain_depth;

static uint32_t get_be32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return be32toh(v);
}

static uint64_t get_be64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return be64toh(v);
}

static void put_be32(uint8_t *p, uint32_t v)
{
    v = htobe32(v);
    memcpy(p, &v, 4);
}

static void put_be64(uint8_t *p, uint64_t v)
{
    v = htobe64(v);
    memcpy(p, &v, 8);
}

/* Whether [a, a+alen) and [b, b+blen) share a byte. */
static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

/* -- Header -- */

/* Names of the incompatible features this driver refuses. */
static const char *incompat_name(int bit, const uint8_t *table, uint32_t table_len)
{
    static const char *const known[] = {"dirty bit", "corrupt bit", "external data file",
                                        "compression type", "extended L2 entries"};
    static char name[47];
    for (uint32_t k = 0; k + 48 <= table_len; k += 48) {
        if (table[k] == 0 && table[k + 1] == bit) {
            memcpy(name, table + k + 2, 46);
            name[46] = 0;
            return name;
        }
    }
    return bit < (int)XR_ARRAY_SIZE(known) ? known[bit] : "unknown feature";
}

/* Walks the header extensions in hdr[start, end). */
static int parse_extensions(Qcow2 *q, const uint8_t *hdr, uint64_t start, uint64_t end, char *err,
                            size_t errlen)
{
    const char *path = q->bd->path;
    const uint8_t *features = NULL;
    uint32_t features_len = 0;

    for (uint64_t p = start; p + 8 <= end;) {
        uint32_t type = get_be32(hdr + p), len = get_be32(hdr + p + 4);
        if (type == QCOW2_EXT_END)
            break;
        if (len > end - p - 8) {
            blk_set_err(err, errlen, "%s: header extension 0x%08x at offset %" PRIu64 " runs past the header",
                        path, type, p);
            return -EINVAL;
        }
        if (type == QCOW2_EXT_BACKING_FMT) {
            free(q->backing_fmt);
            q->backing_fmt = xr_calloc(1, len + 1);
            memcpy(q->backing_fmt, hdr + p + 8, len);
        } else if (type == QCOW2_EXT_FEATURE_TABLE) {
            features = hdr + p + 8;
            features_len = len;
        } else if (type == QCOW2_EXT_DATA_FILE) {
            blk_set_err(err, errlen, "%s: images with an external data file are not supported", path);
            return -ENOTSUP;
        }
        p += 8 + ((uint64_t)len + 7) / 8 * 8;
    }
    for (int bit = 0; bit < 64; bit++) {
        uint64_t m = 1ull << bit;
        if (!(q->incompat & m) || m == QCOW2_INCOMPAT_DIRTY || m == QCOW2_INCOMPAT_CORRUPT)
            continue;
        blk_set_err(err, errlen, "%s: unsupported qcow2 feature: %s (incompatible feature bit %d)", path,
                    incompat_name(bit, features, features_len), bit);
        return -ENOTSUP;
    }
    return 0;
}

/* The fixed header fields, validated against each other and the file. */
static int parse_header(Qcow2 *q, const uint8_t *hdr, uint64_t hdr_len, char *err, size_t errlen)
{
    const char *path = q->bd->path;
    uint64_t size = get_be64(hdr + QCOW2_H_SIZE), l1_bytes, need_l1, rt_bytes, cs;
    uint64_t backing_off = get_be64(hdr + QCOW2_H_BACKING_OFFSET);
    uint32_t backing_len = get_be32(hdr + QCOW2_H_BACKING_SIZE);

    if (get_be32(hdr + QCOW2_H_MAGIC) != QCOW2_MAGIC) {
        blk_set_err(err, errlen, "%s: not a qcow2 image (bad magic)", path);
        return -EINVAL;
    }
    q->version = (int)get_be32(hdr + QCOW2_H_VERSION);
    if (q->version != 2 && q->version != 3) {
        blk_set_err(err, errlen, "%s: unsupported qcow2 version %d (2 and 3 are supported)", path, q->version);
        return -ENOTSUP;
    }
    q->cluster_bits = (int)get_be32(hdr + QCOW2_H_CLUSTER_BITS);
    if (q->cluster_bits < 9 || q->cluster_bits > 21) {
        blk_set_err(err, errlen, "%s: cluster_bits %d out of range (9 to 21)", path, q->cluster_bits);
        return -EINVAL;
    }
    cs = q->cluster_size = 1u << q->cluster_bits;
    q->l2_entries = q->cluster_size / 8;
    q->header_length = QCOW2_H_V2_LENGTH;
    q->refcount_order = 4;
    if (q->version == 3) {
        if (hdr_len < QCOW2_H_V3_LENGTH) {
            blk_set_err(err, errlen, "%s: file too short for a version 3 header", path);
            return -EINVAL;
        }
        q->incompat = get_be64(hdr + QCOW2_H_INCOMPAT);
        q->compat = get_be64(hdr + QCOW2_H_COMPAT);
        q->autoclear = get_be64(hdr + QCOW2_H_AUTOCLEAR);
        q->refcount_order = (int)get_be32(hdr + QCOW2_H_REFCOUNT_ORDER);
        q->header_length = get_be32(hdr + QCOW2_H_HEADER_LENGTH);
        if (q->header_length < QCOW2_H_V3_LENGTH || q->header_length % 8 || q->header_length > cs ||
            q->header_length > hdr_len) {
            blk_set_err(err, errlen, "%s: invalid header length %u", path, q->header_length);
            return -EINVAL;
        }
        if ((uint32_t)q->refcount_order > 6) {
            blk_set_err(err, errlen, "%s: refcount_order %d out of range (0 to 6)", path, q->refcount_order);
            return -EINVAL;
        }
        if (q->header_length > QCOW2_H_COMPRESSION_TYPE && hdr[QCOW2_H_COMPRESSION_TYPE] != 0 &&
            !(q->incompat & QCOW2_INCOMPAT_COMPRESSION))
            q->incompat |= QCOW2_INCOMPAT_COMPRESSION;
    }
    q->rb_entries = cs * 8 >> q->refcount_order;
    q->refcount_max = q->refcount_order == 6 ? UINT64_MAX : (1ull << (1 << q->refcount_order)) - 1;
    if (get_be32(hdr + QCOW2_H_CRYPT)) {
        blk_set_err(err, errlen, "%s: encrypted qcow2 images are not supported", path);
        return -ENOTSUP;
    }

    q->bd->size = size;
    q->l1_size = get_be32(hdr + QCOW2_H_L1_SIZE);
    q->l1_offset = get_be64(hdr + QCOW2_H_L1_OFFSET);
    l1_bytes = (uint64_t)q->l1_size * 8;
    if (size > (1ull << 56)) {
        blk_set_err(err, errlen, "%s: virtual size %" PRIu64 " is too large", path, size);
        return -EINVAL;
    }
    need_l1 = (size + cs * q->l2_entries - 1) / (cs * q->l2_entries);
    if (l1_bytes > QCOW2_MAX_L1_BYTES || q->l1_size < need_l1) {
        blk_set_err(err, errlen, "%s: L1 table size %u does not fit the virtual size %" PRIu64, path,
                    q->l1_size, size);
        return -EINVAL;
    }
    if (q->l1_offset % cs || q->l1_offset > q->file_size || l1_bytes > q->file_size - q->l1_offset) {
        blk_set_err(err, errlen, "%s: L1 table offset 0x%" PRIx64 " is unaligned or lies beyond the end of the file",
                    path, q->l1_offset);
        return -EINVAL;
    }
    q->rt_offset = get_be64(hdr + QCOW2_H_RT_OFFSET);
    q->rt_clusters = get_be32(hdr + QCOW2_H_RT_CLUSTERS);
    rt_bytes = (uint64_t)q->rt_clusters * cs;
    if (!q->rt_clusters || rt_bytes > QCOW2_MAX_RT_BYTES) {
        blk_set_err(err, errlen, "%s: invalid refcount table size (%u clusters)", path, q->rt_clusters);
        return -EINVAL;
    }
    if (q->rt_offset % cs || q->rt_offset > q->file_size || rt_bytes > q->file_size - q->rt_offset) {
        blk_set_err(err, errlen,
                    "%s: refcount table offset 0x%" PRIx64 " is unaligned or lies beyond the end of the file", path,
                    q->rt_offset);
        return -EINVAL;
    }
    if (ranges_overlap(q->l1_offset, l1_bytes, q->rt_offset, rt_bytes) || ranges_overlap(0, cs, q->l1_offset, l1_bytes) ||
        ranges_overlap(0, cs, q->rt_offset, rt_bytes)) {
        blk_set_err(err, errlen, "%s: the header, L1 table and refcount table overlap", path);
        return -EINVAL;
    }
    q->nb_snapshots = get_be32(hdr + QCOW2_H_NB_SNAPSHOTS);
    q->snapshots_offset = get_be64(hdr + QCOW2_H_SNAPSHOTS_OFFSET);
    if (q->nb_snapshots && (q->snapshots_offset % cs || q->snapshots_offset >= q->file_size)) {
        blk_set_err(err, errlen, "%s: snapshot table offset 0x%" PRIx64 " is unaligned or lies beyond the end of the file",
                    path, q->snapshots_offset);
        return -EINVAL;
    }
    if (backing_off) {
        if (backing_len == 0 || backing_len > 1023 || backing_off < q->header_length || backing_off > hdr_len ||
            backing_len > hdr_len - backing_off) {
            blk_set_err(err, errlen, "%s: invalid backing file name (offset %" PRIu64 ", length %u)", path,
                        backing_off, backing_len);
            return -EINVAL;
        }
        q->backing_file = xr_calloc(1, backing_len + 1);
        memcpy(q->backing_file, hdr + backing_off, backing_len);
    }
    return parse_extensions(q, hdr, q->header_length, backing_off ? backing_off : hdr_len, err, errlen);
}

/* -- Tables -- */

/* Reads count big-endian entries at off into a host-order array. */
static uint64_t *read_table(Qcow2 *q, uint64_t off, uint64_t count)
{
    uint64_t *t = xr_calloc(count ? count : 1, 8);
    if (count && blk_file_pread(q->bd->fd, off, t, count * 8) < 0) {
        free(t);
        return NULL;
    }
    for (uint64_t k = 0; k < count; k++)
        t[k] = be64toh(t[k]);
    return t;
}

static int load_tables(Qcow2 *q, char *err, size_t errlen)
{
    const char *path = q->bd->path;

    q->rt_size = (uint64_t)q->rt_clusters * q->cluster_size / 8;
    if (!(q->l1 = read_table(q, q->l1_offset, q->l1_size)) || !(q->rt = read_table(q, q->rt_offset, q->rt_size))) {
        blk_set_err(err, errlen, "%s: cannot read the L1 and refcount tables: %s", path, strerror(errno));
        return -EIO;
    }
    for (uint32_t k = 0; k < q->l1_size; k++) {
        uint64_t l2 = q->l1[k] & QCOW2_L1E_OFFSET_MASK;
        if ((q->l1[k] & QCOW2_L1E_RESERVED) || l2 % q->cluster_size) {
            blk_set_err(err, errlen, "%s: L1 entry %u (0x%016" PRIx64 ") is invalid", path, k, q->l1[k]);
            return -EINVAL;
        }
    }
    for (uint64_t k = 0; k < q->rt_size; k++) {
        if (q->rt[k] & (q->cluster_size - 1)) {
            blk_set_err(err, errlen, "%s: refcount table entry %" PRIu64 " (0x%016" PRIx64 ") is invalid", path,
                        k, q->rt[k]);
            return -EINVAL;
        }
    }
    return 0;
}

/* Opens the backing file named in the header: a relative name is relative
 * to the directory of the image. */
static int open_backing(Qcow2 *q, char *err, size_t errlen)
{
    const char *path = q->bd->path, *slash = strrchr(path, '/');
    const char *fmt = q->backing_fmt;
    char *full, sub[512];
    size_t dirlen = slash && q->backing_file[0] != '/' ? (size_t)(slash - path + 1) : 0;

    if (qcow2_chain_depth >= QCOW2_MAX_CHAIN) {
        blk_set_err(err, errlen, "%s: backing chain longer than %d images (a loop?)", path, QCOW2_MAX_CHAIN);
        return -ELOOP;
    }
    full = xr_malloc(dirlen + strlen(q->backing_file) + 1);
    memcpy(full, path, dirlen);
    strcpy(full + dirlen, q->backing_file);
    if (fmt && strcmp(fmt, "raw") && strcmp(fmt, "qcow2"))
        fmt = NULL; /* "file" and the like: probe */
    qcow2_chain_depth++;
    q->backing = blk_open(full, &(BlockOpenOpts){.format = fmt, .readonly = true}, sub, sizeof sub);
    qcow2_chain_depth--;
    free(full);
    if (!q->backing) {
        blk_set_err(err, errlen, "%s: cannot open backing file '%s': %s", path, q->backing_file, sub);
        return -ENOENT;
    }
    return 0;
}

/* -- Open and close -- */

static void qcow2_free(Qcow2 *q)
{
    if (!q)
        return;
    blk_close(q->backing);
    qcow2_cache_free(&q->l2_cache);
    qcow2_cache_free(&q->rb_cache);
    free(q->l1);
    free(q->rt);
    free(q->backing_file);
    free(q->backing_fmt);
    free(q->pending);
    free(q->buf);
    free(q->zbuf);
    free(q->inflated);
    free(q);
}

/* Read-write opens of what the driver may only read. */
static int check_writable(Qcow2 *q, char *err, size_t errlen)
{
    const char *path = q->bd->path;
    if (q->incompat & QCOW2_INCOMPAT_CORRUPT) {
        blk_set_err(err, errlen, "%s: image is marked corrupt; it can only be opened read-only", path);
        return -EROFS;
    }
    if (q->nb_snapshots) {
        blk_set_err(err, errlen, "%s: image has %u internal snapshots; it can only be opened read-only", path,
                    q->nb_snapshots);
        return -EROFS;
    }
    return 0;
}

/* Rebuilds the refcounts of an image left dirty, then clears the bit. */
static int repair_dirty(Qcow2 *q, char *err, size_t errlen)
{
    Qcow2CheckResult res;
    uint8_t be[8];
    int r = qcow2_check(q->bd, QCOW2_FIX_LEAKS | QCOW2_FIX_ERRORS, &res, NULL, err, errlen);
    if (r < 0)
        return r;
    if (res.corruptions > res.corruptions_fixed) {
        blk_set_err(err, errlen, "%s: image is dirty and its refcounts cannot be repaired", q->bd->path);
        return -EIO;
    }
    blk_log(q->bd, "image was not closed cleanly; refcounts repaired (%" PRIu64 " leaks, %" PRIu64 " errors)",
            res.leaks_fixed, res.corruptions_fixed);
    q->incompat &= ~QCOW2_INCOMPAT_DIRTY;
    put_be64(be, q->incompat);
    if ((r = qcow2_write_file(q, QCOW2_H_INCOMPAT, be, 8)) < 0 || (r = blk_file_sync(q->bd->fd)) < 0)
        blk_set_err(err, errlen, "%s: cannot clear the dirty bit: %s", q->bd->path, strerror(-r));
    return r;
}

static int qcow2_do_open(BlockDev *bd, BlockDev *backing, char *err, size_t errlen)
{
    Qcow2 *q = xr_calloc(1, sizeof *q);
    uint8_t *hdr = NULL, be[8];
    uint64_t hdr_len;
    struct stat st;
    int r = -EINVAL;

    q->bd = bd;
    q->backing = backing;
    bd->opaque = q;
    if (fstat(bd->fd, &st) < 0) {
        r = -errno;
        blk_set_err(err, errlen, "%s: %s", bd->path, strerror(errno));
        goto fail;
    }
    q->file_size = (uint64_t)st.st_size;
    if (q->file_size < QCOW2_H_V2_LENGTH) {
        blk_set_err(err, errlen, "%s: file too short for a qcow2 header (%" PRIu64 " bytes)", bd->path, q->file_size);
        goto fail;
    }
    /* The header and its extensions live in the first cluster (at most 2 MiB). */
    hdr_len = q->file_size < (1u << 21) ? q->file_size : (1u << 21);
    hdr = xr_malloc(hdr_len);
    if ((r = blk_file_pread(bd->fd, 0, hdr, hdr_len)) < 0) {
        blk_set_err(err, errlen, "%s: cannot read the header: %s", bd->path, strerror(-r));
        goto fail;
    }
    if (get_be32(hdr + QCOW2_H_CLUSTER_BITS) >= 9 && get_be32(hdr + QCOW2_H_CLUSTER_BITS) <= 21 &&
        hdr_len > (1ull << get_be32(hdr + QCOW2_H_CLUSTER_BITS)))
        hdr_len = 1ull << get_be32(hdr + QCOW2_H_CLUSTER_BITS);
    if ((r = parse_header(q, hdr, hdr_len, err, errlen)) < 0 || (r = load_tables(q, err, errlen)) < 0)
        goto fail;
    if (!bd->readonly && (r = check_writable(q, err, errlen)) < 0)
        goto fail;
    if (!q->backing && q->backing_file && !bd->no_backing && (r = open_backing(q, err, errlen)) < 0)
        goto fail;
    qcow2_cache_init(q, &q->l2_cache);
    qcow2_cache_init(q, &q->rb_cache);
    q->buf = xr_malloc(q->cluster_size);
    q->inflated = xr_malloc(q->cluster_size);
    q->zbuf_size = 2 * (size_t)q->cluster_size + 512;
    q->zbuf = xr_malloc(q->zbuf_size);
    q->pool_max = (4u << 20) >> q->cluster_bits;
    if (q->pool_max > XR_ARRAY_SIZE(q->pool))
        q->pool_max = XR_ARRAY_SIZE(q->pool);
    if (!q->pool_max)
        q->pool_max = 1;
    q->ordered = true;
    if (!bd->readonly && q->autoclear) {
        q->autoclear = 0;
        put_be64(be, 0);
        if ((r = qcow2_write_file(q, QCOW2_H_AUTOCLEAR, be, 8)) < 0) {
            blk_set_err(err, errlen, "%s: cannot clear the autoclear bits: %s", bd->path, strerror(-r));
            goto fail;
        }
    }
    if (!bd->readonly && (q->incompat & QCOW2_INCOMPAT_DIRTY) && (r = repair_dirty(q, err, errlen)) < 0)
        goto fail;
    free(hdr);
    return 0;

fail:
    free(hdr);
    qcow2_free(q);
    bd->opaque = NULL;
    return r;
}

static int qcow2_open(BlockDev *bd, char *err, size_t errlen)
{
    return qcow2_do_open(bd, NULL, err, errlen);
}

BlockDev *qcow2_open_with_backing(const char *path, int fd, BlockDev *backing, char *err, size_t errlen)
{
    BlockDev *bd = xr_calloc(1, sizeof *bd);
    bd->drv = &blk_qcow2_driver;
    bd->path = xr_strdup(path);
    bd->fd = fd;
    if (qcow2_do_open(bd, backing, err, errlen) < 0) {
        close(fd);
        free(bd->path);
        free(bd);
        return NULL;
    }
    ((Qcow2 *)bd->opaque)->ordered = false;
    return bd;
}

static void qcow2_close(BlockDev *bd)
{
    Qcow2 *q = bd->opaque;
    if (!bd->readonly && (qcow2_apply_frees(q) < 0 || qcow2_release_pool(q) < 0))
        blk_log(bd, "cannot write back freed clusters on close (the image may leak space)");
    qcow2_free(q);
}

int qcow2_flush(BlockDev *bd)
{
    Qcow2 *q = bd->opaque;
    int r = qcow2_apply_frees(q);
    if (r < 0)
        return r;
    return blk_file_sync(bd->fd);
}

void blk_relax_ordering(BlockDev *bd)
{
    if (bd->drv == &blk_qcow2_driver)
        ((Qcow2 *)bd->opaque)->ordered = false;
}

void qcow2_get_info(BlockDev *bd, BlockInfo *info)
{
    Qcow2 *q = bd->opaque;
    info->cluster_size = q->cluster_size;
    info->backing_file = q->backing_file;
    info->backing_fmt = q->backing_fmt;
    info->compat = q->version == 2 ? "0.10" : "1.1";
    info->refcount_bits = 1 << q->refcount_order;
    info->dirty = q->incompat & QCOW2_INCOMPAT_DIRTY;
    info->corrupt = q->incompat & QCOW2_INCOMPAT_CORRUPT;
}

/* -- Creation -- */

/* Appends a header extension at *p (padded to 8 bytes). */
static void put_extension(uint8_t *hdr, uint64_t *p, uint32_t type, const void *data, uint32_t len)
{
    put_be32(hdr + *p, type);
    put_be32(hdr + *p + 4, len);
    memcpy(hdr + *p + 8, data, len);
    *p += 8 + ((uint64_t)len + 7) / 8 * 8;
}

int qcow2_create_fd(int fd, uint64_t size, const Qcow2CreateOpts *o, char *err, size_t errlen)
{
    uint64_t cs = o->cluster_size ? o->cluster_size : 65536, l1_entries, l1c, rtc = 1, rbc = 1, total, p;
    int version = o->version ? o->version : 3, bits = __builtin_ctzll(cs), r;
    uint8_t *hdr, *buf;
    size_t blen = o->backing_file ? strlen(o->backing_file) : 0;
    size_t flen = o->backing_fmt ? strlen(o->backing_fmt) : 0;

    if (cs < 512 || cs > (2u << 20) || (cs & (cs - 1))) {
        blk_set_err(err, errlen, "cluster size %" PRIu64 " is not a power of two from 512 to 2M", cs);
        return -EINVAL;
    }
    if (version != 2 && version != 3) {
        blk_set_err(err, errlen, "qcow2 version %d is not 2 (compat=0.10) or 3 (compat=1.1)", version);
        return -EINVAL;
    }
    if (blen > 1023 || flen > 63) {
        blk_set_err(err, errlen, "backing file name or format too long");
        return -EINVAL;
    }
    l1_entries = (size + cs * (cs / 8) - 1) / (cs * (cs / 8));
    if (!l1_entries)
        l1_entries = 1;
    if (l1_entries * 8 > QCOW2_MAX_L1_BYTES || size > (1ull << 56)) {
        blk_set_err(err, errlen, "size %" PRIu64 " is too large for %" PRIu64 "-byte clusters", size, cs);
        return -EINVAL;
    }
    l1c = (l1_entries * 8 + cs - 1) / cs;
    /* Refcount blocks for the metadata written here, and a table for them. */
    for (;;) {
        uint64_t nrbc, nrtc;
        total = 1 + rtc + rbc + l1c;
        nrbc = (total + cs / 2 - 1) / (cs / 2);
        nrtc = (nrbc * 8 + cs - 1) / cs;
        if (nrbc == rbc && nrtc == rtc)
            break;
        rbc = nrbc;
        rtc = nrtc;
    }
    buf = xr_calloc(total, cs);
    hdr = buf;
    put_be32(hdr + QCOW2_H_MAGIC, QCOW2_MAGIC);
    put_be32(hdr + QCOW2_H_VERSION, (uint32_t)version);
    put_be32(hdr + QCOW2_H_CLUSTER_BITS, (uint32_t)bits);
    put_be64(hdr + QCOW2_H_SIZE, size);
    put_be32(hdr + QCOW2_H_L1_SIZE, (uint32_t)l1_entries);
    put_be64(hdr + QCOW2_H_RT_OFFSET, cs);
    put_be32(hdr + QCOW2_H_RT_CLUSTERS, (uint32_t)rtc);
    put_be64(hdr + QCOW2_H_L1_OFFSET, (1 + rtc + rbc) * cs);
    p = QCOW2_H_V2_LENGTH;
    if (version == 3) {
        put_be32(hdr + QCOW2_H_REFCOUNT_ORDER, 4);
        put_be32(hdr + QCOW2_H_HEADER_LENGTH, QCOW2_H_V3_LENGTH);
        p = QCOW2_H_V3_LENGTH;
    }
    if (flen)
        put_extension(hdr, &p, QCOW2_EXT_BACKING_FMT, o->backing_fmt, (uint32_t)flen);
    p += 8; /* the end extension: type 0, length 0 */
    if (blen) {
        put_be64(hdr + QCOW2_H_BACKING_OFFSET, p);
        put_be32(hdr + QCOW2_H_BACKING_SIZE, (uint32_t)blen);
        memcpy(hdr + p, o->backing_file, blen);
    }
    for (uint64_t k = 0; k < rbc; k++)
        put_be64(buf + cs + k * 8, (1 + rtc + k) * cs);
    for (uint64_t c = 0; c < total; c++) {
        uint8_t *rb = buf + (1 + rtc + c / (cs / 2)) * cs;
        rb[(c % (cs / 2)) * 2 + 1] = 1;
    }
    r = blk_file_pwrite(fd, 0, buf, total * cs);
    free(buf);
    if (r < 0)
        blk_set_err(err, errlen, "cannot write the qcow2 metadata: %s", strerror(-r));
    return r;
}

const BlockDriver blk_qcow2_driver = {
    .name = "qcow2",
    .open = qcow2_open,
    .close = qcow2_close,
    .pread = qcow2_pread,
    .pwrite = qcow2_pwrite,
    .flush = qcow2_flush,
    .discard = qcow2_discard,
    .write_zeroes = qcow2_write_zeroes,
};
