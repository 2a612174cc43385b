/*
 * Wrappers for the 64-bit ABIs (aarch64 and the other LP64 guests): a
 * 64-bit argument (file offset, length) is one register, so these calls
 * need none of the register-pair handling of the 32-bit tables.
 *
 *     pread64(fd, buf, count, offset)  ->  sys_do_pread64(fd, buf, count, offset)
 */
#include "syscalls/sys.h"

SYS_HANDLER(lp64_pread64)
{
    return sys_do_pread64((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3]);
}

SYS_HANDLER(lp64_pwrite64)
{
    return sys_do_pwrite64((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3]);
}

/* preadv(fd, iov, count, pos_l, pos_h): the kernel joins the halves as
 * pos_h << 64 | pos_l on a 64-bit ABI, which is pos_l. */
SYS_HANDLER(lp64_preadv)
{
    return sys_do_preadv((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3]);
}

SYS_HANDLER(lp64_pwritev)
{
    return sys_do_pwritev((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3]);
}

SYS_HANDLER(lp64_preadv2)
{
    return sys_do_preadv2((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3], (int)a[5]);
}

SYS_HANDLER(lp64_pwritev2)
{
    return sys_do_pwritev2((int)a[0], GPTR(a[1]), GULONG(a[2]), a[3], (int)a[5]);
}

/* fallocate(fd, mode, offset, len) */
SYS_HANDLER(lp64_fallocate)
{
    return sys_do_fallocate((int)a[0], (int)a[1], a[2], a[3]);
}

/* fadvise64(fd, offset, len, advice) */
SYS_HANDLER(lp64_fadvise64)
{
    return sys_do_fadvise((int)a[0], a[1], a[2], (int)a[3]);
}

/* readahead(fd, offset, count) */
SYS_HANDLER(lp64_readahead)
{
    return sys_do_readahead((int)a[0], a[1], GULONG(a[2]));
}

/* sync_file_range(fd, offset, nbytes, flags) */
SYS_HANDLER(lp64_sync_file_range)
{
    return sys_do_sync_file_range((int)a[0], a[1], a[2], (unsigned)a[3]);
}
