import type { SyntaxNode } from '../../../core/syntax.js';
import {
  defineCRule,
  type CContext,
  type CDeclaration,
  type Detection,
} from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import {
  LENGTH_ARGUMENT,
  callArgsOf,
  comparisonsIn,
  conditionsBefore,
  mentions,
  writesTo,
} from '../../../languages/c/rule-helpers.js';

/** 8- and 16-bit integer types. */
const SMALL =
  /^(?:(?:un)?signed\s+)?(?:short(?:\s+int)?|char)$|^(?:u?int(?:8|16)_t|qu?int(?:8|16)|u_short|u_char|WORD|SHORT|USHORT|BYTE|UCHAR|CHAR|gshort|gushort|guint16|gint16)$/;
/** 32-bit integer types (a size_t does not fit on 64-bit platforms). */
const INT32 =
  /^(?:(?:un)?signed(?:\s+int)?|int|(?:un)?signed\s+int|u?int32_t|qu?int32|DWORD|UINT|INT|LONG|ULONG|gint|guint|guint32|gint32)$/;
/** Types as wide as a size. */
const SIZE_TYPES = /^(?:size_t|ssize_t|std::size_t|off_t|ptrdiff_t|qsizetype|SIZE_T|gsize|gssize)$/;
/** Integer types wider than 16 bits, for the sources of a 16-bit store. */
const WIDE_INT =
  /^(?:(?:un)?signed(?:\s+(?:int|long|long\s+long))?|int|long(?:\s+int)?|long\s+long|unsigned\s+long(?:\s+long)?|u?int(?:32|64)_t|qu?int(?:32|64)|DWORD|UINT|LONG|ULONG)$/;
const LENGTH_CALLS = /^(?:strlen|wcslen|strnlen|_tcslen|fread|size|length|count)$/;

