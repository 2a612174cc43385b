/* sys_files — file-system syscalls through libc: open/openat, pread/pwrite,
 * 64-bit lseek and ftruncate past 4 GiB, fstat/fstatat/lstat, link,
 * symlink/readlink, rename, mkdir/rmdir, sorted readdir, dup/dup2/dup3 and
 * fcntl flags, POSIX record locks seen from a forked child, shared file
 * mappings, sendfile and splice, utimensat, and the errno of common
 * failures. Portable: compared with the native build. Works in a private
 * directory under $TMPDIR (or /tmp), removed at the end; no path, pid,
 * inode or time of day is printed. Adopted from the raw-syscall tests. */
/* XRUN-CFLAGS: -D_FILE_OFFSET_BITS=64 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "xt.h"

static char dir[512];

static const char *err_name(int e)
{
    switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EISDIR: return "EISDIR";
    case ESPIPE: return "ESPIPE";
    case EBADF: return "EBADF";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case EAGAIN: return "EAGAIN";
    case ELOOP: return "ELOOP";
    default: return "other";
    }
}

/* Print a call's result: its value, or -1 and the errno name. */
#define SHOW(what, expr)                                                            \
    do {                                                                            \
        errno = 0;                                                                  \
        long long r_ = (expr);                                                      \
        printf("%-28s %lld %s\n", what, r_, r_ < 0 ? err_name(errno) : "");          \
    } while (0)

