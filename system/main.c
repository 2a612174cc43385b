/*
 * The whole-machine emulators' entry point (xrun-system-arm,
 * xrun-system-x86_64: system/target.h says which).
 *
 *     xrun-system-arm -M virt -m 512 -nographic -kernel vmlinuz -initrd initrd.img \
 *         -append "console=ttyAMA0" -drive file=disk.qcow2,if=virtio
 *
 * main parses the command line (system/options.c), starts the accelerator
 * (system/accel/accel.h), lets the board build the machine, runs the event
 * loop and the vCPU threads, and waits for a
 * shutdown request: the guest powering off or resetting, Ctrl-A x, or
 * SIGINT/SIGTERM/SIGHUP. A guest reset restarts the program with the same
 * arguments (a fresh machine), unless -no-reboot makes it end the run.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/accel/accel.h"
#include "system/board.h"
#include "system/cpus.h"
#include "system/event.h"
#include "system/gdbstub_sys.h"
#include "system/hw/dev_log.h"
#include "system/target.h"
#include "xrun/codegen.h"
#include "xrun/tb.h"
#include "xrun/util.h"

#define SYS_CODE_BUFFER_SIZE (256u << 20)

static const char *prog;

static void usage(void)
{
    printf("usage: %s -M %s [options]\n"
           "%s\n"
           "\n"
           "Machine:\n"
           "  -M, -machine NAME     board (-M help lists them)\n"
           "  -accel NAME           %s\n"
           "  -cpu NAME             %s\n"
           "  -m SIZE               RAM size, MiB unless suffixed (K, M, G); default 128M\n"
           "  -smp N                %s\n"
           "Boot:\n"
           "  -kernel FILE          %s\n"
           "  -initrd FILE          initial RAM disk\n"
           "  -append CMDLINE       kernel command line\n"
           "  -dtb FILE             device tree blob instead of the generated one\n"
           "Devices:\n"
           "  -drive file=F[,format=raw|qcow2][,if=virtio|none][,id=ID][,readonly=on][,snapshot=on][,serial=S]\n"
           "  -device DRIVER[,...]  virtio-blk-device, virtio-net-device, virtio-rng-device,\n"
           "                        virtio-serial-device, virtconsole (-device help)\n"
           "  -netdev user,id=ID[,hostfwd=tcp::HOSTPORT-:GUESTPORT,...]  (-netdev help)\n"
           "  -chardev file,id=ID,path=F | stdio,id=ID | null,id=ID\n"
           "  -snapshot             writes go to temporary overlays; images stay untouched\n"
           "Console and run:\n"
           "  -nographic            the serial console on this terminal (Ctrl-A h for keys)\n"
           "  -serial SPEC          mon:stdio (default), stdio, file:F, null\n"
           "  -no-reboot            a guest reset ends the run instead of restarting\n"
           "  -d ITEMS              log in_asm, op, op_opt, out_asm, exec, cpu, int, mmu, guest_errors,\n"
           "                        accel (KVM: CPU time to the first KVM_RUN)\n"
           "  -D FILE               write the log to FILE\n"
           "  -h, -help             this text\n"
           "  -version              the version\n"
           "Debugging:\n"
           "  -gdb tcp::PORT        GDB stub on localhost:PORT (gdb: target remote :PORT)\n"
           "  -s                    the same as -gdb tcp::1234\n"
           "  -S                    no CPU runs until gdb says continue (with -s or -gdb)\n",
           prog, sys_target.boards[0]->name, sys_target.summary, sys_target.accel_hint, sys_target.help_cpu,
           sys_target.help_smp, sys_target.help_kernel);
}

static const Board *find_board(const char *name)
{
    for (size_t i = 0; i < sys_target.nb_boards; i++)
        if (!strcmp(sys_target.boards[i]->name, name))
            return sys_target.boards[i];
    return NULL;
}

/* The CPU models of the board named (of every board without -M). */
static void print_cpu_help(const char *machine)
{
    const Board *only = machine ? find_board(machine) : NULL;
    printf("Available CPUs:\n");
    for (size_t i = 0; i < sys_target.nb_boards; i++) {
        if (only && sys_target.boards[i] != only)
            continue;
        for (const char *const *m = sys_target.boards[i]->cpu_models; *m; m++)
            printf("  %s%s\n", *m, strcmp(*m, sys_target.boards[i]->default_cpu) ? "" : " (default)");
    }
}

