/*
 * A64 Advanced SIMD integer instructions in C, element by element: what
 * the vector IR has no op for (saturating, rounding and narrowing or
 * widening arithmetic, pairwise and across-lanes reductions, permutes,
 * table lookups, shifts by register, by-element multiplies), the ARMv8.1
 * SQRDMLAH/SQRDMLSH, ARMv8.2 SDOT/UDOT and ARMv8.6 Int8 matrix multiply
 * (each UNDEF unless env->features has its A64_FEATURE_* bit), and the
 * scalar forms.
 *
 * An element is read sign- or zero-extended (as the insn's U bit says)
 * into an __int128, so a 64-bit saturating add or a doubling multiply
 * cannot overflow before it is saturated:
 *
 *     sqadd h0, h1, h2     r = (int16)h1 + (int16)h2 (no wrap)
 *                          r > 32767: r = 32767, FPSR.QC = 1
 *
 * The result is built in a separate register value and stored last, so
 * Vd may be any of the sources. a64_simd_exec returns false, touching
 * nothing, for an unallocated encoding (or one of the FP encodings that
 * share these classes).
 */
#include <string.h>

#include "frontends/arm/a64-simd.h"

typedef __int128 i128;

/* One decoded insn and its operand values. */
typedef struct SimdOp {
    CPUA64State *env;
    uint32_t insn;
    int q, u, size, opc, rd, rn, rm;
    bool scalar;
    uint64_t n[2], m[2], d[2], r[2];
    bool qc;            /* saturation happened */
    bool whole;         /* r holds all 128 result bits (long/narrow ops) */
} SimdOp;

/* -- Elements -- */

static uint64_t elem_get(const uint64_t *v, int idx, int size)
{
    uint64_t x = 0;
    memcpy(&x, (const uint8_t *)v + (idx << size), (size_t)1 << (size & 3));
    return x;
}

static void elem_set(uint64_t *v, int idx, int size, uint64_t x)
{
    memcpy((uint8_t *)v + (idx << size), &x, (size_t)1 << (size & 3));
}

/* Element idx as a signed or unsigned value. */
static i128 elem_ext(const uint64_t *v, int idx, int size, bool is_signed)
{
    uint64_t x = elem_get(v, idx, size);
    int bits = 8 << size;
    if (is_signed && bits < 64) {
        return (int64_t)(x << (64 - bits)) >> (64 - bits);
    }
    return is_signed ? (i128)(int64_t)x : (i128)x;
}

static i128 sat(SimdOp *o, i128 x, int size, bool is_signed)
{
    int bits = 8 << size;
    i128 lo = is_signed ? -((i128)1 << (bits - 1)) : 0;
    i128 hi = is_signed ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;
    if (x < lo || x > hi) {
        o->qc = true;
        return x < lo ? lo : hi;
    }
    return x;
}

/* x shifted left by sh (right by -sh), optionally rounding (right shifts)
 * and saturating (left shifts) to size, signed or not. */
static i128 shift_elem(SimdOp *o, i128 x, int sh, int size, bool is_signed, bool round, bool saturate)
{
    int bits = 8 << size;
    if (sh >= 0) {
        if (sh >= bits) {
            if (!saturate || x == 0) {
                return 0;
            }
            return sat(o, x < 0 ? -((i128)1 << 126) : ((i128)1 << 126), size, is_signed);
        }
        x <<= sh;
        return saturate ? sat(o, x, size, is_signed) : x;
    }
    int n = -sh > bits + 1 ? bits + 1 : -sh;
    if (round) {
        x += (i128)1 << (n - 1);
    }
    return x >> n;
}

/* Elements of the operation's vector (or 1 for a scalar). */
static int nelem(const SimdOp *o, int size)
{
    return o->scalar ? 1 : (o->q ? 16 : 8) >> size;
}

