/*
 * Ethernet frames as a guest builds them, and a parser for the frames a
 * backend sends back, for the network unit tests. Addresses and ports are
 * host-order integers (10.0.2.15 is 0x0a00020f); frames carry no FCS.
 *
 *     uint8_t f[FR_MAX];
 *     size_t n = fr_arp(f, FR_ARP_REQUEST, fr_guest_mac, FR_GUEST_IP, NULL, FR_HOST_IP);
 *     net_send(nb, f, n);
 *     FrParsed p;
 *     if (fr_parse(reply, len, &p) && p.arp_op == FR_ARP_REPLY) ...
 */
#ifndef XRUN_TESTS_NET_FRAMES_H
#define XRUN_TESTS_NET_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FR_MAX 2048
#define FR_ETH_ARP 0x0806
#define FR_ETH_IP 0x0800
#define FR_ETH_IP6 0x86dd
#define FR_ICMP6_NS 135 /* neighbor solicitation */
#define FR_ICMP6_NA 136 /* neighbor advertisement */
#define FR_ARP_REQUEST 1
#define FR_ARP_REPLY 2
#define FR_PROTO_TCP 6
#define FR_PROTO_UDP 17
#define FR_TCP_FIN 0x01
#define FR_TCP_SYN 0x02
#define FR_TCP_RST 0x04
#define FR_TCP_PSH 0x08
#define FR_TCP_ACK 0x10

#define FR_IP(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define FR_GUEST_IP FR_IP(10, 0, 2, 15)
#define FR_HOST_IP FR_IP(10, 0, 2, 2)
#define FR_DNS_IP FR_IP(10, 0, 2, 3)

extern const uint8_t fr_guest_mac[6]; /* 52:54:00:12:34:56, qemu's first NIC */
extern const uint8_t fr_slirp_mac[6]; /* 52:55:0a:00:02:02: slirp's, for 10.0.2.2 */
extern const uint8_t fr_broadcast[6];

/* ARP for IPv4 over Ethernet; a request goes to broadcast (tha NULL). */
size_t fr_arp(uint8_t *buf, int op, const uint8_t *sha, uint32_t spa, const uint8_t *tha,
              uint32_t tpa);

/* An IPv4 packet from the guest's MAC to dmac, header checksum filled. */
size_t fr_ipv4(uint8_t *buf, const uint8_t *dmac, uint32_t src, uint32_t dst, int proto,
               const void *l4, size_t l4len);

size_t fr_udp(uint8_t *buf, const uint8_t *dmac, uint32_t src, uint16_t sport, uint32_t dst,
              uint16_t dport, const void *data, size_t len);

typedef struct FrTcp {
    uint32_t src, dst;
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
} FrTcp;
/* A TCP segment to slirp's MAC (window 64240, no options). */
size_t fr_tcp(uint8_t *buf, const FrTcp *t, const void *data, size_t len);

/* A DHCP client message (53 = type) from fr_guest_mac, broadcast; requested
 * and server (options 50 and 54) are left out when 0. */
size_t fr_dhcp(uint8_t *buf, int type, uint32_t xid, uint32_t requested, uint32_t server);

/* An IPv6 neighbor solicitation for target from the guest's link-local
 * address, with its link-layer address option (RFC 4861). */
size_t fr_ndp_solicit(uint8_t *buf, const uint8_t target[16]);

typedef struct FrParsed {
    uint8_t dst_mac[6], src_mac[6];
    uint16_t ethertype;
    /* ARP */
    int arp_op;
    uint8_t arp_sha[6];
    uint32_t arp_spa, arp_tpa;
    /* IPv4 */
    uint32_t ip_src, ip_dst;
    int ip_proto;
    bool ip_csum_ok;
    /* IPv6 and ICMPv6 */
    uint8_t ip6_src[16], ip6_dst[16];
    int icmp6_type;       /* -1 if not ICMPv6 */
    bool icmp6_csum_ok;
    uint8_t nd_target[16]; /* of a neighbor solicitation or advertisement */
    /* TCP and UDP */
    uint16_t sport, dport;
    bool l4_csum_ok;
    uint32_t tcp_seq, tcp_ack;
    uint8_t tcp_flags;
    const uint8_t *payload;
    size_t payload_len;
} FrParsed;

/* Decodes what it knows (ARP, IPv4 with TCP or UDP, ICMPv6); false for a frame
 * too short for the headers it claims. */
bool fr_parse(const uint8_t *frame, size_t len, FrParsed *p);

/* In a DHCP/BOOTP payload: yiaddr, and the value of option code (NULL if
 * absent; *olen is its length). */
uint32_t fr_dhcp_yiaddr(const uint8_t *bootp, size_t len);
const uint8_t *fr_dhcp_option(const uint8_t *bootp, size_t len, int code, size_t *olen);

static inline uint32_t fr_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

#endif
