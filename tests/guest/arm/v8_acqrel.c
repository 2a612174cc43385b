/* v8_acqrel — ARMv8 load-acquire / store-release: LDA/LDAB/LDAH,
 * STL/STLB/STLH, LDAEX/STLEX in every size (the same monitor as
 * LDREX/STREX: a plain LDREX pairs with STLEX, a CLREX breaks the pair),
 * a two-thread message-passing check, and SIGBUS on a misaligned LDA.
 * XRUN-CPU: max
 * XRUN-ARM-CFLAGS: -march=armv8-a
 * XRUN-LIBS: -lpthread
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include "xt.h"

static uint32_t lda(const volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("lda %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static uint32_t ldab(const volatile uint8_t *p)
{
    uint32_t v;
    __asm__ volatile("ldab %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static uint32_t ldah(const volatile uint16_t *p)
{
    uint32_t v;
    __asm__ volatile("ldah %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void stl(volatile uint32_t *p, uint32_t v) { __asm__ volatile("stl %0, [%1]" : : "r"(v), "r"(p) : "memory"); }
static void stlb(volatile uint8_t *p, uint32_t v) { __asm__ volatile("stlb %0, [%1]" : : "r"(v), "r"(p) : "memory"); }
static void stlh(volatile uint16_t *p, uint32_t v) { __asm__ volatile("stlh %0, [%1]" : : "r"(v), "r"(p) : "memory"); }

/* One LDAEX/STLEX attempt of each size: returns the status of the store. */
static uint32_t xadd32(volatile uint32_t *p, uint32_t add, uint32_t *old)
{
    uint32_t v, st;
    __asm__ volatile("ldaex %0, [%2]\n\tadd %0, %0, %3\n\tstlex %1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(p), "r"(add) : "memory");
    *old = v - add;
    return st;
}

static uint32_t xadd8(volatile uint8_t *p, uint32_t add)
{
    uint32_t v, st;
    __asm__ volatile("ldaexb %0, [%2]\n\tadd %0, %0, %3\n\tstlexb %1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(p), "r"(add) : "memory");
    return st;
}

static uint32_t xadd16(volatile uint16_t *p, uint32_t add)
{
    uint32_t v, st;
    __asm__ volatile("ldaexh %0, [%2]\n\tadd %0, %0, %3\n\tstlexh %1, %0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(p), "r"(add) : "memory");
    return st;
}

static uint32_t xadd64(volatile uint64_t *p, uint64_t add)
{
    uint64_t v;
    uint32_t st;
    __asm__ volatile("ldaexd %0, %H0, [%2]\n\tadds %Q0, %Q0, %Q3\n\tadc %R0, %R0, %R3\n\t"
                     "stlexd %1, %0, %H0, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(p), "r"(add) : "memory", "cc");
    return st;
}

/* LDREX then STLEX: the same monitor. With CLREX between them, the store fails. */
static uint32_t mixed(volatile uint32_t *p, uint32_t nv, int clear)
{
    uint32_t v, st;
    if (clear)
        __asm__ volatile("ldrex %0, [%2]\n\tclrex\n\tstlex %1, %3, [%2]"
                         : "=&r"(v), "=&r"(st) : "r"(p), "r"(nv) : "memory");
    else
        __asm__ volatile("ldrex %0, [%2]\n\tstlex %1, %3, [%2]"
                         : "=&r"(v), "=&r"(st) : "r"(p), "r"(nv) : "memory");
    return st;
}

#define ROUNDS 20000
static volatile uint32_t data[4], flag;
static int bad_reads;

static void *producer(void *arg)
{
    for (uint32_t i = 1; i <= ROUNDS; i++) {
        while (lda(&flag) != 0)
            ;
        for (int k = 0; k < 4; k++)
            data[k] = i * (k + 1);
        stl(&flag, i);
    }
    return arg;
}

static sigjmp_buf jb;
static volatile int got_sig, got_code;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    got_sig = sig;
    got_code = si->si_code;
    siglongjmp(jb, 1);
}

int main(void)
{
    static volatile uint32_t w = 0x11223344u;
    static volatile uint16_t hw = 0xbeef;
    static volatile uint8_t b = 0x7f;
    static volatile uint64_t dw __attribute__((aligned(8))) = 0xffffffffull;

    printf("lda %08x ldah %04x ldab %02x\n", lda(&w), ldah(&hw), ldab(&b));
    stl(&w, 0xcafef00du);
    stlh(&hw, 0x12345);  /* only the low halfword is stored */
    stlb(&b, 0x1ff);
    printf("after stl: %08x %04x %02x\n", w, hw, b);
    CHECK(w == 0xcafef00du && hw == 0x2345 && b == 0xff);

    uint32_t old, fails = 0;
    for (int i = 0; i < 100; i++) {
        fails += xadd32(&w, 3, &old);
        fails += xadd8(&b, 1);
        fails += xadd16(&hw, 0x101);
        fails += xadd64(&dw, 1);
    }
    printf("exclusive adds: %08x %04x %02x %016llx (failed stores %u)\n", w, hw, b,
           (unsigned long long)dw, fails);
    CHECK(w == 0xcafef00du + 300 && b == (uint8_t)(0xff + 100) && hw == (uint16_t)(0x2345 + 0x101 * 100));
    CHECK(dw == 0xffffffffull + 100);
    w = 5;
    uint32_t st1 = mixed(&w, 6, 0);
    uint32_t st2 = mixed(&w, 7, 1);
    printf("ldrex+stlex status %u value %u; with clrex status %u value %u\n", st1, 6u, st2, w);
    CHECK(st1 == 0 && st2 == 1 && w == 6);

    pthread_t th;
    pthread_create(&th, NULL, producer, NULL);
    for (uint32_t i = 1; i <= ROUNDS; i++) {
        uint32_t f;
        while ((f = lda(&flag)) == 0)
            ;
        for (int k = 0; k < 4; k++)
            if (data[k] != f * (k + 1))
                bad_reads++;
        stl(&flag, 0);
    }
    pthread_join(th, NULL);
    printf("message passing: %d rounds, %d bad reads\n", ROUNDS, bad_reads);
    CHECK(bad_reads == 0);

    struct sigaction sa = {0};
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    static uint32_t buf[2];
    if (sigsetjmp(jb, 1) == 0) {
        lda((volatile uint32_t *)((char *)buf + 2));
        printf("misaligned lda: no signal\n");
    } else {
        printf("misaligned lda: signal %d code %d\n", got_sig, got_code);
    }
    CHECK(got_sig == SIGBUS && got_code == BUS_ADRALN);
    return xt_done();
}
