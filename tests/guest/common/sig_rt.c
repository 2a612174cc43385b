/* sig_rt — every real-time signal, 32 through 64, queued with values.
 *
 * The kernel ABI has 33 RT signals, 32..64; glibc keeps 32 and 33 for its
 * NPTL (so SIGRTMIN is 34) and refuses them in sigaction, sigaddset and
 * sigprocmask, but they are ordinary signals to the kernel: this test
 * reaches them with raw syscalls. Checked, with the same source built
 * natively as the reference:
 *   1. all of 32..64 blocked, each queued three times (plus coalescing
 *      SIGUSR1 x3 and SIGUSR2), then unblocked: the handler (which blocks
 *      everything) sees the standard signals first, then 32..64 in order,
 *      each signal's values in the order they were queued;
 *   2. the same with an empty sa_mask: frames nest as the kernel builds
 *      them, so the highest signal's handler runs first;
 *   3. sigwaitinfo / sigtimedwait on RT signals: order, values, si_code,
 *      EAGAIN when empty;
 *   4. signalfd4 on 32, 33, 50 and 64: records in order with ssi_signo,
 *      ssi_code, ssi_int and ssi_pid; the older signalfd on one of them
 *      (signalfd4 without flags on AArch64, which lacks signalfd);
 *   5. rt_sigsuspend letting one of three pending RT signals in (kill);
 *   6. signals sent to the thread (tgkill) come before those sent to the
 *      process (kill, sigqueue), each group in number order.
 */
/* XRUN-XFAIL-QEMU: qemu 7.2 does not queue several instances of one RT signal */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "xt.h"

#define RT_FIRST 32
#define RT_LAST 64
#define BIT(s) (1ull << ((s) - 1))

/* The kernel's struct sigaction (the sigset is 64 bits on every ABI). */
struct ksigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask[8 / sizeof(unsigned long)];
};

static void *restorer;
static unsigned long restorer_flag;

static void dummy(int sig, siginfo_t *si, void *uc) {}

/* glibc's restorer for SA_SIGINFO handlers, learnt from a disposition glibc
 * installed itself (x86_64 needs one; ARM's glibc always passes one). */
static void learn_restorer(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = dummy;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    struct ksigaction k;
    memset(&k, 0, sizeof(k));
    syscall(SYS_rt_sigaction, SIGUSR2, NULL, &k, 8);
    restorer = k.restorer;
    restorer_flag = k.flags & 0x04000000ul; /* SA_RESTORER */
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
}

static int raw_sigaction(int sig, void (*fn)(int, siginfo_t *, void *), int flags, uint64_t mask)
{
    struct ksigaction k;
    memset(&k, 0, sizeof(k));
    k.handler = (void *)fn;
    k.flags = (unsigned long)flags | SA_SIGINFO | restorer_flag;
    k.restorer = restorer;
    memcpy(k.mask, &mask, 8);
    return (int)syscall(SYS_rt_sigaction, sig, &k, NULL, 8);
}

static uint64_t raw_sigmask(int how, uint64_t set)
{
    uint64_t old = 0;
    syscall(SYS_rt_sigprocmask, how, &set, &old, 8);
    return old;
}

static int queue(int sig, int value)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    si.si_signo = sig;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = value;
    return (int)syscall(SYS_rt_sigqueueinfo, getpid(), sig, &si);
}

/* -- Handler log -- */

#define LOG_MAX 256
static volatile int log_sig[LOG_MAX], log_val[LOG_MAX], log_code[LOG_MAX];
static volatile int log_n;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
    int i = log_n++;
    if (i < LOG_MAX) {
        log_sig[i] = sig;
        log_val[i] = si->si_value.sival_int;
        log_code[i] = si->si_code;
    }
}

static void print_log(const char *what)
{
    printf("%s: %d deliveries\n", what, log_n);
    for (int i = 0; i < log_n && i < LOG_MAX; i++)
        printf("  %d:%d%s", log_sig[i], log_sig[i] >= RT_FIRST ? log_val[i] : -1, i % 8 == 7 ? "\n" : "");
    printf("\n");
}

static const uint64_t rt_all = ~0ull << (RT_FIRST - 1);

/* A fixed scrambled order of (signal, copy) pairs. */
static void queue_all_rt(int copies)
{
    for (int k = 0; k < copies; k++)
        for (int i = 0; i <= RT_LAST - RT_FIRST; i++) {
            int sig = RT_FIRST + (i * 13) % (RT_LAST - RT_FIRST + 1);
            CHECK(queue(sig, sig * 100 + k) == 0);
        }
}

