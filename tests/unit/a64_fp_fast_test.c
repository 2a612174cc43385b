/*
 * The inline A64 FP arithmetic (fp_arith: FADD FSUB FMUL FDIV FSQRT in S
 * and D under FPCR RN without FZ) against the full helper core it falls
 * back to, through the real pipeline: results and FPSR for edge and
 * random operands under every FPCR mode (the other modes must translate
 * to the helper), flags that accumulate lazily across several ops and
 * survive a dead result, MRS/MSR FPSR, and guest registers kept across
 * the out-of-line fallback call.
 */
#include "a64_test_util.h"
#include "backends/x86_64/target.h"
#include "frontends/arm/a64-fp.h"

TestSuite(a64_fp_fast, .init = a64_setup, .fini = a64_teardown);

enum { IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128 };
enum { RZ = 3 << 22, FZ = 1 << 24, DN = 1 << 25 };

static void set_d(int n, uint64_t v) { env->vregs[n][0] = v; env->vregs[n][1] = 0; }

/* -- Operands -- */

/* Fields of a format: fraction bits and exponent bias. */
typedef struct Fmt {
    bool dp;
    int frac;
    int bias;
} Fmt;
static const Fmt F_S = {false, 23, 127}, F_D = {true, 52, 1023};

static uint64_t make(const Fmt *f, uint64_t sign, int64_t exp, uint64_t frac)
{
    int width = f->dp ? 64 : 32;
    uint64_t emax = f->dp ? 0x7ff : 0xff;
    return sign << (width - 1) | ((uint64_t)exp & emax) << f->frac | (frac & ((1ull << f->frac) - 1));
}

/* A value near 2^e2 (unbiased), its fraction close to 0 or to 1 so that
 * products and quotients of two land next to a power of two. */
static uint64_t near_pow2(const Fmt *f, int e2)
{
    uint64_t r = a64_rand(), small = r >> 58;
    uint64_t frac = (r & 1) ? small : ((1ull << f->frac) - 1 - small);
    int64_t be = e2 + f->bias;
    if (be <= 0) {
        return make(f, (r >> 1) & 1, 0, (1ull << f->frac) >> (1 - be)); /* a denormal */
    }
    return make(f, (r >> 1) & 1, be, frac);
}

/* One operand: specials, denormals, the smallest normal, values whose
 * results sit at the edge of the normal range, and random bits. */
static uint64_t operand(const Fmt *f, int partner_exp)
{
    uint64_t r = a64_rand();
    uint64_t fmask = (1ull << f->frac) - 1, emax = f->dp ? 0x7ff : 0xff;
    switch (r % 12) {
    case 0: return make(f, r >> 63, 0, 0);                         /* +-0 */
    case 1: return make(f, r >> 63, 0, (r >> 8) & fmask);          /* denormal */
    case 2: return make(f, r >> 63, 1, (r >> 8) & 3);              /* the smallest normals */
    case 3: return make(f, r >> 63, (int64_t)emax, 0);             /* +-inf */
    case 4: return make(f, r >> 63, (int64_t)emax, (r >> 8) | 1);  /* a NaN, either kind */
    case 5: return make(f, r >> 63, (int64_t)emax - 1, (r >> 8) & fmask); /* huge */
    case 6: case 7:                                                /* a partner's complement */
        return near_pow2(f, -f->bias + 1 - partner_exp);
    case 8:                                                        /* a product at 2^emin */
        return near_pow2(f, (-f->bias + 1) / 2);
    default: {
        int64_t e = f->bias + (int64_t)(r >> 40) % 64 - 32;
        return make(f, r >> 63, e, (r >> 8) & fmask);
    }
    }
}

/* a * b = 2^emin (1 - k^2 ulp^2) exactly: below the smallest normal (tiny
 * before rounding, as the guest sees it) but rounding to it, so the host
 * sees no tininess: a = 2^e (1 + k ulp), b = 2^(emin - e - 1) (2 - 2k ulp). */
