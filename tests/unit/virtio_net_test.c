/*
 * virtio-net tests, end to end: a fake driver programs the virtio-mmio
 * transport and builds split rings in fake guest RAM the way Linux's
 * virtio_net does (receive buffers of 12 + 1518 bytes, a 12-byte header
 * before every transmitted frame), and the device talks to a real
 * `-netdev user` backend, so ARP and DHCP answers come from libslirp.
 *
 * The test drives the event loop itself (tests/unit/net_event_fake.c) and
 * builds and parses frames with tests/unit/net_frames.c. The fake RAM sits
 * between two PROT_NONE pages: a device write outside guest RAM would
 * crash the test. Each test runs in its own process, so the netdev
 * registry starts empty.
 *
 * Also here: the -device virtio-net-device command line (system/vdevs.c)
 * and MAC address parsing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "system/board.h"
#include "system/event.h"
#include "system/hw/virtio_devices.h"
#include "system/hw/virtio_mmio.h"
#include "system/memory.h"
#include "system/net/net.h"
#include "tests/unit/net_event_fake.h"
#include "tests/unit/net_frames.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (1u << 20)
#define RAM_END (RAM_BASE + RAM_SIZE)
#define MMIO_BASE 0x0a000000ULL
#define QNUM 16
#define RXQ 0
#define TXQ 1
#define RX_BUF(i) (RAM_BASE + 0x10000 + 0x800 * (i)) /* 2 KiB apart */
#define RX_LEN (12 + 1518)                           /* what Linux posts */
#define TX_BUF (RAM_BASE + 0x20000)
#define IND (RAM_BASE + 0x30000) /* an indirect table */
#define HDR_LEN 12
#define WAIT_MS 5000
#define VIRTIO_ID_NET 1

/* virtio-net feature bits (virtio 1.x, 5.1.3) */
#define F_CSUM 0
#define F_GUEST_CSUM 1
#define F_MAC 5
#define F_GUEST_TSO4 7
#define F_HOST_TSO4 11
#define F_MRG_RXBUF 15
#define F_STATUS 16
#define F_CTRL_VQ 17
#define F_MQ 22

enum {
    R_DEVICE_ID = 0x008,
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
    R_CONFIG = 0x100,
};

#define ST_RUNNING                                                                                 \
    (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |                \
     VIRTIO_STATUS_DRIVER_OK)

/* -- Guest RAM, the transport and the backend -- */

static uint8_t *map, *ram;
static size_t page;
static VirtIODevice *nic;
static VirtIOMMIO *mmio;
static int irq_level;
static uint16_t avail_shadow[2];
static uint16_t rx_seen;   /* receive used entries the test has looked at */
static unsigned rx_posted; /* receive buffers posted so far */

static void irq_handler(void *opaque, int n, int level)
{
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
}

static void teardown(void)
{
    virtio_mmio_free(mmio);
    virtio_free(nic);
    net_close_all();
    mem_reset();
    munmap(map, RAM_SIZE + 2 * page);
}

TestSuite(vnet, .init = setup, .fini = teardown);

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

/* A user-mode netdev n0 and a NIC on it (mac NULL: the default). */
static void nic_create(const uint8_t *mac)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add("user,id=n0", err, sizeof err), 0, "%s", err);
    nic = virtio_net_new("n0", mac, err, sizeof err);
    cr_assert_not_null(nic, "virtio_net_new: %s", err);
    mmio = virtio_mmio_new(MMIO_BASE, (IrqLine){irq_handler, NULL, 0}, nic);
}

static NetStats backend_stats(void)
{
    return net_stats(net_find("n0"));
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

static uint16_t ld16(hwaddr pa)
{
    uint16_t v;
    memcpy(&v, g(pa), 2);
    return v;
}

static uint32_t ld32(hwaddr pa)
{
    uint32_t v;
    memcpy(&v, g(pa), 4);
    return v;
}

static uint16_t used_idx(unsigned q)
{
    return ld16(q_used(q) + 2);
}
static uint32_t used_id(unsigned q, uint16_t i)
{
    return ld32(q_used(q) + 4 + 8 * (i % QNUM));
}
static uint32_t used_len(unsigned q, uint16_t i)
{
    return ld32(q_used(q) + 8 + 8 * (i % QNUM));
}

static uint64_t device_features(void)
{
    wr(R_DEV_FEAT_SEL, 0);
    uint64_t f = rd(R_DEV_FEAT);
    wr(R_DEV_FEAT_SEL, 1);
    return f | (uint64_t)rd(R_DEV_FEAT) << 32;
}

/* Resets the device, accepts offered & accept and brings both queues up
 * to DRIVER_OK, as virtnet_probe does. Returns the features in force. */
static uint64_t drv_start(uint64_t accept)
{
    wr(R_STATUS, 0);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t feat = device_features() & accept;
    wr(R_DRV_FEAT_SEL, 0);
    wr(R_DRV_FEAT, (uint32_t)feat);
    wr(R_DRV_FEAT_SEL, 1);
    wr(R_DRV_FEAT, (uint32_t)(feat >> 32));
    wr(R_STATUS, ST_RUNNING & ~VIRTIO_STATUS_DRIVER_OK);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_FEATURES_OK, "features 0x%llx refused",
              (unsigned long long)feat);
    for (unsigned q = 0; q < 2; q++) {
        memset(g(q_desc(q)), 0, 0x4000);
        avail_shadow[q] = 0;
        wr(R_QSEL, q);
        cr_assert_eq(rd(R_QNUM_MAX), 256, "queue %u size", q);
        wr(R_QNUM, QNUM);
        wr(R_DESC, (uint32_t)q_desc(q));
        wr(R_DESC + 4, 0);
        wr(R_DRIVER, (uint32_t)q_avail(q));
        wr(R_DRIVER + 4, 0);
        wr(R_DEVICE, (uint32_t)q_used(q));
        wr(R_DEVICE + 4, 0);
        wr(R_QREADY, 1);
        cr_assert_eq(rd(R_QREADY), 1);
    }
    rx_seen = 0;
    rx_posted = 0;
    wr(R_STATUS, ST_RUNNING);
    return feat;
}

