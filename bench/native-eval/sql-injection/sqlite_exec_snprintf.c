/* User lookup of a small forum server backed by SQLite. */
#include <sqlite3.h>
#include <stdio.h>

static int print_row(void *ctx, int n, char **vals, char **cols)
{
    (void)ctx;
    for (int i = 0; i < n; i++)
        printf("%s=%s ", cols[i], vals[i] ? vals[i] : "NULL");
    putchar('\n');
    return 0;
}

/* BAD: CWE-89 */
int show_user(sqlite3 *db, const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id, email FROM users WHERE name = '%s'", name);
    return sqlite3_exec(db, sql, print_row, NULL, NULL); /* FLAW: CWE-89 */
}

/* GOOD: CWE-89 */
int show_user_prepared(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT id, email FROM users WHERE name = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        printf("id=%d email=%s\n", sqlite3_column_int(st, 0), (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* GOOD: CWE-89 */
int count_users(sqlite3 *db)
{
    return sqlite3_exec(db, "SELECT COUNT(*) FROM users", print_row, NULL, NULL);
}
