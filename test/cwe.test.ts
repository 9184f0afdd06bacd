import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CWE_VERSION,
  cweName,
  isCategory,
  isView,
  lookupCwe,
  pillarsOf,
  primaryPillar,
} from '../src/cwe/catalog.js';

describe('CWE catalog', () => {
  it.each([
    [78, 707],
    [89, 707],
    [22, 664],
    [502, 664],
    [798, 284],
    [295, 284],
    [327, 693],
    [190, 682],
    [835, 691],
    [252, 703],
    [1023, 697],
    [477, 710],
    [650, 435],
  ])('CWE-%i belongs to pillar CWE-%i through its primary parents', (cwe, pillar) => {
    expect(primaryPillar(cwe)).toBe(pillar);
  });

  it('maps each pillar to itself', () => {
    for (const p of [284, 435, 664, 682, 691, 693, 697, 703, 707, 710]) {
      expect(primaryPillar(p)).toBe(p);
      expect(lookupCwe(p)?.abstraction).toBe('Pillar');
    }
  });

  it('records every pillar a weakness reaches, the primary among them', () => {
    // CWE-1039 (automated recognition mechanism) is a child of both 693 and 697.
    expect(pillarsOf(1039)).toEqual(expect.arrayContaining([693, 697]));
    for (const w of [78, 89, 22, 502, 798]) {
      expect(pillarsOf(w)).toContain(primaryPillar(w));
    }
  });

  it('knows names, categories and views', () => {
    expect(cweName(79)).toMatch(/^Improper Neutralization of Input During Web Page Generation/);
    expect(isCategory(79)).toBe(false);
    expect(isCategory(1210)).toBe(true);
    expect(isCategory(16)).toBe(true);
    expect(isView(1000)).toBe(true);
    expect(lookupCwe(16)).toBeUndefined();
    expect(primaryPillar(999_999)).toBeUndefined();
    expect(CWE_VERSION).toBe('4.15');
  });

  it('is what the generator produces from cwe-sdk (npm run gen:catalog)', () => {
    const path = join(import.meta.dirname, '..', 'src', 'cwe', 'catalog.json');
    const before = readFileSync(path, 'utf8');
    execFileSync(process.execPath, [
      join(import.meta.dirname, '..', 'scripts', 'gen-cwe-catalog.mjs'),
    ]);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});