/* A NIC on a fresh netdev n0, driven up with every feature it offers. */
static void nic_running(void)
{
    nic_create(NULL);
    drv_start(~0ULL);
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

static void publish(unsigned q, uint16_t head)
{
    uint16_t slot = avail_shadow[q] % QNUM;
    memcpy(g(q_avail(q) + 4 + 2 * slot), &head, 2);
    avail_shadow[q]++;
    memcpy(g(q_avail(q) + 2), &avail_shadow[q], 2);
}

/* Posts a receive buffer of len bytes at addr (descriptor = slot in the
 * table) without kicking. */
static void rx_post_at(hwaddr addr, uint32_t len)
{
    unsigned d = rx_posted++ % QNUM;
    put_desc(q_desc(RXQ), d, addr, len, VIRTQ_DESC_F_WRITE, 0);
    publish(RXQ, (uint16_t)d);
}

/* Posts n Linux-sized receive buffers and kicks the receive queue. */
static void rx_post(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        memset(g(RX_BUF(rx_posted % QNUM)), 0xa5, 0x800);
        rx_post_at(RX_BUF(rx_posted % QNUM), RX_LEN);
    }
    wr(R_NOTIFY, RXQ);
}

typedef struct Seg {
    uint32_t off, len; /* a piece of the buffer at TX_BUF */
} Seg;

/* Transmits header + frame (laid out at TX_BUF) as the chain of segs,
 * direct or through an indirect table. */
static void tx_chain(const Seg *segs, unsigned n, bool indirect)
{
    hwaddr table = indirect ? IND : q_desc(TXQ);
    for (unsigned i = 0; i < n; i++)
        put_desc(table, i, TX_BUF + segs[i].off, segs[i].len, i + 1 < n ? VIRTQ_DESC_F_NEXT : 0,
                 (uint16_t)(i + 1));
    if (indirect)
        put_desc(q_desc(TXQ), 0, IND, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
    publish(TXQ, 0);
    wr(R_NOTIFY, TXQ);
}

/* Transmits a frame as Linux does without room to push the header in
 * front: the header, then the frame, in two descriptors. */
static void tx_frame(const uint8_t *frame, size_t len)
{
    uint16_t before = used_idx(TXQ);
    memset(g(TX_BUF), 0, HDR_LEN);
    memcpy(g(TX_BUF + HDR_LEN), frame, len);
    Seg s[2] = {{0, HDR_LEN}, {HDR_LEN, (uint32_t)len}};
    tx_chain(s, 2, false);
    cr_assert_eq(used_idx(TXQ), (uint16_t)(before + 1), "the transmit request completed");
    cr_assert_eq(used_len(TXQ, before), 0, "nothing written into a transmit request");
}

static void tx_arp_gateway(void)
{
    uint8_t f[FR_MAX];
    tx_frame(f, fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP));
}

/* A frame the device put in a receive buffer. */
typedef struct RxFrame {
    const uint8_t *hdr;
    const uint8_t *frame;
    size_t len;
    FrParsed p;
} RxFrame;

/* Runs the event loop until the device used more receive buffers than
 * `before` or broke; false after WAIT_MS. */
static bool step_until_rx_used(uint16_t before)
{
    int64_t deadline = clock_ns() + (int64_t)WAIT_MS * 1000000;
    while (used_idx(RXQ) == before && !(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET)) {
        if (clock_ns() > deadline)
            return false;
        net_fake_step(10);
    }
    return true;
}

/* Runs the loop until the receive queue returns another buffer; false
 * after WAIT_MS. */
