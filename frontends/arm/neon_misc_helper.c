/*
 * NEON helpers for two registers: miscellaneous ops (A7.4.5), shifts by
 * immediate (A7.4.4), and the permutes VEXT, VTBL/VTBX.
 *
 * 2misc op numbering is the manual's: op = A (bits 17:16) << 5 | B (bits
 * 10:6), so for example VCNT (A=00, B=1010x) is 0x14 or 0x15 with Q in bit 0.
 */
#include "frontends/arm/neon_helper.h"

static int neon_cls(uint64_t v, int bits)
{
    int n = 0;
    int top = (int)((v >> (bits - 1)) & 1);
    for (int i = bits - 2; i >= 0 && (int)((v >> i) & 1) == top; i--) {
        n++;
    }
    return n;
}

static int neon_clz(uint64_t v, int bits)
{
    int n = 0;
    for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--) {
        n++;
    }
    return n;
}

/* Element-wise 2misc ops; d (unchanged) for encodings without one. */
static uint64_t neon_2misc_elem(CPUARMState *env, int op, int size, uint64_t v, uint64_t d)
{
    int bits = 8 << size;
    __int128 s = neon_ext(v, size, false);
    switch (op >> 1) {
    case 0x08: return (uint64_t)neon_cls(v, bits);
    case 0x09: return (uint64_t)neon_clz(v, bits);
    case 0x0a: return (uint64_t)__builtin_popcountll(v & 0xff);
    case 0x0b: return ~v;
    case 0x0e: return neon_sat(env, s < 0 ? -s : s, size, false);
    case 0x0f: return neon_sat(env, -s, size, false);
    case 0x10: return s > 0 ? ~0ull : 0;
    case 0x11: return s >= 0 ? ~0ull : 0;
    case 0x12: return s == 0 ? ~0ull : 0;
    case 0x13: return s <= 0 ? ~0ull : 0;
    case 0x14: return s < 0 ? ~0ull : 0;
    case 0x16: return (uint64_t)(s < 0 ? -s : s);
    case 0x17: return (uint64_t)-s;
    case 0x18: return neon_fp_binop(env, NFP_CGT, (uint32_t)v, 0);
    case 0x19: return neon_fp_binop(env, NFP_CGE, (uint32_t)v, 0);
    case 0x1a: return neon_fp_binop(env, NFP_CEQ, (uint32_t)v, 0);
    case 0x1b: return neon_fp_binop(env, NFP_CLE, (uint32_t)v, 0);
    case 0x1c: return neon_fp_binop(env, NFP_CLT, (uint32_t)v, 0);
    case 0x1e: return neon_fp_unop(env, NFP_ABS, (uint32_t)v, 0);
    case 0x1f: return neon_fp_unop(env, NFP_NEG, (uint32_t)v, 0);
    case 0x38: return neon_recpe_u32((uint32_t)v);
    case 0x39: return neon_rsqrte_u32((uint32_t)v);
    case 0x3a: return neon_fp_unop(env, NFP_RECPE, (uint32_t)v, 0);
    case 0x3b: return neon_fp_unop(env, NFP_RSQRTE, (uint32_t)v, 0);
    case 0x3c: return neon_fp_unop(env, NFP_CVT_FROM_S, (uint32_t)v, 0);
    case 0x3d: return neon_fp_unop(env, NFP_CVT_FROM_U, (uint32_t)v, 0);
    case 0x3e: return neon_fp_unop(env, NFP_CVT_TO_S, (uint32_t)v, 0);
    case 0x3f: return neon_fp_unop(env, NFP_CVT_TO_U, (uint32_t)v, 0);
    default: return d;
    }
}

/* VREV16/32/64: reverse elements of size within containers of 2 << grp bytes. */
static void neon_rev(uint8_t *res, const uint8_t *pm, int bytes, int size, int container)
{
    int per = container >> size;
    for (int i = 0; i < bytes >> size; i++) {
        int base = i - i % per;
        neon_set(res, base + per - 1 - i % per, size, neon_get(pm, i, size));
    }
}

