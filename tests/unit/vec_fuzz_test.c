/*
 * Random vector programs: sequences of vector ops over vector globals and
 * TB temps (permutes among them), mixed with scalar extracts/inserts,
 * helper calls (which clobber every xmm register) and skipped ops behind a
 * branch (a label where TB temps must come back from their slots). Each
 * program is compiled and run, and also interpreted with the scalar
 * reference of vec_ref.h; the final env must be the same. The interpreter runs while
 * the program is built, so the builder knows which branches are taken
 * and which temps hold a value. Programs run at the three host levels of
 * vec_codegen_test (SSE2 only, SSE4.2, the host's own).
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/ir.h"
#include "xrun/util.h"
#include "tests/unit/code_buffer.h"
#include "tests/unit/vec_ref.h"

#define NG 8     /* vector globals */
#define NT 10    /* vector TB temps */
#define NOPS 48  /* ops per program */
#define NPROGS 120

typedef struct FuzzEnv {
    uint8_t q[NG][16] __attribute__((aligned(16)));
    uint64_t x[2];
} FuzzEnv;

/* The interpreter's state: a value per global and temp. */
typedef struct FuzzRef {
    FuzzEnv env;
    uint8_t t[NT][16];
    bool t_set[NT];
} FuzzRef;

static FuzzEnv env;
static IRContext *ir;
static uint8_t *tb_code;
static size_t tb_room;
static CodegenResult res;
static IRTemp gq[NG], gx[2], tt[NT];
static X64Features host_features;
static uint64_t rng;

static void setup(void)
{
    tb_code = test_code_buffer(1u << 20, &tb_room);
    host_features = x64_features;
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static char names[NG][4];
    for (int i = 0; i < NG; i++) {
        snprintf(names[i], sizeof(names[i]), "q%d", i);
        gq[i] = ir_global(ir, IR_V128, (int32_t)offsetof(FuzzEnv, q[i]), names[i]);
    }
    gx[0] = ir_global(ir, IR_I64, (int32_t)offsetof(FuzzEnv, x[0]), "x0");
    gx[1] = ir_global(ir, IR_I64, (int32_t)offsetof(FuzzEnv, x[1]), "x1");
}

static void teardown(void)
{
    x64_features = host_features;
}

TestSuite(vec_fuzz, .init = setup, .fini = teardown);

static uint64_t rnd(void)
{
    return vref_rand(&rng);
}

