/*
 * The intermediate representation shared by every frontend and backend.
 *
 * A translation block is built as one flat array of IROps in an IRContext.
 * Values are temps, named by an IRTemp index into ctx->temps. A frontend
 * builds IR only through the ir_* builder functions below, for example the
 * ARM instruction "adds r0, r1, #4" becomes
 *
 *     IRTemp four = ir_const_i32(ctx, 4);
 *     ir_add(ctx, IR_I32, s->NF, s->regs[1], four);      // result
 *     ir_mov(ctx, IR_I32, s->ZF, s->NF);
 *     ir_setcond(ctx, IR_I32, s->CF, s->NF, four, IR_COND_LTU);
 *     ...
 *     ir_mov(ctx, IR_I32, s->regs[0], s->NF);
 *
 * Globals (guest registers) persist across blocks and live in CPUState
 * fields; every other temp is allocated per block with ir_new_* and is
 * released by ir_reset() when the next block starts.
 *
 * The op list itself is declared once in tcg/ops.def.
 */
#ifndef XRUN_IR_H
#define XRUN_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -- Types, conditions, memops -- */

/* Scalar types, then vector types (see docs/vectors.md): a vector value
 * holds 64 or 128 bits of packed elements; its element size is an
 * argument of each vector op, not part of the type. */
typedef enum IRType { IR_I32, IR_I64, IR_V64, IR_V128 } IRType;

static inline bool ir_type_is_vec(IRType t) { return t >= IR_V64; }
/* "i32", "i64", "v64" or "v128". */
const char *ir_type_name(IRType t);

/* Comparison conditions. The low bit inverts: cond ^ 1 is the opposite. */
typedef enum IRCond {
    IR_COND_NEVER = 0, IR_COND_ALWAYS = 1,
    IR_COND_EQ = 2, IR_COND_NE = 3,
    IR_COND_LT = 4, IR_COND_GE = 5,
    IR_COND_LE = 6, IR_COND_GT = 7,
    IR_COND_LTU = 8, IR_COND_GEU = 9,
    IR_COND_LEU = 10, IR_COND_GTU = 11,
} IRCond;

static inline IRCond ir_cond_invert(IRCond c) { return (IRCond)(c ^ 1); }
IRCond ir_cond_swap(IRCond c); /* a cond b  <=>  b swap(cond) a */
bool ir_cond_eval(IRCond c, IRType t, uint64_t a, uint64_t b);

/* Memory operation descriptor: size, signedness, byte order, alignment. */
typedef enum IRMemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,   /* sign-extend the loaded value to the op's type */
    MO_BSWAP = 8,  /* guest byte order differs from host byte order */
    MO_ALIGN = 16, /* unaligned access raises an alignment fault */

    MO_UB = MO_8, MO_SB = MO_8 | MO_SIGN,
    MO_UW = MO_16, MO_SW = MO_16 | MO_SIGN,
    MO_UL = MO_32, MO_SL = MO_32 | MO_SIGN,
    MO_UQ = MO_64,
} IRMemOp;

static inline unsigned ir_memop_bytes(unsigned mo) { return 1u << (mo & MO_SIZE); }

/* Barrier kinds for the mb op. */
enum { IR_MB_LD = 1, IR_MB_ST = 2, IR_MB_ALL = 3 };

/* Flags of a helper call (call op, carg 1). */
enum {
    IR_CALL_NO_READ_GLOBALS = 1,  /* helper reads no guest global */
    IR_CALL_NO_WRITE_GLOBALS = 2, /* helper writes no guest global */
    IR_CALL_NO_SIDE_EFFECTS = 4,  /* pure: removable when its result is dead */
    IR_CALL_MAY_RAISE = 8,        /* may longjmp out: globals are synced */
};

/* -- Ops -- */

enum {
    IR_F_BB_END = 1,
    IR_F_SIDE = 2,
    IR_F_CALL = 4,
    IR_F_RAISE = 8,
    IR_F_COMM = 16,
    IR_F_NORETURN = 32,
};

typedef enum IROpcode {
#define DEF(name, oa, ia, ca, fl) IR_OP_##name,
#include "tcg/ops.def"
#undef DEF
    IR_OP_COUNT
} IROpcode;

