/* Signs webhook payloads of an order service. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

/* BAD: CWE-321 */
unsigned char *sign_payload(const unsigned char *body, size_t n, unsigned char *mac, unsigned *mac_len)
{
    static const char key[] = "9f2c41d7e0b84a6c93d5f1e2a7b8c0d4"; /* FLAW: CWE-321 */
    return HMAC(EVP_sha256(), key, (int)strlen(key), body, n, mac, mac_len);
}

int load_webhook_key(unsigned char *key, size_t *len);

/* GOOD: CWE-321 */
unsigned char *sign_payload_fixed(const unsigned char *body, size_t n, unsigned char *mac, unsigned *mac_len)
{
    unsigned char key[64];
    size_t key_len = sizeof key;
    if (load_webhook_key(key, &key_len) != 0)
        return NULL;
    return HMAC(EVP_sha256(), key, (int)key_len, body, n, mac, mac_len);
}
