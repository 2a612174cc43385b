/*
 * Network backends: the -netdev user parser, the netdev registry, the
 * queue toward the guest, and real Ethernet frames exchanged with libslirp
 * (ARP, DHCP, TCP and UDP to host loopback sockets, hostfwd).
 *
 * The test plays the guest: it builds frames as a guest's stack would
 * (tests/unit/net_frames.c), sends them with net_send, and drives the event
 * loop itself (tests/unit/net_event_fake.c) until slirp's answer arrives at
 * the receive callback. Like a real guest it answers slirp's ARP requests
 * for its address. Each test runs in its own process (Criterion), so the
 * registry starts empty every time.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "system/event.h"
#include "system/net/net.h"
#include "system/net/user_opts.h"
#include "tests/unit/net_event_fake.h"
#include "tests/unit/net_frames.h"

/* -- The guest side -- */

#define GUEST_MAX_FRAMES (NET_RXQ_MAX_FRAMES + 64)
#define WAIT_MS 5000

typedef struct Guest {
    NetBackend *nb;
    bool full;        /* can_receive answers false */
    int refuse;       /* receive refuses this many more frames */
    int n;            /* frames received */
    int next;         /* first frame guest_wait has not looked at */
    int arp_next;     /* first frame not yet checked for ARP requests */
    size_t len[GUEST_MAX_FRAMES];
    uint8_t frame[GUEST_MAX_FRAMES][FR_MAX];
} Guest;

static Guest g;

static bool guest_can_receive(void *opaque)
{
    return !g.full;
}

static bool guest_receive(void *opaque, const uint8_t *frame, size_t len)
{
    if (g.refuse > 0) {
        g.refuse--;
        return false;
    }
    cr_assert_lt(g.n, GUEST_MAX_FRAMES, "more frames than the test keeps");
    cr_assert_leq(len, (size_t)FR_MAX, "a %zu-byte frame for the guest", len);
    memcpy(g.frame[g.n], frame, len);
    g.len[g.n++] = len;
    return true;
}

static const NetPeerOps guest_peer = { guest_can_receive, guest_receive };

static void guest_start(const char *spec)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add(spec, err, sizeof err), 0, "%s: %s", spec, err);
    g.nb = net_attach("n0", &guest_peer, NULL, err, sizeof err);
    cr_assert_not_null(g.nb, "attach: %s", err);
}

static void guest_send(const uint8_t *frame, size_t len)
{
    cr_assert_eq(net_send(g.nb, frame, len), 0);
}

/* One loop round, then answers slirp's ARP requests for the guest. */
static void guest_step(void)
{
    net_fake_step(10);
    for (; g.arp_next < g.n; g.arp_next++) {
        FrParsed p;
        if (fr_parse(g.frame[g.arp_next], g.len[g.arp_next], &p) && p.arp_op == FR_ARP_REQUEST &&
            p.arp_tpa == FR_GUEST_IP) {
            uint8_t f[FR_MAX];
            guest_send(f, fr_arp(f, FR_ARP_REPLY, fr_guest_mac, FR_GUEST_IP, p.arp_sha,
                                 p.arp_spa));
        }
    }
}

typedef bool FramePred(const FrParsed *p, const void *ctx);

/* Steps the loop until a frame not yet looked at satisfies pred. */
static bool guest_wait(FramePred *pred, const void *ctx, FrParsed *out)
{
    int64_t deadline = clock_ns() + (int64_t)WAIT_MS * 1000000;
    for (;;) {
        for (; g.next < g.n; g.next++) {
            if (fr_parse(g.frame[g.next], g.len[g.next], out) && pred(out, ctx)) {
                g.next++;
                return true;
            }
        }
        if (clock_ns() > deadline)
            return false;
        guest_step();
    }
}

/* Steps the loop until cond(ctx) holds. */
static bool guest_step_until(bool (*cond)(void *ctx), void *ctx)
{
    int64_t deadline = clock_ns() + (int64_t)WAIT_MS * 1000000;
    while (!cond(ctx)) {
        if (clock_ns() > deadline)
            return false;
        guest_step();
    }
    return true;
}

static void guest_arp_gateway(void)
{
    uint8_t f[FR_MAX];
    guest_send(f, fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP));
}

static bool is_arp_reply(const FrParsed *p, const void *ctx)
{
    return p->arp_op == FR_ARP_REPLY;
}

static void net_test_fini(void)
{
    net_close_all();
}

/* -- Host sockets -- */

/* A non-blocking socket bound to 127.0.0.1 on a free port (*port). */
static int host_socket(int type, uint16_t *port)
{
    int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);
    cr_assert_geq(fd, 0, "socket: %s", strerror(errno));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof a;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0, "bind: %s", strerror(errno));
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

typedef struct SockWait {
    int fd;
    int got;     /* accept's fd, or bytes read */
    char buf[256];
} SockWait;

static bool sock_accepted(void *ctx)
{
    SockWait *w = ctx;
    w->got = accept(w->fd, NULL, NULL);
    return w->got >= 0;
}

static bool sock_readable(void *ctx)
{
    SockWait *w = ctx;
    ssize_t n = recv(w->fd, w->buf + w->got, sizeof w->buf - 1 - w->got, MSG_DONTWAIT);
    if (n > 0)
        w->got += (int)n;
    w->buf[w->got] = 0;
    return w->got > 0 && w->buf[w->got - 1] == '\n';
}

/* -- Parser -- */

static NetUserOpts parse_ok(const char *spec)
{
    NetUserOpts o;
    char err[256] = "";
    cr_assert_eq(net_user_opts_parse(spec, &o, err, sizeof err), 0, "%s: %s", spec, err);
    return o;
}

