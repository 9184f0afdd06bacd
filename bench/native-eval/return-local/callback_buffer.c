/* Error strings of a database driver. */
#include <stdio.h>
#include <string.h>

struct driver_error {
    int code;
    const char *text;
};

/* BAD: CWE-562 */
void driver_error_set(struct driver_error *err, int code)
{
    char text[48];
    snprintf(text, sizeof text, "driver error %d", code);
    err->code = code;
    err->text = text; /* FLAW: CWE-562 */
}

/* GOOD: CWE-562 */
void driver_error_set_static(struct driver_error *err, int code)
{
    static const char *const texts[] = {"ok", "timeout", "refused", "protocol"};
    err->code = code;
    err->text = (code >= 0 && code < 4) ? texts[code] : "unknown";
}
