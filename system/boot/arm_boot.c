/*
 * The 32-bit ARM direct kernel boot: kernel, initrd and device tree placed
 * in guest RAM as qemu's arm boot code places them (see arm_boot.h for the
 * layout), and the boot CPU's entry registers.
 *
 * The kernel file is recognised by its first bytes: gzip data is inflated
 * straight into RAM (bounded by the RAM after the load address); a zImage
 * is known by its magic word at 0x24; files that are clearly something else
 * (ELF, U-Boot image, device tree, other compressors, an arm64 Image) are
 * refused with a message saying what they are; anything else is a raw
 * Image, loaded as is, as qemu does.
 *
 * zImage header (little-endian words):
 *
 *     0x24  0x016f2818     magic
 *     0x28  start          link address of the zImage (0: position independent)
 *     0x2c  end            end address: end - start is the image size
 *     0x30  0x04030201     endianness flag (kernels since 3.17)
 *     0x34  0x45454545     says an extension table follows
 *     0x38  table offset   tags { size in words, tag, data... }, size 0 ends
 *
 * The "KLSZ" tag (0x5a534c4b) holds the offset of the word giving the
 * decompressed kernel's size, the kernel's bss size, and, in later kernels,
 * its TEXT_OFFSET and the decompressor's malloc size.
 */
#include "system/boot/arm_boot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MiB (1024u * 1024u)
#define PAGE_SIZE 4096u

#define ZIMAGE_MAGIC        0x016f2818u
#define ZIMAGE_MAGIC_BE     0x18286f01u
#define ZIMAGE_ENDIAN_LE    0x04030201u
#define ZIMAGE_TABLE_MAGIC  0x45454545u
#define ZIMAGE_TAG_KRNL_SIZE 0x5a534c4bu
/* Without a KLSZ tag: Linux's TEXT_OFFSET and the decompressor's heap. */
#define ZIMAGE_TEXT_OFFSET  0x8000u
#define ZIMAGE_MALLOC_SIZE  0x10000u
/* Room for the decompressor's stack and the alignment of its relocation. */
#define ZIMAGE_RELOC_SLACK  0x10000u

/* SVC mode, asynchronous aborts, IRQ and FIQ masked, ARM state. */
#define CPSR_BOOT (0x13u | 1u << 6 | 1u << 7 | 1u << 8)

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* -- Reading files into guest RAM -- */

/* Reads the file at fd into dst, at most max bytes. Returns the length, or
 * -1 with errno set, or -2 when the file holds more than max bytes. */
static int64_t read_into(int fd, uint8_t *dst, uint64_t max)
{
    uint64_t got = 0;
    uint8_t probe;

    while (got < max) {
        size_t chunk = max - got > (1u << 30) ? (1u << 30) : (size_t)(max - got);
        ssize_t n = read(fd, dst + got, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return (int64_t)got;
        got += (uint64_t)n;
    }
    for (;;) {
        ssize_t n = read(fd, &probe, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        return n == 0 ? (int64_t)got : -2;
    }
}

/* Opens path for reading a regular file; -1 with a message on failure. */
static int open_input(const char *path, const char *what, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s %s: is a directory", what, path);
        close(fd);
        return -1;
    }
    return fd;
}

/* Inflates the gzip stream of fd into dst (at most max bytes). Returns the
 * output length or -1 with a message. */
static int64_t gunzip_into(int fd, const char *path, uint8_t *dst, uint64_t max, char *err,
                           size_t errlen)
{
    enum { IN_CHUNK = 65536 };
    uint8_t *in = malloc(IN_CHUNK);
    z_stream zs;
    int64_t out = -1;
    int zrc = Z_OK;

    memset(&zs, 0, sizeof zs);
    if (!in) {
        snprintf(err, errlen, "kernel %s: out of memory", path);
        return -1;
    }
    /* 16 + MAX_WBITS: a gzip header and trailer around the deflate data. */
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        snprintf(err, errlen, "kernel %s: zlib initialisation failed", path);
        free(in);
        return -1;
    }
    zs.next_out = dst;
    zs.avail_out = max > UINT32_MAX ? UINT32_MAX : (uInt)max;
    while (zrc != Z_STREAM_END) {
        ssize_t n = read(fd, in, IN_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, errlen, "kernel %s: %s", path, strerror(errno));
            goto done;
        }
        if (n == 0) {
            snprintf(err, errlen, "kernel %s: truncated gzip data", path);
            goto done;
        }
        zs.next_in = in;
        zs.avail_in = (uInt)n;
        while (zs.avail_in > 0 && zrc != Z_STREAM_END) {
            zrc = inflate(&zs, Z_NO_FLUSH);
            if (zrc == Z_BUF_ERROR && zs.avail_out == 0) {
                snprintf(err, errlen, "kernel %s: decompressed kernel is larger than the "
                         "%llu MiB of RAM after the load address", path,
                         (unsigned long long)(max / MiB));
                goto done;
            }
            if (zrc != Z_OK && zrc != Z_STREAM_END) {
                snprintf(err, errlen, "kernel %s: corrupt gzip data (%s)", path,
                         zs.msg ? zs.msg : zError(zrc));
                goto done;
            }
        }
    }
    out = (int64_t)zs.total_out;
