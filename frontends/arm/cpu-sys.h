/*
 * The ARMv7-A privileged CPU of system mode: what a board calls to create,
 * reset and drive an AArch32 cpu, and what the frontend's own system-mode
 * files share. Included by frontends/arm/cpu.h; nothing here is used in
 * user mode, where CPUARMState.sysmode is 0 and every privileged insn stays
 * UNDEFINED.
 *
 * A board brings a cpu up as
 *
 *     arm_sys_cpu_reset(env, arm_sys_model_find("cortex-a15"), index);
 *     env->hooks = &virt_arm_hooks;          // timer lines, PSCI actions
 *     env->hooks_opaque = board;
 *     arm_psci_set_conduit(env, ARM_PSCI_HVC, ARM_PSCI_VERSION_1_0);
 *
 * and the exec loop reaches the rest through arm_guest_arch's system hooks
 * (tlb_fill, do_interrupt, exec_interrupt, has_work, ...).
 */
#ifndef XRUN_ARM_CPU_SYS_H
#define XRUN_ARM_CPU_SYS_H

#include <stdbool.h>
#include <stdint.h>

/* -- CPU models (cpu-models.c) -- */

typedef struct ArmSysModel {
    const char *name;
    uint32_t features; /* ARM_FEATURE_* (instruction groups) */
    uint32_t midr, ctr, fpsid, mvfr0, mvfr1, sctlr;
    uint32_t id_pfr0, id_pfr1, id_dfr0, id_afr0;
    uint32_t id_mmfr[4], id_isar[6];
    uint32_t clidr, ccsidr[3];
    uint32_t dbgdidr, dbgdevid, dbgdevid1;
    uint32_t pmu_counters; /* event counters of the (RAZ/WI) performance monitors */
} ArmSysModel;

/* The model called name ("cortex-a15", "cortex-a7", "max"), or NULL. */
const ArmSysModel *arm_sys_model_find(const char *name);

/* -- The board's side -- */

/* Set by the board in env->hooks; each may be NULL. opaque is env->hooks_opaque. */
typedef struct ArmSysHooks {
    /* The output line of generic timer `timer` (ARM_GT_PHYS: PPI 30,
     * ARM_GT_VIRT: PPI 27 on virt) changed level. */
    void (*gt_set_irq)(void *opaque, CPUARMState *env, int timer, bool level);
    /* Timer `timer` next changes level at host time deadline_ns
     * (clock_ns of system/event.h); INT64_MAX: no deadline. The board arms
     * a host timer and calls arm_gt_tick(env) when it fires (from any
     * thread). Both hooks run on the cpu's thread. */
    void (*gt_set_deadline)(void *opaque, CPUARMState *env, int timer, int64_t deadline_ns);
    /* PSCI: the cpu whose MPIDR affinity fields are mpidr, or NULL. */
    CPUARMState *(*psci_cpu_by_mpidr)(void *opaque, uint32_t mpidr);
    /* PSCI: target (its state already set by arm_psci_cpu_on_state) must
     * start running; env has powered itself off (CPU_OFF) and stops. */
    void (*psci_power_on)(void *opaque, CPUARMState *target);
    void (*psci_power_off)(void *opaque, CPUARMState *env);
    /* PSCI SYSTEM_OFF / SYSTEM_RESET: the board stops or resets every cpu. */
    void (*psci_system_off)(void *opaque);
    void (*psci_system_reset)(void *opaque);
} ArmSysHooks;

/* -- State (cpu-sys.c) -- */

/* Resets env to the state of a cpu coming out of reset in system mode:
 * SVC mode, A/I/F masked, MMU and caches off, pc 0, CP15 and ID registers
 * from model, MPIDR.Aff0 = cpu_index; every cpu but cpu 0 powered off
 * until PSCI CPU_ON (powered_off). Keeps hooks and the PSCI conduit;
 * lowers timer lines that were high and flushes the TLB (if any). The
 * board then sets what depends on it: cp15.l2ctlr ((cpus - 1) << 24 |
 * 1 << 23) and cp15.cbar (virt: the GIC distributor, 0x08000000). */
void arm_sys_cpu_reset(CPUARMState *env, const ArmSysModel *model, int cpu_index);

static inline int arm_mode(const CPUARMState *env)
{
    return env->cpsr_other & CPSR_M;
}
/* The bank of mode m (ARM_BANK_*), or -1 for a mode that does not exist here. */
int arm_mode_bank(int m);
/* True in a privileged mode (PL1). */
static inline bool arm_is_priv(const CPUARMState *env)
{
    return arm_mode(env) != ARM_MODE_USR;
}

/* Changes CPSR.M to mode, swapping the banked r8-r12 (FIQ), r13 and r14.
 * An unknown mode (or MON, HYP) leaves everything as it is; returns false. */
