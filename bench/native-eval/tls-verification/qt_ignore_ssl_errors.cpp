// REST client of a Qt dashboard.
#include <QList>
#include <QNetworkReply>
#include <QSslError>

// BAD: CWE-295
void onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors)
{
    Q_UNUSED(errors);
    reply->ignoreSslErrors(); // FLAW: CWE-295
}

// GOOD: CWE-295
void onSslErrorsPinned(QNetworkReply *reply, const QList<QSslError> &errors, const QSslCertificate &pinned)
{
    QList<QSslError> expected;
    expected << QSslError(QSslError::SelfSignedCertificate, pinned);
    for (const QSslError &e : errors) {
        if (!expected.contains(e))
            return;
    }
    reply->ignoreSslErrors(expected);
}
