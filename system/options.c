/*
 * The command line of system mode (see system/options.h).
 *
 * Options follow qemu-system: one dash or two, each with at most one
 * argument, sub-options as "key=value,flag". Every option a user of
 * qemu-system-arm gives for a -nographic Linux boot is here; anything else
 * is refused by name rather than ignored.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/options.h"
#include "xrun/util.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

bool opts_parse_size(const char *s, uint64_t default_unit, uint64_t *out)
{
    if (!s || !isdigit((unsigned char)*s))
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || end == s)
        return false;
    uint64_t unit = default_unit;
    if (*end) {
        switch (toupper((unsigned char)*end)) {
        case 'B': unit = 1; break;
        case 'K': unit = 1ull << 10; break;
        case 'M': unit = 1ull << 20; break;
        case 'G': unit = 1ull << 30; break;
        case 'T': unit = 1ull << 40; break;
        default: return false;
        }
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
        if (*end == 'B' || *end == 'b')
            end++;
        if (*end)
            return false;
    }
    double bytes = v * (double)unit;
    if (bytes < 0 || bytes >= 18446744073709551615.0 || bytes != (double)(uint64_t)bytes)
        return false;
    *out = (uint64_t)bytes;
    return true;
}

bool opts_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"on", "yes", "true", "1"}, *const no[] = {"off", "no", "false", "0"};
    for (size_t i = 0; i < XR_ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcmp(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Calls fn(key, keylen, value-or-NULL, vallen, first, opaque) per item of
 * spec. ",," inside a value stands for one comma, as in qemu; fn sees the
 * raw text and opts_get unescapes it. */
static bool opts_each(const char *spec, bool (*fn)(const char *k, size_t kl, const char *v, size_t vl, bool first,
                                                   void *opaque),
                      void *opaque)
{
    const char *p = spec;
    bool first = true;
    while (*p) {
        const char *item = p;
        while (*p && !(*p == ',' && p[1] != ',')) {
            if (*p == ',' && p[1] == ',')
                p++;
            p++;
        }
        const char *eq = memchr(item, '=', (size_t)(p - item));
        bool go = eq ? fn(item, (size_t)(eq - item), eq + 1, (size_t)(p - eq - 1), first, opaque)
                     : fn(item, (size_t)(p - item), NULL, 0, first, opaque);
        if (!go)
            return false;
        first = false;
        if (*p == ',')
            p++;
    }
    return true;
}

typedef struct GetCtx {
    const char *key;
    char *found;
} GetCtx;

static char *unescape(const char *v, size_t n)
{
    char *s = xr_malloc(n + 1), *o = s;
    for (size_t i = 0; i < n; i++) {
        *o++ = v[i];
        if (v[i] == ',' && i + 1 < n && v[i + 1] == ',')
            i++;
    }
    *o = 0;
    return s;
}

static bool get_one(const char *k, size_t kl, const char *v, size_t vl, bool first, void *opaque)
{
    GetCtx *g = opaque;
    if (!g->key[0]) {
        if (first && !v) {
            g->found = unescape(k, kl);
            return false;
        }
        return true;
    }
    if (strlen(g->key) == kl && !memcmp(k, g->key, kl)) {
        free(g->found);
        g->found = v ? unescape(v, vl) : xr_strdup("on");
    }
    return true;
}

char *opts_get(const char *spec, const char *key)
{
    GetCtx g = {.key = key};
    opts_each(spec, get_one, &g);
    return g.found;
}

typedef struct CheckCtx {
    const char *const *allowed;
    bool skip_first;
    const char *bad;
    size_t bad_len;
} CheckCtx;

static bool check_one(const char *k, size_t kl, const char *v, size_t vl, bool first, void *opaque)
{
    CheckCtx *c = opaque;
    if (first && !v && c->skip_first)
        return true;
    for (const char *const *a = c->allowed; *a; a++)
        if (strlen(*a) == kl && !memcmp(*a, k, kl))
            return true;
    c->bad = k;
    c->bad_len = kl;
    return false;
}

bool opts_check_keys(const char *spec, const char *const *allowed, bool skip_first, const char *what, char *err,
                     size_t errlen)
{
    CheckCtx c = {.allowed = allowed, .skip_first = skip_first};
    if (opts_each(spec, check_one, &c))
        return true;
    snprintf(err, errlen, "%s: unknown option '%.*s'", what, (int)c.bad_len, c.bad);
    return false;
}

/* Keeps an allocated string of o until machine_opts_free. */
static char *own(MachineOpts *o, char *p)
{
    if (p && o->nb_owned < MAX_OWNED)
        o->owned[o->nb_owned++] = p;
    return p;
}

void machine_opts_free(MachineOpts *o)
{
    for (int i = 0; i < o->nb_owned; i++)
        free(o->owned[i]);
    o->nb_owned = 0;
}

/* -- -drive -- */

