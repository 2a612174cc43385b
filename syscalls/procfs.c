/*
 * The /proc files whose host version would describe xrun instead of the
 * guest: /proc/self/exe (and /proc/PID/exe for our own pid), maps, auxv,
 * cmdline, and /proc/cpuinfo.
 *
 * Opening one of them returns a memfd filled with the guest's view, read
 * from the start like the real file:
 *
 *     open("/proc/self/maps")  ->  memfd  <- mmap_dump_maps()
 *     open("/proc/self/exe")   ->  open(image_info.exec_path)
 *     readlink("/proc/self/exe") -> image_info.exec_path
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/guest.h"
#include "linux-user/user_priv.h"
#include "syscalls/sys.h"

typedef int (*ProcFill)(int fd);

static int fill_bytes(int fd, const void *p, size_t len)
{
    const char *c = p;
    while (len) {
        ssize_t n = write(fd, c, len);
        if (n <= 0)
            return -EIO;
        c += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fill_maps(int fd)
{
    int fd2 = dup(fd);
    if (fd2 == -1)
        return -errno;
    FILE *f = fdopen(fd2, "w");
    if (!f) {
        close(fd2);
        return -ENOMEM;
    }
    mmap_dump_maps(f);
    return fclose(f) == 0 ? 0 : -EIO;
}

static int fill_guest_range(int fd, uint64_t start, uint64_t len)
{
    if (!len || !sys_lock_read(start, len))
        return 0;
    return fill_bytes(fd, g2h(start), len);
}

static int fill_auxv(int fd)
{
    return fill_guest_range(fd, image_info.auxv_start, image_info.auxv_len);
}

static int fill_cmdline(int fd)
{
    return fill_guest_range(fd, image_info.arg_start, image_info.arg_end - image_info.arg_start);
}

/* One block per online host CPU, as the guest's kernel lists its cores, each
 * what a core of the -cpu model reports. */
static int fill_cpuinfo(int fd)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int cpus = ncpu > 0 && ncpu < 4096 ? (int)ncpu : 1;
    char probe[1];
    size_t need = user_guest->cpu_info(user_opts.cpu_model, cpus, probe, sizeof(probe)) + 1;
    char *text = malloc(need);
    if (!text)
        return -ENOMEM;
    size_t n = user_guest->cpu_info(user_opts.cpu_model, cpus, text, need);
    int r = fill_bytes(fd, text, n);
    free(text);
    return r;
}

static ProcFill proc_find(const char *path)
{
    if (sys_is_proc_self(path, "maps"))
        return fill_maps;
    if (sys_is_proc_self(path, "auxv"))
        return fill_auxv;
    if (sys_is_proc_self(path, "cmdline"))
        return fill_cmdline;
    if (strcmp(path, "/proc/cpuinfo") == 0)
        return fill_cpuinfo;
    return NULL;
}

abi_long sys_proc_open(int dirfd, const char *path, int host_flags, mode_t mode)
{
    if (path[0] != '/')
        return SYS_PROC_NOT_EMULATED;
    if (image_info.exec_path && sys_is_proc_self(path, "exe"))
        return sys_ret(open(image_info.exec_path, host_flags, mode));
    ProcFill fill = proc_find(path);
    if (!fill)
        return SYS_PROC_NOT_EMULATED;
    if ((host_flags & O_ACCMODE) != O_RDONLY)
        return -EACCES;
    int fd = memfd_create("xrun-proc", (host_flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd == -1)
        return -errno;
    int err = fill(fd);
    if (!err && lseek(fd, 0, SEEK_SET) == -1)
        err = -errno;
    if (err) {
        close(fd);
        return err;
    }
    return fd;
}

abi_long sys_proc_readlink(const char *path, char *buf, size_t size)
{
    if (!image_info.exec_path || !sys_is_proc_self(path, "exe"))
        return SYS_PROC_NOT_EMULATED;
    size_t len = strlen(image_info.exec_path);
    if (len > size)
        len = size; /* readlink truncates silently */
    memcpy(buf, image_info.exec_path, len);
    return (abi_long)len;
}
