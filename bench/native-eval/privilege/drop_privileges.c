/* Drops root after binding a privileged port (small DNS server). */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* BAD: CWE-252 */
void drop_root(const struct passwd *pw)
{
    setgid(pw->pw_gid); /* FLAW: CWE-252 */
    setuid(pw->pw_uid); /* FLAW: CWE-252 */
}

/* GOOD: CWE-252 */
int drop_root_checked(const struct passwd *pw)
{
    if (setgroups(0, NULL) != 0)
        return -1;
    if (setgid(pw->pw_gid) != 0)
        return -1;
    if (setuid(pw->pw_uid) != 0)
        return -1;
    return 0;
}

/* GOOD: CWE-252 */
void drop_root_or_die(const struct passwd *pw)
{
    if (setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        perror("dropping privileges");
        exit(EXIT_FAILURE);
    }
}