static void tiny_product_pair(const Fmt *f, uint64_t *a, uint64_t *b)
{
    uint64_t r = a64_rand(), k = 1 + (r & 63);
    int64_t emin = 1 - f->bias, e = emin / 2 + (int64_t)((r >> 8) % 41) - 20;
    *a = make(f, (r >> 20) & 1, e + f->bias, k);
    *b = make(f, (r >> 21) & 1, emin - e - 1 + f->bias, (1ull << f->frac) - 2 * k);
}

static int unbiased(const Fmt *f, uint64_t v)
{
    return (int)((v >> f->frac) & (f->dp ? 0x7ff : 0xff)) - f->bias;
}

/* -- The reference: the helper on a second cpu state -- */

static uint64_t ref_op(int op, const Fmt *f, uint32_t fpcr, uint64_t a, uint64_t b, uint32_t *fpsr)
{
    static CPUA64State ref;
    ref.fpcr = fpcr;
    a64_fpsr_write(&ref, 0);
    uint64_t r = helper_a64_farith(&ref, a, b, a, (uint64_t)op | (f->dp ? A64_FP_DOUBLE : 0));
    *fpsr = a64_fpsr_read(&ref);
    return r;
}

/* Runs "op v0, v1, v2" (sqrt: of v1) for count operand pairs under each
 * FPCR in modes, comparing v0 and FPSR with the reference. */
static void check_op(const char *insn, int op, const Fmt *f, const uint32_t *modes, int nmodes, int count)
{
    char src[128];
    char r = f->dp ? 'd' : 's';
    if (op == A64_FSQRT) {
        snprintf(src, sizeof(src), "%s %c0, %c1\n mrs x1, fpsr", insn, r, r);
    } else {
        snprintf(src, sizeof(src), "%s %c0, %c1, %c2\n mrs x1, fpsr", insn, r, r, r);
    }
    uint32_t pc = a64_asm(src);
    for (int i = 0; i < count; i++) {
        uint64_t a = operand(f, 0);
        uint64_t b = operand(f, unbiased(f, a));
        if (op == A64_FMUL && (i & 3) == 0) {
            tiny_product_pair(f, &a, &b);
        }
        for (int m = 0; m < nmodes; m++) {
            set_d(1, a);
            set_d(2, b);
            env->vregs[0][1] = ~0ull;
            env->fpcr = modes[m];
            a64_fpsr_write(env, 0);
            cr_assert_eq(a64_run_at(pc), EXCP_SWI);
            uint64_t got = env->vregs[0][0], got_hi = env->vregs[0][1];
            uint32_t got_fpsr = (uint32_t)env->xregs[1], want_fpsr;
            uint64_t want = ref_op(op, f, modes[m], a, b, &want_fpsr);
            cr_assert_eq(got, want, "%s %#llx, %#llx under FPCR %#x: %#llx, the helper %#llx", insn,
                         (unsigned long long)a, (unsigned long long)b, modes[m], (unsigned long long)got,
                         (unsigned long long)want);
            cr_assert_eq(got_hi, 0, "the top half is zeroed");
            cr_assert_eq(got_fpsr, want_fpsr, "%s %#llx, %#llx under FPCR %#x: FPSR %#x, the helper %#x", insn,
                         (unsigned long long)a, (unsigned long long)b, modes[m], got_fpsr, want_fpsr);
        }
    }
}

static const char *const names[] = {"fadd", "fsub", "fmul", "fdiv", "fsqrt"};

Test(a64_fp_fast, nearest_matches_the_helper)
{
    static const uint32_t rn[] = {0, DN};
    for (int op = A64_FADD; op <= A64_FSQRT; op++) {
        check_op(names[op], op, &F_D, rn, 2, 1500);
        check_op(names[op], op, &F_S, rn, 2, 1500);
    }
}

