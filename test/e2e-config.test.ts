// End-to-end through the built CLI: configuration files, inline suppressions and baselines.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../src/baseline/baseline.js';
import { NO_DEFECTS_VERDICT, type ScanResult } from '../src/core/result.js';
import { validateSarif } from './helpers/sarif-validator.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'secreview.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd: string): { code: number; result: ScanResult; stderr: string } {
  const r = run([...args, '--format', 'json'], cwd);
  return { code: r.code, result: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'secreview-e2e-config-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

let counter = 0;
/** A fresh repository (a folder with .git) holding `files`. */
function repo(files: Record<string, string>): string {
  const dir = join(tmp, `repo${String(++counter)}`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const HASH = 'import hashlib\n\ndef digest(b):\n    return hashlib.md5(b).hexdigest()\n';
const CMD = 'import os, flask\n\ndef run(x):\n    os.system("ls " + flask.request.args["x"])\n';

describe('configuration file', () => {
  it('is found upward from the target and applied; flags win over it', () => {
    const dir = repo({
      'secreview.config.yaml': 'rules:\n  python/weak-hash: off\nfailOn: error\n',
      'src/app/a.py': HASH + CMD.replace('import os, flask\n', 'import os, flask\n'),
    });
    const { code, result } = json(['scan', 'src/app'], dir);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['python/command-injection']);
    expect(code).toBe(1);
    const noteOnly = repo({
      'secreview.config.json':
        '{ "rules": { "python/command-injection": "note" }, "failOn": "warning" }',
      'a.py': CMD,
    });
    expect(run(['scan', '.'], noteOnly).code).toBe(0);
    expect(run(['scan', '.', '--fail-on', 'note'], noteOnly).code).toBe(1);
    expect(run(['scan', '.', '--no-config'], noteOnly).code).toBe(1);
  });

  it('stops with exit 2 and the file, line and key of a mistake', () => {
    const dir = repo({
      'secreview.config.yml': 'exclude: [build/]\nrules:\n  python/comand-injection: off\n',
      'a.py': CMD,
    });
    const r = run(['scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'secreview.config.yml:3: rules["python/comand-injection"]: unknown rule id (did you mean "python/command-injection"?)',
    );
    expect(r.stdout).toBe('');
    const missing = run(['scan', '.', '--config', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read configuration nope.json');
  });
});

describe('inline suppressions', () => {
  const source =
    'import os, flask\n\ndef run(x):\n    # secreview-ignore python/command-injection -- x comes from a fixed list of tools\n    os.system("ls " + flask.request.args["x"])\n';

  it('suppress with a reason, keep the finding in JSON, and are off with --no-inline-suppressions', () => {
    const dir = repo({ 'a.py': source });
    const { code, result } = json(['scan', '.'], dir);
    expect(code).toBe(0);
    expect(result.verdict).toBe(NO_DEFECTS_VERDICT);
    expect(result.summary.suppressed).toBe(1);
    expect(result.findings[0]?.suppression).toEqual({
      kind: 'inline',
      justification: 'x comes from a fixed list of tools',
    });
    const text = run(['scan', '.'], dir).stdout;
    expect(text).toContain('Suppressed findings (1)');
    expect(text).toContain(
      'a.py:5:5  python/command-injection  inline: x comes from a fixed list of tools',
    );
    const md = run(['scan', '.', '--format', 'markdown'], dir).stdout;
    expect(md).toContain(
      '| `a.py:5:5` | `python/command-injection` | inline | x comes from a fixed list of tools |',
    );
    const audit = json(['scan', '.', '--no-inline-suppressions'], dir);
    expect(audit.code).toBe(1);
    expect(audit.result.findings[0]?.suppression).toBeUndefined();
  });

  it('work the same on worker threads', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`m${String(i)}.py`] = source;
    files['bare.py'] =
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore\n';
    const dir = repo(files);
    const { result } = json(['scan', '.', '-j', '2'], dir);
    expect(result.stats.workers).toBe(2);
    expect(result.summary.suppressed).toBe(20);
    expect(result.findings.filter((f) => f.suppression === undefined).map((f) => f.ruleId)).toEqual(
      ['python/command-injection', 'secreview/suppression-without-rule-id'],
    );
    const audit = json(['scan', '.', '-j', '2', '--no-inline-suppressions'], dir);
    expect(audit.result.summary.suppressed).toBe(0);
  });

  it('report a suppression without a reason and suppress nothing', () => {
    const dir = repo({ 'a.py': source.replace(' -- x comes from a fixed list of tools', '') });
    const { code, result } = json(['scan', '.'], dir);
    expect(code).toBe(1);
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      'python/command-injection',
      'secreview/suppression-without-reason',
    ]);
  });
});

describe('baselines', () => {
  it("accept today's findings, keep them suppressed after code moves, and report new ones", () => {
    const dir = repo({ 'app/jobs.py': CMD });
    const created = run(['baseline', 'create', '.'], dir);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('wrote 1 baseline entries to .secreview-baseline.json');
    const file = join(dir, '.secreview-baseline.json');
    const baseline = parseBaseline(readFileSync(file, 'utf8'), file);
    expect(baseline.entries.map((e) => [e.ruleId, e.path, e.line])).toEqual([
      ['python/command-injection', 'app/jobs.py', 4],
    ]);

    // The code moves down and is reindented into a class; a second occurrence is added below.
    writeFileSync(
      join(dir, 'app/jobs.py'),
      'import os, flask\nimport sys\n\n\nclass Jobs:\n    def run(self, x):\n        os.system("ls " + flask.request.args["x"])\n\n    def again(self, x):\n        os.system("ls " + flask.request.args["x"])\n',
    );
    const { code, result } = json(['scan', '.', '--baseline', '.secreview-baseline.json'], dir);
    expect(code).toBe(1);
    const cmd = result.findings.filter((f) => f.ruleId === 'python/command-injection');
    expect(cmd.map((f) => [f.location.start.line, f.suppression?.kind])).toEqual([
      [7, 'baseline'],
      [10, undefined],
    ]);

    // The same baseline named in the configuration file; SARIF carries both kinds of suppression.
    writeFileSync(join(dir, 'secreview.config.json'), '{ "baseline": ".secreview-baseline.json" }');
    writeFileSync(
      join(dir, 'app/jobs.py'),
      'import os, flask\n\n\nclass Jobs:\n    def run(self, x):\n        os.system("ls " + flask.request.args["x"])\n\n    def again(self, x):\n        os.system("ls " + flask.request.args["x"])  # secreview-ignore python/command-injection -- x is validated above\n',
    );
    const sarifRun = run(['scan', '.', '--format', 'sarif'], dir);
    expect(sarifRun.code).toBe(0);
    const sarif = JSON.parse(sarifRun.stdout) as {
      runs: {
        results: { suppressions?: { kind: string; status: string; justification: string }[] }[];
      }[];
    };
    const suppressions = sarif.runs[0]?.results.map((r) => r.suppressions?.[0]) ?? [];
    expect(suppressions.map((x) => [x?.kind, x?.status])).toEqual([
      ['external', 'accepted'],
      ['inSource', 'accepted'],
    ]);
    expect(suppressions[0]?.justification).toMatch(
      /^existing finding when the baseline was created \(accepted \d{4}-\d{2}-\d{2}\)$/,
    );
    expect(suppressions[1]?.justification).toBe('x is validated above');
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
  });

  it('refuses a malformed baseline with exit 2 and says why', () => {
    const dir = repo({ 'a.py': CMD, 'b.json': '{"version": 1, "entries": [}' });
    const r = run(['scan', '.', '--baseline', 'b.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('baseline b.json is not valid JSON');
    expect(existsSync(join(dir, '.secreview-baseline.json'))).toBe(false);
  });

  it('notes entries that no longer match anything', () => {
    const dir = repo({ 'a.py': CMD });
    expect(
      run(['baseline', 'create', '.', '-o', 'base.json', '--justification', 'legacy'], dir).code,
    ).toBe(0);
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    const r = run(['scan', '.', '--baseline', 'base.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 of 1 baseline entries in base.json matched no finding');
  });
});
