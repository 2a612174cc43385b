/*
 * Private helpers shared by the optimizer passes (tcg/opt*.c): rewriting an
 * op in place and reading constant temps at their exact width.
 *
 * Passes never compact the op array; a deleted op becomes IR_OP_nop, which
 * every later pass and the backend skip.
 */
#ifndef XRUN_TCG_OPT_H
#define XRUN_TCG_OPT_H

#include <stdint.h>

#include "xrun/ir.h"

static inline unsigned opt_type_bits(IRType t) { return t == IR_I32 ? 32 : 64; }

static inline uint64_t opt_type_mask(IRType t) { return t == IR_I32 ? 0xffffffffull : ~0ull; }

/* Canonical form of a value of type t: i32 values are kept sign-extended. */
static inline uint64_t opt_norm(IRType t, uint64_t v)
{
    return t == IR_I32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)v : v;
}

static inline IRType opt_temp_type(IRContext *ctx, IRTemp t) { return (IRType)ctx->temps[t].type; }

/* The value of a constant temp, canonical for its type. */
static inline uint64_t opt_const_val(IRContext *ctx, IRTemp t)
{
    return opt_norm(opt_temp_type(ctx, t), (uint64_t)ctx->temps[t].val);
}

static inline void opt_make_nop(IROp *op)
{
    op->opc = IR_OP_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
    op->life = 0;
}

/* Rewrites op into "mov dst, src"; a self-move becomes a nop. */
static inline void opt_make_mov(IRContext *ctx, IROp *op, IRTemp dst, IRTemp src)
{
    if (dst == src) {
        opt_make_nop(op);
        return;
    }
    op->opc = IR_OP_mov;
    op->type = (uint8_t)opt_temp_type(ctx, dst);
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->life = 0;
    op->args[0] = dst;
    op->args[1] = src;
}

/* Rewrites op into "br label". */
static inline void opt_make_br(IROp *op, uint64_t label)
{
    op->opc = IR_OP_br;
    op->type = IR_I32;
    op->nb_oargs = op->nb_iargs = 0;
    op->nb_cargs = 1;
    op->life = 0;
    op->args[0] = label;
}

/* The label a br/brcond jumps to. */
static inline uint64_t opt_branch_target(IROp *op)
{
    return op->opc == IR_OP_br ? op->args[0] : op->args[3];
}

/* The IR_CALL_* flags of a call op (its carg 1). */
static inline uint64_t opt_call_flags(const IROp *op)
{
    return op->args[op->nb_oargs + op->nb_iargs + 1];
}

/* Is this op a helper call that may write guest globals? */
static inline bool opt_call_writes_globals(const IROp *op)
{
    return op->opc == IR_OP_call && !(opt_call_flags(op) & IR_CALL_NO_WRITE_GLOBALS);
}

#endif
