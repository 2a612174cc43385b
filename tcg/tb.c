/*
 * The translation block cache: the code buffer, TB allocation, lookup by
 * (pc, flags, cflags), chaining of goto_tb slots, invalidation by guest
 * range and host pc -> guest insn mapping for precise faults.
 *
 * Memory: the code buffer is one RWX mapping. Its first bytes hold the
 * prologue; TBs' host code follows, each 16-byte aligned, in increasing
 * address order, so tb_find_by_host_pc is a binary search over tbs_by_addr.
 * TB structs and their insn tables come from a separate arena. Both are
 * reset together by tb_flush when the code buffer fills.
 *
 * Concurrency. Every guest thread runs generated code from this one buffer.
 *
 * - Lookups take no lock: TBs are published in the hash chains with release
 *   stores; an invalidated TB is unlinked from its chain, but its own
 *   hash_next still leads a reader that holds it onward.
 * - Translation, chaining and invalidation take tb_lock.
 * - Invalidation never frees or rewrites code. A TB struct and its host code
 *   live until the next flush, so a thread that is inside an invalidated TB
 *   (or has just looked it up) finishes running its old code, which is still
 *   intact. What invalidation must ensure is that no new entry reaches it:
 *   it is unlinked from the hash table, every goto_tb slot jumping to it is
 *   re-pointed at its exit stub (one atomic 32-bit store, see the backend),
 *   and every cpu's jump cache entry for it is cleared. A thread then reaches
 *   the new code at its next TB entry, as a real cpu does after the guest's
 *   cache maintenance. A jump cache entry being filled at the same time as
 *   the TB is invalidated is caught by tb_lookup's second look at
 *   tb->invalid (see there).
 * - Flushing does rewrite code, so tb_flush runs in an exclusive section
 *   (tcg/cpus.c): every other cpu has left generated code first. The
 *   section is always taken before tb_lock, never inside it.
 * - fork: tb_lock is held across fork() so that the child gets consistent
 *   tables, and the child makes a fresh lock.
 */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "xrun/codegen.h"
#include "xrun/guest.h"
#include "xrun/guestmem.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

TBStats tb_stats;
void (*tb_published_hook)(const TranslationBlock *tb);

/* Recursive: self-modifying-code handling (linux-user/smc.c) holds it around
 * page flag changes and calls back into invalidation. */
static pthread_mutex_t tb_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void tb_lock_acquire(void) { pthread_mutex_lock(&tb_lock); }
void tb_lock_release(void) { pthread_mutex_unlock(&tb_lock); }

static void tb_fork_prepare(void) { pthread_mutex_lock(&tb_lock); }
static void tb_fork_parent(void) { pthread_mutex_unlock(&tb_lock); }

