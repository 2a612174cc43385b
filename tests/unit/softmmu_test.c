/*
 * The softmmu (system/softmmu.c and the x86_64 backend's inline probe):
 * TLB fill and flush by address, by MMU index and by large page; the slow
 * paths to RAM, to devices and to unassigned space; alignment faults; code
 * pages whose writes invalidate translated code; and generated code that
 * hits, misses and keeps every live register across a slow path.
 *
 * The guest is a fake one: its tlb_fill maps virtual page v to physical
 * page v + PHYS_DELTA with the rights of a small table, and its faults are
 * recorded and leave through the cpu's jmp_env, as a real guest's abort
 * leaves to the exec loop.
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "system/accel/accel.h"
#include "system/memory.h"
#include "system/softmmu.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/guestmem.h"
#include "xrun/ir.h"
#include "xrun/tb.h"
#include "tests/unit/code_buffer.h"

typedef struct FakeEnv {
    CPUState common;
    uint32_t r[8];
    uint8_t q[3][16] __attribute__((aligned(16)));
} FakeEnv;

#define RAM_BASE 0x40000000u
#define RAM_SIZE (1u << 20)
#define DEV_BASE 0x09000000u
#define PHYS_DELTA 0x30000000u /* virtual 0x10000000 -> physical 0x40000000 */
#define VA_RAM 0x10000000u
#define VA_DEV (DEV_BASE - PHYS_DELTA)
#define VA_HOLE 0x00100000u    /* maps to unassigned physical space */
#define VA_RO (VA_RAM + 0x1000)

static uint8_t *ram;
static FakeEnv *env;
static CPUState *cpu;
static int fills, faults, last_fault_kind, bus_errors, unaligned;
static uint64_t last_fault_va;
static uintptr_t last_fault_ra;
static uint64_t dev_last_write, dev_reads;
static unsigned dev_last_size;

static bool fake_tlb_fill(CPUState *c, uint64_t va, int access, int mmu_idx, bool probe, uintptr_t ra)
{
    fills++;
    bool mapped = (va >= VA_RAM && va < VA_RAM + RAM_SIZE) || (va >> 12) == (VA_DEV >> 12) ||
                  (va >> 12) == (VA_HOLE >> 12);
    int prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    if ((va >> 12) == (VA_RO >> 12))
        prot = PAGE_READ;
    if (mapped && (access != MMU_DATA_STORE || (prot & PAGE_WRITE))) {
        tlb_set_page(c, va, (uint32_t)(va + PHYS_DELTA), prot, mmu_idx, 4096);
        return true;
    }
    if (probe)
        return false;
    faults++;
    last_fault_va = va;
    last_fault_ra = ra;
    last_fault_kind = access;
    siglongjmp(c->jmp_env, 1);
}

static int fake_mmu_index(CPUState *c)
{
    return 0;
}

static void fake_unaligned(CPUState *c, uint64_t va, int access, int mmu_idx, uintptr_t ra)
{
    unaligned++;
    last_fault_va = va;
    siglongjmp(c->jmp_env, 1);
}

static void fake_bus_error(CPUState *c, uint64_t va, uint64_t pa, int access, int mmu_idx, uintptr_t ra)
{
    bus_errors++;
    last_fault_va = va;
    siglongjmp(c->jmp_env, 1);
}

static int resets;
static void fake_cpu_reset(CPUState *c)
{
    resets++;
    ((FakeEnv *)c)->r[0] = 0;
}

static const GuestArch fake_arch = {
    .name = "fake",
    .cpu_reset = fake_cpu_reset,
    .env_size = sizeof(FakeEnv),
    .tlb_fill = fake_tlb_fill,
    .mmu_index = fake_mmu_index,
    .do_unaligned_access = fake_unaligned,
    .do_bus_error = fake_bus_error,
};

/* Clobbers every xmm register, as device code may: the slow paths must
 * save the vectors live across them. */
