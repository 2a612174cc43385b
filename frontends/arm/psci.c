/*
 * PSCI (ARM DEN 0022) over HVC or SMC: how Linux starts and stops
 * secondary cpus and powers off or resets the machine on a board without
 * firmware. The function id is in r0, arguments in r1-r3, the result
 * returns in r0:
 *
 *     r0 = 0x84000003 (CPU_ON), r1 = target MPIDR, r2 = entry, r3 = context
 *     hvc #0        -> r0 = 0 (SUCCESS), the target starts at entry with r0 = context
 *
 * Only the 32-bit (SMC32) function ids exist on an AArch32 cpu. The board
 * carries out what concerns other cpus and the machine through env->hooks.
 */
#include "frontends/arm/cpu.h"

enum {
    PSCI_VERSION = 0x84000000u,
    PSCI_CPU_SUSPEND = 0x84000001u,
    PSCI_CPU_OFF = 0x84000002u,
    PSCI_CPU_ON = 0x84000003u,
    PSCI_AFFINITY_INFO = 0x84000004u,
    PSCI_MIGRATE = 0x84000005u,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006u,
    PSCI_MIGRATE_INFO_UP_CPU = 0x84000007u,
    PSCI_SYSTEM_OFF = 0x84000008u,
    PSCI_SYSTEM_RESET = 0x84000009u,
    PSCI_FEATURES = 0x8400000au,
};

enum {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMS = -2,
    PSCI_RET_DENIED = -3,
    PSCI_RET_ALREADY_ON = -4,
    PSCI_RET_INTERNAL_FAILURE = -6,
};

/* MIGRATE_INFO_TYPE: no Trusted OS, nothing to migrate. */
#define PSCI_TOS_NOT_PRESENT 2

void arm_psci_set_conduit(CPUARMState *env, int conduit, uint32_t version)
{
    env->psci_conduit = (uint32_t)conduit;
    env->psci_version = version;
}

/* A cpu coming on starts from reset (it may have run before CPU_OFF). */
void arm_psci_cpu_on_state(CPUARMState *env, uint32_t entry, uint32_t context_id)
{
    uint32_t l2ctlr = env->cp15.l2ctlr, cbar = env->cp15.cbar;
    arm_sys_cpu_reset(env, env->model, env->common.cpu_index);
    env->cp15.l2ctlr = l2ctlr;
    env->cp15.cbar = cbar;
    env->thumb = entry & 1;
    env->regs[15] = entry & ~1u;
    env->regs[0] = context_id;
    env->powered_off = 0;
    env->common.halted = false;
}

static bool psci_implemented(uint32_t fn, uint32_t version)
{
    switch (fn) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
        return true;
    case PSCI_FEATURES:
        return version >= ARM_PSCI_VERSION_1_0;
    default:
        return false;
    }
}

/* The cpu with affinity mpidr: the caller itself, or one the board knows. */
static CPUARMState *psci_cpu(CPUARMState *env, uint32_t mpidr)
{
    const ArmSysHooks *h = env->hooks;
    mpidr &= 0x00ffffffu;
    if (mpidr == (env->cp15.mpidr & 0x00ffffffu)) {
        return env;
    }
    return h && h->psci_cpu_by_mpidr ? h->psci_cpu_by_mpidr(env->hooks_opaque, mpidr) : NULL;
}

static int32_t psci_cpu_on(CPUARMState *env, uint32_t mpidr, uint32_t entry, uint32_t context_id)
{
    const ArmSysHooks *h = env->hooks;
    CPUARMState *target = psci_cpu(env, mpidr);
    if (!target) {
        return PSCI_RET_INVALID_PARAMS;
    }
    if (!target->powered_off) {
        return PSCI_RET_ALREADY_ON;
    }
    if (!h || !h->psci_power_on) {
        return PSCI_RET_INTERNAL_FAILURE;
    }
    arm_psci_cpu_on_state(target, entry, context_id);
    h->psci_power_on(env->hooks_opaque, target);
    return PSCI_RET_SUCCESS;
}

static int32_t psci_affinity_info(CPUARMState *env, uint32_t mpidr, uint32_t level)
{
    if (level != 0) {
        return PSCI_RET_INVALID_PARAMS;
    }
    CPUARMState *target = psci_cpu(env, mpidr);
    if (!target) {
        return PSCI_RET_INVALID_PARAMS;
    }
    return target->powered_off ? 1 : 0; /* OFF : ON */
}

bool arm_psci_call(CPUARMState *env, int excp)
{
    uint32_t fn = env->regs[0];
    const ArmSysHooks *h = env->hooks;
    int32_t ret;

    if ((excp == EXCP_HVC && env->psci_conduit != ARM_PSCI_HVC) ||
        (excp == EXCP_SMC && env->psci_conduit != ARM_PSCI_SMC) ||
        (excp != EXCP_HVC && excp != EXCP_SMC)) {
        return false;
    }
    /* The PSCI range of the standard secure service calls, both widths. */
    if ((fn & 0xbfffffe0u) != 0x84000000u) {
        return false;
    }
    switch (fn) {
    case PSCI_VERSION:
        ret = (int32_t)env->psci_version;
        break;
    case PSCI_CPU_ON:
        ret = psci_cpu_on(env, env->regs[1], env->regs[2], env->regs[3]);
        break;
    case PSCI_CPU_OFF:
        env->powered_off = 1;
        env->common.halted = true;
        if (h && h->psci_power_off) {
            h->psci_power_off(env->hooks_opaque, env);
        }
        ret = PSCI_RET_SUCCESS; /* never seen by the guest unless turned on again */
        break;
    case PSCI_CPU_SUSPEND:
        /* A standby state: wait for an interrupt, as WFI. */
        env->common.halted = true;
        ret = PSCI_RET_SUCCESS;
        break;
    case PSCI_AFFINITY_INFO:
        ret = psci_affinity_info(env, env->regs[1], env->regs[2]);
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = PSCI_TOS_NOT_PRESENT;
        break;
    case PSCI_SYSTEM_OFF:
        if (h && h->psci_system_off) {
            h->psci_system_off(env->hooks_opaque);
        }
        ret = PSCI_RET_INTERNAL_FAILURE; /* returning at all is a failure */
        break;
    case PSCI_SYSTEM_RESET:
        if (h && h->psci_system_reset) {
            h->psci_system_reset(env->hooks_opaque);
        }
        ret = PSCI_RET_INTERNAL_FAILURE;
        break;
    case PSCI_FEATURES:
        if (env->psci_version < ARM_PSCI_VERSION_1_0) {
            ret = PSCI_RET_NOT_SUPPORTED;
        } else {
            ret = psci_implemented(env->regs[1], env->psci_version) ? PSCI_RET_SUCCESS
                                                                    : PSCI_RET_NOT_SUPPORTED;
        }
        break;
    case PSCI_MIGRATE:
    case PSCI_MIGRATE_INFO_UP_CPU:
    default:
        ret = PSCI_RET_NOT_SUPPORTED;
        break;
    }
    env->regs[0] = (uint32_t)ret;
    return true;
}
