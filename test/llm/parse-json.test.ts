import { describe, expect, it } from 'vitest';
import { NO_DEFECTS_VERDICT } from '../../src/core/result.js';
import { parseAnswer } from '../../src/llm/parse/index.js';
import { readTolerantJson } from '../../src/llm/parse/tolerant-json.js';

const finding = {
  cwe: 89,
  pillar: 707,
  line: 12,
  endLine: null,
  code: 'cur.execute("SELECT * FROM t WHERE id=" + uid)',
  title: 'SQL injection',
  explanation: 'uid comes from the request and is concatenated into SQL.',
  fix: 'Use a parameterised query.',
  severity: 'error',
  confidence: 'high',
  candidate: null,
  decision: null,
};
const answer = { reasoning: null, pillars: [], findings: [finding], verdict: 'defects' };
const clean = { reasoning: null, pillars: [], findings: [], verdict: NO_DEFECTS_VERDICT };

describe('JSON answers', () => {
  it('bare JSON with one finding', () => {
    const r = parseAnswer(JSON.stringify(answer));
    expect(r).toMatchObject({ mode: 'json', verdict: 'defects', truncated: false, warnings: [] });
    expect(r.claims).toEqual([
      {
        cwe: 89,
        pillar: 707,
        line: 12,
        quote: finding.code,
        title: 'SQL injection',
        explanation: finding.explanation,
        fix: finding.fix,
        severity: 'error',
        confidence: 'high',
      },
    ]);
  });

  it('bare JSON, clean', () => {
    const r = parseAnswer(JSON.stringify(clean, null, 2));
    expect(r).toMatchObject({ mode: 'json', verdict: 'no-defects', claims: [], warnings: [] });
  });

  it('fenced ```json block surrounded by prose keeps the prose as reasoning', () => {
    const text = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\`\n\nHope this helps.`;
    const r = parseAnswer(text);
    expect(r.mode).toBe('fenced-json');
    expect(r.claims).toHaveLength(1);
    expect(r.reasoning).toBe('Here is my review.\n\nHope this helps.');
  });

  it('a fence without a language tag', () => {
    const r = parseAnswer('```\n' + JSON.stringify(clean) + '\n```');
    expect(r).toMatchObject({ mode: 'fenced-json', verdict: 'no-defects' });
  });

  it('JSON after chain-of-thought prose, unfenced', () => {
    const text = `CWE-284: nothing. CWE-707: the query on line 12 is built from input.\n${JSON.stringify(answer)}`;
    const r = parseAnswer(text);
    expect(r.mode).toBe('json');
    expect(r.claims[0]?.cwe).toBe(89);
    expect(r.reasoning).toContain('CWE-707');
  });

  it('trailing commas and comments are repaired, with a warning', () => {
    const text = `{
      // the review
      "findings": [ { "cwe": 79, "line": 3, "explanation": "reflected XSS", }, ],
      /* done */ "verdict": "defects",
    }`;
    const r = parseAnswer(text);
    expect(r.claims).toEqual([{ cwe: 79, line: 3, explanation: 'reflected XSS' }]);
    expect(r.warnings).toContain('JSON repaired: comments, trailing commas');
  });

  it('single quotes and bare keys', () => {
    const r = parseAnswer(
      "{findings: [{cwe: 'CWE-78', line: '7', description: 'shell=True with input'}]}",
    );
    expect(r.claims).toEqual([{ cwe: 78, line: 7, explanation: 'shell=True with input' }]);
  });

  it('several JSON blocks are merged and duplicates removed', () => {
    const one = { findings: [finding] };
    const two = { findings: [{ ...finding, line: 20, code: null }] };
    const text = `First:\n\`\`\`json\n${JSON.stringify(one)}\n\`\`\`\nSecond:\n\`\`\`json\n${JSON.stringify(two)}\n\`\`\`\nRepeat:\n\`\`\`json\n${JSON.stringify(one)}\n\`\`\``;
    const r = parseAnswer(text);
    expect(r.claims.map((c) => c.line)).toEqual([12, 20]);
    expect(r.warnings).toContain('3 JSON blocks found; their claims are merged');
  });

  it('truncated in the second finding: the first is recovered, truncation flagged', () => {
    const full = JSON.stringify({
      findings: [finding, { ...finding, line: 30 }],
      verdict: 'defects',
    });
    const cut = full.slice(0, full.indexOf('"line":30') + 5);
    const r = parseAnswer(cut);
    expect(r.truncated).toBe(true);
    expect(r.claims.map((c) => c.line)).toEqual([12]);
    expect(r.verdict).toBe('defects');
    expect(r.warnings).toContain('the JSON answer is truncated; 1 complete claim(s) recovered');
  });

  it('truncated in the first finding: nothing recovered, verdict unknown', () => {
    const full = JSON.stringify(answer);
    const r = parseAnswer(full.slice(0, full.indexOf('"explanation"')));
    expect(r).toMatchObject({ truncated: true, claims: [], verdict: 'unknown' });
  });

  it('a truncated fenced block (no closing fence)', () => {
    const full = JSON.stringify({ findings: [finding, finding] }, null, 2);
    const r = parseAnswer('```json\n' + full.slice(0, full.length - 40));
    expect(r.mode).toBe('fenced-json');
    expect(r.truncated).toBe(true);
    expect(r.claims).toHaveLength(1);
  });

  it('CWE given as "CWE-79", "79", 79, or nonsense', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [
          { cwe: 'CWE-79', line: 1, explanation: 'a' },
          { cwe: '79', line: 2, explanation: 'b' },
          { cwe: 79, line: 3, explanation: 'c' },
          { cwe: 'XSS', line: 4, explanation: 'd' },
          { cwe: ['CWE-89', 'CWE-707'], line: 5, explanation: 'e' },
        ],
      }),
    );
    expect(r.claims.map((c) => c.cwe)).toEqual([79, 79, 79, undefined, 89]);
    expect(r.warnings.some((w) => w.startsWith('findings[3]: ignored "cwe"'))).toBe(true);
  });

  it('lines as "L12", "10-12", "line 7", and wrong types reported', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [
          { cwe: 1, line: 'L12', explanation: 'a' },
          { cwe: 1, line: '10-12', explanation: 'b' },
          { cwe: 1, line: 'line 7', explanation: 'c' },
          { cwe: 1, line: 'near the top', explanation: 'd' },
          { cwe: 1, line: true, explanation: 'e' },
          { cwe: 1, location: { path: 'a.py', start: { line: 9 } }, explanation: 'f' },
        ],
      }),
    );
    expect(r.claims.map((c) => [c.line, c.endLine])).toEqual([
      [12, undefined],
      [10, 12],
      [7, undefined],
      [undefined, undefined],
      [undefined, undefined],
      [9, undefined],
    ]);
    expect(r.warnings.filter((w) => w.includes('ignored "line"'))).toHaveLength(2);
  });

  it('severity and confidence words and numbers', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [
          { cwe: 1, line: 1, explanation: 'a', severity: 'Critical', confidence: 0.9 },
          { cwe: 1, line: 1, explanation: 'b', severity: 'medium', confidence: 'Moderate' },
          { cwe: 1, line: 1, explanation: 'c', severity: 5, confidence: 0.1 },
        ],
      }),
    );
    expect(r.claims.map((c) => [c.severity, c.confidence])).toEqual([
      ['error', 'high'],
      ['warning', 'medium'],
      [undefined, 'low'],
    ]);
    expect(r.warnings.some((w) => w.startsWith('findings[2]: ignored "severity"'))).toBe(true);
  });

  it('unknown fields are ignored without a warning; key aliases are understood', () => {
    const r = parseAnswer(
      JSON.stringify({
        vulnerabilities: [
          {
            cwe_id: 22,
            line_number: 4,
            description: 'path from request',
            remediation: 'normalise and check the prefix',
            snippet: 'open(base + name)',
            owasp: 'A01',
            score: 7.5,
          },
        ],
      }),
    );
    expect(r.claims).toEqual([
      {
        cwe: 22,
        line: 4,
        explanation: 'path from request',
        fix: 'normalise and check the prefix',
        quote: 'open(base + name)',
      },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('pillar by id, by "CWE-707", by name; a non-pillar is reported', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [
          { cwe: 89, pillar: 'CWE-707', line: 1, explanation: 'a' },
          { cwe: 89, pillar: 'Improper Neutralization', line: 1, explanation: 'b' },
          { cwe: 89, category: 79, line: 1, explanation: 'c' },
        ],
      }),
    );
    expect(r.claims.map((c) => c.pillar)).toEqual([707, 707, undefined]);
    expect(r.warnings.some((w) => w.includes('79 is not one of the ten pillars'))).toBe(true);
  });

  it('a top-level array of findings', () => {
    const r = parseAnswer(JSON.stringify([finding]));
    expect(r.claims).toHaveLength(1);
    expect(r.verdict).toBe('defects');
  });

  it('an empty array with no verdict: no defects, with a warning', () => {
    const r = parseAnswer('[]');
    expect(r.verdict).toBe('no-defects');
    expect(r.warnings).toContain(
      'no verdict stated; an empty list of findings taken as no defects',
    );
  });

  it('verdict "defects" without findings is unknown, with a warning', () => {
    for (const value of [{ findings: [], verdict: 'defects' }, { verdict: 'defects' }]) {
      const r = parseAnswer(JSON.stringify(value));
      expect(r.verdict).toBe('unknown');
      expect(r.warnings).toContain('the verdict claims defects but no finding describes one');
    }
  });

  it('a verdict that is not understood is reported', () => {
    const r = parseAnswer(JSON.stringify({ findings: [], verdict: 'looks good to me' }));
    expect(r.warnings).toContain('verdict not understood: "looks good to me"');
  });

  it('clean verdict with a finding: defects, with a warning', () => {
    const r = parseAnswer(JSON.stringify({ ...answer, verdict: NO_DEFECTS_VERDICT }));
    expect(r.verdict).toBe('defects');
    expect(r.warnings.some((w) => w.includes('also claims defects'))).toBe(true);
  });

  it('the clean verdict written after the JSON', () => {
    const r = parseAnswer(`{"findings": []}\n\nNo security defects are detected in the code.`);
    expect(r.verdict).toBe('no-defects');
    expect(r.warnings).toEqual([]);
  });

  it('pillar statements as a list and as a map', () => {
    const list = parseAnswer(
      JSON.stringify({
        pillars: [
          { pillar: 284, defect: false, note: 'no issues' },
          { pillar: 'CWE-707', defect: true, note: 'SQL injection at line 12' },
          { pillar: 999, defect: false, note: 'x' },
        ],
        findings: [finding],
      }),
    );
    expect(list.pillars).toEqual([
      { pillar: 284, defectClaimed: false, text: 'no issues' },
      { pillar: 707, defectClaimed: true, text: 'SQL injection at line 12' },
    ]);
    expect(list.warnings.some((w) => w.startsWith('pillars[2]'))).toBe(true);
    const map = parseAnswer(
      JSON.stringify({
        pillars: { 'CWE-284': 'No issues found.', '703': 'could allow an attacker to crash it' },
        findings: [],
      }),
    );
    expect(map.pillars.map((p) => [p.pillar, p.defectClaimed])).toEqual([
      [284, false],
      [703, true],
    ]);
  });

  it('hybrid decisions: confirmed and rejected candidates', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [
          { ...finding, candidate: 'R1', decision: 'confirmed' },
          {
            ...finding,
            line: 40,
            candidate: 'R2',
            decision: 'rejected',
            explanation: 'constant string',
          },
        ],
        verdict: 'defects',
      }),
    );
    expect(r.claims.map((c) => c.candidate)).toEqual([
      { id: 'R1', decision: 'confirmed' },
      { id: 'R2', decision: 'rejected', reason: 'constant string' },
    ]);
  });

  it('only rejected candidates: no defects claimed', () => {
    const r = parseAnswer(
      JSON.stringify({
        findings: [{ ...finding, candidate: 'R2', decision: 'false positive' }],
        verdict: NO_DEFECTS_VERDICT,
      }),
    );
    expect(r.verdict).toBe('no-defects');
  });

  it('braces in prose that are not an answer fall back to prose reading', () => {
    const r = parseAnswer(
      'The config dict {"debug": true} is fine. No security defects are detected in the code.',
    );
    expect(r).toMatchObject({ mode: 'prose', verdict: 'no-defects' });
  });

  it('a dict inside a fenced Python block is code, not the answer', () => {
    const text = [
      'The handler on line 4 builds a finding dict:',
      '```python',
      'report = {"cwe": 89, "line": 3, "explanation": "example"}',
      '```',
      'No security defects are detected in the code.',
    ].join('\n');
    const r = parseAnswer(text);
    expect(r).toMatchObject({ mode: 'prose', verdict: 'no-defects', claims: [] });
  });

  it('entries that are not objects or have nothing usable are reported', () => {
    const r = parseAnswer(JSON.stringify({ findings: [42, {}, 'Hard-coded key on line 3'] }));
    expect(r.claims).toEqual([{ explanation: 'Hard-coded key on line 3' }]);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'findings[0]: not an object, ignored',
        'findings[1]: no explanation, title, CWE or line; ignored',
      ]),
    );
  });

  it('<think> blocks of reasoning models are set aside and kept as reasoning', () => {
    const text = `<think>
Maybe {"cwe": 79, "line": 2, "explanation": "guess"}? No security defects are detected in the code, or are there?
</think>
${JSON.stringify(answer)}`;
    const r = parseAnswer(text);
    expect(r.claims.map((c) => c.cwe)).toEqual([89]);
    expect(r.warnings).toEqual([]);
    expect(r.reasoning).toMatch(/^Maybe/);
  });

  it('an answer cut off inside <think> is unparseable and truncated', () => {
    const r = parseAnswer('<think>Let me look at line 12, it might be');
    expect(r).toMatchObject({ mode: 'unparseable', truncated: true, verdict: 'unknown' });
    expect(parseAnswer('<think>done</think>\n').warnings).toEqual([
      "the answer holds only the model's reasoning",
    ]);
  });

  it('reasoning field is kept', () => {
    const r = parseAnswer(JSON.stringify({ ...clean, reasoning: 'CWE-284: no checks needed.' }));
    expect(r.reasoning).toBe('CWE-284: no checks needed.');
  });
});

describe('tolerant JSON reader', () => {
  it('reads strict JSON exactly', () => {
    const value = { a: [1, 2.5, -3e2, 'x\n\u00e9"'], b: { c: null, d: true, e: false } };
    expect(readTolerantJson(JSON.stringify(value))).toMatchObject({
      value,
      complete: true,
      repairs: [],
    });
  });

  it('reports the end of the value', () => {
    expect(readTolerantJson('  {"a":1} trailing', 2).end).toBe(9);
  });

  it('keeps partial containers and drops partial scalars at the end', () => {
    expect(readTolerantJson('{"a": [1, 2, {"b": 3}, {"c": ').value).toEqual({
      a: [1, 2, { b: 3 }],
    });
    expect(readTolerantJson('{"a": "unfinished str').value).toEqual({});
    expect(readTolerantJson('{"a": 1, "b": tr').value).toEqual({ a: 1 });
    expect(readTolerantJson('[1, 2, 3').complete).toBe(false);
  });

  it('throws a syntax error on garbage', () => {
    expect(() => readTolerantJson('{"a" 1}')).toThrow(/expected ":"/);
    expect(() => readTolerantJson('{"a": @}')).toThrow(/unexpected character/);
  });
});