static int setup_log(const MachineOpts *o)
{
    static const struct {
        const char *name;
        int bit;
    } items[] = {{"in_asm", CODEGEN_LOG_IN_ASM}, {"op", CODEGEN_LOG_OP},   {"op_opt", CODEGEN_LOG_OP_OPT},
                 {"out_asm", CODEGEN_LOG_OUT_ASM}, {"exec", CODEGEN_LOG_EXEC}, {"cpu", CODEGEN_LOG_CPU},
                 {"int", CODEGEN_LOG_INT}, {"mmu", CODEGEN_LOG_MMU}, {"guest_errors", 0}, {"accel", 0}};
    if (o->log_items) {
        char *list = xr_strdup(o->log_items), *save = NULL;
        for (char *it = strtok_r(list, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
            size_t i;
            for (i = 0; i < XR_ARRAY_SIZE(items); i++)
                if (!strcmp(items[i].name, it))
                    break;
            if (i == XR_ARRAY_SIZE(items)) {
                fprintf(stderr,
                        "%s: -d %s: unknown log item '%s' (in_asm, op, op_opt, out_asm, exec, cpu, int, mmu, "
                        "guest_errors, accel)\n",
                        prog, o->log_items, it);
                free(list);
                return -1;
            }
            codegen_log_mask |= items[i].bit;
            if (!strcmp(it, "guest_errors"))
                dev_log_guest_errors = true;
            if (!strcmp(it, "accel"))
                accel_log = true;
        }
        free(list);
    }
    if (o->log_file) {
        xrun_log_file = fopen(o->log_file, "w");
        if (!xrun_log_file) {
            fprintf(stderr, "%s: -D %s: %s\n", prog, o->log_file, strerror(errno));
            return -1;
        }
        setvbuf(xrun_log_file, NULL, _IOLBF, 0);
    }
    return 0;
}

/* SIGINT, SIGTERM and SIGHUP end the run cleanly: they are blocked in
 * every thread and taken here. */
static void *signal_thread(void *arg)
{
    sigset_t *set = arg;
    int sig;
    if (sigwait(set, &sig) == 0)
        sys_request_shutdown(SHUTDOWN_QUIT);
    return NULL;
}

/* The parsed command line lives until exit. */
static MachineOpts o;

static void free_opts(void)
{
    machine_opts_free(&o);
}

/* The accelerator -accel names, or the target's default; NULL (with a
 * message printed) when the target does not take it. */
static const Accel *pick_accel(const char *name)
{
    if (!name)
        name = sys_target.accels[0];
    for (const char *const *a = sys_target.accels; *a; a++)
        if (!strcmp(*a, name))
            return accel_find(name);
    fprintf(stderr, "%s: -accel %s: %s\n", prog, name, sys_target.accel_hint);
    return NULL;
}

int main(int argc, char **argv)
{
    prog = sys_target.prog;
    atexit(free_opts);
    char err[1024];
    int rc = machine_opts_parse(argc, argv, &o, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 1;
    }
    if (rc == 1) {
        usage();
        return 0;
    }
    if (rc == 2) {
        printf("%s (xrun) version 0.1\n", prog);
        return 0;
    }
    /* Lists, as qemu prints them, need no machine and no kernel. */
    if (o.cpu && !strcmp(o.cpu, "help")) {
        print_cpu_help(o.machine);
        return 0;
    }
    if (vdevs_help(&o))
        return 0;
    if (!o.machine)
        o.machine = sys_target.default_machine;
    if (!o.machine) {
        fprintf(stderr, "%s: no machine given: use -M %s (-M help lists the machines)\n", prog,
                sys_target.boards[0]->name);
        return 1;
    }
    if (!strcmp(o.machine, "help")) {
        printf("Supported machines are:\n");
        for (size_t i = 0; i < sys_target.nb_boards; i++)
            printf("%-20s %s\n", sys_target.boards[i]->name, sys_target.boards[i]->desc);
        return 0;
    }
    const Board *board = find_board(o.machine);
    if (!board) {
        fprintf(stderr, "%s: -M %s: unknown machine (-M help lists them)\n", prog, o.machine);
        return 1;
    }
    const Accel *acc = pick_accel(o.accel);
    if (!acc)
        return 1;
    int gdb_port = -1;
    if (o.start_stopped && !o.gdb) {
        fprintf(stderr, "%s: -S: the machine would wait for a monitor's 'cont', and there is no monitor: "
                        "use -S with -s or -gdb\n", prog);
        return 1;
    }
    if (o.gdb && !sys_target.gdb_arch) {
        fprintf(stderr, "%s: -gdb: %s has no GDB stub yet\n", prog, prog);
        return 1;
    }
    if (o.gdb && (gdb_port = gdb_sys_parse_port(o.gdb, err, sizeof err)) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return 1;
    }
    if (setup_log(&o) < 0)
        return 1;

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    pthread_t sig_thread;
    pthread_create(&sig_thread, NULL, signal_thread, &sigs);
    pthread_detach(sig_thread);

    if (acc == &accel_tcg)
        tb_init(SYS_CODE_BUFFER_SIZE);
    if (acc->init(&o, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        acc->fini();
        return 1;
    }
    accel = acc;
    if (board->init(&o, err, sizeof err) < 0 || mem_listen(&acc->mem, err, sizeof err) < 0) {
        board->fini(); /* the console's terminal settings come back */
        acc->fini();
        fprintf(stderr, "%s: %s\n", prog, err);
        return 1;
    }
    if (gdb_port > 0 && gdb_sys_start(gdb_port, o.start_stopped, sys_target.gdb_arch, sys_target.gdb_mmu_idx) < 0) {
        board->fini();
        acc->fini();
        return 1;
    }
    ev_loop_start();
    vcpus_start();
    int reason = sys_wait_shutdown();
    if (gdb_port > 0)
        gdb_sys_machine_ended();
    vcpus_stop();
    ev_loop_stop();
    board->fini();
    acc->fini();
    if (xrun_log_file)
        fflush(xrun_log_file);

    if (reason == SHUTDOWN_RESET && !o.no_reboot) {
        /* A fresh machine: the same program with the same arguments. */
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "%s: cannot restart after the guest's reset: %s\n", prog, strerror(errno));
        return 1;
    }
    return reason == SHUTDOWN_ERROR ? 1 : 0;
}
