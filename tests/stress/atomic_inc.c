/* atomic_inc — 8 threads increment shared counters 10^6 times each: one
 * counter through an LDREX/STREX loop written in asm, one through
 * __atomic_fetch_add, one under a lock made of __atomic_exchange. Every
 * total must be exact. Threads start together at a barrier so that they
 * really contend. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 8
#define ITERS 1000000

static volatile unsigned excl_counter;
static unsigned builtin_counter;
static unsigned lock_word, locked_counter;
static pthread_barrier_t start;

static inline void ldrex_strex_inc(volatile unsigned *p)
{
    unsigned v, fail;
    __asm__ volatile("1: ldrex   %0, [%2]\n"
                     "   add     %0, %0, #1\n"
                     "   strex   %1, %0, [%2]\n"
                     "   cmp     %1, #0\n"
                     "   bne     1b\n"
                     : "=&r"(v), "=&r"(fail)
                     : "r"(p)
                     : "cc", "memory");
}

static void *worker(void *arg)
{
    int kind = (int)(long)arg % 3;
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITERS; i++) {
        ldrex_strex_inc(&excl_counter);
        __atomic_fetch_add(&builtin_counter, 1, __ATOMIC_RELAXED);
        if (kind == 0 || (i & 15) == 0) {
            while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
                ;
            locked_counter++;
            __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
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

    unsigned want = NTHREADS * ITERS, want_locked = 0;
    for (int i = 0; i < NTHREADS; i++)
        want_locked += i % 3 == 0 ? ITERS : (ITERS + 15) / 16;
    int bad = 0;
    if (excl_counter != want) {
        printf("FAIL ldrex/strex counter %u, want %u\n", excl_counter, want);
        bad = 1;
    }
    if (builtin_counter != want) {
        printf("FAIL __atomic counter %u, want %u\n", builtin_counter, want);
        bad = 1;
    }
    if (locked_counter != want_locked) {
        printf("FAIL locked counter %u, want %u\n", locked_counter, want_locked);
        bad = 1;
    }
    if (bad)
        return 1;
    printf("ok atomic_inc: %u + %u + %u increments\n", excl_counter, builtin_counter,
           locked_counter);
    return 0;
}
