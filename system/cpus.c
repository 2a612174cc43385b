/*
 * vCPU threads and the run state of system mode (see system/cpus.h).
 *
 * One lock and one condition variable serve every sleeping vCPU: a
 * halted or powered-off vCPU waits on it, and anything that may give one
 * work (cpu_interrupt, vcpu_power_on, vcpus_stop) broadcasts. Wake-ups are
 * rare next to the work between them, so the shared condition costs
 * nothing measurable and keeps the protocol simple: the waiter re-checks
 * its own state under the lock before sleeping, and every state change
 * that a waiter checks is made before the broadcast, under the lock.
 *
 * A debugger holds vCPUs as a third reason to sleep: a held vCPU waits in
 * vcpu_wait like a halted one, keeping its halted and power state, and
 * counts as parked there. vcpus_pause kicks every vCPU out of generated
 * code (out of KVM_RUN) and returns once all are parked, so their
 * registers and TLBs may be read and written, and the memory map changed,
 * from another thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "system/accel/accel.h"
#include "system/cpus.h"
#include "system/memory.h"
#include "xrun/translator.h"
#include "xrun/util.h"

#define MAX_VCPUS 16

typedef struct VCpu {
    CPUState *cpu;
    pthread_t thread;
    bool started;
    bool on;
    bool held;   /* a debugger keeps it from running */
    bool parked; /* sleeping in vcpu_wait (or not started) */
    void (*on_start)(CPUState *cpu, void *opaque);
    void *on_start_opaque;
} VCpu;

static VCpu vcpus[MAX_VCPUS];
static int nb_vcpus;
static bool stopping;
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t run_cond = PTHREAD_COND_INITIALIZER;

static int shutdown_reason;
static pthread_cond_t shutdown_cond = PTHREAD_COND_INITIALIZER;

void (*vcpu_debug_hook)(CPUState *cpu, bool step);

static VCpu *vcpu_of(const CPUState *cpu)
{
    for (int i = 0; i < nb_vcpus; i++)
        if (vcpus[i].cpu == cpu)
            return &vcpus[i];
    return NULL;
}

/* -- Interrupt lines -- */

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_or_fetch(&cpu->interrupt_request, mask, __ATOMIC_SEQ_CST);
    accel->vcpu_kick(cpu);
    pthread_mutex_lock(&run_lock);
    pthread_cond_broadcast(&run_cond);
    pthread_mutex_unlock(&run_lock);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_and_fetch(&cpu->interrupt_request, ~mask, __ATOMIC_SEQ_CST);
}

/* -- Power -- */

void vcpu_register(CPUState *cpu, bool powered_on)
{
    xr_assert(nb_vcpus < MAX_VCPUS);
    vcpus[nb_vcpus++] = (VCpu){.cpu = cpu, .on = powered_on, .parked = true};
}

void vcpu_power_on(CPUState *cpu, void (*on_start)(CPUState *cpu, void *opaque), void *opaque)
{
    VCpu *v = vcpu_of(cpu);
    if (!v)
        return;
    pthread_mutex_lock(&run_lock);
    v->on_start = on_start;
    v->on_start_opaque = opaque;
    v->on = true;
    pthread_cond_broadcast(&run_cond);
    pthread_mutex_unlock(&run_lock);
}

void vcpu_power_off(CPUState *cpu)
{
    VCpu *v = vcpu_of(cpu);
    if (!v)
        return;
    pthread_mutex_lock(&run_lock);
    v->on = false;
    pthread_mutex_unlock(&run_lock);
    accel->vcpu_kick(cpu);
}

bool vcpu_is_on(const CPUState *cpu)
{
    VCpu *v = vcpu_of(cpu);
    return v && __atomic_load_n(&v->on, __ATOMIC_ACQUIRE);
}

int vcpus_count(void)
{
    return nb_vcpus;
}

CPUState *vcpu_get(int i)
{
    return i >= 0 && i < nb_vcpus ? vcpus[i].cpu : NULL;
}

/* -- Debugger holds -- */

