/*
 * The IR builder: temps, labels, constants and one append function per op
 * shape. The op table ir_op_defs is generated from tcg/ops.def here; no
 * other file writes an op's arity.
 *
 * Constants are interned per block: ir_const(ctx, IR_I32, 4) twice returns
 * the same temp, so passes can compare constants by temp index.
 */
#include <stdlib.h>
#include <string.h>

#include "xrun/ir.h"
#include "xrun/util.h"

const IROpDef ir_op_defs[IR_OP_COUNT] = {
#define DEF(nm, oa, ia, ca, fl) [IR_OP_##nm] = {.name = #nm, .nb_oargs = oa, .nb_iargs = ia, .nb_cargs = ca, .flags = fl},
#include "tcg/ops.def"
#undef DEF
};

/* -- Conditions -- */

IRCond ir_cond_swap(IRCond c)
{
    switch (c) {
    case IR_COND_LT: return IR_COND_GT;
    case IR_COND_GT: return IR_COND_LT;
    case IR_COND_LE: return IR_COND_GE;
    case IR_COND_GE: return IR_COND_LE;
    case IR_COND_LTU: return IR_COND_GTU;
    case IR_COND_GTU: return IR_COND_LTU;
    case IR_COND_LEU: return IR_COND_GEU;
    case IR_COND_GEU: return IR_COND_LEU;
    default: return c; /* EQ, NE, ALWAYS, NEVER are symmetric */
    }
}

bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    if (t == IR_I32) {
        a = (uint32_t)a, b = (uint32_t)b;
        sa = (int32_t)a, sb = (int32_t)b;
    }
    switch (c) {
    case IR_COND_NEVER: return false;
    case IR_COND_ALWAYS: return true;
    case IR_COND_EQ: return a == b;
    case IR_COND_NE: return a != b;
    case IR_COND_LT: return sa < sb;
    case IR_COND_GE: return sa >= sb;
    case IR_COND_LE: return sa <= sb;
    case IR_COND_GT: return sa > sb;
    case IR_COND_LTU: return a < b;
    case IR_COND_GEU: return a >= b;
    case IR_COND_LEU: return a <= b;
    case IR_COND_GTU: return a > b;
    }
    xr_unreachable();
}

/* -- Context and temps -- */

void ir_context_init(IRContext *ctx, int env_reg)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->ops = xr_malloc(sizeof(IROp) * IR_MAX_OPS);
    IRTempInfo *env = &ctx->temps[0];
    env->type = IR_I64;
    env->kind = IR_TEMP_FIXED;
    env->reg = (int8_t)env_reg;
    env->val_loc = IR_VAL_REG;
    env->name = "env";
    ctx->nb_temps = ctx->nb_globals = 1;
    memset(ctx->const_hash, 0xff, sizeof(ctx->const_hash));
    ir_reset(ctx);
}

void ir_context_free(IRContext *ctx)
{
    free(ctx->ops);
    ctx->ops = NULL;
}

void ir_reset(IRContext *ctx)
{
    ctx->nb_temps = ctx->nb_globals;
    ctx->nb_ops = 0;
    ctx->nb_labels = 0;
    ctx->overflow = false;
    for (uint32_t i = 0; i < ctx->nb_const_used; i++)
        ctx->const_hash[ctx->const_used[i]] = UINT32_MAX;
    ctx->nb_const_used = 0;
    for (uint32_t i = 1; i < ctx->nb_globals; i++) {
        IRTempInfo *t = &ctx->temps[i];
        t->val_loc = IR_VAL_MEM;
        t->mem_coherent = true;
        t->reg = -1;
        t->state = 0;
        t->state_ptr = NULL;
    }
}