static void expect_ip4(struct in_addr a, const char *want, const char *what)
{
    char s[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, s, sizeof s);
    cr_expect_str_eq(s, want, "%s", what);
}

static void expect_ip6(const struct in6_addr *a, const char *want, const char *what)
{
    char s[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a, s, sizeof s);
    cr_expect_str_eq(s, want, "%s", what);
}

Test(net_opts, defaults_are_qemus)
{
    NetUserOpts o = parse_ok("user,id=n0");
    cr_expect_str_eq(o.id, "n0");
    cr_expect(o.ipv4 && o.ipv6 && !o.restricted);
    expect_ip4(o.net, "10.0.2.0", "net");
    expect_ip4(o.mask, "255.255.255.0", "mask");
    expect_ip4(o.host, "10.0.2.2", "host");
    expect_ip4(o.dns, "10.0.2.3", "dns");
    expect_ip4(o.dhcp_start, "10.0.2.15", "dhcpstart");
    expect_ip6(&o.prefix6, "fec0::", "ipv6-net");
    cr_expect_eq(o.prefix6_len, 64);
    expect_ip6(&o.host6, "fec0::2", "ipv6-host");
    expect_ip6(&o.dns6, "fec0::3", "ipv6-dns");
    cr_expect_null(o.hostname);
    cr_expect_null(o.domainname);
    cr_expect_eq(o.n_hostfwd, 0);
    net_user_opts_free(&o);
}

Test(net_opts, net_moves_host_dns_and_dhcp_defaults)
{
    NetUserOpts o = parse_ok("user,id=n0,net=192.168.76.9/24");
    expect_ip4(o.net, "192.168.76.0", "net");
    expect_ip4(o.host, "192.168.76.2", "host");
    expect_ip4(o.dns, "192.168.76.3", "dns");
    expect_ip4(o.dhcp_start, "192.168.76.15", "dhcpstart");
    net_user_opts_free(&o);
    o = parse_ok("user,id=n0,net=10.9.0.0/255.255.0.0");
    expect_ip4(o.mask, "255.255.0.0", "dotted mask");
    expect_ip4(o.host, "10.9.2.2", "host in a /16");
    expect_ip4(o.dhcp_start, "10.9.2.15", "dhcpstart in a /16");
    net_user_opts_free(&o);
    o = parse_ok("user,id=n0,net=172.16.5.0");
    expect_ip4(o.mask, "255.240.0.0", "172.16/12 without a mask");
    net_user_opts_free(&o);
}

Test(net_opts, every_key)
{
    NetUserOpts o = parse_ok(
        "type=user,id=lan-1.x_y,net=10.1.0.0/16,host=10.1.0.1,dns=10.1.0.53,"
        "dhcpstart=10.1.1.100,hostname=vm,,one,domainname=example.org,restrict=on,"
        "ipv4=yes,ipv6=on,ipv6-net=fd00:1::/48,ipv6-host=fd00:1::1,ipv6-dns=fd00:1::53,"
        "tftp=/srv/tftp,bootfile=pxelinux.0,"
        "hostfwd=tcp::2222-:22,hostfwd=udp:127.0.0.1:5353-10.1.1.7:53,hostfwd=:127.0.0.2:0-:80");
    cr_expect_str_eq(o.id, "lan-1.x_y");
    expect_ip4(o.net, "10.1.0.0", "net");
    expect_ip4(o.mask, "255.255.0.0", "mask");
    expect_ip4(o.host, "10.1.0.1", "host");
    expect_ip4(o.dns, "10.1.0.53", "dns");
    expect_ip4(o.dhcp_start, "10.1.1.100", "dhcpstart");
    cr_expect_str_eq(o.hostname, "vm,one", "',,' is a comma inside a value");
    cr_expect_str_eq(o.domainname, "example.org");
    cr_expect(o.restricted && o.ipv4 && o.ipv6);
    expect_ip6(&o.prefix6, "fd00:1::", "ipv6-net");
    cr_expect_eq(o.prefix6_len, 48);
    expect_ip6(&o.host6, "fd00:1::1", "ipv6-host");
    expect_ip6(&o.dns6, "fd00:1::53", "ipv6-dns");
    cr_expect_str_eq(o.tftp, "/srv/tftp");
    cr_expect_str_eq(o.bootfile, "pxelinux.0");
    cr_assert_eq(o.n_hostfwd, 3);
    NetHostFwd *f = o.hostfwd;
    cr_expect(!f[0].udp && f[0].host_addr.s_addr == 0 && f[0].host_port == 2222);
    cr_expect(f[0].guest_addr.s_addr == 0 && f[0].guest_port == 22);
    cr_expect_str_eq(f[0].rule, "tcp::2222-:22");
    cr_expect(f[1].udp && f[1].host_port == 5353 && f[1].guest_port == 53);
    expect_ip4(f[1].host_addr, "127.0.0.1", "hostfwd host address");
    expect_ip4(f[1].guest_addr, "10.1.1.7", "hostfwd guest address");
    cr_expect(!f[2].udp && f[2].host_port == 0 && f[2].guest_port == 80, "empty protocol: tcp");
    net_user_opts_free(&o);
    o = parse_ok("user,id=n0,restrict=off,ipv4=off");
    cr_expect(!o.restricted && !o.ipv4 && o.ipv6);
    net_user_opts_free(&o);
}

