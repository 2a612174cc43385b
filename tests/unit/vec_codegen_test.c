/*
 * End-to-end tests of the vector ops: IR built by hand, expanded
 * (tcg/vec_expand.c), allocated and compiled by the x86_64 backend, run
 * on pseudo-random vectors in env, and compared element by element with a
 * scalar C reference. Every op runs for every element size and both
 * vector types, at three host levels: SSE2 only (the feature flags forced
 * off, so the SSE2 sequences and the generic expansions run), SSE4.2
 * without AVX, and everything the host has (AVX/AVX2 VEX forms).
 *
 * V64 results are written through clrhi_vec, so the high half of the
 * destination must read zero as well.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/ir.h"
#include "xrun/util.h"
#include "tests/unit/code_buffer.h"
#include "tests/unit/vec_levels.h"
#include "tests/unit/vec_ref.h"

#define NQ 24

typedef struct VecEnv {
    uint8_t q[NQ][16] __attribute__((aligned(16)));
    uint64_t r64[4];
    uint32_t r32[4];
    uint8_t host[32] __attribute__((aligned(16))); /* ld_vec / st_vec, not a global */
} VecEnv;

static VecEnv env;
static IRContext *ir;
static uint8_t *tb_code;
static size_t tb_room;
static IRTemp gq[NQ], g64[4], g32[4];
static CodegenResult res;
static X64Features host_features;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

#define CODE_SIZE (1u << 20)

static void setup(void)
{
    tb_code = test_code_buffer(CODE_SIZE, &tb_room);
    host_features = x64_features;
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static char names[NQ][8];
    for (int i = 0; i < NQ; i++) {
        snprintf(names[i], sizeof(names[i]), "q%d", i);
        gq[i] = ir_global(ir, IR_V128, (int32_t)offsetof(VecEnv, q[i]), names[i]);
    }
    static const char *n64[] = {"X0", "X1", "X2", "X3"}, *n32[] = {"w0", "w1", "w2", "w3"};
    for (int i = 0; i < 4; i++) {
        g64[i] = ir_global(ir, IR_I64, (int32_t)offsetof(VecEnv, r64[i]), n64[i]);
        g32[i] = ir_global(ir, IR_I32, (int32_t)offsetof(VecEnv, r32[i]), n32[i]);
    }
    memset(&env, 0, sizeof(env));
}

static void teardown(void)
{
    x64_features = host_features;
}

TestSuite(vec, .init = setup, .fini = teardown);

/* -- Host levels -- */

/* False (with a note) when the host cannot run the level. */
static bool set_level(int level)
{
    if (vec_set_level(level, &host_features))
        return true;
    cr_log_warn("host lacks SSE4.2: the SSE4.2 level is not tested");
    return false;
}

/* -- Running IR -- */

static void begin(void)
{
    ir_reset(ir);
    ir_insn_start(ir, 0x1000, 0);
}

static void finish(void)
{
    cr_assert_eq(test_run_tb(ir, tb_code, tb_room, &res, &env), 0x40);
}

static uint64_t next_rand(void)
{
    return vref_rand(&rng);
}

/* An element value that is often an edge case (0, 1, -1, min, max). */
static uint64_t rand_elem(unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1, top = 1ull << (bits - 1);
    uint64_t edge[] = {0, 1, m, top, top - 1, top + 1, m - 1};
    uint64_t r = next_rand();
    return (r & 3) == 0 ? edge[(r >> 8) % 7] : next_rand() & m;
}

static void fill_rand(uint8_t *v, unsigned vece)
{
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(v, vece, i, rand_elem(8u << vece));
}

/* Compares q[di] with the reference over the type's elements; a V64
 * result must have a zero high half (it went through clrhi_vec). */
static void check_result(const char *what, IRType t, unsigned vece, int di, const uint8_t *want,
                         int level)
{
    unsigned bytes = t == IR_V64 ? 8 : 16;
    uint8_t full[16] = {0};
    memcpy(full, want, bytes);
    if (memcmp(env.q[di], full, 16) == 0)
        return;
    for (unsigned i = 0; i < 16u >> vece; i++) {
        uint64_t g = vref_get(env.q[di], vece, i), w = vref_get(full, vece, i);
        cr_assert_eq(g, w, "%s %s e%u [%s] element %u: got %#llx, want %#llx", what,
                     ir_type_name(t), 8u << vece, level_names[level], i, (unsigned long long)g,
                     (unsigned long long)w);
    }
}

