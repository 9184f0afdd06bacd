/* Reads the kernel version through uname(1) in a support-bundle tool. */
#include <stdio.h>
#include <string.h>

/* BAD: CWE-775 */
int kernel_version(char *out, size_t outlen)
{
    FILE *p = popen("uname -r", "r");
    if (p == NULL)
        return -1;
    if (fgets(out, (int)outlen, p) == NULL)
        return -1; /* FLAW: CWE-775 */
    out[strcspn(out, "\n")] = '\0';
    pclose(p);
    return 0;
}

/* GOOD: CWE-775 */
int kernel_version_fixed(char *out, size_t outlen)
{
    int rc = 0;
    FILE *p = popen("uname -r", "r");
    if (p == NULL)
        return -1;
    if (fgets(out, (int)outlen, p) == NULL)
        rc = -1;
    else
        out[strcspn(out, "\n")] = '\0';
    pclose(p);
    return rc;
}
