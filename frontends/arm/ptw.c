/*
 * ARMv7-A stage 1 translation table walks (see ptw.h for the interface).
 *
 * Both formats end in the same place: a walk finds a leaf descriptor and
 * decodes it into an ArmPtwLeaf (output address, size, read/write rights
 * at PL1 and PL0, XN/PXN, attributes); walk_finish() then derives the
 * execute rights, checks the access and fills the result.  Faults found on
 * the way stop the walk through walk_fail(), which computes both fault
 * status encodings.
 *
 * The order of checks follows the ARM ARM pseudocode: TTBR selection and
 * walk-disable bits, descriptor fetches (external aborts), invalid
 * descriptors (translation faults), the access flag, then (short format
 * only) the domain, then permissions.  So an access flag fault is taken
 * even in a Manager domain, and a page's domain is checked only once its
 * second-level descriptor proved valid.
 *
 * Short-descriptor first-level descriptor (bits[1:0] != 0b00):
 *
 *   31          20 19 18 17 16 15 14 12 11 10 9  8   5 4  3 2 1 0
 *   | base[31:20] |NS| 0|nG| S|A2| TEX | AP  |  |domain|XN| C B 1 PXN  section
 *   | base[31:24] | PA[35:32] |..          |  |PA39:36|..          supersection (bit 18 = 1)
 *   |            L2 table base [31:10]            |  |domain|  |NS|PXN 0 1
 *
 * Long-descriptor (LPAE) block/page and table descriptors, 64 bits:
 *
 *   63 62:61 60  59   54 53 52      39        12 11 10 9:8 7:6 5  4:2  1 0
 *   |NST|APT|XNT|PXNT|.. |XN|PXN|Cont| OA[39:n]  |nG|AF|SH |AP |NS|AttrIdx|T|V
 */
#include "frontends/arm/ptw.h"

#include <string.h>

/* A walk in progress: its inputs and where its outcome goes. */
typedef struct ArmPtwWalk {
    const ArmPtwRegs *r;
    uint32_t va;
    ArmPtwAccess access;
    bool privileged;
    ArmPtwResult *res;
    ArmPtwFault *fault;
} ArmPtwWalk;

/* What a leaf descriptor says, in a form common to both formats. */
typedef struct ArmPtwLeaf {
    uint64_t pa;
    uint32_t size;
    int level;
    int domain;
    bool manager;   /* Manager domain: no permission checks */
    uint8_t rw_pl1; /* ARM_PTW_PROT_R/W only; execute comes later */
    uint8_t rw_pl0;
    bool xn, pxn, ng, ns;
    uint8_t asid;
    uint8_t attrs, sh;
} ArmPtwLeaf;

#define PROT_R ARM_PTW_PROT_R
#define PROT_RW (ARM_PTW_PROT_R | ARM_PTW_PROT_W)

/* -- Fault status encodings -- */

/*
 * Short-descriptor FS[4:0] by fault type, for level 1 (section) and
 * level 2 (page) faults.
 */
/* clang-format off */
static const uint8_t fs_short[][2] = {
    [ARM_PTW_FAULT_TRANSLATION] = {0x05, 0x07},
    [ARM_PTW_FAULT_ACCESS_FLAG] = {0x03, 0x06},
    [ARM_PTW_FAULT_DOMAIN]      = {0x09, 0x0b},
    [ARM_PTW_FAULT_PERMISSION]  = {0x0d, 0x0f},
    [ARM_PTW_FAULT_WALK_ABORT]  = {0x0c, 0x0e},
};

/* Long-descriptor STATUS[5:2] by fault type; STATUS[1:0] is the level. */
static const uint8_t status_long[] = {
    [ARM_PTW_FAULT_TRANSLATION] = 0x1,
    [ARM_PTW_FAULT_ACCESS_FLAG] = 0x2,
    [ARM_PTW_FAULT_DOMAIN]      = 0xf,
    [ARM_PTW_FAULT_PERMISSION]  = 0x3,
    [ARM_PTW_FAULT_WALK_ABORT]  = 0x5,
};
/* clang-format on */

