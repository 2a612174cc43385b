/*
 * NEON integer helpers: three registers of the same length, of different
 * lengths, and by scalar (ARM DDI 0406C A7.4.1-A7.4.3).  Each reads its
 * operands from env->vfp_d, computes into a local buffer (so vd may alias
 * vn or vm) and writes vd back.  The translator inlines the common cases
 * (VADD/VSUB/logic/VMUL.I32); the rest come here.
 */
#include "frontends/arm/neon_helper.h"

/* -- Three registers of the same length -- */

/* One element of a 3same op; d is the old destination element. */
static uint64_t neon_3same_elem(CPUARMState *env, int op, int size, uint64_t an, uint64_t bn, uint64_t dn)
{
    bool u = (op >> 1) & 1;
    __int128 a = neon_ext(an, size, u), b = neon_ext(bn, size, u);
    int bits = 8 << size;
    switch (op & ~2) {
    case NEON_3S(0, 0, 0): return (uint64_t)((a + b) >> 1);
    case NEON_3S(0, 0, 1): return neon_sat(env, a + b, size, u);
    case NEON_3S(1, 0, 0): return (uint64_t)((a + b + 1) >> 1);
    case NEON_3S(2, 0, 0): return (uint64_t)((a - b) >> 1);
    case NEON_3S(2, 0, 1): return neon_sat(env, a - b, size, u);
    case NEON_3S(3, 0, 0): return a > b ? ~0ull : 0;
    case NEON_3S(3, 0, 1): return a >= b ? ~0ull : 0;
    case NEON_3S(4, 0, 0): return (uint64_t)neon_shift(a, (int8_t)bn, false);
    case NEON_3S(4, 0, 1): return neon_sat(env, neon_shift(a, (int8_t)bn, false), size, u);
    case NEON_3S(5, 0, 0): return (uint64_t)neon_shift(a, (int8_t)bn, true);
    case NEON_3S(5, 0, 1): return neon_sat(env, neon_shift(a, (int8_t)bn, true), size, u);
    case NEON_3S(6, 0, 0): return (uint64_t)(a > b ? a : b);
    case NEON_3S(6, 0, 1): return (uint64_t)(a < b ? a : b);
    case NEON_3S(7, 0, 0): return (uint64_t)(a > b ? a - b : b - a);
    case NEON_3S(7, 0, 1): return dn + (uint64_t)(a > b ? a - b : b - a);
    default: break;
    }
    switch (op) {
    case NEON_3S(8, 0, 0): return an + bn;
    case NEON_3S(8, 1, 0): return an - bn;
    case NEON_3S(8, 0, 1): return (an & bn & neon_ones(size)) ? ~0ull : 0;
    case NEON_3S(8, 1, 1): return ((an ^ bn) & neon_ones(size)) == 0 ? ~0ull : 0;
    case NEON_3S(9, 0, 0): return dn + an * bn;
    case NEON_3S(9, 1, 0): return dn - an * bn;
    case NEON_3S(9, 0, 1): return an * bn;
    case NEON_3S(9, 1, 1): { /* VMUL.P8: carry-less */
        uint64_t r = 0;
        for (int i = 0; i < 8; i++) {
            if ((bn >> i) & 1) {
                r ^= (an & 0xff) << i;
            }
        }
        return r;
    }
    case NEON_3S(11, 0, 0):
    case NEON_3S(11, 1, 0): {
        __int128 sa = neon_ext(an, size, false), sb = neon_ext(bn, size, false);
        __int128 p = 2 * sa * sb;
        if (op & 2) {
            p += (__int128)1 << (bits - 1);
        }
        return neon_sat(env, p >> bits, size, false);
    }
    default: return 0;
    }
}

/* Pairwise: the low half of the result from pairs of vn, the high from vm. */
static uint64_t neon_pairwise(int op, int size, uint64_t x, uint64_t y)
{
    bool u = (op >> 1) & 1;
    __int128 a = neon_ext(x, size, u), b = neon_ext(y, size, u);
    switch (op & ~2) {
    case NEON_3S(10, 0, 0): return (uint64_t)(a > b ? a : b);
    case NEON_3S(10, 0, 1): return (uint64_t)(a < b ? a : b);
    default: return x + y; /* VPADD */
    }
}

