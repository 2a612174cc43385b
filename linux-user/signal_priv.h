/*
 * Private glue between the guest-independent signal code (signal.c) and the
 * per-guest signal frames (<arch>/signal.c).
 *
 * signal.c owns the process-wide guest sigaction table, the host handlers,
 * the pending queues and the delivery decisions; a guest's file only knows
 * how to build its signal frame and how to take it down again:
 *
 *     process_pending_signals -> sig_deliver -> arch->setup_frame(cpu, sig, ka, info, oldmask)
 *     guest handler returns   -> svc sigreturn -> do_rt_sigreturn -> arch->sigreturn(cpu, true)
 */
#ifndef XRUN_LINUX_USER_SIGNAL_PRIV_H
#define XRUN_LINUX_USER_SIGNAL_PRIV_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux-user/user.h"

#define GUEST_NSIG 64

/* A host signal set as the kernel sees it: bit n-1 = signal n. Guest and
 * host numbers are the same (signal.c), so it is the guest's set too. */
typedef uint64_t HostSigSet;
/* TaskState's guest_mask aliases the first word of its sigset_t
 * signal_mask, which on 64-bit hosts holds the kernel's 64 bits. */
_Static_assert(sizeof(unsigned long) == 8, "the kernel's set is the first word of a sigset_t");
_Static_assert(offsetof(TaskState, guest_mask) == offsetof(TaskState, signal_mask), "mask alias");
#define SIG_BIT(sig) (1ull << ((sig) - 1))
/* Fault signals xrun never blocks on the host. */
#define HOST_SIG_SYNC (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | SIG_BIT(SIGFPE) | SIG_BIT(SIGTRAP))

/* Guest (generic Linux) sigaction flags and special handlers. */
enum {
    GUEST_SA_NOCLDSTOP = 0x00000001,
    GUEST_SA_NOCLDWAIT = 0x00000002,
    GUEST_SA_SIGINFO = 0x00000004,
    GUEST_SA_THIRTYTWO = 0x02000000,
    GUEST_SA_RESTORER = 0x04000000,
    GUEST_SA_ONSTACK = 0x08000000,
    GUEST_SA_RESTART = 0x10000000,
    GUEST_SA_NODEFER = 0x40000000,
    GUEST_SA_RESETHAND = 0x80000000u,
};
#define GUEST_SIG_DFL 0
#define GUEST_SIG_IGN 1
enum { GUEST_SS_ONSTACK = 1, GUEST_SS_DISABLE = 2 };
#define GUEST_SS_AUTODISARM (1u << 31)

/* One entry of the guest's sigaction table (guest numbering, guest mask). */
typedef struct GuestSigAction {
    abi_ulong handler;
    abi_ulong flags;
    abi_ulong restorer;
    uint64_t mask;              /* bit n-1 = guest signal n */
} GuestSigAction;

extern GuestSigAction sig_actions[GUEST_NSIG + 1];

/* A guest siginfo_t: 128 bytes in the running ABI's layout
 * (sys_abi->layouts->siginfo; union at 12 on 32-bit ABIs, at 16 on LP64). */
typedef struct GuestSiginfo {
    uint8_t bytes[128];
} GuestSiginfo;

/* Guest-specific frame code; one instance per guest (UserGuest.signal). */
typedef struct SignalArch {
    /* The guest stack pointer (for sigaltstack's "on the stack" tests). */
    abi_ulong (*get_sp)(CPUState *cpu);
    /* Builds the frame and points the cpu at the handler; false if the frame
     * could not be written (the caller then forces SIGSEGV). info is NULL
     * unless SA_SIGINFO. oldmask is the mask the handler's return restores. */
    bool (*setup_frame)(CPUState *cpu, int sig, const GuestSigAction *ka, const GuestSiginfo *info,
                        uint64_t oldmask);
    /* sigreturn (rt = false) / rt_sigreturn; returns -XRUN_ENORETURN. */
    abi_long (*sigreturn)(CPUState *cpu, bool rt);
    /* The syscall the pc was backed up to must return -EINTR instead of restarting. */
    void (*syscall_eintr)(CPUState *cpu);
    /* Records in ts the frame's fault words (sig_trap_no, sig_error_code)
     * for a host fault signal hsig (SIGSEGV, SIGBUS, SIGILL) with si_code
     * code; write: the access was a store. */
    void (*fault_info)(TaskState *ts, int hsig, int code, bool write);
    /* MINSIGSTKSZ: the smallest alternate stack sigaltstack accepts. */
    unsigned minsigstksz;
} SignalArch;

