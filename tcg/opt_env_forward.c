/*
 * Forwarding of env stores to env loads (opt_env_forward).
 *
 * Guest state that is not an IR global (the A64 V registers) is read and
 * written with ld/st and ld_vec/st_vec at constant offsets from env.
 * Inside a basic block, a load from a slot that an earlier op stored or
 * vector-loaded reads a value some temp already holds; the pass makes it
 * a mov, an element extract or a clrhi_vec of that temp, so the value
 * stays in a host register and the round trip through memory (which
 * stalls when an 8-byte store feeds a 16-byte load) disappears:
 *
 *     shri_vec_v64 t3, t2, $0x2, $0x13        shri_vec_v64 t3, t2, $0x2, $0x13
 *     st_vec_v64 t3, env, $0x2d0              st_vec_v64 t3, env, $0x2d0
 *     st_i64 $0x0, env, $0x2d8, $0x3    ->    st_i64 $0x0, env, $0x2d8, $0x3
 *     ld_vec_v128 t5, env, $0x2d0             clrhi_vec_v128 t5, t3
 *     add_vec_v64 t6, t5, t4, $0x2            add_vec_v64 t6, t3, t4, $0x2
 *     ld_i64 t7, env, $0x2d4, $0x2            extract_vec_i64 t7, t3, $0x1, $0x2
 *
 * A V64 op reads only the low half of its inputs, so it reads t3 rather
 * than the clrhi_vec of it, which DCE then removes. A scalar written
 * where a vector is read (an FMOV to an S or D register, then a vector op
 * on it) becomes dup_vec + clrhi_vec; a load narrower than a stored slot
 * becomes its zero or sign extension.
 *
 * Stores are kept: memory stays exact for helpers, exceptions and the
 * next block. What is known is dropped at the end of a basic block
 * (block-local temps die and a label may be reached with other values),
 * at every call (a helper may write any of env), when a temp holding a
 * value is written, and for the bytes of any store. Slots that back IR
 * globals are left alone: the global, not memory, holds their value.
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

/* d = clrhi_vec s: d and s have the same low 64 bits. */
typedef struct FwdLow {
    IRTemp d, s;
} FwdLow;

