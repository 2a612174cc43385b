/*
 * Advanced SIMD (NEON) data processing for A32 and T32 (ARM DDI 0406C A7.4)
 * and the decoder entry point arm_decode_neon.
 *
 * Registers live in env->vfp_d[]; a Q register is two consecutive D
 * registers.  The common integer ops are inline IR on 64-bit or 32-bit
 * pieces of the registers, for example "vadd.i32 q0, q1, q2" becomes
 *
 *     ld_i32 t0, env, d2      ld_i32 t1, env, d4      add_i32 t0, t0, t1
 *     st_i32 t0, env, d0      ... three more lanes
 *
 * and the logic ops, VMOV/VMVN immediate, VDUP are i64 ops per D register.
 * Everything else calls a helper in neon_*helper.c with a packed
 * descriptor (neon.h) that names the registers, the element size and the op.
 */
#include "frontends/arm/neon.h"
#include "frontends/arm/neon_helper.h"
#include "frontends/arm/translate.h"

#include "decode-neon-dp.c.inc"

bool neon_decode_ls(DisasContext *s, uint32_t insn);

bool arm_decode_neon(DisasContext *s, uint32_t insn)
{
    return arm_decode_v8_crypto(s, insn) || arm_decode_v8_fp(s, insn) || arm_decode_neon_fp16(s, insn) ||
           decode_neon_dp(s, insn) || neon_decode_ls(s, insn);
}

/* Helpers touch only env->vfp_d and env->fpscr, never IR globals. */
#define NEON_CALL_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)

static void neon_call(DisasContext *s, void *fn, uint32_t desc)
{
    ir_call(s->ir, fn, NEON_CALL_FLAGS, IR_NO_TEMP, 2, (IRTemp[]){IR_ENV, ir_const_i32(s->ir, (int32_t)desc)});
}

/* A Q operand must name an even D register. */
static bool neon_q_ok(int q, int a, int b, int c)
{
    return !q || !((a | b | c) & 1);
}

static IRTemp neon_ld64(DisasContext *s, int reg)
{
    IRTemp t = ir_new_i64(s->ir);
    ir_ld(s->ir, IR_I64, t, IR_ENV, NEON_DOFS(reg), MO_UQ);
    return t;
}

static void neon_st64(DisasContext *s, int reg, IRTemp v)
{
    ir_st(s->ir, IR_I64, v, IR_ENV, NEON_DOFS(reg), MO_UQ);
}

static IRTemp neon_ld32(DisasContext *s, int reg, int half)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, t, IR_ENV, NEON_DOFS(reg) + 4 * half, MO_UL);
    return t;
}

static void neon_st32(DisasContext *s, int reg, int half, IRTemp v)
{
    ir_st(s->ir, IR_I32, v, IR_ENV, NEON_DOFS(reg) + 4 * half, MO_UL);
}

/* -- Inline integer ops -- */

/* Lane-wise add/sub of 8 or 16-bit lanes inside an i64 without carries
 * crossing lanes: add the low bits of each lane, then fix the top bit. */
static IRTemp neon_swar_addsub(DisasContext *s, IRTemp a, IRTemp b, int size, bool sub)
{
    IRContext *ir = s->ir;
    IRTemp top = ir_const_i64(ir, size == 0 ? (int64_t)0x8080808080808080ull : (int64_t)0x8000800080008000ull);
    IRTemp r = ir_new_i64(ir), x = ir_new_i64(ir), y = ir_new_i64(ir);
    if (!sub) {
        ir_andc(ir, IR_I64, x, a, top);
        ir_andc(ir, IR_I64, y, b, top);
        ir_add(ir, IR_I64, r, x, y);
        ir_xor(ir, IR_I64, x, a, b);
    } else {
        ir_or(ir, IR_I64, x, a, top);
        ir_andc(ir, IR_I64, y, b, top);
        ir_sub(ir, IR_I64, r, x, y);
        ir_xor(ir, IR_I64, x, a, b);
        ir_xor(ir, IR_I64, x, x, top);
    }
    ir_and(ir, IR_I64, x, x, top);
    ir_xor(ir, IR_I64, r, r, x);
    return r;
}

