/*
 * The arm `virt` board, laid out as qemu's:
 *
 *     0x08000000  GICv2 distributor      0x08010000  GICv2 CPU interface
 *     0x09000000  PL011 UART (SPI 1)     0x09010000  PL031 RTC (SPI 2)
 *     0x0a000000  32 virtio-mmio transports, 0x200 apart (SPI 16 + n)
 *     0x40000000  RAM
 *
 * with 1 to 4 ARMv7-A vCPUs, each with its generic timer on PPIs 30
 * (physical) and 27 (virtual), PSCI answered over HVC, and the kernel,
 * initrd and device tree placed as qemu's arm boot code does.
 *
 * Locking: GIC, UART and RTC state is device state (the device lock).
 * MMIO callbacks and event-loop callbacks already hold it; the generic
 * timer's line changes come from a vCPU thread inside a CP15 access, and
 * take it here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/mmu.h"
#include "system/accel/accel.h"
#include "system/board.h"
#include "system/boards/virt_fdt.h"
#include "system/boot/arm_boot.h"
#include "system/chardev.h"
#include "system/cpus.h"
#include "system/event.h"
#include "system/hw/gic.h"
#include "system/hw/pl011.h"
#include "system/hw/pl031.h"
#include "system/softmmu.h"
#include "xrun/util.h"

#define VIRT_MAX_SMP 4
#define VIRT_DEFAULT_RAM (128ull << 20)
#define VIRT_MAX_RAM (3ull << 30) /* RAM ends at the top of the 32-bit space */
#define VIRT_GIC_NUM_IRQ (32 + 256)
#define VIRT_PPI_PHYS_TIMER 14 /* interrupt ID 30 */
#define VIRT_PPI_VIRT_TIMER 11 /* interrupt ID 27 */

typedef struct VirtBoard {
    uint8_t *ram;
    uint64_t ram_size;
    int ncpus;
    CPUARMState *cpus[VIRT_MAX_SMP];
    Timer *gt_timer[VIRT_MAX_SMP][ARM_GT_N];
    Gic *gic;
    Chardev *serial;
    Pl011 *uart;
    Pl031 *rtc;
} VirtBoard;

static VirtBoard virt;

static int cpu_index_of(const CPUARMState *env)
{
    return env->common.cpu_index;
}

/* -- CPU interrupt lines -- */

static void cpu_irq_set(void *opaque, int mask, int level)
{
    CPUState *cpu = opaque;
    if (level)
        cpu_interrupt(cpu, (uint32_t)mask);
    else
        cpu_reset_interrupt(cpu, (uint32_t)mask);
}

/* -- Generic timers -- */

/* A timer deadline passed: the cpu re-evaluates its timers on its own
 * thread, where their lines may change. */
static void gt_timer_fired(void *opaque)
{
    arm_gt_tick(opaque);
}

static void virt_gt_set_irq(void *opaque, CPUARMState *env, int timer, bool level)
{
    int ppi = timer == ARM_GT_PHYS ? VIRT_PPI_PHYS_TIMER : VIRT_PPI_VIRT_TIMER;
    IrqLine line = gic_ppi(virt.gic, cpu_index_of(env), ppi);
    sys_lock();
    irq_set(&line, level);
    sys_unlock();
}

static void virt_gt_set_deadline(void *opaque, CPUARMState *env, int timer, int64_t deadline_ns)
{
    Timer *t = virt.gt_timer[cpu_index_of(env)][timer];
    if (deadline_ns == INT64_MAX)
        timer_del(t);
    else
        timer_mod(t, deadline_ns);
}

/* -- PSCI -- */

static CPUARMState *virt_psci_cpu_by_mpidr(void *opaque, uint32_t mpidr)
{
    uint32_t aff = mpidr & 0xffffff;
    return aff < (uint32_t)virt.ncpus ? virt.cpus[aff] : NULL;
}

static void virt_psci_power_on(void *opaque, CPUARMState *target)
{
    vcpu_power_on(&target->common, NULL, NULL);
}

static void virt_psci_power_off(void *opaque, CPUARMState *env)
{
    vcpu_power_off(&env->common);
}

/* The machine stops here: no vCPU, the caller included, runs another
 * instruction while main tears it down (a guest must never see SYSTEM_OFF
 * or SYSTEM_RESET return). */
static void virt_shutdown(int reason)
{
    sys_request_shutdown(reason);
    for (int i = 0; i < virt.ncpus; i++)
        vcpu_power_off(&virt.cpus[i]->common);
}

static void virt_psci_system_off(void *opaque)
{
    virt_shutdown(SHUTDOWN_POWEROFF);
}

static void virt_psci_system_reset(void *opaque)
{
    virt_shutdown(SHUTDOWN_RESET);
}

static const ArmSysHooks virt_hooks = {
    .gt_set_irq = virt_gt_set_irq,
    .gt_set_deadline = virt_gt_set_deadline,
    .psci_cpu_by_mpidr = virt_psci_cpu_by_mpidr,
    .psci_power_on = virt_psci_power_on,
    .psci_power_off = virt_psci_power_off,
    .psci_system_off = virt_psci_system_off,
    .psci_system_reset = virt_psci_system_reset,
};

/* -- Virtio slots -- */

/* Devices take transports from the highest address down, as on qemu's
 * virt, so that a guest names them (vda, vdb, eth0, ...) as it does there. */
