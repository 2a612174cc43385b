/*
 * Path and directory syscalls: cwd, directory entries, creating, renaming,
 * linking and removing names, permissions and ownership, access checks,
 * timestamps.
 *
 * Paths are guest strings used in place (sys_lock_str). The one rewrite is
 * readlink of /proc/self/exe, which must name the guest program rather than
 * xrun (sys_proc_readlink); lookups (access, readlink) of absolute paths
 * try the guest sysroot first (sys_path). Directory entries (linux_dirent64)
 * have the guest's layout, but their d_off is made to fit 32 bits
 * (dirent.c).
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "syscalls/sys.h"

#define LOCK_PATH(var, arg)                                                                        \
    const char *var = sys_lock_str(GPTR(arg));                                                     \
    if (!var)                                                                                      \
    return -EFAULT

/* -- Current directory and entries -- */

SYS_HANDLER(getcwd)
{
    uint32_t size = (uint32_t)a[1];
    char *buf = sys_lock_write(GPTR(a[0]), size);
    if (!buf)
        return -EFAULT;
    /* The raw syscall returns the length including the NUL, as the guest expects. */
    return sys_ret(syscall(SYS_getcwd, buf, (size_t)size));
}

SYS_HANDLER(chdir)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(chdir(path));
}

SYS_HANDLER(fchdir)
{
    return sys_ret(fchdir((int)a[0]));
}

SYS_HANDLER(chroot)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(chroot(path));
}

/* mount(2) as the host does it: the guest runs with the host's kernel, so
 * proc, sysfs, tmpfs and bind mounts mean the same thing. The data argument
 * is a string of options for every filesystem a guest mounts in practice. */
SYS_HANDLER(mount)
{
    const char *src = NULL, *type = NULL, *data = NULL;
    if (GPTR(a[0]) && !(src = sys_lock_str(GPTR(a[0]))))
        return -EFAULT;
    LOCK_PATH(target, a[1]);
    if (GPTR(a[2]) && !(type = sys_lock_str(GPTR(a[2]))))
        return -EFAULT;
    if (GPTR(a[4]) && !(data = sys_lock_str(GPTR(a[4]))))
        return -EFAULT;
    return sys_ret(mount(src, target, type, (unsigned long)GULONG(a[3]), data));
}

SYS_HANDLER(umount2)
{
    LOCK_PATH(target, a[0]);
    return sys_ret(umount2(target, (int)a[1]));
}

SYS_HANDLER(getdents64)
{
    uint32_t count = (uint32_t)a[2];
    uint8_t *buf = sys_lock_write(GPTR(a[1]), count);
    if (!buf)
        return -EFAULT;
    return sys_dirent_getdents64((int)a[0], buf, count);
}

/* -- Creating and removing names -- */

SYS_HANDLER(mkdir)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(mkdir(path, (mode_t)a[1]));
}

SYS_HANDLER(mkdirat)
{
    LOCK_PATH(path, a[1]);
    return sys_ret(mkdirat((int)a[0], path, (mode_t)a[2]));
}

SYS_HANDLER(rmdir)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(rmdir(path));
}

SYS_HANDLER(unlink)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(unlink(path));
}

SYS_HANDLER(unlinkat)
{
    LOCK_PATH(path, a[1]);
    return sys_ret(unlinkat((int)a[0], path, (int)a[2]));
}

SYS_HANDLER(mknod)
{
    LOCK_PATH(path, a[0]);
    /* The ARM dev_t argument is the kernel's 32-bit encoding, as on the host. */
    return sys_ret(syscall(SYS_mknodat, AT_FDCWD, path, (mode_t)a[1], (unsigned)a[2]));
}

SYS_HANDLER(mknodat)
{
    LOCK_PATH(path, a[1]);
    return sys_ret(syscall(SYS_mknodat, (int)a[0], path, (mode_t)a[2], (unsigned)a[3]));
}

SYS_HANDLER(rename)
{
    LOCK_PATH(from, a[0]);
    LOCK_PATH(to, a[1]);
    return sys_ret(rename(from, to));
}

SYS_HANDLER(renameat)
{
    LOCK_PATH(from, a[1]);
    LOCK_PATH(to, a[3]);
    return sys_ret(renameat((int)a[0], from, (int)a[2], to));
}

SYS_HANDLER(renameat2)
{
    LOCK_PATH(from, a[1]);
    LOCK_PATH(to, a[3]);
    return sys_ret(syscall(SYS_renameat2, (int)a[0], from, (int)a[2], to, (unsigned)a[4]));
}

SYS_HANDLER(link)
{
    LOCK_PATH(from, a[0]);
    LOCK_PATH(to, a[1]);
    return sys_ret(link(from, to));
}

SYS_HANDLER(linkat)
{
    LOCK_PATH(from, a[1]);
    LOCK_PATH(to, a[3]);
    return sys_ret(linkat((int)a[0], from, (int)a[2], to, (int)a[4]));
}

SYS_HANDLER(symlink)
{
    LOCK_PATH(target, a[0]);
    LOCK_PATH(path, a[1]);
    return sys_ret(symlink(target, path));
}

SYS_HANDLER(symlinkat)
{
    LOCK_PATH(target, a[0]);
    LOCK_PATH(path, a[2]);
    return sys_ret(symlinkat(target, (int)a[1], path));
}

