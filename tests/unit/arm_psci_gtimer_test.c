/*
 * PSCI and the generic timer of the system-mode cpu, on CPUARMStates:
 * PSCI calls through HVC/SMC with a fake board (CPU_ON, CPU_OFF,
 * AFFINITY_INFO, SYSTEM_OFF/RESET, features, versions), and the timer
 * state machine on a controllable clock (TVAL/CVAL, ISTATUS, IMASK, output
 * levels, deadlines, the deadline interrupt).
 *
 *     r0 = 0x84000004 (AFFINITY_INFO), r1 = 1; hvc  ->  r0 = 1 (OFF)
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "arm_sys_fakes.h"

/* -- PSCI -- */

static CPUARMState *board_cpus[2];
static int n_power_on, n_power_off, n_sys_off, n_sys_reset;

static CPUARMState *fake_cpu_by_mpidr(void *opaque, uint32_t mpidr)
{
    return mpidr < 2 ? board_cpus[mpidr] : NULL;
}
static void fake_power_on(void *opaque, CPUARMState *t) { n_power_on++; }
static void fake_power_off(void *opaque, CPUARMState *t) { n_power_off++; }
static void fake_sys_off(void *opaque) { n_sys_off++; }
static void fake_sys_reset(void *opaque) { n_sys_reset++; }

static const ArmSysHooks fake_board = {
    .psci_cpu_by_mpidr = fake_cpu_by_mpidr,
    .psci_power_on = fake_power_on,
    .psci_power_off = fake_power_off,
    .psci_system_off = fake_sys_off,
    .psci_system_reset = fake_sys_reset,
};

static int32_t psci(CPUARMState *env, int excp, uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
    env->regs[0] = fn;
    env->regs[1] = a1;
    env->regs[2] = a2;
    env->regs[3] = a3;
    env->regs[15] = 0x8004; /* after the hvc at 0x8000 */
    raise_excp(env, excp);
    return (int32_t)env->regs[0];
}

static void psci_board(void)
{
    board_cpus[0] = new_cpu("cortex-a15", 0);
    board_cpus[1] = new_cpu("cortex-a15", 1);
    board_cpus[1]->powered_off = 1;
    for (int i = 0; i < 2; i++) {
        board_cpus[i]->hooks = &fake_board;
        arm_psci_set_conduit(board_cpus[i], ARM_PSCI_HVC, ARM_PSCI_VERSION_1_0);
    }
}

Test(arm_psci, version_features_and_migrate_info)
{
    psci_board();
    CPUARMState *env = board_cpus[0];
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000000u, 0, 0, 0), 0x10000);
    cr_assert_eq(env->regs[15], 0x8004, "the call returns to the next insn");
    cr_assert_eq(arm_mode(env), ARM_MODE_SVC);
    cr_assert_eq(psci(env, EXCP_HVC, 0x8400000au, 0x84000003u, 0, 0), 0);
    cr_assert_eq(psci(env, EXCP_HVC, 0x8400000au, 0x84000005u, 0, 0), -1, "MIGRATE is not supported");
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000006u, 0, 0, 0), 2);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000011u, 0, 0, 0), -1);
    cr_assert_eq(psci(env, EXCP_HVC, 0xc4000003u, 0, 0, 0), -1, "no 64-bit calls on AArch32");
    arm_psci_set_conduit(env, ARM_PSCI_HVC, ARM_PSCI_VERSION_0_2);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000000u, 0, 0, 0), 2);
    cr_assert_eq(psci(env, EXCP_HVC, 0x8400000au, 0x84000000u, 0, 0), -1, "PSCI_FEATURES is 1.0");
}

