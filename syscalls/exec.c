/*
 * execve: decide who runs the new program.
 *
 *   native ELF (the host's machine)       -> host execve, unchanged
 *   ELF of a guest xrun runs              -> host execve of xrun itself:
 *       SELF [-L DIR] [-d ITEMS] [-strace] [-cpu M] -0 ARGV0 -- PATH ARGV1...
 *   any other file (other machines too)   -> host execve: the kernel decides
 *                                            (binfmt_misc, e.g. qemu-aarch64)
 *   "#!INTERP [ARG]" script:
 *       INTERP native                     -> host execve of the script
 *       INTERP foreign                    -> xrun runs INTERP [ARG] PATH ARGV1...
 *
 * The guest environment is passed unchanged. A script's interpreter is
 * looked up as given and then under the guest sysroot (-L).
 *
 * Finding xrun again (exec_foreign): "/proc/self/exe" first, a magic link
 * that reaches our executable even inside a chroot that has no xrun (the
 * binfmt_misc F flag opened it outside); then the path we were started by;
 * then, with neither, a host execve of the program itself, which binfmt_misc
 * hands to whatever is registered (xrun's entry, typically) or refuses with
 * ENOEXEC. A set-uid or set-gid program goes to the kernel first, so that an
 * entry with the C flag runs it with its credentials.
 *
 * None of this can loop: every step is a new program image, and an xrun
 * started by binfmt_misc loads the program it was given or fails; it never
 * hands the same program back to the kernel.
 */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "syscalls/sys.h"

#if defined(__x86_64__)
#define HOST_EM EM_X86_64
#define HOST_EM_ALT EM_386
#elif defined(__aarch64__)
#define HOST_EM EM_AARCH64
#define HOST_EM_ALT EM_ARM
#else
#error "xrun: set HOST_EM for this host"
#endif

enum { EXEC_MAX_ARGS = 1 << 16, EXEC_EXTRA_ARGS = 16 };

typedef enum ExecKind { EXEC_NATIVE, EXEC_FOREIGN, EXEC_SCRIPT } ExecKind;

/* Reads the first bytes of path; -errno if it cannot be opened. */
static int exec_peek(const char *path, char *buf, size_t size, size_t *got)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return -errno;
    ssize_t n = read(fd, buf, size);
    int err = n < 0 ? -errno : 0;
    close(fd);
    *got = n > 0 ? (size_t)n : 0;
    return err;
}

/* True for the ELF machines and classes xrun has a guest for. */
static bool exec_guest_supported(uint16_t machine, unsigned char ei_class)
{
    const UserGuest *g = user_guest_for_elf(machine, ei_class);
    return g && g->elf_class == ei_class;
}

static ExecKind exec_classify(const char *buf, size_t n)
{
    if (n >= 2 && buf[0] == '#' && buf[1] == '!')
        return EXEC_SCRIPT;
    if (n >= sizeof(Elf32_Ehdr) && memcmp(buf, ELFMAG, SELFMAG) == 0) {
        uint16_t machine;
        memcpy(&machine, buf + offsetof(Elf32_Ehdr, e_machine), 2);
        if (machine != HOST_EM && machine != HOST_EM_ALT &&
            exec_guest_supported(machine, (unsigned char)buf[EI_CLASS]))
            return EXEC_FOREIGN;
    }
    /* Anything else is for the host kernel to accept or refuse. */
    return EXEC_NATIVE;
}

/* Copies the guest's NULL-terminated pointer array into host pointers. */
static abi_long exec_lock_argv(abi_ulong gv, char ***out, int *count)
{
    *out = NULL;
    *count = 0;
    if (!gv)
        return 0;
    unsigned ws = sys_abi->ptr_bits / 8;
    int n = 0;
    for (;; n++) {
        abi_ulong p;
        if (n >= EXEC_MAX_ARGS)
            return -E2BIG;
        if (sys_get_ptr(gv + (abi_ulong)ws * n, &p))
            return -EFAULT;
        if (!p)
            break;
    }
    char **v = calloc((size_t)n + 1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    for (int i = 0; i < n; i++) {
        abi_ulong p;
        sys_get_ptr(gv + (abi_ulong)ws * i, &p);
        v[i] = (char *)sys_lock_str(p);
        if (!v[i]) {
            free(v);
            return -EFAULT;
        }
    }
    *out = v;
    *count = n;
    return 0;
}

/* "-d" items back from the mask, in main.c's spelling. */
static void exec_log_items(char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } items[] = {
        {LOG_IN_ASM, "in_asm"},   {LOG_OP, "op"},     {LOG_OP_OPT, "op_opt"},
        {LOG_OUT_ASM, "out_asm"}, {LOG_EXEC, "exec"}, {LOG_CPU, "cpu"},
        {LOG_STRACE, "strace"},   {LOG_INT, "int"},   {LOG_STATS, "stats"},
        {LOG_UNIMP, "unimp"},
    };
    buf[0] = 0;
    for (unsigned i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        if (!(user_opts.log_mask & items[i].bit))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? "," : "", items[i].name);
    }
}