static const struct {
    const char *spec;
    const char *msg;
} opt_errors[] = {
    { "", "netdev: no type (the form is user,id=ID[,key=value...])" },
    { "tap,id=n0", "netdev 'n0': type 'tap' is not supported (xrun has 'user')" },
    { "user", "netdev: no id= (the form is user,id=ID[,key=value...])" },
    { "user,id=0x", "netdev: id '0x' is not an identifier" },
    { "user,id=n0,id=n1", "netdev 'n0': 'id' given twice" },
    { "user,type=user,id=n0", "netdev 'n0': 'type' given twice" },
    { "user,id=n0,speed=10", "netdev 'n0': unknown parameter 'speed'" },
    { "user,id=n0,smb=/srv", "netdev 'n0': 'smb' is not supported by xrun" },
    { "user,id=n0,restrict", "netdev 'n0': 'restrict' has no value (key=value)" },
    { "user,id=n0,restrict=maybe", "netdev 'n0': restrict=maybe: expected on or off" },
    { "user,id=n0,ipv4=2", "netdev 'n0': ipv4=2: expected on or off" },
    { "user,id=n0,net=10.0.2.300/24", "netdev 'n0': net=10.0.2.300/24: bad IPv4 address '10.0.2.300'" },
    { "user,id=n0,net=10.0.2.0/33", "netdev 'n0': net=10.0.2.0/33: bad netmask '33'" },
    { "user,id=n0,net=10.0.2.0/2", "netdev 'n0': net=10.0.2.0/2: prefix length 2 out of range (4-32)" },
    { "user,id=n0,net=10.0.2.0/255.0.255.0", "netdev 'n0': net=10.0.2.0/255.0.255.0: netmask '255.0.255.0' is not a contiguous mask" },
    { "user,id=n0,net=10.0.2.0/24,net=10.0.3.0/24", "netdev 'n0': 'net' given twice" },
    { "user,id=n0,host=10.0.3.2", "netdev 'n0': host=10.0.3.2 is outside the network 10.0.2.0/24" },
    { "user,id=n0,host=ten", "netdev 'n0': host=ten: bad IPv4 address" },
    { "user,id=n0,dns=10.0.2.2", "netdev 'n0': dns=10.0.2.2 is the host address; they must differ" },
    { "user,id=n0,dns=1.1.1.1,restrict=on", "netdev 'n0': dns=1.1.1.1 is outside the network 10.0.2.0/24 (restrict=on)" },
    { "user,id=n0,dhcpstart=10.0.3.15", "netdev 'n0': dhcpstart=10.0.3.15 is outside the network 10.0.2.0/24" },
    { "user,id=n0,dhcpstart=10.0.2.3", "netdev 'n0': dhcpstart=10.0.2.3 must differ from the host and DNS addresses" },
    { "user,id=n0,ipv4=off,host=10.0.2.2", "netdev 'n0': ipv4=off, but net, host, dns or dhcpstart is given" },
    { "user,id=n0,ipv6=off,ipv6-dns=fec0::3", "netdev 'n0': ipv6=off, but ipv6-net, ipv6-host or ipv6-dns is given" },
    { "user,id=n0,ipv4=off,ipv6=off", "netdev 'n0': ipv4=off and ipv6=off leave no network" },
    { "user,id=n0,ipv6-net=fec0:::1/64", "netdev 'n0': ipv6-net=fec0:::1/64: bad IPv6 prefix 'fec0:::1'" },
    { "user,id=n0,ipv6-net=fec0::/127", "netdev 'n0': ipv6-net=fec0::/127: bad prefix length '127' (0-126)" },
    { "user,id=n0,ipv6-host=fec1::2", "netdev 'n0': ipv6-host=fec1::2 is outside the IPv6 network" },
    { "user,id=n0,ipv6-dns=fec0::3::", "netdev 'n0': ipv6-dns=fec0::3::: bad IPv6 address" },
    { "user,id=n0,ipv6-dns=fd00::3,restrict=on", "netdev 'n0': ipv6-dns=fd00::3 is outside the IPv6 network (restrict=on)" },
    { "user,id=n0,hostname=", "netdev 'n0': hostname: empty" },
    { "user,id=n0,domainname=a,domainname=b", "netdev 'n0': 'domainname' given twice" },
    { "user,id=n0,hostfwd=tcp", "netdev 'n0': hostfwd=tcp: no ':' (the form is [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport)" },
    { "user,id=n0,hostfwd=sctp::1-:2", "netdev 'n0': hostfwd=sctp::1-:2: bad protocol 'sctp' (tcp or udp)" },
    { "user,id=n0,hostfwd=tcp:2222", "netdev 'n0': hostfwd=tcp:2222: missing ':' after the host address" },
    { "user,id=n0,hostfwd=tcp:1.2.3:2222-:22", "netdev 'n0': hostfwd=tcp:1.2.3:2222-:22: bad host address '1.2.3'" },
    { "user,id=n0,hostfwd=tcp::2222", "netdev 'n0': hostfwd=tcp::2222: missing '-' after the host port" },
    { "user,id=n0,hostfwd=tcp::65536-:22", "netdev 'n0': hostfwd=tcp::65536-:22: bad host port '65536' (0-65535)" },
    { "user,id=n0,hostfwd=tcp::2222-22", "netdev 'n0': hostfwd=tcp::2222-22: missing ':' before the guest port" },
    { "user,id=n0,hostfwd=tcp::2222-10.0.2:22", "netdev 'n0': hostfwd=tcp::2222-10.0.2:22: bad guest address '10.0.2'" },
    { "user,id=n0,hostfwd=tcp::2222-:0", "netdev 'n0': hostfwd=tcp::2222-:0: bad guest port '0' (1-65535)" },
    { "user,id=n0,hostfwd=udp::53-:x", "netdev 'n0': hostfwd=udp::53-:x: bad guest port 'x' (1-65535)" },
};

