/**
 * Turns a JSON value from a model answer into claims and pillar statements. Keys are matched by the
 * names models actually use (findings / issues / vulnerabilities, explanation / description, fix /
 * remediation ...); every field is validated on its own with zod, so one wrong type costs that field
 * (with a warning), not the claim, and unknown fields are ignored.
 */
import type { z } from 'zod';
import type { Claim, PillarStatement } from '../types.js';
import {
  confidenceField,
  cweField,
  decisionField,
  lineField,
  pillarField,
  severityField,
  textField,
} from './fields.js';
import { classifyStance } from './stance.js';

const LIST_KEYS = [
  'findings',
  'defects',
  'issues',
  'vulnerabilities',
  'claims',
  'results',
  'weaknesses',
  'candidates',
];
const ANSWER_KEYS = [...LIST_KEYS, 'verdict', 'pillars', 'conclusion', 'summary'];

const KEYS = {
  cwe: ['cwe', 'cwe_id', 'cweId', 'cweid', 'cwe_ids', 'cwes'],
  pillar: ['pillar', 'category', 'pillar_id', 'pillarId', 'cwe_pillar'],
  line: ['line', 'line_number', 'lineNumber', 'start_line', 'startLine', 'lines', 'location'],
  endLine: ['endLine', 'end_line', 'line_end', 'lineEnd'],
  quote: ['code', 'quote', 'snippet', 'evidence', 'code_snippet', 'offending_code'],
  title: ['title', 'name', 'issue', 'summary', 'type'],
  explanation: ['explanation', 'description', 'message', 'details', 'rationale', 'reason', 'why'],
  fix: ['fix', 'remediation', 'recommendation', 'mitigation', 'suggestion', 'how_to_fix'],
  severity: ['severity', 'risk', 'level'],
  confidence: ['confidence', 'certainty'],
  candidate: ['candidate', 'candidate_id', 'candidateId'],
  decision: ['decision', 'status', 'verdict'],
} as const;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pick(
  obj: Record<string, unknown>,
  keys: readonly string[],
): [string, unknown] | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && v !== null && v !== '') return [k, v];
  }
  return undefined;
}

function looksLikeFinding(v: unknown): boolean {
  return (
    isRecord(v) &&
    (pick(v, KEYS.cwe) !== undefined || pick(v, KEYS.line) !== undefined) &&
    (pick(v, KEYS.explanation) !== undefined || pick(v, KEYS.title) !== undefined)
  );
}

/** Whether a parsed JSON value is plausibly (part of) an answer. */
export function isAnswerShaped(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0 || v.some(looksLikeFinding);
  if (!isRecord(v)) return false;
  return ANSWER_KEYS.some((k) => k in v) || looksLikeFinding(v);
}

export interface JsonReading {
  claims: Claim[];
  pillars: PillarStatement[];
  verdictText?: string;
  reasoning?: string;
  /** The answer had an explicit (possibly empty) list of findings. */
  hasFindingList: boolean;
}

function read<T>(
  schema: z.ZodType<T>,
  obj: Record<string, unknown>,
  keys: readonly string[],
  where: string,
  warnings: string[],
): T | undefined {
  const found = pick(obj, keys);
  if (!found) return undefined;
  const [key, raw] = found;
  // A list of CWE ids or lines: take the first, the most specific by our instructions.
  const value: unknown = Array.isArray(raw) && key !== 'explanation' ? (raw as unknown[])[0] : raw;
  const parsed = schema.safeParse(isRecord(value) ? locationLine(value) : value);
  if (parsed.success) return parsed.data;
  warnings.push(
    `${where}: ignored "${key}": ${parsed.error.issues.map((i) => i.message).join('; ')}`,
  );
  return undefined;
}

/** `{"location": {"line": 4}}` or `{"start": {"line": 4}}`. */
function locationLine(v: Record<string, unknown>): unknown {
  const start = v.start;
  if (isRecord(start) && start.line !== undefined) return start.line;
  return v.line ?? v.start_line ?? v.startLine ?? v;
}

