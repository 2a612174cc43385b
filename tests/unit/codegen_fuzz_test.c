/*
 * Randomized end-to-end check of codegen_tb: random valid IR (globals of
 * both widths, TB and block temps, constants, forward branches, helper
 * calls with up to 8 arguments, guest loads/stores with and without
 * alignment checks, double-word ops) is run
 * by a small reference interpreter written here with plain C arithmetic,
 * then compiled (optimizer, liveness, register allocation, x86_64 backend)
 * and executed. Every global and the guest memory must agree.
 *
 * Programs use many temps at once, so the allocator spills, evicts fixed
 * registers (rcx for shifts, rax/rdx for div and mul) and moves call
 * arguments in every order. A failure prints the seed and the IR.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/ir.h"
#include "tests/unit/code_buffer.h"

typedef struct FzEnv {
    uint32_t r32[8];
    uint64_t r64[8];
} FzEnv;

#define NB_BBT 8
#define NB_TBT 3
#define NB_BLOCKS 6
#define MEM_SIZE 1024

static IRContext *ir;
static uint8_t *tb_code;
static size_t tb_room;
static IRTemp g[2][8];
static uint8_t *gmem;

typedef struct Fz {
    uint64_t rng;
    IRTemp bbt[2][NB_BBT], tbt[2][NB_TBT];
    bool bbdef[2][NB_BBT];
    int labels[NB_BLOCKS + 1];
    int exit_label; /* early exit: exit_tb 0x41 after the last block */
} Fz;

static void setup(void)
{
    tb_code = test_code_buffer(1 << 22, &tb_room);
    ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static const char *n32[] = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"};
    static const char *n64[] = {"q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"};
    for (int i = 0; i < 8; i++)
        g[0][i] = ir_global(ir, IR_I32, (int32_t)offsetof(FzEnv, r32[i]), n32[i]);
    for (int i = 0; i < 8; i++)
        g[1][i] = ir_global(ir, IR_I64, (int32_t)offsetof(FzEnv, r64[i]), n64[i]);
    gmem = calloc(1, MEM_SIZE + 16);
    guest_base = (uintptr_t)gmem;
}

TestSuite(codegen_fuzz, .init = setup);

/* -- Helpers the programs call -- */

static uint64_t fz_pure(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f,
                        uint64_t g_, uint64_t h)
{
    return a * 3 + (b ^ 0x55) + c * 7 + (d >> 3) + (e ^ f) * 5 + g_ * 11 + (h << 2);
}

static uint32_t fz_env(FzEnv *env)
{
    env->r32[7] = env->r32[7] * 31 + env->r32[0];
    return (uint32_t)env->r64[7] + 1;
}

/* -- Generator -- */

static uint64_t rnd(Fz *f)
{
    f->rng ^= f->rng << 13;
    f->rng ^= f->rng >> 7;
    f->rng ^= f->rng << 17;
    return f->rng;
}
static unsigned pick(Fz *f, unsigned n)
{
    return (unsigned)(rnd(f) % n);
}

static int64_t interesting(Fz *f)
{
    static const int64_t v[] = {0,
                                1,
                                2,
                                3,
                                7,
                                8,
                                31,
                                32,
                                63,
                                -1,
                                -2,
                                0x7f,
                                0x80,
                                0xff,
                                0x7fffffff,
                                (int64_t)0x80000000,
                                (int64_t)0xffffffff,
                                0x123456789,
                                INT64_MIN};
    return pick(f, 3) ? v[pick(f, sizeof(v) / sizeof(v[0]))] : (int64_t)rnd(f);
}

static IRTemp operand(Fz *f, int t)
{
    IRType ty = t ? IR_I64 : IR_I32;
    unsigned k = pick(f, 8);
    if (k < 3)
        return g[t][pick(f, 8)];
    if (k == 3)
        return ir_const(ir, ty, interesting(f));
    if (k == 4)
        return f->tbt[t][pick(f, NB_TBT)];
    unsigned b = pick(f, NB_BBT);
    return f->bbdef[t][b] ? f->bbt[t][b] : g[t][pick(f, 8)];
}

