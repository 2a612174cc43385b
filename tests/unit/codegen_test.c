/*
 * End-to-end tests of liveness + register allocation + the x86_64 backend:
 * IR is built by hand, compiled by codegen_tb() into an RWX buffer after
 * the prologue, run with codegen_enter() on a small env struct, and the
 * results in env are compared with the same computation done in C.
 *
 * Inputs come from globals (env fields), so the optimizer cannot fold them
 * away and every op really reaches the backend.
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/ir.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "tests/unit/code_buffer.h"

typedef struct TestEnv {
    uint32_t r32[8];
    uint64_t r64[8];
    uint64_t mem[4];
} TestEnv;

static TestEnv env;
static IRContext *ir;
static uint8_t *tb_code;
static size_t tb_room;
static IRTemp g32[8], g64[8];
static CodegenResult res;

#define CODE_SIZE (1u << 20)

static void setup(void)
{
    tb_code = test_code_buffer(CODE_SIZE, &tb_room);
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static const char *n32[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    static const char *n64[] = {"A", "B", "C", "D", "E", "F", "G", "H"};
    for (int i = 0; i < 8; i++)
        g32[i] = ir_global(ir, IR_I32, (int32_t)offsetof(TestEnv, r32[i]), n32[i]);
    for (int i = 0; i < 8; i++)
        g64[i] = ir_global(ir, IR_I64, (int32_t)offsetof(TestEnv, r64[i]), n64[i]);
    memset(&env, 0, sizeof(env));
}

TestSuite(codegen, .init = setup);

static void begin(void)
{
    ir_reset(ir);
    ir_insn_start(ir, 0x1000, 0);
}

static uintptr_t finish(void)
{
    return test_run_tb(ir, tb_code, tb_room, &res, &env);
}

static IRTemp G(IRType t, int i)
{
    return t == IR_I32 ? g32[i] : g64[i];
}
static uint64_t mask_of(IRType t)
{
    return t == IR_I32 ? 0xffffffffull : ~0ull;
}
static void set_g(IRType t, int i, uint64_t v)
{
    if (t == IR_I32)
        env.r32[i] = (uint32_t)v;
    else
        env.r64[i] = v;
}
static uint64_t get_g(IRType t, int i)
{
    return t == IR_I32 ? env.r32[i] : env.r64[i];
}
static int64_t sext(IRType t, uint64_t v)
{
    return t == IR_I32 ? (int32_t)v : (int64_t)v;
}

/* -- Binary ops -- */

static uint64_t ref_bin(IROpcode opc, IRType t, uint64_t a, uint64_t b)
{
    unsigned w = t == IR_I32 ? 32 : 64;
    uint64_t m = mask_of(t);
    a &= m;
    b &= m;
    unsigned sh = (unsigned)(b & (w - 1));
    int64_t sa = sext(t, a), sb = sext(t, b);
    uint64_t r;
    switch (opc) {
    case IR_OP_add:
        r = a + b;
        break;
    case IR_OP_sub:
        r = a - b;
        break;
    case IR_OP_mul:
        r = a * b;
        break;
    case IR_OP_and:
        r = a & b;
        break;
    case IR_OP_or:
        r = a | b;
        break;
    case IR_OP_xor:
        r = a ^ b;
        break;
    case IR_OP_andc:
        r = a & ~b;
        break;
    case IR_OP_orc:
        r = a | ~b;
        break;
    case IR_OP_shl:
        r = a << sh;
        break;
    case IR_OP_shr:
        r = a >> sh;
        break;
    case IR_OP_sar:
        r = (uint64_t)(sa >> sh);
        break;
    case IR_OP_rotl:
        r = sh ? (a << sh) | (a >> (w - sh)) : a;
        break;
    case IR_OP_rotr:
        r = sh ? (a >> sh) | (a << (w - sh)) : a;
        break;
    case IR_OP_div:
        r = (uint64_t)(sa / sb);
        break;
    case IR_OP_divu:
        r = a / b;
        break;
    case IR_OP_rem:
        r = (uint64_t)(sa % sb);
        break;
    case IR_OP_remu:
        r = a % b;
        break;
    default:
        cr_assert_fail("no reference");
        return 0;
    }
    return r & m;
}

static const uint64_t test_vals[] = {
    0,
    1,
    2,
    5,
    31,
    32,
    63,
    0x7f,
    0x80,
    0xff,
    0x1234,
    0x8000,
    0x12345678,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0xdeadbeefcafebabeull,
    0x8000000000000000ull,
    (uint64_t)-1,
    (uint64_t)-7,
    (uint64_t)-100,
    0x0123456789abcdefull,
};
#define NVALS (sizeof(test_vals) / sizeof(test_vals[0]))

static bool bin_ok(IROpcode opc, IRType t, uint64_t a, uint64_t b)
{
    bool isdiv = opc == IR_OP_div || opc == IR_OP_divu || opc == IR_OP_rem || opc == IR_OP_remu;
    if (!isdiv)
        return true;
    if ((b & mask_of(t)) == 0)
        return false;
    int64_t min = t == IR_I32 ? INT32_MIN : INT64_MIN;
    return !(sext(t, a) == min && sext(t, b) == -1);
}

/* form 0: D = A op B; 1: D = A op imm; 2: A = A op B; 3: B = A op B; 4: D = A op A */
static void check_bin(IROpcode opc, IRType t, uint64_t a, uint64_t b, int form)
{
    if (!bin_ok(opc, t, a, form == 4 ? a : b))
        return;
    begin();
    IRTemp A = G(t, 0), B = G(t, 1), D = G(t, 2);
    switch (form) {
    case 0:
        ir_binop(ir, opc, t, D, A, B);
        break;
    case 1:
        ir_binopi(ir, opc, t, D, A, sext(t, b));
        break;
    case 2:
        ir_binop(ir, opc, t, A, A, B);
        D = A;
        break;
    case 3:
        ir_binop(ir, opc, t, B, A, B);
        D = B;
        break;
    default:
        ir_binop(ir, opc, t, D, A, A);
        b = a;
        break;
    }
    set_g(t, 0, a);
    set_g(t, 1, b);
    set_g(t, 2, 0x5555);
    cr_assert_eq(finish(), 0x40);
    int di = D == A ? 0 : D == B ? 1 : 2;
    uint64_t want = ref_bin(opc, t, a, b);
    cr_assert_eq(get_g(t, di), want, "%s_%s form %d: %#llx, %#llx -> %#llx, want %#llx",
                 ir_op_defs[opc].name, t == IR_I32 ? "i32" : "i64", form, (unsigned long long)a,
                 (unsigned long long)b, (unsigned long long)get_g(t, di), (unsigned long long)want);
}

static void check_bin_all(IROpcode opc)
{
    for (int t = 0; t < 2; t++)
        for (unsigned i = 0; i < NVALS; i++)
            for (unsigned j = 0; j < NVALS; j += 2)
                for (int form = 0; form < 5; form++)
                    check_bin(opc, (IRType)t, test_vals[i], test_vals[(i + j) % NVALS], form);
}

