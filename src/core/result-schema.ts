import { z } from 'zod';
import { CHANGE_REVIEWS } from './change.js';
import { LANGUAGE_IDS } from './language.js';
import { PILLAR_IDS, type PillarId } from './pillars.js';
import { RESULT_SCHEMA_VERSION, type ScanResult, type SkipReason } from './result.js';
import { CONFIDENCES, SEVERITIES } from './severity.js';

/**
 * The ScanResult as a zod schema: the public JSON API. schema/result.schema.json is generated from it
 * (`npm run gen:schema`), and a compile-time check below keeps it and the ScanResult type in step.
 * Objects are strict: a new field is a new schema version.
 */

export const RESULT_SCHEMA_ID = `https://secreview.dev/schema/result-${RESULT_SCHEMA_VERSION}.json`;

const SKIP_REASONS = [
  'binary',
  'too-large',
  'unreadable',
  'not-a-regular-file',
  'symlink-loop',
  'symlink-outside-root',
  'unsupported-language',
  'ignored',
  'test-code-excluded',
  'analysis-failed',
] as const satisfies readonly SkipReason[];

const PILLAR_KEYS = PILLAR_IDS.map((id): `${PillarId}` => `${id}`);

const severity = z.enum(SEVERITIES);
const confidence = z.enum(CONFIDENCES);
const pillarId = z.literal(PILLAR_IDS).describe('A pillar of CWE-1000 (a top-level CWE id).');
const language = z.enum(LANGUAGE_IDS);
const count = z.int().nonnegative();

const position = z.strictObject({
  line: z.int().positive().describe('1-based line.'),
  column: z.int().positive().describe('1-based column, in UTF-16 code units.'),
});

const location = z.strictObject({
  path: z.string().describe('Relative to the scan root, POSIX separators.'),
  start: position,
  end: position,
});

const traceStep = z.strictObject({
  kind: z.enum(['source', 'step', 'sink']),
  location,
  message: z.string(),
});

const suppression = z.strictObject({
  kind: z.enum(['inline', 'baseline']),
  justification: z.string(),
});

const help = z.strictObject({ why: z.string(), fix: z.string() });

export const findingSchema = z.strictObject({
  ruleId: z.string(),
  origin: z.enum(['rule', 'llm']),
  title: z.string().describe("The rule's title."),
  message: z.string().describe('What is wrong at this occurrence.'),
  cwe: z.int().positive().describe('Primary (most specific) CWE id.'),
  cweName: z.string(),
  cwes: z.array(z.int().positive()).describe('All CWE ids, primary first.'),
  pillar: pillarId,
  pillarName: z.string(),
  severity,
  confidence,
  location,
  snippet: z.string().describe('The source lines of the finding, dedented, at most five.'),
  fingerprint: z.string().describe('Stable across line moves.'),
  help,
  suppression: suppression
    .exactOptional()
    .describe(
      'Present when the finding was accepted inline or by a baseline; it then does not count.',
    ),
  trace: z.array(traceStep).exactOptional().describe('Dataflow from source to sink, when known.'),
  inTestCode: z.boolean(),
});

const ruleDescriptor = z.strictObject({
  id: z.string(),
  language,
  title: z.string(),
  description: z.string(),
  cwes: z.array(z.int().positive()),
  cweNames: z.array(z.string()),
  pillar: pillarId,
  pillarName: z.string(),
  severity,
  confidence,
  status: z.enum(['stable', 'experimental']),
  tags: z.array(z.string()),
  help,
});

const pillarReport = z.strictObject({
  id: pillarId,
  name: z.string(),
  findings: count.describe('Findings that count (not suppressed, at or above the threshold).'),
  rules: z.array(z.string()).describe('Ids of the rules of this pillar that ran.'),
  coverage: z.enum(['checked', 'no-checks']),
  note: z.string(),
});

const scannedFile = z.strictObject({
  path: z.string(),
  language,
  bytes: count,
  lines: count,
  testCode: z.boolean(),
  frameworks: z.array(z.string()),
  syntaxErrors: count,
  findings: count,
  notes: z.array(z.string()),
});

