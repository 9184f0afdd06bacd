import {
  defineCRule,
  type CContext,
  type CCallSite,
  type Detection,
} from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { isFixedString, isFixedText, writesTo } from '../../../languages/c/rule-helpers.js';

/** The tree's node type, whatever backend the C context is built on. */
type CNode = CCallSite['node'];

/** C client libraries: function name -> index of the SQL text. */
const C_SINKS: Readonly<Record<string, number>> = {
  sqlite3_exec: 1,
  sqlite3_prepare: 1,
  sqlite3_prepare_v2: 1,
  sqlite3_prepare_v3: 1,
  sqlite3_prepare16: 1,
  sqlite3_prepare16_v2: 1,
  mysql_query: 1,
  mysql_real_query: 1,
  mysql_send_query: 1,
  PQexec: 1,
  PQexecParams: 1,
  PQprepare: 2,
  PQsendQuery: 1,
  SQLExecDirect: 1,
  SQLExecDirectA: 1,
  SQLExecDirectW: 1,
  SQLPrepare: 1,
  SQLPrepareA: 1,
  SQLPrepareW: 1,
};

const NUMERIC_TYPE =
  /^(?:const\s+)?(?:(?:un)?signed\s+)?(?:int|long|short|long\s+long|double|float|bool|size_t|qint\d+|quint\d+|qlonglong|qulonglong|qsizetype|u?int\d+_t)$/;

/** A value that cannot carry SQL syntax: a number, a numeric variable, a fixed string. */
function inert(ctx: CContext, node: CNode): boolean {
  const n = stripCasts(node);
  if (n.kind() === 'number_literal' || isFixedString(ctx, n)) return true;
  if (n.kind() === 'identifier') {
    const d = ctx.declarationOf(n.text(), n);
    return d?.pointerDepth === 0 && NUMERIC_TYPE.test(d.typeText.trim());
  }
  const fn = n.kind() === 'call_expression' ? n.field('function') : null;
  // QString::number(id), QString::number(x, 'f', 2)
  return fn !== null && /\bnumber$|\bto(?:Int|Long|UInt|Double)\w*$/.test(fn.text());
}

/**
 * How a query string was built at run time: concatenation with a non-fixed part, `.arg()` with a
 * non-numeric argument, `QString::asprintf`/`sprintf`. Undefined when nothing of the kind is visible.
 */
function construction(ctx: CContext, node: CNode, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const n = unparenthesize(node);
  const k = n.kind();
  if (k === 'binary_expression' && n.field('operator')?.text() === '+') {
    const parts: CNode[] = [];
    const collect = (x: CNode): void => {
      const u = unparenthesize(x);
      if (u.kind() === 'binary_expression' && u.field('operator')?.text() === '+') {
        const l = u.field('left');
        const r = u.field('right');
        if (l !== null) collect(l);
        if (r !== null) collect(r);
      } else parts.push(u);
    };
    collect(n);
    const bad = parts.find((p) => !inert(ctx, p));
    return bad !== undefined && parts.some((p) => isFixedString(ctx, p)) ? bad.text() : undefined;
  }
  if (k === 'call_expression') {
    const fn = n.field('function');
    if (fn?.kind() === 'field_expression') {
      const method = fn.field('field')?.text();
      const receiver = fn.field('argument');
      if (method === 'arg') {
        const args = (n.field('arguments')?.namedChildren() ?? []).filter(
          (c) => c.kind() !== 'comment',
        );
        const bad = args.find((a) => !inert(ctx, a));
        if (bad !== undefined) return bad.text();
        return receiver === null ? undefined : construction(ctx, receiver, depth + 1);
      }
      // `.toUtf8()`, `.toStdString()`, `.c_str()`, `.constData()` keep the text.
      if (
        receiver !== null &&
        /^(?:toUtf8|toLatin1|toLocal8Bit|toStdString|c_str|data|constData|trimmed|simplified)$/.test(
          method ?? '',
        )
      ) {
        return construction(ctx, receiver, depth + 1);
      }
    }
    if (fn !== null && /(?:^|::)asprintf$/.test(fn.text())) {
      const args = (n.field('arguments')?.namedChildren() ?? []).filter(
        (c) => c.kind() !== 'comment',
      );
      const bad = args.slice(1).find((a) => !inert(ctx, a));
      return bad?.text();
    }
    return undefined;
  }
  if (k === 'identifier') {
    const d = ctx.declarationOf(n.text(), n);
    if (d === undefined || d.isParameter) return undefined;
    const body = ctx.enclosingFunction(n)?.body ?? null;
    const values = [
      ...(d.value === null ? [] : [d.value]),
      ...(body === null ? [] : writesTo(d.name, body)),
    ];
    for (const v of values) {
      const inner = v.kind() === 'argument_list' ? v.namedChildren()[0] : v;
      const how = inner === undefined ? undefined : construction(ctx, inner, depth + 1);
      if (how !== undefined) return how;
      // `sql += name;`
      if (v.kind() === 'assignment_expression' && v.field('operator')?.text() === '+=') {
        const r = v.field('right');
        if (r !== null && !inert(ctx, r)) return r.text();
      }
    }
    // A C buffer filled by sprintf/strcat with a non-fixed string.
    if (d.arraySizes.length > 0 && !isFixedText(ctx, n)) return n.text();
  }
  return undefined;
}

