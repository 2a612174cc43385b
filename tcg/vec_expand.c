/*
 * Vector op expansion (opt_vec_expand): before a TB is optimized, every
 * vector op the backend does not emit for its element size
 * (backend_vec_supported) is rewritten into ops it does, so a frontend may
 * emit any vector op on any host. cmp_vec is also brought to the two
 * conditions backends implement, EQ and GT.
 *
 * Rewrites prefer a few whole-vector ops; what they produce is checked
 * again, so one rule may lean on another. On an SSE2-only host:
 *
 *     sari_vec_v128 d, a, $0x0, $0x3       (8-bit elements, by 3)
 *  -> shri_vec_v128 t0, a, $0x1, $0x3      (16-bit: no 8-bit shifts)
 *     dup_vec_v128 t1, $0x1f, $0x0
 *     and_vec_v128 t2, t0, t1              the bits that crossed elements go
 *     dup_vec_v128 t3, $0x10, $0x0
 *     xor_vec_v128 t4, t2, t3              (x ^ m) - m sign-extends from
 *     sub_vec_v128 t5, t4, t3, $0x0        bit 7 - 3, m = 0x80 >> 3
 *     mov_v128 d, t5
 *
 * The last resort works element by element through extract_vec, scalar
 * IR ops and insert_vec, which every backend supports. Results are built
 * in fresh temps and moved to the destination last, because it may also
 * be an input; copy propagation and DCE tidy the moves.
 */
#include <string.h>

#include "xrun/backend.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

static void vx_binop(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b);
static void vx_cmp(IRContext *ir, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b, IRCond cond);
static void vx_shifti(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n);

static unsigned vx_bits(unsigned vece)
{
    return 8u << vece;
}

static IRType vx_scalar_type(unsigned vece)
{
    return vece == MO_64 ? IR_I64 : IR_I32;
}

/* The element size of a vector op, from its constant arguments. */
static unsigned vx_vece(const IROp *op)
{
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    switch (op->opc) {
    case IR_OP_extract_vec:
    case IR_OP_insert_vec:
        return (unsigned)ca[1];
    case IR_OP_dup_vec:
    case IR_OP_add_vec:
    case IR_OP_sub_vec:
    case IR_OP_mul_vec:
    case IR_OP_neg_vec:
    case IR_OP_abs_vec:
    case IR_OP_shli_vec:
    case IR_OP_shri_vec:
    case IR_OP_sari_vec:
    case IR_OP_shls_vec:
    case IR_OP_shrs_vec:
    case IR_OP_sars_vec:
    case IR_OP_cmp_vec:
    case IR_OP_smin_vec:
    case IR_OP_smax_vec:
    case IR_OP_umin_vec:
    case IR_OP_umax_vec:
    case IR_OP_ssadd_vec:
    case IR_OP_sssub_vec:
    case IR_OP_usadd_vec:
    case IR_OP_ussub_vec:
    case IR_OP_zip1_vec:
    case IR_OP_zip2_vec:
    case IR_OP_uzp1_vec:
    case IR_OP_uzp2_vec:
        return (unsigned)ca[0];
    default:
        return MO_8; /* bitwise ops and memory: no element size */
    }
}

static bool vx_native(const IROp *op)
{
    if (!ir_op_is_vec(op->opc))
        return true;
    if (op->opc == IR_OP_cmp_vec) {
        IRCond cond = (IRCond)op->args[4];
        if (cond != IR_COND_EQ && cond != IR_COND_GT)
            return false;
    }
    return backend_vec_supported(op->opc, vx_vece(op));
}

static IRTemp vx_dupi(IRContext *ir, IRType t, unsigned vece, int64_t v)
{
    IRTemp r = ir_new(ir, t);
    ir_dupi_vec(ir, t, vece, r, v);
    return r;
}

static IRTemp vx_logic(IRContext *ir, IROpcode opc, IRType t, IRTemp a, IRTemp b)
{
    IRTemp r = ir_new(ir, t);
    ir_vec_logic(ir, opc, t, r, a, b);
    return r;
}

