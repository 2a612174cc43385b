/*
 * The coprocessor registers of system mode: one table entry per CP15 and
 * CP14 register Linux reaches with MRC/MCR/MRRC/MCRR, naming its encoding,
 * who may access it, its reset value and where it lives.
 *
 *     { "TTBCR", 15, 0, 2, 0, 2, .access = ARM_CP_PL1_RW, F(cp15.ttbcr),
 *       .wmask = TTBCR_WMASK, .write = tlb_flush_write }
 *
 * The translator looks an encoding up once (arm_cp_find), checks the
 * table's rights against the TB's privilege at translation time (a miss or
 * a violation is UNDEFINED), and emits a call to arm_cp_read/arm_cp_write
 * with the entry. Writes that change translation (SCTLR, TTBRx, TTBCR,
 * DACR, CONTEXTIDR, FCSEIDR, PRRR/NMRR) and the TLB maintenance ops flush the
 * softmmu TLB; cache maintenance is accepted and does nothing, because the
 * softmmu tracks writes to translated code itself.
 */
#include <stddef.h>
#include <string.h>

#include "frontends/arm/cpu.h"
#include "xrun/guest.h"
#include "frontends/arm/softmmu-weak.h"

#define F(f) .field = (int)offsetof(CPUARMState, f)
#define NOF .field = -1
#define ALL32 0xffffffffu
#define ALL64 0xffffffffffffffffu

/* TTBCR of an LPAE core before ARMv8: bits 21:19, 15:14 and 6:3 are
 * UNK/SBZP in the long format and dropped on every write (as qemu does). */
#define TTBCR_WMASK 0xffc73f87u

/* -- Functions behind registers -- */

static uint64_t field_read(CPUARMState *env, const ArmCPReg *r)
{
    const char *p = (const char *)env + r->field;
    if (r->is64) {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void field_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    char *p = (char *)env + r->field;
    uint64_t v = (field_read(env, r) & ~r->wmask) | (val & r->wmask);
    if (r->is64) {
        memcpy(p, &v, 8);
    } else {
        uint32_t w = (uint32_t)v;
        memcpy(p, &w, 4);
    }
}

/* A register that takes part in translation: the TLB must not outlive it. */
static void tlb_flush_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    uint64_t old = field_read(env, r);
    field_write(env, r, val);
    if (field_read(env, r) != old) {
        tlb_flush(&env->common);
    }
}

/* The 32-bit TTBR0/TTBR1 and PAR views: the low word of the 64-bit value. */
static uint64_t low_word_read(CPUARMState *env, const ArmCPReg *r)
{
    uint64_t v;
    memcpy(&v, (char *)env + r->field, 8);
    return (uint32_t)v;
}

static void ttbr32_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    uint64_t *p = (uint64_t *)((char *)env + r->field);
    uint64_t nv = (*p & ~(uint64_t)ALL32) | (uint32_t)val;
    if (nv != *p) {
        *p = nv;
        tlb_flush(&env->common);
    }
}

static void par32_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    env->cp15.par = (uint32_t)val;
}

/* How much a DACR domain field lets through: No access (and the reserved
 * 0b10) < Client < Manager. */
static unsigned dacr_rank(uint32_t dacr, int d)
{
    static const uint8_t rank[4] = {0, 1, 0, 2};
    return rank[(dacr >> (2 * d)) & 3];
}

/*
 * DACR: only the TLB entries of domains whose access shrinks go. Entries
 * are made under the access in force, so a domain whose access grows has
 * none that allow too little for long: an access they refuse misses and
 * walks again. Linux writes DACR around every user access of the kernel
 * (software PAN), so a whole flush here would empty the TLB several times
 * per system call.
 */
static void dacr_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    uint32_t old = env->cp15.dacr, lost = 0;
    env->cp15.dacr = (uint32_t)val;
    if (env->cp15.ttbcr >> 31)
        return; /* TTBCR.EAE: the long format has no domains */
    for (int d = 0; d < 16; d++)
        if (dacr_rank((uint32_t)val, d) < dacr_rank(old, d))
            lost |= 1u << d;
    if (lost)
        tlb_flush_by_class(&env->common, lost);
}

