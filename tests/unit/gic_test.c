/*
 * Unit tests of the GICv2 model (system/hw/gic.c), driven through its MMIO
 * callbacks and input lines as the guest and the board would: the
 * enable/pend/acknowledge/EOI cycle, priority masking and preemption,
 * targets, SGIs with their source, level and edge inputs, banked registers,
 * access sizes and offsets the GIC does not implement.
 *
 * mem_current_cpu() is defined here: it is the accessing vCPU, set by each
 * helper before it calls a callback.
 */
#include <criterion/criterion.h>

#include "system/hw/dev_log.h"
#include "system/hw/gic.h"
#include "tests/unit/mmio_fuzz.h"

static int current_cpu;
int mem_current_cpu(void) { return current_cpu; }
void mem_set_current_cpu(int index) { current_cpu = index; }

static Gic *gic;
static int irq_level[GIC_MAX_CPUS];
static int fiq_level[GIC_MAX_CPUS];

static void cpu_irq(void *opaque, int n, int level) { irq_level[n] = level; }
static void cpu_fiq(void *opaque, int n, int level) { fiq_level[n] = level; }

static uint32_t dr(int cpu, unsigned off)
{
    current_cpu = cpu;
    return gic_dist_ops.read(gic, off, 4);
}
static void dw(int cpu, unsigned off, uint32_t v)
{
    current_cpu = cpu;
    gic_dist_ops.write(gic, off, v, 4);
}
static uint32_t cr(int cpu, unsigned off)
{
    current_cpu = cpu;
    return gic_cpu_ops.read(gic, off, 4);
}
static void cw(int cpu, unsigned off, uint32_t v)
{
    current_cpu = cpu;
    gic_cpu_ops.write(gic, off, v, 4);
}
static void set_prio(int cpu, int irq, uint8_t prio)
{
    current_cpu = cpu;
    gic_dist_ops.write(gic, 0x400 + irq, prio, 1);
}
static void set_target(int irq, uint8_t mask)
{
    current_cpu = 0;
    gic_dist_ops.write(gic, 0x800 + irq, mask, 1);
}
static void enable_irq(int cpu, int irq) { dw(cpu, 0x100 + irq / 32 * 4, 1u << (irq % 32)); }
static bool is_active(int cpu, int irq) { return dr(cpu, 0x300 + irq / 32 * 4) >> (irq % 32) & 1; }
static bool is_pending(int cpu, int irq) { return dr(cpu, 0x200 + irq / 32 * 4) >> (irq % 32) & 1; }
static void set_edge(int irq) { dw(0, 0xc00 + irq / 16 * 4, dr(0, 0xc00 + irq / 16 * 4) | 2u << (irq % 16 * 2)); }

/* Two CPUs, 288 IDs (qemu's virt: 256 SPIs + 32), both interfaces on with
 * no priority mask. */
static void setup(void)
{
    gic = gic_new(2, 288);
    cr_assert_not_null(gic);
    for (int i = 0; i < 2; i++)
        gic_connect_cpu(gic, i, (IrqLine){ cpu_irq, NULL, i }, (IrqLine){ cpu_fiq, NULL, i });
    dw(0, 0x000, 1);
    for (int i = 0; i < 2; i++) {
        cw(i, 0x00, 1);
        cw(i, 0x04, 0xff);
    }
}

static void teardown(void)
{
    gic_free(gic);
}

/* An enabled level-sensitive SPI of priority prio targeted at cpu 0. */
static IrqLine spi(int irq, uint8_t prio)
{
    set_prio(0, irq, prio);
    set_target(irq, 1);
    enable_irq(0, irq);
    return gic_input(gic, irq);
}

TestSuite(gic, .init = setup, .fini = teardown);

