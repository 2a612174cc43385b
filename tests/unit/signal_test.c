/*
 * Guest signals: frame layouts, numbering, siginfo conversion, building a
 * frame and taking it down again, and a host signal travelling all the way
 * to a guest handler.
 *
 * The layout constants were printed by a program built with
 * arm-linux-gnueabihf-gcc (offsetof on glibc's ucontext_t/siginfo_t and on
 * the kernel's struct vfp_sigframe / sigframe / rt_sigframe) and run under
 * qemu-arm; they are pasted here so the test needs no cross compiler.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "frontends/arm/cpu.h"
#include "linux-user/arm/sigframe.h"
#include "linux-user/arm/arm_user.h"
#include "linux-user/guest.h"
#include "linux-user/signal_priv.h"
#include "syscalls/aarch64/aarch64_abi.h"
#include "syscalls/arm/eabi.h"

/* -- Layouts (values from arm-linux-gnueabihf-gcc) -- */

/* Signal delivery asks the running guest for its frames: ARM here. */
__attribute__((constructor)) static void choose_arm(void) { user_guest_choose(&arm_user_guest); }

Test(signal_layout, ucontext_matches_arm_gcc)
{
    cr_assert_eq(offsetof(ArmUcontext, uc_flags), 0);
    cr_assert_eq(offsetof(ArmUcontext, uc_link), 4);
    cr_assert_eq(offsetof(ArmUcontext, uc_stack), 8);
    cr_assert_eq(offsetof(ArmUcontext, uc_mcontext), 20);
    cr_assert_eq(offsetof(ArmUcontext, uc_sigmask), 104);
    cr_assert_eq(offsetof(ArmUcontext, uc_regspace), 232);
    cr_assert_eq(sizeof(ArmUcontext), 744);
    cr_assert_eq(offsetof(ArmStack, ss_flags), 4);
    cr_assert_eq(offsetof(ArmStack, ss_size), 8);
    cr_assert_eq(sizeof(ArmStack), 12);
}

Test(signal_layout, sigcontext_matches_arm_gcc)
{
    cr_assert_eq(offsetof(ArmSigcontext, trap_no), 0);
    cr_assert_eq(offsetof(ArmSigcontext, error_code), 4);
    cr_assert_eq(offsetof(ArmSigcontext, oldmask), 8);
    cr_assert_eq(offsetof(ArmSigcontext, arm_r[0]), 12);
    cr_assert_eq(offsetof(ArmSigcontext, arm_r[13]), 64); /* arm_sp */
    cr_assert_eq(offsetof(ArmSigcontext, arm_r[15]), 72); /* arm_pc */
    cr_assert_eq(offsetof(ArmSigcontext, arm_cpsr), 76);
    cr_assert_eq(offsetof(ArmSigcontext, fault_address), 80);
    cr_assert_eq(sizeof(ArmSigcontext), 84);
}

Test(signal_layout, vfp_and_frames_match_arm_gcc)
{
    cr_assert_eq(offsetof(ArmVfpSigframe, ufp.fpregs), 8);
    cr_assert_eq(offsetof(ArmVfpSigframe, ufp.fpscr), 264);
    cr_assert_eq(offsetof(ArmVfpSigframe, ufp_exc.fpexc), 272);
    cr_assert_eq(offsetof(ArmVfpSigframe, ufp_exc.fpinst2), 280);
    cr_assert_eq(sizeof(ArmVfpSigframe), 288);
    cr_assert_eq(offsetof(ArmSigframe, retcode), 744);
    cr_assert_eq(sizeof(ArmSigframe), 760);
    cr_assert_eq(offsetof(ArmRtSigframe, sig), 128);
    cr_assert_eq(offsetof(ArmRtSigframe, sig.uc.uc_mcontext), 148);
    cr_assert_eq(offsetof(ArmRtSigframe, sig.uc.uc_regspace), 360);
    cr_assert_eq(sizeof(ArmRtSigframe), 888);
}

