/*
 * How the core reaches guest code: the seam between the translation core
 * and the mode (user or system) that owns guest memory.
 *
 * The core never reads guest memory or tracks guest pages itself. It asks
 * the mode, through guest_mem_ops, for:
 *
 *   code_page     the key of the page holding pc: the virtual page in user
 *                 mode, the physical address of the page in system mode.
 *                 TBs are hashed and invalidated by these keys, so that
 *                 in system mode a TB belongs to the physical memory it was
 *                 made from and a write to that memory (by any cpu or by
 *                 DMA) finds it.
 *   fetch_code    the bytes of guest code at a virtual pc;
 *   protect_code  a TB now covers the page with this key: from now on a
 *                 write to the page must invalidate its TBs (user mode
 *                 write-protects the host page, system mode routes writes
 *                 to the page through the softmmu's slow path).
 *
 *     uint64_t key;
 *     if (!guest_mem_ops->code_page(cpu, pc, true, &key))
 *         ...;   // not executable: the exec loop raises the fetch fault
 *
 * The user-mode implementation is in linux-user/smc.c, the system-mode one
 * in system/softmmu.c; each installs itself with guest_mem_ops = &...
 * before the first translation.
 */
#ifndef XRUN_GUESTMEM_H
#define XRUN_GUESTMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/cpu.h"

typedef struct GuestMemOps {
    /* The key of the code page of pc, in *key (page-aligned). If pc cannot
     * be fetched: returns false when probe, otherwise raises the guest's
     * fetch fault for pc (never returns). */
    bool (*code_page)(CPUState *cpu, uint64_t pc, bool probe, uint64_t *key);
    /* Copies len bytes of code at virtual pc into buf; false (buf zeroed)
     * if some byte cannot be fetched. */
    bool (*fetch_code)(CPUState *cpu, uint64_t pc, void *buf, unsigned len);
    /* A TB now covers the page of key. Called under the tb lock. */
    void (*protect_code)(uint64_t key);
    /* True when the key of a page is its virtual address (user mode): the
     * TB cache then skips code_page on lookups. */
    bool key_is_virtual;
    /* True when a TB may chain straight to a TB on another virtual page
     * (user mode: page mappings change only with invalidation). System
     * mode chains only within a page, since the next page's mapping may
     * change under a TB without touching its code. */
    bool chain_across_pages;
} GuestMemOps;

extern const GuestMemOps *guest_mem_ops;

#endif
