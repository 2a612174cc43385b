/*
 * Constant folding and algebraic simplification (opt_fold).
 *
 * One forward walk over the op list. Within straight-line code the pass
 * remembers which temps hold a known constant (because an earlier op moved a
 * constant into them or was folded), substitutes that constant for later
 * uses, and then rewrites each op whose result is decided:
 *
 *     add_i32 t0, r1, $0x0        ->  mov_i32 t0, r1
 *     mov_i32 t1, $0x7fffffff
 *     add_i32 t2, t1, $0x1        ->  mov_i32 t2, $0x80000000    (i32 wraps)
 *     brcond_i32 t2, $0x0, eq, L1 ->  (nop: never taken)
 *
 * A folded op becomes "mov dst, const" (or "mov dst, src" / nop / br), in
 * place: the array is never compacted. Ops with two results (mulu2, add2...)
 * stay as they are, but their constant results are remembered so that later
 * uses fold and DCE can drop the op.
 *
 * Knowledge is forgotten at every set_label (another path may arrive with
 * other values) and, for globals, after helper calls that may write them.
 * It is kept across brcond: the fall-through path has only one predecessor.
 * The per-temp knowledge lives in IRTempInfo.state (the epoch in which it
 * was learnt) and state_ptr (the constant temp), so a reset is O(1).
 */
#include "tcg/opt.h"
#include "xrun/codegen.h"

typedef struct FoldCtx {
    IRContext *ir;
    uint32_t epoch; /* knowledge with state != epoch is stale */
} FoldCtx;

/* -- Known constants -- */

static IRTemp known_const(FoldCtx *f, IRTemp t)
{
    IRTempInfo *ti = &f->ir->temps[t];
    if (ti->kind == IR_TEMP_CONST)
        return t;
    if (ti->state == f->epoch)
        return (IRTemp)(uintptr_t)ti->state_ptr;
    return IR_NO_TEMP;
}

static void remember(FoldCtx *f, IRTemp t, IRTemp c)
{
    IRTempInfo *ti = &f->ir->temps[t];
    if (ti->kind == IR_TEMP_CONST || ti->kind == IR_TEMP_FIXED)
        return;
    ti->state = f->epoch;
    ti->state_ptr = (void *)(uintptr_t)c;
}

static void forget(FoldCtx *f, IRTemp t) { f->ir->temps[t].state = 0; }

static void forget_globals(FoldCtx *f)
{
    for (uint32_t i = 0; i < f->ir->nb_globals; i++)
        forget(f, i);
}

static bool is_const(FoldCtx *f, IRTemp t) { return f->ir->temps[t].kind == IR_TEMP_CONST; }

static uint64_t cval(FoldCtx *f, IRTemp t) { return opt_const_val(f->ir, t); }

/* Two inputs that certainly hold the same value. */
static bool same_value(FoldCtx *f, IRTemp a, IRTemp b)
{
    return a == b || (is_const(f, a) && is_const(f, b) && cval(f, a) == cval(f, b) &&
                      opt_temp_type(f->ir, a) == opt_temp_type(f->ir, b));
}

/* -- Rewriting -- */

/*
 * The constant temp for v, or IR_NO_TEMP when the temp table is full. The
 * builder then hands back an unrelated temp and flags overflow; a pass must
 * not use that temp, and the block it optimizes is still valid, so the
 * flag is restored and the op is simply left unfolded.
 */
static IRTemp make_const(FoldCtx *f, IRType t, uint64_t v)
{
    bool overflow = f->ir->overflow;
    int64_t val = (int64_t)opt_norm(t, v);
    IRTemp c = ir_const(f->ir, t, val);
    IRTempInfo *ti = &f->ir->temps[c];
    if (ti->kind == IR_TEMP_CONST && ti->type == t && ti->val == val)
        return c;
    f->ir->overflow = overflow;
    return IR_NO_TEMP;
}

static void to_movi(FoldCtx *f, IROp *op, uint64_t v)
{
    IRTemp dst = (IRTemp)op->args[0];
    IRTemp c = make_const(f, opt_temp_type(f->ir, dst), v);
    if (c == IR_NO_TEMP)
        return;
    opt_make_mov(f->ir, op, dst, c);
    remember(f, dst, c);
}

