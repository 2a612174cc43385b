/*
 * Unit tests of the optimizer passes (tcg/opt*.c), written as "IR in -> IR
 * out": each test builds a block with the builder, runs one pass (or the
 * whole pipeline), and compares ir_dump() text with the expected listing.
 *
 * Every test starts from the same context: globals r0..r3 (i32) and d0
 * (i64), then i32 block temps t0..t7, i64 block temps t8..t9 and TB temps
 * tb10..tb11, allocated before any constant so their names are fixed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xrun/codegen.h"
#include "xrun/ir.h"
#include "tests/unit/ir_expect.h"

static IRContext *ctx;
static IRTemp r0, r1, r2, r3, d0;
static IRTemp t[8], q[2], tb[2];

/* A helper address that is never called: its value shows in dumps. */
#define FAKE_HELPER ((void *)0x1000)

static void setup(void)
{
    ctx = malloc(sizeof(*ctx));
    ir_context_init(ctx, 7);
    r0 = ir_global(ctx, IR_I32, 16, "r0");
    r1 = ir_global(ctx, IR_I32, 20, "r1");
    r2 = ir_global(ctx, IR_I32, 24, "r2");
    r3 = ir_global(ctx, IR_I32, 28, "r3");
    d0 = ir_global(ctx, IR_I64, 32, "d0");
    for (int i = 0; i < 8; i++)
        t[i] = ir_new_i32(ctx);
    for (int i = 0; i < 2; i++)
        q[i] = ir_new_i64(ctx);
    for (int i = 0; i < 2; i++)
        tb[i] = ir_new_tb(ctx, IR_I32);
}

static void teardown(void)
{
    ir_context_free(ctx);
    free(ctx);
}

TestSuite(opt_fold, .init = setup, .fini = teardown);
TestSuite(opt_copy_prop, .init = setup, .fini = teardown);
TestSuite(opt_dce, .init = setup, .fini = teardown);
TestSuite(opt_branch, .init = setup, .fini = teardown);
TestSuite(opt_run, .init = setup, .fini = teardown);

#define expect_ir(want) expect_ir_of(ctx, want)

static IRTemp c32(int32_t v) { return ir_const_i32(ctx, v); }
static IRTemp c64(int64_t v) { return ir_const_i64(ctx, v); }

/* Folds "OP dst, a, b" at type ty and returns the constant that dst got. */
static int64_t fold_binop_const(IROpcode opc, IRType ty, IRTemp a, IRTemp b)
{
    IRTemp d = ty == IR_I32 ? t[0] : q[0];
    ir_binop(ctx, opc, ty, d, a, b);
    opt_fold(ctx);
    IROp *op = &ctx->ops[ctx->nb_ops - 1];
    cr_assert_eq(op->opc, IR_OP_mov, "op %s was not folded", ir_op_defs[op->opc].name);
    cr_assert(ir_is_const(ctx, (IRTemp)op->args[1]));
    return ir_temp(ctx, (IRTemp)op->args[1])->val;
}

/* -- opt_fold: constants -- */

Test(opt_fold, add_zero_is_move)
{
    ir_addi(ctx, IR_I32, t[1], t[0], 0);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, t0\n");
}

Test(opt_fold, const_add_becomes_mov_const)
{
    ir_add(ctx, IR_I32, t[0], c32(2), c32(3));
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0x5\n");
}

Test(opt_fold, i32_add_wraps_and_stays_sign_extended)
{
    cr_assert_eq(fold_binop_const(IR_OP_add, IR_I32, c32(0x7fffffff), c32(1)), INT32_MIN);
    expect_ir("mov_i32 t0, $0x80000000\n");
}

Test(opt_fold, i32_mul_wraps_to_zero)
{
    cr_assert_eq(fold_binop_const(IR_OP_mul, IR_I32, c32(0x10000), c32(0x10000)), 0);
}

Test(opt_fold, i32_sub_borrow_wraps)
{
    cr_assert_eq(fold_binop_const(IR_OP_sub, IR_I32, c32(0), c32(1)), -1);
    expect_ir("mov_i32 t0, $0xffffffff\n");
}

Test(opt_fold, i64_add_is_full_width)
{
    cr_assert_eq(fold_binop_const(IR_OP_add, IR_I64, c64(0xffffffff), c64(1)), 0x100000000ll);
}

Test(opt_fold, i32_shift_count_is_modulo_width)
{
    cr_assert_eq(fold_binop_const(IR_OP_shl, IR_I32, c32(1), c32(33)), 2);
}

Test(opt_fold, i32_shr_is_logical_on_sign_extended_value)
{
    cr_assert_eq(fold_binop_const(IR_OP_shr, IR_I32, c32(INT32_MIN), c32(31)), 1);
}

