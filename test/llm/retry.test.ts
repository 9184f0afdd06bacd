// Backoff and Retry-After with a fake clock: no test waits for real.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/llm/providers/errors.js';
import { LlmError } from '../../src/llm/providers/provider.js';
import { backoffDelay, withRetry, type RetryPolicy } from '../../src/llm/retry.js';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 60_000,
};

function fakeClock() {
  const waits: number[] = [];
  return {
    waits,
    env: { sleep: (ms: number) => (waits.push(ms), Promise.resolve()), random: () => 0.5 },
  };
}

function failing(errors: LlmError[], value = 'ok') {
  let calls = 0;
  return {
    calls: () => calls,
    attempt: () => {
      const e = errors[calls++];
      return e === undefined ? Promise.resolve(value) : Promise.reject(e);
    },
  };
}

describe('withRetry', () => {
  it('retries 429, 5xx, timeouts and connection errors with growing, jittered waits', async () => {
    const clock = fakeClock();
    const f = failing([
      new LlmError('server', '500'),
      new LlmError('timeout', 'slow'),
      new LlmError('connection', 'refused'),
    ]);
    const out = await withRetry(f.attempt, policy, clock.env);
    expect(out).toEqual({ value: 'ok', retries: 3, waitedMs: 750 + 1500 + 3000 });
    expect(clock.waits).toEqual([750, 1500, 3000]);
  });

  it("honours the server's Retry-After instead of its own backoff", async () => {
    const clock = fakeClock();
    const f = failing([new LlmError('rate-limit', '429', { retryAfterMs: 7000 })]);
    await withRetry(f.attempt, policy, clock.env);
    expect(clock.waits).toEqual([7000]);
  });

  it.each(['auth', 'context-length', 'refusal', 'truncated', 'malformed', 'bad-request'] as const)(
    'does not retry %s',
    async (kind) => {
      const clock = fakeClock();
      const f = failing([new LlmError(kind, 'no')]);
      await expect(withRetry(f.attempt, policy, clock.env)).rejects.toMatchObject({ kind });
      expect(f.calls()).toBe(1);
      expect(clock.waits).toEqual([]);
    },
  );

  it('gives up after the attempt limit and says so', async () => {
    const clock = fakeClock();
    const f = failing(Array.from({ length: 10 }, () => new LlmError('server', 'HTTP 503')));
    await expect(withRetry(f.attempt, policy, clock.env)).rejects.toThrow(
      /HTTP 503 \(gave up after 4 attempts/,
    );
    expect(f.calls()).toBe(4);
  });

  it('gives up rather than wait longer than allowed', async () => {
    const clock = fakeClock();
    const f = failing([new LlmError('rate-limit', '429', { retryAfterMs: 3_600_000 })]);
    await expect(withRetry(f.attempt, policy, clock.env)).rejects.toThrow(/asked to wait 3600 s/);
    expect(clock.waits).toEqual([]);
  });

  it('keeps the total wait under its bound', async () => {
    const clock = fakeClock();
    const f = failing(
      Array.from({ length: 10 }, () => new LlmError('rate-limit', '429', { retryAfterMs: 25_000 })),
    );
    await expect(withRetry(f.attempt, { ...policy, maxAttempts: 10 }, clock.env)).rejects.toThrow(
      /wait limit/,
    );
    expect(clock.waits).toEqual([25_000, 25_000]);
  });
});

describe('backoffDelay', () => {
  it('stays between half and all of the exponential ceiling, capped', () => {
    for (const r of [0, 0.3, 0.99]) {
      const d = backoffDelay(3, policy, () => r);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
    expect(backoffDelay(20, policy, () => 0.99)).toBeLessThanOrEqual(30_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '12' }), now)).toBe(12_000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now),
    ).toBe(30_000);
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now),
    ).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
