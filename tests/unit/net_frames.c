/*
 * Building and decoding the Ethernet, ARP, IPv4, UDP, TCP and DHCP headers
 * of the network unit tests (RFC 826, 791, 768, 793, 2131). Everything is
 * written byte by byte in network order, so no struct layout matters.
 * IPv6 neighbor discovery follows RFC 8200 and 4861.
 */
#include <string.h>

#include "tests/unit/net_frames.h"

const uint8_t fr_guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
const uint8_t fr_slirp_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
const uint8_t fr_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define ETH_HLEN 14
#define IP_HLEN 20
#define TCP_HLEN 20
#define UDP_HLEN 8
#define BOOTP_LEN 548 /* 236 fixed bytes + 312 of options, as clients send */

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* The one's-complement sum of RFC 1071, not yet inverted. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* TCP and UDP checksums cover a pseudo header of addresses and length. */
static uint16_t l4_csum(uint32_t src, uint32_t dst, int proto, const uint8_t *l4, size_t len)
{
    uint8_t ph[12];
    put32(ph, src);
    put32(ph + 4, dst);
    ph[8] = 0;
    ph[9] = (uint8_t)proto;
    put16(ph + 10, (uint32_t)len);
    return fold(sum16(l4, len, sum16(ph, sizeof ph, 0)));
}

static size_t eth(uint8_t *buf, const uint8_t *dmac, const uint8_t *smac, uint16_t type)
{
    memcpy(buf, dmac, 6);
    memcpy(buf + 6, smac, 6);
    put16(buf + 12, type);
    return ETH_HLEN;
}

size_t fr_arp(uint8_t *buf, int op, const uint8_t *sha, uint32_t spa, const uint8_t *tha,
              uint32_t tpa)
{
    static const uint8_t zero[6];
    size_t n = eth(buf, tha ? tha : fr_broadcast, sha, FR_ETH_ARP);
    uint8_t *a = buf + n;
    put16(a, 1);          /* hardware: Ethernet */
    put16(a + 2, 0x0800); /* protocol: IPv4 */
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, (uint32_t)op);
    memcpy(a + 8, sha, 6);
    put32(a + 14, spa);
    memcpy(a + 18, tha ? tha : zero, 6);
    put32(a + 24, tpa);
    /* Padded to the 60-byte Ethernet minimum, as a NIC would. */
    memset(a + 28, 0, 60 - ETH_HLEN - 28);
    return 60;
}

size_t fr_ipv4(uint8_t *buf, const uint8_t *dmac, uint32_t src, uint32_t dst, int proto,
               const void *l4, size_t l4len)
{
    static uint16_t ident = 1;
    size_t n = eth(buf, dmac, fr_guest_mac, FR_ETH_IP);
    uint8_t *ip = buf + n;
    ip[0] = 0x45; /* version 4, 5 words */
    ip[1] = 0;
    put16(ip + 2, (uint32_t)(IP_HLEN + l4len));
    put16(ip + 4, ident++);
    put16(ip + 6, 0x4000); /* don't fragment */
    ip[8] = 64;
    ip[9] = (uint8_t)proto;
    put16(ip + 10, 0);
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put16(ip + 10, fold(sum16(ip, IP_HLEN, 0)));
    memcpy(ip + IP_HLEN, l4, l4len);
    return n + IP_HLEN + l4len;
}

size_t fr_udp(uint8_t *buf, const uint8_t *dmac, uint32_t src, uint16_t sport, uint32_t dst,
              uint16_t dport, const void *data, size_t len)
{
    uint8_t seg[FR_MAX];
    put16(seg, sport);
    put16(seg + 2, dport);
    put16(seg + 4, (uint32_t)(UDP_HLEN + len));
    put16(seg + 6, 0);
    memcpy(seg + UDP_HLEN, data, len);
    uint16_t c = l4_csum(src, dst, FR_PROTO_UDP, seg, UDP_HLEN + len);
    put16(seg + 6, c ? c : 0xffff);
    return fr_ipv4(buf, dmac, src, dst, FR_PROTO_UDP, seg, UDP_HLEN + len);
}

