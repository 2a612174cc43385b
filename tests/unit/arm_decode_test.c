/*
 * A32 decoder tests: (encoding -> pattern, fields).
 *
 * The decoder generated from a32.decode with --translate test_trans calls
 * test_trans_<NAME>; every one of them is stubbed here (from the generated
 * pattern list) to record the pattern name and a copy of its arguments.
 * A stub can be told to refuse, which checks that a refused pattern of an
 * overlapping group falls through to the next one.
 *
 *     decode(0xe0912003)  ->  ADD_rrri {s=1 rd=2 rn=1 rm=3 shim=0 shty=0}
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct DisasContext {
    const char *name;       /* last pattern accepted */
    unsigned char args[64]; /* its arg_ struct */
    const char *refuse;     /* a pattern name whose stub returns false */
    int calls;
} DisasContext;

static int times_2(DisasContext *s, int x) { return x * 2; }
static int times_4(DisasContext *s, int x) { return x * 4; }
static int plus_1(DisasContext *s, int x) { return x + 1; }

#include "decode-a32-test.c.inc"

static bool record(DisasContext *s, const char *name, const void *a, size_t n)
{
    s->calls++;
    if (s->refuse && strcmp(s->refuse, name) == 0) {
        return false;
    }
    s->name = name;
    cr_assert(n <= sizeof(s->args));
    memcpy(s->args, a, n);
    return true;
}

#define DECODE_PATTERN(NAME, SET) \
    bool test_trans_##NAME(DisasContext *s, arg_##SET *a) { return record(s, #NAME, a, sizeof(*a)); }
#include "decode-a32-list.h"
#undef DECODE_PATTERN

/* Decodes insn; returns the accepted pattern name or NULL. */
static const char *decode(DisasContext *s, uint32_t insn)
{
    memset(s, 0, sizeof(*s));
    return test_decode_a32(s, insn) ? s->name : NULL;
}

#define ARGS(s, type) ((const arg_##type *)(s)->args)

/* -- Data processing -- */

Test(arm_decode, adds_register)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe0912003), "ADD_rrri"); /* adds r2, r1, r3 */
    const arg_s_rrr_shi *a = ARGS(&s, s_rrr_shi);
    cr_assert(a->s == 1 && a->rd == 2 && a->rn == 1 && a->rm == 3 && a->shim == 0 && a->shty == 0);
}

Test(arm_decode, sub_register_shifted_register)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe0410552), "SUB_rrrr"); /* sub r0, r1, r2, asr r5 */
    const arg_s_rrr_shr *a = ARGS(&s, s_rrr_shr);
    cr_assert(a->s == 0 && a->rd == 0 && a->rn == 1 && a->rm == 2 && a->rs == 5 && a->shty == 2);
}

Test(arm_decode, mov_immediate_rotation_is_in_bits)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe3a004ff), "MOV_rxi"); /* mov r0, #0xff000000 */
    const arg_s_rri_rot *a = ARGS(&s, s_rri_rot);
    cr_assert(a->rd == 0 && a->imm == 0xff && a->rot == 8 && a->rn == 0);
}

Test(arm_decode, compares_force_s_and_rd_zero)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe1530004), "CMP_xrri"); /* cmp r3, r4 */
    const arg_s_rrr_shi *a = ARGS(&s, s_rrr_shi);
    cr_assert(a->s == 1 && a->rd == 0 && a->rn == 3 && a->rm == 4);
    cr_assert_str_eq(decode(&s, 0xe3110001), "TST_xri"); /* tst r1, #1 */
}

Test(arm_decode, movw_movt_immediate)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe301c234), "MOVW"); /* movw r12, #0x1234 */
    cr_assert(ARGS(&s, ri)->rd == 12 && ARGS(&s, ri)->imm == 0x1234);
    cr_assert_str_eq(decode(&s, 0xe34f0fff), "MOVT"); /* movt r0, #0xffff */
    cr_assert(ARGS(&s, ri)->rd == 0 && ARGS(&s, ri)->imm == 0xffff);
}

Test(arm_decode, condition_field_is_ignored)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0x10912003), "ADD_rrri"); /* addsne */
}

/* -- Miscellaneous and media -- */

Test(arm_decode, clz_and_branch_exchange)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe16f0f11), "CLZ"); /* clz r0, r1 */
    cr_assert(ARGS(&s, rr)->rd == 0 && ARGS(&s, rr)->rm == 1);
    cr_assert_str_eq(decode(&s, 0xe12fff1e), "BX"); /* bx lr */
    cr_assert_eq(ARGS(&s, r)->rm, 14);
    cr_assert_str_eq(decode(&s, 0xe12fff33), "BLX_r"); /* blx r3 */
}

