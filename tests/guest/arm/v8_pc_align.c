/* v8_pc_align — a branch in ARM state to an address with bits 1:0 = 10
 * (bit 0 clear keeps ARM state) takes a PC alignment fault, as on ARMv8:
 * SIGBUS with si_code BUS_ADRALN, si_addr and the saved pc both the
 * misaligned address.  Reached through BX, a POP of pc and a MOV to pc.
 * The handler then resumes at a valid address.
 * XRUN-CPU: max
 * XRUN-ARM-CFLAGS: -march=armv8-a
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "xt.h"

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc, got_cpsr;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = uc->uc_mcontext.arm_pc;
    got_cpsr = uc->uc_mcontext.arm_cpsr;
    siglongjmp(jb, 1);
}

/* An ARM-state landing pad whose address + 2 is the misaligned target. */
__attribute__((target("arm"), noinline, aligned(8))) static void pad(void)
{
    __asm__ volatile("nop\n\tnop\n\tnop");
}

__attribute__((target("arm"), noinline)) static void via_bx(uintptr_t t)
{
    __asm__ volatile("bx %0" : : "r"(t));
}

__attribute__((target("arm"), noinline)) static void via_pop(uintptr_t t)
{
    __asm__ volatile("push {%0}\n\tpop {pc}" : : "r"(t) : "memory");
}

__attribute__((target("arm"), noinline)) static void via_mov(uintptr_t t)
{
    __asm__ volatile("mov pc, %0" : : "r"(t));
}

static void try(const char *how, void (*fn)(uintptr_t), uintptr_t target)
{
    got_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        fn(target);
        printf("%s: returned without a signal\n", how);
    }
    printf("%s: signal %d code %d addr=target %d pc=target %d thumb %d\n", how, got_sig, got_code,
           got_addr == target, got_pc == target, (int)(got_cpsr >> 5 & 1));
    CHECK(got_sig == SIGBUS && got_code == BUS_ADRALN);
    CHECK(got_addr == target && got_pc == target);
}

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    uintptr_t target = ((uintptr_t)pad & ~(uintptr_t)3) + 2;
    try("bx", via_bx, target);
    try("pop pc", via_pop, target);
    try("mov pc", via_mov, target);
    return xt_done();
}
