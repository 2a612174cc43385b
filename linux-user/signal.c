/*
 * Guest signals in user mode: host handlers, the guest's dispositions,
 * queueing and delivery. The guest's signal frames live in <arch>/signal.c;
 * the signal syscalls in signal_syscalls.c.
 *
 * Host dispositions mirror the guest's. A signal the guest ignores or leaves
 * at its default is ignored / left at SIG_DFL on the host too, so the host
 * kernel applies the default action itself: "killed by SIGINT", job-control
 * stops and SIGCHLD auto-reaping are then exactly the native ones. Only
 * signals the guest handles, and the fault signals (SIGSEGV, SIGBUS, SIGILL,
 * SIGFPE, SIGTRAP) that xrun needs for itself, reach sig_host_handler().
 *
 * Likewise the host thread's blocked mask is the guest thread's mask (minus
 * the fault signals), so blocked signals wait in the host kernel, which keeps
 * queueing, sigpending and sigtimedwait semantics for free.
 *
 * A handled signal that arrives is recorded in ts->sigtab[host signal], the
 * cpu is asked to leave generated code (cpu_exit), and the handler returns
 * with that signal blocked (through uc_sigmask) so that its slot cannot be
 * overwritten before process_pending_signals() runs:
 *
 *     SIGINT -> sig_host_handler: sigtab[2] = info, signal_pending = 1, cpu_exit
 *            -> TB entry sees exit_request -> cpu_exec returns EXCP_INTERRUPT
 *            -> cpu loop: process_pending_signals -> frame on the guest stack,
 *               pc = guest handler; host mask = guest mask again
 *
 * Faults: a host SIGSEGV in generated code is first offered to the
 * self-modifying-code protection (page_unprotect); otherwise it is a guest
 * fault, queued as the synchronous signal, and the handler leaves through
 * cpu_loop_exit_restore(), which puts the precise guest pc back. cpu_exec's
 * sigsetjmp does not save the signal mask, so the handler restores the
 * interrupted mask itself before jumping.
 *
 * Numbering is the identity: guest signal n is host signal n for all 64.
 * The guest's own glibc needs its 32 and 33 (SIGCANCEL, SIGSETXID) and its
 * programs may use every RT signal up to 64, so xrun takes host 32/33 too.
 * glibc reserves them for the same two uses, and xrun never relies on
 * either: it never cancels a thread, never changes ids through glibc's
 * set*id() (the guest's setuid and friends are raw per-thread syscalls;
 * the guest's glibc broadcasts them itself with its signal 33) and creates
 * no SIGEV_THREAD timer of its own. glibc refuses 32/33 in sigaction,
 * sigaddset, sigfillset and pthread_sigmask, so every host mask and
 * disposition here goes through raw syscalls on the kernel's 64-bit set
 * (HostSigSet, bit n-1 = signal n). glibc's first pthread_create installs
 * its own handler for 33; sig_host_thread_created() puts the guest's back
 * before the creator unblocks anything. A spare host signal with multiplexing
 * was the alternative; it would make queued values, ordering and signalfd
 * depend on a second queue inside xrun, where identity leaves them all to
 * the host kernel.
 *
 * Order: the host kernel keeps the queues, so RT signals are never lost
 * and keep their values. process_pending_signals() takes the next signal
 * as the kernel's dequeue does -- the fault signals first, then the lowest
 * number, the thread's own queue before the process's -- from the slots of
 * sigtab and from the host's queues (with a zero-timeout sigtimedwait), so
 * frames nest exactly as they would on Linux. Standard signals merge in the host queues; one
 * that arrives again while the first still waits in sigtab is merged by
 * sig_coalesce().
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux-user/gdbstub_user.h"
#include "linux-user/guest.h"
#include "linux-user/signal_priv.h"
#include "syscalls/abi.h"
#include "syscalls/layout.h"
#include "xrun/tb.h"

GuestSigAction sig_actions[GUEST_NSIG + 1];

static pthread_mutex_t sig_table_lock = PTHREAD_MUTEX_INITIALIZER;
static HostSigSet sig_initial_mask;    /* inherited from our parent: the guest's too */
static bool sig_first_thread_bound;

static __thread TaskState *sig_thread_ts;   /* guest thread of this host thread */
static __thread void *sig_thread_altstack;
static __thread bool sig_thread_all_blocked;

#define SIG_HOST_ALTSTACK_SIZE (256 * 1024)

