/*
 * binfmt_misc registration (binfmt.c): `xrun --binfmt install|uninstall|
 * status`, plus the pure pieces it is built from (flag parsing, reading an
 * entry file, magic overlap), which the unit tests call directly.
 */
#ifndef XRUN_LINUX_USER_BINFMT_H
#define XRUN_LINUX_USER_BINFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
/* The kernel keeps at most 128 bytes of magic (BINPRM_BUF_SIZE - offset). */
#define BINFMT_MAX_MAGIC 128

/* binfmt_misc flag letters, as the kernel spells them in an entry file. */
enum {
    BINFMT_P = 1, /* preserve argv[0] */
    BINFMT_O = 2, /* pass an open fd of the program (AT_EXECFD) */
    BINFMT_C = 4, /* credentials from the program (implies O) */
    BINFMT_F = 8, /* interpreter opened at registration */
};

/* One guest xrun can run, with the ELF header pattern that identifies it. */
typedef struct BinfmtGuest {
    const char *name;   /* entry suffix: xrun-<name> */
    const char *desc;   /* for messages: "ARM (32-bit, little-endian, EABI)" */
    unsigned offset;
    size_t len;
    unsigned char magic[BINFMT_MAX_MAGIC], mask[BINFMT_MAX_MAGIC];
} BinfmtGuest;

/* The guests' patterns (from linux-user/guests.c), 0 .. count-1. */
size_t binfmt_guest_count(void);
const BinfmtGuest *binfmt_guest_at(size_t i);

/* One registered entry, as read back from BINFMT_DIR/<name>. */
typedef struct BinfmtEntry {
    char name[256];
    bool enabled;
    bool is_magic;      /* false: an extension entry (".exe") */
    char interpreter[4096];
    unsigned flags;     /* BINFMT_* */
    unsigned offset;
    size_t len;
    unsigned char magic[BINFMT_MAX_MAGIC], mask[BINFMT_MAX_MAGIC];
} BinfmtEntry;

/* Parses "POCF" letters (any order, each at most once; C implies O).
 * Returns the BINFMT_* mask or -1. */
int binfmt_parse_flags(const char *s);
/* Writes the letters of flags in the kernel's order (P, O, C, F) to buf. */
void binfmt_flags_str(unsigned flags, char *buf);
/* Parses the text of an entry file into e (name is left alone); 0 or -1. */
int binfmt_parse_entry(const char *text, BinfmtEntry *e);
/* True if some file would match both the entry and the guest's pattern:
 * the bytes both of them constrain agree under both masks. */
bool binfmt_entry_matches_guest(const BinfmtEntry *e, const BinfmtGuest *g);
/* The registration line for guest g: ":name:M:off:magic:mask:interp:flags". */
int binfmt_register_line(const BinfmtGuest *g, const char *name, const char *interp,
                         unsigned flags, char *buf, size_t size);

/* `xrun --binfmt ...`: argv[0] is "install", "uninstall" or "status".
 * Prints its own messages; returns the exit status. */
int binfmt_main(int argc, char **argv);

#endif
