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

const llmAttribution = z.strictObject({
  provider: z.string(),
  model: z.string(),
  rationale: z.string().describe("The model's explanation of the defect or of its decision."),
  verified: z
    .boolean()
    .describe(
      'The line exists (in the change), the quoted code is there, the CWE fits the pillar.',
    ),
  unverifiedReasons: z.array(z.string()).exactOptional(),
  corrections: z.array(z.string()).exactOptional().describe('What verification corrected.'),
  samples: z
    .strictObject({ agreeing: count, total: count })
    .exactOptional()
    .describe('With --samples K: how many of the K answers made this claim.'),
  rejection: z
    .string()
    .exactOptional()
    .describe('Hybrid prompt: why the model judged this rule finding a false positive.'),
});

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
  llm: llmAttribution
    .exactOptional()
    .describe(
      "The LLM review's part in this finding: its claim, or its judgement of a rule finding.",
    ),
  confirmedBy: z
    .array(z.enum(['rule', 'llm']))
    .exactOptional()
    .describe('Present when a rule and the model reported the same defect.'),
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
  model: z
    .strictObject({ name: z.string(), files: count, of: count })
    .exactOptional()
    .describe('With --llm: how many files the model reviewed for this pillar.'),
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
  kind: z.enum(['file', 'rule', 'internal', 'llm']),
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

const llmFileCoverage = z.strictObject({
  path: z.string(),
  status: z.enum(['reviewed', 'partial', 'failed', 'skipped']),
  parts: count.describe('Parts the file was split into (1 = sent whole, 0 = not sent).'),
  partsReviewed: count,
  fromCache: count.describe('Answers served from the cache.'),
  uncovered: z.array(lineRange).exactOptional().describe('Lines never shown to the model.'),
  skipReason: z.enum(['max-files', 'max-cost', 'outside-change']).exactOptional(),
  detail: z.string().exactOptional(),
  claims: count,
  findings: count,
});

const llmReport = z.strictObject({
  provider: z.string(),
  model: z.string(),
  baseUrl: z.string().describe('Where the code was sent.'),
  promptVariant: z.string(),
  samples: count,
  llmOnly: z.boolean(),
  files: z.array(llmFileCoverage).describe('Every file of the scan, once.'),
  requests: z.strictObject({ sent: count, cached: count, failed: count, retries: count }),
  tokens: z.strictObject({ estimatedInput: count, input: count, output: count }),
  cost: z.strictObject({
    price: z
      .strictObject({
        inputPerMTok: z.number().nonnegative(),
        outputPerMTok: z.number().nonnegative(),
      })
      .exactOptional(),
    estimatedMaxUsd: z.number().nonnegative().nullable(),
    actualUsd: z.number().nonnegative().nullable(),
    maxUsd: z.number().nonnegative().exactOptional(),
  }),
  claims: z.strictObject({
    total: count,
    verified: count,
    unverified: count,
    dropped: count,
    droppedByReason: z.record(z.string(), count),
    belowMajority: count,
    confirmedRuleFindings: count,
    rejectedRuleFindings: count,
  }),
  notes: z.array(z.string()),
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
    llm: llmReport
      .exactOptional()
      .describe('Present when a language model also reviewed the code.'),
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
