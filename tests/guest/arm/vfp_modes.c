/* vfp_modes — every VFP data-processing op under all 16 FPSCR modes
 * (RMode x FZ x DN), over a fixed table of special operands (signed zeros,
 * denormals, min/max normals, infinities, quiet and signalling NaNs with
 * payloads, rounding ties, integer-conversion limits) and xt_rand values.
 * For each (op, mode) it prints an FNV hash of the result bits and of the
 * cumulative exception flags each op raised, so one line changes when any
 * result of that op in that mode changes. ARM-specific: compared with
 * vfp_modes.ref (made with qemu-arm, whose VFP is a soft-float model of
 * the ARM pseudocode; spot values are CHECKed against the ARM ARM rules).
 * Adopted from the ad-hoc VFP differential harness into the guest suite. */
/* XRUN-CFLAGS: -O1 */
#include "xt.h"

static uint32_t fpscr_get(void) { uint32_t r; __asm__ volatile("vmrs %0, fpscr" : "=r"(r)); return r; }
static void fpscr_set(uint32_t r) { __asm__ volatile("vmsr fpscr, %0" : : "r"(r)); }

/* One op: s0/d0 = a, s1/d1 = b, s2/d2 = c (accumulator) -> s2/d2. */
#define OPS(name, insn)                                                                     \
    static uint32_t name(uint32_t a, uint32_t b, uint32_t c)                                \
    {                                                                                       \
        __asm__ volatile("vmov s0, %1\n\tvmov s1, %2\n\tvmov s2, %0\n\t" insn "\n\tvmov %0, s2" \
                         : "+r"(c) : "r"(a), "r"(b) : "s0", "s1", "s2", "r12");                 \
        return c;                                                                           \
    }
#define OPD(name, insn)                                                                     \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                                \
    {                                                                                       \
        __asm__ volatile("vmov d0, %Q1, %R1\n\tvmov d1, %Q2, %R2\n\tvmov d2, %Q0, %R0\n\t" insn \
                         "\n\tvmov %Q0, %R0, d2"                                            \
                         : "+r"(c) : "r"(a), "r"(b) : "d0", "d1", "d2", "r12");                 \
        return c;                                                                           \
    }

OPS(s_add, "vadd.f32 s2, s0, s1") OPS(s_sub, "vsub.f32 s2, s0, s1")
OPS(s_mul, "vmul.f32 s2, s0, s1") OPS(s_div, "vdiv.f32 s2, s0, s1")
OPS(s_nmul, "vnmul.f32 s2, s0, s1") OPS(s_sqrt, "vsqrt.f32 s2, s0")
OPS(s_mla, "vmla.f32 s2, s0, s1") OPS(s_mls, "vmls.f32 s2, s0, s1")
OPS(s_nmla, "vnmla.f32 s2, s0, s1") OPS(s_nmls, "vnmls.f32 s2, s0, s1")
OPS(s_fma, "vfma.f32 s2, s0, s1") OPS(s_fms, "vfms.f32 s2, s0, s1")
OPS(s_fnma, "vfnma.f32 s2, s0, s1") OPS(s_fnms, "vfnms.f32 s2, s0, s1")
OPS(s_abs, "vabs.f32 s2, s0") OPS(s_neg, "vneg.f32 s2, s0")
OPS(s_cmp, "vcmp.f32 s0, s1\n\tvmrs r12, fpscr\n\tvmov s2, r12")
OPS(s_cmpe, "vcmpe.f32 s0, s1\n\tvmrs r12, fpscr\n\tvmov s2, r12")
OPS(s_cmpz, "vcmpe.f32 s0, #0\n\tvmrs r12, fpscr\n\tvmov s2, r12")
OPS(s_tosi, "vcvt.s32.f32 s2, s0") OPS(s_toui, "vcvt.u32.f32 s2, s0")
OPS(s_tosir, "vcvtr.s32.f32 s2, s0") OPS(s_touir, "vcvtr.u32.f32 s2, s0")
OPS(s_sito, "vcvt.f32.s32 s2, s0") OPS(s_uito, "vcvt.f32.u32 s2, s0")
OPS(s_tofix, "vmov s2, s0\n\tvcvt.s32.f32 s2, s2, #7")
OPS(s_toufix16, "vmov s2, s0\n\tvcvt.u16.f32 s2, s2, #3")
OPS(s_tosfix16, "vmov s2, s0\n\tvcvt.s16.f32 s2, s2, #16")
OPS(s_fromfix, "vmov s2, s0\n\tvcvt.f32.s32 s2, s2, #20")
OPS(s_fromufix16, "vmov s2, s0\n\tvcvt.f32.u16 s2, s2, #5")
OPS(s_toh_b, "vcvtb.f16.f32 s2, s0") OPS(s_toh_t, "vcvtt.f16.f32 s2, s0")
OPS(s_fromh_b, "vcvtb.f32.f16 s2, s0") OPS(s_fromh_t, "vcvtt.f32.f16 s2, s0")