Test(codegen, add)
{
    check_bin_all(IR_OP_add);
}
Test(codegen, sub)
{
    check_bin_all(IR_OP_sub);
}
Test(codegen, mul)
{
    check_bin_all(IR_OP_mul);
}
Test(codegen, and_or_xor)
{
    check_bin_all(IR_OP_and);
    check_bin_all(IR_OP_or);
    check_bin_all(IR_OP_xor);
}
Test(codegen, andc_orc)
{
    check_bin_all(IR_OP_andc);
    check_bin_all(IR_OP_orc);
}
Test(codegen, shifts)
{
    check_bin_all(IR_OP_shl);
    check_bin_all(IR_OP_shr);
    check_bin_all(IR_OP_sar);
}
Test(codegen, rotates)
{
    check_bin_all(IR_OP_rotl);
    check_bin_all(IR_OP_rotr);
}
Test(codegen, div_rem)
{
    check_bin_all(IR_OP_div);
    check_bin_all(IR_OP_divu);
    check_bin_all(IR_OP_rem);
    check_bin_all(IR_OP_remu);
}

/* -- Unary ops and width changes -- */

static uint64_t ref_un(IROpcode opc, IRType t, uint64_t a)
{
    uint64_t m = mask_of(t);
    a &= m;
    switch (opc) {
    case IR_OP_neg:
        return (0 - a) & m;
    case IR_OP_not:
        return ~a & m;
    case IR_OP_ext8s:
        return (uint64_t)(int64_t)(int8_t)a & m;
    case IR_OP_ext8u:
        return (uint8_t)a;
    case IR_OP_ext16s:
        return (uint64_t)(int64_t)(int16_t)a & m;
    case IR_OP_ext16u:
        return (uint16_t)a;
    case IR_OP_ext32s:
        return (uint64_t)(int64_t)(int32_t)a;
    case IR_OP_ext32u:
        return (uint32_t)a;
    case IR_OP_bswap16:
        return __builtin_bswap16((uint16_t)a);
    case IR_OP_bswap32:
        return __builtin_bswap32((uint32_t)a);
    case IR_OP_bswap64:
        return __builtin_bswap64(a);
    case IR_OP_ctpop:
        return (uint64_t)__builtin_popcountll(a);
    default:
        cr_assert_fail("no reference");
        return 0;
    }
}

static void check_un(IROpcode opc, IRType t)
{
    for (unsigned i = 0; i < NVALS; i++) {
        for (int form = 0; form < 2; form++) {
            begin();
            IRTemp A = G(t, 0), D = form ? A : G(t, 2);
            ir_unop(ir, opc, t, D, A);
            set_g(t, 0, test_vals[i]);
            finish();
            uint64_t got = get_g(t, form ? 0 : 2), want = ref_un(opc, t, test_vals[i]);
            cr_assert_eq(got, want, "%s_%s(%#llx) = %#llx, want %#llx", ir_op_defs[opc].name,
                         t == IR_I32 ? "i32" : "i64", (unsigned long long)test_vals[i],
                         (unsigned long long)got, (unsigned long long)want);
        }
    }
}

Test(codegen, unary)
{
    static const IROpcode both[] = {IR_OP_neg,     IR_OP_not,     IR_OP_ext8s,
                                    IR_OP_ext8u,   IR_OP_ext16s,  IR_OP_ext16u,
                                    IR_OP_bswap16, IR_OP_bswap32, IR_OP_ctpop};
    for (unsigned i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
        check_un(both[i], IR_I32);
        check_un(both[i], IR_I64);
    }
    check_un(IR_OP_ext32s, IR_I64);
    check_un(IR_OP_ext32u, IR_I64);
    check_un(IR_OP_bswap64, IR_I64);
}

Test(codegen, width_changes)
{
    for (unsigned i = 0; i < NVALS; i++) {
        uint64_t v = test_vals[i], u = test_vals[(i + 5) % NVALS];
        begin();
        ir_extu_i32_i64(ir, g64[2], g32[0]);
        ir_exts_i32_i64(ir, g64[3], g32[0]);
        ir_extrl_i64_i32(ir, g32[2], g64[0]);
        ir_extrh_i64_i32(ir, g32[3], g64[0]);
        ir_concat_i32_i64(ir, g64[4], g32[0], g32[1]);
        env.r32[0] = (uint32_t)v;
        env.r32[1] = (uint32_t)u;
        env.r64[0] = v;
        finish();
        cr_assert_eq(env.r64[2], (uint32_t)v);
        cr_assert_eq(env.r64[3], (uint64_t)(int64_t)(int32_t)v);
        cr_assert_eq(env.r32[2], (uint32_t)v);
        cr_assert_eq(env.r32[3], (uint32_t)(v >> 32));
        cr_assert_eq(env.r64[4], (uint64_t)(uint32_t)u << 32 | (uint32_t)v);
    }
}

/* An i32 result used as a 64-bit value must be zero-extended in its register. */
Test(codegen, i32_results_are_zero_extended)
{
    begin();
    IRTemp t = ir_new_i32(ir);
    ir_add(ir, IR_I32, t, g32[0], g32[1]);
    ir_extu_i32_i64(ir, g64[0], t);
    env.r32[0] = 0xffffffff;
    env.r32[1] = 2;
    finish();
    cr_assert_eq(env.r64[0], 1);
}

/* -- Bit counts and fields -- */

static uint64_t ref_cnt(bool clz, IRType t, uint64_t a, uint64_t b)
{
    a &= mask_of(t);
    if (!a)
        return b & mask_of(t);
    if (clz)
        return (uint64_t)(t == IR_I32 ? __builtin_clz((uint32_t)a) : __builtin_clzll(a));
    return (uint64_t)__builtin_ctzll(a);
}

static void check_clz_ctz(void)
{
    for (int t = 0; t < 2; t++) {
        IRType ty = (IRType)t;
        for (unsigned i = 0; i < NVALS; i++) {
            for (int form = 0; form < 3; form++) {
                for (int clz = 0; clz < 2; clz++) {
                    uint64_t a = test_vals[i], b = form == 0 ? (t ? 64 : 32) : 77;
                    begin();
                    IRTemp B = form == 2 ? G(ty, 1) : ir_const(ir, ty, (int64_t)b);
                    ir_binop(ir, clz ? IR_OP_clz : IR_OP_ctz, ty, G(ty, 2), G(ty, 0), B);
                    set_g(ty, 0, a);
                    set_g(ty, 1, b);
                    finish();
                    cr_assert_eq(get_g(ty, 2), ref_cnt(clz, ty, a, b), "%s t%d form %d a=%#llx",
                                 clz ? "clz" : "ctz", t, form, (unsigned long long)a);
                }
            }
        }
    }
}

static uint64_t ref_extract(IRType t, bool sign, uint64_t a, unsigned pos, unsigned len)
{
    uint64_t v = (a & mask_of(t)) >> pos;
    v &= len == 64 ? ~0ull : (1ull << len) - 1;
    if (sign && len < 64 && (v >> (len - 1)) & 1)
        v |= ~0ull << len;
    return v & mask_of(t);
}

static uint64_t ref_deposit(IRType t, uint64_t a, uint64_t b, unsigned pos, unsigned len)
{
    uint64_t f = (len == 64 ? ~0ull : (1ull << len) - 1) << pos;
    return ((a & ~f) | ((b << pos) & f)) & mask_of(t);
}

static const unsigned fields[][2] = {
    {0, 8},  {0, 16}, {0, 32},  {8, 8},  {4, 12}, {16, 16}, {0, 1},  {31, 1},  {1, 30}, {3, 29},
    {0, 31}, {24, 8}, {32, 32}, {0, 64}, {5, 40}, {40, 24}, {63, 1}, {20, 32}, {0, 33}, {1, 62}};

