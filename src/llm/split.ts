/**
 * Splits a long file into parts a model can review well: answers get worse as inputs grow, so a file
 * over the token budget is cut at function and class boundaries, and every part carries the context
 * the model needs to read it (the imports, and the header of the class a method belongs to).
 *
 * - Units come from the registered grammar (Python: top-level functions, classes, and statements
 *   between them; a class too big for one part is split into its methods), or for other languages
 *   from a heuristic: a line at column 0 after a blank line or after a block closed at column 0
 *   ("}", "end") starts a new unit.
 * - Consecutive units are packed into parts up to the budget. A single unit larger than the budget is
 *   sliced by lines with an overlap, and those parts are marked `slicedUnit`.
 * - Parts cover every line of the file. With `maxParts`, the rest is recorded as truncated with the
 *   uncovered line ranges: nothing is dropped silently.
 *
 * Pure: the source text in, a plan out.
 */
import { parse, type SgNode } from '@ast-grep/napi';
import { ensureGrammars } from '../languages/grammar.js';
import { LANGUAGES } from '../languages/index.js';
import { mergeRanges, splitLines } from './lines.js';
import type { CodeExcerpt, LineRange, SplitOptions, SplitPart, SplitPlan } from './types.js';

/**
 * A rough token count (about four characters per token for code with current BPE tokenizers). Used
 * for budgets, not for billing.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The line-number margin the prompt adds to every line ("  123 | "). */
const MARGIN_TOKENS_PER_LINE = 2;
/** Imports and headers may take at most this share of a part's budget. */
const CONTEXT_SHARE = 1 / 3;
const DEFAULT_OVERLAP = 5;

interface Unit {
  start: number;
  end: number;
  name?: string;
  /** A class: its members, and the header lines shown as context when it is split. */
  members?: Unit[];
  header?: LineRange;
}

function lineTokens(lines: readonly string[], from: number, to: number): number {
  let total = 0;
  for (let n = from; n <= to; n++)
    total += estimateTokens(lines[n - 1] ?? '') + MARGIN_TOKENS_PER_LINE;
  return total;
}

/** Extends units so that together they cover [from, to] without gaps (leading comments join the next). */
function cover(units: Unit[], from: number, to: number): Unit[] {
  if (units.length === 0) return [{ start: from, end: to }];
  const sorted = [...units].sort((a, b) => a.start - b.start);
  sorted.forEach((u, i) => {
    const next = sorted[i + 1];
    u.start = i === 0 ? from : u.start;
    u.end = next ? next.start - 1 : to;
    // A class's last member reaches to wherever the class now ends.
    const lastMember = u.members?.[u.members.length - 1];
    if (lastMember) lastMember.end = u.end;
  });
  return sorted;
}

// --- Python (grammar) --------------------------------------------------------------------------------

const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

function startLine(node: SgNode): number {
  return node.range().start.line + 1;
}

function endLine(node: SgNode): number {
  return node.range().end.line + 1;
}

function definitionOf(node: SgNode): SgNode {
  return node.kind() === 'decorated_definition' ? (node.field('definition') ?? node) : node;
}

function unitsOf(nodes: readonly SgNode[], from: number, to: number, prefix: string): Unit[] {
  const units: Unit[] = [];
  let loose: Unit | undefined;
  for (const node of nodes) {
    if (!node.isNamed()) continue;
    if (!DEFINITIONS.has(String(node.kind()))) {
      if (loose) loose.end = endLine(node);
      else units.push((loose = { start: startLine(node), end: endLine(node) }));
      continue;
    }
    loose = undefined;
    const def = definitionOf(node);
    const name = `${prefix}${def.field('name')?.text() ?? '?'}`;
    const unit: Unit = { start: startLine(node), end: endLine(node), name };
    if (def.kind() === 'class_definition') {
      const body = def.field('body');
      const members = body?.children().filter((c) => c.isNamed()) ?? [];
      const firstMember = members[0];
      if (body && firstMember) {
        const bodyStart = startLine(firstMember);
        unit.header = {
          start: unit.start,
          end: Math.max(unit.start, Math.min(bodyStart - 1, startLine(def) + 2)),
        };
        unit.members = unitsOf(members, bodyStart, unit.end, `${name}.`);
        if (unit.members.length > 0 && unit.header.end >= unit.start) {
          // The class line itself belongs to the first member part, so every line is reviewed.
          const first = unit.members[0];
          if (first) first.start = unit.start;
        }
      }
    }
    units.push(unit);
  }
  return cover(units, from, to);
}

