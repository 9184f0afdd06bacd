/**
 * The tolerant answer parser: whatever a model returned (structured JSON, fenced JSON, JSON inside
 * prose, several JSON blocks, cut-off JSON, or a prose review), read the claims, the per-pillar
 * statements and the verdict, and say how it was read and what was doubtful. Never throws.
 */
import type { Claim, ParsedReview, PillarStatement, ReviewVerdict } from '../types.js';
import { isAnswerShaped, readJsonAnswer, type JsonReading } from './json-answer.js';
import { readProse } from './prose.js';
import { isRefusal, noDefectVerdict } from './stance.js';
import { JsonSyntaxError, readTolerantJson } from './tolerant-json.js';

export { classifyStance, noDefectVerdict } from './stance.js';

interface JsonBlock {
  value: unknown;
  complete: boolean;
  fenced: boolean;
  start: number;
  end: number;
  /** Extent including the fence lines, for what prose surrounds the JSON. */
  outerStart: number;
  outerEnd: number;
  repairs: string[];
}

const FENCE = /```[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*```|$(?![\s\S]))/g;

function tryRead(text: string, start: number): ReturnType<typeof readTolerantJson> | undefined {
  try {
    return readTolerantJson(text, start);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return undefined;
    throw e;
  }
}

/** Answer-shaped JSON values in the text: fenced blocks first, then bare objects or arrays. */
function findJsonBlocks(text: string): JsonBlock[] {
  const blocks: JsonBlock[] = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(FENCE)) {
    const lang = (m[1] ?? '').toLowerCase();
    const body = m[2] ?? '';
    const bodyStart = m.index + m[0].indexOf(body);
    // Code in a fence (a quoted Python dict, a fix) is never read as the answer.
    taken.push([m.index, m.index + m[0].length]);
    const first = body.search(/\S/);
    if (first === -1) continue;
    if (lang !== '' && !lang.startsWith('json')) continue;
    if (body[first] !== '{' && body[first] !== '[') continue;
    const r = tryRead(body, first);
    if (r && isAnswerShaped(r.value))
      blocks.push({
        value: r.value,
        complete: r.complete,
        fenced: true,
        start: bodyStart,
        end: bodyStart + r.end,
        outerStart: m.index,
        outerEnd: m.index + m[0].length,
        repairs: r.repairs,
      });
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '{' && c !== '[') continue;
    if (taken.some(([a, b]) => i >= a && i < b)) continue;
    const r = tryRead(text, i);
    if (!r || !isAnswerShaped(r.value)) continue;
    blocks.push({
      value: r.value,
      complete: r.complete,
      fenced: false,
      start: i,
      end: r.end,
      outerStart: i,
      outerEnd: r.end,
      repairs: r.repairs,
    });
    taken.push([i, r.end]);
    i = r.end - 1;
  }
  return blocks.sort((a, b) => a.start - b.start);
}

function claimKey(c: Claim): string {
  return JSON.stringify([c.cwe, c.line, c.quote, c.explanation, c.candidate?.id]);
}

function isDefectClaim(c: Claim): boolean {
  return c.candidate?.decision !== 'rejected';
}

function verdictFrom(
  claims: readonly Claim[],
  pillars: readonly PillarStatement[],
  saysClean: boolean,
  hadExplicitList: boolean,
  truncated: boolean,
  warnings: string[],
): ReviewVerdict {
  const defects = claims.filter(isDefectClaim).length;
  const pillarDefects = pillars.filter((p) => p.defectClaimed).length;
  if (defects > 0) {
    if (saysClean)
      warnings.push('the answer states no defects but also claims defects; taken as defects');
    return 'defects';
  }
  if (pillarDefects > 0) {
    warnings.push('a pillar statement claims a defect that no claim describes');
    return 'defects';
  }
  if (truncated) return 'unknown';
  if (saysClean) return 'no-defects';
  if (hadExplicitList) {
    warnings.push('no verdict stated; an empty list of findings taken as no defects');
    return 'no-defects';
  }
  warnings.push('no verdict stated and no defect claimed');
  return 'unknown';
}

function unsupportedDefects(warnings: string[]): ReviewVerdict {
  warnings.push('the verdict claims defects but no finding describes one');
  return 'unknown';
}

