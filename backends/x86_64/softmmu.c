/*
 * Guest memory accesses in system mode on x86_64: the inline TLB probe and
 * the out-of-line slow paths (xrun/softmmu.h, xrun/codegen.h).
 *
 * A 4-byte load "d = guest[addr]" for MMU index m becomes, with s0/s1 the
 * op's two scratch registers and T = tlb_offset + m * TLB_SIZE * 32:
 *
 *     mov  s0, addr                     entry index from the page number
 *     shr  s0, 12 - 5
 *     and  s0d, 0xff << 5
 *     lea  s1, [addr + 3]               last byte: a page-crossing access misses
 *     and  s1, ~0xfff                   (| size-1 with MO_ALIGN, on addr itself)
 *     cmp  s1, [rbp + s0 + T + addr_read]
 *     jne  slow                         rel32 to the end of the TB
 *     mov  s0, [rbp + s0 + T + addend]
 *     mov  d, [s0 + addr]               the access itself, as in user mode
 *   back:
 *     ...
 *   slow:                               after the TB's last insn
 *     push the live call-clobbered registers (+ 8 bytes to keep rsp aligned)
 *     sub rsp, 16 * n ; movups [rsp + 16 * i], the live xmm registers
 *     push addr; pop rsi                arguments by a parallel move through the stack
 *     mov  rdi, rbp ; mov edx, oi ; movabs rcx, back - 1
 *     call ld_slow
 *     mov  d, eax ; pop the saved registers ; jmp back
 *
 * Comparators hold the page address, or -1, or the page with TLB_MMIO or
 * TLB_CODE set: any of those makes the compare fail, so devices, pages
 * holding translated code (for writes) and misses all take the slow path.
 * The fast path clobbers only its scratch registers; the slow path saves
 * what the register allocator says is live.
 */
#include <stddef.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/softmmu.h"
#include "xrun/util.h"

/* Slow paths the TB has collected, emitted by backend_tb_finish. */
typedef struct X64SlowPath {
    uint8_t *jcc;        /* rel32 of the "jne slow" */
    const uint8_t *back; /* where the fast path resumes */
    uint16_t opc;        /* IR_OP_guest_ld / st / cmpxchg */
    uint32_t oi;
    bool w;
    int8_t out;          /* ld: result register; cmpxchg: rax */
    int8_t src[3];       /* argument registers after env: addr, then value(s); -1 = const */
    int64_t cval;        /* the constant of a st whose value is constant */
    RegSet save;
    uint16_t sync;       /* its stale globals: sync_pool[sync .. sync + nb_sync) */
    uint8_t nb_sync;
} X64SlowPath;

#define X64_MAX_SLOW 1024
#define X64_MAX_SYNC 8192
/* upper bound of one slow path's code, without its syncs: 96 bytes, and
 * 2 * 7 to save and restore each of 14 xmm registers, and 2 * 7 for the
 * rsp adjustment around them */
#define X64_SLOW_BYTES (96 + 14 * 14 + 14)
#define X64_SYNC_BYTES 12 /* upper bound of one global's store */

static X64SlowPath slow_paths[X64_MAX_SLOW];
static unsigned nb_slow;
static BackendSync sync_pool[X64_MAX_SYNC];
static unsigned nb_sync_pool;
static bool slow_overflow;

void backend_tb_start(void)
{
    nb_slow = 0;
    nb_sync_pool = 0;
    slow_overflow = false;
    x64_fp_tb_start();
}

bool backend_defers_sync(const IROp *op)
{
    return codegen_mem_model.softmmu &&
           (op->opc == IR_OP_guest_ld || op->opc == IR_OP_guest_st || op->opc == IR_OP_guest_cmpxchg);
}

/* The probe: leaves the host address base (the entry's addend) in s0 and
 * records the branch to the slow path in sp. */
