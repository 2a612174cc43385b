/*
 * Thumb decoder tests: the T32 immediate field functions (bytes -> fields)
 * and short T16/T32 sequences run through the real pipeline (decode -> IR
 * -> host code), checking registers, flags and the IT state afterwards.
 *
 * Each program is a list of halfwords with its assembly in a comment
 * (assembled with arm-linux-gnueabihf-as) and ends in an svc, which makes
 * cpu_exec return EXCP_SWI with pc after the svc.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "frontends/arm/translate.h"
#include "linux-user/user.h"
#include "xrun/guest.h"
#include "xrun/tb.h"

/* The field functions of translate-thumb.c (used by the generated decoders). */
int t16_push_list(DisasContext *s, int x);
int t16_pop_list(DisasContext *s, int x);
int t16_ldm_writeback(DisasContext *s, int x);
int t32_expand_imm(DisasContext *s, int imm12);
int t32_expand_rot(DisasContext *s, int imm12);
int t32_branch24(DisasContext *s, int x);

/* -- Fields -- */

static uint32_t expand(int imm12)
{
    uint32_t v = (uint32_t)t32_expand_imm(NULL, imm12);
    int rot = t32_expand_rot(NULL, imm12);
    return rot ? (v >> rot) | (v << (32 - rot)) : v;
}

Test(thumb_fields, expand_imm_replicated_forms_keep_carry)
{
    cr_assert_eq(expand(0x0ab), 0x000000abu);
    cr_assert_eq(expand(0x1ab), 0x00ab00abu);
    cr_assert_eq(expand(0x2ab), 0xab00ab00u);
    cr_assert_eq(expand(0x3ab), 0xababababu);
    for (int f = 0; f < 4; f++) {
        cr_assert_eq(t32_expand_rot(NULL, f << 8 | 0x5a), 0, "no carry-out for form %d", f);
    }
}

Test(thumb_fields, expand_imm_rotated_form)
{
    /* i:imm3:a = 01000, bcdefgh = 0x7f: 0xff ror 8 */
    cr_assert_eq(expand(0x47f), 0xff000000u);
    /* rotation 31: 0x80 ror 31 = 0x100 */
    cr_assert_eq(expand(0xf80), 0x00000100u);
    cr_assert_eq(t32_expand_rot(NULL, 0x47f), 8);
    cr_assert_eq(expand(0x4ff), 0x7f800000u);
}

Test(thumb_fields, branch_offsets_use_j1_j2)
{
    /* S=0 J1=1 J2=1 -> I1=I2=0: small positive */
    cr_assert_eq(t32_branch24(NULL, 0x600002), 4);
    /* S=1 J1=1 J2=1 -> I1=I2=1: small negative */
    cr_assert_eq(t32_branch24(NULL, 0xfffffe), -4);
    /* S=0 J1=0 J2=0 -> I1=I2=1: +0x600000 * 2 */
    cr_assert_eq(t32_branch24(NULL, 0x000000), 0xc00000);
    /* S=1 J1=0 J2=0 -> I1=I2=0: the most negative offset */
    cr_assert_eq(t32_branch24(NULL, 0x800000), -0x1000000);
}

Test(thumb_fields, push_pop_lists)
{
    cr_assert_eq(t16_push_list(NULL, 0x1f0), 0x40f0, "M is lr");
    cr_assert_eq(t16_pop_list(NULL, 0x1f0), 0x80f0, "P is pc");
    cr_assert_eq(t16_push_list(NULL, 0x003), 0x0003);
}

Test(thumb_fields, t16_ldm_writes_back_unless_base_loaded)
{
    cr_assert_eq(t16_ldm_writeback(NULL, 2 << 8 | 0x03), 1);
    cr_assert_eq(t16_ldm_writeback(NULL, 1 << 8 | 0x03), 0);
}

/* -- Execution -- */

#define CODE 0x10000u

static CPUARMState *env;