Test(gic, identification_registers)
{
    cr_assert_eq(dr(0, 0x004), 8 | 1 << 5, "TYPER: ITLinesNumber 8 (288 IDs), 2 CPUs: 0x%x", dr(0, 0x004));
    cr_assert_eq(dr(0, 0x008), 0x43b, "GICD_IIDR as qemu's virt GIC");
    cr_assert_eq(cr(0, 0xfc), 0x2043b, "GICC_IIDR: architecture version 2");
    cr_assert_eq(dr(0, 0xfe0), 0x90);
    cr_assert_eq(dr(0, 0xfe4), 0xb4);
    cr_assert_eq(dr(0, 0xfe8), 0x2b, "PIDR2: GICv2");
    cr_assert_eq(dr(0, 0xfd0), 0x04);
    cr_assert_eq(dr(0, 0xff0), 0x0d);
    cr_assert_eq(dr(0, 0xff4), 0xf0);
    cr_assert_eq(dr(0, 0xff8), 0x05);
    cr_assert_eq(dr(0, 0xffc), 0xb1);
}

Test(gic, enable_pend_acknowledge_eoi_cycle)
{
    IrqLine l = spi(40, 0x80);
    cr_assert_eq(irq_level[0], 0);
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 1, "a pending enabled SPI raises IRQ");
    cr_assert_eq(irq_level[1], 0, "not targeted at CPU 1");
    cr_assert(is_pending(0, 40));
    cr_assert_eq(cr(0, 0x18), 40, "HPPIR");
    cr_assert_eq(cr(0, 0x0c), 40, "IAR");
    cr_assert_eq(irq_level[0], 0, "active: no longer signalled");
    cr_assert(is_active(0, 40));
    cr_assert_eq(cr(0, 0x14), 0x80, "RPR is the active priority");
    irq_lower(&l);
    cr_assert_not(is_pending(0, 40));
    cw(0, 0x10, 40);
    cr_assert_not(is_active(0, 40));
    cr_assert_eq(cr(0, 0x14), 0xff, "idle RPR");
    cr_assert_eq(cr(0, 0x0c), 1023);
    cr_assert_eq(fiq_level[0], 0, "FIQ never raised");
}

Test(gic, disabled_interrupt_or_interface_is_not_signalled)
{
    IrqLine l = spi(50, 0x10);
    dw(0, 0x180 + 4, 1u << (50 - 32));   /* ICENABLER1 */
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 0);
    cr_assert(is_pending(0, 50), "still pending while disabled");
    cr_assert_eq(dr(0, 0x100 + 4) >> 18 & 1, 0);
    enable_irq(0, 50);
    cr_assert_eq(irq_level[0], 1);
    cw(0, 0x00, 0);
    cr_assert_eq(irq_level[0], 0, "CPU interface off");
    cr_assert_eq(cr(0, 0x0c), 1023);
    cw(0, 0x00, 1);
    dw(0, 0x000, 0);
    cr_assert_eq(irq_level[0], 0, "distributor off");
    cr_assert_eq(cr(0, 0x0c), 1023);
}

Test(gic, level_input_stays_pending_while_high)
{
    IrqLine l = spi(33, 0x40);
    irq_raise(&l);
    cr_assert_eq(cr(0, 0x0c), 33);
    cr_assert(is_pending(0, 33), "active and pending while the line is high");
    dw(0, 0x280 + 4, 1u << 1);   /* ICPENDR cannot clear a high level */
    cr_assert(is_pending(0, 33));
    cw(0, 0x10, 33);
    cr_assert_eq(irq_level[0], 1, "signalled again after EOI");
    cr_assert_eq(cr(0, 0x0c), 33);
    irq_lower(&l);
    cw(0, 0x10, 33);
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(cr(0, 0x0c), 1023);
}

