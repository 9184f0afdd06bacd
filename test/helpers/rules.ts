import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyRule } from '../../src/engine/rule-api.js';

/**
 * The rules a fixture or meta test covers: all registered rules, or with SECREVIEW_RULE=<id>[,<id>...]
 * only those, loaded straight from their folders (useful while a rule is not yet in the generated index).
 */
export async function rulesUnderTest(): Promise<readonly AnyRule[]> {
  const only = process.env.SECREVIEW_RULE;
  if (only === undefined || only === '') {
    const { ALL_RULES } = await import('../../src/rules/index.js');
    return ALL_RULES;
  }
  const out: AnyRule[] = [];
  for (const id of only.split(',')) {
    const file = join(import.meta.dirname, '..', '..', 'src', 'rules', id.trim(), 'rule.ts');
    const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: AnyRule };
    out.push(mod.default);
  }
  return out;
}
