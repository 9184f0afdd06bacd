import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PILLAR_IDS } from '../../src/core/pillars.js';
import { parseAnswer } from '../../src/llm/parse/index.js';
import { lineMentions, segmentProse } from '../../src/llm/parse/prose.js';
import { classifyStance, noDefectVerdict } from '../../src/llm/parse/stance.js';

function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', 'prose', name), 'utf8');
}

describe('prose reviews', () => {
  it('markdown headings per pillar: one real defect under 707, the other nine clean', () => {
    const r = parseAnswer(fixture('headings-per-pillar.md'));
    expect(r.mode).toBe('prose');
    expect(r.verdict).toBe('defects');
    expect(r.pillars.map((p) => p.pillar)).toEqual(PILLAR_IDS);
    expect(r.pillars.filter((p) => p.defectClaimed).map((p) => p.pillar)).toEqual([707]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({
      cwe: 89,
      pillar: 707,
      line: 14,
      quote: `cursor.execute("SELECT * FROM items WHERE name = '" + name + "'")`,
      severity: 'error',
    });
    expect(r.claims[0]?.fix).toMatch(/parameter/);
  });

  it('numbered list of defects with line ranges, CWE ids and quoted code', () => {
    const r = parseAnswer(fixture('numbered-defects.md'));
    expect(r.verdict).toBe('defects');
    expect(r.claims.map((c) => [c.cwe, c.line, c.endLine, c.quote])).toEqual([
      [22, 18, 20, 'os.path.join(UPLOAD_DIR, request.files["f"].filename)'],
      [502, 31, undefined, 'pickle.loads(blob)'],
    ]);
    expect(r.claims[0]?.title).toBe('Path traversal (CWE-22)');
    expect(r.claims[0]?.fix).toMatch(/secure_filename/);
    expect(r.claims[1]?.fix).toMatch(/JSON/);
  });

  it('a table with a status column', () => {
    const r = parseAnswer(fixture('table.md'));
    expect(r.pillars.map((p) => [p.pillar, p.defectClaimed])).toEqual([
      [284, false],
      [664, true],
      [697, false],
      [707, false],
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({ cwe: 775, pillar: 664, line: 40, quote: 'open(path)' });
  });

  it('a clean bullet list with a verdict equivalent', () => {
    const r = parseAnswer(fixture('bullets-clean.md'));
    expect(r.verdict).toBe('no-defects');
    expect(r.claims).toEqual([]);
    expect(r.pillars.map((p) => p.pillar)).toEqual(PILLAR_IDS);
    expect(r.pillars.every((p) => !p.defectClaimed)).toBe(true);
  });

  it('a hedged claim is kept at low confidence, with a warning', () => {
    const r = parseAnswer(fixture('hedging.md'));
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({
      cwe: 502,
      line: 22,
      confidence: 'low',
      quote: 'pickle.loads(payload)',
    });
    expect(r.warnings.some((w) => w.startsWith('hedged claim'))).toBe(true);
  });

  it('"no security issues" about another tool does not make the verdict', () => {
    const r = parseAnswer(fixture('no-defects-inside-other-sentence.md'));
    expect(r.verdict).toBe('defects');
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({ cwe: 78, line: 9, quote: 'os.system("ping " + host)' });
    expect(r.warnings.some((w) => w.includes('also claims defects'))).toBe(false);
  });

  it('"whether no defects are present cannot be determined" is no verdict', () => {
    const r = parseAnswer(fixture('undecided.md'));
    expect(r.verdict).toBe('unknown');
    expect(r.claims).toEqual([]);
  });

  it('a refusal', () => {
    const r = parseAnswer(fixture('refusal.txt'));
    expect(r.refusal).toBe(true);
    expect(r.verdict).toBe('unknown');
    expect(r.warnings).toContain('the model declined to review the code');
  });

  it('bold leads with topic names', () => {
    const r = parseAnswer(fixture('bold-lead.md'));
    expect(r.pillars.map((p) => [p.pillar, p.defectClaimed])).toEqual([
      [284, true],
      [703, false],
      [707, false],
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({ cwe: 862, pillar: 284, line: 31 });
  });

  it('the exact verdict alone', () => {
    const r = parseAnswer(fixture('verdict-only.txt'));
    expect(r).toMatchObject({ mode: 'prose', verdict: 'no-defects', claims: [], pillars: [] });
  });

  it('L42 notation, line ranges as L57-L59, severities', () => {
    const r = parseAnswer(fixture('l-notation.md'));
    expect(r.claims.map((c) => [c.cwe, c.line, c.endLine, c.severity, c.quote])).toEqual([
      [502, 42, undefined, 'error', 'yaml.load(data)'],
      [328, 57, 59, 'warning', 'hashlib.md5(password)'],
    ]);
    expect(r.claims[0]?.fix).toMatch(/safe_load/);
  });

  it('generic advice claims nothing and states no verdict', () => {
    const r = parseAnswer(fixture('generic-advice.md'));
    expect(r.claims).toEqual([]);
    expect(r.verdict).toBe('unknown');
    expect(r.mode).toBe('unparseable');
  });

  it('a clean verdict contradicted by a claim: defects, with a warning', () => {
    const r = parseAnswer(fixture('conflicting.md'));
    expect(r.verdict).toBe('defects');
    expect(r.claims[0]).toMatchObject({ cwe: 798, line: 5, quote: 'TOKEN = "sk-live-4f9a"' });
    expect(r.warnings.some((w) => w.includes('also claims defects'))).toBe(true);
  });

  it('a field list per finding (markdown headings + labelled bullets)', () => {
    const r = parseAnswer(fixture('field-list.md'));
    expect(r.verdict).toBe('defects');
    expect(r.claims).toHaveLength(2);
    expect(r.claims[0]).toEqual({
      cwe: 89,
      pillar: 707,
      line: 14,
      quote: `cursor.execute("SELECT * FROM items WHERE name = '" + name + "'")`,
      title: '1. SQL injection in search',
      explanation: 'The name parameter is concatenated into the SQL statement.',
      fix: 'Use a parameterised query.',
      severity: 'error',
      confidence: 'medium',
    });
    expect(r.claims[1]).toMatchObject({ cwe: 489, line: 40, endLine: 41, severity: 'note' });
    expect(r.claims[1]?.fix).toMatch(/configuration/);
  });

  it('a findings table with Line and CWE columns', () => {
    const r = parseAnswer(fixture('findings-table.md'));
    expect(r.claims.map((c) => [c.cwe, c.line, c.endLine, c.quote, c.fix])).toEqual([
      [78, 12, undefined, 'subprocess.call(cmd, shell=True)', 'pass a list, no shell'],
      [22, 30, 33, undefined, 'check the resolved path'],
    ]);
  });

  it('labelled lines in one paragraph', () => {
    const r = parseAnswer(fixture('paragraph-fields.txt'));
    expect(r.claims).toEqual([
      {
        cwe: 798,
        line: 3,
        quote: 'SECRET_KEY = "dev-secret-123"',
        title: 'Hard-coded secret',
        explanation: expect.stringContaining('SECRET_KEY') as string,
        fix: 'load the key from the environment.',
      },
    ]);
  });

  it('chain-of-thought prose followed by a fenced JSON answer', () => {
    const r = parseAnswer(fixture('cot-then-json.md'));
    expect(r.mode).toBe('fenced-json');
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({ cwe: 89, line: 12 });
    expect(r.pillars.map((p) => [p.pillar, p.defectClaimed])).toEqual([
      [284, false],
      [707, true],
    ]);
    expect(r.reasoning).toContain('Let me go through the pillars.');
  });

  it('a finding told over several paragraphs under a bold heading', () => {
    const r = parseAnswer(fixture('bold-heading-finding.md'));
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({
      cwe: 502,
      line: 22,
      quote: 'pickle.loads(request.data)',
      title: 'Vulnerability Found: Insecure Deserialization (CWE-502)',
    });
    expect(r.claims[0]?.fix).toMatch(/JSON/);
    expect(r.verdict).toBe('defects');
    // "No further issues" is not a clean verdict contradicting the finding.
    expect(r.warnings).toEqual([]);
  });

  it('empty and whitespace answers are unparseable', () => {
    for (const text of ['', '   \n\t ']) {
      expect(parseAnswer(text)).toMatchObject({
        mode: 'unparseable',
        verdict: 'unknown',
        warnings: ['empty answer'],
      });
    }
  });
});

describe('stance of a statement', () => {
  it.each([
    ['No issues found.', 'no-defect'],
    ['Not applicable.', 'no-defect'],
    ['The handling appears safe.', 'no-defect'],
    ['Input is properly validated before use.', 'no-defect'],
    ['Input is not properly validated before the query.', 'defect'],
    ['The endpoint is vulnerable to SQL injection.', 'defect'],
    ['This could allow an attacker to read any file.', 'defect'],
    ['No CSRF issues, but the query at line 9 is vulnerable.', 'defect'],
    ['This could lead to issues if adapted; it is not directly a security defect.', 'no-defect'],
    ['This might pose a risk if exceptions are not caught.', 'hedged'],
    ['The function opens a file.', 'none'],
    ['The view does not check the caller role.', 'defect'],
    ['The view does not seem to contain hard-coded credentials.', 'no-defect'],
    ['| CWE-284 | OK | fine |', 'no-defect'],
    ['The query is not vulnerable to injection.', 'no-defect'],
    ["The endpoint isn't exploitable.", 'no-defect'],
    ['The value cannot be controlled by a user.', 'no-defect'],
    ['No attacker can reach this code.', 'no-defect'],
    ['An attacker can read any file on the server.', 'defect'],
    ['Not an issue.', 'no-defect'],
    ['| CWE-284 | Vulnerable | admin check missing |', 'defect'],
  ])('%s -> %s', (text, stance) => {
    expect(classifyStance(text)).toBe(stance);
  });
});

describe('verdict sentences', () => {
  it.each([
    ['No security defects are detected in the code.', 'exact'],
    ['**No security defects are detected in the code**', 'exact'],
    ['no security defects are detected in the code', 'exact'],
    ['No security defects were found.', 'equivalent'],
    ['I found no vulnerabilities in this file.', 'equivalent'],
    ['There are no security issues.', 'equivalent'],
    ['The code does not contain any security defects.', 'equivalent'],
  ])('%s -> %s', (sentence, signal) => {
    expect(noDefectVerdict(sentence)).toBe(signal);
  });

  it.each([
    'Bandit reported no security issues.',
    'I cannot say that no security defects are detected in the code.',
    'Whether no vulnerabilities are present cannot be determined.',
    'The previous version had no security defects found by review.',
    'If no defects were found, the test would pass.',
    'The code reads a file.',
  ])('not a verdict: %s', (sentence) => {
    expect(noDefectVerdict(sentence)).toBeUndefined();
  });
});

describe('prose helpers', () => {
  it('reads line mentions in the forms models use', () => {
    expect(lineMentions('see line 42, lines 10-12, L7, L8-L9 and lines 71, 82, and 101')).toEqual([
      { line: 42 },
      { line: 10, endLine: 12 },
      { line: 7 },
      { line: 8, endLine: 9 },
      { line: 71 },
      { line: 82 },
      { line: 101 },
    ]);
  });

  it('segments headings, lists, tables and paragraphs', () => {
    const items = segmentProse(
      '# Title\n\nIntro text.\n\n1. first\n   continued\n2. second\n\n| a | b |\n|---|---|\n| c | d |\n',
    );
    expect(items.map((i) => [i.section, i.text])).toEqual([
      ['Title', 'Intro text.'],
      ['Title', 'first\n   continued'],
      ['Title', 'second'],
      ['Title', 'c | d'],
    ]);
  });
});
