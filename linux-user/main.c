/*
 * xrun's user-mode entry point: the command line, choosing the guest, and
 * starting the first guest thread.
 *
 *   xrun-<guest> [options] PROG [ARGS...]   always that guest (xrun-arm)
 *   xrun [options] PROG [ARGS...]           guest read from PROG's ELF header
 *
 *   xrun --binfmt install|uninstall|status [...]   binfmt_misc (binfmt.c)
 *
 * Options follow QEMU user mode (-L, -E, -U, -0, -cpu, -d, -D, -strace, -s,
 * -g, -perfmap, -version, -h); parsing stops at the first argument that is not an option,
 * so `xrun-arm ./prog -h` passes -h to the guest. The guests themselves
 * are the descriptors of linux-user/guests.c. Every bad input ends with
 * one "xrun: ..." line on stderr and exit status 1.
 *
 * When binfmt_misc starts xrun for a program (binfmt_invocation()), there
 * are no options: the kernel's argv and auxv say what to run.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "linux-user/binfmt.h"
#include "linux-user/guest.h"
#include "linux-user/gdbstub_user.h"
#include "linux-user/perfmap.h"
#include "linux-user/user_priv.h"
#include "syscalls/abi.h"
#include "xrun/codegen.h"
#include "xrun/tb.h"
#include "xrun/util.h"

#define XRUN_VERSION "0.1"
/* Pages are only backed once code is written there, so a large buffer costs
 * nothing up front; it makes flushes (which stop every guest thread) rare. */
#define CODE_BUFFER_SIZE (256u << 20)
/* In AT_FLAGS when binfmt_misc preserved argv[0] (linux/binfmts.h, Linux 5.12+). */
#ifndef AT_FLAGS_PRESERVE_ARGV0
#define AT_FLAGS_PRESERVE_ARGV0 1
#endif

extern char **environ;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "guest code of each translated block" },
    { "op", LOG_OP, "IR before optimization" },
    { "op_opt", LOG_OP_OPT, "IR after optimization" },
    { "out_asm", LOG_OUT_ASM, "generated host code" },
    { "exec", LOG_EXEC, "every block executed" },
    { "cpu", LOG_CPU, "guest registers before each block (with exec)" },
    { "int", LOG_INT, "guest exceptions: syscalls, faults, undefined insns" },
    { "strace", LOG_STRACE, "system calls with their arguments" },
    { "unimp", LOG_UNIMP, "unimplemented syscalls and features" },
    { "stats", LOG_STATS, "translation statistics at exit" },
};

/* -- Messages -- */

static _Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xr_verror(fmt, ap);
    va_end(ap);
    exit(1);
}

/* -- Guests -- */

/* "arm" or "arm, aarch64": the xrun-<name> names. */
static const char *guest_name_list(void)
{
    static char names[256];
    size_t n = 0;
    for (size_t i = 0; i < user_guest_count() && n < sizeof(names); i++)
        n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "", user_guest_at(i)->name);
    return names;
}

/* -cpu help: the models of the forced guest, or of every guest. */
static void cpu_model_help(void)
{
    for (size_t i = 0; i < user_guest_count(); i++)
        if (!user_guest || user_guest == user_guest_at(i))
            user_guest_at(i)->cpu_model_list(stdout);
}

/* Without a forced guest a model is checked again once the program's
 * guest is known (check_guest); here it must name some guest's model. */
static bool cpu_model_known(const char *model)
{
    for (size_t i = 0; i < user_guest_count(); i++)
        if ((!user_guest || user_guest == user_guest_at(i)) && user_guest_at(i)->cpu_model_valid(model))
            return true;
    return false;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: xrun-GUEST [options] program [arguments...]   (GUEST: %s)\n"
            "       xrun [options] program [arguments...]   (guest chosen from the ELF header)\n"
            "Runs a Linux program built for another CPU (supported: %s).\n"
            "\n"
            "  -L path        guest sysroot for the dynamic linker (env XRUN_LD_PREFIX,\n"
            "                 default /usr/<triplet> of the guest if it exists)\n"
            "  -E var=value   set a variable in the guest environment\n"
            "  -U var         remove a variable from the guest environment\n"
            "  -0 argv0       argv[0] for the guest program\n"
            "  -cpu model     CPU model: instruction set and HWCAPs (-cpu help lists them)\n"
            "  -d item,...    log items (-d help lists them; also env XRUN_LOG)\n"
            "  -D logfile     write the log there instead of stderr\n"
            "  -strace        log system calls\n"
            "  -s size        guest stack size (suffixes k, M, G)\n"
            "  -g port        wait for gdb on localhost:port before the first insn\n"
            "                 (env QEMU_GDB or XRUN_GDB)\n"
            "  -perfmap       write /tmp/perf-PID.map naming translated code for perf\n"
            "  -tb-size MB    translated code buffer size in MiB (env XRUN_TB_SIZE,\n"
            "                 default 256)\n"
            "  -version       print the version\n"
            "  -h, -help      print this help\n"
            "\n"
            "  --binfmt install [--flags POCF] [--path FILE] [--force] [--name-prefix P]\n"
            "                 register xrun with binfmt_misc for every guest (entries\n"
            "                 xrun-GUEST; default flags POF, default path this executable); --force\n"
            "                 disables other enabled entries claiming the same programs\n"
            "  --binfmt uninstall [--name-prefix P]   remove xrun's entries\n"
            "  --binfmt status                        list every binfmt_misc entry\n",
            guest_name_list(), user_guest_names());
}

