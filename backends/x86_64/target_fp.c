/*
 * x86_64 code for fp_arith: one SSE instruction on the raw bits, a check
 * that the result is one the guest would produce too, and an out-of-line
 * call of the op's fallback where it may not be; fp_muladd alike with
 * one FMA instruction (always the fallback on a host without FMA); and
 * for fp_cmp, an (u)comisd whose flags become the ordering nibble.
 *
 * "d = a * b" in double precision, with s the op's scratch register:
 *
 *     movq   xmm15, a
 *     movq   xmm14, b
 *     mulsd  xmm15, xmm14         flags stay in MXCSR (the guest's, lazily)
 *     ucomisd xmm15, xmm15        unordered iff the result is a NaN
 *     jp     slow
 *     movq   d, xmm15
 *     lea    s, [d + d]           drop the sign
 *     ror    s, 53                1 iff |d| is the smallest normal
 *     cmp    s, 1
 *     je     slow
 *   back:
 *     ...
 *   slow:                         after the TB's last insn
 *     push the live call-clobbered registers, as the softmmu slow path does
 *     rdi = env, rsi = a, rdx = b, rcx = arg (through the stack)
 *     call fallback
 *     mov d, rax ; pop the saved registers ; jmp back
 *
 * A single works alike on the low 32 bits (movd, mulss, ucomiss, a 32-bit
 * lea and ror by 24). ucomisd raises no flag here: a computed NaN is
 * quiet, and DE (a denormal operand) has no guest meaning. d may share no
 * register with a or b, so that the slow path still finds them.
 */
#include "backends/x86_64/emit_vec.h"
#include "backends/x86_64/target.h"
#include "xrun/util.h"

/* -- SSE scalar opcodes: [0] double (F2 prefix), [1] single (F3) -- */

#define X64_SSE_SD(b) ((b) | X64_P_F2 | X64_P_0F)
#define X64_SSE_SS(b) ((b) | X64_P_F3 | X64_P_0F)

static const int x64_fp_opc[2][IR_FP_OPS] = {
    {[IR_FP_ADD] = X64_SSE_SD(0x58), [IR_FP_SUB] = X64_SSE_SD(0x5c), [IR_FP_MUL] = X64_SSE_SD(0x59),
     [IR_FP_DIV] = X64_SSE_SD(0x5e), [IR_FP_SQRT] = X64_SSE_SD(0x51)},
    {[IR_FP_ADD] = X64_SSE_SS(0x58), [IR_FP_SUB] = X64_SSE_SS(0x5c), [IR_FP_MUL] = X64_SSE_SS(0x59),
     [IR_FP_DIV] = X64_SSE_SS(0x5e), [IR_FP_SQRT] = X64_SSE_SS(0x51)},
};
static const int x64_fp_ucomis[2] = {0x2e | X64_P_66 | X64_P_0F, 0x2e | X64_P_0F}; /* ucomisd, ucomiss */
static const int x64_fp_comis[2] = {0x2f | X64_P_66 | X64_P_0F, 0x2f | X64_P_0F};  /* comisd, comiss */
/* VEX.66.0F38 vf(n)m{add,sub}231s{d,s} dst, src1, src2: dst = +-(src1 * src2) +- dst,
 * indexed by IR_FP_NEG_PRODUCT / IR_FP_NEG_ADDEND; W1 is the double form. */
static const int x64_fma231[4] = {
    0xb9 | X64_P_66 | X64_P_0F38, /* vfmadd231:  a * b + c */
    0xbd | X64_P_66 | X64_P_0F38, /* vfnmadd231: -(a * b) + c */
    0xbb | X64_P_66 | X64_P_0F38, /* vfmsub231:  a * b - c */
    0xbf | X64_P_66 | X64_P_0F38, /* vfnmsub231: -(a * b) - c */
};

/* -- Constraints -- */

static const BackendCons cons_fp_arith = {
    .in_regs = {X64_REGS_ALLOC, X64_REGS_ALLOC},
    .out_regs = {X64_REGS_ALLOC},
    .out_excl = 3,
    .nb_scratch = 1,
};
/* fp_cmp reads its inputs into xmm registers before it writes d. */
static const BackendCons cons_fp_cmp = {
    .in_regs = {X64_REGS_ALLOC, X64_REGS_ALLOC},
    .out_regs = {X64_REGS_ALLOC},
    .nb_scratch = 1,
};

