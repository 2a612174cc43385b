/*
 * ARMv7-A stage 1 translation table walks for the PL1&0 regime: the
 * short-descriptor format (TTBCR.EAE = 0: sections, supersections, large
 * and small pages, domains) and the long-descriptor format of the Large
 * Physical Address Extension (TTBCR.EAE = 1: 1 GB and 2 MB blocks, 4 KB
 * pages, hierarchical table limits).  The walker is a pure function of a
 * register snapshot and guest physical memory, read through a callback; it
 * keeps no state, so the TLB-fill hook of the CPU, the ATS1C* address
 * translation operations and a debugger can all call it.
 *
 * Worked example: the TLB-fill hook of a data load at PL0 does
 *
 *     ArmPtwRegs r = { .sctlr = cp15->sctlr, .ttbcr = cp15->ttbcr,
 *                      .ttbr0 = cp15->ttbr0, .ttbr1 = cp15->ttbr1,
 *                      .dacr = cp15->dacr, .contextidr = cp15->contextidr,
 *                      .prrr_mair0 = cp15->prrr, .nmrr_mair1 = cp15->nmrr,
 *                      .read = phys_read, .opaque = board };
 *     ArmPtwResult res;
 *     ArmPtwFault f;
 *     if (arm_ptw_translate(&r, va, ARM_PTW_READ, false, &res, &f))
 *         tlb_set(va & ~(res.page_size - 1), res.pa & ~(res.page_size - 1),
 *                 res.prot_pl0, res.prot_pl1, res.ng ? res.asid : -1);
 *     else
 *         take_data_abort(DFSR = f.fsr, DFAR = f.far);
 *
 * (tlb_set and take_data_abort standing for the caller's own), and an
 * ATS1CUR writes arm_ptw_par_result(&res, long) or arm_ptw_par_fault(&f,
 * long) to PAR, with long = TTBCR.EAE.
 */
#ifndef XRUN_FRONTENDS_ARM_PTW_H
#define XRUN_FRONTENDS_ARM_PTW_H

#include <stdbool.h>
#include <stdint.h>

/* -- Register bits the walker reads -- */

#define ARM_PTW_SCTLR_M (1u << 0)     /* MMU enable */
#define ARM_PTW_SCTLR_I (1u << 12)    /* instruction cache enable */
#define ARM_PTW_SCTLR_WXN (1u << 19)  /* writable means execute-never */
#define ARM_PTW_SCTLR_UWXN (1u << 20) /* PL0-writable means PL1 execute-never */
#define ARM_PTW_SCTLR_EE (1u << 25)   /* big-endian translation tables */
#define ARM_PTW_SCTLR_TRE (1u << 28)  /* TEX remap through PRRR/NMRR */
#define ARM_PTW_SCTLR_AFE (1u << 29)  /* AP[0] is an access flag */

#define ARM_PTW_TTBCR_EAE (1u << 31) /* long-descriptor format */
/* The same bit under the name frontends/arm/mmu.c uses. */
#define ARM_TTBCR_EAE ARM_PTW_TTBCR_EAE
/*
 * Short-descriptor TTBCR: N in [2:0], PD0 and PD1.  PD0/PD1 exist only with
 * the Security Extensions; without them the TTBCR write keeps them zero.
 */
#define ARM_PTW_TTBCR_PD0 (1u << 4)
#define ARM_PTW_TTBCR_PD1 (1u << 5)
/* Long-descriptor TTBCR: T0SZ in [2:0], T1SZ in [18:16]. */
#define ARM_PTW_TTBCR_EPD0 (1u << 7)
#define ARM_PTW_TTBCR_A1 (1u << 22) /* the ASID is TTBR1's, not TTBR0's */
#define ARM_PTW_TTBCR_EPD1 (1u << 23)

/* -- Inputs -- */

/*
 * Reads the 32- or 64-bit word (size 4 or 8, naturally aligned) at guest
 * physical address pa, in little-endian byte order, into *val.  Returns
 * false if nothing answers at pa: the walk then takes a synchronous
 * external abort on translation table walk.
 */
typedef bool (*ArmPtwReadFn)(void *opaque, uint64_t pa, unsigned size, uint64_t *val);

/* The controls a walk depends on, copied from CP15 at the time of the access. */
typedef struct ArmPtwRegs {
    uint32_t sctlr;
    uint32_t ttbcr;
    uint64_t ttbr0; /* 64-bit form; the short format uses bits [31:0] */
    uint64_t ttbr1;
    uint32_t dacr;
    uint32_t contextidr; /* ASID in [7:0] for the short format */
    uint32_t prrr_mair0; /* PRRR if TTBCR.EAE = 0, MAIR0 if 1 (one register) */
    uint32_t nmrr_mair1; /* NMRR if TTBCR.EAE = 0, MAIR1 if 1 */
    bool secure;         /* the walk is for the Secure PL1&0 regime */
    ArmPtwReadFn read;
    void *opaque;
} ArmPtwRegs;

