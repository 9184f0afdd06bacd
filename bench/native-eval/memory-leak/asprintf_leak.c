/* Builds log lines with asprintf in a metrics agent. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

int send_metric(const char *line);

/* BAD: CWE-401 */
int report_metric(const char *name, double value)
{
    char *line = NULL;
    if (asprintf(&line, "%s %f\n", name, value) < 0)
        return -1;
    if (send_metric(line) != 0)
        return -1; /* FLAW: CWE-401 */
    free(line);
    return 0;
}

/* GOOD: CWE-401 */
int report_metric_fixed(const char *name, double value)
{
    char *line = NULL;
    int rc;
    if (asprintf(&line, "%s %f\n", name, value) < 0)
        return -1;
    rc = send_metric(line);
    free(line);
    return rc;
}
