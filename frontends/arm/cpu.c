/*
 * The AArch32 guest as the core sees it: arm_guest_arch (globals, TB key,
 * state restore, register dump, disassembly) and the CPSR view of the
 * split flag fields.
 *
 * CPSR layout (ARM DDI 0406C B1.3.3) and where each part lives:
 *     31 N  30 Z  29 C  28 V  27 Q    NF, ZF, CF, VF, QF
 *     26:25 IT[1:0], 15:10 IT[7:2]    condexec_bits
 *     19:16 GE                        GE
 *     9 E, 8 A, 7 I, 6 F, 4:0 M       cpsr_other
 *     5 T                             thumb
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "frontends/arm/translate.h"
#include "xrun/guest.h"
#include "xrun/guestmem.h"


IRTemp cpu_R[16];
IRTemp cpu_NF, cpu_ZF, cpu_CF, cpu_VF, cpu_QF, cpu_GE;
IRTemp cpu_exclusive_addr, cpu_exclusive_val;

enum {
    CPSR_NZCVQ = 0xf8000000u,
    CPSR_IT_1_0 = 0x06000000u,
    CPSR_GE = 0x000f0000u,
    CPSR_IT_7_2 = 0x0000fc00u,
    CPSR_T = 0x00000020u,
    CPSR_OTHER = 0x000003dfu,   /* E A I F and M[4:0] */
    CPSR_MODE_USR = 0x10u,
};

/* -- CPSR -- */

uint32_t arm_cpsr_read(const CPUARMState *env)
{
    uint32_t v = env->cpsr_other & CPSR_OTHER;
    v |= (env->NF & 0x80000000u);
    v |= (env->ZF == 0) << 30;
    v |= (env->CF & 1) << 29;
    v |= (env->VF >> 31) << 28;
    v |= (env->QF != 0) << 27;
    v |= (env->GE & 0xf) << 16;
    v |= (env->condexec_bits & 3) << 25;
    v |= (env->condexec_bits >> 2) << 10;
    v |= (env->thumb & 1) << 5;
    return v;
}

void arm_cpsr_write(CPUARMState *env, uint32_t val, uint32_t mask)
{
    if (mask & CPSR_NZCVQ) {
        env->NF = val & 0x80000000u;
        env->ZF = (~val >> 30) & 1;
        env->CF = (val >> 29) & 1;
        env->VF = (val << 3) & 0x80000000u;
        env->QF = (val >> 27) & 1;
    }
    if (mask & CPSR_GE) {
        env->GE = (val >> 16) & 0xf;
    }
    if (mask & (CPSR_IT_1_0 | CPSR_IT_7_2)) {
        env->condexec_bits = ((val >> 25) & 3) | (((val >> 10) & 0x3f) << 2);
    }
    if (mask & CPSR_T) {
        env->thumb = (val >> 5) & 1;
    }
    if (env->sysmode && (mask & CPSR_M)) {
        /* Banked registers follow the mode; an invalid mode is ignored. */
        arm_switch_mode(env, (int)(val & CPSR_M));
        mask &= ~(uint32_t)CPSR_M;
    }
    env->cpsr_other = (env->cpsr_other & ~(mask & CPSR_OTHER)) | (val & mask & CPSR_OTHER);
}

void arm_cpu_reset(CPUARMState *env)
{
    memset(env->regs, 0, sizeof(env->regs));
    env->NF = env->CF = env->VF = env->QF = env->GE = 0;
    env->ZF = 1;
    env->thumb = 0;
    env->condexec_bits = 0;
    env->cpsr_other = CPSR_MODE_USR;
    env->exclusive_addr = 0xffffffffu;
    env->exclusive_size = 0;
    env->exclusive_val = env->exclusive_high = 0;
    env->svc_imm = 0;
}

/* -- GuestArch hooks -- */

static void arm_init_globals(IRContext *ir)
{
    static const char *const names[16] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
    };
    for (int i = 0; i < 16; i++) {
        cpu_R[i] = ir_global(ir, IR_I32, ENV_OFS(regs[i]), names[i]);
    }
    cpu_NF = ir_global(ir, IR_I32, ENV_OFS(NF), "NF");
    cpu_ZF = ir_global(ir, IR_I32, ENV_OFS(ZF), "ZF");
    cpu_CF = ir_global(ir, IR_I32, ENV_OFS(CF), "CF");
    cpu_VF = ir_global(ir, IR_I32, ENV_OFS(VF), "VF");
    cpu_QF = ir_global(ir, IR_I32, ENV_OFS(QF), "QF");
    cpu_GE = ir_global(ir, IR_I32, ENV_OFS(GE), "GE");
    cpu_exclusive_addr = ir_global(ir, IR_I32, ENV_OFS(exclusive_addr), "excl_addr");
    cpu_exclusive_val = ir_global(ir, IR_I64, ENV_OFS(exclusive_val), "excl_val");
}

