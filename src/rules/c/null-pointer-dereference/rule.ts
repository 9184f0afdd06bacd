import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type CFunction } from '../../../engine/rule-api.js';
import { lineOf } from '../../../languages/c/leaks.js';
import {
  assertedValidity,
  flowOf,
  guardedInExpression,
  testOf,
  type Occurrence,
} from '../../../languages/c/lifetime.js';
import { callDereferences, isMemoryAccess, isNullLiteral } from '../../../languages/c/nullness.js';
import {
  allPlaced,
  isPlainLocal,
  mayWriteArgument,
  parameterSummary,
  parsedCleanly,
  replay,
  reportable,
  someUnconditional,
  storedValue,
  valueFlow,
  type ValueSpec,
} from '../../../languages/c/value-flow.js';

/** Holds NULL. */
const NULL = 1;
/** Holds something else, or something unknown. */
const OTHER = 2;
/** Held NULL before a loop or switch that may have changed it (not reasoned about). */
const SKIP = 4;
/** Declared without a value: an uninitialised path does not make a NULL path safe. */
const UNSET = 8;

/** `p = NULL`, `T *p = nullptr`, `p = 0`, `q = (char *)NULL`: the names a function sets to NULL. */
const NULL_STORE =
  /\b([A-Za-z_]\w*)\s*=\s*(?:\(\s*[\w\s]+\*\s*\)\s*)?(?:NULL|nullptr|Q_NULLPTR|0)\s*[;,)]/g;

/** `T *p;`: the declarator of a declaration without a value. */
function declaredWithoutValue(occ: Occurrence): boolean {
  let p = occ.node.parent();
  while (p?.kind() === 'pointer_declarator' || p?.kind() === 'parenthesized_declarator')
    p = p.parent();
  return p?.kind() === 'declaration' && p.field('value') === null;
}

/** A use that reads or writes through the pointer, here or in a called function of this file. */
function dereferences(ctx: CContext, occ: Occurrence): boolean {
  if (occ.role === 'deref') return isMemoryAccess(occ);
  if (occ.role !== 'call-arg' || occ.call === undefined) return false;
  const { node, name, index } = occ.call;
  return (
    callDereferences(ctx, node, name, index) ||
    (node.field('function')?.kind() === 'identifier' && dereferencesParameter(ctx, name, index))
  );
}

/**
 * Whether a function of this file dereferences its pointer parameter `index` before anything checks
 * or replaces it, on every path and outside any condition (`void sink(T *d) { use(d->x); }`).
 */
const dereferencesParameter = parameterSummary(
  (ctx, fn, param) =>
    !param.reference &&
    param.pointerDepth > 0 &&
    someUnconditional(ctx, nullDereferencesOf(ctx, fn, param.name, NULL), param.name),
);

function spec(ctx: CContext, name: string, initial: number): ValueSpec {
  const changesIt = (occ: Occurrence): boolean =>
    (occ.role === 'address' && occ.node.parent()?.kind() !== 'field_expression') ||
    (occ.role === 'call-arg' &&
      occ.call !== undefined &&
      !dereferences(ctx, occ) &&
      mayWriteArgument(ctx, occ.call.name));
  return {
    initial,
    bad: NULL,
    skip: SKIP,
    elseIfChains: true,
    writes: (occ) =>
      occ.role === 'assign' ||
      occ.role === 'declare' ||
      declaredWithoutValue(occ) ||
      changesIt(occ),
    step(occ, s) {
      if (declaredWithoutValue(occ)) return UNSET;
      if (occ.role === 'assign' || occ.role === 'declare') {
        const value = storedValue(occ);
        if (value === null) return UNSET;
        return value !== undefined && isNullLiteral(value) ? NULL : OTHER;
      }
      if (changesIt(occ)) return OTHER;
      // Past a dereference the NULL path has crashed: later uses are not new defects.
      if (s & NULL && dereferences(ctx, occ)) return (s & ~NULL) | OTHER;
      return s;
    },
    refine(cond, label, s) {
      const t = testOf(cond, name);
      const v = label === 'true' ? t.whenTrue : t.whenFalse;
      if (v === 'valid') return s & ~NULL;
      if (v === 'invalid' && s & NULL) return s & ~OTHER;
      return s;
    },
    statement(stmt, s) {
      return assertedValidity(stmt, name, 'pointer') === 'valid' ? s & ~NULL : s;
    },
  };
}

