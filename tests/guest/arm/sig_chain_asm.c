/* sig_chain_asm — asynchronous signals that land inside chained loops.
 *
 * Each loop below starts with a syscall (so the cpu's stored pc is the one
 * after the svc), then bumps r8 once and runs a loop made of chained
 * blocks: register-only with a branch inside the body, with loads and
 * stores, and with IT blocks (plain conditional execution in A32). A 1 ms
 * timer interrupts the loops many times, in four threads at once. When a
 * signal is taken at the entry of a chained block, the guest must resume at
 * that block: resuming at an earlier one (the block after the svc) would run
 * the "add r8, #1" twice and restart the loop with half-updated registers.
 *
 * Every round's r0..r12 are compared with a round run before the timer was
 * armed; the signal count is checked to be large, so the test cannot pass
 * without signals having landed. */
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include "xt.h"

#define NTHREADS 4
#define ROUNDS 40
#define ITERS 60000

typedef struct Regs {
    uint32_t r[13];
} Regs;

static volatile uint32_t ticks;
static uint32_t membuf[NTHREADS][64];

static void on_alarm(int sig)
{
    /* Clobber what the handler may (the frame must restore it) and count. */
    volatile uint32_t scratch[16];
    for (int i = 0; i < 16; i++)
        scratch[i] = (uint32_t)i * 0x01010101u;
    __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
}

/* Common prologue: io in r0; load r1..r12 (not r7) from io->r[1..12],
 * getpid through svc, r7 = 0, r8 += 1. Common epilogue: push r0..r12, copy
 * them to io. The stack holds io at [sp] between the two. */
#define LOOP_PROLOGUE                                                          \
    "push {r4-r11, lr}\n\t"                                                    \
    "push {r0}\n\t"                                                            \
    "ldr r1, [r0, #4]\n\tldr r2, [r0, #8]\n\tldr r3, [r0, #12]\n\t"            \
    "ldr r4, [r0, #16]\n\tldr r5, [r0, #20]\n\tldr r6, [r0, #24]\n\t"          \
    "ldr r8, [r0, #32]\n\tldr r9, [r0, #36]\n\tldr r10, [r0, #40]\n\t"         \
    "ldr r11, [r0, #44]\n\tldr r12, [r0, #48]\n\t"                             \
    "mov r7, #20\n\t" /* getpid */                                             \
    "svc #0\n\t"                                                               \
    "mov r7, #0\n\t"                                                           \
    "add r8, r8, #1\n\t"                                                       \
    "mov r0, #0\n\t"

#define LOOP_EPILOGUE                                                          \
    "push {r0-r12}\n\t"                                                        \
    "ldr r0, [sp, #52]\n\t"                                                    \
    "mov r1, #0\n"                                                             \
    "9:\n\t"                                                                   \
    "ldr r2, [sp, r1]\n\t"                                                     \
    "str r2, [r0, r1]\n\t"                                                     \
    "add r1, r1, #4\n\t"                                                       \
    "cmp r1, #52\n\t"                                                          \
    "bne 9b\n\t"                                                               \
    "add sp, sp, #56\n\t"                                                      \
    "pop {r4-r11, pc}\n\t"

/* Register-only; the body is two blocks (a forward branch splits it). */
__attribute__((naked, noinline)) static void loop_reg(Regs *io)
{
    __asm__ volatile(LOOP_PROLOGUE
                     "1:\n\t"
                     "add r1, r1, r0\n\t"
                     "eor r2, r2, r1, ror #3\n\t"
                     "add r3, r3, r2\n\t"
                     "sub r4, r4, r1\n\t"
                     "tst r0, #7\n\t"
                     "bne 2f\n\t"
                     "eor r5, r5, r3\n\t"
                     "add r6, r6, r5, lsl #1\n"
                     "2:\n\t"
                     "add r7, r7, r4\n\t"
                     "eor r10, r10, r7\n\t"
                     "add r11, r11, r10, lsr #2\n\t"
                     "sub r12, r12, r11\n\t"
                     "add r0, r0, #1\n\t"
                     "cmp r0, r9\n\t"
                     "bne 1b\n\t" LOOP_EPILOGUE);
}

