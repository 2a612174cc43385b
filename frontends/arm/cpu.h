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
};

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

#endif