/* The vector ops are the last ones in tcg/ops.def, from dup_vec on. */
_Static_assert(IR_OP_uzp2_vec + 1 == IR_OP_COUNT, "vector ops close tcg/ops.def");
static inline bool ir_op_is_vec(unsigned opc) { return opc >= IR_OP_dup_vec; }
/* The permutes are consecutive in tcg/ops.def, zip1_vec to uzp2_vec. */
_Static_assert(IR_OP_zip1_vec + 3 == IR_OP_uzp2_vec, "permutes are one range");
static inline bool ir_vec_is_permute(unsigned opc) { return opc >= IR_OP_zip1_vec && opc <= IR_OP_uzp2_vec; }

typedef struct IROpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} IROpDef;

extern const IROpDef ir_op_defs[IR_OP_COUNT];

#define IR_MAX_ARGS 12   /* call: 1 out + 8 in + 3 cargs */
#define IR_MAX_CALL_IN 8

typedef uint32_t IRTemp;
#define IR_NO_TEMP ((IRTemp)-1)

/*
 * One operation. args[] holds the output temps, then the input temps, then
 * the constant arguments. nb_oargs/nb_iargs are copied from ir_op_defs
 * except for call, which sets them from its carg 2.
 * life is filled by the liveness pass: bit i set = input arg i dies here;
 * bit (16 + i) set = input arg i is a global that must be synced to memory.
 */
typedef struct IROp {
    uint16_t opc;
    uint8_t type;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint32_t life;
    uint64_t args[IR_MAX_ARGS];
} IROp;

static inline uint64_t *ir_op_cargs(IROp *op) { return &op->args[op->nb_oargs + op->nb_iargs]; }
#define IR_LIFE_DEAD(i) (1u << (i))
#define IR_LIFE_SYNC(i) (1u << (16 + (i)))

/* -- Temps -- */

typedef enum IRTempKind {
    IR_TEMP_BB,     /* dies at the end of its basic block */
    IR_TEMP_TB,     /* lives across labels within one TB */
    IR_TEMP_GLOBAL, /* guest state: backed by a field at mem_offset from env */
    IR_TEMP_FIXED,  /* pinned in a host register for the whole TB (env) */
    IR_TEMP_CONST,  /* a constant value */
} IRTempKind;

/* Where the register allocator currently keeps a temp's value. */
typedef enum IRValLoc { IR_VAL_DEAD, IR_VAL_REG, IR_VAL_MEM, IR_VAL_CONST } IRValLoc;

typedef struct IRTempInfo {
    uint8_t type;          /* IRType */
    uint8_t kind;          /* IRTempKind */
    uint8_t val_loc;       /* IRValLoc: register allocator state */
    int8_t reg;            /* host register when val_loc == IR_VAL_REG */
    bool mem_coherent;     /* memory copy is up to date */
    bool mem_allocated;    /* a spill slot has been given */
    int32_t mem_offset;    /* global: offset in env; other: spill slot offset */
    int64_t val;           /* constant value (sign-extended for i32) */
    const char *name;      /* globals only */
    uint32_t state;        /* scratch for passes (liveness, optimizer) */
    void *state_ptr;       /* scratch for passes */
} IRTempInfo;

#define IR_MAX_TEMPS 2048
#define IR_MAX_OPS 16384
#define IR_MAX_LABELS 512
#define IR_MAX_GLOBALS 128 /* the register allocator keeps a bitset of them */

/*
 * The IR of one translation block plus the registered globals.
 * Globals occupy temps[0 .. nb_globals); the env pointer is temps[0].
 */
typedef struct IRContext {
    IRTempInfo temps[IR_MAX_TEMPS];
    uint32_t nb_temps;
    uint32_t nb_globals;
    IROp *ops;
    uint32_t nb_ops;
    uint32_t nb_labels;
    bool overflow;         /* too many ops/temps/labels: TB must be split */
    /* Constant temps are shared: an open hash from (type, val) to temp, with
     * twice as many slots as there can be temps, so probes stay short. The
     * slots filled are listed, so that a reset empties just those (a TB has
     * a few dozen constants; clearing the whole table per TB costs more
     * than translating a short block). */
    uint32_t const_hash[2 * IR_MAX_TEMPS];
    uint16_t const_used[2 * IR_MAX_TEMPS]; /* each slot fills once per TB */
    uint32_t nb_const_used;
} IRContext;

