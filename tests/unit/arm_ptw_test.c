/*
 * Unit tests of the ARMv7-A translation table walkers (frontends/arm/ptw.c).
 *
 * Tables are hand-built in a fake physical memory: 8 MB of RAM at
 * 0x40000000 and 64 KB at 0xfe00000000 (above 4 GB, for LPAE table bases);
 * any other address is a bus error.  The read callback records the
 * addresses it is asked for, so tests also check which descriptors a walk
 * fetched.  Expected values are worked out by hand from the ARM ARM
 * (ARMv7-A, B3: short-descriptor and long-descriptor formats, fault status
 * encodings, PAR).
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontends/arm/ptw.h"

/* -- Fake physical memory -- */

#define RAM_LO 0x40000000ull
#define RAM_LO_SIZE (8u << 20)
#define RAM_HI 0xfe00000000ull
#define RAM_HI_SIZE (64u << 10)

static uint8_t ram_lo[RAM_LO_SIZE];
static uint8_t ram_hi[RAM_HI_SIZE];
static unsigned n_reads;
static uint64_t read_pa[8];

static uint8_t *ram_at(uint64_t pa, unsigned size)
{
    if (pa >= RAM_LO && pa + size <= RAM_LO + RAM_LO_SIZE) {
        return ram_lo + (pa - RAM_LO);
    }
    if (pa >= RAM_HI && pa + size <= RAM_HI + RAM_HI_SIZE) {
        return ram_hi + (pa - RAM_HI);
    }
    return NULL;
}