static uint64_t ones(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

/* -- Three same -- */

/* One element of a three-same integer op; false if unallocated. */
static bool op_3same(SimdOp *o, int opc, i128 a, i128 b, i128 d, int size, i128 *out)
{
    bool sg = !o->u;
    int bits = 8 << size;
    switch (opc) {
    case 0x00: *out = (a + b) >> 1; return true;
    case 0x01: *out = sat(o, a + b, size, sg); return true;
    case 0x02: *out = (a + b + 1) >> 1; return true;
    case 0x04: *out = (a - b) >> 1; return true;
    case 0x05: *out = sat(o, a - b, size, sg); return true;
    case 0x06: *out = a > b ? -1 : 0; return true;
    case 0x07: *out = a >= b ? -1 : 0; return true;
    case 0x08: case 0x09: case 0x0a: case 0x0b:
        *out = shift_elem(o, a, (int8_t)b, size, sg, opc & 2, opc & 1);
        return true;
    case 0x0c: *out = a > b ? a : b; return true;
    case 0x0d: *out = a < b ? a : b; return true;
    case 0x0e: *out = a > b ? a - b : b - a; return true;
    case 0x0f: *out = d + (a > b ? a - b : b - a); return true;
    case 0x10: *out = o->u ? a - b : a + b; return true;
    case 0x11:
        if (o->u) {
            *out = ((uint64_t)(a ^ b) & ones(size)) == 0 ? -1 : 0;
        } else {
            *out = ((uint64_t)(a & b) & ones(size)) ? -1 : 0;
        }
        return true;
    case 0x12: *out = o->u ? d - a * b : d + a * b; return true;
    case 0x13:
        if (o->u) { /* PMUL: carry-less, bytes only */
            uint64_t r = 0;
            for (int i = 0; i < 8; i++) {
                r ^= ((uint64_t)b >> i & 1) ? (uint64_t)a << i : 0;
            }
            *out = r;
        } else {
            *out = a * b;
        }
        return true;
    case 0x16: { /* SQDMULH / SQRDMULH */
        i128 p = 2 * a * b;
        if (o->u) {
            p += (i128)1 << (bits - 1);
        }
        *out = sat(o, p >> bits, size, true);
        return true;
    }
    default:
        return false;
    }
}

/* Which (opc, size) three-same integer encodings exist. */
static bool valid_3same(const SimdOp *o)
{
    int opc = o->opc, size = o->size;
    if (opc >= 0x18 || (opc == 0x17 && o->u) || (opc == 3 && o->scalar)) {
        return false;
    }
    if (o->scalar) {
        switch (opc) {
        case 0x01: case 0x05: case 0x09: case 0x0b: return true;
        case 0x06: case 0x07: case 0x08: case 0x0a: case 0x10: case 0x11: return size == 3;
        case 0x16: return size == 1 || size == 2;
        default: return false;
        }
    }
    if (opc != 3 && size == 3 && !o->q) {
        return false;
    }
    switch (opc) {
    case 0x00: case 0x02: case 0x04: case 0x0c: case 0x0d: case 0x0e: case 0x0f: case 0x12:
    case 0x14: case 0x15:
        return size != 3;
    case 0x13: return o->u ? size == 0 : size != 3;
    case 0x16: return size == 1 || size == 2;
    default: return true;
    }
}

static bool exec_3same(SimdOp *o)
{
    if (!valid_3same(o)) {
        return false;
    }
    int size = o->size, ne = nelem(o, size);
    if (o->opc == 3) { /* AND BIC ORR ORN / EOR BSL BIT BIF */
        for (int i = 0; i < 2; i++) {
            uint64_t n = o->n[i], m = o->m[i], d = o->d[i];
            switch (size | (o->u << 2)) {
            case 0: o->r[i] = n & m; break;
            case 1: o->r[i] = n & ~m; break;
            case 2: o->r[i] = n | m; break;
            case 3: o->r[i] = n | ~m; break;
            case 4: o->r[i] = n ^ m; break;
            case 5: o->r[i] = (d & n) | (~d & m); break;
            case 6: o->r[i] = (m & n) | (~m & d); break;
            default: o->r[i] = (m & d) | (~m & n); break;
            }
        }
        return true;
    }
    bool sg = !o->u || o->opc == 0x16; /* SQRDMULH is U=1 and signed */
    if (o->opc >= 0x14 && o->opc <= 0x17 && o->opc != 0x16) { /* pairwise over n:m */
        uint64_t cat[4] = {o->n[0], o->n[1], o->m[0], o->m[1]};
        if (!o->q) {
            cat[1] = o->m[0];
        }
        for (int i = 0; i < ne; i++) {
            i128 a = elem_ext(cat, 2 * i, size, !o->u), b = elem_ext(cat, 2 * i + 1, size, !o->u), r;
            r = o->opc == 0x17 ? a + b : (o->opc == 0x14) == (a > b) ? a : b;
            elem_set(o->r, i, size, (uint64_t)r);
        }
        return true;
    }
    for (int i = 0; i < ne; i++) {
        i128 a = elem_ext(o->n, i, size, sg), b = elem_ext(o->m, i, size, sg), d = elem_ext(o->d, i, size, sg), r = 0;
        op_3same(o, o->opc, a, b, d, size, &r);
        elem_set(o->r, i, size, (uint64_t)r);
    }
    return true;
}

/* -- Three different: long, wide and narrowing -- */

/* a op b for the long ops (the wide source already extended). */
static i128 op_long(SimdOp *o, int opc, i128 a, i128 b, i128 d, int size)
{
    int wsize = size + 1;
    switch (opc) {
    case 0x0: case 0x1: return a + b;
    case 0x2: case 0x3: return a - b;
    case 0x5: return d + (a > b ? a - b : b - a);
    case 0x7: return a > b ? a - b : b - a;
    case 0x8: return d + a * b;
    case 0xa: return d - a * b;
    case 0xc: return a * b;
    case 0x9: return sat(o, d + sat(o, 2 * a * b, wsize, true), wsize, true);
    case 0xb: return sat(o, d - sat(o, 2 * a * b, wsize, true), wsize, true);
    case 0xd: return sat(o, 2 * a * b, wsize, true);
    default: { /* PMULL of bytes (read signed: only their low 8 bits count) */
        uint64_t r = 0;
        for (int i = 0; i < 8; i++) {
            r ^= ((uint64_t)b >> i & 1) ? ((uint64_t)a & 0xff) << i : 0;
        }
        return r;
    }
    }
}

static bool exec_3diff(SimdOp *o)
{
    int opc = o->opc, size = o->size, half = o->q;
    if (size == 3 || opc == 0xf || ((opc == 0x9 || opc == 0xb || opc == 0xd) && (o->u || size == 0)) ||
        (opc == 0xe && (o->u || size != 0))) {
        return false;
    }
    bool sg = !o->u;
    int ne = 8 >> size;
    if (o->scalar) { /* SQDMLAL SQDMLSL SQDMULL of one element */
        if (opc != 0x9 && opc != 0xb && opc != 0xd) {
            return false;
        }
        i128 a = elem_ext(o->n, 0, size, true), b = elem_ext(o->m, 0, size, true);
        elem_set(o->r, 0, size + 1, (uint64_t)op_long(o, opc, a, b, elem_ext(o->d, 0, size + 1, true), size));
        return true;
    }
    o->whole = true;
    if (opc == 0x4 || opc == 0x6) { /* ADDHN RADDHN SUBHN RSUBHN */
        int bits = 8 << size;
        o->r[0] = half ? o->d[0] : 0;
        o->r[1] = 0;
        for (int i = 0; i < ne; i++) {
            i128 a = elem_ext(o->n, i, size + 1, false), b = elem_ext(o->m, i, size + 1, false);
            i128 r = opc == 0x4 ? a + b : a - b;
            if (o->u) {
                r += (i128)1 << (bits - 1);
            }
            elem_set(o->r, i + half * ne, size, (uint64_t)(r >> bits));
        }
        return true;
    }
    for (int i = 0; i < ne; i++) {
        i128 a = opc == 0x1 || opc == 0x3 ? elem_ext(o->n, i, size + 1, sg) : elem_ext(o->n, i + half * ne, size, sg);
        i128 b = elem_ext(o->m, i + half * ne, size, sg), d = elem_ext(o->d, i, size + 1, sg);
        elem_set(o->r, i, size + 1, (uint64_t)op_long(o, opc, a, b, d, size));
    }
    return true;
}

/* -- Two-register misc -- */

static bool valid_2misc(const SimdOp *o)
{
    int opc = o->opc, size = o->size, u = o->u;
    if (o->scalar) {
        switch (opc) {
        case 0x03: case 0x07: case 0x14: return true;
        case 0x12: return u && size != 3;
        case 0x08: case 0x09: case 0x0b: return size == 3;
        case 0x0a: return size == 3 && !u;
        default: return false;
        }
    }
    switch (opc) {
    case 0x00: return size < (u ? 2 : 3);
    case 0x01: return !u && size == 0;
    case 0x02: case 0x06: case 0x04: return size != 3;
    case 0x05: return u ? size < 2 : size == 0;
    case 0x03: case 0x07: case 0x08: case 0x09: case 0x0b: return size != 3 || o->q;
    case 0x0a: return !u && (size != 3 || o->q);
    case 0x12: case 0x14: return size != 3;
    case 0x13: return u && size != 3;
    default: return false;
    }
}

static uint64_t rbit8(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        r |= (x >> i & 1) << (7 - i);
    }
    return r;
}

