/**
 * Field readers shared by the JSON and prose paths: CWE ids ("CWE-79", "79", 79), pillars (id or name),
 * line references ("42", "L42", "lines 10-12"), severities and confidences in the words models use.
 * Each reader is a zod schema, so a wrong type becomes a reported warning, never a crash.
 */
import { z } from 'zod';
import { isPillarId, type PillarId } from '../../core/pillars.js';
import type { Confidence, Severity } from '../../core/severity.js';

export const cweField = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\s*(?:CWE)?[-_ :]?\s*\d+\s*$/i, 'expected a CWE id such as "CWE-79" or 79')
    .transform((s) => Number(/\d+/.exec(s)?.[0])),
]);

/** Phrases that name a pillar, matched case-insensitively; the full names and their usual shortenings. */
export const PILLAR_PHRASES: readonly { pillar: PillarId; phrases: readonly string[] }[] = [
  { pillar: 284, phrases: ['improper access control'] },
  {
    pillar: 435,
    phrases: ['interaction between multiple', 'improper interaction between'],
  },
  {
    pillar: 664,
    phrases: [
      'control of a resource through its lifetime',
      'resource through its lifetime',
      'improper control of a resource',
    ],
  },
  { pillar: 682, phrases: ['incorrect calculation'] },
  { pillar: 691, phrases: ['insufficient control flow management', 'control flow management'] },
  { pillar: 693, phrases: ['protection mechanism failure'] },
  { pillar: 697, phrases: ['incorrect comparison'] },
  {
    pillar: 703,
    phrases: ['improper check or handling of exceptional conditions', 'exceptional conditions'],
  },
  { pillar: 707, phrases: ['improper neutralization'] },
  {
    pillar: 710,
    phrases: ['improper adherence to coding standards', 'adherence to coding standards'],
  },
];

/** Looser topic names, trusted only in the heading of an item ("**Error handling**: ..."). */
export const PILLAR_TOPICS: readonly { pillar: PillarId; phrases: readonly string[] }[] = [
  { pillar: 284, phrases: ['access control', 'authorization', 'authorisation', 'authentication'] },
  { pillar: 664, phrases: ['resource management', 'resource lifetime', 'resource handling'] },
  { pillar: 682, phrases: ['calculation', 'arithmetic'] },
  { pillar: 691, phrases: ['control flow'] },
  { pillar: 693, phrases: ['protection mechanism'] },
  { pillar: 697, phrases: ['comparison'] },
  { pillar: 703, phrases: ['error handling', 'exception handling', 'exceptional condition'] },
  { pillar: 707, phrases: ['neutralization', 'input validation', 'injection'] },
  { pillar: 710, phrases: ['coding standard', 'coding practice'] },
];

export function pillarByName(text: string, table = PILLAR_PHRASES): PillarId | undefined {
  const lower = text.toLowerCase();
  return table.find((t) => t.phrases.some((p) => lower.includes(p)))?.pillar;
}

export const pillarField = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(/^\s*(?:CWE[-_ ]?)?(\d+)\b/i.exec(v)?.[1] ?? NaN);
  if (isPillarId(n)) return n;
  const named = typeof v === 'string' ? pillarByName(v) : undefined;
  if (named !== undefined) return named;
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not one of the ten pillars` });
  return z.NEVER;
});

export interface LineRef {
  line: number;
  endLine?: number;
}

/** "42", "L42", "line 42", "lines 10-12", "10–12", "L10-L12". */
export function parseLineRef(text: string): LineRef | undefined {
  const m = /^\s*(?:lines?\s*|L)?(\d+)(?:\s*(?:-|–|—|to|\.\.)\s*L?(\d+))?\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const line = Number(m[1]);
  const end = m[2] === undefined ? undefined : Number(m[2]);
  if (line < 1) return undefined;
  return end !== undefined && end > line ? { line, endLine: end } : { line };
}

export const lineField = z.union([
  z
    .number()
    .int()
    .positive()
    .transform((line): LineRef => ({ line })),
  z.string().transform((s, ctx) => {
    const ref = parseLineRef(s);
    if (ref) return ref;
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a line number` });
    return z.NEVER;
  }),
]);

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'error',
  high: 'error',
  error: 'error',
  severe: 'error',
  medium: 'warning',
  moderate: 'warning',
  warning: 'warning',
  low: 'note',
  info: 'note',
  informational: 'note',
  note: 'note',
};

export const severityField = z.string().transform((s, ctx) => {
  const found = SEVERITY_WORDS[s.trim().toLowerCase()];
  if (found) return found;
  ctx.addIssue({ code: 'custom', message: `unknown severity ${JSON.stringify(s)}` });
  return z.NEVER;
});

export const confidenceField = z.union([
  z
    .number()
    .min(0)
    .max(1)
    .transform((n): Confidence => (n >= 0.8 ? 'high' : n >= 0.5 ? 'medium' : 'low')),
  z.string().transform((s, ctx) => {
    const w = s.trim().toLowerCase();
    if (w === 'high' || w === 'medium' || w === 'low') return w;
    if (w === 'certain' || w === 'very high') return 'high';
    if (w === 'moderate') return 'medium';
    ctx.addIssue({ code: 'custom', message: `unknown confidence ${JSON.stringify(s)}` });
    return z.NEVER;
  }),
]);

export const textField = z.union([
  z.string(),
  z.array(z.string()).transform((parts) => parts.join('\n')),
]);

export const decisionField = z.string().transform((s, ctx) => {
  const w = s.trim().toLowerCase();
  if (['confirmed', 'confirm', 'true positive', 'valid', 'accepted', 'yes'].includes(w))
    return 'confirmed' as const;
  if (['rejected', 'reject', 'false positive', 'invalid', 'dismissed', 'no'].includes(w))
    return 'rejected' as const;
  ctx.addIssue({ code: 'custom', message: `unknown decision ${JSON.stringify(s)}` });
  return z.NEVER;
});
