import { cTaintFindings } from '../../../engine/dataflow/c.js';
import { toDetection } from '../../../engine/dataflow/rule.js';
import type { TaintFinding } from '../../../engine/dataflow/trace.js';
import {
  defineCRule,
  type CCallSite,
  type CContext,
  type Detection,
} from '../../../engine/rule-api.js';
import { stripCasts } from '../../../languages/c/expr.js';
import { isFixedText } from '../../../languages/c/rule-helpers.js';
import { C_TAINT_SPEC } from '../../../languages/c/taint/index.js';
import { FORMAT_ARGUMENT, QT_MESSAGE_FUNCTIONS } from '../../../languages/c/taint/sinks.js';

/** The tree's node type, whatever backend the C context is built on. */
type CNode = CCallSite['node'];

/** Source labels of the spec's local sources (command line, environment, standard input, files). */
const LOCAL_SOURCES = new Set(
  C_TAINT_SPEC.sources.filter((s) => s.local === true).map((s) => s.label),
);

/** A node's place in the file, to match the engine's sink nodes with the rule's calls. */
function placeOf(node: { range(): { start: { index: number }; end: { index: number } } }): string {
  const { start, end } = node.range();
  return `${String(start.index)}:${String(end.index)}`;
}

/**
 * The dataflow findings of kind `format`, one per sink: a flow from the network is preferred to one
 * from local input (it decides the confidence).
 */
function tracedFormats(ctx: CContext): Map<string, TaintFinding> {
  const out = new Map<string, TaintFinding>();
  for (const f of cTaintFindings(ctx, C_TAINT_SPEC)) {
    if (f.kind !== 'format') continue;
    const key = placeOf(f.sinkNode);
    const known = out.get(key);
    if (
      known === undefined ||
      (LOCAL_SOURCES.has(known.sourceLabel) && !LOCAL_SOURCES.has(f.sourceLabel))
    ) {
      out.set(key, f);
    }
  }
  return out;
}

/** A structural detection made stronger by a traced flow: the message names the source, with a trace. */
function withTrace(d: Detection, f: TaintFinding): Detection {
  const traced = toDetection(f);
  const local = LOCAL_SOURCES.has(f.sourceLabel);
  return {
    ...d,
    messageId: 'untrusted',
    data: { ...traced.data, fn: d.data?.fn ?? f.callee, format: d.data?.format ?? '' },
    ...(traced.trace === undefined ? {} : { trace: traced.trace }),
    // Network data: high confidence. Local input keeps the structural confidence, as for the other
    // dataflow rules (it matters only for programs run by others).
    ...(local ? {} : { confidence: 'high' as const }),
  };
}

/**
 * A variadic wrapper passing its own format parameter on (`void log(const char *fmt, ...)` or a function
 * taking a `va_list`): the caller's format is the one to check. The header is read as text because
 * attribute macros (`PRINTF_STYLE(1,2)`) can hide the declarator from the grammar.
 */
