/* Thumbnail generator: reads a file, scales it, writes the result. */
#include <stdio.h>
#include <stdlib.h>

int scale_image(const unsigned char *in, size_t n, unsigned char *out, size_t m);

/* BAD: CWE-401 */
int make_thumbnail(FILE *in, FILE *out, size_t n)
{
    unsigned char *src = malloc(n);
    unsigned char *dst;
    if (src == NULL)
        return -1;
    dst = malloc(n / 4 + 1);
    if (dst == NULL)
        return -1; /* FLAW: CWE-401 */
    if (fread(src, 1, n, in) != n)
        goto fail;
    if (scale_image(src, n, dst, n / 4 + 1) != 0)
        goto fail;
    fwrite(dst, 1, n / 4 + 1, out);
    free(dst);
    free(src);
    return 0;
fail:
    free(dst);
    return -1; /* FLAW: CWE-401 */
}

/* GOOD: CWE-401 */
int make_thumbnail_fixed(FILE *in, FILE *out, size_t n)
{
    int rc = -1;
    unsigned char *dst = NULL;
    unsigned char *src = malloc(n);
    if (src == NULL)
        return -1;
    dst = malloc(n / 4 + 1);
    if (dst == NULL)
        goto out;
    if (fread(src, 1, n, in) != n)
        goto out;
    if (scale_image(src, n, dst, n / 4 + 1) != 0)
        goto out;
    fwrite(dst, 1, n / 4 + 1, out);
    rc = 0;
out:
    free(dst);
    free(src);
    return rc;
}
