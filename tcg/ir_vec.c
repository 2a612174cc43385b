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

/* Appends opc of type t with args (outputs, inputs, constants) as given. */
static void vec_emit(IRContext *c, IROpcode opc, IRType t, unsigned n, const uint64_t *args)
{
    IROp *op = ir_emit(c, opc, t);
    xr_assert(n == (unsigned)(op->nb_oargs + op->nb_iargs + op->nb_cargs));
    for (unsigned i = 0; i < n; i++)
        op->args[i] = args[i];
}
#define VEC_EMIT(c, opc, t, ...) \
    vec_emit(c, opc, t, sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t), (uint64_t[]){__VA_ARGS__})

void ir_dup_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp s)
{
    xr_assert(vece <= MO_64 && vec_bits(t) && !ir_type_is_vec((IRType)c->temps[s].type));
    VEC_EMIT(c, IR_OP_dup_vec, t, d, s, vece);
}

void ir_dupi_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, int64_t v)
{
    ir_dup_vec(c, t, vece, d, ir_const(c, vece == MO_64 ? IR_I64 : IR_I32, v));
}

void ir_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp base, int32_t offset)
{
    xr_assert(vec_bits(t));
    VEC_EMIT(c, IR_OP_ld_vec, t, d, base, (uint64_t)(int64_t)offset);
}

void ir_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp base, int32_t offset)
{
    xr_assert(vec_bits(t));
    VEC_EMIT(c, IR_OP_st_vec, t, v, base, (uint64_t)(int64_t)offset);
}

/* Vector guest accesses are little-endian (the guests with vector units
 * are); only the alignment check is optional. */
static void vec_guest_access(IRContext *c, IROpcode opc, IRType t, IRTemp v, IRTemp addr,
                             unsigned memop, int mmu_idx)
{
    xr_assert(vec_bits(t) && (memop & ~(unsigned)MO_ALIGN) == 0);
    VEC_EMIT(c, opc, t, v, addr, memop, (uint64_t)mmu_idx);
}

void ir_guest_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp addr, unsigned memop, int mmu_idx)
{
    vec_guest_access(c, IR_OP_guest_ld_vec, t, d, addr, memop, mmu_idx);
}

void ir_guest_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp addr, unsigned memop, int mmu_idx)
{
    vec_guest_access(c, IR_OP_guest_st_vec, t, v, addr, memop, mmu_idx);
}

void ir_extract_vec(IRContext *c, IRType st, unsigned vece, IRTemp d, IRTemp v, unsigned idx)
{
    xr_assert(!ir_type_is_vec(st) && vece <= MO_64 && idx < (128u >> (3 + vece)));
    xr_assert(st == IR_I64 || vece < MO_64);
    VEC_EMIT(c, IR_OP_extract_vec, st, d, v, idx, vece);
}

void ir_insert_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp v, IRTemp s, unsigned idx)
{
    xr_assert(vece <= MO_64 && idx < (vec_bits(t) >> (3 + vece)));
    VEC_EMIT(c, IR_OP_insert_vec, t, d, v, s, idx, vece);
}

void ir_clrhi_vec(IRContext *c, IRTemp d, IRTemp a)
{
    VEC_EMIT(c, IR_OP_clrhi_vec, IR_V128, d, a);
}

static bool vec_is_saturating(IROpcode opc)
{
    return opc == IR_OP_ssadd_vec || opc == IR_OP_sssub_vec || opc == IR_OP_usadd_vec ||
           opc == IR_OP_ussub_vec;
}

void ir_vec_binop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b)
{
    const IROpDef *def = &ir_op_defs[opc];
    xr_assert(ir_op_is_vec(opc) && def->nb_oargs == 1 && def->nb_iargs == 2 && def->nb_cargs == 1 &&
              opc != IR_OP_shls_vec && opc != IR_OP_shrs_vec && opc != IR_OP_sars_vec);
    xr_assert(vec_bits(t) && vece <= (vec_is_saturating(opc) ? MO_16 : MO_64));
    xr_assert(!(ir_vec_is_permute(opc) && t == IR_V64 && vece == MO_64)); /* one element: no pairs */
    VEC_EMIT(c, opc, t, d, a, b, vece);
}

void ir_vec_unop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a)
{
    xr_assert((opc == IR_OP_neg_vec || opc == IR_OP_abs_vec) && vec_bits(t) && vece <= MO_64);
    VEC_EMIT(c, opc, t, d, a, vece);
}

void ir_vec_logic(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp b)
{
    xr_assert(opc == IR_OP_and_vec || opc == IR_OP_or_vec || opc == IR_OP_xor_vec ||
              opc == IR_OP_andc_vec || opc == IR_OP_orc_vec);
    xr_assert(vec_bits(t));
    VEC_EMIT(c, opc, t, d, a, b);
}

void ir_not_vec(IRContext *c, IRType t, IRTemp d, IRTemp a)
{
    xr_assert(vec_bits(t));
    VEC_EMIT(c, IR_OP_not_vec, t, d, a);
}

void ir_bitsel_vec(IRContext *c, IRType t, IRTemp d, IRTemp m, IRTemp a, IRTemp b)
{
    xr_assert(vec_bits(t));
    VEC_EMIT(c, IR_OP_bitsel_vec, t, d, m, a, b);
}

void ir_vec_shifti(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n)
{
    xr_assert(opc == IR_OP_shli_vec || opc == IR_OP_shri_vec || opc == IR_OP_sari_vec);
    xr_assert(vec_bits(t) && vece <= MO_64 && n < (8u << vece));
    VEC_EMIT(c, opc, t, d, a, vece, n);
}

void ir_vec_shifts(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp n)
{
    xr_assert(opc == IR_OP_shls_vec || opc == IR_OP_shrs_vec || opc == IR_OP_sars_vec);
    xr_assert(vec_bits(t) && vece <= MO_64 && !ir_type_is_vec((IRType)c->temps[n].type));
    VEC_EMIT(c, opc, t, d, a, n, vece);
}

void ir_cmp_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b, IRCond cond)
{
    xr_assert(cond >= IR_COND_EQ && cond <= IR_COND_GTU && vec_bits(t) && vece <= MO_64);
    VEC_EMIT(c, IR_OP_cmp_vec, t, d, a, b, vece, cond);
}
