/* Integrity check of firmware images. */
#include <openssl/evp.h>
#include <stddef.h>

/* BAD: CWE-328 */
int firmware_digest(const unsigned char *img, size_t n, unsigned char *md, unsigned *md_len)
{
    int ok;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL)
        return 0;
    ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) && /* FLAW: CWE-328 */
         EVP_DigestUpdate(ctx, img, n) && EVP_DigestFinal_ex(ctx, md, md_len);
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* GOOD: CWE-328 */
int firmware_digest_sha256(const unsigned char *img, size_t n, unsigned char *md, unsigned *md_len)
{
    int ok;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL)
        return 0;
    ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) && EVP_DigestUpdate(ctx, img, n) &&
         EVP_DigestFinal_ex(ctx, md, md_len);
    EVP_MD_CTX_free(ctx);
    return ok;
}
