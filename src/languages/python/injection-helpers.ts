import type { SgNode } from '@ast-grep/napi';
import {
  constantAssignments,
  dynamicParts,
  dynamicStringKind,
  enclosingScope,
  isConstantValue,
  isLiteralTree,
  unwrap,
  type DynamicStringKind,
} from './expr.js';

/**
 * Shared logic of the injection-family rules (code, SQL, template, HTML, deserialization, XML, archive):
 * how a value that reaches a sink was assembled, seen within one function. This is deliberately local
 * reasoning, not dataflow: it follows a name to the assignments above it in the same scope, no further.
 */

export type Resolver = (node: SgNode) => readonly string[];

/** How a local name got its value before a use. */
export interface Binding {
  kind: 'assign' | 'augment' | 'with' | 'for' | 'param';
  /** The binding construct (assignment, `with` target, `for` statement, parameter list). */
  node: SgNode;
  /** The bound expression: right-hand side, `with` item, `for` iterable; null for a parameter. */
  value: SgNode | null;
}

/**
 * The bindings of an identifier in its own scope (function or module) that appear before the use:
 * `x = ...`, `x += ...`, `with ... as x`, `for x in ...`, and a parameter named `x`. Nested functions and
 * later assignments are ignored.
 */
export function bindingsBefore(id: SgNode): Binding[] {
  const ident = unwrap(id);
  if (ident.kind() !== 'identifier') return [];
  const re = `^${ident.text()}$`;
  const scope = enclosingScope(ident);
  const useAt = ident.range().start.index;
  const out: Binding[] = [];
  if (scope.kind() === 'function_definition') {
    const params = scope.field('parameters');
    if (params?.find({ rule: { kind: 'identifier', regex: re } })) {
      out.push({ kind: 'param', node: params, value: null });
    }
  }
  // One `has` for the three statements binding their `left` field: each regex in a rule is compiled
  // on every search, and the compilation costs more than walking a function.
  const found = scope.findAll({
    rule: {
      any: [
        {
          any: [
            { kind: 'assignment' },
            { kind: 'augmented_assignment' },
            { kind: 'for_statement' },
          ],
          has: { field: 'left', kind: 'identifier', regex: re },
        },
        { kind: 'as_pattern_target', regex: re },
      ],
    },
  });
  for (const n of found) {
    if (n.range().start.index >= useAt) continue;
    if (enclosingScope(n).id() !== scope.id()) continue;
    switch (n.kind()) {
      case 'assignment':
        out.push({ kind: 'assign', node: n, value: n.field('right') });
        break;
      case 'augmented_assignment':
        out.push({ kind: 'augment', node: n, value: n.field('right') });
        break;
      case 'as_pattern_target': {
        const pattern = n.parent();
        const value = pattern?.namedChildren()[0] ?? null;
        out.push({ kind: 'with', node: pattern ?? n, value });
        break;
      }
      default:
        out.push({ kind: 'for', node: n, value: n.field('right') });
    }
  }
  return out;
}

/** The values a name was last visibly assigned from calls or expressions (`x = f(...)`, `with f() as x`). */
export function boundValues(id: SgNode): SgNode[] {
  const out: SgNode[] = [];
  for (const b of bindingsBefore(id)) {
    if ((b.kind === 'assign' || b.kind === 'with') && b.value !== null) out.push(unwrap(b.value));
  }
  return out;
}

/** True for a name bound only to string literals (`SQL = "SELECT ..."`), following module constants. */
function isStringConstantName(node: SgNode): boolean {
  const values = constantAssignments(node);
  return values?.every((v) => typeof literalString(v) === 'string') ?? false;
}

function literalString(node: SgNode): string | undefined {
  const n = unwrap(node);
  return n.kind() === 'string' || n.kind() === 'concatenated_string' ? n.text() : undefined;
}

/** A string literal, a name bound to one, or something itself visibly built as a string. */
function isTextish(node: SgNode): boolean {
  const n = unwrap(node);
  return (
    n.kind() === 'string' ||
    n.kind() === 'concatenated_string' ||
    isStringConstantName(n) ||
    builtKind(n) !== undefined
  );
}

/**
 * Like `dynamicStringKind`, and also sees templates held in constant names: `QUERY % uid`,
 * `BASE + name`, `TEMPLATE.format(x)`.
 */
