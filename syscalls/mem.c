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

/* mlock, munlock, mlockall, munlockall, mlock2: xrun does not pin guest pages. */
SYS_HANDLER(mlock_nop)
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
