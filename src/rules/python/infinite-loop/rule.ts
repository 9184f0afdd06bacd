import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type PythonContext } from '../../../engine/rule-api.js';
import { isLiteralTree, literalValue, unwrap } from '../../../languages/python/expr.js';
import {
  declaredNonLocal,
  fieldNode,
  kindOf,
  identifiersNamed,
  inNestedScope,
  nearestScope,
} from '../../../languages/python/flow-helpers.js';

/** Node kinds a condition may be made of for the rule to reason about it. */
const PLAIN = new Set([
  'identifier',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'binary_operator',
  'unary_operator',
  'parenthesized_expression',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'string',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
  'concatenated_string',
]);

/** Kinds of PLAIN without named children. */
const LEAVES = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'string_start',
  'string_end',
  'escape_sequence',
]);

/** Pure builtins whose result depends only on their argument. */
const PURE_CALLS = new Set(['len', 'abs']);

const ORDERING = new Set(['<', '>', '<=', '>=']);

const EXIT_CALLS = ['sys.exit', 'exit', 'quit', 'os._exit', 'os.abort', 'os.kill', 'os.execv'];

interface ConditionNames {
  names: Set<string>;
  /** Names compared with `<`, `>`, ... or used in arithmetic: numbers, so not shared mutable state. */
  numeric: Set<string>;
  /** Names compared with, or combined with, a number literal or `len()`: certainly numbers. */
  certain: Set<string>;
}

function isNumberish(node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() === 'call') return PURE_CALLS.has(n.field('function')?.text() ?? '');
  return typeof literalValue(n) === 'number';
}

/** Marks the identifier operands of a numeric comparison or arithmetic operation. */
function markOperands(ops: SgNode[], numeric: Set<string>, certain: Set<string>): void {
  const withNumber = ops.some(isNumberish);
  for (const c of ops) {
    const u = unwrap(c);
    if (u.kind() !== 'identifier') continue;
    numeric.add(u.text());
    if (withNumber) certain.add(u.text());
  }
}

/** The local names a condition reads, or undefined when it reads attributes, subscripts or calls. */
function conditionNames(cond: SgNode): ConditionNames | undefined {
  const names = new Set<string>();
  const numeric = new Set<string>();
  const certain = new Set<string>();
  const stack: SgNode[] = [cond];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    const k = kindOf(n);
    if (k === 'call') {
      const fn = n.field('function');
      const args = n.field('arguments')?.namedChildren() ?? [];
      const only = args[0];
      if (
        fn?.kind() !== 'identifier' ||
        !PURE_CALLS.has(fn.text()) ||
        args.length !== 1 ||
        only?.kind() !== 'identifier'
      ) {
        return undefined;
      }
      // `len(items)` only changes when the collection is changed, which the body check looks for.
      names.add(only.text());
      numeric.add(only.text());
      continue;
    }
    if (!PLAIN.has(k)) return undefined;
    if (k === 'identifier') names.add(n.text());
    // Names and number, string-part and constant tokens have no named children (reading them is a
    // native call that builds an array).
    if (LEAVES.has(k)) continue;
    const children = n.namedChildren();
    const arithmetic = k === 'binary_operator' || k === 'unary_operator';
    if (
      arithmetic ||
      (k === 'comparison_operator' && n.children().some((c) => ORDERING.has(kindOf(c))))
    ) {
      markOperands(children, numeric, certain);
    }
    stack.push(...children);
  }
  return { names, numeric, certain };
}

/** True when the loop body can leave the loop: break (of this loop), return, raise, yield, exit(). */
function bodyCanExit(ctx: PythonContext, loop: SgNode, body: SgNode): boolean {
  for (const s of body.findAll({
    rule: {
      any: [
        { kind: 'return_statement' },
        { kind: 'raise_statement' },
        { kind: 'yield' },
        { kind: 'break_statement' },
      ],
    },
  })) {
    if (inNestedScope(s, loop)) continue;
    if (s.kind() !== 'break_statement') return true;
    if (breakTarget(s)?.id() === loop.id()) return true;
  }
  const start = body.range().start.index;
  const end = body.range().end.index;
  return ctx.calls(...EXIT_CALLS).some((c) => {
    const at = c.node.range().start.index;
    return at >= start && at < end;
  });
}

