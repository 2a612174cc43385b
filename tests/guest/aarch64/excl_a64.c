/* excl_a64 — A64 exclusives: LDXR/STXR on bytes, halfwords, words and
 * doublewords (the status register is 0 on success), LDXP/STXP on a
 * 16-byte pair, LDAXR/STLXR, a STXR after CLREX (the monitor is open: the
 * store must fail, write 1 and leave memory alone), a fetch-and-add retry
 * loop, and two threads incrementing one counter through exclusives (no
 * update may be lost). */
/* XRUN-LIBS: -lpthread */
#include "race.h"

static uint8_t b8 = 0xfe;
static uint16_t h16 = 0x7fff;
static uint32_t w32 = 0xfffffffe;
static uint64_t x64 = 0x7fffffffffffffff;
static uint64_t pair[2] __attribute__((aligned(16))) = {0x1111111111111111, 0x2222222222222222};

#define EXCL_INC(name, T, ldsfx, reg)                                                         \
    static uint64_t name(T *p, unsigned *status)                                              \
    {                                                                                         \
        uint64_t old, tmp;                                                                    \
        unsigned st;                                                                          \
        __asm__ volatile("ldxr" ldsfx " %" reg "0, [%3]\n\t"                                  \
                         "add %" reg "1, %" reg "0, #3\n\t"                                   \
                         "stxr" ldsfx " %w2, %" reg "1, [%3]"                                 \
                         : "=&r"(old), "=&r"(tmp), "=&r"(st)                                  \
                         : "r"(p)                                                             \
                         : "memory");                                                         \
        *status = st;                                                                         \
        return old;                                                                           \
    }
EXCL_INC(inc8, uint8_t, "b", "w")
EXCL_INC(inc16, uint16_t, "h", "w")
EXCL_INC(inc32, uint32_t, "", "w")
EXCL_INC(inc64, uint64_t, "", "x")

static uint64_t fetch_add(void *p, uint64_t v)
{
    uint64_t old, tmp;
    unsigned st;
    __asm__ volatile("1:\tldaxr %0, [%3]\n\t"
                     "add %1, %0, %4\n\t"
                     "stlxr %w2, %1, [%3]\n\t"
                     "cbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(st)
                     : "r"(p), "r"(v)
                     : "memory");
    return old;
}

int main(void)
{
    unsigned st;
    uint64_t old;

    /* The result wraps at the access size. A STXR may fail spuriously
     * (the architecture allows it; nothing was stored then): retry. */
#define RETRY(stmt)                         \
    for (int k_ = 0; k_ < 100; k_++) {     \
        stmt;                               \
        if (st == 0)                        \
            break;                          \
    }
    RETRY(old = inc8(&b8, &st));
    printf("byte: old %llx new %x status %u\n", (unsigned long long)old, b8, st);
    CHECK(st == 0 && b8 == 0x01);
    RETRY(old = inc16(&h16, &st));
    printf("half: old %llx new %x status %u\n", (unsigned long long)old, h16, st);
    CHECK(st == 0 && h16 == 0x8002);
    RETRY(old = inc32(&w32, &st));
    printf("word: old %llx new %x status %u\n", (unsigned long long)old, w32, st);
    CHECK(st == 0 && w32 == 1);
    RETRY(old = inc64(&x64, &st));
    printf("dword: old %llx new %llx status %u\n", (unsigned long long)old,
           (unsigned long long)x64, st);
    CHECK(st == 0 && x64 == 0x8000000000000002);

    /* CLREX opens the monitor: the store fails and memory is unchanged. */
    uint64_t lo, hi, v = 0x5a5a;
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
                     : "=&r"(old), "=&r"(st)
                     : "r"(&x64), "r"(v)
                     : "memory");
    printf("after clrex: status %u value %llx\n", st, (unsigned long long)x64);
    CHECK(st == 1 && x64 == 0x8000000000000002);

    /* A pair: both halves loaded and stored as one. */
    RETRY(__asm__ volatile("ldxp %0, %1, [%3]\n\t"
                           "stxp %w2, %1, %0, [%3]"
                           : "=&r"(lo), "=&r"(hi), "=&r"(st)
                           : "r"(pair)
                           : "memory"));
    printf("pair: loaded %llx %llx status %u now %llx %llx\n", (unsigned long long)lo,
           (unsigned long long)hi, st, (unsigned long long)pair[0], (unsigned long long)pair[1]);
    CHECK(st == 0 && pair[0] == 0x2222222222222222 && pair[1] == 0x1111111111111111);
    pair[0] = 0x4444444433333333;
    RETRY(__asm__ volatile("ldaxp %w0, %w1, [%3]\n\t"
                           "stlxp %w2, %w1, %w0, [%3]"
                           : "=&r"(lo), "=&r"(hi), "=&r"(st)
                           : "r"(pair)
                           : "memory"));
    printf("pair w: loaded %llx %llx status %u now %llx\n", (unsigned long long)lo,
           (unsigned long long)hi, st, (unsigned long long)pair[0]);
    CHECK(st == 0 && pair[0] == 0x3333333344444444);

    /* Two threads: every increment lands. */
    race_check(fetch_add);
    return xt_done();
}
