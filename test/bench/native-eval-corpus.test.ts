// Meta test of the labelled C/C++ evaluation corpus (bench/native-eval): every case file parses
// without label problems, has a flaw and a safe twin, and every CWE group of the issue is covered.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCorpus, CWE_GROUPS, parseLabels } from '../../src/bench/native-eval.js';

const ROOT = join(import.meta.dirname, '..', '..', 'bench', 'native-eval');
const NATIVE = new Set(['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh']);

function caseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return caseFiles(full);
    return NATIVE.has(extname(entry.name)) ? [relative(ROOT, full).split('\\').join('/')] : [];
  });
}

const files = caseFiles(ROOT).sort();
const labels = files.map((file) => parseLabels(file, readFileSync(join(ROOT, file), 'utf8')));
const corpus = buildCorpus(labels);

describe('bench/native-eval corpus', () => {
  it('has between 150 and 250 case files in C and C++', () => {
    expect(files.length).toBeGreaterThanOrEqual(150);
    expect(files.length).toBeLessThanOrEqual(250);
    expect(files.filter((f) => f.endsWith('.cpp')).length).toBeGreaterThanOrEqual(30);
  });

  it('has no label problems', () => {
    expect(labels.flatMap((l) => l.problems)).toEqual([]);
  });

  it('gives every file a flaw and a safe twin of the same group', () => {
    const incomplete = labels
      .filter((l) => {
        const bad = corpus.bad.filter((c) => c.file === l.file);
        const good = corpus.good.filter((c) => c.file === l.file);
        return !good.some((g) => bad.some((b) => b.group === g.group));
      })
      .map((l) => l.file);
    expect(incomplete).toEqual([]);
  });

  it('covers every CWE group with at least four bad and four good cases', () => {
    for (const group of CWE_GROUPS) {
      expect(
        corpus.bad.filter((c) => c.group === group.id).length,
        group.id,
      ).toBeGreaterThanOrEqual(4);
      expect(
        corpus.good.filter((c) => c.group === group.id).length,
        group.id,
      ).toBeGreaterThanOrEqual(4);
    }
  });

  it('keeps each case folder to one group', () => {
    for (const c of [...corpus.bad, ...corpus.good]) {
      expect(c.file.split('/')[0], `${c.file} ${c.function}`).toBe(c.group);
    }
  });
});