static IRTemp dest(Fz *f, int t)
{
    unsigned k = pick(f, 6);
    if (k < 2)
        return g[t][pick(f, 7)]; /* g[.][7] belongs to fz_env */
    if (k == 2)
        return f->tbt[t][pick(f, NB_TBT)];
    unsigned b = pick(f, NB_BBT);
    f->bbdef[t][b] = true;
    return f->bbt[t][b];
}

static const IROpcode binops[] = {IR_OP_add, IR_OP_sub,  IR_OP_mul,  IR_OP_and, IR_OP_or,
                                  IR_OP_xor, IR_OP_andc, IR_OP_orc,  IR_OP_shl, IR_OP_shr,
                                  IR_OP_sar, IR_OP_rotl, IR_OP_rotr, IR_OP_clz, IR_OP_ctz};
static const IROpcode unops[] = {IR_OP_neg,    IR_OP_not,    IR_OP_ext8s,   IR_OP_ext8u,
                                 IR_OP_ext16s, IR_OP_ext16u, IR_OP_bswap16, IR_OP_bswap32,
                                 IR_OP_ctpop,  IR_OP_mov};
static const IROpcode divops[] = {IR_OP_div, IR_OP_divu, IR_OP_rem, IR_OP_remu};

/* Operands are always chosen before destinations, so a block temp is read
 * only after an earlier op of the same block wrote it. */
static void gen_guest_mem(Fz *f, int t)
{
    IRType ty = t ? IR_I64 : IR_I32;
    unsigned size = pick(f, t ? 4 : 3);
    bool can_sign = size < (unsigned)(t ? 3 : 2);
    unsigned mo = size | (pick(f, 2) ? MO_BSWAP : 0) | (can_sign && pick(f, 2) ? MO_SIGN : 0);
    /* Addresses are 8-aligned, so MO_ALIGN adds its check but never faults. */
    mo |= pick(f, 2) ? MO_ALIGN : 0;
    IRTemp a = ir_new_i32(ir);
    ir_binopi(ir, IR_OP_and, IR_I32, a, operand(f, 0), MEM_SIZE - 8);
    IRTemp x = operand(f, t), y = operand(f, t);
    switch (pick(f, 3)) {
    case 0:
        ir_guest_ld(ir, ty, dest(f, t), a, mo, 0);
        break;
    case 1:
        ir_guest_st(ir, ty, x, a, mo & ~MO_SIGN, 0);
        break;
    default: {
        IRTemp a64 = ir_new_i64(ir);
        ir_extu_i32_i64(ir, a64, a);
        ir_guest_cmpxchg(ir, ty, dest(f, t), a64, x, y, mo, 0);
    }
    }
}

