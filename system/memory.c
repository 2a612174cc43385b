/*
 * The guest physical memory map: a sorted array of non-overlapping regions.
 *
 * Boards add regions while the machine is built, before any vCPU or the
 * event loop runs, so lookups read the array without a lock; a change once
 * the machine runs (mem_remove, a later add) is made with every vCPU held
 * and the device lock taken. Adding or removing a region may move the
 * array: a MemRegion pointer from mem_find stays valid until the next
 * change or mem_reset. A lookup is a binary search for the last region
 * whose base is at or below the address.
 *
 * The listener (the accelerator: KVM's memory slots, TCG's TLBs) hears of
 * every RAM and ROM region: those present when it starts listening, and
 * each one added or removed afterwards.
 *
 * Every conversion of a guest range into a host pointer goes through
 * ram_span(), which checks the whole range against one region with
 * subtraction only (pa - base, size - off), so no pa + len can wrap around
 * and hand out a pointer past the region's host memory.
 *
 * CPU accesses (mem_read/mem_write) that straddle two regions are split into
 * single bytes, each dispatched on its own; that keeps one rule (an access
 * belongs to exactly one region) for RAM, ROM and MMIO alike.
 */
#include <string.h>

#include "system/event.h"
#include "system/memory.h"
#include "xrun/util.h"

void (*mem_code_written_hook)(hwaddr pa, uint64_t len);

static MemRegion *mem_regions;
static size_t mem_count, mem_cap;
static __thread int mem_cpu_index;
static const MemListener *mem_listener;

/* -- The map -- */

/* Index of the last region with base <= pa, or -1 when pa is below all. */
static ptrdiff_t mem_floor(hwaddr pa)
{
    size_t lo = 0, hi = mem_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mem_regions[mid].base <= pa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

/* Inserts r in order. Overlaps, empty regions and regions that run past the
 * top of the 64-bit space are board bugs: reported and refused. */
static void mem_insert(const MemRegion *r)
{
    if (r->size == 0 || r->base + (r->size - 1) < r->base) {
        xr_error("memory map: region %s at 0x%llx size 0x%llx is empty or wraps "
                 "past the end of the address space; not added",
                 r->name, (unsigned long long)r->base, (unsigned long long)r->size);
        return;
    }
    ptrdiff_t below = mem_floor(r->base);
    size_t at = (size_t)(below + 1);
    const MemRegion *clash = NULL;
    if (below >= 0 && r->base - mem_regions[below].base < mem_regions[below].size)
        clash = &mem_regions[below];
    else if (at < mem_count && mem_regions[at].base - r->base < r->size)
        clash = &mem_regions[at];
    if (clash) {
        xr_error("memory map: region %s [0x%llx, +0x%llx) overlaps %s [0x%llx, +0x%llx); "
                 "not added",
                 r->name, (unsigned long long)r->base, (unsigned long long)r->size, clash->name,
                 (unsigned long long)clash->base, (unsigned long long)clash->size);
        return;
    }
    if (mem_count == mem_cap) {
        size_t cap = mem_cap ? mem_cap * 2 : 16;
        MemRegion *grown = xr_malloc(cap * sizeof *grown);
        if (mem_count)
            memcpy(grown, mem_regions, mem_count * sizeof *grown);
        free(mem_regions);
        mem_regions = grown;
        mem_cap = cap;
    }
    memmove(&mem_regions[at + 1], &mem_regions[at], (mem_count - at) * sizeof *mem_regions);
    mem_regions[at] = *r;
    mem_count++;
    if (mem_listener && r->ram) {
        char err[256];
        if (mem_listener->region_add(&mem_regions[at], err, sizeof err) < 0)
            xr_error("memory map: %s", err);
    }
}

void mem_add_ram(hwaddr base, uint64_t size, uint8_t *host, const char *name)
{
    mem_insert(&(MemRegion){.name = name, .base = base, .size = size, .ram = host});
}

void mem_add_rom(hwaddr base, uint64_t size, uint8_t *host, const char *name)
{
    mem_insert(
        &(MemRegion){.name = name, .base = base, .size = size, .ram = host, .readonly = true});
}

void mem_add_io(hwaddr base, uint64_t size, const MemOps *ops, void *opaque, const char *name)
{
    mem_insert(
        &(MemRegion){.name = name, .base = base, .size = size, .ops = ops, .opaque = opaque});
}

bool (*mem_notifier_hook)(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque), void *opaque);

bool mem_add_notifier(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque), void *opaque)
{
    return mem_notifier_hook && mem_notifier_hook(addr, len, val, fn, opaque);
}

void mem_foreach(void (*fn)(const MemRegion *r, void *opaque), void *opaque)
{
    for (size_t i = 0; i < mem_count; i++)
        fn(&mem_regions[i], opaque);
}

int mem_listen(const MemListener *l, char *err, size_t errlen)
{
    mem_listener = l;
    for (size_t i = 0; i < mem_count; i++)
        if (mem_regions[i].ram && l->region_add(&mem_regions[i], err, errlen) < 0)
            return -1;
    return 0;
}

bool mem_remove(hwaddr base)
{
    ptrdiff_t i = mem_floor(base);
    if (i < 0 || mem_regions[i].base != base)
        return false;
    if (mem_listener && mem_regions[i].ram)
        mem_listener->region_del(&mem_regions[i]);
    memmove(&mem_regions[i], &mem_regions[i + 1], (mem_count - (size_t)i - 1) * sizeof *mem_regions);
    mem_count--;
    return true;
}

void mem_reset(void)
{
    free(mem_regions);
    mem_regions = NULL;
    mem_count = mem_cap = 0;
    mem_listener = NULL;
}

