import { UsageError } from '../core/errors.js';
import type { AnyRule } from '../engine/rule-api.js';
import { ALL_RULES } from '../rules/index.js';

export interface RuleSelection {
  /** Only these rule ids (plus nothing else). */
  only?: readonly string[];
  /** Turn these off. */
  exclude?: readonly string[];
  /** Also run audit rules, which are off by default. */
  audit?: boolean;
}

/** Levenshtein distance, for "did you mean" hints on mistyped rule ids. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export function suggestRuleId(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const short = k.slice(k.indexOf('/') + 1);
    const d = Math.min(distance(unknown, k), distance(unknown, short));
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(3, Math.floor(unknown.length / 3)) ? best : undefined;
}

function resolveIds(ids: readonly string[], flag: string): Set<string> {
  const known = ALL_RULES.map((r) => r.meta.id);
  const out = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (known.includes(id)) {
      out.add(id);
      continue;
    }
    // `command-injection` is accepted for `python/command-injection` when unambiguous.
    const bare = known.filter((k) => k.endsWith(`/${id}`));
    if (bare.length >= 1) {
      for (const b of bare) out.add(b);
      continue;
    }
    const hint = suggestRuleId(id, known);
    throw new UsageError(
      `unknown rule id "${id}" in ${flag}${hint !== undefined ? ` (did you mean "${hint}"?)` : ''}; run \`secreview rules\` to list them`,
    );
  }
  return out;
}

/** The rules a run uses, by default every rule that is enabled by default. */
export function selectRules(sel: RuleSelection = {}): AnyRule[] {
  const only =
    sel.only !== undefined && sel.only.length > 0 ? resolveIds(sel.only, '--rule') : undefined;
  const exclude = resolveIds(sel.exclude ?? [], '--exclude-rule');
  return ALL_RULES.filter((r) => {
    if (exclude.has(r.meta.id)) return false;
    if (only !== undefined) return only.has(r.meta.id);
    return r.meta.enabledByDefault || sel.audit === true;
  });
}

export function allRules(): readonly AnyRule[] {
  return ALL_RULES;
}
