import { describe, expect, it } from 'vitest';
import {
  buildCorpus,
  CWE_GROUPS,
  cwesIn,
  groupsOf,
  normalizePath,
  parseCppcheckXml,
  parseCsv,
  parseFlawfinderCsv,
  parseLabels,
  parseSecreviewJson,
  scoreTool,
  type ToolFinding,
} from '../../src/bench/native-eval.js';

// A small labelled file: one bad function with a copy flaw, one good twin, one neutral helper.
const COPY = [
  '#include <string.h>', // 1
  '', // 2
  'static const char *label = "GOOD: CWE-121 { not a body }"; // a marker in a string', // 3
  '/* BAD: CWE-121 */', // 4
  'void save_name(const char *name)', // 5
  '{', // 6
  '    char buf[16];', // 7
  '    strcpy(buf, /* FLAW: CWE-121 */', // 8
  '           name);', // 9
  '    if (buf[0]) { puts(buf); }', // 10
  '}', // 11
  '', // 12
  '/* GOOD: CWE-121 */', // 13
  'void save_name_bounded(const char *name) {', // 14
  "    char buf[16] = {'}'};", // 15
  '    snprintf(buf, sizeof buf, "%s", name);', // 16
  '}', // 17
  '', // 18
  'static int helper(void) { return 1; }', // 19
].join('\n');

// Memory leak: two flaw lines in one function form one case; a second group in the same function.
const LEAK = [
  '/* BAD: CWE-401 */', // 1
  'int load(const char *p) {', // 2
  '    char *b = malloc(64); /* FLAW: CWE-401 */', // 3
  '    if (!p) return -1; /* FLAW: CWE-401 */', // 4
  '    printf(p); /* FLAW: CWE-134 */', // 5
  '    free(b);', // 6
  '    return 0;', // 7
  '}', // 8
  '/* GOOD: CWE-401 CWE-134 */', // 9
  'int load_ok(const char *p) {', // 10
  '    char *b = malloc(64);', // 11
  '    if (!p) { free(b); return -1; }', // 12
  '    printf("%s", p);', // 13
  '    free(b);', // 14
  '    return 0;', // 15
  '}', // 16
].join('\n');

function corpus() {
  return buildCorpus([parseLabels('buf/copy.c', COPY), parseLabels('mem/leak.c', LEAK)]);
}

const f = (file: string, line: number, cwes: number[], rule = 'r'): ToolFinding => ({
  file,
  line,
  cwes,
  rule,
});

describe('labels', () => {
  it('reads flaw lines, function ranges and names, skipping markers in strings', () => {
    const labels = parseLabels('buf/copy.c', COPY);
    expect(labels.problems).toEqual([]);
    expect(labels.flaws).toEqual([{ line: 8, lines: [8, 9], cwes: [121] }]);
    expect(labels.functions.map((fn) => [fn.kind, fn.name, fn.startLine, fn.endLine])).toEqual([
      ['bad', 'save_name', 4, 11],
      ['good', 'save_name_bounded', 13, 17],
    ]);
  });

  it('finds the body of a K&R definition and skips prototypes', () => {
    const text = [
      '/* GOOD: CWE-120 */ int setterm(char *name);',
      '/* BAD: CWE-120 */',
      'int',
      'setterm(name)',
      '    char *name;',
      '{',
      '    strcpy(termname, name); /* FLAW: CWE-120 */',
      '}',
    ].join('\n');
    const labels = parseLabels('kr.c', text);
    expect(labels.problems).toEqual(['kr.c:1: GOOD marker without a function body after it']);
    expect(labels.functions).toMatchObject([
      { kind: 'bad', name: 'setterm', startLine: 2, endLine: 8 },
    ]);
  });

  it('makes a file-scope flaw a case of its own', () => {
    const text = ['static const char *pw = "hunter2"; /* FLAW: CWE-259 */', 'int x;'].join('\n');
    const labels = parseLabels('g.c', text);
    expect(labels.problems).toEqual([]);
    expect(buildCorpus([labels]).bad).toMatchObject([
      { file: 'g.c', function: '(file scope)', line: 1, group: 'credentials' },
    ]);
  });

  it('reports label mistakes', () => {
    const text = [
      'void a(void) {',
      '    x(); /* FLAW: CWE-121 */',
      '}',
      '/* BAD: CWE-78 */',
      'void b(void) { y(); }',
      '/* GOOD: CWE-99999 */',
      'void c(void);',
      '/* GOOD: CWE-121 */',
      'void d(void) {',
      '    z(); /* FLAW: CWE-121 */',
      '}',
    ].join('\n');
    const problems = parseLabels('x.c', text).problems;
    expect(problems).toEqual([
      'x.c:6: CWE-99999 is in no CWE group',
      'x.c:6: GOOD marker without a function body after it',
      'x.c:2: FLAW outside every BAD function',
      'x.c:10: FLAW outside every BAD function',
      'x.c:10: FLAW inside GOOD function d',
      'x.c:4: BAD b has no FLAW line',
    ]);
  });

  it('builds one bad case per function and group, one good case per marker group', () => {
    const c = corpus();
    expect(c.bad.map((b) => [b.file, b.function, b.group, b.flaws.length])).toEqual([
      ['buf/copy.c', 'save_name', 'buffer-overflow', 1],
      ['mem/leak.c', 'load', 'format-string', 1],
      ['mem/leak.c', 'load', 'memory-leak', 2],
    ]);
    expect(c.good.map((g) => [g.function, g.group])).toEqual([
      ['save_name_bounded', 'buffer-overflow'],
      ['load_ok', 'format-string'],
      ['load_ok', 'memory-leak'],
    ]);
  });
});

