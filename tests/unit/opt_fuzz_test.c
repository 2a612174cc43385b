/*
 * Randomized check of the optimizer: random but valid IR blocks are run by
 * a small reference interpreter before and after opt_run (and after each
 * pass alone); the exit taken and every global must agree.
 *
 * The interpreter computes each op with plain C arithmetic at the op's
 * width, independently of tcg/opt_fold.c. It also enforces the IR's
 * lifetime rules: reading a block-local temp that was not written in the
 * current basic block, or a TB temp never written, fails the test. That
 * catches passes that stretch a temp's life (copy propagation across a
 * block end, for example), which a value comparison alone could miss.
 *
 * Programs branch only forward, so every run terminates. A failure prints
 * the seed and both listings.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xrun/codegen.h"
#include "xrun/ir.h"

#define NB_GLOB 4
#define NB_TBT 2
#define NB_BBT 6
#define NB_BLOCKS 6
#define HELPER_GLOBALS ((void *)0xa000) /* flags 0: g3 = g3 * 31 + g0, i32 */
#define HELPER_PURE ((void *)0xb000)    /* no globals, no side effects: 3 * x + 1 */
#define PURE (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS)

typedef struct Gen {
    IRContext *ir;
    uint64_t rng;
    IRTemp glob[2][NB_GLOB], tbt[2][NB_TBT], bbt[2][NB_BBT];
    bool bb_def[2][NB_BBT];
    IRTemp counter; /* loop counter: a TB temp that only loop code touches */
    int labels[NB_BLOCKS];
} Gen;

static IRContext *ctx;
static Gen gen;

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cr_assert_fail("%s", msg);
    abort();
}

/* -- Random program generator -- */

static uint64_t rnd(Gen *g)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return g->rng;
}

static unsigned pick(Gen *g, unsigned n) { return (unsigned)(rnd(g) % n); }

static int64_t interesting(Gen *g)
{
    static const int64_t vals[] = {0, 1, 2, -1, 31, 32, 33, 63, 64, 0xff, 0x80, 0x7fffffff,
                                   INT32_MIN, 0xffffffffll, INT64_MIN, INT64_MAX, 0x12345678,
                                   0x13, 0x113, 0x24};
    return pick(g, 3) ? vals[pick(g, sizeof(vals) / sizeof(vals[0]))] : (int64_t)rnd(g);
}

static IRTemp operand(Gen *g, IRType ty)
{
    for (;;) {
        switch (pick(g, 4)) {
        case 0: return ir_const(g->ir, ty, interesting(g));
        case 1: return g->glob[ty][pick(g, NB_GLOB)];
        case 2: return g->tbt[ty][pick(g, NB_TBT)];
        default: {
            unsigned i = pick(g, NB_BBT);
            if (g->bb_def[ty][i])
                return g->bbt[ty][i];
        }
        }
    }
}

static IRTemp dest(Gen *g, IRType ty)
{
    switch (pick(g, 5)) {
    case 0: case 1: return g->glob[ty][pick(g, NB_GLOB)];
    case 2: return g->tbt[ty][pick(g, NB_TBT)];
    default: {
        unsigned i = pick(g, NB_BBT);
        g->bb_def[ty][i] = true;
        return g->bbt[ty][i];
    }
    }
}

static const IROpcode binops[] = {IR_OP_add, IR_OP_sub, IR_OP_mul, IR_OP_and, IR_OP_or,
                                  IR_OP_xor, IR_OP_andc, IR_OP_orc, IR_OP_shl, IR_OP_shr,
                                  IR_OP_sar, IR_OP_rotl, IR_OP_rotr};
static const IROpcode divops[] = {IR_OP_div, IR_OP_divu, IR_OP_rem, IR_OP_remu};
static const IROpcode unops[] = {IR_OP_neg, IR_OP_not, IR_OP_ext8s, IR_OP_ext8u, IR_OP_ext16s,
                                 IR_OP_ext16u, IR_OP_bswap16, IR_OP_bswap32, IR_OP_ctpop};
