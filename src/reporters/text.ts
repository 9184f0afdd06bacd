import type { Finding, TraceStep } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import type { Severity } from '../core/severity.js';
import { changeTextLines } from './change.js';
import {
  coverageText,
  cweLabel,
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

/**
 * Raw SGR sequences rather than node:util styleText: newer Node versions make styleText consult the
 * environment (NO_COLOR, TTY), and a reporter must give the same output for the same input. The CLI
 * decides whether colour is wanted and says so in options.color.
 */
interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
  severity: (s: Severity, text: string) => string;
  good: (s: string) => string;
  warn: (s: string) => string;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => `\u001b[${String(open)}m${s}\u001b[${String(close)}m`;
}

const PLAIN: Style = {
  bold: (s) => s,
  dim: (s) => s,
  severity: (_s, text) => text,
  good: (s) => s,
  warn: (s) => s,
};

const red = sgr(31, 39);
const yellow = sgr(33, 39);
const cyan = sgr(36, 39);
const green = sgr(32, 39);
const bold = sgr(1, 22);

const COLOR: Style = {
  bold,
  dim: sgr(2, 22),
  severity: (s, text) =>
    s === 'error' ? bold(red(text)) : s === 'warning' ? yellow(text) : cyan(text),
  good: green,
  warn: yellow,
};

/** Indents every line of a possibly multi-line text. */
function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '' : by + l))
    .join('\n');
}

function snippetLines(f: Finding, style: Style): string[] {
  if (f.snippet === '') return [];
  const lines = visible(f.snippet).split('\n');
  const last = f.location.start.line + lines.length - 1;
  const width = String(last).length;
  return lines.map((l, i) =>
    `${style.dim(`${String(f.location.start.line + i).padStart(width)} |`)} ${l}`.trimEnd(),
  );
}

function traceLines(trace: readonly TraceStep[]): string[] {
  const width = Math.max(...trace.map((s) => s.kind.length));
  return trace.map(
    (s, i) =>
      `${String(i + 1)}. ${s.kind.padEnd(width)}  ${position(s.location)}  ${oneLine(s.message)}`,
  );
}

function renderFinding(f: Finding, result: ScanResult, style: Style): string[] {
  const tags: string[] = [];
  const why = notCounted(f, result.threshold);
  if (why === 'suppressed') tags.push('[suppressed]');
  if (why === 'below-threshold') tags.push('[below threshold]');
  if (f.inTestCode) tags.push('[test code]');
  if (f.origin === 'llm') tags.push('[LLM review]');
  const head = [
    style.bold(position(f.location)),
    style.severity(f.severity, f.severity),
    `${f.confidence} confidence`,
    oneLine(f.ruleId),
    ...tags.map((t) => style.warn(t)),
  ].join('  ');

  const body: string[] = [
    `${cweLabel(f.cwe)} ${oneLine(f.cweName)} (pillar ${cweLabel(f.pillar)})`,
    visible(f.message),
    ...snippetLines(f, style).map((l) => `  ${l}`),
    `${style.bold('Why:')} ${visible(f.help.why)}`,
    `${style.bold('Fix:')} ${visible(f.help.fix)}`,
  ];
  if (f.trace !== undefined && f.trace.length > 0) {
    body.push(style.bold('Trace:'), ...traceLines(f.trace).map((l) => `  ${l}`));
  }
  if (f.suppression !== undefined) {
    const justification = oneLine(f.suppression.justification) || 'no justification given';
    body.push(`Suppressed (${f.suppression.kind}): ${justification}`);
  }
  if (why === 'below-threshold') {
    body.push(`Below the ${result.threshold} threshold: kept, not counted.`);
  }
  if (f.inTestCode) body.push('In test code.');
  body.push(...llmFindingNotes(f).map(visible));
  return [`  ${head}`, indent(body.join('\n'), '    ')];
}

function renderPillar(p: PillarSection, result: ScanResult, style: Style): string {
  const out = [style.bold(`${cweLabel(p.id)} ${oneLine(p.name)}`)];
  const coverage = coverageText(p.report);
  out.push(
    `  Coverage: ${isReviewed(p.report) ? coverage : style.warn(`NOT reviewed. ${coverage}`)}`,
  );
  if (p.findings.length === 0) {
    out.push(`  ${isReviewed(p.report) ? style.good('no findings') : 'no findings'}`);
  }
  for (const f of p.findings) out.push('', ...renderFinding(f, result, style));
  return out.join('\n');
}

function renderSkipped(result: ScanResult, style: Style): string | undefined {
  const skipped = result.files.skipped;
  if (skipped.length === 0) return undefined;
  const out = [style.bold(`Skipped files (${String(skipped.length)})`)];
  for (const g of skipGroups(skipped)) {
    out.push(`  ${g.reason} (${String(g.files.length)}): ${SKIP_REASON_TEXT[g.reason]}`);
    for (const s of g.files.slice(0, MAX_LISTED)) {
      const detail = oneLine(s.detail);
      out.push(`    ${visiblePath(s.path)}${detail === '' ? '' : `  (${detail})`}`);
    }
    if (g.files.length > MAX_LISTED) {
      out.push(`    ... and ${String(g.files.length - MAX_LISTED)} more`);
    }
  }
  return out.join('\n');
}

