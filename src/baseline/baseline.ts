import { z } from 'zod';
import { compareStrings } from '../core/compare.js';
import { UsageError } from '../core/errors.js';
import type { Finding, Suppression } from '../core/finding.js';

/*
 * A baseline accepts the findings of one day so that later reviews report only new ones. Entries are
 * matched by fingerprint (rule id + path + normalised snippet + occurrence index; no line numbers), so an
 * accepted finding stays accepted while code moves. Matched findings are kept, marked suppressed.
 */

export const BASELINE_VERSION = 1;
export const BASELINE_SCHEMA_ID = `https://secreview.dev/schema/baseline-${String(BASELINE_VERSION)}.json`;
export const DEFAULT_BASELINE_FILE = '.secreview-baseline.json';

const entrySchema = z.strictObject({
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'expected 32 lowercase hexadecimal digits')
    .describe('The finding fingerprint (rule id, path, normalised snippet, occurrence index).'),
  ruleId: z.string().min(1).describe('The rule that reported the finding.'),
  path: z.string().min(1).describe('Relative to the scan root, POSIX separators.'),
  line: z
    .int()
    .positive()
    .describe('Where the finding was when it was accepted; informative, not used to match.'),
  snippet: z.string().describe('The code, for people reading the baseline; not used to match.'),
  justification: z.string().min(1).describe('Why the finding was accepted.'),
  acceptedAt: z.iso.date().describe('The day the finding was accepted (YYYY-MM-DD).'),
});

export const baselineSchema = z
  .strictObject({
    $schema: z.string().exactOptional(),
    version: z.literal(BASELINE_VERSION).describe('The baseline file format version.'),
    tool: z.strictObject({ name: z.literal('secreview'), version: z.string() }),
    entries: z.array(entrySchema).describe('Accepted findings, sorted by path and rule id.'),
  })
  .meta({
    title: 'secreview baseline',
    description:
      'Findings accepted on a given day; `secreview scan --baseline` reports them as suppressed.',
  });

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = z.infer<typeof entrySchema>;

/** The published JSON Schema (draft 2020-12) of a baseline file. */
export function baselineJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(baselineSchema, {
    target: 'draft-2020-12',
  });
  return { $schema, $id: BASELINE_SCHEMA_ID, title, description, ...rest };
}

export interface CreateBaselineOptions {
  toolVersion: string;
  /** Today, YYYY-MM-DD (the caller owns the clock). */
  today: string;
  justification: string;
  /** An earlier baseline: entries still present keep their justification and date. */
  previous?: Baseline;
}

/**
 * A baseline accepting every finding that is not already suppressed inline (findings matched by an older
 * baseline are accepted again, with their first justification and date).
 */
export function createBaseline(
  findings: readonly Finding[],
  opts: CreateBaselineOptions,
): Baseline {
  const earlier = new Map(opts.previous?.entries.map((e) => [e.fingerprint, e]));
  const entries = findings
    .filter((f) => f.suppression?.kind !== 'inline')
    .map((f): BaselineEntry => {
      const old = earlier.get(f.fingerprint);
      return {
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        path: f.location.path,
        line: f.location.start.line,
        snippet: f.snippet,
        justification: old?.justification ?? opts.justification,
        acceptedAt: old?.acceptedAt ?? opts.today,
      };
    })
    .sort(
      (a, b) =>
        compareStrings(a.path, b.path) || a.line - b.line || compareStrings(a.ruleId, b.ruleId),
    );
  return {
    $schema: BASELINE_SCHEMA_ID,
    version: BASELINE_VERSION,
    tool: { name: 'secreview', version: opts.toolVersion },
    entries,
  };
}

export function renderBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Parses a baseline file's text; a malformed file is a UsageError naming the file and the problem. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`baseline ${file} is not valid JSON: ${why}`);
  }
  if (typeof data === 'object' && data !== null && 'version' in data) {
    const { version } = data;
    if (version !== BASELINE_VERSION) {
      throw new UsageError(
        `baseline ${file} has version ${JSON.stringify(version)}; this secreview reads version ${String(BASELINE_VERSION)} (recreate it with \`secreview baseline create\`)`,
      );
    }
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0
        ? ''
        : ` at ${issue.path.map(String).join('.')}`;
    throw new UsageError(
      `baseline ${file} is malformed${where}: ${issue?.message ?? 'invalid'} (see schema/baseline.schema.json)`,
    );
  }
  return parsed.data;
}

/** The suppression a baseline gives a finding, or undefined. */
export function baselineSuppressor(b: Baseline): (f: Finding) => Suppression | undefined {
  const byFingerprint = new Map(b.entries.map((e) => [e.fingerprint, e]));
  return (f) => {
    const e = byFingerprint.get(f.fingerprint);
    if (e?.ruleId !== f.ruleId) return undefined;
    return { kind: 'baseline', justification: `${e.justification} (accepted ${e.acceptedAt})` };
  };
}

/** Baseline entries no finding matched any more (fixed or changed code). */
export function staleEntries(b: Baseline, findings: readonly Finding[]): BaselineEntry[] {
  const present = new Set(findings.map((f) => f.fingerprint));
  return b.entries.filter((e) => !present.has(e.fingerprint));
}