static const IROpcode unops64[] = {IR_OP_ext32s, IR_OP_ext32u, IR_OP_bswap64};

static void gen_op(Gen *g)
{
    IRContext *c = g->ir;
    IRType ty = pick(g, 3) ? IR_I32 : IR_I64;
    unsigned w = ty == IR_I32 ? 32 : 64;
    IRTemp a = operand(g, ty), b = operand(g, ty);
    switch (pick(g, 15)) {
    case 0: case 1: ir_mov(c, ty, dest(g, ty), a); break;
    case 14: {
        /* Guest memory: may fault, and a fault must see every global. */
        IRTemp addr = operand(g, IR_I32);
        if (pick(g, 2))
            ir_guest_ld(c, ty, dest(g, ty), addr, ty == IR_I32 ? MO_UL : MO_UQ, 0);
        else
            ir_guest_st(c, ty, a, addr, ty == IR_I32 ? MO_UL : MO_UQ, 0);
        break;
    }
    case 2: case 3: case 4:
        ir_binop(c, binops[pick(g, sizeof(binops) / sizeof(binops[0]))], ty, dest(g, ty), a, b);
        break;
    case 5: {
        static const int64_t divisors[] = {1, 2, 3, 7, -3, 0x10000};
        ir_binop(c, divops[pick(g, 4)], ty, dest(g, ty), a, ir_const(c, ty, divisors[pick(g, 6)]));
        break;
    }
    case 6:
        if (ty == IR_I64 && pick(g, 2))
            ir_unop(c, unops64[pick(g, 3)], ty, dest(g, ty), a);
        else
            ir_unop(c, unops[pick(g, sizeof(unops) / sizeof(unops[0]))], ty, dest(g, ty), a);
        break;
    case 7: ir_setcond(c, ty, dest(g, ty), a, b, (IRCond)pick(g, 12)); break;
    case 8: {
        IRTemp v1 = operand(g, ty), v2 = operand(g, ty);
        ir_movcond(c, ty, dest(g, ty), a, b, v1, v2, (IRCond)pick(g, 12));
        break;
    }
    case 9: {
        unsigned pos = pick(g, w), len = 1 + pick(g, w - pos);
        if (pick(g, 3) == 0)
            ir_deposit(c, ty, dest(g, ty), a, b, pos, len);
        else if (pick(g, 2))
            ir_extract(c, ty, dest(g, ty), a, pos, len);
        else
            ir_sextract(c, ty, dest(g, ty), a, pos, len);
        break;
    }
    case 10: {
        IRTemp ah = operand(g, ty), bh = operand(g, ty);
        IRTemp lo = dest(g, ty), hi;
        do
            hi = dest(g, ty); /* two results into one temp is not valid IR */
        while (hi == lo);
        if (pick(g, 2))
            (pick(g, 2) ? ir_mulu2 : ir_muls2)(c, ty, lo, hi, a, b);
        else
            (pick(g, 2) ? ir_add2 : ir_sub2)(c, ty, lo, hi, a, ah, b, bh);
        break;
    }
    case 11: (pick(g, 2) ? ir_clz : ir_ctz)(c, ty, dest(g, ty), a, b); break;
    case 12: {
        IRTemp x = operand(g, IR_I32), y = operand(g, IR_I32), z = operand(g, IR_I64);
        switch (pick(g, 5)) {
        case 0: ir_extu_i32_i64(c, dest(g, IR_I64), x); break;
        case 1: ir_exts_i32_i64(c, dest(g, IR_I64), x); break;
        case 2: ir_extrl_i64_i32(c, dest(g, IR_I32), z); break;
        case 3: ir_extrh_i64_i32(c, dest(g, IR_I32), z); break;
        default: ir_concat_i32_i64(c, dest(g, IR_I64), x, y); break;
        }
        break;
    }
    default:
        if (pick(g, 2)) {
            ir_call0(c, HELPER_GLOBALS, 0, IR_NO_TEMP);
        } else {
            IRTemp x = operand(g, IR_I32);
            ir_callN(c, HELPER_PURE, PURE, dest(g, IR_I32), x);
        }
        break;
    }
}

