/*
 * Guest code in user mode: the core's GuestMemOps (xrun/guestmem.h), and
 * self-modifying code.
 *
 * Code page keys are guest virtual pages; a pc is fetchable when its page
 * is mapped with PROT_EXEC, and a fetch fault is EXCP_FETCH_FAULT at pc.
 *
 * When a TB is made from a guest page the guest may write, the host copy of
 * that page becomes read-only (PAGE_WRITE_ORG remembers the guest's right to
 * write). A guest store to it then faults on the host; the signal handler
 * calls page_unprotect(), which invalidates every TB of the page, gives the
 * write permission back and lets the store replay. The page is protected
 * again the next time code from it is translated.
 *
 * If the store came from a TB of that same page, the rest of that TB may be
 * stale (it may be the very insn being rewritten): page_unprotect returns 2
 * and the caller restarts at the storing insn with a one-insn TB, so that
 * every following insn is fetched anew.
 */
#include <string.h>
#include <sys/mman.h>

#include "xrun/guest.h"
#include "xrun/guestmem.h"
#include "xrun/tb.h"
#include "xrun/util.h"

static int host_prot(int flags)
{
    return (flags & PAGE_READ ? PROT_READ : 0) | (flags & PAGE_WRITE ? PROT_WRITE : 0) |
           (flags & PAGE_EXEC ? PROT_EXEC : 0);
}

void page_protect_code(uint64_t page)
{
    tb_lock_acquire();
    int flags = page_get_flags(page);
    if ((flags & (PAGE_VALID | PAGE_WRITE)) == (PAGE_VALID | PAGE_WRITE) && !(flags & PAGE_WRITE_ORG)) {
        page_set_flags(page, page + GUEST_PAGE_SIZE, flags | PAGE_WRITE_ORG);
        mprotect(g2h(page), GUEST_PAGE_SIZE, host_prot(flags & ~PAGE_WRITE));
    }
    tb_lock_release();
}

int page_unprotect(uint64_t addr, uintptr_t host_pc)
{
    uint64_t page = addr & GUEST_PAGE_MASK;
    tb_lock_acquire();
    int flags = page_get_flags(page);
    if (!(flags & PAGE_WRITE_ORG)) {
        /* Another thread may have unprotected it between the fault and now. */
        int ok = (flags & PAGE_WRITE) ? 1 : 0;
        tb_lock_release();
        return ok;
    }
    flags &= ~PAGE_WRITE_ORG;
    page_set_flags(page, page + GUEST_PAGE_SIZE, flags);
    bool current = tb_invalidate_range(page, page + GUEST_PAGE_SIZE, host_pc);
    mprotect(g2h(page), GUEST_PAGE_SIZE, host_prot(flags));
    tb_lock_release();
    return current ? 2 : 1;
}

/* The guest changed the protection of [start, end) (mprotect/munmap/mmap):
 * TBs of pages it can no longer execute, or whose contents may be replaced,
 * are dropped, and write-protection for code is re-applied lazily. */
void smc_page_prot_changed(uint64_t start, uint64_t end)
{
    tb_invalidate_range(start & GUEST_PAGE_MASK, XR_ALIGN_UP(end, (uint64_t)GUEST_PAGE_SIZE), 0);
}

bool page_check_write(uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    for (uint64_t page = addr & GUEST_PAGE_MASK; page < end; page += GUEST_PAGE_SIZE) {
        int flags = page_get_flags(page);
        if (!(flags & PAGE_WRITE))
            return false;
        if (flags & PAGE_WRITE_ORG)
            page_unprotect(page, 0);
    }
    return true;
}

/* -- GuestMemOps -- */

static bool user_code_page(CPUState *cpu, uint64_t pc, bool probe, uint64_t *key)
{
    *key = pc & GUEST_PAGE_MASK;
    if (page_check_range(pc, 1, PAGE_EXEC))
        return true;
    if (probe)
        return false;
    cpu->fault_addr = pc;
    cpu_raise_exception(cpu, EXCP_FETCH_FAULT);
}

/* An insn that straddles into an unreadable page reads as zeros rather
 * than crashing xrun; the fetch fault is raised when a block starts there. */
static bool user_fetch_code(CPUState *cpu, uint64_t pc, void *buf, unsigned len)
{
    if (!page_check_range(pc, len, PAGE_EXEC)) {
        memset(buf, 0, len);
        return false;
    }
    memcpy(buf, g2h(pc), len);
    return true;
}

const GuestMemOps user_guest_mem_ops = {
    .code_page = user_code_page,
    .fetch_code = user_fetch_code,
    .protect_code = page_protect_code,
    .key_is_virtual = true,
    .chain_across_pages = true,
};
