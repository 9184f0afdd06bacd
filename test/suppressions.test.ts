// Inline suppressions: `secreview-ignore <rule-id> -- <reason>` in comments, and what happens to bad ones.
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/engine/analyze.js';
import { parseDirective, SUPPRESSION_RULE_IDS } from '../src/engine/suppressions.js';
import { ALL_RULES } from '../src/rules/index.js';

const known = new Set(ALL_RULES.map((r) => r.meta.id));
const CMD = 'python/command-injection';
const EVAL = 'python/code-injection';

function analyse(source: string, enabled = true) {
  const result = analyzeSource('app/x.py', source, 'python', ALL_RULES, 'auto', [], {
    suppressions: enabled ? { knownRuleIds: known } : false,
  });
  return result.findings;
}

const onLine = (fs: ReturnType<typeof analyse>, ruleId: string) =>
  fs.filter((f) => f.ruleId === ruleId).map((f) => f.location.start.line);

describe('parseDirective', () => {
  it('reads one or several rule ids and the reason', () => {
    expect(parseDirective('# secreview-ignore python/a -- checked by hand', '#')).toEqual({
      ruleIds: ['python/a'],
      reason: 'checked by hand',
    });
    expect(parseDirective('#secreview-ignore python/a, python/b -- ok', '#')).toEqual({
      ruleIds: ['python/a', 'python/b'],
      reason: 'ok',
    });
    expect(parseDirective('// secreview-ignore cpp/x -- fixed size buffer', '//')).toEqual({
      ruleIds: ['cpp/x'],
      reason: 'fixed size buffer',
    });
    expect(parseDirective('/* secreview-ignore cpp/x -- constant */', '//')).toEqual({
      ruleIds: ['cpp/x'],
      reason: 'constant',
    });
    expect(parseDirective('# noqa: S602  # secreview-ignore python/a -- r', '#')?.ruleIds).toEqual([
      'python/a',
    ]);
    expect(
      parseDirective('# secreview-ignore python/a -- the C# client sends #1 only', '#'),
    ).toEqual({
      ruleIds: ['python/a'],
      reason: 'the C# client sends #1 only',
    });
    expect(parseDirective('# secreview-ignore python/a --tight', '#')?.reason).toBe('tight');
  });

  it('leaves the reason out when there is none, and the ids when there are none', () => {
    expect(parseDirective('# secreview-ignore python/a', '#')).toEqual({
      ruleIds: ['python/a'],
      reason: undefined,
    });
    expect(parseDirective('# secreview-ignore python/a --   ', '#')?.reason).toBeUndefined();
    expect(parseDirective('# secreview-ignore', '#')).toEqual({ ruleIds: [], reason: undefined });
    expect(parseDirective('# secreview-ignore -- because', '#')).toEqual({
      ruleIds: [],
      reason: 'because',
    });
  });

  it('ignores comments that only mention the marker', () => {
    expect(parseDirective('# we do not use secreview-ignore here', '#')).toBeUndefined();
    expect(parseDirective('# secreview-ignored', '#')).toBeUndefined();
  });
});