static void phase_ordered(void)
{
    for (int s = RT_FIRST; s <= RT_LAST; s++)
        CHECK(raw_sigaction(s, on_sig, 0, ~0ull) == 0);
    CHECK(raw_sigaction(SIGUSR1, on_sig, 0, ~0ull) == 0);
    CHECK(raw_sigaction(SIGUSR2, on_sig, 0, ~0ull) == 0);
    uint64_t old = raw_sigmask(SIG_BLOCK, rt_all | BIT(SIGUSR1) | BIT(SIGUSR2));
    log_n = 0;
    queue_all_rt(3);
    for (int i = 0; i < 3; i++)
        CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(queue(SIGUSR2, 7) == 0);
    uint64_t pend = 0;
    CHECK(syscall(SYS_rt_sigpending, &pend, 8) == 0);
    CHECK(pend == (rt_all | BIT(SIGUSR1) | BIT(SIGUSR2)));
    CHECK(log_n == 0);
    raw_sigmask(SIG_SETMASK, old);
    CHECK(log_n == 2 + 3 * (RT_LAST - RT_FIRST + 1));
    /* Exact order: SIGUSR1 once, SIGUSR2, then each RT signal's three values. */
    int i = 0, bad = 0;
    bad |= log_sig[i++] != SIGUSR1;
    bad |= log_sig[i] != SIGUSR2 || log_val[i] != 7;
    i++;
    for (int s = RT_FIRST; s <= RT_LAST; s++)
        for (int k = 0; k < 3; k++, i++)
            bad |= log_sig[i] != s || log_val[i] != s * 100 + k || log_code[i] != SI_QUEUE;
    CHECK(!bad);
    print_log("ordered");
}

static void phase_nested(void)
{
    for (int s = RT_FIRST; s <= RT_LAST; s++)
        CHECK(raw_sigaction(s, on_sig, 0, 0) == 0);
    uint64_t old = raw_sigmask(SIG_BLOCK, rt_all);
    log_n = 0;
    for (int s = 40; s >= 32; s--) {
        CHECK(queue(s, s * 100) == 0);
        CHECK(queue(s, s * 100 + 1) == 0);
    }
    CHECK(queue(64, 6400) == 0);
    raw_sigmask(SIG_SETMASK, old);
    CHECK(log_n == 19);
    print_log("nested");
}

static void phase_wait(void)
{
    uint64_t old = raw_sigmask(SIG_BLOCK, rt_all);
    CHECK(queue(64, 1) == 0);
    CHECK(queue(SIGRTMIN, 2) == 0);
    CHECK(queue(33, 3) == 0);
    CHECK(queue(SIGRTMIN, 4) == 0);
    CHECK(syscall(SYS_tgkill, getpid(), gettid(), 32) == 0);
    uint64_t set = rt_all;
    siginfo_t si;
    printf("sigwaitinfo:");
    for (int i = 0; i < 5; i++) {
        memset(&si, 0, sizeof(si));
        int r = (int)syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 8);
        CHECK(r == si.si_signo);
        CHECK(si.si_pid == getpid());
        printf(" %d(v%d,%s)", r, si.si_code == SI_QUEUE ? si.si_value.sival_int : 0,
               si.si_code == SI_QUEUE ? "queue" : si.si_code == SI_TKILL ? "tkill" : "?");
    }
    printf("\n");
    struct timespec zero = {0, 0};
    errno = 0;
    int r = (int)syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 8);
    printf("empty: %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "other");
    /* glibc's own sigtimedwait on its SIGRTMIN..SIGRTMAX */
    sigset_t gset;
    sigemptyset(&gset);
    for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
        sigaddset(&gset, s);
    CHECK(queue(SIGRTMAX, 11) == 0);
    CHECK(queue(SIGRTMIN + 5, 12) == 0);
    struct timespec tmo = {1, 0};
    r = sigtimedwait(&gset, &si, &tmo);
    printf("sigtimedwait: %d v%d\n", r - SIGRTMIN, si.si_value.sival_int);
    r = sigwaitinfo(&gset, &si);
    printf("sigwaitinfo: %d v%d\n", r - SIGRTMIN, si.si_value.sival_int);
    raw_sigmask(SIG_SETMASK, old);
}

