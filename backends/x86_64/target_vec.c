/*
 * x86_64 emitters for the vector ops, their constraints, and which
 * (op, element size) pairs the host does itself (backend_vec_supported);
 * tcg/vec_expand.c rewrites the others before allocation.
 *
 * Vector values live in xmm0..xmm13; xmm14 and xmm15 are the emitters'
 * own scratch (X64_VTMP2, X64_VTMP). SSE2 is the baseline. With AVX every
 * arithmetic op takes its VEX three-operand form, so "d = a - b" is one
 * instruction whatever the registers:
 *
 *     SSE2, d == b:   movaps xmm15, b ; movaps d, a ; psubd d, xmm15
 *     AVX:            vpsubd d, a, b
 *
 * SSSE3 adds pabs and pshufb (8-bit dup), SSE4.1 pmulld, the 8/32-bit
 * signed and 16/32-bit unsigned min/max, pcmpeqq and the pextr/pinsr
 * forms, SSE4.2 pcmpgtq, AVX2 vpbroadcast. Without them the emitters use
 * short SSE2 sequences (extract/insert through pextrw/pinsrw and shuffles)
 * or report the op unsupported. The permutes (zip, uzp) are SSE2 unpacks,
 * shuffles and packs at every level.
 *
 * Loads, stores and moves keep their legacy encodings: only 128-bit forms
 * are used, so the upper ymm halves stay clean and mixing the two
 * encodings costs nothing.
 */
#include "backends/x86_64/emit_vec.h"
#include "backends/x86_64/target.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

/* -- Constraints -- */

#define VEC X64_VREGS_ALLOC
#define GPR X64_REGS_ALLOC
#define ENV REGSET(X64_REG_ENV)

/* clang-format off */
static const BackendCons cons_v_v     = { .in_regs = {VEC}, .out_regs = {VEC} };
static const BackendCons cons_v_vv    = { .in_regs = {VEC, VEC}, .out_regs = {VEC} };
static const BackendCons cons_v_vvv   = { .in_regs = {VEC, VEC, VEC}, .out_regs = {VEC} };
static const BackendCons cons_dup     = { .in_regs = {GPR}, .in_imm = {BE_IMM_ANY}, .out_regs = {VEC}, .nb_scratch = 1 };
static const BackendCons cons_ld      = { .in_regs = {GPR | ENV}, .out_regs = {VEC} };
static const BackendCons cons_st      = { .in_regs = {VEC, GPR | ENV}, .out_regs = {0} };
static const BackendCons cons_gld     = { .in_regs = {GPR}, .out_regs = {VEC} };
static const BackendCons cons_gst     = { .in_regs = {VEC, GPR}, .out_regs = {0} };
static const BackendCons cons_extract = { .in_regs = {VEC}, .out_regs = {GPR} };
static const BackendCons cons_insert  = { .in_regs = {VEC, GPR}, .out_regs = {VEC}, .nb_scratch = 2 };
static const BackendCons cons_shifts  = { .in_regs = {VEC, GPR}, .in_imm = {0, BE_IMM_ANY}, .out_regs = {VEC}, .nb_scratch = 1 };
/* clang-format on */

const BackendCons *x64_vec_cons(const IROp *op)
{
    switch (op->opc) {
    case IR_OP_dup_vec:
        return &cons_dup;
    case IR_OP_ld_vec:
        return &cons_ld;
    case IR_OP_st_vec:
        return &cons_st;
    case IR_OP_guest_ld_vec:
        return &cons_gld;
    case IR_OP_guest_st_vec:
        return &cons_gst;
    case IR_OP_extract_vec:
        return &cons_extract;
    case IR_OP_insert_vec:
        return &cons_insert;
    case IR_OP_shls_vec:
    case IR_OP_shrs_vec:
    case IR_OP_sars_vec:
        return &cons_shifts;
    case IR_OP_bitsel_vec:
        return &cons_v_vvv;
    case IR_OP_clrhi_vec:
    case IR_OP_neg_vec:
    case IR_OP_abs_vec:
    case IR_OP_not_vec:
    case IR_OP_shli_vec:
    case IR_OP_shri_vec:
    case IR_OP_sari_vec:
        return &cons_v_v;
    default:
        return &cons_v_vv;
    }
}

/* -- What the host does itself -- */

