/*
 * The system-mode cpu against qemu-system-arm.
 *
 * Registers: the coprocessor register table. A bare-metal
 * probe program, generated here as ARM machine code, reads every CP15 and
 * CP14 encoding of a sweep (and writes then reads back the writable ones)
 * under `qemu-system-arm -M virt -cpu <model>`, printing one hex value per
 * access through virt's PL011; an UNDEFINED access prints 0000dead (the
 * probe's undefined-instruction handler), a read qemu treats as a no-op
 * prints the 0000cafe the register held before. The same accesses go through
 * arm_cp_find/arm_cp_read/arm_cp_write on a CPUARMState reset to the same
 * model, and every value must agree, except the listed registers whose
 * value is live (counters) or known to differ (performance monitors).
 *
 *     mrc p15, 0, r0, c0, c0, 0; bl puthex    ->  "414fc0f0" from both
 *
 * Insns: arm_sys_probe.S (built here with the armhf cross compiler) takes
 * exceptions and runs the privileged insns under qemu and under the
 * frontend, driven by a small system-mode loop over cpu_exec and
 * arm_do_interrupt in user-mode guest memory; the words it records must
 * be the same.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "frontends/arm/cpu.h"
#include "linux-user/user.h"
#include "xrun/guest.h"
#include "xrun/softmmu.h"
#include "xrun/tb.h"

/* The table's writes may flush the TLB: nothing to flush here. */
void tlb_flush(CPUState *cpu) {}
void tlb_flush_by_class(CPUState *cpu, uint32_t mask) {}
void tlb_flush_page(CPUState *cpu, uint64_t va) {}
void tlb_flush_all_cpus(CPUState *cpu) {}
void tlb_flush_page_all_cpus(CPUState *cpu, uint64_t va) {}
void tlb_set_page(CPUState *cpu, uint64_t va, uint64_t pa, int prot, int mmu_idx, uint64_t size) {}

#define LOAD 0x40010000u   /* where virt loads a raw -kernel image */
#define VECTORS 0x100u     /* offsets in the image */
#define PUTHEX 0x140u
#define ITEMS 0x200u
#define UNDEF_VALUE 0xdeadu
/* What r0 holds before each read: a read qemu implements as a no-op
 * (ARM_CP_NOP registers) leaves it, and then any value but UNDEF agrees. */
#define PRELOAD_VALUE 0xcafeu
#define MAX_WORDS (1u << 17)
#define MAX_PROBES 20000

/* One access of the probe. */
typedef struct Probe {
    uint8_t cp, opc1, crn, crm, opc2;
    bool write;               /* write ~0, read back, restore */
    int csselr;               /* >= 0: write CSSELR first */
} Probe;

static uint32_t img[MAX_WORDS];
static uint32_t nwords;
static Probe probes[MAX_PROBES];
static int nprobes;

static void emit(uint32_t w)
{
    cr_assert(nwords < MAX_WORDS);
    img[nwords++] = w;
}

static void emit_at(uint32_t ofs, uint32_t w) { img[ofs / 4] = w; }

/* -- A32 encodings (cond AL) -- */

static uint32_t a32_cp(bool read, int cp, int opc1, int crn, int crm, int opc2, int rt)
{
    return 0xee000010u | (uint32_t)opc1 << 21 | (read ? 1u << 20 : 0) | (uint32_t)crn << 16 | (uint32_t)rt << 12 |
           (uint32_t)cp << 8 | (uint32_t)opc2 << 5 | (uint32_t)crm;
}

static uint32_t a32_movw(int rd, uint32_t imm) { return 0xe3000000u | (imm >> 12) << 16 | (uint32_t)rd << 12 | (imm & 0xfff); }
static uint32_t a32_movt(int rd, uint32_t imm) { return 0xe3400000u | (imm >> 12) << 16 | (uint32_t)rd << 12 | (imm & 0xfff); }

static uint32_t a32_b(uint32_t from, uint32_t to, bool link)
{
    return (link ? 0xeb000000u : 0xea000000u) | (((to - (from + 8)) >> 2) & 0xffffffu);
}