function pythonUnits(source: string, total: number): { units: Unit[]; imports: LineRange[] } {
  ensureGrammars();
  const root = parse('python', source).root();
  const top = root.children();
  const imports = mergeRanges(
    top
      .filter((n) => IMPORTS.has(String(n.kind())))
      .map((n) => ({ start: startLine(n), end: endLine(n) })),
  );
  return { units: unitsOf(top, 1, total, ''), imports };
}

// --- Other languages (heuristic) --------------------------------------------------------------------

const IMPORT_LINE = /^\s*(?:import|from|#include|using|require|package|use)\b/;

function heuristicUnits(lines: readonly string[]): { units: Unit[]; imports: LineRange[] } {
  const starts: number[] = [1];
  lines.forEach((text, i) => {
    const previous = lines[i - 1];
    // A top-level line after a blank line, or after a block closed at column 0 ("}", "};", "end").
    const closesBlock = previous !== undefined && /^(?:\}[;,)]*|end)\s*$/.test(previous);
    if (i > 0 && (previous?.trim() === '' || closesBlock) && /^\S/.test(text)) starts.push(i + 1);
  });
  const units = starts.map((start) => ({ start, end: start }));
  const imports: LineRange[] = [];
  lines.forEach((text, i) => {
    if (IMPORT_LINE.test(text)) imports.push({ start: i + 1, end: i + 1 });
  });
  return { units: cover(units, 1, lines.length), imports: mergeRanges(imports) };
}

// --- Packing -------------------------------------------------------------------------------------------

interface Draft {
  start: number;
  end: number;
  context: LineRange[];
  units: string[];
  slicedUnit: boolean;
  overlap?: LineRange;
}

/** Context ranges limited to a token allowance (the first lines win). */
function limitContext(
  lines: readonly string[],
  ranges: readonly LineRange[],
  allowance: number,
): LineRange[] {
  const out: LineRange[] = [];
  let used = 0;
  for (const r of ranges) {
    let end = r.start - 1;
    for (let n = r.start; n <= r.end; n++) {
      const t = lineTokens(lines, n, n);
      if (used + t > allowance) break;
      used += t;
      end = n;
    }
    if (end >= r.start) out.push({ start: r.start, end });
    if (end < r.end) break;
  }
  return out;
}

function pack(
  lines: readonly string[],
  units: readonly Unit[],
  context: readonly LineRange[],
  budget: number,
  overlapLines: number,
): Draft[] {
  const contextTokens = context.reduce((sum, r) => sum + lineTokens(lines, r.start, r.end), 0);
  const available = Math.max(1, budget - contextTokens);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let currentTokens = 0;
  for (const unit of units) {
    const tokens = lineTokens(lines, unit.start, unit.end);
    if (tokens <= available) {
      if (current && currentTokens + tokens <= available) {
        current.end = unit.end;
        if (unit.name) current.units.push(unit.name);
        currentTokens += tokens;
      } else {
        current = {
          start: unit.start,
          end: unit.end,
          context: [...context],
          units: unit.name ? [unit.name] : [],
          slicedUnit: false,
        };
        currentTokens = tokens;
        drafts.push(current);
      }
      continue;
    }
    current = undefined;
    if (unit.members && unit.header) {
      drafts.push(...pack(lines, unit.members, [...context, unit.header], budget, overlapLines));
      continue;
    }
    drafts.push(...slice(lines, unit, context, available, overlapLines));
  }
  return drafts;
}

/** Slices one unit by lines into windows of at most `available` tokens, overlapping by a few lines. */
function slice(
  lines: readonly string[],
  unit: Unit,
  context: readonly LineRange[],
  available: number,
  overlapLines: number,
): Draft[] {
  const drafts: Draft[] = [];
  let start = unit.start;
  for (;;) {
    let end = start;
    let tokens = lineTokens(lines, start, start);
    while (end < unit.end && tokens + lineTokens(lines, end + 1, end + 1) <= available) {
      end++;
      tokens += lineTokens(lines, end, end);
    }
    const draft: Draft = {
      start,
      end,
      context: [...context],
      units: unit.name ? [unit.name] : [],
      slicedUnit: true,
    };
    const previous = drafts[drafts.length - 1];
    if (previous && start <= previous.end) draft.overlap = { start, end: previous.end };
    drafts.push(draft);
    if (end >= unit.end) return drafts;
    // Step back for the overlap, but always move forward.
    start = Math.max(start + 1, end + 1 - overlapLines);
  }
}