static bool virt_vdev_slot(void *opaque, int n, hwaddr *base, IrqLine *irq)
{
    if (n >= VIRT_MMIO_COUNT)
        return false;
    int slot = VIRT_MMIO_COUNT - 1 - n;
    *base = VIRT_MMIO_BASE + (hwaddr)slot * VIRT_MMIO_STRIDE;
    *irq = gic_input(virt.gic, 32 + VIRT_MMIO_SPI_FIRST + slot);
    return true;
}

/* -- Init -- */

static int virt_init(const MachineOpts *o, char *err, size_t errlen)
{
    const char *cpu_name = o->cpu ? o->cpu : "cortex-a15";
    const ArmSysModel *model = arm_sys_model_find(cpu_name);
    if (!model) {
        snprintf(err, errlen, "-cpu %s: unknown CPU model (-cpu help lists them)", cpu_name);
        return -1;
    }
    static const BoardLimits limits = {"virt", VIRT_MAX_SMP, 16ull << 20, VIRT_MAX_RAM, VIRT_DEFAULT_RAM};
    if (board_check_opts(o, &limits, &virt.ncpus, &virt.ram_size, err, errlen) < 0)
        return -1;

    virt.ram = mmap(NULL, virt.ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (virt.ram == MAP_FAILED) {
        snprintf(err, errlen, "-m: cannot allocate %llu MiB of guest RAM", (unsigned long long)(virt.ram_size >> 20));
        return -1;
    }
    mem_add_ram(VIRT_RAM_BASE, virt.ram_size, virt.ram, "ram");
    softmmu_init(&arm_guest_arch, VIRT_RAM_BASE + virt.ram_size);
    arm_mmu_init();

    virt.gic = gic_new(virt.ncpus, VIRT_GIC_NUM_IRQ);
    mem_add_io(VIRT_GIC_DIST_BASE, GIC_DIST_SIZE, &gic_dist_ops, virt.gic, "gic-dist");
    mem_add_io(VIRT_GIC_CPU_BASE, GIC_CPU_SIZE, &gic_cpu_ops, virt.gic, "gic-cpu");

    virt.serial = board_open_serial(o, err, errlen);
    if (!virt.serial)
        return -1;
    virt.uart = pl011_new(virt.serial, gic_input(virt.gic, 32 + VIRT_UART_SPI));
    mem_add_io(VIRT_UART_BASE, PL011_SIZE, &pl011_ops, virt.uart, "pl011");
    virt.rtc = pl031_new(gic_input(virt.gic, 32 + VIRT_RTC_SPI));
    mem_add_io(VIRT_RTC_BASE, PL031_SIZE, &pl031_ops, virt.rtc, "pl031");

    for (int i = 0; i < virt.ncpus; i++) {
        CPUState *cpu = accel->vcpu_create(&(AccelVcpuSpec){i, virt.ncpus, &arm_guest_arch}, err, errlen);
        if (!cpu)
            return -1;
        CPUARMState *env = (CPUARMState *)cpu;
        arm_sys_cpu_reset(env, model, i);
        env->hooks = &virt_hooks;
        env->hooks_opaque = &virt;
        arm_psci_set_conduit(env, ARM_PSCI_HVC, ARM_PSCI_VERSION_1_0);
        env->powered_off = i != 0; /* secondaries wait for PSCI CPU_ON */
        virt.cpus[i] = env;
        for (int t = 0; t < ARM_GT_N; t++)
            virt.gt_timer[i][t] = timer_new(gt_timer_fired, env);
        gic_connect_cpu(virt.gic, i, (IrqLine){cpu_irq_set, cpu, CPU_INTERRUPT_HARD},
                        (IrqLine){cpu_irq_set, cpu, CPU_INTERRUPT_FIQ});
        vcpu_register(cpu, i == 0);
    }

    if (vdevs_create(o, virt_vdev_slot, NULL, STDOUT_FILENO, err, errlen) != 0)
        return -1;

    ArmBootConfig cfg = {
        .kernel = o->kernel,
        .initrd = o->initrd,
        .dtb = o->dtb,
        .ram_base = VIRT_RAM_BASE,
        .ram_size = virt.ram_size,
        .ram = virt.ram,
        .fdt = {.ncpus = (unsigned)virt.ncpus,
                .cpu_compatible = !strcmp(cpu_name, "cortex-a7") ? "arm,cortex-a7" : "arm,cortex-a15",
                .bootargs = o->append},
    };
    ArmBootState st;
    if (!arm_boot_load(&cfg, &st, err, errlen))
        return -1;
    CPUARMState *boot = virt.cpus[0];
    for (int r = 0; r < 3; r++)
        boot->regs[r] = st.r[r];
    boot->regs[15] = st.pc;
    return 0;
}

static void virt_fini(void)
{
    vdevs_fini();
    if (virt.serial)
        chr_close(virt.serial);
}

static const char *const virt_cpu_models[] = {"cortex-a15", "cortex-a7", "max", NULL};

const Board board_virt = {
    .name = "virt",
    .desc = "QEMU-compatible ARM Virtual Machine (GICv2, PL011, PL031, virtio-mmio)",
    .default_cpu = "cortex-a15",
    .cpu_models = virt_cpu_models,
    .init = virt_init,
    .fini = virt_fini,
};
