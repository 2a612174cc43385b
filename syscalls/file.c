/*
 * File descriptor syscalls: read/write and their vector and positioned
 * forms, open/close, seeking, dup, pipes, fcntl, sendfile/splice, sync and
 * size changes.
 *
 * Buffers are guest memory used in place (sys_lock_read/write). Open flags
 * are translated (some guests moved O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE),
 * and so are fcntl's F_GETFL/F_SETFL and its lock structs:
 *
 *     guest fcntl64(fd, F_SETLK64 (13), &guest_flock64)
 *       -> host fcntl(fd, F_SETLK (6), &host_flock)
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* -- read / write -- */

SYS_HANDLER(read)
{
    abi_ulong len = GULONG(a[2]);
    void *buf = sys_lock_write(GPTR(a[1]), len);
    if (!buf)
        return -EFAULT;
    return safe_syscall(SYS_read, (long)(int)a[0], buf, (long)len); /* pipes, ttys, sockets block */
}

SYS_HANDLER(write)
{
    abi_ulong len = GULONG(a[2]);
    const void *buf = sys_lock_read(GPTR(a[1]), len);
    if (!buf)
        return -EFAULT;
    return sys_ret(write((int)a[0], buf, len));
}

SYS_HANDLER(readv)
{
    struct iovec *iov;
    abi_long n = sys_lock_iovec(&iov, GPTR(a[1]), (uint32_t)a[2], true);
    if (n < 0)
        return n;
    abi_long ret = sys_ret(readv((int)a[0], iov, (int)n));
    free(iov);
    return ret;
}

SYS_HANDLER(writev)
{
    struct iovec *iov;
    abi_long n = sys_lock_iovec(&iov, GPTR(a[1]), (uint32_t)a[2], false);
    if (n < 0)
        return n;
    abi_long ret = sys_ret(writev((int)a[0], iov, (int)n));
    free(iov);
    return ret;
}

abi_long sys_do_pread64(int fd, abi_ulong buf, abi_ulong count, int64_t off)
{
    void *p = sys_lock_write(buf, count);
    if (!p)
        return -EFAULT;
    return sys_ret(pread(fd, p, count, off));
}

abi_long sys_do_pwrite64(int fd, abi_ulong buf, abi_ulong count, int64_t off)
{
    const void *p = sys_lock_read(buf, count);
    if (!p)
        return -EFAULT;
    return sys_ret(pwrite(fd, p, count, off));
}

abi_long sys_do_preadv2(int fd, abi_ulong iovp, abi_ulong cnt, int64_t off, int flags)
{
    struct iovec *iov;
    abi_long n = sys_lock_iovec(&iov, iovp, cnt, true);
    if (n < 0)
        return n;
    abi_long ret = sys_ret(preadv2(fd, iov, (int)n, off, flags));
    free(iov);
    return ret;
}

abi_long sys_do_pwritev2(int fd, abi_ulong iovp, abi_ulong cnt, int64_t off, int flags)
{
    struct iovec *iov;
    abi_long n = sys_lock_iovec(&iov, iovp, cnt, false);
    if (n < 0)
        return n;
    abi_long ret = sys_ret(pwritev2(fd, iov, (int)n, off, flags));
    free(iov);
    return ret;
}

abi_long sys_do_preadv(int fd, abi_ulong iovp, abi_ulong cnt, int64_t off)
{
    return sys_do_preadv2(fd, iovp, cnt, off, 0);
}

abi_long sys_do_pwritev(int fd, abi_ulong iovp, abi_ulong cnt, int64_t off)
{
    return sys_do_pwritev2(fd, iovp, cnt, off, 0);
}

/* -- open / close -- */

