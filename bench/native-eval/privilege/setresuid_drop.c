/* Sandbox launcher of a media transcoder. */
#define _GNU_SOURCE
#include <unistd.h>
#include <stdlib.h>

/* BAD: CWE-252 */
void sandbox_enter(uid_t uid, gid_t gid)
{
    setresgid(gid, gid, gid); /* FLAW: CWE-252 */
    setresuid(uid, uid, uid); /* FLAW: CWE-252 */
}

/* GOOD: CWE-252 */
void sandbox_enter_checked(uid_t uid, gid_t gid)
{
    int rc = setresgid(gid, gid, gid);
    if (rc == 0)
        rc = setresuid(uid, uid, uid);
    if (rc != 0)
        abort();
}