static void emit_mov32(int rd, uint32_t v)
{
    emit(a32_movw(rd, v & 0xffff));
    emit(a32_movt(rd, v >> 16));
}

/* The fixed part: start-up, vectors, puthex. */
static void emit_runtime(void)
{
    memset(img, 0, sizeof(img));
    nwords = 0;
    emit(0xe3a0060f);                          /* mov  r0, #0x00f00000 */
    emit(a32_cp(false, 15, 0, 1, 0, 2, 0));    /* mcr  CPACR: cp10/cp11 for VMRS */
    emit_mov32(0, LOAD + VECTORS);
    emit(a32_cp(false, 15, 0, 12, 0, 0, 0));   /* mcr  VBAR */
    emit(0xf57ff06f);                          /* isb */
    emit(0xe3a01409);                          /* mov  r1, #0x09000000 (PL011) */
    emit(a32_b(nwords * 4, ITEMS, false));     /* b    items */
    /* Vectors: undefined and data abort return to the next insn with r0
     * (and r5, the high word of MRRC) = 0xdead; the rest hang. */
    for (uint32_t i = 0; i < 8; i++) {
        emit_at(VECTORS + 4 * i, 0xeafffffe);  /* b . */
    }
    emit_at(VECTORS + 4, a32_b(VECTORS + 4, VECTORS + 0x20, false));
    emit_at(VECTORS + 0x10, a32_b(VECTORS + 0x10, VECTORS + 0x30, false));
    emit_at(VECTORS + 0x20, a32_movw(0, UNDEF_VALUE));
    emit_at(VECTORS + 0x24, a32_movw(5, UNDEF_VALUE));
    emit_at(VECTORS + 0x28, 0xe1b0f00e);       /* movs pc, lr */
    emit_at(VECTORS + 0x30, a32_movw(0, 0xdab7));
    emit_at(VECTORS + 0x34, 0xe25ef004);       /* subs pc, lr, #4 */
    static const uint32_t puthex[] = {
        0xe3a0201c, /* mov   r2, #28 */
        0xe1a03230, /* lsr   r3, r0, r2 */
        0xe203300f, /* and   r3, r3, #15 */
        0xe353000a, /* cmp   r3, #10 */
        0xb2833030, /* addlt r3, r3, #'0' */
        0xa2833057, /* addge r3, r3, #'a' - 10 */
        0xe5813000, /* str   r3, [r1] */
        0xe2522004, /* subs  r2, r2, #4 */
        0xaafffff7, /* bge   1b */
        0xe3a0300a, /* mov   r3, #'\n' */
        0xe5813000, /* str   r3, [r1] */
        0xe12fff1e, /* bx    lr */
    };
    for (uint32_t i = 0; i < sizeof(puthex) / 4; i++) {
        emit_at(PUTHEX + 4 * i, puthex[i]);
    }
    nwords = ITEMS / 4;
}

static void emit_puthex(void) { emit(a32_b(nwords * 4, PUTHEX, true)); }

static void emit_probe(const Probe *p)
{
    if (p->csselr >= 0) {
        emit(a32_movw(0, (uint32_t)p->csselr));
        emit(a32_cp(false, 15, 2, 0, 0, 0, 0));
    }
    emit(a32_movw(0, PRELOAD_VALUE));
    if (p->write) {
        emit(a32_cp(true, p->cp, p->opc1, p->crn, p->crm, p->opc2, 4)); /* save in r4 */
        emit(0xe3e00000);                                               /* mvn r0, #0 */
        emit(a32_cp(false, p->cp, p->opc1, p->crn, p->crm, p->opc2, 0));
        emit(a32_movw(0, PRELOAD_VALUE));
    }
    emit(a32_cp(true, p->cp, p->opc1, p->crn, p->crm, p->opc2, 0));
    if (p->write) {
        emit(a32_cp(false, p->cp, p->opc1, p->crn, p->crm, p->opc2, 4)); /* restore */
    }
    emit_puthex();
}