/* (x ^ m) - m with m the sign bit of the narrower field x holds (its
 * elements shifted right logically by n): sign-extends them. */
static void vx_sign_extend(IRContext *ir, IRType t, unsigned vece, IRTemp d, IRTemp x, IRTemp m)
{
    IRTemp y = vx_logic(ir, IR_OP_xor_vec, t, x, m);
    vx_binop(ir, IR_OP_sub_vec, t, vece, d, y, m);
}

/* -- Element by element -- */

/* Element i of vector v as a scalar, sign-extended when sign. */
static IRTemp vx_elem(IRContext *ir, unsigned vece, IRTemp v, unsigned i, bool sign)
{
    IRType st = vx_scalar_type(vece);
    IRTemp e = ir_new(ir, st);
    ir_extract_vec(ir, st, vece, e, v, i);
    if (sign && vece < MO_32)
        ir_unop(ir, vece == MO_8 ? IR_OP_ext8s : IR_OP_ext16s, st, e, e);
    return e;
}

/* Scalar n converted to type st. */
static IRTemp vx_scalar_as(IRContext *ir, IRTemp n, IRType st)
{
    IRType nt = (IRType)ir->temps[n].type;
    if (nt == st)
        return n;
    IRTemp r = ir_new(ir, st);
    if (st == IR_I32)
        ir_extrl_i64_i32(ir, r, n);
    else
        ir_extu_i32_i64(ir, r, n);
    return r;
}

static bool vx_op_signed(IROpcode opc, IRCond cond)
{
    switch (opc) {
    case IR_OP_smin_vec:
    case IR_OP_smax_vec:
    case IR_OP_abs_vec:
    case IR_OP_sari_vec:
    case IR_OP_sars_vec:
        return true;
    case IR_OP_cmp_vec:
        return cond >= IR_COND_LT && cond <= IR_COND_GT;
    default:
        return false;
    }
}

/* er = OP(ea, eb) on scalars of type st, for the element-wise ops. */
static void vx_scalar_op(IRContext *ir, IROpcode opc, IRType st, IRTemp er, IRTemp ea, IRTemp eb,
                         IRCond cond)
{
    switch (opc) {
    case IR_OP_add_vec: ir_add(ir, st, er, ea, eb); break;
    case IR_OP_sub_vec: ir_sub(ir, st, er, ea, eb); break;
    case IR_OP_mul_vec: ir_mul(ir, st, er, ea, eb); break;
    case IR_OP_smin_vec: ir_movcond(ir, st, er, ea, eb, ea, eb, IR_COND_LT); break;
    case IR_OP_smax_vec: ir_movcond(ir, st, er, ea, eb, ea, eb, IR_COND_GT); break;
    case IR_OP_umin_vec: ir_movcond(ir, st, er, ea, eb, ea, eb, IR_COND_LTU); break;
    case IR_OP_umax_vec: ir_movcond(ir, st, er, ea, eb, ea, eb, IR_COND_GTU); break;
    case IR_OP_shli_vec: case IR_OP_shls_vec: ir_shl(ir, st, er, ea, eb); break;
    case IR_OP_shri_vec: case IR_OP_shrs_vec: ir_shr(ir, st, er, ea, eb); break;
    case IR_OP_sari_vec: case IR_OP_sars_vec: ir_sar(ir, st, er, ea, eb); break;
    case IR_OP_neg_vec: ir_neg(ir, st, er, ea); break;
    case IR_OP_abs_vec: {
        IRTemp n = ir_new(ir, st);
        ir_neg(ir, st, n, ea);
        ir_movcond(ir, st, er, ea, ir_const(ir, st, 0), n, ea, IR_COND_LT);
        break;
    }
    case IR_OP_cmp_vec: /* 0/1, then 0/all ones */
        ir_setcond(ir, st, er, ea, eb, cond);
        ir_neg(ir, st, er, er);
        break;
    default:
        xr_unreachable();
    }
}

/*
 * d = OP(a, b) one element at a time. b is a vector for binary ops, a
 * scalar count for shls/shrs/sars, IR_NO_TEMP for unary ops; imm is the
 * count of shli/shri/sari.
 */
