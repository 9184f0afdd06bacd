import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { parseAnswer } from '../../src/llm/parse/index.js';
import type { Claim, ParsedReview, VerifyInput } from '../../src/llm/types.js';
import { relatedCwes, verifyClaims } from '../../src/llm/verify.js';

const SOURCE = [
  'import os', // 1
  'import sqlite3', // 2
  '', // 3
  'def search(request, db):', // 4
  '    name = request.args["name"]', // 5
  '    cur = db.cursor()', // 6
  '    cur.execute("SELECT * FROM items WHERE name = \'" + name + "\'")', // 7
  '    return cur.fetchall()', // 8
  '', // 9
  'def ping(request):', // 10
  '    host = request.args["host"]', // 11
  '    os.system("ping -c 1 " + host)', // 12
  '', // 13
].join('\n');

function review(claims: Claim[]): ParsedReview {
  return {
    mode: 'json',
    verdict: 'defects',
    claims,
    pillars: [],
    warnings: [],
    truncated: false,
    refusal: false,
  };
}

function verify(claims: Claim[], extra: Partial<VerifyInput> = {}) {
  return verifyClaims({ path: 'app.py', source: SOURCE, review: review(claims), ...extra });
}

function ruleFinding(line: number, cwe: number, pillar: 707 | 664 | 284, ruleId: string): Finding {
  return {
    ruleId,
    origin: 'rule',
    title: ruleId,
    message: 'm',
    cwe,
    cweName: 'n',
    cwes: [cwe],
    pillar,
    pillarName: 'p',
    severity: 'error',
    confidence: 'high',
    location: { path: 'app.py', start: { line, column: 5 }, end: { line, column: 20 } },
    snippet: '',
    fingerprint: 'f',
    help: { why: '', fix: '' },
    inTestCode: false,
  };
}

const sqli: Claim = {
  cwe: 89,
  pillar: 707,
  line: 7,
  quote: 'cur.execute("SELECT * FROM items WHERE name = \'" + name + "\'")',
  title: 'SQL injection',
  explanation: 'name from the request is concatenated into SQL.',
  fix: 'Use a parameterised query.',
  severity: 'error',
  confidence: 'high',
};

