/*
 * Page flags of the guest address space (PAGE_* of xrun/guest.h), one byte
 * per 4 KiB guest page, kept sparse so that a 48-bit guest costs only what
 * it maps.
 *
 * A directory of leaf pointers, each leaf the flags of 2^18 pages (1 GiB of
 * guest space, 256 KiB of flags), allocated the first time a page in it
 * gets flags and never freed:
 *
 *     page = addr >> 12       leaf = dir[page >> 18]       flags = leaf[page & 0x3ffff]
 *
 * A 32-bit guest has a directory of 4 entries; a 48-bit one 2^18 entries
 * (2 MiB, reserved but only touched where leaves exist). Reads take no lock
 * and may run in a signal handler: a leaf is published with one atomic
 * store after it is zeroed, and flags are read and written atomically.
 * Leaves come from mmap, which is async-signal-safe, since smc.c may set
 * flags from the write-fault handler (on pages that already have a leaf).
 *
 * The searches skip absent leaves whole, so looking for free space or used
 * pages over terabytes of untouched guest space is cheap.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/pagemap.h"

#define LEAF_BITS 18
#define LEAF_PAGES (1ull << LEAF_BITS)
#define LEAF_SPAN (LEAF_PAGES << GUEST_PAGE_BITS) /* guest bytes one leaf covers */

static uint8_t **dir;
static uint64_t dir_entries;
static uint64_t map_limit; /* first guest address past the map */

int pagemap_init(unsigned addr_bits)
{
    if (dir)
        return 0;
    if (addr_bits < 32 || addr_bits > 48)
        return -EINVAL;
    uint64_t pages = 1ull << (addr_bits - GUEST_PAGE_BITS);
    uint64_t entries = (pages + LEAF_PAGES - 1) / LEAF_PAGES;
    void *p = mmap(NULL, entries * sizeof(*dir), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    dir = p;
    dir_entries = entries;
    map_limit = 1ull << addr_bits;
    return 0;
}

uint64_t pagemap_limit(void) { return map_limit; }

static uint8_t *leaf_of(uint64_t page)
{
    uint64_t i = page >> LEAF_BITS;
    return i < dir_entries ? __atomic_load_n(&dir[i], __ATOMIC_ACQUIRE) : NULL;
}

/* The leaf of page, allocated if absent; NULL if out of memory. */
static uint8_t *leaf_make(uint64_t page)
{
    uint64_t i = page >> LEAF_BITS;
    uint8_t *leaf = __atomic_load_n(&dir[i], __ATOMIC_ACQUIRE);
    if (leaf)
        return leaf;
    void *p = mmap(NULL, LEAF_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uint8_t *expect = NULL;
    if (__atomic_compare_exchange_n(&dir[i], &expect, (uint8_t *)p, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return p;
    munmap(p, LEAF_PAGES); /* another thread published one first */
    return expect;
}

int pagemap_get(uint64_t addr)
{
    if (addr >= map_limit)
        return 0;
    uint64_t page = addr >> GUEST_PAGE_BITS;
    const uint8_t *leaf = leaf_of(page);
    return leaf ? __atomic_load_n(&leaf[page & (LEAF_PAGES - 1)], __ATOMIC_RELAXED) : 0;
}

int pagemap_set(uint64_t start, uint64_t end, int flags)
{
    if (end > map_limit)
        end = map_limit;
    uint64_t page = start >> GUEST_PAGE_BITS;
    uint64_t last = (end + GUEST_PAGE_SIZE - 1) >> GUEST_PAGE_BITS;
    while (page < last) {
        uint64_t leaf_end = (page | (LEAF_PAGES - 1)) + 1;
        uint64_t stop = leaf_end < last ? leaf_end : last;
        /* Clearing pages of an absent leaf changes nothing. */
        uint8_t *leaf = flags ? leaf_make(page) : leaf_of(page);
        if (!leaf && flags)
            return -ENOMEM;
        for (; leaf && page < stop; page++)
            __atomic_store_n(&leaf[page & (LEAF_PAGES - 1)], (uint8_t)flags, __ATOMIC_RELAXED);
        page = stop;
    }
    return 0;
}

/* -- Searches -- */

uint64_t pagemap_next_used(uint64_t from, uint64_t end)
{
    if (end > map_limit)
        end = map_limit;
    for (uint64_t a = from & GUEST_PAGE_MASK; a < end;) {
        const uint8_t *leaf = leaf_of(a >> GUEST_PAGE_BITS);
        uint64_t leaf_end = (a | (LEAF_SPAN - 1)) + 1;
        if (!leaf) {
            a = leaf_end;
            continue;
        }
        for (; a < end && a < leaf_end; a += GUEST_PAGE_SIZE)
            if (__atomic_load_n(&leaf[(a >> GUEST_PAGE_BITS) & (LEAF_PAGES - 1)], __ATOMIC_RELAXED))
                return a;
    }
    return end;
}

uint64_t pagemap_next_free(uint64_t from, uint64_t end)
{
    if (end > map_limit)
        end = map_limit;
    uint64_t a = from & GUEST_PAGE_MASK;
    while (a < end && pagemap_get(a))
        a += GUEST_PAGE_SIZE;
    return a < end ? a : end;
}

/* The last used page below `below` and at or above lo, or lo - 1 if none
 * (lo > 0, page aligned). */
static uint64_t prev_used(uint64_t lo, uint64_t below)
{
    uint64_t a = below;
    while (a > lo) {
        uint64_t page = (a - 1) >> GUEST_PAGE_BITS;
        const uint8_t *leaf = leaf_of(page);
        uint64_t leaf_start = (a - 1) & ~(LEAF_SPAN - 1);
        if (!leaf) {
            a = leaf_start > lo ? leaf_start : lo;
            continue;
        }
        for (; a > lo && a > leaf_start; a -= GUEST_PAGE_SIZE)
            if (__atomic_load_n(&leaf[((a - 1) >> GUEST_PAGE_BITS) & (LEAF_PAGES - 1)], __ATOMIC_RELAXED))
                return a - GUEST_PAGE_SIZE;
    }
    return lo - 1;
}

uint64_t pagemap_find_free(uint64_t lo, uint64_t hi, uint64_t len, bool top_down)
{
    if (hi > map_limit)
        hi = map_limit;
    if (lo == 0 || len == 0 || lo >= hi || len > hi - lo)
        return 0;
    if (!top_down) {
        for (uint64_t a = lo; a + len <= hi;) {
            uint64_t used = pagemap_next_used(a, a + len);
            if (used == a + len)
                return a;
            a = pagemap_next_free(used, hi);
        }
        return 0;
    }
    /* The highest run: its end is hi or just below a used page. */
    for (uint64_t end = hi; end - lo >= len;) {
        uint64_t used = prev_used(end - len, end);
        if (used == end - len - 1)
            return end - len;
        end = used; /* the run must end at or below this used page */
        while (end > lo && pagemap_get(end - GUEST_PAGE_SIZE))
            end -= GUEST_PAGE_SIZE;
        if (end < lo || end - lo < len)
            break;
    }
    return 0;
}
