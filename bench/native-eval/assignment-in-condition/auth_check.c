/* Login check of a kiosk application. */
#include <string.h>

struct user {
    int uid;
    int is_admin;
};

/* BAD: CWE-481 */
int may_configure(struct user *u)
{
    if (u->uid = 0) /* FLAW: CWE-481 */
        return 1;
    return u->is_admin;
}

/* GOOD: CWE-481 */
int may_configure_fixed(const struct user *u)
{
    if (u->uid == 0)
        return 1;
    return u->is_admin;
}
