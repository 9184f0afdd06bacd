// The LLM step through the library API (scan with an `llm` option) against the fake servers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmScanOptions } from '../../src/api/llm-step.js';
import { scan } from '../../src/api/scan.js';
import type { Finding } from '../../src/core/finding.js';
import type { ScanResult } from '../../src/core/result.js';
import { scanResultSchema } from '../../src/core/result-schema.js';
import { tempProject, useFakeServers } from './helpers.js';

const servers = useFakeServers();
let tmp: ReturnType<typeof tempProject>;
let waits: number[];

beforeEach(() => {
  tmp = tempProject();
  waits = [];
});
afterEach(() => {
  tmp.remove();
});

function llm(scenario: string, over: Partial<LlmScanOptions> = {}): LlmScanOptions {
  return {
    provider: 'openai',
    model: `fake-${scenario}`,
    baseUrl: `${servers.openai.origin}/v1`,
    env: {},
    cache: tmp.cache,
    timeoutMs: 5000,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...over,
  };
}

async function run(options: LlmScanOptions): Promise<ScanResult> {
  const result = await scan({ targets: [tmp.project], cwd: tmp.dir, jobs: 1, llm: options });
  // Every result is valid against the published schema.
  expect(scanResultSchema.safeParse(result).success).toBe(true);
  return result;
}

const at = (r: ScanResult, file: string, line: number): Finding[] =>
  r.findings.filter((f) => f.location.path.endsWith(file) && f.location.start.line === line);

