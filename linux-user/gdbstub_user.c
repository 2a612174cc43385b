/*
 * User mode's side of the GDB stub: guest threads, stopping and resuming
 * them (all-stop), guest memory through page flags.
 *
 * Every guest thread runs its cpu loop; around each cpu_exec() it calls
 * gdb_user_exec_start()/gdb_user_exec_end(), and it reports debug events
 * (breakpoint, finished step, a signal for the guest) with gdb_user_report(),
 * which blocks until gdb resumes it. The stub's thread meanwhile:
 *
 *   wait_stop   marks every thread "may not run", kicks those inside
 *               cpu_exec (cpu_exit) and waits until none is; threads in a
 *               blocking syscall stay there and stop when it returns, before
 *               running another guest insn (as qemu-user does)
 *   resume      gives each thread its vCont action: run, step (one insn per
 *               TB, see CPUState.singlestep) or stay stopped, and the signal
 *               the reporting thread should deliver (C/S) or drop (c/s)
 *
 *   thread A:  cpu_exec -> EXCP_DEBUG -> gdb_user_report(SIGTRAP): POSTED, waits
 *   stub:      event pipe readable -> wait_stop: stop all, A is TAKEN -> "T05thread:A;"
 *   gdb:       vCont;s:A          -> resume: A steps, the others stay stopped
 *
 * The thread list is every guest thread that has entered its cpu loop; a
 * thread leaves it when its host thread exits (a pthread key destructor).
 * A forked child drops the connection and runs on undebugged.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/gdbstub_user.h"
#include "xrun/gdbstub.h"
#include "xrun/tb.h"
#include "xrun/translator.h"
#include "xrun/util.h"

bool gdb_user_enabled;

/* Where a thread stands with its last debug event. */
enum { EV_NONE, EV_POSTED, EV_TAKEN };
/* What the event is. */
enum { KIND_SIGNAL, KIND_BREAKPOINT, KIND_STEP };

typedef struct GdbCpu {
    CPUState *cpu;
    long tid;
    bool may_run;      /* gdb lets it run guest code */
    bool in_exec;      /* inside cpu_exec */
    int action;        /* GDB_ACT_* of the last resume */
    int event;         /* EV_* */
    int event_sig;     /* the signal it reported */
    int event_kind;    /* KIND_* */
    uint64_t event_pc; /* of a breakpoint hit */
    int deliver_sig;   /* what gdb said to deliver instead (0: none) */
    struct GdbCpu *next;
} GdbCpu;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static GdbCpu *cpus;       /* in creation order: the main thread first */
static bool world_running; /* new threads may run at once */
static long last_tid;      /* the thread of the last stop */
static int ev_pipe[2] = {-1, -1};
static pthread_key_t exit_key;
static __thread GdbCpu *self;

/* -- Threads -- */

static void wake_stub(void)
{
    ssize_t r;
    do
        r = write(ev_pipe[1], "", 1);
    while (r < 0 && errno == EINTR);
}

/* A host thread with a registered cpu exits: forget it (pthread key
 * destructor, runs on that thread). */
static void gdb_cpu_gone(void *arg)
{
    GdbCpu *gc = arg;
    pthread_mutex_lock(&lock);
    for (GdbCpu **pp = &cpus; *pp; pp = &(*pp)->next) {
        if (*pp == gc) {
            *pp = gc->next;
            break;
        }
    }
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    free(gc);
}

/* Registers the calling thread's cpu (under lock). */
static GdbCpu *gdb_cpu_register(CPUState *cpu)
{
    GdbCpu *gc = xr_calloc(1, sizeof(*gc));
    gc->cpu = cpu;
    gc->tid = cpu->ts ? cpu->ts->tid : (long)getpid();
    gc->may_run = world_running;
    gc->action = GDB_ACT_CONT;
    GdbCpu **pp = &cpus;
    while (*pp)
        pp = &(*pp)->next;
    *pp = gc;
    self = gc;
    pthread_setspecific(exit_key, gc);
    return gc;
}

static GdbCpu *find_tid(long tid)
{
    for (GdbCpu *gc = cpus; gc; gc = gc->next)
        if (gc->tid == tid)
            return gc;
    return NULL;
}

