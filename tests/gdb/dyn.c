/* A dynamically linked PIE for tests/gdb/run.sh: prints 42 through libc. */
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) int work(int x)
{
    return x * 3;
}

int main(void)
{
    char b[32];
    snprintf(b, sizeof(b), "%d", work(14));
    puts(b);
    return strlen(b) == 2 ? 0 : 1;
}
