// Writes schema/config.schema.json and schema/baseline.schema.json, the published JSON Schemas of the
// configuration file and the baseline file, from the zod schemas in src/config/schema.ts and
// src/baseline/baseline.ts. Run: npm run gen:config-schema (builds first, so this reads dist/).
// With --check it writes nothing and exits 1 when a committed file is out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baselineJsonSchema } from '../dist/baseline/baseline.js';
import { configJsonSchema } from '../dist/config/schema.js';

const outputs = [
  ['config.schema.json', configJsonSchema()],
  ['baseline.schema.json', baselineJsonSchema()],
];

const check = process.argv.includes('--check');
let stale = false;
mkdirSync(fileURLToPath(new URL('../schema/', import.meta.url)), { recursive: true });
for (const [name, schema] of outputs) {
  const out = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`schema/${name} is out of date: run npm run gen:config-schema`);
      stale = true;
    } else {
      console.log(`schema/${name} is up to date`);
    }
  } else {
    writeFileSync(out, text);
    console.log(`wrote schema/${name}`);
  }
}
if (stale) process.exit(1);
