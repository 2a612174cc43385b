/* tb_flush_threads — more distinct code than the code buffer holds, made by
 * several threads at once, so that the translator empties its buffer many
 * times while other threads run translated code.
 *
 * Each JIT thread owns an RWX region. In batches, it writes functions of
 * 8..40 ARM insns with random immediates ("movw r0, #a" then a mix of add,
 * eor and sub immediates, "bx lr"), flushes the icache range, calls each
 * function and compares with the value computed in C. Two more threads run
 * ordinary compiled code (a hash of a table) and check their results, and
 * one more sits blocked in read() on a pipe the whole time (as the main
 * thread does in pthread_join): a thread in a syscall must not hold up a
 * flush, or the run times out. The buffer is made small with -tb-size 1 so
 * that flushes come every few hundred functions.
 * XRUN-OPTS: -tb-size 1
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NJIT 4
#define NCOMPUTE 2
#define BATCHES 60
#define FUNCS_PER_BATCH 64
#define MAX_INSNS 42
#define REGION_WORDS (FUNCS_PER_BATCH * MAX_INSNS)
#define DATA_WORDS 2048

typedef unsigned (*Fn)(void);

static int stop, failed;
static unsigned long jit_calls[NJIT], compute_rounds[NCOMPUTE];
static uint32_t data[DATA_WORDS], data_sum;

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Writes one function at code; returns the number of words and sets *value
 * to what it returns. */
static int write_function(uint32_t *code, uint32_t *seed, uint32_t *value)
{
    int n = 0, len = 8 + (int)(rng_next(seed) % 33);
    uint32_t v = rng_next(seed) & 0xffff;
    code[n++] = 0xe3000000u | ((v >> 12) & 0xf) << 16 | (v & 0xfff); /* movw r0, #v */
    for (int i = 0; i < len; i++) {
        uint32_t imm = rng_next(seed) & 0xff;
        switch (rng_next(seed) % 3) {
        case 0:
            code[n++] = 0xe2800000u | imm;
            v += imm;
            break; /* add r0, r0, #imm */
        case 1:
            code[n++] = 0xe2200000u | imm;
            v ^= imm;
            break; /* eor r0, r0, #imm */
        default:
            code[n++] = 0xe2400000u | imm;
            v -= imm;
            break; /* sub r0, r0, #imm */
        }
    }
    code[n++] = 0xe12fff1eu; /* bx lr */
    *value = v;
    return n;
}

static void *jit(void *arg)
{
    int id = (int)(long)arg;
    uint32_t *region = mmap(NULL, REGION_WORDS * 4, PROT_READ | PROT_WRITE | PROT_EXEC,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        printf("FAIL jit %d: mmap\n", id);
        __atomic_store_n(&failed, 1, __ATOMIC_SEQ_CST);
        return NULL;
    }
    uint32_t seed = 0x9e3779b9u * (uint32_t)(id + 1);
    for (int b = 0; b < BATCHES && !__atomic_load_n(&failed, __ATOMIC_SEQ_CST); b++) {
        uint32_t *fn[FUNCS_PER_BATCH], want[FUNCS_PER_BATCH];
        uint32_t *p = region;
        for (int i = 0; i < FUNCS_PER_BATCH; i++) {
            fn[i] = p;
            p += write_function(p, &seed, &want[i]);
        }
        __builtin___clear_cache((char *)region, (char *)p);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < FUNCS_PER_BATCH; i++) {
                uint32_t got = ((Fn)(uintptr_t)fn[i])();
                if (got != want[i]) {
                    printf("FAIL jit %d batch %d function %d: got %#x, want %#x\n", id, b, i, got,
                           want[i]);
                    __atomic_store_n(&failed, 1, __ATOMIC_SEQ_CST);
                    return NULL;
                }
                jit_calls[id]++;
            }
        }
    }
    munmap(region, REGION_WORDS * 4);
    return NULL;
}

static uint32_t checksum(void)
{
    uint32_t h = 0;
    for (int i = 0; i < DATA_WORDS; i++)
        h = (h ^ data[i]) * 16777619u + (uint32_t)i;
    return h;
}

static void *compute(void *arg)
{
    int id = (int)(long)arg;
    while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
        if (checksum() != data_sum) {
            printf("FAIL compute thread %d: wrong checksum\n", id);
            __atomic_store_n(&failed, 1, __ATOMIC_SEQ_CST);
            return NULL;
        }
        compute_rounds[id]++;
    }
    return NULL;
}

static int pipe_fd[2];

static void *sleeper(void *arg)
{
    char c;
    return (void *)(long)read(pipe_fd[0], &c, 1);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < DATA_WORDS; i++)
        data[i] = (uint32_t)i * 2246822519u;
    data_sum = checksum();
    pthread_t j[NJIT], c[NCOMPUTE], s;
    if (pipe(pipe_fd) || pthread_create(&s, NULL, sleeper, NULL))
        return 2;
    for (long i = 0; i < NCOMPUTE; i++)
        if (pthread_create(&c[i], NULL, compute, (void *)i))
            return 2;
    for (long i = 0; i < NJIT; i++)
        if (pthread_create(&j[i], NULL, jit, (void *)i))
            return 2;
    for (int i = 0; i < NJIT; i++)
        pthread_join(j[i], NULL);
    __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < NCOMPUTE; i++)
        pthread_join(c[i], NULL);
    void *got;
    if (write(pipe_fd[1], "x", 1) != 1 || pthread_join(s, &got) || (long)got != 1) {
        printf("FAIL the thread blocked in read() did not get its byte\n");
        return 1;
    }
    if (failed)
        return 1;
    unsigned long calls = 0;
    for (int i = 0; i < NJIT; i++) {
        if (jit_calls[i] != 2 * BATCHES * FUNCS_PER_BATCH) {
            printf("FAIL jit %d made %lu calls, want %d\n", i, jit_calls[i],
                   2 * BATCHES * FUNCS_PER_BATCH);
            return 1;
        }
        calls += jit_calls[i];
    }
    printf("ok tb_flush_threads: %lu JIT calls, %lu + %lu checksums\n", calls, compute_rounds[0],
           compute_rounds[1]);
    return 0;
}