static void gen_op(Fz *f)
{
    int t = (int)pick(f, 2);
    IRType ty = t ? IR_I64 : IR_I32;
    unsigned w = t ? 64 : 32;
    IRTemp x = operand(f, t), y = operand(f, t), z = operand(f, t), u = operand(f, t);
    IRTemp x32 = operand(f, 0), y32 = operand(f, 0), x64 = operand(f, 1);
    switch (pick(f, 14)) {
    case 0:
    case 1:
    case 2:
    case 3:
        ir_binop(ir, binops[pick(f, sizeof(binops) / sizeof(binops[0]))], ty, dest(f, t), x, y);
        break;
    case 4: {
        IROpcode o = unops[pick(f, sizeof(unops) / sizeof(unops[0]))];
        if (o == IR_OP_mov)
            ir_mov(ir, ty, dest(f, t), x);
        else
            ir_unop(ir, o, ty, dest(f, t), x);
        break;
    }
    case 5: { /* positive divisor: no division by zero, no overflow */
        IRTemp d = ir_new(ir, ty);
        ir_binopi(ir, IR_OP_and, ty, d, y, 0x7fff);
        ir_binopi(ir, IR_OP_or, ty, d, d, 1);
        ir_binop(ir, divops[pick(f, 4)], ty, dest(f, t), x, d);
        break;
    }
    case 6: {
        unsigned pos = pick(f, w), len = 1 + pick(f, w - pos);
        unsigned k = pick(f, 3);
        if (k == 0)
            ir_extract(ir, ty, dest(f, t), x, pos, len);
        else if (k == 1)
            ir_sextract(ir, ty, dest(f, t), x, pos, len);
        else
            ir_deposit(ir, ty, dest(f, t), x, y, pos, len);
        break;
    }
    case 7:
        ir_setcond(ir, ty, dest(f, t), x, y, (IRCond)pick(f, 12));
        break;
    case 8:
        ir_movcond(ir, ty, dest(f, t), x, y, z, u, (IRCond)pick(f, 12));
        break;
    case 9: {
        IRTemp lo = dest(f, t), hi = dest(f, t);
        if (lo == hi) { /* dest() marked it written: write it */
            ir_mov(ir, ty, lo, x);
            break;
        }
        switch (pick(f, 4)) {
        case 0:
            ir_mulu2(ir, ty, lo, hi, x, y);
            break;
        case 1:
            ir_muls2(ir, ty, lo, hi, x, y);
            break;
        case 2:
            ir_add2(ir, ty, lo, hi, x, y, z, u);
            break;
        default:
            ir_sub2(ir, ty, lo, hi, x, y, z, u);
            break;
        }
        break;
    }
    case 10:
        switch (pick(f, 5)) {
        case 0:
            ir_extu_i32_i64(ir, dest(f, 1), x32);
            break;
        case 1:
            ir_exts_i32_i64(ir, dest(f, 1), x32);
            break;
        case 2:
            ir_extrl_i64_i32(ir, dest(f, 0), x64);
            break;
        case 3:
            ir_extrh_i64_i32(ir, dest(f, 0), x64);
            break;
        default:
            ir_concat_i32_i64(ir, dest(f, 1), x32, y32);
            break;
        }
        break;
    case 11:
        gen_guest_mem(f, t);
        break;
    case 12: {
        IRTemp in[8];
        unsigned n = pick(f, 9);
        for (unsigned i = 0; i < n; i++)
            in[i] = operand(f, (int)pick(f, 2));
        for (unsigned i = n; i < 8; i++)
            in[i] = ir_const_i64(ir, 0);
        ir_call(ir, (void *)fz_pure, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, dest(f, 1),
                8, in);
        break;
    }
    default:
        if (pick(f, 2))
            ir_callN(ir, fz_env, 0, dest(f, 0), IR_ENV);
        else
            ir_mov(ir, ty, dest(f, t), x);
        break;
    }
}

