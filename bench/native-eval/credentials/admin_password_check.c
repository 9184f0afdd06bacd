/* Service menu of a network camera. */
#include <string.h>

static const char *const kServicePassword = "cam-service-7731"; /* FLAW: CWE-259 */

/* BAD: CWE-259 */
int service_login(const char *password)
{
    return strcmp(password, kServicePassword) == 0; /* FLAW: CWE-259 */
}

int load_password_hash(unsigned char out[32]);
int verify_password(const char *password, const unsigned char hash[32]);

/* GOOD: CWE-259 */
int service_login_fixed(const char *password)
{
    unsigned char hash[32];
    if (load_password_hash(hash) != 0)
        return 0;
    return verify_password(password, hash);
}

/* GOOD: CWE-259 */
int password_field_label(char *out, unsigned long len)
{
    static const char label[] = "Password:";
    if (len < sizeof label)
        return -1;
    memcpy(out, label, sizeof label);
    return 0;
}
