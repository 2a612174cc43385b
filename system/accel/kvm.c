/*
 * The KVM accelerator (/dev/kvm): the host CPU runs the guest; xrun owns
 * the board, the memory map and the devices.
 *
 * The ioctl flow, in order: open /dev/kvm, KVM_GET_API_VERSION (12) and
 * the extensions needed; KVM_CREATE_VM; the x86 VM's TSS and identity-map
 * pages (which Intel's VMX needs for real mode, placed below the 4 GiB
 * line out of the guest's way); the in-kernel interrupt controllers
 * (KVM_CREATE_IRQCHIP: PIC, IOAPIC, local APICs) and PIT; then, once the
 * board has built its memory map, one KVM_SET_USER_MEMORY_REGION per RAM
 * region; vCPUs with KVM_CREATE_VCPU, each with its kvm_run area mmapped.
 *
 * Each vCPU thread loops on KVM_RUN (kvm_vcpu_run) and hands exits it must
 * see to kvm_handle_exit (kvm_exit.c). Doorbell registers (a virtqueue's
 * QueueNotify: mem_add_notifier) become ioeventfds: KVM signals an eventfd
 * the event loop watches, and the vCPU runs on while the device works.
 * Level-triggered interrupt lines (virtio's) are irqfds in resample mode,
 * edge-triggered ones (the UART's) KVM_IRQ_LINE calls. A kick (another thread wants the
 * vCPU out: a stop, a debugger) sets kvm_run.immediate_exit and sends the
 * thread SIGUSR1, whose handler does nothing: KVM_RUN returns EINTR
 * whether the signal came before it entered the guest or during.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "system/accel/accel.h"
#include "system/accel/kvm.h"
#include "system/accel/kvm_int.h"
#include "system/cpus.h"
#include "system/event.h"
#include "system/memory.h"
#include "xrun/codegen.h"
#include "xrun/util.h"

#define KVM_TSS_ADDR 0xfffbd000ul      /* three pages */
#define KVM_IDENTITY_ADDR 0xfffbc000ul /* one page */
#define KVM_KICK_SIGNAL SIGUSR1
#define KVM_SLOTS 32 /* every KVM offers at least this many user memory slots */
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MISC_ENABLE_FAST_STRING 1

typedef struct KvmCpu {
    CPUState common; /* first: system/cpus.c knows vCPUs by it */
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    bool thread_known;
    bool ran; /* has entered KVM_RUN */
} KvmCpu;

static struct {
    int dev, vm;
    long run_size;
    /* The guest physical base of each memory slot's region; a slot is
     * free when its size is 0. */
    struct {
        hwaddr base;
        uint64_t size;
    } slots[KVM_SLOTS];
    struct kvm_cpuid2 *cpuid; /* the host's supported CPUID, fetched once */
    KvmCpu *cpus[KVM_MAX_VCPUS];
    int ncpus;
    bool irqfd_resample; /* KVM_CAP_IRQFD_RESAMPLE */
} kvm = {.dev = -1, .vm = -1};

static bool kvm_add_doorbell(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque), void *opaque);

static int kvm_check_ext(long cap)
{
    return ioctl(kvm.dev, KVM_CHECK_EXTENSION, cap);
}

static void kvm_kick_handler(int sig)
{
    (void)sig;
}

