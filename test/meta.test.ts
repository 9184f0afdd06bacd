// Every rule is registered, documented, tested both ways, and names a valid CWE.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCategory, isView, lookupCwe, primaryPillar } from '../src/cwe/catalog.js';
import { adapterFor } from '../src/languages/index.js';
import { rulesUnderTest } from './helpers/rules.js';
import { listFiles, parseAnnotations, readText } from './helpers/fixtures.js';

const RULES_DIR = join(import.meta.dirname, '..', 'src', 'rules');
const README_SECTIONS = [
  '## What it finds',
  '## Why it matters',
  '## How to fix',
  '## Known limitations',
  '## References',
];

const { ALL_RULES } = await import('../src/rules/index.js');

describe.skipIf(process.env.SECREVIEW_RULE)('rule registry', () => {
  it('registers every rule folder exactly once (npm run gen:rules)', () => {
    const folders: string[] = [];
    for (const lang of readdirSync(RULES_DIR, { withFileTypes: true })) {
      if (!lang.isDirectory()) continue;
      for (const r of readdirSync(join(RULES_DIR, lang.name), { withFileTypes: true })) {
        if (r.isDirectory()) folders.push(`${lang.name}/${r.name}`);
      }
    }
    const ids = ALL_RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders.sort());
  });
});

const RULES = await rulesUnderTest();

for (const rule of RULES) {
  const { meta } = rule;
  describe(meta.id, () => {
    it('has a well-formed id, title and messages', () => {
      expect(meta.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.id.startsWith(`${meta.language}/`)).toBe(true);
      expect(meta.title.length).toBeGreaterThan(10);
      expect(meta.title.length).toBeLessThanOrEqual(100);
      expect(meta.description).toMatch(/\.$/);
      expect(meta.messages.default.trim()).not.toBe('');
      expect(meta.help.why.length).toBeGreaterThan(40);
      expect(meta.help.fix.length).toBeGreaterThan(30);
    });

    it('names valid, specific CWEs that reach a pillar', () => {
      expect(meta.cwe.length).toBeGreaterThan(0);
      for (const id of meta.cwe) {
        expect(isCategory(id), `CWE-${String(id)} is a category`).toBe(false);
        expect(isView(id), `CWE-${String(id)} is a view`).toBe(false);
        const entry = lookupCwe(id);
        expect(entry, `CWE-${String(id)} is not in the catalog`).toBeDefined();
        expect(entry?.usage, `CWE-${String(id)} is prohibited for mapping`).not.toBe('Prohibited');
      }
      const primary = meta.cwe[0] ?? 0;
      expect(lookupCwe(primary)?.abstraction, 'the primary CWE must not be a pillar').not.toBe(
        'Pillar',
      );
      expect(primaryPillar(primary)).toBeDefined();
    });

    it('is documented (README with the standard sections)', () => {
      const readme = join(RULES_DIR, meta.id, 'README.md');
      expect(existsSync(readme), `${readme} missing`).toBe(true);
      const text = readText(readme);
      expect(text.split('\n')[0]).toBe(`# ${meta.id}`);
      expect(text).toContain(`CWE-${String(meta.cwe[0])}`);
      for (const s of README_SECTIONS) expect(text, `README lacks "${s}"`).toContain(s);
    });

    it('has fixtures with at least one ruleid and one ok annotation', () => {
      const dir = join(RULES_DIR, meta.id, 'fixtures');
      const files = existsSync(dir) ? listFiles(dir) : [];
      const comment = adapterFor(meta.language).lineComment;
      const kinds = new Set(
        files.flatMap((f) =>
          parseAnnotations(readText(join(dir, f)), comment)
            .filter((a) => a.ruleId === meta.id)
            .map((a) => a.kind),
        ),
      );
      expect(kinds.has('ruleid')).toBe(true);
      expect(kinds.has('ok')).toBe(true);
    });
  });
}
