/* printf_float — printf of floats and doubles in %a %e %g %f with many
 * precisions and values: powers of ten, halfway cases, tiny, huge,
 * denormal, negative zero, infinities. glibc's printf does this with
 * integer multi-precision code plus VFP loads/stores and conversions. */
#include <math.h>
#include "xt.h"

static const double dv[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3,
                            123456789.0, 1e22, 1e23, 1e-5, 1e-300, 5e-324, 2.2250738585072014e-308,
                            1.7976931348623157e308, 3.141592653589793, 2.718281828459045,
                            0.125, 1234.5, 2.5, 3.5, -2.5, 1e15 + 0.3, 9007199254740993.0,
                            6.02214076e23, 1.602176634e-19, 299792458.0, HUGE_VAL, -HUGE_VAL};

int main(void)
{
    int n = sizeof(dv) / sizeof(dv[0]);
    for (int i = 0; i < n; i++) {
        double d = dv[i];
        float f = (float)d;
        printf("%a|%e|%g|%f|%.0f|%.3e|%.17g|%20.10f\n", d, d, d, d, d, d, d, d);
        printf("  f: %a|%e|%g|%.9g|%10.3f|%-12.2e|%+g\n", f, f, f, f, f, f, f);
    }
    uint32_t h = 0;
    char buf[128];
    for (int i = 0; i < 3000; i++) {
        uint64_t bits = xt_rand64();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isnan(d))
            continue;
        int k = snprintf(buf, sizeof buf, "%.17g %a %.*e", d, d, i % 20, d);
        h = h * 31 + xt_fnv(buf, k);
        float num = (float)(xt_rand() % 2000000);
        float f = num / (float)(1 + xt_rand() % 1000);
        k = snprintf(buf, sizeof buf, "%.9g %a %.*f", f, f, i % 8, f);
        h = h * 31 + xt_fnv(buf, k);
        if (i % 300 == 0)
            printf("%s\n", buf);
    }
    printf("hash %08x\n", h);
    snprintf(buf, sizeof buf, "%.1f %.1f %.1f %.2f", 0.25, 0.35, 2.5, 1.005);
    printf("%s\n", buf);
    return xt_done();
}
