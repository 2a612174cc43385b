/*
 * System mode's side of the GDB stub (see system/gdbstub_sys.h): vCPUs as
 * threads, all-stop through the debugger holds of system/cpus.c, memory
 * through the softmmu.
 *
 * A vCPU that meets a breakpoint or finishes a single step calls
 * sys_debug_event on its own thread (cpus.c's vcpu_debug_hook): it posts
 * the event, holds itself and wakes the stub, whose thread then stops the
 * rest:
 *
 *   vCPU 2:  EXCP_DEBUG -> posts BREAKPOINT, held, parks in vcpu_wait
 *   stub:    event pipe readable -> sys_wait_stop: vcpus_pause -> "T05thread:2;"
 *   gdb:     vCont;s:2;c -> sys_resume: vCPU 2 steps (one insn per TB), the others run
 *
 * Events that gdb did not hear of when it resumes are dropped: a vCPU held
 * before a breakpoint's insn meets it again when it runs (if it is still
 * set), and a step that finished unseen is no news (gdb reads where the
 * thread stands). The stub's thread is the only one that changes the
 * holds, except a vCPU holding itself for its event.
 *
 * Memory addresses are virtual: each page goes through the selected
 * vCPU's MMU (cpu_probe_phys, which with the MMU off gives the address
 * itself), then to RAM or ROM directly (writes drop translated code of the
 * page) or to the device's callbacks. An address no mapping covers stops
 * the copy there, which the core answers with E14.
 */
#include "system/gdbstub_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/cpus.h"
#include "system/memory.h"
#include "xrun/softmmu.h"
#include "xrun/translator.h"

#define SYS_GDB_PAGE (1u << TLB_PAGE_BITS)

/* A vCPU's last debug event. */
enum { EV_NONE, EV_BREAKPOINT, EV_STEP };

static struct {
    const GdbArch *arch;
    int mmu_idx;
    int listen_fd;
    int ev_pipe[2];
    bool phys_mode;          /* gdb's addresses are physical */
    bool killed;             /* gdb said k: no exit report */
    long last_tid;           /* the thread of the last stop */
    pthread_mutex_t lock;    /* guards event[] */
    int event[64];           /* EV_* per vCPU */
} sg = {.listen_fd = -1, .ev_pipe = {-1, -1}, .last_tid = 1, .lock = PTHREAD_MUTEX_INITIALIZER};

#define SYS_GDB_MAX_THREADS ((int)(sizeof(sg.event) / sizeof(sg.event[0])))

static int nb_threads(void)
{
    int n = vcpus_count();
    return n < SYS_GDB_MAX_THREADS ? n : SYS_GDB_MAX_THREADS;
}

static void wake_stub(void)
{
    ssize_t r;
    do
        r = write(sg.ev_pipe[1], "", 1);
    while (r < 0 && errno == EINTR);
}

/* -- The vCPUs' side -- */

static void sys_debug_event(CPUState *cpu, bool step)
{
    if (!gdbserver_attached()) {
        /* A breakpoint hit racing with gdb's detach: run on. */
        cpu->singlestep = false;
        return;
    }
    int i = cpu->cpu_index;
    if (i < 0 || i >= nb_threads())
        return;
    pthread_mutex_lock(&sg.lock);
    sg.event[i] = step ? EV_STEP : EV_BREAKPOINT;
    pthread_mutex_unlock(&sg.lock);
    vcpu_set_held(cpu, true);
    wake_stub();
}

/* -- Threads -- */

static int sys_thread_list(long *ids, int max)
{
    int n = nb_threads();
    for (int i = 0; i < n && i < max; i++)
        ids[i] = i + 1;
    return n;
}

static CPUState *sys_thread_cpu(long tid)
{
    return tid >= 1 && tid <= nb_threads() ? vcpu_get((int)tid - 1) : NULL;
}

/* -- Memory -- */

/* Copies n bytes between buf and physical memory at pa, region by region.
 * False at the first byte nothing is mapped at. */
static bool phys_copy(uint64_t pa, uint8_t *buf, size_t n, bool write)
{
    while (n) {
        const MemRegion *r = mem_find(pa);
        if (!r)
            return false;
        uint64_t off = pa - r->base;
        size_t m = r->size - off < n ? (size_t)(r->size - off) : n;
        if (r->ram) {
            /* ROM too: a debugger may patch it, as qemu's does. */
            if (write) {
                memcpy(r->ram + off, buf, m);
                mem_dma_written(pa, m);
            } else {
                memcpy(buf, r->ram + off, m);
            }
        } else {
            for (size_t k = 0; k < m;) {
                unsigned size = (pa + k) % 4 == 0 && m - k >= 4 ? 4 : 1;
                uint64_t v = 0;
                if (write) {
                    for (unsigned b = 0; b < size; b++)
                        v |= (uint64_t)buf[k + b] << (8 * b);
                    mem_write(pa + k, size, v);
                } else {
                    mem_read(pa + k, size, &v);
                    for (unsigned b = 0; b < size; b++)
                        buf[k + b] = (uint8_t)(v >> (8 * b));
                }
                k += size;
            }
        }
        pa += m;
        buf += m;
        n -= m;
    }
    return true;
}

