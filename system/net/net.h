/*
 * Network backends of system mode, and how a network device talks to one.
 *
 * A backend is created from a -netdev spec and registered under its id; a
 * device (virtio-net) attaches to it by that id. Frames cross in both
 * directions as plain Ethernet frames (destination MAC first, no virtio-net
 * header, no FCS):
 *
 *     char err[256];
 *     if (net_netdev_add("user,id=n0,hostfwd=tcp::2222-:22", err, sizeof err) < 0)
 *         ... report "xrun: -netdev: <err>", exit 1 ...
 *     static const NetPeerOps vnet_peer = { vnet_can_receive, vnet_receive };
 *     NetBackend *nb = net_attach("n0", &vnet_peer, vnet, err, sizeof err);
 *     net_send(nb, frame, len);        // guest -> network (a TX descriptor)
 *     net_rx_ready(nb);                // the guest posted RX buffers
 *
 * Receiving: a backend hands each frame for the guest to the device's
 * receive callback when can_receive says the device has room; otherwise the
 * frame waits in a per-backend queue (bounded: NET_RXQ_MAX_FRAMES frames,
 * the oldest first; past the bound new frames are dropped and counted, as a
 * full NIC would, and TCP retransmits). The device calls net_rx_ready when
 * the guest makes buffers available again, which delivers the queue in
 * order for as long as the device accepts frames. A receive callback that
 * returns false leaves that frame at the head of the queue.
 *
 * A device's receive callback never runs inside its own net_send: frames a
 * backend produces while handling a sent frame (an ARP reply, a DHCP offer)
 * are queued and delivered from the event loop right after.
 *
 * Threading: every function here and every callback runs with the device
 * lock held (system/event.h); netdevs may be added before the event loop
 * starts, as the command line is read. Devices call in from their MMIO
 * callbacks; the user-mode backend (libslirp) keeps its sockets in the
 * event loop's poll set through one EvPollHook (ev_add_poll_hook, whose
 * fill and dispatch the loop calls with the device lock held, as every
 * event-loop callback) and its timers as event.h Timers, so socket traffic
 * from the host reaches receive callbacks from the event-loop thread.
 */
#ifndef XRUN_SYSTEM_NET_H
#define XRUN_SYSTEM_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Frames waiting for the guest, per backend, before new ones are dropped. */
#define NET_RXQ_MAX_FRAMES 1024
/* Largest frame either direction carries (a 64 KiB IP packet + header). */
#define NET_FRAME_MAX (65535 + 14)
/* Smallest: an Ethernet header. */
#define NET_FRAME_MIN 14

typedef struct NetBackend NetBackend;

/* What a device provides to receive frames. */
typedef struct NetPeerOps {
    /* True if the device has room for a frame now (the guest posted RX
     * buffers). NULL means always. */
    bool (*can_receive)(void *opaque);
    /* Gives one frame to the guest. Returns false if the device could not
     * take it after all; the frame then stays queued until net_rx_ready. */
    bool (*receive)(void *opaque, const uint8_t *frame, size_t len);
} NetPeerOps;

/* Counters of one backend, for tests and diagnostics. */
typedef struct NetStats {
    uint64_t tx_frames;   /* guest -> backend, accepted */
    uint64_t tx_bad;      /* guest frames refused (too short or too long) */
    uint64_t rx_frames;   /* backend -> guest, delivered */
    uint64_t rx_dropped;  /* backend -> guest, dropped (queue full or no device) */
    size_t rx_queued;     /* waiting in the queue now */
} NetStats;

/* Parses a -netdev argument ("user,id=n0,net=10.0.2.0/24,...") and creates
 * and registers the backend. Returns 0, or -1 with one message in err that
 * names the netdev, the field and the problem. docs/net.md lists the keys. */
int net_netdev_add(const char *spec, char *err, size_t errlen);

/* The backend registered as id, or NULL. */
NetBackend *net_find(const char *id);

/* Attaches a device to the backend id (the -device ...,netdev=ID link).
 * Returns the backend, or NULL with a message in err when no netdev has
 * that id or another device already uses it. */
NetBackend *net_attach(const char *id, const NetPeerOps *ops, void *opaque, char *err,
                       size_t errlen);
/* Detaches the device; frames for the guest are dropped from then on. */
void net_detach(NetBackend *nb);

/* Sends one guest frame (len bytes from its destination MAC) to the
 * backend. Returns 0, or -1 if the frame is shorter than an Ethernet
 * header or longer than NET_FRAME_MAX (it is counted and dropped). */
int net_send(NetBackend *nb, const uint8_t *frame, size_t len);

/* The device has room again: delivers queued frames while it accepts. */
void net_rx_ready(NetBackend *nb);

const char *net_id(const NetBackend *nb);
NetStats net_stats(const NetBackend *nb);

/* Prints "xrun: warning: netdev 'ID' is not used by any device" for each
 * netdev no device attached to (call once the machine is built); returns
 * how many there were. */
int net_warn_unused(void);

/* Closes every backend (host sockets, forwarded ports) and empties the
 * registry; devices must not use their NetBackend afterwards. */
void net_close_all(void);

#endif
