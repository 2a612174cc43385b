/* a64ops.h — a table-driven harness for single-instruction A64 tests.
 *
 * DEF(name, "insn") defines a function that loads NZCV from an input word,
 * runs the instruction with 64-bit operands %[a] %[b] and result %[r]
 * (%[r] starts out as the value d, for accumulating and insert forms; use
 * %w[a] etc. for the 32-bit register views), and reads NZCV back.
 * run_ops() feeds every op all pairs of the values below under four input
 * NZCV values and prints, per op, a few sample lines plus a hash of all the
 * results and output flags:
 *     adds     a=7fffffffffffffff b=0000000000000001 d=... nzcv=0 -> r=8000000000000000 nzcv=9
 *     adds     hash 1f2e3d4c
 * Flags are printed as the 4-bit NZCV nibble.
 */
#ifndef A64OPS_H
#define A64OPS_H
#include "xt.h"

typedef void (*op_fn)(uint64_t a, uint64_t b, uint64_t d, uint64_t nzcv, uint64_t *r,
                      uint64_t *nzcv_out);

#define DEF(name, insn)                                                                   \
    static __attribute__((noinline)) void op_##name(uint64_t a, uint64_t b, uint64_t d,  \
                                                     uint64_t nzcv, uint64_t *ro,         \
                                                     uint64_t *po)                        \
    {                                                                                     \
        uint64_t r = d, p;                                                                \
        __asm__ volatile("msr nzcv, %[psr]\n\t" insn "\n\tmrs %[p], nzcv"                 \
                         : [r] "+&r"(r), [p] "=&r"(p)                                     \
                         : [a] "r"(a), [b] "r"(b), [psr] "r"(nzcv << 28)                  \
                         : "cc");                                                         \
        *ro = r;                                                                          \
        *po = p >> 28;                                                                    \
    }
#define OP(name) {#name, op_##name}

struct op { const char *name; op_fn fn; };

static const uint64_t op_vals[] = {
    0, 1, 2, 0x1f, 0x3f, 0x40, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0xffffffffffffffff,
    0xfffffffffffffffe, 0x123456789abcdef0, 0x00000000ffff8000, 0x55aa55aa55aa55aa,
    0xfedcba9876543210,
};
static const uint64_t op_nzcvs[] = {0x0, 0xf, 0x6, 0x8};
#define N_VALS (int)(sizeof(op_vals) / sizeof(op_vals[0]))

/* FNV-1a over the 8 bytes of v, little-endian first. */
static inline uint32_t ops_mix(uint32_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        h = (h ^ (uint32_t)(v & 0xff)) * 16777619u;
    return h;
}

static void run_ops(const struct op *ops, int n)
{
    for (int k = 0; k < n; k++) {
        uint32_t h = 2166136261u;
        int shown = 0;
        /* t walks (value a, value b, flags) with the flags innermost. */
        for (int t = 0; t < N_VALS * N_VALS * 4; t++) {
            int i = t / (4 * N_VALS), j = t / 4 % N_VALS, q = t % 4;
            uint64_t a = op_vals[i], b = op_vals[j];
            uint64_t d = op_vals[(i * 3 + j + 1) % N_VALS] + (uint64_t)q;
            uint64_t r, p;
            ops[k].fn(a, b, d, op_nzcvs[q], &r, &p);
            h = ops_mix(ops_mix(h, r), p);
            if (t % 97 == 5 && shown++ < 4)
                printf("%-8s a=%016llx b=%016llx d=%016llx nzcv=%llx -> r=%016llx nzcv=%llx\n",
                       ops[k].name, (unsigned long long)a, (unsigned long long)b,
                       (unsigned long long)d, (unsigned long long)op_nzcvs[q],
                       (unsigned long long)r, (unsigned long long)p);
        }
        printf("%-8s hash %08x\n", ops[k].name, h);
    }
}
#endif