static unsigned pick(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t fz_helper(uint64_t v)
{
    test_clobber_xmm();
    return v * 3 + 1;
}

/* -- Operands: a global or a temp that holds a value -- */

typedef struct Opnd {
    IRTemp temp;
    uint8_t *val; /* its value in the interpreter */
} Opnd;

static Opnd src_opnd(FuzzRef *r)
{
    unsigned k = pick(NG + NT);
    if (k >= NG && r->t_set[k - NG])
        return (Opnd){tt[k - NG], r->t[k - NG]};
    k %= NG;
    return (Opnd){gq[k], r->env.q[k]};
}

/* The destination; a temp counts as set once the op ran. */
static Opnd dst_opnd(FuzzRef *r, int *temp_index)
{
    unsigned k = pick(NG + NT);
    *temp_index = k >= NG ? (int)(k - NG) : -1;
    if (k >= NG)
        return (Opnd){tt[k - NG], r->t[k - NG]};
    return (Opnd){gq[k], r->env.q[k]};
}

/* -- One random op, built and interpreted; run = false only builds it -- */

static void fuzz_op(FuzzRef *r, bool run)
{
    static const IROpcode bin[] = {IR_OP_add_vec, IR_OP_sub_vec, IR_OP_mul_vec, IR_OP_smin_vec,
                                   IR_OP_smax_vec, IR_OP_umin_vec, IR_OP_umax_vec, IR_OP_ssadd_vec,
                                   IR_OP_sssub_vec, IR_OP_usadd_vec, IR_OP_ussub_vec};
    static const IROpcode logic[] = {IR_OP_and_vec, IR_OP_or_vec, IR_OP_xor_vec, IR_OP_andc_vec,
                                     IR_OP_orc_vec};
    static const IROpcode shi[] = {IR_OP_shli_vec, IR_OP_shri_vec, IR_OP_sari_vec};
    static const IROpcode shs[] = {IR_OP_shls_vec, IR_OP_shrs_vec, IR_OP_sars_vec};
    unsigned vece = pick(4);
    Opnd a = src_opnd(r), b = src_opnd(r), m = src_opnd(r);
    int ti;
    Opnd d = dst_opnd(r, &ti);
    /* a third of the ops are V64, computed in a temp of their own and
     * written with clrhi_vec, so the high half of d reads zero */
    IRType t = pick(3) == 0 ? IR_V64 : IR_V128;
    IRTemp dt = t == IR_V64 ? ir_new(ir, IR_V64) : d.temp;
    unsigned lanes = (t == IR_V64 ? 8u : 16u) >> vece;
    uint8_t out[16];
    memcpy(out, d.val, 16);
    switch (pick(12)) {
    case 0: {
        IROpcode opc = bin[pick(XR_ARRAY_SIZE(bin))];
        if (opc >= IR_OP_ssadd_vec)
            vece = pick(2);
        ir_vec_binop(ir, opc, t, vece, dt, a.temp, b.temp);
        vref_op(opc, vece, a.val, b.val, 0, IR_COND_EQ, out);
        break;
    }
    case 1: {
        IROpcode opc = logic[pick(XR_ARRAY_SIZE(logic))];
        ir_vec_logic(ir, opc, t, dt, a.temp, b.temp);
        vref_op(opc, MO_8, a.val, b.val, 0, IR_COND_EQ, out);
        break;
    }
    case 2: {
        IROpcode opc = pick(3) == 0 ? IR_OP_not_vec : pick(2) ? IR_OP_neg_vec : IR_OP_abs_vec;
        if (opc == IR_OP_not_vec)
            ir_not_vec(ir, t, dt, a.temp);
        else
            ir_vec_unop(ir, opc, t, vece, dt, a.temp);
        vref_op(opc, vece, a.val, NULL, 0, IR_COND_EQ, out);
        break;
    }
    case 3:
        ir_bitsel_vec(ir, t, dt, m.temp, a.temp, b.temp);
        vref_bitsel(m.val, a.val, b.val, out);
        break;
    case 4: {
        IROpcode opc = shi[pick(3)];
        unsigned n = pick(8u << vece);
        ir_vec_shifti(ir, opc, t, vece, dt, a.temp, n);
        vref_op(opc, vece, a.val, NULL, n, IR_COND_EQ, out);
        break;
    }
    case 5: {
        IROpcode opc = shs[pick(3)];
        ir_vec_shifts(ir, opc, t, vece, dt, a.temp, gx[0]);
        vref_op(opc, vece, a.val, NULL, (unsigned)(r->env.x[0] % 256), IR_COND_EQ, out);
        break;
    }
    case 6: {
        IRCond cond = (IRCond)(IR_COND_EQ + pick(10));
        ir_cmp_vec(ir, t, vece, dt, a.temp, b.temp, cond);
        vref_op(IR_OP_cmp_vec, vece, a.val, b.val, 0, cond, out);
        break;
    }
    case 7:
        ir_dup_vec(ir, t, vece, dt, gx[1]);
        for (unsigned i = 0; i < 16u >> vece; i++)
            vref_set(out, vece, i, r->env.x[1]);
        break;
    case 8: {
        unsigned idx = pick(lanes);
        ir_insert_vec(ir, t, vece, dt, a.temp, gx[1], idx);
        memcpy(out, a.val, 16);
        vref_set(out, vece, idx, r->env.x[1]);
        break;
    }
    case 9: { /* scalar side: extract, or a helper call on x */
        unsigned idx = pick(16u >> vece), xi = pick(2);
        ti = -1;
        if (pick(3) == 0) {
            ir_callN(ir, fz_helper, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, gx[0], gx[1]);
            if (run)
                r->env.x[0] = fz_helper(r->env.x[1]);
        } else {
            ir_extract_vec(ir, IR_I64, vece, gx[xi], a.temp, idx);
            if (run)
                r->env.x[xi] = vref_get(a.val, vece, idx);
        }
        return;
    }
    case 10: {
        IROpcode opc = (IROpcode)(IR_OP_zip1_vec + pick(4));
        if (t == IR_V64 && vece == MO_64)
            vece = pick(3);
        ir_vec_binop(ir, opc, t, vece, dt, a.temp, b.temp);
        vref_permute(opc, t, vece, a.val, b.val, out);
        break;
    }
    default:
        t = IR_V128;
        if (pick(2)) {
            ir_mov(ir, IR_V128, d.temp, a.temp);
            memcpy(out, a.val, 16);
        } else {
            ir_clrhi_vec(ir, d.temp, a.temp);
            memset(out, 0, 16);
            memcpy(out, a.val, 8);
        }
        break;
    }
    if (t == IR_V64) {
        ir_clrhi_vec(ir, d.temp, dt);
        memset(out + 8, 0, 8);
    }
    if (!run)
        return;
    memcpy(d.val, out, 16);
    if (ti >= 0)
        r->t_set[ti] = true;
}

/* Builds and interprets one program from seed; returns false on a mismatch. */
static bool run_program(uint64_t seed, int level)
{
    rng = seed * 0x9e3779b97f4a7c15ull + 1;
    FuzzRef r;
    memset(&r, 0, sizeof(r));
    for (int i = 0; i < NG; i++)
        for (int k = 0; k < 16; k++)
            r.env.q[i][k] = (uint8_t)rnd();
    r.env.x[0] = rnd();
    r.env.x[1] = rnd();
    env = r.env;

    ir_reset(ir);
    for (int i = 0; i < NT; i++)
        tt[i] = ir_new_tb(ir, IR_V128);
    ir_insn_start(ir, 0x1000, 0);
    for (int n = 0; n < NOPS; n++) {
        if (pick(8) == 0) {
            /* skip the next op when x0 is odd */
            int skip = ir_new_label(ir);
            IRTemp bit = ir_new_i64(ir);
            ir_andi(ir, IR_I64, bit, gx[0], 1);
            ir_brcondi(ir, IR_I64, bit, 0, IR_COND_NE, skip);
            fuzz_op(&r, !(r.env.x[0] & 1));
            ir_set_label(ir, skip);
        } else {
            fuzz_op(&r, true);
        }
    }
    /* the temps holding a value reach the globals */
    for (int i = 0; i < NT; i++)
        if (r.t_set[i]) {
            ir_vec_logic(ir, IR_OP_xor_vec, IR_V128, gq[i % NG], gq[i % NG], tt[i]);
            vref_op(IR_OP_xor_vec, MO_8, r.env.q[i % NG], r.t[i], 0, IR_COND_EQ, r.env.q[i % NG]);
        }
    cr_assert_eq(test_run_tb(ir, tb_code, tb_room, &res, &env), 0x40);
    if (memcmp(&env, &r.env, sizeof(env)) == 0)
        return true;
    fprintf(stderr, "vec_fuzz seed %llu level %d differs; IR:\n", (unsigned long long)seed, level);
    ir_dump(ir, stderr);
    for (int i = 0; i < NG; i++)
        if (memcmp(env.q[i], r.env.q[i], 16))
            fprintf(stderr, "  q%d differs\n", i);
    if (env.x[0] != r.env.x[0] || env.x[1] != r.env.x[1])
        fprintf(stderr, "  x differs\n");
    return false;
}

static void fuzz_level(int level)
{
    x64_features = host_features;
    if (level < 2)
        x64_features.avx = x64_features.avx2 = false;
    if (level == 0)
        x64_features.ssse3 = x64_features.sse41 = x64_features.sse42 = false;
    unsigned bad = 0;
    for (uint64_t seed = 1; seed <= NPROGS; seed++)
        bad += !run_program(seed, level);
    cr_assert_eq(bad, 0, "%u of %u programs differ at level %d (seeds on stderr)", bad, NPROGS, level);
}

Test(vec_fuzz, sse2_only)
{
    fuzz_level(0);
}

Test(vec_fuzz, sse42)
{
    if (!host_features.sse42 || !host_features.ssse3) {
        cr_log_warn("host lacks SSE4.2: the SSE4.2 level is not tested");
        return;
    }
    fuzz_level(1);
}

Test(vec_fuzz, host_features)
{
    fuzz_level(2);
}
