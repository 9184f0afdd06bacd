import type { SyntaxNode } from '../../core/syntax.js';
import type { CCallSite, CContext, CDeclaration } from './context.js';
import { constantValue, sizeofOperand, stripCasts, unparenthesize } from './expr.js';

// Splitting identifiers into words is the same in every language.
export { nameTokens } from '../names.js';

/**
 * Helpers shared by the C/C++ buffer, format, integer, injection, crypto, control-flow and credential
 * rules, built on the rule context (declarations, macros, literal strings). Pure functions over the tree.
 */

/** Byte sizes of scalar types, for `sizeof(type)` and arrays of them. */
const TYPE_SIZES: Readonly<Record<string, number>> = {
  char: 1,
  'signed char': 1,
  'unsigned char': 1,
  uint8_t: 1,
  int8_t: 1,
  u_char: 1,
  BYTE: 1,
  TCHAR: 1,
  short: 2,
  int16_t: 2,
  uint16_t: 2,
  int: 4,
  'unsigned int': 4,
  unsigned: 4,
  int32_t: 4,
  uint32_t: 4,
  float: 4,
  wchar_t: 4,
  double: 8,
  long: 8,
  'unsigned long': 8,
  'long long': 8,
  'unsigned long long': 8,
  size_t: 8,
  int64_t: 8,
  uint64_t: 8,
};

function elementSize(typeText: string): number | undefined {
  return TYPE_SIZES[typeText.replace(/\b(const|static|volatile|register)\b/g, '').trim()];
}