Test(codegen, extract_deposit)
{
    for (int t = 0; t < 2; t++) {
        IRType ty = (IRType)t;
        unsigned w = t ? 64 : 32;
        for (unsigned f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
            unsigned pos = fields[f][0], len = fields[f][1];
            if (pos + len > w)
                continue;
            for (unsigned i = 0; i < NVALS; i += 3) {
                uint64_t a = test_vals[i], b = test_vals[(i + 7) % NVALS];
                begin();
                ir_extract(ir, ty, G(ty, 2), G(ty, 0), pos, len);
                ir_sextract(ir, ty, G(ty, 3), G(ty, 0), pos, len);
                ir_deposit(ir, ty, G(ty, 4), G(ty, 0), G(ty, 1), pos, len);
                ir_deposit(ir, ty, G(ty, 5), G(ty, 0), ir_const(ir, ty, (int64_t)b), pos, len);
                ir_deposit(ir, ty, G(ty, 1), G(ty, 0), G(ty, 1), pos, len); /* d == b */
                set_g(ty, 0, a);
                set_g(ty, 1, b);
                finish();
                cr_assert_eq(get_g(ty, 2), ref_extract(ty, false, a, pos, len), "extract %u,%u",
                             pos, len);
                cr_assert_eq(get_g(ty, 3), ref_extract(ty, true, a, pos, len), "sextract %u,%u",
                             pos, len);
                cr_assert_eq(get_g(ty, 4), ref_deposit(ty, a, b, pos, len), "deposit %u,%u", pos,
                             len);
                cr_assert_eq(get_g(ty, 5), ref_deposit(ty, a, b, pos, len), "deposit imm %u,%u",
                             pos, len);
                cr_assert_eq(get_g(ty, 1), ref_deposit(ty, a, b, pos, len), "deposit d==b %u,%u",
                             pos, len);
            }
        }
    }
}

/* -- Comparisons and branches -- */

static const uint64_t cmp_vals[] = {0,
                                    1,
                                    2,
                                    (uint64_t)-1,
                                    (uint64_t)-2,
                                    0x7fffffff,
                                    0x80000000,
                                    0x8000000000000000ull,
                                    0x100000000ull};
#define NCMP (sizeof(cmp_vals) / sizeof(cmp_vals[0]))

Test(codegen, setcond_movcond_brcond_every_cond)
{
    for (int t = 0; t < 2; t++) {
        IRType ty = (IRType)t;
        for (int cond = IR_COND_NEVER; cond <= IR_COND_GTU; cond++) {
            for (unsigned i = 0; i < NCMP; i++) {
                for (unsigned j = 0; j < NCMP; j++) {
                    uint64_t a = cmp_vals[i] & mask_of(ty), b = cmp_vals[j] & mask_of(ty);
                    bool want = ir_cond_eval((IRCond)cond, ty, a, b);
                    begin();
                    ir_setcond(ir, ty, G(ty, 2), G(ty, 0), G(ty, 1), (IRCond)cond);
                    ir_setcond(ir, ty, G(ty, 3), G(ty, 0), ir_const(ir, ty, sext(ty, b)),
                               (IRCond)cond);
                    ir_movcond(ir, ty, G(ty, 4), G(ty, 0), G(ty, 1), G(ty, 5), G(ty, 6),
                               (IRCond)cond);
                    ir_movcond(ir, ty, G(ty, 5), G(ty, 0), ir_const(ir, ty, sext(ty, b)), G(ty, 5),
                               G(ty, 6), (IRCond)cond); /* d == v1 */
                    int l = ir_new_label(ir), end = ir_new_label(ir);
                    ir_brcond(ir, ty, G(ty, 0), G(ty, 1), (IRCond)cond, l);
                    ir_movi(ir, ty, G(ty, 7), 1);
                    ir_br(ir, end);
                    ir_set_label(ir, l);
                    ir_movi(ir, ty, G(ty, 7), 2);
                    ir_set_label(ir, end);
                    set_g(ty, 0, a);
                    set_g(ty, 1, b);
                    set_g(ty, 5, 0x55);
                    set_g(ty, 6, 0x66);
                    finish();
                    cr_assert_eq(get_g(ty, 2), want, "setcond %d %#llx %#llx", cond,
                                 (unsigned long long)a, (unsigned long long)b);
                    cr_assert_eq(get_g(ty, 3), want, "setcond imm %d", cond);
                    cr_assert_eq(get_g(ty, 4), want ? 0x55u : 0x66u, "movcond %d", cond);
                    cr_assert_eq(get_g(ty, 5), want ? 0x55u : 0x66u, "movcond d==v1 %d", cond);
                    cr_assert_eq(get_g(ty, 7), want ? 2u : 1u, "brcond %d", cond);
                }
            }
        }
    }
}

/* A loop: TB temps live across labels, back edges patch to bound labels. */
Test(codegen, loop_with_tb_temp)
{
    begin();
    IRTemp i = ir_new_tb(ir, IR_I32), sum = ir_new_tb(ir, IR_I32);
    ir_movi(ir, IR_I32, i, 0);
    ir_movi(ir, IR_I32, sum, 0);
    int top = ir_new_label(ir);
    ir_set_label(ir, top);
    ir_add(ir, IR_I32, sum, sum, i);
    ir_addi(ir, IR_I32, i, i, 1);
    ir_brcond(ir, IR_I32, i, g32[0], IR_COND_LTU, top);
    ir_mov(ir, IR_I32, g32[1], sum);
    env.r32[0] = 100;
    finish();
    cr_assert_eq(env.r32[1], 4950);
}

/* -- Double-word arithmetic -- */

Test(codegen, mulu2_muls2_add2_sub2)
{
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j += 3) {
            uint64_t a = test_vals[i], b = test_vals[j];
            begin();
            ir_mulu2(ir, IR_I64, g64[2], g64[3], g64[0], g64[1]);
            ir_muls2(ir, IR_I64, g64[4], g64[5], g64[0], g64[1]);
            ir_mulu2(ir, IR_I32, g32[2], g32[3], g32[0], g32[1]);
            ir_muls2(ir, IR_I32, g32[4], g32[5], g32[0], g32[1]);
            env.r64[0] = a;
            env.r64[1] = b;
            env.r32[0] = (uint32_t)a;
            env.r32[1] = (uint32_t)b;
            finish();
            unsigned __int128 pu = (unsigned __int128)a * b;
            __int128 ps = (__int128)(int64_t)a * (int64_t)b;
            cr_assert_eq(env.r64[2], (uint64_t)pu);
            cr_assert_eq(env.r64[3], (uint64_t)(pu >> 64));
            cr_assert_eq(env.r64[4], (uint64_t)ps);
            cr_assert_eq(env.r64[5], (uint64_t)((unsigned __int128)ps >> 64));
            uint64_t pu32 = (uint64_t)(uint32_t)a * (uint32_t)b;
            int64_t ps32 = (int64_t)(int32_t)a * (int32_t)b;
            cr_assert_eq(env.r32[2], (uint32_t)pu32);
            cr_assert_eq(env.r32[3], (uint32_t)(pu32 >> 32));
            cr_assert_eq(env.r32[4], (uint32_t)ps32);
            cr_assert_eq(env.r32[5], (uint32_t)((uint64_t)ps32 >> 32));

            begin();
            ir_add2(ir, IR_I32, g32[4], g32[5], g32[0], g32[1], g32[2], g32[3]);
            ir_sub2(ir, IR_I32, g32[6], g32[7], g32[0], g32[1], g32[2], g32[3]);
            ir_add2(ir, IR_I64, g64[4], g64[5], g64[0], g64[1], g64[2], ir_const_i64(ir, 7));
            env.r32[0] = (uint32_t)a;
            env.r32[1] = (uint32_t)(a >> 32);
            env.r32[2] = (uint32_t)b;
            env.r32[3] = (uint32_t)(b >> 32);
            env.r64[0] = a;
            env.r64[1] = b;
            env.r64[2] = b;
            finish();
            uint64_t s = a + b, d = a - b;
            cr_assert_eq(env.r32[4], (uint32_t)s);
            cr_assert_eq(env.r32[5], (uint32_t)(s >> 32));
            cr_assert_eq(env.r32[6], (uint32_t)d);
            cr_assert_eq(env.r32[7], (uint32_t)(d >> 32));
            unsigned __int128 s128 =
                ((unsigned __int128)b << 64 | a) + ((unsigned __int128)7 << 64 | b);
            cr_assert_eq(env.r64[4], (uint64_t)s128);
            cr_assert_eq(env.r64[5], (uint64_t)(s128 >> 64));
        }
    }
}