function onQtSql(ctx: CContext, call: CCallSite): boolean {
  if (call.receiver === null) return false;
  const r = stripCasts(call.receiver);
  if (r.kind() === 'identifier') {
    const d = ctx.declarationOf(r.text(), r);
    if (d !== undefined) return /\bQSql(?:Query|Database)\b/.test(d.typeText);
  }
  return /query|db|database|sql/i.test(r.text()) && /\bQSql(?:Query|Database)\b/.test(ctx.source);
}

function* qtSinks(ctx: CContext): Generator<Detection> {
  if (!ctx.isCpp) return;
  for (const call of ctx.methodCalls('exec', 'prepare')) {
    const sql = call.args[0];
    if (sql === undefined || !onQtSql(ctx, call)) continue;
    const how = construction(ctx, sql);
    if (how !== undefined) yield { node: call.node, data: { fn: call.name, part: how } };
  }
  // `QSqlQuery q("..." + name);` and `QSqlQuery("..." + name)`.
  for (const decl of ctx.nodes('declaration')) {
    if (!/^\s*QSqlQuery\b/.test(decl.field('type')?.text() ?? '')) continue;
    for (const d of decl.fieldChildren('declarator')) {
      const args = d.kind() === 'init_declarator' ? d.field('value') : null;
      const sql = args?.kind() === 'argument_list' ? args.namedChildren()[0] : undefined;
      const how = sql === undefined ? undefined : construction(ctx, sql);
      if (how !== undefined) yield { node: decl, data: { fn: 'QSqlQuery', part: how } };
    }
  }
  for (const call of ctx.calls('QSqlQuery')) {
    const sql = call.args[0];
    const how = sql === undefined ? undefined : construction(ctx, sql);
    if (how !== undefined) yield { node: call.node, data: { fn: 'QSqlQuery', part: how } };
  }
}

function* cSinks(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls(...Object.keys(C_SINKS))) {
    const sql = call.args[C_SINKS[call.name] ?? 1];
    if (sql === undefined) continue;
    const how = construction(ctx, sql);
    if (how !== undefined) yield { node: call.node, data: { fn: call.name, part: how } };
  }
}

export default defineCRule({
  name: 'sql-injection-audit',
  title: 'SQL statement built from non-constant strings (audit)',
  description:
    'Finds QSqlQuery constructors and exec/prepare calls, and sqlite3, MySQL, libpq and ODBC query functions, whose SQL text is assembled at run time by concatenation, QString::arg, asprintf or sprintf/strcat with non-numeric values, wherever those values come from.',
  cwe: [89],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'sql'],
  messages: {
    default:
      '`{{fn}}` runs SQL assembled at run time with `{{part}}`; quotes or SQL syntax in it change the statement. Use a prepared statement with bound values.',
  },
  help: {
    why: "When a value is pasted into SQL text, a quote in it ends the string literal and the rest is parsed as SQL: `x' OR '1'='1` matches every row, `x'; DROP TABLE users; --` runs a second statement. Escaping by hand is easy to get wrong (numeric contexts, character sets, identifiers).",
    fix: 'Prepare the statement with placeholders and bind the values: `query.prepare("SELECT * FROM users WHERE name = :name"); query.bindValue(":name", name); query.exec();`, `sqlite3_prepare_v2` + `sqlite3_bind_text`, `PQexecParams` with `$1`, `mysql_stmt_prepare` + `mysql_stmt_bind_param`.',
  },
  requires: [
    'QSqlQuery',
    'QSqlDatabase',
    'sqlite3_',
    'mysql_',
    'PQ',
    'SQLExecDirect',
    'SQLPrepare',
  ],
  *detect(ctx) {
    yield* qtSinks(ctx);
    yield* cSinks(ctx);
  },
});
