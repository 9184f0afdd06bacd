// End-to-end: the built CLI with --llm against the fake servers (started in this process; the CLI runs as
// a child process, so the test waits for it asynchronously).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/result.js';
import { tempProject, useFakeServers } from './helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'secreview.js');

const servers = useFakeServers();
let tmp: ReturnType<typeof tempProject>;

beforeEach(() => {
  tmp = tempProject();
});
afterEach(() => {
  tmp.remove();
});

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: tmp.dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: tmp.dir,
          NO_COLOR: '1',
          SECREVIEW_CACHE_DIR: tmp.cache,
          ...env,
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

const openaiArgs = (scenario: string): string[] => [
  'scan',
  'project',
  '--llm',
  'openai',
  '--model',
  `fake-${scenario}`,
  '--base-url',
  `${servers.openai.origin}/v1`,
];

describe('secreview scan --llm', () => {
  it('reviews with an OpenAI-compatible server and reports the model findings in every format', async () => {
    const json = await cli([...openaiArgs('clean-json'), '--format', 'json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as ScanResult;
    const authz = result.findings.find((f) => f.cwe === 862);
    expect(authz).toMatchObject({
      origin: 'llm',
      llm: { model: 'fake-clean-json', verified: true },
    });
    expect(result.findings.find((f) => f.cwe === 89)?.confirmedBy).toEqual(['rule', 'llm']);
    expect(result.llm?.files).toHaveLength(3);
    expect(json.stderr).toMatch(
      /sending 3 file\(s\) in 3 request\(s\) to openai fake-clean-json at http:\/\/127\.0\.0\.1/,
    );

    // The second run is served from the cache: no request reaches the server.
    const before = servers.openai.requests.length;
    const text = await cli(openaiArgs('clean-json'));
    expect(servers.openai.requests.length).toBe(before);
    expect(text.stdout).toContain('[LLM review]');
    expect(text.stdout).toContain("Model's rationale: The name is pasted into the SQL text");
    expect(text.stdout).toContain('Any caller can delete any account');
    expect(text.stdout).toContain('Confirmed by both a rule and the model.');
    expect(text.stdout).toMatch(/LLM review\n {2}openai fake-clean-json at /);
    expect(text.stdout).toContain('3 from the cache');

    const md = await cli([...openaiArgs('clean-json'), '--format', 'markdown']);
    expect(md.stdout).toContain('## LLM review');
    const sarif = await cli([...openaiArgs('clean-json'), '--format', 'sarif']);
    const run = (
      JSON.parse(sarif.stdout) as {
        runs: { results: { ruleId: string; properties: Record<string, unknown> }[] }[];
      }
    ).runs[0];
    const llmResult = run?.results.find((r) => r.ruleId === 'llm/cwe-862');
    expect(llmResult?.properties).toMatchObject({
      origin: 'llm',
      llm: { model: 'fake-clean-json' },
    });
  });

  it('reviews with the Anthropic provider (base URL from ANTHROPIC_BASE_URL)', async () => {
    const r = await cli(
      [
        'scan',
        'project',
        '--llm',
        'anthropic',
        '--model',
        'fake-clean-json',
        '--format',
        'json',
        '--no-cache',
      ],
      { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: servers.anthropic.origin },
    );
    const result = JSON.parse(r.stdout) as ScanResult;
    expect(result.llm?.provider).toBe('anthropic');
    expect(result.findings.some((f) => f.cwe === 862 && f.llm?.provider === 'anthropic')).toBe(
      true,
    );
    expect(servers.anthropic.requests).toHaveLength(3);
  });

  it('keeps the rule findings and lists the errors when the model fails', async () => {
    const r = await cli([...openaiArgs('invalid-key'), '--format', 'json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as ScanResult;
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      'python/command-injection',
      'python/sql-injection',
    ]);
    expect(result.errors.every((e) => e.kind === 'llm')).toBe(true);
    expect(result.errors[0]?.message).toMatch(/rejected the credentials/);
    expect(r.stderr).toMatch(/problem\(s\) occurred/);
  });

  it('--llm-only, --max-files and a clean verdict from the model alone', async () => {
    const r = await cli([
      'scan',
      'project/util.py',
      ...openaiArgs('clean-json').slice(2),
      '--llm-only',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No security defects are detected in the code.');
    expect(r.stdout).toContain('Rules did not run (--llm-only)');
    const limited = await cli([
      ...openaiArgs('clean-json'),
      '--max-files',
      '1',
      '--format',
      'json',
    ]);
    const result = JSON.parse(limited.stdout) as ScanResult;
    expect(result.llm?.files.filter((f) => f.skipReason === 'max-files')).toHaveLength(2);
  });

  it('needs an API key for api.anthropic.com, and rejects LLM flags without --llm', async () => {
    const noKey = await cli([
      'scan',
      'project',
      '--llm',
      'anthropic',
      '--model',
      'claude-sonnet-4-5',
    ]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/ANTHROPIC_API_KEY is not set/);
    const stray = await cli(['scan', 'project', '--model', 'gpt-4.1']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--model needs --llm/);
    const noModel = await cli(['scan', 'project', '--llm', 'openai']);
    expect(noModel.stderr).toMatch(/needs --model/);
  });

  it('sends nothing without --llm', async () => {
    const r = await cli(['scan', 'project', '--format', 'json']);
    expect((JSON.parse(r.stdout) as ScanResult).llm).toBeUndefined();
    expect(servers.openai.requests).toHaveLength(0);
  });
});