static void sctlr_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    tlb_flush_write(env, r, val);
}

/* DBGOSLAR: the key 0xc5acce55 sets the OS lock (DBGOSLSR.OSLK, bit 1),
 * anything else clears it. */
static void oslar_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    env->cp15.dbgoslsr = (env->cp15.dbgoslsr & ~2u) | ((uint32_t)val == 0xc5acce55u ? 2u : 0);
}

/* ISR: the asserted IRQ (bit 7) and FIQ (bit 6) lines, masked or not. */
static uint64_t isr_read(CPUARMState *env, const ArmCPReg *r)
{
    uint32_t req = env->common.interrupt_request;
    return ((req & CPU_INTERRUPT_HARD) ? 1u << 7 : 0) | ((req & CPU_INTERRUPT_FIQ) ? 1u << 6 : 0);
}

static uint64_t ccsidr_read(CPUARMState *env, const ArmCPReg *r)
{
    uint32_t sel = env->cp15.csselr & 0xf;
    return sel < 4 ? env->cp15.ccsidr[sel] : 0;
}

static void tlbi_all(CPUARMState *env, const ArmCPReg *r, uint64_t val) { tlb_flush(&env->common); }
static void tlbi_all_is(CPUARMState *env, const ArmCPReg *r, uint64_t val) { tlb_flush_all_cpus(&env->common); }

static void tlbi_mva(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    tlb_flush_page(&env->common, (uint32_t)val & ~0xfffu);
}

static void tlbi_mva_is(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    tlb_flush_page_all_cpus(&env->common, (uint32_t)val & ~0xfffu);
}

/* ATS1CPR, ATS1CPW, ATS1CUR, ATS1CUW: opc2 0-3. */
static void ats_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    int access = (r->opc2 & 1) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    arm_ats_write(env, (uint32_t)val, access, (r->opc2 & 2) ? ARM_MMU_IDX_PL0 : ARM_MMU_IDX_PL1);
}

void arm_ats_write(CPUARMState *env, uint32_t va, int access, int mmu_idx)
{
    bool lpae = arm_fsr_long(env);
    uint64_t pa = va, size = GUEST_PAGE_SIZE;
    int prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    uint32_t fsr = 0x05 | (lpae ? ARM_FSR_LPAE : 0);
    bool ok = !(env->cp15.sctlr & 1) ||
              (arm_walk_hook && arm_walk_hook(env, va, access, mmu_idx, &pa, &prot, &size, &fsr));
    if (ok && !(prot & (access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_READ))) {
        ok = false;
        fsr = (lpae ? 0x0d | ARM_FSR_LPAE : 0x0f); /* permission fault */
    }
    if (ok) {
        uint64_t page = (pa & ~(size - 1)) | (va & (size - 1) & ~0xfffu);
        env->cp15.par = lpae ? (page & 0xfffffff000ull) | (1u << 11) : (uint32_t)page & ~0xfffu;
    } else if (lpae) {
        env->cp15.par = 1 | (fsr & 0x3f) << 1 | (1u << 11);
    } else {
        /* Short format: FS[4] is bit 10 of the status. */
        env->cp15.par = 1 | ((fsr & 0xf) | ((fsr >> 10) & 1) << 4) << 1;
    }
}

/* -- Generic timer registers (gtimer.c holds the state machine) -- */

