/* Maps account roles to permissions in a document management system. */
#define PERM_READ 1u
#define PERM_WRITE 2u
#define PERM_ADMIN 4u

enum role { ROLE_GUEST, ROLE_EDITOR, ROLE_ADMIN };

/* BAD: CWE-484 */
unsigned permissions_for(enum role r)
{
    unsigned p = 0;
    switch (r) {
    case ROLE_ADMIN:
        p |= PERM_ADMIN;
        break;
    case ROLE_GUEST: /* FLAW: CWE-484 */
        p |= PERM_READ; /* FLAW: CWE-484 */
    case ROLE_EDITOR:
        p |= PERM_READ | PERM_WRITE; /* FLAW: CWE-484 */
        break;
    }
    return p;
}

/* GOOD: CWE-484 */
unsigned permissions_for_fixed(enum role r)
{
    unsigned p = 0;
    switch (r) {
    case ROLE_ADMIN:
        p |= PERM_ADMIN;
        /* fall through: admins can also edit */
    case ROLE_EDITOR:
        p |= PERM_WRITE;
        /* fall through */
    case ROLE_GUEST:
        p |= PERM_READ;
        break;
    }
    return p;
}