Test(a64_fp_fast, every_fpcr_mode_matches_the_helper)
{
    uint32_t modes[16];
    for (int i = 0; i < 16; i++) {
        modes[i] = (uint32_t)(i & 3) << 22 | (i & 4 ? FZ : 0) | (i & 8 ? DN : 0);
    }
    for (int op = A64_FADD; op <= A64_FSQRT; op++) {
        check_op(names[op], op, &F_D, modes, 16, 150);
        check_op(names[op], op, &F_S, modes, 16, 150);
    }
}

Test(a64_fp_fast, flags_accumulate_and_msr_clears_them)
{
    a64_asm("fadd d0, d1, d2\n fmul d3, d4, d4\n fdiv d5, d1, d6\n fsqrt d7, d8\n mrs x1, fpsr\n"
            "msr fpsr, xzr\n fadd d9, d1, d1\n mrs x2, fpsr\n"
            "fadd d10, d1, d2\n fmov d10, d1\n mrs x3, fpsr");
    set_d(1, 0x3ff0000000000000ull); /* 1 */
    set_d(2, 0x3ca0000000000001ull); /* just over half an ulp of 1: inexact */
    set_d(4, 0x7fe0000000000000ull); /* 2^1023: its square overflows */
    set_d(6, 0);                     /* 1 / 0 */
    set_d(8, 0xbff0000000000000ull); /* sqrt(-1) */
    env->fpcr = 0;
    a64_fpsr_write(env, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->xregs[1], IXC | OFC | DZC | IOC, "the flags of four ops: %#llx",
                 (unsigned long long)env->xregs[1]);
    cr_assert_eq(env->vregs[7][0], 0x7ff8000000000000ull, "sqrt(-1): the default NaN, positive");
    cr_assert_eq(env->xregs[2], 0, "MSR FPSR dropped the pending flags; 1 + 1 is exact");
    cr_assert_eq(env->xregs[3], IXC, "an inexact op whose result is overwritten still raises IXC");
    cr_assert_eq(a64_fpsr_read(env), IXC);
}

Test(a64_fp_fast, fallback_keeps_the_registers)
{
    /* The NaN and smallest-normal results leave through the out-of-line
     * call: integer and FP values live across it must survive. */
    a64_asm("add x3, x1, x2\n mul x4, x1, x2\n fadd d0, d1, d2\n fmul d5, d3, d4\n add x5, x3, x4\n"
            "eor x6, x3, x1\n fsub s6, s7, s8\n add x7, x5, x6\n mrs x8, fpsr");
    env->xregs[1] = 1000;
    env->xregs[2] = 7;
    set_d(1, 0x7ff0000000000001ull); /* sNaN */
    set_d(2, 0x3ff0000000000000ull);
    set_d(3, 0x2000000000000001ull); /* 2^-511 (1 + 2^-52) */
    set_d(4, 0x1ffffffffffffffeull); /* 2^-511 (1 - 2^-52): the product 2^-1022 (1 - 2^-104) rounds up */
    env->vregs[7][0] = 0x7fc00001;  /* a quiet NaN */
    env->vregs[8][0] = 0xff800001;  /* a negative sNaN: the first sNaN wins */
    env->fpcr = 0;
    a64_fpsr_write(env, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[0][0], 0x7ff8000000000001ull, "the sNaN, quietened");
    cr_assert_eq(env->vregs[6][0], 0xffc00001ull, "the sNaN operand beats the quiet one");
    uint32_t flags;
    cr_assert_eq(env->vregs[5][0], ref_op(A64_FMUL, &F_D, 0, 0x2000000000000001ull, 0x1ffffffffffffffeull, &flags));
    cr_assert_eq(env->vregs[5][0], 0x0010000000000000ull, "the smallest normal");
    cr_assert_eq(flags, UFC | IXC, "tiny before rounding: UFC, as the helper says");
    cr_assert_eq(env->xregs[3], 1007);
    cr_assert_eq(env->xregs[4], 7000);
    cr_assert_eq(env->xregs[5], 8007);
    cr_assert_eq(env->xregs[6], 1007 ^ 1000);
    cr_assert_eq(env->xregs[7], 8007 + (1007 ^ 1000));
    cr_assert_eq(env->xregs[8], IOC | UFC | IXC);
}