static bool rx_next(RxFrame *r)
{
    if (!step_until_rx_used(rx_seen) || used_idx(RXQ) == rx_seen)
        return false;
    uint32_t id = used_id(RXQ, rx_seen), len = used_len(RXQ, rx_seen);
    rx_seen++;
    cr_assert_lt(id, QNUM, "used id %u", id);
    hwaddr buf;
    memcpy(&buf, g(q_desc(RXQ) + 16 * id), 8);
    cr_assert_geq(len, HDR_LEN + 14, "a %u-byte receive", len);
    r->hdr = g(buf);
    r->frame = g(buf + HDR_LEN);
    r->len = len - HDR_LEN;
    cr_assert(fr_parse(r->frame, r->len, &r->p), "an undecodable %zu-byte frame", r->len);
    return true;
}

/* The next received frame that pred accepts (others are skipped). */
static void rx_wait(bool (*pred)(const RxFrame *r, const void *ctx), const void *ctx, RxFrame *r,
                    const char *what)
{
    for (;;) {
        cr_assert(rx_next(r), "no %s within %d ms", what, WAIT_MS);
        if (pred(r, ctx))
            return;
        rx_post(1); /* the skipped frame's buffer, as a driver refills */
    }
}

static bool is_arp_reply(const RxFrame *r, const void *ctx)
{
    return r->p.arp_op == FR_ARP_REPLY;
}

/* Posts n receive buffers, asks for the gateway's MAC and waits for the
 * answer in a receive buffer. */
static void arp_roundtrip(unsigned n, const char *what)
{
    RxFrame r;
    rx_post(n);
    tx_arp_gateway();
    rx_wait(is_arp_reply, NULL, &r, what);
}

static void expect_rx_header(const uint8_t *hdr)
{
    static const uint8_t want[HDR_LEN] = {[10] = 1}; /* le16 num_buffers = 1 */
    cr_expect_arr_eq(hdr, want, HDR_LEN, "header: flags, gso, csum zero; num_buffers 1");
}

/* -- Collecting stderr -- */

typedef struct LogCapture {
    FILE *f;
    int saved;
} LogCapture;

static LogCapture log_start(void)
{
    LogCapture c;
    fflush(stderr);
    c.f = tmpfile();
    cr_assert_not_null(c.f);
    c.saved = dup(2);
    dup2(fileno(c.f), 2);
    return c;
}

static void log_stop(LogCapture c, char *buf, size_t size)
{
    fflush(stderr);
    dup2(c.saved, 2);
    close(c.saved);
    rewind(c.f);
    size_t n = fread(buf, 1, size - 1, c.f);
    buf[n] = 0;
    fclose(c.f);
}

static int count_lines(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Kicks the receive queue, sends an ARP request for the gateway and runs
 * the loop until a receive buffer comes back or the device breaks; log
 * gets what was printed meanwhile. */
static void arp_logged(char *log, size_t size)
{
    uint16_t before = used_idx(RXQ);
    wr(R_NOTIFY, RXQ);
    LogCapture c = log_start();
    tx_arp_gateway();
    step_until_rx_used(before);
    log_stop(c, log, size);
}

/* Lays out a 12-byte header with flags and an ARP request for the
 * gateway at TX_BUF; returns the frame's length. */
static uint32_t tx_stage_arp(uint8_t flags)
{
    uint8_t f[FR_MAX];
    size_t len = fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP);
    memset(g(TX_BUF), 0, HDR_LEN);
    *g(TX_BUF) = flags;
    memcpy(g(TX_BUF + HDR_LEN), f, len);
    return (uint32_t)len;
}

/* -- Identity, features and configuration -- */

Test(vnet, identifies_as_a_network_device_with_mac_and_link_up)
{
    nic_create(NULL);
    cr_assert_eq(rd(R_DEVICE_ID), VIRTIO_ID_NET);
    uint64_t f = device_features();
    cr_expect(f & (1ULL << VIRTIO_F_VERSION_1));
    cr_expect(f & (1ULL << F_MAC));
    cr_expect(f & (1ULL << F_STATUS));
    uint64_t not_offered = (1ULL << F_CSUM) | (1ULL << F_GUEST_CSUM) | (1ULL << F_GUEST_TSO4) |
                           (1ULL << F_HOST_TSO4) | (1ULL << F_MRG_RXBUF) | (1ULL << F_CTRL_VQ) |
                           (1ULL << F_MQ);
    cr_expect_eq(f & not_offered, 0,
                 "offloads, mergeable buffers, control queue or multiqueue "
                 "offered: 0x%llx",
                 (unsigned long long)(f & not_offered));
    /* Linux reads the MAC a byte at a time and the status as a le16. */
    static const uint8_t want[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    for (int i = 0; i < 6; i++) {
        uint64_t b;
        cr_assert(mem_read(MMIO_BASE + R_CONFIG + i, 1, &b));
        cr_expect_eq(b, want[i], "mac[%d] = 0x%02llx", i, (unsigned long long)b);
    }
    uint64_t st;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 6, 2, &st));
    cr_expect_eq(st, 1, "status: VIRTIO_NET_S_LINK_UP");
    /* Configuration is read-only: a write changes nothing. */
    cr_assert(mem_write(MMIO_BASE + R_CONFIG, 1, 0xee));
    uint64_t b0;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG, 1, &b0));
    cr_expect_eq(b0, 0x52);
    uint64_t feat = drv_start(~0ULL);
    cr_expect(feat & (1ULL << F_MAC) && feat & (1ULL << F_STATUS));
    cr_expect_eq(rd(R_STATUS), ST_RUNNING);
}

