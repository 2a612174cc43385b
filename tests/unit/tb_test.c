/*
 * TB cache tests: lookup, chaining, invalidation and self-modifying code,
 * through the real pipeline (translator loop -> IR -> codegen -> host code).
 *
 * The guest is a toy ISA of 4-byte insns, little-endian, opcode in byte 0:
 *   01 imm24   acc += imm
 *   02 imm24   jump to imm (direct, goto_tb)
 *   03 imm24   raise exception 0x42 + imm
 *   04 imm24   store acc's low byte to guest address imm
 *   05 ------  jump to acc (indirect, goto_ptr)
 *   06 imm24   if acc != imm jump to pc + 8 else fall through (two goto_tb exits)
 * Anything else raises exception 0x99.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "linux-user/user.h"

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

static void toy_init_disas(DisasContextBase *db, CPUState *cpu) {}
static void toy_tb_start(DisasContextBase *db, CPUState *cpu) {}
static void toy_insn_start(DisasContextBase *db, CPUState *cpu) { ir_insn_start(db->ir, db->pc_next, 0); }

static void toy_goto(DisasContextBase *db, unsigned slot, uint64_t dest)
{
    ir_goto_tb(db->ir, slot);
    ir_movi(db->ir, IR_I64, g_pc, (int64_t)dest);
    ir_exit_tb(db->ir, (uintptr_t)db->tb | slot);
}

static void toy_raise(DisasContextBase *db, uint32_t excp)
{
    ir_movi(db->ir, IR_I64, g_pc, (int64_t)db->pc_next);
    ir_callN(db->ir, helper_raise_exception, 0, IR_NO_TEMP, IR_ENV, ir_const_i32(db->ir, (int32_t)excp));
    db->is_jmp = DISAS_NORETURN;
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    IRContext *ir = db->ir;
    uint64_t pc = db->pc_next;
    uint32_t insn = translator_ldl(cpu, pc);
    uint32_t imm = insn >> 8;
    db->pc_next += 4;
    switch (insn & 0xff) {
    case 1:
        ir_addi(ir, IR_I64, g_acc, g_acc, imm);
        break;
    case 2:
        toy_goto(db, 0, imm);
        db->is_jmp = DISAS_NORETURN;
        break;
    case 3:
        toy_raise(db, 0x42 + imm);
        break;
    case 4: {
        IRTemp addr = ir_const_i32(ir, (int32_t)imm);
        ir_guest_st(ir, IR_I64, g_acc, addr, MO_8, 0);
        break;
    }
    case 5: {
        ir_mov(ir, IR_I64, g_pc, g_acc);
        IRTemp p = ir_new_i64(ir);
        ir_callN(ir, helper_lookup_tb_ptr, 0, p, IR_ENV);
        ir_goto_ptr(ir, p);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    case 6: {
        int skip = ir_new_label(ir);
        ir_brcondi(ir, IR_I64, g_acc, imm, IR_COND_NE, skip);
        toy_goto(db, 0, pc + 4);
        ir_set_label(ir, skip);
        toy_goto(db, 1, pc + 8);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    default:
        db->pc_next = pc;
        toy_raise(db, 0x99);
        break;
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY)
        toy_goto(db, 0, db->pc_next);
}

static const TranslatorOps toy_ops = {
    .init_disas_context = toy_init_disas,
    .tb_start = toy_tb_start,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_translate(CPUState *cpu, TranslationBlock *tb, IRContext *ir, int max_insns)
{
    ToyDisas d;
    translator_loop(&toy_ops, &d.base, cpu, tb, ir, max_insns);
}

static void toy_restore_state(CPUState *cpu, const uint64_t data[2]) { ((ToyState *)cpu)->pc = data[0]; }

static const GuestArch toy_arch = {
    .name = "toy",
    .env_size = sizeof(ToyState),
    .insn_start_words = 1,
    .init_globals = toy_init_globals,
    .get_tb_key = toy_get_tb_key,
    .translate = toy_translate,
    .restore_state = toy_restore_state,
};

/* -- Fixture: a guest space with one code page at 0x10000 -- */

#define CODE 0x10000u
static ToyState *cpu;

static void put(uint64_t addr, uint32_t op, uint32_t imm) { *(uint32_t *)g2h(addr) = op | imm << 8; }

/* A write fault in generated code is a self-modifying-code write. */
static void segv_handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    int r = page_unprotect(h2g(si->si_addr), host_pc);
    if (r == 1)
        return;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    if (r == 2) {
        current_cpu->cflags_next_tb = 1 | CF_NO_CHAIN;
        cpu_loop_exit_restore(current_cpu, host_pc);
    }
    current_cpu->exception_index = 0x77;
    cpu_loop_exit_restore(current_cpu, host_pc);
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
    abi_long a = target_mmap(CODE, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_assert_eq(a, CODE);
    memset(g2h(CODE), 0xff, 0x2000);
    cpu = calloc(1, sizeof(*cpu));
    cpu->common.arch = &toy_arch;
    cpu->pc = CODE;
}