OPD(d_add, "vadd.f64 d2, d0, d1") OPD(d_sub, "vsub.f64 d2, d0, d1")
OPD(d_mul, "vmul.f64 d2, d0, d1") OPD(d_div, "vdiv.f64 d2, d0, d1")
OPD(d_nmul, "vnmul.f64 d2, d0, d1") OPD(d_sqrt, "vsqrt.f64 d2, d0")
OPD(d_mla, "vmla.f64 d2, d0, d1") OPD(d_mls, "vmls.f64 d2, d0, d1")
OPD(d_nmla, "vnmla.f64 d2, d0, d1") OPD(d_nmls, "vnmls.f64 d2, d0, d1")
OPD(d_fma, "vfma.f64 d2, d0, d1") OPD(d_fms, "vfms.f64 d2, d0, d1")
OPD(d_fnma, "vfnma.f64 d2, d0, d1") OPD(d_fnms, "vfnms.f64 d2, d0, d1")
OPD(d_abs, "vabs.f64 d2, d0") OPD(d_neg, "vneg.f64 d2, d0")
OPD(d_cmp, "vcmp.f64 d0, d1\n\tvmrs r12, fpscr\n\tvmov d2, r12, r12")
OPD(d_cmpe, "vcmpe.f64 d0, d1\n\tvmrs r12, fpscr\n\tvmov d2, r12, r12")
OPD(d_tosi, "vcvt.s32.f64 s4, d0") OPD(d_toui, "vcvt.u32.f64 s4, d0")
OPD(d_tosir, "vcvtr.s32.f64 s4, d0") OPD(d_touir, "vcvtr.u32.f64 s4, d0")
OPD(d_sito, "vcvt.f64.s32 d2, s0") OPD(d_uito, "vcvt.f64.u32 d2, s1")
OPD(d_tos, "vcvt.f32.f64 s4, d0") OPD(d_froms, "vcvt.f64.f32 d2, s1")
OPD(d_tofix, "vmov.f64 d2, d0\n\tvcvt.s32.f64 d2, d2, #9")
OPD(d_tou16, "vmov.f64 d2, d0\n\tvcvt.u16.f64 d2, d2, #2")
OPD(d_fromfix, "vmov.f64 d2, d0\n\tvcvt.f64.s32 d2, d2, #31")

static const uint32_t sv[] = {
    0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
    0x3f800000, 0xbf800000, 0x3f7fffff, 0x3f800001, 0x3f000000, 0x3fc00000, 0x40200000,
    0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00123, 0x7f800789,
    0xff800abc, 0x4f000000, 0x4effffff, 0xcf000000, 0x4f800000, 0x477fe000, 0x477ff000,
    0x33800000, 0x387fc000, 0x00000003,
};
static const uint64_t dv[] = {
    0, 0x8000000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fefffffffffffffull, 0x3ff0000000000001ull,
    0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull,
    0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000123ull, 0x7ff0000000000456ull, 0xfff4000000000000ull,
    0x41e0000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000000000ull, 0xc1e0000000200000ull,
    0x41f0000000000000ull, 0x47efffffe0000000ull, 0x47efffff10000000ull, 0x36a0000000000000ull,
    0x380fffffffffffffull, 0x3810000000000000ull, 0x4330000000000001ull,
};
#define NSV (sizeof(sv) / sizeof(sv[0]))
#define NDV (sizeof(dv) / sizeof(dv[0]))
#define NRAND 24

typedef uint32_t (*ops_fn)(uint32_t, uint32_t, uint32_t);
typedef uint64_t (*opd_fn)(uint64_t, uint64_t, uint64_t);
struct sop { const char *name; ops_fn fn; };
struct dop { const char *name; opd_fn fn; };
#define S(x) { #x, x }
static const struct sop sops[] = {
    S(s_add), S(s_sub), S(s_mul), S(s_div), S(s_nmul), S(s_sqrt), S(s_mla), S(s_mls),
    S(s_nmla), S(s_nmls), S(s_fma), S(s_fms), S(s_fnma), S(s_fnms), S(s_abs), S(s_neg),
    S(s_cmp), S(s_cmpe), S(s_cmpz), S(s_tosi), S(s_toui), S(s_tosir), S(s_touir), S(s_sito),
    S(s_uito), S(s_tofix), S(s_toufix16), S(s_tosfix16), S(s_fromfix), S(s_fromufix16),
    S(s_toh_b), S(s_toh_t), S(s_fromh_b), S(s_fromh_t),
};
static const struct dop dops[] = {
    S(d_add), S(d_sub), S(d_mul), S(d_div), S(d_nmul), S(d_sqrt), S(d_mla), S(d_mls),
    S(d_nmla), S(d_nmls), S(d_fma), S(d_fms), S(d_fnma), S(d_fnms), S(d_abs), S(d_neg),
    S(d_cmp), S(d_cmpe), S(d_tosi), S(d_toui), S(d_tosir), S(d_touir), S(d_sito), S(d_uito),
    S(d_tos), S(d_froms), S(d_tofix), S(d_tou16), S(d_fromfix),
};