Test(arm_psci, wrong_conduit_or_function_is_undefined)
{
    psci_board();
    CPUARMState *env = board_cpus[0];
    env->regs[0] = 0x84000000u;
    env->regs[15] = 0x8004;
    raise_excp(env, EXCP_SMC);
    cr_assert_eq(arm_mode(env), ARM_MODE_UND);
    cr_assert_eq(env->regs[14], 0x8004, "LR_und = the smc + 4");
    cr_assert_eq(env->regs[15], 0x04);
    psci_board();
    env = board_cpus[0];
    env->regs[0] = 0x12345678u;
    env->regs[15] = 0x8004;
    env->thumb = 1;
    raise_excp(env, EXCP_HVC);
    cr_assert_eq(arm_mode(env), ARM_MODE_UND);
    cr_assert_eq(env->regs[14], 0x8002, "Thumb: LR_und = the hvc + 2");
}

Test(arm_psci, cpu_on_off_and_affinity)
{
    psci_board();
    CPUARMState *env = board_cpus[0], *sec = board_cpus[1];
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000004u, 1, 0, 0), 1, "secondary is OFF");
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000004u, 0, 0, 0), 0, "self is ON");
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000004u, 7, 0, 0), -2);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000003u, 1, 0x40008001u, 0xc0ffee), 0);
    cr_assert_eq(n_power_on, 1);
    cr_assert_eq(sec->regs[15], 0x40008000u);
    cr_assert_eq(sec->thumb, 1);
    cr_assert_eq(sec->regs[0], 0xc0ffee);
    cr_assert_eq(arm_mode(sec), ARM_MODE_SVC);
    cr_assert_eq(sec->cpsr_other & (CPSR_A | CPSR_I | CPSR_F), CPSR_A | CPSR_I | CPSR_F);
    cr_assert_eq(sec->powered_off, 0);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000003u, 1, 0x40008000u, 0), -4, "ALREADY_ON");
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000003u, 5, 0x40008000u, 0), -2);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000004u, 1, 0, 0), 0);
    psci(sec, EXCP_HVC, 0x84000002u, 0, 0, 0);
    cr_assert_eq(n_power_off, 1);
    cr_assert(sec->powered_off);
    cr_assert(sec->common.halted);
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000004u, 1, 0, 0), 1);
    psci(env, EXCP_HVC, 0x84000008u, 0, 0, 0);
    psci(env, EXCP_HVC, 0x84000009u, 0, 0, 0);
    cr_assert_eq(n_sys_off, 1);
    cr_assert_eq(n_sys_reset, 1);
}

Test(arm_psci, cpu_on_again_starts_from_reset)
{
    psci_board();
    CPUARMState *env = board_cpus[0], *sec = board_cpus[1];
    sec->cp15.l2ctlr = 0x01800000u; /* the board's: two cpus */
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000003u, 1, 0x40008000u, 0), 0);
    sec->cp15.sctlr |= 1;           /* the secondary turns its MMU on ... */
    sec->cp15.vbar = 0xc0000000u;
    arm_switch_mode(sec, ARM_MODE_USR);
    psci(sec, EXCP_HVC, 0x84000002u, 0, 0, 0); /* ... and goes off */
    cr_assert_eq(psci(env, EXCP_HVC, 0x84000003u, 1, 0x40009000u, 7), 0);
    cr_assert_eq(sec->cp15.sctlr & 1, 0, "MMU off");
    cr_assert_eq(sec->cp15.vbar, 0);
    cr_assert_eq(arm_mode(sec), ARM_MODE_SVC);
    cr_assert_eq(sec->regs[15], 0x40009000u);
    cr_assert_eq(sec->regs[0], 7);
    cr_assert_eq(sec->cp15.l2ctlr, 0x01800000u, "the board's L2CTLR stays");
    cr_assert_eq(sec->cp15.mpidr, 0x80000001u);
    cr_assert_eq(sec->hooks, &fake_board);
}

/* -- Generic timer -- */

static int64_t fake_now;
static int64_t fake_clock(void) { return fake_now; }
static bool irq_level[2];
static int n_irq_changes;
static int64_t deadline[2];