Test(opt_fold, i32_sar_fills_with_sign)
{
    cr_assert_eq(fold_binop_const(IR_OP_sar, IR_I32, c32(INT32_MIN), c32(31)), -1);
}

Test(opt_fold, i64_shr_by_63)
{
    cr_assert_eq(fold_binop_const(IR_OP_shr, IR_I64, c64(INT64_MIN), c64(63)), 1);
}

Test(opt_fold, i32_rotates_within_32_bits)
{
    cr_assert_eq(fold_binop_const(IR_OP_rotl, IR_I32, c32((int32_t)0x80000001), c32(1)), 3);
    cr_assert_eq(fold_binop_const(IR_OP_rotr, IR_I32, c32(3), c32(1)), (int32_t)0x80000001);
}

Test(opt_fold, i32_signed_division_truncates_toward_zero)
{
    cr_assert_eq(fold_binop_const(IR_OP_div, IR_I32, c32(-7), c32(2)), -3);
    cr_assert_eq(fold_binop_const(IR_OP_rem, IR_I32, c32(-7), c32(2)), -1);
}

Test(opt_fold, i32_unsigned_division_uses_32_bit_value)
{
    cr_assert_eq(fold_binop_const(IR_OP_divu, IR_I32, c32(-1), c32(2)), 0x7fffffff);
    cr_assert_eq(fold_binop_const(IR_OP_remu, IR_I32, c32(-1), c32(16)), 15);
}

Test(opt_fold, division_by_zero_is_not_folded)
{
    ir_div(ctx, IR_I32, t[0], c32(5), c32(0));
    ir_divu(ctx, IR_I32, t[1], c32(5), c32(0));
    ir_remu(ctx, IR_I64, q[0], c64(5), c64(0));
    opt_fold(ctx);
    expect_ir("div_i32 t0, $0x5, $0x0\n"
              "divu_i32 t1, $0x5, $0x0\n"
              "remu_i64 t8, $0x5, $0x0\n");
}

Test(opt_fold, signed_min_div_minus_one_is_not_folded)
{
    ir_div(ctx, IR_I32, t[0], c32(INT32_MIN), c32(-1));
    ir_rem(ctx, IR_I64, q[0], c64(INT64_MIN), c64(-1));
    opt_fold(ctx);
    expect_ir("div_i32 t0, $0x80000000, $0xffffffff\n"
              "rem_i64 t8, $0x8000000000000000, $0xffffffffffffffff\n");
}

Test(opt_fold, i32_min_div_minus_one_in_i64_is_folded)
{
    /* Only the i64 minimum overflows an i64 division. */
    cr_assert_eq(fold_binop_const(IR_OP_div, IR_I64, c64(INT32_MIN), c64(-1)), 0x80000000ll);
}

Test(opt_fold, ext_of_const)
{
    ir_ext8s(ctx, IR_I32, t[0], c32(0x80));
    ir_ext16u(ctx, IR_I32, t[1], c32((int32_t)0xffff1234));
    ir_extu_i32_i64(ctx, q[0], c32(-1));
    ir_exts_i32_i64(ctx, q[1], c32(-2));
    ir_extrh_i64_i32(ctx, t[2], c64(0x1234567800000000ll));
    ir_extrl_i64_i32(ctx, t[3], c64(0x12345678ffffffffll));
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0xffffff80\n"
              "mov_i32 t1, $0x1234\n"
              "mov_i64 t8, $0xffffffff\n"
              "mov_i64 t9, $0xfffffffffffffffe\n"
              "mov_i32 t2, $0x12345678\n"
              "mov_i32 t3, $0xffffffff\n");
    cr_assert_eq(ir_temp(ctx, (IRTemp)ctx->ops[5].args[1])->val, -1);
}

Test(opt_fold, bswap_and_counts_of_const)
{
    ir_bswap32(ctx, IR_I32, t[0], c32(0x12345678));
    ir_bswap16(ctx, IR_I32, t[1], c32(0x1234));
    ir_ctpop(ctx, IR_I32, t[2], c32(-1));
    ir_clz(ctx, IR_I32, t[3], c32(1), c32(32));
    ir_ctz(ctx, IR_I64, q[0], c64(0x100000000ll), c64(64));
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0x78563412\n"
              "mov_i32 t1, $0x3412\n"
              "mov_i32 t2, $0x20\n"
              "mov_i32 t3, $0x1f\n"
              "mov_i64 t8, $0x20\n");
}

Test(opt_fold, clz_of_zero_is_the_default_operand)
{
    ir_clz(ctx, IR_I32, t[0], c32(0), t[1]);
    opt_fold(ctx);
    expect_ir("mov_i32 t0, t1\n");
}

