import type { SyntaxNode } from '../../core/syntax.js';
import type { CContext, CDeclaration, CFunction } from './context.js';
import type { FlowGraph, FlowNode } from './flow.js';
import { occurrencesOf, type FunctionFlow, type Occurrence } from './lifetime.js';

/**
 * What one local variable may hold at each statement of a function, for the value rules (NULL
 * dereference, uninitialised read, division by zero). A rule describes the values as bits of a small
 * set (`NULL`, `OTHER`...) and how each occurrence changes them; this module runs the forward solve over
 * the function's flow graph (`flow.ts`) with what those rules share:
 *
 * - an empty set means "no path reaches here": constant conditions (`if (0)`, `while (1)`, `#if 0`,
 *   a `const` global bound to a literal) follow only their live edge, so code in dead branches neither
 *   reports nor feeds later statements;
 * - a loop that may run zero times, and a `switch` without `default` (optionally an `if / else if`
 *   chain without `else`), are not reasoned about: leaving one that writes the variable turns the
 *   rule's "bad" bits into `skip`, and the rules stay silent on those paths (whether the loop ran, or
 *   the cases cover every value, is not provable here);
 * - `correlatedGuard` tells whether a use sits under a condition unrelated to the variable, which on a
 *   may-path usually encodes what the analysis cannot see (`if (have) use(p)`).
 */

export interface ValueSpec {
  /** The state at the function's entry (never 0). */
  readonly initial: number;
  /** Bits that become `skip` on leaving a loop or a default-less switch that writes the variable. */
  readonly bad: number;
  readonly skip: number;
  /** Also not reasoned about: leaving an `if / else if` chain without `else` whose every branch writes it. */
  readonly elseIfChains?: boolean;
  /** The state after one occurrence. */
  step(occ: Occurrence, state: number): number;
  /** Whether an occurrence may change the variable (for the loop and switch rule above). */
  writes(occ: Occurrence): boolean;
  /** The state on a labelled edge of a branch testing `cond`. */
  refine?(cond: SyntaxNode, label: 'true' | 'false', state: number): number;
  /** The state after a statement's occurrences (assertions). */
  statement?(stmt: SyntaxNode, state: number): number;
}

export interface ValueFlow {
  readonly graph: FlowGraph;
  /** The occurrences of the variable by flow node, reads before writes within a node. */
  readonly occurrences: Map<number, Occurrence[]>;
  /** The state before each node; undefined or 0 where no path reaches. */
  readonly before: readonly (number | undefined)[];
}

const NO_RELEASES: ReadonlySet<string> = new Set();

