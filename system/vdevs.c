/*
 * The virtio devices of the command line, for every board (system/board.h).
 *
 *     -drive file=d.qcow2,if=virtio             a virtio-blk disk
 *     -drive file=d.raw,if=none,id=d0 -device virtio-blk-device,drive=d0
 *     -netdev user,id=n0 -device virtio-net-device,netdev=n0
 *     -device virtio-rng-device
 *     -chardev file,id=c0,path=F -device virtio-serial-device -device virtconsole,chardev=c0
 *
 * Devices take transports in command-line order; the transports left over
 * are created empty, so the guest sees the same slots as on qemu.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/block/block.h"
#include "system/board.h"
#include "system/hw/virtio_devices.h"
#include "system/hw/virtio_mmio.h"
#include "system/net/net.h"
#include "xrun/util.h"

#define MAX_VDEVS 32

static BlockDev *drives[MAX_DRIVES];
static const char *drive_files[MAX_DRIVES];
static int nb_open_drives;
/* What vdevs_fini frees: every device and every transport made here. */
static VirtIODevice *devices[MAX_VDEVS];
static VirtIOMMIO *transports[MAX_VDEVS];
static int nb_devices, nb_transports;
static bool drive_used[MAX_DRIVES];

typedef struct VdevCtx {
    const MachineOpts *o;
    VdevSlotFn *slot;
    void *opaque;
    int next_slot;
    int console_fd;
    char *err;
    size_t errlen;
} VdevCtx;