/* Builds "SELF opts -0 argv0 prog" into v; returns the next free index. */
static int exec_xrun_prefix(char **v, char *dbuf, size_t dsize, const char *argv0, const char *prog)
{
    int n = 0;
    v[n++] = (char *)user_opts.self_path;
    if (user_opts.ld_prefix) {
        v[n++] = "-L";
        v[n++] = (char *)user_opts.ld_prefix;
    }
    exec_log_items(dbuf, dsize);
    if (dbuf[0]) {
        v[n++] = "-d";
        v[n++] = dbuf;
    }
    if (user_opts.strace)
        v[n++] = "-strace";
    if (user_opts.perfmap)
        v[n++] = "-perfmap";
    if (user_opts.cpu_model) {
        v[n++] = "-cpu";
        v[n++] = (char *)user_opts.cpu_model;
    }
    if (argv0) {
        v[n++] = "-0";
        v[n++] = (char *)argv0;
    }
    v[n++] = "--"; /* a program path may start with '-' */
    v[n++] = (char *)prog;
    return n;
}

/* Parses "#!interp [arg]\n" in place; false if malformed. */
static bool exec_parse_shebang(char *buf, size_t n, char **interp, char **arg)
{
    char *end = memchr(buf, '\n', n);
    if (!end)
        end = buf + n;
    *end = 0;
    char *p = buf + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return false;
    *interp = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    *arg = NULL;
    if (*p) {
        *p++ = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        /* Linux passes the rest of the line as one argument, trailing blanks cut. */
        char *q = p + strlen(p);
        while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
            *--q = 0;
        if (*p)
            *arg = p;
    }
    return true;
}

static abi_long exec_run(const char *prog, char **argv, char **envp)
{
    fflush(NULL);
    execve(prog, argv, envp);
    return -errno;
}

/* Runs a foreign program under a new xrun. pre: interpreter arguments
 * (a script's), which a host execve of prog alone would lose: the kernel
 * is then not asked here (exec_script asks it with the script). */
/* An execve error that says the interpreter path leads nowhere usable (no
 * /proc in a chroot, or a /proc symlink that loops back into it), so the
 * next way of finding xrun is worth trying. */
static bool exec_path_unusable(abi_long r)
{
    return r == -ENOENT || r == -ENOTDIR || r == -ELOOP || r == -EACCES;
}

static abi_long exec_foreign(const char *prog, const char *argv0, char **pre, int npre, char **argv,
                             int argc, char **envp)
{
    bool kernel_ok = npre == 0;
    struct stat st;
    if (kernel_ok && stat(prog, &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID))) {
        abi_long r = exec_run(prog, argv, envp);
        if (r != -ENOEXEC)
            return r;
    }
    char dbuf[128];
    char **v = calloc((size_t)argc + npre + EXEC_EXTRA_ARGS, sizeof(*v));
    if (!v)
        return -ENOMEM;
    int n = exec_xrun_prefix(v, dbuf, sizeof(dbuf), argv0, prog);
    if (!v[0])
        v[0] = "xrun";
    for (int i = 0; i < npre; i++)
        v[n++] = pre[i];
    for (int i = 1; i < argc; i++)
        v[n++] = argv[i];
    v[n] = NULL;
    abi_long r = exec_run("/proc/self/exe", v, envp);
    if (exec_path_unusable(r) && user_opts.self_path)
        r = exec_run(user_opts.self_path, v, envp);
    free(v);
    if (exec_path_unusable(r) && kernel_ok)
        r = exec_run(prog, argv, envp);
    return r;
}

