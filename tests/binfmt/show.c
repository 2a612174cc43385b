/* What a program started through binfmt_misc sees: its argv, the program
 * /proc/self/exe and AT_EXECFN name, its credentials and AT_SECURE, and
 * whether anything of the kernel's hand-over to xrun leaked into it
 * (AT_EXECFD in its auxv, descriptors other than 0-2). One "key=value"
 * per line, for tests/binfmt/run.sh to grep. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    printf("exe=%s\n", exe);
    printf("execfn=%s\n", execfn ? execfn : "(none)");
    printf("uid=%d euid=%d\n", (int)getuid(), (int)geteuid());
    printf("secure=%lu\n", getauxval(AT_SECURE));
    printf("execfd=%lu\n", getauxval(AT_EXECFD));
    printf("fds=");
    for (int fd = 3; fd < 64; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            printf("%d,", fd);
    printf("\n");
    return 0;
}
