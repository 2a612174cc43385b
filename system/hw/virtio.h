/*
 * A virtio 1.x device, independent of its transport, and its split
 * virtqueues.
 *
 * A device (virtio-blk, -rng, -console) embeds a VirtIODevice as its first
 * member and describes itself with a VirtIODeviceOps: its ID, feature bits,
 * queues and configuration space. A transport (virtio-mmio) forwards the
 * driver's register writes here (status, features, queue addresses, notify)
 * and is told through its update_irq callback when the interrupt status
 * changes.
 *
 * A device's queue handler pulls requests as elements and gives them back:
 *
 *     static void rng_handle(VirtIODevice *vdev, VirtQueue *vq)
 *     {
 *         VirtQueueElement *e = &((VirtIORng *)vdev)->elem;
 *         while (virtq_pop(vq, e)) {          // validated host iovecs
 *             size_t n = fill(e->iov + e->out_num, e->in_num);
 *             virtq_push(vq, e, n);           // used ring, bytes written
 *         }
 *         virtq_notify(vq);                   // interrupt if the driver wants one
 *     }
 *
 * Every descriptor is checked against guest RAM before it becomes a host
 * pointer. A driver that breaks the ring rules (a descriptor outside RAM, a
 * loop, a bad indirect table, a readable buffer after a writable one, an
 * index out of range) makes the device broken: DEVICE_NEEDS_RESET in the
 * status, a configuration-change interrupt, one line on stderr naming the
 * device (its label: name and transport address), queue and problem, and
 * no further processing until the driver resets the device.
 */
#ifndef XRUN_SYSTEM_HW_VIRTIO_H
#define XRUN_SYSTEM_HW_VIRTIO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "system/memory.h"

/* Device status bits (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Transport-independent feature bits. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Interrupt status bits (the ISR of every transport). */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

/* Split-ring flags. */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

/* Device IDs. */
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/* Bounds: the largest queue a device may offer, the most descriptors one
 * request may use (direct or in one indirect table), the most queues. */
#define VIRTQ_MAX_SIZE 1024
#define VIRTQ_MAX_CHAIN 1024
#define VIRTIO_MAX_QUEUES 8
#define VIRTIO_CONFIG_MAX 256

typedef struct VirtIODevice VirtIODevice;

typedef struct VirtQueue {
    VirtIODevice *vdev;
    unsigned index;
    uint16_t num;     /* size the driver chose (a power of two) */
    uint16_t num_max; /* largest size the device accepts */
    bool ready;
    hwaddr desc_pa, avail_pa, used_pa;
    /* Host views of the three ring parts, valid while ready. */
    uint8_t *desc, *avail, *used;
    uint16_t last_avail;     /* next available-ring slot to consume */
    uint16_t used_idx;       /* the device's copy of used->idx */
    uint16_t signalled_used; /* used_idx at the last interrupt */
    bool signalled_valid;
    bool pending; /* entries pushed since the last interrupt decision */
} VirtQueue;

/* One request: the chain's buffers as host iovecs, device-readable ("out")
 * first, then device-writable ("in"). addr[] holds each buffer's guest
 * physical address. */
typedef struct VirtQueueElement {
    uint16_t head;
    unsigned out_num, in_num;
    uint64_t out_len, in_len; /* bytes in all out / in buffers */
    struct iovec iov[VIRTQ_MAX_CHAIN];
    hwaddr addr[VIRTQ_MAX_CHAIN];
} VirtQueueElement;

typedef struct VirtIODeviceOps {
    const char *name; /* "virtio-blk": names the device in messages */
    uint32_t device_id;
    uint64_t features; /* device-specific feature bits offered */
    unsigned num_queues;
    uint16_t queue_max;
    uint32_t config_size;
    /* The driver notified queue vq (DRIVER_OK set, device not broken). */
    void (*handle_queue)(VirtIODevice *vdev, VirtQueue *vq);
    /* Device-specific state back to power-on (optional). */
    void (*reset)(VirtIODevice *vdev);
    /* A driver write into the configuration space (optional: without it
     * the space is read-only). The device stores what it accepts. */
    void (*config_write)(VirtIODevice *vdev, uint32_t off, uint64_t val, unsigned size);
    /* Frees device-specific resources, not the structure (optional). */
    void (*destroy)(VirtIODevice *vdev);
} VirtIODeviceOps;