static void emit_end(void)
{
    emit_mov32(0, 0x84000008u); /* PSCI SYSTEM_OFF */
    emit(0xe1400070);           /* hvc #0 */
    emit(0xeafffffe);           /* b . */
}

/* -- The sweep -- */

static void add(int cp, int opc1, int crn, int crm, int opc2, bool write, int csselr)
{
    cr_assert(nprobes < MAX_PROBES);
    probes[nprobes++] = (Probe){ (uint8_t)cp, (uint8_t)opc1, (uint8_t)crn, (uint8_t)crm, (uint8_t)opc2, write, csselr };
}

/* Live values or known differences, left out of the comparison:
 * the performance monitors (qemu models them; here they are RAZ/WI), the
 * timer values, SCTLR writes (~0 would turn the MMU on under the probe). */
static bool skip(int cp, int opc1, int crn, int crm, int opc2, bool write)
{
    if (cp == 15 && opc1 == 0 && crn == 9 && crm >= 12) {
        return true;
    }
    /* CNTP_TVAL, CNTV_TVAL: CVAL minus the running counter. */
    if (cp == 15 && opc1 == 0 && crn == 14 && (crm == 2 || crm == 3) && opc2 == 0) {
        return true;
    }
    if (write && cp == 15 && opc1 == 0 && crn == 1 && crm == 0 && opc2 == 0) {
        return true;
    }
    /* VBAR: the probe's own vectors; CPACR: its VMRS grant. */
    if (write && cp == 15 && opc1 == 0 && ((crn == 12 && crm == 0) || (crn == 1 && crm == 0 && opc2 == 2))) {
        return true;
    }
    return false;
}

static void build_sweep(void)
{
    static const int opc1s15[] = { 0, 1, 2, 4 }, opc1s14[] = { 0, 1, 6, 7 };
    nprobes = 0;
    for (int k = 0; k < 2; k++) {
        int cp = k ? 14 : 15;
        const int *opc1s = k ? opc1s14 : opc1s15;
        for (int o = 0; o < 4; o++) {
            for (int crn = 0; crn < 16; crn++) {
                for (int crm = 0; crm < 16; crm++) {
                    for (int opc2 = 0; opc2 < 8; opc2++) {
                        if (!skip(cp, opc1s[o], crn, crm, opc2, false)) {
                            add(cp, opc1s[o], crn, crm, opc2, false, -1);
                        }
                    }
                }
            }
        }
    }
    unsigned n;
    const ArmCPReg *t = arm_cp_table(&n);
    for (unsigned i = 0; i < n; i++) {
        const ArmCPReg *r = &t[i];
        bool rw = (r->access & ARM_CP_PL1_R) && (r->access & ARM_CP_PL1_W);
        if (!r->is64 && rw && !skip(r->cp, r->opc1, r->crn, r->crm, r->opc2, true)) {
            add(r->cp, r->opc1, r->crn, r->crm, r->opc2, true, -1);
        }
    }
    for (int sel = 0; sel < 4; sel++) {
        add(15, 1, 0, 0, 0, false, sel); /* CCSIDR per CSSELR */
    }
}

/* What the table answers for probe p (env in the same state as the probe's cpu). */
static uint32_t expect(CPUARMState *env, const Probe *p)
{
    if (p->csselr >= 0) {
        env->cp15.csselr = (uint32_t)p->csselr;
    }
    const ArmCPReg *r = arm_cp_find(env, p->cp, false, p->opc1, p->crn, p->crm, p->opc2);
    if (!r || !arm_cp_access_ok(r, true, false) || (p->write && !arm_cp_access_ok(r, true, true))) {
        return UNDEF_VALUE;
    }
    if (!p->write) {
        return (uint32_t)arm_cp_read(env, r);
    }
    uint64_t saved = arm_cp_read(env, r);
    arm_cp_write(env, r, 0xffffffffu);
    uint32_t v = (uint32_t)arm_cp_read(env, r);
    arm_cp_write(env, r, saved);
    return v;
}

