// Theme selection of a Qt application.
#include <QByteArray>
#include <QString>

// BAD: CWE-597
bool isDarkTheme(const QString &theme)
{
    const QByteArray raw = theme.toLatin1();
    const char *name = raw.constData();
    return name == "dark"; // FLAW: CWE-597
}

// GOOD: CWE-597
bool isDarkThemeFixed(const QString &theme)
{
    return theme == QLatin1String("dark");
}

// GOOD: CWE-597
bool isDarkThemeBytes(const QByteArray &raw)
{
    return raw == "dark";
}