/** The length of a literal string expression, escape sequences counted as one character. */
export function literalLength(ctx: CContext, node: SyntaxNode): number | undefined {
  const v = ctx.stringValue(unparenthesize(node));
  if (v === undefined) return undefined;
  return v.replace(/\\(?:x[0-9a-fA-F]+|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, 'X').length;
}

/** The declaration of the local or global array (not a pointer or parameter) an expression names. */
export function arrayDeclaration(ctx: CContext, node: SyntaxNode): CDeclaration | undefined {
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return undefined;
  const d = ctx.declarationOf(n.text(), n);
  if (d === undefined || d.isParameter || d.pointerDepth > 0 || d.arraySizes.length === 0) {
    return undefined;
  }
  return d;
}

/** The number of elements of an array declaration (last dimension), from its size or string initialiser. */
export function declaredLength(ctx: CContext, d: CDeclaration): number | undefined {
  const size = d.arraySizes[d.arraySizes.length - 1];
  if (size !== undefined && size !== null) return ctx.constantValue(size);
  if (size === null && d.value !== null) {
    const len = literalLength(ctx, d.value);
    if (len !== undefined) return len + 1;
  }
  return undefined;
}

/** The element count of the array an expression names, when known in this file. */
export function bufferLength(ctx: CContext, node: SyntaxNode): number | undefined {
  const d = arrayDeclaration(ctx, node);
  if (d !== undefined) return d.arraySizes.length !== 1 ? undefined : declaredLength(ctx, d);
  return pointedLength(ctx, node);
}

/** The element size of the array an expression names (`char` 1, `wchar_t` 4), when known. */
export function bufferElementSize(ctx: CContext, node: SyntaxNode): number | undefined {
  const d = arrayDeclaration(ctx, node) ?? pointedBuffer(ctx, node)?.decl;
  return d === undefined ? undefined : elementSize(d.typeText);
}

const ALLOCATORS = new Set(['malloc', 'alloca', '_alloca', 'calloc', 'xmalloc', 'g_malloc']);

/**
 * What a local pointer points to where it is used: the last value stored into it before that point in
 * its function (`data = dataBuffer;`, `p = malloc(10);`), with its declaration.
 */
function pointedBuffer(
  ctx: CContext,
  node: SyntaxNode,
): { decl: CDeclaration; target: SyntaxNode } | undefined {
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return undefined;
  const d = ctx.declarationOf(n.text(), n);
  if (d === undefined || d.isParameter || d.pointerDepth !== 1 || d.arraySizes.length > 0) {
    return undefined;
  }
  const last = lastValueBefore(ctx, d, n);
  return last === undefined ? undefined : { decl: d, target: stripCasts(last) };
}

/**
 * The element count of the buffer a local pointer points to: an allocation of known size
 * (`malloc(10 * sizeof(int))`, `alloca(50)`, `new int[10]`) or an array of known length.
 */
function pointedLength(ctx: CContext, node: SyntaxNode): number | undefined {
  const found = pointedBuffer(ctx, node);
  if (found === undefined) return undefined;
  const { decl, target } = found;
  if (target.kind() === 'identifier') {
    const array = arrayDeclaration(ctx, target);
    if (array?.arraySizes.length !== 1) return undefined;
    if (elementSize(array.typeText) !== elementSize(decl.typeText)) return undefined;
    return declaredLength(ctx, array);
  }
  if (target.kind() === 'new_expression') {
    const size = target
      .find({ rule: { kind: 'new_declarator' } })
      ?.namedChildren()
      .find((c) => c.kind() !== 'comment' && c.kind() !== 'new_declarator');
    return size === undefined ? undefined : sizeValue(ctx, size);
  }
  if (target.kind() !== 'call_expression') return undefined;
  const fn = target.field('function')?.text() ?? '';
  if (!ALLOCATORS.has(fn)) return undefined;
  const args = callArgsOf(target);
  const elem = elementSize(decl.typeText);
  if (elem === undefined) return undefined;
  const bytes =
    fn === 'calloc'
      ? args[0] === undefined || args[1] === undefined
        ? undefined
        : mul(sizeValue(ctx, args[0]), sizeValue(ctx, args[1]))
      : args[0] === undefined
        ? undefined
        : sizeValue(ctx, args[0]);
  return bytes === undefined ? undefined : Math.floor(bytes / elem);
}

function mul(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a * b;
}

/**
 * The value of a size expression: constants known in this file, `sizeof` of a scalar type, of a string
 * literal or of an array of known length, `const` locals, casts, and arithmetic over those.
 */
export function sizeValue(ctx: CContext, node: SyntaxNode, depth = 0): number | undefined {
  if (depth > 12) return undefined;
  return constantValue(node, ctx.macros, 0, (n) => sizeLeaf(ctx, n, depth));
}

function sizeLeaf(ctx: CContext, n: SyntaxNode, depth: number): number | undefined {
  const k = n.kind();
  if (k === 'sizeof_expression') return sizeofBytes(ctx, n);
  if (k === 'cast_expression') {
    const v = n.field('value');
    return v === null ? undefined : sizeValue(ctx, v, depth + 1);
  }
  if (k === 'identifier' && !ctx.macros.has(n.text())) {
    const d = ctx.declarationOf(n.text(), n);
    if (d !== undefined && d.isConst && d.value !== null && !d.isParameter) {
      return sizeValue(ctx, d.value, depth + 1);
    }
  }
  return undefined;
}

/** The bytes a `sizeof` measures when known: a scalar type, a string literal, an array of known length. */
function sizeofBytes(ctx: CContext, n: SyntaxNode): number | undefined {
  const op = sizeofOperand(n);
  if (op === undefined) return undefined;
  const scalar = TYPE_SIZES[op.node.text().replace(/\s+/g, ' ').trim()];
  if (scalar !== undefined) return scalar;
  if (op.kind !== 'expression') return undefined;
  const len = literalLength(ctx, op.node);
  if (len !== undefined && String(op.node.kind()).endsWith('string_literal')) return len + 1;
  const d = arrayDeclaration(ctx, op.node);
  if (d?.arraySizes.length !== 1) return undefined;
  const count = declaredLength(ctx, d);
  const elem = elementSize(d.typeText);
  return count === undefined || elem === undefined ? undefined : count * elem;
}

/** The name a `sizeof` measures when it is a variable: `buf` for `sizeof buf`, `sizeof(buf)`, `sizeof *buf`. */
export function sizeofVariable(node: SyntaxNode): string | undefined {
  const op = sizeofOperand(unparenthesize(node));
  if (op?.kind !== 'expression') return undefined;
  const t = op.node.kind() === 'pointer_expression' ? op.node.field('argument') : op.node;
  if (t === null) return undefined;
  const u = unparenthesize(t);
  return u.kind() === 'identifier' || u.kind() === 'field_expression'
    ? u.text().replace(/\s+/g, '')
    : undefined;
}

/** The last value stored into a variable before a node in its function (initialiser included). */
export function lastValueBefore(ctx: CContext, d: CDeclaration, at: SyntaxNode): SyntaxNode | undefined {
  const body = ctx.enclosingFunction(at)?.body ?? null;
  const pos = at.range().start.index;
  const writes =
    body === null ? [] : writesTo(d.name, body).filter((w) => w.range().start.index < pos);
  return writes[writes.length - 1] ?? d.value ?? undefined;
}

/** Every value stored into a variable in a function: the right side of `=`, compound assignments, `&name`. */
export function writesTo(name: string, scope: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const a of scope.findAll({ rule: { kind: 'assignment_expression' } })) {
    const left = a.field('left');
    if (left === null || unparenthesize(left).text() !== name) continue;
    if (a.field('operator')?.text() === '=') {
      const right = a.field('right');
      if (right !== null) out.push(right);
    } else {
      out.push(a);
    }
  }
  for (const u of scope.findAll({ rule: { kind: 'update_expression' } })) {
    if (u.field('argument')?.text() === name) out.push(u);
  }
  for (const p of scope.findAll({ rule: { kind: 'pointer_expression' } })) {
    if (p.field('operator')?.text() === '&' && p.field('argument')?.text() === name) out.push(p);
  }
  return out;
}