static void setup(void)
{
    static bool once;
    if (!once) {
        once = true;
        cr_assert_eq(guest_space_init(32), 0);
        tb_init(16u << 20);
    }
    tb_flush();
    abi_long a = target_mmap(CODE, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_assert_eq(a, CODE);
    memset(g2h(CODE), 0xde, 0x2000); /* udf #0xde */
    cr_assert_eq(posix_memalign((void **)&env, 64, sizeof(*env)), 0);
    memset(env, 0, sizeof(*env));
    arm_cpu_reset(env);
    env->common.arch = &arm_guest_arch;
    env->regs[15] = CODE;
    env->thumb = 1;
}

static void teardown(void)
{
    target_munmap(CODE, 0x2000);
    tb_jc_free(env->common.jc);
    free(env);
}

static void put_code(uint32_t addr, const uint16_t *hw, size_t n)
{
    memcpy(g2h(addr), hw, n * 2);
}

/* Sets Z (and clears N, C, V) or not. */
static void set_z(bool z)
{
    env->ZF = z ? 0 : 1;
    env->NF = env->CF = env->VF = 0;
}

static int run(void)
{
    return cpu_exec(&env->common);
}

TestSuite(thumb_exec, .init = setup, .fini = teardown);

Test(thumb_exec, it_block_selects_and_t16_sets_flags_only_outside)
{
    static const uint16_t p[] = {
        0x2005,         /* movs   r0, #5 */
        0xbf08,         /* it     eq */
        0x2007,         /* moveq  r0, #7  (no flags inside IT) */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 4);
    env->ZF = 0; /* movs sets Z from 5: clear */
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 5);
    cr_assert_eq(env->regs[15], CODE + 8);
    cr_assert_eq(env->condexec_bits, 0);
}

Test(thumb_exec, it_condition_true_keeps_flags)
{
    static const uint16_t p[] = {
        0xbf08,         /* it     eq */
        0x2000,         /* moveq  r0, #0  (would set Z if it set flags: it does not) */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 3);
    set_z(true);
    env->regs[0] = 9;
    env->ZF = 0;        /* Z set */
    env->NF = 0x80000000u;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0);
    cr_assert_eq(env->NF, 0x80000000u, "N untouched inside IT");
}

Test(thumb_exec, wide_immediates_and_movw_movt)
{
    static const uint16_t p[] = {
        0xf241, 0x2134, /* movw   r1, #0x1234 */
        0xf2c5, 0x6178, /* movt   r1, #0x5678 */
        0xf012, 0x417f, /* ands.w r1, r2, #0xff000000  (C = bit 31) */
        0xf062, 0x03ff, /* orn    r3, r2, #0xff */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 9);
    env->regs[2] = 0x12345678;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 0x12000000u);
    cr_assert_eq(env->CF, 1);
    cr_assert_eq(env->regs[3], 0x12345678u | ~0xffu);
    cr_assert_eq(env->regs[15], CODE + 18);
}

Test(thumb_exec, udf_raises_at_the_insn)
{
    static const uint16_t p[] = {
        0x2001,         /* movs   r0, #1 */
        0xde03,         /* udf    #3 */
    };
    put_code(CODE, p, 2);
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE + 2);
    cr_assert_eq(env->regs[0], 1);
}

Test(thumb_exec, bl_links_with_thumb_bit)
{
    static const uint16_t p[] = {
        0xf000, 0xf801, /* bl     CODE + 6 */
        0x2001,         /* movs   r0, #1  (skipped) */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 4);
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[14], (CODE + 4) | 1);
    cr_assert_eq(env->regs[0], 0);
    cr_assert_eq(env->regs[15], CODE + 8);
}

Test(thumb_exec, tbb_branches_through_the_table)
{
    static const uint16_t p[] = {
        0xe8df, 0xf000, /* tbb    [pc, r0] */
        0x0302, 0x0004, /* .byte  2, 3, 4, 0 */
        0x210a,         /* movs   r1, #10 */
        0xdf00,         /* svc    0 */
        0x2114,         /* movs   r1, #20 */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 8);
    env->regs[0] = 2;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 20);
    env->regs[15] = CODE;
    env->regs[0] = 0;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 10);
}

