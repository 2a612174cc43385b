/*
 * The AArch64 Linux signal frame, as the guest sees it in memory.
 *
 * These mirror the kernel's arch/arm64 layouts (and glibc's ucontext_t):
 *
 *   rt_sigframe                          sigcontext (uc_mcontext)
 *   +0     siginfo (128)                 +0    fault_address
 *   +128   ucontext (4560)               +8    regs[31]
 *   size 4688, then a frame record       +256  sp, pc, pstate
 *   {fp, lr} just above it               +288  __reserved[4096]: records,
 *                                              fpsimd_context first,
 *   ucontext: uc_flags, uc_link,               then a {0, 0} terminator
 *   uc_stack (24) at +16, uc_sigmask at
 *   +40, uc_mcontext at +176 (16-aligned)
 */
#ifndef XRUN_LINUX_USER_AARCH64_SIGFRAME_H
#define XRUN_LINUX_USER_AARCH64_SIGFRAME_H

#include <stdint.h>

#define A64_FPSIMD_MAGIC 0x46508001u

typedef struct A64Sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    uint8_t reserved[4096] __attribute__((aligned(16)));
} A64Sigcontext;

typedef struct A64Stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    uint32_t pad;
    uint64_t ss_size;
} A64Stack;

typedef struct A64Ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    A64Stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[120];            /* room for glibc's 1024-bit sigset_t */
    A64Sigcontext uc_mcontext __attribute__((aligned(16)));
} A64Ucontext;

/* The first record of __reserved: FP/SIMD state (struct fpsimd_context). */
typedef struct A64FpsimdContext {
    uint32_t magic;                 /* A64_FPSIMD_MAGIC */
    uint32_t size;                  /* sizeof(A64FpsimdContext) = 528 */
    uint32_t fpsr, fpcr;
    uint64_t vregs[32][2] __attribute__((aligned(16)));
} A64FpsimdContext;

typedef struct A64RtSigframe {
    uint8_t info[128];              /* siginfo, LP64 layout */
    A64Ucontext uc;
} A64RtSigframe;

/* Above the frame: what x29 points at, so unwinders walk through it. */
typedef struct A64FrameRecord {
    uint64_t fp, lr;
} A64FrameRecord;

_Static_assert(sizeof(A64Sigcontext) == 4384, "sigcontext size");
_Static_assert(sizeof(A64Ucontext) == 4560, "ucontext size");
_Static_assert(__builtin_offsetof(A64Ucontext, uc_mcontext) == 176, "uc_mcontext offset");
_Static_assert(sizeof(A64FpsimdContext) == 528, "fpsimd_context size");
_Static_assert(sizeof(A64RtSigframe) == 4688, "rt_sigframe size");

#endif