_Static_assert(sizeof(fs_short) / sizeof(fs_short[0]) == ARM_PTW_FAULT_WALK_ABORT + 1,
               "fs_short covers every fault type");
_Static_assert(sizeof(status_long) == ARM_PTW_FAULT_WALK_ABORT + 1,
               "status_long covers every fault type");

/* The bits both formats share: WnR and CM for data aborts. */
static uint32_t fsr_common(const ArmPtwFault *f)
{
    if (f->fetch) {
        return 0;
    }
    return (f->write ? ARM_PTW_FSR_WNR : 0) | (f->cache_maint ? ARM_PTW_FSR_CM : 0);
}

uint32_t arm_ptw_fsr_short(const ArmPtwFault *f)
{
    /* A long-descriptor level 3 fault is a page fault, level 0 or 1 a section's. */
    unsigned fs = fs_short[f->type][f->level >= 2];
    uint32_t fsr = (fs & 0xfu) | ((fs & 0x10u) ? ARM_PTW_FSR_FS4 : 0) | fsr_common(f);

    /* IFSR has no domain field. */
    if (!f->fetch) {
        fsr |= (uint32_t)(f->domain & 0xf) << 4;
    }
    return fsr;
}

uint32_t arm_ptw_fsr_long(const ArmPtwFault *f)
{
    unsigned status = (unsigned)status_long[f->type] << 2 | (f->level & 3u);

    return status | ARM_PTW_FSR_LPAE | fsr_common(f);
}

/* Records a fault and returns false, so a walk can end with `return walk_fail(...)`. */
static bool walk_fail(ArmPtwWalk *w, ArmPtwFaultType type, int level, int domain)
{
    ArmPtwFault *f = w->fault;

    memset(f, 0, sizeof(*f));
    f->type = type;
    f->level = (uint8_t)level;
    f->domain = (uint8_t)domain;
    f->fetch = w->access == ARM_PTW_FETCH;
    /* Cache maintenance faults report WnR = 1. */
    f->write = w->access == ARM_PTW_WRITE || w->access == ARM_PTW_CACHE_MAINT;
    f->cache_maint = w->access == ARM_PTW_CACHE_MAINT;
    f->long_format = (w->r->ttbcr & ARM_PTW_TTBCR_EAE) != 0;
    f->fsr_short = arm_ptw_fsr_short(f);
    f->fsr_long = arm_ptw_fsr_long(f);
    f->fsr = f->long_format ? f->fsr_long : f->fsr_short;
    f->far = w->va;
    return false;
}

/* -- Descriptor fetch -- */

/*
 * Reads one descriptor; SCTLR.EE says the tables are big-endian.  False
 * means an external abort on the walk.
 */
static bool read_desc(const ArmPtwRegs *r, uint64_t pa, unsigned size, uint64_t *val)
{
    uint64_t v = 0;

    if (r->read == NULL || !r->read(r->opaque, pa, size, &v)) {
        return false;
    }
    if (size == 4) {
        v = (uint32_t)v;
        if (r->sctlr & ARM_PTW_SCTLR_EE) {
            v = __builtin_bswap32((uint32_t)v);
        }
    } else if (r->sctlr & ARM_PTW_SCTLR_EE) {
        v = __builtin_bswap64(v);
    }
    *val = v;
    return true;
}

/* -- Memory attributes -- */

/*
 * MAIR nibbles for the short-descriptor cacheability codes
 * (0 non-cacheable, 1 write-back write-allocate, 2 write-through,
 * 3 write-back no write-allocate), all read-allocate.
 */
static const uint8_t cache_nibble[4] = {0x4, 0xf, 0xa, 0xe};

