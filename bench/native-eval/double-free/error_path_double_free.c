/* Loads a key file into memory for a VPN client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keyfile {
    unsigned char *data;
    size_t len;
};

int validate_key(const unsigned char *data, size_t len);

/* BAD: CWE-415 */
int keyfile_load(struct keyfile *kf, FILE *fp, size_t len)
{
    unsigned char *buf = malloc(len);
    if (buf == NULL)
        return -1;
    if (fread(buf, 1, len, fp) != len) {
        free(buf);
        goto fail;
    }
    if (validate_key(buf, len) != 0)
        goto fail;
    kf->data = buf;
    kf->len = len;
    return 0;
fail:
    free(buf); /* FLAW: CWE-415 */
    return -1;
}

/* GOOD: CWE-415 */
int keyfile_load_fixed(struct keyfile *kf, FILE *fp, size_t len)
{
    unsigned char *buf = malloc(len);
    if (buf == NULL)
        return -1;
    if (fread(buf, 1, len, fp) != len)
        goto fail;
    if (validate_key(buf, len) != 0)
        goto fail;
    kf->data = buf;
    kf->len = len;
    return 0;
fail:
    free(buf);
    return -1;
}