static void to_mov(FoldCtx *f, IROp *op, IRTemp src)
{
    IRTemp dst = (IRTemp)op->args[0];
    opt_make_mov(f->ir, op, dst, src);
    if (is_const(f, src))
        remember(f, dst, src);
}

/* -- Evaluation at exact width -- */

static uint64_t sext(IRType t, uint64_t v) { return opt_norm(t, v); }

static uint64_t rotl_w(uint64_t a, unsigned sh, unsigned w, uint64_t mask)
{
    a &= mask;
    return sh ? ((a << sh) | (a >> (w - sh))) & mask : a;
}

/* Signed division is only folded when it is defined: no /0, no MIN / -1. */
static bool sdiv_ok(IRType t, int64_t a, int64_t b)
{
    int64_t min = t == IR_I32 ? INT32_MIN : INT64_MIN;
    return b != 0 && !(b == -1 && a == min);
}

static bool eval_binop(IROpcode opc, IRType t, uint64_t a, uint64_t b, uint64_t *r)
{
    unsigned w = opt_type_bits(t);
    uint64_t m = opt_type_mask(t);
    unsigned sh = (unsigned)(b & (w - 1));
    int64_t sa = (int64_t)sext(t, a), sb = (int64_t)sext(t, b);
    a &= m;
    b &= m;
    switch (opc) {
    case IR_OP_add: *r = a + b; break;
    case IR_OP_sub: *r = a - b; break;
    case IR_OP_mul: *r = a * b; break;
    case IR_OP_and: *r = a & b; break;
    case IR_OP_or: *r = a | b; break;
    case IR_OP_xor: *r = a ^ b; break;
    case IR_OP_andc: *r = a & ~b; break;
    case IR_OP_orc: *r = a | ~b; break;
    case IR_OP_shl: *r = a << sh; break;
    case IR_OP_shr: *r = a >> sh; break;
    case IR_OP_sar: *r = (uint64_t)(sa >> sh); break;
    case IR_OP_rotl: *r = rotl_w(a, sh, w, m); break;
    case IR_OP_rotr: *r = rotl_w(a, (w - sh) & (w - 1), w, m); break;
    case IR_OP_div:
        if (!sdiv_ok(t, sa, sb))
            return false;
        *r = (uint64_t)(sa / sb);
        break;
    case IR_OP_rem:
        if (!sdiv_ok(t, sa, sb))
            return false;
        *r = (uint64_t)(sa % sb);
        break;
    case IR_OP_divu:
        if (b == 0)
            return false;
        *r = a / b;
        break;
    case IR_OP_remu:
        if (b == 0)
            return false;
        *r = a % b;
        break;
    default:
        return false;
    }
    return true;
}

static uint64_t bswap16_val(uint64_t a) { return ((a & 0xff) << 8) | ((a >> 8) & 0xff); }

/* Unary ops; it is the input's type that gives the width for width changes. */
static bool eval_unop(IROpcode opc, IRType t, uint64_t a, uint64_t *r)
{
    uint64_t m = opt_type_mask(t);
    switch (opc) {
    case IR_OP_neg: *r = -a; break;
    case IR_OP_not: *r = ~a; break;
    case IR_OP_ext8s: *r = (uint64_t)(int64_t)(int8_t)a; break;
    case IR_OP_ext8u: *r = (uint8_t)a; break;
    case IR_OP_ext16s: *r = (uint64_t)(int64_t)(int16_t)a; break;
    case IR_OP_ext16u: *r = (uint16_t)a; break;
    case IR_OP_ext32s: *r = (uint64_t)(int64_t)(int32_t)a; break;
    case IR_OP_ext32u: *r = (uint32_t)a; break;
    case IR_OP_extu_i32: *r = (uint32_t)a; break;
    case IR_OP_exts_i32: *r = (uint64_t)(int64_t)(int32_t)a; break;
    case IR_OP_extrl: *r = (uint32_t)a; break;
    case IR_OP_extrh: *r = a >> 32; break;
    case IR_OP_bswap16: *r = bswap16_val(a); break;
    case IR_OP_bswap32: *r = __builtin_bswap32((uint32_t)a); break;
    case IR_OP_bswap64: *r = __builtin_bswap64(a); break;
    case IR_OP_ctpop: *r = (uint64_t)__builtin_popcountll(a & m); break;
    default: return false;
    }
    return true;
}

