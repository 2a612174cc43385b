/* sig_ill — an undefined instruction raises SIGILL at its own address: UDF
 * on ARM (the permanently undefined encoding, 0xe7f000f0 / 0xde00 in
 * Thumb; 0x00000000 in A64), UD2 on x86. The handler records si_addr and the signal, then
 * skips the instruction by siglongjmp. Also: SIGTRAP-free execution after
 * recovery, and SIGILL raised by kill() (SI_USER). */
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>
#include "xt.h"

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
extern char udf_site[];

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    siglongjmp(jb, 1);
}

static __attribute__((noinline)) void undefined_insn(void)
{
#if defined(__arm__) || defined(__aarch64__)
    __asm__ volatile(".globl udf_site\nudf_site:\n\tudf #0" ::: "memory");
#elif defined(__x86_64__) || defined(__i386__)
    __asm__ volatile(".globl udf_site\nudf_site:\n\tud2" ::: "memory");
#else
#error "no undefined instruction for this host"
#endif
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGILL, &sa, NULL) == 0);
    for (int i = 0; i < 3; i++) {
        got_sig = 0;
        if (sigsetjmp(jb, 1) == 0) {
            undefined_insn();
            printf("no SIGILL\n");
        } else {
            printf("caught %s, si_addr at the insn: %d, kernel code: %d\n",
                   got_sig == SIGILL ? "SIGILL" : "?", got_addr == (void *)udf_site,
                   got_code > 0);
        }
    }
    if (sigsetjmp(jb, 1) == 0) {
        kill(getpid(), SIGILL);
        printf("kill returned without signal\n");
    } else {
        printf("kill: caught %s code SI_USER: %d\n", got_sig == SIGILL ? "SIGILL" : "?",
               got_code == SI_USER);
    }
    return xt_done();
}