/* fp_muladd needs a third vector register for its operands. */
static const BackendCons cons_fp_muladd = {
    .in_regs = {X64_REGS_ALLOC, X64_REGS_ALLOC, X64_REGS_ALLOC},
    .out_regs = {X64_REGS_ALLOC},
    .clobber = REGSET(X64_XMM(13)),
    .out_excl = 7,
    .nb_scratch = 1,
};

const BackendCons *x64_fp_cons(const IROp *op)
{
    return op->opc == IR_OP_fp_cmp ? &cons_fp_cmp : op->opc == IR_OP_fp_muladd ? &cons_fp_muladd : &cons_fp_arith;
}

/*
 * fp_cmp: ucomisd (comisd for IR_FP_SIGNAL: invalid on any NaN, as
 * x86 and ARM both define their signalling compares) leaves ZF PF CF =
 * 000 greater, 001 less, 100 equal, 111 unordered; mov keeps the flags,
 * so the result is picked with cmov:
 *
 *     movq xmm15, a ; movq xmm14, b ; ucomisd xmm15, xmm14
 *     mov d, 2 ; mov s, 8 ; cmovb d, s ; mov s, 6 ; cmove d, s ; mov s, 3 ; cmovp d, s
 */
void x64_emit_fp_cmp(CodeCursor *c, const IROp *op, const BackendArgs *a)
{
    unsigned flags = (unsigned)op->args[op->nb_oargs + op->nb_iargs];
    bool single = flags & IR_FP_F32;
    int w = single ? 0 : X64_P_W, d = a->o[0].reg, s = a->scratch[0];
    x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP, a->i[0].reg);
    x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP2, a->i[1].reg);
    x64_op_rr(c, (flags & IR_FP_SIGNAL ? x64_fp_comis : x64_fp_ucomis)[single], X64_VTMP, X64_VTMP2);
    static const struct {
        X64Cond cc;
        uint32_t nzcv;
    } pick[3] = {{X64_CC_B, 8}, {X64_CC_E, 6}, {X64_CC_P, 3}};
    x64_movi32(c, d, 2);
    for (int i = 0; i < 3; i++) {
        x64_movi32(c, s, pick[i].nzcv);
        x64_cmov(c, pick[i].cc, false, d, s);
    }
}

/* -- Out-of-line paths -- */

typedef struct X64FpSlowPath {
    uint8_t *jcc[2];     /* rel32 of the "jp slow" and the "je slow" (or jmp) */
    const uint8_t *back; /* where the inline path resumes */
    const void *fn;      /* fn(env, in..., arg) */
    uint64_t arg;
    int8_t out, in[3];
    uint8_t nb_in;
    RegSet save;
} X64FpSlowPath;

#define X64_MAX_FP_SLOW 1024
/* upper bound of one slow path: pushes/pops of 9 registers, 14 xmm saves
 * and loads of 7 bytes each, rsp adjustments, the moves and the call */
#define X64_FP_SLOW_BYTES (9 * 4 + 14 * 14 + 14 + 64)

static X64FpSlowPath fp_slow[X64_MAX_FP_SLOW];
static unsigned nb_fp_slow;
static bool fp_slow_overflow;

void x64_fp_tb_start(void)
{
    nb_fp_slow = 0;
    fp_slow_overflow = false;
}

/* The operation of fp_arith or fp_muladd, its result left in xmm15;
 * false when the host cannot do it (fused without FMA). */