static bool fake_read(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = ram_at(pa, size);
    uint64_t v = 0;

    cr_assert(size == 4 || size == 8, "descriptor read of size %u", size);
    cr_assert_eq(pa % size, 0, "unaligned descriptor read at 0x%llx", (unsigned long long)pa);
    cr_assert_eq(opaque, (void *)ram_lo);
    if (n_reads < 8) {
        read_pa[n_reads] = pa;
    }
    n_reads++;
    if (p == NULL) {
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    *val = v;
    return true;
}

static void w32(uint64_t pa, uint32_t v)
{
    uint8_t *p = ram_at(pa, 4);

    cr_assert_not_null(p);
    for (unsigned i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void w64(uint64_t pa, uint64_t v)
{
    w32(pa, (uint32_t)v);
    w32(pa + 4, (uint32_t)(v >> 32));
}

static void setup(void)
{
    memset(ram_lo, 0, sizeof(ram_lo));
    memset(ram_hi, 0, sizeof(ram_hi));
    n_reads = 0;
    memset(read_pa, 0, sizeof(read_pa));
}

TestSuite(ptw, .init = setup);

/*
 * The summary line every suite of the project ends with, printed at exit
 * so that it follows Criterion's own synthesis.
 */
static size_t n_passed, n_failed;

static void print_summary(void)
{
    printf("ptw: %zu passed, %zu failed\n", n_passed, n_failed);
    fflush(stdout);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    n_passed = stats->tests_passed;
    n_failed = stats->tests_failed + stats->tests_crashed;
    atexit(print_summary);
}

static ArmPtwResult res;
static ArmPtwFault flt;

static bool xlate(const ArmPtwRegs *r, uint32_t va, ArmPtwAccess a, bool priv)
{
    n_reads = 0;
    memset(&res, 0xa5, sizeof(res));
    memset(&flt, 0xa5, sizeof(flt));
    return arm_ptw_translate(r, va, a, priv, &res, &flt);
}

#define R ARM_PTW_PROT_R
#define W ARM_PTW_PROT_W
#define X ARM_PTW_PROT_X

/* -- Short-descriptor tables -- */

#define L1 0x40000000u    /* TTBR0 table */
#define L1_T1 0x40004000u /* TTBR1 table */
#define L2A 0x40010000u   /* second-level tables, 1 KB each */

static ArmPtwRegs sregs(void)
{
    return (ArmPtwRegs){
        .sctlr = ARM_PTW_SCTLR_M,
        .ttbr0 = L1,
        .ttbr1 = L1_T1,
        .dacr = 0x55555555u, /* every domain Client */
        .read = fake_read,
        .opaque = ram_lo,
    };
}

/* Section descriptor: base [31:20], AP[2] at 15, AP[1:0] at [11:10], domain [8:5]. */
static uint32_t sect(uint32_t base, unsigned ap, unsigned dom, uint32_t extra)
{
    return (base & 0xfff00000u) | (ap & 4u) << 13 | (ap & 3u) << 10 | dom << 5 | extra | 2;
}

/* Page-table descriptor: L2 base [31:10], domain [8:5], PXN at 2. */
static uint32_t ptab(uint32_t l2, unsigned dom, uint32_t extra)
{
    return l2 | dom << 5 | extra | 1;
}

/* Small page: base [31:12], AP[2] at 9, AP[1:0] at [5:4], XN at 0. */
static uint32_t small(uint32_t base, unsigned ap, uint32_t extra)
{
    return base | (ap & 4u) << 7 | (ap & 3u) << 4 | extra | 2;
}

static void set_l1(uint32_t table, uint32_t va, uint32_t desc)
{
    w32(table + (va >> 20) * 4, desc);
}

static void set_l2(uint32_t table, uint32_t va, uint32_t desc)
{
    w32(table + ((va >> 12) & 0xff) * 4, desc);
}

/* -- MMU off -- */

Test(ptw, mmu_off_is_flat_with_full_access)
{
    ArmPtwRegs r = sregs();

    r.sctlr = 0;
    cr_assert(xlate(&r, 0xdeadbeef, ARM_PTW_WRITE, false));
    cr_assert_eq(res.pa, 0xdeadbeef);
    cr_assert_eq(res.prot, R | W | X);
    cr_assert_eq(res.prot_pl1, R | W | X);
    cr_assert_eq(res.prot_pl0, R | W | X);
    cr_assert_eq(res.attrs, 0x00, "data accesses are strongly ordered");
    cr_assert_eq(n_reads, 0);
    cr_assert(xlate(&r, 0x1000, ARM_PTW_FETCH, false));
    cr_assert_eq(res.attrs, 0x44, "fetches are Normal non-cacheable with SCTLR.I = 0");
    r.sctlr = ARM_PTW_SCTLR_I;
    cr_assert(xlate(&r, 0x1000, ARM_PTW_FETCH, true));
    cr_assert_eq(res.attrs, 0xaa, "fetches are write-through with SCTLR.I = 1");
}

Test(ptw, mmu_off_par_short)
{
    ArmPtwRegs r = sregs();

    r.sctlr = 0;
    cr_assert(xlate(&r, 0x12345678, ARM_PTW_READ, true));
    /* PA, Inner = 001 (strongly ordered), SH, NS. */
    cr_assert_eq(arm_ptw_par_result(&res, false), 0x12345000u | 0x10 | 0x80 | 0x200);
}

/* -- Short-descriptor: sections, supersections, pages -- */

Test(ptw, short_section_maps_1mb)
{
    ArmPtwRegs r = sregs();

    w32(L1 + 0x123 * 4, 0x87600c62u); /* section 0x876xxxxx, AP = 011, domain 3 */
    cr_assert(xlate(&r, 0x12345678, ARM_PTW_WRITE, false));
    cr_assert_eq(res.pa, 0x87645678u);
    cr_assert_eq(res.page_size, 1u << 20);
    cr_assert_eq(res.level, 1);
    cr_assert_eq(res.domain, 3);
    cr_assert_eq(res.prot_pl1, R | W | X);
    cr_assert_eq(res.prot_pl0, R | W | X);
    cr_assert_eq(res.ng, false);
    cr_assert_eq(n_reads, 1);
    cr_assert_eq(read_pa[0], 0x4000048cu);
}

Test(ptw, short_section_type_3_is_a_section_with_pxn)
{
    ArmPtwRegs r = sregs();

    w32(L1 + 0x123 * 4, 0x87600c63u);
    cr_assert(xlate(&r, 0x12345678, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x87645678u);
    cr_assert(xlate(&r, 0x12345678, ARM_PTW_FETCH, false), "PXN does not stop PL0");
    cr_assert_not(xlate(&r, 0x12345678, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_PERMISSION);
    cr_assert_eq(flt.fsr, 0x00d, "IFSR: section permission fault, no domain");
    cr_assert_eq(flt.far, 0x12345678u);
}

Test(ptw, supersection_has_40_bit_pa_and_domain_0)
{
    ArmPtwRegs r = sregs();

    /* base 0xab, PA[35:32] = 5 in [23:20], PA[39:36] = 0xc in [8:5], AP = 011. */
    w32(L1 + 0x5a1 * 4, 0xab540d82u);
    r.dacr = 0x00000001; /* domain 0 Client, domain 12 (bits [8:5]) no access */
    cr_assert(xlate(&r, 0x5a123456, ARM_PTW_READ, false));
    cr_assert_eq(res.pa, 0xc5ab123456ull);
    cr_assert_eq(res.page_size, 16u << 20);
    cr_assert_eq(res.domain, 0);
    /* PA[31:24], PA[39:32] in [23:16], SS, Inner 001, SH, NS. */
    cr_assert_eq(arm_ptw_par_result(&res, false), 0xabc50292u);
}

Test(ptw, small_page_with_ng_and_asid)
{
    ArmPtwRegs r = sregs();

    r.contextidr = 0x12345678;
    w32(L1 + 0x001 * 4, 0x400100a1u); /* page table at L2A, domain 5 */
    w32(L2A + 0x23 * 4, 0x9abcd832u); /* small page, nG, AP = 011 */
    cr_assert(xlate(&r, 0x00123456, ARM_PTW_READ, false));
    cr_assert_eq(res.pa, 0x9abcd456u);
    cr_assert_eq(res.page_size, 4096);
    cr_assert_eq(res.level, 2);
    cr_assert_eq(res.domain, 5);
    cr_assert(res.ng);
    cr_assert_eq(res.asid, 0x78, "ASID from CONTEXTIDR[7:0]");
    cr_assert_eq(n_reads, 2);
    cr_assert_eq(read_pa[0], 0x40000004u);
    cr_assert_eq(read_pa[1], 0x4001008cu);
}

Test(ptw, large_page_maps_64k_and_xn_at_bit_15)
{
    ArmPtwRegs r = sregs();

    w32(L1 + 0x001 * 4, ptab(L2A, 0, 0));
    w32(L2A + 0x5a * 4, 0x76548031u); /* large page, XN, AP = 011 */
    cr_assert(xlate(&r, 0x0015abcd, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x7654abcdu);
    cr_assert_eq(res.page_size, 64u << 10);
    cr_assert_eq(res.prot_pl1, R | W);
    cr_assert_not(xlate(&r, 0x0015abcd, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x00f, "IFSR: page permission fault");
    cr_assert_eq(flt.level, 2);
}

Test(ptw, small_page_xn_at_bit_0)
{
    ArmPtwRegs r = sregs();

    w32(L1 + 0x001 * 4, ptab(L2A, 0, 0));
    w32(L2A + 0x23 * 4, 0x9abcd033u);
    cr_assert(xlate(&r, 0x00123456, ARM_PTW_READ, false));
    cr_assert_eq(res.prot_pl0, R | W);
    cr_assert_not(xlate(&r, 0x00123456, ARM_PTW_FETCH, false));
    cr_assert_eq(flt.fsr, 0x00f);
    w32(L2A + 0x23 * 4, 0x9abcd032u);
    cr_assert(xlate(&r, 0x00123456, ARM_PTW_FETCH, false));
}

/* -- Short-descriptor: TTBR selection -- */

Test(ptw, ttbcr_n_splits_ttbr0_and_ttbr1)
{
    for (unsigned n = 0; n <= 7; n++) {
        ArmPtwRegs r = sregs();
        uint32_t boundary = n ? 1u << (32 - n) : 0; /* first TTBR1 address */
        uint32_t below = (n ? boundary : 0) - 0x100000u;

        setup();
        r.ttbcr = n;
        r.ttbr0 = 0x40020000u;
        /* The last MB below the boundary through TTBR0, index VA[31-N:20]. */
        w32(0x40020000u + ((below & (0xffffffffu >> n)) >> 20) * 4, sect(0x11100000u, 3, 0, 0));
        cr_assert(xlate(&r, below | 0x1234, ARM_PTW_READ, true), "N=%u va 0x%x", n, below);
        cr_assert_eq(res.pa, 0x11101234u, "N=%u", n);
        if (n == 0) {
            continue;
        }
        /* The boundary through TTBR1, index VA[31:20] of a 16 KB table. */
        set_l1(L1_T1, boundary, sect(0x22200000u, 3, 0, 0));
        cr_assert(xlate(&r, boundary | 0x5678, ARM_PTW_READ, true), "N=%u", n);
        cr_assert_eq(res.pa, 0x22205678u, "N=%u", n);
        cr_assert_eq(read_pa[0], L1_T1 + (boundary >> 20) * 4, "N=%u", n);
    }
}

Test(ptw, ttbcr_n_0_uses_ttbr0_everywhere)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0xfff00000u, sect(0x33300000u, 3, 0, 0));
    set_l1(L1_T1, 0xfff00000u, sect(0x44400000u, 3, 0, 0));
    cr_assert(xlate(&r, 0xfff00010u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x33300010u);
}

Test(ptw, unaligned_ttbr_bits_are_masked)
{
    ArmPtwRegs r = sregs();

    /* N = 0: base is TTBR0[31:14]; IRGN/S/RGN/NOS and bits [13:7] ignored. */
    r.ttbr0 = 0x40023fffu;
    w32(0x40020000u + 3 * 4, sect(0x55500000u, 3, 0, 0));
    cr_assert(xlate(&r, 0x00300000u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x55500000u);
    cr_assert_eq(read_pa[0], 0x4002000cu);
    /* N = 2: base is TTBR0[31:12]. */
    r.ttbcr = 2;
    r.ttbr0 = 0x40021fffu;
    w32(0x40021000u + 3 * 4, sect(0x66600000u, 3, 0, 0));
    cr_assert(xlate(&r, 0x00300000u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x66600000u);
    /* TTBR1 is always 16 KB aligned; the high word of TTBR0 is unused. */
    r.ttbr1 = L1_T1 | 0x3fffu;
    r.ttbr0 |= 0xff00000000ull;
    set_l1(L1_T1, 0xc0000000u, sect(0x77700000u, 3, 0, 0));
    cr_assert(xlate(&r, 0xc0000000u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x77700000u);
    cr_assert(xlate(&r, 0x00300000u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x66600000u);
}

Test(ptw, pd0_and_pd1_give_level_1_translation_faults)
{
    ArmPtwRegs r = sregs();

    r.ttbcr = 2 | ARM_PTW_TTBCR_PD0;
    set_l1(L1, 0x10000000u, sect(0x10000000u, 3, 0, 0));
    set_l1(L1_T1, 0xc0000000u, sect(0xc0000000u, 3, 0, 0));
    cr_assert_not(xlate(&r, 0x10000000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_TRANSLATION);
    cr_assert_eq(flt.level, 1);
    cr_assert_eq(flt.fsr, 0x005);
    cr_assert_eq(n_reads, 0, "a disabled walk reads no memory");
    cr_assert(xlate(&r, 0xc0000000u, ARM_PTW_READ, true));

    r.ttbcr = 2 | ARM_PTW_TTBCR_PD1;
    cr_assert_not(xlate(&r, 0xc0000000u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.fsr, 0x805);
    cr_assert(xlate(&r, 0x10000000u, ARM_PTW_READ, true));

    /* With N = 0 every address is TTBR0's, so PD1 does not matter. */
    r.ttbcr = ARM_PTW_TTBCR_PD1;
    set_l1(L1, 0xc0000000u, sect(0xc0000000u, 3, 0, 0));
    cr_assert(xlate(&r, 0xc0000000u, ARM_PTW_READ, true));
}

/* -- Short-descriptor: access permissions -- */

/* The ARMv7 AP[2:0] table (SCTLR.AFE = 0): rights at PL1, then PL0. */
static const char *const ap_table[8][2] = {
    {"--", "--"}, /* 000 no access */
    {"rw", "--"}, /* 001 */
    {"rw", "r-"}, /* 010 */
    {"rw", "rw"}, /* 011 full access */
    {"--", "--"}, /* 100 reserved */
    {"r-", "--"}, /* 101 */
    {"r-", "r-"}, /* 110 deprecated read-only */
    {"r-", "r-"}, /* 111 */
};

static void check_ap_table(bool page)
{
    for (unsigned ap = 0; ap < 8; ap++) {
        ArmPtwRegs r = sregs();
        uint32_t va = 0x00412000u;

        setup();
        if (page) {
            set_l1(L1, va, ptab(L2A, 1, 0));
            set_l2(L2A, va, small(0x80000000u, ap, 0));
        } else {
            set_l1(L1, va, sect(0x80000000u, ap, 1, 0));
        }
        for (int pl = 0; pl < 2; pl++) {
            for (int wr = 0; wr < 2; wr++) {
                bool want = ap_table[ap][pl][wr] != '-';
                bool got = xlate(&r, va, wr ? ARM_PTW_WRITE : ARM_PTW_READ, pl == 0);

                cr_assert_eq(got, want, "%s AP=%u PL%d %s", page ? "page" : "section", ap,
                             pl ? 0 : 1, wr ? "write" : "read");
                if (!got) {
                    /* Permission fault, domain 1, WnR for writes. */
                    uint32_t fsr = (page ? 0x00f : 0x00d) | 0x10 | (wr ? 0x800 : 0);
                    cr_assert_eq(flt.fsr, fsr, "AP=%u", ap);
                    cr_assert_eq(flt.type, ARM_PTW_FAULT_PERMISSION);
                }
            }
        }
    }
}

Test(ptw, ap_table_for_sections)
{
    check_ap_table(false);
}

Test(ptw, ap_table_for_pages)
{
    check_ap_table(true);
}

Test(ptw, prot_for_both_privileges_from_one_walk)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0, sect(0x80000000u, 2, 0, 0)); /* PL1 RW, PL0 RO */
    cr_assert(xlate(&r, 0x100, ARM_PTW_READ, false));
    cr_assert_eq(res.prot, R | X);
    cr_assert_eq(res.prot_pl0, R | X);
    cr_assert_eq(res.prot_pl1, R | W | X);
    set_l1(L1, 0, sect(0x80000000u, 1, 0, 0)); /* PL1 RW, PL0 none: no fetch at PL0 */
    cr_assert(xlate(&r, 0x100, ARM_PTW_FETCH, true));
    cr_assert_eq(res.prot_pl0, 0);
    cr_assert_not(xlate(&r, 0x100, ARM_PTW_FETCH, false));
    cr_assert_eq(flt.fsr, 0x00d);
}

Test(ptw, afe_access_flag_faults)
{
    ArmPtwRegs r = sregs();

    r.sctlr |= ARM_PTW_SCTLR_AFE;
    set_l1(L1, 0x00100000u, sect(0x80000000u, 2, 4, 0)); /* AP[0] = 0 */
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_ACCESS_FLAG);
    cr_assert_eq(flt.fsr, 0x043, "section access flag fault, domain 4");
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x003, "IFSR has no domain");

    set_l1(L1, 0x00200000u, ptab(L2A, 6, 0));
    set_l2(L2A, 0x00200000u, small(0x80000000u, 6, 0));
    cr_assert_not(xlate(&r, 0x00200000u, ARM_PTW_WRITE, false));
    cr_assert_eq(flt.fsr, 0x866, "page access flag fault, domain 6, write");

    /* The access flag is checked before the domain: Manager still faults. */
    r.dacr = 0xffffffffu;
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_ACCESS_FLAG);
    /* Without AFE the same descriptor is AP = 010. */
    r.sctlr &= ~ARM_PTW_SCTLR_AFE;
    cr_assert(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
}

Test(ptw, afe_simplified_permission_model)
{
    /* AP[2:1] with AP[0] = 1: rights at PL1 and PL0. */
    static const char *const simple[4][2] = {
        {"rw", "--"},
        {"rw", "rw"},
        {"r-", "--"},
        {"r-", "r-"},
    };

    for (unsigned ap21 = 0; ap21 < 4; ap21++) {
        ArmPtwRegs r = sregs();

        setup();
        r.sctlr |= ARM_PTW_SCTLR_AFE;
        set_l1(L1, 0, sect(0x80000000u, ap21 << 1 | 1, 0, 0));
        for (int pl = 0; pl < 2; pl++) {
            for (int wr = 0; wr < 2; wr++) {
                bool want = simple[ap21][pl][wr] != '-';

                cr_assert_eq(xlate(&r, 0x40, wr ? ARM_PTW_WRITE : ARM_PTW_READ, pl == 0), want,
                             "AP[2:1]=%u PL%d %s", ap21, pl ? 0 : 1, wr ? "write" : "read");
            }
        }
    }
}

/* -- Short-descriptor: domains -- */

Test(ptw, domain_no_access_and_reserved_fault)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0x00100000u, sect(0x80000000u, 3, 7, 0));
    set_l1(L1, 0x00200000u, ptab(L2A, 9, 0));
    set_l2(L2A, 0x00200000u, small(0x90000000u, 3, 0));
    for (uint32_t field = 0; field <= 2; field += 2) {
        r.dacr = 0x55555555u & ~(3u << 14) & ~(3u << 18);
        r.dacr |= field << 14 | field << 18;
        cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
        cr_assert_eq(flt.type, ARM_PTW_FAULT_DOMAIN);
        cr_assert_eq(flt.fsr, 0x079, "section domain fault, domain 7");
        cr_assert_not(xlate(&r, 0x00200000u, ARM_PTW_WRITE, false));
        cr_assert_eq(flt.fsr, 0x89b, "page domain fault, domain 9, write");
        cr_assert_eq(flt.level, 2);
    }
}

Test(ptw, page_translation_fault_before_domain_fault)
{
    ArmPtwRegs r = sregs();

    r.dacr = 0; /* every domain no access */
    set_l1(L1, 0x00200000u, ptab(L2A, 9, 0));
    cr_assert_not(xlate(&r, 0x00200000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_TRANSLATION);
    cr_assert_eq(flt.fsr, 0x097, "page translation fault reports the domain");
}

Test(ptw, manager_domain_skips_permissions_and_xn)
{
    ArmPtwRegs r = sregs();

    r.dacr = 3u << 2;                                /* domain 1 Manager */
    set_l1(L1, 0, sect(0x80000000u, 0, 1, 1u << 4)); /* AP = 000, XN */
    cr_assert(xlate(&r, 0x10, ARM_PTW_WRITE, false));
    cr_assert_eq(res.prot_pl0, R | W | X);
    cr_assert_eq(res.prot_pl1, R | W | X);
    cr_assert(xlate(&r, 0x10, ARM_PTW_FETCH, false));
    r.dacr = 1u << 2; /* Client */
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(flt.fsr, 0x01d);
}

/* -- Short-descriptor: XN, PXN, WXN -- */

Test(ptw, xn_section_faults_fetch_only)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0, sect(0x80000000u, 3, 2, 1u << 4));
    cr_assert(xlate(&r, 0x10, ARM_PTW_WRITE, false));
    cr_assert_eq(res.prot_pl0, R | W);
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_PERMISSION);
    cr_assert_eq(flt.fsr, 0x00d);
    cr_assert(flt.fetch);
    cr_assert_not(flt.write);
}

Test(ptw, pxn_in_page_table_descriptor_applies_to_its_pages)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0, ptab(L2A, 0, 1u << 2));
    set_l2(L2A, 0, small(0x80000000u, 3, 0));
    cr_assert(xlate(&r, 0x10, ARM_PTW_FETCH, false));
    cr_assert_eq(res.prot_pl1, R | W);
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x00f);
}

Test(ptw, wxn_and_uwxn)
{
    ArmPtwRegs r = sregs();

    set_l1(L1, 0x00000000u, sect(0x80000000u, 3, 0, 0)); /* RW at both */
    set_l1(L1, 0x00100000u, sect(0x80000000u, 7, 0, 0)); /* RO at both */
    set_l1(L1, 0x00200000u, sect(0x80000000u, 1, 0, 0)); /* RW at PL1 only */
    r.sctlr |= ARM_PTW_SCTLR_WXN;
    cr_assert_not(xlate(&r, 0x00000000u, ARM_PTW_FETCH, true));
    cr_assert_not(xlate(&r, 0x00000000u, ARM_PTW_FETCH, false));
    cr_assert(xlate(&r, 0x00100000u, ARM_PTW_FETCH, true));
    cr_assert(xlate(&r, 0x00100000u, ARM_PTW_FETCH, false));
    r.sctlr ^= ARM_PTW_SCTLR_WXN | ARM_PTW_SCTLR_UWXN;
    cr_assert_not(xlate(&r, 0x00000000u, ARM_PTW_FETCH, true), "PL0-writable is PXN");
    cr_assert(xlate(&r, 0x00000000u, ARM_PTW_FETCH, false));
    cr_assert(xlate(&r, 0x00200000u, ARM_PTW_FETCH, true));
}

Test(ptw, ng_section_and_global_section)
{
    ArmPtwRegs r = sregs();

    r.contextidr = 0x42;
    set_l1(L1, 0x00000000u, sect(0x80000000u, 3, 0, 1u << 17));
    set_l1(L1, 0x00100000u, sect(0x80000000u, 3, 0, 0));
    cr_assert(xlate(&r, 0x0, ARM_PTW_READ, true));
    cr_assert(res.ng);
    cr_assert_eq(res.asid, 0x42);
    cr_assert(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
    cr_assert_not(res.ng);
}

/* -- Short-descriptor: translation faults and external aborts -- */

Test(ptw, short_translation_faults)
{
    ArmPtwRegs r = sregs();

    cr_assert_not(xlate(&r, 0x00500000u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_TRANSLATION);
    cr_assert_eq(flt.fsr, 0x805);
    cr_assert_eq(flt.fsr_short, 0x805);
    cr_assert_eq(flt.fsr_long, 0xa05, "the same fault in the long format");
    cr_assert_not(flt.long_format);
    cr_assert_eq(flt.far, 0x00500000u);
    cr_assert_not(xlate(&r, 0x00500000u, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x005);
    set_l1(L1, 0x00500000u, ptab(L2A, 13, 0));
    cr_assert_not(xlate(&r, 0x00500000u, ARM_PTW_READ, false));
    cr_assert_eq(flt.fsr, 0x0d7, "page translation fault, domain 13");
}

Test(ptw, short_walk_into_unmapped_memory_aborts)
{
    ArmPtwRegs r = sregs();

    r.ttbr0 = 0x10000000u;
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_WALK_ABORT);
    cr_assert_eq(flt.fsr, 0x00c, "external abort on first-level walk");
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x00c);

    r = sregs();
    set_l1(L1, 0x00100000u, ptab(0x20000000u, 3, 0));
    cr_assert_not(xlate(&r, 0x00100000u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.fsr, 0x83e, "second-level walk abort, domain 3, write");
    cr_assert_eq(read_pa[1], 0x20000000u);
}

Test(ptw, no_read_callback_is_a_walk_abort)
{
    ArmPtwRegs r = sregs();

    r.read = NULL;
    cr_assert_not(xlate(&r, 0x1000, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_WALK_ABORT);
}

Test(ptw, big_endian_tables)
{
    ArmPtwRegs r = sregs();

    r.sctlr |= ARM_PTW_SCTLR_EE;
    w32(L1, __builtin_bswap32(ptab(L2A, 0, 0)));
    w32(L2A, __builtin_bswap32(small(0x9abcd000u, 3, 0)));
    cr_assert(xlate(&r, 0x123, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x9abcd123u);
}

Test(ptw, cache_maintenance_faults_are_writes_with_cm)
{
    ArmPtwRegs r = sregs();

    cr_assert_not(xlate(&r, 0x00700000u, ARM_PTW_CACHE_MAINT, true));
    cr_assert_eq(flt.fsr, 0x2805, "CM, WnR, section translation fault");
    cr_assert(flt.cache_maint);
    /* No domain or permission faults for maintenance. */
    r.dacr = 0;
    set_l1(L1, 0x00700000u, sect(0x80000000u, 0, 0, 0));
    cr_assert(xlate(&r, 0x00700000u, ARM_PTW_CACHE_MAINT, false));
    cr_assert_eq(res.pa, 0x80000000u);
    r.dacr = 1;
    cr_assert(xlate(&r, 0x00700000u, ARM_PTW_CACHE_MAINT, false));
}

/* -- Short-descriptor: memory attributes and PAR -- */

Test(ptw, tex_attributes_without_remap)
{
    ArmPtwRegs r = sregs();

    /* TEX = 001, C = 1, B = 1: write-back write-allocate; S = 1. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 1u << 12 | 0xc | 1u << 16));
    cr_assert(xlate(&r, 0x1234, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0xff);
    cr_assert_eq(res.sh, ARM_PTW_SH_OUTER);
    /* PA, Inner 101, Outer 01, SH, NS. */
    cr_assert_eq(arm_ptw_par_result(&res, false), 0x80001000u | 0x50 | 0x4 | 0x80 | 0x200);

    /* TEX = 110: outer write-through; C:B = 01: inner write-back WA. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 6u << 12 | 0x4));
    cr_assert(xlate(&r, 0x1234, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0xaf);
    cr_assert_eq(res.sh, ARM_PTW_SH_NONE);
    cr_assert_eq(arm_ptw_par_result(&res, false), 0x80001000u | 0x50 | 0x8 | 0x200);

    /* TEX = 000, B = 1: shareable device. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 0x4));
    cr_assert(xlate(&r, 0x1234, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x04);
    cr_assert_eq(arm_ptw_par_result(&res, false), 0x80001000u | 0x30 | 0x80 | 0x200);

    /* TEX = 010, C = B = 0: non-shareable device. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 2u << 12));
    cr_assert(xlate(&r, 0x1234, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x04);
    cr_assert_eq(res.sh, ARM_PTW_SH_NONE);
}

Test(ptw, tex_remap_through_prrr_nmrr)
{
    ArmPtwRegs r = sregs();

    r.sctlr |= ARM_PTW_SCTLR_TRE;
    r.prrr_mair0 = 0xff0a81a8u;
    r.nmrr_mair1 = 0x40e040e0u;
    /* n = TEX[0]:C:B = 7: Normal, inner and outer WBWA; S = 1 -> NS1 = 1, NOS7 = 1. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 1u << 12 | 0xc | 1u << 16));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0xff);
    cr_assert_eq(res.sh, ARM_PTW_SH_INNER);
    cr_assert_eq(arm_ptw_par_result(&res, false), 0x80000000u | 0x50 | 0x4 | 0x80 | 0x200 | 0x400);
    /* n = 0: strongly ordered. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 0));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x00);
    /* n = 1: Normal non-cacheable, S = 0 -> NS0 = 0: non-shareable. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 0x4));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x44);
    cr_assert_eq(res.sh, ARM_PTW_SH_NONE);
    /* n = 4: device; DS1 = 1 with S = 1, DS0 = 0 with S = 0. */
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 1u << 12 | 1u << 16));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x04);
    cr_assert_eq(res.sh, ARM_PTW_SH_OUTER);
    set_l1(L1, 0, sect(0x80000000u, 3, 0, 1u << 12));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.sh, ARM_PTW_SH_NONE);
}

Test(ptw, par_short_fault_fields)
{
    ArmPtwRegs r = sregs();
    ArmPtwFault f = {0};

    cr_assert_not(xlate(&r, 0x00500000u, ARM_PTW_READ, true));
    cr_assert_eq(arm_ptw_par_fault(&flt, false), 0x00b, "F, FS = 00101");
    /* FS[6:1] = DFSR bits {12 (ExT), 10 (FS[4]), 3:0}. */
    f.fsr_short = 1u << 12 | ARM_PTW_FSR_FS4 | 0x6 | 0xf0;
    cr_assert_eq(arm_ptw_par_fault(&f, false), 0x06d);
}

Test(ptw, secure_walk_reports_ns_from_descriptor)
{
    ArmPtwRegs r = sregs();

    r.secure = true;
    set_l1(L1, 0x00000000u, sect(0x80000000u, 3, 0, 0));
    set_l1(L1, 0x00100000u, sect(0x80000000u, 3, 0, 1u << 19));
    cr_assert(xlate(&r, 0x0, ARM_PTW_READ, true));
    cr_assert_not(res.ns);
    cr_assert(xlate(&r, 0x00100000u, ARM_PTW_READ, true));
    cr_assert(res.ns);
}

/* -- Long-descriptor (LPAE) tables -- */

#define LT0 0x40100000u /* TTBR0 */
#define LT1 0x40200000u /* TTBR1 */
#define LN1 0x40101000u /* next-level tables, 4 KB each */
#define LN2 0x40102000u
#define LN3 0x40103000u

#define AF (1ull << 10)
#define NG (1ull << 11)
#define XN (1ull << 54)
#define PXN (1ull << 53)

static ArmPtwRegs lregs(void)
{
    return (ArmPtwRegs){
        .sctlr = ARM_PTW_SCTLR_M,
        .ttbcr = ARM_PTW_TTBCR_EAE,
        .ttbr0 = LT0,
        .ttbr1 = LT1,
        .prrr_mair0 = 0x44ff0400u, /* attr0 SO, 1 device, 2 WBWA, 3 NC */
        .nmrr_mair1 = 0x0000eeaau, /* attr4 WT, 5 WB no WA */
        .read = fake_read,
        .opaque = ram_lo,
    };
}

/* Block (levels 1-2) or page (level 3) with AP[2:1] at [7:6] and AF. */
static uint64_t lblock(uint64_t oa, unsigned ap, uint64_t extra)
{
    return oa | (uint64_t)ap << 6 | AF | extra | 1;
}

static uint64_t lpage(uint64_t oa, unsigned ap, uint64_t extra)
{
    return oa | (uint64_t)ap << 6 | AF | extra | 3;
}

static uint64_t ltable(uint64_t next, uint64_t extra)
{
    return next | extra | 3;
}

/* TTBR0, T0SZ = 0: level 1 -> LN1 (level 2) -> LN2 (level 3) for va. */
static void lpae_chain(uint32_t va, uint64_t l1_extra, uint64_t l2_extra)
{
    w64(LT0 + (va >> 30) * 8, ltable(LN1, l1_extra));
    w64(LN1 + ((va >> 21) & 0x1ff) * 8, ltable(LN2, l2_extra));
}

Test(ptw, lpae_1g_block_at_level_1)
{
    ArmPtwRegs r = lregs();

    /* OA 0xab40000000, AP = 01, AttrIndx 2, SH = 11. */
    w64(LT0 + 1 * 8, lblock(0xab40000000ull, 1, 2u << 2 | 3u << 8));
    cr_assert(xlate(&r, 0x76543210u, ARM_PTW_WRITE, false));
    cr_assert_eq(res.pa, 0xab76543210ull);
    cr_assert_eq(res.page_size, 1u << 30);
    cr_assert_eq(res.level, 1);
    cr_assert_eq(res.prot_pl0, R | W | X);
    cr_assert_eq(res.attrs, 0xff);
    cr_assert_eq(res.sh, ARM_PTW_SH_INNER);
    cr_assert_eq(n_reads, 1);
    cr_assert_eq(read_pa[0], LT0 + 8);
    /* ATTR, PA[39:12], LPAE, NS, SH. */
    cr_assert_eq(arm_ptw_par_result(&res, true), 0xff0000ab76543b80ull);
}

Test(ptw, lpae_2m_block_at_level_2)
{
    ArmPtwRegs r = lregs();

    w64(LT0, ltable(LN1, 0));
    w64(LN1 + 0x91 * 8, lblock(0x5500600000ull, 0, 3u << 2));
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x5500745678ull);
    cr_assert_eq(res.page_size, 2u << 20);
    cr_assert_eq(res.level, 2);
    cr_assert_eq(res.attrs, 0x44);
    cr_assert_eq(res.sh, ARM_PTW_SH_OUTER, "non-cacheable Normal memory is Outer Shareable");
    cr_assert_eq(n_reads, 2);
    cr_assert_eq(read_pa[1], LN1 + 0x91 * 8);
}