static abi_long do_readlinkat(int dirfd, abi_ulong gpath, abi_ulong gbuf, uint32_t size)
{
    LOCK_PATH(path, gpath);
    if ((int32_t)size <= 0)
        return -EINVAL;
    char *buf = sys_lock_write(gbuf, size);
    if (!buf)
        return -EFAULT;
    abi_long r = sys_proc_readlink(path, buf, size);
    if (r != SYS_PROC_NOT_EMULATED)
        return r;
    char pbuf[PATH_MAX];
    return sys_ret(readlinkat(dirfd, sys_path(path, pbuf, sizeof(pbuf)), buf, size));
}

SYS_HANDLER(readlink)
{
    return do_readlinkat(AT_FDCWD, GPTR(a[0]), GPTR(a[1]), (uint32_t)a[2]);
}

SYS_HANDLER(readlinkat)
{
    return do_readlinkat((int)a[0], GPTR(a[1]), GPTR(a[2]), (uint32_t)a[3]);
}

/* -- Permissions and ownership -- */

SYS_HANDLER(chmod)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(chmod(path, (mode_t)a[1]));
}

SYS_HANDLER(fchmod)
{
    return sys_ret(fchmod((int)a[0], (mode_t)a[1]));
}

SYS_HANDLER(fchmodat)
{
    LOCK_PATH(path, a[1]);
    /* The syscall has no flags argument (glibc's fchmodat emulates some). */
    return sys_ret(syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]));
}

/* The raw syscalls: only this thread's ids change, as for the guest's kernel. */
SYS_HANDLER(chown32)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(syscall(SYS_fchownat, AT_FDCWD, path, (uid_t)a[1], (gid_t)a[2], 0));
}

SYS_HANDLER(lchown32)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(
        syscall(SYS_fchownat, AT_FDCWD, path, (uid_t)a[1], (gid_t)a[2], AT_SYMLINK_NOFOLLOW));
}

SYS_HANDLER(fchown32)
{
    return sys_ret(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

SYS_HANDLER(fchownat)
{
    LOCK_PATH(path, a[1]);
    return sys_ret(fchownat((int)a[0], path, (uid_t)a[2], (gid_t)a[3], (int)a[4]));
}

/* 16-bit ids: 0xffff means "unchanged" (-1). */
static uid_t id16(abi_long v)
{
    uint16_t id = (uint16_t)v;
    return id == 0xffff ? (uid_t)-1 : id;
}

SYS_HANDLER(chown16)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(fchownat(AT_FDCWD, path, id16(a[1]), id16(a[2]), 0));
}

SYS_HANDLER(lchown16)
{
    LOCK_PATH(path, a[0]);
    return sys_ret(fchownat(AT_FDCWD, path, id16(a[1]), id16(a[2]), AT_SYMLINK_NOFOLLOW));
}

SYS_HANDLER(fchown16)
{
    return sys_ret(fchown((int)a[0], id16(a[1]), id16(a[2])));
}

SYS_HANDLER(umask)
{
    return umask((mode_t)a[0]);
}

/* -- Access checks -- */

SYS_HANDLER(access)
{
    LOCK_PATH(path, a[0]);
    char buf[PATH_MAX];
    return sys_ret(syscall(SYS_faccessat, AT_FDCWD, sys_path(path, buf, sizeof(buf)), (int)a[1]));
}

SYS_HANDLER(faccessat)
{
    LOCK_PATH(path, a[1]);
    char buf[PATH_MAX];
    return sys_ret(syscall(SYS_faccessat, (int)a[0], sys_path(path, buf, sizeof(buf)), (int)a[2]));
}

SYS_HANDLER(faccessat2)
{
    LOCK_PATH(path, a[1]);
    char buf[PATH_MAX];
    return sys_ret(
        syscall(SYS_faccessat2, (int)a[0], sys_path(path, buf, sizeof(buf)), (int)a[2], (int)a[3]));
}

/* -- Timestamps -- */

static abi_long do_utimensat(const abi_long *a, bool time64)
{
    int dirfd = (int)a[0];
    abi_ulong gpath = GPTR(a[1]), gtimes = GPTR(a[2]);
    struct timespec ts[2];
    const char *path = NULL;
    /* A NULL path means dirfd itself (futimens). */
    if (gpath && !(path = sys_lock_str(gpath)))
        return -EFAULT;
    if (gtimes) {
        size_t one = sys_timespec_size(time64);
        /* UTIME_NOW/UTIME_OMIT live in tv_nsec and survive the copy. */
        if (sys_get_timespec(&ts[0], gtimes, time64) ||
            sys_get_timespec(&ts[1], gtimes + one, time64))
            return -EFAULT;
    }
    return sys_ret(syscall(SYS_utimensat, dirfd, path, gtimes ? ts : NULL, (int)a[3]));
}

SYS_HANDLER(utimensat)
{
    return do_utimensat(a, false);
}

SYS_HANDLER(utimensat_time64)
{
    return do_utimensat(a, true);
}

static abi_long do_futimesat(int dirfd, abi_ulong gpath, abi_ulong gtimes)
{
    LOCK_PATH(path, gpath);
    struct timeval tv[2];
    if (gtimes && (sys_get_timeval(&tv[0], gtimes) ||
                   sys_get_timeval(&tv[1], gtimes + sys_timeval_size())))
        return -EFAULT;
    return sys_ret(futimesat(dirfd, path, gtimes ? tv : NULL));
}

SYS_HANDLER(utimes)
{
    return do_futimesat(AT_FDCWD, GPTR(a[0]), GPTR(a[1]));
}

SYS_HANDLER(futimesat)
{
    return do_futimesat((int)a[0], GPTR(a[1]), GPTR(a[2]));
}
