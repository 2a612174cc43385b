/* fileio — file system calls in a private temporary directory: open/creat,
 * write/read of a pattern, lseek (SET/CUR/END, past the end: a hole reads
 * as zeros), pread/pwrite, stat/fstat/lstat (size, type, mode), ftruncate,
 * O_APPEND, rename, symlink/readlink, readdir (sorted), dup/dup2/fcntl,
 * access, stdio (fopen/fprintf/fgets/fseek/ftell), unlink and rmdir.
 * Built with 64-bit file offsets, as Debian builds its programs: the
 * 32-bit readdir fails with EOVERFLOW on hosts with 64-bit inode numbers. */
/* XRUN-CFLAGS: -D_FILE_OFFSET_BITS=64 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xt.h"

static char dir[64];

static const char *path(const char *name)
{
    static char p[2][128];
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    strcpy(dir, "/tmp/xrun-fileio-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    static unsigned char data[100000], back[100000];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 31 + (i >> 8));

    int fd = open(path("a.bin"), O_CREAT | O_EXCL | O_RDWR, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, data, sizeof data) == (ssize_t)sizeof data);
    printf("seek end %ld\n", (long)lseek(fd, 0, SEEK_END));
    printf("seek set %ld\n", (long)lseek(fd, 1000, SEEK_SET));
    printf("seek cur %ld\n", (long)lseek(fd, -10, SEEK_CUR));
    CHECK(read(fd, back, 20) == 20 && memcmp(back, data + 990, 20) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    ssize_t got = 0, r;
    while ((r = read(fd, back + got, 7777)) > 0)
        got += r;
    printf("read back %ld same %d\n", (long)got, memcmp(back, data, sizeof data) == 0);
    CHECK(pwrite(fd, "XYZ", 3, 5) == 3);
    char small[8] = {0};
    CHECK(pread(fd, small, 6, 3) == 6);
    printf("pread %02x %02x %c%c%c %02x\n", (unsigned char)small[0], (unsigned char)small[1],
           small[2], small[3], small[4], (unsigned char)small[5]);
    /* a hole past the end */
    CHECK(lseek(fd, 200000, SEEK_SET) == 200000);
    CHECK(write(fd, "end", 3) == 3);
    CHECK(pread(fd, small, 4, 150000) == 4);
    printf("hole reads zero %d\n", small[0] == 0 && small[3] == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("fstat size %ld reg %d mode %o\n", (long)st.st_size, S_ISREG(st.st_mode),
           (unsigned)(st.st_mode & 0777));
    CHECK(ftruncate(fd, 12345) == 0);
    CHECK(stat(path("a.bin"), &st) == 0);
    printf("after ftruncate %ld\n", (long)st.st_size);

    int fd2 = dup(fd);
    CHECK(fd2 > fd);
    CHECK(dup2(fd, 20) == 20);
    printf("fcntl cloexec %d\n", fcntl(20, F_GETFD) & FD_CLOEXEC);
    CHECK(fcntl(20, F_SETFD, FD_CLOEXEC) == 0);
    printf("fcntl cloexec %d\n", fcntl(20, F_GETFD) & FD_CLOEXEC);
    printf("shared offset %ld\n", (long)lseek(fd2, 0, SEEK_CUR) - (long)lseek(fd, 0, SEEK_CUR));
    close(fd2);
    close(20);
    close(fd);

    fd = open(path("log.txt"), O_CREAT | O_WRONLY | O_APPEND, 0600);
    CHECK(write(fd, "one\n", 4) == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "two\n", 4) == 4);
    close(fd);
    FILE *f = fopen(path("log.txt"), "r+");
    CHECK(f != NULL);
    char line[64];
    while (fgets(line, sizeof line, f))
        printf("log: %s", line);
    fseek(f, 0, SEEK_END);
    fprintf(f, "three %d %.2f\n", 3, 3.25);
    printf("ftell %ld\n", ftell(f));
    fclose(f);

    CHECK(rename(path("log.txt"), path("log2.txt")) == 0);
    CHECK(symlink("log2.txt", path("link")) == 0);
    char target[64] = {0};
    long rl = (long)readlink(path("link"), target, sizeof target - 1);
    printf("readlink %s (%ld)\n", target, rl);
    CHECK(lstat(path("link"), &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat(path("link"), &st) == 0 && S_ISREG(st.st_mode));
    printf("size via link %ld\n", (long)st.st_size);
    CHECK(mkdir(path("sub"), 0755) == 0);
    printf("access: %d %d\n", access(path("sub"), X_OK), access(path("nope"), F_OK) == -1 && errno == ENOENT);

    DIR *d = opendir(dir);
    CHECK(d != NULL);
    char *names[16];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 16)
        if (de->d_name[0] != '.')
            names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    printf("dir:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]), free(names[i]);
    printf("\n");

    CHECK(unlink(path("a.bin")) == 0);
    CHECK(unlink(path("log2.txt")) == 0);
    CHECK(unlink(path("link")) == 0);
    CHECK(rmdir(path("sub")) == 0);
    CHECK(unlink(path("a.bin")) == -1 && errno == ENOENT);
    CHECK(rmdir(dir) == 0);
    return xt_done();
}