Test(a64_fp_fast, values_pass_between_insns_in_temps)
{
    /* The translator hands S/D values from one FP insn (or V load) to the
     * next in temps: an immediate single must be its low word alone, a
     * store must see the value just computed, and FCCMP, which branches,
     * must read its operands afresh. */
    a64_asm("fmov s1, #-31.0\n fmaxnm s2, s3, s1\n fadd d4, d5, d5\n str d4, [x0]\n ldr d6, [x0]\n"
            "fmul d7, d6, d6\n fccmp d7, d4, #0, eq\n mrs x1, nzcv\n fsub s8, s1, s1");
    env->xregs[0] = A64_DATA;
    env->vregs[3][0] = 0x41;          /* a denormal above -31 */
    set_d(5, 0x4000000000000000ull); /* 2 */
    a64_nzcv_write(env, 0x40000000u); /* Z: eq holds */
    env->fpcr = 0;
    a64_fpsr_write(env, 0);
    cr_assert_eq(a64_run(), EXCP_SWI);
    cr_assert_eq(env->vregs[1][0], 0xc1f80000ull, "-31.0, the upper word zero");
    cr_assert_eq(env->vregs[2][0], 0x41, "FMAXNM(denormal, -31) is the denormal");
    cr_assert_eq(*a64_data64(0), 0x4010000000000000ull, "4 stored");
    cr_assert_eq(env->vregs[7][0], 0x4030000000000000ull, "16");
    cr_assert_eq(env->xregs[1], 0x20000000u, "16 > 4: C only");
    cr_assert_eq(env->vregs[8][0], 0, "-31 - -31 = +0");
}

/* FCMP/FCMPE (register and #0.0) against the helper: NZCV and FPSR,
 * under every FPCR mode (only RN without FZ compares inline). */
static void check_cmp(const Fmt *f, const char *insn, bool zero, bool signal)
{
    char src[96];
    char r = f->dp ? 'd' : 's';
    if (zero) {
        snprintf(src, sizeof(src), "%s %c1, #0.0\n mrs x1, nzcv\n mrs x2, fpsr", insn, r);
    } else {
        snprintf(src, sizeof(src), "%s %c1, %c2\n mrs x1, nzcv\n mrs x2, fpsr", insn, r, r);
    }
    uint32_t pc = a64_asm(src);
    static CPUA64State ref;
    for (int i = 0; i < 400; i++) {
        uint64_t a = operand(f, 0), b = zero ? 0 : (i & 3) == 0 ? a : operand(f, 0);
        uint32_t fpcr = (uint32_t)(i & 3) << 22 | (i & 4 ? FZ : 0) | (i & 8 ? DN : 0);
        if (i & 16) {
            fpcr = 0; /* half the cases inline */
        }
        set_d(1, a);
        set_d(2, b);
        env->fpcr = fpcr;
        a64_fpsr_write(env, 0);
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        ref.fpcr = fpcr;
        a64_fpsr_write(&ref, 0);
        uint64_t want = helper_a64_fcmp(&ref, a, b, (f->dp ? A64_FP_DOUBLE : 0) | (signal ? A64_FCMP_SIGNAL : 0));
        uint32_t want_fpsr = a64_fpsr_read(&ref);
        cr_assert_eq(env->xregs[1], want << 28, "%s %#llx, %#llx under FPCR %#x: NZCV %#llx, the helper %#llx",
                     insn, (unsigned long long)a, (unsigned long long)b, fpcr,
                     (unsigned long long)env->xregs[1], (unsigned long long)(want << 28));
        cr_assert_eq(env->xregs[2], want_fpsr, "%s %#llx, %#llx under FPCR %#x: FPSR %#llx, the helper %#x", insn,
                     (unsigned long long)a, (unsigned long long)b, fpcr, (unsigned long long)env->xregs[2],
                     want_fpsr);
    }
}

