/*
 * The initial guest stack, laid out as the Linux ELF loader does (words
 * are the guest's pointer size, 4 or 8 bytes; sp 16-byte aligned):
 *
 *   stack_top       ----------------------------------------
 *                   0 (one word, end marker)
 *                   "program path"            <- AT_EXECFN
 *                   env strings               env_start..env_end
 *                   argv strings              arg_start..arg_end
 *                   "v7l", "aarch64", ...     <- AT_PLATFORM
 *                   16 random bytes           <- AT_RANDOM
 *                   (padding to 16)
 *                   auxv pairs ... AT_NULL, 0
 *                   envp[0..n-1], NULL
 *                   argv[0..n-1], NULL
 *   sp ->           argc
 *
 * Below the stack mapping sits one PROT_NONE guard page that non-fixed
 * mmaps never reuse.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "linux-user/loader_int.h"
#include "linux-user/user_priv.h"

#define DEFAULT_STACK_SIZE (8u << 20)
#define MIN_STACK_SIZE (64u << 10)
#define MAX_AUXV 24

/* Writes a little-endian word of size bytes (4 or 8) to the guest (the host
 * is little-endian too). */
static void put_word(uint64_t addr, uint64_t v, unsigned size) { memcpy(g2h(addr), &v, size); }

/* Copies a string to the guest at addr; returns the address after its NUL. */
static uint64_t put_str(uint64_t addr, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(g2h(addr), s, n);
    return addr + n;
}

static void random_bytes(uint8_t *buf, size_t n)
{
    ssize_t got = getrandom(buf, n, 0);
    if (got != (ssize_t)n) {
        /* Not security relevant for us; any varying value keeps glibc happy. */
        uint64_t x = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uintptr_t)buf;
        for (size_t i = 0; i < n; i++, x = x * 6364136223846793005ull + 1)
            buf[i] = (uint8_t)(x >> 56);
    }
}

static size_t count_strings(char **v, size_t *bytes)
{
    size_t n = 0;
    for (; v && v[n]; n++)
        *bytes += strlen(v[n]) + 1;
    return n;
}

/* Maps the stack and its guard page; returns the stack's low end or 0. */
static uint64_t map_stack(const char *path, bool exec_stack, uint64_t top)
{
    uint64_t size = user_opts.stack_size ? user_opts.stack_size : DEFAULT_STACK_SIZE;
    size = (size + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    if (size < MIN_STACK_SIZE)
        size = MIN_STACK_SIZE;
    if (size > top / 2) {
        loader_error(path, "stack size %llu is too large", (unsigned long long)size);
        return 0;
    }
    uint64_t low = top - size;
    int prot = PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0);
    if (target_mmap(low, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) < 0 ||
        target_mmap(low - GUEST_PAGE_SIZE, GUEST_PAGE_SIZE, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) < 0) {
        loader_error(path, "cannot map the %llu-byte stack (the program overlaps it)",
                     (unsigned long long)size);
        return 0;
    }
    mmap_set_name(low, top, "[stack]");
    return low;
}

int loader_build_stack(const char *path, char **argv, char **envp, uint64_t prog_entry,
                       bool exec_stack, ImageInfo *info)
{
    const UserGuest *g = user_guest;
    const uint64_t top = guest_layout()->stack_top; /* fitted by guest_space_init */
    const unsigned ws = g->elf_class == ELFCLASS64 ? 8 : 4; /* word size */
    uint64_t low = map_stack(path, exec_stack, top);
    if (!low)
        return -1;
    const char *execfn = path;
    size_t arg_bytes = 0, env_bytes = 0;
    size_t argc = count_strings(argv, &arg_bytes);
    size_t envc = count_strings(envp, &env_bytes);
    size_t str_bytes = arg_bytes + env_bytes + strlen(execfn) + 1 + ws;
    size_t words = 1 + argc + 1 + envc + 1 + 2 * MAX_AUXV;
    if (str_bytes + 64 + ws * words > (top - low) / 4)
        return loader_error(path, "argument list too long");

    /* Strings, from the top down. */
    uint64_t p = top - ws;
    put_word(p, 0, ws);
    p -= strlen(execfn) + 1;
    uint64_t execfn_addr = p;
    put_str(p, execfn);
    p -= env_bytes + arg_bytes;
    info->arg_start = p;
    uint64_t *argv_addr = calloc(argc + envc + 1, sizeof(uint64_t));
    if (!argv_addr)
        return loader_error(path, "out of memory");
    uint64_t *envp_addr = argv_addr + argc;
    for (size_t i = 0; i < argc; i++) {
        argv_addr[i] = p;
        p = put_str(p, argv[i]);
    }
    info->arg_end = info->env_start = p;
    for (size_t i = 0; i < envc; i++) {
        envp_addr[i] = p;
        p = put_str(p, envp[i]);
    }
    info->env_end = p;

    const char *platform = g->platform(user_opts.cpu_model);
    p = info->arg_start & ~(uint64_t)15;
    p -= (strlen(platform) + 16) & ~(size_t)15;
    uint64_t platform_addr = p;
    put_str(p, platform);
    p -= 16;
    uint64_t random_addr = p;
    uint8_t rnd[16];
    random_bytes(rnd, sizeof(rnd));
    memcpy(g2h(random_addr), rnd, sizeof(rnd));

    /* auxv */
    uint64_t auxv[2 * MAX_AUXV];
    size_t na = 0;
#define AUX(k, v) (auxv[na++] = (k), auxv[na++] = (uint64_t)(v))
    AUX(AT_HWCAP, g->hwcap(user_opts.cpu_model));
    AUX(AT_PAGESZ, GUEST_PAGE_SIZE);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, info->phdr);
    AUX(AT_PHENT, info->phent);
    AUX(AT_PHNUM, info->phnum);
    AUX(AT_BASE, info->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, prog_entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, user_opts.secure);
    AUX(AT_RANDOM, random_addr);
    AUX(AT_HWCAP2, g->hwcap2(user_opts.cpu_model));
    AUX(AT_EXECFN, execfn_addr);
    AUX(AT_PLATFORM, platform_addr);
    AUX(AT_NULL, 0);
#undef AUX

    words = 1 + argc + 1 + envc + 1 + na;
    uint64_t sp = (p - ws * words) & ~(uint64_t)15;
    uint64_t w = sp;
    put_word(w, argc, ws), w += ws;
    for (size_t i = 0; i < argc; i++, w += ws)
        put_word(w, argv_addr[i], ws);
    put_word(w, 0, ws), w += ws;
    for (size_t i = 0; i < envc; i++, w += ws)
        put_word(w, envp_addr[i], ws);
    put_word(w, 0, ws), w += ws;
    info->auxv_start = w;
    info->auxv_len = ws * na;
    for (size_t i = 0; i < na; i++, w += ws)
        put_word(w, auxv[i], ws);
    free(argv_addr);

    info->stack_top = top;
    info->start_stack = sp;
    return 0;
}
