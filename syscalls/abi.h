/*
 * A guest syscall ABI (SysAbi): the number table a guest's svc/syscall
 * instruction indexes, and how that ABI passes values.
 *
 * Each guest ABI defines one SysAbi in syscalls/<guest>/table.c; the user
 * guest descriptor (linux-user/guest.h) points at it, and choosing the guest
 * installs it as sys_abi. The one dispatcher (syscalls/dispatch.c), strace,
 * the unsupported-call report and the restart rule then serve every ABI:
 *
 *     cpu loop: r = do_syscall(cpu, nr, a0..a5)
 *       -> sys_abi->table[nr].fn(cpu, a)      a shared handler or an ABI wrapper
 *       -> -EINTR becomes -XRUN_ERESTARTSYS unless SE_NORESTART
 */
#ifndef XRUN_SYSCALLS_ABI_H
#define XRUN_SYSCALLS_ABI_H

#include <stdbool.h>
#include <stdint.h>

#include "linux-user/user.h"

typedef abi_long (*SysFn)(CPUState *cpu, const abi_long *a);

/* Entry flags. */
enum {
    SE_HEX = 1,       /* strace prints the result in hex (addresses) */
    SE_NORET = 2,     /* does not return on success: end the strace line first */
    SE_AFTER = 4,     /* fork-like: print the whole line after the call, so that
                       * parent and child each print their own pid and result */
    SE_NORESTART = 8, /* -EINTR stays -EINTR (Linux never restarts it, or the
                       * signal code already decided: see user.h) */
};

typedef struct SysEntry {
    SysFn fn;
    const char *fmt;  /* strace argument formats (sys.h) */
    unsigned flags;   /* SE_* */
} SysEntry;

struct SysLayouts;

typedef struct SysAbi {
    const char *name;             /* "arm-eabi", "lp64-generic" */
    const SysEntry *table;        /* indexed by number, table_size entries */
    const char *const *names;     /* names by number (NULL: none) */
    uint32_t table_size;
    uint32_t nr_restart_syscall;  /* number of restart_syscall */
    /* Numbers outside the table the ABI serves itself (ARM's 0xf0000
     * calls): their name, or NULL if n is not one; and the call. Both
     * NULL for an ABI without such calls. */
    const char *(*private_name)(uint32_t n);
    abi_long (*private_call)(CPUState *cpu, uint32_t n, const abi_long *a);
    /* Argument and struct widths (sys.h decodes with them). */
    unsigned ptr_bits;            /* 32: a pointer is the register's low half */
    unsigned long_bits;           /* width of C long / size_t */
    /* 64-bit arguments: true if they take two registers (low first), the
     * first one even (EABI); false if one register holds them (LP64). */
    bool pair64;
    /* SHMLBA: the alignment shmat rounds attach addresses to (SHM_RND). */
    uint32_t shmlba;
    /* The O_* bits that differ between architectures, as this ABI has them. */
    uint32_t o_directory, o_nofollow, o_direct, o_largefile;
    const struct SysLayouts *layouts;  /* struct layouts as data (layout.h) */
} SysAbi;

/* The running guest's ABI; main.c sets it with the guest. */
extern const SysAbi *sys_abi;

#endif
