/*
 * The cpu loop's calls into the user-mode GDB glue (gdbstub_user.c). All
 * are cheap no-ops unless -g started a stub; gdb_user_enabled tells the
 * cpu loop whether to call them at all.
 */
#ifndef XRUN_LINUX_USER_GDBSTUB_USER_H
#define XRUN_LINUX_USER_GDBSTUB_USER_H

#include <stdbool.h>

#include "linux-user/user.h"
#include "xrun/gdbstub.h"

extern bool gdb_user_enabled;

/* Starts the stub on port with cpu (the main thread, not yet run) stopped,
 * and waits for gdb to connect. Returns 0, or -1 after one error line. */
int gdb_user_start(int port, const GdbArch *arch, CPUState *cpu);

/* Around every cpu_exec(): the first blocks while gdb keeps this thread
 * stopped and sets cpu->singlestep for a step. */
void gdb_user_exec_start(CPUState *cpu);
void gdb_user_exec_end(CPUState *cpu);

/* The thread stops with Linux signal sig (SIGTRAP for a breakpoint or a
 * finished step) and waits for gdb. Returns the signal to deliver to the
 * guest: sig or another one (gdb's C/S), or 0 to drop it (c/s). */
int gdb_user_report(CPUState *cpu, int sig);
/* The same for a breakpoint hit at guest pc: if gdb has removed that
 * breakpoint before it hears of the hit, the hit is dropped (returns 0). */
int gdb_user_report_breakpoint(CPUState *cpu, uint64_t pc);
/* The same for a finished single step: if gdb hears of another thread's
 * stop first, the step is simply done (returns 0). */
int gdb_user_report_step(CPUState *cpu);

/* Before a cpu loop delivers signals under gdb: a queued fault signal
 * (sync) or the host signals queued for this thread that the guest does
 * not block (async) are stops first; gdb's answer replaces or drops each. */
void gdb_user_sync_signal(CPUState *cpu);
void gdb_user_async_signals(CPUState *cpu);

/* The guest process exits with status, or is killed by Linux signal sig:
 * tells gdb. */
void gdb_user_exit(int status);
void gdb_user_killed(int sig);

#endif
