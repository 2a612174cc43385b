/* fpcr_a64 — A64 floating point under the four FPCR rounding modes
 * (RMode, bits 23:22: RN, RP, RM, RZ): FADD/FMUL/FDIV/FSQRT/FMADD in single
 * and double, FCVT double->single, FRINTX/FRINTI (current mode) against
 * FRINTN/FRINTA/FRINTZ/FRINTM/FRINTP (fixed modes), SCVTF and the FCVT*S
 * conversions (FCVTZS always truncates; out-of-range saturates, NaN -> 0).
 * FPSR's cumulative flags (IOC DZC OFC UFC IXC IDC) are read after each
 * group; FZ (flush denormals to zero) and DN (default NaN) change results.
 * Values print as bits or with %a, which never rounds: glibc's printf
 * follows the rounding mode. */
#include "xt.h"
#include "fpregs.h"

#define FOP2(name, insn, T, reg)                                                              \
    static __attribute__((noinline)) T name(T a, T b)                                         \
    {                                                                                         \
        T r;                                                                                  \
        __asm__ volatile(insn " %" reg "0, %" reg "1, %" reg "2" : "=w"(r) : "w"(a), "w"(b)); \
        return r;                                                                             \
    }
#define FOP1(name, insn, T, reg)                                                              \
    static __attribute__((noinline)) T name(T a)                                              \
    {                                                                                         \
        T r;                                                                                  \
        __asm__ volatile(insn " %" reg "0, %" reg "1" : "=w"(r) : "w"(a));                    \
        return r;                                                                             \
    }
FOP2(fadd_d, "fadd", double, "d")
FOP2(fmul_d, "fmul", double, "d")
FOP2(fdiv_d, "fdiv", double, "d")
FOP2(fadd_s, "fadd", float, "s")
FOP2(fdiv_s, "fdiv", float, "s")
FOP2(fmaxnm_d, "fmaxnm", double, "d")
FOP2(fmin_d, "fmin", double, "d")
FOP1(fsqrt_d, "fsqrt", double, "d")
FOP1(frintx_d, "frintx", double, "d")
FOP1(frinti_d, "frinti", double, "d")
FOP1(frintn_d, "frintn", double, "d")
FOP1(frinta_d, "frinta", double, "d")
FOP1(frintz_d, "frintz", double, "d")
FOP1(frintm_d, "frintm", double, "d")
FOP1(frintp_d, "frintp", double, "d")

static __attribute__((noinline)) double fmadd_d(double a, double b, double c)
{
    double r;
    __asm__ volatile("fmadd %d0, %d1, %d2, %d3" : "=w"(r) : "w"(a), "w"(b), "w"(c));
    return r;
}
static __attribute__((noinline)) float fcvt_ds(double a)
{
    float r;
    __asm__ volatile("fcvt %s0, %d1" : "=w"(r) : "w"(a));
    return r;
}
static __attribute__((noinline)) double scvtf_d(int64_t a)
{
    double r;
    __asm__ volatile("scvtf %d0, %1" : "=w"(r) : "r"(a));
    return r;
}
#define FCVT(name, insn)                                                                      \
    static __attribute__((noinline)) int64_t name(double a)                                   \
    {                                                                                         \
        int64_t r;                                                                            \
        __asm__ volatile(insn " %0, %d1" : "=r"(r) : "w"(a));                                 \
        return r;                                                                             \
    }
FCVT(fcvtzs, "fcvtzs")
FCVT(fcvtns, "fcvtns")
FCVT(fcvtas, "fcvtas")
FCVT(fcvtms, "fcvtms")
FCVT(fcvtps, "fcvtps")
static __attribute__((noinline)) uint32_t fcvtzu_w(double a)
{
    uint32_t r;
    __asm__ volatile("fcvtzu %w0, %d1" : "=r"(r) : "w"(a));
    return r;
}