function* nullDereferences(
  ctx: CContext,
  fn: CFunction,
): Generator<{ node: SyntaxNode; data: Record<string, string | number>; must: boolean }> {
  const text = fn.body?.text() ?? '';
  const names = new Set<string>();
  for (const m of text.matchAll(NULL_STORE)) if (m[1] !== undefined) names.add(m[1]);
  if (names.size === 0) return;
  for (const name of names) {
    const last = fn.body === null ? undefined : flowOf(fn)?.named(name).at(-1);
    const decl = last === undefined ? undefined : isPlainLocal(ctx, name, last);
    if (decl === undefined || decl.reference) continue;
    const pointer = decl.pointerDepth > 0 && (decl.arraySizes.length === 0 || decl.isParameter);
    if (!pointer && !(decl.isParameter && decl.arraySizes.length > 0)) continue;
    yield* nullDereferencesOf(ctx, fn, name, OTHER);
  }
}

/** Dereferences of `name` in `fn` while it may hold NULL (`initial`: its state at the entry). */
function* nullDereferencesOf(
  ctx: CContext,
  fn: CFunction,
  name: string,
  initial: number,
): Generator<{ node: SyntaxNode; data: Record<string, string | number>; must: boolean }> {
  const body = fn.body;
  const flow = body !== null && parsedCleanly(fn) ? flowOf(fn) : null;
  if (flow === null || body === null || !allPlaced(flow, name)) return;
  const s = spec(ctx, name, initial);
  const solved = valueFlow(ctx, flow, name, s);
  const sources: SyntaxNode[] = [];
  const others: SyntaxNode[] = [];
  for (const list of solved.occurrences.values()) {
    for (const o of list) {
      if (!s.writes(o)) continue;
      const v = o.role === 'assign' || o.role === 'declare' ? storedValue(o) : undefined;
      if (v !== null && v !== undefined && isNullLiteral(v)) sources.push(o.node);
      else others.push(o.node);
    }
  }
  const hits: { node: SyntaxNode; data: Record<string, string | number>; must: boolean }[] = [];
  replay(solved, s, (occ, state) => {
    if (!(state & NULL) || !dereferences(ctx, occ) || guardedInExpression(occ.node, name)) return;
    const must = (state & (OTHER | SKIP)) === 0;
    if (!reportable(ctx, body, occ.node, name, sources, others, must)) return;
    const at = occ.node.range().start.index;
    const from = sources.filter((n) => n.range().start.index < at).at(-1);
    const line = lineOf(from ?? fn.node);
    hits.push({ node: occ.node, data: { variable: name, line }, must });
  });
  yield* hits;
}

export default defineCRule({
  name: 'null-pointer-dereference',
  title: 'Pointer set to NULL is dereferenced',
  description:
    'Finds a local pointer that is set to NULL (or 0, nullptr) and then dereferenced, or passed to a function that dereferences it, on a path where nothing assigned or checked it in between.',
  cwe: [476],
  severity: 'error',
  confidence: 'high',
  tags: ['null-pointer', 'memory'],
  messages: {
    default:
      '`{{variable}}` is still NULL here on some path (set to NULL on line {{line}}, not reassigned or checked since); dereferencing it crashes.',
  },
  help: {
    why: 'Dereferencing a NULL pointer is undefined behaviour: usually a crash (denial of service), and where address zero can be mapped (kernels, embedded systems) a read or write an attacker may control. Optimising compilers also assume the pointer is valid after the dereference and may delete later checks.',
    fix: 'Assign the pointer on every path before it is used, or check it (`if (p == NULL) return -1;`) before the dereference. After `free(p); p = NULL;`, do not use `p` again without giving it a new value.',
  },
  requires: ['NULL', 'nullptr', '= 0', '=0'],
  *detect(ctx) {
    const seen = new Set<number>();
    for (const fn of ctx.functions()) {
      for (const hit of nullDereferences(ctx, fn)) {
        if (seen.has(hit.node.id())) continue;
        seen.add(hit.node.id());
        yield { node: hit.node, data: hit.data, confidence: hit.must ? 'high' : 'medium' };
      }
    }
  },
});
