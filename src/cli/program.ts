import { Command, CommanderError, Option } from 'commander';
import { review, type ChangeSource } from '../api/review.js';
import { scan, type ScanOptions } from '../api/scan.js';
import { allRules } from '../api/rules.js';
import { VERSION } from '../api/version.js';
import { errorMessage, UsageError } from '../core/errors.js';
import type { ScanResult } from '../core/result.js';
import { atLeast, SEVERITIES, type Severity } from '../core/severity.js';
import { describeRule } from '../engine/describe.js';
import { parseSize } from '../files/size.js';
import { FORMATS, render, type Format } from '../reporters/index.js';
import { runBaselineCreate, type BaselineFlags } from './baseline-command.js';
import { applyConfig, noteStaleBaseline } from './config-flags.js';
import { addLlmOptions, llmOptionsFromFlags, type LlmFlags } from './llm-options.js';
import { createProgress } from './progress.js';
import { readInput } from './read-input.js';
import { writeFileAtomic } from './write.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * Flags shared by every command that reviews code (`scan`, `review`): reporting and policy. A new shared
 * option goes into three places next to each other: this interface, addCommonOptions and
 * scanOptionsFromFlags (or reportOptionsFromFlags when it only affects reporting).
 */
export interface CommonFlags {
  format?: string[];
  output?: string[];
  failOn: string;
  minSeverity: string;
  perFile?: boolean;
  tests: string;
  rule?: string[];
  excludeRule?: string[];
  audit?: boolean;
  jobs?: string;
  maxFileSize: string;
  gitignore: boolean;
  exclude?: string[];
  root?: string;
  color?: boolean;
  progress: boolean;
  linkBase?: string;
  gerritLabel: string;
  /** `--config <file>`, or false for `--no-config` (see config-flags.ts for the precedence). */
  config?: string | false;
  baseline?: string;
  inlineSuppressions: boolean;
}

function formatFromPath(path: string): Format | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.sarif') || p.endsWith('.sarif.json')) return 'sarif';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.md') || p.endsWith('.markdown')) return 'markdown';
  if (p.endsWith('.txt')) return 'text';
  return undefined;
}

function parseFormat(f: string): Format {
  const found = FORMATS.find((x) => x === f);
  if (found === undefined) {
    throw new UsageError(`unknown format "${f}"; use one of: ${FORMATS.join(', ')}`);
  }
  return found;
}

function parseSeverity(value: string, flag: string, allowNone: boolean): Severity | 'none' {
  if (allowNone && value === 'none') return 'none';
  const s = SEVERITIES.find((x) => x === value);
  if (s === undefined) {
    const options = [...SEVERITIES, ...(allowNone ? ['none'] : [])].join(', ');
    throw new UsageError(`${flag} takes one of: ${options} (got "${value}")`);
  }
  return s;
}

/** Pairs each --format with the --output at the same position; the rest go to standard output. */
export function planOutputs(
  formats: readonly string[],
  outputs: readonly string[],
): { format: Format; path: string | undefined }[] {
  const plan: { format: Format; path: string | undefined }[] = [];
  const n = Math.max(formats.length, outputs.length, 1);
  for (let i = 0; i < n; i++) {
    const f = formats[i];
    const o = outputs[i];
    const path = o === undefined || o === '-' ? undefined : o;
    let format: Format;
    if (f !== undefined) format = parseFormat(f);
    else if (path !== undefined) {
      const guessed = formatFromPath(path);
      if (guessed === undefined) {
        throw new UsageError(`cannot tell the format of "${path}"; add --format for it`);
      }
      format = guessed;
    } else format = 'text';
    plan.push({ format, path });
  }
  if (plan.filter((p) => p.path === undefined).length > 1) {
    throw new UsageError('only one format can go to standard output; give --output for the others');
  }
  return plan;
}

function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY && process.env.TERM !== 'dumb';
}