static void teardown(void)
{
    target_munmap(CODE, 0x2000);
    cpu_list_remove(&cpu->common);
    tb_jc_free(cpu->common.jc);
    free(cpu);
}

TestSuite(tb, .init = setup, .fini = teardown);

Test(tb, runs_straight_line_code)
{
    put(CODE, 1, 5);
    put(CODE + 4, 1, 7);
    put(CODE + 8, 3, 0);
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cr_assert_eq(cpu->acc, 12);
    cr_assert_eq(cpu->pc, CODE + 12);
}

Test(tb, lookup_finds_what_was_translated)
{
    put(CODE, 3, 1);
    cr_assert_eq(cpu_exec(&cpu->common), 0x43);
    TranslationBlock *tb = tb_lookup(&cpu->common, CODE, 0, 0);
    cr_assert_not_null(tb);
    cr_assert_eq(tb->pc, CODE);
    cr_assert_eq(tb->icount, 1);
    cr_assert_null(tb_lookup(&cpu->common, CODE, 1, 0), "flags are part of the key");
    cr_assert_null(tb_lookup(&cpu->common, CODE + 4, 0, 0));
    uint64_t data[2];
    cr_assert(tb_host_pc_to_insn(tb, (uintptr_t)tb->host_code, data));
    cr_assert_eq(data[0], CODE);
    cr_assert_eq(tb_find_by_host_pc((uintptr_t)tb->host_code + 1), tb);
}

Test(tb, direct_jumps_chain)
{
    /* acc counts to 1000 through a loop of two blocks. */
    put(CODE, 1, 1);          /* L0: acc += 1 */
    put(CODE + 4, 2, 0x10010); /* jump L1 */
    put(CODE + 0x10, 6, 1000); /* L1: if acc != 1000 goto +8 */
    put(CODE + 0x14, 3, 0);    /* raise 0x42 */
    put(CODE + 0x18, 2, CODE); /* jump L0 */
    uint64_t chained = tb_stats.chained;
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cr_assert_eq(cpu->acc, 1000);
    cr_assert_geq(tb_stats.chained - chained, 2, "the loop's edges are chained");
}

Test(tb, indirect_jumps_through_lookup)
{
    put(CODE, 1, CODE + 0x100); /* acc = CODE + 0x100 */
    put(CODE + 4, 5, 0);        /* jump acc */
    put(CODE + 0x100, 3, 2);
    cr_assert_eq(cpu_exec(&cpu->common), 0x44);
    cr_assert_eq(cpu->pc, CODE + 0x104);
}

Test(tb, invalidate_range_drops_blocks)
{
    put(CODE, 3, 0);
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    TranslationBlock *tb = tb_lookup(&cpu->common, CODE, 0, 0);
    cr_assert_not_null(tb);
    cr_assert_not(tb_invalidate_range(CODE + 0x1000, CODE + 0x2000, 0), "other page: untouched");
    cr_assert_not(tb->invalid);
    tb_invalidate_range(CODE, CODE + 4, 0);
    cr_assert(tb->invalid);
    cr_assert_null(tb_lookup(&cpu->common, CODE, 0, 0));
    put(CODE, 3, 5);
    cpu->pc = CODE;
    cr_assert_eq(cpu_exec(&cpu->common), 0x47, "retranslated from the new bytes");
}

Test(tb, write_to_code_page_invalidates)
{
    /* Block A at CODE runs once; then code on another page rewrites A's
     * first insn through a guest store (acc's low byte becomes opcode 3). */
    put(CODE, 3, 0);
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cpu->pc = CODE + 0x1000;
    put(CODE + 0x1000, 1, 0);          /* acc += 0 */
    cpu->acc = 0x01;                   /* opcode 1: acc += imm */
    put(CODE + 0x1004, 4, CODE);       /* store acc byte -> CODE: insn becomes 01 000000 */
    put(CODE + 0x1008, 3, 9);
    cr_assert_eq(cpu_exec(&cpu->common), 0x42 + 9);
    cr_assert_eq(*(uint8_t *)g2h(CODE), 1);
    put(CODE + 4, 3, 3);
    cpu->pc = CODE;
    cr_assert_eq(cpu_exec(&cpu->common), 0x45, "the old block must not run again");
}

Test(tb, block_that_rewrites_a_later_insn_in_itself)
{
    /* One block: store over insn 3 of the same block, then run it. The
     * new insn (raise 0x42+0) must execute, not the old one (raise 0x42+1). */
    cpu->acc = 0x03;
    put(CODE, 4, CODE + 8);   /* store acc byte at CODE+8: opcode 3 */
    put(CODE + 4, 1, 0);      /* acc += 0 */
    put(CODE + 8, 1, 0);      /* becomes 03 000000: raise 0x42 */
    put(CODE + 12, 3, 1);     /* raise 0x43 */
    /* Translate it first, so the page is protected before the store. */
    cr_assert_eq(cpu_exec(&cpu->common), 0x42);
    cr_assert_eq(cpu->pc, CODE + 12);
}

