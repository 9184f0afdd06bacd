/* Scratch file for an image conversion pipeline. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* BAD: CWE-377 */
int scratch_open(char *path_out, size_t len)
{
    char tmpl[] = "/tmp/convert-XXXXXX";
    if (mktemp(tmpl) == NULL) /* FLAW: CWE-377 */
        return -1;
    if (strlen(tmpl) >= len)
        return -1;
    memcpy(path_out, tmpl, strlen(tmpl) + 1);
    return open(tmpl, O_RDWR | O_CREAT, 0600);
}

/* GOOD: CWE-377 */
int scratch_open_fixed(char *path_out, size_t len)
{
    char tmpl[] = "/tmp/convert-XXXXXX";
    int fd;
    if (len < sizeof tmpl)
        return -1;
    fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    memcpy(path_out, tmpl, sizeof tmpl);
    return fd;
}