static void end_block(Gen *g)
{
    for (int ty = 0; ty < 2; ty++)
        for (int i = 0; i < NB_BBT; i++)
            g->bb_def[ty][i] = false;
}

/* Ends block k: fall through, branch forward, or leave the TB. */
static void gen_terminator(Gen *g, int k)
{
    IRContext *c = g->ir;
    bool last = k == NB_BLOCKS - 1;
    unsigned kind = last ? 0 : pick(g, 5);
    int target = last ? 0 : g->labels[k + 1 + (int)pick(g, (unsigned)(NB_BLOCKS - 1 - k))];
    switch (kind) {
    case 0:
        if (pick(g, 2))
            ir_goto_tb(c, pick(g, 2));
        ir_exit_tb(c, 100 + (uintptr_t)k);
        break;
    case 1: {
        IRType ty = pick(g, 2) ? IR_I32 : IR_I64;
        IRTemp a = operand(g, ty), b = operand(g, ty);
        ir_brcond(c, ty, a, b, (IRCond)pick(g, 12), target);
        break;
    }
    case 2: ir_br(c, target); break;
    default: break; /* fall through into the next label */
    }
    end_block(g);
    if ((kind == 0 || kind == 2) && pick(g, 2)) /* unreachable code */
        ir_movi(c, IR_I32, g->glob[IR_I32][pick(g, NB_GLOB)], 0xdead);
}

static void gen_program(Gen *g, unsigned ops_per_block)
{
    IRContext *c = g->ir;
    for (int k = 0; k < NB_BLOCKS; k++)
        g->labels[k] = ir_new_label(c);
    for (int ty = 0; ty < 2; ty++)
        for (int i = 0; i < NB_TBT; i++)
            ir_mov(c, (IRType)ty, g->tbt[ty][i], g->glob[ty][i]);
    for (int k = 0; k < NB_BLOCKS; k++) {
        if (k > 0)
            ir_set_label(c, g->labels[k]);
        ir_insn_start(c, 0x1000 + 4 * (uint64_t)k, 0);
        /* Some blocks loop a few times: a backward branch to a label. */
        bool loop = pick(g, 4) == 0;
        int head = loop ? ir_new_label(c) : -1;
        if (loop) {
            ir_movi(c, IR_I32, g->counter, 1 + pick(g, 3));
            ir_set_label(c, head);
            end_block(g);
        }
        unsigned n = 1 + pick(g, ops_per_block);
        for (unsigned i = 0; i < n; i++)
            gen_op(g);
        if (loop) {
            ir_binopi(c, IR_OP_sub, IR_I32, g->counter, g->counter, 1);
            ir_brcondi(c, IR_I32, g->counter, 0, IR_COND_NE, head);
            end_block(g);
        }
        gen_terminator(g, k);
    }
}

/* -- Reference interpreter -- */

#define FAULT_ADDR 0x13    /* guest accesses to this address fault */
#define EXIT_FAULT 0xfa17 /* the "exit value" of a faulting run */

typedef struct Machine {
    uint64_t val[IR_MAX_TEMPS];
    bool def[IR_MAX_TEMPS];
    uint64_t mem[16];
    bool faulted;
    uint64_t exit_val;
    const char *error;
} Machine;

static uint64_t norm(IRType ty, uint64_t v)
{
    return ty == IR_I32 ? (uint64_t)(int64_t)(int32_t)v : v;
}

static uint64_t rd(Machine *m, IRTemp t)
{
    IRTempInfo *ti = &ctx->temps[t];
    if (ti->kind == IR_TEMP_CONST)
        return norm((IRType)ti->type, (uint64_t)ti->val);
    if (!m->def[t] && !m->error)
        m->error = "read of a temp that is dead or never written";
    return m->val[t];
}

static void wr(Machine *m, IRTemp t, uint64_t v)
{
    m->val[t] = norm((IRType)ctx->temps[t].type, v);
    m->def[t] = true;
}

