// Account storage of a Qt club-management application.
#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

// BAD: CWE-328
QByteArray passwordDigest(const QString &password)
{
    return QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Md5).toHex(); // FLAW: CWE-328
}

// GOOD: CWE-328
QByteArray passwordDigestSha(const QString &password, const QByteArray &salt)
{
    QByteArray data = salt + password.toUtf8();
    for (int i = 0; i < 100000; ++i)
        data = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    return data.toHex();
}

// BAD: CWE-328
QByteArray signatureOf(const QByteArray &payload)
{
    return QCryptographicHash::hash(payload, QCryptographicHash::Sha1); // FLAW: CWE-328
}
