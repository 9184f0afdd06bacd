import type { SgNode } from '@ast-grep/napi';

/** Strips redundant parentheses: `((x))` -> `x`. */
export function unwrap(node: SgNode): SgNode {
  let cur = node;
  while (cur.kind() === 'parenthesized_expression') {
    const inner = cur.namedChildren().find((c) => c.kind() !== 'comment');
    if (inner === undefined) break;
    cur = inner;
  }
  return cur;
}

function stringPrefix(node: SgNode): string {
  const start = node.children().find((c) => c.kind() === 'string_start');
  return (start?.text() ?? '').replace(/['"]/g, '').toLowerCase();
}

/** True for an f-string that interpolates at least one expression. */
export function isInterpolatedString(node: SgNode): boolean {
  const n = unwrap(node);
  if (n.kind() === 'concatenated_string') return n.namedChildren().some(isInterpolatedString);
  return (
    n.kind() === 'string' &&
    stringPrefix(n).includes('f') &&
    n.children().some((c) => c.kind() === 'interpolation')
  );
}

/**
 * The value of a string literal without interpolation (or an implicit concatenation of such), as
 * written between the quotes (escape sequences are not decoded). Undefined for anything else.
 */
export function stringValue(node: SgNode): string | undefined {
  const n = unwrap(node);
  if (n.kind() === 'concatenated_string') {
    let out = '';
    for (const part of n.namedChildren()) {
      if (part.kind() === 'comment') continue;
      const v = stringValue(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (n.kind() !== 'string') return undefined;
  if (n.children().some((c) => c.kind() === 'interpolation')) return undefined;
  return n
    .children()
    .filter((c) => c.kind() === 'string_content')
    .map((c) => c.text())
    .join('');
}

export function isStringLiteral(node: SgNode): boolean {
  return stringValue(node) !== undefined;
}

/** Python literal values: True/False/None, integers, floats and plain strings. */
export function literalValue(node: SgNode): string | number | boolean | null | undefined {
  const n = unwrap(node);
  switch (n.kind()) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer': {
      const t = n.text().replace(/_/g, '').toLowerCase();
      const v = t.startsWith('0o')
        ? parseInt(t.slice(2), 8)
        : t.startsWith('0x')
          ? parseInt(t.slice(2), 16)
          : t.startsWith('0b')
            ? parseInt(t.slice(2), 2)
            : /^0\d+l?$/.test(t)
              ? parseInt(t.replace(/l$/, ''), 8) // Python 2 octal: 0777
              : Number(t.replace(/l$/, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'float': {
      const v = Number(n.text().replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'unary_operator': {
      const op = n.field('operator')?.text();
      const arg = n.field('argument');
      if (arg === null) return undefined;
      const v = literalValue(arg);
      if (typeof v !== 'number') return undefined;
      return op === '-' ? -v : op === '+' ? v : op === '~' ? ~v : undefined;
    }
    default:
      return stringValue(n);
  }
}

export function isTrue(node: SgNode | undefined | null): boolean {
  return node !== undefined && node !== null && literalValue(node) === true;
}

export function isFalsy(node: SgNode | undefined | null): boolean {
  if (node === undefined || node === null) return false;
  const v = literalValue(node);
  return v === false || v === null || v === 0 || v === '';
}

/** How a string is assembled from parts at run time, if it is. */
export type DynamicStringKind = 'f-string' | 'percent-format' | 'format-method' | 'concatenation';

/**
 * Recognises strings built at run time from non-constant parts: f-strings with interpolation,
 * `"..." % x`, `"...".format(x)` and `"..." + x`. Constant parts (`"a" + "b"`, `"%d" % 3`) are not dynamic.
 */
export function dynamicStringKind(node: SgNode): DynamicStringKind | undefined {
  const n = unwrap(node);
  const k = n.kind();
  if (k === 'string' || k === 'concatenated_string') {
    return isInterpolatedString(n) ? 'f-string' : undefined;
  }
  if (k === 'binary_operator') {
    const op = n.field('operator')?.text();
    const left = n.field('left');
    const right = n.field('right');
    if (left === null || right === null) return undefined;
    if (op === '%' && isStringish(left)) {
      return isLiteralTree(right) ? undefined : 'percent-format';
    }
    if (op === '+' && (isStringish(left) || isStringish(right))) {
      return isLiteralTree(left) && isLiteralTree(right) ? undefined : 'concatenation';
    }
    return undefined;
  }
  if (k === 'call') {
    const fn = n.field('function');
    if (fn?.kind() === 'attribute' && fn.field('attribute')?.text() === 'format') {
      const obj = fn.field('object');
      const args = n.field('arguments');
      if (obj !== null && isStringish(obj)) {
        const allConst = args === null || args.namedChildren().every((a) => isLiteralTree(a));
        return allConst ? undefined : 'format-method';
      }
    }
  }
  return undefined;
}

/** A string literal, an f-string, or an expression that is itself a dynamically built string. */
function isStringish(node: SgNode): boolean {
  const n = unwrap(node);
  return (
    n.kind() === 'string' ||
    n.kind() === 'concatenated_string' ||
    dynamicStringKind(n) !== undefined
  );
}

/** Literals and containers/operations made only of literals (no names, calls or interpolation). */
export function isLiteralTree(node: SgNode): boolean {
  const n = unwrap(node);
  const k = n.kind();
  if (k === 'keyword_argument') {
    const v = n.field('value');
    return v !== null && isLiteralTree(v);
  }
  if (literalValue(n) !== undefined) return true;
  if (k === 'tuple' || k === 'list' || k === 'set') {
    return n.namedChildren().every((c) => c.kind() === 'comment' || isLiteralTree(c));
  }
  if (k === 'binary_operator') {
    const l = n.field('left');
    const r = n.field('right');
    return l !== null && r !== null && isLiteralTree(l) && isLiteralTree(r);
  }
  return false;
}

export const SCOPE_KINDS = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/** The nearest enclosing function definition, or null at module level. */
export function enclosingFunction(node: SgNode): SgNode | null {
  for (const a of node.ancestors()) if (a.kind() === 'function_definition') return a;
  return null;
}

/** The function or module whose local names a use of `node` sees. */
export function enclosingScope(node: SgNode): SgNode {
  let last = node;
  for (const a of node.ancestors()) {
    if (a.kind() === 'function_definition' || a.kind() === 'module') return a;
    last = a;
  }
  return last;
}

/** Escapes text for use inside a regular expression (ast-grep `regex` rules take strings). */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * When `node` is a name that its scope binds only by plain assignments of literal trees (and nothing
 * else: no parameter, loop target, `with ... as`, augmented assignment, walrus, global or import), returns
 * those assigned values. Used to tell `cmd = "ls"; run(cmd, shell=True)` from a command built from input.
 * Names of an enclosing module-level constant are followed once as well.
 */
export function constantAssignments(node: SgNode): SgNode[] | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'identifier') return undefined;
  const name = n.text();
  let scope: SgNode | null = enclosingScope(n);
  for (let depth = 0; scope !== null && depth < 2; depth++) {
    const values = bindingsIn(scope, name);
    if (values === 'unsafe') return undefined;
    if (values.length > 0) return values;
    // Not bound in a function: look at module level.
    scope = scope.kind() === 'module' ? null : scope.getRoot().root();
  }
  return undefined;
}

function bindingsIn(scope: SgNode, name: string): SgNode[] | 'unsafe' {
  const re = `^${escapeRegex(name)}$`;
  if (scope.kind() === 'function_definition') {
    const params = scope.field('parameters');
    if (params?.find({ rule: { kind: 'identifier', regex: re } })) return 'unsafe';
  }
  const values: SgNode[] = [];
  for (const asg of scope.findAll({
    rule: { kind: 'assignment', has: { field: 'left', regex: re } },
  })) {
    if (enclosingScope(asg).id() !== scope.id() && scope.kind() !== 'module') continue;
    if (scope.kind() === 'module' && enclosingFunction(asg) !== null) continue;
    const left = asg.field('left');
    const right = asg.field('right');
    if (left?.kind() !== 'identifier' || right === null) return 'unsafe';
    // The only caller needs every value to be a literal tree; one that is not settles the question
    // without the rebinding search below.
    if (!isLiteralTree(right)) return 'unsafe';
    values.push(right);
  }
  const rebinding = scope.find({
    rule: {
      any: [
        { kind: 'augmented_assignment', has: { field: 'left', regex: re } },
        { kind: 'for_statement', has: { field: 'left', regex: re } },
        { kind: 'named_expression', has: { field: 'name', regex: re } },
        { kind: 'as_pattern_target', regex: re },
        { kind: 'global_statement', has: { kind: 'identifier', regex: re } },
        { kind: 'nonlocal_statement', has: { kind: 'identifier', regex: re } },
        { kind: 'pattern_list', has: { kind: 'identifier', regex: re } },
        { kind: 'tuple_pattern', has: { kind: 'identifier', regex: re } },
      ],
    },
  });
  if (rebinding !== null) return 'unsafe';
  return values;
}

/**
 * True when the expression's value is fixed in the source: a literal tree, or a name bound only to
 * literal trees. The usual question before calling something a command or query "built from input".
 */
export function isConstantValue(node: SgNode): boolean {
  const n = unwrap(node);
  if (isLiteralTree(n)) return true;
  return constantAssignments(n) !== undefined;
}

/** The decorators applied to a function or class definition, as written without the `@`. */
export function decoratorsOf(def: SgNode): SgNode[] {
  const parent = def.parent();
  if (parent?.kind() !== 'decorated_definition') return [];
  return parent.namedChildren().filter((c) => c.kind() === 'decorator');
}

/**
 * The non-constant pieces a dynamically built string is assembled from: interpolated expressions of an
 * f-string, the operands of `%` formatting, the arguments of `.format()`, the non-literal operands of `+`.
 * Returns `[node]` for an opaque expression (a name, a call) and `[]` for a constant.
 */
export function dynamicParts(node: SgNode): SgNode[] {
  const n = unwrap(node);
  if (isLiteralTree(n)) return [];
  const k = n.kind();
  if (k === 'string' || k === 'concatenated_string') {
    const out: SgNode[] = [];
    const strings = k === 'string' ? [n] : n.namedChildren().filter((c) => c.kind() === 'string');
    for (const s of strings) {
      for (const interp of s.children().filter((c) => c.kind() === 'interpolation')) {
        const expr = interp.namedChildren()[0];
        if (expr !== undefined) out.push(...dynamicParts(expr));
      }
    }
    return out;
  }
  if (k === 'binary_operator' && dynamicStringKind(n) !== undefined) {
    const left = n.field('left');
    const right = n.field('right');
    const op = n.field('operator')?.text();
    if (left === null || right === null) return [n];
    if (op === '%') {
      const r = unwrap(right);
      const items =
        r.kind() === 'tuple' || r.kind() === 'dictionary'
          ? r.namedChildren().map((c) => (c.kind() === 'pair' ? (c.field('value') ?? c) : c))
          : [r];
      return [...dynamicParts(left), ...items.flatMap(dynamicParts)];
    }
    return [...dynamicParts(left), ...dynamicParts(right)];
  }
  if (k === 'call' && dynamicStringKind(n) === 'format-method') {
    const obj = n.field('function')?.field('object');
    const args = n.field('arguments')?.namedChildren() ?? [];
    const values = args.map((a) => (a.kind() === 'keyword_argument' ? (a.field('value') ?? a) : a));
    return [...(obj ? dynamicParts(obj) : []), ...values.flatMap(dynamicParts)];
  }
  if (isConstantValue(n)) return [];
  return [n];
}
