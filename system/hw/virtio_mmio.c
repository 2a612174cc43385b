/*
 * virtio-mmio, version 2 (virtio 1.x, 4.2.2): the registers a driver uses
 * to find, negotiate with and feed a virtio device, in one MMIO window.
 *
 *     0x000 MagicValue "virt"      0x050 QueueNotify (W)
 *     0x004 Version = 2            0x060 InterruptStatus
 *     0x008 DeviceID (0: empty)    0x064 InterruptACK (W)
 *     0x00c VendorID               0x070 Status
 *     0x010 DeviceFeatures         0x080 QueueDescLow/High
 *     0x014 DeviceFeaturesSel (W)  0x090 QueueDriverLow/High (available ring)
 *     0x020 DriverFeatures (W)     0x0a0 QueueDeviceLow/High (used ring)
 *     0x024 DriverFeaturesSel (W)  0x0fc ConfigGeneration
 *     0x030 QueueSel (W)           0x100 device configuration space
 *     0x034 QueueNumMax
 *     0x038 QueueNum (W)
 *     0x044 QueueReady
 *
 * Registers below 0x100 are 32 bits wide and aligned; other accesses there, unknown
 * offsets and writes to read-only registers are guest errors, logged (a
 * bounded number of times per window) and ignored. Queue registers of a
 * queue that is enabled are frozen, as the specification requires of the
 * driver.
 */
#include <stdio.h>

#include "system/hw/virtio_mmio.h"
#include "xrun/util.h"

#define MMIO_MAGIC 0x74726976  /* "virt" little endian */
#define MMIO_VENDOR 0x554d4551 /* "QEMU", the vendor Linux sees under qemu */
#define MMIO_VERSION 2
#define MMIO_CONFIG 0x100
#define MMIO_LOG_LIMIT 16

enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_CONFIG_GENERATION = 0x0fc,
};

struct VirtIOMMIO {
    hwaddr base;
    IrqLine irq;
    VirtIODevice *vdev;
    uint32_t device_features_sel, driver_features_sel, queue_sel;
    unsigned logged; /* guest errors reported so far */
    /* Doorbells of the queues (mem_add_notifier): queue n's is kick[n]. */
    struct MmioKick {
        VirtIOMMIO *t;
        uint32_t queue;
    } *kick;
};

/* A QueueNotify write that came through a doorbell, in the event loop. */
static void mmio_kick(void *opaque)
{
    struct MmioKick *k = opaque;
    virtio_queue_notify(k->t->vdev, k->queue);
}

static void mmio_guest_error(VirtIOMMIO *t, const char *what, hwaddr off, unsigned size)
{
    if (t->logged >= MMIO_LOG_LIMIT)
        return;
    if (++t->logged == MMIO_LOG_LIMIT)
        xr_error(
            "virtio-mmio@0x%llx: ignored %u-byte %s at offset 0x%llx (further errors not shown)",
            (unsigned long long)t->base, size, what, (unsigned long long)off);
    else
        xr_error("virtio-mmio@0x%llx: ignored %u-byte %s at offset 0x%llx",
                 (unsigned long long)t->base, size, what, (unsigned long long)off);
}

static void mmio_update_irq(void *opaque)
{
    VirtIOMMIO *t = opaque;
    irq_set(&t->irq, t->vdev->isr != 0);
}

/* The selected queue, or NULL when QueueSel names none. */
static VirtQueue *mmio_queue(VirtIOMMIO *t)
{
    if (!t->vdev || t->queue_sel >= t->vdev->ops->num_queues)
        return NULL;
    return &t->vdev->vq[t->queue_sel];
}

/* -- Reads -- */

static uint32_t mmio_queue_read(VirtQueue *vq, hwaddr off)
{
    switch (off) {
    case REG_QUEUE_NUM_MAX:
        return vq->num_max;
    case REG_QUEUE_READY:
        return vq->ready;
    case REG_QUEUE_DESC_LOW:
        return (uint32_t)vq->desc_pa;
    case REG_QUEUE_DESC_HIGH:
        return (uint32_t)(vq->desc_pa >> 32);
    case REG_QUEUE_DRIVER_LOW:
        return (uint32_t)vq->avail_pa;
    case REG_QUEUE_DRIVER_HIGH:
        return (uint32_t)(vq->avail_pa >> 32);
    case REG_QUEUE_DEVICE_LOW:
        return (uint32_t)vq->used_pa;
    case REG_QUEUE_DEVICE_HIGH:
        return (uint32_t)(vq->used_pa >> 32);
    default:
        return 0;
    }
}

static bool mmio_is_queue_reg(hwaddr off)
{
    return off == REG_QUEUE_NUM_MAX || off == REG_QUEUE_READY ||
           (off >= REG_QUEUE_DESC_LOW && off <= REG_QUEUE_DEVICE_HIGH && (off & 0xf) <= 4);
}

