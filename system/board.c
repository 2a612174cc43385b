/*
 * What every board does alike (system/board.h): the command-line checks
 * before it builds anything, and opening the serial console.
 */
#include <stdio.h>

#include "system/board.h"
#include "system/chardev.h"
#include "system/cpus.h"

static void serial_quit(void *opaque)
{
    sys_request_shutdown(SHUTDOWN_QUIT);
}

Chardev *board_open_serial(const MachineOpts *o, char *err, size_t errlen)
{
    const char *serial = o->serial ? o->serial : "mon:stdio";
    char cerr[512];
    Chardev *chr = chr_open(serial, cerr, sizeof cerr);
    if (!chr) {
        snprintf(err, errlen, "-serial %s", cerr);
        return NULL;
    }
    chr_set_quit(chr, serial_quit, NULL);
    return chr;
}

int board_check_opts(const MachineOpts *o, const BoardLimits *l, int *ncpus, uint64_t *ram_size, char *err,
                     size_t errlen)
{
    *ncpus = o->smp ? o->smp : 1;
    if (*ncpus > l->max_cpus) {
        snprintf(err, errlen, "-smp %d: %s takes at most %d CPUs", *ncpus, l->name, l->max_cpus);
        return -1;
    }
    *ram_size = o->ram_size ? o->ram_size : l->default_ram;
    if (*ram_size < l->min_ram || *ram_size > l->max_ram || (*ram_size & 0xfff)) {
        snprintf(err, errlen, "-m: %s takes %llu MiB to %llu GiB of RAM in whole pages (asked for %llu bytes)",
                 l->name, (unsigned long long)(l->min_ram >> 20), (unsigned long long)(l->max_ram >> 30),
                 (unsigned long long)*ram_size);
        return -1;
    }
    if (!o->kernel) {
        snprintf(err, errlen, "no kernel given (-kernel FILE)");
        return -1;
    }
    return 0;
}
