/*
 * The user-mode guest descriptor: everything generic user mode needs to
 * know about one guest architecture, in one const struct.
 *
 * Each guest fills one UserGuest in linux-user/<guest>/guest.c; the table
 * in linux-user/guests.c is the only place that lists them. main.c picks
 * the guest from the program name (xrun-arm) or from the ELF header (plain
 * xrun, binfmt_misc) and stores it in user_guest; from then on the loader,
 * the address space, signal delivery, /proc emulation and the syscall layer
 * ask user_guest instead of naming an architecture:
 *
 *     const UserGuest *g = user_guest_for_elf(ehdr.e_machine, ei_class);
 *     user_guest_choose(g);
 *     guest_space_init(g->layout.addr_bits);
 *     ...
 *     g->cpu_loop(g->cpu_create(&image_info));
 *
 * docs/user-guests.md lists what a new guest provides.
 */
#ifndef XRUN_LINUX_USER_GUEST_H
#define XRUN_LINUX_USER_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "linux-user/binfmt.h"
#include "linux-user/user.h"
#include "xrun/gdbstub.h"

struct SignalArch;
struct SysAbi;

/* Where things go in the guest address space (all guest addresses). A
 * 48-bit layout is nominal: guest_space_init fits it into what the host
 * grants, and guest_layout() (user.h) returns the fitted one. */
typedef struct UserGuestLayout {
    unsigned addr_bits;     /* guest_space_init's argument: 32 or 48 */
    uint64_t task_size;     /* first address no guest mapping may reach */
    uint64_t mmap_base;     /* start of the search for non-fixed mappings */
    bool mmap_top_down;     /* search down from mmap_base (64-bit Linux) or up */
    uint64_t mmap_min;      /* lowest address a non-fixed mapping may take */
    uint64_t pie_base;      /* load address of a PIE main program */
    uint64_t stack_top;     /* first address above the initial stack */
} UserGuestLayout;

typedef struct UserGuest {
    const char *name;       /* "arm": xrun-<name>, the binfmt entry, -version */
    const char *display;    /* "ARM": in "supported: ..." messages */
    /* The ELF programs this guest runs: e_machine and EI_CLASS. */
    unsigned elf_machine;
    int elf_class;
    /* Further header checks once e_machine matched (class, byte order,
     * e_flags); 0, or prints one loader error and returns -1. */
    int (*check_elf)(const char *path, int ei_class, int ei_data, uint64_t e_flags);
    UserGuestLayout layout;
    const char *ld_prefix;  /* default -L when it exists: "/usr/arm-linux-gnueabihf" */
    const char *uname_machine;  /* uname's machine: "armv7l" */
    BinfmtGuest binfmt;     /* the ELF header pattern for binfmt_misc */

    /* -- The CPU model (-cpu; NULL selects the default) -- */
    bool (*cpu_model_valid)(const char *model);
    void (*cpu_model_list)(FILE *out);
    const char *(*platform)(const char *model);  /* AT_PLATFORM string */
    uint64_t (*hwcap)(const char *model);         /* AT_HWCAP */
    uint64_t (*hwcap2)(const char *model);        /* AT_HWCAP2 */
    /* /proc/cpuinfo text into buf (snprintf conventions); its full length. */
    size_t (*cpu_info)(const char *model, int ncpus, char *buf, size_t size);

    /* -- Running -- */
    /* Guest-specific pages and state before the first instruction (ARM's
     * kuser helpers); NULL if none. 0 or -1. */
    int (*setup)(void);
    CPUState *(*cpu_create)(const ImageInfo *info);
    void (*cpu_loop)(CPUState *cpu) __attribute__((noreturn));
    /* A new thread's cpu (clone with CLONE_VM): a copy of parent's
     * registers with the syscall result 0, stack newsp if not 0, TLS tls if
     * set_tls, and a TaskState with parent's signal mask; NULL if out of
     * memory. Freed with free(cpu->ts), free(cpu). */
    CPUState *(*cpu_clone)(CPUState *parent, abi_ulong newsp, abi_ulong tls, bool set_tls);
    /* In a fork child: the same stack and TLS changes on the copied cpu. */
    void (*cpu_child_setup)(CPUState *cpu, abi_ulong newsp, abi_ulong tls, bool set_tls);
    const struct SignalArch *signal;   /* frame layout (signal_priv.h) */
    const GdbArch *gdb;                /* register file for -g */
    const struct SysAbi *sys;          /* syscall numbers, widths, layouts */
} UserGuest;

/* The guest being run; NULL until main.c or the loader chose it. */
extern const UserGuest *user_guest;

/* The guest whose ELF programs have this machine and class; failing the
 * class, one with the machine (its check_elf reports the bad class); NULL
 * if no guest runs the machine. */
const UserGuest *user_guest_for_elf(unsigned machine, int ei_class);
/* The guest a program name forces: basename "xrun-<name>" or
 * "xrun-<name>-<anything>" (binfmt aliases); NULL for plain xrun. */
const UserGuest *user_guest_for_program(const char *argv0);
/* Makes g the running guest: user_guest, its syscall ABI (sys_abi) and,
 * unless -L or XRUN_LD_PREFIX gave one, its default sysroot if present. */
void user_guest_choose(const UserGuest *g);
/* The guests of the table, in order: index 0 .. user_guest_count()-1. */
size_t user_guest_count(void);
const UserGuest *user_guest_at(size_t i);
/* For the guests' cpu_info: appends s at length n of buf (snprintf
 * conventions: what does not fit is counted, not written) and returns the
 * new length; the flags version appends " name" for each set bit i of bits
 * (below count) that names[i] names, as /proc/cpuinfo's Features line. */
size_t cpuinfo_append(char *buf, size_t size, size_t n, const char *s);
size_t cpuinfo_append_flags(char *buf, size_t size, size_t n, uint64_t bits, const char *const *names,
                            unsigned count);

/* "ARM" or "ARM, AArch64": every guest's display name, for messages. */
const char *user_guest_names(void);

#endif
