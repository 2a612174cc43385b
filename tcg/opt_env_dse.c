/*
 * Dead env stores (opt_env_dse): a store to env that a later store of the
 * same basic block overwrites whole, with nothing in between that could
 * read it, is removed. After opt_env_forward the A64 V registers are
 * mostly written and not read back inside a block, so a register written
 * twice keeps only its last write:
 *
 *     st_vec_v64 t3, env, $0x2b0              nop
 *     st_i64 $0x0, env, $0x2b8, $0x3          nop
 *     xor_vec_v64 t5, t3, t4, $0x2      ->    xor_vec_v64 t5, t3, t4, $0x2
 *     st_vec_v64 t5, env, $0x2b0              st_vec_v64 t5, env, $0x2b0
 *     st_i64 $0x0, env, $0x2b8, $0x3          st_i64 $0x0, env, $0x2b8, $0x3
 *
 * The pass walks each block backwards with the set of env bytes that are
 * stored again before anything reads them. Everything that may look at
 * env clears the set: a load from env of those bytes (only those), a load
 * through another pointer, a call, an op that may raise (the guest's
 * state must be exact at a fault) and the end of the block (the next
 * block, or the exec loop, reads the registers). Fields of IR globals and
 * offsets past ENV_DSE_BYTES are never removed.
 */
#include <string.h>

#include "tcg/opt.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

#define ENV_DSE_BYTES 4096 /* env offsets the pass follows */

typedef struct DseCtx {
    uint64_t dead[ENV_DSE_BYTES / 64]; /* bit per env byte: stored again later */
    unsigned lo, hi;                   /* the words that may be non-zero */
} DseCtx;

static void dse_clear(DseCtx *d)
{
    if (d->lo < d->hi)
        memset(&d->dead[d->lo], 0, (d->hi - d->lo) * sizeof(d->dead[0]));
    d->lo = ENV_DSE_BYTES / 64;
    d->hi = 0;
}

static bool in_range(int32_t ofs, unsigned bytes)
{
    return ofs >= 0 && ofs + (int32_t)bytes <= ENV_DSE_BYTES;
}

static bool all_dead(const DseCtx *d, int32_t ofs, unsigned bytes)
{
    for (unsigned b = (unsigned)ofs; b < (unsigned)ofs + bytes; b++)
        if (!(d->dead[b / 64] >> (b % 64) & 1))
            return false;
    return true;
}

static void mark(DseCtx *d, int32_t ofs, unsigned bytes, bool dead)
{
    for (unsigned b = (unsigned)ofs; b < (unsigned)ofs + bytes; b++) {
        if (dead)
            d->dead[b / 64] |= 1ull << (b % 64);
        else
            d->dead[b / 64] &= ~(1ull << (b % 64));
    }
    if (dead) {
        unsigned lo = (unsigned)ofs / 64, hi = ((unsigned)ofs + bytes + 63) / 64;
        d->lo = lo < d->lo ? lo : d->lo;
        d->hi = hi > d->hi ? hi : d->hi;
    }
}

static bool backs_global(IRContext *ir, int32_t ofs, unsigned bytes)
{
    for (uint32_t g = 1; g < ir->nb_globals; g++) {
        const IRTempInfo *ti = &ir->temps[g];
        unsigned n = ti->type == IR_I32 ? 4 : ti->type == IR_V128 ? 16 : 8;
        if (ti->kind == IR_TEMP_GLOBAL && ofs < ti->mem_offset + (int32_t)n && ti->mem_offset < ofs + (int32_t)bytes)
            return true;
    }
    return false;
}

void opt_env_dse(IRContext *ir)
{
    static __thread DseCtx d;
    d.lo = 0;
    d.hi = ENV_DSE_BYTES / 64;
    dse_clear(&d);
    for (uint32_t i = ir->nb_ops; i-- > 0;) {
        IROp *op = &ir->ops[i];
        unsigned flags = ir_op_defs[op->opc].flags;
        bool vec = op->opc == IR_OP_ld_vec || op->opc == IR_OP_st_vec;
        if (op->opc == IR_OP_st || op->opc == IR_OP_st_vec || op->opc == IR_OP_ld || op->opc == IR_OP_ld_vec) {
            bool load = op->opc == IR_OP_ld || op->opc == IR_OP_ld_vec;
            int32_t ofs = (int32_t)op->args[2];
            unsigned bytes = vec ? (op->type == IR_V128 ? 16 : 8) : ir_memop_bytes((unsigned)op->args[3]);
            if ((IRTemp)op->args[1] != IR_ENV) {
                if (load)
                    dse_clear(&d); /* it could read env */
                continue;
            }
            if (!in_range(ofs, bytes)) {
                if (load)
                    dse_clear(&d); /* it may reach into the bytes followed */
                continue;
            }
            if (load) {
                mark(&d, ofs, bytes, false);
            } else if (all_dead(&d, ofs, bytes) && !backs_global(ir, ofs, bytes)) {
                opt_make_nop(op);
            } else {
                mark(&d, ofs, bytes, true);
            }
            continue;
        }
        if (flags & (IR_F_BB_END | IR_F_CALL | IR_F_RAISE) || op->opc == IR_OP_goto_tb)
            dse_clear(&d);
    }
}
