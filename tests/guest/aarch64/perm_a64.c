/* perm_a64 — AdvSIMD lane permutes and width changes, every arrangement:
 * ZIP1/ZIP2/UZP1/UZP2/TRN1/TRN2, SSHLL/USHLL (SXTL/UXTL) and SHLL with
 * their "2" forms, XTN/SHRN/RSHRN and their "2" forms (which keep the low
 * half of the destination), ADDP/SMAXP/SMINP/UMAXP/UMINP and scalar ADDP,
 * the widening arithmetic SADDL .. UMLSL, and the structure loads and
 * stores LD2/LD4/ST2/ST4 in every arrangement.
 * Each instruction runs on random vectors (edge bytes mixed in) and is
 * CHECKed against a plain C model of its pseudocode; a hash of all results
 * is printed for the reference. The 64-bit forms must zero the high half
 * of the destination, which the destination's old contents would show. */
#include <arm_neon.h>
#include "xt.h"

typedef void (*Insn)(uint8_t *d, const uint8_t *a, const uint8_t *b);

/* d = insn(d, a, b): the destination is read too, for the "2" forms. */
#define INSN(fn, text)                                                         \
    static void fn(uint8_t *d, const uint8_t *a, const uint8_t *b)             \
    {                                                                          \
        uint8x16_t r = vld1q_u8(d), x = vld1q_u8(a), y = vld1q_u8(b);          \
        __asm__(text : "+w"(r) : "w"(x), "w"(y));                              \
        vst1q_u8(d, r);                                                        \
    }
