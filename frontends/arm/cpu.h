/*
 * AArch32 guest CPU state, as generated code and helpers see it.
 *
 * Flags are kept split so each is produced by one IR op:
 *   NF: bit 31 is N        ZF: Z is set when ZF == 0
 *   CF: 0 or 1             VF: bit 31 is V
 * The Q flag is QF != 0; GE holds the four GE bits in bits 0-3.
 */
#ifndef XRUN_ARM_CPU_H
#define XRUN_ARM_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "xrun/cpu.h"
#include "xrun/translator.h"

/* ARM exception numbers (CPUState.exception_index). */
enum {
    EXCP_UDEF = EXCP_ARCH + 1,  /* undefined instruction -> SIGILL */
    EXCP_SWI,                   /* svc: system call */
    EXCP_PREFETCH_ABORT,        /* instruction fetch fault */
    EXCP_DATA_ABORT,            /* data access fault (exception_addr) */
    EXCP_BKPT,                  /* bkpt -> SIGTRAP */
    EXCP_KERNEL_TRAP,           /* pc entered the kuser helper page */
    EXCP_YIELD,
    /* System mode only. */
    EXCP_IRQ,                   /* taken by arm_exec_interrupt */
    EXCP_FIQ,
    EXCP_HVC,                   /* hvc: PSCI when it is the conduit, else UNDEFINED */
    EXCP_SMC,                   /* smc: the same */
};

/* CPSR.M values (ARM DDI 0406C B1.3.1). */
enum {
    ARM_MODE_USR = 0x10,
    ARM_MODE_FIQ = 0x11,
    ARM_MODE_IRQ = 0x12,
    ARM_MODE_SVC = 0x13,
    ARM_MODE_MON = 0x16,
    ARM_MODE_ABT = 0x17,
    ARM_MODE_HYP = 0x1a,
    ARM_MODE_UND = 0x1b,
    ARM_MODE_SYS = 0x1f,
};

/* CPSR bits outside the flags (cpsr_other). */
enum {
    CPSR_E = 1u << 9,
    CPSR_A = 1u << 8,
    CPSR_I = 1u << 7,
    CPSR_F = 1u << 6,
    CPSR_M = 0x1fu,
};

/* Register banks: r13, r14 and SPSR per mode (USR and SYS share bank 0;
 * monitor and hyp modes do not exist here). */
enum { ARM_BANK_USR, ARM_BANK_SVC, ARM_BANK_ABT, ARM_BANK_UND, ARM_BANK_IRQ, ARM_BANK_FIQ, ARM_BANK_N };

/* MMU indexes of system mode (xrun/softmmu.h): unprivileged and PL1
 * accesses. User mode uses ARM_MMU_IDX_PL0 throughout. */
enum { ARM_MMU_IDX_PL0 = 0, ARM_MMU_IDX_PL1 = 1 };

/* The CP15 state Linux uses (cp15.c holds the table that names each
 * register; ID registers come from the CPU model at reset). */
typedef struct ArmCP15 {
    uint32_t sctlr, cpacr;
    uint64_t ttbr0, ttbr1;      /* 64-bit: LPAE (TTBCR.EAE) uses the whole value */
    uint32_t ttbcr, dacr;
    uint32_t dfsr, ifsr, dfar, ifar;
    uint64_t par;
    uint32_t contextidr, fcseidr;
    uint32_t tpidrurw, tpidrprw;
    uint32_t prrr, nmrr;        /* MAIR0 / MAIR1 under LPAE */
    uint32_t vbar;
    uint32_t csselr;
    uint32_t dbgdscr;           /* DBGDSCRext: MDBGen and friends */
    uint32_t dbgoslsr;          /* OS lock status (DBGOSLAR sets OSLK) */
    uint32_t cbar;              /* configuration base address (board) */
    uint32_t dbgbvr[16], dbgbcr[16], dbgwvr[16], dbgwcr[16];
    uint32_t teecr, teehbr;     /* ThumbEE (ID_PFR0 advertises it; Linux switches TEEHBR) */
    /* Identification, read-only. */
    uint32_t midr, revidr, mpidr, ctr, tcmtr, tlbtr, aidr;
    uint32_t id_pfr0, id_pfr1, id_dfr0, id_afr0;
    uint32_t id_mmfr[4], id_isar[6];
    uint32_t clidr, ccsidr[4];  /* indexed by CSSELR: L1 data, L1 insn, L2 */
    uint32_t dbgdidr, dbgdevid, dbgdevid1, l2ctlr;
    uint32_t dbgosdlr, pmu_counters;
    uint32_t fpsid, mvfr0, mvfr1;
} ArmCP15;

/* One timer of the generic timer (gtimer.c): ARM_GT_PHYS or ARM_GT_VIRT. */
typedef struct ArmGTimer {
    uint64_t cval;
    uint32_t ctl;               /* ENABLE, IMASK (ISTATUS is computed) */
    bool level;                 /* the output line as last reported */
} ArmGTimer;
enum { ARM_GT_PHYS, ARM_GT_VIRT, ARM_GT_N };

struct ArmSysHooks;


