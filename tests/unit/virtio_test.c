/*
 * virtio tests, end to end: a fake driver builds split rings in fake guest
 * RAM and programs the virtio-mmio transport through the memory map, the
 * way Linux's virtio_mmio and virtio_ring do, then checks what the devices
 * did: blk (read, write, flush, get_id, discard, write zeroes, read-only),
 * rng, console in both directions, interrupt suppression (event index and
 * NO_INTERRUPT), and every malformed-ring case the queue code refuses.
 *
 * The fake RAM sits between two PROT_NONE pages: any device access outside
 * guest RAM would fault and the test would crash.
 *
 * The block layer is a RAM disk defined here, so the real one is not linked.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "system/event.h"
#include "system/hw/virtio_devices.h"
#include "system/hw/virtio_mmio.h"
#include "system/memory.h"

void sys_lock(void) {}
void sys_unlock(void) {}

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (1u << 20)
#define MMIO_BASE 0x0a000000ULL
#define QNUM 16
#define DATA (RAM_BASE + 0x20000) /* request buffers */
#define HDR (RAM_BASE + 0x30000)  /* request headers */
#define STATUS_PA (RAM_BASE + 0x30100)
#define IND (RAM_BASE + 0x31000) /* indirect tables */

enum {
    R_MAGIC = 0x000,
    R_VERSION = 0x004,
    R_DEVICE_ID = 0x008,
    R_VENDOR = 0x00c,
    R_DEV_FEAT = 0x010,
    R_DEV_FEAT_SEL = 0x014,
    R_DRV_FEAT = 0x020,
    R_DRV_FEAT_SEL = 0x024,
    R_QSEL = 0x030,
    R_QNUM_MAX = 0x034,
    R_QNUM = 0x038,
    R_QREADY = 0x044,
    R_NOTIFY = 0x050,
    R_ISR = 0x060,
    R_ACK = 0x064,
    R_STATUS = 0x070,
    R_DESC = 0x080,
    R_DRIVER = 0x090,
    R_DEVICE = 0x0a0,
    R_GEN = 0x0fc,
    R_CONFIG = 0x100,
};

/* -- The RAM disk behind virtio-blk -- */

struct BlockDev {
    uint8_t data[64 << 10];
    bool ro;
    int flushes, discards, zeroes;
    bool last_unmap;
    int used_at_flush;  /* the used index the driver could see during the flush */
    int status_at_read; /* the request's status byte while its data was read */
};
static BlockDev disk;
static int used_idx(unsigned q);
static uint8_t status_byte(void);

uint64_t blk_size(const BlockDev *bd)
{
    return sizeof bd->data;
}
bool blk_is_readonly(const BlockDev *bd)
{
    return bd->ro;
}

static bool disk_range(uint64_t off, uint64_t len)
{
    return off <= sizeof disk.data && len <= sizeof disk.data - off;
}

int blk_pread(BlockDev *bd, uint64_t off, void *buf, size_t len)
{
    cr_assert(disk_range(off, len), "read beyond the disk: 0x%llx+0x%zx", (unsigned long long)off,
              len);
    memcpy(buf, bd->data + off, len);
    bd->status_at_read = status_byte();
    return 0;
}

int blk_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    cr_assert(disk_range(off, len) && !bd->ro);
    memcpy(bd->data + off, buf, len);
    return 0;
}

int blk_flush(BlockDev *bd)
{
    bd->flushes++;
    bd->used_at_flush = used_idx(0);
    return 0;
}

int blk_discard(BlockDev *bd, uint64_t off, uint64_t len)
{
    cr_assert(disk_range(off, len) && !bd->ro);
    bd->discards++;
    memset(bd->data + off, 0, len);
    return 0;
}

int blk_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap)
{
    cr_assert(disk_range(off, len) && !bd->ro);
    bd->zeroes++;
    bd->last_unmap = may_unmap;
    memset(bd->data + off, 0, len);
    return 0;
}

/* -- Fake guest RAM and the interrupt line -- */

static uint8_t *map, *ram;
static size_t page;
static VirtIODevice *vdev;
static VirtIOMMIO *mmio;
static int irq_level, irq_raises;

static void irq_handler(void *opaque, int n, int level)
{
    if (level && !irq_level)
        irq_raises++;
    irq_level = level;
}