bool backend_vec_supported(unsigned opc, unsigned vece)
{
    const X64Features *f = &x64_features;
    switch (opc) {
    case IR_OP_mul_vec:
        return vece == MO_16 || (vece == MO_32 && f->sse41);
    case IR_OP_abs_vec:
        return vece != MO_64 && f->ssse3;
    case IR_OP_shli_vec:
    case IR_OP_shri_vec:
    case IR_OP_shls_vec:
    case IR_OP_shrs_vec:
        return vece != MO_8;
    case IR_OP_sari_vec:
    case IR_OP_sars_vec:
        return vece == MO_16 || vece == MO_32;
    case IR_OP_cmp_vec:
        return vece != MO_64 || (f->sse41 && f->sse42);
    case IR_OP_smin_vec:
    case IR_OP_smax_vec:
        return vece == MO_16 || (vece != MO_64 && f->sse41);
    case IR_OP_umin_vec:
    case IR_OP_umax_vec:
        return vece == MO_8 || (vece != MO_64 && f->sse41);
    case IR_OP_ssadd_vec:
    case IR_OP_sssub_vec:
    case IR_OP_usadd_vec:
    case IR_OP_ussub_vec:
        return vece <= MO_16;
    case IR_OP_guest_ld_vec:
    case IR_OP_guest_st_vec:
        return !codegen_mem_model.softmmu; /* the softmmu probes scalar accesses */
    default:
        return true;
    }
}

/* The SSE opcode of an element-wise binary op, 0 where there is none. */
static int vec_binop_opc(unsigned opc, unsigned vece, bool *comm)
{
    /* clang-format off */
    static const int add[4] = {X64_SSE_PADDB, X64_SSE_PADDW, X64_SSE_PADDD, X64_SSE_PADDQ};
    static const int sub[4] = {X64_SSE_PSUBB, X64_SSE_PSUBW, X64_SSE_PSUBD, X64_SSE_PSUBQ};
    static const int mul[4] = {0, X64_SSE_PMULLW, X64_SSE_PMULLD, 0};
    static const int smin[4] = {X64_SSE_PMINSB, X64_SSE_PMINSW, X64_SSE_PMINSD, 0};
    static const int smax[4] = {X64_SSE_PMAXSB, X64_SSE_PMAXSW, X64_SSE_PMAXSD, 0};
    static const int umin[4] = {X64_SSE_PMINUB, X64_SSE_PMINUW, X64_SSE_PMINUD, 0};
    static const int umax[4] = {X64_SSE_PMAXUB, X64_SSE_PMAXUW, X64_SSE_PMAXUD, 0};
    static const int ssadd[4] = {X64_SSE_PADDSB, X64_SSE_PADDSW, 0, 0};
    static const int sssub[4] = {X64_SSE_PSUBSB, X64_SSE_PSUBSW, 0, 0};
    static const int usadd[4] = {X64_SSE_PADDUSB, X64_SSE_PADDUSW, 0, 0};
    static const int ussub[4] = {X64_SSE_PSUBUSB, X64_SSE_PSUBUSW, 0, 0};
    /* clang-format on */
    *comm = ir_op_defs[opc].flags & IR_F_COMM;
    switch (opc) {
    case IR_OP_add_vec: return add[vece];
    case IR_OP_sub_vec: return sub[vece];
    case IR_OP_mul_vec: return mul[vece];
    case IR_OP_smin_vec: return smin[vece];
    case IR_OP_smax_vec: return smax[vece];
    case IR_OP_umin_vec: return umin[vece];
    case IR_OP_umax_vec: return umax[vece];
    case IR_OP_ssadd_vec: return ssadd[vece];
    case IR_OP_sssub_vec: return sssub[vece];
    case IR_OP_usadd_vec: return usadd[vece];
    case IR_OP_ussub_vec: return ussub[vece];
    case IR_OP_and_vec: return X64_SSE_PAND;
    case IR_OP_or_vec: return X64_SSE_POR;
    case IR_OP_xor_vec: return X64_SSE_PXOR;
    default: return 0;
    }
}

/* -- Building blocks -- */

static void vmov(CodeCursor *c, int d, int s)
{
    if (d != s)
        x64_op_rr(c, X64_SSE_MOVAPS_VW, d, s);
}

/* d = a OP b: "vop d, a, b" with AVX, else "op d, b" after moving a into d;
 * when d is b, a commutative op swaps, another goes through X64_VTMP. */
