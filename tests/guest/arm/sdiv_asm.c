/* sdiv_asm — the ARMv7VE integer divide instructions: sdiv/udiv round
 * toward zero, INT_MIN / -1 = INT_MIN (no trap), and x / 0 = 0 (A-profile
 * never traps on divide by zero). Compared with sdiv_asm.ref; the edge
 * cases are CHECKed against the architecture's rules as well. */
#include <limits.h>
#include "asmops.h"

#define DIVDEF(name, insn) DEF(name, ".arch_extension idiv\n\t" insn)
DIVDEF(sdiv, "sdiv %[r], %[a], %[b]")
DIVDEF(udiv, "udiv %[r], %[a], %[b]")

static const struct op ops[] = {OP(sdiv), OP(udiv)};

static int32_t sdiv(int32_t a, int32_t b)
{
    uint32_t r, p;
    op_sdiv((uint32_t)a, (uint32_t)b, 0, 0, 0, &r, &p);
    return (int32_t)r;
}
static uint32_t udiv(uint32_t a, uint32_t b)
{
    uint32_t r, p;
    op_udiv(a, b, 0, 0, 0, &r, &p);
    return r;
}

int main(void)
{
    static const int32_t xs[] = {0, 1, -1, 7, -7, 2, -2, INT_MAX, INT_MIN, INT_MIN + 1, 100, -3};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        for (unsigned j = 0; j < sizeof xs / sizeof xs[0]; j++)
            printf(" %d/%d=%d:%u", xs[i], xs[j], sdiv(xs[i], xs[j]),
                   udiv((uint32_t)xs[i], (uint32_t)xs[j]));
        printf("\n");
    }
    run_ops(ops, 2);
    CHECK(sdiv(INT_MIN, -1) == INT_MIN);
    CHECK(sdiv(5, 0) == 0 && udiv(5, 0) == 0);
    CHECK(sdiv(-7, 2) == -3 && sdiv(7, -2) == -3);
    CHECK(udiv(0xffffffff, 2) == 0x7fffffff);
    uint32_t h = 0;
    for (int k = 0; k < 20000; k++) {
        int32_t a = (int32_t)xt_rand();
        int32_t b = (int32_t)xt_rand();
        b >>= xt_rand() & 31;
        if (b != 0 && !(a == INT_MIN && b == -1))
            CHECK(sdiv(a, b) == a / b);
        if (b != 0)
            CHECK(udiv((uint32_t)a, (uint32_t)b) == (uint32_t)a / (uint32_t)b);
        h = h * 31 + (uint32_t)sdiv(a, b) + udiv((uint32_t)a, (uint32_t)b);
    }
    printf("hash %08x\n", h);
    return xt_done();
}
