/* smc_threads — one thread rewrites a function while others keep calling it.
 *
 * The function is two ARM insns in an RWX page, "movw r0, #v; bx lr", and
 * has a Thumb twin on the same page (the 32-bit movw is stored with one
 * aligned word store, so it is never seen half written). The writer sets
 * v = 1..N in both: it announces v (started), stores the new movw insns,
 * flushes the icache range (__builtin___clear_cache: the cacheflush
 * syscall) and then publishes v (committed). A reader reads committed, calls
 * the function, reads started: the result must lie between the two, i.e. be
 * the old or a newer value, never anything else. Once the writer is done,
 * every reader must see N. A second function on the same page is only
 * called, never written: it must keep returning its own value. The writer
 * waits after each value until every reader has called the function twice
 * more, so that rewrites and calls really interleave; a reader that has
 * called it a few times with no new value yields (more threads than host
 * cores must not starve the writer). */
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>

#define NREADERS 4
#define NVALUES 3000
#define OTHER_VALUE 0x5a5a

typedef unsigned (*Fn)(void);

static uint32_t *code;
static unsigned started, committed, writer_done, failed;
static unsigned long calls[NREADERS]; /* progress of each reader */
static pthread_barrier_t start;

static uint32_t movw_r0(unsigned v)
{
    return 0xe3000000u | ((v >> 12) & 0xf) << 16 | (v & 0xfff); /* movw r0, #v */
}

/* Thumb "movw r0, #v" (T3) as one little-endian word: first halfword
 * 11110 i 10 0100 imm4, second 0 imm3 Rd imm8. */
static uint32_t t32_movw_r0(unsigned v)
{
    uint32_t hw1 = 0xf240u | ((v >> 11) & 1) << 10 | ((v >> 12) & 0xf);
    uint32_t hw2 = ((v >> 8) & 7) << 12 | (v & 0xff);
    return hw1 | hw2 << 16;
}

#define THUMB_WORD 32 /* the Thumb function: code[32] = movw, code[33] = bx lr; nop */

static void *writer(void *arg)
{
    pthread_barrier_wait(&start);
    for (unsigned v = 1; v <= NVALUES; v++) {
        __atomic_store_n(&started, v, __ATOMIC_SEQ_CST);
        __atomic_store_n(&code[0], movw_r0(v), __ATOMIC_RELAXED);
        __atomic_store_n(&code[THUMB_WORD], t32_movw_r0(v), __ATOMIC_RELAXED);
        __builtin___clear_cache((char *)code, (char *)(code + THUMB_WORD + 2));
        __atomic_store_n(&committed, v, __ATOMIC_SEQ_CST);
        unsigned long seen[NREADERS];
        for (int i = 0; i < NREADERS; i++)
            seen[i] = __atomic_load_n(&calls[i], __ATOMIC_SEQ_CST);
        for (int i = 0; i < NREADERS; i++)
            while (__atomic_load_n(&calls[i], __ATOMIC_SEQ_CST) < seen[i] + 2) {
                if (__atomic_load_n(&failed, __ATOMIC_SEQ_CST))
                    return NULL;
                sched_yield();
            }
    }
    __atomic_store_n(&writer_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void *reader(void *arg)
{
    int id = (int)(long)arg;
    Fn f = (Fn)(uintptr_t)code, other = (Fn)(uintptr_t)(code + 16);
    Fn thumb = (Fn)((uintptr_t)(code + THUMB_WORD) | 1);
    unsigned long n = 0;
    unsigned last_lo = 0, same = 0;
    pthread_barrier_wait(&start);
    for (;;) {
        int done = __atomic_load_n(&writer_done, __ATOMIC_SEQ_CST);
        unsigned lo = __atomic_load_n(&committed, __ATOMIC_SEQ_CST);
        unsigned r = f();
        unsigned rt = thumb();
        unsigned hi = __atomic_load_n(&started, __ATOMIC_SEQ_CST);
        n++;
        __atomic_store_n(&calls[id], n, __ATOMIC_SEQ_CST);
        if (r < lo || r > hi) {
            printf("FAIL reader %d call %lu: got %u, committed %u, started %u\n", id, n, r, lo, hi);
            break;
        }
        if (rt < lo || rt > hi) {
            printf("FAIL reader %d Thumb call %lu: got %u, committed %u, started %u\n", id, n, rt,
                   lo, hi);
            break;
        }
        if ((n & 63) == 0 && other() != OTHER_VALUE) {
            printf("FAIL reader %d: the unmodified function returned %u\n", id, other());
            break;
        }
        if (done) {
            if (r != NVALUES || rt != NVALUES) {
                printf("FAIL reader %d: %u and %u after the writer finished, want %u\n", id, r, rt,
                       NVALUES);
                break;
            }
            return NULL;
        }
        same = lo == last_lo ? same + 1 : 0;
        last_lo = lo;
        if (same >= 4)
            sched_yield();
    }
    __atomic_store_n(&failed, 1, __ATOMIC_SEQ_CST);
    return (void *)1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        printf("FAIL mmap\n");
        return 1;
    }
    code[0] = movw_r0(0);
    code[1] = 0xe12fff1eu; /* bx lr */
    code[16] = movw_r0(OTHER_VALUE);
    code[17] = 0xe12fff1eu;
    code[THUMB_WORD] = t32_movw_r0(0);
    code[THUMB_WORD + 1] = 0x4770u | 0xbf00u << 16; /* bx lr; nop */
    __builtin___clear_cache((char *)code, (char *)(code + THUMB_WORD + 2));

    pthread_t r[NREADERS], w;
    pthread_barrier_init(&start, NULL, NREADERS + 1);
    for (long i = 0; i < NREADERS; i++)
        if (pthread_create(&r[i], NULL, reader, (void *)i)) {
            printf("FAIL pthread_create\n");
            return 1;
        }
    if (pthread_create(&w, NULL, writer, NULL)) {
        printf("FAIL pthread_create\n");
        return 1;
    }
    pthread_join(w, NULL);
    int bad = 0;
    unsigned long total = 0;
    for (int i = 0; i < NREADERS; i++) {
        void *res;
        pthread_join(r[i], &res);
        bad |= res != NULL;
        total += calls[i];
    }
    Fn f = (Fn)(uintptr_t)code, thumb = (Fn)((uintptr_t)(code + THUMB_WORD) | 1);
    if (f() != NVALUES || thumb() != NVALUES) {
        printf("FAIL main thread sees %u and %u, want %u\n", f(), thumb(), NVALUES);
        bad = 1;
    }
    if (bad)
        return 1;
    printf("ok smc_threads: %u rewrites, %d readers, %lu calls\n", NVALUES, NREADERS, total);
    return 0;
}