Test(gic, edge_input_latches_rising_edges)
{
    IrqLine l = spi(34, 0x40);
    set_edge(34);
    cr_assert_eq(dr(0, 0xc08) >> 4 & 3, 2, "ICFGR2 field of ID 34 reads edge");
    irq_raise(&l);
    irq_lower(&l);
    cr_assert(is_pending(0, 34), "the edge stays latched after the line falls");
    cr_assert_eq(cr(0, 0x0c), 34);
    cr_assert_not(is_pending(0, 34));
    irq_raise(&l);   /* a second edge while active */
    cr_assert(is_pending(0, 34));
    cr_assert_eq(irq_level[0], 0, "active and pending is not signalled");
    irq_raise(&l);   /* still high: not an edge */
    cw(0, 0x10, 34);
    cr_assert_eq(cr(0, 0x0c), 34);
    cw(0, 0x10, 34);
    cr_assert_eq(cr(0, 0x0c), 1023, "one edge, one interrupt");
    /* Software pending, software clear. */
    dw(0, 0x204, 1u << 2);
    cr_assert(is_pending(0, 34));
    dw(0, 0x284, 1u << 2);
    cr_assert_not(is_pending(0, 34));
}

Test(gic, priority_mask_must_be_beaten)
{
    IrqLine l = spi(35, 0x80);
    cw(0, 0x04, 0x80);
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 0, "priority equal to PMR is masked");
    cr_assert_eq(cr(0, 0x0c), 1023);
    cr_assert_eq(cr(0, 0x18), 35, "HPPIR ignores the mask");
    cw(0, 0x04, 0x81);
    cr_assert_eq(irq_level[0], 1);
    cw(0, 0x04, 0);
    cr_assert_eq(irq_level[0], 0, "PMR 0 masks everything");
}

Test(gic, preemption_by_running_priority)
{
    IrqLine a = spi(40, 0x80), b = spi(41, 0x80), c = spi(42, 0x40);
    irq_raise(&a);
    cr_assert_eq(cr(0, 0x0c), 40);
    irq_raise(&b);
    cr_assert_eq(irq_level[0], 0, "equal priority does not preempt");
    cr_assert_eq(cr(0, 0x0c), 1023);
    irq_raise(&c);
    cr_assert_eq(irq_level[0], 1, "higher priority preempts");
    cr_assert_eq(cr(0, 0x0c), 42);
    cr_assert_eq(cr(0, 0x14), 0x40);
    cr_assert_eq(cr(0, 0xd8), 1, "APR2 bit 0: priority 0x80 held");
    cr_assert_eq(cr(0, 0xd4), 1, "APR1 bit 0: priority 0x40 held");
    cr_assert_eq(cr(0, 0xd0), 0);
    cr_assert_eq(cr(0, 0xe4), 0, "NSAPR1: no Group 1");
    irq_lower(&c);
    cw(0, 0x10, 42);
    cr_assert_eq(cr(0, 0x14), 0x80, "back to the preempted priority");
    cr_assert_eq(irq_level[0], 0);
    irq_lower(&a);
    cw(0, 0x10, 40);
    cr_assert_eq(irq_level[0], 1);
    cr_assert_eq(cr(0, 0x0c), 41);
}

Test(gic, binary_point_limits_preemption)
{
    IrqLine a = spi(40, 0x80), b = spi(41, 0x78), c = spi(42, 0x68);
    cw(0, 0x08, 3);   /* group priority is bits [7:4] */
    cr_assert_eq(cr(0, 0x08), 3);
    irq_raise(&a);
    cr_assert_eq(cr(0, 0x0c), 40);
    cr_assert_eq(cr(0, 0x14), 0x80);
    irq_raise(&b);
    cr_assert_eq(irq_level[0], 1, "group 0x70 preempts group 0x80");
    cr_assert_eq(cr(0, 0x0c), 41);
    cr_assert_eq(cr(0, 0x14), 0x70, "RPR holds the group priority");
    irq_raise(&c);
    cr_assert_eq(irq_level[0], 1, "group 0x60 preempts group 0x70");
    cw(0, 0x10, 41);
    cw(0, 0x10, 40);
    cw(0, 0x08, 7);   /* no group bits: nothing preempts */
    cr_assert_eq(cr(0, 0x0c), 42);
    irq_lower(&a);
    irq_raise(&a);
    set_prio(0, 40, 0x00);
    cr_assert_eq(irq_level[0], 0, "binary point 7: no preemption at all");
}

