/* fenv — fesetround in all four modes with rounding-sensitive operations
 * (add, mul, div, sqrt, int conversion with rint/lrint, float<->double),
 * and fetestexcept after operations raising each exception flag. Operands
 * are volatile so the compiler cannot fold them in the default mode. */
/* XRUN-LIBS: -lm */
/* XRUN-CFLAGS: -frounding-math */
#include <fenv.h>
#include <math.h>
#include "xt.h"

static volatile double one = 1.0, three = 3.0, two = 2.0, big = 1e308, tiny = 1e-308, zero = 0.0;
static volatile float onef = 1.0f, threef = 3.0f;
static volatile double halves[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, -2.7};

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-10s %s%s%s%s%s\n", what, f & FE_INVALID ? "I" : "-", f & FE_DIVBYZERO ? "Z" : "-",
           f & FE_OVERFLOW ? "O" : "-", f & FE_UNDERFLOW ? "U" : "-", f & FE_INEXACT ? "X" : "-");
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    static const char *names[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        CHECK(fesetround(modes[m]) == 0);
        CHECK(fegetround() == modes[m]);
        double q = one / three, nq = -one / three, s = sqrt(two), p = q * three;
        double sum = 1e16 + three;
        float qf = onef / threef;
        float fd = (float)q;
        printf("%-10s %a %a %a %a %a %a %a\n", names[m], q, nq, s, p, sum, (double)qf, (double)fd);
        for (int k = 0; k < 8; k++)
            printf(" %g:%g,%ld", halves[k], rint(halves[k]), lrint(halves[k]));
        printf("\n");
        printf("  nearbyint %g %g\n", nearbyint(halves[2]), nearbyint(halves[5]));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    flags("none");
    volatile double r;
    r = one / three;
    flags("inexact");
    r = one / zero;
    flags("divbyzero");
    r = big * big;
    flags("overflow");
    r = tiny * tiny;
    flags("underflow");
    r = zero / zero;
    flags("invalid");
    r = sqrt(-one);
    flags("sqrt(-1)");
    r = two * three;
    flags("exact");
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    flags("raised");
    (void)r;
    return xt_done();
}
