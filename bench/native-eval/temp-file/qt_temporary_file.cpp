// Autosave of a text editor.
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryFile>
#include <cstdio>

// BAD: CWE-377
bool autosave(const QByteArray &text)
{
    char name[L_tmpnam];
    if (!std::tmpnam(name)) // FLAW: CWE-377
        return false;
    QFile f(QString::fromLocal8Bit(name));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(text) == text.size();
}

// GOOD: CWE-377
bool autosaveFixed(const QByteArray &text)
{
    QTemporaryFile f(QDir::tempPath() + QStringLiteral("/autosave-XXXXXX"));
    f.setAutoRemove(false);
    if (!f.open())
        return false;
    return f.write(text) == text.size();
}
