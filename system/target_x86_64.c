/* xrun-system-x86_64: x86_64 machines, run by the host CPU under KVM. */
#include "system/target.h"

extern const Board board_microvm;
static const Board *const x86_boards[] = {&board_microvm};
static const char *const x86_accels[] = {"kvm", NULL};

const SysTarget sys_target = {
    .prog = "xrun-system-x86_64",
    .summary = "Runs a whole x86_64 machine under KVM and boots a Linux kernel on it.",
    .boards = x86_boards,
    .nb_boards = 1,
    .default_machine = "microvm",
    .accels = x86_accels,
    .accel_hint = "x86_64 machines run under KVM only (-accel kvm); running them by translation needs an "
                  "x86 frontend, which xrun does not have yet",
    .help_cpu = "CPU model: host (the default: what KVM offers of the host CPU)",
    .help_smp = "number of CPUs (1 to 64)",
    .help_kernel = "bzImage or uncompressed ELF vmlinux",
};