Test(signal_layout, siginfo_matches_arm_gcc)
{
    cr_assert_eq(offsetof(GuestSiginfo32, si_errno), 4);
    cr_assert_eq(offsetof(GuestSiginfo32, si_code), 8);
    cr_assert_eq(offsetof(GuestSiginfo32, f.fault.addr), 12);
    cr_assert_eq(offsetof(GuestSiginfo32, f.kill.pid), 12);
    cr_assert_eq(offsetof(GuestSiginfo32, f.kill.uid), 16);
    cr_assert_eq(offsetof(GuestSiginfo32, f.kill.value), 20);
    cr_assert_eq(offsetof(GuestSiginfo32, f.chld.status), 20);
    cr_assert_eq(offsetof(GuestSiginfo32, f.chld.utime), 24);
    cr_assert_eq(offsetof(GuestSiginfo32, f.chld.stime), 28);
    cr_assert_eq(offsetof(GuestSiginfo32, f.poll.fd), 16);
    cr_assert_eq(offsetof(GuestSiginfo32, f.timer.overrun), 16);
    cr_assert_eq(sizeof(GuestSiginfo32), 128);
}

/* -- Numbering -- */

Test(signal_numbers, standard_signals_are_identical)
{
    for (int s = 1; s < 32; s++) {
        cr_assert_eq(guest_to_host_signal(s), s);
        cr_assert_eq(host_to_guest_signal(s), s);
    }
}

Test(signal_numbers, every_rt_signal_is_its_own_host_signal)
{
    signal_init();
    for (int s = 32; s <= 64; s++) {
        cr_assert_eq(guest_to_host_signal(s), s);
        cr_assert_eq(host_to_guest_signal(s), s);
    }
    cr_assert_eq(guest_to_host_signal(0), 0);
    cr_assert_eq(guest_to_host_signal(65), 0);
    cr_assert_eq(host_to_guest_signal(65), 0);
}

Test(signal_numbers, sigset_keeps_32_and_33)
{
    uint64_t g = SIG_BIT(SIGINT) | SIG_BIT(SIGUSR1) | SIG_BIT(32) | SIG_BIT(33) | SIG_BIT(64);
    sigset_t h;
    guest_to_host_sigset(&h, g);
    cr_assert(sigismember(&h, SIGINT));
    cr_assert(sigismember(&h, 32) == 1, "glibc's sigaddset would refuse it");
    cr_assert(sigismember(&h, 64) == 1);
    cr_assert(sigismember(&h, 34) == 0);
    cr_assert_eq(host_to_guest_sigset(&h), g);
}

Test(signal_numbers, next_signal_follows_the_kernel_order)
{
    cr_assert_eq(sig_next_in_set(0), 0);
    cr_assert_eq(sig_next_in_set(SIG_BIT(64) | SIG_BIT(32)), 32);
    cr_assert_eq(sig_next_in_set(SIG_BIT(40) | SIG_BIT(SIGUSR2)), SIGUSR2, "standard before RT");
    cr_assert_eq(sig_next_in_set(SIG_BIT(SIGINT) | SIG_BIT(SIGSEGV)), SIGSEGV, "faults first");
    cr_assert_eq(sig_next_in_set(SIG_BIT(SIGHUP) | SIG_BIT(SIGSYS)), SIGSYS);
}

