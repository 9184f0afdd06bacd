/**
 * The pure half of `scripts/compare-native.mjs`: reads the labels of the native evaluation corpus
 * (bench/native-eval, format in its README), maps tool findings to CWE groups, matches them with the
 * labels and scores each tool per group. No file system, process or clock here: the script reads the
 * files, runs the tools and hands the texts to these functions.
 *
 * Labels (comments in the case files):
 *   - `FLAW: CWE-121` at the end of a flawed line (several ids: `FLAW: CWE-401 CWE-772`);
 *   - `BAD: CWE-121` in a comment just above a function containing FLAW lines (or on its signature,
 *     before its `{`);
 *   - `GOOD: CWE-121` likewise above a safe twin (a function with no flaw of that group).
 * A function's range runs from its marker line to the `}` matching the first `{` after the marker; its
 * name is the first `name(` in the code of the marker line and the three lines after it.
 */

/** A family of CWE ids that the tools use for the same weakness (tools disagree on exact ids). */
export interface CweGroup {
  readonly id: string;
  readonly title: string;
  readonly cwes: readonly number[];
}

/**
 * One table, each CWE in at most one group. Why the families are drawn this way is in
 * bench/native-eval/README.md ("CWE groups"); ids outside every group are counted as "unmapped".
 */
export const CWE_GROUPS: readonly CweGroup[] = [
  {
    id: 'buffer-overflow',
    title: 'Buffer overflow / over-read',
    cwes: [
      119, 120, 121, 122, 123, 124, 125, 126, 127, 129, 131, 170, 193, 242, 676, 785, 786, 787, 788,
      805, 806,
    ],
  },
  { id: 'format-string', title: 'Format string', cwes: [134] },
  {
    id: 'integer',
    title: 'Integer overflow, signedness, truncation',
    cwes: [128, 190, 191, 192, 194, 195, 196, 197, 680, 681],
  },
  { id: 'use-after-free', title: 'Use after free', cwes: [416, 825] },
  { id: 'double-free', title: 'Double free', cwes: [415] },
  {
    id: 'invalid-free',
    title: 'Free of non-heap / mismatched deallocation',
    cwes: [590, 761, 762, 763],
  },
  { id: 'memory-leak', title: 'Memory leak', cwes: [401, 771, 772] },
  { id: 'return-local', title: 'Address of a local returned', cwes: [562] },
  { id: 'null-deref', title: 'NULL dereference / unchecked allocation', cwes: [476, 690] },
  { id: 'resource-leak', title: 'File handle / descriptor leak', cwes: [404, 773, 775] },
  { id: 'lock', title: 'Lock not released', cwes: [667, 764, 765, 833] },
  { id: 'race', title: 'Check-then-use race on a file name', cwes: [362, 363, 367] },
  { id: 'temp-file', title: 'Insecure temporary file', cwes: [377, 378, 379] },
  { id: 'command-injection', title: 'OS command injection', cwes: [77, 78, 88] },
  { id: 'sql-injection', title: 'SQL injection', cwes: [89, 564] },
  {
    id: 'weak-crypto',
    title: 'Weak crypto or randomness',
    cwes: [326, 327, 328, 330, 331, 338, 780, 916],
  },
  {
    id: 'tls-verification',
    title: 'Certificate verification disabled',
    cwes: [295, 296, 297, 599],
  },
  { id: 'switch-fallthrough', title: 'Switch fall-through', cwes: [484] },
  { id: 'assignment-in-condition', title: 'Assignment in condition', cwes: [480, 481, 482] },
  { id: 'string-comparison', title: 'char* compared with ==', cwes: [595, 597] },
  {
    id: 'privilege',
    title: 'Unchecked privilege change / chroot',
    cwes: [243, 250, 252, 253, 271, 272, 273],
  },
  { id: 'credentials', title: 'Hard-coded credentials or keys', cwes: [259, 260, 321, 798] },
];

/**
 * Checks of the other tools whose meaning is one of our weaknesses although the CWE they report is a
 * broader one (Cppcheck files `gets`, `tmpnam` and `mktemp` under CWE-477 "obsolete function",
 * dangling references under CWE-664/562, a missing `break` and `if (a = b == c)` under 563/398). Their findings are scored with the CWE given here instead,
 * so a tool is credited for what its check finds; `--strict-cwe` scores the reported CWE ids only.
 */