/* -- The guest threads' side -- */

void gdb_user_exec_start(CPUState *cpu)
{
    if (!gdbserver_attached()) {
        cpu->singlestep = false;
        return;
    }
    pthread_mutex_lock(&lock);
    if (!self)
        gdb_cpu_register(cpu);
    while (gdbserver_attached() && !self->may_run)
        pthread_cond_wait(&cond, &lock);
    self->in_exec = true;
    cpu->singlestep = gdbserver_attached() && self->action == GDB_ACT_STEP;
    pthread_mutex_unlock(&lock);
}

void gdb_user_exec_end(CPUState *cpu)
{
    if (!self || !gdbserver_attached())
        return;
    pthread_mutex_lock(&lock);
    self->in_exec = false;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static int report(CPUState *cpu, int sig, int kind, uint64_t pc)
{
    if (!gdbserver_attached())
        return sig;
    pthread_mutex_lock(&lock);
    if (!self)
        gdb_cpu_register(cpu);
    self->event = EV_POSTED;
    self->event_sig = sig;
    self->event_kind = kind;
    self->event_pc = pc;
    self->deliver_sig = 0;
    wake_stub();
    while (self->event != EV_NONE)
        pthread_cond_wait(&cond, &lock);
    int ret = self->deliver_sig;
    pthread_mutex_unlock(&lock);
    return ret;
}

int gdb_user_report(CPUState *cpu, int sig)
{
    return report(cpu, sig, KIND_SIGNAL, 0);
}

int gdb_user_report_breakpoint(CPUState *cpu, uint64_t pc)
{
    return report(cpu, SIGTRAP, KIND_BREAKPOINT, pc);
}

int gdb_user_report_step(CPUState *cpu)
{
    return report(cpu, SIGTRAP, KIND_STEP, 0);
}

void gdb_user_exit(int status)
{
    gdbserver_report_exit(status, 0);
}

void gdb_user_killed(int sig)
{
    gdbserver_report_exit(0, sig);
}

/* -- The stub's side (GdbTarget) -- */

static int user_thread_list(long *ids, int max)
{
    int n = 0;
    pthread_mutex_lock(&lock);
    for (GdbCpu *gc = cpus; gc; gc = gc->next, n++)
        if (n < max)
            ids[n] = gc->tid;
    pthread_mutex_unlock(&lock);
    return n;
}

static CPUState *user_thread_cpu(long tid)
{
    pthread_mutex_lock(&lock);
    GdbCpu *gc = find_tid(tid);
    CPUState *cpu = gc ? gc->cpu : NULL;
    pthread_mutex_unlock(&lock);
    return cpu;
}

/* Length of the piece of [addr, addr+len) that lies in addr's page. */
static size_t page_chunk(uint64_t addr, size_t len)
{
    uint64_t room = GUEST_PAGE_SIZE - (addr & (GUEST_PAGE_SIZE - 1));
    return len < room ? len : (size_t)room;
}

static size_t user_read_mem(uint64_t addr, uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        size_t n = page_chunk(a, len - done);
        if (a > guest_addr_max || !page_check_range(a, n, PAGE_READ))
            break;
        memcpy(buf + done, g2h(a), n);
        done += n;
    }
    return done;
}

/* Writes one page's piece. Read-only guest pages (program text) are opened
 * on the host for the copy and closed again, as a debugger may patch code. */
static bool write_chunk(uint64_t a, const uint8_t *src, size_t n)
{
    int flags = page_get_flags(a);
    if (!(flags & PAGE_VALID) || a > guest_addr_max)
        return false;
    if (flags & PAGE_WRITE) {
        if (!page_check_write(a, n))
            return false;
        memcpy(g2h(a), src, n);
    } else {
        void *page = g2h(a & GUEST_PAGE_MASK);
        /* As mmap.c maps it: host-readable if the guest may read or run it. */
        int prot = flags & (PAGE_READ | PAGE_EXEC) ? PROT_READ : PROT_NONE;
        if (mprotect(page, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE) < 0)
            return false;
        memcpy(g2h(a), src, n);
        mprotect(page, GUEST_PAGE_SIZE, prot);
    }
    tb_invalidate_range(a, a + n, 0);
    return true;
}

