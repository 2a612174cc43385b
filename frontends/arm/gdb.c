/*
 * The AArch32 register file as gdb sees it: the target description and
 * register access for the GDB stub (include/xrun/gdbstub.h).
 *
 *   regnum  0-15   r0-r12, sp, lr, pc      4 bytes each
 *          16      cpsr                    4 bytes
 *          17-48   d0-d31                  8 bytes each
 *          49-64   q0-q15                 16 bytes each (q<n> = d<2n>:d<2n+1>)
 *          65      fpscr                   4 bytes
 *
 * The features follow gdb's standard names, org.gnu.gdb.arm.core and
 * org.gnu.gdb.arm.vfp; gdb makes s0-s31 from the d registers itself. The
 * q registers are listed as registers of their own (gdb-multiarch does
 * not derive them from a description of this shape), typed as a union of
 * lane views so that `p $q0` shows u8/u16/u32/u64/f32/f64.
 * Values are little-endian, as the guest stores them.
 */
#include <string.h>

#include "frontends/arm/cpu.h"
#include "frontends/arm/gdb.h"
#include "xrun/gdbstub.h"

enum {
    ARM_GDB_PC = 15,
    ARM_GDB_CPSR = 16,
    ARM_GDB_D0 = 17,
    ARM_GDB_Q0 = ARM_GDB_D0 + 32,
    ARM_GDB_FPSCR = ARM_GDB_Q0 + 16,
    ARM_GDB_NUM_REGS,
};

/* The CPSR bits user code may change: NZCVQ, IT, GE and T (not the mode). */
#define ARM_GDB_CPSR_WRITABLE 0xfe0ffc20u

/* The target description, built once: the register lines are regular. */
static char arm_gdb_xml[8192];

static void arm_gdb_build_xml(void)
{
    char *p = arm_gdb_xml, *end = arm_gdb_xml + sizeof(arm_gdb_xml);
#define XML(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))
    XML("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>arm</architecture>\n<feature name=\"org.gnu.gdb.arm.core\">\n");
    for (int i = 0; i < 13; i++)
        XML("<reg name=\"r%d\" bitsize=\"32\" regnum=\"%d\"/>\n", i, i);
    XML("<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\" regnum=\"13\"/>\n"
        "<reg name=\"lr\" bitsize=\"32\" regnum=\"14\"/>\n"
        "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"15\"/>\n"
        "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"%d\"/>\n</feature>\n",
        ARM_GDB_CPSR);
    /* gdb shows a q register as the union of its lane views. */
    XML("<feature name=\"org.gnu.gdb.arm.vfp\">\n"
        "<vector id=\"q_u8\" type=\"uint8\" count=\"16\"/>\n"
        "<vector id=\"q_u16\" type=\"uint16\" count=\"8\"/>\n"
        "<vector id=\"q_u32\" type=\"uint32\" count=\"4\"/>\n"
        "<vector id=\"q_u64\" type=\"uint64\" count=\"2\"/>\n"
        "<vector id=\"q_f32\" type=\"ieee_single\" count=\"4\"/>\n"
        "<vector id=\"q_f64\" type=\"ieee_double\" count=\"2\"/>\n"
        "<union id=\"q_lanes\">\n<field name=\"u8\" type=\"q_u8\"/>\n"
        "<field name=\"u16\" type=\"q_u16\"/>\n<field name=\"u32\" type=\"q_u32\"/>\n"
        "<field name=\"u64\" type=\"q_u64\"/>\n<field name=\"f32\" type=\"q_f32\"/>\n"
        "<field name=\"f64\" type=\"q_f64\"/>\n</union>\n");
    for (int i = 0; i < 32; i++)
        XML("<reg name=\"d%d\" bitsize=\"64\" type=\"ieee_double\" regnum=\"%d\"/>\n", i,
            ARM_GDB_D0 + i);
    for (int i = 0; i < 16; i++)
        XML("<reg name=\"q%d\" bitsize=\"128\" type=\"q_lanes\" regnum=\"%d\"/>\n", i,
            ARM_GDB_Q0 + i);
    XML("<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"%d\"/>\n"
        "</feature>\n</target>\n",
        ARM_GDB_FPSCR);
#undef XML
}

static void put_le32(uint8_t *buf, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        buf[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *buf)
{
    return (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
           (uint32_t)buf[3] << 24;
}

static int arm_gdb_read_reg(CPUState *cpu, uint8_t *buf, int n)
{
    CPUARMState *env = (CPUARMState *)cpu;
    if (n >= 0 && n < 16) {
        put_le32(buf, env->regs[n]);
        return 4;
    }
    if (n == ARM_GDB_CPSR) {
        put_le32(buf, arm_cpsr_read(env));
        return 4;
    }
    if (n >= ARM_GDB_D0 && n < ARM_GDB_D0 + 32) {
        uint64_t d = env->vfp_d[n - ARM_GDB_D0];
        put_le32(buf, (uint32_t)d);
        put_le32(buf + 4, (uint32_t)(d >> 32));
        return 8;
    }
    if (n >= ARM_GDB_Q0 && n < ARM_GDB_Q0 + 16) {
        for (int half = 0; half < 2; half++) {
            uint64_t d = env->vfp_d[2 * (n - ARM_GDB_Q0) + half];
            put_le32(buf + 8 * half, (uint32_t)d);
            put_le32(buf + 8 * half + 4, (uint32_t)(d >> 32));
        }
        return 16;
    }
    if (n == ARM_GDB_FPSCR) {
        put_le32(buf, arm_fpscr_read(env));
        return 4;
    }
    return 0;
}

static int arm_gdb_write_reg(CPUState *cpu, const uint8_t *buf, int n)
{
    CPUARMState *env = (CPUARMState *)cpu;
    if (n >= 0 && n < 16) {
        uint32_t v = get_le32(buf);
        /* gdb writes the pc of a Thumb function with bit 0 clear; the
         * Thumb state lives in cpsr.T, which it writes separately. */
        env->regs[n] = n == ARM_GDB_PC ? v & ~1u : v;
        return 4;
    }
    if (n == ARM_GDB_CPSR) {
        arm_cpsr_write(env, get_le32(buf), ARM_GDB_CPSR_WRITABLE);
        return 4;
    }
    if (n >= ARM_GDB_D0 && n < ARM_GDB_D0 + 32) {
        env->vfp_d[n - ARM_GDB_D0] = (uint64_t)get_le32(buf) | (uint64_t)get_le32(buf + 4) << 32;
        return 8;
    }
    if (n >= ARM_GDB_Q0 && n < ARM_GDB_Q0 + 16) {
        for (int half = 0; half < 2; half++)
            env->vfp_d[2 * (n - ARM_GDB_Q0) + half] =
                (uint64_t)get_le32(buf + 8 * half) | (uint64_t)get_le32(buf + 8 * half + 4) << 32;
        return 16;
    }
    if (n == ARM_GDB_FPSCR) {
        arm_fpscr_write(env, get_le32(buf));
        return 4;
    }
    return 0;
}

static const char *arm_gdb_get_xml(void)
{
    if (!arm_gdb_xml[0])
        arm_gdb_build_xml();
    return arm_gdb_xml;
}

const GdbArch arm_gdb_arch = {
    .xml_name = "target.xml",
    .get_xml = arm_gdb_get_xml,
    .num_regs = ARM_GDB_NUM_REGS,
    .read_reg = arm_gdb_read_reg,
    .write_reg = arm_gdb_write_reg,
};
