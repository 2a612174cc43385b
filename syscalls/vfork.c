/*
 * vfork() and clone(CLONE_VM | CLONE_VFORK): a child process that shares
 * the parent's memory while the parent waits for it to exec or exit.
 *
 * Programs depend on both halves. glibc's posix_spawn runs its child on a
 * separate stack with clone(CLONE_VM | CLONE_VFORK) and reports a failed
 * exec by storing errno in the parent's memory before _exit(127): spawning
 * a missing program must fail with ENOENT in the parent. vfork()+_exit
 * children write variables the parent then reads.
 *
 * Design: the child is a real host vfork child of the calling host thread,
 * made with clone(CLONE_VM | CLONE_VFORK) on a fresh host stack. Sharing
 * the host address space shares guest memory exactly as the guest asked,
 * and the host kernel suspends the parent thread until the child execs or
 * exits, so the guest sees native semantics without any emulation of the
 * wait. The child runs its own copy of the parent's guest registers (made
 * by the guest table, as for a thread) in the ordinary cpu loop:
 *
 *     parent thread                      vfork child (new host process)
 *     sys_do_vfork
 *       block host signals
 *       clone(VM|VFORK, stack) -------->  vfork_child_main
 *       (suspended by the kernel)          bind child TaskState, guest mask
 *                                          loop(child cpu): guest code ...
 *                                          execve -> host execve of xrun
 *       <------ exec or exit --------      (or _exit / fatal signal)
 *       restore TLS state, guest sigactions, host mask
 *       free child cpu, jump cache, stack
 *       return child pid
 *
 * Why this works with xrun's own state: the parent thread is stopped inside
 * the clone syscall holding no xrun lock, so the child may use everything
 * that thread would (its TLS block, which the child inherits, malloc, the
 * TB cache under its usual locks). What the child must not share is undone
 * or avoided:
 *   - TLS values the child changes (current_cpu, the signal binding, the
 *     vfork flag) are put back by the parent when it resumes;
 *   - the guest's signal dispositions are per process: a child resetting
 *     handlers (posix_spawn, Python's subprocess) must not reset the
 *     parent's. The child's rt_sigaction first saves the entry it changes
 *     (sys_vfork_note_sigaction) and the parent puts those entries back;
 *     vforks of the process are serialized so that one child's changes
 *     are never saved as another parent's dispositions;
 *   - the child never runs exit()'s teardown (atexit, stdio, thread count)
 *     of a process it does not own: guest exit and exit_group end it with
 *     _exit() (sys_in_vfork_child()).
 * Emulating vfork as fork plus a pipe for exec failures would keep state
 * apart but cannot give posix_spawn its error, which lives in guest memory
 * at a place only the guest libc knows.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "linux-user/signal_priv.h"
#include "xrun/tb.h"
#include "syscalls/sys.h"

/* Host stack of a vfork child: translation runs on it too. Lazily backed. */
#define VFORK_STACK_SIZE (8u << 20)

/* Flags a vfork child can honour: the host clone takes the sharing ones. */
#define VFORK_OK                                                                                   \
    (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SETTLS |    \
     CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED |            \
     CLONE_PTRACE | CLONE_UNTRACED | CLONE_IO)

/* The parent's dispositions of the signals a vfork child changed. */
typedef struct VforkUndo {
    uint64_t saved; /* bit sig-1: old[sig] holds the parent's entry */
    GuestSigAction old[GUEST_NSIG + 1];
} VforkUndo;

/* True in the vfork child, and its undo log; shared with the parent
 * thread's TLS, so the parent puts its own values back when it resumes
 * (nested vforks too). */
static __thread bool in_vfork_child;
static __thread VforkUndo *vfork_undo;

/* One vfork window at a time per process. Recursive: a nested vfork runs
 * with its parent's (the lock holder's) thread identity. */
static pthread_mutex_t vfork_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static void vfork_lock_reinit(void)
{
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&vfork_lock, &at);
    pthread_mutexattr_destroy(&at);
}

