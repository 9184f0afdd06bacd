/* Connects the billing daemon to its database. */
#include <mysql/mysql.h>
#include <stdlib.h>

#define DB_HOST "db.internal"
#define DB_USER "billing"

/* BAD: CWE-798 */
MYSQL *billing_connect(void)
{
    MYSQL *conn = mysql_init(NULL);
    if (conn == NULL)
        return NULL;
    if (!mysql_real_connect(conn, DB_HOST, DB_USER, "Winter2024!billing", "billing", 0, NULL, 0)) { /* FLAW: CWE-798 */
        mysql_close(conn);
        return NULL;
    }
    return conn;
}

/* GOOD: CWE-798 */
MYSQL *billing_connect_env(void)
{
    const char *password = getenv("BILLING_DB_PASSWORD");
    MYSQL *conn;
    if (password == NULL)
        return NULL;
    conn = mysql_init(NULL);
    if (conn == NULL)
        return NULL;
    if (!mysql_real_connect(conn, DB_HOST, DB_USER, password, "billing", 0, NULL, 0)) {
        mysql_close(conn);
        return NULL;
    }
    return conn;
}