Test(ptw, lpae_4k_page_at_level_3)
{
    ArmPtwRegs r = lregs();

    lpae_chain(0x12345678u, 0, 0);
    w64(LN2 + 0x145 * 8, lpage(0xabcdef1000ull, 1, 4u << 2 | 2u << 8));
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_READ, false));
    cr_assert_eq(res.pa, 0xabcdef1678ull);
    cr_assert_eq(res.page_size, 4096);
    cr_assert_eq(res.level, 3);
    cr_assert_eq(res.attrs, 0xaa);
    cr_assert_eq(res.sh, ARM_PTW_SH_OUTER);
    cr_assert_eq(n_reads, 3);
    cr_assert_eq(read_pa[2], LN2 + 0x145 * 8);
}

Test(ptw, lpae_device_memory_is_shareable)
{
    ArmPtwRegs r = lregs();

    w64(LT0, lblock(0x0, 1, 1u << 2)); /* AttrIndx 1 = device, SH = 00 */
    cr_assert(xlate(&r, 0x1000, ARM_PTW_READ, true));
    cr_assert_eq(res.attrs, 0x04);
    cr_assert_eq(res.sh, ARM_PTW_SH_OUTER);
}

Test(ptw, lpae_output_bits_47_40_are_ignored)
{
    ArmPtwRegs r = lregs();

    w64(LT0, ltable(0xff0000000000ull | LN1, 0));
    w64(LN1, lblock(0xff0000000000ull | 0x1200000000ull, 1, 0));
    cr_assert(xlate(&r, 0x00001234u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x1200001234ull);
}

Test(ptw, lpae_table_above_4g)
{
    ArmPtwRegs r = lregs();

    w64(LT0, ltable(RAM_HI, 0));
    w64(RAM_HI + 3 * 8, lblock(0xc000600000ull, 1, 0));
    cr_assert(xlate(&r, 0x00612345u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0xc000612345ull);
    cr_assert_eq(read_pa[1], RAM_HI + 3 * 8);
}

Test(ptw, lpae_translation_faults_by_level)
{
    ArmPtwRegs r = lregs();

    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_READ, true));
    cr_assert_eq(flt.fsr, 0x205, "level 1 translation fault");
    cr_assert(flt.long_format);
    cr_assert_eq(flt.fsr_short, 0x005);
    w64(LT0, ltable(LN1, 0));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.fsr, 0xa06, "level 2 translation fault, write");
    w64(LN1 + 0x91 * 8, ltable(LN2, 0));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x207, "level 3 translation fault, IFSR");
    cr_assert_eq(flt.level, 3);
    /* Descriptor type 0b01 at level 3 is invalid. */
    w64(LN2 + 0x145 * 8, lblock(0x80000000u, 1, 0));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_TRANSLATION);
    cr_assert_eq(flt.fsr, 0x207);
    cr_assert_eq(flt.fsr_short, 0x007, "a level 3 fault is a page fault in the short format");
}