#define ATTR_SO 0x00u
#define ATTR_DEVICE 0x04u

static uint8_t normal_attrs(unsigned outer, unsigned inner)
{
    return (uint8_t)(cache_nibble[outer & 3] << 4 | cache_nibble[inner & 3]);
}

/*
 * Short-descriptor TEX[2:0]:C:B and S without TEX remap (SCTLR.TRE = 0).
 * Reserved and IMPLEMENTATION DEFINED encodings become Normal
 * non-cacheable memory.
 */
static void short_attrs_plain(ArmPtwLeaf *l, unsigned texcb, bool s)
{
    uint8_t sh = s ? ARM_PTW_SH_OUTER : ARM_PTW_SH_NONE;

    if (texcb & 0x10) {
        /* TEX = 0b1BB, C:B = AA: outer policy BB, inner policy AA. */
        l->attrs = normal_attrs(texcb >> 2, texcb);
        l->sh = sh;
        return;
    }
    switch (texcb) {
    case 0x00:
        l->attrs = ATTR_SO;
        l->sh = ARM_PTW_SH_OUTER;
        return;
    case 0x01:
        l->attrs = ATTR_DEVICE;
        l->sh = ARM_PTW_SH_OUTER;
        return;
    case 0x08:
        l->attrs = ATTR_DEVICE;
        l->sh = ARM_PTW_SH_NONE;
        return;
    case 0x02:
        l->attrs = normal_attrs(2, 2);
        break;
    case 0x03:
        l->attrs = normal_attrs(3, 3);
        break;
    case 0x07:
        l->attrs = normal_attrs(1, 1);
        break;
    default:
        l->attrs = normal_attrs(0, 0);
        break;
    }
    l->sh = sh;
}

/*
 * Short-descriptor attributes with TEX remap (SCTLR.TRE = 1): TEX[0]:C:B
 * selects region n of PRRR/NMRR.  PRRR.TRn: 0 strongly ordered, 1 device,
 * 2 normal (3 is reserved and taken as normal); DS0/DS1 and NS0/NS1 give
 * the shareability for S = 0/1, NOSn picks inner over outer.
 */
static void short_attrs_remap(const ArmPtwRegs *r, ArmPtwLeaf *l, unsigned texcb, bool s)
{
    unsigned n = texcb & 7;
    uint32_t prrr = r->prrr_mair0, nmrr = r->nmrr_mair1;
    bool shareable;

    switch ((prrr >> (2 * n)) & 3) {
    case 0:
        l->attrs = ATTR_SO;
        l->sh = ARM_PTW_SH_OUTER;
        return;
    case 1:
        l->attrs = ATTR_DEVICE;
        shareable = (prrr >> (s ? 17 : 16)) & 1;
        l->sh = shareable ? ARM_PTW_SH_OUTER : ARM_PTW_SH_NONE;
        return;
    default:
        l->attrs = normal_attrs(nmrr >> (16 + 2 * n), nmrr >> (2 * n));
        shareable = (prrr >> (s ? 19 : 18)) & 1;
        if (!shareable) {
            l->sh = ARM_PTW_SH_NONE;
        } else {
            l->sh = ((prrr >> (24 + n)) & 1) ? ARM_PTW_SH_INNER : ARM_PTW_SH_OUTER;
        }
        return;
    }
}

/* LPAE: AttrIndx selects a byte of MAIR0 (0-3) or MAIR1 (4-7). */
static void long_attrs(const ArmPtwRegs *r, ArmPtwLeaf *l, unsigned idx, unsigned sh)
{
    uint32_t mair = idx < 4 ? r->prrr_mair0 : r->nmrr_mair1;

    l->attrs = (uint8_t)(mair >> (8 * (idx & 3)));
    /*
     * Device memory and Normal memory non-cacheable at both levels are
     * Outer Shareable whatever SH says.  SH = 0b01 is reserved and passed
     * on as it is.
     */
    if ((l->attrs & 0xf0) == 0 || l->attrs == 0x44) {
        l->sh = ARM_PTW_SH_OUTER;
    } else {
        l->sh = (uint8_t)sh;
    }
}

