/* ldst_a64 — A64 addressing modes: LDP/STP (X, W, signed-offset, pre- and
 * post-index with base writeback), LDPSW, LDNP/STNP, LDR/STR with an
 * unsigned scaled offset, unscaled LDUR/STUR at negative offsets, register
 * offsets with LSL/UXTW/SXTW scaling, the sign- and zero-extending loads
 * LDRSB/LDRSH/LDRSW/LDRB/LDRH into X and W, a PC-relative LDR (literal),
 * and the base register written back exactly once. */
#include "xt.h"

static uint64_t buf[32];

static void fill(void)
{
    for (int i = 0; i < 32; i++)
        buf[i] = 0x0101010101010101ull * (uint64_t)i ^ 0x8070605040302010ull;
}

static void show(const char *what, uint64_t a, uint64_t b, uint64_t base)
{
    printf("%-24s %016llx %016llx base%+lld\n", what, (unsigned long long)a, (unsigned long long)b,
           (long long)(base - (uint64_t)(uintptr_t)buf));
}

int main(void)
{
    uint64_t a, b, base;
    int64_t sa;

    fill();
    base = (uint64_t)(uintptr_t)buf;
    __asm__ volatile("ldp %0, %1, [%2, #16]" : "=&r"(a), "=&r"(b) : "r"(base) : "memory");
    show("ldp off", a, b, base);
    CHECK(a == buf[2] && b == buf[3]);

    __asm__ volatile("ldp %0, %1, [%2, #32]!" : "=&r"(a), "=&r"(b), "+r"(base) : : "memory");
    show("ldp pre", a, b, base);
    CHECK(a == buf[4] && b == buf[5] && base == (uint64_t)(uintptr_t)&buf[4]);

    __asm__ volatile("ldp %0, %1, [%2], #-24" : "=&r"(a), "=&r"(b), "+r"(base) : : "memory");
    show("ldp post", a, b, base);
    CHECK(a == buf[4] && b == buf[5]);

    __asm__ volatile("ldp %w0, %w1, [%2, #-4]" : "=&r"(a), "=&r"(b) : "r"(base) : "memory");
    show("ldp w off", a, b, base);

    __asm__ volatile("ldpsw %0, %1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(base) : "memory");
    show("ldpsw", a, b, base);

    __asm__ volatile("ldnp %0, %1, [%2, #64]" : "=&r"(a), "=&r"(b) : "r"(base) : "memory");
    show("ldnp", a, b, base);

    base = (uint64_t)(uintptr_t)&buf[16];
    a = 0x1111222233334444ull;
    b = 0x5555666677778888ull;
    __asm__ volatile("stp %1, %2, [%0, #-16]!" : "+r"(base) : "r"(a), "r"(b) : "memory");
    show("stp pre", buf[14], buf[15], base);
    __asm__ volatile("stp %w1, %w2, [%0], #8" : "+r"(base) : "r"(b), "r"(a) : "memory");
    show("stp w post", buf[14], buf[15], base);
    __asm__ volatile("stnp %1, %2, [%0, #-8]" : : "r"(base), "r"(a), "r"(a) : "memory");
    show("stnp", buf[14], buf[15], base);

    fill();
    base = (uint64_t)(uintptr_t)buf;
    __asm__ volatile("ldr %0, [%1, #248]" : "=r"(a) : "r"(base) : "memory");
    show("ldr uimm", a, 0, base);
    CHECK(a == buf[31]);
    __asm__ volatile("ldur %0, [%1, #-3]" : "=r"(a) : "r"(base + 40) : "memory");
    show("ldur -3", a, 0, base);
    b = 0x0123456789abcdefull;
    __asm__ volatile("stur %w1, [%0, #-1]" : : "r"(base + 41), "r"(b) : "memory");
    show("stur w -1", buf[5], 0, base);
    __asm__ volatile("sturh %w1, [%0, #249]" : : "r"(base), "r"(b) : "memory");
    show("sturh 249", buf[31], 0, base);

    fill();
    for (int64_t idx = -3; idx <= 3; idx += 3) {
        char name[32];
        uint64_t mid = (uint64_t)(uintptr_t)&buf[8];
        __asm__ volatile("ldr %0, [%1, %2, lsl #3]" : "=r"(a) : "r"(mid), "r"(idx) : "memory");
        __asm__ volatile("ldr %0, [%1, %w2, sxtw #3]" : "=r"(b) : "r"(mid), "r"(idx) : "memory");
        snprintf(name, sizeof name, "reg lsl/sxtw %lld", (long long)idx);
        show(name, a, b, base);
        CHECK(a == buf[8 + idx] && b == a);
        __asm__ volatile("ldrh %w0, [%1, %w2, uxtw #1]" : "=r"(a) : "r"(mid), "r"(idx + 3) : "memory");
        __asm__ volatile("ldrsh %0, [%1, %w2, sxtw]" : "=r"(b) : "r"(mid), "r"(idx * 3) : "memory");
        snprintf(name, sizeof name, "ldrh/ldrsh %lld", (long long)idx);
        show(name, a, b, base);
    }
    /* A 32-bit index with the top bit set: UXTW is a large positive
     * offset, SXTW a negative one. */
    {
        uint64_t mid = (uint64_t)(uintptr_t)&buf[8];
        uint64_t negw = 0xfffffff8; /* -8 as a W register */
        __asm__ volatile("ldr %0, [%1, %w2, sxtw]" : "=r"(a) : "r"(mid), "r"(negw) : "memory");
        show("sxtw -8", a, 0, base);
        CHECK(a == buf[7]);
        __asm__ volatile("add %0, %1, %w2, uxtw" : "=r"(b) : "r"(mid), "r"(negw));
        CHECK(b - mid == 0xfffffff8ull);
    }

    for (int i = 0; i < 32; i++) {
        uint64_t p = base + (uint64_t)i * 7;
        uint64_t sb, sh, sw, ub, wsb, wsh;
        __asm__ volatile("ldrsb %0, [%1]" : "=r"(sb) : "r"(p) : "memory");
        __asm__ volatile("ldrsh %0, [%1]" : "=r"(sh) : "r"(p & ~1ull) : "memory");
        __asm__ volatile("ldrsw %0, [%1]" : "=r"(sw) : "r"(p & ~3ull) : "memory");
        __asm__ volatile("ldrb %w0, [%1]" : "=r"(ub) : "r"(p) : "memory");
        __asm__ volatile("mov %0, #-1\n\tldrsb %w0, [%1]" : "=&r"(wsb) : "r"(p) : "memory");
        __asm__ volatile("mov %0, #-1\n\tldrsh %w0, [%1]" : "=&r"(wsh) : "r"(p & ~1ull) : "memory");
        if (i % 4 == 1)
            printf("ext %2d: sb %016llx sh %016llx sw %016llx ub %llx wsb %016llx wsh %016llx\n", i,
                   (unsigned long long)sb, (unsigned long long)sh, (unsigned long long)sw,
                   (unsigned long long)ub, (unsigned long long)wsb, (unsigned long long)wsh);
        CHECK(wsb >> 32 == 0 && wsh >> 32 == 0);
        CHECK((int64_t)sb == (int8_t)ub);
    }

    __asm__ volatile("ldr %0, 1f\n\tb 2f\n\t.p2align 3\n1:\t.quad 0x0badc0ffee15600d\n2:"
                     : "=r"(a));
    show("ldr literal", a, 0, base);
    CHECK(a == 0x0badc0ffee15600dull);
    __asm__ volatile("ldrsw %0, 1f\n\tb 2f\n\t.p2align 2\n1:\t.word 0x80000001\n2:" : "=r"(sa));
    show("ldrsw literal", (uint64_t)sa, 0, base);
    CHECK(sa == -0x7fffffff);
    return xt_done();
}