static void gen_program(Fz *f, unsigned ops_per_block)
{
    ir_reset(ir);
    memset(f->bbdef, 0, sizeof(f->bbdef));
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < NB_BBT; i++)
            f->bbt[t][i] = ir_new(ir, t ? IR_I64 : IR_I32);
        for (int i = 0; i < NB_TBT; i++)
            f->tbt[t][i] = ir_new_tb(ir, t ? IR_I64 : IR_I32);
    }
    for (int i = 0; i <= NB_BLOCKS; i++)
        f->labels[i] = ir_new_label(ir);
    f->exit_label = ir_new_label(ir);
    ir_insn_start(ir, 0x1000, 0);
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < NB_TBT; i++)
            ir_mov(ir, t ? IR_I64 : IR_I32, f->tbt[t][i], g[t][i]);
    /* One block (not the first, which has no label) may loop back to its own
     * start a few times: TB temps then carry values along a back edge. */
    IRTemp counter = ir_new_tb(ir, IR_I32);
    ir_movi(ir, IR_I32, counter, 3);
    int loop_block = 1 + (int)pick(f, NB_BLOCKS);
    for (int b = 0; b < NB_BLOCKS; b++) {
        for (unsigned n = 0; n < ops_per_block; n++) {
            if (pick(f, 8) == 0)
                ir_insn_start(ir, 0x1000 + 4 * n, 0);
            gen_op(f);
        }
        if (b == loop_block) {
            ir_addi(ir, IR_I32, counter, counter, -1);
            ir_brcondi(ir, IR_I32, counter, 0, IR_COND_NE, f->labels[b]);
            memset(f->bbdef, 0, sizeof(f->bbdef));
        }
        int target = f->labels[b + 1 + (int)pick(f, (unsigned)(NB_BLOCKS - b))];
        int t = (int)pick(f, 2);
        IRTemp x = operand(f, t), y = operand(f, t);
        switch (pick(f, 5)) {
        case 0:
            ir_br(ir, target);
            break;
        case 1:
        case 2:
            ir_brcond(ir, t ? IR_I64 : IR_I32, x, y, (IRCond)pick(f, 12), target);
            break;
        case 3:
            ir_brcond(ir, t ? IR_I64 : IR_I32, x, y, (IRCond)pick(f, 12), f->exit_label);
            break;
        default:
            break;
        }
        memset(f->bbdef, 0, sizeof(f->bbdef));
        ir_set_label(ir, f->labels[b + 1]);
    }
    for (int t = 0; t < 2; t++) /* make the TB temps observable */
        ir_add(ir, t ? IR_I64 : IR_I32, g[t][6], g[t][6], f->tbt[t][pick(f, NB_TBT)]);
    ir_exit_tb(ir, 0x40);
    ir_set_label(ir, f->exit_label);
    ir_add(ir, IR_I64, g[1][5], g[1][5], f->tbt[1][0]);
    ir_exit_tb(ir, 0x41);
}

/* -- Reference interpreter -- */

typedef struct Machine {
    uint64_t v[IR_MAX_TEMPS];
    FzEnv env;
    uint8_t mem[MEM_SIZE + 16];
} Machine;

static uint64_t mask(IRType ty)
{
    return ty == IR_I32 ? 0xffffffffull : ~0ull;
}
static int64_t sx(IRType ty, uint64_t v)
{
    return ty == IR_I32 ? (int32_t)v : (int64_t)v;
}

static uint64_t rd(Machine *m, IRTemp t)
{
    IRTempInfo *ti = &ir->temps[t];
    if (ti->kind == IR_TEMP_CONST)
        return (uint64_t)ti->val & mask((IRType)ti->type);
    if (ti->kind == IR_TEMP_GLOBAL)
        return ti->type == IR_I32 ? m->env.r32[(ti->mem_offset) / 4]
                                  : m->env.r64[(ti->mem_offset - 32) / 8];
    return m->v[t];
}

static void wr(Machine *m, IRTemp t, uint64_t x)
{
    IRTempInfo *ti = &ir->temps[t];
    x &= mask((IRType)ti->type);
    if (ti->kind == IR_TEMP_GLOBAL) {
        if (ti->type == IR_I32)
            m->env.r32[ti->mem_offset / 4] = (uint32_t)x;
        else
            m->env.r64[(ti->mem_offset - 32) / 8] = x;
    } else {
        m->v[t] = x;
    }
}

static uint64_t ref_bin(IROpcode o, IRType ty, uint64_t a, uint64_t b)
{
    unsigned w = ty == IR_I32 ? 32 : 64, sh = (unsigned)(b & (w - 1));
    a &= mask(ty);
    b &= mask(ty);
    switch (o) {
    case IR_OP_add:
        return a + b;
    case IR_OP_sub:
        return a - b;
    case IR_OP_mul:
        return a * b;
    case IR_OP_and:
        return a & b;
    case IR_OP_or:
        return a | b;
    case IR_OP_xor:
        return a ^ b;
    case IR_OP_andc:
        return a & ~b;
    case IR_OP_orc:
        return a | ~b;
    case IR_OP_shl:
        return a << sh;
    case IR_OP_shr:
        return a >> sh;
    case IR_OP_sar:
        return (uint64_t)(sx(ty, a) >> sh);
    case IR_OP_rotl:
        return sh ? a << sh | a >> (w - sh) : a;
    case IR_OP_rotr:
        return sh ? a >> sh | a << (w - sh) : a;
    case IR_OP_clz:
        return a ? (uint64_t)(__builtin_clzll(a) - (64 - (int)w)) : b;
    case IR_OP_ctz:
        return a ? (uint64_t)__builtin_ctzll(a) : b;
    case IR_OP_div:
        return (uint64_t)(sx(ty, a) / sx(ty, b));
    case IR_OP_divu:
        return a / b;
    case IR_OP_rem:
        return (uint64_t)(sx(ty, a) % sx(ty, b));
    case IR_OP_remu:
        return a % b;
    default:
        cr_assert_fail("bin %d", o);
        return 0;
    }
}