static void arm_get_tb_key(CPUState *cpu, uint64_t *pc, uint32_t *flags)
{
    CPUARMState *env = (CPUARMState *)cpu;
    uint32_t len = (env->fpscr >> 16) & 7, stride = (env->fpscr >> 20) & 3;
    *pc = env->regs[15];
    *flags = (env->thumb & 1) | (env->condexec_bits & 0xff) << ARM_TBFLAG_CONDEXEC_SHIFT |
             len << ARM_TBFLAG_VECLEN_SHIFT | stride << ARM_TBFLAG_VECSTRIDE_SHIFT;
    if (env->sysmode) {
        *flags |= arm_sys_tb_flags(env);
    }
}

static void arm_restore_state(CPUState *cpu, const uint64_t data[2])
{
    CPUARMState *env = (CPUARMState *)cpu;
    env->regs[15] = (uint32_t)data[0];
    env->condexec_bits = (uint32_t)data[1];
}

static void arm_dump_state(CPUState *cpu, void *file)
{
    CPUARMState *env = (CPUARMState *)cpu;
    FILE *f = file;
    for (int i = 0; i < 16; i++) {
        fprintf(f, "R%02d=%08" PRIx32 "%s", i, env->regs[i], (i % 4 == 3) ? "\n" : " ");
    }
    uint32_t psr = arm_cpsr_read(env);
    fprintf(f, "PSR=%08" PRIx32 " %c%c%c%c%c %s GE=%x\n", psr,
            psr & (1u << 31) ? 'N' : '-', psr & (1u << 30) ? 'Z' : '-',
            psr & (1u << 29) ? 'C' : '-', psr & (1u << 28) ? 'V' : '-',
            psr & (1u << 27) ? 'Q' : '-', env->thumb ? "T" : "A", env->GE & 0xf);
    if (env->sysmode) {
        static const char *const modes[32] = {
            [ARM_MODE_USR] = "usr", [ARM_MODE_FIQ] = "fiq", [ARM_MODE_IRQ] = "irq", [ARM_MODE_SVC] = "svc",
            [ARM_MODE_ABT] = "abt", [ARM_MODE_UND] = "und", [ARM_MODE_SYS] = "sys",
        };
        const char *m = modes[arm_mode(env)];
        fprintf(f, "mode=%s%s%s%s SPSR=%08" PRIx32 " SCTLR=%08" PRIx32 " TTBR0=%08" PRIx64 " DFSR=%08" PRIx32
                   " DFAR=%08" PRIx32 " IFSR=%08" PRIx32 " IFAR=%08" PRIx32 "\n",
                m ? m : "???", psr & CPSR_A ? " A" : "", psr & CPSR_I ? " I" : "", psr & CPSR_F ? " F" : "",
                arm_spsr_read(env), env->cp15.sctlr, env->cp15.ttbr0, env->cp15.dfsr, env->cp15.dfar,
                env->cp15.ifsr, env->cp15.ifar);
    }
}

/* One capstone handle per mode, opened on first use (the tb lock serialises us). */
static int arm_disas(CPUState *cpu, uint64_t pc, uint32_t flags, char *buf, unsigned len)
{
    static csh handles[2];
    static bool opened[2];
    int thumb = flags & ARM_TBFLAG_THUMB;
    if (!opened[thumb]) {
        /* V8: the ARMv8 AArch32 insns too (a superset of ARMv7). */
        cs_mode mode = (cs_mode)((thumb ? CS_MODE_THUMB : CS_MODE_ARM) | CS_MODE_V8);
        if (cs_open(CS_ARCH_ARM, mode, &handles[thumb]) != CS_ERR_OK) {
            snprintf(buf, len, "(capstone unavailable)");
            return thumb ? 2 : 4;
        }
        opened[thumb] = true;
    }
    cs_insn *insn = NULL;
    size_t n = 0;
    uint8_t code[4];
    if (guest_mem_ops->fetch_code(cpu, pc, code, 4))
        n = cs_disasm(handles[thumb], code, 4, pc, 1, &insn);
    else if (guest_mem_ops->fetch_code(cpu, pc, code, 2))
        n = cs_disasm(handles[thumb], code, 2, pc, 1, &insn);
    if (n == 0) {
        snprintf(buf, len, ".word (undecodable)");
        return thumb ? 2 : 4;
    }
    snprintf(buf, len, "%s %s", insn[0].mnemonic, insn[0].op_str);
    int size = insn[0].size;
    cs_free(insn, n);
    return size;
}

const GuestArch arm_guest_arch = {
    .name = "arm",
    .env_size = sizeof(CPUARMState),
    .insn_start_words = 2,
    .init_globals = arm_init_globals,
    .get_tb_key = arm_get_tb_key,
    .translate = arm_translate,
    .restore_state = arm_restore_state,
    .dump_state = arm_dump_state,
    .disas = arm_disas,
    .tlb_fill = arm_tlb_fill,
    .mmu_index = arm_mmu_index,
    .do_unaligned_access = arm_do_unaligned_access,
    .do_bus_error = arm_do_bus_error,
    .do_interrupt = arm_do_interrupt,
    .exec_interrupt = arm_exec_interrupt,
    .has_work = arm_has_work,
    .cpu_reset = arm_sys_reset,
};
