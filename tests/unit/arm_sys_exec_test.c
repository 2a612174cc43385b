/*
 * The system-mode insns, translated and run: a CPUARMState in system mode
 * (arm_sys_cpu_reset) runs code placed in user-mode guest memory through
 * cpu_exec, which returns at the first exception (svc ends most programs).
 * Guest memory is the flat user-mode space here, so these tests check
 * translation and privileged state, not the MMU index of an access.
 *
 *     mrs r0, cpsr; msr cpsr_c, #0xd2; svc 0
 *         -> EXCP_SWI, r0 = 0x1d3 (SVC), the cpu now in IRQ mode
 *
 * The softmmu calls are faked and counted, as in arm_sys_test.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "frontends/arm/translate.h"
#include "linux-user/user.h"
#include "xrun/guest.h"
#include "xrun/softmmu.h"
#include "xrun/tb.h"

static int n_flush, n_flush_page;

void tlb_flush(CPUState *cpu) { n_flush++; }
void tlb_flush_page(CPUState *cpu, uint64_t va) { n_flush_page++; }
void tlb_flush_all_cpus(CPUState *cpu) { n_flush++; }
void tlb_flush_page_all_cpus(CPUState *cpu, uint64_t va) { n_flush_page++; }
void tlb_set_page(CPUState *cpu, uint64_t va, uint64_t pa, int prot, int mmu_idx, uint64_t size) {}

#define CODE 0x10000u
#define DATA 0x11000u

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
    memset(g2h(CODE), 0, 0x2000);
    cr_assert_eq(posix_memalign((void **)&env, 64, sizeof(*env)), 0);
    memset(env, 0, sizeof(*env));
    arm_sys_cpu_reset(env, arm_sys_model_find("cortex-a15"), 0);
    env->common.arch = &arm_guest_arch;
    env->regs[15] = CODE;
    n_flush = n_flush_page = 0;
}

static void teardown(void)
{
    target_munmap(CODE, 0x2000);
    tb_jc_free(env->common.jc);
    free(env);
}

TestSuite(arm_sys_exec, .init = setup, .fini = teardown);

static void put_arm(uint32_t addr, const uint32_t *w, size_t n) { memcpy(g2h(addr), w, n * 4); }
static void put_thumb(uint32_t addr, const uint16_t *hw, size_t n) { memcpy(g2h(addr), hw, n * 2); }
static int run(void) { return cpu_exec(&env->common); }

#define SVC0 0xef000000u

/* -- Program status registers -- */

Test(arm_sys_exec, mrs_msr_change_mode_and_bank)
{
    static const uint32_t p[] = {
        0xe10f0000, /* mrs  r0, cpsr */
        0xe321f0d2, /* msr  cpsr_c, #0xd2  (IRQ) */
        0xe3a0dc01, /* mov  sp, #0x100 */
        0xe10f1000, /* mrs  r1, cpsr */
        0xe321f0d3, /* msr  cpsr_c, #0xd3  (SVC) */
        SVC0,
    };
    put_arm(CODE, p, 6);
    env->regs[13] = 0x5000;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0x1d3);
    cr_assert_eq(env->regs[1], 0x1d2);
    cr_assert_eq(arm_mode(env), ARM_MODE_SVC);
    cr_assert_eq(env->regs[13], 0x5000);
    cr_assert_eq(env->banked_r13[ARM_BANK_IRQ], 0x100);
}

Test(arm_sys_exec, spsr_read_write)
{
    static const uint32_t p[] = {
        0xe16ff002, /* msr  spsr_fsxc, r2 */
        0xe14f3000, /* mrs  r3, spsr */
        SVC0,
    };
    put_arm(CODE, p, 3);
    env->regs[2] = 0x800001d0u;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[3], 0x800001d0u);
    cr_assert_eq(env->banked_spsr[ARM_BANK_SVC], 0x800001d0u);
}

