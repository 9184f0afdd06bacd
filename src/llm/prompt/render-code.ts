/**
 * Renders code for the model: every line with its line number in the file, changed lines (review mode)
 * marked with "+", lines left out shown as one gap line. The model answers with these numbers.
 */
import { inRanges, mergeRanges, splitLines } from '../lines.js';
import type { CodeExcerpt, LineRange } from '../types.js';

export interface RenderOptions {
  firstLine: number;
  changed?: readonly LineRange[];
  /** Show only changed ranges widened by this many lines (review mode). */
  contextLines?: number;
}

export function renderNumbered(code: string, options: RenderOptions): string {
  const lines = splitLines(code);
  const first = options.firstLine;
  const last = first + lines.length - 1;
  const width = String(Math.max(last, 1)).length;
  const changed = options.changed ?? [];
  const shown =
    options.contextLines !== undefined && changed.length > 0
      ? mergeRanges(
          changed.map((r) => ({
            start: Math.max(first, r.start - (options.contextLines ?? 0)),
            end: Math.min(last, r.end + (options.contextLines ?? 0)),
          })),
        )
      : [{ start: first, end: last }];
  const out: string[] = [];
  let next = first;
  for (const range of shown) {
    if (range.start > next) out.push(gapLine(next, range.start - 1, width));
    for (let n = range.start; n <= range.end; n++) {
      const mark = changed.length > 0 && inRanges(n, changed) ? '+' : ' ';
      out.push(`${mark}${String(n).padStart(width)} | ${lines[n - first] ?? ''}`);
    }
    next = range.end + 1;
  }
  if (next <= last) out.push(gapLine(next, last, width));
  return out.join('\n');
}

function gapLine(from: number, to: number, width: number): string {
  return ` ${' '.repeat(width)} | ... (lines ${from}-${to} not shown)`;
}

export function renderExcerpts(excerpts: readonly CodeExcerpt[]): string {
  return excerpts.map((e) => renderNumbered(e.text, { firstLine: e.firstLine })).join(`\n ... \n`);
}
