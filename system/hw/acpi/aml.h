/*
 * A small builder of ACPI Machine Language (AML), the byte code of the DSDT,
 * and the growable byte buffer the ACPI tables are assembled in.
 *
 * AML objects that contain others (Scope, Device, Method, Package, Buffer)
 * start with a PkgLength whose size (1 to 4 bytes) depends on what follows.
 * The builder therefore writes the opening bytes, returns a mark, lets the
 * caller append the contents, and inserts the PkgLength when the object is
 * closed with the mark:
 *
 *     AmlBuf b;
 *     aml_buf_init(&b);
 *     AmlMark sb = aml_scope(&b, "\\_SB");
 *     AmlMark com = aml_device(&b, "COM1");
 *     aml_name(&b, "_HID");
 *     aml_eisaid(&b, "PNP0501");
 *     aml_name(&b, "_CRS");
 *     AmlMark crs = aml_resource_template(&b);
 *     aml_io(&b, 0x3f8, 0x3f8, 1, 8);
 *     aml_interrupt(&b, 4, AML_IRQ_EDGE | AML_IRQ_ACTIVE_HIGH | AML_IRQ_EXCLUSIVE);
 *     aml_resource_template_end(&b, crs);
 *     aml_end(&b, com);
 *     aml_end(&b, sb);
 *
 * Objects close innermost first. Names are ASL names ("_SB", "\\_SB.COM1",
 * "^PCI0"); segments shorter than four characters are padded with '_'. The
 * builder is given names and descriptors by board code, not by the guest:
 * a malformed name is a programming error (xr_assert).
 */
#ifndef XRUN_SYSTEM_HW_ACPI_AML_H
#define XRUN_SYSTEM_HW_ACPI_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct AmlBuf {
    uint8_t *data;
    size_t len, cap;
} AmlBuf;

/* Where an open object's contents start: the PkgLength goes there. */
typedef size_t AmlMark;

/* -- The byte buffer (little endian) -- */

void aml_buf_init(AmlBuf *b);
void aml_buf_free(AmlBuf *b);
void aml_put8(AmlBuf *b, uint8_t v);
void aml_put16(AmlBuf *b, uint16_t v);
void aml_put32(AmlBuf *b, uint32_t v);
void aml_put64(AmlBuf *b, uint64_t v);
void aml_put_bytes(AmlBuf *b, const void *p, size_t n);
/* Appends n bytes of `c` (space-padded identifiers, zeroed fields). */
void aml_put_fill(AmlBuf *b, uint8_t c, size_t n);
/* Overwrites bytes already written at off. */
void aml_set8(AmlBuf *b, size_t off, uint8_t v);
void aml_set32(AmlBuf *b, size_t off, uint32_t v);
/* The 8-bit sum of n bytes: ACPI checksums make it 0. */
uint8_t aml_sum8(const uint8_t *p, size_t n);

/* -- Package lengths and names -- */

/* Encodes the PkgLength of an object whose contents after the PkgLength
 * are body_len bytes (the encoded value counts the PkgLength bytes too).
 * Returns the encoding's size (1..4), or 0 past the 28-bit limit. */
unsigned aml_pkglen(size_t body_len, uint8_t out[4]);
/* Closes the object opened at mark: inserts its PkgLength. */
void aml_end(AmlBuf *b, AmlMark mark);
/* A NameString: root '\' and parent '^' prefixes, then dotted segments. */
void aml_namestring(AmlBuf *b, const char *path);

/* -- Named objects -- */

/* Scope (path) { ... }, closed with aml_end. */
AmlMark aml_scope(AmlBuf *b, const char *path);
/* Device (path) { ... }, closed with aml_end. */
AmlMark aml_device(AmlBuf *b, const char *path);
/* Method (name, nargs, serialized or not) { ... }, closed with aml_end. */
AmlMark aml_method(AmlBuf *b, const char *name, unsigned nargs, bool serialized);
/* Name (name, <the object appended next>). */
void aml_name(AmlBuf *b, const char *name);
/* Return (<the object appended next>), inside a method. */
void aml_return(AmlBuf *b);

/* -- Data objects -- */

/* Package (count) { <count objects> }, closed with aml_end. */
AmlMark aml_package(AmlBuf *b, unsigned count);
/* An integer in its shortest form: Zero, One, or a Byte, Word, DWord or
 * QWord constant. A table of revision 1 holds 32-bit integers only. */
void aml_integer(AmlBuf *b, uint64_t v);
/* A string of printable ASCII. */
void aml_string(AmlBuf *b, const char *s);
/* The compressed EISA id of a "PNP0501"-style id (three letters, four hex
 * digits), as the DWord that ASL's EisaId() gives. */
uint32_t aml_eisaid_value(const char *id);
void aml_eisaid(AmlBuf *b, const char *id);

/* -- Resource templates: a Buffer of resource descriptors -- */

/* Flags of an extended interrupt descriptor. */
enum {
    AML_IRQ_LEVEL = 0,
    AML_IRQ_EDGE = 1 << 1,
    AML_IRQ_ACTIVE_HIGH = 0,
    AML_IRQ_ACTIVE_LOW = 1 << 2,
    AML_IRQ_EXCLUSIVE = 0,
    AML_IRQ_SHARED = 1 << 3,
};

/* ResourceTemplate () { ... }: closed with aml_resource_template_end, which
 * appends the end tag with its checksum. */
AmlMark aml_resource_template(AmlBuf *b);
void aml_resource_template_end(AmlBuf *b, AmlMark mark);
/* Memory32Fixed (ReadWrite or ReadOnly, base, size). */
void aml_memory32_fixed(AmlBuf *b, uint32_t base, uint32_t size, bool writable);
/* IO (Decode16, min, max, align, len). */
void aml_io(AmlBuf *b, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
/* Interrupt (ResourceConsumer, ...) { gsi }: AML_IRQ_* flags. */
void aml_interrupt(AmlBuf *b, uint32_t gsi, unsigned flags);

#endif
