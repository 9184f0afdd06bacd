/* Legacy terminal library (K&R definitions kept for an old compiler). */
#include <string.h>

static char termname[32];

/* BAD: CWE-120 */
int
setterm(name)
    char *name;
{
    strcpy(termname, name); /* FLAW: CWE-120 */
    return 0;
}

/* GOOD: CWE-120 */
int
setterm_n(name, len)
    char *name;
    unsigned len;
{
    if (len >= sizeof termname)
        return -1;
    memcpy(termname, name, len);
    termname[len] = '\0';
    return 0;
}
