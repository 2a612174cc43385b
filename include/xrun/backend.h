/*
 * The interface between the register allocator (tcg/regalloc.c) and a host
 * backend (backends/<host>/target.c).
 *
 * The allocator walks the IR once. For an ordinary op it asks the backend
 * for the op's constraints (which registers each input and output may use,
 * which inputs may be immediates, which registers the op destroys, how many
 * scratch registers it needs), places every value accordingly, and then
 * calls backend_emit_op() with the chosen registers and constants:
 *
 *     const BackendCons *k = backend_cons(op);    // e.g. shl: count in rcx or imm
 *     ... load/spill/evict so that each input satisfies k ...
 *     BackendArgs a = { .o = {{.reg = 0}}, .i = {{.reg = 3}, {.is_const = true, .val = 4}} };
 *     backend_emit_op(&cur, op, &a);              // "mov eax, ebx; shl eax, 4"
 *
 * Ops that move values between places (mov, call, spills, global syncs) and
 * control flow (labels, branches, TB exits) use the dedicated emitters
 * below, because the allocator itself decides their operands.
 *
 * Invariant kept by every backend: an i32 value in a host register has its
 * upper 32 bits zero, so it can be used as a 64-bit guest address or call
 * argument without another zero-extension.
 *
 * Registers come in two classes: integer registers hold i32/i64 values,
 * vector registers (backend_vec_regs) hold v64/v128 values. The emitters
 * for moves, loads and stores take the value's type and pick the class's
 * instructions. Vector ops the backend lacks for an element size
 * (backend_vec_supported) are rewritten by tcg/vec_expand.c before
 * allocation, so backend_cons() only sees supported ones.
 */
#ifndef XRUN_BACKEND_H
#define XRUN_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xrun/ir.h"

/* The write position in a code buffer. Emitters append at p; the caller
 * reserves room first (backend_max_op_bytes per op). */
typedef struct CodeCursor {
    uint8_t *start; /* start of the TB (offsets are relative to it) */
    uint8_t *p;
    uint8_t *end;
} CodeCursor;

typedef uint32_t RegSet;
#define REGSET(r) ((RegSet)1 << (r))

/* Which immediates an input accepts instead of a register. */
enum {
    BE_IMM_NONE = 0,
    BE_IMM_S32 = 1, /* constants that fit a sign-extended 32-bit field */
    BE_IMM_ANY = 2, /* any constant */
};

/* Constraints of one op, as returned by backend_cons(). */
typedef struct BackendCons {
    RegSet in_regs[4];  /* allowed registers of input i */
    uint8_t in_imm[4];  /* BE_IMM_* for input i */
    RegSet out_regs[2]; /* allowed registers of output i */
    RegSet clobber;     /* registers destroyed by the op besides its outputs */
    uint8_t out_excl;   /* bit i: no output may share input i's register */
    uint8_t nb_scratch; /* scratch registers (distinct from every operand) */
} BackendCons;

/* One operand as placed by the allocator. */
typedef struct BackendArg {
    bool is_const;
    int8_t reg;
    int64_t val; /* constant value, sign-extended for i32 */
} BackendArg;

/* A global whose memory copy is stale at an op that raises only from its
 * out-of-line path (backend_defers_sync): that path stores it, from a
 * register or as a constant, before it calls out. Globals live in env. */
typedef struct BackendSync {
    int8_t reg; /* -1: the constant val */
    uint8_t type;
    int32_t off;
    int64_t val;
} BackendSync;

#define BE_MAX_SYNC 16

typedef struct BackendArgs {
    BackendArg o[2];
    BackendArg i[4];
    int8_t scratch[2];
    /* Registers holding values needed after the op, besides its outputs:
     * an out-of-line path that calls out (the softmmu slow path) saves
     * the call-clobbered ones among them. */
    RegSet live;
    /* The stale globals of an op the backend defers syncing for. */
    const BackendSync *sync;
    unsigned nb_sync;
} BackendArgs;

/* Whether op, which may raise (IR_F_RAISE), raises only from an out-of-line
 * path that stores BackendArgs.sync first, so that its fast path needs
 * no global in memory: guest accesses with the softmmu, whose TLB hit
 * cannot fault. */
bool backend_defers_sync(const IROp *op);

/* Liveness bits for outputs (private to liveness.c and regalloc*.c).
 * DEAD_OUT: output i is never read after this op. SYNC_OUT: output i is a
 * global that is neither read nor written again before its memory copy
 * must be current, so it may be stored at once. Inputs use
 * IR_LIFE_DEAD/IR_LIFE_SYNC. */
#define IR_LIFE_DEAD_OUT(i) (1u << (8 + (i)))
#define IR_LIFE_SYNC_OUT(i) (1u << (10 + (i)))

/* -- Host registers and frame -- */

