/*
 * The sparse guest page-flag map (linux-user/pagemap.c) under mmap.c's
 * page_get_flags/page_set_flags, and the searches mmap.c and maps.c use.
 * Addresses are guest addresses; ranges are [start, end).
 */
#ifndef XRUN_LINUX_USER_PAGEMAP_H
#define XRUN_LINUX_USER_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "xrun/guest.h"

/* Sizes the map for a guest of addr_bits (32..48); 0 or -errno. Once. */
int pagemap_init(unsigned addr_bits);
/* First address past the map (1 << addr_bits), 0 before pagemap_init. */
uint64_t pagemap_limit(void);
/* The flags of addr's page (0 outside the map). Lock-free, signal-safe. */
int pagemap_get(uint64_t addr);
/* Sets exactly flags on every page of [start, end); -ENOMEM if a leaf
 * could not be allocated (only when flags != 0). */
int pagemap_set(uint64_t start, uint64_t end, int flags);
/* The first page at or after from with flags (a used page), or end. */
uint64_t pagemap_next_used(uint64_t from, uint64_t end);
/* The first page at or after from without flags, or end. */
uint64_t pagemap_next_free(uint64_t from, uint64_t end);
/* A free run of len bytes inside [lo, hi) (lo > 0, all page aligned): the
 * lowest one, or the highest if top_down; 0 if there is none. */
uint64_t pagemap_find_free(uint64_t lo, uint64_t hi, uint64_t len, bool top_down);

#endif
