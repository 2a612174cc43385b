/*
 * opt_env_dse as "IR in -> IR out": an env store overwritten whole later
 * in its block, with nothing between that may read it, becomes a nop;
 * loads of its bytes, calls, ops that may raise, block ends and the
 * fields of globals keep it.
 *
 * The context: an i64 global x0 backed by env offset 8, then block temps.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xrun/codegen.h"
#include "xrun/ir.h"
#include "tests/unit/ir_expect.h"

static IRContext *ctx;
static IRTemp x0;

static void setup(void)
{
    ctx = malloc(sizeof(*ctx));
    ir_context_init(ctx, 5);
    x0 = ir_global(ctx, IR_I64, 8, "x0");
}

static void teardown(void)
{
    ir_context_free(ctx);
    free(ctx);
}

TestSuite(opt_env_dse, .init = setup, .fini = teardown);

#define expect_ir(want) expect_ir_of(ctx, want)

/* A 64-bit vector write (8 bytes, 8 zero bytes) written again. */
Test(opt_env_dse, register_written_twice_keeps_the_last)
{
    IRTemp a = ir_new(ctx, IR_V128), b = ir_new(ctx, IR_V128), zero = ir_const_i64(ctx, 0);
    ir_st_vec(ctx, IR_V64, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, zero, IR_ENV, 0x108, MO_64);
    ir_st_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    opt_env_dse(ctx);
    expect_ir("st_vec_v128 t1, env, $0x100\n"); /* the two before are nops */
}

/* Only whole overwrites count; a load of the bytes between keeps it. */
Test(opt_env_dse, partial_overwrite_and_loads_keep_it)
{
    IRTemp a = ir_new(ctx, IR_V128), v = ir_new(ctx, IR_I64), w = ir_new(ctx, IR_I64);
    ir_st_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x120, MO_64);
    ir_ld(ctx, IR_I64, w, IR_ENV, 0x124, MO_32);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x120, MO_64);
    opt_env_dse(ctx);
    expect_ir("st_vec_v128 t0, env, $0x100\n"
              "st_i64 t1, env, $0x100, $0x3\n"
              "st_i64 t1, env, $0x120, $0x3\n"
              "ld_i64 t2, env, $0x124, $0x2\n"
              "st_i64 t1, env, $0x120, $0x3\n");
}

static void helper(void) {}

/* A call, an op that may raise and a label each keep the stores before. */
Test(opt_env_dse, calls_faults_and_labels_keep_it)
{
    IRTemp v = ir_new(ctx, IR_I64), w = ir_new(ctx, IR_I64);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    ir_call0(ctx, helper, 0, IR_NO_TEMP);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    ir_guest_ld(ctx, IR_I64, w, x0, MO_64, 0);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    int l = ir_new_label(ctx);
    ir_set_label(ctx, l);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    ir_st(ctx, IR_I64, v, IR_ENV, 8, MO_64);
    ir_st(ctx, IR_I64, w, IR_ENV, 8, MO_64);
    opt_env_dse(ctx);
    char want[512];
    snprintf(want, sizeof(want),
             "st_i64 t0, env, $0x100, $0x3\n"
             "call_i64 $%#llx, $0, $0\n"
             "st_i64 t0, env, $0x100, $0x3\n"
             "guest_ld_i64 t1, x0, $0x3, $0\n"
             "st_i64 t0, env, $0x100, $0x3\n"
             "set_label_i32 L0\n"
             "st_i64 t0, env, $0x100, $0x3\n"
             "st_i64 t0, env, $0x8, $0x3\n"
             "st_i64 t1, env, $0x8, $0x3\n",
             (unsigned long long)(uintptr_t)helper);
    expect_ir(want);
}
