/*
 * System mode's side of the softmmu (system/softmmu.c): vCPU allocation
 * with the TLB at the offset generated code expects, and the set-up that
 * switches the core to the softmmu memory model and to physical code
 * pages.
 *
 *     softmmu_init(&arm_guest_arch, ram_base + ram_size);
 *     CPUState *cpu = softmmu_cpu_new(&arm_guest_arch);
 */
#ifndef XRUN_SYSTEM_SOFTMMU_H
#define XRUN_SYSTEM_SOFTMMU_H

#include <stdint.h>

#include "xrun/softmmu.h"
#include "xrun/translator.h"

/* Selects the softmmu for every later translation; phys_end bounds the
 * physical addresses that can hold code (the end of RAM). */
void softmmu_init(const GuestArch *arch, uint64_t phys_end);
/* A zeroed vCPU of arch (env_size bytes of guest state, then its TLB),
 * numbered in creation order. */
CPUState *softmmu_cpu_new(const GuestArch *arch);
int softmmu_nb_cpus(void);
CPUState *softmmu_cpu(int index);

#endif