/* -- Services of signal.c for the frame code -- */

/* The stack pointer the frame goes below: the top of the alternate stack if
 * flags has SA_ONSTACK and one is set up and not in use, else sp. */
abi_ulong sig_frame_sp(TaskState *ts, abi_ulong sp, abi_ulong flags);
/* Values of the frame's uc_stack for a guest at sp; disarms an
 * SS_AUTODISARM alternate stack, as the kernel does once it is saved. */
void sig_save_altstack(TaskState *ts, abi_ulong sp, uint64_t out[3]);
/* rt_sigreturn: reinstalls the uc_stack at guest address uss (errors ignored). */
void sig_restore_altstack(CPUState *cpu, abi_ulong uss);
/* Sets the guest's blocked mask (after sigreturn) and rechecks pending signals. */
void sig_set_guest_mask(CPUState *cpu, uint64_t mask);
/* Queues a SIGSEGV (SI_KERNEL) for a frame that could not be read or written. */
void sig_force_sigsegv(CPUState *cpu);
/* Host siginfo (host numbering) -> guest layout and numbering. */
void sig_host_to_guest_siginfo(GuestSiginfo *out, const siginfo_t *in);
/* A guest's siginfo for sigqueue-like calls -> host one for host signal
 * hsig: errno, code, sender and value. A 4-byte si_value is sign-extended
 * into the host's pointer-sized one if sign_extend, else zero-extended. */
void sig_guest_to_host_siginfo(siginfo_t *out, const GuestSiginfo *in, int hsig, bool sign_extend);

/* safe_syscall.c: if host_pc is inside safe_syscall's check-then-enter
 * window, moves it to the "interrupted" exit and returns true. */
bool safe_syscall_interrupt(uintptr_t *host_pc);

/* -- Services of signal.c for signal_syscalls.c -- */

/* The first 64 bits of a glibc sigset_t, and back (rest cleared). */
HostSigSet hset_get(const sigset_t *set);
void hset_put(sigset_t *set, HostSigSet v);
/* The signals recorded in ts->sigtab (taken from the host, not delivered). */
HostSigSet sig_recorded(const TaskState *ts);
/* Raw rt_sigpending of this host thread (thread and process queues). */
HostSigSet sig_host_pending(void);
/* The signal the kernel would dequeue first from set (fault signals, then
 * the lowest number); 0 for an empty set. */
int sig_next_in_set(HostSigSet set);
/* Takes the next signal of set for ts, from sigtab or the host queues, in
 * the kernel's order; false if none. All host signals must be blocked. */
bool sig_dequeue(TaskState *ts, HostSigSet set, siginfo_t *info);

const SignalArch *sig_arch(void);
TaskState *sig_current_ts(void);
/* cpu's TaskState, bound to this host thread first if it is not yet (the
 * first thread then takes the mask xrun inherited). */
TaskState *sig_task(CPUState *cpu);
/* Blocks every host signal but the fault ones. */
void sig_block_all(void);
/* Host mask := guest mask of ts (minus the fault signals). */
void sig_apply_host_mask(TaskState *ts);
/* Call after ts->signal_mask changed (host signals blocked): marks newly
 * deliverable recorded signals pending, else applies the host mask. */
void sig_mask_changed(TaskState *ts);
/* True if a recorded signal is deliverable under ts->signal_mask. */
bool sig_has_deliverable(TaskState *ts);
/* Makes the host disposition of guest sig follow sig_actions[sig]. Call
 * with the table lock held. */
void sig_update_host_action(int sig);
void sig_lock_table(void);
void sig_unlock_table(void);
/* ss_flags of the current alternate stack for a guest at sp. */
int sig_altstack_flags(const TaskState *ts, abi_ulong sp);
/* sigaltstack's checks and update; 0 or a negative errno. */
int sig_set_altstack(TaskState *ts, abi_ulong sp, abi_ulong ss_sp, uint32_t ss_flags, abi_ulong ss_size);
/* Reads a guest stack_t (the ABI's layout); false if unreadable. */
bool sig_read_guest_stack(abi_ulong addr, abi_ulong *ss_sp, uint32_t *ss_flags, abi_ulong *ss_size);

#endif
