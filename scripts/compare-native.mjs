// Compares secreview with Cppcheck and Flawfinder on a labelled C/C++ corpus (default bench/native-eval,
// format in its README): per CWE group, bad cases detected, good cases flagged, TPR, FPR, TPR - FPR and
// precision, plus each tool's wall and CPU time and MB/s. Usage:
//   npm run compare [-- --dir bench/native-eval --tools secreview,cppcheck,flawfinder --json out.json
//                       --tolerance 0 --jobs 1 --details all|secreview|none --strict-cwe]
//   npm run compare -- --speed bench/corpus/native-5242880     (timing only, no labels)
// A tool that is not installed is reported as such and skipped. The figures are measured on our own
// corpus, not on the held-out suites of the issue.
import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allRules } from '../dist/index.js';
import {
  buildCorpus,
  CWE_GROUPS,
  groupsOf,
  parseCppcheckXml,
  parseFlawfinderCsv,
  parseLabels,
  parseSecreviewJson,
  scoreTool,
} from '../dist/bench/native-eval.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const NATIVE = new Set(['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh']);

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join(repo, 'bench', 'native-eval') },
    tools: { type: 'string', default: 'secreview,cppcheck,flawfinder' },
    json: { type: 'string' },
    tolerance: { type: 'string', default: '0' },
    jobs: { type: 'string', default: '1' },
    speed: { type: 'string' },
    details: { type: 'string', default: 'secreview' },
    'strict-cwe': { type: 'boolean', default: false },
  },
});

const jobs = Math.max(1, Number(values.jobs) || 1);
const tolerance = Math.max(0, Number(values.tolerance) || 0);

