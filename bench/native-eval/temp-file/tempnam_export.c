/* Export helper of a spreadsheet application. */
#include <stdio.h>
#include <stdlib.h>

/* BAD: CWE-377 */
char *export_path(void)
{
    return tempnam("/var/tmp", "sheet"); /* FLAW: CWE-377 */
}

/* GOOD: CWE-377 */
FILE *export_file(void)
{
    return tmpfile();
}
