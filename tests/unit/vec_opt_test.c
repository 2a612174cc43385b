/*
 * Vector temps in the passes before register allocation, as "IR in -> IR
 * out": the expansion pass (tcg/vec_expand.c) on hosts with and without
 * the needed instructions, copy propagation, DCE, constant propagation into
 * dup_vec, and liveness.
 *
 * The context: V128 globals q0..q3 at 16-byte aligned offsets, an i64
 * global x0 and an i32 global w0, then v128 block temps t0..t3.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/x86_64/target.h"
#include "xrun/backend.h"
#include "xrun/codegen.h"
#include "xrun/ir.h"
#include "tests/unit/ir_expect.h"

static IRContext *ctx;
static IRTemp q[4], x0, w0, t[4];
static X64Features saved_features;
static CodegenMemModel saved_model;

static void setup(void)
{
    x64_probe_features();
    saved_features = x64_features;
    saved_model = codegen_mem_model;
    ctx = malloc(sizeof(*ctx));
    ir_context_init(ctx, 5);
    static const char *names[] = {"q0", "q1", "q2", "q3"};
    for (int i = 0; i < 4; i++)
        q[i] = ir_global(ctx, IR_V128, 16 * (i + 1), names[i]);
    x0 = ir_global(ctx, IR_I64, 80, "x0");
    w0 = ir_global(ctx, IR_I32, 88, "w0");
    for (int i = 0; i < 4; i++)
        t[i] = ir_new(ctx, IR_V128);
}

static void teardown(void)
{
    x64_features = saved_features;
    codegen_mem_model = saved_model;
    ir_context_free(ctx);
    free(ctx);
}

TestSuite(vec_expand, .init = setup, .fini = teardown);
TestSuite(vec_opt, .init = setup, .fini = teardown);

static void sse2_only(void)
{
    x64_features.ssse3 = x64_features.sse41 = x64_features.sse42 = false;
    x64_features.avx = x64_features.avx2 = false;
}

#define expect_ir(want) expect_ir_of(ctx, want)

/* Every vector op left is one the backend emits. */
static void expect_all_supported(void)
{
    for (uint32_t i = 0; i < ctx->nb_ops; i++) {
        const IROp *op = &ctx->ops[i];
        if (!ir_op_is_vec(op->opc))
            continue;
        cr_assert(op->opc != IR_OP_cmp_vec || op->args[4] == IR_COND_EQ || op->args[4] == IR_COND_GT,
                  "cmp_vec with cond %d left", (int)op->args[4]);
        unsigned vece = op->opc == IR_OP_extract_vec || op->opc == IR_OP_insert_vec
                            ? (unsigned)op->args[op->nb_oargs + op->nb_iargs + 1]
                        : op->nb_cargs ? (unsigned)op->args[op->nb_oargs + op->nb_iargs]
                                       : MO_8;
        if (op->opc == IR_OP_shli_vec || op->opc == IR_OP_shri_vec || op->opc == IR_OP_sari_vec ||
            op->opc == IR_OP_dup_vec || op->opc == IR_OP_neg_vec || op->opc == IR_OP_abs_vec)
            vece = (unsigned)op->args[op->nb_oargs + op->nb_iargs];
        cr_assert(backend_vec_supported(op->opc, vece), "%s e%u left unexpanded",
                  ir_op_defs[op->opc].name, 8u << vece);
    }
}

/* -- Expansion -- */

Test(vec_expand, supported_ops_are_left_alone)
{
    ir_vec_binop(ctx, IR_OP_add_vec, IR_V128, MO_8, q[0], q[1], q[2]);
    ir_cmp_vec(ctx, IR_V128, MO_16, q[1], q[2], q[3], IR_COND_GT);
    opt_vec_expand(ctx);
    expect_ir("add_vec_v128 q0, q1, q2, $0\n"
              "cmp_vec_v128 q1, q2, q3, $0x1, gt\n");
}

Test(vec_expand, lt_swaps_into_gt)
{
    ir_cmp_vec(ctx, IR_V128, MO_32, q[0], q[1], q[2], IR_COND_LT);
    opt_vec_expand(ctx);
    expect_ir("cmp_vec_v128 t5, q2, q1, $0x2, gt\n"
              "mov_v128 t4, t5\n"
              "mov_v128 q0, t4\n");
}

