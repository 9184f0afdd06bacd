// Profiles the rules on a folder of Python files: time per rule (run alone, minus the shared baseline)
// and the time of all rules together. Usage: npm run build && node scripts/profile-rules.mjs <dir> [maxFiles]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../dist/engine/analyze.js';
import { ALL_RULES } from '../dist/rules/index.js';

const dir = process.argv[2] ?? 'examples';
const max = Number(process.argv[3] ?? 300);
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.py') && files.length < max) files.push(readFileSync(p, 'utf8'));
  }
};
walk(dir);
const mb = files.reduce((a, s) => a + Buffer.byteLength(s), 0) / 1048576;
const run = (rules) => {
  const t = performance.now();
  for (const s of files) analyzeSource('module.py', s, 'python', rules);
  return performance.now() - t;
};
run(ALL_RULES); // warm up
const base = run([]);
const all = run(ALL_RULES);
console.log(`${String(files.length)} files, ${mb.toFixed(2)} MB`);
console.log(
  `no rules: ${base.toFixed(0)} ms; all rules: ${all.toFixed(0)} ms (${(mb / (all / 1000)).toFixed(2)} MB/s)`,
);
const rows = ALL_RULES.map((r) => [r.meta.id, run([r]) - base]).sort((a, b) => b[1] - a[1]);
for (const [id, ms] of rows) console.log(`${ms.toFixed(0).padStart(7)} ms  ${id}`);