static bool exec_2misc(SimdOp *o)
{
    if (!valid_2misc(o)) {
        return false;
    }
    int opc = o->opc, size = o->size, bits = 8 << size, ne = nelem(o, size);
    bool sg = !o->u;
    switch (opc) {
    case 0x00: case 0x01: { /* REV64 REV32 REV16 */
        int container = opc == 1 ? 1 : o->u ? 2 : 3, flip = (1 << (container - size)) - 1;
        for (int i = 0; i < ne; i++) {
            elem_set(o->r, i ^ flip, size, elem_get(o->n, i, size));
        }
        return true;
    }
    case 0x02: case 0x06: /* SADDLP UADDLP SADALP UADALP */
        for (int i = 0; i < ne / 2; i++) {
            i128 r = elem_ext(o->n, 2 * i, size, sg) + elem_ext(o->n, 2 * i + 1, size, sg);
            if (opc == 0x06) {
                r += elem_ext(o->d, i, size + 1, false);
            }
            elem_set(o->r, i, size + 1, (uint64_t)r);
        }
        return true;
    case 0x12: case 0x14: { /* XTN SQXTUN SQXTN UQXTN: to the half Q says */
        o->whole = true;
        int nn = o->scalar ? 1 : 8 >> size, half = o->scalar ? 0 : o->q;
        o->r[0] = half ? o->d[0] : 0;
        o->r[1] = 0;
        for (int i = 0; i < nn; i++) {
            bool src_signed = opc == 0x12 ? o->u : !o->u;
            i128 x = elem_ext(o->n, i, size + 1, src_signed);
            if (opc == 0x14) {
                x = sat(o, x, size, !o->u);
            } else if (o->u) {
                x = sat(o, x, size, false);
            }
            elem_set(o->r, i + half * nn, size, (uint64_t)x);
        }
        return true;
    }
    case 0x13: /* SHLL: the half Q says, shifted by the element size */
        o->whole = true;
        for (int i = 0; i < (8 >> size); i++) {
            elem_set(o->r, i, size + 1, elem_get(o->n, i + o->q * (8 >> size), size) << bits);
        }
        return true;
    case 0x05: /* CNT, NOT, RBIT: on bytes whatever the size field */
        size = 0;
        ne = nelem(o, 0);
        break;
    default:
        break;
    }
    for (int i = 0; i < ne; i++) {
        i128 x = elem_ext(o->n, i, size, true), r = 0;
        uint64_t ux = elem_get(o->n, i, size);
        switch (opc) {
        case 0x03: /* SUQADD: signed d + unsigned n; USQADD: unsigned d + signed n */
            r = sat(o, elem_ext(o->d, i, size, sg) + elem_ext(o->n, i, size, !sg), size, sg);
            break;
        case 0x04:
            if (o->u) {
                r = ux ? __builtin_clzll(ux) - (64 - bits) : bits;
            } else {
                uint64_t v = (ux ^ (ux >> 1)) & (ones(size) >> 1);
                r = v ? __builtin_clzll(v) - (64 - bits) - 1 : bits - 1;
            }
            break;
        case 0x05:
            r = o->u ? (o->size ? rbit8(ux) : ~ux) : __builtin_popcountll(ux);
            break;
        case 0x07: r = sat(o, o->u ? -x : x < 0 ? -x : x, size, true); break; /* SQABS SQNEG */
        case 0x08: r = (o->u ? x >= 0 : x > 0) ? -1 : 0; break;
        case 0x09: r = (o->u ? x <= 0 : x == 0) ? -1 : 0; break;
        case 0x0a: r = x < 0 ? -1 : 0; break;
        default: r = o->u ? -x : x < 0 ? -x : x; break; /* ABS NEG */
        }
        elem_set(o->r, i, size, (uint64_t)r);
    }
    return true;
}

