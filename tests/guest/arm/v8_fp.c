/* v8_fp — ARMv8 AArch32 floating point on edge values (signed zeros, ties,
 * denormals, infinities, quiet and signalling NaNs, out-of-range values),
 * each printed as result bits plus the FPSCR cumulative flags it raised:
 * VRINTA/N/P/M/Z/R/X (single and double, R and X in every FPSCR rounding
 * mode, with FZ and DN), VCVTA/N/P/M to signed and unsigned int, VSEL on
 * the four conditions, VMAXNM/VMINNM with the maxNum/minNum NaN rules,
 * VCVTB/VCVTT half <-> single and half <-> double with AHP off and on,
 * and the Advanced SIMD VRINT*, VCVT{A,N,P,M} and VMAXNM/VMINNM.
 * XRUN-CPU: max
 * XRUN-ARM-CFLAGS: -march=armv8-a -mfpu=neon-fp-armv8
 */
#include <arm_neon.h>
#include "xt.h"

static uint32_t get_fpscr(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }

#define FLAGS() (get_fpscr() & 0x9f)
#define RM_SHIFT 22
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

static float f_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t b_of(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static double d_of(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static uint64_t b_of_d(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

static const uint32_t sv[] = {
    0x00000000, 0x80000000, 0x3f000000 /* 0.5 */, 0xbf000000, 0x3fc00000 /* 1.5 */, 0x40200000 /* 2.5 */,
    0xc0200000, 0x3f400000 /* 0.75 */, 0xbe99999a /* -0.3 */, 0x00000001 /* denormal */, 0x80400000,
    0x4b000001 /* 2^23+1 */, 0x4affffff /* 2^23-0.5 */, 0x7f800000, 0xff800000, 0x7fc00001 /* qNaN */,
    0xff800123 /* sNaN */, 0x4f000000 /* 2^31 */, 0xcf000000 /* -2^31 */, 0xcf000001, 0x4f800000 /* 2^32 */,
    0x3effffff /* just below 0.5 */, 0x7f7fffff,
};
#define NS (sizeof(sv) / sizeof(sv[0]))

static const uint64_t dv[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3fe0000000000000ull /* 0.5 */, 0xc004000000000000ull /* -2.5 */,
    0x3ff8000000000000ull /* 1.5 */, 0x4330000000000001ull /* 2^52+1 */, 0x432fffffffffffffull /* 2^52-0.5 */,
    0x0000000000000001ull, 0x7ff0000000000000ull, 0x7ff4000000000000ull /* sNaN */, 0xfff8000000000abcull,
    0x41dfffffffe00000ull /* 2^31-0.5 */, 0xc1e0000000100000ull /* -2^31-0.5 */, 0x41efffffffffffffull,
    0x3fdfffffffffffffull, 0xbfe0000000000001ull,
};
#define ND (sizeof(dv) / sizeof(dv[0]))

static uint32_t h;
static void out(const char *fmt, uint64_t r, uint32_t flags, const char *op, uint64_t in)
{
    printf(fmt, op, (unsigned long long)in, (unsigned long long)r, flags);
    h = (h ^ (uint32_t)r ^ (uint32_t)(r >> 32) ^ flags) * 16777619u;
}

#define RINT_S(insn)                                                                   \
    static uint32_t insn##_s(uint32_t x)                                               \
    {                                                                                  \
        float r;                                                                       \
        __asm__ volatile(#insn ".f32 %0, %1" : "=t"(r) : "t"(f_of(x)));                \
        return b_of(r);                                                                \
    }                                                                                  \
    static uint64_t insn##_d(uint64_t x)                                               \
    {                                                                                  \
        double r;                                                                      \
        __asm__ volatile(#insn ".f64 %P0, %P1" : "=w"(r) : "w"(d_of(x)));              \
        return b_of_d(r);                                                              \
    }
RINT_S(vrinta)
RINT_S(vrintn)
RINT_S(vrintp)
RINT_S(vrintm)
RINT_S(vrintz)
RINT_S(vrintr)
RINT_S(vrintx)

#define CVT(insn, ty)                                                                  \
    static uint32_t insn##_##ty##_s(uint32_t x)                                        \
    {                                                                                  \
        float r;                                                                       \
        __asm__ volatile(#insn "." #ty "32.f32 %0, %1" : "=t"(r) : "t"(f_of(x)));      \
        return b_of(r);                                                                \
    }                                                                                  \
    static uint32_t insn##_##ty##_d(uint64_t x)                                        \
    {                                                                                  \
        float r;                                                                       \
        __asm__ volatile(#insn "." #ty "32.f64 %0, %P1" : "=t"(r) : "w"(d_of(x)));     \
        return b_of(r);                                                                \
    }
CVT(vcvta, s) CVT(vcvta, u) CVT(vcvtn, s) CVT(vcvtn, u) CVT(vcvtp, s) CVT(vcvtp, u) CVT(vcvtm, s) CVT(vcvtm, u)

typedef uint32_t (*FnS)(uint32_t);
typedef uint64_t (*FnD)(uint64_t);
typedef uint32_t (*FnDS)(uint64_t);

static void test_vrint(void)
{
    static const struct { const char *n; FnS s; FnD d; } ops[] = {
        {"vrinta", vrinta_s, vrinta_d}, {"vrintn", vrintn_s, vrintn_d}, {"vrintp", vrintp_s, vrintp_d},
        {"vrintm", vrintm_s, vrintm_d}, {"vrintz", vrintz_s, vrintz_d},
    };
    for (size_t o = 0; o < 5; o++) {
        for (size_t i = 0; i < NS; i++) {
            set_fpscr(0);
            uint32_t r = ops[o].s(sv[i]);
            out("%s.f32 %08llx -> %08llx flags %02x\n", r, FLAGS(), ops[o].n, sv[i]);
        }
        for (size_t i = 0; i < ND; i++) {
            set_fpscr(0);
            uint64_t r = ops[o].d(dv[i]);
            out("%s.f64 %016llx -> %016llx flags %02x\n", r, FLAGS(), ops[o].n, dv[i]);
        }
    }
    /* R and X follow FPSCR.RMode; X also raises inexact. FZ/DN change inputs and NaNs. */
    static const uint32_t modes[] = {0, 1u << RM_SHIFT, 2u << RM_SHIFT, 3u << RM_SHIFT, FZ | DN};
    for (size_t m = 0; m < 5; m++) {
        for (size_t i = 0; i < NS; i++) {
            set_fpscr(modes[m]);
            uint32_t r = vrintr_s(sv[i]);
            uint32_t f = FLAGS();
            set_fpscr(modes[m]);
            uint32_t x = vrintx_s(sv[i]);
            printf("mode %08x: ", modes[m]);
            out("%s.f32 %08llx -> %08llx flags %02x", r, f, "vrintr", sv[i]);
            out(" %s %08llx -> %08llx flags %02x\n", x, FLAGS(), "vrintx", sv[i]);
        }
        for (size_t i = 0; i < ND; i++) {
            set_fpscr(modes[m]);
            uint64_t r = vrintr_d(dv[i]);
            uint32_t f = FLAGS();
            set_fpscr(modes[m]);
            uint64_t x = vrintx_d(dv[i]);
            printf("mode %08x: ", modes[m]);
            out("%s.f64 %016llx -> %016llx flags %02x", r, f, "vrintr", dv[i]);
            out(" %s %016llx -> %016llx flags %02x\n", x, FLAGS(), "vrintx", dv[i]);
        }
    }
    set_fpscr(0);
    CHECK(vrinta_s(0x40200000) == 0x40400000);   /* 2.5 -> 3 */
    CHECK(vrintn_s(0x40200000) == 0x40000000);   /* 2.5 -> 2 */
    CHECK(vrintp_s(0xbe99999a) == 0x80000000);   /* -0.3 -> -0 */
    CHECK(vrintm_d(0x3fe0000000000000ull) == 0); /* 0.5 -> +0 */
}

static void test_vcvt(void)
{
    static const struct { const char *n; FnS s; FnDS d; } ops[] = {
        {"vcvta.s32", vcvta_s_s, vcvta_s_d}, {"vcvta.u32", vcvta_u_s, vcvta_u_d},
        {"vcvtn.s32", vcvtn_s_s, vcvtn_s_d}, {"vcvtn.u32", vcvtn_u_s, vcvtn_u_d},
        {"vcvtp.s32", vcvtp_s_s, vcvtp_s_d}, {"vcvtp.u32", vcvtp_u_s, vcvtp_u_d},
        {"vcvtm.s32", vcvtm_s_s, vcvtm_s_d}, {"vcvtm.u32", vcvtm_u_s, vcvtm_u_d},
    };
    for (size_t o = 0; o < 8; o++) {
        for (size_t i = 0; i < NS; i++) {
            set_fpscr(o == 0 ? FZ : 0);
            uint32_t r = ops[o].s(sv[i]);
            out("%s.f32 %08llx -> %08llx flags %02x\n", r, FLAGS(), ops[o].n, sv[i]);
        }
        for (size_t i = 0; i < ND; i++) {
            set_fpscr(0);
            uint32_t r = ops[o].d(dv[i]);
            out("%s.f64 %016llx -> %08llx flags %02x\n", r, FLAGS(), ops[o].n, dv[i]);
        }
    }
    set_fpscr(0);
    CHECK(vcvta_s_s(0xc0200000) == (uint32_t)-3);
    CHECK(vcvtm_u_s(0xbe99999a) == 0);
    CHECK(vcvtp_s_d(0x41efffffffffffffull) == 0x7fffffff);
}

/* The flags are set in the same asm statement: nothing may come between. */
#define VSEL_ASM(c) "msr APSR_nzcvq, %3\n\tvsel" c ".f32 %0, %1, %2"

static uint32_t vsel(int cond, uint32_t nzcv, uint32_t a, uint32_t b)
{
    float r, fa = f_of(a), fb = f_of(b);
    uint32_t apsr = nzcv << 28;
    switch (cond) {
    case 0: __asm__ volatile(VSEL_ASM("eq") : "=t"(r) : "t"(fa), "t"(fb), "r"(apsr) : "cc"); break;
    case 1: __asm__ volatile(VSEL_ASM("vs") : "=t"(r) : "t"(fa), "t"(fb), "r"(apsr) : "cc"); break;
    case 2: __asm__ volatile(VSEL_ASM("ge") : "=t"(r) : "t"(fa), "t"(fb), "r"(apsr) : "cc"); break;
    default: __asm__ volatile(VSEL_ASM("gt") : "=t"(r) : "t"(fa), "t"(fb), "r"(apsr) : "cc"); break;
    }
    return b_of(r);
}

static uint64_t vsel_d(uint32_t nzcv, uint64_t a, uint64_t b)
{
    double r;
    __asm__ volatile("msr APSR_nzcvq, %3\n\tvselgt.f64 %P0, %P1, %P2"
                     : "=w"(r) : "w"(d_of(a)), "w"(d_of(b)), "r"(nzcv << 28) : "cc");
    return b_of_d(r);
}

static void test_vsel(void)
{
    static const char *names[4] = {"eq", "vs", "ge", "gt"};
    for (int c = 0; c < 4; c++) {
        printf("vsel%s:", names[c]);
        for (uint32_t nzcv = 0; nzcv < 16; nzcv++)
            printf(" %c", vsel(c, nzcv, 0x3f800000, 0x40000000) == 0x3f800000 ? 'n' : 'm');
        printf("\n");
    }
    CHECK(vsel(0, 4, 1, 2) == 1 && vsel(0, 0, 1, 2) == 2);
    CHECK(vsel(3, 0, 1, 2) == 1 && vsel(3, 9, 1, 2) == 1 && vsel(3, 8, 1, 2) == 2);
    CHECK(vsel_d(0, 0x1111111122222222ull, 0x3333333344444444ull) == 0x1111111122222222ull);
    CHECK(vsel_d(4, 0x1111111122222222ull, 0x3333333344444444ull) == 0x3333333344444444ull);
}

static uint32_t maxnm(int min, uint32_t a, uint32_t b)
{
    float r;
    if (min)
        __asm__ volatile("vminnm.f32 %0, %1, %2" : "=t"(r) : "t"(f_of(a)), "t"(f_of(b)));
    else
        __asm__ volatile("vmaxnm.f32 %0, %1, %2" : "=t"(r) : "t"(f_of(a)), "t"(f_of(b)));
    return b_of(r);
}

static uint64_t maxnm_d(int min, uint64_t a, uint64_t b)
{
    double r;
    if (min)
        __asm__ volatile("vminnm.f64 %P0, %P1, %P2" : "=w"(r) : "w"(d_of(a)), "w"(d_of(b)));
    else
        __asm__ volatile("vmaxnm.f64 %P0, %P1, %P2" : "=w"(r) : "w"(d_of(a)), "w"(d_of(b)));
    return b_of_d(r);
}

static void test_maxnm(void)
{
    static const uint32_t v[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
                                 0x7fc00001, 0xffc00002, 0x7f800003, 0x00000010};
    for (int min = 0; min < 2; min++) {
        for (int fz = 0; fz < 2; fz++) {
            for (size_t i = 0; i < 10; i++) {
                printf("%s%s %08x:", min ? "vminnm" : "vmaxnm", fz ? " fz,dn" : "", v[i]);
                for (size_t j = 0; j < 10; j++) {
                    set_fpscr(fz ? FZ | DN : 0);
                    uint32_t r = maxnm(min, v[i], v[j]);
                    printf(" %08x/%02x", r, FLAGS());
                    h = (h ^ r) * 16777619u;
                }
                printf("\n");
            }
        }
    }
    set_fpscr(0);
    CHECK(maxnm(0, 0x7fc00001, 0x3f800000) == 0x3f800000);
    CHECK(maxnm(0, 0x80000000, 0x00000000) == 0x00000000);
    CHECK(maxnm(1, 0x00000000, 0x80000000) == 0x80000000);
    CHECK(maxnm(1, 0x7f800003, 0x3f800000) == 0x7fc00003);
    for (size_t i = 0; i < ND; i++)
        for (size_t j = 0; j < ND; j += 3) {
            set_fpscr(0);
            out("vmaxnm.f64 %s%016llx -> %016llx flags %02x\n", maxnm_d(0, dv[i], dv[j]), FLAGS(), "", dv[i] ^ dv[j]);
            set_fpscr(0);
            out("vminnm.f64 %s%016llx -> %016llx flags %02x\n", maxnm_d(1, dv[i], dv[j]), FLAGS(), "", dv[i] ^ dv[j]);
        }
}

static uint32_t cvt_s_to_h(uint32_t x, int top, uint32_t dst)
{
    float r = f_of(dst);
    if (top)
        __asm__ volatile("vcvtt.f16.f32 %0, %1" : "+t"(r) : "t"(f_of(x)));
    else
        __asm__ volatile("vcvtb.f16.f32 %0, %1" : "+t"(r) : "t"(f_of(x)));
    return b_of(r);
}

static uint32_t cvt_d_to_h(uint64_t x, int top, uint32_t dst)
{
    float r = f_of(dst);
    if (top)
        __asm__ volatile("vcvtt.f16.f64 %0, %P1" : "+t"(r) : "w"(d_of(x)));
    else
        __asm__ volatile("vcvtb.f16.f64 %0, %P1" : "+t"(r) : "w"(d_of(x)));
    return b_of(r);
}

static uint64_t cvt_h_to_d(uint32_t x, int top)
{
    double r;
    if (top)
        __asm__ volatile("vcvtt.f64.f16 %P0, %1" : "=w"(r) : "t"(f_of(x)));
    else
        __asm__ volatile("vcvtb.f64.f16 %P0, %1" : "=w"(r) : "t"(f_of(x)));
    return b_of_d(r);
}

static uint32_t cvt_h_to_s(uint32_t x)
{
    float r;
    __asm__ volatile("vcvtb.f32.f16 %0, %1" : "=t"(r) : "t"(f_of(x)));
    return b_of(r);
}

static void test_half(void)
{
    static const uint64_t d[] = {
        0x3ff0000000000000ull, 0x40effc0000000000ull /* 65504 */, 0x40effe0000000000ull /* 65520: tie to inf */,
        0x40effdffffffffffull, 0x3e70000000000000ull /* 2^-24 */, 0x3e60000000000000ull /* 2^-25: tie */,
        0x3e60000000000001ull, 0x3ff0020000000000ull /* 1 + 2^-11: tie */, 0x3ff0020000000001ull,
        0x3ff0060000000000ull, 0x7ff0000000000000ull, 0x7ff4000000000000ull, 0xfff8000000001234ull,
        0x8000000000000001ull, 0xc0f0000000000000ull, 0x3f1ffffffffff000ull,
    };
    static const uint32_t hv[] = {0x3c00, 0x7bff, 0x0001, 0x8200, 0x7c00, 0xfc00, 0x7e01, 0x7d55, 0x0000, 0x8000};
    for (int ahp = 0; ahp < 2; ahp++) {
        for (int rm = 0; rm < 4; rm++) {
            for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
                set_fpscr((ahp ? AHP : 0) | (uint32_t)rm << RM_SHIFT);
                uint32_t r = cvt_d_to_h(d[i], i & 1, 0x55555555);
                out("vcvt.f16.f64 %s%016llx -> %08llx flags %02x\n", r, FLAGS(), ahp ? "ahp " : "", d[i] | (uint64_t)rm << 62);
                set_fpscr((ahp ? AHP : 0) | (uint32_t)rm << RM_SHIFT);
                uint32_t s = cvt_s_to_h(b_of((float)d_of(d[i] & 0xfffffffff0000000ull)), !(i & 1), 0xaaaaaaaa);
                out("vcvt.f16.f32 %s%016llx -> %08llx flags %02x\n", s, FLAGS(), ahp ? "ahp " : "", d[i]);
            }
        }
        for (size_t i = 0; i < sizeof(hv) / sizeof(hv[0]); i++) {
            set_fpscr(ahp ? AHP : 0);
            uint64_t r = cvt_h_to_d(hv[i] << 16 | 0x1234, 1);
            out("vcvtt.f64.f16 %s%04llx -> %016llx flags %02x\n", r, FLAGS(), ahp ? "ahp " : "", hv[i]);
            set_fpscr(ahp ? AHP : 0);
            r = cvt_h_to_d(0x43210000 | hv[i], 0);
            out("vcvtb.f64.f16 %s%04llx -> %016llx flags %02x\n", r, FLAGS(), ahp ? "ahp " : "", hv[i]);
            set_fpscr(ahp ? AHP : 0);
            r = cvt_h_to_s(hv[i]);
            out("vcvtb.f32.f16 %s%04llx -> %08llx flags %02x\n", r, FLAGS(), ahp ? "ahp " : "", hv[i]);
        }
    }
    set_fpscr(0);
    CHECK((cvt_d_to_h(0x40effe0000000000ull, 0, 0) & 0xffff) == 0x7c00);
    CHECK((cvt_d_to_h(0x3ff0020000000000ull, 0, 0) & 0xffff) == 0x3c00);
    CHECK((cvt_d_to_h(0x3ff0020000000001ull, 0, 0) & 0xffff) == 0x3c01);
    CHECK(cvt_h_to_d(0x3c00, 0) == 0x3ff0000000000000ull);
}

static void test_neon(void)
{
    float in[8], outv[4];
    for (size_t i = 0; i < 8; i++)
        in[i] = f_of(sv[(i * 5 + 3) % NS]);
    for (size_t base = 0; base < 8; base += 4) {
        float32x4_t x = vld1q_f32(in + base), y = vld1q_f32(in + (base ^ 4));
        float32x4_t r[] = {vrndnq_f32(x), vrndaq_f32(x), vrndpq_f32(x), vrndmq_f32(x), vrndq_f32(x),
                           vrndxq_f32(x), vmaxnmq_f32(x, y), vminnmq_f32(x, y)};
        for (size_t k = 0; k < sizeof(r) / sizeof(r[0]); k++) {
            set_fpscr(0);
            vst1q_f32(outv, r[k]);
            printf("neon op %zu:", k);
            for (int l = 0; l < 4; l++)
                printf(" %08x->%08x", b_of(in[base + l]), b_of(outv[l]));
            printf("\n");
        }
        uint32x4_t c[8];
        __asm__("vcvta.s32.f32 %q0, %q1" : "=w"(c[0]) : "w"(x));
        __asm__("vcvtn.s32.f32 %q0, %q1" : "=w"(c[1]) : "w"(x));
        __asm__("vcvtp.s32.f32 %q0, %q1" : "=w"(c[2]) : "w"(x));
        __asm__("vcvtm.s32.f32 %q0, %q1" : "=w"(c[3]) : "w"(x));
        __asm__("vcvta.u32.f32 %q0, %q1" : "=w"(c[4]) : "w"(x));
        __asm__("vcvtn.u32.f32 %q0, %q1" : "=w"(c[5]) : "w"(x));
        __asm__("vcvtp.u32.f32 %q0, %q1" : "=w"(c[6]) : "w"(x));
        __asm__("vcvtm.u32.f32 %q0, %q1" : "=w"(c[7]) : "w"(x));
        for (int k = 0; k < 8; k++) {
            uint32_t cv[4];
            vst1q_u32(cv, c[k]);
            printf("neon cvt %d: %08x %08x %08x %08x\n", k, cv[0], cv[1], cv[2], cv[3]);
        }
    }
    /* Flags from the Advanced SIMD forms (Standard FPSCR: denormals flush, IDC). */
    set_fpscr(0);
    float32x2_t dn = vreinterpret_f32_u32(vdup_n_u32(0x00400000));
    uint32_t res = vget_lane_u32(vreinterpret_u32_f32(vrnda_f32(dn)), 0);
    printf("neon vrinta denormal -> %08x flags %02x\n", res, FLAGS());
    set_fpscr(0);
    float32x2_t sn = vreinterpret_f32_u32(vdup_n_u32(0x7f800001));
    res = vget_lane_u32(vreinterpret_u32_f32(vrndx_f32(sn)), 0);
    printf("neon vrintx snan -> %08x flags %02x\n", res, FLAGS());
    CHECK(res == 0x7fc00000);
}

int main(void)
{
    test_vrint();
    test_vcvt();
    test_vsel();
    test_maxnm();
    test_half();
    test_neon();
    printf("hash %08x\n", h);
    return xt_done();
}