static void setup(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    map = mmap(NULL, RAM_SIZE + 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(map, MAP_FAILED);
    ram = map + page;
    cr_assert_eq(mprotect(ram, RAM_SIZE, PROT_READ | PROT_WRITE), 0);
    mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    memset(&disk, 0, sizeof disk);
    for (size_t i = 0; i < sizeof disk.data; i++)
        disk.data[i] = (uint8_t)(i * 7 + (i >> 9));
    irq_level = irq_raises = 0;
    vdev = NULL;
    mmio = NULL;
}

static void teardown(void)
{
    virtio_mmio_free(mmio);
    virtio_free(vdev);
    mem_reset();
    munmap(map, RAM_SIZE + 2 * page);
}

TestSuite(virtio, .init = setup, .fini = teardown);

static uint8_t *g(hwaddr pa)
{
    return ram + (pa - RAM_BASE);
}

static uint32_t rd(hwaddr off)
{
    uint64_t v;
    cr_assert(mem_read(MMIO_BASE + off, 4, &v));
    return (uint32_t)v;
}

static void wr(hwaddr off, uint32_t v)
{
    cr_assert(mem_write(MMIO_BASE + off, 4, v));
}

static void attach(VirtIODevice *d)
{
    vdev = d;
    mmio = virtio_mmio_new(MMIO_BASE, (IrqLine){irq_handler, NULL, 0}, d);
}

/* -- The fake driver -- */

static hwaddr q_desc(unsigned q)
{
    return RAM_BASE + 0x4000 * q;
}
static hwaddr q_avail(unsigned q)
{
    return q_desc(q) + 0x1000;
}
static hwaddr q_used(unsigned q)
{
    return q_desc(q) + 0x2000;
}
static uint16_t avail_shadow[VIRTIO_MAX_QUEUES];

static void st16(hwaddr pa, uint16_t v)
{
    memcpy(g(pa), &v, 2);
}
static uint16_t ld16(hwaddr pa)
{
    uint16_t v;
    memcpy(&v, g(pa), 2);
    return v;
}

static int used_idx(unsigned q)
{
    return ld16(q_used(q) + 2);
}
static uint32_t used_len(unsigned q, uint16_t i)
{
    uint32_t v;
    memcpy(&v, g(q_used(q) + 4 + 8 * (i % QNUM) + 4), 4);
    return v;
}

/* Negotiates offered & accept, sets up nq queues of QNUM entries and
 * reaches DRIVER_OK; returns the features in force. */
static uint64_t drv_start(unsigned nq, uint64_t accept)
{
    wr(R_STATUS, 0);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(R_DEV_FEAT_SEL, 0);
    uint64_t offered = rd(R_DEV_FEAT);
    wr(R_DEV_FEAT_SEL, 1);
    offered |= (uint64_t)rd(R_DEV_FEAT) << 32;
    uint64_t feat = offered & accept;
    wr(R_DRV_FEAT_SEL, 0);
    wr(R_DRV_FEAT, (uint32_t)feat);
    wr(R_DRV_FEAT_SEL, 1);
    wr(R_DRV_FEAT, (uint32_t)(feat >> 32));
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    wr(R_STATUS, st);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_FEATURES_OK, "features 0x%llx refused",
              (unsigned long long)feat);
    for (unsigned q = 0; q < nq; q++) {
        memset(g(q_desc(q)), 0, 0x4000);
        avail_shadow[q] = 0;
        wr(R_QSEL, q);
        cr_assert_geq(rd(R_QNUM_MAX), QNUM);
        cr_assert_eq(rd(R_QREADY), 0);
        wr(R_QNUM, QNUM);
        wr(R_DESC, (uint32_t)q_desc(q));
        wr(R_DESC + 4, (uint32_t)(q_desc(q) >> 32));
        wr(R_DRIVER, (uint32_t)q_avail(q));
        wr(R_DRIVER + 4, 0);
        wr(R_DEVICE, (uint32_t)q_used(q));
        wr(R_DEVICE + 4, 0);
        wr(R_QREADY, 1);
        cr_assert_eq(rd(R_QREADY), 1);
    }
    wr(R_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    return feat;
}

static void put_desc(hwaddr table, unsigned i, hwaddr addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t *p = g(table + 16 * i);
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

typedef struct Buf {
    hwaddr addr;
    uint32_t len;
    bool write;
} Buf;

/* Writes bufs as a chain at entries 0..n-1 of table. */
static void chain(hwaddr table, const Buf *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put_desc(table, i, b[i].addr, b[i].len,
                 (b[i].write ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0),
                 (uint16_t)(i + 1));
}

static void publish(unsigned q, uint16_t head)
{
    st16(q_avail(q) + 4 + 2 * (avail_shadow[q] % QNUM), head);
    avail_shadow[q]++;
    st16(q_avail(q) + 2, avail_shadow[q]);
}

static void kick(unsigned q)
{
    wr(R_NOTIFY, q);
}

/* Puts bufs on queue q as one request and kicks. */
static void submit(unsigned q, const Buf *b, unsigned n)
{
    chain(q_desc(q), b, n);
    publish(q, 0);
    kick(q);
}

static uint8_t status_byte(void)
{
    return *g(STATUS_PA);
}

static void set_header(uint32_t type, uint64_t sector)
{
    memset(g(HDR), 0, 16);
    memcpy(g(HDR), &type, 4);
    memcpy(g(HDR + 8), &sector, 8);
    *g(STATUS_PA) = 0xee;
}

/* A blk request with one data buffer; returns its status byte after
 * checking it completed. */
static uint8_t blk_req(uint32_t type, uint64_t sector, hwaddr data, uint32_t len, bool write)
{
    set_header(type, sector);
    Buf b[3] = {{HDR, 16, false}, {data, len, write}, {STATUS_PA, 1, true}};
    int before = used_idx(0);
    if (len)
        submit(0, b, 3);
    else {
        b[1] = b[2];
        submit(0, b, 2);
    }
    cr_assert_eq(used_idx(0), (uint16_t)(before + 1), "the request completed");
    return *g(STATUS_PA);
}

static VirtIODevice *blk_device(void)
{
    attach(virtio_blk_new(&disk, NULL));
    drv_start(1, ~0ULL);
    return vdev;
}

/* -- Collecting stderr -- */

static FILE *cap_file;
static int cap_saved = -1;
static void capture_begin(void)
{
    fflush(stderr);
    cap_file = tmpfile();
    cap_saved = dup(2);
    dup2(fileno(cap_file), 2);
}
static void capture_end(char *buf, size_t size)
{
    fflush(stderr);
    dup2(cap_saved, 2);
    close(cap_saved);
    rewind(cap_file);
    size_t n = fread(buf, 1, size - 1, cap_file);
    buf[n] = 0;
    fclose(cap_file);
}

/* -- Transport -- */

Test(virtio, mmio_identifies_the_device)
{
    attach(virtio_blk_new(&disk, NULL));
    cr_assert_eq(rd(R_MAGIC), 0x74726976);
    cr_assert_eq(rd(R_VERSION), 2);
    cr_assert_eq(rd(R_DEVICE_ID), VIRTIO_ID_BLOCK);
    cr_assert_eq(rd(R_VENDOR), 0x554d4551);
    uint64_t cap;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG, 8, &cap));
    cr_assert_eq(cap, sizeof disk.data / 512);
    uint64_t blk_size_cfg;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 20, 4, &blk_size_cfg));
    cr_assert_eq(blk_size_cfg, 512);
}

