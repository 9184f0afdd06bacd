import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { unparenthesize } from '../../../languages/c/expr.js';
import {
  callArgsOf,
  comparisonsIn,
  conditionsBefore,
  mentions,
  sizeValue,
  writesTo,
} from '../../../languages/c/rule-helpers.js';

/** Allocators by name: the index of the size argument. calloc checks its multiplication itself. */
const ALLOCATORS: Readonly<Record<string, number>> = {
  malloc: 0,
  alloca: 0,
  _alloca: 0,
  xmalloc: 0,
  g_malloc: 0,
  g_malloc0: 0,
  kmalloc: 0,
  realloc: 1,
  xrealloc: 1,
  g_realloc: 1,
};

/** Functions that check a multiplication for overflow; their presence before the call is a check. */
const OVERFLOW_CHECK =
  /__builtin_(?:u?mul|mul)\w*_overflow|\bckd_mul\b|\bSIZE_MAX\s*\/|\bINT_MAX\s*\/|\bUINT_MAX\s*\/|\bSSIZE_MAX\s*\/|numeric_limits\s*<[^>]*>\s*::\s*max\s*\(\s*\)\s*\//;

/** The multiplications inside a size expression, outermost first. */
function multiplications(size: SyntaxNode): SyntaxNode[] {
  const all = [size, ...size.findAll({ rule: { kind: 'binary_expression' } })];
  return all.filter((b) => b.kind() === 'binary_expression' && b.field('operator')?.text() === '*');
}

/** A local whose every value in the function is a constant (`int n = 20; ... n = 40;`). */
function constantLocal(ctx: CContext, name: string, at: SyntaxNode): boolean {
  const d = ctx.declarationOf(name, at);
  if (d === undefined || d.isParameter) return false;
  const body = ctx.enclosingFunction(at)?.body ?? null;
  if (body === null) return d.isConst && d.value !== null && ctx.isConstant(d.value);
  const values = [...(d.value === null ? [] : [d.value]), ...writesTo(name, body)];
  return values.length > 0 && values.every((v) => ctx.isConstant(v));
}

/** A comparison before the allocation that bounds `name` from above (not just `n > 0`). */
function bounded(ctx: CContext, name: string, conditions: readonly SyntaxNode[]): boolean {
  return conditions.some((cond) =>
    comparisonsIn(cond).some((c) => {
      const l = c.field('left');
      const r = c.field('right');
      if (l === null || r === null) return false;
      const op = c.field('operator')?.text() ?? '';
      // `n < LIMIT`, `n <= LIMIT`, `LIMIT > n`, `LIMIT >= n`, and the same tests as early exits.
      const [small, big] = op.startsWith('<') ? [l, r] : [r, l];
      if (mentions(small, name)) return ctx.constantValue(unparenthesize(big)) !== 0;
      // `if (n > LIMIT) return;` bounds n as well.
      return mentions(big, name) && ctx.constantValue(unparenthesize(small)) !== 0;
    }),
  );
}

/** Variables read by an expression outside `sizeof` and callee names. */
function operands(expr: SyntaxNode): string[] {
  const ids =
    expr.kind() === 'identifier' ? [expr] : expr.findAll({ rule: { kind: 'identifier' } });
  const out = new Set<string>();
  for (const id of ids) {
    if (id.inside({ rule: { kind: 'sizeof_expression' } })) continue;
    const parent = id.parent();
    if (parent?.kind() === 'call_expression' && parent.field('function')?.id() === id.id())
      continue;
    out.add(id.text());
  }
  return [...out];
}

function* checkSize(ctx: CContext, call: SyntaxNode, size: SyntaxNode, fn: string): Generator<Detection> {
  const products = multiplications(size);
  if (products.length === 0) return;
  const body = ctx.enclosingFunction(call)?.body;
  if (body !== null && body !== undefined && OVERFLOW_CHECK.test(body.text())) return;
  const conditions = conditionsBefore(ctx, call);
  for (const product of products) {
    if (ctx.isConstant(product)) continue;
    // `sizeof(char) * n` cannot wrap: multiplying by one.
    const factors = [product.field('left'), product.field('right')];
    if (factors.some((f) => f !== null && sizeValue(ctx, f) === 1)) continue;
    const open = operands(product).filter(
      (n) =>
        !ctx.macros.has(n) &&
        !/^[A-Z][A-Z0-9_]*$/.test(n) &&
        !constantLocal(ctx, n, call) &&
        !bounded(ctx, n, conditions),
    );
    if (open.length === 0) continue;
    yield { node: call, data: { fn, product: product.text(), names: open.join('`, `') } };
    return;
  }
}

export default defineCRule({
  name: 'allocation-size-overflow',
  title: 'Allocation size multiplied without an overflow check',
  description:
    'Finds malloc, realloc, alloca and new[] whose size multiplies a value that is neither constant nor bounded by a check before the call, so the product can wrap around to a small allocation.',
  cwe: [190, 680],
  severity: 'warning',
  confidence: 'medium',
  tags: ['integer-overflow', 'memory'],
  messages: {
    default:
      'The size of `{{fn}}` multiplies `{{product}}`; `{{names}}` is not bounded before, so the product can wrap around and allocate less than is later written.',
  },
  help: {
    why: 'Size arithmetic is done in a fixed-width type. When a count from input is large enough, `count * sizeof(T)` wraps around to a small number, the allocation succeeds with a tiny buffer, and the loop or copy that fills `count` elements writes far past its end: an integer overflow turned into a heap overflow.',
    fix: 'Use `calloc(count, size)` (it checks the product), `reallocarray(p, count, size)`, or check first: `if (count > SIZE_MAX / sizeof(T)) return -1;`. Bound counts read from input against a sane maximum. In C++ prefer `std::vector<T>(count)`.',
  },
  requires: ['*'],
  *detect(ctx) {
    for (const call of ctx.calls(...Object.keys(ALLOCATORS))) {
      const size = callArgsOf(call.node)[ALLOCATORS[call.name] ?? 0];
      if (size !== undefined) yield* checkSize(ctx, call.node, size, call.name);
    }
    for (const n of ctx.isCpp ? ctx.nodes('new_expression') : []) {
      const count = n
        .find({ rule: { kind: 'new_declarator' } })
        ?.namedChildren()
        .find((c) => c.kind() !== 'comment' && c.kind() !== 'new_declarator');
      if (count !== undefined) yield* checkSize(ctx, n, count, 'new[]');
    }
  },
});
