import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PILLAR_IDS } from '../../src/core/pillars.js';
import { parseAnswer } from '../../src/llm/parse/index.js';

const dir = join(import.meta.dirname, 'fixtures', 'seeds');
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('the five shared seed reviews', () => {
  it('are all present', () => {
    expect(seeds).toHaveLength(5);
  });

  for (const file of seeds) {
    it(`${file} parses to "no defects claimed"`, () => {
      const review = parseAnswer(readFileSync(join(dir, file), 'utf8'));
      expect(review.mode).toBe('prose');
      expect(review.verdict).toBe('no-defects');
      expect(review.claims).toEqual([]);
      expect(review.pillars.filter((p) => p.defectClaimed)).toEqual([]);
      expect(review.refusal).toBe(false);
    });
  }

  it('records all ten pillars for the reviews that go through them (000, 001, 002)', () => {
    for (const file of seeds.slice(0, 3)) {
      const review = parseAnswer(readFileSync(join(dir, file), 'utf8'));
      expect(review.pillars.map((p) => p.pillar)).toEqual(PILLAR_IDS);
    }
  });

  it('records no pillar for the review without pillar structure (003)', () => {
    const review = parseAnswer(readFileSync(join(dir, seeds[3] ?? ''), 'utf8'));
    expect(review.pillars).toEqual([]);
  });

  it('maps the topic headings of the review that ignores the categories (004)', () => {
    const review = parseAnswer(readFileSync(join(dir, seeds[4] ?? ''), 'utf8'));
    // "Input Validation" -> neutralization, "Error Handling" -> exceptional conditions.
    expect(review.pillars.map((p) => p.pillar)).toEqual([703, 707]);
  });

  it('keeps the hedge of 000 on exceptional conditions as a hedge, not a claim', () => {
    const review = parseAnswer(readFileSync(join(dir, seeds[0] ?? ''), 'utf8'));
    expect(review.pillars.find((p) => p.pillar === 703)).toMatchObject({
      defectClaimed: false,
      hedged: true,
    });
  });
});
