import type { SyntaxNode } from '../../core/syntax.js';

/**
 * A statement-level control-flow graph of one C/C++ function body, and a small forward dataflow solver
 * over it, for the lifetime rules (use after free, leaks, unchecked allocations, locks). Pure functions over
 * the tree; the graph is built once per function and shared by rules through `flowOf`.
 *
 * Nodes are simple statements (expression statements, declarations, returns) and branch conditions (the
 * condition of an if/while/for/switch/?:-free statement, with `true`/`false` edges). Loops run their body
 * any number of times; `goto` jumps to its label; `break`/`continue` to their targets; calls that never
 * return (exit, abort, longjmp, qFatal...) and `throw` end the path without reaching the function's exit.
 */

export type NodeKind = 'entry' | 'exit' | 'stmt' | 'branch' | 'return' | 'sink';

export interface FlowNode {
  readonly index: number;
  readonly kind: NodeKind;
  /** The statement, or for a branch the condition expression; null for entry and exit. */
  readonly ast: SyntaxNode | null;
  /** Successors; a branch has a `true` and a `false` edge (a switch has one edge per case). */
  readonly edges: { to: number; label?: 'true' | 'false' }[];
}

export interface FlowGraph {
  readonly nodes: readonly FlowNode[];
  readonly entry: number;
  readonly exit: number;
  /** The graph node whose statement or condition holds an AST node; undefined inside a lambda. */
  nodeOf(node: SyntaxNode): FlowNode | undefined;
  /** The body's closing brace, where a path that falls off the end leaves the function. */
  readonly end: SyntaxNode | null;
}

/** Calls after which the program does not continue on this path. */
const NO_RETURN = new Set([
  'exit',
  '_exit',
  '_Exit',
  'quick_exit',
  'abort',
  'longjmp',
  'siglongjmp',
  'err',
  'errx',
  'verr',
  'verrx',
  'qFatal',
  '__assert_fail',
  'panic',
  'g_error',
  'terminate',
  'pthread_exit',
  'ExitProcess',
]);

interface Jumps {
  breakTo: number | undefined;
  continueTo: number | undefined;
}

class Builder {
  readonly nodes: {
    index: number;
    kind: NodeKind;
    ast: SyntaxNode | null;
    edges: { to: number; label?: 'true' | 'false' }[];
  }[] = [];
  private readonly labels = new Map<string, number>();
  private readonly pendingGotos: { from: number; label: string }[] = [];
  readonly exit: number;

  constructor() {
    this.exit = this.add('exit', null);
  }

  add(kind: NodeKind, ast: SyntaxNode | null): number {
    const index = this.nodes.length;
    this.nodes.push({ index, kind, ast, edges: [] });
    return index;
  }

  edge(from: number, to: number, label?: 'true' | 'false'): void {
    const n = this.nodes[from];
    if (n === undefined) return;
    n.edges.push(label === undefined ? { to } : { to, label });
  }

  finish(): void {
    for (const g of this.pendingGotos) {
      const target = this.labels.get(g.label);
      // A jump to a label we did not see (inside a macro): the path leaves the function.
      this.edge(g.from, target ?? this.exit);
    }
  }

