/* sig_info — the siginfo a SA_SIGINFO handler receives, and the
 * SA_NODEFER / SA_RESETHAND flags. Compared with native.
 *
 *   kill -> SI_USER + pid/uid; tgkill -> SI_TKILL; sigqueue -> SI_QUEUE +
 *   value; a POSIX timer -> SI_TIMER + value; setitimer -> SI_KERNEL;
 *   SIGCHLD for a child that exits, is killed, stops and continues ->
 *   CLD_* + pid + status; SIGSEGV on an unmapped / read-only page ->
 *   SEGV_MAPERR / SEGV_ACCERR + the exact address.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xt.h"

static volatile int got_sig, got_code, got_errno, got_pid, got_uid, got_val, got_status, got_n;
static void *volatile got_addr;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    got_sig = si->si_signo == sig ? sig : -1;
    got_code = si->si_code;
    got_errno = si->si_errno;
    got_pid = si->si_pid;
    got_uid = si->si_uid;
    got_val = si->si_value.sival_int;
    got_status = si->si_status;
    got_addr = si->si_addr;
    got_n++;
}

static void handle(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static const char *code_name(int c)
{
    switch (c) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_TIMER: return "SI_TIMER";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "?";
    }
}

static const char *chld_name(int c)
{
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "?";
    }
}

static void sent_signals(void)
{
    handle(SIGUSR1, 0);
    got_n = 0;
    kill(getpid(), SIGUSR1);
    printf("kill: sig %d %s pid %s uid %s errno %d\n", got_sig, code_name(got_code),
           got_pid == getpid() ? "self" : "other", got_uid == (int)getuid() ? "self" : "other", got_errno);
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    printf("tgkill: sig %d %s pid %s\n", got_sig, code_name(got_code), got_pid == getpid() ? "self" : "other");
    handle(SIGRTMIN + 3, 0);
    sigqueue(getpid(), SIGRTMIN + 3, (union sigval){.sival_int = -123456});
    printf("sigqueue: sig RTMIN+%d %s value %d pid %s\n", got_sig - SIGRTMIN, code_name(got_code), got_val,
           got_pid == getpid() ? "self" : "other");
    CHECK(got_n == 3);
}

static void timers(void)
{
    handle(SIGRTMIN + 1, 0);
    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 1;
    sev.sigev_value.sival_int = 4242;
    timer_t t;
    CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    struct itimerspec its = {.it_value = {0, 2000000}};
    got_n = 0;
    CHECK(timer_settime(t, 0, &its, NULL) == 0);
    while (!got_n)
        pause();
    printf("timer: sig RTMIN+%d %s value %d\n", got_sig - SIGRTMIN, code_name(got_code), got_val);
    timer_delete(t);

    handle(SIGALRM, 0);
    struct itimerval it = {.it_value = {0, 2000}};
    got_n = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (!got_n)
        pause();
    printf("setitimer: sig %d %s\n", got_sig, code_name(got_code));
}

/* One SIGCHLD, waited for with sigsuspend. */
static void wait_chld(const char *what)
{
    sigset_t none;
    sigemptyset(&none);
    while (!got_n)
        sigsuspend(&none);
    printf("%s: sig %d %s pid %s status %d\n", what, got_sig, chld_name(got_code),
           got_pid > 0 && got_pid != getpid() ? "child" : "other", got_status);
    got_n = 0;
}

static void children(void)
{
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    handle(SIGCHLD, 0);
    got_n = 0;

    pid_t p = fork();
    if (p == 0)
        _exit(3);
    wait_chld("exit 3");
    CHECK(waitpid(p, NULL, 0) == p);

    p = fork();
    if (p == 0) {
        for (;;)
            pause();
    }
    kill(p, SIGTERM);
    wait_chld("SIGTERM");
    int st;
    CHECK(waitpid(p, &st, 0) == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);

    /* The child exits only when told: two SIGCHLDs pending at once would
     * coalesce into one. */
    int go[2];
    CHECK(pipe(go) == 0);
    p = fork();
    if (p == 0) {
        char c;
        raise(SIGSTOP);
        _exit(read(go[0], &c, 1) == 1 ? 5 : 6);
    }
    wait_chld("stopped");
    CHECK(waitpid(p, &st, WUNTRACED) == p && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
    kill(p, SIGCONT);
    wait_chld("continued");
    CHECK(write(go[1], "x", 1) == 1);
    wait_chld("exit 5");
    close(go[0]);
    close(go[1]);
    CHECK(waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 5);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static sigjmp_buf jb;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    on_info(sig, si, uc);
    siglongjmp(jb, 1);
}

static void faults(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    munmap(m + pg, pg);
    mprotect(m, pg, PROT_READ);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    volatile char *unmapped = m + pg + 123;
    volatile char *ro = m + 77;
    if (!sigsetjmp(jb, 1))
        (void)*unmapped;
    printf("read unmapped: sig %d %s addr %s\n", got_sig, got_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?",
           got_addr == (void *)unmapped ? "exact" : "wrong");
    if (!sigsetjmp(jb, 1))
        *ro = 1;
    printf("write read-only: sig %d %s addr %s\n", got_sig, got_code == SEGV_ACCERR ? "SEGV_ACCERR" : "?",
           got_addr == (void *)ro ? "exact" : "wrong");
    munmap(m, pg);
}

/* -- SA_NODEFER, SA_RESETHAND -- */

static volatile int depth, max_depth, blocked_inside, raises_left, entries;

static void on_nested(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    blocked_inside = sigismember(&cur, sig);
    if (++depth > max_depth)
        max_depth = depth;
    entries++;
    if (raises_left > 0) {
        raises_left--;
        raise(sig);
    }
    depth--;
}

static void flags(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR2, &sa, NULL);
    depth = max_depth = entries = 0;
    raises_left = 2;
    raise(SIGUSR2);
    printf("SA_NODEFER: depth %d, runs %d, blocked inside %d\n", max_depth, entries, blocked_inside);

    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    depth = max_depth = entries = 0;
    raises_left = 2;
    raise(SIGUSR2);
    printf("default: depth %d, runs %d, blocked inside %d\n", max_depth, entries, blocked_inside);

    /* Once: the disposition is SIG_DFL again when the handler runs. */
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    depth = max_depth = entries = raises_left = 0;
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &old);
    printf("SA_RESETHAND: depth %d, blocked inside %d, now %s\n", max_depth, blocked_inside,
           old.sa_handler == SIG_DFL ? "SIG_DFL" : "still handled");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sent_signals();
    timers();
    children();
    faults();
    flags();
    return xt_done();
}