Test(opt_fold, extract_deposit_of_const)
{
    ir_extract(ctx, IR_I32, t[0], c32((int32_t)0xabcd1234), 8, 8);
    ir_sextract(ctx, IR_I32, t[1], c32(0x80), 4, 4);
    ir_deposit(ctx, IR_I32, t[2], c32(-1), c32(0), 8, 8);
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0x12\n"
              "mov_i32 t1, $0xfffffff8\n"
              "mov_i32 t2, $0xffff00ff\n");
}

/* Masks of the low 8, 16 or 32 bits are zero extensions; other masks
 * stay ands. */
Test(opt_fold, low_masks_are_zero_extensions)
{
    ir_andi(ctx, IR_I64, q[0], d0, 0xffffffff);
    ir_andi(ctx, IR_I32, t[0], r0, 0xffff);
    ir_andi(ctx, IR_I32, t[1], r1, 0xff);
    ir_andi(ctx, IR_I32, t[2], r2, 0xfff);
    opt_fold(ctx);
    expect_ir("ext32u_i64 t8, d0\n"
              "ext16u_i32 t0, r0\n"
              "ext8u_i32 t1, r1\n"
              "and_i32 t2, r2, $0xfff\n");
}

/* A field deposited into zero up to the top bit is a left shift. */
Test(opt_fold, deposit_into_zero_to_the_top_is_shl)
{
    ir_deposit(ctx, IR_I64, q[0], c64(0), d0, 2, 62);
    ir_deposit(ctx, IR_I64, q[1], c64(0), d0, 2, 30);
    opt_fold(ctx);
    expect_ir("shl_i64 t8, d0, $0x2\n"
              "deposit_i64 t9, $0x0, d0, $0x2, $0x1e\n");
}

Test(opt_fold, mulu2_and_add2_results_propagate)
{
    ir_mulu2(ctx, IR_I32, t[0], t[1], c32(-1), c32(2));
    ir_add(ctx, IR_I32, t[2], t[0], t[1]);
    ir_add2(ctx, IR_I32, t[3], t[4], c32(-1), c32(0), c32(1), c32(0));
    ir_mov(ctx, IR_I32, r0, t[4]);
    opt_fold(ctx);
    /* 0xffffffff * 2 = 0x1:fffffffe; 0:ffffffff + 0:1 = 1:0. */
    expect_ir("mulu2_i32 t0, t1, $0xffffffff, $0x2\n"
              "mov_i32 t2, $0xffffffff\n"
              "add2_i32 t3, t4, $0xffffffff, $0x0, $0x1, $0x0\n"
              "mov_i32 r0, $0x1\n");
}

Test(opt_fold, muls2_is_signed)
{
    ir_muls2(ctx, IR_I32, t[0], t[1], c32(-1), c32(2));
    ir_mov(ctx, IR_I32, r0, t[1]);
    opt_fold(ctx);
    expect_ir("muls2_i32 t0, t1, $0xffffffff, $0x2\n"
              "mov_i32 r0, $0xffffffff\n");
}

/* -- opt_fold: algebra -- */

Test(opt_fold, identities_become_moves)
{
    ir_binopi(ctx, IR_OP_sub, IR_I32, t[1], t[0], 0);
    ir_binopi(ctx, IR_OP_mul, IR_I32, t[2], t[0], 1);
    ir_andi(ctx, IR_I32, t[3], t[0], -1);
    ir_ori(ctx, IR_I32, t[4], t[0], 0);
    ir_xori(ctx, IR_I32, t[5], t[0], 0);
    ir_shli(ctx, IR_I32, t[6], t[0], 0);
    ir_binopi(ctx, IR_OP_divu, IR_I32, t[7], t[0], 1);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, t0\nmov_i32 t2, t0\nmov_i32 t3, t0\nmov_i32 t4, t0\n"
              "mov_i32 t5, t0\nmov_i32 t6, t0\nmov_i32 t7, t0\n");
}

Test(opt_fold, absorbing_constants)
{
    ir_binopi(ctx, IR_OP_mul, IR_I32, t[1], t[0], 0);
    ir_andi(ctx, IR_I32, t[2], t[0], 0);
    ir_ori(ctx, IR_I32, t[3], t[0], -1);
    ir_ori(ctx, IR_I64, q[0], q[1], -1);
    ir_binopi(ctx, IR_OP_remu, IR_I32, t[4], t[0], 1);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, $0x0\nmov_i32 t2, $0x0\nmov_i32 t3, $0xffffffff\n"
              "mov_i64 t8, $0xffffffffffffffff\nmov_i32 t4, $0x0\n");
}