const SignalArch *sig_arch(void) { return user_guest->signal; }

/* -- Numbering -- */

int guest_to_host_signal(int sig)
{
    return sig >= 1 && sig <= GUEST_NSIG ? sig : 0;
}

int host_to_guest_signal(int sig)
{
    return sig >= 1 && sig <= GUEST_NSIG ? sig : 0;
}

HostSigSet hset_get(const sigset_t *set)
{
    /* glibc's sigset_t starts with the kernel's 64 bits (one unsigned long
     * on 64-bit hosts: the same value whatever the byte order). */
    uint64_t v;
    memcpy(&v, set, sizeof(v));
    return v;
}

void hset_put(sigset_t *set, HostSigSet v)
{
    memset(set, 0, sizeof(*set));
    memcpy(set, &v, sizeof(v));
}

void guest_to_host_sigset(sigset_t *out, uint64_t set)
{
    hset_put(out, set);
}

uint64_t host_to_guest_sigset(const sigset_t *set)
{
    return hset_get(set);
}

/* -- Raw host signal calls (glibc would hide 32 and 33) -- */

/* The kernel's struct sigaction on x86_64 and aarch64. */
typedef struct HostKSigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
} HostKSigaction;

#define HOST_SA_RESTORER 0x04000000ul

/* x86_64 needs a restorer that calls rt_sigreturn; glibc's is not exported,
 * so it is read back from a disposition glibc installed (signal_init). */
static unsigned long sig_restorer_flag;
static void *sig_restorer;

static void sig_host_action(int hsig, void *handler, unsigned long flags, HostSigSet mask)
{
    HostKSigaction k = {.handler = handler, .flags = flags, .mask = mask};
    if (handler != (void *)SIG_DFL && handler != (void *)SIG_IGN) {
        k.flags |= sig_restorer_flag;
        k.restorer = sig_restorer;
    }
    syscall(SYS_rt_sigaction, hsig, &k, NULL, sizeof(HostSigSet));
}

/* The same from a glibc struct sigaction (its first 64 mask bits). */
static void sig_host_sigaction(int hsig, const struct sigaction *sa)
{
    void *handler = sa->sa_flags & SA_SIGINFO ? (void *)sa->sa_sigaction : (void *)sa->sa_handler;
    sig_host_action(hsig, handler, (unsigned long)sa->sa_flags, hset_get(&sa->sa_mask));
}

static bool sig_host_get_action(int hsig, HostKSigaction *out)
{
    return syscall(SYS_rt_sigaction, hsig, NULL, out, sizeof(HostSigSet)) == 0;
}

HostSigSet sig_host_setmask(HostSigSet mask)
{
    HostSigSet old = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, &old, sizeof(HostSigSet));
    return old;
}

HostSigSet sig_host_block_all(void)
{
    return sig_host_setmask(~(HostSigSet)0);
}

HostSigSet sig_host_pending(void)
{
    HostSigSet set = 0;
    if (syscall(SYS_rt_sigpending, &set, sizeof(HostSigSet)) != 0)
        return 0;
    return set;
}

/* -- Host masks -- */

/* Signals xrun needs even while the guest blocks them: faults in generated
 * code must always reach us (a blocked fault signal kills the process). */
static bool sig_is_sync(int hsig)
{
    return (HOST_SIG_SYNC & SIG_BIT(hsig)) != 0;
}

void sig_block_all(void)
{
    sig_host_setmask(~HOST_SIG_SYNC);
}

/* Host mask = guest mask, while nothing is waiting in sigtab. */
void sig_apply_host_mask(TaskState *ts)
{
    sig_host_setmask(ts->guest_mask & ~HOST_SIG_SYNC);
    sig_thread_all_blocked = false;
}

void block_signals(void)
{
    sig_block_all();
    sig_thread_all_blocked = true;
}

TaskState *sig_current_ts(void)
{
    CPUState *cpu = current_cpu;
    if (cpu && cpu->ts)
        return cpu->ts;
    return sig_thread_ts;
}

/* -- Default actions -- */

enum { SIG_DFL_TERM, SIG_DFL_CORE, SIG_DFL_IGNORE, SIG_DFL_STOP };

static int sig_default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
        return SIG_DFL_IGNORE;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return SIG_DFL_STOP;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return SIG_DFL_CORE;
    default:
        return SIG_DFL_TERM;
    }
}

static void sig_raise(int hsig)
{
    syscall(SYS_tgkill, getpid(), gettid(), hsig);
}

