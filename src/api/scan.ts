import { availableParallelism } from 'node:os';
import { baselineSuppressor, type Baseline } from '../baseline/baseline.js';
import { applyRulePolicy, type PathPolicy, type RulePolicy } from '../config/policy.js';
import type { Finding } from '../core/finding.js';
import type { ScanError, ScannedFile, ScanResult, SkippedFile } from '../core/result.js';
import type { Severity } from '../core/severity.js';
import { assembleResult } from '../engine/assemble.js';
import type { TestCodeMode } from '../engine/analyze.js';
import { discoverFiles } from '../files/discover.js';
import type { ReadOutcome } from '../files/read.js';
import { languageByPath } from '../languages/index.js';
import {
  notePillarsReviewedByModel,
  prepareLlm,
  runLlmStep,
  type LlmScanOptions,
} from './llm-step.js';
import { runPool, workerUrl } from './pool.js';
import { readTask, reviewRead, type FileOutcome, type FileTask } from './review-file.js';
import { allRules } from './rules.js';
import { pathFilter, rulesWithPolicy } from './scan-policy.js';
import { VERSION } from './version.js';

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export interface ScanOptions {
  /** Files and folders to review. */
  targets: readonly string[];
  /** Where relative targets are resolved; default process.cwd(). */
  cwd?: string;
  /** Paths in the result are relative to this folder (default: cwd, or the targets' common folder). */
  root?: string;
  /** Files larger than this are skipped (bytes; default 2 MiB). */
  maxFileSize?: number;
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
  /** Extra gitignore-syntax patterns to leave out. */
  excludes?: readonly string[];
  /** Worker threads; 1 reviews in this thread. Default: the number of cores, at most 8. */
  jobs?: number;
  /**
   * Test code: 'auto' applies each rule's test policy (skip or lower findings meaningless in tests),
   * 'strict' reviews tests like production code, 'skip' leaves test files out (listed as skipped).
   */
  tests?: TestCodeMode | 'skip';
  /** Rule selection. */
  rules?: readonly string[];
  excludeRules?: readonly string[];
  audit?: boolean;
  /** Findings below this severity are kept but do not count toward the verdict (default 'note'). */
  threshold?: Severity;
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /** Abandon a single file after this long (default 60 s; worker threads only). */
  fileTimeoutMs?: number;
  /** Clock for stats; injectable for deterministic tests. */
  now?: () => number;
  /** Honour `secreview-ignore` comments (default true; false for audits). */
  inlineSuppressions?: boolean;
  /** A loaded baseline: the findings it lists are kept, marked suppressed (kind 'baseline'). */
  baseline?: Baseline;
  /** Rule settings from a configuration file (ids resolved); `rules`/`excludeRules` win over them. */
  rulePolicy?: RulePolicy;
  /** Include, exclude and test-file patterns from a configuration file. */
  paths?: PathPolicy;
  /** Also ask a language model for a review (nothing leaves the machine without it). */
  llm?: LlmScanOptions;
}