static void vop(CodeCursor *c, int sse, bool comm, int d, int a, int b)
{
    if (x64_features.avx) {
        x64_vex_rr(c, sse, d, a, b);
        return;
    }
    if (d == b && d != a) {
        if (comm) {
            x64_op_rr(c, sse, d, a);
            return;
        }
        vmov(c, X64_VTMP, b);
        b = X64_VTMP;
    }
    vmov(c, d, a);
    x64_op_rr(c, sse, d, b);
}

/* d = OP a for a one-source op (pabs*, vpbroadcast*). */
static void vop1(CodeCursor *c, int sse, int d, int a)
{
    if (x64_features.avx)
        x64_vex_rr(c, sse, d, 0, a);
    else
        x64_op_rr(c, sse, d, a);
}

/* d = shuffle of a by imm (pshufd, pshuflw). */
static void vshuf(CodeCursor *c, int sse, int d, int a, uint8_t imm)
{
    if (x64_features.avx)
        x64_vex_rri(c, sse, d, 0, a, imm);
    else
        x64_sse_rri(c, sse, d, a, imm);
}

/* pxor r, r / pcmpeqd r, r */
static void vzero(CodeCursor *c, int r)
{
    vop(c, X64_SSE_PXOR, true, r, r, r);
}

static void vones(CodeCursor *c, int r)
{
    vop(c, X64_SSE_PCMPEQD, true, r, r, r);
}

/* -- Element moves -- */

/* The element pattern v of vece bits repeated over 64 bits. */
static uint64_t vec_replicate(uint64_t v, unsigned vece)
{
    unsigned bits = 8u << vece;
    if (bits < 64)
        v &= (1ull << bits) - 1;
    for (; bits < 64; bits *= 2)
        v |= v << bits;
    return v;
}

/*
 * Every element = s. A constant is built as 64 bits in the scratch (or
 * by pxor / pcmpeqd for 0 / all ones); a register is moved in with movd
 * or movq, then broadcast: vpbroadcast with AVX2; pshufb by a zero
 * index vector (SSSE3) or punpcklbw + pshuflw + pshufd for bytes;
 * pshuflw + pshufd for halfwords; pshufd for words and doublewords.
 */
static void emit_dup(CodeCursor *c, unsigned vece, int d, const BackendArg *s, int scratch)
{
    static const int bcast[4] = {X64_SSE_VPBROADCASTB, X64_SSE_VPBROADCASTW, X64_SSE_VPBROADCASTD,
                                 X64_SSE_VPBROADCASTQ};
    if (s->is_const) {
        uint64_t v = vec_replicate((uint64_t)s->val, vece);
        if (v == 0) {
            vzero(c, d);
        } else if (v == ~0ull) {
            vones(c, d);
        } else {
            x64_movi(c, scratch, v);
            x64_op_rr(c, X64_SSE_MOVD_VE | X64_P_W, d, scratch);
            vshuf(c, X64_SSE_PSHUFD, d, d, 0x44);
        }
        return;
    }
    x64_op_rr(c, X64_SSE_MOVD_VE | (vece == MO_64 ? X64_P_W : 0), d, s->reg);
    if (x64_features.avx2) {
        vop1(c, bcast[vece], d, d);
        return;
    }
    switch (vece) {
    case MO_8:
        if (x64_features.ssse3) {
            vzero(c, X64_VTMP2);
            vop(c, X64_SSE_PSHUFB, false, d, d, X64_VTMP2);
            return;
        }
        vop(c, X64_SSE_PUNPCKLBW, true, d, d, d); /* now a halfword to broadcast */
        __attribute__((fallthrough));
    case MO_16:
        vshuf(c, X64_SSE_PSHUFLW, d, d, 0);
        vshuf(c, X64_SSE_PSHUFD, d, d, 0);
        break;
    case MO_32:
        vshuf(c, X64_SSE_PSHUFD, d, d, 0);
        break;
    default:
        vshuf(c, X64_SSE_PSHUFD, d, d, 0x44);
        break;
    }
}

/* Scalar d = element idx of x, zero-extended: pextrb/w/d/q, or without
 * SSE4.1 pextrw (bytes, then shifted or masked) and pshufd + movd/movq. */
