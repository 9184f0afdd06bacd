/**
 * Reads a review written in prose (markdown headings, numbered or bulleted lists, tables, paragraphs):
 * per item, the pillars it is about, whether it claims a defect, the CWE ids, line numbers and quoted
 * code. Items that claim a defect become claims; every pillar mentioned becomes a pillar statement.
 */
import { isPillarId, type PillarId } from '../../core/pillars.js';
import type { Claim, PillarStatement } from '../types.js';
import {
  PILLAR_TOPICS,
  confidenceField,
  cweField,
  parseLineRef,
  pillarByName,
  pillarField,
  severityField,
  type LineRef,
} from './fields.js';
import { classifyStance, noDefectVerdict, type Stance, type VerdictSignal } from './stance.js';

export interface ProseItem {
  /** Heading of the enclosing markdown section, if any. */
  section: string;
  /** Which section (0 before the first heading); tells apart sections with the same heading. */
  sectionIndex: number;
  /** The item's own lead: bold text, text before the first colon, or its first sentence. */
  head: string;
  text: string;
  /** Labelled values: table cells by column name, or "Label: value" lines of a field list. */
  fields?: Partial<Record<FieldName, string>>;
}

export type FieldName =
  | 'cwe'
  | 'line'
  | 'code'
  | 'title'
  | 'explanation'
  | 'fix'
  | 'severity'
  | 'confidence'
  | 'pillar'
  | 'status';

const FIELD_LABELS: Record<string, FieldName> = {
  cwe: 'cwe',
  'cwe id': 'cwe',
  weakness: 'cwe',
  line: 'line',
  lines: 'line',
  'line number': 'line',
  'line numbers': 'line',
  location: 'line',
  code: 'code',
  snippet: 'code',
  quote: 'code',
  evidence: 'code',
  'vulnerable code': 'code',
  'offending code': 'code',
  title: 'title',
  issue: 'title',
  vulnerability: 'title',
  finding: 'title',
  name: 'title',
  type: 'title',
  description: 'explanation',
  explanation: 'explanation',
  details: 'explanation',
  impact: 'explanation',
  why: 'explanation',
  rationale: 'explanation',
  fix: 'fix',
  'suggested fix': 'fix',
  'how to fix': 'fix',
  recommendation: 'fix',
  remediation: 'fix',
  mitigation: 'fix',
  solution: 'fix',
  severity: 'severity',
  'risk level': 'severity',
  risk: 'severity',
  confidence: 'confidence',
  pillar: 'pillar',
  category: 'pillar',
  status: 'status',
  result: 'status',
  verdict: 'status',
};

