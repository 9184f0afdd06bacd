import ignore, { type Ignore } from 'ignore';
import { join, relative } from 'node:path';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';

/*
 * The plain data a configuration file resolves to, and the pure functions that apply it. Rule keys are
 * already resolved to full rule ids (selectors such as `pillar:707` or `tag:crypto` are expanded when the
 * file is read), and path patterns are gitignore syntax relative to `PathPolicy.base`.
 */

/** What a configuration says about one rule. */
export interface RuleSetting {
  /** false: do not run / report it; true: run it even if it is an audit rule. */
  enabled?: boolean;
  /** Report its findings at this severity (final: test-code lowering does not apply on top). */
  severity?: Severity;
}

export type RuleSettings = Readonly<Record<string, RuleSetting>>;

export interface RuleOverride {
  /** Gitignore-syntax patterns, relative to the pattern base. */
  files: readonly string[];
  rules: RuleSettings;
}

export interface RulePolicy {
  rules: RuleSettings;
  /** Applied in order to the files they match; a later override wins over an earlier one. */
  overrides: readonly RuleOverride[];
}

export interface PathPolicy {
  /** The absolute folder the patterns are relative to (the configuration file's folder). */
  base: string;
  /** Named in skip details, e.g. `secreview.config.yaml`. */
  source: string;
  /** When not empty, only files matching one of these are reviewed. */
  include: readonly string[];
  exclude: readonly string[];
  /** Files matching these are test code, in addition to what the language recognises. */
  testFiles: readonly string[];
}

/** A gitignore-syntax matcher for paths relative to the pattern base; undefined for no patterns. */
export function patternMatcher(patterns: readonly string[]): Ignore | undefined {
  return patterns.length === 0 ? undefined : ignore().add([...patterns]);
}

/** The path relative to the pattern base, or undefined when it lies outside (patterns do not apply). */
export function relativeToBase(relFromBase: string): string | undefined {
  if (relFromBase === '' || relFromBase.startsWith('../') || relFromBase === '..') return undefined;
  if (relFromBase.startsWith('/')) return undefined;
  return relFromBase;
}

export function matches(m: Ignore | undefined, path: string | undefined): boolean {
  return m !== undefined && path !== undefined && m.ignores(path);
}

/**
 * Rule ids a policy turns on for every file, on somewhere (globally or in an override: they must run), and
 * off for every file.
 */
export function policyToggles(policy: RulePolicy): {
  enableEverywhere: string[];
  enableAnywhere: string[];
  disable: string[];
} {
  const everywhere: string[] = [];
  const anywhere = new Set<string>();
  const disable: string[] = [];
  for (const [id, s] of Object.entries(policy.rules)) {
    if (s.enabled === true) {
      everywhere.push(id);
      anywhere.add(id);
    }
    if (s.enabled === false) disable.push(id);
  }
  for (const o of policy.overrides) {
    for (const [id, s] of Object.entries(o.rules)) if (s.enabled === true) anywhere.add(id);
  }
  return { enableEverywhere: everywhere, enableAnywhere: [...anywhere], disable };
}

/** The policy without its on/off settings (when `--rule` names the rules, only severities apply). */
export function severitiesOnly(policy: RulePolicy): RulePolicy {
  const strip = (rules: RuleSettings): RuleSettings =>
    Object.fromEntries(
      Object.entries(rules).flatMap(([id, s]) =>
        s.severity === undefined ? [] : [[id, { severity: s.severity }]],
      ),
    );
  return {
    rules: strip(policy.rules),
    overrides: policy.overrides.map((o) => ({ files: o.files, rules: strip(o.rules) })),
  };
}

export interface ApplyPolicyOptions {
  /** Rules enabled for every file before overrides (selected by flags, defaults and the top-level rules). */
  enabledEverywhere: ReadonlySet<string>;
  /** Maps a finding's path (relative to the scan root) to its path relative to the pattern base. */
  toBase: (path: string) => string | undefined;
}

/**
 * Applies per-path overrides and severity settings to findings: drops the findings of a rule turned off for
 * that file (as if it had not run there), and sets configured severities. Pure.
 */
export function applyRulePolicy<F extends Pick<Finding, 'ruleId' | 'location' | 'severity'>>(
  findings: readonly F[],
  policy: RulePolicy,
  opts: ApplyPolicyOptions,
): F[] {
  const overrides = policy.overrides.map((o) => ({ m: patternMatcher(o.files), rules: o.rules }));
  const out: F[] = [];
  for (const f of findings) {
    let enabled = opts.enabledEverywhere.has(f.ruleId);
    let severity = policy.rules[f.ruleId]?.severity;
    const rel = overrides.length > 0 ? opts.toBase(f.location.path) : undefined;
    for (const o of overrides) {
      const s = o.rules[f.ruleId];
      if (s === undefined || !matches(o.m, rel)) continue;
      if (s.enabled !== undefined) enabled = s.enabled;
      if (s.severity !== undefined) severity = s.severity;
    }
    if (!enabled) continue;
    out.push(severity === undefined || severity === f.severity ? f : { ...f, severity });
  }
  return out;
}

/**
 * The same policy for a copy of the tree: when a review analyses a revision written to a temporary folder
 * (`copyRoot`) instead of the repository (`root`), patterns keep applying to the same paths.
 */
export function rebasePaths(paths: PathPolicy, root: string, copyRoot: string): PathPolicy {
  if (root === copyRoot) return paths;
  return { ...paths, base: join(copyRoot, relative(root, paths.base)) };
}