IRTemp ir_global(IRContext *ctx, IRType type, int32_t offset, const char *name)
{
    xr_assert(ctx->nb_temps == ctx->nb_globals);
    /* vector globals are loaded and spilled as whole aligned units */
    xr_assert(!ir_type_is_vec(type) || offset % (type == IR_V128 ? 16 : 8) == 0);
    if (ctx->nb_globals >= IR_MAX_GLOBALS)
        xr_fatal("ir_global: more than %d globals", IR_MAX_GLOBALS);
    IRTemp idx = ctx->nb_globals++;
    IRTempInfo *t = &ctx->temps[idx];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = IR_TEMP_GLOBAL;
    t->mem_offset = offset;
    t->mem_allocated = true;
    t->mem_coherent = true;
    t->val_loc = IR_VAL_MEM;
    t->reg = -1;
    t->name = name;
    ctx->nb_temps = ctx->nb_globals;
    return idx;
}

static IRTemp temp_alloc(IRContext *ctx, IRType type, IRTempKind kind)
{
    if (ctx->nb_temps >= IR_MAX_TEMPS) {
        /* Keep going with a harmless temp; the caller sees overflow and
         * retranslates the block shorter. */
        ctx->overflow = true;
        return ctx->nb_temps - 1;
    }
    IRTemp idx = ctx->nb_temps++;
    IRTempInfo *t = &ctx->temps[idx];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = kind;
    t->reg = -1;
    t->val_loc = IR_VAL_DEAD;
    return idx;
}

IRTemp ir_new(IRContext *ctx, IRType type) { return temp_alloc(ctx, type, IR_TEMP_BB); }
IRTemp ir_new_tb(IRContext *ctx, IRType type) { return temp_alloc(ctx, type, IR_TEMP_TB); }

IRTemp ir_const(IRContext *ctx, IRType type, int64_t val)
{
    if (type == IR_I32)
        val = (int32_t)val;
    uint64_t h = ((uint64_t)val * 0x9e3779b97f4a7c15ull) ^ type;
    unsigned n = XR_ARRAY_SIZE(ctx->const_hash); /* a power of two */
    for (unsigned i = 0; i < n; i++) {
        unsigned slot = (unsigned)((h >> 40) + i) & (n - 1);
        uint32_t idx = ctx->const_hash[slot];
        if (idx == UINT32_MAX) {
            IRTemp t = temp_alloc(ctx, type, IR_TEMP_CONST);
            ctx->temps[t].val = val;
            ctx->temps[t].val_loc = IR_VAL_CONST;
            ctx->const_hash[slot] = t;
            ctx->const_used[ctx->nb_const_used++] = (uint16_t)slot;
            return t;
        }
        IRTempInfo *ti = &ctx->temps[idx];
        if (ti->type == type && ti->val == val)
            return idx;
    }
    /* Table full: an uninterned constant is still correct. */
    IRTemp t = temp_alloc(ctx, type, IR_TEMP_CONST);
    ctx->temps[t].val = val;
    ctx->temps[t].val_loc = IR_VAL_CONST;
    return t;
}

int ir_new_label(IRContext *ctx)
{
    if (ctx->nb_labels >= IR_MAX_LABELS) {
        ctx->overflow = true;
        return IR_MAX_LABELS - 1;
    }
    return (int)ctx->nb_labels++;
}

/* -- Appending ops -- */

/* Appends an op whose args the caller fills, every one of them: the
 * builders below write all args, so clearing the op first (112 bytes, for
 * each of the hundred ops of a typical TB) would be wasted. */
static IROp *emit_raw(IRContext *ctx, IROpcode opc, IRType type)
{
    if (ctx->nb_ops >= IR_MAX_OPS - 1) {
        ctx->overflow = true;
        ctx->nb_ops = IR_MAX_OPS - 1; /* keep overwriting the last slot */
    }
    IROp *op = &ctx->ops[ctx->nb_ops++];
    op->opc = opc;
    op->type = type;
    op->nb_oargs = ir_op_defs[opc].nb_oargs;
    op->nb_iargs = ir_op_defs[opc].nb_iargs;
    op->nb_cargs = ir_op_defs[opc].nb_cargs;
    op->life = 0;
    return op;
}

IROp *ir_emit(IRContext *ctx, IROpcode opc, IRType type)
{
    IROp *op = emit_raw(ctx, opc, type);
    memset(op->args, 0, sizeof(op->args));
    return op;
}