Test(arm_sys_exec, user_mode_msr_writes_flags_only)
{
    static const uint32_t p[] = {
        0xe329f0df, /* msr  cpsr_fc, #0xdf  (PL0: the c byte is ignored) */
        0xe14f3000, /* mrs  r3, spsr: UNDEFINED at PL0 */
    };
    put_arm(CODE, p, 2);
    arm_switch_mode(env, ARM_MODE_USR);
    env->cpsr_other &= ~(CPSR_A | CPSR_I | CPSR_F);
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE + 4);
    cr_assert_eq(arm_mode(env), ARM_MODE_USR);
    cr_assert_eq(env->cpsr_other & (CPSR_I | CPSR_F), 0);
}

Test(arm_sys_exec, cps_masks_and_mode)
{
    static const uint32_t p[] = {
        0xf10800c0, /* cpsie if */
        0xe10f0000, /* mrs  r0, cpsr */
        0xf1020012, /* cps  #0x12 */
        SVC0,
    };
    put_arm(CODE, p, 4);
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0x113, "I and F cleared, A kept");
    cr_assert_eq(arm_mode(env), ARM_MODE_IRQ);
}

Test(arm_sys_exec, unmasking_a_pending_interrupt_returns_to_the_loop)
{
    static const uint32_t p[] = {
        0xf1080080, /* cpsie i */
        0xe3a00001, /* mov r0, #1 */
        SVC0,
    };
    put_arm(CODE, p, 3);
    env->common.interrupt_request = CPU_INTERRUPT_HARD; /* asserted while masked */
    cr_assert_eq(run(), EXCP_INTERRUPT, "the loop gets to take the IRQ");
    cr_assert_eq(env->regs[15], CODE + 4);
    cr_assert_eq(env->regs[0], 0, "before the next insn");
    cr_assert_eq(env->cpsr_other & CPSR_I, 0);
}

/* -- Exception returns -- */

Test(arm_sys_exec, movs_pc_lr_returns_to_user)
{
    static const uint32_t p[] = { 0xe1b0f00e }; /* movs pc, lr */
    static const uint32_t u[] = { 0xe10f0000, SVC0 }; /* mrs r0, cpsr; svc 0 */
    put_arm(CODE, p, 1);
    put_arm(CODE + 0x100, u, 2);
    env->regs[14] = CODE + 0x100;
    env->banked_spsr[ARM_BANK_SVC] = 0x60000010u; /* USR, Z and C */
    env->banked_r13[ARM_BANK_USR] = 0x7000;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(arm_mode(env), ARM_MODE_USR);
    cr_assert_eq(env->regs[15], CODE + 0x108);
    cr_assert_eq(env->regs[0], 0x60000010u);
    cr_assert_eq(env->regs[13], 0x7000);
}

Test(arm_sys_exec, eret_returns_like_subs_pc_lr)
{
    static const uint32_t p[] = { 0xe160006e }; /* eret */
    static const uint32_t u[] = { SVC0 };
    put_arm(CODE, p, 1);
    put_arm(CODE + 0x100, u, 1);
    env->regs[14] = CODE + 0x100;
    env->banked_spsr[ARM_BANK_SVC] = 0x1d7u; /* ABT */
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(arm_mode(env), ARM_MODE_ABT);
    cr_assert_eq(env->regs[15], CODE + 0x104);
}

Test(arm_sys_exec, subs_pc_lr_into_thumb)
{
    static const uint32_t p[] = { 0xe25ef004 }; /* subs pc, lr, #4 */
    static const uint16_t t[] = { 0xdf00 };     /* svc 0 */
    put_arm(CODE, p, 1);
    put_thumb(CODE + 0x200, t, 1);
    env->regs[14] = CODE + 0x204;
    env->banked_spsr[ARM_BANK_SVC] = 0x00000030u; /* USR, Thumb */
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->thumb, 1);
    cr_assert_eq(env->regs[15], CODE + 0x202);
}

Test(arm_sys_exec, ldm_with_pc_and_caret_returns)
{
    static const uint32_t p[] = { 0xe8fd8001 }; /* ldmia sp!, {r0, pc}^ */
    uint32_t stack[2] = { 0x1234, CODE + 0x100 };
    static const uint32_t u[] = { SVC0 };
    put_arm(CODE, p, 1);
    put_arm(CODE + 0x100, u, 1);
    memcpy(g2h(DATA), stack, 8);
    env->regs[13] = DATA;
    env->banked_spsr[ARM_BANK_SVC] = 0x1d2u; /* IRQ */
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0x1234);
    cr_assert_eq(arm_mode(env), ARM_MODE_IRQ);
    cr_assert_eq(env->banked_r13[ARM_BANK_SVC], DATA + 8, "writeback in the old mode");
}

