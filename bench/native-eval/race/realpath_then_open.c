/* Static file handler of an embedded web server: serves files below the document root. */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DOCROOT "/srv/www"

/* BAD: CWE-367 */
int open_document(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) /* FLAW: CWE-367 */
        return -1;
    return open(path, O_RDONLY); /* FLAW: CWE-367 */
}

/* GOOD: CWE-367 */
int open_document_fixed(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}
