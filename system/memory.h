/*
 * The guest physical address space of system mode.
 *
 * A board fills it with regions: RAM (host memory the guest sees directly)
 * and MMIO (a device's read/write callbacks). Regions never overlap; the
 * map is kept sorted, and a lookup is a binary search.
 *
 *     static const MemOps pl011_ops = { pl011_read, pl011_write };
 *     mem_add_ram(0x40000000, 512 << 20, host, "ram");
 *     mem_add_io(0x09000000, 0x1000, &pl011_ops, uart, "pl011");
 *
 * Device callbacks get the offset inside their region and an access size of
 * 1, 2, 4 or 8 bytes; they run with the device lock held (system/event.h),
 * from vCPU threads and from the event loop alike. A read of an offset a
 * device does not implement returns 0 and a write is ignored, as on most
 * buses: guest programming never crashes the emulator.
 *
 * Devices that read or write guest RAM themselves (DMA: virtqueues, block
 * transfers) use mem_dma_read/mem_dma_write or, for zero-copy access,
 * mem_ram_ptr followed by mem_dma_written. Every such access is checked
 * against the RAM regions: an address range that is not entirely RAM is
 * refused, never turned into a host pointer. Writes through these calls
 * invalidate translated code of the pages they touch, so code written by
 * DMA runs correctly.
 */
#ifndef XRUN_SYSTEM_MEMORY_H
#define XRUN_SYSTEM_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t hwaddr;

typedef struct MemOps {
    uint64_t (*read)(void *opaque, hwaddr off, unsigned size);
    void (*write)(void *opaque, hwaddr off, uint64_t val, unsigned size);
} MemOps;

typedef struct MemRegion {
    const char *name;
    hwaddr base;
    uint64_t size;
    uint8_t *ram;        /* host memory of a RAM/ROM region, NULL for MMIO */
    bool readonly;       /* ROM: guest writes are ignored */
    const MemOps *ops;   /* MMIO callbacks */
    void *opaque;
} MemRegion;

/* Adds a RAM region backed by host memory (size bytes at host). */
void mem_add_ram(hwaddr base, uint64_t size, uint8_t *host, const char *name);
/* Adds a read-only region backed by host memory (guest writes are dropped). */
void mem_add_rom(hwaddr base, uint64_t size, uint8_t *host, const char *name);
/* Adds an MMIO region whose accesses call ops with opaque. */
void mem_add_io(hwaddr base, uint64_t size, const MemOps *ops, void *opaque, const char *name);
/* Calls fn for every region, in address order. */
void mem_foreach(void (*fn)(const MemRegion *r, void *opaque), void *opaque);
/* Removes the region that starts at base; false when none does. Once the
 * machine runs, only with every vCPU held (vcpus_pause) and the device
 * lock taken: the guest then finds nothing at those addresses. */
bool mem_remove(hwaddr base);

/* What an accelerator hears of the RAM and ROM regions (MMIO regions it
 * never sees: their accesses come back to mem_read/mem_write). */
typedef struct MemListener {
    /* r is guest memory from now on; -1 with a message in err if the
     * accelerator cannot give it to the guest. */
    int (*region_add)(const MemRegion *r, char *err, size_t errlen);
    /* r is leaving the map; the guest must not reach its memory again. */
    void (*region_del)(const MemRegion *r);
} MemListener;
/* Installs l: region_add for every RAM and ROM region present now (-1 at
 * the first that fails), then for each one added; region_del for each one
 * removed. One listener at a time; mem_reset drops it. */
int mem_listen(const MemListener *l, char *err, size_t errlen);
/* Empties the map (tests, machine teardown). */
void mem_reset(void);

/* The region holding pa, or NULL for unassigned space. */
const MemRegion *mem_find(hwaddr pa);

/* Host pointer to [pa, pa + len) if that range lies inside one RAM region
 * (not ROM, not MMIO), else NULL. len 0 is refused. */
void *mem_ram_ptr(hwaddr pa, uint64_t len);
/* The same for reading: ROM is accepted too. */
const void *mem_ram_ptr_ro(hwaddr pa, uint64_t len);
/* After the host wrote guest RAM through mem_ram_ptr: drops translated code
 * of every page in [pa, pa + len). */
void mem_dma_written(hwaddr pa, uint64_t len);

/* Copies between guest RAM and a host buffer. The whole range must be RAM
 * (ROM for reads): returns false, copying nothing, otherwise. */
bool mem_dma_read(hwaddr pa, void *buf, uint64_t len);
bool mem_dma_write(hwaddr pa, const void *buf, uint64_t len);

/* One access of size 1, 2, 4 or 8 bytes from a CPU's point of view:
 * RAM, ROM or a device callback. Unassigned space reads as 0 and ignores
 * writes (returning false, so the caller may raise a bus error). Little
 * endian. The caller holds nothing; MMIO takes the device lock. */
bool mem_read(hwaddr pa, unsigned size, uint64_t *val);
bool mem_write(hwaddr pa, unsigned size, uint64_t val);

/* The index of the vCPU whose access is being dispatched to a device, for
 * devices with per-CPU banked registers (the GIC's CPU interface). Each
 * vCPU thread sets it once; other threads read 0. */
int mem_current_cpu(void);
void mem_set_current_cpu(int index);

/* Doorbells: asks that a guest write of val (len bytes) at addr call
 * fn(opaque) from the event loop, with the device lock held, without
 * stopping the writing vCPU (KVM: an ioeventfd). Returns false when the
 * accelerator has no such path; the write then reaches the region's
 * callbacks as any other, which must handle it the same way. */
bool mem_add_notifier(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque), void *opaque);
/* Set by an accelerator that offers doorbells. */
extern bool (*mem_notifier_hook)(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque),
                                 void *opaque);

/* Hook run by mem_dma_written and mem_dma_write (set by the CPU side to
 * invalidate translated code; NULL when nothing is translated). */
extern void (*mem_code_written_hook)(hwaddr pa, uint64_t len);

#endif