/* A fork child must not inherit the lock held by a thread it lacks. */
__attribute__((constructor)) static void vfork_init(void)
{
    pthread_atfork(NULL, NULL, vfork_lock_reinit);
}

bool sys_in_vfork_child(void)
{
    return in_vfork_child;
}

void sys_vfork_note_sigaction(int sig)
{
    VforkUndo *u = vfork_undo;
    if (!in_vfork_child || !u || sig < 1 || sig > GUEST_NSIG)
        return;
    uint64_t bit = 1ull << (sig - 1);
    if (!(u->saved & bit)) {
        u->old[sig] = sig_actions[sig];
        u->saved |= bit;
    }
}

typedef struct VforkStart {
    CPUState *cpu;
    SysCpuLoop loop;
    VforkUndo *undo;
} VforkStart;

static int vfork_child_main(void *arg)
{
    VforkStart *st = arg;
    CPUState *cpu = st->cpu;
    in_vfork_child = true;
    vfork_undo = st->undo;
    cpu->ts->tid = gettid();
    /* Binds the child's TaskState and sets the host mask from its guest
     * mask (everything was blocked across the clone). */
    signal_thread_init(cpu->ts);
    st->loop(cpu);
    _exit(127); /* not reached: the loop ends through exec or exit */
}

abi_long sys_do_vfork(CPUState *cpu, uint32_t flags, abi_ulong ptid, abi_ulong ctid,
                      CPUState *child, SysCpuLoop loop)
{
    if (!(flags & CLONE_VM) || !(flags & CLONE_VFORK) || (flags & ~(uint32_t)VFORK_OK))
        return -EINVAL;
    if (!child)
        return -ENOMEM;
    int csig = flags & CSIGNAL ? guest_to_host_signal(flags & CSIGNAL) : 0;
    if ((flags & CSIGNAL) && !csig)
        return -EINVAL;
    /* The tid words are written by the host kernel (memory is shared):
     * make sure it can store there (a page holding code is read-only). */
    int *hptid = NULL, *hctid = NULL;
    if (flags & CLONE_PARENT_SETTID) {
        if (!(hptid = sys_lock_write(ptid, 4)))
            return -EFAULT;
    }
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
        if (!(hctid = sys_lock_write(ctid, 4)))
            return -EFAULT;
    }
    void *stack = mmap(NULL, VFORK_STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return -ENOMEM;

    int host_flags =
        CLONE_VM | CLONE_VFORK | csig |
        (int)(flags & (CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
                       CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_IO | CLONE_UNTRACED));
    VforkUndo *undo = calloc(1, sizeof(*undo));
    if (!undo) {
        munmap(stack, VFORK_STACK_SIZE);
        return -ENOMEM;
    }
    bool was_child = in_vfork_child;
    VforkUndo *was_undo = vfork_undo;
    VforkStart st = {.cpu = child, .loop = loop, .undo = undo};

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    fflush(NULL); /* the child may exec: nothing of ours must be pending twice */
    pthread_mutex_lock(&vfork_lock);
    int pid = clone(vfork_child_main, (char *)stack + VFORK_STACK_SIZE, host_flags, &st, hptid,
                    NULL, hctid);
    int err = errno;

    /* Back in the parent: the child has exec'ed or is gone. */
    in_vfork_child = was_child;
    vfork_undo = was_undo;
    current_cpu = cpu;
    for (int sig = 1; sig <= GUEST_NSIG; sig++)
        if (undo->saved & (1ull << (sig - 1)))
            sig_actions[sig] = undo->old[sig];
    pthread_mutex_unlock(&vfork_lock);
    free(undo);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    signal_thread_init(cpu->ts);
    munmap(stack, VFORK_STACK_SIZE);
    /* The child's cpu_exec listed its cpu in the process's cpu list, which
     * is shared memory: unlist it before the caller frees it. */
    cpu_list_remove(child);
    tb_jc_free(child->jc);
    child->jc = NULL;
    return pid > 0 ? pid : -err;
}