static void emit_tlb_probe(CodeCursor *c, int addr, unsigned mo, int mmu_idx, size_t cmp_off, int s0,
                           int s1, X64SlowPath *sp)
{
    unsigned size = ir_memop_bytes(mo);
    unsigned amask = (mo & MO_ALIGN) ? size - 1 : 0;
    int32_t table = codegen_mem_model.tlb_offset + (int32_t)offsetof(CPUTLB, table) +
                    mmu_idx * (int32_t)(TLB_SIZE * sizeof(CPUTLBEntry));

    x64_mov_rr(c, true, s0, addr);
    x64_shift_ri(c, X64_SHIFT_SHR, true, s0, TLB_PAGE_BITS - TLB_ENTRY_BITS);
    x64_arith_ri(c, X64_ARITH_AND, false, s0, (TLB_SIZE - 1) << TLB_ENTRY_BITS);
    if (amask == 0 && size > 1)
        x64_lea(c, true, s1, addr, -1, 0, (int32_t)size - 1);
    else
        x64_mov_rr(c, true, s1, addr);
    x64_arith_ri(c, X64_ARITH_AND, true, s1, (int32_t)(~((1u << TLB_PAGE_BITS) - 1) | amask));
    x64_op_mem(c, X64_OPC_ARITH_GvEv(X64_ARITH_CMP) | X64_P_W, s1, X64_REG_ENV, s0, 0,
               table + (int32_t)cmp_off);
    sp->jcc = x64_jcc_rel32(c, X64_CC_NE, c->p);
    x64_op_mem(c, X64_OPC_MOVL_GvEv | X64_P_W, s0, X64_REG_ENV, s0, 0,
               table + (int32_t)offsetof(CPUTLBEntry, addend));
}

void x64_emit_softmmu(CodeCursor *c, const IROp *op, const BackendArgs *a)
{
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    unsigned mo = (unsigned)ca[0];
    int mmu_idx = (int)ca[1];
    bool w = op->type == IR_I64;
    int s0 = a->scratch[0], s1 = a->scratch[1];
    X64SlowPath tmp, *sp = nb_slow < X64_MAX_SLOW ? &slow_paths[nb_slow++] : &tmp;
    if (sp == &tmp)
        slow_overflow = true;
    *sp = (X64SlowPath){.opc = op->opc, .oi = CODEGEN_OI(mo, mmu_idx), .w = w, .out = -1,
                        .src = {-1, -1, -1}, .save = a->live & backend_call_clobbered};
    if (nb_sync_pool + a->nb_sync > X64_MAX_SYNC) {
        slow_overflow = true;
    } else {
        sp->sync = (uint16_t)nb_sync_pool;
        sp->nb_sync = (uint8_t)a->nb_sync;
        for (unsigned i = 0; i < a->nb_sync; i++)
            sync_pool[nb_sync_pool++] = a->sync[i];
    }

    switch (op->opc) {
    case IR_OP_guest_ld:
        sp->out = a->o[0].reg;
        sp->src[0] = a->i[0].reg;
        emit_tlb_probe(c, a->i[0].reg, mo, mmu_idx, offsetof(CPUTLBEntry, addr_read), s0, s1, sp);
        x64_emit_guest_ld(c, w, mo, a->o[0].reg, s0, a->i[0].reg);
        break;
    case IR_OP_guest_st:
        sp->src[0] = a->i[1].reg;
        if (a->i[0].is_const)
            sp->cval = a->i[0].val;
        else
            sp->src[1] = a->i[0].reg;
        emit_tlb_probe(c, a->i[1].reg, mo, mmu_idx, offsetof(CPUTLBEntry, addr_write), s0, s1, sp);
        x64_emit_guest_st(c, mo, a, s0, s1);
        break;
    case IR_OP_guest_cmpxchg:
        sp->out = X64_RAX;
        sp->src[0] = a->i[0].reg;
        sp->src[1] = X64_RAX;
        sp->src[2] = a->i[2].reg;
        /* cmpxchg needs a writable page; natural alignment keeps it on one page. */
        emit_tlb_probe(c, a->i[0].reg, mo | MO_ALIGN, mmu_idx, offsetof(CPUTLBEntry, addr_write), s0, s1,
                       sp);
        x64_emit_guest_cmpxchg(c, w, mo, a, s0, s1);
        break;
    default:
        xr_unreachable();
    }
    sp->back = c->p;
}

/* -- Slow paths -- */