/* Dies of hsig for real, so that our parent sees the native wait status. */
static _Noreturn void sig_die(int hsig)
{
    if (gdb_user_enabled)
        gdb_user_killed(host_to_guest_signal(hsig));
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sig_host_sigaction(hsig, &sa);
    sig_host_setmask(~SIG_BIT(hsig));
    sig_raise(hsig);
    /* Not reached for a terminating signal; be safe anyway. */
    _exit(128 + hsig);
}

/* Default "stop": let the host kernel stop us, then take the signal back. */
static void sig_default_stop(int hsig)
{
    sig_host_action(hsig, (void *)SIG_DFL, 0, 0);
    HostSigSet old = sig_host_setmask(0);
    sig_host_setmask(old & ~SIG_BIT(hsig));
    sig_raise(hsig);
    sig_host_setmask(old);
    sig_update_host_action(host_to_guest_signal(hsig));
}

static void sig_default(int hsig)
{
    switch (sig_default_action(host_to_guest_signal(hsig))) {
    case SIG_DFL_IGNORE:
        return;
    case SIG_DFL_STOP:
        sig_default_stop(hsig);
        return;
    default:
        sig_die(hsig);
    }
}

/* -- Host handler -- */

static void sig_host_handler(int hsig, siginfo_t *info, void *puc);

/* Makes the host disposition of guest sig mirror the guest's (see top). */
void sig_update_host_action(int sig)
{
    int hsig = guest_to_host_signal(sig);
    if (!hsig || hsig == SIGKILL || hsig == SIGSTOP)
        return;
    const GuestSigAction *ka = &sig_actions[sig];
    void *handler;
    unsigned long flags = 0;
    if (sig_is_sync(hsig) || ka->handler > GUEST_SIG_IGN) {
        /* No SA_RESTART: a guest handler must interrupt blocking host
         * syscalls; the guest's own SA_RESTART is emulated. */
        handler = (void *)sig_host_handler;
        flags = SA_SIGINFO | SA_ONSTACK;
    } else {
        handler = ka->handler == GUEST_SIG_IGN ? (void *)SIG_IGN : (void *)SIG_DFL;
    }
    if (hsig == SIGCHLD)
        flags |= (ka->flags & GUEST_SA_NOCLDSTOP ? SA_NOCLDSTOP : 0) |
                 (ka->flags & GUEST_SA_NOCLDWAIT ? SA_NOCLDWAIT : 0);
    sig_host_action(hsig, handler, flags, ~HOST_SIG_SYNC);
}

static uintptr_t sig_host_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
#error "unsupported host"
#endif
}

static void sig_set_host_pc(ucontext_t *uc, uintptr_t pc)
{
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)pc;
#elif defined(__aarch64__)
    uc->uc_mcontext.pc = pc;
#endif
}

/* True unless the host says the fault was a read. Only write faults can hit
 * pages write-protected for self-modifying code, which are readable. */
