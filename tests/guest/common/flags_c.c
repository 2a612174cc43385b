/* flags_c — signed/unsigned compares, carries and overflow corner cases in
 * portable C. The compiler turns these into cmp/adds/adcs + conditional
 * moves or IT blocks, so every flag the translator computes is observed. */
#include <limits.h>
#include "xt.h"

static const int32_t vals[] = {0, 1, -1, 2, -2, 0x7fffffff, INT_MIN, INT_MIN + 1,
                               0x7ffffffe, 0x40000000, -0x40000000, 0xffff, 0x10000,
                               0x12345678, (int32_t)0x87654321u, 255, -256};
#define NV (int)(sizeof(vals) / sizeof(vals[0]))

static __attribute__((noinline)) unsigned cmp_bits(int32_t a, int32_t b)
{
    uint32_t ua = a, ub = b;
    unsigned r = 0;
    r |= (a < b) << 0;
    r |= (a <= b) << 1;
    r |= (a > b) << 2;
    r |= (a >= b) << 3;
    r |= (a == b) << 4;
    r |= (a != b) << 5;
    r |= (ua < ub) << 6;
    r |= (ua <= ub) << 7;
    r |= (ua > ub) << 8;
    r |= (ua >= ub) << 9;
    r |= ((a & b) == 0) << 10;
    r |= ((a ^ b) < 0) << 11;
    r |= (a + (int64_t)b > INT_MAX) << 12;
    r |= (-a == b) << 13;
    return r;
}

static __attribute__((noinline)) unsigned ovf_bits(int32_t a, int32_t b)
{
    int32_t s;
    uint32_t u;
    unsigned r = 0;
    r |= __builtin_add_overflow(a, b, &s) << 0;
    r |= __builtin_sub_overflow(a, b, &s) << 1;
    r |= __builtin_mul_overflow(a, b, &s) << 2;
    r |= __builtin_add_overflow((uint32_t)a, (uint32_t)b, &u) << 3;
    r |= __builtin_sub_overflow((uint32_t)a, (uint32_t)b, &u) << 4;
    r |= __builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u) << 5;
    return r;
}

/* 64-bit add via 32-bit halves: exercises adds/adc carry chains. */
static __attribute__((noinline)) uint64_t add64(uint64_t a, uint64_t b) { return a + b; }
static __attribute__((noinline)) int64_t sub64(int64_t a, int64_t b) { return a - b; }

static __attribute__((noinline)) int32_t sel(int32_t a, int32_t b)
{
    return a < b ? a * 3 : (uint32_t)a > (uint32_t)b ? b - a : a ^ b;
}

int main(void)
{
    uint32_t h = 0;
    for (int i = 0; i < NV; i++) {
        for (int j = 0; j < NV; j++) {
            int32_t a = vals[i], b = vals[j];
            unsigned c = cmp_bits(a, b), o = ovf_bits(a, b);
            uint64_t s = add64((uint64_t)(uint32_t)a << 32 | (uint32_t)b,
                               (uint64_t)(uint32_t)b << 32 | (uint32_t)a);
            int64_t d = sub64((int64_t)a << 16, (int64_t)b * 77777);
            printf("%08x %08x cmp=%04x ovf=%02x add=%016llx sub=%016llx sel=%08x\n",
                   (uint32_t)a, (uint32_t)b, c, o, (unsigned long long)s,
                   (unsigned long long)d, (uint32_t)sel(a, b));
            h = h * 31 + c + (o << 16);
        }
    }
    printf("hash %08x\n", h);
    CHECK(cmp_bits(INT_MIN, 0x7fffffff) & 1);
    CHECK(!(cmp_bits(INT_MIN, 0x7fffffff) & 0x40));
    CHECK(ovf_bits(INT_MIN, -1) & 2 ? 0 : 1);
    CHECK(ovf_bits(0x7fffffff, 1) & 1);
    return xt_done();
}
