/**
 * From the answers of one file (every part, every sample) to findings: claims are keyed by what they
 * claim (CWE and line, or the rule finding they confirm), kept when more than half of the answering samples
 * made them, and deduplicated across the overlapping parts of a split file.
 */
import type { Finding } from '../core/finding.js';
import type { LlmAttribution } from '../core/llm.js';
import type {
  Candidate,
  LineRange,
  LlmFindingData,
  ParsedReview,
  VerificationOutcome,
} from './types.js';

export interface SampleReview {
  review: ParsedReview;
  verification: VerificationOutcome;
}

export interface PartResult {
  index: number;
  range: LineRange;
  candidates: (Candidate & { findingIndex: number })[];
  /** One per sample that produced a usable answer. */
  reviews: SampleReview[];
  fromCache: number;
  failures: string[];
  notSent: { reason: 'max-cost' | 'fatal'; detail: string }[];
  /** An answer was cut off: only the claims it completed are in `reviews`. */
  incomplete: boolean;
  /** An answer failed because the prompt did not fit the model's context window. */
  contextLength: boolean;
}

export interface FileTallyInput {
  path: string;
  inTestCode: boolean;
  provider: string;
  model: string;
  /** Samples asked per part. */
  samples: number;
  parts: readonly PartResult[];
}

export interface RuleJudgement {
  /** Index among the file's rule findings (as handed to verification). */
  findingIndex: number;
  attribution: LlmAttribution;
}

export interface FileTally {
  findings: Omit<Finding, 'fingerprint'>[];
  confirmations: RuleJudgement[];
  rejections: RuleJudgement[];
  counts: {
    /** Distinct claims: verified + unverified + dropped + belowMajority. */
    total: number;
    verified: number;
    unverified: number;
    belowMajority: number;
    droppedByReason: Record<string, number>;
  };
}

interface Vote {
  key: string;
  agreeing: number;
  first: { data: LlmFindingData; rationale: string; verified: boolean; reasons: string[] };
  confirms?: number;
}

/** A claim is kept when more than half of the samples that answered made it. */
export function isMajority(agreeing: number, answered: number): boolean {
  return agreeing * 2 > answered;
}

function attribution(
  input: FileTallyInput,
  v: Vote['first'],
  agreeing: number,
  answered: number,
): LlmAttribution {
  const a: LlmAttribution = {
    provider: input.provider,
    model: input.model,
    rationale: v.rationale,
    verified: v.verified,
  };
  if (!v.verified && v.reasons.length > 0) a.unverifiedReasons = v.reasons;
  if (v.data.corrections.length > 0) a.corrections = [...v.data.corrections];
  if (input.samples > 1) a.samples = { agreeing, total: answered };
  return a;
}

function toFinding(input: FileTallyInput, v: Vote, answered: number): Omit<Finding, 'fingerprint'> {
  const d = v.first.data;
  return {
    ruleId: `llm/cwe-${String(d.cwe)}`,
    origin: 'llm',
    title: d.title,
    message: d.message,
    cwe: d.cwe,
    cweName: d.cweName,
    cwes: [...d.cwes],
    pillar: d.pillar,
    pillarName: d.pillarName,
    severity: d.severity,
    confidence: v.first.verified ? d.confidence : 'low',
    location: d.location,
    snippet: d.snippet,
    help: d.help,
    inTestCode: input.inTestCode,
    llm: attribution(input, v.first, v.agreeing, answered),
  };
}

export function tallyFile(input: FileTallyInput): FileTally {
  const seen = new Set<string>();
  const out: FileTally = {
    findings: [],
    confirmations: [],
    rejections: [],
    counts: { total: 0, verified: 0, unverified: 0, belowMajority: 0, droppedByReason: {} },
  };
  const droppedSeen = new Set<string>();
  for (const part of input.parts) {
    const answered = part.reviews.length;
    if (answered === 0) continue;
    const votes = new Map<string, Vote>();
    const rejections = new Map<number, { agreeing: number; reason: string }>();
    const vote = (key: string, first: Vote['first'], confirms?: number): void => {
      const v = votes.get(key);
      if (v !== undefined) {
        v.agreeing++;
        return;
      }
      votes.set(key, { key, agreeing: 1, first, ...(confirms !== undefined ? { confirms } : {}) });
    };
    for (const { verification } of part.reviews) {
      // A sample that repeats a claim votes once for it.
      const mine = new Set<string>();
      for (const c of verification.verified) {
        const line = c.finding.location.start.line;
        const key =
          c.confirmedBy !== undefined
            ? `rule:${String(c.confirmedBy.findingIndex)}`
            : `claim:${String(c.finding.cwe)}:${String(line)}`;
        if (mine.has(key)) continue;
        mine.add(key);
        vote(
          key,
          { data: c.finding, rationale: c.claim.explanation, verified: true, reasons: [] },
          c.confirmedBy?.findingIndex,
        );
      }
      for (const c of verification.unverified) {
        const key = `claim:${String(c.finding.cwe)}:${String(c.finding.location.start.line)}`;
        if (mine.has(key)) continue;
        mine.add(key);
        vote(key, {
          data: c.finding,
          rationale: c.claim.explanation,
          verified: false,
          reasons: c.reasons.map((r) => r.detail),
        });
      }
      for (const r of verification.rejectedCandidates) {
        const prev = rejections.get(r.findingIndex);
        if (prev !== undefined) prev.agreeing++;
        else rejections.set(r.findingIndex, { agreeing: 1, reason: r.reason });
      }
      for (const d of verification.dropped) {
        const key = `${d.reason}:${String(d.claim.line ?? '')}:${String(d.claim.cwe ?? '')}`;
        if (droppedSeen.has(key)) continue;
        droppedSeen.add(key);
        out.counts.droppedByReason[d.reason] = (out.counts.droppedByReason[d.reason] ?? 0) + 1;
        out.counts.total++;
      }
    }
    for (const v of votes.values()) {
      // Overlapping parts of a split file may both see a defect: the first part's claim stands.
      if (seen.has(v.key)) continue;
      seen.add(v.key);
      out.counts.total++;
      if (!isMajority(v.agreeing, answered)) {
        out.counts.belowMajority++;
        continue;
      }
      if (v.first.verified) out.counts.verified++;
      else out.counts.unverified++;
      if (v.confirms !== undefined) {
        out.confirmations.push({
          findingIndex: v.confirms,
          attribution: attribution(input, v.first, v.agreeing, answered),
        });
      } else {
        out.findings.push(toFinding(input, v, answered));
      }
    }
    for (const [findingIndex, r] of rejections) {
      if (seen.has(`rejected:${String(findingIndex)}`) || !isMajority(r.agreeing, answered))
        continue;
      seen.add(`rejected:${String(findingIndex)}`);
      const a: LlmAttribution = {
        provider: input.provider,
        model: input.model,
        rationale: r.reason,
        verified: true,
        rejection: r.reason,
      };
      if (input.samples > 1) a.samples = { agreeing: r.agreeing, total: answered };
      out.rejections.push({ findingIndex, attribution: a });
    }
  }
  return out;
}
