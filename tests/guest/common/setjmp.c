/* setjmp — setjmp/longjmp across frames, repeated jumps, values 0 (which
 * becomes 1), locals that survive (volatile), and nested jump buffers. */
#include <setjmp.h>
#include "xt.h"

static jmp_buf env_a, env_b;
static int depth_seen;

static __attribute__((noinline)) void dive(int depth, int target)
{
    volatile char pad[64];
    pad[0] = (char)depth;
    depth_seen = depth + pad[0] - pad[0];
    if (depth == target)
        longjmp(env_a, depth == 0 ? 0 : depth);
    dive(depth + 1, target);
}

static __attribute__((noinline)) int inner(void)
{
    int r = setjmp(env_b);
    if (r == 0)
        longjmp(env_b, 42);
    return r;
}

int main(void)
{
    for (int target = 0; target < 40; target += 7) {
        volatile int count = 0;
        int r = setjmp(env_a);
        count++;
        if (r == 0 && count == 1)
            dive(0, target);
        printf("target %d -> r=%d count=%d depth=%d\n", target, r, count, depth_seen);
        CHECK(r == (target == 0 ? 1 : target));
    }
    volatile int loops = 0;
    if (setjmp(env_a) < 5) {
        loops++;
        if (loops < 5)
            longjmp(env_a, loops);
    }
    printf("loops %d inner %d\n", loops, inner());
    CHECK(loops == 5);
    return xt_done();
}