static int parse_drive(const char *spec, MachineOpts *o, char *err, size_t errlen)
{
    static const char *const keys[] = {"file", "format", "if", "id", "serial", "readonly", "snapshot", "cache",
                                       "index", "media", "discard", "aio", NULL};
    if (o->nb_drives == MAX_DRIVES)
        return fail(err, errlen, "-drive: at most %d drives", MAX_DRIVES);
    if (!opts_check_keys(spec, keys, false, "-drive", err, errlen))
        return -1;
    DriveOpts *d = &o->drives[o->nb_drives];
    *d = (DriveOpts){.spec = spec};
    d->file = own(o, opts_get(spec, "file"));
    if (!d->file || !*d->file)
        return fail(err, errlen, "-drive %s: no file= given", spec);
    d->format = own(o, opts_get(spec, "format"));
    if (d->format && strcmp(d->format, "raw") && strcmp(d->format, "qcow2"))
        return fail(err, errlen, "-drive %s: unknown format '%s' (raw, qcow2)", spec, d->format);
    char *iface = own(o, opts_get(spec, "if"));
    d->iface = iface ? iface : "virtio";
    if (strcmp(d->iface, "virtio") && strcmp(d->iface, "none"))
        return fail(err, errlen, "-drive %s: interface '%s' is not supported (virtio, none)", spec, d->iface);
    d->id = own(o, opts_get(spec, "id"));
    d->serial = own(o, opts_get(spec, "serial"));
    static const char *const bools[] = {"readonly", "snapshot"};
    bool *dst[] = {&d->readonly, &d->snapshot};
    for (int i = 0; i < 2; i++) {
        char *v = opts_get(spec, bools[i]);
        if (v && !opts_parse_bool(v, dst[i])) {
            fail(err, errlen, "-drive %s: %s=%s is not on or off", spec, bools[i], v);
            free(v);
            return -1;
        }
        free(v);
    }
    o->nb_drives++;
    return 0;
}

/* -- The option table -- */

enum {
    OPT_HELP = 1, OPT_VERSION, OPT_MACHINE, OPT_CPU, OPT_M, OPT_SMP, OPT_KERNEL, OPT_INITRD, OPT_APPEND,
    OPT_DTB, OPT_NOGRAPHIC, OPT_SERIAL, OPT_DRIVE, OPT_DEVICE, OPT_NETDEV, OPT_CHARDEV, OPT_SNAPSHOT,
    OPT_NO_REBOOT, OPT_NO_SHUTDOWN, OPT_S_GDB, OPT_GDB, OPT_S_STOP, OPT_D, OPT_D_FILE, OPT_ACCEL,
    OPT_ENABLE_KVM, OPT_DISPLAY, OPT_MONITOR, OPT_NODEFAULTS, OPT_VGA, OPT_NET,
};

typedef struct OptDef {
    const char *name;
    int id;
    bool arg;
} OptDef;

static const OptDef opt_defs[] = {
    {"h", OPT_HELP, false},          {"help", OPT_HELP, false},         {"version", OPT_VERSION, false},
    {"M", OPT_MACHINE, true},        {"machine", OPT_MACHINE, true},    {"cpu", OPT_CPU, true},
    {"m", OPT_M, true},              {"smp", OPT_SMP, true},            {"kernel", OPT_KERNEL, true},
    {"initrd", OPT_INITRD, true},    {"append", OPT_APPEND, true},      {"dtb", OPT_DTB, true},
    {"nographic", OPT_NOGRAPHIC, false}, {"serial", OPT_SERIAL, true},  {"drive", OPT_DRIVE, true},
    {"device", OPT_DEVICE, true},    {"netdev", OPT_NETDEV, true},      {"chardev", OPT_CHARDEV, true},
    {"snapshot", OPT_SNAPSHOT, false}, {"no-reboot", OPT_NO_REBOOT, false},
    {"no-shutdown", OPT_NO_SHUTDOWN, false}, {"s", OPT_S_GDB, false},   {"gdb", OPT_GDB, true},
    {"S", OPT_S_STOP, false},        {"d", OPT_D, true},                {"D", OPT_D_FILE, true},
    {"accel", OPT_ACCEL, true},      {"enable-kvm", OPT_ENABLE_KVM, false},
    {"display", OPT_DISPLAY, true},  {"monitor", OPT_MONITOR, true},    {"nodefaults", OPT_NODEFAULTS, false},
    {"vga", OPT_VGA, true},          {"net", OPT_NET, true},
};

static const OptDef *find_opt(const char *arg)
{
    if (arg[0] != '-')
        return NULL;
    arg += arg[1] == '-' ? 2 : 1;
    for (size_t i = 0; i < XR_ARRAY_SIZE(opt_defs); i++)
        if (!strcmp(opt_defs[i].name, arg))
            return &opt_defs[i];
    return NULL;
}

