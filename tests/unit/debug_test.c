/*
 * Debugger support in the core: translation-time breakpoints, single-step
 * TBs, and the GDB stub's signal numbering.
 *
 * The guest is a small toy ISA of 4-byte little-endian insns, opcode in
 * byte 0 (as in tb_test.c):
 *   01 imm24   acc += imm
 *   02 imm24   jump to imm (goto_tb)
 *   03 imm24   raise exception 0x42 + imm
 *   05 ------  jump to acc (goto_ptr through the TB lookup)
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "linux-user/user.h"
#include "xrun/gdbstub.h"
#include "xrun/guest.h"
#include "xrun/tb.h"
#include "xrun/translator.h"

typedef struct ToyState {
    CPUState common;
    uint64_t pc;
    uint64_t acc;
} ToyState;

typedef struct ToyDisas {
    DisasContextBase base;
} ToyDisas;

static IRTemp g_pc, g_acc;

static void toy_init_globals(IRContext *ir)
{
    g_pc = ir_global(ir, IR_I64, offsetof(ToyState, pc), "pc");
    g_acc = ir_global(ir, IR_I64, offsetof(ToyState, acc), "acc");
}

static void toy_get_tb_key(CPUState *cpu, uint64_t *pc, uint32_t *flags)
{
    *pc = ((ToyState *)cpu)->pc;
    *flags = 0;
}

static void toy_nothing(DisasContextBase *db, CPUState *cpu) {}
static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    ir_insn_start(db->ir, db->pc_next, 0);
}

static void toy_goto(DisasContextBase *db, unsigned slot, uint64_t dest)
{
    ir_goto_tb(db->ir, slot);
    ir_movi(db->ir, IR_I64, g_pc, (int64_t)dest);
    ir_exit_tb(db->ir, (uintptr_t)db->tb | slot);
    db->is_jmp = DISAS_NORETURN;
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    IRContext *ir = db->ir;
    uint32_t insn = translator_ldl(cpu, db->pc_next);
    uint32_t imm = insn >> 8;
    db->pc_next += 4;
    switch (insn & 0xff) {
    case 1:
        ir_addi(ir, IR_I64, g_acc, g_acc, imm);
        break;
    case 2:
        toy_goto(db, 0, imm);
        break;
    case 5: {
        ir_mov(ir, IR_I64, g_pc, g_acc);
        IRTemp p = ir_new_i64(ir);
        ir_callN(ir, helper_lookup_tb_ptr, 0, p, IR_ENV);
        ir_goto_ptr(ir, p);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    default:
        ir_movi(ir, IR_I64, g_pc, (int64_t)db->pc_next);
        ir_callN(ir, helper_raise_exception, 0, IR_NO_TEMP, IR_ENV,
                 ir_const_i32(ir, (int32_t)(0x42 + ((insn & 0xff) == 3 ? imm : 0x57))));
        db->is_jmp = DISAS_NORETURN;
        break;
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY)
        toy_goto(db, 0, db->pc_next);
}

static const TranslatorOps toy_ops = {
    .init_disas_context = toy_nothing,
    .tb_start = toy_nothing,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns)
{
    ToyDisas d;
    translator_loop(&toy_ops, &d.base, cpu, tb, ir, max_insns);
}

static void toy_restore_state(CPUState *cpu, const uint64_t data[2])
{
    ((ToyState *)cpu)->pc = data[0];
}

static const GuestArch toy_arch = {
    .name = "toy",
    .env_size = sizeof(ToyState),
    .insn_start_words = 1,
    .init_globals = toy_init_globals,
    .get_tb_key = toy_get_tb_key,
    .translate = toy_translate,
    .restore_state = toy_restore_state,
};

/* -- Fixture: one code page at 0x10000 -- */

#define CODE 0x10000u
static ToyState *cpu;

static void put(uint64_t addr, uint32_t op, uint32_t imm)
{
    *(uint32_t *)g2h(addr) = op | imm << 8;
}

/* Writes to a page holding translated code fault: unprotect and replay. */
static void segv_handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    if (page_unprotect(h2g(si->si_addr), (uintptr_t)uc->uc_mcontext.gregs[REG_RIP]) == 0)
        abort();
}