static uint64_t ref_un(IROpcode o, IRType ty, uint64_t a)
{
    if (o == IR_OP_extrh)
        return a >> 32; /* the input is i64 while the op is i32 */
    a &= mask(ty);
    switch (o) {
    case IR_OP_neg:
        return -a;
    case IR_OP_not:
        return ~a;
    case IR_OP_ext8s:
        return (uint64_t)(int64_t)(int8_t)a;
    case IR_OP_ext8u:
        return (uint8_t)a;
    case IR_OP_ext16s:
        return (uint64_t)(int64_t)(int16_t)a;
    case IR_OP_ext16u:
        return (uint16_t)a;
    case IR_OP_bswap16:
        return __builtin_bswap16((uint16_t)a);
    case IR_OP_bswap32:
        return __builtin_bswap32((uint32_t)a);
    case IR_OP_ctpop:
        return (uint64_t)__builtin_popcountll(a);
    case IR_OP_mov:
        return a;
    case IR_OP_extu_i32:
        return (uint32_t)a;
    case IR_OP_exts_i32:
        return (uint64_t)(int64_t)(int32_t)a;
    case IR_OP_extrl:
        return (uint32_t)a;
    case IR_OP_extrh:
        return a >> 32;
    default:
        cr_assert_fail("un %d", o);
        return 0;
    }
}

static uint64_t mem_ld(Machine *m, uint64_t addr, unsigned mo, IRType ty)
{
    unsigned n = 1u << (mo & MO_SIZE);
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = (mo & MO_BSWAP) ? n - 1 - i : i;
        v |= (uint64_t)m->mem[addr + i] << (8 * k);
    }
    if ((mo & MO_SIGN) && n < 8 && (v >> (8 * n - 1)) & 1)
        v |= ~0ull << (8 * n);
    return v & mask(ty);
}

static void mem_st(Machine *m, uint64_t addr, unsigned mo, uint64_t v)
{
    unsigned n = 1u << (mo & MO_SIZE);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = (mo & MO_BSWAP) ? n - 1 - i : i;
        m->mem[addr + i] = (uint8_t)(v >> (8 * k));
    }
}

