/*
 * The system-mode command line (system/options.c): qemu-system spellings,
 * sizes, sub-options and one clear error per bad input.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "system/options.h"

static int parse(MachineOpts *o, char *err, const char *const *args)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = "xrun-system-arm";
    for (; *args; args++)
        argv[argc++] = (char *)*args;
    return machine_opts_parse(argc, argv, o, err, 256);
}

#define PARSE(o, err, ...) parse(o, err, (const char *const[]){__VA_ARGS__, NULL})

Test(sys_options, full_boot_line)
{
    MachineOpts o;
    char err[256];
    int rc = PARSE(&o, err, "-M", "virt", "-m", "512", "-smp", "2", "-nographic", "-kernel", "vmlinuz", "-initrd",
                   "initrd.img", "-append", "console=ttyAMA0", "-drive", "file=disk.qcow2,if=virtio",
                   "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0", "--no-reboot");
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect_str_eq(o.machine, "virt");
    cr_expect_eq(o.ram_size, 512ull << 20);
    cr_expect_eq(o.smp, 2);
    cr_expect(o.nographic);
    cr_expect(o.no_reboot);
    cr_expect_str_eq(o.kernel, "vmlinuz");
    cr_expect_str_eq(o.append, "console=ttyAMA0");
    cr_assert_eq(o.nb_drives, 1);
    cr_expect_str_eq(o.drives[0].file, "disk.qcow2");
    cr_expect_str_eq(o.drives[0].iface, "virtio");
    cr_expect_null(o.drives[0].format);
    cr_assert_eq(o.nb_netdevs, 1);
    cr_assert_eq(o.nb_devices, 1);
    cr_expect_str_eq(o.devices[0], "virtio-net-device,netdev=n0");
}

Test(sys_options, sizes)
{
    uint64_t v;
    cr_expect(opts_parse_size("512", 1 << 20, &v) && v == 512ull << 20);
    cr_expect(opts_parse_size("1G", 1 << 20, &v) && v == 1ull << 30);
    cr_expect(opts_parse_size("1.5G", 1 << 20, &v) && v == 3ull << 29);
    cr_expect(opts_parse_size("64K", 1, &v) && v == 65536);
    cr_expect(opts_parse_size("2MiB", 1, &v) && v == 2ull << 20);
    cr_expect(!opts_parse_size("", 1, &v));
    cr_expect(!opts_parse_size("x1", 1, &v));
    cr_expect(!opts_parse_size("12Q", 1, &v));
    cr_expect(!opts_parse_size("-5", 1, &v));
}

Test(sys_options, machine_props_and_mem_forms)
{
    MachineOpts o;
    char err[256];
    cr_assert_eq(PARSE(&o, err, "-machine", "virt,highmem=off", "-m", "size=1G", "-smp", "cpus=4"), 0, "%s", err);
    cr_expect_str_eq(o.machine, "virt");
    cr_expect_eq(o.ram_size, 1ull << 30);
    cr_expect_eq(o.smp, 4);
}

Test(sys_options, drive_fields)
{
    MachineOpts o;
    char err[256];
    cr_assert_eq(PARSE(&o, err, "-drive", "file=a,,b.img,format=raw,readonly=on,serial=XYZ", "-snapshot"), 0, "%s",
                 err);
    cr_expect_str_eq(o.drives[0].file, "a,b.img");
    cr_expect_str_eq(o.drives[0].format, "raw");
    cr_expect(o.drives[0].readonly);
    cr_expect_str_eq(o.drives[0].serial, "XYZ");
    cr_expect(o.snapshot);
}

Test(sys_options, errors_name_the_problem)
{
    MachineOpts o;
    char err[256];
    cr_expect_eq(PARSE(&o, err, "-m", "lots"), -1);
    cr_expect(strstr(err, "-m lots") && strstr(err, "invalid RAM size"), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-frobnicate"), -1);
    cr_expect(strstr(err, "-frobnicate") && strstr(err, "unknown option"), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-kernel"), -1);
    cr_expect(strstr(err, "needs an argument"), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-drive", "format=raw"), -1);
    cr_expect(strstr(err, "no file="), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-drive", "file=x,format=vmdk"), -1);
    cr_expect(strstr(err, "unknown format 'vmdk'"), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-drive", "file=x,colour=red"), -1);
    cr_expect(strstr(err, "unknown option 'colour'"), "%s", err);
    cr_expect_eq(PARSE(&o, err, "-smp", "0"), -1);
    cr_expect_eq(PARSE(&o, err, "-drive", "file=x,readonly=maybe"), -1);
    cr_expect_eq(PARSE(&o, err, "stray"), -1);
    cr_expect(strstr(err, "unexpected argument"), "%s", err);
}

Test(sys_options, help_and_version)
{
    MachineOpts o;
    char err[256];
    cr_expect_eq(PARSE(&o, err, "-help"), 1);
    cr_expect_eq(PARSE(&o, err, "--version"), 2);
}

Test(sys_options, sub_options)
{
    char *v = opts_get("user,id=n0,hostfwd=tcp::2222-:22", "");
    cr_expect_str_eq(v, "user");
    free(v);
    v = opts_get("user,id=n0,hostfwd=tcp::2222-:22", "hostfwd");
    cr_expect_str_eq(v, "tcp::2222-:22");
    free(v);
    cr_expect_null(opts_get("user,id=n0", "missing"));
    v = opts_get("virtio-blk-device,drive=d0,readonly", "readonly");
    cr_expect_str_eq(v, "on");
    free(v);
    char err[128];
    static const char *const keys[] = {"id", NULL};
    cr_expect(opts_check_keys("user,id=x", keys, true, "-netdev", err, sizeof err));
    cr_expect(!opts_check_keys("user,id=x,bogus=1", keys, true, "-netdev", err, sizeof err));
    cr_expect_str_eq(err, "-netdev: unknown option 'bogus'");
    bool b;
    cr_expect(opts_parse_bool("on", &b) && b);
    cr_expect(opts_parse_bool("off", &b) && !b);
    cr_expect(!opts_parse_bool("maybe", &b));
}
