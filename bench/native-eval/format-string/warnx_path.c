/* Disk checker: warns about files that fail verification. */
#include <err.h>
#include <stdio.h>

/* BAD: CWE-134 */
void warn_bad_file(const char *path)
{
    warnx(path); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void warn_bad_file_safe(const char *path)
{
    warnx("%s: checksum mismatch", path);
}

/* BAD: CWE-134 */
void write_report_line(int fd, const char *path)
{
    dprintf(fd, path); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void write_report_line_safe(int fd, const char *path)
{
    dprintf(fd, "%s\n", path);
}