#define IR_ENV ((IRTemp)0)

/* Creates a context whose temp 0 is env, pinned in host register env_reg. */
void ir_context_init(IRContext *ctx, int env_reg);
void ir_context_free(IRContext *ctx);
/* Forgets the current block: drops every op and non-global temp. */
void ir_reset(IRContext *ctx);

/* Registers a guest global stored at env + offset. Only before the first block. */
IRTemp ir_global(IRContext *ctx, IRType type, int32_t offset, const char *name);

IRTemp ir_new(IRContext *ctx, IRType type);      /* block-local temp */
IRTemp ir_new_tb(IRContext *ctx, IRType type);   /* lives across labels */
IRTemp ir_const(IRContext *ctx, IRType type, int64_t val);
static inline IRTemp ir_new_i32(IRContext *c) { return ir_new(c, IR_I32); }
static inline IRTemp ir_new_i64(IRContext *c) { return ir_new(c, IR_I64); }
static inline IRTemp ir_const_i32(IRContext *c, int32_t v) { return ir_const(c, IR_I32, v); }
static inline IRTemp ir_const_i64(IRContext *c, int64_t v) { return ir_const(c, IR_I64, v); }

static inline IRTempInfo *ir_temp(IRContext *c, IRTemp t) { return &c->temps[t]; }
static inline bool ir_is_const(IRContext *c, IRTemp t) { return c->temps[t].kind == IR_TEMP_CONST; }

int ir_new_label(IRContext *ctx);

/* Appends a raw op; returns it so callers may fill args. Prefer the helpers. */
IROp *ir_emit(IRContext *ctx, IROpcode opc, IRType type);

/* -- Builder: one function per op shape -- */

void ir_mov(IRContext *c, IRType t, IRTemp d, IRTemp s);
void ir_movi(IRContext *c, IRType t, IRTemp d, int64_t v); /* mov from a const temp */

/* d = a OP b, for add sub mul div divu rem remu and or xor andc orc shl shr sar rotl rotr */
void ir_binop(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp b);
/* d = OP a, for neg not ext* bswap* ctpop extu_i32 exts_i32 extrl extrh */
void ir_unop(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a);

#define IR_BINOP_FN(name) \
    static inline void ir_##name(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b) \
    { ir_binop(c, IR_OP_##name, t, d, a, b); }
IR_BINOP_FN(add) IR_BINOP_FN(sub) IR_BINOP_FN(mul) IR_BINOP_FN(div) IR_BINOP_FN(divu)
IR_BINOP_FN(rem) IR_BINOP_FN(remu) IR_BINOP_FN(and) IR_BINOP_FN(or) IR_BINOP_FN(xor)
IR_BINOP_FN(andc) IR_BINOP_FN(orc) IR_BINOP_FN(shl) IR_BINOP_FN(shr) IR_BINOP_FN(sar)
IR_BINOP_FN(rotl) IR_BINOP_FN(rotr) IR_BINOP_FN(clz) IR_BINOP_FN(ctz)
#undef IR_BINOP_FN
#define IR_UNOP_FN(name) \
    static inline void ir_##name(IRContext *c, IRType t, IRTemp d, IRTemp a) \
    { ir_unop(c, IR_OP_##name, t, d, a); }
IR_UNOP_FN(neg) IR_UNOP_FN(not) IR_UNOP_FN(ext8s) IR_UNOP_FN(ext8u) IR_UNOP_FN(ext16s)
IR_UNOP_FN(ext16u) IR_UNOP_FN(ext32s) IR_UNOP_FN(ext32u) IR_UNOP_FN(bswap16)
IR_UNOP_FN(bswap32) IR_UNOP_FN(bswap64) IR_UNOP_FN(ctpop)
#undef IR_UNOP_FN

/* Immediate forms: d = a OP imm (imm becomes a const temp). */
void ir_binopi(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, int64_t imm);
static inline void ir_addi(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_add, t, d, a, i); }
static inline void ir_andi(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_and, t, d, a, i); }
static inline void ir_ori(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_or, t, d, a, i); }
static inline void ir_xori(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_xor, t, d, a, i); }
static inline void ir_shli(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_shl, t, d, a, i); }
static inline void ir_shri(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_shr, t, d, a, i); }
static inline void ir_sari(IRContext *c, IRType t, IRTemp d, IRTemp a, int64_t i) { ir_binopi(c, IR_OP_sar, t, d, a, i); }

