/* Strips a fixed trailer from received datagrams. */
#include <stddef.h>
#include <string.h>

#define TRAILER 8

/* BAD: CWE-191 */
size_t payload_length(size_t datagram_len)
{
    return datagram_len - TRAILER; /* FLAW: CWE-191 */
}

/* GOOD: CWE-191 */
size_t payload_length_checked(size_t datagram_len)
{
    if (datagram_len < TRAILER)
        return 0;
    return datagram_len - TRAILER;
}

/* BAD: CWE-191 */
void copy_payload(char *dst, size_t dst_size, const char *dgram, size_t len)
{
    size_t n = len - TRAILER; /* FLAW: CWE-191 */
    if (n > dst_size)
        n = dst_size;
    memcpy(dst, dgram, n);
}

/* GOOD: CWE-191 */
void copy_payload_checked(char *dst, size_t dst_size, const char *dgram, size_t len)
{
    size_t n;
    if (len < TRAILER)
        return;
    n = len - TRAILER;
    if (n > dst_size)
        n = dst_size;
    memcpy(dst, dgram, n);
}
