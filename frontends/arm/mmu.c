/*
 * The MMU of the AArch32 system-mode cpu: the page-table walk that
 * tlb_fill uses once SCTLR.M is set, built from the CP15 state and the
 * walkers of ptw.c, reading translation tables from guest physical memory.
 *
 *     arm_mmu_init();      // once, before a system-mode cpu runs
 *
 * The walk runs for one MMU index (PL0 or PL1) and one access; the result
 * is the rights at that privilege, which the TLB caches per index.
 */
#include <stdio.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/mmu.h"
#include "frontends/arm/ptw.h"
#include "frontends/arm/softmmu-weak.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/util.h"

#pragma weak softmmu_phys_read

static bool arm_mmu_read_phys(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    return softmmu_phys_read(pa, size, val);
}

static bool arm_mmu_walk(CPUARMState *env, uint32_t va, int access, int mmu_idx, uint64_t *pa, int *prot,
                         uint64_t *page_size, uint32_t *fsr)
{
    const ArmCP15 *c = &env->cp15;
    bool lpae = c->ttbcr & ARM_TTBCR_EAE;
    ArmPtwRegs r = {
        .sctlr = c->sctlr,
        .ttbcr = c->ttbcr,
        .ttbr0 = lpae ? c->ttbr0 : (uint32_t)c->ttbr0,
        .ttbr1 = lpae ? c->ttbr1 : (uint32_t)c->ttbr1,
        .dacr = c->dacr,
        .contextidr = c->contextidr,
        .prrr_mair0 = c->prrr,
        .nmrr_mair1 = c->nmrr,
        .read = arm_mmu_read_phys,
    };
    ArmPtwAccess a = access == MMU_DATA_STORE ? ARM_PTW_WRITE : access == MMU_INST_FETCH ? ARM_PTW_FETCH : ARM_PTW_READ;
    ArmPtwResult res;
    ArmPtwFault f;
    if (!arm_ptw_translate(&r, va, a, mmu_idx == ARM_MMU_IDX_PL1, &res, &f)) {
        *fsr = f.fsr;
        if (XR_UNLIKELY(codegen_log_mask & CODEGEN_LOG_MMU))
            fprintf(xrun_log_file ? xrun_log_file : stderr, "mmu: cpu %d: %s %#x at PL%d: fault, fsr %#x\n",
                    env->common.cpu_index, access == MMU_DATA_STORE ? "write" : access == MMU_INST_FETCH ? "fetch" : "read",
                    va, mmu_idx == ARM_MMU_IDX_PL1 ? 1 : 0, f.fsr);
        return false;
    }
    if (XR_UNLIKELY(codegen_log_mask & CODEGEN_LOG_MMU))
        fprintf(xrun_log_file ? xrun_log_file : stderr, "mmu: cpu %d: %s %#x at PL%d -> %#llx, %u-byte page, prot %c%c%c\n",
                env->common.cpu_index, access == MMU_DATA_STORE ? "write" : access == MMU_INST_FETCH ? "fetch" : "read",
                va, mmu_idx == ARM_MMU_IDX_PL1 ? 1 : 0, (unsigned long long)res.pa, res.page_size,
                res.prot & ARM_PTW_PROT_R ? 'r' : '-', res.prot & ARM_PTW_PROT_W ? 'w' : '-',
                res.prot & ARM_PTW_PROT_X ? 'x' : '-');
    *pa = res.pa;
    *prot = (res.prot & ARM_PTW_PROT_R ? PAGE_READ : 0) | (res.prot & ARM_PTW_PROT_W ? PAGE_WRITE : 0) |
            (res.prot & ARM_PTW_PROT_X ? PAGE_EXEC : 0);
    /* Short descriptors: the entry's domain, so a DACR write drops just
     * the entries of the domains it restricts (arm_dacr_write). */
    if (!lpae)
        *prot |= (1 << res.domain) << PAGE_CLASS_SHIFT;
    *page_size = res.page_size;
    return true;
}

void arm_mmu_init(void)
{
    arm_walk_hook = arm_mmu_walk;
}
