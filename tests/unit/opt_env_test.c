/*
 * The passes over env slots as "IR in -> IR out". opt_env_forward: env
 * loads that read what an earlier store or vector load of the block left
 * become movs, element extracts or clrhi_vec of the temp holding it;
 * calls, block ends, overlapping stores, writes of the holding temp and
 * the fields of globals stop it, and stores are never touched.
 * opt_env_dse: an env store overwritten whole later in its block, with
 * nothing between that may read it, becomes a nop; loads of its bytes,
 * calls, ops that may raise, block ends and the fields of globals keep it.
 *
 * The context: an i64 global x0 backed by env offset 8, then block temps;
 * the "V register" slots are at 0x100 and 0x110.
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

TestSuite(opt_env_forward, .init = setup, .fini = teardown);
TestSuite(opt_env_dse, .init = setup, .fini = teardown);

#define expect_ir(want) expect_ir_of(ctx, want)

static IRTemp vtemp(void)
{
    return ir_new(ctx, IR_V128);
}

static void helper(void) {}

/* A 64-bit vector write (8 bytes, then 8 zero bytes) read back whole. */
Test(opt_env_forward, v64_write_then_v128_read_is_clrhi)
{
    IRTemp a = vtemp(), b = vtemp();
    ir_st_vec(ctx, IR_V64, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, ir_const_i64(ctx, 0), IR_ENV, 0x108, MO_64);
    ir_ld_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    ir_st_vec(ctx, IR_V128, b, IR_ENV, 0x110);
    opt_env_forward(ctx);
    expect_ir("st_vec_v64 t0, env, $0x100\n"
              "st_i64 $0x0, env, $0x108, $0x3\n"
              "clrhi_vec_v128 t1, t0\n"
              "st_vec_v128 t1, env, $0x110\n");
}

/* A nonzero high half is not known to be zero: the load stays. */
Test(opt_env_forward, v64_write_with_other_high_half_is_loaded)
{
    IRTemp a = vtemp(), b = vtemp();
    ir_st_vec(ctx, IR_V64, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, ir_const_i64(ctx, 5), IR_ENV, 0x108, MO_64);
    ir_ld_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    opt_env_forward(ctx);
    expect_ir("st_vec_v64 t0, env, $0x100\n"
              "st_i64 $0x5, env, $0x108, $0x3\n"
              "ld_vec_v128 t1, env, $0x100\n");
}

/* Loads after loads reuse the first; a V64 load of a V128 slot too. */
Test(opt_env_forward, loads_reuse_a_vector_load)
{
    IRTemp a = vtemp(), b = vtemp(), c = vtemp();
    ir_ld_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    ir_ld_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    ir_ld_vec(ctx, IR_V64, c, IR_ENV, 0x100);
    opt_env_forward(ctx);
    expect_ir("ld_vec_v128 t0, env, $0x100\n"
              "mov_v128 t1, t0\n"
              "mov_v128 t2, t0\n");
}

/* An element of a stored vector: extract_vec, sign-extended after it for
 * a signed load. */
Test(opt_env_forward, element_load_is_extract)
{
    IRTemp a = vtemp(), e = ir_new(ctx, IR_I64), f = ir_new(ctx, IR_I64);
    ir_st_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    ir_ld(ctx, IR_I64, e, IR_ENV, 0x10c, MO_32);
    ir_ld(ctx, IR_I64, f, IR_ENV, 0x10c, MO_32 | MO_SIGN);
    opt_env_forward(ctx);
    expect_ir("st_vec_v128 t0, env, $0x100\n"
              "extract_vec_i64 t1, t0, $0x3, $0x2\n"
              "extract_vec_i64 t3, t0, $0x3, $0x2\n"
              "ext32s_i64 t2, t3\n");
}

/* A scalar store forwards to loads of its low bytes, extended as they
 * say; bytes above its start are loaded. */
Test(opt_env_forward, scalar_store_to_load)
{
    IRTemp v = ir_new(ctx, IR_I64), w = ir_new(ctx, IR_I64), n = ir_new(ctx, IR_I32);
    IRTemp h = ir_new(ctx, IR_I64), k = ir_new(ctx, IR_I64);
    ir_st(ctx, IR_I64, v, IR_ENV, 0x120, MO_64);
    ir_ld(ctx, IR_I64, w, IR_ENV, 0x120, MO_64);
    ir_ld(ctx, IR_I32, n, IR_ENV, 0x120, MO_32);
    ir_ld(ctx, IR_I64, h, IR_ENV, 0x120, MO_16 | MO_SIGN);
    ir_ld(ctx, IR_I64, k, IR_ENV, 0x124, MO_32);
    opt_env_forward(ctx);
    expect_ir("st_i64 t0, env, $0x120, $0x3\n"
              "mov_i64 t1, t0\n"
              "extrl_i32 t5, t0\n"
              "mov_i32 t2, t5\n"
              "ext16s_i64 t3, t0\n"
              "ld_i64 t4, env, $0x124, $0x2\n");
}

/* An S or D register written from a general one (8 bytes, then 8 zero
 * bytes) and read as a vector: the scalar moved in, the high half clear. */
