/*
 * The x86_64 `microvm` board, as qemu's microvm and Firecracker lay it out:
 *
 *     0x00000000  RAM (below 3 GiB; the rest from 4 GiB)
 *       0x000e0000  ACPI tables (RSDP, XSDT, FADT, MADT, DSDT), reserved in e820
 *       0x000ffff0  the reset stub (see mvm_reset_stub)
 *     0xfea00000  generic event device: ACPI poweroff and reset (GSI 9)
 *     0xfeb00000  18 virtio-mmio transports, 0x200 apart (GSIs 16-23, then
 *                 the ISA lines nothing here uses: 5-8, 10-15)
 *     0xfec00000  IOAPIC, 0xfee00000 local APICs: in the kernel (KVM)
 *     port 0x3f8  16550A UART (COM1, GSI 4); ports 0x60/0x64/0x92 the
 *                 i8042 reset stub
 *
 * with 1 to 64 vCPUs run by KVM. The kernel boots through the 64-bit Linux
 * boot protocol (system/boot/x86_boot.c). Debian's amd64 kernel has no
 * command-line virtio-mmio devices, so the board describes itself with
 * ACPI tables (system/hw/acpi/), as qemu's microvm does: the kernel finds
 * the UART, the virtio devices and the event device in the DSDT, and
 * `poweroff` and `reboot` write the event device's registers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "system/accel/accel.h"
#include "system/accel/kvm.h"
#include "system/board.h"
#include "system/boot/x86_boot.h"
#include "system/chardev.h"
#include "system/cpus.h"
#include "system/hw/acpi/acpi_tables.h"
#include "system/hw/acpi/ged.h"
#include "system/hw/i8042.h"
#include "system/hw/serial8250.h"
#include "system/ioport.h"
#include "xrun/util.h"

#define MVM_DEFAULT_RAM (128ull << 20)
#define MVM_MIN_RAM (32ull << 20)
#define MVM_MAX_RAM (64ull << 30)
#define MVM_ACPI_BASE 0xe0000u
#define MVM_ACPI_SIZE 0x1f000u
#define MVM_RESET_VECTOR 0xffff0u
#define MVM_GED_BASE 0xfea00000u
#define MVM_GED_GSI 9
#define MVM_UART_PORT 0x3f8
#define MVM_UART_GSI 4
#define MVM_MMIO_BASE 0xfeb00000u
#define MVM_MMIO_STRIDE 0x200u
#define MVM_MMIO_COUNT 18

/* The virtio transports' interrupt lines: the IOAPIC's PCI-style inputs
 * first, then ISA lines no device of this board drives (the DSDT makes
 * them level-triggered, as virtio-mmio interrupts are). */
static const uint8_t mvm_mmio_gsi[MVM_MMIO_COUNT] = {16, 17, 18, 19, 20, 21, 22, 23, 5,
                                                     6,  7,  8,  10, 11, 12, 13, 14, 15};

static struct {
    uint8_t *ram;
    uint64_t ram_size;
    int ncpus;
    Chardev *serial;
    Serial8250 *uart;
    I8042 *kbc;
    Ged *ged;
} mvm;

/* Devices take transports from the first up; each has its own GSI. */
static bool mvm_vdev_slot(void *opaque, int n, hwaddr *base, IrqLine *irq)
{
    if (n >= MVM_MMIO_COUNT)
        return false;
    *base = MVM_MMIO_BASE + (hwaddr)n * MVM_MMIO_STRIDE;
    *irq = accel->irq_line(mvm_mmio_gsi[n], true);
    return true;
}

static int mvm_check_opts(const MachineOpts *o, char *err, size_t errlen)
{
    if (accel != &accel_kvm) {
        snprintf(err, errlen, "-M microvm: runs under KVM only (-accel kvm)");
        return -1;
    }
    if (o->cpu && strcmp(o->cpu, "host")) {
        snprintf(err, errlen, "-cpu %s: unknown CPU model (-cpu help lists them)", o->cpu);
        return -1;
    }
    static const BoardLimits limits = {"microvm", KVM_MAX_VCPUS, MVM_MIN_RAM, MVM_MAX_RAM, MVM_DEFAULT_RAM};
    return board_check_opts(o, &limits, &mvm.ncpus, &mvm.ram_size, err, errlen);
}