struct VirtIODevice {
    const VirtIODeviceOps *ops;
    char label[48]; /* names the device in messages: "virtio-blk@0xa003e00" */
    uint8_t status;
    bool broken;
    uint8_t isr;
    uint64_t host_features, guest_features;
    uint32_t config_generation;
    uint8_t config[VIRTIO_CONFIG_MAX]; /* little endian, as the guest reads it */
    VirtQueue vq[VIRTIO_MAX_QUEUES];
    /* Set by the transport: called whenever isr changes. */
    void (*update_irq)(void *transport);
    void *transport;
};

/* -- Device side -- */

/* Fills in vdev from ops (the device has zeroed its structure). */
void virtio_init(VirtIODevice *vdev, const VirtIODeviceOps *ops);
/* Runs ops->destroy and frees vdev (which must come from malloc). */
void virtio_free(VirtIODevice *vdev);
/* Whether the driver accepted feature bit. */
bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit);
/* The device detected a driver error: marks the device broken and logs
 * "<label>: queue <n>: <message>" once. vq may be NULL. */
void virtio_set_broken(VirtIODevice *vdev, const VirtQueue *vq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets interrupt status bits and tells the transport. */
void virtio_raise_isr(VirtIODevice *vdev, uint8_t bits);
/* The device changed its configuration space: new generation, interrupt. */
void virtio_config_changed(VirtIODevice *vdev);
/* Little-endian stores into the configuration space. */
void virtio_config_set16(VirtIODevice *vdev, uint32_t off, uint16_t v);
void virtio_config_set32(VirtIODevice *vdev, uint32_t off, uint32_t v);
void virtio_config_set64(VirtIODevice *vdev, uint32_t off, uint64_t v);

/* Takes the next available chain into e. False when the queue is empty,
 * not ready, or the chain was malformed (the device is then broken). */
bool virtq_pop(VirtQueue *vq, VirtQueueElement *e);
/* Returns e to the driver with len bytes written into its in buffers. */
void virtq_push(VirtQueue *vq, const VirtQueueElement *e, uint32_t len);
/* Raises the queue interrupt if anything was pushed and the driver asked
 * for an interrupt (used_event with EVENT_IDX, else no NO_INTERRUPT flag). */
void virtq_notify(VirtQueue *vq);
/* Copies between e's buffers, seen as one byte stream, and buf: out buffers
 * for reading, in buffers for writing. Return the bytes copied. */
uint64_t virtq_elem_read(const VirtQueueElement *e, uint64_t off, void *buf, uint64_t len);
uint64_t virtq_elem_write(VirtQueueElement *e, uint64_t off, const void *buf, uint64_t len);

/* -- Transport side -- */

/* The transport that raises vdev's interrupts. */
void virtio_bind(VirtIODevice *vdev, void (*update_irq)(void *transport), void *transport);
/* Driver writes the device status; 0 resets the device. */
void virtio_set_status(VirtIODevice *vdev, uint8_t status);
/* Driver writes 32 feature bits at sel (0: bits 0-31, 1: 32-63). */
uint32_t virtio_get_host_features(const VirtIODevice *vdev, uint32_t sel);
void virtio_set_guest_features(VirtIODevice *vdev, uint32_t sel, uint32_t val);
/* Driver enables (checking the ring addresses) or disables queue vq. */
void virtq_set_ready(VirtQueue *vq, bool ready);
/* Driver kicked queue index qidx. */
void virtio_queue_notify(VirtIODevice *vdev, uint32_t qidx);
/* Driver acknowledges interrupt status bits. */
void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits);
/* Driver accesses to the configuration space (bytes past config_size read
 * as 0; writes go to ops->config_write). */
uint64_t virtio_config_read(const VirtIODevice *vdev, uint32_t off, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t off, uint64_t val, unsigned size);

#endif
