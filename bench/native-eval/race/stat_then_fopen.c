/* Upload area of a file server: refuses to overwrite symbolic links. */
#include <stdio.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

/* BAD: CWE-367 */
FILE *open_upload(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) /* FLAW: CWE-367 */
        return NULL;
    return fopen(path, "w"); /* FLAW: CWE-367 */
}

/* GOOD: CWE-367 */
FILE *open_upload_fixed(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
    FILE *fp;
    if (fd < 0)
        return NULL;
    fp = fdopen(fd, "w");
    if (fp == NULL)
        close(fd);
    return fp;
}

/* GOOD: CWE-367 */
long upload_size(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -1;
    return (long)st.st_size;
}