static uint64_t bin32(IROpcode o, uint32_t a, uint32_t b)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    unsigned s = b & 31;
    switch (o) {
    case IR_OP_add: return a + b;
    case IR_OP_sub: return a - b;
    case IR_OP_mul: return a * b;
    case IR_OP_and: return a & b;
    case IR_OP_or: return a | b;
    case IR_OP_xor: return a ^ b;
    case IR_OP_andc: return a & ~b;
    case IR_OP_orc: return a | ~b;
    case IR_OP_shl: return a << s;
    case IR_OP_shr: return a >> s;
    case IR_OP_sar: return (uint32_t)(sa >> s);
    case IR_OP_rotl: return s ? (a << s) | (a >> (32 - s)) : a;
    case IR_OP_rotr: return s ? (a >> s) | (a << (32 - s)) : a;
    case IR_OP_div: return (uint32_t)(sa / sb);
    case IR_OP_rem: return (uint32_t)(sa % sb);
    case IR_OP_divu: return a / b;
    case IR_OP_remu: return a % b;
    default: die("bin32 %d", o);
    }
}

static uint64_t bin64(IROpcode o, uint64_t a, uint64_t b)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    unsigned s = b & 63;
    switch (o) {
    case IR_OP_add: return a + b;
    case IR_OP_sub: return a - b;
    case IR_OP_mul: return a * b;
    case IR_OP_and: return a & b;
    case IR_OP_or: return a | b;
    case IR_OP_xor: return a ^ b;
    case IR_OP_andc: return a & ~b;
    case IR_OP_orc: return a | ~b;
    case IR_OP_shl: return a << s;
    case IR_OP_shr: return a >> s;
    case IR_OP_sar: return (uint64_t)(sa >> s);
    case IR_OP_rotl: return s ? (a << s) | (a >> (64 - s)) : a;
    case IR_OP_rotr: return s ? (a >> s) | (a << (64 - s)) : a;
    case IR_OP_div: return (uint64_t)(sa / sb);
    case IR_OP_rem: return (uint64_t)(sa % sb);
    case IR_OP_divu: return a / b;
    case IR_OP_remu: return a % b;
    default: die("bin64 %d", o);
    }
}

static uint64_t un(IROpcode o, IRType ty, uint64_t a)
{
    uint64_t m = ty == IR_I32 ? 0xffffffffull : ~0ull;
    switch (o) {
    case IR_OP_neg: return -a;
    case IR_OP_not: return ~a;
    case IR_OP_ext8s: return (uint64_t)(int8_t)a;
    case IR_OP_ext8u: return (uint8_t)a;
    case IR_OP_ext16s: return (uint64_t)(int16_t)a;
    case IR_OP_ext16u: return (uint16_t)a;
    case IR_OP_ext32s: return (uint64_t)(int32_t)a;
    case IR_OP_ext32u: return (uint32_t)a;
    case IR_OP_bswap16: return (uint16_t)(a << 8 | (a >> 8 & 0xff));
    case IR_OP_bswap32: return __builtin_bswap32((uint32_t)a);
    case IR_OP_bswap64: return __builtin_bswap64(a);
    case IR_OP_ctpop: return (uint64_t)__builtin_popcountll(a & m);
    default: die("un %d", o);
    }
}

static bool cmp(IRCond c, IRType ty, uint64_t a, uint64_t b)
{
    if (ty == IR_I32)
        a = (uint32_t)a, b = (uint32_t)b;
    int64_t sa = ty == IR_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = ty == IR_I32 ? (int32_t)b : (int64_t)b;
    bool r[] = {false,    true,     a == b, a != b, sa < sb, sa >= sb,
                sa <= sb, sa > sb, a < b,  a >= b, a <= b, a > b};
    return r[c];
}

