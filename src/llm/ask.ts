import { cacheKey, type AnswerCache } from './cache.js';
import type { Budget } from './cost.js';
import {
  LlmError,
  type ChatAnswer,
  type ChatRequest,
  type LlmProvider,
  type TokenUsage,
} from './providers/provider.js';
import { estimateTokens } from './split.js';
import { withRetry, type RetryEnvironment, type RetryPolicy } from './retry.js';

/** Shared state of one run's requests: counters, the budget, the circuit breaker. */
export interface AskContext {
  provider: LlmProvider;
  variant: string;
  cache: AnswerCache | undefined;
  budget: Budget;
  retry: RetryPolicy;
  env: RetryEnvironment;
  /** Run `task` when a slot is free (bounded concurrency, first come first served). */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  estimate: (request: ChatRequest) => number;
  counters: {
    sent: number;
    cached: number;
    failed: number;
    retries: number;
    inputTokens: number;
    outputTokens: number;
  };
  /** Set once a request is refused by the budget: nothing more is sent. */
  stoppedByBudget: boolean;
  /** Set by an error that every later request would meet too (bad key, unknown model, server down). */
  fatal: LlmError | undefined;
}

export type AskOutcome =
  | { kind: 'answer'; answer: ChatAnswer; fromCache: boolean }
  | { kind: 'not-sent'; reason: 'max-cost' | 'fatal'; detail: string }
  | { kind: 'failed'; error: LlmError };

/** Errors after which sending more requests is pointless. */
const FATAL_KINDS = new Set(['auth', 'not-found', 'connection']);

/**
 * One answer for one prompt sample: from the cache when present (free, nothing sent), else from the
 * provider with retries, within the budget. Never throws.
 */
export async function ask(
  ctx: AskContext,
  request: ChatRequest,
  sample: number,
): Promise<AskOutcome> {
  const { provider } = ctx;
  const key =
    ctx.cache !== undefined
      ? cacheKey({
          provider: provider.name,
          model: provider.model,
          baseUrl: provider.baseUrl,
          variant: ctx.variant,
          request,
          sample,
        })
      : undefined;
  // The cache is read inside the limit too: requests then queue in the order they were asked (files by
  // path), so which files --max-cost leaves out does not depend on how fast the disk answers.
  return ctx.limit(async (): Promise<AskOutcome> => {
    if (ctx.cache !== undefined && key !== undefined) {
      const hit = await ctx.cache.get(key);
      if (hit !== undefined) {
        ctx.counters.cached++;
        return { kind: 'answer', answer: hit, fromCache: true };
      }
    }
    if (ctx.fatal !== undefined) {
      return { kind: 'not-sent', reason: 'fatal', detail: `not sent: ${ctx.fatal.message}` };
    }
    const estimatedInput = ctx.estimate(request);
    const worstCase: TokenUsage = {
      inputTokens: estimatedInput,
      outputTokens: request.maxOutputTokens,
    };
    if (ctx.stoppedByBudget || !ctx.budget.reserve(worstCase)) {
      ctx.stoppedByBudget = true;
      return {
        kind: 'not-sent',
        reason: 'max-cost',
        detail: 'not sent: the next request could take the cost past --max-cost',
      };
    }
    let used: TokenUsage | undefined;
    try {
      const outcome = await withRetry(
        async () => {
          try {
            return await provider.complete(request);
          } catch (e) {
            // A failed attempt that still produced an answer (cut off, refused) was billed.
            if (e instanceof LlmError && e.usage !== undefined) {
              used = add(used, e.usage);
            }
            throw e;
          }
        },
        ctx.retry,
        ctx.env,
      );
      ctx.counters.retries += outcome.retries;
      ctx.counters.sent++;
      const answer = outcome.value;
      used = add(
        used,
        answer.usage ?? { inputTokens: estimatedInput, outputTokens: estimateTokens(answer.text) },
      );
      if (ctx.cache !== undefined && key !== undefined) await ctx.cache.put(key, answer);
      return { kind: 'answer', answer, fromCache: false };
    } catch (e) {
      const error =
        e instanceof LlmError
          ? e
          : new LlmError(
              'malformed',
              `unexpected failure: ${e instanceof Error ? e.message : String(e)}`,
            );
      ctx.counters.failed++;
      if (FATAL_KINDS.has(error.kind)) markFatal(ctx, error);
      return { kind: 'failed', error };
    } finally {
      const actual = used ?? { inputTokens: 0, outputTokens: 0 };
      ctx.counters.inputTokens += actual.inputTokens;
      ctx.counters.outputTokens += actual.outputTokens;
      ctx.budget.settle(worstCase, actual);
    }
  });
}

/** The first error that every later request would meet too stops further sending. */
function markFatal(ctx: AskContext, error: LlmError): void {
  ctx.fatal ??= error;
}

function add(a: TokenUsage | undefined, b: TokenUsage): TokenUsage {
  return {
    inputTokens: (a?.inputTokens ?? 0) + b.inputTokens,
    outputTokens: (a?.outputTokens ?? 0) + b.outputTokens,
  };
}

/** A first-come-first-served limit on how many tasks run at once. */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = (): void => {
    if (active >= concurrency) return;
    const start = waiting.shift();
    if (start === undefined) return;
    active++;
    start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}
