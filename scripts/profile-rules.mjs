// Profiles the rules on a folder of Python or C/C++ files: time per rule (run alone, minus the shared
// baseline) and the time of all rules together. The rules are those of the language of the first file found.
// Usage: npm run build && node scripts/profile-rules.mjs <dir> [maxFiles]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../dist/engine/analyze.js';
import { ALL_RULES } from '../dist/rules/index.js';

const LANGUAGES = { py: 'python', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp' };
const languageOf = (name) => LANGUAGES[name.slice(name.lastIndexOf('.') + 1)];

const dir = process.argv[2] ?? 'examples';
const max = Number(process.argv[3] ?? 300);
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (languageOf(name) !== undefined && files.length < max)
      files.push({ name, language: languageOf(name), text: readFileSync(p, 'utf8') });
  }
};
walk(dir);
const pack = files[0]?.language === 'python' ? 'python' : 'c';
const packOf = (language) => (language === 'python' ? 'python' : 'c');
files.splice(0, files.length, ...files.filter((f) => packOf(f.language) === pack));
const mb = files.reduce((a, f) => a + Buffer.byteLength(f.text), 0) / 1048576;
const rules = ALL_RULES.filter((r) => r.meta.language === pack);
const run = (rules) => {
  const t = performance.now();
  for (const f of files) analyzeSource(f.name, f.text, f.language, rules);
  return performance.now() - t;
};
run(rules); // warm up
const base = run([]);
const all = run(rules);
console.log(`${String(files.length)} files, ${mb.toFixed(2)} MB`);
console.log(
  `no rules: ${base.toFixed(0)} ms; all rules: ${all.toFixed(0)} ms (${(mb / (all / 1000)).toFixed(2)} MB/s)`,
);
const rows = rules.map((r) => [r.meta.id, run([r]) - base]).sort((a, b) => b[1] - a[1]);
for (const [id, ms] of rows) console.log(`${ms.toFixed(0).padStart(7)} ms  ${id}`);
