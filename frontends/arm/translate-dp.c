/*
 * AArch32 data processing: the 16 ALU opcodes in their three operand forms
 * (immediate-shifted register, register-shifted register, modified
 * immediate), MOVW/MOVT, and the ARMv6/v7 media instructions (bit fields,
 * extends, byte reversal, saturation, parallel add/sub, packing).
 *
 * Every ALU form funnels into one function per operand shape; the opcode
 * is a table entry (DPOp) naming its plain and flag-setting generators:
 *
 *     ADDS r0, r1, r2, LSL #3   ->  op_s_rrr_shi(s, a, &dp_add)
 *         t2 = r2 << 3; gen_add_CC(r0, r1, t2)
 *
 * Logical opcodes with S take C from the shifter, arithmetic ones from the
 * adder.  T32 reuses these trans_ functions through the same arg sets.
 */
#include "frontends/arm/translate.h"
#include "decode-a32.h"

typedef void DPGen(DisasContext *s, IRTemp d, IRTemp a, IRTemp b);

/* How an ALU result is written back. */
enum { DP_STORE, DP_NONE, DP_MOVE };

typedef struct DPOp {
    DPGen *gen;      /* without flags */
    DPGen *gen_cc;   /* with S: sets NZCV; NULL for logical ops */
    int kind;        /* DP_STORE: d = rn op op2, DP_NONE: flags only, DP_MOVE: d = op op2 */
} DPOp;

/* -- Generators -- */