/* VADD/VSUB.I8-I64 inline. */
static void neon_gen_addsub(DisasContext *s, arg_NEON_3same *a, bool sub)
{
    IRContext *ir = s->ir;
    for (int p = 0; p <= a->q; p++) {
        if (a->size == 2) {
            for (int h = 0; h < 2; h++) {
                IRTemp x = neon_ld32(s, a->vn + p, h), y = neon_ld32(s, a->vm + p, h);
                ir_binop(ir, sub ? IR_OP_sub : IR_OP_add, IR_I32, x, x, y);
                neon_st32(s, a->vd + p, h, x);
            }
            continue;
        }
        IRTemp x = neon_ld64(s, a->vn + p), y = neon_ld64(s, a->vm + p);
        if (a->size == 3) {
            ir_binop(ir, sub ? IR_OP_sub : IR_OP_add, IR_I64, x, x, y);
            neon_st64(s, a->vd + p, x);
        } else {
            neon_st64(s, a->vd + p, neon_swar_addsub(s, x, y, a->size, sub));
        }
    }
}

/* VMUL/VMLA/VMLS.I32 inline; kind 0 mul, 1 mla, 2 mls. */
static void neon_gen_mul32(DisasContext *s, arg_NEON_3same *a, int kind)
{
    IRContext *ir = s->ir;
    IRTemp x[4], d[4];
    for (int i = 0; i < 2 << a->q; i++) {
        x[i] = neon_ld32(s, a->vn + i / 2, i & 1);
        ir_mul(ir, IR_I32, x[i], x[i], neon_ld32(s, a->vm + i / 2, i & 1));
    }
    for (int i = 0; i < 2 << a->q; i++) {
        if (kind) {
            d[i] = neon_ld32(s, a->vd + i / 2, i & 1);
            ir_binop(ir, kind == 1 ? IR_OP_add : IR_OP_sub, IR_I32, x[i], d[i], x[i]);
        }
        neon_st32(s, a->vd + i / 2, i & 1, x[i]);
    }
}

/* VAND/VBIC/VORR/VORN/VEOR/VBSL/VBIT/VBIF: op = U:size. */
static void neon_gen_logic(DisasContext *s, arg_NEON_3same *a)
{
    IRContext *ir = s->ir;
    int op = a->u << 2 | a->size;
    for (int p = 0; p <= a->q; p++) {
        IRTemp n = neon_ld64(s, a->vn + p), m = neon_ld64(s, a->vm + p), r = ir_new_i64(ir);
        switch (op) {
        case 0: ir_and(ir, IR_I64, r, n, m); break;
        case 1: ir_andc(ir, IR_I64, r, n, m); break;
        case 2: ir_or(ir, IR_I64, r, n, m); break;
        case 3: ir_orc(ir, IR_I64, r, n, m); break;
        case 4: ir_xor(ir, IR_I64, r, n, m); break;
        default: {
            /* BSL: ((n ^ m) & d) ^ m; BIT: ((n ^ d) & m) ^ d; BIF: ((d ^ n) & m) ^ n */
            IRTemp d = neon_ld64(s, a->vd + p);
            IRTemp sel = op == 5 ? d : m, base = op == 5 ? m : op == 6 ? d : n;
            IRTemp other = op == 5 ? n : op == 6 ? n : d;
            ir_xor(ir, IR_I64, r, other, base);
            ir_and(ir, IR_I64, r, r, sel);
            ir_xor(ir, IR_I64, r, r, base);
            break;
        }
        }
        neon_st64(s, a->vd + p, r);
    }
}

/* -- Inline lane-by-lane ops -- */

/* Loads lane i of (size, signed) from reg into a new temp of type t. */
static IRTemp neon_ld_lane(DisasContext *s, IRType t, int reg, int i, int size, bool sign)
{
    IRTemp v = ir_new(s->ir, t);
    ir_ld(s->ir, t, v, IR_ENV, NEON_DOFS(reg) + (i << size), (unsigned)size | (sign ? MO_SIGN : 0));
    return v;
}

static void neon_st_lane(DisasContext *s, IRType t, int reg, int i, int size, IRTemp v)
{
    ir_st(s->ir, t, v, IR_ENV, NEON_DOFS(reg) + (i << size), (unsigned)size);
}