  /** Builds `stmt` so that it continues to `next`; returns its entry node. */
  build(stmt: SyntaxNode | null, next: number, jumps: Jumps, depth = 0): number {
    if (stmt === null || depth > 200) return next;
    const kind = String(stmt.kind());
    switch (kind) {
      case 'compound_statement':
      case 'declaration_list':
      case 'translation_unit':
        return this.sequence(stmt.namedChildren(), next, jumps, depth);
      case 'if_statement': {
        const cond = this.add('branch', conditionOf(stmt.field('condition')) ?? stmt);
        const alt = stmt.field('alternative');
        const altStmt =
          alt === null
            ? null
            : alt.kind() === 'else_clause'
              ? (alt.namedChildren().find(isStatementLike) ?? null)
              : alt;
        this.edge(cond, this.build(stmt.field('consequence'), next, jumps, depth + 1), 'true');
        this.edge(
          cond,
          altStmt === null ? next : this.build(altStmt, next, jumps, depth + 1),
          'false',
        );
        return cond;
      }
      case 'while_statement':
      case 'for_range_loop': {
        // A range-for tests its range expression for another element, like a while condition.
        const tested =
          kind === 'for_range_loop' ? stmt.field('right') : conditionOf(stmt.field('condition'));
        const cond = this.add('branch', tested ?? stmt);
        this.edge(
          cond,
          this.build(stmt.field('body'), cond, { breakTo: next, continueTo: cond }, depth + 1),
          'true',
        );
        this.edge(cond, next, 'false');
        return cond;
      }
      case 'do_statement': {
        const cond = this.add('branch', conditionOf(stmt.field('condition')) ?? stmt);
        const body = this.build(
          stmt.field('body'),
          cond,
          { breakTo: next, continueTo: cond },
          depth + 1,
        );
        this.edge(cond, body, 'true');
        this.edge(cond, next, 'false');
        return body;
      }
      case 'for_statement': {
        const condAst = stmt.field('condition');
        const cond = this.add('branch', condAst ?? stmt);
        const updateAst = stmt.field('update');
        let back = cond;
        if (updateAst !== null) {
          back = this.add('stmt', updateAst);
          this.edge(back, cond);
        }
        this.edge(
          cond,
          this.build(stmt.field('body'), back, { breakTo: next, continueTo: back }, depth + 1),
          'true',
        );
        if (condAst !== null) this.edge(cond, next, 'false');
        const init = stmt.field('initializer');
        if (init === null) return cond;
        const initNode = this.add('stmt', init);
        this.edge(initNode, cond);
        return initNode;
      }
      case 'switch_statement': {
        const cond = this.add('branch', conditionOf(stmt.field('condition')) ?? stmt);
        const cases = (stmt.field('body')?.namedChildren() ?? []).filter(
          (c) => c.kind() === 'case_statement',
        );
        let following = next;
        let hasDefault = false;
        for (let i = cases.length - 1; i >= 0; i--) {
          const c = cases[i];
          if (c === undefined) continue;
          if (c.field('value') === null) hasDefault = true;
          const body = c.namedChildren().filter((x) => x.id() !== c.field('value')?.id());
          following = this.sequence(
            body,
            following,
            { breakTo: next, continueTo: jumps.continueTo },
            depth + 1,
          );
          this.edge(cond, following);
        }
        if (!hasDefault) this.edge(cond, next);
        return cond;
      }
      case 'labeled_statement': {
        const inner = stmt.namedChildren().filter((c) => c.kind() !== 'statement_identifier');
        const entry = this.sequence(inner, next, jumps, depth + 1);
        const label = stmt
          .namedChildren()
          .find((c) => c.kind() === 'statement_identifier')
          ?.text();
        if (label !== undefined) this.labels.set(label, entry);
        return entry;
      }
      case 'try_statement': {
        const body = this.build(stmt.field('body'), next, jumps, depth + 1);
        const handlers = stmt.namedChildren().filter((c) => c.kind() === 'catch_clause');
        if (handlers.length === 0) return body;
        // Any statement of the body may throw: approximate with a branch before it.
        const fork = this.add('branch', stmt.field('body') ?? stmt);
        this.edge(fork, body, 'true');
        for (const h of handlers)
          this.edge(fork, this.build(h.field('body'), next, jumps, depth + 1), 'false');
        return fork;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef': {
        const cond = this.add('branch', stmt);
        const alt = stmt.field('alternative');
        const own = stmt.namedChildren().filter((c) => isStatementLike(c) && c.id() !== alt?.id());
        this.edge(cond, this.sequence(own, next, jumps, depth + 1), 'true');
        this.edge(cond, alt === null ? next : this.build(alt, next, jumps, depth + 1), 'false');
        return cond;
      }
      case 'preproc_else':
        return this.sequence(stmt.namedChildren().filter(isStatementLike), next, jumps, depth + 1);
      case 'return_statement':
      case 'co_return_statement': {
        const n = this.add('return', stmt);
        this.edge(n, this.exit);
        return n;
      }
      case 'throw_statement':
        return this.add('sink', stmt);
      case 'break_statement': {
        const n = this.add('stmt', stmt);
        this.edge(n, jumps.breakTo ?? next);
        return n;
      }
      case 'continue_statement': {
        const n = this.add('stmt', stmt);
        this.edge(n, jumps.continueTo ?? next);
        return n;
      }
      case 'goto_statement': {
        const n = this.add('stmt', stmt);
        const label = stmt
          .namedChildren()
          .find((c) => c.kind() === 'statement_identifier')
          ?.text();
        if (label === undefined) this.edge(n, next);
        else this.pendingGotos.push({ from: n, label });
        return n;
      }
      case 'expression_statement': {
        if (isNoReturnCall(stmt)) return this.add('sink', stmt);
        const n = this.add('stmt', stmt);
        this.edge(n, next);
        return n;
      }
      case 'comment':
      case 'preproc_include':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_call':
      case 'empty_statement':
      case ';':
        return next;
      default: {
        const n = this.add('stmt', stmt);
        this.edge(n, next);
        return n;
      }
    }
  }

  private sequence(stmts: readonly SyntaxNode[], next: number, jumps: Jumps, depth: number): number {
    let following = next;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i];
      if (s !== undefined) following = this.build(s, following, jumps, depth + 1);
    }
    return following;
  }
}

function isStatementLike(n: SyntaxNode): boolean {
  const k = String(n.kind());
  return k !== 'comment' && !k.endsWith('identifier') && k !== 'preproc_arg';
}