Test(gic, highest_priority_then_lowest_id)
{
    IrqLine a = spi(60, 0x50), b = spi(45, 0x50), c = spi(70, 0x30);
    irq_raise(&a);
    irq_raise(&b);
    cr_assert_eq(cr(0, 0x18), 45, "same priority: lower ID");
    irq_raise(&c);
    cr_assert_eq(cr(0, 0x18), 70, "lower value wins");
    cr_assert_eq(cr(0, 0x0c), 70);
    irq_lower(&c);
    cw(0, 0x10, 70);
    cr_assert_eq(cr(0, 0x0c), 45);
}

Test(gic, spi_targets_select_the_cpu)
{
    IrqLine l = spi(36, 0x20);
    set_target(36, 2);
    cr_assert_eq(dr(0, 0x824) & 0xff, 2);
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(irq_level[1], 1);
    cr_assert_eq(cr(0, 0x0c), 1023);
    cr_assert_eq(cr(1, 0x0c), 36);
    cw(1, 0x10, 36);
    set_target(36, 0xff);
    cr_assert_eq(dr(0, 0x824) & 0xff, 3, "only implemented CPUs can be targets");
    cr_assert_eq(irq_level[0], 1);
    cr_assert_eq(irq_level[1], 1);
    cr_assert_eq(cr(1, 0x0c), 36, "first to acknowledge takes it");
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(cr(0, 0x0c), 1023);
}

Test(gic, banked_targets_read_the_accessing_cpu)
{
    cr_assert_eq(dr(0, 0x800), 0x01010101);
    cr_assert_eq(dr(1, 0x800), 0x02020202);
    cr_assert_eq(dr(1, 0x81c), 0x02020202);
    dw(1, 0x800, 0);
    cr_assert_eq(dr(1, 0x800), 0x02020202, "read-only");
}

Test(gic, sgi_carries_its_source_cpu)
{
    set_prio(0, 3, 0x10);
    dw(1, 0xf00, (1u << 16) | 3);   /* CPU 1 sends SGI 3 to CPU 0 */
    cr_assert_eq(irq_level[0], 1);
    cr_assert_eq(irq_level[1], 0);
    current_cpu = 0;
    cr_assert_eq(gic_dist_ops.read(gic, 0xf23, 1), 0x02, "SPENDSGIR: pending from CPU 1");
    cr_assert_eq(cr(0, 0x18), 3 | 1 << 10);
    cr_assert_eq(cr(0, 0x0c), 3 | 1 << 10);
    cw(0, 0x10, 3 | 1 << 10);
    cr_assert_eq(cr(0, 0x0c), 1023);
}

Test(gic, sgi_from_two_sources_is_taken_twice)
{
    dw(0, 0xf00, (1u << 16) | 5);
    dw(1, 0xf00, (1u << 16) | 5);
    cr_assert_eq(cr(0, 0x0c), 5 | 0 << 10);
    cr_assert(is_pending(0, 5), "the other source is still pending");
    cw(0, 0x10, 5);
    cr_assert_eq(cr(0, 0x0c), 5 | 1 << 10);
    cw(0, 0x10, 5);
    cr_assert_not(is_pending(0, 5));
}

Test(gic, sgi_target_filters)
{
    dw(0, 0xf00, (1u << 24) | 7);   /* all but self */
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(cr(1, 0x0c), 7);
    cw(1, 0x10, 7);
    dw(1, 0xf00, (2u << 24) | 8);   /* self */
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(cr(1, 0x0c), 8 | 1 << 10);
    cw(1, 0x10, 8);
    unsigned long errs = dev_guest_error_count;
    dw(0, 0xf00, (3u << 24) | 9);   /* reserved */
    cr_assert_eq(dev_guest_error_count, errs + 1);
    cr_assert_eq(irq_level[0] | irq_level[1], 0);
}