/** Solves the values of `name` over the function (see the module comment). */
export function valueFlow(
  ctx: CContext,
  flow: FunctionFlow,
  name: string,
  spec: ValueSpec,
): ValueFlow {
  const graph = flow.graph;
  const occurrences = occurrencesOf(flow, name, NO_RELEASES);
  for (const list of occurrences.values()) list.sort((a, b) => effectiveAt(a) - effectiveAt(b));
  const writers: number[] = [];
  for (const list of occurrences.values())
    for (const o of list) if (spec.writes(o)) writers.push(o.node.range().start.index);
  const writtenIn = (region: SyntaxNode): boolean => {
    const { start, end } = region.range();
    return writers.some((at) => at >= start.index && at < end.index);
  };
  const live = new Map<number, 'true' | 'false' | undefined>();
  const liveEdge = (node: FlowNode): 'true' | 'false' | undefined => {
    if (!live.has(node.index))
      live.set(node.index, node.ast === null ? undefined : constantTruth(ctx, node.ast));
    return live.get(node.index);
  };
  const skipping = new Map<number, number>();
  /** For a loop condition or a default-less switch writing the variable: the edge to the statement after it. */
  const skipEdge = (node: FlowNode): number => {
    let e = skipping.get(node.index);
    if (e === undefined) {
      e = -1;
      const owner = node.ast === null ? null : branchOwner(node.ast);
      const chain =
        spec.elseIfChains !== true || node.ast === null || owner !== null
          ? []
          : elseIfChain(node.ast);
      if (chain.length > 1 && chain.every((c) => writtenIn(c))) {
        e = node.edges.findIndex((x) => x.label === 'false');
      } else if (
        owner !== null &&
        writtenIn(owner) &&
        !(owner.kind() === 'for_statement' && runsOnce(ctx, owner))
      ) {
        const k = owner.kind();
        if (k === 'switch_statement') {
          if (!hasDefault(owner)) e = node.edges.length - 1;
        } else {
          e = node.edges.findIndex((x) => x.label === 'false');
        }
      }
      skipping.set(node.index, e);
    }
    return e;
  };
  const transfer = (node: FlowNode, state: number): number => {
    if (node.kind === 'stmt' && node.ast !== null && stops(ctx, node.ast)) return 0;
    let s = state;
    for (const occ of occurrences.get(node.index) ?? []) s = spec.step(occ, s);
    if (spec.statement !== undefined && node.ast !== null && node.kind !== 'branch')
      s = spec.statement(node.ast, s);
    return s;
  };
  const edge = (node: FlowNode, index: number, state: number): number => {
    const e = node.edges[index];
    if (e === undefined || state === 0) return state;
    let s = state;
    if (node.kind === 'branch' && e.label !== undefined) {
      const alive = liveEdge(node);
      if (alive !== undefined && alive !== e.label) return 0;
      if (spec.refine !== undefined && node.ast !== null) s = spec.refine(node.ast, e.label, s);
    }
    if (node.kind === 'branch' && s & spec.bad && skipEdge(node) === index)
      s = (s & ~spec.bad) | spec.skip;
    return s;
  };
  const onceLoops = new Map<number, (from: FlowNode) => boolean>();
  for (const node of graph.nodes) {
    const owner = node.kind === 'branch' && node.ast !== null ? branchOwner(node.ast) : null;
    if (owner?.kind() !== 'for_statement' || !runsOnce(ctx, owner)) continue;
    const body = owner.field('body');
    const update = owner.field('update');
    onceLoops.set(node.index, (from) => {
      const ast = from.ast;
      if (ast === null) return false;
      return (
        (body !== null && holdsAny(body, [ast])) || (update !== null && holdsAny(update, [ast]))
      );
    });
  }
  const before = solveEdges(graph, spec.initial, transfer, edge, onceLoops);
  return { graph, occurrences, before };
}

/**
 * Where an occurrence takes effect in its statement: a read where it is written, an assignment or
 * initialisation where the whole assignment ends (its right side is evaluated first), so that
 * `(len = strlen(s)) > 0 && s[len - 1]` writes `len` before reading it and `x = x + 1` reads first.
 */
function effectiveAt(occ: Occurrence): number {
  const at = occ.node.range().start.index;
  if (occ.role !== 'assign' && occ.role !== 'declare') return at;
  let n: SyntaxNode | null = occ.node.parent();
  for (let guard = 0; n !== null && guard < 8; guard++, n = n.parent()) {
    const k = n.kind();
    if (k === 'assignment_expression' || k === 'init_declarator') return n.range().end.index;
    if (k === 'declaration') break;
  }
  return at;
}

/**
 * Forward "may" dataflow where each edge may change the state (`edge(node, edgeIndex, stateAfterNode)`);
 * returns the state before each node. A state of 0 travels as "unreachable".
 */
export function solveEdges(
  graph: FlowGraph,
  initial: number,
  transfer: (node: FlowNode, state: number) => number,
  edge: (node: FlowNode, index: number, state: number) => number,
  /**
   * Conditions of loops whose first test always holds (`for (i = 0; i < 4; i++)`), with a test of
   * which predecessors come back from the loop: their false edge leaves only with those states.
   */
  onceLoops?: ReadonlyMap<number, (from: FlowNode) => boolean>,
): (number | undefined)[] {
  const before: (number | undefined)[] = new Array<number | undefined>(graph.nodes.length);
  const back: (number | undefined)[] = new Array<number | undefined>(graph.nodes.length);
  before[graph.entry] = initial;
  const work = [graph.entry];
  let steps = 0;
  while (work.length > 0 && steps++ < 200_000) {
    const i = work.pop();
    const node = i === undefined ? undefined : graph.nodes[i];
    const inState = i === undefined ? undefined : before[i];
    if (node === undefined || inState === undefined) continue;
    const run = (state: number): number =>
      state === 0 || node.kind === 'entry' || node.kind === 'exit' ? state : transfer(node, state);
    const out = run(inState);
    const once = onceLoops?.has(node.index) === true;
    node.edges.forEach((e, index) => {
      const s =
        once && e.label === 'false'
          ? edge(node, index, run(back[node.index] ?? 0))
          : edge(node, index, out);
      const prev = before[e.to];
      const merged = (prev ?? 0) | s;
      const returning = onceLoops?.get(e.to)?.(node) === true;
      const prevBack = back[e.to];
      if (returning) back[e.to] = (prevBack ?? 0) | s;
      if (prev === undefined || merged !== prev || (returning && back[e.to] !== prevBack)) {
        before[e.to] = merged;
        work.push(e.to);
      }
    });
  }
  return before;
}

