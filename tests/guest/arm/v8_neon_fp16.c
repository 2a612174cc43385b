/* v8_neon_fp16 — ARMv8.2 half-precision Advanced SIMD (NEON .F16, -cpu max):
 * VADD/VSUB/VMUL/VABD/VMLA/VMLS/VFMA/VFMS, VMAX/VMIN/VMAXNM/VMINNM,
 * VPADD/VPMAX/VPMIN, VCEQ/VCGE/VCGT/VACGE/VACGT (and VCLE/VCLT, and the
 * #0 forms), VRECPE/VRSQRTE/VRECPS/VRSQRTS, VABS/VNEG, VCVT between F16 and
 * S16/U16 (integer and fixed point), VCVTA/N/P/M, VRINT*, and VMUL/VMLA/VMLS
 * by scalar, on D and Q registers, with edge halves (zeros, denormals,
 * infinities, quiet and signalling NaNs, the largest finite) under FPSCR
 * values that NEON must ignore (RMode, DN) and one it must honour (FZ16).
 * Prints result bits and the cumulative FPSCR flags, AT_HWCAP and the
 * /proc/cpuinfo features.  The .ref comes from qemu-arm -cpu max except its
 * first two lines: qemu 7.2 puts neither HWCAP_FPHP nor HWCAP_ASIMDHP in
 * AT_HWCAP for this model, and shows the host's /proc/cpuinfo.
 * XRUN-CPU: max
 * XRUN-XFAIL-QEMU: qemu-arm 7.2 leaves HWCAP_FPHP and HWCAP_ASIMDHP out of AT_HWCAP and
 * /proc/cpuinfo XRUN-ARM-CFLAGS: -march=armv8.2-a+fp16 -mfpu=neon-fp-armv8
 */
#include <arm_neon.h>
#include <sys/auxv.h>
#include "xt.h"

#define HWCAP_FPHP (1u << 22)
#define HWCAP_ASIMDHP (1u << 23)
#define FZ16 (1u << 19)
#define DN (1u << 25)
#define RM_SHIFT 22

static uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void set_fpscr(uint32_t v)
{
    __asm__ volatile("vmsr fpscr, %0" : : "r"(v));
}

/* Edge halves: +-0, denormals, the smallest normal, ordinary values,
 * the largest finite, +-infinity, quiet and signalling NaNs. */
static const uint16_t edges[] = {
    0x0000, 0x8000, 0x0001, 0x83ff, 0x0200, 0x0400, 0x8400, 0x3c00, 0xbc00, 0x3800, 0x3e00,
    0x4000, 0xc500, 0x3555, 0x5bff, 0x7800, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0xfe55,
    0x7c01, 0xfd55, 0x0100, 0x00ff, 0x7400, 0x1400, 0x4c01, 0xbe66, 0x3ffe, 0x4dff,
};
#define N_EDGES (sizeof(edges) / sizeof(edges[0]))

/* RN, RP with DN, RM with FZ16, RZ with FZ16 and DN. */
static const uint32_t modes[] = {0, 1u << RM_SHIFT | DN, 2u << RM_SHIFT | FZ16,
                                 3u << RM_SHIFT | FZ16 | DN};
#define N_MODES (sizeof(modes) / sizeof(modes[0]))

/* Per sweep and mode: a hash of every result and flag set (printed), folded
 * into the total printed at the end. */
static uint32_t hash;

static float16x8_t ldq(const uint16_t *p)
{
    return vreinterpretq_f16_u16(vld1q_u16(p));
}
static uint16x8_t bits(float16x8_t v)
{
    return vreinterpretq_u16_f16(v);
}

/* Prints (or hashes) 8 result lanes and the flags the op raised. */
static void report(const char *name, uint32_t mode, const uint16_t *in, uint16x8_t r,
                   uint32_t flags, int verbose)
{
    uint16_t out[8];
    vst1q_u16(out, r);
    hash = hash * 31 + xt_fnv(out, sizeof(out)) + flags;
    if (!verbose) {
        return;
    }
    printf("%-10s %08x", name, mode);
    for (int i = 0; i < 8; i++) {
        printf(" %04x>%04x", in[i], out[i]);
    }
    printf(" flags %02x\n", flags);
}

/* -- Two-operand ops: every pair of edges, 8 lanes at a time -- */

typedef uint16x8_t (*Op2)(float16x8_t d, float16x8_t n, float16x8_t m);

#define OP2(fn, expr)                                                                              \
    static uint16x8_t fn(float16x8_t d, float16x8_t n, float16x8_t m)                              \
    {                                                                                              \
        (void)d;                                                                                   \
        return expr;                                                                               \
    }
