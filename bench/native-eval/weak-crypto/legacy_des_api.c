/* Compatibility layer for an old card reader protocol. */
#include <openssl/des.h>
#include <openssl/rand.h>
#include <string.h>

/* BAD: CWE-327 */
void card_encrypt_block(const unsigned char key[8], const unsigned char in[8], unsigned char out[8])
{
    DES_key_schedule ks;
    DES_cblock k;
    memcpy(k, key, 8);
    DES_set_key_unchecked(&k, &ks); /* FLAW: CWE-327 */
    DES_ecb_encrypt((const_DES_cblock *)in, (DES_cblock *)out, &ks, DES_ENCRYPT); /* FLAW: CWE-327 */
}

/* GOOD: CWE-327 */
int card_nonce(unsigned char out[16])
{
    return RAND_bytes(out, 16) == 1 ? 0 : -1;
}