Test(gic, pending_sgi_set_and_cleared_by_source_byte)
{
    current_cpu = 1;
    gic_dist_ops.write(gic, 0xf2e, 0x03, 1);   /* SPENDSGIR: SGI 14 from CPUs 0 and 1 */
    cr_assert_eq(dr(1, 0xf2c) >> 16 & 0xff, 0x03);
    cr_assert_eq(dr(0, 0xf2c), 0, "banked: CPU 0 has none");
    current_cpu = 1;
    gic_dist_ops.write(gic, 0xf1e, 0x01, 1);   /* CPENDSGIR */
    uint32_t iar = cr(1, 0x0c);
    cr_assert_eq(iar, 14 | 1 << 10, "IAR 0x%x", iar);
    cw(1, 0x10, 14);
    cr_assert_eq(cr(1, 0x0c), 1023);
}

Test(gic, sgis_cannot_be_disabled_or_made_level)
{
    dw(0, 0x180, 0xffffffff);
    cr_assert_eq(dr(0, 0x100) & 0xffff, 0xffff, "SGI enables are RAO/WI");
    cr_assert_eq(dr(0, 0x100) >> 16, 0, "PPIs disabled");
    dw(0, 0xc00, 0);
    cr_assert_eq(dr(0, 0xc00), 0xaaaaaaaa, "SGIs edge-triggered, read-only");
}

Test(gic, banked_ppis_per_cpu)
{
    IrqLine t0 = gic_ppi(gic, 0, 11), t1 = gic_ppi(gic, 1, 27);
    enable_irq(0, 27);
    set_prio(0, 27, 0x20);
    set_prio(1, 27, 0x30);
    current_cpu = 0;
    cr_assert_eq(gic_dist_ops.read(gic, 0x400 + 27, 1), 0x20);
    current_cpu = 1;
    cr_assert_eq(gic_dist_ops.read(gic, 0x400 + 27, 1), 0x30);
    cr_assert_eq(dr(1, 0x100) >> 27 & 1, 0, "enable banked: off on CPU 1");
    irq_raise(&t1);
    cr_assert_eq(irq_level[1], 0, "CPU 1's PPI 27 is disabled");
    cr_assert_eq(irq_level[0], 0, "CPU 0's PPI 27 input is low");
    irq_raise(&t0);
    cr_assert_eq(irq_level[0], 1);
    enable_irq(1, 27);
    cr_assert_eq(irq_level[1], 1);
    cr_assert_eq(cr(1, 0x0c), 27);
    cr_assert_eq(cr(0, 0x0c), 27);
    cr_assert(is_active(0, 27));
    cr_assert(is_active(1, 27));
    cw(1, 0x10, 27);
    cr_assert(is_active(0, 27), "deactivating on CPU 1 leaves CPU 0's");
    cr_assert_not(is_active(1, 27));
}

Test(gic, eoimode_1_splits_drop_and_deactivate)
{
    IrqLine l = spi(37, 0x60);
    cw(0, 0x00, 1 | 1 << 9);
    cr_assert_eq(cr(0, 0x00), 1 | 1 << 9);
    irq_raise(&l);
    cr_assert_eq(cr(0, 0x0c), 37);
    irq_lower(&l);
    cw(0, 0x10, 37);
    cr_assert_eq(cr(0, 0x14), 0xff, "priority dropped");
    cr_assert(is_active(0, 37), "still active until DIR");
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 0, "active: not taken again");
    cw(0, 0x1000, 37);
    cr_assert_not(is_active(0, 37));
    cr_assert_eq(irq_level[0], 1);
}

Test(gic, dir_with_eoimode_0_is_ignored)
{
    IrqLine l = spi(38, 0x60);
    irq_raise(&l);
    cr_assert_eq(cr(0, 0x0c), 38);
    unsigned long errs = dev_guest_error_count;
    cw(0, 0x1000, 38);
    cr_assert_eq(dev_guest_error_count, errs + 1);
    cr_assert(is_active(0, 38));
}

