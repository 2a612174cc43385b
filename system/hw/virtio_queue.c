/*
 * Split virtqueues (virtio 1.x, 2.7): the descriptor table, the available
 * ring the driver fills and the used ring the device fills, all in guest
 * RAM at addresses the driver programs.
 *
 *     descriptor (16 bytes)   le64 addr | le32 len | le16 flags | le16 next
 *     available ring          le16 flags | le16 idx | le16 ring[num] | le16 used_event
 *     used ring               le16 flags | le16 idx | {le32 id, le32 len}[num] | le16 avail_event
 *
 * Everything here is guest input. The three ring parts are checked against
 * guest RAM once, when the driver enables the queue; each descriptor is
 * copied out of guest memory once and checked before its buffer becomes a
 * host iovec, so a driver rewriting a descriptor while it is read cannot
 * slip an unchecked value through. Chains are bounded by the size of their
 * table, which catches loops without remembering visited entries.
 *
 * Indices are free-running 16-bit counters; num is a power of two so
 * "idx % num" stays consistent across the wrap at 65536.
 *
 * Ordering: the driver writes ring entries before advancing avail->idx, so
 * idx is read with acquire semantics before the entries; the device writes
 * used entries before a release store of used->idx, and a full fence
 * separates that store from reading used_event / the NO_INTERRUPT flag (the
 * driver does the mirror image, so one of the two sides always sees the
 * other's update).
 */
#include <string.h>

#include "system/hw/virtio.h"
#include "xrun/util.h"

/* -- Ring layout -- */

/* Ring fields are little endian; they are read and written in host order. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "virtqueues assume a little-endian host");

#define DESC_SIZE 16
#define RING_HDR 4 /* flags and idx of the available and used rings */

static uint64_t ring_desc_bytes(unsigned num)
{
    return (uint64_t)DESC_SIZE * num;
}
static uint64_t ring_avail_bytes(unsigned num)
{
    return RING_HDR + 2ULL * num + 2;
}
static uint64_t ring_used_bytes(unsigned num)
{
    return RING_HDR + 8ULL * num + 2;
}

typedef struct VirtqDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VirtqDesc;

static uint16_t ld16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void st16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, sizeof v);
}

static void desc_load(const uint8_t *table, unsigned i, VirtqDesc *d)
{
    uint8_t raw[DESC_SIZE];
    memcpy(raw, table + (size_t)i * DESC_SIZE, DESC_SIZE);
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
}

static uint16_t avail_idx(const VirtQueue *vq)
{
    return __atomic_load_n((const uint16_t *)(vq->avail + 2), __ATOMIC_ACQUIRE);
}

/* -- Enabling -- */

/* Host view of one ring part: in RAM, aligned in guest and host memory. */
static uint8_t *ring_map(VirtQueue *vq, const char *what, hwaddr pa, uint64_t len, unsigned align)
{
    uint8_t *p = mem_ram_ptr(pa, len);
    if (!p || (pa & (align - 1)) || ((uintptr_t)p & (align - 1))) {
        virtio_set_broken(vq->vdev, vq, "%s at 0x%llx (%llu bytes) is %s", what,
                          (unsigned long long)pa, (unsigned long long)len,
                          p ? "misaligned" : "not in guest RAM");
        return NULL;
    }
    return p;
}

void virtq_set_ready(VirtQueue *vq, bool ready)
{
    vq->ready = false;
    vq->desc = vq->avail = vq->used = NULL;
    vq->last_avail = vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_valid = false;
    vq->pending = false;
    if (!ready || vq->vdev->broken)
        return;
    unsigned num = vq->num;
    if (num == 0 || num > vq->num_max || (num & (num - 1))) {
        virtio_set_broken(vq->vdev, vq, "queue size %u is not a power of two up to %u", num,
                          vq->num_max);
        return;
    }
    vq->desc = ring_map(vq, "descriptor table", vq->desc_pa, ring_desc_bytes(num), 16);
    vq->avail =
        vq->desc ? ring_map(vq, "available ring", vq->avail_pa, ring_avail_bytes(num), 2) : NULL;
    vq->used = vq->avail ? ring_map(vq, "used ring", vq->used_pa, ring_used_bytes(num), 4) : NULL;
    if (!vq->used) {
        vq->desc = vq->avail = NULL;
        return;
    }
    /* used->flags is the device's: it always wants notifications. */
    st16(vq->used, 0);
    mem_dma_written(vq->used_pa, 2);
    vq->ready = true;
}