/* r = cond(x, y) ? all ones : 0 */
static void neon_gen_mask(DisasContext *s, IRType t, IRTemp r, IRTemp x, IRTemp y, IRCond c)
{
    ir_setcond(s->ir, t, r, x, y, c);
    ir_neg(s->ir, t, r, r);
}

/* One lane of an inlinable 3same op (see neon_inline_3same); r = x op y. */
static void neon_gen_3same_lane(DisasContext *s, int op, IRTemp r, IRTemp x, IRTemp y, IRTemp d)
{
    IRContext *ir = s->ir;
    bool u = (op >> 1) & 1;
    switch (op) {
    case NEON_3S(3, 0, 0): case NEON_3S(3, 1, 0):
        neon_gen_mask(s, IR_I32, r, x, y, u ? IR_COND_GTU : IR_COND_GT);
        break;
    case NEON_3S(3, 0, 1): case NEON_3S(3, 1, 1):
        neon_gen_mask(s, IR_I32, r, x, y, u ? IR_COND_GEU : IR_COND_GE);
        break;
    case NEON_3S(6, 0, 0): case NEON_3S(6, 1, 0):
        ir_movcond(ir, IR_I32, r, x, y, x, y, u ? IR_COND_GTU : IR_COND_GT);
        break;
    case NEON_3S(6, 0, 1): case NEON_3S(6, 1, 1):
        ir_movcond(ir, IR_I32, r, x, y, x, y, u ? IR_COND_LTU : IR_COND_LT);
        break;
    case NEON_3S(7, 0, 0): case NEON_3S(7, 1, 0):
    case NEON_3S(7, 0, 1): case NEON_3S(7, 1, 1): {
        IRTemp t1 = ir_new_i32(ir), t2 = ir_new_i32(ir);
        ir_sub(ir, IR_I32, t1, x, y);
        ir_sub(ir, IR_I32, t2, y, x);
        ir_movcond(ir, IR_I32, r, x, y, t1, t2, u ? IR_COND_GTU : IR_COND_GT);
        if (op & 1) {
            ir_add(ir, IR_I32, r, r, d);
        }
        break;
    }
    case NEON_3S(8, 0, 1):
        ir_and(ir, IR_I32, r, x, y);
        neon_gen_mask(s, IR_I32, r, r, ir_const_i32(ir, 0), IR_COND_NE);
        break;
    case NEON_3S(8, 1, 1):
        neon_gen_mask(s, IR_I32, r, x, y, IR_COND_EQ);
        break;
    case NEON_3S(9, 0, 1):
        ir_mul(ir, IR_I32, r, x, y);
        break;
    default: /* VMLA / VMLS */
        ir_mul(ir, IR_I32, r, x, y);
        ir_binop(ir, op == NEON_3S(9, 0, 0) ? IR_OP_add : IR_OP_sub, IR_I32, r, d, r);
        break;
    }
}

/* Compares, VMAX/VMIN, VABD/VABA, VTST/VCEQ and 8/16-bit multiplies as
 * one i32 op per lane; returns false for anything else. */
static bool neon_inline_3same(DisasContext *s, int op, int size, int q, int vd, int vn, int vm)
{
    int opc = op >> 2;
    bool ok = opc == 3 || opc == 6 || opc == 7 || op == NEON_3S(8, 0, 1) || op == NEON_3S(8, 1, 1) ||
              (opc == 9 && op != NEON_3S(9, 1, 1));
    if (!ok || size == 3) {
        return false;
    }
    bool sign = !((op >> 2) == 9 || op == NEON_3S(8, 0, 1) || op == NEON_3S(8, 1, 1)) && !((op >> 1) & 1);
    int n = (8 >> size) << q;
    bool acc = op == NEON_3S(7, 0, 1) || op == NEON_3S(7, 1, 1) || (opc == 9 && !(op & 1));
    for (int i = 0; i < n; i++) {
        IRTemp x = neon_ld_lane(s, IR_I32, vn, i, size, sign), y = neon_ld_lane(s, IR_I32, vm, i, size, sign);
        IRTemp d = acc ? neon_ld_lane(s, IR_I32, vd, i, size, false) : IR_NO_TEMP;
        IRTemp r = ir_new_i32(s->ir);
        neon_gen_3same_lane(s, op, r, x, y, d);
        neon_st_lane(s, IR_I32, vd, i, size, r);
    }
    return true;
}

