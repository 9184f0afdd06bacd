import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule } from '../../../engine/rule-api.js';
import {
  acquisitions,
  BORROWING_CALLS,
  HEAP_ALLOCATORS,
  lineOf,
} from '../../../languages/c/leaks.js';
import {
  flowOf,
  followOwnership,
  guardedInExpression,
  OWN,
} from '../../../languages/c/lifetime.js';

/** Library functions that dereference the pointer passed at these positions. */
const DEREFERENCING: Readonly<Record<string, readonly number[]>> = {
  memcpy: [0, 1],
  memmove: [0, 1],
  memset: [0],
  memcmp: [0, 1],
  bzero: [0],
  strcpy: [0, 1],
  strncpy: [0, 1],
  strcat: [0, 1],
  strncat: [0, 1],
  strlen: [0],
  strcmp: [0, 1],
  strncmp: [0, 1],
  strchr: [0],
  strstr: [0, 1],
  sprintf: [0],
  snprintf: [0],
  vsprintf: [0],
  vsnprintf: [0],
  fgets: [0],
  fread: [0],
  fwrite: [0],
  read: [1],
  write: [1],
  recv: [1],
  puts: [0],
  fputs: [0],
  sscanf: [0],
  strtok: [0],
};

export default defineCRule({
  name: 'unchecked-allocation',
  title: 'Result of malloc, calloc or realloc used without a NULL check',
  description:
    'Finds memory from malloc, calloc, realloc, strdup and similar that is dereferenced, or passed to a function that dereferences it, on a path where it was never compared with NULL.',
  cwe: [690, 476],
  severity: 'warning',
  confidence: 'high',
  tags: ['memory', 'null-pointer'],
  messages: {
    default:
      '`{{variable}}` comes from `{{how}}` on line {{line}}, which returns NULL when memory runs out, and is used here without a NULL check on this path.',
  },
  help: {
    why: 'Allocation fails when memory is exhausted or the requested size is huge (often attacker-influenced). A NULL result written through crashes the program; with a large offset (`p[n]`, `memcpy(p + off, ...)`) it can write to a mapped address instead of crashing, which has been exploited.',
    fix: 'Test the result before any use and handle the failure: `p = malloc(n); if (p == NULL) return -ENOMEM;`. For realloc keep the old pointer until the new one is checked. Use an aborting wrapper (xmalloc, g_malloc) only where terminating is acceptable.',
  },
  requires: ['alloc', 'strdup', 'strndup'],
  *detect(ctx) {
    const reported = new Set<number>();
    for (const acq of acquisitions(ctx, HEAP_ALLOCATORS)) {
      const flow = flowOf(acq.fn);
      const start = flow?.graph.nodeOf(acq.node);
      if (flow === null || start === undefined) continue;
      const hits: SyntaxNode[] = [];
      followOwnership(
        flow,
        acq.variable,
        start,
        acq.node,
        { style: 'pointer', releases: new Set(['free']), borrows: BORROWING_CALLS },
        (occ, state) => {
          if ((state & OWN.UNCHECKED) === 0) return;
          const derefs =
            occ.role === 'deref' ||
            (occ.role === 'call-arg' &&
              occ.call !== undefined &&
              (DEREFERENCING[occ.call.name] ?? []).includes(occ.call.index));
          if (!derefs || reported.has(occ.node.id())) return;
          if (guardedInExpression(occ.node, acq.variable)) return;
          reported.add(occ.node.id());
          hits.push(occ.node);
        },
      );
      // The first unchecked use is the defect; later ones are on paths that would already have crashed.
      const first = hits.sort((a, b) => a.range().start.index - b.range().start.index)[0];
      if (first !== undefined) {
        yield {
          node: first,
          data: { variable: acq.variable, how: acq.how, line: lineOf(acq.node) },
        };
      }
    }
  },
});
