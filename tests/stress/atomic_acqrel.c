/* atomic_acqrel — the ARMv8 AArch32 acquire/release instructions under
 * contention: 8 threads x 10^6 increments through an LDAEX/STLEX loop, and a
 * spin lock taken with LDAEX/STREX and released with STL that guards a plain
 * counter (checked with LDA). Totals must be exact.
 * XRUN-ARM-CFLAGS: -march=armv8-a
 * XRUN-CPU: max
 */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 8
#define ITERS 1000000

static volatile unsigned acqrel_counter;
static volatile unsigned lock_word;
static unsigned guarded_counter;
static pthread_barrier_t start;

static inline void ldaex_stlex_inc(volatile unsigned *p)
{
    unsigned v, fail;
    __asm__ volatile("1: ldaex   %0, [%2]\n"
                     "   add     %0, %0, #1\n"
                     "   stlex   %1, %0, [%2]\n"
                     "   cmp     %1, #0\n"
                     "   bne     1b\n"
                     : "=&r"(v), "=&r"(fail)
                     : "r"(p)
                     : "cc", "memory");
}

static inline void spin_lock(volatile unsigned *p)
{
    unsigned v, fail;
    __asm__ volatile("1: ldaex   %0, [%2]\n"
                     "   cmp     %0, #0\n"
                     "   bne     1b\n"
                     "   mov     %0, #1\n"
                     "   strex   %1, %0, [%2]\n"
                     "   cmp     %1, #0\n"
                     "   bne     1b\n"
                     : "=&r"(v), "=&r"(fail)
                     : "r"(p)
                     : "cc", "memory");
}

static inline void spin_unlock(volatile unsigned *p)
{
    __asm__ volatile("stl %1, [%0]" : : "r"(p), "r"(0u) : "memory");
}

static inline unsigned load_acquire(const unsigned *p)
{
    unsigned v;
    __asm__ volatile("lda %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITERS; i++) {
        ldaex_stlex_inc(&acqrel_counter);
        if ((i & 7) == 0) {
            spin_lock(&lock_word);
            guarded_counter++;
            spin_unlock(&lock_word);
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    pthread_barrier_init(&start, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i)) {
            printf("FAIL pthread_create %ld\n", i);
            return 1;
        }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);

    unsigned want = NTHREADS * ITERS, want_guarded = NTHREADS * (ITERS / 8);
    unsigned got = load_acquire((const unsigned *)&acqrel_counter);
    unsigned got_guarded = load_acquire(&guarded_counter);
    int bad = 0;
    if (got != want) {
        printf("FAIL ldaex/stlex counter %u, want %u\n", got, want);
        bad = 1;
    }
    if (got_guarded != want_guarded) {
        printf("FAIL lock-guarded counter %u, want %u\n", got_guarded, want_guarded);
        bad = 1;
    }
    if (bad)
        return 1;
    printf("ok atomic_acqrel: %u + %u increments\n", got, got_guarded);
    return 0;
}