Test(virtio, empty_slot_reads_device_id_zero)
{
    mmio = virtio_mmio_new(MMIO_BASE, (IrqLine){irq_handler, NULL, 0}, NULL);
    cr_assert_eq(rd(R_MAGIC), 0x74726976);
    cr_assert_eq(rd(R_VERSION), 2);
    cr_assert_eq(rd(R_DEVICE_ID), 0);
    char log[1024];
    capture_begin();
    wr(R_STATUS, 1);
    capture_end(log, sizeof log);
    cr_assert_eq(rd(R_STATUS), 0);
    cr_assert_not_null(strstr(log, "empty slot"), "log: %s", log);
}

Test(virtio, bad_register_accesses_are_ignored)
{
    blk_device();
    uint64_t v = 1;
    char log[2048];
    capture_begin();
    cr_assert(mem_read(MMIO_BASE + R_STATUS, 2, &v));
    cr_assert(mem_write(MMIO_BASE + R_STATUS, 1, 0));
    wr(0x0f0, 5);   /* unknown */
    wr(R_MAGIC, 0); /* read-only */
    wr(R_QSEL, 7);  /* no such queue */
    wr(R_QNUM, 8);
    v = rd(R_QNUM_MAX);
    capture_end(log, sizeof log);
    cr_assert_eq(v, 0, "a missing queue has QueueNumMax 0");
    cr_assert_eq(rd(R_MAGIC), 0x74726976);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_DRIVER_OK, "the 1-byte status write was ignored");
    cr_assert_not_null(strstr(log, "virtio-mmio@0xa000000"), "log: %s", log);
}

