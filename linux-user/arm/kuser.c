/*
 * The ARM kuser helper page at guest 0xffff0000 (Linux
 * Documentation/arch/arm/kernel_user_helpers.rst). Old glibc, libgcc's
 * atomics for pre-v7 targets and some runtimes call these fixed addresses:
 *
 *   0xffff0ffc  __kuser_helper_version   (word: 5 = every helper below)
 *   0xffff0fe0  __kuser_get_tls          r0 = TPIDRURO
 *   0xffff0fc0  __kuser_cmpxchg          r0 oldval, r1 newval, r2 ptr
 *   0xffff0fa0  __kuser_memory_barrier
 *   0xffff0f60  __kuser_cmpxchg64        r0 &oldval, r1 &newval, r2 ptr
 *
 * Each slot is at most 32 bytes, so the two compare-and-swap helpers branch
 * to bodies lower in the page. They are real ARM code (assembled with
 * arm-linux-gnueabihf-as -march=armv7-a), translated like any guest code:
 * ldrex/strex become host atomics, so they are atomic across guest threads.
 * Both return r0 = 0 with C set when *ptr was replaced, r0 = 1 with C clear
 * otherwise, and clobber only r3 and the flags.
 */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/arm/arm_user.h"
#include "linux-user/user_priv.h"

typedef struct KuserBlock {
    uint32_t offset;          /* from 0xffff0000 */
    uint32_t nwords;
    const uint32_t *words;
} KuserBlock;

static const uint32_t kuser_cmpxchg64_body[] = {
    0xe92d03f0, /* 0xe00: push   {r4, r5, r6, r7, r8, r9}              */
    0xe1c040d0, /*        ldrd   r4, r5, [r0]       @ expected          */
    0xe1c160d0, /*        ldrd   r6, r7, [r1]       @ new value         */
    0xf57ff05b, /*        dmb    ish                                    */
    0xe1b28f9f, /* 1:     ldrexd r8, r9, [r2]                           */
    0xe1580004, /*        cmp    r8, r4                                 */
    0x01590005, /*        cmpeq  r9, r5                                 */
    0x1a000007, /*        bne    2f                                     */
    0xe1a23f96, /*        strexd r3, r6, r7, [r2]                       */
    0xe3530000, /*        cmp    r3, #0             @ lost reservation? */
    0x1afffff8, /*        bne    1b                                     */
    0xf57ff05b, /*        dmb    ish                                    */
    0xe8bd03f0, /*        pop    {r4, r5, r6, r7, r8, r9}               */
    0xe3a00000, /*        mov    r0, #0                                 */
    0xe3500000, /*        cmp    r0, #0             @ Z=1, C=1          */
    0xe12fff1e, /*        bx     lr                                     */
    0xf57ff01f, /* 2:     clrex                                         */
    0xe8bd03f0, /*        pop    {r4, r5, r6, r7, r8, r9}               */
    0xe3a00001, /*        mov    r0, #1                                 */
    0xe3500002, /*        cmp    r0, #2             @ C=0 (borrow)      */
    0xe12fff1e, /*        bx     lr                                     */
};

static const uint32_t kuser_cmpxchg_body[] = {
    0xf57ff05b, /* 0xe80: dmb    ish                                    */
    0xe1923f9f, /* 1:     ldrex  r3, [r2]                               */
    0xe1530000, /*        cmp    r3, r0                                 */
    0x1a000006, /*        bne    2f                                     */
    0xe1823f91, /*        strex  r3, r1, [r2]                           */
    0xe3530000, /*        cmp    r3, #0                                 */
    0x1afffff9, /*        bne    1b                                     */
    0xf57ff05b, /*        dmb    ish                                    */
    0xe3a00000, /*        mov    r0, #0                                 */
    0xe3500000, /*        cmp    r0, #0             @ Z=1, C=1          */
    0xe12fff1e, /*        bx     lr                                     */
    0xf57ff01f, /* 2:     clrex                                         */
    0xe3a00001, /*        mov    r0, #1                                 */
    0xe3500002, /*        cmp    r0, #2             @ C=0               */
    0xe12fff1e, /*        bx     lr                                     */
};

static const uint32_t kuser_cmpxchg64_slot[] = {
    0xeaffffa6, /* 0xf60: b      0xe00 (cmpxchg64 body)                 */
};

static const uint32_t kuser_barrier_slot[] = {
    0xf57ff05b, /* 0xfa0: dmb    ish                                    */
    0xe12fff1e, /*        bx     lr                                     */
};

static const uint32_t kuser_cmpxchg_slot[] = {
    0xeaffffae, /* 0xfc0: b      0xe80 (cmpxchg body)                   */
};

static const uint32_t kuser_get_tls_slot[] = {
    0xee1d0f70, /* 0xfe0: mrc    p15, 0, r0, c13, c0, 3 @ TPIDRURO      */
    0xe12fff1e, /*        bx     lr                                     */
};

static const uint32_t kuser_version[] = {
    0x00000005, /* 0xffc: __kuser_helper_version                        */
};

#define BLOCK(off, w) { off, sizeof(w) / sizeof(w[0]), w }
static const KuserBlock kuser_blocks[] = {
    BLOCK(0xe00, kuser_cmpxchg64_body), BLOCK(0xe80, kuser_cmpxchg_body),
    BLOCK(0xf60, kuser_cmpxchg64_slot), BLOCK(0xfa0, kuser_barrier_slot),
    BLOCK(0xfc0, kuser_cmpxchg_slot),   BLOCK(0xfe0, kuser_get_tls_slot),
    BLOCK(0xffc, kuser_version),
};

int arm_kuser_setup(void)
{
    abi_long r = target_mmap(ARM_KUSER_PAGE, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0)
        return -1;
    uint8_t *page = g2h(ARM_KUSER_PAGE);
    for (size_t i = 0; i < sizeof(kuser_blocks) / sizeof(kuser_blocks[0]); i++)
        memcpy(page + kuser_blocks[i].offset, kuser_blocks[i].words, 4 * kuser_blocks[i].nwords);
    if (target_mprotect(ARM_KUSER_PAGE, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC) < 0)
        return -1;
    mmap_set_name(ARM_KUSER_PAGE, ARM_KUSER_PAGE + GUEST_PAGE_SIZE, "[vectors]");
    return 0;
}