function fieldName(label: string): FieldName | undefined {
  const key = label
    .replace(/[*_`#]/g, '')
    .trim()
    .toLowerCase();
  return Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key] : undefined;
}

const FIELD_LINE = /^\s*(?:[-*•+]\s+)?\**([A-Za-z][A-Za-z ]{1,20}?)\**\s*:\s*\**\s*(.*)$/;

/** "Label: value" lines of a text, when at least two are known fields. */
function fieldsOf(text: string): ProseItem['fields'] {
  const fields: Partial<Record<FieldName, string>> = {};
  let last: FieldName | undefined;
  let count = 0;
  for (const line of text.split('\n')) {
    const m = FIELD_LINE.exec(line);
    const name = m ? fieldName(m[1] ?? '') : undefined;
    if (m && name) {
      fields[name] = (m[2] ?? '').replace(/\*\*$/, '').trim();
      last = name;
      count++;
    } else if (last) {
      fields[last] = `${fields[last] ?? ''}\n${line}`.trim();
    }
  }
  return count >= 2 ? fields : undefined;
}

/** Merges runs of one-field list items ("- **CWE**: CWE-89", "- **Line**: 14") into one item. */
function mergeFieldRuns(items: ProseItem[]): ProseItem[] {
  const out: ProseItem[] = [];
  let run: ProseItem[] = [];
  const flushRun = (): void => {
    if (run.length >= 2) {
      const text = run.map((i) => i.text).join('\n');
      const first = run[0];
      const merged: ProseItem = {
        section: first?.section ?? '',
        sectionIndex: first?.sectionIndex ?? 0,
        head: first?.section ?? '',
        text,
      };
      const fields = fieldsOf(text);
      if (fields) merged.fields = fields;
      out.push(merged);
    } else {
      out.push(...run);
    }
    run = [];
  };
  for (const item of items) {
    const isField =
      !item.fields && FIELD_LINE.test(item.text) && fieldName(item.head) !== undefined;
    const sameSection = run.length === 0 || run[0]?.sectionIndex === item.sectionIndex;
    if (isField && sameSection) {
      run.push(item);
      continue;
    }
    flushRun();
    if (isField) run.push(item);
    else out.push(item);
  }
  flushRun();
  return out;
}

const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;
const LIST_ITEM = /^\s*(?:\d{1,3}[.)]|[-*•+])\s+(.*)$/;
const TABLE_ROW = /^\s*\|(.*)\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const BOLD_LINE = /^\s*\*\*([^*]{2,120})\*\*\s*:?\s*$/;

/** Splits prose into items: list entries, table rows, paragraphs; each knows its section heading. */
export function segmentProse(text: string): ProseItem[] {
  const items: ProseItem[] = [];
  let section = '';
  let sectionIndex = 0;
  let current: string[] = [];
  let inFence = false;
  let columns: (FieldName | undefined)[] | undefined;
  const flush = (): void => {
    const body = current.join('\n').trim();
    if (body !== '') {
      const item: ProseItem = { section, sectionIndex, head: leadOf(body), text: body };
      const fields = fieldsOf(body);
      if (fields) item.fields = fields;
      items.push(item);
    }
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      current.push(line);
      continue;
    }
    if (inFence) {
      current.push(line);
      continue;
    }
    const heading = HEADING.exec(line) ?? BOLD_LINE.exec(line);
    if (heading) {
      flush();
      section = (heading[1] ?? '').replace(/[*_`#]/g, '').trim();
      sectionIndex++;
      continue;
    }
    if (TABLE_RULE.test(line)) {
      // The header row above the rule is column names, not an item.
      const header = items.pop();
      columns = header?.text.split(' | ').map(fieldName);
      continue;
    }
    const row = TABLE_ROW.exec(line);
    if (row) {
      flush();
      const cells = (row[1] ?? '').split('|').map((c) => c.trim());
      current.push(cells.join(' | '));
      flush();
      const added = items[items.length - 1];
      if (columns && added) {
        const fields: Partial<Record<FieldName, string>> = {};
        cells.forEach((cell, i) => {
          const name = columns?.[i];
          if (name && cell !== '') fields[name] = cell;
        });
        added.fields = fields;
      }
      continue;
    }
    columns = undefined;
    const item = LIST_ITEM.exec(line);
    if (item && !/^\s{4,}/.test(line)) {
      flush();
      current.push(item[1] ?? '');
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    current.push(line);
  }
  flush();
  return mergeFieldRuns(items);
}

function leadOf(body: string): string {
  const bold = /^\s*\*\*(.+?)\*\*/.exec(body);
  if (bold?.[1]) return bold[1];
  const firstLine = body.split('\n')[0] ?? '';
  const colon = firstLine.indexOf(':');
  if (colon > 0 && colon <= 100) return firstLine.slice(0, colon);
  const cell = firstLine.indexOf(' | ');
  if (cell > 0) return firstLine.slice(0, cell);
  return /^[^.!?]*/.exec(firstLine)?.[0] ?? firstLine;
}

const CWE_MENTION = /\bCWE[-_ ]?(\d{1,4})\b/gi;

export function cweMentions(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(CWE_MENTION)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Pillars an item is about: by CWE id or full name in its lead, by topic words in a short lead. */
export function pillarsOfItem(item: ProseItem): PillarId[] {
  const fromLead = pillarMentions(item.head);
  if (fromLead.length > 0) return fromLead;
  const topic = item.head.length <= 60 ? pillarByName(item.head, PILLAR_TOPICS) : undefined;
  if (topic !== undefined) return [topic];
  const fromSection = pillarMentions(item.section);
  if (fromSection.length === 1) return fromSection;
  const sectionTopic =
    item.section.length <= 60 ? pillarByName(item.section, PILLAR_TOPICS) : undefined;
  return sectionTopic !== undefined ? [sectionTopic] : [];
}

function pillarMentions(text: string): PillarId[] {
  const out: PillarId[] = [];
  for (const id of cweMentions(text)) if (isPillarId(id) && !out.includes(id)) out.push(id);
  const named = pillarByName(text);
  if (named !== undefined && !out.includes(named)) out.push(named);
  return out;
}

const LINE_REF =
  /\b(?:lines?|L)\s*(\d{1,6})(?:\s*(?:-|–|—|to|through)\s*L?(\d{1,6}))?((?:\s*(?:,\s*and|,|and|&)\s*\d{1,6}\b(?!\s*[-–—]))*)/gi;

/** Line references in prose, in order: "line 42", "L42", "lines 10-12", "lines 71, 82, and 101". */
export function lineMentions(text: string): LineRef[] {
  const out: LineRef[] = [];
  for (const m of text.matchAll(LINE_REF)) {
    const line = Number(m[1]);
    const end = m[2] === undefined ? undefined : Number(m[2]);
    if (line < 1) continue;
    out.push(end !== undefined && end > line ? { line, endLine: end } : { line });
    for (const more of (m[3] ?? '').matchAll(/\d{1,6}/g)) out.push({ line: Number(more[0]) });
  }
  return out;
}

/** Quoted code: inline code spans that look like code, or the first fenced block. */
export function quotedCode(text: string): string | undefined {
  // Code after "Fix:" is the remedy, not the defect.
  const body = text.split(/\b(?:fix|remediation|recommendation|mitigation)\s*:/i)[0] ?? text;
  const fence = /```[^\n]*\n([\s\S]*?)```/.exec(body);
  if (fence?.[1]?.trim()) return fence[1].replace(/\n$/, '');
  const spans = [...body.matchAll(/`([^`\n]{3,200})`/g)].map((m) => m[1] ?? '');
  return spans.find((s) => /\w\(/.test(s)) ?? spans.find((s) => /[=[\].'"]/.test(s));
}

function severityIn(text: string): Claim['severity'] {
  const m =
    /\b(?:severity|risk)\s*[:=-]?\s*\**\s*(critical|high|medium|moderate|low)\b|\b(critical|high|medium|low)[- ]severity\b/i.exec(
      text,
    );
  const word = m?.[1] ?? m?.[2];
  if (word === undefined) return undefined;
  const parsed = severityField.safeParse(word);
  return parsed.success ? parsed.data : undefined;
}

function fixIn(text: string): string | undefined {
  const m =
    /(?:\*\*)?\b(?:fix|remediation|recommendation|mitigation|suggested fix|how to fix)\b(?:\*\*)?\s*:\s*(?:\*\*)?\s*([\s\S]+?)(?:\n\s*\n|$)/i.exec(
      text,
    );
  return m?.[1]?.trim();
}

function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export interface ProseReading {
  claims: Claim[];
  pillars: PillarStatement[];
  /** The strongest "no defects" statement found, if any. */
  noDefects?: VerdictSignal;
  /** Sentences claiming no defects that were set aside because of their wording. */
  warnings: string[];
}

function sentences(text: string): string[] {
  return text
    .replace(/[*_`]/g, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function itemStance(item: ProseItem): Stance {
  const plain = item.text.replace(/[*_`]/g, '');
  const stance = classifyStance(plain);
  const fields = item.fields;
  if (!fields || (fields.cwe === undefined && fields.line === undefined)) return stance;
  // A structured finding (CWE or line field) claims a defect unless its status, or its text, denies it.
  if (fields.status !== undefined)
    return classifyStance(`| ${fields.status} |`) === 'no-defect' ? 'no-defect' : 'defect';
  return stance === 'no-defect' ? 'no-defect' : 'defect';
}

function fieldCwe(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = cweField.safeParse(value.replace(/[*_`]/g, '').trim());
  return parsed.success ? parsed.data : cweMentions(value).find((id) => !isPillarId(id));
}

function fieldLine(value: string | undefined): LineRef | undefined {
  if (value === undefined) return undefined;
  const bare = value.replace(/[*_`]/g, '').trim();
  return (
    parseLineRef(bare) ??
    lineMentions(bare)[0] ??
    parseLineRef(/\d+(?:\s*[-–]\s*\d+)?/.exec(bare)?.[0] ?? '')
  );
}

function stripCode(value: string): string {
  const fence = /```[^\n]*\n([\s\S]*?)```/.exec(value);
  if (fence?.[1] !== undefined) return fence[1].replace(/\n$/, '');
  return value.replace(/^`+|`+$/g, '').trim();
}

function claimOf(item: ProseItem, stance: Stance, itemPillars: readonly PillarId[]): Claim {
  const f = item.fields ?? {};
  const claim: Claim = { explanation: clip(f.explanation ?? item.text, 2000) };
  const cwe = fieldCwe(f.cwe) ?? cweMentions(item.text).find((id) => !isPillarId(id));
  if (cwe !== undefined) claim.cwe = cwe;
  const pillar = f.pillar !== undefined ? pillarField.safeParse(f.pillar) : undefined;
  if (pillar?.success) claim.pillar = pillar.data;
  else if (itemPillars.length === 1 && itemPillars[0] !== undefined) claim.pillar = itemPillars[0];
  const ref = fieldLine(f.line) ?? lineMentions(item.text)[0];
  if (ref) {
    claim.line = ref.line;
    if (ref.endLine !== undefined) claim.endLine = ref.endLine;
  }
  const quote = f.code !== undefined && f.code !== '' ? stripCode(f.code) : quotedCode(item.text);
  if (quote !== undefined && quote !== '') claim.quote = quote;
  const title = (f.title ?? item.head).replace(/[*_`]/g, '').trim();
  if (title !== '' && title.length <= 120) claim.title = title;
  const fix = f.fix ?? fixIn(item.text);
  if (fix !== undefined && fix !== '') claim.fix = fix;
  const severity =
    f.severity !== undefined ? severityIn(`severity: ${f.severity}`) : severityIn(item.text);
  if (severity !== undefined) claim.severity = severity;
  const confidence =
    f.confidence !== undefined
      ? confidenceField.safeParse(f.confidence.split(/\s/)[0] ?? '')
      : undefined;
  if (confidence?.success) claim.confidence = confidence.data;
  if (stance === 'hedged') claim.confidence = 'low';
  return claim;
}

/**
 * A section whose heading names a defect ("### SQL injection (CWE-89)", "**Vulnerability: ...**") and
 * whose paragraphs do not claim one on their own is one finding told over several paragraphs.
 */
function mergeDefectSections(items: readonly ProseItem[]): ProseItem[] {
  const out: ProseItem[] = [];
  for (let i = 0; i < items.length;) {
    const first = items[i];
    if (!first) break;
    let j = i;
    while (items[j]?.sectionIndex === first.sectionIndex) j++;
    const group = items.slice(i, j);
    i = j;
    const heading = first.section;
    const headingClaims =
      heading !== '' &&
      (cweMentions(heading).some((id) => !isPillarId(id)) || classifyStance(heading) === 'defect');
    if (!headingClaims || group.some((item) => itemStance(item) === 'defect')) {
      out.push(...group);
      continue;
    }
    const merged: ProseItem = {
      section: heading,
      sectionIndex: first.sectionIndex,
      head: heading,
      text: [heading, ...group.map((item) => item.text)].join('\n'),
    };
    const fields = fieldsOf(merged.text);
    if (fields) merged.fields = fields;
    out.push(merged);
  }
  return out;
}

export function readProse(text: string): ProseReading {
  const items = mergeDefectSections(segmentProse(text));
  const claims: Claim[] = [];
  const pillars = new Map<PillarId, PillarStatement>();
  const warnings: string[] = [];
  let noDefects: VerdictSignal | undefined;

  for (const item of items) {
    const stance = itemStance(item);
    const itemPillars = pillarsOfItem(item);
    for (const pillar of itemPillars) {
      const previous = pillars.get(pillar);
      const statement: PillarStatement = {
        pillar,
        defectClaimed: stance === 'defect',
        text: clip(item.text),
      };
      if (stance === 'hedged') statement.hedged = true;
      // A pillar mentioned twice keeps the strongest statement.
      if (!previous || (!previous.defectClaimed && statement.defectClaimed))
        pillars.set(pillar, statement);
    }
    const specific =
      cweMentions(item.text).some((id) => !isPillarId(id)) || lineMentions(item.text).length > 0;
    if (stance === 'defect' || (stance === 'hedged' && specific)) {
      if (stance === 'hedged')
        warnings.push(`hedged claim kept at low confidence: ${clip(item.text, 80)}`);
      claims.push(claimOf(item, stance, itemPillars));
    } else {
      for (const s of sentences(item.text)) {
        const signal = noDefectVerdict(s);
        if (signal === 'exact' || (signal === 'equivalent' && noDefects === undefined))
          noDefects = signal;
      }
    }
  }
  const reading: ProseReading = {
    claims,
    pillars: [...pillars.values()].sort((a, b) => a.pillar - b.pillar),
    warnings,
  };
  if (noDefects !== undefined) reading.noDefects = noDefects;
  return reading;
}
