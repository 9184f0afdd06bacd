import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';

const CHAR_TYPE = /\b(?:char|wchar_t|TCHAR|WCHAR|CHAR|gchar|char16_t|char32_t)\b/;
/** Calls returning a C string pointer. */
const CHAR_POINTER_CALLS =
  /(?:^|\.|->|::)(?:c_str|data|constData|getenv|secure_getenv|strchr|strrchr|strstr|strdup|strndup|basename|dirname|qPrintable|qUtf8Printable|setlocale|ctime|asctime|strerror)$/;

/** Whether an expression is a C string pointer (not a std::string or QString with its own operator==). */
function isCharPointer(ctx: CContext, node: SyntaxNode): boolean {
  const n = stripCasts(node);
  const k = n.kind();
  if (k === 'identifier') {
    const d = ctx.declarationOf(n.text(), n);
    return (
      d !== undefined &&
      CHAR_TYPE.test(d.typeText) &&
      d.pointerDepth + d.arraySizes.length === 1 &&
      !d.reference
    );
  }
  if (k === 'subscript_expression') {
    const arr = n.field('argument');
    if (arr === null || unparenthesize(arr).kind() !== 'identifier') return false;
    const d = ctx.declarationOf(arr.text(), arr);
    return (
      d !== undefined && CHAR_TYPE.test(d.typeText) && d.pointerDepth + d.arraySizes.length === 2
    );
  }
  if (k === 'call_expression') {
    return CHAR_POINTER_CALLS.test(n.field('function')?.text().replace(/\s+/g, '') ?? '');
  }
  return false;
}

/** A literal or a string macro (not a `const char *` variable: comparing two pointers may be meant). */
function isLiteral(ctx: CContext, node: SyntaxNode): boolean {
  const n = unparenthesize(node);
  if (n.kind() === 'identifier') return ctx.macros.has(n.text()) && ctx.isLiteralString(n);
  return ctx.isLiteralString(n);
}

export default defineCRule({
  name: 'string-pointer-comparison',
  title: 'C strings compared with == or != instead of strcmp',
  description:
    'Finds == and != between a string literal and a C string (char pointer or array), which compares addresses rather than contents.',
  cwe: [597],
  severity: 'warning',
  confidence: 'high',
  tags: ['comparison'],
  messages: {
    default:
      '`{{expr}}` compares the address of `{{value}}` with the address of a literal, not the characters; use `strcmp({{value}}, {{literal}}) {{op}} 0`.',
  },
  help: {
    why: 'For char pointers and arrays, `==` compares where the strings are stored, not what they say. A password or command compared this way never matches input read at run time (or matches only when the compiler happens to merge identical literals), so checks silently fail open or closed depending on how they are written.',
    fix: 'Compare contents: `strcmp(s, "admin") == 0`, `strncmp` for prefixes, or a constant-time comparison for secrets; in C++ compare `std::string` / `QString` objects, whose `==` compares contents.',
  },
  requires: ['"'],
  *detect(ctx) {
    for (const b of ctx.nodes('binary_expression')) {
      const op = b.field('operator')?.text();
      if (op !== '==' && op !== '!=') continue;
      const l = b.field('left');
      const r = b.field('right');
      if (l === null || r === null) continue;
      const lLit = isLiteral(ctx, l);
      const rLit = isLiteral(ctx, r);
      if (lLit === rLit) continue;
      const [value, literal] = lLit ? [r, l] : [l, r];
      if (unparenthesize(literal).kind() === 'call_expression') continue; // QStringLiteral("x") == s
      if (ctx.isCpp && !isCharPointer(ctx, value)) continue;
      if (!ctx.isCpp && /^(?:NULL|0)$/.test(value.text())) continue;
      yield { node: b, data: { expr: b.text(), value: value.text(), literal: literal.text(), op } };
    }
  },
});