describe('verifyClaims', () => {
  it('a correct claim becomes finding data for the pipeline', () => {
    const out = verify([sqli]);
    expect(out.unverified).toEqual([]);
    expect(out.dropped).toEqual([]);
    expect(out.verified).toHaveLength(1);
    expect(out.verified[0]?.finding).toEqual({
      title: 'SQL injection',
      message: 'name from the request is concatenated into SQL.',
      cwe: 89,
      cweName:
        "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
      cwes: [89],
      pillar: 707,
      pillarName: 'Improper Neutralization',
      location: { path: 'app.py', start: { line: 7, column: 5 }, end: { line: 7, column: 67 } },
      snippet: '    cur.execute("SELECT * FROM items WHERE name = \'" + name + "\'")',
      help: {
        why: 'name from the request is concatenated into SQL.',
        fix: 'Use a parameterised query.',
      },
      severity: 'error',
      confidence: 'high',
      corrections: [],
    });
  });

  it('a line outside the file is dropped, with a count', () => {
    const out = verify([{ ...sqli, line: 99, quote: 'nowhere()' }]);
    expect(out.verified).toEqual([]);
    expect(out.droppedCounts['line-outside-file']).toBe(1);
    expect(out.dropped[0]?.detail).toBe('line 99 is outside the file (12 lines)');
  });

  it('an invented line is relocated when the quote is found exactly once in the file', () => {
    const out = verify([{ ...sqli, line: 140 }]);
    expect(out.verified[0]?.finding.location.start.line).toBe(7);
    expect(out.verified[0]?.finding.corrections).toEqual([
      'line 140 does not exist here; the quoted code is on line 7',
    ]);
  });

  it('no line but a unique quote: located from the quote', () => {
    const noLine: Claim = { ...sqli };
    delete noLine.line;
    const out = verify([{ ...noLine, quote: 'os.system("ping -c 1 " + host)', cwe: 78 }]);
    expect(out.verified[0]?.finding.location.start.line).toBe(12);
  });

  it('no line and no usable quote is dropped', () => {
    const out = verify([{ cwe: 89, explanation: 'somewhere' }]);
    expect(out.droppedCounts['no-line']).toBe(1);
  });

  it('the quote within ±2 lines corrects the line', () => {
    const out = verify([{ ...sqli, line: 5 }]);
    expect(out.verified[0]?.finding.location.start.line).toBe(7);
    expect(out.verified[0]?.finding.corrections).toEqual([
      'line corrected from 5 to 7, where the quoted code is',
    ]);
  });

  it('a quote more than 2 lines away: unverified at low confidence', () => {
    const out = verify([{ ...sqli, line: 12 }]);
    expect(out.verified).toEqual([]);
    expect(out.unverified).toHaveLength(1);
    expect(out.unverified[0]?.reasons).toEqual([
      { reason: 'quote-not-found', detail: 'the quoted code is not on line 12 or within 2 lines' },
    ]);
    expect(out.unverified[0]?.finding.confidence).toBe('low');
  });

  it('quotes match despite whitespace differences and "..." elisions', () => {
    const out = verify([
      { ...sqli, quote: 'cur.execute(  "SELECT * FROM items ... + name' },
      { ...sqli, cwe: 78, pillar: 707, line: 12, quote: '...os.system("ping -c 1 "' },
    ]);
    expect(out.verified.map((v) => v.finding.location.start.line)).toEqual([7, 12]);
  });

  it('review mode: a claim outside the changed ranges is dropped', () => {
    const out = verify([sqli], { changedRanges: [{ start: 10, end: 12 }] });
    expect(out.droppedCounts['outside-change']).toBe(1);
    const inside = verify([sqli], { changedRanges: [{ start: 6, end: 7 }] });
    expect(inside.verified).toHaveLength(1);
  });

  it('a split part: a line the model was not shown is dropped', () => {
    const out = verify([{ ...sqli, quote: 'not in the file' }], {
      shownRanges: [{ start: 10, end: 13 }],
    });
    expect(out.droppedCounts['line-not-shown']).toBe(1);
  });

  it('an unknown CWE with a pillar: unverified, filed under the pillar', () => {
    const out = verify([{ ...sqli, cwe: 99999 }]);
    expect(out.unverified[0]?.reasons[0]?.reason).toBe('unknown-cwe');
    expect(out.unverified[0]?.finding).toMatchObject({ cwe: 707, pillar: 707, confidence: 'low' });
  });

  it('a category or view id is not a weakness', () => {
    const category = verify([{ ...sqli, cwe: 1027 }]);
    expect(category.unverified[0]?.reasons[0]).toEqual({
      reason: 'cwe-not-a-weakness',
      detail: 'CWE-1027 is a category, not a weakness',
    });
    const view = verify([{ ...sqli, cwe: 1000 }]);
    expect(view.unverified[0]?.reasons[0]?.detail).toBe('CWE-1000 is a view, not a weakness');
  });

  it('a deprecated CWE is flagged', () => {
    const out = verify([{ ...sqli, cwe: 71 }]);
    expect(out.unverified[0]?.reasons[0]).toEqual({
      reason: 'cwe-without-pillar',
      detail: 'CWE-71 is deprecated',
    });
  });

  it('an unknown CWE without a pillar cannot be filed: dropped', () => {
    const noPillar: Claim = { ...sqli };
    delete noPillar.pillar;
    const out = verify([{ ...noPillar, cwe: 99999 }]);
    expect(out.droppedCounts['no-classification']).toBe(1);
  });

  it('a missing CWE is flagged, never inferred', () => {
    const noCwe: Claim = { ...sqli };
    delete noCwe.cwe;
    const out = verify([noCwe]);
    expect(out.unverified[0]?.reasons).toEqual([
      { reason: 'no-cwe', detail: 'the model named no CWE, only the pillar' },
    ]);
    expect(out.unverified[0]?.finding.cwe).toBe(707);
  });

  it('only a pillar id as the CWE is flagged as not specific', () => {
    const out = verify([{ ...sqli, cwe: 707 }]);
    expect(out.unverified[0]?.reasons[0]?.detail).toBe(
      'CWE-707 is a pillar, not a specific weakness',
    );
  });

  it('a specific CWE under the wrong pillar: the pillar is corrected', () => {
    const out = verify([{ ...sqli, pillar: 284 }]);
    expect(out.verified[0]?.finding.pillar).toBe(707);
    expect(out.verified[0]?.finding.corrections).toEqual([
      'pillar corrected from CWE-284 to CWE-707, the pillar of CWE-89',
    ]);
  });

  it('a class-level CWE under the wrong pillar: flagged, not corrected silently', () => {
    const out = verify([{ ...sqli, cwe: 74, pillar: 664 }]);
    expect(out.unverified[0]?.reasons[0]).toEqual({
      reason: 'pillar-mismatch',
      detail: 'CWE-74 belongs to pillar CWE-707, not CWE-664 as claimed',
    });
  });

  it('a claimed pillar the CWE also reaches is accepted, filed under the primary pillar', () => {
    // CWE-352 (CSRF) is a compound whose primary pillar is 693 and which also reaches 284 or 664.
    const pillars = verify([{ ...sqli, cwe: 352, pillar: 693 }]);
    expect(pillars.verified[0]?.finding.pillar).toBe(693);
  });

  it('duplicate claims are dropped with a count', () => {
    const out = verify([sqli, { ...sqli, explanation: 'again' }]);
    expect(out.verified).toHaveLength(1);
    expect(out.droppedCounts['duplicate-claim']).toBe(1);
  });

  it('every drop reason is counted, zero when absent', () => {
    const out = verify([]);
    expect(Object.values(out.droppedCounts).every((n) => n === 0)).toBe(true);
    expect(Object.keys(out.droppedCounts)).toHaveLength(8);
  });

  it('merges with a rule finding at the same line (±1) and the same CWE', () => {
    const rules = [
      ruleFinding(12, 78, 707, 'python/command-injection'),
      ruleFinding(8, 89, 707, 'python/sql-injection'),
    ];
    const out = verify([sqli], { ruleFindings: rules });
    expect(out.verified[0]?.confirmedBy).toEqual({
      ruleId: 'python/sql-injection',
      findingIndex: 1,
    });
    expect(out.merges).toEqual([
      {
        claimIndex: 0,
        findingIndex: 1,
        ruleId: 'python/sql-injection',
        line: 7,
        match: 'same-cwe',
      },
    ]);
    expect(out.verified[0]?.finding.confidence).toBe('high');
  });

  it('merges a related CWE under the same pillar, not an unrelated one', () => {
    const related = verify([{ ...sqli, cwe: 564 }], {
      ruleFindings: [ruleFinding(7, 89, 707, 'r')],
    });
    expect(related.merges[0]?.match).toBe('related-cwe');
    const unrelated = verify([sqli], { ruleFindings: [ruleFinding(7, 22, 664, 'r')] });
    expect(unrelated.merges).toEqual([]);
    const far = verify([sqli], { ruleFindings: [ruleFinding(10, 89, 707, 'r')] });
    expect(far.merges).toEqual([]);
  });

  it('hybrid: a rejected candidate is recorded with its reason, a confirmed one merged', () => {
    const rules = [
      ruleFinding(7, 89, 707, 'python/sql-injection'),
      ruleFinding(12, 78, 707, 'python/command-injection'),
    ];
    const candidates = [
      { id: 'R1', ruleId: 'python/sql-injection', cwe: 89, line: 7, message: 'm', findingIndex: 0 },
      {
        id: 'R2',
        ruleId: 'python/command-injection',
        cwe: 78,
        line: 12,
        message: 'm',
        findingIndex: 1,
      },
    ];
    const out = verify(
      [
        { explanation: 'real', candidate: { id: 'R1', decision: 'confirmed' } },
        {
          explanation: 'host is validated upstream',
          candidate: { id: 'R2', decision: 'rejected', reason: 'validated upstream' },
        },
        { explanation: 'x', candidate: { id: 'R9', decision: 'rejected' } },
      ],
      { ruleFindings: rules, candidates },
    );
    expect(out.verified[0]?.finding).toMatchObject({ cwe: 89, location: { start: { line: 7 } } });
    expect(out.merges[0]).toMatchObject({ findingIndex: 0, match: 'candidate' });
    expect(out.rejectedCandidates).toEqual([
      { findingIndex: 1, ruleId: 'python/command-injection', reason: 'validated upstream' },
    ]);
    expect(out.droppedCounts['rejected-candidate']).toBe(1);
    expect(out.droppedCounts['unknown-candidate']).toBe(1);
  });

  it('every claim ends in exactly one place (nothing silent)', () => {
    const claims: Claim[] = [
      sqli,
      { ...sqli, line: 12 },
      { ...sqli, line: 500, quote: 'x()' },
      { cwe: 89, explanation: 'no line' },
      { ...sqli, cwe: 1027 },
    ];
    const out = verify(claims);
    const placed = [...out.verified, ...out.unverified, ...out.dropped]
      .map((c) => c.claimIndex)
      .sort();
    expect(placed).toEqual([0, 1, 2, 3, 4]);
  });

  it('end to end from a prose answer with an invented line', () => {
    const parsed = parseAnswer(
      'CWE-78: line 30 runs `os.system("ping -c 1 " + host)`, which allows an attacker to run commands.',
    );
    const out = verifyClaims({ path: 'app.py', source: SOURCE, review: parsed });
    expect(out.verified[0]?.finding).toMatchObject({
      cwe: 78,
      pillar: 707,
      location: { start: { line: 12 } },
    });
  });
});

describe('relatedCwes', () => {
  it('parent/child and siblings are related, distant weaknesses are not', () => {
    expect(relatedCwes(89, 74)).toBe(true);
    expect(relatedCwes(564, 89)).toBe(true);
    expect(relatedCwes(89, 22)).toBe(false);
  });
});
