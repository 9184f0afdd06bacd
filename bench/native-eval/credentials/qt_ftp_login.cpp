// Upload of crash reports from a Qt application.
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

// BAD: CWE-798
QUrl crashUploadUrl()
{
    QUrl url(QStringLiteral("ftp://reports.example.net/incoming/"));
    url.setUserName(QStringLiteral("crashbot"));
    url.setPassword(QStringLiteral("r3p0rt-Upl0ad")); // FLAW: CWE-798
    return url;
}

// GOOD: CWE-798
QUrl crashUploadUrlFromSettings(const QString &user, const QString &password)
{
    QUrl url(QStringLiteral("ftp://reports.example.net/incoming/"));
    url.setUserName(user);
    url.setPassword(password);
    return url;
}

// GOOD: CWE-798
QString passwordPlaceholder()
{
    return QStringLiteral("Enter your password");
}
