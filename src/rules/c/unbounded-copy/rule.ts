import type { SyntaxNode } from '../../../core/syntax.js';
import {
  defineCRule,
  type CContext,
  type CCallSite,
  type Detection,
} from '../../../engine/rule-api.js';
import { unparenthesize } from '../../../languages/c/expr.js';
import {
  bufferLength,
  conditionsBefore,
  comparisonsIn,
  formatConversions,
  isFixedString,
  knownStringLength,
  literalLength,
  mentions,
  scanfConversions,
} from '../../../languages/c/rule-helpers.js';

/** String copies and appends that write as much as the source holds: (destination, source). */
const COPIES = [
  'strcpy',
  'wcscpy',
  'stpcpy',
  '_mbscpy',
  '_tcscpy',
  'lstrcpy',
  'lstrcpyA',
  'lstrcpyW',
  'StrCpy',
  'StrCpyA',
  'StrCpyW',
];
const APPENDS = [
  'strcat',
  'wcscat',
  '_mbscat',
  '_tcscat',
  'lstrcat',
  'lstrcatA',
  'lstrcatW',
  'StrCat',
];
/** Formatting into a buffer without a size: format argument index. */
const SPRINTFS: Readonly<Record<string, number>> = {
  sprintf: 1,
  vsprintf: 1,
  wsprintf: 1,
  wsprintfA: 1,
  wsprintfW: 1,
  _stprintf: 1,
  _swprintf: 1,
  _vstprintf: 1,
};
/** scanf family: format argument index. */
const SCANFS: Readonly<Record<string, number>> = {
  scanf: 0,
  vscanf: 0,
  wscanf: 0,
  fscanf: 1,
  vfscanf: 1,
  fwscanf: 1,
  sscanf: 1,
  vsscanf: 1,
  swscanf: 1,
  _tscanf: 0,
};

/** Upper bound of the characters one printf conversion writes, when it does not depend on a string. */
function conversionBound(
  conv: string,
  length: string,
  precision: number | undefined,
): number | undefined {
  const wide =
    length === 'l' || length === 'll' || length === 'j' || length === 'z' || length === 't';
  switch (conv) {
    case 'd':
    case 'i':
      return wide ? 20 : 11;
    case 'u':
      return wide ? 20 : 10;
    case 'x':
    case 'X':
      return wide ? 16 : 8;
    case 'o':
      return wide ? 22 : 11;
    case 'c':
    case 'C':
      return 1;
    case 'p':
      return 18;
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return 24 + (precision ?? 6);
    default:
      return undefined;
  }
}

/** Whether a copy from `src` is preceded by a length check of `src` (`if (strlen(src) < sizeof dst)`). */
function lengthChecked(ctx: CContext, call: CCallSite, src: SyntaxNode): boolean {
  const name = unparenthesize(src).text();
  return conditionsBefore(ctx, call.node).some((cond) =>
    comparisonsIn(cond).some(
      (c) => /\b(?:str|wcs|_tcs|_mbs)n?len\s*\(/.test(c.text()) && mentions(c, name),
    ),
  );
}

function* copies(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls(...COPIES, ...APPENDS)) {
    const [dst, src] = call.args;
    if (dst === undefined || src === undefined) continue;
    const append = APPENDS.includes(call.name);
    const room = bufferLength(ctx, dst);
    if (isFixedString(ctx, src)) {
      // A literal always fits, or always overflows, a buffer of known size; appends depend on what is there.
      const len = literalLength(ctx, src);
      if (!append && room !== undefined && len !== undefined && len + 1 > room) {
        yield {
          node: call.node,
          messageId: 'tooLong',
          data: { fn: call.name, dst: dst.text(), len: len + 1, room },
        };
      }
      continue;
    }
    if (!append && room !== undefined) {
      const srcRoom = bufferLength(ctx, src);
      if (srcRoom !== undefined && srcRoom <= room) continue;
      // `buf[49] = '\0'` before the copy: the source holds at most 49 characters.
      const len = knownStringLength(ctx, src, call.node);
      if (len !== undefined && len < room) continue;
    }
    if (lengthChecked(ctx, call, src)) continue;
    yield { node: call.node, data: { fn: call.name, dst: dst.text(), src: src.text() } };
  }
}

