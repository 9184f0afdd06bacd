import type { SyntaxNode } from '../../../core/syntax.js';
import {
  defineCRule,
  type CContext,
  type CDeclaration,
  type CFunction,
} from '../../../engine/rule-api.js';
import { lineOf } from '../../../languages/c/leaks.js';
import { flowOf, type Occurrence } from '../../../languages/c/lifetime.js';
import { unevaluated } from '../../../languages/c/nullness.js';
import {
  allPlaced,
  mayWriteArgument,
  parsedCleanly,
  replay,
  reportable,
  operandOf,
  valueFlow,
  type ValueSpec,
} from '../../../languages/c/value-flow.js';

/** Declared without a value and not written since. */
const UNSET = 1;
const SET = 2;
/** Unset before a loop or switch that may have written it (not reasoned about). */
const SKIP = 4;

/** Types whose objects are plain values: no constructor gives them a value. */
const SCALAR =
  /^(?:(?:unsigned|signed|short|long|int|char|float|double|bool|_Bool|wchar_t|char8_t|char16_t|char32_t|size_t|ssize_t|ptrdiff_t|intptr_t|uintptr_t|u?int(?:_least|_fast)?(?:8|16|32|64)_t|u?intmax_t|off_t|off64_t|pid_t|uid_t|gid_t|mode_t|time_t|socklen_t|BOOL|DWORD|WORD|BYTE|UINT|ULONG|LONG|INT|SIZE_T|gboolean|gint|guint|glong|gulong|gsize|gssize|gint64|guint64|qint64|quint64|qint32|quint32|qreal|u8|u16|u32|u64|s8|s16|s32|s64)\s*)+$/;

function isScalarOrPointer(d: CDeclaration): boolean {
  if (d.arraySizes.length > 0 || d.reference) return false;
  if (d.pointerDepth > 0) return true;
  const type = d.typeText.replace(/\b(const|volatile|register)\b/g, '').trim();
  return SCALAR.test(type) || /^enum\s+\w+$/.test(type);
}

/** `std::cin >> x`: a C++ stream extraction writes x. */
function extractedInto(occ: Occurrence): boolean {
  const p = occ.node.parent();
  return (
    p?.kind() === 'binary_expression' &&
    p.field('operator')?.text() === '>>' &&
    p.field('right')?.id() === occ.node.id()
  );
}

/** `x += 1`, `x++`: a read, then a new value. */
function readsAndWrites(occ: Occurrence): boolean {
  const p = occ.node.parent();
  const k = p?.kind();
  return k === 'update_expression' || (k === 'assignment_expression' && occ.role === 'other');
}

function spec(ctx: CContext, decl: CDeclaration): ValueSpec {
  const writes = (occ: Occurrence): boolean =>
    occ.role === 'assign' ||
    occ.role === 'declare' ||
    occ.node.id() === decl.nameNode.id() ||
    readsAndWrites(occ) ||
    (ctx.isCpp && extractedInto(occ)) ||
    (occ.role === 'call-arg' && occ.call !== undefined && mayWriteArgument(ctx, occ.call.name));
  return {
    initial: SET,
    bad: UNSET,
    skip: SKIP,
    elseIfChains: true,
    writes,
    step(occ, s) {
      // (`char *p;` without a value is not a `declare` occurrence: compare with the declared name.)
      if (occ.node.id() === decl.nameNode.id()) return UNSET;
      if (occ.role === 'sizeof' || unevaluated(occ.node)) return s;
      // Any other use reads or writes it; after a reported read, later reads are not new defects.
      return SET;
    },
  };
}

/** `(void)x;`: the usual way to silence an unused-variable warning, not a use. */
function voided(id: SyntaxNode): boolean {
  const { parent } = operandOf(id);
  return parent?.kind() === 'expression_statement' && /^\(\s*void\s*\)/.test(parent.text());
}

