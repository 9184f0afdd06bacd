import type { Finding, Location } from '../core/finding.js';
import type { LanguageId } from '../core/language.js';
import { PILLARS, type PillarId } from '../core/pillars.js';
import type {
  PillarReport,
  ScanError,
  ScanResult,
  SkippedFile,
  SkipReason,
} from '../core/result.js';
import { atLeast, SEVERITIES, type Severity } from '../core/severity.js';

/** How a caller wants a report rendered; formats ignore what does not apply to them. */
export interface ReporterOptions {
  /** ANSI colours in text output (the CLI decides: TTY, NO_COLOR, --color / --no-color). */
  color: boolean;
  /** Add a section describing each reviewed file. */
  perFile: boolean;
  /** The --fail-on threshold: review-platform formats request changes (or vote) at or above it. */
  failOn?: Severity | 'none';
  /** Links to lines: `${linkBase}${path}#L12` (default: relative `path#L12`). */
  linkBase?: string;
  /** The Gerrit label the gerrit format proposes a vote on (default Code-Review). */
  gerritLabel?: string;
  /** When the run ended (ISO 8601), for formats that record scan times; the CLI passes the clock. */
  finishedAt?: string;
}

export type Reporter = (result: ScanResult, options: ReporterOptions) => string;

/** A plain URL template; reporters do not import the CWE catalog (everything else is in the result). */
export function cweUrl(id: number): string {
  return `https://cwe.mitre.org/data/definitions/${String(id)}.html`;
}

export function cweLabel(id: number): string {
  return `CWE-${String(id)}`;
}

