// Benchmark: reviews large generated Python and C/C++ corpora with every rule and prints files/s, MB/s,
// MB/s per core and peak RSS per language. Usage:
//   npm run bench [-- --size 100MB --native-size 30MB --lang all|python|native --jobs 2 --corpus bench/corpus]
// The corpora are generated deterministically (seeded) the first time and reused afterwards.
// Last, it prints the dataflow engine's share of the review time (see dataflowShare at the end).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { allRules, scan } from '../dist/index.js';
import { analyzeSource } from '../dist/engine/analyze.js';
import { isTaintRule } from '../dist/engine/dataflow/rule.js';
import { pythonTaintFindings } from '../dist/engine/dataflow/python.js';
import { ensureGrammars } from '../dist/languages/grammar.js';
import { preparePython, pythonAdapter } from '../dist/languages/python/adapter.js';
import { PYTHON_TAINT_SPEC } from '../dist/languages/python/taint/index.js';
import { parse } from '@ast-grep/napi';
import { noteParsed } from '../dist/api/native-memory.js';
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
// Measured after the peak RSS line: these in-thread passes parse every file twice. Python only.
if (values.lang !== 'native') await dataflowShare();

// ---------------------------------------------------------------------------------------------------
// The dataflow engine's share: the same files reviewed on this thread with every default rule, then
// without the dataflow rules; the difference is the time the engine costs (lowering + analysis). The
// generated corpus above has no untrusted input, so a second, smaller corpus of web handlers (Flask
// routes passing request data through helpers, classes and containers to sinks) shows the engine at work.

function generateWebModule(rand, index) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const parts = [
    `"""Generated web module ${String(index)} for the secreview dataflow benchmark."""`,
    'import os',
    'import sqlite3',
    'import subprocess',
    'from flask import Flask, request, redirect',
    '',
    'app = Flask(__name__)',
    'ALLOWED = {"asc", "desc"}',
    '',
    'def build_query(table, column, value):',
    '    sql = "SELECT * FROM %s WHERE %s = \'%s\'" % (table, column, value)',
    '    return sql.strip()',
    '',
    'class Store(object):',
    '    def __init__(self, path):',
    '        self.conn = sqlite3.connect(path)',
    '        self.last = None',
    '',
    '    def find(self, column, value):',
    '        self.last = value',
    '        return self.conn.execute(build_query("items", column, value)).fetchall()',
    '',
    '    def find_safe(self, value):',
    '        return self.conn.execute("SELECT * FROM items WHERE v = ?", (value,)).fetchall()',
    '',
  ];
  const routes = 6 + Math.floor(rand() * 10);
  for (let r = 0; r < routes; r++) {
    const word = pick(WORDS);
    const v = rand();
    parts.push(`@app.route("/${word}/${String(r)}")`, `def ${word}_${String(r)}():`);
    parts.push(`    value = request.args.get("${word}", "")`, '    store = Store("db.sqlite")');
    parts.push(
      '    items = []',
      '    for i in range(3):',
      '        items.append(value.upper() + str(i))',
    );
    parts.push(
      '    order = request.args.get("order", "asc")',
      '    if order not in ALLOWED:',
      '        order = "asc"',
    );
    if (v < 0.25) parts.push(`    rows = store.find("${word}", items[0])`);
    else if (v < 0.5) parts.push('    rows = store.find_safe(value)');
    else if (v < 0.7)
      parts.push('    subprocess.run(["ls", "-l", value], check=False)', '    rows = []');
    else if (v < 0.8) parts.push('    os.system("echo " + order)', '    rows = []');
    else parts.push('    rows = [dict(name=value)]', '    return redirect("/items?o=" + order)');
    parts.push('    return {"rows": len(rows), "order": order}', '');
  }
  return parts.join('\n');
}

function webCorpus(bytesWanted) {
  const rand = rng(424242);
  const files = [];
  let bytes = 0;
  for (let i = 0; bytes < bytesWanted; i++) {
    const text = generateWebModule(rand, i);
    files.push({ path: `web/mod${String(i).padStart(4, '0')}.py`, text });
    bytes += Buffer.byteLength(text);
  }
  return files;
}

function firstCorpusFiles(bytesWanted) {
  const out = [];
  let bytes = 0;
  for (const d of readdirSync(corpus).sort()) {
    const dir = join(corpus, d);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, f), 'utf8');
      out.push({ path: `${d}/${f}`, text });
      bytes += Buffer.byteLength(text);
      if (bytes >= bytesWanted) return out;
    }
  }
  return out;
}

/**
 * Per file: the review with every default rule (timed), then, on a fresh parse whose call index is
 * already built (other rules build it anyway), the dataflow analysis alone (timed): source prefilter,
 * lowering and analysis for the Python taint spec. Interleaved per file, so load changes on a shared
 * machine affect both figures alike.
 */
function measureShare(files, rules) {
  let total = 0;
  let dataflow = 0;
  let findings = 0;
  let analysed = 0;
  for (const f of files) {
    let t0 = performance.now();
    findings += analyzeSource(f.path, f.text, 'python', rules).findings.length;
    total += performance.now() - t0;
    const root = parse(pythonAdapter.grammar, f.text).root();
    const { ctx } = preparePython(root, f.text, f.path);
    ctx.allCalls();
    t0 = performance.now();
    const found = pythonTaintFindings(ctx, PYTHON_TAINT_SPEC);
    dataflow += performance.now() - t0;
    if (found.length > 0) analysed++;
    noteParsed(2 * Buffer.byteLength(f.text)); // parse trees live in native memory: collect regularly
  }
  return { total: total / 1000, dataflow: dataflow / 1000, findings, analysed };
}

async function dataflowShare() {
  ensureGrammars();
  const rules = allRules().filter((r) => r.meta.enabledByDefault);
  const taintCount = rules.filter((r) => isTaintRule(r)).length;
  for (const [label, files] of [
    ['generated corpus (10 MB)', firstCorpusFiles(10 * 1048576)],
    ['web handlers (3 MB)', webCorpus(3 * 1048576)],
  ]) {
    const mb = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0) / 1048576;
    measureShare(files.slice(0, 10), rules); // warm up
    const m = measureShare(files, rules);
    console.log(
      `dataflow share, ${label}: ${mb.toFixed(1)} MB, ${String(files.length)} files; ` +
        `all ${String(rules.length)} rules ${m.total.toFixed(2)} s (${(mb / m.total).toFixed(2)} MB/s, ` +
        `${String(m.findings)} findings); the ${String(taintCount)} dataflow rules' engine ` +
        `${m.dataflow.toFixed(2)} s = ${((100 * m.dataflow) / m.total).toFixed(1)}% of that ` +
        `(${String(m.analysed)} files with dataflow findings)`,
    );
  }
}