Test(a64_fp_fast, compares_match_the_helper)
{
    for (int z = 0; z < 2; z++) {
        check_cmp(&F_D, "fcmp", z, false);
        check_cmp(&F_D, "fcmpe", z, true);
        check_cmp(&F_S, "fcmp", z, false);
        check_cmp(&F_S, "fcmpe", z, true);
    }
}

/* FMADD FMSUB FNMADD FNMSUB against the helper, under every FPCR mode:
 * the addend is drawn to cancel the product now and then. */
static void check_fma(const Fmt *f, int op, const char *insn)
{
    char src[96];
    char r = f->dp ? 'd' : 's';
    snprintf(src, sizeof(src), "%s %c0, %c1, %c2, %c3\n mrs x1, fpsr", insn, r, r, r, r);
    uint32_t pc = a64_asm(src);
    static CPUA64State ref;
    uint64_t sign = 1ull << (f->dp ? 63 : 31);
    for (int i = 0; i < 1200; i++) {
        uint64_t a = operand(f, 0), b = operand(f, unbiased(f, a)), c = operand(f, 0);
        if ((i & 7) == 1) {
            tiny_product_pair(f, &a, &b);
            c = 0;
        } else if ((i & 7) == 2) {
            c = a ^ (a64_rand() & 1 ? sign : 0); /* a * 1 +- a: zeros and doubles */
            b = f->dp ? 0x3ff0000000000000ull : 0x3f800000u;
        }
        uint32_t fpcr = (i & 16) ? (uint32_t)(i & 3) << 22 | (i & 4 ? FZ : 0) | (i & 8 ? DN : 0) : (i & 8 ? DN : 0);
        set_d(1, a);
        set_d(2, b);
        set_d(3, c);
        env->fpcr = fpcr;
        a64_fpsr_write(env, 0);
        cr_assert_eq(a64_run_at(pc), EXCP_SWI);
        ref.fpcr = fpcr;
        a64_fpsr_write(&ref, 0);
        uint64_t want = helper_a64_farith(&ref, a, b, c, (uint64_t)op | (f->dp ? A64_FP_DOUBLE : 0));
        uint32_t want_fpsr = a64_fpsr_read(&ref);
        cr_assert_eq(env->vregs[0][0], want, "%s %#llx, %#llx, %#llx under FPCR %#x: %#llx, the helper %#llx", insn,
                     (unsigned long long)a, (unsigned long long)b, (unsigned long long)c, fpcr,
                     (unsigned long long)env->vregs[0][0], (unsigned long long)want);
        cr_assert_eq(env->xregs[1], want_fpsr, "%s %#llx, %#llx, %#llx under FPCR %#x: FPSR %#llx, the helper %#x",
                     insn, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c, fpcr,
                     (unsigned long long)env->xregs[1], want_fpsr);
    }
}

Test(a64_fp_fast, fused_forms_match_the_helper)
{
    static const char *const fused[] = {"fmadd", "fmsub", "fnmadd", "fnmsub"};
    for (int k = 0; k < 4; k++) {
        check_fma(&F_D, A64_FMADD + k, fused[k]);
        check_fma(&F_S, A64_FMADD + k, fused[k]);
    }
}

Test(a64_fp_fast, fused_forms_without_host_fma)
{
    /* A host without FMA takes the fallback every time. */
    x64_probe_features();
    x64_features.fma = false;
    tb_flush();
    check_fma(&F_D, A64_FMSUB, "fmsub");
    check_fma(&F_S, A64_FNMADD, "fnmadd");
}