size_t fr_tcp(uint8_t *buf, const FrTcp *t, const void *data, size_t len)
{
    uint8_t seg[FR_MAX];
    put16(seg, t->sport);
    put16(seg + 2, t->dport);
    put32(seg + 4, t->seq);
    put32(seg + 8, t->ack);
    seg[12] = (TCP_HLEN / 4) << 4;
    seg[13] = t->flags;
    put16(seg + 14, 64240);
    put16(seg + 16, 0);
    put16(seg + 18, 0);
    if (len)
        memcpy(seg + TCP_HLEN, data, len);
    put16(seg + 16, l4_csum(t->src, t->dst, FR_PROTO_TCP, seg, TCP_HLEN + len));
    return fr_ipv4(buf, fr_slirp_mac, t->src, t->dst, FR_PROTO_TCP, seg, TCP_HLEN + len);
}

size_t fr_dhcp(uint8_t *buf, int type, uint32_t xid, uint32_t requested, uint32_t server)
{
    uint8_t b[BOOTP_LEN];
    memset(b, 0, sizeof b);
    b[0] = 1; /* BOOTREQUEST */
    b[1] = 1; /* Ethernet */
    b[2] = 6;
    put32(b + 4, xid);
    put16(b + 10, 0x8000); /* broadcast the reply: no address yet */
    memcpy(b + 28, fr_guest_mac, 6);
    uint8_t *o = b + 236;
    put32(o, 0x63825363); /* the DHCP magic cookie */
    o += 4;
    *o++ = 53;
    *o++ = 1;
    *o++ = (uint8_t)type;
    if (requested) {
        *o++ = 50;
        *o++ = 4;
        put32(o, requested);
        o += 4;
    }
    if (server) {
        *o++ = 54;
        *o++ = 4;
        put32(o, server);
        o += 4;
    }
    *o = 255;
    return fr_udp(buf, fr_broadcast, 0, 68, 0xffffffff, 67, b, sizeof b);
}

/* The ICMPv6 checksum's pseudo header: addresses, length, next header. */
static uint16_t icmp6_csum(const uint8_t *src, const uint8_t *dst, const uint8_t *l4, size_t len)
{
    uint8_t ph[40] = { 0 };
    memcpy(ph, src, 16);
    memcpy(ph + 16, dst, 16);
    put32(ph + 32, (uint32_t)len);
    ph[39] = 58;
    return fold(sum16(l4, len, sum16(ph, sizeof ph, 0)));
}

size_t fr_ndp_solicit(uint8_t *buf, const uint8_t target[16])
{
    /* fe80::5054:ff:fe12:3456, the link-local address of fr_guest_mac. */
    static const uint8_t src[16] = { 0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff,
                                     0xfe, 0x12, 0x34, 0x56 };
    /* The solicited-node multicast group of target, and its MAC. */
    uint8_t dst[16] = { 0xff, 0x02, [11] = 0x01, 0xff };
    memcpy(dst + 13, target + 13, 3);
    const uint8_t dmac[6] = { 0x33, 0x33, 0xff, target[13], target[14], target[15] };
    size_t n = eth(buf, dmac, fr_guest_mac, FR_ETH_IP6);
    uint8_t *ip = buf + n, *icmp = ip + 40;
    const size_t icmp_len = 32;
    ip[0] = 0x60;
    memset(ip + 1, 0, 3);
    put16(ip + 4, icmp_len);
    ip[6] = 58;   /* ICMPv6 */
    ip[7] = 255;  /* hop limit neighbor discovery insists on */
    memcpy(ip + 8, src, 16);
    memcpy(ip + 24, dst, 16);
    memset(icmp, 0, icmp_len);
    icmp[0] = FR_ICMP6_NS;
    memcpy(icmp + 8, target, 16);
    icmp[24] = 1; /* option: source link-layer address, 8 bytes */
    icmp[25] = 1;
    memcpy(icmp + 26, fr_guest_mac, 6);
    put16(icmp + 2, icmp6_csum(src, dst, icmp, icmp_len));
    return n + 40 + icmp_len;
}

/* -- Decoding -- */

