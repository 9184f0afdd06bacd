// Generic export of a Qt database administration tool.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

// BAD: CWE-89
int rowCount(QSqlDatabase &db, const QString &table)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table)) // FLAW: CWE-89
        return -1;
    return q.next() ? q.value(0).toInt() : -1;
}

// GOOD: CWE-89
int rowCountKnown(QSqlDatabase &db, const QString &table)
{
    static const QStringList known = {QStringLiteral("members"), QStringLiteral("fees")};
    if (!known.contains(table))
        return -1;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table))
        return -1;
    return q.next() ? q.value(0).toInt() : -1;
}