static abi_long do_openat(int dirfd, abi_ulong gpath, uint32_t gflags, mode_t mode)
{
    const char *path = sys_lock_str(gpath);
    if (!path)
        return -EFAULT;
    int flags = sys_open_flags_to_host(gflags);
    abi_long ret = sys_proc_open(dirfd, path, flags, mode);
    if (ret != SYS_PROC_NOT_EMULATED)
        return ret;
    /* Only lookups go to the sysroot: writes and creations stay on the host. */
    char buf[PATH_MAX];
    if ((flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC)))
        path = sys_path(path, buf, sizeof(buf));
    return sys_ret(openat(dirfd, path, flags, mode));
}

SYS_HANDLER(open)
{
    return do_openat(AT_FDCWD, GPTR(a[0]), (uint32_t)a[1], (mode_t)a[2]);
}

SYS_HANDLER(openat)
{
    return do_openat((int)a[0], GPTR(a[1]), (uint32_t)a[2], (mode_t)a[3]);
}

/*
 * openat2(dirfd, path, struct open_how *how, size): how is three u64
 * (flags, mode, resolve), larger versions padded with zeros. Without
 * RESOLVE_* flags it is openat (the /proc emulation and the sysroot
 * included); with them the host kernel resolves the path as asked.
 */
SYS_HANDLER(openat2)
{
    struct {
        uint64_t flags, mode, resolve;
    } how;
    uint32_t size = (uint32_t)a[3];
    if (size < sizeof(how))
        return -EINVAL;
    if (size > 4096)
        return -E2BIG;
    const uint8_t *p = sys_lock_read(GPTR(a[2]), size);
    if (!p)
        return -EFAULT;
    for (uint32_t i = sizeof(how); i < size; i++)
        if (p[i])
            return -E2BIG;
    memcpy(&how, p, sizeof(how));
    if (how.flags >> 32 || how.mode & ~(uint64_t)07777)
        return -EINVAL;
    int flags = sys_open_flags_to_host((uint32_t)how.flags);
    if (!(flags & (O_CREAT | O_TMPFILE)) && how.mode)
        return -EINVAL;
    if (!how.resolve)
        return do_openat((int)a[0], GPTR(a[1]), (uint32_t)how.flags, (mode_t)how.mode);
    const char *path = sys_lock_str(GPTR(a[1]));
    if (!path)
        return -EFAULT;
    struct {
        uint64_t flags, mode, resolve;
    } host = {(uint64_t)(unsigned)flags, how.mode, how.resolve};
    return sys_ret(syscall(SYS_openat2, (int)a[0], path, &host, sizeof(host)));
}

SYS_HANDLER(creat)
{
    return do_openat(AT_FDCWD, GPTR(a[0]), O_CREAT | O_WRONLY | O_TRUNC, (mode_t)a[1]);
}

SYS_HANDLER(close)
{
    return sys_ret(close((int)a[0]));
}

SYS_HANDLER(memfd_create)
{
    const char *name = sys_lock_str(GPTR(a[0]));
    if (!name)
        return -EFAULT;
    /* MFD_* flags have one value everywhere. */
    return sys_ret(syscall(SYS_memfd_create, name, (unsigned)a[1]));
}

SYS_HANDLER(close_range)
{
    return sys_ret(syscall(SYS_close_range, (unsigned)a[0], (unsigned)a[1], (unsigned)a[2]));
}

/* -- Seeking -- */

/* Directory cookies (dirent.c) translate both ways; other offsets pass. */
static int64_t do_lseek(int fd, int64_t off, int whence)
{
    if (whence == SEEK_SET)
        off = sys_dirent_off_to_host(fd, off);
    off_t r = lseek(fd, off, whence);
    if (r == -1)
        return -errno;
    return sys_dirent_off_to_guest(fd, r);
}

SYS_HANDLER(lseek)
{
    int64_t r = do_lseek((int)a[0], GLONG(a[1]), (int)a[2]);
    if (r < 0)
        return r;
    /* A 32-bit off_t cannot hold the new position. */
    if (sys_abi->long_bits == 32 && r > INT32_MAX)
        return -EOVERFLOW;
    return r;
}

