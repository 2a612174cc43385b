/* fpsr_thread_a64 — FPSR and FPCR across clone: a new thread starts with
 * the registers of the thread that created it, cumulative flags included
 * (Linux copies the FP/SIMD state at clone), and from then on each thread
 * raises and clears its own flags. The creator's IXC comes from an FDIV
 * that xrun runs inline with the flag still pending in the host. */
/* XRUN-LIBS: -lpthread */
#include <pthread.h>
#include "fpregs.h"
#include "xt.h"

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128, FLAGS = 0x9f };

static __attribute__((noinline)) double fdiv(double a, double b)
{
    double r;
    __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b));
    return r;
}

static uint64_t child_start, child_end, child_fpcr;

static void *child(void *arg)
{
    (void)arg;
    child_start = get_fpsr() & FLAGS;
    child_fpcr = get_fpcr();
    fdiv(1.0, 0.0); /* DZC, this thread only */
    child_end = get_fpsr() & FLAGS;
    set_fpsr(0);
    return NULL;
}

int main(void)
{
    set_fpsr(0);
    set_fpcr(0);
    volatile double third = fdiv(1.0, 3.0); /* IXC */
    (void)third;
    uint64_t before = get_fpsr() & FLAGS;
    pthread_t t;
    CHECK(pthread_create(&t, NULL, child, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    uint64_t after = get_fpsr() & FLAGS;
    printf("creator before %#llx after %#llx\n", (unsigned long long)before, (unsigned long long)after);
    printf("thread start %#llx end %#llx fpcr %#llx\n", (unsigned long long)child_start,
           (unsigned long long)child_end, (unsigned long long)child_fpcr);
    CHECK(before == IXC);
    CHECK(after == IXC);
    CHECK(child_start == IXC);
    CHECK(child_end == (IXC | DZC));
    return xt_done();
}