/** The C/C++ files under a folder (sorted, relative POSIX paths) and their total size. */
function nativeFiles(dir) {
  const files = [];
  let bytes = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (NATIVE.has(extname(entry.name).toLowerCase())) {
        files.push(relative(dir, full).split('\\').join('/'));
        bytes += statSync(full).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function installed(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0];
}

// The C/C++ rules a user gets by default: audit rules (off unless --audit) are left out.
const cRuleIds = allRules()
  .filter((r) => r.meta.enabledByDefault)
  .map((r) => r.meta.id)
  .filter((id) => id.startsWith('c/'));

/** Each tool: how to find its version, run it on a folder (cwd = that folder) and read its report. */
const TOOLS = {
  secreview: {
    version: () => installed(process.execPath, [join(repo, 'bin', 'secreview.js'), '--version']),
    run(dir, out) {
      const args = [join(repo, 'bin', 'secreview.js'), 'scan', '.', '--format', 'json'];
      args.push('--output', out, '--fail-on', 'none', '--no-progress', '--no-config');
      args.push('--no-gitignore', '--tests', 'strict', '--max-file-size', '64MB');
      args.push('--jobs', String(jobs), '--rule', ...cRuleIds);
      return { command: process.execPath, args, read: () => readFileSync(out, 'utf8') };
    },
    parse: (text, dir) => parseSecreviewJson(text, dir),
  },
  cppcheck: {
    version: () => installed('cppcheck', ['--version']),
    run(dir, out) {
      const args = ['--xml', '--xml-version=2', '--enable=warning,style,portability,performance'];
      args.push('--library=posix', `-j${String(jobs)}`, '--quiet', `--output-file=${out}`, '.');
      return { command: 'cppcheck', args, read: () => readFileSync(out, 'utf8') };
    },
    parse: (text, dir) => parseCppcheckXml(text, dir),
  },
  flawfinder: {
    version: () => installed('flawfinder', ['--version']),
    run() {
      return { command: 'flawfinder', args: ['--csv', '--quiet', '--dataonly', '.'], read: null };
    },
    parse: (text, dir) => parseFlawfinderCsv(text, dir),
  },
};

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU seconds used by this process's finished children (Linux /proc; undefined elsewhere). The machine
 * may be shared, so CPU time is printed beside wall time: it is what a tool costs, whatever the load.
 */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Runs one tool on a folder: wall time, CPU time, findings (or an error). */
function runTool(name, dir) {
  const tool = TOOLS[name];
  const tmp = mkdtempSync(join(tmpdir(), `compare-${name}-`));
  try {
    const plan = tool.run(dir, join(tmp, 'report'));
    const cpuBefore = childCpuSeconds();
    const started = performance.now();
    const r = spawnSync(plan.command, plan.args, {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = childCpuSeconds();
    const cpu = cpuBefore === undefined || cpuAfter === undefined ? null : cpuAfter - cpuBefore;
    if (r.error) return { seconds, cpu, error: r.error.message };
    if (r.status !== 0 && !(name === 'secreview' && r.status === 1)) {
      const stderr = (r.stderr || '').trim().slice(0, 400);
      return { seconds, cpu, error: `exit ${String(r.status)}: ${stderr}` };
    }
    const text = plan.read === null ? r.stdout : plan.read();
    return { seconds, cpu, findings: tool.parse(text, dir) };
  } catch (error) {
    return { seconds: 0, cpu: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (x) => (x === null || x === undefined ? '   -' : x.toFixed(2).padStart(5));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function printToolTable(name, score) {
  console.log(`\n${name}`);
  console.log(
    `  ${pad('group', 24)} ${lpad('bad', 4)} ${lpad('det', 4)} ${lpad('good', 4)} ${lpad('flag', 4)}` +
      `   TPR    FPR  TPR-FPR  prec  findings`,
  );
  for (const g of [...score.groups, score.overall]) {
    console.log(
      `  ${pad(g.group, 24)} ${lpad(g.bad, 4)} ${lpad(g.detected, 4)} ${lpad(g.good, 4)} ` +
        `${lpad(g.flagged, 4)}  ${fmt(g.tpr)}  ${fmt(g.fpr)}  ${fmt(g.score)}   ${fmt(g.precision)}  ` +
        `${lpad(g.findings, 5)}`,
    );
  }
  console.log(
    `  mean of group scores: ${fmt(score.meanScore).trim()}; findings in no group: ${String(score.unmapped)}`,
  );
}

function printComparison(names, scores, groups) {
  console.log('\nTPR - FPR (precision) per group');
  console.log(`  ${pad('group', 24)} ${names.map((n) => lpad(n, 16)).join('')}`);
  for (const group of [...groups, 'overall', 'mean']) {
    const cells = names.map((n) => {
      const s = scores[n];
      if (group === 'mean') return lpad(fmt(s.meanScore).trim(), 16);
      const g = group === 'overall' ? s.overall : s.groups.find((x) => x.group === group);
      if (!g) return lpad('-', 16);
      return lpad(`${fmt(g.score).trim()} (${fmt(g.precision).trim()})`, 16);
    });
    console.log(`  ${pad(group, 24)} ${cells.join('')}`);
  }
}

/** Misses grouped by the secreview rules that name the flaw's CWE; false positives by the rule that fired. */
function printDetails(name, score) {
  const rulesByCwe = new Map();
  for (const r of allRules()) {
    if (!r.meta.id.startsWith('c/')) continue;
    for (const cwe of r.meta.cwe) rulesByCwe.set(cwe, [...(rulesByCwe.get(cwe) ?? []), r.meta.id]);
  }
  const expected = (c) => {
    if (name !== 'secreview') return c.group;
    const cwes = c.flaws.flatMap((f) => f.cwes);
    const exact = [...new Set(cwes.flatMap((cwe) => rulesByCwe.get(cwe) ?? []))];
    if (exact.length > 0) return exact.sort().join(' / ');
    const inGroup = [...rulesByCwe.entries()]
      .filter(([cwe]) => groupsOf([cwe]).includes(c.group))
      .flatMap(([, ids]) => ids);
    return [...new Set(inGroup)].sort().join(' / ') || `(no ${name} rule for ${c.group})`;
  };
  const byKey = (entries) => {
    const map = new Map();
    for (const [key, text] of entries) map.set(key, [...(map.get(key) ?? []), text]);
    return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  };
  const by = name === 'secreview' ? 'expected rule' : 'group';
  console.log(`\n${name}: bad cases not found (${String(score.misses.length)}), by ${by}`);
  for (const [key, list] of byKey(
    score.misses.map((c) => [
      expected(c),
      `${c.file}:${String(c.flaws[0]?.line ?? c.line)} ${c.function} [${c.group}]`,
    ]),
  )) {
    console.log(`  ${key}`);
    for (const line of list) console.log(`    ${line}`);
  }
  console.log(
    `\n${name}: good cases flagged (${String(score.falsePositives.length)}), by rule that fired`,
  );
  for (const [key, list] of byKey(
    score.falsePositives.flatMap((o) =>
      o.rules.map((rule) => [
        rule,
        `${o.case.file}:${String(o.case.startLine)} ${o.case.function} [${o.case.group}]`,
      ]),
    ),
  )) {
    console.log(`  ${key}`);
    for (const line of list) console.log(`    ${line}`);
  }
  console.log(
    `\n${name}: findings on no flaw line of their group (${String(score.offFlaw.length)}), by rule`,
  );
  for (const [key, list] of byKey(
    score.offFlaw.flatMap((f) =>
      f.rules.map((rule) => [rule, `${f.file}:${String(f.line)} [${f.group}]`]),
    ),
  )) {
    console.log(`  ${key}`);
    for (const line of list) console.log(`    ${line}`);
  }
}

function selectedTools() {
  const names = values.tools
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in TOOLS));
  if (unknown.length > 0) {
    console.error(
      `unknown tool(s): ${unknown.join(', ')} (known: ${Object.keys(TOOLS).join(', ')})`,
    );
    process.exit(2);
  }
  const available = [];
  const versions = {};
  for (const n of names) {
    const version = TOOLS[n].version();
    if (version === undefined) console.log(`${n}: not installed, skipped`);
    else {
      versions[n] = version;
      available.push(n);
    }
  }
  return { available, versions };
}

function timing(name, run, bytes, files) {
  const mb = bytes / 1024 / 1024;
  const mbs = mb / Math.max(run.seconds, 1e-9);
  const cpuMbs = run.cpu ? mb / run.cpu : null;
  const cpu = run.cpu === null ? '     -' : lpad(run.cpu.toFixed(2), 6);
  const outcome = run.error ? `ERROR ${run.error}` : `${String(run.findings.length)} findings`;
  console.log(
    `  ${pad(name, 12)} ${lpad(run.seconds.toFixed(2), 8)} s wall ${lpad(mbs.toFixed(3), 7)} MB/s  ` +
      `${cpu} s cpu ${cpuMbs === null ? '      -' : lpad(cpuMbs.toFixed(3), 7)} MB/s  ` +
      `${lpad(files, 6)} files  ${outcome}`,
  );
  return {
    seconds: run.seconds,
    mbPerSecond: mbs,
    cpuSeconds: run.cpu,
    mbPerCpuSecond: cpuMbs,
    findings: run.findings?.length ?? null,
    error: run.error ?? null,
  };
}

function writeJson(data) {
  if (values.json === undefined) return;
  const target = resolve(values.json);
  const tmp = `${target}.tmp-${String(process.pid)}`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, target);
  console.log(`\nwrote ${values.json}`);
}

function main() {
  const { available, versions } = selectedTools();
  if (values.speed !== undefined) {
    const dir = resolve(values.speed);
    const { files, bytes } = nativeFiles(dir);
    console.log(
      `\nspeed on ${relative(repo, dir) || dir}: ${String(files.length)} files, ` +
        `${(bytes / 1024 / 1024).toFixed(2)} MB, ${String(jobs)} job(s)`,
    );
    const speed = {};
    for (const n of available) speed[n] = timing(n, runTool(n, dir), bytes, files.length);
    writeJson({
      mode: 'speed',
      dir: values.speed,
      files: files.length,
      bytes,
      jobs,
      versions,
      speed,
    });
    return;
  }

  const dir = resolve(values.dir);
  const { files, bytes } = nativeFiles(dir);
  const labels = files.map((f) => parseLabels(f, readFileSync(join(dir, f), 'utf8')));
  const problems = labels.flatMap((l) => l.problems);
  if (problems.length > 0) {
    console.error(`label problems:\n  ${problems.join('\n  ')}`);
    process.exit(2);
  }
  const corpus = buildCorpus(labels);
  console.log(
    `corpus ${relative(repo, dir) || dir}: ${String(files.length)} files, ` +
      `${(bytes / 1024).toFixed(0)} KB, ${String(corpus.bad.length)} bad cases, ` +
      `${String(corpus.good.length)} good cases; tolerance ${String(tolerance)} line(s)`,
  );
  console.log('\ntimes');
  const scores = {};
  const times = {};
  for (const n of available) {
    const run = runTool(n, dir);
    times[n] = timing(n, run, bytes, files.length);
    if (run.error === undefined) {
      scores[n] = scoreTool(corpus, run.findings, {
        tolerance,
        ...(values['strict-cwe'] ? { checkCwes: {} } : {}),
      });
    }
  }
  const scored = Object.keys(scores);
  const groups = CWE_GROUPS.map((g) => g.id).filter((id) =>
    scored.some((n) => scores[n].groups.some((g) => g.group === id && (g.bad > 0 || g.good > 0))),
  );
  for (const n of scored) printToolTable(`${n} (${versions[n]})`, scores[n]);
  if (scored.length > 1) printComparison(scored, scores, groups);
  const detailed = values.details === 'all' ? scored : scored.filter((n) => n === values.details);
  for (const n of detailed) printDetails(n, scores[n]);
  writeJson({
    mode: 'score',
    dir: values.dir,
    files: files.length,
    bytes,
    tolerance,
    strictCwe: values['strict-cwe'],
    jobs,
    cases: { bad: corpus.bad.length, good: corpus.good.length },
    versions,
    times,
    tools: Object.fromEntries(
      scored.map((n) => [
        n,
        {
          groups: scores[n].groups,
          overall: scores[n].overall,
          meanScore: scores[n].meanScore,
          unmapped: scores[n].unmapped,
          misses: scores[n].misses.map((c) => ({
            file: c.file,
            function: c.function,
            group: c.group,
            lines: c.flaws.map((f) => f.line),
          })),
          falsePositives: scores[n].falsePositives.map((o) => ({
            file: o.case.file,
            function: o.case.function,
            group: o.case.group,
            rules: o.rules,
          })),
          offFlaw: scores[n].offFlaw,
        },
      ]),
    ),
  });
}

main();
