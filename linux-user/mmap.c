/*
 * The guest address space, and guest mmap/munmap/mprotect/mremap/brk on
 * top of it.
 *
 * guest_space_init() reserves host address space (PROT_NONE, MAP_NORESERVE)
 * once: 4 GiB for a 32-bit guest, for a 48-bit one as much as the host
 * grants (see fit_layout); guest address a is host guest_base + a. Every
 * guest mapping is a host MAP_FIXED mapping inside that reservation, and
 * unmapping puts the PROT_NONE reservation back, so no host allocation can
 * ever land in the guest range. One byte per 4 KiB guest page, in the
 * sparse map of pagemap.c, records what the guest was given (PAGE_*); a
 * page with no flags is free. Where non-fixed mappings go follows the
 * guest's layout (UserGuest.layout).
 *
 * Example (32-bit ARM layout): a guest `mmap(NULL, 8192, PROT_READ|
 * PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)` finds two free pages from
 * mmap_next (0x40000000 at start), maps host guest_base+0x40000000
 * MAP_FIXED, marks both pages VALID|READ|WRITE|ANON and returns 0x40000000.
 * A 64-bit layout searches top-down from mmap_base instead.
 *
 * Guest PROT_EXEC is only a page flag: the host copy never needs to be
 * executable, since the translator reads guest code as data. PAGE_WRITE_ORG
 * belongs to the self-modifying-code logic (linux-user/smc.c). Following the
 * contract in xrun/guest.h, every change here (mmap over, munmap, mprotect,
 * mremap) sets flags without PAGE_WRITE_ORG, sets the host protection to
 * match, and then reports the range to smc_page_prot_changed(), which drops
 * the TBs there; the page is write-protected again when code from it is next
 * translated. That callback runs after mmap_lock is dropped, because the TB
 * layer calls page_set_flags() under its own lock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "linux-user/maps.h"
#include "linux-user/pagemap.h"
#include "linux-user/user_priv.h"

#include "xrun/guestmem.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

/* Slack after the 4 GiB so an unaligned access at the very top faults
 * inside the reservation instead of touching some host mapping. */
#define GUEST_SLACK (64u << 10)

uintptr_t guest_base;
uint64_t guest_addr_max;

static pthread_mutex_t mmap_mutex = PTHREAD_MUTEX_INITIALIZER;
/* Where mappings go: the running guest's layout (guest_space_init). */
static UserGuestLayout layout;
static uint64_t mmap_next;
static uint64_t brk_start, brk_cur, brk_mapped_end;

static void mmap_lock(void) { pthread_mutex_lock(&mmap_mutex); }
static void mmap_unlock(void) { pthread_mutex_unlock(&mmap_mutex); }

/* A guest fork() while another guest thread is inside target_mmap must not
 * leave the child with a lock nobody will release. */
static void mmap_fork_child(void) { pthread_mutex_init(&mmap_mutex, NULL); }

