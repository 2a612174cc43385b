/*
 * The side of system/net/net.h that backends implement (private to
 * system/net/).
 *
 * A backend type supplies NetBackendOps; net.c owns the rest of a
 * NetBackend: its id, the registry, the attached device and the queue of
 * frames for the guest. A backend hands a frame for the guest to
 * net_deliver, which calls the device now or queues the frame.
 */
#ifndef XRUN_SYSTEM_NET_BACKEND_H
#define XRUN_SYSTEM_NET_BACKEND_H

#include "system/net/net.h"

typedef struct NetBackendOps {
    const char *type; /* the -netdev type, "user" */
    /* A guest frame (already checked against NET_FRAME_MIN/MAX). */
    void (*send)(void *impl, const uint8_t *frame, size_t len);
    /* Frees the backend's own state. */
    void (*close)(void *impl);
} NetBackendOps;

/* Registers a backend as id (which the caller has checked is free). */
NetBackend *net_backend_new(const char *id, const NetBackendOps *ops, void *impl);

/* A frame for the guest (copied; the caller keeps its buffer). */
void net_deliver(NetBackend *nb, const uint8_t *frame, size_t len);

/* Creates a -netdev user backend from the whole spec ("user,id=n0,...");
 * 0, or -1 with a message in err. */
int net_user_add(const char *spec, char *err, size_t errlen);

#endif
