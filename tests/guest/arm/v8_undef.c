/* v8_undef — on an ARMv7 core (-cpu cortex-a15) the ARMv8 AArch32
 * instructions are UNDEFINED: CRC32, LDA/STL, LDAEX, AES, SHA, VMULL.P64,
 * VRINT, VCVTA, VSEL and VMAXNM each raise SIGILL at the instruction, and
 * AT_HWCAP2 and /proc/cpuinfo advertise none of them.
 * XRUN-CPU: cortex-a15
 * XRUN-ARM-CFLAGS: -march=armv8-a+crc+crypto -mfpu=crypto-neon-fp-armv8
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <ucontext.h>
#include "xt.h"

static sigjmp_buf jb;
static volatile int got_sig;
static volatile uintptr_t got_pc;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_pc = uc->uc_mcontext.arm_pc;
    siglongjmp(jb, 1);
}

static uint32_t word = 1;

#define TRY(name, ...)                                                                    \
    do {                                                                                  \
        extern const char name##_site[];                                                  \
        got_sig = 0;                                                                      \
        if (sigsetjmp(jb, 1) == 0)                                                        \
            __asm__ volatile(".global " #name "_site\n" #name "_site: " __VA_ARGS__);           \
        printf("%-8s signal %d at the insn %d\n", #name, got_sig,                         \
               (got_pc & ~1u) == ((uintptr_t)name##_site & ~1u));                         \
        CHECK(got_sig == SIGILL);                                                         \
    } while (0)

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    uint32_t r = 0;
    uint32_t *p = &word;
    TRY(crc32w, "crc32w %0, %0, %0" : "+r"(r));
    TRY(crc32cb, "crc32cb %0, %0, %0" : "+r"(r));
    TRY(lda, "lda %0, [%1]" : "=r"(r) : "r"(p) : "memory");
    TRY(stl, "stl %0, [%1]" : : "r"(r), "r"(p) : "memory");
    TRY(ldaex, "ldaex %0, [%1]" : "=r"(r) : "r"(p) : "memory");
    TRY(aese, "aese.8 q0, q1" : : : "q0");
    TRY(sha1h, "sha1h.32 q0, q1" : : : "q0");
    TRY(sha256h, "sha256h.32 q0, q1, q2" : : : "q0");
    TRY(pmull, "vmull.p64 q0, d2, d3" : : : "q0");
    TRY(vrinta, "vrinta.f32 s0, s1" : : : "s0");
    TRY(vrintz, "vrintz.f64 d0, d1" : : : "d0");
    TRY(vcvta, "vcvta.s32.f32 s0, s1" : : : "s0");
    TRY(vsel, "vseleq.f32 s0, s1, s2" : : : "s0");
    TRY(vmaxnm, "vmaxnm.f32 q0, q1, q2" : : : "q0");
    printf("hwcap2 %08lx\n", getauxval(AT_HWCAP2));
    CHECK(getauxval(AT_HWCAP2) == 0);
    return xt_done();
}
