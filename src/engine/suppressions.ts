import type { SyntaxNode } from '../core/syntax.js';
import type { Finding, Location } from '../core/finding.js';
import { pillarName } from '../core/pillars.js';
import { closest } from '../core/suggest.js';
import { cweName, primaryPillar } from '../cwe/catalog.js';
import { snippetOf } from './describe.js';

/*
 * Inline suppressions: `secreview-ignore <rule-id>[, <rule-id>...] -- <reason>` in a comment, on the
 * finding's line or alone on the line(s) above it. Only comment nodes of the parse tree count, so a string
 * that merely contains the marker suppresses nothing. A directive without a reason, without a rule id, or
 * naming an unknown rule suppresses nothing and is itself reported, so a suppression stays auditable.
 */

export const SUPPRESSION_MARKER = 'secreview-ignore';

/** A parsed directive, before its rule ids are checked against the registry. */
export interface ParsedDirective {
  /** Rule ids as written. */
  ruleIds: string[];
  /** The text after `--`, trimmed; undefined when there is no `--` or nothing follows it. */
  reason: string | undefined;
}

/** A directive found in a file, with where it is and which line it applies to. */
export interface SuppressionDirective extends ParsedDirective {
  location: Location;
  /** The 1-based line of code it applies to. */
  targetLine: number;
}

const DIRECTIVE = /^secreview-ignore(?=\s|$)/;
const ID_LIST = /^([\w./-]+(?:\s*,\s*[\w./-]+)*)/;

/**
 * The directive in one comment's text, or undefined when the comment holds none. The directive must start
 * the comment (after its marker), or follow another marker inside it (`# noqa  # secreview-ignore ...`).
 */
export function parseDirective(comment: string, lineComment: string): ParsedDirective | undefined {
  const body = comment
    .replace(/^\s*\/\*+/, '')
    .replace(/\*+\/\s*$/, '')
    .replace(/^\s*\*\s?/gm, '');
  // Where a directive may start: the comment's beginning, and after each further comment marker in it.
  const starts = [0];
  for (let i = body.indexOf(lineComment); i >= 0; i = body.indexOf(lineComment, i + 1)) {
    starts.push(i + lineComment.length);
  }
  for (const start of starts) {
    const segment = body.slice(start).trim();
    if (!DIRECTIVE.test(segment)) continue;
    const rest = segment.slice(SUPPRESSION_MARKER.length).trim();
    const dashes = /(?:^|\s)--/.exec(rest);
    if (dashes !== null) {
      const ids = rest
        .slice(0, dashes.index)
        .split(/[\s,]+/)
        .filter((s) => s !== '');
      const reason = rest.slice(dashes.index + dashes[0].length).trim();
      return { ruleIds: ids, reason: reason === '' ? undefined : reason };
    }
    const ids = ID_LIST.exec(rest)?.[1] ?? '';
    return {
      ruleIds: ids
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      reason: undefined,
    };
  }
  return undefined;
}

/** The comment nodes of a tree that hold a directive; any grammar, as long as its comments are nodes. */
export function findDirectives(
  root: SyntaxNode,
  source: string,
  lines: readonly string[],
  path: string,
  lineComment: string,
): SuppressionDirective[] {
  if (!source.includes(SUPPRESSION_MARKER)) return [];
  const out: SuppressionDirective[] = [];
  // Every node whose text holds the marker; of those only comments count (not strings, not their parents).
  for (const node of root.findAll({ rule: { regex: SUPPRESSION_MARKER } })) {
    if (!node.kind().toLowerCase().includes('comment')) continue;
    const parsed = parseDirective(node.text(), lineComment);
    if (parsed === undefined) continue;
    const r = node.range();
    const location: Location = {
      path,
      start: { line: r.start.line + 1, column: r.start.column + 1 },
      end: { line: r.end.line + 1, column: r.end.column + 1 },
    };
    out.push({
      ...parsed,
      location,
      targetLine: targetLine(lines, r.start.line, r.start.column, r.end.line, lineComment),
    });
  }
  return out.sort((a, b) => a.location.start.line - b.location.start.line);
}

/**
 * A comment after code applies to its own line; a comment alone on its line applies to the next line
 * that is not itself a comment (so several comments may stack above the code).
 */
function targetLine(
  lines: readonly string[],
  row: number,
  column: number,
  endRow: number,
  lineComment: string,
): number {
  const before = lines[row]?.slice(0, column) ?? '';
  if (before.trim() !== '') return row + 1;
  let next = endRow + 1;
  while (next < lines.length && (lines[next] ?? '').trim().startsWith(lineComment)) next++;
  return next + 1;
}