/** The loop a `break` leaves (a loop's own `else:` clause breaks the enclosing loop). */
function breakTarget(stmt: SgNode): SgNode | undefined {
  let prev = stmt;
  for (const a of stmt.ancestors()) {
    const k = a.kind();
    if (k === 'function_definition' || k === 'lambda' || k === 'class_definition') return undefined;
    if ((k === 'while_statement' || k === 'for_statement') && prev.kind() !== 'else_clause')
      return a;
    prev = a;
  }
  return undefined;
}

function isField(parent: SgNode, field: string, child: SgNode): boolean {
  return parent.field(field)?.id() === child.id();
}

const READING_BUILTINS = new Set([
  'len',
  'abs',
  'print',
  'isinstance',
  'repr',
  'str',
  'bool',
  'type',
  'id',
]);
const CONTAINERS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'expression_list']);

const REBINDERS = new Set([
  'as_pattern_target',
  'delete_statement',
  'global_statement',
  'nonlocal_statement',
  'import_statement',
  'import_from_statement',
]);

/**
 * 'rebinds' when this occurrence of a name binds it anew (assignment or loop target, del, walrus,
 * global), 'touches' when it may modify the object in place (a method call or attribute write on it,
 * passing it to a call), 'reads' for a plain read, and 'other' when the identifier is not a reference
 * to the variable at all (a keyword name, an attribute name).
 */
function occurrenceKind(occ: SgNode, stop: SgNode): 'rebinds' | 'touches' | 'reads' | 'other' {
  const parent = occ.parent();
  if (parent === null) return 'reads';
  if (parent.kind() === 'keyword_argument' && isField(parent, 'name', occ)) return 'other';
  if (parent.kind() === 'attribute' && isField(parent, 'attribute', occ)) return 'other';
  let child = occ;
  for (const a of occ.ancestors()) {
    if (a.id() === stop.id()) break;
    const k = a.kind();
    if ((k === 'assignment' || k === 'augmented_assignment') && isField(a, 'left', child)) {
      return 'rebinds';
    }
    if ((k === 'for_statement' || k === 'for_in_clause') && isField(a, 'left', child)) {
      return 'rebinds';
    }
    if (k === 'named_expression' && isField(a, 'name', child)) return 'rebinds';
    if ((k === 'function_definition' || k === 'class_definition') && isField(a, 'name', child)) {
      return 'rebinds';
    }
    if (REBINDERS.has(kindOf(a))) return 'rebinds';
    if (k === 'attribute' && isField(a, 'object', child)) return 'touches';
    if (k === 'argument_list') {
      // len(x), print(x): builtins that only read their argument.
      const fn = fieldNode(a.parent(), 'function')?.text() ?? '';
      return READING_BUILTINS.has(fn) ? 'reads' : 'touches';
    }
    // an alias (`y = x`) or a container holding it (`args=(x,)`) can change it later
    if (child.id() === occ.id()) {
      if (k === 'assignment' && isField(a, 'right', child)) return 'touches';
      if (CONTAINERS.has(kindOf(a))) return 'touches';
    }
    child = a;
  }
  return 'reads';
}

const PARAM_PARENTS = new Set([
  'parameters',
  'lambda_parameters',
  'typed_parameter',
  'list_splat_pattern',
  'dictionary_splat_pattern',
]);

/** How a function or module binds a name: parameters and assignments outside nested scopes. */
function localBindings(scope: SgNode, name: string): { param: boolean; values: SgNode[] } {
  let param = false;
  if (scope.kind() === 'function_definition') {
    const params = scope.field('parameters');
    if (params !== null) {
      param = identifiersNamed(params, name).some((id) => {
        const p = id.parent();
        if (p === null) return false;
        // A default value (`def f(n=limit)`) is not a parameter named `limit`.
        if (p.kind() === 'default_parameter' || p.kind() === 'typed_default_parameter') {
          return isField(p, 'name', id);
        }
        return PARAM_PARENTS.has(kindOf(p));
      });
    }
  }
  const values: SgNode[] = [];
  // Only assignments to that name (selected in native code), in source order as before.
  for (const asg of scope.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', kind: 'identifier', regex: `^${escapeRegex(name)}$` },
    },
  })) {
    const left = asg.field('left');
    const right = asg.field('right');
    if (left?.kind() !== 'identifier' || left.text() !== name || right === null) continue;
    if (inNestedScope(asg, scope)) continue;
    values.push(right);
  }
  return { param, values };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function within(node: SgNode, outer: SgNode): boolean {
  const r = node.range();
  const o = outer.range();
  return r.start.index >= o.start.index && r.end.index <= o.end.index;
}

