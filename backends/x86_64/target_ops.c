/*
 * x86_64 emitters for the ordinary IR ops (everything the register
 * allocator does not handle itself), and their constraints.
 *
 * x86 ALU instructions are two-address ("add dst, src"), the IR is
 * three-address. Each emitter turns "d = a OP b" into the shortest form for
 * the registers it was given: op d, b when d == a; op d, a when d == b and
 * OP commutes; lea for add/sub; otherwise mov d, a; op d, b. Where the last
 * form would read b after writing d, the constraint forbids d == b
 * (out_excl) so the emitter never has to check.
 *
 * Every i32 op uses 32-bit operand size, which zeroes bits 63..32 of the
 * destination: that keeps the backend invariant that i32 values in
 * registers are zero-extended.
 */
#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

/* -- Constraints -- */

#define ALL X64_REGS_ALLOC
#define RAX REGSET(X64_RAX)
#define RCX REGSET(X64_RCX)
#define RDX REGSET(X64_RDX)
#define ENV REGSET(X64_REG_ENV)

/* clang-format off */
static const BackendCons cons_r_r      = { .in_regs = {ALL}, .out_regs = {ALL} };
static const BackendCons cons_r_ri     = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_S32}, .out_regs = {ALL} };
static const BackendCons cons_r_ri_x1  = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_S32}, .out_regs = {ALL}, .out_excl = 2 };
static const BackendCons cons_r_ri_x01 = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_S32}, .out_regs = {ALL}, .out_excl = 3 };
static const BackendCons cons_r_rr_x0  = { .in_regs = {ALL, ALL}, .out_regs = {ALL}, .out_excl = 1 };
static const BackendCons cons_shiftx   = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_ANY}, .out_regs = {ALL} };
static const BackendCons cons_shift    = { .in_regs = {ALL, RCX}, .in_imm = {0, BE_IMM_ANY}, .out_regs = {ALL}, .out_excl = 2 };
static const BackendCons cons_div      = { .in_regs = {RAX, ALL & ~(RAX | RDX)}, .out_regs = {RAX}, .clobber = RDX };
static const BackendCons cons_rem      = { .in_regs = {RAX, ALL & ~(RAX | RDX)}, .out_regs = {RDX}, .clobber = RAX };
static const BackendCons cons_mul2     = { .in_regs = {RAX, ALL}, .out_regs = {RAX, RDX} };
static const BackendCons cons_addsub2  = { .in_regs = {ALL, ALL, ALL, ALL}, .in_imm = {0, 0, BE_IMM_S32, BE_IMM_S32}, .out_regs = {ALL, ALL}, .out_excl = 0xf };
static const BackendCons cons_cnt      = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_ANY}, .out_regs = {ALL}, .out_excl = 2 };
static const BackendCons cons_deposit  = { .in_regs = {ALL, ALL}, .in_imm = {0, BE_IMM_ANY}, .out_regs = {ALL}, .nb_scratch = 1 };
static const BackendCons cons_movcond  = { .in_regs = {ALL, ALL, ALL, ALL}, .in_imm = {0, BE_IMM_S32}, .out_regs = {ALL} };
static const BackendCons cons_ld       = { .in_regs = {ALL | ENV}, .out_regs = {ALL} };
static const BackendCons cons_st       = { .in_regs = {ALL, ALL | ENV}, .in_imm = {BE_IMM_ANY}, .out_regs = {0} };
static const BackendCons cons_st64     = { .in_regs = {ALL, ALL | ENV}, .in_imm = {BE_IMM_S32}, .out_regs = {0} };
static const BackendCons cons_gst      = { .in_regs = {ALL, ALL}, .in_imm = {BE_IMM_ANY}, .out_regs = {0} };
static const BackendCons cons_gst64    = { .in_regs = {ALL, ALL}, .in_imm = {BE_IMM_S32}, .out_regs = {0} };
static const BackendCons cons_gst_bswap = { .in_regs = {ALL, ALL}, .out_regs = {0}, .nb_scratch = 1 };
static const BackendCons cons_cmpxchg  = { .in_regs = {ALL, RAX, ALL}, .out_regs = {RAX} };
static const BackendCons cons_cmpxchg_bswap = { .in_regs = {ALL, RAX, ALL}, .out_regs = {RAX}, .nb_scratch = 1 };
/* System mode: two scratch registers for the TLB probe (softmmu.c). */
static const BackendCons cons_soft_ld  = { .in_regs = {ALL}, .out_regs = {ALL}, .nb_scratch = 2 };
static const BackendCons cons_soft_st  = { .in_regs = {ALL, ALL}, .in_imm = {BE_IMM_ANY}, .out_regs = {0}, .nb_scratch = 2 };
static const BackendCons cons_soft_st64 = { .in_regs = {ALL, ALL}, .in_imm = {BE_IMM_S32}, .out_regs = {0}, .nb_scratch = 2 };
static const BackendCons cons_soft_cmpxchg = { .in_regs = {ALL, RAX, ALL}, .out_regs = {RAX}, .nb_scratch = 2 };
/* clang-format on */

