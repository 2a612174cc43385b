/* recursion — deep call chains: Ackermann (stack depth in the thousands),
 * naive Fibonacci (many short calls and returns, the return-address
 * prediction path), and a mutual recursion with many live values. */
#include "xt.h"

static __attribute__((noinline)) unsigned ack(unsigned m, unsigned n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static __attribute__((noinline)) unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int is_odd(unsigned n);
static __attribute__((noinline)) int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static __attribute__((noinline)) int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static __attribute__((noinline)) uint64_t many_args(int n, uint64_t a, uint32_t b, uint64_t c,
                                                    uint32_t d, uint32_t e, uint64_t f)
{
    if (n == 0)
        return a ^ b ^ c ^ d ^ e ^ f;
    return many_args(n - 1, f + 1, a, b, c, d + e, e * 3) + n;
}

int main(void)
{
    printf("ack(2,3)=%u ack(2,500)=%u ack(3,5)=%u\n", ack(2, 3), ack(2, 500), ack(3, 5));
    printf("fib(25)=%u\n", fib(25));
    printf("even(30001)=%d odd(20000)=%d\n", is_even(30001), is_odd(20000));
    printf("many %016llx\n", (unsigned long long)many_args(2000, 1, 2, 3, 4, 5, 6));
    CHECK(ack(3, 5) == 253);
    CHECK(fib(25) == 75025);
    return xt_done();
}