static void emit_extract(CodeCursor *c, unsigned vece, int d, int x, unsigned idx)
{
    bool sse41 = x64_features.sse41;
    switch (vece) {
    case MO_8:
        if (sse41) {
            x64_sse_rri(c, X64_SSE_PEXTRB, x, d, (uint8_t)idx);
            return;
        }
        x64_sse_rri(c, X64_SSE_PEXTRW, d, x, (uint8_t)(idx >> 1));
        if (idx & 1)
            x64_shift_ri(c, X64_SHIFT_SHR, false, d, 8);
        else
            x64_arith_ri(c, X64_ARITH_AND, false, d, 0xff);
        return;
    case MO_16:
        x64_sse_rri(c, X64_SSE_PEXTRW, d, x, (uint8_t)idx);
        return;
    default: {
        int w = vece == MO_64 ? X64_P_W : 0;
        if (idx == 0) {
            x64_op_rr(c, X64_SSE_MOVD_EV | w, x, d);
        } else if (sse41) {
            x64_sse_rri(c, X64_SSE_PEXTRD | w, x, d, (uint8_t)idx);
        } else {
            vshuf(c, X64_SSE_PSHUFD, X64_VTMP, x, (uint8_t)(vece == MO_64 ? 0xee : idx));
            x64_op_rr(c, X64_SSE_MOVD_EV | w, X64_VTMP, d);
        }
        return;
    }
    }
}

/* d (already a copy of the vector) with element idx = low bits of s.
 * Without SSE4.1: bytes merge into their halfword (pextrw, mask, or,
 * pinsrw); words go in as two halfwords; doublewords through X64_VTMP
 * (movsd for the low one, punpcklqdq for the high one). */
static void emit_insert(CodeCursor *c, unsigned vece, int d, int s, unsigned idx, int s0, int s1)
{
    static const int pinsr[4] = {X64_SSE_PINSRB, X64_SSE_PINSRW, X64_SSE_PINSRD,
                                 X64_SSE_PINSRD | X64_P_W};
    if (vece == MO_16 || x64_features.sse41) {
        x64_sse_rri(c, pinsr[vece], d, s, (uint8_t)idx);
        return;
    }
    switch (vece) {
    case MO_8:
        x64_sse_rri(c, X64_SSE_PEXTRW, s0, d, (uint8_t)(idx >> 1));
        if (idx & 1) {
            x64_arith_ri(c, X64_ARITH_AND, false, s0, 0x00ff);
            x64_mov_rr(c, false, s1, s);
            x64_shift_ri(c, X64_SHIFT_SHL, false, s1, 8);
        } else {
            x64_arith_ri(c, X64_ARITH_AND, false, s0, 0xff00);
            x64_op_rr(c, X64_OPC_MOVZBL | X64_P_BYTE_RM, s1, s);
        }
        x64_arith_rr(c, X64_ARITH_OR, false, s0, s1);
        x64_sse_rri(c, X64_SSE_PINSRW, d, s0, (uint8_t)(idx >> 1));
        break;
    case MO_32:
        x64_sse_rri(c, X64_SSE_PINSRW, d, s, (uint8_t)(2 * idx));
        x64_mov_rr(c, false, s0, s);
        x64_shift_ri(c, X64_SHIFT_SHR, false, s0, 16);
        x64_sse_rri(c, X64_SSE_PINSRW, d, s0, (uint8_t)(2 * idx + 1));
        break;
    default:
        x64_op_rr(c, X64_SSE_MOVD_VE | X64_P_W, X64_VTMP, s);
        if (idx == 0)
            x64_op_rr(c, X64_SSE_MOVSD_VW, d, X64_VTMP);
        else
            x64_op_rr(c, X64_SSE_PUNPCKLQDQ, d, X64_VTMP);
        break;
    }
}

/* -- Arithmetic, logic, shifts, compares -- */

/* d = (m & a) | (~m & b), computed as b ^ ((a ^ b) & m) in X64_VTMP2. */
static void emit_bitsel(CodeCursor *c, int d, int m, int a, int b)
{
    vop(c, X64_SSE_PXOR, true, X64_VTMP2, a, b);
    vop(c, X64_SSE_PAND, true, X64_VTMP2, X64_VTMP2, m);
    vop(c, X64_SSE_PXOR, true, d, X64_VTMP2, b);
}

