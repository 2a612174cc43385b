/* crc_a64 — the CRC32 instructions (ARMv8 CRC extension): CRC32B/H/W/X
 * (the ISO-HDLC polynomial 0x04c11db7, reflected) and CRC32CB/CH/CW/CX
 * (Castagnoli 0x1edc6f41), through the ACLE intrinsics. Known answers:
 * CRC-32 of "123456789" is cbf43926, CRC-32C is e3069283. Every width
 * must agree with a bitwise software CRC on random buffers at every
 * alignment, and the W forms read only the low 32 bits of their data
 * register. */
/* XRUN-AARCH64-CFLAGS: -march=armv8-a+crc */
#include <arm_acle.h>
#include "xt.h"

static uint32_t soft_crc(uint32_t crc, const uint8_t *p, size_t n, uint32_t poly_reflected)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ poly_reflected : crc >> 1;
    }
    return crc;
}

/* The buffer in 8-, 4-, 2- and 1-byte steps, whichever the length allows. */
static uint32_t hw_crc(uint32_t crc, const uint8_t *p, size_t n, int castagnoli)
{
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        crc = castagnoli ? __crc32cd(crc, v) : __crc32d(crc, v);
        p += 8, n -= 8;
    }
    if (n >= 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        crc = castagnoli ? __crc32cw(crc, v) : __crc32w(crc, v);
        p += 4, n -= 4;
    }
    if (n >= 2) {
        uint16_t v;
        memcpy(&v, p, 2);
        crc = castagnoli ? __crc32ch(crc, v) : __crc32h(crc, v);
        p += 2, n -= 2;
    }
    if (n)
        crc = castagnoli ? __crc32cb(crc, *p) : __crc32b(crc, *p);
    return crc;
}

int main(void)
{
    static const uint8_t check[] = "123456789";
    uint32_t c = ~hw_crc(~0u, check, 9, 0);
    uint32_t cc = ~hw_crc(~0u, check, 9, 1);
    printf("crc32 %08x crc32c %08x\n", c, cc);
    CHECK(c == 0xcbf43926);
    CHECK(cc == 0xe3069283);

    static uint8_t buf[300];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)xt_rand();
    uint32_t h = 0;
    for (size_t off = 0; off < 8; off++)
        for (size_t len = 0; len < 40; len += 3) {
            uint32_t a = hw_crc(0x12345678u + (uint32_t)len, buf + off, len, 0);
            uint32_t b = hw_crc(0x9abcdef0u ^ (uint32_t)off, buf + off, len, 1);
            CHECK(a == soft_crc(0x12345678u + (uint32_t)len, buf + off, len, 0xedb88320u));
            CHECK(b == soft_crc(0x9abcdef0u ^ (uint32_t)off, buf + off, len, 0x82f63b78u));
            h = h * 31 + a;
            h = h * 31 + b;
        }
    printf("random buffers hash %08x\n", h);

    /* W forms take a W register: upper bits of the source are ignored. */
    uint32_t w1, w2;
    uint64_t wide = 0xdeadbeef00c0ffeeull;
    __asm__("crc32w %w0, %w1, %w2" : "=r"(w1) : "r"(0u), "r"(wide));
    __asm__("crc32w %w0, %w1, %w2" : "=r"(w2) : "r"(0u), "r"(wide & 0xffffffffu));
    printf("crc32w of 00c0ffee: %08x %08x\n", w1, w2);
    CHECK(w1 == w2);
    uint32_t full = __crc32d(~0u, 0x0706050403020100ull);
    uint32_t split = __crc32w(__crc32w(~0u, 0x03020100u), 0x07060504u);
    printf("crc32x vs two crc32w: %08x %08x\n", full, split);
    CHECK(full == split);
    return xt_done();
}
