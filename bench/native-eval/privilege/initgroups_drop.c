/* Spawns per-user workers in a mail delivery agent running as root. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

void deliver(const char *mailbox);

/* BAD: CWE-252 */
void deliver_as(const struct passwd *pw, const char *mailbox)
{
    initgroups(pw->pw_name, pw->pw_gid); /* FLAW: CWE-252 */
    setgid(pw->pw_gid); /* FLAW: CWE-252 */
    setuid(pw->pw_uid); /* FLAW: CWE-252 */
    deliver(mailbox);
}

/* GOOD: CWE-252 */
void deliver_as_checked(const struct passwd *pw, const char *mailbox)
{
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
        setuid(pw->pw_uid) != 0)
        _exit(75);
    if (setuid(0) == 0) /* regaining root must fail */
        _exit(75);
    deliver(mailbox);
}
