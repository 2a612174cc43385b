/*
 * Network backends: the registry of netdevs by id, the link to the device
 * that uses each, and the queue of frames waiting for the guest.
 *
 * The queue exists because the two sides run at different paces: slirp
 * produces a frame whenever a host socket has data, while the guest takes
 * frames only into RX buffers it has posted. A frame that cannot go now
 * waits (in order, up to NET_RXQ_MAX_FRAMES) until net_rx_ready. Frames a
 * backend produces inside net_send wait too, for a zero-delay timer, so a
 * device's TX path never re-enters its own RX path.
 *
 * Everything here runs under the device lock (system/event.h).
 */
#include <stdlib.h>
#include <string.h>

#include "system/event.h"
#include "system/net/backend.h"
#include "xrun/util.h"

typedef struct NetFrame {
    struct NetFrame *next;
    size_t len;
    uint8_t data[];
} NetFrame;

struct NetBackend {
    char *id;
    const NetBackendOps *ops;
    void *impl;
    const NetPeerOps *peer; /* NULL while no device is attached */
    void *peer_opaque;
    bool attached_once;     /* for net_warn_unused */
    bool in_send;           /* inside ops->send: deliveries wait */
    bool flushing;          /* inside net_flush: no nested flush */
    Timer *flush_timer;     /* delivers what arrived during a send */
    NetFrame *q_head;
    NetFrame **q_tail;
    NetStats stats;
    struct NetBackend *next;
};

static NetBackend *net_list;

/* -- Queue -- */

static void net_queue_drop_all(NetBackend *nb)
{
    NetFrame *f = nb->q_head;
    while (f) {
        NetFrame *next = f->next;
        free(f);
        f = next;
    }
    nb->q_head = NULL;
    nb->q_tail = &nb->q_head;
    nb->stats.rx_queued = 0;
}

static void net_queue_push(NetBackend *nb, const uint8_t *frame, size_t len)
{
    if (nb->stats.rx_queued >= NET_RXQ_MAX_FRAMES) {
        nb->stats.rx_dropped++;
        return;
    }
    NetFrame *f = xr_malloc(sizeof *f + len);
    f->next = NULL;
    f->len = len;
    memcpy(f->data, frame, len);
    *nb->q_tail = f;
    nb->q_tail = &f->next;
    nb->stats.rx_queued++;
}

static bool net_peer_can_receive(const NetBackend *nb)
{
    return nb->peer && (!nb->peer->can_receive || nb->peer->can_receive(nb->peer_opaque));
}

/* Delivers queued frames, oldest first, while the device takes them. */
static void net_flush(NetBackend *nb)
{
    if (nb->flushing)
        return;
    nb->flushing = true;
    while (nb->q_head && net_peer_can_receive(nb)) {
        NetFrame *f = nb->q_head;
        if (!nb->peer->receive(nb->peer_opaque, f->data, f->len))
            break;
        /* The callback may have detached the device, emptying the queue. */
        if (nb->q_head != f)
            break;
        nb->q_head = f->next;
        if (!nb->q_head)
            nb->q_tail = &nb->q_head;
        nb->stats.rx_queued--;
        nb->stats.rx_frames++;
        free(f);
    }
    nb->flushing = false;
}

static void net_flush_timer_cb(void *opaque)
{
    net_flush(opaque);
}

void net_deliver(NetBackend *nb, const uint8_t *frame, size_t len)
{
    if (!nb->peer || len < NET_FRAME_MIN || len > NET_FRAME_MAX) {
        nb->stats.rx_dropped++;
        return;
    }
    if (!nb->in_send && !nb->flushing && !nb->q_head && net_peer_can_receive(nb) &&
        nb->peer->receive(nb->peer_opaque, frame, len)) {
        nb->stats.rx_frames++;
        return;
    }
    net_queue_push(nb, frame, len);
    if (nb->in_send && !timer_pending(nb->flush_timer))
        timer_mod(nb->flush_timer, clock_ns());
}

void net_rx_ready(NetBackend *nb)
{
    net_flush(nb);
}

/* -- Registry -- */

NetBackend *net_backend_new(const char *id, const NetBackendOps *ops, void *impl)
{
    NetBackend *nb = xr_calloc(1, sizeof *nb);
    nb->id = xr_strdup(id);
    nb->ops = ops;
    nb->impl = impl;
    nb->q_tail = &nb->q_head;
    nb->flush_timer = timer_new(net_flush_timer_cb, nb);
    NetBackend **link = &net_list;
    while (*link)
        link = &(*link)->next;
    *link = nb;
    return nb;
}

NetBackend *net_find(const char *id)
{
    for (NetBackend *nb = net_list; nb; nb = nb->next)
        if (!strcmp(nb->id, id))
            return nb;
    return NULL;
}

int net_netdev_add(const char *spec, char *err, size_t errlen)
{
    return net_user_add(spec, err, errlen);
}

NetBackend *net_attach(const char *id, const NetPeerOps *ops, void *opaque, char *err,
                       size_t errlen)
{
    NetBackend *nb = net_find(id);
    if (!nb) {
        snprintf(err, errlen, "netdev '%s' not found (no -netdev with id=%s)", id, id);
        return NULL;
    }
    if (nb->peer) {
        snprintf(err, errlen, "netdev '%s' is already used by another device", id);
        return NULL;
    }
    nb->peer = ops;
    nb->peer_opaque = opaque;
    nb->attached_once = true;
    return nb;
}

void net_detach(NetBackend *nb)
{
    nb->peer = NULL;
    nb->peer_opaque = NULL;
    timer_del(nb->flush_timer);
    nb->stats.rx_dropped += nb->stats.rx_queued;
    net_queue_drop_all(nb);
}

int net_send(NetBackend *nb, const uint8_t *frame, size_t len)
{
    if (len < NET_FRAME_MIN || len > NET_FRAME_MAX) {
        nb->stats.tx_bad++;
        return -1;
    }
    nb->stats.tx_frames++;
    bool nested = nb->in_send;
    nb->in_send = true;
    nb->ops->send(nb->impl, frame, len);
    nb->in_send = nested;
    return 0;
}

const char *net_id(const NetBackend *nb)
{
    return nb->id;
}

NetStats net_stats(const NetBackend *nb)
{
    return nb->stats;
}

int net_warn_unused(void)
{
    int n = 0;
    for (NetBackend *nb = net_list; nb; nb = nb->next) {
        if (!nb->attached_once) {
            xr_error("warning: netdev '%s' is not used by any device", nb->id);
            n++;
        }
    }
    return n;
}

void net_close_all(void)
{
    while (net_list) {
        NetBackend *nb = net_list;
        net_list = nb->next;
        nb->ops->close(nb->impl);
        net_queue_drop_all(nb);
        timer_free(nb->flush_timer);
        free(nb->id);
        free(nb);
    }
}
