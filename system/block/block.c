/*
 * The block layer's front: opening an image (probing its format), the
 * bounds and read-only checks every request passes, dispatch to the format
 * driver, and image creation.
 *
 * Format probing looks for the qcow2 magic "QFI\xfb" in the first four
 * bytes; anything else is raw. An explicit format always wins, so a raw
 * disk whose guest wrote that magic stays raw when opened as format=raw.
 *
 * An image open for writing is locked (flock) against other opens; an
 * image open read-only only against writers.
 *
 * snapshot=true opens the image read-only and puts a temporary qcow2
 * overlay in front of it: an unlinked file in $TMPDIR (default /var/tmp)
 * with the image as its backing. Guest writes land in the overlay and
 * vanish with it when the BlockDev is closed or the process ends; the image
 * itself is never opened for writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include/xrun/util.h"
#include "system/block/block_int.h"

static const uint8_t qcow2_magic[4] = {'Q', 'F', 'I', 0xfb};

void blk_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void blk_log(const BlockDev *bd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Named after the running program: xrun-system-arm, xrun-img. */
    fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, bd->path, msg);
}

static const BlockDriver *blk_find_driver(const char *name)
{
    if (!strcmp(name, "raw"))
        return &blk_raw_driver;
    if (!strcmp(name, "qcow2"))
        return &blk_qcow2_driver;
    return NULL;
}

/* The driver for the file's contents: qcow2 by its magic, raw otherwise. */
static const BlockDriver *blk_probe(int fd)
{
    uint8_t magic[4];
    if (pread(fd, magic, sizeof magic, 0) == (ssize_t)sizeof magic &&
        !memcmp(magic, qcow2_magic, sizeof magic))
        return &blk_qcow2_driver;
    return &blk_raw_driver;
}

/* Takes the image file's lock: exclusive for a writer, shared otherwise. */
static int blk_lock(int fd, bool exclusive, const char *path, char *err, size_t errlen)
{
    int e;
    if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
        return 0;
    e = errno;
    blk_set_err(err, errlen, "%s: %s", path,
                e == EWOULDBLOCK ? "the image is in use by another process (locked)" : strerror(e));
    return -e;
}

/* Opens path with drv (NULL: probe) into a new BlockDev. */
static BlockDev *blk_open_file(const char *path, const char *format, bool readonly, bool no_backing,
                               char *err, size_t errlen)
{
    const BlockDriver *drv = NULL;
    BlockDev *bd;
    struct stat st;
    int fd;

    if (format && !(drv = blk_find_driver(format))) {
        blk_set_err(err, errlen, "%s: unknown image format '%s' (raw or qcow2)", path, format);
        return NULL;
    }
    fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        blk_set_err(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
        blk_set_err(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
        goto fail_fd;
    }
    /* One writer or any number of readers per image file; describing an
     * image read-only (blk_open_metadata) takes no lock, as it changes
     * nothing a running user sees. */
    if ((!no_backing || !readonly) && blk_lock(fd, !readonly, path, err, errlen) < 0)
        goto fail_fd;
    if (!drv)
        drv = blk_probe(fd);
    bd = xr_calloc(1, sizeof *bd);
    bd->drv = drv;
    bd->path = xr_strdup(path);
    bd->fd = fd;
    bd->readonly = readonly;
    bd->no_backing = no_backing;
    if (drv->open(bd, err, errlen) < 0)
        goto fail_bd;
    return bd;

fail_bd:
    free(bd->path);
    free(bd);
fail_fd:
    close(fd);
    return NULL;
}

/* An unlinked temporary file for a snapshot overlay. */
static int blk_temp_file(char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char name[4096];
    int fd;

    snprintf(name, sizeof name, "%s/xrun-snapshot-XXXXXX", dir && *dir ? dir : "/var/tmp");
    fd = mkostemp(name, O_CLOEXEC);
    if (fd < 0) {
        blk_set_err(err, errlen, "%s: cannot create the snapshot overlay: %s", name, strerror(errno));
        return -1;
    }
    unlink(name);
    return fd;
}

static BlockDev *blk_open_snapshot(const char *path, const BlockOpenOpts *opts, char *err,
                                   size_t errlen)
{
    BlockDev *base = blk_open_file(path, opts->format, true, false, err, errlen);
    BlockDev *bd;
    int fd;

    if (!base)
        return NULL;
    fd = blk_temp_file(err, errlen);
    if (fd < 0)
        goto fail_base;
    if (qcow2_create_fd(fd, base->size, &(Qcow2CreateOpts){0}, err, errlen) < 0)
        goto fail_fd;
    bd = qcow2_open_with_backing(path, fd, base, err, errlen);
    if (!bd)
        return NULL; /* it closed fd and base */
    return bd;

fail_fd:
    close(fd);
fail_base:
    blk_close(base);
    return NULL;
}

BlockDev *blk_open(const char *path, const BlockOpenOpts *opts, char *err, size_t errlen)
{
    static const BlockOpenOpts defaults;
    if (!opts)
        opts = &defaults;
    if (opts->snapshot && !opts->readonly)
        return blk_open_snapshot(path, opts, err, errlen);
    return blk_open_file(path, opts->format, opts->readonly, false, err, errlen);
}

BlockDev *blk_open_metadata(const char *path, const char *format, bool readonly, char *err, size_t errlen)
{
    return blk_open_file(path, format, readonly, true, err, errlen);
}

void blk_close(BlockDev *bd)
{
    if (!bd)
        return;
    bd->drv->close(bd);
    if (bd->fd >= 0)
        close(bd->fd);
    free(bd->path);
    free(bd);
}

uint64_t blk_size(const BlockDev *bd)
{
    return bd->size;
}

bool blk_is_readonly(const BlockDev *bd)
{
    return bd->readonly;
}

const char *blk_format(const BlockDev *bd)
{
    return bd->drv->name;
}

/* Requests must lie inside the virtual disk; writes need a writable one. */
static int blk_check_request(const BlockDev *bd, uint64_t off, uint64_t len, bool write)
{
    if (write && bd->readonly)
        return -EROFS;
    if (off > bd->size || len > bd->size - off)
        return -EINVAL;
    return 0;
}

int blk_pread(BlockDev *bd, uint64_t off, void *buf, size_t len)
{
    int r = blk_check_request(bd, off, len, false);
    if (r < 0 || !len)
        return r;
    return bd->drv->pread(bd, off, buf, len);
}

int blk_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    int r = blk_check_request(bd, off, len, true);
    if (r < 0 || !len)
        return r;
    return bd->drv->pwrite(bd, off, buf, len);
}