const BackendCons *backend_cons(const IROp *op)
{
    switch (op->opc) {
    case IR_OP_add:
    case IR_OP_mul:
    case IR_OP_and:
    case IR_OP_or:
    case IR_OP_xor:
        return &cons_r_ri;
    case IR_OP_sub:
        return &cons_r_ri_x1;
    case IR_OP_andc:
        return x64_features.bmi1 ? &cons_r_ri : &cons_r_ri_x01;
    case IR_OP_orc:
        return &cons_r_ri_x01;
    case IR_OP_neg:
    case IR_OP_not:
    case IR_OP_ext8s:
    case IR_OP_ext8u:
    case IR_OP_ext16s:
    case IR_OP_ext16u:
    case IR_OP_ext32s:
    case IR_OP_ext32u:
    case IR_OP_extu_i32:
    case IR_OP_exts_i32:
    case IR_OP_extrl:
    case IR_OP_extrh:
    case IR_OP_bswap16:
    case IR_OP_bswap32:
    case IR_OP_bswap64:
    case IR_OP_ctpop:
    case IR_OP_extract:
    case IR_OP_sextract:
        return &cons_r_r;
    case IR_OP_concat:
        return &cons_r_rr_x0;
    case IR_OP_shl:
    case IR_OP_shr:
    case IR_OP_sar:
        return x64_features.bmi2 ? &cons_shiftx : &cons_shift;
    case IR_OP_rotl:
    case IR_OP_rotr:
        return &cons_shift;
    case IR_OP_div:
    case IR_OP_divu:
        return &cons_div;
    case IR_OP_rem:
    case IR_OP_remu:
        return &cons_rem;
    case IR_OP_mulu2:
    case IR_OP_muls2:
        return &cons_mul2;
    case IR_OP_add2:
    case IR_OP_sub2:
        return &cons_addsub2;
    case IR_OP_clz:
    case IR_OP_ctz:
        return &cons_cnt;
    case IR_OP_deposit:
        return &cons_deposit;
    case IR_OP_setcond:
        return &cons_r_ri;
    case IR_OP_movcond:
        return &cons_movcond;
    case IR_OP_ld:
        return &cons_ld;
    case IR_OP_st:
        return (op->args[3] & MO_SIZE) == MO_64 ? &cons_st64 : &cons_st;
    case IR_OP_guest_ld:
        if (codegen_mem_model.softmmu)
            return &cons_soft_ld;
        return &cons_r_r;
    case IR_OP_guest_st:
        if (codegen_mem_model.softmmu)
            return (op->args[2] & MO_SIZE) == MO_64 ? &cons_soft_st64 : &cons_soft_st;
        if (op->args[2] & MO_BSWAP && (op->args[2] & MO_SIZE) != MO_8)
            return &cons_gst_bswap;
        return (op->args[2] & MO_SIZE) == MO_64 ? &cons_gst64 : &cons_gst;
    case IR_OP_guest_cmpxchg:
        if (codegen_mem_model.softmmu)
            return &cons_soft_cmpxchg;
        if (op->args[4] & MO_BSWAP && (op->args[4] & MO_SIZE) != MO_8)
            return &cons_cmpxchg_bswap;
        return &cons_cmpxchg;
    case IR_OP_fp_arith:
    case IR_OP_fp_muladd:
    case IR_OP_fp_cmp:
        return x64_fp_cons(op);
    default:
        return ir_op_is_vec(op->opc) ? x64_vec_cons(op) : NULL;
    }
}

/* -- Helpers -- */

static void mov_if(CodeCursor *c, bool w, int d, int s)
{
    if (d != s)
        x64_mov_rr(c, w, d, s);
}

/* d = b, where b is a register or a constant. */
static void mov_arg(CodeCursor *c, bool w, int d, const BackendArg *b)
{
    if (b->is_const)
        x64_movi(c, d, w ? (uint64_t)b->val : (uint32_t)b->val);
    else
        mov_if(c, w, d, b->reg);
}

/* op d, b (register or imm32) */
static void alu(CodeCursor *c, X64Arith op, bool w, int d, const BackendArg *b)
{
    if (b->is_const)
        x64_arith_ri(c, op, w, d, (int32_t)b->val);
    else
        x64_arith_rr(c, op, w, d, b->reg);
}

X64Cond x64_cond(IRCond cond)
{
    static const X64Cond map[] = {
        [IR_COND_EQ] = X64_CC_E,  [IR_COND_NE] = X64_CC_NE,  [IR_COND_LT] = X64_CC_L,
        [IR_COND_GE] = X64_CC_GE, [IR_COND_LE] = X64_CC_LE,  [IR_COND_GT] = X64_CC_G,
        [IR_COND_LTU] = X64_CC_B, [IR_COND_GEU] = X64_CC_AE, [IR_COND_LEU] = X64_CC_BE,
        [IR_COND_GTU] = X64_CC_A,
    };
    xr_assert(cond >= IR_COND_EQ && cond <= IR_COND_GTU);
    return map[cond];
}

