/*
 * virtio-console (virtio 1.x, 5.3) with a single port, no MULTIPORT: queue 0
 * (receiveq) carries host input to the guest, queue 1 (transmitq) the
 * guest's output. Linux binds port 0 to /dev/hvc0.
 *
 * Output is written to the host fd as soon as the guest kicks transmitq.
 * Input arrives from the board (virtio_console_input, e.g. from a stdin
 * watch) and goes into whatever receive buffers the guest posted; while it
 * has none, up to CON_INPUT_MAX bytes wait here and are delivered when the
 * guest posts buffers (its kick of receiveq). Beyond that the board is told
 * how much was taken and keeps the rest; the on_room callback tells it
 * when the guest made room.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "system/hw/virtio_devices.h"
#include "xrun/util.h"

#define CON_RX 0
#define CON_TX 1
#define CON_INPUT_MAX 4096
/* Configuration space: le16 cols, le16 rows, le32 max_nr_ports, le32 emerg_wr. */
#define CON_CONFIG_SIZE 12

typedef struct VirtIOConsole {
    VirtIODevice vdev;
    int out_fd;
    bool out_failed;              /* output errors are reported once */
    uint8_t input[CON_INPUT_MAX]; /* FIFO of host input not yet delivered */
    size_t in_head, in_count;
    void (*on_room)(void *opaque);
    void *on_room_opaque;
    VirtQueueElement elem;
} VirtIOConsole;

/* -- Guest to host -- */

static void con_transmit(VirtIOConsole *c, VirtQueue *vq)
{
    VirtQueueElement *e = &c->elem;
    while (virtq_pop(vq, e)) {
        for (unsigned k = 0; k < e->out_num && !c->out_failed; k++) {
            if (!xr_write_all(c->out_fd, e->iov[k].iov_base, e->iov[k].iov_len)) {
                xr_error("virtio-console: writing guest output failed: %s; output dropped",
                         strerror(errno));
                c->out_failed = true;
            }
        }
        virtq_push(vq, e, 0);
    }
    virtq_notify(vq);
}

/* -- Host to guest -- */

/* Moves buffered input into the guest's posted receive buffers. */
static void con_deliver(VirtIOConsole *c)
{
    VirtIODevice *vdev = &c->vdev;
    VirtQueue *vq = &vdev->vq[CON_RX];
    if (!(vdev->status & VIRTIO_STATUS_DRIVER_OK))
        return;
    size_t before = c->in_count;
    while (c->in_count && virtq_pop(vq, &c->elem)) {
        VirtQueueElement *e = &c->elem;
        uint64_t done = 0;
        while (c->in_count && done < e->in_len) {
            /* The FIFO's oldest bytes, up to its wrap point. */
            size_t run = CON_INPUT_MAX - c->in_head;
            if (run > c->in_count)
                run = c->in_count;
            uint64_t n = virtq_elem_write(e, done, c->input + c->in_head, run);
            done += n;
            c->in_head = (c->in_head + n) % CON_INPUT_MAX;
            c->in_count -= n;
        }
        virtq_push(vq, e, (uint32_t)done);
    }
    virtq_notify(vq);
    if (c->in_count < before && c->on_room)
        c->on_room(c->on_room_opaque);
}

void virtio_console_on_room(VirtIODevice *vdev, void (*cb)(void *opaque), void *opaque)
{
    VirtIOConsole *c = (VirtIOConsole *)vdev;
    c->on_room = cb;
    c->on_room_opaque = opaque;
}

size_t virtio_console_input(VirtIODevice *vdev, const void *buf, size_t len)
{
    VirtIOConsole *c = (VirtIOConsole *)vdev;
    const uint8_t *p = buf;
    size_t taken = 0;
    for (;;) {
        size_t room = CON_INPUT_MAX - c->in_count;
        size_t n = len - taken < room ? len - taken : room;
        for (size_t i = 0; i < n; i++)
            c->input[(c->in_head + c->in_count + i) % CON_INPUT_MAX] = p[taken + i];
        c->in_count += n;
        taken += n;
        size_t before = c->in_count;
        con_deliver(c);
        /* Stop when everything is taken or the guest took nothing more. */
        if (taken == len || c->in_count == before)
            return taken;
    }
}

/* -- Device -- */

static void con_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *c = (VirtIOConsole *)vdev;
    if (vq->index == CON_TX)
        con_transmit(c, vq);
    else
        con_deliver(c);
}

static const VirtIODeviceOps con_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .num_queues = 2,
    .queue_max = 128,
    .config_size = CON_CONFIG_SIZE,
    .handle_queue = con_handle,
};

VirtIODevice *virtio_console_new(int out_fd)
{
    VirtIOConsole *c = xr_calloc(1, sizeof *c);
    c->out_fd = out_fd;
    virtio_init(&c->vdev, &con_ops);
    virtio_config_set16(&c->vdev, 0, 80);
    virtio_config_set16(&c->vdev, 2, 25);
    virtio_config_set32(&c->vdev, 4, 1);
    return &c->vdev;
}
