/*
 * xrun-img: create, describe, check and convert the disk images the block
 * layer opens (raw and qcow2), with the command line of qemu-img's common
 * subcommands:
 *
 *     xrun-img create -f qcow2 -b base.raw -F raw overlay.qcow2
 *     xrun-img info --output=json overlay.qcow2
 *     xrun-img check -r leaks overlay.qcow2
 *     xrun-img convert -c -O qcow2 disk.raw disk.qcow2
 *
 * Exit codes: 0 success, 1 an error (one message naming the file and the
 * problem); check also returns 2 (corruption found) and 3 (only leaks).
 * docs/xrun-img.md describes each subcommand.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "include/xrun/util.h"
#include "system/block/block_int.h"

static const char usage_text[] =
    "usage: xrun-img COMMAND [options]\n"
    "\n"
    "  create [-f raw|qcow2] [-o OPTIONS] [-b BACKING [-F FMT]] FILE [SIZE]\n"
    "      SIZE in bytes, or with a K, M, G or T suffix; taken from BACKING when omitted.\n"
    "      OPTIONS: compat=0.10|1.1, cluster_size=N, backing_file=F, backing_fmt=F\n"
    "  info [-f FMT] [--output=human|json] FILE\n"
    "  check [-f FMT] [-r leaks|all] FILE\n"
    "      exit 0: no problem, 2: corruption, 3: leaked clusters only, 1: check failed\n"
    "  convert [-c] [-f FMT] [-O raw|qcow2] [-o OPTIONS] IN OUT\n"
    "      -c writes compressed qcow2 clusters; clusters of zeroes are not written.\n"
    "\n"
    "Formats: raw, qcow2 (compat 0.10 = version 2, 1.1 = version 3).\n";

static void img_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void img_error(const char *fmt, ...)
{
    va_list ap;
    fputs("xrun-img: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Reports an option the subcommand does not know and returns the exit code. */
static int bad_usage(const char *cmd)
{
    fprintf(stderr, "Try 'xrun-img --help' for the options of '%s'.\n", cmd);
    return 1;
}

/* Whether the subcommand got n operands (after its options). */
static bool want_operands(int argc, int n, const char *cmd, const char *what)
{
    if (argc - optind == n)
        return true;
    img_error("%s: expected %s", cmd, what);
    bad_usage(cmd);
    return false;
}

