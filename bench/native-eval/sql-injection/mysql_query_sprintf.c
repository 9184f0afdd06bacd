/* Order status lookup of a shop backend using the MySQL C API. */
#include <mysql/mysql.h>
#include <stdio.h>
#include <string.h>

/* BAD: CWE-89 */
int order_status(MYSQL *conn, const char *order_id)
{
    char query[256];
    sprintf(query, "SELECT status FROM orders WHERE id = '%.64s'", order_id);
    if (mysql_query(conn, query) != 0) /* FLAW: CWE-89 */
        return -1;
    mysql_free_result(mysql_store_result(conn));
    return 0;
}

/* GOOD: CWE-89 */
int order_status_escaped(MYSQL *conn, const char *order_id)
{
    char escaped[2 * 64 + 1];
    char query[256];
    size_t len = strnlen(order_id, 64);
    mysql_real_escape_string(conn, escaped, order_id, (unsigned long)len);
    snprintf(query, sizeof query, "SELECT status FROM orders WHERE id = '%s'", escaped);
    if (mysql_query(conn, query) != 0)
        return -1;
    mysql_free_result(mysql_store_result(conn));
    return 0;
}
