/*
 * A deterministic mutational fuzzer of the virtqueue code and the virtio
 * devices behind the virtio-mmio transport.
 *
 *     virtqueue_fuzz DEVICE SECONDS SEED      DEVICE: blk, rng or console
 *
 * Each iteration builds a fresh device in 64 KiB of fake guest RAM placed
 * between two PROT_NONE pages, negotiates random features, places the
 * rings (mostly inside RAM, sometimes not), then alternates between
 * well-formed requests, random descriptor tables, random mutations of the
 * rings and headers, random register writes and kicks. The program is
 * built with AddressSanitizer and UBSan: a host access outside guest RAM
 * faults on a guard page, any other memory error or undefined behaviour
 * aborts, and the RAM disk behind virtio-blk aborts if the device asks for
 * bytes beyond the disk. Surviving the time budget is a pass.
 *
 * The PRNG (splitmix64) is seeded from the command line, so a failing run
 * replays with the same seed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "system/event.h"
#include "system/hw/virtio_devices.h"
#include "system/hw/virtio_mmio.h"
#include "system/memory.h"

void sys_lock(void) {}
void sys_unlock(void) {}

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (64u << 10)
#define MMIO_BASE 0x0a000000ULL

/* -- PRNG -- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

/* -- The RAM disk: the device must stay inside it -- */

struct BlockDev {
    uint8_t data[32 << 10];
    bool ro;
};
static BlockDev disk;

static void disk_check(uint64_t off, uint64_t len, bool write)
{
    if (off > sizeof disk.data || len > sizeof disk.data - off || (write && disk.ro)) {
        dprintf(2,
                "fuzz: virtio-blk asked the block layer for %s of [0x%llx, +0x%llx) "
                "on a %zu-byte%s disk\n",
                write ? "a write" : "a read", (unsigned long long)off, (unsigned long long)len,
                sizeof disk.data, disk.ro ? " read-only" : "");
        abort();
    }
}

uint64_t blk_size(const BlockDev *bd)
{
    return sizeof bd->data;
}
bool blk_is_readonly(const BlockDev *bd)
{
    return bd->ro;
}

int blk_pread(BlockDev *bd, uint64_t off, void *buf, size_t len)
{
    disk_check(off, len, false);
    memcpy(buf, bd->data + off, len);
    return 0;
}

int blk_pwrite(BlockDev *bd, uint64_t off, const void *buf, size_t len)
{
    disk_check(off, len, true);
    memcpy(bd->data + off, buf, len);
    return 0;
}

int blk_flush(BlockDev *bd)
{
    return 0;
}

int blk_discard(BlockDev *bd, uint64_t off, uint64_t len)
{
    disk_check(off, len, true);
    return 0;
}

int blk_write_zeroes(BlockDev *bd, uint64_t off, uint64_t len, bool may_unmap)
{
    disk_check(off, len, true);
    memset(bd->data + off, 0, len);
    return 0;
}

/* -- Guest RAM and the driver's view -- */

static uint8_t *ram;

typedef struct FuzzQueue {
    hwaddr desc, avail, used;
    unsigned num;
    uint16_t avail_idx;
} FuzzQueue;

static FuzzQueue fq[VIRTIO_MAX_QUEUES];
static unsigned nq;
static VirtIODevice *vdev;

static void wr(hwaddr off, uint32_t v)
{
    mem_write(MMIO_BASE + off, 4, v);
}

static uint32_t rd(hwaddr off)
{
    uint64_t v;
    mem_read(MMIO_BASE + off, 4, &v);
    return (uint32_t)v;
}

/* Writes len bytes at guest pa when the range is in RAM (the fuzzer's own
 * writes obey the same rule as the device's). */
static void poke(hwaddr pa, const void *src, size_t len)
{
    if (pa >= RAM_BASE && pa - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (pa - RAM_BASE))
        memcpy(ram + (pa - RAM_BASE), src, len);
}

static void poke16(hwaddr pa, uint16_t v)
{
    poke(pa, &v, 2);
}

