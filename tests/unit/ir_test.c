/*
 * Unit tests of the IR builder (tcg/ir.c): op arity and flags generated from
 * tcg/ops.def, constant interning, labels, ir_reset keeping globals, the
 * condition helpers and the exact ir_dump text that the optimizer tests
 * compare against.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "xrun/ir.h"
#include "tests/unit/ir_expect.h"

static IRContext *ctx;
static IRTemp r0, r1, d0;

static void setup(void)
{
    ctx = malloc(sizeof(*ctx));
    ir_context_init(ctx, 7);
    r0 = ir_global(ctx, IR_I32, 16, "r0");
    r1 = ir_global(ctx, IR_I32, 20, "r1");
    d0 = ir_global(ctx, IR_I64, 24, "d0");
    ir_reset(ctx);
}

static void teardown(void)
{
    ir_context_free(ctx);
    free(ctx);
}

TestSuite(ir, .init = setup, .fini = teardown);

#define expect_ir(want) expect_ir_of(ctx, want)

/* -- Op table -- */

Test(ir, op_arity_comes_from_ops_def)
{
    const IROpDef *add = &ir_op_defs[IR_OP_add];
    cr_assert_str_eq(add->name, "add");
    cr_assert_eq(add->nb_oargs, 1);
    cr_assert_eq(add->nb_iargs, 2);
    cr_assert_eq(add->nb_cargs, 0);
    const IROpDef *brc = &ir_op_defs[IR_OP_brcond];
    cr_assert_eq(brc->nb_oargs + brc->nb_iargs * 10 + brc->nb_cargs * 100, 220);
    const IROpDef *mv = &ir_op_defs[IR_OP_movcond];
    cr_assert_eq(mv->nb_oargs + mv->nb_iargs * 10 + mv->nb_cargs * 100, 141);
    const IROpDef *a2 = &ir_op_defs[IR_OP_add2];
    cr_assert_eq(a2->nb_oargs + a2->nb_iargs * 10 + a2->nb_cargs * 100, 42);
    const IROpDef *dep = &ir_op_defs[IR_OP_deposit];
    cr_assert_eq(dep->nb_oargs + dep->nb_iargs * 10 + dep->nb_cargs * 100, 221);
}

Test(ir, every_op_fits_in_an_iROp)
{
    for (int i = 0; i < IR_OP_COUNT; i++) {
        const IROpDef *d = &ir_op_defs[i];
        cr_assert_not_null(d->name, "op %d has no name", i);
        cr_assert_leq(d->nb_oargs + d->nb_iargs + d->nb_cargs, IR_MAX_ARGS, "%s", d->name);
    }
}

Test(ir, op_flags_come_from_ops_def)
{
    cr_assert(ir_op_defs[IR_OP_add].flags & IR_F_COMM);
    cr_assert_not(ir_op_defs[IR_OP_sub].flags & IR_F_COMM);
    cr_assert(ir_op_defs[IR_OP_br].flags & IR_F_NORETURN);
    cr_assert(ir_op_defs[IR_OP_brcond].flags & IR_F_BB_END);
    cr_assert_not(ir_op_defs[IR_OP_brcond].flags & IR_F_NORETURN);
    cr_assert(ir_op_defs[IR_OP_guest_ld].flags & IR_F_RAISE);
    cr_assert(ir_op_defs[IR_OP_call].flags & IR_F_CALL);
    cr_assert_eq(ir_op_defs[IR_OP_mov].flags, 0);
}

Test(ir, emit_copies_arity_into_the_op)
{
    IROp *op = ir_emit(ctx, IR_OP_setcond, IR_I32);
    cr_assert_eq(op->nb_oargs, 1);
    cr_assert_eq(op->nb_iargs, 2);
    cr_assert_eq(op->nb_cargs, 1);
    cr_assert_eq(ctx->nb_ops, 1);
    cr_assert_eq(ir_op_cargs(op), &op->args[3]);
}

Test(ir, call_arity_comes_from_its_arguments)
{
    IRTemp ret = ir_new_i32(ctx);
    ir_callN(ctx, (void *)0x1000, IR_CALL_NO_READ_GLOBALS, ret, r0, r1);
    IROp *op = &ctx->ops[0];
    cr_assert_eq(op->nb_oargs, 1);
    cr_assert_eq(op->nb_iargs, 2);
    cr_assert_eq(op->nb_cargs, 3);
    cr_assert_eq(op->type, IR_I32);
    cr_assert_eq(ir_op_cargs(op)[0], 0x1000);
    cr_assert_eq(ir_op_cargs(op)[1], IR_CALL_NO_READ_GLOBALS);
    cr_assert_eq(ir_op_cargs(op)[2], 2 | 1 << 8);
}

/* -- Temps and constants -- */

