import type { SyntaxNode } from '../../core/syntax.js';
import { stripTemplateArgs } from './calls.js';
import { cppCastOf } from './expr.js';
import type { CFunction } from './decls.js';
import { buildFlowGraph, solveForward, type FlowGraph, type FlowNode } from './flow.js';

/**
 * How a variable is used at one place, for the lifetime rules: what happens to the value it holds.
 *
 * - `declare` / `assign`: it gets a new value (`T *p = ...`, `p = ...`);
 * - `release`: it is passed to a release function (`free(p)`, `fclose(fp)`, `delete p`);
 * - `deref`: the memory it points to is read or written (`*p`, `p->x`, `p[i]`);
 * - `test`: it is compared or tested (`if (!p)`, `p == NULL`, `fd < 0`);
 * - `call-arg`: it is passed to another function (see `call`);
 * - `returned`, `alias` (copied into another variable, field or initialiser), `address` (`&p`);
 * - `sizeof`: only its type is used; `other`: anything else (`p++`, `p += n`).
 */
export type Role =
  | 'declare'
  | 'assign'
  | 'release'
  | 'deref'
  | 'test'
  | 'call-arg'
  | 'returned'
  | 'alias'
  | 'address'
  | 'sizeof'
  | 'other';

export interface Occurrence {
  /** The identifier. */
  readonly node: SyntaxNode;
  readonly role: Role;
  /** For `call-arg` and `release`: the callee's last name and the argument position. */
  readonly call?: { readonly name: string; readonly index: number; readonly node: SyntaxNode };
  /** The statement or condition of the flow graph holding it. */
  readonly flow: FlowNode;
}

const DECLARATOR_KINDS = new Set([
  'pointer_declarator',
  'array_declarator',
  'reference_declarator',
  'parenthesized_declarator',
]);

/** Ascends from a value through parentheses, casts, pointer arithmetic and `?:` branches. */
function valueParent(
  node: SyntaxNode,
  nodeParent: SyntaxNode | null,
): { child: SyntaxNode; parent: SyntaxNode | null } {
  let child = node;
  let parent = nodeParent;
  for (let guard = 0; parent !== null && guard < 50; guard++) {
    const k = parent.kind();
    if (k === 'parenthesized_expression' || k === 'cast_expression') {
      // fallthrough: the value passes through
    } else if (k === 'argument_list') {
      const cast = cppCastOf(parent);
      if (cast === undefined) break;
      parent = cast;
    } else if (k === 'binary_expression' && /^[+-]$/.test(parent.field('operator')?.text() ?? '')) {
      if (parent.field('left')?.id() !== child.id()) break;
    } else if (k === 'conditional_expression') {
      if (parent.field('condition')?.id() === child.id()) break;
    } else {
      break;
    }
    child = parent;
    parent = parent.parent();
  }
  return { child, parent };
}

/** The callee name of a call expression: `free`, `fclose`, `unlock` for `m.unlock()`. */
export function calleeName(call: SyntaxNode): string {
  const fn = call.field('function');
  if (fn === null) return '';
  if (fn.kind() === 'field_expression') return fn.field('field')?.text() ?? '';
  return /([~\w]+)\s*$/.exec(stripTemplateArgs(fn.text()))?.[1] ?? '';
}

interface CallPosition {
  readonly name: string;
  readonly index: number;
  readonly node: SyntaxNode;
}

/** A role before the release functions are known: `delete` and first arguments may be releases. */
type UseOf =
  | { readonly role: Role; readonly call?: CallPosition }
  | { readonly role: 'delete'; readonly call: CallPosition };

/** Uses by identifier node: several rules ask about the same identifiers (found once per function). */
const uses = new WeakMap<SyntaxNode, UseOf>();

