/*
 * What a return from KVM_RUN asks of the emulator (system/accel/kvm_int.h).
 *
 * KVM runs the guest until it touches something the kernel does not
 * emulate. Port I/O and MMIO exits carry the access in the shared kvm_run
 * area; a read is answered by writing the value there, and the next
 * KVM_RUN completes the guest's instruction with it. An "in" or "out"
 * with a rep prefix arrives as count accesses of size bytes each.
 */
#include <stdio.h>
#include <string.h>

#include "system/accel/kvm_int.h"
#include "system/cpus.h"
#include "system/hw/dev_log.h"
#include "system/ioport.h"
#include "system/memory.h"

static void handle_io(struct kvm_run *run)
{
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    unsigned size = run->io.size;
    for (uint32_t i = 0; i < run->io.count; i++, data += size) {
        uint64_t v = 0;
        bool ok;
        if (run->io.direction == KVM_EXIT_IO_OUT) {
            memcpy(&v, data, size);
            ok = io_write(run->io.port, size, v);
        } else {
            ok = io_read(run->io.port, size, &v);
            memcpy(data, &v, size);
        }
        if (!ok && io_first_miss(run->io.port))
            dev_guest_error("ioport", "%s of %u bytes at unassigned port 0x%x", run->io.direction ==
                            KVM_EXIT_IO_OUT ? "write" : "read", size, run->io.port);
    }
}

static void handle_mmio(struct kvm_run *run)
{
    unsigned len = run->mmio.len;
    uint64_t v = 0;
    if (len != 1 && len != 2 && len != 4 && len != 8) {
        dev_guest_error("mmio", "access of %u bytes at 0x%llx", len, (unsigned long long)run->mmio.phys_addr);
        if (!run->mmio.is_write)
            memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
        return;
    }
    if (run->mmio.is_write) {
        memcpy(&v, run->mmio.data, len);
        if (!mem_write(run->mmio.phys_addr, len, v))
            dev_guest_error("mmio", "write of %u bytes to unassigned 0x%llx", len,
                            (unsigned long long)run->mmio.phys_addr);
    } else {
        if (!mem_read(run->mmio.phys_addr, len, &v)) {
            v = ~0ull; /* unassigned space floats high, as on a PC */
            dev_guest_error("mmio", "read of %u bytes from unassigned 0x%llx", len,
                            (unsigned long long)run->mmio.phys_addr);
        }
        memcpy(run->mmio.data, &v, len);
    }
}

int kvm_handle_exit(struct kvm_run *run, int cpu_index, char *msg, size_t msglen)
{
    msg[0] = 0;
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        handle_io(run);
        return KVM_ACT_RESUME;
    case KVM_EXIT_MMIO:
        handle_mmio(run);
        return KVM_ACT_RESUME;
    case KVM_EXIT_INTR:
    case KVM_EXIT_HLT: /* with the in-kernel irqchip, only a kick gets here */
        return KVM_ACT_RESUME;
    case KVM_EXIT_SHUTDOWN:
        /* A triple fault: a PC resets. Linux's last reboot method. */
        sys_request_shutdown(SHUTDOWN_RESET);
        return KVM_ACT_STOP;
    case KVM_EXIT_SYSTEM_EVENT:
        switch (run->system_event.type) {
        case KVM_SYSTEM_EVENT_SHUTDOWN:
            sys_request_shutdown(SHUTDOWN_POWEROFF);
            return KVM_ACT_STOP;
        case KVM_SYSTEM_EVENT_RESET:
            sys_request_shutdown(SHUTDOWN_RESET);
            return KVM_ACT_STOP;
        default:
            snprintf(msg, msglen, "vCPU %d: system event %u (crash)", cpu_index, run->system_event.type);
            return KVM_ACT_FATAL;
        }
    case KVM_EXIT_FAIL_ENTRY:
        snprintf(msg, msglen, "vCPU %d: the host CPU refused to enter the guest (hardware reason %#llx)",
                 cpu_index, (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        return KVM_ACT_FATAL;
    case KVM_EXIT_INTERNAL_ERROR:
        snprintf(msg, msglen, "vCPU %d: KVM internal error, suberror %u%s", cpu_index, run->internal.suberror,
                 run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION ? " (an instruction KVM could not emulate)"
                                                                          : "");
        return KVM_ACT_FATAL;
    default:
        snprintf(msg, msglen, "vCPU %d: unexpected KVM exit %u", cpu_index, run->exit_reason);
        return KVM_ACT_FATAL;
    }
}

void kvm_format_regs(const struct kvm_regs *r, const struct kvm_sregs *s, char *buf, size_t len)
{
    snprintf(buf, len,
             "rip %016llx rflags %08llx rsp %016llx rbp %016llx\n"
             "rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
             "rsi %016llx rdi %016llx r8  %016llx r9  %016llx\n"
             "r10 %016llx r11 %016llx r12 %016llx r13 %016llx\n"
             "r14 %016llx r15 %016llx\n"
             "cs %04x base %llx l %u db %u   ss %04x   ds %04x   tr %04x\n"
             "cr0 %08llx cr2 %016llx cr3 %016llx cr4 %08llx efer %llx\n"
             "gdt %llx/%x idt %llx/%x\n",
             (unsigned long long)r->rip, (unsigned long long)r->rflags, (unsigned long long)r->rsp,
             (unsigned long long)r->rbp, (unsigned long long)r->rax, (unsigned long long)r->rbx,
             (unsigned long long)r->rcx, (unsigned long long)r->rdx, (unsigned long long)r->rsi,
             (unsigned long long)r->rdi, (unsigned long long)r->r8, (unsigned long long)r->r9,
             (unsigned long long)r->r10, (unsigned long long)r->r11, (unsigned long long)r->r12,
             (unsigned long long)r->r13, (unsigned long long)r->r14, (unsigned long long)r->r15, s->cs.selector,
             (unsigned long long)s->cs.base, s->cs.l, s->cs.db, s->ss.selector, s->ds.selector, s->tr.selector,
             (unsigned long long)s->cr0, (unsigned long long)s->cr2, (unsigned long long)s->cr3,
             (unsigned long long)s->cr4, (unsigned long long)s->efer, (unsigned long long)s->gdt.base,
             s->gdt.limit, (unsigned long long)s->idt.base, s->idt.limit);
}

void kvm_cpuid_adapt(struct kvm_cpuid_entry2 *e, unsigned n, unsigned index, unsigned ncpus)
{
    for (unsigned i = 0; i < n; i++) {
        switch (e[i].function) {
        case 1:
            e[i].ebx = (e[i].ebx & 0x0000ffffu) | (index & 0xff) << 24 | (ncpus & 0xff) << 16;
            if (ncpus > 1)
                e[i].edx |= 1u << 28; /* HTT: the count above is valid */
            e[i].ecx |= 1u << 31;     /* running under a hypervisor */
            break;
        case 0xb:
        case 0x1f:
            e[i].edx = index; /* x2APIC id, on every level */
            break;
        case 0x8000001e:
            e[i].eax = index; /* extended APIC id */
            break;
        default:
            break;
        }
    }
}
