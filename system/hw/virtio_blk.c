/*
 * virtio-blk (virtio 1.x, 5.2): a disk on a BlockDev.
 *
 * A request is one chain:
 *
 *     out: le32 type | le32 reserved | le64 sector | [data or segments]
 *     in:  [data] | u8 status
 *
 * Requests run synchronously in the queue notification: each completes
 * (status byte written last, then the used ring) before the next is taken.
 * A FLUSH completes only after blk_flush made every earlier write durable.
 * DISCARD and WRITE_ZEROES carry 16-byte segments (le64 sector, le32
 * num_sectors, le32 flags) after the header; one segment per request is
 * offered, which is what Linux sends when max_*_seg is 1.
 *
 * Driver mistakes in a request's shape (no room for the header or the
 * status byte) break the device, as they would break any later request;
 * requests that are well-formed but cannot be served (out of range,
 * unaligned, a write to a read-only disk, an I/O error) end with IOERR or
 * UNSUPP and the device carries on.
 */
#include <string.h>

#include "system/hw/virtio_devices.h"
#include "xrun/util.h"

enum {
    BLK_F_SIZE_MAX = 1,
    BLK_F_SEG_MAX = 2,
    BLK_F_RO = 5,
    BLK_F_BLK_SIZE = 6,
    BLK_F_FLUSH = 9,
    BLK_F_DISCARD = 13,
    BLK_F_WRITE_ZEROES = 14,
};

enum {
    BLK_T_IN = 0,
    BLK_T_OUT = 1,
    BLK_T_FLUSH = 4,
    BLK_T_GET_ID = 8,
    BLK_T_DISCARD = 11,
    BLK_T_WRITE_ZEROES = 13,
};

enum { BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_S_UNSUPP = 2 };

/* Configuration space offsets (struct virtio_blk_config). */
enum {
    CFG_CAPACITY = 0,
    CFG_SIZE_MAX = 8,
    CFG_SEG_MAX = 12,
    CFG_BLK_SIZE = 20,
    CFG_MAX_DISCARD_SECTORS = 36,
    CFG_MAX_DISCARD_SEG = 40,
    CFG_DISCARD_ALIGNMENT = 44,
    CFG_MAX_WRITE_ZEROES_SECTORS = 48,
    CFG_MAX_WRITE_ZEROES_SEG = 52,
    CFG_WRITE_ZEROES_MAY_UNMAP = 56,
    CFG_SIZE = 60,
};

#define SECTOR 512
#define BLK_QUEUE_SIZE 256
#define BLK_HDR_SIZE 16
#define BLK_ID_BYTES 20
#define BLK_SEG_SIZE 16
/* Largest discard / write-zeroes extent, in sectors (1 GiB). */
#define BLK_MAX_ZERO_SECTORS (1u << 21)
/* Largest data buffer per descriptor: what one host call moves at once. */
#define BLK_SIZE_MAX (1u << 20)
#define BLK_UNMAP_FLAG 1

typedef struct VirtIOBlk {
    VirtIODevice vdev;
    BlockDev *bd;
    uint64_t sectors;
    bool readonly;
    char serial[BLK_ID_BYTES];
    VirtQueueElement elem;
} VirtIOBlk;

/* Whether [sector, sector + bytes / 512) lies on the disk, without overflow. */
static bool blk_in_range(const VirtIOBlk *b, uint64_t sector, uint64_t bytes)
{
    return sector <= b->sectors && bytes / SECTOR <= b->sectors - sector;
}

/* IN: reads straight into the guest's buffers; data_len excludes the
 * status byte. */
static uint8_t blk_do_read(VirtIOBlk *b, VirtQueueElement *e, uint64_t sector, uint64_t data_len)
{
    if (data_len % SECTOR || !blk_in_range(b, sector, data_len))
        return BLK_S_IOERR;
    uint64_t pos = sector * SECTOR, left = data_len;
    for (unsigned k = e->out_num; left && k < e->out_num + e->in_num; k++) {
        size_t n = e->iov[k].iov_len < left ? e->iov[k].iov_len : left;
        if (blk_pread(b->bd, pos, e->iov[k].iov_base, n) < 0)
            return BLK_S_IOERR;
        pos += n;
        left -= n;
    }
    return BLK_S_OK;
}

/* OUT: writes the out buffers that follow the header. */
static uint8_t blk_do_write(VirtIOBlk *b, VirtQueueElement *e, uint64_t sector)
{
    uint64_t data_len = e->out_len - BLK_HDR_SIZE;
    if (b->readonly || data_len % SECTOR || !blk_in_range(b, sector, data_len))
        return BLK_S_IOERR;
    uint64_t pos = sector * SECTOR, skip = BLK_HDR_SIZE;
    for (unsigned k = 0; k < e->out_num; k++) {
        size_t len = e->iov[k].iov_len;
        if (skip >= len) {
            skip -= len;
            continue;
        }
        if (blk_pwrite(b->bd, pos, (uint8_t *)e->iov[k].iov_base + skip, len - skip) < 0)
            return BLK_S_IOERR;
        pos += len - skip;
        skip = 0;
    }
    return BLK_S_OK;
}

