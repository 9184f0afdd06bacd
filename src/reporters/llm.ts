/**
 * What the LLM review adds to a report, as plain sentences; each format escapes and lays them out.
 * Reporters see only the ScanResult: everything here comes from `finding.llm` and `result.llm`.
 */
import type { Finding } from '../core/finding.js';
import type { LlmReport } from '../core/llm.js';
import type { ScanResult } from '../core/result.js';

function usd(v: number | null): string {
  if (v === null) return 'unknown';
  if (v === 0) return '$0';
  return v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

function n(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** Sentences about the model's part in one finding (none for a finding the model never saw). */
export function llmFindingNotes(f: Finding): string[] {
  const out: string[] = [];
  if (f.confirmedBy !== undefined && f.confirmedBy.length > 1) {
    out.push('Confirmed by both a rule and the model.');
  }
  const m = f.llm;
  if (m === undefined) return out;
  const who = `${m.provider} ${m.model}`;
  if (m.rejection !== undefined) {
    out.push(`The model (${who}) judged this finding a false positive: ${m.rejection}`);
    return out;
  }
  const samples =
    m.samples !== undefined
      ? `, made by ${String(m.samples.agreeing)} of ${String(m.samples.total)} samples`
      : '';
  const verified = m.verified
    ? 'claim verified'
    : `claim NOT verified${m.unverifiedReasons !== undefined ? ` (${m.unverifiedReasons.join('; ')})` : ''}`;
  out.push(`Model: ${who}, ${verified}${samples}.`);
  // A model finding's message and "why" usually are its rationale already: not said twice.
  const rationale = m.rationale.trim();
  if (rationale !== '' && rationale !== f.message.trim() && rationale !== f.help.why.trim()) {
    out.push(`Model's rationale: ${rationale}`);
  }
  if (m.corrections !== undefined && m.corrections.length > 0) {
    out.push(`Corrected on verification: ${m.corrections.join('; ')}`);
  }
  return out;
}

/** The "LLM review" section: who reviewed, coverage, requests, tokens, cost, claims, files not reviewed. */
export function llmSummaryLines(report: LlmReport): { lines: string[]; files: string[] } {
  const by = (s: string): number => report.files.filter((f) => f.status === s).length;
  const skippedReasons = [
    ...new Set(report.files.flatMap((f) => (f.skipReason !== undefined ? [f.skipReason] : []))),
  ];
  const c = report.claims;
  const dropped = Object.entries(c.droppedByReason)
    .filter(([, k]) => k > 0)
    .map(([r, k]) => `${r} ${String(k)}`)
    .join(', ');
  const lines = [
    `${report.provider} ${report.model} at ${report.baseUrl}; prompt ${report.promptVariant}; ${n(report.samples, 'sample')} per prompt${report.llmOnly ? '; rules did not run (--llm-only)' : ''}.`,
    `Files: ${String(by('reviewed'))} reviewed, ${String(by('partial'))} partly reviewed, ${String(by('failed'))} failed, ${String(by('skipped'))} not sent${skippedReasons.length > 0 ? ` (${skippedReasons.join(', ')})` : ''}.`,
    `Requests: ${String(report.requests.sent)} answered, ${String(report.requests.cached)} from the cache, ${String(report.requests.failed)} failed, ${n(report.requests.retries, 'retry', 'retries')}.`,
    `Tokens: ${String(report.tokens.input)} in, ${String(report.tokens.output)} out (estimated before the run: ${String(report.tokens.estimatedInput)} in).`,
    `Cost: ${usd(report.cost.actualUsd)}${report.cost.estimatedMaxUsd !== null ? ` (at most ${usd(report.cost.estimatedMaxUsd)} estimated before the run)` : ''}${report.cost.maxUsd !== undefined ? `; limit ${usd(report.cost.maxUsd)}` : ''}.`,
    `Claims: ${String(c.total)} in all: ${String(c.verified)} verified, ${String(c.unverified)} unverified (kept, low confidence), ${String(c.dropped)} dropped${dropped !== '' ? ` (${dropped})` : ''}, ${String(c.belowMajority)} below the sample majority; ${n(c.confirmedRuleFindings, 'rule finding')} confirmed, ${String(c.rejectedRuleFindings)} judged false positives.`,
    ...report.notes.map((note) => `Note: ${note}`),
  ];
  const files = report.files
    .filter((f) => f.status !== 'reviewed' || f.detail !== undefined)
    .map((f) => `${f.path}: ${f.status}${f.detail !== undefined ? ` (${f.detail})` : ''}`);
  return { lines, files };
}

export function hasLlm(result: ScanResult): result is ScanResult & { llm: LlmReport } {
  return result.llm !== undefined;
}
