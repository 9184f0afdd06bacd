/**
 * The LLM step as the scan API runs it: read the reviewed files again (as the rules saw them), build the
 * provider from the options and the environment, run the review, and note the model's coverage on each
 * pillar. The library API and every CLI command reach the model through here only.
 */
import { UsageError } from '../core/errors.js';
import type { LlmReport } from '../core/llm.js';
import type { PillarReport, ScannedFile, ScanError } from '../core/result.js';
import { readSource } from '../files/read.js';
import { createAnswerCache, defaultCacheDir } from '../llm/cache.js';
import type { Price } from '../llm/cost.js';
import { createAnthropicProvider } from '../llm/providers/anthropic.js';
import { createOpenAiProvider } from '../llm/providers/openai.js';
import { LlmError, type LlmProvider, type ProviderName } from '../llm/providers/provider.js';
import type { RetryPolicy } from '../llm/retry.js';
import {
  resolvePrice,
  runLlmReview,
  type LlmFileInput,
  type LlmPlan,
  type RuleFinding,
} from '../llm/run.js';
import { DEFAULT_PROMPT_VARIANT, type LineRange, type PromptVariant } from '../llm/types.js';

export interface LlmScanOptions {
  provider: ProviderName;
  model: string;
  /** An OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) or an Anthropic endpoint. */
  baseUrl?: string | undefined;
  /** Prompt variant (default cwe-list). */
  prompt?: PromptVariant | undefined;
  /** Answers per prompt; claims made by a majority are kept (default 1). */
  samples?: number | undefined;
  /** Requests in flight at once (default 4). */
  concurrency?: number | undefined;
  /** Per request (default 120 s). */
  timeoutMs?: number | undefined;
  maxCostUsd?: number | undefined;
  maxFiles?: number | undefined;
  /** USD per million tokens, for a model missing from the price table. */
  price?: Price | undefined;
  /** false: no answer cache; a string: this cache folder; default: the user's cache folder. */
  cache?: boolean | string | undefined;
  /** Report the model's review alone: the rules do not run. */
  llmOnly?: boolean | undefined;
  /** Review mode: changed line ranges (new side) by relative path; files absent from it are not sent. */
  changedLines?: Readonly<Record<string, readonly LineRange[]>> | undefined;
  /** Review mode: the commit message or pull-request description (shown to the model as data). */
  commitMessage?: string | undefined;
  /** Token budget of the code in one prompt; longer files are split (default 6000). */
  partTokens?: number | undefined;
  /** At most this many parts per file (default 12); the rest is listed as not covered. */
  maxParts?: number | undefined;
  /** Answer token limit (default 4096). */
  maxOutputTokens?: number | undefined;
  seed?: number | undefined;
  /** Where API keys, ANTHROPIC_BASE_URL and the cache location come from (default process.env). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Called as files are done, with the dollars spent so far (null when the price is unknown). */
  onProgress?: ((done: number, total: number, spentUsd: number | null) => void) | undefined;
  /** Called once before anything is sent: what goes where, and the estimated cost. */
  onPlan?: ((plan: LlmPlan) => void) | undefined;
  /** For tests: the provider to use instead of building one; the pause between retries; the policy. */
  providerInstance?: LlmProvider | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  retry?: RetryPolicy | undefined;
}

export const LLM_DEFAULTS = {
  samples: 1,
  concurrency: 4,
  timeoutMs: 120_000,
  partTokens: 6000,
  maxParts: 12,
  maxOutputTokens: 4096,
  seed: 1000,
} as const;

/**
 * Checks what can be checked before any file is reviewed (the API key, a price for --max-cost) and builds
 * the provider once: a bad request fails at once, not after the rules ran.
 */
export function prepareLlm(options: LlmScanOptions): LlmScanOptions {
  const providerInstance = createProvider(options);
  resolvePrice(providerInstance.model, options.price, options.maxCostUsd);
  return { ...options, providerInstance };
}

