/*
 * The software MMU of system mode: a per-vCPU TLB that generated code
 * probes inline, and the calls that fill and flush it.
 *
 * Each vCPU has one TLB per MMU index (the guest decides what an index
 * means: for ARM, PL1 and PL0 accesses). An entry maps one guest virtual
 * page to host memory (RAM) or to the physical address of a device:
 *
 *     addr_read / addr_write / addr_code: the page's virtual address, or -1
 *         when that access is not allowed by the cached translation; low
 *         bits (TLB_MMIO, TLB_CODE) send every matching access to the slow
 *         path, which dispatches to a device or invalidates translated code;
 *     addend: host address = guest virtual address + addend (RAM pages).
 *
 * Generated code computes the entry from the address, compares the page
 * (and the alignment bits an access demands) with the comparator of its
 * access kind, and on a hit loads or stores at address + addend. A miss
 * calls the slow path (system/softmmu.c), which asks the guest's tlb_fill
 * hook to walk its page tables; tlb_fill installs the page with
 * tlb_set_page or raises the guest's abort at the faulting insn.
 *
 *     // in a guest's tlb_fill hook, after its page-table walk succeeded:
 *     tlb_set_page(cpu, va & ~0xfff, pa & ~0xfff, PAGE_READ | PAGE_EXEC, mmu_idx, 4096);
 *
 * The TLB never outlives a guest mapping change: guests call tlb_flush*
 * for their TLB maintenance operations and whenever a register that
 * changes translation (translation table base, ASID, MMU enable) is
 * written. A flush also empties the cpu's jump cache (TB lookups by
 * virtual pc).
 */
#ifndef XRUN_SOFTMMU_H
#define XRUN_SOFTMMU_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/cpu.h"

#define TLB_BITS 8
#define TLB_SIZE (1 << TLB_BITS)
#define NB_MMU_MODES 4
#define TLB_PAGE_BITS 12

/* Low bits of a comparator (below the page bits, above every alignment
 * mask a fast path uses). */
#define TLB_MMIO (1u << 10)  /* device or unassigned: go through mem_read/mem_write */
#define TLB_CODE (1u << 9)   /* the page holds translated code: a write invalidates it */
#define TLB_FLAGS_MASK (TLB_MMIO | TLB_CODE)

typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} CPUTLBEntry;
_Static_assert(sizeof(CPUTLBEntry) == 32, "generated code indexes entries by << 5");
#define TLB_ENTRY_BITS 5

/* What the slow path needs besides the fast-path entry. */
typedef struct CPUTLBEntryFull {
    uint64_t phys;       /* guest physical address of the page */
    int32_t prot;        /* PAGE_READ | PAGE_WRITE | PAGE_EXEC | class << PAGE_CLASS_SHIFT */
} CPUTLBEntryFull;

typedef struct CPUTLB {
    CPUTLBEntry table[NB_MMU_MODES][TLB_SIZE];
    CPUTLBEntryFull full[NB_MMU_MODES][TLB_SIZE];
    /* The span of large pages (sections, blocks) installed since the last
     * flush, per index: flushing one page inside it flushes the index. */
    uint64_t large_addr[NB_MMU_MODES];
    uint64_t large_mask[NB_MMU_MODES];
    /* The classes entered per index since its last flush, and those of
     * code pages looked up since the jump cache was last emptied. */
    uint32_t classes[NB_MMU_MODES];
    uint32_t code_classes;
} CPUTLB;

/* Memory access kinds passed to tlb_fill. */
enum { MMU_DATA_LOAD = 0, MMU_DATA_STORE = 1, MMU_INST_FETCH = 2 };

/* Installs a translation for mmu_idx: virtual address va maps to physical
 * address pa with prot (PAGE_READ/WRITE/EXEC of xrun/guest.h), inside a
 * guest page of size bytes. The TLB page holding va is entered; a larger
 * guest page is entered one TLB page at a time, as its pages are touched,
 * and size lets a flush of any address in it drop them all. prot may also
 * carry the mapping's classes, a guest-defined mask in its bits from
 * PAGE_CLASS_SHIFT up (ARM short descriptors: 1 << domain), so that
 * tlb_flush_by_class drops just those entries. */
#define PAGE_CLASS_SHIFT 16
void tlb_set_page(CPUState *cpu, uint64_t va, uint64_t pa, int prot, int mmu_idx, uint64_t size);

/* Drops every entry of every index. */
void tlb_flush(CPUState *cpu);
/* Drops the entries of the indexes in idxmap (bit i = index i). */
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
/* Drops the entries of every index whose classes meet mask (entries of
 * no class stay), and empties the jump cache if it may hold code of those
 * classes (a hit there skips the TLB's check that code may run). */
void tlb_flush_by_class(CPUState *cpu, uint32_t mask);
/* Drops the entries mapping the page of va, for every index. */
void tlb_flush_page(CPUState *cpu, uint64_t va);
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t va, uint16_t idxmap);
/* The same on every vCPU (broadcast TLB maintenance, "inner shareable"):
 * the others drop their entries before they run another TB. */
void tlb_flush_all_cpus(CPUState *src);
void tlb_flush_page_all_cpus(CPUState *src, uint64_t va);

/* Guest virtual memory from C (helpers of multi-word insns, exception
 * entry, the gdb stub). memop as in ir.h (size, sign), little-endian. A
 * fault raises the guest abort with the state of the insn at retaddr (0:
 * the cpu state is already exact). */
uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t va, unsigned memop, int mmu_idx, uintptr_t retaddr);
void cpu_st_mmu(CPUState *cpu, uint64_t va, uint64_t val, unsigned memop, int mmu_idx, uintptr_t retaddr);
/* Reads size (1, 2, 4 or 8) bytes of guest physical memory, little-endian,
 * as a CPU's page-table walk does: false for unassigned space. */
bool softmmu_phys_read(uint64_t pa, unsigned size, uint64_t *val);

/* Translates va without faulting (for ATS-style probes and the debugger):
 * returns false if tlb_fill would fault. */
bool cpu_probe_phys(CPUState *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa);

#endif