static void exec_op(Machine *m, const IROp *op)
{
    IRType ty = (IRType)op->type;
    unsigned w = ty == IR_I32 ? 32 : 64;
    uint64_t msk = ty == IR_I32 ? 0xffffffffull : ~0ull;
    const uint64_t *a = op->args;
    IROpcode o = (IROpcode)op->opc;
    switch (o) {
    case IR_OP_mov: wr(m, a[0], rd(m, a[1])); break;
    case IR_OP_add: case IR_OP_sub: case IR_OP_mul: case IR_OP_and: case IR_OP_or: case IR_OP_xor:
    case IR_OP_andc: case IR_OP_orc: case IR_OP_shl: case IR_OP_shr: case IR_OP_sar:
    case IR_OP_rotl: case IR_OP_rotr: case IR_OP_div: case IR_OP_rem: case IR_OP_divu:
    case IR_OP_remu:
        wr(m, a[0], ty == IR_I32 ? bin32(o, (uint32_t)rd(m, a[1]), (uint32_t)rd(m, a[2]))
                                 : bin64(o, rd(m, a[1]), rd(m, a[2])));
        break;
    case IR_OP_neg: case IR_OP_not: case IR_OP_ext8s: case IR_OP_ext8u: case IR_OP_ext16s:
    case IR_OP_ext16u: case IR_OP_ext32s: case IR_OP_ext32u: case IR_OP_bswap16:
    case IR_OP_bswap32: case IR_OP_bswap64: case IR_OP_ctpop:
        wr(m, a[0], un(o, ty, rd(m, a[1])));
        break;
    case IR_OP_extu_i32: wr(m, a[0], (uint32_t)rd(m, a[1])); break;
    case IR_OP_exts_i32: wr(m, a[0], (uint64_t)(int32_t)rd(m, a[1])); break;
    case IR_OP_extrl: wr(m, a[0], rd(m, a[1])); break;
    case IR_OP_extrh: wr(m, a[0], rd(m, a[1]) >> 32); break;
    case IR_OP_concat: wr(m, a[0], (uint32_t)rd(m, a[1]) | rd(m, a[2]) << 32); break;
    case IR_OP_setcond: wr(m, a[0], cmp((IRCond)a[3], ty, rd(m, a[1]), rd(m, a[2]))); break;
    case IR_OP_movcond: {
        uint64_t v1 = rd(m, a[3]), v2 = rd(m, a[4]);
        wr(m, a[0], cmp((IRCond)a[5], ty, rd(m, a[1]), rd(m, a[2])) ? v1 : v2);
        break;
    }
    case IR_OP_clz: case IR_OP_ctz: {
        uint64_t x = rd(m, a[1]) & msk, d = rd(m, a[2]);
        if (!x)
            wr(m, a[0], d);
        else if (o == IR_OP_clz)
            wr(m, a[0], (uint64_t)__builtin_clzll(x) - (64 - w));
        else
            wr(m, a[0], (uint64_t)__builtin_ctzll(x));
        break;
    }
    case IR_OP_extract: case IR_OP_sextract: {
        unsigned pos = (unsigned)a[2], len = (unsigned)a[3];
        uint64_t x = (rd(m, a[1]) & msk) >> pos;
        uint64_t field = len == 64 ? x : x & ((1ull << len) - 1);
        if (o == IR_OP_sextract && len < 64 && (field >> (len - 1) & 1))
            field |= ~0ull << len;
        wr(m, a[0], field);
        break;
    }
    case IR_OP_deposit: {
        unsigned pos = (unsigned)a[3], len = (unsigned)a[4];
        uint64_t f = (len == 64 ? ~0ull : (1ull << len) - 1) << pos;
        wr(m, a[0], (rd(m, a[1]) & ~f) | ((rd(m, a[2]) << pos) & f));
        break;
    }
    case IR_OP_mulu2: case IR_OP_muls2: {
        unsigned __int128 p;
        uint64_t x = rd(m, a[2]), y = rd(m, a[3]);
        if (o == IR_OP_mulu2)
            p = (unsigned __int128)(x & msk) * (y & msk);
        else
            p = (unsigned __int128)((__int128)(int64_t)x * (int64_t)y);
        wr(m, a[0], (uint64_t)p);
        wr(m, a[1], (uint64_t)(p >> w));
        break;
    }
    case IR_OP_add2: case IR_OP_sub2: {
        unsigned __int128 x = (unsigned __int128)(rd(m, a[3]) & msk) << w | (rd(m, a[2]) & msk);
        unsigned __int128 y = (unsigned __int128)(rd(m, a[5]) & msk) << w | (rd(m, a[4]) & msk);
        unsigned __int128 r = o == IR_OP_add2 ? x + y : x - y;
        wr(m, a[0], (uint64_t)r);
        wr(m, a[1], (uint64_t)(r >> w));
        break;
    }
    case IR_OP_call:
        if (a[op->nb_oargs + op->nb_iargs] == (uintptr_t)HELPER_PURE) {
            wr(m, a[0], 3 * rd(m, a[1]) + 1);
        } else {
            IRTemp g0 = gen.glob[IR_I32][0], g3 = gen.glob[IR_I32][3];
            wr(m, g3, rd(m, g3) * 31 + rd(m, g0));
        }
        break;
    case IR_OP_guest_ld: case IR_OP_guest_st: {
        uint32_t addr = (uint32_t)rd(m, a[1]);
        uint64_t v = o == IR_OP_guest_st ? rd(m, a[0]) : 0;
        if ((addr & 0xff) == FAULT_ADDR) {
            m->faulted = true;
            break;
        }
        if (o == IR_OP_guest_ld)
            wr(m, a[0], m->mem[addr >> 2 & 15]);
        else
            m->mem[addr >> 2 & 15] = v;
        break;
    }
    case IR_OP_nop: case IR_OP_insn_start: case IR_OP_goto_tb: case IR_OP_set_label:
    case IR_OP_br: case IR_OP_brcond: case IR_OP_exit_tb:
        break;
    default:
        die("interpreter: op %s", ir_op_defs[o].name);
    }
}