/* The physical address of gdb's address va, through the selected vCPU's
 * MMU as the kernel sees it. Permissions do not matter to a debugger: a
 * page that only executes is still read. */
static bool translate(uint64_t va, uint64_t *pa)
{
    if (sg.phys_mode) {
        *pa = va;
        return true;
    }
    CPUState *cpu = sys_thread_cpu(gdbserver_current_tid());
    if (!cpu)
        cpu = vcpu_get(0);
    if (!cpu)
        return false;
    return cpu_probe_phys(cpu, va, MMU_DATA_LOAD, sg.mmu_idx, pa) ||
           cpu_probe_phys(cpu, va, MMU_INST_FETCH, sg.mmu_idx, pa);
}

static size_t sys_mem_rw(uint64_t addr, uint8_t *buf, size_t len, bool write)
{
    size_t done = 0;
    while (done < len) {
        uint64_t va = addr + done, pa;
        size_t n = SYS_GDB_PAGE - (size_t)(va & (SYS_GDB_PAGE - 1));
        if (n > len - done)
            n = len - done;
        if (!translate(va, &pa) || !phys_copy(pa, buf + done, n, write))
            break;
        done += n;
    }
    return done;
}

static size_t sys_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
    return sys_mem_rw(addr, buf, len, false);
}

static size_t sys_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
    return sys_mem_rw(addr, (uint8_t *)buf, len, true);
}

/* -- Running and stopping -- */

static void sys_resume(const GdbResume *acts, int n)
{
    pthread_mutex_lock(&sg.lock);
    for (int i = 0; i < nb_threads(); i++)
        sg.event[i] = EV_NONE;
    pthread_mutex_unlock(&sg.lock);
    for (int i = 0; i < nb_threads(); i++) {
        CPUState *cpu = vcpu_get(i);
        const GdbResume *a = NULL;
        for (int k = 0; k < n && !a; k++)
            if (acts[k].tid == -1 || acts[k].tid == i + 1)
                a = &acts[k];
        cpu->singlestep = a && a->action == GDB_ACT_STEP;
        if (a && a->action != GDB_ACT_STOP)
            vcpu_set_held(cpu, false);
    }
}

static int sys_event_fd(void)
{
    return sg.ev_pipe[0];
}

/* The first vCPU with an event, or -1 (under sg.lock). */
static int first_event(void)
{
    for (int i = 0; i < nb_threads(); i++)
        if (sg.event[i] != EV_NONE)
            return i;
    return -1;
}

static bool sys_wait_stop(GdbStop *stop, bool interrupt)
{
    char junk[64];
    while (read(sg.ev_pipe[0], junk, sizeof(junk)) > 0)
        continue;
    pthread_mutex_lock(&sg.lock);
    int who = first_event();
    pthread_mutex_unlock(&sg.lock);
    if (who < 0 && !interrupt)
        return false;
    vcpus_pause();
    pthread_mutex_lock(&sg.lock);
    if (who < 0)
        who = first_event(); /* a vCPU may have stopped by itself meanwhile */
    for (int i = 0; i < nb_threads(); i++)
        sg.event[i] = EV_NONE;
    pthread_mutex_unlock(&sg.lock);
    if (who >= 0) {
        *stop = (GdbStop){.tid = who + 1, .sig = SIGTRAP};
    } else {
        *stop = (GdbStop){.tid = sys_thread_cpu(sg.last_tid) ? sg.last_tid : 1, .sig = SIGINT};
    }
    for (int i = 0; i < nb_threads(); i++)
        vcpu_get(i)->singlestep = false;
    sg.last_tid = stop->tid;
    return true;
}

static void sys_kill(void)
{
    sg.killed = true;
    sys_request_shutdown(SHUTDOWN_QUIT);
}

static void sys_detach(void)
{
    /* After gdb's kill (or any end of the run) the vCPUs stay held: the
     * machine must not run on while main takes it down. */
    if (sys_shutdown_reason() != SHUTDOWN_NONE)
        return;
    pthread_mutex_lock(&sg.lock);
    for (int i = 0; i < nb_threads(); i++)
        sg.event[i] = EV_NONE;
    pthread_mutex_unlock(&sg.lock);
    sg.phys_mode = false;
    for (int i = 0; i < nb_threads(); i++) {
        vcpu_get(i)->singlestep = false;
        vcpu_set_held(vcpu_get(i), false);
    }
}

