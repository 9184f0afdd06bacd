/**
 * The LLM step of a scan: for every file (or every part of a long one) build the prompt, ask the model
 * (bounded concurrency, cache, budget, retries), parse the answer, verify each claim, keep the claims a
 * majority of the samples made, and turn them into findings merged with the rule findings. Nothing here
 * throws for a single file: what fails is recorded in `errors` and in the file's coverage.
 */
import { errorMessage, UsageError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { LlmFileCoverage, LlmReport } from '../core/llm.js';
import type { ScanError } from '../core/result.js';
import type { AnswerCache } from './cache.js';
import { ask, createLimiter, type AskContext } from './ask.js';
import { costOf, createBudget, priceOf, type Price } from './cost.js';
import { parseAnswer } from './parse/index.js';
import { buildPrompt, partInput } from './prompt/index.js';
import type { ChatRequest, LlmProvider } from './providers/provider.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { estimateTokens, splitForReview } from './split.js';
import type {
  Candidate,
  LineRange,
  ParsedReview,
  PromptInput,
  PromptVariant,
  SplitPlan,
  VerificationOutcome,
} from './types.js';
import { verifyClaims } from './verify.js';
import { tallyFile, type PartResult } from './vote.js';

export type RuleFinding = Omit<Finding, 'fingerprint'>;

/** Splitting finer than this to fit a context window is pointless: the file is recorded as failed. */
const MIN_PART_TOKENS = 64;

export interface LlmFileInput {
  /** Relative POSIX path, as in the result. */
  path: string;
  language: string;
  source: string;
  inTestCode: boolean;
  /** Review mode: changed line ranges on the new side; a file without any is not sent. */
  changedRanges?: readonly LineRange[];
}

export interface LlmRunOptions {
  provider: LlmProvider;
  variant: PromptVariant;
  /** Answers per prompt; a claim is kept when more than half of them make it. */
  samples: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Only the model reviews: rule findings are neither candidates nor merged. */
  llmOnly: boolean;
  maxFiles?: number | undefined;
  maxCostUsd?: number | undefined;
  /** Overrides the price table (USD per million tokens). */
  price?: Price | undefined;
  cache?: AnswerCache | undefined;
  /** Token budget of the code of one part; longer files are split by function or class. */
  partTokens: number;
  /** A file split into more parts than this is reviewed in part (the rest is listed as uncovered). */
  maxParts?: number | undefined;
  maxOutputTokens: number;
  seed: number;
  /** Review mode: the commit message (untrusted data, shown by the commit-message and hybrid prompts). */
  commitMessage?: string | undefined;
  retry?: RetryPolicy | undefined;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onProgress?: ((done: number, total: number, spentUsd: number | null) => void) | undefined;
  /** Called once before anything is sent, with what is about to be sent and its estimated cost. */
  onPlan?: ((plan: LlmPlan) => void) | undefined;
}

export interface LlmPlan {
  provider: string;
  model: string;
  baseUrl: string;
  files: number;
  requests: number;
  estimatedInputTokens: number;
  /** Estimated input plus the full output limit of every request; null when the price is unknown. */
  estimatedMaxUsd: number | null;
}

export interface LlmRunOutput {
  /** New findings of the model (origin 'llm'). */
  findings: RuleFinding[];
  /** The rule findings, in input order, with the model's confirmations and rejections attached. */
  ruleFindings: RuleFinding[];
  errors: ScanError[];
  report: LlmReport;
}

interface PlannedPart {
  index: number;
  range: LineRange;
  request: ChatRequest;
  candidates: (Candidate & { findingIndex: number })[];
}

interface PlannedFile {
  file: LlmFileInput;
  /** Indices into the run's rule findings of this file's findings. */
  ruleIndices: number[];
  plan: SplitPlan;
  parts: PlannedPart[];
}

function partLabel(index: number, count: number): string {
  return count > 1 ? ` (part ${String(index)} of ${String(count)})` : '';
}

/** Candidates for the hybrid prompt: the rule findings on the lines of this part. */
function candidatesFor(
  ruleFindings: readonly RuleFinding[],
  indices: readonly number[],
  range: LineRange,
): (Candidate & { findingIndex: number })[] {
  const out: (Candidate & { findingIndex: number })[] = [];
  indices.forEach((global, local) => {
    const f = ruleFindings[global];
    if (f === undefined || f.suppression !== undefined) return;
    const line = f.location.start.line;
    if (line < range.start || line > range.end) return;
    out.push({
      id: `R${String(out.length + 1)}`,
      ruleId: f.ruleId,
      cwe: f.cwe,
      line,
      message: f.message,
      findingIndex: local,
    });
  });
  return out;
}

function planFile(
  file: LlmFileInput,
  ruleIndices: number[],
  ruleFindings: readonly RuleFinding[],
  options: LlmRunOptions,
  partTokens = options.partTokens,
): PlannedFile {
  const plan = splitForReview(
    file.source,
    file.language,
    partTokens,
    options.maxParts !== undefined ? { maxParts: options.maxParts } : {},
  );
  const base: PromptInput = { path: file.path, language: file.language, code: file.source };
  if (file.changedRanges !== undefined) base.changedRanges = [...file.changedRanges];
  if (options.commitMessage !== undefined) base.commitMessage = options.commitMessage;
  const parts = plan.parts.map((part): PlannedPart => {
    const range = { start: part.startLine, end: part.endLine };
    const candidates =
      options.variant === 'hybrid' && !options.llmOnly
        ? candidatesFor(ruleFindings, ruleIndices, range)
        : [];
    const input = plan.parts.length > 1 ? partInput(base, part) : { ...base };
    if (candidates.length > 0) {
      input.candidates = candidates.map((c) => ({
        id: c.id,
        ruleId: c.ruleId,
        cwe: c.cwe,
        line: c.line,
        message: c.message,
      }));
    }
    const prompt = buildPrompt(options.variant, input);
    return {
      index: part.index,
      range,
      candidates,
      request: {
        system: prompt.system,
        user: prompt.user,
        schema: { name: prompt.schemaName, schema: prompt.schema },
        maxOutputTokens: options.maxOutputTokens,
      },
    };
  });
  return { file, ruleIndices, plan, parts };
}

/** Tokens of a request as sent: both messages and the schema. */
export function requestTokens(request: ChatRequest): number {
  return (
    estimateTokens(request.system) +
    estimateTokens(request.user) +
    (request.schema !== undefined ? estimateTokens(JSON.stringify(request.schema.schema)) : 0)
  );
}

function skippedCoverage(
  path: string,
  reason: NonNullable<LlmFileCoverage['skipReason']>,
  detail: string,
): LlmFileCoverage {
  return {
    path,
    status: 'skipped',
    parts: 0,
    partsReviewed: 0,
    fromCache: 0,
    skipReason: reason,
    detail,
    claims: 0,
    findings: 0,
  };
}

/**
 * The price to count with: the given one, else the table's. Throws UsageError when a cost limit is asked
 * for a model whose price is unknown (it could not be enforced).
 */
export function resolvePrice(
  model: string,
  given: Price | undefined,
  maxCostUsd: number | undefined,
): Price | undefined {
  const price = given ?? priceOf(model);
  if (maxCostUsd !== undefined && price === undefined) {
    throw new UsageError(
      `the price of model "${model}" is unknown, so --max-cost cannot be enforced; give it with --llm-price <input>,<output> (USD per million tokens; 0,0 for a local server)`,
    );
  }
  return price;
}

export async function runLlmReview(
  inputFiles: readonly LlmFileInput[],
  inputRuleFindings: readonly RuleFinding[],
  options: LlmRunOptions,
): Promise<LlmRunOutput> {
  const { provider } = options;
  const price = resolvePrice(provider.model, options.price, options.maxCostUsd);
  const ruleFindings = options.llmOnly ? [] : inputRuleFindings.map((f) => ({ ...f }));
  const byPath = new Map<string, number[]>();
  ruleFindings.forEach((f, i) => {
    const list = byPath.get(f.location.path) ?? [];
    list.push(i);
    byPath.set(f.location.path, list);
  });

  const files = [...inputFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const coverage = new Map<string, LlmFileCoverage>();
  const planned: PlannedFile[] = [];
  const planErrors: ScanError[] = [];
  for (const file of files) {
    if (file.changedRanges?.length === 0) {
      coverage.set(
        file.path,
        skippedCoverage(file.path, 'outside-change', 'no changed lines in this file'),
      );
      continue;
    }
    if (options.maxFiles !== undefined && planned.length >= options.maxFiles) {
      coverage.set(
        file.path,
        skippedCoverage(
          file.path,
          'max-files',
          `not sent: --max-files ${String(options.maxFiles)} reached`,
        ),
      );
      continue;
    }
    try {
      planned.push(planFile(file, byPath.get(file.path) ?? [], ruleFindings, options));
    } catch (e) {
      const message = `could not prepare the prompt: ${errorMessage(e)}`;
      coverage.set(file.path, {
        path: file.path,
        status: 'failed',
        parts: 0,
        partsReviewed: 0,
        fromCache: 0,
        detail: message,
        claims: 0,
        findings: 0,
      });
      planErrors.push({ kind: 'llm', path: file.path, message });
    }
  }

  const samples = Math.max(1, options.samples);
  let estimatedInput = 0;
  let maxOutput = 0;
  for (const p of planned) {
    for (const part of p.parts) {
      estimatedInput += requestTokens(part.request) * samples;
      maxOutput += part.request.maxOutputTokens * samples;
    }
  }

  const estimatedMaxUsd =
    price !== undefined
      ? costOf({ inputTokens: estimatedInput, outputTokens: maxOutput }, price)
      : null;
  options.onPlan?.({
    provider: provider.name,
    model: provider.model,
    baseUrl: provider.baseUrl,
    files: planned.length,
    requests: planned.reduce((n, p) => n + p.parts.length, 0) * samples,
    estimatedInputTokens: estimatedInput,
    estimatedMaxUsd,
  });

  const ctx: AskContext = {
    provider,
    variant: options.variant,
    cache: options.cache,
    budget: createBudget(price, options.maxCostUsd),
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    env: { sleep: options.sleep, random: options.random },
    limit: createLimiter(Math.max(1, options.concurrency)),
    estimate: requestTokens,
    counters: { sent: 0, cached: 0, failed: 0, retries: 0, inputTokens: 0, outputTokens: 0 },
    stoppedByBudget: false,
    fatal: undefined,
  };

  const errors: ScanError[] = [...planErrors];
  const findings: RuleFinding[] = [];
  const notes = new Set<string>();
  const claimTotals = {
    total: 0,
    verified: 0,
    unverified: 0,
    dropped: 0,
    droppedByReason: {} as Record<string, number>,
    belowMajority: 0,
    confirmedRuleFindings: 0,
    rejectedRuleFindings: 0,
  };
  let done = 0;
  const total = planned.length;

  const askFile = (p: PlannedFile): Promise<PartResult[]> =>
    Promise.all(
      p.parts.map(async (part): Promise<PartResult> => {
        const answers = await Promise.all(
          Array.from({ length: samples }, (_, s) =>
            ask(ctx, { ...part.request, seed: options.seed + s }, s),
          ),
        );
        const result: PartResult = {
          index: part.index,
          range: part.range,
          candidates: part.candidates,
          reviews: [],
          fromCache: 0,
          failures: [],
          notSent: [],
          incomplete: false,
          contextLength: false,
        };
        const verify = (review: ParsedReview): VerificationOutcome =>
          verifyClaims({
            path: p.file.path,
            source: p.file.source,
            review,
            shownRanges: [part.range],
            ruleFindings: p.ruleIndices.map((i) => ({
              ...(ruleFindings[i] as RuleFinding),
              fingerprint: '',
            })),
            candidates: part.candidates,
            ...(p.file.changedRanges !== undefined
              ? { changedRanges: [...p.file.changedRanges] }
              : {}),
          });
        for (const a of answers) {
          if (a.kind === 'not-sent') {
            result.notSent.push(a);
            continue;
          }
          if (a.kind === 'failed') {
            if (a.error.kind === 'context-length') result.contextLength = true;
            // A cut-off answer still holds the claims it completed: keep those, and say it was cut.
            const partial = a.error.kind === 'truncated' ? a.error.partialText : undefined;
            const salvaged = partial !== undefined ? parseAnswer(partial) : undefined;
            if (salvaged !== undefined && salvaged.claims.length > 0) {
              result.reviews.push({ review: salvaged, verification: verify(salvaged) });
              result.incomplete = true;
              result.failures.push(
                `${a.error.message}; the ${String(salvaged.claims.length)} complete claim(s) before the cut were kept`,
              );
            } else {
              result.failures.push(a.error.message);
            }
            continue;
          }
          if (a.fromCache) result.fromCache++;
          if (part.request.schema !== undefined && !a.answer.structured && !a.fromCache) {
            notes.add(
              `${provider.name} ${provider.model} did not honour structured output; answers were read from text`,
            );
          }
          try {
            const review = parseAnswer(a.answer.text);
            if (review.refusal) {
              result.failures.push('the model refused to review this code');
              continue;
            }
            if (review.mode === 'unparseable') {
              result.failures.push(
                'the answer is not a review (no verdict, claims or pillars found)',
              );
              continue;
            }
            result.reviews.push({ review, verification: verify(review) });
          } catch (e) {
            // A bug met on one strange answer costs that answer, not the run.
            result.failures.push(`could not read the answer: ${errorMessage(e)}`);
          }
        }
        return result;
      }),
    );

  const reviewFile = async (first: PlannedFile): Promise<void> => {
    let p = first;
    let results = await askFile(p);
    const resplits: string[] = [];
    // A part too long for the model's context window: split the file finer (twice at most) and ask again.
    let budget = options.partTokens;
    while (
      resplits.length < 2 &&
      budget >= 2 * MIN_PART_TOKENS &&
      results.some((r) => r.contextLength && r.reviews.length === 0)
    ) {
      budget = Math.floor(budget / 2);
      resplits.push(
        `the prompt did not fit the context window; split again with ${String(budget)} tokens per part`,
      );
      let finer: PlannedFile;
      try {
        finer = planFile(p.file, p.ruleIndices, ruleFindings, options, budget);
      } catch (e) {
        resplits.push(`could not split it again: ${errorMessage(e)}`);
        break;
      }
      p = finer;
      results = await askFile(p);
    }
    const count = p.parts.length;

    const tally = tallyFile({
      path: p.file.path,
      inTestCode: p.file.inTestCode,
      provider: provider.name,
      model: provider.model,
      samples,
      parts: results,
    });
    findings.push(...tally.findings);
    for (const c of tally.confirmations) {
      const global = p.ruleIndices[c.findingIndex];
      const f = global !== undefined ? ruleFindings[global] : undefined;
      if (f === undefined) continue;
      f.confirmedBy = ['rule', 'llm'];
      f.llm = c.attribution;
      claimTotals.confirmedRuleFindings++;
    }
    for (const r of tally.rejections) {
      const global = p.ruleIndices[r.findingIndex];
      const f = global !== undefined ? ruleFindings[global] : undefined;
      if (f === undefined || f.confirmedBy !== undefined) continue;
      f.llm = r.attribution;
      claimTotals.rejectedRuleFindings++;
    }
    claimTotals.total += tally.counts.total;
    claimTotals.verified += tally.counts.verified;
    claimTotals.unverified += tally.counts.unverified;
    claimTotals.belowMajority += tally.counts.belowMajority;
    for (const [reason, n] of Object.entries(tally.counts.droppedByReason)) {
      if (n === 0) continue;
      claimTotals.dropped += n;
      claimTotals.droppedByReason[reason] = (claimTotals.droppedByReason[reason] ?? 0) + n;
    }

    const answered = results.filter((r) => r.reviews.length > 0);
    const notSentOnly = results.every((r) => r.reviews.length === 0 && r.failures.length === 0);
    const uncovered = p.plan.coverage.kind === 'truncated' ? p.plan.coverage.uncovered : [];
    const detailParts: string[] = [...resplits];
    if (count > 1) detailParts.push(`split into ${String(count)} parts by function or class`);
    if (uncovered.length > 0) {
      const lines = uncovered.reduce((n, r) => n + r.end - r.start + 1, 0);
      detailParts.push(`${String(lines)} line(s) not shown to the model (too long)`);
    }
    for (const r of results) {
      const label = partLabel(r.index, count);
      for (const message of new Set(r.failures)) {
        errors.push({
          kind: 'llm',
          path: p.file.path,
          message: `${provider.name} ${provider.model}${label}: ${message}`,
        });
        detailParts.push(`failed${label}: ${message}`);
      }
      for (const detail of new Set(r.notSent.map((n) => n.detail)))
        detailParts.push(`${detail}${label}`);
      if (r.reviews.length > 0 && r.reviews.length < samples) {
        detailParts.push(
          `only ${String(r.reviews.length)} of ${String(samples)} samples answered${label}`,
        );
      }
    }
    let status: LlmFileCoverage['status'];
    const incomplete = results.some((r) => r.incomplete);
    if (answered.length === count && uncovered.length === 0 && !incomplete) status = 'reviewed';
    else if (answered.length > 0) status = 'partial';
    else status = notSentOnly ? 'skipped' : 'failed';
    const cov: LlmFileCoverage = {
      path: p.file.path,
      status,
      parts: count,
      partsReviewed: answered.length,
      fromCache: results.reduce((n, r) => n + r.fromCache, 0),
      claims: tally.counts.total,
      findings: tally.findings.length + tally.confirmations.length,
    };
    if (uncovered.length > 0)
      cov.uncovered = uncovered.map((r) => ({ start: r.start, end: r.end }));
    if (status === 'skipped') {
      const reason = results.flatMap((r) => r.notSent)[0];
      if (reason?.reason === 'max-cost') cov.skipReason = 'max-cost';
      cov.parts = 0;
    }
    if (detailParts.length > 0) cov.detail = detailParts.join('; ');
    coverage.set(p.file.path, cov);
    if (status === 'skipped' && cov.skipReason === undefined) {
      // Not sent because an earlier request failed for good: say so in errors too.
      errors.push({
        kind: 'llm',
        path: p.file.path,
        message: `${provider.name} ${provider.model}: ${cov.detail ?? 'not sent'}`,
      });
      cov.status = 'failed';
    }
    options.onProgress?.(++done, total, ctx.budget.spentUsd());
  };

  options.onProgress?.(0, total, ctx.budget.spentUsd());
  await Promise.all(planned.map(reviewFile));

  if (options.cache !== undefined) for (const problem of options.cache.problems) notes.add(problem);
  if (price === undefined) {
    notes.add(
      `the price of ${provider.model} is unknown: costs are not shown (give --llm-price to set it)`,
    );
  }
  const c = ctx.counters;
  const report: LlmReport = {
    provider: provider.name,
    model: provider.model,
    baseUrl: provider.baseUrl,
    promptVariant: options.variant,
    samples,
    llmOnly: options.llmOnly,
    files: files.map((f) => coverage.get(f.path)).filter((x) => x !== undefined),
    requests: { sent: c.sent, cached: c.cached, failed: c.failed, retries: c.retries },
    tokens: { estimatedInput, input: c.inputTokens, output: c.outputTokens },
    cost: {
      ...(price !== undefined ? { price } : {}),
      estimatedMaxUsd,
      actualUsd: ctx.budget.spentUsd(),
      ...(options.maxCostUsd !== undefined ? { maxUsd: options.maxCostUsd } : {}),
    },
    claims: claimTotals,
    notes: [...notes].sort(),
  };
  return { findings, ruleFindings, errors, report };
}
