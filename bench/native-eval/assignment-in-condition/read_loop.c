/* Copies a stream in chunks (backup uploader). */
#include <stdio.h>
#include <unistd.h>

/* GOOD: CWE-481 */
long copy_stream(int in, int out)
{
    char buf[4096];
    ssize_t n;
    long total = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t)n) != n)
            return -1;
        total += n;
    }
    return n < 0 ? -1 : total;
}

/* BAD: CWE-481 */
int check_mode(int mode, int expected)
{
    if (mode = expected) /* FLAW: CWE-481 */
        return 1;
    return 0;
}

/* GOOD: CWE-481 */
int first_line(FILE *fp, char *buf, int len)
{
    char *p;
    if ((p = fgets(buf, len, fp)) != NULL)
        return 0;
    return -1;
}
