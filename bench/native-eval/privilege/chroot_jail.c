/* Confines an anonymous FTP session to its root directory. */
#include <stdio.h>
#include <unistd.h>

/* BAD: CWE-243 */
int enter_jail(const char *root)
{
    if (chroot(root) != 0) /* FLAW: CWE-243 */
        return -1;
    return 0;
}

/* GOOD: CWE-243 */
int enter_jail_fixed(const char *root)
{
    if (chdir(root) != 0)
        return -1;
    if (chroot(".") != 0)
        return -1;
    return chdir("/");
}

/* GOOD: CWE-243 */
int enter_jail_after(const char *root)
{
    if (chroot(root) != 0)
        return -1;
    if (chdir("/") != 0)
        return -1;
    return 0;
}
