import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/api/pool.js';
import type { FileOutcome, FileTask } from '../../src/api/review-file.js';

const FAKE = new URL('./fake-worker.mjs', import.meta.url);

function tasks(...paths: string[]): FileTask[] {
  return paths.map((path) => ({ absPath: `/nowhere/${path}`, path, language: 'python' }));
}

async function run(list: FileTask[], jobs: number, fileTimeoutMs = 10_000) {
  const outcomes = new Map<number, FileOutcome>();
  await runPool(list, FAKE, {
    jobs,
    init: { ruleIds: [], testMode: 'auto', maxFileSize: 1024, inlineSuppressions: false },
    fileTimeoutMs,
    onOutcome: (i, o) => {
      expect(outcomes.has(i)).toBe(false);
      outcomes.set(i, o);
    },
  });
  return outcomes;
}

function detail(o: FileOutcome | undefined): string {
  return o?.kind === 'skipped' ? `${o.skipped.reason}: ${o.skipped.detail}` : String(o?.kind);
}

describe('runPool', () => {
  it('reports every file exactly once', async () => {
    const list = tasks(...Array.from({ length: 25 }, (_, i) => `f${String(i)}.py`));
    const outcomes = await run(list, 3);
    expect(outcomes.size).toBe(25);
    for (const o of outcomes.values()) expect(detail(o)).toBe('ignored: fake');
  });

  it('fails only the file a crashing worker was on and hands the rest out again', async () => {
    const list = tasks('a.py', 'crash.py', 'b.py', 'c.py', 'd.py', 'crash2.py', 'e.py');
    const outcomes = await run(list, 1);
    expect(outcomes.size).toBe(7);
    expect(detail(outcomes.get(1))).toMatch(
      /analysis-failed: the review worker stopped .*exit code 3/,
    );
    expect(detail(outcomes.get(5))).toMatch(/analysis-failed: the review worker stopped/);
    for (const i of [0, 2, 3, 4, 6]) expect(detail(outcomes.get(i))).toBe('ignored: fake');
  });

  it('abandons a file that hangs its worker and goes on with a new one', async () => {
    const list = tasks('a.py', 'hang.py', 'b.py', 'c.py');
    const outcomes = await run(list, 1, 300);
    expect(outcomes.size).toBe(4);
    expect(detail(outcomes.get(1))).toBe('analysis-failed: analysis timed out after 0.3 s');
    for (const i of [0, 2, 3]) expect(detail(outcomes.get(i))).toBe('ignored: fake');
  });
});