/** Below this many files, starting worker threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 16;

/**
 * The library entry point: discover, review, assemble. Throws UsageError for a bad request (a missing
 * path, an unknown rule id); everything that goes wrong with a single file ends up in the result.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const cwd = options.cwd ?? process.cwd();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const llmOptions = options.llm !== undefined ? prepareLlm(options.llm) : undefined;
  const llmOnly = llmOptions?.llmOnly === true;
  const selected = rulesWithPolicy(
    {
      ...(options.rules !== undefined ? { only: options.rules } : {}),
      ...(options.excludeRules !== undefined ? { exclude: options.excludeRules } : {}),
      ...(options.audit !== undefined ? { audit: options.audit } : {}),
    },
    options.rulePolicy,
  );
  const rules = llmOnly ? [] : selected.rules;
  const inlineSuppressions = options.inlineSuppressions ?? true;
  const suppressions = inlineSuppressions
    ? { knownRuleIds: new Set(allRules().map((r) => r.meta.id)) }
    : false;
  const targets = options.targets.length > 0 ? options.targets : ['.'];
  const discovery = await discoverFiles(targets, {
    cwd,
    ...(options.root !== undefined ? { root: options.root } : {}),
    maxFileSize,
    respectGitignore: options.respectGitignore ?? true,
    excludes: options.excludes ?? [],
  });

  const testMode: TestCodeMode = options.tests === 'strict' ? 'strict' : 'auto';
  const skipped: SkippedFile[] = [...discovery.skipped];
  const tasks: FileTask[] = [];
  const filter =
    options.paths === undefined ? undefined : pathFilter(options.paths, discovery.root);
  for (const f of discovery.files) {
    const excluded = filter?.excluded(f.path);
    if (excluded !== undefined) {
      skipped.push(excluded);
      continue;
    }
    const testByConfig = filter?.isTest(f.path) === true;
    if (
      options.tests === 'skip' &&
      (testByConfig || languageByPath(f.path)?.isTestPath(f.path) === true)
    ) {
      skipped.push({
        path: f.path,
        reason: 'test-code-excluded',
        detail: 'test code (--tests skip)',
      });
      continue;
    }
    tasks.push({
      absPath: f.absPath,
      path: f.path,
      language: f.language,
      ...(testByConfig ? { testCode: true } : {}),
    });
  }

  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(tasks.length);
  let done = 0;
  const record = (i: number, o: FileOutcome): void => {
    outcomes[i] = o;
    options.onProgress?.(++done, tasks.length);
  };

  const jobs = Math.max(1, options.jobs ?? Math.min(availableParallelism(), 8));
  const url = workerUrl();
  const useWorkers = jobs > 1 && url !== undefined && tasks.length >= MIN_FILES_FOR_WORKERS;
  if (useWorkers) {
    await runPool(tasks, url, {
      jobs,
      init: { ruleIds: rules.map((r) => r.meta.id), testMode, maxFileSize, inlineSuppressions },
      fileTimeoutMs: options.fileTimeoutMs ?? 60_000,
      onOutcome: record,
    });
  } else {
    // The next file is read while this one is analysed.
    let next: Promise<ReadOutcome> | undefined;
    for (const [i, t] of tasks.entries()) {
      const current = next ?? readTask(t, maxFileSize);
      const after = tasks[i + 1];
      next = after === undefined ? undefined : readTask(after, maxFileSize);
      record(i, reviewRead(t, await current, rules, testMode, suppressions));
    }
  }

  const findings: Omit<Finding, 'fingerprint'>[] = [];
  const scanned: ScannedFile[] = [];
  const errors: ScanError[] = [];
  let bytes = 0;
  for (const [i, o] of outcomes.entries()) {
    if (o === undefined) {
      const path = tasks[i]?.path ?? '?';
      skipped.push({ path, reason: 'analysis-failed', detail: 'no result was produced' });
      errors.push({ kind: 'internal', path, message: 'no result was produced for this file' });
      continue;
    }
    if (o.kind === 'skipped') {
      skipped.push(o.skipped);
      if (o.error !== undefined) errors.push(o.error);
      continue;
    }
    scanned.push(o.analysis.file);
    findings.push(...o.analysis.findings);
    errors.push(...o.analysis.errors);
    bytes += o.analysis.file.bytes;
  }

  const { policy } = selected;
  let kept =
    policy === undefined
      ? findings
      : applyRulePolicy(findings, policy, {
          enabledEverywhere: selected.enabledEverywhere,
          toBase: filter?.toBase ?? ((p) => p),
        });

  let llm: Awaited<ReturnType<typeof runLlmStep>> | undefined;
  if (llmOptions !== undefined) {
    const absPaths = new Map(tasks.map((t) => [t.path, t.absPath]));
    const files = scanned.map((file) => ({ file, absPath: absPaths.get(file.path) ?? file.path }));
    llm = await runLlmStep(files, kept, maxFileSize, llmOptions);
    kept = llm.findings;
    errors.push(...llm.errors);
  }

  // Per-file counts after per-path settings turned findings off and the model added its own.
  const perFile = new Map<string, number>();
  for (const f of kept) perFile.set(f.location.path, (perFile.get(f.location.path) ?? 0) + 1);
  const result = assembleResult({
    target: targets.join(' '),
    threshold: options.threshold ?? 'note',
    findings: kept,
    scanned: scanned.map((f) => ({ ...f, findings: perFile.get(f.path) ?? 0 })),
    skipped,
    errors,
    rules: llmOnly ? [] : selected.metas,
    ...(options.baseline !== undefined ? { suppress: baselineSuppressor(options.baseline) } : {}),
    tool: { version: VERSION },
    stats: {
      durationMs: Math.round(now() - started),
      bytes,
      workers: useWorkers ? Math.min(jobs, tasks.length) : 1,
    },
  });
  if (llm === undefined) return result;
  return {
    ...result,
    pillars: notePillarsReviewedByModel(result.pillars, llm.report),
    llm: llm.report,
  };
}
