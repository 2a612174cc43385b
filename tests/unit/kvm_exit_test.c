/*
 * The KVM accelerator's exit dispatcher and CPUID adaptation
 * (system/accel/kvm_int.h), on synthetic kvm_run records: no /dev/kvm.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "system/accel/kvm_int.h"
#include "system/cpus.h"
#include "system/ioport.h"
#include "system/memory.h"

static uint8_t run_area[4096] __attribute__((aligned(64)));
static struct kvm_run *run = (struct kvm_run *)run_area;
static char msg[256];

static uint64_t dev_last_write, dev_writes;
static unsigned dev_last_size;
static uint64_t dev_last_off;

static uint64_t dev_read(void *opaque, hwaddr off, unsigned size)
{
    return 0x1122334455667788ull + off;
}

static void dev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    dev_last_off = off;
    dev_last_write = val;
    dev_last_size = size;
    dev_writes++;
}

static const MemOps dev_ops = {dev_read, dev_write};

static void setup(void)
{
    memset(run_area, 0, sizeof run_area);
    io_reset();
    mem_reset();
    cr_assert(io_add(0x3f8, 8, &dev_ops, NULL, "dev"));
    mem_add_io(0xfeb00000u, 0x200, &dev_ops, NULL, "mmio-dev");
    dev_writes = 0;
}

TestSuite(kvm_exit, .init = setup);

static uint8_t *io_data(void)
{
    run->io.data_offset = 1024;
    return run_area + 1024;
}

Test(kvm_exit, port_writes_reach_the_device)
{
    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = KVM_EXIT_IO_OUT;
    run->io.size = 1;
    run->io.port = 0x3fb;
    run->io.count = 1;
    io_data()[0] = 0x83;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_RESUME);
    cr_expect_eq(dev_writes, 1);
    cr_expect_eq(dev_last_off, 3);
    cr_expect_eq(dev_last_write, 0x83);
}

Test(kvm_exit, rep_ins_fill_every_element)
{
    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = KVM_EXIT_IO_IN;
    run->io.size = 2;
    run->io.port = 0x3f9;
    run->io.count = 3;
    uint8_t *d = io_data();
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_RESUME);
    for (int i = 0; i < 3; i++) {
        uint16_t v;
        memcpy(&v, d + 2 * i, 2);
        cr_expect_eq(v, (uint16_t)(0x7788 + 1), "element %d", i);
    }
}

Test(kvm_exit, unassigned_ports_read_all_ones)
{
    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = KVM_EXIT_IO_IN;
    run->io.size = 4;
    run->io.port = 0x70;
    run->io.count = 1;
    uint8_t *d = io_data();
    memset(d, 0, 4);
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_RESUME);
    uint32_t v;
    memcpy(&v, d, 4);
    cr_expect_eq(v, 0xffffffffu);
    run->io.direction = KVM_EXIT_IO_OUT;
    cr_expect_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_RESUME, "a write is dropped");
    cr_expect_eq(dev_writes, 0);
}

Test(kvm_exit, mmio_reads_and_writes)
{
    run->exit_reason = KVM_EXIT_MMIO;
    run->mmio.phys_addr = 0xfeb00050u;
    run->mmio.len = 4;
    run->mmio.is_write = 1;
    uint32_t q = 2;
    memcpy(run->mmio.data, &q, 4);
    cr_assert_eq(kvm_handle_exit(run, 1, msg, sizeof msg), KVM_ACT_RESUME);
    cr_expect_eq(dev_last_off, 0x50);
    cr_expect_eq(dev_last_write, 2);
    cr_expect_eq(dev_last_size, 4);

    run->mmio.is_write = 0;
    run->mmio.phys_addr = 0xfeb00008u;
    run->mmio.len = 8;
    cr_assert_eq(kvm_handle_exit(run, 1, msg, sizeof msg), KVM_ACT_RESUME);
    uint64_t v;
    memcpy(&v, run->mmio.data, 8);
    cr_expect_eq(v, 0x1122334455667788ull + 8);

    run->mmio.phys_addr = 0xd0000000u; /* nothing there */
    run->mmio.len = 2;
    memset(run->mmio.data, 0, 8);
    cr_assert_eq(kvm_handle_exit(run, 1, msg, sizeof msg), KVM_ACT_RESUME);
    cr_expect_eq(run->mmio.data[0], 0xff);
    cr_expect_eq(run->mmio.data[1], 0xff);
    cr_expect_eq(run->mmio.data[2], 0, "only len bytes are answered");

    run->mmio.len = 3; /* no such access size */
    cr_assert_eq(kvm_handle_exit(run, 1, msg, sizeof msg), KVM_ACT_RESUME);
}