static uint64_t mmio_read(void *opaque, hwaddr off, unsigned size)
{
    VirtIOMMIO *t = opaque;
    VirtIODevice *vdev = t->vdev;
    if (off >= MMIO_CONFIG)
        return vdev ? virtio_config_read(vdev, (uint32_t)(off - MMIO_CONFIG), size) : 0;
    if (size != 4 || (off & 3)) {
        mmio_guest_error(t, "register read", off, size);
        return 0;
    }
    switch (off) {
    case REG_MAGIC:
        return MMIO_MAGIC;
    case REG_VERSION:
        return MMIO_VERSION;
    case REG_DEVICE_ID:
        return vdev ? vdev->ops->device_id : 0;
    case REG_VENDOR_ID:
        return MMIO_VENDOR;
    }
    if (!vdev)
        return 0;
    if (mmio_is_queue_reg(off)) {
        VirtQueue *vq = mmio_queue(t);
        return vq ? mmio_queue_read(vq, off) : 0;
    }
    switch (off) {
    case REG_DEVICE_FEATURES:
        return virtio_get_host_features(vdev, t->device_features_sel);
    case REG_INTERRUPT_STATUS:
        return vdev->isr;
    case REG_STATUS:
        return vdev->status;
    case REG_CONFIG_GENERATION:
        return vdev->config_generation;
    }
    mmio_guest_error(t, "read of a write-only or unknown register", off, size);
    return 0;
}

/* -- Writes -- */

static void mmio_queue_write(VirtIOMMIO *t, hwaddr off, uint32_t val)
{
    VirtQueue *vq = mmio_queue(t);
    if (!vq) {
        mmio_guest_error(t, "queue register write for a missing queue", off, 4);
        return;
    }
    if (off == REG_QUEUE_READY) {
        if (!!val != vq->ready)
            virtq_set_ready(vq, val != 0);
        return;
    }
    if (vq->ready) {
        mmio_guest_error(t, "queue register write while the queue is enabled", off, 4);
        return;
    }
    hwaddr *pa = NULL;
    switch (off & ~0xfULL) {
    case REG_QUEUE_DESC_LOW:
        pa = &vq->desc_pa;
        break;
    case REG_QUEUE_DRIVER_LOW:
        pa = &vq->avail_pa;
        break;
    case REG_QUEUE_DEVICE_LOW:
        pa = &vq->used_pa;
        break;
    }
    if (off == REG_QUEUE_NUM)
        vq->num = val > 0xffff ? 0 : (uint16_t)val; /* 0 fails the check at enable */
    else if (pa && (off & 4))
        *pa = (*pa & 0xffffffffULL) | ((uint64_t)val << 32);
    else if (pa)
        *pa = (*pa & ~0xffffffffULL) | val;
}

static void mmio_write(void *opaque, hwaddr off, uint64_t val64, unsigned size)
{
    VirtIOMMIO *t = opaque;
    VirtIODevice *vdev = t->vdev;
    uint32_t val = (uint32_t)val64;
    if (!vdev) {
        mmio_guest_error(t, "write to an empty slot", off, size);
        return;
    }
    if (off >= MMIO_CONFIG) {
        virtio_config_write(vdev, (uint32_t)(off - MMIO_CONFIG), val64, size);
        return;
    }
    if (size != 4 || (off & 3)) {
        mmio_guest_error(t, "register write", off, size);
        return;
    }
    switch (off) {
    case REG_DEVICE_FEATURES_SEL:
        t->device_features_sel = val;
        return;
    case REG_DRIVER_FEATURES:
        virtio_set_guest_features(vdev, t->driver_features_sel, val);
        return;
    case REG_DRIVER_FEATURES_SEL:
        t->driver_features_sel = val;
        return;
    case REG_QUEUE_SEL:
        t->queue_sel = val;
        return;
    case REG_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val);
        return;
    case REG_INTERRUPT_ACK:
        virtio_isr_ack(vdev, (uint8_t)val);
        return;
    case REG_STATUS:
        if ((val & 0xff) == 0)
            t->device_features_sel = t->driver_features_sel = t->queue_sel = 0;
        virtio_set_status(vdev, (uint8_t)val);
        return;
    case REG_QUEUE_NUM:
    case REG_QUEUE_READY:
        mmio_queue_write(t, off, val);
        return;
    }
    if (off >= REG_QUEUE_DESC_LOW && off <= REG_QUEUE_DEVICE_HIGH && (off & 0xf) <= 4) {
        mmio_queue_write(t, off, val);
        return;
    }
    mmio_guest_error(t, "write of a read-only or unknown register", off, size);
}

static const MemOps virtio_mmio_ops = {mmio_read, mmio_write};

VirtIOMMIO *virtio_mmio_new(hwaddr base, IrqLine irq, VirtIODevice *vdev)
{
    VirtIOMMIO *t = xr_calloc(1, sizeof *t);
    t->base = base;
    t->irq = irq;
    t->vdev = vdev;
    if (vdev) {
        virtio_bind(vdev, mmio_update_irq, t);
        snprintf(vdev->label, sizeof vdev->label, "%s@0x%llx", vdev->ops->name,
                 (unsigned long long)base);
        /* Kicks need not stop the vCPU where the accelerator allows. */
        t->kick = xr_calloc(vdev->ops->num_queues, sizeof *t->kick);
        for (unsigned q = 0; q < vdev->ops->num_queues; q++) {
            t->kick[q] = (struct MmioKick){t, q};
            mem_add_notifier(base + REG_QUEUE_NOTIFY, 4, q, mmio_kick, &t->kick[q]);
        }
    }
    mem_add_io(base, VIRTIO_MMIO_SLOT_SIZE, &virtio_mmio_ops, t,
               vdev ? vdev->label : "virtio-mmio");
    return t;
}

void virtio_mmio_free(VirtIOMMIO *t)
{
    if (t && t->vdev)
        virtio_bind(t->vdev, NULL, NULL);
    if (t)
        free(t->kick);
    free(t);
}