static void fake_set_irq(void *opaque, CPUARMState *env, int timer, bool level)
{
    irq_level[timer] = level;
    n_irq_changes++;
}
static void fake_set_deadline(void *opaque, CPUARMState *env, int timer, int64_t ns) { deadline[timer] = ns; }

static const ArmSysHooks timer_board = { .gt_set_irq = fake_set_irq, .gt_set_deadline = fake_set_deadline };

static CPUARMState *timer_cpu(void)
{
    CPUARMState *env = new_cpu("cortex-a15", 0);
    env->hooks = &timer_board;
    current_cpu = &env->common; /* the tests run as the cpu's thread */
    arm_gt_clock_ns = fake_clock;
    fake_now = 1000000; /* 1 ms: 62500 ticks */
    return env;
}

Test(arm_gtimer, counter_scales_the_clock)
{
    CPUARMState *env = timer_cpu();
    cr_assert_eq(arm_gt_count(env), 62500);
    fake_now += 16;
    cr_assert_eq(arm_gt_count(env), 62501);
    env->cntvoff = 500;
    cr_assert_eq(arm_cp_read(env, arm_cp_find(env, 15, true, 1, 0, 14, 0)), 62001, "CNTVCT = CNTPCT - CNTVOFF");
    cr_assert_eq(arm_cp_read(env, arm_cp_find(env, 15, true, 0, 0, 14, 0)), 62501);
}

Test(arm_gtimer, tval_cval_and_istatus)
{
    CPUARMState *env = timer_cpu();
    arm_gt_tval_write(env, ARM_GT_PHYS, 1000);
    cr_assert_eq(arm_gt_cval_read(env, ARM_GT_PHYS), 63500);
    cr_assert_eq(arm_gt_tval_read(env, ARM_GT_PHYS), 1000);
    fake_now += 16 * 400;
    cr_assert_eq(arm_gt_tval_read(env, ARM_GT_PHYS), 600);
    cr_assert_eq(arm_gt_ctl_read(env, ARM_GT_PHYS), 0, "disabled: no ISTATUS");
    arm_gt_ctl_write(env, ARM_GT_PHYS, 1 | 4); /* ISTATUS is read-only */
    cr_assert_eq(arm_gt_ctl_read(env, ARM_GT_PHYS), 1);
    cr_assert_not(irq_level[ARM_GT_PHYS]);
    cr_assert_eq(deadline[ARM_GT_PHYS], 63500 * 16, "the deadline is when the counter reaches CVAL");
    fake_now = 63500 * 16;
    arm_gt_tick(env);
    cr_assert_eq(arm_gt_ctl_read(env, ARM_GT_PHYS), 5);
    cr_assert(irq_level[ARM_GT_PHYS]);
    cr_assert_eq(deadline[ARM_GT_PHYS], INT64_MAX);
    fake_now += 16 * 10;
    cr_assert_eq(arm_gt_tval_read(env, ARM_GT_PHYS), (uint32_t)-10, "TVAL goes negative past CVAL");
    /* IMASK drops the line but not ISTATUS. */
    arm_gt_ctl_write(env, ARM_GT_PHYS, 1 | 2);
    cr_assert_eq(arm_gt_ctl_read(env, ARM_GT_PHYS), 7);
    cr_assert_not(irq_level[ARM_GT_PHYS]);
    /* A new CVAL in the future clears ISTATUS. */
    arm_gt_ctl_write(env, ARM_GT_PHYS, 1);
    cr_assert(irq_level[ARM_GT_PHYS]);
    arm_gt_cval_write(env, ARM_GT_PHYS, arm_gt_count(env) + 100);
    cr_assert_not(irq_level[ARM_GT_PHYS]);
    cr_assert_eq(arm_gt_ctl_read(env, ARM_GT_PHYS), 1);
    /* A negative TVAL fires at once. */
    arm_gt_tval_write(env, ARM_GT_PHYS, (uint32_t)-5);
    cr_assert(irq_level[ARM_GT_PHYS]);
}

