import type { Finding } from '../core/finding.js';
import type { LanguageId } from '../core/language.js';
import type { ScanResult } from '../core/result.js';
import {
  coverageText,
  cweLabel,
  cweUrl,
  errorHeadline,
  isReviewed,
  languagesOf,
  MAX_LISTED,
  notCounted,
  notCountedLine,
  oneLine,
  pillarCounts,
  pillarSections,
  plural,
  position,
  severityCounts,
  SKIP_REASON_TEXT,
  skipGroups,
  unreviewedPillars,
  visible,
  visiblePath,
  type PillarSection,
  type ReporterOptions,
} from './common.js';
import { llmFindingNotes, llmSummaryLines } from './llm.js';

/*
 * Everything in this report can come from an untrusted pull request: paths, messages (an LLM may quote the
 * code), snippets. Text is escaped so that it renders literally (no HTML, no links, no emphasis), inline
 * code uses a backtick run longer than any inside it, and fences are longer than any backtick run in the
 * snippet, so nothing can close them early.
 */

/** Characters that start inline markup anywhere: code, emphasis, links, tables, strikethrough, math. */
const INLINE_SPECIAL = /[\\`*_[\]|~$]/g;

function escapeText(s: string): string {
  return s
    .replace(INLINE_SPECIAL, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, '@\u200b');
}

/**
 * Escapes text for use inside a line of Markdown (and the HTML GitHub allows in it), on one line. Text in
 * single backticks, as rule messages write code (`os.system`), becomes a code span whose content is
 * literal; everything else renders as plain text. A zero-width space after `@` keeps a quoted `@user` or
 * `@org/team` from notifying anyone when the report is pasted into a pull request (as Dependabot does).
 */
export function escapeInline(s: string, inTable = false): string {
  const text = oneLine(s).trim();
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    const code = m[1] ?? '';
    out += escapeText(text.slice(last, m.index)) + inlineCode(code, inTable);
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** escapeInline for text that starts a line: block markup (headings, lists, quotes) is escaped too. */
export function escapeMarkdown(s: string): string {
  return escapeInline(s)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * An inline code span that shows `s` literally, padded when the text starts or ends with a backtick. In a
 * table cell pipes are escaped too: GitHub splits cells on them even inside code spans.
 */
export function inlineCode(s: string, inTable = false): string {
  const text = inTable ? s.replace(/\|/g, '\\|') : s;
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced code block that nothing inside can close. */
export function fence(code: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

const FENCE_LANG: Record<LanguageId, string> = { python: 'python', c: 'c', cpp: 'cpp' };
/** For files the result does not describe (an LLM finding elsewhere); a Map, so `x.constructor` is safe. */
const EXTENSION_LANG = new Map([
  ['py', 'python'],
  ['pyi', 'python'],
  ['c', 'c'],
  ['h', 'c'],
  ['cpp', 'cpp'],
  ['cc', 'cpp'],
  ['hpp', 'cpp'],
  ['js', 'javascript'],
  ['mjs', 'javascript'],
  ['cjs', 'javascript'],
  ['ts', 'typescript'],
  ['go', 'go'],
  ['java', 'java'],
  ['rb', 'ruby'],
  ['sh', 'sh'],
]);

function fenceLanguage(path: string, result: ScanResult): string {
  const scanned = result.files.scanned.find((f) => f.path === path);
  if (scanned !== undefined) return FENCE_LANG[scanned.language];
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : (EXTENSION_LANG.get(path.slice(dot + 1).toLowerCase()) ?? '');
}

function cweLink(id: number, name: string): string {
  return `[${cweLabel(id)}](${cweUrl(id)}) ${escapeInline(name)}`;
}

function renderFinding(f: Finding, result: ScanResult): string {
  const status: string[] = [];
  const why = notCounted(f, result.threshold);
  if (why === 'suppressed') status.push('suppressed');
  if (why === 'below-threshold') status.push(`below the ${result.threshold} threshold`);
  if (f.inTestCode) status.push('test code');
  if (f.origin === 'llm') status.push('LLM review');

  const out: string[] = [
    `#### ${inlineCode(position(f.location))} ${escapeInline(f.title)}`,
    '',
    `- **Rule:** ${inlineCode(oneLine(f.ruleId))}`,
    `- **Weakness:** ${cweLink(f.cwe, f.cweName)} (pillar ${cweLabel(f.pillar)})`,
    `- **Severity:** ${f.severity}; **confidence:** ${f.confidence}`,
  ];
  if (status.length > 0) out.push(`- **Status:** ${status.join(', ')}`);
  if (f.suppression !== undefined) {
    const justification = escapeInline(f.suppression.justification) || 'no justification given';
    out.push(`- **Suppressed (${f.suppression.kind}):** ${justification}`);
  }
  out.push('', escapeMarkdown(f.message), '');
  if (f.snippet !== '') {
    out.push(fence(visible(f.snippet), fenceLanguage(f.location.path, result)), '');
  }
  out.push(
    `**Why:** ${escapeInline(f.help.why)}`,
    '',
    `**How to fix:** ${escapeInline(f.help.fix)}`,
  );
  for (const note of llmFindingNotes(f)) out.push('', escapeInline(note));
  if (f.trace !== undefined && f.trace.length > 0) {
    out.push('', '**Trace:**', '');
    f.trace.forEach((s, i) => {
      out.push(
        `${String(i + 1)}. ${s.kind} at ${inlineCode(position(s.location))}: ${escapeInline(s.message)}`,
      );
    });
  }
  return out.join('\n');
}

