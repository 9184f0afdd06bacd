import type { SyntaxNode } from '../../core/syntax.js';
import type { CContext } from './context.js';
import { stripCasts } from './expr.js';
import { solveForward } from './flow.js';
import { flowOf, occurrencesOf, type Occurrence } from './lifetime.js';

/** Functions that free heap memory passed as their first argument. */
export const FREE_FUNCTIONS: readonly string[] = [
  'free',
  'cfree',
  'g_free',
  'xfree',
  'OPENSSL_free',
  'kfree',
  'kvfree',
  'vfree',
];

export interface DanglingUse {
  /** The later use or release (the identifier). */
  readonly occurrence: Occurrence;
  /** The release that made the pointer dangle (the call or delete expression). */
  readonly release: SyntaxNode;
  readonly variable: string;
}

export interface DanglingReport {
  /** Dereferences and calls with the pointer after it was released. */
  readonly uses: readonly DanglingUse[];
  /** Releases of a pointer already released. */
  readonly doubleReleases: readonly DanglingUse[];
}

/**
 * `void` functions of this file that always release their first parameter: `static void
 * page_release(struct page *p) { ...; free(p); }` or C++ `delete p;`, as a statement of the body itself (not inside a branch or a
 * loop), with the parameter not reassigned first. Calls of them release their first argument like `free`.
 * Wrappers of wrappers are found too (a few rounds). Returns each wrapper's number of parameters.
 */
function releaseWrappers(ctx: CContext): Map<string, number> {
  const found = new Map<string, number>();
  for (let round = 0; round < 3; round++) {
    const before = found.size;
    for (const fn of ctx.functions()) {
      const param = fn.params[0]?.name;
      if (fn.body === null || param === undefined || found.has(fn.name)) continue;
      // Only `void` functions: one that returns something may hand the pointer (or its successor) back,
      // `per = del_per_transfer(per)`, where the assignment takes effect after the release.
      if (fn.name.includes('::') || fn.returnsPointer || fn.node.field('type')?.text() !== 'void')
        continue;
      if (alwaysReleases(fn.body, param, found)) found.set(fn.name, fn.params.length);
    }
    if (found.size === before) break;
  }
  return found;
}

function alwaysReleases(
  body: SyntaxNode,
  param: string,
  wrappers: ReadonlyMap<string, number>,
): boolean {
  for (const stmt of body.namedChildren()) {
    if (stmt.kind() !== 'expression_statement') continue;
    const e = stmt.namedChildren()[0];
    if (e === undefined) continue;
    if (e.kind() === 'assignment_expression' && stripCasts(e.field('left') ?? e).text() === param)
      return false; // reassigned before any release: a different pointer is freed
    if (e.kind() === 'delete_expression') {
      const arg = e.namedChildren().find((c) => c.kind() !== 'comment');
      if (arg !== undefined && stripCasts(arg).text() === param) return true;
    }
    if (e.kind() !== 'call_expression') continue;
    const callee = e.field('function')?.text() ?? '';
    const first = e
      .field('arguments')
      ?.namedChildren()
      .find((c) => c.kind() !== 'comment');
    if (first === undefined || stripCasts(first).text() !== param) continue;
    if (FREE_FUNCTIONS.includes(callee) || wrappers.has(callee)) return true;
  }
  return false;
}

const FREED = 1;
const OTHER = 2;

const cache = new WeakMap<CContext, DanglingReport>();

/**
 * Follows every pointer variable released in the file (`free(p)`, `delete p`) through the rest of its
 * function: a dereference or a call with it before it is reassigned is a use after free, another release a
 * double free. Computed once per file and shared by the rules that report either.
 */
export function danglingPointers(ctx: CContext): DanglingReport {
  const hit = cache.get(ctx);
  if (hit !== undefined) return hit;
  const wrappers = releaseWrappers(ctx);
  const releasers = [...FREE_FUNCTIONS, ...wrappers.keys()];
  const releases = new Set([...releasers, 'delete']);
  const sites: { node: SyntaxNode; arg: SyntaxNode | undefined }[] = ctx
    .calls(...releasers)
    // A call with another number of arguments is another function of that name (`#ifdef` variants).
    .filter((c) => (wrappers.get(c.name) ?? c.args.length) === c.args.length)
    .map((c) => ({ node: c.node, arg: c.args[0] }));
  if (ctx.isCpp) {
    for (const d of ctx.nodes('delete_expression'))
      sites.push({ node: d, arg: d.namedChildren().find((c) => c.kind() !== 'comment') });
  }
  const uses: DanglingUse[] = [];
  const doubles: DanglingUse[] = [];
  const seen = new Set<number>();
  for (const site of sites) {
    if (site.arg === undefined) continue;
    const target = stripCasts(site.arg);
    // An ALL_CAPS name is a macro (`YY_CURRENT_BUFFER`), which may expand to a different lvalue each time.
    if (target.kind() !== 'identifier' || /^[A-Z][A-Z0-9_]*$/.test(target.text())) continue;
    const fn = ctx.enclosingFunction(site.node);
    const flow = fn === undefined ? null : flowOf(fn);
    if (flow === null) continue;
    const name = target.text();
    const start = flow.graph.nodeOf(site.node);
    if (start === undefined) continue;
    const occurrences = occurrencesOf(flow, name, releases);
    const releaseAt = target.range().start.index;
    const record = (list: DanglingUse[], occ: Occurrence): void => {
      if (seen.has(occ.node.id())) return;
      seen.add(occ.node.id());
      list.push({ occurrence: occ, release: site.node, variable: name });
    };
    const step = (occ: Occurrence, s: number): number => {
      switch (occ.role) {
        case 'release':
          if (s & FREED) record(doubles, occ);
          return FREED;
        case 'deref':
        case 'call-arg':
          if (s & FREED) record(uses, occ);
          return s;
        case 'declare':
        case 'assign':
        case 'address':
          return OTHER;
        default:
          return s;
      }
    };
    let initial = FREED;
    for (const occ of occurrences.get(start.index) ?? []) {
      if (occ.node.range().start.index > releaseAt) initial = step(occ, initial);
    }
    solveForward(flow.graph, start.index, initial, (node, state) => {
      let s = state;
      for (const occ of occurrences.get(node.index) ?? []) s = step(occ, s);
      return s;
    });
  }
  const report = { uses, doubleReleases: doubles };
  cache.set(ctx, report);
  return report;
}
