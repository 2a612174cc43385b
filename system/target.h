/*
 * What one system-mode executable is: its name, the boards it offers, the
 * accelerators they run on and the debugger's view of its CPUs.
 * system/main.c is shared; each executable links one target file that
 * defines sys_target (system/target_arm.c for xrun-system-arm,
 * system/target_x86_64.c for xrun-system-x86_64).
 */
#ifndef XRUN_SYSTEM_TARGET_H
#define XRUN_SYSTEM_TARGET_H

#include <stddef.h>

#include "system/board.h"

struct GdbArch;

typedef struct SysTarget {
    const char *prog;         /* "xrun-system-arm" */
    const char *summary;      /* the first lines of --help */
    const Board *const *boards;
    size_t nb_boards;
    const char *default_machine; /* NULL: -M is required */
    const char *const *accels;   /* the -accel names it takes, first the default, NULL-terminated */
    const char *accel_hint;      /* why the others are refused */
    /* The GDB stub's view of the CPUs, NULL when there is no stub. */
    const struct GdbArch *gdb_arch;
    int gdb_mmu_idx;
    /* --help lines for -cpu, -smp and -kernel. */
    const char *help_cpu, *help_smp, *help_kernel;
} SysTarget;

extern const SysTarget sys_target;

#endif