/* Width changes. */
void ir_extu_i32_i64(IRContext *c, IRTemp d64, IRTemp s32);
void ir_exts_i32_i64(IRContext *c, IRTemp d64, IRTemp s32);
void ir_extrl_i64_i32(IRContext *c, IRTemp d32, IRTemp s64);
void ir_extrh_i64_i32(IRContext *c, IRTemp d32, IRTemp s64);
void ir_concat_i32_i64(IRContext *c, IRTemp d64, IRTemp lo, IRTemp hi);

void ir_mulu2(IRContext *c, IRType t, IRTemp lo, IRTemp hi, IRTemp a, IRTemp b);
void ir_muls2(IRContext *c, IRType t, IRTemp lo, IRTemp hi, IRTemp a, IRTemp b);
void ir_add2(IRContext *c, IRType t, IRTemp rl, IRTemp rh, IRTemp al, IRTemp ah, IRTemp bl, IRTemp bh);
void ir_sub2(IRContext *c, IRType t, IRTemp rl, IRTemp rh, IRTemp al, IRTemp ah, IRTemp bl, IRTemp bh);

void ir_extract(IRContext *c, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len);
void ir_sextract(IRContext *c, IRType t, IRTemp d, IRTemp a, unsigned pos, unsigned len);
void ir_deposit(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b, unsigned pos, unsigned len);

void ir_setcond(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b, IRCond cond);
void ir_movcond(IRContext *c, IRType t, IRTemp d, IRTemp c1, IRTemp c2, IRTemp v1, IRTemp v2, IRCond cond);

/* Host memory at base + offset (base is normally IR_ENV). */
void ir_ld(IRContext *c, IRType t, IRTemp d, IRTemp base, int32_t offset, unsigned memop);
void ir_st(IRContext *c, IRType t, IRTemp val, IRTemp base, int32_t offset, unsigned memop);

/* Guest memory. t is the value's type; addr's own type is the guest address width. */
void ir_guest_ld(IRContext *c, IRType t, IRTemp d, IRTemp addr, unsigned memop, int mmu_idx);
void ir_guest_st(IRContext *c, IRType t, IRTemp val, IRTemp addr, unsigned memop, int mmu_idx);
void ir_guest_cmpxchg(IRContext *c, IRType t, IRTemp old, IRTemp addr, IRTemp cmp, IRTemp nv,
                      unsigned memop, int mmu_idx);
void ir_mb(IRContext *c, int kind);

/*
 * Floating point (fp_arith). fop is an IR_FP_* operation, | IR_FP_F32 for
 * single precision (else double). The host computes d = a op b (sqrt: of
 * a alone) rounded to nearest, its exception flags left in its FP status
 * register; where the host's answer is not certainly the guest's (a NaN:
 * NaN selection; +-the smallest normal: tininess before or after
 * rounding), d = fallback(env, a, b, arg), which recomputes it. The op is
 * kept even when d is dead: its flags are guest state.
 */
enum { IR_FP_ADD, IR_FP_SUB, IR_FP_MUL, IR_FP_DIV, IR_FP_SQRT, IR_FP_OPS, IR_FP_F32 = 8, IR_FP_SIGNAL = 16 };
typedef uint64_t (*IRFpFallback)(void *env, uint64_t a, uint64_t b, uint64_t arg);
void ir_fp_arith(IRContext *c, unsigned fop, IRTemp d, IRTemp a, IRTemp b, IRFpFallback fallback, uint64_t arg);
/* fp_muladd: d = (-)(a * b) (-) c with one rounding, IR_FP_NEG_PRODUCT
 * and IR_FP_NEG_ADDEND choosing the signs, with fp_arith's checks and a
 * fallback of three operands. */
