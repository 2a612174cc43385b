/*
 * The parts of the KVM accelerator that need no /dev/kvm, kept apart so
 * that unit tests drive them with synthetic records: the exit dispatcher
 * (what a KVM_RUN return asks of the emulator) and the CPUID a vCPU gets.
 */
#ifndef XRUN_SYSTEM_ACCEL_KVM_INT_H
#define XRUN_SYSTEM_ACCEL_KVM_INT_H

#include <linux/kvm.h>
#include <stddef.h>

/* What the vCPU loop does after an exit. */
enum {
    KVM_ACT_RESUME, /* handled: run on */
    KVM_ACT_STOP,   /* a shutdown was requested (the reason is set) */
    KVM_ACT_FATAL,  /* the vCPU cannot go on: msg says why, registers follow */
};

/* Handles the exit described by run: port I/O (system/ioport.h) and MMIO
 * (system/memory.h) are carried out, with reads written back into run for
 * the next KVM_RUN to complete; guest power events request a shutdown
 * (system/cpus.h). Writes a one-line description of an exit that stops
 * the vCPU into msg. */
int kvm_handle_exit(struct kvm_run *run, int cpu_index, char *msg, size_t msglen);

/* Adapts the host's supported CPUID (n entries) for vCPU index of ncpus:
 * its APIC ids (leaf 1 EBX, the x2APIC topology leaves 0xb and 0x1f, AMD's
 * 0x8000001e), the logical processor count, and the hypervisor bit. */
void kvm_cpuid_adapt(struct kvm_cpuid_entry2 *e, unsigned n, unsigned index, unsigned ncpus);

/* Prints the registers of an x86 vCPU (from KVM_GET_REGS/SREGS) as lines
 * of text into buf. */
void kvm_format_regs(const struct kvm_regs *r, const struct kvm_sregs *s, char *buf, size_t len);

#endif
