/*
 * tests/system/kvm/kvmaccel.c — xrun's KVM accelerator through its
 * interface (system/accel/accel.h), on a real /dev/kvm.
 *
 * The machine: RAM [0, 0x2000) holding the loop, a one-page region "data"
 * at 0x2000 whose first byte the loop reads, and 64 KiB at 0xffff0000 for
 * the reset vector. The vCPU thread of system/cpus.c runs it:
 *
 *     0xfffffff0: mov al, 0x77; out 0x11, al    ; one "boot" mark per reset
 *                 jmp 0000:1000
 *     0x1000:     mov al, [0x2000]; out 0x10, al; jmp 0x1000
 *
 * so port 0x10 streams the byte the guest finds at 0x2000. The steps:
 *   create    init, vcpu_create, mem_listen (a memory slot per region)
 *   run       the stream carries data A's byte
 *   pause     vcpus_pause returns and the stream stops while paused
 *   resume    vcpus_resume: the stream goes on
 *   swap      with the machine paused, mem_remove of A and mem_add_ram of
 *             B at the same address: the guest reads B's byte
 *   remove    B removed, nothing added: the guest reads unassigned space
 *             (all ones)
 *   reset     vcpu_reset while paused: the vCPU starts again at the reset
 *             vector (a second boot mark)
 * Each step prints "kvmaccel: STEP ok" or "kvmaccel: STEP FAIL: why"; the
 * exit status is 0 only when every step is ok.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "system/accel/accel.h"
#include "system/cpus.h"
#include "system/ioport.h"
#include "system/memory.h"

#define DATA_GPA 0x2000
#define ROM_GPA 0xffff0000u
#define ROM_SIZE 0x10000
#define WAIT_NS 10000000000ll /* 10 s */

static const uint8_t reset_code[] = {
    0xb0, 0x77,                   /* mov al, 0x77 */
    0xe6, 0x11,                   /* out 0x11, al */
    0xea, 0x00, 0x10, 0x00, 0x00, /* jmp 0000:1000 */
};
static const uint8_t loop_code[] = {
    0xa0, 0x00, 0x20, /* mov al, [0x2000] */
    0xe6, 0x10,       /* out 0x10, al */
    0xeb, 0xf9,       /* jmp 0x1000 */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint64_t writes; /* OUTs to port 0x10 */
    uint8_t last;    /* their last byte */
    unsigned boots;  /* OUTs to port 0x11 */
} seen = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static int failures;

static void step_ok(const char *step)
{
    printf("kvmaccel: %s ok\n", step);
    fflush(stdout);
}

static void step_fail(const char *step, const char *fmt, ...)
{
    va_list ap;
    failures++;
    printf("kvmaccel: %s FAIL: ", step);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static uint64_t port_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static void port_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    pthread_mutex_lock(&seen.lock);
    if (off == 0) {
        seen.writes++;
        seen.last = (uint8_t)val;
    } else {
        seen.boots++;
    }
    pthread_cond_broadcast(&seen.cond);
    pthread_mutex_unlock(&seen.lock);
}

static const MemOps port_ops = {port_read, port_write};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Waits until the stream has carried byte want after at least one more
 * write, and there have been at least boots boot marks. */
static bool wait_for(uint8_t want, unsigned boots)
{
    int64_t end = now_ns() + WAIT_NS;
    pthread_mutex_lock(&seen.lock);
    uint64_t from = seen.writes;
    while (!(seen.writes > from && seen.last == want && seen.boots >= boots) && now_ns() < end) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 20000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&seen.cond, &seen.lock, &ts);
    }
    bool ok = seen.writes > from && seen.last == want && seen.boots >= boots;
    pthread_mutex_unlock(&seen.lock);
    return ok;
}

static void expect(const char *step, uint8_t want, unsigned boots)
{
    if (wait_for(want, boots)) {
        step_ok(step);
        return;
    }
    pthread_mutex_lock(&seen.lock);
    step_fail(step, "after 10 s: %llu writes, last byte 0x%02x (want 0x%02x), %u boots (want %u)",
              (unsigned long long)seen.writes, seen.last, want, seen.boots, boots);
    pthread_mutex_unlock(&seen.lock);
}

static uint64_t writes_now(void)
{
    pthread_mutex_lock(&seen.lock);
    uint64_t n = seen.writes;
    pthread_mutex_unlock(&seen.lock);
    return n;
}

/* Page-aligned host memory for a region, filled with byte. */
static uint8_t *region_mem(size_t size, uint8_t byte)
{
    uint8_t *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    memset(p, byte, size);
    return p;
}

static int build_machine(CPUState **cpu)
{
    char err[256];
    MachineOpts o = {0};
    uint8_t *low = region_mem(DATA_GPA, 0xf4), *rom = region_mem(ROM_SIZE, 0xf4);
    uint8_t *data_a = region_mem(0x1000, 0x11);
    if (!low || !rom || !data_a) {
        step_fail("create", "out of memory");
        return -1;
    }
    memcpy(low + 0x1000, loop_code, sizeof loop_code);
    memcpy(rom + 0xfff0, reset_code, sizeof reset_code);
    if (accel_kvm.init(&o, err, sizeof err) < 0) {
        step_fail("create", "%s", err);
        return -1;
    }
    accel = &accel_kvm;
    mem_add_ram(0, DATA_GPA, low, "low");
    mem_add_ram(DATA_GPA, 0x1000, data_a, "data-a");
    mem_add_ram(ROM_GPA, ROM_SIZE, rom, "reset");
    io_add(0x10, 2, &port_ops, NULL, "kvmaccel");
    *cpu = accel->vcpu_create(&(AccelVcpuSpec){0, 1, NULL}, err, sizeof err);
    if (!*cpu || mem_listen(&accel->mem, err, sizeof err) < 0) {
        step_fail("create", "%s", err);
        return -1;
    }
    vcpu_register(*cpu, true);
    step_ok("create");
    return 0;
}

int main(void)
{
    CPUState *cpu;
    if (build_machine(&cpu) < 0) {
        printf("kvmaccel: FAIL\n");
        return 1;
    }
    vcpus_start();
    expect("run", 0x11, 1);

    vcpus_pause();
    uint64_t before = writes_now();
    usleep(200000);
    uint64_t after = writes_now();
    if (after == before)
        step_ok("pause");
    else
        step_fail("pause", "%llu writes while paused", (unsigned long long)(after - before));
    vcpus_resume();
    expect("resume", 0x11, 1);

    uint8_t *data_b = region_mem(0x1000, 0x22);
    vcpus_pause();
    bool removed = mem_remove(DATA_GPA);
    mem_add_ram(DATA_GPA, 0x1000, data_b, "data-b");
    vcpus_resume();
    if (!removed)
        step_fail("swap", "mem_remove found no region at 0x%x", DATA_GPA);
    expect("swap", 0x22, 1);

    vcpus_pause();
    removed = mem_remove(DATA_GPA);
    vcpus_resume();
    if (!removed)
        step_fail("remove", "mem_remove found no region at 0x%x", DATA_GPA);
    expect("remove", 0xff, 1);

    vcpus_pause();
    accel->vcpu_reset(cpu);
    vcpus_resume();
    expect("reset", 0xff, 2);

    vcpus_stop();
    accel->fini();
    printf(failures ? "kvmaccel: FAIL\n" : "kvmaccel: all steps ok\n");
    return failures ? 1 : 0;
}