Test(opt_fold, self_operand_identities)
{
    ir_xor(ctx, IR_I32, t[1], t[0], t[0]);
    ir_sub(ctx, IR_I32, t[2], t[0], t[0]);
    ir_and(ctx, IR_I32, t[3], t[0], t[0]);
    ir_or(ctx, IR_I32, t[4], t[0], t[0]);
    ir_andc(ctx, IR_I32, t[5], t[0], t[0]);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, $0x0\nmov_i32 t2, $0x0\nmov_i32 t3, t0\n"
              "mov_i32 t4, t0\nmov_i32 t5, $0x0\n");
}

Test(opt_fold, shift_by_width_is_shift_by_zero)
{
    ir_shri(ctx, IR_I32, t[1], t[0], 32);
    ir_sari(ctx, IR_I64, q[0], q[1], 64);
    ir_shli(ctx, IR_I32, t[2], t[0], 31);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, t0\nmov_i64 t8, t9\nshl_i32 t2, t0, $0x1f\n");
}

Test(opt_fold, zero_minus_x_is_neg)
{
    ir_sub(ctx, IR_I32, t[1], c32(0), t[0]);
    opt_fold(ctx);
    expect_ir("neg_i32 t1, t0\n");
}

Test(opt_fold, commutative_const_goes_second)
{
    ir_add(ctx, IR_I32, t[1], c32(4), t[0]);
    opt_fold(ctx);
    expect_ir("add_i32 t1, t0, $0x4\n");
}

Test(opt_fold, setcond_of_equal_temps)
{
    ir_setcond(ctx, IR_I32, t[1], t[0], t[0], IR_COND_EQ);
    ir_setcond(ctx, IR_I32, t[2], t[0], t[0], IR_COND_LTU);
    ir_setcond(ctx, IR_I32, t[3], t[0], t[0], IR_COND_GE);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, $0x1\nmov_i32 t2, $0x0\nmov_i32 t3, $0x1\n");
}

Test(opt_fold, setcond_consts_respect_signedness_and_width)
{
    ir_setcond(ctx, IR_I32, t[1], c32(-1), c32(0), IR_COND_LT);
    ir_setcond(ctx, IR_I32, t[2], c32(-1), c32(0), IR_COND_LTU);
    ir_setcond(ctx, IR_I32, t[3], c32(INT32_MIN), c32(0x7fffffff), IR_COND_GTU);
    opt_fold(ctx);
    expect_ir("mov_i32 t1, $0x1\nmov_i32 t2, $0x0\nmov_i32 t3, $0x1\n");
}

Test(opt_fold, setcond_const_first_is_swapped)
{
    ir_setcond(ctx, IR_I32, t[1], c32(5), t[0], IR_COND_LT);
    opt_fold(ctx);
    expect_ir("setcond_i32 t1, t0, $0x5, gt\n");
}

Test(opt_fold, movcond_with_decided_condition)
{
    ir_movcond(ctx, IR_I32, t[2], c32(1), c32(2), t[0], t[1], IR_COND_LT);
    ir_movcond(ctx, IR_I32, t[3], t[4], t[4], t[0], t[1], IR_COND_NE);
    ir_movcond(ctx, IR_I32, t[5], t[4], t[6], t[0], t[0], IR_COND_EQ);
    opt_fold(ctx);
    expect_ir("mov_i32 t2, t0\nmov_i32 t3, t1\nmov_i32 t5, t0\n");
}

Test(opt_fold, brcond_on_constants_becomes_br_or_nothing)
{
    int l = ir_new_label(ctx);
    ir_brcond(ctx, IR_I32, c32(1), c32(1), IR_COND_EQ, l);
    ir_brcond(ctx, IR_I32, c32(1), c32(2), IR_COND_EQ, l);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_LTU, l);
    ir_set_label(ctx, l);
    opt_fold(ctx);
    expect_ir("br_i32 L0\nset_label_i32 L0\n");
}

Test(opt_fold, constants_propagate_through_moves)
{
    ir_movi(ctx, IR_I32, t[0], 3);
    ir_addi(ctx, IR_I32, t[1], t[0], 4);
    ir_add(ctx, IR_I32, r0, t[1], t[1]);
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0x3\nmov_i32 t1, $0x7\nmov_i32 r0, $0xe\n");
}

Test(opt_fold, constants_survive_brcond_but_not_labels)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, tb[0], 3);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_addi(ctx, IR_I32, r0, tb[0], 1);
    ir_set_label(ctx, l);
    ir_addi(ctx, IR_I32, r1, tb[0], 1);
    opt_fold(ctx);
    expect_ir("mov_i32 tb10, $0x3\nbrcond_i32 t0, $0x0, eq, L0\nmov_i32 r0, $0x4\n"
              "set_label_i32 L0\nadd_i32 r1, tb10, $0x1\n");
}