/* -- Option values -- */

static void parse_log_items(const char *arg)
{
    if (strcmp(arg, "help") == 0) {
        printf("Log items (-d item[,item...]):\n");
        for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
            printf("  %-8s %s\n", log_items[i].name, log_items[i].help);
        exit(0);
    }
    char *copy = strdup(arg);
    for (char *save, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
            if (strcmp(tok, log_items[i].name) == 0)
                break;
        if (i == sizeof(log_items) / sizeof(log_items[0]))
            die("unknown log item '%s' (try -d help)", tok);
        user_opts.log_mask |= log_items[i].mask;
    }
    free(copy);
}

static unsigned parse_size(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 0);
    unsigned long long mul = 1;
    if (*end == 'k' || *end == 'K')
        mul = 1ull << 10, end++;
    else if (*end == 'm' || *end == 'M')
        mul = 1ull << 20, end++;
    else if (*end == 'g' || *end == 'G')
        mul = 1ull << 30, end++;
    if (errno || end == arg || *end || v == 0 || v > UINT_MAX / mul)
        die("bad stack size '%s'", arg);
    return (unsigned)(v * mul);
}

/* -g / QEMU_GDB / XRUN_GDB: a TCP port, optionally written ":port". */
static int gdb_port;

static int parse_gdb_port(const char *arg, const char *what)
{
    const char *s = arg[0] == ':' ? arg + 1 : arg;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 1 || v > 65535)
        die("bad gdb port '%s' in %s (want 1-65535)", arg, what);
    return (int)v;
}

/* Code buffer size in MiB (-tb-size, XRUN_TB_SIZE); 0 = the default. A small
 * buffer makes flushes frequent, which tests of flushing rely on. */
static unsigned tb_size_mb;

static unsigned parse_tb_size(const char *arg, const char *what)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || v < 1 || v > 1024)
        die("bad %s '%s' (MiB, 1 to 1024)", what, arg);
    return (unsigned)v;
}

/* Appends s to a NULL-terminated string list. */
static char **list_add(char **list, const char *s)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    list = realloc(list, (n + 2) * sizeof(*list));
    if (!list)
        die("out of memory");
    list[n] = (char *)s;
    list[n + 1] = NULL;
    return list;
}

/* -- The command line -- */

/* Option names, with or without a second dash. Returns the index of the
 * program argument. */
