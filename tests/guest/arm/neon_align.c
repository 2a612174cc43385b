/* neon_align — alignment hints of VLD1/VST1: a base that misses the hint
 * (":128" at +8, ":32" on a VLD1 to all lanes at +2) raises SIGBUS at the
 * insn; the same address without a hint, or one that meets it, does not.
 * ARM-only: compared with neon_align.ref (generated with qemu-arm). */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdint.h>
static sigjmp_buf jb; static volatile int sig;
static void h(int s, siginfo_t *si, void *u){ sig = s; siglongjmp(jb, 1); }
static uint8_t buf[64] __attribute__((aligned(32)));
int main(void){ struct sigaction sa = {0}; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigaction(SIGBUS, &sa, 0); sigaction(SIGSEGV, &sa, 0);
 uint8_t *p;
 p = buf + 8; if (!sigsetjmp(jb, 1)) { __asm__ volatile("vld1.64 {d0,d1}, [%0:128]" :: "r"(p) : "d0","d1"); printf("aligned128 at +8: ok\n"); } else printf("aligned128 at +8: sig %d\n", sig);
 p = buf + 16; if (!sigsetjmp(jb, 1)) { __asm__ volatile("vld1.64 {d0,d1}, [%0:128]" :: "r"(p) : "d0","d1"); printf("aligned128 at +16: ok\n"); } else printf("aligned128 at +16: sig %d\n", sig);
 p = buf + 2; if (!sigsetjmp(jb, 1)) { __asm__ volatile("vld1.32 {d0[]}, [%0:32]" :: "r"(p) : "d0"); printf("dup32 at +2: ok\n"); } else printf("dup32 at +2: sig %d\n", sig);
 p = buf + 1; if (!sigsetjmp(jb, 1)) { __asm__ volatile("vst1.8 {d0,d1}, [%0]" :: "r"(p) : "memory"); printf("unhinted at +1: ok\n"); } else printf("unhinted at +1: sig %d\n", sig);
 return 0; }
