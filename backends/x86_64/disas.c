/*
 * Host disassembly for -d out_asm: prints x86_64 code with capstone, one
 * instruction per line, as "  0x<addr>:  <mnemonic> <operands>".
 */
#include <capstone/capstone.h>
#include <inttypes.h>

#include "xrun/backend.h"

void backend_disas(FILE *out, const uint8_t *code, size_t size)
{
    csh h;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) {
        fprintf(out, "  (capstone unavailable: %zu bytes)\n", size);
        return;
    }
    cs_insn *insn;
    size_t n = cs_disasm(h, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  0x%012" PRIx64 ":  %-8s %s\n", insn[i].address, insn[i].mnemonic,
                insn[i].op_str);
        done += insn[i].size;
    }
    if (done < size)
        fprintf(out, "  (%zu bytes not disassembled)\n", size - done);
    if (n)
        cs_free(insn, n);
    cs_close(&h);
}
