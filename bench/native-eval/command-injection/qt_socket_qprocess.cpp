// Remote print-queue inspector: a Qt TCP service that lists a printer's jobs.
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTcpSocket>

class QueueService
{
public:
    void onReadyRead(QTcpSocket *sock);
    void onReadyReadChecked(QTcpSocket *sock);
};

// BAD: CWE-78
void QueueService::onReadyRead(QTcpSocket *sock)
{
    const QString printer = QString::fromUtf8(sock->readLine()).trimmed();
    QProcess proc;
    proc.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("lpq -P ") + printer}); // FLAW: CWE-78
    proc.waitForFinished();
    sock->write(proc.readAllStandardOutput());
}

// GOOD: CWE-78
void QueueService::onReadyReadChecked(QTcpSocket *sock)
{
    const QString printer = QString::fromUtf8(sock->readLine()).trimmed();
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
    if (!name.match(printer).hasMatch())
        return;
    QProcess proc;
    proc.start(QStringLiteral("lpq"), {QStringLiteral("-P"), printer});
    proc.waitForFinished();
    sock->write(proc.readAllStandardOutput());
}
