/*
 * The GDB stub in system mode: -s, -gdb tcp::PORT and -S, as
 * qemu-system-arm has them.
 *
 * The protocol core is gdbstub/gdbstub.c (include/xrun/gdbstub.h); this
 * side supplies the machine: vCPUs are gdb's threads 1..N, memory is seen
 * through the selected vCPU's MMU (or as physical memory after
 * "maintenance packet Qqemu.PhysMemMode:1"), and every stop holds every
 * vCPU (all-stop). main uses it so:
 *
 *     int port = gdb_sys_parse_port(o.gdb, err, sizeof err);   // -1: bad spec
 *     ...board init...
 *     gdb_sys_start(port, o.start_stopped, &arm_gdb_arch, ARM_MMU_IDX_PL1);
 *     vcpus_start();
 *     int reason = sys_wait_shutdown();
 *     gdb_sys_machine_ended();                                // W00 for gdb
 *
 * The machine runs while the stub waits for gdb unless -S holds it; gdb's
 * connection stops it, as qemu does, and after gdb detaches the stub waits
 * for the next one. gdb's `k` ends the run with status 0.
 */
#ifndef XRUN_SYSTEM_GDBSTUB_SYS_H
#define XRUN_SYSTEM_GDBSTUB_SYS_H

#include <stdbool.h>
#include <stddef.h>

#include "xrun/gdbstub.h"

/* Parses a -gdb device, "tcp:[HOST]:PORT" with HOST empty, localhost or
 * 127.0.0.1 (the stub listens on the loopback only). Returns the port, or
 * -1 with a message in err. */
int gdb_sys_parse_port(const char *spec, char *err, size_t errlen);

/* Opens the port (one message and -1 if it cannot), then serves gdb, one
 * connection after another, in a thread of its own. start_stopped (-S): no vCPU runs before gdb says
 * so. mmu_idx: the MMU index whose view of memory gdb gets (the kernel's).
 * Call after the board registered its vCPUs, before vcpus_start. */
int gdb_sys_start(int port, bool start_stopped, const GdbArch *arch, int mmu_idx);

/* The run ends (any reason but gdb's kill): tells a connected gdb that the
 * machine exited. */
void gdb_sys_machine_ended(void);

#endif
