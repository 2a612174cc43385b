/*
 * Private declarations shared by the x86_64 backend files: the fixed
 * register roles and the host CPU features probed once with cpuid.
 *
 *   rbp  env (the guest CPU state), loaded from rdi by the prologue
 *   r15  guest_base, so a guest access is one "mov reg, [r15 + addr]"
 *   rsp  16-byte aligned inside generated code; spill slots sit above it
 *   xmm14, xmm15  scratch of the vector op emitters, never allocated
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

/* The allocatable xmm registers: xmm0..xmm13. */
#define X64_VREGS_ALLOC (0x3fffu << X64_XMM0)
#define X64_VTMP X64_XMM(15)
#define X64_VTMP2 X64_XMM(14)

typedef struct X64Features {
    bool probed;
    bool lzcnt;  /* CPUID.80000001H:ECX.ABM[bit 5] */
    bool tzcnt;  /* CPUID.(EAX=07H,ECX=0):EBX.BMI1[bit 3] */
    bool popcnt; /* CPUID.01H:ECX.POPCNT[bit 23] */
    bool movbe;  /* CPUID.01H:ECX.MOVBE[bit 22] */
    bool bmi1;   /* CPUID.(EAX=07H,ECX=0):EBX.BMI1[bit 3]: andn */
    bool bmi2;   /* CPUID.(EAX=07H,ECX=0):EBX.BMI2[bit 8]: shlx, shrx, sarx */
    bool ssse3;  /* CPUID.01H:ECX.SSSE3[bit 9]: pabs*, pshufb */
    bool sse41;  /* CPUID.01H:ECX.SSE4_1[bit 19]: pmulld, pminsb.., pextr/pinsr b/d/q, pcmpeqq */
    bool sse42;  /* CPUID.01H:ECX.SSE4_2[bit 20]: pcmpgtq */
    bool avx;    /* CPUID.01H:ECX.AVX[bit 28] with OSXSAVE and XCR0 saving xmm/ymm: VEX forms */
    bool avx2;   /* CPUID.(EAX=07H,ECX=0):EBX.AVX2[bit 5], with avx: vpbroadcast* */
    bool fma;    /* CPUID.01H:ECX.FMA[bit 12], with avx: vfmadd231sd and kin */
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

/* Vector ops (target_vec.c): their constraints, or NULL for a scalar op,
 * and their code. */
const BackendCons *x64_vec_cons(const IROp *op);
void x64_emit_vec_op(CodeCursor *c, const IROp *op, const BackendArgs *a);

/* Vector loads and stores at [base + index + off] (index < 0: none). */
void x64_emit_vec_ld(CodeCursor *c, IRType t, int dst, int base, int index, int32_t off);
void x64_emit_vec_st(CodeCursor *c, IRType t, int src, int base, int index, int32_t off);

/* The MO_ALIGN check of an access of size bytes (a power of two). */
void x64_emit_align_check_size(CodeCursor *c, unsigned size, int addr);

/* Around the call of an out-of-line path (softmmu.c): pushes the
 * registers of save but out (the call's result), keeping rsp 16-byte
 * aligned, and pops them back. */
typedef struct X64SavedRegs {
    int8_t reg[16], vec[16];
    int nb, nb_vec;
} X64SavedRegs;
void x64_save_live(CodeCursor *c, RegSet save, int out, X64SavedRegs *s);
void x64_restore_live(CodeCursor *c, const X64SavedRegs *s);

/* fp_arith (target_fp.c): its constraints, its code, and its out-of-line
 * fallback calls, collected per TB and emitted at its end. */
const BackendCons *x64_fp_cons(const IROp *op);
void x64_emit_fp_arith(CodeCursor *c, const IROp *op, const BackendArgs *a);
void x64_emit_fp_cmp(CodeCursor *c, const IROp *op, const BackendArgs *a);
void x64_fp_tb_start(void);
int x64_fp_tb_finish(CodeCursor *c);

/* A guest_ld/st/cmpxchg in system mode: the inline TLB probe, the access,
 * and an out-of-line slow path emitted by backend_tb_finish (softmmu.c). */
void x64_emit_softmmu(CodeCursor *c, const IROp *op, const BackendArgs *a);

#endif
