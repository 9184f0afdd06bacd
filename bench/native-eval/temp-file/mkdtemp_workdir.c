/* Build sandbox of a package builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* BAD: CWE-377 */
int make_workdir(char *out, size_t len)
{
    char tmpl[] = "/tmp/build-XXXXXX";
    if (mktemp(tmpl) == NULL || mkdir(tmpl, 0700) != 0) /* FLAW: CWE-377 */
        return -1;
    snprintf(out, len, "%s", tmpl);
    return 0;
}

/* GOOD: CWE-377 */
int make_workdir_fixed(char *out, size_t len)
{
    char tmpl[] = "/tmp/build-XXXXXX";
    if (mkdtemp(tmpl) == NULL)
        return -1;
    snprintf(out, len, "%s", tmpl);
    return 0;
}
