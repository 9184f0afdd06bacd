import { Command, CommanderError, Option } from 'commander';
import { scan } from '../api/scan.js';
import { allRules } from '../api/rules.js';
import { VERSION } from '../api/version.js';
import { errorMessage, UsageError } from '../core/errors.js';
import { atLeast, SEVERITIES, type Severity } from '../core/severity.js';
import { describeRule } from '../engine/describe.js';
import { parseSize } from '../files/size.js';
import { FORMATS, render, type Format } from '../reporters/index.js';
import { addLlmOptions, llmOptionsFromFlags, type LlmFlags } from './llm-options.js';
import { createProgress } from './progress.js';
import { writeFileAtomic } from './write.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

interface ScanFlags extends LlmFlags {
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

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const failOn = parseSeverity(flags.failOn, '--fail-on', true);
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
  const plan = planOutputs(flags.format ?? [], flags.output ?? []);
  const llm = llmOptionsFromFlags(flags);
  const progress = createProgress(process.stderr, flags.progress);

  const result = await scan({
    targets: paths,
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
    ...(llm !== undefined ? { llm } : {}),
    onProgress: (d, t) => {
      progress.update(d, t);
    },
  });
  progress.clear();

  const color = useColor(flags.color);
  // Render everything before writing anything, so a failure leaves no partial set of reports.
  const rendered = plan.map((p) => ({
    ...p,
    text: render(p.format, result, {
      color: p.path === undefined && p.format === 'text' && color,
      perFile: flags.perFile === true,
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
  const failing =
    failOn !== 'none' &&
    result.findings.some((f) => f.suppression === undefined && atLeast(f.severity, failOn));
  return failing ? EXIT_FINDINGS : EXIT_OK;
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
    .argument('[paths...]', 'files and folders to review')
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
    .option('--no-progress', 'never show the progress line');
  addLlmOptions(scanCommand).action(async (paths: string[], flags: ScanFlags) => {
    setExit(await runScan(paths, flags));
  });

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