enum { IR_FP_NEG_PRODUCT = 32, IR_FP_NEG_ADDEND = 64 };
typedef uint64_t (*IRFpFallback3)(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t arg);
void ir_fp_muladd(IRContext *c, unsigned flags, IRTemp d, IRTemp a, IRTemp b, IRTemp addend, IRFpFallback3 fallback,
                  uint64_t arg);
/* fp_cmp: d = the ordering of a and b as the ARM NZCV nibble (less 8,
 * equal 6, greater 2, unordered 3); flags: IR_FP_F32, and IR_FP_SIGNAL
 * for a compare that raises invalid on any NaN (else on signalling ones).
 * Denormal operands compare as they are (no flush). */
void ir_fp_cmp(IRContext *c, unsigned flags, IRTemp d, IRTemp a, IRTemp b);

/* Control flow. */
void ir_set_label(IRContext *c, int label);
void ir_br(IRContext *c, int label);
void ir_brcond(IRContext *c, IRType t, IRTemp a, IRTemp b, IRCond cond, int label);
void ir_brcondi(IRContext *c, IRType t, IRTemp a, int64_t imm, IRCond cond, int label);
void ir_insn_start(IRContext *c, uint64_t pc, uint64_t extra);
void ir_goto_tb(IRContext *c, unsigned slot);
void ir_exit_tb(IRContext *c, uintptr_t val);
void ir_goto_ptr(IRContext *c, IRTemp host_ptr);

/*
 * Helper call: ret = fn(in[0], ..., in[nb_in-1]). ret may be IR_NO_TEMP.
 * Arguments are passed in host integer argument registers, each widened to
 * 64 bits (i32 temps zero-extended). At most IR_MAX_CALL_IN inputs.
 */
void ir_call(IRContext *c, void *fn, unsigned flags, IRTemp ret, unsigned nb_in, const IRTemp *in);
#define ir_call0(c, fn, fl, ret) ir_call(c, (void *)(fn), fl, ret, 0, NULL)
#define ir_callN(c, fn, fl, ret, ...) \
    ir_call(c, (void *)(fn), fl, ret, sizeof((IRTemp[]){__VA_ARGS__}) / sizeof(IRTemp), (IRTemp[]){__VA_ARGS__})

/* -- Vectors (tcg/ir_vec.c) --
 *
 * t is IR_V64 or IR_V128; vece is the element size as MO_8..MO_64. An op of
 * type V64 reads only the low 64 bits of its vector inputs, which may be
 * V64 or V128 temps, and leaves the high 64 bits of its result undefined:
 * ir_clrhi_vec makes a V128 of it with the high half zero. */

/* d = every element set to the low bits of scalar s (an i32 or i64 temp). */
void ir_dup_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp s);
void ir_dupi_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, int64_t v);
/* Host memory at base + offset (base is normally IR_ENV). */
void ir_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp base, int32_t offset);
void ir_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp base, int32_t offset);
/* Guest memory, 8 or 16 bytes; memop may hold MO_ALIGN (to the vector size). */
void ir_guest_ld_vec(IRContext *c, IRType t, IRTemp d, IRTemp addr, unsigned memop, int mmu_idx);
void ir_guest_st_vec(IRContext *c, IRType t, IRTemp v, IRTemp addr, unsigned memop, int mmu_idx);
/* Scalar d (type st) = element idx of v, zero-extended. */
void ir_extract_vec(IRContext *c, IRType st, unsigned vece, IRTemp d, IRTemp v, unsigned idx);
/* d = v with element idx replaced by the low bits of scalar s. */
void ir_insert_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp v, IRTemp s, unsigned idx);
/* d = a OP b element-wise, for add sub mul smin smax umin umax and the
 * saturating ssadd sssub usadd ussub (8- and 16-bit elements only). */
