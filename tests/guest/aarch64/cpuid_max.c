/* cpuid_max — MIDR_EL1, /proc/cpuinfo and the HWCAP/ID register
 * agreement of cpuid_a64.h under -cpu max
 * (every feature xrun has; it calls itself a Neoverse N1 r3p1, MIDR 0x413fd0c1).
 * XRUN-CPU: max
 * XRUN-XFAIL-QEMU: qemu-aarch64 7.2 shows the host's /proc/cpuinfo
 */
#include "cpuid_a64.h"

int main(void)
{
    return cpuid_run();
}
