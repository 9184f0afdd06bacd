/**
 * Shared types of the LLM review: the contract between the language side (prompts, answer schema,
 * tolerant parser, claim verification, splitting long files) and the pipeline side (providers, run,
 * cache, cost, CLI). Everything here is plain data; every function that produces or consumes these
 * types is a pure function (no network, no file system, no clock).
 *
 * The flow for one file:
 *
 *   splitForReview(source, language, budgetTokens)      -> SplitPlan (parts + coverage)
 *   for each part: buildPrompt(variant, partInput(input, part)) -> BuiltPrompt (system, user, schema)
 *   provider answers with text (or structured JSON text)
 *   parseAnswer(text)                                     -> ParsedReview (claims, verdict, pillars)
 *   verifyClaims({ path, source, review, ruleFindings }) -> VerificationOutcome (finding data)
 *
 * Function signatures (published, kept backward compatible):
 *   - `buildPrompt(variant: PromptVariant, input: PromptInput): BuiltPrompt`   (src/llm/prompt/index.ts)
 *   - `partInput(input: PromptInput, part: SplitPart): PromptInput`            (src/llm/prompt/index.ts)
 *   - `answerSchema` (zod) and `answerJsonSchema` (JSON Schema object)       (src/llm/prompt/schema.ts)
 *   - `parseAnswer(text: string): ParsedReview`                               (src/llm/parse/index.ts)
 *   - `verifyClaims(input: VerifyInput): VerificationOutcome`                 (src/llm/verify.ts)
 *   - `splitForReview(source, language, budgetTokens, options?): SplitPlan`   (src/llm/split.ts)
 *   - `estimateTokens(text: string): number`                                  (src/llm/split.ts)
 *
 * Line numbers are 1-based and refer to the file as it is on disk (the new side in review mode),
 * whether the model saw the whole file or one part of it.
 */
import type { Finding } from '../core/finding.js';
import type { PillarId } from '../core/pillars.js';
import type { Confidence, Severity } from '../core/severity.js';

// ---------------------------------------------------------------------------------------------------
// Prompts
// ---------------------------------------------------------------------------------------------------

/**
 * - `basic`: the ten pillars by name, the answer format, the exact clean verdict.
 * - `cwe-list` (default): as basic, plus each pillar's common specific CWE ids to steer the model to
 *   precise weaknesses instead of pillar-level ids.
 * - `commit-message`: as cwe-list, plus the commit message / PR description as (untrusted) context.
 * - `chain-of-thought`: asks for a short reasoning per pillar before the JSON answer.
 * - `hybrid`: hands the model the rule findings as candidates to confirm or reject with a reason,
 *   and asks for anything else it finds.
 */
export const PROMPT_VARIANTS = [
  'basic',
  'cwe-list',
  'commit-message',
  'chain-of-thought',
  'hybrid',
] as const;
export type PromptVariant = (typeof PROMPT_VARIANTS)[number];
export const DEFAULT_PROMPT_VARIANT: PromptVariant = 'cwe-list';

/** An inclusive range of 1-based line numbers. */
export interface LineRange {
  start: number;
  end: number;
}

/** A rule finding handed to the model in the hybrid variant, to confirm or reject. */
export interface Candidate {
  /** Stable within one prompt, e.g. "R1"; the model answers with this id. */
  id: string;
  ruleId: string;
  cwe: number;
  line: number;
  message: string;
}

/** Lines shown to the model for orientation only (imports, the class header of a split method). */
export interface CodeExcerpt {
  firstLine: number;
  text: string;
}

export interface PromptInput {
  /** Relative POSIX path, shown to the model. */
  path: string;
  /** Language id (e.g. "python"); used for the code fence label and wording. */
  language: string;
  /** The code to review: the whole file, or the lines of one part. */
  code: string;
  /** Line number of the first line of `code` in the file (default 1). */
  firstLine?: number;
  /** Enclosing context shown before the code (imports, class header), never reviewed on its own. */
  context?: CodeExcerpt[];
  /** When the file was split: which part this is (1-based) of how many. */
  part?: { index: number; count: number };
  /** Review mode: changed line ranges on the new side. Changed lines are marked; the model is asked
   * to report defects in or caused by the change. */
  changedRanges?: LineRange[];
  /** Review mode: lines of unchanged context to show around each changed range. When absent, the
   * whole of `code` is shown (with the changed lines marked). */
  reviewContextLines?: number;
  /** Commit message or pull-request description (untrusted data; shown by commit-message/hybrid). */
  commitMessage?: string;
  /** Rule findings for the hybrid variant. */
  candidates?: Candidate[];
}

export interface BuiltPrompt {
  variant: PromptVariant;
  system: string;
  user: string;
  /** JSON Schema of the answer for structured output (OpenAI response_format / Anthropic tool). */
  schema: Record<string, unknown>;
  /** Name of the schema / tool, `[a-zA-Z0-9_-]{1,64}`. */
  schemaName: string;
  /** The delimiter fencing the code: provably absent from the code, commit message and context. */
  boundary: string;
}

// ---------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------

/** One defect (or one hybrid decision) claimed by the model, before verification. */
export interface Claim {
  cwe?: number;
  /** The pillar the model filed the claim under (the "claimed category"), when it is one of the ten. */
  pillar?: PillarId;
  line?: number;
  endLine?: number;
  /** Code the model quoted as the offending line(s). */
  quote?: string;
  title?: string;
  explanation: string;
  fix?: string;
  severity?: Severity;
  confidence?: Confidence;
  /** Hybrid: the candidate this claim confirms or rejects. A rejected candidate is not a defect. */
  candidate?: { id: string; decision: 'confirmed' | 'rejected'; reason?: string };
}