Test(kvm_exit, triple_fault_resets)
{
    run->exit_reason = KVM_EXIT_SHUTDOWN;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_STOP);
    cr_expect_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(kvm_exit, system_event_poweroff)
{
    run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
    run->system_event.type = KVM_SYSTEM_EVENT_SHUTDOWN;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_STOP);
    cr_expect_eq(sys_shutdown_reason(), SHUTDOWN_POWEROFF);
}

Test(kvm_exit, system_event_reset)
{
    run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
    run->system_event.type = KVM_SYSTEM_EVENT_RESET;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_STOP);
    cr_expect_eq(sys_shutdown_reason(), SHUTDOWN_RESET);
}

Test(kvm_exit, failures_are_fatal_with_a_reason)
{
    run->exit_reason = KVM_EXIT_FAIL_ENTRY;
    run->fail_entry.hardware_entry_failure_reason = 0x21;
    cr_assert_eq(kvm_handle_exit(run, 2, msg, sizeof msg), KVM_ACT_FATAL);
    cr_expect(strstr(msg, "vCPU 2") && strstr(msg, "0x21"), "%s", msg);
    run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
    run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_FATAL);
    cr_expect(strstr(msg, "could not emulate"), "%s", msg);
    run->exit_reason = 9999;
    cr_assert_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_FATAL);
    cr_expect(strstr(msg, "9999"), "%s", msg);
    cr_expect_eq(sys_shutdown_reason(), SHUTDOWN_NONE, "the caller ends the run after its register dump");
}

Test(kvm_exit, kicks_resume)
{
    run->exit_reason = KVM_EXIT_INTR;
    cr_expect_eq(kvm_handle_exit(run, 0, msg, sizeof msg), KVM_ACT_RESUME);
}

Test(kvm_cpuid, apic_ids_and_counts)
{
    struct kvm_cpuid_entry2 e[5] = {
        {.function = 1, .ebx = 0xaabb0800u, .ecx = 0x1, .edx = 0},
        {.function = 0xb, .index = 0, .edx = 7},
        {.function = 0xb, .index = 1, .edx = 7},
        {.function = 0x8000001e, .eax = 7},
        {.function = 0x80000001, .eax = 0x1234},
    };
    kvm_cpuid_adapt(e, 5, 3, 4);
    cr_expect_eq(e[0].ebx >> 24, 3, "initial APIC id");
    cr_expect_eq((e[0].ebx >> 16) & 0xff, 4, "logical processors");
    cr_expect_eq(e[0].ebx & 0xffff, 0x0800, "CLFLUSH size and brand kept");
    cr_expect(e[0].edx & (1u << 28), "HTT");
    cr_expect(e[0].ecx & (1u << 31), "hypervisor");
    cr_expect(e[0].ecx & 1, "other features kept");
    cr_expect_eq(e[1].edx, 3);
    cr_expect_eq(e[2].edx, 3);
    cr_expect_eq(e[3].eax, 3);
    cr_expect_eq(e[4].eax, 0x1234, "other leaves untouched");
    struct kvm_cpuid_entry2 one = {.function = 1};
    kvm_cpuid_adapt(&one, 1, 0, 1);
    cr_expect_eq(one.edx & (1u << 28), 0, "no HTT for one CPU");
}

Test(kvm_regs, dump_names_the_registers)
{
    struct kvm_regs r = {.rip = 0x1000200, .rsi = 0x7000};
    struct kvm_sregs s = {.cr0 = 0x80000011, .efer = 0x500};
    s.cs.selector = 0x10;
    s.cs.l = 1;
    char buf[1024];
    kvm_format_regs(&r, &s, buf, sizeof buf);
    cr_expect(strstr(buf, "rip 0000000001000200"), "%s", buf);
    cr_expect(strstr(buf, "rsi 0000000000007000"), "%s", buf);
    cr_expect(strstr(buf, "cs 0010"), "%s", buf);
    cr_expect(strstr(buf, "efer 500"), "%s", buf);
}
