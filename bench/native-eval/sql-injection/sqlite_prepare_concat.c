/* Message archive of a chat client. */
#include <sqlite3.h>
#include <stdio.h>

/* BAD: CWE-89 */
int archive_search(sqlite3 *db, const char *needle)
{
    char sql[512];
    sqlite3_stmt *st = NULL;
    int rc;
    snprintf(sql, sizeof sql, "SELECT id FROM messages WHERE body LIKE '%%%s%%'", needle);
    rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL); /* FLAW: CWE-89 */
    if (rc != SQLITE_OK)
        return rc;
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("%d\n", sqlite3_column_int(st, 0));
    return sqlite3_finalize(st);
}

/* GOOD: CWE-89 */
int archive_page(sqlite3 *db, int page)
{
    char sql[128];
    sqlite3_stmt *st = NULL;
    int rc;
    snprintf(sql, sizeof sql, "SELECT id FROM messages ORDER BY id LIMIT 50 OFFSET %d", page * 50);
    rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("%d\n", sqlite3_column_int(st, 0));
    return sqlite3_finalize(st);
}

/* GOOD: CWE-89 */
int archive_search_bound(sqlite3 *db, const char *needle)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT id FROM messages WHERE body LIKE '%' || ?1 || '%'", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, needle, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("%d\n", sqlite3_column_int(st, 0));
    return sqlite3_finalize(st);
}
