/*
 * Dead code elimination (opt_dce).
 *
 * One backward walk computes which temps are live after each op; an op
 * without side effects whose outputs are all dead becomes a nop:
 *
 *     add_i32 t0, r1, $0x1       (t0 never read: removed)
 *     mov_i32 r2, t1             (r2 written again before any read: removed)
 *     mov_i32 r2, t3
 *     exit_tb_i64 $0x0           (globals are live here)
 *
 * What is live where:
 *  - globals: at every TB exit and branch, at goto_tb, at helper calls that
 *    may read them (no IR_CALL_NO_READ_GLOBALS, or IR_CALL_MAY_RAISE) and at
 *    ops that may raise a guest exception (IR_F_RAISE), whose handler sees
 *    the guest state. Host ld/st of env are assumed not to alias globals.
 *  - block-local temps: dead at the end of their basic block.
 *  - TB temps: dead at exit_tb/goto_ptr; at br/brcond they are taken as
 *    live, because the target label's needs are not tracked. At a label
 *    reached by fall-through the state just computed is exact, so it is kept.
 *
 * Resetting every temp at each of these points would make the pass
 * quadratic. Instead each temp records in IRTempInfo.state the step at which
 * its liveness was last set (state >> 1) and that liveness (state & 1); a
 * reset is one stamp per kind, and a temp older than the latest reset of its
 * kind takes that reset's default.
 */
#include "tcg/opt.h"
#include "xrun/codegen.h"

typedef struct DceCtx {
    IRContext *ir;
    uint32_t step;         /* increases as the walk goes backward */
    uint32_t bb_dead_at;   /* block-local temps older than this are dead */
    uint32_t tb_reset_at;  /* TB temps older than this are tb_reset_live */
    bool tb_reset_live;
    uint32_t glob_live_at; /* globals older than this are live */
} DceCtx;

static bool temp_live(DceCtx *d, IRTemp t)
{
    const IRTempInfo *ti = &d->ir->temps[t];
    uint32_t stamp = ti->state >> 1;
    bool live = ti->state & 1;
    switch (ti->kind) {
    case IR_TEMP_BB: return stamp > d->bb_dead_at ? live : false;
    case IR_TEMP_TB: return stamp > d->tb_reset_at ? live : d->tb_reset_live;
    case IR_TEMP_GLOBAL: return stamp > d->glob_live_at ? live : true;
    default: return true; /* env and constants are never outputs */
    }
}

static void set_live(DceCtx *d, IRTemp t, bool live)
{
    d->ir->temps[t].state = d->step << 1 | (live ? 1u : 0u);
}

/* The live-out state at the end of a basic block, seen walking backward. */
static void block_end(DceCtx *d, const IROp *op)
{
    d->bb_dead_at = ++d->step;
    if (op->opc == IR_OP_set_label)
        return; /* fall-through into the label: what follows is exact */
    d->tb_reset_at = d->step;
    d->tb_reset_live = op->opc == IR_OP_br || op->opc == IR_OP_brcond;
    d->glob_live_at = d->step;
}

static bool may_remove(const IROp *op)
{
    uint8_t fl = ir_op_defs[op->opc].flags;
    if (op->opc == IR_OP_call) {
        uint64_t cf = opt_call_flags(op);
        return (cf & IR_CALL_NO_SIDE_EFFECTS) && !(cf & IR_CALL_MAY_RAISE);
    }
    return !(fl & (IR_F_SIDE | IR_F_CALL));
}

/* Does this op (or the exception it may raise) look at guest globals? */
static bool reads_globals(const IROp *op)
{
    if (op->opc == IR_OP_call) {
        uint64_t cf = opt_call_flags(op);
        return !(cf & IR_CALL_NO_READ_GLOBALS) || (cf & IR_CALL_MAY_RAISE);
    }
    return op->opc == IR_OP_goto_tb || (ir_op_defs[op->opc].flags & IR_F_RAISE);
}

static bool outputs_dead(DceCtx *d, const IROp *op)
{
    for (unsigned k = 0; k < op->nb_oargs; k++)
        if (temp_live(d, (IRTemp)op->args[k]))
            return false;
    return true;
}

static void dce_op(DceCtx *d, IROp *op)
{
    if (ir_op_defs[op->opc].flags & IR_F_BB_END)
        block_end(d, op);
    if (may_remove(op) && outputs_dead(d, op)) {
        opt_make_nop(op);
        return;
    }
    d->step++;
    for (unsigned k = 0; k < op->nb_oargs; k++)
        set_live(d, (IRTemp)op->args[k], false);
    if (reads_globals(op))
        d->glob_live_at = ++d->step;
    d->step++;
    for (unsigned k = op->nb_oargs; k < (unsigned)(op->nb_oargs + op->nb_iargs); k++)
        set_live(d, (IRTemp)op->args[k], true);
}

void opt_dce(IRContext *ir)
{
    /* After the last op: only globals are live. */
    DceCtx d = {.ir = ir, .step = 1, .bb_dead_at = 1, .tb_reset_at = 1, .glob_live_at = 1};
    for (uint32_t t = 0; t < ir->nb_temps; t++)
        ir->temps[t].state = 0;
    for (uint32_t i = ir->nb_ops; i-- > 0;) {
        IROp *op = &ir->ops[i];
        if (op->opc != IR_OP_nop)
            dce_op(&d, op);
    }
}
