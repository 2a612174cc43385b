/* neon_vec — loops the compiler vectorizes to NEON / AdvSIMD at -O2 and -O3
 * (the -O0 variants run them scalar): integer sum, dot product, min/max,
 * saturating-style clamps, byte ops, widening multiplies, and float
 * element-wise arithmetic. Float data are small integers, so sums are exact
 * in any order and no denormal (which ARMv7 NEON flushes to zero) appears:
 * the result equals the native one. ARMv7 NEON vectorizes float loops only
 * with -funsafe-math-optimizations (it is not IEEE); AArch64 needs nothing. */
/* XRUN-CFLAGS: -ftree-vectorize */
/* XRUN-O3: yes */
/* XRUN-ARM-CFLAGS: -funsafe-math-optimizations */
#include "xt.h"

#define N 1003

static int32_t a[N], b[N], c[N];
static uint8_t p[N], q[N], r8[N];
static int16_t s[N], t[N];
static float fa[N], fb[N], fc[N];

static __attribute__((noinline)) int32_t sum(const int32_t *x, int n)
{
    int32_t acc = 0;
    for (int i = 0; i < n; i++)
        acc += x[i];
    return acc;
}

static __attribute__((noinline)) int64_t dot(const int32_t *x, const int32_t *y, int n)
{
    int64_t acc = 0;
    for (int i = 0; i < n; i++)
        acc += (int64_t)x[i] * y[i];
    return acc;
}

static __attribute__((noinline)) int32_t dot16(const int16_t *x, const int16_t *y, int n)
{
    int32_t acc = 0;
    for (int i = 0; i < n; i++)
        acc += x[i] * y[i];
    return acc;
}

static __attribute__((noinline)) void byte_ops(int n)
{
    for (int i = 0; i < n; i++) {
        unsigned v = p[i] + q[i];
        r8[i] = v > 255 ? 255 : v; /* saturating add, vqadd.u8 */
    }
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)((p[i] + q[i] + 1) >> 1); /* vrhadd.u8 */
}

static __attribute__((noinline)) void int_ops(int n)
{
    for (int i = 0; i < n; i++) {
        int32_t m = a[i] < b[i] ? a[i] : b[i];
        c[i] = (m * 3 - (b[i] >> 2)) ^ (a[i] & 0xff);
        s[i] = (int16_t)(s[i] > t[i] ? s[i] - t[i] : t[i] - s[i]);
    }
}

static __attribute__((noinline)) float fops(int n)
{
    float acc = 0;
    for (int i = 0; i < n; i++)
        fc[i] = fa[i] * fb[i] + fa[i] - fb[i];
    for (int i = 0; i < n; i++)
        acc += fc[i];
    return acc;
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = (int32_t)xt_rand() >> 8;
        b[i] = (int32_t)xt_rand() >> 12;
        p[i] = (uint8_t)xt_rand();
        q[i] = (uint8_t)xt_rand();
        s[i] = (int16_t)xt_rand();
        t[i] = (int16_t)xt_rand();
        fa[i] = (float)((int)(xt_rand() % 200) - 100);
        fb[i] = (float)((int)(xt_rand() % 64) - 32);
    }
    for (int n = 0; n <= N; n += (n < 40 ? 1 : 97)) {
        printf("n=%d sum=%d dot=%lld dot16=%d\n", n, sum(a, n), (long long)dot(a, b, n),
               dot16(s, t, n));
    }
    byte_ops(N);
    int_ops(N);
    printf("bytes %08x %08x ints %08x %08x\n", xt_fnv(r8, N), xt_fnv(p, N), xt_fnv(c, sizeof c),
           xt_fnv(s, sizeof s));
    /* hash the values, not the bits: reassociation may flip the sign of a zero */
    float fs = fops(N);
    int32_t fi[N];
    for (int i = 0; i < N; i++)
        fi[i] = (int32_t)fc[i];
    printf("floats %.1f %08x\n", fs, xt_fnv(fi, sizeof fi));
    return xt_done();
}
