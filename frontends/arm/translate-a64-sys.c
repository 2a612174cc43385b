/*
 * A64 system instructions at EL0: hints, barriers, CLREX, the cache
 * maintenance ops Linux lets EL0 use (DC ZVA, DC CVAC/CVAU/CIVAC, IC
 * IVAU) and MRS/MSR of the registers EL0 can reach.
 *
 * The register table is keyed by (op0, op1, CRn, CRm, op2). The
 * identification registers (op0 3, op1 0, CRn 0) read as Linux's MRS
 * emulation (HWCAP_CPUID) presents them: the model's MIDR, MPIDR as
 * 1 << 31, REVIDR as 0, the ID_AA64* registers with the user-visible
 * fields of the model's features and every other register of CRm 2-7 as
 * 0; CRm 0's other registers and CRm 1 are UNDEFINED, and so is any write.
 */
#include "frontends/arm/a64-fp.h"
#include "frontends/arm/a64-translate.h"
#include "decode-a64.h"

/* Every hint is a NOP here: YIELD, WFE/WFI (EL0 sleeps are allowed to
 * end at once), SEV, and the allocated-later ones (BTI, PACIASP, ...)
 * behave as the architecture makes unimplemented hints behave: BTI is
 * not advertised (ID_AA64PFR1 reads 0), so no branch target is checked. */
bool a64_trans_HINT(DisasA64 *s, arg_HINT *a)
{
    return true;
}

bool a64_trans_BARRIER(DisasA64 *s, arg_BARRIER *a)
{
    switch (a->op2) {
    case 2: /* CLREX */
        ir_movi(s->ir, IR_I64, a64_cpu_excl_addr, -1);
        return true;
    case 4: /* DSB */
    case 5: /* DMB: CRm<1:0> = 01 loads (ISHLD ...), 10 stores (ISHST ...) */
        ir_mb(s->ir, (a->crm & 3) == 1 ? IR_MB_LD : (a->crm & 3) == 2 ? IR_MB_ST : IR_MB_ALL);
        return true;
    case 6: /* ISB: later insns are fetched again */
        s->base.is_jmp = A64_DISAS_UPDATE_NOCHAIN;
        return true;
    default:
        return false;
    }
}

/* -- Identification registers -- */

#define A64_SYSREG(op0, op1, crn, crm, op2) ((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

bool a64_id_reg_value(uint32_t features, uint32_t midr, int crm, int op2, uint64_t *val)
{
    *val = 0;
    if (crm == 0) {
        switch (op2) {
        case 0: *val = midr; return true;
        case 5: *val = 1ull << 31; return true; /* MPIDR: the same for every cpu */
        case 6: return true;                    /* REVIDR */
        default: return false;
        }
    }
    if (crm == 1 || crm > 7) {
        return false;
    }
    switch (crm << 3 | op2) {
    case 4 << 3 | 0: /* ID_AA64PFR0: EL0 and EL1 AArch64 only; FP, AdvSIMD = 0 (implemented), 1 with
                      * half-precision arithmetic */
        *val = features & A64_FEATURE_FP16 ? 0x110011 : 0x11;
        break;
    case 5 << 3 | 0: /* ID_AA64DFR0: DebugVer 8.0 */
        *val = 0x6;
        break;
    case 6 << 3 | 0: /* ID_AA64ISAR0: AES (2: with PMULL), SHA1, SHA2 (2: with SHA512), CRC32, Atomic, RDM,
                      * SHA3, SM3, SM4, DP, TS */
        *val = (features & A64_FEATURE_AES ? 2ull << 4 : 0) | (features & A64_FEATURE_SHA1 ? 1ull << 8 : 0) |
               (features & A64_FEATURE_SHA512 ? 2ull << 12 : features & A64_FEATURE_SHA256 ? 1ull << 12 : 0) |
               (features & A64_FEATURE_CRC32 ? 1ull << 16 : 0) | (features & A64_FEATURE_LSE ? 2ull << 20 : 0) |
               (features & A64_FEATURE_SHA3 ? 1ull << 32 : 0) | (features & A64_FEATURE_SM3 ? 1ull << 36 : 0) |
               (features & A64_FEATURE_SM4 ? 1ull << 40 : 0) | (features & A64_FEATURE_RDM ? 1ull << 28 : 0) |
               (features & A64_FEATURE_DOTPROD ? 1ull << 44 : 0) |
               (features & A64_FEATURE_FLAGM2 ? 2ull << 52 : features & A64_FEATURE_FLAGM ? 1ull << 52 : 0);
        break;
    case 6 << 3 | 1: /* ID_AA64ISAR1: JSCVT, FCMA, LRCPC, FRINTTS, I8MM */
        *val = (features & A64_FEATURE_RCPC2 ? 2ull << 20 : features & A64_FEATURE_RCPC ? 1ull << 20 : 0) |
               (features & A64_FEATURE_JSCVT ? 1ull << 12 : 0) | (features & A64_FEATURE_FCMA ? 1ull << 16 : 0) |
               (features & A64_FEATURE_FRINTTS ? 1ull << 32 : 0) | (features & A64_FEATURE_I8MM ? 1ull << 52 : 0);
        break;
    case 7 << 3 | 0: /* ID_AA64MMFR0: hidden TGran4/TGran64 at their safe value, "not implemented" */
        *val = 0xff000000u;
        break;
    default:
        break;
    }
    return true;
}

