/*
 * The sparse page-flag map (linux-user/pagemap.c) and the 48-bit guest
 * address space built on it (linux-user/mmap.c): flags far apart in a
 * 256 TiB range, searches across terabytes of untouched space, top-down
 * placement, and /proc/self/maps lines for addresses above 4 GiB.
 *
 * Criterion runs each test in its own process, so each gets a fresh map
 * and reservation.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/guest.h"
#include "linux-user/pagemap.h"
#include "linux-user/user_priv.h"

/* Nothing is translated here: the TB layer's hooks are not needed. */
__attribute__((weak)) bool tb_invalidate_range(uint64_t start, uint64_t end, uintptr_t host_pc)
{
    return false;
}
__attribute__((weak)) void smc_page_prot_changed(uint64_t start, uint64_t end) {}

#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define RW (PAGE_VALID | PAGE_READ | PAGE_WRITE)

/* -- The map alone -- */

Test(pagemap, flags_far_apart_in_48_bits)
{
    cr_assert_eq(pagemap_init(48), 0);
    cr_assert_eq(pagemap_limit(), 1ull << 48);
    uint64_t top = (1ull << 48) - GUEST_PAGE_SIZE;
    cr_assert_eq(pagemap_set(top, top + GUEST_PAGE_SIZE, RW), 0);
    cr_assert_eq(pagemap_set(0x1000, 0x3000, PAGE_VALID | PAGE_READ), 0);
    cr_expect_eq(pagemap_get(top), RW);
    cr_expect_eq(pagemap_get(top - GUEST_PAGE_SIZE), 0);
    cr_expect_eq(pagemap_get(0x2fff), PAGE_VALID | PAGE_READ);
    cr_expect_eq(pagemap_get(0x3000), 0);
    cr_expect_eq(pagemap_get(1ull << 48), 0, "outside the map");
    cr_expect_eq(pagemap_get(100 * TiB), 0, "an untouched leaf");
}

Test(pagemap, ranges_cross_leaf_boundaries_and_clear)
{
    cr_assert_eq(pagemap_init(48), 0);
    uint64_t a = 5 * GiB - 2 * GUEST_PAGE_SIZE, b = 5 * GiB + 3 * GUEST_PAGE_SIZE;
    cr_assert_eq(pagemap_set(a, b, RW | PAGE_EXEC), 0);
    for (uint64_t p = a; p < b; p += GUEST_PAGE_SIZE)
        cr_expect_eq(pagemap_get(p), RW | PAGE_EXEC, "page %#llx", (unsigned long long)p);
    cr_expect_eq(pagemap_get(a - GUEST_PAGE_SIZE), 0);
    cr_expect_eq(pagemap_get(b), 0);
    cr_assert_eq(pagemap_set(a, b, 0), 0);
    cr_expect_eq(pagemap_next_used(0, 1ull << 48), 1ull << 48, "nothing left anywhere");
    /* Clearing where nothing was ever set is a no-op over any size. */
    cr_assert_eq(pagemap_set(0, 1ull << 48, 0), 0);
}