/** How a finished result is reported: outputs, colour, the exit-code threshold. */
export interface ReportPlan {
  outputs: { format: Format; path: string | undefined }[];
  failOn: Severity | 'none';
  color: boolean;
  perFile: boolean;
  linkBase: string | undefined;
  gerritLabel: string;
}

/** Validates the reporting flags before any work starts, so a typo fails fast. */
export function reportPlanFromFlags(flags: CommonFlags): ReportPlan {
  return {
    outputs: planOutputs(flags.format ?? [], flags.output ?? []),
    failOn: parseSeverity(flags.failOn, '--fail-on', true),
    color: useColor(flags.color),
    perFile: flags.perFile === true,
    linkBase: flags.linkBase,
    gerritLabel: flags.gerritLabel,
  };
}

/** Turns the shared flags into scan options (everything but the targets). */
export function scanOptionsFromFlags(flags: CommonFlags): Omit<ScanOptions, 'targets'> {
  const threshold = parseSeverity(flags.minSeverity, '--min-severity', false) as Severity;
  if (!['auto', 'strict', 'skip'].includes(flags.tests)) {
    throw new UsageError(`--tests takes auto, strict or skip (got "${flags.tests}")`);
  }
  let jobs: number | undefined;
  if (flags.jobs !== undefined) {
    jobs = Number(flags.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
      throw new UsageError(`--jobs takes a whole number from 1 to 64 (got "${flags.jobs}")`);
    }
  }
  return {
    maxFileSize: parseSize(flags.maxFileSize),
    respectGitignore: flags.gitignore,
    excludes: flags.exclude ?? [],
    tests: flags.tests as 'auto' | 'strict' | 'skip',
    ...(flags.rule !== undefined ? { rules: flags.rule } : {}),
    ...(flags.excludeRule !== undefined ? { excludeRules: flags.excludeRule } : {}),
    audit: flags.audit === true,
    threshold,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(flags.root !== undefined ? { root: flags.root } : {}),
  };
}

/** Writes every report (all rendered before any is written) and returns the exit code. */
export function report(result: ScanResult, plan: ReportPlan): number {
  const finishedAt = new Date().toISOString();
  // Render everything before writing anything, so a failure leaves no partial set of reports.
  const rendered = plan.outputs.map((p) => ({
    ...p,
    text: render(p.format, result, {
      color: p.path === undefined && p.format === 'text' && plan.color,
      perFile: plan.perFile,
      failOn: plan.failOn,
      gerritLabel: plan.gerritLabel,
      finishedAt,
      ...(plan.linkBase !== undefined ? { linkBase: plan.linkBase } : {}),
    }),
  }));
  for (const r of rendered) {
    if (r.path === undefined) process.stdout.write(r.text);
    else writeFileAtomic(r.path, r.text);
  }
  if (result.errors.length > 0) {
    process.stderr.write(
      `secreview: ${String(result.errors.length)} problem(s) occurred during the review; see the Errors section of the report.\n`,
    );
  }
  const failOn = plan.failOn;
  const failing =
    failOn !== 'none' &&
    result.findings.some((f) => f.suppression === undefined && atLeast(f.severity, failOn));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

type ScanFlags = CommonFlags & LlmFlags;

async function runScan(paths: string[], given: ScanFlags, command: Command): Promise<number> {
  const { flags, configured } = applyConfig(given, command, paths);
  const llm = llmOptionsFromFlags(given);
  const options = {
    ...scanOptionsFromFlags(flags),
    ...configured.options,
    ...(llm !== undefined ? { llm } : {}),
  };
  const plan = reportPlanFromFlags(flags);
  const progress = createProgress(process.stderr, flags.progress);
  const result = await scan({
    ...options,
    targets: paths,
    onProgress: (d, t) => {
      progress.update(d, t);
    },
  });
  progress.clear();
  noteStaleBaseline(result, configured);
  return report(result, plan);
}

interface ReviewFlags extends CommonFlags, Omit<LlmFlags, 'progress'> {
  base?: string;
  head?: string;
  staged?: boolean;
  patch?: string;
  context: string;
  messageFile?: string;
}

function changeSourceFromFlags(flags: ReviewFlags, patchText: string | undefined): ChangeSource {
  const chosen = [
    flags.base !== undefined ? '--base' : undefined,
    flags.staged === true ? '--staged' : undefined,
    flags.patch !== undefined ? '--patch' : undefined,
  ].filter((x) => x !== undefined);
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0
        ? 'review needs one of --base <rev>, --staged or --patch <file|->'
        : `review takes only one of ${chosen.join(', ')}`,
    );
  }
  if (flags.head !== undefined && flags.base === undefined) {
    throw new UsageError('--head needs --base (the change is base...head)');
  }
  if (flags.base !== undefined) {
    return {
      kind: 'range',
      base: flags.base,
      ...(flags.head !== undefined ? { head: flags.head } : {}),
    };
  }
  if (flags.staged === true) return { kind: 'staged' };
  return { kind: 'patch', name: flags.patch ?? '-', text: patchText ?? '' };
}

