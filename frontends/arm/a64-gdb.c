/*
 * The AArch64 register file as gdb sees it: the target description and
 * register access for the GDB stub (include/xrun/gdbstub.h).
 *
 *   regnum  0-30   x0-x30                  8 bytes each
 *          31      sp                      8 bytes
 *          32      pc                      8 bytes
 *          33      cpsr                    4 bytes (NZCV only at EL0)
 *          34-65   v0-v31                 16 bytes each
 *          66      fpsr, 67 fpcr           4 bytes each
 *
 * The features follow gdb's standard names and types,
 * org.gnu.gdb.aarch64.core (cpsr as flags) and org.gnu.gdb.aarch64.fpu
 * (each V register the union of its lane views). Values are
 * little-endian.
 */
#include <stdio.h>
#include <string.h>

#include "frontends/arm/a64-cpu.h"
#include "frontends/arm/a64-gdb.h"

enum {
    A64_GDB_SP = 31,
    A64_GDB_PC = 32,
    A64_GDB_CPSR = 33,
    A64_GDB_V0 = 34,
    A64_GDB_FPSR = A64_GDB_V0 + 32,
    A64_GDB_FPCR,
    A64_GDB_NUM_REGS,
};

static char a64_gdb_xml[12288];

/* The lane views of a V register, as gdb's own AArch64 description names
 * them, so that expressions written against a hardware target ($v0.s.f[1],
 * $v0.d.u[0], $v0.q.u) work here too: a vector type per lane shape, then
 * one union per lane size and the register's union of those. */
static const struct {
    const char *id, *elem;
    int count;
} a64_gdb_vectors[] = {
    {"v2d", "ieee_double", 2}, {"v2u", "uint64", 2},      {"v2i", "int64", 2},     {"v4f", "ieee_single", 4},
    {"v4u", "uint32", 4},      {"v4i", "int32", 4},       {"v8f", "ieee_half", 8}, {"v8u", "uint16", 8},
    {"v8i", "int16", 8},       {"v8bf16", "bfloat16", 8}, {"v16u", "uint8", 16},   {"v16i", "int8", 16},
    {"v1u", "uint128", 1},     {"v1i", "int128", 1},
};

/* Each union: its id, then "field:type" pairs (NULL ends the list). */
static const char *const a64_gdb_unions[][6] = {
    {"vnd", "f:v2d", "u:v2u", "s:v2i", NULL},
    {"vns", "f:v4f", "u:v4u", "s:v4i", NULL},
    {"vnh", "bf:v8bf16", "f:v8f", "u:v8u", "s:v8i", NULL},
    {"vnb", "u:v16u", "s:v16i", NULL},
    {"vnq", "u:v1u", "s:v1i", NULL},
    {"aarch64v", "d:vnd", "s:vns", "h:vnh", "b:vnb", "q:vnq"},
};

