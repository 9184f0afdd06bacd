import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { FREE_FUNCTIONS } from '../../../languages/c/dangling.js';
import { stripCasts } from '../../../languages/c/expr.js';
import { flowOf, roleOf } from '../../../languages/c/lifetime.js';

/** What an expression points to when that is visibly not the heap; undefined otherwise. */
function nonHeapTarget(ctx: CContext, expr: SyntaxNode, at: SyntaxNode, depth = 0): string | undefined {
  const e = stripCasts(expr);
  const k = e.kind();
  if (k === 'string_literal' || k === 'concatenated_string') return 'a string literal';
  if (k === 'pointer_expression' && e.field('operator')?.text() === '&') {
    const arg = e.field('argument');
    if (arg?.kind() === 'identifier' && ctx.declarationOf(arg.text(), at) !== undefined) {
      return `the address of the variable \`${arg.text()}\``;
    }
    return undefined;
  }
  if (k !== 'identifier') return undefined;
  const decl = ctx.declarationOf(e.text(), at);
  if (decl === undefined || decl.isParameter) return undefined;
  if (decl.arraySizes.length > 0 && decl.pointerDepth === 0) {
    return decl.isStatic || !ctx.enclosingFunction(at)?.locals().includes(decl)
      ? `the static array \`${decl.name}\``
      : `the local array \`${decl.name}\``;
  }
  // A pointer initialised to point at such memory and never reassigned in the function.
  if (depth > 0 || decl.value === null || decl.pointerDepth === 0) return undefined;
  const fn = ctx.enclosingFunction(at);
  const flow = fn === undefined ? null : flowOf(fn);
  if (flow === null) return undefined;
  const reassigned = flow.named(decl.name).some((id) => {
    const r = roleOf(id, new Set()).role;
    return r === 'assign' || r === 'address' || (r === 'declare' && id.id() !== decl.nameNode.id());
  });
  if (reassigned) return undefined;
  const inner = nonHeapTarget(ctx, decl.value, at, depth + 1);
  return inner === undefined ? undefined : `\`${decl.name}\`, which points to ${inner}`;
}

export default defineCRule({
  name: 'free-of-non-heap-memory',
  title: 'Free of memory not on the heap: stack, static or literal storage',
  description:
    'Finds free() or delete applied to a local or static array, the address of a variable, a string literal, or a pointer initialised to one of those and never reassigned.',
  cwe: [590],
  severity: 'error',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default: '`{{callee}}` releases {{target}}, which was not allocated on the heap.',
  },
  help: {
    why: "free() and delete may only be given memory their allocator handed out. Given a stack or static address they corrupt the allocator's bookkeeping: the address can later be returned by malloc while it is still a live variable, so two objects overlap, and attackers who control the freed contents can forge allocator metadata.",
    fix: 'Only release what was allocated: drop the free() for arrays and variables with automatic or static storage, or allocate the buffer with malloc/new when it must outlive the function. Keep track of ownership when a pointer may point either to a stack buffer or to heap memory (a flag, or always allocate).',
  },
  requires: ['free', 'delete'],
  *detect(ctx) {
    const sites: { node: SyntaxNode; callee: string; arg: SyntaxNode | undefined }[] = ctx
      .calls(...FREE_FUNCTIONS)
      .map((c) => ({ node: c.node, callee: `${c.name}()`, arg: c.args[0] }));
    if (ctx.isCpp) {
      for (const d of ctx.nodes('delete_expression')) {
        sites.push({
          node: d,
          callee: d.text().includes('[') ? 'delete[]' : 'delete',
          arg: d.namedChildren().find((c) => c.kind() !== 'comment'),
        });
      }
    }
    for (const site of sites) {
      if (site.arg === undefined) continue;
      const target = nonHeapTarget(ctx, site.arg, site.node);
      if (target !== undefined) yield { node: site.node, data: { callee: site.callee, target } };
    }
  },
});
