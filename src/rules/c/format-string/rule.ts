import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { stripCasts } from '../../../languages/c/expr.js';
import { isFixedText } from '../../../languages/c/rule-helpers.js';

/** printf-style functions by name: the index of the format argument. */
const FORMAT_INDEX: Readonly<Record<string, number>> = {
  printf: 0,
  vprintf: 0,
  wprintf: 0,
  vwprintf: 0,
  _tprintf: 0,
  printw: 0,
  printk: 0,
  g_printf: 0,
  g_strdup_printf: 0,
  warn: 0,
  warnx: 0,
  vwarn: 0,
  vwarnx: 0,
  scanf: 0,
  wscanf: 0,
  fprintf: 1,
  vfprintf: 1,
  fwprintf: 1,
  vfwprintf: 1,
  _ftprintf: 1,
  dprintf: 1,
  vdprintf: 1,
  sprintf: 1,
  vsprintf: 1,
  _stprintf: 1,
  wsprintf: 1,
  wsprintfA: 1,
  wsprintfW: 1,
  asprintf: 1,
  vasprintf: 1,
  syslog: 1,
  vsyslog: 1,
  err: 1,
  errx: 1,
  verr: 1,
  verrx: 1,
  wprintw: 1,
  fscanf: 1,
  sscanf: 1,
  snprintf: 2,
  vsnprintf: 2,
  swprintf: 2,
  vswprintf: 2,
  _snprintf: 2,
  _vsnprintf: 2,
  mvprintw: 2,
};

/** Qt's printf-style message functions (`qWarning(msg)`; the stream form `qWarning() << msg` is safe). */
const QT_MESSAGES = ['qDebug', 'qInfo', 'qWarning', 'qCritical', 'qFatal'];

/**
 * A variadic wrapper passing its own format parameter on (`void log(const char *fmt, ...)` or a function
 * taking a `va_list`): the caller's format is the one to check. The header is read as text because
 * attribute macros (`PRINTF_STYLE(1,2)`) can hide the declarator from the grammar.
 */
function isWrapperFormat(ctx: CContext, name: SyntaxNode): boolean {
  const fn = ctx.enclosingFunction(name);
  if (fn === undefined) return false;
  const d = ctx.declarationOf(name.text(), name);
  const isParam = d?.isParameter === true || fn.params.some((p) => p.name === name.text());
  const bodyStart =
    fn.body === null
      ? fn.node.text().length
      : fn.body.range().start.index - fn.node.range().start.index;
  const header = fn.node.text().slice(0, bodyStart);
  return (
    (isParam || new RegExp(`\\b${name.text()}\\b`).test(header)) &&
    /\.\.\.|\bva_list\b/.test(header)
  );
}

export default defineCRule({
  name: 'format-string',
  title: 'Non-literal format string passed to a printf-style function',
  description:
    'Finds printf, fprintf, sprintf, snprintf, syslog, err/warn, scanf-family and Qt qWarning-style calls whose format argument is not a string fixed in the program.',
  cwe: [134],
  severity: 'error',
  confidence: 'high',
  tags: ['format-string', 'injection'],
  messages: {
    default:
      '`{{fn}}` uses `{{format}}` as its format string; if it contains `%n` or `%s` directives it reads or writes memory. Pass it as an argument: `{{fn}}(..., "%s", {{format}})`.',
    withArgs:
      '`{{fn}}` takes its format from `{{format}}`, which is not a literal; a format chosen by input reads or writes memory through its directives.',
  },
  help: {
    why: 'printf-style functions interpret `%` directives in the format string: `%x` and `%s` read arguments that were never passed (leaking stack contents and pointers), `%n` writes to memory. When the format comes from input (a user name, a message received, a file), an attacker chooses those directives, which leads to information disclosure and often to code execution.',
    fix: 'Always use a literal format and pass data as arguments: `printf("%s", msg)`, `syslog(LOG_ERR, "%s", msg)`, `fputs(msg, stdout)`. For a logging wrapper, declare it `__attribute__((format(printf, n, m)))` and pass its caller\'s literal format through.',
  },
  requires: [
    'printf',
    'printw',
    'printk',
    'syslog',
    'err',
    'warn',
    'scanf',
    'qDebug',
    'qInfo',
    'qWarning',
    'qCritical',
    'qFatal',
  ],
  *detect(ctx) {
    const calls = [...ctx.calls(...Object.keys(FORMAT_INDEX), ...QT_MESSAGES)].sort(
      (a, b) => a.order - b.order,
    );
    for (const call of calls) {
      const index = FORMAT_INDEX[call.name] ?? 0;
      const format = call.args[index];
      if (format === undefined || isFixedText(ctx, format, call.node)) continue;
      const inner = stripCasts(format);
      if (inner.kind() === 'identifier' && isWrapperFormat(ctx, inner)) continue;
      // The va_list forms exist for wrappers: a format that is a parameter (or declared nowhere we can
      // see, when macros hide the definition from the grammar) is the wrapper's own.
      if (/^_?v/.test(call.name) && inner.kind() === 'identifier') {
        const d = ctx.declarationOf(inner.text(), inner);
        if (d === undefined || d.isParameter) continue;
      }
      const more = call.args.length > index + 1;
      yield {
        node: call.node,
        messageId: more ? 'withArgs' : 'default',
        data: { fn: call.name, format: format.text() },
        confidence: more ? 'medium' : 'high',
      };
    }
  },
});