Test(signal_siginfo, fault_kill_and_child)
{
    siginfo_t in;
    GuestSiginfo buf;
    GuestSiginfo32 out;
    memset(&in, 0, sizeof(in));
    in.si_signo = SIGSEGV;
    in.si_code = SEGV_ACCERR;
    in.si_addr = (void *)0x1234;
    sig_host_to_guest_siginfo(&buf, &in);
    memcpy(&out, &buf, sizeof(out));
    cr_assert_eq(out.si_signo, SIGSEGV);
    cr_assert_eq(out.si_code, SEGV_ACCERR);
    cr_assert_eq(out.f.fault.addr, 0x1234);

    memset(&in, 0, sizeof(in));
    in.si_signo = SIGUSR1;
    in.si_code = SI_QUEUE;
    in.si_pid = 77;
    in.si_uid = 1000;
    in.si_value.sival_int = -5;
    sig_host_to_guest_siginfo(&buf, &in);
    memcpy(&out, &buf, sizeof(out));
    cr_assert_eq(out.f.kill.pid, 77);
    cr_assert_eq(out.f.kill.uid, 1000);
    cr_assert_eq(out.f.kill.value, -5);

    memset(&in, 0, sizeof(in));
    in.si_signo = SIGCHLD;
    in.si_code = CLD_EXITED;
    in.si_pid = 9;
    in.si_status = 3;
    sig_host_to_guest_siginfo(&buf, &in);
    memcpy(&out, &buf, sizeof(out));
    cr_assert_eq(out.f.chld.pid, 9);
    cr_assert_eq(out.f.chld.status, 3);
}

/* The same converters in the LP64 layout: union at 16, 64-bit values. */
Test(signal_siginfo, lp64_layout_widens_the_union)
{
    sys_set_abi(&aarch64_sys_abi);
    const typeof(sys_layouts_lp64.siginfo) *L = &sys_layouts_lp64.siginfo;
    siginfo_t in, back;
    GuestSiginfo out;
    memset(&in, 0, sizeof(in));
    in.si_signo = SIGCHLD;
    in.si_code = CLD_EXITED;
    in.si_pid = 9;
    in.si_status = 3;
    in.si_utime = 1ll << 40;
    sig_host_to_guest_siginfo(&out, &in);
    cr_assert_eq(L->f_si_pid.off, 16);
    cr_assert_eq(sys_field_get(out.bytes, L->f_si_pid), 9);
    cr_assert_eq(sys_field_get(out.bytes, L->f_si_status), 3);
    cr_assert_eq(sys_field_get(out.bytes, L->f_si_utime), 1ull << 40, "clock_t is 64-bit");

    memset(&in, 0, sizeof(in));
    in.si_signo = SIGUSR1;
    in.si_code = SI_QUEUE;
    in.si_pid = 77;
    in.si_value.sival_ptr = (void *)0x123456789abcull;
    sig_host_to_guest_siginfo(&out, &in);
    cr_assert_eq(sys_field_get(out.bytes, L->f_si_value), 0x123456789abcull, "the whole sival_ptr");
    sig_guest_to_host_siginfo(&back, &out, SIGUSR1, true);
    cr_assert_eq(back.si_pid, 77);
    cr_assert_eq(back.si_code, SI_QUEUE);
    cr_assert_eq(back.si_value.sival_ptr, (void *)0x123456789abcull);
}

/* -- Frames on a real guest stack -- */

#define STACK_LO 0x10000000u
#define STACK_SIZE 0x10000u

static CPUARMState env;
static TaskState ts;

static void frame_setup(void)
{
    cr_assert_eq(guest_space_init(32), 0);
    abi_long r = target_mmap(STACK_LO, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                             -1, 0);
    cr_assert_eq(r, (abi_long)STACK_LO);
    memset(&env, 0, sizeof(env));
    memset(&ts, 0, sizeof(ts));
    env.common.ts = &ts;
    ts.cpu = &env.common;
    current_cpu = &env.common;
    signal_init();
    signal_thread_init(&ts);
    ts.guest_mask = 0;
    for (int i = 0; i < 16; i++)
        env.regs[i] = 0x1000 + i;
    env.regs[13] = STACK_LO + STACK_SIZE - 0x104; /* deliberately not 8-aligned */
    env.regs[15] = 0x8000;
    env.NF = 0x80000000u; /* N set */
    env.CF = 1;
    env.ZF = 1;           /* Z clear */
    env.thumb = 1;
    env.condexec_bits = 0x38;
    for (int i = 0; i < 32; i++)
        env.vfp_d[i] = 0x0101010101010101ull * (uint64_t)i;
    env.fpexc = 0x40000000u;
}

