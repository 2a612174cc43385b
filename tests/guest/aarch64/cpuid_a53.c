/* cpuid_a53 — MIDR_EL1, /proc/cpuinfo and the HWCAP/ID register
 * agreement of cpuid_a64.h under -cpu cortex-a53
 * (Cortex-A53 r0p4, MIDR 0x410fd034: ARMv8.0 with CRC32 and crypto).
 * XRUN-CPU: cortex-a53
 * XRUN-XFAIL-QEMU: qemu-aarch64 7.2 shows the host's /proc/cpuinfo
 */
#include "cpuid_a64.h"

int main(void)
{
    return cpuid_run();
}