function coverageCell(p: PillarSection): string {
  const text = escapeInline(coverageText(p.report), true);
  return isReviewed(p.report) ? text : `**not reviewed**: ${text}`;
}

function findingsCell(p: PillarSection, result: ScanResult): string {
  const counted =
    p.report?.findings ??
    p.findings.filter((f) => notCounted(f, result.threshold) === undefined).length;
  const extra = p.findings.length - counted;
  return extra > 0 ? `${String(counted)} (+${String(extra)} not counted)` : String(counted);
}

function renderSummaryTable(result: ScanResult): string {
  const rows = pillarSections(result).map(
    (p) =>
      `| [${cweLabel(p.id)}](#${anchor(p)}) ${escapeInline(p.name, true)} | ${findingsCell(p, result)} | ${coverageCell(p)} |`,
  );
  return ['| Pillar | Findings | Coverage |', '| --- | --- | --- |', ...rows].join('\n');
}

/** GitHub's heading anchor for "CWE-707 Improper Neutralization" (lower case, spaces to dashes). */
function anchor(p: PillarSection): string {
  return `${cweLabel(p.id)} ${p.name}`
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function renderPillar(p: PillarSection, result: ScanResult): string {
  const out = [`### ${cweLabel(p.id)} ${escapeInline(p.name)}`, ''];
  const coverage = escapeInline(coverageText(p.report));
  out.push(isReviewed(p.report) ? `_Coverage:_ ${coverage}` : `> **Not reviewed.** ${coverage}`);
  out.push('');
  if (p.findings.length === 0) {
    out.push('No findings.');
  } else {
    out.push(p.findings.map((f) => renderFinding(f, result)).join('\n\n'));
  }
  return out.join('\n');
}

function renderSkipped(result: ScanResult): string | undefined {
  const skipped = result.files.skipped;
  if (skipped.length === 0) return undefined;
  const out = [`## Skipped files (${String(skipped.length)})`];
  for (const g of skipGroups(skipped)) {
    out.push('', `**${g.reason}** (${String(g.files.length)}): ${SKIP_REASON_TEXT[g.reason]}`, '');
    for (const s of g.files.slice(0, MAX_LISTED)) {
      const detail = s.detail.trim() === '' ? '' : `: ${escapeInline(s.detail)}`;
      out.push(`- ${inlineCode(visiblePath(s.path))}${detail}`);
    }
    if (g.files.length > MAX_LISTED) {
      out.push(`- ... and ${String(g.files.length - MAX_LISTED)} more`);
    }
  }
  return out.join('\n');
}

function renderErrors(result: ScanResult): string | undefined {
  if (result.errors.length === 0) return undefined;
  const out = [`## Errors (${String(result.errors.length)})`, ''];
  for (const e of result.errors) {
    const headline = errorHeadline(
      e,
      (p) => inlineCode(visiblePath(p)),
      (id) => inlineCode(oneLine(id)),
    );
    out.push(`- ${headline}: ${escapeInline(e.message)}`);
  }
  return out.join('\n');
}

/** A table of every suppressed finding with its justification, so accepted risk stays auditable. */
export function renderSuppressed(result: ScanResult): string | undefined {
  const suppressed = result.findings.filter((f) => f.suppression !== undefined);
  if (suppressed.length === 0) return undefined;
  const out = [
    `## Suppressed findings (${String(suppressed.length)})`,
    '',
    'Kept in the report, not counted toward the verdict.',
    '',
    '| Location | Rule | Kind | Justification |',
    '| --- | --- | --- | --- |',
  ];
  for (const f of suppressed) {
    const s = f.suppression;
    const justification = escapeInline(s?.justification ?? '', true) || 'no justification given';
    out.push(
      `| ${inlineCode(position(f.location), true)} | ${inlineCode(oneLine(f.ruleId), true)} | ${s?.kind ?? ''} | ${justification} |`,
    );
  }
  return out.join('\n');
}

function renderFiles(result: ScanResult): string {
  const out = [
    `## Files reviewed (${String(result.files.scanned.length)})`,
    '',
    '| File | Language | Test code | Frameworks | Syntax errors | Findings | Notes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of result.files.scanned) {
    const frameworks =
      f.frameworks.length > 0 ? f.frameworks.map((x) => escapeInline(x, true)).join(', ') : 'none';
    out.push(
      `| ${inlineCode(visiblePath(f.path), true)} | ${f.language} | ${f.testCode ? 'yes' : 'no'} | ${frameworks} | ` +
        `${String(f.syntaxErrors)} | ${String(f.findings)} | ${f.notes.map((x) => escapeInline(x, true)).join('<br>')} |`,
    );
  }
  return out.join('\n');
}

function renderConclusion(result: ScanResult): string {
  const out = ['## Conclusion', '', `**${escapeInline(result.verdict)}**`];
  if (result.summary.total > 0) {
    out.push('', `- By severity: ${severityCounts(result)}`);
    const pillars = pillarCounts(result).map(
      (p) => `${cweLabel(p.id)} ${escapeInline(p.name)}: ${String(p.count)}`,
    );
    out.push(`- By pillar: ${pillars.join('; ')}`);
  }
  const notCountedText = notCountedLine(result);
  const unreviewed = unreviewedPillars(result);
  if (notCountedText !== undefined || unreviewed.length > 0 || result.errors.length > 0) {
    if (result.summary.total === 0) out.push('');
    if (notCountedText !== undefined) out.push(`- ${escapeInline(notCountedText)}`);
    if (unreviewed.length > 0) {
      out.push(
        `- Not reviewed (no checks for the languages present): ${unreviewed.map((p) => cweLabel(p.id)).join(', ')}`,
      );
    }
    if (result.errors.length > 0) {
      out.push(
        `- ${plural(result.errors.length, 'error')} occurred: the review may be incomplete.`,
      );
    }
  }
  return out.join('\n');
}

/** The pillar-by-pillar review as Markdown, ready to paste into a code review. */
export function renderMarkdown(result: ScanResult, options: ReporterOptions): string {
  const languages = languagesOf(result);
  const sections = [
    [
      `# Security review of ${inlineCode(visiblePath(result.target))}`,
      '',
      `**${escapeInline(result.verdict)}**`,
      '',
      `${escapeInline(result.tool.name)} ${escapeInline(result.tool.version)} reviewed ` +
        `${plural(result.files.scanned.length, 'file')}${languages.length > 0 ? ` (${languages.join(', ')})` : ''} ` +
        `and skipped ${String(result.files.skipped.length)}, with ${plural(result.rules.length, 'rule')}; ` +
        `findings below ${result.threshold} do not count.`,
    ].join('\n'),
    ['## Summary', '', renderSummaryTable(result)].join('\n'),
    [
      '## Findings by pillar',
      '',
      pillarSections(result)
        .map((p) => renderPillar(p, result))
        .join('\n\n'),
    ].join('\n'),
  ];
  const skipped = renderSkipped(result);
  if (skipped !== undefined) sections.push(skipped);
  const errors = renderErrors(result);
  if (errors !== undefined) sections.push(errors);
  const suppressed = renderSuppressed(result);
  if (suppressed !== undefined) sections.push(suppressed);
  if (options.perFile) sections.push(renderFiles(result));
  if (result.llm !== undefined) {
    const { lines, files } = llmSummaryLines(result.llm);
    sections.push(
      [
        '## LLM review',
        '',
        ...lines.map((l) => `- ${escapeInline(l)}`),
        ...files.map((l) => `  - ${escapeInline(l)}`),
      ].join('\n'),
    );
  }
  sections.push(renderConclusion(result));
  return `${sections.join('\n\n')}\n`;
}
