/* pdf_md5.c - MD5 (RFC 1321) of the document's content, for its /ID. */
#include "pdf/pdf_md5.h"

#include <string.h>

void mz_md5_init(mz_md5 *m)
{
    m->s[0] = 0x67452301u;
    m->s[1] = 0xefcdab89u;
    m->s[2] = 0x98badcfeu;
    m->s[3] = 0x10325476u;
    m->len = 0;
}

static uint32_t rol(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }

/* little-endian whatever the host's order */
static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define STEP(f, a, b, c, d, x, t, r) (a) = (b) + rol((a) + f((b), (c), (d)) + (x) + (t), (r))
#define F(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define G(x, y, z) ((y) ^ ((z) & ((x) ^ (y))))
#define H(x, y, z) ((x) ^ (y) ^ (z))
#define I(x, y, z) ((y) ^ ((x) | ~(z)))

/* The four rounds of RFC 1321 3.4 over one 64-byte block. */
static void block(uint32_t s[4], const unsigned char *p)
{
    uint32_t x[16];
    for (int i = 0; i < 16; i++) x[i] = le32(p + 4 * i);
    uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
    STEP(F, a, b, c, d, x[0], 0xd76aa478u, 7);   STEP(F, d, a, b, c, x[1], 0xe8c7b756u, 12);
    STEP(F, c, d, a, b, x[2], 0x242070dbu, 17);  STEP(F, b, c, d, a, x[3], 0xc1bdceeeu, 22);
    STEP(F, a, b, c, d, x[4], 0xf57c0fafu, 7);   STEP(F, d, a, b, c, x[5], 0x4787c62au, 12);
    STEP(F, c, d, a, b, x[6], 0xa8304613u, 17);  STEP(F, b, c, d, a, x[7], 0xfd469501u, 22);
    STEP(F, a, b, c, d, x[8], 0x698098d8u, 7);   STEP(F, d, a, b, c, x[9], 0x8b44f7afu, 12);
    STEP(F, c, d, a, b, x[10], 0xffff5bb1u, 17); STEP(F, b, c, d, a, x[11], 0x895cd7beu, 22);
    STEP(F, a, b, c, d, x[12], 0x6b901122u, 7);  STEP(F, d, a, b, c, x[13], 0xfd987193u, 12);
    STEP(F, c, d, a, b, x[14], 0xa679438eu, 17); STEP(F, b, c, d, a, x[15], 0x49b40821u, 22);
    STEP(G, a, b, c, d, x[1], 0xf61e2562u, 5);   STEP(G, d, a, b, c, x[6], 0xc040b340u, 9);
    STEP(G, c, d, a, b, x[11], 0x265e5a51u, 14); STEP(G, b, c, d, a, x[0], 0xe9b6c7aau, 20);
    STEP(G, a, b, c, d, x[5], 0xd62f105du, 5);   STEP(G, d, a, b, c, x[10], 0x02441453u, 9);
    STEP(G, c, d, a, b, x[15], 0xd8a1e681u, 14); STEP(G, b, c, d, a, x[4], 0xe7d3fbc8u, 20);
    STEP(G, a, b, c, d, x[9], 0x21e1cde6u, 5);   STEP(G, d, a, b, c, x[14], 0xc33707d6u, 9);
    STEP(G, c, d, a, b, x[3], 0xf4d50d87u, 14);  STEP(G, b, c, d, a, x[8], 0x455a14edu, 20);
    STEP(G, a, b, c, d, x[13], 0xa9e3e905u, 5);  STEP(G, d, a, b, c, x[2], 0xfcefa3f8u, 9);
    STEP(G, c, d, a, b, x[7], 0x676f02d9u, 14);  STEP(G, b, c, d, a, x[12], 0x8d2a4c8au, 20);
    STEP(H, a, b, c, d, x[5], 0xfffa3942u, 4);   STEP(H, d, a, b, c, x[8], 0x8771f681u, 11);
    STEP(H, c, d, a, b, x[11], 0x6d9d6122u, 16); STEP(H, b, c, d, a, x[14], 0xfde5380cu, 23);
    STEP(H, a, b, c, d, x[1], 0xa4beea44u, 4);   STEP(H, d, a, b, c, x[4], 0x4bdecfa9u, 11);
    STEP(H, c, d, a, b, x[7], 0xf6bb4b60u, 16);  STEP(H, b, c, d, a, x[10], 0xbebfbc70u, 23);
    STEP(H, a, b, c, d, x[13], 0x289b7ec6u, 4);  STEP(H, d, a, b, c, x[0], 0xeaa127fau, 11);
    STEP(H, c, d, a, b, x[3], 0xd4ef3085u, 16);  STEP(H, b, c, d, a, x[6], 0x04881d05u, 23);
    STEP(H, a, b, c, d, x[9], 0xd9d4d039u, 4);   STEP(H, d, a, b, c, x[12], 0xe6db99e5u, 11);
    STEP(H, c, d, a, b, x[15], 0x1fa27cf8u, 16); STEP(H, b, c, d, a, x[2], 0xc4ac5665u, 23);
    STEP(I, a, b, c, d, x[0], 0xf4292244u, 6);   STEP(I, d, a, b, c, x[7], 0x432aff97u, 10);
    STEP(I, c, d, a, b, x[14], 0xab9423a7u, 15); STEP(I, b, c, d, a, x[5], 0xfc93a039u, 21);
    STEP(I, a, b, c, d, x[12], 0x655b59c3u, 6);  STEP(I, d, a, b, c, x[3], 0x8f0ccc92u, 10);
    STEP(I, c, d, a, b, x[10], 0xffeff47du, 15); STEP(I, b, c, d, a, x[1], 0x85845dd1u, 21);
    STEP(I, a, b, c, d, x[8], 0x6fa87e4fu, 6);   STEP(I, d, a, b, c, x[15], 0xfe2ce6e0u, 10);
    STEP(I, c, d, a, b, x[6], 0xa3014314u, 15);  STEP(I, b, c, d, a, x[13], 0x4e0811a1u, 21);
    STEP(I, a, b, c, d, x[4], 0xf7537e82u, 6);   STEP(I, d, a, b, c, x[11], 0xbd3af235u, 10);
    STEP(I, c, d, a, b, x[2], 0x2ad7d2bbu, 15);  STEP(I, b, c, d, a, x[9], 0xeb86d391u, 21);
    s[0] += a;
    s[1] += b;
    s[2] += c;
    s[3] += d;
}

void mz_md5_update(mz_md5 *m, const void *data, size_t n)
{
    if (!n) return; /* callers pass (NULL, 0): memcpy may not take NULL */
    const unsigned char *p = data;
    size_t have = (size_t)(m->len % 64);
    m->len += n;
    if (have) {
        size_t k = 64 - have < n ? 64 - have : n;
        memcpy(m->buf + have, p, k);
        p += k;
        n -= k;
        if (have + k < 64) return;
        block(m->s, m->buf);
    }
    for (; n >= 64; p += 64, n -= 64) block(m->s, p);
    if (n) memcpy(m->buf, p, n);
}

void mz_md5_final(mz_md5 *m, unsigned char digest[16])
{
    uint64_t bits = m->len * 8;
    unsigned char pad[72] = {0x80};
    size_t have = (size_t)(m->len % 64);
    size_t k = have < 56 ? 56 - have : 120 - have; /* to 56 bytes past a block's start */
    for (size_t i = 0; i < 8; i++) pad[k + i] = (unsigned char)(bits >> (8 * i));
    mz_md5_update(m, pad, k + 8);
    for (int i = 0; i < 16; i++) digest[i] = (unsigned char)(m->s[i / 4] >> (8 * (i % 4)));
}
