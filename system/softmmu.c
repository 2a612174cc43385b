/*
 * The software MMU of system mode: TLB fill and flush, the slow paths of
 * generated code's guest accesses, C accessors of guest virtual memory,
 * and the core's view of guest code (GuestMemOps) by physical page.
 *
 * A miss in generated code lands in softmmu_ld_slow/st_slow/cmpxchg_slow
 * with the access's memop and MMU index (oi) and a host return address
 * inside the accessing insn. The slow path looks the entry up again, asks
 * the guest's tlb_fill hook to walk the page tables on a miss (which
 * raises the guest's abort at the insn if the walk faults), and then
 * performs the access: RAM through the entry's addend, devices through
 * mem_read/mem_write.
 *
 * Self-modifying code. A physical page that holds translated code has its
 * bit set in code_pages; every TLB write entry for it carries TLB_CODE, so
 * writes reach notdirty_write, which invalidates the TBs the write
 * overlaps before the write happens. If the writing TB itself is among
 * them, the insn is restarted alone (a one-insn TB, translated after its
 * own code changed) and the write happens then. When the page has no TBs
 * left, its bit is cleared and writes take the fast path again. DMA writes
 * reach the same invalidation through mem_code_written_hook.
 */
#include <stdlib.h>
#include <string.h>

#include "system/event.h"
#include "system/memory.h"
#include "system/softmmu.h"
#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/guestmem.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

#define PAGE_MASK_TLB (~(uint64_t)((1u << TLB_PAGE_BITS) - 1))

/* -- The cpus -- */

#define SOFTMMU_MAX_CPUS 16
static CPUState *sm_cpus[SOFTMMU_MAX_CPUS];
static int sm_nb_cpus;

CPUState *softmmu_cpu_new(const GuestArch *arch)
{
    size_t off = XR_ALIGN_UP((size_t)arch->env_size, 64);
    xr_assert(sm_nb_cpus < SOFTMMU_MAX_CPUS);
    xr_assert(codegen_mem_model.tlb_offset == 0 || codegen_mem_model.tlb_offset == (int32_t)off);
    CPUState *cpu = aligned_alloc(64, XR_ALIGN_UP(off + sizeof(CPUTLB), 64));
    if (!cpu)
        xr_fatal("out of memory for a vCPU");
    memset(cpu, 0, off + sizeof(CPUTLB));
    cpu->arch = arch;
    cpu->tlb = (CPUTLB *)((char *)cpu + off);
    cpu->cpu_index = sm_nb_cpus;
    tlb_flush(cpu);
    sm_cpus[sm_nb_cpus++] = cpu;
    return cpu;
}

int softmmu_nb_cpus(void)
{
    return sm_nb_cpus;
}

CPUState *softmmu_cpu(int index)
{
    return index >= 0 && index < sm_nb_cpus ? sm_cpus[index] : NULL;
}

/* -- Code pages -- */

/* One bit per physical page below code_pages_end: the page holds TBs. */
static uint64_t *code_pages;
static uint64_t code_pages_end;

static bool code_page_test(uint64_t pa)
{
    uint64_t n = pa >> TLB_PAGE_BITS;
    return pa < code_pages_end && (__atomic_load_n(&code_pages[n / 64], __ATOMIC_ACQUIRE) >> (n % 64)) & 1;
}

static void code_page_set(uint64_t pa, bool on)
{
    uint64_t n = pa >> TLB_PAGE_BITS;
    if (pa >= code_pages_end)
        return;
    if (on)
        __atomic_or_fetch(&code_pages[n / 64], 1ull << (n % 64), __ATOMIC_RELEASE);
    else
        __atomic_and_fetch(&code_pages[n / 64], ~(1ull << (n % 64)), __ATOMIC_RELEASE);
}

/* Sets or clears TLB_CODE on every write entry of cpu that maps physical
 * page pa (an entry of another cpu is updated with one atomic store; that
 * cpu sees it at its next access). */
