import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ScanOptions } from '../api/scan.js';
import { ruleCatalog } from '../api/scan-policy.js';
import { parseBaseline, staleEntries, type Baseline } from '../baseline/baseline.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { errorMessage, UsageError } from '../core/errors.js';
import type { ScanResult } from '../core/result.js';

/*
 * Precedence: a flag given on the command line wins over the configuration file, which wins over the
 * defaults. Commander fills in defaults, so a flag counts as given only when its value came from the
 * command line (getOptionValueSource). The configuration is resolved here, in the CLI, and handed to the
 * library as plain options.
 */

/** The flags this module reads (a subset of the shared review flags). */
export interface ConfigFlags {
  failOn: string;
  minSeverity: string;
  tests: string;
  maxFileSize: string;
  gitignore: boolean;
  audit?: boolean;
  /** `--config <file>`, or false for `--no-config`. */
  config?: string | false;
  baseline?: string;
  inlineSuppressions: boolean;
}

/** What the configuration adds to the scan options, and what the CLI needs afterwards. */
export interface Configured {
  options: Pick<ScanOptions, 'rulePolicy' | 'paths' | 'inlineSuppressions' | 'baseline'>;
  config: ResolvedConfig | undefined;
  baseline: { file: string; data: Baseline } | undefined;
}

export function readBaselineFile(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read baseline ${file}: ${errorMessage(e)}`);
  }
  return parseBaseline(text, file);
}

/**
 * Finds and applies the configuration file: returns the flags with every value the user did not give
 * replaced by the configuration's, and the options only a configuration (or these flags) can set.
 */
export function applyConfig<F extends ConfigFlags>(
  flags: F,
  command: Command,
  targets: readonly string[],
  { cwd = process.cwd(), loadBaseline = true }: { cwd?: string; loadBaseline?: boolean } = {},
): { flags: F; configured: Configured } {
  const config =
    flags.config === false
      ? undefined
      : loadConfig({
          cwd,
          targets,
          ...(flags.config !== undefined ? { file: flags.config } : {}),
          catalog: ruleCatalog(),
        });
  const given = (key: string): boolean => command.getOptionValueSource(key) === 'cli';
  const merged: F = { ...flags };
  if (config !== undefined) {
    if (!given('failOn') && config.failOn !== undefined) merged.failOn = config.failOn;
    if (!given('minSeverity') && config.minSeverity !== undefined) {
      merged.minSeverity = config.minSeverity;
    }
    if (!given('tests') && config.tests !== undefined) merged.tests = config.tests;
    if (!given('maxFileSize') && config.maxFileSize !== undefined) {
      merged.maxFileSize = String(config.maxFileSize);
    }
    if (!given('gitignore') && config.gitignore !== undefined) merged.gitignore = config.gitignore;
    if (!given('audit') && config.audit !== undefined) merged.audit = config.audit;
  }
  const inlineSuppressions = given('inlineSuppressions')
    ? flags.inlineSuppressions
    : (config?.inlineSuppressions ?? true);
  const baselineFile = loadBaseline ? (flags.baseline ?? config?.baseline) : undefined;
  const baseline =
    baselineFile === undefined
      ? undefined
      : { file: baselineFile, data: readBaselineFile(baselineFile) };
  return {
    flags: merged,
    configured: {
      options: {
        inlineSuppressions,
        ...(config !== undefined ? { rulePolicy: config.rulePolicy, paths: config.paths } : {}),
        ...(baseline !== undefined ? { baseline: baseline.data } : {}),
      },
      config,
      baseline,
    },
  };
}

/** A note on standard error when baseline entries matched nothing (fixed code, or not reviewed now). */
export function noteStaleBaseline(result: ScanResult, configured: Configured): void {
  const b = configured.baseline;
  if (b === undefined) return;
  const stale = staleEntries(b.data, result.findings).length;
  if (stale === 0) return;
  process.stderr.write(
    `secreview: ${String(stale)} of ${String(b.data.entries.length)} baseline entries in ${b.file} matched no finding (fixed, changed, or not reviewed this time); \`secreview baseline create\` refreshes it.\n`,
  );
}