OP2(o_add, bits(vaddq_f16(n, m)))
OP2(o_sub, bits(vsubq_f16(n, m)))
OP2(o_mul, bits(vmulq_f16(n, m)))
OP2(o_abd, bits(vabdq_f16(n, m)))
OP2(o_fma, bits(vfmaq_f16(d, n, m)))
OP2(o_fms, bits(vfmsq_f16(d, n, m)))
OP2(o_max, bits(vmaxq_f16(n, m)))
OP2(o_min, bits(vminq_f16(n, m)))
OP2(o_maxnm, bits(vmaxnmq_f16(n, m)))
OP2(o_minnm, bits(vminnmq_f16(n, m)))
OP2(o_ceq, vceqq_f16(n, m))
OP2(o_cge, vcgeq_f16(n, m))
OP2(o_cgt, vcgtq_f16(n, m))
OP2(o_cle, vcleq_f16(n, m))
OP2(o_clt, vcltq_f16(n, m))
OP2(o_acge, vcageq_f16(n, m))
OP2(o_acgt, vcagtq_f16(n, m))
OP2(o_recps, bits(vrecpsq_f16(n, m)))
OP2(o_rsqrts, bits(vrsqrtsq_f16(n, m)))
OP2(o_pair,
    vcombine_u16(vreinterpret_u16_f16(vpadd_f16(vget_low_f16(n), vget_high_f16(n))),
                 vreinterpret_u16_f16(vpmax_f16(vget_low_f16(m),
                                                vpmin_f16(vget_high_f16(m), vget_low_f16(d))))))

/* VMLA/VMLS (not fused) and the by-scalar forms have no intrinsics. */
static uint16x8_t o_mla(float16x8_t d, float16x8_t n, float16x8_t m)
{
    __asm__ volatile("vmla.f16 %q0, %q1, %q2" : "+w"(d) : "w"(n), "w"(m));
    return bits(d);
}

static uint16x8_t o_mls(float16x8_t d, float16x8_t n, float16x8_t m)
{
    __asm__ volatile("vmls.f16 %q0, %q1, %q2" : "+w"(d) : "w"(n), "w"(m));
    return bits(d);
}

/* The scalar register must be d0-d7: pinned to q3 (d6, d7). */
static uint16x8_t o_scalar(float16x8_t d, float16x8_t n, float16x8_t m)
{
    register float16x8_t s __asm__("q3") = m;
    float16x8_t a = d, b = d;
    __asm__ volatile("vmul.f16 %q0, %q3, d7[1]\n\t"
                     "vmla.f16 %q1, %q3, d6[2]\n\t"
                     "vmls.f16 %e2, %e3, d7[3]\n\t"
                     "vmls.f16 %f2, %f3, d6[0]"
                     : "=&w"(a), "+w"(b), "+w"(d)
                     : "w"(n), "w"(s));
    /* Fold the three results into one vector: the lanes differ per op. */
    uint16x8_t r = veorq_u16(bits(a), vshlq_n_u16(bits(b), 1));
    return veorq_u16(r, vshlq_n_u16(bits(d), 3));
}

static void sweep2(const char *name, Op2 op)
{
    static uint16_t nv[N_EDGES * N_EDGES], mv[N_EDGES * N_EDGES], dv[N_EDGES * N_EDGES];
    int k = 0;
    for (unsigned i = 0; i < N_EDGES; i++) {
        for (unsigned j = 0; j < N_EDGES; j++, k++) {
            nv[k] = edges[i];
            mv[k] = edges[j];
            dv[k] = edges[(i * 7 + j * 3) % N_EDGES];
        }
    }
    for (unsigned md = 0; md < N_MODES; md++) {
        uint32_t all = 0, h0 = hash;
        hash = 0;
        for (int p = 0; p < k; p += 8) {
            set_fpscr(modes[md]);
            uint16x8_t r = op(ldq(dv + p), ldq(nv + p), ldq(mv + p));
            uint32_t f = get_fpscr() & 0x9f;
            all |= f;
            /* A few pairs in full: the edge n against the first 8 m. */
            report(name, modes[md], nv + p, r, f, md == 0 && p % (8 * 16) == 0 && p < 8 * 32);
        }
        printf("%-10s %08x: hash %08x flags %02x\n", name, modes[md], hash, all);
        hash += h0 * 31;
    }
}

/* -- One-operand ops: every edge, and a ramp of ordinary values -- */

typedef uint16x8_t (*Op1)(float16x8_t m);

#define OP1(fn, expr)                                                                              \
    static uint16x8_t fn(float16x8_t m)                                                            \
    {                                                                                              \
        return expr;                                                                               \
    }
