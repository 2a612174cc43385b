/* interwork_asm — switching between ARM and Thumb state (interwork_asm.S):
 * bx/blx through registers, blx to a label, pop {pc} and ldr pc returns,
 * mov pc, lr within ARM, and the Thumb-only cbz/cbnz and an IT block whose
 * last instruction is a conditional bx. The C side is built in both states,
 * so every call crosses or stays in a state depending on the variant.
 * ARM-only: compared with interwork_asm.ref (each value is also CHECKed). */
/* XRUN-SRCS: interwork_asm.S */
#include "xt.h"

int iw_arm_add(int a, int b);
int iw_thumb_mul3(int a);
int iw_chain(int x);
int iw_mov_pc(int x);
int iw_ldr_pc(int x);
int iw_count_nonzero(const int *p, int n);
int iw_it_branch(int x);

int main(void)
{
    static const int arr[] = {1, 0, 5, 0, 0, 9, -3, 0};
    int (*fp[])(int) = {iw_thumb_mul3, iw_chain, iw_mov_pc, iw_ldr_pc, iw_it_branch};
    printf("arm_add %d thumb_mul3 %d\n", iw_arm_add(40, 2), iw_thumb_mul3(14));
    for (int x = -2; x <= 2; x++)
        printf("x=%d chain %d mov_pc %d ldr_pc %d it_branch %d\n", x, iw_chain(x), iw_mov_pc(x),
               iw_ldr_pc(x), iw_it_branch(x));
    printf("nonzero %d %d %d\n", iw_count_nonzero(arr, 8), iw_count_nonzero(arr, 0),
           iw_count_nonzero(arr + 1, 2));
    int acc = 0;
    for (int i = 0; i < 1000; i++)
        acc += fp[i % 5](i);
    printf("through pointers %d\n", acc);
    CHECK(iw_chain(2) == ((2 * 3) + 7) * 3 + 1);
    CHECK(iw_mov_pc(5) == 95);
    CHECK(iw_ldr_pc(1) == 6);
    CHECK(iw_it_branch(-5) == 1 && iw_it_branch(0) == 2 && iw_it_branch(9) == 3);
    CHECK(iw_count_nonzero(arr, 8) == 4);
    return xt_done();
}