/* gdb connects to a running machine: it stops, as under qemu. */
static void sys_attach(void)
{
    vcpus_pause();
}

/* qemu's physical memory mode: "maintenance packet Qqemu.PhysMemMode:1"
 * makes gdb's addresses physical, ":0" virtual again; "qqemu.PhysMemMode"
 * says which is on. */
static bool sys_query(const char *pkt, char *reply, size_t max)
{
    if (!strcmp(pkt, "qqemu.PhysMemMode")) {
        snprintf(reply, max, "%d", sg.phys_mode);
        return true;
    }
    if (!strncmp(pkt, "Qqemu.PhysMemMode:", 18)) {
        const char *v = pkt + 18;
        if ((v[0] != '0' && v[0] != '1') || v[1]) {
            snprintf(reply, max, "E22");
            return true;
        }
        sg.phys_mode = v[0] == '1';
        snprintf(reply, max, "OK");
        return true;
    }
    if (!strncmp(pkt, "qThreadExtraInfo,", 17)) {
        /* What `info threads` shows after the thread id: the CPU, as qemu
         * names it, and its power state. */
        CPUState *cpu = sys_thread_cpu(strtol(pkt + 17, NULL, 16));
        if (!cpu)
            return false;
        char text[48];
        snprintf(text, sizeof(text), "CPU#%d [%s]", cpu->cpu_index,
                 !vcpu_is_on(cpu) ? "off" : cpu->halted ? "halted" : "running");
        for (size_t i = 0; text[i] && 2 * i + 2 < max; i++)
            snprintf(reply + 2 * i, 3, "%02x", (unsigned char)text[i]);
        return true;
    }
    if (!strcmp(pkt, "qqemu.Supported")) {
        snprintf(reply, max, "PhysMemMode");
        return true;
    }
    return false;
}

static const GdbTarget sys_target = {
    .thread_list = sys_thread_list,
    .thread_cpu = sys_thread_cpu,
    .read_mem = sys_read_mem,
    .write_mem = sys_write_mem,
    .resume = sys_resume,
    .event_fd = sys_event_fd,
    .wait_stop = sys_wait_stop,
    .kill = sys_kill,
    .detach = sys_detach,
    .attach = sys_attach,
    .query = sys_query,
};

/* -- Start and end -- */

static void *accept_thread(void *arg)
{
    (void)arg;
    int fd = sg.listen_fd;
    sg.listen_fd = -1;
    if (gdbserver_serve(fd, sg.arch, &sys_target, 1) < 0)
        sys_request_shutdown(SHUTDOWN_ERROR);
    return NULL;
}

int gdb_sys_parse_port(const char *spec, char *err, size_t errlen)
{
    static const char *const hosts[] = {"tcp::", "tcp:localhost:", "tcp:127.0.0.1:"};
    const char *num = NULL;
    for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]) && !num; i++)
        if (!strncmp(spec, hosts[i], strlen(hosts[i])))
            num = spec + strlen(hosts[i]);
    if (!num) {
        snprintf(err, errlen, "-gdb %s: expected tcp::PORT (the stub listens on localhost only)", spec);
        return -1;
    }
    char *end;
    errno = 0;
    long port = strtol(num, &end, 10);
    if (errno || end == num || *end || port < 1 || port > 65535) {
        snprintf(err, errlen, "-gdb %s: bad port '%s' (1 to 65535)", spec, num);
        return -1;
    }
    return (int)port;
}

int gdb_sys_start(int port, bool start_stopped, const GdbArch *arch, int mmu_idx)
{
    sg.arch = arch;
    sg.mmu_idx = mmu_idx;
    if (pipe2(sg.ev_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        fprintf(stderr, "xrun: gdb stub: %s\n", strerror(errno));
        return -1;
    }
    sg.listen_fd = gdbserver_listen(port);
    if (sg.listen_fd < 0)
        return -1;
    vcpu_debug_hook = sys_debug_event;
    if (start_stopped)
        vcpus_pause(); /* no thread runs yet: returns at once */
    pthread_t th;
    if (pthread_create(&th, NULL, accept_thread, NULL) != 0) {
        fprintf(stderr, "xrun: gdb stub: cannot start its thread\n");
        close(sg.listen_fd);
        return -1;
    }
    pthread_detach(th);
    return 0;
}

void gdb_sys_machine_ended(void)
{
    if (!sg.killed)
        gdbserver_report_exit(0, 0);
}