Test(net_opts, each_bad_field_has_its_message)
{
    for (size_t i = 0; i < sizeof opt_errors / sizeof opt_errors[0]; i++) {
        NetUserOpts o;
        char err[512] = "";
        cr_expect_eq(net_user_opts_parse(opt_errors[i].spec, &o, err, sizeof err), -1,
                     "'%s' was accepted", opt_errors[i].spec);
        cr_expect_eq(strncmp(err, opt_errors[i].msg, strlen(opt_errors[i].msg)), 0,
                     "'%s':\n  got  %s\n  want %s", opt_errors[i].spec, err, opt_errors[i].msg);
        cr_expect_null(o.id, "a failed parse leaves nothing to free");
    }
}

Test(net_opts, long_hostname_refused)
{
    char spec[400] = "user,id=n0,hostname=";
    memset(spec + strlen(spec), 'h', 256);
    NetUserOpts o;
    char err[256];
    cr_assert_eq(net_user_opts_parse(spec, &o, err, sizeof err), -1);
    cr_expect_str_eq(err, "netdev 'n0': hostname: longer than 255 bytes");
}

/* -- Registry and device link -- */

TestSuite(net_registry, .fini = net_test_fini, .timeout = 30);

Test(net_registry, duplicate_id_refused)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add("user,id=n0", err, sizeof err), 0, "%s", err);
    cr_assert_eq(net_netdev_add("user,id=n0,net=10.0.3.0/24", err, sizeof err), -1);
    cr_expect_str_eq(err, "netdev 'n0': id already used by another -netdev");
    cr_expect_not_null(net_find("n0"));
    cr_expect_str_eq(net_id(net_find("n0")), "n0");
}

Test(net_registry, bad_spec_registers_nothing)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add("user,id=n0,host=10.9.9.9", err, sizeof err), -1);
    cr_expect_str_eq(err, "netdev 'n0': host=10.9.9.9 is outside the network 10.0.2.0/24");
    cr_expect_null(net_find("n0"));
}

Test(net_registry, attach_needs_a_free_existing_netdev)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add("user,id=n0", err, sizeof err), 0, "%s", err);
    cr_expect_null(net_attach("n1", &guest_peer, NULL, err, sizeof err));
    cr_expect_str_eq(err, "netdev 'n1' not found (no -netdev with id=n1)");
    cr_expect_not_null(net_attach("n0", &guest_peer, NULL, err, sizeof err));
    cr_expect_null(net_attach("n0", &guest_peer, NULL, err, sizeof err));
    cr_expect_str_eq(err, "netdev 'n0' is already used by another device");
}

Test(net_registry, unused_netdev_warned, .init = cr_redirect_stderr)
{
    char err[256] = "";
    cr_assert_eq(net_netdev_add("user,id=n0", err, sizeof err), 0, "%s", err);
    cr_assert_eq(net_netdev_add("user,id=spare,net=10.0.3.0/24", err, sizeof err), 0, "%s", err);
    cr_assert_not_null(net_attach("n0", &guest_peer, NULL, err, sizeof err));
    cr_expect_eq(net_warn_unused(), 1);
    fflush(stderr);
    cr_expect_stderr_eq_str("xrun: warning: netdev 'spare' is not used by any device\n");
}

Test(net_registry, hostfwd_on_a_busy_port_fails)
{
    uint16_t port;
    int fd = host_socket(SOCK_STREAM, &port);
    cr_assert_eq(listen(fd, 1), 0);
    char spec[128], err[256] = "", want[200];
    snprintf(spec, sizeof spec, "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:22", port);
    cr_assert_eq(net_netdev_add(spec, err, sizeof err), -1, "port %u taken, still accepted", port);
    snprintf(want, sizeof want, "netdev 'n0': hostfwd=tcp:127.0.0.1:%u-:22: cannot listen on host port %u",
             port, port);
    cr_expect_eq(strncmp(err, want, strlen(want)), 0, "got %s", err);
    cr_expect_null(net_find("n0"));
    close(fd);
}

Test(net_registry, bad_frame_lengths_refused)
{
    guest_start("user,id=n0");
    uint8_t f[NET_FRAME_MAX + 1] = { 0 };
    cr_expect_eq(net_send(g.nb, f, NET_FRAME_MIN - 1), -1);
    cr_expect_eq(net_send(g.nb, f, NET_FRAME_MAX + 1), -1);
    cr_expect_eq(net_stats(g.nb).tx_bad, 2);
    cr_expect_eq(net_stats(g.nb).tx_frames, 0);
    /* A well-sized frame of nonsense is slirp's to ignore. */
    cr_expect_eq(net_send(g.nb, f, 60), 0);
    for (int i = 0; i < 5; i++)
        guest_step();
    cr_expect_eq(g.n, 0);
}

Test(net_registry, garbage_frames_leave_slirp_working)
{
    guest_start("user,id=n0");
    /* Random bytes behind real ARP and IPv4 headers' first bytes, of random
     * lengths: the guest can send anything. A fixed seed keeps runs alike. */
    uint32_t x = 0x2545f491;
    uint8_t f[1600];
    for (int i = 0; i < 3000; i++) {
        size_t len = NET_FRAME_MIN + (x % (sizeof f - NET_FRAME_MIN));
        for (size_t j = 0; j < len; j++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            f[j] = (uint8_t)x;
        }
        memcpy(f, fr_slirp_mac, 6);
        f[12] = 0x08;
        f[13] = (i & 1) ? 0x06 : 0x00;
        if (!(i & 1) && len > 14)
            f[14] = 0x45; /* IPv4, 20-byte header: past the first check */
        guest_send(f, len);
        if (i % 100 == 0)
            guest_step();
    }
    FrParsed p;
    g.next = g.n;
    guest_arp_gateway();
    cr_expect(guest_wait(is_arp_reply, NULL, &p), "slirp stopped answering");
}