void x64_emit_cmp(CodeCursor *c, bool w, int a, const BackendArg *b)
{
    if (b->is_const && (w ? b->val : (int32_t)b->val) == 0)
        x64_op_rr(c, X64_OPC_TEST_EvGv | (w ? X64_P_W : 0), a, a); /* test a, a */
    else
        alu(c, X64_ARITH_CMP, w, a, b);
}

/* -- Arithmetic and logic -- */

/* d = a + b: add in place, or lea d, [a + b] / [a + imm] */
static void emit_add(CodeCursor *c, bool w, int d, int a, const BackendArg *b)
{
    if (b->is_const) {
        int32_t imm = (int32_t)b->val;
        if (imm == 0)
            mov_if(c, w, d, a);
        else if (d == a)
            x64_arith_ri(c, X64_ARITH_ADD, w, d, imm);
        else
            x64_lea(c, w, d, a, -1, 0, imm);
    } else if (d == a) {
        x64_arith_rr(c, X64_ARITH_ADD, w, d, b->reg);
    } else if (d == b->reg) {
        x64_arith_rr(c, X64_ARITH_ADD, w, d, a);
    } else {
        x64_lea(c, w, d, a, b->reg, 0, 0);
    }
}

/* d = a - b; d != b unless b is a constant. */
static void emit_sub(CodeCursor *c, bool w, int d, int a, const BackendArg *b)
{
    if (b->is_const) {
        int32_t imm = (int32_t)b->val;
        if (imm == 0)
            mov_if(c, w, d, a);
        else if (d != a && imm != INT32_MIN)
            x64_lea(c, w, d, a, -1, 0, -imm);
        else {
            mov_if(c, w, d, a);
            x64_arith_ri(c, X64_ARITH_SUB, w, d, imm);
        }
        return;
    }
    mov_if(c, w, d, a);
    x64_arith_rr(c, X64_ARITH_SUB, w, d, b->reg);
}

/* d = a OP b for a commutative ALU op (and, or, xor). */
static void emit_logic(CodeCursor *c, X64Arith op, bool w, int d, int a, const BackendArg *b)
{
    if (!b->is_const && d == b->reg && d != a) {
        x64_arith_rr(c, op, w, d, a);
        return;
    }
    mov_if(c, w, d, a);
    alu(c, op, w, d, b);
}

/* d = a * b: imul d, a, imm or imul d, b (0f af) */
static void emit_mul(CodeCursor *c, bool w, int d, int a, const BackendArg *b)
{
    int wf = w ? X64_P_W : 0;
    if (b->is_const) {
        int32_t imm = (int32_t)b->val;
        if (imm == (int8_t)imm) {
            x64_op_rr(c, X64_OPC_IMUL_GvEvIb | wf, d, a);
            x64_byte(c, (uint8_t)imm);
        } else {
            x64_op_rr(c, X64_OPC_IMUL_GvEvIz | wf, d, a);
            x64_imm32(c, (uint32_t)imm);
        }
    } else if (d == b->reg) {
        x64_op_rr(c, X64_OPC_IMUL_GvEv | wf, d, a);
    } else {
        mov_if(c, w, d, a);
        x64_op_rr(c, X64_OPC_IMUL_GvEv | wf, d, b->reg);
    }
}

/* d = a & ~b or a | ~b; d differs from a and b (registers). */
static void emit_andc_orc(CodeCursor *c, X64Arith op, bool w, int d, int a, const BackendArg *b)
{
    if (b->is_const) {
        mov_if(c, w, d, a);
        x64_arith_ri(c, op, w, d, ~(int32_t)b->val);
        return;
    }
    if (op == X64_ARITH_AND && x64_features.bmi1) {
        x64_vex_rrr(c, X64_BMI_ANDN, w, d, b->reg, a); /* d = ~b & a */
        return;
    }
    x64_mov_rr(c, w, d, b->reg);
    x64_grp3(c, X64_GRP3_NOT, w, d);
    x64_arith_rr(c, op, w, d, a);
}

/* Shift by an immediate (masked like the IR), by any register with bmi2's
 * shlx/shrx/sarx, or else by cl (then d != rcx, see cons_shift). */
