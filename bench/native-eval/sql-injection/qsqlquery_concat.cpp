// Customer search of a Qt point-of-sale back office.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

class CustomerRepository
{
public:
    explicit CustomerRepository(QSqlDatabase db) : m_db(db) {}
    int findByName(const QString &name);
    int findByNameBound(const QString &name);
    int countActive();

private:
    QSqlDatabase m_db;
};

// BAD: CWE-89
int CustomerRepository::findByName(const QString &name)
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT id FROM customers WHERE name = '") + name + QStringLiteral("'")); // FLAW: CWE-89
    return q.next() ? q.value(0).toInt() : -1;
}

// GOOD: CWE-89
int CustomerRepository::findByNameBound(const QString &name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM customers WHERE name = :name"));
    q.bindValue(QStringLiteral(":name"), name);
    q.exec();
    return q.next() ? q.value(0).toInt() : -1;
}

// GOOD: CWE-89
int CustomerRepository::countActive()
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT COUNT(*) FROM customers WHERE active = 1"));
    return q.next() ? q.value(0).toInt() : 0;
}
