/*
 * The x86_64 host backend: register roles, host CPU features, the
 * prologue/epilogue that enters and leaves generated code, and the
 * emitters the register allocator uses for moves, calls and control flow.
 * The ordinary op emitters are in target_ops.c.
 *
 * Generated code runs inside one stack frame set up by the prologue:
 *
 *     codegen_enter(env, tb_code)          (System V: rdi = env, rsi = code)
 *       push rbp rbx r12 r13 r14 r15       callee-saved registers
 *       mov rbp, rdi                       env
 *       mov r15, [guest_base]              user-mode guest memory base
 *       sub rsp, FRAME                     stack args + spill slots, 16-aligned
 *       jmp rsi
 *     TB code ... exit_tb v:  mov rax, v; jmp epilogue
 *     epilogue_return0: xor eax, eax
 *     epilogue: add rsp, FRAME; pop r15 ... rbp; ret
 *
 * TBs chain to each other with a patchable "jmp rel32" whose displacement
 * is 4-byte aligned, so codegen_patch_jump re-points it with one atomic
 * store while other threads may be executing it.
 */
#include <cpuid.h>
#include <stddef.h>
#include <string.h>

#include "backends/x86_64/emit_vec.h"
#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/tb.h"
#include "xrun/util.h"

/* Normally defined by the user-mode loader; this keeps the core linkable alone. */
__attribute__((weak)) uintptr_t guest_base;

/* -- Registers -- */

/* Callee-saved first, so values survive helper calls; rcx/rdx/rax last,
 * because shifts, div and mul want them. */
const int8_t backend_alloc_order[] = {
    X64_RBX, X64_R12, X64_R13, X64_R14, X64_R8,  X64_R9,  X64_R10,
    X64_R11, X64_RDI, X64_RSI, X64_RCX, X64_RDX, X64_RAX,
    X64_XMM(0), X64_XMM(1), X64_XMM(2), X64_XMM(3), X64_XMM(4), X64_XMM(5), X64_XMM(6),
    X64_XMM(7), X64_XMM(8), X64_XMM(9), X64_XMM(10), X64_XMM(11), X64_XMM(12), X64_XMM(13),
};
const int backend_nb_alloc = XR_ARRAY_SIZE(backend_alloc_order);
const RegSet backend_call_clobbered = REGSET(X64_RAX) | REGSET(X64_RCX) | REGSET(X64_RDX) |
                                      REGSET(X64_RSI) | REGSET(X64_RDI) | REGSET(X64_R8) |
                                      REGSET(X64_R9) | REGSET(X64_R10) | REGSET(X64_R11) |
                                      0xffffu << X64_XMM0; /* SysV: every xmm */
const RegSet backend_vec_regs = X64_VREGS_ALLOC;
const int8_t backend_call_arg_regs[] = {X64_RDI, X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};
const int backend_nb_call_arg_regs = XR_ARRAY_SIZE(backend_call_arg_regs);
const int backend_ret_reg = X64_RAX;
const int backend_env_reg = X64_REG_ENV;
const int backend_sp_reg = X64_RSP;

int codegen_env_reg(void)
{
    return X64_REG_ENV;
}

/* -- Host features -- */

X64Features x64_features;

void x64_probe_features(void)
{
    unsigned a, b, c, d;
    if (x64_features.probed)
        return;
    bool os_avx = false;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        x64_features.popcnt = c & (1u << 23);
        x64_features.movbe = c & (1u << 22);
        x64_features.ssse3 = c & (1u << 9);
        x64_features.sse41 = c & (1u << 19);
        x64_features.sse42 = c & (1u << 20);
        /* VEX needs the OS to save ymm state: OSXSAVE, then XCR0 bits 1-2. */
        if ((c & (1u << 27)) && (c & (1u << 28))) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            os_avx = (lo & 6) == 6;
        }
        x64_features.avx = os_avx;
        x64_features.fma = os_avx && (c & (1u << 12));
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        x64_features.lzcnt = c & (1u << 5);
    if (__get_cpuid_max(0, NULL) >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        x64_features.tzcnt = b & (1u << 3);
        x64_features.bmi1 = b & (1u << 3);
        x64_features.bmi2 = b & (1u << 8);
        x64_features.avx2 = os_avx && (b & (1u << 5));
    }
    if (!x64_features.popcnt)
        xr_fatal("xrun needs a host CPU with popcnt (x86-64-v2)");
    x64_features.probed = true;
}

/* -- Prologue and epilogue -- */