/* -- Taking requests -- */

/* Appends buffer d to e, checking it lies in guest RAM and that readable
 * buffers precede writable ones. */
static bool elem_add(VirtQueue *vq, VirtQueueElement *e, const VirtqDesc *d, unsigned i,
                     bool indirect, bool *saw_write)
{
    const char *where = indirect ? "indirect descriptor" : "descriptor";
    bool write = d->flags & VIRTQ_DESC_F_WRITE;
    if (!write && *saw_write) {
        virtio_set_broken(vq->vdev, vq, "%s %u is device-readable after a device-writable one",
                          where, i);
        return false;
    }
    *saw_write |= write;
    if (d->len == 0)
        return true; /* an empty buffer adds nothing */
    uint8_t *p = mem_ram_ptr(d->addr, d->len);
    if (!p) {
        virtio_set_broken(vq->vdev, vq, "%s %u: buffer 0x%llx length 0x%x is not in guest RAM",
                          where, i, (unsigned long long)d->addr, d->len);
        return false;
    }
    unsigned n = e->out_num + e->in_num;
    xr_assert(n < VIRTQ_MAX_CHAIN);
    e->iov[n].iov_base = p;
    e->iov[n].iov_len = d->len;
    e->addr[n] = d->addr;
    if (write) {
        e->in_num++;
        e->in_len += d->len;
    } else {
        e->out_num++;
        e->out_len += d->len;
    }
    return true;
}

/* Switches the walk from the descriptor table to the indirect table d
 * points at. */
static const uint8_t *indirect_table(VirtQueue *vq, const VirtqDesc *d, unsigned i, unsigned seen,
                                     bool indirect, unsigned *size)
{
    VirtIODevice *vdev = vq->vdev;
    const char *problem = NULL;
    if (!virtio_has_feature(vdev, VIRTIO_F_INDIRECT_DESC))
        problem = "is indirect but VIRTIO_F_INDIRECT_DESC was not negotiated";
    else if (indirect)
        problem = "is indirect inside an indirect table (nested)";
    else if (seen)
        problem = "is indirect but not the head of its chain";
    else if (d->flags & VIRTQ_DESC_F_NEXT)
        problem = "has both INDIRECT and NEXT";
    else if (d->len == 0 || d->len % DESC_SIZE)
        problem = "points at an indirect table whose length is not a non-zero multiple of 16";
    else if (d->len / DESC_SIZE > VIRTQ_MAX_CHAIN)
        problem = "points at an indirect table of more than 1024 descriptors";
    if (problem) {
        virtio_set_broken(vdev, vq, "descriptor %u %s (length 0x%x)", i, problem, d->len);
        return NULL;
    }
    const uint8_t *table = mem_ram_ptr(d->addr, d->len);
    if (!table) {
        virtio_set_broken(vdev, vq,
                          "descriptor %u: indirect table 0x%llx length 0x%x is not in guest RAM", i,
                          (unsigned long long)d->addr, d->len);
        return NULL;
    }
    *size = d->len / DESC_SIZE;
    return table;
}

/* Walks the chain starting at head into e. */
static bool chain_walk(VirtQueue *vq, uint16_t head, VirtQueueElement *e)
{
    const uint8_t *table = vq->desc;
    unsigned size = vq->num, i = head, seen = 0;
    bool indirect = false, saw_write = false;
    e->head = head;
    e->out_num = e->in_num = 0;
    e->out_len = e->in_len = 0;
    for (;;) {
        VirtqDesc d;
        desc_load(table, i, &d);
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            table = indirect_table(vq, &d, i, seen, indirect, &size);
            if (!table)
                return false;
            indirect = true;
            i = 0;
            continue;
        }
        /* More descriptors than the table holds means the chain loops. */
        if (++seen > size) {
            virtio_set_broken(vq->vdev, vq,
                              "descriptor chain from head %u loops (more than %u %sdescriptors)",
                              head, size, indirect ? "indirect " : "");
            return false;
        }
        if (!elem_add(vq, e, &d, i, indirect, &saw_write))
            return false;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return true;
        if (d.next >= size) {
            virtio_set_broken(vq->vdev, vq,
                              "%sdescriptor %u: next index %u is out of range (%u entries)",
                              indirect ? "indirect " : "", i, d.next, size);
            return false;
        }
        i = d.next;
    }
}