bool arm_switch_mode(CPUARMState *env, int mode);
/* The current mode's SPSR (0 in USR and SYS, which have none). */
uint32_t arm_spsr_read(const CPUARMState *env);
void arm_spsr_write(CPUARMState *env, uint32_t val, uint32_t mask);
/* r13 / r14 of mode m as seen from any mode (LDM/STM ^, SRS). */
uint32_t arm_banked_reg_read(CPUARMState *env, int mode, int reg);
void arm_banked_reg_write(CPUARMState *env, int mode, int reg, uint32_t val);

/* The TB flag bits of system mode (ARM_TBFLAG_SYS_MASK) for env. */
uint32_t arm_sys_tb_flags(const CPUARMState *env);
/* The MMU index of ordinary accesses in the cpu's current state. */
int arm_mmu_index(CPUState *cpu);

/* -- Exceptions (excp.c) -- */

/* interrupt_request bit the board raises when a generic timer deadline has
 * passed: arm_exec_interrupt clears it and calls arm_gt_tick; it also
 * wakes a cpu in WFI. */
#define ARM_CPU_INTERRUPT_GTIMER CPU_INTERRUPT_TGT_0

/* Takes cpu->exception_index (EXCP_UDEF, SWI, PREFETCH_ABORT, DATA_ABORT,
 * BKPT, IRQ, FIQ, HVC, SMC) with regs[15] as the exec loop leaves it: the
 * faulting insn (UDEF, aborts, BKPT), the next insn (SWI, HVC, SMC) or the
 * insn to resume (IRQ, FIQ). */
void arm_do_interrupt(CPUState *cpu);
bool arm_exec_interrupt(CPUState *cpu, uint32_t interrupt_request);
bool arm_has_work(CPUState *cpu);
/* arm_sys_cpu_reset with the model and index the cpu has (GuestArch.cpu_reset). */
void arm_sys_reset(CPUState *cpu);

/* Fault status values (short descriptor FS; long descriptor STATUS with
 * DFSR.LPAE set) of the aborts the cpu raises itself. */
enum {
    ARM_FSR_ALIGN_SHORT = 0x01,
    ARM_FSR_DEBUG_SHORT = 0x02,
    ARM_FSR_EXT_SHORT = 0x08,
    ARM_FSR_ALIGN_LONG = 0x21,
    ARM_FSR_DEBUG_LONG = 0x22,
    ARM_FSR_EXT_LONG = 0x10,
    ARM_FSR_LPAE = 1u << 9,
    ARM_FSR_WNR = 1u << 11,
};
/* True when fault status values are in the long format (TTBCR.EAE). */
static inline bool arm_fsr_long(const CPUARMState *env)
{
    return env->cp15.ttbcr >> 31;
}

/* Raises a data abort (access MMU_DATA_LOAD/STORE: DFSR = fsr (+ WnR),
 * DFAR = va) or a prefetch abort (MMU_INST_FETCH: IFSR = fsr, IFAR = va)
 * for the insn at host retaddr (0: env's pc is already that insn's).
 * fsr is a complete status: FS bits and, in the long format, ARM_FSR_LPAE. */
_Noreturn void arm_raise_abort(CPUARMState *env, uint64_t va, int access, uint32_t fsr,
                               uintptr_t retaddr);

/* The system-mode hooks of arm_guest_arch. */
void arm_do_unaligned_access(CPUState *cpu, uint64_t va, int access, int mmu_idx,
                             uintptr_t retaddr);
void arm_do_bus_error(CPUState *cpu, uint64_t va, uint64_t pa, int access, int mmu_idx,
                      uintptr_t retaddr);
bool arm_tlb_fill(CPUState *cpu, uint64_t va, int access, int mmu_idx, bool probe,
                  uintptr_t retaddr);

/* The page-table walk tlb_fill uses while SCTLR.M is set (the walkers set
 * it). Returns true with the physical page, its protection (PAGE_*) and
 * size, or false with the fault status value for arm_raise_abort. With no
 * walker set, an MMU-on access faults as a translation fault. */
typedef bool ArmWalkFn(CPUARMState *env, uint32_t va, int access, int mmu_idx, uint64_t *pa,
                       int *prot, uint64_t *page_size, uint32_t *fsr);
extern ArmWalkFn *arm_walk_hook;

/* -- Coprocessor registers (cp15.c) -- */

enum {
    ARM_CP_PL0_R = 1 << 0,
    ARM_CP_PL0_W = 1 << 1,
    ARM_CP_PL1_R = 1 << 2,
    ARM_CP_PL1_W = 1 << 3,
    ARM_CP_PL0_RW = ARM_CP_PL0_R | ARM_CP_PL0_W,
    ARM_CP_PL1_RW = ARM_CP_PL1_R | ARM_CP_PL1_W,
    ARM_CP_ALL_RW = ARM_CP_PL0_RW | ARM_CP_PL1_RW,
};

