/*
 * The AArch64 guest as the core sees it: a64_guest_arch (globals, TB key,
 * state restore, register dump, disassembly) and the NZCV view of the
 * split flag fields.
 *
 * User mode runs at EL0 only, so the TB key is the pc and whether FPCR
 * asks for round-to-nearest without flush-to-zero (A64_TB_FP_NEAREST):
 * MSR FPCR is the one EL0 insn that changes how the next insns translate,
 * and it ends its TB with a return to the exec loop.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "frontends/arm/a64-translate.h"
#include "xrun/guestmem.h"

/* -- NZCV -- */

uint32_t a64_nzcv_read(const CPUA64State *env)
{
    return (uint32_t)(env->NF >> 63) << 31 | (uint32_t)(env->ZF == 0) << 30 | (uint32_t)(env->CF & 1) << 29 |
           (uint32_t)(env->VF >> 63) << 28;
}

void a64_nzcv_write(CPUA64State *env, uint32_t val)
{
    env->NF = (uint64_t)(val >> 31) << 63;
    env->ZF = !((val >> 30) & 1);
    env->CF = (val >> 29) & 1;
    env->VF = (uint64_t)((val >> 28) & 1) << 63;
}

void a64_cpu_reset(CPUA64State *env)
{
    memset(env->xregs, 0, sizeof(env->xregs));
    memset(env->vregs, 0, sizeof(env->vregs));
    env->pc = 0;
    a64_nzcv_write(env, 0);
    env->tpidr_el0 = env->tpidrro_el0 = 0;
    env->fpcr = env->fpsr = 0;
    env->exclusive_addr = UINT64_MAX;
    env->exclusive_val = env->exclusive_high = 0;
    env->svc_imm = 0;
    env->features = A64_FEATURES_DEFAULT;
    env->midr = A64_MIDR;
}

/* -- GuestArch hooks -- */

static void a64_init_globals(IRContext *ir)
{
    static char names[31][4];
    for (int i = 0; i < 31; i++) {
        snprintf(names[i], sizeof(names[i]), "x%d", i);
        a64_cpu_X[i] = ir_global(ir, IR_I64, A64_ENV_OFS(xregs[i]), names[i]);
    }
    a64_cpu_X[31] = ir_global(ir, IR_I64, A64_ENV_OFS(xregs[31]), "sp");
    a64_cpu_pc = ir_global(ir, IR_I64, A64_ENV_OFS(pc), "pc");
    a64_cpu_NF = ir_global(ir, IR_I64, A64_ENV_OFS(NF), "NF");
    a64_cpu_ZF = ir_global(ir, IR_I64, A64_ENV_OFS(ZF), "ZF");
    a64_cpu_CF = ir_global(ir, IR_I64, A64_ENV_OFS(CF), "CF");
    a64_cpu_VF = ir_global(ir, IR_I64, A64_ENV_OFS(VF), "VF");
    a64_cpu_excl_addr = ir_global(ir, IR_I64, A64_ENV_OFS(exclusive_addr), "excl_addr");
    a64_cpu_excl_val = ir_global(ir, IR_I64, A64_ENV_OFS(exclusive_val), "excl_val");
    a64_cpu_excl_high = ir_global(ir, IR_I64, A64_ENV_OFS(exclusive_high), "excl_high");
}

static void a64_get_tb_key(CPUState *cpu, uint64_t *pc, uint32_t *flags)
{
    const CPUA64State *env = (const CPUA64State *)cpu;
    *pc = env->pc;
    /* FPCR.RMode (23:22) and FZ (24) */
    *flags = (env->fpcr & (7u << 22)) == 0 ? A64_TB_FP_NEAREST : 0;
}

static void a64_restore_state(CPUState *cpu, const uint64_t data[2])
{
    ((CPUA64State *)cpu)->pc = data[0];
}

static void a64_dump_state(CPUState *cpu, void *file)
{
    CPUA64State *env = (CPUA64State *)cpu;
    FILE *f = file;
    for (int i = 0; i < 31; i++) {
        fprintf(f, "X%02d=%016" PRIx64 "%s", i, env->xregs[i], (i % 4 == 3) ? "\n" : " ");
    }
    fprintf(f, " SP=%016" PRIx64 "\n", env->xregs[31]);
    uint32_t nzcv = a64_nzcv_read(env);
    fprintf(f, "PC=%016" PRIx64 " NZCV=%c%c%c%c EL0 TPIDR=%016" PRIx64 " FPCR=%08" PRIx32 " FPSR=%08" PRIx32 "\n",
            env->pc, nzcv & (1u << 31) ? 'N' : '-', nzcv & (1u << 30) ? 'Z' : '-', nzcv & (1u << 29) ? 'C' : '-',
            nzcv & (1u << 28) ? 'V' : '-', env->tpidr_el0, env->fpcr, a64_fpsr_read(env));
}

/* One capstone handle, opened on first use (the tb lock serialises us). */
static int a64_disas(CPUState *cpu, uint64_t pc, uint32_t flags, char *buf, unsigned len)
{
    static csh handle;
    static bool opened;
    if (!opened) {
        if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) != CS_ERR_OK) {
            snprintf(buf, len, "(capstone unavailable)");
            return 4;
        }
        opened = true;
    }
    cs_insn *insn = NULL;
    size_t n = 0;
    uint8_t code[4];
    if (guest_mem_ops->fetch_code(cpu, pc, code, 4)) {
        n = cs_disasm(handle, code, 4, pc, 1, &insn);
    }
    if (n == 0) {
        snprintf(buf, len, ".word (undecodable)");
        return 4;
    }
    snprintf(buf, len, "%s %s", insn[0].mnemonic, insn[0].op_str);
    cs_free(insn, n);
    return 4;
}

const GuestArch a64_guest_arch = {
    .name = "aarch64",
    .env_size = sizeof(CPUA64State),
    .insn_start_words = 1,
    .init_globals = a64_init_globals,
    .get_tb_key = a64_get_tb_key,
    .translate = a64_translate,
    .restore_state = a64_restore_state,
    .dump_state = a64_dump_state,
    .disas = a64_disas,
};
