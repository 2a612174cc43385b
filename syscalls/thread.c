/*
 * Guest threads: clone(CLONE_VM | CLONE_THREAD | ...) and thread exit.
 *
 * Each guest thread is a host pthread with its own CPUState and TaskState
 * running the guest's cpu loop (DESIGN.md section 7). What glibc's
 * pthread_create asks for maps onto a host thread as follows:
 *
 *     CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
 *         shared by every host thread of a process: required together
 *     CLONE_SETTLS          the child's TLS register (set by the guest ABI)
 *     CLONE_PARENT_SETTID   tid stored in the parent's memory before clone returns
 *     CLONE_CHILD_SETTID    tid stored by the child
 *     CLONE_CHILD_CLEARTID  at thread exit: store 0 there and futex-wake it
 *                           (pthread_join waits on it)
 *
 * The parent blocks every host signal while the child starts, so that the
 * child runs nothing guest-visible before signal_thread_init() has bound its
 * TaskState and installed its guest mask (inherited from the parent).
 *
 * A thread's state is reclaimed by the thread itself when it exits, once
 * nothing else can reach it:
 *   - signals: it blocks every host signal first, so no handler runs on this
 *     host thread any more (handlers only look at their own thread's
 *     TaskState), then unbinds the TaskState and unmaps its host altstack;
 *   - exclusive sections: it leaves the cpu list (it is outside cpu_exec,
 *     so no section is waiting for it);
 *   - invalidation: its jump cache leaves the list under the tb lock.
 * After fork() only the forking thread exists in the child, which frees the
 * other threads' state the same way.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys.h"
#include "xrun/tb.h"

/* Flags a thread must have (a host thread shares all of these). */
#define THREAD_REQUIRED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define THREAD_OK                                                                                  \
    (THREAD_REQUIRED | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
     CLONE_CHILD_SETTID | CLONE_DETACHED)

/* Guest threads alive in this process (the first one included). */
static int thread_count = 1;

int sys_thread_count(void)
{
    return __atomic_load_n(&thread_count, __ATOMIC_SEQ_CST);
}

typedef struct ThreadStart {
    CPUState *cpu;
    SysCpuLoop loop;
    uint32_t flags;
    abi_ulong ptid, ctid;
    pthread_mutex_t lock;
    pthread_cond_t started;
    pid_t tid; /* set by the child once it may run */
} ThreadStart;

/* The state of a cpu whose thread runs no more (made by the guest's cpu
 * create/clone with the malloc family). */
static void thread_cpu_free(CPUState *cpu)
{
    tb_jc_free(cpu->jc);
    free(cpu->ts);
    free(cpu);
}

void sys_thread_after_fork(void)
{
    __atomic_store_n(&thread_count, 1, __ATOMIC_SEQ_CST);
    tb_after_fork();
    CPUState *others = cpu_list_after_fork(current_cpu);
    while (others) {
        CPUState *next = others->next_cpu;
        thread_cpu_free(others);
        others = next;
    }
}

static void *thread_main(void *arg)
{
    ThreadStart *st = arg;
    CPUState *cpu = st->cpu;
    SysCpuLoop loop = st->loop;
    pid_t tid = gettid();

    cpu->ts->tid = tid;
    if (st->flags & CLONE_CHILD_SETTID)
        sys_put_u32(st->ctid, (uint32_t)tid);
    if (st->flags & CLONE_PARENT_SETTID)
        sys_put_u32(st->ptid, (uint32_t)tid);
    if (st->flags & CLONE_CHILD_CLEARTID)
        cpu->ts->child_tidptr = st->ctid;

    pthread_mutex_lock(&st->lock);
    st->tid = tid;
    pthread_cond_signal(&st->started);
    pthread_mutex_unlock(&st->lock);
    /* st belongs to the parent's stack frame from here on. */

    /* Binds the TaskState to this host thread and sets the host mask
     * from the guest mask (all host signals are blocked until then). */
    signal_thread_init(cpu->ts);
    loop(cpu);
    return NULL; /* not reached: the loop ends through exit or exit_group */
}

abi_long sys_do_thread(CPUState *cpu, uint32_t flags, abi_ulong ptid, abi_ulong ctid,
                       CPUState *child, SysCpuLoop loop)
{
    if ((flags & THREAD_REQUIRED) != THREAD_REQUIRED || (flags & ~(uint32_t)THREAD_OK))
        return -EINVAL;
    if (!child)
        return -ENOMEM;
    ThreadStart st = {.cpu = child, .loop = loop, .flags = flags, .ptid = ptid, .ctid = ctid};
    pthread_mutex_init(&st.lock, NULL);
    pthread_cond_init(&st.started, NULL);

    uint64_t old = sig_host_block_all(); /* 32/33 too: no glibc sigfillset */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    __atomic_add_fetch(&thread_count, 1, __ATOMIC_SEQ_CST);
    /* Listed now rather than when it first runs: a fork() by another thread
     * meanwhile then frees it in the child like every other thread's. */
    cpu_list_add(child);
    pthread_t th;
    int err = pthread_create(&th, &attr, thread_main, &st);
    sig_host_thread_created();
    pthread_attr_destroy(&attr);
    if (err) {
        __atomic_sub_fetch(&thread_count, 1, __ATOMIC_SEQ_CST);
        cpu_list_remove(child);
    } else {
        pthread_mutex_lock(&st.lock);
        while (!st.tid)
            pthread_cond_wait(&st.started, &st.lock);
        pthread_mutex_unlock(&st.lock);
    }
    sig_host_setmask(old);
    pthread_cond_destroy(&st.started);
    pthread_mutex_destroy(&st.lock);
    return err ? -err : st.tid;
}

/*
 * Ends the calling guest thread; the last one ends the process with status.
 * The thread's state is freed first (see the top of the file), then
 * CLONE_CHILD_CLEARTID's word is cleared and woken as the kernel does, last
 * (a shared futex: pthread_join may wait on it with or without
 * FUTEX_PRIVATE_FLAG).
 */
_Noreturn void sys_thread_exit(CPUState *cpu, int status)
{
    if (__atomic_sub_fetch(&thread_count, 1, __ATOMIC_SEQ_CST) == 0)
        exit(status);
    abi_ulong tidptr = cpu->ts ? cpu->ts->child_tidptr : 0;
    signal_thread_exit();
    /* Under the tb lock, which fork() also holds: a child never starts with
     * this state half freed (unlisted but allocated, nobody left to free it). */
    tb_lock_acquire();
    cpu_list_remove(cpu);
    current_cpu = NULL;
    thread_cpu_free(cpu);
    tb_lock_release();
    if (tidptr && sys_put_u32(tidptr, 0) == 0)
        syscall(SYS_futex, g2h(tidptr), FUTEX_WAKE, 1, NULL, NULL, 0);
    pthread_exit(NULL);
}