/* _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
SYS_HANDLER(llseek)
{
    int64_t off = sys_pair64(a[2], a[1]);
    if (!sys_lock_write(GPTR(a[3]), 8))
        return -EFAULT;
    int64_t r = do_lseek((int)a[0], off, (int)a[4]);
    if (r < 0)
        return r;
    return sys_put_u64(GPTR(a[3]), (uint64_t)r);
}

/* -- dup / pipe -- */

SYS_HANDLER(dup)
{
    return sys_ret(dup((int)a[0]));
}

SYS_HANDLER(dup2)
{
    return sys_ret(dup2((int)a[0], (int)a[1]));
}

SYS_HANDLER(dup3)
{
    return sys_ret(dup3((int)a[0], (int)a[1], sys_open_flags_to_host((uint32_t)a[2])));
}

static abi_long do_pipe2(abi_ulong gfds, int flags)
{
    int fds[2];
    if (!sys_lock_write(gfds, sizeof(fds)))
        return -EFAULT;
    if (pipe2(fds, flags) == -1)
        return -errno;
    return sys_copy_to_guest(gfds, fds, sizeof(fds));
}

SYS_HANDLER(pipe)
{
    return do_pipe2(GPTR(a[0]), 0);
}

SYS_HANDLER(pipe2)
{
    return do_pipe2(GPTR(a[0]), sys_open_flags_to_host((uint32_t)a[1]));
}

/* -- fcntl -- */

/* The commands taking a struct flock64 on ABIs whose long is 32 bits
 * (asm-generic/fcntl.h); a 64-bit host has no such numbers. On LP64 ABIs
 * plain F_GETLK.. take that layout already and these numbers are invalid. */
enum {
    GUEST_F_GETLK64 = 12,
    GUEST_F_SETLK64 = 13,
    GUEST_F_SETLKW64 = 14,
};

/* A lock through the ABI's 64-bit-offset struct flock (flock64 on 32-bit ABIs). */
static abi_long fcntl_lock64(int fd, int host_cmd, abi_ulong addr)
{
    uint8_t g[SYS_LAYOUT_MAX];
    struct flock h;
    if (sys_copy_from_guest(g, addr, sys_abi->layouts->flock.size))
        return -EFAULT;
    sys_conv_flock_from_guest(&h, g);
    if (fcntl(fd, host_cmd, &h) == -1)
        return -errno;
    if (host_cmd == F_GETLK || host_cmd == F_OFD_GETLK) {
        size_t n = sys_conv_flock_to_guest(g, &h);
        return sys_copy_to_guest(addr, g, n);
    }
    return 0;
}

static abi_long fcntl_lock32(int fd, int host_cmd, abi_ulong addr)
{
    GuestFlock32 g;
    struct flock h;
    if (sys_copy_from_guest(&g, addr, sizeof(g)))
        return -EFAULT;
    sys_conv_flock32_from_guest(&h, &g);
    if (fcntl(fd, host_cmd, &h) == -1)
        return -errno;
    if (host_cmd == F_GETLK) {
        int err = sys_conv_flock32_to_guest(&g, &h);
        if (err)
            return err;
        return sys_copy_to_guest(addr, &g, sizeof(g));
    }
    return 0;
}

static abi_long fcntl_owner_ex(int fd, int cmd, abi_ulong addr)
{
    struct f_owner_ex ex; /* { int type; pid_t pid; }: same on both sides */
    if (cmd == F_SETOWN_EX) {
        if (sys_copy_from_guest(&ex, addr, sizeof(ex)))
            return -EFAULT;
        return sys_ret(fcntl(fd, cmd, &ex));
    }
    if (fcntl(fd, cmd, &ex) == -1)
        return -errno;
    return sys_copy_to_guest(addr, &ex, sizeof(ex));
}

