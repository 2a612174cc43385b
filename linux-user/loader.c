/*
 * ELF loading for user mode: reads the guest program with libelf, checks
 * every header against the file size, maps its PT_LOAD segments into the
 * guest address space (and the PT_INTERP dynamic linker from the -L
 * prefix), then builds the initial stack (loader_stack.c).
 *
 * Example: a static 32-bit ARM executable linked at 0x10000 with a text segment
 * (r-x, file offset 0) and a data segment (rw-, filesz < memsz) becomes
 *
 *   00010000-00080000 r-xp  file-backed, MAP_PRIVATE
 *   00090000-00092000 rw-p  file-backed; bytes after p_filesz zeroed
 *   00092000-00094000 rw-p  anonymous (the rest of the bss)
 *
 * and brk starts at the next page. A static-pie (ET_DYN without PT_INTERP)
 * goes at the guest's PIE base; an interpreter wherever target_mmap finds room.
 *
 * Every failure prints exactly one "xrun: PATH: problem" line and returns
 * -1: the file comes from the user, so nothing in it is trusted.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "linux-user/loader_int.h"
#include "linux-user/user_priv.h"

#define MAX_PHNUM 256

/* -- Errors -- */

int loader_error(const char *path, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "xrun: %s: ", path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* -- Opening -- */

/* Reads an ELF file from fd (which ef then owns): libelf handle and the
 * file size. path names the file in messages. */
static int elf_open_fd(const char *path, int fd, ElfFile *ef)
{
    memset(ef, 0, sizeof(*ef));
    ef->path = path;
    ef->fd = fd;
    struct stat st;
    if (fstat(ef->fd, &st) < 0) {
        loader_error(path, "%s", strerror(errno));
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        loader_error(path, "%s", strerror(EISDIR));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        loader_error(path, "not a regular file");
        goto fail;
    }
    ef->size = (uint64_t)st.st_size;
    unsigned char ident[EI_NIDENT];
    if (ef->size == 0) {
        loader_error(path, "empty file, not an ELF executable");
        goto fail;
    }
    ssize_t got = pread(ef->fd, ident, sizeof(ident), 0);
    if (got < SELFMAG || memcmp(ident, ELFMAG, SELFMAG) != 0) {
        loader_error(path, "not an ELF file");
        goto fail;
    }
    if (got < (ssize_t)sizeof(ident)) {
        loader_error(path, "truncated or corrupt ELF header");
        goto fail;
    }
    if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64) {
        loader_error(path, "corrupt ELF: bad class %u", ident[EI_CLASS]);
        goto fail;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        loader_error(path, "libelf is out of date");
        goto fail;
    }
    /* The magic matched: from here on, a failure means a damaged file. */
    ef->elf = elf_begin(ef->fd, ELF_C_READ, NULL);
    if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF) {
        loader_error(path, "truncated or corrupt ELF header");
        goto fail;
    }
    if (!gelf_getehdr(ef->elf, &ef->ehdr)) {
        loader_error(path, "truncated or corrupt ELF header");
        goto fail;
    }
    ef->ei_class = gelf_getclass(ef->elf);
    return 0;
fail:
    elf_file_close(ef);
    return -1;
}

/* Opens path as an ELF file. */
static int elf_open(const char *path, ElfFile *ef)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        memset(ef, 0, sizeof(*ef));
        ef->fd = -1;
        return loader_error(path, "%s", strerror(errno));
    }
    return elf_open_fd(path, fd, ef);
}

void elf_file_close(ElfFile *ef)
{
    if (ef->elf)
        elf_end(ef->elf);
    if (ef->fd >= 0)
        close(ef->fd);
    free(ef->phdr);
    ef->elf = NULL;
    ef->phdr = NULL;
    ef->fd = -1;
}

int loader_probe(const char *path, unsigned *machine, int *ei_class)
{
    ElfFile ef;
    if (elf_open(path, &ef) < 0)
        return -1;
    *machine = ef.ehdr.e_machine;
    *ei_class = ef.ei_class;
    elf_file_close(&ef);
    return 0;
}