/* VADDL/VADDW/VSUBL/VSUBW/VABDL/VABAL/VMULL/VMLAL/VMLSL (not polynomial or
 * saturating) inline: results of 16/32 bits in i32, of 64 bits in i64.
 * All sources are read before the first store because vd may overlap them. */
static bool neon_inline_3diff(DisasContext *s, int o, int u, int size, int vd, int vn, int vm)
{
    if (!(o <= 3 || o == 5 || o == 7 || o == 8 || o == 10 || o == 12)) {
        return false;
    }
    IRContext *ir = s->ir;
    IRType t = size == 2 ? IR_I64 : IR_I32;
    bool wide = o == 1 || o == 3, acc = o == 5 || o == 8 || o == 10;
    int n = 8 >> size;
    IRTemp x[8], y[8];
    for (int i = 0; i < n; i++) {
        x[i] = wide ? neon_ld_lane(s, t, vn, i, size + 1, false) : neon_ld_lane(s, t, vn, i, size, !u);
        y[i] = neon_ld_lane(s, t, vm, i, size, !u);
    }
    for (int i = 0; i < n; i++) {
        IRTemp r = ir_new(ir, t);
        switch (o) {
        case 0: case 1: ir_add(ir, t, r, x[i], y[i]); break;
        case 2: case 3: ir_sub(ir, t, r, x[i], y[i]); break;
        case 5: case 7: {
            IRTemp t1 = ir_new(ir, t), t2 = ir_new(ir, t);
            ir_sub(ir, t, t1, x[i], y[i]);
            ir_sub(ir, t, t2, y[i], x[i]);
            ir_movcond(ir, t, r, x[i], y[i], t1, t2, u ? IR_COND_GTU : IR_COND_GT);
            break;
        }
        default: ir_mul(ir, t, r, x[i], y[i]); break;
        }
        if (acc) {
            IRTemp d = neon_ld_lane(s, t, vd, i, size + 1, false);
            ir_binop(ir, o == 10 ? IR_OP_sub : IR_OP_add, t, r, d, r);
        }
        neon_st_lane(s, t, vd, i, size + 1, r);
    }
    return true;
}

/* -- Three registers of the same length -- */

/* Float 3same: the helper op (NFP_* or -1..-4), -100 when UNDEFINED;
 * *pairwise set for VPADD/VPMAX/VPMIN. */
static int neon_fp_3same_op(arg_NEON_3same *a, bool *pairwise)
{
    int sz1 = a->size >> 1;
    *pairwise = false;
    if (a->size & 1) {
        return -100;
    }
    switch (a->opc << 2 | a->u << 1 | a->b) {
    case NEON_3S(12, 0, 1): return sz1 ? -4 : -3;
    case NEON_3S(13, 0, 0): return sz1 ? NFP_SUB : NFP_ADD;
    case NEON_3S(13, 1, 0): *pairwise = !sz1; return sz1 ? NFP_ABD : NFP_ADD;
    case NEON_3S(13, 0, 1): return sz1 ? -2 : -1;
    case NEON_3S(13, 1, 1): return sz1 ? -100 : NFP_MUL;
    case NEON_3S(14, 0, 0): return sz1 ? -100 : NFP_CEQ;
    case NEON_3S(14, 1, 0): return sz1 ? NFP_CGT : NFP_CGE;
    case NEON_3S(14, 1, 1): return sz1 ? NFP_ACGT : NFP_ACGE;
    case NEON_3S(15, 0, 0): return sz1 ? NFP_MIN : NFP_MAX;
    case NEON_3S(15, 1, 0): *pairwise = true; return sz1 ? NFP_MIN : NFP_MAX;
    case NEON_3S(15, 0, 1): return sz1 ? NFP_RSQRTS : NFP_RECPS;
    default: return -100;
    }
}