const MemRegion *mem_find(hwaddr pa)
{
    ptrdiff_t i = mem_floor(pa);
    if (i < 0 || pa - mem_regions[i].base >= mem_regions[i].size)
        return NULL;
    return &mem_regions[i];
}

/* -- Host pointers for device DMA -- */

/* The host address of [pa, pa + len) when the whole range lies inside one
 * RAM region (ROM too when rom_ok), else NULL. */
static uint8_t *ram_span(hwaddr pa, uint64_t len, bool rom_ok)
{
    const MemRegion *r = mem_find(pa);
    if (!r || !r->ram || (r->readonly && !rom_ok) || len == 0)
        return NULL;
    uint64_t off = pa - r->base;
    if (len > r->size - off)
        return NULL;
    return r->ram + off;
}

void *mem_ram_ptr(hwaddr pa, uint64_t len)
{
    return ram_span(pa, len, false);
}

const void *mem_ram_ptr_ro(hwaddr pa, uint64_t len)
{
    return ram_span(pa, len, true);
}

void mem_dma_written(hwaddr pa, uint64_t len)
{
    if (mem_code_written_hook && len)
        mem_code_written_hook(pa, len);
}

/* Walks [pa, pa + len) region by region; fn(host, buf offset, chunk) is
 * called for each piece only after the whole range was found to be RAM, so
 * a refused range copies nothing. */
static bool dma_walk(hwaddr pa, uint64_t len, bool rom_ok,
                     void (*fn)(uint8_t *, uint64_t, uint64_t, void *), void *buf)
{
    if (len == 0)
        return true;
    if (pa + (len - 1) < pa)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        hwaddr at = pa;
        uint64_t left = len;
        while (left) {
            const MemRegion *r = mem_find(at);
            if (!r || !r->ram || (r->readonly && !rom_ok))
                return false;
            uint64_t off = at - r->base;
            uint64_t chunk = r->size - off < left ? r->size - off : left;
            if (pass == 1)
                fn(r->ram + off, len - left, chunk, buf);
            at += chunk;
            left -= chunk;
        }
    }
    return true;
}

static void dma_copy_out(uint8_t *host, uint64_t boff, uint64_t n, void *buf)
{
    memcpy((uint8_t *)buf + boff, host, n);
}

static void dma_copy_in(uint8_t *host, uint64_t boff, uint64_t n, void *buf)
{
    memcpy(host, (const uint8_t *)buf + boff, n);
}

bool mem_dma_read(hwaddr pa, void *buf, uint64_t len)
{
    return dma_walk(pa, len, true, dma_copy_out, buf);
}

bool mem_dma_write(hwaddr pa, const void *buf, uint64_t len)
{
    if (!dma_walk(pa, len, false, dma_copy_in, (void *)buf))
        return false;
    mem_dma_written(pa, len);
    return true;
}

/* -- CPU accesses -- */

static bool mem_size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/* An access wholly inside region r at offset off. */
static uint64_t region_read(const MemRegion *r, uint64_t off, unsigned size)
{
    uint64_t val = 0;
    if (r->ram) {
        memcpy(&val, r->ram + off, size); /* the host is little endian, as the guest bus */
        return val;
    }
    if (!r->ops || !r->ops->read)
        return 0;
    sys_lock();
    val = r->ops->read(r->opaque, off, size);
    sys_unlock();
    if (size < 8)
        val &= (1ULL << (size * 8)) - 1;
    return val;
}

static void region_write(const MemRegion *r, uint64_t off, unsigned size, uint64_t val)
{
    if (r->ram) {
        if (!r->readonly)
            memcpy(r->ram + off, &val, size);
        return;
    }
    if (!r->ops || !r->ops->write)
        return;
    sys_lock();
    r->ops->write(r->opaque, off, val, size);
    sys_unlock();
}

/* The region holding all of [pa, pa + size), with the offset of pa. */
static const MemRegion *mem_whole(hwaddr pa, unsigned size, uint64_t *off)
{
    const MemRegion *r = mem_find(pa);
    if (!r)
        return NULL;
    *off = pa - r->base;
    return size <= r->size - *off ? r : NULL;
}

/* An access that straddles regions, split into bytes each dispatched on
 * its own: bytes in unassigned space read as 0 and are dropped on write. */
static bool mem_access_bytes(hwaddr pa, unsigned size, uint64_t *val, bool write)
{
    bool ok = true;
    for (unsigned i = 0; i < size; i++) {
        uint64_t off;
        const MemRegion *r = mem_whole(pa + i, 1, &off);
        if (!r)
            ok = false;
        else if (write)
            region_write(r, off, 1, (*val >> (8 * i)) & 0xff);
        else
            *val |= region_read(r, off, 1) << (8 * i);
    }
    return ok;
}

bool mem_read(hwaddr pa, unsigned size, uint64_t *val)
{
    uint64_t off;
    *val = 0;
    if (!mem_size_ok(size))
        return false;
    const MemRegion *r = mem_whole(pa, size, &off);
    if (!r)
        return mem_access_bytes(pa, size, val, false);
    *val = region_read(r, off, size);
    return true;
}

bool mem_write(hwaddr pa, unsigned size, uint64_t val)
{
    uint64_t off;
    if (!mem_size_ok(size))
        return false;
    const MemRegion *r = mem_whole(pa, size, &off);
    if (!r)
        return mem_access_bytes(pa, size, &val, true);
    region_write(r, off, size, val);
    return true;
}

int mem_current_cpu(void)
{
    return mem_cpu_index;
}

void mem_set_current_cpu(int index)
{
    mem_cpu_index = index;
}
