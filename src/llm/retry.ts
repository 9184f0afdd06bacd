import { LlmError } from './providers/provider.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubled on each retry (before jitter). */
  baseDelayMs: number;
  /** No single wait is longer than this (a longer Retry-After gives up instead). */
  maxDelayMs: number;
  /** Waits for one request add up to at most this; beyond it the request fails. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxTotalWaitMs: 120_000,
};

export interface RetryEnvironment {
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1); jitter. */
  random: () => number;
}

export interface RetryOutcome<T> {
  value: T;
  /** How many retries it took (0 when the first attempt succeeded). */
  retries: number;
  waitedMs: number;
}

/**
 * The wait before retry number `retry` (1-based): the server's Retry-After when it gave one, else
 * exponential backoff with "full jitter" (a random wait between half and all of base * 2^(retry-1)),
 * so that concurrent requests that failed together do not retry together.
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.ceil(retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Thrown when retries are exhausted; keeps the last error's kind and tells how long we tried. */
function exhausted(last: LlmError, attempts: number, waitedMs: number, why: string): LlmError {
  return new LlmError(
    last.kind,
    `${last.message} (gave up after ${String(attempts)} attempt${attempts === 1 ? '' : 's'} and ${String(Math.round(waitedMs / 1000))} s of waiting: ${why})`,
    {
      status: last.status,
      retryAfterMs: last.retryAfterMs,
      ...(last.usage !== undefined ? { usage: last.usage } : {}),
    },
  );
}

/**
 * Calls `attempt` until it succeeds, fails with an error that is not worth retrying (bad key, context
 * length, refusal, ...), or the policy's attempts or total wait run out. Only LlmErrors are expected;
 * anything else is rethrown unchanged.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  env: RetryEnvironment,
): Promise<RetryOutcome<T>> {
  let waitedMs = 0;
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(), retries: n - 1, waitedMs };
    } catch (e) {
      if (!(e instanceof LlmError) || !e.retryable) throw e;
      if (n >= policy.maxAttempts) {
        if (n === 1) throw e;
        throw exhausted(e, n, waitedMs, 'attempt limit');
      }
      const delay = backoffDelay(n, policy, env.random, e.retryAfterMs);
      if (delay > policy.maxDelayMs) {
        throw exhausted(
          e,
          n,
          waitedMs,
          `the server asked to wait ${String(Math.round(delay / 1000))} s`,
        );
      }
      if (waitedMs + delay > policy.maxTotalWaitMs) {
        throw exhausted(e, n, waitedMs, 'wait limit');
      }
      await env.sleep(delay);
      waitedMs += delay;
    }
  }
}