static void run_model(const char *model)
{
    char path[] = "/tmp/armcpu-probe-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0, "cannot create a temporary file");
    emit_runtime();
    build_sweep();
    for (int i = 0; i < nprobes; i++) {
        emit_probe(&probes[i]);
    }
    emit_end();
    cr_assert_eq(write(fd, img, nwords * 4), (ssize_t)(nwords * 4));
    close(fd);

    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "command -v qemu-system-arm >/dev/null || { echo 'qemu-system-arm: not installed'; exit 0; }; "
             "timeout 60 qemu-system-arm -M virt -cpu %s -m 64 -nographic -net none -kernel %s 2>&1",
             model, path);
    FILE *f = popen(cmd, "r");
    cr_assert(f, "popen failed");
    CPUARMState *env = calloc(1, sizeof(*env));
    arm_sys_cpu_reset(env, arm_sys_model_find(model), 0);
    env->cp15.cbar = 0x08000000u; /* as virt sets it: the GIC distributor */
    env->cp15.cpacr = 0x00f00000u;
    env->cp15.vbar = LOAD + VECTORS;
    char line[256];
    int i = 0, bad = 0;
    while (fgets(line, sizeof(line), f) && i < nprobes) {
        unsigned long got;
        char *end;
        got = strtoul(line, &end, 16);
        cr_assert(end != line && (*end == '\n' || *end == '\r'), "%s: unexpected qemu output: %s", model, line);
        const Probe *p = &probes[i++];
        uint32_t want = expect(env, p);
        bool agree = got == want || (got == PRELOAD_VALUE && want != UNDEF_VALUE);
        if (!agree && bad++ < 40) {
            cr_log_error("%s: p%d, %d, c%d, c%d, %d%s%s: qemu %08lx, xrun %08x", model, p->cp, p->opc1, p->crn,
                         p->crm, p->opc2, p->write ? " (write ~0)" : "", p->csselr >= 0 ? " (after CSSELR)" : "",
                         got, want);
        }
    }
    pclose(f);
    unlink(path);
    free(env);
    cr_assert_eq(i, nprobes, "%s: qemu printed %d of %d values", model, i, nprobes);
    cr_assert_eq(bad, 0, "%s: %d accesses differ from qemu", model, bad);
}

Test(arm_cp_qemu, cortex_a15_matches_qemu, .timeout = 120) { run_model("cortex-a15"); }
Test(arm_cp_qemu, cortex_a7_matches_qemu, .timeout = 120) { run_model("cortex-a7"); }

/* -- The probe program -- */

#define PROBE_RESULTS 0x40080000u
#define PROBE_END 0xffffffffu
#define PROBE_MAX 256

/* Assembles arm_sys_probe.S (beside this file) into a raw image at bin. */
static void probe_build(const char *bin)
{
    char dir[256], cmd[1024];
    snprintf(dir, sizeof(dir), "%s", __FILE__);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = 0;
    } else {
        snprintf(dir, sizeof(dir), ".");
    }
    snprintf(cmd, sizeof(cmd),
             "command -v arm-linux-gnueabihf-gcc >/dev/null || { echo 'arm-linux-gnueabihf-gcc: not installed'; exit 1; }; "
             "arm-linux-gnueabihf-gcc -march=armv7ve -mfpu=vfpv4 -mfloat-abi=hard -nostdlib -static -Wl,-N "
             "-Wl,-Ttext=0x40010000 -Wl,--no-warn-rwx-segments -o %s.elf %s/arm_sys_probe.S && "
             "arm-linux-gnueabihf-objcopy -O binary -j .text %s.elf %s && rm -f %s.elf",
             bin, dir, bin, bin, bin);
    cr_assert_eq(system(cmd), 0, "could not build %s/arm_sys_probe.S", dir);
}

