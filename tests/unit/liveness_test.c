/*
 * Tests of the liveness pass (tcg/liveness.c): IR in, IROp.life bits out.
 * IR_LIFE_DEAD(i): input i is not read again; IR_LIFE_DEAD_OUT(i): output i
 * is never read. Globals are live at block ends, calls that read globals,
 * ops that may raise and goto_tb.
 */
#include <criterion/criterion.h>

#include "xrun/backend.h"
#include "xrun/codegen.h"
#include "xrun/ir.h"

static IRContext *ir;
static IRTemp r0, r1;

static void setup(void)
{
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, 5);
    r0 = ir_global(ir, IR_I32, 0, "r0");
    r1 = ir_global(ir, IR_I32, 4, "r1");
    ir_reset(ir);
}

TestSuite(liveness, .init = setup);

Test(liveness, temp_dies_at_its_last_read)
{
    IRTemp t = ir_new_i32(ir);
    ir_add(ir, IR_I32, t, r0, r1); /* op 0 */
    ir_add(ir, IR_I32, r1, t, r1); /* op 1: t read again below */
    ir_mov(ir, IR_I32, r0, t);     /* op 2: t dies */
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert_eq(ir->ops[0].life, IR_LIFE_DEAD(0), "r0 is overwritten before any read, r1 is read");
    cr_assert_eq(ir->ops[1].life & IR_LIFE_DEAD(0), 0);
    cr_assert(ir->ops[1].life & IR_LIFE_DEAD(1), "old r1 is overwritten by this op");
    cr_assert(ir->ops[2].life & IR_LIFE_DEAD(0));
}

Test(liveness, global_overwritten_before_block_end_is_dead)
{
    IRTemp t = ir_new_i32(ir);
    ir_addi(ir, IR_I32, t, r0, 1); /* op 0: r0 is overwritten below */
    ir_mov(ir, IR_I32, r0, t);
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert(ir->ops[0].life & IR_LIFE_DEAD(0));
}

Test(liveness, globals_live_at_raising_ops_and_calls)
{
    IRTemp t = ir_new_i32(ir), a = ir_new_i32(ir);
    ir_addi(ir, IR_I32, t, r0, 1); /* op 0 */
    ir_movi(ir, IR_I32, a, 0x100);
    ir_guest_ld(ir, IR_I32, r1, a, MO_UL, 0); /* op 2: may raise */
    ir_mov(ir, IR_I32, r0, t);
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert_eq(ir->ops[0].life & IR_LIFE_DEAD(0), 0, "r0 must be in memory at the load");

    ir_reset(ir);
    t = ir_new_i32(ir);
    ir_addi(ir, IR_I32, t, r0, 1);
    ir_call0(ir, setup, IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP); /* reads globals */
    ir_mov(ir, IR_I32, r0, t);
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert_eq(ir->ops[0].life & IR_LIFE_DEAD(0), 0, "the helper reads r0");
}

Test(liveness, unused_output_is_dead)
{
    IRTemp lo = ir_new_i32(ir), hi = ir_new_i32(ir);
    ir_mulu2(ir, IR_I32, lo, hi, r0, r1);
    ir_mov(ir, IR_I32, r0, lo);
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert_eq(ir->ops[0].life & IR_LIFE_DEAD_OUT(0), 0);
    cr_assert(ir->ops[0].life & IR_LIFE_DEAD_OUT(1));
}

Test(liveness, block_temps_die_at_a_branch_tb_temps_do_not)
{
    IRTemp bb = ir_new_i32(ir), tb = ir_new_tb(ir, IR_I32);
    int l = ir_new_label(ir);
    ir_addi(ir, IR_I32, bb, r0, 1); /* op 0 */
    ir_addi(ir, IR_I32, tb, r0, 2); /* op 1 */
    ir_brcondi(ir, IR_I32, r1, 0, IR_COND_EQ, l);
    ir_set_label(ir, l);
    ir_mov(ir, IR_I32, r0, tb);
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert(ir->ops[0].life & IR_LIFE_DEAD_OUT(0), "bb is never read");
    cr_assert_eq(ir->ops[1].life & IR_LIFE_DEAD_OUT(0), 0, "tb is read after the label");
}

Test(liveness, sync_bit_on_last_read_before_the_block_end)
{
    IRTemp t = ir_new_i32(ir), u = ir_new_i32(ir);
    ir_addi(ir, IR_I32, t, r0, 1); /* op 0: r0 read again by op 1 */
    ir_addi(ir, IR_I32, u, r0, 2); /* op 1: last read of r0 before the exit */
    ir_add(ir, IR_I32, r1, t, u);  /* op 2: r1 written, not read */
    ir_exit_tb(ir, 0);
    ir_liveness(ir);
    cr_assert_eq(ir->ops[0].life & IR_LIFE_SYNC(0), 0);
    cr_assert(ir->ops[1].life & IR_LIFE_SYNC(0));
    cr_assert_eq(ir->ops[2].life & (IR_LIFE_SYNC(0) | IR_LIFE_SYNC(1)), 0,
                 "t and u are not globals");
}