Test(pagemap, searches_skip_terabytes_of_free_space, .timeout = 10)
{
    cr_assert_eq(pagemap_init(48), 0);
    uint64_t far = 200 * TiB;
    cr_assert_eq(pagemap_set(far, far + 4 * GUEST_PAGE_SIZE, RW), 0);
    cr_expect_eq(pagemap_next_used(GUEST_PAGE_SIZE, 1ull << 48), far);
    cr_expect_eq(pagemap_next_free(far, 1ull << 48), far + 4 * GUEST_PAGE_SIZE);
    cr_expect_eq(pagemap_next_used(far + 4 * GUEST_PAGE_SIZE, 1ull << 48), 1ull << 48);
    /* Lowest fit: right at lo. Highest fit below far: ends at far. */
    cr_expect_eq(pagemap_find_free(0x10000, 1ull << 48, 8192, false), 0x10000);
    cr_expect_eq(pagemap_find_free(0x10000, far + GUEST_PAGE_SIZE, 8192, true), far - 8192);
    /* A run that cannot fit between two used pages moves below them. */
    cr_assert_eq(pagemap_set(far - 3 * GUEST_PAGE_SIZE, far - 2 * GUEST_PAGE_SIZE, RW), 0);
    cr_expect_eq(pagemap_find_free(0x10000, far, 3 * GUEST_PAGE_SIZE, true), far - 6 * GUEST_PAGE_SIZE);
    cr_expect_eq(pagemap_find_free(0x10000, far, 2 * GUEST_PAGE_SIZE, true), far - 2 * GUEST_PAGE_SIZE);
    /* No room at all. */
    cr_expect_eq(pagemap_find_free(far, far + 4 * GUEST_PAGE_SIZE, GUEST_PAGE_SIZE, false), 0);
    cr_expect_eq(pagemap_find_free(far, far + 4 * GUEST_PAGE_SIZE, GUEST_PAGE_SIZE, true), 0);
}

/* -- The 48-bit guest space -- */

Test(guest_space48, reserves_and_maps_top_down_below_the_stack)
{
    cr_assert_eq(guest_space_init(48), 0);
    const UserGuestLayout *l = guest_layout();
    cr_assert(guest_addr_max + 1 >= TiB, "at least 1 TiB reserved");
    cr_expect_eq(l->task_size, guest_addr_max + 1);
    cr_expect(l->mmap_top_down);
    cr_expect(l->stack_top <= l->task_size && l->mmap_base < l->stack_top);
    cr_expect(l->pie_base > l->task_size / 2 && l->pie_base < l->mmap_base,
              "PIE at 2/3 of the task size, below the mmap base");
    abi_long a = target_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    abi_long b = target_mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_gt(a, 0);
    cr_expect_eq((uint64_t)a, l->mmap_base - 8192, "the first mapping ends at mmap_base");
    cr_expect_eq(b, a - 4096, "the next one goes below it");
    *(volatile int *)g2h((uint64_t)a) = 7;
    cr_expect_eq(page_get_flags((uint64_t)a), RW | PAGE_ANON);
    cr_expect(page_check_range((uint64_t)b, 4096 + 8192, PAGE_READ));
    cr_expect(!page_check_range((uint64_t)b - 4096, 4096, PAGE_READ));
    cr_expect(!page_check_range(0x10000, (uint64_t)a - 0x10000, PAGE_READ), "a huge unmapped range");
    /* A fixed mapping far above 4 GiB, then munmap gives it back. */
    uint64_t fixed = 3 * TiB / 4;
    cr_expect_eq(target_mmap(fixed, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 (abi_long)fixed);
    cr_expect_eq(target_munmap(fixed, 4096), 0);
    cr_expect_eq(page_get_flags(fixed), 0);
}

static const char *maps_text(void)
{
    static char text[4096];
    FILE *f = tmpfile();
    cr_assert_not_null(f);
    mmap_dump_maps(f);
    rewind(f);
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

Test(guest_space48, proc_maps_prints_wide_addresses_whole)
{
    cr_assert_eq(guest_space_init(48), 0);
    abi_long a = target_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_gt(a, 0xffffffffll);
    char want[64];
    snprintf(want, sizeof(want), "%llx-%llx rw-p 00000000 00:00 0", (unsigned long long)a,
             (unsigned long long)a + 4096);
    cr_expect(strstr(maps_text(), want), "maps lacks '%s':\n%s", want, maps_text());
}

Test(guest_space32, proc_maps_pads_to_8_digits)
{
    cr_assert_eq(guest_space_init(32), 0);
    cr_assert_eq(target_mmap(0x10000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 0x10000);
    cr_expect(strstr(maps_text(), "00010000-00011000 r--p 00000000 00:00 0"), "%s", maps_text());
    cr_expect_eq(guest_addr_max, 0xffffffffu);
    cr_expect_eq(pagemap_limit(), 1ull << 32);
}