static void vx_scalarize(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a,
                         IRTemp b, unsigned imm, IRCond cond)
{
    unsigned n = (t == IR_V64 ? 64u : 128u) / vx_bits(vece);
    IRType st = vx_scalar_type(vece);
    bool sign = vx_op_signed(opc, cond);
    IRTemp count = IR_NO_TEMP;
    if (opc == IR_OP_shli_vec || opc == IR_OP_shri_vec || opc == IR_OP_sari_vec) {
        count = ir_const(ir, st, imm);
    } else if (opc == IR_OP_shls_vec || opc == IR_OP_shrs_vec || opc == IR_OP_sars_vec) {
        count = ir_new(ir, st);
        ir_andi(ir, st, count, vx_scalar_as(ir, b, st), vx_bits(vece) - 1);
    }
    IRTemp r = vx_dupi(ir, t, vece, 0);
    for (unsigned i = 0; i < n; i++) {
        IRTemp ea = vx_elem(ir, vece, a, i, sign);
        IRTemp eb = count;
        if (eb == IR_NO_TEMP && b != IR_NO_TEMP)
            eb = vx_elem(ir, vece, b, i, sign);
        IRTemp er = ir_new(ir, st);
        vx_scalar_op(ir, opc, st, er, ea, eb, cond);
        ir_insert_vec(ir, t, vece, r, r, er, i);
    }
    ir_mov(ir, t, d, r);
}

/* Element k of a permute's result as (input 0 or 1, element index). */
static unsigned vx_permute_source(IROpcode opc, unsigned n, unsigned k, unsigned *idx)
{
    unsigned j;
    switch (opc) {
    case IR_OP_zip1_vec:
    case IR_OP_zip2_vec:
        *idx = k / 2 + (opc == IR_OP_zip2_vec ? n / 2 : 0);
        return k & 1;
    default: /* uzp: element j of i1:i0 */
        j = 2 * k + (opc == IR_OP_uzp2_vec);
        *idx = j % n;
        return j / n;
    }
}

void opt_vec_permute_by_element(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a,
                                IRTemp b)
{
    xr_assert(ir_vec_is_permute(opc));
    unsigned n = (t == IR_V64 ? 64u : 128u) / vx_bits(vece);
    IRTemp r = vx_dupi(ir, t, vece, 0);
    for (unsigned k = 0; k < n; k++) {
        unsigned idx;
        IRTemp src = vx_permute_source(opc, n, k, &idx) ? b : a;
        ir_insert_vec(ir, t, vece, r, r, vx_elem(ir, vece, src, idx, false), k);
    }
    ir_mov(ir, t, d, r);
}

/* -- Rules -- */

/*
 * Bytes multiplied as halfwords: the low byte of each product is right
 * in a 16-bit multiply; the high one comes from (a >> 8) * (b & 0xff00),
 * whose low byte is zero.
 */
static void vx_mul8(IRContext *ir, IRType t, IRTemp d, IRTemp a, IRTemp b)
{
    IRTemp lo_mask = vx_dupi(ir, t, MO_16, 0x00ff);
    IRTemp lo = ir_new(ir, t), hi = ir_new(ir, t), ah = ir_new(ir, t);
    vx_binop(ir, IR_OP_mul_vec, t, MO_16, lo, a, b);
    lo = vx_logic(ir, IR_OP_and_vec, t, lo, lo_mask);
    vx_shifti(ir, IR_OP_shri_vec, t, MO_16, ah, a, 8);
    IRTemp bh = vx_logic(ir, IR_OP_andc_vec, t, b, lo_mask);
    vx_binop(ir, IR_OP_mul_vec, t, MO_16, hi, ah, bh);
    IRTemp r = vx_logic(ir, IR_OP_or_vec, t, lo, hi);
    ir_mov(ir, t, d, r);
}

