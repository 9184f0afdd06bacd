// Generated documentation stays true: docs/RULES.md is what the generator makes from the built rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

it('docs/RULES.md is up to date (npm run gen:docs)', async () => {
  const root = join(import.meta.dirname, '..');
  const script = pathToFileURL(join(root, 'scripts', 'gen-rules-doc.mjs')).href;
  const { renderRulesDoc } = (await import(/* @vite-ignore */ script)) as {
    renderRulesDoc: () => string;
  };
  expect(readFileSync(join(root, 'docs', 'RULES.md'), 'utf8')).toBe(renderRulesDoc());
});