Test(ir, constants_are_interned)
{
    IRTemp a = ir_const_i32(ctx, 4), b = ir_const_i32(ctx, 4);
    cr_assert_eq(a, b);
    cr_assert(ir_is_const(ctx, a));
    cr_assert_neq(ir_const_i32(ctx, 5), a);
}

Test(ir, constants_of_different_types_are_distinct)
{
    cr_assert_neq(ir_const_i32(ctx, 4), ir_const_i64(ctx, 4));
    cr_assert_eq(ir_temp(ctx, ir_const_i64(ctx, 4))->type, IR_I64);
}

Test(ir, i32_constants_are_kept_sign_extended)
{
    IRTemp a = ir_const(ctx, IR_I32, 0xffffffffll);
    cr_assert_eq(a, ir_const_i32(ctx, -1));
    cr_assert_eq(ir_temp(ctx, a)->val, -1);
    cr_assert_neq(a, ir_const_i64(ctx, 0xffffffffll));
}

Test(ir, many_constants_stay_distinct)
{
    /* Interned while the 512-slot table has room; always the right value. */
    for (int i = 0; i < 1000; i++) {
        IRTemp c = ir_const_i32(ctx, i * 7919);
        cr_assert_eq(ir_temp(ctx, c)->val, i * 7919);
        cr_assert_eq(ir_temp(ctx, c)->kind, IR_TEMP_CONST);
        if (i < 400)
            cr_assert_eq(ir_const_i32(ctx, i * 7919), c);
    }
    cr_assert_not(ctx->overflow);
}

Test(ir, temps_have_their_kind)
{
    cr_assert_eq(ir_temp(ctx, ir_new_i32(ctx))->kind, IR_TEMP_BB);
    cr_assert_eq(ir_temp(ctx, ir_new_tb(ctx, IR_I64))->kind, IR_TEMP_TB);
    cr_assert_eq(ir_temp(ctx, r0)->kind, IR_TEMP_GLOBAL);
    cr_assert_eq(ir_temp(ctx, IR_ENV)->kind, IR_TEMP_FIXED);
    cr_assert_eq(ir_temp(ctx, d0)->type, IR_I64);
}

Test(ir, too_many_temps_sets_overflow)
{
    for (int i = 0; i < IR_MAX_TEMPS + 10; i++)
        ir_new_i32(ctx);
    cr_assert(ctx->overflow);
    cr_assert_leq(ctx->nb_temps, IR_MAX_TEMPS);
}

/* -- Labels and reset -- */

Test(ir, labels_are_numbered_from_zero)
{
    cr_assert_eq(ir_new_label(ctx), 0);
    cr_assert_eq(ir_new_label(ctx), 1);
    ir_reset(ctx);
    cr_assert_eq(ir_new_label(ctx), 0);
}

Test(ir, reset_keeps_globals_and_drops_the_block)
{
    uint32_t nb_globals = ctx->nb_globals;
    cr_assert_eq(nb_globals, 4);
    IRTemp t = ir_new_i32(ctx);
    ir_addi(ctx, IR_I32, t, r0, 1);
    IRTemp c = ir_const_i32(ctx, 77);
    ir_reset(ctx);
    cr_assert_eq(ctx->nb_ops, 0);
    cr_assert_eq(ctx->nb_temps, nb_globals);
    cr_assert_eq(ctx->nb_globals, nb_globals);
    cr_assert_str_eq(ir_temp(ctx, r1)->name, "r1");
    cr_assert_eq(ir_temp(ctx, r1)->kind, IR_TEMP_GLOBAL);
    cr_assert_eq(ir_temp(ctx, r1)->mem_offset, 20);
    /* The old constant's slot is free again: interning starts afresh. */
    IRTemp c2 = ir_const_i32(ctx, 78);
    cr_assert_eq(ir_temp(ctx, c2)->val, 78);
    cr_assert(c2 <= c);
}

/* -- Builder shortcuts -- */

Test(ir, mov_to_itself_emits_nothing)
{
    ir_mov(ctx, IR_I32, r0, r0);
    cr_assert_eq(ctx->nb_ops, 0);
}

Test(ir, brcond_always_and_never_become_br_and_nothing)
{
    int l = ir_new_label(ctx);
    ir_brcond(ctx, IR_I32, r0, r1, IR_COND_ALWAYS, l);
    ir_brcond(ctx, IR_I32, r0, r1, IR_COND_NEVER, l);
    expect_ir("br_i32 L0\n");
}

/* -- Conditions -- */

