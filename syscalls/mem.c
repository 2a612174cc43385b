/*
 * Memory syscalls. The guest address space and its bookkeeping belong to
 * linux-user/mmap.c; these handlers only decode arguments and call its
 * target_* functions. mmap2 takes its file offset in 4096-byte units on
 * every ARM kernel, whatever the page size:
 *
 *     mmap2(addr, len, prot, flags, fd, pgoff) -> target_mmap(..., pgoff * 4096)
 */
#include <sys/mman.h>

#include "xrun/tb.h"
#include "syscalls/sys.h"

/* Mapped at all, whatever the protection (PROT_NONE ranges included). */
static bool range_mapped(abi_ulong start, abi_ulong len)
{
    return len == 0 ||
           (start + len - 1 <= guest_addr_max && page_check_range(start, len, PAGE_VALID));
}

SYS_HANDLER(brk)
{
    return target_brk(GPTR(a[0]));
}

SYS_HANDLER(mmap2)
{
    off_t off = (off_t)(uint32_t)a[5] << 12;
    return target_mmap(GPTR(a[0]), GPTR(a[1]), (int)a[2], (int)a[3], (int)a[4], off);
}

/* mmap(addr, len, prot, flags, fd, offset in bytes): the 64-bit ABIs' call. */
SYS_HANDLER(mmap)
{
    return target_mmap(GPTR(a[0]), GULONG(a[1]), (int)a[2], (int)a[3], (int)a[4], (off_t)a[5]);
}

SYS_HANDLER(munmap)
{
    return target_munmap(GPTR(a[0]), GPTR(a[1]));
}

SYS_HANDLER(mprotect)
{
    return target_mprotect(GPTR(a[0]), GPTR(a[1]), (int)a[2]);
}

SYS_HANDLER(mremap)
{
    return target_mremap(GPTR(a[0]), GPTR(a[1]), GPTR(a[2]), (int)a[3], GPTR(a[4]));
}

SYS_HANDLER(madvise)
{
    abi_ulong start = GPTR(a[0]), len = GPTR(a[1]);
    int advice = (int)a[2];
    if (start & (GUEST_PAGE_SIZE - 1))
        return -EINVAL;
    len = (len + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    switch (advice) {
    case MADV_DONTNEED:
        /* Programs rely on the zero-fill of private anonymous memory
         * (malloc trims with it), so pass it on. Code translated from the
         * old contents must go too. */
        if (!range_mapped(start, len))
            return -ENOMEM;
        tb_invalidate_range(start, start + len, 0);
        return sys_ret(madvise(g2h(start), len, MADV_DONTNEED));
    case MADV_WIPEONFORK:
    case MADV_KEEPONFORK:
        /* Visible in fork children (which are host forks): pass on. */
        if (!range_mapped(start, len))
            return -ENOMEM;
        return sys_ret(madvise(g2h(start), len, advice));
    case MADV_REMOVE:
    case MADV_HWPOISON:
        /* Would change memory behind mmap.c's back. */
        return -EINVAL;
    default:
        /* Hints (NORMAL, RANDOM, SEQUENTIAL, WILLNEED, FREE, HUGEPAGE,
         * DONTFORK, ...) may be ignored without changing semantics. */
        return 0;
    }
}

SYS_HANDLER(msync)
{
    abi_ulong start = GPTR(a[0]), len = GPTR(a[1]);
    if (start & (GUEST_PAGE_SIZE - 1))
        return -EINVAL;
    if (!range_mapped(start, len))
        return -ENOMEM;
    return sys_ret(msync(g2h(start), len, (int)a[2]));
}

/* -- Locking -- */

/*
 * mlock, munlock and mlock2 pin (or unpin) the guest's pages in the host,
 * after the kernel's checks: the range rounded out to pages, every page
 * mapped (ENOMEM), mlock2 flags only MLOCK_ONFAULT. mlockall and
 * munlockall act on the whole process, which holds xrun's own lazily
 * backed regions (the code buffer, the 4 GiB reservation): locking those
 * would commit gigabytes, so the flags are checked and nothing is pinned.
 */
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* The page-rounded range of (start, len), or -ENOMEM if part is unmapped. */
static abi_long lock_range(abi_ulong start, abi_ulong len, abi_ulong *pstart, abi_ulong *plen)
{
    abi_ulong s = start & GUEST_PAGE_MASK;
    uint64_t end = ((uint64_t)start + len + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    if (end - 1 > guest_addr_max && len)
        return -ENOMEM;
    if (!range_mapped(s, end - s))
        return -ENOMEM;
    *pstart = s;
    *plen = end - s;
    return 0;
}

static abi_long do_mlock(abi_ulong start, abi_ulong len, unsigned flags, bool lock)
{
    abi_ulong s, l;
    if (flags & ~(unsigned)MLOCK_ONFAULT)
        return -EINVAL;
    abi_long err = lock_range(start, len, &s, &l);
    if (err || l == 0)
        return err;
    if (!lock)
        return sys_ret(munlock(g2h(s), l));
    return sys_ret(flags ? mlock2(g2h(s), l, flags) : mlock(g2h(s), l));
}

SYS_HANDLER(mlock)
{
    return do_mlock(GPTR(a[0]), GPTR(a[1]), 0, true);
}

SYS_HANDLER(munlock)
{
    return do_mlock(GPTR(a[0]), GPTR(a[1]), 0, false);
}

SYS_HANDLER(mlock2)
{
    return do_mlock(GPTR(a[0]), GPTR(a[1]), (unsigned)a[2], true);
}

SYS_HANDLER(mlockall)
{
    unsigned flags = (unsigned)a[0];
    if (!flags || (flags & ~(unsigned)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
        flags == MCL_ONFAULT)
        return -EINVAL;
    return 0;
}

SYS_HANDLER(munlockall)
{
    return 0;
}

SYS_HANDLER(mincore)
{
    abi_ulong start = GPTR(a[0]), len = GPTR(a[1]);
    if (start & (GUEST_PAGE_SIZE - 1))
        return -EINVAL;
    abi_ulong pages = (len + GUEST_PAGE_SIZE - 1) / GUEST_PAGE_SIZE;
    unsigned char *vec = sys_lock_write(GPTR(a[2]), pages);
    if (!vec)
        return -EFAULT;
    if (!range_mapped(start, len))
        return -ENOMEM;
    return sys_ret(mincore(g2h(start), len, vec));
}

/* -- Protection keys -- */

/* The ARM kernel has no protection keys: pkey_alloc finds none, and
 * pkey_mprotect with the default key -1 is mprotect. */
SYS_HANDLER(pkey_alloc)
{
    if ((unsigned)a[0] || (unsigned)a[1] & ~3u)
        return -EINVAL;
    return -ENOSPC;
}

SYS_HANDLER(pkey_free)
{
    return -EINVAL;
}

SYS_HANDLER(pkey_mprotect)
{
    if ((int)a[3] != -1)
        return -EINVAL;
    return target_mprotect(GPTR(a[0]), GPTR(a[1]), (int)a[2]);
}