Test(thumb_exec, cbz_and_cbnz)
{
    static const uint16_t p[] = {
        0xb100,         /* cbz    r0, +4 */
        0x2101,         /* movs   r1, #1 */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 3);
    env->regs[0] = 0;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 0);
    env->regs[15] = CODE;
    env->regs[0] = 3;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 1);
}

/* The IT insn is the last of its page: the block continues in a new TB,
 * whose key must carry the IT state. */
Test(thumb_exec, it_block_across_a_page_boundary)
{
    static const uint16_t it[] = {0xbf0c};      /* ite eq */
    static const uint16_t rest[] = {
        0x2001,         /* moveq  r0, #1 */
        0x2002,         /* movne  r0, #2 */
        0xdf00,         /* svc    0 */
    };
    /* Written once: pages holding translated code become read-only. */
    put_code(CODE + 0xffe, it, 1);
    put_code(CODE + 0x1000, rest, 3);
    for (int z = 0; z < 2; z++) {
        env->regs[15] = CODE + 0xffe;
        env->regs[0] = 0;
        set_z(z);
        cr_assert_eq(run(), EXCP_SWI);
        cr_assert_eq(env->regs[0], z ? 1u : 2u, "Z=%d", z);
        cr_assert_eq(env->condexec_bits, 0);
    }
}

/* The first TB holds n insns, so the block is cut after each of its insns
 * in turn; the rest runs in a TB whose key carries the IT state. */
Test(thumb_exec, it_block_split_at_every_insn)
{
    static const uint16_t p[] = {
        0xbf19,         /* ittee  ne */
        0x3001,         /* addne  r0, #1 */
        0x3002,         /* addne  r0, #2 */
        0x3004,         /* addeq  r0, #4 */
        0x3008,         /* addeq  r0, #8 */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 6);
    for (int z = 0; z < 2; z++) {
        for (uint32_t n = 1; n <= 5; n++) {
            env->regs[15] = CODE;
            env->regs[0] = 0;
            set_z(z);
            env->common.cflags_next_tb = n | CF_NO_CHAIN;
            cr_assert_eq(run(), EXCP_SWI);
            cr_assert_eq(env->regs[0], z ? 12u : 3u, "Z=%d, first TB of %u insns", z, n);
            cr_assert_eq(env->condexec_bits, 0);
        }
    }
}

Test(thumb_exec, t16_flags_outside_it_and_pop_pc_interworks)
{
    static const uint16_t p[] = {
        0x3001,         /* adds   r0, #1  (flags: outside IT) */
        0xbd00,         /* pop    {pc} */
    };
    put_code(CODE, p, 2);
    env->regs[0] = 0xffffffffu;
    env->regs[13] = CODE + 0x100;
    uint32_t target = CODE + 0x200; /* even: ARM state */
    memcpy(g2h(CODE + 0x100), &target, 4);
    memcpy(g2h(CODE + 0x200), (const uint32_t[]){0xef000000u}, 4); /* svc 0 (A32) */
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0);
    cr_assert_eq(env->ZF, 0, "Z set");
    cr_assert_eq(env->CF, 1, "C set");
    cr_assert_eq(env->thumb, 0);
    cr_assert_eq(env->regs[13], CODE + 0x104);
    cr_assert_eq(env->regs[15], CODE + 0x204);
}

Test(thumb_exec, t16_ldm_writeback_rule)
{
    static const uint16_t p[] = {
        0xc906,         /* ldmia  r1, {r1, r2}   (base loaded: no writeback) */
        0xcb30,         /* ldmia  r3!, {r4, r5} */
        0xdf00,         /* svc    0 */
    };
    put_code(CODE, p, 3);
    memcpy(g2h(CODE + 0x100), (const uint32_t[]){11, 22, 33, 44}, 16);
    env->regs[1] = CODE + 0x100;
    env->regs[3] = CODE + 0x108;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 11);
    cr_assert_eq(env->regs[2], 22);
    cr_assert_eq(env->regs[4], 33);
    cr_assert_eq(env->regs[5], 44);
    cr_assert_eq(env->regs[3], CODE + 0x110);
}