Test(vec_expand, ne_is_not_eq)
{
    ir_cmp_vec(ctx, IR_V64, MO_8, q[0], q[1], q[2], IR_COND_NE);
    opt_vec_expand(ctx);
    expect_ir("cmp_vec_v64 t6, q1, q2, $0, eq\n"
              "mov_v64 t5, t6\n"
              "not_vec_v64 t4, t5\n"
              "mov_v64 q0, t4\n");
}

/* Without pmaxud: flip the sign bits and compare signed. */
Test(vec_expand, gtu_without_umax_biases_sign)
{
    sse2_only();
    ir_cmp_vec(ctx, IR_V128, MO_32, q[0], q[1], q[2], IR_COND_GTU);
    opt_vec_expand(ctx);
    expect_ir("dup_vec_v128 t5, $0x80000000, $0x2\n"
              "xor_vec_v128 t7, q1, t5\n"
              "xor_vec_v128 t8, q2, t5\n"
              "cmp_vec_v128 t9, t7, t8, $0x2, gt\n"
              "mov_v128 t4, t9\n"
              "mov_v128 q0, t4\n");
}

/* With pmaxub: a >= b is max(a, b) == a. */
Test(vec_expand, geu_with_umax)
{
    ir_cmp_vec(ctx, IR_V128, MO_8, q[0], q[1], q[2], IR_COND_GEU);
    opt_vec_expand(ctx);
    expect_ir("umax_vec_v128 t5, q1, q2, $0\n"
              "cmp_vec_v128 t6, t5, q1, $0, eq\n"
              "mov_v128 t4, t6\n"
              "mov_v128 q0, t4\n");
}

/* No 8-bit shifts on x86: a 16-bit shift and a mask. */
Test(vec_expand, shl8_is_shl16_and_mask)
{
    ir_shli_vec(ctx, IR_V128, MO_8, q[0], q[0], 3);
    opt_vec_expand(ctx);
    expect_ir("shli_vec_v128 t5, q0, $0x1, $0x3\n"
              "dup_vec_v128 t6, $0xf8, $0\n"
              "and_vec_v128 t4, t5, t6\n"
              "mov_v128 q0, t4\n");
}

/* 64-bit multiply has no SSE form: element by element. */
Test(vec_expand, mul64_goes_element_by_element)
{
    ir_vec_binop(ctx, IR_OP_mul_vec, IR_V128, MO_64, q[0], q[1], q[2]);
    opt_vec_expand(ctx);
    expect_ir("dup_vec_v128 t4, $0x0, $0x3\n"
              "extract_vec_i64 t6, q1, $0, $0x3\n"
              "extract_vec_i64 t7, q2, $0, $0x3\n"
              "mul_i64 t8, t6, t7\n"
              "insert_vec_v128 t4, t4, t8, $0, $0x3\n"
              "extract_vec_i64 t9, q1, $0x1, $0x3\n"
              "extract_vec_i64 t10, q2, $0x1, $0x3\n"
              "mul_i64 t11, t9, t10\n"
              "insert_vec_v128 t4, t4, t11, $0x1, $0x3\n"
              "mov_v128 q0, t4\n");
}

/* Whatever the host level, nothing unsupported survives. */
Test(vec_expand, every_op_ends_supported_on_sse2)
{
    sse2_only();
    static const IROpcode bin[] = {IR_OP_add_vec, IR_OP_sub_vec, IR_OP_mul_vec, IR_OP_smin_vec,
                                   IR_OP_smax_vec, IR_OP_umin_vec, IR_OP_umax_vec};
    for (unsigned vece = MO_8; vece <= MO_64; vece++) {
        for (size_t i = 0; i < sizeof(bin) / sizeof(bin[0]); i++)
            ir_vec_binop(ctx, bin[i], IR_V128, vece, q[0], q[1], q[2]);
        ir_vec_unop(ctx, IR_OP_abs_vec, IR_V128, vece, q[0], q[1]);
        ir_vec_shifti(ctx, IR_OP_sari_vec, IR_V128, vece, q[0], q[1], 1);
        ir_vec_shifts(ctx, IR_OP_sars_vec, IR_V128, vece, q[0], q[1], w0);
        ir_vec_shifts(ctx, IR_OP_shls_vec, IR_V128, vece, q[0], q[1], x0);
        for (IRCond c = IR_COND_EQ; c <= IR_COND_GTU; c++)
            ir_cmp_vec(ctx, IR_V64, vece, q[0], q[1], q[2], c);
    }
    opt_vec_expand(ctx);
    cr_assert(!ctx->overflow);
    expect_all_supported();
}

