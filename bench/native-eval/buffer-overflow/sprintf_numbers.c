/* Builds RFC 3339 timestamps and host:port strings for an access log. */
#include <stdio.h>
#include <time.h>

/* GOOD: CWE-120 */
void format_timestamp(const struct tm *t, char out[32])
{
    /* each field is range-checked by mktime/gmtime: at most 20 characters */
    sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", (t->tm_year + 1900) % 10000, (t->tm_mon + 1) % 100,
            t->tm_mday % 100, t->tm_hour % 100, t->tm_min % 100, t->tm_sec % 100);
}

/* BAD: CWE-120 */
void format_endpoint(const char *host, unsigned short port, char out[64])
{
    sprintf(out, "%s:%u", host, port); /* FLAW: CWE-120 */
}

/* GOOD: CWE-120 */
void format_endpoint_bounded(const char *host, unsigned short port, char out[64])
{
    snprintf(out, 64, "%s:%u", host, port);
}
