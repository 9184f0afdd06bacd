/* Locates the per-user cache directory of a command line music player. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* BAD: CWE-121 */
int cache_dir(char *out, size_t outlen)
{
    char path[256];
    const char *home = getenv("HOME");
    if (home == NULL)
        home = "/tmp";
    strcpy(path, home); /* FLAW: CWE-121 */
    strcat(path, "/.cache/tunes"); /* FLAW: CWE-121 */
    if (strlen(path) >= outlen)
        return -1;
    memcpy(out, path, strlen(path) + 1);
    return 0;
}

/* GOOD: CWE-121 */
int cache_dir_bounded(char *out, size_t outlen)
{
    char path[PATH_MAX];
    const char *home = getenv("HOME");
    int n;
    if (home == NULL)
        home = "/tmp";
    n = snprintf(path, sizeof path, "%s/.cache/tunes", home);
    if (n < 0 || (size_t)n >= sizeof path || (size_t)n >= outlen)
        return -1;
    memcpy(out, path, (size_t)n + 1);
    return 0;
}