void helper_neon_3same(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc), size = NEON_D_SIZE(desc), n = (8 >> size) << NEON_D_Q(desc);
    uint8_t *pn = neon_reg(env, NEON_D_VN(desc)), *pm = neon_reg(env, NEON_D_VM(desc));
    uint8_t *pd = neon_reg(env, NEON_D_VD(desc));
    uint8_t res[16];
    if ((op >> 2) == 10 || op == NEON_3S(11, 0, 1)) {
        int h = n / 2;
        for (int i = 0; i < h; i++) {
            neon_set(res, i, size, neon_pairwise(op, size, neon_get(pn, 2 * i, size), neon_get(pn, 2 * i + 1, size)));
            neon_set(res, h + i, size, neon_pairwise(op, size, neon_get(pm, 2 * i, size), neon_get(pm, 2 * i + 1, size)));
        }
    } else if ((op >> 2) == 1 && (op & 1)) {
        /* Logic: size selects the op (the translator inlines most). */
        int lop = size | (op & 2) << 1;
        for (int i = 0; i < n >> (3 - size); i++) {
            uint64_t a = neon_get(pn, i, 3), b = neon_get(pm, i, 3), d = neon_get(pd, i, 3), r;
            switch (lop) {
            case 0: r = a & b; break;
            case 1: r = a & ~b; break;
            case 2: r = a | b; break;
            case 3: r = a | ~b; break;
            case 4: r = a ^ b; break;
            case 5: r = (d & a) | (~d & b); break;
            case 6: r = (b & a) | (~b & d); break;
            default: r = (~b & a) | (b & d); break;
            }
            neon_set(res, i, 3, r);
        }
        memcpy(pd, res, (size_t)(NEON_D_Q(desc) ? 16 : 8));
        return;
    } else {
        for (int i = 0; i < n; i++) {
            neon_set(res, i, size,
                     neon_3same_elem(env, op, size, neon_get(pn, i, size), neon_get(pm, i, size), neon_get(pd, i, size)));
        }
    }
    memcpy(pd, res, (size_t)(NEON_D_Q(desc) ? 16 : 8));
}

/* Float 3same: op = NFP_* or -1/-2 for VMLA/VMLS, -3/-4 for VFMA/VFMS,
 * carried as op + 8 in the desc; extra bit 0 selects pairwise. */
void helper_neon_3same_fp(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc) - 8, n = 2 << NEON_D_Q(desc);
    uint8_t *pn = neon_reg(env, NEON_D_VN(desc)), *pm = neon_reg(env, NEON_D_VM(desc));
    uint8_t *pd = neon_reg(env, NEON_D_VD(desc));
    uint8_t res[16];
    if (NEON_D_EXTRA(desc) & 1) {
        neon_set(res, 0, 2, neon_fp_binop(env, op, (uint32_t)neon_get(pn, 0, 2), (uint32_t)neon_get(pn, 1, 2)));
        neon_set(res, 1, 2, neon_fp_binop(env, op, (uint32_t)neon_get(pm, 0, 2), (uint32_t)neon_get(pm, 1, 2)));
        memcpy(pd, res, 8);
        return;
    }
    for (int i = 0; i < n; i++) {
        uint32_t a = (uint32_t)neon_get(pn, i, 2), b = (uint32_t)neon_get(pm, i, 2);
        uint32_t d = (uint32_t)neon_get(pd, i, 2), r;
        switch (op) {
        case -1: r = neon_fp_binop(env, NFP_ADD, d, neon_fp_binop(env, NFP_MUL, a, b)); break;
        case -2: r = neon_fp_binop(env, NFP_SUB, d, neon_fp_binop(env, NFP_MUL, a, b)); break;
        case -3: r = neon_fp_fma(env, d, a, b); break;
        case -4: r = neon_fp_fma(env, d, a ^ 0x80000000u, b); break;
        default: r = neon_fp_binop(env, op, a, b); break;
        }
        neon_set(res, i, 2, r);
    }
    memcpy(pd, res, (size_t)(n * 4));
}

/* -- Three registers of different lengths -- */

