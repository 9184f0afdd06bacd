import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../src/core/change.js';
import type { Finding, Location } from '../../src/core/finding.js';
import { findingInChange, scopeToChange } from '../../src/review/scope.js';
import { sampleResult } from '../helpers/sample-result.js';

function loc(path: string, start: number, end = start): Location {
  return { path, start: { line: start, column: 1 }, end: { line: end, column: 5 } };
}

function file(path: string, over: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path,
    status: 'modified',
    binary: false,
    changedLines: [],
    deletionPoints: [],
    hunks: [],
    added: 0,
    deleted: 0,
    review: 'reviewed',
    ...over,
  };
}

function finding(location: Location, trace: Location[] = []): Finding {
  const base = sampleResult().findings[0];
  if (base === undefined) throw new Error('the sample has no finding');
  const f: Finding = { ...base, location };
  return trace.length === 0
    ? f
    : {
        ...f,
        trace: trace.map((l, i) => ({
          kind: i === trace.length - 1 ? 'sink' : 'source',
          location: l,
          message: '',
        })),
      };
}

describe('findingInChange', () => {
  const files = new Map([
    ['a.py', file('a.py', { changedLines: [{ start: 10, end: 12 }], deletionPoints: [30, 31] })],
    ['b.py', file('b.py', { changedLines: [{ start: 3, end: 3 }] })],
  ]);

  it('keeps a finding whose lines overlap a changed line', () => {
    expect(findingInChange(finding(loc('a.py', 11)), files, 0)).toBe(true);
    expect(findingInChange(finding(loc('a.py', 8, 10)), files, 0)).toBe(true);
    expect(findingInChange(finding(loc('a.py', 13)), files, 0)).toBe(false);
    expect(findingInChange(finding(loc('c.py', 11)), files, 0)).toBe(false);
  });

  it('widens by --context lines', () => {
    expect(findingInChange(finding(loc('a.py', 14)), files, 1)).toBe(false);
    expect(findingInChange(finding(loc('a.py', 14)), files, 2)).toBe(true);
    expect(findingInChange(finding(loc('a.py', 7)), files, 3)).toBe(true);
  });

  it('counts the lines around a deletion as changed', () => {
    expect(findingInChange(finding(loc('a.py', 31)), files, 0)).toBe(true);
    expect(findingInChange(finding(loc('a.py', 32)), files, 0)).toBe(false);
  });

  it('keeps a dataflow finding when a trace step lies in the change, in any file', () => {
    const outside = loc('a.py', 50);
    expect(findingInChange(finding(outside, [loc('a.py', 40), outside]), files, 0)).toBe(false);
    expect(findingInChange(finding(outside, [loc('b.py', 3), outside]), files, 0)).toBe(true);
    expect(findingInChange(finding(outside, [loc('a.py', 12), outside]), files, 0)).toBe(true);
  });
});

describe('scopeToChange', () => {
  it('recounts summary, pillars, per-file counts and the verdict', () => {
    const result = sampleResult();
    const first = result.findings.find((f) => f.suppression === undefined);
    if (first === undefined) throw new Error('no finding');
    const scoped = scopeToChange(result, {
      source: 'patch',
      description: '',
      descriptionSource: 'none',
      contextLines: 0,
      files: [
        file(first.location.path, {
          changedLines: [{ start: first.location.start.line, end: first.location.start.line }],
        }),
      ],
      totals: { files: 1, reviewedFiles: 1, addedLines: 1, deletedLines: 0, reviewedLines: 1 },
    });
    const kept = scoped.findings;
    expect(kept.every((f) => f.location.path === first.location.path)).toBe(true);
    expect(kept).toContainEqual(first);
    expect(scoped.change?.findingsOutsideChange).toBe(result.findings.length - kept.length);
    expect(scoped.summary.total + scoped.summary.suppressed + scoped.summary.belowThreshold).toBe(
      kept.length,
    );
    expect(scoped.pillars.reduce((n, p) => n + p.findings, 0)).toBe(scoped.summary.total);
    expect(scoped.files.scanned.reduce((n, f) => n + f.findings, 0)).toBe(kept.length);
    expect(scoped.verdict).toMatch(/security defects? (is|are) detected/);
  });
});