/* -- Threads -- */

static ToyState *toy_cpu_new(uint64_t pc)
{
    ToyState *c = calloc(1, sizeof(*c));
    c->common.arch = &toy_arch;
    c->pc = pc;
    return c;
}

static void *run_cpu(void *arg)
{
    return (void *)(intptr_t)cpu_exec(arg);
}

Test(tb, flush_waits_until_other_cpus_leave_generated_code)
{
    put(CODE + 0x200, 2, CODE + 0x200); /* a chained jump to itself: never exits alone */
    ToyState *other = toy_cpu_new(CODE + 0x200);
    pthread_t th;
    pthread_create(&th, NULL, run_cpu, &other->common);
    /* Let it translate, chain and spin. */
    for (int ms = 0; tb_stats.chained == 0 || !__atomic_load_n(&other->common.in_exec, __ATOMIC_SEQ_CST); ms++) {
        cr_assert_lt(ms, 5000, "the other cpu never chained its loop");
        usleep(1000);
    }
    usleep(20000);
    uint32_t flushes = tb_flush_count_now();
    tb_flush();
    cr_assert_eq(__atomic_load_n(&other->common.in_exec, __ATOMIC_SEQ_CST), 0,
                 "the flush returned while the other cpu was still in generated code");
    void *ret;
    pthread_join(th, &ret);
    cr_assert_eq((intptr_t)ret, EXCP_INTERRUPT, "the spinning cpu is kicked out of its loop");
    cr_assert_eq(tb_flush_count_now(), flushes + 1);
    cr_assert_eq(other->pc, CODE + 0x200, "its guest state is that of the TB it did not run");
    cpu_list_remove(&other->common);
    tb_jc_free(other->common.jc);
    free(other);
}

/* Runs a cpu to its first exception other than a kick. */
static void *run_cpu_to_end(void *arg)
{
    int e;
    do
        e = cpu_exec(arg);
    while (e == EXCP_INTERRUPT);
    return (void *)(intptr_t)e;
}

static int entered;

static void *enter_exec(void *arg)
{
    cpu_exec_start(arg);
    __atomic_store_n(&entered, 1, __ATOMIC_SEQ_CST);
    cpu_exec_end(arg);
    return NULL;
}

Test(tb, no_cpu_enters_generated_code_during_an_exclusive_section)
{
    ToyState *other = toy_cpu_new(CODE);
    cpu_list_add(&other->common);
    start_exclusive();
    pthread_t th;
    pthread_create(&th, NULL, enter_exec, &other->common);
    usleep(50000);
    cr_assert_eq(__atomic_load_n(&entered, __ATOMIC_SEQ_CST), 0, "cpu_exec_start did not wait");
    end_exclusive();
    pthread_join(th, NULL);
    cr_assert_eq(entered, 1);
    cpu_list_remove(&other->common);
    free(other);
}

Test(tb, threads_translating_and_flushing_at_once)
{
    /* Four cpus run loops of their own while the main thread flushes over
     * and over; each loop must still count exactly. */
    enum { NCPU = 4 };
    ToyState *c[NCPU];
    pthread_t th[NCPU];
    for (int i = 0; i < NCPU; i++) {
        uint64_t base = CODE + 0x100 * (uint64_t)i;
        put(base, 1, 1);                  /* L0: acc += 1 */
        put(base + 4, 2, base + 0x10);    /* jump L1 */
        put(base + 0x10, 6, 3000000);     /* L1: if acc != 3000000 goto +8 */
        put(base + 0x14, 3, 0);           /* raise 0x42 */
        put(base + 0x18, 2, base);        /* jump L0 */
        c[i] = toy_cpu_new(base);
    }
    for (int i = 0; i < NCPU; i++)
        pthread_create(&th[i], NULL, run_cpu_to_end, &c[i]->common);
    uint32_t flushes = tb_flush_count_now();
    for (int n = 0; n < 50; n++) {
        tb_flush();
        usleep(200);
    }
    cr_assert_eq(tb_flush_count_now(), flushes + 50);
    for (int i = 0; i < NCPU; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        int e = (int)(intptr_t)ret;
        cr_assert_eq(e, 0x42, "cpu %d: exception %#x", i, e);
        cr_assert_eq(c[i]->acc, 3000000, "cpu %d counted %llu", i, (unsigned long long)c[i]->acc);
        cpu_list_remove(&c[i]->common);
        tb_jc_free(c[i]->common.jc);
        free(c[i]);
    }
}