static bool trans_NEON_3same(DisasContext *s, arg_NEON_3same *a)
{
    if (!neon_q_ok(a->q, a->vd, a->vn, a->vm)) {
        return unallocated_encoding(s);
    }
    int op = NEON_3S(a->opc, a->u, a->b);
    if (a->opc >= 12) {
        bool pw;
        int fop = neon_fp_3same_op(a, &pw);
        if (fop == -100 || (pw && a->q)) {
            return unallocated_encoding(s);
        }
        bool fast = !pw && (fop == NFP_ADD || fop == NFP_SUB || fop == NFP_MUL || fop == -1 || fop == -2);
        neon_call(s, fast ? (void *)helper_neon_fp_arith : (void *)helper_neon_3same_fp,
                  neon_desc(a->vd, a->vn, a->vm, 2, a->q, fop + 8, pw));
        return true;
    }
    if (a->opc == 1 && a->b) {
        neon_gen_logic(s, a);
        return true;
    }
    if (a->opc == 8 && !a->b) {
        neon_gen_addsub(s, a, a->u);
        return true;
    }
    if (a->opc == 9 && a->size == 2 && !(a->b && a->u)) {
        neon_gen_mul32(s, a, a->b ? 0 : 1 + a->u);
        return true;
    }
    /* UNDEFINED combinations of op and size. */
    bool size3_ok = (a->opc == 0 && a->b) || (a->opc == 2 && a->b) || a->opc == 4 || a->opc == 5;
    if ((a->size == 3 && !size3_ok) || (a->opc == 9 && a->b && a->u && a->size != 0) ||
        (a->opc == 11 && !a->b && (a->size == 0 || a->size == 3)) || (a->opc == 11 && a->b && a->u) ||
        ((a->opc == 10 || (a->opc == 11 && a->b)) && a->q)) {
        return unallocated_encoding(s);
    }
    if (neon_inline_3same(s, op, a->size, a->q, a->vd, a->vn, a->vm)) {
        return true;
    }
    int vn = a->vn, vm = a->vm;
    if (a->opc == 4 || a->opc == 5) {
        vn = a->vm; /* register shifts: Vd = Vm shifted by Vn */
        vm = a->vn;
    }
    neon_call(s, helper_neon_3same, neon_desc(a->vd, vn, vm, a->size, a->q, op, 0));
    return true;
}

/* -- One register and a modified immediate -- */

/* AdvSIMDExpandImm (A7.4.6). */
static uint64_t neon_expand_imm(int op, int cmode, uint32_t imm8)
{
    uint64_t v;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        v = (uint64_t)imm8 << (8 * (cmode >> 1));
        return v | v << 32;
    case 4: case 5:
        v = (uint64_t)imm8 << (8 * ((cmode >> 1) & 1));
        return v * 0x0001000100010001ull;
    case 6:
        v = (cmode & 1) ? (imm8 << 16 | 0xffff) : (imm8 << 8 | 0xff);
        return v | v << 32;
    default:
        if (!(cmode & 1)) {
            if (!op) {
                return imm8 * 0x0101010101010101ull;
            }
            v = 0;
            for (int i = 0; i < 8; i++) {
                if ((imm8 >> i) & 1) {
                    v |= 0xffull << (8 * i);
                }
            }
            return v;
        }
        /* VMOV.F32: aBbbbbbc defgh000 0000... */
        v = (imm8 & 0x80u) << 24 | ((imm8 & 0x40u) ? 0x3e000000u : 0x40000000u) | (imm8 & 0x3fu) << 19;
        return v | v << 32;
    }
}

static bool trans_NEON_1reg_imm(DisasContext *s, arg_NEON_1reg_imm *a)
{
    IRContext *ir = s->ir;
    if ((a->q && (a->vd & 1)) || (a->op && a->cmode == 15)) {
        return unallocated_encoding(s);
    }
    uint32_t imm8 = (uint32_t)(a->i << 7 | a->imm3 << 4 | a->imm4);
    uint64_t imm = neon_expand_imm(a->op, a->cmode, imm8);
    /* ORR/BIC: cmode 0xx1 and 10x1; MVN: op=1 except 1110. */
    bool orr_bic = a->cmode < 12 && (a->cmode & 1);
    if (a->op && a->cmode != 14) {
        imm = ~imm;
    }
    for (int p = 0; p <= a->q; p++) {
        if (!orr_bic) {
            neon_st64(s, a->vd + p, ir_const_i64(ir, (int64_t)imm));
            continue;
        }
        IRTemp d = neon_ld64(s, a->vd + p);
        ir_binop(ir, a->op ? IR_OP_and : IR_OP_or, IR_I64, d, d, ir_const_i64(ir, (int64_t)imm));
        neon_st64(s, a->vd + p, d);
    }
    return true;
}

