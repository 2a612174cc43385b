/* sha256 — SHA-256 of a generated buffer (rotates, 32-bit adds, big-endian
 * loads: byte-swap and shift heavy). Known-answer checks on "abc" and the
 * empty string, then the digest of N MiB (argument, default 1; the
 * benchmark passes a size that runs 1-3 s natively). */
/* XRUN-O3: yes */
#include <stdlib.h>
#include "sha256_k.h"
#include "xt.h"

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const uint8_t *m, size_t n, uint8_t out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
        block(h, m + i);
    uint8_t tail[128] = {0};
    size_t r = n - i;
    memcpy(tail, m + i, r);
    tail[r] = 0x80;
    size_t tl = r + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int k = 0; k < 8; k++)
        tail[tl - 1 - k] = (uint8_t)(bits >> (8 * k));
    block(h, tail);
    if (tl == 128)
        block(h, tail + 64);
    for (int k = 0; k < 8; k++)
        for (int j = 0; j < 4; j++)
            out[4 * k + j] = (uint8_t)(h[k] >> (24 - 8 * j));
}

static void print_digest(const char *what, const uint8_t d[32])
{
    printf("%s ", what);
    for (int i = 0; i < 32; i++)
        printf("%02x", d[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    uint8_t d[32];
    sha256((const uint8_t *)"abc", 3, d);
    print_digest("abc", d);
    CHECK(d[0] == 0xba && d[31] == 0xad);
    sha256((const uint8_t *)"", 0, d);
    print_digest("empty", d);
    CHECK(d[0] == 0xe3 && d[31] == 0x55);
    size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 1;
    size_t n = mib << 20;
    uint8_t *buf = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    sha256(buf, n, d);
    printf("%zu MiB ", mib);
    print_digest("buffer", d);
    sha256(buf + 1, 1000, d); /* unaligned start */
    print_digest("unaligned", d);
    free(buf);
    return xt_done();
}
