// One generic runner for every rule's annotated fixtures (src/rules/<lang>/<rule>/fixtures/).
// Each fixture is reviewed with only its own rule; findings are compared by line, not by count.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/engine/analyze.js';
import { adapterFor, languageByPath } from '../src/languages/index.js';
import { rulesUnderTest } from './helpers/rules.js';
import { listFiles, parseAnnotations, readText } from './helpers/fixtures.js';

const RULES_DIR = join(import.meta.dirname, '..', 'src', 'rules');

const RULES = await rulesUnderTest();

for (const rule of RULES) {
  const dir = join(RULES_DIR, rule.meta.id, 'fixtures');
  describe(rule.meta.id, () => {
    const files = existsSync(dir) ? listFiles(dir) : [];
    it('has fixtures', () => {
      expect(files.length).toBeGreaterThan(0);
    });
    for (const rel of files) {
      it(`fixture ${rel}`, () => {
        const language = languageByPath(rel);
        expect(language, `${rel}: unknown language`).toBeDefined();
        if (language === undefined) return;
        const source = readText(join(dir, rel));
        const annotations = parseAnnotations(source, adapterFor(language.id).lineComment).filter(
          (a) => a.ruleId === rule.meta.id,
        );
        const result = analyzeSource(rel, source, language.id, [rule]);
        expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
        const reported = new Set(result.findings.map((f) => f.location.start.line));
        const problems: string[] = [];
        const annotated = new Set<number>();
        for (const a of annotations) {
          annotated.add(a.line);
          const hit = reported.has(a.line);
          if (a.kind === 'ruleid' && !hit)
            problems.push(`line ${String(a.line)}: expected a finding, got none`);
          if (a.kind === 'ok' && hit)
            problems.push(`line ${String(a.line)}: unexpected finding (annotated ok)`);
          if (a.kind === 'todoruleid' && hit)
            problems.push(`line ${String(a.line)}: todoruleid now reported: promote it to ruleid`);
          if (a.kind === 'todook' && !hit)
            problems.push(`line ${String(a.line)}: todook no longer reported: promote it to ok`);
        }
        for (const f of result.findings) {
          if (!annotated.has(f.location.start.line)) {
            problems.push(
              `line ${String(f.location.start.line)}: finding on an unannotated line: ${f.message}`,
            );
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });
}