const skippedFile = z.strictObject({
  path: z.string(),
  reason: z.enum(SKIP_REASONS),
  detail: z.string(),
});

const scanError = z.strictObject({
  kind: z.enum(['file', 'rule', 'internal']),
  path: z.string().exactOptional(),
  ruleId: z.string().exactOptional(),
  message: z.string(),
});

const summary = z.strictObject({
  total: count.describe('Findings that count toward the verdict.'),
  bySeverity: z.record(severity, count),
  byPillar: z.partialRecord(z.enum(PILLAR_KEYS), count),
  suppressed: count,
  belowThreshold: count,
});

const lineRange = z.strictObject({ start: z.int().positive(), end: z.int().positive() });

const changedFile = z.strictObject({
  path: z
    .string()
    .describe('New-side path (the deleted path for a deletion), repository-relative.'),
  oldPath: z.string().exactOptional().describe('Old-side path of a rename or copy.'),
  status: z.enum(['added', 'modified', 'deleted', 'renamed', 'copied']),
  similarity: z.int().min(0).max(100).exactOptional(),
  binary: z.boolean(),
  oldMode: z.string().exactOptional(),
  newMode: z.string().exactOptional(),
  changedLines: z.array(lineRange).describe('Added or modified lines on the new side.'),
  deletionPoints: z
    .array(z.int().positive())
    .describe('New-side lines next to which lines were deleted.'),
  hunks: z.array(lineRange).describe('New-side extent of each hunk, context included.'),
  added: count,
  deleted: count,
  review: z.enum(CHANGE_REVIEWS),
  note: z.string().exactOptional(),
});

const change = z.strictObject({
  source: z.enum(['git-range', 'git-staged', 'patch']),
  base: z.string().exactOptional(),
  head: z.string().exactOptional(),
  mergeBase: z.string().exactOptional(),
  headCommit: z.string().exactOptional(),
  patch: z.string().exactOptional(),
  description: z.string().describe('Commit message or pull-request description.'),
  descriptionSource: z.enum(['commit', 'message-file', 'none']),
  contextLines: count,
  files: z.array(changedFile),
  totals: z.strictObject({
    files: count,
    reviewedFiles: count,
    addedLines: count,
    deletedLines: count,
    reviewedLines: count,
  }),
  findingsOutsideChange: count.describe('Findings outside the change: left out, not counted.'),
});

export const scanResultSchema = z
  .strictObject({
    schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
    tool: z.strictObject({
      name: z.literal('secreview'),
      version: z.string(),
      informationUri: z.string(),
    }),
    target: z.string().describe('What the user asked to scan, as given.'),
    threshold: severity.describe('Findings below this severity do not count for the verdict.'),
    verdict: z.string().describe('The conclusion sentence.'),
    summary,
    findings: z.array(findingSchema),
    rules: z.array(ruleDescriptor).describe('The rules that ran.'),
    pillars: z
      .array(pillarReport)
      .describe('Per-pillar counts and honest coverage, in pillar order.'),
    files: z.strictObject({ scanned: z.array(scannedFile), skipped: z.array(skippedFile) }),
    errors: z.array(scanError),
    stats: z.strictObject({ durationMs: z.number().nonnegative(), bytes: count, workers: count }),
    change: change
      .exactOptional()
      .describe('Review mode: the change under review (findings are scoped to it).'),
  })
  .meta({
    title: 'secreview scan result',
    description:
      'The result of a secreview security review: findings organised by the ten pillars of CWE-1000.',
  });

// Compile-time check: the schema and the ScanResult type accept exactly the same objects (this line stops
// compiling when either changes without the other).
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const resultSchemaMatchesType: MutuallyAssignable<
  z.infer<typeof scanResultSchema>,
  ScanResult
> = true;

/** The published JSON Schema (draft 2020-12) of a ScanResult. */
export function resultJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(scanResultSchema, {
    target: 'draft-2020-12',
  });
  return { $schema, $id: RESULT_SCHEMA_ID, title, description, ...rest };
}
