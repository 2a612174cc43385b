/*
 * The program tests/gdb/run.sh debugs. Line numbers matter to the suite:
 * it finds them by the "L:" markers, never by number.
 *
 *   prog            func(0x1234, 0x5678) with q0 set, a second thread, exit 0
 *   prog segv       a store to address 0 (SIGSEGV)
 *   prog spin       loops until the "stop" variable is set
 *   prog loop       sum of twice(0..2), calling marker(i) after each
 *   prog work       a hot loop in spin_work (for perf)
 *   prog ticks      a second thread counts "ticks" while main calls marker(7)
 *   prog usr1       raises SIGUSR1 (handled) and says whether the handler ran
 *   prog workers    four threads call twice() 2000 times each
 *   prog exec       runs itself again as "prog loop" (execv)
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile uint32_t array[4] = {0xdeadbeef, 0xcafef00d, 0x01234567, 0x89abcdef};
static const uint32_t qvals[4] = {0x10203040, 0x50607080, 0x90a0b0c0, 0xd0e0f001};
volatile int counter;
volatile int stop;
volatile unsigned ticks;

__attribute__((noinline)) int twice(int x)
{
    return 2 * x; /* L:twice */
}

__attribute__((noinline)) int func(int a, int b)
{
    int s = a + b; /* L:func-first */
    s = twice(s);  /* L:func-call */
    s += 1;        /* L:func-after */
    return s;
}

__attribute__((noinline)) unsigned spin_work(unsigned n)
{
    unsigned x = 1;
    for (unsigned i = 0; i < n; i++)
        x = x * 1103515245u + 12345u;
    return x;
}

__attribute__((noinline)) void marker(int i)
{
    counter += i; /* L:marker */
}

__attribute__((noinline)) void *thread_func(void *arg)
{
    counter += (int)(intptr_t)arg; /* L:thread */
    return NULL;
}

static volatile int usr1_seen;

static void on_usr1(int sig)
{
    usr1_seen = sig;
}

static void *worker(void *arg)
{
    int s = 0;
    for (int i = 0; i < 2000; i++)
        s += twice(i);
    __atomic_add_fetch(&counter, s, __ATOMIC_SEQ_CST);
    return arg;
}

static void *ticker(void *arg)
{
    while (!stop)
        ticks++;
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exec")) {
        char *args[] = {argv[0], "loop", NULL};
        execv(argv[0], args);
        return 9;
    }
    if (argc > 1 && !strcmp(argv[1], "workers")) {
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, worker, NULL);
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
        printf("workers: %d\n", counter);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "usr1")) {
        signal(SIGUSR1, on_usr1);
        raise(SIGUSR1);
        printf("usr1 handler ran: %s\n", usr1_seen == SIGUSR1 ? "yes" : "no");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "ticks")) {
        pthread_t th;
        pthread_create(&th, NULL, ticker, NULL);
        while (ticks < 1000)
            continue;
        marker(7);
        stop = 1;
        pthread_join(th, NULL);
        printf("ticked\n");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "segv")) {
        volatile int *p = (volatile int *)0;
        *p = 1; /* L:segv */
        return 3;
    }
    if (argc > 1 && !strcmp(argv[1], "spin")) {
        unsigned long n = 0;
        while (!stop)
            n++;
        printf("spun\n");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "work")) {
        printf("work: %u\n", spin_work(40000000u));
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "loop")) {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += twice(i);
            marker(i);
        }
        printf("sum: %d\n", sum);
        return 0;
    }
#ifdef __aarch64__
    __asm__ volatile("ld1 {v0.4s}, [%0]" : : "r"(qvals) : "v0", "memory");
#else
    __asm__ volatile("vld1.32 {d0, d1}, [%0]" : : "r"(qvals) : "d0", "d1", "memory");
#endif
    int r = func(0x1234, 0x5678);
    printf("func: %d\n", r);
    pthread_t th;
    pthread_create(&th, NULL, thread_func, (void *)(intptr_t)5);
    pthread_join(th, NULL);
    printf("counter: %d\n", counter);
    return 0;
}