static const GuestSigAction rt_action = {
    .handler = 0x20001, /* Thumb */
    .flags = GUEST_SA_SIGINFO | GUEST_SA_RESTORER,
    .restorer = 0x30000,
    .mask = 1ull << (SIGUSR2 - 1),
};

Test(signal_frame, rt_frame_enters_handler_like_the_kernel, .init = frame_setup)
{
    GuestSiginfo32 info = {.si_signo = SIGUSR1, .si_code = SI_USER};
    uint32_t old_sp = env.regs[13];
    cr_assert(sig_arch()->setup_frame(&env.common, SIGUSR1, &rt_action, (const GuestSiginfo *)&info, 0x5));
    uint32_t frame = env.regs[13];
    cr_assert_eq(frame & 7, 0);
    cr_assert_eq(frame, (old_sp - sizeof(ArmRtSigframe)) & ~7u);
    cr_assert_eq(env.regs[0], SIGUSR1);
    cr_assert_eq(env.regs[1], frame);
    cr_assert_eq(env.regs[2], frame + 128);
    cr_assert_eq(env.regs[14], 0x30000);
    cr_assert_eq(env.regs[15], 0x20000);
    cr_assert_eq(env.thumb, 1);
    cr_assert_eq(env.condexec_bits, 0);

    const ArmRtSigframe *rf = g2h(frame);
    cr_assert_eq(((const GuestSiginfo32 *)rf->info)->si_signo, SIGUSR1);
    const ArmUcontext *uc = &rf->sig.uc;
    cr_assert_eq(uc->uc_flags, 0);
    cr_assert_eq(uc->uc_mcontext.arm_r[0], 0x1000);
    cr_assert_eq(uc->uc_mcontext.arm_r[13], old_sp);
    cr_assert_eq(uc->uc_mcontext.arm_r[15], 0x8000);
    cr_assert_eq(uc->uc_mcontext.oldmask, 0x5);
    cr_assert_eq(uc->uc_sigmask[0], 0x5);
    uint32_t cpsr = uc->uc_mcontext.arm_cpsr;
    cr_assert_eq(cpsr >> 28, 0xa, "NZCV = N.C.: %#x", cpsr);
    cr_assert(cpsr & 0x20, "T saved");
    cr_assert_eq(((cpsr >> 8) & 0xfc) | ((cpsr >> 25) & 3), 0x38, "IT saved");
    const ArmVfpSigframe *vfp = (const ArmVfpSigframe *)uc->uc_regspace;
    cr_assert_eq(vfp->magic, ARM_VFP_MAGIC);
    cr_assert_eq(vfp->size, 288);
    cr_assert_eq(vfp->ufp.fpregs[31], 0x0101010101010101ull * 31);
    cr_assert_eq(uc->uc_regspace[288 / 4], 0, "end marker");
}

Test(signal_frame, rt_sigreturn_restores_everything, .init = frame_setup)
{
    GuestSiginfo32 info = {.si_signo = SIGUSR1};
    CPUARMState saved = env;
    cr_assert(sig_arch()->setup_frame(&env.common, SIGUSR1, &rt_action, (const GuestSiginfo *)&info, 1ull << (SIGINT - 1)));
    /* The handler clobbers everything, then returns through the restorer. */
    for (int i = 0; i < 13; i++)
        env.regs[i] = 0xdead0000u + i;
    env.thumb = 0;
    env.NF = env.CF = 0;
    env.vfp_d[5] = 0;
    cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    cr_assert_arr_eq(env.regs, saved.regs, sizeof(env.regs));
    cr_assert_eq(env.thumb, 1);
    cr_assert_eq(env.condexec_bits, 0x38);
    cr_assert_eq(arm_cpsr_read(&env) >> 28, 0xa);
    cr_assert_eq(env.vfp_d[5], saved.vfp_d[5]);
    cr_assert(ts.guest_mask & SIG_BIT(SIGINT));
    cr_assert(!ts.sync_signal.pending);
}

