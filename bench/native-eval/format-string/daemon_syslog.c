/* Audit logger of a login daemon. */
#include <stdio.h>
#include <syslog.h>

struct login_attempt {
    const char *user;
    const char *tty;
    int ok;
};

/* BAD: CWE-134 */
void audit_login(const struct login_attempt *a, const char *client_banner)
{
    openlog("logind-lite", LOG_PID, LOG_AUTH);
    syslog(LOG_INFO, "login %s on %s: %s", a->user, a->tty, a->ok ? "ok" : "failed");
    syslog(LOG_DEBUG, client_banner); /* FLAW: CWE-134 */
    closelog();
}

/* GOOD: CWE-134 */
void audit_login_safe(const struct login_attempt *a, const char *client_banner)
{
    openlog("logind-lite", LOG_PID, LOG_AUTH);
    syslog(LOG_INFO, "login %s on %s: %s", a->user, a->tty, a->ok ? "ok" : "failed");
    syslog(LOG_DEBUG, "banner: %s", client_banner);
    closelog();
}