Test(gic, spurious_and_stray_eoi)
{
    unsigned long errs = dev_guest_error_count;
    cr_assert_eq(cr(0, 0x0c), 1023);
    cr_assert_eq(cr(0, 0x18), 1023);
    cw(0, 0x10, 1023);
    cr_assert_eq(dev_guest_error_count, errs, "EOI of the spurious ID is silent");
    cw(0, 0x10, 44);
    cr_assert_eq(dev_guest_error_count, errs + 1, "EOI of an interrupt never acknowledged is reported");
    cr_assert_eq(cr(0, 0x14), 0xff);
}

Test(gic, byte_halfword_and_word_accesses)
{
    dw(0, 0x420, 0x44332211);   /* IPRIORITYR8: IDs 32-35 */
    current_cpu = 0;
    cr_assert_eq(gic_dist_ops.read(gic, 0x421, 1), 0x22);
    cr_assert_eq(gic_dist_ops.read(gic, 0x422, 2), 0x4433);
    gic_dist_ops.write(gic, 0x423, 0x99, 1);
    cr_assert_eq(dr(0, 0x420), 0x99332211);
    gic_dist_ops.write(gic, 0x100 + 4, 0x0300, 2);   /* ISENABLER1 bits 8, 9 */
    cr_assert_eq(dr(0, 0x104), 0x300);
    gic_dist_ops.write(gic, 0x185, 0x01, 1);         /* ICENABLER1 bit 8 */
    cr_assert_eq(dr(0, 0x104), 0x200);
    cr_assert_eq(gic_dist_ops.read(gic, 0x000, 1), 1, "CTLR byte");
}

Test(gic, ids_beyond_the_implemented_read_as_zero)
{
    dw(0, 0x100 + 9 * 4, 0xffffffff);   /* IDs 288-319 do not exist */
    cr_assert_eq(dr(0, 0x100 + 9 * 4), 0);
    set_prio(0, 300, 0x12);
    current_cpu = 0;
    cr_assert_eq(gic_dist_ops.read(gic, 0x400 + 300, 1), 0);
}

Test(gic, unimplemented_offsets_are_ignored)
{
    unsigned long errs = dev_guest_error_count;
    cr_assert_eq(dr(0, 0xe00), 0);
    cr_assert_eq(dr(0, 0x1000), 0);
    cr_assert_eq(dr(0, 0xfffffff0u), 0);
    dw(0, 0xe00, 0xffffffff);
    dw(0, 0x2000, 1);
    cr_assert_eq(cr(0, 0x300), 0);
    cw(0, 0x300, 1);
    current_cpu = 0;
    cr_assert_eq(gic_cpu_ops.read(gic, 0x0c, 1), 0, "byte access to the CPU interface");
    gic_cpu_ops.write(gic, 0x00, 0, 2);
    cr_assert_eq(cr(0, 0x00), 1, "a halfword write does not reach GICC_CTLR");
    gic_dist_ops.write(gic, 0xf00, 0x10003, 2);
    cr_assert_eq(irq_level[0], 0, "a halfword SGIR write sends nothing");
    cr_assert_geq(dev_guest_error_count, errs + 9);
    cr_assert_eq(dr(0, 0x004), 8 | 1 << 5, "state intact");
}

Test(gic, board_errors_are_refused)
{
    cr_assert_null(gic_new(0, 288));
    cr_assert_null(gic_new(9, 288));
    cr_assert_null(gic_new(1, 100));
    cr_assert_null(gic_new(1, 2048));
    cr_assert_null(gic_input(gic, 5).handler);
    cr_assert_null(gic_input(gic, 288).handler);
    cr_assert_null(gic_ppi(gic, 2, 11).handler);
    cr_assert_null(gic_ppi(gic, 0, 32).handler);
    cr_assert_not_null(gic_ppi(gic, 0, 31).handler);
    Gic *big = gic_new(1, 1024);
    cr_assert_not_null(big);
    Gic *keep = gic;
    gic = big;
    cr_assert_eq(dr(0, 0x004), 31, "1020 IDs: ITLinesNumber 31");
    gic = keep;
    gic_free(big);
}

