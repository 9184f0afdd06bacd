import { compareStrings } from '../core/compare.js';
import type { Finding, Suppression } from '../core/finding.js';
import { LANGUAGE_NAMES, rulePackOf } from '../core/language.js';
import { PILLARS, type PillarId } from '../core/pillars.js';
import {
  NO_DEFECTS_VERDICT,
  RESULT_SCHEMA_VERSION,
  type PillarReport,
  type ScanError,
  type ScannedFile,
  type ScanResult,
  type ScanSummary,
  type SkippedFile,
} from '../core/result.js';
import type { RuleMeta } from '../core/rule-meta.js';
import { atLeast, type Severity } from '../core/severity.js';
import { describeRule, rulePillar } from './describe.js';
import { addFingerprints } from './fingerprint.js';

export interface AssembleInput {
  target: string;
  threshold: Severity;
  findings: readonly Omit<Finding, 'fingerprint'>[];
  scanned: readonly ScannedFile[];
  skipped: readonly SkippedFile[];
  errors: readonly ScanError[];
  /** Rules that were enabled for this run (all languages). */
  rules: readonly RuleMeta[];
  tool: { version: string };
  stats: { durationMs: number; bytes: number; workers: number };
  /** Accepts findings after fingerprinting (a baseline); suppressed findings are kept, not counted. */
  suppress?: (f: Finding) => Suppression | undefined;
}

function compareFindings(a: Omit<Finding, 'fingerprint'>, b: Omit<Finding, 'fingerprint'>): number {
  return (
    compareStrings(a.location.path, b.location.path) ||
    a.location.start.line - b.location.start.line ||
    a.location.start.column - b.location.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

/** True when a finding counts toward the verdict: not suppressed and at or above the threshold. */
export function counts(f: Pick<Finding, 'suppression' | 'severity'>, threshold: Severity): boolean {
  return f.suppression === undefined && atLeast(f.severity, threshold);
}

export function verdictFor(defects: number): string {
  if (defects === 0) return NO_DEFECTS_VERDICT;
  return defects === 1
    ? '1 security defect is detected in the code.'
    : `${String(defects)} security defects are detected in the code.`;
}

/** Counts the findings that count toward the verdict, by severity and pillar, and those that do not. */
export function summarise(
  findings: readonly Pick<Finding, 'suppression' | 'severity' | 'pillar'>[],
  threshold: Severity,
): { summary: ScanSummary; perPillar: Map<PillarId, number> } {
  const summary: ScanSummary = {
    total: 0,
    bySeverity: { error: 0, warning: 0, note: 0 },
    byPillar: {},
    suppressed: 0,
    belowThreshold: 0,
  };
  const perPillar = new Map<PillarId, number>();
  for (const f of findings) {
    if (f.suppression !== undefined) {
      summary.suppressed++;
      continue;
    }
    if (!atLeast(f.severity, threshold)) {
      summary.belowThreshold++;
      continue;
    }
    summary.total++;
    summary.bySeverity[f.severity]++;
    perPillar.set(f.pillar, (perPillar.get(f.pillar) ?? 0) + 1);
  }
  for (const p of PILLARS) {
    const n = perPillar.get(p.id);
    if (n !== undefined) summary.byPillar[`${p.id}`] = n;
  }
  return { summary, perPillar };
}

/**
 * Post-processing after every file was reviewed: sort, dedupe, fingerprint, count, and say honestly which
 * pillars were checked for the languages present. Pure: the same input gives the same result.
 */
export function assembleResult(input: AssembleInput): ScanResult {
  const sorted = [...input.findings].sort(compareFindings);
  const deduped = sorted.filter((f, i) => {
    const prev = i > 0 ? sorted[i - 1] : undefined;
    return !(
      prev?.ruleId === f.ruleId &&
      prev.location.path === f.location.path &&
      prev.location.start.line === f.location.start.line &&
      prev.location.start.column === f.location.start.column &&
      prev.location.end.line === f.location.end.line &&
      prev.location.end.column === f.location.end.column
    );
  });
  const fingerprinted = addFingerprints(deduped);
  const { suppress } = input;
  // A baseline matches by fingerprint, so it applies here; inline suppressions were applied per file.
  const findings =
    suppress === undefined
      ? fingerprinted
      : fingerprinted.map((f) => {
          const s = f.suppression === undefined ? suppress(f) : undefined;
          return s === undefined ? f : { ...f, suppression: s };
        });
  const { summary, perPillar } = summarise(findings, input.threshold);

  const languagesPresent = new Set(input.scanned.map((f) => f.language));
  const packsPresent = new Set([...languagesPresent].map(rulePackOf));
  const ran = input.rules
    .filter((r) => packsPresent.has(r.language))
    .sort((a, b) => compareStrings(a.id, b.id));
  const languageList = [...languagesPresent].sort().map((l) => LANGUAGE_NAMES[l]);

  const pillars: PillarReport[] = PILLARS.map((p) => {
    const rules = ran.filter((r) => rulePillar(r) === p.id).map((r) => r.id);
    let note: string;
    if (languagesPresent.size === 0) {
      note = 'No file of a supported language was reviewed.';
    } else if (rules.length === 0) {
      note = `No ${languageList.join(' or ')} checks exist for this pillar yet.`;
    } else {
      note = `${String(rules.length)} ${languageList.join('/')} check${rules.length === 1 ? '' : 's'} ran.`;
    }
    return {
      id: p.id,
      name: p.name,
      findings: perPillar.get(p.id) ?? 0,
      rules,
      coverage: rules.length > 0 ? 'checked' : 'no-checks',
      note,
    };
  });

  const byPath = <T extends { path: string }>(a: T, b: T): number => compareStrings(a.path, b.path);

  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: {
      name: 'secreview',
      version: input.tool.version,
      informationUri: 'https://github.com/secreview/secreview',
    },
    target: input.target,
    threshold: input.threshold,
    verdict: verdictFor(summary.total),
    summary,
    findings,
    rules: ran.map(describeRule),
    pillars,
    files: {
      scanned: [...input.scanned].sort(byPath),
      skipped: [...input.skipped].sort(byPath),
    },
    errors: [...input.errors].sort(
      (a, b) =>
        compareStrings(a.path ?? '', b.path ?? '') ||
        compareStrings(a.ruleId ?? '', b.ruleId ?? '') ||
        compareStrings(a.message, b.message),
    ),
    stats: input.stats,
  };
}