static void emit_shift(CodeCursor *c, X64Shift s, bool w, int d, int a, const BackendArg *b)
{
    static const X64Bmi bmi[8] = {[X64_SHIFT_SHL] = X64_BMI_SHLX,
                                  [X64_SHIFT_SHR] = X64_BMI_SHRX,
                                  [X64_SHIFT_SAR] = X64_BMI_SARX};
    if (!b->is_const && x64_features.bmi2 && bmi[s]) {
        x64_vex_rrr(c, bmi[s], w, d, b->reg, a); /* three operands, count in any register */
        return;
    }
    mov_if(c, w, d, a);
    if (b->is_const) {
        uint8_t n = (uint8_t)(b->val & (w ? 63 : 31));
        if (n)
            x64_shift_ri(c, s, w, d, n);
    } else {
        xr_assert(b->reg == X64_RCX && d != X64_RCX);
        x64_shift_cl(c, s, w, d);
    }
}

/* div/rem: dividend in rax, quotient to rax, remainder to rdx. */
static void emit_divrem(CodeCursor *c, bool sign, bool w, int b)
{
    if (sign) {
        if (w)
            x64_byte(c, 0x48);
        x64_byte(c, 0x99); /* cdq / cqo: sign-extend rax into rdx */
        x64_grp3(c, X64_GRP3_IDIV, w, b);
    } else {
        x64_arith_rr(c, X64_ARITH_XOR, false, X64_RDX, X64_RDX);
        x64_grp3(c, X64_GRP3_DIV, w, b);
    }
}

/* o1:o0 = i1:i0 +/- i3:i2 with add/adc or sub/sbb; outputs differ from inputs. */
static void emit_addsub2(CodeCursor *c, bool sub, bool w, const BackendArgs *a)
{
    int lo = a->o[0].reg, hi = a->o[1].reg;
    x64_mov_rr(c, w, lo, a->i[0].reg);
    alu(c, sub ? X64_ARITH_SUB : X64_ARITH_ADD, w, lo, &a->i[2]);
    x64_mov_rr(c, w, hi, a->i[1].reg); /* mov keeps the carry */
    alu(c, sub ? X64_ARITH_SBB : X64_ARITH_ADC, w, hi, &a->i[3]);
}

/* -- Bit counts -- */

/*
 * d = a ? clz(a) : b  (or ctz). lzcnt/tzcnt set CF when a == 0, so only a
 * b other than the width needs a fix-up. bsr/bsf set ZF instead and leave d
 * undefined; bsr gives the index of the top bit, so clz = index ^ (w - 1).
 */
static void emit_clz_ctz(CodeCursor *c, bool clz, bool w, int d, int a, const BackendArg *b)
{
    int bits = w ? 64 : 32;
    int wf = w ? X64_P_W : 0;
    bool fast = clz ? x64_features.lzcnt : x64_features.tzcnt;
    if (fast) {
        x64_op_rr(c, (clz ? X64_OPC_LZCNT : X64_OPC_TZCNT) | wf, d, a);
        if (b->is_const && b->val == bits)
            return;
        if (!b->is_const) {
            x64_cmov(c, X64_CC_B, w, d, b->reg);
            return;
        }
        uint8_t *skip = x64_jcc_rel8(c, X64_CC_AE);
        mov_arg(c, w, d, b);
        x64_bind_rel8(c, skip);
        return;
    }
    x64_op_rr(c, (clz ? X64_OPC_BSR : X64_OPC_BSF) | wf, d, a);
    if (clz) {
        uint8_t *zero = x64_jcc_rel8(c, X64_CC_E);
        x64_arith_ri(c, X64_ARITH_XOR, w, d, bits - 1);
        uint8_t *done = x64_jmp_rel8(c);
        x64_bind_rel8(c, zero);
        mov_arg(c, w, d, b);
        x64_bind_rel8(c, done);
    } else {
        uint8_t *done = x64_jcc_rel8(c, X64_CC_NE);
        mov_arg(c, w, d, b);
        x64_bind_rel8(c, done);
    }
}

/* -- Bit fields -- */

