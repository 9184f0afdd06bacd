/* Content-addressed cache of a static site generator. */
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

/* BAD: CWE-328 */
int sign_request(const char *secret, const char *body, unsigned char out[MD5_DIGEST_LENGTH])
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s%s", secret, body);
    if (n < 0 || (size_t)n >= sizeof buf)
        return -1;
    MD5((const unsigned char *)buf, (size_t)n, out); /* FLAW: CWE-328 */
    return 0;
}

/* GOOD: CWE-328 */
void cache_key(const char *path, unsigned char out[SHA256_DIGEST_LENGTH])
{
    SHA256((const unsigned char *)path, strlen(path), out);
}