export const CHECK_CWES: Readonly<Record<string, readonly number[]>> = {
  'cppcheck/getsCalled': [242],
  'cppcheck/tmpnamCalled': [377],
  'cppcheck/tempnamCalled': [377],
  'cppcheck/mktempCalled': [377],
  'cppcheck/invalidContainerReference': [416],
  'cppcheck/invalidContainer': [416],
  'cppcheck/stlcstr': [416],
  'cppcheck/danglingTemporaryLifetime': [825],
  // "Variable is reassigned a value before the old one has been used. 'break;' missing?"
  'cppcheck/redundantAssignInSwitch': [484],
  // "Suspicious condition (assignment + comparison)"
  'cppcheck/clarifyCondition': [481],
};

const GROUP_OF_CWE = new Map<number, string>(
  CWE_GROUPS.flatMap((group) => group.cwes.map((cwe) => [cwe, group.id] as const)),
);

/** The groups of a list of CWE ids (sorted, without duplicates); unknown ids are dropped. */
export function groupsOf(cwes: readonly number[]): string[] {
  const out = new Set<string>();
  for (const cwe of cwes) {
    const group = GROUP_OF_CWE.get(cwe);
    if (group !== undefined) out.add(group);
  }
  return [...out].sort();
}

/** Every `CWE-<n>` (or bare number after `CWE`) in a text: `CWE-119!/CWE-120`, `CWE-120, CWE-20`. */
export function cwesIn(text: string): number[] {
  return [...text.matchAll(/CWE-?(\d+)/gi)].map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------------------------------
// Labels

export interface FlawLine {
  readonly line: number;
  /** The lines a finding may sit on: the marked line and the continuation lines of its statement. */
  readonly lines: readonly number[];
  readonly cwes: readonly number[];
}

export interface LabelledFunction {
  readonly kind: 'bad' | 'good';
  readonly file: string;
  /** The function's name as written before its `(` on the marker line, or `line N`. */
  readonly name: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly cwes: readonly number[];
}

export interface FileLabels {
  readonly file: string;
  readonly flaws: readonly FlawLine[];
  readonly functions: readonly LabelledFunction[];
  /** Label mistakes: a FLAW outside every BAD function, a marker with no body, unknown CWE groups. */
  readonly problems: readonly string[];
}

const MARKER = /\b(FLAW|BAD|GOOD):\s*((?:CWE-\d+[\s,]*)+)/g;

type CharKind = 'code' | 'comment' | 'literal';

/** The kind of each character: code, comment, or string/character literal (braces there are skipped). */
function charKinds(text: string): CharKind[] {
  const kinds = new Array<CharKind>(text.length).fill('code');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    let end: number;
    let kind: CharKind = 'comment';
    if (c === '/' && next === '/') {
      end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
    } else if (c === '/' && next === '*') {
      end = text.indexOf('*/', i + 2);
      end = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      kind = 'literal';
      end = i + 1;
      while (end < text.length && text[end] !== c && text[end] !== '\n') {
        end += text[end] === '\\' ? 2 : 1;
      }
      end = Math.min(end + 1, text.length);
    } else {
      i++;
      continue;
    }
    for (let k = i; k < end; k++) kinds[k] = kind;
    i = end;
  }
  return kinds;
}

/** The code of each line with comments and literals blanked (for statement continuation). */
function codeLines(text: string, kinds: readonly CharKind[]): string[] {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] ?? '';
    out += ch === '\n' || kinds[k] === 'code' ? ch : ' ';
  }
  return out.split('\n');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The offset of the `}` closing the first `{` at or after `from` (in code), or -1 when a prototype
 * (`f(...);`) comes first. K&R parameter declarations (`char *name;` before the body) are skipped.
 */
function bodyEnd(text: string, kinds: readonly CharKind[], from: number): number {
  let depth = 0;
  let last = '';
  for (let k = from; k < text.length; k++) {
    if (kinds[k] !== 'code') continue;
    const ch = text[k] ?? '';
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return k;
      if (depth < 0) return -1;
    } else if (ch === ';' && depth === 0 && last === ')') return -1;
    if (!/\s/.test(ch)) last = ch;
  }
  return -1;
}

