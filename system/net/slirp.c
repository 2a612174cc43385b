/*
 * The -netdev user backend: a libslirp TCP/IP stack in user space.
 *
 * The guest sees a router at the host address (10.0.2.2 by default) that
 * answers ARP, leases addresses by DHCP, forwards DNS queries sent to the
 * DNS address to the host's resolver, and turns the guest's TCP and UDP
 * flows into ordinary host sockets (10.0.2.2 itself stands for the host's
 * 127.0.0.1 unless restrict=on). hostfwd rules listen on host ports and
 * open connections toward the guest.
 *
 * libslirp owns no thread. It is driven from three places, all under the
 * device lock:
 *   - net_send -> slirp_input for each guest frame;
 *   - one EvPollHook shared by every slirp backend: before each poll of the
 *     event loop, slirp_pollfds_fill adds the stack's sockets and lowers
 *     the timeout to its next TCP timer; after it, slirp_pollfds_poll reads
 *     and writes the ready sockets and runs those timers;
 *   - event.h Timers for the timers slirp asks for (timer_new_opaque).
 * Frames slirp emits go to net_deliver (send_packet).
 */
#include <errno.h>
#include <poll.h>
#include <slirp/libslirp.h>
#include <stdlib.h>
#include <string.h>

#include "system/event.h"
#include "system/net/backend.h"
#include "system/net/user_opts.h"
#include "xrun/util.h"

/* Guest-caused slirp messages printed per backend before going quiet. */
#define SLIRP_GUEST_ERROR_LIMIT 16

typedef struct SlirpBackend {
    NetBackend *nb;
    Slirp *slirp;
    NetUserOpts opts; /* slirp keeps pointers to its strings */
    unsigned guest_errors;
    struct SlirpBackend *next;
} SlirpBackend;

typedef struct SlirpTimer {
    Timer *timer;
    SlirpBackend *sb;
    SlirpTimerId id;
    void *cb_opaque;
} SlirpTimer;

/* Every live slirp backend, for the shared poll hook. */
static SlirpBackend *slirp_list;

/* -- Callbacks from libslirp -- */

static ssize_t slirp_cb_send_packet(const void *buf, size_t len, void *opaque)
{
    SlirpBackend *sb = opaque;
    if (sb->nb) /* NULL only while net_user_add sets the stack up */
        net_deliver(sb->nb, buf, len);
    return (ssize_t)len;
}

static void slirp_cb_guest_error(const char *msg, void *opaque)
{
    SlirpBackend *sb = opaque;
    /* The guest can provoke these at will: print a few, then stay quiet. */
    if (sb->guest_errors++ < SLIRP_GUEST_ERROR_LIMIT)
        xr_error("netdev '%s': guest error: %s", sb->opts.id, msg);
}

static int64_t slirp_cb_clock_get_ns(void *opaque)
{
    return clock_ns();
}

static void slirp_timer_fire(void *opaque)
{
    SlirpTimer *st = opaque;
    slirp_handle_timer(st->sb->slirp, st->id, st->cb_opaque);
}

static void *slirp_cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    SlirpTimer *st = xr_calloc(1, sizeof *st);
    st->sb = opaque;
    st->id = id;
    st->cb_opaque = cb_opaque;
    st->timer = timer_new(slirp_timer_fire, st);
    return st;
}

static void slirp_cb_timer_free(void *timer, void *opaque)
{
    SlirpTimer *st = timer;
    timer_free(st->timer);
    free(st);
}

/* slirp's deadlines are in ms of clock_get_ns. */
static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    SlirpTimer *st = timer;
    timer_mod(st->timer, expire_ms * 1000000);
}

/* Sockets are found through slirp_pollfds_fill on every round, so there is
 * nothing to keep per fd. */
static void slirp_cb_register_poll_fd(int fd, void *opaque)
{
}

static void slirp_cb_unregister_poll_fd(int fd, void *opaque)
{
}

/* A socket can take more data now: let the loop rebuild its poll set. */
static void slirp_cb_notify(void *opaque)
{
    ev_kick();
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_cb_send_packet,
    .guest_error = slirp_cb_guest_error,
    .clock_get_ns = slirp_cb_clock_get_ns,
    .timer_free = slirp_cb_timer_free,
    .timer_mod = slirp_cb_timer_mod,
    .register_poll_fd = slirp_cb_register_poll_fd,
    .unregister_poll_fd = slirp_cb_unregister_poll_fd,
    .notify = slirp_cb_notify,
    .timer_new_opaque = slirp_cb_timer_new_opaque,
};

/* -- The event loop's poll hook -- */

/* slirp's poll flags and poll(2)'s; an error or hangup is reported to
 * slirp whether or not it asked. */
static const struct {
    int slirp;
    short poll;
} slirp_poll_bits[] = {
    { SLIRP_POLL_IN, POLLIN },
    { SLIRP_POLL_OUT, POLLOUT },
    { SLIRP_POLL_PRI, POLLPRI },
    { SLIRP_POLL_ERR, POLLERR | POLLNVAL },
    { SLIRP_POLL_HUP, POLLHUP },
};

