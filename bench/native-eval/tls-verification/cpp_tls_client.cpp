// TLS transport of a C++ message broker client.
#include <openssl/ssl.h>
#include <stdexcept>
#include <string>

class TlsTransport
{
public:
    explicit TlsTransport(bool strict);
    ~TlsTransport() { SSL_CTX_free(m_ctx); }

private:
    SSL_CTX *m_ctx;
};

// BAD: CWE-295
TlsTransport::TlsTransport(bool strict) : m_ctx(SSL_CTX_new(TLS_client_method()))
{
    if (!m_ctx)
        throw std::runtime_error("SSL_CTX_new");
    if (!strict)
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr); // FLAW: CWE-295
}

// GOOD: CWE-295
SSL_CTX *makeStrictContext()
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return nullptr;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    SSL_CTX_set_default_verify_paths(ctx);
    return ctx;
}
