/*
 * What the system-mode cpu suites share: counting fakes of the softmmu and
 * interrupt-line calls (the frontend calls them through weak references),
 * a cpu reset to a model, and taking an exception on it.
 */
#ifndef XRUN_TESTS_ARM_SYS_FAKES_H
#define XRUN_TESTS_ARM_SYS_FAKES_H

#include <string.h>

#include "frontends/arm/cpu.h"
#include "xrun/softmmu.h"

/* -- Fakes of the softmmu -- */

static int n_flush, n_flush_page, n_flush_all, n_flush_page_all, n_set_page;
static uint64_t last_flush_va, last_set_va, last_set_pa, last_set_size;
static int last_set_prot;

static int n_flush_class;
static uint32_t last_flush_class;

void tlb_flush(CPUState *cpu) { n_flush++; }
void tlb_flush_by_class(CPUState *cpu, uint32_t mask)
{
    n_flush_class++;
    last_flush_class = mask;
}
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask) { cpu->interrupt_request &= ~mask; }
void cpu_interrupt(CPUState *cpu, uint32_t mask) { cpu->interrupt_request |= mask; }
void tlb_flush_page(CPUState *cpu, uint64_t va) { n_flush_page++; last_flush_va = va; }
void tlb_flush_all_cpus(CPUState *cpu) { n_flush_all++; }
void tlb_flush_page_all_cpus(CPUState *cpu, uint64_t va) { n_flush_page_all++; last_flush_va = va; }
void tlb_set_page(CPUState *cpu, uint64_t va, uint64_t pa, int prot, int mmu_idx, uint64_t size)
{
    n_set_page++;
    last_set_va = va;
    last_set_pa = pa;
    last_set_prot = prot;
    last_set_size = size;
}

static CPUARMState *new_cpu(const char *model, int index)
{
    static CPUARMState envs[4];
    static unsigned next;
    CPUARMState *env = &envs[next++ % 4];
    memset(env, 0, sizeof(*env));
    arm_sys_cpu_reset(env, arm_sys_model_find(model), index);
    return env;
}

/* Takes exception excp as the exec loop would. */
static void raise_excp(CPUARMState *env, int excp)
{
    env->common.exception_index = excp;
    arm_do_interrupt(&env->common);
}

#endif
