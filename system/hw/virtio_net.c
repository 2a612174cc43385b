/*
 * virtio-net (virtio 1.x, 5.1): an Ethernet NIC on a network backend
 * (system/net/net.h), with one receive queue (0) and one transmit queue
 * (1), as Linux's virtio_net driver uses it without multiqueue or a control
 * queue.
 *
 * Every buffer starts with the 12-byte header of VIRTIO_F_VERSION_1:
 *
 *     u8 flags | u8 gso_type | le16 hdr_len | le16 gso_size
 *     | le16 csum_start | le16 csum_offset | le16 num_buffers
 *
 * No checksum or segmentation offload is offered, so a transmitted header
 * is all zeros and is stripped before the frame goes to the backend; a
 * received frame gets a zero header with num_buffers = 1. Without
 * VIRTIO_NET_F_MRG_RXBUF each receive chain holds one whole frame, and
 * Linux then posts buffers of 12 + 1518 bytes.
 *
 *     guest TX chain  [hdr][frame...]  --virtq_pop--> copy --> net_send
 *     backend frame   --vnet_receive--> next RX chain: [zero hdr, nb=1][frame]
 *                     --virtq_push + virtq_notify--> guest
 *
 * Receiving is driven by the backend: it asks can_receive (is a receive
 * buffer posted?) and keeps frames queued while the answer is no; the
 * guest's kick of the receive queue calls net_rx_ready, which delivers
 * them. A frame larger than the chain it would go into is dropped, counted
 * and logged (a bounded number of times); the chain goes back to the
 * driver empty, so nothing is written outside it.
 *
 * Requests run synchronously under the device lock, so the device holds
 * nothing between two of them: a reset (status 0) has no in-flight frame
 * to drop, keeps the backend attached, and frames that wait in the backend
 * reach the driver once it posts buffers again. Malformed rings break the
 * device through the shared queue code; a chain that is well formed but
 * has the wrong shape for its queue (a receive chain with device-readable
 * buffers or none writable, a transmit chain shorter than the header)
 * breaks it too.
 */
#include <string.h>

#include "system/hw/dev_log.h"
#include "system/hw/virtio_devices.h"
#include "xrun/util.h"

#define VIRTIO_ID_NET 1

/* Feature bits (virtio 1.x, 5.1.3). */
enum {
    NET_F_MAC = 5,
    NET_F_STATUS = 16,
};

#define NET_S_LINK_UP 1

/* Configuration space: u8 mac[6] | le16 status. */
enum { CFG_MAC = 0, CFG_STATUS = 6, CFG_SIZE = 8 };

enum { VNET_RXQ = 0, VNET_TXQ = 1 };

#define VNET_QUEUE_SIZE 256
#define VNET_HDR_LEN 12
#define HDR_NUM_BUFFERS 10
/* Drops of frames too large for their receive buffer logged per device. */
#define VNET_LOG_LIMIT 16

typedef struct VirtIONet {
    VirtIODevice vdev;
    NetBackend *nb;
    VirtIONetStats stats;
    unsigned logged; /* oversize drops reported so far */
    VirtQueueElement rx_elem, tx_elem;
    uint8_t tx_frame[NET_FRAME_MAX];
} VirtIONet;

/* -- Guest to network -- */

/* Sends the frame of one transmit chain. False when the chain cannot hold
 * a header, which breaks the device. */
static bool vnet_transmit_one(VirtIONet *n, VirtQueue *vq, VirtQueueElement *e)
{
    uint8_t hdr[VNET_HDR_LEN];
    if (e->out_len < VNET_HDR_LEN) {
        virtio_set_broken(&n->vdev, vq,
                          "transmit request %u has %llu readable bytes, "
                          "no room for the %u-byte virtio-net header",
                          e->head, (unsigned long long)e->out_len, VNET_HDR_LEN);
        return false;
    }
    virtq_elem_read(e, 0, hdr, sizeof hdr);
    uint64_t len = e->out_len - VNET_HDR_LEN;
    /* Offloads were not offered: a header asking for one describes a frame
     * the network would get wrong. */
    if (hdr[0] || hdr[1]) {
        dev_guest_error(n->vdev.ops->name,
                        "transmit header asks for offloads (flags 0x%x, "
                        "gso_type %u) that were not negotiated; frame dropped",
                        hdr[0], hdr[1]);
        n->stats.tx_errors++;
        return true;
    }
    if (len > NET_FRAME_MAX) {
        dev_guest_error(n->vdev.ops->name, "transmit frame of %llu bytes (at most %u); dropped",
                        (unsigned long long)len, NET_FRAME_MAX);
        n->stats.tx_errors++;
        return true;
    }
    /* Copied out first: the guest may rewrite its buffers while the
     * backend parses the frame. */
    virtq_elem_read(e, VNET_HDR_LEN, n->tx_frame, len);
    if (net_send(n->nb, n->tx_frame, (size_t)len) < 0)
        n->stats.tx_errors++;
    else
        n->stats.tx_frames++;
    return true;
}

static void vnet_transmit(VirtIONet *n, VirtQueue *vq)
{
    VirtQueueElement *e = &n->tx_elem;
    while (virtq_pop(vq, e)) {
        if (!vnet_transmit_one(n, vq, e))
            return;
        virtq_push(vq, e, 0);
    }
    virtq_notify(vq);
}

/* -- Network to guest -- */

/* Whether the driver made a receive chain available that the device has
 * not taken yet. The ring's index is read as virtq_pop reads it, with
 * acquire semantics, so a yes here is a chain virtq_pop finds. */
