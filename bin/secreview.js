#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'secreview: the compiled CLI is missing (dist/cli/main.js). Run `npm ci` or `npm run build` in the secreview checkout.\n',
  );
  process.exit(2);
}
await import(entry.href);
