/* uname_rand — identity and randomness syscalls: uname (sysname "Linux",
 * non-empty release and machine), gethostname agrees with uname, getpid/
 * getppid/getuid/geteuid consistency, getrandom (full count, not all zero,
 * two calls differ), /dev/urandom, sysconf (pages, CPUs), getcwd, and
 * resource limits. */
#include <fcntl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "xt.h"

int main(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    printf("sysname %s release non-empty %d machine non-empty %d\n", u.sysname,
           u.release[0] != 0, u.machine[0] != 0);
    char host[256];
    CHECK(gethostname(host, sizeof host) == 0);
    printf("hostname matches uname: %d\n", strcmp(host, u.nodename) == 0);
    printf("pid > 1 %d ppid > 0 %d uid==euid %d gid==egid %d\n", getpid() > 1, getppid() > 0,
           getuid() == geteuid(), getgid() == getegid());
    unsigned char r1[64], r2[64];
    ssize_t n1 = getrandom(r1, sizeof r1, 0), n2 = getrandom(r2, sizeof r2, GRND_NONBLOCK);
    int nz = 0;
    for (int i = 0; i < 64; i++)
        nz |= r1[i];
    printf("getrandom %ld %ld nonzero %d differ %d\n", (long)n1, (long)n2, nz != 0,
           memcmp(r1, r2, sizeof r1) != 0);
    int fd = open("/dev/urandom", O_RDONLY);
    printf("urandom read %ld\n", fd >= 0 ? (long)read(fd, r1, 16) : -1L);
    if (fd >= 0)
        close(fd);
    printf("pagesize %ld cpus > 0 %d\n", sysconf(_SC_PAGESIZE), sysconf(_SC_NPROCESSORS_ONLN) > 0);
    char cwd[4096];
    int cwd_ok = getcwd(cwd, sizeof cwd) != NULL;
    printf("getcwd ok %d absolute %d\n", cwd_ok, cwd[0] == '/');
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
    printf("stack limit > 64k %d\n", rl.rlim_cur > 65536);
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    printf("nofile limit >= 64 %d\n", rl.rlim_cur >= 64);
    return xt_done();
}
