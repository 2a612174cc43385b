/*
 * AArch64 guest CPU state (EL0, user mode), as generated code and helpers
 * see it.
 *
 * X0-X30 and SP are one array: xregs[31] is SP, so an insn whose Rn field
 * means "SP when 31" reads xregs[rn] directly, and one that means XZR
 * checks for 31 first (a64_read_x in a64-translate.h).
 *
 * NZCV is kept split, each flag a 64-bit value produced by one IR op:
 *   NF: bit 63 is N        ZF: Z is set when ZF == 0
 *   CF: 0 or 1             VF: bit 63 is V
 * A 32-bit (W) operation shifts its result left by 32 into NF and VF so
 * that bit 31 lands in bit 63 and a zero result stays zero.
 *
 * The exception numbers are the AArch32 ones (frontends/arm/cpu.h): the
 * cpu loop maps EXCP_UDEF to SIGILL, EXCP_SWI to a syscall and EXCP_BKPT
 * to SIGTRAP for both execution states.
 */
#ifndef XRUN_ARM_A64_CPU_H
#define XRUN_ARM_A64_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "frontends/arm/cpu.h"
#include "xrun/cpu.h"
#include "xrun/translator.h"

typedef struct CPUA64State {
    CPUState common;            /* must be first */
    uint64_t xregs[32];         /* x0-x30, then sp */
    uint64_t pc;
    uint64_t NF, ZF, CF, VF;
    uint64_t tpidr_el0;         /* TLS pointer, read-write at EL0 */
    uint64_t tpidrro_el0;       /* read-only at EL0 (the kernel's) */
    uint32_t fpcr;              /* only the bits a64_fpcr_write keeps */
    uint32_t fpsr;              /* QC and the cumulative exception flags,
                                 * less those pending in MXCSR (a64_fpsr_read) */
    /* Exclusive monitor: the address LDXR saw (or -1) and the value(s)
     * it read; STXR is a compare-and-swap against them. */
    uint64_t exclusive_addr;
    uint64_t exclusive_val;
    uint64_t exclusive_high;
    /* Scratch of the 128-bit compare-and-swap helper: the old value. */
    uint64_t cas_old[2];
    uint32_t svc_imm;           /* imm16 of the last SVC */
    uint32_t features;          /* A64_FEATURE_* */
    uint32_t midr;              /* MIDR_EL1 of the cpu model */
    /* V0-V31 (FP/AdvSIMD): storage; [0] is the low half. */
    uint64_t vregs[32][2] __attribute__((aligned(16)));
} CPUA64State;

/* Optional instruction groups beyond ARMv8.0-A. */
enum {
    A64_FEATURE_LSE = 1 << 0,   /* ARMv8.1 atomics: LDADD.., SWP, CAS, CASP */
    A64_FEATURE_CRC32 = 1 << 1, /* CRC32{B,H,W,X}, CRC32C{..} */
    A64_FEATURE_RCPC = 1 << 2,  /* ARMv8.3 LDAPR */
    A64_FEATURE_RCPC2 = 1 << 3, /* ARMv8.4 LDAPUR/STLUR: unscaled offsets */
    A64_FEATURE_FLAGM = 1 << 4, /* ARMv8.4 CFINV, RMIF, SETF8, SETF16 */
    A64_FEATURE_FLAGM2 = 1 << 5, /* ARMv8.5 AXFLAG, XAFLAG */
    A64_FEATURE_AES = 1 << 6,   /* AESE, AESD, AESMC, AESIMC, PMULL/PMULL2 .1Q */
    A64_FEATURE_SHA1 = 1 << 7,  /* SHA1C/P/M/H/SU0/SU1 */
    A64_FEATURE_SHA256 = 1 << 8, /* SHA256H/H2/SU0/SU1 */
    A64_FEATURE_SHA512 = 1 << 9, /* ARMv8.2 SHA512H/H2/SU0/SU1 */
    A64_FEATURE_SHA3 = 1 << 10, /* ARMv8.2 EOR3, RAX1, XAR, BCAX */
    A64_FEATURE_SM3 = 1 << 11,  /* ARMv8.2 SM3SS1, SM3TT*, SM3PARTW1/2 */
    A64_FEATURE_SM4 = 1 << 12,  /* ARMv8.2 SM4E, SM4EKEY */
    A64_FEATURE_FP16 = 1 << 13, /* ARMv8.2 half-precision arithmetic, scalar and AdvSIMD */
    A64_FEATURE_FRINTTS = 1 << 14, /* ARMv8.5 FRINT32Z/32X/64Z/64X */
    A64_FEATURE_JSCVT = 1 << 15, /* ARMv8.3 FJCVTZS */
    A64_FEATURE_RDM = 1 << 16,  /* ARMv8.1 SQRDMLAH, SQRDMLSH */
    A64_FEATURE_DOTPROD = 1 << 17, /* ARMv8.2 SDOT, UDOT */
    A64_FEATURE_FCMA = 1 << 18, /* ARMv8.3 FCMLA, FCADD */
    A64_FEATURE_I8MM = 1 << 19, /* ARMv8.6 SMMLA, UMMLA, USMMLA, USDOT, SUDOT */
    A64_FEATURES_DEFAULT = A64_FEATURE_LSE | A64_FEATURE_CRC32 | A64_FEATURE_RCPC,
};