void helper_neon_2misc(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc), size = NEON_D_SIZE(desc), q = op & 1;
    int vd = NEON_D_VD(desc), vm = NEON_D_VM(desc), bytes = 8 << q, n = bytes >> size;
    uint8_t *pd = neon_reg(env, vd), *pm = neon_reg(env, vm);
    uint8_t res[16], res2[16];
    switch (op >> 1) {
    case 0x00: case 0x01: case 0x02:
        neon_rev(res, pm, bytes, size, 8 >> (op >> 1));
        memcpy(pd, res, (size_t)bytes);
        return;
    case 0x04: case 0x05: case 0x0c: case 0x0d: { /* VPADDL / VPADAL */
        bool u = (op >> 1) & 1, acc = (op >> 1) >= 0x0c;
        for (int i = 0; i < n / 2; i++) {
            __int128 r = neon_ext(neon_get(pm, 2 * i, size), size, u) + neon_ext(neon_get(pm, 2 * i + 1, size), size, u);
            if (acc) {
                r += (__int128)neon_get(pd, i, size + 1);
            }
            neon_set(res, i, size + 1, (uint64_t)r);
        }
        memcpy(pd, res, (size_t)bytes);
        return;
    }
    case 0x20: /* VSWP */
        memcpy(res, pd, (size_t)bytes);
        memmove(pd, pm, (size_t)bytes);
        memcpy(pm, res, (size_t)bytes);
        return;
    case 0x21: /* VTRN */
        memcpy(res, pd, (size_t)bytes);
        memcpy(res2, pm, (size_t)bytes);
        for (int i = 0; i < n; i += 2) {
            neon_set(res, i + 1, size, neon_get(pm, i, size));
            neon_set(res2, i, size, neon_get(pd, i + 1, size));
        }
        memcpy(pd, res, (size_t)bytes);
        memcpy(pm, res2, (size_t)bytes);
        return;
    case 0x22: case 0x23: { /* VUZP, VZIP: over the 2n elements d then m */
        uint8_t in[32], out[32];
        memcpy(in, pd, (size_t)bytes);
        memcpy(in + bytes, pm, (size_t)bytes);
        for (int i = 0; i < n; i++) {
            if ((op >> 1) == 0x22) {
                neon_set(out, i, size, neon_get(in, 2 * i, size));
                neon_set(out, n + i, size, neon_get(in, 2 * i + 1, size));
            } else {
                neon_set(out, 2 * i, size, neon_get(in, i, size));
                neon_set(out, 2 * i + 1, size, neon_get(in, n + i, size));
            }
        }
        memcpy(pd, out, (size_t)bytes);
        memcpy(pm, out + bytes, (size_t)bytes);
        return;
    }
    case 0x24: case 0x25: { /* VMOVN, VQMOVUN, VQMOVN: Q source, D dest */
        int k = op & 3; /* 0 VMOVN, 1 VQMOVUN, 2 VQMOVN.S, 3 VQMOVN.U */
        for (int i = 0; i < 8 >> size; i++) {
            uint64_t v = neon_get(pm, i, size + 1);
            uint64_t r = k == 0 ? v : neon_sat(env, neon_ext(v, size + 1, k == 3), size, k != 2);
            neon_set(res, i, size, r);
        }
        memcpy(pd, res, 8);
        return;
    }
    case 0x26: /* VSHLL by the element size */
        for (int i = 0; i < 8 >> size; i++) {
            neon_set(res, i, size + 1, neon_get(pm, i, size) << (8 << size));
        }
        memcpy(pd, res, 16);
        return;
    default:
        for (int i = 0; i < n; i++) {
            neon_set(res, i, size, neon_2misc_elem(env, op, size, neon_get(pm, i, size), neon_get(pd, i, size)));
        }
        memcpy(pd, res, (size_t)bytes);
        return;
    }
}

/* -- Shifts by immediate -- */

