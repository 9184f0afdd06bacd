// "Open with" action of a file manager.
#include <QProcess>
#include <QString>
#include <QStringList>

// BAD: CWE-78
bool openWith(const QString &program, const QString &file)
{
    return QProcess::startDetached(QStringLiteral("sh"), {QStringLiteral("-c"), program + QLatin1Char(' ') + file}); // FLAW: CWE-78
}

// GOOD: CWE-78
bool openWithFixed(const QString &program, const QString &file)
{
    return QProcess::startDetached(program, {file});
}

// BAD: CWE-78
void runUserCommand(QProcess &proc, const QString &userCommand)
{
    proc.startCommand(userCommand); // FLAW: CWE-78
}