static uint64_t page_align_up(uint64_t a) { return (a + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK; }
static bool page_aligned(uint64_t a) { return (a & (GUEST_PAGE_SIZE - 1)) == 0; }

/* -- The reservation -- */

/* For callers that reserve the space before any guest is chosen (unit
 * tests): the classic 32-bit Linux layout, and a 64-bit one with 48-bit
 * addresses as arm64 Linux has it (mmap top-down below the stack, PIE at
 * 2/3 of the task size). */
static const UserGuestLayout default_layouts[] = {
    {
        .addr_bits = 32,
        .task_size = 0xffff0000u,
        .mmap_base = 0x40000000u,
        .mmap_top_down = false,
        .mmap_min = 0x00010000u,
        .pie_base = 0x00400000u,
        .stack_top = 0xffff0000u,
    },
    {
        .addr_bits = 48,
        .task_size = 1ull << 48,
        .mmap_base = (1ull << 48) - (256ull << 20),
        .mmap_top_down = true,
        .mmap_min = 0x00010000u,
        .pie_base = 0xaaaaaaaaa000ull,
        .stack_top = 1ull << 48,
    },
};

const UserGuestLayout *guest_layout(void) { return &layout; }

/*
 * A 48-bit guest cannot have all of its 256 TiB: an x86_64 host has 128 TiB
 * of user space, shared with xrun itself. As qemu-user does, the guest gets
 * what the host can give: the largest power-of-two reservation from 2^47
 * down to 2^40 that mmap grants, and its layout is fitted into it: the task
 * size becomes the reservation, the stack and the top-down mmap base keep
 * their distance below the top, and the PIE base keeps its fraction of the
 * task size.
 */
static UserGuestLayout fit_layout(UserGuestLayout l, uint64_t size)
{
    if (l.task_size <= size)
        return l;
    UserGuestLayout f = l;
    f.task_size = size;
    f.stack_top = size - (l.task_size - l.stack_top);
    f.mmap_base = f.stack_top - (l.stack_top - l.mmap_base);
    f.pie_base = (uint64_t)((unsigned __int128)l.pie_base * size / l.task_size) & GUEST_PAGE_MASK;
    return f;
}

static void *reserve(uint64_t size)
{
    void *p = mmap(NULL, size + GUEST_SLACK, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int guest_space_init(unsigned addr_bits)
{
    const UserGuestLayout *want = user_guest && user_guest->layout.addr_bits == addr_bits
                                      ? &user_guest->layout
                                      : &default_layouts[addr_bits == 32 ? 0 : 1];
    if (guest_base) {
        /* Reserved before the guest was chosen: adopt its layout now. */
        if (want->addr_bits == layout.addr_bits && want->mmap_base != layout.mmap_base) {
            layout = fit_layout(*want, guest_addr_max + 1);
            mmap_next = layout.mmap_base;
        }
        return 0;
    }
    if (addr_bits != 32 && addr_bits != 48) {
        fprintf(stderr, "xrun: %u-bit guest address spaces are not supported\n", addr_bits);
        return -1;
    }
    uint64_t size = 1ull << 32;
    void *p = NULL;
    if (addr_bits == 32)
        p = reserve(size);
    for (unsigned bits = 47; addr_bits == 48 && !p && bits >= 40; bits--)
        p = reserve(size = 1ull << bits);
    if (!p) {
        fprintf(stderr, "xrun: cannot reserve %s of address space for the guest: %s\n",
                addr_bits == 32 ? "4 GiB" : "even 1 TiB", strerror(errno));
        return -1;
    }
    int err = pagemap_init(addr_bits == 32 ? 32 : (unsigned)__builtin_ctzll(size));
    if (err) {
        munmap(p, size + GUEST_SLACK);
        fprintf(stderr, "xrun: cannot allocate the guest page map: %s\n", strerror(-err));
        return -1;
    }
    guest_base = (uintptr_t)p;
    guest_addr_max = size - 1;
    layout = fit_layout(*want, size);
    mmap_next = layout.mmap_base;
    guest_mem_ops = &user_guest_mem_ops;
    pthread_atfork(mmap_lock, mmap_unlock, mmap_fork_child);
    return 0;
}

/* Puts the PROT_NONE reservation back over guest [start, start+len). */
static int reserve_again(uint64_t start, uint64_t len)
{
    void *p = mmap(g2h(start), len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? -errno : 0;
}

/* -- Page flags (kept by linux-user/pagemap.c) -- */

int page_get_flags(uint64_t addr)
{
    if (addr > guest_addr_max || !guest_base)
        return 0;
    return pagemap_get(addr);
}

void page_set_flags(uint64_t start, uint64_t end, int flags)
{
    /* Exactly the flags given (include/xrun/guest.h): linux-user/smc.c clears
     * PAGE_WRITE_ORG through here when it unprotects a code page. Only a
     * first mapping in a fresh GiB can fail (no memory for its flags); the
     * pages then read as free, as if the mapping had been undone. */
    if (end > guest_addr_max + 1)
        end = guest_addr_max + 1;
    pagemap_set(start, end, flags);
}

bool page_check_range(uint64_t addr, uint64_t len, int flags)
{
    if (len == 0)
        return true;
    if (addr > guest_addr_max || len - 1 > guest_addr_max - addr)
        return false;
    /* A write-protected code page is still writable for the guest. */
    int need = flags | PAGE_VALID;
    for (uint64_t p = addr & GUEST_PAGE_MASK; p <= addr + len - 1; p += GUEST_PAGE_SIZE) {
        int f = page_get_flags(p);
        if (f & PAGE_WRITE_ORG)
            f |= PAGE_WRITE;
        if ((f & need) != need)
            return false;
    }
    return true;
}

/* Flags that mean "this page may hold translated code". */
static bool range_may_hold_code(uint64_t start, uint64_t end)
{
    for (uint64_t p = pagemap_next_used(start, end); p < end; p = pagemap_next_used(p + GUEST_PAGE_SIZE, end))
        if (page_get_flags(p) & (PAGE_EXEC | PAGE_WRITE_ORG))
            return true;
    return false;
}

static bool range_is_free(uint64_t start, uint64_t end)
{
    return pagemap_next_used(start, end) >= end;
}

static int flags_from_prot(int prot)
{
    return PAGE_VALID | (prot & PROT_READ ? PAGE_READ : 0) | (prot & PROT_WRITE ? PAGE_WRITE : 0) |
           (prot & PROT_EXEC ? PAGE_EXEC : 0);
}

/* Host protection for a page: code pages under SMC watch stay read-only,
 * and guest exec-only pages must still be host-readable for the translator. */
static int host_prot_of(int flags)
{
    int hp = 0;
    if (flags & (PAGE_READ | PAGE_EXEC | PAGE_WRITE))
        hp |= PROT_READ;
    if ((flags & PAGE_WRITE) && !(flags & PAGE_WRITE_ORG))
        hp |= PROT_WRITE;
    return hp;
}

/* -- Choosing addresses -- */

/* A free guest range for a non-fixed mapping: the hint if it fits, else
 * as the guest's kernel would place it: top-down below mmap_base (then
 * above it), or next fit upward from mmap_next, then first fit above
 * mmap_base, and only then below it, where the break of a low-loaded
 * program wants to grow. */
static uint64_t mmap_find_vma(uint64_t hint, uint64_t len)
{
    /* Never at or above task_size: that is the kernel's (ARM's kuser page). */
    uint64_t top = layout.task_size;
    if (hint && page_aligned(hint) && hint >= layout.mmap_min && len <= top - hint &&
        range_is_free(hint, hint + len))
        return hint;
    if (layout.mmap_top_down) {
        uint64_t a = pagemap_find_free(layout.mmap_min, layout.mmap_base, len, true);
        return a ? a : pagemap_find_free(layout.mmap_base, top, len, false);
    }
    uint64_t a = pagemap_find_free(mmap_next, top, len, false);
    if (!a)
        a = pagemap_find_free(layout.mmap_base, top, len, false);
    if (!a)
        a = pagemap_find_free(layout.mmap_min, layout.mmap_base, len, false);
    return a;
}

/* -- mmap / munmap -- */

static abi_long mmap_locked(abi_ulong addr, abi_ulong len, int prot, int flags, int fd, off_t off,
                            bool *had_code)
{
    uint64_t top = (uint64_t)guest_addr_max + 1;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);

    if (len == 0 || (off & (GUEST_PAGE_SIZE - 1)) || (fixed && !page_aligned(addr)))
        return -EINVAL;
    len = page_align_up(len);
    if (len == 0 || len > top)
        return -ENOMEM;
    if (fixed) {
        if (addr >= top || len > top - addr)
            return -ENOMEM;
        /* As in Linux, NOREPLACE wins even when MAP_FIXED is also given. */
        if ((flags & MAP_FIXED_NOREPLACE) && !range_is_free(addr, addr + len))
            return -EEXIST;
    } else {
        addr = mmap_find_vma(addr & GUEST_PAGE_MASK, len);
        if (!addr)
            return -ENOMEM;
    }

    int guest_flags = flags_from_prot(prot) | (flags & MAP_ANONYMOUS ? PAGE_ANON : 0);
    int host_flags = (flags & ~(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN)) | MAP_FIXED;
    *had_code = range_may_hold_code(addr, addr + len);
    void *p = mmap(g2h(addr), len, host_prot_of(guest_flags & ~PAGE_WRITE_ORG), host_flags,
                   flags & MAP_ANONYMOUS ? -1 : fd, off);
    if (p == MAP_FAILED) {
        int e = errno;
        if (!fixed || range_is_free(addr, addr + len))
            reserve_again(addr, len);
        return -e;
    }
    page_set_flags(addr, addr + len, guest_flags);
    maps_forget(addr, addr + len);
    maps_note(addr, addr + len, flags & MAP_ANONYMOUS ? -1 : fd, off, (flags & MAP_TYPE) != MAP_PRIVATE);
    if (!fixed)
        mmap_next = addr + len < top ? addr + len : layout.mmap_base;
    return addr;
}

abi_long target_mmap(abi_ulong addr, abi_ulong len, int prot, int flags, int fd, off_t off)
{
    bool had_code = false;
    mmap_lock();
    abi_long r = mmap_locked(addr, len, prot, flags, fd, off, &had_code);
    mmap_unlock();
    if (r >= 0 && had_code)
        smc_page_prot_changed(r, r + page_align_up(len));
    return r;
}

static abi_long munmap_locked(abi_ulong addr, abi_ulong len, bool *had_code)
{
    uint64_t top = (uint64_t)guest_addr_max + 1;
    if (!page_aligned(addr) || len == 0 || addr >= top || len > top - addr)
        return -EINVAL;
    len = page_align_up(len);
    if (len > top - addr)
        len = top - addr;
    *had_code = range_may_hold_code(addr, addr + len);
    int r = reserve_again(addr, len);
    if (r)
        return r;
    page_set_flags(addr, addr + len, 0);
    maps_forget(addr, addr + len);
    return 0;
}

abi_long target_munmap(abi_ulong addr, abi_ulong len)
{
    bool had_code = false;
    mmap_lock();
    abi_long r = munmap_locked(addr, len, &had_code);
    mmap_unlock();
    if (r == 0 && had_code)
        smc_page_prot_changed(addr, addr + page_align_up(len));
    return r;
}

/* -- mprotect -- */

/* Applies the host protection of each page's flags, one mprotect per run
 * of equal protection. */
static int apply_host_prot(uint64_t start, uint64_t end)
{
    uint64_t run = start;
    while (run < end) {
        int hp = host_prot_of(page_get_flags(run));
        uint64_t p = run + GUEST_PAGE_SIZE;
        while (p < end && host_prot_of(page_get_flags(p)) == hp)
            p += GUEST_PAGE_SIZE;
        if (mprotect(g2h(run), p - run, hp))
            return -errno;
        run = p;
    }
    return 0;
}

abi_long target_mprotect(abi_ulong addr, abi_ulong len, int prot)
{
    uint64_t top = (uint64_t)guest_addr_max + 1;
    /* PROT_GROWSDOWN/UP only matter for stack vmas; accept and ignore. */
    prot &= ~(0x01000000 | 0x02000000);
    if (!page_aligned(addr) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return -EINVAL;
    if (len == 0)
        return 0;
    len = page_align_up(len);
    if (addr >= top || len == 0 || len > top - addr)
        return -ENOMEM;

    mmap_lock();
    uint64_t end = addr + len;
    for (uint64_t p = addr; p < end; p += GUEST_PAGE_SIZE) {
        if (!(page_get_flags(p) & PAGE_VALID)) {
            mmap_unlock();
            return -ENOMEM;
        }
    }
    bool had_code = range_may_hold_code(addr, end);
    for (uint64_t p = addr; p < end; p += GUEST_PAGE_SIZE) {
        int old = page_get_flags(p);
        page_set_flags(p, p + GUEST_PAGE_SIZE, flags_from_prot(prot) | (old & PAGE_ANON));
    }
    int r = apply_host_prot(addr, end);
    mmap_unlock();
    /* Only pages that were executable can have TBs (the exec loop checks
     * PAGE_EXEC before translating). */
    if (had_code)
        smc_page_prot_changed(addr, end);
    return r;
}

/* -- mremap -- */

/*
 * The kernel's checks, in its order (Linux 6.x mm/mremap.c):
 *   EINVAL  unknown flags, unaligned old address, new_len 0 or too big;
 *           with FIXED or DONTUNMAP (which name a new address): unaligned
 *           or too high new address, no MAYMOVE, DONTUNMAP resizing,
 *           new range overlapping the old one
 *   (shrinking without a new address just unmaps the tail: no checks)
 *   EFAULT  old range not mapped, or not one mapping (a kernel vma: here
 *           a run of pages with the same flags and maps record)
 *   EINVAL  old_len 0 (duplicate a mapping) of a private mapping
 *   ENOMEM  cannot grow in place and MAYMOVE is not given, or no room
 */

/* Page flags as a vma sees them (a write-protected code page is writable). */
static int vma_flags(uint64_t page)
{
    int f = page_get_flags(page);
    if (f & PAGE_WRITE_ORG)
        f = (f & ~PAGE_WRITE_ORG) | PAGE_WRITE;
    return f;
}

/* Pages a and b would be one kernel vma. */
static bool same_vma(uint64_t a, uint64_t b)
{
    int f = vma_flags(a);
    return (f & PAGE_VALID) && f == vma_flags(b) && maps_same_record(a, b);
}

/* Moves [old, old+old_len) to new_addr (a free or MREMAP_FIXED range).
 * old_len 0 duplicates a shared mapping. */
static abi_long mremap_move(abi_ulong old, abi_ulong old_len, abi_ulong new_len, int flags,
                            abi_ulong new_addr)
{
    int hflags = MREMAP_MAYMOVE | MREMAP_FIXED | (flags & MREMAP_DONTUNMAP);
    int f = page_get_flags(old) & ~PAGE_WRITE_ORG;
    void *p = mremap(g2h(old), old_len, new_len, hflags, g2h(new_addr));
    if (p == MAP_FAILED)
        return -errno;
    /* The destination inherits the old pages' flags; smc state restarts. */
    for (uint64_t i = 0; i < new_len; i += GUEST_PAGE_SIZE) {
        int pf = i < old_len ? page_get_flags(old + i) & ~PAGE_WRITE_ORG : f;
        page_set_flags(new_addr + i, new_addr + i + GUEST_PAGE_SIZE, pf);
    }
    /* A duplicate takes the record of the page it copies. */
    maps_move(old, old + (old_len ? old_len : GUEST_PAGE_SIZE), new_addr, new_addr + new_len);
    if (old_len && !(flags & MREMAP_DONTUNMAP)) {
        reserve_again(old, old_len);
        page_set_flags(old, old + old_len, 0);
        maps_forget(old, old + old_len);
    }
    apply_host_prot(new_addr, new_addr + new_len);
    return new_addr;
}

/* Grows in place when the pages after the mapping are free. The host
 * reservation there has to go first, or the host mremap would not fit. */
static abi_long mremap_grow(abi_ulong old, abi_ulong old_len, abi_ulong new_len)
{
    uint64_t tail = old + old_len;
    if (munmap(g2h(tail), new_len - old_len))
        return -errno;
    void *p = mremap(g2h(old), old_len, new_len, 0);
    if (p == MAP_FAILED) {
        int e = errno;
        reserve_again(tail, new_len - old_len);
        return -e;
    }
    page_set_flags(tail, old + new_len, page_get_flags(old) & ~PAGE_WRITE_ORG);
    maps_extend(old, tail, old + new_len);
    return old;
}

/* Unmaps [start, end) as munmap would (mapping or not). */
static void mremap_unmap(uint64_t start, uint64_t end)
{
    if (start >= end)
        return;
    reserve_again(start, end - start);
    page_set_flags(start, end, 0);
    maps_forget(start, end);
}

static abi_long mremap_locked(abi_ulong old, abi_ulong old_len, abi_ulong new_len, int flags,
                              abi_ulong new_addr)
{
    uint64_t top = (uint64_t)guest_addr_max + 1;
    bool to_new = flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
    if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) || !page_aligned(old))
        return -EINVAL;
    old_len = page_align_up(old_len);
    new_len = page_align_up(new_len);
    if (new_len == 0 || new_len > top)
        return -EINVAL;
    if (to_new) {
        if (!page_aligned(new_addr) || new_addr > top - new_len || !(flags & MREMAP_MAYMOVE) ||
            ((flags & MREMAP_DONTUNMAP) && old_len != new_len) ||
            (old + old_len > new_addr && new_addr + new_len > old))
            return -EINVAL;
    }
    if (old >= top || old_len > top - old)
        return to_new || old_len < new_len ? -EFAULT : -EINVAL;

    /* Shrinking (or keeping the size) in place only unmaps the tail. */
    if (!to_new && old_len >= new_len) {
        mremap_unmap(old + new_len, old + old_len);
        return old;
    }
    if ((flags & MREMAP_FIXED) && old_len > new_len) {
        mremap_unmap(old + new_len, old + old_len);
        old_len = new_len;
    }

    if (!(vma_flags(old) & PAGE_VALID))
        return -EFAULT;
    if (old_len == 0 && !maps_shared_at(old))
        return -EINVAL;
    for (uint64_t p = old + GUEST_PAGE_SIZE; p < old + old_len; p += GUEST_PAGE_SIZE)
        if (!same_vma(old, p))
            return -EFAULT;

    if (to_new) {
        uint64_t dest = flags & MREMAP_FIXED ? new_addr : mmap_find_vma(new_addr, new_len);
        return dest ? mremap_move(old, old_len, new_len, flags, dest) : -ENOMEM;
    }
    if (old_len && new_len - old_len <= top - (old + old_len) &&
        range_is_free(old + old_len, old + new_len)) {
        abi_long r = mremap_grow(old, old_len, new_len);
        /* The host's own vma may be larger than the guest's: move instead. */
        if (r >= 0 || !(flags & MREMAP_MAYMOVE))
            return r;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    uint64_t dest = mmap_find_vma(0, new_len);
    return dest ? mremap_move(old, old_len, new_len, flags, dest) : -ENOMEM;
}

abi_long target_mremap(abi_ulong old, abi_ulong old_len, abi_ulong new_len, int flags,
                       abi_ulong new_addr)
{
    mmap_lock();
    bool had_code = range_may_hold_code(old, old + page_align_up(old_len));
    bool dest_had_code = (flags & MREMAP_FIXED) &&
                         range_may_hold_code(new_addr, new_addr + page_align_up(new_len));
    abi_long r = mremap_locked(old, old_len, new_len, flags, new_addr);
    mmap_unlock();
    if (r >= 0 && had_code)
        smc_page_prot_changed(old, old + page_align_up(old_len));
    if (r >= 0 && dest_had_code)
        smc_page_prot_changed(r, r + page_align_up(new_len));
    return r;
}

/* -- SysV shared memory -- */

/*
 * A host shmat() with SHM_REMAP replaces the PROT_NONE reservation at the
 * chosen place, as mmap(MAP_FIXED) does. The attachment is recorded for
 * /proc/self/maps (maps_note_sysv); shmdt finds its extent from those
 * records, page by page, so pages of the range the guest has since
 * unmapped or mapped over are left alone, as the kernel does.
 */
#ifndef SHM_RDONLY
#define SHM_RDONLY 010000
#endif
#ifndef SHM_REMAP
#define SHM_REMAP 040000
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif

abi_long target_shmat(int shmid, abi_ulong addr, uint64_t size, int shmflg, uint32_t key)
{
    uint64_t top = (uint64_t)guest_addr_max + 1;
    uint64_t len = page_align_up(size);
    if (len == 0 || len > top)
        return -EINVAL;
    mmap_lock();
    if (addr) {
        /* Without SHM_REMAP the range must be free (the kernel says EINVAL). */
        if (!page_aligned(addr) || addr >= top || len > top - addr ||
            (!(shmflg & SHM_REMAP) && !range_is_free(addr, addr + len))) {
            mmap_unlock();
            return -EINVAL;
        }
    } else {
        addr = mmap_find_vma(0, len);
        if (!addr) {
            mmap_unlock();
            return -ENOMEM;
        }
    }
    bool was_free = range_is_free(addr, addr + len);
    bool had_code = range_may_hold_code(addr, addr + len);
    void *p = shmat(shmid, g2h(addr), (shmflg & SHM_RDONLY) | SHM_REMAP);
    if (p == (void *)-1) {
        int e = errno;
        if (was_free)
            reserve_again(addr, len);
        mmap_unlock();
        return -e;
    }
    int flags = PAGE_VALID | PAGE_READ | (shmflg & SHM_RDONLY ? 0 : PAGE_WRITE) |
                (shmflg & SHM_EXEC ? PAGE_EXEC : 0);
    page_set_flags(addr, addr + len, flags);
    maps_forget(addr, addr + len);
    maps_note_sysv(addr, addr + len, key, shmid);
    mmap_unlock();
    if (had_code)
        smc_page_prot_changed(addr, addr + len);
    return addr;
}

abi_long target_shmdt(abi_ulong addr)
{
    if (!page_aligned(addr) || addr > guest_addr_max)
        return -EINVAL;
    mmap_lock();
    uint64_t off = 1;
    int shmid = maps_sysv_at(addr, &off);
    /* A segment's start is attached here; the host kernel agrees. */
    if (shmid < 0 || off != 0 || shmdt(g2h(addr)) == -1) {
        mmap_unlock();
        return -EINVAL;
    }
    /* The pages of this attachment: same segment, offsets in sequence (an
     * adjacent attachment of the same segment starts again at 0). */
    uint64_t end = addr + GUEST_PAGE_SIZE;
    while (end <= guest_addr_max && maps_sysv_at(end, &off) == shmid && off == end - addr)
        end += GUEST_PAGE_SIZE;
    bool had_code = range_may_hold_code(addr, end);
    reserve_again(addr, end - addr);
    page_set_flags(addr, end, 0);
    maps_forget(addr, end);
    mmap_unlock();
    if (had_code)
        smc_page_prot_changed(addr, end);
    return 0;
}

/* -- brk -- */

void target_set_brk(abi_ulong start)
{
    mmap_lock();
    brk_start = brk_cur = start;
    brk_mapped_end = page_align_up(start);
    mmap_unlock();
}

/* Linux semantics: the break moves within [brk_start, ...) as long as the
 * new pages are free; otherwise the old break is returned unchanged. */
abi_long target_brk(abi_ulong new_brk)
{
    mmap_lock();
    abi_long result = brk_cur;
    if (new_brk < brk_start || new_brk > guest_addr_max)
        goto out;
    uint64_t new_end = page_align_up(new_brk);
    if (new_end > brk_mapped_end) {
        uint64_t len = new_end - brk_mapped_end;
        if (!range_is_free(brk_mapped_end, new_end))
            goto out;
        void *p = mmap(g2h(brk_mapped_end), len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == MAP_FAILED)
            goto out;
        page_set_flags(brk_mapped_end, new_end, PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_ANON);
        brk_mapped_end = new_end;
    } else if (new_end < brk_mapped_end && new_end >= page_align_up(brk_start)) {
        reserve_again(new_end, brk_mapped_end - new_end);
        page_set_flags(new_end, brk_mapped_end, 0);
        maps_forget(new_end, brk_mapped_end);
        brk_mapped_end = new_end;
    }
    /* Memory freed by a shrink must read as zero when the break grows again. */
    int nf = page_get_flags(new_brk);
    if (new_brk < brk_cur && (nf & (PAGE_WRITE | PAGE_WRITE_ORG)) == PAGE_WRITE) {
        uint64_t zero_end = page_align_up(new_brk) < brk_cur ? page_align_up(new_brk) : brk_cur;
        memset(g2h(new_brk), 0, zero_end - new_brk);
    }
    if (brk_mapped_end > page_align_up(brk_start))
        maps_set_name(page_align_up(brk_start), brk_mapped_end, "[heap]");
    brk_cur = new_brk;
    result = brk_cur;
out:
    mmap_unlock();
    return result;
}

/* -- Helpers for the rest of linux-user -- */

void mmap_set_name(abi_ulong start, abi_ulong end, const char *name)
{
    mmap_lock();
    maps_set_name(start, end, name);
    mmap_unlock();
}

void mmap_dump_maps(FILE *out)
{
    mmap_lock();
    maps_dump(out);
    mmap_unlock();
}

const char *lock_user_string(abi_ulong addr)
{
    /* The string is used in place (no copy, so no unlock is needed); it only
     * has to be readable up to and including its NUL. */
    for (uint64_t a = addr; a <= guest_addr_max;) {
        if (!(page_get_flags(a) & PAGE_READ))
            return NULL;
        uint64_t page_end = (a & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE;
        if (memchr(g2h(a), 0, page_end - a))
            return g2h(addr);
        a = page_end;
    }
    return NULL;
}