describe('inline suppressions', () => {
  const vulnerable =
    'import os, flask\n\ndef f(x):\n    os.system("ls " + flask.request.args["x"])\n';

  it('reports the finding without a suppression', () => {
    expect(onLine(analyse(vulnerable), CMD)).toEqual([4]);
  });

  it('suppresses on the same line, keeping the finding with its reason', () => {
    const fs = analyse(
      'import os, flask\n\ndef f(x):\n    os.system("ls " + flask.request.args["x"])  # secreview-ignore python/command-injection -- x is an enum value\n',
    );
    const f = fs.find((x) => x.ruleId === CMD);
    expect(f?.suppression).toEqual({ kind: 'inline', justification: 'x is an enum value' });
    expect(fs.filter((x) => x.ruleId.startsWith('secreview/'))).toEqual([]);
  });

  it('suppresses from the line above, also under other comments', () => {
    const above = analyse(
      'import os, flask\n\ndef f(x):\n    # secreview-ignore python/command-injection -- validated by caller\n    os.system("ls " + flask.request.args["x"])\n',
    );
    expect(above.find((x) => x.ruleId === CMD)?.suppression?.kind).toBe('inline');
    const stacked = analyse(
      'import os, flask\n\ndef f(x):\n    # secreview-ignore python/command-injection -- validated\n    # another note\n    os.system("ls " + flask.request.args["x"])\n',
    );
    expect(stacked.find((x) => x.ruleId === CMD)?.suppression?.kind).toBe('inline');
  });

  it('does not reach two lines down past code, nor another rule', () => {
    const fs = analyse(
      'import os, flask\n# secreview-ignore python/command-injection -- no\nx = 1\nos.system("ls " + flask.request.args["y"])\n',
    );
    expect(onLine(fs, CMD)).toEqual([4]);
    expect(fs.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    const other = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore python/code-injection -- wrong rule\n',
    );
    expect(other.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
  });

  it('suppresses a multi-line finding from its last line', () => {
    const fs = analyse(
      'import os, flask\nos.system(\n    "ls " + flask.request.args["y"]\n)  # secreview-ignore python/command-injection -- y is fixed\n',
    );
    const f = fs.find((x) => x.ruleId === CMD);
    expect(f?.location.start.line).toBe(2);
    expect(f?.suppression?.justification).toBe('y is fixed');
  });

  it('takes several rule ids separated by commas', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"]); eval(flask.request.args["y"])  # secreview-ignore python/command-injection, python/code-injection -- sandboxed\n',
    );
    expect(fs.filter((f) => f.ruleId === CMD || f.ruleId === EVAL).length).toBe(2);
    for (const f of fs.filter((x) => x.ruleId === CMD || x.ruleId === EVAL)) {
      expect(f.suppression?.justification).toBe('sandboxed');
    }
  });

  it('refuses a suppression without a reason and reports it', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore python/command-injection\n',
    );
    expect(fs.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    const problem = fs.find((x) => x.ruleId === SUPPRESSION_RULE_IDS.noReason);
    expect(problem?.location.start.line).toBe(2);
    expect(problem?.cwe).toBe(1116);
    expect(problem?.pillar).toBe(710);
    expect(problem?.severity).toBe('warning');
  });

  it('refuses a bare secreview-ignore and reports it', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore -- trust me\n',
    );
    expect(onLine(fs, CMD)).toEqual([2]);
    expect(fs.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    expect(onLine(fs, SUPPRESSION_RULE_IDS.noRuleId)).toEqual([2]);
  });

  it('reports an unknown rule id with a hint, and still applies the known ones', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore python/comand-injection, python/command-injection -- fixed\n',
    );
    const problem = fs.find((x) => x.ruleId === SUPPRESSION_RULE_IDS.unknownRule);
    expect(problem?.message).toContain('did you mean "python/command-injection"');
    expect(fs.find((x) => x.ruleId === CMD)?.suppression?.kind).toBe('inline');
  });

  it('ignores the marker inside a string literal', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls # secreview-ignore python/command-injection -- no" + flask.request.args["y"])\n',
    );
    expect(onLine(fs, CMD)).toEqual([2]);
    expect(fs.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    expect(fs.filter((x) => x.ruleId.startsWith('secreview/'))).toEqual([]);
    const doc = analyse(
      'import os, flask\ndef f(y):\n    """secreview-ignore python/command-injection"""\n    os.system("ls " + flask.request.args["y"])\n',
    );
    expect(onLine(doc, CMD)).toEqual([4]);
    expect(doc.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    expect(doc.filter((x) => x.ruleId.startsWith('secreview/'))).toEqual([]);
  });

  it('does nothing with suppressions turned off (audits)', () => {
    const fs = analyse(
      'import os, flask\nos.system("ls " + flask.request.args["y"])  # secreview-ignore python/command-injection -- fine\n# secreview-ignore\n',
      false,
    );
    expect(onLine(fs, CMD)).toEqual([2]);
    expect(fs.find((x) => x.ruleId === CMD)?.suppression).toBeUndefined();
    expect(fs.filter((x) => x.ruleId.startsWith('secreview/'))).toEqual([]);
  });
});
