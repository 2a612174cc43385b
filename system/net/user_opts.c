/*
 * Parsing a -netdev user spec into NetUserOpts.
 *
 * The spec is qemu's: a comma-separated list whose first item is the type,
 * then key=value items (",," stands for a comma inside a value):
 *
 *     user,id=n0,net=192.168.76.0/24,hostfwd=tcp:127.0.0.1:2222-:22
 *
 * Defaults are qemu's: network 10.0.2.0/24 with the host (gateway) at .2,
 * the DNS forwarder at .3 and DHCP leases from .15; IPv6 fec0::/64 with the
 * host at ::2 and DNS at ::3. Giving net= moves the host, DNS and DHCP
 * defaults into that network at the same offsets. Each bad field gets one
 * message that names it; a key is given once, except hostfwd, which may
 * repeat.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "system/net/user_opts.h"
#include "xrun/util.h"

typedef enum OptKind {
    OPT_NET4,    /* net= */
    OPT_NET6,    /* ipv6-net= */
    OPT_HOSTFWD, /* hostfwd=, the one key that may repeat */
    OPT_ADDR4,   /* struct in_addr */
    OPT_ADDR6,   /* struct in6_addr */
    OPT_FLAG,    /* bool: on/off, yes/no, true/false, y/n */
    OPT_STRING,  /* char *, 1 to 255 bytes */
} OptKind;

/* Keys by index; the checks across keys look at OptParser.seen by these. */
enum {
    K_NET, K_HOST, K_DNS, K_DHCPSTART, K_NET6, K_HOST6, K_DNS6, K_IPV4, K_IPV6,
    K_RESTRICT, K_HOSTNAME, K_DOMAINNAME, K_TFTP, K_BOOTFILE, K_HOSTFWD, K_COUNT
};

typedef struct OptKey {
    const char *name;
    OptKind kind;
    size_t field; /* offset in NetUserOpts of what it sets */
} OptKey;

static const OptKey opt_keys[K_COUNT] = {
    [K_NET] = { "net", OPT_NET4, 0 },
    [K_HOST] = { "host", OPT_ADDR4, offsetof(NetUserOpts, host) },
    [K_DNS] = { "dns", OPT_ADDR4, offsetof(NetUserOpts, dns) },
    [K_DHCPSTART] = { "dhcpstart", OPT_ADDR4, offsetof(NetUserOpts, dhcp_start) },
    [K_NET6] = { "ipv6-net", OPT_NET6, 0 },
    [K_HOST6] = { "ipv6-host", OPT_ADDR6, offsetof(NetUserOpts, host6) },
    [K_DNS6] = { "ipv6-dns", OPT_ADDR6, offsetof(NetUserOpts, dns6) },
    [K_IPV4] = { "ipv4", OPT_FLAG, offsetof(NetUserOpts, ipv4) },
    [K_IPV6] = { "ipv6", OPT_FLAG, offsetof(NetUserOpts, ipv6) },
    [K_RESTRICT] = { "restrict", OPT_FLAG, offsetof(NetUserOpts, restricted) },
    [K_HOSTNAME] = { "hostname", OPT_STRING, offsetof(NetUserOpts, hostname) },
    [K_DOMAINNAME] = { "domainname", OPT_STRING, offsetof(NetUserOpts, domainname) },
    [K_TFTP] = { "tftp", OPT_STRING, offsetof(NetUserOpts, tftp) },
    [K_BOOTFILE] = { "bootfile", OPT_STRING, offsetof(NetUserOpts, bootfile) },
    [K_HOSTFWD] = { "hostfwd", OPT_HOSTFWD, 0 },
};

typedef struct OptParser {
    NetUserOpts *o;
    char *err;
    size_t errlen;
    bool seen[K_COUNT]; /* keys given, to refuse repeats and check ipv4/ipv6=off */
} OptParser;

static int opt_fail(OptParser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int opt_fail(OptParser *p, const char *fmt, ...)
{
    int n = p->o->id ? snprintf(p->err, p->errlen, "netdev '%s': ", p->o->id)
                     : snprintf(p->err, p->errlen, "netdev: ");
    if (n < 0 || (size_t)n >= p->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errlen - n, fmt, ap);
    va_end(ap);
    return -1;
}

/* -- Values -- */

static bool opt_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    for (size_t i = 0; i < XR_ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return *out = true, true;
        if (!strcmp(s, no[i]))
            return *out = false, true;
    }
    return false;
}

static bool opt_parse_ip4(const char *s, struct in_addr *out)
{
    return inet_pton(AF_INET, s, out) == 1;
}

