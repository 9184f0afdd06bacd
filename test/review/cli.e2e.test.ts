// End-to-end: `secreview review` through the built CLI (bin/secreview.js -> dist/) on temporary git
// repositories; exit codes, standard streams and output files.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/result.js';
import { tempDir } from '../files/tmp.js';
import {
  githubReviewSchema,
  gitlabSastSchema,
  gerritReviewInputSchema,
} from '../reporters/platform-schemas.js';
import { PY, testRepo, type TestRepo } from './git-repo.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'secreview.js');
const SCHEMA = join(import.meta.dirname, '..', '..', 'schema', 'result.schema.json');
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv);
const validateResult = ajv.compile(
  JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>,
);

function run(
  args: string[],
  cwd: string,
  input?: string,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(
  args: string[],
  cwd: string,
  input?: string,
): { code: number; result: ScanResult; stderr: string } {
  const r = run([...args, '--format', 'json'], cwd, input);
  return { code: r.code, result: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
}

function lines(r: ScanResult): string[] {
  return r.findings.map((f) => `${f.location.path}:${String(f.location.start.line)}:${f.ruleId}`);
}

let repo: TestRepo;
beforeAll(async () => {
  repo = await testRepo();
  repo.write({ 'app.py': PY.header + PY.weakHash('digest') });
  repo.commit('init');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({
    'app.py': PY.header + PY.weakHash('digest') + PY.shell('run'),
    'logo.png': new Uint8Array([0, 1, 2, 0]),
  });
  repo.commit('Add run helper');
});

describe('secreview review (built CLI)', () => {
  it('review --base <branch>: findings on the change only, exit 1', () => {
    const { code, result } = json(['review', '--base', 'main'], repo.dir);
    expect(code).toBe(1);
    expect(lines(result)).toEqual(['app.py:8:python/command-injection']);
    expect(result.change?.findingsOutsideChange).toBe(1);
    expect(result.change?.files.map((f) => `${f.path}:${f.review}`)).toEqual([
      'app.py:reviewed',
      'logo.png:binary',
    ]);
    expect(result.change?.description).toBe('Add run helper');
    // The review result, change included, is valid against the published JSON Schema.
    expect(validateResult(result), JSON.stringify(validateResult.errors)).toBe(true);
  });

  it('review --base HEAD~1 --head HEAD, and exit 0 when --fail-on is above the findings', () => {
    expect(json(['review', '--base', 'HEAD~1', '--head', 'HEAD'], repo.dir).code).toBe(1);
    const lenient = run(
      ['review', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'none'],
      repo.dir,
    );
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('Change: Reviewed 1 of 2 changed files');
  });

  it('review --staged (as a pre-commit hook would run it)', async () => {
    const r2 = await testRepo();
    r2.write({ 'a.py': PY.header + PY.safe('ok') });
    r2.commit('init');
    expect(run(['review', '--staged'], r2.dir).code).toBe(0);
    r2.write({ 'a.py': PY.header + PY.safe('ok') + PY.shell('bad') });
    r2.git('add', 'a.py');
    const { code, result } = json(['review', '--staged'], r2.dir);
    expect(code).toBe(1);
    expect(lines(result)).toEqual(['a.py:8:python/command-injection']);
  });

  it('review --patch - reads standard input; --patch <file> reads a file; --message-file carries a description', async () => {
    const patch = repo.git('diff', 'main', 'feature');
    const fromStdin = json(['review', '--patch', '-'], repo.dir, patch);
    expect(fromStdin.code).toBe(1);
    expect(lines(fromStdin.result)).toEqual(['app.py:8:python/command-injection']);
    const dir = await tempDir();
    writeFileSync(join(dir, 'change.diff'), patch);
    writeFileSync(join(dir, 'pr.md'), 'Adds a run helper for the admin page.\n');
    const fromFile = json(
      ['review', '--patch', join(dir, 'change.diff'), '--message-file', join(dir, 'pr.md')],
      repo.dir,
    );
    expect(lines(fromFile.result)).toEqual(['app.py:8:python/command-injection']);
    expect(fromFile.result.change?.description).toBe('Adds a run helper for the admin page.');
    expect(fromFile.result.target).toBe(`the patch ${join(dir, 'change.diff')}`);
  });

  it('writes the three platform formats to files, each valid', async () => {
    const dir = await tempDir();
    const out = (n: string): string => join(dir, n);
    const r = run(
      [
        'review',
        '--base',
        'main',
        '-f',
        'github',
        'gitlab',
        'gerrit',
        'markdown',
        '-o',
        out('gh.json'),
        out('gl.json'),
        out('gerrit.json'),
        out('review.md'),
      ],
      repo.dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const gh = githubReviewSchema.parse(JSON.parse(readFileSync(out('gh.json'), 'utf8')));
    expect(gh.comments.map((c) => [c.path, c.line])).toEqual([['app.py', 8]]);
    gitlabSastSchema.parse(JSON.parse(readFileSync(out('gl.json'), 'utf8')));
    gerritReviewInputSchema.parse(JSON.parse(readFileSync(out('gerrit.json'), 'utf8')));
    expect(readFileSync(out('review.md'), 'utf8')).toMatch(
      /^## Security review of main\.\.\.HEAD\n\n\*\*1 security defect/,
    );
  });

  it('exits 2 with a clear message for each bad request', async () => {
    const plain = await tempDir();
    const cases: [string[], string, string | undefined, RegExp][] = [
      [['review', '--base', 'main'], plain, undefined, /not a git repository/],
      [['review', '--base', 'nope'], repo.dir, undefined, /unknown revision "nope"/],
      [['review', '--patch', '-'], repo.dir, 'garbage\n', /not a unified diff/],
      [
        ['review', '--patch', '-'],
        repo.dir,
        '--- a/app.py\n+++ b/app.py\n@@ -1,3 +1,4 @@\n import hashlib\n',
        /truncated/,
      ],
      [
        ['review', '--patch', '-'],
        repo.dir,
        '--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-x\n+not in the file\n',
        /does not match the working tree: app\.py line 1/,
      ],
      [['review'], repo.dir, undefined, /one of --base <rev>, --staged or --patch/],
      [['review', '--staged', '--base', 'main'], repo.dir, undefined, /only one of/],
      [['review', '--head', 'HEAD', '--staged'], repo.dir, undefined, /--head needs --base/],
      [['review', '--base', 'main', '--context', '-1'], repo.dir, undefined, /--context takes/],
      [
        ['review', '--patch', join(plain, 'missing.diff')],
        repo.dir,
        undefined,
        /cannot read the patch/,
      ],
    ];
    for (const [args, cwd, input, message] of cases) {
      const r = run(args, cwd, input);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
