/*
 * The ARM (AArch32) Linux signal frame, as the guest sees it in memory.
 *
 * These mirror the kernel's arch/arm layouts (and glibc's ucontext_t);
 * every field is a guest 32-bit word, so the host compiler lays the structs
 * out exactly as arm-linux-gnueabihf-gcc does (tests/unit/signal_test.c
 * checks the offsets against values taken from the cross compiler).
 *
 *   rt frame (SA_SIGINFO)            plain frame
 *   +0    siginfo (128)              +0    ucontext (744)
 *   +128  ucontext (744)             +744  retcode[4]
 *   +872  retcode[4]                       size 760
 *         size 888
 *
 *   ucontext: uc_flags, uc_link, uc_stack (12), uc_mcontext = sigcontext (84)
 *             at +20, uc_sigmask at +104 (+120 reserved), uc_regspace[128]
 *             at +232 holding the VFP record and a 0 end marker.
 */
#ifndef XRUN_LINUX_USER_ARM_SIGFRAME_H
#define XRUN_LINUX_USER_ARM_SIGFRAME_H

#include <stdint.h>

#define ARM_VFP_MAGIC 0x56465001u
#define ARM_UC_FLAGS_PLAIN 0x5ac3c35au   /* plain frames: a value trap_no never has */

typedef struct ArmSigcontext {
    uint32_t trap_no;
    uint32_t error_code;
    uint32_t oldmask;
    uint32_t arm_r[16];                 /* r0-r10, fp, ip, sp, lr, pc */
    uint32_t arm_cpsr;
    uint32_t fault_address;
} ArmSigcontext;

typedef struct ArmStack {
    uint32_t ss_sp;
    uint32_t ss_flags;
    uint32_t ss_size;
} ArmStack;

typedef struct ArmUcontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    ArmStack uc_stack;
    ArmSigcontext uc_mcontext;
    uint32_t uc_sigmask[2];
    uint32_t uc_reserved[30];           /* room for glibc's 1024-bit sigset_t */
    uint32_t uc_regspace[128] __attribute__((aligned(8)));
} ArmUcontext;

/* The VFP record at the start of uc_regspace (struct vfp_sigframe). */
typedef struct ArmVfpSigframe {
    uint32_t magic;                     /* ARM_VFP_MAGIC */
    uint32_t size;                      /* sizeof(ArmVfpSigframe) = 288 */
    struct {
        uint64_t fpregs[32];            /* d0-d31 */
        uint32_t fpscr;
    } ufp;
    struct {
        uint32_t fpexc, fpinst, fpinst2;
    } ufp_exc;
} __attribute__((aligned(8))) ArmVfpSigframe;

/* uc_regspace contents: the VFP record, then a 0 word that ends the list. */
typedef struct ArmAuxSigframe {
    ArmVfpSigframe vfp;
    uint32_t end_magic;
} __attribute__((aligned(8))) ArmAuxSigframe;

typedef struct ArmSigframe {
    ArmUcontext uc;
    uint32_t retcode[4];
} ArmSigframe;

typedef struct ArmRtSigframe {
    uint8_t info[128];                  /* GuestSiginfo, EABI layout */
    ArmSigframe sig;
} ArmRtSigframe;

_Static_assert(sizeof(ArmSigcontext) == 84, "sigcontext size");
_Static_assert(sizeof(ArmUcontext) == 744, "ucontext size");
_Static_assert(sizeof(ArmVfpSigframe) == 288, "vfp_sigframe size");
_Static_assert(sizeof(ArmAuxSigframe) <= sizeof(((ArmUcontext *)0)->uc_regspace), "regspace fits");
_Static_assert(sizeof(ArmSigframe) == 760, "sigframe size");
_Static_assert(sizeof(ArmRtSigframe) == 888, "rt_sigframe size");

#endif