/* -- Two registers and a shift amount -- */

/* VSHR, VSRA and VSHL by immediate, one lane at a time (i64 for 64-bit
 * elements).  A right shift by the element size gives the sign or zero. */
static bool neon_inline_shift(DisasContext *s, int opc, int u, int size, int q, int vd, int vm, int sh)
{
    if (!(opc == 0 || opc == 1 || (opc == 5 && !u))) {
        return false;
    }
    IRContext *ir = s->ir;
    IRType t = size == 3 ? IR_I64 : IR_I32;
    int bits = 8 << size, n = (8 >> size) << q;
    for (int i = 0; i < n; i++) {
        IRTemp v = neon_ld_lane(s, t, vm, i, size, opc != 5 && !u);
        if (opc == 5) {
            ir_shli(ir, t, v, v, sh);
        } else if (u) {
            if (sh >= bits) {
                ir_movi(ir, t, v, 0);
            } else {
                ir_shri(ir, t, v, v, sh);
            }
        } else {
            ir_sari(ir, t, v, v, sh >= bits ? bits - 1 : sh);
        }
        if (opc == 1) {
            ir_add(ir, t, v, v, neon_ld_lane(s, t, vd, i, size, false));
        }
        neon_st_lane(s, t, vd, i, size, v);
    }
    return true;
}

/* VMOVL / VSHLL: each element of D register vm, zero- or sign-extended to
 * twice its width and shifted left by sh, into Q register vd. All lanes are
 * read before any is written, since vd may overlap vm. */
static void neon_gen_widen_shift(DisasContext *s, int vd, int vm, int size, bool sign, int sh)
{
    IRType t = size == 2 ? IR_I64 : IR_I32;
    int n = 8 >> size;
    IRTemp v[8];
    for (int i = 0; i < n; i++) {
        v[i] = neon_ld_lane(s, t, vm, i, size, sign);
    }
    for (int i = 0; i < n; i++) {
        if (sh) {
            ir_shli(s->ir, t, v[i], v[i], sh);
        }
        neon_st_lane(s, t, vd, i, size + 1, v[i]);
    }
}

static bool trans_NEON_2sh(DisasContext *s, arg_NEON_2sh *a)
{
    int size, esize;
    if (a->l) {
        size = 3;
    } else if (a->imm6 >= 32) {
        size = 2;
    } else if (a->imm6 >= 16) {
        size = 1;
    } else if (a->imm6 >= 8) {
        size = 0;
    } else {
        return false; /* one register and a modified immediate */
    }
    esize = 8 << size;
    int right = (size == 3 ? 64 : 2 * esize) - a->imm6;
    int left = size == 3 ? a->imm6 : a->imm6 - esize;
    int op = a->opc << 2 | a->u << 1 | a->q, sh, q = a->q;
    switch (a->opc) {
    case 0: case 1: case 2: case 3:
        sh = right;
        break;
    case 4:
        if (!a->u) {
            return unallocated_encoding(s);
        }
        sh = right;
        break;
    case 5: case 7:
        sh = left;
        break;
    case 6:
        if (!a->u) {
            return unallocated_encoding(s);
        }
        sh = left;
        break;
    case 8: case 9:
        if (a->l || (a->vm & 1)) {
            return unallocated_encoding(s);
        }
        sh = right;
        q = 0;
        break;
    case 10:
        if (a->l || a->q || (a->vd & 1)) {
            return unallocated_encoding(s);
        }
        sh = left;
        break;
    case 14: case 15:
        if (a->l || size != 2) {
            return unallocated_encoding(s);
        }
        sh = 64 - a->imm6;
        break;
    default:
        return unallocated_encoding(s);
    }
    if (a->opc < 8 || a->opc >= 14) {
        if (!neon_q_ok(a->q, a->vd, a->vm, 0)) {
            return unallocated_encoding(s);
        }
    }
    if (neon_inline_shift(s, a->opc, a->u, size, a->q, a->vd, a->vm, sh)) {
        return true;
    }
    if (a->opc == 10) {
        neon_gen_widen_shift(s, a->vd, a->vm, size, !a->u, sh);
        return true;
    }
    ir_call(s->ir, helper_neon_shift, NEON_CALL_FLAGS, IR_NO_TEMP, 3,
            (IRTemp[]){IR_ENV, ir_const_i32(s->ir, (int32_t)neon_desc(a->vd, 0, a->vm, size, q, op, 0)),
                       ir_const_i32(s->ir, sh)});
    return true;
}