/** The loop or switch statement whose condition a branch node tests, or null. */
function branchOwner(cond: SyntaxNode): SyntaxNode | null {
  let n: SyntaxNode | null = cond;
  for (let i = 0; i < 3 && n !== null; i++) {
    const k = n.kind();
    if (
      k === 'while_statement' ||
      k === 'for_statement' ||
      k === 'for_range_loop' ||
      k === 'do_statement' ||
      k === 'switch_statement'
    )
      return n;
    if (k === 'if_statement' || k.endsWith('_statement') || k === 'compound_statement') return null;
    n = n.parent();
  }
  return null;
}

/**
 * For the condition of the last `if` of an `if / else if` chain without a final `else`: the
 * consequences of the chain (a chain whose every branch writes a variable usually covers every case
 * the program can reach, and is not reasoned about).
 */
function elseIfChain(cond: SyntaxNode): SyntaxNode[] {
  let stmt = cond.parent();
  if (stmt?.kind() === 'condition_clause') stmt = stmt.parent();
  if (stmt?.kind() !== 'if_statement' || stmt.field('alternative') !== null) return [];
  const out: SyntaxNode[] = [];
  for (let s: SyntaxNode | null | undefined = stmt; s?.kind() === 'if_statement';) {
    const c = s.field('consequence');
    if (c !== null) out.push(c);
    const up = s.parent();
    s = up?.kind() === 'else_clause' ? up.parent() : null;
  }
  return out;
}

function hasDefault(sw: SyntaxNode): boolean {
  return (sw.field('body')?.namedChildren() ?? []).some(
    (c) => c.kind() === 'case_statement' && c.field('value') === null,
  );
}

/**
 * The edge a constant condition always takes: `if (0)`, `while (1)`, `#if 0`, `true`, a `const` global
 * bound to a literal (`if (DEBUG_ENABLED)` with `static const int DEBUG_ENABLED = 0;`), comparisons of
 * those. Undefined when the condition is not constant.
 */
export function constantTruth(ctx: CContext, cond: SyntaxNode): 'true' | 'false' | undefined {
  const k = cond.kind();
  if (k === 'preproc_if' || k === 'preproc_elif') {
    const c = cond.field('condition');
    const v = c === null ? undefined : constantOf(ctx, c, 0);
    return v === undefined ? undefined : v !== 0 ? 'true' : 'false';
  }
  if (k.startsWith('preproc_')) return undefined;
  const v = constantOf(ctx, cond, 0);
  return v === undefined ? undefined : v !== 0 ? 'true' : 'false';
}

function constantOf(ctx: CContext, node: SyntaxNode, depth: number): number | undefined {
  if (depth > 8) return undefined;
  const k = node.kind();
  if (k === 'true') return 1;
  if (k === 'false') return 0;
  if (k === 'parenthesized_expression' || k === 'condition_clause') {
    const inner =
      k === 'condition_clause'
        ? node.field('value')
        : node.namedChildren().find((c) => c.kind() !== 'comment');
    return inner === null || inner === undefined ? undefined : constantOf(ctx, inner, depth + 1);
  }
  if (k === 'identifier') {
    const direct = ctx.constantValue(node);
    if (direct !== undefined) return direct;
    const d = ctx.declarationOf(node.text(), node);
    if (d?.isConst !== true || d.isParameter || d.value === null || d.pointerDepth > 0)
      return undefined;
    if (d.value.kind() === 'true') return 1;
    if (d.value.kind() === 'false') return 0;
    return ctx.constantValue(d.value);
  }
  if (k === 'unary_expression' && node.field('operator')?.text() === '!') {
    const arg = node.field('argument');
    const v = arg === null ? undefined : constantOf(ctx, arg, depth + 1);
    return v === undefined ? undefined : v === 0 ? 1 : 0;
  }
  if (k === 'binary_expression') {
    const op = node.field('operator')?.text() ?? '';
    const l = node.field('left');
    const r = node.field('right');
    if (l === null || r === null) return undefined;
    const a = constantOf(ctx, l, depth + 1);
    const b = constantOf(ctx, r, depth + 1);
    if (op === '&&' && (a === 0 || b === 0)) return 0;
    if (op === '||' && ((a ?? 0) !== 0 || (b ?? 0) !== 0)) return 1;
    if (a === undefined || b === undefined) return undefined;
    switch (op) {
      case '&&':
        return a !== 0 && b !== 0 ? 1 : 0;
      case '||':
        return a !== 0 || b !== 0 ? 1 : 0;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      default:
        return ctx.constantValue(node);
    }
  }
  return k === 'number_literal' || k === 'char_literal' ? ctx.constantValue(node) : undefined;
}

