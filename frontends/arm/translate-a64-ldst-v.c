/*
 * A64 loads and stores of V registers: LDR/STR of B, H, S, D and Q
 * registers in every addressing mode (unsigned offset, unscaled, pre- and
 * post-index, register offset, literal), LDP/STP/LDNP/STNP of S, D and Q,
 * and the structure loads and stores LD1-LD4/ST1-ST4 (multiple
 * structures, one lane, LDnR replicate) with their post-index forms.
 *
 * A single register's access size is size:opc<1> ("ldr q0" is size 00 with
 * opc 1x): 0 B, 1 H, 2 S, 3 D, 4 Q. A Q access is one 16-byte vector guest
 * access; the narrower ones are scalar accesses whose load zeroes the rest
 * of the register:
 *
 *     ldr d1, [x2, #8]!     addr = x2 + 8; t = ld64(addr); x2 = addr
 *                           v1[0] = t; v1[1] = 0
 *
 * LD2/LD4 and ST2/ST4 (multiple structures) are 16-byte accesses and
 * permutes (translate-a64-simd-perm.c). The other structures go element by
 * element, in the architecture's order (for each element, each register of
 * the structure), so "ld3 {v0.4s-v2.4s}" de-interleaves triples of words;
 * a fault leaves the registers already loaded changed, as the architecture
 * allows.
 */
#include "frontends/arm/a64-simd-perm.h"

/* Loads (or stores) V register rt at addr, log2 size bytes. */
static void gen_vreg_access(DisasA64 *s, bool load, int rt, IRTemp addr, int size)
{
    IRContext *ir = s->ir;
    if (size == 4) {
        IRTemp v = ir_new(ir, IR_V128);
        if (load) {
            ir_guest_ld_vec(ir, IR_V128, v, addr, 0, s->mmu_idx);
            ir_st_vec(ir, IR_V128, v, IR_ENV, a64_vofs(rt, 0));
        } else {
            ir_ld_vec(ir, IR_V128, v, IR_ENV, a64_vofs(rt, 0));
            ir_guest_st_vec(ir, IR_V128, v, addr, 0, s->mmu_idx);
        }
    } else if (load) {
        IRTemp t = a64_tmp(s);
        a64_gen_ld(s, t, addr, (unsigned)size);
        a64_write_vec_scalar(s, rt, t, (unsigned)size);
        a64_fp_cache_put(s, rt, t, (unsigned)size);
    } else {
        IRTemp t = a64_fp_cache_get(s, rt, (unsigned)size);
        a64_gen_st(s, t != IR_NO_TEMP ? t : a64_read_elem(s, rt, 0, (unsigned)size), addr, (unsigned)size);
        s->fp_keep = true; /* a store writes no V register */
    }
}

/* The address of an indexed access: idx 0 or 2 offset, 1 post-index
 * (the base itself), 3 pre-index. */
static IRTemp index_addr(DisasA64 *s, int rn, IRTemp ofs, int idx)
{
    IRTemp addr = a64_tmp(s);
    if (idx == 1) {
        ir_mov(s->ir, IR_I64, addr, a64_read_sp(s, rn));
    } else {
        ir_add(s->ir, IR_I64, addr, a64_read_sp(s, rn), ofs);
    }
    return addr;
}

/* The base register's writeback after the access. */
static void index_writeback(DisasA64 *s, int rn, IRTemp addr, IRTemp ofs, int idx)
{
    if (idx == 1) {
        ir_add(s->ir, IR_I64, a64_cpu_X[rn], addr, ofs);
    } else if (idx == 3) {
        ir_mov(s->ir, IR_I64, a64_cpu_X[rn], addr);
    }
}

/* One register at base + ofs. */
static void gen_vreg_single(DisasA64 *s, bool load, int rt, int rn, IRTemp ofs, int idx, int size)
{
    IRTemp addr = index_addr(s, rn, ofs, idx);
    gen_vreg_access(s, load, rt, addr, size);
    index_writeback(s, rn, addr, ofs, idx);
}

/* The access size of size:opc, or -1 when opc<1> is set with size != 0. */
static int vreg_size(int size, int opc)
{
    if (opc & 2) {
        return size == 0 ? 4 : -1;
    }
    return size;
}

bool a64_simd_trans_LDSTV_UIMM(DisasA64 *s, arg_LDSTV_UIMM *a)
{
    int size = vreg_size(a->size, a->opc);
    if (size < 0) {
        return false;
    }
    gen_vreg_single(s, a->opc & 1, a->rt, a->rn, ir_const_i64(s->ir, (int64_t)a->imm << size), 0, size);
    return true;
}

bool a64_simd_trans_LDSTV_IMM9(DisasA64 *s, arg_LDSTV_IMM9 *a)
{
    int size = vreg_size(a->size, a->opc);
    if (size < 0 || a->idx == 2) { /* no unprivileged form for V registers */
        return false;
    }
    gen_vreg_single(s, a->opc & 1, a->rt, a->rn, ir_const_i64(s->ir, a->imm), a->idx, size);
    return true;
}

