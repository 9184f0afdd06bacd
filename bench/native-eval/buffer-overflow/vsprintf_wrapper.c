/* Error reporting helpers of a configuration library. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct cfg_error {
    int line;
    char message[96];
};

/* BAD: CWE-121 */
void cfg_set_error(struct cfg_error *err, int line, const char *fmt, ...)
{
    va_list ap;
    err->line = line;
    va_start(ap, fmt);
    vsprintf(err->message, fmt, ap); /* FLAW: CWE-121 */
    va_end(ap);
}

/* GOOD: CWE-121 */
void cfg_set_error_bounded(struct cfg_error *err, int line, const char *fmt, ...)
{
    va_list ap;
    err->line = line;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

void cfg_report(const struct cfg_error *err)
{
    fprintf(stderr, "config:%d: %s\n", err->line, err->message);
}
