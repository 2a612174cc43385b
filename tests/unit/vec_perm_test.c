/*
 * The vector permutes (zip1_vec, zip2_vec, uzp1_vec, uzp2_vec) end to end:
 * IR built by hand, compiled by the x86_64 backend, run on pseudo-random
 * vectors and compared with the C reference (vref_permute). Each op runs
 * for every element size and both vector types, with the destination
 * distinct from, equal to the first or the second input, and both inputs
 * the same, at three host levels (SSE2 only, SSE4.2 without AVX, the
 * host's own). The element-by-element form the expansion pass uses for a
 * host without the op (opt_vec_permute_by_element) is checked the same way.
 *
 * V64 inputs carry random high halves, which the ops must ignore; V64
 * results go through clrhi_vec, so the high half must read zero.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/ir.h"
#include "xrun/util.h"
#include "tests/unit/code_buffer.h"
#include "tests/unit/vec_levels.h"
#include "tests/unit/vec_ref.h"

typedef struct PermEnv {
    uint8_t q[4][16] __attribute__((aligned(16)));
} PermEnv;

static PermEnv env;
static IRContext *ir;
static uint8_t *tb_code;
static size_t tb_room;
static IRTemp gq[4];
static CodegenResult res;
static X64Features host_features;
static uint64_t rng = 0x2545f4914f6cdd1dull;

static void setup(void)
{
    tb_code = test_code_buffer(1u << 20, &tb_room);
    host_features = x64_features;
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static const char *names[] = {"q0", "q1", "q2", "q3"};
    for (int i = 0; i < 4; i++)
        gq[i] = ir_global(ir, IR_V128, (int32_t)offsetof(PermEnv, q[i]), names[i]);
}

static void teardown(void)
{
    x64_features = host_features;
    ir_context_free(ir);
    free(ir);
}

TestSuite(vec_perm, .init = setup, .fini = teardown);

static bool set_level(int level)
{
    return vec_set_level(level, &host_features);
}

/* Where the result goes and which inputs it reads. */
typedef enum { FORM_ABC, FORM_AAB, FORM_BAB, FORM_AAA } Form;
static const char *const form_names[] = {"d, a, b", "a, a, b", "b, a, b", "d, a, a"};

/*
 * Runs d = opc(a, b) with a = q0 and b = q1 (or q0) and the result in q2,
 * q0 or q1 as the form says; by_element builds it with the expansion's
 * element-by-element form instead of the op.
 */
static void check_permute(IROpcode opc, IRType t, unsigned vece, Form form, bool by_element, int level)
{
    for (int i = 0; i < 3; i++)
        for (unsigned k = 0; k < 16; k++)
            env.q[i][k] = (uint8_t)vref_rand(&rng);
    if (form == FORM_AAA)
        memcpy(env.q[1], env.q[0], 16);
    uint8_t want[16] = {0};
    vref_permute(opc, t, vece, env.q[0], env.q[1], want);
    int di = form == FORM_AAB ? 0 : form == FORM_BAB ? 1 : 2;
    ir_reset(ir);
    ir_insn_start(ir, 0x1000, 0);
    IRTemp a = gq[0], b = form == FORM_AAA ? gq[0] : gq[1];
    IRTemp r = t == IR_V64 ? ir_new(ir, IR_V64) : gq[di];
    if (by_element)
        opt_vec_permute_by_element(ir, opc, t, vece, r, a, b);
    else
        ir_vec_binop(ir, opc, t, vece, r, a, b);
    if (t == IR_V64)
        ir_clrhi_vec(ir, gq[di], r);
    cr_assert_eq(test_run_tb(ir, tb_code, tb_room, &res, &env), 0x40);
    for (unsigned i = 0; i < 16u >> vece; i++) {
        uint64_t g = vref_get(env.q[di], vece, i), w = vref_get(want, vece, i);
        cr_assert_eq(g, w, "%s%s %s e%u (%s) [%s] element %u: got %#llx, want %#llx", ir_op_defs[opc].name,
                     by_element ? " by element" : "", ir_type_name(t), 8u << vece, form_names[form],
                     level_names[level], i, (unsigned long long)g, (unsigned long long)w);
    }
}

static void check_level(int level, bool by_element)
{
    static const IROpcode ops[] = {IR_OP_zip1_vec, IR_OP_zip2_vec, IR_OP_uzp1_vec, IR_OP_uzp2_vec};
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (unsigned vece = MO_8; vece <= MO_64; vece++) {
            if (t == IR_V64 && vece == MO_64)
                continue; /* one element: not a permute */
            for (int round = 0; round < 8; round++)
                for (Form f = FORM_ABC; f <= FORM_AAA; f++)
                    for (size_t i = 0; i < XR_ARRAY_SIZE(ops); i++)
                        check_permute(ops[i], t, vece, f, by_element, level);
        }
}

Test(vec_perm, every_permute_sse2_only)
{
    cr_assert(set_level(LEVEL_SSE2));
    check_level(LEVEL_SSE2, false);
}

Test(vec_perm, every_permute_sse42)
{
    if (!set_level(LEVEL_SSE42)) {
        cr_log_warn("host lacks SSE4.2: the SSE4.2 level is not tested");
        return;
    }
    check_level(LEVEL_SSE42, false);
}

Test(vec_perm, every_permute_host_features)
{
    if (!host_features.avx)
        cr_log_warn("host lacks AVX: the VEX forms are not tested");
    cr_assert(set_level(LEVEL_HOST));
    check_level(LEVEL_HOST, false);
}

/* The form a host without the permute gets, at both ends of the levels
 * (its extracts and inserts differ with SSE4.1). */
Test(vec_perm, by_element_expansion_matches)
{
    cr_assert(set_level(LEVEL_SSE2));
    check_level(LEVEL_SSE2, true);
    cr_assert(set_level(LEVEL_HOST));
    check_level(LEVEL_HOST, true);
}

/* A permute's known layout, independent of the reference: zip1 of bytes
 * 0..15 and 16..31 interleaves 0,16,1,17..; uzp2 takes 1,3,..,31. */
Test(vec_perm, known_layouts)
{
    cr_assert(set_level(LEVEL_HOST));
    for (unsigned k = 0; k < 16; k++) {
        env.q[0][k] = (uint8_t)k;
        env.q[1][k] = (uint8_t)(16 + k);
    }
    ir_reset(ir);
    ir_insn_start(ir, 0x1000, 0);
    ir_zip1_vec(ir, IR_V128, MO_8, gq[2], gq[0], gq[1]);
    ir_uzp2_vec(ir, IR_V128, MO_8, gq[3], gq[0], gq[1]);
    cr_assert_eq(test_run_tb(ir, tb_code, tb_room, &res, &env), 0x40);
    for (unsigned k = 0; k < 16; k++) {
        cr_assert_eq(env.q[2][k], (k & 1) * 16 + k / 2, "zip1 byte %u", k);
        cr_assert_eq(env.q[3][k], 2 * k + 1, "uzp2 byte %u", k);
    }
}
