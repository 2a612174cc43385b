/* libm_pow — double pow() over a few hundred inputs, bit-exact with %a.
 * x86_64 glibc selects an FMA-compiled pow on FMA-capable CPUs, which
 * differs from the generic code in the last bit for some inputs, so this
 * test compares with libm_pow.ref: the ARM glibc result (generated with
 * qemu-arm, whose VFP is exact IEEE; pow's own algorithm is plain C). */
/* XRUN-LIBS: -lm */
#include <math.h>
#include "xt.h"

int main(void)
{
    for (int i = 0; i < 300; i++) {
        double x = (i - 150) * 0.173 + (i % 7) * 1e-3;
        double y = (i % 23) * 0.31 - 3.1;
        double p = fabs(x) + 0.01;
        printf("%a %a %a %a\n", p, y, pow(p, y), pow(-2.0, (double)(i % 40 - 20)));
    }
    printf("%a %a %a %a\n", pow(0.0, -1.0), pow(-0.0, -3.0), pow(1.0, NAN), pow(10.0, 308.5));
    return xt_done();
}
