/* fpsr_signal_a64 — FPSR through a signal: the fpsimd_context record of
 * the signal frame holds the cumulative flags the interrupted code raised
 * (IXC from an inexact FADD, DZC from 1/0, OFC from an overflowing FMUL),
 * FP work in the handler does not leak into the interrupted context, and
 * the FPSR written into the frame is the one sigreturn restores. */
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include "xt.h"

#define FPSIMD_MAGIC_A64 0x46508001u
enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static void set_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" : : "r"(v)); }

static __attribute__((noinline)) double fadd(double a, double b)
{
    double r;
    __asm__ volatile("fadd %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b));
    return r;
}
static __attribute__((noinline)) double fdiv(double a, double b)
{
    double r;
    __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b));
    return r;
}
static __attribute__((noinline)) float fmuls(float a, float b)
{
    float r;
    __asm__ volatile("fmul %s0, %s1, %s2" : "=w"(r) : "w"(a), "w"(b));
    return r;
}

/* The FPSR field of the frame's fpsimd_context record, or NULL. */
static uint32_t *frame_fpsr(ucontext_t *uc)
{
    unsigned char *p = (unsigned char *)uc->uc_mcontext.__reserved;
    for (;;) {
        uint32_t magic, size;
        memcpy(&magic, p, 4);
        memcpy(&size, p + 4, 4);
        if (magic == FPSIMD_MAGIC_A64) {
            return (uint32_t *)(p + 8); /* fpsr, then fpcr */
        }
        if (magic == 0 || size == 0) {
            return NULL;
        }
        p += size;
    }
}

static volatile uint32_t seen_fpsr, handler_fpsr;
static volatile int phase;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    uint32_t *f = frame_fpsr(ctx);
    seen_fpsr = f ? *f : 0xffffffffu;
    /* Work of the handler's own: its flags must not reach the
     * interrupted code, whose FPSR comes back from the frame. */
    set_fpsr(0);
    volatile double r = fdiv(0.0, 0.0); /* IOC */
    (void)r;
    handler_fpsr = (uint32_t)get_fpsr();
    if (f && phase == 1) {
        *f = OFC | UFC; /* what sigreturn must restore */
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);

    set_fpsr(0);
    volatile double x = fadd(1.0, 0x1p-60); /* inexact */
    volatile double y = fdiv(1.0, 0.0);      /* divide by zero */
    (void)x;
    (void)y;
    phase = 0;
    raise(SIGUSR1);
    uint32_t after = (uint32_t)get_fpsr();
    printf("frame fpsr %02x, handler fpsr %02x, after return %02x\n", seen_fpsr & 0x9f, handler_fpsr & 0x9f,
           after & 0x9f);
    CHECK((seen_fpsr & 0x9f) == (IXC | DZC));
    CHECK((handler_fpsr & 0x9f) == IOC);
    CHECK((after & 0x9f) == (IXC | DZC));

    set_fpsr(0);
    volatile float z = fmuls(0x1p100f, 0x1p100f); /* overflow: OFC and IXC */
    (void)z;
    phase = 1;
    raise(SIGUSR1);
    after = (uint32_t)get_fpsr();
    printf("frame fpsr %02x, after return %02x (the frame was rewritten)\n", seen_fpsr & 0x9f, after & 0x9f);
    CHECK((seen_fpsr & 0x9f) == (OFC | IXC));
    CHECK((after & 0x9f) == (OFC | UFC));
    return xt_done();
}