static void basic_io(void)
{
    int fd = open("f1", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 3);
    SHOW("write", write(fd, "0123456789abcdef", 16));
    char b[32] = {0};
    SHOW("pread 4 @10", pread(fd, b, 4, 10));
    printf("  data %s\n", b);
    SHOW("pwrite XY @2", pwrite(fd, "XY", 2, 2));
    SHOW("lseek cur", lseek(fd, 0, SEEK_CUR));
    SHOW("lseek end-3", lseek(fd, -3, SEEK_END));
    SHOW("ftruncate 5G", ftruncate(fd, 5LL << 30));
    struct stat st;
    SHOW("fstat", fstat(fd, &st));
    printf("  size %lld mode %o nlink %d\n", (long long)st.st_size, st.st_mode, (int)st.st_nlink);
    SHOW("lseek 4G+7", lseek(fd, (4LL << 30) + 7, SEEK_SET));
    SHOW("write at 4G+7", write(fd, "Z", 1));
    SHOW("pread at 4G+7", pread(fd, b, 2, (4LL << 30) + 7));
    printf("  data %c %d\n", b[0], b[1]);
    SHOW("lseek SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
    SHOW("ftruncate 16", ftruncate(fd, 16));
    SHOW("pread 16", pread(fd, b, 32, 0));
    printf("  data %.16s\n", b);
    SHOW("fstatat", fstatat(AT_FDCWD, "f1", &st, 0));
    printf("  size %lld\n", (long long)st.st_size);
    close(fd);
}

static void names(void)
{
    struct stat st;
    char b[64] = {0};
    SHOW("link", link("f1", "f2"));
    SHOW("stat nlink", (stat("f1", &st), (long long)st.st_nlink));
    SHOW("symlink", symlink("f1", "s1"));
    SHOW("readlink", readlink("s1", b, sizeof b - 1));
    printf("  target %s\n", b);
    SHOW("lstat is link", (lstat("s1", &st), (long long)S_ISLNK(st.st_mode)));
    SHOW("stat follows", (stat("s1", &st), (long long)S_ISREG(st.st_mode)));
    SHOW("open O_NOFOLLOW link", open("s1", O_RDONLY | O_NOFOLLOW));
    SHOW("rename f2 f3", rename("f2", "f3"));
    SHOW("access f2", access("f2", F_OK));
    SHOW("access f3 R", access("f3", R_OK));
    SHOW("chmod 600", chmod("f3", 0600));
    SHOW("mode", (stat("f3", &st), (long long)(st.st_mode & 0777)));
    SHOW("mkdir d", mkdir("d", 0755));
    SHOW("mkdir d again", mkdir("d", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    for (int i = 0; i < 5; i++) {
        char n[8];
        snprintf(n, sizeof n, "e%d", 4 - i);
        int fd = openat(dfd, n, O_WRONLY | O_CREAT, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    SHOW("read on dir", read(dfd, b, 4));
    SHOW("rmdir non-empty", rmdir("d"));
    SHOW("open f1/x", open("f1/x", O_RDONLY));
    struct dirent **list;
    int n = scandir("d", &list, NULL, alphasort);
    printf("scandir %d:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", list[i]->d_name);
        free(list[i]);
    }
    printf("\n");
    free(list);
    for (int i = 0; i < 5; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "e%d", i);
        CHECK(unlinkat(dfd, nm, 0) == 0);
    }
    close(dfd);
    SHOW("rmdir d", rmdir("d"));
    SHOW("unlink missing", unlink("nope"));
    struct timespec ts[2] = {{1000000000, 5}, {1200000000, 123456789}};
    SHOW("utimensat", utimensat(AT_FDCWD, "f3", ts, 0));
    stat("f3", &st);
    printf("  mtime %lld.%09ld atime %lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
           (long long)st.st_atim.tv_sec);
}

static void fds(void)
{
    int fd = open("f1", O_RDWR | O_APPEND);
    SHOW("F_GETFL append", fcntl(fd, F_GETFL) & (O_APPEND | O_ACCMODE));
    SHOW("dup2 to 20", dup2(fd, 20));
    SHOW("dup3 cloexec", dup3(fd, 21, O_CLOEXEC));
    SHOW("F_GETFD 21", fcntl(21, F_GETFD));
    SHOW("F_GETFD 20", fcntl(20, F_GETFD));
    SHOW("F_DUPFD >=30", fcntl(fd, F_DUPFD, 30));
    SHOW("dup3 same fd", dup3(fd, fd, 0));
    SHOW("close 20", close(20));
    SHOW("close 20 again", close(20));
    close(21);
    close(30);
    int p[2];
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    char c;
    SHOW("read empty pipe", read(p[0], &c, 1));
    SHOW("lseek pipe", lseek(p[0], 0, SEEK_SET));
    /* sendfile file -> pipe, splice pipe -> file */
    off_t off = 4;
    SHOW("sendfile", sendfile(p[1], fd, &off, 6));
    printf("  off %lld\n", (long long)off);
    int out = open("f4", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t o2 = 3;
    SHOW("splice", splice(p[0], NULL, out, &o2, 6, 0));
    char b[16] = {0};
    SHOW("pread f4", pread(out, b, 16, 0));
    printf("  data %d %.6s\n", b[0], b + 3);
    close(out);
    close(p[0]);
    close(p[1]);
    close(fd);
}

static void locks(void)
{
    int fd = open("f1", O_RDWR);
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20};
    SHOW("F_SETLK wr 10+20", fcntl(fd, F_SETLK, &lk));
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        int fd2 = open("f1", O_RDWR);
        struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        int r = fcntl(fd2, F_GETLK, &q);
        int ok = r == 0 && q.l_type == F_WRLCK && q.l_start == 10 && q.l_len == 20 && q.l_pid == parent;
        struct flock t = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 15, .l_len = 1};
        int busy = fcntl(fd2, F_SETLK, &t) < 0 && (errno == EAGAIN || errno == EACCES);
        struct flock u = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 40, .l_len = 4};
        int free_ok = fcntl(fd2, F_SETLK, &u) == 0;
        _exit(ok | busy << 1 | free_ok << 2);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    printf("child lock view %d (7 = saw lock, blocked, other range free)\n", WEXITSTATUS(st));
    lk.l_type = F_UNLCK;
    SHOW("F_SETLK unlock", fcntl(fd, F_SETLK, &lk));
    close(fd);
}

static void mapping(void)
{
    int fd = open("f5", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(ftruncate(fd, 8192) == 0);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(m != MAP_FAILED);
    memcpy(m + 4096, "shared!", 7);
    SHOW("msync", msync(m, 8192, MS_SYNC));
    char b[8] = {0};
    SHOW("pread mapped", pread(fd, b, 7, 4096));
    printf("  data %s\n", b);
    SHOW("pwrite under map", pwrite(fd, "FILE", 4, 100));
    printf("  map sees %.4s\n", m + 100);
    char *m2 = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
    CHECK(m2 != MAP_FAILED);
    printf("  after mremap %.7s\n", m2 + 4096);
    SHOW("munmap", munmap(m2, 16384));
    char *pm = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
    printf("  private offset map %.7s\n", pm);
    SHOW("mprotect rw", mprotect(pm, 4096, PROT_READ | PROT_WRITE));
    pm[0] = 'S';
    SHOW("pread after private write", pread(fd, b, 1, 4096));
    printf("  file still %c\n", b[0]);
    munmap(pm, 4096);
    close(fd);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/xrun-sys-files-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        printf("no temporary directory\n");
        return 1;
    }
    basic_io();
    names();
    fds();
    locks();
    mapping();
    const char *files[] = {"f1", "f3", "s1", "f4", "f5"};
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
        CHECK(unlink(files[i]) == 0);
    CHECK(chdir("/") == 0);
    CHECK(rmdir(dir) == 0);
    return xt_done();
}