/* -- Register pressure -- */

Test(codegen, pressure_forces_spills)
{
    enum { N = 40 };
    begin();
    IRTemp t[N];
    for (int i = 0; i < N; i++) {
        t[i] = ir_new_i64(ir);
        ir_binopi(ir, IR_OP_mul, IR_I64, t[i], g64[0], i + 3);
    }
    IRTemp acc = ir_new_i64(ir);
    ir_mov(ir, IR_I64, acc, g64[1]);
    for (int i = 0; i < N; i++) {
        ir_binopi(ir, IR_OP_xor, IR_I64, t[i], t[i], i); /* keep every temp live and busy */
        ir_add(ir, IR_I64, acc, acc, t[i]);
    }
    ir_mov(ir, IR_I64, g64[2], acc);
    env.r64[0] = 0x123456789ull;
    env.r64[1] = 5;
    finish();
    uint64_t want = 5;
    for (int i = 0; i < N; i++)
        want += (env.r64[0] * (uint64_t)(i + 3)) ^ (uint64_t)i;
    cr_assert_eq(env.r64[2], want);
}

Test(codegen, pressure_with_divisions_and_shifts)
{
    enum { N = 20 };
    begin();
    IRTemp t[N];
    for (int i = 0; i < N; i++) {
        t[i] = ir_new_i32(ir);
        ir_addi(ir, IR_I32, t[i], g32[0], i * 17 + 1);
    }
    IRTemp acc = ir_new_i32(ir);
    ir_movi(ir, IR_I32, acc, 0);
    for (int i = 0; i < N; i++) {
        IRTemp q = ir_new_i32(ir), s = ir_new_i32(ir);
        ir_divu(ir, IR_I32, q, t[i], t[(i + 1) % N]);
        ir_shl(ir, IR_I32, s, t[i], t[(i + 3) % N]);
        ir_add(ir, IR_I32, acc, acc, q);
        ir_xor(ir, IR_I32, acc, acc, s);
    }
    ir_mov(ir, IR_I32, g32[1], acc);
    env.r32[0] = 1000;
    finish();
    uint32_t v[N], want = 0;
    for (int i = 0; i < N; i++)
        v[i] = 1000u + (uint32_t)(i * 17 + 1);
    for (int i = 0; i < N; i++) {
        want += v[i] / v[(i + 1) % N];
        want ^= v[i] << (v[(i + 3) % N] & 31);
    }
    cr_assert_eq(env.r32[1], want);
}

/* -- Helper calls -- */

static int helper_aligned;

