/* Reads the first line of /proc-style status files for a system monitor. */
#include <stdio.h>
#include <string.h>

#define LINE 64

/* BAD: CWE-805 */
int read_status_line(const char *path, char *name_out, size_t name_size)
{
    char line[LINE];
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return -1;
    if (fgets(line, 256, fp) == NULL) { /* FLAW: CWE-805 */
        fclose(fp);
        return -1;
    }
    fclose(fp);
    line[strcspn(line, "\n")] = '\0';
    snprintf(name_out, name_size, "%s", line);
    return 0;
}

/* GOOD: CWE-805 */
int read_status_line_sized(const char *path, char *name_out, size_t name_size)
{
    char line[LINE];
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return -1;
    if (fgets(line, sizeof line, fp) == NULL) {
        fclose(fp);
        return -1;
    }
    fclose(fp);
    line[strcspn(line, "\n")] = '\0';
    snprintf(name_out, name_size, "%s", line);
    return 0;
}
