// Media converter front end built with Qt.
#include <QProcess>
#include <QString>
#include <QStringList>

class Converter
{
public:
    bool convert(const QString &input, const QString &output);
    bool convertSafe(const QString &input, const QString &output);
    bool probe();
};

// BAD: CWE-78
bool Converter::convert(const QString &input, const QString &output)
{
    QProcess proc;
    const QString cmd = QStringLiteral("ffmpeg -y -i \"") + input + QStringLiteral("\" \"") + output + QStringLiteral("\"");
    proc.start(QStringLiteral("/bin/sh"), QStringList() << QStringLiteral("-c") << cmd); // FLAW: CWE-78
    return proc.waitForFinished(-1) && proc.exitCode() == 0;
}

// GOOD: CWE-78
bool Converter::convertSafe(const QString &input, const QString &output)
{
    QProcess proc;
    proc.start(QStringLiteral("ffmpeg"),
               QStringList() << QStringLiteral("-y") << QStringLiteral("-i") << input << output);
    return proc.waitForFinished(-1) && proc.exitCode() == 0;
}

// GOOD: CWE-78
bool Converter::probe()
{
    QProcess proc;
    proc.start(QStringLiteral("/bin/sh"), QStringList() << QStringLiteral("-c") << QStringLiteral("ffmpeg -version | head -1"));
    return proc.waitForFinished(5000);
}