static abi_long do_fcntl(int fd, int cmd, abi_long arg, bool is64)
{
    switch (cmd) {
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        if (sys_abi->long_bits == 64)
            return fcntl_lock64(fd, cmd, GPTR(arg));
        return fcntl_lock32(fd, cmd, GPTR(arg));
    case GUEST_F_GETLK64:
        return is64 && sys_abi->long_bits == 32 ? fcntl_lock64(fd, F_GETLK, GPTR(arg)) : -EINVAL;
    case GUEST_F_SETLK64:
        return is64 && sys_abi->long_bits == 32 ? fcntl_lock64(fd, F_SETLK, GPTR(arg)) : -EINVAL;
    case GUEST_F_SETLKW64:
        return is64 && sys_abi->long_bits == 32 ? fcntl_lock64(fd, F_SETLKW, GPTR(arg)) : -EINVAL;
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        return fcntl_lock64(fd, cmd, GPTR(arg));
    case F_GETFL: {
        int r = fcntl(fd, F_GETFL);
        return r == -1 ? -errno : (abi_long)sys_open_flags_to_guest(r);
    }
    case F_SETFL:
        return sys_ret(fcntl(fd, F_SETFL, sys_open_flags_to_host((uint32_t)arg)));
    case F_GETOWN_EX:
    case F_SETOWN_EX:
        return fcntl_owner_ex(fd, cmd, GPTR(arg));
    case F_SETSIG: {
        int hsig = arg ? guest_to_host_signal((int)arg) : 0;
        if (arg && !hsig)
            return -EINVAL;
        return sys_ret(fcntl(fd, F_SETSIG, hsig));
    }
    case F_GETSIG: {
        int r = fcntl(fd, F_GETSIG);
        return r == -1 ? -errno : host_to_guest_signal(r);
    }
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
    case F_SETOWN:
    case F_GETOWN:
    case F_SETLEASE:
    case F_GETLEASE:
    case F_NOTIFY:
    case F_SETPIPE_SZ:
    case F_GETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS:
        /* Integer argument, same meaning on both sides. */
        return sys_ret(fcntl(fd, cmd, (int)arg));
    default:
        return -EINVAL;
    }
}

SYS_HANDLER(fcntl64)
{
    return do_fcntl((int)a[0], (int)a[1], a[2], true);
}

SYS_HANDLER(fcntl)
{
    return do_fcntl((int)a[0], (int)a[1], a[2], false);
}

SYS_HANDLER(flock)
{
    return sys_ret(flock((int)a[0], (int)a[1]));
}

/* -- sendfile / splice -- */

SYS_HANDLER(sendfile)
{
    int32_t goff = 0;
    off_t off;
    abi_ulong offp = GPTR(a[2]);
    if (offp && sys_copy_from_guest(&goff, offp, 4))
        return -EFAULT;
    off = goff;
    ssize_t r = sendfile((int)a[0], (int)a[1], offp ? &off : NULL, GULONG(a[3]));
    if (r == -1)
        return -errno;
    if (offp && sys_put_u32(offp, (uint32_t)off))
        return -EFAULT;
    return r;
}

SYS_HANDLER(sendfile64)
{
    abi_ulong offp = GPTR(a[2]);
    off_t *off = NULL;
    if (offp && !(off = sys_lock_write(offp, 8)))
        return -EFAULT;
    return sys_ret(sendfile((int)a[0], (int)a[1], off, GULONG(a[3])));
}

/* A guest loff_t * argument, used in place (64 bits on both sides). */
static bool lock_loff(abi_ulong addr, loff_t **out)
{
    *out = NULL;
    return !addr || (*out = sys_lock_write(addr, sizeof(loff_t))) != NULL;
}

SYS_HANDLER(splice)
{
    loff_t *in_off, *out_off;
    if (!lock_loff(GPTR(a[1]), &in_off) || !lock_loff(GPTR(a[3]), &out_off))
        return -EFAULT;
    return sys_ret(splice((int)a[0], in_off, (int)a[2], out_off, GULONG(a[4]), (unsigned)a[5]));
}

SYS_HANDLER(tee)
{
    return sys_ret(tee((int)a[0], (int)a[1], GULONG(a[2]), (unsigned)a[3]));
}

/* vmsplice: guest memory into a pipe's write end, or out of its read end
 * into guest memory; the pipe end decides the direction. */