static void tlb_mark_code(CPUState *cpu, uint64_t pa, bool on)
{
    CPUTLB *tlb = cpu->tlb;
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < TLB_SIZE; i++) {
            CPUTLBEntry *e = &tlb->table[m][i];
            uint64_t aw = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
            if (aw == (uint64_t)-1 || (aw & TLB_MMIO) || tlb->full[m][i].phys != pa)
                continue;
            aw = on ? aw | TLB_CODE : aw & ~(uint64_t)TLB_CODE;
            __atomic_store_n(&e->addr_write, aw, __ATOMIC_RELEASE);
        }
    }
}

static void sys_protect_code(uint64_t key)
{
    if (code_page_test(key))
        return;
    code_page_set(key, true);
    for (int i = 0; i < sm_nb_cpus; i++)
        tlb_mark_code(sm_cpus[i], key, true);
}

/* Invalidates the TBs that [pa, pa + len) overlaps. Returns true if the TB
 * containing host_pc was one of them. */
static bool code_written(uint64_t pa, uint64_t len, uintptr_t host_pc)
{
    bool hit = false;
    uint64_t end = pa + len;
    for (uint64_t page = pa & PAGE_MASK_TLB; page < end; page += 1u << TLB_PAGE_BITS) {
        if (!code_page_test(page))
            continue;
        uint64_t lo = page > pa ? page : pa;
        uint64_t hi = page + (1u << TLB_PAGE_BITS) < end ? page + (1u << TLB_PAGE_BITS) : end;
        hit |= tb_invalidate_range(lo, hi, host_pc);
        if (!tb_page_has_tbs(page)) {
            code_page_set(page, false);
            for (int i = 0; i < sm_nb_cpus; i++)
                tlb_mark_code(sm_cpus[i], page, false);
        }
    }
    return hit;
}

static void dma_code_written(hwaddr pa, uint64_t len)
{
    code_written(pa, len, 0);
}

/* -- Fill -- */