void tb_after_fork(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&tb_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

/* -- Code buffer and arena -- */

static uint8_t *code_buf;      /* start of the whole buffer */
static size_t code_size;
static uint8_t *code_gen_start; /* first byte after the prologue */
static uint8_t *code_ptr;       /* next free byte */

static uint8_t *arena;          /* TB structs + insn tables */
static size_t arena_size, arena_used;

static TranslationBlock **tbs_by_addr; /* in host code order */
static size_t nb_tbs, max_tbs;

uint32_t tb_flush_count;

static IRContext *ir_ctx;       /* one context, used under tb_lock */

/* -- Hash table -- */

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
static TranslationBlock *tb_hash[TB_HASH_SIZE];

static inline uint32_t tb_hash_func(uint64_t pc, uint32_t flags, uint32_t cflags)
{
    uint64_t h = (pc ^ ((uint64_t)flags << 32) ^ cflags) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

static TBJumpCache *all_jcs;

TBJumpCache *tb_jc_new(void)
{
    /* Made under the lock that fork() holds: a fork child never inherits
     * one that is allocated but not yet listed. */
    pthread_mutex_lock(&tb_lock);
    TBJumpCache *jc = xr_calloc(1, sizeof(*jc));
    jc->next = all_jcs;
    all_jcs = jc;
    pthread_mutex_unlock(&tb_lock);
    return jc;
}

void tb_jc_free(TBJumpCache *jc)
{
    if (!jc)
        return;
    pthread_mutex_lock(&tb_lock);
    for (TBJumpCache **pp = &all_jcs; *pp; pp = &(*pp)->next) {
        if (*pp == jc) {
            *pp = jc->next;
            break;
        }
    }
    pthread_mutex_unlock(&tb_lock);
    free(jc);
}

/* Drops tb from every cpu's jump cache (under tb_lock). */
static void tb_jc_invalidate(TranslationBlock *tb)
{
    uint32_t h = tb_jc_hash(tb->pc);
    for (TBJumpCache *jc = all_jcs; jc; jc = jc->next) {
        TBJumpCacheEntry *e = &jc->array[h];
        if (__atomic_load_n(&e->tb, __ATOMIC_SEQ_CST) == tb) {
            __atomic_store_n(&e->tb, NULL, __ATOMIC_RELEASE);
            e->pc = (uint64_t)-1;
        }
    }
}

static inline unsigned jc_page_bit(uint64_t pc)
{
    return (unsigned)(pc >> GUEST_PAGE_BITS) & 4095;
}

void tb_jc_flush(CPUState *cpu)
{
    if (!cpu->jc)
        return;
    uint32_t gen = (uint32_t)(cpu->jc_gen >> 32) + TB_JC_GEN_STEP;
    if (gen == 0) {
        /* Wrapped: entries of generation 0 made long ago would match again. */
        for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
            __atomic_store_n(&cpu->jc->array[i].tb, NULL, __ATOMIC_RELAXED);
            cpu->jc->array[i].pc = (uint64_t)-1;
        }
    }
    cpu->jc_gen = (uint64_t)gen << 32;
    memset(cpu->jc->page_bits, 0, sizeof(cpu->jc->page_bits));
}

void tb_jc_flush_page(CPUState *cpu, uint64_t va)
{
    if (!cpu->jc)
        return;
    unsigned bit = jc_page_bit(va);
    if (!(cpu->jc->page_bits[bit / 64] >> (bit % 64) & 1))
        return;
    uint64_t page = va & GUEST_PAGE_MASK;
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TBJumpCacheEntry *e = &cpu->jc->array[i];
        if ((e->pc & GUEST_PAGE_MASK) == page) {
            __atomic_store_n(&e->tb, NULL, __ATOMIC_RELAXED);
            e->pc = (uint64_t)-1;
        }
    }
}

/* -- Pages: code page key -> TBs covering it -- */

typedef struct PageDesc {
    uint64_t page;
    TranslationBlock *first;   /* tagged: low bit = which page_next slot */
    struct PageDesc *next;
} PageDesc;

#define PAGE_HASH_BITS 14
static PageDesc *page_hash[1u << PAGE_HASH_BITS];

static inline uint32_t page_hash_func(uint64_t page)
{
    return (uint32_t)(((page >> GUEST_PAGE_BITS) * 0x9e3779b97f4a7c15ull) >> (64 - PAGE_HASH_BITS));
}

static PageDesc *page_find(uint64_t page, bool alloc)
{
    uint32_t h = page_hash_func(page);
    for (PageDesc *p = page_hash[h]; p; p = p->next)
        if (p->page == page)
            return p;
    if (!alloc)
        return NULL;
    PageDesc *p = xr_calloc(1, sizeof(*p));
    p->page = page;
    p->next = page_hash[h];
    page_hash[h] = p;
    return p;
}

#define TB_TAG(tb, n) ((TranslationBlock *)((uintptr_t)(tb) | (n)))
#define TB_UNTAG(p) ((TranslationBlock *)((uintptr_t)(p) & ~(uintptr_t)1))
#define TB_TAG_N(p) ((int)((uintptr_t)(p) & 1))

static void page_add_tb(TranslationBlock *tb, int n)
{
    PageDesc *p = page_find(tb->page_addr[n], true);
    tb->page_next[n] = p->first;
    p->first = TB_TAG(tb, n);
}

