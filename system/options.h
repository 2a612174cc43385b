/*
 * The command line of system mode, spelled as qemu-system spells it.
 *
 * machine_opts_parse turns argv into a MachineOpts; boards read the
 * parsed values and the raw -device/-netdev/-drive specs (their
 * sub-options are checked by the part that owns them, with
 * opts_get/opts_check_keys below).
 *
 *     MachineOpts o;
 *     char err[256];
 *     if (machine_opts_parse(argc, argv, &o, err, sizeof err) < 0) {
 *         fprintf(stderr, "xrun-system-arm: %s\n", err);
 *         return 1;
 *     }
 */
#ifndef XRUN_SYSTEM_OPTIONS_H
#define XRUN_SYSTEM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_DRIVES 16
#define MAX_DEVICES 32
#define MAX_NETDEVS 8
#define MAX_CHARDEVS 8
#define MAX_OWNED 128

typedef struct DriveOpts {
    const char *spec;     /* the whole -drive argument */
    const char *file;
    const char *format;   /* NULL: probe */
    const char *iface;    /* "virtio" (default here) or "none" */
    const char *id;       /* for -device ...,drive=ID; NULL for if=virtio drives */
    const char *serial;
    bool readonly;
    bool snapshot;
} DriveOpts;

typedef struct MachineOpts {
    const char *machine;  /* -M NAME (the part before the first comma) */
    const char *cpu;      /* -cpu NAME, NULL: the board's default */
    uint64_t ram_size;    /* -m, bytes; 0: the board's default */
    int smp;              /* -smp N, 0: 1 */
    const char *kernel, *initrd, *append, *dtb;
    bool nographic;
    const char *serial;   /* -serial SPEC; NULL: stdio with -nographic, else the board's choice */
    bool snapshot;        /* -snapshot: every drive is snapshot=on */
    bool no_reboot;       /* -no-reboot: a guest reset ends the run */
    bool no_shutdown;     /* -no-shutdown is accepted: the run ends at poweroff anyway */
    const char *gdb;      /* -gdb DEV or -s (tcp::1234) */
    bool start_stopped;   /* -S */
    const char *log_items, *log_file; /* -d, -D */
    const char *accel;    /* -accel NAME; NULL: tcg */
    DriveOpts drives[MAX_DRIVES];
    int nb_drives;
    const char *devices[MAX_DEVICES];
    int nb_devices;
    const char *netdevs[MAX_NETDEVS];
    int nb_netdevs;
    const char *chardevs[MAX_CHARDEVS];
    int nb_chardevs;
    char *owned[MAX_OWNED];  /* strings allocated by the parse */
    int nb_owned;
} MachineOpts;

/* Parses argv (argv[0] is the program). Returns 0 with o filled, 1 for
 * -help, 2 for -version (the caller prints them), or -1 with a one-line
 * message in err. The strings in o point into argv or are owned by o
 * until machine_opts_free. */
int machine_opts_parse(int argc, char **argv, MachineOpts *o, char *err, size_t errlen);

/* Frees the strings the parse allocated (o's pointers into them die). */
void machine_opts_free(MachineOpts *o);

/* Parses a size with an optional K/M/G/T suffix; a bare number is in
 * units of default_unit (qemu's -m takes MiB). False if malformed. */
bool opts_parse_size(const char *s, uint64_t default_unit, uint64_t *out);

/* Sub-options "a=1,b=x,flag": the value of key in spec (a newly allocated
 * string the caller frees), or NULL if absent. The first item without '='
 * is returned for key "" (e.g. the driver of -device or the type of
 * -netdev). */
char *opts_get(const char *spec, const char *key);
/* Checks that every key of spec is in the NULL-terminated list allowed
 * (the leading bare item is skipped when skip_first); else returns false
 * with "what: unknown option 'key'" in err. */
bool opts_check_keys(const char *spec, const char *const *allowed, bool skip_first, const char *what, char *err,
                     size_t errlen);
/* "on"/"off"/"yes"/"no"/"true"/"false"/"1"/"0"; false if none of them. */
bool opts_parse_bool(const char *s, bool *out);

#endif