/** How the identifier `id` is used (see `Role`); `releases` names the release functions in force. */
export function roleOf(
  id: SyntaxNode,
  releases: ReadonlySet<string>,
): { role: Role; call?: CallPosition } {
  let use = uses.get(id);
  if (use === undefined) {
    use = useOf(id);
    uses.set(id, use);
  }
  if (use.role === 'delete')
    return { role: releases.has('delete') ? 'release' : 'other', call: use.call };
  if (use.role === 'call-arg' && use.call?.index === 0 && releases.has(use.call.name))
    return { role: 'release', call: use.call };
  return use;
}

function useOf(id: SyntaxNode): UseOf {
  // A declarator: `char *p = ...` or `char *p;`.
  let d: SyntaxNode = id;
  const idParent = id.parent();
  let dp = idParent;
  while (dp !== null && DECLARATOR_KINDS.has(String(dp.kind()))) {
    d = dp;
    dp = dp.parent();
  }
  if (dp !== null) {
    const k = dp.kind();
    if (k === 'init_declarator' && dp.field('declarator')?.id() === d.id())
      return { role: 'declare' };
    if ((k === 'declaration' || k === 'parameter_declaration') && d.id() !== idParent?.id()) {
      if (dp.field('declarator') !== null && d.kind() !== 'identifier') return { role: 'declare' };
    }
    if (
      k === 'declaration' &&
      d.kind() === 'identifier' &&
      dp.fieldChildren('declarator').some((x) => x.id() === id.id())
    ) {
      return { role: 'declare' };
    }
  }
  const { child, parent } = valueParent(id, idParent);
  if (parent === null) return { role: 'other' };
  switch (parent.kind()) {
    case 'assignment_expression': {
      if (parent.field('left')?.id() === child.id()) {
        return { role: parent.field('operator')?.text() === '=' ? 'assign' : 'other' };
      }
      return { role: 'alias' };
    }
    case 'field_expression': {
      if (parent.field('argument')?.id() !== child.id()) return { role: 'other' };
      if (!parent.children().some((c) => c.text() === '->')) return { role: 'other' };
      // `&p->link` hands out an address inside the object (intrusive lists): no access, a hand-over.
      const up = parent.parent();
      const amp = up?.kind() === 'pointer_expression' && up.field('operator')?.text() === '&';
      return { role: amp ? 'address' : 'deref' };
    }
    case 'pointer_expression': {
      const op = parent.field('operator')?.text() ?? parent.child(0)?.text();
      return { role: op === '&' ? 'address' : 'deref' };
    }
    case 'subscript_expression':
      return { role: parent.field('argument')?.id() === child.id() ? 'deref' : 'other' };
    case 'unary_expression':
      return { role: parent.field('operator')?.text() === '!' ? 'test' : 'other' };
    case 'binary_expression': {
      const op = parent.field('operator')?.text() ?? '';
      return { role: /^(==|!=|<|>|<=|>=|&&|\|\|)$/.test(op) ? 'test' : 'other' };
    }
    case 'condition_clause':
    case 'if_statement':
    case 'while_statement':
    case 'do_statement':
    case 'for_statement':
    case 'conditional_expression':
      return { role: 'test' };
    case 'argument_list': {
      const call = parent.parent();
      if (call?.kind() !== 'call_expression') return { role: 'alias' };
      const name = calleeName(call);
      const index = parent
        .namedChildren()
        .filter((c) => c.kind() !== 'comment')
        .findIndex((c) => c.id() === child.id());
      return { role: 'call-arg', call: { name, index, node: call } };
    }
    case 'delete_expression':
      return { role: 'delete', call: { name: 'delete', index: 0, node: parent } };
    case 'return_statement':
    case 'co_return_statement':
      return { role: 'returned' };
    case 'init_declarator':
    case 'initializer_list':
    case 'initializer_pair':
    case 'field_initializer':
    case 'argument_list_initializer':
      return { role: 'alias' };
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'decltype':
    case 'offsetof_expression':
      return { role: 'sizeof' };
    case 'parenthesized_expression':
      return { role: 'test' };
    default:
      return { role: 'other' };
  }
}