static void setup(void)
{
    static bool once;
    if (!once) {
        once = true;
        cr_assert_eq(guest_space_init(32), 0);
        tb_init(16u << 20);
        struct sigaction sa = {.sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO | SA_NODEFER};
        sigaction(SIGSEGV, &sa, NULL);
    }
    tb_flush();
    cpu_breakpoint_remove_all();
    abi_long a = target_mmap(CODE, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_assert_eq(a, CODE);
    memset(g2h(CODE), 0xff, 0x1000);
    cpu = calloc(1, sizeof(*cpu));
    cpu->common.arch = &toy_arch;
    cpu->pc = CODE;
}

static void teardown(void)
{
    target_munmap(CODE, 0x1000);
    tb_jc_free(cpu->common.jc);
    free(cpu);
}

TestSuite(debug, .init = setup, .fini = teardown);

/* add 5; add 7; add 9; raise 0x42 */
static void put_adds(void)
{
    put(CODE, 1, 5);
    put(CODE + 4, 1, 7);
    put(CODE + 8, 1, 9);
    put(CODE + 12, 3, 0);
}

Test(debug, breakpoint_stops_before_its_insn)
{
    put_adds();
    cr_assert_eq(cpu_breakpoint_insert(CODE + 8), 0);
    cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG);
    cr_assert_eq(cpu->acc, 12, "the insns before the breakpoint ran");
    cr_assert_eq(cpu->pc, CODE + 8);
    /* Still there: resuming stops again at once. */
    cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG);
    cr_assert_eq(cpu->acc, 12);
    cr_assert_eq(cpu_breakpoint_remove(CODE + 8), 0);
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cr_assert_eq(cpu->acc, 21);
}

Test(debug, breakpoint_at_block_start)
{
    put_adds();
    cpu_breakpoint_insert(CODE);
    cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG);
    cr_assert_eq(cpu->acc, 0);
    cr_assert_eq(cpu->pc, CODE);
}

Test(debug, breakpoint_in_code_already_translated)
{
    put_adds();
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cr_assert_eq(cpu->acc, 21);
    cpu->pc = CODE;
    cpu_breakpoint_insert(CODE + 4);
    cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG, "the old block was dropped");
    cr_assert_eq(cpu->acc, 26);
    cr_assert_eq(cpu->pc, CODE + 4);
}

Test(debug, breakpoint_table_semantics)
{
    cr_assert_eq(cpu_breakpoint_remove(CODE), -1, "nothing to remove");
    cr_assert_eq(cpu_breakpoint_insert(CODE), 0);
    cr_assert_eq(cpu_breakpoint_insert(CODE), 0, "inserting twice is harmless");
    cr_assert(cpu_breakpoint_at(CODE));
    cr_assert_not(cpu_breakpoint_at(CODE + 4));
    cr_assert_eq(cpu_breakpoint_remove(CODE), 0);
    cr_assert_not(cpu_breakpoint_at(CODE));
}

Test(debug, singlestep_runs_one_insn_per_exec)
{
    put_adds();
    cpu->common.singlestep = true;
    uint64_t want_acc[] = {5, 12, 21};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG);
        cr_assert_eq(cpu->acc, want_acc[i]);
        cr_assert_eq(cpu->pc, CODE + 4 * (i + 1));
    }
    /* An insn that raises reports its own exception. */
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cpu->common.singlestep = false;
}

Test(debug, singlestep_across_jumps)
{
    /* CODE: add 0x20 (acc = CODE + 0x20 after the next add); jmp CODE+0x10 */
    put(CODE, 1, CODE + 0x20);
    put(CODE + 4, 2, CODE + 0x10);
    put(CODE + 0x10, 5, 0); /* jump to acc = CODE + 0x20 */
    put(CODE + 0x20, 1, 1);
    put(CODE + 0x24, 3, 0);
    /* Warm the jump cache so that goto_ptr could go on without the loop. */
    for (int run = 0; run < 3; run++) {
        cpu->pc = CODE;
        cpu->acc = 0;
        cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    }
    cpu->pc = CODE;
    cpu->acc = 0;
    cpu->common.singlestep = true;
    uint64_t want_pc[] = {CODE + 4, CODE + 0x10, CODE + 0x20, CODE + 0x24};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(cpu_exec(&cpu->common), EXCP_DEBUG, "step %d", i);
        cr_assert_eq(cpu->pc, want_pc[i], "step %d: pc %#llx", i, (unsigned long long)cpu->pc);
    }
    cr_assert_eq(cpu->acc, CODE + 0x21);
    cpu->common.singlestep = false;
}

Test(debug, gdb_signal_numbers)
{
    cr_assert_eq(gdb_signal_from_host(SIGTRAP), 5);
    cr_assert_eq(gdb_signal_from_host(SIGSEGV), 11);
    cr_assert_eq(gdb_signal_from_host(SIGBUS), 10);
    cr_assert_eq(gdb_signal_from_host(SIGUSR1), 30);
    cr_assert_eq(gdb_signal_from_host(SIGCHLD), 20);
    for (int s = 1; s < 32; s++)
        if (s != 16) /* SIGSTKFLT has no gdb number */
            cr_assert_eq(gdb_signal_to_host(gdb_signal_from_host(s)), s, "signal %d", s);
    for (int s = 33; s < 64; s++)
        cr_assert_eq(gdb_signal_to_host(gdb_signal_from_host(s)), s, "signal %d", s);
}