done:
    inflateEnd(&zs);
    free(in);
    return out;
}

/* -- Recognising the kernel -- */

/* A message naming what a non-kernel file is, or NULL when it may be one. */
static const char *not_a_kernel(const uint8_t *p, uint64_t len)
{
    if (len == 0)
        return "empty file, not a kernel";
    if (len >= 4 && memcmp(p, "\177ELF", 4) == 0)
        return "an ELF file, not a zImage or Image (use arch/arm/boot/zImage)";
    if (len >= 4 && p[0] == 0x27 && p[1] == 0x05 && p[2] == 0x19 && p[3] == 0x56)
        return "a U-Boot uImage, not supported (use the zImage inside it)";
    if (len >= 4 && p[0] == 0xd0 && p[1] == 0x0d && p[2] == 0xfe && p[3] == 0xed)
        return "a device tree blob, not a kernel";
    if (len >= 6 && memcmp(p, "\3757zXZ", 6) == 0)
        return "xz-compressed, not supported (gzip or none)";
    if (len >= 4 && le32(p) == 0xfd2fb528u)
        return "zstd-compressed, not supported (gzip or none)";
    if (len >= 3 && memcmp(p, "BZh", 3) == 0)
        return "bzip2-compressed, not supported (gzip or none)";
    if (len >= 6 && memcmp(p, "070701", 6) == 0)
        return "a cpio archive (an initrd?), not a kernel";
    if (len >= 0x40 && le32(p + 0x38) == 0x644d5241u) /* "ARM\x64" */
        return "an arm64 Image, not a 32-bit ARM kernel";
    if (len >= 0x30 && le32(p + 0x24) == ZIMAGE_MAGIC_BE)
        return "a big-endian zImage, not supported";
    return NULL;
}

/* End of the area a zImage's decompression uses, from its KLSZ tag, or 0
 * when the header has no usable tag. The decompressed kernel goes to
 * base + TEXT_OFFSET; the decompressor, when that overlaps itself, first
 * copies itself past that end, with its heap and stack. */
static uint64_t zimage_decomp_end(const uint8_t *z, uint64_t zsize, uint64_t ram_base)
{
    uint64_t off;

    if (zsize < 0x3c || le32(z + 0x30) != ZIMAGE_ENDIAN_LE || le32(z + 0x34) != ZIMAGE_TABLE_MAGIC)
        return 0;
    off = le32(z + 0x38);
    /* Walk the tags; each is checked to lie inside the image. */
    while (off + 8 <= zsize) {
        uint32_t words = le32(z + off), tag = le32(z + off + 4);
        if (words < 2 || off + (uint64_t)words * 4 > zsize)
            return 0;
        if (tag == ZIMAGE_TAG_KRNL_SIZE && words >= 4) {
            uint64_t size_ptr = le32(z + off + 8), bss = le32(z + off + 12);
            uint64_t text = words >= 5 ? le32(z + off + 16) : ZIMAGE_TEXT_OFFSET;
            uint64_t heap = words >= 6 ? le32(z + off + 20) : ZIMAGE_MALLOC_SIZE;
            if (size_ptr + 4 > zsize)
                return 0;
            return ram_base + text + le32(z + size_ptr) + bss + zsize + heap + ZIMAGE_RELOC_SLACK;
        }
        off += (uint64_t)words * 4;
    }
    return 0;
}