static void page_remove_tb(TranslationBlock *tb, int n)
{
    PageDesc *p = page_find(tb->page_addr[n], false);
    if (!p)
        return;
    TranslationBlock **pp = &p->first;
    while (*pp) {
        TranslationBlock *cur = TB_UNTAG(*pp);
        int cn = TB_TAG_N(*pp);
        if (cur == tb && cn == n) {
            *pp = tb->page_next[n];
            return;
        }
        pp = &cur->page_next[cn];
    }
}

/* -- Init and flush -- */

void tb_init(size_t size)
{
    code_size = size;
    code_buf = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_buf == MAP_FAILED)
        xr_fatal("cannot map a %zu MiB code buffer", size >> 20);
    size_t pro = codegen_prologue(code_buf, size);
    code_gen_start = code_buf + XR_ALIGN_UP(pro, 64);
    code_ptr = code_gen_start;
    arena_size = size / 2;
    arena = mmap(NULL, arena_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (arena == MAP_FAILED)
        xr_fatal("cannot map the TB arena");
    max_tbs = size / 64;
    tbs_by_addr = xr_calloc(max_tbs, sizeof(*tbs_by_addr));
    ir_ctx = xr_calloc(1, sizeof(*ir_ctx));
    ir_context_init(ir_ctx, codegen_env_reg());
    static bool atfork_done;
    if (!atfork_done) {
        atfork_done = true;
        pthread_atfork(tb_fork_prepare, tb_fork_parent, tb_after_fork);
    }
}

static void *arena_alloc(size_t n)
{
    n = XR_ALIGN_UP(n, 16);
    if (arena_used + n > arena_size)
        return NULL;
    void *p = arena + arena_used;
    arena_used += n;
    return p;
}

static void tb_flush_locked(void)
{
    memset(tb_hash, 0, sizeof(tb_hash));
    for (size_t i = 0; i < XR_ARRAY_SIZE(page_hash); i++) {
        PageDesc *p = page_hash[i];
        while (p) {
            PageDesc *next = p->next;
            free(p);
            p = next;
        }
        page_hash[i] = NULL;
    }
    __atomic_store_n(&nb_tbs, 0, __ATOMIC_RELEASE);
    arena_used = 0;
    __atomic_store_n(&code_ptr, code_gen_start, __ATOMIC_RELEASE);
    /* Generated code probes jump caches inline without checking the flush
     * count, so no cache may keep pointing into the emptied buffer. Safe
     * because this runs in an exclusive section: no cpu is in generated
     * code or in a lookup. */
    for (TBJumpCache *jc = all_jcs; jc; jc = jc->next)
        memset(jc->array, 0, sizeof(jc->array));
    __atomic_add_fetch(&tb_flush_count, 1, __ATOMIC_SEQ_CST);
    tb_stats.flushes++;
}

/* Flushes unless a flush happened since the caller saw tb_flush_count ==
 * seen (several threads may find the buffer full at once). cpu, if it is
 * inside cpu_exec, leaves the exec state for the section: it holds no TB
 * across this call. */
static void tb_flush_exclusive(CPUState *cpu, bool any, uint32_t seen)
{
    bool in_exec = cpu && __atomic_load_n(&cpu->in_exec, __ATOMIC_RELAXED);
    if (in_exec)
        cpu_exec_end(cpu);
    start_exclusive();
    pthread_mutex_lock(&tb_lock);
    if (any || tb_flush_count == seen)
        tb_flush_locked();
    pthread_mutex_unlock(&tb_lock);
    end_exclusive();
    if (in_exec)
        cpu_exec_start(cpu);
}

void tb_flush(void)
{
    tb_flush_exclusive(current_cpu, true, 0);
}

/* -- Lookup -- */

static inline bool tb_matches(const TranslationBlock *tb, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                              uint32_t cflags)
{
    return tb->pc == pc && tb->phys_pc == phys_pc && tb->flags == flags && tb->cflags == cflags &&
           !__atomic_load_n(&tb->invalid, __ATOMIC_ACQUIRE);
}

