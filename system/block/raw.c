/*
 * Raw images: the guest disk is the file, byte for byte, and the virtual
 * size is the file's size when it is opened.
 *
 * Also the plain file I/O every format uses: pread/pwrite loops that
 * finish short transfers, bytes past the end of the file reading as zeroes
 * (a sparse raw image whose tail was never written, or a qcow2 image whose
 * last cluster ends past the file's end), and fdatasync.
 *
 * Discard punches a hole (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE), so
 * the range reads as zeroes and frees host space; where the host file
 * system cannot punch holes, discard does nothing, which a discard allows.
 * Write-zeroes punches a hole when the guest allows unmapping and the host
 * can, and writes zeroes otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "system/block/block_int.h"

/* Zero-filled source for writing zeroes in chunks. */
static const uint8_t raw_zero_chunk[64 * 1024];

int blk_file_pread(int fd, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (n == 0) {
            memset(p, 0, len);
            return 0;
        }
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

int blk_file_pwrite(int fd, uint64_t off, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (n == 0)
            return -EIO;
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

int blk_file_sync(int fd)
{
    while (fdatasync(fd) < 0) {
        if (errno != EINTR)
            return -errno;
    }
    return 0;
}

static int raw_open(BlockDev *bd, char *err, size_t errlen)
{
    struct stat st;
    if (fstat(bd->fd, &st) < 0) {
        blk_set_err(err, errlen, "%s: %s", bd->path, strerror(errno));
        return -errno;
    }
    if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(bd->fd, 0, SEEK_END);
        if (end < 0) {
            blk_set_err(err, errlen, "%s: cannot find the device's size: %s", bd->path, strerror(errno));
            return -errno;
        }
        bd->size = (uint64_t)end;
    } else {
        bd->size = (uint64_t)st.st_size;
    }
    return 0;
}

static void raw_close(BlockDev *bd)
{
}

static int raw_pread(BlockDev *bd, uint64_t off, void *buf, size_t len)
{
    return blk_file_pread(bd->fd, off, buf, len);
}

static int raw_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    return blk_file_pwrite(bd->fd, off, buf, len);
}

static int raw_flush(BlockDev *bd)
{
    return blk_file_sync(bd->fd);
}

static int raw_punch_hole(BlockDev *bd, uint64_t off, uint64_t len)
{
    if (fallocate(bd->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0)
        return -errno;
    return 0;
}

static int raw_discard(BlockDev *bd, uint64_t off, uint64_t len)
{
    int r = raw_punch_hole(bd, off, len);
    if (r == -EOPNOTSUPP || r == -ENOSYS)
        return 0;
    return r;
}

static int raw_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap)
{
    if (may_unmap && raw_punch_hole(bd, off, len) == 0)
        return 0;
    while (len) {
        size_t n = len < sizeof raw_zero_chunk ? (size_t)len : sizeof raw_zero_chunk;
        int r = blk_file_pwrite(bd->fd, off, raw_zero_chunk, n);
        if (r < 0)
            return r;
        off += n;
        len -= n;
    }
    return 0;
}

const BlockDriver blk_raw_driver = {
    .name = "raw",
    .open = raw_open,
    .close = raw_close,
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .flush = raw_flush,
    .discard = raw_discard,
    .write_zeroes = raw_write_zeroes,
};
