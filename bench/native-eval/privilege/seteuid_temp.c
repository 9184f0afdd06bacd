/* Reads a user's file on behalf of a print daemon running as root. */
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

/* BAD: CWE-252 */
FILE *open_as_user(uid_t uid, const char *path)
{
    FILE *fp;
    seteuid(uid); /* FLAW: CWE-252 */
    fp = fopen(path, "r");
    seteuid(0); /* FLAW: CWE-252 */
    return fp;
}

/* GOOD: CWE-252 */
FILE *open_as_user_checked(uid_t uid, const char *path)
{
    FILE *fp;
    if (seteuid(uid) != 0)
        return NULL;
    fp = fopen(path, "r");
    if (seteuid(0) != 0) {
        if (fp != NULL)
            fclose(fp);
        return NULL;
    }
    return fp;
}