static uint64_t cntpct_read(CPUARMState *env, const ArmCPReg *r) { return arm_gt_count(env); }
static uint64_t cntvct_read(CPUARMState *env, const ArmCPReg *r) { return arm_gt_count(env) - env->cntvoff; }
/* opc1 2: physical, 3: virtual (CVAL); crm 2: physical, 3: virtual (CTL, TVAL). */
static int gt_cval_timer(const ArmCPReg *r) { return r->opc1 == 2 ? ARM_GT_PHYS : ARM_GT_VIRT; }
static int gt_timer(const ArmCPReg *r) { return r->crm == 2 ? ARM_GT_PHYS : ARM_GT_VIRT; }
static uint64_t gt_cval_read(CPUARMState *env, const ArmCPReg *r) { return arm_gt_cval_read(env, gt_cval_timer(r)); }
static void gt_cval_write(CPUARMState *env, const ArmCPReg *r, uint64_t v) { arm_gt_cval_write(env, gt_cval_timer(r), v); }
static uint64_t gt_ctl_read(CPUARMState *env, const ArmCPReg *r) { return arm_gt_ctl_read(env, gt_timer(r)); }
static void gt_ctl_write(CPUARMState *env, const ArmCPReg *r, uint64_t v) { arm_gt_ctl_write(env, gt_timer(r), (uint32_t)v); }
static uint64_t gt_tval_read(CPUARMState *env, const ArmCPReg *r) { return arm_gt_tval_read(env, gt_timer(r)); }
static void gt_tval_write(CPUARMState *env, const ArmCPReg *r, uint64_t v) { arm_gt_tval_write(env, gt_timer(r), (uint32_t)v); }

/* PL0 access to the timer is granted by CNTKCTL (B8.1.2): PL0PCTEN (bit 0)
 * for CNTPCT, PL0VCTEN (1) for CNTVCT, PL0VTEN (8) and PL0PTEN (9) for the
 * virtual and physical timers; CNTFRQ is readable with either of bits 0, 1. */
static bool gt_pl0_check(CPUARMState *env, const ArmCPReg *r, bool write)
{
    uint32_t k = env->cntkctl;
    if (arm_is_priv(env)) {
        return true;
    }
    if (r->is64 && r->opc1 < 2) {
        return k & (r->opc1 == 0 ? 1u : 2u);
    }
    if (r->crm == 0) { /* CNTFRQ */
        return !write && (k & 3u);
    }
    int timer = r->is64 ? gt_cval_timer(r) : gt_timer(r);
    return k & (timer == ARM_GT_PHYS ? 1u << 9 : 1u << 8);
}

/* -- The table -- */

