/*
 * Forwarding of env stores to env loads (opt_env_forward).
 *
 * Guest state that is not an IR global (the A64 V registers) is read and
 * written with ld/st and ld_vec/st_vec at constant offsets from env. Inside
 * a basic block a load from a slot that an earlier op stored or loaded
 * reads the value a temp already holds (vector loads count as well as
 * stores); the pass makes it a mov (or an
 * element extract, or clrhi_vec) of that temp, so the value stays in a
 * host register and the store-to-load round trip through memory, which
 * stalls when an 8-byte store feeds a 16-byte load, disappears:
 *
 *     shri_vec_v64 t3, t2, $0x2, $0x13        shri_vec_v64 t3, t2, $0x2, $0x13
 *     st_vec_v64 t3, env, $0x2d0              st_vec_v64 t3, env, $0x2d0
 *     st_i64 $0x0, env, $0x2d8, $0x3    ->    st_i64 $0x0, env, $0x2d8, $0x3
 *     ld_vec_v128 t5, env, $0x2d0             clrhi_vec_v128 t5, t3
 *     ld_i64 t6, env, $0x2d4, $0x2            extract_vec_i64 t6, t3, $0x1, $0x2
 *
 * Stores are kept: memory stays exact for helpers, exceptions and the next
 * block. What is known is dropped at the end of a basic block (block-local
 * temps die and a label may be reached with other values), at every call
 * (a helper may write any of env), when a temp holding a value is written,
 * and for the bytes of any store. Slots that back IR globals are left
 * alone: the global, not memory, holds their value.
 */
#include <string.h>

#include "tcg/opt.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

#define FWD_MAX 64 /* slots remembered; the oldest is forgotten first */

/* A slot of env whose contents a temp holds. */
typedef struct FwdSlot {
    int32_t ofs;
    uint8_t bytes;
    bool vec;    /* val is a vector holding the bytes in its low end */
    IRTemp val;  /* for a scalar slot, val's low bytes are the slot */
} FwdSlot;

typedef struct FwdCtx {
    IRContext *ir;
    FwdSlot slot[FWD_MAX];
    unsigned n;
} FwdCtx;

static unsigned type_bytes(IRType t)
{
    switch (t) {
    case IR_I32: return 4;
    case IR_V128: return 16;
    default: return 8;
    }
}

static bool overlaps(int32_t a, unsigned an, int32_t b, unsigned bn)
{
    return a < b + (int32_t)bn && b < a + (int32_t)an;
}

/* True when [ofs, ofs + bytes) touches the env field of a global. */
static bool backs_global(IRContext *ir, int32_t ofs, unsigned bytes)
{
    for (uint32_t g = 1; g < ir->nb_globals; g++) {
        const IRTempInfo *ti = &ir->temps[g];
        if (ti->kind == IR_TEMP_GLOBAL && overlaps(ofs, bytes, ti->mem_offset, type_bytes((IRType)ti->type)))
            return true;
    }
    return false;
}

static void forget_if(FwdCtx *c, bool (*pred)(const FwdSlot *, int32_t, unsigned), int32_t a, unsigned b)
{
    unsigned k = 0;
    for (unsigned i = 0; i < c->n; i++)
        if (!pred(&c->slot[i], a, b))
            c->slot[k++] = c->slot[i];
    c->n = k;
}

static bool slot_overlaps(const FwdSlot *s, int32_t ofs, unsigned bytes)
{
    return overlaps(s->ofs, s->bytes, ofs, bytes);
}

static bool slot_held_by(const FwdSlot *s, int32_t temp, unsigned unused)
{
    return s->val == (IRTemp)temp;
}

static void remember(FwdCtx *c, int32_t ofs, unsigned bytes, bool vec, IRTemp val)
{
    if (c->n == FWD_MAX) {
        memmove(&c->slot[0], &c->slot[1], sizeof(c->slot[0]) * (FWD_MAX - 1));
        c->n--;
    }
    c->slot[c->n++] = (FwdSlot){ofs, (uint8_t)bytes, vec, val};
}

static const FwdSlot *find(FwdCtx *c, int32_t ofs, unsigned bytes, bool vec)
{
    for (unsigned i = c->n; i-- > 0;)
        if (c->slot[i].ofs == ofs && c->slot[i].bytes == bytes && c->slot[i].vec == vec)
            return &c->slot[i];
    return NULL;
}

/* The vector slot holding all of [ofs, ofs + bytes), or NULL. */
static const FwdSlot *find_covering(FwdCtx *c, int32_t ofs, unsigned bytes)
{
    for (unsigned i = c->n; i-- > 0;) {
        const FwdSlot *s = &c->slot[i];
        if (s->vec && s->ofs <= ofs && ofs + (int32_t)bytes <= s->ofs + s->bytes)
            return s;
    }
    return NULL;
}

static bool is_zero(IRContext *ir, IRTemp t)
{
    return ir->temps[t].kind == IR_TEMP_CONST && ir->temps[t].val == 0;
}

