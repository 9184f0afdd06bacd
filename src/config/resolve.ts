import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { errorMessage, UsageError } from '../core/errors.js';
import { PILLARS, type PillarId } from '../core/pillars.js';
import type { Severity } from '../core/severity.js';
import { closest } from '../core/suggest.js';
import { parseSize } from '../files/size.js';
import { ConfigSyntaxError, parseConfigText, syntaxOf, type KeyPath } from './parse.js';
import type { PathPolicy, RulePolicy, RuleSetting, RuleSettings } from './policy.js';
import {
  configSchema,
  OVERRIDE_KEYS,
  TOP_LEVEL_KEYS,
  type ConfigFile,
  type RuleValue,
} from './schema.js';

/** What a configuration needs to know about each rule to resolve ids, pillars and tags. */
export interface RuleCatalogEntry {
  id: string;
  pillar: PillarId;
  tags: readonly string[];
}

/** A configuration file resolved to plain options; absent fields leave the defaults (or flags) alone. */
export interface ResolvedConfig {
  /** The file, absolute. */
  file: string;
  failOn?: Severity | 'none';
  minSeverity?: Severity;
  tests?: 'auto' | 'strict' | 'skip';
  maxFileSize?: number;
  inlineSuppressions?: boolean;
  /** Absolute path of the baseline file. */
  baseline?: string;
  audit?: boolean;
  gitignore?: boolean;
  paths: PathPolicy;
  rulePolicy: RulePolicy;
}

/** A configuration problem; the message names the file, the line and the key path. */
export class ConfigError extends UsageError {}

interface Problem {
  path: KeyPath;
  message: string;
}

/** `overrides[0].rules["python/x"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${String(seg)}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(top level)' : out;
}

function zodProblems(error: z.ZodError): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known =
        issue.path.length === 0
          ? TOP_LEVEL_KEYS
          : issue.path[0] === 'overrides'
            ? OVERRIDE_KEYS
            : [];
      for (const key of issue.keys) {
        const hint = closest(key, known);
        out.push({
          path: [...(issue.path as KeyPath), key],
          message: `unknown key${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`,
        });
      }
      continue;
    }
    out.push({ path: issue.path as KeyPath, message: issue.message });
  }
  return out;
}

const RANK = { pillar: 0, tag: 1, rule: 2 } as const;

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The rule ids a key selects and how specific it is, or a problem. */
function select(
  key: string,
  catalog: readonly RuleCatalogEntry[],
): { ids: string[]; rank: number } | string {
  const ids = catalog.map((r) => r.id);
  const colon = key.indexOf(':');
  if (colon >= 0) {
    const kind = key.slice(0, colon).trim().toLowerCase();
    const value = key.slice(colon + 1).trim();
    if (kind === 'pillar') {
      const num = /^(?:cwe-)?(\d+)$/i.exec(value)?.[1];
      const pillar = PILLARS.find((p) =>
        num !== undefined ? String(p.id) === num : slug(p.name) === slug(value),
      );
      if (pillar === undefined) {
        return `unknown pillar "${value}"; pillars are ${PILLARS.map((p) => String(p.id)).join(', ')} (or their names)`;
      }
      return {
        ids: catalog.filter((r) => r.pillar === pillar.id).map((r) => r.id),
        rank: RANK.pillar,
      };
    }
    if (kind === 'tag') {
      const tags = [...new Set(catalog.flatMap((r) => r.tags))].sort();
      if (!tags.includes(value)) {
        const hint = closest(value, tags);
        return `no rule has the tag "${value}"${hint === undefined ? '' : ` (did you mean "tag:${hint}"?)`}`;
      }
      return {
        ids: catalog.filter((r) => r.tags.includes(value)).map((r) => r.id),
        rank: RANK.tag,
      };
    }
    return `unknown selector "${key}": use a rule id, pillar:<id or name> or tag:<tag>`;
  }
  if (ids.includes(key)) return { ids: [key], rank: RANK.rule };
  const bare = ids.filter((id) => id.endsWith(`/${key}`));
  if (bare.length > 0) return { ids: bare, rank: RANK.rule };
  const hint = closest(key, ids, (k) => [k.slice(k.indexOf('/') + 1)]);
  return `unknown rule id${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; run \`secreview rules\` to list them`;
}