/* -- Three registers of different lengths, and by scalar -- */

static bool trans_NEON_3diff(DisasContext *s, arg_NEON_3diff *a)
{
    if (a->size == 3) {
        return false;
    }
    int o = a->opc;
    bool wide_n = o == 1 || o == 3 || o == 4 || o == 6, narrow = o == 4 || o == 6;
    if (o == 15 || ((o == 9 || o == 11 || o == 13) && (a->u || a->size == 0)) ||
        (o == 14 && (a->u || a->size != 0)) || (!narrow && (a->vd & 1)) || (wide_n && (a->vn & 1)) ||
        (narrow && (a->vm & 1))) {
        return unallocated_encoding(s);
    }
    if (neon_inline_3diff(s, o, a->u, a->size, a->vd, a->vn, a->vm)) {
        return true;
    }
    neon_call(s, helper_neon_3diff, neon_desc(a->vd, a->vn, a->vm, a->size, 0, o << 1 | a->u, 0));
    return true;
}

static bool trans_NEON_scalar(DisasContext *s, arg_NEON_scalar *a)
{
    if (a->size == 3) {
        return false;
    }
    int o = a->opc;
    bool longop = o == 2 || o == 3 || o == 6 || o == 7 || o == 10 || o == 11;
    bool fp = o == 1 || o == 5 || o == 9;
    int q = longop ? 0 : a->u;
    if (a->size == 0 || o >= 14 || (fp && a->size != 2) || ((o == 3 || o == 7 || o == 11) && a->u) ||
        (longop && (a->vd & 1)) || (q && ((a->vd | a->vn) & 1))) {
        return unallocated_encoding(s);
    }
    neon_call(s, helper_neon_scalar, neon_desc(a->vd, a->vn, a->vm, a->size, q, o << 1 | a->u, 0));
    return true;
}

/* -- Permutes, 2misc, VDUP -- */

static bool trans_NEON_VEXT(DisasContext *s, arg_NEON_VEXT *a)
{
    if (!neon_q_ok(a->q, a->vd, a->vn, a->vm) || (!a->q && a->imm4 > 7)) {
        return unallocated_encoding(s);
    }
    neon_call(s, helper_neon_vext, neon_desc(a->vd, a->vn, a->vm, 0, a->q, 0, a->imm4));
    return true;
}

static bool trans_NEON_VTBL(DisasContext *s, arg_NEON_VTBL *a)
{
    if (a->vn + a->len + 1 > 32) {
        return unallocated_encoding(s);
    }
    neon_call(s, helper_neon_vtbl, neon_desc(a->vd, a->vn, a->vm, a->len, a->op, 0, 0));
    return true;
}

/* Element sizes each 2misc op allows (bit n = size n), indexed by op >> 1
 * (A:B without Q); 0 = UNDEFINED. */
static const uint8_t neon_2misc_sizes[64] = {
    [0x00] = 7, [0x01] = 3, [0x02] = 1, [0x04] = 7, [0x05] = 7, [0x08] = 7, [0x09] = 7,
    [0x0a] = 1, [0x0b] = 1, [0x0c] = 7, [0x0d] = 7, [0x0e] = 7, [0x0f] = 7,
    [0x10] = 7, [0x11] = 7, [0x12] = 7, [0x13] = 7, [0x14] = 7, [0x16] = 7, [0x17] = 7,
    [0x18] = 4, [0x19] = 4, [0x1a] = 4, [0x1b] = 4, [0x1c] = 4, [0x1e] = 4, [0x1f] = 4,
    [0x20] = 1, [0x21] = 7, [0x22] = 7, [0x23] = 7, [0x24] = 7, [0x25] = 7, [0x26] = 7,
    [0x38] = 4, [0x39] = 4, [0x3a] = 4, [0x3b] = 4, [0x3c] = 4, [0x3d] = 4, [0x3e] = 4, [0x3f] = 4,
};