/*
 * The outcome of "a cond b" when it is known without running the code:
 * 1 or 0, or -1 when it depends on run-time values.
 */
static int decide_cond(FoldCtx *f, IRType t, IRTemp a, IRTemp b, IRCond c)
{
    if (c == IR_COND_ALWAYS || c == IR_COND_NEVER)
        return c == IR_COND_ALWAYS;
    if (is_const(f, a) && is_const(f, b))
        return ir_cond_eval(c, t, cval(f, a), cval(f, b));
    if (a == b)
        return ir_cond_eval(c, t, 0, 0);
    if (is_const(f, b) && cval(f, b) == 0) {
        if (c == IR_COND_LTU)
            return 0; /* nothing is unsigned-below zero */
        if (c == IR_COND_GEU)
            return 1;
    }
    return -1;
}

/* -- Per-op folding -- */

/* Puts the constant of a commutative op second, where backends take immediates. */
static void canonicalize_comm(FoldCtx *f, IROp *op)
{
    unsigned i = op->nb_oargs;
    if (is_const(f, (IRTemp)op->args[i]) && !is_const(f, (IRTemp)op->args[i + 1])) {
        uint64_t tmp = op->args[i];
        op->args[i] = op->args[i + 1];
        op->args[i + 1] = tmp;
    }
}

/* The same for comparisons: "$c lt x" becomes "x gt $c". */
static void canonicalize_cmp(FoldCtx *f, IROp *op, unsigned ai, unsigned ci)
{
    if (is_const(f, (IRTemp)op->args[ai]) && !is_const(f, (IRTemp)op->args[ai + 1])) {
        uint64_t tmp = op->args[ai];
        op->args[ai] = op->args[ai + 1];
        op->args[ai + 1] = tmp;
        op->args[ci] = ir_cond_swap((IRCond)op->args[ci]);
    }
}

/* x & 0xff, 0xffff or 0xffffffff (i64) is a zero extension, which hosts
 * do without materializing the mask (x86_64: movzx, or mov r32, r32). */
static bool to_zero_extend(IROp *op, IRTemp a, uint64_t mask)
{
    IROpcode ext = mask == 0xff ? IR_OP_ext8u : mask == 0xffff ? IR_OP_ext16u
                   : mask == 0xffffffffull && op->type == IR_I64 ? IR_OP_ext32u : IR_OP_nop;
    if (ext == IR_OP_nop)
        return false;
    op->opc = (uint16_t)ext;
    op->nb_iargs = 1;
    op->args[1] = a;
    return true;
}

/* x OP const, with x unknown. */
static bool simplify_const_rhs(FoldCtx *f, IROp *op, IRTemp a, uint64_t bv)
{
    IRType t = (IRType)op->type;
    uint64_t ones = opt_norm(t, ~0ull);
    bool by0 = (bv & (opt_type_bits(t) - 1)) == 0;
    switch (op->opc) {
    case IR_OP_add: case IR_OP_sub: case IR_OP_or: case IR_OP_xor:
        if (bv == 0)
            return to_mov(f, op, a), true;
        if (op->opc == IR_OP_or && bv == ones)
            return to_movi(f, op, ones), true;
        return false;
    case IR_OP_shl: case IR_OP_shr: case IR_OP_sar: case IR_OP_rotl: case IR_OP_rotr:
        return by0 ? (to_mov(f, op, a), true) : false;
    case IR_OP_mul:
        if (bv == 0 || bv == 1)
            return bv ? to_mov(f, op, a) : to_movi(f, op, 0), true;
        return false;
    case IR_OP_and:
        if (bv == 0 || bv == ones)
            return bv ? to_mov(f, op, a) : to_movi(f, op, 0), true;
        return to_zero_extend(op, a, bv);
    case IR_OP_andc:
        if (bv == 0 || bv == ones)
            return bv ? to_movi(f, op, 0) : to_mov(f, op, a), true;
        return false;
    case IR_OP_orc:
        if (bv == 0 || bv == ones)
            return bv ? to_mov(f, op, a) : to_movi(f, op, ones), true;
        return false;
    case IR_OP_div: case IR_OP_divu:
        return bv == 1 ? (to_mov(f, op, a), true) : false;
    case IR_OP_rem: case IR_OP_remu:
        return bv == 1 ? (to_movi(f, op, 0), true) : false;
    default:
        return false;
    }
}