void helper_neon_3diff(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc), size = NEON_D_SIZE(desc), a4 = op >> 1;
    bool u = op & 1;
    int bits = 8 << size;
    uint8_t *pn = neon_reg(env, NEON_D_VN(desc)), *pm = neon_reg(env, NEON_D_VM(desc));
    uint8_t *pd = neon_reg(env, NEON_D_VD(desc));
    uint8_t res[16];
    int n = 8 >> size;
    for (int i = 0; i < n; i++) {
        bool wide = a4 == 1 || a4 == 3 || a4 == 4 || a4 == 6;
        __int128 a = wide ? neon_ext(neon_get(pn, i, size + 1), size + 1, u) : neon_ext(neon_get(pn, i, size), size, u);
        __int128 b = a4 == 4 || a4 == 6 ? neon_ext(neon_get(pm, i, size + 1), size + 1, u)
                                        : neon_ext(neon_get(pm, i, size), size, u);
        __int128 d = neon_ext(neon_get(pd, i, size + 1), size + 1, u), r;
        switch (a4) {
        case 0: case 1: r = a + b; break;
        case 2: case 3: r = a - b; break;
        case 4: case 6: { /* VADDHN/VRADDHN/VSUBHN/VRSUBHN: high halves */
            r = a4 == 4 ? a + b : a - b;
            if (u) {
                r += (__int128)1 << (bits - 1);
            }
            neon_set(res, i, size, (uint64_t)(r >> bits));
            continue;
        }
        case 5: r = d + (a > b ? a - b : b - a); break;
        case 7: r = a > b ? a - b : b - a; break;
        case 8: r = d + a * b; break;
        case 10: r = d - a * b; break;
        case 12: r = a * b; break;
        case 9: case 11: case 13: {
            __int128 p = neon_sat(env, 2 * a * b, size + 1, false);
            p = neon_ext((uint64_t)p, size + 1, false);
            r = a4 == 13 ? p : (__int128)neon_sat(env, a4 == 9 ? d + p : d - p, size + 1, false);
            break;
        }
        default: { /* VMULL.P8 */
            uint64_t x = 0;
            for (int j = 0; j < 8; j++) {
                if (((uint64_t)b >> j) & 1) {
                    x ^= ((uint64_t)a & 0xff) << j;
                }
            }
            r = x;
            break;
        }
        }
        neon_set(res, i, size + 1, (uint64_t)r);
    }
    bool narrow = a4 == 4 || a4 == 6;
    memcpy(pd, res, narrow ? 8 : 16);
}

/* -- Two registers and a scalar -- */

void helper_neon_scalar(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc), size = NEON_D_SIZE(desc), a4 = op >> 1, q = NEON_D_Q(desc);
    int m = NEON_D_VM(desc), idx;
    if (size == 1) {
        idx = ((m >> 4) & 1) << 1 | ((m >> 3) & 1);
        m &= 7;
    } else {
        idx = (m >> 4) & 1;
        m &= 15;
    }
    uint8_t *pn = neon_reg(env, NEON_D_VN(desc)), *pd = neon_reg(env, NEON_D_VD(desc));
    uint64_t sc = neon_get(neon_reg(env, m), idx, size);
    bool longop = a4 == 2 || a4 == 3 || a4 == 6 || a4 == 7 || a4 == 10 || a4 == 11;
    bool u = longop ? (op & 1) : false;
    bool fp = a4 == 1 || a4 == 5 || a4 == 9;
    int n = longop ? (8 >> size) : (8 >> size) << q;
    int bits = 8 << size;
    uint8_t res[16];
    for (int i = 0; i < n; i++) {
        uint64_t an = neon_get(pn, i, size);
        if (fp) {
            uint32_t d = (uint32_t)neon_get(pd, i, 2), p = neon_fp_binop(env, NFP_MUL, (uint32_t)an, (uint32_t)sc);
            neon_set(res, i, 2, a4 == 9 ? p : neon_fp_binop(env, a4 == 1 ? NFP_ADD : NFP_SUB, d, p));
            continue;
        }
        if (!longop) {
            uint64_t d = neon_get(pd, i, size), r;
            switch (a4) {
            case 0: r = d + an * sc; break;
            case 4: r = d - an * sc; break;
            case 8: r = an * sc; break;
            default: {
                __int128 p = 2 * neon_ext(an, size, false) * neon_ext(sc, size, false);
                if (a4 == 13) {
                    p += (__int128)1 << (bits - 1);
                }
                r = neon_sat(env, p >> bits, size, false);
                break;
            }
            }
            neon_set(res, i, size, r);
            continue;
        }
        __int128 a = neon_ext(an, size, u), b = neon_ext(sc, size, u);
        __int128 d = neon_ext(neon_get(pd, i, size + 1), size + 1, u), r;
        switch (a4) {
        case 2: r = d + a * b; break;
        case 6: r = d - a * b; break;
        case 10: r = a * b; break;
        default: {
            __int128 p = neon_ext(neon_sat(env, 2 * a * b, size + 1, false), size + 1, false);
            r = a4 == 11 ? p : (__int128)neon_sat(env, a4 == 3 ? d + p : d - p, size + 1, false);
            break;
        }
        }
        neon_set(res, i, size + 1, (uint64_t)r);
    }
    memcpy(pd, res, longop || q ? 16 : 8);
}