Test(arm_sys_exec, stm_ldm_user_registers)
{
    static const uint32_t p[] = {
        0xe8c06000, /* stmia r0, {sp, lr}^ */
        0xe8d10018, /* ldmia r1, {r3, r4}^ */
        SVC0,
    };
    put_arm(CODE, p, 3);
    env->regs[0] = DATA;
    env->regs[1] = DATA;
    env->regs[13] = 0x5000;
    env->banked_r13[ARM_BANK_USR] = 0xaaaa;
    env->banked_r14[ARM_BANK_USR] = 0xbbbb;
    cr_assert_eq(run(), EXCP_SWI);
    uint32_t mem[2];
    memcpy(mem, g2h(DATA), 8);
    cr_assert_eq(mem[0], 0xaaaa);
    cr_assert_eq(mem[1], 0xbbbb);
    cr_assert_eq(env->regs[13], 0x5000, "SVC's own sp is untouched");
    cr_assert_eq(env->regs[3], 0xaaaa);
}

Test(arm_sys_exec, srs_then_rfe)
{
    static const uint32_t p[] = {
        0xf96d0513, /* srsdb sp!, #0x13 */
        0xf8bd0a00, /* rfeia sp! */
    };
    static const uint32_t u[] = { SVC0 };
    put_arm(CODE, p, 2);
    put_arm(CODE + 0x300, u, 1);
    env->regs[13] = DATA + 0x100;
    env->regs[14] = CODE + 0x300;
    env->banked_spsr[ARM_BANK_SVC] = 0x1dfu; /* SYS */
    cr_assert_eq(run(), EXCP_SWI);
    uint32_t mem[2];
    memcpy(mem, g2h(DATA + 0xf8), 8);
    cr_assert_eq(mem[0], CODE + 0x300);
    cr_assert_eq(mem[1], 0x1df);
    cr_assert_eq(arm_mode(env), ARM_MODE_SYS);
    cr_assert_eq(env->regs[15], CODE + 0x304);
    cr_assert_eq(env->banked_r13[ARM_BANK_SVC], DATA + 0x100, "srs wrote back -8, rfe +8");
}

/* -- Coprocessor registers -- */

Test(arm_sys_exec, mrc_mcr_mcrr_mrrc)
{
    static const uint32_t p[] = {
        0xee100f10, /* mrc  p15, 0, r0, c0, c0, 0   MIDR */
        0xee021f10, /* mcr  p15, 0, r1, c2, c0, 0   TTBR0 */
        0xec432f02, /* mcrr p15, 0, r2, r3, c2      TTBR0 (64-bit) */
        0xec554f02, /* mrrc p15, 0, r4, r5, c2 */
        0xee1d6f70, /* mrc  p15, 0, r6, c13, c0, 3  TPIDRURO */
        SVC0,
    };
    put_arm(CODE, p, 6);
    env->regs[1] = 0x80004000u;
    env->regs[2] = 0x80008000u;
    env->regs[3] = 0x12;
    env->tpidruro = 0xfeed;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0x414fc0f0u);
    cr_assert_eq(env->cp15.ttbr0, 0x1280008000ull);
    cr_assert_eq(env->regs[4], 0x80008000u);
    cr_assert_eq(env->regs[5], 0x12);
    cr_assert_eq(env->regs[6], 0xfeed);
    cr_assert_eq(n_flush, 2);
}

Test(arm_sys_exec, mrc_to_apsr_nzcv_keeps_q)
{
    static const uint32_t p[] = {
        0xee10fe11, /* mrc p14, 0, APSR_nzcv, c0, c1, 0   DBGDSCRint */
        0xe10f0000, /* mrs r0, cpsr */
        SVC0,
    };
    put_arm(CODE, p, 3);
    env->cp15.dbgdscr = 0x60000000u; /* Z and C */
    env->QF = 1;
    env->NF = 0x80000000u;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0] & 0xf8000000u, 0x68000000u, "Z C and Q: %08x", env->regs[0]);
}