/** Where a finding points, as `path:line:column`. */
export function position(loc: Location): string {
  return `${visiblePath(loc.path)}:${String(loc.start.line)}:${String(loc.start.column)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** Why a finding does not count toward the verdict, or undefined when it counts. */
export function notCounted(
  f: Finding,
  threshold: Severity,
): 'suppressed' | 'below-threshold' | undefined {
  if (f.suppression !== undefined) return 'suppressed';
  if (!atLeast(f.severity, threshold)) return 'below-threshold';
  return undefined;
}

export interface PillarSection {
  id: PillarId;
  name: string;
  /** Undefined when the result carries no report for this pillar (an older or hand-made result). */
  report: PillarReport | undefined;
  findings: Finding[];
}

/** The ten pillars in CWE-1000 order, each with its findings in the order the result gives them. */
export function pillarSections(result: ScanResult): PillarSection[] {
  return PILLARS.map((p) => {
    const report = result.pillars.find((r) => r.id === p.id);
    return {
      id: p.id,
      name: report?.name ?? p.name,
      report,
      findings: result.findings.filter((f) => f.pillar === p.id),
    };
  });
}

/**
 * One honest sentence about what was checked under a pillar: the checks that ran, or the result's note
 * on why nothing ran. Callers label unreviewed pillars as such (see isReviewed).
 */
export function coverageText(report: PillarReport | undefined): string {
  if (report === undefined) return 'The result has no coverage report for this pillar.';
  if (report.coverage === 'checked' && report.rules.length > 0) {
    const model =
      report.model !== undefined
        ? `; the model ${report.model.name} reviewed ${String(report.model.files)} of ${plural(report.model.of, 'file')}`
        : '';
    return `${plural(report.rules.length, 'check')} ran: ${report.rules.join(', ')}${model}`;
  }
  const note = report.note.trim();
  return note === '' ? 'No checks exist yet for the languages present.' : note;
}

export function isReviewed(report: PillarReport | undefined): boolean {
  return (
    report?.coverage === 'checked' && (report.rules.length > 0 || (report.model?.files ?? 0) > 0)
  );
}

export interface SkipGroup {
  reason: SkipReason;
  files: SkippedFile[];
}

/** Skipped files grouped by reason; groups in order of first appearance, files as given. */
export function skipGroups(skipped: readonly SkippedFile[]): SkipGroup[] {
  const groups: SkipGroup[] = [];
  for (const s of skipped) {
    const g = groups.find((x) => x.reason === s.reason);
    if (g === undefined) groups.push({ reason: s.reason, files: [s] });
    else g.files.push(s);
  }
  return groups;
}

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  binary: 'binary content',
  'too-large': 'over the size limit',
  unreadable: 'could not be read',
  'not-a-regular-file': 'not a regular file',
  'symlink-loop': 'symbolic link loop',
  'symlink-outside-root': 'symbolic link leading outside the scan root',
  'unsupported-language': 'no checks exist for this language',
  ignored: 'ignored by .gitignore, the defaults or --exclude',
  'test-code-excluded': 'test code, excluded on request',
  'analysis-failed': 'analysis failed',
};

/** What failed, e.g. "rule python/x failed on app/y.py"; `path` and `id` format the path and rule id. */
export function errorHeadline(
  e: ScanError,
  path: (p: string) => string,
  id: (ruleId: string) => string,
): string {
  const where = e.path === undefined ? '' : ` on ${path(e.path)}`;
  switch (e.kind) {
    case 'rule':
      return `${e.ruleId === undefined ? 'a rule' : `rule ${id(e.ruleId)}`} failed${where}`;
    case 'file':
      return `reviewing a file failed${where}`;
    case 'internal':
      return `internal error${where}`;
    case 'llm':
      return `LLM review failed${where}`;
  }
}

/** Long path lists are cut here with "... and N more". */
export const MAX_LISTED = 20;

/** Counts by severity and by pillar of the findings that count, as "2 error, 1 warning". */
export function severityCounts(result: ScanResult): string {
  return SEVERITIES.filter((s) => result.summary.bySeverity[s] > 0)
    .map((s) => `${String(result.summary.bySeverity[s])} ${s}`)
    .join(', ');
}

export function pillarCounts(result: ScanResult): { id: PillarId; name: string; count: number }[] {
  return pillarSections(result)
    .map((p) => ({ id: p.id, name: p.name, count: result.summary.byPillar[`${p.id}`] ?? 0 }))
    .filter((p) => p.count > 0);
}

export function notCountedLine(result: ScanResult): string | undefined {
  const parts: string[] = [];
  if (result.summary.suppressed > 0) parts.push(`${String(result.summary.suppressed)} suppressed`);
  if (result.summary.belowThreshold > 0) {
    parts.push(`${String(result.summary.belowThreshold)} below the ${result.threshold} threshold`);
  }
  return parts.length > 0 ? `Not counted: ${parts.join(', ')}.` : undefined;
}

/** The pillars nobody checked, for an honest conclusion. */
export function unreviewedPillars(result: ScanResult): PillarSection[] {
  return pillarSections(result).filter((p) => !isReviewed(p.report));
}

export function languagesOf(result: ScanResult): LanguageId[] {
  return [...new Set(result.files.scanned.map((f) => f.language))].sort();
}

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- as above, newline and tab included
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

function hex(c: string): string {
  return (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Makes control characters (ESC, CR, NUL ...) and bidirectional overrides visible. Reviewed code comes
 * from untrusted pull requests: raw escape sequences could rewrite the terminal, and bidi controls could
 * make a snippet read differently from what it does (Trojan Source). Newlines and tabs are kept.
 */
export function visible(s: string): string {
  return s
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (c) => `\\u${hex(c)}`)
    .replace(BIDI, (c) => `<U+${hex(c)}>`);
}

/** Text for one line: line breaks become spaces. */
export function oneLine(s: string): string {
  return visible(s)
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .replace(/\t/g, ' ');
}

/** A path: every control character is shown, a newline in a file name is suspicious, not layout. */
export function visiblePath(p: string): string {
  return p.replace(CONTROL_ALL, (c) => `\\u${hex(c)}`).replace(BIDI, (c) => `<U+${hex(c)}>`);
}