export type ParseMode = 'json' | 'fenced-json' | 'prose' | 'unparseable';
export type ReviewVerdict = 'no-defects' | 'defects' | 'unknown';

/** What the model said about one pillar (prose or JSON). */
export interface PillarStatement {
  pillar: PillarId;
  defectClaimed: boolean;
  /** The statement raises a possible risk without claiming a defect ("might", "could ... if"). */
  hedged?: boolean;
  /** The sentence or cell the statement was taken from (trimmed, at most ~200 characters). */
  text?: string;
}

export interface ParsedReview {
  mode: ParseMode;
  verdict: ReviewVerdict;
  claims: Claim[];
  pillars: PillarStatement[];
  /** Problems met while parsing (wrong types, dropped fields, truncation, refusals); never fatal. */
  warnings: string[];
  /** The JSON was cut off; `claims` holds only the complete ones. */
  truncated: boolean;
  /** The model declined to review (e.g. "I can't help with that"). */
  refusal: boolean;
  /** Chain-of-thought reasoning or the prose around the JSON, when present. */
  reasoning?: string;
}

// ---------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------

export interface VerifyInput {
  /** Relative POSIX path of the file. */
  path: string;
  /** The whole file text (new side in review mode). */
  source: string;
  review: ParsedReview;
  /** Review mode: a claim outside these ranges is outside the change. */
  changedRanges?: LineRange[];
  /** Lines the model was shown (a split part); claims outside them are treated as invented lines. */
  shownRanges?: LineRange[];
  /** Rule findings of the same file, for merging duplicates and resolving hybrid candidates. */
  ruleFindings?: readonly Finding[];
  /** Hybrid: the candidates that were handed to the model (ids -> rule findings by index). */
  candidates?: readonly (Candidate & { findingIndex?: number })[];
}

/** Finding data for the pipeline; the pipeline adds ruleId, origin, model, fingerprint, test flag. */
export type LlmFindingData = Pick<
  Finding,
  | 'title'
  | 'message'
  | 'cwe'
  | 'cweName'
  | 'cwes'
  | 'pillar'
  | 'pillarName'
  | 'location'
  | 'snippet'
  | 'help'
  | 'severity'
  | 'confidence'
> & {
  /** What verification changed (line moved to where the quote is, pillar corrected to the CWE's). */
  corrections: string[];
};

export interface VerifiedClaim {
  claimIndex: number;
  claim: Claim;
  finding: LlmFindingData;
  /** Set when a rule finding reports the same defect: one finding, confirmed by both. */
  confirmedBy?: { ruleId: string; findingIndex: number };
}

export type UnverifiedReason =
  | 'quote-not-found'
  | 'no-cwe'
  | 'unknown-cwe'
  | 'cwe-not-a-weakness'
  | 'cwe-without-pillar'
  | 'pillar-mismatch';

/** A claim kept for the report at low confidence, with why it could not be verified. */
export interface UnverifiedClaim {
  claimIndex: number;
  claim: Claim;
  reasons: { reason: UnverifiedReason; detail: string }[];
  finding: LlmFindingData;
}

export type DropReason =
  | 'no-line'
  | 'line-outside-file'
  | 'line-not-shown'
  | 'outside-change'
  | 'no-classification'
  | 'unknown-candidate'
  | 'rejected-candidate'
  | 'duplicate-claim';

export interface DroppedClaim {
  claimIndex: number;
  claim: Claim;
  reason: DropReason;
  detail: string;
}

export interface Merge {
  claimIndex: number;
  findingIndex: number;
  ruleId: string;
  line: number;
  /** How they matched: same CWE, or same pillar with related CWEs. */
  match: 'same-cwe' | 'related-cwe' | 'candidate';
}

export interface VerificationOutcome {
  verified: VerifiedClaim[];
  unverified: UnverifiedClaim[];
  dropped: DroppedClaim[];
  /** Counts of `dropped` by reason (every reason present, zero when none). */
  droppedCounts: Record<DropReason, number>;
  merges: Merge[];
  /** Hybrid: rule findings the model rejected, with its reason (kept by the pipeline, annotated). */
  rejectedCandidates: { findingIndex: number; ruleId: string; reason: string }[];
}

// ---------------------------------------------------------------------------------------------------
// Splitting long files
// ---------------------------------------------------------------------------------------------------

export interface SplitPart {
  /** 1-based. */
  index: number;
  /** How many parts the plan has. */
  count: number;
  /** Lines reviewed in this part (inclusive). */
  startLine: number;
  endLine: number;
  /** The text of lines startLine..endLine. */
  text: string;
  /** Context shown before the code (imports, enclosing class header), by original line numbers. */
  context: CodeExcerpt[];
  /** Names of the functions / classes in the part, e.g. "Foo.bar"; empty for heuristic chunks. */
  units: string[];
  /** The part is a slice of one unit that alone exceeds the budget (split by lines with overlap). */
  slicedUnit: boolean;
  /** Lines at the start that repeat the end of the previous part (overlap), if any. */
  overlap?: LineRange;
  estimatedTokens: number;
}

export type SplitCoverage =
  | { kind: 'whole' }
  | { kind: 'split'; parts: number }
  | { kind: 'truncated'; parts: number; uncovered: LineRange[] };

export interface SplitPlan {
  parts: SplitPart[];
  coverage: SplitCoverage;
  totalLines: number;
  /** How the units were found: the registered grammar, or line/brace heuristics. */
  method: 'whole' | 'grammar' | 'heuristic';
}

export interface SplitOptions {
  /** At most this many parts; the rest is recorded as truncated (default: unlimited). */
  maxParts?: number;
  /** Overlap in lines when a single unit is sliced by lines (default 5). */
  overlapLines?: number;
}
