/* Encrypts stored API tokens of a home automation hub. */
#include <openssl/evp.h>

/* BAD: CWE-327 */
int token_encrypt(const unsigned char *key, const unsigned char *iv, const unsigned char *in,
                  int in_len, unsigned char *out, int *out_len)
{
    int len = 0, total = 0, ok = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        return 0;
    if (EVP_EncryptInit_ex(ctx, EVP_des_cbc(), NULL, key, iv) && /* FLAW: CWE-327 */
        EVP_EncryptUpdate(ctx, out, &len, in, in_len)) {
        total = len;
        ok = EVP_EncryptFinal_ex(ctx, out + len, &len);
        total += len;
    }
    EVP_CIPHER_CTX_free(ctx);
    *out_len = total;
    return ok;
}

/* GOOD: CWE-327 */
int token_encrypt_gcm(const unsigned char *key, const unsigned char *iv, const unsigned char *in,
                      int in_len, unsigned char *out, int *out_len, unsigned char tag[16])
{
    int len = 0, total = 0, ok = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        return 0;
    if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) &&
        EVP_EncryptUpdate(ctx, out, &len, in, in_len)) {
        total = len;
        ok = EVP_EncryptFinal_ex(ctx, out + len, &len) &&
             EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
        total += len;
    }
    EVP_CIPHER_CTX_free(ctx);
    *out_len = total;
    return ok;
}