static int kvm_init(const MachineOpts *o, char *err, size_t errlen)
{
    static const struct {
        long cap;
        const char *name;
    } needed[] = {
        {KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP"},         {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
        {KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR"}, {KVM_CAP_PIT2, "KVM_CAP_PIT2"},
        {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"},     {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
        {KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR"},
    };
    kvm.dev = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm.dev < 0) {
        snprintf(err, errlen,
                 "-accel kvm: /dev/kvm: %s (this host offers no KVM: no hardware virtualization, or the kvm "
                 "modules are not loaded)",
                 strerror(errno));
        return -1;
    }
    int version = ioctl(kvm.dev, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION) {
        snprintf(err, errlen, "-accel kvm: /dev/kvm speaks API version %d, xrun needs %d", version,
                 KVM_API_VERSION);
        return -1;
    }
    for (size_t i = 0; i < XR_ARRAY_SIZE(needed); i++) {
        if (kvm_check_ext(needed[i].cap) <= 0) {
            snprintf(err, errlen, "-accel kvm: this host's KVM lacks %s", needed[i].name);
            return -1;
        }
    }
    kvm.run_size = ioctl(kvm.dev, KVM_GET_VCPU_MMAP_SIZE, 0);
    kvm.vm = ioctl(kvm.dev, KVM_CREATE_VM, 0);
    if (kvm.run_size <= 0 || kvm.vm < 0) {
        snprintf(err, errlen, "-accel kvm: cannot create a VM: %s", strerror(errno));
        return -1;
    }
    uint64_t identity = KVM_IDENTITY_ADDR;
    struct kvm_pit_config pit = {.flags = KVM_PIT_SPEAKER_DUMMY};
    if (ioctl(kvm.vm, KVM_SET_IDENTITY_MAP_ADDR, &identity) < 0 ||
        ioctl(kvm.vm, KVM_SET_TSS_ADDR, KVM_TSS_ADDR) < 0 || ioctl(kvm.vm, KVM_CREATE_IRQCHIP, 0) < 0 ||
        ioctl(kvm.vm, KVM_CREATE_PIT2, &pit) < 0) {
        snprintf(err, errlen, "-accel kvm: cannot set up the VM's interrupt controllers and timer: %s",
                 strerror(errno));
        return -1;
    }
    kvm.irqfd_resample = kvm_check_ext(KVM_CAP_IRQFD_RESAMPLE) > 0;
    if (kvm_check_ext(KVM_CAP_IOEVENTFD) > 0)
        mem_notifier_hook = kvm_add_doorbell;
    struct sigaction sa = {.sa_handler = kvm_kick_handler};
    sigemptyset(&sa.sa_mask);
    sigaction(KVM_KICK_SIGNAL, &sa, NULL);
    return 0;
}

/* -- Memory -- */

static int kvm_set_slot(unsigned slot, const MemRegion *r, uint64_t size)
{
    struct kvm_userspace_memory_region m = {
        .slot = slot,
        .flags = r->readonly ? KVM_MEM_READONLY : 0,
        .guest_phys_addr = r->base,
        .memory_size = size,
        .userspace_addr = (uintptr_t)r->ram,
    };
    return ioctl(kvm.vm, KVM_SET_USER_MEMORY_REGION, &m);
}

static int kvm_region_add(const MemRegion *r, char *err, size_t errlen)
{
    unsigned slot = 0;
    while (slot < KVM_SLOTS && kvm.slots[slot].size)
        slot++;
    if (slot == KVM_SLOTS) {
        snprintf(err, errlen, "-accel kvm: no memory slot left for %s (at most %d regions)", r->name, KVM_SLOTS);
        return -1;
    }
    if (kvm_set_slot(slot, r, r->size) < 0) {
        snprintf(err, errlen, "-accel kvm: cannot give the guest %s (%llu MiB at %#llx): %s", r->name,
                 (unsigned long long)(r->size >> 20), (unsigned long long)r->base, strerror(errno));
        return -1;
    }
    kvm.slots[slot].base = r->base;
    kvm.slots[slot].size = r->size;
    return 0;
}

/* A slot of size 0 is deleted; KVM drops the guest's mappings of it. */
static void kvm_region_del(const MemRegion *r)
{
    for (unsigned slot = 0; slot < KVM_SLOTS; slot++) {
        if (kvm.slots[slot].size && kvm.slots[slot].base == r->base) {
            if (kvm_set_slot(slot, r, 0) < 0)
                xr_error("-accel kvm: cannot take %s from the guest: %s", r->name, strerror(errno));
            kvm.slots[slot].size = 0;
            return;
        }
    }
}

/* -- vCPUs -- */

static void to_kvm_seg(struct kvm_segment *k, const X86Segment *s)
{
    *k = (struct kvm_segment){.base = s->base, .limit = s->limit, .selector = s->selector, .type = s->type,
                              .present = s->present, .dpl = s->dpl, .db = s->db, .s = s->s, .l = s->l,
                              .g = s->g, .avl = s->avl, .unusable = s->unusable};
}

static int kvm_vcpu_cpuid(KvmCpu *k, int index, int ncpus, char *err, size_t errlen)
{
    if (!kvm.cpuid) {
        unsigned n = 128;
        for (;;) {
            kvm.cpuid = xr_calloc(1, sizeof(*kvm.cpuid) + n * sizeof(struct kvm_cpuid_entry2));
            kvm.cpuid->nent = n;
            if (ioctl(kvm.dev, KVM_GET_SUPPORTED_CPUID, kvm.cpuid) == 0)
                break;
            free(kvm.cpuid);
            kvm.cpuid = NULL;
            if (errno != E2BIG || n >= 4096) {
                snprintf(err, errlen, "-accel kvm: KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
                return -1;
            }
            n *= 2;
        }
    }
    size_t bytes = sizeof(*kvm.cpuid) + kvm.cpuid->nent * sizeof(struct kvm_cpuid_entry2);
    struct kvm_cpuid2 *c = xr_malloc(bytes);
    memcpy(c, kvm.cpuid, bytes);
    kvm_cpuid_adapt(c->entries, c->nent, (unsigned)index, (unsigned)ncpus);
    int rc = ioctl(k->fd, KVM_SET_CPUID2, c);
    free(c);
    if (rc < 0) {
        snprintf(err, errlen, "-accel kvm: vCPU %d: KVM_SET_CPUID2: %s", index, strerror(errno));
        return -1;
    }
    return 0;
}

/* The x86 power-on state: real mode at f000:fff0 (linear 0xfffffff0),
 * segments of 64 KiB, caches on (CR0.CD/NW set as at reset), the FPU as
 * after FNINIT with every SSE exception masked, fast strings on. */
static int kvm_vcpu_power_on(KvmCpu *k)
{
    struct kvm_sregs sr;
    if (ioctl(k->fd, KVM_GET_SREGS, &sr) < 0)
        return -1;
    struct kvm_segment data = {.limit = 0xffff, .type = 3, .present = 1, .s = 1};
    sr.cs = (struct kvm_segment){.base = 0xffff0000, .limit = 0xffff, .selector = 0xf000, .type = 0xb,
                                 .present = 1, .s = 1};
    sr.ds = sr.es = sr.fs = sr.gs = sr.ss = data;
    sr.ldt = (struct kvm_segment){.limit = 0xffff, .type = 2, .present = 1};
    sr.tr = (struct kvm_segment){.limit = 0xffff, .type = 0xb, .present = 1};
    sr.gdt = sr.idt = (struct kvm_dtable){.limit = 0xffff};
    sr.cr0 = 0x60000010;
    sr.cr2 = sr.cr3 = sr.cr4 = sr.cr8 = sr.efer = 0;
    memset(sr.interrupt_bitmap, 0, sizeof sr.interrupt_bitmap);
    struct kvm_regs r = {.rip = 0xfff0, .rflags = 0x2};
    struct kvm_fpu fpu = {.fcw = 0x37f, .mxcsr = 0x1f80};
    struct {
        struct kvm_msrs hdr;
        struct kvm_msr_entry e[1];
    } msrs = {.hdr.nmsrs = 1, .e = {{.index = MSR_IA32_MISC_ENABLE, .data = MISC_ENABLE_FAST_STRING}}};
    if (ioctl(k->fd, KVM_SET_SREGS, &sr) < 0 || ioctl(k->fd, KVM_SET_REGS, &r) < 0 ||
        ioctl(k->fd, KVM_SET_FPU, &fpu) < 0 || ioctl(k->fd, KVM_SET_MSRS, &msrs) != 1)
        return -1;
    return 0;
}

static void kvm_vcpu_reset(CPUState *cpu)
{
    if (kvm_vcpu_power_on((KvmCpu *)cpu) < 0)
        xr_error("-accel kvm: vCPU %d: cannot reset it: %s", cpu->cpu_index, strerror(errno));
}

static CPUState *kvm_vcpu_create(const AccelVcpuSpec *spec, char *err, size_t errlen)
{
    int index = spec->index, ncpus = spec->ncpus;
    if (index >= KVM_MAX_VCPUS) {
        snprintf(err, errlen, "-smp: at most %d CPUs", KVM_MAX_VCPUS);
        return NULL;
    }
    KvmCpu *k = xr_calloc(1, sizeof(*k));
    k->common.cpu_index = index;
    k->fd = ioctl(kvm.vm, KVM_CREATE_VCPU, (unsigned long)index);
    if (k->fd < 0) {
        snprintf(err, errlen, "-accel kvm: cannot create vCPU %d: %s", index, strerror(errno));
        free(k);
        return NULL;
    }
    kvm.cpus[kvm.ncpus++] = k;
    k->run = mmap(NULL, (size_t)kvm.run_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd, 0);
    if (k->run == MAP_FAILED) {
        k->run = NULL;
        snprintf(err, errlen, "-accel kvm: vCPU %d: cannot map its run area: %s", index, strerror(errno));
        return NULL;
    }
    if (kvm_vcpu_cpuid(k, index, ncpus, err, errlen) < 0)
        return NULL;
    if (kvm_vcpu_power_on(k) < 0) {
        snprintf(err, errlen, "-accel kvm: vCPU %d: cannot set its power-on state: %s", index, strerror(errno));
        return NULL;
    }
    return &k->common;
}

int kvm_vcpu_set_boot_state(CPUState *cpu, const X86BootState *st, char *err, size_t errlen)
{
    KvmCpu *k = (KvmCpu *)cpu;
    struct kvm_sregs sr;
    if (ioctl(k->fd, KVM_GET_SREGS, &sr) < 0)
        goto fail;
    to_kvm_seg(&sr.cs, &st->cs);
    to_kvm_seg(&sr.ds, &st->ds);
    to_kvm_seg(&sr.es, &st->es);
    to_kvm_seg(&sr.fs, &st->fs);
    to_kvm_seg(&sr.gs, &st->gs);
    to_kvm_seg(&sr.ss, &st->ss);
    to_kvm_seg(&sr.tr, &st->tr);
    to_kvm_seg(&sr.ldt, &st->ldt);
    sr.gdt.base = st->gdt_base;
    sr.gdt.limit = st->gdt_limit;
    sr.idt.base = st->idt_base;
    sr.idt.limit = st->idt_limit;
    sr.cr0 = st->cr0;
    sr.cr3 = st->cr3;
    sr.cr4 = st->cr4;
    sr.efer = st->efer;
    struct kvm_regs r = {.rip = st->rip, .rsi = st->rsi, .rsp = st->rsp, .rflags = st->rflags};
    if (ioctl(k->fd, KVM_SET_SREGS, &sr) < 0 || ioctl(k->fd, KVM_SET_REGS, &r) < 0)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "-accel kvm: vCPU %d: cannot set its entry state: %s", cpu->cpu_index,
             strerror(errno));
    return -1;
}

static void kvm_report_fatal(KvmCpu *k, const char *msg)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    char regs[1024] = "";
    if (ioctl(k->fd, KVM_GET_REGS, &r) == 0 && ioctl(k->fd, KVM_GET_SREGS, &s) == 0)
        kvm_format_regs(&r, &s, regs, sizeof regs);
    fprintf(stderr, "xrun: %s\n%s", msg, regs);
    sys_request_shutdown(SHUTDOWN_ERROR);
}

/* The process's CPU time until now, from exec: what start-up costs. */
static void kvm_log_first_run(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double user = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3;
    double sys = ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
    fprintf(xrun_log_file ? xrun_log_file : stderr,
            "kvm: first KVM_RUN after %.3f ms of CPU time (user %.3f, system %.3f)\n", user + sys, user, sys);
}

static void kvm_vcpu_run(CPUState *cpu)
{
    KvmCpu *k = (KvmCpu *)cpu;
    if (!__atomic_load_n(&k->thread_known, __ATOMIC_ACQUIRE)) {
        k->thread = pthread_self();
        __atomic_store_n(&k->thread_known, true, __ATOMIC_RELEASE);
        sigset_t kick;
        sigemptyset(&kick);
        sigaddset(&kick, KVM_KICK_SIGNAL);
        pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
    }
    char msg[256];
    for (;;) {
        if (__atomic_exchange_n(&cpu->exit_request, 0, __ATOMIC_SEQ_CST))
            return;
        if (XR_UNLIKELY(accel_log) && cpu->cpu_index == 0 && !k->ran)
            kvm_log_first_run();
        k->ran = true;
        int rc = ioctl(k->fd, KVM_RUN, 0);
        int e = errno;
        __atomic_store_n(&k->run->immediate_exit, 0, __ATOMIC_RELAXED);
        if (rc < 0) {
            if (e == EINTR || e == EAGAIN)
                continue;
            snprintf(msg, sizeof msg, "vCPU %d: KVM_RUN: %s", cpu->cpu_index, strerror(e));
            kvm_report_fatal(k, msg);
            return;
        }
        switch (kvm_handle_exit(k->run, cpu->cpu_index, msg, sizeof msg)) {
        case KVM_ACT_RESUME:
            break;
        case KVM_ACT_STOP:
            return;
        default:
            kvm_report_fatal(k, msg);
            return;
        }
    }
}

static void kvm_vcpu_kick(CPUState *cpu)
{
    KvmCpu *k = (KvmCpu *)cpu;
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
    if (k->run)
        __atomic_store_n(&k->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&k->thread_known, __ATOMIC_ACQUIRE))
        pthread_kill(k->thread, KVM_KICK_SIGNAL);
}

/* -- Doorbells: a guest write KVM turns into an eventfd signal -- */

typedef struct KvmDoorbell {
    int fd;
    void (*fn)(void *opaque);
    void *opaque;
    struct KvmDoorbell *next;
} KvmDoorbell;

static KvmDoorbell *kvm_doorbells;

static void kvm_doorbell_ready(void *opaque, short revents)
{
    KvmDoorbell *d = opaque;
    uint64_t n;
    if (read(d->fd, &n, sizeof n) == (ssize_t)sizeof n)
        d->fn(d->opaque);
}

static bool kvm_add_doorbell(hwaddr addr, unsigned len, uint64_t val, void (*fn)(void *opaque), void *opaque)
{
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0)
        return false;
    struct kvm_ioeventfd io = {.datamatch = val, .addr = addr, .len = len, .fd = fd,
                               .flags = KVM_IOEVENTFD_FLAG_DATAMATCH};
    if (ioctl(kvm.vm, KVM_IOEVENTFD, &io) < 0) {
        close(fd);
        return false; /* the write exits to the vCPU thread instead */
    }
    KvmDoorbell *d = xr_calloc(1, sizeof *d);
    *d = (KvmDoorbell){fd, fn, opaque, kvm_doorbells};
    kvm_doorbells = d;
    ev_watch_fd(fd, POLLIN, kvm_doorbell_ready, d);
    return true;
}

