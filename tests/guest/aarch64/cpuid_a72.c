/* cpuid_a72 — MIDR_EL1, /proc/cpuinfo and the HWCAP/ID register
 * agreement of cpuid_a64.h under -cpu cortex-a72
 * (Cortex-A72 r0p3, MIDR 0x410fd083: ARMv8.0 with CRC32 and crypto).
 * XRUN-CPU: cortex-a72
 * XRUN-XFAIL-QEMU: qemu-aarch64 7.2 shows the host's /proc/cpuinfo
 */
#include "cpuid_a64.h"

int main(void)
{
    return cpuid_run();
}