typedef struct FwdCtx {
    IRContext *ir;
    FwdSlot slot[FWD_MAX];
    unsigned n;
    FwdLow low[FWD_MAX];
    unsigned nlow;
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

/* -- Low halves -- */

/* A V64 op reads only the low 64 bits of its vector inputs, so it may
 * read s where d = clrhi_vec s; the clrhi_vec then often dies. */
static void clrhi(FwdCtx *c, IRTemp d, IRTemp s)
{
    ir_clrhi_vec(c->ir, d, s);
    if (d == s)
        return;
    if (c->nlow == FWD_MAX) {
        memmove(&c->low[0], &c->low[1], sizeof(c->low[0]) * (FWD_MAX - 1));
        c->nlow--;
    }
    c->low[c->nlow++] = (FwdLow){d, s};
}

static void read_low_halves(FwdCtx *c, IROp *op)
{
    if (!ir_op_is_vec(op->opc) || op->type != IR_V64)
        return;
    for (unsigned k = op->nb_oargs; k < (unsigned)op->nb_oargs + op->nb_iargs; k++)
        for (unsigned i = c->nlow; i-- > 0;)
            if (c->low[i].d == (IRTemp)op->args[k]) {
                op->args[k] = c->low[i].s;
                break;
            }
}

/* t was written: forget what it held and the low halves it took part in. */
static void written(FwdCtx *c, IRTemp t)
{
    forget_if(c, slot_held_by, (int32_t)t, 0);
    unsigned k = 0;
    for (unsigned i = 0; i < c->nlow; i++)
        if (c->low[i].d != t && c->low[i].s != t)
            c->low[k++] = c->low[i];
    c->nlow = k;
}

/* -- Replacements: appended to the rebuilt op list -- */

/* d (type t) = the low bytes of scalar val, extended as memop says. */
static void gen_low_bytes(IRContext *ir, IRType t, IRTemp d, IRTemp val, unsigned memop)
{
    static const IROpcode ext_u[4] = {IR_OP_ext8u, IR_OP_ext16u, IR_OP_ext32u, IR_OP_mov};
    static const IROpcode ext_s[4] = {IR_OP_ext8s, IR_OP_ext16s, IR_OP_ext32s, IR_OP_mov};
    unsigned size = memop & MO_SIZE;
    IRTemp src = val;
    IRType vt = (IRType)ir->temps[val].type;
    if (vt != t) {
        src = ir_new(ir, t);
        if (t == IR_I32)
            ir_extrl_i64_i32(ir, src, val);
        else
            ir_extu_i32_i64(ir, src, val);
    }
    if ((8u << size) >= (t == IR_I32 ? 32u : 64u))
        ir_mov(ir, t, d, src);
    else
        ir_unop(ir, (memop & MO_SIGN ? ext_s : ext_u)[size], t, d, src);
}

/* ld_vec d, env, ofs of the given size: from a vector slot starting
 * there, or from the low 8 bytes of a 64-bit vector write (a vector or
 * scalar slot followed by 8 zero bytes). */
static bool forward_ld_vec(FwdCtx *c, IRTemp d, int32_t ofs, unsigned bytes)
{
    IRContext *ir = c->ir;
    const FwdSlot *s = find_covering(c, ofs, bytes);
    if (s && s->ofs == ofs) {
        ir_mov(ir, (IRType)ir->temps[d].type, d, s->val);
        return true;
    }
    const FwdSlot *lo = find(c, ofs, 8, true), *lo_x = find(c, ofs, 8, false);
    const FwdSlot *hi = find(c, ofs + 8, 8, false);
    bool hi_zero = bytes == 8 || (hi && is_zero(ir, hi->val));
    if (lo && hi_zero) {
        clrhi(c, d, lo->val);
        return true;
    }
    if (lo_x && hi_zero && ir->temps[lo_x->val].type == IR_I64) {
        IRTemp t = ir_new(ir, IR_V128);
        ir_dup_vec(ir, IR_V64, MO_64, t, lo_x->val);
        clrhi(c, d, t);
        return true;
    }
    return false;
}

/* ld d, env, ofs, memop: from the low bytes of a scalar slot starting
 * there, or as an element of a vector slot. */
static bool forward_ld(FwdCtx *c, IRType t, IRTemp d, int32_t ofs, unsigned memop)
{
    IRContext *ir = c->ir;
    unsigned bytes = ir_memop_bytes(memop);
    for (unsigned i = c->n; i-- > 0;) {
        const FwdSlot *s = &c->slot[i];
        if (!s->vec && s->ofs == ofs && s->bytes >= bytes) {
            gen_low_bytes(ir, t, d, s->val, memop);
            return true;
        }
    }
    const FwdSlot *s = find_covering(c, ofs, bytes);
    if (!s || (ofs - s->ofs) % (int32_t)bytes != 0)
        return false;
    unsigned idx = (unsigned)((ofs - s->ofs) / (int32_t)bytes);
    if (!(memop & MO_SIGN) || bytes == type_bytes(t)) {
        ir_extract_vec(ir, t, memop & MO_SIZE, d, s->val, idx);
    } else {
        IRTemp e = ir_new(ir, t);
        ir_extract_vec(ir, t, memop & MO_SIZE, e, s->val, idx);
        gen_low_bytes(ir, t, d, e, memop);
    }
    return true;
}

/* Appends a copy of op, reading low halves where it may. */
static void keep(FwdCtx *c, const IROp *op)
{
    IROp *copy = ir_emit(c->ir, (IROpcode)op->opc, (IRType)op->type);
    *copy = *op;
    read_low_halves(c, copy);
}

/* Loads and stores at constant env offsets, appended as they are or
 * replaced; true if op was one. */
static bool env_access(FwdCtx *c, const IROp *op)
{
    IRContext *ir = c->ir;
    bool load = op->opc == IR_OP_ld || op->opc == IR_OP_ld_vec;
    bool vec = op->opc == IR_OP_ld_vec || op->opc == IR_OP_st_vec;
    if (!load && op->opc != IR_OP_st && op->opc != IR_OP_st_vec)
        return false;
    IRTemp v = (IRTemp)op->args[0];
    int32_t ofs = (int32_t)op->args[2];
    unsigned memop = vec ? 0 : (unsigned)op->args[3];
    unsigned bytes = vec ? type_bytes((IRType)op->type) : ir_memop_bytes(memop);
    if ((IRTemp)op->args[1] != IR_ENV || backs_global(ir, ofs, bytes)) {
        keep(c, op);
        if (load)
            written(c, v);
        else if ((IRTemp)op->args[1] == IR_ENV)
            forget_if(c, slot_overlaps, ofs, bytes);
        else
            c->n = 0; /* a store through another pointer could reach env */
        return true;
    }
    if (!load) {
        keep(c, op);
        forget_if(c, slot_overlaps, ofs, bytes);
        remember(c, ofs, bytes, vec, v);
        return true;
    }
    const FwdSlot *same = find(c, ofs, bytes, vec);
    if (same && same->val == v)
        return true; /* v already holds the slot: the load goes */
    written(c, v);
    bool forwarded = vec ? forward_ld_vec(c, v, ofs, bytes) : forward_ld(c, (IRType)op->type, v, ofs, memop);
    if (!forwarded)
        keep(c, op);
    /* A scalar load is not a value to reuse: some scalar fields of env
     * (the pending-exit word) change under the block's feet. */
    if (!forwarded && vec)
        remember(c, ofs, bytes, vec, v);
    return true;
}

void opt_env_forward(IRContext *ir)
{
    static __thread FwdCtx c;
    static __thread IROp *saved;
    if (!saved)
        saved = xr_malloc(sizeof(IROp) * IR_MAX_OPS);
    uint32_t n = ir->nb_ops;
    memcpy(saved, ir->ops, n * sizeof(IROp));
    ir->nb_ops = 0;
    c.ir = ir;
    c.n = c.nlow = 0;
    for (uint32_t i = 0; i < n && !ir->overflow; i++) {
        const IROp *op = &saved[i];
        unsigned flags = ir_op_defs[op->opc].flags;
        if (op->opc == IR_OP_nop)
            continue;
        if (env_access(&c, op))
            continue;
        if (flags & (IR_F_BB_END | IR_F_CALL)) {
            keep(&c, op);
            c.n = c.nlow = 0;
            continue;
        }
        if (op->opc == IR_OP_clrhi_vec) {
            written(&c, (IRTemp)op->args[0]);
            clrhi(&c, (IRTemp)op->args[0], (IRTemp)op->args[1]);
            continue;
        }
        keep(&c, op); /* its inputs as they are before it writes */
        for (unsigned k = 0; k < op->nb_oargs; k++)
            written(&c, (IRTemp)op->args[k]);
    }
    if (ir->overflow) { /* no room for the replacements: the block as it was */
        memcpy(ir->ops, saved, n * sizeof(IROp));
        ir->nb_ops = n;
        ir->overflow = false;
    }
}
