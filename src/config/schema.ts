import { z } from 'zod';
import { SEVERITIES } from '../core/severity.js';

/*
 * The configuration file, as data: secreview.config.json, .jsonc, .yaml or .yml. Never executable (a scanner
 * runs on untrusted pull requests). schema/config.schema.json is generated from this schema
 * (`npm run gen:config-schema`) for editors; unknown keys are errors.
 */

export const CONFIG_SCHEMA_VERSION = 1;
export const CONFIG_SCHEMA_ID = `https://secreview.dev/schema/config-${String(CONFIG_SCHEMA_VERSION)}.json`;

/** File names looked for, in this order, in each folder from the scan target up to the repository root. */
export const CONFIG_FILE_NAMES = [
  'secreview.config.json',
  'secreview.config.jsonc',
  'secreview.config.yaml',
  'secreview.config.yml',
] as const;

export const RULE_VALUES = ['off', 'on', ...SEVERITIES] as const;
export type RuleValue = (typeof RULE_VALUES)[number];

const globs = z
  .array(z.string().min(1))
  .describe('Gitignore-syntax patterns, relative to this file.');

const ruleMap = z
  .record(z.string().min(1), z.enum(RULE_VALUES))
  .describe(
    'Keys: a rule id (`python/command-injection`), its name (`command-injection`), `pillar:707`, ' +
      '`pillar:<pillar name>` or `tag:<tag>`. Values: `off`, `on`, or a severity (error, warning, note). ' +
      'A severity given for a rule id also turns the rule on; for a pillar or tag it only sets the ' +
      'severity. Rule ids win over tags, tags over pillars.',
  );

export const configSchema = z
  .strictObject({
    $schema: z.string().exactOptional().describe('The JSON Schema of this file, for editors.'),
    include: globs
      .exactOptional()
      .describe('When given, only files matching one of these patterns are reviewed.'),
    exclude: globs.exactOptional().describe('Files and folders matching these are not reviewed.'),
    rules: ruleMap.exactOptional(),
    overrides: z
      .array(
        z.strictObject({
          files: z
            .array(z.string().min(1))
            .min(1)
            .describe('Patterns of the files this applies to.'),
          rules: ruleMap,
        }),
      )
      .exactOptional()
      .describe('Rule settings for some paths, applied in order after `rules`; later ones win.'),
    failOn: z
      .enum([...SEVERITIES, 'none'])
      .exactOptional()
      .describe('Exit 1 when a counted finding is at or above this severity (default warning).'),
    minSeverity: z
      .enum(SEVERITIES)
      .exactOptional()
      .describe('Findings below this severity do not count toward the verdict (default note).'),
    tests: z
      .enum(['auto', 'strict', 'skip'])
      .exactOptional()
      .describe('Test code: auto (rule policies), strict (like production code), skip.'),
    testFiles: globs
      .exactOptional()
      .describe('Files to treat as test code, besides those recognised by their names.'),
    maxFileSize: z
      .union([z.string().min(1), z.int().positive()])
      .exactOptional()
      .describe('Skip larger files: bytes, or a size such as "2MB" or "512k" (default 2MB).'),
    inlineSuppressions: z
      .boolean()
      .exactOptional()
      .describe('Honour `secreview-ignore` comments (default true).'),
    baseline: z
      .string()
      .min(1)
      .exactOptional()
      .describe(
        'A baseline file (relative to this file): its findings are reported as suppressed.',
      ),
    audit: z.boolean().exactOptional().describe('Also run audit rules (default false).'),
    gitignore: z.boolean().exactOptional().describe('Honour .gitignore files (default true).'),
  })
  .meta({
    title: 'secreview configuration',
    description:
      'secreview.config.json / .jsonc / .yaml: which files and rules a review uses. Command-line flags win over this file.',
  });

export type ConfigFile = z.infer<typeof configSchema>;

/** Known keys of each object in the file, for "did you mean" hints. */
export const TOP_LEVEL_KEYS = Object.keys(configSchema.shape);
export const OVERRIDE_KEYS = ['files', 'rules'];

/** The published JSON Schema (draft 2020-12) of the configuration file. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(configSchema, {
    target: 'draft-2020-12',
    io: 'input',
  });
  return { $schema, $id: CONFIG_SCHEMA_ID, title, description, ...rest };
}
