import { join, relative } from 'node:path';
import type { SkippedFile } from '../core/result.js';
import type { RuleMeta } from '../core/rule-meta.js';
import {
  matches,
  patternMatcher,
  policyToggles,
  relativeToBase,
  severitiesOnly,
  type PathPolicy,
  type RulePolicy,
} from '../config/policy.js';
import type { RuleCatalogEntry } from '../config/resolve.js';
import { rulePillar } from '../engine/describe.js';
import type { AnyRule } from '../engine/rule-api.js';
import { SUPPRESSION_RULE_IDS } from '../engine/suppressions.js';
import { allRules, selectRules, type RuleSelection } from './rules.js';

/*
 * Where a configuration's plain data meets a scan: which rules run, which discovered files are left out or
 * count as test code. Flags win: `--rule` names exactly the rules that run (the configuration then only sets
 * severities), `--exclude-rule` always turns a rule off.
 */

const BUILTIN_IDS: readonly string[] = Object.values(SUPPRESSION_RULE_IDS);

export interface PolicyRules {
  /** The rules to run on every file (some may report only where an override turns them on). */
  rules: AnyRule[];
  /** Rules on for every file before per-path overrides, built-in suppression checks included. */
  enabledEverywhere: Set<string>;
  /** The policy to apply to findings; undefined when there is nothing to apply. */
  policy: RulePolicy | undefined;
  /** Rule metadata as the result describes it (top-level severity settings applied). */
  metas: RuleMeta[];
}

export function rulesWithPolicy(sel: RuleSelection, given: RulePolicy | undefined): PolicyRules {
  const cliOnly = sel.only !== undefined && sel.only.length > 0;
  const policy = given === undefined ? undefined : cliOnly ? severitiesOnly(given) : given;
  const toggles =
    policy === undefined
      ? { enableEverywhere: [], enableAnywhere: [], disable: [] }
      : policyToggles(policy);
  const registered = (ids: readonly string[]): string[] =>
    ids.filter((id) => !BUILTIN_IDS.includes(id));
  const base: RuleSelection = { ...sel, disable: registered(toggles.disable) };
  const rules = selectRules({ ...base, enable: registered(toggles.enableAnywhere) });
  const everywhere = selectRules({ ...base, enable: registered(toggles.enableEverywhere) });
  const enabledEverywhere = new Set(everywhere.map((r) => r.meta.id));
  for (const id of BUILTIN_IDS) if (!toggles.disable.includes(id)) enabledEverywhere.add(id);
  const metas = rules.map((r) => {
    const severity = policy?.rules[r.meta.id]?.severity;
    return severity === undefined ? r.meta : { ...r.meta, severity };
  });
  return { rules, enabledEverywhere, policy, metas };
}

/** Every rule id a configuration may name: the registry and the built-in checks on suppressions. */
export function ruleCatalog(): RuleCatalogEntry[] {
  return [
    ...allRules().map((r) => ({ id: r.meta.id, pillar: rulePillar(r.meta), tags: r.meta.tags })),
    ...BUILTIN_IDS.map((id) => ({ id, pillar: 710 as const, tags: ['suppression'] })),
  ];
}

export interface PathFilter {
  /** A path relative to the scan root, relative to the configuration's folder (undefined: outside). */
  toBase: (path: string) => string | undefined;
  /** Why a file is left out by the configuration, or undefined to review it. */
  excluded: (path: string) => SkippedFile | undefined;
  isTest: (path: string) => boolean;
}

export function pathFilter(paths: PathPolicy, root: string): PathFilter {
  const include = patternMatcher(paths.include);
  const exclude = patternMatcher(paths.exclude);
  const tests = patternMatcher(paths.testFiles);
  const toBase = (path: string): string | undefined =>
    relativeToBase(relative(paths.base, join(root, path)).split('\\').join('/'));
  return {
    toBase,
    excluded: (path) => {
      const rel = toBase(path);
      if (matches(exclude, rel)) {
        return { path, reason: 'ignored', detail: `excluded by ${paths.source}` };
      }
      if (include !== undefined && rel !== undefined && !include.ignores(rel)) {
        return {
          path,
          reason: 'ignored',
          detail: `not matched by the include patterns of ${paths.source}`,
        };
      }
      return undefined;
    },
    isTest: (path) => matches(tests, toBase(path)),
  };
}