/* -- The queue toward the guest -- */

TestSuite(net_queue, .fini = net_test_fini, .timeout = 30);

Test(net_queue, reply_never_reenters_send)
{
    guest_start("user,id=n0");
    guest_arp_gateway();
    cr_expect_eq(g.n, 0, "the ARP reply was delivered inside net_send");
    FrParsed p;
    cr_assert(guest_wait(is_arp_reply, NULL, &p), "no ARP reply");
    cr_expect_eq(net_stats(g.nb).rx_frames, 1);
}

Test(net_queue, frames_wait_while_the_device_is_full)
{
    guest_start("user,id=n0");
    g.full = true;
    guest_arp_gateway();
    for (int i = 0; i < 5; i++)
        guest_step();
    cr_expect_eq(g.n, 0);
    cr_expect_eq(net_stats(g.nb).rx_queued, 1);
    g.full = false;
    net_rx_ready(g.nb);
    cr_assert_eq(g.n, 1);
    FrParsed p;
    cr_assert(fr_parse(g.frame[0], g.len[0], &p));
    cr_expect_eq(p.arp_op, FR_ARP_REPLY);
    cr_expect_eq(net_stats(g.nb).rx_queued, 0);
}

Test(net_queue, refused_frame_stays_at_the_head)
{
    guest_start("user,id=n0");
    uint8_t f[FR_MAX];
    guest_send(f, fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP));
    guest_send(f, fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_DNS_IP));
    g.refuse = 1;
    for (int i = 0; i < 5; i++)
        guest_step();
    cr_expect_eq(g.n, 0, "delivery went on past a refused frame");
    cr_expect_eq(net_stats(g.nb).rx_queued, 2);
    net_rx_ready(g.nb);
    cr_assert_eq(g.n, 2);
    FrParsed p;
    cr_assert(fr_parse(g.frame[0], g.len[0], &p));
    cr_expect_eq(p.arp_spa, FR_HOST_IP, "order kept: the gateway's reply first");
    cr_assert(fr_parse(g.frame[1], g.len[1], &p));
    cr_expect_eq(p.arp_spa, FR_DNS_IP);
}

Test(net_queue, bounded_and_drops_counted)
{
    guest_start("user,id=n0");
    g.full = true;
    for (int i = 0; i < NET_RXQ_MAX_FRAMES + 10; i++)
        guest_arp_gateway();
    guest_step();
    NetStats s = net_stats(g.nb);
    cr_expect_eq(s.rx_queued, NET_RXQ_MAX_FRAMES);
    cr_expect_eq(s.rx_dropped, 10);
    g.full = false;
    net_rx_ready(g.nb);
    cr_expect_eq(g.n, NET_RXQ_MAX_FRAMES);
    cr_expect_eq(net_stats(g.nb).rx_frames, NET_RXQ_MAX_FRAMES);
}

Test(net_queue, detached_device_gets_nothing)
{
    guest_start("user,id=n0");
    g.full = true;
    guest_arp_gateway();
    guest_step();
    net_detach(g.nb);
    g.full = false;
    net_rx_ready(g.nb);
    guest_arp_gateway();
    for (int i = 0; i < 3; i++)
        guest_step();
    cr_expect_eq(g.n, 0);
    cr_expect_eq(net_stats(g.nb).rx_dropped, 2);
    char err[256];
    cr_expect_not_null(net_attach("n0", &guest_peer, NULL, err, sizeof err), "%s", err);
}

/* -- Frames exchanged with slirp -- */

TestSuite(net_slirp, .fini = net_test_fini, .timeout = 30);

static void expect_from_slirp(const FrParsed *p)
{
    cr_expect_arr_eq(p->src_mac, fr_slirp_mac, 6, "source MAC is not slirp's");
    cr_expect_arr_eq(p->dst_mac, fr_guest_mac, 6, "destination MAC is not the guest's");
    if (p->ethertype == FR_ETH_IP) {
        cr_expect(p->ip_csum_ok, "bad IPv4 header checksum");
        cr_expect(p->l4_csum_ok, "bad TCP/UDP checksum");
    }
}

Test(net_slirp, arp_for_the_gateway_answered_with_slirps_mac)
{
    guest_start("user,id=n0");
    guest_arp_gateway();
    FrParsed p;
    cr_assert(guest_wait(is_arp_reply, NULL, &p), "no ARP reply");
    expect_from_slirp(&p);
    cr_expect_eq(p.ethertype, FR_ETH_ARP);
    cr_expect_arr_eq(p.arp_sha, fr_slirp_mac, 6);
    cr_expect_eq(p.arp_spa, FR_HOST_IP);
    cr_expect_eq(p.arp_tpa, FR_GUEST_IP);
}

static bool is_neighbor_advert(const FrParsed *p, const void *ctx)
{
    return p->icmp6_type == FR_ICMP6_NA && !memcmp(p->nd_target, ctx, 16);
}

/* Starts spec and has the guest ask for the MAC of fec0::2 (*host6). */
static void guest_solicit_router6(const char *spec, struct in6_addr *host6)
{
    guest_start(spec);
    inet_pton(AF_INET6, "fec0::2", host6);
    uint8_t f[FR_MAX];
    guest_send(f, fr_ndp_solicit(f, host6->s6_addr));
}

