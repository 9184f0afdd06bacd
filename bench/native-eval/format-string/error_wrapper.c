/* printf-like error helpers of a parser library. */
#include <stdarg.h>
#include <stdio.h>

static FILE *g_err_stream;

/* a printf-style wrapper: its own callers pass literal formats, checked by the compiler */
__attribute__((format(printf, 1, 2)))
void parser_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g_err_stream ? g_err_stream : stderr, fmt, ap);
    va_end(ap);
}

/* BAD: CWE-134 */
void parser_report_token(const char *token)
{
    parser_error(token); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void parser_report_token_safe(const char *token)
{
    parser_error("unexpected token '%s'", token);
}

/* GOOD: CWE-134 */
void parser_report_count(int n)
{
    const char *fmt = n == 1 ? "%d error\n" : "%d errors\n";
    fprintf(stderr, fmt, n);
}