static void vx_binop(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b)
{
    if (backend_vec_supported(opc, vece)) {
        ir_vec_binop(ir, opc, t, vece, d, a, b);
        return;
    }
    switch (opc) {
    case IR_OP_mul_vec:
        if (vece == MO_8 && backend_vec_supported(IR_OP_mul_vec, MO_16)) {
            vx_mul8(ir, t, d, a, b);
            return;
        }
        break;
    case IR_OP_smin_vec:
    case IR_OP_smax_vec:
    case IR_OP_umin_vec:
    case IR_OP_umax_vec: {
        /* the greater of the two where a > b, as a mask */
        bool sign = opc == IR_OP_smin_vec || opc == IR_OP_smax_vec;
        bool max = opc == IR_OP_smax_vec || opc == IR_OP_umax_vec;
        IRTemp m = ir_new(ir, t), r = ir_new(ir, t);
        vx_cmp(ir, t, vece, m, a, b, sign ? IR_COND_GT : IR_COND_GTU);
        ir_bitsel_vec(ir, t, r, m, max ? a : b, max ? b : a);
        ir_mov(ir, t, d, r);
        return;
    }
    default:
        break;
    }
    vx_scalarize(ir, opc, t, vece, d, a, b, 0, IR_COND_EQ);
}

static void vx_unop(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a)
{
    if (backend_vec_supported(opc, vece)) {
        ir_vec_unop(ir, opc, t, vece, d, a);
        return;
    }
    IRTemp r = ir_new(ir, t);
    if (opc == IR_OP_abs_vec && backend_vec_supported(IR_OP_smax_vec, vece)) {
        IRTemp n = ir_new(ir, t);
        vx_unop(ir, IR_OP_neg_vec, t, vece, n, a);
        ir_vec_binop(ir, IR_OP_smax_vec, t, vece, r, a, n);
    } else if (opc == IR_OP_abs_vec) {
        /* (a ^ m) - m with m = a >> (bits - 1), all ones where a < 0 */
        IRTemp m = ir_new(ir, t);
        vx_shifti(ir, IR_OP_sari_vec, t, vece, m, a, vx_bits(vece) - 1);
        vx_sign_extend(ir, t, vece, r, a, m);
    } else {
        vx_scalarize(ir, opc, t, vece, r, a, IR_NO_TEMP, 0, IR_COND_EQ);
    }
    ir_mov(ir, t, d, r);
}

/* The 8-bit element mask that keeps what a 16-bit shift by n leaves of
 * each byte, and drops the bits its neighbour shifted in. */
static uint8_t vx_byte_keep(IROpcode opc, unsigned n)
{
    return opc == IR_OP_shli_vec ? (uint8_t)(0xff << n) : (uint8_t)(0xff >> n);
}

static void vx_shifti(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n)
{
    if (n == 0) {
        ir_mov(ir, t, d, a);
        return;
    }
    if (backend_vec_supported(opc, vece)) {
        ir_vec_shifti(ir, opc, t, vece, d, a, n);
        return;
    }
    IRTemp r = ir_new(ir, t), s = ir_new(ir, t);
    if (opc == IR_OP_sari_vec) {
        vx_shifti(ir, IR_OP_shri_vec, t, vece, s, a, n);
        IRTemp m = vx_dupi(ir, t, vece, (int64_t)(1ull << (vx_bits(vece) - 1 - n)));
        vx_sign_extend(ir, t, vece, r, s, m);
    } else if (vece == MO_8 && backend_vec_supported(opc, MO_16)) {
        vx_shifti(ir, opc, t, MO_16, s, a, n);
        IRTemp keep = vx_dupi(ir, t, MO_8, vx_byte_keep(opc, n));
        ir_vec_logic(ir, IR_OP_and_vec, t, r, s, keep);
    } else {
        vx_scalarize(ir, opc, t, vece, r, a, IR_NO_TEMP, n, IR_COND_EQ);
    }
    ir_mov(ir, t, d, r);
}

