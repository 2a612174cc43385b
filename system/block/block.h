/*
 * The block layer: disk images as a byte-addressed device.
 *
 * A BlockDev is one open image of a format (raw or qcow2). Devices (virtio-blk)
 * and tools (xrun-img) see only this interface:
 *
 *     char err[256];
 *     BlockDev *bd = blk_open("disk.qcow2", &(BlockOpenOpts){0}, err, sizeof err);
 *     if (!bd) { fprintf(stderr, "xrun: %s\n", err); exit(1); }
 *     blk_pread(bd, 0, buf, 512);
 *
 * Offsets and lengths are in bytes; reads and writes need not be sector
 * aligned. Calls return 0 or a negative errno. A write has reached the
 * image file when the call returns; blk_flush makes every completed write
 * durable (fdatasync) before it returns, so a guest flush survives a host
 * crash. Error messages name the file and the problem ("disk.qcow2: L1
 * table offset 0x... lies beyond the end of the file").
 *
 * Calls on one BlockDev are not concurrent: the caller serializes them
 * (system mode holds the device lock).
 */
#ifndef XRUN_SYSTEM_BLOCK_H
#define XRUN_SYSTEM_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockDev BlockDev;

typedef struct BlockOpenOpts {
    const char *format; /* "raw", "qcow2", or NULL to probe the file */
    bool readonly;      /* refuse writes (the file is opened O_RDONLY) */
    bool snapshot;      /* writes go to a temporary overlay, the file stays untouched */
} BlockOpenOpts;

/* Opens path. On failure returns NULL with a one-line message in err. */
BlockDev *blk_open(const char *path, const BlockOpenOpts *opts, char *err, size_t errlen);
void blk_close(BlockDev *bd);

/* Virtual disk size in bytes. */
uint64_t blk_size(const BlockDev *bd);
bool blk_is_readonly(const BlockDev *bd);
/* "raw" or "qcow2". */
const char *blk_format(const BlockDev *bd);

int blk_pread(BlockDev *bd, uint64_t off, void *buf, size_t len);
int blk_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len);
int blk_flush(BlockDev *bd);
/* Deallocates [off, off+len) where the format can (reads return zeroes or
 * old data afterwards, as the guest's discard allows). */
int blk_discard(BlockDev *bd, uint64_t off, uint64_t len);
/* Makes [off, off+len) read as zeroes; may_unmap allows deallocating. */
int blk_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap);

#endif