/* 6 pushes + return address = 56 bytes; FRAME makes rsp 16-byte aligned. */
#define X64_FRAME_SIZE (BE_FRAME_SPILL_OFF + BE_FRAME_SPILL_SLOTS * 8 + 8)
_Static_assert((X64_FRAME_SIZE + 56) % 16 == 0, "generated code needs an aligned stack");

static const int8_t x64_saved_regs[] = {X64_RBP, X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15};

uintptr_t (*codegen_enter)(void *env, const void *tb_code);
const void *codegen_epilogue_return0;
static const uint8_t *x64_epilogue;

size_t codegen_prologue(uint8_t *buf, size_t buf_size)
{
    x64_probe_features();
    xr_assert(buf_size >= 128);
    CodeCursor cur = {.start = buf, .p = buf, .end = buf + buf_size};
    CodeCursor *c = &cur;
    codegen_enter = (uintptr_t(*)(void *, const void *))(void *)buf;
    for (size_t i = 0; i < XR_ARRAY_SIZE(x64_saved_regs); i++)
        x64_push(c, x64_saved_regs[i]);
    x64_mov_rr(c, true, X64_REG_ENV, X64_RDI);
    x64_movabs(c, X64_RAX, (uintptr_t)&guest_base);
    x64_op_rm(c, X64_OPC_MOVL_GvEv | X64_P_W, X64_REG_GUEST_BASE, X64_RAX, 0);
    x64_arith_ri(c, X64_ARITH_SUB, true, X64_RSP, X64_FRAME_SIZE);
    x64_jmp_r(c, X64_RSI);

    codegen_epilogue_return0 = c->p;
    x64_arith_rr(c, X64_ARITH_XOR, false, X64_RAX, X64_RAX);
    x64_epilogue = c->p;
    x64_arith_ri(c, X64_ARITH_ADD, true, X64_RSP, X64_FRAME_SIZE);
    for (size_t i = XR_ARRAY_SIZE(x64_saved_regs); i-- > 0;)
        x64_pop(c, x64_saved_regs[i]);
    x64_ret(c);
    return (size_t)(c->p - buf);
}

/* -- Moves -- */

/* movaps xmm, xmm (0f 28 /r) copies both vector types. */
void backend_emit_mov(CodeCursor *c, IRType t, int dst, int src)
{
    if (dst == src)
        return;
    if (ir_type_is_vec(t))
        x64_op_rr(c, X64_SSE_MOVAPS_VW, dst, src);
    else
        x64_mov_rr(c, t == IR_I64, dst, src);
}

void backend_emit_xchg(CodeCursor *c, int a, int b)
{
    x64_xchg(c, a, b);
}

void backend_emit_movi(CodeCursor *c, IRType t, int dst, int64_t val)
{
    x64_movi(c, dst, t == IR_I64 ? (uint64_t)val : (uint32_t)val);
}

/* The load and store of each type: mov r32/r64 (8b/89), movq xmm (f3 0f
 * 7e / 66 0f d6), movups xmm (0f 10 / 0f 11: as fast as movaps on an
 * aligned address, and no fault on another). */
_Static_assert(IR_I32 == 0 && IR_I64 == 1 && IR_V64 == 2 && IR_V128 == 3, "tables indexed by IRType");

static int x64_ld_opc(IRType t)
{
    static const int opc[] = {X64_OPC_MOVL_GvEv, X64_OPC_MOVL_GvEv | X64_P_W, X64_SSE_MOVQ_VW,
                              X64_SSE_MOVUPS_VW};
    return opc[t];
}

static int x64_st_opc(IRType t)
{
    static const int opc[] = {X64_OPC_MOVL_EvGv, X64_OPC_MOVL_EvGv | X64_P_W, X64_SSE_MOVQ_WV,
                              X64_SSE_MOVUPS_WV};
    return opc[t];
}

void backend_emit_ld(CodeCursor *c, IRType t, int dst, int base, int32_t off)
{
    x64_op_rm(c, x64_ld_opc(t), dst, base, off);
}

void backend_emit_st(CodeCursor *c, IRType t, int src, int base, int32_t off)
{
    x64_op_rm(c, x64_st_opc(t), src, base, off);
}

void x64_emit_vec_ld(CodeCursor *c, IRType t, int dst, int base, int index, int32_t off)
{
    x64_op_mem(c, x64_ld_opc(t), dst, base, index, 0, off);
}

void x64_emit_vec_st(CodeCursor *c, IRType t, int src, int base, int index, int32_t off)
{
    x64_op_mem(c, x64_st_opc(t), src, base, index, 0, off);
}

