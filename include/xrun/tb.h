/*
 * Translation blocks: the unit of translated code, and their cache.
 *
 * A TB is keyed by (guest pc, flags, cflags) and, in system mode, the
 * physical address of its pc. Its host code lives in the shared code
 * buffer; a small table maps host code offsets back to guest instructions so
 * that a fault inside the TB restores the exact guest pc.
 *
 * Chaining: each TB has two goto_tb slots. A slot starts as a jump to the
 * instruction after it (which exits to the loop with the slot number); the
 * exec loop patches it to jump straight to the next TB's code. Invalidating
 * a TB resets every slot that points at it and every slot it owns.
 */
#ifndef XRUN_TB_H
#define XRUN_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xrun/cpu.h"

/* cflags */
enum {
    CF_COUNT_MASK = 0x1ff, /* max insns in this TB; 0 = default */
    CF_NO_CHAIN = 0x200,   /* do not chain into or out of this TB */
    CF_SMC_ONE = 0x400,    /* made by self-modifying-code recovery */
};
/* The unit of a jump cache's generation (TBJumpCacheEntry.tag): above every cflags bit. */
#define TB_JC_GEN_STEP 0x1000u
_Static_assert((CF_COUNT_MASK | CF_NO_CHAIN | CF_SMC_ONE) < TB_JC_GEN_STEP, "cflags below the generation");

typedef struct TranslationBlock {
    uint64_t pc;               /* guest virtual pc of the first insn */
    uint64_t phys_pc;          /* pc in code-page-key space (xrun/guestmem.h):
                                * the physical pc in system mode, pc in user mode */
    uint32_t flags;            /* guest mode bits that change decoding */
    uint32_t cflags;
    uint32_t size;             /* guest bytes covered */
    uint16_t icount;           /* guest insns */
    bool invalid;
    const uint8_t *host_code;  /* host code start */
    uint32_t host_size;
    uint16_t jmp_insn_offset[2];  /* offset of the patchable jump of slot n */
    uint16_t jmp_reset_offset[2]; /* where slot n jumps when unchained */
    struct TranslationBlock *jmp_dest[2];   /* TB slot n is chained to */
    /* Incoming chains: list of (tb, slot) pairs encoded as tb | slot. */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];
    struct TranslationBlock *hash_next;
    struct TranslationBlock *page_next[2];  /* TBs touching the same guest page */
    uint64_t page_addr[2];     /* keys of the code pages covered; -1 if none */
    /* Per insn: host code end offset (uint16) and insn_start data (2 x u64). */
    uint16_t *insn_end;
    uint64_t *insn_data;
} TranslationBlock;

/* Value returned by generated code to the exec loop: last TB | slot (0/1),
 * or slot 3 for "exit requested at TB entry", or 0 for "no chaining". */
#define TB_EXIT_MASK 3
#define TB_EXIT_REQUESTED 3

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/* One entry per hash slot. The key and host code are copied in, so a hit
 * never touches the TB itself; invalidation clears the entry. An entry
 * matches only in the generation it was made in: tag is the TB's cflags
 * plus the generation (a multiple of TB_JC_GEN_STEP, CPUState.jc_gen), so
 * emptying a cache (tb_jc_flush, on every TLB flush of system mode) is one
 * add instead of a pass over 4096 entries. */
typedef struct TBJumpCacheEntry {
    uint64_t pc;
    uint32_t flags;
    uint32_t tag;
    const uint8_t *host_code;
    TranslationBlock *tb;
} TBJumpCacheEntry;

typedef struct TBJumpCache {
    TBJumpCacheEntry array[TB_JMP_CACHE_SIZE];
    /* Bit (page number % 4096): some entry may hold a pc of that virtual
     * page, so flushing a page whose bit is clear needs no scan. */
    uint64_t page_bits[64];
    struct TBJumpCache *next;   /* all jump caches, for invalidation */
} TBJumpCache;

static inline uint32_t tb_jc_hash(uint64_t pc)
{
    return (uint32_t)((pc >> 1) ^ (pc >> (TB_JMP_CACHE_BITS + 1))) & (TB_JMP_CACHE_SIZE - 1);
}

/* Makes a jump cache for a cpu and registers it for invalidation. */
TBJumpCache *tb_jc_new(void);
/* Unregisters and frees a jump cache (the cpu must not run any more). */
void tb_jc_free(TBJumpCache *jc);

/* Sets up the code buffer (size in bytes) and emits the prologue. */
void tb_init(size_t code_size);

/* Looks a TB up by key: jump cache first, then the hash table. */
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags);
/* Translates a new TB for the key and publishes it. Takes the tb lock. */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags);
/* Chains slot n of tb to next (no-op if either forbids chaining). */
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next);

/* Invalidates every TB that covers any byte of [start, end) in code-page-key
 * space (guest virtual addresses in user mode, physical in system mode).
 * Returns true if one of them was the TB containing host_pc (when host_pc
 * != 0). */
bool tb_invalidate_range(uint64_t start, uint64_t end, uintptr_t host_pc);
/* True if some valid TB covers the code page of key. */
bool tb_page_has_tbs(uint64_t key);
/* The lock that serializes translation, chaining and invalidation. */
void tb_lock_acquire(void);
void tb_lock_release(void);

/* Empties one cpu's jump cache, or its entries for the virtual page of va
 * (system mode: after the cpu's TLB dropped a mapping). */
void tb_jc_flush(CPUState *cpu);
void tb_jc_flush_page(CPUState *cpu, uint64_t va);

/* Drops every TB and empties the code buffer, in an exclusive section (every
 * other cpu leaves generated code first). Call it outside generated code
 * and without the tb lock. */
void tb_flush(void);
/* In a fork child: a fresh tb lock (the parent's may be held by a thread
 * the child does not have). */
void tb_after_fork(void);

/* The TB whose host code contains host_pc, or NULL. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
/* Guest insn data (pc, extra) of the insn containing host_pc inside tb. */
bool tb_host_pc_to_insn(const TranslationBlock *tb, uintptr_t host_pc, uint64_t data[2]);
/* True if host_pc lies in the code buffer. */
bool tb_in_code_buffer(uintptr_t host_pc);

/* Incremented by every flush (which also empties every jump cache): the
 * exec loop compares it around translation to drop a stale "last TB". */
extern uint32_t tb_flush_count;
static inline uint32_t tb_flush_count_now(void) { return __atomic_load_n(&tb_flush_count, __ATOMIC_ACQUIRE); }

/* Called under tb_lock for every TB just published (e.g. a perf map
 * writer); NULL when nobody listens. */
extern void (*tb_published_hook)(const TranslationBlock *tb);

/* Statistics for -d stats. */
typedef struct TBStats {
    uint64_t translated, guest_insns, host_bytes, flushes, invalidated, chained;
} TBStats;
extern TBStats tb_stats;

#endif