Test(vnet, mac_option_and_default_numbering)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    nic_create(mac);
    uint64_t lo, hi;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG, 4, &lo));
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 4, 2, &hi));
    cr_expect_eq(lo, 0xab005452u);
    cr_expect_eq(hi, 0xefcd);
    /* NICs without mac= count up from qemu's 52:54:00:12:34:56. */
    char err[256];
    cr_assert_eq(net_netdev_add("user,id=n1", err, sizeof err), 0, "%s", err);
    cr_assert_eq(net_netdev_add("user,id=n2", err, sizeof err), 0, "%s", err);
    VirtIODevice *a = virtio_net_new("n1", NULL, err, sizeof err);
    VirtIODevice *b = virtio_net_new("n2", NULL, err, sizeof err);
    cr_assert(a && b, "%s", err);
    cr_expect_eq(virtio_config_read(a, 5, 1), 0x56);
    cr_expect_eq(virtio_config_read(b, 5, 1), 0x57);
    cr_expect_eq(virtio_config_read(b, 0, 4), 0x12005452u);
    virtio_free(a);
    virtio_free(b);
}

Test(vnet, netdev_errors_come_from_the_net_layer)
{
    nic_create(NULL);
    char err[256] = "";
    cr_expect_null(virtio_net_new("n0", NULL, err, sizeof err));
    cr_expect_str_eq(err, "netdev 'n0' is already used by another device");
    cr_expect_null(virtio_net_new("nx", NULL, err, sizeof err));
    cr_expect_str_eq(err, "netdev 'nx' not found (no -netdev with id=nx)");
    /* Freeing a NIC frees its netdev for another device. */
    virtio_mmio_free(mmio);
    virtio_free(nic);
    mmio = NULL;
    nic = virtio_net_new("n0", NULL, err, sizeof err);
    cr_expect_not_null(nic, "%s", err);
}

/* -- Frames both ways -- */

Test(vnet, arp_request_gets_a_reply_in_a_receive_buffer)
{
    nic_running();
    rx_post(4);
    tx_arp_gateway();
    RxFrame r;
    rx_wait(is_arp_reply, NULL, &r, "ARP reply");
    expect_rx_header(r.hdr);
    cr_expect_arr_eq(r.p.dst_mac, fr_guest_mac, 6);
    cr_expect_arr_eq(r.p.src_mac, fr_slirp_mac, 6);
    cr_expect_arr_eq(r.p.arp_sha, fr_slirp_mac, 6);
    cr_expect_eq(r.p.arp_spa, FR_HOST_IP);
    cr_expect_eq(r.p.arp_tpa, FR_GUEST_IP);
    cr_expect_eq(r.hdr[HDR_LEN + r.len], 0xa5, "nothing written past the used length");
    cr_expect_eq(irq_level, 1, "receive interrupt");
    cr_expect(rd(R_ISR) & VIRTIO_ISR_QUEUE);
    wr(R_ACK, VIRTIO_ISR_QUEUE);
    cr_expect_eq(irq_level, 0);
    VirtIONetStats s = virtio_net_stats(nic);
    cr_expect_eq(s.tx_frames, 1);
    cr_expect_geq(s.rx_frames, 1);
    cr_expect_eq(s.tx_errors + s.rx_oversize, 0);
    cr_expect_eq(backend_stats().tx_frames, 1, "the header was stripped, one frame sent");
}

typedef struct DhcpWant {
    uint32_t xid;
    int type;
} DhcpWant;

static bool is_dhcp_reply(const RxFrame *r, const void *ctx)
{
    const DhcpWant *w = ctx;
    const FrParsed *p = &r->p;
    size_t n;
    const uint8_t *t = fr_dhcp_option(p->payload, p->payload_len, 53, &n);
    return p->ip_proto == FR_PROTO_UDP && p->sport == 67 && p->dport == 68 &&
           p->payload_len >= 240 && fr_be32(p->payload + 4) == w->xid && t && n == 1 &&
           t[0] == w->type;
}