static inline CPUTLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, uint64_t va)
{
    return &cpu->tlb->table[mmu_idx][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
}

static inline CPUTLBEntryFull *tlb_full(CPUState *cpu, int mmu_idx, uint64_t va)
{
    return &cpu->tlb->full[mmu_idx][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
}

void tlb_set_page(CPUState *cpu, uint64_t va, uint64_t pa, int prot, int mmu_idx, uint64_t size)
{
    CPUTLB *tlb = cpu->tlb;
    uint64_t vpage = va & PAGE_MASK_TLB, ppage = pa & PAGE_MASK_TLB;
    if (size > (1u << TLB_PAGE_BITS)) {
        /* Remember the span of large pages so that flushing one address
         * inside it drops every TLB page made from it. */
        uint64_t lmask = ~(size - 1);
        if (tlb->large_addr[mmu_idx] == (uint64_t)-1) {
            tlb->large_addr[mmu_idx] = va & lmask;
            tlb->large_mask[mmu_idx] = lmask;
        } else {
            while (((tlb->large_addr[mmu_idx] ^ va) & lmask) != 0)
                lmask <<= 1;
            tlb->large_mask[mmu_idx] &= lmask;
            tlb->large_addr[mmu_idx] &= tlb->large_mask[mmu_idx];
        }
    }

    const MemRegion *r = mem_find(ppage);
    bool ram = r && r->ram && ppage + (1u << TLB_PAGE_BITS) <= r->base + r->size;
    uint64_t rd = (uint64_t)-1, wr = (uint64_t)-1, ex = (uint64_t)-1;
    uintptr_t addend = 0;
    if (ram) {
        addend = (uintptr_t)(r->ram + (ppage - r->base)) - (uintptr_t)vpage;
        if (prot & PAGE_READ)
            rd = vpage;
        if (prot & PAGE_WRITE)
            wr = r->readonly ? vpage | TLB_MMIO : code_page_test(ppage) ? vpage | TLB_CODE : vpage;
        if (prot & PAGE_EXEC)
            ex = vpage;
    } else {
        if (prot & PAGE_READ)
            rd = vpage | TLB_MMIO;
        if (prot & PAGE_WRITE)
            wr = vpage | TLB_MMIO;
        if (prot & PAGE_EXEC)
            ex = vpage | TLB_MMIO;
    }
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, vpage);
    CPUTLBEntryFull *f = tlb_full(cpu, mmu_idx, vpage);
    f->phys = ppage;
    f->prot = prot;
    tlb->classes[mmu_idx] |= (uint32_t)prot >> PAGE_CLASS_SHIFT;
    e->addend = addend;
    e->addr_read = rd;
    e->addr_code = ex;
    __atomic_store_n(&e->addr_write, wr, __ATOMIC_RELEASE);
}

/* -- Flush -- */

static void tlb_flush_idx(CPUState *cpu, int m)
{
    memset(cpu->tlb->table[m], 0xff, sizeof(cpu->tlb->table[m]));
    cpu->tlb->classes[m] = 0;
    cpu->tlb->large_addr[m] = (uint64_t)-1;
    cpu->tlb->large_mask[m] = 0;
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    for (int m = 0; m < NB_MMU_MODES; m++)
        if (idxmap & (1u << m))
            tlb_flush_idx(cpu, m);
    tb_jc_flush(cpu);
    cpu->tlb->code_classes = 0;
}

void tlb_flush_by_class(CPUState *cpu, uint32_t mask)
{
    CPUTLB *tlb = cpu->tlb;
    for (int m = 0; m < NB_MMU_MODES; m++) {
        if (!(tlb->classes[m] & mask))
            continue;
        for (unsigned i = 0; i < TLB_SIZE; i++)
            if (((uint32_t)tlb->full[m][i].prot >> PAGE_CLASS_SHIFT) & mask)
                memset(&tlb->table[m][i], 0xff, sizeof(CPUTLBEntry));
    }
    if (tlb->code_classes & mask) {
        tb_jc_flush(cpu);
        tlb->code_classes = 0;
    }
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, (1u << NB_MMU_MODES) - 1);
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t va, uint16_t idxmap)
{
    uint64_t vpage = va & PAGE_MASK_TLB;
    for (int m = 0; m < NB_MMU_MODES; m++) {
        if (!(idxmap & (1u << m)))
            continue;
        CPUTLB *tlb = cpu->tlb;
        if (tlb->large_addr[m] != (uint64_t)-1 && (va & tlb->large_mask[m]) == tlb->large_addr[m]) {
            tlb_flush_idx(cpu, m);
            continue;
        }
        CPUTLBEntry *e = tlb_entry(cpu, m, vpage);
        if ((e->addr_read & PAGE_MASK_TLB) == vpage || (e->addr_write & PAGE_MASK_TLB) == vpage ||
            (e->addr_code & PAGE_MASK_TLB) == vpage)
            memset(e, 0xff, sizeof(*e));
    }
    tb_jc_flush_page(cpu, vpage);
}

void tlb_flush_page(CPUState *cpu, uint64_t va)
{
    tlb_flush_page_by_mmuidx(cpu, va, (1u << NB_MMU_MODES) - 1);
}

/* Another cpu's TLB is flushed by that cpu itself, before its next TB
 * (CPU_INTERRUPT_TLB_FLUSH, handled by the system cpu loop). */
void tlb_flush_all_cpus(CPUState *src)
{
    for (int i = 0; i < sm_nb_cpus; i++)
        if (sm_cpus[i] != src)
            cpu_interrupt(sm_cpus[i], CPU_INTERRUPT_TLB_FLUSH);
    tlb_flush(src);
}

void tlb_flush_page_all_cpus(CPUState *src, uint64_t va)
{
    for (int i = 0; i < sm_nb_cpus; i++)
        if (sm_cpus[i] != src)
            cpu_interrupt(sm_cpus[i], CPU_INTERRUPT_TLB_FLUSH);
    tlb_flush_page(src, va);
}

/* -- Slow paths -- */

static inline uint64_t entry_cmp(const CPUTLBEntry *e, int access)
{
    return access == MMU_DATA_LOAD    ? e->addr_read
           : access == MMU_DATA_STORE ? __atomic_load_n(&e->addr_write, __ATOMIC_ACQUIRE)
                                      : e->addr_code;
}

/* The entry for va and access, filled by the guest's walk if needed. With
 * probe, returns NULL instead of raising a fault. */