/** The expression tested by a condition (`(x)`, a C++ `condition_clause`). */
function conditionOf(cond: SyntaxNode | null): SyntaxNode | null {
  if (cond === null) return null;
  if (cond.kind() === 'condition_clause') return cond.field('value') ?? cond;
  return cond;
}

function isNoReturnCall(stmt: SyntaxNode): boolean {
  const call = stmt.namedChildren()[0];
  if (call?.kind() !== 'call_expression') return false;
  const name = /(\w+)\s*$/.exec(call.field('function')?.text() ?? '')?.[1];
  return name !== undefined && NO_RETURN.has(name);
}

/** Builds the graph of a function body (a `compound_statement`) holding these lambdas. */
export function buildFlowGraph(body: SyntaxNode, lambdasInBody: readonly SyntaxNode[]): FlowGraph {
  const b = new Builder();
  const first = b.build(body, b.exit, { breakTo: undefined, continueTo: undefined });
  const entry = b.add('entry', null);
  b.edge(entry, first);
  b.finish();
  // Lookup by position: walking up with parent() costs the depth of the tree per step, which is
  // quadratic on deeply nested code. Spans are sorted by start; nested spans (a preprocessor branch
  // holding statements) start earlier, so the innermost span holding a position is met first when
  // scanning back from the last span that starts at or before it.
  const spans = b.nodes
    .flatMap((n) => {
      if (n.ast === null) return [];
      const r = n.ast.range();
      return [{ index: n.index, start: r.start.index, end: r.end.index }];
    })
    .sort((x, y) => x.start - y.start || y.end - x.end);
  const starts = spans.map((x) => x.start);
  const lambdas = lambdasInBody.map((l) => {
    const r = l.range();
    return { start: r.start.index, end: r.end.index };
  });
  const nodes = b.nodes;
  const last = body.children();
  return {
    nodes,
    entry,
    exit: b.exit,
    end: last[last.length - 1] ?? null,
    nodeOf(node) {
      const r = node.range();
      const at = r.start.index;
      const to = r.end.index;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((starts[mid] ?? 0) <= at) lo = mid + 1;
        else hi = mid - 1;
      }
      for (let i = hi; i >= 0; i--) {
        const span = spans[i];
        if (span === undefined || span.end < to) continue;
        // Code inside a lambda runs at another time: it belongs to no statement of this graph.
        if (
          lambdas.some(
            (l) => l.start >= span.start && l.end <= span.end && l.start <= at && to <= l.end,
          )
        ) {
          return undefined;
        }
        return nodes[span.index];
      }
      return undefined;
    },
  };
}

/**
 * Forward "may" dataflow over bit sets: the state before a node is the union of the states after its
 * predecessors. Starts after `start` with `initial` (the start node's own effect is the caller's), applies
 * `transfer` at each node and `refine` on the edges of branches. Returns the state after each node
 * (undefined where no path from the start reaches).
 */
export function solveForward(
  graph: FlowGraph,
  start: number,
  initial: number,
  transfer: (node: FlowNode, state: number) => number,
  refine?: (node: FlowNode, label: 'true' | 'false', state: number) => number,
): (number | undefined)[] {
  const before: (number | undefined)[] = new Array<number | undefined>(graph.nodes.length);
  const after: (number | undefined)[] = new Array<number | undefined>(graph.nodes.length);
  after[start] = initial;
  const work: number[] = [];
  const propagate = (from: number): void => {
    const node = graph.nodes[from];
    const out = after[from];
    if (node === undefined || out === undefined) return;
    for (const e of node.edges) {
      const s = e.label !== undefined && refine !== undefined ? refine(node, e.label, out) : out;
      const prev = before[e.to];
      const merged = (prev ?? 0) | s;
      if (prev === undefined || merged !== prev) {
        before[e.to] = merged;
        work.push(e.to);
      }
    }
  };
  propagate(start);
  let steps = 0;
  while (work.length > 0 && steps++ < 100_000) {
    const i = work.pop();
    if (i === undefined) break;
    const node = graph.nodes[i];
    const inState = before[i];
    if (node === undefined || inState === undefined) continue;
    const out = node.kind === 'exit' || node.kind === 'entry' ? inState : transfer(node, inState);
    if (after[i] !== out) {
      after[i] = out;
      propagate(i);
    }
  }
  // `before` of the exit is what leaves the function; expose it as the exit's "after".
  after[graph.exit] = before[graph.exit];
  return after;
}

/** The exit paths reached from a solve: the returns (and the falling-off end) with their state. */
export function exitStates(
  graph: FlowGraph,
  after: readonly (number | undefined)[],
): { node: FlowNode; state: number; fallsOffEnd: boolean }[] {
  const out: { node: FlowNode; state: number; fallsOffEnd: boolean }[] = [];
  for (const n of graph.nodes) {
    const s = after[n.index];
    if (s === undefined || !n.edges.some((e) => e.to === graph.exit)) continue;
    out.push({ node: n, state: s, fallsOffEnd: n.kind !== 'return' });
  }
  return out;
}
