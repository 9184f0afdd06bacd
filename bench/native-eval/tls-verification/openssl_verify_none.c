/* TLS client context of a metrics forwarder. */
#include <openssl/ssl.h>

/* BAD: CWE-295 */
SSL_CTX *forwarder_tls_context(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL); /* FLAW: CWE-295 */
    return ctx;
}

/* GOOD: CWE-295 */
SSL_CTX *forwarder_tls_context_verified(const char *ca_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* GOOD: CWE-295 */
SSL_CTX *server_tls_context(void)
{
    /* a server that does not ask clients for certificates: verification of the peer is not expected */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}
