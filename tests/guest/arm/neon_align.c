/* neon_align — alignment hints of VLD1/VST1: a base that misses the hint
 * (":128" at +8, ":32" on a VLD1 to all lanes at +2) raises SIGBUS at the
 * insn; the same address without a hint, or one that meets it, does not.
 * ARM-only: compared with neon_align.ref (generated with qemu-arm). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

static sigjmp_buf jb;
static volatile int sig;
static uint8_t buf[64] __attribute__((aligned(32)));

static void handler(int s, siginfo_t *si, void *uc)
{
    sig = s;
    siglongjmp(jb, 1);
}

#define TRY(what, INSN, ofs)                                                   \
    do {                                                                       \
        uint8_t *p = buf + (ofs);                                              \
        if (!sigsetjmp(jb, 1)) {                                               \
            __asm__ volatile(INSN : : "r"(p) : "d0", "d1", "d2", "d3", "memory");         \
            printf("%s: ok\n", what);                                          \
        } else {                                                               \
            printf("%s: sig %d\n", what, sig);                                 \
        }                                                                      \
    } while (0)

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, 0);
    sigaction(SIGSEGV, &sa, 0);
    TRY("aligned128 at +8", "vld1.64 {d0,d1}, [%0:128]", 8);
    TRY("aligned128 at +16", "vld1.64 {d0,d1}, [%0:128]", 16);
    TRY("dup32 at +2", "vld1.32 {d0[]}, [%0:32]", 2);
    TRY("unhinted at +1", "vst1.8 {d0,d1}, [%0]", 1);
    TRY("vst4 lane :64 at +4", "vst4.16 {d0[1],d1[1],d2[1],d3[1]}, [%0:64]", 4);
    TRY("vst4 lane :64 at +8", "vst4.16 {d0[1],d1[1],d2[1],d3[1]}, [%0:64]", 8);
    printf("ok\n");
    return 0;
}
