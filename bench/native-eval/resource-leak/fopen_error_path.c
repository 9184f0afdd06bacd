/* Reads the PID file of a service manager. */
#include <stdio.h>
#include <stdlib.h>

/* BAD: CWE-775 */
int read_pidfile(const char *path, long *pid)
{
    char line[32];
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return -1;
    if (fgets(line, sizeof line, fp) == NULL)
        return -1; /* FLAW: CWE-775 */
    *pid = strtol(line, NULL, 10);
    fclose(fp);
    return *pid > 0 ? 0 : -1;
}

/* GOOD: CWE-775 */
int read_pidfile_fixed(const char *path, long *pid)
{
    char line[32];
    int rc = -1;
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return -1;
    if (fgets(line, sizeof line, fp) != NULL) {
        *pid = strtol(line, NULL, 10);
        rc = *pid > 0 ? 0 : -1;
    }
    fclose(fp);
    return rc;
}
