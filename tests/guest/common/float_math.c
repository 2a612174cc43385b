/* float_math — IEEE single and double arithmetic on random operands
 * (including denormals; NaN results are counted, not printed, since the
 * default NaN differs between ARM and x86): + - * / sqrt, compares,
 * int<->float conversions in range, float<->double, fabs/neg. */
/* XRUN-LIBS: -lm */
#include <math.h>
#include "xt.h"

static float rf(void)
{
    uint32_t b = xt_rand();
    if ((b & 0xf) == 0)
        b &= 0x807fffff; /* denormal */
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static double rd(void)
{
    uint64_t b = xt_rand64();
    if ((b & 0xf) == 0)
        b &= 0x800fffffffffffffull;
    else if ((b & 0xf) < 8) /* keep exponents moderate so products are finite */
        b = (b & 0x800fffffffffffffull) | ((uint64_t)(1023 - 40 + (b >> 52) % 80) << 52);
    double d;
    memcpy(&d, &b, 8);
    return d;
}

static uint32_t fbits(float f)
{
    uint32_t b;
    if (f != f)
        return 0x7fc00000;
    memcpy(&b, &f, 4);
    return b;
}
static uint64_t dbits(double d)
{
    uint64_t b;
    if (d != d)
        return 0x7ff8000000000000ull;
    memcpy(&b, &d, 8);
    return b;
}

int main(void)
{
    uint32_t h = 0;
    int nans = 0;
    for (int i = 0; i < 20000; i++) {
        float a = rf(), b = rf();
        double x = rd(), y = rd();
        uint32_t fr[6] = {fbits(a + b), fbits(a - b), fbits(a * b), fbits(a / b),
                          fbits(sqrtf(fabsf(a))), fbits((float)x)};
        uint64_t dr[6] = {dbits(x + y), dbits(x - y), dbits(x * y), dbits(x / y),
                          dbits(sqrt(fabs(x))), dbits((double)a)};
        unsigned c = (a < b) | (a == b) << 1 | (x <= y) << 2 | (x != y) << 3 | isless(a, b) << 4 |
                     isunordered(x, y) << 5;
        nans += isnan(a) + isnan(b) + isnan(x * y);
        h = h * 31 + xt_fnv(fr, sizeof fr);
        h = h * 31 + xt_fnv(dr, sizeof dr) + c;
        if (i % 2000 == 0)
            printf("%08x %08x -> %08x %08x %08x %08x %08x | %016llx %016llx\n", fbits(a),
                   fbits(b), fr[0], fr[1], fr[2], fr[3], fr[4], (unsigned long long)dr[2],
                   (unsigned long long)dr[3]);
    }
    printf("hash %08x nans %d\n", h, nans);
    /* in-range conversions */
    static const double cv[] = {0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.5, -1.5, -2.5, 1e9, -1e9,
                                2147483647.0, -2147483648.0, 4294967295.0, 123456.789};
    for (unsigned k = 0; k < sizeof cv / sizeof cv[0]; k++) {
        double d = cv[k];
        long long ll = (long long)d;
        printf("%g -> i=%d u=%u ll=%lld f=%a\n", d, d >= -2147483648.0 && d <= 2147483647.0 ? (int)d : 0,
               d >= 0 ? (unsigned)d : 0u, ll, (double)(float)d);
    }
    for (int k = -5; k < 5; k++) {
        int32_t iv = (int32_t)(xt_rand() >> (k + 5)) * (k < 0 ? -1 : 1);
        uint32_t uv = xt_rand();
        int64_t lv = (int64_t)xt_rand64();
        printf("%d->%a %u->%a %lld->%a %a\n", iv, (double)(float)iv, uv, (double)uv, (long long)lv,
               (double)lv, (double)(float)lv);
    }
    return xt_done();
}
