/*
 * x86_64 VEX encoders (emit_vec.h). The legacy SSE forms need no code of
 * their own: x64_op_rr and x64_op_mem place the mandatory prefix before
 * REX and the escape after it, which is the SSE layout.
 */
#include "backends/x86_64/emit_vec.h"
#include "xrun/util.h"

/* pp: 0 none, 1 66, 2 f3, 3 f2; mmmmm: 1 0f, 2 0f38, 3 0f3a. */
static unsigned vex_pp(int opc)
{
    return opc & X64_P_66 ? 1 : opc & X64_P_F3 ? 2 : opc & X64_P_F2 ? 3 : 0;
}

static unsigned vex_map(int opc)
{
    return opc & X64_P_0F38 ? 2 : opc & X64_P_0F3A ? 3 : 1;
}

void x64_vex_rr(CodeCursor *c, int opc, int reg, int vvvv, int rm)
{
    unsigned pp = vex_pp(opc), map = vex_map(opc);
    unsigned v = (~(unsigned)vvvv & 15) << 3;
    bool w = opc & X64_P_W;
    if (map == 1 && !(rm & 8) && !w) {
        x64_byte(c, 0xc5);
        x64_byte(c, (uint8_t)((~reg & 8) << 4 | v | pp));
    } else {
        x64_byte(c, 0xc4);
        x64_byte(c, (uint8_t)((~reg & 8) << 4 | 0x40 | (~rm & 8) << 2 | map));
        x64_byte(c, (uint8_t)((w ? 0x80 : 0) | v | pp));
    }
    x64_byte(c, (uint8_t)opc);
    x64_byte(c, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

void x64_vex_rri(CodeCursor *c, int opc, int reg, int vvvv, int rm, uint8_t imm)
{
    x64_vex_rr(c, opc, reg, vvvv, rm);
    x64_byte(c, imm);
}

void x64_sse_rri(CodeCursor *c, int opc, int reg, int rm, uint8_t imm)
{
    x64_op_rr(c, opc, reg, rm);
    x64_byte(c, imm);
}
