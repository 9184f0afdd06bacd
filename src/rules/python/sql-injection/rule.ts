import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'sql-injection',
  title: 'Untrusted data reaches SQL text (SQL injection)',
  description:
    'Follows request data and other untrusted input into SQL text run by DB-API cursors, SQLAlchemy, Django raw queries and pandas, where it is not passed as a bound parameter.',
  cwe: [89],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'sql', 'database', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is pasted into the {{sink}} of `{{callee}}` instead of being passed as a parameter.',
  },
  help: {
    why: "Values pasted into SQL text are parsed as SQL: `' OR '1'='1` bypasses a login check, `; DROP TABLE users` runs a second statement, a UNION reads other tables. Escaping by hand misses quotes, encodings and numeric contexts.",
    fix: 'Keep the SQL constant and pass the values separately: `cur.execute("SELECT * FROM users WHERE name = %s", (name,))` (`?` for sqlite3), `session.execute(text("... WHERE id = :id"), {"id": uid})`, `Model.objects.raw("... WHERE id = %s", [uid])`. Pick identifiers (table, column names, sort order) from an allow-list.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['sql'],
});
