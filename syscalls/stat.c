/*
 * stat and statfs families.
 *
 * The host fills its own struct stat / struct statfs; convert.c turns them
 * into the guest ABI's layout of them (stat64 and statfs64 on 32-bit ABIs,
 * with EABI's padding, 32-bit timestamps, trailing 64-bit st_ino and
 * 84-byte statfs64; stat and statfs on LP64). statx has one layout on
 * every architecture and goes through unchanged. Extended attributes
 * (plain strings and bytes) are here too.
 *
 *     fstatat64(AT_FDCWD, "f", gst, 0)  ->  fstatat(AT_FDCWD, "f", &st, 0)
 *                                            sys_conv_stat(g, &st), copied to gst
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "syscalls/sys.h"

/* /proc/self/exe names the guest program, not xrun; other absolute paths
 * may live in the guest sysroot. */
static const char *stat_path(const char *path, char *buf, size_t size)
{
    if (image_info.exec_path && sys_is_proc_self(path, "exe"))
        return image_info.exec_path;
    return sys_path(path, buf, size);
}

static abi_long put_stat64(abi_ulong addr, const struct stat *st)
{
    uint8_t g[SYS_LAYOUT_MAX];
    size_t n = sys_conv_stat(g, st);
    return sys_copy_to_guest(addr, g, n);
}

static abi_long do_fstatat64(int dirfd, abi_ulong gpath, abi_ulong gbuf, int flags)
{
    const char *path = sys_lock_str(gpath);
    if (!path)
        return -EFAULT;
    if (!sys_lock_write(gbuf, sys_abi->layouts->stat.size))
        return -EFAULT;
    struct stat st;
    char pbuf[PATH_MAX];
    if (fstatat(dirfd, stat_path(path, pbuf, sizeof(pbuf)), &st, flags) == -1)
        return -errno;
    return put_stat64(gbuf, &st);
}

SYS_HANDLER(stat64)
{
    return do_fstatat64(AT_FDCWD, GPTR(a[0]), GPTR(a[1]), 0);
}

SYS_HANDLER(lstat64)
{
    return do_fstatat64(AT_FDCWD, GPTR(a[0]), GPTR(a[1]), AT_SYMLINK_NOFOLLOW);
}

SYS_HANDLER(fstatat64)
{
    return do_fstatat64((int)a[0], GPTR(a[1]), GPTR(a[2]), (int)a[3]);
}

SYS_HANDLER(fstat64)
{
    struct stat st;
    if (!sys_lock_write(GPTR(a[1]), sys_abi->layouts->stat.size))
        return -EFAULT;
    if (fstat((int)a[0], &st) == -1)
        return -errno;
    return put_stat64(GPTR(a[1]), &st);
}

/* statx(dirfd, path, flags, mask, struct statx *): 256 bytes, same layout. */
SYS_HANDLER(statx)
{
    const char *path = sys_lock_str(GPTR(a[1]));
    if (!path)
        return -EFAULT;
    void *buf = sys_lock_write(GPTR(a[4]), 256);
    if (!buf)
        return -EFAULT;
    char pbuf[PATH_MAX];
    return sys_ret(syscall(SYS_statx, (int)a[0], stat_path(path, pbuf, sizeof(pbuf)), (int)a[2],
                           (unsigned)a[3], buf));
}

/* -- statfs -- */

/* statfs64's size argument: the ABI's statfs64 (84 bytes on EABI); the ARM
 * kernel also accepts the 88 of OABI. */
static bool statfs64_size_ok(uint32_t size)
{
    return size == sys_abi->layouts->statfs.size || size == 88;
}

static abi_long put_statfs64(abi_ulong addr, const struct statfs *h)
{
    uint8_t g[SYS_LAYOUT_MAX];
    size_t n = sys_conv_statfs(g, h);
    return sys_copy_to_guest(addr, g, n);
}

/* statfs64(path, size, buf) */
SYS_HANDLER(statfs64)
{
    const char *path = sys_lock_str(GPTR(a[0]));
    if (!path)
        return -EFAULT;
    if (!statfs64_size_ok((uint32_t)a[1]))
        return -EINVAL;
    struct statfs h;
    if (statfs(path, &h) == -1)
        return -errno;
    return put_statfs64(GPTR(a[2]), &h);
}

SYS_HANDLER(fstatfs64)
{
    if (!statfs64_size_ok((uint32_t)a[1]))
        return -EINVAL;
    struct statfs h;
    if (fstatfs((int)a[0], &h) == -1)
        return -errno;
    return put_statfs64(GPTR(a[2]), &h);
}

/* statfs/fstatfs: the 32-bit-count struct on 32-bit ABIs; on LP64 ABIs
 * the one layout the statfs64 calls use. */
