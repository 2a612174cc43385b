/* v8_crc — the ARMv8 CRC32 extension: CRC32B/H/W and CRC32CB/H/W in ARM and
 * Thumb, against the check values of the two polynomials (CRC-32 and
 * CRC-32C of "123456789") and a table-driven reference, plus AT_HWCAP2.
 * XRUN-CPU: max
 * XRUN-ARM-CFLAGS: -march=armv8-a+crc -mfpu=crypto-neon-fp-armv8
 */
#include <arm_acle.h>
#include <sys/auxv.h>
#include "xt.h"

#define HWCAP2_CRC32 (1u << 4)

static uint32_t ref_crc(uint32_t poly, uint32_t acc, uint32_t val, int bytes)
{
    for (int i = 0; i < bytes * 8; i++, val >>= 1) {
        acc ^= val & 1;
        acc = (acc >> 1) ^ (poly & -(acc & 1));
    }
    return acc;
}

static uint32_t crc_string(const char *p, int castagnoli, int width)
{
    uint32_t c = ~0u;
    size_t n = strlen(p), i = 0;
    for (; width >= 4 && i + 4 <= n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        c = castagnoli ? __crc32cw(c, w) : __crc32w(c, w);
    }
    for (; width >= 2 && i + 2 <= n; i += 2) {
        uint16_t h;
        memcpy(&h, p + i, 2);
        c = castagnoli ? __crc32ch(c, h) : __crc32h(c, h);
    }
    for (; i < n; i++)
        c = castagnoli ? __crc32cb(c, (uint8_t)p[i]) : __crc32b(c, (uint8_t)p[i]);
    return ~c;
}

/* The operand is a full register: B and H must use only its low bits. */
__attribute__((noinline)) static uint32_t crc32b_dirty(uint32_t acc, uint32_t v)
{
    uint32_t r;
    __asm__ volatile("crc32b %0, %1, %2" : "=r"(r) : "r"(acc), "r"(v));
    return r;
}

__attribute__((noinline)) static uint32_t crc32ch_dirty(uint32_t acc, uint32_t v)
{
    uint32_t r;
    __asm__ volatile("crc32ch %0, %1, %2" : "=r"(r) : "r"(acc), "r"(v));
    return r;
}

int main(void)
{
    printf("hwcap2 crc32: %d\n", (getauxval(AT_HWCAP2) & HWCAP2_CRC32) != 0);
    for (int w = 1; w <= 4; w *= 2) {
        uint32_t c = crc_string("123456789", 0, w), cc = crc_string("123456789", 1, w);
        printf("width %d: crc32 %08x crc32c %08x\n", w, c, cc);
        CHECK(c == 0xcbf43926u);
        CHECK(cc == 0xe3069283u);
    }
    uint32_t h = 0;
    for (int i = 0; i < 200; i++) {
        uint32_t acc = xt_rand(), v = xt_rand();
        uint32_t r[6] = {__crc32b(acc, (uint8_t)v), __crc32h(acc, (uint16_t)v), __crc32w(acc, v),
                         __crc32cb(acc, (uint8_t)v), __crc32ch(acc, (uint16_t)v), __crc32cw(acc, v)};
        for (int k = 0; k < 6; k++) {
            uint32_t poly = k < 3 ? 0xedb88320u : 0x82f63b78u;
            CHECK(r[k] == ref_crc(poly, acc, v, 1 << (k % 3)));
        }
        h = xt_fnv(r, sizeof(r)) ^ (h * 31);
    }
    printf("random hash %08x\n", h);
    CHECK(crc32b_dirty(0x12345678u, 0xffffff41u) == ref_crc(0xedb88320u, 0x12345678u, 0x41, 1));
    CHECK(crc32ch_dirty(0x9abcdef0u, 0xdead1234u) == ref_crc(0x82f63b78u, 0x9abcdef0u, 0x1234, 2));
    printf("dirty %08x %08x\n", crc32b_dirty(0x12345678u, 0xffffff41u), crc32ch_dirty(0x9abcdef0u, 0xdead1234u));
    return xt_done();
}