static int vfail(VdevCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int plug(VdevCtx *c, VirtIODevice *vdev, const char *what)
{
    hwaddr base;
    IrqLine irq;
    if (!c->slot(c->opaque, c->next_slot, &base, &irq))
        return vfail(c, "%s: no free virtio-mmio slot on this machine", what);
    c->next_slot++;
    if (nb_devices < MAX_VDEVS)
        devices[nb_devices++] = vdev;
    VirtIOMMIO *t = virtio_mmio_new(base, irq, vdev);
    if (nb_transports < MAX_VDEVS)
        transports[nb_transports++] = t;
    return 0;
}

static int open_drive(VdevCtx *c, int i)
{
    const DriveOpts *d = &c->o->drives[i];
    char err[512];
    BlockOpenOpts bo = {.format = d->format, .readonly = d->readonly, .snapshot = d->snapshot || c->o->snapshot};
    drives[i] = blk_open(d->file, &bo, err, sizeof err);
    drive_files[i] = d->file;
    if (!drives[i])
        return vfail(c, "-drive %s: %s", d->spec, err);
    nb_open_drives = i + 1 > nb_open_drives ? i + 1 : nb_open_drives;
    return 0;
}

static int find_drive(VdevCtx *c, const char *id)
{
    for (int i = 0; i < c->o->nb_drives; i++)
        if (c->o->drives[i].id && !strcmp(c->o->drives[i].id, id))
            return i;
    return -1;
}

/* -chardev file,id=ID,path=P | stdio,id=ID | null,id=ID: the fd a virtual
 * console writes to. */
static int chardev_fd(VdevCtx *c, const char *id)
{
    for (int i = 0; i < c->o->nb_chardevs; i++) {
        const char *spec = c->o->chardevs[i];
        char *cid = opts_get(spec, "id");
        bool match = cid && !strcmp(cid, id);
        free(cid);
        if (!match)
            continue;
        char *type = opts_get(spec, "");
        int fd = -1;
        if (type && !strcmp(type, "file")) {
            char *path = opts_get(spec, "path");
            fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
            if (fd < 0)
                vfail(c, "-chardev %s: %s", spec, path ? strerror(errno) : "no path= given");
            free(path);
        } else if (type && !strcmp(type, "stdio")) {
            fd = dup(STDOUT_FILENO);
        } else if (type && !strcmp(type, "null")) {
            fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        } else {
            vfail(c, "-chardev %s: backend '%s' is not supported (file, stdio, null)", spec, type ? type : "");
        }
        free(type);
        return fd;
    }
    vfail(c, "chardev '%s' is not defined (-chardev ...,id=%s)", id, id);
    return -1;
}

static void print_device_help(void)
{
    printf("Devices:\n"
           "  virtio-blk-device,drive=ID[,serial=S]  a disk on a -drive if=none,id=ID\n"
           "  virtio-net-device,netdev=ID[,mac=M]    a NIC on a -netdev ...,id=ID\n"
           "  virtio-rng-device                      entropy from the host's getrandom()\n"
           "  virtio-serial-device                   the bus of a virtconsole (hvc0)\n"
           "  virtconsole[,chardev=ID]               a console on the guest's /dev/hvc0\n");
}

/* virtio-net-device,netdev=ID[,mac=M][,id=...] */
static int add_net_device(VdevCtx *c, const char *spec)
{
    static const char *const keys[] = {"netdev", "mac", "id", NULL};
    char *netdev = NULL, *mac_s = NULL, nerr[256];
    uint8_t mac[6];
    const char *bad;
    VirtIODevice *vdev = NULL;
    int rc = -1;
    if (!opts_check_keys(spec, keys, true, "-device virtio-net-device", c->err, c->errlen))
        goto out;
    if (!(netdev = opts_get(spec, "netdev"))) {
        vfail(c, "-device %s: netdev= is required", spec);
        goto out;
    }
    mac_s = opts_get(spec, "mac");
    if (mac_s && (bad = virtio_net_parse_mac(mac_s, mac))) {
        vfail(c, "-device %s: mac=%s: %s", spec, mac_s, bad);
        goto out;
    }
    if (!(vdev = virtio_net_new(netdev, mac_s ? mac : NULL, nerr, sizeof nerr))) {
        vfail(c, "-device %s: %s", spec, nerr);
        goto out;
    }
    rc = plug(c, vdev, spec);
out:
    free(netdev);
    free(mac_s);
    return rc;
}

static int add_device(VdevCtx *c, const char *spec)
{
    char *drv = opts_get(spec, "");
    if (!drv)
        return vfail(c, "-device %s: no device name", spec);
    int rc = 0;
    if (!strcmp(drv, "virtio-blk-device")) {
        static const char *const keys[] = {"drive", "serial", "id", NULL};
        char *id = NULL, *serial = NULL;
        if (!opts_check_keys(spec, keys, true, "-device virtio-blk-device", c->err, c->errlen)) {
            rc = -1;
        } else if (!(id = opts_get(spec, "drive"))) {
            rc = vfail(c, "-device %s: drive= is required", spec);
        } else {
            int i = find_drive(c, id);
            serial = opts_get(spec, "serial");
            if (i < 0)
                rc = vfail(c, "-device %s: no -drive with id=%s", spec, id);
            else if (drive_used[i])
                rc = vfail(c, "-device %s: drive %s is already in use", spec, id);
            else if ((rc = open_drive(c, i)) == 0) {
                drive_used[i] = true;
                const char *ser = serial ? serial : c->o->drives[i].serial;
                rc = plug(c, virtio_blk_new(drives[i], ser), spec);
            }
        }
        free(id);
        free(serial);
    } else if (!strcmp(drv, "virtio-rng-device")) {
        rc = plug(c, virtio_rng_new(), spec);
    } else if (!strcmp(drv, "virtio-serial-device")) {
        /* The console port itself comes with virtconsole. */
    } else if (!strcmp(drv, "virtconsole")) {
        char *id = opts_get(spec, "chardev");
        int fd = id ? chardev_fd(c, id) : dup(c->console_fd);
        free(id);
        rc = fd < 0 ? -1 : plug(c, virtio_console_new(fd), spec);
    } else if (!strcmp(drv, "virtio-net-device")) {
        rc = add_net_device(c, spec);
    } else {
        rc = vfail(c, "-device %s: unknown device '%s' (see -device help)", spec, drv);
    }
    free(drv);
    return rc;
}

/* Whether spec is "help" (or "?"), the qemu way of asking for a list. */
static bool is_help(const char *spec)
{
    char *name = opts_get(spec, "");
    bool help = name && (!strcmp(name, "help") || !strcmp(name, "?"));
    free(name);
    return help;
}

bool vdevs_help(const MachineOpts *o)
{
    for (int i = 0; i < o->nb_devices; i++) {
        if (is_help(o->devices[i])) {
            print_device_help();
            return true;
        }
    }
    for (int i = 0; i < o->nb_netdevs; i++) {
        if (is_help(o->netdevs[i])) {
            printf("Available netdev backend types:\nuser\n");
            return true;
        }
    }
    return false;
}

int vdevs_create(const MachineOpts *o, VdevSlotFn *slot, void *opaque, int console_fd, char *err, size_t errlen)
{
    VdevCtx c = {.o = o, .slot = slot, .opaque = opaque, .console_fd = console_fd, .err = err, .errlen = errlen};
    for (int i = 0; i < o->nb_netdevs; i++)
        if (net_netdev_add(o->netdevs[i], err, errlen) < 0)
            return -1;
    /* -drive if=virtio first, as qemu creates them with the board. */
    for (int i = 0; i < o->nb_drives; i++) {
        if (strcmp(o->drives[i].iface, "virtio"))
            continue;
        if (open_drive(&c, i) < 0 || plug(&c, virtio_blk_new(drives[i], o->drives[i].serial), o->drives[i].spec) < 0)
            return -1;
        drive_used[i] = true;
    }
    for (int i = 0; i < o->nb_devices; i++) {
        int rc = add_device(&c, o->devices[i]);
        if (rc)
            return rc;
    }
    for (int i = 0; i < o->nb_drives; i++)
        if (!drive_used[i])
            fprintf(stderr, "xrun: warning: -drive %s is not used by any device\n", o->drives[i].spec);
    net_warn_unused();
    /* Empty transports in the remaining slots. */
    hwaddr base;
    IrqLine irq;
    while (slot(opaque, c.next_slot, &base, &irq)) {
        VirtIOMMIO *t = virtio_mmio_new(base, irq, NULL);
        if (nb_transports < MAX_VDEVS)
            transports[nb_transports++] = t;
        c.next_slot++;
    }
    return 0;
}

/* The machine no longer runs: nothing reaches these devices any more. */
void vdevs_fini(void)
{
    for (int i = 0; i < nb_transports; i++)
        virtio_mmio_free(transports[i]);
    for (int i = 0; i < nb_devices; i++)
        virtio_free(devices[i]); /* a network card detaches from its backend */
    nb_transports = nb_devices = 0;
    for (int i = 0; i < nb_open_drives; i++) {
        if (!drives[i])
            continue;
        if (!blk_is_readonly(drives[i]) && blk_flush(drives[i]) < 0)
            fprintf(stderr, "xrun: %s: flush failed at exit\n", drive_files[i]);
        blk_close(drives[i]);
        drives[i] = NULL;
    }
    net_close_all();
}
