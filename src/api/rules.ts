import { UsageError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { AnyRule } from '../engine/rule-api.js';
import { ALL_RULES } from '../rules/index.js';

export interface RuleSelection {
  /** Only these rule ids (plus nothing else). */
  only?: readonly string[];
  /** Turn these off. */
  exclude?: readonly string[];
  /** Also run audit rules, which are off by default. */
  audit?: boolean;
  /** Resolved ids a configuration file turns on (audit rules included) or off; flags win over both. */
  enable?: readonly string[];
  disable?: readonly string[];
}

export function suggestRuleId(unknown: string, known: readonly string[]): string | undefined {
  return closest(unknown, known, (k) => [k.slice(k.indexOf('/') + 1)]);
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
    if (sel.enable?.includes(r.meta.id) === true) return true;
    if (sel.disable?.includes(r.meta.id) === true) return false;
    return r.meta.enabledByDefault || sel.audit === true;
  });
}

export function allRules(): readonly AnyRule[] {
  return ALL_RULES;
}
