import type { LlmAttribution } from './llm.js';
import type { PillarId } from './pillars.js';
import type { Confidence, Severity } from './severity.js';

/** 1-based line and column (columns count UTF-16 code units, as SARIF's default). */
export interface Position {
  line: number;
  column: number;
}

export interface Location {
  /** Relative to the scan root, POSIX separators. */
  path: string;
  start: Position;
  end: Position;
}

/** One step of a dataflow trace: where untrusted data entered, moved, or did harm. */
export interface TraceStep {
  kind: 'source' | 'step' | 'sink';
  location: Location;
  message: string;
}

export interface Suppression {
  kind: 'inline' | 'baseline';
  justification: string;
}

export type FindingOrigin = 'rule' | 'llm';

export interface Finding {
  ruleId: string;
  origin: FindingOrigin;
  /** The rule's title, copied so that reports need nothing else. */
  title: string;
  /** What is wrong at this occurrence. */
  message: string;
  /** Primary (most specific) CWE. */
  cwe: number;
  cweName: string;
  /** All CWE ids, primary first. */
  cwes: number[];
  pillar: PillarId;
  pillarName: string;
  severity: Severity;
  confidence: Confidence;
  location: Location;
  /** The source lines of the finding (the first line, and up to four more for multi-line code). */
  snippet: string;
  /** Stable across line moves: rule id + path + normalised snippet + occurrence index. */
  fingerprint: string;
  /** Why it matters and how to fix it, copied from the rule. */
  help: { why: string; fix: string };
  /** Present when the finding was accepted inline or by a baseline; such findings are kept, never dropped. */
  suppression?: Suppression;
  trace?: TraceStep[];
  /** True when the file is test code (the rule may have been lowered there). */
  inTestCode: boolean;
  /** The LLM review's part in this finding: its claim, or its judgement of a rule finding. */
  llm?: LlmAttribution;
  /** Present when a rule and the model reported the same defect: one finding, confirmed by both. */
  confirmedBy?: FindingOrigin[];
}