static TranslationBlock *tb_hash_lookup(uint64_t pc, uint64_t phys_pc, uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = __atomic_load_n(&tb_hash[tb_hash_func(pc, flags, cflags)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE))
        if (tb_matches(tb, pc, phys_pc, flags, cflags))
            return tb;
    return NULL;
}

/* The key-space pc of pc (the physical pc in system mode), or false when
 * pc cannot be fetched and probe is set. */
static bool tb_phys_pc(CPUState *cpu, uint64_t pc, bool probe, uint64_t *phys_pc)
{
    if (guest_mem_ops->key_is_virtual) {
        *phys_pc = pc;
        return true;
    }
    uint64_t key;
    if (!guest_mem_ops->code_page(cpu, pc, probe, &key))
        return false;
    *phys_pc = key | (pc & ~GUEST_PAGE_MASK);
    return true;
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    TBJumpCacheEntry *e = &cpu->jc->array[tb_jc_hash(pc)];
    uint32_t tag = cflags + (uint32_t)(cpu->jc_gen >> 32);
    if (XR_LIKELY(e->pc == pc && e->flags == flags && e->tag == tag && e->tb))
        return e->tb;
    uint64_t phys_pc;
    if (!tb_phys_pc(cpu, pc, true, &phys_pc))
        return NULL;
    TranslationBlock *tb = tb_hash_lookup(pc, phys_pc, flags, cflags);
    if (tb) {
        e->tb = NULL; /* a reader never sees a half-written entry as valid */
        cpu->jc->page_bits[jc_page_bit(pc) / 64] |= 1ull << (jc_page_bit(pc) % 64);
        e->pc = pc;
        e->flags = flags;
        e->tag = tag;
        e->host_code = tb->host_code;
        __atomic_store_n(&e->tb, tb, __ATOMIC_SEQ_CST);
        /* Another thread may have invalidated tb since the hash lookup, and
         * scanned this entry before the store above. The invalidation
         * stores tb->invalid before it scans, we load it after our store
         * (both sequentially consistent), so one of us sees the other and
         * the entry never keeps an invalid TB. */
        if (__atomic_load_n(&tb->invalid, __ATOMIC_SEQ_CST)) {
            __atomic_store_n(&e->tb, NULL, __ATOMIC_RELAXED);
            e->pc = (uint64_t)-1;
            return NULL;
        }
    }
    return tb;
}

/* -- Translation -- */

static void log_tb(CPUState *cpu, TranslationBlock *tb);

static TranslationBlock *tb_alloc(uint64_t pc, uint64_t phys_pc, uint32_t flags, uint32_t cflags)
{
    if (nb_tbs >= max_tbs)
        return NULL;
    TranslationBlock *tb = arena_alloc(sizeof(*tb));
    if (!tb)
        return NULL;
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->phys_pc = phys_pc;
    tb->flags = flags;
    tb->cflags = cflags;
    return tb;
}

/* Translates one TB into the code buffer under tb_lock. Returns NULL when
 * the buffer or the arena is full (nothing is left half-made). */