static void gen_and(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_and(s->ir, IR_I32, d, a, b); }
static void gen_eor(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_xor(s->ir, IR_I32, d, a, b); }
static void gen_orr(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_or(s->ir, IR_I32, d, a, b); }
static void gen_bic(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_andc(s->ir, IR_I32, d, a, b); }
static void gen_mov(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_mov(s->ir, IR_I32, d, b); }
static void gen_mvn(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_not(s->ir, IR_I32, d, b); }
static void gen_add(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_add(s->ir, IR_I32, d, a, b); }
static void gen_sub(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_sub(s->ir, IR_I32, d, a, b); }
static void gen_rsb(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { ir_sub(s->ir, IR_I32, d, b, a); }
static void gen_rsb_CC(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { gen_sub_CC(s, d, b, a); }
static void gen_rsc(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { gen_sbc(s, d, b, a); }
static void gen_rsc_CC(DisasContext *s, IRTemp d, IRTemp a, IRTemp b) { gen_sbc_CC(s, d, b, a); }

static const DPOp dp_and = {gen_and, NULL, DP_STORE};
static const DPOp dp_eor = {gen_eor, NULL, DP_STORE};
static const DPOp dp_orr = {gen_orr, NULL, DP_STORE};
static const DPOp dp_bic = {gen_bic, NULL, DP_STORE};
static const DPOp dp_mov = {gen_mov, NULL, DP_MOVE};
static const DPOp dp_mvn = {gen_mvn, NULL, DP_MOVE};
static const DPOp dp_tst = {gen_and, NULL, DP_NONE};
static const DPOp dp_teq = {gen_eor, NULL, DP_NONE};
static const DPOp dp_add = {gen_add, gen_add_CC, DP_STORE};
static const DPOp dp_sub = {gen_sub, gen_sub_CC, DP_STORE};
static const DPOp dp_rsb = {gen_rsb, gen_rsb_CC, DP_STORE};
static const DPOp dp_adc = {gen_adc, gen_adc_CC, DP_STORE};
static const DPOp dp_sbc = {gen_sbc, gen_sbc_CC, DP_STORE};
static const DPOp dp_rsc = {gen_rsc, gen_rsc_CC, DP_STORE};
static const DPOp dp_cmp = {gen_sub, gen_sub_CC, DP_NONE};
static const DPOp dp_cmn = {gen_add, gen_add_CC, DP_NONE};

/* -- The three operand shapes -- */

/* S with rd == pc is an exception return: UNPREDICTABLE in user mode,
 * CPSR = SPSR in a privileged mode of system mode (A32; T32 has its own
 * SUBS pc, lr). */
static bool dp_bad_exception_return(DisasContext *s, const DPOp *op, int sbit, int rd)
{
    return sbit && rd == 15 && op->kind != DP_NONE && !(s->priv && !s->thumb);
}

/* Applies op to rn (unless a move) and the shifted operand t2, then writes back. */
static bool dp_finish(DisasContext *s, const DPOp *op, int sbit, int rd, IRTemp t1, IRTemp t2)
{
    IRContext *ir = s->ir;
    IRTemp d = ir_new_i32(ir);
    if (sbit && rd == 15 && op->kind != DP_NONE) {
        /* SUBS pc, lr, #4 and friends: the flags come from the SPSR. */
        op->gen(s, d, t1, t2);
        arm_gen_exception_return(s, d);
        return true;
    }
    if (op->gen_cc && sbit) {
        op->gen_cc(s, d, t1, t2);
    } else {
        op->gen(s, d, t1, t2);
        if (sbit && !op->gen_cc) {
            gen_set_nz(s, d);
        }
    }
    if (op->kind != DP_NONE) {
        store_reg_bx(s, rd, d);
    }
    return true;
}

static bool op_s_rrr_shi(DisasContext *s, arg_s_rrr_shi *a, const DPOp *op)
{
    if (dp_bad_exception_return(s, op, a->s, a->rd)) {
        return unallocated_encoding(s);
    }
    IRTemp t2 = arm_shift_im(s, load_reg(s, a->rm), a->shty, a->shim, a->s && !op->gen_cc);
    IRTemp t1 = op->kind == DP_MOVE ? t2 : load_reg(s, a->rn);
    return dp_finish(s, op, a->s, a->rd, t1, t2);
}

static bool op_s_rrr_shr(DisasContext *s, arg_s_rrr_shr *a, const DPOp *op)
{
    if (dp_bad_exception_return(s, op, a->s, a->rd)) {
        return unallocated_encoding(s);
    }
    IRTemp t2 = arm_shift_reg(s, load_reg(s, a->rm), a->shty, load_reg(s, a->rs), a->s && !op->gen_cc);
    IRTemp t1 = op->kind == DP_MOVE ? t2 : load_reg(s, a->rn);
    return dp_finish(s, op, a->s, a->rd, t1, t2);
}

static bool op_s_rri_rot(DisasContext *s, arg_s_rri_rot *a, const DPOp *op)
{
    if (dp_bad_exception_return(s, op, a->s, a->rd)) {
        return unallocated_encoding(s);
    }
    uint32_t imm = (uint32_t)a->imm;
    if (a->rot) {
        imm = (imm >> a->rot) | (imm << (32 - a->rot));
    }
    IRTemp t2 = ir_new_i32(s->ir);
    ir_movi(s->ir, IR_I32, t2, (int32_t)imm);
    if (a->s && !op->gen_cc && a->rot) {
        /* A rotated immediate's bit 31 is the shifter carry-out. */
        ir_movi(s->ir, IR_I32, cpu_CF, imm >> 31);
    }
    /* ADR: pc is Align(pc, 4) (a no-op in ARM state). */
    IRTemp t1 = op->kind == DP_MOVE ? t2 : add_reg_for_lit(s, a->rn, 0);
    return dp_finish(s, op, a->s, a->rd, t1, t2);
}

#define DO_DP(NAME, OP) \
    bool trans_##NAME##_rrri(DisasContext *s, arg_s_rrr_shi *a) { return op_s_rrr_shi(s, a, &OP); } \
    bool trans_##NAME##_rrrr(DisasContext *s, arg_s_rrr_shr *a) { return op_s_rrr_shr(s, a, &OP); } \
    bool trans_##NAME##_rri(DisasContext *s, arg_s_rri_rot *a) { return op_s_rri_rot(s, a, &OP); }
#define DO_DP_X(NAME, SUFFIX, OP) \
    bool trans_##NAME##_##SUFFIX##ri(DisasContext *s, arg_s_rrr_shi *a) { return op_s_rrr_shi(s, a, &OP); } \
    bool trans_##NAME##_##SUFFIX##rr(DisasContext *s, arg_s_rrr_shr *a) { return op_s_rrr_shr(s, a, &OP); } \
    bool trans_##NAME##_##SUFFIX##i(DisasContext *s, arg_s_rri_rot *a) { return op_s_rri_rot(s, a, &OP); }

DO_DP(AND, dp_and)
DO_DP(EOR, dp_eor)
DO_DP(SUB, dp_sub)
DO_DP(RSB, dp_rsb)
DO_DP(ADD, dp_add)
DO_DP(ADC, dp_adc)
DO_DP(SBC, dp_sbc)
DO_DP(RSC, dp_rsc)
DO_DP(ORR, dp_orr)
DO_DP(BIC, dp_bic)
DO_DP_X(TST, xr, dp_tst)
DO_DP_X(TEQ, xr, dp_teq)
DO_DP_X(CMP, xr, dp_cmp)
DO_DP_X(CMN, xr, dp_cmn)
DO_DP_X(MOV, rx, dp_mov)
DO_DP_X(MVN, rx, dp_mvn)

/* -- Wide immediates -- */

bool trans_MOVW(DisasContext *s, arg_ri *a)
{
    if (a->rd == 15) {
        return false;
    }
    ir_movi(s->ir, IR_I32, cpu_R[a->rd], a->imm);
    return true;
}

bool trans_MOVT(DisasContext *s, arg_ri *a)
{
    if (a->rd == 15) {
        return false;
    }
    IRTemp hi = ir_const_i32(s->ir, a->imm);
    ir_deposit(s->ir, IR_I32, cpu_R[a->rd], cpu_R[a->rd], hi, 16, 16);
    return true;
}

/* -- Bit counts and byte order -- */

bool trans_CLZ(DisasContext *s, arg_rr *a)
{
    IRTemp t = load_reg(s, a->rm);
    ir_clz(s->ir, IR_I32, t, t, ir_const_i32(s->ir, 32));
    store_reg(s, a->rd, t);
    return true;
}

bool trans_RBIT(DisasContext *s, arg_rr *a)
{
    IRTemp t = ir_new_i32(s->ir);
    ir_callN(s->ir, helper_arm_rbit, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
             t, load_reg(s, a->rm));
    store_reg(s, a->rd, t);
    return true;
}

bool trans_REV(DisasContext *s, arg_rr *a)
{
    IRTemp t = load_reg(s, a->rm);
    ir_bswap32(s->ir, IR_I32, t, t);
    store_reg(s, a->rd, t);
    return true;
}

bool trans_REV16(DisasContext *s, arg_rr *a)
{
    /* Swap the bytes of each halfword: ((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8). */
    IRContext *ir = s->ir;
    IRTemp x = load_reg(s, a->rm), hi = ir_new_i32(ir), lo = ir_new_i32(ir);
    ir_shri(ir, IR_I32, hi, x, 8);
    ir_andi(ir, IR_I32, hi, hi, 0x00ff00ff);
    ir_andi(ir, IR_I32, lo, x, 0x00ff00ff);
    ir_shli(ir, IR_I32, lo, lo, 8);
    ir_or(ir, IR_I32, x, hi, lo);
    store_reg(s, a->rd, x);
    return true;
}

bool trans_REVSH(DisasContext *s, arg_rr *a)
{
    IRTemp t = load_reg(s, a->rm);
    ir_bswap16(s->ir, IR_I32, t, t);
    ir_ext16s(s->ir, IR_I32, t, t);
    store_reg(s, a->rd, t);
    return true;
}

/* -- Bit fields -- */

bool trans_UBFX(DisasContext *s, arg_bfx *a)
{
    if (a->lsb + a->widthm1 > 31) {
        return false;
    }
    IRTemp t = load_reg(s, a->rn);
    ir_extract(s->ir, IR_I32, t, t, (unsigned)a->lsb, (unsigned)a->widthm1 + 1);
    store_reg(s, a->rd, t);
    return true;
}

bool trans_SBFX(DisasContext *s, arg_bfx *a)
{
    if (a->lsb + a->widthm1 > 31) {
        return false;
    }
    IRTemp t = load_reg(s, a->rn);
    ir_sextract(s->ir, IR_I32, t, t, (unsigned)a->lsb, (unsigned)a->widthm1 + 1);
    store_reg(s, a->rd, t);
    return true;
}

/* BFI, and BFC when rn is 15. */
bool trans_BFCI(DisasContext *s, arg_bfi *a)
{
    if (a->msb < a->lsb || a->rd == 15) {
        return false;
    }
    IRTemp src = a->rn == 15 ? ir_const_i32(s->ir, 0) : load_reg(s, a->rn);
    IRTemp t = load_reg(s, a->rd);
    ir_deposit(s->ir, IR_I32, t, t, src, (unsigned)a->lsb, (unsigned)(a->msb - a->lsb + 1));
    store_reg(s, a->rd, t);
    return true;
}

/* -- Extends: rotate rm by 8 * rot, extend, add rn unless rn is 15 -- */

static IRTemp extend_source(DisasContext *s, arg_rrr_rot *a)
{
    IRTemp t = load_reg(s, a->rm);
    if (a->rot) {
        ir_binopi(s->ir, IR_OP_rotr, IR_I32, t, t, a->rot * 8);
    }
    return t;
}

static bool op_xta(DisasContext *s, arg_rrr_rot *a, IROpcode ext)
{
    IRTemp t = extend_source(s, a);
    ir_unop(s->ir, ext, IR_I32, t, t);
    if (a->rn != 15) {
        ir_add(s->ir, IR_I32, t, t, load_reg(s, a->rn));
    }
    store_reg(s, a->rd, t);
    return true;
}

bool trans_SXTAB(DisasContext *s, arg_rrr_rot *a) { return op_xta(s, a, IR_OP_ext8s); }
bool trans_SXTAH(DisasContext *s, arg_rrr_rot *a) { return op_xta(s, a, IR_OP_ext16s); }
bool trans_UXTAB(DisasContext *s, arg_rrr_rot *a) { return op_xta(s, a, IR_OP_ext8u); }
bool trans_UXTAH(DisasContext *s, arg_rrr_rot *a) { return op_xta(s, a, IR_OP_ext16u); }

/* Bytes 0 and 2 extended to halfwords, each added to rn's halfword. */
static bool op_xtab16(DisasContext *s, arg_rrr_rot *a, IROpcode ext)
{
    IRContext *ir = s->ir;
    IRTemp x = extend_source(s, a), lo = ir_new_i32(ir), hi = ir_new_i32(ir);
    ir_unop(ir, ext, IR_I32, lo, x);
    ir_shri(ir, IR_I32, hi, x, 16);
    ir_unop(ir, ext, IR_I32, hi, hi);
    if (a->rn != 15) {
        IRTemp n = load_reg(s, a->rn), nh = ir_new_i32(ir);
        ir_add(ir, IR_I32, lo, lo, n);
        ir_shri(ir, IR_I32, nh, n, 16);
        ir_add(ir, IR_I32, hi, hi, nh);
    }
    ir_deposit(ir, IR_I32, x, lo, hi, 16, 16);
    store_reg(s, a->rd, x);
    return true;
}

bool trans_SXTAB16(DisasContext *s, arg_rrr_rot *a) { return op_xtab16(s, a, IR_OP_ext8s); }
bool trans_UXTAB16(DisasContext *s, arg_rrr_rot *a) { return op_xtab16(s, a, IR_OP_ext8u); }

/* -- Packing and selection -- */

bool trans_PKH(DisasContext *s, arg_pkh *a)
{
    IRContext *ir = s->ir;
    IRTemp n = load_reg(s, a->rn), m = load_reg(s, a->rm), d = ir_new_i32(ir);
    if (a->tb) { /* PKHTB: top of rn, bottom of rm ASR imm (0 = 32) */
        ir_sari(ir, IR_I32, m, m, a->imm ? a->imm : 31);
        ir_deposit(ir, IR_I32, d, n, m, 0, 16);
    } else {     /* PKHBT: bottom of rn, top of rm LSL imm */
        ir_shli(ir, IR_I32, m, m, a->imm);
        ir_deposit(ir, IR_I32, d, m, n, 0, 16);
    }
    store_reg(s, a->rd, d);
    return true;
}

/* SEL and UADD8 are inline: glibc's string functions (strlen, strcmp,
 * memchr) run them in their inner loops. The GE nibble is spread to a byte
 * mask with one multiply: GE * 0x204081 puts GE bit i at bit 8i (among
 * other, non-overlapping copies), & 0x01010101 keeps those, * 0xff widens. */
bool trans_SEL(DisasContext *s, arg_rrr *a)
{
    IRContext *ir = s->ir;
    IRTemp m = ir_new_i32(ir), d = ir_new_i32(ir), t = ir_new_i32(ir);
    ir_binopi(ir, IR_OP_mul, IR_I32, m, cpu_GE, 0x204081);
    ir_andi(ir, IR_I32, m, m, 0x01010101);
    ir_binopi(ir, IR_OP_mul, IR_I32, m, m, 0xff);
    ir_and(ir, IR_I32, d, load_reg(s, a->rn), m);
    ir_andc(ir, IR_I32, t, load_reg(s, a->rm), m);
    ir_or(ir, IR_I32, d, d, t);
    store_reg(s, a->rd, d);
    return true;
}

/* UADD8: bytewise add without carries between bytes; GE bit i is the carry
 * out of byte i, which is (a & b) | ((a | b) & ~sum) at bit 8i+7. The four
 * carry bits are gathered into a nibble by the same multiply as in SEL. */
static void gen_uadd8(DisasContext *s, IRTemp d, IRTemp a, IRTemp b)
{
    IRContext *ir = s->ir;
    IRTemp r = ir_new_i32(ir), t = ir_new_i32(ir), c = ir_new_i32(ir), u = ir_new_i32(ir);
    ir_andi(ir, IR_I32, r, a, 0x7f7f7f7f);
    ir_andi(ir, IR_I32, t, b, 0x7f7f7f7f);
    ir_add(ir, IR_I32, r, r, t);
    ir_xor(ir, IR_I32, t, a, b);
    ir_andi(ir, IR_I32, t, t, (int32_t)0x80808080);
    ir_xor(ir, IR_I32, r, r, t);            /* r = the bytewise sum */
    ir_or(ir, IR_I32, u, a, b);
    ir_andc(ir, IR_I32, u, u, r);
    ir_and(ir, IR_I32, c, a, b);
    ir_or(ir, IR_I32, c, c, u);
    ir_andi(ir, IR_I32, c, c, (int32_t)0x80808080);
    ir_shri(ir, IR_I32, c, c, 7);
    ir_binopi(ir, IR_OP_mul, IR_I32, c, c, 0x204081);
    ir_extract(ir, IR_I32, cpu_GE, c, 21, 4);
    ir_mov(ir, IR_I32, d, r);
}

/* -- Saturation -- */

/* SSAT/USAT: shift rn (LSL imm, or ASR imm with 0 = 32), then saturate. */
static bool op_sat(DisasContext *s, arg_sat *a, void *helper, int bits)
{
    IRTemp t = load_reg(s, a->rn);
    if (a->sh) {
        ir_sari(s->ir, IR_I32, t, t, a->imm ? a->imm : 31);
    } else if (a->imm) {
        ir_shli(s->ir, IR_I32, t, t, a->imm);
    }
    ir_call(s->ir, helper, 0, t, 3, (IRTemp[]){IR_ENV, t, ir_const_i32(s->ir, bits)});
    store_reg(s, a->rd, t);
    return true;
}

bool trans_SSAT(DisasContext *s, arg_sat *a) { return op_sat(s, a, (void *)helper_arm_ssat, a->satimm + 1); }
bool trans_USAT(DisasContext *s, arg_sat *a) { return op_sat(s, a, (void *)helper_arm_usat, a->satimm); }
bool trans_SSAT16(DisasContext *s, arg_sat *a) { return op_sat(s, a, (void *)helper_arm_ssat16, a->satimm + 1); }
bool trans_USAT16(DisasContext *s, arg_sat *a) { return op_sat(s, a, (void *)helper_arm_usat16, a->satimm); }

/* QADD rd, rm, rn: the first operand is rm. */
static bool op_qaddsub(DisasContext *s, arg_rrr *a, void *helper)
{
    IRTemp d = ir_new_i32(s->ir);
    ir_call(s->ir, helper, 0, d, 3, (IRTemp[]){IR_ENV, load_reg(s, a->rm), load_reg(s, a->rn)});
    store_reg(s, a->rd, d);
    return true;
}

bool trans_QADD(DisasContext *s, arg_rrr *a) { return op_qaddsub(s, a, (void *)helper_arm_qadd); }
bool trans_QSUB(DisasContext *s, arg_rrr *a) { return op_qaddsub(s, a, (void *)helper_arm_qsub); }
bool trans_QDADD(DisasContext *s, arg_rrr *a) { return op_qaddsub(s, a, (void *)helper_arm_qdadd); }
bool trans_QDSUB(DisasContext *s, arg_rrr *a) { return op_qaddsub(s, a, (void *)helper_arm_qdsub); }

/* -- Parallel add/subtract (one helper; S and U forms write GE) -- */

static bool op_par(DisasContext *s, arg_rrr *a, int prefix, int op)
{
    IRTemp d = ir_new_i32(s->ir);
    if (prefix == ARM_PAR_U && op == ARM_PAR_ADD8) {
        gen_uadd8(s, d, load_reg(s, a->rn), load_reg(s, a->rm));
        store_reg(s, a->rd, d);
        return true;
    }
    unsigned flags = 0;
    if (prefix != ARM_PAR_S && prefix != ARM_PAR_U) {
        flags = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS;
    }
    ir_call(s->ir, (void *)helper_arm_parallel, flags, d, 4,
            (IRTemp[]){IR_ENV, load_reg(s, a->rn), load_reg(s, a->rm), ir_const_i32(s->ir, prefix * 6 + op)});
    store_reg(s, a->rd, d);
    return true;
}

#define DO_PAR(PFX, P) \
    bool trans_##PFX##ADD16(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_ADD16); } \
    bool trans_##PFX##ASX(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_ASX); } \
    bool trans_##PFX##SAX(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_SAX); } \
    bool trans_##PFX##SUB16(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_SUB16); } \
    bool trans_##PFX##ADD8(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_ADD8); } \
    bool trans_##PFX##SUB8(DisasContext *s, arg_rrr *a) { return op_par(s, a, P, ARM_PAR_SUB8); }

DO_PAR(S, ARM_PAR_S)
DO_PAR(Q, ARM_PAR_Q)
DO_PAR(SH, ARM_PAR_SH)
DO_PAR(U, ARM_PAR_U)
DO_PAR(UQ, ARM_PAR_UQ)
DO_PAR(UH, ARM_PAR_UH)

/* -- Sum of absolute differences -- */

bool trans_USADA8(DisasContext *s, arg_rrrr *a)
{
    IRTemp d = ir_new_i32(s->ir);
    ir_callN(s->ir, helper_arm_usad8, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
             d, load_reg(s, a->rn), load_reg(s, a->rm));
    if (a->ra != 15) {
        ir_add(s->ir, IR_I32, d, d, load_reg(s, a->ra));
    }
    store_reg(s, a->rd, d);
    return true;
}