/* A guest address: mostly inside RAM, sometimes at its edges or anywhere. */
static hwaddr pick_addr(unsigned align)
{
    switch (below(10)) {
    case 0:
        return RAM_BASE + RAM_SIZE - below(64);
    case 1:
        return RAM_BASE - below(64);
    case 2:
        return rnd();
    default:
        return (RAM_BASE + below(RAM_SIZE)) & ~(hwaddr)(align - 1);
    }
}

static uint32_t pick_len(void)
{
    switch (below(8)) {
    case 0:
        return 0;
    case 1:
        return (uint32_t)rnd();
    case 2:
        return 512u * (1 + below(8));
    case 3:
        return 16u * (1 + below(4));
    case 4:
        return 1;
    default:
        return below(600);
    }
}

static void put_desc(hwaddr table, unsigned i, hwaddr addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t d[16];
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
    poke(table + 16ULL * i, d, sizeof d);
}

/* -- Building requests -- */

/* A well-formed virtio-blk request: header, sector-sized data buffers
 * (readable for a write, writable otherwise), status byte. Fills lens[] and
 * dirs[]; returns the number of buffers. */
static unsigned blk_shape(uint32_t *lens, bool *writable, hwaddr hdr_at)
{
    static const uint32_t types[] = {0, 1, 4, 8, 11, 13, 99};
    uint8_t hdr[16] = {0};
    uint32_t type = types[below(7)];
    uint64_t sector = below(4) ? below(80) : rnd();
    memcpy(hdr, &type, 4);
    memcpy(hdr + 8, &sector, 8);
    poke(hdr_at, hdr, sizeof hdr);
    unsigned n = 0;
    lens[n] = 16;
    writable[n++] = false;
    unsigned data = below(4);
    for (unsigned k = 0; k < data; k++) {
        lens[n] = type == 11 || type == 13 ? 16 : (type == 8 ? 20 : 512u * (1 + below(4)));
        writable[n++] = type != 1 && type != 11 && type != 13;
    }
    lens[n] = 1;
    writable[n++] = true;
    return n;
}

/* Any chain that follows the rules: readable buffers, then writable ones,
 * inside RAM; half of them shaped as virtio-blk requests. */
