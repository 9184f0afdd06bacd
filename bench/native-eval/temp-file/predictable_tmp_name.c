/* Crash dump writer of a game engine. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* BAD: CWE-377 */
FILE *open_dump(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/engine-dump.%ld", (long)getpid());
    return fopen(path, "w"); /* FLAW: CWE-377 */
}

/* GOOD: CWE-377 */
FILE *open_dump_fixed(void)
{
    char path[] = "/tmp/engine-dump.XXXXXX";
    FILE *fp;
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    fp = fdopen(fd, "w");
    if (fp == NULL)
        close(fd);
    return fp;
}