static CPUTLBEntry *tlb_get(CPUState *cpu, uint64_t va, int access, int mmu_idx, bool probe, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, va);
    if ((entry_cmp(e, access) & ~(uint64_t)TLB_FLAGS_MASK) != (va & PAGE_MASK_TLB)) {
        if (!cpu->arch->tlb_fill(cpu, va, access, mmu_idx, probe, ra))
            return NULL;
        if ((entry_cmp(e, access) & ~(uint64_t)TLB_FLAGS_MASK) != (va & PAGE_MASK_TLB))
            return NULL; /* the walk allowed the access but did not install it */
    }
    return e;
}

static inline uint64_t load_host(const void *p, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void store_host(void *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

static uint64_t memop_finish(uint64_t v, unsigned mo)
{
    unsigned size = ir_memop_bytes(mo);
    if (mo & MO_BSWAP) {
        if (size == 2)
            v = __builtin_bswap16((uint16_t)v);
        else if (size == 4)
            v = __builtin_bswap32((uint32_t)v);
        else if (size == 8)
            v = __builtin_bswap64(v);
    }
    if (mo & MO_SIGN) {
        unsigned bits = size * 8;
        if (bits < 64)
            v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

static uint64_t memop_swap_store(uint64_t v, unsigned mo)
{
    return memop_finish(v, mo & ~(unsigned)MO_SIGN);
}

static void check_align(CPUState *cpu, uint64_t va, unsigned mo, int access, int mmu_idx, uintptr_t ra)
{
    unsigned size = ir_memop_bytes(mo);
    if ((mo & MO_ALIGN) && (va & (size - 1)))
        cpu->arch->do_unaligned_access(cpu, va, access, mmu_idx, ra);
}

static bool crosses_page(uint64_t va, unsigned size)
{
    return ((va ^ (va + size - 1)) & PAGE_MASK_TLB) != 0;
}

/* One access within a page, little-endian, raw bytes. */
static uint64_t ld_page(CPUState *cpu, uint64_t va, unsigned size, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_get(cpu, va, MMU_DATA_LOAD, mmu_idx, false, ra);
    if (!e)
        cpu->arch->do_bus_error(cpu, va, 0, MMU_DATA_LOAD, mmu_idx, ra);
    if (!(e->addr_read & TLB_MMIO))
        return load_host((void *)(uintptr_t)(va + e->addend), size);
    uint64_t pa = tlb_full(cpu, mmu_idx, va)->phys | (va & ~PAGE_MASK_TLB), v = 0;
    if (!mem_read(pa, size, &v))
        cpu->arch->do_bus_error(cpu, va, pa, MMU_DATA_LOAD, mmu_idx, ra);
    return v;
}

static void st_page(CPUState *cpu, uint64_t va, uint64_t v, unsigned size, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_get(cpu, va, MMU_DATA_STORE, mmu_idx, false, ra);
    if (!e)
        cpu->arch->do_bus_error(cpu, va, 0, MMU_DATA_STORE, mmu_idx, ra);
    uint64_t aw = __atomic_load_n(&e->addr_write, __ATOMIC_ACQUIRE);
    uint64_t pa = tlb_full(cpu, mmu_idx, va)->phys | (va & ~PAGE_MASK_TLB);
    if (aw & TLB_MMIO) {
        if (!mem_write(pa, size, v))
            cpu->arch->do_bus_error(cpu, va, pa, MMU_DATA_STORE, mmu_idx, ra);
        return;
    }
    if ((aw & TLB_CODE) && code_written(pa, size, ra)) {
        /* The writing TB was made from the bytes being written: run the
         * storing insn again, alone, from fresh code; its store is done then. */
        cpu->cflags_next_tb = 1 | CF_NO_CHAIN;
        cpu_loop_exit_restore(cpu, ra);
    }
    store_host((void *)(uintptr_t)(va + e->addend), size, v);
}

static uint64_t ld_common(CPUState *cpu, uint64_t va, unsigned mo, int mmu_idx, uintptr_t ra)
{
    unsigned size = ir_memop_bytes(mo);
    check_align(cpu, va, mo, MMU_DATA_LOAD, mmu_idx, ra);
    uint64_t v = 0;
    if (!crosses_page(va, size)) {
        v = ld_page(cpu, va, size, mmu_idx, ra);
    } else {
        for (unsigned i = 0; i < size; i++)
            v |= ld_page(cpu, va + i, 1, mmu_idx, ra) << (8 * i);
    }
    return memop_finish(v, mo);
}

static void st_common(CPUState *cpu, uint64_t va, uint64_t v, unsigned mo, int mmu_idx, uintptr_t ra)
{
    unsigned size = ir_memop_bytes(mo);
    check_align(cpu, va, mo, MMU_DATA_STORE, mmu_idx, ra);
    v = memop_swap_store(v, mo);
    if (!crosses_page(va, size)) {
        st_page(cpu, va, v, size, mmu_idx, ra);
        return;
    }
    /* Both pages are checked before any byte is written, so a fault on the
     * second leaves memory untouched. */
    tlb_get(cpu, va, MMU_DATA_STORE, mmu_idx, false, ra);
    tlb_get(cpu, va + size - 1, MMU_DATA_STORE, mmu_idx, false, ra);
    for (unsigned i = 0; i < size; i++)
        st_page(cpu, va + i, (v >> (8 * i)) & 0xff, 1, mmu_idx, ra);
}

static uint64_t softmmu_ld_slow(void *env, uint64_t addr, uint32_t oi, uintptr_t ra)
{
    return ld_common(env_cpu(env), addr, oi & 0xff, (int)(oi >> 8), ra);
}

static void softmmu_st_slow(void *env, uint64_t addr, uint64_t val, uint32_t oi, uintptr_t ra)
{
    st_common(env_cpu(env), addr, val, oi & 0xff, (int)(oi >> 8), ra);
}

static uint64_t softmmu_cmpxchg_slow(void *env, uint64_t addr, uint64_t cmpv, uint64_t newv, uint32_t oi,
                                     uintptr_t ra)
{
    CPUState *cpu = env_cpu(env);
    unsigned mo = (oi & 0xff) | MO_ALIGN;
    int mmu_idx = (int)(oi >> 8);
    unsigned size = ir_memop_bytes(mo);
    check_align(cpu, addr, mo, MMU_DATA_STORE, mmu_idx, ra);
    CPUTLBEntry *e = tlb_get(cpu, addr, MMU_DATA_STORE, mmu_idx, false, ra);
    if (!e || !tlb_get(cpu, addr, MMU_DATA_LOAD, mmu_idx, false, ra))
        cpu->arch->do_bus_error(cpu, addr, 0, MMU_DATA_STORE, mmu_idx, ra);
    e = tlb_entry(cpu, mmu_idx, addr);
    uint64_t aw = __atomic_load_n(&e->addr_write, __ATOMIC_ACQUIRE);
    uint64_t pa = tlb_full(cpu, mmu_idx, addr)->phys | (addr & ~PAGE_MASK_TLB);
    uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
    uint64_t want = memop_swap_store(cmpv & mask, mo), put = memop_swap_store(newv & mask, mo);
    uint64_t old;
    if (aw & TLB_MMIO) {
        /* A device: no other cpu can observe a torn update under the lock. */
        sys_lock();
        if (!mem_read(pa, size, &old)) {
            sys_unlock();
            cpu->arch->do_bus_error(cpu, addr, pa, MMU_DATA_LOAD, mmu_idx, ra);
        }
        if (old == want)
            mem_write(pa, size, put);
        sys_unlock();
        return memop_finish(old, mo & ~(unsigned)MO_ALIGN);
    }
    if ((aw & TLB_CODE) && code_written(pa, size, ra)) {
        cpu->cflags_next_tb = 1 | CF_NO_CHAIN;
        cpu_loop_exit_restore(cpu, ra);
    }
    void *p = (void *)(uintptr_t)(addr + e->addend);
    switch (size) {
    case 1: { uint8_t x = (uint8_t)want; __atomic_compare_exchange_n((uint8_t *)p, &x, (uint8_t)put, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = x; break; }
    case 2: { uint16_t x = (uint16_t)want; __atomic_compare_exchange_n((uint16_t *)p, &x, (uint16_t)put, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = x; break; }
    case 4: { uint32_t x = (uint32_t)want; __atomic_compare_exchange_n((uint32_t *)p, &x, (uint32_t)put, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = x; break; }
    default: { uint64_t x = want; __atomic_compare_exchange_n((uint64_t *)p, &x, put, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); old = x; break; }
    }
    return memop_finish(old, mo & ~(unsigned)MO_ALIGN);
}

uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t va, unsigned memop, int mmu_idx, uintptr_t retaddr)
{
    return ld_common(cpu, va, memop, mmu_idx, retaddr);
}

void cpu_st_mmu(CPUState *cpu, uint64_t va, uint64_t val, unsigned memop, int mmu_idx, uintptr_t retaddr)
{
    st_common(cpu, va, val, memop, mmu_idx, retaddr);
}

bool cpu_probe_phys(CPUState *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa)
{
    if (!tlb_get(cpu, va, access, mmu_idx, true, 0))
        return false;
    *pa = tlb_full(cpu, mmu_idx, va)->phys | (va & ~PAGE_MASK_TLB);
    return true;
}

bool softmmu_phys_read(uint64_t pa, unsigned size, uint64_t *val)
{
    return mem_read(pa, size, val);
}

/* -- Guest code -- */

static bool sys_code_page(CPUState *cpu, uint64_t pc, bool probe, uint64_t *key)
{
    int mmu_idx = cpu->arch->mmu_index(cpu);
    CPUTLBEntry *e = tlb_get(cpu, pc, MMU_INST_FETCH, mmu_idx, probe, 0);
    if (e && !(e->addr_code & TLB_MMIO)) {
        const CPUTLBEntryFull *f = tlb_full(cpu, mmu_idx, pc);
        *key = f->phys;
        cpu->tlb->code_classes |= (uint32_t)f->prot >> PAGE_CLASS_SHIFT;
        return true;
    }
    if (probe)
        return false;
    /* Code fetched from a device or unassigned space. */
    uint64_t pa = e ? tlb_full(cpu, mmu_idx, pc)->phys | (pc & ~PAGE_MASK_TLB) : 0;
    cpu->arch->do_bus_error(cpu, pc, pa, MMU_INST_FETCH, mmu_idx, 0);
    xr_unreachable();
}

static bool sys_fetch_code(CPUState *cpu, uint64_t pc, void *buf, unsigned len)
{
    uint8_t *out = buf;
    while (len) {
        unsigned n = (unsigned)((1u << TLB_PAGE_BITS) - (pc & ~PAGE_MASK_TLB));
        if (n > len)
            n = len;
        uint64_t key;
        const void *src = sys_code_page(cpu, pc, true, &key)
                              ? mem_ram_ptr_ro(key | (pc & ~PAGE_MASK_TLB), n)
                              : NULL;
        if (!src) {
            memset(out, 0, len);
            return false;
        }
        memcpy(out, src, n);
        out += n;
        pc += n;
        len -= n;
    }
    return true;
}

static const GuestMemOps sys_guest_mem_ops = {
    .code_page = sys_code_page,
    .fetch_code = sys_fetch_code,
    .protect_code = sys_protect_code,
    .key_is_virtual = false,
    .chain_across_pages = false,
};

void softmmu_init(const GuestArch *arch, uint64_t phys_end)
{
    codegen_mem_model = (CodegenMemModel){
        .softmmu = true,
        .tlb_offset = (int32_t)XR_ALIGN_UP((size_t)arch->env_size, 64),
        .ld_slow = softmmu_ld_slow,
        .st_slow = softmmu_st_slow,
        .cmpxchg_slow = softmmu_cmpxchg_slow,
    };
    free(code_pages);
    code_pages_end = XR_ALIGN_UP(phys_end, (uint64_t)64 << TLB_PAGE_BITS);
    code_pages = xr_calloc(code_pages_end >> TLB_PAGE_BITS >> 6, sizeof(uint64_t));
    guest_mem_ops = &sys_guest_mem_ops;
    mem_code_written_hook = dma_code_written;
}