bool a64_simd_trans_LDSTV_REG(DisasA64 *s, arg_LDSTV_REG *a)
{
    int size = vreg_size(a->size, a->opc);
    if (size < 0 || !(a->opt & 2)) {
        return false;
    }
    /* S scales by the access size (16 bytes for Q). */
    gen_vreg_single(s, a->opc & 1, a->rt, a->rn, a64_gen_reg_offset(s, a->rm, a->opt, a->s ? size : 0), 0, size);
    return true;
}

bool a64_simd_trans_LDV_LIT(DisasA64 *s, arg_LDV_LIT *a)
{
    if (a->opc == 3) {
        return false;
    }
    IRTemp addr = ir_const_i64(s->ir, (int64_t)(s->pc_curr + (uint64_t)((int64_t)a->imm * 4)));
    gen_vreg_access(s, true, a->rt, addr, a->opc + 2);
    return true;
}

/* Pairs: opc 00 S, 01 D, 10 Q; idx 00 non-temporal, 01 post, 10 offset,
 * 11 pre; the offset is imm7 times the register size. Both loads happen
 * before either register is written. */
bool a64_simd_trans_LDSTV_PAIR(DisasA64 *s, arg_LDSTV_PAIR *a)
{
    if (a->opc == 3) {
        return false;
    }
    IRContext *ir = s->ir;
    int size = a->opc + 2;
    IRTemp ofs = ir_const_i64(ir, (int64_t)a->imm << size);
    IRTemp addr = index_addr(s, a->rn, ofs, a->idx), addr2 = a64_tmp(s);
    ir_addi(ir, IR_I64, addr2, addr, 1 << size);
    if (!a->l) {
        gen_vreg_access(s, false, a->rt, addr, size);
        gen_vreg_access(s, false, a->rt2, addr2, size);
    } else if (size == 4) {
        IRTemp v1 = ir_new(ir, IR_V128), v2 = ir_new(ir, IR_V128);
        ir_guest_ld_vec(ir, IR_V128, v1, addr, 0, s->mmu_idx);
        ir_guest_ld_vec(ir, IR_V128, v2, addr2, 0, s->mmu_idx);
        ir_st_vec(ir, IR_V128, v1, IR_ENV, a64_vofs(a->rt, 0));
        ir_st_vec(ir, IR_V128, v2, IR_ENV, a64_vofs(a->rt2, 0));
    } else {
        IRTemp v1 = a64_tmp(s), v2 = a64_tmp(s);
        a64_gen_ld(s, v1, addr, (unsigned)size);
        a64_gen_ld(s, v2, addr2, (unsigned)size);
        a64_write_vec_scalar(s, a->rt, v1, (unsigned)size);
        a64_write_vec_scalar(s, a->rt2, v2, (unsigned)size);
        a64_fp_cache_put(s, a->rt, v1, (unsigned)size);
        a64_fp_cache_put(s, a->rt2, v2, (unsigned)size);
    }
    index_writeback(s, a->rn, addr, ofs, a->idx);
    return true;
}

/* -- Structures -- */

/* Post-index writeback: Rm = 31 adds the bytes transferred, else Xm. */
static void gen_struct_writeback(DisasA64 *s, int rn, int rm, IRTemp base, int bytes)
{
    if (rm == 31) {
        ir_addi(s->ir, IR_I64, a64_cpu_X[rn], base, bytes);
    } else {
        ir_add(s->ir, IR_I64, a64_cpu_X[rn], base, a64_cpu_X[rm]);
    }
}

/*
 * Multiple structures: opcode gives the registers (rpt) and the structure
 * size (selem): 0000 LD4, 0010 LD1 x4, 0100 LD3, 0110 LD1 x3, 0111 LD1 x1,
 * 1000 LD2, 1010 LD1 x2. LD1/ST1 move whole registers; the others go
 * element by element.
 */
