import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext, type Detection } from '../../../engine/rule-api.js';
import { stripCasts } from '../../../languages/c/expr.js';

/** The expression a statement tests, without the one pair of parentheses the syntax requires. */
function tested(stmt: SyntaxNode): SyntaxNode | undefined {
  const cond = stmt.field('condition');
  // A condition the parser could not read (`#if` splitting it) may swallow the following statements.
  if (cond === null || cond.has({ rule: { kind: 'ERROR' } })) return undefined;
  const k = cond.kind();
  if (k === 'parenthesized_expression' && stmt.kind() !== 'for_statement') {
    const inner = cond.namedChildren().filter((c) => c.kind() !== 'comment');
    return inner.length === 1 ? inner[0] : undefined;
  }
  if (k === 'condition_clause') {
    // `if (T x = f())` and `if (init; cond)` are declarations, not mistakes.
    if (cond.field('initializer') !== null) return undefined;
    const value = cond.field('value');
    return value ?? undefined;
  }
  return cond;
}

/**
 * The plain `=` assignments a condition evaluates at its top level or as an operand of `&&`, `||`, `!`,
 * and whether each is bare (not inside the parentheses `!(...)` needs).
 */
function topAssignments(expr: SyntaxNode, bare = true): { node: SyntaxNode; bare: boolean }[] {
  const k = expr.kind();
  if (k === 'assignment_expression')
    return expr.field('operator')?.text() === '=' ? [{ node: expr, bare }] : [];
  if (
    k === 'binary_expression' &&
    /^(?:&&|\|\||and|or)$/.test(expr.field('operator')?.text() ?? '')
  ) {
    const l = expr.field('left');
    const r = expr.field('right');
    return [
      ...(l === null ? [] : topAssignments(l, bare)),
      ...(r === null ? [] : topAssignments(r, bare)),
    ];
  }
  if (k === 'unary_expression' && /^(?:!|not)$/.test(expr.field('operator')?.text() ?? '')) {
    // `!(x = 0)`: the parentheses are needed for the `!`, they do not mark the assignment as intended.
    const a = expr.field('argument');
    const inner =
      a?.kind() === 'parenthesized_expression'
        ? a.namedChildren().find((c) => c.kind() !== 'comment')
        : a;
    return inner === null || inner === undefined
      ? []
      : topAssignments(inner, a?.kind() !== 'parenthesized_expression' && bare);
  }
  return [];
}

const COMPARISON = /^(?:==|!=|<|>|<=|>=)$/;

function isComparison(node: SyntaxNode): boolean {
  const n = stripCasts(node);
  return n.kind() === 'binary_expression' && COMPARISON.test(n.field('operator')?.text() ?? '');
}

/**
 * A value that is read, not produced by a call: a variable, a field, or arithmetic and bit operations on
 * them (`if (*mask = flags & FLAG_X)`). Calls are left out: `if (p = next())` is a common idiom.
 */
function isPlainValue(node: SyntaxNode): boolean {
  const k = node.kind();
  if (k === 'identifier' || k === 'field_expression') return true;
  if (
    k === 'binary_expression' &&
    /^(?:&|\||\^|<<|>>|\+|-|\*)$/.test(node.field('operator')?.text() ?? '')
  )
    return node.find({ rule: { kind: 'call_expression' } }) === null;
  return false;
}

function isConstantValue(ctx: CContext, node: SyntaxNode): boolean {
  const n = stripCasts(node);
  return (
    ctx.isConstant(n) ||
    /^(?:NULL|nullptr|true|false|TRUE|FALSE)$/.test(n.text()) ||
    n.kind() === 'char_literal' ||
    n.kind() === 'string_literal'
  );
}

export default defineCRule({
  name: 'assignment-in-condition',
  title: 'Assignment used as a condition where a comparison was meant',
  description:
    'Finds `if (x = value)` and loop conditions assigning a constant, written without the extra parentheses that mark an intended assignment, where `==` was almost certainly meant.',
  cwe: [481],
  severity: 'warning',
  confidence: 'high',
  tags: ['control-flow'],
  messages: {
    default:
      '`{{expr}}` assigns instead of comparing; the condition is always {{always}} and `{{target}}` is overwritten. Use `==`.',
    precedence:
      '`{{expr}}` stores the result of the comparison `{{value}}` in `{{target}}` (`=` binds last), so `{{target}}` becomes 0 or 1. Parenthesise the assignment: `(({{target}} = ...)) == ...`.',
    variable:
      '`{{expr}}` assigns `{{value}}` to `{{target}}` inside the condition; if a comparison was meant, use `==`; if not, write `(({{expr}}))` or assign before the test.',
  },
  help: {
    why: 'A single `=` in a condition stores the value and tests it: `if (uid = 0)` makes the user root and skips the branch, `if (authenticated = 1)` lets everyone in. The code compiles and usually runs, so the mistake survives testing.',
    fix: 'Compare with `==` (writing the constant on the left, `if (0 == uid)`, makes the mistake a compile error). When an assignment in a condition is intended, wrap it in a second pair of parentheses and compare explicitly: `if ((fp = fopen(p, "r")) != NULL)`.',
  },
  requires: ['='],
  *detect(ctx) {
    const kinds = ['if_statement', 'while_statement', 'do_statement', 'for_statement'];
    for (const kind of kinds) {
      for (const stmt of ctx.nodes(kind)) {
        const expr = tested(stmt);
        if (expr === undefined) continue;
        for (const { node: a, bare } of topAssignments(expr)) {
          const right = a.field('right');
          const left = a.field('left');
          if (right === null || left === null) continue;
          const constant = isConstantValue(ctx, right);
          const data = { expr: a.text(), target: left.text(), value: right.text() };
          if (constant) {
            const v = ctx.constantValue(stripCasts(right));
            const always =
              v === 0 || /^(?:NULL|nullptr|false|FALSE)$/.test(right.text()) ? 'false' : 'true';
            const d: Detection = { node: a, data: { ...data, always } };
            yield d;
          } else if (isComparison(right)) {
            // `if (len = strlen(s) == 0)`: `==` binds tighter than `=`, so the flag lands in `len`.
            yield { node: a, messageId: 'precedence', data };
          } else if (
            kind === 'if_statement' &&
            (stripCasts(right).kind() === 'identifier' || (bare && isPlainValue(stripCasts(right))))
          ) {
            yield { node: a, messageId: 'variable', data, confidence: 'medium' };
          }
        }
      }
    }
  },
});
