/**
 * Verification of a model's claims before any becomes a finding. Models invent line numbers, quote code
 * that is not there, name categories instead of weaknesses and file weaknesses under the wrong pillar.
 * Each claim is checked against the file and the CWE catalog and ends in exactly one of three places:
 *
 * - verified: located (the line exists, was shown, lies in the change; the quote, if any, is on that
 *   line or within two lines, and the line is then corrected) and classified (a weakness in the catalog
 *   whose pillar is the claimed one, or corrected to it when the CWE is specific);
 * - unverified: located but not fully checked (quote not found, no specific CWE, pillar conflict with a
 *   vague CWE); reported at low confidence with the reasons;
 * - dropped: cannot be placed (no line, a line outside the file, the part or the change), no
 *   classification at all, a duplicate, or a hybrid candidate the model rejected; counted by reason.
 *
 * A verified claim at the same line (±1) as a rule finding with the same CWE, or with a related CWE under
 * the same pillar, is merged: one finding, confirmed by both.
 */
import type { Finding, Location } from '../core/finding.js';
import { isPillarId, pillarName, type PillarId } from '../core/pillars.js';
import type { Confidence, Severity } from '../core/severity.js';
import {
  cweName,
  isCategory,
  isView,
  lookupCwe,
  pillarsOf,
  primaryPillar,
} from '../cwe/catalog.js';
import { inRanges, splitLines } from './lines.js';
import type {
  Claim,
  DropReason,
  DroppedClaim,
  LlmFindingData,
  Merge,
  UnverifiedClaim,
  UnverifiedReason,
  VerificationOutcome,
  VerifiedClaim,
  VerifyInput,
} from './types.js';

const DROP_REASONS: readonly DropReason[] = [
  'no-line',
  'line-outside-file',
  'line-not-shown',
  'outside-change',
  'no-classification',
  'unknown-candidate',
  'rejected-candidate',
  'duplicate-claim',
];

/** How far (in lines) a quote may be from the claimed line and still be taken as meant there. */
const QUOTE_WINDOW = 2;
/** How far a rule finding may be from a claim and still be the same defect. */
const MERGE_WINDOW = 1;

