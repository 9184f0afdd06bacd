/* Setuid helper that appends to a user-named log file. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* BAD: CWE-367 */
int append_log(const char *path, const char *line)
{
    int fd;
    if (access(path, W_OK) != 0) /* FLAW: CWE-367 */
        return -1;
    fd = open(path, O_WRONLY | O_APPEND); /* FLAW: CWE-367 */
    if (fd < 0)
        return -1;
    write(fd, line, strlen(line));
    close(fd);
    return 0;
}

/* GOOD: CWE-367 */
int append_log_fixed(const char *path, const char *line)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (write(fd, line, strlen(line)) < 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}
