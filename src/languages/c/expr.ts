import type { SyntaxNode } from '../../core/syntax.js';
import { stripTemplateArgs } from './calls.js';

/** Object-like macros of one file: `#define NAME value`, by name (the last definition wins). */
export type MacroTable = ReadonlyMap<string, string>;

/** Collects the file's object-like macros from `preproc_def` nodes (function-like macros are left out). */
export function collectMacros(defs: readonly SyntaxNode[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of defs) {
    const name = d.field('name')?.text();
    if (name === undefined) continue;
    out.set(name, (d.field('value')?.text() ?? '').trim());
  }
  return out;
}

const STRING_PIECE = String.raw`(?:L|u8|u|U)?"(?:[^"\\\n]|\\.)*"`;
const STRING_MACRO = new RegExp(String.raw`^\(?\s*${STRING_PIECE}(?:\s*${STRING_PIECE})*\s*\)?$`);
const NUMBER_TEXT =
  /^\(?\s*[-+]?\s*(0[xX][\da-fA-F]+|0[bB][01]+|\d+(\.\d*)?([eE][-+]?\d+)?)[uUlLfF]*\s*\)?$/;

/** The `<inttypes.h>` format macros (`PRIu64`, `SCNd32`): literals from a standard header. */
const FORMAT_MACRO = /^(PRI|SCN)[diouxX](8|16|32|64|MAX|PTR|LEAST\d+|FAST\d+)$/;

/** A macro whose value is one or more adjacent string literals. */
export function isStringMacro(name: string, macros: MacroTable): boolean {
  if (FORMAT_MACRO.test(name)) return true;
  const value = macros.get(name);
  return value !== undefined && STRING_MACRO.test(value);
}

/** Wrappers that turn a literal into a string object without changing what it says. */
const LITERAL_WRAPPERS = new Set([
  'QStringLiteral',
  'QByteArrayLiteral',
  'QLatin1String',
  'QLatin1StringView',
  'QLatin1Char',
  'QString',
  'QByteArray',
  'QStringView',
  'fromLatin1',
  'fromUtf8',
  'fromLocal8Bit',
  'string',
  'string_view',
  'wstring',
  'TEXT',
  '_T',
  '_TEXT',
  // gettext and Qt/KDE translation: the translated text comes from the program's own catalogs.
  '_',
  'N_',
  'gettext',
  'dgettext',
  'tr',
  'trUtf8',
  'i18n',
  'QT_TR_NOOP',
  'QT_TRANSLATE_NOOP',
]);

/**
 * Whether an expression is a string literal whose text is fixed in the program: a literal (any prefix, raw
 * strings, `u"x"_s`), adjacent literals (`"a" "b"`, with `PRIu64`-style or file-defined string macros in
 * between), a macro defined in this file as a literal, a parenthesised or conditional choice between
 * literals, a `const` variable of this file initialised with a literal, or a literal passed through a
 * wrapper such as `QStringLiteral("...")`, `std::string("...")` or `_("...")`.
 */
export function isLiteralStringNode(
  node: SyntaxNode,
  macros: MacroTable,
  constStrings: ReadonlySet<string> = new Set(),
): boolean {
  switch (node.kind()) {
    case 'string_literal':
    case 'raw_string_literal':
      return true;
    case 'user_defined_literal':
      return node.children().some((c) => isLiteralStringNode(c, macros, constStrings));
    case 'concatenated_string':
      return node
        .namedChildren()
        .every(
          (c) =>
            c.kind() === 'comment' ||
            isLiteralStringNode(c, macros, constStrings) ||
            (c.kind() === 'identifier' && isStringMacro(c.text(), macros)),
        );
    case 'parenthesized_expression': {
      const inner = node.namedChildren().filter((c) => c.kind() !== 'comment');
      return (
        inner.length === 1 &&
        inner[0] !== undefined &&
        isLiteralStringNode(inner[0], macros, constStrings)
      );
    }
    case 'conditional_expression': {
      const a = node.field('consequence');
      const b = node.field('alternative');
      return (
        a !== null &&
        b !== null &&
        isLiteralStringNode(a, macros, constStrings) &&
        isLiteralStringNode(b, macros, constStrings)
      );
    }
    case 'identifier':
      return isStringMacro(node.text(), macros) || constStrings.has(node.text());
    case 'call_expression': {
      const fn = node.field('function');
      if (fn === null) return false;
      const name = /([~\w]+)\s*$/.exec(stripTemplateArgs(fn.text()))?.[1] ?? '';
      if (!LITERAL_WRAPPERS.has(name)) return false;
      const args = (node.field('arguments')?.namedChildren() ?? []).filter(
        (c) => c.kind() !== 'comment',
      );
      return (
        args.length === 1 &&
        args[0] !== undefined &&
        isLiteralStringNode(args[0], macros, constStrings)
      );
    }
    default:
      return false;
  }
}

