/* Copies a device's serial number out of sysfs. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* BAD: CWE-775 */
int read_serial(const char *path, char *out, size_t outlen)
{
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (outlen == 0)
        return -1; /* FLAW: CWE-775 */
    n = read(fd, out, outlen - 1);
    if (n < 0) {
        close(fd);
        return -1;
    }
    out[n] = '\0';
    close(fd);
    return 0;
}

/* GOOD: CWE-775 */
int read_serial_fixed(const char *path, char *out, size_t outlen)
{
    ssize_t n;
    int fd;
    if (outlen == 0)
        return -1;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, out, outlen - 1);
    close(fd);
    if (n < 0)
        return -1;
    out[n] = '\0';
    return 0;
}
