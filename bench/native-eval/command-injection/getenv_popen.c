/* Prints the page count of a document using the configured converter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-78 */
int page_count(const char *doc)
{
    char cmd[512];
    char line[64];
    FILE *p;
    const char *tool = getenv("PDFINFO");
    if (tool == NULL)
        tool = "pdfinfo";
    snprintf(cmd, sizeof cmd, "%s '%s'", tool, doc);
    p = popen(cmd, "r"); /* FLAW: CWE-78 */
    if (p == NULL)
        return -1;
    while (fgets(line, sizeof line, p) != NULL) {
        if (strncmp(line, "Pages:", 6) == 0) {
            pclose(p);
            return atoi(line + 6);
        }
    }
    pclose(p);
    return -1;
}

/* GOOD: CWE-78 */
int page_count_fixed(void)
{
    char line[64];
    int pages = -1;
    FILE *p = popen("pdfinfo /usr/share/doc/manual.pdf", "r");
    if (p == NULL)
        return -1;
    while (fgets(line, sizeof line, p) != NULL) {
        if (strncmp(line, "Pages:", 6) == 0)
            pages = atoi(line + 6);
    }
    pclose(p);
    return pages;
}