#define ID(name, o1, n, m, o2, f) { name, 15, o1, n, m, o2, .access = ARM_CP_PL1_R, F(f) }
#define PL1(name, o1, n, m, o2, f) { name, 15, o1, n, m, o2, .access = ARM_CP_PL1_RW, F(f), .wmask = ALL32 }
#define NOP(name, o1, n, m, o2) { name, 15, o1, n, m, o2, .access = ARM_CP_PL1_W, NOF }
#define FN_W(name, o1, n, m, o2, fn) { name, 15, o1, n, m, o2, .access = ARM_CP_PL1_W, NOF, .write = fn }
/* Breakpoint n (value, control) and watchpoint n (value, control). */
#define DBG_BP(n)                                                                              \
    { "DBGBVR" #n, 14, 0, 0, n, 4, .access = ARM_CP_PL1_RW, F(cp15.dbgbvr[n]), .wmask = ALL32 }, \
    { "DBGBCR" #n, 14, 0, 0, n, 5, .access = ARM_CP_PL1_RW, F(cp15.dbgbcr[n]), .wmask = ALL32 }
#define DBG_WP(n)                                                                              \
    { "DBGWVR" #n, 14, 0, 0, n, 6, .access = ARM_CP_PL1_RW, F(cp15.dbgwvr[n]), .wmask = ~3u },   \
    { "DBGWCR" #n, 14, 0, 0, n, 7, .access = ARM_CP_PL1_RW, F(cp15.dbgwcr[n]), .wmask = ALL32 }

static const ArmCPReg arm_cp_regs[] = {
    /* c0: identification */
    ID("MIDR", 0, 0, 0, 0, cp15.midr),
    /* ARMv7 lets the unused opc2 of c0, c0 alias MIDR; qemu answers
     * c0, c0, 6 with MIDR too, so REVIDR holds MIDR's value. */
    ID("MIDR_4", 0, 0, 0, 4, cp15.midr),
    ID("MIDR_7", 0, 0, 0, 7, cp15.midr),
    ID("CTR", 0, 0, 0, 1, cp15.ctr),
    ID("TCMTR", 0, 0, 0, 2, cp15.tcmtr),
    ID("TLBTR", 0, 0, 0, 3, cp15.tlbtr),
    ID("MPIDR", 0, 0, 0, 5, cp15.mpidr),
    ID("REVIDR", 0, 0, 0, 6, cp15.revidr),
    ID("ID_PFR0", 0, 0, 1, 0, cp15.id_pfr0),
    ID("ID_PFR1", 0, 0, 1, 1, cp15.id_pfr1),
    ID("ID_DFR0", 0, 0, 1, 2, cp15.id_dfr0),
    ID("ID_AFR0", 0, 0, 1, 3, cp15.id_afr0),
    ID("ID_MMFR0", 0, 0, 1, 4, cp15.id_mmfr[0]),
    ID("ID_MMFR1", 0, 0, 1, 5, cp15.id_mmfr[1]),
    ID("ID_MMFR2", 0, 0, 1, 6, cp15.id_mmfr[2]),
    ID("ID_MMFR3", 0, 0, 1, 7, cp15.id_mmfr[3]),
    ID("ID_ISAR0", 0, 0, 2, 0, cp15.id_isar[0]),
    ID("ID_ISAR1", 0, 0, 2, 1, cp15.id_isar[1]),
    ID("ID_ISAR2", 0, 0, 2, 2, cp15.id_isar[2]),
    ID("ID_ISAR3", 0, 0, 2, 3, cp15.id_isar[3]),
    ID("ID_ISAR4", 0, 0, 2, 4, cp15.id_isar[4]),
    ID("ID_ISAR5", 0, 0, 2, 5, cp15.id_isar[5]),
    { "CCSIDR", 15, 1, 0, 0, 0, .access = ARM_CP_PL1_R, NOF, .read = ccsidr_read },
    ID("CLIDR", 1, 0, 0, 1, cp15.clidr),
    ID("AIDR", 1, 0, 0, 7, cp15.aidr),
    { "CSSELR", 15, 2, 0, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.csselr), .wmask = 0xf },
    /* c1: system control */
    { "SCTLR", 15, 0, 1, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.sctlr), .reset = 0x00c50078u,
      .wmask = 0x7fffffffu, .write = sctlr_write },
    { "ACTLR", 15, 0, 1, 0, 1, .access = ARM_CP_PL1_RW, NOF }, /* RAZ/WI: nothing to tune */
    /* ASEDIS, D32DIS, cp11, cp10 */
    { "CPACR", 15, 0, 1, 0, 2, .access = ARM_CP_PL1_RW, F(cp15.cpacr), .wmask = 0xc0f00000u },
    /* c2, c3: translation tables and domains */
    { "TTBR0", 15, 0, 2, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.ttbr0), .read = low_word_read,
      .write = ttbr32_write },
    { "TTBR1", 15, 0, 2, 0, 1, .access = ARM_CP_PL1_RW, F(cp15.ttbr1), .read = low_word_read,
      .write = ttbr32_write },
    { "TTBCR", 15, 0, 2, 0, 2, .access = ARM_CP_PL1_RW, F(cp15.ttbcr), .wmask = TTBCR_WMASK,
      .write = tlb_flush_write },
    { "DACR", 15, 0, 3, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.dacr), .wmask = ALL32,
      .write = dacr_write },
    /* c5, c6: faults */
    PL1("DFSR", 0, 5, 0, 0, cp15.dfsr),
    PL1("IFSR", 0, 5, 0, 1, cp15.ifsr),
    { "ADFSR", 15, 0, 5, 1, 0, .access = ARM_CP_PL1_RW, NOF }, /* no auxiliary fault status */
    { "AIFSR", 15, 0, 5, 1, 1, .access = ARM_CP_PL1_RW, NOF },
    PL1("DFAR", 0, 6, 0, 0, cp15.dfar),
    { "WFAR", 15, 0, 6, 0, 1, .access = ARM_CP_PL1_RW, NOF }, /* ARMv6's watchpoint address: RAZ/WI */
    PL1("IFAR", 0, 6, 0, 2, cp15.ifar),
    /* c7: cache maintenance (no-ops), address translation, barriers */
    NOP("ICIALLUIS", 0, 7, 1, 0),
    NOP("BPIALLIS", 0, 7, 1, 6),
    { "PAR", 15, 0, 7, 4, 0, .access = ARM_CP_PL1_RW, F(cp15.par), .read = low_word_read,
      .write = par32_write },
    NOP("ICIALLU", 0, 7, 5, 0),
    NOP("ICIMVAU", 0, 7, 5, 1),
    { "CP15ISB", 15, 0, 7, 5, 4, .access = ARM_CP_PL0_W | ARM_CP_PL1_W, NOF },
    NOP("BPIALL", 0, 7, 5, 6),
    NOP("BPIMVA", 0, 7, 5, 7),
    NOP("DCIMVAC", 0, 7, 6, 1),
    NOP("DCISW", 0, 7, 6, 2),
    FN_W("ATS1CPR", 0, 7, 8, 0, ats_write),
    FN_W("ATS1CPW", 0, 7, 8, 1, ats_write),
    FN_W("ATS1CUR", 0, 7, 8, 2, ats_write),
    FN_W("ATS1CUW", 0, 7, 8, 3, ats_write),
    NOP("DCCMVAC", 0, 7, 10, 1),
    NOP("DCCSW", 0, 7, 10, 2),
    { "CP15DSB", 15, 0, 7, 10, 4, .access = ARM_CP_PL0_W | ARM_CP_PL1_W, NOF },
    { "CP15DMB", 15, 0, 7, 10, 5, .access = ARM_CP_PL0_W | ARM_CP_PL1_W, NOF },
    NOP("DCCMVAU", 0, 7, 11, 1),
    NOP("DCCIMVAC", 0, 7, 14, 1),
    NOP("DCCISW", 0, 7, 14, 2),
    /* c8: TLB maintenance; an ASID flush drops everything */
    FN_W("TLBIALLIS", 0, 8, 3, 0, tlbi_all_is),
    FN_W("TLBIMVAIS", 0, 8, 3, 1, tlbi_mva_is),
    FN_W("TLBIASIDIS", 0, 8, 3, 2, tlbi_all_is),
    FN_W("TLBIMVAAIS", 0, 8, 3, 3, tlbi_mva_is),
    FN_W("ITLBIALL", 0, 8, 5, 0, tlbi_all),
    FN_W("ITLBIMVA", 0, 8, 5, 1, tlbi_mva),
    FN_W("ITLBIASID", 0, 8, 5, 2, tlbi_all),
    FN_W("DTLBIALL", 0, 8, 6, 0, tlbi_all),
    FN_W("DTLBIMVA", 0, 8, 6, 1, tlbi_mva),
    FN_W("DTLBIASID", 0, 8, 6, 2, tlbi_all),
    FN_W("TLBIALL", 0, 8, 7, 0, tlbi_all),
    FN_W("TLBIMVA", 0, 8, 7, 1, tlbi_mva),
    FN_W("TLBIASID", 0, 8, 7, 2, tlbi_all),
    FN_W("TLBIMVAA", 0, 8, 7, 3, tlbi_mva),
    /* c9: L2 control (Cortex-A15/A7): the board puts the cpu count in L2CTLR */
    { "L2CTLR", 15, 1, 9, 0, 2, .access = ARM_CP_PL1_RW, F(cp15.l2ctlr), .reset = 1u << 23 },
    { "L2ECTLR", 15, 1, 9, 0, 3, .access = ARM_CP_PL1_RW, NOF },
    /* c10: memory attributes */
    { "PRRR", 15, 0, 10, 2, 0, .access = ARM_CP_PL1_RW, F(cp15.prrr), .wmask = ALL32,
      .write = tlb_flush_write },
    { "NMRR", 15, 0, 10, 2, 1, .access = ARM_CP_PL1_RW, F(cp15.nmrr), .wmask = ALL32,
      .write = tlb_flush_write },
    { "AMAIR0", 15, 0, 10, 3, 0, .access = ARM_CP_PL1_RW, NOF },
    { "AMAIR1", 15, 0, 10, 3, 1, .access = ARM_CP_PL1_RW, NOF },
    /* c12, c13: vectors, process and thread ids */
    { "VBAR", 15, 0, 12, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.vbar), .wmask = ~0x1fu },
    { "ISR", 15, 0, 12, 1, 0, .access = ARM_CP_PL1_R, NOF, .read = isr_read },
    /* FCSE: a pid offsets addresses below 32M before translation. */
    { "FCSEIDR", 15, 0, 13, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.fcseidr), .wmask = ALL32,
      .write = tlb_flush_write },
    { "CONTEXTIDR", 15, 0, 13, 0, 1, .access = ARM_CP_PL1_RW, F(cp15.contextidr), .wmask = ALL32,
      .write = tlb_flush_write },
    { "TPIDRURW", 15, 0, 13, 0, 2, .access = ARM_CP_ALL_RW, F(cp15.tpidrurw), .wmask = ALL32 },
    { "TPIDRURO", 15, 0, 13, 0, 3, .access = ARM_CP_PL0_R | ARM_CP_PL1_RW, F(tpidruro), .wmask = ALL32 },
    PL1("TPIDRPRW", 0, 13, 0, 4, cp15.tpidrprw),
    /* c14: generic timer */
    { "CNTFRQ", 15, 0, 14, 0, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_RW, F(cntfrq), .reset = ARM_GT_FREQ_HZ,
      .wmask = ALL32, .check = gt_pl0_check },
    { "CNTKCTL", 15, 0, 14, 1, 0, .access = ARM_CP_PL1_RW, F(cntkctl), .wmask = ALL32 },
    { "CNTP_TVAL", 15, 0, 14, 2, 0, .access = ARM_CP_ALL_RW, NOF, .read = gt_tval_read,
      .write = gt_tval_write, .check = gt_pl0_check },
    { "CNTP_CTL", 15, 0, 14, 2, 1, .access = ARM_CP_ALL_RW, NOF, .read = gt_ctl_read,
      .write = gt_ctl_write, .check = gt_pl0_check },
    { "CNTV_TVAL", 15, 0, 14, 3, 0, .access = ARM_CP_ALL_RW, NOF, .read = gt_tval_read,
      .write = gt_tval_write, .check = gt_pl0_check },
    { "CNTV_CTL", 15, 0, 14, 3, 1, .access = ARM_CP_ALL_RW, NOF, .read = gt_ctl_read,
      .write = gt_ctl_write, .check = gt_pl0_check },
    /* c15: configuration base address (the board sets it: the GIC's base
     * on virt); the rest of c15 is RAZ/WI, see arm_cp_find */
    { "CBAR", 15, 4, 15, 0, 0, .access = ARM_CP_PL1_R, F(cp15.cbar) },

    /* 64-bit (MRRC/MCRR): crm names the register, crn is unused */
    { "TTBR0_64", 15, 0, 0, 2, 0, true, ARM_CP_PL1_RW, F(cp15.ttbr0), .wmask = ALL64,
      .write = tlb_flush_write },
    { "TTBR1_64", 15, 1, 0, 2, 0, true, ARM_CP_PL1_RW, F(cp15.ttbr1), .wmask = ALL64,
      .write = tlb_flush_write },
    { "PAR_64", 15, 0, 0, 7, 0, true, ARM_CP_PL1_RW, F(cp15.par), .wmask = ALL64 },
    { "CNTPCT", 15, 0, 0, 14, 0, true, ARM_CP_PL0_R | ARM_CP_PL1_R, NOF, .read = cntpct_read,
      .check = gt_pl0_check },
    { "CNTVCT", 15, 1, 0, 14, 0, true, ARM_CP_PL0_R | ARM_CP_PL1_R, NOF, .read = cntvct_read,
      .check = gt_pl0_check },
    { "CNTP_CVAL", 15, 2, 0, 14, 0, true, ARM_CP_ALL_RW, NOF, .read = gt_cval_read, .write = gt_cval_write,
      .check = gt_pl0_check },
    { "CNTV_CVAL", 15, 3, 0, 14, 0, true, ARM_CP_ALL_RW, NOF, .read = gt_cval_read, .write = gt_cval_write,
      .check = gt_pl0_check },

    /* CP14: debug (the state monitor-mode debug programs is kept; no debug
     * event is ever taken), ThumbEE and Jazelle. Six breakpoints and four
     * watchpoints, as DBGDIDR says; the power-down registers are
     * UNDEFINED, as qemu has them. */
    { "DBGDIDR", 14, 0, 0, 0, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_R, F(cp15.dbgdidr) },
    { "DBGDSCRint", 14, 0, 0, 1, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_R, F(cp15.dbgdscr) },
    { "DBGDSCRext", 14, 0, 0, 2, 2, .access = ARM_CP_PL1_RW, F(cp15.dbgdscr), .wmask = ALL32 },
    { "DBGDTRRXext", 14, 0, 0, 2, 0, .access = ARM_CP_PL1_RW, NOF },
    { "DBGVCR", 14, 0, 0, 7, 0, .access = ARM_CP_PL1_RW, NOF }, /* no vector catch: RAZ/WI */
    DBG_BP(0), DBG_BP(1), DBG_BP(2), DBG_BP(3), DBG_BP(4), DBG_BP(5),
    DBG_WP(0), DBG_WP(1), DBG_WP(2), DBG_WP(3),
    { "DBGDRAR", 14, 0, 1, 0, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_R, NOF },
    { "DBGOSLAR", 14, 0, 1, 0, 4, .access = ARM_CP_PL1_W, NOF, .write = oslar_write },
    /* OSLM (bit 3): the OS lock exists; OSLK (bit 1): locked from reset */
    { "DBGOSLSR", 14, 0, 1, 1, 4, .access = ARM_CP_PL1_R, F(cp15.dbgoslsr), .reset = 0xa },
    { "DBGOSDLR", 14, 0, 1, 3, 4, .access = ARM_CP_PL1_RW, F(cp15.dbgosdlr), .wmask = 1 },
    { "DBGDEVID2", 14, 0, 7, 0, 0, .access = ARM_CP_PL1_R, NOF },
    { "DBGDEVID1", 14, 0, 7, 0, 1, .access = ARM_CP_PL1_R, F(cp15.dbgdevid1) },
    { "DBGDEVID", 14, 0, 7, 0, 2, .access = ARM_CP_PL1_R, F(cp15.dbgdevid) },
    { "DBGDSAR", 14, 0, 2, 0, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_R, NOF },
    { "DBGDRAR_64", 14, 0, 0, 1, 0, true, ARM_CP_PL0_R | ARM_CP_PL1_R, NOF },
    { "DBGDSAR_64", 14, 0, 0, 2, 0, true, ARM_CP_PL0_R | ARM_CP_PL1_R, NOF },
    { "TEECR", 14, 6, 0, 0, 0, .access = ARM_CP_PL1_RW, F(cp15.teecr), .wmask = 1 },
    { "TEEHBR", 14, 6, 1, 0, 0, .access = ARM_CP_ALL_RW, F(cp15.teehbr), .wmask = ALL32 },
    { "JIDR", 14, 7, 0, 0, 0, .access = ARM_CP_PL0_R | ARM_CP_PL1_R, NOF },
    { "JOSCR", 14, 7, 1, 0, 0, .access = ARM_CP_PL1_RW, NOF },
    { "JMCR", 14, 7, 2, 0, 0, .access = ARM_CP_PL1_RW, NOF },
};

