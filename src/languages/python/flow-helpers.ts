import type { SgNode } from '@ast-grep/napi';
import { escapeRegex, literalValue, unwrap } from './expr.js';

/** Node kinds that open a new local scope. */
const SCOPE_OPENERS = new Set(['function_definition', 'lambda', 'class_definition']);

/** A node's kind as a plain string (the typed kind does not fit string sets). */
export function kindOf(node: SgNode): string {
  return String(node.kind());
}

/**
 * A field of a node, typed as nullable: the grammar types claim some fields are always present, but on
 * a node of another kind (or in damaged code) the parser returns null.
 */
export function fieldNode(node: SgNode | null | undefined, name: string): SgNode | null {
  if (node === null || node === undefined) return null;
  const f: SgNode | null = node.field(name);
  return f;
}

/** Whitespace-insensitive text of an expression without redundant parentheses: the key for "same expression". */
export function exprKey(node: SgNode): string {
  return unwrap(node).text().replace(/\s+/g, '');
}

/** Splits a name into lower-case words: `csrfToken`, `CSRF_TOKEN` and `csrf_token` give `['csrf', 'token']`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The last name of a dotted expression: `request.user.is_admin` -> `is_admin`; undefined for anything else. */
export function lastName(node: SgNode): string | undefined {
  const n = unwrap(node);
  if (n.kind() === 'identifier') return n.text();
  if (n.kind() === 'attribute') return n.field('attribute')?.text();
  return undefined;
}

/** The statements of a block, without comments. */
export function statementsOf(block: SgNode | null): SgNode[] {
  if (block === null) return [];
  return block.namedChildren().filter((c) => c.kind() !== 'comment');
}

/**
 * True when `node` sits inside a function, lambda or class that is itself nested within `outer`
 * (a scope of its own: its returns, names and loops are not those of `outer`).
 */
export function inNestedScope(node: SgNode, outer: SgNode): boolean {
  const stop = outer.id();
  for (const a of node.ancestors()) {
    if (a.id() === stop) return false;
    if (SCOPE_OPENERS.has(kindOf(a))) return true;
  }
  return false;
}

/** Every identifier spelled `name` inside `within` (the search runs in native code). */
export function identifiersNamed(within: SgNode, name: string): SgNode[] {
  return within.findAll({ rule: { kind: 'identifier', regex: `^${escapeRegex(name)}$` } });
}

/** The value of an integer literal (Python 2 octal `0755` included); undefined for anything else. */
export function intLiteral(node: SgNode): number | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'integer') return undefined;
  const v = literalValue(n);
  return typeof v === 'number' ? v : undefined;
}

/** The nearest enclosing function, lambda or class, or the module: where a name used at `node` lives. */
export function nearestScope(node: SgNode): SgNode {
  let last = node;
  for (const a of node.ancestors()) {
    if (SCOPE_OPENERS.has(kindOf(a))) return a;
    last = a;
  }
  return last;
}

/** Names declared `global` or `nonlocal` anywhere inside `scope`. */
export function declaredNonLocal(scope: SgNode): Set<string> {
  const out = new Set<string>();
  // Both statements start with their keyword: without it in the scope's text, no walk is needed.
  const text = scope.text();
  if (!text.includes('global') && !text.includes('nonlocal')) return out;
  for (const stmt of scope.findAll({
    rule: { any: [{ kind: 'global_statement' }, { kind: 'nonlocal_statement' }] },
  })) {
    for (const id of stmt.namedChildren()) if (id.kind() === 'identifier') out.add(id.text());
  }
  return out;
}

/**
 * The value a name is given when its scope assigns it exactly once (a plain `name = value`, no other
 * binding), so that `cmd = [...]; run(cmd)` can be read through. A name a function does not bind at
 * all is looked up at module level. Undefined otherwise.
 */
export function soleAssignment(node: SgNode): SgNode | undefined {
  const n = unwrap(node);
  if (n.kind() !== 'identifier') return undefined;
  const name = n.text();
  const scope = nearestScope(n);
  if (scope.kind() === 'lambda' || scope.kind() === 'class_definition') return undefined;
  const module = scope.getRoot().root();
  if (scope.kind() === 'function_definition') {
    const params = scope.field('parameters');
    if (params !== null && identifiersNamed(params, name).length > 0) return undefined;
    const local = assignmentsIn(scope, name);
    if (local === 'rebound') return undefined;
    if (local.length > 0) return local.length === 1 ? local[0] : undefined;
    if (declaredNonLocal(scope).has(name)) return undefined;
  }
  const global = assignmentsIn(module, name);
  return global !== 'rebound' && global.length === 1 ? global[0] : undefined;
}

/** The values assigned to a name directly in a scope, or 'rebound' when it is bound another way too. */
function assignmentsIn(scope: SgNode, name: string): SgNode[] | 'rebound' {
  const values: SgNode[] = [];
  for (const id of identifiersNamed(scope, name)) {
    if (inNestedScope(id, scope)) continue;
    const p = id.parent();
    if (p === null) continue;
    const pk = kindOf(p);
    if (
      (pk === 'assignment' || pk === 'augmented_assignment') &&
      p.field('left')?.id() === id.id()
    ) {
      const right = p.field('right');
      if (pk === 'augmented_assignment' || right === null) return 'rebound';
      values.push(right);
    } else if (BINDING_PARENTS.has(pk)) {
      return 'rebound';
    }
  }
  return values;
}

/** Parents of an identifier that bind it other than by plain assignment. */
const BINDING_PARENTS = new Set([
  'for_statement',
  'for_in_clause',
  'as_pattern_target',
  'named_expression',
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
]);

/**
 * The literal text a string expression starts with, through f-strings, `+`, `%`, `.format()` and a
 * name assigned once: `"chmod 600 " + path` -> `chmod 600 `. Undefined when it does not start with one.
 */
export function leadingText(node: SgNode, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const n = unwrap(node);
  const k = n.kind();
  if (k === 'string') {
    let out = '';
    for (const c of n.children()) {
      if (c.kind() === 'interpolation') return out;
      if (c.kind() === 'string_content' || c.kind() === 'escape_sequence') out += c.text();
    }
    return out;
  }
  if (k === 'concatenated_string') {
    const first = n.namedChildren().find((c) => c.kind() === 'string');
    return first === undefined ? undefined : leadingText(first, depth + 1);
  }
  if (k === 'binary_operator') {
    const op = n.field('operator')?.text();
    const left = n.field('left');
    return (op === '+' || op === '%') && left !== null ? leadingText(left, depth + 1) : undefined;
  }
  if (k === 'call') {
    const fn = n.field('function');
    const obj = fn?.kind() === 'attribute' ? fn.field('object') : null;
    if (fieldNode(fn, 'attribute')?.text() === 'format' && obj !== null)
      return leadingText(obj, depth + 1);
    return undefined;
  }
  if (k === 'identifier') {
    const v = soleAssignment(n);
    return v === undefined ? undefined : leadingText(v, depth + 1);
  }
  return undefined;
}
