/* Exports a CSV report to a file descriptor handed over by the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* BAD: CWE-415 */
int export_report(int fd, const char *csv)
{
    char *copy = malloc(4096);
    if (copy == NULL)
        return -1;
    snprintf(copy, 4096, "%s\n", csv);
    if (write(fd, copy, 1) < 0) {
        free(copy);
        close(fd);
    }
    free(copy); /* FLAW: CWE-415 */
    return 0;
}

/* GOOD: CWE-415 */
int export_report_fixed(int fd, const char *csv)
{
    int rc = 0;
    char *copy = malloc(4096);
    if (copy == NULL)
        return -1;
    snprintf(copy, 4096, "%s\n", csv);
    if (write(fd, copy, 1) < 0)
        rc = -1;
    free(copy);
    return rc;
}