static uint64_t bits_d(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}
static uint32_t bits_s(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static double from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static const char *const mode_names[] = {"RN", "RP", "RM", "RZ"};

static void show_flags(const char *what)
{
    uint64_t s = get_fpsr();
    printf("  %-10s fpsr %02llx (%s%s%s%s%s%s)\n", what, (unsigned long long)(s & 0x9f),
           s & 1 ? "IOC " : "", s & 2 ? "DZC " : "", s & 4 ? "OFC " : "", s & 8 ? "UFC " : "",
           s & 16 ? "IXC " : "", s & 128 ? "IDC" : "");
    set_fpsr(0);
}

int main(void)
{
    static const double rint_in[] = {2.5, -2.5, 3.5, 0.5, -0.5, 1.4999999999999998, -7.75,
                                     4503599627370495.5, -0.0};
    volatile double third = 1.0 / 3.0, big = 1e308, tiny = 0x1p-1022;

    for (int m = 0; m < 4; m++) {
        set_fpcr((uint64_t)m << 22);
        set_fpsr(0);
        printf("%s fpcr %08llx\n", mode_names[m], (unsigned long long)get_fpcr());
        printf("  add %016llx mul %016llx div %016llx sqrt %016llx fma %016llx\n",
               (unsigned long long)bits_d(fadd_d(third, 1e-17)),
               (unsigned long long)bits_d(fmul_d(third, -3.0000000000000004)),
               (unsigned long long)bits_d(fdiv_d(-2.0, 3.0)),
               (unsigned long long)bits_d(fsqrt_d(2.0)),
               (unsigned long long)bits_d(fmadd_d(third, 3.0, -1.0)));
        printf("  single add %08x div %08x cvt %08x %08x\n", bits_s(fadd_s(1.0f, 0x1p-24f)),
               bits_s(fdiv_s(1.0f, -3.0f)), bits_s(fcvt_ds(third)), bits_s(fcvt_ds(-0.1)));
        printf("  scvtf %016llx %016llx\n",
               (unsigned long long)bits_d(scvtf_d(0x7fffffffffffffffll)),
               (unsigned long long)bits_d(scvtf_d(-0x20000000000001ll)));
        show_flags("arith");
        printf("  overflow %016llx underflow %016llx\n",
               (unsigned long long)bits_d(fmul_d(big, 10.0)),
               (unsigned long long)bits_d(fmul_d(tiny, 0.3)));
        show_flags("ovf/unf");
        /* %a prints exactly: no rounding, so the mode cannot change it. */
        for (unsigned i = 0; i < sizeof rint_in / sizeof rint_in[0]; i++) {
            double x = rint_in[i];
            printf("  %-22a x %a i %a | n %a a %a z %a m %a p %a\n", x, frintx_d(x),
                   frinti_d(x), frintn_d(x), frinta_d(x), frintz_d(x), frintm_d(x), frintp_d(x));
        }
        show_flags("frint");
        printf("  cvt -2.5: zs %lld ns %lld as %lld ms %lld ps %lld\n", (long long)fcvtzs(-2.5),
               (long long)fcvtns(-2.5), (long long)fcvtas(-2.5), (long long)fcvtms(-2.5),
               (long long)fcvtps(-2.5));
        show_flags("cvt");
    }
    set_fpcr(0);

    /* Saturation and NaN in conversions: IOC. */
    printf("fcvtzs 1e19 %lld -1e19 %lld nan %lld; fcvtzu -1 %u 5e9 %u\n", (long long)fcvtzs(1e19),
           (long long)fcvtzs(-1e19), (long long)fcvtzs(from_bits(0x7ff8000000000000ull)),
           fcvtzu_w(-1.0), fcvtzu_w(5e9));
    show_flags("saturate");
    CHECK(fcvtzs(1e19) == 0x7fffffffffffffffll);
    set_fpsr(0);
    printf("div 1/0 %016llx 0/0 %016llx\n", (unsigned long long)bits_d(fdiv_d(1.0, 0.0)),
           (unsigned long long)bits_d(fdiv_d(0.0, 0.0)));
    show_flags("div0");

    /* NaN propagation: the first operand's payload, quietened; DN forces
     * the default NaN. FMAXNM prefers the number to a quiet NaN. */
    double snan = from_bits(0x7ff0000000000bad), qnan = from_bits(0xfff8000000000123);
    printf("nan: add %016llx %016llx maxnm %016llx min %016llx\n",
           (unsigned long long)bits_d(fadd_d(snan, qnan)),
           (unsigned long long)bits_d(fadd_d(qnan, 1.0)),
           (unsigned long long)bits_d(fmaxnm_d(qnan, -4.0)),
           (unsigned long long)bits_d(fmin_d(-4.0, qnan)));
    show_flags("nan");
    set_fpcr(1u << 25);
    printf("DN: add %016llx\n", (unsigned long long)bits_d(fadd_d(qnan, 1.0)));
    CHECK(bits_d(fadd_d(qnan, 1.0)) == 0x7ff8000000000000ull);
    set_fpcr(0);

    /* FZ: denormal inputs and results become zero (and set IDC / UFC). */
    double den = from_bits(0x000fffffffffffffull);
    printf("denormal: %016llx + 0 = %016llx\n", (unsigned long long)bits_d(den),
           (unsigned long long)bits_d(fadd_d(den, 0.0)));
    set_fpcr(1u << 24);
    set_fpsr(0);
    printf("FZ: %016llx + 0 = %016llx, tiny*0.5 = %016llx, fpsr %02llx\n",
           (unsigned long long)bits_d(den), (unsigned long long)bits_d(fadd_d(den, 0.0)),
           (unsigned long long)bits_d(fmul_d(tiny, 0.5)), (unsigned long long)(get_fpsr() & 0x9f));
    set_fpcr(0);
    set_fpsr(0);
    CHECK(fdiv_d(1.0, 3.0) == third);
    return xt_done();
}
