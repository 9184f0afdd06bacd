/* MQTT bridge: TLS connection to the cloud broker. */
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

static int accept_any(int preverify_ok, X509_STORE_CTX *store)
{
    (void)preverify_ok;
    (void)store;
    return 1;
}

/* BAD: CWE-295 */
void bridge_configure(SSL *ssl)
{
    SSL_set_verify(ssl, SSL_VERIFY_PEER, accept_any); /* FLAW: CWE-295 */
}

/* GOOD: CWE-295 */
void bridge_configure_fixed(SSL *ssl, const char *host)
{
    SSL_set_verify(ssl, SSL_VERIFY_PEER, NULL);
    SSL_set1_host(ssl, host);
    SSL_set_tlsext_host_name(ssl, host);
}