/* -- MRS / MSR -- */

static void gen_mrs_nzcv(DisasA64 *s, IRTemp d)
{
    IRContext *ir = s->ir;
    IRTemp t = a64_tmp(s), zero = ir_const_i64(ir, 0);
    ir_shri(ir, IR_I64, d, a64_cpu_NF, 63);
    ir_shli(ir, IR_I64, d, d, 31);
    ir_setcond(ir, IR_I64, t, a64_cpu_ZF, zero, IR_COND_EQ);
    ir_shli(ir, IR_I64, t, t, 30);
    ir_or(ir, IR_I64, d, d, t);
    ir_shli(ir, IR_I64, t, a64_cpu_CF, 29);
    ir_or(ir, IR_I64, d, d, t);
    ir_shri(ir, IR_I64, t, a64_cpu_VF, 63);
    ir_shli(ir, IR_I64, t, t, 28);
    ir_or(ir, IR_I64, d, d, t);
}

static void gen_msr_nzcv(DisasA64 *s, IRTemp x)
{
    IRContext *ir = s->ir;
    ir_shli(ir, IR_I64, a64_cpu_NF, x, 32);
    ir_andi(ir, IR_I64, a64_cpu_ZF, x, 1 << 30);
    ir_xori(ir, IR_I64, a64_cpu_ZF, a64_cpu_ZF, 1 << 30);
    ir_extract(ir, IR_I64, a64_cpu_CF, x, 29, 1);
    ir_shli(ir, IR_I64, a64_cpu_VF, x, 35);
}

/* A 32-bit env field as an i64 value, and back through a mask. */
static void gen_ld_env32(DisasA64 *s, IRTemp d, int ofs)
{
    ir_ld(s->ir, IR_I64, d, IR_ENV, ofs, MO_32);
}

static void gen_st_env32(DisasA64 *s, IRTemp x, int ofs, uint32_t mask)
{
    IRTemp t = a64_tmp(s);
    ir_andi(s->ir, IR_I64, t, x, mask);
    ir_st(s->ir, IR_I64, t, IR_ENV, ofs, MO_32);
}

