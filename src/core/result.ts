import type { ChangeContext } from './change.js';
import type { Finding } from './finding.js';
import type { LanguageId } from './language.js';
import type { LlmReport } from './llm.js';
import type { PillarId } from './pillars.js';
import type { RuleDescriptor } from './rule-meta.js';
import type { Severity } from './severity.js';

export const RESULT_SCHEMA_VERSION = '1.0.0';

export const NO_DEFECTS_VERDICT = 'No security defects are detected in the code.';

export interface ScannedFile {
  path: string;
  language: LanguageId;
  bytes: number;
  lines: number;
  testCode: boolean;
  frameworks: string[];
  /** The parser recovered from syntax errors; findings in the damaged region may be missing. */
  syntaxErrors: number;
  findings: number;
  /** What the reader should know about how this file was reviewed (encoding fallbacks, syntax errors). */
  notes: string[];
}

export type SkipReason =
  | 'binary'
  | 'too-large'
  | 'unreadable'
  | 'not-a-regular-file'
  | 'symlink-loop'
  | 'symlink-outside-root'
  | 'unsupported-language'
  | 'ignored'
  | 'test-code-excluded'
  | 'analysis-failed';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface ScanError {
  kind: 'file' | 'rule' | 'internal' | 'llm';
  path?: string;
  ruleId?: string;
  message: string;
}

export interface PillarReport {
  id: PillarId;
  name: string;
  /** Findings under this pillar that count (not suppressed, at or above the threshold). */
  findings: number;
  /** Ids of the rules of this pillar that ran for the languages present. */
  rules: string[];
  /** 'checked' when at least one rule of this pillar ran; 'no-checks' when none exists or ran. */
  coverage: 'checked' | 'no-checks';
  note: string;
  /** With --llm: how many files the model reviewed (each prompt asks about all ten pillars). */
  model?: { name: string; files: number; of: number };
}

export interface ScanSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  byPillar: Partial<Record<`${PillarId}`, number>>;
  suppressed: number;
  belowThreshold: number;
}

export interface ScanResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'secreview'; version: string; informationUri: string };
  /** What the user asked to scan, as given (relative paths stay relative). */
  target: string;
  /** Findings below this severity are kept in the result but do not count for the verdict. */
  threshold: Severity;
  verdict: string;
  summary: ScanSummary;
  findings: Finding[];
  rules: RuleDescriptor[];
  pillars: PillarReport[];
  files: { scanned: ScannedFile[]; skipped: SkippedFile[] };
  errors: ScanError[];
  stats: { durationMs: number; bytes: number; workers: number };
  /** Review mode: the change under review; findings are those on its added or modified lines. */
  change?: ChangeContext;
  /** Present when the code was also reviewed by a language model (--llm). */
  llm?: LlmReport;
}