function excerpts(
  lines: readonly string[],
  ranges: readonly LineRange[],
  own: LineRange,
): CodeExcerpt[] {
  const out: CodeExcerpt[] = [];
  for (const r of mergeRanges(ranges)) {
    // Lines already in the part are not repeated as context.
    const pieces = [
      { start: r.start, end: Math.min(r.end, own.start - 1) },
      { start: Math.max(r.start, own.end + 1), end: r.end },
    ];
    for (const p of pieces) {
      if (p.end >= p.start)
        out.push({ firstLine: p.start, text: joinLines(lines, p.start, p.end) });
    }
  }
  return out;
}

/** Lines from..to, each ending in a newline, so a final blank line is kept (see splitLines). */
function joinLines(lines: readonly string[], from: number, to: number): string {
  return lines
    .slice(from - 1, to)
    .map((l) => `${l}\n`)
    .join('');
}

function grammarFor(language: string): string | undefined {
  return LANGUAGES.find((l) => l.id === language)?.grammar;
}

export function splitForReview(
  source: string,
  language: string,
  budgetTokens: number,
  options: SplitOptions = {},
): SplitPlan {
  const lines = splitLines(source);
  const total = lines.length;
  const budget = Math.max(1, Math.floor(budgetTokens));
  const whole = lineTokens(lines, 1, total);
  if (whole <= budget) {
    const part: SplitPart = {
      index: 1,
      count: 1,
      startLine: 1,
      endLine: total,
      text: joinLines(lines, 1, total),
      context: [],
      units: [],
      slicedUnit: false,
      estimatedTokens: whole,
    };
    return { parts: [part], coverage: { kind: 'whole' }, totalLines: total, method: 'whole' };
  }
  const grammar = grammarFor(language);
  let found: { units: Unit[]; imports: LineRange[] };
  let method: SplitPlan['method'] = 'heuristic';
  if (grammar === 'python') {
    try {
      found = pythonUnits(source, total);
      method = 'grammar';
    } catch {
      found = heuristicUnits(lines);
    }
  } else {
    found = heuristicUnits(lines);
  }
  const context = limitContext(lines, found.imports, Math.floor(budget * CONTEXT_SHARE));
  const drafts = pack(lines, found.units, context, budget, options.overlapLines ?? DEFAULT_OVERLAP);
  const kept =
    options.maxParts !== undefined ? drafts.slice(0, Math.max(1, options.maxParts)) : drafts;
  const parts: SplitPart[] = kept.map((d, i) => {
    const text = joinLines(lines, d.start, d.end);
    const context = excerpts(lines, d.context, { start: d.start, end: d.end });
    const part: SplitPart = {
      index: i + 1,
      count: kept.length,
      startLine: d.start,
      endLine: d.end,
      text,
      context,
      units: d.units,
      slicedUnit: d.slicedUnit,
      estimatedTokens:
        lineTokens(lines, d.start, d.end) +
        context.reduce(
          (sum, c) => sum + lineTokens(splitLines(c.text), 1, splitLines(c.text).length),
          0,
        ),
    };
    if (d.overlap) part.overlap = d.overlap;
    return part;
  });
  const covered = mergeRanges(parts.map((p) => ({ start: p.startLine, end: p.endLine })));
  const uncovered = gaps(covered, total);
  const coverage: SplitPlan['coverage'] =
    uncovered.length > 0
      ? { kind: 'truncated', parts: parts.length, uncovered }
      : { kind: 'split', parts: parts.length };
  return { parts, coverage, totalLines: total, method };
}

function gaps(covered: readonly LineRange[], total: number): LineRange[] {
  const out: LineRange[] = [];
  let next = 1;
  for (const r of covered) {
    if (r.start > next) out.push({ start: next, end: r.start - 1 });
    next = Math.max(next, r.end + 1);
  }
  if (next <= total) out.push({ start: next, end: total });
  return out;
}