static bool gen_ldst_mult(DisasA64 *s, arg_ldst_mult *a)
{
    static const signed char rpt_of[16] = {1, -1, 4, -1, 1, -1, 3, 1, 1, -1, 2, -1, -1, -1, -1, -1};
    static const signed char selem_of[16] = {4, -1, 1, -1, 3, -1, 1, 1, 2, -1, 1, -1, -1, -1, -1, -1};
    int rpt = rpt_of[a->opc], selem = selem_of[a->opc];
    if (rpt < 0 || (a->size == 3 && !a->q && selem > 1)) {
        return false;
    }
    IRContext *ir = s->ir;
    int esize = 1 << a->size, regbytes = a->q ? 16 : 8, elems = regbytes / esize;
    IRTemp base = a64_tmp(s), addr = a64_tmp(s);
    ir_mov(ir, IR_I64, base, a64_read_sp(s, a->rn));
    if (selem == 1) {
        IRType t = a->q ? IR_V128 : IR_V64;
        for (int r = 0; r < rpt; r++) {
            int tt = (a->rt + r) % 32;
            IRTemp v = ir_new(ir, IR_V128);
            ir_addi(ir, IR_I64, addr, base, r * regbytes);
            if (a->l) {
                ir_guest_ld_vec(ir, t, v, addr, 0, s->mmu_idx);
                a64_write_vec(s, tt, v, a->q);
            } else {
                ir_ld_vec(ir, t, v, IR_ENV, a64_vofs(tt, 0));
                ir_guest_st_vec(ir, t, v, addr, 0, s->mmu_idx);
            }
        }
    } else if (!a64_gen_ldst_interleaved(s, a->l, a->q, a->size, a->rt, selem, base)) {
        for (int e = 0; e < elems; e++) {
            for (int k = 0; k < selem; k++) {
                int tt = (a->rt + k) % 32;
                ir_addi(ir, IR_I64, addr, base, (e * selem + k) * esize);
                if (a->l) {
                    IRTemp t = a64_tmp(s);
                    a64_gen_ld(s, t, addr, (unsigned)a->size);
                    a64_write_elem(s, tt, e, t, (unsigned)a->size);
                } else {
                    a64_gen_st(s, a64_read_elem(s, tt, e, (unsigned)a->size), addr, (unsigned)a->size);
                }
            }
        }
        for (int k = 0; a->l && !a->q && k < selem; k++) {
            ir_st(ir, IR_I64, ir_const_i64(ir, 0), IR_ENV, a64_vofs((a->rt + k) % 32, 8), MO_64);
        }
    }
    if (a->p) {
        gen_struct_writeback(s, a->rn, a->rm, base, rpt * selem * regbytes);
    }
    return true;
}

bool a64_simd_trans_LDST_MULT(DisasA64 *s, arg_ldst_mult *a) { return gen_ldst_mult(s, a); }
bool a64_simd_trans_LDST_MULT_POST(DisasA64 *s, arg_ldst_mult *a) { return gen_ldst_mult(s, a); }

/*
 * Single structure: opcode<2:1> is the element size (11: replicate, the
 * size from the size field), selem = opcode<0>:R + 1. The lane index is
 * Q:S:size for bytes, Q:S:size<1> for halfwords, Q:S for words, Q for
 * doublewords (size 01 of the word opcodes).
 */
static bool gen_ldst_single(DisasA64 *s, arg_ldst_single *a)
{
    int scale = a->opc >> 1, selem = (((a->opc & 1) << 1) | a->r) + 1, index = 0;
    bool replicate = scale == 3;
    switch (scale) {
    case 3:
        if (!a->l || a->s) {
            return false;
        }
        scale = a->size;
        break;
    case 0:
        index = (a->q << 3) | (a->s << 2) | a->size;
        break;
    case 1:
        if (a->size & 1) {
            return false;
        }
        index = (a->q << 2) | (a->s << 1) | (a->size >> 1);
        break;
    default:
        if (a->size & 2 || (a->size == 1 && a->s)) {
            return false;
        }
        if (a->size == 1) {
            scale = 3;
            index = a->q;
        } else {
            index = (a->q << 1) | a->s;
        }
        break;
    }
    IRContext *ir = s->ir;
    int esize = 1 << scale;
    IRTemp base = a64_tmp(s), addr = a64_tmp(s);
    ir_mov(ir, IR_I64, base, a64_read_sp(s, a->rn));
    for (int k = 0; k < selem; k++) {
        int tt = (a->rt + k) % 32;
        ir_addi(ir, IR_I64, addr, base, k * esize);
        if (replicate) {
            IRTemp t = a64_tmp(s), v = ir_new(ir, IR_V128);
            a64_gen_ld(s, t, addr, (unsigned)scale);
            ir_dup_vec(ir, a->q ? IR_V128 : IR_V64, (unsigned)scale, v, t);
            a64_write_vec(s, tt, v, a->q);
        } else if (a->l) {
            IRTemp t = a64_tmp(s);
            a64_gen_ld(s, t, addr, (unsigned)scale);
            a64_write_elem(s, tt, index, t, (unsigned)scale);
        } else {
            a64_gen_st(s, a64_read_elem(s, tt, index, (unsigned)scale), addr, (unsigned)scale);
        }
    }
    if (a->p) {
        gen_struct_writeback(s, a->rn, a->rm, base, selem * esize);
    }
    return true;
}

bool a64_simd_trans_LDST_SINGLE(DisasA64 *s, arg_ldst_single *a) { return gen_ldst_single(s, a); }
bool a64_simd_trans_LDST_SINGLE_POST(DisasA64 *s, arg_ldst_single *a) { return gen_ldst_single(s, a); }
