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
  const releases = new Set([...FREE_FUNCTIONS, 'delete']);
  const sites: { node: SyntaxNode; arg: SyntaxNode | undefined }[] = ctx
    .calls(...FREE_FUNCTIONS)
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
    if (target.kind() !== 'identifier') continue;
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
