import type { Finding } from '../core/finding.js';
import { rulePackOf, type LanguageId } from '../core/language.js';
import type { ScanError, ScannedFile } from '../core/result.js';
import type { SyntaxNode } from '../core/syntax.js';
import { errorMessage } from '../core/errors.js';
import { ensureGrammars } from '../languages/grammar.js';
import { adapterFor, refineLanguage } from '../languages/index.js';
import { describeDetection } from './describe.js';
import type { AnyRule, Rule } from './rule-api.js';
import { applyInlineSuppressions, findDirectives } from './suppressions.js';

/** How test code is treated: per-rule policy ('auto'), or reviewed exactly like other code ('strict'). */
export type TestCodeMode = 'auto' | 'strict';

export interface FileAnalysis {
  file: ScannedFile;
  findings: Omit<Finding, 'fingerprint'>[];
  errors: ScanError[];
}

export interface AnalyzeOptions {
  /**
   * Inline suppressions (`secreview-ignore`): the ids of every existing rule, to tell a valid directive from
   * a mistyped one; `false` turns suppressions off (audits). Default: on, knowing the rules given.
   */
  suppressions?: { knownRuleIds: ReadonlySet<string> } | false;
  /** The file is test code by configuration (test-file patterns), whatever its path says. */
  testCode?: boolean;
}

/** More detections than this from one rule in one file means a runaway rule; the rest are dropped and reported. */
const MAX_DETECTIONS_PER_RULE = 1000;

/**
 * Reviews one file's source with the given rules. Pure apart from parsing: no file system, no clock.
 * A rule that throws becomes an entry in `errors`; the other rules still run. `named` is the language
 * chosen from the file name; the file's text may refine it (a `.h` file using C++ is reviewed as C++).
 */
export function analyzeSource(
  path: string,
  source: string,
  named: LanguageId,
  rules: readonly AnyRule[],
  testMode: TestCodeMode = 'auto',
  notes: readonly string[] = [],
  options: AnalyzeOptions = {},
): FileAnalysis {
  ensureGrammars();
  const language = refineLanguage(named, path, source);
  const adapter = adapterFor(language);
  const pack = rulePackOf(language);
  const { root, ctx, facts } = adapter.load(source, path);
  const lines = source.split(/\r\n|\r|\n/);
  const syntaxErrors = countSyntaxErrors(root, adapter.mayHaveMissingTokens?.(source) ?? true);
  const testCode = facts.testCode || options.testCode === true;

  let findings: Omit<Finding, 'fingerprint'>[] = [];
  const errors: ScanError[] = [];
  for (const rule of rules) {
    if (rule.meta.language !== pack) continue;
    if (testCode && testMode === 'auto' && rule.meta.inTests === 'skip') continue;
    const { requires } = rule.meta;
    if (requires.length > 0 && !requires.some((s) => source.includes(s))) continue;
    const effectiveTest = testCode && testMode === 'auto';
    try {
      let count = 0;
      for (const d of (rule as Rule).detect(ctx)) {
        if (++count > MAX_DETECTIONS_PER_RULE) {
          errors.push({
            kind: 'rule',
            path,
            ruleId: rule.meta.id,
            message: `more than ${String(MAX_DETECTIONS_PER_RULE)} findings in one file; the rest were not reported`,
          });
          break;
        }
        findings.push(describeDetection(rule.meta, d, path, lines, effectiveTest));
      }
    } catch (e) {
      errors.push({
        kind: 'rule',
        path,
        ruleId: rule.meta.id,
        message: `rule failed on this file: ${errorMessage(e)}`,
      });
    }
  }

  if (options.suppressions !== false) {
    const knownRuleIds = options.suppressions?.knownRuleIds ?? new Set(rules.map((r) => r.meta.id));
    const directives = findDirectives(root, source, lines, path, adapter.lineComment);
    findings = applyInlineSuppressions(findings, directives, lines, { knownRuleIds, testCode });
  }

  const fileNotes = [...notes];
  if (syntaxErrors > 0) {
    fileNotes.push(
      `the parser recovered from ${String(syntaxErrors)} syntax error(s); code in damaged regions may be unreviewed`,
    );
  }
  const file: ScannedFile = {
    path,
    language,
    bytes: Buffer.byteLength(source, 'utf8'),
    lines: lines.length,
    testCode,
    frameworks: [...facts.frameworks],
    syntaxErrors,
    findings: findings.length,
    notes: fileNotes,
  };
  return { file, findings, errors };
}

/**
 * Places where the parser recovered: ERROR nodes (skipped input) and zero-width nodes (tokens it had to
 * invent, such as a missing `)`, or an empty block). Both are found in native code; zero-width nodes only
 * when the language adapter cannot rule them out from the text, because finding them reads every node.
 */
function countSyntaxErrors(root: SyntaxNode, lookForMissing: boolean): number {
  const errors = root.findAll({ rule: { kind: 'ERROR' } }).length;
  if (!lookForMissing) return errors;
  const missing = root
    .findAll({ rule: { regex: '^$' } })
    .filter((n) => n.id() !== root.id()).length;
  return errors + missing;
}