/* FPCR and FPSR bits that exist on a core without trapped exceptions:
 * FPCR AHP DN FZ RMode, and FZ16 (bit 19: flush-to-zero of the ARMv8.2
 * half-precision arithmetic); FPSR QC and IDC IXC UFC OFC DZC IOC. */
#define A64_FPCR_MASK 0x07c80000u
#define A64_FPCR_FZ16 (1u << 19)
#define A64_FPSR_MASK 0x0800009fu

/* TB flags: how the FP insns of a TB translate depends on FPCR. With
 * RMode = RN and FZ = 0 the host's SSE arithmetic gives the guest's
 * result and flags but for NaNs and the smallest normal (fp_arith). */
enum { A64_TB_FP_NEAREST = 1 };

/* The FPCR bits a cpu of these A64_FEATURE_* keeps: FZ16 is RES0 without
 * half-precision arithmetic. */
static inline uint32_t a64_fpcr_mask(uint32_t features)
{
    return features & A64_FEATURE_FP16 ? A64_FPCR_MASK : A64_FPCR_MASK & ~A64_FPCR_FZ16;
}

/* The identification values EL0 reads (translate-a64-sys.c), as Linux
 * presents them through its MRS emulation (HWCAP_CPUID). MIDR_EL1 is the
 * model's (CPUA64State.midr); A64_MIDR is what a64_cpu_reset gives a cpu
 * that no model has set up. */
#define A64_MIDR 0x410fd083u      /* Arm Cortex-A72 r0p3 */
#define A64_CTR 0x8444c004u       /* 64-byte I and D lines, PIPT I-cache */
#define A64_DCZID 0x4u            /* DC ZVA zeroes 64 bytes */
#define A64_DCZ_BYTES 64
#define A64_CNTFRQ 62500000u      /* CNTVCT_EL0 ticks per second */

extern const GuestArch a64_guest_arch;

/* Offset of a CPUA64State field from env, for IR loads and stores. */
#define A64_ENV_OFS(field) ((int)offsetof(CPUA64State, field))

/* NZCV in bits 31:28, as MRS NZCV reads it, and its write. */
uint32_t a64_nzcv_read(const CPUA64State *env);
void a64_nzcv_write(CPUA64State *env, uint32_t val);

/* FPSR with the flags still pending in the host's MXCSR folded in, and
 * its write (discarding them); a64-fp-helper.c. On env's own thread only:
 * MXCSR is per host thread. */
uint32_t a64_fpsr_read(CPUA64State *env);
void a64_fpsr_write(CPUA64State *env, uint32_t val);

/* Registers zero, flags Z clear, monitor open, features and MIDR default. */
void a64_cpu_reset(CPUA64State *env);

#endif
