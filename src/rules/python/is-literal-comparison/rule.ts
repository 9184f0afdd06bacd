import type { SgNode } from '@ast-grep/napi';
import { definePythonRule } from '../../../engine/rule-api.js';
import { unwrap } from '../../../languages/python/expr.js';
import { kindOf } from '../../../languages/python/flow-helpers.js';

/** Literal kinds whose identity is not guaranteed (None, True, False and ... are singletons). */
const LITERAL_KINDS: Readonly<Record<string, string>> = {
  string: 'a string literal',
  concatenated_string: 'a string literal',
  integer: 'an integer literal',
  float: 'a float literal',
  tuple: 'a tuple literal',
  list: 'a list literal',
  dictionary: 'a dict literal',
  set: 'a set literal',
  list_comprehension: 'a new list',
  dictionary_comprehension: 'a new dict',
  set_comprehension: 'a new set',
};

/** `\bis\b` with the word characters of Unicode regular expressions (as in the Rust regex crate). */
const WORD_CHAR = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const IS_WORD = new RegExp(`(?<!${WORD_CHAR})is(?!${WORD_CHAR})`, 'u');

/** What kind of literal the operand is, or undefined when it is not a literal of interest. */
function literalKind(node: SgNode): string | undefined {
  let n = unwrap(node);
  // -1, +2.0
  if (n.kind() === 'unary_operator') {
    const arg = n.field('argument');
    if (arg === null) return undefined;
    n = unwrap(arg);
    if (n.kind() !== 'integer' && n.kind() !== 'float') return undefined;
  }
  return LITERAL_KINDS[kindOf(n)];
}

export default definePythonRule({
  name: 'is-literal-comparison',
  title: 'Identity comparison (`is`) with a literal instead of an equality check',
  description:
    'Finds `is` / `is not` comparisons whose operand is a string, number, tuple, list, dict or set literal.',
  cwe: [595],
  severity: 'warning',
  confidence: 'high',
  tags: ['correctness', 'comparison'],
  messages: {
    default:
      '`{{comparison}}` tests object identity against {{literal}}; whether the objects are the same depends on interning and caching, not on their values. Use `{{fix}}`.',
  },
  help: {
    why: '`is` compares object identity, not value. Equal strings and integers are only sometimes the same object (interning, the small-integer cache, constant folding), so the result changes between CPython versions, between interpreters and with how the value was produced (read from a request, decoded, computed). A check such as `role is "admin"` can fail for a genuine admin or, negated, let a value through; a fresh `[]` or `{}` is never identical to anything.',
    fix: 'Compare values with `==` / `!=` (`if role == "admin":`). Keep `is` for the singletons None, True, False and Ellipsis, and for sentinel objects you created yourself.',
  },
  // `is` / `is not` needs the keyword.
  requires: ['is'],
  *detect(ctx) {
    // The comparisons whose text matches `\bis\b` with Unicode word boundaries, as the native regex did;
    // the shared list of comparisons is only fetched when the file has such an `is` at all.
    if (!IS_WORD.test(ctx.source)) return;
    for (const cmp of ctx.nodes('comparison_operator')) {
      if (!IS_WORD.test(cmp.text())) continue;
      const children = cmp.children().filter((c) => c.kind() !== 'comment');
      for (let i = 0; i < children.length; i++) {
        const op = children[i];
        if (op === undefined || (op.kind() !== 'is' && op.kind() !== 'is not')) continue;
        const before = children[i - 1];
        const after = children[i + 1];
        if (before === undefined || after === undefined) continue;
        const literal = literalKind(after) ?? literalKind(before);
        if (literal === undefined) continue;
        const negated = op.kind() === 'is not';
        yield {
          node: cmp,
          data: {
            comparison: `${before.text()} ${negated ? 'is not' : 'is'} ${after.text()}`.slice(
              0,
              80,
            ),
            literal,
            fix: `${before.text()} ${negated ? '!=' : '=='} ${after.text()}`.slice(0, 80),
          },
        };
        break;
      }
    }
  },
});