/* -- Across lanes and the scalar pairwise ADDP -- */

static bool exec_across(SimdOp *o)
{
    int opc = o->opc, size = o->size, ne = (o->q ? 16 : 8) >> size;
    bool sg = !o->u;
    if (size == 3 || (size == 2 && !o->q) || !(opc == 0x03 || opc == 0x0a || opc == 0x1a || (opc == 0x1b && !o->u))) {
        return false;
    }
    i128 acc = elem_ext(o->n, 0, size, sg);
    for (int i = 1; i < ne; i++) {
        i128 x = elem_ext(o->n, i, size, sg);
        if (opc == 0x03 || opc == 0x1b) {
            acc += x;
        } else if ((opc == 0x0a) == (x > acc)) {
            acc = x;
        }
    }
    elem_set(o->r, 0, opc == 0x03 ? size + 1 : size, (uint64_t)acc);
    return true;
}

static bool exec_pair(SimdOp *o)
{
    if (o->opc != 0x1b || o->u || o->size != 3) {
        return false;
    }
    o->r[0] = o->n[0] + o->n[1];
    return true;
}

/* -- Shift by immediate -- */

static bool valid_shifti(const SimdOp *o, int size)
{
    int key = o->opc | (o->u << 5);
    bool narrow = (o->opc & 0x1c) == 0x10, lng = o->opc == 0x14;
    if (size < 0 || (!narrow && !lng && size == 3 && !o->q && !o->scalar)) {
        return false;
    }
    switch (key) {
    case 0x00: case 0x20: case 0x02: case 0x22: case 0x04: case 0x24: case 0x06: case 0x26:
    case 0x28: case 0x0a: case 0x2a:
        return !o->scalar || size == 3;
    case 0x2c: case 0x0e: case 0x2e:
        return true;
    case 0x10: case 0x11:
        return !o->scalar && size != 3;
    case 0x30: case 0x31: case 0x12: case 0x13: case 0x32: case 0x33:
        return size != 3;
    case 0x14: case 0x34:
        return !o->scalar && size != 3;
    default:
        return false;
    }
}

