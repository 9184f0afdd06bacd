import { describe, expect, it } from 'vitest';
import { splitForReview, estimateTokens } from '../../src/llm/split.js';
import type { SplitPlan } from '../../src/llm/types.js';

function fn(name: string, bodyLines: number, indent = ''): string[] {
  const out = [`${indent}def ${name}(request):`];
  for (let i = 0; i < bodyLines; i++)
    out.push(`${indent}    value_${i} = request.args.get("k${i}", "default value number ${i}")`);
  out.push(`${indent}    return None`);
  return out;
}

const PY = [
  'import os',
  'import subprocess',
  'from flask import request',
  '',
  'TIMEOUT = 5',
  '',
  ...fn('alpha', 6),
  '',
  '',
  '# A comment that belongs to beta.',
  ...fn('beta', 6),
  '',
  '',
  'class Handler(object):',
  '    """Handles things."""',
  '',
  ...fn('first', 8, '    '),
  '',
  ...fn('second', 8, '    '),
  '',
  ...fn('third', 8, '    '),
  '',
  '',
  ...fn('huge', 60),
  '',
  'if __name__ == "__main__":',
  '    alpha(None)',
  '',
].join('\n');
const LINES = PY.split('\n');
const TOTAL = LINES.length - 1; // the final newline ends the last line

function lineOf(text: string): number {
  return LINES.findIndex((l) => l.startsWith(text)) + 1;
}

function covered(plan: SplitPlan): number[] {
  const seen = new Set<number>();
  for (const p of plan.parts) for (let n = p.startLine; n <= p.endLine; n++) seen.add(n);
  return [...seen].sort((a, b) => a - b);
}

describe('splitForReview', () => {
  it('a file within the budget is reviewed whole', () => {
    const plan = splitForReview(PY, 'python', 100_000);
    expect(plan.coverage).toEqual({ kind: 'whole' });
    expect(plan.method).toBe('whole');
    expect(plan.parts).toHaveLength(1);
    expect(plan.parts[0]).toMatchObject({
      startLine: 1,
      endLine: TOTAL,
      index: 1,
      count: 1,
      context: [],
    });
    expect(plan.parts[0]?.text).toBe(PY);
  });

  const plan = splitForReview(PY, 'python', 400);

  it('splits by function and class with the grammar, covering every line once (except overlaps)', () => {
    expect(plan.method).toBe('grammar');
    expect(plan.coverage).toEqual({ kind: 'split', parts: plan.parts.length });
    expect(covered(plan)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    for (const [i, p] of plan.parts.entries()) {
      expect(p.index).toBe(i + 1);
      expect(p.count).toBe(plan.parts.length);
      expect(p.text).toBe(LINES.slice(p.startLine - 1, p.endLine).join('\n') + '\n');
      const next = plan.parts[i + 1];
      if (next && !next.overlap) expect(next.startLine).toBe(p.endLine + 1);
    }
  });

  it('keeps each part within the budget', () => {
    for (const p of plan.parts) expect(p.estimatedTokens).toBeLessThanOrEqual(400);
  });

  it('cuts between definitions, never inside one that fits', () => {
    for (const name of [
      'def alpha',
      'def beta',
      '    def first',
      '    def second',
      '    def third',
    ]) {
      const def = lineOf(name);
      const ret = LINES.findIndex((l, i) => i >= def && l.trim() === 'return None') + 1;
      const part = plan.parts.find((p) => p.startLine <= def && p.endLine >= def);
      expect(part?.endLine).toBeGreaterThanOrEqual(ret);
      expect(part?.slicedUnit).toBe(false);
    }
    expect(plan.parts.flatMap((p) => p.units)).toEqual(
      expect.arrayContaining([
        'alpha',
        'beta',
        'Handler.first',
        'Handler.second',
        'Handler.third',
        'huge',
      ]),
    );
  });

  it('methods of a split class carry the imports and the class header as context', () => {
    const second = plan.parts.find(
      (p) => p.units.includes('Handler.third') && !p.units.includes('Handler.first'),
    );
    expect(second).toBeDefined();
    const contextText = second?.context.map((c) => c.text).join('\n') ?? '';
    expect(contextText).toContain('import os');
    expect(contextText).toContain('class Handler(object):');
    expect(second?.context[0]?.firstLine).toBe(1);
  });

  it('a function larger than the budget is sliced by lines with overlap, and marked', () => {
    const slices = plan.parts.filter((p) => p.units.includes('huge'));
    expect(slices.length).toBeGreaterThan(1);
    expect(slices.every((p) => p.slicedUnit)).toBe(true);
    const [a, b] = slices;
    expect(b?.overlap).toEqual({ start: b?.startLine, end: a?.endLine });
    expect((a?.endLine ?? 0) - (b?.startLine ?? 0) + 1).toBe(5);
  });

  it('maxParts truncates and records the uncovered lines', () => {
    const limited = splitForReview(PY, 'python', 400, { maxParts: 2 });
    expect(limited.parts).toHaveLength(2);
    expect(limited.parts.every((p) => p.count === 2)).toBe(true);
    expect(limited.coverage).toEqual({
      kind: 'truncated',
      parts: 2,
      uncovered: [{ start: (limited.parts[1]?.endLine ?? 0) + 1, end: TOTAL }],
    });
  });

  it('other languages split at blank-line boundaries (heuristic)', () => {
    const js = [
      "import fs from 'node:fs';",
      '',
      ...Array.from({ length: 12 }, (_, i) => [
        `function f${i}(req) {`,
        `  const a = req.query.value_${i} + "some padding text to make this longer";`,
        '  return a;',
        '}',
        '',
      ]).flat(),
    ].join('\n');
    const jsPlan = splitForReview(js, 'javascript', 150);
    expect(jsPlan.method).toBe('heuristic');
    expect(jsPlan.parts.length).toBeGreaterThan(1);
    for (const p of jsPlan.parts.slice(1)) {
      expect(js.split('\n')[p.startLine - 1]).toMatch(/^function f\d+/);
      expect(p.context[0]?.text).toBe("import fs from 'node:fs';\n");
    }
  });

  it('brace languages without blank lines split after a closing brace at column 0', () => {
    const c = Array.from({ length: 10 }, (_, i) => [
      `int f${i}(const char *s) {`,
      `  return strlen(s) + ${i}; /* padding so that each function has some weight */`,
      '}',
    ]).flat();
    const cPlan = splitForReview(c.join('\n'), 'c', 100);
    expect(cPlan.parts.length).toBeGreaterThan(1);
    for (const p of cPlan.parts) expect(c[p.startLine - 1]).toMatch(/^int f\d+/);
  });

  it('a single line longer than the budget still gets a part (never an endless loop)', () => {
    const long = `x = "${'a'.repeat(4000)}"\ny = 1\n`;
    const p = splitForReview(long, 'python', 100);
    expect(covered(p)).toEqual([1, 2]);
  });

  it('an empty file is one whole part', () => {
    expect(splitForReview('', 'python', 10).coverage).toEqual({ kind: 'whole' });
  });

  it('a file with syntax errors still splits', () => {
    const broken = `${PY}\ndef broken(:\n    pass\n`;
    const p = splitForReview(broken, 'python', 400);
    expect(p.parts.length).toBeGreaterThan(1);
  });

  it('estimates about four characters per token', () => {
    expect(estimateTokens('abcd'.repeat(10))).toBe(10);
    expect(estimateTokens('')).toBe(0);
  });
});
