import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isLiteralTree, stringValue, unwrap } from '../../../languages/python/expr.js';
import {
  attributeName,
  bindingsBefore,
  describeBuild,
  isCallOf,
  isConversion,
  literalText,
  readsRequestData,
  shapeOf,
  type Resolver,
  type Shape,
} from '../../../languages/python/injection-helpers.js';
import { SQL_TEXT_OBJECTS } from '../../../languages/python/taint/sinks.js';

/** DB-API and SQLAlchemy methods that run their first argument as SQL, on any receiver. */
const EXECUTE_METHODS = ['execute', 'executemany', 'executescript', 'exec_driver_sql'];

const TEXT_CONSTRUCTORS = [...SQL_TEXT_OBJECTS, 'pandas.read_sql', 'pandas.read_sql_query'];

/** Statements and clauses that make a string recognisably SQL. */
const SQL_LIKE =
  /\b(select\b[\s\S]*\bfrom\b|insert\s+(or\s+\w+\s+)?into\b|update\b[\s\S]*\bset\b|delete\s+from\b|create\s+(temp(orary)?\s+|unique\s+)?(table|index|view|database|schema|trigger|function)\b|drop\s+(table|index|view|database|schema|trigger|function)\b|alter\s+(table|database|schema|user)\b|truncate\s+table\b|replace\s+into\b|merge\s+into\b|pragma\s+\w|where\s+[\w"`(]|order\s+by\b|group\s+by\b|values\s*\()/i;

/** Receivers that look like a database handle, for SQL text without a recognisable keyword. */
const DB_RECEIVER =
  /(cursor|conn|connection|session|engine|(^|[._])(db|cur|con|c|database|sqlite|sql)$)/i;

/** Modules whose presence says the file talks to a database. */
const DB_MODULES =
  /^(sqlite3|psycopg2?|pymysql|MySQLdb|mysql|cx_Oracle|oracledb|pyodbc|pymssql|asyncpg|aiosqlite|aiomysql|sqlalchemy|django\.db|peewee|records|duckdb|snowflake|clickhouse_driver|ibm_db)/;

/** Functions that quote an identifier or a literal for SQL. */
const QUOTERS = new Set([
  'psycopg2.extensions.quote_ident',
  'psycopg.sql.Identifier',
  'psycopg2.sql.Identifier',
  'MySQLdb.escape_string',
  'pymysql.converters.escape_string',
]);
const QUOTER_METHODS = new Set([
  'quote_name',
  'quote_ident',
  'quote_identifier',
  'escape_string',
  'escape_literal',
  'literal',
  'mogrify',
]);

/** Names that by convention hold an identifier or a placeholder list rather than a value. */
const IDENTIFIER_NAME =
  /^(?:[A-Z][A-Z0-9_]*|\w*?(?:^|_)(?:[Tt]able|TABLE|[Tt]ables|[Tt]ablename|db_table|[Cc]olumns?|COLUMNS?|[Cc]ols?|[Ss]chema|[Pp]laceholders?|qmarks|marks|ident|identifier))$/;

/** `", ".join("?" * len(ids))`, `",".join(["%s"] * n)`: a list of placeholders, not data. */
function isPlaceholderList(node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  if (fn?.kind() !== 'attribute' || fn.field('attribute')?.text() !== 'join') return false;
  const args = n.field('arguments');
  if (args === null) return false;
  const strings = args.findAll({ rule: { kind: 'string' } });
  return (
    strings.length > 0 &&
    strings.every((s) => /^\s*(\?|%s|:\w+|%\(\w+\)s|\$\d+)\s*,?\s*$/.test(stringValue(s) ?? 'x'))
  );
}

/** `name.replace('"', '""')`: an identifier or literal quoted by doubling its quote character. */
function doublesQuotes(node: SgNode): boolean {
  if (node.kind() !== 'call' || attributeName(node.field('function')) !== 'replace') return false;
  const [from, to] = (node.field('arguments')?.namedChildren() ?? []).map((a) => stringValue(a));
  return (from === '"' || from === "'") && to === from + from;
}

/**
 * `joins` is false when the file never spells `join`: then no name can be bound to a placeholder list
 * (isPlaceholderList needs a `.join(...)` call), and looking for the name's bindings is spared.
 */
function isNeutral(part: SgNode, resolve: Resolver, joins: boolean): boolean {
  const p = unwrap(part);
  if (isConversion(p, resolve) || isCallOf(p, resolve, QUOTERS, QUOTER_METHODS)) return true;
  if (isPlaceholderList(p) || doublesQuotes(p)) return true;
  if (p.kind() === 'identifier' || p.kind() === 'attribute') {
    const last = p.kind() === 'attribute' ? (p.field('attribute')?.text() ?? '') : p.text();
    if (IDENTIFIER_NAME.test(last)) return true;
    if (joins && p.kind() === 'identifier') {
      const values = bindingsBefore(p).flatMap((b) =>
        b.kind === 'assign' && b.value !== null ? [b.value] : [],
      );
      if (values.length > 0 && values.every(isPlaceholderList)) return true;
    }
  }
  return false;
}

/** True when a call passes query parameters next to the SQL (`execute(sql, params)`). */
function hasParameters(call: CallSite, index: number): boolean {
  const params = call.keywords.get('params') ?? call.keywords.get('parameters') ?? call.args[index];
  if (params === undefined) return false;
  const p = unwrap(params);
  if (p.kind() === 'none') return false;
  if (
    (p.kind() === 'tuple' || p.kind() === 'list' || p.kind() === 'dictionary') &&
    p.namedChildren().length === 0
  ) {
    return false;
  }
  return true;
}

/**
 * Values are bound as parameters next to the SQL: whatever is interpolated is most likely an identifier
 * or a list of placeholders, unless it visibly reads request data.
 */
function boundSeparately(call: CallSite, paramsAt: number, v: Verdict): boolean {
  if (!hasParameters(call, paramsAt)) return false;
  // A piece pasted between single quotes is a value, not an identifier.
  if (QUOTED_VALUE.test(v.shape.expr.text())) return false;
  return !v.shape.parts.some((p) => readsRequestData(p));
}

/** `'{name}'`, `'%s'`, `'" + x + "'`: an interpolation inside an SQL string literal. */
const QUOTED_VALUE = /'\{[^{}]*\}'|'%(\(\w+\))?[sd]'|'["']\s*\+/;

interface Verdict {
  shape: Extract<Shape, { kind: 'built' }>;
  sqlLike: boolean;
}

function judge(sql: SgNode | undefined, resolve: Resolver, joins: boolean): Verdict | undefined {
  if (sql === undefined) return undefined;
  const kind = sql.kind();
  if (kind === 'keyword_argument') return undefined;
  // A string literal without `{` has no interpolation: a constant, as shapeOf would find at more cost.
  // By far the most common SQL argument (`execute("SELECT ... WHERE id = ?", (key,))`).
  if (kind === 'string' && !sql.text().includes('{')) return undefined;
  const shape = shapeOf(sql, { neutral: (p) => isNeutral(p, resolve, joins) });
  if (shape.kind !== 'built') return undefined;
  return { shape, sqlLike: isSqlLike(shape.expr) };
}

/**
 * SQL_LIKE on `literalText`, which joins the string pieces of the expression and then those of the
 * constant names it uses. A match on the first part alone is a match on the whole (the rest follows a
 * space), and spares following every name.
 */
function isSqlLike(expr: SgNode): boolean {
  const own = expr
    .findAll({ rule: { kind: 'string_content' } })
    .map((c) => c.text())
    .join(' ');
  return SQL_LIKE.test(own) || SQL_LIKE.test(literalText(expr));
}

/** `(` and the opening quote of a string literal that cannot be an f-string. */
const PLAIN_STRING_START = /^[ \t]*\([ \t\r\n]*(?:[rRbBuU]|[bB][rR]|[rR][bB])?('''|"""|'|")/;

/**
 * True when, by its text, the call's first argument is a string literal without `{` (so without
 * interpolation) followed by `,` or `)`, and no keyword can be `sql=`: then `judge` finds a constant.
 * Reading one text spares the tree reads of the usual `execute("SELECT ... = ?", (key,))`; anything
 * unusual (a comment, a concatenation, an f-string) returns false and takes the full path.
 */
function startsWithPlainString(call: CallSite): boolean {
  const text = call.node.text();
  if (text.includes('sql') || !text.startsWith(call.calleeText)) return false;
  const rest = text.slice(call.calleeText.length);
  const m = PLAIN_STRING_START.exec(rest);
  const quote = m?.[1];
  if (m === null || quote === undefined) return false;
  let i = m[0].length;
  for (;;) {
    const c = rest[i];
    if (c === undefined || c === '{') return false;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (quote.length === 1 && (c === '\n' || c === '\r')) return false;
    if (rest.startsWith(quote, i)) break;
    i++;
  }
  return /^[ \t\r\n]*[,)]/.test(rest.slice(i + quote.length));
}

function detection(call: CallSite, v: Verdict, messageId?: string): Detection {
  const data: Record<string, string | number> = {
    callee: call.calleeText,
    how: describeBuild(v.shape.how),
  };
  if (v.shape.via !== null) data.line = v.shape.via.range().start.line + 1;
  return {
    node: call.node,
    messageId: messageId ?? (v.shape.via !== null ? 'assembledEarlier' : 'default'),
    data,
  };
}

export default definePythonRule({
  name: 'sql-injection-audit',
  title: 'SQL query assembled from non-constant data instead of bound parameters',
  description:
    'Finds SQL text built with f-strings, %-formatting, str.format() or concatenation and passed to a database API.',
  cwe: [89],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'sql', 'database'],
  messages: {
    default:
      '`{{callee}}` runs SQL assembled with {{how}} instead of passing the values as parameters.',
    assembledEarlier:
      '`{{callee}}` runs SQL that line {{line}} assembles with {{how}} instead of passing the values as parameters.',
    extra: '`{{callee}}` adds raw SQL fragments assembled with {{how}} to a Django query.',
  },
  help: {
    why: "Values pasted into SQL text are parsed as SQL. A name such as `x' OR '1'='1` or `1; DROP TABLE users` changes what the statement does: it can bypass a login check, read other users' rows, or modify and delete data. Escaping by hand misses cases (quotes, backslashes, encodings, numeric contexts).",
    fix: 'Keep the SQL constant and pass values separately: `cur.execute("SELECT * FROM users WHERE name = %s", (name,))` (the placeholder is `?` for sqlite3), `session.execute(text("... WHERE id = :id"), {"id": uid})`, `Model.objects.raw("... WHERE id = %s", [uid])`. Identifiers (table, column names) cannot be parameters: pick them from an allow-list or quote them with `psycopg.sql.Identifier`.',
  },
  inTests: 'lower',
  // `.execute*()`/`.exec_driver_sql()` calls (`xec`), TEXT_CONSTRUCTORS (through sqlalchemy, RawSQL or
  // pandas.read_sql*), and `.raw()`/`.extra()` only in files importing django. Substrings starting with
  // rarer letters are found faster.
  requires: ['xec', 'qlalchemy', 'RawSQL', 'd_sql', 'jango'],
  *detect(ctx) {
    const dbFile = [...ctx.imports.modules].some((m) => DB_MODULES.test(m));
    const joins = ctx.source.includes('join');
    for (const call of ctx.methodCalls(...EXECUTE_METHODS)) {
      if (startsWithPlainString(call)) continue;
      if (call.receiver === null) continue;
      const sql =
        arg(call, 0, 'sql') ?? call.keywords.get('statement') ?? call.keywords.get('operation');
      const v = judge(sql, ctx.resolve, joins);
      if (v === undefined) continue;
      if (boundSeparately(call, 1, v)) continue;
      const dbReceiver = DB_RECEIVER.test(call.receiver.text());
      if (v.sqlLike) yield detection(call, v);
      else if (dbReceiver && (dbFile || readsRequestData(v.shape.expr))) {
        yield detection(call, v);
      }
    }

    for (const call of ctx.calls(...TEXT_CONSTRUCTORS)) {
      const v = judge(arg(call, 0, 'sql'), ctx.resolve, joins);
      const paramsAt = call.callee.some((n) => n.startsWith('pandas.')) ? 99 : 1;
      if (v !== undefined && !boundSeparately(call, paramsAt, v)) yield detection(call, v);
    }

    if (![...ctx.imports.modules].some((m) => m.startsWith('django'))) return;
    for (const call of ctx.methodCalls('raw')) {
      if (call.receiver === null) continue;
      const v = judge(arg(call, 0, 'raw_query'), ctx.resolve, joins);
      if (v === undefined || boundSeparately(call, 1, v)) continue;
      if (v.sqlLike || call.receiver.text().includes('objects')) {
        yield detection(call, v);
      }
    }
    for (const call of ctx.methodCalls('extra')) {
      if (call.receiver === null) continue;
      const fragments: SgNode[] = [];
      for (const key of ['where', 'select', 'tables', 'order_by']) {
        const value = call.keywords.get(key);
        if (value === undefined || isLiteralTree(value)) continue;
        const c = unwrap(value);
        for (const item of c.kind() === 'list' || c.kind() === 'tuple' || c.kind() === 'dictionary'
          ? c.namedChildren()
          : [c]) {
          fragments.push(item.kind() === 'pair' ? (item.field('value') ?? item) : item);
        }
      }
      for (const fragment of fragments) {
        const v = judge(fragment, ctx.resolve, joins);
        if (v !== undefined) {
          yield detection(call, v, 'extra');
          break;
        }
      }
    }
  },
});