static bool sig_is_write_fault(const ucontext_t *uc)
{
#if defined(__x86_64__)
    /* Page-fault error code: bit 1 (value 2) is W/R. */
    return uc->uc_mcontext.gregs[REG_TRAPNO] == 14 && (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
    (void)uc;
    return true;
#endif
}

static _Noreturn void sig_internal_error(int hsig, const siginfo_t *info, uintptr_t host_pc)
{
    char buf[200];
    int n = snprintf(buf, sizeof(buf), "xrun: internal error: host signal %d at pc %#lx (address %p)\n", hsig,
                     (unsigned long)host_pc, info->si_addr);
    if (n > 0 && write(2, buf, (size_t)n)) {
    }
    signal(SIGABRT, SIG_DFL);
    sigset_t abrt;
    sigemptyset(&abrt);
    sigaddset(&abrt, SIGABRT);
    pthread_sigmask(SIG_UNBLOCK, &abrt, NULL);
    abort();
}

/* Leaves the signal handler and generated code for the cpu loop. */
static _Noreturn void sig_leave_generated_code(CPUState *cpu, ucontext_t *uc, uintptr_t host_pc)
{
    cpu->host_pc_fault = host_pc;
    sig_host_setmask(hset_get(&uc->uc_sigmask));
    cpu_loop_exit_restore(cpu, host_pc);
}

static void sig_handle_fault(int hsig, siginfo_t *info, ucontext_t *uc)
{
    uintptr_t host_pc = sig_host_pc(uc);
    bool in_code = tb_in_code_buffer(host_pc);
    bool is_guest = h2g_valid(info->si_addr);
    uint64_t addr = is_guest ? h2g(info->si_addr) : 0;
    bool write = sig_is_write_fault(uc);
    CPUState *cpu = current_cpu;

    if (hsig == SIGSEGV && is_guest && write) {
        int r = page_unprotect(addr, in_code ? host_pc : 0);
        if (r == 1)
            return; /* replay the store */
        if (r == 2 && cpu) {
            /* The TB rewrote itself: rerun the storing insn alone. */
            cpu->cflags_next_tb = 1 | CF_NO_CHAIN;
            sig_leave_generated_code(cpu, uc, host_pc);
        }
    }
    if (!in_code || !cpu || !cpu->ts || (hsig != SIGSEGV && hsig != SIGBUS))
        sig_internal_error(hsig, info, host_pc);

    TaskState *ts = cpu->ts;
    int code;
    if (hsig == SIGSEGV)
        code = is_guest && (page_get_flags(addr) & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
    else
        code = info->si_code == BUS_ADRALN ? BUS_ADRALN : BUS_ADRERR;
    memset(&ts->sync_signal.info, 0, sizeof(ts->sync_signal.info));
    ts->sync_signal.info.si_signo = hsig;
    ts->sync_signal.info.si_code = code;
    ts->sync_signal.info.si_addr = (void *)(uintptr_t)addr;
    ts->sync_signal.pending = 1;
    sig_arch()->fault_info(ts, hsig, code, write);
    ts->sig_fault_addr = addr;
    ts->signal_pending = 1;
    cpu->exception_index = EXCP_INTERRUPT;
    sig_leave_generated_code(cpu, uc, host_pc);
}

static void sig_handle_async(int hsig, siginfo_t *info, ucontext_t *uc)
{
    int sig = host_to_guest_signal(hsig);
    TaskState *ts = sig_current_ts();
    if (!sig)
        return;
    const GuestSigAction *ka = &sig_actions[sig];
    if (ka->handler == GUEST_SIG_IGN)
        return;
    bool blocked = ts && (ts->guest_mask & SIG_BIT(hsig));
    if (ka->handler == GUEST_SIG_DFL && !blocked) {
        /* Only fault signals sent with kill() get here with SIG_DFL. */
        sig_default(hsig);
        return;
    }
    if (!ts) {
        /* A host thread that runs no guest code (one that set its mask
         * with glibc, which leaves 32/33 open): hand the signal back to
         * the process, same siginfo, and keep it out of this thread. */
        if (info->si_code != SI_TKILL)
            syscall(SYS_rt_sigqueueinfo, getpid(), hsig, info);
        hset_put(&uc->uc_sigmask, hset_get(&uc->uc_sigmask) | SIG_BIT(hsig));
        return;
    }
    ts->sigtab[hsig].info = *info;
    ts->sigtab[hsig].pending = 1;
    ts->signal_pending = 1;
    /* Keep this signal blocked until process_pending_signals() has taken
     * it from its slot (a second one then waits in the host kernel); other
     * signals still flow, so e.g. a default SIGTERM still kills us. */
    hset_put(&uc->uc_sigmask, hset_get(&uc->uc_sigmask) | SIG_BIT(hsig));
    if (ts->cpu)
        cpu_exit(ts->cpu);
    /* About to enter a blocking syscall? Make it return at once instead. */
    uintptr_t pc = sig_host_pc(uc);
    if (safe_syscall_interrupt(&pc))
        sig_set_host_pc(uc, pc);
}

static void sig_host_handler(int hsig, siginfo_t *info, void *puc)
{
    int saved_errno = errno;
    /* si_code > 0 (SI_KERNEL included, e.g. a #GP): the kernel raised it
     * because of what this thread executed; <= 0: someone sent it. */
    if (sig_is_sync(hsig) && info->si_code > 0)
        sig_handle_fault(hsig, info, puc);
    else
        sig_handle_async(hsig, info, puc);
    errno = saved_errno;
}

/* -- Setup -- */

void signal_init(void)
{
    /* One disposition through glibc teaches us its restorer (see
     * sig_host_action); every other one is raw. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = sig_host_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    HostKSigaction k;
    if (sig_host_get_action(SIGSEGV, &k)) {
        sig_restorer_flag = k.flags & HOST_SA_RESTORER;
        sig_restorer = k.restorer;
    }
    sig_initial_mask = sig_host_setmask(0);
    sig_host_setmask(sig_initial_mask);
    sig_initial_mask &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    pthread_mutex_lock(&sig_table_lock);
    for (int sig = 1; sig <= GUEST_NSIG; sig++) {
        int hsig = guest_to_host_signal(sig);
        if (!hsig || hsig == SIGKILL || hsig == SIGSTOP)
            continue;
        /* Ignored signals stay ignored across execve: the guest inherits that. */
        HostKSigaction old;
        if (sig_host_get_action(hsig, &old) && !(old.flags & SA_SIGINFO) && old.handler == (void *)SIG_IGN)
            sig_actions[sig].handler = GUEST_SIG_IGN;
        sig_update_host_action(sig);
    }
    pthread_mutex_unlock(&sig_table_lock);
    signal_thread_init(NULL);
}

/* glibc's first pthread_create installs its own SIGSETXID (33) handler
 * and unblocks 32/33 (nptl's late_init). The creator calls this after
 * pthread_create, still with every host signal blocked, so no 33 can meet
 * glibc's handler before the guest's disposition is back. */
void sig_host_thread_created(void)
{
    pthread_mutex_lock(&sig_table_lock);
    sig_update_host_action(32);
    sig_update_host_action(33);
    pthread_mutex_unlock(&sig_table_lock);
}

void signal_thread_init(TaskState *ts)
{
    if (!sig_thread_altstack) {
        void *p = mmap(NULL, SIG_HOST_ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            stack_t ss = {.ss_sp = p, .ss_size = SIG_HOST_ALTSTACK_SIZE, .ss_flags = 0};
            sigaltstack(&ss, NULL);
            sig_thread_altstack = p;
        }
    }
    if (!ts || sig_thread_ts == ts)
        return;
    if (!sig_first_thread_bound && gettid() == getpid()) {
        /* The first guest thread starts with the mask we were given. */
        sig_first_thread_bound = true;
        ts->guest_mask = sig_initial_mask;
    }
    ts->guest_mask &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    sig_thread_ts = ts;
    if (!ts->signal_pending)
        sig_apply_host_mask(ts);
}

TaskState *sig_task(CPUState *cpu)
{
    TaskState *ts = cpu->ts;
    if (ts && sig_thread_ts != ts)
        signal_thread_init(ts);
    return ts;
}

void signal_thread_exit(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    sig_thread_ts = NULL;
    if (sig_thread_altstack) {
        stack_t ss = {.ss_flags = SS_DISABLE};
        sigaltstack(&ss, NULL);
        munmap(sig_thread_altstack, SIG_HOST_ALTSTACK_SIZE);
        sig_thread_altstack = NULL;
    }
}

/* -- Queueing -- */

void force_sig_fault(CPUState *cpu, int sig, int code, abi_ulong addr)
{
    TaskState *ts = cpu->ts;
    int hsig = guest_to_host_signal(sig);
    if (!ts || !hsig)
        return;
    memset(&ts->sync_signal.info, 0, sizeof(ts->sync_signal.info));
    ts->sync_signal.info.si_signo = hsig;
    ts->sync_signal.info.si_code = code;
    ts->sync_signal.info.si_addr = (void *)(uintptr_t)addr;
    ts->sync_signal.pending = 1;
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL)
        sig_arch()->fault_info(ts, hsig, code, false);
    if (sig == SIGSEGV || sig == SIGBUS)
        ts->sig_fault_addr = addr;
    ts->signal_pending = 1;
    cpu_exit(cpu);
}