/* Checks the loaded kernel (len bytes at k) and fills st's format and
 * kernel_end. False with a message when it is not a kernel we boot. */
static bool classify_kernel(const char *path, const uint8_t *k, uint64_t len, uint64_t ram_base,
                            ArmBootState *st, char *err, size_t errlen)
{
    const char *why = not_a_kernel(k, len);
    uint64_t decomp;

    if (why) {
        snprintf(err, errlen, "kernel %s%s: %s", path, st->gzipped ? " (gzip-compressed)" : "", why);
        return false;
    }
    st->kernel_end = st->kernel_start + len;
    if (len < 0x30 || le32(k + 0x24) != ZIMAGE_MAGIC) {
        st->format = ARM_KERNEL_IMAGE;
        return true;
    }
    uint32_t start = le32(k + 0x28), end = le32(k + 0x2c);
    if (end <= start) {
        snprintf(err, errlen, "kernel %s: corrupt zImage header (start 0x%x, end 0x%x)", path,
                 start, end);
        return false;
    }
    if (end - start > len) {
        snprintf(err, errlen, "kernel %s: truncated zImage (header says %u bytes, file has %llu)",
                 path, end - start, (unsigned long long)len);
        return false;
    }
    st->format = ARM_KERNEL_ZIMAGE;
    decomp = zimage_decomp_end(k, end - start, ram_base);
    if (decomp > st->kernel_end)
        st->kernel_end = decomp;
    return true;
}

/* Loads the kernel file at ram_base + ARM_BOOT_KERNEL_OFFSET. */
static bool load_kernel(const ArmBootConfig *cfg, ArmBootState *st, char *err, size_t errlen)
{
    uint64_t room = cfg->ram_size - ARM_BOOT_KERNEL_OFFSET;
    uint8_t *dst = cfg->ram + ARM_BOOT_KERNEL_OFFSET;
    uint8_t magic[2];
    int64_t len;
    bool ok = false;
    int fd = open_input(cfg->kernel, "kernel", err, errlen);

    if (fd < 0)
        return false;
    st->kernel_start = cfg->ram_base + ARM_BOOT_KERNEL_OFFSET;
    len = pread(fd, magic, 2, 0);
    st->gzipped = len == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (st->gzipped) {
        len = gunzip_into(fd, cfg->kernel, dst, room, err, errlen);
        if (len < 0)
            goto out;
    } else {
        len = read_into(fd, dst, room);
        if (len == -2) {
            snprintf(err, errlen, "kernel %s: larger than the %llu MiB of RAM after the load "
                     "address", cfg->kernel, (unsigned long long)(room / MiB));
            goto out;
        }
        if (len < 0) {
            snprintf(err, errlen, "kernel %s: %s", cfg->kernel, strerror(errno));
            goto out;
        }
    }
    st->kernel_size = (uint64_t)len;
    ok = classify_kernel(cfg->kernel, dst, st->kernel_size, cfg->ram_base, st, err, errlen);
out:
    close(fd);
    return ok;
}

/* Places the initrd as qemu does: halfway into RAM below 256 MiB of it,
 * else at 128 MiB, and never below the kernel's area. */