static uint32_t hash;
static void mix(uint32_t v) { hash = (hash ^ v) * 16777619u; }

static uint32_t mode_bits(int m) { return (uint32_t)(m & 3) << 22 | (uint32_t)(m >> 2 & 1) << 24 | (uint32_t)(m >> 3 & 1) << 25; }

/* The operand for slot i: the table first, then fixed pseudo-random words. */
static uint32_t sval(unsigned i, const uint32_t *rnd) { return i < NSV ? sv[i] : rnd[i - NSV]; }
static uint64_t dval(unsigned i, const uint64_t *rnd) { return i < NDV ? dv[i] : rnd[i - NDV]; }

static void run_single(const struct sop *op, int m, const uint32_t *rnd)
{
    uint32_t all_flags = 0;
    hash = 2166136261u;
    for (unsigned i = 0; i < NSV + NRAND; i++)
        for (unsigned j = 0; j < NSV + NRAND; j += 3) {
            uint32_t a = sval(i, rnd), b = sval(j, rnd), c = sval((i + j) % (NSV + NRAND), rnd);
            fpscr_set(mode_bits(m));
            uint32_t r = op->fn(a, b, c);
            uint32_t f = fpscr_get() & 0x9f;
            mix(r);
            mix(f);
            all_flags |= f;
        }
    printf("%-12s mode %2d  %08x  flags %02x\n", op->name, m, hash, all_flags);
}

static void run_double(const struct dop *op, int m, const uint64_t *rnd)
{
    uint32_t all_flags = 0;
    hash = 2166136261u;
    for (unsigned i = 0; i < NDV + NRAND; i++)
        for (unsigned j = 0; j < NDV + NRAND; j += 3) {
            uint64_t a = dval(i, rnd), b = dval(j, rnd), c = dval((i * 7 + j) % (NDV + NRAND), rnd);
            fpscr_set(mode_bits(m));
            uint64_t r = op->fn(a, b, c);
            uint32_t f = fpscr_get() & 0x9f;
            mix((uint32_t)r);
            mix((uint32_t)(r >> 32));
            mix(f);
            all_flags |= f;
        }
    printf("%-12s mode %2d  %08x  flags %02x\n", op->name, m, hash, all_flags);
}

/* A few results fixed by the ARM ARM, independent of the reference file. */
static void spot_checks(void)
{
    fpscr_set(0);
    CHECK(s_add(0x7f800001, 0x3f800000, 0) == 0x7fc00001);      /* sNaN is quietened */
    fpscr_set(1u << 25);
    CHECK(s_add(0x7f800001, 0x3f800000, 0) == 0x7fc00000);      /* DN: default NaN */
    fpscr_set(2u << 22);
    CHECK(s_sub(0x3f800000, 0x3f800000, 0) == 0x80000000);      /* RM: x - x = -0 */
    fpscr_set(1u << 24);
    CHECK(s_mul(0x00400000, 0x3f800000, 0) == 0);               /* FZ flushes input */
    CHECK(fpscr_get() & 0x80);                                  /* ... and sets IDC */
    fpscr_set(0);
    CHECK(s_tosi(0x7fc00000, 0, 0) == 0 && (fpscr_get() & 1));  /* NaN -> 0, IOC */
    CHECK(s_toui(0xbf800000, 0, 0) == 0);                       /* saturates to 0 */
    fpscr_set(0);
}

int main(void)
{
    uint32_t srnd[NRAND];
    uint64_t drnd[NRAND];
    for (int i = 0; i < NRAND; i++)
        srnd[i] = xt_rand();
    for (int i = 0; i < NRAND; i++)
        drnd[i] = xt_rand64();
    spot_checks();
    for (unsigned k = 0; k < sizeof(sops) / sizeof(sops[0]); k++)
        for (int m = 0; m < 16; m++)
            run_single(&sops[k], m, srnd);
    for (unsigned k = 0; k < sizeof(dops) / sizeof(dops[0]); k++)
        for (int m = 0; m < 16; m++)
            run_double(&dops[k], m, drnd);
    fpscr_set(0);
    return xt_done();
}