/* The same rules with a scalar count, taken modulo the element bits. */
static void vx_shifts(IRContext *ir, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp cnt)
{
    if (backend_vec_supported(opc, vece)) {
        ir_vec_shifts(ir, opc, t, vece, d, a, cnt);
        return;
    }
    IRType st = vx_scalar_type(vece);
    IRTemp k = ir_new(ir, st), r = ir_new(ir, t), s = ir_new(ir, t), mk = ir_new(ir, st);
    ir_andi(ir, st, k, vx_scalar_as(ir, cnt, st), vx_bits(vece) - 1);
    if (opc == IR_OP_sars_vec) {
        vx_shifts(ir, IR_OP_shrs_vec, t, vece, s, a, k);
        ir_shr(ir, st, mk, ir_const(ir, st, (int64_t)(1ull << (vx_bits(vece) - 1))), k);
        IRTemp m = ir_new(ir, t);
        ir_dup_vec(ir, t, vece, m, mk);
        vx_sign_extend(ir, t, vece, r, s, m);
    } else if (vece == MO_8 && backend_vec_supported(opc, MO_16)) {
        vx_shifts(ir, opc, t, MO_16, s, a, k);
        ir_binop(ir, opc == IR_OP_shls_vec ? IR_OP_shl : IR_OP_shr, IR_I32, mk,
                 ir_const(ir, IR_I32, 0xff), k);
        IRTemp keep = ir_new(ir, t);
        ir_dup_vec(ir, t, MO_8, keep, mk);
        ir_vec_logic(ir, IR_OP_and_vec, t, r, s, keep);
    } else {
        vx_scalarize(ir, opc, t, vece, r, a, k, 0, IR_COND_EQ);
    }
    ir_mov(ir, t, d, r);
}

/*
 * Conditions reduce to EQ and GT: NE and the non-strict ones invert, LT
 * swaps its operands. Unsigned ones use umax when the host has it (a >= b
 * exactly when max(a, b) == a), else flip the sign bits of both sides
 * and compare signed.
 */
static void vx_cmp(IRContext *ir, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b, IRCond cond)
{
    IRTemp r = ir_new(ir, t);
    switch (cond) {
    case IR_COND_EQ:
    case IR_COND_GT:
        if (backend_vec_supported(IR_OP_cmp_vec, vece))
            ir_cmp_vec(ir, t, vece, r, a, b, cond);
        else
            vx_scalarize(ir, IR_OP_cmp_vec, t, vece, r, a, b, 0, cond);
        break;
    case IR_COND_NE:
    case IR_COND_LE:
    case IR_COND_GE: {
        IRTemp p = ir_new(ir, t);
        if (cond == IR_COND_GE)
            vx_cmp(ir, t, vece, p, b, a, IR_COND_GT);
        else
            vx_cmp(ir, t, vece, p, a, b, cond == IR_COND_NE ? IR_COND_EQ : IR_COND_GT);
        ir_not_vec(ir, t, r, p);
        break;
    }
    case IR_COND_LT:
    case IR_COND_LTU:
    case IR_COND_LEU:
        vx_cmp(ir, t, vece, r, b, a, ir_cond_swap(cond));
        break;
    case IR_COND_GEU:
        if (backend_vec_supported(IR_OP_umax_vec, vece)) {
            IRTemp m = ir_new(ir, t);
            ir_vec_binop(ir, IR_OP_umax_vec, t, vece, m, a, b);
            vx_cmp(ir, t, vece, r, m, a, IR_COND_EQ);
        } else {
            IRTemp p = ir_new(ir, t);
            vx_cmp(ir, t, vece, p, b, a, IR_COND_GTU);
            ir_not_vec(ir, t, r, p);
        }
        break;
    case IR_COND_GTU:
        if (backend_vec_supported(IR_OP_umax_vec, vece)) {
            IRTemp p = ir_new(ir, t);
            vx_cmp(ir, t, vece, p, b, a, IR_COND_GEU);
            ir_not_vec(ir, t, r, p);
        } else {
            IRTemp s = vx_dupi(ir, t, vece, (int64_t)(1ull << (vx_bits(vece) - 1)));
            IRTemp fa = vx_logic(ir, IR_OP_xor_vec, t, a, s);
            IRTemp fb = vx_logic(ir, IR_OP_xor_vec, t, b, s);
            vx_cmp(ir, t, vece, r, fa, fb, IR_COND_GT);
        }
        break;
    default:
        xr_unreachable();
    }
    ir_mov(ir, t, d, r);
}