Test(ptw, lpae_walk_abort_by_level)
{
    ArmPtwRegs r = lregs();

    r.ttbr0 = 0x30000000u;
    cr_assert_not(xlate(&r, 0x1000, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_WALK_ABORT);
    cr_assert_eq(flt.fsr, 0x215);
    r = lregs();
    w64(LT0, ltable(0x30000000u, 0));
    cr_assert_not(xlate(&r, 0x1000, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.fsr, 0xa16);
    cr_assert_eq(flt.fsr_short, 0x80e);
}

/* -- LPAE: TTBR selection -- */

Test(ptw, lpae_t0sz_t1sz_1_start_at_level_1)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 1 | 1u << 16;
    w64(LT0 + 8, lblock(0x1c0000000ull, 1, 0)); /* VA[30] = 1 below 2 GB */
    w64(LT1 + 0, lblock(0x200000000ull, 1, 0)); /* 0x80000000 */
    w64(LT1 + 8, lblock(0x240000000ull, 1, 0)); /* 0xc0000000 */
    cr_assert(xlate(&r, 0x40000010u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x1c0000010ull);
    cr_assert(xlate(&r, 0x80000020u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x200000020ull);
    cr_assert(xlate(&r, 0xc0000030u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x240000030ull);
    cr_assert_eq(read_pa[0], LT1 + 8);
}

Test(ptw, lpae_t0sz_t1sz_2_start_at_level_2_with_a_gap)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 2 | 2u << 16;
    w64(LT0 + 0x1ff * 8, lblock(0x3fe00000u, 1, 0));
    w64(LT1 + 1 * 8, lblock(0x7000000000ull, 1, 0));
    cr_assert(xlate(&r, 0x3fe00044u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x3fe00044u);
    cr_assert_eq(n_reads, 1, "the walk starts at level 2");
    cr_assert(xlate(&r, 0xc0200055u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x7000000055ull);
    cr_assert_eq(read_pa[0], LT1 + 8);
    /* 0x40000000-0xbfffffff is in neither range. */
    cr_assert_not(xlate(&r, 0x80000000u, ARM_PTW_READ, true));
    cr_assert_eq(flt.fsr, 0x205);
    cr_assert_eq(n_reads, 0);
    cr_assert_not(xlate(&r, 0x40000000u, ARM_PTW_READ, true));
    cr_assert_not(xlate(&r, 0xbfffffffu, ARM_PTW_READ, true));
}

Test(ptw, lpae_t0sz_0_with_t1sz_2_gives_ttbr1_the_top)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 2u << 16;
    w64(LT0 + 2 * 8, lblock(0x80000000u, 1, 0));
    w64(LT1, lblock(0x0, 1, 0));
    cr_assert(xlate(&r, 0xbfffffffu, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0xbfffffffu);
    cr_assert(xlate(&r, 0xc0000123u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x123);
    cr_assert_eq(read_pa[0], LT1);
}

Test(ptw, lpae_t1sz_0_gives_ttbr1_the_rest)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 3; /* TTBR0 maps 512 MB from a level-2 table of 256 entries */
    w64(LT0 + 0xff * 8, lblock(0x1fe00000u, 1, 0));
    w64(LT1 + 0, lblock(0x900000000ull, 1, 0)); /* level 1, VA[31:30] = 0 */
    cr_assert(xlate(&r, 0x1fe00001u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x1fe00001u);
    cr_assert(xlate(&r, 0x20000002u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x920000002ull);
}

Test(ptw, lpae_ttbr_low_bits_are_masked_to_the_table_size)
{
    ArmPtwRegs r = lregs();

    /* T0SZ = 0: 32-byte table, base TTBR0[39:5]; ASID bits are not address. */
    r.ttbr0 = LT0 | 0x18 | 0x77ull << 48;
    w64(LT0 + 8, lblock(0x40000000u, 1, 0));
    cr_assert(xlate(&r, 0x40000000u, ARM_PTW_READ, true));
    cr_assert_eq(read_pa[0], LT0 + 8);
    /* T0SZ = 7: 16 entries, 128-byte table, base TTBR0[39:7]. */
    r.ttbcr |= 7;
    r.ttbr0 = LT0 | 0x78;
    w64(LT0 + 5 * 8, lblock(0x00a00000u, 1, 0));
    cr_assert(xlate(&r, 0x00a00007u, ARM_PTW_READ, true));
    cr_assert_eq(res.pa, 0x00a00007u);
    cr_assert_eq(read_pa[0], LT0 + 5 * 8);
    cr_assert_not(xlate(&r, 0x02000000u, ARM_PTW_READ, true), "beyond 32 MB: TTBR1, empty");
    cr_assert_eq(read_pa[0], LT1);
}

Test(ptw, lpae_epd0_and_epd1_disable_walks)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 2u << 16 | ARM_PTW_TTBCR_EPD0;
    w64(LT0, lblock(0x0, 1, 0));
    w64(LT1, lblock(0x0, 1, 0));
    cr_assert_not(xlate(&r, 0x1000, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_TRANSLATION);
    cr_assert_eq(flt.fsr, 0x205);
    cr_assert_eq(n_reads, 0);
    cr_assert(xlate(&r, 0xc0001000u, ARM_PTW_READ, true));
    r.ttbcr ^= ARM_PTW_TTBCR_EPD0 | ARM_PTW_TTBCR_EPD1;
    cr_assert(xlate(&r, 0x1000, ARM_PTW_READ, true));
    cr_assert_not(xlate(&r, 0xc0001000u, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x205);
}

/* -- LPAE: permissions -- */

Test(ptw, lpae_ap_model)
{
    /* AP[2:1]: rights at PL1 and PL0. */
    static const uint8_t want[4][2] = {
        {R | W | X, 0},
        {R | W | X, R | W | X},
        {R | X, 0},
        {R | X, R | X},
    };

    for (unsigned ap = 0; ap < 4; ap++) {
        ArmPtwRegs r = lregs();

        setup();
        w64(LT0, lblock(0x0, ap, 0));
        cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
        cr_assert_eq(res.prot_pl1, want[ap][0], "AP=%u", ap);
        cr_assert_eq(res.prot_pl0, want[ap][1], "AP=%u", ap);
    }
}

Test(ptw, lpae_permission_faults)
{
    ArmPtwRegs r = lregs();

    lpae_chain(0x12345678u, 0, 0);
    w64(LN2 + 0x145 * 8, lpage(0xabcdef1000ull, 2, 0)); /* PL1 read-only */
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_PERMISSION);
    cr_assert_eq(flt.fsr, 0xa0f);
    cr_assert_eq(flt.fsr_short, 0x80f);
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_READ, false));
    cr_assert_eq(flt.fsr, 0x20f);
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_READ, true));
    /* PAR of the fault: F, FST = 001111, LPAE. */
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_WRITE, true));
    cr_assert_eq(arm_ptw_par_fault(&flt, true), 0x81full);
}

Test(ptw, lpae_xn_and_pxn)
{
    ArmPtwRegs r = lregs();

    w64(LT0, lblock(0x0, 1, XN));
    w64(LT0 + 8, lblock(0x40000000u, 1, PXN));
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_FETCH, false));
    cr_assert_eq(flt.fsr, 0x20d, "IFSR: level 1 permission fault");
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_FETCH, true));
    cr_assert(xlate(&r, 0x40000010u, ARM_PTW_FETCH, false));
    cr_assert_not(xlate(&r, 0x40000010u, ARM_PTW_FETCH, true));
}

