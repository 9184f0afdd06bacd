// The answer cache (hits, misses, corrupt entries, atomic writes) and the cost model.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, createAnswerCache, defaultCacheDir } from '../../src/llm/cache.js';
import { costOf, createBudget, parsePrice, priceOf } from '../../src/llm/cost.js';
import type { ChatRequest } from '../../src/llm/providers/provider.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secreview-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const request: ChatRequest = { system: 's', user: 'code 1', maxOutputTokens: 100, seed: 1 };
const key = (over: Partial<Parameters<typeof cacheKey>[0]> = {}) =>
  cacheKey({
    provider: 'openai',
    model: 'm',
    baseUrl: 'u',
    variant: 'basic',
    request,
    sample: 0,
    ...over,
  });

describe('cache keys', () => {
  it('change with everything that can change the answer', () => {
    const base = key();
    expect(key()).toBe(base);
    for (const k of [
      key({ provider: 'anthropic' }),
      key({ model: 'm2' }),
      key({ baseUrl: 'u2' }),
      key({ variant: 'hybrid' }),
      key({ sample: 1 }),
      key({ request: { ...request, user: 'code 2' } }),
      key({ request: { ...request, system: 's2' } }),
      key({ request: { ...request, maxOutputTokens: 101 } }),
      key({ request: { ...request, seed: 2 } }),
      key({ request: { ...request, schema: { name: 'x', schema: {} } } }),
    ]) {
      expect(k).not.toBe(base);
    }
  });
});

describe('answer cache', () => {
  const answer = {
    text: '{"findings":[]}',
    structured: true,
    model: 'm',
    usage: { inputTokens: 3, outputTokens: 4 },
  };

  it('misses, stores, then hits', async () => {
    const cache = createAnswerCache(dir);
    expect(await cache.get(key())).toBeUndefined();
    await cache.put(key(), answer);
    expect(await cache.get(key())).toEqual(answer);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, corrupt: 0 });
    // Written whole: no temporary file is left behind.
    const sub = readdirSync(dir)[0] ?? '';
    expect(readdirSync(join(dir, sub))).toEqual([`${key()}.json`]);
  });

  it('ignores a corrupt entry and rewrites it', async () => {
    const cache = createAnswerCache(dir);
    await cache.put(key(), answer);
    const file = join(dir, key().slice(0, 2), `${key()}.json`);
    for (const junk of [
      '{"format":1,"key":',
      '[]',
      JSON.stringify({ format: 1, key: 'other', answer }),
    ]) {
      writeFileSync(file, junk);
      expect(await cache.get(key())).toBeUndefined();
    }
    expect(cache.stats.corrupt).toBe(3);
    await cache.put(key(), answer);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ key: key(), answer });
  });

  it('reports an unwritable cache instead of failing', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const cache = createAnswerCache(join(blocker, 'sub'));
    await cache.put(key(), answer);
    expect(cache.stats.writeFailures).toBe(1);
    expect(cache.problems[0]).toMatch(/could not write the answer cache/);
  });

  it('lives in the user cache folder unless told otherwise', () => {
    expect(defaultCacheDir({ SECREVIEW_CACHE_DIR: '/c' }, () => '/h')).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' }, () => '/h')).toBe(
      join('/x', 'secreview', 'llm'),
    );
    expect(defaultCacheDir({}, () => '/h')).toBe(join('/h', '.cache', 'secreview', 'llm'));
  });
});

describe('prices and budget', () => {
  it('knows model families and dated snapshots, and says when it does not', () => {
    expect(priceOf('gpt-4.1')).toEqual({ inputPerMTok: 2, outputPerMTok: 8 });
    expect(priceOf('gpt-4.1-mini-2025-04-14')).toEqual({ inputPerMTok: 0.4, outputPerMTok: 1.6 });
    expect(priceOf('claude-sonnet-4-5-20250929')).toEqual({ inputPerMTok: 3, outputPerMTok: 15 });
    expect(priceOf('qwen2.5-coder')).toBeUndefined();
    expect(priceOf('gpt-4.10')).toBeUndefined();
  });

  it('computes dollars from tokens', () => {
    expect(
      costOf(
        { inputTokens: 1_000_000, outputTokens: 500_000 },
        { inputPerMTok: 2, outputPerMTok: 8 },
      ),
    ).toBe(6);
  });

  it('parses --llm-price', () => {
    expect(parsePrice('3,15')).toEqual({ inputPerMTok: 3, outputPerMTok: 15 });
    expect(parsePrice('0.1/0.4')).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.4 });
    expect(parsePrice('cheap')).toBeUndefined();
  });

  it('reserves the worst case and refuses what could pass the limit', () => {
    const price = { inputPerMTok: 1, outputPerMTok: 1 };
    const budget = createBudget(price, 0.01); // 10,000 tokens
    const worst = { inputTokens: 3000, outputTokens: 1000 };
    expect(budget.reserve(worst)).toBe(true);
    expect(budget.reserve(worst)).toBe(true);
    expect(budget.reserve(worst)).toBe(false); // 12,000 > 10,000 while both are in flight
    budget.settle(worst, { inputTokens: 3000, outputTokens: 100 });
    // 3,100 spent + 4,000 still in flight: another 4,000 does not fit, 2,500 does.
    expect(budget.reserve(worst)).toBe(false);
    expect(budget.reserve({ inputTokens: 2000, outputTokens: 500 })).toBe(true);
    expect(budget.spentUsd()).toBeCloseTo(0.0031);
  });

  it('has no limit and no figure when the price is unknown', () => {
    const budget = createBudget(undefined, undefined);
    expect(budget.reserve({ inputTokens: 1e9, outputTokens: 1e9 })).toBe(true);
    expect(budget.spentUsd()).toBeNull();
  });
});
