/*
 * The A64 execution tests' harness: a guest address space with a code
 * area and a data area, an AArch64 cpu, and snippets assembled at run
 * time with aarch64-linux-gnu-as (a missing assembler fails the test
 * that needs it, with a message naming it).
 *
 *     a64_asm("adds x0, x1, x2\n mrs x3, nzcv");   // + "svc #0" appended
 *     env->xregs[1] = 5; ...
 *     cr_assert_eq(a64_run(), EXCP_SWI);
 *
 * Every snippet lands on fresh code pages: a page that holds translated
 * code is write-protected, so the host never writes code twice.
 * a64_run() starts at the last snippet; a64_run_at(pc) at any address.
 * Data lives at A64_DATA (A64_DATA_SIZE bytes, zeroed per test).
 */
#ifndef XRUN_TESTS_A64_TEST_UTIL_H
#define XRUN_TESTS_A64_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "frontends/arm/a64-cpu.h"
#include "linux-user/user.h"
#include "xrun/guest.h"
#include "xrun/tb.h"

#define A64_CODE 0x100000u
#define A64_CODE_SIZE 0x400000u
#define A64_DATA 0x800000u
#define A64_DATA_SIZE 0x10000u

static CPUA64State *env;
static uint32_t code_next;   /* the next free code page */
static uint32_t code_last;   /* the start of the last snippet */

static void a64_setup(void)
{
    static bool once;
    if (!once) {
        once = true;
        cr_assert_eq(guest_space_init(32), 0);
        tb_init(32u << 20);
    }
    tb_flush();
    int prot = PROT_READ | PROT_WRITE | PROT_EXEC, fl = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    cr_assert_eq(target_mmap(A64_CODE, A64_CODE_SIZE, prot, fl, -1, 0), A64_CODE);
    cr_assert_eq(target_mmap(A64_DATA, A64_DATA_SIZE, PROT_READ | PROT_WRITE, fl, -1, 0), A64_DATA);
    code_next = A64_CODE;
    cr_assert_eq(posix_memalign((void **)&env, 64, sizeof(*env)), 0);
    memset(env, 0, sizeof(*env));
    a64_cpu_reset(env);
    env->common.arch = &a64_guest_arch;
}

static void a64_teardown(void)
{
    target_munmap(A64_CODE, A64_CODE_SIZE);
    target_munmap(A64_DATA, A64_DATA_SIZE);
    tb_jc_free(env->common.jc);
    free(env);
}

/* Places n words on fresh pages; returns their guest address. */
static uint32_t a64_put_words(const uint32_t *w, size_t n)
{
    uint32_t at = code_next;
    cr_assert_leq(at + n * 4, A64_CODE + A64_CODE_SIZE, "code area full");
    memcpy(g2h(at), w, n * 4);
    code_next = (uint32_t)((at + n * 4 + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK);
    code_last = at;
    return at;
}

/* Assembles src (with "svc #0" appended) onto fresh pages. */
static inline uint32_t a64_asm(const char *src)
{
    char base[64], cmd[512];
    snprintf(base, sizeof(base), "/tmp/a64_test_%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "%s.s", base);
    FILE *f = fopen(cmd, "w");
    cr_assert_not_null(f);
    fprintf(f, ".text\n%s\nsvc #0\n", src);
    fclose(f);
    snprintf(cmd, sizeof(cmd),
             "aarch64-linux-gnu-as -march=armv8.3-a+crc -o %s.o %s.s && "
             "aarch64-linux-gnu-objcopy -O binary -j .text %s.o %s.bin",
             base, base, base, base);
    int rc = system(cmd);
    cr_assert_eq(rc, 0, "aarch64-linux-gnu-as/objcopy failed (is binutils-aarch64-linux-gnu installed?) on:\n%s",
                 src);
    snprintf(cmd, sizeof(cmd), "%s.bin", base);
    f = fopen(cmd, "rb");
    cr_assert_not_null(f);
    static uint32_t words[4096];
    size_t n = fread(words, 4, 4096, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "rm -f %s.s %s.o %s.bin", base, base, base);
    cr_assert_eq(system(cmd), 0);
    cr_assert_gt(n, 0);
    return a64_put_words(words, n);
}

static int a64_run_at(uint64_t pc)
{
    env->pc = pc;
    return cpu_exec(&env->common);
}

static inline int a64_run(void)
{
    return a64_run_at(code_last);
}

static inline uint64_t *a64_data64(uint32_t ofs) { return (uint64_t *)g2h(A64_DATA + ofs); }
static inline uint32_t *a64_data32(uint32_t ofs) { return (uint32_t *)g2h(A64_DATA + ofs); }
static inline uint8_t *a64_data8(uint32_t ofs) { return (uint8_t *)g2h(A64_DATA + ofs); }

/* Runs each of the n words of w alone, followed by an SVC on fresh pages,
 * after randomize(): each must UNDEF at its own pc or reach the SVC after
 * it. *ran and *undef count the two outcomes. */
static inline void a64_run_words(const uint32_t *w, int n, void (*randomize)(void), int *ran, int *undef)
{
    uint32_t *pairs = malloc(8 * (size_t)n);
    cr_assert_not_null(pairs);
    for (int i = 0; i < n; i++) {
        pairs[2 * i] = w[i];
        pairs[2 * i + 1] = 0xd4000001u; /* svc #0 */
    }
    uint32_t base = a64_put_words(pairs, 2 * (size_t)n);
    free(pairs);
    *ran = *undef = 0;
    for (int i = 0; i < n; i++) {
        randomize();
        uint32_t pc = base + 8u * (unsigned)i;
        int ex = a64_run_at(pc);
        if (ex == EXCP_UDEF) {
            cr_assert_eq(env->pc, pc, "word %#x UNDEFs at its own pc", w[i]);
            ++*undef;
        } else {
            cr_assert_eq(ex, EXCP_SWI, "word %#x", w[i]);
            cr_assert_eq(env->pc, pc + 8, "word %#x", w[i]);
            ++*ran;
        }
    }
}

/* The snippet `what` at `at` UNDEFs at its own pc with the features in
 * `with` but `feature`, and runs to its SVC with all of `with`. */
static inline void a64_assert_feature_gate(uint32_t at, uint32_t with, uint32_t feature, const char *what)
{
    env->features = with & ~feature;
    tb_flush();
    cr_assert_eq(a64_run_at(at), EXCP_UDEF, "%s without its feature", what);
    cr_assert_eq(env->pc, at, "%s: UNDEF at the insn's own pc", what);
    env->features = with;
    tb_flush();
    cr_assert_eq(a64_run_at(at), EXCP_SWI, "%s with its feature", what);
}

/* NZCV of the state, in bits 31:28. */
static inline uint32_t a64_nzcv(void) { return a64_nzcv_read(env); }

/* A small xorshift generator: the same values on every run. */
static uint64_t a64_rand_state = 0x9e3779b97f4a7c15ull;
static inline uint64_t a64_rand(void)
{
    uint64_t x = a64_rand_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return a64_rand_state = x;
}

/* Interesting operands: edges of both widths, then random values. */
static const uint64_t a64_edges[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x123456789abcdef0ull, 0x00000000fffffffeull,
};
#define A64_NEDGES (sizeof(a64_edges) / sizeof(a64_edges[0]))

#endif