static int mvm_acpi(hwaddr *rsdp, char *err, size_t errlen)
{
    AcpiMmioDev virtio[MVM_MMIO_COUNT];
    for (int n = 0; n < MVM_MMIO_COUNT; n++)
        virtio[n] = (AcpiMmioDev){.base = MVM_MMIO_BASE + n * MVM_MMIO_STRIDE, .size = MVM_MMIO_STRIDE,
                                  .gsi = mvm_mmio_gsi[n]};
    AcpiConfig cfg = {
        .ncpus = (unsigned)mvm.ncpus,
        .ioapic_id = (uint8_t)mvm.ncpus, /* after the local APIC ids */
        .ioapic_addr = ACPI_IOAPIC_ADDR,
        .i8042 = false,                  /* only its reset line is modelled: no probe */
        .uart_port = MVM_UART_PORT,
        .uart_gsi = MVM_UART_GSI,
        .virtio = virtio,
        .nvirtio = MVM_MMIO_COUNT,
        .ged_base = MVM_GED_BASE,
        .ged_gsi = MVM_GED_GSI,
    };
    AcpiLayout lay;
    if (acpi_build_tables(&cfg, MVM_ACPI_BASE, mvm.ram + MVM_ACPI_BASE, MVM_ACPI_SIZE, &lay, err, errlen) < 0)
        return -1;
    *rsdp = lay.rsdp;
    return 0;
}

/*
 * Where a PC's BIOS has its reset vector (F000:FFF0), a stub that resets
 * the machine through the i8042. There is no firmware here, and Linux on a
 * hardware-reduced ACPI platform without EFI reboots the BIOS way
 * (machine_real_restart: real mode, then a jump to the reset vector)
 * unless the command line says otherwise; the stub makes that reset the
 * machine, as the BIOS would.
 */
static void mvm_reset_stub(void)
{
    static const uint8_t stub[] = {
        0xb0, 0xfe,       /* mov al, 0xfe */
        0xe6, 0x64,       /* out 0x64, al: pulse the reset line */
        0xf4,             /* hlt */
        0xeb, 0xfd,       /* jmp back to the hlt */
    };
    memcpy(mvm.ram + MVM_RESET_VECTOR, stub, sizeof stub);
}

static int mvm_init(const MachineOpts *o, char *err, size_t errlen)
{
    if (mvm_check_opts(o, err, errlen) < 0)
        return -1;
    X86RamRegion regions[2];
    unsigned nregions = x86_boot_ram_regions(mvm.ram_size, regions);
    mvm.ram = mmap(NULL, mvm.ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mvm.ram == MAP_FAILED) {
        mvm.ram = NULL;
        snprintf(err, errlen, "-m: cannot allocate %llu MiB of guest RAM", (unsigned long long)(mvm.ram_size >> 20));
        return -1;
    }
    for (unsigned i = 0; i < nregions; i++)
        mem_add_ram(regions[i].guest_addr, regions[i].size, mvm.ram + regions[i].host_offset,
                    i ? "ram-high" : "ram");

    mvm.serial = board_open_serial(o, err, errlen);
    if (!mvm.serial)
        return -1;
    mvm.uart = serial8250_new(MVM_UART_PORT, mvm.serial, accel->irq_line(MVM_UART_GSI, false));
    mvm.kbc = i8042_new();
    mvm.ged = ged_new();
    if (!mvm.uart || !mvm.kbc || !mvm.ged) {
        snprintf(err, errlen, "-M microvm: cannot place the legacy devices");
        return -1;
    }
    mem_add_io(MVM_GED_BASE, GED_MMIO_SIZE, &ged_ops, mvm.ged, "ged");
    if (vdevs_create(o, mvm_vdev_slot, NULL, STDOUT_FILENO, err, errlen) != 0)
        return -1;

    hwaddr rsdp;
    if (mvm_acpi(&rsdp, err, errlen) < 0)
        return -1;
    X86BootConfig cfg = {
        .kernel = o->kernel,
        .initrd = o->initrd,
        .cmdline = o->append,
        .ram = mvm.ram,
        .ram_size = mvm.ram_size,
        .acpi_rsdp_addr = rsdp,
        .map_files = true,
    };
    X86BootState st;
    if (!x86_boot_load(&cfg, &st, err, errlen))
        return -1;
    mvm_reset_stub();

    for (int i = 0; i < mvm.ncpus; i++) {
        CPUState *cpu = accel->vcpu_create(&(AccelVcpuSpec){i, mvm.ncpus, NULL}, err, errlen);
        if (!cpu || (i == 0 && kvm_vcpu_set_boot_state(cpu, &st, err, errlen) < 0))
            return -1;
        vcpu_register(cpu, true); /* the others wait in their local APIC for INIT/SIPI */
    }
    return 0;
}

static void mvm_fini(void)
{
    vdevs_fini();
    if (mvm.uart)
        serial8250_free(mvm.uart);
    if (mvm.kbc)
        i8042_free(mvm.kbc);
    if (mvm.serial)
        chr_close(mvm.serial);
    mvm.uart = NULL;
    mvm.kbc = NULL;
    mvm.serial = NULL;
}

static const char *const mvm_cpu_models[] = {"host", NULL};

const Board board_microvm = {
    .name = "microvm",
    .desc = "microvm (x86_64, KVM: ACPI, 16550A UART, virtio-mmio)",
    .default_cpu = "host",
    .cpu_models = mvm_cpu_models,
    .init = mvm_init,
    .fini = mvm_fini,
};