typedef struct CPUARMState {
    CPUState common;            /* must be first */
    uint32_t regs[16];
    uint32_t NF, ZF, CF, VF;
    uint32_t QF;
    uint32_t GE;
    uint32_t thumb;             /* 1 in Thumb state */
    uint32_t condexec_bits;     /* IT state: (firstcond << 4) | mask, as in ITSTATE */
    uint32_t cpsr_other;        /* other CPSR bits (E, A, I, F, mode) */
    uint32_t tpidruro;          /* TLS pointer (set_tls) */
    /* Exclusive monitor: address (or -1) and value seen by ldrex. */
    uint32_t exclusive_addr;
    uint32_t exclusive_size;
    uint64_t exclusive_val;
    uint64_t exclusive_high;
    /* Fault information for EXCP_DATA_ABORT / PREFETCH_ABORT. */
    uint32_t exception_addr;
    uint32_t exception_fsr;     /* 0 = SEGV_MAPERR, 1 = SEGV_ACCERR, 2 = BUS_ADRALN */
    uint32_t svc_imm;
    /* VFP/NEON: d0-d31 (q0-q15 are pairs). */
    uint64_t vfp_d[32] __attribute__((aligned(16)));
    uint32_t fpscr;             /* without the cumulative flags kept below */
    uint32_t fpexc;
    uint32_t fp_status_flags;   /* cumulative exception bits IOC..IDC */
    uint32_t vfp_scratch[8];
    uint32_t features;          /* ARM_FEATURE_* of the -cpu model */

    /* -- System mode (cpu-sys.c); all zero in user mode -- */
    uint32_t sysmode;           /* non-zero: privileged state is live */
    uint32_t banked_r13[ARM_BANK_N], banked_r14[ARM_BANK_N], banked_spsr[ARM_BANK_N];
    uint32_t usr_r8_12[5];      /* r8-r12 of every mode but FIQ, while in FIQ */
    uint32_t fiq_r8_12[5];      /* FIQ's r8-r12, while in another mode */
    ArmCP15 cp15;
    ArmGTimer gt[ARM_GT_N];
    uint64_t cntvoff;
    uint32_t cntkctl, cntfrq;
    uint32_t powered_off;       /* PSCI: CPU_OFF, or secondary not yet started */
    uint32_t psci_conduit;      /* ARM_PSCI_NONE, _HVC, _SMC */
    uint32_t psci_version;
    const struct ArmSysModel *model;
    const struct ArmSysHooks *hooks; /* the board's side (timer lines, PSCI) */
    void *hooks_opaque;
} CPUARMState;

/*
 * Optional instruction groups, set per CPU model (linux-user/arm/cpu_models.c).
 * Without its bit, every insn of a group is UNDEFINED, as on an ARMv7 core.
 */
enum {
    ARM_FEATURE_V8 = 1 << 0,     /* VRINT, VCVT{A,N,P,M}, VSEL, VMAXNM, LDA/STL, f16<->f64 */
    ARM_FEATURE_CRC32 = 1 << 1,  /* CRC32{B,H,W}, CRC32C{B,H,W} */
    ARM_FEATURE_AES = 1 << 2,    /* AESE, AESD, AESMC, AESIMC, VMULL.P64 */
    ARM_FEATURE_SHA1 = 1 << 3,   /* SHA1C/P/M/H/SU0/SU1 */
    ARM_FEATURE_SHA2 = 1 << 4,   /* SHA256H/H2/SU0/SU1 */
    ARM_FEATURE_FP16 = 1 << 5,   /* ARMv8.2 half-precision arithmetic */
    ARM_FEATURE_ASIMDHP = 1 << 6, /* ARMv8.2 Advanced SIMD .F16 arithmetic */
};

/* Thumb state, IT state and FPSCR.{LEN,STRIDE} bits form the TB flags. */
enum {
    ARM_TBFLAG_THUMB = 1,
    ARM_TBFLAG_CONDEXEC_SHIFT = 1,   /* 8 bits of IT state */
    ARM_TBFLAG_VECLEN_SHIFT = 9,     /* 3 bits */
    ARM_TBFLAG_VECSTRIDE_SHIFT = 12, /* 2 bits */
    ARM_TBFLAG_SCTLR_B = 1 << 14,
    /* System mode: the privilege (mmu index of ordinary loads and stores,
     * whether privileged insns are allowed), VFP enabled (CPACR and
     * FPEXC.EN), SCTLR.A alignment checking, CPACR's grant of cp10. Zero
     * in user mode. */
    ARM_TBFLAG_SYS = 1 << 15,
    ARM_TBFLAG_PRIV = 1 << 16,
    ARM_TBFLAG_VFPEN = 1 << 17,
    ARM_TBFLAG_ALIGN = 1 << 18,
    ARM_TBFLAG_FPACCESS = 1 << 19,   /* CPACR grants cp10: VMRS/VMSR of FPEXC & co at PL1 */
    ARM_TBFLAG_SYS_MASK = ARM_TBFLAG_SYS | ARM_TBFLAG_PRIV | ARM_TBFLAG_VFPEN | ARM_TBFLAG_ALIGN |
                          ARM_TBFLAG_FPACCESS,
};

extern const GuestArch arm_guest_arch;

/* Offset of a CPUARMState field from env, for IR loads and stores. */
#define ENV_OFS(field) ((int)offsetof(CPUARMState, field))

/* CPSR as the architecture defines it, built from and stored to the split fields. */
uint32_t arm_cpsr_read(const CPUARMState *env);
void arm_cpsr_write(CPUARMState *env, uint32_t val, uint32_t mask);

/* FPSCR including the cumulative flags. */
uint32_t arm_fpscr_read(const CPUARMState *env);
void arm_fpscr_write(CPUARMState *env, uint32_t val);

void arm_cpu_reset(CPUARMState *env);

#include "frontends/arm/cpu-sys.h"

#endif