/* -- Permissions -- */

/*
 * ARMv7 AP[2:0] (SCTLR.AFE = 0): read/write rights at PL1 and PL0.
 * 0b100 is reserved and gives no access; 0b110 is the deprecated
 * encoding of read-only at both levels.
 */
static const uint8_t ap_full[8][2] = {
    {0, 0}, {PROT_RW, 0}, {PROT_RW, PROT_R}, {PROT_RW, PROT_RW},
    {0, 0}, {PROT_R, 0},  {PROT_R, PROT_R},  {PROT_R, PROT_R},
};

/* AP[2:1] of the simplified model (SCTLR.AFE = 1, and every LPAE descriptor). */
static const uint8_t ap_simple[4][2] = {
    {PROT_RW, 0},
    {PROT_RW, PROT_RW},
    {PROT_R, 0},
    {PROT_R, PROT_R},
};

static void set_ap_simple(ArmPtwLeaf *l, unsigned ap21)
{
    l->rw_pl1 = ap_simple[ap21 & 3][0];
    l->rw_pl0 = ap_simple[ap21 & 3][1];
}

/*
 * Execute rights from read rights, XN and PXN, plus the WXN controls:
 * SCTLR.WXN makes what is writable at a level not executable there,
 * SCTLR.UWXN makes what PL0 can write not executable at PL1.  Code needs
 * read permission to be fetched.
 */
static void exec_rights(const ArmPtwRegs *r, const ArmPtwLeaf *l, uint8_t *pl1, uint8_t *pl0)
{
    bool x1 = !l->xn && !l->pxn, x0 = !l->xn;

    *pl1 = l->rw_pl1;
    *pl0 = l->rw_pl0;
    if (r->sctlr & ARM_PTW_SCTLR_WXN) {
        x1 = x1 && !(*pl1 & ARM_PTW_PROT_W);
        x0 = x0 && !(*pl0 & ARM_PTW_PROT_W);
    }
    if ((r->sctlr & ARM_PTW_SCTLR_UWXN) && (*pl0 & ARM_PTW_PROT_W)) {
        x1 = false;
    }
    if (x1 && (*pl1 & ARM_PTW_PROT_R)) {
        *pl1 |= ARM_PTW_PROT_X;
    }
    if (x0 && (*pl0 & ARM_PTW_PROT_R)) {
        *pl0 |= ARM_PTW_PROT_X;
    }
}

static uint8_t access_needs(ArmPtwAccess access)
{
    switch (access) {
    case ARM_PTW_WRITE:
        return ARM_PTW_PROT_W;
    case ARM_PTW_FETCH:
        return ARM_PTW_PROT_X;
    case ARM_PTW_READ:
        return ARM_PTW_PROT_R;
    case ARM_PTW_CACHE_MAINT:
        break;
    }
    return 0;
}

/*
 * Checks the access against the leaf and fills the result.  Cache
 * maintenance needs no permission, so it passes whatever the rights.
 */
static bool walk_finish(ArmPtwWalk *w, const ArmPtwLeaf *l)
{
    ArmPtwResult *res = w->res;
    uint8_t pl1 = ARM_PTW_PROT_RWX, pl0 = ARM_PTW_PROT_RWX;
    uint8_t prot;

    if (!l->manager) {
        exec_rights(w->r, l, &pl1, &pl0);
    }
    prot = w->privileged ? pl1 : pl0;
    if ((prot & access_needs(w->access)) != access_needs(w->access)) {
        return walk_fail(w, ARM_PTW_FAULT_PERMISSION, l->level, l->domain);
    }
    memset(res, 0, sizeof(*res));
    res->pa = l->pa;
    res->page_size = l->size;
    res->prot = prot;
    res->prot_pl1 = pl1;
    res->prot_pl0 = pl0;
    res->ng = l->ng;
    res->asid = l->asid;
    res->level = (uint8_t)l->level;
    res->domain = (uint8_t)l->domain;
    res->attrs = l->attrs;
    res->sh = l->sh;
    res->ns = l->ns;
    return true;
}