static IROp *emit_args(IRContext *c, IROpcode opc, IRType t, unsigned n, const uint64_t *args)
{
    IROp *op = emit_raw(c, opc, t);
    xr_assert(n == (unsigned)(op->nb_oargs + op->nb_iargs + op->nb_cargs));
    memcpy(op->args, args, n * sizeof(uint64_t));
    return op;
}
#define EMIT(c, opc, t, ...) \
    emit_args(c, opc, t, sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t), (uint64_t[]){__VA_ARGS__})

void ir_mov(IRContext *c, IRType t, IRTemp d, IRTemp s)
{
    if (d != s)
        EMIT(c, IR_OP_mov, t, d, s);
}

void ir_movi(IRContext *c, IRType t, IRTemp d, int64_t v) { EMIT(c, IR_OP_mov, t, d, ir_const(c, t, v)); }

void ir_binop(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp b)
{
    xr_assert(ir_op_defs[opc].nb_oargs == 1 && ir_op_defs[opc].nb_iargs == 2 && ir_op_defs[opc].nb_cargs == 0);
    EMIT(c, opc, t, d, a, b);
}

void ir_unop(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a)
{
    xr_assert(ir_op_defs[opc].nb_oargs == 1 && ir_op_defs[opc].nb_iargs == 1 && ir_op_defs[opc].nb_cargs == 0);
    EMIT(c, opc, t, d, a);
}

void ir_binopi(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, int64_t imm)
{
    ir_binop(c, opc, t, d, a, ir_const(c, t, imm));
}

void ir_extu_i32_i64(IRContext *c, IRTemp d64, IRTemp s32) { EMIT(c, IR_OP_extu_i32, IR_I64, d64, s32); }
void ir_exts_i32_i64(IRContext *c, IRTemp d64, IRTemp s32) { EMIT(c, IR_OP_exts_i32, IR_I64, d64, s32); }
void ir_extrl_i64_i32(IRContext *c, IRTemp d32, IRTemp s64) { EMIT(c, IR_OP_extrl, IR_I32, d32, s64); }
void ir_extrh_i64_i32(IRContext *c, IRTemp d32, IRTemp s64) { EMIT(c, IR_OP_extrh, IR_I32, d32, s64); }
void ir_concat_i32_i64(IRContext *c, IRTemp d64, IRTemp lo, IRTemp hi) { EMIT(c, IR_OP_concat, IR_I64, d64, lo, hi); }

void ir_mulu2(IRContext *c, IRType t, IRTemp lo, IRTemp hi, IRTemp a, IRTemp b) { EMIT(c, IR_OP_mulu2, t, lo, hi, a, b); }
void ir_muls2(IRContext *c, IRType t, IRTemp lo, IRTemp hi, IRTemp a, IRTemp b) { EMIT(c, IR_OP_muls2, t, lo, hi, a, b); }

void ir_add2(IRContext *c, IRType t, IRTemp rl, IRTemp rh, IRTemp al, IRTemp ah, IRTemp bl, IRTemp bh)
{
    EMIT(c, IR_OP_add2, t, rl, rh, al, ah, bl, bh);
}

void ir_sub2(IRContext *c, IRType t, IRTemp rl, IRTemp rh, IRTemp al, IRTemp ah, IRTemp bl, IRTemp bh)
{
    EMIT(c, IR_OP_sub2, t, rl, rh, al, ah, bl, bh);
}

static unsigned type_bits(IRType t) { return t == IR_I32 ? 32 : 64; }

void ir_extract(IRContext *c, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len)
{
    xr_assert(len > 0 && pos + len <= type_bits(t));
    EMIT(c, IR_OP_extract, t, d, a, pos, len);
}

void ir_sextract(IRContext *c, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len)
{
    xr_assert(len > 0 && pos + len <= type_bits(t));
    EMIT(c, IR_OP_sextract, t, d, a, pos, len);
}

void ir_deposit(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b, unsigned pos, unsigned len)
{
    xr_assert(len > 0 && pos + len <= type_bits(t));
    EMIT(c, IR_OP_deposit, t, d, a, b, pos, len);
}

void ir_setcond(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b, IRCond cond)
{
    EMIT(c, IR_OP_setcond, t, d, a, b, cond);
}