function toClaim(raw: unknown, where: string, warnings: string[]): Claim | undefined {
  if (!isRecord(raw)) {
    if (typeof raw === 'string' && raw.trim() !== '') return { explanation: raw.trim() };
    warnings.push(`${where}: not an object, ignored`);
    return undefined;
  }
  const explanation = read(textField, raw, KEYS.explanation, where, warnings);
  const title = read(textField, raw, KEYS.title, where, warnings);
  const cwe = read(cweField, raw, KEYS.cwe, where, warnings);
  const lineRef = read(lineField, raw, KEYS.line, where, warnings);
  if (explanation === undefined && title === undefined && cwe === undefined && !lineRef) {
    warnings.push(`${where}: no explanation, title, CWE or line; ignored`);
    return undefined;
  }
  const claim: Claim = { explanation: (explanation ?? title ?? '').trim() };
  if (cwe !== undefined) claim.cwe = cwe;
  const pillar = read(pillarField, raw, KEYS.pillar, where, warnings);
  if (pillar !== undefined) claim.pillar = pillar;
  if (lineRef) {
    claim.line = lineRef.line;
    if (lineRef.endLine !== undefined) claim.endLine = lineRef.endLine;
  }
  const endLine = read(lineField, raw, KEYS.endLine, where, warnings);
  if (endLine && endLine.line >= (claim.line ?? 0)) claim.endLine = endLine.line;
  const quote = read(textField, raw, KEYS.quote, where, warnings);
  if (quote !== undefined && quote.trim() !== '') claim.quote = quote;
  if (title !== undefined && title.trim() !== '' && explanation !== undefined)
    claim.title = title.trim();
  const fix = read(textField, raw, KEYS.fix, where, warnings);
  if (fix !== undefined && fix.trim() !== '') claim.fix = fix.trim();
  const severity = read(severityField, raw, KEYS.severity, where, warnings);
  if (severity !== undefined) claim.severity = severity;
  const confidence = read(confidenceField, raw, KEYS.confidence, where, warnings);
  if (confidence !== undefined) claim.confidence = confidence;
  const candidate = read(textField, raw, KEYS.candidate, where, warnings);
  if (candidate !== undefined && candidate.trim() !== '') {
    const decision = read(decisionField, raw, KEYS.decision, where, warnings);
    claim.candidate = { id: candidate.trim(), decision: decision ?? 'confirmed' };
    if (decision === undefined)
      warnings.push(`${where}: candidate without a decision, taken as confirmed`);
    if (decision === 'rejected') claim.candidate.reason = claim.explanation;
  }
  return claim;
}

function toPillars(raw: unknown, warnings: string[]): PillarStatement[] {
  const out: PillarStatement[] = [];
  const add = (pillarRaw: unknown, defectRaw: unknown, note: unknown, where: string): void => {
    const pillar = pillarField.safeParse(pillarRaw);
    if (!pillar.success) {
      warnings.push(`${where}: ${pillar.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    const text = typeof note === 'string' ? note.trim() : undefined;
    let defect: boolean | undefined = typeof defectRaw === 'boolean' ? defectRaw : undefined;
    let hedged = false;
    if (defect === undefined && text !== undefined) {
      const stance = classifyStance(text);
      defect = stance === 'defect';
      hedged = stance === 'hedged';
    }
    if (defect === undefined) {
      warnings.push(`${where}: no defect flag or statement, recorded as no defect claimed`);
      defect = false;
    }
    const statement: PillarStatement = { pillar: pillar.data, defectClaimed: defect };
    if (text !== undefined && text !== '') statement.text = text.slice(0, 200);
    if (hedged) statement.hedged = true;
    out.push(statement);
  };
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      const where = `pillars[${i}]`;
      if (!isRecord(entry)) {
        warnings.push(`${where}: not an object, ignored`);
        return;
      }
      add(
        pick(entry, ['pillar', 'id', 'cwe', 'category', 'name'])?.[1],
        pick(entry, ['defect', 'defects', 'defect_found', 'vulnerable', 'issue'])?.[1],
        pick(entry, ['note', 'notes', 'statement', 'summary', 'reasoning', 'finding'])?.[1],
        where,
      );
    });
  } else if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      const where = `pillars.${key}`;
      if (isRecord(value)) {
        add(
          key,
          pick(value, ['defect', 'defects', 'vulnerable'])?.[1],
          pick(value, ['note', 'statement', 'summary'])?.[1],
          where,
        );
      } else {
        add(key, typeof value === 'boolean' ? value : undefined, value, where);
      }
    }
  } else {
    warnings.push('pillars: neither a list nor an object, ignored');
  }
  return out;
}

/** Reads one answer-shaped JSON value. */
export function readJsonAnswer(value: unknown, warnings: string[]): JsonReading {
  const reading: JsonReading = { claims: [], pillars: [], hasFindingList: false };
  let list: unknown[] | undefined;
  let listName = 'findings';
  if (Array.isArray(value)) {
    list = value;
  } else if (isRecord(value)) {
    for (const key of LIST_KEYS) {
      const v = value[key];
      if (Array.isArray(v)) {
        list = v;
        listName = key;
        break;
      }
    }
    if (!list && looksLikeFinding(value)) list = [value];
    const verdict = pick(value, ['verdict', 'conclusion']);
    if (verdict && typeof verdict[1] === 'string') reading.verdictText = verdict[1];
    else if (verdict) warnings.push(`${verdict[0]}: not a string, ignored`);
    const reasoning = value.reasoning ?? value.analysis ?? value.thinking;
    if (typeof reasoning === 'string' && reasoning.trim() !== '') reading.reasoning = reasoning;
    else if (isRecord(reasoning) || Array.isArray(reasoning))
      reading.reasoning = JSON.stringify(reasoning);
    if (value.pillars !== undefined && value.pillars !== null)
      reading.pillars = toPillars(value.pillars, warnings);
  }
  if (list) {
    reading.hasFindingList = true;
    list.forEach((raw, i) => {
      const claim = toClaim(raw, `${listName}[${i}]`, warnings);
      if (claim) reading.claims.push(claim);
    });
  }
  return reading;
}