export function createProvider(options: LlmScanOptions): LlmProvider {
  if (options.providerInstance !== undefined) return options.providerInstance;
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? LLM_DEFAULTS.timeoutMs;
  try {
    if (options.provider === 'openai') {
      return createOpenAiProvider({
        model: options.model,
        baseUrl: options.baseUrl ?? nonEmpty(env.OPENAI_BASE_URL),
        apiKey: nonEmpty(env.OPENAI_API_KEY),
        timeoutMs,
      });
    }
    return createAnthropicProvider({
      model: options.model,
      baseUrl: options.baseUrl ?? nonEmpty(env.ANTHROPIC_BASE_URL),
      apiKey: nonEmpty(env.ANTHROPIC_API_KEY),
      timeoutMs,
    });
  } catch (e) {
    // A missing key is the user's to fix before anything is sent.
    if (e instanceof LlmError) throw new UsageError(e.message);
    throw e;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

export interface LlmStepFile {
  file: ScannedFile;
  absPath: string;
}

export interface LlmStepOutput {
  findings: RuleFinding[];
  errors: ScanError[];
  report: LlmReport;
}

/** Reads the files, runs the model review, returns the merged findings (rule findings first). */
export async function runLlmStep(
  files: readonly LlmStepFile[],
  ruleFindings: readonly RuleFinding[],
  maxFileSize: number,
  options: LlmScanOptions,
): Promise<LlmStepOutput> {
  const provider = createProvider(options);
  const env = options.env ?? process.env;
  const inputs: LlmFileInput[] = [];
  const errors: ScanError[] = [];
  for (const { file, absPath } of files) {
    const read = await readSource(absPath, maxFileSize);
    if (!read.ok) {
      errors.push({
        kind: 'llm',
        path: file.path,
        message: `not sent to the model: ${read.detail}`,
      });
      continue;
    }
    const input: LlmFileInput = {
      path: file.path,
      language: file.language,
      source: read.source,
      inTestCode: file.testCode,
    };
    if (options.changedLines !== undefined) {
      input.changedRanges = options.changedLines[file.path] ?? [];
    }
    inputs.push(input);
  }
  const cacheDir =
    options.cache === false
      ? undefined
      : typeof options.cache === 'string'
        ? options.cache
        : defaultCacheDir(env);
  const out = await runLlmReview(inputs, ruleFindings, {
    provider,
    variant: options.prompt ?? DEFAULT_PROMPT_VARIANT,
    samples: options.samples ?? LLM_DEFAULTS.samples,
    concurrency: options.concurrency ?? LLM_DEFAULTS.concurrency,
    llmOnly: options.llmOnly === true,
    maxFiles: options.maxFiles,
    maxCostUsd: options.maxCostUsd,
    price: options.price,
    cache: cacheDir !== undefined ? createAnswerCache(cacheDir) : undefined,
    partTokens: options.partTokens ?? LLM_DEFAULTS.partTokens,
    maxParts: options.maxParts ?? LLM_DEFAULTS.maxParts,
    maxOutputTokens: options.maxOutputTokens ?? LLM_DEFAULTS.maxOutputTokens,
    seed: options.seed ?? LLM_DEFAULTS.seed,
    commitMessage: options.commitMessage,
    retry: options.retry,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    onProgress: options.onProgress,
    onPlan: options.onPlan,
  });
  for (const e of errors) {
    const cov = { path: e.path ?? '', status: 'failed' as const, parts: 0, partsReviewed: 0 };
    out.report.files.push({ ...cov, fromCache: 0, detail: e.message, claims: 0, findings: 0 });
  }
  out.report.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    findings: [...out.ruleFindings, ...out.findings],
    errors: [...errors, ...out.errors],
    report: out.report,
  };
}

/**
 * Says on every pillar what the model covered: each prompt asks about all ten pillars, so a file the
 * model reviewed counts for each of them.
 */
export function notePillarsReviewedByModel(
  pillars: readonly PillarReport[],
  report: LlmReport,
): PillarReport[] {
  const reviewed = report.files.filter((f) => f.status === 'reviewed' || f.status === 'partial');
  const total = report.files.length;
  return pillars.map((p) => {
    const sentence = `The model ${report.model} (${report.provider}) reviewed ${String(reviewed.length)} of ${String(total)} file${total === 1 ? '' : 's'} for this pillar.`;
    const note = report.llmOnly
      ? `Rules did not run (--llm-only). ${sentence}`
      : `${p.note} ${sentence}`;
    return {
      ...p,
      note,
      coverage: p.coverage === 'checked' || reviewed.length > 0 ? 'checked' : 'no-checks',
      model: { name: report.model, files: reviewed.length, of: total },
    };
  });
}
