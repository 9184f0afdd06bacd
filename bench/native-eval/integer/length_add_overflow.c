/* TLV message builder of an IPC library. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tlv {
    uint16_t type;
    uint32_t len;
    unsigned char *buf;
};

/* BAD: CWE-190 */
int tlv_wrap(struct tlv *t, uint16_t type, const void *data, uint32_t len)
{
    uint32_t total = len + 6; /* FLAW: CWE-190 */
    t->buf = malloc(total);
    if (t->buf == NULL)
        return -1;
    memcpy(t->buf, &type, 2);
    memcpy(t->buf + 2, &len, 4);
    memcpy(t->buf + 6, data, len);
    t->type = type;
    t->len = total;
    return 0;
}

/* GOOD: CWE-190 */
int tlv_wrap_checked(struct tlv *t, uint16_t type, const void *data, uint32_t len)
{
    uint32_t total;
    if (len > UINT32_MAX - 6)
        return -1;
    total = len + 6;
    t->buf = malloc(total);
    if (t->buf == NULL)
        return -1;
    memcpy(t->buf, &type, 2);
    memcpy(t->buf + 2, &len, 4);
    memcpy(t->buf + 6, data, len);
    t->type = type;
    t->len = total;
    return 0;
}