OP1(u_abs, bits(vabsq_f16(m)))
OP1(u_neg, bits(vnegq_f16(m)))
OP1(u_ceqz, vceqzq_f16(m))
OP1(u_cgez, vcgezq_f16(m))
OP1(u_cgtz, vcgtzq_f16(m))
OP1(u_clez, vclezq_f16(m))
OP1(u_cltz, vcltzq_f16(m))
OP1(u_recpe, bits(vrecpeq_f16(m)))
OP1(u_rsqrte, bits(vrsqrteq_f16(m)))
OP1(u_rnd, bits(vrndq_f16(m)))
OP1(u_rnda, bits(vrndaq_f16(m)))
OP1(u_rndn, bits(vrndnq_f16(m)))
OP1(u_rndp, bits(vrndpq_f16(m)))
OP1(u_rndm, bits(vrndmq_f16(m)))
OP1(u_rndx, bits(vrndxq_f16(m)))
OP1(u_cvt_s16, vreinterpretq_u16_s16(vcvtq_s16_f16(m)))
OP1(u_cvt_u16, vcvtq_u16_f16(m))
OP1(u_cvta_s16, vreinterpretq_u16_s16(vcvtaq_s16_f16(m)))
OP1(u_cvtn_u16, vcvtnq_u16_f16(m))
OP1(u_cvtp_s16, vreinterpretq_u16_s16(vcvtpq_s16_f16(m)))
OP1(u_cvtm_u16, vcvtmq_u16_f16(m))
OP1(u_cvtn_s16, vreinterpretq_u16_s16(vcvtnq_s16_f16(m)))
OP1(u_cvta_u16, vcvtaq_u16_f16(m))
OP1(u_fix_s16, vreinterpretq_u16_s16(vcvtq_n_s16_f16(m, 5)))
OP1(u_fix_u16, vcvtq_n_u16_f16(m, 16))
OP1(u_s16_f16, bits(vcvtq_f16_s16(vreinterpretq_s16_f16(m))))
OP1(u_u16_f16, bits(vcvtq_f16_u16(vreinterpretq_u16_f16(m))))
OP1(u_fixs_f16, bits(vcvtq_n_f16_s16(vreinterpretq_s16_f16(m), 3)))
OP1(u_fixu_f16, bits(vcvtq_n_f16_u16(vreinterpretq_u16_f16(m), 16)))

/* VABS/VNEG and the compares on a D register. */
static uint16x8_t u_dform(float16x8_t m)
{
    float16x4_t lo = vget_low_f16(m), hi = vget_high_f16(m);
    return vcombine_u16(vreinterpret_u16_f16(vabs_f16(vneg_f16(lo))), vcge_f16(hi, lo));
}