/* Executes op; returns the label to jump to, or -1. */
static int exec_op(Machine *m, const IROp *op)
{
    IRType ty = (IRType)op->type;
    const uint64_t *a = op->args;
    const uint64_t *c = &op->args[op->nb_oargs + op->nb_iargs];
    unsigned w = ty == IR_I32 ? 32 : 64;
    switch (op->opc) {
    case IR_OP_insn_start:
    case IR_OP_set_label:
    case IR_OP_nop:
        return -1;
    case IR_OP_br:
        return (int)c[0];
    case IR_OP_brcond:
        return ir_cond_eval((IRCond)c[0], ty, rd(m, a[0]), rd(m, a[1])) ? (int)c[1] : -1;
    case IR_OP_extract:
    case IR_OP_sextract: {
        uint64_t v = rd(m, a[1]) >> c[0];
        unsigned len = (unsigned)c[1];
        v &= len == 64 ? ~0ull : (1ull << len) - 1;
        if (op->opc == IR_OP_sextract && len < 64 && (v >> (len - 1)) & 1)
            v |= ~0ull << len;
        wr(m, a[0], v);
        return -1;
    }
    case IR_OP_deposit: {
        uint64_t fm = (c[1] == 64 ? ~0ull : (1ull << c[1]) - 1) << c[0];
        wr(m, a[0], (rd(m, a[1]) & ~fm) | ((rd(m, a[2]) << c[0]) & fm));
        return -1;
    }
    case IR_OP_setcond:
        wr(m, a[0], ir_cond_eval((IRCond)c[0], ty, rd(m, a[1]), rd(m, a[2])));
        return -1;
    case IR_OP_movcond:
        wr(m, a[0],
           ir_cond_eval((IRCond)c[0], ty, rd(m, a[1]), rd(m, a[2])) ? rd(m, a[3]) : rd(m, a[4]));
        return -1;
    case IR_OP_mulu2:
    case IR_OP_muls2: {
        uint64_t x = rd(m, a[2]), y = rd(m, a[3]), lo, hi;
        if (w == 32) {
            uint64_t p =
                op->opc == IR_OP_mulu2 ? x * y : (uint64_t)((int64_t)(int32_t)x * (int32_t)y);
            lo = p;
            hi = p >> 32;
        } else {
            unsigned __int128 p = op->opc == IR_OP_mulu2
                                      ? (unsigned __int128)x * y
                                      : (unsigned __int128)((__int128)(int64_t)x * (int64_t)y);
            lo = (uint64_t)p;
            hi = (uint64_t)(p >> 64);
        }
        wr(m, a[0], lo);
        wr(m, a[1], hi);
        return -1;
    }
    case IR_OP_add2:
    case IR_OP_sub2: {
        uint64_t al = rd(m, a[2]), ah = rd(m, a[3]), bl = rd(m, a[4]), bh = rd(m, a[5]);
        unsigned __int128 x = (unsigned __int128)ah << w | al, y = (unsigned __int128)bh << w | bl;
        unsigned __int128 r = op->opc == IR_OP_add2 ? x + y : x - y;
        wr(m, a[0], (uint64_t)r);
        wr(m, a[1], (uint64_t)(r >> w));
        return -1;
    }
    case IR_OP_concat:
        wr(m, a[0], rd(m, a[2]) << 32 | rd(m, a[1]));
        return -1;
    case IR_OP_guest_ld:
        wr(m, a[0], mem_ld(m, rd(m, a[1]), (unsigned)c[0], ty));
        return -1;
    case IR_OP_guest_st:
        mem_st(m, rd(m, a[1]), (unsigned)c[0], rd(m, a[0]));
        return -1;
    case IR_OP_guest_cmpxchg: { /* compares the zero-extended old value with cmp's low bits */
        uint64_t addr = rd(m, a[1]);
        unsigned mo = (unsigned)c[0], n = 8u << (mo & MO_SIZE);
        uint64_t old = mem_ld(m, addr, mo & ~MO_SIGN, ty);
        uint64_t sz = n == 64 ? ~0ull : (1ull << n) - 1;
        uint64_t res = old;
        if ((mo & MO_SIGN) && n < 64 && (old >> (n - 1)) & 1)
            res |= ~0ull << n;
        if (old == (rd(m, a[2]) & sz))
            mem_st(m, addr, mo, rd(m, a[3]));
        wr(m, a[0], res);
        return -1;
    }
    case IR_OP_call: {
        uint64_t in[8] = {0};
        for (unsigned i = 0; i < op->nb_iargs; i++)
            in[i] = rd(m, a[op->nb_oargs + i]);
        uint64_t r;
        if ((void *)(uintptr_t)c[0] == (void *)fz_pure)
            r = fz_pure(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7]);
        else
            r = fz_env(&m->env);
        if (op->nb_oargs)
            wr(m, a[0], r);
        return -1;
    }
    default:
        if (op->nb_iargs == 2 && op->nb_oargs == 1)
            wr(m, a[0], ref_bin((IROpcode)op->opc, ty, rd(m, a[1]), rd(m, a[2])));
        else if (op->nb_iargs == 1 && op->nb_oargs == 1)
            wr(m, a[0], ref_un((IROpcode)op->opc, ty, rd(m, a[1])));
        else
            cr_assert_fail("interpreter: op %s", ir_op_defs[op->opc].name);
        return -1;
    }
}