Test(arm_sys_exec, tlb_maintenance_from_code)
{
    static const uint32_t p[] = {
        0xee080f17, /* mcr p15, 0, r0, c8, c7, 0   TLBIALL */
        0xee081f37, /* mcr p15, 0, r1, c8, c7, 1   TLBIMVA */
        0xee070f15, /* mcr p15, 0, r0, c7, c5, 0   ICIALLU */
        SVC0,
    };
    put_arm(CODE, p, 4);
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(n_flush, 1);
    cr_assert_eq(n_flush_page, 1);
}

Test(arm_sys_exec, privileged_coprocessor_access_from_user_is_undefined)
{
    static const uint32_t p[] = {
        0xee1d6f70, /* mrc  p15, 0, r6, c13, c0, 3  TPIDRURO: allowed */
        0xee110f10, /* mrc  p15, 0, r0, c1, c0, 0   SCTLR: UNDEFINED */
    };
    put_arm(CODE, p, 2);
    env->tpidruro = 0x42;
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[6], 0x42);
    cr_assert_eq(env->regs[15], CODE + 4);
}

Test(arm_sys_exec, timer_from_user_needs_cntkctl)
{
    static const uint32_t p[] = { 0xec510f1e }; /* mrrc p15, 1, r0, r1, c14  CNTVCT */
    put_arm(CODE, p, 1);
    arm_switch_mode(env, ARM_MODE_USR);
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE);
}

/* -- VFP enable -- */

Test(arm_sys_exec, vfp_traps_until_enabled)
{
    static const uint32_t p[] = {
        0xeef80a10, /* vmrs r0, fpexc  (PL1: needs CPACR, not FPEXC.EN) */
        0xee300a81, /* vadd.f32 s0, s1, s2: UNDEFINED */
    };
    put_arm(CODE, p, 2);
    cr_assert_eq(run(), EXCP_UDEF, "no CPACR grant: even FPEXC is UNDEFINED");
    cr_assert_eq(env->regs[15], CODE);
    env->cp15.cpacr = 0x00f00000u;
    env->regs[0] = 0x55;
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE + 4);
    cr_assert_eq(env->regs[0], 0);
}

Test(arm_sys_exec, vfp_runs_once_enabled)
{
    static const uint32_t p[] = {
        0xee111f50, /* mrc  p15, 0, r1, c1, c0, 2   CPACR */
        0xe381160f, /* orr  r1, r1, #0xf00000 */
        0xee011f50, /* mcr  p15, 0, r1, c1, c0, 2 */
        0xe3a01101, /* mov  r1, #0x40000000 */
        0xeee81a10, /* vmsr fpexc, r1 */
        0xee300a81, /* vadd.f32 s0, s1, s2 */
        SVC0,
    };
    put_arm(CODE, p, 7);
    float one = 1.0f, two = 2.0f;
    memcpy((char *)env->vfp_d + 4, &one, 4); /* s1 */
    memcpy((char *)&env->vfp_d[1], &two, 4); /* s2 */
    cr_assert_eq(run(), EXCP_SWI);
    float r;
    memcpy(&r, env->vfp_d, 4);
    cr_assert_eq(r, 3.0f);
    cr_assert_eq(env->fpexc, 0x40000000u);
}

/* -- Calls and waiting -- */

Test(arm_sys_exec, hvc_and_smc_raise_at_the_next_insn)
{
    static const uint32_t p[] = { 0xe1400070 }; /* hvc #0 */
    static const uint32_t q[] = { 0xe1600070 }; /* smc #0 */
    /* All code is in place before the first run: the page of a
     * translated block is write-protected. */
    put_arm(CODE, p, 1);
    put_arm(CODE + 0x40, q, 1);
    cr_assert_eq(run(), EXCP_HVC);
    cr_assert_eq(env->regs[15], CODE + 4);
    env->regs[15] = CODE + 0x40;
    cr_assert_eq(run(), EXCP_SMC);
    arm_switch_mode(env, ARM_MODE_USR);
    env->regs[15] = CODE;
    cr_assert_eq(run(), EXCP_UDEF, "hvc is UNDEFINED at PL0 (a TB of its own: the flags differ)");
}