static uint64_t helper8(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f,
                        uint64_t g, uint64_t h)
{
    helper_aligned = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

Test(codegen, call_with_8_args)
{
    begin();
    IRTemp ret = ir_new_i64(ir);
    IRTemp k = ir_const_i64(ir, 0x100000000ll);
    IRTemp live = ir_new_i64(ir);
    ir_addi(ir, IR_I64, live, g64[0], 11); /* must survive the call */
    ir_callN(ir, helper8, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, ret, g64[0], g32[0],
             g64[1], k, g32[1], g64[2], g32[2], g64[3]);
    ir_add(ir, IR_I64, g64[4], ret, live);
    env.r64[0] = 1;
    env.r32[0] = 0xffffffff; /* zero-extended */
    env.r64[1] = 3;
    env.r32[1] = 5;
    env.r64[2] = 6;
    env.r32[2] = 0x80000000;
    env.r64[3] = 9;
    finish();
    uint64_t want = helper8(1, 0xffffffff, 3, 0x100000000ull, 5, 6, 0x80000000, 9) + 12;
    cr_assert_eq(env.r64[4], want);
    cr_assert(helper_aligned, "stack not 16-byte aligned inside the helper");
}

static uint32_t helper_rw(TestEnv *e)
{
    uint32_t old = e->r32[0];
    e->r32[0] = old * 10;
    return old + 0xffff0000u;
}

/* A helper that reads and writes globals sees synced values, and globals are reloaded after. */
Test(codegen, call_syncs_and_reloads_globals)
{
    begin();
    IRTemp r = ir_new_i32(ir);
    ir_addi(ir, IR_I32, g32[0], g32[0], 1);
    ir_callN(ir, helper_rw, 0, r, IR_ENV);
    ir_add(ir, IR_I32, g32[1], g32[0], r);
    ir_extu_i32_i64(ir, g64[0], r);
    env.r32[0] = 4;
    finish();
    cr_assert_eq(env.r32[0], 50);
    cr_assert_eq(env.r32[1], 50 + 5 + 0xffff0000u);
    cr_assert_eq(env.r64[0], 5 + 0xffff0000u);
}

/* Sums the 32-bit globals as the helper sees them in env. */
static uint32_t helper_sum(TestEnv *e)
{
    uint32_t s = 0;
    for (int i = 0; i < 8; i++)
        s = s * 31 + e->r32[i];
    return s;
}

static uint32_t sum_of(const uint32_t *r)
{
    uint32_t s = 0;
    for (int i = 0; i < 8; i++)
        s = s * 31 + r[i];
    return s;
}

/*
 * A helper that reads (but does not write) globals sees each one as last
 * written, whatever mix of register values, constants and syncs came
 * before: the allocator syncs only the globals written since the last
 * sync, so a global written, synced, then written again must be stored
 * again, and one synced and left alone must not be clobbered.
 */
Test(codegen, read_only_calls_see_every_global_written_since_last_sync)
{
    const unsigned cf = IR_CALL_NO_WRITE_GLOBALS;
    begin();
    IRTemp s[5];
    for (int i = 0; i < 5; i++)
        s[i] = ir_new_i64(ir);
    IRTemp r[5];
    for (int i = 0; i < 5; i++)
        r[i] = ir_new_i32(ir);
    ir_addi(ir, IR_I32, g32[0], g32[0], 1); /* in a register */
    ir_movi(ir, IR_I32, g32[1], 0x1234);    /* a constant */
    ir_callN(ir, helper_sum, cf, r[0], IR_ENV);
    ir_addi(ir, IR_I32, g32[0], g32[0], 2);     /* written again after the sync, */
    ir_add(ir, IR_I32, g32[5], g32[0], g32[0]); /* and read: still only in a register */
    ir_callN(ir, helper_sum, cf, r[1], IR_ENV);
    ir_callN(ir, helper_sum, cf, r[2], IR_ENV); /* nothing written since */
    ir_movi(ir, IR_I32, g32[7], -5);
    ir_movi(ir, IR_I32, g32[1], 0x777); /* constant replaced */
    ir_add(ir, IR_I32, g32[4], g32[0], g32[3]);
    ir_callN(ir, helper_sum, cf, r[3], IR_ENV);
    ir_mov(ir, IR_I32, g32[2], g32[4]);
    ir_callN(ir, helper_sum, cf, r[4], IR_ENV);
    for (int i = 0; i < 5; i++) {
        ir_extu_i32_i64(ir, s[i], r[i]);
        ir_st(ir, IR_I64, s[i], IR_ENV, (int32_t)offsetof(TestEnv, r64[i]), MO_64);
    }
    uint32_t v[8] = {10, 20, 30, 40, 50, 60, 70, 80};
    memcpy(env.r32, v, sizeof(v));
    finish();
    uint32_t want[5];
    v[0] += 1;
    v[1] = 0x1234;
    want[0] = sum_of(v);
    v[0] += 2;
    v[5] = 2 * v[0];
    want[1] = want[2] = sum_of(v);
    v[7] = (uint32_t)-5;
    v[1] = 0x777;
    v[4] = v[0] + v[3];
    want[3] = sum_of(v);
    v[2] = v[4];
    want[4] = sum_of(v);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(env.r64[i], want[i], "call %d saw stale globals", i);
    cr_assert_eq(memcmp(env.r32, v, sizeof(v)), 0, "globals at the TB exit");
}

/* -- Memory -- */

Test(codegen, host_ld_st_memops)
{
    begin();
    int32_t m = (int32_t)offsetof(TestEnv, mem);
    ir_ld(ir, IR_I64, g64[0], IR_ENV, m, MO_SB);
    ir_ld(ir, IR_I64, g64[1], IR_ENV, m, MO_UW);
    ir_ld(ir, IR_I64, g64[2], IR_ENV, m, MO_SL);
    ir_ld(ir, IR_I32, g32[0], IR_ENV, m, MO_SW);
    ir_ld(ir, IR_I32, g32[1], IR_ENV, m + 8, MO_UB);
    ir_st(ir, IR_I32, g32[2], IR_ENV, m + 16, MO_16);
    ir_st(ir, IR_I64, ir_const_i64(ir, -2), IR_ENV, m + 24, MO_64);
    ir_st(ir, IR_I32, ir_const_i32(ir, 0x1234abcd), IR_ENV, m + 20, MO_8);
    env.mem[0] = 0x00000000f234f280ull;
    env.mem[1] = 0x99;
    env.r32[2] = 0xabcdef01;
    finish();
    cr_assert_eq(env.r64[0], (uint64_t)-128);
    cr_assert_eq(env.r64[1], 0xf280);
    cr_assert_eq(env.r64[2], 0xfffffffff234f280ull);
    cr_assert_eq(env.r32[0], 0xfffff280);
    cr_assert_eq(env.r32[1], 0x99);
    cr_assert_eq(env.mem[2], 0xcd0000ef01ull);
    cr_assert_eq(env.mem[3], (uint64_t)-2);
}

static uint8_t *guest_mem_setup(void)
{
    uint8_t *m = calloc(1, 4096);
    guest_base = (uintptr_t)m;
    return m;
}

static void check_guest_ld_st(void)
{
    uint8_t *m = guest_mem_setup();
    /* the prologue loads guest_base on every entry */
    static const struct {
        unsigned mo;
        IRType t;
        uint64_t want;
    } lds[] = {
        {MO_UB, IR_I32, 0xf1},
        {MO_SB, IR_I32, 0xfffffff1},
        {MO_UW, IR_I32, 0xf2f1},
        {MO_SW, IR_I64, 0xfffffffffffff2f1ull},
        {MO_UL, IR_I64, 0xf4f3f2f1},
        {MO_SL, IR_I64, 0xfffffffff4f3f2f1ull},
        {MO_UQ, IR_I64, 0x08070605f4f3f2f1ull},
        {MO_UW | MO_BSWAP, IR_I32, 0xf1f2},
        {MO_SW | MO_BSWAP, IR_I32, 0xfffff1f2},
        {MO_UL | MO_BSWAP, IR_I32, 0xf1f2f3f4},
        {MO_SL | MO_BSWAP, IR_I64, 0xfffffffff1f2f3f4ull},
        {MO_UQ | MO_BSWAP, IR_I64, 0xf1f2f3f405060708ull},
    };
    for (unsigned i = 0; i < sizeof(lds) / sizeof(lds[0]); i++) {
        static const uint8_t bytes[8] = {0xf1, 0xf2, 0xf3, 0xf4, 5, 6, 7, 8};
        memcpy(m + 0x100, bytes, 8);
        begin();
        ir_guest_ld(ir, lds[i].t, G(lds[i].t, 2), g32[0], lds[i].mo, 0);
        ir_guest_ld(ir, lds[i].t, G(lds[i].t, 3), g64[0], lds[i].mo, 0); /* 64-bit address */
        env.r32[0] = 0x100;
        env.r64[0] = 0x100;
        finish();
        cr_assert_eq(get_g(lds[i].t, 2), lds[i].want, "guest_ld %u", i);
        cr_assert_eq(get_g(lds[i].t, 3), lds[i].want, "guest_ld a64 %u", i);
    }
    static const struct {
        unsigned mo;
        uint64_t want;
    } sts[] = {
        {MO_8, 0xef},
        {MO_16, 0xcdef},
        {MO_32, 0x89abcdef},
        {MO_64, 0x0123456789abcdefull},
        {MO_16 | MO_BSWAP, 0xefcd},
        {MO_32 | MO_BSWAP, 0xefcdab89},
        {MO_64 | MO_BSWAP, 0xefcdab8967452301ull},
    };
    for (unsigned i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
        memset(m + 0x200, 0, 16);
        begin();
        ir_guest_st(ir, IR_I64, g64[1], g32[0], sts[i].mo, 0);
        ir_guest_st(ir, IR_I64, ir_const_i64(ir, 0x0123456789abcdefll), g32[1], sts[i].mo, 0);
        env.r32[0] = 0x200;
        env.r32[1] = 0x208;
        env.r64[1] = 0x0123456789abcdefull;
        finish();
        uint64_t got, got2;
        memcpy(&got, m + 0x200, 8);
        memcpy(&got2, m + 0x208, 8);
        cr_assert_eq(got, sts[i].want, "guest_st %u: %#llx", i, (unsigned long long)got);
        cr_assert_eq(got2, sts[i].want, "guest_st imm %u", i);
    }
}

Test(codegen, guest_cmpxchg)
{
    uint8_t *m = guest_mem_setup();
    for (int hit = 0; hit < 2; hit++) {
        uint32_t word = 0x11223344;
        memcpy(m + 0x40, &word, 4);
        begin();
        ir_guest_cmpxchg(ir, IR_I32, g32[3], g32[0], g32[1], g32[2], MO_UL, 0);
        env.r32[0] = 0x40;
        env.r32[1] = hit ? 0x11223344 : 5;
        env.r32[2] = 0xcafe;
        finish();
        memcpy(&word, m + 0x40, 4);
        cr_assert_eq(env.r32[3], 0x11223344);
        cr_assert_eq(word, hit ? 0xcafeu : 0x11223344u);
    }
    uint64_t q = 0x8877665544332211ull;
    memcpy(m + 0x80, &q, 8);
    begin();
    ir_guest_cmpxchg(ir, IR_I64, g64[3], g32[0], g64[1], g64[2], MO_UQ | MO_BSWAP, 0);
    ir_guest_cmpxchg(ir, IR_I32, g32[4], g32[5], g32[6], g32[7], MO_UB, 0);
    env.r32[0] = 0x80;
    env.r64[1] = 0x1122334455667788ull;
    env.r64[2] = 0x0102030405060708ull;
    env.r32[5] = 0x81;
    env.r32[6] = 0x22;
    env.r32[7] = 0x99;
    finish();
    cr_assert_eq(env.r64[3], 0x1122334455667788ull);
    cr_assert_eq(env.r32[4], 0x02); /* the first cmpxchg stored 01 02 03 .. at 0x80 */
    memcpy(&q, m + 0x80, 8);
    cr_assert_eq(q, 0x0807060504030201ull); /* the byte compare failed */
}

/* -- TB exits and chaining -- */

Test(codegen, goto_tb_and_patch)
{
    /* TB 2 at the end of the buffer returns 0x77 */
    uint8_t *tb2 = tb_code + 0x8000;
    ir_reset(ir);
    ir_insn_start(ir, 0x2000, 0);
    ir_movi(ir, IR_I32, g32[1], 9);
    ir_exit_tb(ir, 0x77);
    cr_assert_eq(codegen_tb(ir, tb2, 0x1000, &res), 0);

    begin();
    ir_addi(ir, IR_I32, g32[0], g32[0], 1);
    ir_goto_tb(ir, 0);
    ir_exit_tb(ir, 0x41);
    int rc = codegen_tb(ir, tb_code, tb_room, &res);
    cr_assert_eq(rc, 0);
    cr_assert_neq(res.jmp_insn_offset[0], 0xffff);
    cr_assert_eq(res.jmp_insn_offset[1], 0xffff);
    cr_assert_eq(((uintptr_t)tb_code + res.jmp_insn_offset[0] + 1) % 4, 0);
    cr_assert_eq(res.jmp_reset_offset[0], res.jmp_insn_offset[0] + 5);
    cr_assert_eq(res.nb_insns, 1);
    cr_assert_eq(res.insn_end[0], res.size);
    cr_assert_eq(res.insn_data[0][0], 0x1000);
    cr_assert_eq(codegen_enter(&env, tb_code), 0x41);
    cr_assert_eq(env.r32[0], 1, "globals are synced before goto_tb");
    codegen_patch_jump((uintptr_t)tb_code + res.jmp_insn_offset[0], (uintptr_t)tb2);
    cr_assert_eq(codegen_enter(&env, tb_code), 0x77);
    cr_assert_eq(env.r32[0], 2);
    cr_assert_eq(env.r32[1], 9);
    codegen_patch_jump((uintptr_t)tb_code + res.jmp_insn_offset[0],
                       (uintptr_t)tb_code + res.jmp_reset_offset[0]);
    cr_assert_eq(codegen_enter(&env, tb_code), 0x41);
}

Test(codegen, goto_ptr_and_exit_zero)
{
    uint8_t *tb2 = tb_code + 0x8000;
    ir_reset(ir);
    ir_insn_start(ir, 0x2000, 0);
    ir_exit_tb(ir, 0);
    cr_assert_eq(codegen_tb(ir, tb2, 0x1000, &res), 0);
    begin();
    ir_movi(ir, IR_I32, g32[0], 3);
    ir_goto_ptr(ir, g64[0]);
    env.r64[0] = (uintptr_t)tb2;
    cr_assert_eq(codegen_tb(ir, tb_code, tb_room, &res), 0);
    cr_assert_eq(codegen_enter(&env, tb_code), 0);
    cr_assert_eq(env.r32[0], 3);
}

Test(codegen, insn_table)
{
    begin();
    ir_addi(ir, IR_I32, g32[0], g32[0], 1);
    ir_insn_start(ir, 0x1004, 1);
    ir_guest_ld(ir, IR_I32, g32[1], g32[2], MO_UL, 0);
    ir_insn_start(ir, 0x1008, 2);
    ir_addi(ir, IR_I32, g32[3], g32[3], 1);
    guest_mem_setup();
    finish();
    cr_assert_eq(res.nb_insns, 3);
    cr_assert(res.insn_end[0] <= res.insn_end[1] && res.insn_end[1] <= res.insn_end[2]);
    cr_assert_eq(res.insn_data[1][0], 0x1004);
    cr_assert_eq(res.insn_data[2][1], 2);
    cr_assert_eq(env.r32[0], 1);
}

Test(codegen, small_buffer_fails_cleanly)
{
    begin();
    for (int i = 0; i < 50; i++)
        ir_addi(ir, IR_I32, g32[i % 8], g32[(i + 1) % 8], i);
    ir_exit_tb(ir, 0);
    cr_assert_eq(codegen_tb(ir, tb_code, 64, &res), -1);
}

/* A TB temp read at a loop head before its first write in linear order gets
 * the value the back edge stored. */
Test(codegen, tb_temp_carried_by_back_edge)
{
    begin();
    IRTemp prev = ir_new_tb(ir, IR_I32), i = ir_new_tb(ir, IR_I32);
    ir_movi(ir, IR_I32, i, 0);
    int top = ir_new_label(ir), first = ir_new_label(ir), body = ir_new_label(ir);
    ir_br(ir, first);
    ir_set_label(ir, top);
    ir_add(ir, IR_I32, g32[1], g32[1], prev); /* prev written below */
    ir_br(ir, body);
    ir_set_label(ir, first);
    ir_set_label(ir, body);
    ir_mov(ir, IR_I32, prev, i);
    ir_addi(ir, IR_I32, i, i, 1);
    ir_brcondi(ir, IR_I32, i, 10, IR_COND_LT, top);
    env.r32[1] = 0;
    finish();
    cr_assert_eq(env.r32[1], 0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8);
}

/* Arguments that die at the call sit in call-clobbered registers, often in
 * another argument's register: the allocator must order the moves (and
 * break cycles) correctly. Several permutations of 12 live temps. */
Test(codegen, call_argument_permutations)
{
    static const int perms[][8] = {
        {9, 8, 11, 10, 5, 4, 6, 7}, {10, 8, 9, 11, 4, 5, 7, 6}, {8, 9, 10, 11, 4, 5, 6, 7},
        {11, 10, 9, 8, 7, 6, 5, 4}, {0, 9, 1, 8, 2, 10, 3, 11}, {5, 5, 9, 9, 8, 0, 8, 1},
    };
    for (unsigned p = 0; p < sizeof(perms) / sizeof(perms[0]); p++) {
        begin();
        IRTemp t[12], ret = ir_new_i64(ir);
        for (int i = 0; i < 12; i++) {
            t[i] = ir_new_i64(ir);
            ir_addi(ir, IR_I64, t[i], g64[0], (i + 1) * 0x101);
        }
        const int *q = perms[p];
        ir_callN(ir, helper8, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, ret, t[q[0]],
                 t[q[1]], t[q[2]], t[q[3]], t[q[4]], t[q[5]], t[q[6]], t[q[7]]);
        ir_add(ir, IR_I64, ret, ret, t[0]);
        ir_add(ir, IR_I64, ret, ret, t[3]);
        ir_mov(ir, IR_I64, g64[1], ret);
        env.r64[0] = 1000;
        finish();
        uint64_t v[12];
        for (int i = 0; i < 12; i++)
            v[i] = 1000 + (uint64_t)(i + 1) * 0x101;
        uint64_t want =
            helper8(v[q[0]], v[q[1]], v[q[2]], v[q[3]], v[q[4]], v[q[5]], v[q[6]], v[q[7]]) + v[0] +
            v[3];
        cr_assert_eq(env.r64[1], want, "permutation %u", p);
    }
}

/* rdi and rsi hold each other's argument: the move needs a swap. */
Test(codegen, call_argument_cycle)
{
    begin();
    IRTemp t[9], ret = ir_new_i64(ir);
    for (int i = 0; i < 9; i++) {
        t[i] = ir_new_i64(ir);
        ir_addi(ir, IR_I64, t[i], g64[0], i + 1);
    }
    ir_callN(ir, helper8, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, ret, t[8], t[7], t[0],
             t[1], t[2], t[3], t[4], t[5]);
    ir_add(ir, IR_I64, g64[1], ret, t[6]);
    env.r64[0] = 100;
    finish();
    cr_assert_eq(env.r64[1], helper8(109, 108, 101, 102, 103, 104, 105, 106) + 107);
}

static uintptr_t raise_retaddr;

static void helper_may_raise(void *e)
{
    (void)e;
    raise_retaddr = (uintptr_t)__builtin_return_address(0);
}

/* The return address of a helper that may raise lies inside the host code
 * of the guest insn that called it, even when the call ends that insn. */
Test(codegen, may_raise_call_return_address_is_inside_its_insn)
{
    begin();
    ir_addi(ir, IR_I32, g32[0], g32[0], 1);
    ir_insn_start(ir, 0x1004, 0);
    ir_callN(ir, helper_may_raise, IR_CALL_MAY_RAISE, IR_NO_TEMP, IR_ENV);
    ir_insn_start(ir, 0x1008, 0);
    ir_addi(ir, IR_I32, g32[1], g32[1], 1);
    finish();
    uintptr_t off = raise_retaddr - (uintptr_t)tb_code;
    cr_assert_eq(res.nb_insns, 3);
    cr_assert(off > res.insn_end[0] && off < res.insn_end[1],
              "return offset %lu, insn 1 is [%u, %u)", (unsigned long)off, res.insn_end[0],
              res.insn_end[1]);
}

Test(codegen, clz_ctz)
{
    check_clz_ctz();
}
Test(codegen, guest_ld_st)
{
    check_guest_ld_st();
}

/* The fallbacks for hosts without lzcnt/tzcnt, bmi1/bmi2 and movbe. */
Test(codegen, without_host_extensions)
{
    x64_features.lzcnt = x64_features.tzcnt = x64_features.movbe = false;
    x64_features.bmi1 = x64_features.bmi2 = false;
    check_bin_all(IR_OP_shl);
    check_bin_all(IR_OP_shr);
    check_bin_all(IR_OP_sar);
    check_bin_all(IR_OP_andc);
    check_clz_ctz();
    check_guest_ld_st();
}

/* The same with the extensions the host has (bmi1/bmi2/movbe at least). */
Test(codegen, with_host_extensions)
{
    x64_probe_features();
    if (!x64_features.bmi2 || !x64_features.movbe) {
        cr_log_warn("host lacks bmi2/movbe: extension paths not tested");
        return;
    }
    check_bin_all(IR_OP_shl);
    check_bin_all(IR_OP_sar);
    check_bin_all(IR_OP_andc);
    check_clz_ctz();
    check_guest_ld_st();
}

/* More live values than registers + spill slots: a clean -2, so the caller
 * retranslates with fewer guest insns. */
Test(codegen, too_many_live_values_fails_with_minus_2)
{
    enum { N = 200 };
    begin();
    IRTemp t[N];
    for (int i = 0; i < N; i++) {
        t[i] = ir_new_i64(ir);
        ir_addi(ir, IR_I64, t[i], g64[0], i + 1);
    }
    for (int i = 0; i < N; i++)
        ir_add(ir, IR_I64, g64[1], g64[1], t[i]);
    ir_exit_tb(ir, 0);
    cr_assert_eq(codegen_tb(ir, tb_code, tb_room, &res), -2);
}

/* A conditionally skipped insn: globals stay in registers across its label,
 * whichever path reaches it, also when the skipped code spills. */
Test(codegen, skipped_insn_keeps_globals_in_registers)
{
    for (int taken = 0; taken < 2; taken++) {
        begin();
        IRTemp x = ir_new_i32(ir);
        ir_addi(ir, IR_I32, x, g32[0], 1);
        ir_mov(ir, IR_I32, g32[0], x);
        ir_add(ir, IR_I32, g32[1], g32[1], g32[0]);
        int skip = ir_new_label(ir);
        ir_brcondi(ir, IR_I32, g32[2], 0, IR_COND_NE, skip);
        IRTemp t[20];
        for (int i = 0; i < 20; i++) {
            t[i] = ir_new_i32(ir);
            ir_addi(ir, IR_I32, t[i], g32[3], i);
        }
        for (int i = 0; i < 20; i++)
            ir_add(ir, IR_I32, g32[0], g32[0], t[i]);
        ir_addi(ir, IR_I32, g32[1], g32[1], 100);
        ir_set_label(ir, skip);
        ir_add(ir, IR_I32, g32[4], g32[0], g32[1]);
        env.r32[0] = 10;
        env.r32[1] = 20;
        env.r32[2] = (uint32_t)taken;
        env.r32[3] = 1;
        finish();
        uint32_t g0 = 11, g1 = 20 + 11;
        if (!taken) {
            for (int i = 0; i < 20; i++)
                g0 += 1 + (uint32_t)i;
            g1 += 100;
        }
        cr_assert_eq(env.r32[0], g0, "taken=%d", taken);
        cr_assert_eq(env.r32[1], g1, "taken=%d", taken);
        cr_assert_eq(env.r32[4], g0 + g1, "taken=%d", taken);
    }
}

/* -- Inline jump-cache probe and alignment faults: env is a real CPUState -- */

typedef struct ProbeEnv {
    CPUState common;
    uint64_t out;
} ProbeEnv;

static ProbeEnv penv;

/* call helper_lookup_tb + goto_ptr: a hit jumps to the cached code without
 * the call; any key difference falls back to the helper, which (with
 * cflags_next_tb set) answers "return to the loop". */
Test(codegen, lookup_probe_hit_and_miss)
{
    static TBJumpCache jc;
    const uint64_t pc = 0x12344;
    const uint32_t fl = 0x21;
    uint8_t *tb2 = tb_code + 0x8000;
    ir_reset(ir);
    ir_insn_start(ir, 0x2000, 0);
    ir_exit_tb(ir, 0x58);
    cr_assert_eq(codegen_tb(ir, tb2, 0x1000, &res), 0);
    begin();
    IRTemp p = ir_new_i64(ir);
    ir_callN(ir, helper_lookup_tb, IR_CALL_NO_WRITE_GLOBALS, p, IR_ENV, ir_const_i64(ir, pc),
             ir_const_i32(ir, fl));
    ir_goto_ptr(ir, p);
    cr_assert_eq(codegen_tb(ir, tb_code, tb_room, &res), 0);
    cr_assert(memmem(tb_code, res.size, "\xff\x61\x10", 3), "jmp [rcx + 16] is emitted inline");

    memset(&penv, 0, sizeof(penv));
    penv.common.jc = &jc;
    penv.common.cflags_next_tb = 1;
    TBJumpCacheEntry *e = &jc.array[tb_jc_hash(pc)];
    *e = (TBJumpCacheEntry){.pc = pc, .flags = fl, .host_code = tb2, .tb = (TranslationBlock *)&jc};
    cr_assert_eq(codegen_enter(&penv, tb_code), 0x58, "hit");
    e->flags = fl ^ 1;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "flags differ");
    e->flags = fl;
    e->tag = CF_NO_CHAIN;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "cflags != 0");
    e->tag = 0;
    penv.common.jc_gen = (uint64_t)TB_JC_GEN_STEP << 32;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "an entry of an older generation");
    e->tag = TB_JC_GEN_STEP;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0x58, "an entry of the current generation");
    e->tag = TB_JC_GEN_STEP | CF_NO_CHAIN;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "current generation, cflags != 0");
    penv.common.jc_gen = 0;
    e->tag = 0;
    e->tb = NULL;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "invalidated entry");
    e->tb = (TranslationBlock *)&jc;
    e->pc = pc + 2;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0, "pc differs");
    e->pc = pc;
    cr_assert_eq(codegen_enter(&penv, tb_code), 0x58, "hit again");
}