/** Kinds that end the search for guards: a statement boundary at function level. */
const BODY_KINDS = new Set(['function_definition', 'lambda_expression']);

/**
 * Whether `use` sits under a condition that does not hold any of `sources` and does not test `name`:
 * the consequence or alternative of an `if` or `?:`, a `case`, the right side of `&&` / `||`, or the
 * body of a loop that may not run and does not write the variable (with `onlyLoops`, loop bodies only). On a
 * path the analysis only may take, such a guard usually encodes a fact it cannot see (a flag set with
 * the value, the same condition tested twice), so the value rules stay silent there. Constant
 * conditions are not guards.
 */
export function correlatedGuard(
  ctx: CContext,
  use: SyntaxNode,
  name: string,
  sources: readonly SyntaxNode[],
  writers: readonly SyntaxNode[],
  onlyLoops = false,
): boolean {
  const inside = (region: SyntaxNode): boolean => holdsAny(region, sources);
  const testsName = (cond: SyntaxNode | null): boolean =>
    cond !== null && new RegExp(`\\b${name}\\b`).test(cond.text());
  let child = use;
  for (let p = use.parent(), guard = 0; p !== null && guard < 200; p = p.parent(), guard++) {
    const k = p.kind();
    if (BODY_KINDS.has(k)) return false;
    let cond: SyntaxNode | null = null;
    let guarded = false;
    if (LOOPS.has(k) && k !== 'do_statement') {
      // A loop body runs as often as the loop says, maybe never (`for (i = 0; i < n; i++) free(v[i])`).
      cond = k === 'for_range_loop' ? p.field('right') : p.field('condition');
      // A loop writing the variable only after this use reads, in its first round, the value from
      // before the loop: that round is not guarded (`prev->next = cur; prev = cur;`).
      const useAt = use.range().start.index;
      const written = writers.filter((w) => holdsAny(p, [w]));
      const firstRound = written.length > 0 && written.every((w) => w.range().start.index >= useAt);
      guarded = p.field('body')?.id() === child.id() && !runsOnce(ctx, p) && !firstRound;
    } else if (onlyLoops) {
      // only loops
    } else if (k.startsWith('preproc_if') || k === 'preproc_elif' || k === 'preproc_else') {
      // Code built only in some configurations: `#if defined(SIGRTMIN)` around both write and use.
      cond = k === 'preproc_else' ? null : p.field('condition');
      guarded = cond?.id() !== child.id();
    } else if (k === 'if_statement' || k === 'conditional_expression') {
      cond = p.field('condition');
      guarded = cond?.id() !== child.id();
    } else if (k === 'case_statement') {
      guarded = p.field('value')?.id() !== child.id();
      cond = p.parent()?.parent()?.field('condition') ?? null;
    } else if (k === 'binary_expression' && /^(&&|\|\|)$/.test(p.field('operator')?.text() ?? '')) {
      cond = p.field('left');
      guarded = p.field('right')?.id() === child.id();
    }
    if (
      guarded &&
      !inside(p) &&
      !testsName(cond) &&
      (cond === null || constantTruth(ctx, cond) === undefined)
    )
      return true;
    child = p;
  }
  return false;
}

/**
 * The expression an identifier's value flows into, through parentheses and casts: for `(int)(x) / 2`
 * the division and the operand holding `x`.
 */