Test(opt_fold, redefinition_forgets_constant)
{
    ir_movi(ctx, IR_I32, r0, 3);
    ir_add(ctx, IR_I32, r0, r0, t[0]);
    ir_addi(ctx, IR_I32, t[1], r0, 1);
    opt_fold(ctx);
    expect_ir("mov_i32 r0, $0x3\nadd_i32 r0, t0, $0x3\nadd_i32 t1, r0, $0x1\n");
}

Test(opt_fold, call_writing_globals_forgets_global_constants)
{
    ir_movi(ctx, IR_I32, r0, 3);
    ir_movi(ctx, IR_I32, t[0], 5);
    ir_call0(ctx, FAKE_HELPER, 0, IR_NO_TEMP);
    ir_add(ctx, IR_I32, t[1], r0, t[0]);
    opt_fold(ctx);
    expect_ir("mov_i32 r0, $0x3\nmov_i32 t0, $0x5\ncall_i64 $0x1000, $0, $0\n"
              "add_i32 t1, r0, $0x5\n");
}

Test(opt_fold, call_not_writing_globals_keeps_constants)
{
    ir_movi(ctx, IR_I32, r0, 3);
    ir_call0(ctx, FAKE_HELPER, IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP);
    ir_addi(ctx, IR_I32, t[1], r0, 1);
    opt_fold(ctx);
    expect_ir("mov_i32 r0, $0x3\ncall_i64 $0x1000, $0x2, $0\nmov_i32 t1, $0x4\n");
}

Test(opt_fold, call_result_is_not_a_known_constant)
{
    ir_movi(ctx, IR_I32, t[0], 3);
    ir_callN(ctx, FAKE_HELPER, IR_CALL_NO_WRITE_GLOBALS, t[0], t[0]);
    ir_addi(ctx, IR_I32, t[1], t[0], 1);
    opt_fold(ctx);
    expect_ir("mov_i32 t0, $0x3\ncall_i32 t0, $0x3, $0x1000, $0x2, $0x101\n"
              "add_i32 t1, t0, $0x1\n");
}

Test(opt_fold, self_move_is_removed)
{
    IROp *op = ir_emit(ctx, IR_OP_mov, IR_I32);
    op->args[0] = r0;
    op->args[1] = r0;
    opt_fold(ctx);
    expect_ir("");
}

/* -- opt_copy_prop -- */

Test(opt_copy_prop, use_of_copy_reads_source)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_addi(ctx, IR_I32, t[1], t[0], 4);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\nadd_i32 t1, r1, $0x4\n");
}

Test(opt_copy_prop, copies_chain_to_the_first_source)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, t[1], t[0]);
    ir_addi(ctx, IR_I32, t[2], t[1], 4);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\nmov_i32 t1, r1\nadd_i32 t2, r1, $0x4\n");
}

Test(opt_copy_prop, no_prop_across_redefinition_of_source)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, r1, t[2]);
    ir_addi(ctx, IR_I32, t[3], t[0], 1);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\nmov_i32 r1, t2\nadd_i32 t3, t0, $0x1\n");
}

Test(opt_copy_prop, redefined_copy_uses_its_new_source)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, t[0], r2);
    ir_addi(ctx, IR_I32, t[3], t[0], 1);
    ir_addi(ctx, IR_I32, t[0], t[0], 1);
    ir_addi(ctx, IR_I32, t[4], t[0], 1);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\nmov_i32 t0, r2\nadd_i32 t3, r2, $0x1\n"
              "add_i32 t0, r2, $0x1\nadd_i32 t4, t0, $0x1\n");
}

Test(opt_copy_prop, copies_reset_at_labels)
{
    int l = ir_new_label(ctx);
    ir_mov(ctx, IR_I32, tb[0], r1);
    ir_set_label(ctx, l);
    ir_addi(ctx, IR_I32, t[1], tb[0], 1);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 tb10, r1\nset_label_i32 L0\nadd_i32 t1, tb10, $0x1\n");
}

Test(opt_copy_prop, block_local_source_not_used_past_brcond)
{
    int l = ir_new_label(ctx);
    ir_mov(ctx, IR_I32, tb[0], t[0]);
    ir_brcondi(ctx, IR_I32, tb[0], 0, IR_COND_EQ, l);
    ir_addi(ctx, IR_I32, r0, tb[0], 1);
    ir_set_label(ctx, l);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 tb10, t0\nbrcond_i32 t0, $0x0, eq, L0\nadd_i32 r0, tb10, $0x1\n"
              "set_label_i32 L0\n");
}