/* -- Interrupt lines: inputs of the in-kernel IOAPIC (and PIC) -- */

static void kvm_irq_set(void *opaque, int gsi, int level)
{
    struct kvm_irq_level l = {.irq = (uint32_t)gsi, .level = (uint32_t)level};
    if (ioctl(kvm.vm, KVM_IRQ_LINE, &l) < 0)
        fprintf(stderr, "xrun: KVM_IRQ_LINE %d: %s\n", gsi, strerror(errno));
}

/*
 * A level-triggered line as an irqfd in resample mode: signalling fd
 * asserts the GSI; at the guest's end of interrupt KVM deasserts it and
 * signals resample_fd, and the line is asserted again if the device still
 * holds it high. Lowering the line needs nothing: the guest has
 * acknowledged the device before it ends the interrupt.
 */
typedef struct KvmIrqfd {
    int fd, resample_fd;
    int level;
    struct KvmIrqfd *next;
} KvmIrqfd;

static KvmIrqfd *kvm_irqfds;

static void kvm_irqfd_set(void *opaque, int gsi, int level)
{
    KvmIrqfd *q = opaque;
    __atomic_store_n(&q->level, level, __ATOMIC_SEQ_CST);
    if (level && eventfd_write(q->fd, 1) < 0)
        fprintf(stderr, "xrun: irqfd of GSI %d: %s\n", gsi, strerror(errno));
}

