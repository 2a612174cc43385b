/*
 * -perfmap: tells `perf` what the translated code is. Linux perf reads
 * /tmp/perf-PID.map for samples in anonymous executable memory, one line
 * per symbol: "START SIZE NAME" (start and size in hex). Each TB becomes
 * one line named after the guest code it came from:
 *
 *   7f0c2a4013c0 58 xrun:main+0x1c [0x10548]
 *   7f0c2a401420 2c xrun:[0xffff0fe0]
 *
 * Guest symbols come from the ELF symbol tables (.symtab, else .dynsym),
 * read with libelf: the main program's and its dynamic linker's at start,
 * a library's the first time a block is translated from it. The library
 * is found in the host's /proc/self/maps (guest files are host mappings at
 * guest_base), which takes none of xrun's locks: the hook runs under
 * tb_lock.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/perfmap.h"
#include "xrun/tb.h"
#include "xrun/util.h"

typedef struct PerfSym {
    uint64_t start, end; /* guest addresses, load bias applied */
    const char *name;
} PerfSym;

static FILE *map_file;
static PerfSym *syms;
static size_t nsyms, cap_syms;

/* Guest ranges already looked up in /proc/self/maps, and files read. */
typedef struct PerfRange {
    uint64_t start, end;
} PerfRange;
static PerfRange *ranges;
static size_t nranges, cap_ranges;
static char **files;
static size_t nfiles;

static void add_sym(uint64_t start, uint64_t end, const char *name)
{
    if (nsyms == cap_syms) {
        cap_syms = cap_syms ? 2 * cap_syms : 1024;
        syms = realloc(syms, cap_syms * sizeof(*syms));
        if (!syms)
            xr_fatal("out of memory reading guest symbols");
    }
    syms[nsyms++] = (PerfSym){start, end, name};
}

/* Adds the function symbols of one ELF section; Thumb functions have bit 0
 * set in st_value, and ARM mapping symbols ($a, $t, $d) are not names.
 * A sized symbol ends where its size says; an unsized one (hand-written
 * asm such as _init and _fini) names what follows it up to the end of its
 * section, never code of another file mapped above. */
static void read_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, uint64_t bias)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    if (!data || !sh->sh_entsize)
        return;
    size_t n = sh->sh_size / sh->sh_entsize;
    for (size_t i = 0; i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(data, (int)i, &sym))
            continue;
        if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF || sym.st_value == 0)
            continue;
        const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
        if (!name || !*name || name[0] == '$')
            continue;
        uint64_t start = (sym.st_value & ~(uint64_t)1) + bias, end = start + sym.st_size;
        GElf_Shdr sec;
        if (!sym.st_size)
            end = sym.st_shndx < SHN_LORESERVE && gelf_getshdr(elf_getscn(elf, sym.st_shndx), &sec)
                      ? sec.sh_addr + sec.sh_size + bias
                      : start;
        char *copy = strdup(name);
        if (copy)
            add_sym(start, end, copy);
    }
}

static bool file_seen(const char *real)
{
    for (size_t i = 0; i < nfiles; i++)
        if (!strcmp(files[i], real))
            return true;
    return false;
}

/* Reads path's symbols at load bias; a file without symbols adds none. */
static void load_symbols(const char *path, uint64_t bias)
{
    char *real = realpath(path, NULL);
    if (!real || file_seen(real)) {
        free(real);
        return;
    }
    char **nf = realloc(files, (nfiles + 1) * sizeof(*files));
    if (!nf) {
        free(real);
        return;
    }
    files = nf;
    files[nfiles++] = real;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    if (elf) {
        Elf_Scn *scn = NULL, *dyn = NULL;
        bool have_symtab = false;
        GElf_Shdr sh, dyn_sh;
        while ((scn = elf_nextscn(elf, scn))) {
            if (!gelf_getshdr(scn, &sh))
                continue;
            if (sh.sh_type == SHT_SYMTAB) {
                read_symtab(elf, scn, &sh, bias);
                have_symtab = true;
            } else if (sh.sh_type == SHT_DYNSYM) {
                dyn = scn;
                dyn_sh = sh;
            }
        }
        if (!have_symtab && dyn)
            read_symtab(elf, dyn, &dyn_sh, bias);
        /* Names point into our copies, so the ELF can go. */
        elf_end(elf);
    }
    close(fd);
}