/* -- Short-descriptor format -- */

/* Decodes a level-2 descriptor of a page table into l. */
static void short_page(const ArmPtwRegs *r, ArmPtwLeaf *l, uint32_t d, uint32_t va)
{
    unsigned texcb;

    if (d & 2) {
        /* Small page: XN at bit 0, TEX at [8:6]. */
        l->pa = (d & 0xfffff000u) | (va & 0xfffu);
        l->size = 4096;
        l->xn = d & 1;
        texcb = ((d >> 6) & 7) << 2 | ((d >> 2) & 3);
    } else {
        /* Large page: XN at bit 15, TEX at [14:12]. */
        l->pa = (d & 0xffff0000u) | (va & 0xffffu);
        l->size = 64 * 1024;
        l->xn = (d >> 15) & 1;
        texcb = ((d >> 12) & 7) << 2 | ((d >> 2) & 3);
    }
    l->ng = (d >> 11) & 1;
    if (r->sctlr & ARM_PTW_SCTLR_TRE) {
        short_attrs_remap(r, l, texcb, (d >> 10) & 1);
    } else {
        short_attrs_plain(l, texcb, (d >> 10) & 1);
    }
}

/* Decodes a section or supersection descriptor into l. */
static void short_section(const ArmPtwRegs *r, ArmPtwLeaf *l, uint32_t d, uint32_t va)
{
    unsigned texcb = ((d >> 12) & 7) << 2 | ((d >> 2) & 3);

    if (d & (1u << 18)) {
        /* Supersection: PA[35:32] in [23:20], PA[39:36] in [8:5]; domain 0. */
        l->pa = (d & 0xff000000u) | (va & 0x00ffffffu) | (uint64_t)((d >> 20) & 0xf) << 32 |
                (uint64_t)((d >> 5) & 0xf) << 36;
        l->size = 16u << 20;
        l->domain = 0;
    } else {
        l->pa = (d & 0xfff00000u) | (va & 0x000fffffu);
        l->size = 1u << 20;
        l->domain = (d >> 5) & 0xf;
    }
    l->level = 1;
    l->pxn = d & 1;
    l->xn = (d >> 4) & 1;
    l->ng = (d >> 17) & 1;
    l->ns = l->ns || ((d >> 19) & 1);
    if (r->sctlr & ARM_PTW_SCTLR_TRE) {
        short_attrs_remap(r, l, texcb, (d >> 16) & 1);
    } else {
        short_attrs_plain(l, texcb, (d >> 16) & 1);
    }
}

/*
 * The level-1 descriptor address.  TTBCR.N > 0 sends addresses whose top N
 * bits are not all zero to TTBR1; TTBR0's table then shrinks to 16 KB >> N
 * and is aligned to its size.  Returns false if TTBCR.PDx disables the walk.
 */
static bool short_l1_addr(const ArmPtwRegs *r, uint32_t va, uint32_t *addr)
{
    unsigned n = r->ttbcr & 7;

    if (n != 0 && (va >> (32 - n)) != 0) {
        if (r->ttbcr & ARM_PTW_TTBCR_PD1) {
            return false;
        }
        *addr = ((uint32_t)r->ttbr1 & 0xffffc000u) | (va >> 20) << 2;
        return true;
    }
    if (r->ttbcr & ARM_PTW_TTBCR_PD0) {
        return false;
    }
    *addr = ((uint32_t)r->ttbr0 & ~(0x3fffu >> n)) | ((va & (0xffffffffu >> n)) >> 20) << 2;
    return true;
}

