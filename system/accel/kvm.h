/*
 * The KVM accelerator's x86 vCPUs, as an x86 board makes them:
 *
 *     CPUState *cpu = kvm_vcpu_new(i, ncpus, err, sizeof err);
 *     kvm_vcpu_set_boot_state(cpu, &st, err, sizeof err);   // vCPU 0 only
 *     vcpu_register(cpu, true);
 *
 * vCPU 0 starts at the kernel's 64-bit entry; the others wait in the
 * in-kernel local APIC for the guest's INIT/SIPI, as on a PC.
 */
#ifndef XRUN_SYSTEM_ACCEL_KVM_H
#define XRUN_SYSTEM_ACCEL_KVM_H

#include <stddef.h>

#include "system/boot/x86_boot.h"
#include "xrun/cpu.h"

#define KVM_MAX_VCPUS 64

/* Creates vCPU index (of ncpus) with the host's CPUID adapted to it, an
 * initialized FPU and MSRs. NULL with err on failure. */
CPUState *kvm_vcpu_new(int index, int ncpus, char *err, size_t errlen);
/* Puts the vCPU in the state the 64-bit boot protocol enters the kernel in. */
int kvm_vcpu_set_boot_state(CPUState *cpu, const X86BootState *st, char *err, size_t errlen);

#endif