void sig_force_sigsegv(CPUState *cpu)
{
    force_sig_fault(cpu, SIGSEGV, SI_KERNEL, 0);
}

/* Recorded in sigtab (taken from the host, not yet delivered). */
HostSigSet sig_recorded(const TaskState *ts)
{
    HostSigSet set = 0;
    for (int hsig = 1; hsig <= 64; hsig++)
        if (ts->sigtab[hsig].pending)
            set |= SIG_BIT(hsig);
    return set;
}

bool sig_has_deliverable(TaskState *ts)
{
    return ts->sync_signal.pending || (sig_recorded(ts) & ~ts->guest_mask);
}

/* After the guest mask shrank: anything recorded, or held by the host
 * kernel, that may now be delivered? The host's pending set is looked at
 * too, so that unblocking many signals costs one sigpending instead of a
 * host handler run per signal. */
static void sig_recheck_pending(TaskState *ts)
{
    if (sig_has_deliverable(ts) || (sig_host_pending() & ~ts->guest_mask & ~HOST_SIG_SYNC)) {
        ts->signal_pending = 1;
        if (ts->cpu)
            cpu_exit(ts->cpu);
    }
}

void sig_set_guest_mask(CPUState *cpu, uint64_t mask)
{
    TaskState *ts = cpu->ts;
    sig_block_all();
    ts->guest_mask = mask & ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    sig_mask_changed(ts);
}

