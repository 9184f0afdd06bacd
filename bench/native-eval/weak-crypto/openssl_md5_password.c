/* Password storage of an intranet portal. */
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <string.h>

/* BAD: CWE-328 */
void hash_password(const char *password, unsigned char out[MD5_DIGEST_LENGTH])
{
    MD5((const unsigned char *)password, strlen(password), out); /* FLAW: CWE-328 */
}

/* GOOD: CWE-328 */
int hash_password_pbkdf2(const char *password, const unsigned char *salt, size_t salt_len,
                         unsigned char out[32])
{
    return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len, 310000,
                             EVP_sha256(), 32, out);
}