static abi_long exec_script(const char *path, char *buf, size_t n, char **argv, int argc,
                            char **envp)
{
    char *interp, *arg;
    if (!exec_parse_shebang(buf, n, &interp, &arg))
        return -ENOEXEC;
    char ibuf[256], sysroot_interp[PATH_MAX];
    size_t got;
    const char *ipath = interp;
    if (exec_peek(ipath, ibuf, sizeof(ibuf), &got) < 0 && user_opts.ld_prefix) {
        snprintf(sysroot_interp, sizeof(sysroot_interp), "%s%s", user_opts.ld_prefix, interp);
        ipath = sysroot_interp;
        if (exec_peek(ipath, ibuf, sizeof(ibuf), &got) < 0)
            return -ENOENT;
    }
    if (exec_classify(ibuf, got) != EXEC_FOREIGN)
        return exec_run(path, argv, envp); /* the host kernel does the rest */
    char *pre[2];
    int npre = 0;
    if (arg)
        pre[npre++] = arg;
    pre[npre++] = (char *)path;
    abi_long r = exec_foreign(ipath, interp, pre, npre, argv, argc, envp);
    if (r == -ENOENT || r == -ENOTDIR)
        r = exec_run(path, argv, envp); /* no xrun reachable: binfmt_misc may run INTERP */
    return r;
}

static abi_long do_execve(const char *path, abi_ulong gargv, abi_ulong genvp);

SYS_HANDLER(execve)
{
    const char *path = sys_lock_str(GPTR(a[0]));
    if (!path)
        return -EFAULT;
    return do_execve(path, GPTR(a[1]), GPTR(a[2]));
}

/*
 * execveat(dirfd, path, argv, envp, flags): the file is named through
 * /proc/self/fd, resolved to its real path when the link gives one (a new
 * xrun opens the program after the exec, when a close-on-exec dirfd is
 * gone).
 */
SYS_HANDLER(execveat)
{
    int dirfd = (int)a[0], flags = (int)a[4];
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    const char *path = sys_lock_str(GPTR(a[1]));
    if (!path)
        return -EFAULT;
    char fdlink[64], real[PATH_MAX], joined[PATH_MAX];
    if (!path[0] && !(flags & AT_EMPTY_PATH))
        return -ENOENT;
    if (path[0] != '/' && dirfd != AT_FDCWD) {
        snprintf(fdlink, sizeof(fdlink), "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(fdlink, real, sizeof(real) - 1);
        if (n < 0)
            return -EBADF;
        real[n] = 0;
        if (real[0] != '/') /* not a path (pipe:, anon_inode:): keep the link */
            snprintf(real, sizeof(real), "%s", fdlink);
        size_t rl = strlen(real);
        if (rl + 1 + strlen(path) >= sizeof(joined))
            return -ENAMETOOLONG;
        memcpy(joined, real, rl);
        joined[rl] = 0;
        if (path[0]) {
            joined[rl] = '/';
            strcpy(joined + rl + 1, path);
        }
        path = joined;
    }
    if (flags & AT_SYMLINK_NOFOLLOW) {
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            return -ELOOP;
    }
    return do_execve(path, GPTR(a[2]), GPTR(a[3]));
}

static abi_long do_execve(const char *path, abi_ulong gargv, abi_ulong genvp)
{
    /* busybox and others re-exec themselves through /proc/self/exe. */
    if (image_info.exec_path && sys_is_proc_self(path, "exe"))
        path = image_info.exec_path;
    char **argv, **envp;
    int argc, envc;
    abi_long err = exec_lock_argv(gargv, &argv, &argc);
    if (err)
        return err;
    err = exec_lock_argv(genvp, &envp, &envc);
    if (err) {
        free(argv);
        return err;
    }
    char *empty[1] = {NULL};
    char buf[256];
    size_t n;
    /* Only regular files execute: a directory or a fifo is EACCES (and
     * is not opened, which could block). */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        err = -EACCES;
    else
        err = exec_peek(path, buf, sizeof(buf) - 1, &n); /* room for the shebang NUL */
    if (!err && access(path, X_OK) == -1)
        err = -errno;
    if (!err) {
        char **hargv = argv ? argv : empty, **henvp = envp ? envp : empty;
        switch (exec_classify(buf, n)) {
        case EXEC_NATIVE:
            err = exec_run(path, hargv, henvp);
            break;
        case EXEC_FOREIGN:
            err = exec_foreign(path, argc ? argv[0] : path, NULL, 0, hargv, argc, henvp);
            break;
        case EXEC_SCRIPT:
            err = exec_script(path, buf, n, hargv, argc, henvp);
            break;
        }
    }
    free(argv);
    free(envp);
    return err;
}