/* The softmmu has no vector access: two 64-bit guest loads. */
Test(vec_expand, guest_vector_load_under_softmmu)
{
    codegen_mem_model.softmmu = true;
    ir_guest_ld_vec(ctx, IR_V128, q[0], x0, MO_ALIGN, 1);
    ir_guest_st_vec(ctx, IR_V64, q[1], x0, 0, 1);
    opt_vec_expand(ctx);
    expect_ir("guest_ld_i64 t5, x0, $0x13, $0x1\n"
              "dup_vec_v128 t4, t5, $0x3\n"
              "add_i64 t6, x0, $0x8\n"
              "guest_ld_i64 t8, t6, $0x13, $0x1\n"
              "insert_vec_v128 t4, t4, t8, $0x1, $0x3\n"
              "mov_v128 q0, t4\n"
              "extract_vec_i64 t10, q1, $0, $0x3\n"
              "guest_st_i64 t10, x0, $0x3, $0x1\n");
}

/* -- Optimizer and liveness -- */

Test(vec_opt, copy_of_vector_is_propagated_and_dropped)
{
    ir_mov(ctx, IR_V128, t[0], q[0]);
    ir_add_vec(ctx, IR_V128, MO_32, q[1], t[0], q[2]);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    expect_ir("add_vec_v128 q1, q0, q2, $0x2\n"
              "exit_tb_i64 $0\n");
}

Test(vec_opt, dead_vector_ops_are_removed_stores_kept)
{
    ir_xor_vec(ctx, IR_V128, t[0], q[0], q[1]);             /* never read */
    ir_sub_vec(ctx, IR_V128, MO_8, q[2], q[2], q[2]);       /* overwritten */
    ir_ld_vec(ctx, IR_V128, q[2], IR_ENV, 256);
    ir_st_vec(ctx, IR_V64, q[2], IR_ENV, 512);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    expect_ir("ld_vec_v128 q2, env, $0x100\n"
              "st_vec_v64 q2, env, $0x200\n"
              "exit_tb_i64 $0\n");
}

/* A known constant reaches dup_vec, whose backend then needs no register. */
Test(vec_opt, constant_propagates_into_dup)
{
    IRTemp k = ir_new_i32(ctx);
    ir_movi(ctx, IR_I32, k, 7);
    ir_dup_vec(ctx, IR_V128, MO_16, q[0], k);
    ir_exit_tb(ctx, 0);
    opt_run(ctx);
    expect_ir("dup_vec_v128 q0, $0x7, $0x1\n"
              "exit_tb_i64 $0\n");
}

Test(vec_opt, liveness_marks_last_vector_read)
{
    ir_vec_binop(ctx, IR_OP_add_vec, IR_V128, MO_32, t[0], q[0], q[1]);
    ir_vec_binop(ctx, IR_OP_add_vec, IR_V128, MO_32, t[1], t[0], q[1]);
    ir_mov(ctx, IR_V128, q[2], t[1]);
    ir_exit_tb(ctx, 0);
    ir_liveness(ctx);
    cr_assert_eq(ctx->ops[0].life & (IR_LIFE_DEAD(0) | IR_LIFE_DEAD(1)), 0, "globals stay live");
    cr_assert(ctx->ops[1].life & IR_LIFE_DEAD(0), "t0 dies at its only read");
    cr_assert(ctx->ops[2].life & IR_LIFE_DEAD(0), "t1 dies at the mov");
}
