/*
 * qcow2 inside the block layer: the on-disk constants of the format and
 * the state of one open image, shared by qcow2.c (header, open, create),
 * qcow2_cache.c (cached metadata tables), qcow2_refcount.c (refcounts and
 * cluster allocation), qcow2_cluster.c (guest reads and writes through the
 * L1/L2 tables) and qcow2_check.c (refcount consistency).
 *
 * Layout reminder (docs/interop/qcow2.txt in qemu's tree):
 *
 *   guest offset --L1 index--> L2 table --L2 index--> host cluster
 *   host cluster --refcount table index--> refcount block --> refcount
 *
 * Every table entry is big-endian on disk; the in-memory L1 and refcount
 * tables are kept in host order, cached L2 tables and refcount blocks in
 * disk order (they are written back as they sit in memory).
 */
#ifndef XRUN_SYSTEM_BLOCK_QCOW2_H
#define XRUN_SYSTEM_BLOCK_QCOW2_H

#include <stdbool.h>
#include <stdint.h>

#include "system/block/block_int.h"

#define QCOW2_MAGIC 0x514649fbu /* "QFI\xfb" */

/* Header field offsets (all big-endian). */
enum {
    QCOW2_H_MAGIC = 0,
    QCOW2_H_VERSION = 4,
    QCOW2_H_BACKING_OFFSET = 8,
    QCOW2_H_BACKING_SIZE = 16,
    QCOW2_H_CLUSTER_BITS = 20,
    QCOW2_H_SIZE = 24,
    QCOW2_H_CRYPT = 32,
    QCOW2_H_L1_SIZE = 36,
    QCOW2_H_L1_OFFSET = 40,
    QCOW2_H_RT_OFFSET = 48,
    QCOW2_H_RT_CLUSTERS = 56,
    QCOW2_H_NB_SNAPSHOTS = 60,
    QCOW2_H_SNAPSHOTS_OFFSET = 64,
    QCOW2_H_V2_LENGTH = 72,
    QCOW2_H_INCOMPAT = 72,
    QCOW2_H_COMPAT = 80,
    QCOW2_H_AUTOCLEAR = 88,
    QCOW2_H_REFCOUNT_ORDER = 96,
    QCOW2_H_HEADER_LENGTH = 100,
    QCOW2_H_V3_LENGTH = 104,
    QCOW2_H_COMPRESSION_TYPE = 104,
};
/* The refcount table offset and size are written together, in one pwrite. */
_Static_assert(QCOW2_H_RT_CLUSTERS == QCOW2_H_RT_OFFSET + 8, "rt offset and size adjoin");

/* Incompatible feature bits (v3). */
#define QCOW2_INCOMPAT_DIRTY (1ull << 0)
#define QCOW2_INCOMPAT_CORRUPT (1ull << 1)
#define QCOW2_INCOMPAT_DATA_FILE (1ull << 2)
#define QCOW2_INCOMPAT_COMPRESSION (1ull << 3)
#define QCOW2_INCOMPAT_EXTL2 (1ull << 4)

/* Header extension types. */
#define QCOW2_EXT_END 0u
#define QCOW2_EXT_BACKING_FMT 0xe2792acau
#define QCOW2_EXT_FEATURE_TABLE 0x6803f857u
#define QCOW2_EXT_DATA_FILE 0x44415441u

/* L1 and L2 entries. */
#define QCOW2_OFLAG_COPIED (1ull << 63)
#define QCOW2_OFLAG_COMPRESSED (1ull << 62)
#define QCOW2_OFLAG_ZERO 1ull
#define QCOW2_L1E_OFFSET_MASK 0x00fffffffffffe00ull
#define QCOW2_L2E_OFFSET_MASK 0x00fffffffffffe00ull
#define QCOW2_L1E_RESERVED 0x7f000000000001ffull
#define QCOW2_L2E_RESERVED 0x3f000000000001feull
#define QCOW2_RTE_OFFSET_MASK 0xfffffffffffffe00ull

/* The largest L1 table and refcount table accepted (qemu's limits too). */
#define QCOW2_MAX_L1_BYTES (32u << 20)
#define QCOW2_MAX_RT_BYTES (8u << 20)

/* A few cluster-sized tables kept in memory, least recently used evicted. */
#define QCOW2_CACHE_SLOTS 16
typedef struct Qcow2Cache {
    uint64_t offset[QCOW2_CACHE_SLOTS]; /* host offset of each table, 0 = empty */
    uint64_t stamp[QCOW2_CACHE_SLOTS];
    uint8_t *data[QCOW2_CACHE_SLOTS];
    uint64_t clock;
} Qcow2Cache;