function isWrapperFormat(ctx: CContext, name: CNode): boolean {
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

/**
 * An element of a table of constant formats: `FORMATS[i]` where `FORMATS` is declared here as an array
 * of `const` elements initialised with literals only (`static const char *const FORMATS[] = {...}`).
 * Whoever picks the index picks one of the program's own formats.
 */
function isConstantFormatTable(ctx: CContext, node: CNode): boolean {
  const n = stripCasts(node);
  if (n.kind() !== 'subscript_expression') return false;
  const table = n.field('argument');
  if (table?.kind() !== 'identifier') return false;
  const d = ctx.declarationOf(table.text(), table);
  if (d === undefined || d.isParameter || d.value?.kind() !== 'initializer_list') return false;
  if (!/\bconst\b/.test(d.typeText)) return false;
  if (d.pointerDepth > 0 && !/\*\s*const\b/.test(d.node.text())) return false;
  const items = d.value.namedChildren().filter((c) => c.kind() !== 'comment');
  return items.length > 0 && items.every((i) => ctx.isLiteralString(i));
}

/**
 * Translation functions and marker macros by name: the positions of their message texts. A call whose
 * message texts are literals yields the program's own (translated) format.
 */
const TRANSLATORS: Readonly<Record<string, readonly number[]>> = {
  gettext: [0],
  _: [0],
  N_: [0],
  gettext_noop: [0],
  dgettext: [1],
  dcgettext: [1],
  ngettext: [0, 1],
  dngettext: [1, 2],
  tr: [0],
  qtTrId: [0],
  translate: [1],
  QT_TR_NOOP: [0],
  QT_TRANSLATE_NOOP: [1],
  QT_TRANSLATE_NOOP3: [1],
  QT_TR_N_NOOP: [0],
  QT_TRANSLATE_N_NOOP: [1],
};

/** `qPrintable(x)`, `x.toLocal8Bit().constData()`, `x.c_str()`: the same text in another encoding. */
const ENCODINGS =
  /^(?:qPrintable|qUtf8Printable|constData|data|c_str|toLocal8Bit|toUtf8|toLatin1|toStdString)$/;

function withoutEncodings(node: CNode, depth = 0): CNode {
  const n = stripCasts(node);
  const fn = n.kind() === 'call_expression' ? n.field('function') : null;
  if (fn === null || depth > 6) return n;
  if (fn.kind() === 'field_expression') {
    const receiver = fn.field('argument');
    return receiver !== null && ENCODINGS.test(fn.field('field')?.text() ?? '')
      ? withoutEncodings(receiver, depth + 1)
      : n;
  }
  const first = n.field('arguments')?.namedChildren()[0];
  return first !== undefined && ENCODINGS.test(fn.text()) ? withoutEncodings(first, depth + 1) : n;
}

function isTranslatedLiteral(ctx: CContext, node: CNode): boolean {
  const n = withoutEncodings(node);
  if (n.kind() !== 'call_expression') return false;
  const callee = n.field('function')?.text() ?? '';
  const positions = TRANSLATORS[callee.slice(callee.lastIndexOf(':') + 1)];
  const args = (n.field('arguments')?.namedChildren() ?? []).filter((c) => c.kind() !== 'comment');
  return (
    positions?.every((i) => {
      const a = args[i];
      return a !== undefined && ctx.isLiteralString(a);
    }) === true
  );
}

/** The structural check: a non-literal format that is not a wrapper's own format parameter. */
function* nonLiteralFormats(ctx: CContext): Generator<Detection> {
  const calls = [...ctx.calls(...Object.keys(FORMAT_ARGUMENT), ...QT_MESSAGE_FUNCTIONS)].sort(
    (a, b) => a.order - b.order,
  );
  for (const call of calls) {
    const index = FORMAT_ARGUMENT[call.name] ?? 0;
    const format = call.args[index];
    if (format === undefined || isFixedText(ctx, format, call.node)) continue;
    if (isConstantFormatTable(ctx, format) || isTranslatedLiteral(ctx, format)) continue;
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
      confidence: more ? 'low' : 'medium',
    };
  }
}

export default defineCRule({
  name: 'format-string',
  title: 'Non-literal format string passed to a printf-style function',
  description:
    'Finds printf, fprintf, sprintf, snprintf, syslog, err/warn, scanf-family, GLib and Qt qWarning-style calls whose format argument is not a string fixed in the program, with high confidence and a trace when the format is traceably data received from the network.',
  cwe: [134],
  severity: 'error',
  confidence: 'medium',
  tags: ['format-string', 'injection', 'dataflow'],
  messages: {
    default:
      '`{{fn}}` uses `{{format}}` as its format string; if it contains `%n` or `%s` directives it reads or writes memory. Pass it as an argument: `{{fn}}(..., "%s", {{format}})`.',
    withArgs:
      '`{{fn}}` takes its format from `{{format}}`, which is not a literal; a format chosen by input reads or writes memory through its directives.',
    untrusted:
      '`{{fn}}` uses {{source}} (line {{sourceLine}}) as its format string: its `%n`, `%s` and `%x` directives read and write memory. Pass the data as an argument of a literal format: `"%s"`.',
  },
  help: {
    why: 'printf-style functions interpret `%` directives in the format string: `%x` and `%s` read arguments that were never passed (leaking stack contents and pointers), `%n` writes to memory. When the format comes from input (a user name, a message received, a file), an attacker chooses those directives, which leads to information disclosure and often to code execution.',
    fix: 'Always use a literal format and pass data as arguments: `printf("%s", msg)`, `syslog(LOG_ERR, "%s", msg)`, `fputs(msg, stdout)`. For a logging wrapper, declare it `__attribute__((format(printf, n, m)))` and pass its caller\'s literal format through.',
  },
  requires: [
    'printf',
    'Printf',
    'printw',
    'printk',
    'syslog',
    'err',
    'warn',
    'scanf',
    'g_',
    'qDebug',
    'qInfo',
    'qWarning',
    'qCritical',
    'qFatal',
  ],
  *detect(ctx) {
    const traced = tracedFormats(ctx);
    for (const d of nonLiteralFormats(ctx)) {
      const key = placeOf(d.node);
      const f = traced.get(key);
      if (f === undefined) {
        yield d;
        continue;
      }
      traced.delete(key);
      yield withTrace(d, f);
    }
    // Flows the structural check trusts: a wrapper's format parameter that its caller fills with input.
    for (const f of traced.values()) {
      const d = toDetection(f);
      const local = LOCAL_SOURCES.has(f.sourceLabel);
      yield {
        ...d,
        messageId: 'untrusted',
        data: { ...d.data, fn: f.callee },
        ...(local
          ? { severity: 'note' as const, confidence: 'low' as const }
          : { confidence: 'high' as const }),
      };
    }
  },
});