static uint64_t low_mask(int len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

/* d = (a >> pos) & mask(len), or sign-extended from bit len-1. */
static void emit_extract(CodeCursor *c, bool sign, bool w, int d, int a, int pos, int len)
{
    int bits = w ? 64 : 32;
    int wf = w ? X64_P_W : 0;
    if (len == bits) {
        mov_if(c, w, d, a);
    } else if (pos == 0 && (len == 8 || len == 16)) {
        int opc = len == 8 ? (sign ? X64_OPC_MOVSBL : X64_OPC_MOVZBL) | X64_P_BYTE_RM
                           : (sign ? X64_OPC_MOVSWL : X64_OPC_MOVZWL);
        x64_op_rr(c, opc | (sign ? wf : 0), d, a);
    } else if (pos == 0 && len == 32) {
        if (sign)
            x64_op_rr(c, X64_OPC_MOVSLQ | X64_P_W, d, a);
        else
            x64_mov_rr(c, false, d, a);
    } else if (pos + len == bits) {
        mov_if(c, w, d, a);
        x64_shift_ri(c, sign ? X64_SHIFT_SAR : X64_SHIFT_SHR, w, d, (uint8_t)pos);
    } else if (!sign && len <= 31) {
        mov_if(c, w, d, a);
        if (pos)
            x64_shift_ri(c, X64_SHIFT_SHR, w, d, (uint8_t)pos);
        x64_arith_ri(c, X64_ARITH_AND, w, d, (int32_t)low_mask(len));
    } else if (!sign && len == 32) {
        mov_if(c, w, d, a);
        x64_shift_ri(c, X64_SHIFT_SHR, w, d, (uint8_t)pos);
        x64_mov_rr(c, false, d, d);
    } else {
        mov_if(c, w, d, a);
        x64_shift_ri(c, X64_SHIFT_SHL, w, d, (uint8_t)(bits - pos - len));
        x64_shift_ri(c, sign ? X64_SHIFT_SAR : X64_SHIFT_SHR, w, d, (uint8_t)(bits - len));
    }
}

/*
 * d = a with bits [pos, pos+len) taken from b. The field of b is built in
 * the scratch s first (so d may be b), then d = (a & ~field) | s. When the
 * inverted field mask does not fit an imm32, the field of d is cleared by
 * rotating it to bit 0 and shifting it out and back.
 */
static void emit_deposit(CodeCursor *c, bool w, int d, int a, const BackendArg *b, int s, int pos,
                         int len)
{
    int bits = w ? 64 : 32;
    uint64_t wmask = low_mask(bits);
    if (len == bits) {
        mov_arg(c, w, d, b);
        return;
    }
    uint64_t field = (low_mask(len) << pos) & wmask;
    bool have_s = true;
    if (b->is_const) {
        uint64_t v = ((uint64_t)b->val << pos) & field;
        have_s = v != 0;
        if (have_s)
            x64_movi(c, s, v);
    } else {
        x64_mov_rr(c, w, s, b->reg);
        if (len < 32)
            x64_arith_ri(c, X64_ARITH_AND, w, s, (int32_t)low_mask(len));
        else if (len == 32)
            x64_mov_rr(c, false, s, s);
        else {
            x64_shift_ri(c, X64_SHIFT_SHL, w, s, (uint8_t)(bits - len));
            x64_shift_ri(c, X64_SHIFT_SHR, w, s, (uint8_t)(bits - len));
        }
        if (pos)
            x64_shift_ri(c, X64_SHIFT_SHL, w, s, (uint8_t)pos);
    }
    mov_if(c, w, d, a);
    uint64_t keep = ~field & wmask;
    if (!w || x64_fits_s32((int64_t)keep)) {
        x64_arith_ri(c, X64_ARITH_AND, w, d, (int32_t)keep);
    } else {
        if (pos)
            x64_shift_ri(c, X64_SHIFT_ROR, w, d, (uint8_t)pos);
        x64_shift_ri(c, X64_SHIFT_SHR, w, d, (uint8_t)len);
        x64_shift_ri(c, X64_SHIFT_SHL, w, d, (uint8_t)len);
        if (pos)
            x64_shift_ri(c, X64_SHIFT_ROL, w, d, (uint8_t)pos);
    }
    if (have_s)
        x64_arith_rr(c, X64_ARITH_OR, w, d, s);
}

/* -- Comparisons -- */

/* d = a cond b: [xor d, d] cmp a, b; setcc d8; [movzx d, d8] */
static void emit_setcond(CodeCursor *c, bool w, IRCond cond, int d, int a, const BackendArg *b)
{
    if (cond == IR_COND_NEVER || cond == IR_COND_ALWAYS) {
        x64_movi32(c, d, cond == IR_COND_ALWAYS);
        return;
    }
    bool pre_zero = d != a && (b->is_const || d != b->reg);
    if (pre_zero)
        x64_arith_rr(c, X64_ARITH_XOR, false, d, d);
    x64_emit_cmp(c, w, a, b);
    x64_setcc(c, x64_cond(cond), d);
    if (!pre_zero)
        x64_op_rr(c, X64_OPC_MOVZBL | X64_P_BYTE_RM, d, d);
}

/* d = (c1 cond c2) ? v1 : v2 with cmp + cmov (mov does not touch the flags). */
static void emit_movcond(CodeCursor *c, bool w, IRCond cond, const BackendArgs *a)
{
    int d = a->o[0].reg, v1 = a->i[2].reg, v2 = a->i[3].reg;
    if (cond == IR_COND_ALWAYS || cond == IR_COND_NEVER) {
        mov_if(c, w, d, cond == IR_COND_ALWAYS ? v1 : v2);
        return;
    }
    x64_emit_cmp(c, w, a->i[0].reg, &a->i[1]);
    X64Cond cc = x64_cond(cond);
    if (d == v1) {
        if (v1 != v2)
            x64_cmov(c, (X64Cond)(cc ^ 1), w, d, v2);
        return;
    }
    mov_if(c, w, d, v2);
    x64_cmov(c, cc, w, d, v1);
}

/* -- Memory -- */

/* Loads a value of memop size into d (zero- or sign-extended to the type). */
static void emit_load(CodeCursor *c, bool w, unsigned mo, int d, int base, int index, int32_t off)
{
    bool sign = mo & MO_SIGN;
    int opc;
    switch (mo & MO_SIZE) {
    case MO_8:
        opc = sign ? X64_OPC_MOVSBL | (w ? X64_P_W : 0) : X64_OPC_MOVZBL;
        break;
    case MO_16:
        opc = sign ? X64_OPC_MOVSWL | (w ? X64_P_W : 0) : X64_OPC_MOVZWL;
        break;
    case MO_32:
        opc = sign && w ? X64_OPC_MOVSLQ | X64_P_W : X64_OPC_MOVL_GvEv;
        break;
    default:
        opc = X64_OPC_MOVL_GvEv | X64_P_W;
        break;
    }
    x64_op_mem(c, opc, d, base, index, 0, off);
}

/* Stores the low memop-size bits of v (register or constant). */
static void emit_store(CodeCursor *c, unsigned mo, const BackendArg *v, int base, int index,
                       int32_t off)
{
    unsigned size = mo & MO_SIZE;
    static const int opc_r[] = {X64_OPC_MOVB_EvGv | X64_P_BYTE_R, X64_OPC_MOVL_EvGv | X64_P_66,
                                X64_OPC_MOVL_EvGv, X64_OPC_MOVL_EvGv | X64_P_W};
    static const int opc_i[] = {X64_OPC_MOVB_EvIz, X64_OPC_MOVL_EvIz | X64_P_66, X64_OPC_MOVL_EvIz,
                                X64_OPC_MOVL_EvIz | X64_P_W};
    if (!v->is_const) {
        x64_op_mem(c, opc_r[size], v->reg, base, index, 0, off);
        return;
    }
    x64_op_mem(c, opc_i[size], 0, base, index, 0, off);
    if (size == MO_8)
        x64_byte(c, (uint8_t)v->val);
    else if (size == MO_16)
        x64_imm16(c, (uint16_t)v->val);
    else
        x64_imm32(c, (uint32_t)v->val);
}

/* Byte-swaps the low memop-size bits of r in place (zero-extended for 16). */
static void emit_bswap_reg(CodeCursor *c, unsigned size, int r)
{
    if (size == MO_16) {
        x64_op_rr(c, X64_OPC_SHIFT_EvIb | X64_P_66, X64_SHIFT_ROL, r); /* rol r16, 8 */
        x64_byte(c, 8);
        x64_op_rr(c, X64_OPC_MOVZWL, r, r);
    } else if (size != MO_8) {
        x64_bswap(c, size == MO_64, r);
    }
}

/* Sign-extends the low memop-size bits of r to the type after a swap. */
static void emit_sext_reg(CodeCursor *c, bool w, unsigned size, int r)
{
    if (size == MO_16)
        x64_op_rr(c, X64_OPC_MOVSWL | (w ? X64_P_W : 0), r, r);
    else if (size == MO_32 && w)
        x64_op_rr(c, X64_OPC_MOVSLQ | X64_P_W, r, r);
}

/* o0 = guest[i0]: mov d, [base + addr], then bswap if guest order differs.
 * base is r15 (guest_base) in user mode, the TLB addend in system mode. */
void x64_emit_guest_ld(CodeCursor *c, bool w, unsigned mo, int d, int base, int addr)
{
    unsigned size = mo & MO_SIZE;
    if (!(mo & MO_BSWAP) || size == MO_8) {
        emit_load(c, w, mo & ~MO_BSWAP, d, base, addr, 0);
        return;
    }
    if (x64_features.movbe && size != MO_16) {
        x64_op_mem(c, X64_OPC_MOVBE_GvMv | (size == MO_64 ? X64_P_W : 0), d, base,
                   addr, 0, 0);
    } else {
        emit_load(c, w, size, d, base, addr, 0);
        emit_bswap_reg(c, size, d);
    }
    if (mo & MO_SIGN)
        emit_sext_reg(c, w, size, d);
}

/* guest[i1] = i0 at [base + addr]; a byte swap without movbe goes through
 * the scratch register. */
void x64_emit_guest_st(CodeCursor *c, unsigned mo, const BackendArgs *a, int base, int scratch)
{
    unsigned size = mo & MO_SIZE;
    int addr = a->i[1].reg;
    if (!(mo & MO_BSWAP) || size == MO_8) {
        emit_store(c, size, &a->i[0], base, addr, 0);
        return;
    }
    if (x64_features.movbe && size != MO_16) {
        x64_op_mem(c, X64_OPC_MOVBE_MvGv | (size == MO_64 ? X64_P_W : 0), a->i[0].reg,
                   base, addr, 0, 0);
        return;
    }
    BackendArg s = {.reg = (int8_t)scratch};
    x64_mov_rr(c, size == MO_64, s.reg, a->i[0].reg);
    emit_bswap_reg(c, size, s.reg);
    emit_store(c, size, &s, base, addr, 0);
}

/* o0 = lock cmpxchg [base + addr], new with the expected value in rax. */
void x64_emit_guest_cmpxchg(CodeCursor *c, bool w, unsigned mo, const BackendArgs *a, int base, int scratch)
{
    unsigned size = mo & MO_SIZE;
    int addr = a->i[0].reg, nv = a->i[2].reg;
    bool swap = (mo & MO_BSWAP) && size != MO_8;
    if (swap) {
        emit_bswap_reg(c, size, X64_RAX);
        x64_mov_rr(c, size == MO_64, scratch, nv);
        nv = scratch;
        emit_bswap_reg(c, size, nv);
    }
    static const int opc[] = {X64_OPC_CMPXCHG_EbGb | X64_P_BYTE_R, X64_OPC_CMPXCHG_EvGv | X64_P_66,
                              X64_OPC_CMPXCHG_EvGv, X64_OPC_CMPXCHG_EvGv | X64_P_W};
    x64_op_mem(c, opc[size] | X64_P_LOCK, nv, base, addr, 0, 0);
    if (swap)
        emit_bswap_reg(c, size, X64_RAX);
    bool sign = mo & MO_SIGN;
    switch (size) {
    case MO_8:
        x64_op_rr(c, (sign ? X64_OPC_MOVSBL | (w ? X64_P_W : 0) : X64_OPC_MOVZBL), X64_RAX,
                  X64_RAX);
        break;
    case MO_16:
        x64_op_rr(c, (sign ? X64_OPC_MOVSWL | (w ? X64_P_W : 0) : X64_OPC_MOVZWL), X64_RAX,
                  X64_RAX);
        break;
    case MO_32:
        if (sign && w)
            x64_op_rr(c, X64_OPC_MOVSLQ | X64_P_W, X64_RAX, X64_RAX);
        else
            x64_mov_rr(c, false, X64_RAX, X64_RAX);
        break;
    default:
        break;
    }
}

/* -- Dispatch -- */

static void emit_unary(CodeCursor *c, unsigned opc, bool w, int d, int a)
{
    switch (opc) {
    case IR_OP_neg:
        mov_if(c, w, d, a);
        x64_grp3(c, X64_GRP3_NEG, w, d);
        break;
    case IR_OP_not:
        mov_if(c, w, d, a);
        x64_grp3(c, X64_GRP3_NOT, w, d);
        break;
    case IR_OP_ext8s:
        x64_op_rr(c, X64_OPC_MOVSBL | X64_P_BYTE_RM | (w ? X64_P_W : 0), d, a);
        break;
    case IR_OP_ext8u:
        x64_op_rr(c, X64_OPC_MOVZBL | X64_P_BYTE_RM, d, a);
        break;
    case IR_OP_ext16s:
        x64_op_rr(c, X64_OPC_MOVSWL | (w ? X64_P_W : 0), d, a);
        break;
    case IR_OP_ext16u:
        x64_op_rr(c, X64_OPC_MOVZWL, d, a);
        break;
    case IR_OP_ext32s:
    case IR_OP_exts_i32:
        x64_op_rr(c, X64_OPC_MOVSLQ | X64_P_W, d, a);
        break;
    case IR_OP_ext32u:
    case IR_OP_extrl:
        x64_mov_rr(c, false, d, a);
        break;
    case IR_OP_extu_i32:
        mov_if(c, false, d, a);
        break; /* already zero-extended */
    case IR_OP_extrh:
        mov_if(c, true, d, a);
        x64_shift_ri(c, X64_SHIFT_SHR, true, d, 32);
        break;
    case IR_OP_bswap16:
        x64_op_rr(c, X64_OPC_MOVZWL, d, a);
        emit_bswap_reg(c, MO_16, d);
        break;
    case IR_OP_bswap32:
        x64_mov_rr(c, false, d, a);
        x64_bswap(c, false, d);
        break;
    case IR_OP_bswap64:
        mov_if(c, true, d, a);
        x64_bswap(c, true, d);
        break;
    case IR_OP_ctpop:
        x64_op_rr(c, X64_OPC_POPCNT | (w ? X64_P_W : 0), d, a);
        break;
    default:
        xr_unreachable();
    }
}

void backend_emit_op(CodeCursor *c, const IROp *op, const BackendArgs *a)
{
    bool w = op->type == IR_I64;
    int d = a->o[0].reg, r0 = a->i[0].reg;
    const BackendArg *b = &a->i[1];
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    if (ir_op_is_vec(op->opc)) {
        x64_emit_vec_op(c, op, a);
        return;
    }
    if (op->opc == IR_OP_fp_arith || op->opc == IR_OP_fp_muladd) {
        x64_emit_fp_arith(c, op, a);
        return;
    }
    if (op->opc == IR_OP_fp_cmp) {
        x64_emit_fp_cmp(c, op, a);
        return;
    }
    switch (op->opc) {
    case IR_OP_add:
        emit_add(c, w, d, r0, b);
        break;
    case IR_OP_sub:
        emit_sub(c, w, d, r0, b);
        break;
    case IR_OP_mul:
        emit_mul(c, w, d, r0, b);
        break;
    case IR_OP_and:
        emit_logic(c, X64_ARITH_AND, w, d, r0, b);
        break;
    case IR_OP_or:
        emit_logic(c, X64_ARITH_OR, w, d, r0, b);
        break;
    case IR_OP_xor:
        emit_logic(c, X64_ARITH_XOR, w, d, r0, b);
        break;
    case IR_OP_andc:
        emit_andc_orc(c, X64_ARITH_AND, w, d, r0, b);
        break;
    case IR_OP_orc:
        emit_andc_orc(c, X64_ARITH_OR, w, d, r0, b);
        break;
    case IR_OP_shl:
        emit_shift(c, X64_SHIFT_SHL, w, d, r0, b);
        break;
    case IR_OP_shr:
        emit_shift(c, X64_SHIFT_SHR, w, d, r0, b);
        break;
    case IR_OP_sar:
        emit_shift(c, X64_SHIFT_SAR, w, d, r0, b);
        break;
    case IR_OP_rotl:
        emit_shift(c, X64_SHIFT_ROL, w, d, r0, b);
        break;
    case IR_OP_rotr:
        emit_shift(c, X64_SHIFT_ROR, w, d, r0, b);
        break;
    case IR_OP_div:
    case IR_OP_rem:
        emit_divrem(c, true, w, b->reg);
        break;
    case IR_OP_divu:
    case IR_OP_remu:
        emit_divrem(c, false, w, b->reg);
        break;
    case IR_OP_mulu2:
        x64_grp3(c, X64_GRP3_MUL, w, b->reg);
        break;
    case IR_OP_muls2:
        x64_grp3(c, X64_GRP3_IMUL, w, b->reg);
        break;
    case IR_OP_add2:
        emit_addsub2(c, false, w, a);
        break;
    case IR_OP_sub2:
        emit_addsub2(c, true, w, a);
        break;
    case IR_OP_concat:
        x64_mov_rr(c, false, d, b->reg);
        x64_shift_ri(c, X64_SHIFT_SHL, true, d, 32);
        x64_arith_rr(c, X64_ARITH_OR, true, d, r0);
        break;
    case IR_OP_clz:
        emit_clz_ctz(c, true, w, d, r0, b);
        break;
    case IR_OP_ctz:
        emit_clz_ctz(c, false, w, d, r0, b);
        break;
    case IR_OP_extract:
        emit_extract(c, false, w, d, r0, (int)ca[0], (int)ca[1]);
        break;
    case IR_OP_sextract:
        emit_extract(c, true, w, d, r0, (int)ca[0], (int)ca[1]);
        break;
    case IR_OP_deposit:
        emit_deposit(c, w, d, r0, b, a->scratch[0], (int)ca[0], (int)ca[1]);
        break;
    case IR_OP_setcond:
        emit_setcond(c, w, (IRCond)ca[0], d, r0, b);
        break;
    case IR_OP_movcond:
        emit_movcond(c, w, (IRCond)ca[0], a);
        break;
    case IR_OP_ld:
        emit_load(c, w, (unsigned)ca[1], d, r0, -1, (int32_t)ca[0]);
        break;
    case IR_OP_st:
        emit_store(c, (unsigned)ca[1], &a->i[0], b->reg, -1, (int32_t)ca[0]);
        break;
    case IR_OP_guest_ld:
    case IR_OP_guest_st:
    case IR_OP_guest_cmpxchg:
        if (codegen_mem_model.softmmu) {
            x64_emit_softmmu(c, op, a);
            break;
        }
        if (op->opc == IR_OP_guest_ld) {
            x64_emit_align_check(c, (unsigned)ca[0], r0);
            x64_emit_guest_ld(c, w, (unsigned)ca[0], d, X64_REG_GUEST_BASE, r0);
        } else if (op->opc == IR_OP_guest_st) {
            x64_emit_align_check(c, (unsigned)ca[0], a->i[1].reg);
            x64_emit_guest_st(c, (unsigned)ca[0], a, X64_REG_GUEST_BASE, a->scratch[0]);
        } else {
            x64_emit_align_check(c, (unsigned)ca[0], r0);
            x64_emit_guest_cmpxchg(c, w, (unsigned)ca[0], a, X64_REG_GUEST_BASE, a->scratch[0]);
        }
        break;
    default:
        emit_unary(c, op->opc, w, d, r0);
        break;
    }
}
