/* libm — sin cos tan exp log pow fma sqrt atan2 cbrt (double and float)
 * over a few hundred inputs, printed bit-exact with %a. glibc runs the
 * same generic C code on both hosts, so the guest result must equal the
 * native one bit for bit. Exceptions: double pow, whose x86_64 glibc picks
 * an FMA-compiled variant at run time that differs in the last bit (it is
 * checked against an ARM reference in libm_pow); and AArch64, whose glibc
 * is compiled with fused multiply-adds, so cbrt differs from x86_64 by an
 * ulp or two for some inputs (aarch64/libm.ref). */
/* XRUN-LIBS: -lm */
#include <math.h>
#include "xt.h"

int main(void)
{
    uint32_t h = 0;
    for (int i = 0; i < 300; i++) {
        double x = (i - 150) * 0.173 + (i % 7) * 1e-3;
        double y = (i % 23) * 0.31 - 3.1;
        double p = fabs(x) + 0.01;
        double r[10] = {sin(x), cos(x), tan(x), exp(x / 4), log(p), exp2(y),
                        fma(x, y, p), sqrt(p), atan2(x, y), cbrt(x)};
        float xf = (float)x, pf = (float)p;
        float rf[6] = {sinf(xf), cosf(xf), expf(xf / 4), logf(pf), powf(pf, (float)y), sqrtf(pf)};
        if (i % 10 == 0) {
            printf("x=%a", x);
            for (int k = 0; k < 10; k++)
                printf(" %a", r[k]);
            for (int k = 0; k < 6; k++)
                printf(" %a", (double)rf[k]);
            printf("\n");
        }
        h = h * 31 + xt_fnv(r, sizeof r);
        h = h * 31 + xt_fnv(rf, sizeof rf);
    }
    printf("hash %08x\n", h);
    printf("special %a %a %a %a %a\n", sin(1e22), exp(709.0), log(5e-324), pow(2, -1074), cbrt(-27.0));
    CHECK(sqrt(2.0) * sqrt(2.0) != 2.0); /* 2.0000000000000004 in IEEE double */
    CHECK(cbrt(-27.0) == -3.0);
    return xt_done();
}