/**
 * A string fixed in the program where it is used: what `ctx.isLiteralString` accepts, plus a local
 * pointer or `std::string` initialised with a literal and only ever reassigned literals.
 */
export function isFixedString(ctx: CContext, node: SyntaxNode): boolean {
  if (ctx.isLiteralString(node)) return true;
  const n = stripCasts(node);
  // Only macros can stand between adjacent literals (`"%" PRIdPTR`, `"v" VERSION_STR`): the whole is fixed
  // even when the macro is defined in a header this file does not show.
  if (n.kind() === 'concatenated_string') return true;
  if (n.kind() !== 'identifier') return false;
  const d = ctx.declarationOf(n.text(), n);
  if (d === undefined || d.isParameter || d.value === null || d.arraySizes.length > 0) return false;
  if (!ctx.isLiteralString(d.value)) return false;
  const fn = ctx.enclosingFunction(d.nameNode);
  const scope = fn?.body ?? null;
  if (scope === null) return d.isConst;
  return writesTo(d.name, scope).every((v) => ctx.isLiteralString(v));
}

/** Conditions of the if/while/for statements and ternaries enclosing a node, innermost first. */
export function enclosingConditions(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let child = node;
  for (let n = node.parent(); n !== null; n = n.parent()) {
    const k = n.kind();
    if (k === 'function_definition' || k === 'lambda_expression') break;
    if (
      k === 'if_statement' ||
      k === 'while_statement' ||
      k === 'for_statement' ||
      k === 'conditional_expression'
    ) {
      const cond = n.field('condition');
      if (cond !== null && cond.id() !== child.id()) out.push(cond);
    }
    child = n;
  }
  return out;
}

/**
 * Conditions checked before a node runs in its function: the enclosing conditions and every complete
 * `if` statement earlier in the function (an early `return` or `exit` on failure is the common guard).
 */
export function conditionsBefore(ctx: CContext, node: SyntaxNode): SyntaxNode[] {
  const out = enclosingConditions(node);
  const body = ctx.enclosingFunction(node)?.body ?? null;
  if (body === null) return out;
  const at = node.range().start.index;
  for (const s of body.findAll({ rule: { kind: 'if_statement' } })) {
    const r = s.range();
    if (r.start.index >= at) break;
    if (r.end.index >= at) continue;
    const cond = s.field('condition');
    if (cond !== null) out.push(cond);
  }
  return out;
}

