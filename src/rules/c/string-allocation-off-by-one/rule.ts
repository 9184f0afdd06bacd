import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { compact, stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { callArgsOf } from '../../../languages/c/rule-helpers.js';

const ALLOCATORS = ['malloc', 'alloca', 'xmalloc', 'g_malloc', 'kmalloc', 'realloc', 'calloc'];
/** Copies that write the terminating NUL after the string: (destination, source). */
const TERMINATING = [
  'strcpy',
  'wcscpy',
  'stpcpy',
  '_tcscpy',
  'lstrcpy',
  'lstrcpyA',
  'lstrcpyW',
  'strcat',
  'wcscat',
  'sprintf',
  'swprintf',
  'wsprintf',
];
const LENGTH = /^\s*(?:std::)?(?:strlen|wcslen|_tcslen|_mbslen)\s*\(\s*([^()]+?)\s*\)\s*$/;

/**
 * `strlen(s)`, `wcslen(s) * sizeof(wchar_t)` or `sizeof(wchar_t) * wcslen(s)` without a `+ 1`: the name
 * measured, or undefined.
 */
function measuredName(size: SyntaxNode): string | undefined {
  const n = stripCasts(size);
  const direct = LENGTH.exec(n.text());
  if (direct !== null) return compact(direct[1] ?? '');
  if (n.kind() === 'binary_expression' && n.field('operator')?.text() === '*') {
    const l = n.field('left');
    const r = n.field('right');
    for (const [a, b] of [
      [l, r],
      [r, l],
    ] as const) {
      if (a === null || b === null || unparenthesize(b).kind() !== 'sizeof_expression') continue;
      const m = LENGTH.exec(stripCasts(a).text());
      if (m !== null) return compact(m[1] ?? '');
    }
  }
  return undefined;
}

/** The variable an allocation is stored into: `p` for `char *p = malloc(...)` or `p = (char *)malloc(...)`. */
function storedInto(alloc: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = alloc;
  for (let p = n.parent(); p !== null; p = p.parent()) {
    const k = p.kind();
    if (k === 'cast_expression' || k === 'parenthesized_expression') {
      n = p;
      continue;
    }
    if (k === 'init_declarator') {
      const d = p.field('declarator');
      const id =
        d?.kind() === 'identifier' ? d : (d?.find({ rule: { kind: 'identifier' } }) ?? null);
      return id?.text();
    }
    if (k === 'assignment_expression' && p.field('right')?.id() === n.id()) {
      return compact(p.field('left')?.text() ?? '');
    }
    return undefined;
  }
  return undefined;
}

/** A later write that needs room for the terminator: strcpy into p, memcpy of strlen(s) + 1, p[strlen(s)] = 0. */
function terminatingWrite(
  ctx: CContext,
  alloc: SyntaxNode,
  ptr: string,
  measured: string,
): SyntaxNode | undefined {
  const body = ctx.enclosingFunction(alloc)?.body;
  if (body === null || body === undefined) return undefined;
  const after = alloc.range().end.index;
  for (const call of ctx.calls(
    ...TERMINATING,
    'memcpy',
    'strncpy',
    'memmove',
    'wcsncpy',
    'wmemcpy',
  )) {
    if (call.node.range().start.index < after) continue;
    if (ctx.enclosingFunction(call.node)?.node.id() !== ctx.enclosingFunction(alloc)?.node.id())
      continue;
    const [dst, , size] = call.args;
    if (dst === undefined || compact(stripCasts(dst).text()) !== ptr) continue;
    if (TERMINATING.includes(call.name)) return call.node;
    if (size !== undefined && /\+\s*1\b/.test(size.text()) && size.text().includes(measured))
      return call.node;
  }
  for (const a of body.findAll({ rule: { kind: 'assignment_expression' } })) {
    if (a.range().start.index < after) continue;
    const left = a.field('left');
    if (left?.kind() !== 'subscript_expression') continue;
    const arr = left.field('argument');
    const index = left.field('index') ?? left.find({ rule: { kind: 'subscript_argument_list' } });
    if (arr === null || index === null || compact(arr.text()) !== ptr) continue;
    if (
      LENGTH.exec(
        unparenthesize(index)
          .text()
          .replace(/^\[|\]$/g, ''),
      )?.[1]?.replace(/\s+/g, '') === measured
    ) {
      return a;
    }
  }
  return undefined;
}

export default defineCRule({
  name: 'string-allocation-off-by-one',
  title: 'String buffer allocated with strlen() and no room for the terminator',
  description:
    'Finds malloc(strlen(s)) and new char[strlen(s)] whose buffer then receives a NUL-terminated copy (strcpy, sprintf, memcpy of strlen(s) + 1, p[strlen(s)] = 0), one byte past the allocation.',
  cwe: [131, 193],
  severity: 'error',
  confidence: 'high',
  tags: ['memory', 'buffer-overflow', 'off-by-one'],
  messages: {
    default:
      '`{{alloc}}` has no room for the terminating NUL of `{{src}}`, which is written into `{{ptr}}` at line {{line}}: allocate `strlen({{src}}) + 1`.',
  },
  help: {
    why: 'strlen() counts the characters before the terminator. A buffer of exactly that size is one byte short of a copy of the string, so strcpy (or any copy of strlen + 1 bytes) writes the NUL past the end of the allocation and corrupts the heap; a later read runs off the end looking for the missing terminator.',
    fix: 'Allocate `strlen(s) + 1` bytes (or `(wcslen(s) + 1) * sizeof(wchar_t)`), or use `strdup(s)` / `std::string`.',
  },
  requires: ['len'],
  *detect(ctx) {
    const allocs: { node: SyntaxNode; size: SyntaxNode; text: string }[] = [];
    for (const call of ctx.calls(...ALLOCATORS)) {
      const args = callArgsOf(call.node);
      const size = call.name === 'realloc' ? args[1] : call.name === 'calloc' ? undefined : args[0];
      if (call.name === 'calloc') {
        const [count, each] = args;
        if (count !== undefined && each !== undefined && ctx.constantValue(each) === 1) {
          allocs.push({ node: call.node, size: count, text: call.node.text() });
        }
        continue;
      }
      if (size !== undefined) allocs.push({ node: call.node, size, text: call.node.text() });
    }
    for (const n of ctx.isCpp ? ctx.nodes('new_expression') : []) {
      const dims = n.find({ rule: { kind: 'new_declarator' } });
      const size = dims
        ?.namedChildren()
        .find((c) => c.kind() !== 'comment' && c.kind() !== 'new_declarator');
      if (size !== undefined) allocs.push({ node: n, size, text: n.text() });
    }
    for (const a of allocs) {
      const measured = measuredName(a.size);
      if (measured === undefined) continue;
      const ptr = storedInto(a.node);
      if (ptr === undefined) continue;
      const write = terminatingWrite(ctx, a.node, ptr, measured);
      if (write === undefined) continue;
      const d: Detection = {
        node: a.node,
        data: { alloc: a.text, src: measured, ptr, line: write.range().start.line + 1 },
      };
      yield d;
    }
  },
});