Test(ptw, lpae_access_flag_fault)
{
    ArmPtwRegs r = lregs();

    w64(LT0, ltable(LN1, 0));
    w64(LN1, lblock(0x0, 1, 0) & ~AF);
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(flt.type, ARM_PTW_FAULT_ACCESS_FLAG);
    cr_assert_eq(flt.fsr, 0x20a);
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_WRITE, false));
    cr_assert_eq(flt.fsr, 0xa0a);
    cr_assert_eq(flt.fsr_short, 0x806, "page access flag fault in the short format");
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_FETCH, true));
    cr_assert_eq(flt.fsr, 0x20a);
    /* PAR: F, FST = 001010, LPAE. */
    cr_assert_eq(arm_ptw_par_fault(&flt, true), 0x815ull);
}

Test(ptw, lpae_aptable_limits)
{
    ArmPtwRegs r = lregs();

    /* APTable = 10: read-only at every level below. */
    lpae_chain(0x12345678u, 1ull << 62, 0);
    w64(LN2 + 0x145 * 8, lpage(0x80000000u, 1, 0));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_WRITE, true));
    cr_assert_eq(flt.fsr, 0xa0f);
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_READ, false));
    cr_assert_eq(res.prot_pl0, R | X);
    /* APTable = 01 (at level 2): no PL0 access. */
    lpae_chain(0x12345678u, 0, 1ull << 61);
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_READ, false));
    cr_assert_eq(flt.fsr, 0x20f);
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_WRITE, true));
    cr_assert_eq(res.prot_pl1, R | W | X);
}