/* -- Header checks -- */

/* Checks the header against the running guest, choosing it from the
 * header first if none was forced (plain xrun under binfmt_misc). */
static int check_ehdr(ElfFile *ef)
{
    const GElf_Ehdr *eh = &ef->ehdr;
    const UserGuest *g = user_guest ? user_guest : user_guest_for_elf(eh->e_machine, ef->ei_class);
    if (!g || eh->e_machine != g->elf_machine) {
        const char *n = loader_machine_name(eh->e_machine);
        return loader_error(ef->path, "ELF for %s (EM %u) is not supported; supported: %s",
                            n ? n : "an unknown machine", eh->e_machine,
                            user_guest ? user_guest->display : user_guest_names());
    }
    int r = g->check_elf(ef->path, ef->ei_class, eh->e_ident[EI_DATA], eh->e_flags);
    if (r < 0)
        return r;
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return loader_error(ef->path, "not an executable (ELF type %u)", eh->e_type);
    if (!user_guest)
        user_guest_choose(g);
    return 0;
}

/* Reads and validates the program headers: sizes, offsets and addresses
 * must all fit in the file and below the guest's task size. */
static int read_phdrs(ElfFile *ef)
{
    const GElf_Ehdr *eh = &ef->ehdr;
    /* e_phnum itself (PN_XNUM's extended count is not used by executables). */
    size_t phnum = eh->e_phnum;
    if (phnum == 0 || phnum > MAX_PHNUM)
        return loader_error(ef->path, "corrupt ELF: bad program header count %zu", phnum);
    size_t phent = ef->ei_class == ELFCLASS64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    uint64_t task_size = user_guest->layout.task_size;
    if (eh->e_phentsize != phent)
        return loader_error(ef->path, "corrupt ELF: bad program header size %u", eh->e_phentsize);
    if (eh->e_phoff > ef->size || phnum * phent > ef->size - eh->e_phoff)
        return loader_error(ef->path, "truncated or corrupt ELF: program headers outside the file");
    ef->phdr = calloc(phnum, sizeof(GElf_Phdr));
    if (!ef->phdr)
        return loader_error(ef->path, "out of memory");
    ef->phnum = phnum;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr *ph = &ef->phdr[i];
        if (!gelf_getphdr(ef->elf, (int)i, ph))
            return loader_error(ef->path, "truncated or corrupt ELF: unreadable program header %zu", i);
        if (ph->p_type != PT_LOAD && ph->p_type != PT_INTERP)
            continue;
        if (ph->p_offset > ef->size || ph->p_filesz > ef->size - ph->p_offset)
            return loader_error(ef->path, "truncated or corrupt ELF: segment %zu outside the file", i);
        if (ph->p_type != PT_LOAD)
            continue;
        if (ph->p_filesz > ph->p_memsz || ph->p_vaddr > task_size ||
            ph->p_memsz > task_size - ph->p_vaddr)
            return loader_error(ef->path, "corrupt ELF: bad segment %zu size or address", i);
        ef->nload++;
    }
    if (ef->nload == 0)
        return loader_error(ef->path, "corrupt ELF: no loadable segment");
    return 0;
}

/* -- Mapping -- */

static int prot_of(uint32_t pf)
{
    return (pf & PF_R ? PROT_READ : 0) | (pf & PF_W ? PROT_WRITE : 0) | (pf & PF_X ? PROT_EXEC : 0);
}