Test(arm_decode, hints_win_over_msr_immediate)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe320f000), "NOP");
    cr_assert_str_eq(decode(&s, 0xe320f003), "WFI");
    cr_assert_str_eq(decode(&s, 0xe328f40f), "MSR_imm"); /* msr APSR_nzcvq, #0xf0000000 */
    cr_assert(ARGS(&s, msr_i)->mask == 8 && ARGS(&s, msr_i)->imm == 0xf && ARGS(&s, msr_i)->rot == 8);
}

Test(arm_decode, refused_pattern_falls_through_group)
{
    DisasContext s;
    memset(&s, 0, sizeof(s));
    s.refuse = "NOP";
    cr_assert(test_decode_a32(&s, 0xe320f000));
    cr_assert_str_eq(s.name, "MSR_imm");
    cr_assert_eq(s.calls, 2);
}

Test(arm_decode, bitfield_and_extend)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe7e70451), "UBFX"); /* ubfx r0, r1, #8, #8 */
    const arg_bfx *b = ARGS(&s, bfx);
    cr_assert(b->rd == 0 && b->rn == 1 && b->lsb == 8 && b->widthm1 == 7);
    cr_assert_str_eq(decode(&s, 0xe7df0e1f), "BFCI"); /* bfc r0, #28, #4 */
    cr_assert(ARGS(&s, bfi)->rn == 15 && ARGS(&s, bfi)->msb == 31 && ARGS(&s, bfi)->lsb == 28);
    cr_assert_str_eq(decode(&s, 0xe6af0471), "SXTAB"); /* sxtb r0, r1, ror #8 */
    cr_assert(ARGS(&s, rrr_rot)->rn == 15 && ARGS(&s, rrr_rot)->rot == 1 && ARGS(&s, rrr_rot)->rm == 1);
}

Test(arm_decode, media_neighbours)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe6bf0f31), "REV");     /* rev r0, r1 */
    cr_assert_str_eq(decode(&s, 0xe6ff0f31), "RBIT");    /* rbit r0, r1 */
    cr_assert_str_eq(decode(&s, 0xe6a70011), "SSAT");    /* ssat r0, #8, r1 */
    cr_assert(ARGS(&s, sat)->satimm == 7 && ARGS(&s, sat)->rn == 1);
    cr_assert_str_eq(decode(&s, 0xe6810012), "PKH");     /* pkhbt r0, r1, r2 */
    cr_assert_str_eq(decode(&s, 0xe6810fb2), "SEL");     /* sel r0, r1, r2 */
    cr_assert_str_eq(decode(&s, 0xe6510f12), "UADD16");  /* uadd16 r0, r1, r2 */
    cr_assert_str_eq(decode(&s, 0xe6210f92), "QADD8");   /* qadd8 r0, r1, r2 */
}

/* -- Multiplies -- */

Test(arm_decode, multiply_register_roles)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe0230291), "MLA"); /* mla r3, r1, r2, r0 */
    const arg_s_rrrr *a = ARGS(&s, s_rrrr);
    cr_assert(a->rd == 3 && a->rn == 1 && a->rm == 2 && a->ra == 0 && a->s == 0);
    cr_assert_str_eq(decode(&s, 0xe0910392), "UMULL"); /* umulls r0, r1, r2, r3 */
    a = ARGS(&s, s_rrrr);
    cr_assert(a->ra == 0 && a->rd == 1 && a->rn == 2 && a->rm == 3 && a->s == 1);
    cr_assert_str_eq(decode(&s, 0xe710f211), "SDIV"); /* sdiv r0, r1, r2 */
    cr_assert(ARGS(&s, rrrr)->rd == 0 && ARGS(&s, rrrr)->rn == 1 && ARGS(&s, rrrr)->rm == 2);
    cr_assert_str_eq(decode(&s, 0xe10c0281), "SMLAxy"); /* smlabb r12, r1, r2, r0 */
    cr_assert_str_eq(decode(&s, 0xe75cf211), "SMMLA");  /* smmul r12, r1, r2 (ra = 15) */
    cr_assert_eq(ARGS(&s, smla_xy)->ra, 15);
}

/* -- Loads and stores -- */

