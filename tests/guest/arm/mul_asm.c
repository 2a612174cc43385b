/* mul_asm — the multiply family: mul/mla/mls, long multiplies
 * (umull/smull/umlal/smlal/umaal, results in two registers), halfword
 * multiplies (smulxy, smlaxy setting Q, smulwy, smlawy), most-significant-
 * word multiplies (smmul/smmulr/smmla/smmls), dual multiplies
 * (smuad/smusd/smlad/smlsd, smlald/smlsld) and usad8/usada8.
 * The low word of a 64-bit result is %[r], the high word is folded in with
 * eor so the hash sees both. ARM-only: compared with mul_asm.ref. */
#include "asmops.h"

DEF(mul, "mul %[r], %[a], %[b]")
DEF(mla, "mla %[r], %[a], %[b], %[c]")
DEF(mls, "mls %[r], %[a], %[b], %[c]")
#define LONG(name, insn)                                                    \
    DEF(name, "push {r4, r5}\n\tmov r4, %[c]\n\tmov r5, %[r]\n\t" insn       \
              " r4, r5, %[a], %[b]\n\tmov %[r], r4\n\teor %[r], %[r], r5, ror #13\n\tpop {r4, r5}")
LONG(umull, "umull")
LONG(smull, "smull")
LONG(umlal, "umlal")
LONG(smlal, "smlal")
LONG(umaal, "umaal")
LONG(smlalbt, "smlalbt")
LONG(smlald, "smlald")
LONG(smlsldx, "smlsldx")
DEF(smulbb, "smulbb %[r], %[a], %[b]")
DEF(smulbt, "smulbt %[r], %[a], %[b]")
DEF(smultb, "smultb %[r], %[a], %[b]")
DEF(smultt, "smultt %[r], %[a], %[b]")
DEF(smlabb, "smlabb %[r], %[a], %[b], %[c]")
DEF(smlatt, "smlatt %[r], %[a], %[b], %[c]")
DEF(smulwb, "smulwb %[r], %[a], %[b]")
DEF(smlawt, "smlawt %[r], %[a], %[b], %[c]")
DEF(smmul, "smmul %[r], %[a], %[b]")
DEF(smmulr, "smmulr %[r], %[a], %[b]")
DEF(smmla, "smmla %[r], %[a], %[b], %[c]")
DEF(smmls, "smmls %[r], %[a], %[b], %[c]")
DEF(smuad, "smuad %[r], %[a], %[b]")
DEF(smusd, "smusd %[r], %[a], %[b]")
DEF(smladx, "smladx %[r], %[a], %[b], %[c]")
DEF(smlsd, "smlsd %[r], %[a], %[b], %[c]")
DEF(usad8, "usad8 %[r], %[a], %[b]")
DEF(usada8, "usada8 %[r], %[a], %[b], %[c]")

static const struct op ops[] = {
    OP(mul), OP(mla), OP(mls), OP(umull), OP(smull), OP(umlal), OP(smlal), OP(umaal),
    OP(smlalbt), OP(smlald), OP(smlsldx), OP(smulbb), OP(smulbt), OP(smultb), OP(smultt),
    OP(smlabb), OP(smlatt), OP(smulwb), OP(smlawt), OP(smmul), OP(smmulr), OP(smmla),
    OP(smmls), OP(smuad), OP(smusd), OP(smladx), OP(smlsd), OP(usad8), OP(usada8),
};

int main(void)
{
    run_ops(ops, sizeof ops / sizeof ops[0]);
    uint32_t r, p;
    op_umull(0xffffffff, 0xffffffff, 0, 0, 0, &r, &p);
    CHECK(r == (0x00000001u ^ (0xfffffffeu >> 13 | 0xfffffffeu << 19)));
    op_smlabb(0x7fff8000, 0x7fff8000, 0x7fffffff, 0, 0, &r, &p);
    CHECK(r == 0x3fffffffu + 0x7fffffff + 1 && (p & 0x08000000)); /* overflow sets Q */
    op_smmulr(0x40000000, 0x00000003, 0, 0, 0, &r, &p);
    CHECK(r == 1);
    return xt_done();
}
