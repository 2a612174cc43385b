/*
 * The transport-independent part of a virtio 1.x device: status, feature
 * negotiation, configuration space, interrupt status, reset and the broken
 * state. The split rings themselves are in virtio_queue.c.
 *
 * Status follows the driver's sequence (virtio 1.x, 3.1.1):
 *
 *     0 (reset) -> ACKNOWLEDGE -> DRIVER -> [features] -> FEATURES_OK
 *       -> [queues] -> DRIVER_OK
 *
 * FEATURES_OK only sticks when the driver accepted VIRTIO_F_VERSION_1 and
 * nothing the device did not offer: the driver reads the status back and
 * gives up otherwise, as the specification asks. Legacy (pre-1.0) drivers
 * are not supported.
 */
#include <stdio.h>
#include <string.h>

#include "system/hw/virtio.h"
#include "xrun/util.h"

_Static_assert(VIRTQ_MAX_SIZE <= VIRTQ_MAX_CHAIN, "a direct chain must fit in one element");
_Static_assert(VIRTQ_MAX_SIZE <= 32768, "split queues are at most 32768 entries");

void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops)
{
    xr_assert(ops->num_queues <= VIRTIO_MAX_QUEUES);
    xr_assert(ops->config_size <= VIRTIO_CONFIG_MAX);
    xr_assert(ops->queue_max && ops->queue_max <= VIRTQ_MAX_SIZE &&
              !(ops->queue_max & (ops->queue_max - 1)));
    vdev->ops = ops;
    snprintf(vdev->label, sizeof vdev->label, "%s", ops->name);
    vdev->host_features = ops->features | (1ULL << VIRTIO_F_VERSION_1) |
                          (1ULL << VIRTIO_F_INDIRECT_DESC) | (1ULL << VIRTIO_F_EVENT_IDX);
    for (unsigned i = 0; i < ops->num_queues; i++) {
        VirtQueue *vq = &vdev->vq[i];
        vq->vdev = vdev;
        vq->index = i;
        vq->num_max = ops->queue_max;
        vq->num = ops->queue_max;
    }
}

void virtio_free(VirtIODevice *vdev)
{
    if (!vdev)
        return;
    if (vdev->ops->destroy)
        vdev->ops->destroy(vdev);
    free(vdev);
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return (vdev->guest_features >> bit) & 1;
}

void virtio_bind(VirtIODevice *vdev, void (*update_irq)(void *transport), void *transport)
{
    vdev->update_irq = update_irq;
    vdev->transport = transport;
}

/* -- Interrupts and the broken state -- */

static void virtio_irq_changed(VirtIODevice *vdev)
{
    if (vdev->update_irq)
        vdev->update_irq(vdev->transport);
}

void virtio_raise_isr(VirtIODevice *vdev, uint8_t bits)
{
    vdev->isr |= bits;
    virtio_irq_changed(vdev);
}

void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits)
{
    vdev->isr &= (uint8_t)~bits;
    virtio_irq_changed(vdev);
}

void virtio_config_changed(VirtIODevice *vdev)
{
    vdev->config_generation++;
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_raise_isr(vdev, VIRTIO_ISR_CONFIG);
}

void virtio_set_broken(VirtIODevice *vdev, const VirtQueue *vq, const char *fmt, ...)
{
    if (vdev->broken)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (vq)
        xr_error("%s: queue %u: %s; device needs a reset", vdev->label, vq->index, msg);
    else
        xr_error("%s: %s; device needs a reset", vdev->label, msg);
    vdev->broken = true;
    vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
    /* The specification asks for a configuration-change notification so a
     * running driver looks at the status. */
    if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_raise_isr(vdev, VIRTIO_ISR_CONFIG);
}

/* -- Status and features -- */