describe('LLM review through the scan API', () => {
  it('adds verified model findings and merges the one a rule also found', async () => {
    const r = await run(llm('clean-json'));
    const sqli = at(r, 'app.py', 10);
    expect(sqli).toHaveLength(1);
    expect(sqli[0]).toMatchObject({
      origin: 'rule',
      ruleId: 'python/sql-injection',
      confirmedBy: ['rule', 'llm'],
    });
    expect(sqli[0]?.llm).toMatchObject({
      provider: 'openai',
      model: 'fake-clean-json',
      verified: true,
    });
    const authz = at(r, 'app.py', 17);
    expect(authz).toHaveLength(1);
    expect(authz[0]).toMatchObject({ origin: 'llm', cwe: 862, pillar: 284, ruleId: 'llm/cwe-862' });
    expect(authz[0]?.llm?.rationale).toMatch(/Any caller can delete any account/);
    const report = r.llm;
    expect(report?.files.map((f) => [f.path, f.status])).toEqual([
      ['project/app.py', 'reviewed'],
      ['project/injected.py', 'reviewed'],
      ['project/util.py', 'reviewed'],
    ]);
    expect(report?.claims).toMatchObject({
      verified: 3,
      confirmedRuleFindings: 2,
      unverified: 0,
      dropped: 0,
    });
    expect(report?.requests).toMatchObject({ sent: 3, cached: 0, failed: 0 });
    expect(report?.tokens.input).toBeGreaterThan(0);
    expect(report?.tokens.estimatedInput).toBeGreaterThan(0);
    expect(report?.cost.actualUsd).toBeNull(); // fake model: price unknown
    expect(r.pillars.find((p) => p.id === 284)?.note).toMatch(/reviewed 3 of 3 files/);
    expect(r.errors).toEqual([]);
  });

  it('serves a re-run from the cache: nothing sent, the same result', async () => {
    const first = await run(llm('clean-json'));
    const sent = servers.openai.requests.length;
    const second = await run(llm('clean-json'));
    expect(servers.openai.requests.length).toBe(sent);
    expect(second.llm?.requests).toMatchObject({ sent: 0, cached: 3 });
    expect(second.findings).toEqual(first.findings);
    expect(second.llm?.files.every((f) => f.fromCache === 1)).toBe(true);
    // --no-cache sends again.
    await run(llm('clean-json', { cache: false }));
    expect(servers.openai.requests.length).toBe(sent + 3);
  });

  it('drops invented lines, moves a claim to the line its quote is on, keeps the rest unverified', async () => {
    const r = await run(llm('hallucinated-lines'));
    expect(r.findings.some((f) => f.location.start.line === 240)).toBe(false);
    expect(r.llm?.claims.droppedByReason['line-outside-file']).toBe(1);
    const div = r.findings.filter((f) => f.cwe === 369);
    expect(div.map((f) => f.location.start.line)).toEqual([23]);
    expect(div[0]?.llm?.corrections?.join(' ')).toMatch(/line/i);
    const invented = r.findings.filter((f) => f.cwe === 798);
    expect(invented).toHaveLength(1);
    expect(invented[0]).toMatchObject({ confidence: 'low', llm: { verified: false } });
    expect(invented[0]?.llm?.unverifiedReasons?.join(' ')).toMatch(/quoted code/);
    expect(r.llm?.claims).toMatchObject({ unverified: 1, dropped: 1 });
  });

  it('files a claim under the pillar of its CWE', async () => {
    const r = await run(llm('wrong-pillar'));
    const sqli = at(r, 'app.py', 10)[0];
    expect(sqli?.pillar).toBe(707);
    expect(sqli?.confirmedBy).toEqual(['rule', 'llm']);
  });

  it('reads fenced JSON and prose answers', async () => {
    const fenced = await run(llm('fenced-json', { cache: false }));
    expect(at(fenced, 'app.py', 17)[0]?.cwe).toBe(862);
    const prose = await run(llm('prose', { cache: false }));
    expect(at(prose, 'app.py', 17)[0]?.cwe).toBe(862);
    expect(at(prose, 'app.py', 10)[0]?.confirmedBy).toEqual(['rule', 'llm']);
  });

  it('retries a 429 after the Retry-After and a 500 after a backoff', async () => {
    const limited = await run(llm('rate-limit'));
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(limited.llm?.requests).toMatchObject({ sent: 3, retries: 3, failed: 0 });
    waits.length = 0;
    const failed = await run(llm('server-error', { concurrency: 1 }));
    expect(waits).toEqual([750, 750, 750]);
    expect(failed.llm?.files.every((f) => f.status === 'reviewed')).toBe(true);
  });

  it('retries a request that timed out', async () => {
    const r = await run(llm('timeout-once', { timeoutMs: 300 }));
    expect(r.llm?.requests).toMatchObject({ sent: 3, retries: 3, failed: 0 });
  });

  it('records per-file errors and still reports the rule findings', async () => {
    for (const [scenario, message] of [
      ['context-length', /context window/],
      ['refusal', /refused/],
      ['malformed', /not a review/],
      ['timeout', /no answer .* within/],
    ] as const) {
      const r = await run(llm(scenario, { timeoutMs: 200, cache: false }));
      expect(r.findings.map((f) => f.ruleId).sort()).toEqual([
        'python/command-injection',
        'python/sql-injection',
      ]);
      expect(r.errors).toHaveLength(3);
      for (const e of r.errors) {
        expect(e.kind).toBe('llm');
        expect(e.message).toMatch(message);
      }
      expect(r.llm?.files.every((f) => f.status === 'failed')).toBe(true);
    }
  });

  it('keeps the complete claims of a cut-off answer and records the cut', async () => {
    const r = await run(llm('truncated'));
    expect(r.errors).toHaveLength(3);
    expect(r.errors.every((e) => e.kind === 'llm' && e.message.includes('cut off'))).toBe(true);
    const app = r.llm?.files.find((f) => f.path.endsWith('app.py'));
    expect(app?.status).toBe('partial');
    expect(app?.detail).toMatch(/complete claim\(s\) before the cut were kept/);
    expect(at(r, 'app.py', 10)[0]?.confirmedBy).toEqual(['rule', 'llm']);
    expect(r.llm?.files.find((f) => f.path.endsWith('util.py'))?.status).toBe('failed');
  });

  it('splits a file finer when its prompt does not fit the context window', async () => {
    const r = await run(llm('small-context', { partTokens: 300 }));
    const app = r.llm?.files.find((f) => f.path.endsWith('app.py'));
    expect(app).toMatchObject({ status: 'reviewed', parts: 3, partsReviewed: 3 });
    expect(app?.detail).toMatch(/did not fit the context window; split again with 150 tokens/);
    expect(at(r, 'app.py', 10)[0]?.confirmedBy).toEqual(['rule', 'llm']);
    expect(at(r, 'app.py', 17)[0]?.origin).toBe('llm');
    expect(r.errors).toEqual([]);
  });

  it('stops sending after an invalid key instead of failing every file the same way', async () => {
    const r = await run(llm('invalid-key', { concurrency: 1 }));
    expect(servers.openai.requests).toHaveLength(1);
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]?.message).toMatch(/rejected the credentials/);
    expect(r.llm?.files.every((f) => f.status === 'failed')).toBe(true);
    expect(r.findings).toHaveLength(2);
  });

  it('stops after a server that stays unreachable, listing every file', async () => {
    const r = await run(
      llm('clean-json', {
        baseUrl: 'http://127.0.0.1:9/v1',
        concurrency: 1,
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxTotalWaitMs: 5000 },
      }),
    );
    expect(waits).toEqual([75, 150]); // jitter 0.5: three quarters of 100 and 200
    expect(r.llm?.requests).toMatchObject({ sent: 0, failed: 1 });
    expect(r.llm?.files.every((f) => f.status === 'failed')).toBe(true);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /cannot connect to http:\/\/127\.0\.0\.1:9\/v1.*gave up after 3 attempts/,
      ),
      expect.stringMatching(/not sent: cannot connect/),
      expect.stringMatching(/not sent: cannot connect/),
    ]);
    expect(r.findings).toHaveLength(2);
  });

  it('keeps the claims a majority of the samples made', async () => {
    const r = await run(llm('disagree', { samples: 3, concurrency: 1 }));
    expect(at(r, 'app.py', 17)[0]?.llm?.samples).toEqual({ agreeing: 2, total: 3 });
    expect(r.findings.some((f) => f.cwe === 369)).toBe(false);
    expect(r.llm?.claims.belowMajority).toBe(1);
    expect(r.llm?.samples).toBe(3);
    // Each sample is asked with its own seed.
    const seeds = servers.openai.requests
      .filter((q) => q.view.file === 'app.py')
      .map((q) => q.body.seed);
    expect(seeds).toEqual([1000, 1001, 1002]);
  });

  it('--max-files sends the first files and lists the others', async () => {
    const r = await run(llm('clean-json', { maxFiles: 1 }));
    expect(r.llm?.files.map((f) => [f.status, f.skipReason ?? ''])).toEqual([
      ['reviewed', ''],
      ['skipped', 'max-files'],
      ['skipped', 'max-files'],
    ]);
    expect(servers.openai.requests).toHaveLength(1);
  });

  it('--max-cost stops sending before the limit could be passed', async () => {
    // 1 USD per million tokens: a request's worst case is its prompt (~2,400 tokens) + 1,000 output
    // tokens, about $0.0034; after the first answer (~$0.0026 spent) the next worst case no longer fits.
    const r = await run(
      llm('clean-json', {
        maxCostUsd: 0.005,
        maxOutputTokens: 1000,
        price: { inputPerMTok: 1, outputPerMTok: 1 },
        concurrency: 1,
      }),
    );
    expect(r.llm?.files.map((f) => f.skipReason ?? f.status)).toEqual([
      'reviewed',
      'max-cost',
      'max-cost',
    ]);
    expect(r.llm?.cost.actualUsd).toBeGreaterThan(0);
    expect(r.llm?.cost.actualUsd).toBeLessThanOrEqual(0.005);
    expect(r.llm?.cost.maxUsd).toBe(0.005);
    expect(servers.openai.requests).toHaveLength(1);
    expect(r.errors).toEqual([]);
  });

  it('refuses --max-cost when the price is unknown', async () => {
    await expect(run(llm('clean-json', { maxCostUsd: 1 }))).rejects.toThrow(/--llm-price/);
  });

  it('--llm-only reports the model alone', async () => {
    const r = await run(llm('clean-json', { llmOnly: true }));
    expect(r.rules).toEqual([]);
    expect(r.findings.every((f) => f.origin === 'llm')).toBe(true);
    expect(at(r, 'app.py', 10)[0]?.cwe).toBe(89);
    expect(r.pillars.every((p) => p.coverage === 'checked' && p.note.includes('--llm-only'))).toBe(
      true,
    );
  });

  it('hybrid: hands the rule findings over as candidates and records the confirmation', async () => {
    const r = await run(llm('hybrid', { prompt: 'hybrid' }));
    const sent = servers.openai.requests.find((q) => q.view.file === 'app.py');
    expect(sent?.view.user).toContain('python/sql-injection');
    expect(at(r, 'app.py', 10)[0]?.confirmedBy).toEqual(['rule', 'llm']);
    expect(at(r, 'app.py', 17)[0]?.origin).toBe('llm');
  });

  it('hybrid: keeps a rule finding the model rejected, with its reason', async () => {
    const r = await run(llm('hybrid-reject', { prompt: 'hybrid' }));
    const cmd = at(r, 'injected.py', 6);
    expect(cmd.map((f) => f.ruleId)).toEqual(['python/command-injection']);
    expect(cmd[0]?.llm?.rejection).toMatch(/fixed list of backup folders/);
    expect(cmd[0]?.confirmedBy).toBeUndefined();
    expect(r.llm?.claims.rejectedRuleFindings).toBe(1);
  });

  it('shows code as data: the injected instruction stays inside the fenced code', async () => {
    const r = await run(llm('obeys-injection'));
    const sent = servers.openai.requests.find((q) => q.view.file === 'injected.py');
    expect(sent?.view.system).toMatch(/instruction/i);
    expect(sent?.view.user).toContain('ignore previous instructions');
    // A model that obeyed reports nothing there, but the rule finding stands.
    expect(at(r, 'injected.py', 6).map((f) => f.ruleId)).toEqual(['python/command-injection']);
  });

  it('review mode: sends only changed files, with the commit message, and drops claims outside the change', async () => {
    const r = await run(
      llm('clean-json', {
        prompt: 'commit-message',
        changedLines: { 'project/app.py': [{ start: 15, end: 19 }] },
        commitMessage: 'Let users delete their accounts',
      }),
    );
    expect(r.llm?.files.map((f) => [f.path, f.status, f.skipReason ?? ''])).toEqual([
      ['project/app.py', 'reviewed', ''],
      ['project/injected.py', 'skipped', 'outside-change'],
      ['project/util.py', 'skipped', 'outside-change'],
    ]);
    expect(servers.openai.requests).toHaveLength(1);
    expect(servers.openai.requests[0]?.view.user).toContain('Let users delete their accounts');
    // The authorisation defect is in the change; the SQL injection on line 10 is not.
    expect(at(r, 'app.py', 17)[0]?.origin).toBe('llm');
    expect(at(r, 'app.py', 10)[0]?.confirmedBy).toBeUndefined();
    expect(r.llm?.claims.droppedByReason['outside-change']).toBe(1);
  });

  it('works the same with the Anthropic provider', async () => {
    const r = await run(
      llm('clean-json', {
        provider: 'anthropic',
        baseUrl: servers.anthropic.origin,
        env: { ANTHROPIC_API_KEY: 'k' },
      }),
    );
    expect(at(r, 'app.py', 17)[0]?.llm).toMatchObject({ provider: 'anthropic', verified: true });
    expect(servers.anthropic.requests).toHaveLength(3);
    expect(servers.anthropic.requests[0]?.view.wantsStructured).toBe(true);
  });
});
