/*
 * The main of the system-mode cpu test suites (arm_sys_test,
 * arm_sys_exec_test, arm_sys_qemu_test): runs the Criterion tests and
 * ends with the line "armcpu: N passed, N failed"; the exit status is
 * non-zero on any failure or crash.
 */
#ifndef XRUN_TESTS_ARM_SYS_SUMMARY_H
#define XRUN_TESTS_ARM_SYS_SUMMARY_H

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>

static struct criterion_global_stats arm_sys_summary;

ReportHook(POST_ALL)(struct criterion_global_stats *stats) { arm_sys_summary = *stats; }

int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int ok = 1;
    if (criterion_handle_args(argc, argv, true)) {
        ok = criterion_run_all_tests(tests);
    }
    criterion_finalize(tests);
    size_t failed = arm_sys_summary.tests_failed + arm_sys_summary.tests_crashed;
    fflush(stderr);
    printf("armcpu: %zu passed, %zu failed\n", arm_sys_summary.tests_passed, failed);
    return ok && failed == 0 ? 0 : 1;
}

#endif
