/* strtod — strtod/strtof/atof/sscanf on decimal and hex strings, including
 * halfway cases, overflow to inf (ERANGE), underflow, denormals and long
 * digit strings; results printed bit-exact with %a. */
#include <errno.h>
#include <stdlib.h>
#include "xt.h"

static const char *strs[] = {"0", "-0", "1", "0.1", "0.3", "1e23", "8.98846567431158e307",
                             "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "-1e400",
                             "4.9406564584124654e-324", "2.4703282292062327e-324",
                             "2.4703282292062328e-324", "1e-400", "2.2250738585072011e-308",
                             "0x1.fffffffffffffp1023", "0x1p-1074", "0x1.8p1", "  -12.5e-1xyz",
                             "inf", "-Infinity", "123456789012345678901234567890",
                             "0.000000000000000000000000000000001", "9007199254740993",
                             "9007199254740992.5", "3.4028235e38", "3.4028236e38",
                             "1.4e-45", "7e-46", "2.718281828459045235360287", "1e", ".5", "5.",
                             "0x", "+.e1", "1.5E+3", "nan"};

int main(void)
{
    int n = sizeof(strs) / sizeof(strs[0]);
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        double d = strtod(strs[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(strs[i], NULL);
        int e2 = errno;
        if (d != d)
            printf("%-40s nan end=%d\n", strs[i], (int)(end - strs[i]));
        else
            printf("%-40s %a %a end=%d erange=%d,%d\n", strs[i], d, (double)f,
                   (int)(end - strs[i]), e1 == ERANGE, e2 == ERANGE);
    }
    uint32_t h = 0;
    char buf[64];
    for (int i = 0; i < 4000; i++) {
        uint64_t bits = xt_rand64();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (d != d || d - d != 0)
            continue;
        snprintf(buf, sizeof buf, "%.*e", (int)(xt_rand() % 18), d);
        double back = strtod(buf, NULL);
        float fb = strtof(buf, NULL);
        h = h * 31 + xt_fnv(&back, sizeof back) + xt_fnv(&fb, sizeof fb);
        snprintf(buf, sizeof buf, "%.17g", d);
        CHECK(strtod(buf, NULL) == d);
    }
    double a, b;
    int m = sscanf("3.25 -7e2", "%lf %lf", &a, &b);
    printf("sscanf %d %a %a atof %a hash %08x\n", m, a, b, atof("0.7"), h);
    return xt_done();
}
