/* sig_trap_asm — BKPT raises SIGTRAP at its own address, in ARM and Thumb
 * code alike; the handler sees si_addr == the breakpoint and recovers with
 * siglongjmp. ARM-only (the .ref was made with qemu-arm). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static volatile int got_sig;
static void *volatile got_addr;
extern char bkpt_site[];

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_addr = si->si_addr;
    siglongjmp(jb, 1);
}

static __attribute__((noinline)) void breakpoint(void)
{
    __asm__ volatile(".globl bkpt_site\nbkpt_site:\n\tbkpt #0x12" ::: "memory");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        got_sig = 0;
        if (sigsetjmp(jb, 1) == 0) {
            breakpoint();
            printf("round %d: no trap\n", i);
        } else {
            /* bit 0 of the symbol is the Thumb bit, not part of the address */
            int same = ((unsigned long)got_addr & ~1ul) == ((unsigned long)bkpt_site & ~1ul);
            printf("round %d: signal %d (SIGTRAP=%d) at the bkpt: %s\n", i, got_sig, SIGTRAP,
                   same ? "yes" : "no");
        }
    }
    return 0;
}
