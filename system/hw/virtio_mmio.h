/*
 * The virtio-mmio transport (version 2, the modern register layout): one
 * 0x200-byte window per device, as qemu's virt board lays them out.
 *
 *     IrqLine irq = gic_input(gic, 32 + 16 + i);
 *     virtio_mmio_new(0x0a000000 + 0x200 * i, irq, vdev);  // vdev may be NULL
 *
 * A window without a device reads DeviceID 0, which the guest skips.
 */
#ifndef XRUN_SYSTEM_HW_VIRTIO_MMIO_H
#define XRUN_SYSTEM_HW_VIRTIO_MMIO_H

#include "system/hw/virtio.h"
#include "system/irq.h"
#include "system/memory.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x200

typedef struct VirtIOMMIO VirtIOMMIO;

/* Creates a transport for vdev (or an empty slot) at base and adds it to the
 * memory map; vdev's interrupts drive irq. */
VirtIOMMIO *virtio_mmio_new(hwaddr base, IrqLine irq, VirtIODevice *vdev);
/* Frees the transport (not its device; the map entry goes with mem_reset). */
void virtio_mmio_free(VirtIOMMIO *t);

#endif