typedef struct Qcow2 {
    BlockDev *bd; /* path and fd */
    int version;
    int cluster_bits;
    uint32_t cluster_size;
    uint32_t l2_entries;
    uint64_t file_size; /* end of the image file as last written */

    uint64_t l1_offset;
    uint32_t l1_size;
    uint64_t *l1; /* host order */

    uint64_t rt_offset;
    uint32_t rt_clusters;
    uint64_t rt_size; /* entries */
    uint64_t *rt;     /* host order */
    int refcount_order;
    uint64_t rb_entries; /* refcounts in one refcount block */
    uint64_t refcount_max;

    uint32_t header_length;
    uint64_t incompat, compat, autoclear;
    uint32_t nb_snapshots;
    uint64_t snapshots_offset;
    char *backing_file;
    char *backing_fmt;
    BlockDev *backing;

    Qcow2Cache l2_cache;
    Qcow2Cache rb_cache;

    /* Clusters whose refcount is already 1 on disk (synced), not yet used:
     * taking one for a new L2 entry needs no further sync. */
    uint64_t pool[64];
    unsigned pool_len;
    unsigned pool_max;
    uint64_t free_hint; /* no free cluster below this index */
    /* Clusters an L2 or L1 entry no longer references; their refcounts
     * drop once that entry is durable (qcow2_apply_frees). */
    uint64_t *pending;
    size_t pending_len, pending_cap;
    /* Sync between metadata steps (off for a throwaway overlay). */
    bool ordered;
    uint64_t comp_next; /* free byte after the last compressed cluster, 0 = none */
    uint8_t *buf;       /* one cluster of scratch */
    uint8_t *zbuf;      /* compressed bytes being read or written */
    size_t zbuf_size;
    /* The last compressed cluster inflated: its L2 entry and contents. */
    uint64_t inflated_entry;
    uint8_t *inflated;
} Qcow2;

static inline uint64_t qcow2_cluster_of(const Qcow2 *q, uint64_t off)
{
    return off >> q->cluster_bits;
}

static inline uint64_t qcow2_offset_in_cluster(const Qcow2 *q, uint64_t off)
{
    return off & (q->cluster_size - 1);
}

/* -- qcow2_cache.c -- */
void qcow2_cache_init(Qcow2 *q, Qcow2Cache *c);
void qcow2_cache_free(Qcow2Cache *c);
/* The table at host offset off, read from the file (or zeroed when fresh,
 * for a table just allocated). */
int qcow2_cache_get(Qcow2 *q, Qcow2Cache *c, uint64_t off, bool fresh, uint8_t **table);
/* Forgets the table at off (its cluster was freed). */
void qcow2_cache_drop(Qcow2Cache *c, uint64_t off);
/* Reads len bytes of metadata at host offset off; -EIO with a log line when
 * they lie past the end of the file. */
int qcow2_read_meta(Qcow2 *q, uint64_t off, void *buf, size_t len, const char *what);
/* Writes to the image file, keeping file_size current. */
int qcow2_write_file(Qcow2 *q, uint64_t off, const void *buf, size_t len);
/* fdatasync when metadata ordering asks for it. */
int qcow2_barrier(Qcow2 *q);

/* -- qcow2_refcount.c -- */
int qcow2_get_refcount(Qcow2 *q, uint64_t cluster, uint64_t *refcount);
int qcow2_set_refcount(Qcow2 *q, uint64_t cluster, uint64_t refcount);
/* A new cluster with refcount 1 on disk, synced when ordering asks. */
int qcow2_alloc_cluster(Qcow2 *q, uint64_t *cluster);
/* Queues a refcount decrement of cluster for after the next barrier. */
int qcow2_free_cluster_later(Qcow2 *q, uint64_t cluster);
/* Syncs, then applies the queued decrements. */
int qcow2_apply_frees(Qcow2 *q);
/* Returns the unused reserved clusters (on close). */
int qcow2_release_pool(Qcow2 *q);

/* -- qcow2_cluster.c -- */
int qcow2_pread(BlockDev *bd, uint64_t off, void *buf, size_t len);
int qcow2_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len);
int qcow2_discard(BlockDev *bd, uint64_t off, uint64_t len);
int qcow2_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap);
/* The L2 entry of guest offset off (0 when no L2 table covers it). */
int qcow2_get_l2_entry(Qcow2 *q, uint64_t off, uint64_t *entry);
/* The host clusters a compressed L2 entry occupies: [*first, *last]. */
void qcow2_compressed_range(const Qcow2 *q, uint64_t entry, uint64_t *first, uint64_t *last);

/* -- qcow2.c -- */
int qcow2_flush(BlockDev *bd);

#endif