static void virtio_reset(VirtIODevice *vdev)
{
    vdev->status = 0;
    vdev->broken = false;
    vdev->guest_features = 0;
    for (unsigned i = 0; i < vdev->ops->num_queues; i++) {
        VirtQueue *vq = &vdev->vq[i];
        virtq_set_ready(vq, false);
        vq->num = vq->num_max;
        vq->desc_pa = vq->avail_pa = vq->used_pa = 0;
    }
    if (vdev->ops->reset)
        vdev->ops->reset(vdev);
    vdev->isr = 0;
    virtio_irq_changed(vdev);
}

/* Whether the features the driver wrote can be accepted. */
static bool virtio_features_ok(VirtIODevice *vdev)
{
    uint64_t extra = vdev->guest_features & ~vdev->host_features;
    if (extra) {
        xr_error("%s: the driver accepted features 0x%llx the device does not offer; "
                 "FEATURES_OK refused",
                 vdev->label, (unsigned long long)extra);
        return false;
    }
    if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        xr_error("%s: the driver did not accept VIRTIO_F_VERSION_1 (legacy drivers are not "
                 "supported); FEATURES_OK refused",
                 vdev->label);
        return false;
    }
    return true;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    if (status == 0) {
        virtio_reset(vdev);
        return;
    }
    uint8_t old = vdev->status;
    if ((status & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
        !virtio_features_ok(vdev))
        status &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
    /* NEEDS_RESET is the device's to set; only a reset clears it. */
    vdev->status =
        (uint8_t)((status & ~VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET));
    /* Buffers the driver made available (and kicked) before DRIVER_OK
     * waited; serve them now. */
    if ((vdev->status & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK))
        for (unsigned i = 0; i < vdev->ops->num_queues; i++)
            virtio_queue_notify(vdev, i);
}

uint32_t virtio_get_host_features(const VirtIODevice *vdev, uint32_t sel)
{
    return sel < 2 ? (uint32_t)(vdev->host_features >> (32 * sel)) : 0;
}

void virtio_set_guest_features(VirtIODevice *vdev, uint32_t sel, uint32_t val)
{
    /* Features are fixed once FEATURES_OK was accepted. */
    if (sel >= 2 || (vdev->status & VIRTIO_STATUS_FEATURES_OK))
        return;
    uint64_t mask = 0xffffffffULL << (32 * sel);
    vdev->guest_features = (vdev->guest_features & ~mask) | ((uint64_t)val << (32 * sel));
}

void virtio_queue_notify(VirtIODevice *vdev, uint32_t qidx)
{
    if (qidx >= vdev->ops->num_queues || vdev->broken || !(vdev->status & VIRTIO_STATUS_DRIVER_OK))
        return;
    VirtQueue *vq = &vdev->vq[qidx];
    if (vq->ready && vdev->ops->handle_queue)
        vdev->ops->handle_queue(vdev, vq);
}

/* -- Configuration space -- */

uint64_t virtio_config_read(const VirtIODevice *vdev, uint32_t off, unsigned size)
{
    uint64_t val = 0;
    for (unsigned i = 0; i < size && i < 8; i++) {
        uint64_t at = (uint64_t)off + i;
        if (at < vdev->ops->config_size)
            val |= (uint64_t)vdev->config[at] << (8 * i);
    }
    return val;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t off, uint64_t val, unsigned size)
{
    if (vdev->ops->config_write && (uint64_t)off + size <= vdev->ops->config_size)
        vdev->ops->config_write(vdev, off, val, size);
}

static void config_store(VirtIODevice *vdev, uint32_t off, uint64_t v, unsigned size)
{
    xr_assert(off + size <= VIRTIO_CONFIG_MAX);
    for (unsigned i = 0; i < size; i++)
        vdev->config[off + i] = (uint8_t)(v >> (8 * i));
}

void virtio_config_set16(VirtIODevice *vdev, uint32_t off, uint16_t v)
{
    config_store(vdev, off, v, 2);
}

void virtio_config_set32(VirtIODevice *vdev, uint32_t off, uint32_t v)
{
    config_store(vdev, off, v, 4);
}

void virtio_config_set64(VirtIODevice *vdev, uint32_t off, uint64_t v)
{
    config_store(vdev, off, v, 8);
}
