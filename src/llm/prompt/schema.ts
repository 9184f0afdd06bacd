/**
 * The answer the model is asked for, as a zod schema and as the JSON Schema handed to providers for
 * structured output (OpenAI `response_format: json_schema` in strict mode, Anthropic tool input).
 * Strict mode requires every property to be required and objects to be closed, so optional values are
 * `null` rather than absent. The parser (src/llm/parse) is far more tolerant than this schema: it is
 * what we ask for, not what we accept.
 */
import { z } from 'zod';
import { SEVERITIES, CONFIDENCES } from '../../core/severity.js';

export const ANSWER_SCHEMA_NAME = 'security_review';

export const answerFindingSchema = z.object({
  cwe: z.number().int().describe('The most specific CWE id of the weakness, e.g. 89.'),
  pillar: z.number().int().describe('The CWE-1000 pillar id the weakness belongs to, e.g. 707.'),
  line: z.number().int().describe('The 1-based line number, as numbered in the code shown.'),
  endLine: z.number().int().nullable().describe('Last line when the defect spans several lines.'),
  code: z.string().nullable().describe('The offending code, copied exactly from that line.'),
  title: z.string().describe('A short name of the defect.'),
  explanation: z.string().describe('Why this is exploitable or harmful here.'),
  fix: z.string().describe('How to fix it.'),
  severity: z.enum(SEVERITIES),
  confidence: z.enum(CONFIDENCES),
  candidate: z.string().nullable().describe('Hybrid review: the id of the candidate this answers.'),
  decision: z
    .enum(['confirmed', 'rejected'])
    .nullable()
    .describe('Hybrid review: whether the candidate is a real defect.'),
});

export const answerPillarSchema = z.object({
  pillar: z.number().int(),
  defect: z.boolean().describe('True when at least one defect of this pillar is reported.'),
  note: z.string(),
});

export const answerSchema = z.object({
  reasoning: z.string().nullable().describe('Per-pillar reasoning, when asked for.'),
  pillars: z.array(answerPillarSchema),
  findings: z.array(answerFindingSchema),
  verdict: z
    .string()
    .describe(
      'Exactly "No security defects are detected in the code." when findings is empty, else "defects".',
    ),
});

export type Answer = z.infer<typeof answerSchema>;
export type AnswerFinding = z.infer<typeof answerFindingSchema>;

/** Drops what providers reject or do not need: `$schema` and the safe-integer bounds zod adds. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(Number(value)) >= 2 ** 53 - 1)
      continue;
    out[key] = simplify(value);
  }
  return out;
}

/** JSON Schema (draft-07 subset) of {@link answerSchema}: closed objects, every property required. */
export const answerJsonSchema: Record<string, unknown> = simplify(
  z.toJSONSchema(answerSchema, { target: 'draft-7' }),
) as Record<string, unknown>;