/* Writes result temp r (of type t) to q[di]. */
static void store_result(IRType t, IRTemp r, int di)
{
    if (t == IR_V64)
        ir_clrhi_vec(ir, gq[di], r);
    else
        ir_mov(ir, IR_V128, gq[di], r);
}

/* -- Binary and unary ops -- */

typedef enum { FORM_ABC, FORM_AAB, FORM_BAB, FORM_AAA } Form;

static void check_binop(IROpcode opc, IRType t, unsigned vece, Form form, int level)
{
    bool logic = ir_op_defs[opc].nb_cargs == 0;
    fill_rand(env.q[0], vece);
    fill_rand(env.q[1], vece);
    if (form == FORM_AAA)
        memcpy(env.q[1], env.q[0], 16);
    uint8_t want[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(want, vece, i, vref_elem(opc, vece, vref_get(env.q[0], vece, i),
                                          vref_get(env.q[1], vece, i), 0, IR_COND_EQ));
    begin();
    IRTemp a = gq[0], b = form == FORM_AAA ? gq[0] : gq[1];
    IRTemp r = t == IR_V64 ? ir_new(ir, IR_V64) : form == FORM_AAB ? gq[0] : form == FORM_BAB ? gq[1] : gq[2];
    if (logic)
        ir_vec_logic(ir, opc, t, r, a, b);
    else
        ir_vec_binop(ir, opc, t, vece, r, a, b);
    int di = form == FORM_AAB ? 0 : form == FORM_BAB ? 1 : 2;
    if (t == IR_V64)
        store_result(t, r, di);
    finish();
    check_result(ir_op_defs[opc].name, t, vece, di, want, level);
}

static void check_unop(IROpcode opc, IRType t, unsigned vece, int level)
{
    fill_rand(env.q[0], vece);
    uint8_t want[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(want, vece, i, vref_elem(opc, vece, vref_get(env.q[0], vece, i), 0, 0, IR_COND_EQ));
    begin();
    IRTemp r = ir_new(ir, t);
    if (opc == IR_OP_not_vec)
        ir_not_vec(ir, t, r, gq[0]);
    else
        ir_vec_unop(ir, opc, t, vece, r, gq[0]);
    store_result(t, r, 3);
    finish();
    check_result(ir_op_defs[opc].name, t, vece, 3, want, level);
}

#define NB_ROUNDS 6

static void check_all_binops(int level)
{
    static const IROpcode arith[] = {IR_OP_add_vec, IR_OP_sub_vec, IR_OP_mul_vec, IR_OP_smin_vec,
                                     IR_OP_smax_vec, IR_OP_umin_vec, IR_OP_umax_vec};
    static const IROpcode sat[] = {IR_OP_ssadd_vec, IR_OP_sssub_vec, IR_OP_usadd_vec, IR_OP_ussub_vec};
    static const IROpcode logic[] = {IR_OP_and_vec, IR_OP_or_vec, IR_OP_xor_vec, IR_OP_andc_vec,
                                     IR_OP_orc_vec};
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (int k = 0; k < NB_ROUNDS; k++)
            for (Form f = FORM_ABC; f <= FORM_AAA; f++)
                for (unsigned vece = MO_8; vece <= MO_64; vece++) {
                    for (size_t i = 0; i < XR_ARRAY_SIZE(arith); i++)
                        check_binop(arith[i], t, vece, f, level);
                    for (size_t i = 0; vece <= MO_16 && i < XR_ARRAY_SIZE(sat); i++)
                        check_binop(sat[i], t, vece, f, level);
                    for (size_t i = 0; i < XR_ARRAY_SIZE(logic); i++)
                        check_binop(logic[i], t, vece, f, level);
                }
}

static void check_all_unops(int level)
{
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (int k = 0; k < NB_ROUNDS; k++)
            for (unsigned vece = MO_8; vece <= MO_64; vece++) {
                check_unop(IR_OP_neg_vec, t, vece, level);
                check_unop(IR_OP_abs_vec, t, vece, level);
                check_unop(IR_OP_not_vec, t, vece, level);
            }
}

/* -- bitsel, shifts, compares -- */

static void check_bitsel(IRType t, int level)
{
    fill_rand(env.q[0], MO_8);
    fill_rand(env.q[1], MO_8);
    fill_rand(env.q[2], MO_8);
    uint8_t want[16];
    vref_bitsel(env.q[0], env.q[1], env.q[2], want);
    begin();
    IRTemp r = ir_new(ir, t);
    ir_bitsel_vec(ir, t, r, gq[0], gq[1], gq[2]);
    store_result(t, r, 2); /* the destination is also the last input */
    finish();
    check_result("bitsel", t, MO_8, 2, want, level);
}

static void check_shift(IROpcode opc, IRType t, unsigned vece, unsigned n, int level)
{
    bool by_scalar = opc == IR_OP_shls_vec || opc == IR_OP_shrs_vec || opc == IR_OP_sars_vec;
    fill_rand(env.q[0], vece);
    env.r32[0] = n;
    uint8_t want[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(want, vece, i, vref_elem(opc, vece, vref_get(env.q[0], vece, i), 0, n, IR_COND_EQ));
    begin();
    IRTemp r = ir_new(ir, t);
    if (by_scalar)
        ir_vec_shifts(ir, opc, t, vece, r, gq[0], g32[0]);
    else
        ir_vec_shifti(ir, opc, t, vece, r, gq[0], n);
    store_result(t, r, 0);
    finish();
    char what[48];
    snprintf(what, sizeof(what), "%s by %u", ir_op_defs[opc].name, n);
    check_result(what, t, vece, 0, want, level);
}

static void check_all_shifts(int level)
{
    static const IROpcode imm[] = {IR_OP_shli_vec, IR_OP_shri_vec, IR_OP_sari_vec};
    static const IROpcode by[] = {IR_OP_shls_vec, IR_OP_shrs_vec, IR_OP_sars_vec};
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (unsigned vece = MO_8; vece <= MO_64; vece++) {
            unsigned bits = 8u << vece;
            unsigned counts[] = {0, 1, bits / 2 - 1, bits - 1, (unsigned)next_rand() % bits};
            for (size_t k = 0; k < XR_ARRAY_SIZE(counts); k++)
                for (int o = 0; o < 3; o++) {
                    check_shift(imm[o], t, vece, counts[k], level);
                    check_shift(by[o], t, vece, counts[k], level);
                    check_shift(by[o], t, vece, counts[k] + bits * (1 + (unsigned)(next_rand() % 3)),
                                level);
                }
        }
}

static void check_cmp(IRType t, unsigned vece, IRCond cond, int level)
{
    fill_rand(env.q[0], vece);
    fill_rand(env.q[1], vece);
    if (next_rand() & 1) /* equal elements here and there */
        for (unsigned i = 0; i < 16u >> vece; i += 2)
            vref_set(env.q[1], vece, i, vref_get(env.q[0], vece, i));
    uint8_t want[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(want, vece, i, vref_elem(IR_OP_cmp_vec, vece, vref_get(env.q[0], vece, i),
                                          vref_get(env.q[1], vece, i), 0, cond));
    begin();
    IRTemp r = ir_new(ir, t);
    ir_cmp_vec(ir, t, vece, r, gq[0], gq[1], cond);
    store_result(t, r, 1);
    finish();
    static const char *const names[] = {"", "", "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu"};
    char what[32];
    snprintf(what, sizeof(what), "cmp %s", names[cond]);
    check_result(what, t, vece, 1, want, level);
}

static void check_all_cmps(int level)
{
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (int k = 0; k < NB_ROUNDS; k++)
            for (unsigned vece = MO_8; vece <= MO_64; vece++)
                for (IRCond c = IR_COND_EQ; c <= IR_COND_GTU; c++)
                    check_cmp(t, vece, c, level);
}

/* -- Element moves -- */

static void check_dup(IRType t, unsigned vece, int src, int level)
{
    uint64_t v = rand_elem(64);
    env.r64[0] = v;
    env.r32[0] = (uint32_t)v;
    if (src == 2)
        v = (next_rand() & 1) ? 0 : (next_rand() & 1) ? ~0ull : v;
    uint8_t want[16];
    for (unsigned i = 0; i < 16u >> vece; i++)
        vref_set(want, vece, i, vece == MO_64 || src != 0 ? v : (uint32_t)v);
    begin();
    IRTemp r = ir_new(ir, t);
    if (src == 2)
        ir_dupi_vec(ir, t, vece, r, (int64_t)v);
    else
        ir_dup_vec(ir, t, vece, r, src == 0 && vece != MO_64 ? g32[0] : g64[0]);
    store_result(t, r, 4);
    finish();
    check_result(src == 2 ? "dupi" : "dup", t, vece, 4, want, level);
}

static void check_extract_insert(IRType t, unsigned vece, unsigned idx, int level)
{
    fill_rand(env.q[0], vece);
    fill_rand(env.q[1], vece);
    uint64_t s = rand_elem(64);
    env.r64[1] = s;
    uint64_t m = vece == MO_64 ? ~0ull : (1ull << (8u << vece)) - 1;
    uint8_t want[16];
    memcpy(want, env.q[0], 16);
    vref_set(want, vece, idx, s & m);
    begin();
    IRTemp r = ir_new(ir, t);
    ir_insert_vec(ir, t, vece, r, gq[0], g64[1], idx);
    store_result(t, r, 5);
    ir_extract_vec(ir, IR_I64, vece, g64[2], gq[1], idx);
    if (vece < MO_64)
        ir_extract_vec(ir, IR_I32, vece, g32[2], gq[1], idx);
    finish();
    check_result("insert", t, vece, 5, want, level);
    uint64_t e = vref_get(env.q[1], vece, idx);
    cr_assert_eq(env.r64[2], e, "extract_i64 e%u[%u] [%s]: %#llx, want %#llx", 8u << vece, idx,
                 level_names[level], (unsigned long long)env.r64[2], (unsigned long long)e);
    if (vece < MO_64)
        cr_assert_eq(env.r32[2], (uint32_t)e, "extract_i32 e%u[%u] [%s]", 8u << vece, idx,
                     level_names[level]);
}

static void check_all_moves(int level)
{
    for (IRType t = IR_V64; t <= IR_V128; t++)
        for (unsigned vece = MO_8; vece <= MO_64; vece++) {
            for (int k = 0; k < NB_ROUNDS; k++)
                for (int src = 0; src < 3; src++)
                    check_dup(t, vece, src, level);
            unsigned n = (t == IR_V64 ? 8u : 16u) >> vece;
            for (unsigned idx = 0; idx < n; idx++)
                check_extract_insert(t, vece, idx, level);
        }
    for (IRType t = IR_V64; t <= IR_V128; t++)
        check_bitsel(t, level);
}

static void check_level(int level)
{
    if (!set_level(level))
        return;
    check_all_binops(level);
    check_all_unops(level);
    check_all_shifts(level);
    check_all_cmps(level);
    check_all_moves(level);
}

Test(vec, every_op_sse2_only)
{
    check_level(LEVEL_SSE2);
}

Test(vec, every_op_sse42)
{
    check_level(LEVEL_SSE42);
}

Test(vec, every_op_host_features)
{
    if (!host_features.avx)
        cr_log_warn("host lacks AVX: the VEX forms are not tested");
    check_level(LEVEL_HOST);
}

/* -- Memory -- */

/* ld_vec/st_vec at env offsets, and guest accesses through guest_base. */
static void check_memory(int level)
{
    static uint8_t guest_mem[64] __attribute__((aligned(16)));
    for (int i = 0; i < 64; i++)
        guest_mem[i] = (uint8_t)next_rand();
    fill_rand(env.host, MO_8);
    fill_rand(env.host + 16, MO_8);
    uint8_t host_copy[32], guest_copy[64];
    memcpy(host_copy, env.host, 32);
    memcpy(guest_copy, guest_mem, 64);
    guest_base = 0;
    env.r64[0] = (uintptr_t)guest_mem + 3; /* unaligned */
    env.r64[1] = (uintptr_t)guest_mem + 32;
    begin();
    IRTemp a = ir_new(ir, IR_V128), b = ir_new(ir, IR_V64), c = ir_new(ir, IR_V128), d = ir_new(ir, IR_V64);
    ir_ld_vec(ir, IR_V128, a, IR_ENV, (int32_t)offsetof(VecEnv, host));
    ir_ld_vec(ir, IR_V64, b, IR_ENV, (int32_t)offsetof(VecEnv, host) + 16);
    ir_guest_ld_vec(ir, IR_V128, c, g64[0], 0, 0);
    ir_guest_ld_vec(ir, IR_V64, d, g64[1], MO_ALIGN, 0);
    ir_guest_st_vec(ir, IR_V128, a, g64[1], MO_ALIGN, 0); /* guest[32..48) = host[0..16) */
    ir_st_vec(ir, IR_V64, d, IR_ENV, (int32_t)offsetof(VecEnv, host)); /* host[0..8) = guest[32..40) */
    ir_mov(ir, IR_V128, gq[6], c);
    ir_clrhi_vec(ir, gq[7], b);
    finish();
    cr_assert_eq(memcmp(env.q[6], guest_copy + 3, 16), 0, "guest_ld_vec v128 [%s]", level_names[level]);
    cr_assert_eq(memcmp(env.q[7], host_copy + 16, 8), 0, "ld_vec v64 [%s]", level_names[level]);
    static const uint8_t zero[8];
    cr_assert_eq(memcmp(env.q[7] + 8, zero, 8), 0, "clrhi_vec [%s]", level_names[level]);
    cr_assert_eq(memcmp(guest_mem + 32, host_copy, 16), 0, "guest_st_vec v128 [%s]", level_names[level]);
    cr_assert_eq(memcmp(env.host, guest_copy + 32, 8), 0, "st_vec v64 [%s]", level_names[level]);
    cr_assert_eq(memcmp(env.host + 8, host_copy + 8, 8), 0, "st_vec v64 writes 8 bytes");
}

Test(vec, loads_and_stores)
{
    for (int level = 0; level < NB_LEVELS; level++)
        if (set_level(level))
            check_memory(level);
}

/* -- Register pressure and calls -- */

static uint64_t calls;
static uint64_t count_call(uint64_t x)
{
    calls++;
    test_clobber_xmm();
    return x + 1;
}

/*
 * 20 vectors live at once (xmm0..xmm13 hold 14) with a helper call in the
 * middle, which clobbers every xmm register: values must be spilled to
 * aligned slots and come back intact. q[i] + q[i+1] for i < 20 are all
 * computed before any is stored.
 */
static void check_pressure(int level)
{
    for (int i = 0; i < 21; i++)
        fill_rand(env.q[i], MO_32);
    uint8_t want[20][16];
    for (int i = 0; i < 20; i++)
        for (unsigned e = 0; e < 4; e++)
            vref_set(want[i], MO_32, e, (vref_get(env.q[i], MO_32, e) + vref_get(env.q[i + 1], MO_32, e)) & 0xffffffffu);
    env.r64[3] = 41;
    calls = 0;
    begin();
    IRTemp s[20];
    for (int i = 0; i < 20; i++) {
        s[i] = ir_new(ir, IR_V128);
        ir_vec_binop(ir, IR_OP_add_vec, IR_V128, MO_32, s[i], gq[i], gq[i + 1]);
        if (i == 10)
            ir_callN(ir, count_call, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, g64[3], g64[3]);
    }
    ir_callN(ir, count_call, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, g64[3], g64[3]);
    for (int i = 19; i >= 0; i--)
        ir_mov(ir, IR_V128, gq[i], s[i]);
    finish();
    cr_assert_eq(calls, 2);
    cr_assert_eq(env.r64[3], 43);
    for (int i = 0; i < 20; i++)
        check_result("pressure add", IR_V128, MO_32, i, want[i], level);
}

Test(vec, pressure_and_calls_spill_vectors)
{
    for (int level = 0; level < NB_LEVELS; level++)
        if (set_level(level))
            check_pressure(level);
}

/* A vector TB temp carried around a loop: slots hold it across labels. */
Test(vec, loop_keeps_vector_tb_temp)
{
    fill_rand(env.q[0], MO_16);
    uint8_t want[16];
    for (unsigned e = 0; e < 8; e++)
        vref_set(want, MO_16, e, (vref_get(env.q[0], MO_16, e) * 5) & 0xffff);
    env.r32[0] = 5;
    begin();
    IRTemp acc = ir_new_tb(ir, IR_V128);
    ir_dupi_vec(ir, IR_V128, MO_16, acc, 0);
    int top = ir_new_label(ir);
    ir_set_label(ir, top);
    ir_vec_binop(ir, IR_OP_add_vec, IR_V128, MO_16, acc, acc, gq[0]);
    ir_addi(ir, IR_I32, g32[0], g32[0], -1);
    ir_brcondi(ir, IR_I32, g32[0], 0, IR_COND_NE, top);
    ir_mov(ir, IR_V128, gq[1], acc);
    finish();
    check_result("loop", IR_V128, MO_16, 1, want, LEVEL_HOST);
}