static void kvm_irqfd_resample(void *opaque, short revents)
{
    KvmIrqfd *q = opaque;
    eventfd_t n;
    if (eventfd_read(q->resample_fd, &n) == 0 && __atomic_load_n(&q->level, __ATOMIC_SEQ_CST))
        eventfd_write(q->fd, 1);
}

static IrqLine kvm_irq_line(int gsi, bool level)
{
    if (!level || !kvm.irqfd_resample)
        return (IrqLine){kvm_irq_set, NULL, gsi};
    KvmIrqfd *q = xr_calloc(1, sizeof *q);
    q->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    q->resample_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct kvm_irqfd irqfd = {.fd = (uint32_t)q->fd, .gsi = (uint32_t)gsi, .flags = KVM_IRQFD_FLAG_RESAMPLE,
                              .resamplefd = (uint32_t)q->resample_fd};
    if (q->fd < 0 || q->resample_fd < 0 || ioctl(kvm.vm, KVM_IRQFD, &irqfd) < 0) {
        if (q->fd >= 0)
            close(q->fd);
        if (q->resample_fd >= 0)
            close(q->resample_fd);
        free(q);
        return (IrqLine){kvm_irq_set, NULL, gsi};
    }
    q->next = kvm_irqfds;
    kvm_irqfds = q;
    if (accel_log)
        fprintf(xrun_log_file ? xrun_log_file : stderr, "kvm: GSI %d: irqfd with resampling\n", gsi);
    ev_watch_fd(q->resample_fd, POLLIN, kvm_irqfd_resample, q);
    return (IrqLine){kvm_irqfd_set, q, gsi};
}