/* Runs the program; returns the value of the exit_tb that ends it. */
static uint64_t interpret(Machine *m)
{
    for (uint32_t i = 0; i < ir->nb_ops;) {
        const IROp *op = &ir->ops[i];
        if (op->opc == IR_OP_exit_tb)
            return op->args[0];
        int l = exec_op(m, op);
        i++;
        if (l >= 0) {
            for (i = 0; i < ir->nb_ops; i++)
                if (ir->ops[i].opc == IR_OP_set_label && (int)ir->ops[i].args[0] == l)
                    break;
        }
    }
    cr_assert_fail("program ran off its end");
    return 0;
}

/* -- The check -- */

static void check_seed(uint64_t seed, unsigned ops_per_block)
{
    static Machine m;
    static FzEnv env;
    Fz f = {.rng = seed * 0x9e3779b97f4a7c15ull + 1};
    gen_program(&f, ops_per_block);
    if (getenv("FZ_DUMP"))
        ir_dump(ir, stderr);
    memset(&m, 0, sizeof(m));
    for (int i = 0; i < 8; i++) {
        m.env.r32[i] = (uint32_t)rnd(&f);
        m.env.r64[i] = rnd(&f);
    }
    for (unsigned i = 0; i < MEM_SIZE; i++)
        m.mem[i] = (uint8_t)rnd(&f);
    env = m.env;
    memcpy(gmem, m.mem, MEM_SIZE);
    uint64_t want_ret = interpret(&m);

    CodegenResult res;
    int rc = codegen_tb(ir, tb_code, tb_room, &res);
    if (rc != 0) {
        cr_assert_eq(rc, -2, "seed %llu: codegen_tb = %d", (unsigned long long)seed, rc);
        return; /* too complex is a legal answer */
    }
    guest_base = (uintptr_t)gmem;
    uintptr_t ret = codegen_enter(&env, tb_code);
    bool ok = ret == want_ret && memcmp(&env, &m.env, sizeof(env)) == 0 &&
              memcmp(gmem, m.mem, MEM_SIZE) == 0;
    if (!ok) {
        fprintf(stderr, "seed %llu failed (exit %#lx, want %#llx); IR after optimization:\n",
                (unsigned long long)seed, (unsigned long)ret, (unsigned long long)want_ret);
        ir_dump(ir, stderr);
        for (int i = 0; i < 8; i++)
            fprintf(stderr, "r32[%d] got %#x want %#x   r64[%d] got %#llx want %#llx\n", i,
                    env.r32[i], m.env.r32[i], i, (unsigned long long)env.r64[i],
                    (unsigned long long)m.env.r64[i]);
        for (unsigned i = 0; i < MEM_SIZE; i++)
            if (gmem[i] != m.mem[i])
                fprintf(stderr, "mem[%u] got %#x want %#x\n", i, gmem[i], m.mem[i]);
    }
    cr_assert(ok, "seed %llu: compiled code disagrees with the interpreter",
              (unsigned long long)seed);
}

Test(codegen_fuzz, short_blocks)
{
    for (uint64_t s = 1; s <= 3000; s++)
        check_seed(s, 6);
}

Test(codegen_fuzz, long_blocks_with_pressure)
{
    for (uint64_t s = 10001; s <= 10300; s++)
        check_seed(s, 60);
}

/* The fallback code paths for hosts without lzcnt/tzcnt, bmi1/bmi2, movbe. */
Test(codegen_fuzz, without_host_extensions)
{
    x64_features.lzcnt = x64_features.tzcnt = x64_features.movbe = false;
    x64_features.bmi1 = x64_features.bmi2 = false;
    for (uint64_t s = 20001; s <= 21500; s++)
        check_seed(s, 8);
}