Test(gic, group_registers_and_controls_are_stored)
{
    dw(0, 0x084, 0xf0f0f0f0);
    cr_assert_eq(dr(0, 0x084), 0xf0f0f0f0, "IGROUPR1 read/write");
    dw(1, 0x080, 0x1);
    cr_assert_eq(dr(1, 0x080), 1);
    cr_assert_eq(dr(0, 0x080), 0, "IGROUPR0 banked");
    dw(0, 0x000, 0xffffffff);
    cr_assert_eq(dr(0, 0x000), 3, "GICD_CTLR: EnableGrp0 | EnableGrp1");
    cw(0, 0x00, 0xffffffff);
    cr_assert_eq(cr(0, 0x00), 0x21f, "GICC_CTLR: groups, AckCtl, FIQEn, CBPR, EOImode");
}

Test(gic, group_1_needs_its_enables_and_ackctl)
{
    IrqLine l = spi(50, 0x40);
    dw(0, 0x084, 1u << 18);   /* ID 50 in Group 1 */
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 0, "Group 1 off in the distributor and the CPU interface");
    dw(0, 0x000, 3);
    cr_assert_eq(irq_level[0], 0, "still off in the CPU interface");
    cw(0, 0x00, 3);
    cr_assert_eq(irq_level[0], 1);
    cr_assert_eq(cr(0, 0x18), 1022, "HPPIR: Group 1 without AckCtl");
    cr_assert_eq(cr(0, 0x0c), 1022, "IAR does not acknowledge it");
    cr_assert_not(is_active(0, 50));
    cw(0, 0x00, 3 | 4);   /* AckCtl */
    cr_assert_eq(cr(0, 0x18), 50);
    cr_assert_eq(cr(0, 0x0c), 50, "IAR with AckCtl acknowledges Group 1");
    cr_assert(is_active(0, 50));
    cr_assert_eq(cr(0, 0xe4), 1, "NSAPR1 bit 0: Group 1 priority 0x40 held");
    cr_assert_eq(cr(0, 0xd4), 0);
    irq_lower(&l);
    cw(0, 0x10, 50);
    cr_assert_not(is_active(0, 50));
}

Test(gic, aliased_registers_are_absent)
{
    IrqLine l = spi(51, 0x40);
    unsigned long errs = dev_guest_error_count;
    irq_raise(&l);
    dw(0, 0x084, 1u << 19);
    dw(0, 0x000, 3);
    cw(0, 0x00, 3);
    cr_assert_eq(cr(0, 0x28), 0, "AHPPIR");
    cr_assert_eq(cr(0, 0x20), 0, "AIAR");
    cr_assert_not(is_active(0, 51), "AIAR acknowledged nothing");
    cw(0, 0x24, 51);
    cr_assert_eq(dev_guest_error_count, errs + 3);
}

Test(gic, clearing_apr_bits_drops_held_priorities)
{
    IrqLine a = spi(40, 0x80);
    irq_raise(&a);
    cr_assert_eq(cr(0, 0x0c), 40);
    cr_assert_eq(cr(0, 0x14), 0x80);
    unsigned long errs = dev_guest_error_count;
    cw(0, 0xd8, 3);   /* bit 1 holds nothing */
    cr_assert_eq(dev_guest_error_count, errs + 1);
    cr_assert_eq(cr(0, 0x14), 0x80, "bit 0 kept");
    cw(0, 0xd8, 0);
    cr_assert_eq(cr(0, 0x14), 0xff, "idle again");
    cr_assert(is_active(0, 40), "the interrupt itself stays active");
}

Test(gic, group_0_goes_to_fiq_with_fiqen)
{
    IrqLine l = spi(52, 0x40);
    cw(0, 0x00, 1 | 8);
    irq_raise(&l);
    cr_assert_eq(fiq_level[0], 1);
    cr_assert_eq(irq_level[0], 0);
    dw(0, 0x084, 1u << 20);   /* Group 1 is never FIQ */
    cr_assert_eq(fiq_level[0], 0);
    cr_assert_eq(irq_level[0], 0, "Group 1 is not enabled");
    dw(0, 0x000, 3);
    cw(0, 0x00, 3 | 8);
    cr_assert_eq(irq_level[0], 1);
    cr_assert_eq(fiq_level[0], 0);
}