static void emit_unary(CodeCursor *c, unsigned opc, unsigned vece, int d, int a)
{
    static const int sub[4] = {X64_SSE_PSUBB, X64_SSE_PSUBW, X64_SSE_PSUBD, X64_SSE_PSUBQ};
    static const int pabs[3] = {X64_SSE_PABSB, X64_SSE_PABSW, X64_SSE_PABSD};
    switch (opc) {
    case IR_OP_neg_vec: /* 0 - a */
        vzero(c, X64_VTMP2);
        vop(c, sub[vece], false, d, X64_VTMP2, a);
        break;
    case IR_OP_not_vec: /* a ^ ones */
        vones(c, X64_VTMP2);
        vop(c, X64_SSE_PXOR, true, d, a, X64_VTMP2);
        break;
    case IR_OP_abs_vec:
        xr_assert(vece < MO_64 && x64_features.ssse3);
        vop1(c, pabs[vece], d, a);
        break;
    case IR_OP_clrhi_vec: /* movq d, a */
        x64_op_rr(c, X64_SSE_MOVQ_VW, d, a);
        break;
    default:
        xr_unreachable();
    }
}

/* The shift-by-immediate group and its ModRM.reg, or the by-xmm opcode. */
static void shift_opcodes(unsigned opc, unsigned vece, int *group, int *ext, int *by_xmm)
{
    static const int groups[4] = {0, X64_SSE_SHIFTW_IB, X64_SSE_SHIFTD_IB, X64_SSE_SHIFTQ_IB};
    static const int sll[4] = {0, X64_SSE_PSLLW, X64_SSE_PSLLD, X64_SSE_PSLLQ};
    static const int srl[4] = {0, X64_SSE_PSRLW, X64_SSE_PSRLD, X64_SSE_PSRLQ};
    static const int sra[4] = {0, X64_SSE_PSRAW, X64_SSE_PSRAD, 0};
    xr_assert(vece != MO_8);
    *group = groups[vece];
    switch (opc) {
    case IR_OP_shli_vec:
    case IR_OP_shls_vec:
        *ext = X64_SSE_SHIFT_SLL;
        *by_xmm = sll[vece];
        break;
    case IR_OP_shri_vec:
    case IR_OP_shrs_vec:
        *ext = X64_SSE_SHIFT_SRL;
        *by_xmm = srl[vece];
        break;
    default:
        xr_assert(vece != MO_64);
        *ext = X64_SSE_SHIFT_SRA;
        *by_xmm = sra[vece];
        break;
    }
}

/* d = a shifted by n (constant or register; both taken modulo the
 * element bits): "psllw d, n" / "vpsllw d, a, n", or the count masked in
 * the scratch and moved to X64_VTMP2 for "psllw d, xmm". */
static void emit_shift(CodeCursor *c, unsigned opc, unsigned vece, int d, int a,
                       const BackendArg *n, int scratch)
{
    int group, ext, by_xmm;
    shift_opcodes(opc, vece, &group, &ext, &by_xmm);
    unsigned mask = (8u << vece) - 1;
    if (n->is_const) {
        uint8_t k = (uint8_t)((uint64_t)n->val & mask);
        if (k == 0) {
            vmov(c, d, a);
        } else if (x64_features.avx) {
            x64_vex_rri(c, group, ext, d, a, k);
        } else {
            vmov(c, d, a);
            x64_sse_rri(c, group, ext, d, k);
        }
        return;
    }
    x64_mov_rr(c, false, scratch, n->reg);
    x64_arith_ri(c, X64_ARITH_AND, false, scratch, (int32_t)mask);
    x64_op_rr(c, X64_SSE_MOVD_VE, X64_VTMP2, scratch);
    vop(c, by_xmm, false, d, a, X64_VTMP2);
}

/* d = a cond b for the conditions the expansion pass leaves: EQ and GT. */
static void emit_cmp(CodeCursor *c, unsigned vece, IRCond cond, int d, int a, int b)
{
    static const int eq[4] = {X64_SSE_PCMPEQB, X64_SSE_PCMPEQW, X64_SSE_PCMPEQD, X64_SSE_PCMPEQQ};
    static const int gt[4] = {X64_SSE_PCMPGTB, X64_SSE_PCMPGTW, X64_SSE_PCMPGTD, X64_SSE_PCMPGTQ};
    xr_assert(cond == IR_COND_EQ || cond == IR_COND_GT);
    if (cond == IR_COND_EQ)
        vop(c, eq[vece], true, d, a, b);
    else
        vop(c, gt[vece], false, d, a, b);
}

