/* sig_storm — a signal storm over computing threads.
 *
 * Three threads compute (chained integer and floating-point loops over
 * private arrays) and check every round against results computed before
 * the storm. Two sender threads send 100000 signals between them:
 *   - RT signals with a unique value each, half through sigqueue (to the
 *     process) and half through rt_tgsigqueueinfo (to one computing
 *     thread), over SIGRTMIN..SIGRTMIN+3;
 *   - bursts of three tgkill of a standard signal (SIGUSR1 from sender 0,
 *     SIGUSR2 from sender 1) to one computing thread; before its next burst
 *     (and at the end) the sender waits until the previous one has been
 *     handled at least once.
 * Checked: every RT value arrives exactly once, with the signal it was sent
 * with; each standard burst is handled at least once and never more often
 * than sent; the computations never change. RT sends refused with EAGAIN
 * (the queue limit) are retried. The last line starts with "ok" on
 * success; any failure prints a message and exits 1.
 *
 * Build: arm-linux-gnueabihf-gcc -static -O2 -pthread sig_storm.c
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NCOMP 3
#define NSEND 2
#define TOTAL 100000
#define PER_SENDER (TOTAL / NSEND)
#define NRT 4
#define BURST 3
#define ARRAY 2048
#define ID_LIMIT (NSEND * PER_SENDER)

static pid_t comp_tid[NCOMP];
static volatile int comp_ready, stop_compute;
static uint64_t expect_int[NCOMP];
static double expect_fp[NCOMP];
static volatile unsigned long rounds[NCOMP];
static volatile int compute_errors;

static uint8_t seen[ID_LIMIT];          /* RT value -> 1 + signal offset */
static volatile int rt_sent, rt_got, rt_dup, rt_wrong;
static volatile int std_got[2];         /* SIGUSR1, SIGUSR2 handled */
static volatile int std_sent[2], bursts[2], burst_timeouts;

/* -- Computation -- */

static void compute(int seed, uint64_t *out_int, double *out_fp)
{
    uint32_t a[ARRAY];
    double f[64];
    uint32_t x = 0x9e3779b9u * (uint32_t)(seed + 1);
    for (int i = 0; i < ARRAY; i++) {
        x = x * 1664525u + 1013904223u;
        a[i] = x;
    }
    for (int i = 0; i < 64; i++)
        f[i] = 1.0 + i * 0.25 + seed;
    uint64_t h = 0xcbf29ce484222325ull;
    double acc = 0;
    for (int round = 0; round < 8; round++) {
        for (int i = 1; i < ARRAY; i++) {
            uint32_t v = a[i] ^ (a[i - 1] >> 3) ^ (a[(i * 7) & (ARRAY - 1)] << 5);
            v = (v << 13) | (v >> 19);
            a[i] = v + (uint32_t)round;
            h = (h ^ v) * 0x100000001b3ull;
        }
        for (int i = 0; i < 64; i++) {
            f[i] = f[i] * 1.0000001 + (double)(a[i] & 0xff) / 256.0;
            acc += f[i] / (1.0 + (double)i);
        }
    }
    *out_int = h;
    *out_fp = acc;
}

static void *compute_main(void *arg)
{
    int i = (int)(long)arg;
    comp_tid[i] = (pid_t)syscall(SYS_gettid);
    __atomic_add_fetch(&comp_ready, 1, __ATOMIC_SEQ_CST);
    while (!stop_compute) {
        uint64_t h;
        double fp;
        compute(i, &h, &fp);
        if (h != expect_int[i] || fp != expect_fp[i])
            __atomic_add_fetch(&compute_errors, 1, __ATOMIC_SEQ_CST);
        rounds[i]++;
    }
    return NULL;
}

/* -- Handlers -- */

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    int id = si->si_value.sival_int;
    if (si->si_code != SI_QUEUE || id < 0 || id >= ID_LIMIT) {
        __atomic_add_fetch(&rt_wrong, 1, __ATOMIC_SEQ_CST);
        return;
    }
    uint8_t mark = (uint8_t)(1 + sig - SIGRTMIN);
    if (__atomic_exchange_n(&seen[id], mark, __ATOMIC_SEQ_CST) != 0)
        __atomic_add_fetch(&rt_dup, 1, __ATOMIC_SEQ_CST);
    if (sig != SIGRTMIN + id % NRT)
        __atomic_add_fetch(&rt_wrong, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&rt_got, 1, __ATOMIC_SEQ_CST);
}

static void on_std(int sig, siginfo_t *si, void *uc)
{
    __atomic_add_fetch(&std_got[sig == SIGUSR1 ? 0 : 1], 1, __ATOMIC_SEQ_CST);
}

/* -- Senders -- */

static int send_rt(int id, int to_thread)
{
    int sig = SIGRTMIN + id % NRT;
    for (int tries = 0;; tries++) {
        int r;
        if (to_thread) {
            siginfo_t si;
            memset(&si, 0, sizeof(si));
            si.si_signo = sig;
            si.si_code = SI_QUEUE;
            si.si_pid = getpid();
            si.si_uid = getuid();
            si.si_value.sival_int = id;
            r = (int)syscall(SYS_rt_tgsigqueueinfo, getpid(), comp_tid[id % NCOMP], sig, &si);
        } else {
            r = sigqueue(getpid(), sig, (union sigval){.sival_int = id});
        }
        if (r == 0)
            return 0;
        if (errno != EAGAIN || tries > 1000000)
            return -1;
        sched_yield();
    }
}

