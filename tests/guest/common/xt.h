/* xt.h — tiny helpers shared by the guest test programs.
 *
 * Each test prints deterministic lines and ends with xt_done(), which prints
 * "ok" or the number of failed checks and returns the exit code. CHECK()
 * prints the failing expression with its line, so a diff shows what broke.
 * xt_rand() is a fixed xorshift generator: the same sequence on every host;
 * never call it twice in one expression (unsequenced: use xt_rand64()).
 */
#ifndef XT_H
#define XT_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int xt_fails;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("CHECK FAILED line %d: %s\n", __LINE__, #cond);         \
            xt_fails++;                                                    \
        }                                                                  \
    } while (0)

static uint32_t xt_state = 2463534242u;

static inline uint32_t xt_rand(void)
{
    uint32_t x = xt_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return xt_state = x;
}

/* Two draws in a fixed order (C leaves the order of operands unsequenced,
 * and GCC picks differently on ARM and x86). */
static inline uint64_t xt_rand64(void)
{
    uint64_t hi = xt_rand();
    return hi << 32 | xt_rand();
}

/* A random value shifted right by a random amount (0..mask). */
static inline uint32_t xt_rand_shr(uint32_t mask)
{
    uint32_t v = xt_rand();
    return v >> (xt_rand() & mask);
}

static inline uint32_t xt_fnv(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint32_t h = 2166136261u;
    while (n--)
        h = (h ^ *b++) * 16777619u;
    return h;
}

static inline int xt_done(void)
{
    if (xt_fails)
        printf("%d checks failed\n", xt_fails);
    else
        printf("ok\n");
    return xt_fails ? 1 : 0;
}
#endif
