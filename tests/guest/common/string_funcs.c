/* string_funcs — glibc's string routines, hand-written per architecture
 * (on ARM: NEON and ARMv6 media instructions uadd8/sel, ldrd, vld1; on
 * AArch64: AdvSIMD umaxp/cmeq/addp, ldp) on buffers at every alignment and
 * size: memcpy, memmove (both overlap directions), memset, memcmp,
 * memchr, strlen, strchr, strrchr, strcmp, strncmp, strcpy, strstr. */
/* XRUN-O3: yes */
#include <stdlib.h>
#include "xt.h"

static unsigned char src[600], dst[600], ref[600];

static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
    unsigned char tmp[600];
    for (size_t i = 0; i < n; i++)
        tmp[i] = s[i];
    for (size_t i = 0; i < n; i++)
        d[i] = tmp[i];
}

int main(void)
{
    uint32_t h = 0;
    int bad = 0;
    for (int i = 0; i < 600; i++)
        src[i] = (unsigned char)(i * 13 + 1);
    for (size_t n = 0; n <= 260; n += (n < 80 ? 1 : 7)) {
        for (int sa = 0; sa < 8; sa++)
            for (int da = 0; da < 8; da++) {
                memset(dst, 0xee, sizeof dst);
                memset(ref, 0xee, sizeof ref);
                memcpy(dst + da, src + sa, n);
                ref_copy(ref + da, src + sa, n);
                bad += memcmp(dst, ref, sizeof dst) != 0;
                /* overlapping moves, forward and backward */
                memcpy(dst, src, 600);
                memcpy(ref, src, 600);
                memmove(dst + da + 3, dst + sa, n);
                ref_copy(ref + da + 3, ref + sa, n);
                bad += memcmp(dst, ref, sizeof dst) != 0;
                memmove(dst + sa, dst + da + 5, n);
                ref_copy(ref + sa, ref + da + 5, n);
                bad += memcmp(dst, ref, sizeof dst) != 0;
            }
        h = h * 31 + xt_fnv(dst, sizeof dst);
    }
    printf("copy/move hash %08x bad %d\n", h, bad);
    CHECK(bad == 0);

    /* memset, memcmp sign, memchr */
    for (size_t n = 0; n < 200; n++)
        for (int a = 0; a < 8; a++) {
            memset(dst, 0, 300);
            memset(dst + a, (int)(n & 0xff) | 0x80, n);
            for (size_t k = 0; k < 300; k++)
                bad += dst[k] != ((k >= (size_t)a && k < a + n) ? ((n & 0xff) | 0x80) : 0);
            if (n) {
                memcpy(ref, dst, 300);
                ref[a + n - 1] ^= 1;
                int c = memcmp(dst + a, ref + a, n);
                bad += !(c != 0 && ((c > 0) == (dst[a + n - 1] > ref[a + n - 1])));
                bad += memchr(dst + a, ((int)n & 0xff) | 0x80, n) != dst + a;
                bad += memchr(dst, 0x7f, 300) != NULL;
            }
        }
    printf("memset/memcmp/memchr bad %d\n", bad);

    /* strings at every alignment and length */
    char *buf = malloc(400);
    for (int len = 0; len < 150; len++)
        for (int a = 0; a < 8; a++) {
            char *p = buf + a;
            for (int k = 0; k < len; k++)
                p[k] = (char)('a' + (k * 7 + len) % 26);
            p[len] = 0;
            p[len + 1] = 'x';
            bad += strlen(p) != (size_t)len;
            char *q = strchr(p, 'z');
            int qi = -1;
            for (int k = 0; k < len; k++)
                if (p[k] == 'z') { qi = k; break; }
            bad += qi < 0 ? q != NULL : q != p + qi;
            bad += strchr(p, 0) != p + len;
            char *rr = strrchr(p, 'a');
            int ri = -1;
            for (int k = 0; k < len; k++)
                if (p[k] == 'a') ri = k;
            bad += ri < 0 ? rr != NULL : rr != p + ri;
            char *cp = buf + 200 + (7 - a);
            strcpy(cp, p);
            bad += strcmp(cp, p) != 0;
            if (len) {
                cp[len - 1]++;
                bad += strcmp(p, cp) >= 0;
                bad += strncmp(p, cp, len - 1) != 0;
            }
            h = h * 31 + (uint32_t)len + (q ? (uint32_t)(q - p) : 999u);
        }
    bad += strstr("the quick brown fox", "brown") == NULL;
    bad += strstr("aaaaaaaaab", "aab") == NULL;
    free(buf);
    printf("strings hash %08x bad %d\n", h, bad);
    CHECK(bad == 0);
    return xt_done();
}