/** Whether an expression's text uses a name as a whole identifier (`len` in `len + 1`, not in `strlen`). */
export function mentions(node: SyntaxNode, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.>])${escaped}(?!\\w)`).test(node.text());
}

/** Relational comparisons (`<`, `<=`, `>`, `>=`) inside a condition, itself included. */
export function comparisonsIn(cond: SyntaxNode): SyntaxNode[] {
  const all = [cond, ...cond.findAll({ rule: { kind: 'binary_expression' } })];
  return all.filter(
    (b) => b.kind() === 'binary_expression' && /^[<>]=?$/.test(b.field('operator')?.text() ?? ''),
  );
}

/** One conversion of a printf or scanf format: `%-10.4ls` -> width 10, precision 4, length l, conv s. */
export interface FormatConversion {
  readonly text: string;
  /** Written width (printf `*` gives -1), or undefined. */
  readonly width: number | undefined;
  /** Written precision (`*` gives -1), or undefined. */
  readonly precision: number | undefined;
  readonly length: string;
  /** The conversion letter (`s`, `d`, `[`...). */
  readonly conv: string;
  /** scanf `%*s`: read and discarded. */
  readonly suppressed: boolean;
  /** POSIX scanf `%ms`: the buffer is allocated by scanf. */
  readonly allocates: boolean;
}

const CONVERSION =
  /%(?:(\d+)\$)?([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(m)?(hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I)?([diouxXeEfFgGaAcspnSC%[])/g;

/** The conversions of a format string as written in source (escapes such as `\n` left as two chars). */
export function formatConversions(format: string): FormatConversion[] {
  const out: FormatConversion[] = [];
  for (const m of format.matchAll(CONVERSION)) {
    const conv = m[7] ?? '';
    if (conv === '%') continue;
    const num = (s: string | undefined): number | undefined =>
      s === undefined ? undefined : s === '*' ? -1 : s === '' ? 0 : Number(s);
    out.push({
      text: m[0],
      width: num(m[3]),
      precision: num(m[4]),
      length: m[6] ?? '',
      conv,
      suppressed: false,
      allocates: m[5] === 'm',
    });
  }
  return out;
}

/** scanf conversions: `*` right after `%` means "skip", which printf's grammar reads as a width. */
export function scanfConversions(format: string): FormatConversion[] {
  const out: FormatConversion[] = [];
  for (const m of format.matchAll(
    /%(\*)?(\d+)?(m)?(hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspnS%]|\[\^?\]?[^\]]*\])/g,
  )) {
    const conv = (m[5] ?? '').startsWith('[') ? '[' : (m[5] ?? '');
    if (conv === '%') continue;
    out.push({
      text: m[0],
      width: m[2] === undefined ? undefined : Number(m[2]),
      precision: undefined,
      length: m[4] ?? '',
      conv,
      suppressed: m[1] === '*',
      allocates: m[3] === 'm',
    });
  }
  return out;
}

/** Arguments of a `call_expression` node, comments left out (for calls not taken from the call index). */
export function callArgsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((c) => c.kind() !== 'comment');
}

/** Functions taking a `size_t` length or size, by name: the index of that argument. */
export const LENGTH_ARGUMENT: Readonly<Record<string, number>> = {
  memcpy: 2,
  memmove: 2,
  memset: 2,
  strncpy: 2,
  strncat: 2,
  wcsncpy: 2,
  wmemcpy: 2,
  memcmp: 2,
  read: 2,
  recv: 2,
  fread: 2,
  fgets: 1,
  snprintf: 1,
  malloc: 0,
  alloca: 0,
  realloc: 1,
};

/** Calls that write a string into their first argument: (destination, sources...) or formatted. */
const STRING_WRITERS = new Set([
  'strcpy',
  'strncpy',
  'strcat',
  'strncat',
  'wcscpy',
  'wcsncpy',
  'wcscat',
  'wcsncat',
  'strlcpy',
  'strlcat',
  'memcpy',
  'memmove',
  'stpcpy',
]);
const FORMAT_WRITERS: Readonly<Record<string, number>> = {
  sprintf: 1,
  snprintf: 2,
  swprintf: 2,
  _snprintf: 2,
  asprintf: 1,
};
/** Calls that only read their arguments or free them; passing a buffer to them does not change it. */
const READERS = new Set([
  'strlen',
  'wcslen',
  'printf',
  'puts',
  'fputs',
  'strcmp',
  'strncmp',
  'strchr',
  'strrchr',
  'strstr',
  'free',
  'memset',
  // sinks that run or send the text without changing it
  'system',
  '_wsystem',
  'popen',
  '_popen',
  '_wpopen',
  'execl',
  'execlp',
  'execle',
  'execv',
  'execvp',
  'execve',
  '_execl',
  '_execlp',
  'syslog',
  'fprintf',
  'send',
  'write',
  'fwrite',
  'sqlite3_exec',
  'mysql_query',
  'PQexec',
]);

/** Input functions whose second argument is the buffer they fill. */
const INPUT_INTO_SECOND = new Set([
  'read',
  'recv',
  'recvfrom',
  'pread',
  'ReadFile',
  'SSL_read',
  'BIO_read',
]);

/**
 * Whether a string handed to a command or query sink is fixed text: a literal string (see
 * `isFixedString`), or a local buffer whose every write in the function copies fixed strings or formats
 * with a fixed format whose `%s` arguments are fixed (numbers cannot carry shell or SQL syntax).
 */
export function isFixedText(ctx: CContext, node: SyntaxNode, sinkCall?: SyntaxNode): boolean {
  if (isFixedString(ctx, node)) return true;
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return false;
  const body = ctx.enclosingFunction(n)?.body ?? null;
  if (body === null) return false;
  const names = bufferAliases(ctx, macroTarget(ctx, n) ?? n.text(), n, body);
  if (names === undefined) return false;
  let written = names.initialised;
  for (const call of body.findAll({ rule: { kind: 'call_expression' } })) {
    if (call.id() === sinkCall?.id()) continue;
    const args = callArgsOf(call);
    // `data + len` and `&data[len]` write into the buffer as well.
    const at = args.findIndex((a) => names.all.some((name) => mentions(a, name)));
    if (at < 0) continue;
    const callee = /(\w+)\s*$/.exec(call.field('function')?.text() ?? '')?.[1] ?? '';
    const name = ctx.macros.get(callee)?.trim() ?? callee;
    if (READERS.has(name)) continue;
    // Past the first argument a buffer is usually read (a sink, a comparison); the common exceptions
    // are the input functions that fill their second argument.
    if (at !== 0) {
      if (INPUT_INTO_SECOND.has(name) && at === 1) return false;
      continue;
    }
    const target = args[0];
    if (target === undefined || !names.all.includes(stripCasts(target).text())) return false;
    if (STRING_WRITERS.has(name)) {
      const src = args[1];
      if (src === undefined || !isFixedString(ctx, src)) return false;
      written = true;
      continue;
    }
    const fmtIndex = FORMAT_WRITERS[name];
    if (fmtIndex === undefined) return false;
    const fmt = args[fmtIndex];
    if (fmt === undefined || !ctx.isLiteralString(fmt)) return false;
    const format = ctx.stringValue(unparenthesize(fmt));
    if (format === undefined) return false;
    let i = fmtIndex + 1;
    for (const c of formatConversions(format)) {
      if (c.width === -1) i++;
      if (c.precision === -1) i++;
      const arg = args[i++];
      if ((c.conv === 's' || c.conv === 'S') && (arg === undefined || !isFixedString(ctx, arg))) {
        return false;
      }
    }
    written = true;
  }
  return written;
}

/**
 * The names under which a local string buffer is written: the variable itself and, for a pointer whose
 * only values are one local array (`char *data = buffer;`), that array. Undefined when the buffer is a
 * parameter, is assigned anything else, or is initialised with something other than a literal.
 */
function bufferAliases(
  ctx: CContext,
  name: string,
  at: SyntaxNode,
  body: SyntaxNode,
): { all: string[]; initialised: boolean } | undefined {
  const d = ctx.declarationOf(name, at);
  if (d === undefined || d.isParameter) return undefined;
  const fixedInit = (x: CDeclaration): boolean =>
    x.value === null || ctx.isLiteralString(x.value) || x.value.kind() === 'initializer_list';
  if (d.arraySizes.length > 0) {
    if (!fixedInit(d) || writesTo(d.name, body).length > 0) return undefined;
    return { all: [d.name], initialised: d.value !== null };
  }
  const values = [...(d.value === null ? [] : [d.value]), ...writesTo(d.name, body)];
  if (values.length === 0) return undefined;
  if (values.every((v) => ctx.isLiteralString(v))) return { all: [d.name], initialised: true };
  const targets = new Set(values.map((v) => stripCasts(v).text()));
  const only = targets.size === 1 ? values[0] : undefined;
  const array = only === undefined ? undefined : arrayDeclaration(ctx, only);
  if (array === undefined || !fixedInit(array) || writesTo(array.name, body).length > 0) {
    return undefined;
  }
  return { all: [d.name, array.name], initialised: array.value !== null };
}

/**
 * The longest string a buffer can hold at a point, when the code says so: a fixed string's length, or
 * the index of the last `buf[K] = '\0'` written before that point in the function (`memset(buf, 'A',
 * 49); buf[49] = '\0';` holds at most 49 characters).
 */
export function knownStringLength(ctx: CContext, node: SyntaxNode, at: SyntaxNode): number | undefined {
  if (isFixedString(ctx, node)) return literalLength(ctx, node);
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return undefined;
  const body = ctx.enclosingFunction(at)?.body ?? null;
  if (body === null) return undefined;
  const pos = at.range().start.index;
  let found: number | undefined;
  for (const a of body.findAll({ rule: { kind: 'assignment_expression' } })) {
    if (a.range().start.index >= pos) break;
    const left = a.field('left');
    const right = a.field('right');
    if (left?.kind() !== 'subscript_expression' || right === null) continue;
    if (left.field('argument')?.text() !== n.text()) continue;
    const terminator = /^(?:'\\0'|0|L'\\0')$/.test(right.text().trim());
    const index = left.field('index') ?? left.namedChildren()[1] ?? null;
    const k = index === null ? undefined : sizeValue(ctx, index);
    if (terminator && k !== undefined) found = k;
  }
  return found;
}

/** The bound of a counting loop: `i < n`, `i <= n`, `n > i`, `n >= i`, `i != n` (also inside `&&`). */
export interface LoopBound {
  readonly index: string;
  /** `<` for exclusive bounds (`<`, `!=`), `<=` for inclusive ones. */
  readonly op: '<' | '<=';
  readonly bound: SyntaxNode;
}

export function loopBound(cond: SyntaxNode): LoopBound | undefined {
  const c = unparenthesize(
    cond.kind() === 'condition_clause' ? (cond.field('value') ?? cond) : cond,
  );
  if (c.kind() !== 'binary_expression') return undefined;
  const op = c.field('operator')?.text();
  const l = c.field('left');
  const r = c.field('right');
  if (l === null || r === null) return undefined;
  if (op === '&&') return loopBound(l) ?? loopBound(r);
  const lId = unparenthesize(l).kind() === 'identifier';
  const rId = unparenthesize(r).kind() === 'identifier';
  if ((op === '<' || op === '!=') && lId) return { index: l.text(), op: '<', bound: r };
  if (op === '<=' && lId) return { index: l.text(), op: '<=', bound: r };
  if (op === '>' && rId) return { index: r.text(), op: '<', bound: l };
  if (op === '>=' && rId) return { index: r.text(), op: '<=', bound: l };
  return undefined;
}

/** Assignments in a loop body to `array[index]` with exactly the loop variable as index. */
export function indexedWrites(body: SyntaxNode, index: string): { node: SyntaxNode; array: SyntaxNode }[] {
  const out: { node: SyntaxNode; array: SyntaxNode }[] = [];
  for (const a of body.findAll({ rule: { kind: 'assignment_expression' } })) {
    const left = a.field('left');
    if (left === null) continue;
    const target = unparenthesize(left);
    if (target.kind() !== 'subscript_expression') continue;
    const arr = target.field('argument');
    const i = target.field('index') ?? target.namedChildren()[1] ?? null;
    if (arr === null || i === null) continue;
    if (
      i
        .text()
        .replace(/\s+/g, '')
        .replace(/^\[|\]$/g, '') !== index
    )
      continue;
    out.push({ node: a, array: arr });
  }
  return out;
}

/**
 * Plain calls of these functions, also through an object-like macro naming one of them
 * (`#define SYSTEM system`, `#define EXECL _execl`): each call with the function it reaches.
 */
export function callsThroughMacros(
  ctx: CContext,
  names: readonly string[],
): { call: CCallSite; name: string }[] {
  const out = ctx.calls(...names).map((call) => ({ call, name: call.name }));
  const aliases = [...ctx.macros].filter(([, value]) => names.includes(value.trim()));
  if (aliases.length === 0) return out;
  for (const [alias, value] of aliases) {
    for (const call of ctx.calls(alias)) out.push({ call, name: value.trim() });
  }
  return out.sort((a, b) => a.call.order - b.call.order);
}

/**
 * The variable an expression names, seeing through an object-like macro that stands for one
 * (`#define COMMAND_ARG3 data`): the identifier node to resolve and its name.
 */
export function macroTarget(ctx: CContext, node: SyntaxNode): string | undefined {
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return undefined;
  const value = ctx.macros.get(n.text())?.trim();
  return value !== undefined && /^[A-Za-z_]\w*$/.test(value) ? value : undefined;
}