export function operandOf(id: SyntaxNode): { child: SyntaxNode; parent: SyntaxNode | null } {
  let child = id;
  let parent = id.parent();
  while (
    parent !== null &&
    (parent.kind() === 'parenthesized_expression' || parent.kind() === 'cast_expression')
  ) {
    child = parent;
    parent = parent.parent();
  }
  return { child, parent };
}

/** The local (not static, not extern) variable or parameter `name` of a function, declared at `at`. */
export function isPlainLocal(
  ctx: CContext,
  name: string,
  at: SyntaxNode,
): ReturnType<CContext['declarationOf']> {
  const d = ctx.declarationOf(name, at);
  if (d === undefined || d.isStatic || /\bextern\b/.test(d.node.text().slice(0, 40))) return;
  const fn = ctx.enclosingFunction(at);
  if (fn === undefined) return;
  if (!d.isParameter && !fn.locals().includes(d)) return;
  return d;
}

const knownFunctions = new WeakMap<CContext, ReadonlySet<string>>();

/** Standard C functions: real functions, so their arguments are passed by value. */
const LIBC =
  /^(v?[fs]?n?printf|v?[fs]?scanf|puts|fputs|putc|fputc|putchar|getc|fgetc|fgets|fopen|fdopen|fclose|fflush|fread|fwrite|fseek|ftell|rewind|feof|ferror|fileno|perror|remove|rename|str\w+|mem\w+|wcs\w+|ato[ifl]l?|abs|labs|llabs|f?abs[fl]?|malloc|calloc|realloc|free|exit|_exit|abort|qsort|bsearch|getenv|setenv|system|open|close|read|write|lseek|recv|send|recvfrom|sendto|socket|bind|listen|accept|connect|select|poll|ioctl|fcntl|time|clock|sleep|usleep|isalnum|isalpha|isdigit|isspace|isupper|islower|isprint|isxdigit|toupper|tolower|assert|signal|raise|rand|srand|pthread_\w+)$/;

/**
 * Whether a call may store into a variable passed to it by name: a C++ function (reference
 * parameters); in C anything but a standard function or a function declared or defined in this file
 * (macros, from this file or a header, can assign their arguments).
 */
export function mayWriteArgument(ctx: CContext, callee: string): boolean {
  if (ctx.isCpp) return true;
  if (LIBC.test(callee)) return false;
  let names = knownFunctions.get(ctx);
  if (names === undefined) {
    const found = new Set<string>();
    for (const f of ctx.functions()) found.add(f.name);
    for (const d of ctx.nodes('function_declarator')) {
      const name = d.field('declarator');
      if (name?.kind() === 'identifier') found.add(name.text());
    }
    for (const m of ctx.nodes('preproc_function_def')) found.delete(m.field('name')?.text() ?? '');
    names = found;
    knownFunctions.set(ctx, names);
  }
  return !names.has(callee);
}

/**
 * The function's flow graph can be trusted: parsed without errors (a misparsed macro makes the flow
 * meaningless), no `continue` outside a loop the graph knows, no setjmp.
 */
export function parsedCleanly(fn: CFunction): boolean {
  if (fn.node.has({ rule: { kind: 'ERROR' } })) return false;
  // setjmp returns twice: the second return is not an edge of the graph.
  if (/\b(?:sig)?setjmp\b/.test(fn.body?.text() ?? '')) return false;
  // `continue` or `break` in a macro loop (`TAILQ_FOREACH(x, head) { ... continue; }`) has no loop
  // in the graph.
  for (const kind of ['continue_statement', 'break_statement']) {
    for (const c of fn.node.findAll({ rule: { kind } })) {
      let p = c.parent();
      while (
        p !== null &&
        !LOOPS.has(p.kind()) &&
        !(kind === 'break_statement' && p.kind() === 'switch_statement') &&
        p.id() !== fn.node.id()
      )
        p = p.parent();
      if (p === null || p.id() === fn.node.id()) return false;
    }
  }
  return true;
}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);

/** The value an occurrence stores: the initialiser of a declarator, the right side of `=`. */
export function storedValue(occ: Occurrence): SyntaxNode | null | undefined {
  let d: SyntaxNode = occ.node;
  for (let guard = 0; guard < 8; guard++) {
    const p: SyntaxNode | null = d.parent();
    if (p === null) return undefined;
    const k = p.kind();
    if (k === 'init_declarator') return p.field('value');
    if (k === 'assignment_expression') return p.field('right');
    // `if (auto *d = f())`: a C++ condition declares with a value of its own.
    if (k === 'declaration') return p.field('value');
    d = p;
  }
  return undefined;
}

