/*
 * linux-user internals: the pieces of user mode and how they call each other.
 *
 *   main.c       command line, picks the guest from the ELF header, starts the loop
 *   loader.c     ELF loading with libelf, initial stack (argv, envp, auxv)
 *   mmap.c       the guest address space at guest_base, page flags, guest mmap/brk
 *   guests.c     the table of guests (descriptors: linux-user/guest.h)
 *   <guest>/     a guest's cpu loop (cpu_exec, exceptions -> syscalls/signals),
 *                CPU models and signal frames
 *   signal.c     host signal handlers, guest signal state, delivery and frames
 *   ../syscalls/ the syscall layer (shared handlers + one table per guest ABI)
 *
 * Guest values are passed as abi_long (64 bits wide for every guest; 32-bit
 * guests use the low half).
 */
#ifndef XRUN_LINUX_USER_H
#define XRUN_LINUX_USER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "xrun/cpu.h"
#include "xrun/guest.h"

typedef int64_t abi_long;
typedef uint64_t abi_ulong;

/* -- Options (main.c) -- */

typedef struct UserOptions {
    const char *ld_prefix;      /* -L / XRUN_LD_PREFIX: guest sysroot */
    const char *argv0;          /* -0: argv[0] for the guest */
    const char *cpu_model;      /* -cpu */
    const char *log_file;       /* -D */
    unsigned log_mask;          /* -d items (LOG_*) */
    bool strace;                /* -strace */
    unsigned stack_size;        /* -s */
    const char *self_path;      /* our own executable, for execve of foreign ELFs */
    bool secure;                /* AT_SECURE: started with other credentials (binfmt C) */
    char **extra_env;           /* -E settings, NULL-terminated */
    char **unset_env;           /* -U names, NULL-terminated */
    bool perfmap;               /* -perfmap: /tmp/perf-PID.map for perf */
} UserOptions;

extern UserOptions user_opts;

enum {
    LOG_IN_ASM = 1, LOG_OP = 2, LOG_OP_OPT = 4, LOG_OUT_ASM = 8,
    LOG_EXEC = 16, LOG_CPU = 32, LOG_STRACE = 64, LOG_INT = 128, LOG_STATS = 256,
    LOG_UNIMP = 512,
};
extern FILE *log_out;           /* -D file or stderr */
#define log_enabled(mask) ((user_opts.log_mask & (mask)) != 0)

/* -- The loaded program (loader.c) -- */

typedef struct ImageInfo {
    uint64_t entry;             /* where execution starts (interpreter's if any) */
    uint64_t load_bias;
    uint64_t phdr, phnum, phent;
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk, brk;
    uint64_t stack_top, start_stack; /* start_stack = initial sp */
    uint64_t interp_base;
    uint64_t arg_start, arg_end, env_start, env_end;
    uint64_t auxv_start, auxv_len;
    uint64_t elf_flags;
    unsigned e_machine;
    int ei_class;               /* ELFCLASS32 / ELFCLASS64 */
    const char *exec_path;      /* absolute path of the guest program */
} ImageInfo;

extern ImageInfo image_info;

/* Loads path as the guest program; returns 0 or prints one clear error and returns -1. */
int loader_exec(const char *path, char **argv, char **envp, ImageInfo *info);
/* The same from an open fd of the program (binfmt_misc's AT_EXECFD), which
 * it closes; path is the name the guest sees in AT_EXECFN and messages. */
int loader_exec_fd(int fd, const char *path, char **argv, char **envp, ImageInfo *info);

/* -- Address space (mmap.c) -- */

/* Reserves the guest range (4 GiB for 32-bit guests) at guest_base and
 * places mappings by user_guest's layout (a default one if no guest was
 * chosen yet). */
int guest_space_init(unsigned addr_bits);
struct UserGuestLayout;
/* The layout guest_space_init adopted. */
const struct UserGuestLayout *guest_layout(void);
abi_long target_mmap(abi_ulong addr, abi_ulong len, int prot, int flags, int fd, off_t off);
abi_long target_munmap(abi_ulong addr, abi_ulong len);
abi_long target_mprotect(abi_ulong addr, abi_ulong len, int prot);
abi_long target_mremap(abi_ulong old, abi_ulong old_len, abi_ulong new_len, int flags, abi_ulong new_addr);
abi_long target_brk(abi_ulong new_brk);
/* SysV shm: attaches host segment shmid (size bytes, key for the maps name)
 * at guest addr (0: a free range) with SHM_RDONLY/SHM_EXEC/SHM_REMAP from
 * shmflg; returns the guest address or -errno. shmdt detaches what an
 * attach put at addr. */
