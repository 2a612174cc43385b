/* unaligned_excl — exclusive loads need natural alignment whatever SCTLR.A
 * says, so a misaligned LDREX/LDREXH/LDREXD raises an alignment fault: the
 * guest gets SIGBUS with si_code BUS_ADRALN, si_addr the accessed address,
 * and the saved pc is the faulting insn itself. Aligned exclusives and
 * ordinary unaligned loads (allowed on ARMv7) still work. ARM-only inline
 * asm, hence the .ref file (checked against qemu-arm). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "xt.h"

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile uintptr_t got_pc;

extern const char ldrex_site[], ldrexh_site[], ldrexd_site[];

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_pc = uc->uc_mcontext.arm_pc;
    siglongjmp(jb, 1);
}

__attribute__((noinline)) static uint32_t do_ldrex(volatile void *p)
{
    uint32_t v;
    __asm__ volatile(".global ldrex_site\nldrex_site: ldrex %0, [%1]\n\tclrex"
                     : "=r"(v) : "r"(p) : "memory");
    return v;
}

__attribute__((noinline)) static uint32_t do_ldrexh(volatile void *p)
{
    uint32_t v;
    __asm__ volatile(".global ldrexh_site\nldrexh_site: ldrexh %0, [%1]\n\tclrex"
                     : "=r"(v) : "r"(p) : "memory");
    return v;
}

__attribute__((noinline)) static uint64_t do_ldrexd(volatile void *p)
{
    uint64_t v;
    __asm__ volatile(".global ldrexd_site\nldrexd_site: ldrexd %0, %H0, [%1]\n\tclrex"
                     : "=&r"(v) : "r"(p) : "memory");
    return v;
}

static void report(const char *what, void *addr, const char *site)
{
    printf("%s: sig=%s code=%s addr_match=%d pc_match=%d\n", what,
           got_sig == SIGBUS ? "SIGBUS" : got_sig ? "other" : "none",
           got_code == BUS_ADRALN ? "BUS_ADRALN" : "other", got_addr == addr,
           (got_pc & ~(uintptr_t)1) == ((uintptr_t)site & ~(uintptr_t)1));
}

#define TRY(what, call, addr, site)                                                            \
    do {                                                                                       \
        got_sig = 0;                                                                           \
        if (sigsetjmp(jb, 1) == 0) {                                                           \
            unsigned long long v_ = (call);                                                    \
            printf("%s: no fault (%#llx)\n", what, v_);                                        \
        } else {                                                                               \
            report(what, (void *)(addr), site);                                                \
        }                                                                                      \
    } while (0)

static uint8_t buf[32] __attribute__((aligned(16)));

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
    for (int i = 0; i < 32; i++)
        buf[i] = (uint8_t)(0x10 + i);

    TRY("ldrex +0", do_ldrex(buf), buf, ldrex_site);
    TRY("ldrex +1", do_ldrex(buf + 1), buf + 1, ldrex_site);
    TRY("ldrex +2", do_ldrex(buf + 2), buf + 2, ldrex_site);
    TRY("ldrex +3", do_ldrex(buf + 3), buf + 3, ldrex_site);
    TRY("ldrexh +2", do_ldrexh(buf + 2), buf + 2, ldrexh_site);
    TRY("ldrexh +1", do_ldrexh(buf + 1), buf + 1, ldrexh_site);
    TRY("ldrexd +8", do_ldrexd(buf + 8), buf + 8, ldrexd_site);
    TRY("ldrexd +4", do_ldrexd(buf + 4), buf + 4, ldrexd_site);
    /* A plain unaligned word load is fine on ARMv7 (SCTLR.A clear). */
    volatile uint32_t *q = (volatile uint32_t *)(buf + 1);
    printf("ldr +1: %#x\n", (unsigned)*q);
    /* The fault left the process healthy: exclusives still work. */
    TRY("ldrex +4 after faults", do_ldrex(buf + 4), buf + 4, ldrex_site);
    return 0;
}