static int parse_options(int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        const char *opt = argv[i] + 1;
        if (opt[0] == '-') {
            if (!opt[1]) { /* "--" ends the options */
                i++;
                break;
            }
            opt++;
        }
        i++;
        if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(opt, "binfmt")) {
            if (i != 2)
                die("--binfmt must come first (try -h)");
            exit(binfmt_main(argc - i, argv + i));
        }
        if (!strcmp(opt, "version")) {
            printf("xrun version " XRUN_VERSION " (user mode; guests: %s)\n", guest_name_list());
            exit(0);
        }
        if (!strcmp(opt, "perfmap")) {
            user_opts.perfmap = true;
            continue;
        }
        if (!strcmp(opt, "strace")) {
            user_opts.strace = true;
            user_opts.log_mask |= LOG_STRACE;
            continue;
        }
        static const char *const with_arg[] = { "L", "E", "U", "0", "cpu", "d", "D", "s", "g", "tb-size" };
        size_t k;
        for (k = 0; k < sizeof(with_arg) / sizeof(with_arg[0]); k++)
            if (!strcmp(opt, with_arg[k]))
                break;
        if (k == sizeof(with_arg) / sizeof(with_arg[0]))
            die("unknown option '%s' (try -h)", argv[i - 1]);
        if (i >= argc)
            die("option '%s' needs an argument (try -h)", argv[i - 1]);
        const char *val = argv[i++];
        if (!strcmp(opt, "L")) {
            user_opts.ld_prefix = val;
        } else if (!strcmp(opt, "E")) {
            if (!strchr(val, '=') || val[0] == '=')
                die("-E needs var=value, not '%s'", val);
            user_opts.extra_env = list_add(user_opts.extra_env, val);
        } else if (!strcmp(opt, "U")) {
            user_opts.unset_env = list_add(user_opts.unset_env, val);
        } else if (!strcmp(opt, "0")) {
            user_opts.argv0 = val;
        } else if (!strcmp(opt, "cpu")) {
            if (!strcmp(val, "help")) {
                cpu_model_help();
                exit(0);
            }
            if (!cpu_model_known(val))
                die("unknown CPU model '%s' (try -cpu help)", val);
            user_opts.cpu_model = val;
        } else if (!strcmp(opt, "d")) {
            parse_log_items(val);
        } else if (!strcmp(opt, "D")) {
            user_opts.log_file = val;
        } else if (!strcmp(opt, "g")) {
            gdb_port = parse_gdb_port(val, "-g");
        } else if (!strcmp(opt, "tb-size")) {
            tb_size_mb = parse_tb_size(val, "-tb-size");
        } else {
            user_opts.stack_size = parse_size(val);
        }
    }
    return i;
}

/* The guest environment: ours, minus -U names, plus -E settings. */
static char **guest_environment(void)
{
    char **env = NULL;
    for (char **e = environ; *e; e++) {
        bool drop = false;
        for (char **u = user_opts.unset_env; u && *u && !drop; u++) {
            size_t n = strlen(*u);
            drop = !strncmp(*e, *u, n) && (*e)[n] == '=';
        }
        for (char **x = user_opts.extra_env; x && *x && !drop; x++) {
            size_t n = strchr(*x, '=') - *x + 1;
            drop = !strncmp(*e, *x, n);
        }
        if (!drop)
            env = list_add(env, *e);
    }
    for (char **x = user_opts.extra_env; x && *x; x++)
        env = list_add(env, *x);
    return env ? env : list_add(NULL, NULL);
}

static const char *self_path(const char *argv0)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0)
        return argv0;
    buf[n] = 0;
    return strdup(buf);
}

/* Plain `xrun` reads the guest from the program's ELF header before
 * anything is mapped; `xrun-<guest>` leaves the check to the loader, which
 * reports the same error. */
static void check_guest(const char *prog)
{
    unsigned machine;
    int ei_class;
    if (loader_probe(prog, &machine, &ei_class) < 0)
        exit(1);
    const UserGuest *g = user_guest_for_elf(machine, ei_class);
    if (!g) {
        const char *n = loader_machine_name(machine);
        die("%s: ELF for %s (EM %u) is not supported; supported: %s", prog,
            n ? n : "an unknown machine", machine, user_guest_names());
    }
    if (user_opts.cpu_model && !g->cpu_model_valid(user_opts.cpu_model))
        die("unknown CPU model '%s' for %s (try -cpu help)", user_opts.cpu_model, g->name);
    user_guest_choose(g);
}

/*
 * Started by binfmt_misc with flag P or O? The kernel's argv is then
 *   P:      [interpreter, path, original argv[0], args...]
 *   O only: [interpreter, path, args...]   (the path becomes argv[0])
 * with the program open in AT_EXECFD under O (and C, which implies it).
 * Without P or O the kernel's [interpreter, path, args...] is an ordinary
 * command line and goes through option parsing. Returns true and fills
 * *prog, *guest_argv and *execfd (-1 if none) for a binfmt start.
 */
static bool binfmt_invocation(int argc, char **argv, const char **prog, char ***guest_argv,
                              int *execfd)
{
    /* getauxval says "absent" only through errno: the fd may be 0 when
     * the caller had closed its stdin. */
    errno = 0;
    unsigned long fd = getauxval(AT_EXECFD);
    bool have_fd = errno != ENOENT;
    bool preserve = (getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0) != 0;
    if (!have_fd && !preserve)
        return false;
    if (argc < 2)
        die("started by binfmt_misc without a program path");
    *prog = argv[1];
    *guest_argv = preserve && argc >= 3 ? &argv[2] : &argv[1];
    *execfd = have_fd ? (int)fd : -1;
    return true;
}