void ir_movcond(IRContext *c, IRType t, IRTemp d, IRTemp c1, IRTemp c2, IRTemp v1, IRTemp v2, IRCond cond)
{
    EMIT(c, IR_OP_movcond, t, d, c1, c2, v1, v2, cond);
}

void ir_ld(IRContext *c, IRType t, IRTemp d, IRTemp base, int32_t offset, unsigned memop)
{
    EMIT(c, IR_OP_ld, t, d, base, (uint64_t)(int64_t)offset, memop);
}

void ir_st(IRContext *c, IRType t, IRTemp val, IRTemp base, int32_t offset, unsigned memop)
{
    EMIT(c, IR_OP_st, t, val, base, (uint64_t)(int64_t)offset, memop);
}

void ir_guest_ld(IRContext *c, IRType t, IRTemp d, IRTemp addr, unsigned memop, int mmu_idx)
{
    EMIT(c, IR_OP_guest_ld, t, d, addr, memop, (uint64_t)mmu_idx);
}

void ir_guest_st(IRContext *c, IRType t, IRTemp val, IRTemp addr, unsigned memop, int mmu_idx)
{
    EMIT(c, IR_OP_guest_st, t, val, addr, memop, (uint64_t)mmu_idx);
}

void ir_guest_cmpxchg(IRContext *c, IRType t, IRTemp old, IRTemp addr, IRTemp cmp, IRTemp nv,
                      unsigned memop, int mmu_idx)
{
    EMIT(c, IR_OP_guest_cmpxchg, t, old, addr, cmp, nv, memop, (uint64_t)mmu_idx);
}

void ir_fp_arith(IRContext *c, unsigned fop, IRTemp d, IRTemp a, IRTemp b, IRFpFallback fallback, uint64_t arg)
{
    xr_assert((fop & ~(unsigned)IR_FP_F32) < IR_FP_OPS);
    EMIT(c, IR_OP_fp_arith, IR_I64, d, a, b, (uint64_t)fop, (uint64_t)(uintptr_t)fallback, arg);
}

void ir_fp_muladd(IRContext *c, unsigned flags, IRTemp d, IRTemp a, IRTemp b, IRTemp addend, IRFpFallback3 fallback,
                  uint64_t arg)
{
    EMIT(c, IR_OP_fp_muladd, IR_I64, d, a, b, addend, (uint64_t)flags, (uint64_t)(uintptr_t)fallback, arg);
}

void ir_fp_cmp(IRContext *c, unsigned flags, IRTemp d, IRTemp a, IRTemp b)
{
    EMIT(c, IR_OP_fp_cmp, IR_I64, d, a, b, (uint64_t)flags);
}

void ir_mb(IRContext *c, int kind) { EMIT(c, IR_OP_mb, IR_I32, (uint64_t)kind); }

void ir_set_label(IRContext *c, int label) { EMIT(c, IR_OP_set_label, IR_I32, (uint64_t)label); }
void ir_br(IRContext *c, int label) { EMIT(c, IR_OP_br, IR_I32, (uint64_t)label); }

void ir_brcond(IRContext *c, IRType t, IRTemp a, IRTemp b, IRCond cond, int label)
{
    if (cond == IR_COND_ALWAYS)
        ir_br(c, label);
    else if (cond != IR_COND_NEVER)
        EMIT(c, IR_OP_brcond, t, a, b, cond, (uint64_t)label);
}

void ir_brcondi(IRContext *c, IRType t, IRTemp a, int64_t imm, IRCond cond, int label)
{
    ir_brcond(c, t, a, ir_const(c, t, imm), cond, label);
}

void ir_insn_start(IRContext *c, uint64_t pc, uint64_t extra) { EMIT(c, IR_OP_insn_start, IR_I64, pc, extra); }
void ir_goto_tb(IRContext *c, unsigned slot) { EMIT(c, IR_OP_goto_tb, IR_I64, slot); }
void ir_exit_tb(IRContext *c, uintptr_t val) { EMIT(c, IR_OP_exit_tb, IR_I64, val); }
void ir_goto_ptr(IRContext *c, IRTemp host_ptr) { EMIT(c, IR_OP_goto_ptr, IR_I64, host_ptr); }