export function builtKind(node: SgNode): DynamicStringKind | undefined {
  const n = unwrap(node);
  // The recursion below is polynomial in the length of an operator chain; generated code with
  // hundreds of `+` terms is not worth it (nor safe for the stack).
  if (chainLength(n) > MAX_CHAIN) return undefined;
  const direct = dynamicStringKind(n);
  if (direct !== undefined) return direct;
  if (n.kind() === 'binary_operator') {
    const op = n.field('operator')?.text();
    const left = n.field('left');
    const right = n.field('right');
    if (left === null || right === null) return undefined;
    if (op === '%' && isStringConstantName(left) && !isConstantValue(right)) {
      return 'percent-format';
    }
    if (op === '+' && (isTextish(left) || isTextish(right))) {
      return isConstantValue(left) && isConstantValue(right) ? undefined : 'concatenation';
    }
    return undefined;
  }
  if (n.kind() === 'call') {
    const fn = n.field('function');
    const obj = fn?.kind() === 'attribute' ? fn.field('object') : null;
    if (attributeName(fn) === 'format' && obj !== null && isStringConstantName(obj)) {
      const args = n.field('arguments')?.namedChildren() ?? [];
      return args.every((a) => isLiteralTree(a) || isConstantValue(a))
        ? undefined
        : 'format-method';
    }
  }
  return undefined;
}

const MAX_CHAIN = 48;

/** How many binary operators are nested along the left and right edges of an expression. */
function chainLength(node: SgNode): number {
  let depth = 0;
  for (const side of ['left', 'right'] as const) {
    let cur: SgNode | null = node;
    let d = 0;
    while (cur?.kind() === 'binary_operator' && d <= MAX_CHAIN) {
      cur = cur.field(side);
      d++;
    }
    depth = Math.max(depth, d);
  }
  return depth;
}

/** `format` for a callee `x.format`; undefined when the callee is not an attribute. */
export function attributeName(fn: SgNode | null): string | undefined {
  if (fn?.kind() !== 'attribute') return undefined;
  const name: SgNode | null = fn.field('attribute');
  return name?.text();
}

/** The non-constant pieces of a string that `builtKind` recognises. */
export function builtParts(node: SgNode): SgNode[] {
  const n = unwrap(node);
  if (dynamicStringKind(n) !== undefined) return dynamicParts(n).flatMap(expandBuilt);
  if (n.kind() === 'binary_operator') {
    const op = n.field('operator')?.text();
    const left = n.field('left');
    const right = n.field('right');
    if (left === null || right === null) return [n];
    if (op === '%') {
      const r = unwrap(right);
      const items =
        r.kind() === 'tuple' || r.kind() === 'dictionary'
          ? r.namedChildren().map((c) => (c.kind() === 'pair' ? (c.field('value') ?? c) : c))
          : [r];
      return items.flatMap(dynamicParts);
    }
    return [left, right].flatMap((side) =>
      builtKind(side) !== undefined ? builtParts(side) : dynamicParts(side),
    );
  }
  if (n.kind() === 'call') {
    const args = n.field('arguments')?.namedChildren() ?? [];
    return args
      .map((a) => (a.kind() === 'keyword_argument' ? (a.field('value') ?? a) : a))
      .flatMap(dynamicParts);
  }
  return dynamicParts(n);
}

/** `dynamicParts` stops at operands it does not recognise as strings; look inside name templates too. */
function expandBuilt(part: SgNode): SgNode[] {
  const n = unwrap(part);
  if (n.kind() === 'binary_operator' && builtKind(n) !== undefined) return builtParts(n);
  return [n];
}

/** What reaches a sink: a constant, a string visibly assembled from parts, or an opaque value. */
export type Shape =
  | { kind: 'constant' }
  | {
      kind: 'built';
      how: DynamicStringKind;
      /** The assembling expression (the argument itself, or the right-hand side of an earlier assignment). */
      expr: SgNode;
      /** Its non-constant, non-neutralised pieces. */
      parts: SgNode[];
      /** The earlier assignment, when the argument is a name. */
      via: SgNode | null;
    }
  | { kind: 'opaque'; expr: SgNode };

export interface ShapeOptions {
  /** Pieces that cannot carry the payload once converted (`int(x)`, an escaping function). */
  neutral?: (part: SgNode) => boolean;
}

/**
 * Classifies the value at a sink. A name is followed to its assignments earlier in the same scope, so
 * `q = "... " + x; cur.execute(q)` is `built`, and `q = "SELECT 1"; cur.execute(q)` is `constant`.
 */
