import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { scan, type ScanOptions } from '../api/scan.js';
import { VERSION } from '../api/version.js';
import {
  createBaseline,
  DEFAULT_BASELINE_FILE,
  renderBaseline,
  type Baseline,
} from '../baseline/baseline.js';
import { UsageError } from '../core/errors.js';
import { applyConfig, readBaselineFile, type ConfigFlags } from './config-flags.js';
import { createProgress } from './progress.js';
import { writeFileAtomic } from './write.js';

export interface BaselineFlags extends ConfigFlags {
  format?: string[];
  output?: string[];
  justification?: string;
  progress: boolean;
}

/**
 * `secreview baseline create [paths...]`: reviews like `scan` and writes every finding not suppressed
 * inline to the baseline file (default: the configuration's `baseline`, else .secreview-baseline.json).
 * Entries already in that file keep their justification and date.
 */
export async function runBaselineCreate<F extends BaselineFlags>(
  paths: string[],
  given: F,
  command: Command,
  toScanOptions: (flags: F) => Omit<ScanOptions, 'targets'>,
): Promise<number> {
  if (given.format !== undefined) {
    throw new UsageError('baseline create writes a JSON baseline; --format does not apply');
  }
  if ((given.output?.length ?? 0) > 1) {
    throw new UsageError('baseline create writes one file: give --output once');
  }
  if (given.baseline !== undefined) {
    throw new UsageError('baseline create takes --output <file>, not --baseline');
  }
  const { flags, configured } = applyConfig(given, command, paths, { loadBaseline: false });
  const output = given.output?.[0] ?? configured.config?.baseline ?? DEFAULT_BASELINE_FILE;
  const previous: Baseline | undefined = existsSync(output) ? readBaselineFile(output) : undefined;

  const progress = createProgress(process.stderr, flags.progress);
  const result = await scan({
    ...toScanOptions(flags),
    ...configured.options,
    targets: paths,
    onProgress: (d, t) => {
      progress.update(d, t);
    },
  });
  progress.clear();

  const baseline = createBaseline(result.findings, {
    toolVersion: VERSION,
    today: new Date().toISOString().slice(0, 10),
    justification: given.justification ?? 'existing finding when the baseline was created',
    ...(previous !== undefined ? { previous } : {}),
  });
  writeFileAtomic(output, renderBaseline(baseline));
  const kept =
    previous === undefined
      ? ''
      : ` (${String(baseline.entries.filter((e) => previous.entries.some((p) => p.fingerprint === e.fingerprint)).length)} kept from the previous baseline)`;
  process.stdout.write(
    `secreview: wrote ${String(baseline.entries.length)} baseline entries to ${output}${kept}.\n`,
  );
  if (result.errors.length > 0) {
    process.stderr.write(
      `secreview: ${String(result.errors.length)} problem(s) occurred during the review; files that failed are not in the baseline.\n`,
    );
  }
  return 0;
}