static TranslationBlock *tb_translate_locked(CPUState *cpu, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                                             uint32_t cflags, CodegenResult *res)
{
    int max_insns = (int)(cflags & CF_COUNT_MASK);
    if (max_insns == 0 || max_insns > CODEGEN_MAX_INSNS)
        max_insns = CODEGEN_MAX_INSNS;
    for (;;) {
        size_t arena_mark = arena_used;
        TranslationBlock *tb = tb_alloc(pc, phys_pc, flags, cflags);
        if (!tb)
            return NULL;
        ir_reset(ir_ctx);
        if (ir_ctx->nb_globals == 1)
            cpu->arch->init_globals(ir_ctx);
        cpu->arch->translate(cpu, tb, ir_ctx, max_insns);
        if (ir_ctx->overflow && max_insns > 1) {
            arena_used = arena_mark;
            max_insns /= 2;
            continue;
        }
        size_t room = (size_t)(code_buf + code_size - code_ptr);
        int rc = codegen_tb(ir_ctx, code_ptr, room, res);
        if (rc == -2 && max_insns > 1) { /* block too complex: halve it */
            arena_used = arena_mark;
            max_insns /= 2;
            continue;
        }
        if (rc != 0) {
            arena_used = arena_mark;
            if (code_ptr == code_gen_start)
                xr_fatal("translation block at %#llx does not fit the code buffer", (unsigned long long)pc);
            return NULL;
        }
        uint16_t *ends = arena_alloc(res->nb_insns * sizeof(uint16_t));
        uint64_t *data = arena_alloc(res->nb_insns * 2 * sizeof(uint64_t));
        if (res->nb_insns && (!ends || !data)) {
            arena_used = arena_mark;
            return NULL;
        }
        memcpy(ends, res->insn_end, res->nb_insns * sizeof(uint16_t));
        memcpy(data, res->insn_data, res->nb_insns * 2 * sizeof(uint64_t));
        tb->insn_end = ends;
        tb->insn_data = data;
        return tb;
    }
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    static CodegenResult res;  /* used under tb_lock only */
    TranslationBlock *tb;
    uint64_t phys_pc = pc;

    /* Raises the fetch fault if pc cannot be fetched: before taking the lock. */
    tb_phys_pc(cpu, pc, false, &phys_pc);
    pthread_mutex_lock(&tb_lock);
    for (;;) {
        /* Another thread may have translated it meanwhile. */
        tb = tb_hash_lookup(pc, phys_pc, flags, cflags);
        if (tb) {
            pthread_mutex_unlock(&tb_lock);
            return tb;
        }
        /* Protect the code page before reading it: a store by another
         * thread is then either visible to the translator or invalidates
         * this TB once it is published. */
        guest_mem_ops->protect_code(phys_pc & GUEST_PAGE_MASK);
        tb = tb_translate_locked(cpu, pc, phys_pc, flags, cflags, &res);
        if (tb)
            break;
        /* Full: flush outside the lock (see the top of the file). */
        uint32_t seen = tb_flush_count;
        pthread_mutex_unlock(&tb_lock);
        tb_flush_exclusive(cpu, false, seen);
        pthread_mutex_lock(&tb_lock);
    }
    tb->host_code = code_ptr;
    tb->host_size = res.size;
    for (int n = 0; n < 2; n++) {
        tb->jmp_insn_offset[n] = res.jmp_insn_offset[n];
        tb->jmp_reset_offset[n] = res.jmp_reset_offset[n];
    }
    __atomic_store_n(&code_ptr, code_ptr + XR_ALIGN_UP(res.size, 16), __ATOMIC_RELEASE);
    tbs_by_addr[nb_tbs] = tb;
    __atomic_store_n(&nb_tbs, nb_tbs + 1, __ATOMIC_RELEASE);

    tb->page_addr[0] = phys_pc & GUEST_PAGE_MASK;
    tb->page_addr[1] = (uint64_t)-1;
    uint64_t last = pc + (tb->size ? tb->size - 1 : 0), key1;
    if (((last ^ pc) & GUEST_PAGE_MASK) && guest_mem_ops->code_page(cpu, last, true, &key1))
        tb->page_addr[1] = key1;
    for (int n = 0; n < 2; n++) {
        if (tb->page_addr[n] == (uint64_t)-1)
            continue;
        page_add_tb(tb, n);
        guest_mem_ops->protect_code(tb->page_addr[n]);
    }

    uint32_t h = tb_hash_func(pc, flags, cflags);
    tb->hash_next = tb_hash[h];
    __atomic_store_n(&tb_hash[h], tb, __ATOMIC_RELEASE);

    tb_stats.translated++;
    tb_stats.guest_insns += tb->icount;
    tb_stats.host_bytes += res.size;
    log_tb(cpu, tb);
    if (tb_published_hook)
        tb_published_hook(tb);
    pthread_mutex_unlock(&tb_lock);
    return tb;
}