/* Parses a size: digits with an optional K/M/G/T suffix (powers of 1024). */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    int shift = 0;

    if (!*s || *s == '-')
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    switch (*end) {
    case 0: break;
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    default: return false;
    }
    if (*end && end[1] && strcmp(end + 1, "B") && strcmp(end + 1, "iB"))
        return false;
    if (shift && v > (UINT64_MAX >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* Applies one -o string ("compat=1.1,cluster_size=64K") to o. */
static bool parse_create_options(char *s, Qcow2CreateOpts *o)
{
    for (char *save = NULL, *kv = strtok_r(s, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *val = strchr(kv, '=');
        uint64_t n;
        if (!val) {
            img_error("option '%s' needs a value (name=value)", kv);
            return false;
        }
        *val++ = 0;
        if (!strcmp(kv, "compat")) {
            if (!strcmp(val, "0.10") || !strcmp(val, "v2"))
                o->version = 2;
            else if (!strcmp(val, "1.1") || !strcmp(val, "v3"))
                o->version = 3;
            else {
                img_error("compat=%s: expected 0.10 or 1.1", val);
                return false;
            }
        } else if (!strcmp(kv, "cluster_size")) {
            if (!parse_size(val, &n) || n < 512 || n > (2u << 20) || (n & (n - 1))) {
                img_error("cluster_size=%s: expected a power of two from 512 to 2M", val);
                return false;
            }
            o->cluster_size = (uint32_t)n;
        } else if (!strcmp(kv, "backing_file")) {
            o->backing_file = val;
        } else if (!strcmp(kv, "backing_fmt")) {
            o->backing_fmt = val;
        } else {
            img_error("unknown option '%s' (compat, cluster_size, backing_file, backing_fmt)", kv);
            return false;
        }
    }
    return true;
}

/* Opens path; with metadata_only its backing file stays closed. */
static BlockDev *open_image(const char *path, const char *fmt, bool readonly, bool metadata_only)
{
    char err[512];
    BlockDev *bd = metadata_only ? blk_open_metadata(path, fmt, readonly, err, sizeof err)
                                 : blk_open(path, &(BlockOpenOpts){.format = fmt, .readonly = readonly}, err, sizeof err);
    if (!bd)
        img_error("%s", err);
    return bd;
}

/* -- create -- */

/* The backing file's size and format, opened as the new image will open
 * it: a relative name is relative to the new image's directory. */
static bool probe_backing(const char *image, Qcow2CreateOpts *o, uint64_t *size)
{
    const char *slash = strrchr(image, '/');
    size_t dirlen = slash && o->backing_file[0] != '/' ? (size_t)(slash - image + 1) : 0;
    char *full = xr_malloc(dirlen + strlen(o->backing_file) + 1);
    BlockDev *bd;

    memcpy(full, image, dirlen);
    strcpy(full + dirlen, o->backing_file);
    bd = open_image(full, o->backing_fmt, true, false);
    free(full);
    if (!bd)
        return false;
    *size = blk_size(bd);
    if (!o->backing_fmt)
        o->backing_fmt = blk_format(bd); /* a static string */
    blk_close(bd);
    return true;
}

static int cmd_create(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {0}};
    Qcow2CreateOpts o = {0};
    const char *fmt = "raw", *file;
    uint64_t size = 0, backing_size = 0;
    bool have_size = false;
    char err[512];
    int c;

    while ((c = getopt_long(argc, argv, "hf:o:b:F:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'o':
            if (!parse_create_options(optarg, &o))
                return 1;
            break;
        case 'b': o.backing_file = optarg; break;
        case 'F': o.backing_fmt = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return bad_usage("create");
        }
    }
    if (optind >= argc || argc - optind > 2) {
        img_error("create: expected FILE [SIZE]");
        return bad_usage("create");
    }
    file = argv[optind];
    if (argc - optind == 2) {
        if (!parse_size(argv[optind + 1], &size)) {
            img_error("invalid size '%s' (bytes, or a number with K, M, G or T)", argv[optind + 1]);
            return 1;
        }
        have_size = true;
    }
    if (strcmp(fmt, "raw") && strcmp(fmt, "qcow2")) {
        img_error("unknown format '%s' (raw or qcow2)", fmt);
        return 1;
    }
    if (o.backing_file && strcmp(fmt, "qcow2")) {
        img_error("%s: a %s image cannot have a backing file", file, fmt);
        return 1;
    }
    if (o.backing_fmt && !o.backing_file) {
        img_error("-F/backing_fmt needs a backing file (-b)");
        return 1;
    }
    if (o.backing_file && !probe_backing(file, &o, &backing_size))
        return 1;
    if (!have_size) {
        if (!o.backing_file) {
            img_error("create: the size of '%s' is missing", file);
            return 1;
        }
        size = backing_size;
    }
    size = XR_ALIGN_UP(size, 512);
    if (blk_create(file, fmt, size, &o, err, sizeof err) < 0) {
        img_error("%s", err);
        return 1;
    }
    printf("Formatting '%s', fmt=%s size=%" PRIu64 "%s%s\n", file, fmt, size,
           o.backing_file ? " backing_file=" : "", o.backing_file ? o.backing_file : "");
    return 0;
}

/* -- info -- */

/* "196 KiB", "1.5 GiB": three significant digits, as qemu-img prints. */
static void human_size(uint64_t n, char *out, size_t len)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = (double)n;
    unsigned u = 0;
    while (v >= 1024 && u + 1 < XR_ARRAY_SIZE(units)) {
        v /= 1024;
        u++;
    }
    snprintf(out, len, "%0.3g %s", v, units[u]);
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void info_json(const char *file, const BlockInfo *in)
{
    printf("{\n    \"virtual-size\": %" PRIu64 ",\n    \"filename\": ", in->virtual_size);
    json_string(file);
    if (in->cluster_size)
        printf(",\n    \"cluster-size\": %u", in->cluster_size);
    printf(",\n    \"format\": ");
    json_string(in->format);
    printf(",\n    \"actual-size\": %" PRIu64, in->disk_size);
    if (in->backing_file) {
        printf(",\n    \"backing-filename\": ");
        json_string(in->backing_file);
    }
    if (in->backing_fmt) {
        printf(",\n    \"backing-filename-format\": ");
        json_string(in->backing_fmt);
    }
    if (in->compat)
        printf(",\n    \"format-specific\": {\n        \"type\": \"qcow2\",\n        \"data\": {\n"
               "            \"compat\": \"%s\",\n            \"refcount-bits\": %d,\n"
               "            \"corrupt\": %s\n        }\n    }",
               in->compat, in->refcount_bits, in->corrupt ? "true" : "false");
    printf(",\n    \"dirty-flag\": %s\n}\n", in->dirty ? "true" : "false");
}

static void info_human(const char *file, const BlockInfo *in)
{
    char vs[32], ds[32];
    human_size(in->virtual_size, vs, sizeof vs);
    human_size(in->disk_size, ds, sizeof ds);
    printf("image: %s\nfile format: %s\nvirtual size: %s (%" PRIu64 " bytes)\ndisk size: %s\n", file,
           in->format, vs, in->virtual_size, ds);
    if (in->cluster_size)
        printf("cluster_size: %u\n", in->cluster_size);
    if (in->backing_file)
        printf("backing file: %s\n", in->backing_file);
    if (in->backing_fmt)
        printf("backing file format: %s\n", in->backing_fmt);
    if (in->compat)
        printf("Format specific information:\n    compat: %s\n    refcount bits: %d\n    corrupt: %s\n",
               in->compat, in->refcount_bits, in->corrupt ? "true" : "false");
}

static int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"output", required_argument, NULL, 'O'}, {0}};
    const char *fmt = NULL, *output = "human";
    BlockDev *bd;
    BlockInfo in;
    int c;

    while ((c = getopt_long(argc, argv, "hf:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'O': output = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return bad_usage("info");
        }
    }
    if (strcmp(output, "human") && strcmp(output, "json")) {
        img_error("--output=%s: expected human or json", output);
        return 1;
    }
    if (!want_operands(argc, 1, "info", "one FILE"))
        return 1;
    if (!(bd = open_image(argv[optind], fmt, true, true)))
        return 1;
    blk_get_info(bd, &in);
    if (!strcmp(output, "json"))
        info_json(argv[optind], &in);
    else
        info_human(argv[optind], &in);
    blk_close(bd);
    return 0;
}

/* -- check -- */

static void print_line(const char *msg)
{
    printf("%s\n", msg);
}

/* Prints a check's findings as qemu-img does; returns the exit code. */
static int check_summary(const Qcow2CheckResult *res)
{
    uint64_t errors = res->corruptions, leaks = res->leaks;
    if (!errors && !leaks)
        printf("No errors were found on the image.\n");
    if (errors)
        printf("\n%" PRIu64 " errors were found on the image.\n"
               "Data may be corrupted, or further writes to the image may corrupt it.\n", errors);
    if (leaks)
        printf("\n%" PRIu64 " leaked clusters were found on the image.\n"
               "This means waste of disk space, but no harm to data.\n", leaks);
    if (res->total_clusters)
        printf("%" PRIu64 "/%" PRIu64 " = %.2f%% allocated, %.2f%% compressed clusters\n",
               res->allocated_clusters, res->total_clusters,
               100.0 * (double)res->allocated_clusters / (double)res->total_clusters,
               res->allocated_clusters ? 100.0 * (double)res->compressed_clusters / (double)res->allocated_clusters : 0);
    printf("Image end offset: %" PRIu64 "\n", res->image_end);
    return errors ? 2 : leaks ? 3 : 0;
}

static int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {0}};
    const char *fmt = NULL;
    Qcow2CheckResult res;
    char err[512];
    int c, fix = 0, rc;
    BlockDev *bd;

    while ((c = getopt_long(argc, argv, "hf:r:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'r':
            if (!strcmp(optarg, "leaks"))
                fix = QCOW2_FIX_LEAKS;
            else if (!strcmp(optarg, "all"))
                fix = QCOW2_FIX_LEAKS | QCOW2_FIX_ERRORS;
            else {
                img_error("-r %s: expected leaks or all", optarg);
                return 1;
            }
            break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return bad_usage("check");
        }
    }
    if (!want_operands(argc, 1, "check", "one FILE"))
        return 1;
    if (!(bd = open_image(argv[optind], fmt, !fix, true)))
        return 1;
    if (strcmp(blk_format(bd), "qcow2")) {
        img_error("%s: %s images have no metadata to check", argv[optind], blk_format(bd));
        blk_close(bd);
        return 1;
    }
    if (qcow2_check(bd, fix, &res, print_line, err, sizeof err) < 0)
        goto fail;
    if (fix && (res.leaks_fixed || res.corruptions_fixed)) {
        printf("The following inconsistencies were found and repaired:\n\n"
               "    %" PRIu64 " leaked clusters\n    %" PRIu64 " corruptions\n\n"
               "Double checking the fixed image now...\n",
               res.leaks_fixed, res.corruptions_fixed);
        if (qcow2_check(bd, 0, &res, print_line, err, sizeof err) < 0)
            goto fail;
    }
    rc = check_summary(&res);
    blk_close(bd);
    return rc;

fail:
    img_error("%s", err);
    blk_close(bd);
    return 1;
}