#define N_REGS (sizeof(arm_cp_regs) / sizeof(arm_cp_regs[0]))

/* ARMv7 reserves the rest of c0's CRm 1-7 feature space as RAZ at PL1;
 * the performance monitors (c9, CRm 12-14, and the event counters and
 * types of c14, CRm 8-15, up to the model's count, and PMCCFILTR) read as
 * zero counters; c15, the IMPLEMENTATION DEFINED space, is RAZ/WI (qemu's
 * cores do the same). */
static const ArmCPReg arm_cp_raz_id = { "ID_RAZ", 15, 0, 0, 0, 0, .access = ARM_CP_PL1_R, NOF };
static const ArmCPReg arm_cp_raz_pmu = { "PMU_RAZ", 15, 0, 9, 12, 0, .access = ARM_CP_PL1_RW, NOF };
static const ArmCPReg arm_cp_raz_c15 = { "C15_RAZ", 15, 0, 15, 0, 0, .access = ARM_CP_PL1_RW, NOF };
/* The TLB lockdown space (c10, CRm 0, 1, 4, 8): nothing to lock, RAZ/WI. */
static const ArmCPReg arm_cp_raz_lockdown = { "TLB_LOCKDOWN", 15, 0, 10, 0, 0, .access = ARM_CP_PL1_RW, NOF };

