/* Session store of an IMAP proxy. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct session {
    char user[64];
    time_t created;
    int state;
};

/* BAD: CWE-690 */
struct session *session_new(const char *user)
{
    struct session *s = malloc(sizeof *s);
    s->created = time(NULL); /* FLAW: CWE-690 */
    s->state = 0;
    strncpy(s->user, user, sizeof s->user - 1);
    s->user[sizeof s->user - 1] = '\0';
    return s;
}

/* GOOD: CWE-690 */
struct session *session_new_checked(const char *user)
{
    struct session *s = malloc(sizeof *s);
    if (s == NULL)
        return NULL;
    s->created = time(NULL);
    s->state = 0;
    strncpy(s->user, user, sizeof s->user - 1);
    s->user[sizeof s->user - 1] = '\0';
    return s;
}

/* GOOD: CWE-690 */
struct session *session_new_zeroed(void)
{
    struct session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->created = time(NULL);
    return s;
}
