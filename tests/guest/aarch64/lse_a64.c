/* lse_a64 — ARMv8.1 Large System Extensions atomics: LDADD, LDCLR, LDEOR,
 * LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN and SWP on bytes, halfwords, words
 * and doublewords with the acquire/release forms (A, L, AL), CAS (success
 * and failure: the register receives the old value either way) and CASP
 * on a 16-byte pair. Signed min/max compare at the access size (0x80 is
 * the smallest byte). Each op prints the old value returned and the new
 * memory value; a two-thread LDADD counter checks atomicity. */
/* XRUN-AARCH64-CFLAGS: -march=armv8.1-a */
/* XRUN-LIBS: -lpthread */
#include "race.h"

static const uint64_t mem_init[] = {0x8000000000000001, 0x7f7f7f7f7f7f7f7f, 0xffffffff00000000,
                                    0x0123456789abcdef, 0};
static const uint64_t operands[] = {1, 0x80, 0xffff, 0x80000000, 0xfedcba9876543210};

/* ATOMIC(name, insn, reg): name_<size>(p, v) runs "insn v, old, [p]". */
#define ATOMIC(name, insn, r)                                                                 \
    static uint64_t name(void *p, uint64_t v)                                                 \
    {                                                                                         \
        uint64_t old;                                                                         \
        __asm__ volatile(insn " %" r "1, %" r "0, [%2]" : "=&r"(old) : "r"(v), "r"(p) : "memory"); \
        return old;                                                                           \
    }
#define ATOMIC_SIZES(op)                                                                      \
    ATOMIC(op##_b, #op "b", "w")                                                              \
    ATOMIC(op##_h, #op "h", "w")                                                              \
    ATOMIC(op##_w, #op, "w")                                                                  \
    ATOMIC(op##_x, #op, "x")

ATOMIC_SIZES(ldadd)
ATOMIC_SIZES(ldclra)
ATOMIC_SIZES(ldeorl)
ATOMIC_SIZES(ldsetal)
ATOMIC_SIZES(ldsmax)
ATOMIC_SIZES(ldsmin)
ATOMIC_SIZES(ldumaxa)
ATOMIC_SIZES(lduminl)
ATOMIC_SIZES(swpal)

typedef uint64_t (*atomic_fn)(void *, uint64_t);
struct atomic_op { const char *name; atomic_fn fn[4]; };
#define AOP(op) {#op, {op##_b, op##_h, op##_w, op##_x}}
static const struct atomic_op aops[] = {
    AOP(ldadd), AOP(ldclra), AOP(ldeorl), AOP(ldsetal), AOP(ldsmax),
    AOP(ldsmin), AOP(ldumaxa), AOP(lduminl), AOP(swpal),
};

int main(void)
{
    static const char sizes[] = "bhwx";
    for (unsigned k = 0; k < sizeof aops / sizeof aops[0]; k++)
        for (int s = 0; s < 4; s++) {
            printf("%s%c:", aops[k].name, sizes[s]);
            for (unsigned m = 0; m < 5; m++) {
                uint64_t mem = mem_init[m];
                uint64_t old = aops[k].fn[s](&mem, operands[(m + k) % 5]);
                printf(" %llx>%llx", (unsigned long long)old, (unsigned long long)mem);
            }
            printf("\n");
        }

    /* The old value comes back at the access size, zero-extended. */
    uint64_t mem = 0xffffffffffffff80;
    CHECK(ldsmax_b(&mem, 0x7f) == 0x80 && mem == 0xffffffffffffff7f);
    mem = 0xffffffffffffff80;
    CHECK(ldumaxa_b(&mem, 0x7f) == 0x80 && mem == 0xffffffffffffff80);

    /* CAS: compare with Xs, store Xt on a match; Xs receives the old value. */
    uint64_t cmp = 5, x = 5;
    __asm__ volatile("casal %0, %2, [%1]" : "+&r"(cmp) : "r"(&x), "r"(9ull) : "memory");
    printf("cas match: returned %llu memory %llu\n", (unsigned long long)cmp, (unsigned long long)x);
    CHECK(cmp == 5 && x == 9);
    cmp = 5;
    __asm__ volatile("casa %0, %2, [%1]" : "+&r"(cmp) : "r"(&x), "r"(7ull) : "memory");
    printf("cas mismatch: returned %llu memory %llu\n", (unsigned long long)cmp,
           (unsigned long long)x);
    CHECK(cmp == 9 && x == 9);
    uint32_t w = 0xfffffff0;
    uint64_t cw = 0xfffffff0;
    __asm__ volatile("casl %w0, %w2, [%1]" : "+&r"(cw) : "r"(&w), "r"(1u) : "memory");
    uint16_t h = 0x1234;
    uint64_t ch = 0x1234;
    __asm__ volatile("cash %w0, %w2, [%1]" : "+&r"(ch) : "r"(&h), "r"(0xabcdu) : "memory");
    uint8_t b = 0x55;
    uint64_t cb = 0x54;
    __asm__ volatile("casb %w0, %w2, [%1]" : "+&r"(cb) : "r"(&b), "r"(0x66u) : "memory");
    printf("cas w %llx>%x h %llx>%x b %llx>%x\n", (unsigned long long)cw, w,
           (unsigned long long)ch, h, (unsigned long long)cb, b);
    CHECK(w == 1 && h == 0xabcd && b == 0x55 && cb == 0x55);

    /* CASP: a register pair against a 16-byte pair. */
    static uint64_t pair[2] __attribute__((aligned(16))) = {10, 20};
    register uint64_t c0 __asm__("x4") = 10, c1 __asm__("x5") = 20;
    register uint64_t n0 __asm__("x6") = 30, n1 __asm__("x7") = 40;
    __asm__ volatile("caspal %0, %1, %2, %3, [%4]"
                     : "+&r"(c0), "+&r"(c1)
                     : "r"(n0), "r"(n1), "r"(pair)
                     : "memory");
    /* Register variables live in x4..x7 only around the asm: copy them. */
    uint64_t r0 = c0, r1 = c1;
    printf("casp match: returned %llu %llu memory %llu %llu\n", (unsigned long long)r0,
           (unsigned long long)r1, (unsigned long long)pair[0], (unsigned long long)pair[1]);
    CHECK(pair[0] == 30 && pair[1] == 40);
    n0 = 50;
    n1 = 60;
    c0 = 30;
    c1 = 41;
    __asm__ volatile("casp %0, %1, %2, %3, [%4]"
                     : "+&r"(c0), "+&r"(c1)
                     : "r"(n0), "r"(n1), "r"(pair)
                     : "memory");
    r0 = c0;
    r1 = c1;
    printf("casp mismatch: returned %llu %llu memory %llu %llu\n", (unsigned long long)r0,
           (unsigned long long)r1, (unsigned long long)pair[0], (unsigned long long)pair[1]);
    CHECK(r0 == 30 && r1 == 40 && pair[0] == 30);

    race_check(ldadd_x);
    return xt_done();
}