const ArmCPReg *arm_cp_find(const CPUARMState *env, int cp, bool is64, int opc1, int crn, int crm, int opc2)
{
    if (is64) {
        crn = opc2 = 0;
    } else if (cp == 15 && crn == 3) {
        /* Every encoding of c3 is DACR (qemu decodes it so). */
        opc1 = crm = opc2 = 0;
    }
    for (size_t i = 0; i < N_REGS; i++) {
        const ArmCPReg *r = &arm_cp_regs[i];
        if (r->cp == cp && r->is64 == is64 && r->opc1 == opc1 && r->crn == crn && r->crm == crm &&
            r->opc2 == opc2) {
            return r;
        }
    }
    if (cp == 15 && !is64 && opc1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
        return &arm_cp_raz_id;
    }
    if (cp == 15 && !is64 && opc1 == 0 && crn == 9 && crm >= 12 && crm <= 14) {
        return &arm_cp_raz_pmu;
    }
    if (cp == 15 && !is64 && opc1 == 0 && crn == 14 && crm >= 8 &&
        (((crm & 3) * 8 + opc2 < (int)env->cp15.pmu_counters) || (crm == 15 && opc2 == 7))) {
        return &arm_cp_raz_pmu;
    }
    if (cp == 15 && !is64 && crn == 15) {
        return &arm_cp_raz_c15;
    }
    if (cp == 15 && !is64 && crn == 10 && (crm == 0 || crm == 1 || crm == 4 || crm == 8)) {
        return &arm_cp_raz_lockdown;
    }
    return NULL;
}

