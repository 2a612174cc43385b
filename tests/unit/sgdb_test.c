/*
 * The system-mode GDB stub's pieces that need no socket: the -gdb device
 * syntax, debugger holds of vCPUs (system/cpus.c) before their threads
 * start, and breakpoints emptying the code buffer in system mode, where
 * TBs belong to physical pages (tcg/translator.c). The sessions themselves
 * are tests/gdb/system.sh.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontends/arm/cpu.h"
#include "system/cpus.h"
#include "system/gdbstub_sys.h"
#include "system/memory.h"
#include "system/softmmu.h"
#include "xrun/tb.h"
#include "xrun/translator.h"

/* -- -gdb DEVICE -- */

static int parse(const char *spec, char *err)
{
    err[0] = 0;
    return gdb_sys_parse_port(spec, err, 256);
}

Test(sgdb, port_forms_qemu_accepts)
{
    char err[256];
    cr_expect_eq(parse("tcp::1234", err), 1234);
    cr_expect_eq(parse("tcp:localhost:5", err), 5);
    cr_expect_eq(parse("tcp:127.0.0.1:65535", err), 65535);
}

Test(sgdb, bad_devices_and_ports_are_refused_with_a_message)
{
    static const char *const bad[] = {"1234",     "udp::1",     "tcp::",   "tcp::0",
                                      "tcp::65536", "tcp::12x", "tcp:example.com:1", "tcp::-5"};
    char err[256];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_expect_eq(parse(bad[i], err), -1, "%s accepted", bad[i]);
        cr_expect(strstr(err, bad[i]) != NULL, "message for %s names it: '%s'", bad[i], err);
    }
}

/* -- Holds and breakpoints on a system-mode core -- */

#define RAM_BASE 0x40000000u
#define RAM_SIZE (1u << 20)

static CPUState *cpu;

static void setup(void)
{
    static bool once;
    if (once)
        return;
    once = true;
    tb_init(16u << 20);
    uint8_t *ram = calloc(1, RAM_SIZE);
    cr_assert(ram);
    mem_add_ram(RAM_BASE, RAM_SIZE, ram, "ram");
    softmmu_init(&arm_guest_arch, RAM_BASE + RAM_SIZE);
    cpu = softmmu_cpu_new(&arm_guest_arch);
    cr_assert(cpu);
    vcpu_register(cpu, true);
}

TestSuite(sgdb_core, .init = setup);

Test(sgdb_core, vcpus_are_listed_in_order)
{
    cr_expect_eq(vcpus_count(), 1);
    cr_expect_eq(vcpu_get(0), cpu);
    cr_expect_null(vcpu_get(1));
    cr_expect_null(vcpu_get(-1));
}

Test(sgdb_core, holding_kicks_the_vcpu_out_of_generated_code)
{
    cpu->exit_request = 0;
    vcpus_pause(); /* no thread runs: every vCPU counts as parked */
    cr_expect_eq(cpu->exit_request, 1);
    cpu->exit_request = 0;
    vcpu_set_held(cpu, false);
    cr_expect_eq(cpu->exit_request, 0, "a release needs no kick");
    vcpu_set_held(cpu, true);
    cr_expect_eq(cpu->exit_request, 1);
    vcpu_set_held(cpu, false);
    cpu->exit_request = 0;
}

Test(sgdb_core, breakpoint_changes_flush_every_tb_in_system_mode)
{
    uint32_t n = tb_flush_count_now();
    cr_assert_eq(cpu_breakpoint_insert(0xc0008000u), 0);
    cr_expect_eq(tb_flush_count_now(), n + 1, "insert flushes");
    cr_expect(cpu_breakpoint_at(0xc0008000u));
    cr_assert_eq(cpu_breakpoint_insert(0xc0008000u), 0);
    cr_expect_eq(tb_flush_count_now(), n + 1, "the same breakpoint again changes nothing");
    cr_expect_eq(cpu_breakpoint_remove(0xc0008004u), -1);
    cr_expect_eq(tb_flush_count_now(), n + 1, "removing an unknown one changes nothing");
    cr_expect_eq(cpu_breakpoint_remove(0xc0008000u), 0);
    cr_expect_eq(tb_flush_count_now(), n + 2, "remove flushes");
    cr_expect(!cpu_breakpoint_at(0xc0008000u));
    cpu_breakpoint_remove_all();
    cr_expect_eq(tb_flush_count_now(), n + 2, "removing none flushes nothing");
    cpu_breakpoint_insert(0x1000);
    cpu_breakpoint_insert(0x2000);
    cpu_breakpoint_remove_all();
    cr_expect_eq(tb_flush_count_now(), n + 5, "two inserts and one remove_all");
    cr_expect(!cpu_breakpoint_at(0x1000) && !cpu_breakpoint_at(0x2000));
}
