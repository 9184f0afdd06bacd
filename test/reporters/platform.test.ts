import { beforeAll, describe, expect, it } from 'vitest';
import { review } from '../../src/api/review.js';
import type { ChangedFile } from '../../src/core/change.js';
import type { Finding } from '../../src/core/finding.js';
import type { ScanResult } from '../../src/core/result.js';
import { gerritReview, GERRIT_TAG } from '../../src/reporters/gerrit.js';
import { anchorInHunks, githubReview } from '../../src/reporters/github.js';
import { gitlabReport } from '../../src/reporters/gitlab.js';
import { render, type ReporterOptions } from '../../src/reporters/index.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';
import { validateSarif } from '../helpers/sarif-validator.js';
import { PY, testRepo } from '../review/git-repo.js';
import {
  gerritReviewInputSchema,
  githubReviewSchema,
  gitlabSastSchema,
} from './platform-schemas.js';

const OPTIONS: ReporterOptions = {
  color: false,
  perFile: false,
  failOn: 'warning',
  finishedAt: '2026-01-02T03:04:05.678Z',
};

let reviewed: ScanResult;

beforeAll(async () => {
  const repo = await testRepo();
  const filler = Array.from({ length: 12 }, (_, i) => `v${String(i)} = ${String(i)}\n`).join('');
  repo.write({ 'svc/app.py': PY.header + PY.weakHash('h') + filler });
  repo.commit('init');
  repo.write({ 'svc/app.py': PY.header + PY.weakHash('h') + filler + PY.shell('run') });
  repo.commit('Add run\n\nFixes #12.');
  // A wide --context takes in the md5 call on line 5, which lies outside every diff hunk.
  reviewed = await review({
    cwd: repo.dir,
    jobs: 1,
    contextLines: 100,
    change: { kind: 'range', base: 'HEAD~1' },
  });
}, 30_000);

