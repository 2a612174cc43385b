/*
 * ARM (AArch32) signal frames: building them on the guest stack when a
 * handler is delivered, and taking them down in sigreturn/rt_sigreturn.
 * Layouts are in sigframe.h; they follow the Linux kernel's, so glibc,
 * unwinders and debuggers find what they expect.
 *
 * Entering a handler (as the kernel's setup_return does):
 *   r0 = signal, r1 = &frame->info, r2 = &frame->sig.uc (SA_SIGINFO only),
 *   sp = frame (8-byte aligned), lr = sa_restorer (glibc always sets
 *   SA_RESTORER) or the retcode trampoline in the frame, pc = handler with
 *   bit 0 selecting Thumb; NZCVQ, the IT state and E are cleared, and
 *   FPSCR.{LEN,STRIDE} are reset so the handler runs with scalar VFP.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "frontends/arm/cpu.h"
#include "linux-user/arm/sigframe.h"
#include "linux-user/signal_priv.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/user_priv.h"

#define CPSR_T (1u << 5)
#define CPSR_E (1u << 9)
#define CPSR_IT_LO (3u << 25)           /* IT[1:0] */
#define CPSR_IT_HI (0x3fu << 10)        /* IT[7:2] */
#define CPSR_FLAGS 0xff000000u          /* N Z C V Q IT[1:0] J */
#define CPSR_USER_WRITE 0xf80f0000u     /* NZCVQ + GE: what arm_cpsr_write gets */
#define CPSR_MODE_USR 0x10u
#define FPSCR_LEN_STRIDE 0x00370000u
#define FPEXC_EX (1u << 31)
#define FPEXC_EN (1u << 30)
#define FPEXC_FP2V (1u << 28)

/*
 * The kernel's sigreturn trampolines, used when SA_RESTORER is not set.
 * Index: 2 * thumb, + 3 for rt; two words are copied.
 *   mov r7, #119 ; swi #0x900077     (ARM, sigreturn)
 *   movs r7, #119 ; svc #0           (Thumb, sigreturn)
 *   mov r7, #173 ; swi #0x9000ad     (ARM, rt_sigreturn)
 *   movs r7, #173 ; svc #0           (Thumb, rt_sigreturn)
 * The swi immediates are the old-ABI numbers; EABI looks only at r7.
 */
static const uint32_t arm_sigreturn_codes[7] = {
    0xe3a07077, 0xef900077, 0xdf002777, 0xe3a070ad, 0xef9000ad, 0xdf0027ad, 0,
};

/*
 * Like the kernel, lr points into a read-only executable "[sigpage]" that
 * holds the trampolines (the words are also put in the frame, as the ABI
 * promises): the guest stack is usually not executable. Made on first use;
 * if that fails, lr points at the copy in the frame.
 */
static pthread_once_t arm_sigpage_once = PTHREAD_ONCE_INIT;
static abi_ulong arm_sigpage;

static void arm_sigpage_create(void)
{
    abi_long page = target_mmap(0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page < 0)
        return;
    memcpy(g2h((abi_ulong)page), arm_sigreturn_codes, sizeof(arm_sigreturn_codes));
    if (target_mprotect((abi_ulong)page, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC) < 0) {
        target_munmap((abi_ulong)page, GUEST_PAGE_SIZE);
        return;
    }
    mmap_set_name((abi_ulong)page, (abi_ulong)page + GUEST_PAGE_SIZE, "[sigpage]");
    arm_sigpage = (abi_ulong)page;
}

static CPUARMState *arm_env(CPUState *cpu) { return (CPUARMState *)cpu; }

static abi_ulong arm_sig_get_sp(CPUState *cpu) { return arm_env(cpu)->regs[13]; }

/* CPSR as saved in the frame: T and IT from their own fields, user mode. */
static uint32_t arm_sig_cpsr(const CPUARMState *env)
{
    uint32_t cpsr = arm_cpsr_read(env) & ~(CPSR_T | CPSR_IT_LO | CPSR_IT_HI | 0x1fu);
    uint32_t it = env->condexec_bits & 0xff;
    cpsr |= (env->thumb ? CPSR_T : 0) | (it & 3) << 25 | (it >> 2) << 10 | CPSR_MODE_USR;
    return cpsr;
}

static void arm_sig_set_cpsr(CPUARMState *env, uint32_t cpsr)
{
    arm_cpsr_write(env, cpsr, CPSR_USER_WRITE);
    env->thumb = (cpsr & CPSR_T) != 0;
    env->condexec_bits = ((cpsr >> 8) & 0xfc) | ((cpsr >> 25) & 3);
}

