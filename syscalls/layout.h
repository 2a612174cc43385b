/*
 * Guest struct layouts as data: for every struct of syscalls/layout.def,
 * each member's offset and size in one guest ABI. Shared handlers convert
 * through them instead of through one fixed C struct, so the same handler
 * serves ILP32 EABI and LP64 generic, and a new ABI (i386 packing, x86_64's
 * packed epoll_event and own stat) is a new table, not new code:
 *
 *     const SysLayouts *L = sys_abi->layouts;
 *     uint8_t g[SYS_LAYOUT_MAX];
 *     sys_field_put(g, L->stat.f_st_size, st.st_size);       // 8 bytes at 48 (EABI)
 *     sys_copy_to_guest(addr, g, L->stat.size);
 *
 * A member an ABI lacks has size 0, and sys_field_put skips it. Members
 * are stored little-endian, as every supported guest and host is.
 */
#ifndef XRUN_SYSCALLS_LAYOUT_H
#define XRUN_SYSCALLS_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct SysField {
    uint16_t off;
    uint16_t size; /* bytes; 0: the ABI has no such member */
} SysField;

/* One struct per entry of layout.def: its size, then f_<member> fields. */
typedef struct SysLayouts {
#define LAYOUT(slot, t32, t64) struct {                                                            \
        uint16_t size;
#define FIELD(slot, m) SysField f_##m;
#define FIELD32(slot, m) SysField f_##m;
#define END(slot) } slot;
#include "syscalls/layout.def"
#undef LAYOUT
#undef FIELD
#undef FIELD32
#undef END
} SysLayouts;

/* The largest struct of any ABI: room for a converter's guest buffer. */
#define SYS_LAYOUT_MAX 256

/* The LP64 asm-generic layouts (syscalls/layout_lp64.c), which every
 * 64-bit guest but x86_64 uses; other tables live with their ABI. */
extern const SysLayouts sys_layouts_lp64;

/* Field of host type T, member m: {offsetof, sizeof}. */
#define SYS_FIELD(T, m) { offsetof(T, m), sizeof(((T *)0)->m) }

/* Writes v to the member (truncated to its size). */
static inline void sys_field_put(void *g, SysField f, uint64_t v)
{
    memcpy((uint8_t *)g + f.off, &v, f.size);
}

/* Reads the member, zero-extended / sign-extended (0 if absent). */
static inline uint64_t sys_field_get(const void *g, SysField f)
{
    uint64_t v = 0;
    memcpy(&v, (const uint8_t *)g + f.off, f.size);
    return v;
}
static inline int64_t sys_field_get_s(const void *g, SysField f)
{
    if (f.size == 0 || f.size >= 8)
        return (int64_t)sys_field_get(g, f);
    unsigned shift = 64 - 8 * f.size;
    return (int64_t)(sys_field_get(g, f) << shift) >> shift;
}

#endif