void vcpu_set_held(CPUState *cpu, bool held)
{
    VCpu *v = vcpu_of(cpu);
    if (!v)
        return;
    pthread_mutex_lock(&run_lock);
    v->held = held;
    pthread_cond_broadcast(&run_cond);
    pthread_mutex_unlock(&run_lock);
    if (held)
        accel->vcpu_kick(cpu);
}

void vcpus_pause(void)
{
    pthread_mutex_lock(&run_lock);
    for (int i = 0; i < nb_vcpus; i++) {
        vcpus[i].held = true;
        accel->vcpu_kick(vcpus[i].cpu);
    }
    for (;;) {
        bool busy = false;
        for (int i = 0; i < nb_vcpus; i++)
            busy |= !vcpus[i].parked;
        if (!busy || stopping)
            break;
        pthread_cond_wait(&run_cond, &run_lock);
    }
    pthread_mutex_unlock(&run_lock);
}

void vcpus_resume(void)
{
    pthread_mutex_lock(&run_lock);
    for (int i = 0; i < nb_vcpus; i++)
        vcpus[i].held = false;
    pthread_cond_broadcast(&run_cond);
    pthread_mutex_unlock(&run_lock);
}

/* -- The vCPU thread -- */

/* Sleeps while the vCPU is off, held by a debugger, or halted with
 * nothing to do. Returns false when the machine stops. */
static bool vcpu_wait(VCpu *v)
{
    CPUState *cpu = v->cpu;
    pthread_mutex_lock(&run_lock);
    for (;;) {
        if (stopping) {
            v->parked = true;
            pthread_cond_broadcast(&run_cond);
            pthread_mutex_unlock(&run_lock);
            return false;
        }
        /* A held vCPU keeps its halted state: has_work is not asked. */
        if (!v->held && v->on && cpu->halted && cpu->arch->has_work(cpu))
            cpu->halted = false;
        if (!v->held && v->on && !cpu->halted)
            break;
        if (!v->parked) {
            v->parked = true;
            pthread_cond_broadcast(&run_cond); /* vcpus_pause waits for it */
        }
        pthread_cond_wait(&run_cond, &run_lock);
    }
    v->parked = false;
    void (*on_start)(CPUState *, void *) = v->on_start;
    v->on_start = NULL;
    pthread_mutex_unlock(&run_lock);
    if (on_start)
        on_start(cpu, v->on_start_opaque);
    return true;
}

static void *vcpu_thread(void *arg)
{
    VCpu *v = arg;
    CPUState *cpu = v->cpu;
    mem_set_current_cpu(cpu->cpu_index);
    while (vcpu_wait(v))
        accel->vcpu_run(cpu);
    return NULL;
}

void vcpus_start(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (int i = 0; i < nb_vcpus; i++) {
        if (pthread_create(&vcpus[i].thread, NULL, vcpu_thread, &vcpus[i]) != 0)
            xr_fatal("cannot start the thread of vCPU %d", i);
        vcpus[i].started = true;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void vcpus_stop(void)
{
    pthread_mutex_lock(&run_lock);
    stopping = true;
    pthread_cond_broadcast(&run_cond);
    pthread_mutex_unlock(&run_lock);
    for (int i = 0; i < nb_vcpus; i++)
        accel->vcpu_kick(vcpus[i].cpu);
    for (int i = 0; i < nb_vcpus; i++) {
        if (vcpus[i].started)
            pthread_join(vcpus[i].thread, NULL);
        vcpus[i].started = false;
    }
}

/* -- Run state -- */

void sys_request_shutdown(int reason)
{
    pthread_mutex_lock(&run_lock);
    if (!shutdown_reason)
        shutdown_reason = reason;
    pthread_cond_broadcast(&shutdown_cond);
    pthread_mutex_unlock(&run_lock);
}

int sys_wait_shutdown(void)
{
    pthread_mutex_lock(&run_lock);
    while (!shutdown_reason)
        pthread_cond_wait(&shutdown_cond, &run_lock);
    int r = shutdown_reason;
    pthread_mutex_unlock(&run_lock);
    return r;
}

int sys_shutdown_reason(void)
{
    return __atomic_load_n(&shutdown_reason, __ATOMIC_ACQUIRE);
}