Test(net_slirp, ipv6_neighbor_solicitation_for_the_router_answered)
{
    struct in6_addr host6;
    guest_solicit_router6("user,id=n0", &host6);
    FrParsed p;
    cr_assert(guest_wait(is_neighbor_advert, host6.s6_addr, &p), "no neighbor advertisement");
    cr_expect_arr_eq(p.ip6_src, host6.s6_addr, 16);
    cr_expect(p.icmp6_csum_ok, "bad ICMPv6 checksum");
    cr_expect_arr_eq(p.dst_mac, fr_guest_mac, 6);
}

Test(net_slirp, ipv6_off_leaves_solicitations_unanswered)
{
    struct in6_addr host6;
    guest_solicit_router6("user,id=n0,ipv6=off", &host6);
    for (int i = 0; i < 20; i++)
        guest_step();
    for (int i = 0; i < g.n; i++) {
        FrParsed p;
        cr_assert(fr_parse(g.frame[i], g.len[i], &p));
        cr_expect_neq(p.ethertype, FR_ETH_IP6, "an IPv6 frame with ipv6=off");
    }
}

typedef struct DhcpWant {
    uint32_t xid;
    int type;
} DhcpWant;

static bool is_dhcp_reply(const FrParsed *p, const void *ctx)
{
    const DhcpWant *w = ctx;
    size_t n;
    const uint8_t *t = fr_dhcp_option(p->payload, p->payload_len, 53, &n);
    return p->ip_proto == FR_PROTO_UDP && p->sport == 67 && p->dport == 68 &&
           p->payload_len >= 240 && fr_be32(p->payload + 4) == w->xid && t && n == 1 &&
           t[0] == w->type;
}

static void expect_dhcp_option_ip(const FrParsed *p, int code, uint32_t want)
{
    size_t n = 0;
    const uint8_t *v = fr_dhcp_option(p->payload, p->payload_len, code, &n);
    cr_assert_not_null(v, "DHCP option %d missing", code);
    cr_assert_geq(n, 4, "DHCP option %d has %zu bytes", code, n);
    cr_expect_eq(fr_be32(v), want, "DHCP option %d: %08x, want %08x", code, fr_be32(v), want);
}

static void expect_dhcp_option_str(const FrParsed *p, int code, const char *want)
{
    size_t n = 0;
    const uint8_t *v = fr_dhcp_option(p->payload, p->payload_len, code, &n);
    cr_assert_not_null(v, "DHCP option %d missing", code);
    cr_expect(n == strlen(want) && !memcmp(v, want, n), "DHCP option %d: '%.*s', want '%s'",
              code, (int)n, (const char *)v, want);
}

/* DISCOVER -> OFFER, REQUEST -> ACK, for a guest on the network base;
 * *offer is the OFFER. */
static void dhcp_handshake(uint32_t base, FrParsed *offer)
{
    uint8_t f[FR_MAX];
    FrParsed p;
    uint32_t lease = base | 15, gw = base | 2, dns = base | 3;
    guest_send(f, fr_dhcp(f, 1 /* DISCOVER */, 0x1234abcd, 0, 0));
    DhcpWant want_offer = { 0x1234abcd, 2 };
    cr_assert(guest_wait(is_dhcp_reply, &want_offer, offer), "no DHCPOFFER");
    /* slirp's MAC is 52:55 and then its IPv4 address. */
    const uint8_t mac[6] = { 0x52, 0x55, gw >> 24, (gw >> 16) & 0xff, (gw >> 8) & 0xff, gw & 0xff };
    cr_expect_arr_eq(offer->src_mac, mac, 6);
    cr_expect(offer->ip_csum_ok && offer->l4_csum_ok, "bad checksum in the offer");
    cr_expect_eq(offer->ip_src, gw);
    cr_expect_eq(fr_dhcp_yiaddr(offer->payload, offer->payload_len), lease);
    expect_dhcp_option_ip(offer, 1, 0xffffff00); /* subnet mask */
    expect_dhcp_option_ip(offer, 3, gw);         /* router */
    expect_dhcp_option_ip(offer, 6, dns);        /* DNS server */
    expect_dhcp_option_ip(offer, 54, gw);        /* server identifier */
    guest_send(f, fr_dhcp(f, 3 /* REQUEST */, 0x1234abce, lease, gw));
    DhcpWant ack = { 0x1234abce, 5 };
    cr_assert(guest_wait(is_dhcp_reply, &ack, &p), "no DHCPACK");
    cr_expect_eq(fr_dhcp_yiaddr(p.payload, p.payload_len), lease);
    expect_dhcp_option_ip(&p, 3, gw);
}

Test(net_slirp, dhcp_offers_and_acks_the_dhcpstart_address)
{
    guest_start("user,id=n0");
    FrParsed offer;
    dhcp_handshake(FR_IP(10, 0, 2, 0), &offer);
    size_t n;
    cr_expect_null(fr_dhcp_option(offer.payload, offer.payload_len, 12, &n), "a host name unasked");
}

Test(net_slirp, dhcp_follows_net_hostname_domainname_and_bootfile)
{
    guest_start("user,id=n0,net=192.168.76.0/24,hostname=xrun-guest,domainname=example.org,"
                "bootfile=boot.img");
    FrParsed offer;
    dhcp_handshake(FR_IP(192, 168, 76, 0), &offer);
    expect_dhcp_option_str(&offer, 12, "xrun-guest");
    expect_dhcp_option_str(&offer, 15, "example.org");
    /* The boot file name sits in BOOTP's 128-byte file field (offset 108). */
    cr_expect_str_eq((const char *)offer.payload + 108, "boot.img");
}

