import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type PythonContext } from '../../../engine/rule-api.js';
import { literalValue, unwrap } from '../../../languages/python/expr.js';
import { exprKey, inNestedScope, kindOf } from '../../../languages/python/flow-helpers.js';

/** The argument of `len(x)` as a key, or undefined when `node` is not such a call. */
function lenOf(ctx: PythonContext, node: SgNode): string | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'call') return undefined;
  const fn = n.field('function');
  if (fn === null || !ctx.resolve(fn).includes('len')) return undefined;
  const args =
    n
      .field('arguments')
      ?.namedChildren()
      .filter((c) => c.kind() !== 'comment') ?? [];
  const only = args[0];
  if (args.length !== 1 || only === undefined || only.kind() === 'list_splat') return undefined;
  return exprKey(only);
}

/** `len(x) + 1` or `1 + len(x)`: the key of x. */
function lenPlusOne(ctx: PythonContext, node: SgNode): string | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'binary_operator' || n.field('operator')?.text() !== '+') return undefined;
  const l = n.field('left');
  const r = n.field('right');
  if (l === null || r === null) return undefined;
  if (literalValue(r) === 1) return lenOf(ctx, l);
  if (literalValue(l) === 1) return lenOf(ctx, r);
  return undefined;
}

/** `i + 1` or `1 + i` for the loop variable i. */
function isNextIndex(node: SgNode, index: string): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'binary_operator' || n.field('operator')?.text() !== '+') return false;
  const l = n.field('left');
  const r = n.field('right');
  if (l === null || r === null) return false;
  return (
    (exprKey(l) === index && literalValue(r) === 1) ||
    (exprKey(r) === index && literalValue(l) === 1)
  );
}

interface RangeBound {
  /** Key of the sequence whose length bounds the range. */
  seq: string;
  /** 'past-end' for `range(len(x) + 1)`; 'to-end' for `range(len(x))`. */
  stop: 'past-end' | 'to-end';
}

/** `range([start,] len(x) + 1 [, 1])`, or `range([start,] len(x) [, 1])`. */
function rangeBound(ctx: PythonContext, node: SgNode): RangeBound | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'call') return undefined;
  const fn = n.field('function');
  if (fn === null || !ctx.resolve(fn).includes('range')) return undefined;
  const args =
    n
      .field('arguments')
      ?.namedChildren()
      .filter((c) => c.kind() !== 'comment') ?? [];
  if (args.length === 0 || args.length > 3) return undefined;
  if (args.some((a) => a.kind() === 'keyword_argument' || kindOf(a).endsWith('splat'))) {
    return undefined;
  }
  const step = args[2];
  if (step !== undefined) {
    // A larger stride (pairs: `range(0, len(x), 2)` with `x[i + 1]`) may never reach the end.
    if (literalValue(step) !== 1) return undefined;
  }
  const stopArg = args.length === 1 ? args[0] : args[1];
  if (stopArg === undefined) return undefined;
  const past = lenPlusOne(ctx, stopArg);
  if (past !== undefined) return { seq: past, stop: 'past-end' };
  const end = lenOf(ctx, stopArg);
  if (end !== undefined) return { seq: end, stop: 'to-end' };
  return undefined;
}

/** The single index expression of `x[i]`, or undefined for slices and tuples of indices. */
function singleIndex(sub: SgNode): SgNode | undefined {
  const idx = sub.fieldChildren('subscript').filter((c) => c.kind() !== 'comment');
  const only = idx[0];
  if (idx.length !== 1 || only === undefined || unwrap(only).kind() === 'slice') return undefined;
  return only;
}

const GUARDS = new Set([
  'if_statement',
  'elif_clause',
  'conditional_expression',
  'boolean_operator',
  'try_statement',
  'if_clause',
]);

/**
 * True when the access sits under a condition or a try inside the loop, or the loop body leaves early
 * under a condition that tests the index: the last iteration may be handled.
 */
function isGuarded(
  access: SgNode,
  loop: SgNode,
  owner: SgNode,
  region: SgNode,
  index: string,
): boolean {
  for (const a of access.ancestors()) {
    if (a.id() === owner.id()) break;
    if (GUARDS.has(kindOf(a))) return true;
  }
  for (const cond of region.findAll({ rule: { kind: 'if_statement' } })) {
    const c = cond.field('condition');
    if (!c?.find({ rule: { kind: 'identifier', regex: `^${index}$` } })) continue;
    if (
      cond.find({
        rule: {
          any: [
            { kind: 'break_statement' },
            { kind: 'continue_statement' },
            { kind: 'return_statement' },
            { kind: 'raise_statement' },
          ],
        },
      })
    ) {
      return true;
    }
  }
  if (loop.kind() !== 'for_in_clause') return false;
  // A comprehension's own `if` clauses filter the index too.
  return (loop.parent()?.children() ?? []).some(
    (c) =>
      c.kind() === 'if_clause' && c.find({ rule: { kind: 'identifier', regex: `^${index}$` } }),
  );
}