Test(signal_frame, no_restorer_uses_the_kernel_trampoline, .init = frame_setup)
{
    GuestSigAction ka = {.handler = 0x20000, .flags = 0};
    cr_assert(sig_arch()->setup_frame(&env.common, SIGUSR1, &ka, NULL, 0));
    uint32_t frame = env.regs[13];
    const ArmSigframe *sf = g2h(frame);
    cr_assert_eq(sf->uc.uc_flags, ARM_UC_FLAGS_PLAIN);
    cr_assert_eq(sf->retcode[0], 0xe3a07077); /* mov r7, #__NR_sigreturn */
    cr_assert_eq(sf->retcode[1], 0xef900077);
    /* lr: the trampoline in the executable [sigpage], as the kernel does */
    cr_assert_eq(page_get_flags(env.regs[14]) & (PAGE_EXEC | PAGE_WRITE), PAGE_EXEC);
    cr_assert_eq(*(uint32_t *)g2h(env.regs[14]), 0xe3a07077);
    cr_assert_eq(*(uint32_t *)g2h(env.regs[14] + 4), 0xef900077);
    cr_assert_eq(env.thumb, 0);
    cr_assert_eq(sig_arch()->sigreturn(&env.common, false), -XRUN_ENORETURN);
    cr_assert_eq(env.regs[15], 0x8000);
}

Test(signal_frame, misaligned_sigreturn_forces_sigsegv, .init = frame_setup)
{
    env.regs[13] = STACK_LO + 0x102;
    cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    cr_assert(ts.sync_signal.pending);
    cr_assert_eq(ts.sync_signal.info.si_signo, SIGSEGV);
}

Test(signal_frame, onstack_handler_runs_on_the_alternate_stack, .init = frame_setup)
{
    uint32_t *ss = g2h(STACK_LO);
    ss[0] = STACK_LO + 0x1000;
    ss[1] = 0;
    ss[2] = 0x4000;
    cr_assert_eq(do_sigaltstack(&env.common, STACK_LO, STACK_LO + 0x20), 0);
    cr_assert_eq(ss[8 + 1], GUEST_SS_DISABLE, "old stack was disabled");
    GuestSigAction ka = rt_action;
    ka.flags |= GUEST_SA_ONSTACK;
    GuestSiginfo32 info = {.si_signo = SIGUSR1};
    cr_assert(sig_arch()->setup_frame(&env.common, SIGUSR1, &ka, (const GuestSiginfo *)&info, 0));
    cr_assert(env.regs[13] >= STACK_LO + 0x1000 && env.regs[13] < STACK_LO + 0x5000);
    const ArmRtSigframe *rf = g2h(env.regs[13]);
    cr_assert_eq(rf->sig.uc.uc_stack.ss_sp, STACK_LO + 0x1000);
    cr_assert_eq(rf->sig.uc.uc_stack.ss_size, 0x4000);
    /* While on it, it cannot be changed. */
    cr_assert_eq(do_sigaltstack(&env.common, STACK_LO, 0), -EPERM);
}

/* -- A host signal, end to end -- */