function fromJson(text: string, blocks: JsonBlock[]): ParsedReview {
  const warnings: string[] = [];
  const claims: Claim[] = [];
  const seen = new Set<string>();
  const pillars = new Map<number, PillarStatement>();
  let verdictText: string | undefined;
  let reasoning: string | undefined;
  let hasList = false;
  let truncated = false;
  const repairs = new Set<string>();
  if (blocks.length > 1)
    warnings.push(`${blocks.length} JSON blocks found; their claims are merged`);
  for (const block of blocks) {
    block.repairs.forEach((r) => repairs.add(r));
    if (!block.complete) truncated = true;
    const reading: JsonReading = readJsonAnswer(block.value, warnings);
    for (const c of reading.claims) {
      const key = claimKey(c);
      if (seen.has(key)) continue;
      seen.add(key);
      claims.push(c);
    }
    for (const p of reading.pillars) {
      const prev = pillars.get(p.pillar);
      if (!prev || (!prev.defectClaimed && p.defectClaimed)) pillars.set(p.pillar, p);
    }
    verdictText = reading.verdictText ?? verdictText;
    reasoning = reading.reasoning ?? reasoning;
    hasList ||= reading.hasFindingList;
  }
  if (repairs.size > 0) warnings.push(`JSON repaired: ${[...repairs].sort().join(', ')}`);
  if (truncated)
    warnings.push(`the JSON answer is truncated; ${claims.length} complete claim(s) recovered`);
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  const before = first ? text.slice(0, first.outerStart).trim() : '';
  const after = last ? text.slice(last.outerEnd).trim() : '';
  const prose = [before, after].filter((s) => s !== '').join('\n\n');
  if (prose !== '' && reasoning === undefined) reasoning = prose;
  let saysClean = false;
  let saysDefects = false;
  if (verdictText !== undefined) {
    if (noDefectVerdict(verdictText) !== undefined) saysClean = true;
    else if (/defect|vulnerab|issue|finding/i.test(verdictText)) saysDefects = true;
    else warnings.push(`verdict not understood: ${JSON.stringify(verdictText.slice(0, 80))}`);
  } else if (prose !== '') {
    // The clean verdict is sometimes written after the JSON rather than in it.
    saysClean = readProse(prose).noDefects !== undefined;
  }
  const pillarList = [...pillars.values()].sort((a, b) => a.pillar - b.pillar);
  const review: ParsedReview = {
    mode: blocks.every((b) => b.fenced) ? 'fenced-json' : 'json',
    verdict:
      saysDefects && !claims.some(isDefectClaim)
        ? unsupportedDefects(warnings)
        : verdictFrom(claims, pillarList, saysClean, hasList, truncated, warnings),
    claims,
    pillars: pillarList,
    warnings,
    truncated,
    refusal: false,
  };
  if (reasoning !== undefined) review.reasoning = reasoning;
  return review;
}

function fromProse(text: string): ParsedReview {
  const reading = readProse(text);
  const warnings = [...reading.warnings];
  const refusal = reading.claims.length === 0 && reading.noDefects === undefined && isRefusal(text);
  if (refusal) {
    warnings.push('the model declined to review the code');
    return {
      mode: 'prose',
      verdict: 'unknown',
      claims: [],
      pillars: reading.pillars,
      warnings,
      truncated: false,
      refusal: true,
    };
  }
  const nothing =
    reading.claims.length === 0 && reading.pillars.length === 0 && reading.noDefects === undefined;
  if (nothing) warnings.push('no verdict, pillar statement or claim found in the answer');
  return {
    mode: nothing ? 'unparseable' : 'prose',
    verdict: nothing
      ? 'unknown'
      : verdictFrom(
          reading.claims,
          reading.pillars,
          reading.noDefects !== undefined,
          false,
          false,
          warnings,
        ),
    claims: reading.claims,
    pillars: reading.pillars,
    warnings,
    truncated: false,
    refusal: false,
  };
}

function unparseable(warning: string, truncated = false): ParsedReview {
  return {
    mode: 'unparseable',
    verdict: 'unknown',
    claims: [],
    pillars: [],
    warnings: [warning],
    truncated,
    refusal: false,
  };
}

/**
 * Reasoning models served through OpenAI-compatible servers (Ollama, vLLM) put their thinking in
 * <think>...</think> before the answer. It is musing, not the review: set aside, kept as reasoning.
 */
function splitThinking(text: string): { answer: string; thinking?: string; unclosed: boolean } {
  const open = /^\s*<(think|thinking|reasoning)>/i.exec(text);
  if (!open) return { answer: text, unclosed: false };
  const tag = open[1] ?? 'think';
  const close = text.toLowerCase().indexOf(`</${tag.toLowerCase()}>`, open[0].length);
  if (close === -1)
    return { answer: '', thinking: text.slice(open[0].length).trim(), unclosed: true };
  return {
    answer: text.slice(close + tag.length + 3),
    thinking: text.slice(open[0].length, close).trim(),
    unclosed: false,
  };
}

export function parseAnswer(text: string): ParsedReview {
  if (text.trim() === '') return unparseable('empty answer');
  const { answer, thinking, unclosed } = splitThinking(text);
  if (unclosed)
    return unparseable("the answer ended inside the model's reasoning (<think> not closed)", true);
  if (answer.trim() === '') return unparseable("the answer holds only the model's reasoning");
  const blocks = findJsonBlocks(answer);
  const review = blocks.length > 0 ? fromJson(answer, blocks) : fromProse(answer);
  if (thinking !== undefined && thinking !== '') {
    review.reasoning =
      review.reasoning === undefined ? thinking : `${thinking}\n\n${review.reasoning}`;
  }
  return review;
}