Test(arm_decode, ldr_immediate_modes)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe5910004), "LDR_ri"); /* ldr r0, [r1, #4] */
    const arg_ldst_ri *a = ARGS(&s, ldst_ri);
    cr_assert(a->p == 1 && a->w == 0 && a->u == 1 && a->rn == 1 && a->rt == 0 && a->imm == 4);
    cr_assert_str_eq(decode(&s, 0xe49d0004), "LDR_ri"); /* pop {r0}: ldr r0, [sp], #4 */
    a = ARGS(&s, ldst_ri);
    cr_assert(a->p == 0 && a->w == 1 && a->u == 1 && a->rn == 13);
    cr_assert_str_eq(decode(&s, 0xe52de004), "STR_ri"); /* push {lr}: str lr, [sp, #-4]! */
    a = ARGS(&s, ldst_ri);
    cr_assert(a->p == 1 && a->w == 1 && a->u == 0 && a->rt == 14);
}

Test(arm_decode, register_offset_and_halfword)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe7910102), "LDR_rr"); /* ldr r0, [r1, r2, lsl #2] */
    const arg_ldst_rr *a = ARGS(&s, ldst_rr);
    cr_assert(a->rm == 2 && a->shimm == 2 && a->shtype == 0 && a->p == 1);
    cr_assert_str_eq(decode(&s, 0xe1d100b6), "LDRH_ri"); /* ldrh r0, [r1, #6] */
    cr_assert_eq(ARGS(&s, ldst_ri)->imm, 6);
    cr_assert_str_eq(decode(&s, 0xe1c120f8), "STRD_ri"); /* strd r2, r3, [r1, #8] */
    cr_assert(ARGS(&s, ldstd_ri)->rt == 2 && ARGS(&s, ldstd_ri)->rt2 == 3 && ARGS(&s, ldstd_ri)->imm == 8);
}

Test(arm_decode, block_transfer_and_exclusives)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xe92d4010), "STM"); /* push {r4, lr} = stmdb sp!, */
    const arg_ldm *m = ARGS(&s, ldm);
    cr_assert(m->rn == 13 && m->list == 0x4010 && m->b == 1 && m->u == 0 && m->w == 1);
    cr_assert_str_eq(decode(&s, 0xe8bd8010), "LDM"); /* pop {r4, pc} */
    cr_assert_str_eq(decode(&s, 0xe1910f9f), "LDREX"); /* ldrex r0, [r1] */
    cr_assert(ARGS(&s, ldrex)->rt == 0 && ARGS(&s, ldrex)->rn == 1);
    cr_assert_str_eq(decode(&s, 0xe1812f90), "STREX"); /* strex r2, r0, [r1] */
    cr_assert(ARGS(&s, strex)->rd == 2 && ARGS(&s, strex)->rt == 0 && ARGS(&s, strex)->rn == 1);
    cr_assert_str_eq(decode(&s, 0xe1b32f9f), "LDREXD_a32"); /* ldrexd r2, r3, [r3] */
    cr_assert_eq(ARGS(&s, ldrex)->rt2, 3);
}

/* -- Branches and system -- */

Test(arm_decode, branch_offsets_are_scaled_and_signed)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xeafffffe), "B"); /* b . */
    cr_assert_eq(ARGS(&s, i)->imm, -8);
    cr_assert_str_eq(decode(&s, 0xeb000001), "BL");
    cr_assert_eq(ARGS(&s, i)->imm, 4);
}

Test(arm_decode, svc_bkpt_udf_mrc)
{
    DisasContext s;
    cr_assert_str_eq(decode(&s, 0xef000000), "SVC");
    cr_assert_eq(ARGS(&s, i)->imm, 0);
    cr_assert_str_eq(decode(&s, 0xe1200070), "BKPT");
    cr_assert_str_eq(decode(&s, 0xe7f000f0), "UDF");
    cr_assert_str_eq(decode(&s, 0xee1d0f70), "MRC"); /* mrc p15, 0, r0, c13, c0, 3 */
    const arg_mcr *c = ARGS(&s, mcr);
    cr_assert(c->cp == 15 && c->opc1 == 0 && c->crn == 13 && c->crm == 0 && c->opc2 == 3 && c->rt == 0);
}

Test(arm_decode, unallocated_is_rejected)
{
    DisasContext s;
    cr_assert_null(decode(&s, 0xe6000010)); /* parallel add/sub space, op1 = 000 */
    cr_assert_null(decode(&s, 0xe1000150)); /* qadd-like with bits 11:8 != 0 */
}
