/*
 * Helpers called from A64 generated code: the bit operations the IR has
 * no op for (RBIT, CLS), CRC32/CRC32C, the 128-bit compare-and-swap of
 * CASP and STXP, and the virtual counter.
 */
#include <stdbool.h>
#include <time.h>

#include "frontends/arm/a64-translate.h"
#include "xrun/guest.h"

uint64_t helper_a64_rbit(uint64_t x)
{
    /* Swap ever larger groups: bits, pairs, nibbles, then the bytes. */
    x = (x >> 1 & 0x5555555555555555ull) | (x & 0x5555555555555555ull) << 1;
    x = (x >> 2 & 0x3333333333333333ull) | (x & 0x3333333333333333ull) << 2;
    x = (x >> 4 & 0x0f0f0f0f0f0f0f0full) | (x & 0x0f0f0f0f0f0f0f0full) << 4;
    return __builtin_bswap64(x);
}

/* Leading sign bits: the bits below the top one that equal it. */
uint64_t helper_a64_cls(uint64_t x, uint32_t sf)
{
    if (!sf) {
        x = (uint64_t)(int64_t)(int32_t)(uint32_t)x;
    }
    /* Bit i of z (i < 63) says whether bits i and i + 1 differ; bit 63
     * is 0. A W value, sign-extended, has 32 more equal bits. */
    uint64_t z = x ^ (uint64_t)((int64_t)x >> 1);
    uint64_t n = z ? (uint64_t)__builtin_clzll(z) - 1 : 63;
    return sf ? n : n - 32;
}

/* The reflected polynomials: CRC-32 (ISO-HDLC) and CRC-32C (Castagnoli). */
#define A64_CRC32_POLY 0xedb88320u
#define A64_CRC32C_POLY 0x82f63b78u

uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes, uint32_t castagnoli)
{
    uint32_t poly = castagnoli ? A64_CRC32C_POLY : A64_CRC32_POLY;
    uint32_t crc = (uint32_t)acc;
    for (uint32_t i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(val >> (8 * i));
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (poly & -(crc & 1));
        }
    }
    return crc;
}

uint64_t helper_a64_cmpxchg128(void *env, uint64_t addr, uint64_t cmp_lo, uint64_t cmp_hi, uint64_t new_lo,
                               uint64_t new_hi)
{
    CPUA64State *e = env;
    unsigned __int128 *p = g2h(addr);
    unsigned __int128 expected = (unsigned __int128)cmp_hi << 64 | cmp_lo;
    unsigned __int128 desired = (unsigned __int128)new_hi << 64 | new_lo;
    bool ok;
#if defined(__x86_64__)
    /* cmpxchg16b: rdx:rax is the expected value, rcx:rbx the new one. */
    uint64_t lo = cmp_lo, hi = cmp_hi;
    __asm__ volatile("lock cmpxchg16b %2"
                     : "+a"(lo), "+d"(hi), "+m"(*p), "=@ccz"(ok)
                     : "b"(new_lo), "c"(new_hi)
                     : "memory");
    expected = (unsigned __int128)hi << 64 | lo;
#else
    ok = __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
#endif
    (void)desired;
    e->cas_old[0] = (uint64_t)expected;
    e->cas_old[1] = (uint64_t)(expected >> 64);
    return ok;
}

uint64_t helper_a64_cntvct(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * A64_CNTFRQ + (uint64_t)ts.tv_nsec * (A64_CNTFRQ / 1000000u) / 1000u;
}
