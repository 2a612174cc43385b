/*
 * Accelerators: what runs a vCPU's guest code in system mode.
 *
 * TCG translates it (tcg/, the softmmu); KVM has the host CPU run it
 * (/dev/kvm). Boards build the same machine for either: memory
 * (system/memory.h), devices and interrupt lines, vCPUs registered with
 * system/cpus.h. The vCPU threads of system/cpus.c then call the chosen
 * accelerator:
 *
 *     const Accel *a = accel_find(o->accel ? o->accel : target_default);
 *     a->init(o, err, sizeof err);          // e.g. open /dev/kvm, make the VM
 *     accel = a;
 *     ...board init: RAM, devices, and each vCPU:
 *         cpu = a->vcpu_create(&(AccelVcpuSpec){i, n, &arm_guest_arch}, err, sizeof err);
 *     mem_listen(&a->mem, err, sizeof err); // KVM: a memory slot per RAM region
 *     vcpus_start();                        // each thread loops on a->vcpu_run(cpu)
 *
 * Memory regions added or removed later reach the accelerator through the
 * same listener (system/memory.h). Pausing and resuming the machine is
 * system/cpus.c's (vcpus_pause: each vCPU kicked out with vcpu_kick and
 * parked). An accelerator whose guest interrupt controller lives in it
 * (KVM's in-kernel IOAPIC) hands out its input lines with irq_line.
 */
#ifndef XRUN_SYSTEM_ACCEL_H
#define XRUN_SYSTEM_ACCEL_H

#include <stdbool.h>
#include <stddef.h>

#include "system/irq.h"
#include "system/memory.h"
#include "system/options.h"
#include "xrun/cpu.h"

struct GuestArch;

/* What a board asks of a vCPU. */
typedef struct AccelVcpuSpec {
    int index, ncpus;
    /* The guest frontend TCG translates with; NULL when the board has none
     * (its CPU runs under KVM only). */
    const struct GuestArch *arch;
} AccelVcpuSpec;

typedef struct Accel {
    const char *name;
    /* Prepares the accelerator before the board builds the machine.
     * Returns 0, or -1 with a one-line message in err. */
    int (*init)(const MachineOpts *o, char *err, size_t errlen);
    /* Makes vCPU spec->index in its power-on state; the board then sets
     * its entry state and registers it (vcpu_register). NULL with err. */
    CPUState *(*vcpu_create)(const AccelVcpuSpec *spec, char *err, size_t errlen);
    /* Puts cpu back in its power-on state (the state vcpu_create gives);
     * from the vCPU's thread, or while it is parked. */
    void (*vcpu_reset)(CPUState *cpu);
    /* RAM and ROM regions becoming and ceasing to be guest memory. */
    MemListener mem;
    /* Runs cpu until its thread must look at it: an exception taken, a
     * halt, an interrupt to take, a kick (vcpu_kick), a shutdown request.
     * Called from the vCPU's own thread, in a loop (system/cpus.c). */
    void (*vcpu_run)(CPUState *cpu);
    /* Makes cpu return from vcpu_run soon; any thread. */
    void (*vcpu_kick)(CPUState *cpu);
    /* Input gsi of the accelerator's interrupt controller, NULL handler
     * when it has none (TCG: the board's own controller model). level:
     * the line is level-triggered (the guest acknowledges the device, then
     * ends the interrupt), which lets KVM take it without an ioctl. */
    IrqLine (*irq_line)(int gsi, bool level);
    /* Releases what init and the vCPUs hold; the vCPU threads have ended. */
    void (*fini)(void);
} Accel;

extern const Accel accel_tcg;
extern const Accel accel_kvm;

/* -d accel: the accelerator logs what it does at start (KVM: the CPU time
 * from exec to the first KVM_RUN, as Firecracker measures start-up). */
extern bool accel_log;

/* The accelerator the machine runs on (accel_tcg until main picks one). */
extern const Accel *accel;

/* The accelerator named (tcg, kvm), or NULL. */
const Accel *accel_find(const char *name);

#endif
