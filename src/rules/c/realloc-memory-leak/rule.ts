import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { compact, stripCasts } from '../../../languages/c/expr.js';
import { storedInto } from '../../../languages/c/leaks.js';

const REALLOCATORS = ['realloc', 'reallocarray', 'OPENSSL_realloc', 'CRYPTO_realloc', 'av_realloc'];

/**
 * Whether the function copies the pointer elsewhere before the call (`old = p; p = realloc(p, n)`), so
 * that the block can still be freed when realloc fails.
 */
function savedBefore(ctx: CContext, variable: string, call: SyntaxNode): boolean {
  const fn = ctx.enclosingFunction(call)?.node.range();
  if (fn === undefined) return false;
  const at = call.range().start.index;
  const within = (n: SyntaxNode): boolean =>
    n.range().start.index > fn.start.index && n.range().start.index < at;
  const copies = (value: SyntaxNode | null): boolean =>
    value !== null && compact(stripCasts(value).text()) === variable;
  for (const a of ctx.nodes('assignment_expression')) {
    const left = a.field('left');
    if (!within(a) || left === null || compact(left.text()) === variable) continue;
    if (a.field('operator')?.text() === '=' && copies(a.field('right'))) return true;
  }
  return ctx.nodes('init_declarator').some((d) => within(d) && copies(d.field('value')));
}

export default defineCRule({
  name: 'realloc-memory-leak',
  title: 'realloc result stored over the only pointer to the original block',
  description:
    'Finds `p = realloc(p, n)`: when realloc fails it returns NULL and leaves the block allocated, and the assignment loses the only pointer to it.',
  cwe: [401],
  severity: 'warning',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default:
      'If `{{callee}}` fails it returns NULL and keeps the old block; assigning the result to `{{variable}}` loses the only pointer to that block.',
  },
  help: {
    why: 'realloc returns NULL when it cannot grow the block, and the original block stays allocated. `p = realloc(p, n)` overwrites p with NULL, so the original memory leaks, and code that continues after the failure often dereferences the NULL pointer. Attackers who control the size (a length field) can make the allocation fail at will.',
    fix: 'Store the result in a temporary and replace the pointer only on success: `void *tmp = realloc(p, n); if (tmp == NULL) { free(p); return -1; } p = tmp;`.',
  },
  requires: ['realloc'],
  *detect(ctx) {
    for (const call of ctx.calls(...REALLOCATORS)) {
      const first = call.args[0];
      const target = storedInto(call.node);
      let left = target;
      if (left === undefined) {
        // `s->buf = realloc(s->buf, n)`: a field on the left.
        let parent = call.node.parent();
        while (
          parent !== null &&
          (parent.kind() === 'cast_expression' || parent.kind() === 'parenthesized_expression')
        )
          parent = parent.parent();
        if (parent?.kind() === 'assignment_expression' && parent.field('operator')?.text() === '=')
          left = parent.field('left') ?? undefined;
      }
      if (first === undefined || left === undefined) continue;
      const variable = compact(stripCasts(left).text());
      if (variable !== compact(stripCasts(first).text())) continue;
      if (savedBefore(ctx, variable, call.node)) continue;
      yield { node: call.node.parent() ?? call.node, data: { callee: call.name, variable } };
    }
  },
});