static void kvm_fini(void)
{
    while (kvm_doorbells) {
        KvmDoorbell *d = kvm_doorbells;
        kvm_doorbells = d->next;
        ev_unwatch_fd(d->fd);
        close(d->fd);
        free(d);
    }
    mem_notifier_hook = NULL;
    while (kvm_irqfds) {
        KvmIrqfd *q = kvm_irqfds;
        kvm_irqfds = q->next;
        ev_unwatch_fd(q->resample_fd);
        close(q->fd);
        close(q->resample_fd);
        free(q);
    }
    for (int i = 0; i < kvm.ncpus; i++) {
        KvmCpu *k = kvm.cpus[i];
        if (k->run)
            munmap(k->run, (size_t)kvm.run_size);
        close(k->fd);
        free(k);
    }
    kvm.ncpus = 0;
    free(kvm.cpuid);
    kvm.cpuid = NULL;
    if (kvm.vm >= 0)
        close(kvm.vm);
    if (kvm.dev >= 0)
        close(kvm.dev);
    kvm.vm = kvm.dev = -1;
    memset(kvm.slots, 0, sizeof kvm.slots);
}

const Accel accel_kvm = {
    .name = "kvm",
    .init = kvm_init,
    .vcpu_create = kvm_vcpu_create,
    .vcpu_reset = kvm_vcpu_reset,
    .mem = {kvm_region_add, kvm_region_del},
    .vcpu_run = kvm_vcpu_run,
    .vcpu_kick = kvm_vcpu_kick,
    .irq_line = kvm_irq_line,
    .fini = kvm_fini,
};