/* -- Permutes -- */

/* d = shufps of a (low two words) and b (high two words) by imm. */
static void vshufps(CodeCursor *c, int d, int a, int b, uint8_t imm)
{
    if (x64_features.avx) {
        x64_vex_rri(c, X64_SSE_SHUFPS, d, a, b, imm);
        return;
    }
    if (d == b && d != a) {
        vmov(c, X64_VTMP, b);
        b = X64_VTMP;
    }
    vmov(c, d, a);
    x64_sse_rri(c, X64_SSE_SHUFPS, d, b, imm);
}

/* zip1: punpckl*; zip2: punpckh*, but of v64 inputs the high half of the
 * low interleave (their high halves are not the guest's). */
static void emit_zip(CodeCursor *c, bool second, IRType t, unsigned vece, int d, int a, int b)
{
    static const int lo[4] = {X64_SSE_PUNPCKLBW, X64_SSE_PUNPCKLWD, X64_SSE_PUNPCKLDQ, X64_SSE_PUNPCKLQDQ};
    static const int hi[4] = {X64_SSE_PUNPCKHBW, X64_SSE_PUNPCKHWD, X64_SSE_PUNPCKHDQ, X64_SSE_PUNPCKHQDQ};
    if (second && t == IR_V64) {
        vop(c, lo[vece], false, d, a, b);
        vshuf(c, X64_SSE_PSHUFD, d, d, 0xee);
        return;
    }
    vop(c, (second ? hi : lo)[vece], false, d, a, b);
}

/* d = the even (odd) byte or halfword elements of a, each moved to the
 * low half of its double-width lane and sign-extended there. */
static void narrow_lane(CodeCursor *c, bool odd, unsigned vece, int d, int a)
{
    BackendArg n = {.is_const = true, .val = 8 << vece};
    if (!odd) {
        emit_shift(c, IR_OP_shli_vec, vece + 1, d, a, &n, -1);
        a = d;
    }
    emit_shift(c, IR_OP_sari_vec, vece + 1, d, a, &n, -1);
}

/*
 * d = the even (odd) elements of b:a. A v64 op first puts the two low
 * halves side by side (punpcklqdq) and permutes that with itself.
 * Doublewords and quadwords are one shufps or punpck{l,h}qdq; bytes and
 * halfwords are narrowed in their lanes, sign-extended so that the signed
 * saturating pack keeps them exactly:
 *
 *     uzp1 e16:  vpslld xmm15, b, 16 ; vpsrad xmm15, xmm15, 16
 *                vpslld d, a, 16 ; vpsrad d, d, 16 ; vpackssdw d, d, xmm15
 */
static void emit_uzp(CodeCursor *c, bool odd, IRType t, unsigned vece, int d, int a, int b)
{
    if (t == IR_V64) {
        xr_assert(vece != MO_64);
        vop(c, X64_SSE_PUNPCKLQDQ, false, d, a, b);
        a = b = d;
    }
    switch (vece) {
    case MO_64:
        vop(c, odd ? X64_SSE_PUNPCKHQDQ : X64_SSE_PUNPCKLQDQ, false, d, a, b);
        break;
    case MO_32:
        vshufps(c, d, a, b, odd ? 0xdd : 0x88);
        break;
    default: {
        int pack = vece == MO_8 ? X64_SSE_PACKSSWB : X64_SSE_PACKSSDW;
        if (a == b) {
            narrow_lane(c, odd, vece, d, a);
            vop(c, pack, false, d, d, d);
            break;
        }
        narrow_lane(c, odd, vece, X64_VTMP, b); /* b first: d may be b */
        narrow_lane(c, odd, vece, d, a);
        vop(c, pack, false, d, d, X64_VTMP);
        break;
    }
    }
}

/* -- Memory -- */

/* guest[addr] at [r15 + addr], after the MO_ALIGN check of the whole vector. */
static void emit_guest_access(CodeCursor *c, const IROp *op, int v, int addr)
{
    IRType t = (IRType)op->type;
    unsigned mo = (unsigned)op->args[op->nb_oargs + op->nb_iargs];
    if (mo & MO_ALIGN)
        x64_emit_align_check_size(c, t == IR_V128 ? 16 : 8, addr);
    if (op->opc == IR_OP_guest_ld_vec)
        x64_emit_vec_ld(c, t, v, X64_REG_GUEST_BASE, addr, 0);
    else
        x64_emit_vec_st(c, t, v, X64_REG_GUEST_BASE, addr, 0);
}