/* -- Chaining -- */

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next)
{
    if ((tb->cflags | next->cflags) & CF_NO_CHAIN || tb->jmp_insn_offset[n] == 0xffff)
        return;
    if (!guest_mem_ops->chain_across_pages && ((tb->pc ^ next->pc) & GUEST_PAGE_MASK))
        return;
    pthread_mutex_lock(&tb_lock);
    if (!tb->jmp_dest[n] && !tb->invalid && !next->invalid) {
        codegen_patch_jump((uintptr_t)tb->host_code + tb->jmp_insn_offset[n], (uintptr_t)next->host_code);
        tb->jmp_dest[n] = next;
        tb->jmp_list_next[n] = next->jmp_list_head;
        next->jmp_list_head = (uintptr_t)tb | (uintptr_t)n;
        tb_stats.chained++;
    }
    pthread_mutex_unlock(&tb_lock);
}

static void tb_reset_jump(TranslationBlock *tb, int n)
{
    codegen_patch_jump((uintptr_t)tb->host_code + tb->jmp_insn_offset[n],
                       (uintptr_t)tb->host_code + tb->jmp_reset_offset[n]);
    tb->jmp_dest[n] = NULL;
}

/* Removes (tb, n) from the incoming list of the TB it is chained to. */
static void tb_unlink_outgoing(TranslationBlock *tb, int n)
{
    TranslationBlock *dest = tb->jmp_dest[n];
    if (!dest)
        return;
    uintptr_t *pp = &dest->jmp_list_head;
    while (*pp) {
        TranslationBlock *src = (TranslationBlock *)(*pp & ~(uintptr_t)TB_EXIT_MASK);
        int sn = (int)(*pp & TB_EXIT_MASK);
        if (src == tb && sn == n) {
            *pp = tb->jmp_list_next[n];
            break;
        }
        pp = &src->jmp_list_next[sn];
    }
    tb_reset_jump(tb, n);
}

static void tb_invalidate_locked(TranslationBlock *tb)
{
    if (tb->invalid)
        return;
    __atomic_store_n(&tb->invalid, true, __ATOMIC_SEQ_CST);
    /* Unlink from the hash chain. Readers that already hold a pointer to tb
     * see it invalid; tb->hash_next stays valid for them. */
    TranslationBlock **pp = &tb_hash[tb_hash_func(tb->pc, tb->flags, tb->cflags)];
    while (*pp) {
        if (*pp == tb) {
            __atomic_store_n(pp, tb->hash_next, __ATOMIC_RELEASE);
            break;
        }
        pp = &(*pp)->hash_next;
    }
    for (int n = 0; n < 2; n++)
        if (tb->page_addr[n] != (uint64_t)-1)
            page_remove_tb(tb, n);
    /* Incoming jumps now go back to their exits. */
    uintptr_t in = tb->jmp_list_head;
    while (in) {
        TranslationBlock *src = (TranslationBlock *)(in & ~(uintptr_t)TB_EXIT_MASK);
        int sn = (int)(in & TB_EXIT_MASK);
        in = src->jmp_list_next[sn];
        tb_reset_jump(src, sn);
    }
    tb->jmp_list_head = 0;
    for (int n = 0; n < 2; n++)
        tb_unlink_outgoing(tb, n);
    tb_jc_invalidate(tb);
    tb_stats.invalidated++;
}

/* True if the bytes tb covers on its page n overlap key range [start, end).
 * On the first page they start at phys_pc; on the second at the page
 * start, for as many bytes as the TB reaches past its first page. */
static bool tb_overlaps(const TranslationBlock *tb, int n, uint64_t start, uint64_t end)
{
    uint64_t lo, hi;
    uint64_t first_len = GUEST_PAGE_SIZE - (tb->pc & ~GUEST_PAGE_MASK);
    if (n == 0) {
        lo = tb->phys_pc;
        hi = lo + (tb->size < first_len ? tb->size : first_len);
    } else {
        lo = tb->page_addr[1];
        hi = lo + (tb->size - first_len);
    }
    return lo < end && hi > start;
}