typedef struct TcpWant {
    uint16_t sport, dport; /* sport 0: any */
    uint8_t flags; /* all of these set */
    bool data;     /* carries payload */
} TcpWant;

static bool is_tcp(const FrParsed *p, const void *ctx)
{
    const TcpWant *w = ctx;
    return p->ip_proto == FR_PROTO_TCP && (!w->sport || p->sport == w->sport) && p->dport == w->dport &&
           (p->tcp_flags & w->flags) == w->flags && (!w->data || p->payload_len > 0);
}

Test(net_slirp, tcp_to_host_loopback_connects_and_carries_data)
{
    uint16_t port;
    int lfd = host_socket(SOCK_STREAM, &port);
    cr_assert_eq(listen(lfd, 1), 0);
    guest_start("user,id=n0");
    guest_arp_gateway();

    /* SYN from 10.0.2.15:40000 to 10.0.2.2:port (the host's 127.0.0.1). */
    uint8_t f[FR_MAX];
    FrTcp t = { FR_GUEST_IP, FR_HOST_IP, 40000, port, 1000, 0, FR_TCP_SYN };
    guest_send(f, fr_tcp(f, &t, NULL, 0));
    SockWait acc = { .fd = lfd };
    cr_assert(guest_step_until(sock_accepted, &acc), "accept() got no connection");
    FrParsed p;
    TcpWant synack = { port, 40000, FR_TCP_SYN | FR_TCP_ACK, false };
    cr_assert(guest_wait(is_tcp, &synack, &p), "no SYN-ACK");
    expect_from_slirp(&p);
    cr_expect_eq(p.ip_src, FR_HOST_IP);
    cr_expect_eq(p.ip_dst, FR_GUEST_IP);
    cr_expect_eq(p.tcp_ack, 1001);
    uint32_t srv = p.tcp_seq + 1;

    /* ACK, then a request. */
    t = (FrTcp){ FR_GUEST_IP, FR_HOST_IP, 40000, port, 1001, srv, FR_TCP_ACK };
    guest_send(f, fr_tcp(f, &t, NULL, 0));
    static const char req[] = "ping from guest\n";
    t.flags = FR_TCP_ACK | FR_TCP_PSH;
    guest_send(f, fr_tcp(f, &t, req, strlen(req)));
    SockWait rd = { .fd = acc.got };
    cr_assert(guest_step_until(sock_readable, &rd), "the host read %d bytes", rd.got);
    cr_expect_str_eq(rd.buf, req);

    /* The host answers; slirp sends it as a segment to the guest. */
    static const char resp[] = "pong from host\n";
    cr_assert_eq(send(acc.got, resp, strlen(resp), 0), (ssize_t)strlen(resp));
    TcpWant data = { port, 40000, FR_TCP_ACK, true };
    cr_assert(guest_wait(is_tcp, &data, &p), "no data segment from slirp");
    expect_from_slirp(&p);
    cr_expect_eq(p.tcp_seq, srv);
    cr_expect_eq(p.tcp_ack, 1001 + strlen(req), "slirp did not acknowledge the request");
    cr_assert_eq(p.payload_len, strlen(resp));
    cr_expect_arr_eq(p.payload, resp, strlen(resp));
    close(acc.got);
    close(lfd);
}

Test(net_slirp, tcp_to_a_closed_host_port_is_reset)
{
    uint16_t port;
    close(host_socket(SOCK_STREAM, &port)); /* nobody listens there now */
    guest_start("user,id=n0");
    guest_arp_gateway();
    uint8_t f[FR_MAX];
    FrTcp t = { FR_GUEST_IP, FR_HOST_IP, 40001, port, 5000, 0, FR_TCP_SYN };
    guest_send(f, fr_tcp(f, &t, NULL, 0));
    FrParsed p;
    TcpWant rst = { port, 40001, FR_TCP_RST, false };
    cr_assert(guest_wait(is_tcp, &rst, &p), "no RST for a refused connection");
    expect_from_slirp(&p);
    cr_expect_eq(p.tcp_ack, 5001);
}

typedef struct UdpWant {
    uint16_t sport, dport;
} UdpWant;

static bool is_udp(const FrParsed *p, const void *ctx)
{
    const UdpWant *w = ctx;
    return p->ip_proto == FR_PROTO_UDP && p->sport == w->sport && p->dport == w->dport;
}

/* Waits for a datagram from 10.0.2.2:sport to 10.0.2.15:dport carrying text. */
static void expect_udp_to_guest(uint16_t sport, uint16_t dport, const char *text)
{
    FrParsed p;
    UdpWant w = { sport, dport };
    cr_assert(guest_wait(is_udp, &w, &p), "no datagram %u -> guest port %u", sport, dport);
    expect_from_slirp(&p);
    cr_expect_eq(p.ip_src, FR_HOST_IP);
    cr_expect_eq(p.ip_dst, FR_GUEST_IP);
    cr_assert_eq(p.payload_len, strlen(text));
    cr_expect_arr_eq(p.payload, text, strlen(text));
}