async function runReview(given: ReviewFlags, command: Command): Promise<number> {
  const { flags, configured } = applyConfig(given, command, []);
  const llm = llmOptionsFromFlags(given);
  const options = {
    ...scanOptionsFromFlags(flags),
    ...configured.options,
    ...(llm !== undefined ? { llm } : {}),
  };
  const plan = reportPlanFromFlags(flags);
  const context = Number(flags.context);
  if (!/^\d+$/.test(flags.context) || context > 10_000) {
    throw new UsageError(
      `--context takes a whole number of lines from 0 to 10000 (got "${flags.context}")`,
    );
  }
  // Validate the choice of change before reading any input.
  changeSourceFromFlags(flags, undefined);
  if (flags.patch === '-' && flags.messageFile === '-') {
    throw new UsageError('--patch and --message-file cannot both read standard input');
  }
  const patchText = flags.patch !== undefined ? await readInput(flags.patch, 'patch') : undefined;
  const source = changeSourceFromFlags(flags, patchText);
  const description =
    flags.messageFile !== undefined
      ? await readInput(flags.messageFile, 'message file')
      : undefined;
  const progress = createProgress(process.stderr, flags.progress);
  const result = await review({
    ...options,
    change: source,
    contextLines: context,
    ...(description !== undefined ? { description: description.trim() } : {}),
    onProgress: (d, t) => {
      progress.update(d, t);
    },
  });
  progress.clear();
  return report(result, plan);
}