static bool trans_NEON_2misc(DisasContext *s, arg_NEON_2misc *a)
{
    int op = a->opa << 5 | a->opb, q = a->opb & 1;
    if (op == 0x58 || op == 0x5c) { /* VCVT.F16.F32 Dd, Qm / VCVT.F32.F16 Qd, Dm */
        return neon_gen_vcvt_half(s, a->vd, a->vm, a->size, op == 0x58);
    }
    bool narrow = op >= 0x48 && op <= 0x4c;
    bool size_ok = a->size < 3 && ((neon_2misc_sizes[op >> 1] >> a->size) & 1) && op != 0x4d &&
                   !((op >> 1 == 0x22 || op >> 1 == 0x23) && a->size == 2 && !q);
    if (!size_ok || (!narrow && !neon_q_ok(q, a->vd, a->vm, 0)) || (narrow && op != 0x4c && (a->vm & 1)) ||
        (op == 0x4c && (a->vd & 1))) {
        return unallocated_encoding(s);
    }
    /* VMVN and VSWP of whole registers are cheap enough inline. */
    if ((op >> 1) == 0x0b) {
        for (int p = 0; p <= q; p++) {
            IRTemp v = neon_ld64(s, a->vm + p);
            ir_not(s->ir, IR_I64, v, v);
            neon_st64(s, a->vd + p, v);
        }
        return true;
    }
    if (op == 0x4c) { /* VSHLL by the element size: the extension bits are shifted out */
        neon_gen_widen_shift(s, a->vd, a->vm, a->size, false, 8 << a->size);
        return true;
    }
    neon_call(s, helper_neon_2misc, neon_desc(a->vd, 0, a->vm, a->size, q, op, 0));
    return true;
}

/* Stores the element v32 (1 << size bytes) replicated into 1 or 2 D registers. */
static void neon_gen_dup(DisasContext *s, int vd, int q, IRTemp v32, int size)
{
    static const int64_t mult[3] = {0x0101010101010101ll, 0x0001000100010001ll, 0x0000000100000001ll};
    IRTemp v = ir_new_i64(s->ir);
    ir_extu_i32_i64(s->ir, v, v32);
    ir_mul(s->ir, IR_I64, v, v, ir_const_i64(s->ir, mult[size]));
    for (int p = 0; p <= q; p++) {
        neon_st64(s, vd + p, v);
    }
}

static bool trans_NEON_VDUP_scalar(DisasContext *s, arg_NEON_VDUP_scalar *a)
{
    int size = (a->imm4 & 1) ? 0 : (a->imm4 & 2) ? 1 : (a->imm4 & 4) ? 2 : 3;
    if (size == 3 || (a->q && (a->vd & 1))) {
        return unallocated_encoding(s);
    }
    int idx = a->imm4 >> (size + 1);
    IRTemp v = ir_new_i32(s->ir);
    ir_ld(s->ir, IR_I32, v, IR_ENV, NEON_DOFS(a->vm) + (idx << size), (unsigned)size);
    neon_gen_dup(s, a->vd, a->q, v, size);
    return true;
}

static bool trans_NEON_VDUP_core(DisasContext *s, arg_NEON_VDUP_core *a)
{
    int be = a->b << 1 | a->e;
    if ((s->insn >> 28) == 0xf) {
        return false; /* the unconditional (CDP2/MCR2) space, not VDUP */
    }
    if (be == 3 || (a->q && (a->vd & 1))) {
        return unallocated_encoding(s);
    }
    int size = be == 0 ? 2 : be == 1 ? 1 : 0;
    IRTemp v = load_reg(s, a->rt);
    if (size < 2) {
        ir_andi(s->ir, IR_I32, v, v, size == 0 ? 0xff : 0xffff);
    }
    neon_gen_dup(s, a->vd, a->q, v, size);
    return true;
}