static int slirp_add_poll(int fd, int events, void *opaque)
{
    short ev = 0;
    for (size_t i = 0; i < XR_ARRAY_SIZE(slirp_poll_bits); i++)
        if (events & slirp_poll_bits[i].slirp)
            ev |= slirp_poll_bits[i].poll;
    return ev_poll_add(fd, ev);
}

static int slirp_get_revents(int idx, void *opaque)
{
    short rev = ev_poll_revents(idx);
    int out = 0;
    for (size_t i = 0; i < XR_ARRAY_SIZE(slirp_poll_bits); i++)
        if (rev & slirp_poll_bits[i].poll)
            out |= slirp_poll_bits[i].slirp;
    return out;
}

static void slirp_hook_fill(void *opaque, uint32_t *timeout_ms)
{
    for (SlirpBackend *sb = slirp_list; sb; sb = sb->next)
        slirp_pollfds_fill(sb->slirp, timeout_ms, slirp_add_poll, sb);
}

static void slirp_hook_dispatch(void *opaque, bool error)
{
    for (SlirpBackend *sb = slirp_list; sb; sb = sb->next)
        slirp_pollfds_poll(sb->slirp, error, slirp_get_revents, sb);
}

static const EvPollHook slirp_poll_hook = {
    .fill = slirp_hook_fill,
    .dispatch = slirp_hook_dispatch,
};

/* -- The backend -- */

static void slirp_backend_send(void *impl, const uint8_t *frame, size_t len)
{
    SlirpBackend *sb = impl;
    slirp_input(sb->slirp, frame, (int)len);
}

static void slirp_backend_free(SlirpBackend *sb)
{
    if (sb->slirp)
        slirp_cleanup(sb->slirp);
    net_user_opts_free(&sb->opts);
    free(sb);
}

static void slirp_backend_close(void *impl)
{
    SlirpBackend *sb = impl;
    SlirpBackend **link = &slirp_list;
    while (*link && *link != sb)
        link = &(*link)->next;
    if (*link)
        *link = sb->next;
    slirp_backend_free(sb);
}

static const NetBackendOps slirp_backend_ops = {
    .type = "user",
    .send = slirp_backend_send,
    .close = slirp_backend_close,
};

static Slirp *slirp_backend_start(SlirpBackend *sb)
{
    const NetUserOpts *o = &sb->opts;
    SlirpConfig cfg = {
        .version = 4,
        .restricted = o->restricted,
        .in_enabled = o->ipv4,
        .vnetwork = o->net,
        .vnetmask = o->mask,
        .vhost = o->host,
        .in6_enabled = o->ipv6,
        .vprefix_addr6 = o->prefix6,
        .vprefix_len = (uint8_t)o->prefix6_len,
        .vhost6 = o->host6,
        .vhostname = o->hostname,
        .tftp_path = o->tftp,
        .bootfile = o->bootfile,
        .vdhcp_start = o->dhcp_start,
        .vnameserver = o->dns,
        .vnameserver6 = o->dns6,
        .vdomainname = o->domainname,
    };
    return slirp_new(&cfg, &slirp_callbacks, sb);
}

static int slirp_backend_hostfwd(SlirpBackend *sb, const NetHostFwd *fw, char *err,
                                 size_t errlen)
{
    struct sockaddr_in host = {
        .sin_family = AF_INET,
        .sin_addr = fw->host_addr,
        .sin_port = htons((uint16_t)fw->host_port),
    };
    struct sockaddr_in guest = {
        .sin_family = AF_INET,
        .sin_addr = fw->guest_addr,
        .sin_port = htons((uint16_t)fw->guest_port),
    };
    errno = 0;
    if (slirp_add_hostxfwd(sb->slirp, (struct sockaddr *)&host, sizeof host,
                           (struct sockaddr *)&guest, sizeof guest,
                           fw->udp ? SLIRP_HOSTFWD_UDP : 0) < 0) {
        snprintf(err, errlen, "netdev '%s': hostfwd=%s: cannot listen on host port %d%s%s",
                 sb->opts.id, fw->rule, fw->host_port, errno ? ": " : "",
                 errno ? strerror(errno) : "");
        return -1;
    }
    return 0;
}

int net_user_add(const char *spec, char *err, size_t errlen)
{
    static bool hook_added;
    SlirpBackend *sb = xr_calloc(1, sizeof *sb);
    if (net_user_opts_parse(spec, &sb->opts, err, errlen) < 0)
        goto fail;
    if (net_find(sb->opts.id)) {
        snprintf(err, errlen, "netdev '%s': id already used by another -netdev", sb->opts.id);
        goto fail;
    }
    sb->slirp = slirp_backend_start(sb);
    if (!sb->slirp) {
        snprintf(err, errlen, "netdev '%s': libslirp refused the configuration", sb->opts.id);
        goto fail;
    }
    for (int i = 0; i < sb->opts.n_hostfwd; i++)
        if (slirp_backend_hostfwd(sb, &sb->opts.hostfwd[i], err, errlen) < 0)
            goto fail;
    if (!hook_added) {
        ev_add_poll_hook(&slirp_poll_hook);
        hook_added = true;
    }
    sb->nb = net_backend_new(sb->opts.id, &slirp_backend_ops, sb);
    sb->next = slirp_list;
    slirp_list = sb;
    ev_kick();
    return 0;
fail:
    slirp_backend_free(sb);
    return -1;
}