Test(vnet, dhcp_discover_gets_an_offer_of_10_0_2_15)
{
    nic_running();
    rx_post(8);
    uint8_t f[FR_MAX];
    tx_frame(f, fr_dhcp(f, 1 /* DISCOVER */, 0x5eed0001, 0, 0));
    RxFrame r;
    DhcpWant offer = {0x5eed0001, 2};
    rx_wait(is_dhcp_reply, &offer, &r, "DHCPOFFER");
    expect_rx_header(r.hdr);
    cr_expect(r.p.ip_csum_ok && r.p.l4_csum_ok, "checksums of the offer");
    cr_expect_eq(fr_dhcp_yiaddr(r.p.payload, r.p.payload_len), FR_GUEST_IP);
    size_t n;
    const uint8_t *router = fr_dhcp_option(r.p.payload, r.p.payload_len, 3, &n);
    cr_assert(router && n == 4);
    cr_expect_eq(fr_be32(router), FR_HOST_IP);
    /* REQUEST -> ACK over the same buffers. */
    tx_frame(f, fr_dhcp(f, 3 /* REQUEST */, 0x5eed0002, FR_GUEST_IP, FR_HOST_IP));
    DhcpWant ack = {0x5eed0002, 5};
    rx_wait(is_dhcp_reply, &ack, &r, "DHCPACK");
    cr_expect_eq(fr_dhcp_yiaddr(r.p.payload, r.p.payload_len), FR_GUEST_IP);
}

Test(vnet, transmit_chains_of_any_layout)
{
    nic_running();
    rx_post(8);
    uint32_t len = tx_stage_arp(0);
    RxFrame r;
    /* Header and frame in one buffer (Linux with room to push it). */
    Seg one = {0, HDR_LEN + len};
    tx_chain(&one, 1, false);
    rx_wait(is_arp_reply, NULL, &r, "reply to a one-buffer frame");
    /* The header split across buffers, the frame across several. */
    Seg split[4] = {{0, 5}, {5, 7 + 3}, {HDR_LEN + 3, 20}, {HDR_LEN + 23, len - 23}};
    tx_chain(split, 4, false);
    rx_wait(is_arp_reply, NULL, &r, "reply to a scattered frame");
    /* The same through an indirect table. */
    tx_chain(split, 4, true);
    rx_wait(is_arp_reply, NULL, &r, "reply to an indirect frame");
    cr_expect_eq(used_idx(TXQ), 3);
    cr_expect_eq(virtio_net_stats(nic).tx_frames, 3);
    cr_expect_eq(backend_stats().tx_frames, 3);
}

/* -- Flow control -- */

Test(vnet, frames_wait_in_the_backend_until_buffers_are_posted)
{
    nic_running();
    tx_arp_gateway();
    tx_arp_gateway();
    wr(R_ACK, VIRTIO_ISR_QUEUE); /* the transmit completions */
    /* Let slirp answer; with no receive buffer the replies must wait. */
    for (int i = 0; i < 20; i++)
        net_fake_step(5);
    cr_assert_eq(used_idx(RXQ), 0);
    cr_assert_eq(backend_stats().rx_queued, 2, "both replies wait in the backend");
    cr_assert_eq(irq_level, 0);
    /* One buffer: one reply arrives during the kick, the other waits. */
    rx_post(1);
    cr_assert_eq(used_idx(RXQ), 1, "delivered from the receive queue's kick");
    cr_expect_eq(backend_stats().rx_queued, 1);
    cr_expect_eq(irq_level, 1);
    RxFrame r;
    cr_assert(rx_next(&r));
    cr_expect_eq(r.p.arp_op, FR_ARP_REPLY);
    rx_post(2);
    cr_assert_eq(used_idx(RXQ), 2);
    cr_expect_eq(backend_stats().rx_queued, 0);
    cr_assert(rx_next(&r));
    cr_expect_eq(r.p.arp_op, FR_ARP_REPLY);
    /* The spare buffer takes the next frame at once. */
    tx_arp_gateway();
    rx_wait(is_arp_reply, NULL, &r, "ARP reply into the spare buffer");
    cr_expect_eq(backend_stats().rx_dropped, 0);
}

Test(vnet, frames_wait_until_the_driver_is_ready)
{
    nic_running();
    tx_arp_gateway();
    /* The driver resets the device before slirp answers: the reply waits
     * in the backend, which stays attached, until buffers exist again. */
    wr(R_STATUS, 0);
    for (int i = 0; i < 20; i++)
        net_fake_step(5);
    cr_assert_eq(backend_stats().rx_queued, 1);
    drv_start(~0ULL);
    cr_assert_eq(used_idx(RXQ), 0);
    rx_post(1);
    RxFrame r;
    cr_assert(rx_next(&r), "the waiting reply arrives after the restart");
    cr_expect_eq(r.p.arp_op, FR_ARP_REPLY);
    expect_rx_header(r.hdr);
}

/* -- Oversize frames -- */