/* DISCARD / WRITE_ZEROES: one segment after the header. */
static uint8_t blk_do_zeroes(VirtIOBlk *b, VirtQueueElement *e, uint32_t type)
{
    uint8_t seg[BLK_SEG_SIZE];
    uint64_t sector;
    uint32_t count, flags;
    if (e->out_len - BLK_HDR_SIZE != BLK_SEG_SIZE)
        return BLK_S_UNSUPP; /* zero or several segments: more than offered */
    virtq_elem_read(e, BLK_HDR_SIZE, seg, sizeof seg);
    memcpy(&sector, seg, 8);
    memcpy(&count, seg + 8, 4);
    memcpy(&flags, seg + 12, 4);
    /* Unmap is the only flag, and only for WRITE_ZEROES. */
    if (flags & ~(type == BLK_T_WRITE_ZEROES ? BLK_UNMAP_FLAG : 0))
        return BLK_S_UNSUPP;
    if (b->readonly || count > BLK_MAX_ZERO_SECTORS ||
        !blk_in_range(b, sector, (uint64_t)count * SECTOR))
        return BLK_S_IOERR;
    if (count == 0)
        return BLK_S_OK;
    int rc = type == BLK_T_DISCARD
                 ? blk_discard(b->bd, sector * SECTOR, (uint64_t)count * SECTOR)
                 : blk_write_zeroes(b->bd, sector * SECTOR, (uint64_t)count * SECTOR,
                                    flags & BLK_UNMAP_FLAG);
    return rc < 0 ? BLK_S_IOERR : BLK_S_OK;
}

/* Serves request e; returns the bytes written into its in buffers
 * (data and status). */
static uint32_t blk_request(VirtIOBlk *b, VirtQueue *vq, VirtQueueElement *e)
{
    uint8_t hdr[BLK_HDR_SIZE];
    uint32_t type;
    uint64_t sector;
    if (e->out_len < BLK_HDR_SIZE || e->in_len < 1) {
        virtio_set_broken(&b->vdev, vq,
                          "request %u has %llu readable and %llu writable bytes, "
                          "no room for the 16-byte header and the status byte",
                          e->head, (unsigned long long)e->out_len, (unsigned long long)e->in_len);
        return 0;
    }
    virtq_elem_read(e, 0, hdr, sizeof hdr);
    memcpy(&type, hdr, 4);
    memcpy(&sector, hdr + 8, 8);
    uint64_t data_len = e->in_len - 1; /* the in bytes before the status */
    uint8_t status;
    switch (type) {
    case BLK_T_IN:
        status = blk_do_read(b, e, sector, data_len);
        break;
    case BLK_T_OUT:
        status = blk_do_write(b, e, sector);
        break;
    case BLK_T_FLUSH:
        status = b->readonly || blk_flush(b->bd) == 0 ? BLK_S_OK : BLK_S_IOERR;
        break;
    case BLK_T_GET_ID:
        virtq_elem_write(e, 0, b->serial, data_len < BLK_ID_BYTES ? data_len : BLK_ID_BYTES);
        status = BLK_S_OK;
        break;
    case BLK_T_DISCARD:
    case BLK_T_WRITE_ZEROES:
        status = blk_do_zeroes(b, e, type);
        break;
    default:
        status = BLK_S_UNSUPP;
        break;
    }
    virtq_elem_write(e, data_len, &status, 1);
    /* The used length is the whole writable part: the status sits at its
     * end, and the driver finds it there. */
    return data_len < UINT32_MAX ? (uint32_t)(data_len + 1) : UINT32_MAX;
}

static void blk_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlk *b = (VirtIOBlk *)vdev;
    while (virtq_pop(vq, &b->elem)) {
        uint32_t len = blk_request(b, vq, &b->elem);
        if (vdev->broken)
            return;
        virtq_push(vq, &b->elem, len);
    }
    virtq_notify(vq);
}

static const VirtIODeviceOps blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = (1ULL << BLK_F_SIZE_MAX) | (1ULL << BLK_F_SEG_MAX) | (1ULL << BLK_F_BLK_SIZE) |
                (1ULL << BLK_F_FLUSH) | (1ULL << BLK_F_DISCARD) | (1ULL << BLK_F_WRITE_ZEROES),
    .num_queues = 1,
    .queue_max = BLK_QUEUE_SIZE,
    .config_size = CFG_SIZE,
    .handle_queue = blk_handle,
};

VirtIODevice *virtio_blk_new(BlockDev *bd, const char *serial)
{
    VirtIOBlk *b = xr_calloc(1, sizeof *b);
    b->bd = bd;
    b->readonly = blk_is_readonly(bd);
    b->sectors = blk_size(bd) / SECTOR;
    /* GET_ID returns 20 bytes, NUL-padded, not necessarily terminated. */
    strncpy(b->serial, serial ? serial : "xrun-virtio-blk", BLK_ID_BYTES);
    VirtIODevice *vdev = &b->vdev;
    virtio_init(vdev, &blk_ops);
    if (b->readonly) {
        vdev->host_features |= 1ULL << BLK_F_RO;
        vdev->host_features &= ~((1ULL << BLK_F_DISCARD) | (1ULL << BLK_F_WRITE_ZEROES));
    }
    virtio_config_set64(vdev, CFG_CAPACITY, b->sectors);
    virtio_config_set32(vdev, CFG_SIZE_MAX, BLK_SIZE_MAX);
    /* Two descriptors of each chain carry the header and the status. */
    virtio_config_set32(vdev, CFG_SEG_MAX, BLK_QUEUE_SIZE - 2);
    virtio_config_set32(vdev, CFG_BLK_SIZE, SECTOR);
    virtio_config_set32(vdev, CFG_MAX_DISCARD_SECTORS, BLK_MAX_ZERO_SECTORS);
    virtio_config_set32(vdev, CFG_MAX_DISCARD_SEG, 1);
    virtio_config_set32(vdev, CFG_DISCARD_ALIGNMENT, 1);
    virtio_config_set32(vdev, CFG_MAX_WRITE_ZEROES_SECTORS, BLK_MAX_ZERO_SECTORS);
    virtio_config_set32(vdev, CFG_MAX_WRITE_ZEROES_SEG, 1);
    vdev->config[CFG_WRITE_ZEROES_MAY_UNMAP] = 1;
    return vdev;
}
