/* Challenge-response handshake of a device pairing protocol. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* BAD: CWE-338 */
uint64_t make_challenge(void)
{
    return ((uint64_t)random() << 32) | (uint64_t)random(); /* FLAW: CWE-338 */
}

/* GOOD: CWE-338 */
int make_challenge_secure(uint64_t *out)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t n;
    if (fd < 0)
        return -1;
    n = read(fd, out, sizeof *out);
    close(fd);
    return n == (ssize_t)sizeof *out ? 0 : -1;
}
