// End-to-end: the built CLI (bin/secreview.js -> dist/) on sample projects; exit codes and outputs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DEFECTS_VERDICT, type ScanResult } from '../src/core/result.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'secreview.js');

function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd = ROOT): { code: number; result: ScanResult } {
  const r = run([...args, '--format', 'json'], cwd);
  return { code: r.code, result: JSON.parse(r.stdout) as ScanResult };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'secreview-e2e-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('secreview scan', () => {
  it('reviews the bundled examples pillar by pillar and exits 1 on defects', () => {
    const r = run(['scan', 'examples/']);
    expect(r.code).toBe(1);
    for (const pillar of [284, 435, 664, 682, 691, 693, 697, 703, 707, 710]) {
      expect(r.stdout).toContain(`CWE-${String(pillar)}`);
    }
    expect(r.stdout).toMatch(/\d+ security defects are detected in the code\./);
    expect(r.stdout).toContain('examples/vulnerable-app/app/views.py');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('reviews the C and C++ example with the same report and exit code', () => {
    const { code, result } = json(['scan', 'examples/native-tool']);
    expect(code).toBe(1);
    expect(result.files.scanned.map((f) => [f.path, f.language])).toEqual([
      ['examples/native-tool/src/cache.cpp', 'cpp'],
      ['examples/native-tool/src/spool.c', 'c'],
    ]);
    const ids = new Set(result.findings.map((f) => f.ruleId));
    for (const id of [
      'c/use-after-free',
      'c/double-free',
      'c/mismatched-deallocation',
      'c/lock-not-released',
      'c/file-handle-leak',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(result.files.skipped).toEqual([]);
  });

  it('gives the clean verdict on the clean example and exits 0', () => {
    const r = run(['scan', 'examples/clean-service']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(NO_DEFECTS_VERDICT);
  });

  it('finds no defect in OpenStack-style functional tests', () => {
    const { code, result } = json(['scan', 'test/samples/openstack-style', '--per-file']);
    expect(result.verdict).toBe(NO_DEFECTS_VERDICT);
    expect(code).toBe(0);
    expect(result.files.scanned.length).toBe(2);
    for (const f of result.files.scanned) {
      expect(f.testCode).toBe(true);
      expect(f.frameworks).toContain('OpenStack Nova');
    }
  });

  it('writes JSON with relative POSIX paths and the documented fields', () => {
    const { result } = json(['scan', 'examples/vulnerable-app']);
    expect(result.schemaVersion).toBe('1.0.0');
    expect(result.findings.length).toBeGreaterThan(5);
    for (const f of result.findings) {
      expect(f.location.path).toMatch(/^examples\/vulnerable-app\//);
      expect(f.origin).toBe('rule');
      expect(typeof f.cwe).toBe('number');
      expect(f.cwes[0]).toBe(f.cwe);
      expect([284, 435, 664, 682, 691, 693, 697, 703, 707, 710]).toContain(f.pillar);
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(f.snippet.length).toBeGreaterThan(0);
    }
    expect(result.pillars).toHaveLength(10);
    expect(result.verdict).toMatch(/security defects? (is|are) detected in the code\.$/);
  });

  it('writes several formats to files in one run', () => {
    const sarif = join(tmp, 'out', 'results.sarif');
    const md = join(tmp, 'out', 'review.md');
    const r = run(['scan', 'examples/vulnerable-app', '-f', 'sarif', 'markdown', '-o', sarif, md]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { version: string; runs: unknown[] };
    expect(log.version).toBe('2.1.0');
    expect(readFileSync(md, 'utf8')).toContain('CWE-707');
  });

  it('infers the format from the output file name', () => {
    const out = join(tmp, 'guess.sarif');
    expect(run(['scan', 'examples/clean-service', '-o', out]).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('honours --fail-on', () => {
    expect(run(['scan', 'examples/vulnerable-app', '--fail-on', 'none']).code).toBe(0);
    expect(run(['scan', 'examples/vulnerable-app', '--fail-on', 'error']).code).toBe(1);
  });

  it('exits 2 with one clear line for usage errors', () => {
    const missing = run(['scan', 'no/such/path']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/path not found: no\/such\/path/);
    expect(missing.stdout).toBe('');
    const badLevel = run(['scan', 'examples', '--fail-on', 'sometimes']);
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toContain('--fail-on takes one of');
    const badRule = run(['scan', 'examples', '--rule', 'python/comand-injection']);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toContain('did you mean "python/command-injection"');
    const badFormat = run(['scan', 'examples', '--format', 'pdf']);
    expect(badFormat.code).toBe(2);
    expect(run(['scan', '--no-such-flag']).code).toBe(2);
  });

  it('lists skipped files with reasons and still reviews the rest', () => {
    const dir = join(tmp, 'skips');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ok.py'), 'import os\nos.system(input())\n');
    writeFileSync(join(dir, 'blob.py'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'big.py'), `x = 1\n${'# filler\n'.repeat(200_000)}`);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'broken.py'), 'def f(:\n    eval(input())\n');
    const { result } = json(['scan', dir, '--max-file-size', '1MB']);
    const reasons = Object.fromEntries(result.files.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['blob.py']).toBe('binary');
    expect(reasons['big.py']).toBe('too-large');
    expect(reasons['notes.txt']).toBe('unsupported-language');
    const scanned = result.files.scanned.map((f) => f.path);
    expect(scanned).toEqual(['broken.py', 'ok.py']);
    expect(result.files.scanned[0]?.syntaxErrors).toBeGreaterThan(0);
  });

  it('gives the same result with worker threads as without', () => {
    const dir = join(tmp, 'many');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 40; i++) {
      writeFileSync(
        join(dir, `m${String(i).padStart(2, '0')}.py`),
        `import os, subprocess\n\ndef f${String(i)}(x):\n    os.system("echo " + x)\n    try:\n        subprocess.call(x, shell=True)\n    except:\n        pass\n`,
      );
    }
    // The parameters reaching os.system are reported by the audit rules (no untrusted source here).
    const one = json(['scan', dir, '--jobs', '1', '--audit']).result;
    const two = json(['scan', dir, '--jobs', '2', '--audit']).result;
    expect(two.stats.workers).toBe(2);
    expect(one.stats.workers).toBe(1);
    expect(two.findings).toEqual(one.findings);
    expect(two.files).toEqual(one.files);
    expect(one.findings.length).toBeGreaterThanOrEqual(80);
  });
});

describe('secreview rules', () => {
  it('lists at least 35 Python rules with CWE and pillar', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; cwes: number[]; pillar: number }[];
    expect(rules.filter((x) => x.id.startsWith('python/')).length).toBeGreaterThanOrEqual(35);
  });

  it('prints its version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
