/*
 * AML builder (system/hw/acpi/aml.h). Encodings are those of the ACPI
 * specification (6.5), chapter 20 "ACPI Machine Language Specification" for
 * the byte code and section 6.4 "Resource Data Types" for the descriptors
 * inside ResourceTemplate buffers.
 */
#include "system/hw/acpi/aml.h"

#include <string.h>

#include "xrun/util.h"

/* AML opcodes and prefixes (ACPI 6.5, 20.2). */
enum {
    AML_ZERO_OP = 0x00,
    AML_ONE_OP = 0x01,
    AML_NAME_OP = 0x08,
    AML_BYTE_PREFIX = 0x0a,
    AML_WORD_PREFIX = 0x0b,
    AML_DWORD_PREFIX = 0x0c,
    AML_STRING_PREFIX = 0x0d,
    AML_QWORD_PREFIX = 0x0e,
    AML_SCOPE_OP = 0x10,
    AML_BUFFER_OP = 0x11,
    AML_PACKAGE_OP = 0x12,
    AML_METHOD_OP = 0x14,
    AML_DUAL_NAME_PREFIX = 0x2e,
    AML_MULTI_NAME_PREFIX = 0x2f,
    AML_EXT_OP_PREFIX = 0x5b,
    AML_EXT_DEVICE_OP = 0x82, /* after AML_EXT_OP_PREFIX */
    AML_ROOT_CHAR = 0x5c,
    AML_PARENT_PREFIX = 0x5e,
    AML_RETURN_OP = 0xa4,
};

/* Resource descriptor tags (ACPI 6.5, 6.4.2 small and 6.4.3 large). A small
 * tag byte is (type << 3) | length; a large one is 0x80 | type, followed by
 * a 16-bit length. */
enum {
    RES_IO = (0x08 << 3) | 7,
    RES_END_TAG = (0x0f << 3) | 1,
    RES_MEMORY32_FIXED = 0x86,
    RES_EXTENDED_IRQ = 0x89,
};

/* The largest value each PkgLength size holds: 6 bits in one byte, then 4
 * bits of the lead byte plus 8 per following byte. */
static const uint32_t pkglen_max[4] = { 0x3f, 0xfff, 0xfffff, 0xfffffff };

/* -- The byte buffer -- */