/** Per function: its flow graph and the identifiers of a name in it, each found once and shared. */
export interface FunctionFlow {
  /** Built on first read. */
  readonly graph: FlowGraph;
  /** The identifiers spelled `name` in the body, in source order (a native search per name, memoised). */
  named(name: string): readonly SyntaxNode[];
  /** Those of `named(name)` in a statement or condition of the graph, with it (memoised). */
  placed(name: string): readonly { readonly node: SyntaxNode; readonly flow: FlowNode }[];
}

const flows = new WeakMap<CFunction, FunctionFlow | null>();

/** The flow graph of a function (null without a body), built at most once. */
export function flowOf(fn: CFunction): FunctionFlow | null {
  let f = flows.get(fn);
  if (f === undefined) {
    if (fn.body === null) f = null;
    else {
      const body = fn.body;
      const byName = new Map<string, readonly SyntaxNode[]>();
      // Only the few names rules ask about are searched: reading the text of every identifier of every
      // function costs more than the searches.
      const named = (name: string): readonly SyntaxNode[] => {
        let ids = byName.get(name);
        if (ids === undefined) {
          ids = /^\w+$/.test(name)
            ? body.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } })
            : [];
          byName.set(name, ids);
        }
        return ids;
      };
      // Built on first use: some rules only search identifiers (`named`).
      let built: FlowGraph | undefined;
      const graph = (): FlowGraph => (built ??= buildFlowGraph(body, fn.lambdas()));
      const placedByName = new Map<string, { node: SyntaxNode; flow: FlowNode }[]>();
      const placed = (name: string): readonly { node: SyntaxNode; flow: FlowNode }[] => {
        let list = placedByName.get(name);
        if (list === undefined) {
          list = [];
          for (const node of named(name)) {
            const flow = graph().nodeOf(node);
            if (flow !== undefined) list.push({ node, flow });
          }
          placedByName.set(name, list);
        }
        return list;
      };
      f = {
        get graph() {
          return graph();
        },
        named,
        placed,
      };
    }
    flows.set(fn, f);
  }
  return f;
}

/** The occurrences of a variable in a function, with their roles, grouped by flow node index. */
export function occurrencesOf(
  flow: FunctionFlow,
  name: string,
  releases: ReadonlySet<string>,
): Map<number, Occurrence[]> {
  const out = new Map<number, Occurrence[]>();
  for (const { node: id, flow: node } of flow.placed(name)) {
    const r = roleOf(id, releases);
    const occ: Occurrence =
      r.call === undefined
        ? { node: id, role: r.role, flow: node }
        : { node: id, role: r.role, call: r.call, flow: node };
    const list = out.get(node.index);
    if (list === undefined) out.set(node.index, [occ]);
    else list.push(occ);
  }
  // The right-hand side is evaluated before the assignment: `p = p->next` reads p, then replaces it.
  const isWrite = (o: Occurrence): number => (o.role === 'assign' || o.role === 'declare' ? 1 : 0);
  for (const list of out.values()) list.sort((a, b) => isWrite(a) - isWrite(b));
  return out;
}

export type Validity = 'valid' | 'invalid';

const NULL_TEXT = /^(NULL|nullptr|0|0L|\(void\s*\*\)\s*0|Q_NULLPTR)$/;

/**
 * What a condition says about a pointer (`p`, `!p`, `p == NULL`, `(p = f()) != NULL`, `p && q`) or a
 * descriptor (`fd < 0`, `fd == -1`, `fd >= 0`) when it is true and when it is false.
 */
