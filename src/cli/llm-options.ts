/**
 * The --llm flags, shared by every command that reviews code: `addLlmOptions(command)` declares them and
 * `llmOptionsFromFlags(flags)` turns the parsed flags into the scan API's `llm` option (undefined without
 * --llm: then nothing leaves the machine).
 */
import { Option, type Command } from 'commander';
import type { LlmScanOptions } from '../api/llm-step.js';
import { UsageError } from '../core/errors.js';
import { formatUsd, parsePrice } from '../llm/cost.js';
import { PROVIDER_NAMES, type ProviderName } from '../llm/providers/provider.js';
import { PROMPT_VARIANTS, type PromptVariant } from '../llm/types.js';
import { createLlmProgress } from './llm-progress.js';

export interface LlmFlags {
  llm?: string;
  model?: string;
  baseUrl?: string;
  prompt?: string;
  samples?: string;
  maxCost?: string;
  maxFiles?: string;
  llmPrice?: string;
  llmConcurrency?: string;
  llmTimeout?: string;
  llmCacheDir?: string;
  /** commander's --no-cache: true unless given. */
  cache?: boolean;
  llmOnly?: boolean;
  /** The command's --no-progress. */
  progress?: boolean;
}

export function addLlmOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--llm <provider>', 'also ask a language model for a review').choices([
        ...PROVIDER_NAMES,
      ]),
    )
    .option('--model <name>', 'the model to ask (e.g. gpt-4.1, claude-sonnet-4-5, qwen2.5-coder)')
    .option(
      '--base-url <url>',
      'an OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) or Anthropic endpoint',
    )
    .addOption(
      new Option('--prompt <variant>', 'prompt variant (default cwe-list)').choices([
        ...PROMPT_VARIANTS,
      ]),
    )
    .option('--samples <k>', 'ask K times and keep the claims a majority made (default 1)')
    .option('--max-cost <usd>', 'stop sending once the next request could take the cost past this')
    .option('--max-files <n>', 'send at most this many files to the model')
    .option('--llm-price <in,out>', 'USD per million input and output tokens, for unlisted models')
    .option('--llm-concurrency <n>', 'requests in flight at once (default 4)')
    .option('--llm-timeout <seconds>', 'give up on one request after this long (default 120)')
    .option('--llm-cache-dir <dir>', 'answer cache folder (default: $XDG_CACHE_HOME/secreview/llm)')
    .option('--no-cache', 'neither read nor write the answer cache')
    .option('--llm-only', "report the model's review alone (the rules do not run)");
}

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${flag} takes a whole number from ${String(min)} to ${String(max)} (got "${value}")`,
    );
  }
  return n;
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${flag} takes a positive number (got "${value}")`);
  }
  return n;
}

const NEEDS_LLM: readonly [keyof LlmFlags, string][] = [
  ['model', '--model'],
  ['baseUrl', '--base-url'],
  ['prompt', '--prompt'],
  ['samples', '--samples'],
  ['maxCost', '--max-cost'],
  ['maxFiles', '--max-files'],
  ['llmPrice', '--llm-price'],
  ['llmConcurrency', '--llm-concurrency'],
  ['llmTimeout', '--llm-timeout'],
  ['llmCacheDir', '--llm-cache-dir'],
  ['llmOnly', '--llm-only'],
];

export interface LlmCliContext {
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the progress bar goes (an interactive stderr). */
  stderr?: NodeJS.WriteStream;
}

/** The scan API's `llm` option from the flags; undefined without --llm. Throws UsageError. */
export function llmOptionsFromFlags(
  flags: LlmFlags,
  context: LlmCliContext = {},
): LlmScanOptions | undefined {
  if (flags.llm === undefined) {
    const stray = NEEDS_LLM.find(([key]) => flags[key] !== undefined);
    if (stray !== undefined)
      throw new UsageError(`${stray[1]} needs --llm openai or --llm anthropic`);
    if (flags.cache === false) throw new UsageError('--no-cache needs --llm');
    return undefined;
  }
  const provider = PROVIDER_NAMES.find((p) => p === flags.llm);
  if (provider === undefined) {
    throw new UsageError(`--llm takes ${PROVIDER_NAMES.join(' or ')} (got "${flags.llm}")`);
  }
  if (flags.model === undefined || flags.model.trim() === '') {
    throw new UsageError(`--llm ${provider} needs --model <name>`);
  }
  let prompt: PromptVariant | undefined;
  if (flags.prompt !== undefined) {
    prompt = PROMPT_VARIANTS.find((v) => v === flags.prompt);
    if (prompt === undefined) {
      throw new UsageError(`--prompt takes one of: ${PROMPT_VARIANTS.join(', ')}`);
    }
  }
  if (flags.baseUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(flags.baseUrl)) {
    throw new UsageError(`--base-url takes an http(s) URL (got "${flags.baseUrl}")`);
  }
  let price;
  if (flags.llmPrice !== undefined) {
    price = parsePrice(flags.llmPrice);
    if (price === undefined) {
      throw new UsageError(
        `--llm-price takes "<input>,<output>" in USD per million tokens, e.g. 3,15 (got "${flags.llmPrice}")`,
      );
    }
  }
  const options: LlmScanOptions = {
    provider: provider satisfies ProviderName,
    model: flags.model.trim(),
    baseUrl: flags.baseUrl,
    prompt,
    price,
    llmOnly: flags.llmOnly === true,
    cache: flags.cache === false ? false : (flags.llmCacheDir ?? true),
    env: context.env ?? process.env,
  };
  if (flags.samples !== undefined) options.samples = wholeNumber(flags.samples, '--samples', 1, 15);
  if (flags.maxCost !== undefined) options.maxCostUsd = positive(flags.maxCost, '--max-cost');
  if (flags.maxFiles !== undefined) {
    options.maxFiles = wholeNumber(flags.maxFiles, '--max-files', 1, 1_000_000);
  }
  if (flags.llmConcurrency !== undefined) {
    options.concurrency = wholeNumber(flags.llmConcurrency, '--llm-concurrency', 1, 64);
  }
  if (flags.llmTimeout !== undefined) {
    options.timeoutMs = Math.round(positive(flags.llmTimeout, '--llm-timeout') * 1000);
  }
  const stderr = context.stderr ?? process.stderr;
  const bar = createLlmProgress(stderr, flags.progress !== false);
  options.onPlan = (plan) => {
    const cost =
      plan.estimatedMaxUsd === null
        ? 'price unknown'
        : `at most ${formatUsd(plan.estimatedMaxUsd)}`;
    stderr.write(
      `secreview: sending ${String(plan.files)} file(s) in ${String(plan.requests)} request(s) to ${plan.provider} ${plan.model} at ${plan.baseUrl} (about ${String(plan.estimatedInputTokens)} input tokens, ${cost}; cached answers are not sent)\n`,
    );
  };
  options.onProgress = (done, total, spent) => {
    bar.update(done, total, spent);
  };
  return options;
}
