/* vfp_edge — ARM VFP corner cases, one instruction at a time (inline asm so
 * the compiler cannot fold or reorder): NaN propagation with payloads
 * (signalling NaNs win, then the first operand; vneg/vabs never quiet),
 * default NaN for invalid operations, infinities, denormals (Linux runs
 * with FZ=0), signed zeros in each rounding mode, float<->int saturation
 * (NaN -> 0), vcvt vs vcvtr rounding, float<->double, and the cumulative
 * FPSCR exception flags. ARM-specific: compared with vfp_edge.ref. */
/* XRUN-LIBS: -lm */
#include <fenv.h>
#include "xt.h"

static uint32_t fb(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static float bf(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint64_t db(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static double bd(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }

static uint32_t fpscr_get(void) { uint32_t r; __asm__ volatile("vmrs %0, fpscr" : "=r"(r)); return r; }
static void fpscr_set(uint32_t r) { __asm__ volatile("vmsr fpscr, %0" : : "r"(r)); }

#define F2(op, a, b) ({ float r_; __asm__ volatile(op " %0, %1, %2" : "=t"(r_) : "t"(a), "t"(b)); r_; })
#define F1(op, a) ({ float r_; __asm__ volatile(op " %0, %1" : "=t"(r_) : "t"(a)); r_; })
#define D2(op, a, b) ({ double r_; __asm__ volatile(op " %P0, %P1, %P2" : "=w"(r_) : "w"(a), "w"(b)); r_; })
#define D1(op, a) ({ double r_; __asm__ volatile(op " %P0, %P1" : "=w"(r_) : "w"(a)); r_; })

/* Print the result bits and the exception flags it raised (IOC DZC OFC UFC IXC IDC). */
static void show(const char *what, uint64_t bits, int wide)
{
    uint32_t s = fpscr_get();
    printf("%-22s %0*llx flags %c%c%c%c%c%c\n", what, wide ? 16 : 8, (unsigned long long)bits,
           s & 1 ? 'I' : '-', s & 2 ? 'Z' : '-', s & 4 ? 'O' : '-', s & 8 ? 'U' : '-',
           s & 16 ? 'X' : '-', s & 128 ? 'D' : '-');
    fpscr_set(s & ~0x9fu);
}

#define SF(what, expr) show(what, fb(expr), 0)
#define SD(what, expr) show(what, db(expr), 1)

int main(void)
{
    float qn = bf(0x7fc00123), qn2 = bf(0xffc00456), sn = bf(0x7f800789), sn2 = bf(0xff8000ab);
    float one = 1.0f, zero = 0.0f, nzero = -0.0f, inf = bf(0x7f800000), ninf = bf(0xff800000);
    float den = bf(0x00000001), den2 = bf(0x00400000), fmax = bf(0x7f7fffff), fmin = bf(0x00800000);
    double dqn = bd(0x7ff8000000000123ull), dsn = bd(0x7ff0000000000456ull), done = 1.0;
    double dden = bd(1), dbig = 1e300;

    fpscr_set(0);
    SF("qnan+1", F2("vadd.f32", qn, one));
    SF("1+qnan", F2("vadd.f32", one, qn));
    SF("qnan+qnan2", F2("vadd.f32", qn, qn2));
    SF("qnan2+qnan", F2("vadd.f32", qn2, qn));
    SF("snan+qnan", F2("vadd.f32", sn, qn));
    SF("qnan+snan", F2("vadd.f32", qn, sn));
    SF("snan+snan2", F2("vadd.f32", sn, sn2));
    SF("snan*1", F2("vmul.f32", sn, one));
    SF("1/qnan2", F2("vdiv.f32", one, qn2));
    SF("neg snan", F1("vneg.f32", sn));
    SF("abs qnan2", F1("vabs.f32", qn2));
    SF("mov snan", F1("vmov.f32", sn));
    SF("sqrt snan", F1("vsqrt.f32", sn));
    SF("0*inf", F2("vmul.f32", zero, inf));
    SF("inf-inf", F2("vsub.f32", inf, inf));
    SF("0/0", F2("vdiv.f32", zero, zero));
    SF("sqrt(-1)", F1("vsqrt.f32", F1("vneg.f32", one)));
    SF("1/0", F2("vdiv.f32", one, zero));
    SF("1/-0", F2("vdiv.f32", one, nzero));
    SF("max*2", F2("vadd.f32", fmax, fmax));
    SF("-max*2", F2("vmul.f32", F1("vneg.f32", fmax), fmax));
    SF("inf+1", F2("vadd.f32", inf, one));
    SF("ninf*-0", F2("vmul.f32", ninf, nzero));
    SF("den+den", F2("vadd.f32", den, den));
    SF("den*0.5", F2("vmul.f32", den2, bf(0x3f000000)));
    SF("den1*0.5", F2("vmul.f32", den, bf(0x3f000000)));
    SF("fmin*0.5", F2("vmul.f32", fmin, bf(0x3f000000)));
    SF("fmin-den", F2("vsub.f32", fmin, den));
    SF("fmin/3", F2("vdiv.f32", fmin, bf(0x40400000)));
    SF("sqrt den", F1("vsqrt.f32", den));
    SF("-0+0", F2("vadd.f32", nzero, zero));
    SF("-0-0", F2("vsub.f32", nzero, zero));
    SF("1-1", F2("vsub.f32", one, one));
    SF("-0*5", F2("vmul.f32", nzero, bf(0x40a00000)));
    SF("sqrt -0", F1("vsqrt.f32", nzero));
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("-- rounding mode %d (fpscr %08x)\n", m, fpscr_get());
        SF("1-1", F2("vsub.f32", one, one));
        SF("-0+0", F2("vadd.f32", nzero, zero));
        SF("1/3", F2("vdiv.f32", one, bf(0x40400000)));
        SF("-1/3", F2("vdiv.f32", F1("vneg.f32", one), bf(0x40400000)));
        SF("max+max", F2("vadd.f32", fmax, fmax));
        SF("-max-max", F2("vsub.f32", F1("vneg.f32", fmax), fmax));
        SF("fmin/3", F2("vdiv.f32", fmin, bf(0x40400000)));
        SF("sqrt2", F1("vsqrt.f32", bf(0x40000000)));
        SD("d 1/3", D2("vdiv.f64", done, bd(0x4008000000000000ull)));
        /* vcvtr honours the mode, vcvt always truncates */
        static const uint32_t cv[] = {0x3fc00000, 0x40200000, 0xbfc00000, 0xc0200000, 0x3f000000};
        for (int k = 0; k < 5; k++) {
            SF("vcvtr.s32", F1("vcvtr.s32.f32", bf(cv[k])));
            SF("vcvt.s32", F1("vcvt.s32.f32", bf(cv[k])));
        }
    }
    fesetround(FE_TONEAREST);
    printf("-- conversions\n");
    static const uint32_t conv[] = {0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000,
                                    0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001,
                                    0xbf800000, 0x3f7fffff, 0xbf7fffff, 0x00000001, 0x80000000,
                                    0x5f000000, 0x4f7fffff};
    for (unsigned k = 0; k < sizeof conv / sizeof conv[0]; k++) {
        float f = bf(conv[k]);
        printf("%08x:", conv[k]);
        SF(" s32", F1("vcvt.s32.f32", f));
        printf("%08x:", conv[k]);
        SF(" u32", F1("vcvt.u32.f32", f));
        printf("%08x:", conv[k]);
        SD(" f64", ({ double r_; __asm__ volatile("vcvt.f64.f32 %P0, %1" : "=w"(r_) : "t"(f)); r_; }));
    }
    static const uint64_t dconv[] = {0x41dfffffffc00000ull, 0x41e0000000000000ull, 0xc1e0000000200000ull,
                                     0x7ff8000000000123ull, 0x7ff0000000000456ull, 0x47efffffefffffffull,
                                     0x47effffff0000000ull, 0x36a0000000000000ull, 0x3690000000000001ull,
                                     0x380fffffffffffffull, 0xfff0000000000000ull, 0x41f0000000000000ull};
    for (unsigned k = 0; k < sizeof dconv / sizeof dconv[0]; k++) {
        double d = bd(dconv[k]);
        printf("%016llx:", (unsigned long long)dconv[k]);
        SF(" s32", ({ float r_; __asm__ volatile("vcvt.s32.f64 %0, %P1" : "=t"(r_) : "w"(d)); r_; }));
        printf("%016llx:", (unsigned long long)dconv[k]);
        SF(" u32", ({ float r_; __asm__ volatile("vcvt.u32.f64 %0, %P1" : "=t"(r_) : "w"(d)); r_; }));
        printf("%016llx:", (unsigned long long)dconv[k]);
        SF(" f32", ({ float r_; __asm__ volatile("vcvt.f32.f64 %0, %P1" : "=t"(r_) : "w"(d)); r_; }));
    }
    static const uint32_t ints[] = {0x7fffffff, 0x80000000, 0xffffffff, 0x01000001, 16777217, 0};
    for (unsigned k = 0; k < 6; k++) {
        float i = bf(ints[k]);
        printf("%08x:", ints[k]);
        SF(" s32->f32", F1("vcvt.f32.s32", i));
        printf("%08x:", ints[k]);
        SF(" u32->f32", F1("vcvt.f32.u32", i));
        printf("%08x:", ints[k]);
        SD(" s32->f64", ({ double r_; __asm__ volatile("vcvt.f64.s32 %P0, %1" : "=w"(r_) : "t"(i)); r_; }));
    }
    printf("-- double\n");
    SD("dqnan+dsnan", D2("vadd.f64", dqn, dsn));
    SD("dsnan+1", D2("vadd.f64", dsn, done));
    SD("dneg snan", D1("vneg.f64", dsn));
    SD("dden*0.5", D2("vmul.f64", dden, bd(0x3fe0000000000000ull)));
    SD("big*big", D2("vmul.f64", dbig, dbig));
    SD("dsqrt(-0)", D1("vsqrt.f64", bd(0x8000000000000000ull)));
    SD("0/0", D2("vdiv.f64", bd(0), bd(0)));
    /* vmla with NaNs: the accumulator NaN versus the product's */
    {
        float acc = qn2, a = one, b = sn;
        __asm__ volatile("vmla.f32 %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));
        SF("vmla qn2+1*sn", acc);
        acc = qn2;
        b = one;
        __asm__ volatile("vmla.f32 %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));
        SF("vmla qn2+1*1", acc);
        acc = one;
        a = inf;
        b = zero;
        __asm__ volatile("vmla.f32 %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));
        SF("vmla 1+inf*0", acc);
        acc = bf(0x3f800001);
        a = bf(0x3f7fffff);
        b = bf(0x3f800001);
        __asm__ volatile("vfma.f32 %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));
        SF("vfma fused", acc);
    }
    /* compares: vcmp vs vcmpe on NaN, and the resulting NZCV */
    {
        float pairs[][2] = {{1, 2}, {2, 1}, {1, 1}, {0, -0.0f}, {1, 0}, {0, 0}};
        pairs[4][0] = qn;
        pairs[5][1] = sn;
        for (int k = 0; k < 6; k++) {
            uint32_t nzcv;
            __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr"
                             : "=r"(nzcv) : "t"(pairs[k][0]), "t"(pairs[k][1]) : "cc");
            printf("vcmp %d nzcv %x ", k, nzcv >> 28);
            SF("", 0.0f);
            __asm__ volatile("vcmpe.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr"
                             : "=r"(nzcv) : "t"(pairs[k][0]), "t"(pairs[k][1]) : "cc");
            printf("vcmpe %d nzcv %x ", k, nzcv >> 28);
            SF("", 0.0f);
        }
    }
    return xt_done();
}