export function testOf(
  cond: SyntaxNode,
  name: string,
  style: 'pointer' | 'descriptor' = 'pointer',
  depth = 0,
): { whenTrue?: Validity; whenFalse?: Validity } {
  if (depth > 30) return {};
  const k = cond.kind();
  if (k === 'parenthesized_expression' || k === 'condition_clause') {
    const inner =
      k === 'condition_clause'
        ? cond.field('value')
        : cond.namedChildren().find((c) => c.kind() !== 'comment');
    return inner === null || inner === undefined ? {} : testOf(inner, name, style, depth + 1);
  }
  if (k === 'identifier') {
    if (cond.text() !== name || style !== 'pointer') return {};
    return { whenTrue: 'valid', whenFalse: 'invalid' };
  }
  if (k === 'assignment_expression') {
    const left = cond.field('left');
    return left?.kind() === 'identifier' && left.text() === name && style === 'pointer'
      ? { whenTrue: 'valid', whenFalse: 'invalid' }
      : {};
  }
  if (k === 'unary_expression' && cond.field('operator')?.text() === '!') {
    const arg = cond.field('argument');
    if (arg === null) return {};
    const t = testOf(arg, name, style, depth + 1);
    return swap(t);
  }
  if (k === 'call_expression') {
    // `__builtin_expect(p != NULL, 1)`, `likely(p)`, `unlikely(!p)`
    const fnName = calleeName(cond);
    const first = cond.field('arguments')?.namedChildren()[0];
    if (
      first !== undefined &&
      /^(__builtin_expect|likely|unlikely|G_LIKELY|G_UNLIKELY|Q_LIKELY|Q_UNLIKELY)$/.test(fnName)
    ) {
      return testOf(first, name, style, depth + 1);
    }
    return {};
  }
  if (k !== 'binary_expression') return {};
  const op = cond.field('operator')?.text() ?? '';
  const left = cond.field('left');
  const right = cond.field('right');
  if (left === null || right === null) return {};
  if (op === '&&') {
    const a = testOf(left, name, style, depth + 1);
    const b = testOf(right, name, style, depth + 1);
    return a.whenTrue === 'valid' || b.whenTrue === 'valid'
      ? { whenTrue: 'valid' }
      : a.whenTrue === 'invalid' || b.whenTrue === 'invalid'
        ? { whenTrue: 'invalid' }
        : {};
  }
  if (op === '||') {
    const a = testOf(left, name, style, depth + 1);
    const b = testOf(right, name, style, depth + 1);
    return a.whenFalse === 'valid' || b.whenFalse === 'valid'
      ? { whenFalse: 'valid' }
      : a.whenFalse === 'invalid' || b.whenFalse === 'invalid'
        ? { whenFalse: 'invalid' }
        : {};
  }
  const isSubject = (n: SyntaxNode): boolean => {
    const inner = stripParens(n);
    if (inner.kind() === 'identifier') return inner.text() === name;
    if (inner.kind() === 'assignment_expression') {
      const l = inner.field('left');
      return l?.kind() === 'identifier' && l.text() === name;
    }
    return false;
  };
  let subjectLeft = true;
  let other = right;
  if (!isSubject(left)) {
    if (!isSubject(right)) return {};
    subjectLeft = false;
    other = left;
  }
  const value = stripParens(other).text().replace(/\s+/g, ' ');
  const flipped = subjectLeft ? op : ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' }[op] ?? op);
  if (style === 'pointer') {
    if (!NULL_TEXT.test(value)) return {};
    if (flipped === '==') return { whenTrue: 'invalid', whenFalse: 'valid' };
    if (flipped === '!=') return { whenTrue: 'valid', whenFalse: 'invalid' };
    return {};
  }
  const n = /^-?\d+$/.test(value) ? Number(value) : undefined;
  if (n === undefined) return {};
  if (
    (flipped === '<' && n === 0) ||
    (flipped === '==' && n === -1) ||
    (flipped === '<=' && n === -1)
  )
    return { whenTrue: 'invalid', whenFalse: 'valid' };
  if (
    (flipped === '>=' && n === 0) ||
    (flipped === '!=' && n === -1) ||
    (flipped === '>' && n === -1)
  )
    return { whenTrue: 'valid', whenFalse: 'invalid' };
  if (flipped === '>' && n === 0) return { whenTrue: 'valid' };
  return {};
}

function swap(t: { whenTrue?: Validity; whenFalse?: Validity }): {
  whenTrue?: Validity;
  whenFalse?: Validity;
} {
  const out: { whenTrue?: Validity; whenFalse?: Validity } = {};
  if (t.whenFalse !== undefined) out.whenTrue = t.whenFalse;
  if (t.whenTrue !== undefined) out.whenFalse = t.whenTrue;
  return out;
}