/** The brace depth of code at the start of each line (0: file scope). */
function depthAtLineStarts(
  text: string,
  kinds: readonly CharKind[],
  starts: readonly number[],
): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 0;
  for (let k = 0; k <= text.length; k++) {
    while (line < starts.length && (starts[line] ?? 0) === k) {
      out.push(depth);
      line++;
    }
    if (kinds[k] !== 'code') continue;
    if (text[k] === '{') depth++;
    else if (text[k] === '}') depth = Math.max(0, depth - 1);
  }
  return out;
}

/** A marked statement covers the lines that continue it (until a line ends in `;`, `{` or `}`). */
function statementLines(code: readonly string[], line: number): number[] {
  const lines = [line];
  for (let n = line; n < line + 6 && n <= code.length; n++) {
    const trimmed = (code[n - 1] ?? '').trim();
    if (trimmed === '' || /[;{}]$/.test(trimmed) || trimmed.startsWith('#')) break;
    if (n + 1 <= code.length) lines.push(n + 1);
  }
  return lines;
}

/** Reads the labels of one case file. `file` is the path the findings will use (relative, POSIX). */
export function parseLabels(file: string, text: string): FileLabels {
  const kinds = charKinds(text);
  const starts = lineStarts(text);
  const code = codeLines(text, kinds);
  const flaws: FlawLine[] = [];
  const functions: LabelledFunction[] = [];
  const problems: string[] = [];
  for (const m of text.matchAll(MARKER)) {
    const at = m.index;
    if (kinds[at] !== 'comment') continue; // a marker counts only inside a comment
    const line = lineAt(starts, at);
    const cwes = cwesIn(m[2] ?? '');
    const unknown = cwes.filter((cwe) => groupsOf([cwe]).length === 0);
    if (unknown.length > 0) {
      problems.push(`${file}:${line}: CWE-${unknown.join(', CWE-')} is in no CWE group`);
    }
    if (m[1] === 'FLAW') {
      flaws.push({ line, lines: statementLines(code, line), cwes });
      continue;
    }
    const end = bodyEnd(text, kinds, at);
    if (end < 0) {
      problems.push(`${file}:${line}: ${m[1] ?? ''} marker without a function body after it`);
      continue;
    }
    const endLine = lineAt(starts, end);
    const signature = code.slice(line - 1, Math.min(line + 3, endLine)).join(' ');
    const name = /([A-Za-z_~][\w:~]*)\s*\(/.exec(signature)?.[1] ?? `line ${line}`;
    functions.push({
      kind: m[1] === 'BAD' ? 'bad' : 'good',
      file,
      name,
      startLine: line,
      endLine,
      cwes,
    });
  }
  const depth = depthAtLineStarts(text, kinds, starts);
  for (const flaw of flaws) {
    const owner = functions.find(
      (f) => f.kind === 'bad' && f.startLine <= flaw.line && flaw.line <= f.endLine,
    );
    if (owner === undefined && (depth[flaw.line - 1] ?? 0) > 0) {
      problems.push(`${file}:${flaw.line}: FLAW outside every BAD function`);
    }
    const inGood = functions.find(
      (f) => f.kind === 'good' && f.startLine <= flaw.line && flaw.line <= f.endLine,
    );
    if (inGood !== undefined) {
      problems.push(`${file}:${flaw.line}: FLAW inside GOOD function ${inGood.name}`);
    }
  }
  for (const f of functions) {
    if (f.kind !== 'bad') continue;
    const own = flaws.filter((flaw) => f.startLine <= flaw.line && flaw.line <= f.endLine);
    if (own.length === 0) problems.push(`${file}:${f.startLine}: BAD ${f.name} has no FLAW line`);
  }
  return { file, flaws, functions, problems };
}

// ---------------------------------------------------------------------------------------------------
// Cases

export interface BadCase {
  readonly file: string;
  readonly function: string;
  readonly line: number;
  readonly group: string;
  /** Flaw lines of this group in the function, with their statement lines. */
  readonly flaws: readonly FlawLine[];
}

export interface GoodCase {
  readonly file: string;
  readonly function: string;
  readonly group: string;
  readonly startLine: number;
  readonly endLine: number;
}

export interface Corpus {
  readonly files: readonly FileLabels[];
  readonly bad: readonly BadCase[];
  readonly good: readonly GoodCase[];
}

const inside = (f: LabelledFunction, line: number): boolean =>
  f.startLine <= line && line <= f.endLine;

/**
 * Builds the cases: one bad case per (BAD function, group of its FLAW lines), one per (file-scope FLAW
 * line, group), and one good case per (GOOD function, group of its marker's CWEs).
 */
export function buildCorpus(files: readonly FileLabels[]): Corpus {
  const bad: BadCase[] = [];
  const good: GoodCase[] = [];
  for (const labels of files) {
    for (const f of labels.functions) {
      if (f.kind === 'good') {
        for (const group of groupsOf(f.cwes)) {
          good.push({
            file: f.file,
            function: f.name,
            group,
            startLine: f.startLine,
            endLine: f.endLine,
          });
        }
        continue;
      }
      const own = labels.flaws.filter((flaw) => inside(f, flaw.line));
      for (const group of groupsOf(own.flatMap((flaw) => flaw.cwes))) {
        bad.push({
          file: f.file,
          function: f.name,
          line: f.startLine,
          group,
          flaws: own.filter((flaw) => groupsOf(flaw.cwes).includes(group)),
        });
      }
    }
    // A flaw at file scope (a global holding a password) is a case of its own.
    const bads = labels.functions.filter((f) => f.kind === 'bad');
    for (const flaw of labels.flaws) {
      if (bads.some((f) => inside(f, flaw.line))) continue;
      for (const group of groupsOf(flaw.cwes)) {
        bad.push({
          file: labels.file,
          function: '(file scope)',
          line: flaw.line,
          group,
          flaws: [flaw],
        });
      }
    }
  }
  return { files, bad, good };
}

// ---------------------------------------------------------------------------------------------------
// Findings of the tools

export interface ToolFinding {
  /** Path relative to the corpus folder, POSIX separators, no leading `./`. */
  readonly file: string;
  readonly line: number;
  readonly cwes: readonly number[];
  /** The tool's rule or check id (for the miss and false-positive lists). */
  readonly rule: string;
}

/** `./a/b.c`, `a\\b.c`, `/abs/root/a/b.c` (with root `/abs/root`) -> `a/b.c`. */
export function normalizePath(path: string, root: string): string {
  let p = path.replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (r !== '' && p.startsWith(`${r}/`)) p = p.slice(r.length + 1);
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

function decodeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function xmlAttributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w-]+)="([^"]*)"/g)) out.set(m[1] ?? '', decodeXml(m[2] ?? ''));
  return out;
}

