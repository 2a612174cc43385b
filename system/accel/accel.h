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
 *     ...board init: RAM, devices, a->vcpu_new(i) or softmmu_cpu_new...
 *     a->machine_ready(err, sizeof err);    // KVM maps the RAM regions
 *     vcpus_start();                        // each thread loops on a->vcpu_run(cpu)
 *
 * TCG's vCPUs are made by the board (they are guest-specific CPUs); KVM
 * makes its own. An accelerator whose guest interrupt controller lives in
 * it (KVM's in-kernel IOAPIC) hands out its input lines with irq_line.
 */
#ifndef XRUN_SYSTEM_ACCEL_H
#define XRUN_SYSTEM_ACCEL_H

#include <stdbool.h>
#include <stddef.h>

#include "system/irq.h"
#include "system/options.h"
#include "xrun/cpu.h"

typedef struct Accel {
    const char *name;
    /* Prepares the accelerator before the board builds the machine.
     * Returns 0, or -1 with a one-line message in err. */
    int (*init)(const MachineOpts *o, char *err, size_t errlen);
    /* The board has built its memory map: RAM becomes guest memory. */
    int (*machine_ready)(char *err, size_t errlen);
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