static bool x64_emit_fp_op(CodeCursor *c, const IROp *op, const BackendArgs *a, unsigned flags, bool single)
{
    int w = single ? 0 : X64_P_W; /* movd / movq */
    if (op->opc == IR_OP_fp_muladd) {
        if (!x64_features.fma)
            return false;
        x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP, a->i[2].reg);
        x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP2, a->i[0].reg);
        x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_XMM(13), a->i[1].reg);
        int k = (flags & IR_FP_NEG_PRODUCT ? 1 : 0) | (flags & IR_FP_NEG_ADDEND ? 2 : 0);
        x64_vex_rr(c, x64_fma231[k] | w, X64_VTMP, X64_VTMP2, X64_XMM(13));
        return true;
    }
    unsigned fop = flags & ~(unsigned)IR_FP_F32;
    int arith = x64_fp_opc[single][fop];
    x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP, a->i[0].reg);
    if (fop == IR_FP_SQRT) {
        x64_op_rr(c, arith, X64_VTMP, X64_VTMP);
    } else {
        x64_op_rr(c, X64_SSE_MOVD_VE | w, X64_VTMP2, a->i[1].reg);
        x64_op_rr(c, arith, X64_VTMP, X64_VTMP2);
    }
    return true;
}

void x64_emit_fp_arith(CodeCursor *c, const IROp *op, const BackendArgs *a)
{
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    unsigned flags = (unsigned)ca[0];
    bool single = flags & IR_FP_F32;
    int d = a->o[0].reg, s = a->scratch[0];
    X64FpSlowPath tmp, *sp = nb_fp_slow < X64_MAX_FP_SLOW ? &fp_slow[nb_fp_slow++] : &tmp;
    if (sp == &tmp)
        fp_slow_overflow = true;
    *sp = (X64FpSlowPath){.fn = (const void *)(uintptr_t)ca[1], .arg = ca[2], .out = (int8_t)d,
                          .nb_in = (uint8_t)op->nb_iargs, .save = a->live & backend_call_clobbered};
    for (unsigned i = 0; i < op->nb_iargs; i++)
        sp->in[i] = a->i[i].reg;
    if (!x64_emit_fp_op(c, op, a, flags, single)) {
        sp->jcc[0] = x64_jmp_rel32(c, c->p); /* always the fallback */
        sp->jcc[1] = NULL;
        sp->back = c->p;
        return;
    }
    int w = single ? 0 : X64_P_W;
    x64_op_rr(c, x64_fp_ucomis[single], X64_VTMP, X64_VTMP);
    sp->jcc[0] = x64_jcc_rel32(c, X64_CC_P, c->p);
    x64_op_rr(c, X64_SSE_MOVD_EV | w, X64_VTMP, d);
    x64_lea(c, !single, s, d, d, 0, 0);
    x64_shift_ri(c, X64_SHIFT_ROR, !single, s, single ? 24 : 53);
    x64_arith_ri(c, X64_ARITH_CMP, !single, s, 1);
    sp->jcc[1] = x64_jcc_rel32(c, X64_CC_E, c->p);
    sp->back = c->p;
}

static void x64_emit_fp_slow(CodeCursor *c, const X64FpSlowPath *sp)
{
    x64_set_rel32(sp->jcc[0], c->p);
    if (sp->jcc[1])
        x64_set_rel32(sp->jcc[1], c->p);
    X64SavedRegs saved;
    x64_save_live(c, sp->save, sp->out, &saved);

    /* The inputs may sit in each other's argument registers: the stack
     * moves them in parallel. */
    static const int8_t arg_regs[] = {X64_RSI, X64_RDX, X64_RCX, X64_R8};
    for (int i = 0; i < sp->nb_in; i++)
        x64_push(c, sp->in[i]);
    for (int i = sp->nb_in; i-- > 0;)
        x64_pop(c, arg_regs[i]);
    x64_mov_rr(c, true, X64_RDI, X64_REG_ENV);
    x64_movi(c, arg_regs[sp->nb_in], sp->arg);
    backend_emit_call(c, sp->fn);
    x64_mov_rr(c, true, sp->out, X64_RAX);

    x64_restore_live(c, &saved);
    x64_jmp_rel32(c, sp->back);
}

int x64_fp_tb_finish(CodeCursor *c)
{
    if (fp_slow_overflow)
        return -2;
    if ((size_t)(c->end - c->p) < (size_t)nb_fp_slow * X64_FP_SLOW_BYTES)
        return -1;
    for (unsigned i = 0; i < nb_fp_slow; i++)
        x64_emit_fp_slow(c, &fp_slow[i]);
    return 0;
}