static bool walk_short(ArmPtwWalk *w)
{
    const ArmPtwRegs *r = w->r;
    uint32_t va = w->va, l1_addr, d;
    ArmPtwLeaf l = {.ns = !r->secure, .asid = (uint8_t)r->contextidr};
    uint64_t v;
    unsigned ap, dacr_field;

    if (!short_l1_addr(r, va, &l1_addr)) {
        return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, 1, 0);
    }
    if (!read_desc(r, l1_addr, 4, &v)) {
        return walk_fail(w, ARM_PTW_FAULT_WALK_ABORT, 1, 0);
    }
    d = (uint32_t)v;
    switch (d & 3) {
    case 0:
        return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, 1, 0);
    case 1:
        /* Page table: the domain, PXN and NS apply to every page under it. */
        l.level = 2;
        l.domain = (d >> 5) & 0xf;
        l.pxn = (d >> 2) & 1;
        l.ns = l.ns || ((d >> 3) & 1);
        if (!read_desc(r, (d & 0xfffffc00u) | ((va >> 10) & 0x3fcu), 4, &v)) {
            return walk_fail(w, ARM_PTW_FAULT_WALK_ABORT, 2, l.domain);
        }
        d = (uint32_t)v;
        if ((d & 3) == 0) {
            return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, 2, l.domain);
        }
        ap = ((d >> 4) & 3) | ((d >> 7) & 4);
        short_page(r, &l, d, va);
        break;
    default:
        /* Bit 0 of a section is PXN, so 0b10 and 0b11 are both sections. */
        ap = ((d >> 10) & 3) | ((d >> 13) & 4);
        short_section(r, &l, d, va);
        break;
    }
    if ((r->sctlr & ARM_PTW_SCTLR_AFE) && !(ap & 1)) {
        return walk_fail(w, ARM_PTW_FAULT_ACCESS_FLAG, l.level, l.domain);
    }
    /* DACR: 0b00 no access and 0b10 (reserved) fault, 0b01 client, 0b11 manager. */
    dacr_field = (r->dacr >> (2 * l.domain)) & 3;
    if (dacr_field == 3) {
        l.manager = true;
    } else if (dacr_field == 1) {
        if (r->sctlr & ARM_PTW_SCTLR_AFE) {
            set_ap_simple(&l, ap >> 1);
        } else {
            l.rw_pl1 = ap_full[ap][0];
            l.rw_pl0 = ap_full[ap][1];
        }
    } else if (w->access != ARM_PTW_CACHE_MAINT) {
        return walk_fail(w, ARM_PTW_FAULT_DOMAIN, l.level, l.domain);
    }
    return walk_finish(w, &l);
}

/* -- Long-descriptor format (LPAE) -- */

#define LPAE_OA_MASK 0x000000fffffff000ull /* output address bits [39:12] */

/* Hierarchical limits gathered from table descriptors on the way down. */
typedef struct ArmPtwTableLimits {
    bool read_only; /* APTable[1] */
    bool no_pl0;    /* APTable[0] */
    bool xn, pxn;
    bool ns; /* NSTable */
} ArmPtwTableLimits;

/*
 * Picks TTBR0 or TTBR1 from T0SZ/T1SZ: TTBR0 maps the bottom 2^(32-T0SZ)
 * bytes, TTBR1 the top 2^(32-T1SZ) bytes and wins where both would match
 * (T0SZ = 0 with T1SZ > 0); T1SZ = 0 gives TTBR1 everything TTBR0 does not
 * map.  Returns -1 for an address in neither range.
 */
static int long_select(uint32_t ttbcr, uint32_t va)
{
    unsigned t0sz = ttbcr & 7, t1sz = (ttbcr >> 16) & 7;
    int sel = -1;

    if (t0sz == 0 || (va >> (32 - t0sz)) == 0) {
        sel = 0;
    }
    if (t1sz == 0 ? sel < 0 : (va >> (32 - t1sz)) == (1u << t1sz) - 1) {
        sel = 1;
    }
    return sel;
}