SYS_HANDLER(vmsplice)
{
    int fd = (int)a[0];
    int fl = fcntl(fd, F_GETFL);
    if (fl == -1)
        return -EBADF;
    struct iovec *iov;
    abi_long n = sys_lock_iovec(&iov, GPTR(a[1]), (uint32_t)a[2], (fl & O_ACCMODE) == O_RDONLY);
    if (n < 0)
        return n;
    abi_long r = sys_ret(vmsplice(fd, iov, (unsigned long)n, (unsigned)a[3]));
    free(iov);
    return r;
}

/* struct file_handle {u32 handle_bytes; int handle_type; u8 f_handle[]}:
 * the same everywhere. */
SYS_HANDLER(name_to_handle_at)
{
    uint32_t bytes;
    const char *path = sys_lock_str(GPTR(a[1]));
    if (!path || sys_get_u32(GPTR(a[2]), &bytes))
        return -EFAULT;
    if (bytes > 128) /* MAX_HANDLE_SZ */
        return -EINVAL;
    void *handle = sys_lock_write(GPTR(a[2]), 8 + bytes);
    void *mount_id = sys_lock_write(GPTR(a[3]), 4);
    if (!handle || !mount_id)
        return -EFAULT;
    return sys_ret(
        syscall(SYS_name_to_handle_at, (int)a[0], path, handle, mount_id, (int)a[4]));
}

SYS_HANDLER(open_by_handle_at)
{
    uint32_t bytes;
    if (sys_get_u32(GPTR(a[1]), &bytes))
        return -EFAULT;
    if (bytes > 128)
        return -EINVAL;
    void *handle = sys_lock_read(GPTR(a[1]), 8 + bytes);
    if (!handle)
        return -EFAULT;
    return sys_ret(syscall(SYS_open_by_handle_at, (int)a[0], handle,
                           sys_open_flags_to_host((uint32_t)a[2])));
}

SYS_HANDLER(copy_file_range)
{
    loff_t *in_off, *out_off;
    if (!lock_loff(GPTR(a[1]), &in_off) || !lock_loff(GPTR(a[3]), &out_off))
        return -EFAULT;
    return sys_ret(
        copy_file_range((int)a[0], in_off, (int)a[2], out_off, GULONG(a[4]), (unsigned)a[5]));
}

/* -- Sync and size -- */

SYS_HANDLER(fsync)
{
    return sys_ret(fsync((int)a[0]));
}

SYS_HANDLER(fdatasync)
{
    return sys_ret(fdatasync((int)a[0]));
}

SYS_HANDLER(sync)
{
    sync();
    return 0;
}

SYS_HANDLER(syncfs)
{
    return sys_ret(syncfs((int)a[0]));
}

abi_long sys_do_ftruncate(int fd, int64_t len)
{
    return sys_ret(ftruncate(fd, len));
}

abi_long sys_do_truncate(abi_ulong gpath, int64_t len)
{
    const char *path = sys_lock_str(gpath);
    if (!path)
        return -EFAULT;
    return sys_ret(truncate(path, len));
}

SYS_HANDLER(truncate)
{
    return sys_do_truncate(GPTR(a[0]), GLONG(a[1]));
}

SYS_HANDLER(ftruncate)
{
    return sys_do_ftruncate((int)a[0], GLONG(a[1]));
}

abi_long sys_do_fallocate(int fd, int mode, int64_t off, int64_t len)
{
    return sys_ret(fallocate(fd, mode, off, len));
}

abi_long sys_do_fadvise(int fd, int64_t off, int64_t len, int advice)
{
    /* posix_fadvise returns the error number instead of setting errno. */
    return -(abi_long)posix_fadvise(fd, off, len, advice);
}

abi_long sys_do_readahead(int fd, int64_t off, abi_ulong count)
{
    return sys_ret(readahead(fd, off, count));
}

abi_long sys_do_sync_file_range(int fd, int64_t off, int64_t len, unsigned flags)
{
    return sys_ret(sync_file_range(fd, off, len, flags));
}
