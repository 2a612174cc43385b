/* fsops — the file-system calls that dpkg, coreutils and debootstrap make
 * beyond plain I/O, in a private temporary directory: the inode flags
 * (FS_IOC_GETFLAGS, declared with a `long`), the extent map (FS_IOC_FIEMAP,
 * a variable-size struct), reflink copies (FICLONE, FICLONERANGE), and
 * mount/umount2 of a tmpfs. Results that depend on the file system (a
 * reflink on ext4 fails, one on btrfs works) are printed as they come: the
 * native build on the same host prints the same. */
/* XRUN-CFLAGS: -D_FILE_OFFSET_BITS=64 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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

/* "0" or the errno's name as strerror gives it. */
static const char *res(int r)
{
    return r == 0 ? "0" : strerror(errno);
}

static void file_flags(int fd)
{
    int flags = -1;
    int r = ioctl(fd, FS_IOC_GETFLAGS, &flags);
    printf("getflags: %s", res(r));
    if (r == 0)
        printf(" flags %#x", (unsigned)flags);
    printf("\n");
}

static void extent_map(int fd, off_t size)
{
    /* First the count alone, then the extents themselves. */
    struct fiemap *fm = calloc(1, sizeof(*fm) + 16 * sizeof(struct fiemap_extent));
    CHECK(fm != NULL);
    fm->fm_length = FIEMAP_MAX_OFFSET;
    fm->fm_flags = FIEMAP_FLAG_SYNC;
    int r = ioctl(fd, FS_IOC_FIEMAP, fm);
    printf("fiemap count: %s\n", res(r));
    if (r != 0) {
        free(fm);
        return;
    }
    unsigned count = fm->fm_mapped_extents;
    CHECK(count >= 1);
    fm->fm_extent_count = 16;
    r = ioctl(fd, FS_IOC_FIEMAP, fm);
    CHECK(r == 0);
    CHECK(fm->fm_mapped_extents == (count < 16 ? count : 16));
    unsigned long long covered = 0;
    for (unsigned i = 0; i < fm->fm_mapped_extents; i++)
        covered += fm->fm_extents[i].fe_length;
    struct fiemap_extent *last = &fm->fm_extents[fm->fm_mapped_extents - 1];
    printf("fiemap: first at %llu, covers the file %d, last flagged %d\n",
           (unsigned long long)fm->fm_extents[0].fe_logical, covered >= (unsigned long long)size,
           count > 16 || (last->fe_flags & FIEMAP_EXTENT_LAST) != 0);
    /* The extents the guest asked for fit; the kernel wrote no further. */
    fm->fm_extent_count = 1;
    memset(&fm->fm_extents[1], 0x5a, sizeof(fm->fm_extents[1]));
    CHECK(ioctl(fd, FS_IOC_FIEMAP, fm) == 0);
    CHECK(fm->fm_mapped_extents == 1);
    CHECK(fm->fm_extents[1].fe_flags == 0x5a5a5a5a);
    free(fm);
}

static void reflink(int src, off_t size)
{
    int dst = open(path("clone"), O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(dst >= 0);
    int r = ioctl(dst, FICLONE, src);
    printf("ficlone: %s\n", res(r));
    if (r == 0) {
        struct stat st;
        CHECK(fstat(dst, &st) == 0 && st.st_size == size);
    }
    struct file_clone_range range = {.src_fd = src, .src_offset = 0, .src_length = 4096, .dest_offset = 0};
    r = ioctl(dst, FICLONERANGE, &range);
    printf("ficlonerange: %s\n", res(r));
    /* A bad fd is refused the same way everywhere. */
    CHECK(ioctl(dst, FICLONE, 12345) == -1 && errno == EBADF);
    close(dst);
}

static void tmpfs_mount(void)
{
    char mnt[128];
    snprintf(mnt, sizeof mnt, "%s", path("mnt"));
    CHECK(mkdir(mnt, 0755) == 0);
    int r = mount("xrun-test", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0710");
    printf("mount tmpfs: %s\n", res(r));
    if (r == 0) {
        struct statfs sfs;
        struct stat st;
        CHECK(statfs(mnt, &sfs) == 0);
        printf("tmpfs magic %d, block-limited %d\n", sfs.f_type == TMPFS_MAGIC,
               sfs.f_blocks * sfs.f_bsize <= (1 << 20));
        CHECK(stat(mnt, &st) == 0);
        printf("root mode %o\n", (unsigned)(st.st_mode & 07777));
        int fd = open(path("mnt/f"), O_CREAT | O_WRONLY, 0600);
        CHECK(fd >= 0);
        /* Busy while a file is open: */
        r = umount2(mnt, 0);
        printf("umount busy: %s\n", res(r));
        close(fd);
        CHECK(umount2(mnt, 0) == 0);
        CHECK(access(path("mnt/f"), F_OK) == -1 && errno == ENOENT);
    }
    r = umount2(mnt, 0);
    printf("umount of a plain directory: %s\n", res(r));
    CHECK(umount2(mnt, 0x80000000) == -1 && errno == EINVAL); /* unknown flag */
    errno = 0;
    CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == -1 && errno != 0);
    CHECK(rmdir(mnt) == 0);
}

int main(void)
{
    strcpy(dir, "/tmp/xrun-fsops-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    static unsigned char data[200000];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 9));
    int fd = open(path("data"), O_CREAT | O_EXCL | O_RDWR, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, data, sizeof data) == (ssize_t)sizeof data);
    CHECK(fsync(fd) == 0);

    file_flags(fd);
    extent_map(fd, sizeof data);
    reflink(fd, sizeof data);
    tmpfs_mount();

    close(fd);
    CHECK(unlink(path("clone")) == 0);
    CHECK(unlink(path("data")) == 0);
    CHECK(rmdir(dir) == 0);
    return xt_done();
}
