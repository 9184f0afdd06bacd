/* Unit formatting in a statistics exporter; formats come from a constant table. */
#include <stdio.h>

enum unit { UNIT_BYTES, UNIT_SECONDS, UNIT_COUNT };

static const char *const unit_formats[] = {
    [UNIT_BYTES] = "%llu B\n",
    [UNIT_SECONDS] = "%llu s\n",
    [UNIT_COUNT] = "%llu\n",
};

/* GOOD: CWE-134 */
void print_value(enum unit u, unsigned long long v)
{
    printf(unit_formats[u], v);
}

/* BAD: CWE-134 */
void print_value_custom(const char *user_format, unsigned long long v)
{
    printf(user_format, v); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void print_label(const char *label)
{
    fputs(label, stdout);
    fputs(": ", stdout);
}