abi_long target_shmat(int shmid, abi_ulong addr, uint64_t size, int shmflg, uint32_t key);
abi_long target_shmdt(abi_ulong addr);
void target_set_brk(abi_ulong start);
/* Writes /proc/self/maps lines for the guest to fd. */
void mmap_dump_maps(FILE *out);

/* Guest memory access checks for syscalls: true if [addr, addr+len) is
 * mapped with (PAGE_READ or PAGE_WRITE). */
static inline bool access_ok(int type, abi_ulong addr, abi_ulong len)
{
    if (len == 0)
        return true;
    if (type & PAGE_WRITE)
        return page_check_write(addr, len) && page_check_range(addr, len, type);
    return page_check_range(addr, len, type);
}
/* Copies a NUL-terminated guest string; returns its host pointer or NULL (EFAULT). */
const char *lock_user_string(abi_ulong addr);

/* -- Per-thread state -- */

typedef struct TaskState {
    CPUState *cpu;
    pid_t tid;
    abi_ulong child_tidptr;     /* CLONE_CHILD_CLEARTID */
    abi_ulong robust_list;
    /* signal state of this thread (signal.c) */
    /* The guest's blocked mask, which is also the host's (the numbers are
     * the same): guest_mask is its 64 bits (bit n-1 = signal n), the way
     * signal.c reads and writes it, since glibc's sigaddset refuses 32/33;
     * signal_mask is the same bits as a sigset_t for sigismember(). */
    union {
        sigset_t signal_mask;
        uint64_t guest_mask;
    };
    abi_ulong sigaltstack_sp, sigaltstack_size;
    int sigaltstack_flags;
    volatile int signal_pending;
    struct {
        volatile int pending;
        siginfo_t info;         /* host numbering and layout */
    } sync_signal, sigtab[65];
    bool in_sigsuspend;
    uint64_t sigsuspend_mask;
    /* Set by the cpu loop when a syscall returned -XRUN_ERESTARTSYS and it
     * backed the pc up to the svc; signal delivery then decides (SA_RESTART)
     * whether the syscall restarts or returns -EINTR. */
    bool syscall_restart;
    /* sigcontext words of the last fault: trap_no, error_code, fault_address */
    uint32_t sig_trap_no, sig_error_code;
    abi_ulong sig_fault_addr;
} TaskState;

/* -- Signals (signal.c + <arch>/signal.c) -- */

void signal_init(void);
/* Queues a synchronous guest signal for cpu (fault, SIGILL, SIGTRAP). */
void force_sig_fault(CPUState *cpu, int sig, int code, abi_ulong addr);
/* Delivers pending guest signals; called by the cpu loop between TBs. */
void process_pending_signals(CPUState *cpu);
abi_long do_rt_sigaction(int sig, abi_ulong act, abi_ulong oldact, abi_ulong sigsetsize);
abi_long do_rt_sigprocmask(CPUState *cpu, int how, abi_ulong set, abi_ulong oldset, abi_ulong sigsetsize);
abi_long do_sigaltstack(CPUState *cpu, abi_ulong ss, abi_ulong oss);
abi_long do_rt_sigreturn(CPUState *cpu);
abi_long do_sigreturn(CPUState *cpu);
abi_long do_rt_sigsuspend(CPUState *cpu, abi_ulong mask, abi_ulong sigsetsize);
abi_long do_rt_sigpending(CPUState *cpu, abi_ulong set, abi_ulong sigsetsize);
abi_long do_rt_sigtimedwait(CPUState *cpu, abi_ulong set, abi_ulong info, abi_ulong ts, abi_ulong sigsetsize);
/* rt_sigtimedwait_time64: the same with a 64-bit struct timespec (glibc 2.34+ tries it first). */
abi_long do_rt_sigtimedwait_time64(CPUState *cpu, abi_ulong set, abi_ulong info, abi_ulong ts,
                                   abi_ulong sigsetsize);
