// Chat client: logs incoming messages through a C logging backend.
#include <QByteArray>
#include <QString>
#include <cstdio>
#include <syslog.h>

class ChatLog
{
public:
    void incoming(const QString &from, const QString &text);
    void incomingSafe(const QString &from, const QString &text);
};

// BAD: CWE-134
void ChatLog::incoming(const QString &from, const QString &text)
{
    const QByteArray line = (from + QStringLiteral(": ") + text).toUtf8();
    std::fprintf(stderr, line.constData()); // FLAW: CWE-134
    syslog(LOG_INFO, line.constData()); // FLAW: CWE-134
}

// GOOD: CWE-134
void ChatLog::incomingSafe(const QString &from, const QString &text)
{
    const QByteArray line = (from + QStringLiteral(": ") + text).toUtf8();
    std::fprintf(stderr, "%s\n", line.constData());
    syslog(LOG_INFO, "%s", line.constData());
}
