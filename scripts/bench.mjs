// Benchmark: reviews large generated Python and C/C++ corpora with every rule and prints files/s, MB/s,
// MB/s per core and peak RSS per language. Usage:
//   npm run bench [-- --size 100MB --native-size 30MB --lang all|python|native --jobs 2 --corpus bench/corpus]
// The corpora are generated deterministically (seeded) the first time and reused afterwards.
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
    'native-size': { type: 'string', default: '30MB' },
    lang: { type: 'string', default: 'all' },
    'single-core': { type: 'boolean', default: true },
  },
});
const nativeBytes = parseSize(values['native-size']);
const nativeCorpus = resolve(values.corpus, `native-${String(nativeBytes)}`);
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

const NATIVE_EXT = ['c', 'cpp', 'h', 'cc', 'hpp'];

/**
 * One C or C++ file in the style of system and Qt code: structs, allocation with error paths and cleanup
 * labels, loops over buffers, locks, file I/O, switch statements, macros; classes and templates in C++.
 */
function generateNativeFile(rand, index, ext) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const cpp = ext === 'cpp' || ext === 'cc' || ext === 'hpp';
  const w = () => pick(WORDS);
  const out = [
    `/* generated ${ext} file ${String(index)} */`,
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    '#include <pthread.h>',
    cpp ? '#include <QString>\n#include <vector>' : '#include <unistd.h>',
    `#define MAX_${w().toUpperCase()} ${String(16 + Math.floor(rand() * 4096))}`,
    `#define LOG_PREFIX "[${w()}] "`,
    '',
    `struct ${w()}_${String(index)} { char *name; size_t len; int fd; pthread_mutex_t lock; };`,
    '',
  ];
  const fns = 4 + Math.floor(rand() * 8);
  for (let f = 0; f < fns; f++) {
    const name = `${w()}_${w()}_${String(f)}`;
    const kind = Math.floor(rand() * 6);
    if (kind === 0) {
      out.push(
        `int ${name}(const char *in, size_t n) {`,
        '    char *buf = malloc(n + 1);',
        '    int rc = -1;',
        '    if (buf == NULL)',
        '        return -1;',
        '    memcpy(buf, in, n);',
        "    buf[n] = '\\0';",
        `    if (strlen(buf) > ${String(Math.floor(rand() * 100))})`,
        '        goto out;',
        '    rc = (int)strlen(buf);',
        'out:',
        '    free(buf);',
        '    return rc;',
        '}',
      );
    } else if (kind === 1) {
      out.push(
        `int ${name}(const char *path) {`,
        '    FILE *fp = fopen(path, "r");',
        '    char line[256];',
        '    int count = 0;',
        '    if (!fp)',
        '        return -1;',
        '    while (fgets(line, sizeof line, fp) != NULL) {',
        "        if (line[0] == '#')",
        '            continue;',
        '        count++;',
        '    }',
        '    fclose(fp);',
        '    return count;',
        '}',
      );
    } else if (kind === 2) {
      out.push(
        `void ${name}(int *values, int n, int mode) {`,
        '    for (int i = 0; i < n; i++) {',
        '        switch (mode) {',
        '        case 0:',
        '            values[i] = i * 2;',
        '            break;',
        '        case 1:',
        '            values[i] += i;',
        '            break;',
        '        default:',
        '            values[i] = 0;',
        '        }',
        '    }',
        '}',
      );
    } else if (kind === 3) {
      out.push(
        `int ${name}(pthread_mutex_t *lock, int *counter, int limit) {`,
        '    pthread_mutex_lock(lock);',
        '    if (*counter >= limit) {',
        '        pthread_mutex_unlock(lock);',
        '        return -1;',
        '    }',
        '    (*counter)++;',
        '    pthread_mutex_unlock(lock);',
        '    return 0;',
        '}',
      );
    } else if (kind === 4 && cpp) {
      out.push(
        `template <typename T> class ${w()}${String(f)}Holder {`,
        'public:',
        `    explicit ${w()}${String(f)}Holder(int n) : m_items(n) {}`,
        '    T &at(int i) { return m_items.at(i); }',
        '    QString describe() const { return QStringLiteral("holder %1").arg(m_items.size()); }',
        'private:',
        '    std::vector<T> m_items;',
        '};',
      );
    } else {
      out.push(
        `static const char *${name}(int code) {`,
        '    static char msg[64];',
        `    snprintf(msg, sizeof msg, LOG_PREFIX "${w()} %d", code);`,
        '    return msg;',
        '}',
      );
    }
    out.push('');
  }
  return out.join('\n');
}

function ensureCorpus(dir0, limit, generate, seed) {
  const marker = join(dir0, '.complete');
  if (existsSync(marker)) return;
  rmSync(dir0, { recursive: true, force: true });
  const rand = rng(seed);
  let bytes = 0;
  let i = 0;
  while (bytes < limit) {
    const dir = join(dir0, `pkg${String(Math.floor(i / 200)).padStart(3, '0')}`);
    if (i % 200 === 0) mkdirSync(dir, { recursive: true });
    const [name, text] = generate(rand, i);
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
    i++;
  }
  writeFileSync(marker, '');
}

function corpusSize(corpus) {
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

async function measure(corpus, label, jobsForRun) {
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

console.log(`machine: ${String(availableParallelism())} cores, Node ${process.version}`);
const runs = [];
if (values.lang === 'all' || values.lang === 'python') {
  ensureCorpus(
    corpus,
    targetBytes,
    (rand, i) => [`mod${String(i).padStart(5, '0')}.py`, generateModule(rand, i)],
    20261121,
  );
  runs.push(['Python', corpus]);
}
if (values.lang === 'all' || values.lang === 'native') {
  ensureCorpus(
    nativeCorpus,
    nativeBytes,
    (rand, i) => {
      const ext = NATIVE_EXT[i % NATIVE_EXT.length];
      return [`src${String(i).padStart(5, '0')}.${ext}`, generateNativeFile(rand, i, ext)];
    },
    20261122,
  );
  runs.push(['C/C++', nativeCorpus]);
}
for (const [language, dir] of runs) {
  const { files, bytes } = corpusSize(dir);
  console.log(
    `\n${language} corpus: ${dir}: ${String(files)} files, ${(bytes / 1048576).toFixed(1)} MB`,
  );
  if (values['single-core']) await measure(dir, `${language} single thread`, 1);
  await measure(dir, `${language} ${String(jobs)} workers`, jobs);
}
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS (whole process, all threads): ${peak.toFixed(0)} MB`);