/** The built-in checks on suppressions themselves: their findings cannot be suppressed. */
export const SUPPRESSION_RULE_IDS = {
  noReason: 'secreview/suppression-without-reason',
  noRuleId: 'secreview/suppression-without-rule-id',
  unknownRule: 'secreview/suppression-unknown-rule',
} as const;

/** CWE-1116 Inaccurate Comments: the comment claims an exception it does not document or cannot make. */
const SUPPRESSION_CWE = 1116;

const SUPPRESSION_HELP = {
  why:
    'A suppression hides a security finding from every later review. Without a rule id it would hide ' +
    'everything on the line, without a reason nobody can audit why the finding was accepted, and a ' +
    'mistyped rule id hides nothing while looking as if it did.',
  fix:
    'Write `secreview-ignore <rule-id> -- <why this is safe>` with the exact rule id (see `secreview ' +
    'rules`), or fix the code and remove the comment.',
};

const SUPPRESSION_TITLES: Record<string, string> = {
  [SUPPRESSION_RULE_IDS.noReason]: 'Suppression without a reason',
  [SUPPRESSION_RULE_IDS.noRuleId]: 'Suppression without a rule id',
  [SUPPRESSION_RULE_IDS.unknownRule]: 'Suppression of an unknown rule',
};

export interface InlineSuppressionOptions {
  /** Every rule id that exists (not only those that ran): a suppression of another rule is valid. */
  knownRuleIds: ReadonlySet<string>;
  /** True when the file is test code (copied into the findings about suppressions). */
  testCode: boolean;
}

function problem(
  ruleId: string,
  message: string,
  d: SuppressionDirective,
  lines: readonly string[],
  testCode: boolean,
): Omit<Finding, 'fingerprint'> {
  const pillar = primaryPillar(SUPPRESSION_CWE) ?? 710;
  return {
    ruleId,
    origin: 'rule',
    title: SUPPRESSION_TITLES[ruleId] ?? ruleId,
    message,
    cwe: SUPPRESSION_CWE,
    cweName: cweName(SUPPRESSION_CWE),
    cwes: [SUPPRESSION_CWE],
    pillar,
    pillarName: pillarName(pillar),
    severity: 'warning',
    confidence: 'high',
    location: d.location,
    snippet: snippetOf(lines, d.location),
    help: { ...SUPPRESSION_HELP },
    inTestCode: testCode,
  };
}

/**
 * Marks the findings a valid directive covers as suppressed (kept, with the reason), and returns them
 * followed by one finding per faulty directive.
 */
export function applyInlineSuppressions(
  findings: readonly Omit<Finding, 'fingerprint'>[],
  directives: readonly SuppressionDirective[],
  lines: readonly string[],
  opts: InlineSuppressionOptions,
): Omit<Finding, 'fingerprint'>[] {
  const problems: Omit<Finding, 'fingerprint'>[] = [];
  const valid: { ids: Set<string>; line: number; reason: string }[] = [];
  const known = [...opts.knownRuleIds];
  for (const d of directives) {
    if (d.ruleIds.length === 0) {
      problems.push(
        problem(
          SUPPRESSION_RULE_IDS.noRuleId,
          'This `secreview-ignore` names no rule id, so it suppresses nothing; name the rule(s) it accepts.',
          d,
          lines,
          opts.testCode,
        ),
      );
      continue;
    }
    const ids = new Set<string>();
    for (const id of d.ruleIds) {
      if (opts.knownRuleIds.has(id)) {
        ids.add(id);
        continue;
      }
      const hint = closest(id, known, (k) => [k.slice(k.indexOf('/') + 1)]);
      problems.push(
        problem(
          SUPPRESSION_RULE_IDS.unknownRule,
          `\`secreview-ignore\` names "${id}", which is not a secreview rule${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; it suppresses nothing.`,
          d,
          lines,
          opts.testCode,
        ),
      );
    }
    if (d.reason === undefined) {
      problems.push(
        problem(
          SUPPRESSION_RULE_IDS.noReason,
          `This suppression of ${d.ruleIds.join(', ')} gives no reason, so it suppresses nothing; add \`-- <why this is safe>\`.`,
          d,
          lines,
          opts.testCode,
        ),
      );
      continue;
    }
    if (ids.size > 0) valid.push({ ids, line: d.targetLine, reason: d.reason });
  }

  const out = findings.map((f) => {
    if (f.suppression !== undefined) return f;
    const by = valid.find(
      (v) =>
        v.ids.has(f.ruleId) && f.location.start.line <= v.line && v.line <= f.location.end.line,
    );
    return by === undefined
      ? f
      : { ...f, suppression: { kind: 'inline' as const, justification: by.reason } };
  });
  return [...out, ...problems];
}
