/*
 * ARM Generic Interrupt Controller v2 as qemu's virt board has it (a
 * GIC-400's ID registers): distributor and CPU interface with Group 0 and
 * Group 1, no Security Extensions, no virtualization extensions.
 *
 * Interrupt IDs: 0-15 SGIs and 16-31 PPIs, banked per CPU; 32 and up SPIs,
 * shared. The board wires it:
 *
 *     Gic *gic = gic_new(ncpu, 32 + 256);
 *     mem_add_io(0x08000000, GIC_DIST_SIZE, &gic_dist_ops, gic, "gic-dist");
 *     mem_add_io(0x08010000, GIC_CPU_SIZE, &gic_cpu_ops, gic, "gic-cpu");
 *     for (int i = 0; i < ncpu; i++)
 *         gic_connect_cpu(gic, i, cpu_irq_line(i), cpu_fiq_line(i));
 *     IrqLine uart = gic_input(gic, 32 + 1);      // SPI 1
 *     IrqLine vtimer = gic_ppi(gic, 0, 11);       // PPI 11 (ID 27) of CPU 0
 *
 * Register accesses are banked by mem_current_cpu(). Everything runs under
 * the device lock (system/event.h), inputs included.
 */
#ifndef XRUN_SYSTEM_HW_GIC_H
#define XRUN_SYSTEM_HW_GIC_H

#include "system/irq.h"
#include "system/memory.h"

#define GIC_MAX_CPUS 8
#define GIC_NR_INTERNAL 32     /* SGIs and PPIs */
#define GIC_MAX_IRQS 1020      /* IDs 1020-1023 are special */
#define GIC_SPURIOUS 1023

#define GIC_DIST_SIZE 0x1000
#define GIC_CPU_SIZE 0x2000    /* GICC_DIR sits at 0x1000 */

typedef struct Gic Gic;

/* A GIC for num_cpu CPUs (1-8) and num_irq interrupt IDs, SGIs and PPIs
 * included (a multiple of 32, 64 to 1024; IDs 1020 and up are never used).
 * NULL, with a message, for other values. */
Gic *gic_new(int num_cpu, int num_irq);
void gic_free(Gic *gic);
/* Back to the reset state (lines stay connected and are driven low). */
void gic_reset(Gic *gic);

/* The IRQ and FIQ outputs to CPU cpu. The GIC drives them whenever their
 * level changes (FIQ only for Group 0 with GICC_CTLR.FIQEn set). */
void gic_connect_cpu(Gic *gic, int cpu, IrqLine irq, IrqLine fiq);

/* The input line of SPI with interrupt ID irq (32 to num_irq - 1). */
IrqLine gic_input(Gic *gic, int irq);
/* The input line of a PPI of CPU cpu: ppi is the PPI number of the device
 * tree (0-15) or its interrupt ID (16-31); both name the same input. */
IrqLine gic_ppi(Gic *gic, int cpu, int ppi);

/* MMIO callbacks; opaque is the Gic. */
extern const MemOps gic_dist_ops;
extern const MemOps gic_cpu_ops;

#endif