static void a64_gdb_build_xml(void)
{
    char *p = a64_gdb_xml, *end = a64_gdb_xml + sizeof(a64_gdb_xml);
#define XML(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))
    XML("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>aarch64</architecture>\n<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    /* PSTATE as EL0 sees it: NZCV, and EL/nRW, which read 0 (EL0,
     * AArch64); gdb prints the set flags by name, "[ EL=0 C Z ]". */
    XML("<flags id=\"cpsr_flags\" size=\"4\">\n<field name=\"EL\" start=\"2\" end=\"3\" type=\"uint32\"/>\n"
        "<field name=\"nRW\" start=\"4\" end=\"4\" type=\"bool\"/>\n");
    for (int bit = 28; bit < 32; bit++)
        XML("<field name=\"%c\" start=\"%d\" end=\"%d\" type=\"bool\"/>\n", "VCZN"[bit - 28], bit, bit);
    XML("</flags>\n");
    for (int i = 0; i < 31; i++)
        XML("<reg name=\"x%d\" bitsize=\"64\" regnum=\"%d\"/>\n", i, i);
    XML("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"%d\"/>\n"
        "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n"
        "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"%d\"/>\n</feature>\n",
        A64_GDB_SP, A64_GDB_PC, A64_GDB_CPSR);
    XML("<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
    for (size_t i = 0; i < sizeof(a64_gdb_vectors) / sizeof(a64_gdb_vectors[0]); i++)
        XML("<vector id=\"%s\" type=\"%s\" count=\"%d\"/>\n", a64_gdb_vectors[i].id, a64_gdb_vectors[i].elem,
            a64_gdb_vectors[i].count);
    for (size_t i = 0; i < sizeof(a64_gdb_unions) / sizeof(a64_gdb_unions[0]); i++) {
        XML("<union id=\"%s\">\n", a64_gdb_unions[i][0]);
        for (int f = 1; f < 6 && a64_gdb_unions[i][f]; f++) {
            const char *field = a64_gdb_unions[i][f], *colon = strchr(field, ':');
            XML("<field name=\"%.*s\" type=\"%s\"/>\n", (int)(colon - field), field, colon + 1);
        }
        XML("</union>\n");
    }
    for (int i = 0; i < 32; i++)
        XML("<reg name=\"v%d\" bitsize=\"128\" type=\"aarch64v\" regnum=\"%d\"/>\n", i, A64_GDB_V0 + i);
    XML("<reg name=\"fpsr\" bitsize=\"32\" regnum=\"%d\"/>\n"
        "<reg name=\"fpcr\" bitsize=\"32\" regnum=\"%d\"/>\n</feature>\n</target>\n",
        A64_GDB_FPSR, A64_GDB_FPCR);
#undef XML
}

static void put_le(uint8_t *buf, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        buf[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *buf, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    return v;
}

static int a64_gdb_read_reg(CPUState *cpu, uint8_t *buf, int n)
{
    CPUA64State *env = (CPUA64State *)cpu;
    if (n >= 0 && n <= A64_GDB_SP) {
        put_le(buf, env->xregs[n], 8);
        return 8;
    }
    if (n >= A64_GDB_V0 && n < A64_GDB_V0 + 32) {
        put_le(buf, env->vregs[n - A64_GDB_V0][0], 8);
        put_le(buf + 8, env->vregs[n - A64_GDB_V0][1], 8);
        return 16;
    }
    switch (n) {
    case A64_GDB_PC: put_le(buf, env->pc, 8); return 8;
    case A64_GDB_CPSR: put_le(buf, a64_nzcv_read(env), 4); return 4;
    case A64_GDB_FPSR: put_le(buf, a64_fpsr_read(env), 4); return 4;
    case A64_GDB_FPCR: put_le(buf, env->fpcr, 4); return 4;
    default: return 0;
    }
}

static int a64_gdb_write_reg(CPUState *cpu, const uint8_t *buf, int n)
{
    CPUA64State *env = (CPUA64State *)cpu;
    if (n >= 0 && n <= A64_GDB_SP) {
        env->xregs[n] = get_le(buf, 8);
        return 8;
    }
    if (n >= A64_GDB_V0 && n < A64_GDB_V0 + 32) {
        env->vregs[n - A64_GDB_V0][0] = get_le(buf, 8);
        env->vregs[n - A64_GDB_V0][1] = get_le(buf + 8, 8);
        return 16;
    }
    switch (n) {
    case A64_GDB_PC: env->pc = get_le(buf, 8); return 8;
    case A64_GDB_CPSR: a64_nzcv_write(env, (uint32_t)get_le(buf, 4)); return 4;
    case A64_GDB_FPSR: a64_fpsr_write(env, (uint32_t)get_le(buf, 4)); return 4;
    case A64_GDB_FPCR: env->fpcr = (uint32_t)get_le(buf, 4) & a64_fpcr_mask(env->features); return 4;
    default: return 0;
    }
}

static const char *a64_gdb_get_xml(void)
{
    if (!a64_gdb_xml[0])
        a64_gdb_build_xml();
    return a64_gdb_xml;
}

const GdbArch a64_gdb_arch = {
    .xml_name = "target.xml",
    .get_xml = a64_gdb_get_xml,
    .num_regs = A64_GDB_NUM_REGS,
    .read_reg = a64_gdb_read_reg,
    .write_reg = a64_gdb_write_reg,
};
