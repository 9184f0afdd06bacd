/* Hex encoding used by a firmware updater. */
#include <stddef.h>

static const char hexdigits[] = "0123456789abcdef";

/* BAD: CWE-562 */
char *hex_encode_byte(unsigned char b)
{
    char out[3];
    out[0] = hexdigits[b >> 4];
    out[1] = hexdigits[b & 15];
    out[2] = '\0';
    return out; /* FLAW: CWE-562 */
}

/* GOOD: CWE-562 */
char *hex_encode(const unsigned char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexdigits[in[i] >> 4];
        out[2 * i + 1] = hexdigits[in[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}

/* GOOD: CWE-562 */
const char *hex_alphabet(void)
{
    const char *p = hexdigits;
    return p;
}