static void sweep1(const char *name, Op1 op)
{
    uint16_t in[N_EDGES + 64];
    for (unsigned i = 0; i < N_EDGES; i++) {
        in[i] = edges[i];
    }
    for (unsigned i = 0; i < 64; i++) { /* halves from -300 to 300ish, and their integers */
        in[N_EDGES + i] = (uint16_t)((i & 1 ? 0x8000 : 0) | (0x3000 + i * 0xe3));
    }
    for (unsigned md = 0; md < N_MODES; md++) {
        uint32_t all = 0, h0 = hash;
        hash = 0;
        for (unsigned p = 0; p < N_EDGES + 64; p += 8) {
            set_fpscr(modes[md]);
            uint16x8_t r = op(ldq(in + p));
            uint32_t f = get_fpscr() & 0x9f;
            all |= f;
            report(name, modes[md], in + p, r, f, (md == 0 || md == 2) && p < N_EDGES);
        }
        printf("%-10s %08x: hash %08x flags %02x\n", name, modes[md], hash, all);
        hash += h0 * 31;
    }
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    printf("hwcap fphp %d asimdhp %d\n", (hw & HWCAP_FPHP) != 0, (hw & HWCAP_ASIMDHP) != 0);
    /* /proc/cpuinfo's Features line (of the first processor) names both. */
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    int fphp = 0, asimdhp = 0;
    while (f && fgets(line, sizeof(line), f) && line[0] != '\n') {
        if (strncmp(line, "Features", 8) == 0) {
            fphp = strstr(line, " fphp") != NULL;
            asimdhp = strstr(line, " asimdhp") != NULL;
        }
    }
    if (f)
        fclose(f);
    printf("cpuinfo fphp %d asimdhp %d\n", fphp, asimdhp);

    sweep2("vadd", o_add);
    sweep2("vsub", o_sub);
    sweep2("vmul", o_mul);
    sweep2("vabd", o_abd);
    sweep2("vmla", o_mla);
    sweep2("vmls", o_mls);
    sweep2("vfma", o_fma);
    sweep2("vfms", o_fms);
    sweep2("vmax", o_max);
    sweep2("vmin", o_min);
    sweep2("vmaxnm", o_maxnm);
    sweep2("vminnm", o_minnm);
    sweep2("vceq", o_ceq);
    sweep2("vcge", o_cge);
    sweep2("vcgt", o_cgt);
    sweep2("vcle", o_cle);
    sweep2("vclt", o_clt);
    sweep2("vacge", o_acge);
    sweep2("vacgt", o_acgt);
    sweep2("vrecps", o_recps);
    sweep2("vrsqrts", o_rsqrts);
    sweep2("vpadd/max", o_pair);
    sweep2("by scalar", o_scalar);

    sweep1("vabs", u_abs);
    sweep1("vneg", u_neg);
    sweep1("vceq #0", u_ceqz);
    sweep1("vcge #0", u_cgez);
    sweep1("vcgt #0", u_cgtz);
    sweep1("vcle #0", u_clez);
    sweep1("vclt #0", u_cltz);
    sweep1("vrecpe", u_recpe);
    sweep1("vrsqrte", u_rsqrte);
    sweep1("vrintz", u_rnd);
    sweep1("vrinta", u_rnda);
    sweep1("vrintn", u_rndn);
    sweep1("vrintp", u_rndp);
    sweep1("vrintm", u_rndm);
    sweep1("vrintx", u_rndx);
    sweep1("cvt s16", u_cvt_s16);
    sweep1("cvt u16", u_cvt_u16);
    sweep1("cvta s16", u_cvta_s16);
    sweep1("cvta u16", u_cvta_u16);
    sweep1("cvtn s16", u_cvtn_s16);
    sweep1("cvtn u16", u_cvtn_u16);
    sweep1("cvtp s16", u_cvtp_s16);
    sweep1("cvtm u16", u_cvtm_u16);
    sweep1("fix s16 #5", u_fix_s16);
    sweep1("fix u16#16", u_fix_u16);
    sweep1("f16.s16", u_s16_f16);
    sweep1("f16.u16", u_u16_f16);
    sweep1("f16.s16 #3", u_fixs_f16);
    sweep1("f16.u16#16", u_fixu_f16);
    sweep1("d forms", u_dform);

    /* Spot checks, each worked out by hand. */
    set_fpscr(0);
    uint16_t a[8] = {0x3c00, 0x0001, 0x7c00, 0x7c01, 0x0400, 0x3800, 0xc500, 0x7bff};
    uint16_t b[8] = {0x3c00, 0x0001, 0xfc00, 0x3c00, 0x3800, 0x3800, 0x4000, 0x7bff};
    uint16_t r[8];
    vst1q_u16(r, bits(vaddq_f16(ldq(a), ldq(b))));
    CHECK(r[0] == 0x4000);               /* 1 + 1 = 2 */
    CHECK(r[1] == 0x0002);               /* denormals add exactly */
    CHECK(r[2] == 0x7e00);               /* inf - inf: default NaN */
    CHECK(r[3] == 0x7e00);               /* sNaN: default NaN (DN ignored, always on) */
    CHECK(r[4] == 0x3800);               /* 2^-14 + 0.5 rounds to 0.5 */
    CHECK(r[6] == 0xc200);               /* -5 + 2 = -3 */
    CHECK(r[7] == 0x7c00);               /* max + max overflows to +inf */
    CHECK((get_fpscr() & 0x9f) == 0x15); /* IOC, OFC, IXC */
    set_fpscr(FZ16);
    vst1q_u16(r, bits(vaddq_f16(ldq(a), ldq(b))));
    CHECK(r[1] == 0x0000);     /* FZ16: denormal inputs read as zero */
    set_fpscr(3u << RM_SHIFT); /* RZ is ignored: NEON rounds to nearest */
    vst1q_u16(r, bits(vaddq_f16(ldq(a), ldq(b))));
    CHECK(r[7] == 0x7c00);
    vst1q_u16(r, bits(vrecpeq_f16(ldq(a))));
    CHECK(r[0] == 0x3bfc); /* 1/1 estimate: 511/512 */
    CHECK(r[2] == 0x0000); /* 1/inf = 0 */
    vst1q_u16(r, vreinterpretq_u16_s16(vcvtq_s16_f16(ldq(a))));
    CHECK(r[6] == 0xfffb && r[7] == 0x7fff); /* -5; 65504 saturates */

    printf("hash %08x\n", hash);
    return xt_done();
}