/** Whether every occurrence of the name in the function lies in a statement of its graph (none in a lambda). */
export function allPlaced(flow: FunctionFlow, name: string): boolean {
  return flow.placed(name).length === flow.named(name).length;
}

/** Names of functions that end the program, by convention or as written in this file. */
const STOPPING_NAME =
  /^(usage|die|croak|error_exit|\w*fatalx?(_[a-z]{1,2})?|\w*panic(_[a-z]{1,2})?|bail(_out)?|\w+_die|\w+_return(_[a-z]+)?)$/i;
const EXIT_CALL = /^\s*(exit|_exit|_Exit|abort|err|errx|quick_exit)\s*\(/;

const stoppers = new WeakMap<CContext, ReadonlySet<string>>();

/**
 * Whether a statement calls a function that does not return: by its conventional name (`usage()`,
 * `die()`, `fatal()`), or a function of this file whose body ends the program at its top level. The flow
 * graph already knows `exit`, `abort` and their kind.
 */
export function stops(ctx: CContext, stmt: SyntaxNode): boolean {
  if (stmt.kind() !== 'expression_statement') return false;
  const call = stmt.namedChildren()[0];
  // A macro used as a statement: `debug_return;`.
  if (call?.kind() === 'identifier') return STOPPING_NAME.test(call.text());
  if (call?.kind() !== 'call_expression') return false;
  const fn = call.field('function');
  if (fn?.kind() !== 'identifier') return false;
  const name = fn.text();
  // `debug_return_int(x)` returns; `g_return_if_fail(c)` only when c fails.
  if (STOPPING_NAME.test(name) && !/_if_|_unless_/i.test(name)) return true;
  let names = stoppers.get(ctx);
  if (names === undefined) {
    const found = new Set<string>();
    for (const f of ctx.functions()) {
      const top = f.body?.namedChildren() ?? [];
      if (top.some((c) => c.kind() === 'expression_statement' && EXIT_CALL.test(c.text())))
        found.add(f.name);
    }
    names = found;
    stoppers.set(ctx, names);
  }
  return names.has(name);
}

/** Identifiers of the conditions that decide whether a node runs (enclosing ifs, loops, switches, `?:`). */
function guardIdentifiers(node: SyntaxNode, stop: SyntaxNode): Set<string> {
  const out = new Set<string>();
  let child = node;
  for (let p = node.parent(), guard = 0; p !== null && guard < 200; p = p.parent(), guard++) {
    if (p.id() === stop.id()) break;
    const cond = p.field('condition');
    if (cond !== null && cond.id() !== child.id() && p.kind() !== 'preproc_if')
      for (const id of variablesIn(cond)) out.add(id);
    child = p;
  }
  return out;
}

/**
 * Whether a may-path to `use` likely does not exist: a write to the variable is decided by a condition
 * on some other variable, and a condition tested between the first such write and the use looks at the
 * same variable (`if (ok) n = f(); ... if (!ok) return; use(n)`). The solver does not relate the two
 * conditions, so on such paths the rules stay silent.
 */
export function conditionsCorrelate(
  body: SyntaxNode,
  writes: readonly SyntaxNode[],
  use: SyntaxNode,
  name: string,
): boolean {
  const useAt = use.range().start.index;
  const deciding = new Set<string>();
  let first = useAt;
  for (const w of writes) {
    const at = w.range().start.index;
    if (at >= useAt) continue;
    first = Math.min(first, at);
    for (const id of guardIdentifiers(w, body)) if (id !== name) deciding.add(id);
  }
  if (deciding.size === 0) return false;
  for (const kind of ['if_statement', 'while_statement', 'conditional_expression']) {
    for (const stmt of body.findAll({ rule: { kind } })) {
      const cond = stmt.field('condition');
      // The conditions deciding the writes themselves (`else if` arms) do not count.
      if (cond === null || holdsAny(stmt, writes)) continue;
      const at = cond.range().start.index;
      if (at <= first || at >= useAt) continue;
      for (const id of variablesIn(cond)) if (deciding.has(id)) return true;
    }
  }
  return false;
}

/** The variables a condition reads: identifiers that are not called and not ALL_CAPS constants. */
function variablesIn(cond: SyntaxNode): string[] {
  const ids =
    cond.kind() === 'identifier' ? [cond] : cond.findAll({ rule: { kind: 'identifier' } });
  return ids
    .filter((id) => {
      if (/^[A-Z_][A-Z0-9_]*$/.test(id.text())) return false;
      const p = id.parent();
      return !(p?.kind() === 'call_expression' && p.field('function')?.id() === id.id());
    })
    .map((id) => id.text());
}

/** `for (i = 0; i < 4; i++)`: a counted loop whose first test holds. */
function runsOnce(ctx: CContext, loop: SyntaxNode): boolean {
  if (loop.kind() !== 'for_statement') return false;
  const init = loop.field('initializer');
  const cond = loop.field('condition');
  if (init === null || cond?.kind() !== 'binary_expression') return false;
  const m = /^(?:\w+\s+)?(\w+)\s*=\s*(.+?);?$/.exec(init.text().trim());
  const left = cond.field('left');
  const right = cond.field('right');
  if (m === null || left?.text() !== m[1] || right === null) return false;
  const from = Number(m[2]);
  const to = ctx.constantValue(right);
  if (!Number.isFinite(from) || to === undefined) return false;
  const op = cond.field('operator')?.text();
  return op === '<' ? from < to : op === '<=' ? from <= to : op === '!=' ? from !== to : false;
}

/** Whether a region of the source holds one of the nodes. */
function holdsAny(region: SyntaxNode, nodes: readonly SyntaxNode[]): boolean {
  const { start, end } = region.range();
  return nodes.some((n) => {
    const r = n.range();
    return r.start.index >= start.index && r.end.index <= end.index;
  });
}

/** Visits every occurrence on a reachable path with the state just before it (as the solve saw it). */
export function replay(
  solved: ValueFlow,
  spec: ValueSpec,
  visit: (occ: Occurrence, state: number) => void,
): void {
  for (const [index, list] of solved.occurrences) {
    let state = solved.before[index];
    if (state === undefined || state === 0) continue;
    for (const occ of list) {
      visit(occ, state);
      state = spec.step(occ, state);
    }
  }
}

/**
 * Whether a use reached by a bad value deserves a report: on every path (`must`) unless it sits in a
 * loop that may not run; on some paths only when no unrelated guard or correlated condition explains
 * the path away (see `correlatedGuard` and `conditionsCorrelate`).
 */
export function reportable(
  ctx: CContext,
  body: SyntaxNode,
  use: SyntaxNode,
  name: string,
  sources: readonly SyntaxNode[],
  writers: readonly SyntaxNode[],
  must: boolean,
): boolean {
  if (must && !correlatedGuard(ctx, use, name, sources, writers, true)) return true;
  return (
    !correlatedGuard(ctx, use, name, sources, writers) &&
    !conditionsCorrelate(body, writers, use, name)
  );
}

/**
 * A per-file summary of the functions of this file, by callee name and parameter position: `compute`
 * answers for the one definition of `callee` (no answer when there are several or none). Memoised;
 * recursion, direct or mutual, answers no while a summary is being computed.
 */
export function parameterSummary(
  compute: (ctx: CContext, fn: CFunction, param: CDeclaration) => boolean,
): (ctx: CContext, callee: string, index: number) => boolean {
  const cache = new WeakMap<CContext, Map<string, boolean>>();
  return (ctx, callee, index) => {
    let known = cache.get(ctx);
    if (known === undefined) {
      known = new Map();
      cache.set(ctx, known);
    }
    const key = `${callee}#${String(index)}`;
    const memo = known.get(key);
    if (memo !== undefined) return memo;
    known.set(key, false);
    const fns = ctx.functions().filter((f) => f.name === callee);
    const fn = fns.length === 1 ? fns[0] : undefined;
    const param = fn?.params[index];
    const result = fn !== undefined && param !== undefined && compute(ctx, fn, param);
    known.set(key, result);
    return result;
  };
}

/** Whether one of the uses found is unconditional: on every path and under no guard. */
export function someUnconditional(
  ctx: CContext,
  hits: Iterable<{ node: SyntaxNode; must: boolean }>,
  name: string,
): boolean {
  for (const hit of hits)
    if (hit.must && !correlatedGuard(ctx, hit.node, name, [], [])) return true;
  return false;
}
