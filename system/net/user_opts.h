/*
 * The options of a -netdev user backend, parsed (private to system/net/).
 *
 *     NetUserOpts o;
 *     if (net_user_opts_parse("user,id=n0,hostfwd=tcp::2222-:22", &o, err, n) < 0)
 *         ... err: "netdev 'n0': hostfwd=...: bad guest port '0'" ...
 *     ... o.net is 10.0.2.0, o.hostfwd[0].host_port is 2222 ...
 *     net_user_opts_free(&o);
 *
 * Keys, defaults and the checks between them follow qemu's -netdev user.
 */
#ifndef XRUN_SYSTEM_NET_USER_OPTS_H
#define XRUN_SYSTEM_NET_USER_OPTS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct NetHostFwd {
    char *rule;                /* as written, for messages */
    bool udp;
    struct in_addr host_addr;  /* INADDR_ANY when left empty */
    int host_port;             /* 0..65535 (0: any free port) */
    struct in_addr guest_addr; /* 0 when left empty: the DHCP start address */
    int guest_port;            /* 1..65535 */
} NetHostFwd;

typedef struct NetUserOpts {
    char *id;
    bool ipv4, ipv6;
    struct in_addr net, mask, host, dhcp_start, dns;
    struct in6_addr prefix6, host6, dns6;
    int prefix6_len;
    bool restricted;
    char *hostname;   /* DHCP option 12, or NULL */
    char *domainname; /* DHCP option 15, or NULL */
    char *tftp;       /* host directory served by TFTP, or NULL */
    char *bootfile;   /* DHCP boot file name, or NULL */
    NetHostFwd *hostfwd;
    int n_hostfwd;
} NetUserOpts;

/* Fills o from spec. Returns 0, or -1 with one message in err naming the
 * netdev, the field and the problem (o is then empty). */
int net_user_opts_parse(const char *spec, NetUserOpts *o, char *err, size_t errlen);
void net_user_opts_free(NetUserOpts *o);

#endif