Test(signal_delivery, kill_reaches_the_guest_handler, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20001;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER | GUEST_SA_RESTART;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGUSR1, STACK_LO, 0, 8), 0);
    cr_assert_eq(do_rt_sigaction(SIGUSR1, 0, STACK_LO + 0x40, 8), 0);
    cr_assert_eq(((uint32_t *)g2h(STACK_LO + 0x40))[0], 0x20001);

    cr_assert_eq(do_kill_like(KILL_LIKE_TGKILL, getpid(), gettid(), SIGUSR1), 0);
    cr_assert(ts.signal_pending);
    cr_assert(env.common.exit_request);
    cr_assert(ts.sigtab[SIGUSR1].pending);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x20000);
    cr_assert_eq(env.regs[0], SIGUSR1);
    const GuestSiginfo32 *gi = g2h(env.regs[1]);
    cr_assert_eq(gi->si_code, SI_TKILL);
    cr_assert_eq(gi->f.kill.pid, getpid());
    cr_assert(ts.guest_mask & SIG_BIT(SIGUSR1), "blocked inside its handler");
    cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    cr_assert(!(ts.guest_mask & SIG_BIT(SIGUSR1)));
    cr_assert_eq(env.regs[15], 0x8000);
}

Test(signal_delivery, blocked_signal_waits_for_unblock, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGUSR2, STACK_LO, 0, 8), 0);
    uint32_t *set = g2h(STACK_LO + 0x40);
    set[0] = 1u << (SIGUSR2 - 1);
    set[1] = 0;
    cr_assert_eq(do_rt_sigprocmask(&env.common, SIG_BLOCK, STACK_LO + 0x40, 0, 8), 0);
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), SIGUSR2, 0), 0);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x8000, "not delivered while blocked");
    cr_assert_eq(do_rt_sigpending(&env.common, STACK_LO + 0x80, 8), 0);
    cr_assert_eq(((uint32_t *)g2h(STACK_LO + 0x80))[0], 1u << (SIGUSR2 - 1));
    cr_assert_eq(do_rt_sigprocmask(&env.common, SIG_UNBLOCK, STACK_LO + 0x40, 0, 8), 0);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x20000, "delivered once unblocked");
}

Test(signal_delivery, eintr_without_sa_restart, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER; /* no SA_RESTART */
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGUSR1, STACK_LO, 0, 8), 0);
    env.thumb = 0;
    env.condexec_bits = 0;
    env.regs[15] = 0x8000;        /* backed up to the svc by the cpu loop */
    ts.syscall_restart = true;
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), SIGUSR1, 0), 0);
    process_pending_signals(&env.common);
    cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    cr_assert_eq(env.regs[0], (uint32_t)-EINTR);
    cr_assert_eq(env.regs[15], 0x8004);
}

Test(signal_delivery, out_of_range_signals_cannot_be_sent)
{
    signal_init();
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), 65, 0), -EINVAL);
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), 0, 0), 0);
}

/* Host 32 and 64 are the guest's: queued while blocked, in the kernel's
 * order (lowest first), each with its own value. */
Test(signal_delivery, rt_32_to_64_queue_in_order_with_values, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER;
    act[2] = 0x30000;
    act[3] = 0xffffffffu;   /* the handler blocks everything: one frame at a time */
    act[4] = 0xffffffffu;
    cr_assert_eq(do_rt_sigaction(32, STACK_LO, 0, 8), 0);
    cr_assert_eq(do_rt_sigaction(64, STACK_LO, 0, 8), 0);
    uint32_t *set = g2h(STACK_LO + 0x40);
    set[0] = 1u << 31;
    set[1] = 1u << 31;
    cr_assert_eq(do_rt_sigprocmask(&env.common, SIG_BLOCK, STACK_LO + 0x40, 0, 8), 0);
    GuestSiginfo32 *gi = g2h(STACK_LO + 0x100);
    memset(gi, 0, sizeof(*gi));
    gi->si_code = SI_QUEUE;
    gi->f.kill.pid = getpid();
    int order[4][2] = {{64, 1}, {32, 2}, {64, 3}, {32, 4}};
    for (int i = 0; i < 4; i++) {
        gi->f.kill.value = order[i][1];
        cr_assert_eq(do_rt_sigqueueinfo(getpid(), gettid(), order[i][0], STACK_LO + 0x100), 0);
    }
    cr_assert_eq(do_rt_sigpending(&env.common, STACK_LO + 0x80, 8), 0);
    cr_assert_eq(((uint32_t *)g2h(STACK_LO + 0x80))[0], 1u << 31);
    cr_assert_eq(((uint32_t *)g2h(STACK_LO + 0x80))[1], 1u << 31);
    cr_assert_eq(do_rt_sigprocmask(&env.common, SIG_UNBLOCK, STACK_LO + 0x40, 0, 8), 0);
    int want[4][2] = {{32, 2}, {32, 4}, {64, 1}, {64, 3}};
    for (int i = 0; i < 4; i++) {
        env.regs[15] = 0x8000;
        env.regs[13] = STACK_LO + STACK_SIZE - 0x100;
        process_pending_signals(&env.common);
        cr_assert_eq(env.regs[15], 0x20000, "delivery %d", i);
        cr_assert_eq(env.regs[0], (uint32_t)want[i][0], "delivery %d", i);
        const GuestSiginfo32 *got = g2h(env.regs[1]);
        cr_assert_eq(got->si_signo, want[i][0]);
        cr_assert_eq(got->si_code, SI_QUEUE);
        cr_assert_eq(got->f.kill.value, want[i][1], "delivery %d", i);
        cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    }
    env.regs[15] = 0x8000;
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x8000, "nothing left");
}