static size_t user_write_mem(uint64_t addr, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        size_t n = page_chunk(a, len - done);
        if (!write_chunk(a, buf + done, n))
            break;
        done += n;
    }
    return done;
}

static size_t user_read_auxv(uint64_t off, uint8_t *buf, size_t len)
{
    if (off >= image_info.auxv_len)
        return 0;
    if (len > image_info.auxv_len - off)
        len = (size_t)(image_info.auxv_len - off);
    return user_read_mem(image_info.auxv_start + off, buf, len);
}

static const char *user_exec_file(void)
{
    return image_info.exec_path;
}

static void user_resume(const GdbResume *acts, int n)
{
    pthread_mutex_lock(&lock);
    world_running = false;
    for (int i = 0; i < n; i++)
        if (acts[i].tid == -1 && acts[i].action == GDB_ACT_CONT)
            world_running = true;
    bool posted = false;
    for (GdbCpu *gc = cpus; gc; gc = gc->next) {
        /* A step that finished while gdb heard of another thread's stop is
         * no news: gdb now takes the thread as stopped where it is. */
        if (gc->event == EV_POSTED && gc->event_kind == KIND_STEP) {
            gc->event = EV_NONE;
            gc->deliver_sig = 0;
        }
        const GdbResume *a = NULL;
        for (int i = 0; i < n && !a; i++)
            if (acts[i].tid == -1 || acts[i].tid == gc->tid)
                a = &acts[i];
        if (!a) {
            gc->may_run = false;
        } else {
            gc->may_run = true;
            gc->action = a->action;
            if (gc->event == EV_TAKEN) {
                gc->deliver_sig = a->sig;
                gc->event = EV_NONE;
            }
        }
        posted |= gc->event == EV_POSTED && gc->may_run;
    }
    /* Events of resumed threads that were waiting behind the one just
     * reported; a thread gdb keeps stopped keeps its event for later. */
    if (posted)
        wake_stub();
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static int user_event_fd(void)
{
    return ev_pipe[0];
}

static bool user_wait_stop(GdbStop *stop, bool interrupt)
{
    char junk[64];
    while (read(ev_pipe[0], junk, sizeof(junk)) > 0)
        continue;
    pthread_mutex_lock(&lock);
    /* Only a thread gdb resumed may report (gdb stepping one thread over a
     * breakpoint expects to hear from that one). A breakpoint hit whose
     * breakpoint is gone by now is dropped: the thread runs the insn. */
    GdbCpu *who = NULL;
    for (GdbCpu *gc = cpus; gc && !who; gc = gc->next) {
        if (gc->event != EV_POSTED || !gc->may_run)
            continue;
        if (gc->event_kind == KIND_BREAKPOINT && !cpu_breakpoint_at(gc->event_pc)) {
            gc->event = EV_NONE;
            gc->deliver_sig = 0;
            pthread_cond_broadcast(&cond);
            continue;
        }
        who = gc;
    }
    if (!who && !interrupt) {
        pthread_mutex_unlock(&lock);
        return false;
    }
    /* Stop the world: nobody may enter guest code; kick those inside. */
    world_running = false;
    for (GdbCpu *gc = cpus; gc; gc = gc->next) {
        gc->may_run = false;
        if (gc->in_exec)
            cpu_exit(gc->cpu);
    }
    for (;;) {
        bool busy = false;
        for (GdbCpu *gc = cpus; gc; gc = gc->next)
            busy |= gc->in_exec;
        if (!busy)
            break;
        pthread_cond_wait(&cond, &lock);
    }
    if (who) {
        who->event = EV_TAKEN;
        *stop = (GdbStop){.tid = who->tid, .sig = who->event_sig};
    } else {
        GdbCpu *gc = find_tid(last_tid);
        if (!gc)
            gc = cpus;
        *stop = (GdbStop){.tid = gc ? gc->tid : (long)getpid(), .sig = SIGINT};
    }
    last_tid = stop->tid;
    pthread_mutex_unlock(&lock);
    return true;
}

static void user_kill(void)
{
    fflush(NULL);
    kill(getpid(), SIGKILL);
    _exit(137);
}

static void user_detach(void)
{
    pthread_mutex_lock(&lock);
    world_running = true;
    for (GdbCpu *gc = cpus; gc; gc = gc->next) {
        gc->may_run = true;
        gc->action = GDB_ACT_CONT;
        /* A reported stop is gdb's to deliver, and gdb is gone: drop it;
         * an unreported one is a breakpoint (dropped) or a real signal. */
        if (gc->event == EV_POSTED)
            gc->deliver_sig = gc->event_sig == SIGTRAP ? 0 : gc->event_sig;
        else if (gc->event == EV_TAKEN)
            gc->deliver_sig = 0;
        gc->event = EV_NONE;
    }
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static const GdbTarget user_target = {
    .thread_list = user_thread_list,
    .thread_cpu = user_thread_cpu,
    .read_mem = user_read_mem,
    .write_mem = user_write_mem,
    .read_auxv = user_read_auxv,
    .exec_file = user_exec_file,
    .resume = user_resume,
    .event_fd = user_event_fd,
    .wait_stop = user_wait_stop,
    .kill = user_kill,
    .detach = user_detach,
};

/* A forked child runs without the debugger (the fork's own thread may
 * have been stepping over the svc). */
static void gdb_user_fork_child(void)
{
    pthread_mutex_init(&lock, NULL);
    pthread_cond_init(&cond, NULL);
    gdbserver_forget();
    if (current_cpu)
        current_cpu->singlestep = false;
}

int gdb_user_start(int port, const GdbArch *arch, CPUState *cpu)
{
    if (pipe2(ev_pipe, O_CLOEXEC | O_NONBLOCK) < 0 || pthread_key_create(&exit_key, gdb_cpu_gone) ||
        pthread_atfork(NULL, NULL, gdb_user_fork_child)) {
        fprintf(stderr, "xrun: gdb stub: %s\n", strerror(errno));
        return -1;
    }
    /* The main thread is stopped before its first insn. */
    pthread_mutex_lock(&lock);
    world_running = false;
    gdb_cpu_register(cpu);
    last_tid = self->tid;
    pthread_mutex_unlock(&lock);
    gdb_user_enabled = true;
    int r = gdbserver_start(port, arch, &user_target, last_tid);
    /* The stub's thread may be the process's first: take 32/33 back. */
    sig_host_thread_created();
    return r;
}

/* Under gdb a queued fault signal is first a stop: gdb decides whether the
 * guest gets it (or another one). */
void gdb_user_sync_signal(CPUState *cpu)
{
    TaskState *ts = cpu->ts;
    int sig = gdb_user_report(cpu, ts->sync_signal.info.si_signo);
    if (!sig)
        ts->sync_signal.pending = 0;
    else if (sig != ts->sync_signal.info.si_signo)
        ts->sync_signal.info = (siginfo_t){.si_signo = sig, .si_code = SI_KERNEL};
}

/* Under gdb, every signal about to reach the guest is first a stop too:
 * those the host handler queued for this thread and the guest does not
 * block. gdb's answer replaces the signal or drops it. The host keeps each
 * queued signal blocked until process_pending_signals(), so the slots
 * cannot change under us. */
void gdb_user_async_signals(CPUState *cpu)
{
    TaskState *ts = cpu->ts;
    for (int hsig = 1; hsig <= 64; hsig++) {
        if (!ts->sigtab[hsig].pending || sigismember(&ts->signal_mask, hsig) == 1)
            continue;
        int sig = host_to_guest_signal(hsig);
        int to = sig ? gdb_user_report(cpu, sig) : sig;
        if (to == sig)
            continue;
        ts->sigtab[hsig].pending = 0;
        int hto = to ? guest_to_host_signal(to) : 0;
        if (hto > 0 && hto <= 64) {
            ts->sigtab[hto].info = (siginfo_t){.si_signo = hto, .si_code = SI_KERNEL};
            ts->sigtab[hto].pending = 1;
        }
    }
}