static bool load_initrd(const ArmBootConfig *cfg, ArmBootState *st, char *err, size_t errlen)
{
    uint64_t ram_end = cfg->ram_base + cfg->ram_size;
    uint64_t start = cfg->ram_base + (cfg->ram_size / 2 < 128 * MiB ? cfg->ram_size / 2 : 128 * MiB);
    int64_t len;
    int fd;

    if (start < st->kernel_end)
        start = st->kernel_end;
    st->initrd_start = align_up(start, PAGE_SIZE);
    st->initrd_size = 0;
    if (!cfg->initrd)
        return true;
    if (st->initrd_start >= ram_end) {
        snprintf(err, errlen, "initrd %s: no RAM left after the kernel (kernel area ends at "
                 "0x%llx, RAM at 0x%llx)", cfg->initrd, (unsigned long long)st->kernel_end,
                 (unsigned long long)ram_end);
        return false;
    }
    fd = open_input(cfg->initrd, "initrd", err, errlen);
    if (fd < 0)
        return false;
    len = read_into(fd, cfg->ram + (st->initrd_start - cfg->ram_base), ram_end - st->initrd_start);
    close(fd);
    if (len == -2) {
        snprintf(err, errlen, "initrd %s: larger than the %llu MiB of RAM free at 0x%llx",
                 cfg->initrd, (unsigned long long)((ram_end - st->initrd_start) / MiB),
                 (unsigned long long)st->initrd_start);
        return false;
    }
    if (len < 0) {
        snprintf(err, errlen, "initrd %s: %s", cfg->initrd, strerror(errno));
        return false;
    }
    st->initrd_size = (uint64_t)len;
    return true;
}

/* Builds or loads the tree and copies it 4 KiB above the initrd's end:
 * some kernels clear the rest of the page the initrd ends in. */
static bool load_dtb(const ArmBootConfig *cfg, ArmBootState *st, char *err, size_t errlen)
{
    uint64_t ram_end = cfg->ram_base + cfg->ram_size;
    VirtFdtDesc d = cfg->fdt;
    size_t size;
    void *fdt;

    st->dtb_start = align_up(st->initrd_start + st->initrd_size, PAGE_SIZE);
    if (st->dtb_start >= ram_end || st->dtb_start > UINT32_MAX) {
        snprintf(err, errlen, "no RAM left for the device tree after the kernel and initrd "
                 "(0x%llx)", (unsigned long long)st->dtb_start);
        return false;
    }
    d.ram_base = cfg->ram_base;
    d.ram_size = cfg->ram_size;
    d.initrd_start = st->initrd_size ? st->initrd_start : 0;
    d.initrd_end = st->initrd_size ? st->initrd_start + st->initrd_size : 0;
    if (cfg->dtb) {
        /* Its messages start with the path; say which file that is. */
        char ferr[512];
        fdt = virt_fdt_load_file(cfg->dtb, &d, &size, ferr, sizeof ferr);
        if (!fdt)
            snprintf(err, errlen, "dtb %s", ferr);
    } else {
        fdt = virt_fdt_build(&d, &size, err, errlen);
    }
    if (!fdt)
        return false;
    if (size > ram_end - st->dtb_start) {
        snprintf(err, errlen, "device tree of %zu bytes does not fit in the RAM left at 0x%llx",
                 size, (unsigned long long)st->dtb_start);
        free(fdt);
        return false;
    }
    memcpy(cfg->ram + (st->dtb_start - cfg->ram_base), fdt, size);
    st->dtb_size = size;
    free(fdt);
    return true;
}

bool arm_boot_load(const ArmBootConfig *cfg, ArmBootState *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    if (!cfg->kernel) {
        snprintf(err, errlen, "no kernel given");
        return false;
    }
    if (!cfg->ram || cfg->ram_size <= ARM_BOOT_KERNEL_OFFSET ||
        cfg->ram_base + ARM_BOOT_KERNEL_OFFSET > UINT32_MAX) {
        snprintf(err, errlen, "RAM of 0x%llx bytes at 0x%llx cannot hold a 32-bit kernel",
                 (unsigned long long)cfg->ram_size, (unsigned long long)cfg->ram_base);
        return false;
    }
    if (!load_kernel(cfg, st, err, errlen) || !load_initrd(cfg, st, err, errlen) ||
        !load_dtb(cfg, st, err, errlen))
        return false;
    st->pc = (uint32_t)st->kernel_start;
    st->r[0] = 0;
    st->r[1] = ARM_BOOT_DT_MACHINE;
    st->r[2] = (uint32_t)st->dtb_start;
    st->cpsr = CPSR_BOOT;
    return true;
}