function settingOf(value: RuleValue, rank: number): RuleSetting {
  if (value === 'off') return { enabled: false };
  if (value === 'on') return { enabled: true };
  // A severity for a named rule turns it on; for a whole pillar or tag it only sets the severity.
  return rank === RANK.rule ? { enabled: true, severity: value } : { severity: value };
}

function resolveRules(
  map: Readonly<Record<string, RuleValue>>,
  at: KeyPath,
  catalog: readonly RuleCatalogEntry[],
  problems: Problem[],
): RuleSettings {
  const picked: { ids: string[]; rank: number; value: RuleValue; order: number }[] = [];
  Object.entries(map).forEach(([key, value], order) => {
    const sel = select(key, catalog);
    if (typeof sel === 'string') problems.push({ path: [...at, key], message: sel });
    else picked.push({ ...sel, value, order });
  });
  picked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const out: Record<string, RuleSetting> = {};
  for (const p of picked) {
    for (const id of p.ids) out[id] = { ...out[id], ...settingOf(p.value, p.rank) };
  }
  return out;
}

function located(file: string, lineOf: (p: KeyPath) => number | undefined, p: Problem): string {
  // Point at the deepest part of the path that exists (a missing key's parent).
  let line: number | undefined;
  for (let n = p.path.length; n >= 0 && line === undefined; n--) line = lineOf(p.path.slice(0, n));
  return `${file}${line === undefined ? '' : `:${String(line)}`}: ${formatKeyPath(p.path)}: ${p.message}`;
}

/**
 * Validates and resolves a configuration file's text. `file` is its absolute path (its folder is the base
 * of relative patterns and paths), `display` how to name it in messages. Throws ConfigError listing every
 * problem with its line.
 */
export function resolveConfig(
  text: string,
  file: string,
  catalog: readonly RuleCatalogEntry[],
  display: string = file,
): ResolvedConfig {
  const syntax = syntaxOf(file);
  if (syntax === undefined) {
    throw new ConfigError(
      `${display}: unknown configuration format; use .json, .jsonc, .yaml or .yml`,
    );
  }
  let parsed;
  try {
    parsed = parseConfigText(text, syntax);
  } catch (e) {
    if (!(e instanceof ConfigSyntaxError)) throw e;
    const line = e.line === undefined ? '' : `:${String(e.line)}`;
    throw new ConfigError(`${display}${line}: invalid ${syntax.toUpperCase()}: ${e.message}`);
  }
  const { data, lineOf } = parsed;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${display}: the configuration must be an object of settings`);
  }
  const checked = configSchema.safeParse(data);
  if (!checked.success) {
    throw new ConfigError(
      zodProblems(checked.error)
        .map((p) => located(display, lineOf, p))
        .join('\n'),
    );
  }
  const cfg: ConfigFile = checked.data;
  const problems: Problem[] = [];
  const base = dirname(file);

  const rules = resolveRules(cfg.rules ?? {}, ['rules'], catalog, problems);
  const overrides = (cfg.overrides ?? []).map((o, i) => ({
    files: o.files,
    rules: resolveRules(o.rules, ['overrides', i, 'rules'], catalog, problems),
  }));
  let maxFileSize: number | undefined;
  if (cfg.maxFileSize !== undefined) {
    try {
      maxFileSize = parseSize(cfg.maxFileSize);
    } catch (e) {
      problems.push({ path: ['maxFileSize'], message: errorMessage(e) });
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => located(display, lineOf, p)).join('\n'));
  }

  return {
    file,
    ...(cfg.failOn !== undefined ? { failOn: cfg.failOn } : {}),
    ...(cfg.minSeverity !== undefined ? { minSeverity: cfg.minSeverity } : {}),
    ...(cfg.tests !== undefined ? { tests: cfg.tests } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(cfg.inlineSuppressions !== undefined ? { inlineSuppressions: cfg.inlineSuppressions } : {}),
    ...(cfg.baseline !== undefined ? { baseline: resolve(base, cfg.baseline) } : {}),
    ...(cfg.audit !== undefined ? { audit: cfg.audit } : {}),
    ...(cfg.gitignore !== undefined ? { gitignore: cfg.gitignore } : {}),
    paths: {
      base,
      source: display,
      include: cfg.include ?? [],
      exclude: cfg.exclude ?? [],
      testFiles: cfg.testFiles ?? [],
    },
    rulePolicy: { rules, overrides },
  };
}
