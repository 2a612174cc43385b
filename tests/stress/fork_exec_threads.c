/* fork_exec_threads — processes made from a busy multi-threaded process.
 *
 * While two threads compute checksums and a third keeps rewriting and
 * calling a JIT-written function (so the translator's locks are often held),
 * three threads fork children in turn:
 *   - a child that execs /proc/self/exe in "child" mode, which exits with a
 *     status given on its command line;
 *   - a child that writes and runs new code of its own (it must translate,
 *     so it needs locks another thread may have held at the fork) and exits
 *     with the value that code returned;
 *   - a child that starts a thread and exits with the status it joined.
 * Every child's exit status must be exactly the expected one, and the
 * computing threads must never get a wrong checksum. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFORKERS 3
#define FORKS_PER_THREAD 12
#define NCOMPUTE 2
#define DATA_WORDS 4096

static uint32_t data[DATA_WORDS];
static uint32_t data_sum;
static int stop, failed, children_ok;
static unsigned long compute_rounds[NCOMPUTE], jit_rounds;
static char *self = "/proc/self/exe";

typedef unsigned (*Fn)(void);

static uint32_t movw_r0(unsigned v)
{
    return 0xe3000000u | ((v >> 12) & 0xf) << 16 | (v & 0xfff); /* movw r0, #v */
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

/* Writes "movw r0, #v; bx lr" at code and calls it. */
static unsigned jit_call(uint32_t *code, unsigned v)
{
    code[0] = movw_r0(v);
    code[1] = 0xe12fff1eu; /* bx lr */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    return ((Fn)(uintptr_t)code)();
}

static void *jit(void *arg)
{
    uint32_t *code = arg;
    for (unsigned v = 0; !__atomic_load_n(&stop, __ATOMIC_SEQ_CST); v = (v + 1) & 0xffff) {
        if (jit_call(code + (v & 63) * 2, v) != v) {
            printf("FAIL jit thread: wrong result for %u\n", v);
            __atomic_store_n(&failed, 1, __ATOMIC_SEQ_CST);
            return NULL;
        }
        jit_rounds++;
    }
    return NULL;
}

static void *child_thread(void *arg)
{
    return (void *)((uintptr_t)arg + 1);
}

static int run_child(int kind, int status)
{
    switch (kind) {
    case 0: {
        char st[16];
        snprintf(st, sizeof(st), "%d", status);
        char *argv[] = {"fork_exec_threads", "child", st, NULL};
        execv(self, argv);
        return 126;
    }
    case 1: {
        uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (code == MAP_FAILED)
            return 125;
        return (int)jit_call(code, (unsigned)status);
    }
    default: {
        pthread_t t;
        void *res;
        if (pthread_create(&t, NULL, child_thread, (void *)(uintptr_t)(status - 1)) ||
            pthread_join(t, &res))
            return 124;
        return (int)(uintptr_t)res;
    }
    }
}

static void *forker(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < FORKS_PER_THREAD; i++) {
        int kind = (i + id) % 3;
        int want = (id * 37 + i * 5 + 3) & 0x7f; /* never 0, 124..126 */
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            printf("FAIL forker %d: fork\n", id);
            break;
        }
        if (pid == 0)
            _exit(run_child(kind, want));
        int st;
        if (waitpid(pid, &st, 0) != pid) {
            printf("FAIL forker %d: waitpid\n", id);
            break;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != want) {
            printf("FAIL forker %d child %d (kind %d): wait status %#x, want exit %d\n", id, i,
                   kind, st, want);
            break;
        }
        __atomic_add_fetch(&children_ok, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "child")) {
        /* Runs some code of its own before it exits. */
        for (int i = 0; i < DATA_WORDS; i++)
            data[i] = (uint32_t)i * 2654435761u;
        return checksum() == 0 ? 1 : atoi(argv[2]);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < DATA_WORDS; i++)
        data[i] = (uint32_t)i * 2654435761u;
    data_sum = checksum();
    uint32_t *code =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        printf("FAIL mmap\n");
        return 1;
    }

    pthread_t c[NCOMPUTE], j, f[NFORKERS];
    for (long i = 0; i < NCOMPUTE; i++)
        if (pthread_create(&c[i], NULL, compute, (void *)i))
            return 2;
    if (pthread_create(&j, NULL, jit, code))
        return 2;
    for (long i = 0; i < NFORKERS; i++)
        if (pthread_create(&f[i], NULL, forker, (void *)i))
            return 2;
    for (int i = 0; i < NFORKERS; i++)
        pthread_join(f[i], NULL);
    __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < NCOMPUTE; i++)
        pthread_join(c[i], NULL);
    pthread_join(j, NULL);
    if (failed)
        return 1;
    if (children_ok != NFORKERS * FORKS_PER_THREAD) {
        printf("FAIL %d children exited as expected, want %d\n", children_ok,
               NFORKERS * FORKS_PER_THREAD);
        return 1;
    }
    printf("ok fork_exec_threads: %d children, %lu + %lu checksums, %lu JIT calls\n",
           NFORKERS * FORKS_PER_THREAD, compute_rounds[0], compute_rounds[1], jit_rounds);
    return 0;
}
