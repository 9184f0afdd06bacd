/* Writes a private key file for an SSH key generator. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* BAD: CWE-367 */
int save_key(const char *path, const char *pem)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return -1;
    fputs(pem, fp);
    fclose(fp);
    return chmod(path, 0600); /* FLAW: CWE-367 */
}

/* GOOD: CWE-367 */
int save_key_fixed(const char *path, const char *pem)
{
    FILE *fp;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (fchmod(fd, 0600) != 0 || (fp = fdopen(fd, "w")) == NULL) {
        close(fd);
        return -1;
    }
    fputs(pem, fp);
    return fclose(fp);
}
