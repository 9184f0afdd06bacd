/* Lock-file handling of a backup job. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* BAD: CWE-367 */
int take_lock(const char *lockfile)
{
    struct stat st;
    int fd;
    if (stat(lockfile, &st) == 0) /* FLAW: CWE-367 */
        return -1;
    fd = open(lockfile, O_WRONLY | O_CREAT, 0600); /* FLAW: CWE-367 */
    if (fd < 0)
        return -1;
    dprintf(fd, "%ld\n", (long)getpid());
    return fd;
}

/* GOOD: CWE-367 */
int take_lock_fixed(const char *lockfile)
{
    int fd = open(lockfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    dprintf(fd, "%ld\n", (long)getpid());
    return fd;
}
