// Parameters of functions nothing in the file calls (`SourceSpec.uncalledParameters`): entry points and
// exported APIs whose callers are out of sight; functions the file calls get their callers' arguments.
import { describe, expect, it } from 'vitest';
import { cTaintFindings } from '../../src/engine/dataflow/c.js';
import { mergeSpecs, type TaintSpec } from '../../src/engine/dataflow/spec.js';
import type { TaintFinding } from '../../src/engine/dataflow/trace.js';
import { cAdapter, cppAdapter } from '../../src/languages/c/adapter.js';
import { ensureGrammars } from '../../src/languages/grammar.js';
import { C_TEST_SPEC } from './c-helpers.js';
import { byLine, py as c } from './helpers.js';

const ENTRY_LABEL = 'parameter `{{param}}` of `{{function}}`';

const SPEC: TaintSpec = mergeSpecs(C_TEST_SPEC, {
  sources: [
    {
      label: ENTRY_LABEL,
      uncalledParameters: {
        kinds: ['command'],
        excludeTypes: '^QSqlDatabase$',
        excludeSinks: ['program'],
      },
      report: { severity: 'warning', confidence: 'medium' },
    },
  ],
  sinks: [{ kind: 'command', label: 'program', calls: ['execv'], args: [0] }],
});

function findings(source: string, path = 'lib.c'): TaintFinding[] {
  ensureGrammars();
  const adapter = path.endsWith('.cpp') ? cppAdapter : cAdapter;
  return cTaintFindings(adapter.load(source, path).ctx, SPEC);
}

function sinks(source: string, path = 'lib.c'): string[] {
  return findings(source, path)
    .map((f) => `${f.kind}@${String(f.sinkNode.range().start.line + 1)}`)
    .sort(byLine);
}

describe('C dataflow: parameters of uncalled functions', () => {
  it('reports a parameter of an uncalled function reaching a sink, with its own label and spec', () => {
    const [f, ...rest] = findings(c`
      void archive(const char *dir) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "tar czf out.tgz %s", dir);
        system(cmd);
      }
    `);
    expect(rest).toEqual([]);
    expect(f?.sourceLabel).toBe('parameter `dir` of `archive`');
    expect(f?.sourceSpec?.report).toEqual({ severity: 'warning', confidence: 'medium' });
    expect(f?.sourceNode.text()).toBe('const char *dir');
    expect(f?.trace.map((s) => [s.kind, s.node.range().start.line + 1])).toEqual([
      ['source', 1],
      ['step', 3],
      ['sink', 4],
    ]);
  });

  it('lets the callers decide for a function the file calls', () => {
    expect(
      sinks(c`
        static void run(const char *cmd) { system(cmd); }
        void cleanup(void) { run("rm -rf /tmp/cache"); }
      `),
    ).toEqual([]);
    const [f] = findings(c`
      static void run(const char *cmd) { system(cmd); }
      void cleanup(const char *dir) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        run(cmd);
      }
    `);
    expect(f?.sourceLabel).toBe('parameter `dir` of `cleanup`');
    expect(f?.sinkNode.range().start.line).toBe(0);
    expect(f?.trace.map((s) => s.message)).toContain('passed to `run()`');
  });

  it('keeps numbers, other sink kinds, excluded types and excluded sinks clean', () => {
    expect(
      sinks(c`
        void stop(int pid) {
          char cmd[64];
          snprintf(cmd, sizeof cmd, "kill %d", pid);
          system(cmd);
        }
        void count(const char *table) { QSqlQuery q(table); }
        void launch(const char *path, char **argv) { execv(path, argv); }
      `),
    ).toEqual([]);
    expect(
      sinks(
        c`
          int rows(QSqlDatabase &db) { QProcess::execute(db); return 0; }
        `,
        'db.cpp',
      ),
    ).toEqual([]);
  });

  it('does not treat referenced, static or recursive-only functions alike', () => {
    expect(
      sinks(c`
        void on_signal(const char *cmd) { system(cmd); }
        void (*handler)(const char *) = on_signal;
        static void unused(const char *cmd) { system(cmd); }
      `),
    ).toEqual([]);
    // Recursion is not a caller; in a header a static function is called by the files including it.
    expect(
      sinks(c`
        void walk(const char *dir, int depth) {
          system(dir);
          if (depth > 0) walk(dir, depth - 1);
        }
      `),
    ).toEqual(['command@2']);
    expect(sinks('static inline void run(const char *c) { system(c); }\n', 'run.h')).toEqual([
      'command@1',
    ]);
  });

  it('prefers a source in the code and leaves main to its own sources', () => {
    const [f] = findings(c`
      void ping(const char *prefix) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s %s", prefix, getenv("HOST"));
        system(cmd);
      }
    `);
    expect(f?.sourceLabel).toBe('environment');
    const [m, ...rest] = findings(c`
      int main(int argc, char **argv, char **envp) { system(argv[1]); system(envp[0]); return 0; }
    `);
    expect(m?.sourceLabel).toBe('command line');
    expect(rest).toEqual([]);
  });

  it('treats an uncalled C++ method as an entry point, unless connected or called', () => {
    expect(
      sinks(
        c`
          class Runner { public: void run(const QString &c); void go(); };
          void Runner::run(const QString &c) { QProcess::execute(c); }
        `,
        'runner.cpp',
      ),
    ).toEqual(['command@2']);
    expect(
      sinks(
        c`
          class Runner { public: void run(const QString &c); void go(); };
          void Runner::run(const QString &c) { QProcess::execute(c); }
          void Runner::go() { run(QStringLiteral("ls")); }
        `,
        'runner.cpp',
      ),
    ).toEqual([]);
    expect(
      sinks(
        c`
          class Runner { public: void run(QString *c, int n); void go(); };
          void Runner::run(QString *c, int n) { QProcess::execute(*c); }
          void Runner::go() { connect(m_edit, SIGNAL(picked(Entry*,Model::Column)), SLOT(run(Entry*,Model::Column))); }
        `,
        'runner.cpp',
      ),
    ).toEqual([]);
  });
});