/* const OP x, with x unknown (non-commutative ops only get here usefully). */
static bool simplify_const_lhs(FoldCtx *f, IROp *op, IRTemp b, uint64_t av)
{
    IRType t = (IRType)op->type;
    uint64_t ones = opt_norm(t, ~0ull);
    switch (op->opc) {
    case IR_OP_sub:
        if (av != 0)
            return false;
        op->opc = IR_OP_neg; /* 0 - x */
        op->nb_iargs = 1;
        op->args[1] = b;
        return true;
    case IR_OP_shl: case IR_OP_shr: case IR_OP_andc:
    case IR_OP_div: case IR_OP_divu: case IR_OP_rem: case IR_OP_remu:
        /* 0 stays 0; the divisor is non-zero by the op's definition. */
        return av == 0 ? (to_movi(f, op, 0), true) : false;
    case IR_OP_sar: case IR_OP_rotl: case IR_OP_rotr:
        return (av == 0 || av == ones) ? (to_movi(f, op, av), true) : false;
    case IR_OP_orc:
        return av == ones ? (to_movi(f, op, ones), true) : false;
    default:
        return false;
    }
}

/* x OP x. */
static bool simplify_same(FoldCtx *f, IROp *op, IRTemp a)
{
    switch (op->opc) {
    case IR_OP_sub: case IR_OP_xor: case IR_OP_andc: case IR_OP_rem: case IR_OP_remu:
        return to_movi(f, op, 0), true;
    case IR_OP_and: case IR_OP_or:
        return to_mov(f, op, a), true;
    case IR_OP_orc:
        return to_movi(f, op, ~0ull), true;
    case IR_OP_div: case IR_OP_divu:
        return to_movi(f, op, 1), true; /* the divisor is non-zero by definition */
    default:
        return false;
    }
}

static void fold_binop(FoldCtx *f, IROp *op)
{
    if (ir_op_defs[op->opc].flags & IR_F_COMM)
        canonicalize_comm(f, op);
    IRTemp a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    uint64_t r;
    if (is_const(f, a) && is_const(f, b)) {
        if (eval_binop((IROpcode)op->opc, (IRType)op->type, cval(f, a), cval(f, b), &r))
            to_movi(f, op, r);
        return;
    }
    if (is_const(f, b) && simplify_const_rhs(f, op, a, cval(f, b)))
        return;
    if (is_const(f, a) && simplify_const_lhs(f, op, b, cval(f, a)))
        return;
    if (same_value(f, a, b))
        simplify_same(f, op, a);
}

static void fold_unop(FoldCtx *f, IROp *op)
{
    IRTemp a = (IRTemp)op->args[1];
    uint64_t r;
    if (is_const(f, a) && eval_unop((IROpcode)op->opc, opt_temp_type(f->ir, a), cval(f, a), &r))
        to_movi(f, op, r);
}

/* clz/ctz: o0 = i0 ? count(i0) : i1. */
static void fold_count(FoldCtx *f, IROp *op)
{
    IRTemp a = (IRTemp)op->args[1], dflt = (IRTemp)op->args[2];
    if (!is_const(f, a))
        return;
    IRType t = (IRType)op->type;
    uint64_t v = cval(f, a) & opt_type_mask(t);
    if (v == 0) {
        to_mov(f, op, dflt);
        return;
    }
    unsigned w = opt_type_bits(t);
    if (op->opc == IR_OP_clz)
        to_movi(f, op, (uint64_t)(__builtin_clzll(v) - (64 - w)));
    else
        to_movi(f, op, (uint64_t)__builtin_ctzll(v));
}

static void fold_extract(FoldCtx *f, IROp *op)
{
    IRTemp a = (IRTemp)op->args[1];
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    IRType t = (IRType)op->type;
    if (pos == 0 && len == opt_type_bits(t)) {
        to_mov(f, op, a);
        return;
    }
    if (!is_const(f, a) || len == 0 || len > 64 || pos >= 64)
        return;
    uint64_t v = (cval(f, a) & opt_type_mask(t)) >> pos;
    if (op->opc == IR_OP_extract)
        v = len == 64 ? v : v & ((1ull << len) - 1);
    else
        v = len == 64 ? v : (uint64_t)((int64_t)(v << (64 - len)) >> (64 - len));
    to_movi(f, op, v);
}