int blk_flush(BlockDev *bd)
{
    if (bd->readonly)
        return 0;
    return bd->drv->flush(bd);
}

int blk_discard(BlockDev *bd, uint64_t off, uint64_t len)
{
    int r = blk_check_request(bd, off, len, true);
    if (r < 0 || !len)
        return r;
    return bd->drv->discard(bd, off, len);
}

int blk_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap)
{
    int r = blk_check_request(bd, off, len, true);
    if (r < 0 || !len)
        return r;
    return bd->drv->write_zeroes(bd, off, len, may_unmap);
}

int blk_write_compressed(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    int r = blk_check_request(bd, off, len, true);
    if (r < 0)
        return r;
    if (bd->drv != &blk_qcow2_driver)
        return -ENOTSUP;
    return qcow2_write_compressed(bd, off, buf, len);
}

void blk_get_info(BlockDev *bd, BlockInfo *info)
{
    struct stat st;
    memset(info, 0, sizeof *info);
    info->format = bd->drv->name;
    info->virtual_size = bd->size;
    if (fstat(bd->fd, &st) == 0)
        info->disk_size = (uint64_t)st.st_blocks * 512;
    if (bd->drv == &blk_qcow2_driver)
        qcow2_get_info(bd, info);
}

int blk_create(const char *path, const char *format, uint64_t size, const Qcow2CreateOpts *o,
               char *err, size_t errlen)
{
    bool qcow2 = format && !strcmp(format, "qcow2");
    int fd, r = 0;

    if (format && !qcow2 && strcmp(format, "raw")) {
        blk_set_err(err, errlen, "%s: unknown image format '%s' (raw or qcow2)", path, format);
        return -EINVAL;
    }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        r = -errno;
        blk_set_err(err, errlen, "%s: %s", path, strerror(errno));
        return r;
    }
    /* Never truncate an image a running machine has open. */
    if ((r = blk_lock(fd, true, path, err, errlen)) < 0) {
        close(fd);
        return r;
    }
    if (ftruncate(fd, 0) < 0) {
        r = -errno;
        blk_set_err(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return r;
    }
    if (qcow2) {
        char sub[256];
        if ((r = qcow2_create_fd(fd, size, o, sub, sizeof sub)) < 0)
            blk_set_err(err, errlen, "%s: %s", path, sub);
    } else if (ftruncate(fd, (off_t)size) < 0) {
        r = -errno;
        blk_set_err(err, errlen, "%s: cannot set the size: %s", path, strerror(errno));
    }
    if (r == 0 && (r = blk_file_sync(fd)) < 0)
        blk_set_err(err, errlen, "%s: %s", path, strerror(-r));
    close(fd);
    if (r < 0)
        unlink(path);
    return r;
}