void helper_neon_shift(void *envp, uint32_t desc, uint32_t shift)
{
    CPUARMState *env = envp;
    int op = NEON_D_OP(desc), size = NEON_D_SIZE(desc), q = NEON_D_Q(desc);
    int a4 = op >> 2, sh = (int)shift;
    bool u = (op >> 1) & 1, b6 = op & 1;
    uint8_t *pd = neon_reg(env, NEON_D_VD(desc)), *pm = neon_reg(env, NEON_D_VM(desc));
    uint8_t res[16];
    int bits = 8 << size, n = (8 >> size) << q;
    if (a4 == 8 || a4 == 9) { /* narrowing: source elements are 2 * size */
        for (int i = 0; i < 8 >> size; i++) {
            bool src_u = a4 == 9 && u; /* VSHRN, VQSHRUN: signed source */
            __int128 v = neon_shift(neon_ext(neon_get(pm, i, size + 1), size + 1, src_u), -sh, b6);
            uint64_t r = (a4 == 8 && !u) ? (uint64_t)v : neon_sat(env, v, size, u);
            neon_set(res, i, size, r);
        }
        memcpy(pd, res, 8);
        return;
    }
    if (a4 == 10) { /* VSHLL / VMOVL */
        for (int i = 0; i < 8 >> size; i++) {
            neon_set(res, i, size + 1, (uint64_t)neon_shl128(neon_ext(neon_get(pm, i, size), size, u), sh));
        }
        memcpy(pd, res, 16);
        return;
    }
    for (int i = 0; i < n; i++) {
        uint64_t m = neon_get(pm, i, size), d = neon_get(pd, i, size), r;
        __int128 v = neon_ext(m, size, u);
        uint64_t mask = neon_ones(size);
        switch (a4) {
        case 0: r = (uint64_t)neon_shift(v, -sh, false); break;
        case 1: r = d + (uint64_t)neon_shift(v, -sh, false); break;
        case 2: r = (uint64_t)neon_shift(v, -sh, true); break;
        case 3: r = d + (uint64_t)neon_shift(v, -sh, true); break;
        case 4: { /* VSRI */
            uint64_t keep = sh >= bits ? mask : ~(mask >> sh) & mask;
            r = (d & keep) | (sh >= bits ? 0 : (m & mask) >> sh);
            break;
        }
        case 5:
            if (!u) {
                r = m << sh; /* VSHL */
            } else { /* VSLI */
                r = (d & ((1ull << sh) - 1)) | (m << sh);
            }
            break;
        case 6: /* VQSHLU: signed source, unsigned result */
            r = neon_sat(env, neon_shl128(neon_ext(m, size, false), sh), size, true);
            break;
        case 7:
            r = neon_sat(env, neon_shl128(v, sh), size, u);
            break;
        default: { /* 15/14: VCVT fixed point, b6 unused: op bit 8 in a4 */
            int cop = (a4 & 1) ? (u ? NFP_CVT_TO_U : NFP_CVT_TO_S) : (u ? NFP_CVT_FROM_U : NFP_CVT_FROM_S);
            r = neon_fp_unop(env, cop, (uint32_t)m, sh);
            break;
        }
        }
        neon_set(res, i, size, r);
    }
    memcpy(pd, res, (size_t)(8 << q));
}

/* -- VEXT and VTBL/VTBX -- */

/* VEXT: desc extra = imm4 (the byte offset). */
void helper_neon_vext(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int bytes = 8 << NEON_D_Q(desc), imm = NEON_D_EXTRA(desc);
    uint8_t in[32], res[16];
    memcpy(in, neon_reg(env, NEON_D_VN(desc)), (size_t)bytes);
    memcpy(in + bytes, neon_reg(env, NEON_D_VM(desc)), (size_t)bytes);
    memcpy(res, in + imm, (size_t)bytes);
    memcpy(neon_reg(env, NEON_D_VD(desc)), res, (size_t)bytes);
}

/* VTBL/VTBX: size field = len (1-4 registers minus 1), q = VTBX. */
void helper_neon_vtbl(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int len = NEON_D_SIZE(desc) + 1, vn = NEON_D_VN(desc);
    uint8_t table[32], res[8];
    for (int i = 0; i < len; i++) {
        memcpy(table + 8 * i, neon_reg(env, (vn + i) & 31), 8);
    }
    uint8_t *pd = neon_reg(env, NEON_D_VD(desc)), *pm = neon_reg(env, NEON_D_VM(desc));
    for (int i = 0; i < 8; i++) {
        int idx = pm[i];
        res[i] = idx < 8 * len ? table[idx] : (NEON_D_Q(desc) ? pd[i] : 0);
    }
    memcpy(pd, res, 8);
}

/* -- Alignment faults of element loads/stores -- */

/* noinline: the return address must be the generated code's call site,
 * which cpu_loop_exit_restore maps back to the guest insn. */
__attribute__((noinline)) void helper_neon_unaligned(void *env, uint32_t addr)
{
    CPUState *cpu = env_cpu(env);
    cpu->fault_addr = addr;
    cpu->exception_index = EXCP_UNALIGNED;
    cpu_loop_exit_restore(cpu, (uintptr_t)__builtin_return_address(0));
}
