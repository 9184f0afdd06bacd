/* Opens the journal of a key-value store; the handle goes to the caller. */
#include <stdio.h>

/* GOOD: CWE-775 */
FILE *journal_open(const char *path)
{
    FILE *fp = fopen(path, "a+");
    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) != 0) {
        fclose(fp);
        return NULL;
    }
    return fp;
}

/* BAD: CWE-775 */
long journal_size(const char *path)
{
    long size;
    FILE *fp = journal_open(path);
    if (fp == NULL)
        return -1;
    size = ftell(fp);
    return size; /* FLAW: CWE-775 */
}

/* GOOD: CWE-775 */
long journal_size_fixed(const char *path)
{
    long size;
    FILE *fp = journal_open(path);
    if (fp == NULL)
        return -1;
    size = ftell(fp);
    fclose(fp);
    return size;
}
