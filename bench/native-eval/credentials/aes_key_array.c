/* Encrypts the local credentials cache of a sync client. */
#include <openssl/evp.h>

/* BAD: CWE-321 */
int cache_encrypt_init(EVP_CIPHER_CTX *ctx, const unsigned char iv[12])
{
    static const unsigned char key[32] = { /* FLAW: CWE-321 */
        0x3a, 0x91, 0x5c, 0x0e, 0x77, 0xd2, 0x18, 0xb4, 0x6f, 0x20, 0xe9, 0x41, 0x8c, 0x05, 0xfa, 0x63,
        0x12, 0xbb, 0x7e, 0x94, 0xc1, 0x2d, 0x58, 0xa0, 0x39, 0xe6, 0x04, 0x7b, 0xd9, 0x66, 0x1f, 0x85,
    };
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
}

int keyring_get(const char *name, unsigned char key[32]);

/* GOOD: CWE-321 */
int cache_encrypt_init_fixed(EVP_CIPHER_CTX *ctx, const unsigned char iv[12])
{
    unsigned char key[32];
    int ok;
    if (keyring_get("sync-cache", key) != 0)
        return 0;
    ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);
    OPENSSL_cleanse(key, sizeof key);
    return ok;
}
