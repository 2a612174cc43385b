/* arith64 — 64-bit arithmetic: add/sub carry chains, multiplies (which
 * become umull/umlal/mla on ARM), shifts by variable amounts across the
 * 32-bit boundary, and 64-bit division (a libgcc call: __aeabi_ldivmod). */
#include "xt.h"

static const uint64_t v64[] = {0, 1, 2, 3, 7, 0xffffffffull, 0x100000000ull,
                               0x7fffffffffffffffull, 0x8000000000000000ull,
                               0xffffffffffffffffull, 0x123456789abcdef0ull,
                               0xfedcba9876543210ull, 1000000007ull, 0xdeadbeefull};
#define N (int)(sizeof(v64) / sizeof(v64[0]))

static __attribute__((noinline)) uint64_t mix(uint64_t a, uint64_t b, unsigned s)
{
    uint64_t r = a * b;
    r ^= a + b;
    r += a - b;
    r ^= (a << (s & 63)) | (b >> (s & 63));
    r += (uint64_t)((int64_t)a >> (s & 63));
    if (b)
        r ^= a / b + a % b;
    if ((int64_t)b != 0 && !((int64_t)a == INT64_MIN && (int64_t)b == -1))
        r += (uint64_t)((int64_t)a / (int64_t)b) ^ (uint64_t)((int64_t)a % (int64_t)b);
    return r;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            printf("%016llx\n", (unsigned long long)mix(v64[i], v64[j], i * 5 + j));
    uint64_t acc = 1;
    for (int k = 0; k < 1000; k++) {
        uint64_t a = xt_rand64();
        uint64_t b = xt_rand64();
        b >>= xt_rand() & 63;
        acc = acc * 6364136223846793005ull + mix(a, b, xt_rand());
        uint32_t x = xt_rand();
        uint32_t y = xt_rand();
        acc ^= (uint64_t)x * y;
        acc += (int64_t)(int32_t)x * (int32_t)y;
        acc ^= (uint64_t)x * y + acc;
    }
    printf("acc %016llx\n", (unsigned long long)acc);
    CHECK(0xffffffffull * 0xffffffffull == 0xfffffffe00000001ull);
    CHECK((int64_t)-7 / 2 == -3 && (int64_t)-7 % 2 == -1);
    return xt_done();
}
