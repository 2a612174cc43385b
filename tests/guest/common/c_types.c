/* c_types — the C type system on a 32-bit target: sign/zero extension of
 * char/short on load and arithmetic (char is unsigned on ARM, so the test
 * uses explicit signed/unsigned char), integer promotions and wrap-around,
 * struct copy/return by value (memcpy-like ldm/stm), unions, variadic
 * functions with mixed int/long long/double (the AAPCS aligns 64-bit
 * arguments), function pointers and packed structs with unaligned fields. */
#include <stdarg.h>
#include "xt.h"

struct big { int32_t a[9]; int8_t c; int64_t d; };
struct __attribute__((packed)) packed { uint8_t tag; uint32_t u; uint16_t h; uint64_t q; };
union pun { float f; uint32_t u; uint8_t b[4]; };

static __attribute__((noinline)) struct big make_big(int k)
{
    struct big b;
    for (int i = 0; i < 9; i++)
        b.a[i] = k * i - 40;
    b.c = (int8_t)(k * 37);
    b.d = (int64_t)k << 40 | 0x1234;
    return b;
}

static __attribute__((noinline)) long long vsum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long long s = 0;
    for (int i = 0; i < n; i++) {
        switch (i % 4) {
        case 0: s += va_arg(ap, int); break;
        case 1: s += va_arg(ap, long long); break;
        case 2: s += (long long)(va_arg(ap, double) * 4); break;
        default: s ^= (unsigned char)va_arg(ap, int); break;
        }
    }
    va_end(ap);
    return s;
}

static int add1(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }

int main(void)
{
    signed char sc[] = {-128, -1, 0, 1, 127};
    unsigned char uc[] = {0, 1, 127, 128, 255};
    short ss[] = {-32768, -1, 0, 32767};
    unsigned short us[] = {0, 65535, 32768};
    for (int i = 0; i < 5; i++)
        printf("sc %d -> %d %u %d | uc %u -> %d %d\n", sc[i], sc[i] * 3, (unsigned)sc[i],
               (signed char)(sc[i] + 1), uc[i], uc[i] * 3, (signed char)uc[i]);
    for (int i = 0; i < 4; i++)
        printf("ss %d -> %d %u %hd\n", ss[i], ss[i] * 2, (unsigned)ss[i], (short)(ss[i] + 1));
    for (int i = 0; i < 3; i++)
        printf("us %u -> %d %hd %u\n", us[i], us[i] * 2, (short)us[i], (unsigned short)(us[i] + 1));
    uint32_t u = 0xfffffff0;
    int32_t s = -16;
    printf("promotions: %d %d %u %lld\n", u > (uint32_t)s, s < 0, u + 32, (long long)s * 3);

    struct big b1 = make_big(3), b2;
    b2 = b1;
    b2.a[8]++;
    printf("struct: %d %d %d %lld same %d\n", b1.a[0], b2.a[8], b1.c, (long long)b2.d,
           memcmp(&b1.a, &b2.a, 32) == 0);
    struct packed pk[3];
    for (int i = 0; i < 3; i++) {
        pk[i].tag = (uint8_t)i;
        pk[i].u = 0x01020304u * (i + 1);
        pk[i].h = (uint16_t)(0xbeef + i);
        pk[i].q = 0x1122334455667788ull + i;
    }
    uint64_t acc = 0;
    for (int i = 0; i < 3; i++)
        acc += pk[i].u + pk[i].h + pk[i].q;
    printf("packed: size %zu acc %016llx\n", sizeof pk[0], (unsigned long long)acc);
    union pun p;
    p.f = -1.5f;
    printf("union: %08x %02x\n", p.u, p.b[3]);
    printf("varargs: %lld\n", vsum(8, 5, 1ll << 40, 2.25, 0x1ff, -7, -(1ll << 33), -0.5, 65));
    int (*fp[2])(int) = {add1, dbl};
    int v = 1;
    for (int i = 0; i < 10; i++)
        v = fp[i & 1](v);
    printf("fnptr: %d\n", v);
    return xt_done();
}
