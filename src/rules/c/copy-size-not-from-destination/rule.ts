import type { SyntaxNode } from '../../../core/syntax.js';
import {
  defineCRule,
  type CContext,
  type CCallSite,
  type Detection,
} from '../../../engine/rule-api.js';
import { compact, stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import {
  bufferElementSize,
  bufferLength,
  conditionsBefore,
  declaredLength,
  comparisonsIn,
  knownStringLength,
  mentions,
  sizeValue,
  sizeofVariable,
} from '../../../languages/c/rule-helpers.js';

/** Where the destination, the source (-1 when none) and the size are, and whether the size counts bytes. */
interface Shape {
  dst: number;
  src: number;
  size: number;
  bytes: boolean;
}

const SHAPES: Readonly<Record<string, Shape>> = {
  memcpy: { dst: 0, src: 1, size: 2, bytes: true },
  memmove: { dst: 0, src: 1, size: 2, bytes: true },
  CopyMemory: { dst: 0, src: 1, size: 2, bytes: true },
  RtlCopyMemory: { dst: 0, src: 1, size: 2, bytes: true },
  bcopy: { dst: 1, src: 0, size: 2, bytes: true },
  wmemcpy: { dst: 0, src: 1, size: 2, bytes: false },
  wmemmove: { dst: 0, src: 1, size: 2, bytes: false },
  strncpy: { dst: 0, src: 1, size: 2, bytes: false },
  wcsncpy: { dst: 0, src: 1, size: 2, bytes: false },
  strncat: { dst: 0, src: 1, size: 2, bytes: false },
  wcsncat: { dst: 0, src: 1, size: 2, bytes: false },
  snprintf: { dst: 0, src: -1, size: 1, bytes: false },
  vsnprintf: { dst: 0, src: -1, size: 1, bytes: false },
  swprintf: { dst: 0, src: -1, size: 1, bytes: false },
  vswprintf: { dst: 0, src: -1, size: 1, bytes: false },
  fgets: { dst: 0, src: -1, size: 1, bytes: false },
  fgetws: { dst: 0, src: -1, size: 1, bytes: false },
  read: { dst: 1, src: -1, size: 2, bytes: true },
  recv: { dst: 1, src: -1, size: 2, bytes: true },
  fread: { dst: 0, src: -1, size: 2, bytes: true },
};

const LENGTH_CALL = /^(?:str|wcs|_tcs|_mbs)n?len$/;

/** Whether a size expression measures the source: `strlen(src)`, `sizeof src`, `strlen(src) + 1`. */
function measuresSource(size: SyntaxNode, src: string): boolean {
  const parts = [
    size,
    ...size.findAll({ rule: { kind: 'call_expression' } }),
    ...size.findAll({ rule: { kind: 'sizeof_expression' } }),
  ];
  return parts.some((p) => {
    const n = unparenthesize(p);
    if (n.kind() === 'sizeof_expression') return sizeofVariable(n) === src;
    if (n.kind() !== 'call_expression') return false;
    const fn = n.field('function')?.text() ?? '';
    const arg = n.field('arguments')?.namedChildren()[0];
    return LENGTH_CALL.test(fn) && arg !== undefined && compact(stripCasts(arg).text()) === src;
  });
}

/** A comparison before the call that involves both the source length and the destination. */
function checkedAgainstDestination(
  ctx: CContext,
  call: CCallSite,
  src: string,
  dst: string,
  room: number,
): boolean {
  return conditionsBefore(ctx, call.node).some((cond) =>
    comparisonsIn(cond).some(
      (c) =>
        mentions(c, src) &&
        (mentions(c, dst) ||
          /\bsizeof\b/.test(c.text()) ||
          sizeValue(ctx, c.field('right') ?? c) === room ||
          sizeValue(ctx, c.field('left') ?? c) === room),
    ),
  );
}

/** strncat's bound is what may be appended, not the buffer size: `sizeof dst` or the whole room overflow. */
function* strncatBound(
  ctx: CContext,
  call: CCallSite,
  dst: SyntaxNode,
  size: SyntaxNode,
): Generator<Detection> {
  const known = bufferLength(ctx, dst);
  const room = known ?? parameterArrayLength(ctx, dst);
  const dstName = compact(unparenthesize(dst).text());
  const n = sizeValue(ctx, size);
  const wholeBuffer = sizeofVariable(size) === dstName && known !== undefined;
  if (wholeBuffer || (n !== undefined && room !== undefined && n >= room)) {
    yield {
      node: call.node,
      messageId: 'strncat',
      data: { fn: call.name, size: size.text(), dst: dstName },
    };
  }
}

/**
 * The element count a parameter declared as an array promises (`void f(char out[LEN])`): in C the
 * parameter is a pointer, but the declared size is the caller's contract for the room behind it.
 */
function parameterArrayLength(ctx: CContext, node: SyntaxNode): number | undefined {
  const n = stripCasts(node);
  if (n.kind() !== 'identifier') return undefined;
  const d = ctx.declarationOf(n.text(), n);
  if (d?.isParameter !== true || d.pointerDepth > 0 || d.arraySizes.length !== 1) return undefined;
  return declaredLength(ctx, d);
}

function* detectCall(ctx: CContext, call: CCallSite, shape: Shape): Generator<Detection> {
  const dst = call.args[shape.dst];
  const size = call.args[shape.size];
  if (dst === undefined || size === undefined) return;
  if (call.name === 'strncat' || call.name === 'wcsncat') {
    yield* strncatBound(ctx, call, dst, size);
    return;
  }
  const count = bufferLength(ctx, dst);
  const elem = bufferElementSize(ctx, dst);
  if (count === undefined) return;
  const room = shape.bytes ? (elem === undefined ? undefined : count * elem) : count;
  if (room === undefined) return;
  const dstName = compact(unparenthesize(dst).text());
  const src = shape.src >= 0 ? call.args[shape.src] : undefined;
  const srcName = src === undefined ? undefined : compact(stripCasts(src).text());

  if (srcName !== undefined && measuresSource(size, srcName)) {
    const srcCount = src === undefined ? undefined : bufferLength(ctx, src);
    const srcElem = src === undefined ? undefined : bufferElementSize(ctx, src);
    const srcRoom =
      srcCount === undefined ? undefined : shape.bytes ? srcCount * (srcElem ?? 1) : srcCount;
    if (srcRoom !== undefined && srcRoom <= room) return;
    // `strlen(src)` of a source terminated at a known index: the copy fits (a `sizeof src` still does not).
    const len = src === undefined ? undefined : knownStringLength(ctx, src, call.node);
    if (len !== undefined && len < room && /len\s*\(/.test(size.text())) return;
    if (checkedAgainstDestination(ctx, call, srcName, dstName, room)) return;
    yield {
      node: call.node,
      messageId: 'default',
      data: { fn: call.name, size: size.text(), dst: dstName, src: srcName },
    };
    return;
  }
  const n = sizeValue(ctx, size);
  if (n !== undefined && n > room) {
    yield {
      node: call.node,
      messageId: 'tooLarge',
      data: { fn: call.name, size: size.text(), n, dst: dstName, room },
      confidence: 'high',
    };
  }
}

export default defineCRule({
  name: 'copy-size-not-from-destination',
  title: 'Copy bounded by the source size or a length larger than the destination',
  description:
    'Finds memcpy, strncpy, snprintf, fgets, read and similar calls into an array of known size whose length argument is the size of the source, exceeds the destination, or (for strncat) is the whole buffer size.',
  cwe: [806, 805],
  severity: 'error',
  confidence: 'medium',
  tags: ['memory', 'buffer-overflow'],
  messages: {
    default:
      '`{{fn}}` is bounded by `{{size}}`, the size of the source `{{src}}`, not of the destination `{{dst}}`.',
    tooLarge:
      '`{{fn}}` may write {{n}} units (`{{size}}`) into `{{dst}}`, which holds only {{room}}.',
    strncat:
      '`{{fn}}` is given `{{size}}`, the whole size of `{{dst}}`; its bound is the room left after what the buffer already holds, minus one for the terminator.',
  },
  help: {
    why: 'A bounded copy is only safe when the bound is the room in the destination. A length taken from the source (strlen(src), sizeof src) or a constant larger than the buffer lets a long input write past the end of the destination just as strcpy would, while looking safe in review.',
    fix: 'Bound by the destination: `memcpy(dst, src, MIN(len, sizeof dst))`, `snprintf(dst, sizeof dst, ...)`, `fgets(buf, sizeof buf, fp)`, `strncat(dst, src, sizeof dst - strlen(dst) - 1)`; or check `len < sizeof dst` before copying.',
  },
  requires: Object.keys(SHAPES),
  *detect(ctx) {
    for (const call of ctx.calls(...Object.keys(SHAPES))) {
      const shape = SHAPES[call.name];
      if (shape !== undefined) yield* detectCall(ctx, call, shape);
    }
  },
});
