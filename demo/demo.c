/*
 * The demo program: a small ARM program that exercises integer and floating
 * point code, the C library and a few system calls, so that `make demo`
 * shows xrun-arm running a real cross-compiled binary.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <math.h>

static unsigned primes_below(unsigned n)
{
    unsigned count = 0;
    for (unsigned i = 2; i < n; i++) {
        unsigned d = 2;
        while (d * d <= i && i % d)
            d++;
        count += d * d > i;
    }
    return count;
}

int main(int argc, char **argv)
{
    struct utsname u;
    uname(&u);
    printf("Hello from a 32-bit ARM program (%s, machine %s)\n", argv[0], u.machine);
    printf("primes below 100000: %u\n", primes_below(100000));
    double x = 0;
    for (int i = 1; i <= 1000; i++)
        x += sin(i) / i;
    printf("sum sin(i)/i for i=1..1000: %.12f\n", x);
    printf("argc=%d\n", argc);
    return 0;
}