/* Runs one guest access at addr; true if it raised EXCP_UNALIGNED. */
static bool run_access(int kind, unsigned mo, uint32_t addr)
{
    IRType t = (mo & MO_SIZE) == MO_64 ? IR_I64 : IR_I32;
    begin();
    IRTemp a = ir_new_i32(ir), v = ir_new(ir, t);
    ir_mov(ir, IR_I32, a, ir_const_i32(ir, (int32_t)addr));
    if (kind == 0) {
        ir_guest_ld(ir, t, v, a, mo, 0);
        ir_st(ir, t, v, IR_ENV, offsetof(ProbeEnv, out), t == IR_I64 ? MO_64 : MO_32);
    } else if (kind == 1) {
        ir_guest_st(ir, t, ir_const(ir, t, 0x5a), a, mo, 0);
    } else {
        IRTemp a64 = ir_new_i64(ir);
        ir_extu_i32_i64(ir, a64, a);
        ir_guest_cmpxchg(ir, t, v, a64, ir_const(ir, t, 0), ir_const(ir, t, 7), mo, 0);
        ir_st(ir, t, v, IR_ENV, offsetof(ProbeEnv, out), t == IR_I64 ? MO_64 : MO_32);
    }
    ir_exit_tb(ir, 0x40);
    cr_assert_eq(codegen_tb(ir, tb_code, tb_room, &res), 0);
    memset(&penv, 0, sizeof(penv));
    penv.common.exception_index = EXCP_NONE;
    if (sigsetjmp(penv.common.jmp_env, 0) == 0) {
        cr_assert_eq(codegen_enter(&penv, tb_code), 0x40);
        return false;
    }
    cr_assert_eq(penv.common.exception_index, EXCP_UNALIGNED);
    cr_assert_eq(penv.common.fault_addr, addr);
    return true;
}

