/*
 * Inside the block layer: the driver table every image format fills in, the
 * BlockDev fields drivers share, and the calls xrun-img needs beyond
 * block.h (creating images, describing them, checking qcow2 refcounts,
 * writing compressed clusters).
 *
 * A driver's open receives a BlockDev whose path, fd and readonly fields
 * are set; it fills in size and its private state (bd->opaque). blk_open
 * owns the fd: it closes it after the driver's close.
 */
#ifndef XRUN_SYSTEM_BLOCK_INT_H
#define XRUN_SYSTEM_BLOCK_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/block/block.h"

typedef struct BlockDriver {
    const char *name;
    int (*open)(BlockDev *bd, char *err, size_t errlen);
    void (*close)(BlockDev *bd);
    int (*pread)(BlockDev *bd, uint64_t off, void *buf, size_t len);
    int (*pwrite)(BlockDev *bd, uint64_t off, const void *buf, size_t len);
    int (*flush)(BlockDev *bd);
    int (*discard)(BlockDev *bd, uint64_t off, uint64_t len);
    int (*write_zeroes)(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap);
} BlockDriver;

struct BlockDev {
    const BlockDriver *drv;
    char *path;    /* as given to blk_open; names the image in messages */
    int fd;
    bool readonly;
    uint64_t size; /* virtual size in bytes */
    void *opaque;  /* the driver's state */
    bool no_backing; /* leave the backing file closed (blk_open_metadata) */
};

extern const BlockDriver blk_raw_driver;
extern const BlockDriver blk_qcow2_driver;

/* Opens an image to describe or check it: the backing file stays closed
 * (it may be missing), so clusters the image does not hold read as zeroes. */
BlockDev *blk_open_metadata(const char *path, const char *format, bool readonly, char *err, size_t errlen);

/* The description `xrun-img info` prints. */
typedef struct BlockInfo {
    const char *format;
    uint64_t virtual_size;
    uint64_t disk_size;     /* bytes the file occupies on the host */
    uint32_t cluster_size;  /* 0 for raw */
    const char *backing_file;
    const char *backing_fmt;
    const char *compat;     /* "0.10" or "1.1" for qcow2, NULL for raw */
    int refcount_bits;
    bool dirty;
    bool corrupt;
} BlockInfo;

void blk_get_info(BlockDev *bd, BlockInfo *info);
/* The qcow2 fields of info. */
void qcow2_get_info(BlockDev *bd, BlockInfo *info);

/* The options of a new qcow2 image; zero fields take the defaults
 * (version 3, 64 KiB clusters, 16-bit refcounts). */
typedef struct Qcow2CreateOpts {
    int version;            /* 2 (compat=0.10) or 3 (compat=1.1) */
    uint32_t cluster_size;  /* a power of two, 512 to 2 MiB */
    const char *backing_file;
    const char *backing_fmt;
} Qcow2CreateOpts;

/* Writes an empty qcow2 image of size bytes into fd (which must be empty). */
int qcow2_create_fd(int fd, uint64_t size, const Qcow2CreateOpts *o, char *err, size_t errlen);
/* Creates path (truncating it) as an empty qcow2 or raw image. */
int blk_create(const char *path, const char *format, uint64_t size, const Qcow2CreateOpts *o,
               char *err, size_t errlen);

/* Opens the qcow2 image in fd with backing as its backing image (the
 * BlockDev takes ownership of both), ignoring any backing file the header
 * names. The temporary overlay of snapshot=true is one of these. */
BlockDev *qcow2_open_with_backing(const char *path, int fd, BlockDev *backing, char *err,
                                  size_t errlen);

/* Writes one whole cluster at a cluster-aligned off as a compressed cluster
 * (a normal one when it does not shrink); a buffer shorter than a cluster
 * is padded with zeroes. qcow2 only; -ENOTSUP otherwise. */
int blk_write_compressed(BlockDev *bd, uint64_t off, const void *buf, size_t len);
int qcow2_write_compressed(BlockDev *bd, uint64_t off, const void *buf, size_t len);

/* For an image whose contents matter only once it is written completely
 * (the output of xrun-img convert): skips the syncs that order metadata
 * updates for crash consistency. blk_flush still makes everything durable. */
void blk_relax_ordering(BlockDev *bd);

/* What a refcount check found. */
typedef struct Qcow2CheckResult {
    uint64_t corruptions;        /* refcounts too low, references outside the file */
    uint64_t leaks;              /* clusters with a refcount nobody uses */
    uint64_t corruptions_fixed;
    uint64_t leaks_fixed;
    uint64_t allocated_clusters; /* guest clusters with data */
    uint64_t total_clusters;     /* guest clusters of the virtual size */
    uint64_t compressed_clusters;
    uint64_t image_end;          /* end of the last cluster in use */
} Qcow2CheckResult;

enum { QCOW2_FIX_LEAKS = 1, QCOW2_FIX_ERRORS = 2 };

/* Compares every refcount with the references the image holds; fix
 * (QCOW2_FIX_*) rewrites the refcounts to match. Messages about each
 * problem go to report (NULL: nowhere). Returns 0, or a negative errno
 * when the check could not finish (with a message in err). */
int qcow2_check(BlockDev *bd, int fix, Qcow2CheckResult *res, void (*report)(const char *msg),
                char *err, size_t errlen);

/* Formats a one-line message into err (drivers' open errors). */
void blk_set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One line on stderr about an image problem found while accessing it. */
void blk_log(const BlockDev *bd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* pread/pwrite of exactly len bytes at off; bytes past the end of file read
 * as zeroes. 0 or a negative errno. */
int blk_file_pread(int fd, uint64_t off, void *buf, size_t len);
int blk_file_pwrite(int fd, uint64_t off, const void *buf, size_t len);
int blk_file_sync(int fd);

#endif