/** Subscripts `seq[index]` (or `seq[index + 1]`) in the region that are not guarded. */
function unguardedAccess(
  region: SgNode,
  loop: SgNode,
  owner: SgNode,
  seq: string,
  index: string,
  next: boolean,
): SgNode | undefined {
  for (const sub of region.findAll({ rule: { kind: 'subscript' } })) {
    const value = sub.field('value');
    const idx = singleIndex(sub);
    if (value === null || idx === undefined || exprKey(value) !== seq) continue;
    const hit = next ? isNextIndex(idx, index) : exprKey(idx) === index;
    if (!hit || inNestedScope(sub, owner)) continue;
    if (!isGuarded(sub, loop, owner, region, index)) return sub;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The expression a call is, with the redundant parentheses around it: `((range(n)))`. */
function withParentheses(call: SgNode): SgNode {
  let cur = call;
  let parent = cur.parent();
  while (parent?.kind() === 'parenthesized_expression') {
    cur = parent;
    parent = cur.parent();
  }
  return cur;
}

/** True when `node` is the node of `owner`'s field `name`. */
function isField(owner: SgNode | null, name: string, node: SgNode): owner is SgNode {
  return owner !== null && owner.field(name)?.id() === node.id();
}

/**
 * The `for` statements and comprehension clauses whose iterable is a call resolved to `range`, in
 * source order: the loops `rangeBound` can accept, without walking the tree for every loop.
 */
function rangeLoops(ctx: PythonContext): SgNode[] {
  const out: SgNode[] = [];
  for (const call of ctx.calls('range')) {
    const expr = withParentheses(call.node);
    const loop = expr.parent();
    const k = loop === null ? '' : kindOf(loop);
    if ((k === 'for_statement' || k === 'for_in_clause') && isField(loop, 'right', expr)) {
      out.push(loop);
    }
  }
  return out;
}

/**
 * The `while` loops whose condition compares a call resolved to `len` (`while i <= len(x)`), in
 * source order and each once: the only loops the `while` check can accept.
 */
function lenBoundedWhileLoops(ctx: PythonContext): SgNode[] {
  const out: SgNode[] = [];
  // Only `<=` and `>=` comparisons in a while condition are judged.
  if (!ctx.source.includes('while') || !/[<>]=/.test(ctx.source)) return out;
  const seen = new Set<number>();
  for (const call of ctx.calls('len')) {
    const cmp = withParentheses(call.node).parent();
    if (cmp?.kind() !== 'comparison_operator') continue;
    const cond = withParentheses(cmp);
    const loop = cond.parent();
    if (loop?.kind() !== 'while_statement' || !isField(loop, 'condition', cond)) continue;
    if (seen.has(loop.id())) continue;
    seen.add(loop.id());
    out.push(loop);
  }
  return out;
}

/**
 * The subscripts indexed by a call resolved to `len` (`x[len(x)]`) that have a call among their
 * children (the candidates of the original `subscript` with a `call` child query).
 */
function lenIndexedSubscripts(ctx: PythonContext): SgNode[] {
  const out: SgNode[] = [];
  const calls = ctx.calls('len');
  // The index starts right after `[` (and any spaces, comments or parentheses) with the call's callee.
  const callees = [...new Set(calls.map((c) => escapeRegExp(c.calleeText)))];
  if (callees.length === 0) return out;
  const opening = '\\[(?:[\\s(\\\\]|#[^\\r\\n]*(?=[\\r\\n]|$))*';
  if (!new RegExp(`${opening}(?:${callees.join('|')})`).test(ctx.source)) return out;
  for (const call of calls) {
    const index = withParentheses(call.node);
    const sub = index.parent();
    if (sub?.kind() !== 'subscript') continue;
    if (!sub.fieldChildren('subscript').some((c) => c.id() === index.id())) continue;
    if (!sub.children().some((c) => c.kind() === 'call')) continue;
    out.push(sub);
  }
  return out;
}

function isAssignmentTarget(node: SgNode): boolean {
  const p = node.parent();
  if (p === null) return false;
  const k = p.kind();
  return (
    (k === 'assignment' || k === 'augmented_assignment') && p.field('left')?.id() === node.id()
  );
}

export default definePythonRule({
  name: 'off-by-one-index',
  title: 'Off-by-one index: a sequence is read one element past its end',
  description:
    'Finds loops over `range(len(x) + 1)` or `while i <= len(x)` that index `x[i]`, loops over `range(len(x))` that read `x[i + 1]`, and `x[len(x)]`.',
  cwe: [193],
  severity: 'warning',
  confidence: 'high',
  tags: ['correctness', 'bounds'],
  messages: {
    default:
      '`{{loop}}` runs `{{index}}` up to `len({{seq}})`, so `{{access}}` reads one element past the end on the last iteration.',
    next: '`{{loop}}` runs `{{index}}` up to `len({{seq}}) - 1`, so `{{access}}` reads one element past the end on the last iteration.',
    lenIndex:
      '`{{access}}` indexes one past the last element; the last element is `{{seq}}[len({{seq}}) - 1]` or `{{seq}}[-1]`.',
  },
  help: {
    why: 'Valid indexes of a sequence run from 0 to len(x) - 1. Reading x[len(x)] raises IndexError, which aborts the request or worker that an attacker can trigger at will; with numpy buffers or ctypes arrays the same mistake reads or writes memory outside the object.',
    fix: 'Loop over the items directly (`for item in x:`) or use `range(len(x))` / `enumerate(x)`; for pairs use `zip(x, x[1:])`. Use `x[-1]` for the last element. Compare with `<`, not `<=`, against `len(x)`.',
  },
  // Every report involves a call of `len` (resolving to it needs the name in the file).
  requires: ['len'],
  *detect(ctx) {
    // for i in range(...):  and comprehensions [... for i in range(...)]
    // Only loops over a range(...) call can report: found from the indexed calls, not by a walk.
    for (const loop of rangeLoops(ctx)) {
      const left = loop.field('left');
      const right = loop.field('right');
      if (left?.kind() !== 'identifier' || right === null) continue;
      const bound = rangeBound(ctx, right);
      if (bound === undefined) continue;
      // A comprehension's element expression is a sibling of its `for` clause.
      const owner = loop.kind() === 'for_statement' ? loop : loop.parent();
      const region = owner?.field('body');
      if (owner === null || region === null || region === undefined) continue;
      const index = left.text();
      const next = bound.stop === 'to-end';
      const access = unguardedAccess(region, loop, owner, bound.seq, index, next);
      if (access === undefined) continue;
      yield {
        node: right,
        messageId: next ? 'next' : 'default',
        data: {
          loop: `for ${index} in ${right.text()}`,
          index,
          seq: bound.seq,
          access: access.text(),
        },
        // `x[i + 1]` in a loop to len(x) is sometimes guarded in ways not seen here.
        confidence: next ? 'medium' : 'high',
      };
    }
    // while i <= len(x): ... x[i]
    for (const loop of lenBoundedWhileLoops(ctx)) {
      const cond = loop.field('condition');
      const body = loop.field('body');
      if (cond === null || body === null) continue;
      const c = unwrap(cond);
      if (c.kind() !== 'comparison_operator') continue;
      const ops = c.namedChildren().filter((n) => n.kind() !== 'comment');
      const op = c
        .children()
        .filter((n) => !n.isNamed() || n.kind() === 'is not' || n.kind() === 'not in');
      const [a, b] = ops;
      if (ops.length !== 2 || op.length !== 1 || a === undefined || b === undefined) continue;
      const opText = op[0]?.text();
      let index: SgNode | undefined;
      let seq: string | undefined;
      if (opText === '<=' && unwrap(a).kind() === 'identifier') {
        index = unwrap(a);
        seq = lenOf(ctx, b);
      } else if (opText === '>=' && unwrap(b).kind() === 'identifier') {
        index = unwrap(b);
        seq = lenOf(ctx, a);
      }
      if (index === undefined || seq === undefined) continue;
      const access = unguardedAccess(body, loop, loop, seq, index.text(), false);
      if (access === undefined) continue;
      yield {
        node: cond,
        data: { loop: `while ${cond.text()}`, index: index.text(), seq, access: access.text() },
      };
    }
    // x[len(x)]
    for (const sub of lenIndexedSubscripts(ctx)) {
      const value = sub.field('value');
      const idx = singleIndex(sub);
      if (value === null || idx === undefined) continue;
      const seq = lenOf(ctx, idx);
      if (seq === undefined || seq !== exprKey(value)) continue;
      // `d[len(d)] = v` is a valid insertion into a dict keyed by position.
      if (isAssignmentTarget(sub)) continue;
      yield { node: sub, messageId: 'lenIndex', data: { access: sub.text(), seq } };
    }
  },
});
