/*
 * AArch64 signal frames: building them on the guest stack when a handler
 * is delivered, and taking them down in rt_sigreturn. Layouts are in
 * sigframe.h; they follow the Linux kernel's, so glibc, unwinders and
 * debuggers find what they expect.
 *
 * Entering a handler (as the kernel's setup_return does):
 *   x0 = signal, x1 = &frame->info, x2 = &frame->uc, sp = frame (16-byte
 *   aligned), x29 = the frame record above it, x30 = sa_restorer when
 *   SA_RESTORER is set, else the rt_sigreturn trampoline of a read-only
 *   "[sigpage]" (the kernel's is in the vDSO), pc = handler.
 * AArch64 has only rt frames: the handler gets siginfo and ucontext even
 * without SA_SIGINFO.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "frontends/arm/a64-cpu.h"
#include "linux-user/aarch64/a64_user.h"
#include "linux-user/aarch64/sigframe.h"
#include "linux-user/signal_priv.h"
#include "linux-user/user_priv.h"

#define A64_NR_rt_sigreturn 139

/* mov x8, #139 ; svc #0 */
static const uint32_t a64_sigtramp[2] = {0xd2800000u | A64_NR_rt_sigreturn << 5 | 8, 0xd4000001u};

static pthread_once_t a64_sigpage_once = PTHREAD_ONCE_INIT;
static abi_ulong a64_sigpage;

static void a64_sigpage_create(void)
{
    abi_long page = target_mmap(0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page < 0)
        return;
    memcpy(g2h((abi_ulong)page), a64_sigtramp, sizeof(a64_sigtramp));
    if (target_mprotect((abi_ulong)page, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC) < 0) {
        target_munmap((abi_ulong)page, GUEST_PAGE_SIZE);
        return;
    }
    mmap_set_name((abi_ulong)page, (abi_ulong)page + GUEST_PAGE_SIZE, "[sigpage]");
    a64_sigpage = (abi_ulong)page;
}

static CPUA64State *a64_env(CPUState *cpu) { return (CPUA64State *)cpu; }

static abi_ulong a64_sig_get_sp(CPUState *cpu) { return a64_env(cpu)->xregs[31]; }

static void a64_sig_fill_ucontext(CPUState *cpu, A64Ucontext *uc, uint64_t oldmask, abi_ulong sp)
{
    CPUA64State *env = a64_env(cpu);
    TaskState *ts = cpu->ts;
    memset(uc, 0, sizeof(*uc));
    uint64_t st[3];
    sig_save_altstack(ts, sp, st);
    uc->uc_stack = (A64Stack){.ss_sp = st[0], .ss_flags = (int32_t)st[1], .ss_size = st[2]};
    uc->uc_sigmask = oldmask;
    A64Sigcontext *sc = &uc->uc_mcontext;
    sc->fault_address = ts->sig_fault_addr;
    memcpy(sc->regs, env->xregs, sizeof(sc->regs));
    sc->sp = env->xregs[31];
    sc->pc = env->pc;
    sc->pstate = a64_nzcv_read(env);
    A64FpsimdContext *fp = (A64FpsimdContext *)sc->reserved;
    fp->magic = A64_FPSIMD_MAGIC;
    fp->size = sizeof(*fp);
    fp->fpsr = a64_fpsr_read(env);
    fp->fpcr = env->fpcr;
    memcpy(fp->vregs, env->vregs, sizeof(fp->vregs));
    /* The {0, 0} record after it ends the list: already zero. */
}