/* A decimal number in [lo, hi] spanning all of s. */
static bool opt_parse_int(const char *s, long lo, long hi, int *out)
{
    if (!isdigit((unsigned char)s[0]))
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* Without "/": the mask of the address's class, as qemu guesses it. */
static uint32_t opt_classful_mask(uint32_t addr)
{
    if (!(addr & 0x80000000))
        return 0xff000000; /* class A */
    if ((addr & 0xfff00000) == 0xac100000)
        return 0xfff00000; /* 172.16.0.0/12 */
    if ((addr & 0xc0000000) == 0x80000000)
        return 0xffff0000; /* class B */
    if ((addr & 0xffff0000) == 0xc0a80000)
        return 0xffff0000; /* 192.168.0.0/16 */
    if ((addr & 0xffff0000) == 0xc6120000)
        return 0xfffe0000; /* 198.18.0.0/15 */
    if ((addr & 0xe0000000) == 0xe0000000)
        return 0xffffff00;
    return 0xfffffff0;
}

/* net=ADDR[/PREFIX|/MASK]: sets net and mask and moves the defaults of
 * host, DNS and DHCP start into the network at offsets .2, .3 and .15. */
static int opt_parse_net(OptParser *p, const char *val)
{
    NetUserOpts *o = p->o;
    char addr[INET_ADDRSTRLEN];
    const char *slash = strchr(val, '/');
    size_t alen = slash ? (size_t)(slash - val) : strlen(val);
    struct in_addr net;
    if (alen >= sizeof addr)
        return opt_fail(p, "net=%s: bad IPv4 address", val);
    memcpy(addr, val, alen);
    addr[alen] = 0;
    if (!opt_parse_ip4(addr, &net))
        return opt_fail(p, "net=%s: bad IPv4 address '%s'", val, addr);
    uint32_t mask;
    int prefix;
    struct in_addr m;
    if (!slash) {
        mask = opt_classful_mask(ntohl(net.s_addr));
    } else if (opt_parse_int(slash + 1, 0, 32, &prefix)) {
        if (prefix < 4)
            return opt_fail(p, "net=%s: prefix length %d out of range (4-32)", val, prefix);
        mask = prefix == 32 ? 0xffffffff : ~(0xffffffffu >> prefix);
    } else if (opt_parse_ip4(slash + 1, &m)) {
        mask = ntohl(m.s_addr);
        /* Contiguous: the zero bits, plus one, carry into a single bit. */
        if ((~mask & (~mask + 1)) != 0 || mask < 0xf0000000)
            return opt_fail(p, "net=%s: netmask '%s' is not a contiguous mask of 4-32 bits",
                            val, slash + 1);
    } else {
        return opt_fail(p, "net=%s: bad netmask '%s' (a prefix length or a dotted mask)", val,
                        slash + 1);
    }
    uint32_t base = ntohl(net.s_addr) & mask;
    o->mask.s_addr = htonl(mask);
    o->net.s_addr = htonl(base);
    o->host.s_addr = htonl(base | (0x0202 & ~mask));
    o->dns.s_addr = htonl(base | (0x0203 & ~mask));
    o->dhcp_start.s_addr = htonl(base | (0x020f & ~mask));
    return 0;
}

/* Copies [s, e) into buf as a string; false if it does not fit. */
static bool opt_substr(char *buf, size_t n, const char *s, const char *e)
{
    if ((size_t)(e - s) >= n)
        return false;
    memcpy(buf, s, e - s);
    buf[e - s] = 0;
    return true;
}

/* In hostfwd rule, the address between s and e (left 0 when empty); what
 * names it in the message. */
static int opt_fwd_addr(OptParser *p, const char *rule, const char *s, const char *e,
                        struct in_addr *out, const char *what)
{
    char part[INET_ADDRSTRLEN];
    if (!opt_substr(part, sizeof part, s, e) || (part[0] && !opt_parse_ip4(part, out)))
        return opt_fail(p, "hostfwd=%s: bad %s address '%.*s'", rule, what, (int)(e - s), s);
    return 0;
}

/* In hostfwd rule, the port between s and e, in [lo, 65535]. */
static int opt_fwd_port(OptParser *p, const char *rule, const char *s, const char *e, int lo,
                        int *out, const char *what)
{
    char part[16];
    if (!opt_substr(part, sizeof part, s, e) || !opt_parse_int(part, lo, 65535, out))
        return opt_fail(p, "hostfwd=%s: bad %s port '%.*s' (%d-65535)", rule, what,
                        (int)(e - s), s, lo);
    return 0;
}

/* hostfwd=[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport */
static int opt_parse_hostfwd(OptParser *p, const char *val)
{
    NetHostFwd fw = { .udp = false };
    const char *c1 = strchr(val, ':');
    if (!c1)
        return opt_fail(p, "hostfwd=%s: no ':' (the form is "
                        "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport)", val);
    if (c1 == val || !strncmp(val, "tcp:", 4))
        fw.udp = false;
    else if (!strncmp(val, "udp:", 4))
        fw.udp = true;
    else
        return opt_fail(p, "hostfwd=%s: bad protocol '%.*s' (tcp or udp)", val,
                        (int)(c1 - val), val);
    const char *c2 = strchr(c1 + 1, ':');
    if (!c2)
        return opt_fail(p, "hostfwd=%s: missing ':' after the host address", val);
    if (opt_fwd_addr(p, val, c1 + 1, c2, &fw.host_addr, "host") < 0)
        return -1;
    const char *dash = strchr(c2 + 1, '-');
    if (!dash)
        return opt_fail(p, "hostfwd=%s: missing '-' after the host port", val);
    if (opt_fwd_port(p, val, c2 + 1, dash, 0, &fw.host_port, "host") < 0)
        return -1;
    const char *c3 = strchr(dash + 1, ':');
    if (!c3)
        return opt_fail(p, "hostfwd=%s: missing ':' before the guest port", val);
    if (opt_fwd_addr(p, val, dash + 1, c3, &fw.guest_addr, "guest") < 0 ||
        opt_fwd_port(p, val, c3 + 1, c3 + 1 + strlen(c3 + 1), 1, &fw.guest_port, "guest") < 0)
        return -1;
    fw.rule = xr_strdup(val);
    NetUserOpts *o = p->o;
    NetHostFwd *grown = realloc(o->hostfwd, (o->n_hostfwd + 1) * sizeof *grown);
    if (!grown) {
        free(fw.rule);
        return opt_fail(p, "hostfwd=%s: out of memory", val);
    }
    o->hostfwd = grown;
    o->hostfwd[o->n_hostfwd++] = fw;
    return 0;
}

/* ipv6-net=PREFIX[/LEN], LEN 0..126 (64 when left out). */
static int opt_parse_net6(OptParser *p, const char *val)
{
    char addr[INET6_ADDRSTRLEN];
    const char *slash = strchr(val, '/');
    const char *end = slash ? slash : val + strlen(val);
    if (!opt_substr(addr, sizeof addr, val, end) ||
        inet_pton(AF_INET6, addr, &p->o->prefix6) != 1)
        return opt_fail(p, "ipv6-net=%s: bad IPv6 prefix '%.*s'", val, (int)(end - val), val);
    p->o->prefix6_len = 64;
    if (slash && !opt_parse_int(slash + 1, 0, 126, &p->o->prefix6_len))
        return opt_fail(p, "ipv6-net=%s: bad prefix length '%s' (0-126)", val, slash + 1);
    return 0;
}

/* True if a and b agree in their first len bits. */
static bool opt_same_net6(const struct in6_addr *a, const struct in6_addr *b, int len)
{
    int bytes = len / 8, bits = len % 8;
    if (memcmp(a->s6_addr, b->s6_addr, bytes))
        return false;
    if (!bits)
        return true;
    uint8_t m = (uint8_t)(0xff << (8 - bits));
    return (a->s6_addr[bytes] & m) == (b->s6_addr[bytes] & m);
}

/* -- Keys -- */

/* qemu's identifiers: a letter, then letters, digits, '-', '.', '_'. */
static bool opt_id_ok(const char *id)
{
    if (!isalpha((unsigned char)id[0]))
        return false;
    for (const char *c = id + 1; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("-._", *c))
            return false;
    return true;
}

/* Keys of qemu's -netdev user that xrun does not implement. */
static const char *const opt_unsupported[] = {
    "guestfwd", "smb", "smbserver", "dnssearch", "tftp-server-name", "ipv6-prefix",
    "ipv6-prefixlen",
};

/* One key=value. Addresses are parsed here and checked against each other
 * once every key is in (net= may come after host=). */
static int opt_key(OptParser *p, const char *key, const char *val)
{
    const OptKey *k = NULL;
    for (size_t i = 0; i < XR_ARRAY_SIZE(opt_keys) && !k; i++)
        if (!strcmp(key, opt_keys[i].name))
            k = &opt_keys[i];
    if (!k) {
        for (size_t i = 0; i < XR_ARRAY_SIZE(opt_unsupported); i++)
            if (!strcmp(key, opt_unsupported[i]))
                return opt_fail(p, "'%s' is not supported by xrun", key);
        return opt_fail(p, "unknown parameter '%s'", key);
    }
    int id = (int)(k - opt_keys);
    if (p->seen[id] && k->kind != OPT_HOSTFWD)
        return opt_fail(p, "'%s' given twice", key);
    p->seen[id] = true;
    void *field = (char *)p->o + k->field;
    switch (k->kind) {
    case OPT_NET4:
        return opt_parse_net(p, val);
    case OPT_NET6:
        return opt_parse_net6(p, val);
    case OPT_HOSTFWD:
        return opt_parse_hostfwd(p, val);
    case OPT_ADDR4:
        if (!opt_parse_ip4(val, field))
            return opt_fail(p, "%s=%s: bad IPv4 address", key, val);
        return 0;
    case OPT_ADDR6:
        if (inet_pton(AF_INET6, val, field) != 1)
            return opt_fail(p, "%s=%s: bad IPv6 address", key, val);
        return 0;
    case OPT_FLAG:
        if (!opt_parse_bool(val, field))
            return opt_fail(p, "%s=%s: expected on or off", key, val);
        return 0;
    case OPT_STRING:
        if (strlen(val) > 255)
            return opt_fail(p, "%s: longer than 255 bytes", key);
        if (!val[0])
            return opt_fail(p, "%s: empty", key);
        *(char **)field = xr_strdup(val);
        return 0;
    }
    return opt_fail(p, "'%s': no parser", key);
}

/* -- Checks across keys (qemu's order and rules) -- */

static int opt_check_ipv4(OptParser *p)
{
    NetUserOpts *o = p->o;
    uint32_t mask = o->mask.s_addr, net = o->net.s_addr;
    char a[INET_ADDRSTRLEN], n[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &o->net, n, sizeof n);
    int prefix = __builtin_popcount(mask);
    if ((o->host.s_addr & mask) != net)
        return opt_fail(p, "host=%s is outside the network %s/%d",
                        inet_ntop(AF_INET, &o->host, a, sizeof a), n, prefix);
    /* An unrestricted guest may use an outside DNS address (slirp forwards
     * whatever it is sent to it); a restricted one only talks to its net. */
    if (o->restricted && (o->dns.s_addr & mask) != net)
        return opt_fail(p, "dns=%s is outside the network %s/%d (restrict=on)",
                        inet_ntop(AF_INET, &o->dns, a, sizeof a), n, prefix);
    if (o->dns.s_addr == o->host.s_addr)
        return opt_fail(p, "dns=%s is the host address; they must differ",
                        inet_ntop(AF_INET, &o->dns, a, sizeof a));
    if ((o->dhcp_start.s_addr & mask) != net)
        return opt_fail(p, "dhcpstart=%s is outside the network %s/%d",
                        inet_ntop(AF_INET, &o->dhcp_start, a, sizeof a), n, prefix);
    if (o->dhcp_start.s_addr == o->host.s_addr || o->dhcp_start.s_addr == o->dns.s_addr)
        return opt_fail(p, "dhcpstart=%s must differ from the host and DNS addresses",
                        inet_ntop(AF_INET, &o->dhcp_start, a, sizeof a));
    return 0;
}

static int opt_check_ipv6(OptParser *p)
{
    NetUserOpts *o = p->o;
    char a[INET6_ADDRSTRLEN];
    if (!p->seen[K_HOST6]) {
        o->host6 = o->prefix6;
        o->host6.s6_addr[15] |= 2;
    } else if (!opt_same_net6(&o->prefix6, &o->host6, o->prefix6_len)) {
        return opt_fail(p, "ipv6-host=%s is outside the IPv6 network",
                        inet_ntop(AF_INET6, &o->host6, a, sizeof a));
    }
    if (!p->seen[K_DNS6]) {
        o->dns6 = o->prefix6;
        o->dns6.s6_addr[15] |= 3;
    } else if (o->restricted && !opt_same_net6(&o->prefix6, &o->dns6, o->prefix6_len)) {
        return opt_fail(p, "ipv6-dns=%s is outside the IPv6 network (restrict=on)",
                        inet_ntop(AF_INET6, &o->dns6, a, sizeof a));
    }
    return 0;
}

static int opt_check(OptParser *p)
{
    NetUserOpts *o = p->o;
    if (!o->ipv4 && (p->seen[K_NET] || p->seen[K_HOST] || p->seen[K_DNS] || p->seen[K_DHCPSTART]))
        return opt_fail(p, "ipv4=off, but net, host, dns or dhcpstart is given");
    if (!o->ipv6 && (p->seen[K_NET6] || p->seen[K_HOST6] || p->seen[K_DNS6]))
        return opt_fail(p, "ipv6=off, but ipv6-net, ipv6-host or ipv6-dns is given");
    if (!o->ipv4 && !o->ipv6)
        return opt_fail(p, "ipv4=off and ipv6=off leave no network");
    if (opt_check_ipv4(p) < 0 || opt_check_ipv6(p) < 0)
        return -1;
    return 0;
}

/* -- Spec -- */

static void opt_defaults(NetUserOpts *o)
{
    memset(o, 0, sizeof *o);
    o->ipv4 = o->ipv6 = true;
    o->net.s_addr = htonl(0x0a000200);        /* 10.0.2.0 */
    o->mask.s_addr = htonl(0xffffff00);       /* /24 */
    o->host.s_addr = htonl(0x0a000202);       /* 10.0.2.2 */
    o->dns.s_addr = htonl(0x0a000203);        /* 10.0.2.3 */
    o->dhcp_start.s_addr = htonl(0x0a00020f); /* 10.0.2.15 */
    inet_pton(AF_INET6, "fec0::", &o->prefix6);
    o->prefix6_len = 64;
}

/* Splits buf in place at single commas (",," is a literal comma); returns
 * the number of items, empty ones left out. */
static int opt_split(char *buf, char **items)
{
    int n = 0;
    char *out = buf, *start = buf;
    for (char *in = buf;; in++) {
        if (*in == ',' && in[1] == ',') {
            *out++ = ',';
            in++;
        } else if (*in == ',' || !*in) {
            bool last = !*in;
            *out++ = 0;
            if (*start)
                items[n++] = start;
            start = out;
            if (last)
                return n;
        } else {
            *out++ = *in;
        }
    }
}

/* Finds the type (the first item, or type=) and the id, so that every
 * later message can name the netdev. Clears the items it used. */
static int opt_type_and_id(OptParser *p, char **items, int n)
{
    for (int i = 0; i < n; i++) {
        if (strncmp(items[i], "id=", 3))
            continue;
        if (p->o->id)
            return opt_fail(p, "'id' given twice");
        if (!opt_id_ok(items[i] + 3))
            return opt_fail(p, "id '%s' is not an identifier (a letter, then letters, "
                            "digits, '-', '.', '_')", items[i] + 3);
        p->o->id = xr_strdup(items[i] + 3);
        items[i] = NULL;
    }
    const char *type = NULL;
    for (int i = 0; i < n; i++) {
        if (i == 0 && items[0] && !strchr(items[0], '=')) {
            type = items[0];
        } else if (items[i] && !strncmp(items[i], "type=", 5)) {
            if (type)
                return opt_fail(p, "'type' given twice");
            type = items[i] + 5;
        } else {
            continue;
        }
        items[i] = NULL;
    }
    if (!type)
        return opt_fail(p, "no type (the form is user,id=ID[,key=value...])");
    if (strcmp(type, "user"))
        return opt_fail(p, "type '%s' is not supported (xrun has 'user')", type);
    if (!p->o->id)
        return opt_fail(p, "no id= (the form is user,id=ID[,key=value...])");
    return 0;
}

int net_user_opts_parse(const char *spec, NetUserOpts *o, char *err, size_t errlen)
{
    OptParser p = { .o = o, .err = err, .errlen = errlen };
    opt_defaults(o);
    char *buf = xr_strdup(spec);
    char **items = xr_calloc(strlen(spec) / 2 + 2, sizeof *items);
    int n = opt_split(buf, items);
    if (opt_type_and_id(&p, items, n) < 0)
        goto fail;
    for (int i = 0; i < n; i++) {
        if (!items[i])
            continue;
        char *eq = strchr(items[i], '=');
        if (!eq) {
            opt_fail(&p, "'%s' has no value (key=value)", items[i]);
            goto fail;
        }
        *eq = 0;
        if (opt_key(&p, items[i], eq + 1) < 0)
            goto fail;
    }
    if (opt_check(&p) < 0)
        goto fail;
    free(items);
    free(buf);
    return 0;
fail:
    free(items);
    free(buf);
    net_user_opts_free(o);
    return -1;
}

void net_user_opts_free(NetUserOpts *o)
{
    for (int i = 0; i < o->n_hostfwd; i++)
        free(o->hostfwd[i].rule);
    free(o->hostfwd);
    free(o->id);
    free(o->hostname);
    free(o->domainname);
    free(o->tftp);
    free(o->bootfile);
    memset(o, 0, sizeof *o);
}