static void arm_sig_save_vfp(const CPUARMState *env, ArmUcontext *uc)
{
    ArmAuxSigframe *aux = (ArmAuxSigframe *)uc->uc_regspace;
    memset(aux, 0, sizeof(*aux));
    aux->vfp.magic = ARM_VFP_MAGIC;
    aux->vfp.size = sizeof(ArmVfpSigframe);
    memcpy(aux->vfp.ufp.fpregs, env->vfp_d, sizeof(aux->vfp.ufp.fpregs));
    aux->vfp.ufp.fpscr = arm_fpscr_read(env);
    aux->vfp.ufp_exc.fpexc = env->fpexc;
    aux->end_magic = 0;
}

static bool arm_sig_restore_vfp(CPUARMState *env, const ArmUcontext *uc)
{
    const ArmAuxSigframe *aux = (const ArmAuxSigframe *)uc->uc_regspace;
    if (aux->vfp.magic != ARM_VFP_MAGIC || aux->vfp.size != sizeof(ArmVfpSigframe))
        return false;
    memcpy(env->vfp_d, aux->vfp.ufp.fpregs, sizeof(env->vfp_d));
    arm_fpscr_write(env, aux->vfp.ufp.fpscr);
    /* As the kernel: no pending exception, VFP enabled. */
    env->fpexc = (aux->vfp.ufp_exc.fpexc | FPEXC_EN) & ~(FPEXC_EX | FPEXC_FP2V);
    return true;
}

/* Fills the ucontext the handler may inspect and sigreturn reads back. */
static void arm_sig_fill_ucontext(CPUState *cpu, ArmUcontext *uc, uint64_t oldmask)
{
    CPUARMState *env = arm_env(cpu);
    TaskState *ts = cpu->ts;
    ArmSigcontext *sc = &uc->uc_mcontext;
    sc->trap_no = ts->sig_trap_no;
    sc->error_code = ts->sig_error_code;
    sc->oldmask = (uint32_t)oldmask;
    memcpy(sc->arm_r, env->regs, sizeof(sc->arm_r));
    sc->arm_cpsr = arm_sig_cpsr(env);
    sc->fault_address = (uint32_t)ts->sig_fault_addr;
    uc->uc_sigmask[0] = (uint32_t)oldmask;
    uc->uc_sigmask[1] = (uint32_t)(oldmask >> 32);
    memset(uc->uc_reserved, 0, sizeof(uc->uc_reserved));
    arm_sig_save_vfp(env, uc);
}

/* Points the cpu at the handler (kernel: setup_return). */
static void arm_sig_enter_handler(CPUARMState *env, int sig, const GuestSigAction *ka, abi_ulong frame,
                                  ArmSigframe *sf, abi_ulong sf_addr)
{
    uint32_t handler = (uint32_t)ka->handler;
    bool thumb = handler & 1;
    uint32_t retcode;
    if (ka->flags & GUEST_SA_RESTORER) {
        retcode = (uint32_t)ka->restorer;
    } else {
        unsigned idx = (thumb ? 2 : 0) + (ka->flags & GUEST_SA_SIGINFO ? 3 : 0);
        sf->retcode[0] = arm_sigreturn_codes[idx];
        sf->retcode[1] = arm_sigreturn_codes[idx + 1];
        pthread_once(&arm_sigpage_once, arm_sigpage_create);
        if (arm_sigpage)
            retcode = (uint32_t)arm_sigpage + idx * 4 + thumb;
        else
            retcode = (uint32_t)(sf_addr + offsetof(ArmSigframe, retcode)) + thumb;
    }
    uint32_t cpsr = arm_sig_cpsr(env) & ~(CPSR_FLAGS | CPSR_E | CPSR_IT_HI | CPSR_T);
    if (thumb)
        cpsr |= CPSR_T;
    arm_sig_set_cpsr(env, cpsr);
    arm_fpscr_write(env, arm_fpscr_read(env) & ~FPSCR_LEN_STRIDE);
    env->regs[0] = (uint32_t)sig;
    env->regs[13] = (uint32_t)frame;
    env->regs[14] = retcode;
    env->regs[15] = handler & ~1u;
}