function baseType(d: CDeclaration): string {
  return d.typeText
    .replace(/\b(?:const|static|volatile|register|std::)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a stored value is: a size (`strlen(s)`, `v.size()`, a size_t variable), a wide int variable, or neither. */
function sourceKind(ctx: CContext, value: SyntaxNode): 'size' | 'int' | undefined {
  const v = stripCasts(value);
  if (v.kind() === 'call_expression') {
    const fn = v.field('function');
    const name =
      /(\w+)\s*$/.exec(
        fn?.kind() === 'field_expression' ? (fn.field('field')?.text() ?? '') : (fn?.text() ?? ''),
      )?.[1] ?? '';
    return LENGTH_CALLS.test(name) ? 'size' : undefined;
  }
  if (v.kind() !== 'identifier' || ctx.isConstant(v)) return undefined;
  // A range check before the conversion (`if (port > USHRT_MAX) return;`) makes it deliberate.
  if (conditionsBefore(ctx, v).some((c) => comparisonsIn(c).some((b) => mentions(b, v.text())))) {
    return undefined;
  }
  const d = ctx.declarationOf(v.text(), v);
  if (d === undefined || d.pointerDepth > 0 || d.arraySizes.length > 0) return undefined;
  const t = baseType(d);
  if (SIZE_TYPES.test(t)) return 'size';
  if (WIDE_INT.test(t)) {
    const body = ctx.enclosingFunction(v)?.body ?? null;
    if (body !== null && !d.isParameter) {
      const values = [...(d.value === null ? [] : [d.value]), ...writesTo(d.name, body)];
      if (values.length > 0 && values.every((x) => ctx.isConstant(x))) return undefined;
    }
    return 'int';
  }
  return undefined;
}

/** Character-reading calls whose `int` result is a character (or EOF), narrowed to `char` by design. */
const CHARACTER_SOURCES =
  /^(?:getc|fgetc|getchar|getc_unlocked|fgetwc|getwc|getwchar|_getch|getch|tolower|toupper|towlower|towupper)$/;

/** `char c = (char)ch` where `ch` holds what getc() returned: the usual character idiom. */
function holdsCharacter(ctx: CContext, value: SyntaxNode): boolean {
  const v = stripCasts(value);
  if (v.kind() !== 'identifier') return false;
  if (/^(?:c|ch|chr|character)$/i.test(v.text())) return true;
  const d = ctx.declarationOf(v.text(), v);
  const body = ctx.enclosingFunction(v)?.body ?? null;
  if (d === undefined || body === null) return false;
  const values = [...(d.value === null ? [] : [d.value]), ...writesTo(d.name, body)];
  return values.some((x) => {
    const call = stripCasts(x);
    const fn = call.kind() === 'call_expression' ? (call.field('function')?.text() ?? '') : '';
    return CHARACTER_SOURCES.test(fn.replace(/^std::/, ''));
  });
}

/** Whether a variable is later passed as a length (memcpy, malloc...) or used as an array index. */
function usedAsLength(ctx: CContext, name: string, after: SyntaxNode): boolean {
  const at = after.range().end.index;
  const fn = ctx.enclosingFunction(after)?.node.id();
  for (const call of ctx.calls(...Object.keys(LENGTH_ARGUMENT))) {
    if (call.node.range().start.index < at || ctx.enclosingFunction(call.node)?.node.id() !== fn)
      continue;
    const arg = callArgsOf(call.node)[LENGTH_ARGUMENT[call.name] ?? -1];
    if (
      arg !== undefined &&
      /\b\w+\b/.test(arg.text()) &&
      new RegExp(`(?<![\\w.>])${name}(?!\\w)`).test(arg.text())
    ) {
      return true;
    }
  }
  return false;
}

/** A plain integer variable of a type narrower than a size (8, 16 or 32 bits). */
function isNarrow(target: CDeclaration): boolean {
  if (target.pointerDepth > 0 || target.arraySizes.length > 0) return false;
  const t = baseType(target);
  return SMALL.test(t) || INT32.test(t);
}

function* checkStore(
  ctx: CContext,
  node: SyntaxNode,
  target: CDeclaration,
  value: SyntaxNode,
): Generator<Detection> {
  if (!isNarrow(target)) return;
  const t = baseType(target);
  const small = SMALL.test(t);
  const kind = sourceKind(ctx, value);
  if (kind === undefined) return;
  if (small && /\bchar\b|CHAR|BYTE/.test(t) && kind === 'int' && holdsCharacter(ctx, value)) return;
  if (!small && (kind === 'int' || !usedAsLength(ctx, target.name, node))) return;
  yield {
    node,
    data: { value: unparenthesize(value).text(), type: t, name: target.name },
    confidence: small ? 'high' : 'medium',
  };
}

export default defineCRule({
  name: 'size-truncation',
  title: 'Size or length truncated to a narrower integer type',
  description:
    'Finds sizes (strlen, size(), size_t values) and wide integers stored into 8/16-bit variables, and sizes stored into 32-bit int variables that are then used as lengths, where the high bits are silently lost.',
  cwe: [197],
  severity: 'warning',
  confidence: 'medium',
  tags: ['integer'],
  messages: {
    default:
      '`{{value}}` is stored in `{{name}}` of type `{{type}}`, which cannot hold every value it may have; the truncated number no longer matches the real size.',
  },
  help: {
    why: 'Converting to a narrower integer type keeps only the low bits. A 70,000-byte length stored in a 16-bit short becomes 4,464; a 5 GB size stored in an int becomes a small or negative number. Checks and allocations then use the truncated value while copies and loops still work with the real one, which ends in out-of-bounds reads and writes.',
    fix: 'Keep sizes in `size_t` (or `qsizetype` / `std::size_t`) end to end; where a narrow type is required by an interface, check the range first (`if (len > USHRT_MAX) return -1;`) and only then convert.',
  },
  *detect(ctx) {
    for (const fn of ctx.functions()) {
      for (const d of fn.locals()) {
        if (
          d.value !== null &&
          isNarrow(d) &&
          d.value.kind() !== 'initializer_list' &&
          d.value.kind() !== 'argument_list'
        ) {
          yield* checkStore(ctx, d.node, d, d.value);
        }
      }
    }
    for (const a of ctx.nodes('assignment_expression')) {
      const left = a.field('left');
      if (left?.kind() !== 'identifier') continue;
      const d = ctx.declarationOf(left.text(), left);
      if (d === undefined || !isNarrow(d) || a.field('operator')?.text() !== '=') continue;
      const right = a.field('right');
      if (right !== null) yield* checkStore(ctx, a, d, right);
    }
  },
});