Test(net_slirp, udp_to_host_loopback_arrives_and_is_answered)
{
    uint16_t port;
    int fd = host_socket(SOCK_DGRAM, &port);
    guest_start("user,id=n0");
    guest_arp_gateway();
    static const char msg[] = "datagram from guest\n";
    uint8_t f[FR_MAX];
    guest_send(f, fr_udp(f, fr_slirp_mac, FR_GUEST_IP, 5555, FR_HOST_IP, port, msg, strlen(msg)));
    SockWait rd = { .fd = fd };
    cr_assert(guest_step_until(sock_readable, &rd), "nothing arrived on 127.0.0.1:%u", port);
    cr_expect_str_eq(rd.buf, msg);

    /* A reply to the sender's address goes back to the guest's port. */
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    char buf[64];
    static const char reply[] = "datagram from host";
    guest_send(f, fr_udp(f, fr_slirp_mac, FR_GUEST_IP, 5555, FR_HOST_IP, port, msg, strlen(msg)));
    int64_t deadline = clock_ns() + (int64_t)WAIT_MS * 1000000;
    while (recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen) < 0) {
        cr_assert_lt(clock_ns(), deadline, "second datagram lost");
        guest_step();
    }
    cr_assert_eq(sendto(fd, reply, strlen(reply), 0, (struct sockaddr *)&from, flen),
                 (ssize_t)strlen(reply));
    expect_udp_to_guest(port, 5555, reply);
    close(fd);
}

/* A netdev forwarding 127.0.0.1:port (a port that was free a moment ago)
 * to the guest's guest_port; returns the host port. */
static uint16_t hostfwd_start(int type, int guest_port)
{
    uint16_t port;
    close(host_socket(type, &port));
    char spec[128];
    snprintf(spec, sizeof spec, "user,id=n0,hostfwd=%s:127.0.0.1:%u-:%d",
             type == SOCK_DGRAM ? "udp" : "tcp", port, guest_port);
    guest_start(spec);
    guest_arp_gateway();
    return port;
}

static struct sockaddr_in loopback(uint16_t port)
{
    return (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
}

Test(net_slirp, tftp_serves_a_file_from_the_tftp_directory)
{
    char dir[] = "/tmp/xrun-net-tftp-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[64], spec[96];
    snprintf(path, sizeof path, "%s/hello.txt", dir);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs("served by slirp\n", fp);
    fclose(fp);
    snprintf(spec, sizeof spec, "user,id=n0,tftp=%s", dir);
    guest_start(spec);
    guest_arp_gateway();
    /* RRQ (opcode 1): file name, mode, each NUL-terminated (RFC 1350). */
    static const char rrq[] = "\0\1hello.txt\0octet";
    uint8_t f[FR_MAX];
    guest_send(f, fr_udp(f, fr_slirp_mac, FR_GUEST_IP, 2069, FR_HOST_IP, 69, rrq, sizeof rrq));
    FrParsed p;
    UdpWant w = { 69, 2069 };
    bool got = guest_wait(is_udp, &w, &p);
    unlink(path);
    rmdir(dir);
    cr_assert(got, "no TFTP answer");
    /* DATA (opcode 3), block 1, then the whole (short) file. */
    static const char data[] = "\0\3\0\1served by slirp\n";
    cr_assert_eq(p.payload_len, sizeof data - 1);
    cr_expect_arr_eq(p.payload, data, sizeof data - 1);
}

Test(net_slirp, hostfwd_connection_becomes_a_syn_to_the_guest)
{
    struct sockaddr_in a = loopback(hostfwd_start(SOCK_STREAM, 8022));
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int rc = connect(c, (struct sockaddr *)&a, sizeof a);
    cr_assert(rc == 0 || errno == EINPROGRESS, "connect: %s", strerror(errno));
    FrParsed p;
    TcpWant syn = { 0, 8022, FR_TCP_SYN, false }; /* any source port */
    cr_assert(guest_wait(is_tcp, &syn, &p), "no SYN toward the guest's port 8022");
    expect_from_slirp(&p);
    cr_expect_eq(p.ip_dst, FR_GUEST_IP, "the forward goes to the DHCP start address");
    cr_expect_eq(p.ip_src, FR_HOST_IP);
    cr_expect_eq(p.tcp_flags & (FR_TCP_SYN | FR_TCP_ACK), FR_TCP_SYN);
    close(c);
}

Test(net_slirp, hostfwd_udp_datagram_reaches_the_guest)
{
    struct sockaddr_in a = loopback(hostfwd_start(SOCK_DGRAM, 5353));
    uint16_t cport;
    int c = host_socket(SOCK_DGRAM, &cport);
    static const char msg[] = "query";
    cr_assert_eq(sendto(c, msg, strlen(msg), 0, (struct sockaddr *)&a, sizeof a),
                 (ssize_t)strlen(msg));
    expect_udp_to_guest(cport, 5353, msg);
    close(c);
}

Test(net_slirp, restrict_keeps_the_guest_off_the_host)
{
    uint16_t port;
    int fd = host_socket(SOCK_DGRAM, &port);
    guest_start("user,id=n0,restrict=on");
    guest_arp_gateway();
    uint8_t f[FR_MAX];
    guest_send(f, fr_udp(f, fr_slirp_mac, FR_GUEST_IP, 5555, FR_HOST_IP, port, "x", 1));
    int64_t until = clock_ns() + 300 * 1000000;
    char buf[16];
    while (clock_ns() < until) {
        guest_step();
        cr_assert_lt(recv(fd, buf, sizeof buf, MSG_DONTWAIT), 0,
                     "a restricted guest reached 127.0.0.1:%u", port);
    }
    FrParsed p;
    cr_expect(guest_wait(is_arp_reply, NULL, &p), "the gateway itself still answers");
    close(fd);
}

/* -- The summary line of this suite -- */

static size_t net_passed, net_failed;

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    net_passed = stats->tests_passed;
    net_failed = stats->tests_failed + stats->tests_crashed;
}

int main(int argc, char **argv)
{
    struct criterion_test_set *tests = criterion_initialize();
    int rc = 0;
    bool ran = criterion_handle_args(argc, argv, true);
    if (ran)
        rc = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    if (ran)
        printf("net: %zu passed, %zu failed\n", net_passed, net_failed);
    return rc;
}
