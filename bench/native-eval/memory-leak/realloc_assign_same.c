/* Line reader of a log analyser. */
#include <stdio.h>
#include <stdlib.h>

/* BAD: CWE-401 */
char *read_line(FILE *fp)
{
    size_t cap = 128, len = 0;
    int ch;
    char *line = malloc(cap);
    if (line == NULL)
        return NULL;
    while ((ch = fgetc(fp)) != EOF && ch != '\n') {
        if (len + 1 >= cap) {
            cap *= 2;
            line = realloc(line, cap); /* FLAW: CWE-401 */
            if (line == NULL)
                return NULL;
        }
        line[len++] = (char)ch;
    }
    line[len] = '\0';
    return line;
}

/* GOOD: CWE-401 */
char *read_line_fixed(FILE *fp)
{
    size_t cap = 128, len = 0;
    int ch;
    char *line = malloc(cap);
    if (line == NULL)
        return NULL;
    while ((ch = fgetc(fp)) != EOF && ch != '\n') {
        if (len + 1 >= cap) {
            char *grown = realloc(line, cap * 2);
            if (grown == NULL) {
                free(line);
                return NULL;
            }
            line = grown;
            cap *= 2;
        }
        line[len++] = (char)ch;
    }
    line[len] = '\0';
    return line;
}