bool tb_invalidate_range(uint64_t start, uint64_t end, uintptr_t host_pc)
{
    bool hit_current = false;
    pthread_mutex_lock(&tb_lock);
    TranslationBlock *current = host_pc ? tb_find_by_host_pc(host_pc) : NULL;
    for (uint64_t page = start & GUEST_PAGE_MASK; page < end; page += GUEST_PAGE_SIZE) {
        PageDesc *p = page_find(page, false);
        TranslationBlock *e = p ? p->first : NULL;
        while (e) {
            TranslationBlock *tb = TB_UNTAG(e);
            TranslationBlock *e0 = e;
            e = tb->page_next[TB_TAG_N(e)];
            if (tb_overlaps(tb, TB_TAG_N(e0), start, end)) {
                /* A one-insn TB has nothing stale after the store: let the
                 * store replay and the block end normally. */
                if (tb == current && (tb->cflags & CF_COUNT_MASK) != 1)
                    hit_current = true;
                tb_invalidate_locked(tb);
            }
        }
        if (page + GUEST_PAGE_SIZE < page)
            break; /* wrapped at the top of the address space */
    }
    pthread_mutex_unlock(&tb_lock);
    return hit_current;
}

bool tb_page_has_tbs(uint64_t key)
{
    pthread_mutex_lock(&tb_lock);
    PageDesc *p = page_find(key & GUEST_PAGE_MASK, false);
    bool any = p && p->first;
    pthread_mutex_unlock(&tb_lock);
    return any;
}

/* -- Host pc -> guest state -- */

bool tb_in_code_buffer(uintptr_t host_pc)
{
    return host_pc >= (uintptr_t)code_gen_start && host_pc < (uintptr_t)__atomic_load_n(&code_ptr, __ATOMIC_ACQUIRE);
}

/* Lock-free (signal handlers use it): a TB is in tbs_by_addr before nb_tbs
 * counts it, and the array only changes in place at a flush, which never
 * runs while a cpu is in generated code. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    if (!tb_in_code_buffer(host_pc))
        return NULL;
    size_t lo = 0, hi = __atomic_load_n(&nb_tbs, __ATOMIC_ACQUIRE);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tbs_by_addr[mid]->host_code <= host_pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    TranslationBlock *tb = tbs_by_addr[lo - 1];
    return host_pc < (uintptr_t)tb->host_code + tb->host_size ? tb : NULL;
}

bool tb_host_pc_to_insn(const TranslationBlock *tb, uintptr_t host_pc, uint64_t data[2])
{
    uintptr_t off = host_pc - (uintptr_t)tb->host_code;
    for (unsigned i = 0; i < tb->icount; i++) {
        if (off < tb->insn_end[i]) {
            data[0] = tb->insn_data[2 * i];
            data[1] = tb->insn_data[2 * i + 1];
            return true;
        }
    }
    return false;
}

/* -- Logging -- */

int codegen_log_mask;
FILE *xrun_log_file;

static void log_tb(CPUState *cpu, TranslationBlock *tb)
{
    if (!(codegen_log_mask & CODEGEN_LOG_IN_ASM) || !cpu->arch->disas)
        return;
    FILE *out = xrun_log_file ? xrun_log_file : stderr;
    fprintf(out, "IN: pc=%#llx flags=%#x\n", (unsigned long long)tb->pc, tb->flags);
    uint64_t pc = tb->pc;
    char buf[128];
    for (unsigned i = 0; i < tb->icount; i++) {
        int len = cpu->arch->disas(cpu, pc, tb->flags, buf, sizeof(buf));
        fprintf(out, "0x%08llx:  %s\n", (unsigned long long)pc, buf);
        if (len <= 0)
            break;
        pc += (uint64_t)len;
    }
    fputc('\n', out);
}