Test(codegen, misaligned_access_raises)
{
    static const struct {
        unsigned mo;
        uint32_t addr;
        bool raises;
    } cases[] = {
        {MO_UB | MO_ALIGN, 0x103, false}, {MO_UW | MO_ALIGN, 0x102, false},
        {MO_UW | MO_ALIGN, 0x101, true},  {MO_UL | MO_ALIGN, 0x104, false},
        {MO_UL | MO_ALIGN, 0x102, true},  {MO_UL | MO_ALIGN, 0x107, true},
        {MO_UQ | MO_ALIGN, 0x108, false}, {MO_UQ | MO_ALIGN, 0x104, true},
        {MO_UL, 0x101, false},            {MO_UL | MO_ALIGN | MO_BSWAP, 0x106, true},
    };
    uint8_t *m = guest_mem_setup();
    for (int kind = 0; kind < 3; kind++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            memset(m, 0, 4096);
            bool r = run_access(kind, cases[i].mo, cases[i].addr);
            cr_assert_eq(r, cases[i].raises, "kind %d case %zu", kind, i);
            if (kind == 1)
                cr_assert_eq(m[cases[i].addr], r ? 0 : 0x5a, "a faulting store writes nothing");
        }
    }
}

/* Runs one vector guest access of type t at addr; true if it raised
 * EXCP_UNALIGNED. A store writes 0x5a bytes, which must not land on a
 * fault. */
