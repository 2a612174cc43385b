/*
 * Random MMIO traffic for device unit tests: n accesses of random offset
 * (below region), size (1, 2, 4 or 8), direction and value, from a fixed
 * seed so a failure repeats. The caller holds what the callbacks need (the
 * device lock) and checks afterwards that the device still works.
 */
#ifndef XRUN_TESTS_UNIT_MMIO_FUZZ_H
#define XRUN_TESTS_UNIT_MMIO_FUZZ_H

#include "system/memory.h"

/* Returns the seed to continue from. */
static inline unsigned mmio_fuzz(const MemOps *ops, void *opaque, hwaddr region, int n, unsigned seed)
{
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245 + 12345;
        unsigned r = seed >> 8;
        hwaddr off = r % region;
        unsigned size = sizes[(r >> 20) & 3];
        if (r & 1)
            ops->write(opaque, off, (uint64_t)seed * 0x9e3779b97f4a7c15ull, size);
        else
            ops->read(opaque, off, size);
    }
    return seed;
}

#endif