/* A standard signal sent again while the first waits in sigtab merges with
 * it when both are in the same queue (tgkill: the thread's), not when the
 * second one is the process's (kill). */
static int deliveries_of(int sig)
{
    int n = 0;
    for (int i = 0; i < 4; i++) {
        env.regs[15] = 0x8000;
        env.regs[13] = STACK_LO + STACK_SIZE - 0x100;
        process_pending_signals(&env.common);
        if (env.regs[15] != 0x20000)
            break;
        cr_assert_eq(env.regs[0], (uint32_t)sig);
        n++;
        cr_assert_eq(sig_arch()->sigreturn(&env.common, true), -XRUN_ENORETURN);
    }
    return n;
}

Test(signal_delivery, standard_signal_coalesces_per_queue, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGUSR1, STACK_LO, 0, 8), 0);
    cr_assert_eq(do_kill_like(KILL_LIKE_TGKILL, getpid(), gettid(), SIGUSR1), 0);
    cr_assert(ts.sigtab[SIGUSR1].pending);
    cr_assert_eq(do_kill_like(KILL_LIKE_TGKILL, getpid(), gettid(), SIGUSR1), 0);
    cr_assert_eq(deliveries_of(SIGUSR1), 1, "merged with the one waiting");

    cr_assert_eq(do_kill_like(KILL_LIKE_TGKILL, getpid(), gettid(), SIGUSR1), 0);
    cr_assert(ts.sigtab[SIGUSR1].pending);
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), SIGUSR1, 0), 0);
    cr_assert_eq(deliveries_of(SIGUSR1), 2, "a process-wide one is a separate queue");
}

/* A signalfd read gives the guest's number and value, with ssi_ptr widened
 * as the ARM kernel does ((long) of a 32-bit value: sign extension). */
Test(signal_delivery, signalfd_sees_guest_values, .init = frame_setup)
{
    uint32_t *set = g2h(STACK_LO + 0x40);
    set[0] = 0;
    set[1] = 1u << 31;  /* 64 */
    cr_assert_eq(do_rt_sigprocmask(&env.common, SIG_BLOCK, STACK_LO + 0x40, 0, 8), 0);
    uint64_t want = SIG_BIT(64);
    int fd = (int)syscall(SYS_signalfd4, -1, &want, 8, SFD_NONBLOCK);
    cr_assert(fd >= 0);
    GuestSiginfo32 *gi = g2h(STACK_LO + 0x100);
    memset(gi, 0, sizeof(*gi));
    gi->si_code = SI_QUEUE;
    gi->f.kill.pid = getpid();
    gi->f.kill.value = -5;
    cr_assert_eq(do_rt_sigqueueinfo(getpid(), -1, 64, STACK_LO + 0x100), 0);
    struct signalfd_siginfo r;
    cr_assert_eq(read(fd, &r, sizeof(r)), (ssize_t)sizeof(r));
    close(fd);
    cr_assert_eq(r.ssi_signo, 64);
    cr_assert_eq(r.ssi_code, SI_QUEUE);
    cr_assert_eq(r.ssi_int, -5);
    cr_assert_eq(r.ssi_ptr, 0xfffffffffffffffbull);
}