Test(opt_env_forward, scalar_write_then_vector_read)
{
    IRTemp v = ir_new(ctx, IR_I64), a = vtemp();
    ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
    ir_st(ctx, IR_I64, ir_const_i64(ctx, 0), IR_ENV, 0x108, MO_64);
    ir_ld_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    opt_env_forward(ctx);
    expect_ir("st_i64 t0, env, $0x100, $0x3\n"
              "st_i64 $0x0, env, $0x108, $0x3\n"
              "dup_vec_v64 t3, t0, $0x3\n"
              "clrhi_vec_v128 t1, t3\n");
}

/* A store over part of a slot, a call and a label each end forwarding. */
Test(opt_env_forward, stores_calls_and_labels_stop_it)
{
    IRTemp a = vtemp(), b = vtemp(), c = vtemp(), d = vtemp();
    ir_st_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, x0, IR_ENV, 0x104, MO_8);
    ir_ld_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    ir_st_vec(ctx, IR_V128, a, IR_ENV, 0x110);
    ir_call0(ctx, helper, 0, IR_NO_TEMP);
    ir_ld_vec(ctx, IR_V128, c, IR_ENV, 0x110);
    int l = ir_new_label(ctx);
    ir_set_label(ctx, l);
    ir_ld_vec(ctx, IR_V128, d, IR_ENV, 0x110);
    opt_env_forward(ctx);
    char want[512];
    snprintf(want, sizeof(want),
             "st_vec_v128 t0, env, $0x100\n"
             "st_i64 x0, env, $0x104, $0\n"
             "ld_vec_v128 t1, env, $0x100\n"
             "st_vec_v128 t0, env, $0x110\n"
             "call_i64 $%#llx, $0, $0\n"
             "ld_vec_v128 t2, env, $0x110\n"
             "set_label_i32 L0\n"
             "ld_vec_v128 t3, env, $0x110\n",
             (unsigned long long)(uintptr_t)helper);
    expect_ir(want);
}

/* Once the holding temp is written again it no longer holds the slot. */
Test(opt_env_forward, rewritten_temp_is_forgotten)
{
    IRTemp a = vtemp(), b = vtemp(), c = vtemp();
    ir_st_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    ir_xor_vec(ctx, IR_V128, a, a, b);
    ir_ld_vec(ctx, IR_V128, c, IR_ENV, 0x100);
    opt_env_forward(ctx);
    expect_ir("st_vec_v128 t0, env, $0x100\n"
              "xor_vec_v128 t0, t0, t1\n"
              "ld_vec_v128 t2, env, $0x100\n");
}

/* The field of a global is the global's: its loads are left alone. */
Test(opt_env_forward, global_fields_are_left_alone)
{
    IRTemp v = ir_new(ctx, IR_I64), w = ir_new(ctx, IR_I64);
    ir_st(ctx, IR_I64, v, IR_ENV, 8, MO_64);
    ir_ld(ctx, IR_I64, w, IR_ENV, 8, MO_64);
    opt_env_forward(ctx);
    expect_ir("st_i64 t0, env, $0x8, $0x3\n"
              "ld_i64 t1, env, $0x8, $0x3\n");
}

/* A V64 op reads the low half the clrhi_vec came from; a V128 one, and
 * anything after the source is written, read the clrhi_vec. */
Test(opt_env_forward, v64_ops_read_below_clrhi)
{
    IRTemp a = vtemp(), b = vtemp(), c = vtemp(), d = vtemp(), e = vtemp();
    ir_st_vec(ctx, IR_V64, a, IR_ENV, 0x100);
    ir_st(ctx, IR_I64, ir_const_i64(ctx, 0), IR_ENV, 0x108, MO_64);
    ir_ld_vec(ctx, IR_V128, b, IR_ENV, 0x100);
    ir_add_vec(ctx, IR_V64, MO_32, c, b, b);
    ir_add_vec(ctx, IR_V128, MO_32, d, b, b);
    ir_not_vec(ctx, IR_V128, a, a);
    ir_add_vec(ctx, IR_V64, MO_32, e, b, b);
    opt_env_forward(ctx);
    expect_ir("st_vec_v64 t0, env, $0x100\n"
              "st_i64 $0x0, env, $0x108, $0x3\n"
              "clrhi_vec_v128 t1, t0\n"
              "add_vec_v64 t2, t0, t0, $0x2\n"
              "add_vec_v128 t3, t1, t1, $0x2\n"
              "not_vec_v128 t0, t0\n"
              "add_vec_v64 t4, t1, t1, $0x2\n");
}

/* Replacements that would not fit in the op (or temp) arrays leave the
 * block as it was (a scalar read as a vector takes two ops and a temp). */
Test(opt_env_forward, block_without_room_is_unchanged)
{
    IRTemp v = ir_new(ctx, IR_I64), zero = ir_const_i64(ctx, 0), a = vtemp();
    while (ctx->nb_ops + 3 <= IR_MAX_OPS) {
        ir_st(ctx, IR_I64, v, IR_ENV, 0x100, MO_64);
        ir_st(ctx, IR_I64, zero, IR_ENV, 0x108, MO_64);
        ir_ld_vec(ctx, IR_V128, a, IR_ENV, 0x100);
    }
    uint32_t n = ctx->nb_ops;
    cr_assert(!ctx->overflow);
    opt_env_forward(ctx);
    cr_assert(!ctx->overflow);
    cr_assert_eq(ctx->nb_ops, n);
    cr_assert_eq(ctx->ops[n - 1].opc, IR_OP_ld_vec);
}

/* -- opt_env_dse -- */

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
