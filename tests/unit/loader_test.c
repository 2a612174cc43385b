/*
 * Unit tests of the user-mode loader and guest address space
 * (linux-user/loader.c, loader_stack.c, mmap.c, maps.c), the kuser helper
 * page (arm/kuser.c) and the CPU models' AT_HWCAP (arm/cpu_models.c).
 *
 * The ELF fixtures are built at test time with the Debian cross compiler
 * (arm-linux-gnueabihf-gcc): a static glibc program and a tiny static-pie.
 * A missing compiler fails the tests that need it, with a message saying so.
 * Criterion runs every test in its own process, so each test gets a fresh
 * 4 GiB guest reservation.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "frontends/arm/cpu.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "linux-user/user_priv.h"
#include "syscalls/abi.h"

/* The loader only needs the TB layer to drop stale code; nothing is
 * translated here, so weak stand-ins keep tcg/ out of this test's link. */
__attribute__((weak)) bool tb_invalidate_range(uint64_t start, uint64_t end, uintptr_t host_pc)
{
    return false;
}
__attribute__((weak)) void smc_page_prot_changed(uint64_t start, uint64_t end) {}

#define FIXDIR "/tmp/xrun-loader-test"

/* Builds fixture name from src (C or assembly) with compiler cc and extra flags. */
static const char *fixture_cc(const char *cc, const char *name, const char *ext, const char *src,
                              const char *flags)
{
    static char path[256];
    char cmd[1024], srcpath[256];
    snprintf(path, sizeof(path), FIXDIR "/%s.%d", name, (int)getpid());
    snprintf(srcpath, sizeof(srcpath), FIXDIR "/%s.%d.%s", name, (int)getpid(), ext);
    cr_assert(system("mkdir -p " FIXDIR) == 0);
    FILE *f = fopen(srcpath, "w");
    cr_assert(f);
    fputs(src, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s %s %s -o %s 2>&1", cc, flags, srcpath, path);
    cr_assert(system(cmd) == 0, "cannot build %s: is %s installed?", name, cc);
    unlink(srcpath);
    return path;
}

static const char *fixture(const char *name, const char *ext, const char *src, const char *flags)
{
    return fixture_cc("arm-linux-gnueabihf-gcc", name, ext, src, flags);
}

static const char *static_hello(void)
{
    return fixture("hello", "c", "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n",
                   "-static -O2");
}

static const char *tiny_pie(void)
{
    return fixture("pie", "S",
                   ".syntax unified\n.text\n.global _start\n_start: mov r0, #42\n mov r7, #1\n"
                   " svc #0\n.data\nval: .word 7\n.bss\nbuf: .space 8192\n",
                   "-nostdlib -static-pie -Wl,--no-dynamic-linker");
}

static uint32_t rd32(uint64_t a)
{
    uint32_t v;
    memcpy(&v, g2h(a), 4);
    return v;
}

/* Value of auxv key k in the loaded image (words of ws bytes), or ~0. */
static uint64_t auxv_get_w(const ImageInfo *info, uint64_t k, unsigned ws)
{
    for (uint64_t a = info->auxv_start; a < info->auxv_start + info->auxv_len; a += 2 * ws) {
        uint64_t key = 0, val = 0;
        memcpy(&key, g2h(a), ws);
        memcpy(&val, g2h(a + ws), ws);
        if (key == k)
            return val;
    }
    return ws == 4 ? ~0u : ~0ull;
}

static uint32_t auxv_get(const ImageInfo *info, uint32_t k) { return (uint32_t)auxv_get_w(info, k, 4); }
static uint64_t auxv_get64(const ImageInfo *info, uint64_t k) { return auxv_get_w(info, k, 8); }

static int load(const char *path, ImageInfo *info)
{
    char *argv[] = { (char *)path, "one", "two", NULL };
    char *envp[] = { "A=1", "XRUN_TEST=yes", NULL };
    int r = loader_exec(path, argv, envp, info);
    if (r == 0)
        image_info = *info; /* exec_path lives as long as the process */
    return r;
}

/* -- Loading -- */

Test(loader, static_exec_stack_layout)
{
    ImageInfo info;
    const char *p = static_hello();
    cr_assert_eq(load(p, &info), 0);
    uint64_t sp = info.start_stack;
    cr_assert_eq(sp % 8, 0);
    cr_assert(sp > 0xf0000000u && sp < arm_user_guest.layout.stack_top);
    cr_assert_eq(rd32(sp), 3); /* argc */
    cr_assert_str_eq((char *)g2h(rd32(sp + 4)), p);
    cr_assert_str_eq((char *)g2h(rd32(sp + 8)), "one");
    cr_assert_str_eq((char *)g2h(rd32(sp + 12)), "two");
    cr_assert_eq(rd32(sp + 16), 0);
    cr_assert_str_eq((char *)g2h(rd32(sp + 20)), "A=1");
    cr_assert_str_eq((char *)g2h(rd32(sp + 24)), "XRUN_TEST=yes");
    cr_assert_eq(rd32(sp + 28), 0);
    cr_assert_eq(info.auxv_start, sp + 32);
    cr_assert_eq(auxv_get(&info, AT_PAGESZ), 4096);
    cr_assert_eq(auxv_get(&info, AT_ENTRY), info.entry);
    cr_assert_eq(auxv_get(&info, AT_PHNUM), info.phnum);
    cr_assert_eq(auxv_get(&info, AT_PHENT), 32);
    cr_assert_eq(auxv_get(&info, AT_BASE), 0);
    cr_assert_eq(auxv_get(&info, AT_PHDR), info.phdr);
    cr_assert_str_eq((char *)g2h(auxv_get(&info, AT_PLATFORM)), "v7l");
    cr_assert_str_eq((char *)g2h(auxv_get(&info, AT_EXECFN)), p);
    uint32_t hw = auxv_get(&info, AT_HWCAP);
    cr_assert(hw & (1u << 12), "NEON in AT_HWCAP");
    cr_assert(hw & (1u << 15), "TLS in AT_HWCAP");
    cr_assert_eq(auxv_get(&info, AT_HWCAP2), 0);
    uint32_t rnd = auxv_get(&info, AT_RANDOM);
    cr_assert(rnd > sp && rnd + 16 <= arm_user_guest.layout.stack_top);
    cr_assert_eq(rd32(info.auxv_start + info.auxv_len - 8), AT_NULL);
}

Test(loader, static_exec_segments_and_brk)
{
    ImageInfo info;
    cr_assert_eq(load(static_hello(), &info), 0);
    cr_assert_eq(info.load_bias, 0);
    cr_assert_eq(info.entry & 1, 1, "glibc's _start is Thumb");
    int f = page_get_flags(info.entry);
    cr_assert((f & (PAGE_VALID | PAGE_READ | PAGE_EXEC)) == (PAGE_VALID | PAGE_READ | PAGE_EXEC));
    cr_assert_eq(f & PAGE_WRITE, 0);
    /* Program headers are mapped where AT_PHDR says, and look like ELF32 ones. */
    cr_assert(page_check_range(info.phdr, info.phnum * 32, PAGE_READ));
    cr_assert_eq(info.start_brk % 4096, 0);
    cr_assert(info.start_brk >= info.end_data);
    cr_assert(page_get_flags(info.end_data) & PAGE_WRITE);
    /* bss reads as zero up to the break */
    for (uint64_t a = info.end_data; a < info.start_brk; a += 4)
        cr_assert_eq(rd32(a), 0, "bss at 0x%llx", (unsigned long long)a);
    /* the break grows and shrinks */
    cr_assert_eq(target_brk(0), (abi_long)info.start_brk);
    cr_assert_eq(target_brk(info.start_brk + 10000), (abi_long)(info.start_brk + 10000));
    cr_assert(page_check_range(info.start_brk, 10000, PAGE_READ | PAGE_WRITE));
    memset(g2h(info.start_brk), 0xaa, 10000);
    cr_assert_eq(target_brk(info.start_brk + 100), (abi_long)(info.start_brk + 100));
    cr_assert_eq(page_get_flags(info.start_brk + 8192), 0);
    cr_assert_eq(target_brk(info.start_brk + 200), (abi_long)(info.start_brk + 200));
    cr_assert_eq(*(uint8_t *)g2h(info.start_brk + 150), 0, "regrown break reads zero");
}

Test(loader, static_pie_gets_bias_and_zeroed_bss)
{
    ImageInfo info;
    cr_assert_eq(load(tiny_pie(), &info), 0);
    cr_assert_eq(info.load_bias, arm_user_guest.layout.pie_base);
    cr_assert_eq(info.entry, arm_user_guest.layout.pie_base + (info.entry - info.load_bias));
    cr_assert(page_get_flags(info.entry) & PAGE_EXEC);
    cr_assert_eq(rd32(info.entry), 0xe3a0002a, "mov r0, #42 at the entry");
    cr_assert(info.start_brk > info.load_bias + 0x2000);
    for (uint64_t a = info.end_data; a < info.start_brk && page_get_flags(a); a += 4)
        cr_assert_eq(rd32(a), 0);
}

Test(loader, maps_show_file_stack_and_heap)
{
    ImageInfo info;
    const char *p = static_hello();
    cr_assert_eq(load(p, &info), 0);
    target_brk(info.start_brk + 4096);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mmap_dump_maps(f);
    fclose(f);
    cr_assert(strstr(buf, "00010000-"), "%s", buf);
    cr_assert(strstr(buf, " r-xp 00000000 "), "%s", buf);
    cr_assert(strstr(buf, "[stack]"), "%s", buf);
    cr_assert(strstr(buf, "[heap]"), "%s", buf);
    char *real = realpath(p, NULL);
    cr_assert(strstr(buf, real), "%s", buf);
    free(real);
    free(buf);
}

/* -- Bad input: one error, -1, no crash -- */

Test(loader, missing_file_fails)
{
    ImageInfo info;
    cr_assert_eq(load("/nonexistent/xrun-test", &info), -1);
}

Test(loader, truncated_elf_fails)
{
    const char *p = static_hello();
    char cut[300], cmd[700];
    snprintf(cut, sizeof(cut), "%s.cut", p);
    for (int n = 20; n <= 4000; n = n * 3) {
        snprintf(cmd, sizeof(cmd), "head -c %d %s > %s", n, p, cut);
        cr_assert(system(cmd) == 0);
        ImageInfo info;
        cr_assert_eq(load(cut, &info), -1, "truncated at %d bytes", n);
    }
    unlink(cut);
}

Test(loader, host_elf_is_rejected)
{
    ImageInfo info;
    cr_assert_eq(load("/proc/self/exe", &info), -1);
    unsigned m;
    int cls;
    cr_assert_eq(loader_probe("/proc/self/exe", &m, &cls), 0);
    cr_assert_eq(m, EM_X86_64);
    cr_assert_str_eq(loader_machine_name(m), "x86-64");
}

/* -- The address space -- */

Test(mmap, anonymous_mappings_use_free_ranges)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long a = target_mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_eq(a, guest_layout()->mmap_base);
    abi_long b = target_mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_eq(b, guest_layout()->mmap_base + 8192);
    *(int *)g2h(a) = 5;
    cr_assert_eq(target_munmap(a, 8192), 0);
    cr_assert_eq(page_get_flags(a), 0);
    abi_long c = target_mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert((uint64_t)c >= guest_layout()->mmap_base && c != b);
    /* the reservation is back: the host range is still ours and PROT_NONE */
    void *probe = mmap(g2h(a), 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(probe, MAP_FAILED);
}

Test(mmap, fixed_noreplace_and_errors)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long a = target_mmap(0x20000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    cr_assert_eq(a, 0x20000000);
    cr_assert_eq(target_mmap(0x20000000, 4096, PROT_READ,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
    cr_assert_eq(target_mmap(0x20000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 -EINVAL);
    cr_assert_eq(target_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
    cr_assert_eq(target_mmap(0xfffff000, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 -ENOMEM);
    cr_assert_eq(target_mmap(0, 4096, PROT_READ, MAP_PRIVATE, 12345, 0), -EBADF);
    cr_assert_eq(target_mprotect(0x30000000, 4096, PROT_READ), -ENOMEM);
}

Test(mmap, mprotect_updates_flags_and_host)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long a = target_mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(a > 0);
    cr_assert_eq(target_mprotect(a + 4096, 4096, PROT_READ | PROT_EXEC), 0);
    cr_assert_eq(page_get_flags(a + 4096) & (PAGE_READ | PAGE_WRITE | PAGE_EXEC), PAGE_READ | PAGE_EXEC);
    cr_assert(page_get_flags(a + 4096) & PAGE_ANON);
    cr_assert(page_check_range(a, 4096, PAGE_WRITE));
    cr_assert(!page_check_range(a, 8192, PAGE_WRITE));
    cr_assert(page_check_range(a, 3 * 4096, PAGE_READ));
}

Test(mmap, mremap_grows_and_moves)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long a = target_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *(uint32_t *)g2h(a) = 0x12345678;
    cr_assert_eq(target_mremap(a, 4096, 8192, 0, 0), a, "grows in place");
    cr_assert(page_check_range(a, 8192, PAGE_READ | PAGE_WRITE));
    /* block growth, then it must move */
    cr_assert_eq(target_mmap(a + 8192, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
                 a + 8192);
    cr_assert_eq(target_mremap(a, 8192, 16384, 0, 0), -ENOMEM);
    abi_long b = target_mremap(a, 8192, 16384, 1 /* MREMAP_MAYMOVE */, 0);
    cr_assert(b > 0 && b != a);
    cr_assert_eq(rd32(b), 0x12345678);
    cr_assert_eq(page_get_flags(a), 0);
    cr_assert(page_check_range(b, 16384, PAGE_READ | PAGE_WRITE));
}

Test(mmap, file_mapping_and_lock_user_string)
{
    cr_assert_eq(guest_space_init(32), 0);
    char path[] = "/tmp/xrun-mmap-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "hello", 6), 6);
    abi_long a = target_mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    cr_assert(a > 0);
    cr_assert_str_eq(lock_user_string(a), "hello");
    cr_assert_null(lock_user_string(0x10000));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mmap_dump_maps(f);
    fclose(f);
    cr_assert(strstr(buf, path), "%s", buf);
    free(buf);
    close(fd);
    unlink(path);
}

/* True if the host copy of guest page a is writable (the kernel's copy-out
 * fails with EFAULT otherwise, without a signal). */
static bool host_writable(uint64_t a)
{
    int fd = open("/dev/zero", O_RDONLY);
    ssize_t n = read(fd, g2h(a), 1);
    close(fd);
    return n == 1;
}

Test(mmap, mprotect_of_a_code_page_resets_smc_state)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long a = target_mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(host_writable(a));
    /* What tcg/smc.c does when it translates code from a writable page. */
    page_set_flags(a, a + 4096, page_get_flags(a) | PAGE_WRITE_ORG);
    mprotect(g2h(a), 4096, PROT_READ);
    cr_assert(!host_writable(a));
    cr_assert(page_check_range(a, 4096, PAGE_WRITE), "the guest may still write");
    /* mprotect hands the page back to the guest as asked (its TBs are
     * dropped through smc_page_prot_changed; smc re-protects on demand). */
    cr_assert_eq(target_mprotect(a, 4096, PROT_READ | PROT_WRITE), 0);
    cr_assert_eq(page_get_flags(a) & PAGE_WRITE_ORG, 0);
    cr_assert(host_writable(a));
    cr_assert_eq(target_mprotect(a, 4096, PROT_READ), 0);
    cr_assert_eq(page_get_flags(a) & (PAGE_WRITE | PAGE_WRITE_ORG), 0);
    cr_assert(!host_writable(a));
    /* A new mapping over it starts clean and writable. */
    page_set_flags(a, a + 4096, page_get_flags(a) | PAGE_WRITE_ORG);
    cr_assert_eq(target_mmap(a, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), a);
    cr_assert_eq(page_get_flags(a) & PAGE_WRITE_ORG, 0);
    cr_assert(host_writable(a));
}

/* -- kuser page and CPU models -- */

Test(kuser, page_holds_helpers_and_is_read_exec)
{
    cr_assert_eq(guest_space_init(32), 0);
    cr_assert_eq(arm_kuser_setup(), 0);
    int f = page_get_flags(0xffff0000u);
    cr_assert_eq(f & (PAGE_READ | PAGE_WRITE | PAGE_EXEC), PAGE_READ | PAGE_EXEC);
    cr_assert_eq(rd32(0xffff0ffc), 5, "__kuser_helper_version");
    cr_assert_eq(rd32(0xffff0fe0), 0xee1d0f70, "get_tls: mrc p15, 0, r0, c13, c0, 3");
    cr_assert_eq(rd32(0xffff0fe4), 0xe12fff1e, "bx lr");
    cr_assert_eq(rd32(0xffff0fa0), 0xf57ff05b, "dmb ish");
    /* cmpxchg slots branch (b, cond AL) to their bodies lower in the page */
    cr_assert_eq(rd32(0xffff0fc0) >> 24, 0xea);
    cr_assert_eq(rd32(0xffff0f60) >> 24, 0xea);
    cr_assert(!host_writable(0xffff0000u));
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    mmap_dump_maps(mf);
    fclose(mf);
    cr_assert(strstr(buf, "ffff0000-ffff1000 r-xp"), "%s", buf);
    cr_assert(strstr(buf, "[vectors]"), "%s", buf);
    free(buf);
}

Test(cpu_models, hwcap_follows_the_model)
{
    const uint32_t idiva = 1u << 17, vfpv4 = 1u << 16, neon = 1u << 12;
    cr_assert(arm_cpu_hwcap(NULL) & idiva, "default (cortex-a15) divides");
    cr_assert(arm_cpu_hwcap("cortex-a7") & vfpv4);
    cr_assert_eq(arm_cpu_hwcap("cortex-a9") & (idiva | vfpv4), 0);
    cr_assert(arm_cpu_hwcap("cortex-a9") & neon);
    cr_assert(arm_cpu_model_valid("max"));
    cr_assert(!arm_cpu_model_valid("pentium"));
    cr_assert_eq(arm_cpu_hwcap2(NULL), 0, "ARMv7 cores have no AT_HWCAP2 bits");
    cr_assert_eq(arm_cpu_hwcap2("cortex-a53"), 0x1f, "aes pmull sha1 sha2 crc32");
    cr_assert_eq(arm_cpu_hwcap2("cortex-a72"), 0x1f);
    cr_assert_eq(arm_cpu_features("cortex-a15"), 0);
    cr_assert(arm_cpu_features("max") & ARM_FEATURE_V8);
}

Test(cpu_models, cpuinfo_names_the_model)
{
    char buf[1024];
    size_t n = arm_cpu_info("cortex-a53", 1, buf, sizeof(buf));
    cr_assert_lt(n, sizeof(buf));
    cr_assert(strstr(buf, "CPU architecture: 8\n"), "%s", buf);
    cr_assert(strstr(buf, "CPU part\t: 0xd03\n"), "%s", buf);
    cr_assert(strstr(buf, " aes pmull sha1 sha2 crc32\n"), "%s", buf);
    arm_cpu_info("cortex-a72", 1, buf, sizeof(buf));
    cr_assert(strstr(buf, "CPU part\t: 0xd08\n"), "%s", buf);
    arm_cpu_info(NULL, 1, buf, sizeof(buf));
    cr_assert(strstr(buf, "CPU architecture: 7\n"), "%s", buf);
    cr_assert(strstr(buf, "vfpd32 lpae\n"), "%s", buf);
    cr_assert_null(strstr(buf, "crc32"), "%s", buf);
    char small[8];
    cr_assert_eq(arm_cpu_info("max", 1, small, sizeof(small)), arm_cpu_info("max", 1, buf, sizeof(buf)),
                 "a short buffer still gets the full length back");
    cr_assert_eq(strlen(small), 7, "and is truncated with a NUL");
    arm_cpu_info("cortex-a72", 3, buf, sizeof(buf));
    cr_assert(strstr(buf, "processor\t: 2\n"), "one block per cpu: %s", buf);
    cr_assert_null(strstr(buf, "processor\t: 3\n"), "%s", buf);
    cr_assert(strstr(buf, "\n\nprocessor\t: 1\n"), "%s", buf);
}

Test(loader, bss_page_tail_is_zero_up_to_the_page_end)
{
    /* ld.so's bss ends inside its last file page; its minimal malloc takes
     * the rest of that page and assumes zeros (Linux zeroes the whole tail). */
    const char *ld = "/usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3";
    cr_assert_eq(access(ld, R_OK), 0, "%s missing (libc6-dev-armhf-cross)", ld);
    ImageInfo info;
    cr_assert_eq(load(ld, &info), 0);
    uint64_t page_end = (info.end_data + 4095) & ~4095ull;
    for (uint64_t a = info.end_data; a < page_end; a++)
        cr_assert_eq(*(uint8_t *)g2h(a), 0, "byte at 0x%llx", (unsigned long long)a);
}

/* -- A 64-bit guest through the same loader -- */

static int a64_check(const char *path, int ei_class, int ei_data, uint64_t e_flags) { return 0; }
static const char *a64_platform(const char *model) { return "aarch64"; }
static uint64_t a64_hwcap(const char *model) { return 0x123456789ull; }

/* Only what the loader asks of a guest: the ELF identity, the layout and
 * the auxv values (the 48-bit default layout of mmap.c). */
static const UserGuest test_a64_guest = {
    .name = "a64test",
    .display = "AArch64",
    .elf_machine = EM_AARCH64,
    .elf_class = ELFCLASS64,
    .check_elf = a64_check,
    .layout = { .addr_bits = 48, .task_size = 1ull << 48, .mmap_base = (1ull << 48) - (256ull << 20),
                .mmap_top_down = true, .mmap_min = 0x10000, .pie_base = 0xaaaaaaaaa000ull,
                .stack_top = 1ull << 48 },
    .platform = a64_platform,
    .hwcap = a64_hwcap,
    .hwcap2 = a64_hwcap,
    .sys = &arm_sys_abi,
};

static uint64_t rd64(uint64_t a)
{
    uint64_t v;
    memcpy(&v, g2h(a), 8);
    return v;
}

Test(loader64, static_pie_gets_64bit_stack_and_auxv)
{
    user_guest = &test_a64_guest;
    const char *p = fixture_cc("aarch64-linux-gnu-gcc", "pie64", "S",
                               ".text\n.global _start\n_start: mov x0, #42\n mov x8, #93\n svc #0\n"
                               ".data\nval: .quad 7\n.bss\nbuf: .space 8192\n",
                               "-nostdlib -static-pie -Wl,--no-dynamic-linker");
    ImageInfo info;
    cr_assert_eq(load(p, &info), 0);
    const UserGuestLayout *l = guest_layout();
    cr_assert(l->mmap_top_down);
    cr_assert_eq(info.load_bias, l->pie_base, "a PIE goes at the fitted PIE base");
    cr_assert_eq(rd32(info.entry), 0xd2800540, "mov x0, #42 at the entry");
    cr_assert_eq(info.stack_top, l->stack_top);
    uint64_t sp = info.start_stack;
    cr_assert(sp > 0xffffffffull && sp < l->stack_top);
    cr_assert_eq(sp % 16, 0);
    cr_assert_eq(rd64(sp), 3, "argc is a 64-bit word");
    cr_assert_str_eq((char *)g2h(rd64(sp + 8)), p);
    cr_assert_str_eq((char *)g2h(rd64(sp + 16)), "one");
    cr_assert_eq(rd64(sp + 32), 0);
    cr_assert_str_eq((char *)g2h(rd64(sp + 40)), "A=1");
    cr_assert_eq(info.auxv_start, sp + 64);
    cr_assert_eq(auxv_get64(&info, AT_PHENT), 56, "Elf64_Phdr");
    cr_assert_eq(auxv_get64(&info, AT_PHDR), info.phdr);
    cr_assert_eq(auxv_get64(&info, AT_ENTRY), info.entry);
    cr_assert_eq(auxv_get64(&info, AT_HWCAP), 0x123456789ull, "hwcaps are not cut to 32 bits");
    cr_assert_str_eq((char *)g2h(auxv_get64(&info, AT_PLATFORM)), "aarch64");
    cr_assert_eq(rd64(info.auxv_start + info.auxv_len - 16), AT_NULL);
}

Test(loader64, forced_guest_refuses_other_machines)
{
    user_guest = &test_a64_guest;
    ImageInfo info;
    cr_assert_eq(load(static_hello(), &info), -1, "an ARM program under a forced 64-bit guest");
}