static bool run_vec_access(bool store, IRType t, unsigned mo, uint32_t addr)
{
    begin();
    IRTemp a = ir_new_i32(ir), v = ir_new(ir, t);
    ir_mov(ir, IR_I32, a, ir_const_i32(ir, (int32_t)addr));
    if (store) {
        ir_dupi_vec(ir, t, MO_8, v, 0x5a);
        ir_guest_st_vec(ir, t, v, a, mo, 0);
    } else {
        ir_guest_ld_vec(ir, t, v, a, mo, 0);
    }
    ir_exit_tb(ir, 0x40);
    cr_assert_eq(codegen_tb(ir, tb_code, tb_room, &res), 0);
    memset(&penv, 0, sizeof(penv));
    penv.common.exception_index = EXCP_NONE;
    if (sigsetjmp(penv.common.jmp_env, 0) == 0) {
        cr_assert_eq(codegen_enter(&penv, tb_code), 0x40);
        return false;
    }
    cr_assert_eq(penv.common.exception_index, EXCP_UNALIGNED);
    cr_assert_eq(penv.common.fault_addr, addr);
    return true;
}

/* MO_ALIGN on a vector access checks the vector's own size: 16 or 8 bytes. */
Test(codegen, misaligned_vector_access_raises)
{
    static const struct {
        IRType t;
        unsigned mo;
        uint32_t addr;
        bool raises;
    } cases[] = {
        {IR_V128, MO_ALIGN, 0x110, false}, {IR_V128, MO_ALIGN, 0x108, true},
        {IR_V128, MO_ALIGN, 0x101, true},  {IR_V128, 0, 0x103, false},
        {IR_V64, MO_ALIGN, 0x108, false},  {IR_V64, MO_ALIGN, 0x104, true},
        {IR_V64, 0, 0x10f, false},
    };
    uint8_t *m = guest_mem_setup();
    for (int store = 0; store < 2; store++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            memset(m, 0, 4096);
            bool r = run_vec_access(store, cases[i].t, cases[i].mo, cases[i].addr);
            cr_assert_eq(r, cases[i].raises, "%s case %zu", store ? "store" : "load", i);
            if (store)
                cr_assert_eq(m[cases[i].addr], r ? 0 : 0x5a, "a faulting store writes nothing");
        }
    }
}
