/*
 * tests/system/kvm/kvmprobe.c — does /dev/kvm run guest code here?
 *
 * The smallest KVM program that proves the whole path the x86_64 board
 * needs: open /dev/kvm, agree on API version 12, make a VM with one 4 KiB
 * memory slot at guest physical 0x1000, one vCPU in real mode (CS base
 * 0x1000, IP 0), and run this code until it stops:
 *
 *     mov dx, 0x3f8      ; ba f8 03
 *     mov al, 0x5a       ; b0 5a
 *     out dx, al         ; ee         -> KVM_EXIT_IO, port 0x3f8, 1 byte 0x5a
 *     hlt                ; f4         -> KVM_EXIT_HLT
 *
 * Each step prints "kvmprobe: STEP ok" or "kvmprobe: STEP FAIL: why"; the
 * exit status is 0 only when every step is ok. Built static on the host
 * (make build/tests/kvmprobe) so it runs in the outer VM's initramfs too.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PROBE_GPA 0x1000
#define PROBE_SIZE 0x1000
#define PROBE_PORT 0x3f8
#define PROBE_VALUE 0x5a

static const uint8_t probe_code[] = {
    0xba, 0xf8, 0x03, /* mov dx, 0x3f8 */
    0xb0, 0x5a,       /* mov al, 0x5a */
    0xee,             /* out dx, al */
    0xf4,             /* hlt */
};

static int probe_failures;

static void probe_ok(const char *step, const char *fmt, ...)
{
    va_list ap;

    printf("kvmprobe: %s ok", step);
    if (fmt) {
        printf(" (");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf(")");
    }
    printf("\n");
    fflush(stdout);
}

static void probe_fail(const char *step, const char *fmt, ...)
{
    va_list ap;

    probe_failures++;
    printf("kvmprobe: %s FAIL: ", step);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

static const char *probe_exit_name(uint32_t reason)
{
    switch (reason) {
    case KVM_EXIT_IO: return "KVM_EXIT_IO";
    case KVM_EXIT_HLT: return "KVM_EXIT_HLT";
    case KVM_EXIT_MMIO: return "KVM_EXIT_MMIO";
    case KVM_EXIT_SHUTDOWN: return "KVM_EXIT_SHUTDOWN";
    case KVM_EXIT_FAIL_ENTRY: return "KVM_EXIT_FAIL_ENTRY";
    case KVM_EXIT_INTERNAL_ERROR: return "KVM_EXIT_INTERNAL_ERROR";
    default: return "another exit";
    }
}

/* Real mode at CS:IP = 0x100:0, i.e. the slot's first byte. */
static int probe_setup_regs(int vcpu)
{
    struct kvm_sregs sregs;
    struct kvm_regs regs;

    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
        probe_fail("sregs", "KVM_GET_SREGS: %s", strerror(errno));
        return -1;
    }
    sregs.cs.base = PROBE_GPA;
    sregs.cs.selector = PROBE_GPA >> 4;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) {
        probe_fail("sregs", "KVM_SET_SREGS: %s", strerror(errno));
        return -1;
    }
    memset(&regs, 0, sizeof(regs));
    regs.rip = 0;
    regs.rflags = 0x2; /* bit 1 is reserved and must be set */
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) {
        probe_fail("regs", "KVM_SET_REGS: %s", strerror(errno));
        return -1;
    }
    probe_ok("real mode", "cs=0x%x:0", PROBE_GPA >> 4);
    return 0;
}

/* One KVM_RUN, which must end with the exit WANT. */
static int probe_enter(int vcpu, const struct kvm_run *run, const char *step,
                       uint32_t want)
{
    if (ioctl(vcpu, KVM_RUN, 0) < 0) {
        probe_fail(step, "KVM_RUN: %s", strerror(errno));
        return -1;
    }
    if (run->exit_reason != want) {
        probe_fail(step, "exit reason %u (%s), want %s", run->exit_reason,
                   probe_exit_name(run->exit_reason), probe_exit_name(want));
        return -1;
    }
    return 0;
}

/* The two exits the code must give, in order: the OUT, then the HLT. */
static int probe_run(int vcpu, struct kvm_run *run)
{
    const uint8_t *data;

    if (probe_enter(vcpu, run, "exit io", KVM_EXIT_IO) < 0)
        return -1;
    data = (const uint8_t *)run + run->io.data_offset;
    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != PROBE_PORT ||
        run->io.size != 1 || run->io.count != 1 || data[0] != PROBE_VALUE) {
        probe_fail("exit io", "dir %u port 0x%x size %u count %u value 0x%02x",
                   run->io.direction, run->io.port, run->io.size, run->io.count,
                   data[0]);
        return -1;
    }
    probe_ok("exit io", "out port 0x%x value 0x%02x", run->io.port, data[0]);

    if (probe_enter(vcpu, run, "exit hlt", KVM_EXIT_HLT) < 0)
        return -1;
    probe_ok("exit hlt", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/kvm";
    struct kvm_userspace_memory_region region;
    struct kvm_run *run = MAP_FAILED;
    uint8_t *mem = MAP_FAILED;
    int kvm, vm = -1, vcpu = -1, version, run_size = 0;

    kvm = open(path, O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        probe_fail("open", "%s: %s", path, strerror(errno));
        goto out;
    }
    probe_ok("open", "%s", path);

    version = ioctl(kvm, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION) {
        probe_fail("api version", "got %d, want %d", version, KVM_API_VERSION);
        goto out;
    }
    probe_ok("api version", "%d", version);

    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) {
        probe_fail("create vm", "KVM_CREATE_VM: %s", strerror(errno));
        goto out;
    }
    probe_ok("create vm", NULL);

    mem = mmap(NULL, PROBE_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        probe_fail("memory", "mmap: %s", strerror(errno));
        goto out;
    }
    memcpy(mem, probe_code, sizeof(probe_code));
    memset(&region, 0, sizeof(region));
    region.slot = 0;
    region.guest_phys_addr = PROBE_GPA;
    region.memory_size = PROBE_SIZE;
    region.userspace_addr = (uintptr_t)mem;
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
        probe_fail("memory", "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
        goto out;
    }
    probe_ok("memory", "slot 0 at 0x%x, %d bytes", PROBE_GPA, PROBE_SIZE);

    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) {
        probe_fail("create vcpu", "KVM_CREATE_VCPU: %s", strerror(errno));
        goto out;
    }
    run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size < (int)sizeof(*run)) {
        probe_fail("create vcpu", "KVM_GET_VCPU_MMAP_SIZE: %d", run_size);
        goto out;
    }
    run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) {
        probe_fail("create vcpu", "mmap of kvm_run: %s", strerror(errno));
        goto out;
    }
    probe_ok("create vcpu", "kvm_run %d bytes", run_size);

    if (probe_setup_regs(vcpu) == 0)
        probe_run(vcpu, run);

out:
    if (run != MAP_FAILED)
        munmap(run, run_size);
    if (vcpu >= 0)
        close(vcpu);
    if (mem != MAP_FAILED)
        munmap(mem, PROBE_SIZE);
    if (vm >= 0)
        close(vm);
    if (kvm >= 0)
        close(kvm);
    printf("kvmprobe: %s\n", probe_failures ? "FAIL" : "all steps ok");
    return probe_failures ? 1 : 0;
}