static void fold_deposit(FoldCtx *f, IROp *op)
{
    IRTemp a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    unsigned pos = (unsigned)op->args[3], len = (unsigned)op->args[4];
    IRType t = (IRType)op->type;
    if (pos == 0 && len == opt_type_bits(t)) {
        to_mov(f, op, b);
        return;
    }
    if (is_const(f, a) && cval(f, a) == 0 && pos + len == opt_type_bits(t) && !is_const(f, b)) {
        IRTemp sh = make_const(f, t, pos); /* a field up to the top: b << pos */
        if (sh == IR_NO_TEMP)
            return;
        op->opc = IR_OP_shl;
        op->nb_cargs = 0;
        op->args[1] = b;
        op->args[2] = sh;
        return;
    }
    if (!is_const(f, a) || !is_const(f, b) || len == 0 || len >= 64 || pos >= 64)
        return;
    uint64_t field = ((1ull << len) - 1) << pos;
    to_movi(f, op, (cval(f, a) & ~field) | ((cval(f, b) << pos) & field));
}

static void fold_concat(FoldCtx *f, IROp *op)
{
    IRTemp lo = (IRTemp)op->args[1], hi = (IRTemp)op->args[2];
    if (is_const(f, lo) && is_const(f, hi))
        to_movi(f, op, (uint64_t)(uint32_t)cval(f, lo) | (cval(f, hi) << 32));
}

static void fold_setcond(FoldCtx *f, IROp *op)
{
    canonicalize_cmp(f, op, 1, 3);
    int d = decide_cond(f, (IRType)op->type, (IRTemp)op->args[1], (IRTemp)op->args[2],
                        (IRCond)op->args[3]);
    if (d >= 0)
        to_movi(f, op, (uint64_t)d);
}

static void fold_movcond(FoldCtx *f, IROp *op)
{
    canonicalize_cmp(f, op, 1, 5);
    IRTemp v1 = (IRTemp)op->args[3], v2 = (IRTemp)op->args[4];
    int d = decide_cond(f, (IRType)op->type, (IRTemp)op->args[1], (IRTemp)op->args[2],
                        (IRCond)op->args[5]);
    if (d >= 0)
        to_mov(f, op, d ? v1 : v2);
    else if (same_value(f, v1, v2))
        to_mov(f, op, v1);
}

static void fold_brcond(FoldCtx *f, IROp *op)
{
    canonicalize_cmp(f, op, 0, 2);
    int d = decide_cond(f, (IRType)op->type, (IRTemp)op->args[0], (IRTemp)op->args[1],
                        (IRCond)op->args[2]);
    if (d == 1)
        opt_make_br(op, op->args[3]);
    else if (d == 0)
        opt_make_nop(op);
}

/* -- Double-width ops: results are remembered, the op itself is kept -- */

static void remember_pair(FoldCtx *f, IROp *op, uint64_t lo, uint64_t hi)
{
    IRType t = (IRType)op->type;
    IRTemp clo = make_const(f, t, lo), chi = make_const(f, t, hi);
    if (clo != IR_NO_TEMP)
        remember(f, (IRTemp)op->args[0], clo);
    if (chi != IR_NO_TEMP)
        remember(f, (IRTemp)op->args[1], chi);
}

static void fold_mul2(FoldCtx *f, IROp *op)
{
    IRTemp a = (IRTemp)op->args[2], b = (IRTemp)op->args[3];
    if (!is_const(f, a) || !is_const(f, b))
        return;
    IRType t = (IRType)op->type;
    unsigned w = opt_type_bits(t);
    uint64_t m = opt_type_mask(t);
    unsigned __int128 p;
    if (op->opc == IR_OP_mulu2)
        p = (unsigned __int128)(cval(f, a) & m) * (cval(f, b) & m);
    else
        p = (unsigned __int128)((__int128)(int64_t)cval(f, a) * (int64_t)cval(f, b));
    remember_pair(f, op, (uint64_t)p, (uint64_t)(p >> w));
}

