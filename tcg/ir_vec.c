/*
 * The IR builder for vector ops: one append function per op shape, with
 * the argument checks a frontend relies on (element size, shift range,
 * element index). For example the A64 instruction "add v0.4s, v1.4s, v2.4s"
 * with the Q registers as V128 globals is
 *
 *     ir_vec_binop(ctx, IR_OP_add_vec, IR_V128, MO_32, s->q[0], s->q[1], s->q[2]);
 *
 * and the 64-bit form "add v0.2s, v1.2s, v2.2s" computes a V64 and clears
 * the high half of the destination register:
 *
 *     IRTemp t = ir_new(ctx, IR_V64);
 *     ir_vec_binop(ctx, IR_OP_add_vec, IR_V64, MO_32, t, s->q[1], s->q[2]);
 *     ir_clrhi_vec(ctx, s->q[0], t);
 *
 * Whether the host has an instruction for an op is not the builder's
 * concern: tcg/vec_expand.c rewrites what the backend lacks.
 */
#include "xrun/ir.h"
#include "xrun/util.h"

static unsigned vec_bits(IRType t)
{
    xr_assert(ir_type_is_vec(t));
    return t == IR_V64 ? 64 : 128;
}

static IROp *vec_emit(IRContext *c, IROpcode opc, IRType t, unsigned vece)
{
    xr_assert(vece <= MO_64);
    (void)vec_bits(t);
    return ir_emit(c, opc, t);
}

void ir_dup_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp s)
{
    xr_assert(!ir_type_is_vec((IRType)c->temps[s].type));
    IROp *op = vec_emit(c, IR_OP_dup_vec, t, vece);
    op->args[0] = d;
    op->args[1] = s;
    op->args[2] = vece;
}

void ir_dupi_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, int64_t v)
{
    ir_dup_vec(c, t, vece, d, ir_const(c, vece == MO_64 ? IR_I64 : IR_I32, v));
}

void ir_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp base, int32_t offset)
{
    IROp *op = vec_emit(c, IR_OP_ld_vec, t, MO_8);
    op->args[0] = d;
    op->args[1] = base;
    op->args[2] = (uint64_t)(int64_t)offset;
}

void ir_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp base, int32_t offset)
{
    IROp *op = vec_emit(c, IR_OP_st_vec, t, MO_8);
    op->args[0] = v;
    op->args[1] = base;
    op->args[2] = (uint64_t)(int64_t)offset;
}

/* Vector guest accesses are little-endian (the guests with vector units
 * are); only the alignment check is optional. */
void ir_guest_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp addr, unsigned memop, int mmu_idx)
{
    xr_assert((memop & ~(unsigned)MO_ALIGN) == 0);
    IROp *op = vec_emit(c, IR_OP_guest_ld_vec, t, MO_8);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = memop;
    op->args[3] = (uint64_t)mmu_idx;
}

void ir_guest_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp addr, unsigned memop, int mmu_idx)
{
    xr_assert((memop & ~(unsigned)MO_ALIGN) == 0);
    IROp *op = vec_emit(c, IR_OP_guest_st_vec, t, MO_8);
    op->args[0] = v;
    op->args[1] = addr;
    op->args[2] = memop;
    op->args[3] = (uint64_t)mmu_idx;
}

void ir_extract_vec(IRContext *c, IRType st, unsigned vece, IRTemp d, IRTemp v, unsigned idx)
{
    xr_assert(!ir_type_is_vec(st) && vece <= MO_64 && idx < (128u >> (3 + vece)));
    xr_assert(st == IR_I64 || vece < MO_64);
    IROp *op = ir_emit(c, IR_OP_extract_vec, st);
    op->args[0] = d;
    op->args[1] = v;
    op->args[2] = idx;
    op->args[3] = vece;
}

void ir_insert_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp v, IRTemp s, unsigned idx)
{
    xr_assert(idx < (vec_bits(t) >> (3 + vece)));
    IROp *op = vec_emit(c, IR_OP_insert_vec, t, vece);
    op->args[0] = d;
    op->args[1] = v;
    op->args[2] = s;
    op->args[3] = idx;
    op->args[4] = vece;
}

void ir_clrhi_vec(IRContext *c, IRTemp d, IRTemp a)
{
    IROp *op = vec_emit(c, IR_OP_clrhi_vec, IR_V128, MO_8);
    op->args[0] = d;
    op->args[1] = a;
}

void ir_vec_binop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b)
{
    const IROpDef *def = &ir_op_defs[opc];
    xr_assert(def->nb_oargs == 1 && def->nb_iargs == 2 && def->nb_cargs == 1 && opc != IR_OP_shls_vec &&
              opc != IR_OP_shrs_vec && opc != IR_OP_sars_vec);
    bool sat = opc == IR_OP_ssadd_vec || opc == IR_OP_sssub_vec || opc == IR_OP_usadd_vec ||
               opc == IR_OP_ussub_vec;
    xr_assert(!sat || vece <= MO_16);
    (void)sat;
    IROp *op = vec_emit(c, opc, t, vece);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = vece;
}

void ir_vec_unop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a)
{
    xr_assert(opc == IR_OP_neg_vec || opc == IR_OP_abs_vec);
    IROp *op = vec_emit(c, opc, t, vece);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = vece;
}

void ir_vec_logic(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp b)
{
    xr_assert(opc == IR_OP_and_vec || opc == IR_OP_or_vec || opc == IR_OP_xor_vec ||
              opc == IR_OP_andc_vec || opc == IR_OP_orc_vec);
    IROp *op = vec_emit(c, opc, t, MO_8);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
}

void ir_not_vec(IRContext *c, IRType t, IRTemp d, IRTemp a)
{
    IROp *op = vec_emit(c, IR_OP_not_vec, t, MO_8);
    op->args[0] = d;
    op->args[1] = a;
}

void ir_bitsel_vec(IRContext *c, IRType t, IRTemp d, IRTemp m, IRTemp a, IRTemp b)
{
    IROp *op = vec_emit(c, IR_OP_bitsel_vec, t, MO_8);
    op->args[0] = d;
    op->args[1] = m;
    op->args[2] = a;
    op->args[3] = b;
}

void ir_vec_shifti(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n)
{
    xr_assert(opc == IR_OP_shli_vec || opc == IR_OP_shri_vec || opc == IR_OP_sari_vec);
    xr_assert(n < (8u << vece));
    IROp *op = vec_emit(c, opc, t, vece);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = vece;
    op->args[3] = n;
}

void ir_vec_shifts(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp n)
{
    xr_assert(opc == IR_OP_shls_vec || opc == IR_OP_shrs_vec || opc == IR_OP_sars_vec);
    xr_assert(!ir_type_is_vec((IRType)c->temps[n].type));
    IROp *op = vec_emit(c, opc, t, vece);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = n;
    op->args[3] = vece;
}

void ir_cmp_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b, IRCond cond)
{
    xr_assert(cond >= IR_COND_EQ && cond <= IR_COND_GTU);
    IROp *op = vec_emit(c, IR_OP_cmp_vec, t, vece);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = vece;
    op->args[4] = cond;
}
