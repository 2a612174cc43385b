/*
 * The KVM accelerator's x86 vCPUs, as an x86 board makes them:
 *
 *     CPUState *cpu = accel->vcpu_create(&(AccelVcpuSpec){i, ncpus, NULL}, err, sizeof err);
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

/* Puts the vCPU in the state the 64-bit boot protocol enters the kernel in. */
int kvm_vcpu_set_boot_state(CPUState *cpu, const X86BootState *st, char *err, size_t errlen);

#endif
