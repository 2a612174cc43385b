/* simdext_a64 — the AdvSIMD additions after ARMv8.0, in A64 assembly:
 * SQRDMLAH/SQRDMLSH (ARMv8.1 RDM: vector, by element, scalar), SDOT/UDOT
 * (ARMv8.2 DotProd: vector, by element), FCMLA/FCADD (ARMv8.3 FCMA:
 * vector, by element, single and double precision) and USDOT/SUDOT/
 * SMMLA/UMMLA/USMMLA (ARMv8.6 I8MM), with the AT_HWCAP/AT_HWCAP2 bits and
 * ID register fields that announce them.
 *
 * Each form runs over 96 operand triples (edge lanes mixed into random
 * ones; for FP, NaNs, infinities, zeros and denormals, under every
 * RMode x FZ x DN) and prints two samples and a hash of every result and
 * FPSR; CHECKs hold known answers worked out from the pseudocode. */
/* XRUN-CPU: max */
/* XRUN-AARCH64-CFLAGS: -march=armv8.3-a+dotprod+i8mm */
#include <sys/auxv.h>
#include "xt.h"

/* AT_HWCAP bits of arm64 (arch/arm64/include/uapi/asm/hwcap.h). */
#define HWCAP_CPUID (1u << 11)
#define HWCAP_ASIMDRDM (1u << 12)
#define HWCAP_FCMA (1u << 14)
#define HWCAP_ASIMDDP (1u << 20)
#define HWCAP2_I8MM (1u << 13)

typedef struct { uint64_t lo, hi; } V;

/* name(d, n, m, fpcr) runs insn with v0 = *d, v1 = *n, v2 = *m and the
 * given FPCR, FPSR cleared; *d = v0 after, the FPSR is returned. */