Test(arm_sys_exec, wfi_halts_without_work)
{
    static const uint32_t p[] = { 0xe320f003, SVC0 }; /* wfi */
    put_arm(CODE, p, 2);
    cr_assert_eq(run(), EXCP_HALTED);
    cr_assert(env->common.halted);
    cr_assert_eq(env->regs[15], CODE + 4);
    env->common.halted = false;
    env->common.interrupt_request = CPU_INTERRUPT_HARD; /* masked, but work */
    env->regs[15] = CODE;
    cr_assert_eq(run(), EXCP_SWI, "wfi is a no-op with an interrupt asserted");
    cr_assert_not(env->common.halted);
}

/* -- Thumb -- */

Test(arm_sys_exec, thumb_mrs_cps_and_subs_pc_lr)
{
    static const uint16_t p[] = {
        0xf3ef, 0x8000, /* mrs  r0, cpsr */
        0xb662,         /* cpsie i */
        0xf3ef, 0x8100, /* mrs  r1, cpsr */
        0xf3de, 0x8f00, /* subs pc, lr, #0 */
    };
    static const uint32_t u[] = { SVC0 };
    put_thumb(CODE, p, 7);
    put_arm(CODE + 0x100, u, 1);
    env->thumb = 1;
    env->regs[14] = CODE + 0x100;
    env->banked_spsr[ARM_BANK_SVC] = 0x10;
    cr_assert_eq(run(), EXCP_SWI);
    cr_assert_eq(env->regs[0], 0x1d3);
    cr_assert_eq(env->regs[1], 0x153);
    cr_assert_eq(arm_mode(env), ARM_MODE_USR);
    cr_assert_eq(env->thumb, 0);
}

Test(arm_sys_exec, thumb_vfp_traps_when_disabled)
{
    static const uint16_t p[] = { 0xee30, 0x0a81 }; /* vadd.f32 s0, s1, s2 */
    put_thumb(CODE, p, 2);
    env->thumb = 1;
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE);
}

Test(arm_sys_exec, thumb_coprocessor_hvc_srs_rfe)
{
    static const uint16_t p[] = {
        0xee10, 0x0f10, /* mrc  p15, 0, r0, c0, c0, 0   MIDR */
        0xec43, 0x2f02, /* mcrr p15, 0, r2, r3, c2      TTBR0 */
        0xe82d, 0xc013, /* srsdb sp!, #0x13 */
        0xe9bd, 0xc000, /* rfeia sp! */
    };
    static const uint16_t q[] = { 0xf7e0, 0x8000 }; /* hvc #0 */
    put_thumb(CODE, p, 8);
    put_thumb(CODE + 0x300, q, 2);
    env->thumb = 1;
    env->regs[2] = 0x4000;
    env->regs[3] = 0x1;
    env->regs[13] = DATA + 0x100;
    env->regs[14] = CODE + 0x301;
    env->banked_spsr[ARM_BANK_SVC] = 0x1f3u; /* SVC, Thumb */
    cr_assert_eq(run(), EXCP_HVC);
    cr_assert_eq(env->regs[0], 0x414fc0f0u);
    cr_assert_eq(env->cp15.ttbr0, 0x100004000ull);
    cr_assert_eq(env->thumb, 1);
    cr_assert_eq(env->regs[15], CODE + 0x304);
    cr_assert_eq(env->regs[13], DATA + 0x100);
}

Test(arm_sys_exec, timer_from_user_with_cntkctl)
{
    static const uint32_t p[] = { 0xec510f1e, SVC0 }; /* mrrc p15, 1, r0, r1, c14  CNTVCT */
    put_arm(CODE, p, 2);
    arm_switch_mode(env, ARM_MODE_USR);
    env->cntkctl = 2; /* PL0VCTEN */
    uint64_t before = arm_gt_count(env);
    cr_assert_eq(run(), EXCP_SWI);
    uint64_t got = (uint64_t)env->regs[1] << 32 | env->regs[0];
    cr_assert(got >= before && got <= arm_gt_count(env));
}