#define BE_NB_REGS 32 /* register numbers, of both classes, are below this */
extern const RegSet backend_vec_regs;        /* the vector register class */
extern const int8_t backend_alloc_order[]; /* allocatable registers, preferred first */
extern const int backend_nb_alloc;
extern const RegSet backend_call_clobbered;  /* destroyed by a helper call */
extern const int8_t backend_call_arg_regs[]; /* integer argument registers */
extern const int backend_nb_call_arg_regs;
extern const int backend_ret_reg; /* helper return value */
extern const int backend_env_reg; /* holds env inside generated code */
extern const int backend_sp_reg;  /* stack pointer: base of spill slots */

/* Stack frame, relative to the stack pointer inside generated code. */
#define BE_FRAME_STACK_ARGS 0    /* outgoing call arguments beyond registers */
#define BE_FRAME_SPILL_OFF 16    /* first spill slot */
#define BE_FRAME_SPILL_SLOTS 128 /* 8 bytes each; a vector takes two, 16-byte aligned */

/* Upper bound of the bytes one backend_emit_* call writes. */
#define BE_MAX_OP_BYTES 128

/* -- Ordinary ops -- */

/* The constraints of op, or NULL if the op is one the allocator handles. */
const BackendCons *backend_cons(const IROp *op);
/* Emits op with operands placed as a says. */
void backend_emit_op(CodeCursor *c, const IROp *op, const BackendArgs *a);

/* Whether the backend emits vector op opc (an IR_OP_*_vec) for elements of
 * vece (MO_8..MO_64) itself. For cmp_vec it means the conditions EQ and
 * GT; tcg/vec_expand.c rewrites the others into those. The answer may
 * depend on host features, and on the memory model for guest accesses. */
bool backend_vec_supported(unsigned opc, unsigned vece);

/* -- Moves, spills, syncs -- */

void backend_emit_mov(CodeCursor *c, IRType t, int dst, int src);
/* Swaps two registers (all 64 bits). */
void backend_emit_xchg(CodeCursor *c, int a, int b);
void backend_emit_movi(CodeCursor *c, IRType t, int dst, int64_t val);
/* Loads/stores a whole value of type t at [base + off]; a v128 spill slot
 * or global is 16-byte aligned. */
void backend_emit_ld(CodeCursor *c, IRType t, int dst, int base, int32_t off);
void backend_emit_st(CodeCursor *c, IRType t, int src, int base, int32_t off);
/* Stores a constant of scalar type t at [base + off]; false if it cannot in one insn. */
bool backend_emit_sti(CodeCursor *c, IRType t, int64_t val, int base, int32_t off);

/* -- Calls -- */

/* Calls fn; arguments are already in place and the stack aligned. */
void backend_emit_call(CodeCursor *c, const void *fn);
/* One-byte filler after a call that may raise: its return address then
 * stays inside the calling insn's host code range even when the call is the
 * insn's last instruction. */
void backend_emit_nop(CodeCursor *c);
/* Restores the i32 invariant of the return register after a call. */
void backend_emit_zext32(CodeCursor *c, int reg);

/* -- Control flow -- */

/* br / brcond: return the location of the displacement that backend_patch_label
 * points at the label once its address is known. b may be a constant that
 * fits a sign-extended 32-bit field. NULL means no jump (cond NEVER). */
uint8_t *backend_emit_br(CodeCursor *c);
uint8_t *backend_emit_brcond(CodeCursor *c, IRType t, IRCond cond, int a, const BackendArg *b);
void backend_patch_label(uint8_t *site, const uint8_t *target);
/* goto_tb: emits the patchable jump; returns its offset from c->start. */
uint32_t backend_emit_goto_tb(CodeCursor *c);
void backend_emit_exit_tb(CodeCursor *c, uintptr_t val);
void backend_emit_goto_ptr(CodeCursor *c, int reg);
void backend_emit_mb(CodeCursor *c, unsigned kind);

/* The inline jump-cache probe of an indirect branch, emitted just before
 * the call of helper_lookup_tb(env, pc, flags) whose result goto_ptr jumps
 * to. The arguments are already in the call argument registers. On a hit
 * (pc, flags match, the tag is the current generation with cflags 0,
 * tb != NULL in env->jc) it jumps straight
 * to the cached host code; on a miss it falls through to the call. It
 * destroys only call-clobbered registers that are not argument registers. */
void backend_emit_lookup_probe(CodeCursor *c);

/* -- Out-of-line code -- */

/* Called before the first op of a TB, and after its last: the backend
 * emits the out-of-line paths it collected (softmmu slow paths) at the end
 * of the TB's code. tb_finish returns 0, -1 when the code buffer has no
 * room for them, or -2 when the TB has more of them than the backend
 * keeps (the caller halves the block). */
void backend_tb_start(void);
int backend_tb_finish(CodeCursor *c);

/* -- Alignment faults -- */

/* Called by generated code when a guest access with MO_ALIGN is misaligned
 * (tcg/exec.c): records addr in cpu->fault_addr, restores the guest pc of
 * the access from the helper's return address and leaves with
 * EXCP_UNALIGNED. Globals are already synced (the access may raise). */
_Noreturn void helper_unaligned_access(void *env, uint64_t addr);

/* -- Debug -- */

/* Prints host code (for -d out_asm). */
void backend_disas(FILE *out, const uint8_t *code, size_t size);

#endif
