/* Reads the machine id for a telemetry client. */
#include <stdio.h>
#include <string.h>

/* BAD: CWE-476 */
int machine_id(char *out, int len)
{
    FILE *fp = fopen("/etc/machine-id", "r");
    char *ok = fgets(out, len, fp); /* FLAW: CWE-476 */
    fclose(fp);
    return ok != NULL ? 0 : -1;
}

/* GOOD: CWE-476 */
int machine_id_checked(char *out, int len)
{
    char *ok;
    FILE *fp = fopen("/etc/machine-id", "r");
    if (fp == NULL)
        return -1;
    ok = fgets(out, len, fp);
    fclose(fp);
    return ok != NULL ? 0 : -1;
}