typedef struct ArmCPReg ArmCPReg;
typedef uint64_t ArmCPReadFn(CPUARMState *env, const ArmCPReg *r);
typedef void ArmCPWriteFn(CPUARMState *env, const ArmCPReg *r, uint64_t val);
/* A run-time access check beyond the table's rights (CNTKCTL for PL0
 * timer reads): true if the access may proceed. */
typedef bool ArmCPAccessFn(CPUARMState *env, const ArmCPReg *r, bool write);

/* One coprocessor register: an MCR/MRC encoding (or MCRR/MRRC when is64:
 * crn unused), who may access it, and where its value lives: a field of
 * CPUARMState (field >= 0, 32 or 64 bits wide as is64 says) with the
 * writable bits wmask, or read/write functions. A register with neither
 * a field nor a function reads as reset and ignores writes. */
struct ArmCPReg {
    const char *name;
    uint8_t cp, opc1, crn, crm, opc2;
    bool is64;
    uint8_t access; /* ARM_CP_* */
    int field;      /* offsetof(CPUARMState, ...) or -1 */
    uint64_t reset;
    uint64_t wmask;
    ArmCPReadFn *read;
    ArmCPWriteFn *write;
    ArmCPAccessFn *check;
};

/* The register with this encoding on env's model, or NULL (the access is
 * UNDEFINED). */
const ArmCPReg *arm_cp_find(const CPUARMState *env, int cp, bool is64, int opc1, int crn, int crm,
                            int opc2);
/* Every register of the table, for tests and the debugger; *n is set. */
const ArmCPReg *arm_cp_table(unsigned *n);
/* True if the table allows the access at the given privilege. */
bool arm_cp_access_ok(const ArmCPReg *r, bool priv, bool write);
uint64_t arm_cp_read(CPUARMState *env, const ArmCPReg *r);
void arm_cp_write(CPUARMState *env, const ArmCPReg *r, uint64_t val);
/* Sets every register with a field to its reset value. */
void arm_cp_reset(CPUARMState *env);

/* The ATS1C* address translation ops: PAR from a walk of va (a probe). */
void arm_ats_write(CPUARMState *env, uint32_t va, int access, int mmu_idx);

/* -- Generic timer (gtimer.c) -- */

/* Counter frequency: 62.5 MHz, as qemu's virt board gives it. */
#define ARM_GT_FREQ_HZ 62500000u

/* The host clock in ns the counter follows (CLOCK_MONOTONIC by default;
 * the board may point it at its own clock, tests at a fake one). */
extern int64_t (*arm_gt_clock_ns)(void);

uint64_t arm_gt_count(const CPUARMState *env);               /* CNTPCT */
uint32_t arm_gt_ctl_read(const CPUARMState *env, int timer); /* with ISTATUS */
void arm_gt_ctl_write(CPUARMState *env, int timer, uint32_t val);
uint64_t arm_gt_cval_read(const CPUARMState *env, int timer);
void arm_gt_cval_write(CPUARMState *env, int timer, uint64_t val);
uint32_t arm_gt_tval_read(const CPUARMState *env, int timer);
void arm_gt_tval_write(CPUARMState *env, int timer, uint32_t val);
/* A deadline passed: re-evaluates both timers (output levels and
 * deadlines to the board). Called from another thread than the cpu's (the
 * board's event loop), it raises ARM_CPU_INTERRUPT_GTIMER instead, and the
 * cpu's thread does the work (arm_gt_update, from arm_exec_interrupt). */
void arm_gt_tick(CPUARMState *env);
/* The re-evaluation itself, on the cpu's thread. */
void arm_gt_update(CPUARMState *env);

/* -- PSCI (psci.c) -- */

enum { ARM_PSCI_NONE, ARM_PSCI_HVC, ARM_PSCI_SMC };
enum {
    ARM_PSCI_VERSION_0_2 = 0x00000002,
    ARM_PSCI_VERSION_1_0 = 0x00010000,
    ARM_PSCI_VERSION_1_1 = 0x00010001
};

/* Which insn calls PSCI (the device tree's "method") and which version
 * PSCI_VERSION reports (the device tree's "compatible"). */
void arm_psci_set_conduit(CPUARMState *env, int conduit, uint32_t version);
/* Handles HVC or SMC (excp) as a PSCI call if it is the conduit and r0 a
 * PSCI function: results in r0. Returns false otherwise (the insn is
 * then UNDEFINED). */
bool arm_psci_call(CPUARMState *env, int excp);
/* Sets env as a cpu CPU_ON starts: reset (keeping the board's L2CTLR and
 * CBAR), pc = entry (bit 0: Thumb), r0 = context_id, running. */
void arm_psci_cpu_on_state(CPUARMState *env, uint32_t entry, uint32_t context_id);

#endif
