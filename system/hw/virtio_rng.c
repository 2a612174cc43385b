/*
 * virtio-rng (virtio 1.x, 5.4): one request queue whose device-writable
 * buffers the device fills with random bytes from the host's getrandom().
 * There is no configuration space and no device feature.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "system/hw/virtio_devices.h"
#include "xrun/util.h"

/* Bytes given per request at most: a driver asking for more gets a short
 * (valid) answer rather than holding the device lock for long. */
#define RNG_MAX_PER_REQUEST (64u << 10)

typedef struct VirtIORng {
    VirtIODevice vdev;
    VirtQueueElement elem;
} VirtIORng;

/* Fills buf completely; false only if the host refuses entropy. */
static bool rng_fill(uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

static void rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIORng *r = (VirtIORng *)vdev;
    VirtQueueElement *e = &r->elem;
    while (virtq_pop(vq, e)) {
        uint32_t filled = 0;
        for (unsigned k = e->out_num; k < e->out_num + e->in_num; k++) {
            size_t n = e->iov[k].iov_len;
            if (n > RNG_MAX_PER_REQUEST - filled)
                n = RNG_MAX_PER_REQUEST - filled;
            if (!rng_fill(e->iov[k].iov_base, n)) {
                xr_error("virtio-rng: getrandom failed: %s", strerror(errno));
                break;
            }
            filled += (uint32_t)n;
        }
        virtq_push(vq, e, filled);
    }
    virtq_notify(vq);
}

static const VirtIODeviceOps rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .queue_max = 64,
    .handle_queue = rng_handle,
};

VirtIODevice *virtio_rng_new(void)
{
    VirtIORng *r = xr_calloc(1, sizeof *r);
    virtio_init(&r->vdev, &rng_ops);
    return &r->vdev;
}