static int parse_smp(const char *v, MachineOpts *o, char *err, size_t errlen)
{
    static const char *const keys[] = {"cpus", "sockets", "cores", "threads", "maxcpus", NULL};
    if (!opts_check_keys(v, keys, true, "-smp", err, errlen))
        return -1;
    char *n = opts_get(v, "cpus");
    if (!n)
        n = opts_get(v, "");
    char *end = NULL;
    long cpus = n ? strtol(n, &end, 10) : -1;
    bool ok = n && *n && !*end && cpus >= 1;
    free(n);
    if (!ok)
        return fail(err, errlen, "-smp %s: the number of CPUs must be a positive integer", v);
    o->smp = (int)cpus;
    return 0;
}

static int parse_mem(const char *v, MachineOpts *o, char *err, size_t errlen)
{
    char *size = opts_get(v, "size");
    if (!size)
        size = opts_get(v, "");
    uint64_t bytes;
    bool ok = size && opts_parse_size(size, 1ull << 20, &bytes) && bytes > 0;
    free(size);
    if (!ok)
        return fail(err, errlen, "-m %s: invalid RAM size (e.g. 512, 512M, 1G)", v);
    o->ram_size = bytes;
    return 0;
}

static int add_spec(const char **list, int *n, int max, const char *spec, const char *what, char *err,
                    size_t errlen)
{
    if (*n == max)
        return fail(err, errlen, "%s: at most %d of them", what, max);
    list[(*n)++] = spec;
    return 0;
}

int machine_opts_parse(int argc, char **argv, MachineOpts *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const OptDef *d = find_opt(argv[i]);
        if (!d)
            return fail(err, errlen, "%s: %s", argv[i],
                        argv[i][0] == '-' ? "unknown option (see -help)" : "unexpected argument (see -help)");
        const char *v = NULL;
        if (d->arg) {
            if (i + 1 >= argc)
                return fail(err, errlen, "%s needs an argument", argv[i]);
            v = argv[++i];
        }
        int rc = 0;
        switch (d->id) {
        case OPT_HELP: return 1;
        case OPT_VERSION: return 2;
        case OPT_MACHINE: {
            char *name = own(o, opts_get(v, "type"));
            o->machine = name ? name : own(o, opts_get(v, ""));
            if (!o->machine)
                return fail(err, errlen, "-M %s: no machine name", v);
            break;
        }
        case OPT_CPU: o->cpu = v; break;
        case OPT_M: rc = parse_mem(v, o, err, errlen); break;
        case OPT_SMP: rc = parse_smp(v, o, err, errlen); break;
        case OPT_KERNEL: o->kernel = v; break;
        case OPT_INITRD: o->initrd = v; break;
        case OPT_APPEND: o->append = v; break;
        case OPT_DTB: o->dtb = v; break;
        case OPT_NOGRAPHIC: o->nographic = true; break;
        case OPT_SERIAL: o->serial = v; break;
        case OPT_DRIVE: rc = parse_drive(v, o, err, errlen); break;
        case OPT_DEVICE: rc = add_spec(o->devices, &o->nb_devices, MAX_DEVICES, v, "-device", err, errlen); break;
        case OPT_NETDEV: rc = add_spec(o->netdevs, &o->nb_netdevs, MAX_NETDEVS, v, "-netdev", err, errlen); break;
        case OPT_CHARDEV:
            rc = add_spec(o->chardevs, &o->nb_chardevs, MAX_CHARDEVS, v, "-chardev", err, errlen);
            break;
        case OPT_SNAPSHOT: o->snapshot = true; break;
        case OPT_NO_REBOOT: o->no_reboot = true; break;
        case OPT_NO_SHUTDOWN: o->no_shutdown = true; break;
        case OPT_S_GDB: o->gdb = "tcp::1234"; break;
        case OPT_GDB: o->gdb = v; break;
        case OPT_S_STOP: o->start_stopped = true; break;
        case OPT_D: o->log_items = v; break;
        case OPT_D_FILE: o->log_file = v; break;
        case OPT_ACCEL: {
            char *name = own(o, opts_get(v, ""));
            o->accel = name ? name : v;
            break;
        }
        case OPT_ENABLE_KVM: o->accel = "kvm"; break;
        case OPT_DISPLAY:
        case OPT_VGA:
            if (strcmp(v, "none"))
                return fail(err, errlen, "%s %s: there is no display; only 'none' is accepted", argv[i - 1], v);
            break;
        case OPT_NET:
            if (strcmp(v, "none"))
                return fail(err, errlen, "-net %s: only '-net none' is accepted; use -netdev and -device", v);
            break;
        case OPT_MONITOR:
            if (strcmp(v, "none"))
                return fail(err, errlen, "-monitor %s: there is no monitor; only 'none' is accepted", v);
            break;
        case OPT_NODEFAULTS: break;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}