static bool exec_shifti(SimdOp *o)
{
    int immh = (int)(o->insn >> 19) & 15, immhb = (int)(o->insn >> 16) & 127;
    int size = immh ? 31 - __builtin_clz((unsigned)immh) : -1;
    if (!valid_shifti(o, size)) {
        return false;
    }
    int bits = 8 << size, rsh = 2 * bits - immhb, lsh = immhb - bits, key = o->opc | (o->u << 5);
    bool sg = !o->u;
    o->whole = (o->opc & 0x1c) == 0x10 || o->opc == 0x14;
    if ((o->opc & 0x1c) == 0x10) { /* narrowing right shifts */
        int nn = o->scalar ? 1 : 8 >> size, half = o->scalar ? 0 : o->q;
        o->r[0] = half ? o->d[0] : 0;
        o->r[1] = 0;
        bool round = o->opc & 1, src_signed = key != 0x32 && key != 0x33 && key != 0x10 && key != 0x11;
        for (int i = 0; i < nn; i++) {
            i128 x = shift_elem(o, elem_ext(o->n, i, size + 1, src_signed), -rsh, size + 1, src_signed, round, false);
            if (key == 0x30 || key == 0x31) {
                x = sat(o, x, size, false);
            } else if (key != 0x10 && key != 0x11) {
                x = sat(o, x, size, src_signed);
            }
            elem_set(o->r, i + half * nn, size, (uint64_t)x);
        }
        return true;
    }
    if (o->opc == 0x14) { /* SSHLL USHLL */
        for (int i = 0; i < (8 >> size); i++) {
            elem_set(o->r, i, size + 1, (uint64_t)(elem_ext(o->n, i + o->q * (8 >> size), size, sg) << lsh));
        }
        return true;
    }
    int ne = nelem(o, size);
    uint64_t mask = ones(size);
    for (int i = 0; i < ne; i++) {
        i128 x = elem_ext(o->n, i, size, sg), r;
        uint64_t d = elem_get(o->d, i, size), ux = elem_get(o->n, i, size);
        switch (key) {
        case 0x28: /* SRI */
            r = rsh == bits ? d : (d & ~(mask >> rsh)) | (ux >> rsh);
            break;
        case 0x0a: r = (i128)(ux << lsh); break;
        case 0x2a: r = (d & ((1ull << lsh) - 1)) | (ux << lsh); break; /* SLI */
        case 0x2c: r = shift_elem(o, elem_ext(o->n, i, size, true), lsh, size, false, false, true); break;
        case 0x0e: case 0x2e: r = shift_elem(o, x, lsh, size, sg, false, true); break;
        default: /* SSHR USHR SSRA USRA SRSHR URSHR SRSRA URSRA */
            r = shift_elem(o, x, -rsh, size, sg, o->opc & 4, false);
            if (o->opc & 2) {
                r += (i128)d;
            }
            break;
        }
        elem_set(o->r, i, size, (uint64_t)r);
    }
    return true;
}