#define OP(name, insn)                                                                      \
    static uint64_t name(V *d, const V *n, const V *m, uint64_t fpcr)                       \
    {                                                                                       \
        uint64_t fpsr;                                                                      \
        __asm__ volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\tldr q2, [%3]\n\t"                 \
                         "msr fpcr, %4\n\tmsr fpsr, xzr\n\t" insn "\n\t"                    \
                         "mrs %0, fpsr\n\tmsr fpcr, xzr\n\tstr q0, [%1]"                    \
                         : "=&r"(fpsr)                                                      \
                         : "r"(d), "r"(n), "r"(m), "r"(fpcr)                                \
                         : "v0", "v1", "v2", "memory");                                     \
        return fpsr;                                                                        \
    }

OP(sqrdmlah_8h, "sqrdmlah v0.8h, v1.8h, v2.8h")
OP(sqrdmlsh_4h, "sqrdmlsh v0.4h, v1.4h, v2.4h")
OP(sqrdmlah_4s, "sqrdmlah v0.4s, v1.4s, v2.4s")
OP(sqrdmlsh_2s, "sqrdmlsh v0.2s, v1.2s, v2.2s")
OP(sqrdmlah_h, "sqrdmlah h0, h1, h2")
OP(sqrdmlsh_s, "sqrdmlsh s0, s1, s2")
OP(sqrdmlah_8h_el, "sqrdmlah v0.8h, v1.8h, v2.h[5]")
OP(sqrdmlsh_4s_el, "sqrdmlsh v0.4s, v1.4s, v2.s[2]")
OP(sqrdmlah_s_el, "sqrdmlah s0, s1, v2.s[3]")
OP(sqrdmlsh_h_el, "sqrdmlsh h0, h1, v2.h[6]")
OP(sdot_4s, "sdot v0.4s, v1.16b, v2.16b")
OP(udot_2s, "udot v0.2s, v1.8b, v2.8b")
OP(udot_4s_el, "udot v0.4s, v1.16b, v2.4b[3]")
OP(sdot_2s_el, "sdot v0.2s, v1.8b, v2.4b[1]")
OP(fcmla_4s_0, "fcmla v0.4s, v1.4s, v2.4s, #0")
OP(fcmla_2s_90, "fcmla v0.2s, v1.2s, v2.2s, #90")
OP(fcmla_4s_180, "fcmla v0.4s, v1.4s, v2.4s, #180")
OP(fcmla_2d_270, "fcmla v0.2d, v1.2d, v2.2d, #270")
OP(fcmla_2d_90, "fcmla v0.2d, v1.2d, v2.2d, #90")
OP(fcmla_4s_el, "fcmla v0.4s, v1.4s, v2.s[1], #270")
OP(fcadd_4s_90, "fcadd v0.4s, v1.4s, v2.4s, #90")
OP(fcadd_2s_270, "fcadd v0.2s, v1.2s, v2.2s, #270")
OP(fcadd_2d_90, "fcadd v0.2d, v1.2d, v2.2d, #90")
OP(usdot_4s, "usdot v0.4s, v1.16b, v2.16b")
OP(usdot_2s_el, "usdot v0.2s, v1.8b, v2.4b[2]")
OP(sudot_4s_el, "sudot v0.4s, v1.16b, v2.4b[1]")
OP(smmla, "smmla v0.4s, v1.16b, v2.16b")
OP(ummla, "ummla v0.4s, v1.16b, v2.16b")
OP(usmmla, "usmmla v0.4s, v1.16b, v2.16b")

typedef uint64_t (*op_fn)(V *, const V *, const V *, uint64_t);
enum { INT, F32, F64 };
struct op { const char *name; op_fn fn; int kind; };

static const struct op ops[] = {
    {"sqrdmlah.8h", sqrdmlah_8h, INT}, {"sqrdmlsh.4h", sqrdmlsh_4h, INT},
    {"sqrdmlah.4s", sqrdmlah_4s, INT}, {"sqrdmlsh.2s", sqrdmlsh_2s, INT},
    {"sqrdmlah h", sqrdmlah_h, INT}, {"sqrdmlsh s", sqrdmlsh_s, INT},
    {"sqrdmlah.h[5]", sqrdmlah_8h_el, INT}, {"sqrdmlsh.s[2]", sqrdmlsh_4s_el, INT},
    {"sqrdmlah s[3]", sqrdmlah_s_el, INT}, {"sqrdmlsh h[6]", sqrdmlsh_h_el, INT},
    {"sdot.4s", sdot_4s, INT}, {"udot.2s", udot_2s, INT},
    {"udot.4b[3]", udot_4s_el, INT}, {"sdot.4b[1]", sdot_2s_el, INT},
    {"fcmla.4s #0", fcmla_4s_0, F32}, {"fcmla.2s #90", fcmla_2s_90, F32},
    {"fcmla.4s #180", fcmla_4s_180, F32}, {"fcmla.2d #270", fcmla_2d_270, F64},
    {"fcmla.2d #90", fcmla_2d_90, F64}, {"fcmla.s[1] #270", fcmla_4s_el, F32},
    {"fcadd.4s #90", fcadd_4s_90, F32}, {"fcadd.2s #270", fcadd_2s_270, F32},
    {"fcadd.2d #90", fcadd_2d_90, F64},
    {"usdot.4s", usdot_4s, INT}, {"usdot.4b[2]", usdot_2s_el, INT},
    {"sudot.4b[1]", sudot_4s_el, INT}, {"smmla", smmla, INT},
    {"ummla", ummla, INT}, {"usmmla", usmmla, INT},
};

/* -- Operands -- */

static const uint16_t edge16[] = {0x8000, 0x7fff, 0xffff, 0x0001, 0x0000, 0x4000, 0xc000, 0x8001};
static const uint32_t edge_f32[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x00000001,
    0x807fffff, 0x00800000, 0x3f800000, 0x7f7fffff, 0xff7fffff, 0x3effffff, 0xc0400000, 0x0c000000,
};
static const uint64_t edge_f64[] = {
    0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000001ull, 0x7ff0000000000001ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x3ff0000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3fdfffffffffffffull,
    0xc008000000000000ull, 0x2000000000000000ull,
};

/* A random 64-bit half with about a quarter of its 16-bit lanes (or of its
 * FP elements) replaced by edge values. */
static uint64_t rand_half(int kind)
{
    uint64_t x = xt_rand64();
    if (kind == F64)
        return (xt_rand() & 3) ? edge_f64[xt_rand() % 16] : x;
    for (int i = 0; i < 64; i += kind == F32 ? 32 : 16) {
        if (xt_rand() & 3)
            continue;
        uint64_t e = kind == F32 ? edge_f32[xt_rand() % 16] : edge16[xt_rand() % 8];
        uint64_t mask = kind == F32 ? 0xffffffffull : 0xffffull;
        x = (x & ~(mask << i)) | e << i;
    }
    return x;
}

static void rand_v(V *v, int kind)
{
    v->lo = rand_half(kind);
    v->hi = rand_half(kind);
}

/* FPCR of run i: RMode (bits 23:22), FZ (24) and DN (25) cycle together. */
static uint64_t fpcr_of(int i) { return (uint64_t)(i & 15) << 22; }

static void run_op(const struct op *o)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 96; i++) {
        V d, n, m;
        rand_v(&d, o->kind);
        rand_v(&n, o->kind);
        rand_v(&m, o->kind);
        V d0 = d;
        uint64_t fpcr = o->kind == INT ? 0 : fpcr_of(i);
        uint64_t fpsr = o->fn(&d, &n, &m, fpcr);
        if (i < 2)
            printf("%-16s d=%016llx%016llx n=%016llx%016llx m=%016llx%016llx fpcr=%llx -> %016llx%016llx fpsr=%llx\n",
                   o->name, (unsigned long long)d0.hi, (unsigned long long)d0.lo, (unsigned long long)n.hi,
                   (unsigned long long)n.lo, (unsigned long long)m.hi, (unsigned long long)m.lo,
                   (unsigned long long)fpcr, (unsigned long long)d.hi, (unsigned long long)d.lo,
                   (unsigned long long)fpsr);
        uint64_t rec[3] = {d.lo, d.hi, fpsr};
        h = (h ^ xt_fnv(rec, sizeof(rec))) * 16777619u;
    }
    printf("%-16s hash %08x\n", o->name, h);
}