static int sym_cmp(const void *a, const void *b)
{
    const PerfSym *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The symbol containing pc, or NULL. */
static const PerfSym *find_sym(uint64_t pc)
{
    size_t lo = 0, hi = nsyms;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (syms[mid].start <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const PerfSym *s = &syms[lo - 1];
    return pc < s->end ? s : NULL;
}

/* -- Libraries mapped by the guest -- */

static void add_range(uint64_t start, uint64_t end)
{
    if (nranges == cap_ranges) {
        size_t cap = cap_ranges ? 2 * cap_ranges : 64;
        PerfRange *r = realloc(ranges, cap * sizeof(*ranges));
        if (!r)
            return;
        ranges = r;
        cap_ranges = cap;
    }
    ranges[nranges++] = (PerfRange){start, end};
}

static bool range_known(uint64_t pc)
{
    for (size_t i = 0; i < nranges; i++)
        if (pc >= ranges[i].start && pc < ranges[i].end)
            return true;
    return false;
}

/* The load bias of path when file offset off is mapped at guest address
 * start: the PT_LOAD holding off says which vaddr that is. */
static bool mapped_bias(const char *path, uint64_t start, uint64_t off, uint64_t *bias)
{
    bool found = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    size_t phnum = 0;
    if (elf && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &phnum) == 0) {
        for (size_t i = 0; i < phnum && !found; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
                continue;
            uint64_t seg_off = ph.p_offset & GUEST_PAGE_MASK;
            if (off >= seg_off && off < ph.p_offset + ph.p_filesz) {
                *bias = start - off + ph.p_offset - ph.p_vaddr;
                found = true;
            }
        }
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return found;
}

/* Looks pc up in the host's maps; reads the symbols of the file mapped
 * there, once. Every range looked at is remembered, named or not. */
static void learn_range(uint64_t pc)
{
    uintptr_t host = (uintptr_t)g2h(pc);
    FILE *f = fopen("/proc/self/maps", "re");
    char *line = NULL;
    size_t cap = 0;
    bool found = false;
    while (f && !found && getline(&line, &cap, f) > 0) {
        unsigned long lo, hi;
        unsigned long long off;
        int path_at = 0;
        if (sscanf(line, "%lx-%lx %*s %llx %*s %*s %n", &lo, &hi, &off, &path_at) < 3 ||
            host < lo || host >= hi)
            continue;
        found = true;
        uint64_t start = h2g((void *)lo), end = h2g((void *)hi);
        add_range(start, end);
        char *path = line + path_at;
        path[strcspn(path, "\n")] = 0;
        uint64_t bias;
        if (path_at && path[0] == '/' && mapped_bias(path, start, off, &bias)) {
            load_symbols(path, bias);
            qsort(syms, nsyms, sizeof(*syms), sym_cmp);
        }
    }
    if (!found) /* not in the maps: do not look again for this page */
        add_range(pc & GUEST_PAGE_MASK, (pc & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE);
    free(line);
    if (f)
        fclose(f);
}

/* -- The hook -- */

static void perfmap_tb(const TranslationBlock *tb)
{
    const PerfSym *s = find_sym(tb->pc);
    if (!s && !range_known(tb->pc)) {
        learn_range(tb->pc);
        s = find_sym(tb->pc);
    }
    if (s)
        fprintf(map_file, "%lx %x xrun:%s+0x%llx [0x%llx]\n",
                (unsigned long)(uintptr_t)tb->host_code, tb->host_size, s->name,
                (unsigned long long)(tb->pc - s->start), (unsigned long long)tb->pc);
    else
        fprintf(map_file, "%lx %x xrun:[0x%llx]\n", (unsigned long)(uintptr_t)tb->host_code,
                tb->host_size, (unsigned long long)tb->pc);
}

/* The dynamic linker the loader used: PT_INTERP, under -L if it is there. */
static char *interp_of(const char *prog)
{
    char *res = NULL;
    int fd = open(prog, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    size_t phnum = 0;
    if (elf && elf_getphdrnum(elf, &phnum) == 0) {
        for (size_t i = 0; i < phnum && !res; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_INTERP || ph.p_filesz > 4096)
                continue;
            char name[4097] = {0};
            if (pread(fd, name, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz)
                continue;
            char path[8192];
            const char *prefix = user_opts.ld_prefix;
            snprintf(path, sizeof(path), "%s%s", prefix && name[0] == '/' ? prefix : "", name);
            res = strdup(access(path, F_OK) == 0 ? path : name);
        }
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return res;
}

int perfmap_start(const ImageInfo *info)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
    map_file = fopen(path, "w");
    if (!map_file) {
        fprintf(stderr, "xrun: -perfmap: cannot create %s\n", path);
        return -1;
    }
    /* One line at a time, so a killed run still leaves a usable map. */
    setvbuf(map_file, NULL, _IOLBF, 0);
    load_symbols(info->exec_path, info->load_bias);
    char *interp = interp_of(info->exec_path);
    if (interp) {
        load_symbols(interp, info->interp_base);
        free(interp);
    }
    qsort(syms, nsyms, sizeof(*syms), sym_cmp);
    tb_published_hook = perfmap_tb;
    return 0;
}