/* -- Three same (extra): SQRDMLAH/SQRDMLSH, SDOT/UDOT, USDOT, *MMLA --
 *
 * Both also exist by element, where every lane of Vm is replaced by its
 * lane idx (of the element size, or a 32-bit group of four bytes). */

/* SQRDMLAH/SQRDMLSH: Vd +- Vn * Vm[lane] doubled and rounded, with Vd
 * placed in the high half, and one saturation of the whole sum:
 *
 *     sqrdmlah h0, h1, h2    h0 = sat16(((h0 << 16) + 2 * h1 * h2 + 0x8000) >> 16)
 *
 * (0x8000 * 0x8000 doubled is 2^31, so acc 0 gives 0x7fff with QC). lane
 * < 0 takes Vm element by element. */
static void exec_rdml(SimdOp *o, const uint64_t *m, int lane, bool sub)
{
    int size = o->size, bits = 8 << size;
    for (int i = 0; i < nelem(o, size); i++) {
        i128 p = 2 * elem_ext(o->n, i, size, true) * elem_ext(m, lane < 0 ? i : lane, size, true);
        i128 acc = (elem_ext(o->d, i, size, true) << bits) + (sub ? -p : p) + ((i128)1 << (bits - 1));
        elem_set(o->r, i, size, (uint64_t)sat(o, acc >> bits, size, true));
    }
}

/* The sum of the products of bytes 0-nb of n and m, each signed or not. */
static uint32_t dot_bytes(const uint8_t *n, const uint8_t *m, int nb, bool n_signed, bool m_signed)
{
    uint32_t acc = 0;
    for (int k = 0; k < nb; k++) {
        acc += (uint32_t)((n_signed ? (int8_t)n[k] : n[k]) * (m_signed ? (int8_t)m[k] : m[k]));
    }
    return acc;
}

/* SDOT/UDOT/USDOT/SUDOT: each 32-bit lane of Vd plus the four products of
 * the bytes of the same lane of Vn and Vm (or of Vm's lane `lane`),
 * modulo 2^32. */
static void exec_dot(SimdOp *o, const uint64_t *m, int lane, bool n_signed, bool m_signed)
{
    const uint8_t *nb = (const uint8_t *)o->n, *mb = (const uint8_t *)m;
    for (int i = 0; i < (o->q ? 4 : 2); i++) {
        uint32_t acc = (uint32_t)elem_get(o->d, i, 2);
        elem_set(o->r, i, 2, acc + dot_bytes(nb + 4 * i, mb + 4 * (lane < 0 ? i : lane), 4, n_signed, m_signed));
    }
}

/* SMMLA/UMMLA/USMMLA: Vd as a 2x2 matrix of 32-bit lanes (row i = lanes
 * 2i, 2i+1) plus the 2x8 byte matrix of Vn times the transpose of Vm's:
 * lane 2i + j adds the dot product of the 8 bytes of Vn's half i and Vm's
 * half j. */
static void exec_mmla(SimdOp *o, bool n_signed, bool m_signed)
{
    const uint8_t *nb = (const uint8_t *)o->n, *mb = (const uint8_t *)o->m;
    for (int i = 0; i < 4; i++) {
        uint32_t acc = (uint32_t)elem_get(o->d, i, 2);
        elem_set(o->r, i, 2, acc + dot_bytes(nb + 8 * (i >> 1), mb + 8 * (i & 1), 8, n_signed, m_signed));
    }
}

static bool exec_3ext(SimdOp *o)
{
    uint32_t features = o->env->features;
    bool i8mm = (features & A64_FEATURE_I8MM) && o->size == 2 && !o->scalar;
    if (o->opc <= 1 && o->u && (o->size == 1 || o->size == 2) && (features & A64_FEATURE_RDM)) {
        exec_rdml(o, o->m, -1, o->opc);
        return true;
    }
    if (o->opc == 2 && o->size == 2 && !o->scalar && (features & A64_FEATURE_DOTPROD)) {
        exec_dot(o, o->m, -1, !o->u, !o->u);
        return true;
    }
    if (o->opc == 3 && !o->u && i8mm) { /* USDOT: Vn unsigned, Vm signed */
        exec_dot(o, o->m, -1, false, true);
        return true;
    }
    if ((o->opc == 4 || (o->opc == 5 && !o->u)) && o->q && i8mm) { /* SMMLA UMMLA USMMLA */
        exec_mmla(o, o->opc == 4 && !o->u, !o->u);
        return true;
    }
    return false; /* FCMLA, FCADD: the FP helper */
}