/** An immutable literal: number, string, bool, None or a tuple of those. */
function isImmutableLiteral(node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() === 'list' || n.kind() === 'set' || n.kind() === 'dictionary') return false;
  return isLiteralTree(n) && !n.find({ rule: { any: [{ kind: 'list' }, { kind: 'set' }] } });
}

export default definePythonRule({
  name: 'infinite-loop',
  title: 'Loop with an unreachable exit condition',
  description:
    'Finds `while` loops whose condition reads only local variables that the loop body never changes and that have no break, return, raise or exit inside.',
  cwe: [835],
  severity: 'warning',
  confidence: 'high',
  tags: ['reliability', 'denial-of-service'],
  messages: {
    default:
      '`while {{condition}}:` never changes `{{names}}` inside the loop and has no way out: once entered, it never ends.',
    flag: '`while {{condition}}:` tests `{{names}}`, which nothing inside the loop changes: the loop can only end by an exception.',
  },
  help: {
    why: 'A loop whose exit condition cannot change runs forever once entered: the request, worker or thread hangs at full CPU, and an attacker who can reach that path with the right input gets a cheap denial of service.',
    fix: 'Update the loop variable in the body (`i += 1`, `remaining -= len(chunk)`), add a `break` for the exit case, or iterate with `for` over a bounded range or collection so the loop ends by construction.',
  },
  requires: ['while'],
  *detect(ctx) {
    let fileNonLocal: Set<string> | undefined;
    for (const loop of ctx.nodes('while_statement')) {
      const cond = loop.field('condition');
      const body = loop.field('body');
      if (cond === null || body === null) continue;
      if (isLiteralTree(cond)) continue; // `while True:` and `while 1:` are deliberate.
      const info = conditionNames(cond);
      if (info === undefined || info.names.size === 0) continue;
      const scope = nearestScope(loop);
      if (scope.kind() !== 'function_definition' && scope.kind() !== 'module') continue;
      if (bodyCanExit(ctx, loop, body)) continue;
      // At module level any function may rebind a name with `global`; inside a function only its own
      // global/nonlocal declarations or a nested function's `nonlocal` can.
      const nonLocal =
        scope.kind() === 'module'
          ? (fileNonLocal ??= declaredNonLocal(ctx.root))
          : declaredNonLocal(scope);
      let ok = true;
      let onlyFlags = true;
      for (const name of info.names) {
        if (nonLocal.has(name)) ok = false;
        const { param, values } = localBindings(scope, name);
        if (!param && values.length === 0) ok = false;
        // A parameter or a name bound to a mutable object may be shared with another thread; only
        // numbers and immutable literals are certainly private to this frame.
        const immutable = values.length > 0 && !param && values.every(isImmutableLiteral);
        if (!immutable && !info.numeric.has(name)) ok = false;
        if (info.numeric.has(name)) onlyFlags = false;
        if (!ok) break;
        // A number cannot be changed in place; anything else may be changed by a method or a callee.
        const certain = immutable || info.certain.has(name);
        const changes = (o: SgNode): boolean => {
          const kind = occurrenceKind(o, body);
          return kind === 'rebinds' || (kind === 'touches' && !certain);
        };
        if (identifiersNamed(body, name).some(changes)) {
          ok = false;
          break;
        }
        // A collection handed to anything (a thread, a bound method kept in a local) may be changed
        // from there while the loop waits.
        if (
          !certain &&
          identifiersNamed(scope, name).some(
            (o) => !within(o, cond) && occurrenceKind(o, scope) === 'touches',
          )
        ) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const names = [...info.names].join('`, `');
      yield {
        node: loop,
        endNode: cond,
        messageId: onlyFlags ? 'flag' : 'default',
        data: { condition: cond.text().slice(0, 60), names },
        // `running = True; while running:` may be a server loop written with a flag.
        confidence: onlyFlags ? 'medium' : 'high',
      };
    }
  },
});
