/* sig_thread — signals aimed at threads, and per-thread masks.
 *
 *   pthread_kill and rt_tgsigqueueinfo to each of four threads reach that
 *   thread only (with the queued value); a thread-directed signal a thread
 *   blocks stays pending for that thread alone until it unblocks; a
 *   process-directed kill goes to the one thread that does not block it;
 *   glibc's own uses of signals 32/33 work across threads: setresuid
 *   broadcasts through SIGSETXID to every thread and waits for them, and
 *   pthread_cancel of a thread sleeping in nanosleep goes through SIGCANCEL.
 * Compared with native.
 * XRUN-LIBS: -lpthread
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "xt.h"

#define NT 4
#define TICK_US 1000

struct slot {
    pthread_t th;
    volatile pid_t tid;
    volatile int usr1, usr2, rt_sig, rt_val, rt_n, wrong;
    volatile int unblock_usr1, pending_usr1;
};

static struct slot slots[NT];
static __thread int my_index = -1;
static volatile int ready, stop;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
    int i = my_index;
    if (i < 0)
        return; /* the main thread: counted by nobody, caught by the checks */
    struct slot *s = &slots[i];
    if (sig == SIGUSR1)
        s->usr1++;
    else if (sig == SIGUSR2)
        s->usr2++;
    else {
        s->rt_sig = sig;
        s->rt_val = si->si_value.sival_int;
        s->rt_n++;
    }
}

static void *thread_main(void *arg)
{
    int i = (int)(long)arg;
    my_index = i;
    slots[i].tid = (pid_t)syscall(SYS_gettid);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    /* Every thread but #2 blocks SIGUSR1. */
    pthread_sigmask(i == 2 ? SIG_UNBLOCK : SIG_BLOCK, &usr1, NULL);
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!stop) {
        if (slots[i].unblock_usr1) {
            sigset_t pend;
            sigpending(&pend);
            slots[i].pending_usr1 = sigismember(&pend, SIGUSR1);
            slots[i].unblock_usr1 = 0;
            pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
        }
        struct timespec t = {0, TICK_US * 1000};
        nanosleep(&t, NULL); /* a cancellation point */
    }
    return NULL;
}

/* Waits (up to 5 s) until *p reaches want. */
static int wait_for(volatile int *p, int want)
{
    for (int n = 0; n < 5000 && *p < want; n++)
        usleep(TICK_US);
    return *p >= want;
}

static int sum(size_t off)
{
    int t = 0;
    for (int i = 0; i < NT; i++)
        t += *(volatile int *)((char *)&slots[i] + off);
    return t;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    for (int i = 0; i < NT; i++)
        sigaction(SIGRTMIN + i, &sa, NULL);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);

    for (int i = 0; i < NT; i++)
        CHECK(pthread_create(&slots[i].th, NULL, thread_main, (void *)(long)i) == 0);
    while (ready < NT)
        usleep(TICK_US);

    /* pthread_kill: each thread in turn, nobody else. */
    for (int i = 0; i < NT; i++) {
        CHECK(pthread_kill(slots[i].th, SIGUSR2) == 0);
        CHECK(wait_for(&slots[i].usr2, 1));
        CHECK(sum(offsetof(struct slot, usr2)) == i + 1);
    }
    printf("pthread_kill: each of %d threads got its own SIGUSR2\n", NT);

    /* rt_tgsigqueueinfo: signal and value reach the named thread. */
    for (int i = 0; i < NT; i++) {
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGRTMIN + i;
        si.si_code = SI_QUEUE;
        si.si_pid = getpid();
        si.si_uid = getuid();
        si.si_value.sival_int = 1000 + i;
        CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), slots[i].tid, SIGRTMIN + i, &si) == 0);
        CHECK(wait_for(&slots[i].rt_n, 1));
        printf("thread %d: RTMIN+%d value %d\n", i, slots[i].rt_sig - SIGRTMIN, slots[i].rt_val);
    }
    CHECK(sum(offsetof(struct slot, rt_n)) == NT);

    /* Thread-directed, blocked by its target: waits for that thread alone. */
    CHECK(pthread_kill(slots[1].th, SIGUSR1) == 0);
    usleep(20 * TICK_US);
    sigset_t pend;
    sigpending(&pend);
    printf("SIGUSR1 to blocking thread 1: delivered %d, pending in main %d\n", slots[1].usr1,
           sigismember(&pend, SIGUSR1));

    /* Process-directed: the only thread that does not block it. */
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(wait_for(&slots[2].usr1, 1));
    printf("kill: SIGUSR1 handled by thread 2: %d, by others %d\n", slots[2].usr1,
           sum(offsetof(struct slot, usr1)) - slots[2].usr1);

    slots[1].unblock_usr1 = 1;
    CHECK(wait_for(&slots[1].usr1, 1));
    printf("thread 1 unblocks: had it pending %d, delivered %d\n", slots[1].pending_usr1, slots[1].usr1);

    /* glibc's SIGSETXID (signal 33): every thread must answer. */
    uid_t u = getuid();
    printf("setresuid broadcast: %d\n", setresuid(u, u, u));
    gid_t g = getgid();
    printf("setresgid broadcast: %d\n", setresgid(g, g, g));

    /* glibc's SIGCANCEL (signal 32): thread 3 is in nanosleep. */
    void *ret = NULL;
    CHECK(pthread_cancel(slots[3].th) == 0);
    CHECK(pthread_join(slots[3].th, &ret) == 0);
    printf("pthread_cancel: %s\n", ret == PTHREAD_CANCELED ? "canceled" : "not canceled");

    stop = 1;
    for (int i = 0; i < NT - 1; i++)
        CHECK(pthread_join(slots[i].th, NULL) == 0);
    CHECK(sum(offsetof(struct slot, usr2)) == NT);
    return xt_done();
}
