/*
 * The virtio devices a board can put behind a transport (virtio_mmio.h):
 *
 *     VirtIODevice *blk = virtio_blk_new(bd, NULL);        // -drive if=virtio
 *     VirtIODevice *rng = virtio_rng_new();                // -device virtio-rng-device
 *     VirtIODevice *con = virtio_console_new(STDOUT_FILENO);
 *     virtio_mmio_new(base, irq, blk);
 *
 * Each runs its requests synchronously, from the queue notification, with
 * the device lock held. virtio_free() releases any of them.
 */
#ifndef XRUN_SYSTEM_HW_VIRTIO_DEVICES_H
#define XRUN_SYSTEM_HW_VIRTIO_DEVICES_H

#include <stddef.h>

#include "system/block/block.h"
#include "system/hw/virtio.h"

/* virtio-blk on bd (which stays the caller's to close, after the device is
 * freed). serial is what GET_ID reports (at most 20 bytes are used); NULL
 * gives "xrun-virtio-blk". A read-only bd makes a read-only disk. */
VirtIODevice *virtio_blk_new(BlockDev *bd, const char *serial);

/* virtio-rng: entropy from the host's getrandom(). */
VirtIODevice *virtio_rng_new(void);

/* virtio-console with one port (the guest's /dev/hvc0): what the guest
 * transmits is written to out_fd. */
VirtIODevice *virtio_console_new(int out_fd);
/* Host input for the guest (call with the device lock held): goes into the
 * guest's receive buffers, or waits in a bounded buffer while the guest has
 * none posted. Returns how many bytes were taken; the rest should be
 * offered again later (after the guest reads). */
size_t virtio_console_input(VirtIODevice *vdev, const void *buf, size_t len);
/* Calls cb(opaque), device lock held, whenever waiting input moved into the
 * guest and left room: the moment to offer input that was refused (e.g.
 * to watch stdin again; cb itself must not call virtio_console_input, which
 * may be what is running). cb NULL removes it. */
void virtio_console_on_room(VirtIODevice *vdev, void (*cb)(void *opaque), void *opaque);

#endif
