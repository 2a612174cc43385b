/* fp16_a64 — ARMv8.2 half-precision arithmetic, FRINT32/64 and FJCVTZS.
 *
 * Every scalar H operation runs over all pairs of a table of edge halves
 * (zeros, denormals, the smallest and largest normals, infinities, quiet
 * and signalling NaNs, ties) under the 16 FPCR settings RMode x FZ16 x DN;
 * each op prints a hash of its results and FPSR flags, and known answers
 * are CHECKed. The AdvSIMD .4H/.8H forms (three same, two-register misc,
 * across lanes, pairwise, by element, fixed point) and FRINT32/64 and
 * FJCVTZS follow. FJCVTZS runs with FZ clear: qemu-aarch64 7.2, which
 * wrote the .ref, sets Z for a positive denormal that FZ flushes, and the
 * architecture clears it.
 * XRUN-CPU: max
 * XRUN-AARCH64-CFLAGS: -march=armv8.5-a+fp16
 */
#include "xt.h"
#include "fpregs.h"

/* Halves travel in W registers, moved into S registers around the insn. */
#define H2(name, insn)                                                                        \
    static __attribute__((noinline)) uint32_t name(uint32_t a, uint32_t b)                   \
    {                                                                                         \
        uint32_t r;                                                                           \
        __asm__ volatile("fmov s0, %w1\n fmov s1, %w2\n " insn " h2, h0, h1\n fmov %w0, s2"   \
                         : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2");                      \
        return r;                                                                             \
    }
#define H1(name, insn)                                                                        \
    static __attribute__((noinline)) uint32_t name(uint32_t a, uint32_t b)                   \
    {                                                                                         \
        uint32_t r;                                                                           \
        (void)b;                                                                              \
        __asm__ volatile("fmov s0, %w1\n " insn " h2, h0\n fmov %w0, s2"                      \
                         : "=r"(r) : "r"(a) : "v0", "v2");                                    \
        return r;                                                                             \
    }
H2(h_fadd, "fadd")
H2(h_fsub, "fsub")
H2(h_fmul, "fmul")
H2(h_fdiv, "fdiv")
H2(h_fmax, "fmax")
H2(h_fmin, "fmin")
H2(h_fmaxnm, "fmaxnm")
H2(h_fminnm, "fminnm")
H2(h_fnmul, "fnmul")
H2(h_fabd, "fabd")
H2(h_fmulx, "fmulx")
H2(h_frecps, "frecps")
H2(h_frsqrts, "frsqrts")
H2(h_fcmeq, "fcmeq")
H2(h_fcmge, "fcmge")
H2(h_facgt, "facgt")
H1(h_fsqrt, "fsqrt")
H1(h_frintn, "frintn")
H1(h_frinta, "frinta")
H1(h_frintx, "frintx")
H1(h_frinti, "frinti")
H1(h_frecpe, "frecpe")
H1(h_frsqrte, "frsqrte")
H1(h_frecpx, "frecpx")
H1(h_fcvtns, "fcvtns")
H1(h_fcvtzu, "fcvtzu")
H1(h_ucvtf, "ucvtf")

/* FCVT to double and back: exact both ways (FZ16 does not apply). */
static __attribute__((noinline)) uint32_t h_fcvt_d(uint32_t a, uint32_t b)
{
    uint32_t r;
    (void)b;
    __asm__ volatile("fmov s0, %w1\n fcvt d1, h0\n fcvt h2, d1\n fmov %w0, s2" : "=r"(r) : "r"(a) : "v0", "v1", "v2");
    return r;
}

/* b + a * a, fused (FMADD Hd, Hn, Hn, Hm) and a * b - 1 (FNMSUB). */
static __attribute__((noinline)) uint32_t h_fmadd(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("fmov s0, %w1\n fmov s1, %w2\n fmadd h2, h0, h0, h1\n fmov %w0, s2"
                     : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2");
    return r;
}
static __attribute__((noinline)) uint32_t h_fnmsub(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("fmov s0, %w1\n fmov s1, %w2\n fmov h3, #1.0\n fnmsub h2, h0, h1, h3\n fmov %w0, s2"
                     : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2", "v3");
    return r;
}
/* a * b + a quiet NaN: the NaN, or the default NaN for inf * 0 (FMSUB). */
static __attribute__((noinline)) uint32_t h_fmsub_qnan(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("fmov s0, %w1\n fmov s1, %w2\n mov w3, #0x7e01\n fmov s3, w3\n fmsub h2, h0, h1, h3\n"
                     "fmov %w0, s2"
                     : "=r"(r) : "r"(a), "r"(b) : "x3", "v0", "v1", "v2", "v3");
    return r;
}
/* FCMPE: NZCV in bits 31:28. */
static __attribute__((noinline)) uint32_t h_fcmpe(uint32_t a, uint32_t b)
{
    __asm__ volatile("fmov s0, %w0\n fmov s1, %w1\n fcmpe h0, h1" : : "r"(a), "r"(b) : "v0", "v1", "cc");
    return (uint32_t)get_nzcv();
}
/* Integer conversions, the integer in the result. */
static __attribute__((noinline)) uint32_t h_fcvtzs_w(uint32_t a, uint32_t b)
{
    uint32_t r;
    (void)b;
    __asm__ volatile("fmov s0, %w1\n fcvtzs %w0, h0" : "=r"(r) : "r"(a) : "v0");
    return r;
}
static __attribute__((noinline)) uint32_t h_fcvtzs_x33(uint32_t a, uint32_t b)
{
    uint64_t r;
    (void)b;
    __asm__ volatile("fmov s0, %w1\n fcvtzs %0, h0, #33" : "=r"(r) : "r"(a) : "v0");
    return (uint32_t)(r ^ (r >> 32));
}
static __attribute__((noinline)) uint32_t h_scvtf(uint32_t a, uint32_t b)
{
    uint32_t r;
    int64_t x = (int64_t)(int32_t)(a << 16 | b) * 4099; /* well past the half range too */
    __asm__ volatile("scvtf h2, %1\n fmov %w0, s2" : "=r"(r) : "r"(x) : "v2");
    return r;
}
static __attribute__((noinline)) uint32_t h_ucvtf_fixed(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("ucvtf h2, %w1, #20\n fmov %w0, s2" : "=r"(r) : "r"(a << 16 | b) : "v2");
    return r;
}

typedef uint32_t (*HOp)(uint32_t, uint32_t);
static const struct {
    const char *name;
    HOp fn;
} ops[] = {
    {"fadd", h_fadd}, {"fsub", h_fsub}, {"fmul", h_fmul}, {"fdiv", h_fdiv}, {"fmax", h_fmax},
    {"fmin", h_fmin}, {"fmaxnm", h_fmaxnm}, {"fminnm", h_fminnm}, {"fnmul", h_fnmul}, {"fabd", h_fabd},
    {"fmulx", h_fmulx}, {"frecps", h_frecps}, {"frsqrts", h_frsqrts}, {"fcmeq", h_fcmeq},
    {"fcmge", h_fcmge}, {"facgt", h_facgt}, {"fsqrt", h_fsqrt}, {"frintn", h_frintn},
    {"frinta", h_frinta}, {"frintx", h_frintx}, {"frinti", h_frinti}, {"frecpe", h_frecpe},
    {"frsqrte", h_frsqrte}, {"frecpx", h_frecpx}, {"fcvtns", h_fcvtns}, {"fcvtzu", h_fcvtzu},
    {"ucvtf", h_ucvtf}, {"fcvt", h_fcvt_d}, {"fmadd", h_fmadd}, {"fnmsub", h_fnmsub}, {"fmsub_qnan", h_fmsub_qnan}, {"fcmpe", h_fcmpe},
    {"fcvtzs_w", h_fcvtzs_w}, {"fcvtzs_x33", h_fcvtzs_x33}, {"scvtf_x", h_scvtf}, {"ucvtf_w20", h_ucvtf_fixed},
};

static const uint16_t edges[] = {
    0x0000, 0x8000, 0x0001, 0x83ff, 0x0400, 0x0401, 0x3c00, 0xbe00, 0x3555, 0x4100, 0x7bff, 0xfbfe,
    0x7c00, 0xfc00, 0x7e01, 0x7c05, 0xfd00, 0x5640, 0x1c01, 0x3801,
};
#define NEDGES (sizeof(edges) / sizeof(edges[0]))

static uint32_t mode_bits(int m) { return (uint32_t)(m & 3) << 22 | (m & 4 ? 1u << 19 : 0) | (m & 8 ? 1u << 25 : 0); }

/* -- Vector forms -- */

typedef struct {
    uint64_t lo, hi;
} V;

#define VOP(name, insn)                                                                        \
    static __attribute__((noinline)) V name(V a, V b)                                          \
    {                                                                                          \
        V r;                                                                                   \
        __asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n " insn "\n str q2, [%0]"               \
                         : : "r"(&r), "r"(&a), "r"(&b) : "v0", "v1", "v2", "memory");          \
        return r;                                                                              \
    }
VOP(v_fadd, "fadd v2.8h, v0.8h, v1.8h")
VOP(v_fmla_elem, "movi v2.2d, #0\n fmla v2.8h, v0.8h, v1.h[5]")
VOP(v_fmulx4, "fmulx v2.4h, v0.4h, v1.4h")
VOP(v_faddp, "faddp v2.8h, v0.8h, v1.8h")
VOP(v_fmaxnmp, "fmaxnmp v2.4h, v0.4h, v1.4h")
VOP(v_fcmgt, "fcmgt v2.8h, v0.8h, v1.8h")
VOP(v_fcmle0, "fcmle v2.8h, v0.8h, #0.0")
VOP(v_frecpe, "frecpe v2.8h, v0.8h")
VOP(v_frintm, "frintm v2.4h, v0.4h")
VOP(v_fcvtzs_fix, "fcvtzs v2.8h, v0.8h, #3")
VOP(v_scvtf, "scvtf v2.8h, v0.8h")
VOP(v_ucvtf_fix, "ucvtf v2.4h, v0.4h, #15")
VOP(v_fcvtau, "fcvtau v2.8h, v0.8h")
VOP(v_fmaxv, "movi v2.2d, #0\n fmaxv h2, v0.8h")
VOP(v_fminnmv4, "movi v2.2d, #0\n fminnmv h2, v0.4h")
VOP(v_faddp_s, "movi v2.2d, #0\n faddp h2, v0.2h")
VOP(v_fmov_imm, "fmov v2.8h, #-0.1875")
VOP(v_frint32x, "frint32x v2.4s, v0.4s")
VOP(v_frint64z, "frint64z v2.2d, v0.2d")

static const struct {
    const char *name;
    V (*fn)(V, V);
} vops[] = {
    {"fadd.8h", v_fadd}, {"fmla.h[5]", v_fmla_elem}, {"fmulx.4h", v_fmulx4}, {"faddp.8h", v_faddp},
    {"fmaxnmp.4h", v_fmaxnmp}, {"fcmgt.8h", v_fcmgt}, {"fcmle0.8h", v_fcmle0}, {"frecpe.8h", v_frecpe},
    {"frintm.4h", v_frintm}, {"fcvtzs#3", v_fcvtzs_fix}, {"scvtf.8h", v_scvtf}, {"ucvtf#15", v_ucvtf_fix},
    {"fcvtau.8h", v_fcvtau}, {"fmaxv", v_fmaxv}, {"fminnmv.4h", v_fminnmv4}, {"faddp.2h", v_faddp_s},
    {"fmov.8h", v_fmov_imm}, {"frint32x.4s", v_frint32x}, {"frint64z.2d", v_frint64z},
};

static __attribute__((noinline)) uint64_t fjcvtzs(uint64_t d)
{
    uint64_t r;
    __asm__ volatile("fmov d0, %1\n fjcvtzs %w0, d0" : "=r"(r) : "r"(d) : "v0", "cc");
    return r;
}
static __attribute__((noinline)) uint64_t frint32z_d(uint64_t d)
{
    uint64_t r;
    __asm__ volatile("fmov d0, %1\n frint32z d0, d0\n fmov %0, d0" : "=r"(r) : "r"(d) : "v0");
    return r;
}
static __attribute__((noinline)) uint32_t frint64x_s(uint32_t s)
{
    uint32_t r;
    __asm__ volatile("fmov s0, %w1\n frint64x s0, s0\n fmov %w0, s0" : "=r"(r) : "r"(s) : "v0");
    return r;
}

int main(void)
{
    /* Known answers (RN, no flushing). */
    set_fpcr(0);
    set_fpsr(0);
    CHECK(h_fadd(0x3c00, 0x3c00) == 0x4000);
    CHECK(h_fdiv(0x3c00, 0x4200) == 0x3555);
    CHECK(h_fmul(0x0400, 0x3800) == 0x0200);
    CHECK(get_fpsr() == 0x10);
    CHECK(h_fadd(0x7c05, 0x3c00) == 0x7e05);
    CHECK(h_fcvtzs_w(0x7bff, 0) == 65504);
    CHECK(h_fmsub_qnan(0x7c00, 0) == 0x7e00);
    set_fpcr(1u << 19);
    CHECK(h_fadd(0x0001, 0) == 0);
    CHECK(h_fmul(0x0400, 0x3800) == 0);
    set_fpcr(1u << 22);
    CHECK(h_fdiv(0x3c00, 0x4200) == 0x3556);

    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        uint32_t h = 2166136261u, flags = 0;
        for (int m = 0; m < 16; m++) {
            set_fpcr(mode_bits(m));
            set_fpsr(0);
            for (size_t i = 0; i < NEDGES; i++) {
                for (size_t j = 0; j < NEDGES; j++) {
                    uint32_t r = ops[o].fn(edges[i], edges[j]);
                    uint32_t f = (uint32_t)get_fpsr();
                    set_fpsr(0);
                    flags |= f;
                    h = (h ^ r) * 16777619u;
                    h = (h ^ f) * 16777619u;
                }
            }
        }
        set_fpcr(0);
        printf("%-10s %08x flags %02x  1.5,2.5: %04x  -inf,sNaN: %04x\n", ops[o].name, h, flags,
               ops[o].fn(0x3e00, 0x4100) & 0xffff, ops[o].fn(0xfc00, 0x7c05) & 0xffff);
    }

    V a = {0xbc00420040003c00ull, 0x7e0000018000fc00ull};  /* 1 2 3 -1 -inf -0 denormal qNaN */
    V b = {0x7bff3800c4003555ull, 0x7c053c0004004100ull};  /* 1/3 -4 0.5 65504 2.5 2^-14 1 sNaN */
    V w = {0x41e0000000000000ull, 0xc1dfffffffe00000ull};  /* 2^31, -2^31 + 0.5 */
    V s = {0x4f0000003fc00000ull, 0xcf0000004effffffull};  /* 1.5, 2^31, 0x7fffff80, -2^31 */
    for (size_t o = 0; o < sizeof(vops) / sizeof(vops[0]); o++) {
        for (int m = 0; m < 16; m += 5) {
            set_fpcr(mode_bits(m));
            set_fpsr(0);
            V in = o == 17 ? s : o == 18 ? w : a;
            V r1 = vops[o].fn(in, b), r2 = vops[o].fn(b, in);
            printf("%-12s m%-2d %016llx%016llx %016llx%016llx fpsr %02llx\n", vops[o].name, m,
                   (unsigned long long)r1.hi, (unsigned long long)r1.lo, (unsigned long long)r2.hi,
                   (unsigned long long)r2.lo, (unsigned long long)get_fpsr());
        }
    }

    static const uint64_t js[] = {0x3ff0000000000000ull, 0xbff8000000000000ull, 0x41f0000005000000ull,
                                  0x41e0000000000000ull, 0xc1e0000000000000ull, 0x8000000000000000ull,
                                  0x0000000000000001ull, 0x7ff8000000000000ull, 0xc3e0000000000001ull};
    for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++) {
        set_fpcr(i & 1 ? 3u << 22 : 0);
        set_fpsr(0);
        uint64_t r = fjcvtzs(js[i]);
        uint64_t z = get_nzcv(), f = get_fpsr();
        printf("fjcvtzs %016llx: %08llx nzcv %llx fpsr %02llx  frint32z %016llx frint64x %08x\n",
               (unsigned long long)js[i], (unsigned long long)r, (unsigned long long)(z >> 28),
               (unsigned long long)f, (unsigned long long)frint32z_d(js[i]), frint64x_s((uint32_t)(js[i] >> 32)));
    }
    set_fpcr(0);
    CHECK(fjcvtzs(0x3ff0000000000000ull) == 1);
    CHECK(frint32z_d(0x41e0000000000000ull) == 0xc1e0000000000000ull);
    return xt_done();
}
