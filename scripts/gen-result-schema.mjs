// Writes schema/result.schema.json, the published JSON Schema of the JSON report, from the zod schema in
// src/core/result-schema.ts. Run: npm run gen:schema (builds first, so this reads dist/).
// With --check it writes nothing and exits 1 when the committed file is out of date.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resultJsonSchema } from '../dist/core/result-schema.js';

const out = fileURLToPath(new URL('../schema/result.schema.json', import.meta.url));
const text = `${JSON.stringify(resultJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error('schema/result.schema.json is out of date: run npm run gen:schema');
    process.exit(1);
  }
  console.log('schema/result.schema.json is up to date');
} else {
  mkdirSync(fileURLToPath(new URL('../schema/', import.meta.url)), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out.slice(out.lastIndexOf('schema/'))}`);
}