const ArmCPReg *arm_cp_table(unsigned *n)
{
    *n = (unsigned)N_REGS;
    return arm_cp_regs;
}

bool arm_cp_access_ok(const ArmCPReg *r, bool priv, bool write)
{
    unsigned need = priv ? (write ? ARM_CP_PL1_W : ARM_CP_PL1_R) : (write ? ARM_CP_PL0_W : ARM_CP_PL0_R);
    return (r->access & need) != 0;
}

uint64_t arm_cp_read(CPUARMState *env, const ArmCPReg *r)
{
    if (r->read) {
        return r->read(env, r);
    }
    return r->field >= 0 ? field_read(env, r) : r->reset;
}

void arm_cp_write(CPUARMState *env, const ArmCPReg *r, uint64_t val)
{
    if (r->write) {
        r->write(env, r, val);
    } else if (r->field >= 0) {
        field_write(env, r, val);
    }
}

void arm_cp_reset(CPUARMState *env)
{
    for (size_t i = 0; i < N_REGS; i++) {
        const ArmCPReg *r = &arm_cp_regs[i];
        /* Read-only fields without a reset value of their own hold model
         * values (ID registers), set by arm_sys_cpu_reset. */
        if (r->field >= 0 && ((r->access & (ARM_CP_PL1_W | ARM_CP_PL0_W)) || r->reset)) {
            ArmCPReg w = *r;
            w.wmask = ALL64;
            field_write(env, &w, r->reset);
        }
    }
}