static bool arm_sig_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka, const GuestSiginfo *info,
                                uint64_t oldmask)
{
    CPUARMState *env = arm_env(cpu);
    TaskState *ts = cpu->ts;
    abi_ulong sp = env->regs[13];
    size_t size = info ? sizeof(ArmRtSigframe) : sizeof(ArmSigframe);
    abi_ulong frame = (sig_frame_sp(ts, sp, ka->flags) - size) & ~(abi_ulong)7;
    if (!access_ok(PAGE_READ | PAGE_WRITE, frame, size))
        return false;

    ArmSigframe *sf;
    abi_ulong sf_addr;
    if (info) {
        ArmRtSigframe *rf = g2h(frame);
        memcpy(rf->info, info, sizeof(rf->info));
        sf = &rf->sig;
        sf_addr = frame + offsetof(ArmRtSigframe, sig);
        sf->uc.uc_flags = 0;
        sf->uc.uc_link = 0;
        uint64_t st[3];
        sig_save_altstack(ts, sp, st);
        sf->uc.uc_stack = (ArmStack){(uint32_t)st[0], (uint32_t)st[1], (uint32_t)st[2]};
    } else {
        sf = g2h(frame);
        sf_addr = frame;
        sf->uc.uc_flags = ARM_UC_FLAGS_PLAIN;
        sf->uc.uc_link = 0;
        sf->uc.uc_stack = (ArmStack){0, 0, 0};
    }
    memset(sf->retcode, 0, sizeof(sf->retcode));
    arm_sig_fill_ucontext(cpu, &sf->uc, oldmask);
    arm_sig_enter_handler(env, sig, ka, frame, sf, sf_addr);
    if (info) {
        env->regs[1] = (uint32_t)(frame + offsetof(ArmRtSigframe, info));
        env->regs[2] = (uint32_t)(sf_addr + offsetof(ArmSigframe, uc));
    }
    return true;
}

/* Restores registers, mask and VFP from uc; false on a corrupt frame. */
static bool arm_sig_restore_ucontext(CPUState *cpu, const ArmUcontext *uc)
{
    CPUARMState *env = arm_env(cpu);
    const ArmSigcontext *sc = &uc->uc_mcontext;
    if (!arm_sig_restore_vfp(env, uc))
        return false;
    sig_set_guest_mask(cpu, uc->uc_sigmask[0] | (uint64_t)uc->uc_sigmask[1] << 32);
    memcpy(env->regs, sc->arm_r, sizeof(env->regs));
    arm_sig_set_cpsr(env, sc->arm_cpsr);
    /* An ARM-state pc must be word aligned, a Thumb one halfword aligned. */
    env->regs[15] &= env->thumb ? ~1u : ~3u;
    return true;
}

static abi_long arm_sig_sigreturn(CPUState *cpu, bool rt)
{
    CPUARMState *env = arm_env(cpu);
    abi_ulong frame = env->regs[13];
    size_t size = rt ? sizeof(ArmRtSigframe) : sizeof(ArmSigframe);
    if ((frame & 7) || !access_ok(PAGE_READ, frame, size))
        goto bad;
    abi_ulong sf_addr = rt ? frame + offsetof(ArmRtSigframe, sig) : frame;
    const ArmSigframe *sf = g2h(sf_addr);
    if (!arm_sig_restore_ucontext(cpu, &sf->uc))
        goto bad;
    if (rt)
        sig_restore_altstack(cpu, sf_addr + offsetof(ArmSigframe, uc.uc_stack));
    return -XRUN_ENORETURN;
bad:
    sig_force_sigsegv(cpu);
    return -XRUN_ENORETURN;
}

/* The syscall the cpu loop backed up to returns -EINTR instead. */
static void arm_sig_syscall_eintr(CPUState *cpu)
{
    CPUARMState *env = arm_env(cpu);
    env->regs[0] = (uint32_t)-EINTR;
    env->regs[15] += env->thumb ? 2 : 4;
}

/* sigcontext trap_no and error_code as the ARM kernel fills them: a data
 * abort (trap 14) with its fault status (translation or permission fault,
 * alignment, external abort; bit 11 = write), or an undefined instruction
 * (trap 6). */
static void arm_sig_fault_info(TaskState *ts, int hsig, int code, bool write)
{
    if (hsig == SIGILL) {
        ts->sig_trap_no = 6;
        ts->sig_error_code = 0;
        return;
    }
    uint32_t fs;
    if (hsig == SIGSEGV)
        fs = code == SEGV_ACCERR ? 0xf : 0x7;
    else
        fs = code == BUS_ADRALN ? 0x1 : 0x8;
    ts->sig_trap_no = 14;
    ts->sig_error_code = fs | (write ? 1u << 11 : 0);
}

const SignalArch arm_signal_arch = {
    .get_sp = arm_sig_get_sp,
    .setup_frame = arm_sig_setup_frame,
    .sigreturn = arm_sig_sigreturn,
    .syscall_eintr = arm_sig_syscall_eintr,
    .fault_info = arm_sig_fault_info,
    .minsigstksz = 2048,
};
