// Account service talking to PostgreSQL through libpq.
#include <libpq-fe.h>
#include <string>

// BAD: CWE-89
bool lockAccount(PGconn *conn, const std::string &login)
{
    const std::string sql = "UPDATE accounts SET locked = true WHERE login = '" + login + "'";
    PGresult *res = PQexec(conn, sql.c_str()); // FLAW: CWE-89
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok;
}

// GOOD: CWE-89
bool lockAccountParams(PGconn *conn, const std::string &login)
{
    const char *values[1] = {login.c_str()};
    PGresult *res = PQexecParams(conn, "UPDATE accounts SET locked = true WHERE login = $1", 1,
                                 nullptr, values, nullptr, nullptr, 0);
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok;
}
