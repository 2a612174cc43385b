/* asmops.h — a table-driven harness for single-instruction ARM tests.
 *
 * DEF(name, "insn") defines a function that loads APSR (NZCVQ + GE) from an
 * input word, runs the instruction with operands %[a] %[b] %[c] and result
 * %[r] (%[r] starts out as the value d, for accumulating forms), and reads
 * APSR back. DEF_A32 does the same in ARM state for encodings that Thumb-2
 * lacks; a Thumb build then interworks into it (blx) and back.
 * run_ops() feeds every op all pairs of the values below under four input
 * APSR values and prints, per op, a few sample lines plus a hash of all the
 * results and output flags:
 *     adds     a=7fffffff b=00000001 c=... psr=... -> r=80000000 psr=90000000
 *     adds     hash 1f2e3d4c
 */
#ifndef ASMOPS_H
#define ASMOPS_H
#include "xt.h"

typedef void (*op_fn)(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t psr,
                      uint32_t *r, uint32_t *psr_out);

#define DEF_BODY(name, insn)                                                          \
    (uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t psr, uint32_t *ro,      \
     uint32_t *po)                                                                    \
    {                                                                                 \
        uint32_t r = d, p;                                                            \
        __asm__ volatile("msr APSR_nzcvqg, %[psr]\n\t" insn "\n\tmrs %[p], APSR"      \
                         : [r] "+&r"(r), [p] "=&r"(p)                                 \
                         : [a] "r"(a), [b] "r"(b), [c] "r"(c), [psr] "r"(psr)         \
                         : "cc");                                                     \
        *ro = r;                                                                      \
        *po = p & 0xf80f0000u;                                                        \
    }
#define DEF(name, insn) static __attribute__((noinline)) void op_##name DEF_BODY(name, insn)
#define DEF_A32(name, insn)                                                           \
    static __attribute__((noinline, target("arm"))) void op_##name DEF_BODY(name, insn)
#define OP(name) {#name, op_##name}

struct op { const char *name; op_fn fn; };

static const uint32_t op_vals[] = {0, 1, 2, 0x1f, 0x20, 0x21, 0xff, 0x7fffffff, 0x80000000,
                                   0x80000001, 0xffffffff, 0xfffffffe, 0x12345678, 0x8000ffff,
                                   0x00ff7f80, 0x55aa55aa, 0x7fff8000, 0x0000ff01};
static const uint32_t op_psrs[] = {0x00000000, 0xf80f0000, 0x20000000, 0x400a0000};
#define N_VALS (int)(sizeof(op_vals) / sizeof(op_vals[0]))

static void run_ops(const struct op *ops, int n)
{
    for (int k = 0; k < n; k++) {
        uint32_t h = 2166136261u;
        int line = 0;
        for (int i = 0; i < N_VALS; i++)
            for (int j = 0; j < N_VALS; j++)
                for (int q = 0; q < 4; q++) {
                    uint32_t a = op_vals[i], b = op_vals[j];
                    uint32_t c = op_vals[(i + j + q) % N_VALS] ^ (q << 7);
                    uint32_t d = op_vals[(i * 3 + j + 1) % N_VALS] + q;
                    uint32_t r, p;
                    ops[k].fn(a, b, c, d, op_psrs[q], &r, &p);
                    h = (h ^ r) * 16777619u;
                    h = (h ^ p) * 16777619u;
                    if (((i * N_VALS + j) * 4 + q) % 97 == 5 && line++ < 4)
                        printf("%-8s a=%08x b=%08x c=%08x d=%08x psr=%08x -> r=%08x psr=%08x\n",
                               ops[k].name, a, b, c, d, op_psrs[q], r, p);
                }
        printf("%-8s hash %08x\n", ops[k].name, h);
    }
}
#endif