function commentedLines(c: {
  line?: number | undefined;
  start_line?: number | undefined;
}): number[] {
  const end = c.line ?? 0;
  const start = c.start_line ?? end;
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

describe('github format', () => {
  it('matches the documented review payload; every comment lies inside a diff hunk', () => {
    expect(reviewed.findings.map((f) => f.location.start.line)).toEqual([5, 20]);
    const payload = githubReviewSchema.parse(JSON.parse(render('github', reviewed, OPTIONS)));
    const file = reviewed.change?.files.find((f) => f.path === 'svc/app.py');
    expect(payload.comments).toHaveLength(1);
    for (const c of payload.comments) {
      expect(c.side).toBe('RIGHT');
      for (const n of commentedLines(c)) {
        expect(file?.hunks.some((h) => n >= h.start && n <= h.end)).toBe(true);
      }
    }
    expect(payload.comments[0]).toMatchObject({ path: 'svc/app.py', line: 20 });
    expect(payload.comments[0]?.body).toContain('CWE-78');
    // The md5 finding is outside the hunks: listed in the body with a link.
    expect(payload.body).toContain('Findings outside the diff hunks');
    expect(payload.body).toContain('(svc/app.py#L5)');
    expect(payload.event).toBe('REQUEST_CHANGES');
    expect(payload.commit_id).toBe(reviewed.change?.headCommit);
    expect(payload.commit_id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('only comments when nothing reaches --fail-on, and puts everything in the body in scan mode', () => {
    const lenient = githubReview(reviewed, { ...OPTIONS, failOn: 'none' });
    expect(lenient.event).toBe('COMMENT');
    const scanMode = githubReviewSchema.parse(githubReview(sampleResult(), OPTIONS));
    expect(scanMode.comments).toEqual([]);
    // Accepted findings stay auditable: listed with their justification.
    const suppressed = sampleResult().findings.find((f) => f.suppression !== undefined);
    expect(scanMode.body).toContain('Accepted findings (suppressed):');
    expect(scanMode.body).toContain(
      `\`${suppressed?.ruleId ?? '?'}\` (${suppressed?.suppression?.kind ?? '?'})`,
    );
    expect(gerritReview(sampleResult(), OPTIONS).message).toContain(
      'Accepted findings (suppressed):',
    );
    expect(scanMode.body).toContain('no diff to comment on in scan mode');
    const clean = githubReview(cleanResult(), OPTIONS);
    expect(clean.event).toBe('COMMENT');
    expect(clean.body).toContain('No security defects are detected in the code.');
  });

  it('keeps the body under the GitHub limit when thousands of findings lie outside the hunks', () => {
    const base = sampleResult();
    const many = Array.from({ length: 3000 }, (_, i) =>
      base.findings.map((f) => ({ ...f, fingerprint: `${f.fingerprint}${String(i)}` })),
    ).flat();
    const payload = githubReview({ ...base, findings: many }, OPTIONS);
    expect(payload.body.length).toBeLessThanOrEqual(65536);
    expect(payload.body).toMatch(/\.\.\. and \d+ more: see the full report/);
  });

  it('anchors multi-line findings inside one hunk, or on one line of it', () => {
    const file: ChangedFile = {
      path: 'a.py',
      status: 'modified',
      binary: false,
      changedLines: [{ start: 10, end: 12 }],
      deletionPoints: [],
      hunks: [{ start: 7, end: 15 }],
      added: 3,
      deleted: 0,
      review: 'reviewed',
    };
    const at = (start: number, end: number): Finding =>
      ({
        location: {
          path: 'a.py',
          start: { line: start, column: 1 },
          end: { line: end, column: 2 },
        },
      }) as Finding;
    expect(anchorInHunks(at(10, 12), file)).toEqual({ start: 10, end: 12 });
    expect(anchorInHunks(at(14, 18), file)).toEqual({ start: 14, end: 14 });
    expect(anchorInHunks(at(3, 8), file)).toEqual({ start: 8, end: 8 });
    expect(anchorInHunks(at(1, 3), file)).toBeUndefined();
    expect(anchorInHunks(at(10, 12), { ...file, review: 'deleted' })).toBeUndefined();
  });
});

describe('gitlab format', () => {
  it('matches the SAST report schema 15.x, in review and scan mode', () => {
    const report = gitlabSastSchema.parse(JSON.parse(render('gitlab', reviewed, OPTIONS)));
    expect(report.scan.start_time <= report.scan.end_time).toBe(true);
    expect(report.scan.end_time).toBe('2026-01-02T03:04:05');
    expect(
      report.vulnerabilities.map((v) => [v.location.file, v.location.start_line, v.severity]),
    ).toEqual([
      ['svc/app.py', 5, 'Medium'],
      ['svc/app.py', 20, 'High'],
    ]);
    const shell = report.vulnerabilities[1];
    expect(shell?.identifiers[0]).toMatchObject({
      type: 'secreview_rule_id',
      value: 'python/command-injection',
    });
    expect(shell?.identifiers).toContainEqual({
      type: 'cwe',
      name: 'CWE-78',
      value: '78',
      url: 'https://cwe.mitre.org/data/definitions/78.html',
    });
    const scanMode = gitlabSastSchema.parse(gitlabReport(sampleResult(), OPTIONS));
    const sample = sampleResult();
    // Suppressed findings are left out; the others keep distinct ids.
    expect(scanMode.vulnerabilities).toHaveLength(
      sample.findings.filter((f) => f.suppression === undefined).length,
    );
    expect(new Set(scanMode.vulnerabilities.map((v) => v.id)).size).toBe(
      scanMode.vulnerabilities.length,
    );
    expect(scanMode.scan.messages?.length).toBe(sample.errors.length);
  });
});

describe('gerrit format', () => {
  it('matches the documented ReviewInput with a robot tag and a label vote proposal', () => {
    const input = gerritReviewInputSchema.parse(JSON.parse(render('gerrit', reviewed, OPTIONS)));
    expect(input.tag).toBe(GERRIT_TAG);
    expect(input.tag?.startsWith('autogenerated:')).toBe(true);
    expect(input.labels).toEqual({ 'Code-Review': -1 });
    const comments = input.comments?.['svc/app.py'] ?? [];
    expect(comments.map((c) => c.line)).toEqual([5, 20]);
    expect(comments.every((c) => c.tag === GERRIT_TAG)).toBe(true);
    expect(comments[1]?.unresolved).toBe(true);
    expect(input.message).toContain('1 of 1 changed file');
  });

  it('votes on a configurable label, 0 when nothing reaches --fail-on', () => {
    const clean = gerritReview(cleanResult(), { ...OPTIONS, gerritLabel: 'Security-Review' });
    expect(clean.labels).toEqual({ 'Security-Review': 0 });
    const noted = gerritReview(reviewed, { ...OPTIONS, failOn: 'error' });
    expect(noted.labels['Code-Review']).toBe(-1);
    expect(gerritReview(reviewed, { ...OPTIONS, failOn: 'none' }).labels['Code-Review']).toBe(0);
    const scanMode = gerritReviewInputSchema.parse(gerritReview(sampleResult(), OPTIONS));
    expect(Object.keys(scanMode.comments ?? {}).length).toBeGreaterThan(0);
  });
});

describe('json and sarif in review mode', () => {
  it('stay valid with the change attached', () => {
    const sarif = JSON.parse(render('sarif', reviewed, OPTIONS)) as unknown;
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    const json = JSON.parse(render('json', reviewed, OPTIONS)) as ScanResult;
    expect(json.change?.files[0]?.path).toBe('svc/app.py');
  });
});

describe('text and markdown in review mode', () => {
  it('the text report says what the change was and what was not reviewed', () => {
    const text = render('text', reviewed, OPTIONS);
    expect(text).toContain(
      'Change: Reviewed 1 of 1 changed file (3 added or modified lines; +3 -0 in all) in HEAD~1...HEAD.',
    );
    expect(text).toContain('Findings within 100 lines of a change are included.');
    expect(text).toContain('  Commit: Add run');
  });

  it('says so when no changed file could be analysed', () => {
    const change = reviewed.change;
    const first = change?.files[0];
    if (change === undefined || first === undefined) throw new Error('no change');
    const docsOnly: ScanResult = {
      ...cleanResult(),
      files: { scanned: [], skipped: [] },
      change: {
        ...change,
        files: [
          {
            ...first,
            path: 'README.md',
            review: 'unsupported-language',
            note: 'no supported language for .md files',
          },
        ],
        totals: { ...change.totals, reviewedFiles: 0, reviewedLines: 0 },
      },
    };
    const md = render('markdown', docsOnly, OPTIONS);
    expect(md).toContain('No security defects are detected in the code.');
    expect(md).toContain('- No changed file in a supported language was analysed.');
    expect(md).toContain(
      '| `README.md` | modified, +3 -0 | no checks for this language: no supported language for .md files |',
    );
  });

  it('reads like a reviewer comment: verdict first, findings linked to lines, then what was reviewed', () => {
    const md = render('markdown', reviewed, {
      ...OPTIONS,
      linkBase: 'https://example.com/blob/abc/',
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Security review of HEAD\\~1...HEAD');
    expect(lines[2]).toBe('**2 security defects are detected in the code.**');
    expect(md).toContain('> Add run');
    expect(md.indexOf('### CWE-693')).toBeLessThan(md.indexOf('### CWE-707'));
    expect(md).toContain('(https://example.com/blob/abc/svc/app.py#L20)');
    expect(md.indexOf('### What was reviewed')).toBeGreaterThan(md.indexOf('### CWE-707'));
    expect(md).toContain('| `svc/app.py` | modified, +3 -0 | reviewed |');
  });
});