static void phase_signalfd(void)
{
    uint64_t want = BIT(32) | BIT(33) | BIT(50) | BIT(64);
    uint64_t old = raw_sigmask(SIG_BLOCK, want);
    int fd = (int)syscall(SYS_signalfd4, -1, &want, 8, SFD_NONBLOCK);
    CHECK(fd >= 0);
    CHECK(queue(64, 640) == 0);
    CHECK(queue(50, 500) == 0);
    CHECK(queue(33, 330) == 0);
    CHECK(queue(64, 641) == 0);
    CHECK(syscall(SYS_tgkill, getpid(), gettid(), 32) == 0);
    CHECK(queue(33, 331) == 0);
    struct signalfd_siginfo r[8];
    printf("signalfd:");
    int total = 0;
    for (;;) {
        ssize_t n = read(fd, r, sizeof(r));
        if (n <= 0)
            break;
        CHECK(n % sizeof(r[0]) == 0);
        for (size_t i = 0; i < n / sizeof(r[0]); i++, total++) {
            printf(" %u(%s,v%d)", r[i].ssi_signo,
                   r[i].ssi_code == SI_QUEUE ? "queue" : r[i].ssi_code == SI_TKILL ? "tkill" : "?",
                   r[i].ssi_int);
            CHECK(r[i].ssi_pid == (uint32_t)getpid());
        }
    }
    printf("\n");
    CHECK(total == 6);
    CHECK(errno == EAGAIN);
    close(fd);

    /* The older signalfd syscall (no flags), on one RT signal. */
    uint64_t one = BIT(50);
#ifdef SYS_signalfd
    fd = (int)syscall(SYS_signalfd, -1, &one, 8);
#else /* AArch64 has signalfd4 only: the same call with no flags */
    fd = (int)syscall(SYS_signalfd4, -1, &one, 8, 0);
#endif
    CHECK(fd >= 0);
    CHECK(queue(50, 501) == 0);
    CHECK(queue(64, 642) == 0);
    ssize_t n = read(fd, r, sizeof(r));
    printf("signalfd (old): %d record(s), %u v%d\n", (int)(n / (ssize_t)sizeof(r[0])), r[0].ssi_signo, r[0].ssi_int);
    close(fd);
    uint64_t set64 = BIT(64);
    siginfo_t si;
    struct timespec zero = {0, 0};
    CHECK(syscall(SYS_rt_sigtimedwait, &set64, &si, &zero, 8) == 64 && si.si_value.sival_int == 642);
    raw_sigmask(SIG_SETMASK, old);
}

/* The kernel takes a thread's own signals (tgkill) before the process's
 * (kill, sigqueue), each queue in number order. */
static void phase_queues(void)
{
    for (int s = RT_FIRST; s <= RT_LAST; s++)
        CHECK(raw_sigaction(s, on_sig, 0, ~0ull) == 0);
    CHECK(raw_sigaction(SIGUSR1, on_sig, 0, ~0ull) == 0);
    uint64_t old = raw_sigmask(SIG_BLOCK, rt_all | BIT(SIGUSR1));
    log_n = 0;
    CHECK(queue(35, 3500) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(syscall(SYS_tgkill, getpid(), gettid(), 50) == 0);
    CHECK(queue(33, 3300) == 0);
    CHECK(syscall(SYS_tgkill, getpid(), gettid(), 64) == 0);
    raw_sigmask(SIG_SETMASK, old);
    CHECK(log_n == 5);
    print_log("thread queue first");
}

/* rt_sigsuspend lets exactly one blocked RT signal in (sent with kill),
 * then the old mask is back. */
static void phase_suspend(void)
{
    for (int s = RT_FIRST; s <= RT_LAST; s++)
        CHECK(raw_sigaction(s, on_sig, 0, ~0ull) == 0);
    uint64_t old = raw_sigmask(SIG_BLOCK, rt_all);
    log_n = 0;
    CHECK(kill(getpid(), 64) == 0);
    CHECK(kill(getpid(), 63) == 0);
    CHECK(kill(getpid(), 33) == 0);
    uint64_t during = ~0ull & ~BIT(63);
    errno = 0;
    long r = syscall(SYS_rt_sigsuspend, &during, 8);
    printf("sigsuspend: %ld %s, got %d signal(s): %d code %s\n", r, errno == EINTR ? "EINTR" : "other", log_n,
           log_sig[0], log_code[0] == SI_USER ? "SI_USER" : "other");
    uint64_t now = raw_sigmask(SIG_BLOCK, 0);
    CHECK(now == (old | rt_all));
    log_n = 0;
    uint64_t pend = 0;
    CHECK(syscall(SYS_rt_sigpending, &pend, 8) == 0);
    CHECK(pend == (BIT(33) | BIT(64)));
    raw_sigmask(SIG_SETMASK, old);
    CHECK(log_n == 2 && log_sig[0] == 33 && log_sig[1] == 64);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    learn_restorer();
    printf("SIGRTMIN %d SIGRTMAX %d\n", SIGRTMIN, SIGRTMAX);
    phase_ordered();
    phase_nested();
    phase_wait();
    phase_signalfd();
    phase_suspend();
    phase_queues();
    return xt_done();
}
