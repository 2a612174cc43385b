/*
 * Boards (machines) of system mode, and what every board shares: the
 * virtio devices made from -drive, -device and -netdev, and the console.
 *
 * A board builds its memory map, devices and vCPUs from the parsed command
 * line; main then runs the event loop and the vCPUs until a shutdown
 * request. Boards are listed in board_table (system/main.c):
 *
 *     const Board board_virt = {.name = "virt", .desc = "ARM Virtual Machine", .default_cpu = "cortex-a15",
 *                               .cpu_models = virt_cpu_models, .init = virt_init, .fini = virt_fini};
 */
#ifndef XRUN_SYSTEM_BOARD_H
#define XRUN_SYSTEM_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "system/irq.h"
#include "system/memory.h"
#include "system/options.h"

typedef struct Board {
    const char *name;
    const char *desc;
    const char *default_cpu;
    /* The -cpu names it takes, NULL-terminated; "-cpu help" lists them. */
    const char *const *cpu_models;
    /* Builds the machine. Returns 0, or -1 with a one-line message in err. */
    int (*init)(const MachineOpts *o, char *err, size_t errlen);
    /* Makes every disk write durable and releases host resources. */
    void (*fini)(void);
} Board;

/* What a board takes: the checks of -smp, -m and -kernel every board makes
 * (system/board.c). */
typedef struct BoardLimits {
    const char *name;
    int max_cpus;
    uint64_t min_ram, max_ram, default_ram; /* bytes */
} BoardLimits;

/* Sets *ncpus and *ram_size from o (or the defaults); returns 0, or -1
 * with one line in err for a -smp or -m out of the limits or no -kernel. */
int board_check_opts(const MachineOpts *o, const BoardLimits *l, int *ncpus, uint64_t *ram_size, char *err,
                     size_t errlen);

/* Opens the serial console -serial names (mon:stdio by default), whose
 * Ctrl-A x ends the run. NULL with one line in err. */
struct Chardev *board_open_serial(const MachineOpts *o, char *err, size_t errlen);

/* -- Virtio devices from the command line (system/vdevs.c) -- */

/* Where the board puts virtio-mmio transport n (0, 1, ...): its base and
 * interrupt line. Returns false when the board has no slot n. */
typedef bool VdevSlotFn(void *opaque, int n, hwaddr *base, IrqLine *irq);

/* Opens the drives, creates the netdevs and the virtio devices that
 * -drive if=virtio, -device and -netdev ask for, in command-line order
 * (the guest numbers them vda, vdb, ... in that order), filling slots in
 * the order the board's slot function gives them; the remaining slots get
 * empty transports, as on qemu's boards. console_fd receives what the
 * guest writes to a virtio console. Returns 0 or -1 with err. */
int vdevs_create(const MachineOpts *o, VdevSlotFn *slot, void *opaque, int console_fd, char *err,
                 size_t errlen);
/* Prints the list "-device help" or "-netdev help" asks for; true when
 * one was asked for (the run then ends there, as on qemu). */
bool vdevs_help(const MachineOpts *o);
/* Frees the devices and transports vdevs_create made (the machine no longer
 * runs), flushes every drive (a clean shutdown) and closes them. */
void vdevs_fini(void);

#endif