Test(ir, cond_eval_respects_width_and_sign)
{
    cr_assert(ir_cond_eval(IR_COND_LT, IR_I32, (uint64_t)-1, 0));
    cr_assert_not(ir_cond_eval(IR_COND_LTU, IR_I32, (uint64_t)-1, 0));
    cr_assert(ir_cond_eval(IR_COND_EQ, IR_I32, 0xffffffffull, (uint64_t)-1));
    cr_assert_not(ir_cond_eval(IR_COND_EQ, IR_I64, 0xffffffffull, (uint64_t)-1));
    cr_assert(ir_cond_eval(IR_COND_GTU, IR_I64, (uint64_t)-1, 1));
    cr_assert(ir_cond_eval(IR_COND_ALWAYS, IR_I64, 1, 2));
    cr_assert_not(ir_cond_eval(IR_COND_NEVER, IR_I64, 1, 1));
}

Test(ir, cond_swap_and_invert)
{
    cr_assert_eq(ir_cond_swap(IR_COND_LT), IR_COND_GT);
    cr_assert_eq(ir_cond_swap(IR_COND_LEU), IR_COND_GEU);
    cr_assert_eq(ir_cond_swap(IR_COND_EQ), IR_COND_EQ);
    cr_assert_eq(ir_cond_invert(IR_COND_LT), IR_COND_GE);
    cr_assert_eq(ir_cond_invert(IR_COND_GTU), IR_COND_LEU);
    for (IRCond c = IR_COND_NEVER; c <= IR_COND_GTU; c++)
        for (int a = -2; a <= 2; a++)
            for (int b = -2; b <= 2; b++) {
                bool v = ir_cond_eval(c, IR_I32, (uint64_t)a, (uint64_t)b);
                cr_assert_eq(ir_cond_eval(ir_cond_swap(c), IR_I32, (uint64_t)b, (uint64_t)a), v);
                cr_assert_eq(ir_cond_eval(ir_cond_invert(c), IR_I32, (uint64_t)a, (uint64_t)b), !v);
            }
}

/* -- Dump format -- */

Test(ir, dump_names_globals_temps_and_consts)
{
    IRTemp t = ir_new_i32(ctx), tb = ir_new_tb(ctx, IR_I64);
    ir_addi(ctx, IR_I32, t, r0, 4);
    ir_binopi(ctx, IR_OP_sub, IR_I64, tb, d0, -1);
    ir_movi(ctx, IR_I32, r1, -2);
    expect_ir("add_i32 t0, r0, $0x4\n"
              "sub_i64 tb1, d0, $0xffffffffffffffff\n"
              "mov_i32 r1, $0xfffffffe\n");
}

Test(ir, dump_shows_conds_labels_and_cargs)
{
    IRTemp t = ir_new_i32(ctx);
    int l = ir_new_label(ctx);
    ir_insn_start(ctx, 0x8000, 1);
    ir_setcond(ctx, IR_I32, t, r0, r1, IR_COND_GEU);
    ir_brcondi(ctx, IR_I32, t, 0, IR_COND_NE, l);
    ir_ld(ctx, IR_I32, t, IR_ENV, 8, MO_UL);
    ir_extract(ctx, IR_I32, t, r0, 4, 8);
    ir_set_label(ctx, l);
    ir_goto_tb(ctx, 1);
    ir_exit_tb(ctx, 0);
    expect_ir(" ---- 0x8000 0x1\n"
              "setcond_i32 t0, r0, r1, geu\n"
              "brcond_i32 t0, $0x0, ne, L0\n"
              "ld_i32 t0, env, $0x8, $0x2\n"
              "extract_i32 t0, r0, $0x4, $0x8\n"
              "set_label_i32 L0\n"
              "goto_tb_i64 $0x1\n"
              "exit_tb_i64 $0\n");
}

Test(ir, dump_shows_calls_and_skips_nops)
{
    IRTemp t = ir_new_i32(ctx);
    ir_callN(ctx, (void *)0x1000, IR_CALL_NO_WRITE_GLOBALS, t, r0);
    IROp *op = ir_emit(ctx, IR_OP_nop, IR_I32);
    cr_assert_eq(op->nb_oargs + op->nb_iargs + op->nb_cargs, 0);
    ir_call0(ctx, (void *)0x2000, 0, IR_NO_TEMP);
    expect_ir("call_i32 t0, r0, $0x1000, $0x2, $0x101\n"
              "call_i64 $0x2000, $0, $0\n");
}

Test(ir, temp_name_of_env_and_globals)
{
    char buf[32];
    cr_assert_str_eq(ir_temp_name(ctx, IR_ENV, buf, sizeof(buf)), "env");
    cr_assert_str_eq(ir_temp_name(ctx, d0, buf, sizeof(buf)), "d0");
    IRTemp minus1 = ir_const_i64(ctx, -1);
    cr_assert_str_eq(ir_temp_name(ctx, minus1, buf, sizeof(buf)), "$0xffffffffffffffff");
}