static bool walk_long(ArmPtwWalk *w)
{
    const ArmPtwRegs *r = w->r;
    uint32_t va = w->va;
    int sel = long_select(r->ttbcr, va);
    unsigned tsz, level, low, ap;
    uint64_t ttbr, base, index, d;
    ArmPtwTableLimits lim = {.ns = !r->secure};
    ArmPtwLeaf l = {0};

    if (sel < 0) {
        return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, 1, 0);
    }
    if (r->ttbcr & (sel ? ARM_PTW_TTBCR_EPD1 : ARM_PTW_TTBCR_EPD0)) {
        return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, 1, 0);
    }
    tsz = sel ? (r->ttbcr >> 16) & 7 : r->ttbcr & 7;
    ttbr = sel ? r->ttbr1 : r->ttbr0;
    /*
     * With TxSZ > 1 the range fits in one level-2 table of 2^(12-TxSZ)
     * bytes, else the walk starts with a level-1 table of 2^(5-TxSZ) bytes;
     * the table is aligned to its size and lower TTBR bits are ignored.
     */
    level = tsz > 1 ? 2 : 1;
    base = ttbr & 0xffffffffffull & ~((1ull << (9 * level - tsz - 4)) - 1);
    low = 39 - 9 * level;
    index = (va & (0xffffffffu >> tsz)) >> low;
    for (;;) {
        if (!read_desc(r, base | index << 3, 8, &d)) {
            return walk_fail(w, ARM_PTW_FAULT_WALK_ABORT, (int)level, 0);
        }
        if (!(d & 1) || (level == 3 && !(d & 2))) {
            return walk_fail(w, ARM_PTW_FAULT_TRANSLATION, (int)level, 0);
        }
        if (level == 3 || !(d & 2)) {
            break;
        }
        /* Table descriptor: bits [47:40] are ignored as ARMv7 specifies. */
        lim.ns = lim.ns || ((d >> 63) & 1);
        lim.read_only = lim.read_only || ((d >> 62) & 1);
        lim.no_pl0 = lim.no_pl0 || ((d >> 61) & 1);
        lim.xn = lim.xn || ((d >> 60) & 1);
        lim.pxn = lim.pxn || ((d >> 59) & 1);
        base = d & LPAE_OA_MASK;
        level++;
        low = 39 - 9 * level;
        index = (va >> low) & 0x1ff;
    }
    if (!((d >> 10) & 1)) {
        return walk_fail(w, ARM_PTW_FAULT_ACCESS_FLAG, (int)level, 0);
    }
    l.level = (int)level;
    l.size = 1u << low;
    l.pa = (d & LPAE_OA_MASK & ~(uint64_t)(l.size - 1)) | (va & (l.size - 1));
    ap = (d >> 6) & 3;
    ap |= lim.read_only ? 2 : 0;
    ap &= lim.no_pl0 ? 2 : 3;
    set_ap_simple(&l, ap);
    l.xn = lim.xn || ((d >> 54) & 1);
    l.pxn = lim.pxn || ((d >> 53) & 1);
    l.ng = (d >> 11) & 1;
    l.ns = lim.ns || ((d >> 5) & 1);
    l.asid = (uint8_t)(((r->ttbcr & ARM_PTW_TTBCR_A1) ? r->ttbr1 : r->ttbr0) >> 48);
    long_attrs(r, &l, (d >> 2) & 7, (d >> 8) & 3);
    return walk_finish(w, &l);
}

/* -- Entry points -- */

/*
 * With the MMU off every address maps to itself with full access; data
 * accesses are strongly ordered, instruction fetches Normal memory,
 * write-through if SCTLR.I is set.
 */
