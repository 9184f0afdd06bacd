/* Counts spool files waiting for delivery. */
#include <dirent.h>
#include <string.h>

/* BAD: CWE-775 */
int count_spool(const char *dir, int limit)
{
    int n = 0;
    struct dirent *de;
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (++n > limit)
            return -1; /* FLAW: CWE-775 */
    }
    closedir(d);
    return n;
}

/* GOOD: CWE-775 */
int count_spool_fixed(const char *dir, int limit)
{
    int n = 0;
    struct dirent *de;
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (++n > limit)
            break;
    }
    closedir(d);
    return n > limit ? -1 : n;
}