/* kind: KILL_LIKE_KILL (pid, sig), KILL_LIKE_TKILL (tid, sig), KILL_LIKE_TGKILL (tgid, tid, sig). */
enum { KILL_LIKE_KILL, KILL_LIKE_TKILL, KILL_LIKE_TGKILL };
abi_long do_kill_like(int kind, abi_long a0, abi_long a1, abi_long a2); /* kill/tkill/tgkill */
/* rt_sigqueueinfo (tgid, sig, info) when tid < 0, else rt_tgsigqueueinfo (tgid, tid, sig, info). */
abi_long do_rt_sigqueueinfo(abi_long tgid, abi_long tid, abi_long sig, abi_ulong info);
/* Blocks all host signals (but the synchronous fault signals) until the next
 * process_pending_signals(), e.g. around syscalls that must not be interrupted. */
void block_signals(void);
/* Per-thread setup: host alternate signal stack, binds ts to this host
 * thread. signal_init() does it for the first thread; clone() children call
 * it first thing in the new host thread (delivery also does it lazily). */
void signal_thread_init(TaskState *ts);
/* A guest thread's host thread is exiting: blocks every host signal on it
 * for good, unbinds its TaskState and unmaps its host altstack, so that the
 * caller may free the TaskState. */
void signal_thread_exit(void);
/* A raw host syscall (result or -errno) for calls that may block: it returns
 * -XRUN_ERESTARTSYS instead of entering the kernel when a guest signal is
 * already pending, and a signal arriving on the way in cannot be lost (see
 * safe_syscall.c). Use it for read/write on pipes and sockets, wait4, pause,
 * accept, connect, futex waits, ...: safe_syscall(SYS_read, fd, buf, n).
 * Calls Linux never restarts (pause, nanosleep, poll, ...) turn its
 * -XRUN_ERESTARTSYS into -EINTR. */
long safe_syscall(long nr, ...);
/* Guest <-> host signal numbers: the identity on 1..64 (0 outside). Host
 * 32/33, which glibc keeps for itself, are the guest's 32/33 (signal.c). */
int guest_to_host_signal(int sig);
int host_to_guest_signal(int sig);
/* Guest sigset (64 bits, bit n-1 = signal n) <-> host sigset_t; written bit
 * by bit, since glibc's sigaddset refuses 32 and 33. Pass such a set only
 * to raw syscalls (glibc's sigprocmask would drop 32/33 again). */
void guest_to_host_sigset(sigset_t *out, uint64_t set);
uint64_t host_to_guest_sigset(const sigset_t *set);
/* This host thread's mask through the raw syscall (all 64 signals);
 * both return the previous mask. */
uint64_t sig_host_setmask(uint64_t mask);
uint64_t sig_host_block_all(void);
/* After a host ppoll/pselect6/epoll_pwait given the guest's mask (a host
 * set, or NULL for none), with its result (-errno): when a signal the mask
 * let in interrupted it, the handler runs under that mask and saves the
 * caller's (the kernel's set_user_sigmask). Returns ret. */
long sig_call_mask_done(const void *mask, long ret);
/* Call after each pthread_create, host signals still blocked: restores the
 * host dispositions of 32/33, which glibc takes over on its first thread. */
void sig_host_thread_created(void);

/*
 * Syscall interruption protocol (syscalls <-> cpu loop <-> signal.c):
 *  - a syscall handler whose host call failed with EINTR returns
 *    -XRUN_ERESTARTSYS (syscalls Linux never restarts, such as sigsuspend,
 *    sigtimedwait, nanosleep, poll/select/epoll with a timeout, return -EINTR);
 *  - the cpu loop then leaves the argument registers alone, backs the pc up
 *    to the syscall instruction (e.g. 4 bytes, or 2 for a Thumb svc), sets
 *    ts->syscall_restart = true and calls
 *    process_pending_signals();
 *  - if a guest handler is delivered and lacks SA_RESTART, signal.c sets
 *    the result to -EINTR and moves the pc past the instruction again
 *    (SignalArch.syscall_eintr); otherwise (SA_RESTART, ignored or no
 *    signal) the instruction simply runs again.
 * sigreturn/rt_sigreturn return -XRUN_ENORETURN: the cpu loop must then
 * write no result (the registers were restored from the frame).
 */
#define XRUN_ERESTARTSYS 512
#define XRUN_ENORETURN 513

/* -- Syscalls (../syscalls) -- */

/* Runs guest syscall num for cpu with six arguments; returns the guest result
 * (negative errno on failure), or -XRUN_ERESTARTSYS. */
abi_long do_syscall(CPUState *cpu, abi_long num, abi_long a1, abi_long a2, abi_long a3, abi_long a4,
                    abi_long a5, abi_long a6);
/* Host errno -> guest errno (identical numbering on every supported guest). */
static inline abi_long host_to_guest_errno(int e) { return e; }

#endif