/** A use that reads the value. */
function reads(ctx: CContext, occ: Occurrence, decl: CDeclaration): boolean {
  if (occ.node.id() === decl.nameNode.id() || unevaluated(occ.node) || voided(occ.node))
    return false;
  switch (occ.role) {
    case 'declare':
    case 'assign':
    case 'sizeof':
    case 'address':
      return false;
    case 'call-arg':
      return occ.call === undefined || !mayWriteArgument(ctx, occ.call.name);
    default:
      return !(ctx.isCpp && extractedInto(occ));
  }
}

function* uninitialisedReads(
  ctx: CContext,
  fn: CFunction,
): Generator<{ node: SyntaxNode; data: Record<string, string | number>; must: boolean }> {
  const locals = fn.locals();
  const candidates = locals.filter(
    (d) =>
      d.value === null &&
      !d.isStatic &&
      d.node.kind() === 'declaration' &&
      d.node.field('value') === null &&
      !/^\s*extern\b/.test(d.node.text()) &&
      isScalarOrPointer(d),
  );
  if (candidates.length === 0) return;
  const flow = parsedCleanly(fn) ? flowOf(fn) : null;
  if (flow === null) return;
  const body = fn.body;
  if (body === null) return;
  const text = body.text();
  for (const decl of candidates) {
    const name = decl.name;
    if (locals.filter((d) => d.name === name).length > 1) continue;
    if (fn.params.some((p) => p.name === name)) continue;
    const ids = flow.named(name);
    if (ids.length < 2 || !allPlaced(flow, name)) continue;
    // `&x` anywhere, also where the parser took a cast for a bitwise and: `(socklen_t)&len`.
    if (new RegExp(`(?:^|[^&\\w\\s])\\s*&\\s*${name}\\b`).test(text)) continue;
    const s = spec(ctx, decl);
    const solved = valueFlow(ctx, flow, name, s);
    const all = [...solved.occurrences.values()].flat();
    const writers = all
      .filter((o) => o.node.id() !== decl.nameNode.id() && s.writes(o))
      .map((o) => o.node);
    // Written through its address (scanf, init(&x), memset(&x...)): not followed.
    if (all.some((o) => o.role === 'address')) continue;
    const hits: { node: SyntaxNode; data: Record<string, string | number>; must: boolean }[] = [];
    replay(solved, s, (occ, state) => {
      if (!(state & UNSET) || !reads(ctx, occ, decl)) return;
      const must = (state & (SET | SKIP)) === 0;
      if (!reportable(ctx, body, occ.node, name, [decl.node], writers, must)) return;
      hits.push({ node: occ.node, data: { variable: name, line: lineOf(decl.node) }, must });
    });
    yield* hits;
  }
}

export default defineCRule({
  name: 'uninitialized-variable',
  title: 'Local variable read before it is given a value',
  description:
    'Finds a local scalar or pointer variable declared without an initialiser and read on a path where no assignment, out-parameter or address-taking call has given it a value.',
  cwe: [457],
  severity: 'warning',
  confidence: 'high',
  tags: ['memory', 'initialization'],
  messages: {
    default:
      '`{{variable}}` (declared on line {{line}} without a value) can be read here before anything is assigned to it.',
  },
  help: {
    why: 'An uninitialised local holds whatever was on the stack before: values left by earlier calls, sometimes attacker-influenced, sometimes secrets. Reading it is undefined behaviour; used as a length, index, pointer or decision it leads to memory corruption, information disclosure or a skipped security check, and the behaviour changes with the compiler and optimisation level.',
    fix: 'Initialise the variable where it is declared (`int rc = -1;`, `char *p = NULL;`), or assign it on every path before the use, including the `default:` of a switch and the error paths that jump to a cleanup label.',
  },
  *detect(ctx) {
    const seen = new Set<number>();
    for (const fn of ctx.functions()) {
      for (const hit of uninitialisedReads(ctx, fn)) {
        if (seen.has(hit.node.id())) continue;
        seen.add(hit.node.id());
        yield { node: hit.node, data: hit.data, confidence: hit.must ? 'high' : 'medium' };
      }
    }
  },
});