static bool vnet_rx_posted(const VirtQueue *vq)
{
    uint16_t idx = __atomic_load_n((const uint16_t *)(vq->avail + 2), __ATOMIC_ACQUIRE);
    return idx != vq->last_avail;
}

static bool vnet_can_receive(void *opaque)
{
    VirtIONet *n = opaque;
    VirtQueue *vq = &n->vdev.vq[VNET_RXQ];
    return (n->vdev.status & VIRTIO_STATUS_DRIVER_OK) && !n->vdev.broken && vq->ready &&
           vnet_rx_posted(vq);
}

static void vnet_log_oversize(VirtIONet *n, size_t len, uint64_t room)
{
    if (n->logged >= VNET_LOG_LIMIT)
        return;
    n->logged++;
    xr_error("%s: dropped a %zu-byte frame: the receive buffer holds %llu bytes after the "
             "header%s",
             n->vdev.ops->name, len, (unsigned long long)room,
             n->logged == VNET_LOG_LIMIT ? " (further drops are counted, not shown)" : "");
}

/* One frame into the next receive chain. False leaves the frame with the
 * backend (no chain posted, or the device is not running). */
static bool vnet_receive(void *opaque, const uint8_t *frame, size_t len)
{
    VirtIONet *n = opaque;
    VirtIODevice *vdev = &n->vdev;
    VirtQueue *vq = &vdev->vq[VNET_RXQ];
    VirtQueueElement *e = &n->rx_elem;
    if (!vnet_can_receive(n) || !virtq_pop(vq, e))
        return false;
    if (e->out_num || !e->in_num) {
        virtio_set_broken(vdev, vq,
                          "receive chain %u has %u device-readable and %u "
                          "device-writable buffers (it must be writable only)",
                          e->head, e->out_num, e->in_num);
        return false;
    }
    uint32_t used = 0;
    if (e->in_len < VNET_HDR_LEN || e->in_len - VNET_HDR_LEN < len) {
        n->stats.rx_oversize++;
        vnet_log_oversize(n, len, e->in_len < VNET_HDR_LEN ? 0 : e->in_len - VNET_HDR_LEN);
    } else {
        uint8_t hdr[VNET_HDR_LEN] = {0};
        hdr[HDR_NUM_BUFFERS] = 1; /* le16 1 */
        virtq_elem_write(e, 0, hdr, sizeof hdr);
        virtq_elem_write(e, VNET_HDR_LEN, frame, len);
        used = (uint32_t)(VNET_HDR_LEN + len);
        n->stats.rx_frames++;
    }
    virtq_push(vq, e, used);
    virtq_notify(vq);
    return true;
}

static const NetPeerOps vnet_peer_ops = {vnet_can_receive, vnet_receive};

/* -- Device -- */

static void vnet_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = (VirtIONet *)vdev;
    if (vq->index == VNET_TXQ)
        vnet_transmit(n, vq);
    else
        net_rx_ready(n->nb); /* new receive buffers: frames that waited go in */
}

static void vnet_destroy(VirtIODevice *vdev)
{
    VirtIONet *n = (VirtIONet *)vdev;
    if (n->nb)
        net_detach(n->nb);
}

static const VirtIODeviceOps vnet_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .features = (1ULL << NET_F_MAC) | (1ULL << NET_F_STATUS),
    .num_queues = 2,
    .queue_max = VNET_QUEUE_SIZE,
    .config_size = CFG_SIZE,
    .handle_queue = vnet_handle,
    .destroy = vnet_destroy,
};

_Static_assert(VNET_RXQ == 0 && VNET_TXQ == 1, "virtio-net: receiveq1 is 0, transmitq1 is 1");

VirtIODevice *virtio_net_new(const char *netdev_id, const uint8_t mac[6], char *err, size_t errlen)
{
    /* qemu numbers the NICs without mac= from 52:54:00:12:34:56 on. */
    static unsigned default_macs;
    VirtIONet *n = xr_calloc(1, sizeof *n);
    VirtIODevice *vdev = &n->vdev;
    virtio_init(vdev, &vnet_ops);
    if (mac) {
        memcpy(vdev->config + CFG_MAC, mac, 6);
    } else {
        static const uint8_t base[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        memcpy(vdev->config + CFG_MAC, base, 6);
        vdev->config[CFG_MAC + 5] = (uint8_t)(base[5] + default_macs++);
    }
    virtio_config_set16(vdev, CFG_STATUS, NET_S_LINK_UP);
    n->nb = net_attach(netdev_id, &vnet_peer_ops, n, err, errlen);
    if (!n->nb)
        goto fail;
    return vdev;
fail:
    virtio_free(vdev);
    return NULL;
}

VirtIONetStats virtio_net_stats(const VirtIODevice *vdev)
{
    return ((const VirtIONet *)vdev)->stats;
}

/* -- MAC addresses -- */

const char *virtio_net_parse_mac(const char *s, uint8_t mac[6])
{
    static const char form[] =
        "expected six two-digit hex bytes separated by ':', as 52:54:00:12:34:56";
    const char *p = s;
    for (int i = 0; i < 6; i++) {
        int hi = xr_hex_digit(p[0]), lo = hi < 0 ? -1 : xr_hex_digit(p[1]);
        if (hi < 0 || lo < 0)
            return form;
        mac[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        if (i < 5 && *p++ != ':')
            return form;
    }
    if (*p)
        return "trailing characters after six bytes";
    if (mac[0] & 1)
        return "a multicast address cannot name a NIC (the first byte must be even)";
    static const uint8_t zero[6];
    if (!memcmp(mac, zero, 6))
        return "the all-zero address cannot name a NIC";
    return NULL;
}
