/*
 * The x86 I/O port space (system/ioport.h).
 *
 * The space is small enough to index directly: io_slot[port] holds the
 * number of the range owning the port (0 for none), so a lookup is one load
 * and an overlap check is a scan of the ports being added. A PC board has a
 * handful of ranges; 255 are allowed, and the number of a range given back
 * (io_del) is used again.
 *
 * Boards add ranges while the machine is built, before any vCPU runs, so
 * lookups read the tables without a lock, as the memory map does
 * (system/memory.c). The memory map's region table is not reused: its
 * insertion and lookup are private to memory.c and work on physical
 * addresses with RAM in mind, and a direct index serves 64 KiB of ports
 * better than a sorted array.
 */
#include "system/ioport.h"

#include <string.h>

#include "system/event.h"
#include "xrun/util.h"

#define IO_MAX_RANGES 255

typedef struct IoRange {
    const char *name;
    uint16_t base;
    uint32_t count;
    const MemOps *ops;
    void *opaque;
} IoRange;

static IoRange io_ranges[IO_MAX_RANGES + 1];   /* [0] unused: slot 0 is "none" */
static uint8_t io_slot[IO_PORT_COUNT];
static uint64_t io_missed[IO_PORT_COUNT / 64];
static const MemOps io_no_ops;   /* marks a used slot whose range has no callbacks */

_Static_assert(IO_MAX_RANGES <= UINT8_MAX, "a range number fits io_slot's bytes");

bool io_add(uint16_t port, uint32_t count, const MemOps *ops, void *opaque, const char *name)
{
    if (!ops)
        ops = &io_no_ops;
    if (count == 0 || count > IO_PORT_COUNT - (uint32_t)port) {
        xr_error("I/O ports: range %s at 0x%x count 0x%x is empty or runs past port 0xffff; "
                 "not added",
                 name, port, count);
        return false;
    }
    for (uint32_t p = port; p < (uint32_t)port + count; p++) {
        if (io_slot[p]) {
            const IoRange *clash = &io_ranges[io_slot[p]];
            xr_error("I/O ports: range %s [0x%x, +0x%x) overlaps %s [0x%x, +0x%x); not added",
                     name, port, count, clash->name, clash->base, clash->count);
            return false;
        }
    }
    unsigned n = 1;
    while (n <= IO_MAX_RANGES && io_ranges[n].ops)
        n++;
    if (n > IO_MAX_RANGES) {
        xr_error("I/O ports: range %s: more than %d ranges; not added", name, IO_MAX_RANGES);
        return false;
    }
    io_ranges[n] = (IoRange){ .name = name, .base = port, .count = count, .ops = ops,
                              .opaque = opaque };
    memset(&io_slot[port], (int)n, count);
    return true;
}

bool io_del(uint16_t port, const void *opaque)
{
    unsigned n = io_slot[port];
    if (!n || io_ranges[n].opaque != opaque)
        return false;
    memset(&io_slot[io_ranges[n].base], 0, io_ranges[n].count);
    io_ranges[n] = (IoRange){ 0 };
    return true;
}

void io_reset(void)
{
    memset(io_slot, 0, sizeof(io_slot));
    memset(io_ranges, 0, sizeof(io_ranges));
    memset(io_missed, 0, sizeof(io_missed));
}

const char *io_owner(uint16_t port)
{
    return io_slot[port] ? io_ranges[io_slot[port]].name : NULL;
}

/* The range an access of a valid size at port goes to, or NULL. */
static const IoRange *io_range_of(uint16_t port, unsigned size)
{
    if (size != 1 && size != 2 && size != 4)
        return NULL;
    return io_slot[port] ? &io_ranges[io_slot[port]] : NULL;
}

static uint64_t io_size_mask(unsigned size)
{
    return size == 1 || size == 2 ? (1ULL << (8 * size)) - 1 : 0xffffffffULL;
}

bool io_read(uint16_t port, unsigned size, uint64_t *val)
{
    const IoRange *r = io_range_of(port, size);
    *val = io_size_mask(size);
    if (!r)
        return false;
    if (r->ops && r->ops->read) {
        sys_lock();
        *val = r->ops->read(r->opaque, port - r->base, size) & io_size_mask(size);
        sys_unlock();
    }
    return true;
}

bool io_write(uint16_t port, unsigned size, uint64_t val)
{
    const IoRange *r = io_range_of(port, size);
    if (!r)
        return false;
    if (r->ops && r->ops->write) {
        sys_lock();
        r->ops->write(r->opaque, port - r->base, val & io_size_mask(size), size);
        sys_unlock();
    }
    return true;
}

bool io_first_miss(uint16_t port)
{
    uint64_t bit = 1ULL << (port % 64);
    return !(__atomic_fetch_or(&io_missed[port / 64], bit, __ATOMIC_RELAXED) & bit);
}
