// Benchmark: reviews a large generated Python corpus with every rule and prints files/s, MB/s, MB/s per
// core and peak RSS. Usage: npm run bench [-- --size 100MB --jobs 2 --corpus bench/corpus]
// The corpus is generated deterministically (seeded) the first time and reused afterwards.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scan } from '../dist/index.js';
import { parseSize } from '../dist/files/size.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100MB' },
    jobs: { type: 'string' },
    corpus: { type: 'string', default: 'bench/corpus' },
    'single-core': { type: 'boolean', default: true },
  },
});
const targetBytes = parseSize(values.size);
const corpus = resolve(values.corpus, `py-${String(targetBytes)}`);
const jobs = values.jobs !== undefined ? Number(values.jobs) : Math.min(availableParallelism(), 8);

/** Small deterministic PRNG (mulberry32) so every run generates the same corpus. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'user',
  'order',
  'item',
  'account',
  'report',
  'node',
  'volume',
  'image',
  'flavor',
  'server',
  'quota',
  'policy',
  'token',
  'record',
  'batch',
  'event',
  'queue',
  'cache',
  'host',
  'port',
  'network',
];

function generateModule(rand, index) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const name = () => `${pick(WORDS)}_${pick(WORDS)}`;
  const parts = [
    `"""Generated module ${String(index)} for the secreview benchmark."""`,
    'import json',
    'import logging',
    'import os',
    'import subprocess',
    'from collections import defaultdict',
    '',
    'LOG = logging.getLogger(__name__)',
    `LIMIT = ${String(Math.floor(rand() * 1000))}`,
    '',
  ];
  const classes = 2 + Math.floor(rand() * 4);
  for (let c = 0; c < classes; c++) {
    parts.push(
      `class ${pick(WORDS).replace(/^./, (x) => x.toUpperCase())}Manager${String(c)}(object):`,
    );
    parts.push(`    """Keeps ${pick(WORDS)} state for the ${pick(WORDS)} service."""`, '');
    parts.push(
      '    def __init__(self, db, cfg):',
      '        self.db = db',
      '        self.cfg = cfg',
      '        self._cache = defaultdict(list)',
      '',
    );
    const methods = 4 + Math.floor(rand() * 8);
    for (let m = 0; m < methods; m++) {
      const fn = name();
      const v = rand();
      parts.push(`    def ${fn}_${String(m)}(self, ${pick(WORDS)}_id, context=None):`);
      parts.push(`        """Return the ${pick(WORDS)} for an id, loading it when needed."""`);
      parts.push(`        key = "%s:%s" % (self.cfg.prefix, ${pick(WORDS)}_id)`);
      parts.push('        if key in self._cache:', '            return self._cache[key]');
      if (v < 0.04) parts.push(`        self.db.execute("SELECT * FROM t WHERE id = %s" % key)`);
      else if (v < 0.06) parts.push('        os.system("rm -rf /tmp/" + key)');
      else if (v < 0.08)
        parts.push(
          '        try:',
          '            self.db.commit()',
          '        except Exception:',
          '            pass',
        );
      else parts.push('        rows = self.db.execute("SELECT * FROM t WHERE id = ?", (key,))');
      parts.push(
        '        result = []',
        '        for row in rows or []:',
        `            if row.get("${pick(WORDS)}") and len(result) < LIMIT:`,
        '                result.append(json.loads(row["payload"]))',
        `        LOG.debug("loaded %d ${pick(WORDS)}s", len(result))`,
        '        self._cache[key] = result',
        '        return result',
        '',
      );
    }
  }
  parts.push(
    'def main(argv):',
    '    subprocess.run(["echo", argv[0]], check=True)',
    '    return 0',
    '',
  );
  return parts.join('\n');
}

function ensureCorpus() {
  const marker = join(corpus, '.complete');
  if (existsSync(marker)) return;
  rmSync(corpus, { recursive: true, force: true });
  const rand = rng(20261121);
  let bytes = 0;
  let i = 0;
  while (bytes < targetBytes) {
    const dir = join(corpus, `pkg${String(Math.floor(i / 200)).padStart(3, '0')}`);
    if (i % 200 === 0) mkdirSync(dir, { recursive: true });
    const text = generateModule(rand, i);
    writeFileSync(join(dir, `mod${String(i).padStart(5, '0')}.py`), text);
    bytes += Buffer.byteLength(text);
    i++;
  }
  writeFileSync(marker, '');
}

function corpusSize() {
  let files = 0;
  let bytes = 0;
  for (const d of readdirSync(corpus)) {
    const dir = join(corpus, d);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) {
      files++;
      bytes += statSync(join(dir, f)).size;
    }
  }
  return { files, bytes };
}

async function measure(label, jobsForRun) {
  const t0 = performance.now();
  const result = await scan({ targets: [corpus], root: corpus, jobs: jobsForRun });
  const seconds = (performance.now() - t0) / 1000;
  const mb = result.stats.bytes / (1024 * 1024);
  const files = result.files.scanned.length;
  console.log(
    `${label.padEnd(22)} ${String(files).padStart(6)} files  ${mb.toFixed(1).padStart(6)} MB  ` +
      `${seconds.toFixed(2).padStart(6)} s  ${(files / seconds).toFixed(0).padStart(5)} files/s  ` +
      `${(mb / seconds).toFixed(2).padStart(5)} MB/s  ${(mb / seconds / result.stats.workers).toFixed(2)} MB/s per core` +
      `  (${String(result.stats.workers)} worker${result.stats.workers === 1 ? '' : 's'}, ${String(result.findings.length)} findings, ${String(result.errors.length)} errors, ${String(result.files.skipped.length)} skipped)`,
  );
  return result;
}

ensureCorpus();
const { files, bytes } = corpusSize();
console.log(`corpus: ${corpus}: ${String(files)} Python files, ${(bytes / 1048576).toFixed(1)} MB`);
console.log(`machine: ${String(availableParallelism())} cores, Node ${process.version}`);
if (values['single-core']) await measure('single thread', 1);
await measure(`${String(jobs)} worker threads`, jobs);
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS (whole process, all threads): ${peak.toFixed(0)} MB`);