Test(ptw, lpae_xntable_and_pxntable_are_inherited)
{
    ArmPtwRegs r = lregs();

    /* XNTable at level 1 reaches a page two levels down. */
    lpae_chain(0x12345678u, 1ull << 60, 0);
    w64(LN2 + 0x145 * 8, lpage(0x80000000u, 1, 0));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_FETCH, false));
    cr_assert_eq(flt.fsr, 0x20f);
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_FETCH, true));
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_READ, false));
    /* PXNTable at level 2. */
    lpae_chain(0x12345678u, 0, 1ull << 59);
    cr_assert(xlate(&r, 0x12345678u, ARM_PTW_FETCH, false));
    cr_assert_not(xlate(&r, 0x12345678u, ARM_PTW_FETCH, true));
}

Test(ptw, lpae_ng_asid_follows_a1)
{
    ArmPtwRegs r = lregs();

    r.ttbcr |= 2u << 16;
    r.ttbr0 |= 0x12ull << 48;
    r.ttbr1 |= 0x34ull << 48;
    w64(LT0, lblock(0x0, 1, NG));
    w64(LT1, lblock(0x0, 1, NG));
    w64(LT0 + 8, lblock(0x40000000u, 1, 0));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert(res.ng);
    cr_assert_eq(res.asid, 0x12);
    cr_assert(xlate(&r, 0xc0000010u, ARM_PTW_READ, true));
    cr_assert_eq(res.asid, 0x12, "A1 = 0: TTBR0's ASID even for a TTBR1 walk");
    r.ttbcr |= ARM_PTW_TTBCR_A1;
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(res.asid, 0x34);
    cr_assert(xlate(&r, 0x40000010u, ARM_PTW_READ, true));
    cr_assert_not(res.ng);
}

