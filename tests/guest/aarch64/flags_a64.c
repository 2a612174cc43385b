/* flags_a64 — NZCV from the A64 flag-setting instructions: ADDS/SUBS/ADCS/
 * SBCS/NEGS/ANDS/BICS in X and W forms (a W operation sets N from bit 31
 * and C/V from 32-bit arithmetic), shifted and extended operands, CCMP/
 * CCMN (the immediate NZCV when the condition fails), and the conditional
 * selects CSEL/CSINC/CSINV/CSNEG/CSET reading flags written by MSR NZCV.
 * Every op runs over a value table under four input flag states (a64ops.h);
 * a few architectural cases are CHECKed by hand. */
#include "a64ops.h"

DEF(adds_x, "adds %[r], %[a], %[b]")
DEF(adds_w, "adds %w[r], %w[a], %w[b]")
DEF(subs_x, "subs %[r], %[a], %[b]")
DEF(subs_w, "subs %w[r], %w[a], %w[b]")
DEF(adcs_x, "adcs %[r], %[a], %[b]")
DEF(adcs_w, "adcs %w[r], %w[a], %w[b]")
DEF(sbcs_x, "sbcs %[r], %[a], %[b]")
DEF(sbcs_w, "sbcs %w[r], %w[a], %w[b]")
DEF(adc_x, "adc %[r], %[a], %[b]")
DEF(sbc_w, "sbc %w[r], %w[a], %w[b]")
DEF(negs_x, "negs %[r], %[a]")
DEF(ngcs_w, "ngcs %w[r], %w[a]")
DEF(ands_x, "ands %[r], %[a], %[b]")
DEF(ands_w, "ands %w[r], %w[a], %w[b]")
DEF(bics_x, "bics %[r], %[a], %[b], ror #7")
DEF(adds_lsl, "adds %[r], %[a], %[b], lsl #3")
DEF(subs_asr, "subs %w[r], %w[a], %w[b], asr #31")
DEF(subs_sxtw, "subs %[r], %[a], %w[b], sxtw #2")
DEF(adds_uxtb, "adds %w[r], %w[a], %w[b], uxtb")
DEF(cmp_imm, "cmp %[a], #0xfff\n\tcset %[r], hi")
DEF(cmn_imm, "cmn %w[a], #1, lsl #12\n\tcset %w[r], vs")
DEF(ccmp_eq, "ccmp %[a], %[b], #0x5, eq")
DEF(ccmp_lt, "ccmp %w[a], #17, #0xa, lt")
DEF(ccmn_hs, "ccmn %[a], %[b], #0x3, hs")
DEF(csel_gt, "csel %[r], %[a], %[b], gt")
DEF(csinc_mi, "csinc %w[r], %w[a], %w[b], mi")
DEF(csinv_ls, "csinv %[r], %[a], %[b], ls")
DEF(csneg_vc, "csneg %[r], %[a], %[b], vc")
DEF(cset_ge, "cset %[r], ge")
DEF(csetm_ne, "csetm %w[r], ne")

static const struct op ops[] = {
    OP(adds_x),   OP(adds_w),    OP(subs_x),   OP(subs_w),    OP(adcs_x),   OP(adcs_w),
    OP(sbcs_x),   OP(sbcs_w),    OP(adc_x),    OP(sbc_w),     OP(negs_x),   OP(ngcs_w),
    OP(ands_x),   OP(ands_w),    OP(bics_x),   OP(adds_lsl),  OP(subs_asr), OP(subs_sxtw),
    OP(adds_uxtb), OP(cmp_imm),  OP(cmn_imm),  OP(ccmp_eq),   OP(ccmp_lt),  OP(ccmn_hs),
    OP(csel_gt),  OP(csinc_mi),  OP(csinv_ls), OP(csneg_vc),  OP(cset_ge),  OP(csetm_ne),
};

int main(void)
{
    uint64_t r, p;
    /* 64-bit signed overflow: N and V. */
    op_adds_x(0x7fffffffffffffff, 1, 0, 0, &r, &p);
    CHECK(r == 0x8000000000000000 && p == 0x9);
    /* The W form sees only the low 32 bits and clears the upper half. */
    op_adds_w(0x1ffffffff, 1, 0xdead, 0, &r, &p);
    CHECK(r == 0 && p == 0x6);
    /* Subtraction sets C when there is no borrow. */
    op_subs_x(5, 5, 0, 0, &r, &p);
    CHECK(r == 0 && p == 0x6);
    op_subs_x(0, 1, 0, 0, &r, &p);
    CHECK(r == ~0ull && p == 0x8);
    /* Carry in: ADCS adds C, SBCS subtracts NOT C. */
    op_adcs_x(~0ull, 0, 0, 0x2, &r, &p);
    CHECK(r == 0 && p == 0x6);
    op_sbcs_w(7, 3, 0, 0x0, &r, &p);
    CHECK(r == 3 && p == 0x2);
    /* ANDS clears C and V. */
    op_ands_x(0x8000000000000000, ~0ull, 0, 0x3, &r, &p);
    CHECK(p == 0x8);
    /* CCMP: condition false -> the immediate flags; true -> the compare. */
    op_ccmp_eq(1, 2, 0, 0x0, &r, &p);
    CHECK(p == 0x5);
    op_ccmp_eq(2, 2, 0, 0x4, &r, &p);
    CHECK(p == 0x6);
    run_ops(ops, (int)(sizeof ops / sizeof ops[0]));
    return xt_done();
}