static void build_good_chain(FuzzQueue *q, unsigned head, bool indirect)
{
    uint32_t lens[8];
    bool writable[8];
    hwaddr first = RAM_BASE + below(RAM_SIZE - 16);
    unsigned n;
    if (below(2)) {
        n = blk_shape(lens, writable, first);
    } else {
        n = 1 + below(5);
        unsigned nout = below(n + 1);
        for (unsigned k = 0; k < n; k++) {
            lens[k] = 1 + below(1024);
            writable[k] = k >= nout;
        }
    }
    hwaddr table = q->desc;
    unsigned base = head, size = q->num;
    if (indirect) {
        table = (RAM_BASE + below(RAM_SIZE - 16 * 8)) & ~15ULL;
        put_desc(q->desc, head, table, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
        base = 0;
        size = n;
    }
    for (unsigned k = 0; k < n; k++) {
        hwaddr addr = k == 0 ? first : RAM_BASE + below(RAM_SIZE - lens[k]);
        if (k && lens[k] == 16 && !writable[k]) {
            /* A discard / write-zeroes segment: sector, count, flags. */
            uint32_t seg[4] = {below(80), 0, below(16), below(4) ? 0 : below(3)};
            poke(addr, seg, sizeof seg);
        }
        unsigned i = (base + k) % size, next = (base + k + 1) % size;
        uint16_t flags =
            (writable[k] ? VIRTQ_DESC_F_WRITE : 0) | (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
        put_desc(table, i, addr, lens[k], flags, (uint16_t)next);
    }
}

/* Descriptors of random content. */
static void build_random_descs(FuzzQueue *q, unsigned count)
{
    for (unsigned k = 0; k < count; k++) {
        uint16_t flags = (uint16_t)(below(4) ? rnd() & 7 : rnd());
        uint16_t next = (uint16_t)(below(4) ? below(q->num) : rnd());
        hwaddr addr = (flags & VIRTQ_DESC_F_INDIRECT) && below(2) ? pick_addr(16) : pick_addr(1);
        put_desc(q->desc, below(q->num), addr, pick_len(), flags, next);
    }
}

/* Flips bytes of the rings, headers or anything else in RAM. */
static void mutate(FuzzQueue *q)
{
    unsigned count = 1 + below(8);
    for (unsigned k = 0; k < count; k++) {
        hwaddr at;
        switch (below(4)) {
        case 0:
            at = q->desc + below(16 * q->num);
            break;
        case 1:
            at = q->avail + below(6 + 2 * q->num);
            break;
        case 2:
            at = q->used + below(6 + 8 * q->num);
            break;
        default:
            at = RAM_BASE + below(RAM_SIZE);
            break;
        }
        uint8_t b = (uint8_t)rnd();
        poke(at, &b, 1);
    }
}

static void publish(FuzzQueue *q, uint16_t head)
{
    poke16(q->avail + 4 + 2ULL * (q->avail_idx % q->num), head);
    q->avail_idx++;
    poke16(q->avail + 2, q->avail_idx);
}

/* -- Driving the transport -- */

static void setup_queue(unsigned i, unsigned num_max)
{
    FuzzQueue *q = &fq[i];
    q->num = below(16) ? 1u << below(6) : below(300);
    if (q->num > num_max)
        q->num = num_max;
    if (q->num == 0)
        q->num = 1;
    bool wild = below(16) == 0;
    q->desc = wild ? pick_addr(1) : (RAM_BASE + below(RAM_SIZE - 16 * q->num)) & ~15ULL;
    q->avail = wild ? pick_addr(1) : (RAM_BASE + below(RAM_SIZE - 8 - 2 * q->num)) & ~1ULL;
    q->used = wild ? pick_addr(1) : (RAM_BASE + below(RAM_SIZE - 8 - 8 * q->num)) & ~3ULL;
    q->avail_idx = 0;
    wr(0x030, i);
    wr(0x038, q->num);
    wr(0x080, (uint32_t)q->desc);
    wr(0x084, (uint32_t)(q->desc >> 32));
    wr(0x090, (uint32_t)q->avail);
    wr(0x094, (uint32_t)(q->avail >> 32));
    wr(0x0a0, (uint32_t)q->used);
    wr(0x0a4, (uint32_t)(q->used >> 32));
    poke16(q->avail, 0);
    poke16(q->avail + 2, 0);
    poke16(q->used + 2, 0);
    wr(0x044, 1);
}

static void driver_start(void)
{
    wr(0x070, 0);
    wr(0x070, 3);
    uint64_t feat = rnd();
    if (below(16))
        feat |= 1ULL << VIRTIO_F_VERSION_1;
    wr(0x024, 0);
    wr(0x020, (uint32_t)(feat & rd(0x010)));
    wr(0x024, 1);
    wr(0x014, 1);
    wr(0x020, (uint32_t)(feat >> 32) & (below(8) ? rd(0x010) : ~0u));
    wr(0x070, 3 | 8);
    for (unsigned i = 0; i < nq; i++) {
        wr(0x030, i);
        setup_queue(i, rd(0x034));
    }
    wr(0x070, 3 | 8 | 4);
}

/* A register access of random offset and size (a write of a random
 * value, or a read). */
static void random_register_access(void)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    hwaddr off = below(4) ? below(0x100) & ~3u : below(0x200);
    uint64_t v;
    if (below(2))
        mem_write(MMIO_BASE + off, sizes[below(4)], rnd());
    else
        mem_read(MMIO_BASE + off, sizes[below(4)], &v);
}

/* -- One iteration -- */

typedef enum { DEV_BLK, DEV_RNG, DEV_CONSOLE } DevKind;

static void iteration(DevKind kind, int null_fd)
{
    for (size_t i = 0; i < RAM_SIZE; i += 8) {
        uint64_t v = below(2) ? rnd() : 0;
        memcpy(ram + i, &v, 8);
    }
    mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    disk.ro = below(4) == 0;
    switch (kind) {
    case DEV_BLK:
        vdev = virtio_blk_new(&disk, below(2) ? NULL : "fuzz-serial");
        nq = 1;
        break;
    case DEV_RNG:
        vdev = virtio_rng_new();
        nq = 1;
        break;
    case DEV_CONSOLE:
        vdev = virtio_console_new(null_fd);
        nq = 2;
        break;
    }
    VirtIOMMIO *t = virtio_mmio_new(MMIO_BASE, (IrqLine){0}, vdev);
    driver_start();
    unsigned rounds = 1 + below(12);
    for (unsigned r = 0; r < rounds; r++) {
        unsigned qi = below(nq);
        FuzzQueue *q = &fq[qi];
        unsigned reqs = 1 + below(4);
        for (unsigned k = 0; k < reqs; k++) {
            unsigned head = below(q->num);
            if (below(3))
                build_good_chain(q, head, below(3) == 0);
            else
                build_random_descs(q, 1 + below(q->num));
            publish(q, below(8) ? (uint16_t)head : (uint16_t)rnd());
        }
        if (below(4) == 0)
            mutate(q);
        if (below(16) == 0)
            poke16(q->avail + 2, (uint16_t)rnd());
        for (unsigned k = below(4) ? 0 : below(8); k; k--)
            random_register_access();
        if (kind == DEV_CONSOLE && below(2)) {
            uint8_t in[300];
            for (size_t i = 0; i < sizeof in; i++)
                in[i] = (uint8_t)rnd();
            virtio_console_input(vdev, in, 1 + below(sizeof in));
        }
        wr(0x050, below(16) ? qi : (uint32_t)rnd());
        if (rd(0x060))
            wr(0x064, rd(0x060));
        if (below(16) == 0)
            driver_start(); /* reset mid-stream, including from broken */
    }
    virtio_mmio_free(t);
    virtio_free(vdev);
    vdev = NULL;
    mem_reset();
}

int main(int argc, char **argv)
{
    static const char *names[] = {"blk", "rng", "console"};
    if (argc != 4) {
        fprintf(stderr, "usage: %s blk|rng|console SECONDS SEED\n", argv[0]);
        return 2;
    }
    int kind = -1;
    for (int i = 0; i < 3; i++)
        if (!strcmp(argv[1], names[i]))
            kind = i;
    double seconds = atof(argv[2]);
    if (kind < 0 || seconds <= 0) {
        fprintf(stderr, "%s: unknown device '%s' or bad time '%s'\n", argv[0], argv[1], argv[2]);
        return 2;
    }
    rng_state = strtoull(argv[3], NULL, 0);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uint8_t *map = mmap(NULL, RAM_SIZE + 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int null_fd = open("/dev/null", O_WRONLY);
    if (map == MAP_FAILED || null_fd < 0) {
        perror("virtqueue_fuzz: setup");
        return 2;
    }
    ram = map + page;
    if (mprotect(ram, RAM_SIZE, PROT_READ | PROT_WRITE)) {
        perror("virtqueue_fuzz: mprotect");
        return 2;
    }
    /* Device log lines (every broken device says why) would drown the
     * report: the stdio stream goes to /dev/null, while fd 2, where the
     * sanitizers and the RAM disk write their reports, stays. */
    FILE *quiet = fopen("/dev/null", "w");
    if (!quiet) {
        perror("virtqueue_fuzz: /dev/null");
        return 2;
    }
    FILE *real_stderr = stderr;
    stderr = quiet;
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long iters = 0;
    do {
        iteration((DevKind)kind, null_fd);
        iters++;
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
    stderr = real_stderr;
    fclose(quiet);
    printf("virtio-%s: %lu iterations, no fault\n", names[kind], iters);
    close(null_fd);
    munmap(map, RAM_SIZE + 2 * page);
    return 0;
}
