/*
 * Private declarations shared by the x86_64 backend files: the fixed
 * register roles and the host CPU features probed once with cpuid.
 *
 *   rbp  env (the guest CPU state), loaded from rdi by the prologue
 *   r15  guest_base, so a guest access is one "mov reg, [r15 + addr]"
 *   rsp  16-byte aligned inside generated code; spill slots sit above it
 */
#ifndef XRUN_X64_TARGET_H
#define XRUN_X64_TARGET_H

#include <stdbool.h>

#include "backends/x86_64/emit.h"
#include "xrun/backend.h"

#define X64_REG_ENV X64_RBP
#define X64_REG_GUEST_BASE X64_R15

/* Registers the allocator may hand out: all but rsp, rbp and r15. */
#define X64_REGS_ALLOC                                                                             \
    (0xffffu & ~(REGSET(X64_RSP) | REGSET(X64_REG_ENV) | REGSET(X64_REG_GUEST_BASE)))

typedef struct X64Features {
    bool probed;
    bool lzcnt;  /* CPUID.80000001H:ECX.ABM[bit 5] */
    bool tzcnt;  /* CPUID.(EAX=07H,ECX=0):EBX.BMI1[bit 3] */
    bool popcnt; /* CPUID.01H:ECX.POPCNT[bit 23] */
    bool movbe;  /* CPUID.01H:ECX.MOVBE[bit 22] */
    bool bmi1;   /* CPUID.(EAX=07H,ECX=0):EBX.BMI1[bit 3]: andn */
    bool bmi2;   /* CPUID.(EAX=07H,ECX=0):EBX.BMI2[bit 8]: shlx, shrx, sarx */
} X64Features;

extern X64Features x64_features;
void x64_probe_features(void);

/* The x86 condition that implements an IR condition (not NEVER/ALWAYS). */
X64Cond x64_cond(IRCond c);

/* cmp a, b (or test a, a against zero): sets flags for a cond b. */
void x64_emit_cmp(CodeCursor *c, bool w, int a, const BackendArg *b);

/* Before a guest access of memop mo at register addr: with MO_ALIGN, a
 * misaligned address calls helper_unaligned_access (which never returns). */
void x64_emit_align_check(CodeCursor *c, unsigned mo, int addr);

/* Guest memory accesses at [base + addr] (target_ops.c): base is r15 in
 * user mode and the TLB entry's addend in system mode. scratch serves
 * byte swaps without movbe. */
void x64_emit_guest_ld(CodeCursor *c, bool w, unsigned mo, int d, int base, int addr);
void x64_emit_guest_st(CodeCursor *c, unsigned mo, const BackendArgs *a, int base, int scratch);
void x64_emit_guest_cmpxchg(CodeCursor *c, bool w, unsigned mo, const BackendArgs *a, int base, int scratch);

/* A guest_ld/st/cmpxchg in system mode: the inline TLB probe, the access,
 * and an out-of-line slow path emitted by backend_tb_finish (softmmu.c). */
void x64_emit_softmmu(CodeCursor *c, const IROp *op, const BackendArgs *a);

#endif