function listRules(format: string): number {
  const rules = allRules().map((r) => ({
    ...describeRule(r.meta),
    enabledByDefault: r.meta.enabledByDefault,
  }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT_OK;
  }
  if (format !== 'text')
    throw new UsageError(`rules --format takes text or json (got "${format}")`);
  const lines = rules.map(
    (r) =>
      `${r.id.padEnd(42)} CWE-${String(r.cwes[0]).padEnd(5)} pillar CWE-${String(r.pillar)}  ${r.severity.padEnd(7)} ${r.confidence.padEnd(6)} ${r.enabledByDefault ? '' : '(audit) '}${r.title}`,
  );
  process.stdout.write(`${lines.join('\n')}\n${String(rules.length)} rules\n`);
  return EXIT_OK;
}

/** Registers the reporting and policy options shared by `scan` and `review`. */
export function addCommonOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <format...>', `report format: ${FORMATS.join(', ')} (repeatable)`),
    )
    .option(
      '-o, --output <file...>',
      'write the report of the format at the same position to this file',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding at or above this severity is reported (error, warning, note, none)',
      'warning',
    )
    .option(
      '--min-severity <severity>',
      'findings below this severity do not count toward the verdict',
      'note',
    )
    .option('--per-file', 'add a per-file section: language, test code, frameworks, notes')
    .option(
      '--tests <mode>',
      'test code: auto (rule policies), strict (review like production code), skip',
      'auto',
    )
    .option('--rule <id...>', 'run only these rules')
    .option('--exclude-rule <id...>', 'do not run these rules')
    .option('--audit', 'also run audit rules (low-confidence, off by default)')
    .option('-j, --jobs <n>', 'worker threads (default: number of cores, at most 8)')
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 2MB, 512k)', '2MB')
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('--exclude <pattern...>', 'leave out paths matching these gitignore-style patterns')
    .option('--root <dir>', 'report paths relative to this folder')
    .option('--color', 'force coloured text output')
    .option('--no-color', 'never colour text output')
    .option('--no-progress', 'never show the progress line')
    .option(
      '--link-base <url>',
      'markdown links to lines as <url><path>#L<line> (e.g. https://github.com/o/r/blob/<sha>/)',
    )
    .option(
      '--gerrit-label <name>',
      'the label the gerrit format proposes a vote on',
      'Code-Review',
    )
    .option(
      '--config <file>',
      'use this configuration file (default: secreview.config.* found upward)',
    )
    .option('--no-config', 'ignore configuration files')
    .option('--baseline <file>', 'report findings listed in this baseline as suppressed')
    .option('--no-inline-suppressions', 'ignore secreview-ignore comments (for audits)');
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('secreview')
    .description(
      'Security code review organised by the ten CWE-1000 pillars. Nothing leaves the machine without --llm.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const scanCommand = program
    .command('scan')
    .description('review files and folders (default: the current folder)')
    .argument('[paths...]', 'files and folders to review');
  addLlmOptions(addCommonOptions(scanCommand)).action(
    async (paths: string[], flags: ScanFlags, command: Command) => {
      setExit(await runScan(paths, flags, command));
    },
  );

  const reviewCommand = program
    .command('review')
    .description(
      'review a change: only findings on added or modified lines are reported (the files are analysed in full)',
    )
    .option(
      '--base <rev>',
      'review the changes of --head (default HEAD) since its merge base with <rev>',
    )
    .option('--head <rev>', 'the revision under review (with --base; default HEAD)')
    .option('--staged', 'review what is staged for the next commit')
    .option('--patch <file>', 'review a unified diff from a file, or "-" for standard input')
    .option('--context <n>', 'also report findings within n lines of a changed line', '0')
    .option(
      '--message-file <file>',
      'a pull-request description to carry into the report (instead of the commit message; "-" for stdin)',
    );
  addLlmOptions(addCommonOptions(reviewCommand)).action(
    async (flags: ReviewFlags, command: Command) => {
      setExit(await runReview(flags, command));
    },
  );

  const baselineCommand = program
    .command('baseline')
    .description('accept the findings of today so that later reviews report only new ones');
  const createCommand = baselineCommand
    .command('create')
    .description(
      'review like scan and write every finding to a baseline file (-o; default .secreview-baseline.json)',
    )
    .argument('[paths...]', 'files and folders to review')
    .option(
      '--justification <text>',
      'why these findings are accepted (stored with each new entry)',
    );
  addCommonOptions(createCommand).action(
    async (paths: string[], flags: CommonFlags & BaselineFlags, command: Command) => {
      setExit(await runBaselineCreate(paths, flags, command, scanOptionsFromFlags));
    },
  );

  program
    .command('rules')
    .description('list the rules with their CWE, pillar, severity and confidence')
    .option('--format <format>', 'text or json', 'text')
    .action((flags: { format: string }) => {
      setExit(listRules(flags.format));
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; commander already printed the message.
      return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`secreview: ${e.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(
      `secreview: internal error: ${errorMessage(e)}\nThis is a bug; please report it with the command you ran.\n`,
    );
    return EXIT_ERROR;
  }
}
