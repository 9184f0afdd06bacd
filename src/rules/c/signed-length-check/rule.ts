import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import {
  LENGTH_ARGUMENT,
  callArgsOf,
  comparisonsIn,
  conditionsBefore,
  mentions,
  lastValueBefore,
} from '../../../languages/c/rule-helpers.js';

const SIGNED =
  /\b(?:int|short|long|char|signed|ssize_t|off_t|ptrdiff_t|intptr_t|int(?:8|16|32|64)_t|qint(?:8|16|32|64)|qsizetype|LONG|INT|SHORT)\b/;
const UNSIGNED =
  /\b(?:unsigned|size_t|uint\w*|u_\w+|DWORD|UINT|ULONG|WORD|BYTE|quint\w*|bool|_Bool)\b/;

interface Bounds {
  upper: boolean;
  lower: boolean;
}

/** Which sides of `name` the comparisons before a call bound. */
function boundsOf(ctx: CContext, name: string, conditions: readonly SyntaxNode[]): Bounds {
  const b: Bounds = { upper: false, lower: false };
  for (const cond of conditions) {
    for (const c of comparisonsIn(cond)) {
      const l = c.field('left');
      const r = c.field('right');
      if (l === null || r === null) continue;
      const op = c.field('operator')?.text() ?? '';
      let other: SyntaxNode;
      let nameOnLeft: boolean;
      if (unparenthesize(l).text() === name) {
        other = r;
        nameOnLeft = true;
      } else if (unparenthesize(r).text() === name) {
        other = l;
        nameOnLeft = false;
      } else {
        if (mentions(c, name) && op.startsWith('<')) b.upper = true;
        continue;
      }
      const v = ctx.constantValue(unparenthesize(other));
      // A comparison with 0 or 1 (or below) tests the sign, whichever way it is written.
      if (v !== undefined && v <= 1) b.lower = true;
      else if ((nameOnLeft && op.startsWith('<')) || (!nameOnLeft && op.startsWith('>')))
        b.upper = true;
      else if (v !== undefined) b.upper = true; // `if (n > MAX) return;` as an early exit
    }
  }
  return b;
}

export default defineCRule({
  name: 'signed-length-check',
  title: 'Signed length checked only from above, then used as a size',
  description:
    'Finds a signed integer length that is compared with an upper bound but never checked for being negative before it is passed as a size_t to memcpy, malloc, read and similar functions.',
  cwe: [195],
  severity: 'error',
  confidence: 'medium',
  tags: ['integer', 'buffer-overflow'],
  messages: {
    default:
      '`{{name}}` is signed and only checked from above; a negative value passes the check and becomes a huge size when `{{fn}}` converts it to size_t.',
  },
  help: {
    why: 'A check like `if (len < sizeof buf)` on a signed `int len` lets every negative value through. When that value is then passed to memcpy, malloc or read, it is converted to size_t and a length of -1 becomes 2^64 - 1 (or 2^32 - 1): the copy runs over the whole address space or the allocation is far smaller than expected.',
    fix: 'Check both sides (`if (len < 0 || (size_t)len >= sizeof buf) return -1;`) or keep lengths in `size_t` from the start, converting and checking at the point where a signed value is read.',
  },
  requires: Object.keys(LENGTH_ARGUMENT),
  *detect(ctx) {
    for (const call of ctx.calls(...Object.keys(LENGTH_ARGUMENT))) {
      const arg = callArgsOf(call.node)[LENGTH_ARGUMENT[call.name] ?? -1];
      if (arg === undefined) continue;
      const v = stripCasts(arg);
      if (v.kind() !== 'identifier') continue;
      const name = v.text();
      const d = ctx.declarationOf(name, v);
      if (d === undefined || d.pointerDepth > 0 || d.arraySizes.length > 0) continue;
      if (!SIGNED.test(d.typeText) || UNSIGNED.test(d.typeText)) continue;
      const body = ctx.enclosingFunction(call.node)?.body;
      if (body === null || body === undefined) continue;
      // The value the call sees: a non-negative constant stored last (`n = sizeof buf;`) is safe.
      const last = lastValueBefore(ctx, d, call.node);
      if (last !== undefined && ctx.isConstant(last) && (ctx.constantValue(last) ?? 0) >= 0)
        continue;
      const bounds = boundsOf(ctx, name, conditionsBefore(ctx, call.node));
      if (!bounds.upper || bounds.lower) continue;
      yield { node: call.node, data: { name, fn: call.name } };
    }
  },
});