void aml_buf_init(AmlBuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void aml_buf_free(AmlBuf *b)
{
    free(b->data);
    aml_buf_init(b);
}

static void aml_reserve(AmlBuf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
        cap *= 2;
    uint8_t *p = xr_malloc(cap);
    if (b->len)
        memcpy(p, b->data, b->len);
    free(b->data);
    b->data = p;
    b->cap = cap;
}

void aml_put_bytes(AmlBuf *b, const void *p, size_t n)
{
    aml_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void aml_put_fill(AmlBuf *b, uint8_t c, size_t n)
{
    aml_reserve(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
}

/* Appends the low `size` bytes of v, least significant first. */
static void aml_put_le(AmlBuf *b, uint64_t v, unsigned size)
{
    aml_reserve(b, size);
    for (unsigned i = 0; i < size; i++)
        b->data[b->len++] = (uint8_t)(v >> (8 * i));
}

void aml_put8(AmlBuf *b, uint8_t v) { aml_put_le(b, v, 1); }
void aml_put16(AmlBuf *b, uint16_t v) { aml_put_le(b, v, 2); }
void aml_put32(AmlBuf *b, uint32_t v) { aml_put_le(b, v, 4); }
void aml_put64(AmlBuf *b, uint64_t v) { aml_put_le(b, v, 8); }

void aml_set8(AmlBuf *b, size_t off, uint8_t v)
{
    xr_assert(off < b->len);
    b->data[off] = v;
}

void aml_set32(AmlBuf *b, size_t off, uint32_t v)
{
    xr_assert(off + 4 <= b->len);
    for (unsigned i = 0; i < 4; i++)
        b->data[off + i] = (uint8_t)(v >> (8 * i));
}

uint8_t aml_sum8(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += p[i];
    return sum;
}

/* Inserts n bytes at off, moving what follows. */
static void aml_insert(AmlBuf *b, size_t off, const uint8_t *p, size_t n)
{
    xr_assert(off <= b->len);
    aml_reserve(b, n);
    memmove(b->data + off + n, b->data + off, b->len - off);
    memcpy(b->data + off, p, n);
    b->len += n;
}

/* -- Package lengths and names -- */

/*
 * PkgLength (20.2.4): the value counts its own bytes and the contents.
 *
 *   1 byte:    [7:6]=0  [5:0] length
 *   2-4 bytes: [7:6]=following bytes  [5:4]=0  [3:0] length bits 3..0,
 *              then length bits 11..4, 19..12, 27..20
 */
unsigned aml_pkglen(size_t body_len, uint8_t out[4])
{
    for (unsigned n = 1; n <= 4; n++) {
        if (body_len > pkglen_max[n - 1] - n)
            continue;
        uint32_t total = (uint32_t)body_len + n;
        if (n == 1) {
            out[0] = (uint8_t)total;
            return 1;
        }
        out[0] = (uint8_t)(((n - 1) << 6) | (total & 0xf));
        for (unsigned i = 1; i < n; i++)
            out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
        return n;
    }
    return 0;
}

void aml_end(AmlBuf *b, AmlMark mark)
{
    uint8_t enc[4];
    unsigned n = aml_pkglen(b->len - mark, enc);

    xr_assert(n != 0);
    aml_insert(b, mark, enc, n);
}

static bool aml_lead_char(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }

/* One NameSeg of 1-4 characters, padded with '_'. */
static void aml_nameseg(AmlBuf *b, const char *s, size_t n)
{
    xr_assert(n >= 1 && n <= 4 && aml_lead_char(s[0]));
    for (size_t i = 0; i < 4; i++) {
        char c = i < n ? s[i] : '_';
        xr_assert(aml_lead_char(c) || (c >= '0' && c <= '9'));
        aml_put8(b, (uint8_t)c);
    }
}

/*
 * NameString (20.2.2): prefixes, then NullName (no segment), one NameSeg,
 * DualNamePrefix + 2 segments, or MultiNamePrefix + count + segments.
 */
void aml_namestring(AmlBuf *b, const char *path)
{
    const char *p = path;

    if (*p == '\\') {
        aml_put8(b, AML_ROOT_CHAR);
        p++;
    }
    for (; *p == '^'; p++)
        aml_put8(b, AML_PARENT_PREFIX);

    unsigned nseg = *p ? 1 : 0;
    for (const char *q = p; *q; q++)
        nseg += *q == '.';
    if (nseg == 0) {
        aml_put8(b, 0x00);
        return;
    }
    if (nseg == 2) {
        aml_put8(b, AML_DUAL_NAME_PREFIX);
    } else if (nseg > 2) {
        xr_assert(nseg <= 255);
        aml_put8(b, AML_MULTI_NAME_PREFIX);
        aml_put8(b, (uint8_t)nseg);
    }
    while (*p) {
        size_t n = strcspn(p, ".");
        aml_nameseg(b, p, n);
        p += n;
        if (*p == '.')
            p++;
    }
}

/* -- Named objects -- */

AmlMark aml_scope(AmlBuf *b, const char *path)
{
    aml_put8(b, AML_SCOPE_OP);
    AmlMark mark = b->len;
    aml_namestring(b, path);
    return mark;
}

AmlMark aml_device(AmlBuf *b, const char *path)
{
    aml_put8(b, AML_EXT_OP_PREFIX);
    aml_put8(b, AML_EXT_DEVICE_OP);
    AmlMark mark = b->len;
    aml_namestring(b, path);
    return mark;
}

/* MethodFlags: [2:0] argument count, [3] serialized, [7:4] sync level 0. */
AmlMark aml_method(AmlBuf *b, const char *name, unsigned nargs, bool serialized)
{
    xr_assert(nargs <= 7);
    aml_put8(b, AML_METHOD_OP);
    AmlMark mark = b->len;
    aml_namestring(b, name);
    aml_put8(b, (uint8_t)(nargs | (serialized ? 1u << 3 : 0)));
    return mark;
}

void aml_name(AmlBuf *b, const char *name)
{
    aml_put8(b, AML_NAME_OP);
    aml_namestring(b, name);
}

void aml_return(AmlBuf *b) { aml_put8(b, AML_RETURN_OP); }

/* -- Data objects -- */

AmlMark aml_package(AmlBuf *b, unsigned count)
{
    xr_assert(count <= 255);
    aml_put8(b, AML_PACKAGE_OP);
    AmlMark mark = b->len;
    aml_put8(b, (uint8_t)count);
    return mark;
}

void aml_integer(AmlBuf *b, uint64_t v)
{
    if (v == 0) {
        aml_put8(b, AML_ZERO_OP);
    } else if (v == 1) {
        aml_put8(b, AML_ONE_OP);
    } else if (v <= 0xff) {
        aml_put8(b, AML_BYTE_PREFIX);
        aml_put8(b, (uint8_t)v);
    } else if (v <= 0xffff) {
        aml_put8(b, AML_WORD_PREFIX);
        aml_put16(b, (uint16_t)v);
    } else if (v <= 0xffffffff) {
        aml_put8(b, AML_DWORD_PREFIX);
        aml_put32(b, (uint32_t)v);
    } else {
        aml_put8(b, AML_QWORD_PREFIX);
        aml_put64(b, v);
    }
}

void aml_string(AmlBuf *b, const char *s)
{
    aml_put8(b, AML_STRING_PREFIX);
    aml_put_bytes(b, s, strlen(s) + 1);
}

/*
 * EISA id: three letters of 5 bits each ('A' = 1) and a 16-bit product
 * number, stored most significant byte first:
 *
 *   byte 0: 0 l1[4:0] l2[4:3]   byte 1: l2[2:0] l3[4:0]
 *   byte 2: product[15:8]       byte 3: product[7:0]
 *
 * The DWord value is those bytes read little endian.
 */
uint32_t aml_eisaid_value(const char *id)
{
    xr_assert(strlen(id) == 7);
    uint32_t l1 = id[0] & 0x1f, l2 = id[1] & 0x1f, l3 = id[2] & 0x1f;
    uint32_t product = 0;
    for (int i = 3; i < 7; i++) {
        int d = xr_hex_digit(id[i]);
        xr_assert(d >= 0);
        product = product << 4 | (uint32_t)d;
    }
    uint8_t bytes[4] = {
        (uint8_t)(l1 << 2 | l2 >> 3),
        (uint8_t)((l2 & 7) << 5 | l3),
        (uint8_t)(product >> 8),
        (uint8_t)product,
    };
    return bytes[0] | bytes[1] << 8 | bytes[2] << 16 | (uint32_t)bytes[3] << 24;
}

void aml_eisaid(AmlBuf *b, const char *id)
{
    /* Always a DWord, whatever its value: that is how ASL compilers emit it
     * and how disassemblers recognise it. */
    aml_put8(b, AML_DWORD_PREFIX);
    aml_put32(b, aml_eisaid_value(id));
}

/* -- Resource templates -- */

/* Buffer: BufferOp PkgLength BufferSize ByteList. The size is known at the
 * end only: it is inserted then, before the PkgLength. */
AmlMark aml_resource_template(AmlBuf *b)
{
    aml_put8(b, AML_BUFFER_OP);
    return b->len;
}

void aml_resource_template_end(AmlBuf *b, AmlMark mark)
{
    /* End tag: its checksum byte makes all the descriptor bytes sum to 0. */
    aml_put8(b, RES_END_TAG);
    aml_put8(b, (uint8_t)-aml_sum8(b->data + mark, b->len - mark));

    AmlBuf size;
    aml_buf_init(&size);
    aml_integer(&size, b->len - mark);
    aml_insert(b, mark, size.data, size.len);
    aml_buf_free(&size);
    aml_end(b, mark);
}

/* Memory32Fixed (6.4.3.4): info bit 0 = writable. */
void aml_memory32_fixed(AmlBuf *b, uint32_t base, uint32_t size, bool writable)
{
    aml_put8(b, RES_MEMORY32_FIXED);
    aml_put16(b, 9);
    aml_put8(b, writable ? 1 : 0);
    aml_put32(b, base);
    aml_put32(b, size);
}

/* I/O port (6.4.2.5): info bit 0 = decodes 16 address bits. */
void aml_io(AmlBuf *b, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
    aml_put8(b, RES_IO);
    aml_put8(b, 1);
    aml_put16(b, min);
    aml_put16(b, max);
    aml_put8(b, align);
    aml_put8(b, len);
}

/* Extended interrupt (6.4.3.6): flags bit 0 = consumer, 1 = edge,
 * 2 = active low, 3 = shared; then a table of one GSI. */
void aml_interrupt(AmlBuf *b, uint32_t gsi, unsigned flags)
{
    xr_assert((flags & ~(unsigned)(AML_IRQ_EDGE | AML_IRQ_ACTIVE_LOW | AML_IRQ_SHARED)) == 0);
    aml_put8(b, RES_EXTENDED_IRQ);
    aml_put16(b, 2 + 4);
    aml_put8(b, (uint8_t)(flags | 1));
    aml_put8(b, 1);
    aml_put32(b, gsi);
}
