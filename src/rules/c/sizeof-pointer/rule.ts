import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type CDeclaration } from '../../../engine/rule-api.js';
import { declaredVariables } from '../../../languages/c/decls.js';
import { compact, sizeofOperand, stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { calleeName } from '../../../languages/c/lifetime.js';
import { storedInto } from '../../../languages/c/leaks.js';

/** Allocators whose size arguments measure what the result points to. */
const ALLOCATORS = new Set([
  'malloc',
  'calloc',
  'realloc',
  'reallocarray',
  'alloca',
  'xmalloc',
  'xcalloc',
  'xrealloc',
  'g_malloc',
  'g_malloc0',
  'kmalloc',
  'kzalloc',
  'zalloc',
]);

/** Functions taking buffers and a size in bytes: the buffer arguments and the size argument(s). */
const BUFFER_CALLS: Readonly<
  Record<string, { buffers: readonly number[]; sizes: readonly number[] }>
> = {
  memcpy: { buffers: [0, 1], sizes: [2] },
  memmove: { buffers: [0, 1], sizes: [2] },
  memcmp: { buffers: [0, 1], sizes: [2] },
  memset: { buffers: [0], sizes: [2] },
  memchr: { buffers: [0], sizes: [2] },
  bzero: { buffers: [0], sizes: [1] },
  explicit_bzero: { buffers: [0], sizes: [1] },
  SecureZeroMemory: { buffers: [0], sizes: [1] },
  ZeroMemory: { buffers: [0], sizes: [1] },
  RtlZeroMemory: { buffers: [0], sizes: [1] },
  CopyMemory: { buffers: [0, 1], sizes: [2] },
  strncpy: { buffers: [0, 1], sizes: [2] },
  strncat: { buffers: [0], sizes: [2] },
  strlcpy: { buffers: [0], sizes: [2] },
  strlcat: { buffers: [0], sizes: [2] },
  wcsncpy: { buffers: [0], sizes: [2] },
  snprintf: { buffers: [0], sizes: [1] },
  vsnprintf: { buffers: [0], sizes: [1] },
  fgets: { buffers: [0], sizes: [1] },
  fgetws: { buffers: [0], sizes: [1] },
  getcwd: { buffers: [0], sizes: [1] },
  gethostname: { buffers: [0], sizes: [1] },
  readlink: { buffers: [1], sizes: [2] },
  read: { buffers: [1], sizes: [2] },
  write: { buffers: [1], sizes: [2] },
  recv: { buffers: [1], sizes: [2] },
  send: { buffers: [1], sizes: [2] },
  recvfrom: { buffers: [1], sizes: [2] },
  fread: { buffers: [0], sizes: [1, 2] },
  fwrite: { buffers: [0], sizes: [1, 2] },
};

/** A pointer declaration: `T *p`, or a parameter written as an array (`char d[]`, `char d[64]`). */
function pointerDepth(d: CDeclaration | undefined): number {
  if (d === undefined || d.reference) return 0;
  if (d.isParameter && d.arraySizes.length > 0) return d.pointerDepth + 1;
  return d.arraySizes.length === 0 ? d.pointerDepth : 0;
}

function baseType(d: CDeclaration): string {
  return d.typeText
    .replace(/\b(const|volatile|struct|union|enum|class)\b/g, '')
    .replace(/\s+/g, '');
}

const fieldDecls = new WeakMap<CContext, Map<string, CDeclaration[]>>();

/** Struct and class members by name, across the file. */
function fieldsNamed(ctx: CContext, name: string): readonly CDeclaration[] {
  let byName = fieldDecls.get(ctx);
  if (byName === undefined) {
    byName = new Map();
    for (const f of ctx.nodes('field_declaration')) {
      for (const d of declaredVariables(f)) {
        const list = byName.get(d.name);
        if (list === undefined) byName.set(d.name, [d]);
        else list.push(d);
      }
    }
    fieldDecls.set(ctx, byName);
  }
  return byName.get(name) ?? [];
}

/** The pointer depth of what `sizeof` measures, when it is a pointer variable or member (0 otherwise). */
function operandPointer(
  ctx: CContext,
  operand: SyntaxNode,
): { depth: number; decl?: CDeclaration } {
  const k = operand.kind();
  let field: string | undefined;
  if (k === 'identifier') {
    const decl = ctx.declarationOf(operand.text(), operand);
    if (decl !== undefined) return { depth: pointerDepth(decl), decl };
    // A C++ member used inside a method.
    if (!ctx.isCpp) return { depth: 0 };
    field = operand.text();
  } else if (k === 'field_expression') field = operand.field('field')?.text();
  if (field !== undefined) {
    const decls = fieldsNamed(ctx, field);
    if (decls.length === 0) return { depth: 0 };
    const depths = decls.map((d) => (d.arraySizes.length > 0 ? 0 : d.pointerDepth));
    return depths.every((x) => x > 0 && x === depths[0]) ? { depth: depths[0] ?? 0 } : { depth: 0 };
  }
  return { depth: 0 };
}

/** From a sizeof up to the call argument holding it; whether it was multiplied on the way. */
function enclosingArgument(
  node: SyntaxNode,
): { call: SyntaxNode; arg: SyntaxNode; multiplied: boolean } | undefined {
  let child = node;
  let multiplied = false;
  for (let p = node.parent(), guard = 0; p !== null && guard < 12; p = p.parent(), guard++) {
    const k = p.kind();
    if (k === 'argument_list') {
      const call = p.parent();
      return call?.kind() === 'call_expression' ? { call, arg: child, multiplied } : undefined;
    }
    if (k === 'binary_expression') {
      const op = p.field('operator')?.text() ?? '';
      if (op === '*') multiplied = true;
      else if (op !== '+' && op !== '-') return undefined;
    } else if (k !== 'parenthesized_expression' && k !== 'cast_expression') return undefined;
    child = p;
  }
  return undefined;
}

export default defineCRule({
  name: 'sizeof-pointer',
  title: 'sizeof applied to a pointer where the pointed-to size was meant',
  description:
    'Finds sizeof of a pointer variable used as the size of what it points to: the allocation for that pointer (`p = malloc(sizeof(p))`) or the length of a copy, fill or read into it (`memset(p, 0, sizeof(p))`, `fgets(buf, sizeof(buf), f)` with `char *buf`).',
  cwe: [467],
  severity: 'error',
  confidence: 'high',
  tags: ['memory', 'buffer'],
  messages: {
    default:
      '`{{operand}}` is a pointer, so `sizeof` gives the size of the pointer ({{bytes}}), not of the {{what}} it points to; {{consequence}}.',
  },
  help: {
    why: 'sizeof of a pointer is the size of an address (4 or 8 bytes), whatever it points to. Used as the size of an allocation it reserves too little memory and later writes overflow the heap; used as the length of a copy, read or fill it silently handles only the first few bytes, leaving data uninitialised or truncated, or overflows when the real buffer is smaller than a pointer.',
    fix: 'Measure the pointed-to object: `p = malloc(sizeof(*p))`, `malloc(n * sizeof(*p))`, or pass the buffer length along with the pointer (`void fill(char *buf, size_t len)`) and use it. `sizeof` of an array only works where the array itself (not a parameter written `char buf[]`) is in scope.',
  },
  requires: ['sizeof'],
  *detect(ctx) {
    for (const node of ctx.nodes('sizeof_expression')) {
      const op = sizeofOperand(node);
      if (op?.kind !== 'expression') continue;
      const operand = unparenthesize(op.node);
      const k = operand.kind();
      if (k !== 'identifier' && k !== 'field_expression') continue;
      const place = enclosingArgument(node);
      if (place === undefined) continue;
      const name = calleeName(place.call);
      const args = (place.call.field('arguments')?.namedChildren() ?? []).filter(
        (c) => c.kind() !== 'comment',
      );
      const position = args.findIndex((a) => a.id() === place.arg.id());
      const target = operandPointer(ctx, operand);
      if (target.depth === 0) continue;
      const operandText = compact(operand.text());
      if (ALLOCATORS.has(name)) {
        // `T *p = malloc(sizeof(q))` with q also a `T *`: the element type T was meant.
        if (name === 'realloc' && position === 0) continue;
        const into = storedInto(place.call);
        const dest = into === undefined ? undefined : ctx.declarationOf(into.text(), into);
        if (dest === undefined || target.decl === undefined) continue;
        const destDepth = pointerDepth(dest);
        const base = baseType(dest);
        // With `T **p` the elements are pointers themselves, and a pointer's size is right in practice.
        if (
          destDepth !== 1 ||
          target.depth !== 1 ||
          base !== baseType(target.decl) ||
          base === 'void'
        )
          continue;
        yield {
          node,
          data: {
            operand: operandText,
            bytes: 'typically 8 bytes',
            what: `\`${dest.typeText}\``,
            consequence: 'the allocation is too small for the object and writes into it overflow',
          },
        };
        continue;
      }
      const spec = BUFFER_CALLS[name];
      if (spec?.sizes.includes(position) !== true) continue;
      if (place.multiplied && target.depth !== 1) continue;
      const isBuffer = spec.buffers.some((i) => {
        const a = args[i];
        return a !== undefined && compact(stripCasts(a).text()) === operandText;
      });
      if (!isBuffer) continue;
      yield {
        node,
        data: {
          operand: operandText,
          bytes: 'typically 8 bytes',
          what: 'buffer',
          consequence: `\`${name}\` handles only that many bytes of the buffer, or overflows a smaller one`,
        },
      };
    }
  },
});
