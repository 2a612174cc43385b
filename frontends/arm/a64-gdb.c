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
 * The features follow gdb's standard names, org.gnu.gdb.aarch64.core and
 * org.gnu.gdb.aarch64.fpu. Values are little-endian.
 */
#include <stdio.h>

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

static char a64_gdb_xml[8192];

static void a64_gdb_build_xml(void)
{
    char *p = a64_gdb_xml, *end = a64_gdb_xml + sizeof(a64_gdb_xml);
#define XML(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))
    XML("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>aarch64</architecture>\n<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    for (int i = 0; i < 31; i++)
        XML("<reg name=\"x%d\" bitsize=\"64\" regnum=\"%d\"/>\n", i, i);
    XML("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"%d\"/>\n"
        "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n"
        "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"%d\"/>\n</feature>\n",
        A64_GDB_SP, A64_GDB_PC, A64_GDB_CPSR);
    /* gdb shows a v register as the union of its lane views. */
    XML("<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
        "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
        "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
        "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
        "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
        "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
        "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
        "<union id=\"vnq\">\n<field name=\"d\" type=\"v2d\"/>\n<field name=\"u\" type=\"v2u\"/>\n"
        "<field name=\"s\" type=\"v4f\"/>\n<field name=\"w\" type=\"v4u\"/>\n"
        "<field name=\"h\" type=\"v8u\"/>\n<field name=\"b\" type=\"v16u\"/>\n</union>\n");
    for (int i = 0; i < 32; i++)
        XML("<reg name=\"v%d\" bitsize=\"128\" type=\"vnq\" regnum=\"%d\"/>\n", i, A64_GDB_V0 + i);
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
    case A64_GDB_FPCR: env->fpcr = (uint32_t)get_le(buf, 4) & A64_FPCR_MASK; return 4;
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