/* mov dword/qword [base + off], imm32: [REX.W] c7 /0 id */
bool backend_emit_sti(CodeCursor *c, IRType t, int64_t val, int base, int32_t off)
{
    if (ir_type_is_vec(t))
        return false;
    if (t == IR_I64 && !x64_fits_s32(val))
        return false;
    x64_op_rm(c, X64_OPC_MOVL_EvIz | (t == IR_I64 ? X64_P_W : 0), 0, base, off);
    x64_imm32(c, (uint32_t)val);
    return true;
}

/* -- Calls -- */

static bool x64_rel32_reaches(const uint8_t *from_end, const void *target)
{
    int64_t rel = (intptr_t)target - (intptr_t)from_end;
    return rel == (int32_t)rel;
}

/* call rel32, or movabs rax, fn; call rax when the helper is too far away. */
void backend_emit_call(CodeCursor *c, const void *fn)
{
    if (x64_rel32_reaches(c->p + 5, fn)) {
        x64_call_rel32(c, fn);
    } else {
        x64_movabs(c, X64_RAX, (uintptr_t)fn);
        x64_call_r(c, X64_RAX);
    }
}

/* nop: 90 */
void backend_emit_nop(CodeCursor *c)
{
    x64_nops(c, 1);
}

/* mov r32, r32: helpers returning uint32_t leave bits 63..32 undefined. */
void backend_emit_zext32(CodeCursor *c, int reg)
{
    x64_mov_rr(c, false, reg, reg);
}

/* -- Control flow -- */

uint8_t *backend_emit_br(CodeCursor *c)
{
    return x64_jmp_rel32(c, NULL);
}

uint8_t *backend_emit_brcond(CodeCursor *c, IRType t, IRCond cond, int a, const BackendArg *b)
{
    if (cond == IR_COND_NEVER)
        return NULL;
    if (cond == IR_COND_ALWAYS)
        return x64_jmp_rel32(c, NULL);
    x64_emit_cmp(c, t == IR_I64, a, b);
    return x64_jcc_rel32(c, x64_cond(cond), NULL);
}

void backend_patch_label(uint8_t *site, const uint8_t *target)
{
    x64_set_rel32(site, target);
}

/* Pads with nops so the jmp's rel32 is 4-byte aligned, then jmp to the next insn. */
uint32_t backend_emit_goto_tb(CodeCursor *c)
{
    int pad = (int)((4 - ((uintptr_t)c->p + 1) % 4) % 4);
    x64_nops(c, pad);
    uint32_t off = (uint32_t)(c->p - c->start);
    x64_jmp_rel32(c, NULL);
    return off;
}

void codegen_patch_jump(uintptr_t jmp_addr, uintptr_t target)
{
    int64_t rel = (int64_t)target - (int64_t)(jmp_addr + 5);
    xr_assert(rel == (int32_t)rel && (jmp_addr + 1) % 4 == 0);
    __atomic_store_n((int32_t *)(jmp_addr + 1), (int32_t)rel, __ATOMIC_RELEASE);
}

/* Jumps to a code address, through rcx when rel32 cannot reach it. */
static void x64_jmp_far(CodeCursor *c, const void *target)
{
    if (x64_rel32_reaches(c->p + 5, target)) {
        x64_jmp_rel32(c, target);
    } else {
        x64_movabs(c, X64_RCX, (uintptr_t)target);
        x64_jmp_r(c, X64_RCX);
    }
}

/* mov rax, val; jmp epilogue  (or jmp epilogue_return0 for 0) */
void backend_emit_exit_tb(CodeCursor *c, uintptr_t val)
{
    if (val == 0) {
        x64_jmp_far(c, codegen_epilogue_return0);
        return;
    }
    x64_movi(c, X64_RAX, val);
    x64_jmp_far(c, x64_epilogue);
}

/* jmp reg: ff /4 */
void backend_emit_goto_ptr(CodeCursor *c, int reg)
{
    x64_jmp_r(c, reg);
}

/* x86 is TSO: only a store followed by a load needs a real fence. */
void backend_emit_mb(CodeCursor *c, unsigned kind)
{
    if ((kind & IR_MB_ALL) == IR_MB_ALL)
        x64_lock_or_rsp(c);
}

/* -- Alignment checks -- */

/*
 * The slow path never returns, so it may clobber any register; the fast
 * path costs one test and one not-taken branch:
 *
 *     test addr8, size - 1           f6 /0 ib
 *     jz ok
 *     mov rsi, addr ; mov rdi, rbp   (addr first: it may be rdi)
 *     call helper_unaligned_access   its return address names the insn
 *   ok:
 */
void x64_emit_align_check(CodeCursor *c, unsigned mo, int addr)
{
    if (mo & MO_ALIGN)
        x64_emit_align_check_size(c, ir_memop_bytes(mo), addr);
}