function renderErrors(result: ScanResult, style: Style): string | undefined {
  if (result.errors.length === 0) return undefined;
  const out = [style.bold(`Errors (${String(result.errors.length)})`)];
  for (const e of result.errors) {
    const headline = errorHeadline(e, visiblePath, oneLine);
    out.push(`  ${style.severity('error', headline)}: ${oneLine(e.message)}`);
  }
  return out.join('\n');
}

function renderFiles(result: ScanResult, style: Style): string {
  const files = result.files.scanned;
  const out = [style.bold(`Files reviewed (${String(files.length)})`)];
  if (files.length === 0) out.push('  none');
  for (const f of files) {
    out.push(`  ${visiblePath(f.path)}`);
    const facts = [
      `language ${f.language}`,
      `test code ${f.testCode ? 'yes' : 'no'}`,
      `frameworks ${f.frameworks.length > 0 ? f.frameworks.map(oneLine).join(', ') : 'none recognised'}`,
      `syntax errors ${String(f.syntaxErrors)}`,
      plural(f.findings, 'finding'),
    ];
    out.push(`    ${facts.join('; ')}`);
    for (const n of f.notes) out.push(`    note: ${oneLine(n)}`);
  }
  return out.join('\n');
}

/** Every suppressed finding on one line with its justification, so accepted risk stays auditable. */
function renderSuppressed(result: ScanResult, style: Style): string | undefined {
  const suppressed = result.findings.filter((f) => f.suppression !== undefined);
  if (suppressed.length === 0) return undefined;
  const out = [style.bold(`Suppressed findings (${String(suppressed.length)}): kept, not counted`)];
  for (const f of suppressed) {
    const s = f.suppression;
    const justification = oneLine(s?.justification ?? '') || 'no justification given';
    out.push(`  ${position(f.location)}  ${oneLine(f.ruleId)}  ${s?.kind ?? ''}: ${justification}`);
  }
  return out.join('\n');
}

function renderConclusion(result: ScanResult, style: Style): string {
  const defects = result.summary.total > 0;
  const out = [
    style.bold('Conclusion'),
    `  ${defects ? style.severity('error', result.verdict) : style.good(result.verdict)}`,
  ];
  if (defects) {
    out.push(`  By severity: ${severityCounts(result)}`);
    const pillars = pillarCounts(result).map(
      (p) => `${cweLabel(p.id)} ${oneLine(p.name)}: ${String(p.count)}`,
    );
    out.push(`  By pillar: ${pillars.join('; ')}`);
  }
  const notCountedText = notCountedLine(result);
  if (notCountedText !== undefined) out.push(`  ${notCountedText}`);
  const unreviewed = unreviewedPillars(result);
  if (unreviewed.length > 0) {
    out.push(
      style.warn(
        `  Not reviewed (no checks for the languages present): ${unreviewed.map((p) => cweLabel(p.id)).join(', ')}.`,
      ),
    );
  }
  if (result.errors.length > 0) {
    out.push(
      style.warn(
        `  ${plural(result.errors.length, 'error')} occurred: the review may be incomplete.`,
      ),
    );
  }
  return out.join('\n');
}

/** Terminal output: the pillar-by-pillar review, then skipped files, errors, files, and the conclusion. */
export function renderText(result: ScanResult, options: ReporterOptions): string {
  const style = options.color ? COLOR : PLAIN;
  const languages = languagesOf(result);
  const header = [
    style.bold(
      `${oneLine(result.tool.name)} ${oneLine(result.tool.version)} security review of ${visiblePath(result.target)}`,
    ),
    `Reviewed ${plural(result.files.scanned.length, 'file')}${languages.length > 0 ? ` (${languages.join(', ')})` : ''}, skipped ${String(result.files.skipped.length)}. ` +
      `${plural(result.rules.length, 'rule')} ran. Threshold: ${result.threshold}.`,
  ].join('\n');

  const sections: string[] = [header];
  if (result.change !== undefined) sections.push(changeTextLines(result.change).join('\n'));
  for (const p of pillarSections(result)) sections.push(renderPillar(p, result, style));
  const skipped = renderSkipped(result, style);
  if (skipped !== undefined) sections.push(skipped);
  const errors = renderErrors(result, style);
  if (errors !== undefined) sections.push(errors);
  const suppressed = renderSuppressed(result, style);
  if (suppressed !== undefined) sections.push(suppressed);
  if (options.perFile) sections.push(renderFiles(result, style));
  if (result.llm !== undefined) {
    const { lines, files } = llmSummaryLines(result.llm);
    sections.push(
      [
        style.bold('LLM review'),
        ...lines.map((l) => `  ${visible(l)}`),
        ...files.map((l) => `    ${visible(l)}`),
      ].join('\n'),
    );
  }
  sections.push(renderConclusion(result, style));
  return `${sections.join('\n\n')}\n`;
}
