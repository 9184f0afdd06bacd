/* Maintenance mode unlock of a network appliance. */
#include <string.h>

struct unlock_request {
    char code[32];
};

extern const char *g_unlock_code;

/* BAD: CWE-597 */
int unlock(const struct unlock_request *req)
{
    const char *code = req->code;
    return code == g_unlock_code; /* FLAW: CWE-597 */
}

/* GOOD: CWE-597 */
int unlock_fixed(const struct unlock_request *req)
{
    return strcmp(req->code, g_unlock_code) == 0;
}

/* GOOD: CWE-597 */
int has_code(const struct unlock_request *req)
{
    return req != NULL && req->code[0] != '\0';
}