export function shapeOf(node: SgNode, options: ShapeOptions = {}): Shape {
  const n = unwrap(node);
  const neutral = options.neutral ?? (() => false);
  if (isConstantValue(n)) return { kind: 'constant' };
  const direct = builtShape(n, null, neutral);
  if (direct !== undefined) return direct;
  if (n.kind() === 'identifier') {
    const bindings = bindingsBefore(n);
    let allConstant = bindings.length > 0;
    for (const b of bindings) {
      if ((b.kind !== 'assign' && b.kind !== 'augment') || b.value === null) {
        allConstant = false;
        continue;
      }
      const shaped = builtShape(unwrap(b.value), b.node, neutral);
      if (shaped?.kind === 'built') return shaped;
      if (shaped === undefined && !isConstantValue(b.value)) allConstant = false;
    }
    if (allConstant) return { kind: 'constant' };
  }
  return { kind: 'opaque', expr: n };
}

function builtShape(
  n: SgNode,
  via: SgNode | null,
  neutral: (part: SgNode) => boolean,
): Shape | undefined {
  const how = builtKind(n);
  if (how === undefined) return undefined;
  const parts = builtParts(n).filter((p) => !neutral(p));
  if (parts.length === 0) return { kind: 'constant' };
  return { kind: 'built', how, expr: n, parts, via };
}

/** Conversions after which a value cannot carry text of an attacker's choosing. */
const CONVERSIONS = new Set(['int', 'float', 'len', 'bool', 'abs', 'round', 'uuid.UUID', 'ord']);

/** True for a call of one of `names` (resolved through imports) or of a method in `methods`. */
export function isCallOf(
  node: SgNode,
  resolve: Resolver,
  names: ReadonlySet<string>,
  methods: ReadonlySet<string> = new Set(),
): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  if (fn === null) return false;
  if (resolve(fn).some((name) => names.has(name))) return true;
  return fn.kind() === 'attribute' && methods.has(fn.field('attribute')?.text() ?? '');
}

/** A numeric conversion (`int(x)`, `len(x)`): a piece that cannot inject text. */
export function isConversion(node: SgNode, resolve: Resolver): boolean {
  return isCallOf(node, resolve, CONVERSIONS);
}

const DESCRIPTIONS: Readonly<Record<DynamicStringKind, string>> = {
  'f-string': 'an f-string',
  'percent-format': '%-formatting',
  'format-method': 'str.format()',
  concatenation: 'concatenation',
};

/** `an f-string`, `%-formatting`, ... for messages. */
export function describeBuild(how: DynamicStringKind): string {
  return DESCRIPTIONS[how];
}

/** The first line of an expression, shortened for a message. */
export function excerpt(node: SgNode, max = 40): string {
  const line = node.text().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** Attributes of web-framework request objects that carry client data. */
const REQUEST_DATA =
  /\brequest\.(args|form|values|json|data|get_json|get_data|files|cookies|headers|GET|POST|REQUEST|body|query_params|params|match_info|query|path_params|COOKIES|META|FILES|query_string|stream|content|text)\b/;

/**
 * True when the expression visibly reads client data from a web request (`request.args["x"]`), directly
 * or through a name assigned from it earlier in the same scope.
 */
export function readsRequestData(node: SgNode): boolean {
  const n = unwrap(node);
  if (REQUEST_DATA.test(n.text())) return true;
  const names = n.kind() === 'identifier' ? [n] : n.findAll({ rule: { kind: 'identifier' } });
  const plain = names.filter((id) => {
    const parent = id.parent();
    return parent?.kind() !== 'attribute' || parent.field('object')?.id() === id.id();
  });
  for (const id of plain.slice(0, 8)) {
    for (const b of bindingsBefore(id)) {
      if (b.value !== null && REQUEST_DATA.test(b.value.text())) return true;
    }
  }
  return false;
}

/** REQUEST_DATA without its `\b` anchors: whatever text REQUEST_DATA matches, this matches too. */
const REQUEST_DATA_ANYWHERE = new RegExp(REQUEST_DATA.source.replace(/\\b/g, ''));

/**
 * False when `readsRequestData` is false for every expression of a file with this source (each text it
 * tests is a piece of the source): a cheap test before judging the expressions one by one.
 */
export function mayReadRequestData(source: string): boolean {
  return REQUEST_DATA_ANYWHERE.test(source);
}

/** Names allowed in a path expression that points at a file shipped next to the code. */
const PATH_WORDS = new Set([
  'os',
  'path',
  'join',
  'dirname',
  'abspath',
  'realpath',
  '__file__',
  'pathlib',
  'Path',
  'parent',
  'parents',
  'resolve',
  'str',
  'open',
]);

/**
 * True for a file path fixed in the source: a constant, or a path built only from `__file__` and
 * literals (`os.path.join(os.path.dirname(__file__), "model.pkl")`).
 */
export function isLocalPath(node: SgNode): boolean {
  const n = unwrap(node);
  if (isConstantValue(n)) return true;
  if (!n.text().includes('__file__')) return false;
  return n
    .findAll({ rule: { kind: 'identifier' } })
    .every((id) => PATH_WORDS.has(id.text()) || isConstantValue(id));
}

const OPENERS = new Set(['open', 'io.open', 'codecs.open', 'builtins.open']);

/** True for `open(<local path>)` (any mode) or `Path(<local path>)`. */
export function isLocalFileOpen(node: SgNode, resolve: Resolver): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  if (fn === null) return false;
  const names = resolve(fn);
  if (!names.some((x) => OPENERS.has(x) || x === 'pathlib.Path' || x === 'Path')) return false;
  const first = n
    .field('arguments')
    ?.namedChildren()
    .find((c) => c.kind() !== 'comment');
  return first !== undefined && first.kind() !== 'keyword_argument' && isLocalPath(first);
}

