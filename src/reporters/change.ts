import type { ChangeContext, ChangedFile, ChangeReview } from '../core/change.js';
import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import { atLeast, type Severity } from '../core/severity.js';
import { MAX_LISTED, notCounted, oneLine, plural, visiblePath } from './common.js';

/** Helpers shared by the reporters that present a change (review mode) and the review-platform formats. */

export const CHANGE_REVIEW_TEXT: Record<ChangeReview, string> = {
  reviewed: 'reviewed',
  deleted: 'deleted',
  binary: 'binary, not reviewed',
  'mode-only': 'mode change only',
  'renamed-only': 'moved without changes',
  'unsupported-language': 'no checks for this language',
  skipped: 'skipped',
};

/** "main...HEAD", "staged changes", "patch fix.diff". */
export function changeLabel(
  change: Pick<ChangeContext, 'source' | 'base' | 'head' | 'patch'>,
): string {
  switch (change.source) {
    case 'git-range':
      return `${change.base ?? '?'}...${change.head ?? 'HEAD'}`;
    case 'git-staged':
      return 'the staged changes';
    case 'patch':
      return change.patch === '-' || change.patch === undefined
        ? 'the patch from standard input'
        : `the patch ${change.patch}`;
  }
}

/** One sentence on how much of the change was reviewed, and what was left out. */
export function changeHeadline(change: ChangeContext): string {
  const t = change.totals;
  const parts = [
    `Reviewed ${String(t.reviewedFiles)} of ${plural(t.files, 'changed file')} ` +
      `(${plural(t.reviewedLines, 'added or modified line')}; +${String(t.addedLines)} -${String(t.deletedLines)} in all) in ${changeLabel(change)}.`,
  ];
  if (change.contextLines > 0) {
    parts.push(`Findings within ${plural(change.contextLines, 'line')} of a change are included.`);
  }
  if (change.findingsOutsideChange > 0) {
    parts.push(
      `${plural(change.findingsOutsideChange, 'finding')} in the changed files but outside the changed lines ${change.findingsOutsideChange === 1 ? 'was' : 'were'} left out.`,
    );
  }
  return parts.join(' ');
}

/** How a changed file is described in a list: "renamed from x (95%)", "+4 -1". */
export function changedFileFacts(f: ChangedFile): string {
  const facts: string[] = [f.status];
  if (f.oldPath !== undefined) {
    facts.push(
      `from ${f.oldPath}${f.similarity !== undefined ? ` (${String(f.similarity)}% similar)` : ''}`,
    );
  }
  if (f.binary) facts.push('binary');
  else facts.push(`+${String(f.added)} -${String(f.deleted)}`);
  if (f.oldMode !== undefined && f.newMode !== undefined && f.oldMode !== f.newMode) {
    facts.push(`mode ${f.oldMode} -> ${f.newMode}`);
  }
  return facts.join(', ');
}

/** The findings that count toward the verdict (not suppressed, at or above the threshold). */
export function countedFindings(result: ScanResult): Finding[] {
  return result.findings.filter((f) => notCounted(f, result.threshold) === undefined);
}

/** The counted findings at or above --fail-on (none for 'none'; every counted one when unset). */
export function failingFindings(
  result: ScanResult,
  failOn: Severity | 'none' | undefined,
): Finding[] {
  if (failOn === 'none') return [];
  return countedFindings(result).filter((f) => failOn === undefined || atLeast(f.severity, failOn));
}

/** A link to a line: `${linkBase}${path}#L12`, or the relative `path#L12`; path segments URL-encoded. */
export function lineLink(path: string, line: number, linkBase: string | undefined): string {
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `${linkBase ?? ''}${encoded}#L${String(line)}`;
}

/** The first line of a commit message or description (its subject). */
export function subjectOf(description: string): string {
  return description.split('\n')[0]?.trim() ?? '';
}

/** The change as plain text lines (for the terminal): headline, subject, files not reviewed. */
export function changeTextLines(change: ChangeContext): string[] {
  const out = [`Change: ${changeHeadline(change)}`];
  const subject = subjectOf(change.description);
  if (subject !== '') {
    out.push(
      `  ${change.descriptionSource === 'commit' ? 'Commit' : 'Description'}: ${oneLine(subject)}`,
    );
  }
  const notReviewed = change.files.filter((f) => f.review !== 'reviewed');
  for (const f of notReviewed.slice(0, MAX_LISTED)) {
    out.push(
      `  ${visiblePath(f.path)}: ${CHANGE_REVIEW_TEXT[f.review]} (${changedFileFacts(f)})${f.note !== undefined ? `; ${oneLine(f.note)}` : ''}`,
    );
  }
  if (notReviewed.length > MAX_LISTED) {
    out.push(`  ... and ${String(notReviewed.length - MAX_LISTED)} more not reviewed`);
  }
  return out;
}

/** Accepted findings (inline or baseline), one line each through `line`, the list capped at MAX_LISTED. */
export function acceptedLines(
  result: ScanResult,
  line: (f: Finding, kind: string, justification: string) => string,
): string[] {
  const accepted = result.findings.filter((f) => f.suppression !== undefined);
  const lines = accepted.slice(0, MAX_LISTED).map((f) => {
    const why = f.suppression?.justification.trim() ?? '';
    return line(f, f.suppression?.kind ?? '?', why === '' ? 'no justification given' : why);
  });
  if (accepted.length > MAX_LISTED)
    lines.push(`... and ${String(accepted.length - MAX_LISTED)} more`);
  return lines;
}