Test(virtio, features_need_version_1)
{
    attach(virtio_blk_new(&disk, NULL));
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(R_DEV_FEAT_SEL, 1);
    cr_assert(rd(R_DEV_FEAT) & 1, "VERSION_1 offered");
    wr(R_DEV_FEAT_SEL, 0);
    uint32_t low = rd(R_DEV_FEAT);
    cr_assert(low & (1u << VIRTIO_F_INDIRECT_DESC));
    cr_assert(low & (1u << VIRTIO_F_EVENT_IDX));
    cr_assert(low & (1u << 9), "FLUSH offered");
    wr(R_DRV_FEAT_SEL, 0);
    wr(R_DRV_FEAT, low);
    char log[1024];
    capture_begin();
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    capture_end(log, sizeof log);
    cr_assert_not(rd(R_STATUS) & VIRTIO_STATUS_FEATURES_OK, "legacy driver refused");
    cr_assert_not_null(strstr(log, "VERSION_1"), "log: %s", log);

    /* A bit the device did not offer is refused too. */
    wr(R_STATUS, 0);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(R_DRV_FEAT_SEL, 1);
    wr(R_DRV_FEAT, 1 | (1u << 3));
    capture_begin();
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    capture_end(log, sizeof log);
    cr_assert_not(rd(R_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    cr_assert_not_null(strstr(log, "does not offer"), "log: %s", log);

    wr(R_DRV_FEAT, 1);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

/* -- virtio-blk -- */

Test(virtio, blk_reads_into_scattered_buffers)
{
    blk_device();
    set_header(0 /* IN */, 3);
    Buf b[4] = {
        {HDR, 16, false}, {DATA, 512, true}, {DATA + 0x1000, 512, true}, {STATUS_PA, 1, true}};
    submit(0, b, 4);
    cr_assert_eq(used_idx(0), 1);
    cr_assert_eq(*g(STATUS_PA), 0);
    cr_assert_eq(memcmp(g(DATA), disk.data + 3 * 512, 512), 0);
    cr_assert_eq(memcmp(g(DATA + 0x1000), disk.data + 4 * 512, 512), 0);
    cr_assert_eq(used_len(0, 0), 1025);
    cr_assert_eq(irq_level, 1);
    cr_assert_eq(rd(R_ISR), VIRTIO_ISR_QUEUE);
    wr(R_ACK, VIRTIO_ISR_QUEUE);
    cr_assert_eq(irq_level, 0);
    cr_assert_eq(rd(R_ISR), 0);
}

/* Records the guest ranges reported as written by the device. */
static struct {
    hwaddr pa;
    uint64_t len;
} written[64];
static unsigned n_written;
static void record_written(hwaddr pa, uint64_t len)
{
    if (n_written < 64)
        written[n_written++] = (typeof(written[0])){pa, len};
}
static bool was_written(hwaddr pa, uint64_t len)
{
    for (unsigned i = 0; i < n_written; i++)
        if (pa >= written[i].pa && pa - written[i].pa <= written[i].len &&
            len <= written[i].len - (pa - written[i].pa))
            return true;
    return false;
}

Test(virtio, blk_reports_device_writes_and_writes_status_last)
{
    blk_device();
    mem_code_written_hook = record_written;
    n_written = 0;
    cr_assert_eq(blk_req(0 /* IN */, 7, DATA, 1024, true), 0);
    mem_code_written_hook = NULL;
    cr_assert_eq(disk.status_at_read, 0xee, "the status byte was untouched while data moved");
    cr_assert(was_written(DATA, 1024), "the data buffer is reported");
    cr_assert(was_written(STATUS_PA, 1), "the status byte is reported");
    cr_assert(was_written(q_used(0) + 4, 8), "the used entry is reported");
    cr_assert(was_written(q_used(0) + 2, 2), "the used index is reported");
    cr_assert_not(was_written(HDR, 16), "the header was only read");
}

Test(virtio, reset_clears_interrupts_and_queues)
{
    blk_device();
    cr_assert_eq(blk_req(0, 0, DATA, 512, true), 0);
    cr_assert_eq(irq_level, 1);
    wr(R_STATUS, 0);
    cr_assert_eq(irq_level, 0);
    cr_assert_eq(rd(R_ISR), 0);
    cr_assert_eq(rd(R_STATUS), 0);
    wr(R_QSEL, 0);
    cr_assert_eq(rd(R_QREADY), 0);
    cr_assert_eq(rd(R_GEN), 0);
    /* Kicks of a reset device do nothing. */
    publish(0, 0);
    kick(0);
    cr_assert_eq(used_idx(0), 1);
}

Test(virtio, several_requests_in_one_kick)
{
    blk_device();
    for (unsigned r = 0; r < 3; r++) {
        hwaddr hdr = HDR + 0x200 * r, st = STATUS_PA + 0x200 * r;
        uint32_t type = 0;
        uint64_t sector = 10 + r;
        memcpy(g(hdr), &type, 4);
        memcpy(g(hdr + 8), &sector, 8);
        put_desc(q_desc(0), 3 * r, hdr, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(3 * r + 1));
        put_desc(q_desc(0), 3 * r + 1, DATA + 0x1000 * r, 512,
                 VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, (uint16_t)(3 * r + 2));
        put_desc(q_desc(0), 3 * r + 2, st, 1, VIRTQ_DESC_F_WRITE, 0);
        publish(0, (uint16_t)(3 * r));
    }
    kick(0);
    cr_assert_eq(used_idx(0), 3);
    cr_assert_eq(irq_raises, 1, "one interrupt for the batch");
    for (unsigned r = 0; r < 3; r++)
        cr_assert_eq(memcmp(g(DATA + 0x1000 * r), disk.data + (10 + r) * 512, 512), 0);
}

Test(virtio, blk_writes_then_flushes_before_completing)
{
    blk_device();
    memset(g(DATA), 0x5c, 1024);
    cr_assert_eq(blk_req(1 /* OUT */, 10, DATA, 1024, false), 0);
    cr_assert_eq(disk.data[10 * 512], 0x5c);
    cr_assert_eq(disk.data[12 * 512 - 1], 0x5c);
    cr_assert_neq(disk.data[12 * 512], 0x5c);
    cr_assert_eq(blk_req(4 /* FLUSH */, 0, 0, 0, false), 0);
    cr_assert_eq(disk.flushes, 1);
    cr_assert_eq(disk.used_at_flush, 1, "the flush ran before its request completed");
}

Test(virtio, blk_get_id_reports_the_serial)
{
    blk_device();
    memset(g(DATA), 0xff, 20);
    cr_assert_eq(blk_req(8 /* GET_ID */, 0, DATA, 20, true), 0);
    cr_assert_str_eq((char *)g(DATA), "xrun-virtio-blk");
    virtio_mmio_free(mmio);
    virtio_free(vdev);
    mem_reset();
    mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    attach(virtio_blk_new(&disk, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    drv_start(1, ~0ULL);
    memset(g(DATA), 0, 32);
    cr_assert_eq(blk_req(8, 0, DATA, 20, true), 0);
    cr_assert_eq(memcmp(g(DATA), "ABCDEFGHIJKLMNOPQRST", 20), 0);
    cr_assert_eq(*g(DATA + 20), 0, "only 20 bytes written");
}

static void put_segment(hwaddr pa, uint64_t sector, uint32_t count, uint32_t flags)
{
    memcpy(g(pa), &sector, 8);
    memcpy(g(pa + 8), &count, 4);
    memcpy(g(pa + 12), &flags, 4);
}

Test(virtio, blk_discard_and_write_zeroes)
{
    blk_device();
    uint64_t v;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 40, 4, &v));
    cr_assert_eq(v, 1, "max_discard_seg");
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 36, 4, &v));
    cr_assert_gt(v, 0, "max_discard_sectors");
    put_segment(DATA, 4, 2, 0);
    cr_assert_eq(blk_req(11 /* DISCARD */, 0, DATA, 16, false), 0);
    cr_assert_eq(disk.discards, 1);
    cr_assert_eq(disk.data[4 * 512 + 100], 0);
    cr_assert_neq(disk.data[6 * 512 + 100], 0);
    put_segment(DATA, 20, 1, 1);
    cr_assert_eq(blk_req(13 /* WRITE_ZEROES */, 0, DATA, 16, false), 0);
    cr_assert_eq(disk.zeroes, 1);
    cr_assert(disk.last_unmap);
    cr_assert_eq(disk.data[20 * 512 + 1], 0);
    /* Unmap is not a discard flag; a range past the end is an I/O error. */
    put_segment(DATA, 4, 1, 1);
    cr_assert_eq(blk_req(11, 0, DATA, 16, false), 2 /* UNSUPP */);
    put_segment(DATA, 127, 2, 0);
    cr_assert_eq(blk_req(13, 0, DATA, 16, false), 1 /* IOERR */);
    cr_assert_eq(disk.zeroes, 1);
}

Test(virtio, blk_refuses_bad_ranges_and_types)
{
    blk_device();
    cr_assert_eq(blk_req(0, 127, DATA, 1024, true), 1, "read past the end");
    cr_assert_eq(blk_req(0, UINT64_MAX, DATA, 512, true), 1, "sector overflow");
    cr_assert_eq(blk_req(0, 0, DATA, 100, true), 1, "not a whole sector");
    cr_assert_eq(blk_req(1, 128, DATA, 512, false), 1, "write past the end");
    cr_assert_eq(blk_req(99, 0, DATA, 512, true), 2, "unknown type");
    cr_assert_eq(blk_req(0, 127, DATA, 512, true), 0, "the last sector is fine");
    cr_assert_not(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

Test(virtio, blk_read_only_drive)
{
    disk.ro = true;
    attach(virtio_blk_new(&disk, NULL));
    wr(R_DEV_FEAT_SEL, 0);
    uint32_t f = rd(R_DEV_FEAT);
    cr_assert(f & (1u << 5), "VIRTIO_BLK_F_RO offered");
    cr_assert_not(f & (1u << 13), "no discard on a read-only disk");
    drv_start(1, ~0ULL);
    uint8_t before = disk.data[0];
    memset(g(DATA), 0x11, 512);
    cr_assert_eq(blk_req(1, 0, DATA, 512, false), 1);
    cr_assert_eq(disk.data[0], before);
    cr_assert_eq(blk_req(0, 0, DATA, 512, true), 0);
    cr_assert_eq(*g(DATA + 1), disk.data[1]);
    cr_assert_eq(blk_req(4, 0, 0, 0, false), 0, "flush succeeds");
}

Test(virtio, blk_indirect_request)
{
    blk_device();
    set_header(0, 1);
    Buf b[3] = {{HDR, 16, false}, {DATA, 512, true}, {STATUS_PA, 1, true}};
    chain(IND, b, 3);
    put_desc(q_desc(0), 5, IND, 3 * 16, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 5);
    kick(0);
    cr_assert_eq(used_idx(0), 1);
    cr_assert_eq(*g(STATUS_PA), 0);
    cr_assert_eq(memcmp(g(DATA), disk.data + 512, 512), 0);
    uint32_t id;
    memcpy(&id, g(q_used(0) + 4), 4);
    cr_assert_eq(id, 5, "the used entry names the head");
}

Test(virtio, ring_wraps_past_the_queue_size)
{
    blk_device();
    for (unsigned i = 0; i < 3 * QNUM + 1; i++) {
        cr_assert_eq(blk_req(0, i % 64, DATA, 512, true), 0);
        cr_assert_eq(*g(DATA + 7), disk.data[(i % 64) * 512 + 7]);
    }
    cr_assert_eq(used_idx(0), 3 * QNUM + 1);
}

/* -- virtio-rng -- */

Test(virtio, rng_fills_writable_buffers)
{
    attach(virtio_rng_new());
    cr_assert_eq(rd(R_DEVICE_ID), VIRTIO_ID_RNG);
    drv_start(1, ~0ULL);
    memset(g(DATA), 0, 256);
    Buf b[2] = {{DATA, 64, true}, {DATA + 128, 64, true}};
    submit(0, b, 2);
    cr_assert_eq(used_idx(0), 1);
    cr_assert_eq(used_len(0, 0), 128);
    int nonzero = 0;
    for (int i = 0; i < 64; i++)
        nonzero += (*g(DATA + i) != 0) + (*g(DATA + 128 + i) != 0);
    cr_assert_gt(nonzero, 64, "random bytes arrived");
    cr_assert_eq(*g(DATA + 64), 0, "nothing written between the buffers");
    cr_assert_eq(irq_level, 1);
}

/* -- virtio-console -- */

Test(virtio, console_transmits_to_the_fd)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    attach(virtio_console_new(fds[1]));
    cr_assert_eq(rd(R_DEVICE_ID), VIRTIO_ID_CONSOLE);
    drv_start(2, ~0ULL);
    memcpy(g(DATA), "hello, ", 7);
    memcpy(g(DATA + 0x100), "world\n", 6);
    Buf b[2] = {{DATA, 7, false}, {DATA + 0x100, 6, false}};
    submit(1, b, 2);
    cr_assert_eq(used_idx(1), 1);
    char got[32] = {0};
    cr_assert_eq(read(fds[0], got, sizeof got), 13);
    cr_assert_str_eq(got, "hello, world\n");
    close(fds[0]);
    close(fds[1]);
}

Test(virtio, console_receives_host_input)
{
    attach(virtio_console_new(-1));
    drv_start(2, ~0ULL);
    /* No buffer posted yet: the input waits. */
    cr_assert_eq(virtio_console_input(vdev, "ls\n", 3), 3);
    cr_assert_eq(used_idx(0), 0);
    Buf b = {DATA, 64, true};
    submit(0, &b, 1);
    cr_assert_eq(used_idx(0), 1);
    cr_assert_eq(used_len(0, 0), 3);
    cr_assert_eq(memcmp(g(DATA), "ls\n", 3), 0);
    cr_assert_eq(irq_level, 1);
    /* With a buffer posted, input goes straight in. */
    put_desc(q_desc(0), 1, DATA + 0x100, 4, VIRTQ_DESC_F_WRITE, 0);
    publish(0, 1);
    kick(0);
    cr_assert_eq(virtio_console_input(vdev, "abcdef", 6), 6);
    cr_assert_eq(used_idx(0), 2);
    cr_assert_eq(used_len(0, 1), 4, "a buffer takes what fits");
    cr_assert_eq(memcmp(g(DATA + 0x100), "abcd", 4), 0);
    /* "ef" waits; more input fills the bounded buffer and no further. */
    static char big[8192];
    memset(big, 'x', sizeof big);
    size_t took = virtio_console_input(vdev, big, sizeof big);
    cr_assert_eq(took, 4096 - 2);
    put_desc(q_desc(0), 2, DATA + 0x200, 8, VIRTQ_DESC_F_WRITE, 0);
    publish(0, 2);
    kick(0);
    cr_assert_eq(used_idx(0), 3);
    cr_assert_eq(memcmp(g(DATA + 0x200), "efxxxxxx", 8), 0);
}

static int room_calls;
static void count_room(void *opaque)
{
    room_calls += *(int *)opaque;
}

Test(virtio, console_says_when_refused_input_fits)
{
    attach(virtio_console_new(-1));
    static int one = 1;
    virtio_console_on_room(vdev, count_room, &one);
    room_calls = 0;
    drv_start(2, ~0ULL);
    static char big[5000];
    memset(big, 'y', sizeof big);
    cr_assert_eq(virtio_console_input(vdev, big, sizeof big), 4096);
    cr_assert_eq(room_calls, 0, "nothing moved yet");
    Buf b = {DATA, 1000, true};
    submit(0, &b, 1);
    cr_assert_eq(used_len(0, 0), 1000);
    cr_assert_eq(room_calls, 1, "the guest took input: room for more");
    cr_assert_eq(virtio_console_input(vdev, big, sizeof big), 1000);
}

/* -- Interrupt suppression -- */

static void rng_request(uint16_t head)
{
    put_desc(q_desc(0), head, DATA + 64 * head, 8, VIRTQ_DESC_F_WRITE, 0);
    publish(0, head);
    kick(0);
}

Test(virtio, event_index_suppresses_interrupts)
{
    attach(virtio_rng_new());
    uint64_t feat = drv_start(1, ~0ULL);
    cr_assert(feat & (1ULL << VIRTIO_F_EVENT_IDX));
    hwaddr used_event = q_avail(0) + 4 + 2 * QNUM;
    hwaddr avail_event = q_used(0) + 4 + 8 * QNUM;
    rng_request(0);
    cr_assert_eq(irq_raises, 1);
    cr_assert_eq(ld16(avail_event), 1, "the device asks for the next kick");
    wr(R_ACK, 1);
    /* The driver wants an interrupt only once used idx passes 4. */
    st16(used_event, 4);
    rng_request(1);
    rng_request(2);
    rng_request(3);
    cr_assert_eq(used_idx(0), 4);
    cr_assert_eq(irq_raises, 1, "no interrupt before used_event");
    rng_request(4);
    cr_assert_eq(irq_raises, 2, "used idx went past used_event 4");
    wr(R_ACK, 1);
    rng_request(5);
    cr_assert_eq(irq_raises, 2, "used_event is behind: no interrupt");
    cr_assert_eq(ld16(avail_event), 6);
}

Test(virtio, no_interrupt_flag_without_event_index)
{
    attach(virtio_rng_new());
    uint64_t feat = drv_start(1, ~(1ULL << VIRTIO_F_EVENT_IDX));
    cr_assert_not(feat & (1ULL << VIRTIO_F_EVENT_IDX));
    st16(q_avail(0), VIRTQ_AVAIL_F_NO_INTERRUPT);
    rng_request(0);
    rng_request(1);
    cr_assert_eq(used_idx(0), 2);
    cr_assert_eq(irq_raises, 0);
    st16(q_avail(0), 0);
    rng_request(2);
    cr_assert_eq(irq_raises, 1);
    cr_assert_eq(ld16(q_used(0) + 4 + 8 * QNUM), 0, "no avail_event without EVENT_IDX");
}

/* -- Malformed rings: each breaks the device, once, cleanly -- */

/* Kicks queue 0 of the blk device and checks it became broken with one log
 * line naming the device, the queue and the problem. */
static void expect_broken(const char *problem)
{
    char log[2048];
    int before = used_idx(0);
    capture_begin();
    kick(0);
    kick(0); /* a second kick changes nothing and logs nothing */
    capture_end(log, sizeof log);
    cr_assert_eq(used_idx(0), before, "nothing completed");
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET, "DEVICE_NEEDS_RESET set");
    cr_assert(rd(R_ISR) & VIRTIO_ISR_CONFIG, "configuration-change interrupt");
    cr_assert_eq(irq_level, 1);
    cr_assert_not_null(strstr(log, "virtio-blk@0xa000000: queue 0: "), "log: %s", log);
    cr_assert_not_null(strstr(log, problem), "log lacks \"%s\": %s", problem, log);
    cr_assert_eq(strchr(log, '\n'), log + strlen(log) - 1, "one line: %s", log);

    /* Broken: a valid request is left alone until a reset. */
    wr(R_ACK, 3);
    set_header(0, 0);
    Buf ok[3] = {{HDR, 16, false}, {DATA, 512, true}, {STATUS_PA, 1, true}};
    submit(0, ok, 3);
    cr_assert_eq(used_idx(0), before);
    cr_assert_eq(irq_level, 0);

    drv_start(1, ~0ULL);
    cr_assert_not(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET, "reset clears it");
    cr_assert_eq(blk_req(0, 2, DATA, 512, true), 0, "the device works after a reset");
}

static void publish_chain(const Buf *b, unsigned n)
{
    set_header(0, 0);
    chain(q_desc(0), b, n);
    publish(0, 0);
}

Test(virtio, broken_buffer_past_the_end_of_ram)
{
    blk_device();
    /* The last 8 bytes of RAM and 8 of the guard page. */
    Buf b[3] = {{HDR, 16, false}, {RAM_BASE + RAM_SIZE - 8, 16, true}, {STATUS_PA, 1, true}};
    publish_chain(b, 3);
    expect_broken("descriptor 1: buffer 0x400ffff8 length 0x10 is not in guest RAM");
}

Test(virtio, broken_buffer_that_wraps_the_address_space)
{
    blk_device();
    Buf b[3] = {{HDR, 16, false}, {0xfffffffffffff000ULL, 0x2000, true}, {STATUS_PA, 1, true}};
    publish_chain(b, 3);
    expect_broken("is not in guest RAM");
}

Test(virtio, broken_buffer_longer_than_ram)
{
    blk_device();
    Buf b[3] = {{HDR, 16, false}, {RAM_BASE, 0xffffffffu, true}, {STATUS_PA, 1, true}};
    publish_chain(b, 3);
    expect_broken("length 0xffffffff is not in guest RAM");
}

Test(virtio, broken_chain_loop)
{
    blk_device();
    set_header(0, 0);
    put_desc(q_desc(0), 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(q_desc(0), 1, HDR, 16, VIRTQ_DESC_F_NEXT, 0);
    publish(0, 0);
    expect_broken("loops");
}

Test(virtio, broken_next_index_out_of_range)
{
    blk_device();
    put_desc(q_desc(0), 0, HDR, 16, VIRTQ_DESC_F_NEXT, QNUM);
    publish(0, 0);
    expect_broken("descriptor 0: next index 16 is out of range");
}

Test(virtio, broken_head_out_of_range)
{
    blk_device();
    publish(0, QNUM + 3);
    expect_broken("names descriptor 19, out of range");
}

Test(virtio, broken_readable_after_writable)
{
    blk_device();
    Buf b[3] = {{HDR, 16, false}, {STATUS_PA, 1, true}, {DATA, 512, false}};
    publish_chain(b, 3);
    expect_broken("descriptor 2 is device-readable after a device-writable one");
}

Test(virtio, broken_avail_index_jump)
{
    blk_device();
    st16(q_avail(0) + 2, QNUM + 1);
    expect_broken("available index 17 is 17 entries ahead of 0");
}

Test(virtio, broken_indirect_length_not_a_multiple_of_16)
{
    blk_device();
    put_desc(q_desc(0), 0, IND, 40, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 0);
    expect_broken("not a non-zero multiple of 16");
}

Test(virtio, broken_indirect_table_outside_ram)
{
    blk_device();
    put_desc(q_desc(0), 0, RAM_BASE + RAM_SIZE - 32, 64, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 0);
    expect_broken("indirect table 0x400fffe0 length 0x40 is not in guest RAM");
}

Test(virtio, broken_nested_indirect)
{
    blk_device();
    put_desc(IND, 0, IND + 0x100, 32, VIRTQ_DESC_F_INDIRECT, 0);
    put_desc(q_desc(0), 0, IND, 16, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 0);
    expect_broken("nested");
}

Test(virtio, broken_indirect_with_next)
{
    blk_device();
    put_desc(q_desc(0), 0, IND, 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
    publish(0, 0);
    expect_broken("both INDIRECT and NEXT");
}

Test(virtio, broken_indirect_loop)
{
    blk_device();
    put_desc(IND, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(IND, 1, HDR, 16, VIRTQ_DESC_F_NEXT, 0);
    put_desc(q_desc(0), 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 0);
    expect_broken("loops (more than 2 indirect descriptors)");
}

Test(virtio, broken_indirect_without_the_feature)
{
    attach(virtio_blk_new(&disk, NULL));
    drv_start(1, ~(1ULL << VIRTIO_F_INDIRECT_DESC));
    put_desc(q_desc(0), 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    publish(0, 0);
    expect_broken("VIRTIO_F_INDIRECT_DESC was not negotiated");
}

Test(virtio, broken_request_without_status_byte)
{
    blk_device();
    Buf b[1] = {{HDR, 16, false}};
    publish_chain(b, 1);
    expect_broken("no room for the 16-byte header and the status byte");
}

Test(virtio, broken_ring_outside_ram_at_enable)
{
    attach(virtio_blk_new(&disk, NULL));
    wr(R_STATUS, 1 | 2);
    wr(R_DRV_FEAT_SEL, 1);
    wr(R_DRV_FEAT, 1);
    wr(R_STATUS, 1 | 2 | 8);
    wr(R_QSEL, 0);
    wr(R_QNUM, QNUM);
    wr(R_DESC, (uint32_t)(RAM_BASE + RAM_SIZE - 16 * QNUM + 16));
    wr(R_DRIVER, (uint32_t)q_avail(0));
    wr(R_DEVICE, (uint32_t)q_used(0));
    char log[1024];
    capture_begin();
    wr(R_QREADY, 1);
    capture_end(log, sizeof log);
    cr_assert_eq(rd(R_QREADY), 0);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    cr_assert_not_null(
        strstr(log, "virtio-blk@0xa000000: queue 0: descriptor table at 0x400fff10 (256 bytes) "
                    "is not in guest RAM"),
        "log: %s", log);
    /* A queue size that is not a power of two is refused the same way. */
    drv_start(0, ~0ULL);
    wr(R_QSEL, 0);
    wr(R_QNUM, 12);
    wr(R_DESC, (uint32_t)q_desc(0));
    capture_begin();
    wr(R_QREADY, 1);
    capture_end(log, sizeof log);
    cr_assert_eq(rd(R_QREADY), 0);
    cr_assert_not_null(strstr(log, "queue size 12 is not a power of two"), "log: %s", log);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    printf("virtio: %zu passed, %zu failed\n", stats->tests_passed,
           stats->tests_failed + stats->tests_crashed);
}