/* -- The IR: mmu index and alignment of guest accesses -- */

/* Translates the insn at CODE with TB flags, returns the cargs (memop,
 * mmu index) of its first guest load or store. */
static void first_access(uint32_t flags, unsigned *memop, int *mmu_idx)
{
    IRContext ir;
    TranslationBlock tb = { .pc = CODE, .flags = flags };
    ir_context_init(&ir, 5);
    arm_guest_arch.init_globals(&ir);
    arm_translate(&env->common, &tb, &ir, 1);
    *mmu_idx = -1;
    for (uint32_t i = 0; i < ir.nb_ops; i++) {
        IROp *op = &ir.ops[i];
        if (op->opc == IR_OP_guest_ld || op->opc == IR_OP_guest_st) {
            *memop = (unsigned)ir_op_cargs(op)[0];
            *mmu_idx = (int)ir_op_cargs(op)[1];
            break;
        }
    }
    ir_context_free(&ir);
}

Test(arm_sys_exec, accesses_carry_the_privilege_and_alignment)
{
    static const uint32_t ldr[] = { 0xe5910000 };   /* ldr  r0, [r1] */
    static const uint32_t ldrt[] = { 0xe4b10000 };  /* ldrt r0, [r1], #0 */
    unsigned mo;
    int idx;
    put_arm(CODE, ldr, 1);
    first_access(ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV, &mo, &idx);
    cr_assert_eq(idx, ARM_MMU_IDX_PL1);
    cr_assert_eq(mo & MO_ALIGN, 0);
    first_access(ARM_TBFLAG_SYS, &mo, &idx);
    cr_assert_eq(idx, ARM_MMU_IDX_PL0);
    first_access(ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV | ARM_TBFLAG_ALIGN, &mo, &idx);
    cr_assert_eq(mo & MO_ALIGN, MO_ALIGN, "SCTLR.A checks every access");
    put_arm(CODE, ldrt, 1);
    first_access(ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV, &mo, &idx);
    cr_assert_eq(idx, ARM_MMU_IDX_PL0, "ldrt accesses as PL0");
    first_access(0, &mo, &idx);
    cr_assert_eq(idx, 0, "user mode: one index");
}

Test(arm_sys_exec, thumb_ldrt_is_pl0)
{
    static const uint16_t p[] = { 0xf851, 0x0e04 }; /* ldrt r0, [r1, #4] */
    unsigned mo;
    int idx;
    put_thumb(CODE, p, 2);
    first_access(ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV | ARM_TBFLAG_THUMB, &mo, &idx);
    cr_assert_eq(idx, ARM_MMU_IDX_PL0);
    static const uint16_t q[] = { 0xf851, 0x0c04 }; /* ldr r0, [r1, #-4] */
    put_thumb(CODE, q, 2);
    first_access(ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV | ARM_TBFLAG_THUMB, &mo, &idx);
    cr_assert_eq(idx, ARM_MMU_IDX_PL1);
}

/* -- User mode keeps its behaviour -- */

Test(arm_sys_exec, user_mode_is_unchanged)
{
    static const uint32_t p[] = {
        0xf10800c0, /* cpsie if: a no-op */
        0xe320f003, /* wfi: a no-op */
        0xee300a81, /* vadd.f32: VFP always on */
        0xee021f10, /* mcr p15, 0, r1, c2, c0, 0: UNDEFINED */
    };
    put_arm(CODE, p, 4);
    memset(env, 0, offsetof(CPUARMState, sysmode) + sizeof(env->sysmode));
    arm_cpu_reset(env);
    env->common.arch = &arm_guest_arch;
    env->sysmode = 0;
    env->regs[15] = CODE;
    cr_assert_eq(run(), EXCP_UDEF);
    cr_assert_eq(env->regs[15], CODE + 12);
    cr_assert_eq(n_flush, 0);
}

#include "arm_sys_summary.h"