static uint64_t dev_read(void *opaque, hwaddr off, unsigned size)
{
    dev_reads++;
    test_clobber_xmm();
    return 0xd0d0d0d0d0d0d0d0ull + off;
}

static void dev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    dev_last_write = val;
    dev_last_size = size;
}

static const MemOps dev_ops = {dev_read, dev_write};

/* The device lock of system/event.c is not part of this test. */
static void setup(void)
{
    mem_reset();
    ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(ram != MAP_FAILED);
    mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    mem_add_io(DEV_BASE, 0x1000, &dev_ops, NULL, "dev");
    softmmu_init(&fake_arch, RAM_BASE + RAM_SIZE);
    cpu = softmmu_cpu_new(&fake_arch);
    env = (FakeEnv *)cpu;
    fills = faults = bus_errors = unaligned = 0;
    dev_reads = 0;
}

TestSuite(softmmu, .init = setup);

#define TRY(body)                                                                                         \
    ({                                                                                                    \
        volatile bool ok_ = false;                                                                             \
        if (sigsetjmp(cpu->jmp_env, 0) == 0) {                                                            \
            body;                                                                                         \
            ok_ = true;                                                                                   \
        }                                                                                                 \
        ok_;                                                                                              \
    })

static CPUTLBEntry *entry(int mmu, uint64_t va)
{
    return &cpu->tlb->table[mmu][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
}

Test(softmmu, set_page_fills_comparators_and_addend)
{
    tlb_set_page(cpu, VA_RAM + 0x123, VA_RAM + PHYS_DELTA + 0x123, PAGE_READ | PAGE_EXEC, 1, 4096);
    CPUTLBEntry *e = entry(1, VA_RAM);
    cr_expect_eq(e->addr_read, VA_RAM);
    cr_expect_eq(e->addr_code, VA_RAM);
    cr_expect_eq(e->addr_write, (uint64_t)-1, "no PAGE_WRITE: writes miss");
    cr_expect_eq(e->addend + VA_RAM, (uintptr_t)ram);
    cr_expect_eq(entry(0, VA_RAM)->addr_read, (uint64_t)-1, "other MMU indexes untouched");
    tlb_set_page(cpu, VA_DEV, DEV_BASE, PAGE_READ | PAGE_WRITE, 0, 4096);
    cr_expect_eq(entry(0, VA_DEV)->addr_read, VA_DEV | TLB_MMIO);
    cr_expect_eq(entry(0, VA_DEV)->addr_write, VA_DEV | TLB_MMIO);
}

Test(softmmu, flush_by_page_and_by_index)
{
    for (int m = 0; m < 2; m++) {
        tlb_set_page(cpu, VA_RAM, VA_RAM + PHYS_DELTA, PAGE_READ, m, 4096);
        tlb_set_page(cpu, VA_RAM + 0x2000, VA_RAM + PHYS_DELTA + 0x2000, PAGE_READ, m, 4096);
    }
    tlb_flush_page(cpu, VA_RAM + 0x10);
    cr_expect_eq(entry(0, VA_RAM)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(1, VA_RAM)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(0, VA_RAM + 0x2000)->addr_read, VA_RAM + 0x2000, "another page stays");
    tlb_flush_by_mmuidx(cpu, 1 << 1);
    cr_expect_eq(entry(1, VA_RAM + 0x2000)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(0, VA_RAM + 0x2000)->addr_read, VA_RAM + 0x2000, "index 0 kept");
    tlb_flush(cpu);
    cr_expect_eq(entry(0, VA_RAM + 0x2000)->addr_read, (uint64_t)-1);
}

/* Entries may carry classes (ARM short descriptors: domains) in prot; a
 * flush by class drops just theirs, and empties the jump cache only when
 * code of those classes was looked up since the cache was last emptied. */
Test(softmmu, flush_by_class)
{
    cpu->jc = tb_jc_new();
    int c1 = (1 << 1) << PAGE_CLASS_SHIFT, c2 = (1 << 2) << PAGE_CLASS_SHIFT;
    tlb_set_page(cpu, VA_RAM, VA_RAM + PHYS_DELTA, PAGE_READ | PAGE_EXEC | c1, 0, 4096);
    tlb_set_page(cpu, VA_RAM + 0x2000, VA_RAM + PHYS_DELTA + 0x2000, PAGE_READ | c2, 1, 4096);
    tlb_set_page(cpu, VA_RAM + 0x4000, VA_RAM + PHYS_DELTA + 0x4000, PAGE_READ, 0, 4096);
    uint64_t gen = cpu->jc_gen;
    tlb_flush_by_class(cpu, 1 << 2);
    cr_expect_eq(entry(1, VA_RAM + 0x2000)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(0, VA_RAM)->addr_read, VA_RAM, "another class stays");
    cr_expect_eq(entry(0, VA_RAM + 0x4000)->addr_read, VA_RAM + 0x4000, "no class: stays");
    cr_expect_eq(cpu->jc_gen, gen, "no code of class 2 was looked up");

    uint64_t key;
    cr_assert(guest_mem_ops->code_page(cpu, VA_RAM + 0x10, true, &key));
    cr_expect_eq(key, VA_RAM + PHYS_DELTA);
    tlb_flush_by_class(cpu, (1 << 1) | (1 << 5));
    cr_expect_eq(entry(0, VA_RAM)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(0, VA_RAM + 0x4000)->addr_read, VA_RAM + 0x4000);
    cr_expect_neq(cpu->jc_gen, gen, "code of class 1 may be in the jump cache");
    gen = cpu->jc_gen;
    tlb_flush_by_class(cpu, 1 << 1);
    cr_expect_eq(cpu->jc_gen, gen, "the cache was emptied since");
    tb_jc_free(cpu->jc);
    cpu->jc = NULL;
}

Test(softmmu, flushing_inside_a_large_page_drops_all_of_it)
{
    /* Two TLB pages of one 1 MiB section, then a flush of a third address
     * inside the section that was never entered. */
    tlb_set_page(cpu, VA_RAM, RAM_BASE, PAGE_READ, 0, 1u << 20);
    tlb_set_page(cpu, VA_RAM + 0x5000, RAM_BASE + 0x5000, PAGE_READ, 0, 1u << 20);
    tlb_set_page(cpu, VA_DEV, DEV_BASE, PAGE_READ, 1, 4096);
    tlb_flush_page(cpu, VA_RAM + 0x80000);
    cr_expect_eq(entry(0, VA_RAM)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(0, VA_RAM + 0x5000)->addr_read, (uint64_t)-1);
    cr_expect_eq(entry(1, VA_DEV)->addr_read, VA_DEV | TLB_MMIO, "not in a large page: kept");
}

Test(softmmu, slow_paths_reach_ram_devices_and_faults)
{
    memcpy(ram + 0x10, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    volatile uint64_t v = 0;
    cr_assert(TRY(v = cpu_ld_mmu(cpu, VA_RAM + 0x10, MO_UL, 0, 0)));
    cr_expect_eq(v, 0x44332211);
    cr_expect(TRY(v = cpu_ld_mmu(cpu, VA_RAM + 0x13, MO_SW, 0, 0)));
    cr_expect_eq(v, (uint64_t)(int64_t)(int16_t)0x5544);
    cr_expect(TRY(cpu_st_mmu(cpu, VA_RAM + 0x20, 0xcafef00d, MO_UL, 0, 0)));
    cr_expect_eq(*(uint32_t *)(ram + 0x20), 0xcafef00d);
    cr_expect(TRY(v = cpu_ld_mmu(cpu, VA_DEV + 8, MO_UL, 0, 0)));
    cr_expect_eq(v, (uint32_t)(0xd0d0d0d0u + 8));
    cr_expect(TRY(cpu_st_mmu(cpu, VA_DEV + 4, 0xab, MO_UB, 0, 0)));
    cr_expect_eq(dev_last_write, 0xab);
    cr_expect_eq(dev_last_size, 1);
    cr_expect(!TRY(cpu_ld_mmu(cpu, VA_HOLE, MO_UL, 0, 0)), "unassigned space");
    cr_expect_eq(bus_errors, 1);
    cr_expect(!TRY(cpu_st_mmu(cpu, VA_RO + 4, 1, MO_UL, 0, 0)), "read-only page");
    cr_expect_eq(faults, 1);
    cr_expect_eq(last_fault_va, VA_RO + 4);
    cr_expect_eq(last_fault_kind, MMU_DATA_STORE);
    cr_expect(!TRY(cpu_ld_mmu(cpu, VA_RAM + 2, MO_UL | MO_ALIGN, 0, 0)));
    cr_expect_eq(unaligned, 1);
    cr_expect(TRY(v = cpu_ld_mmu(cpu, VA_RAM + 2, MO_UL, 0, 0)), "unaligned without MO_ALIGN is fine");
}

/* The TCG accelerator's side of the machine: a removed RAM region leaves
 * no TLB entry that reaches it (the next access finds unassigned space);
 * vCPUs come from the guest frontend and reset through it. */
Test(softmmu, tcg_accel_regions_vcpus_and_reset)
{
    char err[128] = "";
    volatile uint64_t v = 0;

    cr_assert_eq(mem_listen(&accel_tcg.mem, err, sizeof err), 0, "%s", err);
    cr_assert(TRY(v = cpu_ld_mmu(cpu, VA_RAM + 0x10, MO_UL, 0, 0)));
    cr_assert_neq(entry(0, VA_RAM)->addr_read, (uint64_t)-1, "the load filled the TLB");
    cr_assert(mem_remove(RAM_BASE));
    cr_expect_eq(entry(0, VA_RAM)->addr_read, (uint64_t)-1, "an entry of the removed region stayed");
    cr_expect(!TRY(v = cpu_ld_mmu(cpu, VA_RAM + 0x10, MO_UL, 0, 0)), "the removed RAM still answers");
    cr_expect_eq(bus_errors, 1);
    (void)v;

    CPUState *second = accel_tcg.vcpu_create(&(AccelVcpuSpec){1, 2, &fake_arch}, err, sizeof err);
    cr_assert_not_null(second, "%s", err);
    cr_expect_eq(second->cpu_index, 1);
    cr_expect_eq(second->arch, &fake_arch);
    cr_expect_null(accel_tcg.vcpu_create(&(AccelVcpuSpec){2, 3, NULL}, err, sizeof err));
    cr_expect(strstr(err, "-accel kvm"), "message: %s", err);

    ((FakeEnv *)second)->r[0] = 42;
    accel_tcg.vcpu_reset(second);
    cr_expect_eq(resets, 1);
    cr_expect_eq(((FakeEnv *)second)->r[0], 0);
}

Test(softmmu, page_crossing_store_is_all_or_nothing)
{
    /* The last bytes of the RAM mapping run into an unmapped page. */
    uint64_t va = VA_RAM + RAM_SIZE - 2;
    ram[RAM_SIZE - 2] = ram[RAM_SIZE - 1] = 0x5a;
    cr_expect(!TRY(cpu_st_mmu(cpu, va, 0x11223344, MO_UL, 0, 0)));
    cr_expect_eq(ram[RAM_SIZE - 2], 0x5a, "nothing written before the fault");
    cr_expect(TRY(cpu_st_mmu(cpu, VA_RAM + 0x2ffe, 0x11223344, MO_UL, 0, 0)), "crossing two mapped pages");
    cr_expect_eq(*(uint32_t *)(ram + 0x2ffe), 0x11223344);
}

Test(softmmu, probe_does_not_fault)
{
    uint64_t pa = 0;
    cr_expect(cpu_probe_phys(cpu, VA_RAM + 0x44, MMU_DATA_LOAD, 0, &pa));
    cr_expect_eq(pa, RAM_BASE + 0x44);
    cr_expect(!cpu_probe_phys(cpu, 0x7000000, MMU_DATA_LOAD, 0, &pa));
    cr_expect_eq(faults, 0);
}

Test(softmmu, code_pages_route_writes_to_invalidation)
{
    uint64_t key = 0;
    cr_assert(TRY(guest_mem_ops->code_page(cpu, VA_RAM + 0x3000, false, &key)));
    cr_expect_eq(key, RAM_BASE + 0x3000);
    cr_expect_eq(guest_mem_ops->key_is_virtual, false);
    cr_expect_eq(guest_mem_ops->chain_across_pages, false);
    tlb_set_page(cpu, VA_RAM + 0x3000, RAM_BASE + 0x3000, PAGE_READ | PAGE_WRITE | PAGE_EXEC, 0, 4096);
    cr_expect_eq(entry(0, VA_RAM + 0x3000)->addr_write, VA_RAM + 0x3000);
    guest_mem_ops->protect_code(key);
    cr_expect_eq(entry(0, VA_RAM + 0x3000)->addr_write, (VA_RAM + 0x3000) | TLB_CODE,
                 "a code page's writes take the slow path");
    /* No TB is really there: the first write finds none and clears the mark. */
    cr_expect(TRY(cpu_st_mmu(cpu, VA_RAM + 0x3000, 7, MO_UL, 0, 0)));
    cr_expect_eq(*(uint32_t *)(ram + 0x3000), 7);
    cr_expect_eq(entry(0, VA_RAM + 0x3000)->addr_write, VA_RAM + 0x3000);
    uint8_t buf[4];
    memcpy(ram + 0x3004, "\x01\x02\x03\x04", 4);
    cr_expect(guest_mem_ops->fetch_code(cpu, VA_RAM + 0x3004, buf, 4));
    cr_expect_eq(memcmp(buf, "\x01\x02\x03\x04", 4), 0);
    cr_expect(!guest_mem_ops->fetch_code(cpu, VA_DEV, buf, 4), "no code from a device");
}

/* -- Generated code -- */

static uint8_t *code;
#define CODE_SIZE (1u << 20)
static CodegenResult res;

static uintptr_t run_ir(IRContext *ir)
{
    if (!code) {
        code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        cr_assert(code != MAP_FAILED);
        codegen_prologue(code, 4096);
    }
    ir_exit_tb(ir, 0x40);
    int rc = codegen_tb(ir, code + 4096, CODE_SIZE - 4096, &res);
    cr_assert_eq(rc, 0, "codegen_tb: %d", rc);
    return codegen_enter(env, code + 4096);
}

static IRContext *new_ir(IRTemp *g)
{
    IRContext *ir = calloc(1, sizeof(*ir));
    ir_context_init(ir, codegen_env_reg());
    static const char *names[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
    for (int i = 0; i < 8; i++)
        g[i] = ir_global(ir, IR_I32, (int32_t)offsetof(FakeEnv, r[i]), names[i]);
    ir_insn_start(ir, 0x1000, 0);
    return ir;
}

/* t[i] = r[(i % 5) + 3] + 100 + i for six values live across the accesses,
 * then r0 = guest[r0]; guest[r1] = r0 + 1; r2 = guest[r2] (a device);
 * finally r3 = the sum of the t[i]. */
static IRContext *build_live_values_block(void)
{
    IRTemp g[8], t[6];
    IRContext *ir = new_ir(g);
    for (int i = 0; i < 6; i++) {
        t[i] = ir_new_i32(ir);
        ir_addi(ir, IR_I32, t[i], g[(i % 5) + 3], 100 + i);
    }
    IRTemp v = ir_new_i32(ir), w = ir_new_i32(ir), d = ir_new_i32(ir);
    ir_guest_ld(ir, IR_I32, v, g[0], MO_UL, 0);
    ir_addi(ir, IR_I32, w, v, 1);
    ir_guest_st(ir, IR_I32, w, g[1], MO_UL, 0);
    ir_guest_ld(ir, IR_I32, d, g[2], MO_UL, 0);
    ir_mov(ir, IR_I32, g[0], v);
    ir_mov(ir, IR_I32, g[2], d);
    IRTemp sum = ir_new_i32(ir);
    ir_mov(ir, IR_I32, sum, t[0]);
    for (int i = 1; i < 6; i++)
        ir_add(ir, IR_I32, sum, sum, t[i]);
    ir_mov(ir, IR_I32, g[3], sum);
    return ir;
}

Test(softmmu, generated_code_misses_then_hits_and_keeps_live_values)
{
    *(uint32_t *)(ram + 0x5040) = 41; /* TLB index 5: no conflict with the device page */
    for (volatile int round = 0; round < 2; round++) {
        IRContext *ir = build_live_values_block(); /* codegen consumes the IR */
        env->r[0] = VA_RAM + 0x5040;
        env->r[1] = VA_RAM + 0x2004;
        env->r[2] = VA_DEV + 0x10;
        for (int i = 3; i < 8; i++)
            env->r[i] = 1000 * i;
        volatile uint32_t expect = 0;
        for (int i = 0; i < 6; i++)
            expect += 1000 * ((i % 5) + 3) + 100 + i;
        int before = fills;
        if (sigsetjmp(cpu->jmp_env, 0) == 0)
            run_ir(ir);
        else
            cr_assert_fail("unexpected guest fault at %#llx", (unsigned long long)last_fault_va);
        cr_expect_eq(env->r[0], 41);
        cr_expect_eq(*(uint32_t *)(ram + 0x2004), 42);
        cr_expect_eq(env->r[2], (uint32_t)(0xd0d0d0d0u + 0x10));
        cr_expect_eq(env->r[3], expect, "values live across the slow paths survive (round %d)", round);
        if (round == 0)
            cr_expect_eq(fills - before, 3, "first run: every access misses");
        else
            cr_expect_eq(fills - before, 0, "second run: RAM and device entries hit the TLB");
    }
}

Test(softmmu, generated_code_faults_and_crossing_accesses)
{
    IRTemp g[8];
    IRContext *ir = new_ir(g);
    IRTemp v = ir_new_i32(ir);
    ir_guest_ld(ir, IR_I32, v, g[0], MO_UL, 0);
    ir_mov(ir, IR_I32, g[1], v);
    memcpy(ram + 0xffe, "\xaa\xbb\xcc\xdd", 4);
    env->r[0] = VA_RAM + 0xffe; /* crosses into the next page: slow path */
    cr_assert(sigsetjmp(cpu->jmp_env, 0) == 0);
    run_ir(ir);
    cr_expect_eq(env->r[1], 0xddccbbaa);

    ir = new_ir(g);
    v = ir_new_i32(ir);
    ir_guest_ld(ir, IR_I32, v, g[0], MO_UL | MO_ALIGN, 0);
    ir_mov(ir, IR_I32, g[1], v);
    env->r[0] = VA_RAM + 0x41;
    int jumped = sigsetjmp(cpu->jmp_env, 0);
    if (!jumped)
        run_ir(ir);
    cr_expect(jumped, "a misaligned MO_ALIGN access leaves through the guest's alignment fault");
    cr_expect_eq(unaligned, 1);
}

Test(softmmu, fault_return_address_is_inside_the_faulting_insn)
{
    /* insn 0: r1 = r1 + 1; insn 1: guest[r0] = r1 (faults, its last op);
     * insn 2: r2 = 5. The return address the slow path passes must fall
     * in insn 1's host code, or the guest would resume after the store. */
    IRTemp g[8];
    IRContext *ir = new_ir(g);
    ir_addi(ir, IR_I32, g[1], g[1], 1);
    ir_insn_start(ir, 0x1004, 0);
    ir_guest_st(ir, IR_I32, g[1], g[0], MO_UL, 0);
    ir_insn_start(ir, 0x1008, 0);
    ir_movi(ir, IR_I32, g[2], 5);
    env->r[0] = 0x7000000; /* unmapped: tlb_fill faults */
    int jumped = sigsetjmp(cpu->jmp_env, 0);
    if (!jumped)
        run_ir(ir);
    cr_assert(jumped, "the store faulted");
    cr_assert_eq(res.nb_insns, 3);
    uintptr_t off = last_fault_ra - (uintptr_t)(code + 4096);
    cr_expect(off >= res.insn_end[0] && off < res.insn_end[1],
              "return address at offset %zu, insn 1 spans [%u, %u)", (size_t)off, res.insn_end[0], res.insn_end[1]);
    cr_expect_eq(env->r[2], 0, "insn 2 never ran");
}

/* Vector values live across a slow path (which calls the device read,
 * and that clobbers every xmm register) come back intact; vector guest accesses, which the
 * softmmu expands into 64-bit ones, reach RAM through the TLB. */
Test(softmmu, vectors_survive_slow_paths_and_reach_ram)
{
    IRTemp g[8], q[3];
    IRContext *ir = new_ir(g);
    static const char *names[] = {"q0", "q1", "q2"};
    for (int i = 0; i < 3; i++)
        q[i] = ir_global(ir, IR_V128, (int32_t)offsetof(FakeEnv, q[i]), names[i]);
    IRTemp sum = ir_new(ir, IR_V128), x = ir_new(ir, IR_V128), ld = ir_new(ir, IR_V128);
    IRTemp w = ir_new_i32(ir);
    ir_vec_binop(ir, IR_OP_add_vec, IR_V128, MO_32, sum, q[0], q[1]);
    ir_vec_logic(ir, IR_OP_xor_vec, IR_V128, x, q[0], q[1]);
    ir_guest_ld(ir, IR_I32, w, g[0], MO_UL, 0);         /* a device: the slow path */
    ir_guest_ld_vec(ir, IR_V128, ld, g[1], MO_ALIGN, 0); /* two 64-bit accesses */
    ir_guest_st_vec(ir, IR_V128, x, g[2], 0, 0);
    ir_vec_binop(ir, IR_OP_add_vec, IR_V128, MO_32, q[2], sum, ld);
    ir_mov(ir, IR_V128, q[0], x);
    ir_mov(ir, IR_I32, g[3], w);

    uint32_t a[4], b[4], m[4], want_x[4], want_sum[4];
    for (int i = 0; i < 4; i++) {
        a[i] = 0x11111111u * (uint32_t)(i + 1);
        b[i] = 0x80000000u + (uint32_t)i;
        m[i] = 0x01020304u << i;
        want_x[i] = a[i] ^ b[i];
        want_sum[i] = a[i] + b[i] + m[i];
    }
    memcpy(env->q[0], a, 16);
    memcpy(env->q[1], b, 16);
    memcpy(ram + 0x7100, m, 16);
    env->r[0] = VA_DEV + 0x20;
    env->r[1] = VA_RAM + 0x7100;
    env->r[2] = VA_RAM + 0x9010;
    if (sigsetjmp(cpu->jmp_env, 0) == 0)
        run_ir(ir);
    else
        cr_assert_fail("unexpected guest fault at %#llx", (unsigned long long)last_fault_va);
    cr_expect_eq(env->r[3], (uint32_t)(0xd0d0d0d0u + 0x20));
    cr_expect_eq(memcmp(env->q[2], want_sum, 16), 0, "q0 + q1 live across the slow path, + guest[r1]");
    cr_expect_eq(memcmp(env->q[0], want_x, 16), 0);
    cr_expect_eq(memcmp(ram + 0x9010, want_x, 16), 0, "the vector store reached RAM");
    ir_context_free(ir);
    free(ir);
}