/**
 * True for the contents of a file fixed in the source: `open("v.py").read()`,
 * `Path(__file__).parent.joinpath("t.html").read_text()`, or `f.read()` after `with open("x") as f`.
 */
export function isLocalFileRead(node: SgNode, resolve: Resolver): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  if (fn?.kind() !== 'attribute') return false;
  const method = fn.field('attribute')?.text() ?? '';
  if (!['read', 'read_text', 'read_bytes'].includes(method)) return false;
  const recv = fn.field('object');
  if (recv === null) return false;
  const r = unwrap(recv);
  if (r.kind() === 'identifier') {
    const values = boundValues(r);
    return values.length > 0 && values.every((v) => isLocalFileOpen(v, resolve) || isLocalPath(v));
  }
  if (isLocalFileOpen(r, resolve)) return true;
  return isLocalPath(r);
}

/**
 * The text of every string literal piece inside an expression, and of names in it bound to string
 * constants, for keyword checks (`SELECT`).
 */
export function literalText(node: SgNode): string {
  const pieces = node.findAll({ rule: { kind: 'string_content' } }).map((c) => c.text());
  const n = unwrap(node);
  const ids = n.kind() === 'identifier' ? [n] : n.findAll({ rule: { kind: 'identifier' } });
  for (const id of ids.slice(0, 16)) {
    for (const v of constantAssignments(id) ?? []) {
      pieces.push(...v.findAll({ rule: { kind: 'string_content' } }).map((c) => c.text()));
    }
  }
  return pieces.join(' ');
}

/**
 * The value of a string literal as Python evaluates it (escapes decoded unless raw), for analyses of
 * the text itself such as regular expressions. Undefined for anything but plain (implicitly
 * concatenated) string literals.
 */
export function decodedString(node: SgNode): string | undefined {
  const n = unwrap(node);
  if (n.kind() === 'concatenated_string') {
    let out = '';
    for (const part of n.namedChildren()) {
      if (part.kind() === 'comment') continue;
      const v = decodedString(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (n.kind() !== 'string') return undefined;
  const children = n.children();
  if (children.some((c) => c.kind() === 'interpolation')) return undefined;
  const prefix = (children.find((c) => c.kind() === 'string_start')?.text() ?? '')
    .replace(/['"]/g, '')
    .toLowerCase();
  const raw = children
    .filter((c) => c.kind() === 'string_content')
    .map((c) => c.text())
    .join('');
  return prefix.includes('r') ? raw : decodeEscapes(raw);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

function decodeEscapes(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g,
    (whole, esc: string) => {
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) return simple;
      const c = esc.charAt(0);
      if (c === 'x' || c === 'u' || c === 'U')
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
      if (c === 'N') return '\uFFFD';
      // Python keeps unknown escapes such as "\d" as written.
      return whole;
    },
  );
}