void ir_call(IRContext *c, void *fn, unsigned flags, IRTemp ret, unsigned nb_in, const IRTemp *in)
{
    xr_assert(nb_in <= IR_MAX_CALL_IN);
    for (unsigned k = 0; k < nb_in; k++)
        xr_assert(!ir_type_is_vec((IRType)c->temps[in[k]].type)); /* helpers take scalars */
    IROp *op = emit_raw(c, IR_OP_call, ret != IR_NO_TEMP ? c->temps[ret].type : IR_I64);
    unsigned nb_out = ret != IR_NO_TEMP;
    op->nb_oargs = (uint8_t)nb_out;
    op->nb_iargs = (uint8_t)nb_in;
    unsigned i = 0;
    if (nb_out)
        op->args[i++] = ret;
    for (unsigned k = 0; k < nb_in; k++)
        op->args[i++] = in[k];
    op->args[i++] = (uintptr_t)fn;
    op->args[i++] = flags;
    op->args[i++] = nb_in | nb_out << 8;
}

/* -- Dump -- */

const char *ir_type_name(IRType t)
{
    static const char *const names[] = {"i32", "i64", "v64", "v128"};
    return (unsigned)t < XR_ARRAY_SIZE(names) ? names[t] : "?";
}

const char *ir_temp_name(IRContext *ctx, IRTemp t, char *buf, size_t len)
{
    const IRTempInfo *ti = &ctx->temps[t];
    if (ti->kind == IR_TEMP_GLOBAL || ti->kind == IR_TEMP_FIXED)
        snprintf(buf, len, "%s", ti->name);
    else if (ti->kind == IR_TEMP_CONST)
        snprintf(buf, len, "$0x%llx",
                 (unsigned long long)(ti->type == IR_I32 ? (uint32_t)ti->val : (uint64_t)ti->val));
    else
        snprintf(buf, len, "%s%u", ti->kind == IR_TEMP_TB ? "tb" : "t", (unsigned)(t - ctx->nb_globals));
    return buf;
}

static const char *const cond_names[] = {
    "never", "always", "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

void ir_dump_op(IRContext *ctx, const IROp *op, FILE *out)
{
    char buf[32];
    const IROpDef *def = &ir_op_defs[op->opc];
    if (op->opc == IR_OP_insn_start) {
        fprintf(out, " ---- %#llx %#llx\n", (unsigned long long)op->args[0], (unsigned long long)op->args[1]);
        return;
    }
    fprintf(out, "%s_%s", def->name, ir_type_name((IRType)op->type));
    unsigned n = op->nb_oargs + op->nb_iargs;
    const char *sep = " ";
    for (unsigned i = 0; i < n; i++) {
        fprintf(out, "%s%s", sep, ir_temp_name(ctx, (IRTemp)op->args[i], buf, sizeof(buf)));
        sep = ", ";
    }
    const uint64_t *cargs = &op->args[n];
    for (unsigned i = 0; i < op->nb_cargs; i++) {
        bool is_cond = ((op->opc == IR_OP_setcond || op->opc == IR_OP_movcond || op->opc == IR_OP_brcond) && i == 0) ||
                       (op->opc == IR_OP_cmp_vec && i == 1);
        bool is_label = op->opc == IR_OP_set_label || op->opc == IR_OP_br || (op->opc == IR_OP_brcond && i == 1);
        if (is_cond && cargs[i] < XR_ARRAY_SIZE(cond_names))
            fprintf(out, "%s%s", sep, cond_names[cargs[i]]);
        else if (is_label)
            fprintf(out, "%sL%llu", sep, (unsigned long long)cargs[i]);
        else
            fprintf(out, "%s$%#llx", sep, (unsigned long long)cargs[i]);
        sep = ", ";
    }
    fputc('\n', out);
}

void ir_dump(IRContext *ctx, FILE *out)
{
    for (uint32_t i = 0; i < ctx->nb_ops; i++) {
        const IROp *op = &ctx->ops[i];
        if (op->opc != IR_OP_nop)
            ir_dump_op(ctx, op, out);
    }
}
