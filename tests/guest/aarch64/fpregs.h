/* fpregs.h — FPCR, FPSR and NZCV access for the AArch64 FP test programs
 * (fpcr_a64, fp16_a64): MRS/MSR of the registers as 64-bit values. */
#ifndef FPREGS_H
#define FPREGS_H
#include <stdint.h>

static inline uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static inline void set_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" : : "r"(v)); }
static inline void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }
static inline uint64_t get_fpcr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}
static inline uint64_t get_nzcv(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, nzcv" : "=r"(v));
    return v;
}
#endif