/* Guest range [lo, hi) that the PT_LOAD segments span, page-aligned. */
static void load_extent(const ElfFile *ef, uint64_t *lo, uint64_t *hi)
{
    *lo = UINT64_MAX;
    *hi = 0;
    for (size_t i = 0; i < ef->phnum; i++) {
        const GElf_Phdr *ph = &ef->phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if ((ph->p_vaddr & GUEST_PAGE_MASK) < *lo)
            *lo = ph->p_vaddr & GUEST_PAGE_MASK;
        uint64_t end = (ph->p_vaddr + ph->p_memsz + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
        if (end > *hi)
            *hi = end;
    }
}

/* Picks the load bias. ET_EXEC loads where it was linked; ET_DYN gets a
 * PROT_NONE reservation of its whole extent, so the gaps between its
 * segments are never handed to anyone else. */
static int choose_bias(ElfFile *ef, bool is_interp, uint64_t *bias)
{
    uint64_t lo, hi;
    load_extent(ef, &lo, &hi);
    if (ef->ehdr.e_type == ET_EXEC) {
        if (lo < 0x1000)
            return loader_error(ef->path, "segments below 0x1000 cannot be mapped");
        *bias = 0;
        for (uint64_t p = lo; p < hi; p += GUEST_PAGE_SIZE)
            if (page_get_flags(p))
                return loader_error(ef->path, "segments overlap memory already in use");
        return 0;
    }
    abi_long a = -1;
    if (!is_interp)
        a = target_mmap(guest_layout()->pie_base, hi - lo, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (a < 0)
        a = target_mmap(0, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0)
        return loader_error(ef->path, "no room for %llu bytes of guest memory",
                            (unsigned long long)(hi - lo));
    *bias = (uint64_t)a - lo;
    return 0;
}

/* Clears [start, end) of one guest page even if the guest may not write it. */
static void zero_partial_page(uint64_t start, uint64_t end, int prot)
{
    uint64_t page = start & GUEST_PAGE_MASK;
    if (!(prot & PROT_WRITE))
        mprotect(g2h(page), GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE);
    memset(g2h(start), 0, end - start);
    if (!(prot & PROT_WRITE))
        mprotect(g2h(page), GUEST_PAGE_SIZE, prot & (PROT_READ | PROT_EXEC) ? PROT_READ : PROT_NONE);
}

/* Copies a segment whose file offset and address disagree modulo the page
 * size (so it cannot be mmap'ed) into anonymous memory. */
static int copy_segment(ElfFile *ef, const GElf_Phdr *ph, uint64_t vaddr, uint64_t pstart, int prot)
{
    uint64_t len = ((vaddr + ph->p_filesz + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK) - pstart;
    if (target_mmap(pstart, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                    -1, 0) < 0)
        return -1;
    if (pread(ef->fd, g2h(vaddr), ph->p_filesz, (off_t)ph->p_offset) != (ssize_t)ph->p_filesz)
        return -1;
    return target_mprotect(pstart, len, prot) < 0 ? -1 : 0;
}

static int map_segment(ElfFile *ef, const GElf_Phdr *ph, uint64_t bias)
{
    uint64_t vaddr = bias + ph->p_vaddr;
    uint64_t pstart = vaddr & GUEST_PAGE_MASK;
    uint64_t delta = vaddr - pstart;
    uint64_t file_end = vaddr + ph->p_filesz, mem_end = vaddr + ph->p_memsz;
    uint64_t file_page_end = (file_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    uint64_t mem_page_end = (mem_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    int prot = prot_of(ph->p_flags);

    if (ph->p_filesz) {
        int r;
        if ((ph->p_offset & (GUEST_PAGE_SIZE - 1)) == delta)
            r = target_mmap(pstart, delta + ph->p_filesz, prot, MAP_PRIVATE | MAP_FIXED, ef->fd,
                            (off_t)(ph->p_offset - delta)) < 0 ? -1 : 0;
        else
            r = copy_segment(ef, ph, vaddr, pstart, prot);
        if (r < 0)
            return loader_error(ef->path, "cannot map segment at 0x%llx", (unsigned long long)vaddr);
        /* With a bss, the whole tail of the last file page is zeroed, as
         * Linux does: past the bss it would otherwise show file bytes, and
         * ld.so's minimal malloc carves zeroed memory out of that tail. */
        if (ph->p_memsz > ph->p_filesz && file_page_end > file_end)
            zero_partial_page(file_end, file_page_end, prot);
    } else {
        file_page_end = pstart;
    }
    if (mem_page_end > file_page_end &&
        target_mmap(file_page_end, mem_page_end - file_page_end, prot,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) < 0)
        return loader_error(ef->path, "cannot map bss at 0x%llx", (unsigned long long)file_page_end);
    return 0;
}

/* Where the program headers are in guest memory: PT_PHDR, or the PT_LOAD
 * that contains e_phoff. */
static uint64_t phdr_address(const ElfFile *ef, uint64_t bias)
{
    for (size_t i = 0; i < ef->phnum; i++)
        if (ef->phdr[i].p_type == PT_PHDR)
            return bias + ef->phdr[i].p_vaddr;
    for (size_t i = 0; i < ef->phnum; i++) {
        const GElf_Phdr *ph = &ef->phdr[i];
        if (ph->p_type == PT_LOAD && ef->ehdr.e_phoff >= ph->p_offset &&
            ef->ehdr.e_phoff - ph->p_offset < ph->p_filesz)
            return bias + ph->p_vaddr + (ef->ehdr.e_phoff - ph->p_offset);
    }
    return 0;
}

/* Maps every PT_LOAD of ef and fills the address fields of out. */
static int load_image(ElfFile *ef, bool is_interp, LoadedElf *out)
{
    uint64_t bias;
    memset(out, 0, sizeof(*out));
    if (choose_bias(ef, is_interp, &bias) < 0)
        return -1;
    out->bias = bias;
    out->start_code = UINT64_MAX;
    out->start_data = UINT64_MAX;
    out->exec_stack = true; /* no PT_GNU_STACK: the old default */
    for (size_t i = 0; i < ef->phnum; i++) {
        const GElf_Phdr *ph = &ef->phdr[i];
        if (ph->p_type == PT_GNU_STACK)
            out->exec_stack = (ph->p_flags & PF_X) != 0;
        if (ph->p_type != PT_LOAD)
            continue;
        if (bias + ph->p_vaddr + ph->p_memsz > guest_addr_max + 1)
            return loader_error(ef->path, "segment does not fit in the %u-bit address space",
                                user_guest->layout.addr_bits);
        if (map_segment(ef, ph, bias) < 0)
            return -1;
        uint64_t v = bias + ph->p_vaddr;
        if (ph->p_flags & PF_X) {
            if (v < out->start_code)
                out->start_code = v;
            if (v + ph->p_filesz > out->end_code)
                out->end_code = v + ph->p_filesz;
        }
        if (ph->p_flags & PF_W) {
            if (v < out->start_data)
                out->start_data = v;
            if (v + ph->p_filesz > out->end_data)
                out->end_data = v + ph->p_filesz;
        }
        if (v + ph->p_memsz > out->brk)
            out->brk = v + ph->p_memsz;
    }
    if (out->start_code == UINT64_MAX)
        out->start_code = out->end_code = 0;
    if (out->start_data == UINT64_MAX)
        out->start_data = out->end_data = out->brk;
    out->entry = bias + ef->ehdr.e_entry;
    out->phdr = phdr_address(ef, bias);
    out->phnum = ef->phnum;
    return 0;
}

/* -- PT_INTERP -- */

/* The interpreter path from PT_INTERP (NUL-terminated inside the file), or
 * NULL with *err set when the header is malformed. */
static char *read_interp(ElfFile *ef, bool *err)
{
    *err = false;
    for (size_t i = 0; i < ef->phnum; i++) {
        const GElf_Phdr *ph = &ef->phdr[i];
        if (ph->p_type != PT_INTERP)
            continue;
        if (ph->p_filesz < 2 || ph->p_filesz > 4096)
            break;
        char *s = malloc(ph->p_filesz);
        if (!s || pread(ef->fd, s, ph->p_filesz, (off_t)ph->p_offset) != (ssize_t)ph->p_filesz ||
            s[ph->p_filesz - 1] != 0 || strlen(s) != ph->p_filesz - 1) {
            free(s);
            break;
        }
        return s;
    }
    for (size_t i = 0; i < ef->phnum; i++)
        if (ef->phdr[i].p_type == PT_INTERP)
            *err = true;
    if (*err)
        loader_error(ef->path, "corrupt ELF: bad PT_INTERP");
    return NULL;
}

/* Loads the dynamic linker named by the program, looked up under -L first. */
static int load_interp(const char *prog, const char *interp, LoadedElf *out)
{
    char path[4096];
    const char *prefix = user_opts.ld_prefix;
    const char *use = interp;
    if (prefix && *prefix && interp[0] == '/') {
        snprintf(path, sizeof(path), "%s%s", prefix, interp);
        if (access(path, F_OK) == 0)
            use = path;
    }
    if (access(use, F_OK) != 0)
        return loader_error(prog, "interpreter %s not found (set it with -L or XRUN_LD_PREFIX)",
                            interp);
    ElfFile ef;
    if (elf_open(use, &ef) < 0)
        return -1;
    int r = check_ehdr(&ef);
    if (r == 0)
        r = read_phdrs(&ef);
    if (r == 0)
        r = load_image(&ef, true, out);
    elf_file_close(&ef);
    return r;
}

/* -- Entry point -- */

/* Loads the open program ef (closed on return); exec_path is what the
 * guest's /proc/self/exe names (taken over). */
static int load_program(ElfFile *ef_in, const char *path, char *exec_path, char **argv,
                        char **envp, ImageInfo *info)
{
    ElfFile ef = *ef_in;
    LoadedElf prog, interp;
    memset(&interp, 0, sizeof(interp));
    int r = check_ehdr(&ef);
    if (r == 0)
        r = read_phdrs(&ef);
    if (r == 0 && guest_space_init(user_guest->layout.addr_bits) < 0)
        r = -1;
    bool bad_interp = false;
    char *interp_path = r == 0 ? read_interp(&ef, &bad_interp) : NULL;
    if (bad_interp)
        r = -1;
    if (r == 0)
        r = load_image(&ef, false, &prog);
    if (r == 0 && interp_path)
        r = load_interp(path, interp_path, &interp);
    free(interp_path);
    if (r < 0) {
        elf_file_close(&ef);
        free(exec_path);
        return -1;
    }

    memset(info, 0, sizeof(*info));
    info->load_bias = prog.bias;
    info->phdr = prog.phdr;
    info->phnum = prog.phnum;
    info->phent = ef.ei_class == ELFCLASS64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    info->start_code = prog.start_code;
    info->end_code = prog.end_code;
    info->start_data = prog.start_data;
    info->end_data = prog.end_data;
    info->start_brk = info->brk = (prog.brk + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    info->interp_base = interp.bias;
    info->entry = interp.entry ? interp.entry : prog.entry;
    info->elf_flags = ef.ehdr.e_flags;
    info->e_machine = ef.ehdr.e_machine;
    info->ei_class = ef.ei_class;
    info->exec_path = exec_path;
    /* The name execve gives a process (ps, pidof, /proc/PID/comm), not "xrun";
     * the kernel truncates it to 15 bytes as it does its own. */
    const char *base = strrchr(path, '/');
    prctl(PR_SET_NAME, base ? base + 1 : path);
    elf_file_close(&ef);
    target_set_brk(info->start_brk);

    return loader_build_stack(path, argv, envp, prog.entry, prog.exec_stack, info);
}

int loader_exec(const char *path, char **argv, char **envp, ImageInfo *info)
{
    ElfFile ef;
    if (elf_open(path, &ef) < 0)
        return -1;
    char *abs = realpath(path, NULL);
    return load_program(&ef, path, abs ? abs : strdup(path), argv, envp, info);
}

int loader_exec_fd(int fd, const char *path, char **argv, char **envp, ImageInfo *info)
{
    /* The fd's own link names the file the kernel opened, even when path
     * was relative or is not reachable by name from here. */
    char link[64], target[4096];
    char *exec_path = NULL;
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    if (n > 0) {
        target[n] = 0;
        if (target[0] == '/')
            exec_path = strdup(target);
    }
    if (!exec_path) {
        char *abs = realpath(path, NULL);
        exec_path = abs ? abs : strdup(path);
    }
    ElfFile ef;
    if (elf_open_fd(path, fd, &ef) < 0) {
        free(exec_path);
        return -1;
    }
    return load_program(&ef, path, exec_path, argv, envp, info);
}
