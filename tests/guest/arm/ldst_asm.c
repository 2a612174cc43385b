/* ldst_asm — every load/store addressing mode on a buffer with a known
 * pattern: immediate offset (positive, negative), pre-index with writeback,
 * post-index, register offset (added, subtracted), scaled register
 * (lsl/lsr/asr), register writeback, byte/halfword/signed loads,
 * ldrd/strd (immediate, register, writeback), unaligned ldr/ldrh/str (legal
 * on ARMv7 Linux), literal-pool loads, and ldr into pc as a jump.
 * Each case prints the loaded value and how far the base register moved.
 * Forms that Thumb-2 lacks (subtracted or post-indexed register offsets,
 * lsr/asr-scaled offsets, ldrd with a register offset) run in A32 functions.
 * ARM-only: compared with ldst_asm.ref. */
#include "xt.h"

static uint8_t buf[256] __attribute__((aligned(8)));
static uint8_t *mid;

static void fill(void)
{
    for (int i = 0; i < 256; i++)
        buf[i] = (uint8_t)(i * 7 + 0x81);
    mid = buf + 128;
}

#define LD(name, insn)                                                            \
    static __attribute__((noinline)) void name(void)                              \
    {                                                                             \
        uint32_t v = 0;                                                           \
        uint8_t *b = mid;                                                         \
        uint32_t idx = 3;                                                         \
        __asm__ volatile(insn : [v] "=&r"(v), [b] "+r"(b) : [i] "r"(idx) : "memory"); \
        printf("%-34s v=%08x base%+d\n", insn, v, (int)(b - mid));                \
    }
#define LD_A32(name, insn)                                                        \
    static __attribute__((noinline, target("arm"))) void name(void)               \
    {                                                                             \
        uint32_t v = 0;                                                           \
        uint8_t *b = mid;                                                         \
        uint32_t idx = 3;                                                         \
        __asm__ volatile(insn : [v] "=&r"(v), [b] "+r"(b) : [i] "r"(idx) : "memory"); \
        printf("%-34s v=%08x base%+d\n", insn, v, (int)(b - mid));                \
    }

LD(l1, "ldr %[v], [%[b]]")
LD(l2, "ldr %[v], [%[b], #4]")
LD(l3, "ldr %[v], [%[b], #-8]")
LD(l4, "ldr %[v], [%[b], #12]!")
LD(l5, "ldr %[v], [%[b], #-4]!")
LD(l6, "ldr %[v], [%[b]], #8")
LD(l7, "ldr %[v], [%[b]], #-12")
LD(l8, "ldr %[v], [%[b], %[i]]")
LD(l9, "ldr %[v], [%[b], %[i], lsl #2]")
LD_A32(l10, "ldr %[v], [%[b], -%[i]]")
LD_A32(l11, "ldr %[v], [%[b], -%[i], lsl #3]")
LD_A32(l12, "ldr %[v], [%[b], %[i], lsl #2]!")
LD_A32(l13, "ldr %[v], [%[b]], %[i]")
LD_A32(l14, "ldr %[v], [%[b]], -%[i], lsl #1")
LD_A32(l15, "ldr %[v], [%[b], %[i], lsr #1]")
LD_A32(l16, "ldrb %[v], [%[b], %[i], asr #1]")
LD_A32(l17, "ldr %[v], [%[b], -%[i], asr #1]!")
LD(b1, "ldrb %[v], [%[b], #-1]")
LD(b2, "ldrsb %[v], [%[b], #1]")
LD(b3, "ldrb %[v], [%[b], #5]!")
LD(b4, "ldrsb %[v], [%[b]], #-3")
LD(b5, "ldrb %[v], [%[b], %[i]]")
LD(h1, "ldrh %[v], [%[b], #2]")
LD(h2, "ldrsh %[v], [%[b], #-6]")
LD(h3, "ldrh %[v], [%[b], #10]!")
LD(h4, "ldrsh %[v], [%[b]], #6")
LD(h5, "ldrsh %[v], [%[b], %[i]]")
LD_A32(h6, "ldrh %[v], [%[b], -%[i]]!")
LD_A32(h7, "ldrsb %[v], [%[b]], -%[i]")
LD(u1, "ldr %[v], [%[b], #1]")
LD(u2, "ldr %[v], [%[b], #-3]")
LD(u3, "ldrh %[v], [%[b], #7]")
LD(u4, "ldrsh %[v], [%[b], #-1]")
LD(p1, "ldr %[v], =0x13572468")

