/*
 * The guest address space as seen from the host (user mode).
 *
 * Guest address a lives at host address guest_base + a. The loader reserves
 * the whole guest range up front, so generated code needs no bounds check:
 * an access to an unmapped guest page faults on the host and becomes a
 * guest SIGSEGV at the precise guest pc.
 *
 * Page flags track, per guest page, what the guest was given (for
 * /proc/self/maps, syscalls' access checks and self-modifying code).
 */
#ifndef XRUN_GUEST_H
#define XRUN_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern uintptr_t guest_base;
extern uint64_t guest_addr_max;   /* last valid guest address (0xffffffff for 32-bit) */

#define GUEST_PAGE_BITS 12
#define GUEST_PAGE_SIZE (1u << GUEST_PAGE_BITS)
#define GUEST_PAGE_MASK (~(uint64_t)(GUEST_PAGE_SIZE - 1))

static inline void *g2h(uint64_t a) { return (void *)(guest_base + (uintptr_t)a); }
static inline uint64_t h2g(const void *p) { return (uint64_t)((uintptr_t)p - guest_base); }
static inline bool h2g_valid(const void *p)
{
    return (uintptr_t)p >= guest_base && (uintptr_t)p - guest_base <= guest_addr_max;
}

enum {
    PAGE_READ = 1,
    PAGE_WRITE = 2,
    PAGE_EXEC = 4,
    PAGE_VALID = 8,
    PAGE_WRITE_ORG = 16, /* host copy is read-only because it holds translated code;
                          * PAGE_WRITE stays set: the guest may still write (linux-user/smc.c) */
    PAGE_ANON = 32,
};

int page_get_flags(uint64_t addr);
/* Sets exactly these flags on every page of [start, end). Callers that change
 * a guest mapping (mmap/munmap/mprotect/mremap) pass flags without
 * PAGE_WRITE_ORG, set the host protection to match, and then call
 * smc_page_prot_changed(start, end). */
void page_set_flags(uint64_t start, uint64_t end, int flags);
/* True if every page of [addr, addr+len) has all of flags. */
bool page_check_range(uint64_t addr, uint64_t len, int flags);

/*
 * Self-modifying code support (linux-user/smc.c).
 * page_protect_code: a TB now covers this page; if the guest can write it,
 * make the host copy read-only so that a write traps.
 * page_unprotect: called for a host write fault at guest addr. Returns 0 if
 * the page does not hold protected code (a real guest fault), 1 if its TBs
 * were invalidated and the page made writable (replay the write), 2 if in
 * addition the TB containing host_pc was invalidated (the caller must not
 * resume it: restore state and re-run the writing insn alone).
 */
void page_protect_code(uint64_t page);
int page_unprotect(uint64_t addr, uintptr_t host_pc);
/* Drops the TBs of [start, end) after its mapping or protection changed. */
void smc_page_prot_changed(uint64_t start, uint64_t end);
/* For syscalls about to write guest memory from the host: true if every page
 * of [addr, addr+len) is guest-writable; pages holding code are unprotected
 * (their TBs invalidated) so the host kernel can write them. */
bool page_check_write(uint64_t addr, uint64_t len);

/* The core's view of user-mode guest code (xrun/guestmem.h), installed by
 * guest_space_init. */
struct GuestMemOps;
extern const struct GuestMemOps user_guest_mem_ops;

#endif