describe('CWE groups', () => {
  it('puts each CWE in one group at most', () => {
    const all = CWE_GROUPS.flatMap((g) => g.cwes);
    expect(new Set(all).size).toBe(all.length);
  });

  it('maps ids to groups and reads ids out of tool text', () => {
    expect(groupsOf([120, 20, 787])).toEqual(['buffer-overflow']);
    expect(groupsOf([327, 338])).toEqual(['weak-crypto']);
    expect(groupsOf([398])).toEqual([]);
    expect(cwesIn('CWE-119!/CWE-120, CWE-20')).toEqual([119, 120, 20]);
  });
});

describe('tool reports', () => {
  it('reads Cppcheck XML v2 at the first location, with entities and missing cwe', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<results version="2"><cppcheck version="2.10"/><errors>
<error id="memleak" severity="error" msg="Memory leak: b" verbose="Memory leak: &quot;b&quot;" cwe="401" file0="mem/leak.c">
  <location file="./mem/leak.c" line="4" column="20"/>
  <location file="./mem/leak.c" line="3" column="5"/>
  <symbol>b</symbol>
</error>
<error id="missingIncludeSystem" severity="information" msg="x" verbose="x"/>
<error id="unusedFunction" severity="style" msg="u" verbose="u"><location file="/r/buf/copy.c" line="19" column="1"/></error>
</errors></results>`;
    expect(parseCppcheckXml(xml, '/r')).toEqual([
      { file: 'mem/leak.c', line: 4, cwes: [401], rule: 'cppcheck/memleak' },
      { file: 'buf/copy.c', line: 19, cwes: [], rule: 'cppcheck/unusedFunction' },
    ]);
  });

  it('reads Flawfinder CSV with quoted commas, quotes and several CWEs', () => {
    const csv =
      'File,Line,Column,DefaultLevel,Level,Category,Name,Warning,Suggestion,Note,CWEs,Context,Fingerprint,ToolVersion,RuleId,HelpUri\n' +
      './buf/copy.c,8,5,4,4,buffer,strcpy,"Does not check, for ""overflows""",,,"CWE-120",    strcpy(buf,abc,2.0.19,FF1001,\n' +
      './buf/copy.c,7,5,2,2,buffer,char,"Statically-sized arrays",,,"CWE-119!/CWE-120",    char buf[16];,def,2.0.19,FF1013,\n';
    expect(parseFlawfinderCsv(csv, '/r')).toEqual([
      { file: 'buf/copy.c', line: 8, cwes: [120], rule: 'flawfinder/strcpy' },
      { file: 'buf/copy.c', line: 7, cwes: [119, 120], rule: 'flawfinder/char' },
    ]);
    expect(parseCsv('a,"b\nc",d\r\ne')).toEqual([['a', 'b\nc', 'd'], ['e']]);
    expect(() => parseFlawfinderCsv('x,y\n', '/r')).toThrow(/Flawfinder/);
  });

  it('reads secreview JSON with all CWE ids of a finding', () => {
    const json = JSON.stringify({
      findings: [
        {
          ruleId: 'c/unbounded-copy',
          cwe: 120,
          cwes: [120, 787],
          location: { path: 'buf/copy.c', start: { line: 8 } },
        },
      ],
    });
    expect(parseSecreviewJson(json, '/r')).toEqual([
      { file: 'buf/copy.c', line: 8, cwes: [120, 787], rule: 'c/unbounded-copy' },
    ]);
    expect(normalizePath('.\\a\\b.c', 'C:\\r')).toBe('a/b.c');
  });
});

describe('scoring', () => {
  it('counts detections on any flaw line of a case, false positives inside good functions', () => {
    const score = scoreTool(corpus(), [
      f('buf/copy.c', 9, [120], 'strcpy'), // continuation line of the flaw statement: detected
      f('buf/copy.c', 7, [119], 'char'), // declaration line: not a flaw line, in the bad function
      f('buf/copy.c', 16, [120], 'snprintf'), // inside the good twin: false positive
      f('mem/leak.c', 4, [401], 'memleak'), // second flaw line of the leak case
      f('mem/leak.c', 4, [772], 'memleak2'), // same line and group: counted once
      f('mem/leak.c', 13, [398], 'style'), // in no group
    ]);
    const buffer = score.groups.find((g) => g.group === 'buffer-overflow');
    expect(buffer).toMatchObject({ bad: 1, detected: 1, good: 1, flagged: 1, findings: 3 });
    expect(buffer?.findingsOnFlaw).toBe(1);
    expect(buffer?.score).toBe(0);
    expect(buffer?.precision).toBeCloseTo(1 / 3);
    const leak = score.groups.find((g) => g.group === 'memory-leak');
    expect(leak).toMatchObject({ detected: 1, flagged: 0, findings: 1, findingsOnFlaw: 1 });
    expect(leak?.score).toBe(1);
    expect(score.detections.find((d) => d.case.group === 'memory-leak')?.rules).toEqual([
      'memleak',
      'memleak2',
    ]);
    const format = score.groups.find((g) => g.group === 'format-string');
    expect(format).toMatchObject({ bad: 1, detected: 0, tpr: 0, precision: null });
    expect(score.misses.map((m) => m.group)).toEqual(['format-string']);
    expect(score.falsePositives.map((o) => [o.case.function, o.rules])).toEqual([
      ['save_name_bounded', ['snprintf']],
    ]);
    expect(score.unmapped).toBe(1);
    expect(score.overall).toMatchObject({ bad: 3, detected: 2, good: 3, flagged: 1 });
    expect(score.overall.score).toBeCloseTo(2 / 3 - 1 / 3);
    expect(score.meanScore).toBeCloseTo((0 + 1 + 0) / 3);
  });

  it('widens the flaw lines by the tolerance and ignores findings in other files', () => {
    const near = [f('buf/copy.c', 10, [120]), f('other/copy.c', 8, [120])];
    expect(scoreTool(corpus(), near).misses.map((m) => m.group)).toContain('buffer-overflow');
    const widened = scoreTool(corpus(), near, { tolerance: 1 });
    expect(widened.misses.map((m) => m.group)).not.toContain('buffer-overflow');
    expect(widened.groups.find((g) => g.group === 'buffer-overflow')?.findings).toBe(2);
  });

  it('credits a check for the weakness it means unless CWE ids are scored strictly', () => {
    const obsolete = [f('buf/copy.c', 8, [477], 'cppcheck/getsCalled')];
    const credited = scoreTool(corpus(), obsolete);
    expect(credited.misses.map((m) => m.group)).not.toContain('buffer-overflow');
    expect(credited.unmapped).toBe(0);
    const strict = scoreTool(corpus(), obsolete, { checkCwes: {} });
    expect(strict.misses.map((m) => m.group)).toContain('buffer-overflow');
    expect(strict.unmapped).toBe(1);
  });

  it('does not credit a finding of another group on a flaw line', () => {
    const score = scoreTool(corpus(), [f('mem/leak.c', 5, [401])]);
    expect(score.misses.map((m) => m.group).sort()).toEqual([
      'buffer-overflow',
      'format-string',
      'memory-leak',
    ]);
    expect(score.groups.find((g) => g.group === 'memory-leak')?.precision).toBe(0);
  });
});