bool virtq_pop(VirtQueue *vq, VirtQueueElement *e)
{
    VirtIODevice *vdev = vq->vdev;
    if (!vq->ready || vdev->broken)
        return false;
    uint16_t idx = avail_idx(vq);
    uint16_t waiting = (uint16_t)(idx - vq->last_avail);
    if (waiting == 0)
        return false;
    if (waiting > vq->num) {
        virtio_set_broken(
            vdev, vq, "available index %u is %u entries ahead of %u, more than the queue size %u",
            idx, waiting, vq->last_avail, vq->num);
        return false;
    }
    uint16_t head = ld16(vq->avail + RING_HDR + 2 * (vq->last_avail % vq->num));
    if (head >= vq->num) {
        virtio_set_broken(vdev, vq,
                          "available ring entry %u names descriptor %u, out of range (%u entries)",
                          vq->last_avail, head, vq->num);
        return false;
    }
    if (!chain_walk(vq, head, e))
        return false;
    vq->last_avail++;
    if (virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX)) {
        /* avail_event: kick again as soon as anything past what was taken
         * becomes available; requests are handled synchronously, so the
         * device never wants fewer kicks. */
        hwaddr off = RING_HDR + 8ULL * vq->num;
        st16(vq->used + off, vq->last_avail);
        mem_dma_written(vq->used_pa + off, 2);
    }
    return true;
}

/* -- Returning requests -- */

void virtq_push(VirtQueue *vq, const VirtQueueElement *e, uint32_t len)
{
    if (!vq->ready || vq->vdev->broken)
        return;
    uint64_t left = len < e->in_len ? len : e->in_len;
    for (unsigned k = e->out_num; left && k < e->out_num + e->in_num; k++) {
        uint64_t n = e->iov[k].iov_len < left ? e->iov[k].iov_len : left;
        mem_dma_written(e->addr[k], n);
        left -= n;
    }
    hwaddr slot = RING_HDR + 8ULL * (vq->used_idx % vq->num);
    uint32_t entry[2] = {e->head, len < e->in_len ? len : (uint32_t)e->in_len};
    memcpy(vq->used + slot, entry, sizeof entry);
    mem_dma_written(vq->used_pa + slot, sizeof entry);
    vq->used_idx++;
    __atomic_store_n((uint16_t *)(vq->used + 2), vq->used_idx, __ATOMIC_RELEASE);
    mem_dma_written(vq->used_pa + 2, 2);
    vq->pending = true;
}

/* Whether the driver's used_event asks for an interrupt now that the used
 * index moved from old to new (virtio 1.x, 2.7.10): it does when event
 * lies in [old, new), counted modulo 2^16. */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old_idx)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

void virtq_notify(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    if (!vq->ready || vdev->broken || !vq->pending)
        return;
    vq->pending = false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    bool want;
    if (virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX)) {
        uint16_t used_event = ld16(vq->avail + RING_HDR + 2 * vq->num);
        want = !vq->signalled_valid || need_event(used_event, vq->used_idx, vq->signalled_used);
        vq->signalled_used = vq->used_idx;
        vq->signalled_valid = true;
    } else {
        want = !(ld16(vq->avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
    }
    if (want)
        virtio_raise_isr(vdev, VIRTIO_ISR_QUEUE);
}

/* -- Element contents -- */

/* Copies between the iovecs [first, first + count), seen as one stream
 * from byte off, and buf. */
static uint64_t iov_copy(const struct iovec *iov, unsigned count, uint64_t off, uint8_t *buf,
                         uint64_t len, bool to_iov)
{
    uint64_t done = 0;
    for (unsigned k = 0; k < count && done < len; k++) {
        if (off >= iov[k].iov_len) {
            off -= iov[k].iov_len;
            continue;
        }
        uint64_t n = iov[k].iov_len - off;
        if (n > len - done)
            n = len - done;
        uint8_t *p = (uint8_t *)iov[k].iov_base + off;
        if (to_iov)
            memcpy(p, buf + done, n);
        else
            memcpy(buf + done, p, n);
        done += n;
        off = 0;
    }
    return done;
}

uint64_t virtq_elem_read(const VirtQueueElement *e, uint64_t off, void *buf, uint64_t len)
{
    return iov_copy(e->iov, e->out_num, off, buf, len, false);
}

uint64_t virtq_elem_write(VirtQueueElement *e, uint64_t off, const void *buf, uint64_t len)
{
    return iov_copy(e->iov + e->out_num, e->in_num, off, (uint8_t *)buf, len, true);
}