static bool parse_ip6(const uint8_t *b, size_t blen, FrParsed *p)
{
    if (blen < 40 || (b[0] >> 4) != 6 || 40 + (size_t)get16(b + 4) > blen)
        return false;
    memcpy(p->ip6_src, b + 8, 16);
    memcpy(p->ip6_dst, b + 24, 16);
    size_t len = get16(b + 4);
    if (b[6] != 58 || len < 4)
        return true;
    const uint8_t *icmp = b + 40;
    p->icmp6_type = icmp[0];
    p->icmp6_csum_ok = icmp6_csum(p->ip6_src, p->ip6_dst, icmp, len) == 0;
    if ((p->icmp6_type == FR_ICMP6_NS || p->icmp6_type == FR_ICMP6_NA) && len >= 24)
        memcpy(p->nd_target, icmp + 8, 16);
    return true;
}


static bool parse_l4(const uint8_t *l4, size_t len, FrParsed *p)
{
    if (len < 4)
        return false;
    p->sport = get16(l4);
    p->dport = get16(l4 + 2);
    p->l4_csum_ok = l4_csum(p->ip_src, p->ip_dst, p->ip_proto, l4, len) == 0;
    if (p->ip_proto == FR_PROTO_UDP) {
        if (len < UDP_HLEN || get16(l4 + 4) > len || get16(l4 + 4) < UDP_HLEN)
            return false;
        /* A zero UDP checksum means "not computed". */
        if (get16(l4 + 6) == 0)
            p->l4_csum_ok = true;
        p->payload = l4 + UDP_HLEN;
        p->payload_len = get16(l4 + 4) - UDP_HLEN;
        return true;
    }
    size_t hlen = (size_t)(l4[12] >> 4) * 4;
    if (len < TCP_HLEN || hlen < TCP_HLEN || hlen > len)
        return false;
    p->tcp_seq = fr_be32(l4 + 4);
    p->tcp_ack = fr_be32(l4 + 8);
    p->tcp_flags = l4[13];
    p->payload = l4 + hlen;
    p->payload_len = len - hlen;
    return true;
}

bool fr_parse(const uint8_t *f, size_t len, FrParsed *p)
{
    memset(p, 0, sizeof *p);
    p->icmp6_type = -1;
    if (len < ETH_HLEN)
        return false;
    memcpy(p->dst_mac, f, 6);
    memcpy(p->src_mac, f + 6, 6);
    p->ethertype = get16(f + 12);
    const uint8_t *b = f + ETH_HLEN;
    size_t blen = len - ETH_HLEN;
    if (p->ethertype == FR_ETH_ARP) {
        if (blen < 28)
            return false;
        p->arp_op = get16(b + 6);
        memcpy(p->arp_sha, b + 8, 6);
        p->arp_spa = fr_be32(b + 14);
        p->arp_tpa = fr_be32(b + 24);
        return true;
    }
    if (p->ethertype == FR_ETH_IP6)
        return parse_ip6(b, blen, p);
    if (p->ethertype != FR_ETH_IP)
        return true;
    size_t ihl = (size_t)(b[0] & 15) * 4;
    if (blen < IP_HLEN || (b[0] >> 4) != 4 || ihl < IP_HLEN || get16(b + 2) > blen ||
        get16(b + 2) < ihl)
        return false;
    p->ip_csum_ok = fold(sum16(b, ihl, 0)) == 0;
    p->ip_proto = b[9];
    p->ip_src = fr_be32(b + 12);
    p->ip_dst = fr_be32(b + 16);
    if (p->ip_proto != FR_PROTO_TCP && p->ip_proto != FR_PROTO_UDP)
        return true;
    return parse_l4(b + ihl, get16(b + 2) - ihl, p);
}

uint32_t fr_dhcp_yiaddr(const uint8_t *bootp, size_t len)
{
    return len >= 20 ? fr_be32(bootp + 16) : 0;
}

const uint8_t *fr_dhcp_option(const uint8_t *bootp, size_t len, int code, size_t *olen)
{
    size_t i = 240; /* after the fixed part and the magic cookie */
    while (i < len && bootp[i] != 255) {
        if (bootp[i] == 0) {
            i++;
            continue;
        }
        if (i + 1 >= len || i + 2 + bootp[i + 1] > len)
            return NULL;
        if (bootp[i] == code) {
            *olen = bootp[i + 1];
            return bootp + i + 2;
        }
        i += 2 + bootp[i + 1];
    }
    return NULL;
}
