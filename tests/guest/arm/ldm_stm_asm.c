/* ldm_stm_asm — load/store multiple in all four modes (IA, IB, DA, DB) with
 * and without writeback, register lists with gaps, the base register in the
 * list of a load (no writeback: the base gets the loaded value), push/pop
 * of odd and even counts, pop into pc as a return, and ldm with a
 * single register. IB and DA exist only in A32, so those run in A32
 * functions. ARM-only: compared with ldm_stm_asm.ref. */
#include "xt.h"

static uint32_t mem[32];
static uint32_t *mid;

static void fill(void)
{
    for (int i = 0; i < 32; i++)
        mem[i] = 0x1000 * i + 0xa5;
    mid = mem + 16;
}

static void dump(const char *what, uint32_t *base, const uint32_t *r, int n)
{
    printf("%-14s base%+d regs", what, (int)(base - mid));
    for (int i = 0; i < n; i++)
        printf(" %x", r[i]);
    printf(" mem %08x\n", xt_fnv(mem, sizeof mem));
}

#define LDM(name, mode, attr)                                                        \
    static __attribute__((noinline attr)) void name(void)                            \
    {                                                                                \
        uint32_t *b = mid, r[3];                                                     \
        __asm__ volatile("ldm" #mode " %0!, {r4, r5, r6}\n\t"                        \
                         "str r4, [%1]\n\tstr r5, [%1, #4]\n\tstr r6, [%1, #8]"       \
                         : "+r"(b) : "r"(r) : "memory", "r4", "r5", "r6");                             \
        dump("ldm" #mode "!", b, r, 3);                                              \
        b = mid;                                                                     \
        __asm__ volatile("ldm" #mode " %0, {r4, r6}\n\t"                             \
                         "str r4, [%1]\n\tstr r6, [%1, #4]"                           \
                         : "+r"(b) : "r"(r) : "memory", "r4", "r6");                             \
        dump("ldm" #mode, b, r, 2);                                                  \
    }
#define STM(name, mode, attr)                                                        \
    static __attribute__((noinline attr)) void name(void)                            \
    {                                                                                \
        uint32_t *b = mid;                                                           \
        fill();                                                                      \
        __asm__ volatile("mov r4, #0x44\n\tmov r5, #0x55\n\tmov r6, #0x66\n\t"       \
                         "stm" #mode " %0!, {r4, r5, r6}"                            \
                         : "+r"(b) : : "memory", "r4", "r5", "r6");                                    \
        dump("stm" #mode "!", b, 0, 0);                                              \
        b = mid;                                                                     \
        fill();                                                                      \
        __asm__ volatile("mov r4, #0x4\n\tmov r5, #0x5\n\t"                          \
                         "stm" #mode " %0, {r4, r5}"                                 \
                         : "+r"(b) : : "memory", "r4", "r5");                                    \
        dump("stm" #mode, b, 0, 0);                                                  \
    }

#define A32ATTR , target("arm")
#define NOATTR
LDM(ldm_ia, ia, NOATTR)
LDM(ldm_db, db, NOATTR)
LDM(ldm_ib, ib, A32ATTR)
LDM(ldm_da, da, A32ATTR)
STM(stm_ia, ia, NOATTR)
STM(stm_db, db, NOATTR)
STM(stm_ib, ib, A32ATTR)
STM(stm_da, da, A32ATTR)

/* base in the register list of a load, without writeback */
static __attribute__((noinline)) void ldm_base_in_list(void)
{
    uint32_t out[2];
    __asm__ volatile("mov r4, %1\n\t"
                     "ldm r4, {r4, r5}\n\t"
                     "str r4, [%0]\n\tstr r5, [%0, #4]"
                     : : "r"(out), "r"(mid) : "memory", "r4", "r5");
    printf("ldm base in list: %x %x\n", out[0], out[1]);
}

static __attribute__((noinline)) uint32_t push_pop(uint32_t x)
{
    uint32_t r;
    __asm__ volatile("mov r4, %1\n\tadd r5, r4, #1\n\tadd r6, r4, #2\n\tadd r8, r4, #3\n\tadd r9, r4, #4\n\t"
                     "push {r4, r5, r6, r8, r9}\n\t"
                     "pop {r5, r6}\n\t"   /* r5 = x, r6 = x+1 */
                     "pop {r4}\n\t"       /* r4 = x+2 */
                     "pop {r8, r9}\n\t"   /* r8 = x+3, r9 = x+4 */
                     "add %0, r5, r6, lsl #4\n\t"
                     "add %0, %0, r4, lsl #8\n\t"
                     "add %0, %0, r8, lsl #12\n\t"
                     "add %0, %0, r9, lsl #16"
                     : "=&r"(r) : "r"(x) : "memory", "r4", "r5", "r6", "r8", "r9");
    return r;
}

/* a function whose epilogue is "pop {r4, pc}", called through blx */
__attribute__((naked, noinline, target("arm"))) static int pop_pc_fn(int x)
{
    __asm__ volatile("push {r4, lr}\n\t"
                     "add r4, r0, #100\n\t"
                     "mov r0, r4\n\t"
                     "pop {r4, pc}");
}

static __attribute__((noinline, target("arm"))) void stm_r0_r3(void)
{
    uint32_t out[4];
    __asm__ volatile("mov r4, %0\n\t"
                     "mov r0, #1\n\tmov r1, #2\n\tmov r2, #3\n\tmov r3, #4\n\t"
                     "stmia r4, {r0, r1, r2, r3}"
                     : : "r"(out) : "memory", "r0", "r1", "r2", "r3", "r4");
    printf("stmia r0-r3: %u %u %u %u\n", out[0], out[1], out[2], out[3]);
}

int main(void)
{
    fill();
    ldm_ia();
    ldm_db();
    ldm_ib();
    ldm_da();
    stm_ia();
    stm_db();
    stm_ib();
    stm_da();
    fill();
    ldm_base_in_list();
    printf("push/pop: %08x\n", push_pop(1));
    printf("pop pc: %d %d\n", pop_pc_fn(5), pop_pc_fn(-100));
    stm_r0_r3();
    CHECK(push_pop(1) == 0x54321 + 0x10000 * 0 + 0);
    return xt_done();
}
