/* Tagging feature of a bookmarks manager. */
#include <sqlite3.h>
#include <stddef.h>

/* BAD: CWE-89 */
int add_tag(sqlite3 *db, int bookmark, const char *tag)
{
    int rc;
    char *sql = sqlite3_mprintf("INSERT INTO tags(bookmark, tag) VALUES(%d, '%s')", bookmark, tag);
    if (sql == NULL)
        return SQLITE_NOMEM;
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL); /* FLAW: CWE-89 */
    sqlite3_free(sql);
    return rc;
}

/* GOOD: CWE-89 */
int add_tag_quoted(sqlite3 *db, int bookmark, const char *tag)
{
    int rc;
    char *sql = sqlite3_mprintf("INSERT INTO tags(bookmark, tag) VALUES(%d, %Q)", bookmark, tag);
    if (sql == NULL)
        return SQLITE_NOMEM;
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    return rc;
}
