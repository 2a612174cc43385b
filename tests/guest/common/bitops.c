/* bitops — bit-manipulation idioms the compiler maps to single ARM
 * instructions: clz/ctz/popcount/parity (clz, rbit+clz, vcnt), bswap
 * (rev, rev16), rotates (ror), bit-field extract/insert (ubfx, sbfx, bfi,
 * bfc), 64-bit versions, and struct bit-fields with signed members. */
#include "xt.h"

struct bits {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 12;
    signed d : 11;
    unsigned e : 1;
};

static __attribute__((noinline)) uint32_t rotl(uint32_t x, unsigned s) { return (x << (s & 31)) | (x >> (-s & 31)); }
static __attribute__((noinline)) uint32_t field(uint32_t x, unsigned lo, unsigned w)
{
    return (x >> lo) & ((w >= 32) ? ~0u : ((1u << w) - 1));
}
static __attribute__((noinline)) int32_t sfield(uint32_t x) { return (int32_t)(x << 7) >> 20; }
static __attribute__((noinline)) uint32_t insert(uint32_t x, uint32_t v) { return (x & ~0x0007ff00u) | ((v & 0x7ff) << 8); }

int main(void)
{
    uint32_t h = 0;
    for (int i = 0; i < 5000; i++) {
        uint32_t x = xt_rand() >> (i % 32);
        uint64_t y = xt_rand64() >> (i % 64);
        uint32_t r[] = {x ? (uint32_t)__builtin_clz(x) : 32, x ? (uint32_t)__builtin_ctz(x) : 32,
                        (uint32_t)__builtin_popcount(x), (uint32_t)__builtin_parity(x),
                        __builtin_bswap32(x), (uint32_t)__builtin_bswap16((uint16_t)x),
                        rotl(x, i), field(x, i % 29, 1 + i % 17), (uint32_t)sfield(x), insert(x, i),
                        y ? (uint32_t)__builtin_clzll(y) : 64, y ? (uint32_t)__builtin_ctzll(y) : 64,
                        (uint32_t)__builtin_popcountll(y), (uint32_t)(__builtin_bswap64(y) >> 7),
                        (uint32_t)__builtin_ffs((int)x), (uint32_t)__builtin_clrsb((int32_t)x)};
        h = h * 31 + xt_fnv(r, sizeof r);
        if (i % 1000 == 0) {
            for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++)
                printf("%x ", r[k]);
            printf("\n");
        }
    }
    printf("hash %08x\n", h);
    struct bits b;
    memset(&b, 0, sizeof b);
    for (int i = 0; i < 40; i++) {
        b.a += 3;
        b.b -= 7;
        b.c = b.c * 5 + i;
        b.d = (b.d ^ (i * 97)) - 500;
        b.e = !b.e;
        if (i % 8 == 0)
            printf("bits a=%u b=%d c=%u d=%d e=%u\n", b.a, b.b, b.c, b.d, b.e);
    }
    CHECK(__builtin_popcount(0xffffffffu) == 32);
    CHECK(__builtin_bswap32(0x11223344) == 0x44332211);
    return xt_done();
}
