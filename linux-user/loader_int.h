/*
 * Internals shared by loader.c (ELF files and segments) and loader_stack.c
 * (the initial stack with argv, envp and auxv).
 */
#ifndef XRUN_LINUX_USER_LOADER_INT_H
#define XRUN_LINUX_USER_LOADER_INT_H

#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>

#include "linux-user/user.h"

/* An open ELF file whose headers have been checked against its size. */
typedef struct ElfFile {
    const char *path;
    int fd;
    Elf *elf;
    uint64_t size;
    GElf_Ehdr ehdr;
    int ei_class;
    GElf_Phdr *phdr;
    size_t phnum, nload;
} ElfFile;

/* Where one ELF image ended up in guest memory. */
typedef struct LoadedElf {
    uint64_t bias, entry, phdr, phnum;
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t brk;        /* end of the highest segment (bss included) */
    bool exec_stack;     /* PT_GNU_STACK asks for (or omits, meaning) PF_X */
} LoadedElf;

/* Prints "xrun: PATH: <message>" on one line; returns -1. */
int loader_error(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void elf_file_close(ElfFile *ef);

/*
 * Maps the stack below the guest's stack_top (with a guard page) and writes argc,
 * argv, envp, auxv and the strings they point to; fills the stack and
 * argument fields of info. prog_entry is AT_ENTRY (the program's own entry,
 * even when an interpreter runs first).
 */
int loader_build_stack(const char *path, char **argv, char **envp, uint64_t prog_entry,
                       bool exec_stack, ImageInfo *info);

#endif
