/*
 * Copy propagation (opt_copy_prop).
 *
 * After "mov d, s", later reads of d inside the same basic block read s
 * instead, so that the mov often becomes dead and DCE removes it:
 *
 *     mov_i32 t0, r1                 mov_i32 t0, r1      (dead, for DCE)
 *     add_i32 t1, t0, $0x4     ->    add_i32 t1, r1, $0x4
 *     mov_i32 r1, t2                 mov_i32 r1, t2
 *     sub_i32 t3, t0, t1             sub_i32 t3, t0, t1  (r1 changed: t0 kept)
 *
 * A copy is valid while neither d nor s has been written since the mov.
 * Each temp carries a write version; a copy records the version of its
 * source, so invalidating every copy of s is just "s's version changes"
 * and the pass stays linear. All copies are dropped at the end of a basic
 * block (IR_F_BB_END): a block-local source is dead past it, and a label
 * may be reached with other values. A helper call that may write globals
 * bumps every global's version.
 */
#include <string.h>

#include "tcg/opt.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

typedef struct CopyInfo {
    uint32_t version;     /* bumped on every write of this temp */
    uint32_t src;         /* this temp is a copy of src ... */
    uint32_t src_version; /* ... as src was at this version ... */
    uint32_t block;       /* ... recorded in this basic block */
} CopyInfo;

typedef struct CopyCtx {
    IRContext *ir;
    CopyInfo *info;
    uint32_t block; /* current basic block number, from 1 */
} CopyCtx;

/* The temp whose value t certainly holds, or t itself. */
static IRTemp copy_source(CopyCtx *c, IRTemp t)
{
    const CopyInfo *ci = &c->info[t];
    if (ci->block == c->block && c->info[ci->src].version == ci->src_version)
        return ci->src;
    return t;
}

static void note_write(CopyCtx *c, IRTemp t)
{
    c->info[t].version++;
    c->info[t].block = 0;
}

static void note_copy(CopyCtx *c, IRTemp dst, IRTemp src)
{
    IRContext *ir = c->ir;
    if (ir->temps[dst].type != ir->temps[src].type)
        return;
    CopyInfo *ci = &c->info[dst];
    ci->src = src;
    ci->src_version = c->info[src].version;
    ci->block = c->block;
}

static void substitute_inputs(CopyCtx *c, IROp *op)
{
    for (unsigned i = op->nb_oargs; i < (unsigned)(op->nb_oargs + op->nb_iargs); i++)
        op->args[i] = copy_source(c, (IRTemp)op->args[i]);
}

static void copy_prop_op(CopyCtx *c, IROp *op)
{
    IRContext *ir = c->ir;
    substitute_inputs(c, op);
    if (op->opc == IR_OP_mov && op->args[0] == op->args[1]) {
        opt_make_nop(op); /* mov x, x: nothing changes, no copy is lost */
        return;
    }
    for (unsigned k = 0; k < op->nb_oargs; k++)
        note_write(c, (IRTemp)op->args[k]);
    if (opt_call_writes_globals(op))
        for (uint32_t g = 0; g < ir->nb_globals; g++)
            note_write(c, g);
    if (op->opc == IR_OP_mov)
        note_copy(c, (IRTemp)op->args[0], (IRTemp)op->args[1]);
    if (ir_op_defs[op->opc].flags & IR_F_BB_END)
        c->block++;
}

void opt_copy_prop(IRContext *ir)
{
    /* One table per thread, cleared for the temps of this TB: allocating it
     * for every TB cost more than a short block's propagation. */
    static __thread CopyInfo info[IR_MAX_TEMPS];
    CopyCtx c = {.ir = ir, .info = info, .block = 1};
    xr_assert(ir->nb_temps <= IR_MAX_TEMPS);
    memset(info, 0, ir->nb_temps * sizeof(info[0]));
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        if (op->opc != IR_OP_nop)
            copy_prop_op(&c, op);
    }
}
