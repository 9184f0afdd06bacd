/* Directory lookups of a mail server. */
#include <ldap.h>
#include <stdio.h>
#include <string.h>

#define BIND_DN "cn=mailsvc,ou=services,dc=example,dc=org"

/* BAD: CWE-798 */
int directory_bind(LDAP *ld)
{
    return ldap_simple_bind_s(ld, BIND_DN, "Mailsvc#2019"); /* FLAW: CWE-798 */
}

/* GOOD: CWE-798 */
int directory_bind_file(LDAP *ld, const char *secret_file)
{
    char secret[128];
    FILE *fp = fopen(secret_file, "r");
    int rc;
    if (fp == NULL)
        return -1;
    if (fgets(secret, sizeof secret, fp) == NULL) {
        fclose(fp);
        return -1;
    }
    fclose(fp);
    secret[strcspn(secret, "\n")] = '\0';
    rc = ldap_simple_bind_s(ld, BIND_DN, secret);
    memset(secret, 0, sizeof secret);
    return rc;
}

/* GOOD: CWE-798 */
int directory_bind_anonymous(LDAP *ld)
{
    return ldap_simple_bind_s(ld, NULL, NULL);
}