function stripParens(n: SyntaxNode): SyntaxNode {
  let x = n;
  while (x.kind() === 'parenthesized_expression') {
    const inner = x.namedChildren().find((c) => c.kind() !== 'comment');
    if (inner === undefined) break;
    x = inner;
  }
  return x;
}

/** Assertions after which a tested pointer is known to be valid (on the paths that continue). */
const ASSERTS =
  /^(assert|Q_ASSERT|Q_ASSERT_X|Q_CHECK_PTR|g_assert|g_assert_nonnull|g_return_if_fail|g_return_val_if_fail|DCHECK|CHECK|ASSERT|ASSERT_TRUE|EXPECT_TRUE|ASSERT_NE|REQUIRE|assert_se|BUG_ON|WARN_ON)$/;

/** The validity an assertion statement establishes for a variable (`assert(p)`, `BUG_ON(!p)`). */
export function assertedValidity(
  stmt: SyntaxNode,
  name: string,
  style: 'pointer' | 'descriptor',
): Validity | undefined {
  if (stmt.kind() !== 'expression_statement') return undefined;
  const call = stmt.namedChildren()[0];
  if (call?.kind() !== 'call_expression') return undefined;
  const fnName = calleeName(call);
  if (!ASSERTS.test(fnName)) return undefined;
  const args = call.field('arguments')?.namedChildren() ?? [];
  const first = args[0];
  if (first === undefined) return undefined;
  if (fnName === 'ASSERT_NE' && args[1] !== undefined) {
    const pair = [first.text(), args[1].text()];
    return pair.includes(name) && pair.some((t) => NULL_TEXT.test(t)) ? 'valid' : undefined;
  }
  const t = testOf(first, name, style);
  // BUG_ON(cond) / WARN_ON(cond) stop when cond is true: what continues is the false case.
  return /^(BUG_ON|WARN_ON)$/.test(fnName) ? t.whenFalse : t.whenTrue;
}

/**
 * Whether a use inside an expression is protected by a test earlier in the same expression:
 * `p && p->x`, `!p || p->x`, `p ? p->x : 0`.
 */
export function guardedInExpression(
  use: SyntaxNode,
  name: string,
  style: 'pointer' | 'descriptor' = 'pointer',
): boolean {
  let child = use;
  for (
    let parent = use.parent(), guard = 0;
    parent !== null && guard < 60;
    parent = parent.parent(), guard++
  ) {
    const k = parent.kind();
    if (STATEMENT_END.has(String(k))) return false;
    if (k === 'binary_expression') {
      const op = parent.field('operator')?.text();
      const left = parent.field('left');
      if (left !== null && parent.field('right')?.id() === child.id()) {
        const t = testOf(left, name, style);
        if (op === '&&' && t.whenTrue === 'valid') return true;
        if (op === '||' && t.whenFalse === 'valid') return true;
      }
    } else if (k === 'conditional_expression') {
      const cond = parent.field('condition');
      if (cond !== null) {
        const t = testOf(cond, name, style);
        if (parent.field('consequence')?.id() === child.id() && t.whenTrue === 'valid') return true;
        if (parent.field('alternative')?.id() === child.id() && t.whenFalse === 'valid')
          return true;
      }
    }
    child = parent;
  }
  return false;
}

const STATEMENT_END = new Set([
  'expression_statement',
  'declaration',
  'return_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'compound_statement',
]);

/** Bits of the ownership state of one acquired resource. */
export const OWN = {
  /** Holds something else (reassigned). */
  OTHER: 1,
  /** Holds the result of the acquisition, not yet tested. */
  UNCHECKED: 2,
  /** Holds the resource, known valid. */
  VALID: 4,
  /** Holds the failure value (NULL, -1). */
  INVALID: 8,
  RELEASED: 16,
  /** Handed over: returned, stored elsewhere, passed to a function that may keep it. */
  ESCAPED: 32,
} as const;