/**
 * The text a literal string expression denotes, escape sequences left as written; undefined when any part
 * is not known in this file (a `PRIu64` macro, a conditional).
 */
export function literalStringValue(node: SyntaxNode, macros: MacroTable): string | undefined {
  switch (node.kind()) {
    case 'string_literal':
      return node
        .children()
        .filter((c) => c.kind() === 'string_content' || c.kind() === 'escape_sequence')
        .map((c) => c.text())
        .join('');
    case 'raw_string_literal': {
      const m = /^\w*R"([^(]*)\(([\s\S]*)\)\1"$/.exec(node.text());
      return m?.[2];
    }
    case 'concatenated_string': {
      let out = '';
      for (const c of node.namedChildren()) {
        if (c.kind() === 'comment') continue;
        const v = literalStringValue(c, macros);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren().filter((c) => c.kind() !== 'comment');
      return inner.length === 1 && inner[0] !== undefined
        ? literalStringValue(inner[0], macros)
        : undefined;
    }
    case 'identifier': {
      const value = macros.get(node.text());
      if (value === undefined || !STRING_MACRO.test(value)) return undefined;
      return [...value.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1] ?? '').join('');
    }
    case 'user_defined_literal':
    case 'call_expression': {
      const inner =
        node.kind() === 'call_expression'
          ? node.field('arguments')?.namedChildren()[0]
          : node.children().find((c) => String(c.kind()).endsWith('string_literal'));
      return inner === undefined ? undefined : literalStringValue(inner, macros);
    }
    default:
      return undefined;
  }
}

/** Whether a macro of this file stands for a number (`#define BUF_SIZE 256`, `#define MAX (1024)`). */
export function isNumberMacro(name: string, macros: MacroTable): boolean {
  const value = macros.get(name);
  return value !== undefined && NUMBER_TEXT.test(value);
}

/**
 * The value of an integer constant expression when it is known in this file: literals, character literals,
 * numeric macros, and `+ - * / % << >>` over them. Undefined otherwise (sizeof, enumerators, variables).
 */