typedef enum ArmPtwAccess {
    ARM_PTW_READ,
    ARM_PTW_WRITE,
    ARM_PTW_FETCH,
    /*
     * A data cache maintenance operation by address: it takes translation,
     * access flag and walk faults (reported as writes, with the CM bit)
     * but never domain or permission faults.
     */
    ARM_PTW_CACHE_MAINT,
} ArmPtwAccess;

/* -- Outputs -- */

#define ARM_PTW_PROT_R 1u
#define ARM_PTW_PROT_W 2u
#define ARM_PTW_PROT_X 4u
#define ARM_PTW_PROT_RWX (ARM_PTW_PROT_R | ARM_PTW_PROT_W | ARM_PTW_PROT_X)

/* Shareability of the result, as the long-descriptor SH field encodes it. */
#define ARM_PTW_SH_NONE 0u
#define ARM_PTW_SH_OUTER 2u
#define ARM_PTW_SH_INNER 3u

typedef struct ArmPtwResult {
    uint64_t pa;        /* physical address of va, up to 40 bits */
    uint32_t page_size; /* bytes mapped by the entry: 4K .. 1G */
    uint8_t prot;       /* ARM_PTW_PROT_* at the privilege asked for */
    uint8_t prot_pl1;   /* ... at PL1 */
    uint8_t prot_pl0;   /* ... at PL0 */
    bool ng;            /* not global: the entry belongs to asid only */
    uint8_t asid;
    uint8_t level;  /* level of the final descriptor (0 with the MMU off) */
    uint8_t domain; /* short format; 0 for supersections and LPAE */
    uint8_t attrs;  /* memory type in MAIR encoding: 0x00 strongly ordered,
                       0x04 device, else outer [7:4] and inner [3:0] policy */
    uint8_t sh;     /* ARM_PTW_SH_*, or an LPAE descriptor's reserved SH = 1 */
    bool ns;        /* output address is in the Non-secure space */
} ArmPtwResult;

typedef enum ArmPtwFaultType {
    ARM_PTW_FAULT_TRANSLATION,
    ARM_PTW_FAULT_ACCESS_FLAG,
    ARM_PTW_FAULT_DOMAIN,
    ARM_PTW_FAULT_PERMISSION,
    ARM_PTW_FAULT_WALK_ABORT, /* synchronous external abort on the walk */
} ArmPtwFaultType;

/* Fault status register bits shared by both formats. */
#define ARM_PTW_FSR_LPAE (1u << 9) /* long-descriptor format */
#define ARM_PTW_FSR_FS4 (1u << 10) /* short format FS[4] */
#define ARM_PTW_FSR_WNR (1u << 11) /* DFSR: the access was a write */
#define ARM_PTW_FSR_CM (1u << 13)  /* DFSR: cache maintenance operation */

typedef struct ArmPtwFault {
    ArmPtwFaultType type;
    uint8_t level;      /* 1..3 (LPAE), 1 = section, 2 = page (short) */
    uint8_t domain;     /* short format; 0 where the walk had not found one */
    bool write;         /* WnR as reported */
    bool fetch;         /* prefetch abort (IFSR/IFAR), else data abort */
    bool cache_maint;   /* CM: raised by a cache maintenance operation */
    bool long_format;   /* TTBCR.EAE: which of the two formats the CPU reports */
    uint32_t fsr_short; /* DFSR or IFSR value in the short-descriptor format */
    uint32_t fsr_long;  /* ... in the long-descriptor format */
    uint32_t fsr;       /* the one of the two the CPU writes */
    uint32_t far;       /* DFAR or IFAR: the faulting virtual address */
} ArmPtwFault;

/* -- Entry points -- */

/*
 * Translates va for an access at PL1 (privileged) or PL0.  On success fills
 * *res and returns true; otherwise fills *fault and returns false.  Never
 * reads memory except through r->read, at most three descriptors.
 */
bool arm_ptw_translate(const ArmPtwRegs *r, uint32_t va, ArmPtwAccess access, bool privileged,
                       ArmPtwResult *res, ArmPtwFault *fault);

/* The PAR value of an ATS1C* operation that translated to res (64-bit if long). */
uint64_t arm_ptw_par_result(const ArmPtwResult *res, bool long_format);

/*
 * The PAR value of an ATS1C* operation that took fault (64-bit if long).
 * Whether an external abort on the walk is reported in PAR or taken as a
 * Data Abort is IMPLEMENTATION DEFINED; qemu takes the Data Abort.
 */
uint64_t arm_ptw_par_fault(const ArmPtwFault *fault, bool long_format);

/* The short-descriptor fault status of fault: FS[4] at bit 10, FS[3:0], domain, WnR, CM. */
uint32_t arm_ptw_fsr_short(const ArmPtwFault *fault);

/* The long-descriptor fault status of fault: LPAE bit 9, STATUS[5:0], WnR, CM. */
uint32_t arm_ptw_fsr_long(const ArmPtwFault *fault);

#endif
