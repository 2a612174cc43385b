/*
 * The MMU of the AArch32 system-mode cpu (mmu.c): installs the page-table
 * walk (ptw.c over the CP15 state) that tlb_fill uses once SCTLR.M is set.
 */
#ifndef XRUN_ARM_MMU_H
#define XRUN_ARM_MMU_H

/* Once, before a system-mode cpu runs. */
void arm_mmu_init(void);

#endif
