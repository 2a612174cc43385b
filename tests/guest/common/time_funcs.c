/* time_funcs — clocks and calendar: CLOCK_MONOTONIC never goes back,
 * CLOCK_REALTIME agrees with time() and gettimeofday(), nanosleep sleeps at
 * least as long as asked, clock_getres, the process CPU clock advances with
 * work, and the calendar conversions (gmtime_r, timegm, mktime with TZ=UTC,
 * strftime) of fixed timestamps including 2038 and leap days. Built with a
 * 64-bit time_t (the *_time64 syscalls on ARM). */
/* XRUN-CFLAGS: -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64 */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include "xt.h"

static double ts(const struct timespec *t) { return t->tv_sec + t->tv_nsec * 1e-9; }

int main(void)
{
    struct timespec a, b, res;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    int back = 0;
    for (int i = 0; i < 10000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        back += ts(&b) < ts(&a);
        a = b;
    }
    printf("monotonic went back: %d\n", back);
    struct timespec rt;
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &rt);
    gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("realtime vs time(): %d, vs gettimeofday: %d, after 2020: %d\n",
           (long long)t - rt.tv_sec <= 2 && (long long)t - rt.tv_sec >= 0,
           tv.tv_sec - rt.tv_sec <= 2 && tv.tv_sec >= rt.tv_sec, t > 1577836800);
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
    printf("resolution <= 1ms: %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec req = {0, 30 * 1000 * 1000};
    CHECK(nanosleep(&req, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double slept = ts(&b) - ts(&a);
    printf("nanosleep 30ms slept >= 30ms: %d, < 2s: %d\n", slept >= 0.030, slept < 2.0);
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile uint32_t x = 1;
    for (int i = 0; i < 3000000; i++)
        x = x * 1664525u + 1013904223u;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("cpu clock advanced: %d\n", ts(&c1) > ts(&c0));
    struct tms tm_;
    printf("times() ok: %d\n", times(&tm_) != (clock_t)-1);

    static const long long stamps[] = {0, 86399, 951782400, 951868800, 1234567890, 2147483647,
                                       2147483648ll, 4102444800ll, -1, -86400 * 365};
    for (unsigned i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        time_t s = (time_t)stamps[i];
        if ((long long)s != stamps[i]) { /* 32-bit time_t cannot hold it */
            printf("%lld: out of range\n", stamps[i]);
            continue;
        }
        struct tm g;
        gmtime_r(&s, &g);
        char buf[80];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j %U", &g);
        printf("%lld: %s back %d\n", stamps[i], buf, (long long)timegm(&g) == stamps[i]);
    }
    struct tm m = {0};
    m.tm_year = 124;
    m.tm_mon = 1;
    m.tm_mday = 29;
    m.tm_hour = 12;
    long long mk = (long long)mktime(&m);
    printf("mktime 2024-02-29 12:00 UTC = %lld wday %d\n", mk, m.tm_wday);
    return xt_done();
}