/* -- By element: the three-same or long op with Vm[index] -- */

static bool exec_elem(SimdOp *o)
{
    int size = o->size, h = (int)(o->insn >> 11) & 1, l = (int)(o->insn >> 21) & 1, m = (int)(o->insn >> 20) & 1;
    int idx, rm = (int)(o->insn >> 16) & 15;
    if (!o->u && o->opc == 0xf && !o->scalar && (size == 0 || size == 2) && (o->env->features & A64_FEATURE_I8MM)) {
        /* SUDOT (size 00: Vn signed, Vm unsigned), USDOT (10: the reverse) */
        exec_dot(o, o->env->vregs[rm | m << 4], h << 1 | l, size == 0, size == 2);
        return true;
    }
    if (size == 1) {
        idx = (h << 2) | (l << 1) | m;
    } else if (size == 2) {
        idx = (h << 1) | l;
        rm |= m << 4;
    } else {
        return false;
    }
    if (o->u && (o->opc == 0xd || o->opc == 0xf)) { /* SQRDMLAH SQRDMLSH */
        if (!(o->env->features & A64_FEATURE_RDM)) {
            return false;
        }
        exec_rdml(o, o->env->vregs[rm], idx, o->opc == 0xf);
        return true;
    }
    if (o->opc == 0xe) { /* SDOT UDOT: a 32-bit lane, idx = H:L as for S elements */
        if (size != 2 || o->scalar || !(o->env->features & A64_FEATURE_DOTPROD)) {
            return false;
        }
        exec_dot(o, o->env->vregs[rm], idx, !o->u, !o->u);
        return true;
    }
    static const signed char same_of[16] = {0x12, -1, -1, -1, 0x12, -1, -1, -1, 0x13, -1, -1, -1, 0x16, 0x16, -1, -1};
    static const signed char long_of[16] = {-1, -1, 0x8, 0x9, -1, -1, 0xa, 0xb, -1, -1, 0xc, 0xd, -1, -1, -1, -1};
    int opc = o->opc, sop = same_of[opc], lop = long_of[opc];
    bool sat_op = opc == 3 || opc == 7 || opc == 0xb || opc == 0xc || opc == 0xd;
    if ((sop < 0 && lop < 0) || (o->scalar && !sat_op) || (sat_op && o->u) ||
        ((opc == 0 || opc == 4) && !o->u) || (opc == 8 && o->u)) {
        return false;
    }
    uint64_t x = elem_get(o->env->vregs[rm], idx, size);
    for (int i = 0; i < 16 >> size; i++) {
        elem_set(o->m, i, size, x);
    }
    if (sop >= 0) {
        o->opc = sop;
        if (opc == 0x4) { /* MLS: the three-same MLA/MLS is split by U */
            o->u = 1;
        } else if (opc == 0) {
            o->u = 0;
        } else if (opc == 0xd) {
            o->u = 1;
        }
        return exec_3same(o);
    }
    o->opc = lop;
    if (o->scalar) { /* SQDMLAL/SQDMLSL/SQDMULL scalar: one long element */
        i128 a = elem_ext(o->n, 0, size, true), b = (int64_t)elem_ext(o->m, 0, size, true);
        elem_set(o->r, 0, size + 1, (uint64_t)op_long(o, lop, a, b, elem_ext(o->d, 0, size + 1, true), size));
        return true;
    }
    return exec_3diff(o);
}

/* -- Permutes, EXT, TBL/TBX -- */

static bool exec_perm(SimdOp *o)
{
    int size = o->size, ne = (o->q ? 16 : 8) >> size, part = o->opc >> 2, kind = o->opc & 3;
    if (kind == 0 || (size == 3 && !o->q)) {
        return false;
    }
    for (int p = 0; p < ne / 2; p++) {
        uint64_t a, b;
        if (kind == 1) { /* UZP: the even (odd) elements of n, then of m */
            a = elem_get(o->n, 2 * p + part, size);
            b = elem_get(o->m, 2 * p + part, size);
            elem_set(o->r, p, size, a);
            elem_set(o->r, p + ne / 2, size, b);
            continue;
        }
        if (kind == 2) { /* TRN */
            a = elem_get(o->n, 2 * p + part, size);
            b = elem_get(o->m, 2 * p + part, size);
        } else { /* ZIP */
            a = elem_get(o->n, part * ne / 2 + p, size);
            b = elem_get(o->m, part * ne / 2 + p, size);
        }
        elem_set(o->r, 2 * p, size, a);
        elem_set(o->r, 2 * p + 1, size, b);
    }
    return true;
}

