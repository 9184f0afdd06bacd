import { definePythonRule } from '../../../engine/rule-api.js';
import { kindOf } from '../../../languages/python/flow-helpers.js';

const LOOPS = new Set(['for_statement', 'while_statement']);
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

export default definePythonRule({
  name: 'return-in-finally',
  title: 'return, break or continue in a finally block discards the in-flight exception',
  description:
    'Finds `return`, and `break`/`continue` that leave the block, inside a `finally` clause, where they silently cancel any exception being raised.',
  cwe: [584],
  severity: 'warning',
  confidence: 'high',
  tags: ['error-handling', 'reliability'],
  messages: {
    default:
      '`{{statement}}` inside `finally` discards any exception raised in the `try` block and returns as if it succeeded.',
    loop: '`{{statement}}` inside `finally` leaves the block and silently discards any exception raised in the `try` block.',
  },
  help: {
    why: 'When a `finally` block ends with `return`, `break` or `continue`, Python drops the exception that was propagating, including KeyboardInterrupt and SystemExit. A failed authorization check, a database error or an aborted write then looks like success to the caller, and nothing is logged.',
    fix: 'Move the `return` after the `try` statement, or return from inside `try`/`except`; keep `finally` for clean-up only (`conn.close()`). Since Python 3.14 the interpreter warns about this construct (PEP 765).',
  },
  requires: ['finally'],
  *detect(ctx) {
    for (const stmt of ctx.root.findAll({
      rule: {
        any: [
          { kind: 'return_statement' },
          { kind: 'break_statement' },
          { kind: 'continue_statement' },
        ],
        inside: { kind: 'finally_clause', stopBy: 'end' },
      },
    })) {
      const isReturn = stmt.kind() === 'return_statement';
      let prev = stmt;
      for (const a of stmt.ancestors()) {
        const k = kindOf(a);
        // A nested function owns its returns; a loop inside the finally owns its break/continue
        // (except in the loop's own `else:` clause, which belongs to the enclosing loop).
        if (SCOPES.has(k)) break;
        if (!isReturn && LOOPS.has(k) && prev.kind() !== 'else_clause') break;
        prev = a;
        if (k === 'finally_clause') {
          yield {
            node: stmt,
            messageId: isReturn ? 'default' : 'loop',
            data: { statement: stmt.text().split('\n')[0]?.slice(0, 60) ?? '' },
          };
          break;
        }
      }
    }
  },
});
