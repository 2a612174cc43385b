/*
 * The softmmu and interrupt-line calls of system mode, as the AArch32
 * frontend sees them.
 *
 * The frontend is one build for both modes and lives in libxrun.a, which
 * the user-mode executable links without the softmmu. These calls are only
 * made when CPUARMState.sysmode is set, so they are weak references: in
 * user mode they resolve to nothing and are never reached; in system mode
 * the softmmu (or a test's fake) defines them.
 */
#ifndef XRUN_ARM_SOFTMMU_WEAK_H
#define XRUN_ARM_SOFTMMU_WEAK_H

#include "xrun/softmmu.h"

#pragma weak tlb_set_page
#pragma weak tlb_flush
#pragma weak tlb_flush_by_class
#pragma weak tlb_flush_page
#pragma weak tlb_flush_all_cpus
#pragma weak tlb_flush_page_all_cpus
#pragma weak cpu_reset_interrupt
#pragma weak cpu_interrupt

#endif
