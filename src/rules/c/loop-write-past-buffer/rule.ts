import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import {
  bufferLength,
  indexedWrites,
  loopBound,
  sizeValue,
} from '../../../languages/c/rule-helpers.js';

/** The first value of a `for` loop's counter when it is a non-negative constant (`int i = 0`, `i = 0`). */
function startValue(ctx: CContext, loop: SyntaxNode, index: string): number | undefined {
  const init = loop.field('initializer');
  if (init === null) return undefined;
  const m = new RegExp(`\\b${index}\\s*=\\s*([^,;]+)`).exec(init.text());
  if (m === null) return undefined;
  const value = init.find({ rule: { kind: 'number_literal', regex: `^${(m[1] ?? '').trim()}$` } });
  return value === null ? undefined : sizeValue(ctx, value);
}

function* loopWrites(ctx: CContext, loop: SyntaxNode): Generator<Detection> {
  const cond = loop.field('condition');
  const body = loop.field('body');
  if (cond === null || body === null) return;
  const b = loopBound(cond);
  if (b === undefined) return;
  const bound = sizeValue(ctx, b.bound);
  if (bound === undefined) return;
  const start = loop.kind() === 'for_statement' ? startValue(ctx, loop, b.index) : undefined;
  if (start === undefined || start < 0) return;
  const last = b.op === '<' ? bound - 1 : bound;
  if (last < start) return;
  for (const w of indexedWrites(body, b.index)) {
    const length = bufferLength(ctx, w.array);
    if (length === undefined || last < length) continue;
    // `i <= N` over an array of N elements is c/loop-bound-off-by-one's finding.
    if (b.op === '<=' && bound === length) continue;
    yield {
      node: w.node,
      data: { array: w.array.text(), index: b.index, last, length },
    };
    return;
  }
}

export default defineCRule({
  name: 'loop-write-past-buffer',
  title: 'Loop writes past the end of a buffer of known size',
  description:
    'Finds counting loops with constant bounds whose body writes buffer[i] for indices beyond the length of the array or allocation the buffer refers to.',
  cwe: [787],
  severity: 'error',
  confidence: 'high',
  tags: ['memory', 'buffer-overflow'],
  messages: {
    default:
      'The loop writes `{{array}}[{{index}}]` up to index {{last}}, but `{{array}}` has only {{length}} elements.',
  },
  help: {
    why: 'The loop bound and the buffer size disagree: the last iterations write beyond the end of the buffer, over neighbouring variables, saved registers or heap metadata. This typically happens when a buffer is shrunk, a pointer is redirected to a smaller buffer, or a bound is copied from the source instead of the destination.',
    fix: 'Bound the loop by the destination: `for (i = 0; i < sizeof dst / sizeof dst[0]; i++)`, or by the smaller of the two sizes when copying; keep the size next to the pointer when a buffer is passed around.',
  },
  requires: ['for'],
  *detect(ctx) {
    for (const loop of ctx.nodes('for_statement')) yield* loopWrites(ctx, loop);
  },
});