/* -- safe_syscall -- */

Test(signal_safe_syscall, pending_signal_stops_it_before_the_kernel, .init = frame_setup)
{
    cr_assert_eq(safe_syscall(SYS_getpid), getpid());
    ts.signal_pending = 1;
    cr_assert_eq(safe_syscall(SYS_getpid), -XRUN_ERESTARTSYS);
    ts.signal_pending = 0;
}

Test(signal_safe_syscall, handled_signal_interrupts_a_blocking_call, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER | GUEST_SA_RESTART;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGALRM, STACK_LO, 0, 8), 0);
    struct itimerval it = {.it_value = {.tv_usec = 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    long r = safe_syscall(SYS_pause);
    cr_assert(r == -EINTR || r == -XRUN_ERESTARTSYS, "pause returned %ld", r);
    cr_assert(ts.sigtab[SIGALRM].pending);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x20000);
}

/* -- Dispositions -- */

Test(signal_delivery, resethand_and_nodefer, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER | GUEST_SA_RESETHAND | GUEST_SA_NODEFER;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGUSR1, STACK_LO, 0, 8), 0);
    cr_assert_eq(do_kill_like(KILL_LIKE_KILL, getpid(), SIGUSR1, 0), 0);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x20000);
    cr_assert(!(ts.guest_mask & SIG_BIT(SIGUSR1)), "SA_NODEFER: not blocked in its handler");
    cr_assert_eq(do_rt_sigaction(SIGUSR1, 0, STACK_LO + 0x40, 8), 0);
    cr_assert_eq(((uint32_t *)g2h(STACK_LO + 0x40))[0], GUEST_SIG_DFL, "SA_RESETHAND");
}

Test(signal_delivery, fault_while_blocked_kills_like_the_kernel, .init = frame_setup, .signal = SIGSEGV)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGSEGV, STACK_LO, 0, 8), 0);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core); /* dying is the expected outcome: no core file */
    ts.guest_mask |= SIG_BIT(SIGSEGV);
    force_sig_fault(&env.common, SIGSEGV, SEGV_MAPERR, 0x10);
    process_pending_signals(&env.common);
}

Test(signal_delivery, fault_reaches_a_handler_with_its_address, .init = frame_setup)
{
    uint32_t *act = g2h(STACK_LO);
    act[0] = 0x20000;
    act[1] = GUEST_SA_SIGINFO | GUEST_SA_RESTORER;
    act[2] = 0x30000;
    act[3] = act[4] = 0;
    cr_assert_eq(do_rt_sigaction(SIGSEGV, STACK_LO, 0, 8), 0);
    force_sig_fault(&env.common, SIGSEGV, SEGV_ACCERR, 0x1234);
    process_pending_signals(&env.common);
    cr_assert_eq(env.regs[15], 0x20000);
    const GuestSiginfo32 *gi = g2h(env.regs[1]);
    cr_assert_eq(gi->si_signo, SIGSEGV);
    cr_assert_eq(gi->si_code, SEGV_ACCERR);
    cr_assert_eq(gi->f.fault.addr, 0x1234);
    const ArmUcontext *uc = g2h(env.regs[2]);
    cr_assert_eq(uc->uc_mcontext.trap_no, 14);
    cr_assert_eq(uc->uc_mcontext.fault_address, 0x1234);
}