static bool exec_ext(SimdOp *o)
{
    int imm4 = (int)(o->insn >> 11) & 15, bytes = o->q ? 16 : 8;
    if ((o->insn >> 22) & 3 || (!o->q && imm4 >= 8)) {
        return false;
    }
    uint8_t cat[32];
    memcpy(cat, o->n, (size_t)bytes);
    memcpy(cat + bytes, o->m, (size_t)bytes);
    memcpy(o->r, cat + imm4, (size_t)bytes);
    return true;
}

static bool exec_tbl(SimdOp *o)
{
    int len = (int)(o->insn >> 13) & 3, tbx = (int)(o->insn >> 12) & 1, bytes = o->q ? 16 : 8;
    if ((o->insn >> 22) & 3) {
        return false;
    }
    uint8_t table[64], *r = (uint8_t *)o->r;
    const uint8_t *idx = (const uint8_t *)o->m, *d = (const uint8_t *)o->d;
    for (int k = 0; k <= len; k++) {
        memcpy(table + 16 * k, o->env->vregs[(o->rn + k) % 32], 16);
    }
    for (int i = 0; i < bytes; i++) {
        r[i] = idx[i] < 16 * (len + 1) ? table[idx[i]] : tbx ? d[i] : 0;
    }
    return true;
}

/* -- Entry -- */

bool a64_simd_exec(CPUA64State *env, uint32_t insn, int cls)
{
    SimdOp o = {
        .env = env, .insn = insn,
        .q = (int)(insn >> 30) & 1, .u = (int)(insn >> 29) & 1, .size = (int)(insn >> 22) & 3,
        .opc = (int)(insn >> 12) & 31, .rd = (int)insn & 31, .rn = (int)(insn >> 5) & 31,
        .rm = (int)(insn >> 16) & 31, .scalar = (insn >> 28) & 1,
    };
    memcpy(o.n, env->vregs[o.rn], 16);
    memcpy(o.m, env->vregs[o.rm], 16);
    memcpy(o.d, env->vregs[o.rd], 16);
    bool ok;
    switch (cls) {
    case A64_SIMD_3SAME: o.opc = (int)(insn >> 11) & 31; ok = exec_3same(&o); break;
    case A64_SIMD_3DIFF: o.opc = (int)(insn >> 12) & 15; ok = exec_3diff(&o); break;
    case A64_SIMD_3EXT: o.opc = (int)(insn >> 11) & 15; ok = exec_3ext(&o); break;
    case A64_SIMD_2MISC: ok = exec_2misc(&o); break;
    case A64_SIMD_ACROSS: ok = exec_across(&o); break;
    case A64_SIMD_PAIR: ok = exec_pair(&o); break;
    case A64_SIMD_SHIFTI: o.opc = (int)(insn >> 11) & 31; ok = exec_shifti(&o); break;
    case A64_SIMD_ELEM: o.opc = (int)(insn >> 12) & 15; ok = exec_elem(&o); break;
    case A64_SIMD_PERM: o.opc = (int)(insn >> 12) & 7; ok = exec_perm(&o); break;
    case A64_SIMD_EXT: ok = exec_ext(&o); break;
    case A64_SIMD_TBL: ok = exec_tbl(&o); break;
    default: ok = false; break;
    }
    if (!ok) { /* the FP encodings of these classes */
        if (!a64_simd_fp_exec(env, insn, cls, o.r)) {
            return false;
        }
        memcpy(env->vregs[o.rd], o.r, 16);
        return true;
    }
    if ((!o.q || o.scalar) && !o.whole) {
        o.r[1] = 0;
    }
    memcpy(env->vregs[o.rd], o.r, 16);
    if (o.qc) {
        env->fpsr |= A64_FPSR_QC;
    }
    return true;
}

void helper_a64_simd(void *env, uint64_t insn, uint64_t cls)
{
    a64_simd_exec(env, (uint32_t)insn, (int)cls);
}