/* Rewrites op (1 output, 1 input) in place. */
static void rewrite_unary(IROp *op, IROpcode opc, IRType t, IRTemp d, IRTemp s, unsigned nb_cargs)
{
    op->opc = (uint16_t)opc;
    op->type = (uint8_t)t;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = (uint8_t)nb_cargs;
    op->life = 0;
    op->args[0] = d;
    op->args[1] = s;
}

/* ld_vec d, env, ofs: from a vector slot of at least its size, or an
 * 8-byte vector slot followed by 8 zero bytes (a 64-bit vector write). */
static bool forward_ld_vec(FwdCtx *c, IROp *op, IRTemp d, int32_t ofs, unsigned bytes)
{
    const FwdSlot *s = find_covering(c, ofs, bytes);
    if (s && s->ofs == ofs) {
        opt_make_mov(c->ir, op, d, s->val);
        return true;
    }
    s = find(c, ofs, 8, true);
    const FwdSlot *hi = find(c, ofs + 8, 8, false);
    if (bytes == 16 && s && hi && is_zero(c->ir, hi->val)) {
        rewrite_unary(op, IR_OP_clrhi_vec, IR_V128, d, s->val, 0);
        return true;
    }
    return false;
}

/* ld d, env, ofs, memop: from a scalar slot of the same size whose temp
 * has d's type and width, or as an element of a vector slot. */
static bool forward_ld(FwdCtx *c, IROp *op, IRTemp d, int32_t ofs, unsigned memop)
{
    IRType t = (IRType)op->type;
    unsigned bytes = ir_memop_bytes(memop);
    bool whole = bytes == type_bytes(t);
    const FwdSlot *s = find(c, ofs, bytes, false);
    if (s && whole && c->ir->temps[s->val].type == t) {
        opt_make_mov(c->ir, op, d, s->val);
        return true;
    }
    s = find_covering(c, ofs, bytes);
    if (s && (whole || !(memop & MO_SIGN)) && (ofs - s->ofs) % (int32_t)bytes == 0) {
        rewrite_unary(op, IR_OP_extract_vec, t, d, s->val, 2);
        op->args[2] = (uint64_t)((ofs - s->ofs) / (int32_t)bytes);
        op->args[3] = memop & MO_SIZE;
        return true;
    }
    return false;
}

/* Loads and stores at constant env offsets; true if op was one. */
static bool env_access(FwdCtx *c, IROp *op)
{
    bool load = op->opc == IR_OP_ld || op->opc == IR_OP_ld_vec;
    bool vec = op->opc == IR_OP_ld_vec || op->opc == IR_OP_st_vec;
    if (!load && op->opc != IR_OP_st && op->opc != IR_OP_st_vec)
        return false;
    IRTemp v = (IRTemp)op->args[0];
    int32_t ofs = (int32_t)op->args[2];
    unsigned memop = vec ? 0 : (unsigned)op->args[3];
    unsigned bytes = vec ? type_bytes((IRType)op->type) : ir_memop_bytes(memop);
    if ((IRTemp)op->args[1] != IR_ENV) {
        if (!load)
            c->n = 0; /* a store through another pointer could reach env */
        else
            forget_if(c, slot_held_by, (int32_t)v, 0);
        return true;
    }
    if (backs_global(c->ir, ofs, bytes)) {
        if (load)
            forget_if(c, slot_held_by, (int32_t)v, 0);
        else
            forget_if(c, slot_overlaps, ofs, bytes);
        return true;
    }
    if (!load) {
        forget_if(c, slot_overlaps, ofs, bytes);
        remember(c, ofs, bytes, vec, v);
        return true;
    }
    const FwdSlot *same = vec ? find(c, ofs, bytes, true) : find(c, ofs, bytes, false);
    if (same && same->val == v) {
        opt_make_nop(op); /* v already holds the slot */
        return true;
    }
    bool forwarded = vec ? forward_ld_vec(c, op, v, ofs, bytes) : forward_ld(c, op, v, ofs, memop);
    if (op->opc == IR_OP_nop)
        return true; /* a mov of v to itself */
    forget_if(c, slot_held_by, (int32_t)v, 0);
    /* A scalar load is not a value to reuse: some scalar fields of env
     * (the pending-exit word) change under the block's feet. */
    if (!forwarded && vec)
        remember(c, ofs, bytes, vec, v);
    return true;
}

void opt_env_forward(IRContext *ir)
{
    static __thread FwdCtx c;
    c.ir = ir;
    c.n = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        unsigned flags = ir_op_defs[op->opc].flags;
        if (op->opc == IR_OP_nop || op->opc == IR_OP_insn_start)
            continue;
        if ((flags & (IR_F_BB_END | IR_F_CALL)) || op->opc == IR_OP_goto_tb) {
            c.n = 0;
            continue;
        }
        if (env_access(&c, op))
            continue;
        for (unsigned k = 0; k < op->nb_oargs; k++)
            forget_if(&c, slot_held_by, (int32_t)op->args[k], 0);
    }
}