function* sprintfs(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls(...Object.keys(SPRINTFS))) {
    const index = SPRINTFS[call.name] ?? 1;
    const dst = call.args[0];
    const fmt = call.args[index];
    if (dst === undefined || fmt === undefined) continue;
    const format = ctx.isLiteralString(fmt) ? ctx.stringValue(unparenthesize(fmt)) : undefined;
    // A non-literal format is the format-string rule's finding; here only fixed formats are judged.
    if (format === undefined) continue;
    const room = bufferLength(ctx, dst);
    const valist = call.name.startsWith('v') || call.name.startsWith('_v');
    let bound: number | undefined = literalLength(ctx, fmt) ?? format.length;
    let unbounded: string | undefined;
    let argIndex = index + 1;
    for (const c of formatConversions(format)) {
      if (c.width === -1) argIndex++;
      if (c.precision === -1) argIndex++;
      const arg = valist ? undefined : call.args[argIndex];
      argIndex++;
      bound -= c.text.length;
      if (c.conv === 's' || c.conv === 'S') {
        if (c.precision !== undefined && c.precision >= 0) {
          bound += Math.max(c.precision, c.width ?? 0);
          continue;
        }
        const len =
          arg !== undefined && isFixedString(ctx, arg) ? literalLength(ctx, arg) : undefined;
        if (len === undefined) {
          unbounded ??= arg?.text() ?? c.text;
          continue;
        }
        bound += Math.max(len, c.width ?? 0);
        continue;
      }
      if (c.conv === 'n') continue;
      const b = conversionBound(c.conv, c.length, c.precision);
      if (b === undefined || c.conv === 'f' || c.conv === 'F') {
        // %f of a large double prints hundreds of digits.
        if (room !== undefined) bound += 317;
        continue;
      }
      bound += Math.max(b, c.width ?? 0, c.precision ?? 0);
    }
    if (unbounded !== undefined) {
      yield {
        node: call.node,
        messageId: 'format',
        data: { fn: call.name, dst: dst.text(), arg: unbounded },
      };
    } else if (room !== undefined && bound + 1 > room) {
      yield {
        node: call.node,
        messageId: 'formatTooLong',
        data: { fn: call.name, dst: dst.text(), len: bound + 1, room },
      };
    }
  }
}

function* scanfs(ctx: CContext): Generator<Detection> {
  for (const call of ctx.calls(...Object.keys(SCANFS))) {
    const fmt = call.args[SCANFS[call.name] ?? 0];
    if (fmt === undefined || !ctx.isLiteralString(fmt)) continue;
    const format = ctx.stringValue(unparenthesize(fmt));
    if (format === undefined) continue;
    const bad = scanfConversions(format).find(
      (c) =>
        (c.conv === 's' || c.conv === '[' || c.conv === 'S') &&
        c.width === undefined &&
        !c.suppressed &&
        !c.allocates,
    );
    if (bad !== undefined) {
      yield { node: call.node, messageId: 'scanf', data: { fn: call.name, conv: bad.text } };
    }
  }
}

export default defineCRule({
  name: 'unbounded-copy',
  title: 'String copied or formatted into a buffer without a bound',
  description:
    'Finds strcpy/strcat-style copies, sprintf/vsprintf with unbounded %s arguments and scanf %s or %[ conversions without a width, where the write is limited only by the source.',
  cwe: [120, 787],
  severity: 'error',
  confidence: 'medium',
  tags: ['memory', 'buffer-overflow'],
  messages: {
    default:
      '`{{fn}}` copies `{{src}}` into `{{dst}}` without checking that it fits; a longer source overflows the buffer.',
    tooLong: '`{{fn}}` writes {{len}} bytes into `{{dst}}`, which holds only {{room}}.',
    format:
      '`{{fn}}` formats `{{arg}}` into `{{dst}}` through an unbounded `%s`; a long string overflows the buffer.',
    formatTooLong:
      '`{{fn}}` can write up to {{len}} bytes into `{{dst}}`, which holds only {{room}}.',
    scanf:
      '`{{fn}}` reads a word of any length with `{{conv}}` (no field width) into a fixed buffer.',
  },
  help: {
    why: 'strcpy, strcat, sprintf and scanf("%s") write as many bytes as the input supplies; the destination size is never consulted. Input longer than the buffer overwrites adjacent memory (return addresses, heap metadata, other variables), which attackers turn into crashes or code execution.',
    fix: 'Bound every write by the destination size: `snprintf(dst, sizeof dst, "%s", src)` (check the result for truncation), `strlcpy`/`strlcat` where available, a length check before `memcpy`, field widths in scanf (`%63s` for a 64-byte buffer), or `std::string` in C++.',
  },
  requires: ['cpy', 'cat', 'printf', 'scanf', 'StrC'],
  *detect(ctx) {
    yield* copies(ctx);
    yield* sprintfs(ctx);
    yield* scanfs(ctx);
  },
});