Test(vnet, oversize_frame_is_dropped_and_counted)
{
    nic_running();
    /* A receive buffer too small for an ARP reply, at the very end of
     * RAM: a write past it would hit the guard page. */
    hwaddr small = RAM_END - (HDR_LEN + 30);
    memset(g(small), 0x5a, HDR_LEN + 30);
    rx_post_at(small, HDR_LEN + 30);
    char log[2048];
    arp_logged(log, sizeof log);
    cr_assert_eq(used_idx(RXQ), 1, "the small buffer went back to the driver");
    rx_seen = 1;
    cr_expect_eq(used_len(RXQ, 0), 0, "nothing written into it");
    for (unsigned i = 0; i < HDR_LEN + 30; i++)
        cr_assert_eq(*g(small + i), 0x5a, "byte %u of the small buffer changed", i);
    cr_expect_eq(virtio_net_stats(nic).rx_oversize, 1);
    cr_expect_eq(virtio_net_stats(nic).rx_frames, 0);
    cr_expect_not_null(strstr(log, "virtio-net: dropped a "), "log: %s", log);
    cr_expect_not_null(strstr(log, "holds 30 bytes after the header"), "log: %s", log);
    cr_expect_not(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET, "a small buffer is not an error");
    /* A buffer of the right size takes the next frame. */
    arp_roundtrip(1, "ARP reply after the drop");
}

Test(vnet, oversize_drops_are_logged_a_bounded_number_of_times)
{
    nic_running();
    int lines = 0, notes = 0;
    for (unsigned i = 0; i < 20; i++) {
        rx_post_at(RX_BUF(i % QNUM), HDR_LEN + 16);
        char log[1024];
        arp_logged(log, sizeof log);
        lines += count_lines(log, "virtio-net: dropped a ");
        notes += count_lines(log, "further drops are counted, not shown");
    }
    cr_assert_eq(virtio_net_stats(nic).rx_oversize, 20);
    cr_expect_eq(lines, 16);
    cr_expect_eq(notes, 1);
}

/* -- Driver mistakes -- */

/* Checks the device became broken with a log line naming queue and
 * problem, then that a reset brings it back. */
static void expect_broken(const char *log, unsigned q, const char *problem)
{
    char want[64];
    snprintf(want, sizeof want, ": queue %u: ", q);
    cr_assert_not_null(strstr(log, "virtio-net@"), "log names the device: %s", log);
    cr_assert(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET, "DEVICE_NEEDS_RESET set");
    cr_assert(rd(R_ISR) & VIRTIO_ISR_CONFIG, "configuration-change interrupt");
    cr_assert_not_null(strstr(log, want), "log: %s", log);
    cr_assert_not_null(strstr(log, problem), "log lacks \"%s\": %s", problem, log);
    drv_start(~0ULL);
    cr_assert_not(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET, "a reset clears it");
    arp_roundtrip(2, "ARP reply after the reset");
}

Test(vnet, broken_transmit_shorter_than_the_header)
{
    nic_running();
    Seg s = {0, 8};
    LogCapture c = log_start();
    tx_chain(&s, 1, false);
    char log[1024];
    log_stop(c, log, sizeof log);
    cr_expect_eq(used_idx(TXQ), 0);
    cr_expect_eq(backend_stats().tx_frames, 0);
    expect_broken(log, TXQ,
                  "transmit request 0 has 8 readable bytes, no room for the 12-byte "
                  "virtio-net header");
}

Test(vnet, broken_transmit_buffer_outside_ram)
{
    nic_running();
    put_desc(q_desc(TXQ), 0, TX_BUF, HDR_LEN, VIRTQ_DESC_F_NEXT, 1);
    put_desc(q_desc(TXQ), 1, RAM_END - 16, 64, 0, 0);
    publish(TXQ, 0);
    LogCapture c = log_start();
    wr(R_NOTIFY, TXQ);
    char log[1024];
    log_stop(c, log, sizeof log);
    cr_expect_eq(backend_stats().tx_frames, 0);
    expect_broken(log, TXQ, "descriptor 1: buffer 0x400ffff0 length 0x40 is not in guest RAM");
}

Test(vnet, broken_receive_buffer_outside_ram)
{
    nic_running();
    rx_post_at(RAM_END - 100, 1530);
    char log[1024];
    arp_logged(log, sizeof log);
    cr_expect_eq(used_idx(RXQ), 0);
    cr_expect_eq(backend_stats().rx_queued, 1, "the frame waits, not lost");
    expect_broken(log, RXQ, "is not in guest RAM");
}

Test(vnet, broken_receive_chain_with_a_readable_buffer)
{
    nic_running();
    put_desc(q_desc(RXQ), 0, RX_BUF(0), HDR_LEN, VIRTQ_DESC_F_NEXT, 1);
    put_desc(q_desc(RXQ), 1, RX_BUF(1), 1518, VIRTQ_DESC_F_WRITE, 0);
    publish(RXQ, 0);
    rx_posted = 1;
    char log[1024];
    arp_logged(log, sizeof log);
    cr_expect_eq(used_idx(RXQ), 0);
    expect_broken(log, RXQ, "receive chain 0 has 1 device-readable and 1 device-writable buffers");
}

