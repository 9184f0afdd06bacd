/* Decoder for the telemetry protocol: a 2-byte length followed by the payload. */
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#define MAX_PAYLOAD 512

struct telemetry_frame {
    uint16_t kind;
    uint16_t length;
    unsigned char payload[MAX_PAYLOAD];
};

static uint16_t read_be16(const unsigned char *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/* BAD: CWE-122 */
int decode_frame(const unsigned char *wire, size_t wire_len, struct telemetry_frame *frame)
{
    if (wire_len < 4)
        return -1;
    frame->kind = read_be16(wire);
    frame->length = read_be16(wire + 2);
    if ((size_t)frame->length + 4 > wire_len)
        return -1;
    memcpy(frame->payload, wire + 4, frame->length); /* FLAW: CWE-122 */
    return 0;
}

/* GOOD: CWE-122 */
int decode_frame_checked(const unsigned char *wire, size_t wire_len, struct telemetry_frame *frame)
{
    if (wire_len < 4)
        return -1;
    frame->kind = read_be16(wire);
    frame->length = read_be16(wire + 2);
    if ((size_t)frame->length + 4 > wire_len || frame->length > sizeof frame->payload)
        return -1;
    memcpy(frame->payload, wire + 4, frame->length);
    return 0;
}

/* GOOD: CWE-122 */
void copy_frame(struct telemetry_frame *dst, const struct telemetry_frame *src)
{
    memcpy(dst, src, sizeof *dst);
    memcpy(dst->payload, src->payload, sizeof dst->payload);
}