/* Guest vector accesses as 64-bit scalar ones (a host whose memory model
 * has no vector access, e.g. the softmmu). MO_ALIGN checks each half. */
static void vx_guest_access(IRContext *ir, const IROp *op)
{
    IRType t = (IRType)op->type;
    bool ld = op->opc == IR_OP_guest_ld_vec;
    IRTemp v = (IRTemp)op->args[0], addr = (IRTemp)op->args[1];
    unsigned mo = MO_UQ | ((unsigned)op->args[2] & MO_ALIGN);
    int mmu = (int)op->args[3];
    unsigned halves = t == IR_V128 ? 2 : 1;
    IRTemp r = ir_new(ir, t);
    for (unsigned i = 0; i < halves; i++) {
        IRTemp at = addr;
        if (i) {
            IRType ta = (IRType)ir->temps[addr].type;
            at = ir_new(ir, ta);
            ir_addi(ir, ta, at, addr, 8);
        }
        IRTemp e = ir_new(ir, IR_I64);
        if (ld) {
            ir_guest_ld(ir, IR_I64, e, at, mo, mmu);
            if (i == 0)
                ir_dup_vec(ir, t, MO_64, r, e);
            else
                ir_insert_vec(ir, t, MO_64, r, r, e, i);
        } else {
            ir_extract_vec(ir, IR_I64, MO_64, e, v, i);
            ir_guest_st(ir, IR_I64, e, at, mo, mmu);
        }
    }
    if (ld)
        ir_mov(ir, t, v, r);
}

/* Appends the expansion of op, which the backend cannot emit as it is. */
static void vx_expand_op(IRContext *ir, const IROp *op)
{
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    IRType t = (IRType)op->type;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    unsigned vece = vx_vece(op);
    switch (op->opc) {
    case IR_OP_neg_vec:
    case IR_OP_abs_vec:
        vx_unop(ir, (IROpcode)op->opc, t, vece, d, a);
        break;
    case IR_OP_shli_vec:
    case IR_OP_shri_vec:
    case IR_OP_sari_vec:
        vx_shifti(ir, (IROpcode)op->opc, t, vece, d, a, (unsigned)ca[1]);
        break;
    case IR_OP_shls_vec:
    case IR_OP_shrs_vec:
    case IR_OP_sars_vec:
        vx_shifts(ir, (IROpcode)op->opc, t, vece, d, a, b);
        break;
    case IR_OP_cmp_vec:
        vx_cmp(ir, t, vece, d, a, b, (IRCond)ca[1]);
        break;
    case IR_OP_guest_ld_vec:
    case IR_OP_guest_st_vec:
        vx_guest_access(ir, op);
        break;
    case IR_OP_zip1_vec:
    case IR_OP_zip2_vec:
    case IR_OP_uzp1_vec:
    case IR_OP_uzp2_vec:
        opt_vec_permute_by_element(ir, (IROpcode)op->opc, t, vece, d, a, b);
        break;
    default:
        xr_assert(op->nb_oargs == 1 && op->nb_iargs == 2 && op->nb_cargs == 1);
        vx_binop(ir, (IROpcode)op->opc, t, vece, d, a, b);
        break;
    }
}

void opt_vec_expand(IRContext *ir)
{
    uint32_t first = 0;
    while (first < ir->nb_ops && vx_native(&ir->ops[first]))
        first++;
    if (first == ir->nb_ops)
        return; /* the common case: nothing to copy */
    static __thread IROp *saved;
    if (!saved)
        saved = xr_malloc(sizeof(IROp) * IR_MAX_OPS);
    uint32_t n = ir->nb_ops - first;
    memcpy(saved, &ir->ops[first], n * sizeof(IROp));
    ir->nb_ops = first;
    for (uint32_t i = 0; i < n && !ir->overflow; i++) {
        if (vx_native(&saved[i]))
            *ir_emit(ir, (IROpcode)saved[i].opc, (IRType)saved[i].type) = saved[i];
        else
            vx_expand_op(ir, &saved[i]);
    }
}
