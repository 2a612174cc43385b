/*
 * The generic timer of an ARMv7 cpu (ARM DDI 0406C chapter B8): the
 * system counter, the physical and the virtual timer.
 *
 * The counter runs at ARM_GT_FREQ_HZ from the host clock:
 *
 *     CNTPCT = clock_ns * 62500000 / 10^9      (one tick per 16 ns)
 *     CNTVCT = CNTPCT - CNTVOFF
 *
 * A timer fires (CTL.ISTATUS) when it is enabled and its counter has
 * reached CVAL; TVAL is the signed 32-bit distance CVAL - counter. Its
 * output line is ENABLE && ISTATUS && !IMASK, a level the board routes to
 * a GIC PPI. After every change the board hears the new level and the host
 * time at which the level will next change by itself (the counter
 * reaching CVAL); it arms a host timer for that deadline and, when that
 * fires, calls arm_gt_tick, which has the cpu's own thread re-evaluate the
 * timers (ARM_CPU_INTERRUPT_GTIMER): timer state is only ever touched
 * there, so a level is never reported out of order.
 */
#include <stdint.h>
#include <time.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/softmmu-weak.h"

enum { GT_CTL_ENABLE = 1u << 0, GT_CTL_IMASK = 1u << 1, GT_CTL_ISTATUS = 1u << 2 };

static int64_t gt_host_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t (*arm_gt_clock_ns)(void) = gt_host_clock_ns;

uint64_t arm_gt_count(const CPUARMState *env)
{
    int64_t ns = arm_gt_clock_ns();
    if (ns < 0) {
        ns = 0;
    }
    return (uint64_t)((unsigned __int128)(uint64_t)ns * ARM_GT_FREQ_HZ / 1000000000u);
}

/* The timer's own counter: physical, or virtual (offset by CNTVOFF). */
static uint64_t gt_timer_count(const CPUARMState *env, int timer)
{
    uint64_t c = arm_gt_count(env);
    return timer == ARM_GT_VIRT ? c - env->cntvoff : c;
}

static bool gt_istatus(const CPUARMState *env, int timer)
{
    const ArmGTimer *t = &env->gt[timer];
    return (t->ctl & GT_CTL_ENABLE) && gt_timer_count(env, timer) >= t->cval;
}

/* The host time (ns) at which the physical counter reaches count, rounded
 * up so the timer has fired when the board's host timer runs. */
static int64_t gt_count_to_ns(uint64_t count)
{
    unsigned __int128 ns =
        ((unsigned __int128)count * 1000000000u + ARM_GT_FREQ_HZ - 1) / ARM_GT_FREQ_HZ;
    return ns > INT64_MAX ? INT64_MAX : (int64_t)ns;
}

static void gt_update(CPUARMState *env, int timer)
{
    ArmGTimer *t = &env->gt[timer];
    bool istatus = gt_istatus(env, timer);
    bool level = istatus && !(t->ctl & GT_CTL_IMASK);
    int64_t deadline = INT64_MAX;
    const ArmSysHooks *h = env->hooks;

    if ((t->ctl & GT_CTL_ENABLE) && !istatus && !(t->ctl & GT_CTL_IMASK)) {
        /* CVAL in the physical counter's terms; past 2^64 never comes. */
        uint64_t phys = timer == ARM_GT_VIRT ? t->cval + env->cntvoff : t->cval;
        if (timer != ARM_GT_VIRT || phys >= t->cval) {
            deadline = gt_count_to_ns(phys);
        }
    }
    if (level != t->level) {
        t->level = level;
        if (h && h->gt_set_irq) {
            h->gt_set_irq(env->hooks_opaque, env, timer, level);
        }
    }
    if (h && h->gt_set_deadline) {
        h->gt_set_deadline(env->hooks_opaque, env, timer, deadline);
    }
}

void arm_gt_update(CPUARMState *env)
{
    gt_update(env, ARM_GT_PHYS);
    gt_update(env, ARM_GT_VIRT);
}

/* Timer state belongs to the cpu's thread: from any other thread (the
 * board's event loop), the cpu is asked to update itself. */
void arm_gt_tick(CPUARMState *env)
{
    if (cpu_interrupt && current_cpu != &env->common) {
        cpu_interrupt(&env->common, ARM_CPU_INTERRUPT_GTIMER);
        return;
    }
    arm_gt_update(env);
}

uint32_t arm_gt_ctl_read(const CPUARMState *env, int timer)
{
    uint32_t ctl = env->gt[timer].ctl & (GT_CTL_ENABLE | GT_CTL_IMASK);
    return ctl | (gt_istatus(env, timer) ? GT_CTL_ISTATUS : 0);
}

void arm_gt_ctl_write(CPUARMState *env, int timer, uint32_t val)
{
    env->gt[timer].ctl = val & (GT_CTL_ENABLE | GT_CTL_IMASK);
    gt_update(env, timer);
}

uint64_t arm_gt_cval_read(const CPUARMState *env, int timer)
{
    return env->gt[timer].cval;
}

void arm_gt_cval_write(CPUARMState *env, int timer, uint64_t val)
{
    env->gt[timer].cval = val;
    gt_update(env, timer);
}

uint32_t arm_gt_tval_read(const CPUARMState *env, int timer)
{
    return (uint32_t)(env->gt[timer].cval - gt_timer_count(env, timer));
}

void arm_gt_tval_write(CPUARMState *env, int timer, uint32_t val)
{
    /* TVAL is signed: a negative value sets CVAL in the past. */
    env->gt[timer].cval = gt_timer_count(env, timer) + (uint64_t)(int64_t)(int32_t)val;
    gt_update(env, timer);
}