Test(vnet, transmit_header_asking_for_offloads_is_dropped)
{
    nic_running();
    uint32_t len = tx_stage_arp(1); /* VIRTIO_NET_HDR_F_NEEDS_CSUM, CSUM not negotiated */
    Seg one = {0, HDR_LEN + len};
    tx_chain(&one, 1, false);
    cr_expect_eq(used_idx(TXQ), 1, "the request completes");
    cr_expect_eq(backend_stats().tx_frames, 0, "the frame was not sent");
    cr_expect_eq(virtio_net_stats(nic).tx_errors, 1);
    /* A frame shorter than an Ethernet header is refused by the backend. */
    *g(TX_BUF) = 0;
    one.len = HDR_LEN + 10;
    tx_chain(&one, 1, false);
    cr_expect_eq(used_idx(TXQ), 2);
    cr_expect_eq(virtio_net_stats(nic).tx_errors, 2);
    cr_expect_eq(backend_stats().tx_bad, 1);
    cr_expect_not(rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* -- Random driver programming -- */

#define ZONE (RAM_BASE + 0x40000) /* random descriptors point here ... */
#define ZONE_SIZE 0x20000
#define CANARY (RAM_BASE + 0x70000) /* ... and never reach this far */
#define CANARY_SIZE 0x80000

static uint64_t rand_state;

/* splitmix64: a fixed seed makes a failure replay exactly. */
static uint64_t rnd(void)
{
    uint64_t z = (rand_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A buffer address: mostly in the zone, sometimes straddling the end of
 * RAM, sometimes anywhere in the 64-bit space. */
static hwaddr rnd_addr(uint32_t *len)
{
    switch (rnd() % 8) {
    case 0:
        *len = (uint32_t)rnd();
        return rnd();
    case 1:
        *len = 1 + (uint32_t)(rnd() % 4096);
        return RAM_END - rnd() % 2048;
    default:
        *len = (uint32_t)(rnd() % 0x10000);
        return ZONE + rnd() % ZONE_SIZE;
    }
}

/* One random act of a careless driver. */
static void random_act(void)
{
    unsigned q = rnd() % 2;
    uint32_t len;
    hwaddr addr;
    switch (rnd() % 10) {
    case 0:
    case 1:
    case 2: /* a random descriptor, in the table or in an indirect table */
        addr = rnd_addr(&len);
        put_desc(rnd() % 4 ? q_desc(q) : ZONE, (unsigned)(rnd() % QNUM), addr, len,
                 (uint16_t)(rnd() % 8), (uint16_t)(rnd() % (QNUM + 2)));
        break;
    case 3:
    case 4: /* publish a head and kick */
        publish(q, (uint16_t)(rnd() % 32 ? rnd() % QNUM : rnd()));
        wr(R_NOTIFY, q);
        break;
    case 5: /* a well-formed receive buffer of random size */
        rx_post_at(ZONE + rnd() % (ZONE_SIZE - 2048), (uint32_t)(rnd() % 2048));
        wr(R_NOTIFY, RXQ);
        break;
    case 6: { /* a frame slirp answers */
        uint8_t f[FR_MAX];
        size_t n = rnd() % 2
                       ? fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP)
                       : fr_dhcp(f, 1, (uint32_t)rnd(), 0, 0);
        memset(g(TX_BUF), 0, HDR_LEN);
        memcpy(g(TX_BUF + HDR_LEN), f, n);
        Seg seg = {0, (uint32_t)(HDR_LEN + n)};
        tx_chain(&seg, 1, false);
        break;
    }
    case 7: /* the available index jumps */
        avail_shadow[q] = (uint16_t)(avail_shadow[q] + rnd() % 40);
        memcpy(g(q_avail(q) + 2), &avail_shadow[q], 2);
        wr(R_NOTIFY, q);
        break;
    case 8:
        net_fake_step(0);
        break;
    case 9: /* a reset, with or without indirect descriptors and event indices */
        if (rnd() % 8 == 0 || (rd(R_STATUS) & VIRTIO_STATUS_NEEDS_RESET))
            drv_start(~((rnd() % 4) << VIRTIO_F_INDIRECT_DESC));
        break;
    }
}

Test(vnet, random_rings_stay_inside_their_buffers)
{
    nic_running();
    rand_state = 0x766e6574;
    for (hwaddr a = ZONE; a < ZONE + ZONE_SIZE; a += 8) {
        uint64_t v = rnd();
        memcpy(g(a), &v, 8);
    }
    memset(g(CANARY), 0xc3, CANARY_SIZE);
    LogCapture c = log_start();
    for (int i = 0; i < 50000; i++)
        random_act();
    char log[256];
    log_stop(c, log, sizeof log);
    for (hwaddr a = CANARY; a < CANARY + CANARY_SIZE; a++)
        cr_assert_eq(*g(a), 0xc3, "the device wrote at 0x%llx, outside every buffer",
                     (unsigned long long)a);
    VirtIONetStats st = virtio_net_stats(nic);
    cr_expect_gt(st.tx_frames, 0, "some frames were sent");
    cr_expect_gt(st.rx_frames + st.rx_oversize, 0, "some frames were received or dropped");
    /* After all that, a reset gives a working NIC. */
    drv_start(~0ULL);
    arp_roundtrip(2, "ARP reply after the random rounds");
}

/* -- MAC addresses -- */

Test(vnet, mac_parsing)
{
    uint8_t mac[6];
    cr_assert_null(virtio_net_parse_mac("52:54:00:Ab:cD:ef", mac));
    static const uint8_t want[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    cr_expect_arr_eq(mac, want, 6);
    static const struct {
        const char *s, *msg;
    } bad[] = {
        {"", "expected six two-digit hex bytes"},
        {"52:54:00:12:34", "expected six two-digit hex bytes"},
        {"52:54:00:12:34:5", "expected six two-digit hex bytes"},
        {"52-54-00-12-34-56", "expected six two-digit hex bytes"},
        {"52:54:00:12:34:zz", "expected six two-digit hex bytes"},
        {"52:54:00:12:34:56:78", "trailing characters"},
        {"01:00:5e:00:00:01", "multicast"},
        {"00:00:00:00:00:00", "all-zero"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *m = virtio_net_parse_mac(bad[i].s, mac);
        cr_expect(m && strstr(m, bad[i].msg), "'%s': %s", bad[i].s, m ? m : "(accepted)");
    }
}

/* -- The command line (system/vdevs.c) -- */

static bool one_slot(void *opaque, int n, hwaddr *base, IrqLine *irq)
{
    if (n > 0)
        return false;
    *base = MMIO_BASE;
    *irq = (IrqLine){irq_handler, NULL, 0};
    return true;
}

/* Runs vdevs_create for -netdev user,id=n0 and the -device specs given. */
static int vdevs_try(const char *dev1, const char *dev2, char *err, size_t errlen)
{
    static MachineOpts o;
    memset(&o, 0, sizeof o);
    o.netdevs[o.nb_netdevs++] = "user,id=n0";
    o.devices[o.nb_devices++] = dev1;
    if (dev2)
        o.devices[o.nb_devices++] = dev2;
    err[0] = 0;
    return vdevs_create(&o, one_slot, NULL, -1, err, errlen);
}

Test(vnet, command_line_creates_the_nic)
{
    char err[256];
    cr_assert_eq(vdevs_try("virtio-net-device,netdev=n0,mac=52:54:00:00:00:07,id=net0", NULL, err,
                           sizeof err),
                 0, "%s", err);
    cr_expect_eq(rd(R_DEVICE_ID), VIRTIO_ID_NET);
    uint64_t last;
    cr_assert(mem_read(MMIO_BASE + R_CONFIG + 5, 1, &last));
    cr_expect_eq(last, 7);
    cr_expect_not_null(net_find("n0"));
    char err2[256];
    cr_expect_null(net_attach("n0", NULL, NULL, err2, sizeof err2), "the NIC holds n0");
}

Test(vnet, command_line_errors_name_the_problem)
{
    static const struct {
        const char *dev1, *dev2, *msg;
    } cases[] = {
        {"virtio-net-device", NULL, "-device virtio-net-device: netdev= is required"},
        {"virtio-net-device,netdev=n0,speed=10", NULL,
         "-device virtio-net-device: unknown option 'speed'"},
        {"virtio-net-device,netdev=n0,mac=52:54:00:12:34", NULL,
         "-device virtio-net-device,netdev=n0,mac=52:54:00:12:34: mac=52:54:00:12:34: expected "
         "six two-digit hex bytes"},
        {"virtio-net-device,netdev=n0,mac=03:00:00:00:00:01", NULL, "multicast"},
        {"virtio-net-device,netdev=n9", NULL,
         "-device virtio-net-device,netdev=n9: netdev 'n9' not found (no -netdev with id=n9)"},
        {"virtio-net-device,netdev=n0", "virtio-net-device,netdev=n0",
         "netdev 'n0' is already used by another device"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512];
        int rc = vdevs_try(cases[i].dev1, cases[i].dev2, err, sizeof err);
        cr_expect_lt(rc, 0, "%s accepted", cases[i].dev1);
        cr_expect_not_null(strstr(err, cases[i].msg), "%s: got '%s', want '%s'", cases[i].dev1, err,
                           cases[i].msg);
        net_close_all();
        mem_reset();
        mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    }
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    printf("vnet: %zu passed, %zu failed\n", stats->tests_passed,
           stats->tests_failed + stats->tests_crashed);
}