/* -- convert -- */

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (p[k])
            return false;
    return true;
}

/* Copies every non-zero chunk of in to out. */
static int copy_image(BlockDev *in, BlockDev *out, size_t chunk, bool compress, const char *inname,
                      const char *outname)
{
    uint64_t size = blk_size(in);
    uint8_t *buf = xr_malloc(chunk);
    int r = 0;

    for (uint64_t off = 0; off < size; off += chunk) {
        size_t n = size - off < chunk ? (size_t)(size - off) : chunk;
        if ((r = blk_pread(in, off, buf, n)) < 0) {
            img_error("%s: read error at offset %" PRIu64 ": %s", inname, off, strerror(-r));
            break;
        }
        if (all_zero(buf, n))
            continue;
        r = compress ? blk_write_compressed(out, off, buf, n) : blk_pwrite(out, off, buf, n);
        if (r < 0) {
            img_error("%s: write error at offset %" PRIu64 ": %s", outname, off, strerror(-r));
            break;
        }
    }
    free(buf);
    if (r == 0 && (r = blk_flush(out)) < 0)
        img_error("%s: flush failed: %s", outname, strerror(-r));
    return r;
}

static int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {0}};
    const char *fmt = NULL, *ofmt = "raw", *inname, *outname;
    Qcow2CreateOpts o = {0};
    bool compress = false;
    BlockDev *in, *out;
    uint64_t size;
    char err[512];
    int c, r;

    while ((c = getopt_long(argc, argv, "hcf:O:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': compress = true; break;
        case 'f': fmt = optarg; break;
        case 'O': ofmt = optarg; break;
        case 'o':
            if (!parse_create_options(optarg, &o))
                return 1;
            break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return bad_usage("convert");
        }
    }
    if (!want_operands(argc, 2, "convert", "IN OUT"))
        return 1;
    inname = argv[optind];
    outname = argv[optind + 1];
    if (strcmp(ofmt, "raw") && strcmp(ofmt, "qcow2")) {
        img_error("unknown output format '%s' (raw or qcow2)", ofmt);
        return 1;
    }
    if (compress && strcmp(ofmt, "qcow2")) {
        img_error("-c needs -O qcow2 (raw images cannot hold compressed clusters)");
        return 1;
    }
    if (o.backing_file) {
        img_error("convert writes a complete image; backing_file is not an option here");
        return 1;
    }
    if (!(in = open_image(inname, fmt, true, false)))
        return 1;
    size = blk_size(in);
    if (!strcmp(ofmt, "qcow2"))
        size = XR_ALIGN_UP(size, 512);
    if (blk_create(outname, ofmt, size, &o, err, sizeof err) < 0) {
        img_error("%s", err);
        blk_close(in);
        return 1;
    }
    if (!(out = open_image(outname, ofmt, false, false))) {
        blk_close(in);
        return 1;
    }
    blk_relax_ordering(out);
    {
        BlockInfo info;
        blk_get_info(out, &info);
        r = copy_image(in, out, info.cluster_size ? info.cluster_size : 1u << 20, compress, inname, outname);
    }
    blk_close(out);
    blk_close(in);
    if (r < 0) {
        unlink(outname);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int argc, char **argv);
    } cmds[] = {{"create", cmd_create}, {"info", cmd_info}, {"check", cmd_check}, {"convert", cmd_convert}};

    if (argc < 2) {
        fputs(usage_text, stderr);
        return 1;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    for (size_t k = 0; k < XR_ARRAY_SIZE(cmds); k++) {
        if (!strcmp(argv[1], cmds[k].name)) {
            char prog[32];
            /* getopt names the program in its messages: "xrun-img create: ..." */
            snprintf(prog, sizeof prog, "xrun-img %s", cmds[k].name);
            argv[1] = prog;
            optind = 1;
            return cmds[k].fn(argc - 1, argv + 1);
        }
    }
    img_error("unknown command '%s' (create, info, check, convert; see --help)", argv[1]);
    return 1;
}