Test(arm_gtimer, virtual_timer_uses_cntvoff)
{
    CPUARMState *env = timer_cpu();
    env->cntvoff = 2500;
    arm_gt_cval_write(env, ARM_GT_VIRT, 60100); /* virtual count is 60000 */
    arm_gt_ctl_write(env, ARM_GT_VIRT, 1);
    cr_assert_eq(arm_gt_tval_read(env, ARM_GT_VIRT), 100);
    cr_assert_eq(deadline[ARM_GT_VIRT], (60100 + 2500) * 16);
    cr_assert_not(irq_level[ARM_GT_VIRT]);
    fake_now = (60100 + 2500) * 16;
    arm_gt_tick(env);
    cr_assert(irq_level[ARM_GT_VIRT]);
    cr_assert_not(irq_level[ARM_GT_PHYS], "the physical timer is untouched");
}

Test(arm_gtimer, registers_and_pl0_access)
{
    CPUARMState *env = timer_cpu();
    const ArmCPReg *ctl = arm_cp_find(env, 15, false, 0, 14, 3, 1), *pct = arm_cp_find(env, 15, true, 0, 0, 14, 0);
    arm_cp_write(env, arm_cp_find(env, 15, false, 0, 14, 3, 0), 50); /* CNTV_TVAL */
    arm_cp_write(env, ctl, 1);
    cr_assert_eq(arm_cp_read(env, ctl), 1);
    cr_assert_eq(arm_cp_read(env, arm_cp_find(env, 15, true, 3, 0, 14, 0)), 62550, "CNTV_CVAL");
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_not(pct->check(env, pct, false), "CNTKCTL.PL0PCTEN is clear");
    env->cntkctl = 1;
    cr_assert(pct->check(env, pct, false));
    cr_assert_not(ctl->check(env, ctl, false));
    env->cntkctl = 1u << 8;
    cr_assert(ctl->check(env, ctl, false), "PL0VTEN opens the virtual timer");
}

/* The board's timer deadline arrives as an interrupt_request bit; the
 * cpu runs the timer on its own thread and takes the IRQ it raises. */
static CPUARMState *gic_cpu;
static void fake_gic_line(void *opaque, CPUARMState *env, int timer, bool level)
{
    if (level) {
        gic_cpu->common.interrupt_request |= CPU_INTERRUPT_HARD;
    }
}
static const ArmSysHooks gic_board = { .gt_set_irq = fake_gic_line };

Test(arm_gtimer, deadline_interrupt_runs_the_timer_on_the_cpu)
{
    CPUARMState *env = timer_cpu();
    CPUState *cpu = &env->common;
    gic_cpu = env;
    env->hooks = &gic_board;
    arm_gt_cval_write(env, ARM_GT_VIRT, 62600);
    arm_gt_ctl_write(env, ARM_GT_VIRT, 1);
    env->cpsr_other &= ~CPSR_I;
    env->regs[15] = 0x5000;
    fake_now = 62600 * 16;
    cpu->halted = true;
    current_cpu = NULL; /* the board's event loop */
    arm_gt_tick(env);
    cr_assert_not(env->gt[ARM_GT_VIRT].level, "not on the event loop's thread");
    cr_assert_eq(cpu->interrupt_request, ARM_CPU_INTERRUPT_GTIMER);
    cr_assert(arm_has_work(cpu), "the deadline wakes a cpu in WFI");
    cr_assert(arm_exec_interrupt(cpu, cpu->interrupt_request));
    cr_assert_eq(cpu->interrupt_request & ARM_CPU_INTERRUPT_GTIMER, 0);
    cr_assert(env->gt[ARM_GT_VIRT].level);
    cr_assert_eq(arm_mode(env), ARM_MODE_IRQ, "the timer's IRQ is taken at once");
    cr_assert_eq(env->regs[14], 0x5004);
}

#include "arm_sys_summary.h"
