/*
 * vCPU threads and the machine's run state in system mode.
 *
 * Each vCPU runs in its own host thread: it runs guest code through the
 * accelerator (system/accel/accel.h: with TCG it takes pending interrupts
 * at TB boundaries, runs translated code and hands guest exceptions to the
 * guest's hooks; with KVM the host CPU runs it), and sleeps while halted
 * (WFI) or powered off until cpu_interrupt or vcpu_power_on wakes it. The
 * main thread starts everything and waits for a shutdown request:
 *
 *     vcpus_start();                         // cpu 0 runs, the others wait for power-on
 *     int reason = sys_wait_shutdown();      // SHUTDOWN_POWEROFF, ...
 *     vcpus_stop();
 */
#ifndef XRUN_SYSTEM_CPUS_H
#define XRUN_SYSTEM_CPUS_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/cpu.h"

enum {
    SHUTDOWN_NONE = 0,
    SHUTDOWN_POWEROFF, /* the guest powered the machine off */
    SHUTDOWN_RESET,    /* the guest asked for a reset */
    SHUTDOWN_QUIT,     /* the user quit (Ctrl-A x, a signal) */
    SHUTDOWN_ERROR,    /* an unrecoverable emulation error */
};

/* Registers a vCPU (made by softmmu_cpu_new); powered_on says whether it
 * starts running or waits for vcpu_power_on. */
void vcpu_register(CPUState *cpu, bool powered_on);
/* Starts the threads of every registered vCPU. */
void vcpus_start(void);
/* Stops every vCPU thread and waits for them. */
void vcpus_stop(void);
/* Powers a vCPU on or off (PSCI CPU_ON/CPU_OFF). on_start runs in the
 * vCPU's own thread before it runs guest code (sets its entry state). */
void vcpu_power_on(CPUState *cpu, void (*on_start)(CPUState *cpu, void *opaque), void *opaque);
void vcpu_power_off(CPUState *cpu);
bool vcpu_is_on(const CPUState *cpu);
/* The number of registered vCPUs, and vCPU i (0-based) or NULL. */
int vcpus_count(void);
CPUState *vcpu_get(int i);

/* -- Debugger control (system/gdbstub_sys.c) --
 *
 * A held vCPU runs no guest code: it sleeps as a halted one does, keeping
 * its halted and power state, until released. */

/* Holds (or releases) one vCPU; holding also kicks it out of generated
 * code. Any thread. */
void vcpu_set_held(CPUState *cpu, bool held);
/* Pauses the machine: holds every vCPU and waits until none is running
 * guest code (or the machine is stopping). Not from a vCPU thread. */
void vcpus_pause(void);
/* Resumes it: releases every vCPU's hold. */
void vcpus_resume(void);
/* Called on the vCPU's thread when it stopped for the debugger: before a
 * breakpoint's insn (step false), or after the one insn of a single step
 * (step true; the insn may have raised an exception or halted). NULL: no
 * debugger, the vCPU goes on. */
extern void (*vcpu_debug_hook)(CPUState *cpu, bool step);

/* Asks the main thread to end the run (any thread). The first request wins. */
void sys_request_shutdown(int reason);
/* Blocks until a shutdown is requested; returns its reason. */
int sys_wait_shutdown(void);
/* The reason requested so far, or SHUTDOWN_NONE. */
int sys_shutdown_reason(void);

#endif
