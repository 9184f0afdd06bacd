/* Logging macros of a VoIP gateway. */
#include <syslog.h>

#define LOG_WARN_MSG(msg) syslog(LOG_WARNING, msg)
#define LOG_WARN(fmt, ...) syslog(LOG_WARNING, fmt, __VA_ARGS__)

/* BAD: CWE-134 */
void sip_reject(const char *user_agent)
{
    LOG_WARN_MSG(user_agent); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void sip_reject_fixed(const char *user_agent)
{
    LOG_WARN("rejected user agent %s", user_agent);
}

/* GOOD: CWE-134 */
void sip_startup(void)
{
    LOG_WARN_MSG("gateway started without TLS");
}
