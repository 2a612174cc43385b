/* condexec_asm — every condition code under all 16 NZCV combinations:
 * "msr APSR_nzcvq; it <cc>; mov<cc> r, #1" (the IT is free in A32, a real
 * IT block in T32), a conditional add-with-flags inside IT, a 4-insn ITTEE
 * block, and conditional branches. The truth table is computed in C too and
 * CHECKed, so the test is self-verifying; the .ref pins the exact output. */
#include "xt.h"

#define COND(cc)                                                                 \
    static __attribute__((noinline)) int cond_##cc(uint32_t nzcv)                \
    {                                                                            \
        int r;                                                                   \
        __asm__ volatile("msr APSR_nzcvq, %1\n\tmov %0, #0\n\tit " #cc           \
                         "\n\tmov" #cc " %0, #1"                                 \
                         : "=&r"(r) : "r"(nzcv) : "cc");                          \
        return r;                                                                \
    }                                                                            \
    static __attribute__((noinline)) int branch_##cc(uint32_t nzcv)              \
    {                                                                            \
        int r;                                                                   \
        __asm__ volatile("msr APSR_nzcvq, %1\n\tmov %0, #0\n\tb" #cc " 1f\n\t"    \
                         "b 2f\n1:\tmov %0, #1\n2:"                              \
                         : "=&r"(r) : "r"(nzcv) : "cc");                          \
        return r;                                                                \
    }

COND(eq) COND(ne) COND(cs) COND(cc) COND(mi) COND(pl) COND(vs) COND(vc)
COND(hi) COND(ls) COND(ge) COND(lt) COND(gt) COND(le)

static int expect(int k, unsigned n, unsigned z, unsigned c, unsigned v)
{
    switch (k) {
    case 0: return z;
    case 1: return !z;
    case 2: return c;
    case 3: return !c;
    case 4: return n;
    case 5: return !n;
    case 6: return v;
    case 7: return !v;
    case 8: return c && !z;
    case 9: return !c || z;
    case 10: return n == v;
    case 11: return n != v;
    case 12: return !z && n == v;
    default: return z || n != v;
    }
}

/* ITTEE with flag-setting ops inside: the later insns see the flags of the
 * earlier ones only where the architecture says (inside IT, adds sets flags
 * in A32 and T32 alike when written with the s suffix and 32-bit encoding). */
static __attribute__((noinline)) uint32_t ittee(uint32_t nzcv, uint32_t x)
{
    uint32_t r = x, psr;
    __asm__ volatile("msr APSR_nzcvq, %2\n\t"
                     "ittee eq\n\t"
                     "addeq %0, %0, #1\n\t"
                     "lsleq %0, %0, #2\n\t"
                     "subne %0, %0, #3\n\t"
                     "eorne %0, %0, #0x100\n\t"
                     "mrs %1, APSR"
                     : "+r"(r), "=r"(psr) : "r"(nzcv) : "cc");
    return r ^ (psr >> 28);
}

int main(void)
{
    static const char *names[] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                  "hi", "ls", "ge", "lt", "gt", "le"};
    int (*fns[])(uint32_t) = {cond_eq, cond_ne, cond_cs, cond_cc, cond_mi, cond_pl, cond_vs,
                              cond_vc, cond_hi, cond_ls, cond_ge, cond_lt, cond_gt, cond_le};
    int (*brs[])(uint32_t) = {branch_eq, branch_ne, branch_cs, branch_cc, branch_mi,
                              branch_pl, branch_vs, branch_vc, branch_hi, branch_ls,
                              branch_ge, branch_lt, branch_gt, branch_le};
    printf("nzcv ");
    for (int k = 0; k < 14; k++)
        printf(" %s", names[k]);
    printf("\n");
    for (unsigned f = 0; f < 16; f++) {
        printf("%u%u%u%u ", f >> 3 & 1, f >> 2 & 1, f >> 1 & 1, f & 1);
        for (int k = 0; k < 14; k++) {
            int got = fns[k](f << 28), br = brs[k](f << 28);
            printf("  %d", got);
            CHECK(got == expect(k, f >> 3 & 1, f >> 2 & 1, f >> 1 & 1, f & 1));
            CHECK(br == got);
        }
        printf("  ittee=%08x\n", ittee(f << 28, 0x1000 + f));
    }
    return xt_done();
}
