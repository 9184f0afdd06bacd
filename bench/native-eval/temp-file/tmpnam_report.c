/* Renders a report to a temporary file before mailing it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int mail_file(const char *path);

/* BAD: CWE-377 */
int mail_report(const char *body)
{
    char name[L_tmpnam];
    FILE *fp;
    if (tmpnam(name) == NULL) /* FLAW: CWE-377 */
        return -1;
    fp = fopen(name, "w");
    if (fp == NULL)
        return -1;
    fputs(body, fp);
    fclose(fp);
    return mail_file(name);
}

/* GOOD: CWE-377 */
int mail_report_fixed(const char *body)
{
    char name[] = "/tmp/report-XXXXXX";
    int rc;
    FILE *fp;
    int fd = mkstemp(name);
    if (fd < 0)
        return -1;
    fp = fdopen(fd, "w");
    if (fp == NULL) {
        close(fd);
        unlink(name);
        return -1;
    }
    fputs(body, fp);
    fclose(fp);
    rc = mail_file(name);
    unlink(name);
    return rc;
}