export interface OwnershipSpec {
  style: 'pointer' | 'descriptor';
  /** Functions that release the resource (first argument), and `delete` for C++ delete expressions. */
  releases: ReadonlySet<string>;
  /** Functions that use the resource without keeping it. Passing it to any other function hands it over. */
  borrows: ReadonlySet<string>;
}

export interface OwnershipResult {
  graph: FlowGraph;
  after: (number | undefined)[];
  occurrences: Map<number, Occurrence[]>;
}

/**
 * Follows one resource from its acquisition (held by `name`, acquired in flow node `start`) through the
 * function: released, handed over, tested, reassigned. `onUse` sees every occurrence with the state just
 * before it (for rules that report a use while unchecked).
 */
export function followOwnership(
  flow: FunctionFlow,
  name: string,
  start: FlowNode,
  acquisition: SyntaxNode,
  spec: OwnershipSpec,
  onUse?: (occ: Occurrence, state: number) => void,
): OwnershipResult {
  const occurrences = occurrencesOf(flow, name, spec.releases);
  const acqStart = acquisition.range().start.index;
  const acqEnd = acquisition.range().end.index;
  const escape = (s: number): number =>
    s & (OWN.UNCHECKED | OWN.VALID) ? (s & ~(OWN.UNCHECKED | OWN.VALID)) | OWN.ESCAPED : s;
  const step = (occ: Occurrence, s: number): number => {
    onUse?.(occ, s);
    switch (occ.role) {
      case 'declare':
      case 'assign':
        // Re-running the acquisition (a loop) starts over; any other value replaces the resource.
        return occ.flow.index === start.index ? OWN.UNCHECKED : OWN.OTHER;
      case 'release':
        return s & (OWN.UNCHECKED | OWN.VALID)
          ? (s & ~(OWN.UNCHECKED | OWN.VALID)) | OWN.RELEASED
          : s;
      case 'returned':
      case 'alias':
      case 'address':
        return escape(s);
      case 'call-arg':
        return occ.call !== undefined && spec.borrows.has(occ.call.name) ? s : escape(s);
      default:
        return s;
    }
  };
  const transfer = (node: FlowNode, state: number): number => {
    let s = state;
    const occs = occurrences.get(node.index);
    if (occs !== undefined) {
      for (const occ of occs) {
        // In the acquisition's own node only what follows the acquisition matters.
        if (
          node.index === start.index &&
          occ.node.range().start.index < acqStart &&
          occ.role !== 'declare' &&
          occ.role !== 'assign'
        )
          continue;
        s = step(occ, s);
      }
    }
    if (node.ast !== null && s & OWN.UNCHECKED) {
      const v = assertedValidity(node.ast, name, spec.style);
      if (v === 'valid') s = (s & ~OWN.UNCHECKED) | OWN.VALID;
    }
    return s;
  };
  const refine = (node: FlowNode, label: 'true' | 'false', state: number): number => {
    if (node.ast === null) return state;
    const t = testOf(node.ast, name, spec.style);
    const v = label === 'true' ? t.whenTrue : t.whenFalse;
    if (v === 'valid') {
      let s = state & ~OWN.INVALID;
      if (s & OWN.UNCHECKED) s = (s & ~OWN.UNCHECKED) | OWN.VALID;
      return s;
    }
    if (v === 'invalid') {
      let s = state & ~OWN.VALID;
      if (s & OWN.UNCHECKED) s = (s & ~OWN.UNCHECKED) | OWN.INVALID;
      return s;
    }
    return state;
  };
  // The acquisition node's own occurrences after the acquisition (`if (!(p = malloc(n)))`, `fd = open(); use(fd)`).
  let initial: number = OWN.UNCHECKED;
  for (const occ of occurrences.get(start.index) ?? []) {
    if (occ.node.range().start.index > acqEnd) initial = step(occ, initial);
  }
  const after = solveForward(flow.graph, start.index, initial, transfer, refine);
  return { graph: flow.graph, after, occurrences };
}