void ir_vec_binop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b);
/* d = OP a element-wise, for neg abs. */
void ir_vec_unop(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a);
/* Bitwise d = a OP b for and or xor andc orc; not_vec with b ignored. */
void ir_vec_logic(IRContext *c, IROpcode opc, IRType t, IRTemp d, IRTemp a, IRTemp b);
void ir_not_vec(IRContext *c, IRType t, IRTemp d, IRTemp a);
/* d = (m & a) | (~m & b) */
void ir_bitsel_vec(IRContext *c, IRType t, IRTemp d, IRTemp m, IRTemp a, IRTemp b);
/* Shift every element by n, 0 <= n < element bits, for shli shri sari. */
void ir_vec_shifti(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n);
/* Shift every element by scalar n modulo the element bits, for shls shrs sars. */
void ir_vec_shifts(IRContext *c, IROpcode opc, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp n);
/* d = (a cond b) ? all ones : 0, per element (any cond but NEVER/ALWAYS). */
void ir_cmp_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b, IRCond cond);
/* V128 d = low 64 bits of a, high 64 bits zero. */
void ir_clrhi_vec(IRContext *c, IRTemp d, IRTemp a);

/* One name per op, e.g. ir_add_vec(ctx, IR_V128, MO_32, d, a, b). The
 * permutes (zip1, zip2, uzp1, uzp2) take the binop shape; with MO_64
 * elements they need IR_V128. */
#define IR_VEC_BINOP_FN(name) \
    static inline void ir_##name##_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp b) \
    { ir_vec_binop(c, IR_OP_##name##_vec, t, vece, d, a, b); }
IR_VEC_BINOP_FN(add) IR_VEC_BINOP_FN(sub) IR_VEC_BINOP_FN(mul) IR_VEC_BINOP_FN(smin)
IR_VEC_BINOP_FN(smax) IR_VEC_BINOP_FN(umin) IR_VEC_BINOP_FN(umax) IR_VEC_BINOP_FN(ssadd)
IR_VEC_BINOP_FN(sssub) IR_VEC_BINOP_FN(usadd) IR_VEC_BINOP_FN(ussub)
IR_VEC_BINOP_FN(zip1) IR_VEC_BINOP_FN(zip2) IR_VEC_BINOP_FN(uzp1) IR_VEC_BINOP_FN(uzp2)
#undef IR_VEC_BINOP_FN
#define IR_VEC_LOGIC_FN(name) \
    static inline void ir_##name##_vec(IRContext *c, IRType t, IRTemp d, IRTemp a, IRTemp b) \
    { ir_vec_logic(c, IR_OP_##name##_vec, t, d, a, b); }
IR_VEC_LOGIC_FN(and) IR_VEC_LOGIC_FN(or) IR_VEC_LOGIC_FN(xor) IR_VEC_LOGIC_FN(andc) IR_VEC_LOGIC_FN(orc)
#undef IR_VEC_LOGIC_FN
static inline void ir_neg_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a)
{ ir_vec_unop(c, IR_OP_neg_vec, t, vece, d, a); }
static inline void ir_abs_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a)
{ ir_vec_unop(c, IR_OP_abs_vec, t, vece, d, a); }
#define IR_VEC_SHIFT_FN(name) \
    static inline void ir_##name##i_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, unsigned n) \
    { ir_vec_shifti(c, IR_OP_##name##i_vec, t, vece, d, a, n); } \
    static inline void ir_##name##s_vec(IRContext *c, IRType t, unsigned vece, IRTemp d, IRTemp a, IRTemp n) \
    { ir_vec_shifts(c, IR_OP_##name##s_vec, t, vece, d, a, n); }
IR_VEC_SHIFT_FN(shl) IR_VEC_SHIFT_FN(shr) IR_VEC_SHIFT_FN(sar)
#undef IR_VEC_SHIFT_FN

/* -- Debug -- */
#include <stdio.h>
/* Prints the op list, one op per line, e.g. "add_i32 t5, r1, $0x4". */
void ir_dump(IRContext *ctx, FILE *out);
void ir_dump_op(IRContext *ctx, const IROp *op, FILE *out);
const char *ir_temp_name(IRContext *ctx, IRTemp t, char *buf, size_t len);

#endif