/* -- Dispatch -- */

void x64_emit_vec_op(CodeCursor *c, const IROp *op, const BackendArgs *a)
{
    const uint64_t *ca = &op->args[op->nb_oargs + op->nb_iargs];
    int d = a->o[0].reg, r0 = a->i[0].reg, r1 = a->i[1].reg;
    IRType t = (IRType)op->type;
    bool comm;
    switch (op->opc) {
    case IR_OP_dup_vec:
        if (t == IR_V64 && ca[0] == MO_64 && !a->i[0].is_const) { /* one element: movq d, r */
            x64_op_rr(c, X64_SSE_MOVD_VE | X64_P_W, d, r0);
            break;
        }
        emit_dup(c, (unsigned)ca[0], d, &a->i[0], a->scratch[0]);
        break;
    case IR_OP_ld_vec:
        x64_emit_vec_ld(c, t, d, r0, -1, (int32_t)ca[0]);
        break;
    case IR_OP_st_vec:
        x64_emit_vec_st(c, t, r0, r1, -1, (int32_t)ca[0]);
        break;
    case IR_OP_guest_ld_vec:
        emit_guest_access(c, op, d, r0);
        break;
    case IR_OP_guest_st_vec:
        emit_guest_access(c, op, r0, r1);
        break;
    case IR_OP_extract_vec:
        emit_extract(c, (unsigned)ca[1], d, r0, (unsigned)ca[0]);
        break;
    case IR_OP_insert_vec:
        vmov(c, d, r0);
        emit_insert(c, (unsigned)ca[1], d, r1, (unsigned)ca[0], a->scratch[0], a->scratch[1]);
        break;
    case IR_OP_neg_vec:
    case IR_OP_abs_vec:
        emit_unary(c, op->opc, (unsigned)ca[0], d, r0);
        break;
    case IR_OP_not_vec:
    case IR_OP_clrhi_vec:
        emit_unary(c, op->opc, MO_8, d, r0);
        break;
    case IR_OP_andc_vec: /* pandn: ~b & a */
        vop(c, X64_SSE_PANDN, false, d, r1, r0);
        break;
    case IR_OP_orc_vec: /* a | (b ^ ones) */
        vones(c, X64_VTMP2);
        vop(c, X64_SSE_PXOR, true, X64_VTMP2, X64_VTMP2, r1);
        vop(c, X64_SSE_POR, true, d, r0, X64_VTMP2);
        break;
    case IR_OP_bitsel_vec:
        emit_bitsel(c, d, r0, r1, a->i[2].reg);
        break;
    case IR_OP_shli_vec:
    case IR_OP_shri_vec:
    case IR_OP_sari_vec: {
        BackendArg n = {.is_const = true, .val = (int64_t)ca[1]};
        emit_shift(c, op->opc, (unsigned)ca[0], d, r0, &n, -1);
        break;
    }
    case IR_OP_shls_vec:
    case IR_OP_shrs_vec:
    case IR_OP_sars_vec:
        emit_shift(c, op->opc, (unsigned)ca[0], d, r0, &a->i[1], a->scratch[0]);
        break;
    case IR_OP_cmp_vec:
        emit_cmp(c, (unsigned)ca[0], (IRCond)ca[1], d, r0, r1);
        break;
    case IR_OP_zip1_vec:
    case IR_OP_zip2_vec:
        emit_zip(c, op->opc == IR_OP_zip2_vec, t, (unsigned)ca[0], d, r0, r1);
        break;
    case IR_OP_uzp1_vec:
    case IR_OP_uzp2_vec:
        emit_uzp(c, op->opc == IR_OP_uzp2_vec, t, (unsigned)ca[0], d, r0, r1);
        break;
    default: {
        unsigned vece = op->nb_cargs ? (unsigned)ca[0] : MO_8;
        int sse = vec_binop_opc(op->opc, vece, &comm);
        xr_assert(sse != 0);
        vop(c, sse, comm, d, r0, r1);
        break;
    }
    }
}