Test(opt_copy_prop, call_writing_globals_invalidates_copies_of_globals)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, t[1], t[2]);
    ir_call0(ctx, FAKE_HELPER, 0, IR_NO_TEMP);
    ir_add(ctx, IR_I32, t[3], t[0], t[1]);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\nmov_i32 t1, t2\ncall_i64 $0x1000, $0, $0\n"
              "add_i32 t3, t0, t2\n");
}

Test(opt_copy_prop, call_not_writing_globals_keeps_copies)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_call0(ctx, FAKE_HELPER, IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP);
    ir_addi(ctx, IR_I32, t[3], t[0], 1);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\ncall_i64 $0x1000, $0x2, $0\nadd_i32 t3, r1, $0x1\n");
}

Test(opt_copy_prop, copy_back_to_source_is_removed)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, r1, t[0]);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 t0, r1\n");
}

Test(opt_copy_prop, global_copy_replaced_in_side_effect_ops)
{
    ir_mov(ctx, IR_I32, r0, t[0]);
    ir_guest_st(ctx, IR_I32, r0, t[1], MO_UL, 0);
    opt_copy_prop(ctx);
    expect_ir("mov_i32 r0, t0\nguest_st_i32 t0, t1, $0x2, $0\n");
}

/* -- opt_dce -- */

Test(opt_dce, unused_result_is_removed)
{
    ir_addi(ctx, IR_I32, t[1], t[0], 1);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("exit_tb_i64 $0\n");
}

Test(opt_dce, dead_chain_is_removed_entirely)
{
    ir_addi(ctx, IR_I32, t[1], r0, 1);
    ir_addi(ctx, IR_I32, t[2], t[1], 1);
    ir_mov(ctx, IR_I32, t[3], t[2]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("exit_tb_i64 $0\n");
}

Test(opt_dce, globals_stay_live_at_exits)
{
    ir_addi(ctx, IR_I32, t[1], t[0], 1);
    ir_mov(ctx, IR_I32, r0, t[1]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("add_i32 t1, t0, $0x1\nmov_i32 r0, t1\nexit_tb_i64 $0\n");
}

Test(opt_dce, globals_stay_live_at_goto_tb)
{
    ir_movi(ctx, IR_I32, r0, 1);
    ir_goto_tb(ctx, 0);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 r0, $0x1\ngoto_tb_i64 $0\nmov_i32 r0, $0x2\nexit_tb_i64 $0\n");
}

Test(opt_dce, globals_stay_live_at_branches)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, r0, 1);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_exit_tb(ctx, 0);
    ir_set_label(ctx, l);
    ir_exit_tb(ctx, 1);
    opt_dce(ctx);
    expect_ir("mov_i32 r0, $0x1\nbrcond_i32 t0, $0x0, eq, L0\nmov_i32 r0, $0x2\nexit_tb_i64 $0\n"
              "set_label_i32 L0\nexit_tb_i64 $0x1\n");
}

Test(opt_dce, overwritten_global_store_is_removed)
{
    ir_movi(ctx, IR_I32, r0, 1);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 r0, $0x2\nexit_tb_i64 $0\n");
}

Test(opt_dce, globals_live_at_calls_that_read_them)
{
    ir_movi(ctx, IR_I32, r0, 1);
    ir_call0(ctx, FAKE_HELPER, IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_movi(ctx, IR_I32, r1, 1);
    ir_call0(ctx, FAKE_HELPER, IR_CALL_NO_READ_GLOBALS, IR_NO_TEMP);
    ir_movi(ctx, IR_I32, r1, 2);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 r0, $0x1\ncall_i64 $0x1000, $0x2, $0\nmov_i32 r0, $0x2\n"
              "call_i64 $0x1000, $0x1, $0\nmov_i32 r1, $0x2\nexit_tb_i64 $0\n");
}

Test(opt_dce, globals_live_at_calls_that_may_raise)
{
    ir_movi(ctx, IR_I32, r1, 1);
    ir_call0(ctx, FAKE_HELPER, IR_CALL_NO_READ_GLOBALS | IR_CALL_MAY_RAISE, IR_NO_TEMP);
    ir_movi(ctx, IR_I32, r1, 2);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 r1, $0x1\ncall_i64 $0x1000, $0x9, $0\nmov_i32 r1, $0x2\nexit_tb_i64 $0\n");
}

Test(opt_dce, globals_live_at_ops_that_may_raise)
{
    ir_movi(ctx, IR_I32, r0, 1);
    ir_guest_ld(ctx, IR_I32, t[0], r1, MO_UL, 0);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_mov(ctx, IR_I32, r2, t[0]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 r0, $0x1\nguest_ld_i32 t0, r1, $0x2, $0\nmov_i32 r0, $0x2\n"
              "mov_i32 r2, t0\nexit_tb_i64 $0\n");
}