/* Block-local temps die at every block end. */
static void kill_bb_temps(Machine *m)
{
    for (uint32_t t = ctx->nb_globals; t < ctx->nb_temps; t++)
        if (ctx->temps[t].kind == IR_TEMP_BB)
            m->def[t] = false;
}

static void run(Machine *m, const IROp *ops, uint32_t n, const uint64_t *init)
{
    memset(m, 0, sizeof(*m));
    for (uint32_t t = 0; t < ctx->nb_globals; t++) {
        m->def[t] = true;
        m->val[t] = norm((IRType)ctx->temps[t].type, init[t]);
    }
    uint32_t pc = 0, steps = 0;
    while (pc < n && steps++ < 100000) {
        const IROp *op = &ops[pc++];
        exec_op(m, op);
        if (m->faulted) {
            m->exit_val = EXIT_FAULT; /* globals as the exception handler sees them */
            return;
        }
        if (op->opc == IR_OP_exit_tb) {
            m->exit_val = op->args[0];
            return;
        }
        uint64_t label = UINT64_MAX;
        if (op->opc == IR_OP_br)
            label = op->args[0];
        else if (op->opc == IR_OP_brcond &&
                 cmp((IRCond)op->args[2], (IRType)op->type, rd(m, op->args[0]), rd(m, op->args[1])))
            label = op->args[3];
        if (ir_op_defs[op->opc].flags & IR_F_BB_END)
            kill_bb_temps(m);
        if (label != UINT64_MAX) {
            pc = 0;
            while (pc < n && !(ops[pc].opc == IR_OP_set_label && ops[pc].args[0] == label))
                pc++;
            cr_assert_lt(pc, n, "branch to missing label L%llu", (unsigned long long)label);
        }
    }
    m->error = m->error ? m->error : "fell off the end of the block";
}

/* -- Driver -- */

static void setup(void)
{
    static const char *names[2][NB_GLOB] = {{"r0", "r1", "r2", "r3"}, {"x0", "x1", "x2", "x3"}};
    ctx = malloc(sizeof(*ctx));
    ir_context_init(ctx, 7);
    memset(&gen, 0, sizeof(gen));
    gen.ir = ctx;
    for (int ty = 0; ty < 2; ty++)
        for (int i = 0; i < NB_GLOB; i++)
            gen.glob[ty][i] = ir_global(ctx, (IRType)ty, 16 + 8 * (ty * NB_GLOB + i), names[ty][i]);
}

