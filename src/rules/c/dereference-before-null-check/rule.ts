import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule } from '../../../engine/rule-api.js';
import { solveForward } from '../../../languages/c/flow.js';
import { lineOf } from '../../../languages/c/leaks.js';
import {
  flowOf,
  guardedInExpression,
  occurrencesOf,
  testOf,
  type Occurrence,
} from '../../../languages/c/lifetime.js';

const NOT_YET = 1;
const DEREFERENCED = 2;
const NO_RELEASES: ReadonlySet<string> = new Set();

/** A real read or write through the pointer: not `&p->x`, not inside sizeof/offsetof, not guarded in the expression. */
function isRealDeref(occ: Occurrence, name: string): boolean {
  if (occ.role !== 'deref') return false;
  const parent = occ.node.parent();
  const grand = parent?.kind() === 'field_expression' ? parent.parent() : null;
  if (grand?.kind() === 'pointer_expression' && grand.field('operator')?.text() === '&')
    return false;
  for (let n = parent, guard = 0; n !== null && guard < 30; n = n.parent(), guard++) {
    const k = n.kind();
    if (
      k === 'sizeof_expression' ||
      k === 'offsetof_expression' ||
      k === 'decltype' ||
      k === 'alignof_expression'
    )
      return false;
    if (k === 'expression_statement' || k === 'declaration' || k === 'compound_statement') break;
  }
  return !guardedInExpression(occ.node, name);
}

/** Names written before `->` or `[`, or after a unary `*`: a superset of the dereferenced pointers. */
function dereferencedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*(?:->|\[)|[(=,;{}\s]\*\s*([A-Za-z_]\w*)/g)) {
    const n = m[1] ?? m[2];
    if (n !== undefined) names.add(n);
  }
  return [...names];
}

/** Whether the text may test the name in a condition (`!p`, `p == NULL`, `(p)`, `p &&`). */
function nullTested(text: string, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$&');
  return new RegExp(
    `!\\s*${n}\\b|\\b${n}\\s*(?:[!=]=|&&|\\|\\||\\?)|[!=]=\\s*${n}\\b|\\b(?:if|while)\\s*\\(\\s*${n}\\s*[)&|]|[&|]{2}\\s*${n}\\s*[)&|]`,
  ).test(text);
}

export default defineCRule({
  name: 'dereference-before-null-check',
  title: 'Pointer dereferenced before it is checked for NULL',
  description:
    'Finds a pointer that is dereferenced on every path leading to a later NULL check of the same pointer, with no assignment in between: either the check is dead or the dereference can crash.',
  cwe: [476],
  severity: 'warning',
  confidence: 'high',
  tags: ['null-pointer'],
  messages: {
    default:
      '`{{variable}}` is dereferenced here, but line {{line}} checks it for NULL afterwards; if it can be NULL this dereference crashes first.',
  },
  help: {
    why: 'A NULL check after a dereference shows that the author expected the pointer to be NULL sometimes, but the dereference runs before the check can help. A NULL dereference crashes the process (denial of service); in kernels and embedded code without a guard page it reads or writes address zero, and optimising compilers may delete the later check altogether because the dereference "proved" the pointer non-null.',
    fix: 'Move the NULL check before the first dereference (or return early: `if (p == NULL) return -EINVAL;`). If the pointer can never be NULL here, remove the misleading check or turn it into an assertion.',
  },
  // A dereference is written with `->`, `[` or a unary `*` (see dereferencedNames).
  requires: ['->', '[', '*'],
  *detect(ctx) {
    const reported = new Set<number>();
    for (const fn of ctx.functions()) {
      // Cheap text prefilter before building the flow graph: a name both dereferenced and compared.
      const text = fn.body?.text() ?? '';
      const candidates = dereferencedNames(text).filter((n) => nullTested(text, n));
      if (candidates.length === 0) continue;
      const flow = flowOf(fn);
      if (flow === null) continue;
      for (const name of candidates) {
        if (flow.named(name).length < 2) continue;
        const occs = occurrencesOf(flow, name, NO_RELEASES);
        const all = [...occs.values()].flat();
        if (!all.some((o) => o.role === 'deref') || !all.some((o) => o.role === 'test')) continue;
        const decl = ctx.declarationOf(name, fn.body ?? fn.node);
        if (decl?.pointerDepth === 0 && decl.arraySizes.length === 0) continue;
        // Each occurrence's answer and position is read once: the walks below revisit them per check.
        const realDeref = new Map<Occurrence, boolean>();
        const isDeref = (occ: Occurrence): boolean => {
          let r = realDeref.get(occ);
          if (r === undefined) {
            r = isRealDeref(occ, name);
            realDeref.set(occ, r);
          }
          return r;
        };
        const after = solveForward(flow.graph, flow.graph.entry, NOT_YET, (node, state) => {
          let s = state;
          for (const occ of occs.get(node.index) ?? []) {
            if (occ.role === 'assign' || occ.role === 'declare' || occ.role === 'address')
              s = NOT_YET;
            else if (isDeref(occ)) s = DEREFERENCED;
          }
          return s;
        });
        let inOrder: { o: Occurrence; at: number }[] | undefined;
        for (const node of flow.graph.nodes) {
          if (node.kind !== 'branch' || node.ast === null || after[node.index] !== DEREFERENCED)
            continue;
          const here = occs.get(node.index) ?? [];
          if (here.length === 0 || !here.every((o) => o.role === 'test')) continue;
          const t = testOf(node.ast, name);
          if (t.whenTrue === undefined && t.whenFalse === undefined) continue;
          // Report the last dereference before the check that follows the last assignment.
          const checkAt = node.ast.range().start.index;
          let deref: SyntaxNode | undefined;
          inOrder ??= all
            .map((o) => ({ o, at: o.node.range().start.index }))
            .sort((a, b) => a.at - b.at);
          for (const { o, at } of inOrder) {
            if (at >= checkAt) break;
            if (o.role === 'assign' || o.role === 'declare') deref = undefined;
            else if (deref === undefined && isDeref(o)) deref = o.node;
          }
          if (deref === undefined || reported.has(deref.id())) continue;
          reported.add(deref.id());
          yield { node: deref, data: { variable: name, line: lineOf(node.ast) } };
        }
      }
    }
  },
});
