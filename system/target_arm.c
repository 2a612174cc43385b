/* xrun-system-arm: 32-bit ARM machines, run by translation. */
#include "frontends/arm/cpu.h"
#include "frontends/arm/gdb.h"
#include "system/target.h"

extern const Board board_virt;
static const Board *const arm_boards[] = {&board_virt};
static const char *const arm_accels[] = {"tcg", NULL};

const SysTarget sys_target = {
    .prog = "xrun-system-arm",
    .summary = "Runs a whole 32-bit ARM machine and boots a Linux kernel on it, by translation.",
    .boards = arm_boards,
    .nb_boards = 1,
    .accels = arm_accels,
    .accel_hint = "this machine runs by translation only (-accel tcg)",
    .gdb_arch = &arm_gdb_arch,
    .gdb_mmu_idx = ARM_MMU_IDX_PL1,
    .help_cpu = "CPU model: cortex-a15 (default), cortex-a7, max (-cpu help)",
    .help_smp = "number of CPUs (1 to 4)",
    .help_kernel = "zImage, gzip-compressed kernel or raw Image",
};
