/* neon_ldst — every form of the Advanced SIMD element and structure
 * loads and stores: VLD1-4/VST1-4 multiple (1-4 registers, spacing 1 and
 * 2, alignment hints), single lane and all lanes, with no writeback,
 * post-increment by the transfer size and by a register.  Prints hashes of
 * the registers d0-d15 and of the memory, and the final base register.
 * ARM-only: compared with neon_ldst.ref (generated with qemu-arm). */
#include <stdint.h>
#include <stdio.h>

static uint8_t mem[256] __attribute__((aligned(32)));
static uint8_t regs[128] __attribute__((aligned(16)));
static uint8_t init[128] __attribute__((aligned(16)));

static uint32_t fnv(const uint8_t *p, int n)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* d0-d15 <- init, r1 <- mem + 32, r2 <- 24, run INSN, regs <- d0-d15. */
#define T(N, INSN)                                                                              \
    static uint32_t t_##N(void)                                                                 \
    {                                                                                           \
        uint32_t r1;                                                                            \
        __asm__ volatile("mov r1, %1\n vld1.8 {d0-d3}, [r1]!\n vld1.8 {d4-d7}, [r1]!\n"       \
                         "vld1.8 {d8-d11}, [r1]!\n vld1.8 {d12-d15}, [r1]!\n"                  \
                         "mov r1, %2\n mov r2, #24\n" INSN "\n mov %0, r1\n"                 \
                         "mov r1, %3\n vst1.8 {d0-d3}, [r1]!\n vst1.8 {d4-d7}, [r1]!\n"      \
                         "vst1.8 {d8-d11}, [r1]!\n vst1.8 {d12-d15}, [r1]!\n"                 \
                         : "=r"(r1) : "r"(init), "r"(mem + 32), "r"(regs)                       \
                         : "r1", "r2", "memory", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7",\
                           "d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15");               \
        return r1;                                                                              \
    }
#define ENTRY(N, INSN) {t_##N, INSN},

#define INSNS(X) \
    X(0, "vld1.8 {d0}, [r1]") \
    X(1, "vld1.16 {d0,d1}, [r1]!") \
    X(2, "vld1.32 {d0,d1,d2}, [r1], r2") \
    X(3, "vld1.64 {d0,d1,d2,d3}, [r1:128]!") \
    X(4, "vld1.8 {d1-d4}, [r1:256]") \
    X(5, "vld2.8 {d0,d1}, [r1]!") \
    X(6, "vld2.16 {d0,d2}, [r1]") \
    X(7, "vld2.32 {d0,d1,d2,d3}, [r1], r2") \
    X(8, "vld3.8 {d0,d1,d2}, [r1]!") \
    X(9, "vld3.16 {d0,d2,d4}, [r1]") \
    X(10, "vld3.32 {d1,d2,d3}, [r1]") \
    X(11, "vld4.8 {d0,d1,d2,d3}, [r1]!") \
    X(12, "vld4.16 {d0,d2,d4,d6}, [r1], r2") \
    X(13, "vld4.32 {d0,d1,d2,d3}, [r1]") \
    X(14, "vld1.8 {d0[3]}, [r1]!") \
    X(15, "vld1.16 {d0[2]}, [r1]") \
    X(16, "vld1.32 {d1[1]}, [r1], r2") \
    X(17, "vld2.8 {d0[7],d1[7]}, [r1]!") \
    X(18, "vld2.16 {d0[1],d2[1]}, [r1]") \
    X(19, "vld2.32 {d0[1],d1[1]}, [r1]") \
    X(20, "vld3.8 {d0[5],d1[5],d2[5]}, [r1]!") \
    X(21, "vld3.16 {d0[3],d2[3],d4[3]}, [r1]") \
    X(22, "vld3.32 {d0[0],d1[0],d2[0]}, [r1]") \
    X(23, "vld4.8 {d0[2],d1[2],d2[2],d3[2]}, [r1]!") \
    X(24, "vld4.16 {d0[1],d2[1],d4[1],d6[1]}, [r1]") \
    X(25, "vld4.32 {d0[1],d1[1],d2[1],d3[1]}, [r1], r2") \
    X(26, "vld1.8 {d0[]}, [r1]!") \
    X(27, "vld1.16 {d0[],d1[]}, [r1]") \
    X(28, "vld1.32 {d0[]}, [r1], r2") \
    X(29, "vld2.8 {d0[],d1[]}, [r1]!") \
    X(30, "vld2.16 {d0[],d2[]}, [r1]") \
    X(31, "vld3.32 {d0[],d1[],d2[]}, [r1]!") \
    X(32, "vld3.8 {d0[],d2[],d4[]}, [r1]") \
    X(33, "vld4.16 {d0[],d1[],d2[],d3[]}, [r1]!") \
    X(34, "vld4.32 {d0[],d2[],d4[],d6[]}, [r1]") \
    X(35, "vst1.8 {d0}, [r1]!") \
    X(36, "vst1.16 {d0,d1}, [r1]") \
    X(37, "vst1.32 {d0,d1,d2}, [r1], r2") \
    X(38, "vst1.64 {d0,d1,d2,d3}, [r1]!") \
    X(39, "vst2.8 {d0,d1}, [r1]!") \
    X(40, "vst2.16 {d0,d2}, [r1]") \
    X(41, "vst2.32 {d0,d1,d2,d3}, [r1]") \
    X(42, "vst3.8 {d0,d1,d2}, [r1]!") \
    X(43, "vst3.16 {d0,d2,d4}, [r1]") \
    X(44, "vst4.8 {d0,d1,d2,d3}, [r1]!") \
    X(45, "vst4.32 {d0,d2,d4,d6}, [r1], r2") \
    X(46, "vst1.8 {d0[6]}, [r1]!") \
    X(47, "vst1.16 {d0[3]}, [r1]") \
    X(48, "vst1.32 {d0[1]}, [r1], r2") \
    X(49, "vst2.8 {d0[1],d1[1]}, [r1]!") \
    X(50, "vst2.16 {d0[2],d2[2]}, [r1]") \
    X(51, "vst3.32 {d0[1],d1[1],d2[1]}, [r1]!") \
    X(52, "vst3.8 {d0[4],d1[4],d2[4]}, [r1]") \
    X(53, "vst4.16 {d0[3],d1[3],d2[3],d3[3]}, [r1]!") \
    X(54, "vst4.32 {d0[0],d2[0],d4[0],d6[0]}, [r1]")

INSNS(T)
static const struct {
    uint32_t (*fn)(void);
    const char *name;
} tests[] = {INSNS(ENTRY)};

int main(void)
{
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        for (int j = 0; j < 256; j++)
            mem[j] = (uint8_t)(j * 7 + 1);
        for (int j = 0; j < 128; j++)
            init[j] = (uint8_t)(j * 13 + 5);
        uint32_t r1 = tests[i].fn();
        printf("%-40s %08x %08x r1=mem%+d\n", tests[i].name, fnv(regs, 128), fnv(mem, 256),
               (int)(r1 - (uint32_t)(uintptr_t)mem));
    }
    printf("ok\n");
    return 0;
}