Test(ptw, lpae_cache_maintenance_ignores_permissions)
{
    ArmPtwRegs r = lregs();

    w64(LT0, lblock(0x0, 2, XN));
    cr_assert(xlate(&r, 0x10, ARM_PTW_CACHE_MAINT, false));
    cr_assert_not(xlate(&r, 0x40000000u, ARM_PTW_CACHE_MAINT, false));
    cr_assert_eq(flt.fsr, 0x2a05, "CM, WnR, LPAE, level 1 translation fault");
}

Test(ptw, lpae_par_of_a_translation_fault)
{
    ArmPtwRegs r = lregs();

    w64(LT0, ltable(LN1, 0));
    cr_assert_not(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_eq(arm_ptw_par_fault(&flt, true), 0x80dull, "F, FST = 000110, LPAE");
    cr_assert_eq(arm_ptw_par_fault(&flt, false), 0x00full, "F, FS = 00111");
}

Test(ptw, lpae_secure_walk_ns_bits)
{
    ArmPtwRegs r = lregs();

    r.secure = true;
    w64(LT0, lblock(0x0, 1, 0));
    w64(LT0 + 8, lblock(0x0, 1, 1u << 5));
    w64(LT0 + 16, ltable(LN1, 1ull << 63));
    w64(LN1, lblock(0x0, 1, 0));
    cr_assert(xlate(&r, 0x10, ARM_PTW_READ, true));
    cr_assert_not(res.ns);
    cr_assert(xlate(&r, 0x40000010u, ARM_PTW_READ, true));
    cr_assert(res.ns);
    cr_assert(xlate(&r, 0x80000010u, ARM_PTW_READ, true));
    cr_assert(res.ns, "NSTable makes everything below Non-secure");
}