/**
 * Cppcheck's `--xml --xml-version=2` report. Each `<error>` is placed at its first `<location>`
 * (Cppcheck writes the primary location first); errors without a location or a `cwe` attribute keep
 * an empty CWE list (they score as unmapped).
 */
export function parseCppcheckXml(xml: string, root: string): ToolFinding[] {
  const out: ToolFinding[] = [];
  for (const m of xml.matchAll(/<error\b([^>]*?)(\/>|>([\s\S]*?)<\/error>)/g)) {
    const attributes = xmlAttributes(m[1] ?? '');
    const location = /<location\b([^>]*)\/?>/.exec(m[3] ?? '');
    if (location === null) continue;
    const where = xmlAttributes(location[1] ?? '');
    const cwe = Number(attributes.get('cwe') ?? '0');
    out.push({
      file: normalizePath(where.get('file') ?? '', root),
      line: Number(where.get('line') ?? '0'),
      cwes: cwe > 0 ? [cwe] : [],
      rule: `cppcheck/${attributes.get('id') ?? 'unknown'}`,
    });
  }
  return out;
}

/** RFC 4180 CSV (quoted fields with doubled quotes and newlines) -> rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] ?? '';
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[k + 1] === '\n') k++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Flawfinder's `--csv` report (header row: File,Line,...,Name,...,CWEs,...). */
export function parseFlawfinderCsv(csv: string, root: string): ToolFinding[] {
  const rows = parseCsv(csv);
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [file, line, name, cwes] = [col('File'), col('Line'), col('Name'), col('CWEs')];
  if (file < 0 || line < 0 || cwes < 0) throw new Error('not a Flawfinder CSV report (no header)');
  return rows
    .slice(1)
    .filter((r) => r.length > cwes)
    .map((r) => ({
      file: normalizePath(r[file] ?? '', root),
      line: Number(r[line]),
      cwes: cwesIn(r[cwes] ?? ''),
      rule: `flawfinder/${name >= 0 ? (r[name] ?? '') : 'unknown'}`,
    }));
}