export function constantValue(
  node: SyntaxNode,
  macros: MacroTable,
  depth = 0,
  /** Values of operands this function does not know (`sizeof buf` for an array of known size). */
  leaf?: (node: SyntaxNode) => number | undefined,
): number | undefined {
  if (depth > 20) return undefined;
  const known = leaf?.(node);
  if (known !== undefined) return known;
  switch (node.kind()) {
    case 'number_literal':
      return parseNumber(node.text());
    case 'char_literal': {
      const t = node.text();
      return /^'[^\\']'$/.test(t) ? t.charCodeAt(1) : undefined;
    }
    case 'identifier': {
      const value = macros.get(node.text());
      return value !== undefined && NUMBER_TEXT.test(value) ? parseNumber(value) : undefined;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren()[0];
      return inner === undefined ? undefined : constantValue(inner, macros, depth + 1, leaf);
    }
    case 'unary_expression': {
      const arg = node.field('argument');
      const v = arg === null ? undefined : constantValue(arg, macros, depth + 1, leaf);
      if (v === undefined) return undefined;
      const op = node.field('operator')?.text() ?? node.child(0)?.text();
      return op === '-' ? -v : op === '+' ? v : undefined;
    }
    case 'binary_expression': {
      const l = node.field('left');
      const r = node.field('right');
      const a = l === null ? undefined : constantValue(l, macros, depth + 1, leaf);
      const b = r === null ? undefined : constantValue(r, macros, depth + 1, leaf);
      if (a === undefined || b === undefined) return undefined;
      switch (node.field('operator')?.text()) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? undefined : Math.trunc(a / b);
        case '%':
          return b === 0 ? undefined : a % b;
        case '<<':
          return a * 2 ** b;
        case '>>':
          return Math.floor(a / 2 ** b);
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

function parseNumber(text: string): number | undefined {
  const t = text
    .replace(/[()\s]/g, '')
    .replace(/[uUlL]+$/, '')
    .replace(/'/g, '');
  if (/^[-+]?0[xX][\da-fA-F]+$/.test(t) || /^[-+]?0[bB][01]+$/.test(t)) {
    const neg = t.startsWith('-');
    const v = Number(t.replace(/^[-+]/, ''));
    return neg ? -v : v;
  }
  if (/^[-+]?0[0-7]+$/.test(t)) return parseInt(t, 8);
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Whether an expression is fixed when the program is built: a constant value, `sizeof`, a character
 * literal, an enumerator or macro-like ALL_CAPS name, and arithmetic over those.
 */
export function isConstantExpression(node: SyntaxNode, macros: MacroTable, depth = 0): boolean {
  if (depth > 20) return false;
  switch (node.kind()) {
    case 'number_literal':
    case 'char_literal':
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'true':
    case 'false':
    case 'null':
    case 'nullptr':
      return true;
    case 'identifier':
      return macros.has(node.text()) || /^[A-Z][A-Z0-9_]*$/.test(node.text());
    case 'parenthesized_expression':
    case 'binary_expression':
    case 'unary_expression':
    case 'cast_expression':
    case 'conditional_expression': {
      const parts = node
        .namedChildren()
        .filter((c) => c.kind() !== 'type_descriptor' && c.kind() !== 'comment');
      return parts.length > 0 && parts.every((c) => isConstantExpression(c, macros, depth + 1));
    }
    default:
      return false;
  }
}

/** What a `sizeof` measures: an expression (`sizeof buf`, `sizeof(*p)`) or a type (`sizeof(struct x)`). */
export interface SizeofOperand {
  kind: 'expression' | 'type';
  node: SyntaxNode;
  /** The operand without spaces or outer parentheses: `buf`, `*p`, `structx`... */
  text: string;
}

/** The operand of a `sizeof`, or undefined for another node. */
export function sizeofOperand(node: SyntaxNode): SizeofOperand | undefined {
  if (node.kind() !== 'sizeof_expression') return undefined;
  const type = node.field('type');
  if (type !== null) return { kind: 'type', node: type, text: compact(type.text()) };
  const value = node.field('value');
  if (value === null) return undefined;
  const inner = unparenthesize(value);
  // `sizeof(T)` where T is a name is parsed as an expression; the caller decides whether it is a type.
  return { kind: 'expression', node: inner, text: compact(inner.text()) };
}

/** Every `sizeof` inside an expression (itself included), in source order. */
export function sizeofsIn(node: SyntaxNode): SyntaxNode[] {
  if (node.kind() === 'sizeof_expression') return [node];
  return node.findAll({ rule: { kind: 'sizeof_expression' } });
}

/** The expression inside any number of parentheses. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.kind() === 'parenthesized_expression') {
    const inner = n.namedChildren().filter((c) => c.kind() !== 'comment');
    if (inner.length !== 1 || inner[0] === undefined) break;
    n = inner[0];
  }
  return n;
}

const CPP_CASTS = /^(static_cast|reinterpret_cast|const_cast)\s*</;

/** The C++ cast call (`static_cast<T>(x)`) whose only argument list is `args`, if it is one. */
export function cppCastOf(args: SyntaxNode): SyntaxNode | undefined {
  if (args.kind() !== 'argument_list') return undefined;
  const call = args.parent();
  return call?.kind() === 'call_expression' && CPP_CASTS.test(call.field('function')?.text() ?? '')
    ? call
    : undefined;
}

/** The expression with casts and parentheses removed: `(char *)(p)`, `static_cast<char *>(p)` -> `p`. */
export function stripCasts(node: SyntaxNode): SyntaxNode {
  let n = unparenthesize(node);
  for (let guard = 0; guard < 20; guard++) {
    let v: SyntaxNode | null = null;
    if (n.kind() === 'cast_expression') v = n.field('value');
    else if (n.kind() === 'call_expression' && CPP_CASTS.test(n.field('function')?.text() ?? '')) {
      const args =
        n
          .field('arguments')
          ?.namedChildren()
          .filter((c) => c.kind() !== 'comment') ?? [];
      v = args.length === 1 ? (args[0] ?? null) : null;
    }
    if (v === null) break;
    n = unparenthesize(v);
  }
  return n;
}

/** Text without whitespace, for comparing two expressions (`p -> buf` equals `p->buf`). */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Identifiers read by an expression, in order (the operand names of `a + b->c[i]`: a, b, i). */
export function identifiersIn(node: SyntaxNode): string[] {
  if (node.kind() === 'identifier') return [node.text()];
  return node.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text());
}