/* Loads and stores: r10 points at a 64-word buffer, r11 is an index. */
__attribute__((naked, noinline)) static void loop_mem(Regs *io)
{
    __asm__ volatile(LOOP_PROLOGUE
                     "1:\n\t"
                     "and r11, r0, #63\n\t"
                     "ldr r1, [r10, r11, lsl #2]\n\t"
                     "add r1, r1, r0\n\t"
                     "eor r1, r1, r2\n\t"
                     "str r1, [r10, r11, lsl #2]\n\t"
                     "add r2, r2, r1, ror #7\n\t"
                     "ldrb r3, [r10, r11]\n\t"
                     "add r4, r4, r3\n\t"
                     "strh r4, [r10, #2]\n\t"
                     "add r5, r5, r4\n\t"
                     "ldm r10, {r6, r12}\n\t"
                     "add r7, r7, r12\n\t"
                     "add r0, r0, #1\n\t"
                     "cmp r0, r9\n\t"
                     "bne 1b\n\t" LOOP_EPILOGUE);
}

/* IT blocks in T32 (conditional execution in A32). */
__attribute__((naked, noinline)) static void loop_it(Regs *io)
{
    __asm__ volatile(LOOP_PROLOGUE
                     "1:\n\t"
                     "and r1, r0, #3\n\t"
                     "cmp r1, #1\n\t"
                     "ite lt\n\t"
                     "addlt r2, r2, r0\n\t"
                     "subge r2, r2, r1\n\t"
                     "cmp r2, r3\n\t"
                     "ittee hi\n\t"
                     "addhi r4, r4, #3\n\t"
                     "eorhi r5, r5, r2\n\t"
                     "subls r4, r4, #1\n\t"
                     "addls r6, r6, r2\n\t"
                     "tst r0, #1\n\t"
                     "itt eq\n\t"
                     "addeq r7, r7, r4\n\t"
                     "eoreq r10, r10, r7\n\t"
                     "add r11, r11, r5\n\t"
                     "add r12, r12, r6\n\t"
                     "add r0, r0, #1\n\t"
                     "cmp r0, r9\n\t"
                     "bne 1b\n\t" LOOP_EPILOGUE);
}

typedef void LoopFn(Regs *);
static LoopFn *const loops[3] = {loop_reg, loop_mem, loop_it};
static const char *const loop_names[3] = {"register-only", "memory", "IT blocks"};

static void seed(Regs *io, int kind, int t)
{
    for (int i = 0; i < 13; i++)
        io->r[i] = 0x9e3779b9u * (uint32_t)(i + 1) + (uint32_t)t;
    io->r[8] = 0;
    io->r[9] = ITERS;
    if (kind == 1) {
        io->r[10] = (uint32_t)(uintptr_t)membuf[t];
        for (int i = 0; i < 64; i++)
            membuf[t][i] = (uint32_t)i * 3u;
    }
}

static Regs expected[NTHREADS][3];
static int mismatches[NTHREADS][3];

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < 3; k++) {
            Regs io;
            seed(&io, k, t);
            loops[k](&io);
            if (memcmp(&io, &expected[t][k], sizeof io) != 0) {
                if (mismatches[t][k]++ == 0) {
                    for (int i = 0; i < 13; i++)
                        if (io.r[i] != expected[t][k].r[i])
                            fprintf(stderr, "thread %d %s round %d: r%d = %08x, want %08x\n", t,
                                    loop_names[k], round, i, io.r[i], expected[t][k].r[i]);
                }
            }
        }
    }
    return NULL;
}

int main(void)
{
    for (int t = 0; t < NTHREADS; t++)
        for (int k = 0; k < 3; k++) {
            seed(&expected[t][k], k, t);
            loops[k](&expected[t][k]);
            CHECK(expected[t][k].r[8] == 1);
        }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    /* Only the workers take the timer's signal. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    struct itimerval it = {{0, 1000}, {0, 1000}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);

    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++)
        CHECK(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t) == 0);
    for (int t = 0; t < NTHREADS; t++)
        pthread_join(th[t], NULL);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);

    for (int k = 0; k < 3; k++) {
        int bad = 0;
        for (int t = 0; t < NTHREADS; t++)
            bad += mismatches[t][k];
        printf("%s loop: %d of %d rounds wrong\n", loop_names[k], bad, NTHREADS * ROUNDS);
    }
    printf("many signals landed: %s\n", ticks >= 50 ? "yes" : "no");
    return 0;
}
