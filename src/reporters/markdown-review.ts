import type { ChangeContext } from '../core/change.js';
import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import {
  CHANGE_REVIEW_TEXT,
  changedFileFacts,
  changeHeadline,
  changeLabel,
  lineLink,
} from './change.js';
import {
  cweLabel,
  cweUrl,
  errorHeadline,
  MAX_LISTED,
  notCounted,
  notCountedLine,
  oneLine,
  pillarSections,
  plural,
  unreviewedPillars,
  visiblePath,
  type ReporterOptions,
} from './common.js';
import { escapeInline, escapeMarkdown, inlineCode } from './markdown.js';

/*
 * Markdown for review mode, written like a reviewer's comment on a pull request: the verdict first, then
 * the findings by pillar, each linked to its line, then what was reviewed and what was not. Escaping is
 * the same as the full report's (everything here may come from an untrusted change).
 */

function findingItem(f: Finding, result: ScanResult, options: ReporterOptions): string {
  const line = f.location.start.line;
  const where = `${visiblePath(f.location.path)}#L${String(line)}`;
  const status: string[] = [];
  const why = notCounted(f, result.threshold);
  if (why === 'suppressed') status.push(`suppressed (${f.suppression?.kind ?? '?'})`);
  if (why === 'below-threshold') status.push(`below the ${result.threshold} threshold`);
  if (f.inTestCode) status.push('test code');
  if (f.origin === 'llm') status.push('LLM review');
  const out = [
    `- **${f.severity}** [${inlineCode(where)}](${lineLink(f.location.path, line, options.linkBase)}): ` +
      `**${escapeInline(f.title)}** ([${cweLabel(f.cwe)}](${cweUrl(f.cwe)}) ${escapeInline(f.cweName)})` +
      (status.length > 0 ? ` _(${status.join(', ')})_` : ''),
    `  ${escapeInline(f.message)}`,
    `  - Why: ${escapeInline(f.help.why)}`,
    `  - Fix: ${escapeInline(f.help.fix)}`,
  ];
  if (f.suppression !== undefined) {
    out.push(
      `  - Accepted: ${escapeInline(f.suppression.justification) || 'no justification given'}`,
    );
  }
  for (const s of f.trace ?? []) {
    const at = `${visiblePath(s.location.path)}#L${String(s.location.start.line)}`;
    out.push(
      `  - ${s.kind} [${inlineCode(at)}](${lineLink(s.location.path, s.location.start.line, options.linkBase)}): ${escapeInline(s.message)}`,
    );
  }
  return out.join('\n');
}

function description(change: ChangeContext): string | undefined {
  const text = change.description.trim();
  if (text === '') return undefined;
  const label = change.descriptionSource === 'commit' ? 'Commit message' : 'Description';
  const lines = text.split('\n').slice(0, 40);
  const quoted = lines.map((l) => (l.trim() === '' ? '>' : `> ${escapeMarkdown(l)}`));
  if (text.split('\n').length > lines.length) quoted.push('> ...');
  return [`**${label}:**`, '', ...quoted].join('\n');
}

function reviewedTable(change: ChangeContext): string {
  const out = [
    `### What was reviewed`,
    '',
    escapeInline(changeHeadline(change)),
    '',
    '| File | Change | Review |',
    '| --- | --- | --- |',
  ];
  const rows = change.files.slice(0, MAX_LISTED * 5);
  for (const f of rows) {
    const review =
      f.review === 'reviewed'
        ? 'reviewed'
        : `${CHANGE_REVIEW_TEXT[f.review]}${f.note !== undefined ? `: ${escapeInline(f.note, true)}` : ''}`;
    out.push(
      `| ${inlineCode(visiblePath(f.path), true)} | ${escapeInline(changedFileFacts(f), true)} | ${review} |`,
    );
  }
  if (change.files.length > rows.length) {
    out.push(`| ... and ${String(change.files.length - rows.length)} more | | |`);
  }
  return out.join('\n');
}

export function renderReviewMarkdown(result: ScanResult, options: ReporterOptions): string {
  const change = result.change;
  if (change === undefined) return '';
  const sections: string[] = [];
  sections.push(
    [
      `## Security review of ${escapeInline(changeLabel(change))}`,
      '',
      `**${escapeInline(result.verdict)}**`,
    ].join('\n'),
  );
  const desc = description(change);
  if (desc !== undefined) sections.push(desc);

  const pillars = pillarSections(result).filter((p) => p.findings.length > 0);
  for (const p of pillars) {
    sections.push(
      [
        `### ${cweLabel(p.id)} ${escapeInline(p.name)} (${String(p.findings.length)})`,
        '',
        ...p.findings.map((f) => findingItem(f, result, options)),
      ].join('\n'),
    );
  }

  sections.push(reviewedTable(change));

  const notes: string[] = [];
  if (result.files.scanned.length === 0) {
    notes.push('- No changed file in a supported language was analysed.');
  }
  const notCountedText = notCountedLine(result);
  if (notCountedText !== undefined) notes.push(`- ${escapeInline(notCountedText)}`);
  const unreviewed = unreviewedPillars(result);
  if (unreviewed.length > 0 && result.files.scanned.length > 0) {
    notes.push(
      `- Not reviewed (no checks for the languages present): ${unreviewed.map((p) => cweLabel(p.id)).join(', ')}`,
    );
  }
  for (const e of result.errors) {
    const headline = errorHeadline(
      e,
      (p) => inlineCode(visiblePath(p)),
      (id) => inlineCode(oneLine(id)),
    );
    notes.push(`- Error: ${headline}: ${escapeInline(e.message)}`);
  }
  notes.push(
    `- ${escapeInline(result.tool.name)} ${escapeInline(result.tool.version)}, ${plural(result.rules.length, 'rule')}; findings below ${result.threshold} do not count.`,
  );
  sections.push(notes.join('\n'));
  return `${sections.join('\n\n')}\n`;
}
