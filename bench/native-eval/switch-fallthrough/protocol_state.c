/* State machine of a line-based SMTP server. */
#include <string.h>

enum state { S_GREET, S_AUTH, S_MAIL, S_DATA, S_QUIT };

struct session {
    enum state st;
    int authed;
};

/* BAD: CWE-484 */
int on_command(struct session *s, const char *cmd)
{
    switch (s->st) {
    case S_GREET:
        if (strncmp(cmd, "EHLO", 4) != 0)
            return -1;
        s->st = S_AUTH;
        break;
    case S_AUTH: /* FLAW: CWE-484 */
        if (strncmp(cmd, "AUTH", 4) == 0)
            s->authed = 1; /* FLAW: CWE-484 */
    case S_MAIL:
        s->st = S_DATA; /* FLAW: CWE-484 */
        break;
    case S_DATA:
    case S_QUIT:
        return 1;
    }
    return 0;
}

/* GOOD: CWE-484 */
int on_command_fixed(struct session *s, const char *cmd)
{
    switch (s->st) {
    case S_GREET:
        if (strncmp(cmd, "EHLO", 4) != 0)
            return -1;
        s->st = S_AUTH;
        break;
    case S_AUTH:
        if (strncmp(cmd, "AUTH", 4) != 0)
            return -1;
        s->authed = 1;
        s->st = S_MAIL;
        break;
    case S_MAIL:
        if (!s->authed)
            return -1;
        s->st = S_DATA;
        break;
    case S_DATA:
    case S_QUIT:
        return 1;
    }
    return 0;
}
