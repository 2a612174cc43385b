/* v8_neon_fp16_undef — on an ARMv8.0 core (-cpu cortex-a53) the ARMv8.2
 * Advanced SIMD .F16 instructions are UNDEFINED: each raises SIGILL at the
 * instruction, and AT_HWCAP advertises neither fphp nor asimdhp.  The .ref
 * is written by hand: qemu-arm 7.2 has no AArch32 cortex-a53 model.
 * XRUN-CPU: cortex-a53
 * XRUN-XFAIL-QEMU: qemu-arm 7.2 has no cortex-a53 model for arm
 * XRUN-ARM-CFLAGS: -march=armv8.2-a+fp16 -mfpu=neon-fp-armv8
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <ucontext.h>
#include "xt.h"

#define HWCAP_FPHP (1u << 22)
#define HWCAP_ASIMDHP (1u << 23)

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

#define TRY(name, ...)                                                                             \
    do {                                                                                           \
        extern const char name##_site[];                                                           \
        got_sig = 0;                                                                               \
        if (sigsetjmp(jb, 1) == 0)                                                                 \
            __asm__ volatile(".global " #name "_site\n" #name "_site: " __VA_ARGS__);              \
        printf("%-8s signal %d at the insn %d\n", #name, got_sig,                                  \
               (got_pc & ~1u) == ((uintptr_t)name##_site & ~1u));                                  \
        CHECK(got_sig == SIGILL);                                                                  \
    } while (0)

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    TRY(vadd, "vadd.f16 q0, q1, q2" : : : "q0");
    TRY(vfma, "vfma.f16 d0, d1, d2" : : : "d0");
    TRY(vpadd, "vpadd.f16 d0, d1, d2" : : : "d0");
    TRY(vcge0, "vcge.f16 q0, q1, #0" : : : "q0");
    TRY(vrecpe, "vrecpe.f16 q0, q1" : : : "q0");
    TRY(vcvt, "vcvt.s16.f16 q0, q1" : : : "q0");
    TRY(vcvtfix, "vcvt.f16.u16 d0, d1, #4" : : : "d0");
    TRY(vcvta, "vcvta.s16.f16 q0, q1" : : : "q0");
    TRY(vrintx, "vrintx.f16 q0, q1" : : : "q0");
    TRY(vmaxnm, "vmaxnm.f16 q0, q1, q2" : : : "q0");
    TRY(vmulsc, "vmul.f16 q0, q1, d2[3]" : : : "q0");
    unsigned long hw = getauxval(AT_HWCAP);
    printf("hwcap fphp %d asimdhp %d\n", (hw & HWCAP_FPHP) != 0, (hw & HWCAP_ASIMDHP) != 0);
    CHECK((hw & (HWCAP_FPHP | HWCAP_ASIMDHP)) == 0);
    return xt_done();
}