/* The words qemu-system-arm prints. */
static int probe_qemu(const char *bin, uint32_t *out)
{
    char cmd[512], line[256];
    snprintf(cmd, sizeof(cmd),
             "command -v qemu-system-arm >/dev/null || { echo 'qemu-system-arm: not installed'; exit 0; }; "
             "timeout 60 qemu-system-arm -M virt -cpu cortex-a15 -m 256 -nographic -net none -kernel %s 2>&1",
             bin);
    FILE *f = popen(cmd, "r");
    cr_assert(f);
    int n = 0;
    while (n < PROBE_MAX && fgets(line, sizeof(line), f)) {
        char *end;
        out[n] = (uint32_t)strtoul(line, &end, 16);
        cr_assert(end != line, "unexpected qemu output: %s", line);
        if (out[n++] == PROBE_END) {
            break;
        }
    }
    pclose(f);
    return n;
}

static bool probe_off;
static void probe_system_off(void *opaque) { probe_off = true; }
static const ArmSysHooks probe_board = { .psci_system_off = probe_system_off };

/* Runs the probe on the frontend: cpu_exec until an exception, which
 * arm_do_interrupt takes, until PSCI SYSTEM_OFF. */
static int probe_xrun(const char *bin, uint32_t *out)
{
    static const struct { uint32_t addr, len; } maps[] = {
        { 0x09000000u, 0x1000 },  /* the PL011 data register */
        { 0x40000000u, 0x90000 }, /* code, stack, results */
    };
    cr_assert_eq(guest_space_init(32), 0);
    tb_init(16u << 20);
    for (size_t i = 0; i < 2; i++) {
        abi_long a = target_mmap(maps[i].addr, maps[i].len, PROT_READ | PROT_WRITE | PROT_EXEC,
                                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        cr_assert_eq(a, (abi_long)maps[i].addr);
    }
    FILE *f = fopen(bin, "rb");
    cr_assert(f);
    size_t len = fread(g2h(0x40010000u), 1, 0x40000, f);
    fclose(f);
    cr_assert(len > 0);

    CPUARMState *env;
    cr_assert_eq(posix_memalign((void **)&env, 64, sizeof(*env)), 0);
    memset(env, 0, sizeof(*env));
    env->hooks = &probe_board;
    arm_psci_set_conduit(env, ARM_PSCI_HVC, ARM_PSCI_VERSION_1_1);
    arm_sys_cpu_reset(env, arm_sys_model_find("cortex-a15"), 0);
    env->common.arch = &arm_guest_arch;
    env->regs[15] = 0x40010000u;
    for (int steps = 0; !probe_off; steps++) {
        cr_assert(steps < 1000, "the probe does not finish (pc %08x)", env->regs[15]);
        int excp = cpu_exec(&env->common);
        if (excp != EXCP_INTERRUPT) {
            env->common.exception_index = excp;
            arm_do_interrupt(&env->common);
        }
    }
    int n = 0;
    const uint32_t *res = g2h(PROBE_RESULTS);
    while (n < PROBE_MAX) {
        out[n] = res[n];
        if (out[n++] == PROBE_END) {
            break;
        }
    }
    return n;
}

Test(arm_sys_qemu, privileged_insns_match_qemu, .timeout = 120)
{
    char bin[] = "/tmp/armcpu-probe-XXXXXX";
    int fd = mkstemp(bin);
    cr_assert(fd >= 0);
    close(fd);
    probe_build(bin);
    static uint32_t q[PROBE_MAX], x[PROBE_MAX];
    int nq = probe_qemu(bin, q);
    int nx = probe_xrun(bin, x);
    unlink(bin);
    cr_assert(nq > 1 && q[nq - 1] == PROBE_END, "qemu did not finish the probe (%d words)", nq);
    for (int i = 0; i < nq && i < nx; i++) {
        cr_expect_eq(x[i], q[i], "word %d: qemu %08x, xrun %08x", i + 1, q[i], x[i]);
    }
    cr_assert_eq(nx, nq, "xrun recorded %d words, qemu %d", nx, nq);
}

#include "arm_sys_summary.h"