void x64_emit_align_check_size(CodeCursor *c, unsigned size, int addr)
{
    unsigned mask = size - 1;
    if (mask == 0)
        return;
    x64_op_rr(c, 0xf6 | X64_P_BYTE_RM, 0, addr);
    x64_byte(c, (uint8_t)mask);
    uint8_t *ok = x64_jcc_rel8(c, X64_CC_E);
    x64_mov_rr(c, true, X64_RSI, addr);
    x64_mov_rr(c, true, X64_RDI, X64_REG_ENV);
    backend_emit_call(c, (const void *)helper_unaligned_access);
    x64_bind_rel8(c, ok);
}

/* -- Inline jump-cache probe -- */

/* The probe below computes the entry address as jc + hash * 32 and reads
 * the fields at these offsets; a change of TBJumpCacheEntry must show here. */
_Static_assert(sizeof(TBJumpCacheEntry) == 32, "jump cache entry is 32 bytes");
_Static_assert(offsetof(TBJumpCacheEntry, pc) == 0 && offsetof(TBJumpCacheEntry, flags) == 8 &&
                   offsetof(TBJumpCacheEntry, tag) == 12 &&
                   offsetof(TBJumpCacheEntry, host_code) == 16 && offsetof(TBJumpCacheEntry, tb) == 24,
               "jump cache entry layout");
_Static_assert(offsetof(TBJumpCache, array) == 0, "jump cache array first");
_Static_assert(TB_JMP_CACHE_BITS == 12, "the probe hashes with shifts 1 and 13");

/*
 * rsi = pc (zero-extended), rdx = flags (zero-extended i32), rbp = env:
 *
 *     mov rcx, rsi ; shr rcx, 12        tb_jc_hash(pc) * 32, computed as
 *     xor rcx, rsi ; shl ecx, 4         ((pc ^ pc >> 12) << 4) & (0xfff << 5)
 *     and ecx, 0x1ffe0                  (the shift by 1 folds into the scale)
 *     add rcx, [rbp + jc]               entry
 *     cmp rsi, [rcx]      ; jne miss    pc
 *     or  rdx, [rbp + jc_gen]           the cache's generation in the high half
 *     cmp rdx, [rcx + 8]  ; jne miss    flags, and tag == generation (cflags 0)
 *     cmp qword [rcx + 24], 0 ; je miss tb (cleared by invalidation)
 *     jmp [rcx + 16]                    host code
 *   miss:
 */
void backend_emit_lookup_probe(CodeCursor *c)
{
    const int pc = backend_call_arg_regs[1], fl = backend_call_arg_regs[2];
    x64_mov_rr(c, true, X64_RCX, pc);
    x64_shift_ri(c, X64_SHIFT_SHR, true, X64_RCX, TB_JMP_CACHE_BITS);
    x64_arith_rr(c, X64_ARITH_XOR, true, X64_RCX, pc);
    x64_shift_ri(c, X64_SHIFT_SHL, false, X64_RCX, 4);
    x64_arith_ri(c, X64_ARITH_AND, false, X64_RCX, (TB_JMP_CACHE_SIZE - 1) << 5);
    x64_op_rm(c, X64_OPC_ARITH_GvEv(X64_ARITH_ADD) | X64_P_W, X64_RCX, X64_REG_ENV,
              (int32_t)offsetof(CPUState, jc));
    x64_op_rm(c, X64_OPC_ARITH_GvEv(X64_ARITH_CMP) | X64_P_W, pc, X64_RCX, 0);
    uint8_t *miss_pc = x64_jcc_rel8(c, X64_CC_NE);
    /* The callee takes flags as 32 bits: the high half does not reach it. */
    x64_op_rm(c, X64_OPC_ARITH_GvEv(X64_ARITH_OR) | X64_P_W, fl, X64_REG_ENV, (int32_t)offsetof(CPUState, jc_gen));
    x64_op_rm(c, X64_OPC_ARITH_GvEv(X64_ARITH_CMP) | X64_P_W, fl, X64_RCX, 8);
    uint8_t *miss_fl = x64_jcc_rel8(c, X64_CC_NE);
    x64_op_rm(c, X64_OPC_ARITH_EvIb | X64_P_W, X64_ARITH_CMP, X64_RCX, 24);
    x64_byte(c, 0);
    uint8_t *miss_tb = x64_jcc_rel8(c, X64_CC_E);
    x64_op_rm(c, X64_OPC_GRP5, 4, X64_RCX, 16);
    x64_bind_rel8(c, miss_pc);
    x64_bind_rel8(c, miss_fl);
    x64_bind_rel8(c, miss_tb);
}