static abi_long put_statfs32(abi_ulong addr, const struct statfs *h)
{
    if (sys_abi->long_bits == 64)
        return put_statfs64(addr, h);
    GuestStatfs32 g;
    int err = sys_conv_statfs32(&g, h);
    if (err)
        return err;
    return sys_copy_to_guest(addr, &g, sizeof(g));
}

SYS_HANDLER(statfs)
{
    const char *path = sys_lock_str(GPTR(a[0]));
    if (!path)
        return -EFAULT;
    struct statfs h;
    if (statfs(path, &h) == -1)
        return -errno;
    return put_statfs32(GPTR(a[1]), &h);
}

SYS_HANDLER(fstatfs)
{
    struct statfs h;
    if (fstatfs((int)a[0], &h) == -1)
        return -errno;
    return put_statfs32(GPTR(a[1]), &h);
}

/* -- Extended attributes -- */

/*
 * Names are strings and values opaque bytes, the same for every ABI. The
 * three flavours differ only in how the file is named: by path (following
 * symlinks), by path (not following) or by fd.
 */
typedef enum XattrTarget { XATTR_PATH, XATTR_LPATH, XATTR_FD } XattrTarget;

/* Resolves a[0] (path or fd); *path = NULL for XATTR_FD. */
static abi_long xattr_target(XattrTarget t, abi_long arg, const char **path)
{
    *path = NULL;
    if (t == XATTR_FD)
        return 0;
    return (*path = sys_lock_str(GPTR(arg))) ? 0 : -EFAULT;
}

static abi_long do_setxattr(XattrTarget t, const abi_long *a)
{
    const char *path, *name = sys_lock_str(GPTR(a[1]));
    uint32_t size = (uint32_t)a[3];
    const void *value = sys_lock_read(GPTR(a[2]), size);
    if (xattr_target(t, a[0], &path) || !name || !value)
        return -EFAULT;
    int flags = (int)a[4];
    if (t == XATTR_FD)
        return sys_ret(fsetxattr((int)a[0], name, value, size, flags));
    return sys_ret(t == XATTR_PATH ? setxattr(path, name, value, size, flags)
                                   : lsetxattr(path, name, value, size, flags));
}

static abi_long do_getxattr(XattrTarget t, const abi_long *a)
{
    const char *path, *name = sys_lock_str(GPTR(a[1]));
    uint32_t size = (uint32_t)a[3];
    void *value = size ? sys_lock_write(GPTR(a[2]), size) : NULL;
    if (xattr_target(t, a[0], &path) || !name || (size && !value))
        return -EFAULT;
    if (t == XATTR_FD)
        return sys_ret(fgetxattr((int)a[0], name, value, size));
    return sys_ret(t == XATTR_PATH ? getxattr(path, name, value, size)
                                   : lgetxattr(path, name, value, size));
}

static abi_long do_listxattr(XattrTarget t, const abi_long *a)
{
    const char *path;
    uint32_t size = (uint32_t)a[2];
    char *list = size ? sys_lock_write(GPTR(a[1]), size) : NULL;
    if (xattr_target(t, a[0], &path) || (size && !list))
        return -EFAULT;
    if (t == XATTR_FD)
        return sys_ret(flistxattr((int)a[0], list, size));
    return sys_ret(t == XATTR_PATH ? listxattr(path, list, size) : llistxattr(path, list, size));
}

static abi_long do_removexattr(XattrTarget t, const abi_long *a)
{
    const char *path, *name = sys_lock_str(GPTR(a[1]));
    if (xattr_target(t, a[0], &path) || !name)
        return -EFAULT;
    if (t == XATTR_FD)
        return sys_ret(fremovexattr((int)a[0], name));
    return sys_ret(t == XATTR_PATH ? removexattr(path, name) : lremovexattr(path, name));
}

SYS_HANDLER(setxattr)
{
    return do_setxattr(XATTR_PATH, a);
}
SYS_HANDLER(lsetxattr)
{
    return do_setxattr(XATTR_LPATH, a);
}
SYS_HANDLER(fsetxattr)
{
    return do_setxattr(XATTR_FD, a);
}
SYS_HANDLER(getxattr)
{
    return do_getxattr(XATTR_PATH, a);
}
SYS_HANDLER(lgetxattr)
{
    return do_getxattr(XATTR_LPATH, a);
}
SYS_HANDLER(fgetxattr)
{
    return do_getxattr(XATTR_FD, a);
}
SYS_HANDLER(listxattr)
{
    return do_listxattr(XATTR_PATH, a);
}
SYS_HANDLER(llistxattr)
{
    return do_listxattr(XATTR_LPATH, a);
}
SYS_HANDLER(flistxattr)
{
    return do_listxattr(XATTR_FD, a);
}
SYS_HANDLER(removexattr)
{
    return do_removexattr(XATTR_PATH, a);
}
SYS_HANDLER(lremovexattr)
{
    return do_removexattr(XATTR_LPATH, a);
}
SYS_HANDLER(fremovexattr)
{
    return do_removexattr(XATTR_FD, a);
}