interface SecreviewResultShape {
  findings?: {
    ruleId?: unknown;
    cwe?: unknown;
    cwes?: unknown;
    location?: { path?: unknown; start?: { line?: unknown } };
  }[];
}

/** secreview's JSON result (`--format json`): every finding with all its CWE ids. */
export function parseSecreviewJson(json: string, root: string): ToolFinding[] {
  const result = JSON.parse(json) as SecreviewResultShape;
  if (!Array.isArray(result.findings)) throw new Error('not a secreview JSON result (no findings)');
  return result.findings.map((f) => {
    const cwes = Array.isArray(f.cwes) ? f.cwes.filter((c) => typeof c === 'number') : [];
    if (cwes.length === 0 && typeof f.cwe === 'number') cwes.push(f.cwe);
    return {
      file: normalizePath(typeof f.location?.path === 'string' ? f.location.path : '', root),
      line: typeof f.location?.start?.line === 'number' ? f.location.start.line : 0,
      cwes,
      rule: typeof f.ruleId === 'string' ? f.ruleId : 'unknown',
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Scoring

export interface GroupScore {
  readonly group: string;
  readonly bad: number;
  readonly detected: number;
  readonly good: number;
  readonly flagged: number;
  /** Findings of the group (one per file, line and group) and those on a FLAW line of the group. */
  readonly findings: number;
  readonly findingsOnFlaw: number;
  readonly tpr: number | null;
  readonly fpr: number | null;
  /** TPR - FPR; null when the group has no bad or no good case. */
  readonly score: number | null;
  /** findingsOnFlaw / findings; null without findings. */
  readonly precision: number | null;
}

export interface CaseOutcome<C> {
  readonly case: C;
  /** The tool's rules whose findings decided the outcome (a detection or a false positive). */
  readonly rules: readonly string[];
}

export interface ToolScore {
  readonly groups: readonly GroupScore[];
  readonly overall: GroupScore;
  /** Mean of the groups' TPR - FPR (groups with both kinds of case). */
  readonly meanScore: number | null;
  readonly misses: readonly BadCase[];
  readonly detections: readonly CaseOutcome<BadCase>[];
  readonly falsePositives: readonly CaseOutcome<GoodCase>[];
  /** Findings of a group on no FLAW line of that group (inside good functions or elsewhere). */
  readonly offFlaw: readonly GroupedFinding[];
  /** Findings whose CWE ids are in no group (deduplicated per file and line). */
  readonly unmapped: number;
}

export interface ScoreOptions {
  /** Extra lines either side of a flaw statement that still count as on it (default 0). */
  readonly tolerance?: number;
  /** CWE ids that replace a tool check's own (default CHECK_CWES; `{}` scores reported ids only). */
  readonly checkCwes?: Readonly<Record<string, readonly number[]>>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function groupScore(
  group: string,
  counts: Omit<GroupScore, 'group' | 'tpr' | 'fpr' | 'score' | 'precision'>,
): GroupScore {
  const tpr = ratio(counts.detected, counts.bad);
  const fpr = ratio(counts.flagged, counts.good);
  return {
    group,
    ...counts,
    tpr,
    fpr,
    score: tpr !== null && fpr !== null ? tpr - fpr : null,
    precision: ratio(counts.findingsOnFlaw, counts.findings),
  };
}

/** A tool's findings of one group on one line (several rules saying it count once). */
export interface GroupedFinding {
  readonly file: string;
  readonly line: number;
  readonly group: string;
  readonly rules: string[];
}

/** One entry per (file, line, group): a tool saying the same thing twice on a line counts once. */
function groupFindings(
  findings: readonly ToolFinding[],
  checkCwes: Readonly<Record<string, readonly number[]>>,
): {
  grouped: GroupedFinding[];
  unmapped: number;
} {
  const byKey = new Map<string, GroupedFinding>();
  const unmapped = new Set<string>();
  for (const f of findings) {
    const groups = groupsOf(checkCwes[f.rule] ?? f.cwes);
    if (groups.length === 0) unmapped.add(`${f.file}\0${f.line}`);
    for (const group of groups) {
      const key = `${f.file}\0${f.line}\0${group}`;
      const entry = byKey.get(key);
      if (entry === undefined)
        byKey.set(key, { file: f.file, line: f.line, group, rules: [f.rule] });
      else if (!entry.rules.includes(f.rule)) entry.rules.push(f.rule);
    }
  }
  return { grouped: [...byKey.values()], unmapped: unmapped.size };
}

function onFlaw(flaw: FlawLine, line: number, tolerance: number): boolean {
  const first = flaw.lines[0] ?? flaw.line;
  const last = flaw.lines[flaw.lines.length - 1] ?? flaw.line;
  return line >= first - tolerance && line <= last + tolerance;
}

/** Scores one tool's findings against the corpus labels. */
export function scoreTool(
  corpus: Corpus,
  findings: readonly ToolFinding[],
  options: ScoreOptions = {},
): ToolScore {
  const tolerance = options.tolerance ?? 0;
  const { grouped, unmapped } = groupFindings(findings, options.checkCwes ?? CHECK_CWES);
  const byFileGroup = new Map<string, GroupedFinding[]>();
  for (const f of grouped) {
    const key = `${f.file}\0${f.group}`;
    const list = byFileGroup.get(key) ?? [];
    list.push(f);
    byFileGroup.set(key, list);
  }
  const of = (file: string, group: string): GroupedFinding[] =>
    byFileGroup.get(`${file}\0${group}`) ?? [];

  const flawsByFile = new Map<string, FlawLine[]>();
  for (const labels of corpus.files) flawsByFile.set(labels.file, [...labels.flaws]);
  const isTruePositive = (f: GroupedFinding): boolean =>
    (flawsByFile.get(f.file) ?? []).some(
      (flaw) => groupsOf(flaw.cwes).includes(f.group) && onFlaw(flaw, f.line, tolerance),
    );

  const misses: BadCase[] = [];
  const detections: CaseOutcome<BadCase>[] = [];
  for (const c of corpus.bad) {
    const hits = of(c.file, c.group).filter((f) =>
      c.flaws.some((flaw) => onFlaw(flaw, f.line, tolerance)),
    );
    if (hits.length === 0) misses.push(c);
    else detections.push({ case: c, rules: [...new Set(hits.flatMap((h) => h.rules))].sort() });
  }
  const falsePositives: CaseOutcome<GoodCase>[] = [];
  for (const c of corpus.good) {
    const hits = of(c.file, c.group).filter((f) => f.line >= c.startLine && f.line <= c.endLine);
    if (hits.length > 0) {
      falsePositives.push({ case: c, rules: [...new Set(hits.flatMap((h) => h.rules))].sort() });
    }
  }

  const groupIds = [
    ...new Set([
      ...CWE_GROUPS.map((g) => g.id).filter(
        (id) =>
          corpus.bad.some((c) => c.group === id) ||
          corpus.good.some((c) => c.group === id) ||
          grouped.some((f) => f.group === id),
      ),
    ]),
  ];
  const groups = groupIds.map((group) => {
    const own = grouped.filter((f) => f.group === group);
    return groupScore(group, {
      bad: corpus.bad.filter((c) => c.group === group).length,
      detected: detections.filter((d) => d.case.group === group).length,
      good: corpus.good.filter((c) => c.group === group).length,
      flagged: falsePositives.filter((d) => d.case.group === group).length,
      findings: own.length,
      findingsOnFlaw: own.filter(isTruePositive).length,
    });
  });
  const sum = (
    key: 'bad' | 'detected' | 'good' | 'flagged' | 'findings' | 'findingsOnFlaw',
  ): number => groups.reduce((n, g) => n + g[key], 0);
  const overall = groupScore('overall', {
    bad: sum('bad'),
    detected: sum('detected'),
    good: sum('good'),
    flagged: sum('flagged'),
    findings: sum('findings'),
    findingsOnFlaw: sum('findingsOnFlaw'),
  });
  const scored = groups.map((g) => g.score).filter((s): s is number => s !== null);
  const meanScore = scored.length === 0 ? null : scored.reduce((a, b) => a + b, 0) / scored.length;
  const offFlaw = grouped
    .filter((f) => !isTruePositive(f))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { groups, overall, meanScore, misses, detections, falsePositives, offFlaw, unmapped };
}