/* The signal the kernel's dequeue would pick from set: a fault signal
 * first, then the lowest number (standard before RT); 0 if set is empty. */
int sig_next_in_set(HostSigSet set)
{
    HostSigSet sync = set & (HOST_SIG_SYNC | SIG_BIT(SIGSYS));
    if (sync)
        set = sync;
    return set ? __builtin_ctzll(set) + 1 : 0;
}

/* Takes hsig from the host kernel's queue (all host signals blocked). */
static bool sig_host_take(int hsig, siginfo_t *info)
{
    HostSigSet one = SIG_BIT(hsig);
    struct timespec zero = {0, 0};
    return syscall(SYS_rt_sigtimedwait, &one, info, &zero, sizeof(HostSigSet)) == hsig;
}

/* This thread's private and the process's shared pending sets, from
 * /proc/thread-self/status (SigPnd, ShdPnd); false if unreadable. */
static bool sig_host_pending_split(HostSigSet *priv, HostSigSet *shared)
{
    char buf[2048];
    int fd = open("/proc/thread-self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = 0;
    const char *p = strstr(buf, "\nSigPnd:");
    const char *q = strstr(buf, "\nShdPnd:");
    if (!p || !q)
        return false;
    *priv = strtoull(p + 8, NULL, 16);
    *shared = strtoull(q + 8, NULL, 16);
    return true;
}

/*
 * A standard signal taken from sigtab was still pending from the guest's
 * point of view, so another one of the same number that reached the host
 * queue since then merges with it, as the kernel merges a standard signal
 * into one already pending in the same queue (the thread's own for tkill
 * and tgkill, the process's otherwise). Rare: only a signal arriving
 * between the host handler and the delivery gets here.
 */
static void sig_coalesce(int hsig, const siginfo_t *kept)
{
    HostSigSet priv, shared, bit = SIG_BIT(hsig);
    if (!sig_host_pending_split(&priv, &shared))
        return;
    bool kept_private = kept->si_code == SI_TKILL;
    /* sigtimedwait takes a thread's own signal before the process's. */
    if (kept_private ? (priv & bit) != 0 : (shared & bit) && !(priv & bit)) {
        siginfo_t dropped;
        sig_host_take(hsig, &dropped);
    }
}

/*
 * The next signal of set for ts, in the kernel's order, into *info; false
 * if none is pending. Call with all host signals blocked.
 *
 * The kernel empties the thread's own queue before the process's, each in
 * sig_next_in_set() order. A slot of sigtab counts as the thread's when it
 * came from tkill/tgkill (SI_TKILL), else as the process's; the host's
 * pending set is split by /proc only when there is a choice to make.
 */
bool sig_dequeue(TaskState *ts, HostSigSet set, siginfo_t *info)
{
    for (;;) {
        HostSigSet recorded = sig_recorded(ts) & set;
        HostSigSet host = sig_host_pending() & set;
        HostSigSet rec_priv = 0;
        for (HostSigSet r = recorded; r; r &= r - 1) {
            int s = __builtin_ctzll(r) + 1;
            if (ts->sigtab[s].info.si_code == SI_TKILL)
                rec_priv |= SIG_BIT(s);
        }
        HostSigSet host_priv = 0, host_shared = host;
        if (host && (recorded || (host & (host - 1)))) {
            HostSigSet priv, shared;
            if (sig_host_pending_split(&priv, &shared)) {
                host_priv = host & priv;
                host_shared = host & ~priv;
            }
        }
        HostSigSet first = rec_priv | host_priv;
        HostSigSet from_rec = first ? rec_priv : recorded & ~rec_priv;
        int hsig = sig_next_in_set(first ? first : from_rec | host_shared);
        if (!hsig)
            return false;
        if (from_rec & SIG_BIT(hsig)) {
            /* Older than anything of that number still in the host. */
            *info = ts->sigtab[hsig].info;
            ts->sigtab[hsig].pending = 0;
            if (hsig < 32 && (host & SIG_BIT(hsig)))
                sig_coalesce(hsig, info);
            return true;
        }
        if (sig_host_take(hsig, info))
            return true;
        /* Another thread took a process-wide one first: look again. */
    }
}

/* -- Delivery -- */

/* -strace / -d int: "--- SIGSEGV {si_signo=11, si_code=1, si_addr=0x10} ---", as strace prints it. */
static void sig_log_delivery(int sig, const siginfo_t *info)
{
    FILE *out = log_out ? log_out : stderr;
    const char *name = sig < 32 ? sigabbrev_np(sig) : NULL;
    if (name)
        fprintf(out, "--- SIG%s {si_signo=%d, si_code=%d", name, sig, info->si_code);
    else
        fprintf(out, "--- SIGRT_%d {si_signo=%d, si_code=%d", sig - 32, sig, info->si_code);
    if (info->si_code > 0 && sig_is_sync(info->si_signo))
        fprintf(out, ", si_addr=%#lx", (unsigned long)(uintptr_t)info->si_addr);
    else if (info->si_code <= 0)
        fprintf(out, ", si_pid=%d, si_uid=%u", info->si_pid, (unsigned)info->si_uid);
    fprintf(out, "} ---\n");
}

static void sig_deliver(CPUState *cpu, TaskState *ts, const siginfo_t *info, bool forced)
{
    int hsig = info->si_signo;
    int sig = host_to_guest_signal(hsig);
    if (!sig)
        return;
    GuestSigAction *ka = &sig_actions[sig];

    /* A fault the guest blocks or ignores kills it, as in the kernel. */
    if (forced && (ka->handler == GUEST_SIG_IGN || (ts->guest_mask & SIG_BIT(hsig))))
        ka->handler = GUEST_SIG_DFL;
    if (ka->handler == GUEST_SIG_DFL) {
        sig_default(hsig);
        return;
    }
    if (ka->handler == GUEST_SIG_IGN)
        return;

    if (log_enabled(LOG_STRACE | LOG_INT))
        sig_log_delivery(sig, info);
    const SignalArch *arch = sig_arch();
    if (ts->syscall_restart) {
        ts->syscall_restart = false;
        if (!(ka->flags & GUEST_SA_RESTART))
            arch->syscall_eintr(cpu);
    }
    GuestSiginfo ginfo;
    sig_host_to_guest_siginfo(&ginfo, info);
    uint64_t oldmask = ts->in_sigsuspend ? ts->sigsuspend_mask : ts->guest_mask;
    if (!arch->setup_frame(cpu, sig, ka, (ka->flags & GUEST_SA_SIGINFO) ? &ginfo : NULL, oldmask)) {
        if (sig == SIGSEGV)
            ka->handler = GUEST_SIG_DFL;
        sig_force_sigsegv(cpu);
        return;
    }
    ts->in_sigsuspend = false;
    ts->guest_mask |= ka->mask;
    if (!(ka->flags & GUEST_SA_NODEFER))
        ts->guest_mask |= SIG_BIT(hsig);
    ts->guest_mask &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    if (ka->flags & GUEST_SA_RESETHAND) {
        pthread_mutex_lock(&sig_table_lock);
        ka->handler = GUEST_SIG_DFL;
        sig_update_host_action(sig);
        pthread_mutex_unlock(&sig_table_lock);
    }
}

void process_pending_signals(CPUState *cpu)
{
    TaskState *ts = sig_task(cpu);
    if (!ts)
        return;
    if (!ts->signal_pending && !sig_thread_all_blocked) {
        ts->syscall_restart = false;
        return;
    }
    sig_block_all();
    /* One signal at a time, each under the mask the previous handler set
     * up, as the kernel does on its way back to user mode: frames nest. */
    for (;;) {
        ts->signal_pending = 0;
        siginfo_t info;
        if (ts->sync_signal.pending) {
            info = ts->sync_signal.info;
            ts->sync_signal.pending = 0;
            sig_deliver(cpu, ts, &info, true);
        } else if (sig_dequeue(ts, ~ts->guest_mask, &info)) {
            sig_deliver(cpu, ts, &info, false);
        } else if (!ts->signal_pending) {
            break;
        }
    }
    if (ts->in_sigsuspend) {
        /* Woken without running a handler: the old mask comes back. */
        ts->guest_mask = ts->sigsuspend_mask;
        ts->in_sigsuspend = false;
    }
    ts->syscall_restart = false;
    sig_apply_host_mask(ts);
}

/* -- Alternate stack (shared with signal_syscalls.c and the frames) -- */

static bool sig_on_altstack(const TaskState *ts, abi_ulong sp)
{
    /* As the kernel: with SS_AUTODISARM a frame disarms the stack, so being
     * on it while it is armed means the guest put it there itself. */
    if (ts->sigaltstack_flags & (int)GUEST_SS_AUTODISARM)
        return false;
    return ts->sigaltstack_size && sp > ts->sigaltstack_sp && sp - ts->sigaltstack_sp <= ts->sigaltstack_size;
}

abi_ulong sig_frame_sp(TaskState *ts, abi_ulong sp, abi_ulong flags)
{
    if ((flags & GUEST_SA_ONSTACK) && ts->sigaltstack_size && !sig_on_altstack(ts, sp))
        return ts->sigaltstack_sp + ts->sigaltstack_size;
    return sp;
}

int sig_altstack_flags(const TaskState *ts, abi_ulong sp)
{
    if (!ts->sigaltstack_size)
        return GUEST_SS_DISABLE;
    return (sig_on_altstack(ts, sp) ? GUEST_SS_ONSTACK : 0) | (ts->sigaltstack_flags & (int)GUEST_SS_AUTODISARM);
}

void sig_save_altstack(TaskState *ts, abi_ulong sp, uint64_t out[3])
{
    out[0] = ts->sigaltstack_sp;
    out[1] = ts->sigaltstack_size ? (uint32_t)ts->sigaltstack_flags : GUEST_SS_DISABLE;
    out[2] = ts->sigaltstack_size;
    if (ts->sigaltstack_flags & (int)GUEST_SS_AUTODISARM) {
        ts->sigaltstack_sp = 0;
        ts->sigaltstack_size = 0;
        ts->sigaltstack_flags = GUEST_SS_DISABLE;
    }
    (void)sp;
}

int sig_set_altstack(TaskState *ts, abi_ulong sp, abi_ulong ss_sp, uint32_t ss_flags, abi_ulong ss_size)
{
    if (sig_on_altstack(ts, sp))
        return -EPERM;
    uint32_t mode = ss_flags & ~GUEST_SS_AUTODISARM;
    if (mode == GUEST_SS_DISABLE) {
        ts->sigaltstack_sp = 0;
        ts->sigaltstack_size = 0;
        ts->sigaltstack_flags = GUEST_SS_DISABLE;
        return 0;
    }
    if (mode != 0 && mode != GUEST_SS_ONSTACK)
        return -EINVAL;
    if (ss_size < sig_arch()->minsigstksz)
        return -ENOMEM;
    ts->sigaltstack_sp = ss_sp;
    ts->sigaltstack_size = ss_size;
    ts->sigaltstack_flags = (int)(ss_flags & GUEST_SS_AUTODISARM);
    return 0;
}

bool sig_read_guest_stack(abi_ulong addr, abi_ulong *ss_sp, uint32_t *ss_flags, abi_ulong *ss_size)
{
    const typeof(sys_abi->layouts->stack) *L = &sys_abi->layouts->stack;
    if (!access_ok(PAGE_READ, addr, L->size))
        return false;
    const void *g = g2h(addr);
    *ss_sp = sys_field_get(g, L->f_ss_sp);
    *ss_flags = (uint32_t)sys_field_get(g, L->f_ss_flags);
    *ss_size = sys_field_get(g, L->f_ss_size);
    return true;
}

void sig_restore_altstack(CPUState *cpu, abi_ulong uss)
{
    abi_ulong ss_sp, ss_size;
    uint32_t ss_flags;
    if (sig_read_guest_stack(uss, &ss_sp, &ss_flags, &ss_size))
        sig_set_altstack(cpu->ts, sig_arch()->get_sp(cpu), ss_sp, ss_flags, ss_size);
}

/* -- For signal_syscalls.c -- */

void sig_lock_table(void) { pthread_mutex_lock(&sig_table_lock); }
void sig_unlock_table(void) { pthread_mutex_unlock(&sig_table_lock); }

void sig_mask_changed(TaskState *ts)
{
    sig_recheck_pending(ts);
    if (ts->signal_pending)
        sig_thread_all_blocked = true; /* process_pending_signals() unblocks */
    else
        sig_apply_host_mask(ts);
}