static bool translate_flat(ArmPtwWalk *w)
{
    ArmPtwLeaf l = {
        .pa = w->va,
        .size = 4096,
        .manager = true,
        .ns = !w->r->secure,
        .sh = ARM_PTW_SH_OUTER,
    };

    if (w->access == ARM_PTW_FETCH) {
        l.attrs = (w->r->sctlr & ARM_PTW_SCTLR_I) ? normal_attrs(2, 2) : normal_attrs(0, 0);
    } else {
        l.attrs = ATTR_SO;
    }
    return walk_finish(w, &l);
}

bool arm_ptw_translate(const ArmPtwRegs *r, uint32_t va, ArmPtwAccess access, bool privileged,
                       ArmPtwResult *res, ArmPtwFault *fault)
{
    ArmPtwWalk w = {
        .r = r,
        .va = va,
        .access = access,
        .privileged = privileged,
        .res = res,
        .fault = fault,
    };

    if (!(r->sctlr & ARM_PTW_SCTLR_M)) {
        return translate_flat(&w);
    }
    if (r->ttbcr & ARM_PTW_TTBCR_EAE) {
        return walk_long(&w);
    }
    return walk_short(&w);
}

/* -- PAR -- */

/*
 * Short-descriptor cacheability code (0 NC, 1 WBWA, 2 WT, 3 WB no WA) of a
 * MAIR nibble: 0b01RW other than 0b0100 and 0b11RW are write-back, 0b00RW
 * and 0b10RW write-through; W = 1 means write-allocate.
 */
static unsigned nibble_policy(unsigned nib)
{
    nib &= 0xf;
    if (nib == 0x4 || nib == 0) {
        return 0;
    }
    if ((nib & 0x4) == 0) {
        return 2;
    }
    return (nib & 1) ? 1 : 3;
}

uint64_t arm_ptw_par_result(const ArmPtwResult *res, bool long_format)
{
    uint64_t par;
    unsigned inner;

    if (long_format) {
        /* ATTR[63:56], PA[39:12], LPAE, NS, SH[8:7]; F = 0. */
        return (uint64_t)res->attrs << 56 | (res->pa & LPAE_OA_MASK) | 1u << 11 |
               (uint64_t)res->ns << 9 | (uint64_t)(res->sh & 3) << 7;
    }
    /* Inner[6:4]: 001 strongly ordered, 011 device, else 0 or 1:policy. */
    if (res->attrs == ATTR_SO) {
        inner = 1;
    } else if ((res->attrs & 0xf0) == 0) {
        inner = 3;
    } else {
        inner = nibble_policy(res->attrs);
        inner = inner ? 4 | inner : 0;
    }
    par = (uint64_t)inner << 4 | (uint64_t)nibble_policy(res->attrs >> 4) << 2 |
          (uint64_t)(res->sh != ARM_PTW_SH_NONE) << 7 | (uint64_t)res->ns << 9 |
          (uint64_t)(res->sh == ARM_PTW_SH_INNER) << 10;
    if (res->page_size == 16u << 20) {
        /* Supersection: SS, PA[31:24], and PA[39:32] in bits [23:16]. */
        par |= (res->pa & 0xff000000u) | ((res->pa >> 32) & 0xff) << 16 | 1u << 1;
    } else {
        par |= res->pa & 0xfffff000u;
    }
    return par;
}

uint64_t arm_ptw_par_fault(const ArmPtwFault *fault, bool long_format)
{
    if (long_format) {
        /* FST[6:1] is the STATUS field; stage 1, LPAE, F = 1. */
        return (uint64_t)(fault->fsr_long & 0x3f) << 1 | 1u << 11 | 1;
    }
    /* FS[6:1] holds DFSR bits {12, 10, 3:0}. */
    return (uint64_t)((fault->fsr_short >> 12) & 1) << 6 |
           (uint64_t)((fault->fsr_short >> 10) & 1) << 5 | (uint64_t)(fault->fsr_short & 0xf) << 1 |
           1;
}
