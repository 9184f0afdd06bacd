import type { SyntaxNode } from '../../../core/syntax.js';
import {
  defineCRule,
  type CContext,
  type CDeclaration,
  type CFunction,
} from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { flowOf, roleOf } from '../../../languages/c/lifetime.js';

/** A variable with automatic storage in `fn`: a non-static local or a by-value parameter. */
function automatic(
  ctx: CContext,
  fn: CFunction,
  name: string,
  at: SyntaxNode,
): CDeclaration | undefined {
  const d = ctx.declarationOf(name, at);
  if (d === undefined || d.isStatic || d.reference) return undefined;
  if (d.isParameter) return fn.params.includes(d) && d.arraySizes.length === 0 ? d : undefined;
  return fn.locals().includes(d) && !/\bextern\b/.test(d.node.text().slice(0, 40)) ? d : undefined;
}

/** The base variable of `x`, `x[i]`, `x.f`, `x.f[i]` (not through a pointer). */
function baseObject(expr: SyntaxNode): SyntaxNode | undefined {
  let e = unparenthesize(expr);
  for (let guard = 0; guard < 20; guard++) {
    const k = e.kind();
    if (k === 'identifier') return e;
    if (k === 'subscript_expression') e = e.field('argument') ?? e;
    else if (k === 'field_expression' && !e.children().some((c) => c.text() === '->'))
      e = e.field('argument') ?? e;
    else return undefined;
    e = unparenthesize(e);
  }
  return undefined;
}

/** What a returned expression points into, when it is stack storage of the function. */
function stackTarget(ctx: CContext, fn: CFunction, value: SyntaxNode, depth = 0): string | undefined {
  const e = stripCasts(value);
  if (e.kind() === 'pointer_expression' && e.field('operator')?.text() === '&') {
    const arg = e.field('argument');
    const base = arg === null ? undefined : baseObject(arg);
    if (base === undefined) return undefined;
    const d = automatic(ctx, fn, base.text(), e);
    // `&p[i]` through a pointer variable points wherever p points.
    if (d === undefined || (d.pointerDepth > 0 && base.id() !== arg?.id())) return undefined;
    return `the address of the local \`${d.name}\``;
  }
  if (e.kind() !== 'identifier') return undefined;
  const d = automatic(ctx, fn, e.text(), e);
  if (d === undefined) return undefined;
  if (d.arraySizes.length > 0 && d.pointerDepth === 0 && !d.isParameter)
    return `the local array \`${d.name}\``;
  if (depth > 0 || d.pointerDepth === 0 || d.value === null) return undefined;
  const flow = flowOf(fn);
  const reassigned = (flow?.named(d.name) ?? []).some((id) => {
    const r = roleOf(id, new Set()).role;
    return r === 'assign' || r === 'address' || r === 'other';
  });
  if (reassigned) return undefined;
  const inner = stackTarget(ctx, fn, d.value, depth + 1);
  return inner === undefined ? undefined : `\`${d.name}\`, which points to ${inner}`;
}

function returnsReference(fn: CFunction): boolean {
  return fn.node.field('declarator')?.kind() === 'reference_declarator';
}

/** Whether a node lies inside one of the lambdas (compared by position: parent() walks are costly). */
function insideLambda(node: SyntaxNode, lambdas: readonly SyntaxNode[]): boolean {
  if (lambdas.length === 0) return false;
  const at = node.range().start.index;
  return lambdas.some((l) => {
    const r = l.range();
    return r.start.index <= at && at <= r.end.index;
  });
}

export default defineCRule({
  name: 'return-local-address',
  title: 'Return of the address of a local variable (dangling stack pointer)',
  description:
    'Finds functions that return the address of a non-static local variable or array, a pointer initialised to one, or (C++) a reference to a local.',
  cwe: [562],
  severity: 'error',
  confidence: 'high',
  tags: ['memory'],
  messages: {
    default:
      'This returns {{target}}; its storage ends when the function returns, so the caller gets a dangling pointer.',
    reference:
      'This returns a reference to the local `{{variable}}`, which is destroyed when the function returns.',
  },
  help: {
    why: "Local variables live in the function's stack frame, which is reused by the next call. The caller reads or writes through a pointer to memory that now belongs to other frames: it sees changing garbage, corrupts other variables or saved return addresses, and an attacker who influences the later calls controls what the pointer sees.",
    fix: 'Return the value itself, let the caller pass a buffer (`int f(char *out, size_t n)`), allocate with malloc/new and document that the caller frees, or use `static` storage only when the function need not be reentrant. In C++ return by value (`std::string`, `std::vector`), not a reference to a local.',
  },
  requires: ['return'],
  *detect(ctx) {
    const lambdas = ctx.nodes('lambda_expression');
    for (const ret of ctx.nodes('return_statement')) {
      const value = ret.namedChildren().find((c) => c.kind() !== 'comment');
      if (value === undefined || insideLambda(ret, lambdas)) continue;
      const fn = ctx.enclosingFunction(ret);
      if (fn === undefined) continue;
      if (ctx.isCpp && returnsReference(fn)) {
        const base = baseObject(stripCasts(value));
        const d = base === undefined ? undefined : automatic(ctx, fn, base.text(), ret);
        if (d?.pointerDepth === 0) {
          yield { node: ret, messageId: 'reference', data: { variable: d.name } };
        }
        continue;
      }
      const target = stackTarget(ctx, fn, value);
      if (target !== undefined) yield { node: ret, data: { target } };
    }
  },
});
