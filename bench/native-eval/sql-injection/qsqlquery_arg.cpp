// Audit trail of a Qt inventory application.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

// BAD: CWE-89
bool deleteItem(QSqlDatabase &db, const QString &sku)
{
    const QString sql = QString("DELETE FROM items WHERE sku = '%1'").arg(sku);
    QSqlQuery q(sql, db); // FLAW: CWE-89
    return q.isActive();
}

// GOOD: CWE-89
bool deleteItemBound(QSqlDatabase &db, const QString &sku)
{
    QSqlQuery q(db);
    q.prepare("DELETE FROM items WHERE sku = ?");
    q.addBindValue(sku);
    return q.exec();
}

// BAD: CWE-89
bool renameItem(QSqlDatabase &db, const QString &sku, const QString &name)
{
    QSqlQuery q(db);
    QString sql = "UPDATE items SET name = '" + name + "'";
    sql += " WHERE sku = '" + sku + "'";
    return q.exec(sql); // FLAW: CWE-89
}
