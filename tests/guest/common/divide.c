/* divide — 32-bit division by constants (multiply-high sequences) and by
 * variables (sdiv/udiv or __aeabi_idiv), negative numbers, rounding toward
 * zero and the remainder's sign. INT_MIN / -1 is done in sdiv_asm. */
#include <limits.h>
#include "xt.h"

#define DIVC(d) (x / (d)) ^ (uint32_t)(x % (d)) * 7u
#define DIVU(d) (u / (d)) ^ (u % (d)) * 7u

static __attribute__((noinline)) uint32_t by_consts(int32_t x)
{
    uint32_t u = (uint32_t)x, r = 0;
    r += DIVC(3); r ^= DIVC(5); r += DIVC(7); r ^= DIVC(10); r += DIVC(-3);
    r ^= DIVC(16); r += DIVC(-16); r ^= DIVC(1000); r += DIVC(641); r ^= DIVC(0x7fffffff);
    r += DIVU(3); r ^= DIVU(7); r += DIVU(10); r ^= DIVU(16); r += DIVU(0x80000000u);
    r ^= DIVU(1000000007u); r += DIVU(0xffffffffu);
    return r;
}

static __attribute__((noinline)) void by_var(int32_t a, int32_t b, int32_t *q, int32_t *m,
                                             uint32_t *uq, uint32_t *um)
{
    *q = a / b;
    *m = a % b;
    *uq = (uint32_t)a / (uint32_t)b;
    *um = (uint32_t)a % (uint32_t)b;
}

int main(void)
{
    static const int32_t xs[] = {0, 1, -1, 2, -2, 3, -3, 7, -7, 100, -100, 12345, -12345,
                                 INT_MAX, INT_MIN, INT_MIN + 1, 0x40000000, -0x3fffffff};
    int n = sizeof(xs) / sizeof(xs[0]);
    for (int i = 0; i < n; i++)
        printf("c %d -> %08x\n", xs[i], by_consts(xs[i]));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (xs[j] == 0 || (xs[i] == INT_MIN && xs[j] == -1))
                continue;
            int32_t q, m;
            uint32_t uq, um;
            by_var(xs[i], xs[j], &q, &m, &uq, &um);
            printf("v %d %d -> %d %d %u %u\n", xs[i], xs[j], q, m, uq, um);
        }
    uint32_t h = 0;
    for (int k = 0; k < 20000; k++) {
        int32_t a = (int32_t)xt_rand();
        int32_t b = (int32_t)xt_rand();
        b >>= xt_rand() & 31;
        if (b == 0 || (a == INT_MIN && b == -1))
            continue;
        int32_t q, m;
        uint32_t uq, um;
        by_var(a, b, &q, &m, &uq, &um);
        CHECK(q * b + m == a);
        CHECK(uq * (uint32_t)b + um == (uint32_t)a);
        h = h * 33 + q + m * 3 + uq * 5 + um + by_consts(a);
    }
    printf("hash %08x\n", h);
    return xt_done();
}