/* Waits (up to 10 s) until sender s's signal was handled more than
 * `before` times; before < 0: nothing to wait for. */
static int wait_handled(int s, int before)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (before >= 0 && std_got[s] <= before) {
        struct timespec nap = {0, 20000};
        nanosleep(&nap, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - t0.tv_sec > 10)
            return 0;
    }
    return 1;
}

static void *sender_main(void *arg)
{
    int s = (int)(long)arg;
    int sig = s == 0 ? SIGUSR1 : SIGUSR2;
    int sent = 0, k = 0, acked = -1;
    while (sent < PER_SENDER) {
        if (k % 8 == 7 && PER_SENDER - sent >= BURST) {
            /* The previous burst must have been handled at least once
             * before this one goes (it usually has been, long ago). */
            if (!wait_handled(s, acked))
                __atomic_add_fetch(&burst_timeouts, 1, __ATOMIC_SEQ_CST);
            acked = std_got[s];
            int target = comp_tid[(k / 8) % NCOMP];
            for (int b = 0; b < BURST; b++)
                syscall(SYS_tgkill, getpid(), target, sig);
            sent += BURST;
            std_sent[s] += BURST;
            bursts[s]++;
        } else {
            int id = s * PER_SENDER + sent;
            if (send_rt(id, k & 1) != 0) {
                fprintf(stderr, "sig_storm: sending RT value %d failed: %s\n", id, strerror(errno));
                exit(1);
            }
            __atomic_add_fetch(&rt_sent, 1, __ATOMIC_SEQ_CST);
            sent++;
        }
        k++;
    }
    if (!wait_handled(s, acked))
        __atomic_add_fetch(&burst_timeouts, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int fail(const char *msg)
{
    printf("FAIL: %s\n", msg);
    return 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < NCOMP; i++)
        compute(i, &expect_int[i], &expect_fp[i]);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sa.sa_sigaction = on_rt;
    for (int i = 0; i < NRT; i++)
        sigaction(SIGRTMIN + i, &sa, NULL);
    sa.sa_sigaction = on_std;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);

    pthread_t comp[NCOMP], send[NSEND];
    for (int i = 0; i < NCOMP; i++)
        if (pthread_create(&comp[i], NULL, compute_main, (void *)(long)i) != 0)
            return fail("pthread_create");
    while (comp_ready < NCOMP)
        sched_yield();

    /* Only the computing threads take the signals. */
    sigset_t all;
    sigemptyset(&all);
    for (int i = 0; i < NRT; i++)
        sigaddset(&all, SIGRTMIN + i);
    sigaddset(&all, SIGUSR1);
    sigaddset(&all, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &all, NULL);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < NSEND; i++)
        if (pthread_create(&send[i], NULL, sender_main, (void *)(long)i) != 0)
            return fail("pthread_create");
    for (int i = 0; i < NSEND; i++)
        pthread_join(send[i], NULL);
    /* Wait for the RT queue to drain. */
    for (int n = 0; n < 30000 && rt_got < rt_sent; n++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    stop_compute = 1;
    for (int i = 0; i < NCOMP; i++)
        pthread_join(comp[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);

    int missing = 0;
    for (int i = 0; i < ID_LIMIT; i++)
        missing += seen[i] == 0;
    int rt_expected = rt_sent;
    int nbursts = bursts[0] + bursts[1];
    printf("sent %d signals: %d RT, %d standard in %d bursts\n", rt_sent + std_sent[0] + std_sent[1], rt_sent,
           std_sent[0] + std_sent[1], nbursts);
    printf("handled: %d RT (%d duplicates, %d wrong), %d+%d standard\n", rt_got, rt_dup, rt_wrong, std_got[0],
           std_got[1]);
    printf("rounds: %lu %lu %lu, compute errors %d, %.2f s\n", rounds[0], rounds[1], rounds[2], compute_errors,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (rt_sent + std_sent[0] + std_sent[1] != TOTAL)
        return fail("not every signal was sent");
    if (rt_got != rt_expected || missing != ID_LIMIT - rt_expected)
        return fail("RT signals lost");
    if (rt_dup || rt_wrong)
        return fail("RT signals duplicated or with the wrong signal/value");
    if (burst_timeouts)
        return fail("a burst of standard signals was never handled");
    for (int s = 0; s < 2; s++)
        if (std_got[s] < bursts[s] || std_got[s] > std_sent[s])
            return fail("standard signal count outside [bursts, sent]");
    if (compute_errors)
        return fail("a computation changed under signals");
    for (int i = 0; i < NCOMP; i++)
        if (!rounds[i])
            return fail("a computing thread made no progress");
    printf("ok: %d RT exact, %d standard bursts handled\n", rt_got, nbursts);
    return 0;
}
