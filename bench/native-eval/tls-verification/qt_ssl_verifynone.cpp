// Update checker of a Qt desktop application.
#include <QSslConfiguration>
#include <QSslSocket>
#include <QString>

// BAD: CWE-295
void connectUpdateServer(QSslSocket &sock, const QString &host)
{
    sock.setPeerVerifyMode(QSslSocket::VerifyNone); // FLAW: CWE-295
    sock.connectToHostEncrypted(host, 443);
}

// GOOD: CWE-295
void connectUpdateServerVerified(QSslSocket &sock, const QString &host)
{
    sock.setPeerVerifyMode(QSslSocket::VerifyPeer);
    sock.connectToHostEncrypted(host, 443);
}

// BAD: CWE-295
QSslConfiguration updateTlsConfig()
{
    QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
    cfg.setPeerVerifyMode(QSslSocket::VerifyNone); // FLAW: CWE-295
    return cfg;
}

// GOOD: CWE-295
QSslConfiguration updateTlsConfigStrict()
{
    QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
    cfg.setProtocol(QSsl::TlsV1_2OrLater);
    return cfg;
}
