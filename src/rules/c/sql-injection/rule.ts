import { defineCTaintRule } from '../../../engine/dataflow/rule.js';
import { C_TAINT_SPEC } from '../../../languages/c/taint/index.js';

export default defineCTaintRule({
  name: 'sql-injection',
  title: 'Untrusted data reaches an SQL statement (SQL injection)',
  description:
    'Follows data received from the network, the command line, the environment, standard input, files and the parameters of functions nothing in the file calls into the SQL text of sqlite3, MySQL, libpq, ODBC, libpqxx and SQLiteCpp calls and of QSqlQuery / QSqlDatabase / QSqlQueryModel, through copies, formats, string concatenation and QString::arg, unless a number conversion, an SQL escape or a check against constants protects it.',
  cwe: [89],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'sql', 'dataflow'],
  messages: {
    default:
      'The {{sink}} of `{{callee}}` is built from {{source}} (line {{sourceLine}}); bind the value as a parameter instead of pasting it into the SQL text.',
  },
  help: {
    why: "When a value is pasted into SQL text, a quote in it ends the string literal and the rest is parsed as SQL: `x' OR '1'='1` matches every row, `x'; DROP TABLE users; --` runs a second statement. Whoever sends the value reads or changes any data the database account can reach.",
    fix: 'Prepare a constant statement with placeholders and bind the values: `sqlite3_prepare_v2(db, "DELETE FROM users WHERE name = ?", ...)` + `sqlite3_bind_text`, `PQexecParams` with `$1`, `mysql_stmt_prepare` + `mysql_stmt_bind_param`, `query.prepare("... :name"); query.bindValue(":name", name);`. Table and column names cannot be bound: pick them from a fixed list.',
  },
  inTests: 'lower',
  spec: C_TAINT_SPEC,
  sinkKinds: ['sql'],
});