Test(opt_dce, side_effect_ops_are_kept)
{
    ir_guest_ld(ctx, IR_I32, t[0], r1, MO_UL, 0);
    ir_st(ctx, IR_I32, t[1], IR_ENV, 64, MO_UL);
    ir_callN(ctx, FAKE_HELPER, IR_CALL_NO_READ_GLOBALS, t[2], t[3]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("guest_ld_i32 t0, r1, $0x2, $0\nst_i32 t1, env, $0x40, $0x2\n"
              "call_i32 t2, t3, $0x1000, $0x1, $0x101\nexit_tb_i64 $0\n");
}

Test(opt_dce, pure_call_with_dead_result_is_removed)
{
    unsigned pure = IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS;
    ir_callN(ctx, FAKE_HELPER, pure, t[2], t[3]);
    ir_callN(ctx, FAKE_HELPER, pure | IR_CALL_MAY_RAISE, t[4], t[3]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("call_i32 t4, t3, $0x1000, $0xf, $0x101\nexit_tb_i64 $0\n");
}

Test(opt_dce, host_load_is_removed_when_dead)
{
    ir_ld(ctx, IR_I32, t[0], IR_ENV, 64, MO_UL);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("exit_tb_i64 $0\n");
}

Test(opt_dce, block_temps_die_at_labels)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, t[0], 1);
    ir_set_label(ctx, l);
    ir_mov(ctx, IR_I32, r0, t[0]); /* invalid use: t0 is dead here */
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("set_label_i32 L0\nmov_i32 r0, t0\nexit_tb_i64 $0\n");
}

Test(opt_dce, tb_temps_live_across_labels)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, tb[0], 1);
    ir_movi(ctx, IR_I32, tb[1], 1);
    ir_set_label(ctx, l);
    ir_mov(ctx, IR_I32, r0, tb[0]);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mov_i32 tb10, $0x1\nset_label_i32 L0\nmov_i32 r0, tb10\nexit_tb_i64 $0\n");
}

Test(opt_dce, tb_temps_assumed_live_at_branches)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, tb[0], 1);
    ir_movi(ctx, IR_I32, t[1], 1);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_exit_tb(ctx, 0);
    ir_set_label(ctx, l);
    ir_mov(ctx, IR_I32, r0, tb[0]);
    ir_exit_tb(ctx, 1);
    opt_dce(ctx);
    expect_ir("mov_i32 tb10, $0x1\nbrcond_i32 t0, $0x0, eq, L0\nexit_tb_i64 $0\n"
              "set_label_i32 L0\nmov_i32 r0, tb10\nexit_tb_i64 $0x1\n");
}

Test(opt_dce, tb_temps_dead_at_exit)
{
    ir_movi(ctx, IR_I32, tb[0], 1);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("exit_tb_i64 $0\n");
}

Test(opt_dce, two_output_op_kept_while_one_output_lives)
{
    ir_mulu2(ctx, IR_I32, t[0], t[1], r0, r1);
    ir_mov(ctx, IR_I32, r2, t[1]);
    ir_muls2(ctx, IR_I32, t[2], t[3], r0, r1);
    ir_exit_tb(ctx, 0);
    opt_dce(ctx);
    expect_ir("mulu2_i32 t0, t1, r0, r1\nmov_i32 r2, t1\nexit_tb_i64 $0\n");
}

/* -- opt_branch -- */

Test(opt_branch, br_to_next_label_is_removed)
{
    int l = ir_new_label(ctx);
    ir_br(ctx, l);
    ir_insn_start(ctx, 0x1000, 0);
    ir_set_label(ctx, l);
    ir_exit_tb(ctx, 0);
    opt_branch(ctx);
    expect_ir(" ---- 0x1000 0\nexit_tb_i64 $0\n");
}

Test(opt_branch, br_to_a_later_label_is_kept)
{
    int l0 = ir_new_label(ctx), l1 = ir_new_label(ctx);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l0);
    ir_br(ctx, l1);
    ir_set_label(ctx, l0);
    ir_movi(ctx, IR_I32, r0, 1);
    ir_set_label(ctx, l1);
    ir_exit_tb(ctx, 0);
    opt_branch(ctx);
    expect_ir("brcond_i32 t0, $0x0, eq, L0\nbr_i32 L1\nset_label_i32 L0\nmov_i32 r0, $0x1\n"
              "set_label_i32 L1\nexit_tb_i64 $0\n");
}

