import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { compact } from '../../../languages/c/expr.js';
import {
  arrayDeclaration,
  bufferLength,
  declaredLength,
  indexedWrites,
  loopBound,
  sizeValue,
} from '../../../languages/c/rule-helpers.js';

/** Whether `bound` is the length of the array: its value, its dimension as written, or a sizeof of it. */
function isLengthOf(ctx: CContext, bound: SyntaxNode, array: SyntaxNode): boolean {
  const d = arrayDeclaration(ctx, array);
  if (d === undefined) {
    const allocated = bufferLength(ctx, array);
    return allocated !== undefined && sizeValue(ctx, bound) === allocated;
  }
  if (d.arraySizes.length !== 1) return false;
  const dim = d.arraySizes[0];
  if (dim !== null && dim !== undefined && compact(dim.text()) === compact(bound.text()))
    return true;
  const len = declaredLength(ctx, d);
  if (len === undefined) return false;
  const b = sizeValue(ctx, bound);
  return b === len;
}

function* loopWrites(ctx: CContext, loop: SyntaxNode): Generator<Detection> {
  const cond = loop.field('condition');
  const body = loop.field('body');
  if (cond === null || body === null) return;
  const inc = loopBound(cond);
  if (inc?.op !== '<=') return;
  for (const w of indexedWrites(body, inc.index)) {
    if (!isLengthOf(ctx, inc.bound, w.array)) continue;
    yield {
      node: w.node,
      data: { array: w.array.text(), index: inc.index, bound: inc.bound.text() },
    };
    return;
  }
}

export default defineCRule({
  name: 'loop-bound-off-by-one',
  title: 'Loop writes one element past an array (<= its length)',
  description:
    'Finds for and while loops whose condition lets the index reach the array length (i <= N) while the body writes array[i], one element past the end.',
  cwe: [193, 787],
  severity: 'error',
  confidence: 'high',
  tags: ['memory', 'buffer-overflow', 'off-by-one'],
  messages: {
    default:
      '`{{array}}[{{index}}]` is written while `{{index}} <= {{bound}}`; the last iteration writes one element past the end of `{{array}}`.',
  },
  help: {
    why: 'An array of N elements has indices 0 to N-1. A loop running while i <= N performs one more iteration than there are elements, and its write lands on whatever follows the array: another variable, a saved frame pointer or allocator metadata.',
    fix: 'Loop while `i < N` (or `i < sizeof a / sizeof a[0]`); if N + 1 elements are really needed, declare the array with N + 1.',
  },
  requires: ['<=', '>='],
  *detect(ctx) {
    for (const loop of [...ctx.nodes('for_statement'), ...ctx.nodes('while_statement')]) {
      yield* loopWrites(ctx, loop);
    }
  },
});
