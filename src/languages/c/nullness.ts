import type { SyntaxNode } from '../../core/syntax.js';
import type { CContext } from './context.js';
import { stripCasts } from './expr.js';
import type { Occurrence } from './lifetime.js';
import { formatConversions } from './rule-helpers.js';

/** `NULL`, `nullptr`, `0` and their casts (`(char *)NULL`). */
export function isNullLiteral(node: SyntaxNode): boolean {
  const n = stripCasts(node);
  const k = n.kind();
  if (k === 'null' || k === 'nullptr') return true;
  return /^(NULL|nullptr|Q_NULLPTR|0|0L|0UL)$/.test(n.text());
}

/** Library functions that read or write through these pointer arguments whatever their other arguments. */
const DEREFERENCED_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  strcpy: [0, 1],
  stpcpy: [0, 1],
  strcat: [0, 1],
  strlen: [0],
  strcmp: [0, 1],
  strcasecmp: [0, 1],
  strcoll: [0, 1],
  strchr: [0],
  strrchr: [0],
  strstr: [0, 1],
  strspn: [0, 1],
  strcspn: [0, 1],
  strpbrk: [0, 1],
  strdup: [0],
  wcscpy: [0, 1],
  wcscat: [0, 1],
  wcslen: [0],
  wcscmp: [0, 1],
  atoi: [0],
  atol: [0],
  atoll: [0],
  atof: [0],
  strtol: [0],
  strtoul: [0],
  strtoll: [0],
  strtoull: [0],
  strtod: [0],
  puts: [0],
  fputs: [0, 1],
  fgets: [0, 2],
  fgetc: [0],
  getc: [0],
  fputc: [1],
  putc: [1],
  fread: [0, 3],
  fwrite: [0, 3],
  fclose: [0],
  fseek: [0],
  ftell: [0],
  rewind: [0],
  feof: [0],
  ferror: [0],
  fileno: [0],
  sscanf: [0, 1],
  sprintf: [0, 1],
  vsprintf: [0, 1],
};

/** Functions taking pointers and a length: only a non-zero constant length makes them dereference. */
const SIZED: Readonly<Record<string, { pointers: readonly number[]; size: number }>> = {
  memcpy: { pointers: [0, 1], size: 2 },
  memmove: { pointers: [0, 1], size: 2 },
  memset: { pointers: [0], size: 2 },
  memcmp: { pointers: [0, 1], size: 2 },
  strncpy: { pointers: [0, 1], size: 2 },
  strncat: { pointers: [0, 1], size: 2 },
  strncmp: { pointers: [0, 1], size: 2 },
  snprintf: { pointers: [0], size: 1 },
};

/** printf-family functions: the position of the format. */
const FORMAT_AT: Readonly<Record<string, number>> = {
  printf: 0,
  fprintf: 1,
  sprintf: 1,
  snprintf: 2,
  dprintf: 1,
  syslog: 1,
  wprintf: 0,
  fwprintf: 1,
};

/**
 * Whether a call dereferences its argument at `index`: a string or stream function, a sized copy with
 * a non-zero constant length, or a `%s` conversion of a printf-family call with a literal format.
 */
export function callDereferences(
  ctx: CContext,
  call: SyntaxNode,
  name: string,
  index: number,
): boolean {
  if (DEREFERENCED_ARGUMENTS[name]?.includes(index) === true) return true;
  const args = (call.field('arguments')?.namedChildren() ?? []).filter(
    (c) => c.kind() !== 'comment',
  );
  const sized = SIZED[name];
  if (sized?.pointers.includes(index) === true) {
    const size = args[sized.size];
    if (size === undefined) return false;
    if (size.kind() === 'sizeof_expression') return true;
    return (ctx.constantValue(size) ?? 0) > 0;
  }
  const at = FORMAT_AT[name];
  if (at === undefined || index <= at) return false;
  const format = args[at];
  const text = format === undefined ? undefined : ctx.stringValue(format);
  if (text === undefined) return false;
  let arg = at + 1;
  for (const c of formatConversions(text)) {
    if (c.width === -1) arg++;
    if (c.precision === -1) arg++;
    if (arg === index) return c.conv === 's' && c.precision === undefined;
    arg++;
  }
  return false;
}

/** A read or write through the pointer: not `&p->x`, not inside sizeof, typeof or offsetof. */
export function isMemoryAccess(occ: Occurrence): boolean {
  return occ.role === 'deref' && !unevaluated(occ.node);
}

/** Inside `sizeof`, `decltype`, `alignof`, `typeof` or `offsetof`: only the type is used. */
export function unevaluated(node: SyntaxNode): boolean {
  for (let n = node.parent(), guard = 0; n !== null && guard < 30; n = n.parent(), guard++) {
    const k = n.kind();
    if (
      k === 'sizeof_expression' ||
      k === 'offsetof_expression' ||
      k === 'decltype' ||
      k === 'alignof_expression' ||
      k === 'typeof_expression'
    )
      return true;
    if (k === 'expression_statement' || k === 'declaration' || k === 'compound_statement') break;
  }
  return false;
}