function normalise(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The fragments of a quote worth matching: its lines, split at "..." elisions, of 3+ characters. */
function quoteFragments(quote: string): string[] {
  return quote
    .split(/\n|\.\.\.|…/)
    .map(normalise)
    .filter((f) => f.length >= 3);
}

/** The line a quote starts on, searching the claimed line first, then ±1, ±2. */
function findQuote(lines: readonly string[], quote: string, line: number): number | undefined {
  const fragment = quoteFragments(quote)[0];
  if (fragment === undefined) return line;
  for (const delta of [0, -1, 1, -2, 2].slice(0, 1 + 2 * QUOTE_WINDOW)) {
    const text = lines[line + delta - 1];
    if (text !== undefined && normalise(text).includes(fragment)) return line + delta;
  }
  return undefined;
}

/** Lines anywhere in `allowed` holding the quote; used only when the claimed line is impossible. */
function quoteLines(
  lines: readonly string[],
  quote: string,
  allowed: (n: number) => boolean,
): number[] {
  const fragment = quoteFragments(quote)[0];
  if (fragment === undefined) return [];
  const out: number[] = [];
  lines.forEach((text, i) => {
    if (allowed(i + 1) && normalise(text).includes(fragment)) out.push(i + 1);
  });
  return out;
}

function ancestors(id: number): number[] {
  const out: number[] = [];
  let current = lookupCwe(id)?.parent ?? null;
  while (current !== null && !out.includes(current)) {
    out.push(current);
    current = lookupCwe(current)?.parent ?? null;
  }
  return out;
}

/** Same weakness family: one is an ancestor of the other, or they share a parent. */
export function relatedCwes(a: number, b: number): boolean {
  if (a === b) return true;
  const pa = ancestors(a);
  const pb = ancestors(b);
  return pa.includes(b) || pb.includes(a) || (pa[0] !== undefined && pa[0] === pb[0]);
}

function location(path: string, lines: readonly string[], line: number, endLine: number): Location {
  const first = lines[line - 1] ?? '';
  const last = lines[endLine - 1] ?? '';
  return {
    path,
    start: { line, column: first.length - first.trimStart().length + 1 },
    end: { line: endLine, column: last.length + 1 },
  };
}

interface Classification {
  cwe: number;
  pillar: PillarId;
  corrections: string[];
  problems: { reason: UnverifiedReason; detail: string }[];
}

/** Checks the CWE against the catalog and the claimed pillar; undefined when nothing can be filed. */
function classify(claim: Claim): Classification | undefined {
  const claimed = claim.pillar;
  const vague = (reason: UnverifiedReason, detail: string): Classification | undefined =>
    claimed === undefined
      ? undefined
      : { cwe: claimed, pillar: claimed, corrections: [], problems: [{ reason, detail }] };
  const cwe = claim.cwe;
  if (cwe === undefined) return vague('no-cwe', 'the model named no CWE, only the pillar');
  if (isPillarId(cwe)) {
    const problems: Classification['problems'] = [
      { reason: 'no-cwe', detail: `CWE-${cwe} is a pillar, not a specific weakness` },
    ];
    if (claimed !== undefined && claimed !== cwe) {
      problems.push({
        reason: 'pillar-mismatch',
        detail: `claimed under pillar CWE-${claimed} but names pillar CWE-${cwe}`,
      });
    }
    return { cwe, pillar: cwe, corrections: [], problems };
  }
  if (isCategory(cwe) || isView(cwe)) {
    const kind = isCategory(cwe) ? 'category' : 'view';
    return vague('cwe-not-a-weakness', `CWE-${cwe} is a ${kind}, not a weakness`);
  }
  const entry = lookupCwe(cwe);
  if (!entry) return vague('unknown-cwe', `CWE-${cwe} is not in the CWE catalog`);
  const primary = primaryPillar(cwe);
  if (primary === undefined) {
    const why = entry.status === 'Deprecated' ? 'is deprecated' : 'reaches no pillar in CWE-1000';
    return vague('cwe-without-pillar', `CWE-${cwe} ${why}`);
  }
  const result: Classification = { cwe, pillar: primary, corrections: [], problems: [] };
  if (claimed === undefined || claimed === primary) return result;
  if (pillarsOf(cwe).includes(claimed)) {
    result.corrections.push(
      `filed under CWE-${primary}, the primary pillar of CWE-${cwe} (it also reaches CWE-${claimed})`,
    );
  } else if (entry.abstraction === 'Class') {
    result.problems.push({
      reason: 'pillar-mismatch',
      detail: `CWE-${cwe} belongs to pillar CWE-${primary}, not CWE-${claimed} as claimed`,
    });
  } else {
    result.corrections.push(
      `pillar corrected from CWE-${claimed} to CWE-${primary}, the pillar of CWE-${cwe}`,
    );
  }
  return result;
}

function findingData(
  input: VerifyInput,
  lines: readonly string[],
  claim: Claim,
  line: number,
  endLine: number,
  cls: Classification,
  corrections: string[],
  severity: Severity,
  confidence: Confidence,
): LlmFindingData {
  const name = cweName(cls.cwe);
  return {
    title: claim.title ?? name,
    message: claim.explanation !== '' ? claim.explanation : (claim.title ?? name),
    cwe: cls.cwe,
    cweName: name,
    cwes: [cls.cwe],
    pillar: cls.pillar,
    pillarName: pillarName(cls.pillar),
    location: location(input.path, lines, line, endLine),
    snippet: lines.slice(line - 1, Math.min(endLine, line + 4)).join('\n'),
    help: {
      why: claim.explanation !== '' ? claim.explanation : name,
      fix: claim.fix ?? 'The model suggested no fix.',
    },
    severity,
    confidence,
    corrections,
  };
}

function emptyCounts(): Record<DropReason, number> {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
}

function matchRuleFinding(
  findings: readonly Finding[],
  path: string,
  line: number,
  cwe: number,
  pillar: PillarId,
): { index: number; match: Merge['match'] } | undefined {
  let best: { index: number; match: Merge['match']; distance: number } | undefined;
  findings.forEach((f, index) => {
    if (f.location.path !== path) return;
    const distance = Math.abs(f.location.start.line - line);
    if (distance > MERGE_WINDOW) return;
    const same = f.cwe === cwe || f.cwes.includes(cwe);
    const related = !same && f.pillar === pillar && f.cwes.some((c) => relatedCwes(c, cwe));
    if (!same && !related) return;
    const match = same ? 'same-cwe' : 'related-cwe';
    const better =
      !best ||
      (match === 'same-cwe' && best.match !== 'same-cwe') ||
      (match === best.match && distance < best.distance);
    if (better) best = { index, match, distance };
  });
  return best && { index: best.index, match: best.match };
}

export function verifyClaims(input: VerifyInput): VerificationOutcome {
  const lines = splitLines(input.source);
  const rules = input.ruleFindings ?? [];
  const outcome: VerificationOutcome = {
    verified: [],
    unverified: [],
    dropped: [],
    droppedCounts: emptyCounts(),
    merges: [],
    rejectedCandidates: [],
  };
  const drop = (claimIndex: number, claim: Claim, reason: DropReason, detail: string): void => {
    outcome.dropped.push({ claimIndex, claim, reason, detail } satisfies DroppedClaim);
    outcome.droppedCounts[reason]++;
  };
  const shown = (n: number): boolean =>
    n >= 1 && n <= lines.length && (!input.shownRanges || inRanges(n, input.shownRanges));
  const seen = new Set<string>();

  input.review.claims.forEach((claim, claimIndex) => {
    const corrections: string[] = [];
    const candidate = claim.candidate
      ? input.candidates?.find((c) => c.id === claim.candidate?.id)
      : undefined;
    if (claim.candidate?.decision === 'rejected') {
      if (!candidate) {
        drop(
          claimIndex,
          claim,
          'unknown-candidate',
          `no candidate has the id ${claim.candidate.id}`,
        );
        return;
      }
      const reason = claim.candidate.reason ?? claim.explanation;
      if (candidate.findingIndex !== undefined) {
        outcome.rejectedCandidates.push({
          findingIndex: candidate.findingIndex,
          ruleId: candidate.ruleId,
          reason,
        });
      }
      drop(
        claimIndex,
        claim,
        'rejected-candidate',
        `${candidate.id} (${candidate.ruleId}) rejected: ${reason}`,
      );
      return;
    }
    // A confirmed candidate inherits what the model left out.
    const working: Claim = { ...claim };
    if (claim.candidate && !candidate)
      corrections.push(`the model confirmed an unknown candidate ${claim.candidate.id}`);
    if (candidate) {
      working.line ??= candidate.line;
      working.cwe ??= candidate.cwe;
    }

    // 1. Location.
    let line = working.line;
    let locatedByQuote = false;
    if (line === undefined || !shown(line)) {
      const relocated = working.quote ? quoteLines(lines, working.quote, (n) => shown(n)) : [];
      if (relocated.length === 1 && relocated[0] !== undefined) {
        corrections.push(
          line === undefined
            ? `line ${relocated[0]} found from the quoted code`
            : `line ${line} does not exist here; the quoted code is on line ${relocated[0]}`,
        );
        line = relocated[0];
        locatedByQuote = true;
      } else if (line === undefined) {
        drop(
          claimIndex,
          claim,
          'no-line',
          'the claim gives no line and no quote found once in the code',
        );
        return;
      } else if (line < 1 || line > lines.length) {
        drop(
          claimIndex,
          claim,
          'line-outside-file',
          `line ${line} is outside the file (${lines.length} lines)`,
        );
        return;
      } else {
        drop(claimIndex, claim, 'line-not-shown', `line ${line} was not shown to the model`);
        return;
      }
    }
    let endLine = Math.max(line, working.endLine ?? line);
    const problems: { reason: UnverifiedReason; detail: string }[] = [];
    if (working.quote !== undefined && !locatedByQuote) {
      const at = findQuote(lines, working.quote, line);
      if (at === undefined) {
        problems.push({
          reason: 'quote-not-found',
          detail: `the quoted code is not on line ${line} or within ${QUOTE_WINDOW} lines`,
        });
      } else if (at !== line) {
        corrections.push(`line corrected from ${line} to ${at}, where the quoted code is`);
        endLine += at - line;
        line = at;
      }
    }
    endLine = Math.min(endLine, lines.length);
    if (input.changedRanges) {
      const first = line;
      const changed = input.changedRanges.some((r) => r.start <= endLine && r.end >= first);
      if (!changed) {
        drop(claimIndex, claim, 'outside-change', `line ${line} is not in the change under review`);
        return;
      }
    }

    // 2. Classification.
    const cls = classify(working);
    if (!cls) {
      drop(
        claimIndex,
        claim,
        'no-classification',
        working.cwe === undefined
          ? 'neither a CWE nor a pillar was given'
          : `CWE-${working.cwe} cannot be filed (not a known weakness reaching a pillar) and no pillar was given`,
      );
      return;
    }
    corrections.push(...cls.corrections);
    problems.push(...cls.problems);

    const key = `${line}:${cls.cwe}`;
    if (seen.has(key)) {
      drop(
        claimIndex,
        claim,
        'duplicate-claim',
        `another claim reports CWE-${cls.cwe} on line ${line}`,
      );
      return;
    }
    seen.add(key);

    const describe = (severity: Severity, confidence: Confidence): LlmFindingData =>
      findingData(input, lines, working, line, endLine, cls, corrections, severity, confidence);
    if (problems.length > 0) {
      const finding = describe(working.severity ?? 'warning', 'low');
      outcome.unverified.push({
        claimIndex,
        claim,
        reasons: problems,
        finding,
      } satisfies UnverifiedClaim);
      return;
    }

    // 3. Merge with the rule finding reporting the same defect.
    const match =
      candidate?.findingIndex !== undefined
        ? { index: candidate.findingIndex, match: 'candidate' as const }
        : matchRuleFinding(rules, input.path, line, cls.cwe, cls.pillar);
    const rule = match ? rules[match.index] : undefined;
    const severity = working.severity ?? rule?.severity ?? 'warning';
    const confidence: Confidence = rule ? 'high' : (working.confidence ?? 'medium');
    const verified: VerifiedClaim = {
      claimIndex,
      claim,
      finding: describe(severity, confidence),
    };
    if (match && rule) {
      verified.confirmedBy = { ruleId: rule.ruleId, findingIndex: match.index };
      outcome.merges.push({
        claimIndex,
        findingIndex: match.index,
        ruleId: rule.ruleId,
        line,
        match: match.match,
      });
    }
    outcome.verified.push(verified);
  });
  return outcome;
}
