/**
 * What the LLM review adds to findings and to the result. Plain data: the pipeline that produces it lives
 * in src/llm; reporters read it from here.
 */

/** How a model's claim or decision is attached to a finding. */
export interface LlmAttribution {
  provider: string;
  model: string;
  /** The model's own explanation of the defect (or, for a rule finding it judged, of its decision). */
  rationale: string;
  /**
   * The claim passed verification: its line exists (and lies in the change, in review mode), the code it
   * quoted is there, and its CWE exists and belongs to the pillar it was filed under.
   */
  verified: boolean;
  /** Why it could not be verified; such findings have low confidence. */
  unverifiedReasons?: string[];
  /** What verification corrected (the line moved to where the quoted code is, the pillar fixed). */
  corrections?: string[];
  /** With --samples K: how many of the K answers made this claim. */
  samples?: { agreeing: number; total: number };
  /** Hybrid prompt: the model judged this rule finding a false positive, for this reason (kept). */
  rejection?: string;
}

export type LlmFileStatus = 'reviewed' | 'partial' | 'failed' | 'skipped';

export type LlmSkipReason = 'max-files' | 'max-cost' | 'outside-change';

/** How one file fared in the LLM review. Every file of the scan has exactly one entry. */
export interface LlmFileCoverage {
  path: string;
  /**
   * reviewed: every part answered; partial: some parts failed or lines were left out (see `uncovered`);
   * failed: no part answered; skipped: not sent (see `skipReason`).
   */
  status: LlmFileStatus;
  /** Parts the file was split into (1 when sent whole, 0 when not sent). */
  parts: number;
  /** Parts with a usable answer. */
  partsReviewed: number;
  /** Answers served from the cache (nothing was sent for them). */
  fromCache: number;
  /** Lines never shown to the model (the file was longer than the parts limit). */
  uncovered?: { start: number; end: number }[];
  skipReason?: LlmSkipReason;
  /** What happened, in words (the failure, why it was skipped, how it was split). */
  detail?: string;
  /** Claims the model made about this file, and how many became findings. */
  claims: number;
  findings: number;
}

export interface LlmReport {
  provider: string;
  model: string;
  /** Where the code was sent. */
  baseUrl: string;
  promptVariant: string;
  /** Answers asked per file part; a claim is kept when a majority made it. */
  samples: number;
  /** Only the model reviewed (no rules ran). */
  llmOnly: boolean;
  files: LlmFileCoverage[];
  requests: {
    /** Requests answered by the server (retries not counted). */
    sent: number;
    /** Answers served from the cache. */
    cached: number;
    /** Requests that failed for good. */
    failed: number;
    /** Extra attempts after 429, 5xx, timeouts and connection errors. */
    retries: number;
  };
  tokens: {
    /** Estimated before sending, for every request planned (characters / 4, see src/llm/split.ts). */
    estimatedInput: number;
    /** As reported by the server; answers without usage figures count their estimate. */
    input: number;
    output: number;
  };
  cost: {
    /** USD per million tokens; absent when the model's price is unknown. */
    price?: { inputPerMTok: number; outputPerMTok: number };
    /** Upper bound before the run: estimated input plus the full output limit of every request. */
    estimatedMaxUsd: number | null;
    /** What the answers cost (cache hits are free); null when the price is unknown. */
    actualUsd: number | null;
    maxUsd?: number;
  };
  claims: {
    /** Claims after majority voting. */
    total: number;
    verified: number;
    /** Kept at low confidence, with the reasons on the finding. */
    unverified: number;
    /** Not reported; counted by reason. */
    dropped: number;
    droppedByReason: Record<string, number>;
    /** Claims made by a minority of the samples (not reported). */
    belowMajority: number;
    /** Rule findings the model confirmed (one finding, confirmed by both). */
    confirmedRuleFindings: number;
    /** Hybrid: rule findings the model judged false positives (kept, with its reason). */
    rejectedRuleFindings: number;
  };
  /** Anything else the reader should know (structured output unsupported, cache unwritable, ...). */
  notes: string[];
}