#define PERM(op, s16, s8) INSN(op##_##s16, #op " %0." #s16 ", %1." #s16 ", %2." #s16) \
                          INSN(op##_##s8, #op " %0." #s8 ", %1." #s8 ", %2." #s8)
#define PERMS(op) PERM(op, 16b, 8b) PERM(op, 8h, 4h) PERM(op, 4s, 2s) INSN(op##_2d, #op " %0.2d, %1.2d, %2.2d")
PERMS(zip1) PERMS(zip2) PERMS(uzp1) PERMS(uzp2) PERMS(trn1) PERMS(trn2)
PERMS(addp)
PERM(smaxp, 16b, 8b) PERM(smaxp, 8h, 4h) PERM(smaxp, 4s, 2s)
PERM(uminp, 16b, 8b) PERM(uminp, 8h, 4h) PERM(uminp, 4s, 2s)
PERM(sminp, 16b, 8b) PERM(umaxp, 8h, 4h)
INSN(addp_d, "addp %d0, %1.2d")
/* widening: "2" reads the high half */
INSN(sxtl_8h, "sxtl %0.8h, %1.8b") INSN(sxtl2_8h, "sxtl2 %0.8h, %1.16b")
INSN(uxtl_4s, "uxtl %0.4s, %1.4h") INSN(uxtl2_4s, "uxtl2 %0.4s, %1.8h")
INSN(sxtl_2d, "sxtl %0.2d, %1.2s") INSN(uxtl2_2d, "uxtl2 %0.2d, %1.4s")
INSN(sshll_8h, "sshll %0.8h, %1.8b, #3") INSN(ushll2_4s, "ushll2 %0.4s, %1.8h, #15")
INSN(sshll2_2d, "sshll2 %0.2d, %1.4s, #31") INSN(ushll_2d, "ushll %0.2d, %1.2s, #1")
INSN(shll_8h, "shll %0.8h, %1.8b, #8") INSN(shll2_4s, "shll2 %0.4s, %1.8h, #16")
INSN(shll2_2d, "shll2 %0.2d, %1.4s, #32")
/* narrowing: "2" writes the high half and keeps the low one */
INSN(xtn_8b, "xtn %0.8b, %1.8h") INSN(xtn2_16b, "xtn2 %0.16b, %1.8h")
INSN(xtn_4h, "xtn %0.4h, %1.4s") INSN(xtn2_4s, "xtn2 %0.4s, %1.2d")
INSN(shrn_8b, "shrn %0.8b, %1.8h, #3") INSN(shrn2_8h, "shrn2 %0.8h, %1.4s, #16")
INSN(shrn_2s, "shrn %0.2s, %1.2d, #32") INSN(shrn2_16b, "shrn2 %0.16b, %1.8h, #1")
INSN(rshrn_8b, "rshrn %0.8b, %1.8h, #8") INSN(rshrn2_8h, "rshrn2 %0.8h, %1.4s, #5")
INSN(rshrn_2s, "rshrn %0.2s, %1.2d, #1") INSN(rshrn2_4s, "rshrn2 %0.4s, %1.2d, #32")

/* widening arithmetic: both halves, signed and unsigned */
INSN(saddl_8h, "saddl %0.8h, %1.8b, %2.8b") INSN(uaddl2_4s, "uaddl2 %0.4s, %1.8h, %2.8h")
INSN(ssubl2_2d, "ssubl2 %0.2d, %1.4s, %2.4s") INSN(usubl_8h, "usubl %0.8h, %1.8b, %2.8b")
INSN(saddw2_8h, "saddw2 %0.8h, %1.8h, %2.16b") INSN(uaddw_2d, "uaddw %0.2d, %1.2d, %2.2s")
INSN(ssubw_4s, "ssubw %0.4s, %1.4s, %2.4h") INSN(usubw2_8h, "usubw2 %0.8h, %1.8h, %2.16b")
INSN(smull_4s, "smull %0.4s, %1.4h, %2.4h") INSN(umull2_8h, "umull2 %0.8h, %1.16b, %2.16b")
INSN(smull2_2d, "smull2 %0.2d, %1.4s, %2.4s") INSN(umull_2d, "umull %0.2d, %1.2s, %2.2s")
INSN(smlal2_8h, "smlal2 %0.8h, %1.16b, %2.16b") INSN(umlal_4s, "umlal %0.4s, %1.4h, %2.4h")
INSN(smlsl_2d, "smlsl %0.2d, %1.2s, %2.2s") INSN(umlsl2_4s, "umlsl2 %0.4s, %1.8h, %2.8h")

/* -- The model -- */

enum { ZIP1, ZIP2, UZP1, UZP2, TRN1, TRN2, ADDP, SMAXP, SMINP, UMAXP, UMINP, WIDEN_S, WIDEN_U, NARROW,
       ADDL, ADDW, SUBL, SUBW, MULL, MLAL, MLSL };

typedef struct Case {
    const char *name;
    Insn fn;
    int op, vece, q, shift, round; /* vece: of the narrow side for widening and narrowing */
    int sign;                      /* widening arithmetic: signed sources */
} Case;

static uint64_t get(const uint8_t *v, int vece, int i)
{
    uint64_t x = 0;
    memcpy(&x, v + (i << vece), 1u << vece);
    return x;
}

static void set(uint8_t *v, int vece, int i, uint64_t x)
{
    memcpy(v + (i << vece), &x, 1u << vece);
}

static int64_t sext(uint64_t x, int vece)
{
    int sh = 64 - (8 << vece);
    return (int64_t)(x << sh) >> sh;
}

static uint64_t pair_op(int op, int vece, uint64_t x, uint64_t y)
{
    int64_t sx = sext(x, vece), sy = sext(y, vece);
    switch (op) {
    case ADDP: return x + y;
    case SMAXP: return (uint64_t)(sx > sy ? sx : sy);
    case SMINP: return (uint64_t)(sx < sy ? sx : sy);
    case UMAXP: return x > y ? x : y;
    default: return x < y ? x : y;
    }
}

/* want = the instruction on (d, a, b) as the Arm pseudocode says it. */
static void model(const Case *c, const uint8_t *d, const uint8_t *a, const uint8_t *b, uint8_t *want)
{
    int vece = c->vece, n = (c->q ? 16 : 8) >> vece, half = n / 2;
    uint8_t cat[32];
    memcpy(cat, a, 16);
    memcpy(cat + 16, b, 16);
    memset(want, 0, 16);
    switch (c->op) {
    case ZIP1: case ZIP2:
        for (int i = 0; i < half; i++) {
            int k = i + (c->op == ZIP2 ? half : 0);
            set(want, vece, 2 * i, get(a, vece, k));
            set(want, vece, 2 * i + 1, get(b, vece, k));
        }
        break;
    case UZP1: case UZP2:
        for (int i = 0; i < n; i++) {
            int k = 2 * i + (c->op == UZP2);
            set(want, vece, i, k < n ? get(a, vece, k) : get(b, vece, k - n));
        }
        break;
    case TRN1: case TRN2:
        for (int i = 0; i < half; i++) {
            int k = 2 * i + (c->op == TRN2);
            set(want, vece, 2 * i, get(a, vece, k));
            set(want, vece, 2 * i + 1, get(b, vece, k));
        }
        break;
    case WIDEN_S: case WIDEN_U: /* 8 bytes of source from the low or high half */
        for (int i = 0; i < (8 >> vece); i++) {
            uint64_t x = get(a + (c->q ? 8 : 0), vece, i);
            if (c->op == WIDEN_S)
                x = (uint64_t)sext(x, vece);
            set(want, vece + 1, i, x << c->shift);
        }
        break;
    case NARROW:
        if (c->q)
            memcpy(want, d, 8);
        for (int i = 0; i < (8 >> vece); i++) {
            uint64_t w = get(a, vece + 1, i);
            if (c->round) { /* in 128-bit arithmetic: the carry out counts */
                unsigned __int128 r = (unsigned __int128)w + (1ull << (c->shift - 1));
                w = (uint64_t)(r >> c->shift);
            } else {
                w = c->shift < 64 ? w >> c->shift : 0;
            }
            set(want + (c->q ? 8 : 0), vece, i, w);
        }
        break;
    case ADDL: case ADDW: case SUBL: case SUBW: case MULL: case MLAL: case MLSL:
        for (int i = 0; i < (8 >> vece); i++) {
            uint64_t x = get(a + (c->q ? 8 : 0), vece, i), y = get(b + (c->q ? 8 : 0), vece, i);
            if (c->sign) {
                x = (uint64_t)sext(x, vece);
                y = (uint64_t)sext(y, vece);
            }
            if (c->op == ADDW || c->op == SUBW)
                x = get(a, vece + 1, i);
            uint64_t acc = get(d, vece + 1, i), r;
            switch (c->op) {
            case ADDL: case ADDW: r = x + y; break;
            case SUBL: case SUBW: r = x - y; break;
            case MULL: r = x * y; break;
            case MLAL: r = acc + x * y; break;
            default: r = acc - x * y; break;
            }
            set(want, vece + 1, i, r);
        }
        break;
    default: /* pairwise: the pairs of a, then those of b */
        for (int i = 0; i < n; i++) {
            const uint8_t *src = i < half ? a : b;
            int k = 2 * (i % half);
            set(want, vece, i, pair_op(c->op, vece, get(src, vece, k), get(src, vece, k + 1)));
        }
        break;
    }
}

#define P(op, OP, s16, s8, vece)                                                 \
    {#op "." #s16, op##_##s16, OP, vece, 1, 0, 0}, {#op "." #s8, op##_##s8, OP, vece, 0, 0, 0}
#define PS(op, OP) P(op, OP, 16b, 8b, 0), P(op, OP, 8h, 4h, 1), P(op, OP, 4s, 2s, 2), \
                   {#op ".2d", op##_2d, OP, 3, 1, 0, 0}

static const Case cases[] = {
    PS(zip1, ZIP1), PS(zip2, ZIP2), PS(uzp1, UZP1), PS(uzp2, UZP2), PS(trn1, TRN1), PS(trn2, TRN2),
    PS(addp, ADDP),
    P(smaxp, SMAXP, 16b, 8b, 0), P(smaxp, SMAXP, 8h, 4h, 1), P(smaxp, SMAXP, 4s, 2s, 2),
    P(uminp, UMINP, 16b, 8b, 0), P(uminp, UMINP, 8h, 4h, 1), P(uminp, UMINP, 4s, 2s, 2),
    P(sminp, SMINP, 16b, 8b, 0), P(umaxp, UMAXP, 8h, 4h, 1),
    {"sxtl.8h", sxtl_8h, WIDEN_S, 0, 0, 0, 0}, {"sxtl2.8h", sxtl2_8h, WIDEN_S, 0, 1, 0, 0},
    {"uxtl.4s", uxtl_4s, WIDEN_U, 1, 0, 0, 0}, {"uxtl2.4s", uxtl2_4s, WIDEN_U, 1, 1, 0, 0},
    {"sxtl.2d", sxtl_2d, WIDEN_S, 2, 0, 0, 0}, {"uxtl2.2d", uxtl2_2d, WIDEN_U, 2, 1, 0, 0},
    {"sshll.8h #3", sshll_8h, WIDEN_S, 0, 0, 3, 0}, {"ushll2.4s #15", ushll2_4s, WIDEN_U, 1, 1, 15, 0},
    {"sshll2.2d #31", sshll2_2d, WIDEN_S, 2, 1, 31, 0}, {"ushll.2d #1", ushll_2d, WIDEN_U, 2, 0, 1, 0},
    {"shll.8h", shll_8h, WIDEN_U, 0, 0, 8, 0}, {"shll2.4s", shll2_4s, WIDEN_U, 1, 1, 16, 0},
    {"shll2.2d", shll2_2d, WIDEN_U, 2, 1, 32, 0},
    {"xtn.8b", xtn_8b, NARROW, 0, 0, 0, 0}, {"xtn2.16b", xtn2_16b, NARROW, 0, 1, 0, 0},
    {"xtn.4h", xtn_4h, NARROW, 1, 0, 0, 0}, {"xtn2.4s", xtn2_4s, NARROW, 2, 1, 0, 0},
    {"shrn.8b #3", shrn_8b, NARROW, 0, 0, 3, 0}, {"shrn2.8h #16", shrn2_8h, NARROW, 1, 1, 16, 0},
    {"shrn.2s #32", shrn_2s, NARROW, 2, 0, 32, 0}, {"shrn2.16b #1", shrn2_16b, NARROW, 0, 1, 1, 0},
    {"rshrn.8b #8", rshrn_8b, NARROW, 0, 0, 8, 1}, {"rshrn2.8h #5", rshrn2_8h, NARROW, 1, 1, 5, 1},
    {"rshrn.2s #1", rshrn_2s, NARROW, 2, 0, 1, 1}, {"rshrn2.4s #32", rshrn2_4s, NARROW, 2, 1, 32, 1},
    {"saddl.8h", saddl_8h, ADDL, 0, 0, 0, 0, 1}, {"uaddl2.4s", uaddl2_4s, ADDL, 1, 1, 0, 0, 0},
    {"ssubl2.2d", ssubl2_2d, SUBL, 2, 1, 0, 0, 1}, {"usubl.8h", usubl_8h, SUBL, 0, 0, 0, 0, 0},
    {"saddw2.8h", saddw2_8h, ADDW, 0, 1, 0, 0, 1}, {"uaddw.2d", uaddw_2d, ADDW, 2, 0, 0, 0, 0},
    {"ssubw.4s", ssubw_4s, SUBW, 1, 0, 0, 0, 1}, {"usubw2.8h", usubw2_8h, SUBW, 0, 1, 0, 0, 0},
    {"smull.4s", smull_4s, MULL, 1, 0, 0, 0, 1}, {"umull2.8h", umull2_8h, MULL, 0, 1, 0, 0, 0},
    {"smull2.2d", smull2_2d, MULL, 2, 1, 0, 0, 1}, {"umull.2d", umull_2d, MULL, 2, 0, 0, 0, 0},
    {"smlal2.8h", smlal2_8h, MLAL, 0, 1, 0, 0, 1}, {"umlal.4s", umlal_4s, MLAL, 1, 0, 0, 0, 0},
    {"smlsl.2d", smlsl_2d, MLSL, 2, 0, 0, 0, 1}, {"umlsl2.4s", umlsl2_4s, MLSL, 1, 1, 0, 0, 0},
};

/* -- LD2/LD4/ST2/ST4: v16.. from or to 64 bytes of memory -- */

typedef void (*StructInsn)(uint8_t *mem, uint8_t regs[4][16]);

#define REGS2(t) "v16." t ", v17." t
#define REGS4(t) "v16." t ", v17." t ", v18." t ", v19." t
#define LDST(fn, insn)                                                                      \
    static void fn(uint8_t *mem, uint8_t regs[4][16])                                       \
    {                                                                                       \
        __asm__ volatile("ldp q16, q17, [%1]\n\tldp q18, q19, [%1, #32]\n\t" insn " [%0]\n\t" \
                         "stp q16, q17, [%1]\n\tstp q18, q19, [%1, #32]"                    \
                         : : "r"(mem), "r"(regs) : "v16", "v17", "v18", "v19", "memory");  \
    }
#define LDST_T(op, n, t16, t8) LDST(op##_##t16, #op " {" REGS##n(#t16) "},") LDST(op##_##t8, #op " {" REGS##n(#t8) "},")
#define LDST_ALL(op, n) LDST_T(op, n, 16b, 8b) LDST_T(op, n, 8h, 4h) LDST_T(op, n, 4s, 2s) \
                        LDST(op##_2d, #op " {" REGS##n("2d") "},")
LDST_ALL(ld2, 2) LDST_ALL(ld4, 4) LDST_ALL(st2, 2) LDST_ALL(st4, 4)

typedef struct StructCase {
    const char *name;
    StructInsn fn;
    int load, n, vece, q;
} StructCase;

#define SC(op, load, n, t16, t8, vece) {#op "." #t16, op##_##t16, load, n, vece, 1}, \
                                       {#op "." #t8, op##_##t8, load, n, vece, 0}
#define SC_ALL(op, load, n) SC(op, load, n, 16b, 8b, 0), SC(op, load, n, 8h, 4h, 1), \
                            SC(op, load, n, 4s, 2s, 2), {#op ".2d", op##_2d, load, n, 3, 1}
static const StructCase struct_cases[] = {
    SC_ALL(ld2, 1, 2), SC_ALL(ld4, 1, 4), SC_ALL(st2, 0, 2), SC_ALL(st4, 0, 4),
};

/* Element e of register k sits at memory element e * n + k; a load of a
 * 64-bit arrangement zeroes the high half, a store leaves the memory past
 * its n * 8 (or n * 16) bytes alone. */
static void struct_model(const StructCase *c, uint8_t *mem, uint8_t regs[4][16])
{
    int elems = (c->q ? 16 : 8) >> c->vece;
    for (int k = 0; k < c->n; k++) {
        if (c->load)
            memset(regs[k], 0, 16);
        for (int e = 0; e < elems; e++) {
            uint8_t *m = mem + ((e * c->n + k) << c->vece);
            if (c->load)
                set(regs[k], c->vece, e, get(m, c->vece, 0));
            else
                set(m, c->vece, 0, get(regs[k], c->vece, e));
        }
    }
}

static void check_structs(uint32_t *hash)
{
    for (size_t k = 0; k < sizeof(struct_cases) / sizeof(struct_cases[0]); k++) {
        const StructCase *c = &struct_cases[k];
        int bad = 0;
        for (int round = 0; round < 16; round++) {
            uint8_t mem[80], regs[4][16], want_mem[80], want_regs[4][16];
            for (int i = 0; i < 80; i++)
                mem[i] = (uint8_t)xt_rand();
            for (int r = 0; r < 4; r++)
                for (int i = 0; i < 16; i++)
                    regs[r][i] = (uint8_t)xt_rand();
            memcpy(want_mem, mem, sizeof(mem));
            memcpy(want_regs, regs, sizeof(regs));
            struct_model(c, want_mem + 8, want_regs);
            c->fn(mem + 8, regs);
            *hash = xt_fnv(mem, sizeof(mem)) ^ xt_fnv(regs, sizeof(regs)) ^ (*hash * 31);
            if ((memcmp(mem, want_mem, sizeof(mem)) || memcmp(regs, want_regs, sizeof(regs))) && !bad++)
                printf("%s: differs from the model\n", c->name);
        }
        CHECK(bad == 0);
    }
}

static void fill(uint8_t *v)
{
    static const uint8_t edge[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe};
    for (int i = 0; i < 16; i++) {
        uint32_t r = xt_rand();
        v[i] = (r & 7) == 0 ? edge[(r >> 8) % sizeof(edge)] : (uint8_t)(r >> 16);
    }
}

int main(void)
{
    uint32_t hash = 0;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const Case *c = &cases[k];
        int bad = 0;
        uint8_t d[16], a[16], b[16], want[16], d0[16];
        for (int round = 0; round < 64; round++) {
            fill(d);
            fill(a);
            fill(b);
            memcpy(d0, d, 16);
            model(c, d, a, b, want);
            c->fn(d, a, b);
            hash = xt_fnv(d, 16) ^ (hash * 31);
            if (memcmp(d, want, 16) != 0 && !bad++) {
                printf("%s: got ", c->name);
                for (int i = 15; i >= 0; i--)
                    printf("%02x", d[i]);
                printf(" want ");
                for (int i = 15; i >= 0; i--)
                    printf("%02x", want[i]);
                printf(" (old d %02x.., a %02x.., b %02x..)\n", d0[15], a[15], b[15]);
            }
        }
        CHECK(bad == 0);
    }
    /* scalar ADDP: the two doublewords, wrapping; the rest of d zeroed */
    uint8_t d[16], a[16];
    fill(d);
    uint64_t x = 0x8000000000000001ull, y = 0x8000000000000002ull;
    memcpy(a, &x, 8);
    memcpy(a + 8, &y, 8);
    addp_d(d, a, a);
    uint64_t lo, hi;
    memcpy(&lo, d, 8);
    memcpy(&hi, d + 8, 8);
    CHECK(lo == 3 && hi == 0);
    check_structs(&hash);
    printf("%zu forms, hash %08x\n", sizeof(cases) / sizeof(cases[0]) + sizeof(struct_cases) / sizeof(struct_cases[0]), hash);
    return xt_done();
}
