import { parse } from '@ast-grep/napi';
import { compileSpec } from '../../src/engine/dataflow/compiled.js';
import { analyzeTaint } from '../../src/engine/dataflow/engine.js';
import { mergeSpecs, type TaintSpec } from '../../src/engine/dataflow/spec.js';
import type { TaintFinding } from '../../src/engine/dataflow/trace.js';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { collectImports } from '../../src/languages/python/imports.js';
import { lowerPythonModule } from '../../src/languages/python/lower.js';
import { preparePython } from '../../src/languages/python/adapter.js';
import { pythonTaintFindings } from '../../src/engine/dataflow/python.js';

/** A small spec for engine tests only: independent of the shipped Python specs. */
export const TEST_SPEC: TaintSpec = mergeSpecs({
  sources: [
    { label: 'user input', calls: ['input', 'src'] },
    { label: 'request arguments', values: ['flask.request.args', 'flask.request.form'] },
    { label: 'command-line arguments', values: ['sys.argv'] },
    {
      label: 'HTTP request path',
      selfAttributes: { bases: ['http.server.BaseHTTPRequestHandler'], attributes: ['path'] },
    },
  ],
  handlers: [
    {
      label: 'route parameter',
      framework: 'flask',
      imports: ['flask'],
      decorators: ['route'],
    },
    {
      label: 'Django request data',
      framework: 'django',
      imports: ['django'],
      firstParam: ['request'],
      params: 'first',
      attributes: ['GET', 'POST'],
    },
  ],
  sinks: [
    { kind: 'command', label: 'shell command', calls: ['os.system', 'sink'] },
    {
      kind: 'command',
      label: 'OS command',
      calls: ['subprocess.run'],
      args: [0],
      keywords: ['args'],
      safeWhen: [
        {
          all: [
            { keyword: 'shell', is: 'not-true' },
            { arg: 0, keyword: 'args', is: 'list-constant-head' },
          ],
        },
      ],
    },
    { kind: 'sql', label: 'SQL query', methods: ['execute'], args: [0], keywords: ['sql'] },
    {
      kind: 'url',
      label: 'URL fetch',
      calls: ['requests.get'],
      args: [0],
      keywords: ['url'],
      safeWhen: [{ all: [{ arg: 0, keyword: 'url', is: 'prefix', matches: '^https?://[^/]+/' }] }],
    },
    { kind: 'html', label: 'HTML page', calls: ['html_sink'] },
    { kind: 'header', label: 'response header', stores: ['headers'] },
    { kind: 'html', label: 'HTML response', handlerReturn: ['flask'] },
  ],
  sanitizers: [
    { label: 'converted to a number', calls: ['int', 'float'], kinds: '*' },
    { label: 'escaped for HTML', calls: ['html.escape'], kinds: ['html'] },
    { label: 'quoted for the shell', calls: ['shlex.quote'], kinds: ['command'] },
  ],
  validators: [
    { form: 'membership', kinds: '*' },
    {
      form: 'call',
      calls: ['re.fullmatch'],
      validates: 1,
      pattern: { arg: 0, fullMatch: true },
      kinds: '*',
    },
    { form: 'call', methods: ['isdigit'], validates: 'receiver', kinds: '*' },
    {
      form: 'call',
      methods: ['startswith'],
      validates: 'receiver',
      receiverFrom: ['os.path.realpath'],
      kinds: ['path', 'command'],
    },
  ],
  propagators: [
    { calls: ['len'], from: [0], to: 'none' },
    { methods: ['fill'], from: [0], to: 'receiver' },
    { calls: ['html.unescape'], from: [0], to: 'result', undoes: '*' },
  ],
  noReturn: ['flask.abort', 'sys.exit'],
});

export function analyze(source: string, spec: TaintSpec = TEST_SPEC): TaintFinding[] {
  ensureGrammars();
  const root = parse('python', source).root();
  const mod = lowerPythonModule(root, collectImports(root));
  return analyzeTaint(mod, compileSpec(spec));
}

/** `kind@line` of each finding (1-based sink line), sorted. */
export function sinks(source: string, spec: TaintSpec = TEST_SPEC): string[] {
  return analyze(source, spec)
    .map((f) => `${f.kind}@${String(f.sinkNode.range().start.line + 1)}`)
    .sort(byLine);
}

/** Orders `kind@line` strings by line, then kind. */
export function byLine(a: string, b: string): number {
  const la = Number(a.split('@')[1]);
  const lb = Number(b.split('@')[1]);
  return la - lb || a.localeCompare(b);
}

/** Dedents a template so tests can indent Python code. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce(
    (acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''),
    '',
  );
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0),
  );
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Like `sinks`, through the rule-facing entry point (source prefilter, root selection, memoisation). */
export function sinksViaContext(source: string, spec: TaintSpec = TEST_SPEC): string[] {
  ensureGrammars();
  const root = parse('python', source).root();
  const { ctx } = preparePython(root, source, 'app.py');
  return pythonTaintFindings(ctx, spec)
    .map((f) => `${f.kind}@${String(f.sinkNode.range().start.line + 1)}`)
    .sort(byLine);
}
