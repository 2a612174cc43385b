/*
 * Private glue between the user-mode host pieces (main, loader, mmap, the
 * guests' cpu loops). Other modules use linux-user/user.h; only these files need
 * what is here: ELF probing before the guest is known and naming mappings
 * for /proc/self/maps.
 */
#ifndef XRUN_LINUX_USER_PRIV_H
#define XRUN_LINUX_USER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "linux-user/user.h"

/*
 * Reads the ELF header of path. On success stores e_machine and the ELF
 * class and returns 0; otherwise prints one "xrun: PATH: problem" line to
 * stderr and returns -1.
 */
int loader_probe(const char *path, unsigned *machine, int *ei_class);
/* "x86-64", "AArch64", ... for an e_machine value (NULL if unknown). */
const char *loader_machine_name(unsigned machine);

/* Gives [start, end) a name in /proc/self/maps ("[stack]", "[vectors]"). */
void mmap_set_name(abi_ulong start, abi_ulong end, const char *name);

/* -- Guest cpus and the shared cpu loop (cpu_loop.c) -- */

/* A zeroed cpu of size bytes (the guest's state struct, CPUState first)
 * for arch, 64-byte aligned, with a TaskState; NULL if out of memory. */
CPUState *user_cpu_new(size_t size, const struct GuestArch *arch);
/* The first thread's cpu starts here: its tid, signal delivery bound to
 * this host thread. */
void user_cpu_start_main(CPUState *cpu);
/* A new thread's cpu: parent's state (size bytes) with a fresh jump cache
 * and no pending exit, a TaskState with parent's signal mask; NULL if out
 * of memory. Freed with free(cpu->ts), free(cpu). */
CPUState *user_cpu_copy(const CPUState *parent, size_t size);

typedef struct UserCpuLoopOps {
    /* Handles cpu_exec's exit e (all but EXCP_INTERRUPT, EXCP_DEBUG and
     * EXCP_HALTED): a syscall, a fault. Returns true when a single step
     * ends with it (an insn that left through an exception, as svc). */
    bool (*exception)(CPUState *cpu, int e);
    /* The guest pc (of a breakpoint or after a step). */
    uint64_t (*pc)(CPUState *cpu);
    /* -d int: one line for exit e. */
    void (*log)(CPUState *cpu, int e);
} UserCpuLoopOps;

/* Runs cpu forever (guest exits end the process or thread elsewhere). */
_Noreturn void user_cpu_loop(CPUState *cpu, const UserCpuLoopOps *ops);
/* A gdb breakpoint at pc or a finished single step: reports it and
 * delivers the signal gdb passes, if any. */
void user_gdb_debug_stop(CPUState *cpu, uint64_t pc, bool breakpoint);

#endif