static bool gen_mrs(DisasA64 *s, uint32_t key, int op1, int crn, int crm, int op2, int rt)
{
    IRContext *ir = s->ir;
    IRTemp d = a64_tmp(s);
    uint64_t idval;
    if (op1 == 0 && crn == 0) {
        if (!a64_id_reg_value(s->features, s->midr, crm, op2, &idval)) {
            return false;
        }
        ir_movi(ir, IR_I64, d, (int64_t)idval);
    } else {
        switch (key) {
        case A64_SYSREG(3, 3, 4, 2, 0): gen_mrs_nzcv(s, d); break;
        case A64_SYSREG(3, 3, 4, 4, 0): gen_ld_env32(s, d, A64_ENV_OFS(fpcr)); break;
        case A64_SYSREG(3, 3, 4, 4, 1): /* FPSR: part of it may be pending in MXCSR */
            ir_callN(ir, helper_a64_get_fpsr, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, d, IR_ENV);
            break;
        case A64_SYSREG(3, 3, 13, 0, 2): ir_ld(ir, IR_I64, d, IR_ENV, A64_ENV_OFS(tpidr_el0), MO_64); break;
        case A64_SYSREG(3, 3, 13, 0, 3): ir_ld(ir, IR_I64, d, IR_ENV, A64_ENV_OFS(tpidrro_el0), MO_64); break;
        case A64_SYSREG(3, 3, 0, 0, 1): ir_movi(ir, IR_I64, d, A64_CTR); break;
        case A64_SYSREG(3, 3, 0, 0, 7): ir_movi(ir, IR_I64, d, A64_DCZID); break;
        case A64_SYSREG(3, 3, 14, 0, 0): ir_movi(ir, IR_I64, d, A64_CNTFRQ); break;
        case A64_SYSREG(3, 3, 14, 0, 2):
            ir_callN(ir, helper_a64_cntvct, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, d);
            break;
        default:
            return false;
        }
    }
    a64_write_x(s, rt, d, true);
    return true;
}

static bool gen_msr(DisasA64 *s, uint32_t key, int rt)
{
    IRTemp x = a64_read_x(s, rt);
    switch (key) {
    case A64_SYSREG(3, 3, 4, 2, 0):
        gen_msr_nzcv(s, x);
        return true;
    case A64_SYSREG(3, 3, 4, 4, 0):
        /* FPCR decides how FP insns translate (A64_TB_FP_NEAREST): the
         * exec loop looks the next TB up under the new key. */
        gen_st_env32(s, x, A64_ENV_OFS(fpcr), a64_fpcr_mask(s->features));
        s->base.is_jmp = A64_DISAS_UPDATE_EXIT;
        return true;
    case A64_SYSREG(3, 3, 4, 4, 1):
        ir_callN(s->ir, helper_a64_set_fpsr, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS, IR_NO_TEMP, IR_ENV,
                 x);
        return true;
    case A64_SYSREG(3, 3, 13, 0, 2):
        ir_st(s->ir, IR_I64, x, IR_ENV, A64_ENV_OFS(tpidr_el0), MO_64);
        return true;
    default:
        return false;
    }
}

/* -- SYS: cache maintenance -- */

/* DC ZVA: zeroes the A64_DCZ_BYTES block holding Xt, as stores (so a
 * fault is precise and a block of translated code is invalidated). */
static void gen_dc_zva(DisasA64 *s, int rt)
{
    IRContext *ir = s->ir;
    IRTemp base = a64_tmp(s), zero = ir_const_i64(ir, 0);
    ir_andi(ir, IR_I64, base, a64_read_x(s, rt), -(int64_t)A64_DCZ_BYTES);
    for (int i = 0; i < A64_DCZ_BYTES; i += 8) {
        IRTemp p = a64_tmp(s);
        ir_addi(ir, IR_I64, p, base, i);
        a64_gen_st(s, zero, p, MO_64);
    }
}

static bool gen_sys(DisasA64 *s, int op1, int crn, int crm, int op2, int rt)
{
    if (op1 != 3 || crn != 7 || op2 != 1) {
        return false;
    }
    switch (crm) {
    case 4: /* DC ZVA */
        gen_dc_zva(s, rt);
        return true;
    case 5: /* IC IVAU: written code is seen by the next TB */
        s->base.is_jmp = A64_DISAS_UPDATE_EXIT;
        return true;
    case 10: /* DC CVAC */
    case 11: /* DC CVAU */
    case 14: /* DC CIVAC */
        return true;
    default:
        return false;
    }
}

bool a64_trans_SYS(DisasA64 *s, arg_SYS *a)
{
    uint32_t key = A64_SYSREG((uint32_t)a->op0, (uint32_t)a->op1, (uint32_t)a->crn, (uint32_t)a->crm,
                              (uint32_t)a->op2);
    switch (a->op0) {
    case 1:
        return !a->l && gen_sys(s, a->op1, a->crn, a->crm, a->op2, a->rt);
    case 3:
        if (a->l) {
            return gen_mrs(s, key, a->op1, a->crn, a->crm, a->op2, a->rt);
        }
        return gen_msr(s, key, a->rt);
    default:
        return false; /* MSR (immediate), debug registers: not at EL0 */
    }
}