Test(opt_branch, brcond_to_next_label_is_removed)
{
    int l = ir_new_label(ctx);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_set_label(ctx, l);
    ir_exit_tb(ctx, 0);
    opt_branch(ctx);
    expect_ir("exit_tb_i64 $0\n");
}

Test(opt_branch, code_after_exit_is_removed_up_to_label)
{
    int l = ir_new_label(ctx);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_exit_tb(ctx, 0);
    ir_addi(ctx, IR_I32, r0, r0, 1);
    ir_insn_start(ctx, 0x1004, 0);
    ir_goto_tb(ctx, 1);
    ir_set_label(ctx, l);
    ir_addi(ctx, IR_I32, r1, r1, 1);
    ir_exit_tb(ctx, 1);
    opt_branch(ctx);
    expect_ir("brcond_i32 t0, $0x0, eq, L0\nexit_tb_i64 $0\n ---- 0x1004 0\n"
              "set_label_i32 L0\nadd_i32 r1, r1, $0x1\nexit_tb_i64 $0x1\n");
}

Test(opt_branch, unused_label_is_removed_used_label_kept)
{
    int l0 = ir_new_label(ctx), l1 = ir_new_label(ctx);
    ir_set_label(ctx, l0);
    ir_addi(ctx, IR_I32, r0, r0, 1);
    ir_set_label(ctx, l1);
    ir_brcondi(ctx, IR_I32, r0, 0, IR_COND_NE, l1);
    ir_exit_tb(ctx, 0);
    opt_branch(ctx);
    expect_ir("add_i32 r0, r0, $0x1\nset_label_i32 L1\nbrcond_i32 r0, $0x0, ne, L1\n"
              "exit_tb_i64 $0\n");
}

Test(opt_branch, removing_dead_branch_frees_its_label)
{
    int l = ir_new_label(ctx);
    ir_exit_tb(ctx, 0);
    ir_br(ctx, l);
    ir_set_label(ctx, l);
    ir_exit_tb(ctx, 1);
    opt_branch(ctx);
    /* The label went, so the second exit became unreachable too. */
    expect_ir("exit_tb_i64 $0\n");
}

/* -- opt_run: the whole pipeline -- */

Test(opt_run, arm_adds_flags_mostly_disappear)
{
    /* adds r0, r1, #0 ; mov r0, #5 — the flags of the first are overwritten. */
    ir_insn_start(ctx, 0x1000, 0);
    ir_addi(ctx, IR_I32, t[0], r1, 0);
    ir_mov(ctx, IR_I32, r2, t[0]);
    ir_setcond(ctx, IR_I32, r3, t[0], r1, IR_COND_LTU);
    ir_mov(ctx, IR_I32, r0, t[0]);
    ir_insn_start(ctx, 0x1004, 0);
    ir_movi(ctx, IR_I32, r0, 5);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    expect_ir(" ---- 0x1000 0\nmov_i32 r2, r1\nmov_i32 r3, $0x0\n"
              " ---- 0x1004 0\nmov_i32 r0, $0x5\nexit_tb_i64 $0\n");
}

Test(opt_run, decided_branch_folds_away_the_other_path)
{
    int l = ir_new_label(ctx);
    ir_movi(ctx, IR_I32, t[0], 0);
    ir_brcondi(ctx, IR_I32, t[0], 0, IR_COND_EQ, l);
    ir_movi(ctx, IR_I32, r0, 1);
    ir_exit_tb(ctx, 0);
    ir_set_label(ctx, l);
    ir_movi(ctx, IR_I32, r0, 2);
    ir_exit_tb(ctx, 1);
    opt_run(ctx);
    expect_ir("mov_i32 r0, $0x2\nexit_tb_i64 $0x1\n");
}

Test(opt_run, xor_of_copies_becomes_zero)
{
    ir_mov(ctx, IR_I32, t[0], r1);
    ir_mov(ctx, IR_I32, t[1], r1);
    ir_xor(ctx, IR_I32, r0, t[0], t[1]);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    expect_ir("mov_i32 r0, $0x0\nexit_tb_i64 $0\n");
}

Test(opt_run, long_block_stays_correct)
{
    /* 4000 dependent adds: checks linear passes do not lose the chain. */
    ir_mov(ctx, IR_I32, t[0], r0);
    for (int i = 0; i < 4000; i++)
        ir_addi(ctx, IR_I32, t[0], t[0], 1);
    ir_mov(ctx, IR_I32, r0, t[0]);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    char *s = ir_dump_text(ctx);
    cr_assert(strstr(s, "add_i32 t0, r0, $0x1\n") != NULL, "%.200s", s);
    cr_assert(strstr(s, "mov_i32 r0, t0\nexit_tb_i64 $0\n") != NULL);
    free(s);
}