/* -- Known answers -- */

static uint64_t f32_pair(uint32_t lo, uint32_t hi) { return (uint64_t)hi << 32 | lo; }

static void known_answers(void)
{
    /* 0x8000 * 0x8000 doubled is 2^31: with acc 0, 2^31 + 0x8000 >> 16 =
     * 0x8000 saturates to 0x7fff (QC); with acc -1 the sum is 2^31 - 2^15,
     * 0x7fff without saturation. */
    V d = {0xffff0000ull, 0}, n = {0x80008000ull, 0}, m = {0x80008000ull, 0};
    uint64_t fpsr = sqrdmlah_8h(&d, &n, &m, 0);
    CHECK(d.lo == 0x7fff7fffull && d.hi == 0);
    CHECK(fpsr >> 27 & 1);
    /* SQRDMLSH h: 0 - 2 * 1 * 0x3fff + 0x8000 = 2 >> 16 = 0; the rest of
     * V0 is zeroed. */
    d = (V){~0ull, ~0ull};
    d.lo &= ~0xffffull;
    n = (V){1, 0};
    m = (V){0, 0x3fffull << 32}; /* h[6] */
    fpsr = sqrdmlsh_h_el(&d, &n, &m, 0);
    CHECK(d.lo == 0 && d.hi == 0 && fpsr == 0);
    /* SDOT lane: ff 80 7f 01 . ff 80 7f 01 = 1 + 16384 + 16129 + 1 =
     * 32515, plus 0xffffffff wraps to 32514; UDOT: 97539 + 1 = 97540. */
    d = (V){0xffffffffull, 0};
    n = (V){0x017f80ffull, 0};
    sdot_4s(&d, &n, &n, 0);
    CHECK(d.lo == 32514 && d.hi == 0);
    d = (V){1, 0};
    udot_2s(&d, &n, &n, 0);
    CHECK(d.lo == 97540);
    /* (1 + 2i)(5 + 6i) = -7 + 16i: FCMLA #0 then #90 from zero. */
    V c = {0, 0}, a = {f32_pair(0x3f800000, 0x40000000), 0}, b = {f32_pair(0x40a00000, 0x40c00000), 0};
    fcmla_4s_0(&c, &a, &b, 0);
    fcmla_2s_90(&c, &a, &b, 0);
    CHECK(c.lo == f32_pair(0xc0e00000, 0x41800000) && c.hi == 0);
    /* FCADD #90: 1 + -(+qNaN) is the NaN with its sign flipped. */
    c = (V){0, 0};
    b = (V){f32_pair(0x40a00000, 0x7fc00000), 0};
    fcadd_4s_90(&c, &a, &b, 0);
    CHECK((uint32_t)c.lo == 0xffc00000u);
    /* USDOT lane: unsigned ff 80 7f 01 . signed ff 80 7f 01 = -255 - 16384
     * + 16129 + 1 = -509; SMMLA of one 8-byte row with itself, 32515 + 0. */
    d = (V){0, 0};
    n = (V){0x017f80ffull, 0};
    usdot_4s(&d, &n, &n, 0);
    CHECK(d.lo == 0xfffffe03ull && d.hi == 0);
    d = (V){0, 0};
    smmla(&d, &n, &n, 0);
    CHECK(d.lo == 32515 && d.hi == 0);
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    unsigned long hw2 = getauxval(AT_HWCAP2);
    printf("hwcap asimdrdm %d asimddp %d fcma %d hwcap2 i8mm %d\n", !!(hw & HWCAP_ASIMDRDM),
           !!(hw & HWCAP_ASIMDDP), !!(hw & HWCAP_FCMA), !!(hw2 & HWCAP2_I8MM));
    CHECK(hw2 & HWCAP2_I8MM);
    CHECK((hw & (HWCAP_ASIMDRDM | HWCAP_ASIMDDP | HWCAP_FCMA)) == (HWCAP_ASIMDRDM | HWCAP_ASIMDDP | HWCAP_FCMA));
    if (hw & HWCAP_CPUID) {
        uint64_t isar0, isar1;
        __asm__ volatile("mrs %0, id_aa64isar0_el1\n\tmrs %1, id_aa64isar1_el1" : "=r"(isar0), "=r"(isar1));
        printf("isar0 rdm %d dp %d isar1 fcma %d i8mm %d\n", (int)(isar0 >> 28 & 15), (int)(isar0 >> 44 & 15),
               (int)(isar1 >> 16 & 15), (int)(isar1 >> 52 & 15));
    }
    known_answers();
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        run_op(&ops[i]);
    return xt_done();
}
