/*
 * The list of cpus and exclusive sections.
 *
 * Guest threads are host threads; each runs its own cpu loop and enters the
 * shared code buffer on its own. Most changes to the TB cache are safe while
 * others run (see tcg/tb.c), but emptying the code buffer is not: a cpu still
 * executing an old TB would run bytes that are being rewritten. Such work runs
 * in an exclusive section, as in qemu:
 *
 *     thread A (buffer full)              thread B (in generated code)
 *     cpu_exec_end(A)
 *     start_exclusive()
 *       pending_cpus = 1
 *       B->in_exec: mark B waiter, cpu_exit(B), pending_cpus = 2
 *       wait until pending_cpus == 1      B's next TB entry sees exit_request
 *                                         cpu_exec returns: cpu_exec_end(B)
 *                                           B is a waiter: pending_cpus = 1, wake A
 *     tb_flush_locked()                   B's cpu loop handles the interrupt,
 *     end_exclusive()                     calls cpu_exec, cpu_exec_start(B)
 *       pending_cpus = 0, wake all          waits while pending_cpus != 0
 *     cpu_exec_start(A)                   ... and goes on with an empty cache
 *
 * The fast paths are one store and one load each: a cpu publishes in_exec
 * and then reads pending_cpus, while start_exclusive publishes pending_cpus
 * and then reads every in_exec. Both are sequentially consistent, so at
 * least one side sees the other: either the section counts the cpu and
 * waits for it, or the cpu sees the section and waits for its end.
 *
 * A cpu is "in generated code" for the whole of cpu_exec(), which returns for
 * every syscall: threads blocked in the kernel never hold up a section.
 * Inside cpu_exec a cpu may block only on the tb lock, and whoever holds it
 * never waits for an exclusive section (tb_flush takes the section first and
 * the lock second), so a section always completes.
 */
#include <pthread.h>

#include "xrun/cpu.h"
#include "xrun/util.h"

static pthread_mutex_t cpu_list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exclusive_cond = PTHREAD_COND_INITIALIZER;   /* pending_cpus fell to 1 */
static pthread_cond_t exclusive_resume = PTHREAD_COND_INITIALIZER; /* section ended */
static CPUState *cpu_list_head;
/* 0: no section. Otherwise 1 + the number of cpus the section still waits for. */
static int pending_cpus;

void cpu_list_add(CPUState *cpu)
{
    pthread_mutex_lock(&cpu_list_lock);
    for (CPUState *c = cpu_list_head; c; c = c->next_cpu) {
        if (c == cpu) {
            pthread_mutex_unlock(&cpu_list_lock);
            return;
        }
    }
    __atomic_store_n(&cpu->in_exec, 0, __ATOMIC_SEQ_CST);
    cpu->exclusive_waiter = false;
    cpu->next_cpu = cpu_list_head;
    cpu_list_head = cpu;
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_list_remove(CPUState *cpu)
{
    pthread_mutex_lock(&cpu_list_lock);
    for (CPUState **pp = &cpu_list_head; *pp; pp = &(*pp)->next_cpu) {
        if (*pp == cpu) {
            *pp = cpu->next_cpu;
            break;
        }
    }
    if (cpu->exclusive_waiter) { /* not expected outside cpu_exec; never leave a section hanging */
        cpu->exclusive_waiter = false;
        if (--pending_cpus == 1)
            pthread_cond_broadcast(&exclusive_cond);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_exec_start(CPUState *cpu)
{
    __atomic_store_n(&cpu->in_exec, 1, __ATOMIC_SEQ_CST);
    if (XR_LIKELY(__atomic_load_n(&pending_cpus, __ATOMIC_SEQ_CST) == 0))
        return;
    pthread_mutex_lock(&cpu_list_lock);
    if (!cpu->exclusive_waiter) {
        /* The section did not count us (it scanned before our store, or
         * runs already): stay out until it ends. If it did count us, it
         * has kicked us and we leave again at the first TB entry. */
        __atomic_store_n(&cpu->in_exec, 0, __ATOMIC_SEQ_CST);
        while (pending_cpus)
            pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
        __atomic_store_n(&cpu->in_exec, 1, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_exec_end(CPUState *cpu)
{
    __atomic_store_n(&cpu->in_exec, 0, __ATOMIC_SEQ_CST);
    if (XR_LIKELY(__atomic_load_n(&pending_cpus, __ATOMIC_SEQ_CST) == 0))
        return;
    pthread_mutex_lock(&cpu_list_lock);
    if (cpu->exclusive_waiter) {
        cpu->exclusive_waiter = false;
        if (--pending_cpus == 1)
            pthread_cond_broadcast(&exclusive_cond);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void start_exclusive(void)
{
    CPUState *self = current_cpu;
    pthread_mutex_lock(&cpu_list_lock);
    while (pending_cpus)
        pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
    __atomic_store_n(&pending_cpus, 1, __ATOMIC_SEQ_CST);
    int waiting = 0;
    for (CPUState *cpu = cpu_list_head; cpu; cpu = cpu->next_cpu) {
        if (cpu != self && __atomic_load_n(&cpu->in_exec, __ATOMIC_SEQ_CST)) {
            cpu->exclusive_waiter = true;
            waiting++;
            cpu_exit(cpu);
        }
    }
    __atomic_store_n(&pending_cpus, 1 + waiting, __ATOMIC_SEQ_CST);
    while (pending_cpus > 1)
        pthread_cond_wait(&exclusive_cond, &cpu_list_lock);
    pthread_mutex_unlock(&cpu_list_lock);
}

void end_exclusive(void)
{
    pthread_mutex_lock(&cpu_list_lock);
    __atomic_store_n(&pending_cpus, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&exclusive_resume);
    pthread_mutex_unlock(&cpu_list_lock);
}

/* -- Fork --
 *
 * fork() copies only the calling thread. The lock is taken around it so that
 * the child never starts with a list another thread was halfway through
 * changing, and the child makes fresh locks (pthread_atfork handlers only
 * run for fork(); cpu_list_after_fork covers a raw clone too). */

static void cpu_list_fork_prepare(void) { pthread_mutex_lock(&cpu_list_lock); }
static void cpu_list_fork_parent(void) { pthread_mutex_unlock(&cpu_list_lock); }

static void cpu_list_reinit(void)
{
    pthread_mutex_init(&cpu_list_lock, NULL);
    pthread_cond_init(&exclusive_cond, NULL);
    pthread_cond_init(&exclusive_resume, NULL);
    pending_cpus = 0;
}

__attribute__((constructor)) static void cpu_list_init(void)
{
    pthread_atfork(cpu_list_fork_prepare, cpu_list_fork_parent, cpu_list_reinit);
}

CPUState *cpu_list_after_fork(CPUState *self)
{
    cpu_list_reinit();
    CPUState *others = NULL;
    bool listed = false;
    CPUState *cpu = cpu_list_head;
    while (cpu) {
        CPUState *next = cpu->next_cpu;
        if (cpu == self) {
            listed = true;
        } else {
            cpu->next_cpu = others;
            others = cpu;
        }
        cpu = next;
    }
    cpu_list_head = NULL;
    if (listed) {
        self->next_cpu = NULL;
        self->exclusive_waiter = false;
        cpu_list_head = self;
    }
    return others;
}