Test(gic, group_1_preempts_by_the_aliased_binary_point)
{
    IrqLine a = spi(40, 0x70), b = spi(41, 0x60);
    dw(0, 0x004 + 0x80, 3u << 8);   /* IDs 40, 41 in Group 1 */
    dw(0, 0x000, 3);
    cw(0, 0x00, 3 | 4);
    cw(0, 0x1c, 5);   /* Group 1: group priority bits [7:5] */
    irq_raise(&a);
    cr_assert_eq(cr(0, 0x0c), 40);
    irq_raise(&b);
    cr_assert_eq(irq_level[0], 0, "0x60 and 0x70 share group priority 0x60 under ABPR 5");
    cr_assert_eq(cr(0, 0x14), 0x60, "the running priority is fixed at acknowledge");
    cw(0, 0x10, 40);
    cr_assert_eq(cr(0, 0x0c), 41);
    irq_lower(&b);
    cw(0, 0x10, 41);
    cw(0, 0x00, 3 | 4 | 0x10);   /* CBPR: BPR (0) for both groups */
    cr_assert_eq(cr(0, 0x0c), 40);
    cr_assert_eq(cr(0, 0x14), 0x70);
    irq_raise(&b);
    cr_assert_eq(irq_level[0], 1, "under BPR 0 0x60 preempts");
}

Test(gic, uniprocessor_has_no_targets)
{
    Gic *up = gic_new(1, 96), *keep = gic;
    gic = up;
    gic_connect_cpu(gic, 0, (IrqLine){ cpu_irq, NULL, 0 }, (IrqLine){ cpu_fiq, NULL, 0 });
    dw(0, 0x000, 1);
    cw(0, 0x00, 1);
    cw(0, 0x04, 0xff);
    cr_assert_eq(dr(0, 0x004), 2, "TYPER: 96 IDs, one CPU");
    cr_assert_eq(dr(0, 0x800), 0, "ITARGETSR0 reads as zero");
    dw(0, 0x840, 0);   /* what Linux writes on one CPU */
    cr_assert_eq(dr(0, 0x840), 0);
    IrqLine l = gic_input(gic, 64);
    enable_irq(0, 64);
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 1, "SPIs reach the one CPU anyway");
    cr_assert_eq(cr(0, 0x0c), 64);
    gic = keep;
    gic_free(up);
}

/* Random guest programming (fixed seed): no crash, no access outside the
 * model (ASan builds check), and the GIC still works afterwards. */
Test(gic, random_register_traffic_is_survived)
{
    unsigned seed = 12345;
    IrqLine l = gic_input(gic, 100);
    for (int round = 0; round < 400; round++) {
        current_cpu = round & 1;
        seed = mmio_fuzz(&gic_dist_ops, gic, 0x2100, 250, seed);
        seed = mmio_fuzz(&gic_cpu_ops, gic, 0x1100, 250, seed);
        irq_set(&l, seed >> 31);
    }
    cr_assert_eq(dr(0, 0xfe8), 0x2b);
    uint32_t id = cr(0, 0x0c) & 0x3ff;
    cr_assert(id < 288 || id == 1022 || id == 1023, "IAR gave ID %u", id);
    gic_reset(gic);
    cr_assert_eq(cr(0, 0x0c), 1023);
}

Test(gic, reset_clears_state_and_lowers_lines)
{
    IrqLine l = spi(40, 0x10);
    irq_raise(&l);
    cr_assert_eq(irq_level[0], 1);
    gic_reset(gic);
    cr_assert_eq(irq_level[0], 0);
    cr_assert_eq(dr(0, 0x000), 0);
    cr_assert_eq(cr(0, 0x04), 0);
    cr_assert_eq(dr(0, 0x104), 0);
}