static bool a64_sig_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka, const GuestSiginfo *info,
                                uint64_t oldmask)
{
    CPUA64State *env = a64_env(cpu);
    TaskState *ts = cpu->ts;
    abi_ulong sp = env->xregs[31];
    abi_ulong record = (sig_frame_sp(ts, sp, ka->flags) - sizeof(A64FrameRecord)) & ~(abi_ulong)15;
    abi_ulong frame = record - sizeof(A64RtSigframe);
    if (!access_ok(PAGE_READ | PAGE_WRITE, frame, sizeof(A64RtSigframe) + sizeof(A64FrameRecord)))
        return false;

    A64RtSigframe *f = g2h(frame);
    /* AArch64 has rt frames only: without SA_SIGINFO the handler still
     * finds a siginfo there, with just its signal number. */
    if (info) {
        memcpy(f->info, info->bytes, sizeof(f->info));
    } else {
        memset(f->info, 0, sizeof(f->info));
        memcpy(f->info, &sig, sizeof(sig));
    }
    a64_sig_fill_ucontext(cpu, &f->uc, oldmask, sp);
    A64FrameRecord *r = g2h(record);
    r->fp = env->xregs[29];
    r->lr = env->xregs[30];

    abi_ulong ret;
    if (ka->flags & GUEST_SA_RESTORER) {
        ret = ka->restorer;
    } else {
        pthread_once(&a64_sigpage_once, a64_sigpage_create);
        if (!a64_sigpage)
            return false;
        ret = a64_sigpage;
    }
    env->xregs[0] = (uint64_t)sig;
    env->xregs[1] = frame + offsetof(A64RtSigframe, info);
    env->xregs[2] = frame + offsetof(A64RtSigframe, uc);
    env->xregs[29] = record;
    env->xregs[30] = ret;
    env->xregs[31] = frame;
    env->pc = ka->handler;
    return true;
}

/* Restores registers, mask and FP/SIMD state from uc; false on a corrupt
 * frame (the kernel then kills with SIGSEGV). */
static bool a64_sig_restore_ucontext(CPUState *cpu, const A64Ucontext *uc)
{
    CPUA64State *env = a64_env(cpu);
    const A64Sigcontext *sc = &uc->uc_mcontext;
    const A64FpsimdContext *fp = (const A64FpsimdContext *)sc->reserved;
    if (fp->magic != A64_FPSIMD_MAGIC || fp->size != sizeof(*fp))
        return false;
    /* Only the flags of PSTATE are the user's to change; pc must be
     * word aligned (a misaligned one would fault at once on hardware). */
    if (sc->pc & 3)
        return false;
    sig_set_guest_mask(cpu, uc->uc_sigmask);
    memcpy(env->xregs, sc->regs, sizeof(sc->regs));
    env->xregs[31] = sc->sp;
    env->pc = sc->pc;
    a64_nzcv_write(env, (uint32_t)sc->pstate & 0xf0000000u);
    a64_fpsr_write(env, fp->fpsr);
    env->fpcr = fp->fpcr & a64_fpcr_mask(env->features);
    memcpy(env->vregs, fp->vregs, sizeof(env->vregs));
    env->exclusive_addr = UINT64_MAX;
    return true;
}

static abi_long a64_sig_sigreturn(CPUState *cpu, bool rt)
{
    CPUA64State *env = a64_env(cpu);
    abi_ulong frame = env->xregs[31];
    (void)rt; /* AArch64 has rt_sigreturn only */
    if ((frame & 15) || !access_ok(PAGE_READ, frame, sizeof(A64RtSigframe)))
        goto bad;
    const A64RtSigframe *f = g2h(frame);
    if (!a64_sig_restore_ucontext(cpu, &f->uc))
        goto bad;
    sig_restore_altstack(cpu, frame + offsetof(A64RtSigframe, uc.uc_stack));
    return -XRUN_ENORETURN;
bad:
    sig_force_sigsegv(cpu);
    return -XRUN_ENORETURN;
}

/* The syscall the cpu loop backed up to returns -EINTR instead. */
static void a64_sig_syscall_eintr(CPUState *cpu)
{
    CPUA64State *env = a64_env(cpu);
    env->xregs[0] = (uint64_t)(int64_t)-EINTR;
    env->pc += 4;
}

/* AArch64 frames carry no trap number or error code (the kernel's optional
 * esr_context is not written). */
static void a64_sig_fault_info(TaskState *ts, int hsig, int code, bool write)
{
    (void)hsig;
    (void)code;
    (void)write;
    ts->sig_trap_no = 0;
    ts->sig_error_code = 0;
}

const SignalArch a64_signal_arch = {
    .get_sp = a64_sig_get_sp,
    .setup_frame = a64_sig_setup_frame,
    .sigreturn = a64_sig_sigreturn,
    .syscall_eintr = a64_sig_syscall_eintr,
    .fault_info = a64_sig_fault_info,
    .minsigstksz = 5120, /* arm64's MINSIGSTKSZ: the frame with FP/SIMD state */
};