static __attribute__((noinline)) void ldrd_strd(void)
{
    /* A32 needs an even/odd register pair: pin r4/r5 */
    register uint32_t lo __asm__("r4"), hi __asm__("r5");
    uint8_t *b = mid;
    __asm__ volatile("ldrd r4, r5, [%2, #8]" : "=r"(lo), "=r"(hi) : "r"(b) : "memory");
    printf("ldrd #8: %08x %08x\n", lo, hi);
    __asm__ volatile("ldrd r4, r5, [%2, #-16]!" : "=r"(lo), "=r"(hi), "+r"(b) : : "memory");
    printf("ldrd #-16!: %08x %08x base%+d\n", lo, hi, (int)(b - mid));
    __asm__ volatile("ldrd r4, r5, [%2], #24" : "=r"(lo), "=r"(hi), "+r"(b) : : "memory");
    printf("ldrd post #24: %08x %08x base%+d\n", lo, hi, (int)(b - mid));
    b = mid;
    lo = 0xa1b2c3d4;
    hi = 0x11223344;
    __asm__ volatile("strd r4, r5, [%0, #-8]!" : "+r"(b) : "r"(lo), "r"(hi) : "memory");
    __asm__ volatile("strd r4, r5, [%0], #16" : "+r"(b) : "r"(lo), "r"(hi) : "memory");
    printf("strd: base%+d %08x\n", (int)(b - mid), xt_fnv(buf, sizeof buf));
}

static __attribute__((noinline, target("arm"))) void ldrd_reg(void)
{
    register uint32_t lo __asm__("r4"), hi __asm__("r5");
    uint8_t *b = mid;
    uint32_t off = 16;
    __asm__ volatile("ldrd r4, r5, [%2, %3]" : "=r"(lo), "=r"(hi) : "r"(b), "r"(off) : "memory");
    printf("ldrd reg: %08x %08x\n", lo, hi);
    __asm__ volatile("ldrd r4, r5, [%2, -%3]!" : "=r"(lo), "=r"(hi), "+r"(b) : "r"(off) : "memory");
    printf("ldrd -reg!: %08x %08x base%+d\n", lo, hi, (int)(b - mid));
    __asm__ volatile("strd r4, r5, [%0], %1" : "+r"(b) : "r"(off), "r"(lo), "r"(hi) : "memory");
    printf("strd post reg: base%+d\n", (int)(b - mid));
}

static __attribute__((noinline)) void stores(void)
{
    uint8_t *b = mid;
    uint32_t v = 0xdeadbeef, i = 5;
    __asm__ volatile("str %1, [%0, #4]!" : "+r"(b) : "r"(v) : "memory");
    __asm__ volatile("strb %1, [%0], #3" : "+r"(b) : "r"(v) : "memory");
    __asm__ volatile("strh %1, [%0, #-9]" : : "r"(b), "r"(v) : "memory");
    __asm__ volatile("str %1, [%0, %2, lsl #1]" : : "r"(b), "r"(v), "r"(i) : "memory");
    __asm__ volatile("str %1, [%0, #2]" : : "r"(b), "r"(v + 1) : "memory"); /* unaligned */
    __asm__ volatile("strh %1, [%0, #-21]" : : "r"(b), "r"(v + 2) : "memory");
    __asm__ volatile("strb %1, [%0, %2]" : : "r"(b), "r"(v + 3), "r"(i) : "memory");
    printf("stores: base%+d hash %08x\n", (int)(b - mid), xt_fnv(buf, sizeof buf));
}

static __attribute__((noinline, target("arm"))) int ldr_pc(int k)
{
    int r;
    /* a jump table through "ldr pc, [pc, r, lsl #2]" */
    __asm__ volatile("mov %0, #0\n\t"
                     "ldr pc, [pc, %1, lsl #2]\n\t"
                     "nop\n\t"
                     ".word 1f\n\t.word 2f\n\t.word 3f\n"
                     "1:\tadd %0, %0, #10\n"
                     "2:\tadd %0, %0, #20\n"
                     "3:\tadd %0, %0, #30\n"
                     : "=&r"(r) : "r"(k) : "memory");
    return r;
}

int main(void)
{
    void (*tests[])(void) = {l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15,
                             l16, l17, b1, b2, b3, b4, b5, h1, h2, h3, h4, h5, h6, h7,
                             u1, u2, u3, u4, p1};
    fill();
    for (unsigned k = 0; k < sizeof tests / sizeof tests[0]; k++)
        tests[k]();
    ldrd_strd();
    fill();
    ldrd_reg();
    fill();
    stores();
    printf("ldr pc table: %d %d %d\n", ldr_pc(0), ldr_pc(1), ldr_pc(2));
    CHECK(ldr_pc(0) == 60 && ldr_pc(2) == 30);
    return xt_done();
}