static void print_stats(void)
{
    fprintf(log_out,
            "stats: %llu TBs translated, %llu guest insns, %llu host bytes, %llu chained, "
            "%llu invalidated, %llu flushes\n",
            (unsigned long long)tb_stats.translated, (unsigned long long)tb_stats.guest_insns,
            (unsigned long long)tb_stats.host_bytes, (unsigned long long)tb_stats.chained,
            (unsigned long long)tb_stats.invalidated, (unsigned long long)tb_stats.flushes);
    fflush(log_out);
}

static void open_log(void)
{
    log_out = stderr;
    if (user_opts.log_file) {
        FILE *f = fopen(user_opts.log_file, "w");
        if (!f)
            die("cannot open log file %s: %s", user_opts.log_file, strerror(errno));
        setvbuf(f, NULL, _IOLBF, 0);
        log_out = f;
    }
    xrun_log_file = log_out;
    codegen_log_mask = (int)user_opts.log_mask;
    if (log_enabled(LOG_STATS))
        atexit(print_stats);
}

int main(int argc, char **argv)
{
    /* Set-uid through binfmt_misc's C flag: the environment is the
     * caller's, so it must not choose the guest's dynamic linker or logging. */
    user_opts.secure = getauxval(AT_SECURE) != 0;
    /* Log items from the environment too: a program started by binfmt_misc
     * or by another guest program gets no xrun options. */
    const char *env_log = user_opts.secure ? NULL : getenv("XRUN_LOG");
    if (env_log && *env_log)
        parse_log_items(env_log);
    const char *prog;
    char **guest_argv;
    int execfd = -1;
    bool binfmt = binfmt_invocation(argc, argv, &prog, &guest_argv, &execfd);
    /* xrun-arm forces its guest; plain xrun (and binfmt_misc's interpreter,
     * whatever its name) reads it from the program. */
    user_guest = binfmt ? NULL : user_guest_for_program(argv[0]);
    if (!binfmt) {
        int first = parse_options(argc, argv);
        if (first >= argc)
            die("no program given (try -h)");
        prog = argv[first];
        guest_argv = &argv[first];
    }

    if (!user_opts.ld_prefix) {
        /* Else the guest's default (user_guest_choose). Without the cross
         * sysroot (e.g. in a foreign chroot, whose own /lib is the guest's)
         * paths are used as the guest gives them. */
        const char *e = user_opts.secure ? NULL : getenv("XRUN_LD_PREFIX");
        if (e && *e)
            user_opts.ld_prefix = e;
    }
    if (!gdb_port) {
        const char *e = getenv("QEMU_GDB");
        const char *what = "QEMU_GDB";
        if (!e || !*e)
            e = getenv("XRUN_GDB"), what = "XRUN_GDB";
        if (e && *e)
            gdb_port = parse_gdb_port(e, what);
    }
    /* Programs this one runs must not wait for a debugger on the same port. */
    unsetenv("QEMU_GDB");
    unsetenv("XRUN_GDB");
    user_opts.self_path = self_path(argv[0]);
    if (user_guest)
        user_guest_choose(user_guest);
    else if (!binfmt)
        check_guest(prog); /* under binfmt the loader picks the guest */

    if (user_opts.argv0)
        guest_argv[0] = (char *)user_opts.argv0;
    /* Kept in a global: in a fork child made by another guest thread, main's
     * stack is not scanned for pointers (LeakSanitizer builds). */
    static char **guest_env;
    guest_env = guest_environment();

    open_log();
    if (!tb_size_mb) {
        const char *e = getenv("XRUN_TB_SIZE");
        if (e && *e)
            tb_size_mb = parse_tb_size(e, "XRUN_TB_SIZE");
    }
    /* The TB layer first: mapping guest code already talks to it (SMC). */
    tb_init(tb_size_mb ? (size_t)tb_size_mb << 20 : CODE_BUFFER_SIZE);
    /* The loader chooses the guest from the ELF header if nothing did yet,
     * and reserves its address space. */
    int r = execfd >= 0 ? loader_exec_fd(execfd, prog, guest_argv, guest_env, &image_info)
                        : loader_exec(prog, guest_argv, guest_env, &image_info);
    if (r < 0)
        exit(1);
    const UserGuest *g = user_guest;
    if (g->setup && g->setup() < 0)
        die("cannot set up the %s guest's pages", g->name);
    signal_init();
    if (user_opts.perfmap && perfmap_start(&image_info) < 0)
        exit(1);
    CPUState *cpu = g->cpu_create(&image_info);
    if (!cpu)
        die("out of memory creating the guest cpu");
    if (gdb_port && gdb_user_start(gdb_port, g->gdb, cpu) < 0)
        exit(1);
    g->cpu_loop(cpu);
}
