// Review mode with --llm: only the changed files go to the model, with the changed lines marked and the
// commit message as context; the model's findings are scoped to the change like the rules' findings.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/result.js';
import { testRepo } from '../review/git-repo.js';
import { SAMPLE_PROJECT, useFakeServers } from './helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'secreview.js');
const servers = useFakeServers();

function cli(
  cwd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: cwd,
          NO_COLOR: '1',
          SECREVIEW_CACHE_DIR: join(cwd, '.cache-llm'),
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const sample = (name: string): string => readFileSync(join(SAMPLE_PROJECT, name), 'utf8');

describe('secreview review --llm', () => {
  it('sends only the changed files, marks the changed lines and passes the commit message', async () => {
    const repo = await testRepo();
    repo.write({ '.gitignore': '.cache-llm/\n', 'util.py': sample('util.py') });
    repo.commit('Start');
    repo.write({ 'app.py': sample('app.py') });
    repo.commit('Add the account endpoints\n\nDeleting an account is now possible.');

    const run = await cli(repo.dir, [
      'review',
      '--base',
      'HEAD~1',
      '--llm',
      'openai',
      '--model',
      'fake-clean-json',
      '--base-url',
      `${servers.openai.origin}/v1`,
      '--format',
      'json',
    ]);
    expect(run.stderr).not.toMatch(/error/i);
    const result = JSON.parse(run.stdout) as ScanResult;

    const files = servers.openai.requests.map((r) => r.view.file);
    expect(files).toEqual(['app.py']);
    const user = servers.openai.requests[0]?.view.user ?? '';
    expect(user).toContain('Add the account endpoints');
    expect(user).toMatch(/\+\s*\d+/);
    expect(result.change?.description).toContain('Add the account endpoints');
    expect(result.llm?.files.map((f) => f.path)).toEqual(['app.py']);
    expect(result.findings.find((f) => f.cwe === 862)).toMatchObject({ origin: 'llm' });
    expect(run.code).toBe(1);
  });
});