static void fold_addsub2(FoldCtx *f, IROp *op)
{
    for (unsigned i = 2; i < 6; i++)
        if (!is_const(f, (IRTemp)op->args[i]))
            return;
    IRType t = (IRType)op->type;
    unsigned w = opt_type_bits(t);
    uint64_t m = opt_type_mask(t);
    unsigned __int128 a = ((unsigned __int128)(cval(f, (IRTemp)op->args[3]) & m) << w) |
                          (cval(f, (IRTemp)op->args[2]) & m);
    unsigned __int128 b = ((unsigned __int128)(cval(f, (IRTemp)op->args[5]) & m) << w) |
                          (cval(f, (IRTemp)op->args[4]) & m);
    unsigned __int128 r = op->opc == IR_OP_add2 ? a + b : a - b;
    remember_pair(f, op, (uint64_t)r, (uint64_t)(r >> w));
}

static void fold_mov(FoldCtx *f, IROp *op)
{
    IRTemp dst = (IRTemp)op->args[0], src = (IRTemp)op->args[1];
    if (dst == src || op->type != opt_temp_type(f->ir, dst)) {
        to_mov(f, op, src); /* a nop, or the mov's type put right */
        return;
    }
    /* Already the mov to_mov would write: only learn the constant. */
    if (is_const(f, src))
        remember(f, dst, src);
}

static void fold_op(FoldCtx *f, IROp *op)
{
    switch (op->opc) {
    case IR_OP_mov: fold_mov(f, op); break;
    case IR_OP_add: case IR_OP_sub: case IR_OP_mul: case IR_OP_div: case IR_OP_divu:
    case IR_OP_rem: case IR_OP_remu: case IR_OP_and: case IR_OP_or: case IR_OP_xor:
    case IR_OP_andc: case IR_OP_orc: case IR_OP_shl: case IR_OP_shr: case IR_OP_sar:
    case IR_OP_rotl: case IR_OP_rotr:
        fold_binop(f, op);
        break;
    case IR_OP_neg: case IR_OP_not: case IR_OP_ext8s: case IR_OP_ext8u: case IR_OP_ext16s:
    case IR_OP_ext16u: case IR_OP_ext32s: case IR_OP_ext32u: case IR_OP_extu_i32:
    case IR_OP_exts_i32: case IR_OP_extrl: case IR_OP_extrh: case IR_OP_bswap16:
    case IR_OP_bswap32: case IR_OP_bswap64: case IR_OP_ctpop:
        fold_unop(f, op);
        break;
    case IR_OP_clz: case IR_OP_ctz: fold_count(f, op); break;
    case IR_OP_extract: case IR_OP_sextract: fold_extract(f, op); break;
    case IR_OP_deposit: fold_deposit(f, op); break;
    case IR_OP_concat: fold_concat(f, op); break;
    case IR_OP_setcond: fold_setcond(f, op); break;
    case IR_OP_movcond: fold_movcond(f, op); break;
    case IR_OP_brcond: fold_brcond(f, op); break;
    case IR_OP_mulu2: case IR_OP_muls2: fold_mul2(f, op); break;
    case IR_OP_add2: case IR_OP_sub2: fold_addsub2(f, op); break;
    default: break;
    }
}

/* Replaces each input that holds a known constant by that constant. */
static void substitute_inputs(FoldCtx *f, IROp *op)
{
    for (unsigned i = op->nb_oargs; i < (unsigned)(op->nb_oargs + op->nb_iargs); i++) {
        IRTemp c = known_const(f, (IRTemp)op->args[i]);
        if (c != IR_NO_TEMP)
            op->args[i] = c;
    }
}

void opt_fold(IRContext *ir)
{
    FoldCtx f = {.ir = ir, .epoch = 1};
    for (uint32_t t = 0; t < ir->nb_temps; t++)
        ir->temps[t].state = 0;
    for (uint32_t i = 0; i < ir->nb_ops; i++) {
        IROp *op = &ir->ops[i];
        if (op->opc == IR_OP_set_label) {
            f.epoch++;
            continue;
        }
        substitute_inputs(&f, op);
        for (unsigned k = 0; k < op->nb_oargs; k++)
            forget(&f, (IRTemp)op->args[k]);
        bool clobbers = opt_call_writes_globals(op);
        fold_op(&f, op);
        if (clobbers)
            forget_globals(&f);
    }
}