void x64_save_live(CodeCursor *c, RegSet save, int out, X64SavedRegs *s)
{
    s->nb = s->nb_vec = 0;
    for (int r = 0; r < 16; r++)
        if ((save & REGSET(r)) && r != out)
            s->reg[s->nb++] = (int8_t)r;
    for (int r = X64_XMM0; r <= X64_XMM15; r++)
        if (save & REGSET(r))
            s->vec[s->nb_vec++] = (int8_t)r;
    for (int i = 0; i < s->nb; i++)
        x64_push(c, s->reg[i]);
    if (s->nb & 1)
        x64_arith_ri(c, X64_ARITH_SUB, true, X64_RSP, 8);
    if (s->nb_vec)
        x64_arith_ri(c, X64_ARITH_SUB, true, X64_RSP, 16 * s->nb_vec);
    for (int i = 0; i < s->nb_vec; i++)
        backend_emit_st(c, IR_V128, s->vec[i], X64_RSP, 16 * i);
}

void x64_restore_live(CodeCursor *c, const X64SavedRegs *s)
{
    for (int i = 0; i < s->nb_vec; i++)
        backend_emit_ld(c, IR_V128, s->vec[i], X64_RSP, 16 * i);
    if (s->nb_vec)
        x64_arith_ri(c, X64_ARITH_ADD, true, X64_RSP, 16 * s->nb_vec);
    if (s->nb & 1)
        x64_arith_ri(c, X64_ARITH_ADD, true, X64_RSP, 8);
    for (int i = s->nb; i-- > 0;)
        x64_pop(c, s->reg[i]);
}

static void emit_slow_path(CodeCursor *c, const X64SlowPath *sp)
{
    static const int8_t arg_regs[] = {X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};
    x64_set_rel32(sp->jcc, c->p);

    /* What a fault raised by the call sees of the guest registers. */
    for (unsigned i = 0; i < sp->nb_sync; i++) {
        const BackendSync *g = &sync_pool[sp->sync + i];
        if (g->reg >= 0) {
            backend_emit_st(c, (IRType)g->type, g->reg, X64_REG_ENV, g->off);
        } else {
            bool ok = backend_emit_sti(c, (IRType)g->type, g->val, X64_REG_ENV, g->off);
            xr_assert(ok);
            (void)ok;
        }
    }

    X64SavedRegs saved;
    x64_save_live(c, sp->save, sp->out, &saved);

    /* Arguments after env: the register operands move through the stack,
     * so that no source is overwritten before it is read. */
    int nb_src = sp->opc == IR_OP_guest_ld ? 1 : sp->opc == IR_OP_guest_st ? 2 : 3;
    for (int i = 0; i < nb_src; i++)
        if (sp->src[i] >= 0)
            x64_push(c, sp->src[i]);
    for (int i = nb_src; i-- > 0;) {
        if (sp->src[i] >= 0)
            x64_pop(c, arg_regs[i]);
        else
            x64_movi(c, arg_regs[i], (uint64_t)sp->cval);
    }
    x64_mov_rr(c, true, X64_RDI, X64_REG_ENV);
    x64_movi32(c, arg_regs[nb_src], sp->oi);
    /* The return address names the insn: one byte back from the resume
     * point lies inside the access's own code, even when the access is
     * the insn's last instruction. */
    x64_movabs(c, arg_regs[nb_src + 1], (uintptr_t)sp->back - 1);

    const void *fn = sp->opc == IR_OP_guest_ld   ? (const void *)codegen_mem_model.ld_slow
                     : sp->opc == IR_OP_guest_st ? (const void *)codegen_mem_model.st_slow
                                                 : (const void *)codegen_mem_model.cmpxchg_slow;
    backend_emit_call(c, fn);
    if (sp->out >= 0)
        x64_mov_rr(c, sp->w, sp->out, X64_RAX);

    x64_restore_live(c, &saved);
    x64_jmp_rel32(c, sp->back);
}

int backend_tb_finish(CodeCursor *c)
{
    if (slow_overflow)
        return -2;
    if ((size_t)(c->end - c->p) < (size_t)nb_slow * X64_SLOW_BYTES + (size_t)nb_sync_pool * X64_SYNC_BYTES)
        return -1;
    for (unsigned i = 0; i < nb_slow; i++)
        emit_slow_path(c, &slow_paths[i]);
    return x64_fp_tb_finish(c);
}
