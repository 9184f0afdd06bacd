import { describe, expect, it } from 'vitest';
import { PILLARS } from '../../src/core/pillars.js';
import type { ScanResult } from '../../src/core/result.js';
import { renderText } from '../../src/reporters/text.js';
import { cleanResult, sampleResult } from '../helpers/sample-result.js';

const ESC = '\u001b';
const plain = { color: false, perFile: false };

describe('text reporter', () => {
  it('matches the snapshots', async () => {
    await expect(renderText(sampleResult(), { color: false, perFile: true })).toMatchFileSnapshot(
      '../snapshots/sample.txt',
    );
    await expect(renderText(sampleResult(), { color: true, perFile: false })).toMatchFileSnapshot(
      '../snapshots/sample.color.txt',
    );
    await expect(renderText(cleanResult(), plain)).toMatchFileSnapshot('../snapshots/clean.txt');
    await expect(renderText(cleanResult(), { color: true, perFile: true })).toMatchFileSnapshot(
      '../snapshots/clean.color.txt',
    );
  });

  it('uses ANSI escapes only when asked to', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      expect(renderText(r, plain)).not.toContain(ESC);
      expect(renderText(r, { color: false, perFile: true })).not.toContain(ESC);
      expect(renderText(r, { color: true, perFile: false })).toContain(ESC);
    }
  });

  it('states the verdict exactly, on its own line, last', () => {
    for (const r of [sampleResult(), cleanResult()]) {
      const lines = renderText(r, plain).split('\n');
      expect(lines.map((l) => l.trim())).toContain(r.verdict);
      expect(lines.findIndex((l) => l === 'Conclusion')).toBeGreaterThan(
        lines.findIndex((l) => l.startsWith('CWE-710 ')),
      );
    }
    expect(renderText(cleanResult(), plain)).toContain(
      '\n  No security defects are detected in the code.\n',
    );
  });

  it('lists the ten pillars in order, each with a coverage line', () => {
    const out = renderText(sampleResult(), plain);
    const at = PILLARS.map((p) => out.indexOf(`\nCWE-${String(p.id)} ${p.name}\n  Coverage: `));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('is honest about coverage', () => {
    const out = renderText(sampleResult(), plain);
    expect(out).toContain(
      'CWE-697 Incorrect Comparison\n  Coverage: 1 check ran: python/is-literal-comparison\n  no findings\n',
    );
    expect(out).toContain(
      'CWE-682 Incorrect Calculation\n  Coverage: NOT reviewed. No Python checks exist for this pillar yet: it was not reviewed.\n  no findings\n',
    );
    expect(out).toContain(
      'Not reviewed (no checks for the languages present): CWE-435, CWE-682, CWE-691, CWE-710.',
    );
  });

  it('describes each finding fully', () => {
    const out = renderText(sampleResult(), plain);
    expect(out).toContain(
      '  app/views.py:42:9  error  high confidence  python/command-injection\n' +
        "    CWE-78 Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection') (pillar CWE-707)\n",
    );
    expect(out).toContain(
      '      42 | out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)\n',
    );
    expect(out).toContain('    Trace:\n      1. source  app/views.py:38:12  ');
    expect(out).toContain('      3. sink    app/views.py:42:9  reaches subprocess.run');
    expect(out).toContain('[suppressed]');
    expect(out).toContain(
      'Suppressed (inline): Health check of the local sidecar, which only has a self-signed certificate.',
    );
    expect(out).toContain(
      'tests/test_login.py:9:1  note  medium confidence  python/hardcoded-password  [below threshold]  [test code]',
    );
    expect(out).toContain('    30 | except Exception:\n      31 |     pass\n');
  });

  it('groups skipped files by reason and caps long lists', () => {
    const out = renderText(sampleResult(), plain);
    expect(out).toContain('Skipped files (27)\n');
    expect(out).toContain('  unsupported-language (23): no checks exist for this language\n');
    expect(out).toContain('    web/static/js/table.js  (JavaScript)\n    ... and 3 more\n');
    expect(out).not.toContain('web/static/js/theme.js');
    expect(out).toContain(
      '  binary (1): binary content\n    static/logo.png  (NUL bytes in the first 8 KB)\n',
    );
  });

  it('reports errors and, on request, each file', () => {
    const out = renderText(sampleResult(), { color: false, perFile: true });
    expect(out).toContain(
      'Errors (1)\n  rule python/sql-injection failed on app/legacy.py: RangeError: Maximum call stack size exceeded\n',
    );
    expect(out).toContain(
      '  app/handlers.py\n    language python; test code no; frameworks flask; syntax errors 1; 1 finding\n    note: 1 syntax error at line 47',
    );
    expect(out).toContain(
      '  tests/test_login.py\n    language python; test code yes; frameworks pytest',
    );
    expect(renderText(sampleResult(), plain)).not.toContain('Files reviewed');
  });

  it('counts by severity and pillar when there are defects', () => {
    const out = renderText(sampleResult(), plain);
    expect(out).toContain('  By severity: 2 error, 3 warning\n');
    expect(out).toContain(
      '  By pillar: CWE-693 Protection Mechanism Failure: 1; CWE-703 Improper Check or Handling of Exceptional Conditions: 1; CWE-707 Improper Neutralization: 3\n',
    );
    expect(out).toContain('  Not counted: 1 suppressed, 1 below the warning threshold.\n');
    expect(renderText(cleanResult(), plain)).not.toContain('By severity');
  });

  it('neutralises terminal escapes and bidi controls from the reviewed code', () => {
    const hostile: ScanResult = sampleResult();
    const f = hostile.findings[0];
    if (f === undefined) throw new Error('sample has findings');
    f.snippet = 'x = 1  # \u001b]0;pwned\u0007\u001b[2J\r\nif user != "admin\u202e \u2066":';
    f.message = 'evil \u001b[31mred\u001b[0m message';
    f.location.path = 'app/\u001b[1mbold\u001b[0m\nname.py';
    for (const color of [false, true]) {
      const out = renderText(hostile, { color, perFile: true });
      expect(out).not.toContain('\u0007');
      expect(out).not.toContain('\u202e');
      expect(out).not.toContain('\r');
      expect(out).not.toContain('\u001b]');
      expect(out).not.toContain('\u001b[2J');
      expect(out).not.toContain('\u001b[0m');
      expect(out).toContain('\\u001B]0;pwned\\u0007\\u001B[2J');
      expect(out).toContain('"admin<U+202E> <U+2066>":');
      expect(out).toContain('app/\\u001B[1mbold\\u001B[0m\\u000Aname.py:18:12');
    }
  });
});