static void teardown(void)
{
    ir_context_free(ctx);
    free(ctx);
}

TestSuite(opt_fuzz, .init = setup, .fini = teardown);

static void new_block(uint64_t seed, unsigned ops_per_block)
{
    ir_reset(ctx);
    gen.rng = seed * 0x9e3779b97f4a7c15ull + 1;
    for (int ty = 0; ty < 2; ty++) {
        for (int i = 0; i < NB_TBT; i++)
            gen.tbt[ty][i] = ir_new_tb(ctx, (IRType)ty);
        for (int i = 0; i < NB_BBT; i++)
            gen.bbt[ty][i] = ir_new(ctx, (IRType)ty);
    }
    gen.counter = ir_new_tb(ctx, IR_I32);
    end_block(&gen);
    gen_program(&gen, ops_per_block);
}

static void print_listing(const char *title, const IROp *ops, uint32_t n)
{
    fprintf(stderr, "%s:\n", title);
    for (uint32_t i = 0; i < n; i++)
        if (ops[i].opc != IR_OP_nop)
            ir_dump_op(ctx, &ops[i], stderr);
}

/* Runs pass over random blocks and checks each against its original. */
static void check_pass(void (*pass)(IRContext *), unsigned nb_programs, unsigned ops_per_block)
{
    static IROp orig[IR_MAX_OPS];
    static Machine before, after;
    uint64_t init[IR_MAX_TEMPS];
    for (uint64_t seed = 1; seed <= nb_programs; seed++) {
        new_block(seed, ops_per_block);
        uint32_t n = ctx->nb_ops;
        memcpy(orig, ctx->ops, n * sizeof(IROp));
        pass(ctx);
        for (unsigned trial = 0; trial < 4; trial++) {
            for (uint32_t t = 0; t < ctx->nb_globals; t++)
                init[t] = (uint64_t)interesting(&gen);
            run(&before, orig, n, init);
            cr_assert_null(before.error, "generator made invalid IR (seed %llu): %s",
                           (unsigned long long)seed, before.error);
            run(&after, ctx->ops, ctx->nb_ops, init);
            bool same = !after.error && after.exit_val == before.exit_val;
            for (uint32_t t = 1; t < ctx->nb_globals; t++)
                same = same && after.val[t] == before.val[t];
            same = same && !memcmp(after.mem, before.mem, sizeof(before.mem));
            if (!same) {
                print_listing("before", orig, n);
                print_listing("after", ctx->ops, ctx->nb_ops);
                for (uint32_t t = 1; t < ctx->nb_globals; t++)
                    fprintf(stderr, "%s: %#llx -> %#llx vs %#llx\n", ctx->temps[t].name,
                            (unsigned long long)init[t], (unsigned long long)before.val[t],
                            (unsigned long long)after.val[t]);
                die("seed %llu trial %u: optimized block differs (%s, exit %llu vs %llu)",
                         (unsigned long long)seed, trial, after.error ? after.error : "values",
                         (unsigned long long)before.exit_val, (unsigned long long)after.exit_val);
            }
        }
    }
}

Test(opt_fuzz, fold_preserves_semantics) { check_pass(opt_fold, 3000, 12); }
Test(opt_fuzz, copy_prop_preserves_semantics) { check_pass(opt_copy_prop, 3000, 12); }
Test(opt_fuzz, dce_preserves_semantics) { check_pass(opt_dce, 3000, 12); }
Test(opt_fuzz, branch_preserves_semantics) { check_pass(opt_branch, 3000, 12); }
Test(opt_fuzz, pipeline_preserves_semantics) { check_pass(opt_run, 5000, 16); }
Test(opt_fuzz, pipeline_on_long_blocks) { check_pass(opt_run, 100, 400); }