/* An svc inside an IT block resumes with the state of the next insn. */
Test(thumb_exec, svc_inside_it_block_advances_state)
{
    static const uint16_t p[] = {
        0xbf1e,         /* ittt   ne */
        0x3001,         /* addne  r0, #1 */
        0xdf00,         /* svcne  0 */
        0x3001,         /* addne  r0, #1 */
        0xdf01,         /* svc    1 */
    };
    put_code(CODE, p, 5);
    set_z(false);
    env->regs[0] = 0;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[15], CODE + 6);
    cr_assert_eq(env->condexec_bits, 0x18);
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 2);
    cr_assert_eq(env->regs[15], CODE + 10);
    cr_assert_eq(env->condexec_bits, 0);
}

/* A fault inside an IT block restores the IT state of the faulting insn. */
Test(thumb_exec, udf_inside_it_block_reports_its_state)
{
    static const uint16_t p[] = {
        0xbf04,         /* itt    eq */
        0x2001,         /* moveq  r0, #1 */
        0xde00,         /* udfeq  #0 */
    };
    put_code(CODE, p, 3);
    set_z(true);
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE + 4);
    cr_assert_eq(env->condexec_bits, 0x08, "state of the udf: eq, last insn");
}

/* A 32-bit insn straddling into a non-executable page faults at the insn. */
Test(thumb_exec, straddling_insn_faults_on_its_second_page)
{
    static const uint16_t hw1[] = {0xf241}; /* movw r1, #0x1234 (first half) */
    static const uint16_t hw2[] = {0x2134};
    put_code(CODE + 0xffe, hw1, 1);
    put_code(CODE + 0x1000, hw2, 1);
    cr_assert_eq(target_mprotect(CODE + 0x1000, 0x1000, PROT_READ), 0);
    env->regs[15] = CODE + 0xffe;
    cr_assert_eq(run(), EXCP_FETCH_FAULT);
    cr_assert_eq(env->regs[15], CODE + 0xffe);
    cr_assert_eq(env->common.fault_addr, CODE + 0x1000);
    cr_assert_eq(env->regs[1], 0);
}

Test(thumb_exec, straddling_insn_runs_when_both_pages_execute)
{
    static const uint16_t hw1[] = {0xf241};  /* movw r1, #0x1234 */
    static const uint16_t rest[] = {0x2134, 0xdf00}; /* ...; svc 0 */
    put_code(CODE + 0xffe, hw1, 1);
    put_code(CODE + 0x1000, rest, 2);
    env->regs[15] = CODE + 0xffe;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[1], 0x1234);
}

/* -- Decoder robustness: any halfword or word translates to IR, never crashes -- */

static IRContext *decode_ir;

static void translate_at(uint32_t pc, uint32_t condexec)
{
    TranslationBlock tb = {.pc = pc, .flags = ARM_TBFLAG_THUMB | condexec << ARM_TBFLAG_CONDEXEC_SHIFT};
    ir_reset(decode_ir);
    arm_translate(&env->common, &tb, decode_ir, 1);
    cr_assert(decode_ir->nb_ops > 0);
    cr_assert(tb.size == 2 || tb.size == 4, "size %u", tb.size);
}

static void decode_setup(void)
{
    setup();
    static IRContext ctx;
    if (!decode_ir) {
        ir_context_init(&ctx, 0);
        arm_guest_arch.init_globals(&ctx);
        decode_ir = &ctx;
    }
}

TestSuite(thumb_decode, .init = decode_setup, .fini = teardown);

Test(thumb_decode, every_t16_halfword_translates)
{
    for (uint32_t hw = 0; hw < 0x10000; hw++) {
        uint16_t p[2] = {(uint16_t)hw, 0x4600}; /* second half: mov r0, r0 */
        memcpy(g2h(CODE), p, 4);
        translate_at(CODE, hw & 1 ? 0x08 : 0); /* also inside an IT block */
    }
}

Test(thumb_decode, random_t32_words_translate)
{
    uint32_t x = 0x12345678;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint16_t p[2] = {(uint16_t)(0xe800 | (x >> 16)), (uint16_t)x};
        memcpy(g2h(CODE), p, 4);
        translate_at(CODE, i & 1 ? 0x1c : 0);
    }
}
