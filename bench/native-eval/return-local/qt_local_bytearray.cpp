// Serialises settings for a Qt configuration dialog.
#include <QByteArray>
#include <QString>

class SettingsWriter
{
public:
    const char *encodedName(const QString &name) const;
    QByteArray encodedNameCopy(const QString &name) const;
};

// BAD: CWE-562
const char *SettingsWriter::encodedName(const QString &name) const
{
    QByteArray utf8 = name.toUtf8();
    return utf8.constData(); // FLAW: CWE-562
}

// GOOD: CWE-562
QByteArray SettingsWriter::encodedNameCopy(const QString &name) const
{
    QByteArray utf8 = name.toUtf8();
    return utf8;
}
