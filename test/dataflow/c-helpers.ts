import { cTaintFindings } from '../../src/engine/dataflow/c.js';
import { mergeSpecs, type TaintSpec } from '../../src/engine/dataflow/spec.js';
import type { TaintFinding } from '../../src/engine/dataflow/trace.js';
import { cAdapter, cppAdapter } from '../../src/languages/c/adapter.js';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { byLine } from './helpers.js';

/** A small C/C++ spec for engine tests only: independent of the shipped C specs. */
export const C_TEST_SPEC: TaintSpec = mergeSpecs({
  sources: [
    { label: 'environment', calls: ['getenv', 'std::getenv'] },
    { label: 'line read', calls: ['fgets'], intoArgs: [0], result: true },
    { label: 'network data', calls: ['recv'], intoArgs: [1] },
    { label: 'input', calls: ['scanf'], intoArgsFrom: 1 },
    { label: 'stream line', calls: ['std::getline'], intoArgs: [1] },
    { label: 'POSIX line', calls: ['getline'], intoArgs: [0] },
    { label: 'command line', parameters: { functions: ['main'], positions: [1] } },
    { label: 'option argument', values: ['optarg'] },
    { label: 'standard input', values: ['std::cin', 'cin'] },
    { label: 'socket', calls: ['QTcpSocket::readAll'] },
    { label: 'character read', calls: ['getchar'] },
  ],
  handlers: [],
  sinks: [
    {
      kind: 'command',
      label: 'shell command',
      calls: ['system', 'popen', 'std::system'],
      args: [0],
    },
    {
      kind: 'command',
      label: 'shell command',
      calls: ['execl'],
      argsFrom: 1,
      onlyWhen: [{ all: [{ arg: 0, is: 'string', matches: '/sh$' }] }],
    },
    {
      kind: 'command',
      label: 'QProcess command',
      calls: ['QProcess::start', 'QProcess::execute'],
      args: [0],
    },
    { kind: 'sql', label: 'SQL query', calls: ['QSqlQuery', 'QSqlQuery::exec'], args: [0] },
    { kind: 'sql', label: 'SQL query', methods: ['exec'], receiver: 'query|db', args: [0] },
  ],
  sanitizers: [
    { label: 'converted to a number', calls: ['atoi', 'strtol'], kinds: '*' },
    { label: 'quoted for the shell', calls: ['shell_quote'], kinds: ['command'] },
    {
      label: 'escaped for SQL',
      calls: ['sql_escape'],
      kinds: ['sql'],
      intoArgs: [0],
      fromArgs: [1],
    },
  ],
  validators: [],
  propagators: [
    { calls: ['strcpy', 'strncpy', 'memcpy'], from: [1], to: 'result', toArgs: [0] },
    { calls: ['strcat', 'strncat'], from: [1], to: 'result', toArgs: [0], append: true },
    { calls: ['sprintf'], from: [], fromArgsFrom: 1, to: 'none', toArgs: [0] },
    { calls: ['snprintf'], from: [], fromArgsFrom: 2, to: 'none', toArgs: [0] },
    { calls: ['strlen'], from: [0], to: 'none' },
    { methods: ['append'], from: [0], to: 'receiver' },
  ],
});

/** Findings of the C runner on a snippet (`.c`, or `.cpp` with `cpp`). */
export function cAnalyze(
  source: string,
  cpp = false,
  spec: TaintSpec = C_TEST_SPEC,
): TaintFinding[] {
  ensureGrammars();
  const adapter = cpp ? cppAdapter : cAdapter;
  const { ctx } = adapter.load(source, cpp ? 'app.cpp' : 'app.c');
  return cTaintFindings(ctx, spec);
}

/** `kind@line` of each finding (1-based sink line), sorted. */
export function cSinks(source: string, cpp = false, spec: TaintSpec = C_TEST_SPEC): string[] {
  return cAnalyze(source, cpp, spec)
    .map((f) => `${f.kind}@${String(f.sinkNode.range().start.line + 1)}`)
    .sort(byLine);
}
