/*
 * The virtio devices a board can put behind a transport (virtio_mmio.h):
 *
 *     VirtIODevice *blk = virtio_blk_new(bd, NULL);        // -drive if=virtio
 *     VirtIODevice *rng = virtio_rng_new();                // -device virtio-rng-device
 *     VirtIODevice *con = virtio_console_new(STDOUT_FILENO);
 *     VirtIODevice *nic = virtio_net_new("n0", NULL, err, sizeof err); // -netdev ...,id=n0
 *     virtio_mmio_new(base, irq, blk);
 *
 * Each runs its requests synchronously, from the queue notification, with
 * the device lock held. virtio_free() releases any of them.
 */
#ifndef XRUN_SYSTEM_HW_VIRTIO_DEVICES_H
#define XRUN_SYSTEM_HW_VIRTIO_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "system/block/block.h"
#include "system/hw/virtio.h"
#include "system/net/net.h"

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

/* virtio-net attached to the netdev netdev_id, with the MAC address mac
 * (NULL: qemu's defaults, 52:54:00:12:34:56 for the first such NIC, then
 * ...:57 and on). Returns NULL with the net layer's message in err when
 * the netdev does not exist or another device uses it. Free the device
 * before net_close_all (freeing detaches it from the netdev). */
VirtIODevice *virtio_net_new(const char *netdev_id, const uint8_t mac[6], char *err, size_t errlen);

/* Counters of a virtio-net device, for tests and diagnostics. */
typedef struct VirtIONetStats {
    uint64_t tx_frames;   /* guest frames the backend accepted */
    uint64_t tx_errors;   /* guest frames dropped (bad length or header) */
    uint64_t rx_frames;   /* frames written into receive buffers */
    uint64_t rx_oversize; /* frames dropped: larger than their receive buffer */
} VirtIONetStats;
VirtIONetStats virtio_net_stats(const VirtIODevice *vdev);

/* Parses a MAC address "52:54:00:12:34:56" into mac. Returns NULL, or what
 * is wrong with s (malformed, multicast, all zeros). */
const char *virtio_net_parse_mac(const char *s, uint8_t mac[6]);

#endif
