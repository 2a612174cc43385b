/*
 * The TCG accelerator: a vCPU runs translated code (tcg/exec.c) with the
 * softmmu, and takes its interrupts and exceptions between TBs through
 * the guest's hooks (exec_interrupt, do_interrupt).
 */
#include <stdio.h>
#include <string.h>

#include "system/accel/accel.h"
#include "system/cpus.h"
#include "system/softmmu.h"
#include "xrun/softmmu.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

const Accel *accel = &accel_tcg;
bool accel_log;

const Accel *accel_find(const char *name)
{
    static const Accel *const all[] = {&accel_tcg, &accel_kvm};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (!strcmp(all[i]->name, name))
            return all[i];
    return NULL;
}

static int tcg_init(const MachineOpts *o, char *err, size_t errlen)
{
    return 0;
}

static CPUState *tcg_vcpu_create(const AccelVcpuSpec *spec, char *err, size_t errlen)
{
    if (!spec->arch) {
        snprintf(err, errlen, "-accel tcg: this machine's CPU cannot be translated yet; use -accel kvm");
        return NULL;
    }
    CPUState *cpu = softmmu_cpu_new(spec->arch);
    xr_assert(cpu->cpu_index == spec->index);
    return cpu;
}

static void tcg_vcpu_reset(CPUState *cpu)
{
    cpu->arch->cpu_reset(cpu);
}

/* The softmmu reads the memory map as it is; a region added needs nothing. */
static int tcg_region_add(const MemRegion *r, char *err, size_t errlen)
{
    return 0;
}

/* The vCPUs are held: their TLB entries and the code translated from the
 * region's pages go, so nothing reaches its memory again. */
static void tcg_region_del(const MemRegion *r)
{
    for (int i = 0; i < softmmu_nb_cpus(); i++)
        tlb_flush(softmmu_cpu(i));
    tb_invalidate_range(r->base, r->base + r->size, 0);
}

static void tcg_take_interrupts(CPUState *cpu)
{
    uint32_t req = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_ACQUIRE);
    if (req & CPU_INTERRUPT_TLB_FLUSH) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_TLB_FLUSH);
        tlb_flush(cpu);
        req &= ~(uint32_t)CPU_INTERRUPT_TLB_FLUSH;
    }
    if (req && !cpu->singlestep) /* a debugger's step leaves them pending */
        cpu->arch->exec_interrupt(cpu, req);
}

static void tcg_vcpu_run(CPUState *cpu)
{
    tcg_take_interrupts(cpu);
    int excp = cpu_exec(cpu);
    switch (excp) {
    case EXCP_INTERRUPT:
        break; /* interrupts and stop requests are looked at by the caller */
    case EXCP_HALTED:
        cpu->halted = true;
        break;
    case EXCP_DEBUG:
        /* A breakpoint (before its insn) or one stepped insn. */
        if (vcpu_debug_hook)
            vcpu_debug_hook(cpu, cpu->singlestep);
        return;
    default:
        cpu->exception_index = excp;
        cpu->arch->do_interrupt(cpu);
        cpu->exception_index = EXCP_NONE;
        break;
    }
    /* A stepped insn that raised an exception or halted (svc, an abort,
     * wfi) is a finished step too, stopping where it led. */
    if (XR_UNLIKELY(cpu->singlestep) && excp != EXCP_INTERRUPT && vcpu_debug_hook)
        vcpu_debug_hook(cpu, true);
}

static void tcg_vcpu_kick(CPUState *cpu)
{
    cpu_exit(cpu);
}

static IrqLine tcg_irq_line(int gsi, bool level)
{
    return (IrqLine){0};
}

static void tcg_fini(void)
{
}

const Accel accel_tcg = {
    .name = "tcg",
    .init = tcg_init,
    .vcpu_create = tcg_vcpu_create,
    .vcpu_reset = tcg_vcpu_reset,
    .mem = {tcg_region_add, tcg_region_del},
    .vcpu_run = tcg_vcpu_run,
    .vcpu_kick = tcg_vcpu_kick,
    .irq_line = tcg_irq_line,
    .fini = tcg_fini,
};
